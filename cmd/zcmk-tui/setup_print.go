package main

// What plan and setup print: the plan Region by Region, the progress of
// the writes, and the text helpers that keep outside text on its lines.

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func regionName(code string) string {
	if r, ok := zoom.LookupRegion(code); ok && r.City != "" {
		return code + " (" + r.City + ")"
	}
	return code
}

func printPlan(w io.Writer, pr *i18n.Printer, p *setup.Plan) {
	if p.CallerARN != "" {
		fmt.Fprint(w, pr.T("cli.plan.account-as", p.AccountID, p.Partition, p.CallerARN))
	} else {
		fmt.Fprint(w, pr.T("cli.plan.account", p.AccountID, p.Partition))
	}
	fmt.Fprint(w, pr.T("cli.plan.zoom-account", p.ZoomAccountID, p.Alias))
	printOrphans(w, pr, p.Alias, p.Orphans)
	for _, n := range p.Notes {
		printWrapped(w, pr, "! ", pr.M(n))
	}
	for _, r := range p.Regions {
		printBlock(w, pr, pr.T("cli.plan.region", regionNameIn(pr, r.Region), roleName(pr, r.Role), pr.M(r.Key())))
		if len(r.Actions) == 0 {
			fmt.Fprint(w, pr.T("cli.plan.nothing"))
		}
		for _, a := range r.Actions {
			mark := "·"
			if a.Write {
				mark = "+"
			}
			lead := "  " + mark + " " + i18n.Pad(a.Kind, 15) + " "
			printWrapped(w, pr, lead, actionText(pr, a))
		}
	}
	printAlertsPlan(w, pr, p)
}

// actionText is a plan action's detail in p's language.
func actionText(p *i18n.Printer, a setup.Action) string {
	if a.Text.ID == "" {
		return ""
	}
	return p.M(a.Text)
}

// printWrapped prints lead and text; outside English the text is wrapped to
// the output's width by display width, its further lines indented under the
// first (a word or an ARN is never split). English text stays on one line,
// as it always has.
func printWrapped(w io.Writer, p *i18n.Printer, lead, text string) {
	if p.Lang() == i18n.English {
		// Broken at spaces to a terminal's width (the terminal would break
		// words); a pipe or a file gets the text as it is.
		fmt.Fprintln(w, fitTerminal(w, lead+text))
		return
	}
	indent := strings.Repeat(" ", i18n.Width(lead))
	for i, para := range strings.Split(text, "\n") {
		// A line's own indentation stays; its continuation lines align
		// under its text.
		body := strings.TrimLeft(para, " ")
		first := indent + para[:len(para)-len(body)]
		if i == 0 {
			first = lead + para[:len(para)-len(body)]
		}
		cont := strings.Repeat(" ", i18n.Width(first))
		for j, l := range i18n.Wrap(body, max(outputWidth()-i18n.Width(first), 30)) {
			if j == 0 {
				fmt.Fprintf(w, "%s%s\n", first, l)
			} else {
				fmt.Fprintf(w, "%s%s\n", cont, l)
			}
		}
	}
}

// printBlock prints a block of text from the catalogue: as it is in
// English (its lines are broken by hand), wrapped to the output's width in
// another language, where a line "  - " starts an item and a line starting
// with four spaces continues it.
func printBlock(w io.Writer, p *i18n.Printer, text string) {
	if p.Lang() == i18n.English {
		fmt.Fprint(w, text)
		return
	}
	text = strings.TrimSuffix(text, "\n")
	var lead, cur string
	flush := func() {
		if cur != "" || lead != "" {
			printWrapped(w, p, lead, cur)
		}
		lead, cur = "", ""
	}
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "  - "):
			flush()
			lead, cur = "  - ", l[4:]
		case strings.HasPrefix(l, "    ") && lead != "":
			cur += l[4:]
		default:
			flush()
			if l == "" {
				fmt.Fprintln(w)
				continue
			}
			cur = l
		}
	}
	flush()
}

// progressPrinter prints one line per finished action.
func progressPrinter(w io.Writer, p *i18n.Printer) func(setup.Event) {
	var mu sync.Mutex
	return func(ev setup.Event) {
		if ev.Status == setup.StatusStarted {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		mark := "✓"
		if ev.Status == setup.StatusFailed {
			mark = "✗"
		}
		line := fmt.Sprintf("%s %s %s %6s", mark, i18n.Pad(ev.Region, 15), i18n.Pad(ev.Action, 15), ev.Elapsed.Round(time.Millisecond))
		switch {
		case ev.Err != nil && p.Lang() == i18n.English:
			fmt.Fprintln(w, line+"  "+strings.ReplaceAll(ev.Err.Error(), "\n", "\n    "))
		case ev.Err != nil:
			fmt.Fprintln(w, line)
			printWrapped(w, p, "    ", errorText(p, ev.Err))
		case ev.Text.ID != "":
			text := p.M(ev.Text)
			if p.Lang() == i18n.English || i18n.Width(line)+2+i18n.Width(text) <= outputWidth() {
				fmt.Fprintln(w, line+"  "+text)
			} else {
				fmt.Fprintln(w, line)
				printWrapped(w, p, "    ", text)
			}
		default:
			fmt.Fprintln(w, line)
		}
	}
}

// printOrphans names the keys tagged for alias that the alias does not name.
func printOrphans(w io.Writer, p *i18n.Printer, alias string, orphans []string) {
	if len(orphans) == 0 {
		return
	}
	fmt.Fprint(w, p.T("cli.setup.orphans", len(orphans), alias))
	for _, o := range orphans {
		fmt.Fprintf(w, "  %s\n", o)
	}
}
