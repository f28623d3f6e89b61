package standin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"time"
)

// The dataPortal stand-in serves generated files: any id works, and its
// name, size and bytes follow from the id alone, so tests can compute the
// expected bytes (FileBytes, FileSHA256) without a copy of the file.
//
//   - ids ending in ".NL" are night logs: fixed-width text lines, named
//     "<id>" (ESO's "<dp_id>.NL");
//   - ids starting with "ADP." (products) or "M." (master calibrations)
//     are a minimal valid FITS file
//     (primary header + BITPIX 8 data), size a multiple of 2880, "<id>.fits"
//     (image and cube products the archive knows are real images and
//     cubes instead: imagedata.go, through Server.servedFile);
//   - other ids are raw frames, "<id>.fits.Z": a real unix-compress stream
//     of a generated FITS image (rawframe.go), built once and cached; BENCH
//     raw ids are the compress(1) magic then pseudo-random bytes (they look
//     like .Z files but do not decompress).
//
// Sizes: "BENCH.<n><unit>[.<anything>]" ids have exactly that size (units B,
// KB, MB, GB as powers of 1000; KiB, MiB, GiB as powers of 1024), e.g.
// BENCH.379B, BENCH.200KB.1, BENCH.5MB, BENCH.100MB, BENCH.1GiB. Every other
// id gets a size between about 3 KB and 2 MB from a hash of the id. Bytes
// are computed on the fly from their offset, never held in memory, except
// raw frames (at most ~1 MB each, cached).

// Ids of known sizes, for tests and benchmarks (any BENCH.<size>.<n> works too).
const (
	BenchTiny  = "BENCH.379B"  // 379 B, the size of ESO's smallest test .Z file
	Bench200KB = "BENCH.200KB" // 200,000 B
	Bench5MB   = "BENCH.5MB"   // 5,000,000 B
	Bench100MB = "BENCH.100MB" // 100,000,000 B
	Bench1GiB  = "BENCH.1GiB"  // 1,073,741,824 B, generated as it is sent
)

// fileKind says how the stand-in shapes a file.
type fileKind int

const (
	kindRaw fileKind = iota
	kindProduct
	kindNightLog
	kindPNG // ANCILLARY.PREVIEW images (preview.go); never from the id alone
)

// genFile is one generated file: it can be read at any offset.
type genFile struct {
	id      string
	kind    fileKind
	size    int64
	seed    uint64
	header  []byte // bytes before the pseudo-random part
	packed  []byte // the whole file when it is built in memory (raw frames, PNGs)
	name    string // Content-Disposition name when not derived from the id
	modTime time.Time
}

// maxDefaultSize bounds the size of ids without a BENCH size: tests stay fast.
const maxDefaultSize = 2 << 20

func kindOf(id string) fileKind {
	switch {
	case strings.HasSuffix(id, ".NL"):
		return kindNightLog
	case strings.HasPrefix(id, "ADP."), strings.HasPrefix(id, "M."):
		// M.<instrument>.<time>: master calibrations, FITS like products
		return kindProduct
	}
	return kindRaw
}

