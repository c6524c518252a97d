package state

import "time"

// Alerts records the tamper alerts setup made: the rule and topic name (the
// same in every Region), the Regions, and the e-mail addresses subscribed.
// verify checks them in every Region listed; a rule missing there is a
// failure, not "no alerts wanted".
type Alerts struct {
	Name    string    `json:"name"`
	Regions []string  `json:"regions"`
	Emails  []string  `json:"emails"`
	At      time.Time `json:"at"`
}
