package ui

import (
	"context"
	"errors"
	"io"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// ErrAborted is returned when the user stops the wizard.
var ErrAborted = errors.New("stopped by the user")

// RunAccessible runs the wizard's steps as plain line-by-line prompts.
func RunAccessible(ctx context.Context, cfg Config, in io.Reader, out io.Writer) (*state.Session, error) {
	return nil, errors.New("accessible mode: not built yet")
}
