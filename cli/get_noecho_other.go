//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package cli

import "os"

// readPasswordNoEcho cannot turn echo off here: ok false makes the caller
// read a visible line (set ESODESK_ESO_PASSWORD to avoid that).
func readPasswordNoEcho(f *os.File) (string, bool, error) { return "", false, nil }
