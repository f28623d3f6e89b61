// Package unixz decodes the unix compress(1) ".Z" format (LZW, magic 1f 9d).
//
// Go's compress/lzw cannot read it: .Z streams grow their code width from 9
// up to 16 bits, use code 256 as a CLEAR code in "block mode", and pad the
// input to a whole group of eight codes whenever the width changes or the
// table is cleared. This decoder follows that layout.
package unixz

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// Magic is the two-byte signature of a .Z stream.
var Magic = [2]byte{0x1f, 0x9d}

const (
	initBits  = 9
	clearCode = 256
	blockFlag = 0x80
	bitsMask  = 0x1f
)

// ErrFormat reports a stream that is not valid .Z data.
var ErrFormat = errors.New("unixz: not a valid unix-compress (.Z) stream")

// Decompress reads a whole .Z stream from r and returns the decoded bytes.
// maxOut bounds the output size (0: no bound) so that a small hostile input
// cannot make it allocate without limit.
func Decompress(r io.Reader, maxOut int64) ([]byte, error) {
	var out []byte
	w := &limitedBuffer{buf: &out, max: maxOut}
	if err := Copy(w, r); err != nil {
		return nil, err
	}
	return out, nil
}

// ErrTooLarge is returned when the output would exceed the caller's limit.
var ErrTooLarge = errors.New("unixz: decompressed data exceeds the size limit")

type limitedBuffer struct {
	buf *[]byte
	max int64
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.max > 0 && int64(len(*b.buf))+int64(len(p)) > b.max {
		return 0, ErrTooLarge
	}
	*b.buf = append(*b.buf, p...)
	return len(p), nil
}

// bitReader hands out codes of n bits, least significant bit first, and
// counts the codes read since the last width change so it can skip to the
// end of the current group of eight codes.
type bitReader struct {
	r     *bufio.Reader
	acc   uint32 // pending bits, LSB first
	nacc  uint   // number of pending bits
	count int    // codes read at the current width since the last reset
	err   error
}

// code reads one n-bit code; ok is false at the end of the input (a partial
// code at the end is ignored, as compress(1) does).
func (b *bitReader) code(n uint) (int, bool) {
	for b.nacc < n {
		c, err := b.r.ReadByte()
		if err != nil {
			if err != io.EOF {
				b.err = err
			}
			return 0, false
		}
		b.acc |= uint32(c) << b.nacc
		b.nacc += 8
	}
	v := int(b.acc & (1<<n - 1))
	b.acc >>= n
	b.nacc -= n
	b.count++
	return v, true
}

// skipGroup discards the rest of the current group of eight n-bit codes.
// Groups are n bytes long; the leftover bits in acc belong to the group too.
func (b *bitReader) skipGroup(n uint) {
	if rem := b.count % 8; rem != 0 {
		skipBits := uint(8-rem) * n
		if skipBits <= b.nacc {
			b.acc >>= skipBits
			b.nacc -= skipBits
		} else {
			skipBits -= b.nacc
			b.acc, b.nacc = 0, 0
			// skipBits is now a whole number of bytes: groups end on byte boundaries.
			for i := uint(0); i < skipBits/8; i++ {
				if _, err := b.r.ReadByte(); err != nil {
					break
				}
			}
		}
	}
	b.count = 0
}

// Copy decodes the .Z stream r into w.
func Copy(w io.Writer, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var hdr [3]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return fmt.Errorf("%w: input is shorter than the 3-byte header", ErrFormat)
	}
	if hdr[0] != Magic[0] || hdr[1] != Magic[1] {
		return fmt.Errorf("%w: bad magic %02x %02x", ErrFormat, hdr[0], hdr[1])
	}
	maxBits := uint(hdr[2] & bitsMask)
	blockMode := hdr[2]&blockFlag != 0
	if maxBits < initBits || maxBits > 16 {
		return fmt.Errorf("%w: maximum code width %d (must be 9 to 16)", ErrFormat, maxBits)
	}
	maxMaxCode := 1 << maxBits

	prefix := make([]uint16, maxMaxCode)
	suffix := make([]byte, maxMaxCode)
	for i := 0; i < 256; i++ {
		suffix[i] = byte(i)
	}
	stack := make([]byte, 0, maxMaxCode)
	out := bufio.NewWriterSize(w, 64<<10)

	nBits := uint(initBits)
	maxCode := 1<<nBits - 1
	freeEnt := 256
	if blockMode {
		freeEnt = 257
	}
	bits := &bitReader{r: br}
	oldCode := -1
	var finChar byte

	for {
		if freeEnt > maxCode {
			bits.skipGroup(nBits)
			nBits++
			if nBits == maxBits {
				maxCode = maxMaxCode
			} else {
				maxCode = 1<<nBits - 1
			}
		}
		code, ok := bits.code(nBits)
		if !ok {
			break
		}
		if oldCode == -1 {
			if code >= 256 {
				return fmt.Errorf("%w: first code %d is not a literal", ErrFormat, code)
			}
			oldCode, finChar = code, byte(code)
			if err := out.WriteByte(finChar); err != nil {
				return err
			}
			continue
		}
		if code == clearCode && blockMode {
			// The entry made by the next code lands on 256 and is never used,
			// exactly as compress(1) does it.
			freeEnt = 256
			bits.skipGroup(nBits)
			nBits = initBits
			maxCode = 1<<nBits - 1
			continue
		}
		inCode := code
		stack = stack[:0]
		if code >= freeEnt {
			if code > freeEnt {
				return fmt.Errorf("%w: code %d refers past the table end (%d)", ErrFormat, code, freeEnt)
			}
			stack = append(stack, finChar)
			code = oldCode
		}
		for code >= 256 {
			stack = append(stack, suffix[code])
			code = int(prefix[code])
		}
		finChar = suffix[code]
		stack = append(stack, finChar)
		for i, j := 0, len(stack)-1; i < j; i, j = i+1, j-1 {
			stack[i], stack[j] = stack[j], stack[i]
		}
		if _, err := out.Write(stack); err != nil {
			return err
		}
		if freeEnt < maxMaxCode {
			prefix[freeEnt] = uint16(oldCode)
			suffix[freeEnt] = finChar
			freeEnt++
		}
		oldCode = inCode
	}
	if bits.err != nil {
		return bits.err
	}
	return out.Flush()
}
