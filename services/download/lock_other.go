//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package download

import "os"

// lockFile does not lock: these systems (Solaris, AIX, Plan 9, wasm) lack
// flock and esodesk is not built for them. Two esodesk processes there could
// still write one journal; nothing else changes.
func lockFile(f *os.File) error { return nil }
