package setup

import (
	"fmt"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }

func ago(d time.Duration) i18n.Msg {
	switch {
	case d < 0:
		return msg("verify.ago.just-now")
	case d < time.Hour:
		return msg("verify.ago.min", int(d.Minutes()))
	case d < 48*time.Hour:
		return msg("verify.ago.h", int(d.Hours()))
	}
	return msg("verify.ago.days", int(d.Hours()/24))
}

// formatDuration writes whole days as "7d", else Go's form without zero
// minutes and seconds ("36h0m0s" -> "36h", "90m0s" -> "1h30m"; "30s" stays).
func formatDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseSince reads a look-back such as "7d", "36h" or "90m" (days are 24h).
func ParseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := errorf("verify.err.not-duration", zoom.Shorten(s, zoom.MaxShown))
	if s == "" {
		return 0, bad
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || fmt.Sprint(days) != n {
			return 0, bad
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, bad
	}
	return d, nil
}
