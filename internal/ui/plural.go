package ui

// tn is t for a message about n things: the id's ".one" form when n is
// 1, its ".other" form otherwise (both in every catalogue; Japanese says
// the same in both). n is the message's first argument.
func (m *painter) tn(id string, n int, args ...any) string {
	form := ".other"
	if n == 1 {
		form = ".one"
	}
	return m.t(id+form, append([]any{n}, args...)...)
}
