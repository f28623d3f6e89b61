package download

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"esodesk/internal/unixz"
)

// decompress unpacks a .gz or .Z (unix compress) file next to itself
// (through a .part file, like downloads) and returns the new path; other
// files are returned unchanged.
func decompress(path string, keep bool) (string, error) {
	var out string
	var open func(io.Reader) (io.Reader, error)
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".gz"):
		out = path[:len(path)-3]
		open = func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }
	case strings.HasSuffix(path, ".Z"):
		out = path[:len(path)-2]
		open = zReader
	default:
		return path, nil
	}
	if _, err := os.Lstat(out); err == nil {
		stem, ext := splitExt(filepath.Base(out))
		for n := 1; ; n++ {
			cand := filepath.Join(filepath.Dir(out), fmt.Sprintf("%s (%d)%s", stem, n, ext))
			if _, err := os.Lstat(cand); err != nil {
				out = cand
				break
			}
		}
	}
	in, err := os.Open(path)
	if err != nil {
		return path, err
	}
	defer in.Close()
	zr, err := open(in)
	if err != nil {
		return path, fmt.Errorf("could not unpack %s: %w", filepath.Base(path), err)
	}
	part := out + ".part"
	f, err := os.Create(part)
	if err != nil {
		return path, err
	}
	_, err = io.Copy(f, zr)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(part, out)
	}
	if err != nil {
		os.Remove(part)
		return path, fmt.Errorf("could not unpack %s: %w", filepath.Base(path), err)
	}
	if !keep {
		os.Remove(path)
	}
	return out, nil
}

// zReader streams the .Z decoder (the one the FITS reader uses too) through
// a pipe, so unpacking keeps the fixed memory of the rest of the download.
func zReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil || magic[0] != unixz.Magic[0] || magic[1] != unixz.Magic[1] {
		return nil, fmt.Errorf("not a valid .Z (unix compress) file")
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(unixz.Copy(pw, br)) }()
	return pr, nil
}
