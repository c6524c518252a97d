//go:build !unix

package practice

import "os"

// lockFile is a no-op where there is no flock: two practice runs at once on
// such a system may lose each other's changes.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) {}
