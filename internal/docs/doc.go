// Package docs holds what the tool makes from a session, as plain text: the
// Markdown runbook for a change record (with where it may be written), the
// support-ticket text, the checklist's key list, the exit summary and the
// note on an incomplete key set with the command that finishes it.
//
// It reads the session (with its verify report and drill record) and what
// the wizard knows beyond it (Record) as plain data, and turns them into
// text in the catalogue's language. Both faces of the wizard and the
// command line print from here, so that they say the same. It imports
// zoom, state and i18n; never the wizard (internal/ui), never the AWS SDK.
package docs
