// Package flow holds the wizard with no terminal in it: the choices, the
// session and every decision of the steps (the step list, what is asked and
// valid, consent, what is planned, recorded and saved, which step is next),
// which both faces in internal/ui drive.
package flow