func hashID(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

// benchSize parses the size of a "BENCH.<n><unit>..." id.
func benchSize(id string) (int64, bool) {
	rest, ok := strings.CutPrefix(id, "BENCH.")
	if !ok {
		return 0, false
	}
	tok, _, _ := strings.Cut(rest, ".")
	i := 0
	for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(tok[:i], 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	mult := map[string]int64{"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}[tok[i:]]
	if mult == 0 {
		return 0, false
	}
	return n * mult, true
}

// newGenFile derives everything about the file with this id. version > 0
// gives the same id different bytes and validators ("the file changed").
func newGenFile(id string, version int) *genFile {
	seedKey := id
	if version > 0 {
		seedKey = id + "#v" + strconv.Itoa(version)
	}
	f := &genFile{id: id, kind: kindOf(id), seed: hashID(seedKey)}
	// Last-Modified: a fixed epoch plus up to ~3 years, whole seconds as HTTP dates are.
	f.modTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(f.seed%(1e8)) * time.Second)
	size, explicit := benchSize(id)
	switch f.kind {
	case kindProduct:
		if !explicit {
			size = int64(2+f.seed%700) * 2880
		}
		f.header = fitsHeader(id, size)
	case kindRaw:
		if !explicit {
			f.packed = packedRawFrame(id, seedKey, f.seed)
			size = int64(len(f.packed))
		}
		f.header = []byte{0x1f, 0x9d, 0x90} // compress(1) magic, 16-bit codes, block mode
	case kindNightLog:
		if !explicit {
			size = nightLogLine * int64(20+f.seed%200)
		}
	}
	f.size = size
	return f
}

// fitsHeader is one 2880-byte FITS primary header describing size-2880 bytes
// of BITPIX 8 data (files smaller than a header get just its first bytes).
func fitsHeader(id string, size int64) []byte {
	n := max(size-2880, 0)
	cards := []string{
		card("SIMPLE", "T", "conforms to FITS standard"),
		card("BITPIX", "8", "array data type"),
		card("NAXIS", "1", "number of array dimensions"),
		card("NAXIS1", strconv.FormatInt(n, 10), ""),
		card("ORIGIN", "'ESO-STANDIN'", "esodesk ESO stand-in, generated data"),
		card("ARCFILE", "'"+id+".fits'", "archive file name"),
		card("PRODCATG", "'SCIENCE.SPECTRUM'", ""),
		fmt.Sprintf("%-80s", "END"),
	}
	if strings.HasPrefix(id, "M.") { // a master calibration is no science product
		cards = append(cards[:6:6], card("PRO CATG", "'MASTER'", "esodesk stand-in master calibration"), cards[7])
	}
	h := []byte(strings.Join(cards, ""))
	for len(h) < 2880 {
		h = append(h, ' ')
	}
	return h
}

func card(key, value, comment string) string {
	s := fmt.Sprintf("%-8s= %20s", key, value)
	if comment != "" {
		s += " / " + comment
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return fmt.Sprintf("%-80s", s)
}

// nightLogLine is the fixed width of a generated night log line, so any
// offset maps to one line without reading the ones before.
const nightLogLine = 64

// ReadAt fills p with the file's bytes from off (io.ReaderAt).
func (f *genFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= f.size {
		return 0, io.EOF
	}
	n := len(p)
	if rem := f.size - off; int64(n) > rem {
		n = int(rem)
	}
	if f.packed != nil {
		copy(p[:n], f.packed[off:])
		if n < len(p) {
			return n, io.EOF
		}
		return n, nil
	}
	for i := 0; i < n; {
		o := off + int64(i)
		switch {
		case o < int64(len(f.header)):
			i += copy(p[i:n], f.header[o:])
		case f.kind == kindNightLog:
			line := o / nightLogLine
			text := fmt.Sprintf("%s %06d OBS seeing=%.2f airmass=%.3f", f.id, line, 0.5+float64(mix(f.seed, uint64(line))%150)/100, 1+float64(mix(f.seed, uint64(line)+1)%900)/1000)
			if len(text) > nightLogLine-1 {
				text = text[len(text)-(nightLogLine-1):]
			}
			buf := fmt.Sprintf("%-*s\n", nightLogLine-1, text)
			i += copy(p[i:n], buf[o%nightLogLine:])
		default:
			// 8 bytes per 64-bit word of a counter-based generator.
			word := uint64(o / 8)
			for b := o % 8; b < 8 && i < n; b++ {
				p[i] = byte(mix(f.seed, word) >> (8 * b))
				i++
			}
			// Fast path: whole words.
			for n-i >= 8 {
				word++
				v := mix(f.seed, word)
				p[i], p[i+1], p[i+2], p[i+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
				p[i+4], p[i+5], p[i+6], p[i+7] = byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56)
				i += 8
			}
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// mix is SplitMix64 of (seed, counter): random-looking, seekable, fast.
func mix(seed, ctr uint64) uint64 {
	z := seed + (ctr+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (f *genFile) fileName() string {
	if f.name != "" {
		return f.name
	}
	switch f.kind {
	case kindNightLog:
		return f.id
	case kindProduct:
		return f.id + ".fits"
	}
	return f.id + ".fits.Z"
}

func (f *genFile) contentType() string {
	switch f.kind {
	case kindNightLog:
		return "text/plain; charset=us-ascii"
	case kindProduct:
		return "application/x-fits"
	case kindPNG:
		return "image/png"
	}
	return "application/octet-stream"
}

// etag is a strong validator that changes with the bytes.
func (f *genFile) etag() string {
	return fmt.Sprintf(`"%016x-%x"`, f.seed, f.size)
}

func (f *genFile) reader() io.ReadSeeker { return io.NewSectionReader(f, 0, f.size) }

// FileBytes tells tests what the stand-in serves for this dataPortal id:
// its size and a function that opens a fresh reader over its bytes.
func FileBytes(id string) (size int64, open func() io.Reader) {
	f := newGenFile(id, 0)
	return f.size, func() io.Reader { return f.reader() }
}

// FileVersionBytes is FileBytes for the file as changed by the "version:N"
// fault (N > 0); version 0 is FileBytes.
func FileVersionBytes(id string, version int) (size int64, open func() io.Reader) {
	f := newGenFile(id, version)
	return f.size, func() io.Reader { return f.reader() }
}

// FileSHA256 is the hex SHA-256 of the bytes served for this id.
func FileSHA256(id string) string {
	_, open := FileBytes(id)
	h := sha256.New()
	_, _ = io.Copy(h, open())
	return hex.EncodeToString(h.Sum(nil))
}

// FileName is the name the stand-in puts in Content-Disposition for this id.
func FileName(id string) string { return newGenFile(id, 0).fileName() }
