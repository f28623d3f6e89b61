//go:build cgo

package fitsimage

/*
#cgo pkg-config: cfitsio
#include <stdlib.h>
#include <math.h>
#include <fitsio.h>

static int open_disk(fitsfile **f, const char *path, int *status) {
	return fits_open_diskfile(f, path, READONLY, status);
}
static int read_pix_f(fitsfile *f, LONGLONG *first, LONGLONG n, float *out, int *status) {
	float nul = NAN; int anynul = 0;
	return fits_read_pixll(f, TFLOAT, first, n, &nul, out, &anynul, status);
}
static int read_subset_d(fitsfile *f, long *blc, long *trc, double *out, int *status) {
	double nul = NAN; int anynul = 0;
	long inc[9] = {1,1,1,1,1,1,1,1,1};
	return fits_read_subset(f, TDOUBLE, blc, trc, inc, &nul, out, &anynul, status);
}
static int read_string_key(fitsfile *f, const char *key, char *val, int *status) {
	return fits_read_key(f, TSTRING, key, val, NULL, status);
}
*/
import "C"

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"
)

const maxDim = 9 // FITS allows up to 999, but no image we meet has more than a handful

// statusError turns a cfitsio status into Go words and clears cfitsio's
// message stack so the next call starts clean.
func statusError(what string, status C.int) error {
	var buf [32]C.char
	C.fits_get_errstatus(status, &buf[0])
	C.fits_clear_errmsg()
	return fmt.Errorf("fitsimage: %s: %s (cfitsio status %d)", what, C.GoString(&buf[0]), int(status))
}

type handle struct{ f *C.fitsfile }

func openHandle(path string) (handle, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var f *C.fitsfile
	var status C.int
	if C.open_disk(&f, cpath, &status); status != 0 {
		return handle{}, statusError("cannot open "+path, status)
	}
	return handle{f}, nil
}

func (h handle) close() {
	var status C.int
	C.fits_close_file(h.f, &status)
}

func (h handle) numHDUs() (int, error) {
	var n, status C.int
	if C.fits_get_num_hdus(h.f, &n, &status); status != 0 {
		return 0, statusError("counting HDUs", status)
	}
	return int(n), nil
}

// describe moves to HDU n and reports it; isImage is false for tables
// (compressed images count as images).
func (h handle) describe(n int) (hdu HDU, isImage bool, err error) {
	var typ, status C.int
	if C.fits_movabs_hdu(h.f, C.int(n), &typ, &status); status != 0 {
		return HDU{}, false, statusError(fmt.Sprintf("cannot move to HDU %d", n), status)
	}
	hdu.Number = n
	hdu.Name = h.key("EXTNAME")
	hdu.Compressed = C.fits_is_compressed_image(h.f, &status) != 0
	status = 0
	if typ != C.IMAGE_HDU && !hdu.Compressed {
		return hdu, false, nil
	}
	var bitpix, naxis C.int
	var naxes [maxDim]C.long
	if C.fits_get_img_param(h.f, maxDim, &bitpix, &naxis, &naxes[0], &status); status != 0 {
		return hdu, true, statusError(fmt.Sprintf("reading the image size of HDU %d", n), status)
	}
	if int(naxis) > maxDim {
		return hdu, true, fmt.Errorf("fitsimage: HDU %d has %d axes; at most %d are supported", n, naxis, maxDim)
	}
	hdu.Bitpix = int(bitpix)
	for i := 0; i < int(naxis); i++ {
		hdu.Axes = append(hdu.Axes, int(naxes[i]))
	}
	return hdu, true, nil
}

// key reads a string keyword of the current HDU, "" when absent.
func (h handle) key(name string) string {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var val [C.FLEN_VALUE]C.char
	var status C.int
	if C.read_string_key(h.f, cname, &val[0], &status); status != 0 {
		C.fits_clear_errmsg()
		return ""
	}
	return strings.TrimSpace(C.GoString(&val[0]))
}

func usable(h HDU) bool {
	if len(h.Axes) < 2 {
		return false
	}
	for _, a := range h.Axes {
		if a <= 0 {
			return false
		}
	}
	return true
}

