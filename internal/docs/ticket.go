package docs

import (
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Ticket is the support ticket of r in p's language, with the Zoom account
// number and groups the admin gave (placeholders where not); an incomplete
// key set is named by its note in cat's language.
func Ticket(p *i18n.Printer, cat Catalogue, r Record) string {
	f := newWriter(cat, r)
	return zoom.RenderSupportTicketKeys(p, f.sess.ZoomAccountNumber, f.zoomAccount(), f.keyList(f.cat, "", false), f.sess.TicketGroups)
}
