package ui

import "context"

// lookup is a read-only lookup a step waits for (the existing key in step
// 2, the alias in step 3): its generation (the answer of an earlier one is
// stale), what ends the one in flight, and why the last one failed.
type lookup struct {
	gen    int
	cancel context.CancelFunc
	err    error
}

// start ends the lookup in flight and begins a new one: the context for
// its call (ended with the step's next lookup or by parent) and the
// generation its answer must carry.
func (l *lookup) start(parent context.Context) (context.Context, int) {
	l.stop()
	ctx, cancel := context.WithCancel(parent)
	l.cancel, l.err = cancel, nil
	return ctx, l.gen
}

// stop ends the lookup in flight, if any; its answer is then stale.
func (l *lookup) stop() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
	l.gen++
}