// List returns every image HDU with at least two non-empty axes,
// tile-compressed ones included.
func List(path string) ([]HDU, error) {
	h, err := openHandle(path)
	if err != nil {
		return nil, err
	}
	defer h.close()
	n, err := h.numHDUs()
	if err != nil {
		return nil, err
	}
	var out []HDU
	for i := 1; i <= n; i++ {
		hdu, isImage, err := h.describe(i)
		if err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, filepath.Base(path))
		}
		if isImage && usable(hdu) {
			out = append(out, hdu)
		}
	}
	return out, nil
}

// File is one open image HDU. Its methods may be called from several
// goroutines: a mutex serialises them, as a cfitsio handle is not safe for
// concurrent use.
type File struct {
	mu     sync.Mutex
	h      handle
	hdu    HDU
	header string
	unit   string
	closed bool
}

// Open opens image HDU hdu (1-based) of path; hdu 0 picks the first image
// HDU with at least two axes.
func Open(path string, hdu int) (*File, error) {
	h, err := openHandle(path)
	if err != nil {
		return nil, err
	}
	f, err := open(h, path, hdu)
	if err != nil {
		h.close()
		return nil, err
	}
	return f, nil
}

func open(h handle, path string, want int) (*File, error) {
	base := filepath.Base(path)
	n, err := h.numHDUs()
	if err != nil {
		return nil, err
	}
	var d HDU
	if want == 0 {
		found := false
		for i := 1; i <= n && !found; i++ {
			hdu, isImage, err := h.describe(i)
			if err != nil {
				return nil, err
			}
			if isImage && usable(hdu) {
				d, found = hdu, true
			}
		}
		if !found {
			return nil, fmt.Errorf("fitsimage: %s has no image HDU with two or more axes (only tables, 1-D data or empty HDUs); open it as a spectrum or table instead", base)
		}
	} else {
		if want < 0 || want > n {
			return nil, fmt.Errorf("fitsimage: %s has %d HDUs, so there is no HDU %d (count from 1, the primary)", base, n, want)
		}
		hdu, isImage, err := h.describe(want)
		if err != nil {
			return nil, err
		}
		switch {
		case !isImage:
			return nil, fmt.Errorf("fitsimage: %s of %s is a table, not an image", describe(hdu), base)
		case !usable(hdu):
			return nil, fmt.Errorf("fitsimage: %s of %s is not a 2-D image (NAXIS=%d, axes %v); pick another HDU", describe(hdu), base, len(hdu.Axes), hdu.Axes)
		}
		d = hdu
	}
	hdr, err := h.headerString(d.Compressed)
	if err != nil {
		return nil, err
	}
	return &File{h: h, hdu: d, header: hdr, unit: h.key("BUNIT")}, nil
}

// headerString is the current HDU's header as 80-character cards; for a
// compressed HDU cfitsio rebuilds the image's own header (ZNAXIS → NAXIS...).
func (h handle) headerString(compressed bool) (string, error) {
	var p *C.char
	var nkeys, status C.int
	if compressed {
		C.fits_convert_hdr2str(h.f, 0, nil, 0, &p, &nkeys, &status)
	} else {
		C.fits_hdr2str(h.f, 0, nil, 0, &p, &nkeys, &status)
	}
	if status != 0 {
		return "", statusError("reading the header", status)
	}
	s := C.GoString(p)
	C.fits_free_memory(unsafe.Pointer(p), &status)
	return s, nil
}

func (f *File) HDU() HDU { return f.hdu }

// Header is the HDU's header as 80-character cards, without END padding.
func (f *File) Header() string { return f.header }

// Unit is BUNIT ("" when absent).
func (f *File) Unit() string { return f.unit }

// Size is the plane size and the number of planes (1 for a 2-D image).
func (f *File) Size() (w, h, planes int) {
	return f.hdu.Axes[0], f.hdu.Axes[1], f.hdu.Planes()
}

// Close releases the cfitsio handle; later reads fail.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		f.h.close()
	}
	return nil
}

var errClosed = fmt.Errorf("fitsimage: the file is closed")

// planeCoords puts plane p's coordinates along axes 3.. into first (1-based).
func (f *File) planeCoords(p int, first []int64) {
	for i, a := range f.hdu.Axes[2:] {
		first[2+i] = int64(p%a) + 1
		p /= a
	}
}

