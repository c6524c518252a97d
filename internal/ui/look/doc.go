// Package look holds how the wizard's text is laid out and styled at a
// width, with no flow and no model: line breaking (at spaces, text with wide
// characters at its break opportunities), restyling a broken line, the
// styles and the forms' theme.
package look
