package standin

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"esodesk/internal/unixz"
)

// Raw frames (ids that are not products, night logs or BENCH sizes) are
// real unix-compress (.Z) streams of a generated FITS file, as ESO serves
// its raw data, so a client can unpack them and check the result. Building
// one means compressing up to ~1 MB, so each is made once per (id, version)
// and kept in memory; BENCH ids stay computed on the fly.

// rawFrameCacheLimit bounds the bytes kept: past it the cache starts over
// (files are rebuilt on demand, identically).
const rawFrameCacheLimit = 64 << 20

var rawFrames struct {
	sync.Mutex
	byKey map[string][]byte
	bytes int
}

// packedRawFrame returns the .Z bytes for the file with this seed key.
func packedRawFrame(id, seedKey string, seed uint64) []byte {
	rawFrames.Lock()
	defer rawFrames.Unlock()
	if b, ok := rawFrames.byKey[seedKey]; ok {
		return b
	}
	b := unixz.Compress(rawFrameFITS(id, seed), 16, true, true)
	if rawFrames.byKey == nil || rawFrames.bytes+len(b) > rawFrameCacheLimit {
		rawFrames.byKey, rawFrames.bytes = map[string][]byte{}, 0
	}
	rawFrames.byKey[seedKey] = b
	rawFrames.bytes += len(b)
	return b
}

// rawFrameFITS is the unpacked raw frame: a primary header and a BITPIX 16
// image of detector-like noise around a bias level (it compresses to about
// half, like real frames). Its size, 4 to 353 FITS blocks, follows the seed.
func rawFrameFITS(id string, seed uint64) []byte {
	blocks := 4 + int(seed%350)
	pixels := (blocks - 1) * 2880 / 2
	width := 64
	cards := []string{
		card("SIMPLE", "T", "conforms to FITS standard"),
		card("BITPIX", "16", "array data type"),
		card("NAXIS", "2", "number of array dimensions"),
		card("NAXIS1", strconv.Itoa(width), ""),
		card("NAXIS2", strconv.Itoa(pixels/width), ""),
		card("BZERO", "32768", ""),
		card("BSCALE", "1", ""),
		card("ORIGIN", "'ESO-STANDIN'", "esodesk ESO stand-in, generated data"),
		card("INSTRUME", "'"+instrumentOf(id)+"'", ""),
		card("ARCFILE", "'"+id+".fits'", "archive file name"),
		fmt.Sprintf("%-80s", "END"),
	}
	out := make([]byte, blocks*2880)
	copy(out, strings.Join(cards, ""))
	for i := len(cards) * 80; i < 2880; i++ {
		out[i] = ' '
	}
	data := out[2880:]
	for i := 0; i < pixels; i++ {
		v := 1000 + int(mix(seed, uint64(i))%24) // physical value; stored minus BZERO
		binary.BigEndian.PutUint16(data[2*i:], uint16(int16(v-32768)))
	}
	return out
}

// instrumentOf is the part of an ESO id before its first dot ("FORS2").
func instrumentOf(id string) string {
	s, _, _ := strings.Cut(id, ".")
	if len(s) > 16 {
		s = s[:16]
	}
	return strings.ReplaceAll(s, "'", "")
}