// chunkPixels is how many pixels one cfitsio call reads: big enough to
// keep cfitsio's overhead low, small enough to notice a cancel quickly.
const chunkPixels = 1 << 21

// Plane reads plane p (0-based) as w*h values, row-major, row 0 being FITS
// row 1 (the bottom of the image as displayed); blanks are NaN.
func (f *File) Plane(ctx context.Context, p int) ([]float32, error) {
	w, h, planes := f.Size()
	if p < 0 || p >= planes {
		return nil, fmt.Errorf("fitsimage: plane %d does not exist: the image has %d plane(s), numbered from 0", p, planes)
	}
	out := make([]float32, w*h)
	rows := max(1, chunkPixels/w)
	first := make([]C.LONGLONG, len(f.hdu.Axes))
	coords := make([]int64, len(f.hdu.Axes))
	f.planeCoords(p, coords)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errClosed
	}
	for y := 0; y < h; y += rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(rows, h-y)
		coords[0], coords[1] = 1, int64(y)+1
		for i, c := range coords {
			first[i] = C.LONGLONG(c)
		}
		var status C.int
		dst := out[y*w : (y+n)*w]
		if C.read_pix_f(f.h.f, &first[0], C.LONGLONG(len(dst)), (*C.float)(unsafe.Pointer(&dst[0])), &status); status != 0 {
			return nil, statusError(fmt.Sprintf("reading rows %d-%d of plane %d of %s", y+1, y+n, p, describe(f.hdu)), status)
		}
	}
	return out, nil
}

// Spectrum sums (or averages, when mean) the pixels of the box
// [x0,x1]x[y0,y1] (0-based, inclusive) in every plane, skipping NaN; a
// plane with no finite pixel in the box gives NaN. It reads runs of planes
// along the third axis with one cfitsio subset call each.
func (f *File) Spectrum(ctx context.Context, x0, y0, x1, y1 int, mean bool) ([]float64, error) {
	w, h, planes := f.Size()
	if x0 > x1 {
		x0, x1 = x1, x0
	}
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	if x0 < 0 || y0 < 0 || x1 >= w || y1 >= h {
		return nil, fmt.Errorf("fitsimage: box [%d,%d]x[%d,%d] is outside the %dx%d image", x0, x1, y0, y1, w, h)
	}
	box := (x1 - x0 + 1) * (y1 - y0 + 1)
	n3 := 1
	if len(f.hdu.Axes) > 2 {
		n3 = f.hdu.Axes[2]
	}
	step := max(1, min(n3, chunkPixels/box))
	buf := make([]float64, box*step)
	out := make([]float64, planes)
	naxis := len(f.hdu.Axes)
	blc := make([]C.long, max(naxis, maxDim))
	trc := make([]C.long, max(naxis, maxDim))
	coords := make([]int64, naxis)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errClosed
	}
	for outer := 0; outer < planes/n3; outer++ {
		f.planeCoords(outer*n3, coords) // axes 4.. fixed for this run
		for p3 := 0; p3 < n3; p3 += step {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			k := min(step, n3-p3)
			for i := range naxis {
				blc[i], trc[i] = C.long(coords[i]), C.long(coords[i])
			}
			blc[0], trc[0] = C.long(x0+1), C.long(x1+1)
			blc[1], trc[1] = C.long(y0+1), C.long(y1+1)
			if naxis > 2 {
				blc[2], trc[2] = C.long(p3+1), C.long(p3+k)
			}
			var status C.int
			if C.read_subset_d(f.h.f, &blc[0], &trc[0], (*C.double)(unsafe.Pointer(&buf[0])), &status); status != 0 {
				return nil, statusError(fmt.Sprintf("reading planes %d-%d of %s", outer*n3+p3, outer*n3+p3+k-1, describe(f.hdu)), status)
			}
			for j := range k {
				var sum float64
				cnt := 0
				for _, v := range buf[j*box : (j+1)*box] {
					if !math.IsNaN(v) {
						sum += v
						cnt++
					}
				}
				switch {
				case cnt == 0:
					sum = math.NaN()
				case mean:
					sum /= float64(cnt)
				}
				out[outer*n3+p3+j] = sum
			}
		}
	}
	return out, nil
}
