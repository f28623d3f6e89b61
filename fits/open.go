package fits

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"esodesk/internal/unixz"
)

// MaxFileSize bounds how many bytes a spectrum file may take once
// decompressed. 1D spectra are megabytes; the bound stops a mislabelled cube
// or a decompression bomb from eating the machine's memory.
var MaxFileSize int64 = 1 << 30

// Open reads the spectrum in the file at path (FITS, gzip- or
// unix-compressed FITS, or an SDM VOTable).
func Open(path string) (*Spectrum, error) {
	return OpenContext(context.Background(), path)
}

// OpenContext is Open with a context that can cancel the read.
func OpenContext(ctx context.Context, path string) (*Spectrum, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		return nil, fmt.Errorf("%s: not a 1D spectrum: the file is empty", filepath.Base(path))
	}
	return ReadContext(ctx, f, path)
}

// Read reads a spectrum from r; name (a path or URL) labels messages and
// becomes the spectrum's Source.
func Read(r io.Reader, name string) (*Spectrum, error) {
	return ReadContext(context.Background(), r, name)
}

// ReadContext is Read with a context that can cancel the read.
func ReadContext(ctx context.Context, r io.Reader, name string) (*Spectrum, error) {
	all, err := ReadAllContext(ctx, r, name)
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

// OpenAll reads every spectrum in the file at path: one per aperture of an
// IRAF multispec image or fiber of an SDSS spPlate, else the one spectrum
// Open returns. The first is always what Open returns.
func OpenAll(ctx context.Context, path string) ([]*Spectrum, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		return nil, fmt.Errorf("%s: not a 1D spectrum: the file is empty", filepath.Base(path))
	}
	return ReadAllContext(ctx, f, path)
}

// ReadAllContext is OpenAll on a reader; name labels messages.
func ReadAllContext(ctx context.Context, r io.Reader, name string) (all []*Spectrum, err error) {
	label := name
	if label == "" {
		label = "spectrum"
	}
	data, err := load(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	// A bad file must give an error, never take the app down. The scanner
	// checks every size before use, so reaching this is a bug in the reader:
	// the text says so, and FuzzRead fails on it.
	defer func() {
		if p := recover(); p != nil {
			all, err = nil, fmt.Errorf("%s: damaged file (reader bug: %v)", label, p)
		}
	}()
	all, err = decode(ctx, data)
	if err == nil && len(all) == 0 {
		err = errors.New("not a 1D spectrum: no spectrum found")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	for _, s := range all {
		s.Source = name
		assumeWaveUnit(s)
		if s.Title == "" && name != "" {
			s.Title = filepath.Base(name)
		}
	}
	return all, nil
}

// Headers returns the cards of every HDU in a FITS file (compressed or not),
// for the header viewer. When a later HDU is damaged it returns the headers
// read before it together with an error saying what is wrong.
func Headers(r io.Reader) ([]Header, error) {
	data, err := load(context.Background(), r)
	if err != nil {
		return nil, err
	}
	hdus, tailErr, err := decodeHDUs(data)
	if err != nil {
		return nil, err
	}
	out := make([]Header, len(hdus))
	for i, h := range hdus {
		out[i] = h.header()
	}
	return out, tailErr
}

// load reads all of r, undoing gzip or unix compress, which it recognises by
// their magic bytes whatever the file is called.
func load(ctx context.Context, r io.Reader) ([]byte, error) {
	hint := sizeHint(r) // before the peek below consumes some of r
	br := bufio.NewReaderSize(ctxReader{ctx, r}, 64<<10)
	magic, _ := br.Peek(2)
	switch {
	case len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("damaged gzip data: %w", err)
		}
		b, err := readLimited(zr, 0)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return b, nil
	case len(magic) == 2 && magic[0] == unixz.Magic[0] && magic[1] == unixz.Magic[1]:
		b, err := unixz.Decompress(br, MaxFileSize)
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	return readLimited(br, hint)
}

// sizeHint is the input's size when it can tell (files, bytes.Reader), so
// the buffer is allocated once rather than grown by doubling.
func sizeHint(r io.Reader) int64 {
	switch x := r.(type) {
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := x.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	case interface{ Len() int }:
		return int64(x.Len())
	}
	return 0
}

func readLimited(r io.Reader, hint int64) ([]byte, error) {
	if hint <= 0 || hint > MaxFileSize {
		b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
		if err == nil && int64(len(b)) > MaxFileSize {
			err = fmt.Errorf("larger than %d MiB once decompressed: not a 1D spectrum", MaxFileSize>>20)
		}
		return b, err
	}
	b := make([]byte, 0, hint+1) // +1: EOF is seen without growing
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > MaxFileSize {
			return nil, fmt.Errorf("larger than %d MiB once decompressed: not a 1D spectrum", MaxFileSize>>20)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ctxReader stops a long read when the context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// decode picks the reader for the bytes: FITS, VOTable or a text table.
func decode(ctx context.Context, data []byte) ([]*Spectrum, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	one := func(s *Spectrum, err error) ([]*Spectrum, error) {
		if err != nil {
			return nil, err
		}
		return []*Spectrum{s}, nil
	}
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("not a 1D spectrum: the file is empty")
	case bytes.HasPrefix(data, []byte("SIMPLE  =")):
		return readFITS(ctx, data)
	case trimmed[0] == '<':
		return one(readVOTable(ctx, trimmed))
	case looksLikeText(trimmed):
		if s, err := readText(trimmed); err != errNotText {
			return one(s, err)
		}
	}
	return nil, fmt.Errorf("not a 1D spectrum: neither FITS nor VOTable, nor a text table with a header line and rows of numbers (first bytes %q)", printable(data[:min(len(data), 16)]))
}
