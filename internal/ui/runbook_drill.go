package ui

import "strings"

// runbookDrill is the runbook's section on the key-outage drill (issue 13):
// the last drill's Regions, times and observations. Empty until the drill
// screens fill it in.
func (f *flow) runbookDrill(b *strings.Builder) {}
