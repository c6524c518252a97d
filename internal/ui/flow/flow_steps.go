package flow

import "github.com/zcmk/zcmk-tui/internal/docs"

// Step is one of the wizard's steps, in order (an index into the faces'
// table, steps); its ID names it in the session file.
type Step int

const (
	StepPrereq Step = iota
	StepRegions
	StepKey
	StepAlerts
	StepPolicy
	StepARNs
	StepPortal
	NumSteps
)

// stepIDs name the steps in the session file; a step's title is the
// catalogues' "ui.step.<id>".
var stepIDs = [NumSteps]string{
	StepPrereq:  "prereq",
	StepRegions: "regions",
	StepKey:     docs.KeyStep,
	StepAlerts:  "alerts",
	StepPolicy:  "policy",
	StepARNs:    "arns",
	StepPortal:  "portal",
}

// ID names the step in the session file.
func (s Step) ID() string { return stepIDs[s] }

// TitleID is the catalogue ID of the step's title.
func (s Step) TitleID() string { return "step." + stepIDs[s] }

// StepFromID is the step the session file names id, if any.
func StepFromID(id string) (Step, bool) {
	for i, d := range stepIDs {
		if d == id {
			return Step(i), true
		}
	}
	return 0, false
}
