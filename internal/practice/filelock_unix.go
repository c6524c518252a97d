//go:build unix

package practice

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, waiting for another practice run
// that holds it.
func lockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
