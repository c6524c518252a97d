package docs

import (
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Ticket is the support ticket of r in p's language, with the Zoom account
// number and groups the admin gave (placeholders where not); an incomplete
// key set is named by its note in cat's language.
func Ticket(p *i18n.Printer, cat Catalogue, r Record) string {
	f := newWriter(cat, r)
	// The account number and the groups come from the session file: each
	// stays on its line of the ticket; the whole ticket passes the net.
	return safe.Block(zoom.RenderSupportTicketKeys(p, safe.Flat(f.sess.ZoomAccountNumber), f.zoomAccount(), f.keyList(f.cat, "", false), safe.Flat(f.sess.TicketGroups)))
}
