package download

import (
	"bufio"
	"errors"
	"io"
)

// Unix compress (.Z): LZW with codes of 9 to maxbits bits, least
// significant bit first. Two habits of the original program matter: codes
// come in groups of eight, and when the code width grows or a CLEAR code
// arrives the rest of the current group is skipped; after a CLEAR the next
// code adds an unusable entry at 256 before the table grows again.

var errBadZ = errors.New("not a valid .Z (unix compress) file")

type zReader struct {
	in       *bufio.Reader
	bitbuf   uint64
	nbits    uint
	pos      int64 // bits consumed since the data started
	group    int64 // bit position where the current code width began
	width    uint
	maxbits  uint
	block    bool
	prefix   []uint32
	suffix   []byte
	free     uint32
	old      int64
	finchar  byte
	stack    []byte
	out      []byte // decoded bytes not yet returned
	err      error
	maxcode  uint32
	maxmax   uint32
	finished bool
}

// newZReader checks the .Z header and returns a streaming decoder.
func newZReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var hdr [3]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil || hdr[0] != 0x1f || hdr[1] != 0x9d {
		return nil, errBadZ
	}
	maxbits := uint(hdr[2] & 0x1f)
	if maxbits < 9 || maxbits > 16 {
		return nil, errBadZ
	}
	z := &zReader{in: br, width: 9, maxbits: maxbits, block: hdr[2]&0x80 != 0, old: -1}
	z.maxmax = 1 << maxbits
	z.prefix = make([]uint32, z.maxmax)
	z.suffix = make([]byte, z.maxmax)
	for i := 0; i < 256; i++ {
		z.suffix[i] = byte(i)
	}
	z.free = 256
	if z.block {
		z.free = 257
	}
	z.maxcode = 1<<9 - 1
	return z, nil
}

// code reads one code of the current width; ok is false at the end.
func (z *zReader) code() (uint32, bool, error) {
	for z.nbits < z.width {
		b, err := z.in.ReadByte()
		if err == io.EOF {
			return 0, false, nil // leftover bits are padding
		}
		if err != nil {
			return 0, false, err
		}
		z.bitbuf |= uint64(b) << z.nbits
		z.nbits += 8
	}
	c := uint32(z.bitbuf & (1<<z.width - 1))
	z.bitbuf >>= z.width
	z.nbits -= z.width
	z.pos += int64(z.width)
	return c, true, nil
}

// skipGroup moves to the end of the current group of eight codes.
func (z *zReader) skipGroup() error {
	span := int64(z.width) * 8
	used := z.pos - z.group
	if rem := used % span; rem != 0 {
		for skip := span - rem; skip > 0; {
			n := min(skip, 8)
			for z.nbits < uint(n) {
				b, err := z.in.ReadByte()
				if err == io.EOF {
					z.pos += skip
					z.group = z.pos
					return nil
				}
				if err != nil {
					return err
				}
				z.bitbuf |= uint64(b) << z.nbits
				z.nbits += 8
			}
			z.bitbuf >>= uint(n)
			z.nbits -= uint(n)
			z.pos += n
			skip -= n
		}
	}
	z.group = z.pos
	return nil
}

func (z *zReader) Read(p []byte) (int, error) {
	for len(z.out) == 0 {
		if z.err != nil {
			return 0, z.err
		}
		if z.finished {
			return 0, io.EOF
		}
		z.err = z.step()
	}
	n := copy(p, z.out)
	z.out = z.out[n:]
	return n, nil
}

// step decodes one code into z.out.
func (z *zReader) step() error {
	if z.free > z.maxcode && z.width < z.maxbits {
		if err := z.skipGroup(); err != nil {
			return err
		}
		z.width++
		z.maxcode = 1<<z.width - 1
		if z.width == z.maxbits {
			z.maxcode = z.maxmax
		}
	}
	c, ok, err := z.code()
	if err != nil {
		return err
	}
	if !ok {
		z.finished = true
		return nil
	}
	if z.old < 0 {
		if c >= 256 {
			return errBadZ
		}
		z.old, z.finchar = int64(c), byte(c)
		z.out = append(z.stack[:0], byte(c))
		return nil
	}
	if c == 256 && z.block {
		if err := z.skipGroup(); err != nil {
			return err
		}
		z.free = 256
		z.width = 9
		z.maxcode = 1<<9 - 1
		return nil
	}
	in := c
	st := z.stack[:0]
	if c >= z.free {
		if c > z.free {
			return errBadZ
		}
		st = append(st, z.finchar)
		c = uint32(z.old)
	}
	for c >= 256 {
		st = append(st, z.suffix[c])
		c = z.prefix[c]
	}
	z.finchar = z.suffix[c]
	st = append(st, z.finchar)
	for i, j := 0, len(st)-1; i < j; i, j = i+1, j-1 { // the chain comes out backwards
		st[i], st[j] = st[j], st[i]
	}
	z.stack = st
	z.out = st
	if z.free < z.maxmax {
		z.prefix[z.free] = uint32(z.old)
		z.suffix[z.free] = z.finchar
		z.free++
	}
	z.old = int64(in)
	return nil
}
