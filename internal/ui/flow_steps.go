package ui

import "github.com/zcmk/zcmk-tui/internal/docs"

// step is one of the wizard's steps, in order (an index into the faces'
// table, steps); its ID names it in the session file.
type step int

const (
	stepPrereq step = iota
	stepRegions
	stepKey
	stepAlerts
	stepPolicy
	stepARNs
	stepPortal
	numSteps
)

// stepIDs name the steps in the session file; a step's title is the
// catalogues' "ui.step.<id>".
var stepIDs = [numSteps]string{
	stepPrereq:  "prereq",
	stepRegions: "regions",
	stepKey:     docs.KeyStep,
	stepAlerts:  "alerts",
	stepPolicy:  "policy",
	stepARNs:    "arns",
	stepPortal:  "portal",
}

func (s step) id() string { return stepIDs[s] }

// titleID is the catalogue ID of the step's title.
func (s step) titleID() string { return "step." + stepIDs[s] }

func stepFromID(id string) (step, bool) {
	for i, d := range stepIDs {
		if d == id {
			return step(i), true
		}
	}
	return 0, false
}
