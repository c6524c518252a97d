package state

import "time"

// Alerts records the tamper alerts setup made: the rule and topic name (the
// same in every Region), the Regions, and the e-mail addresses subscribed.
// verify checks them in every Region listed; a rule missing there is a
// failure, not "no alerts wanted". Lang is the language of the alert e-mail
// ("" = English, as before it followed the run's language).
type Alerts struct {
	Name    string    `json:"name"`
	Regions []string  `json:"regions"`
	Emails  []string  `json:"emails"`
	Lang    string    `json:"lang,omitempty"`
	At      time.Time `json:"at"`
}
