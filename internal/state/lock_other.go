//go:build !unix

package state

import "os"

// tryLock: without flock the session file is not locked on this system; the
// engine's own checks (a last look for a tagged key before CreateKey, adopting
// a concurrent run's key) still keep a race from going unnoticed.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }

// noFollow: this system has no O_NOFOLLOW; openLockFile checks for a
// symbolic link itself.
const noFollow = 0

func linkCount(os.FileInfo) uint64 { return 1 }
