//go:build cgo

// Package wcs maps pixels to sky and spectral coordinates with wcslib (the
// C library astropy, ds9 and CASA use): FITS WCS Papers I–IV, SIP and TPV
// distortions, CROTA and other old forms. Each WCS wraps one wcsprm; wcslib
// keeps scratch space in it, so every WCS serialises its calls with a mutex.
package wcs

/*
#cgo pkg-config: wcslib
#include <stdlib.h>
#include <string.h>
#include <wcs.h>
#include <wcshdr.h>
#include <wcsfix.h>
#include <wcserr.h>

// esod_parse reads the primary representation (alternate ' ') of an image
// header. WCSHDR_all admits the informal extensions astropy also admits
// (CROTAi, SIP's A_p_q, TPV's PVi_m, DSS, ...); wcspih itself turns SIP and
// TPV into wcslib's distortion functions.
static int esod_parse(char *hdr, int nkey, struct wcsprm **arr, int *nwcs, int *idx) {
	int nreject = 0;
	*arr = NULL; *nwcs = 0; *idx = -1;
	int status = wcspih(hdr, nkey, WCSHDR_all, 0, &nreject, nwcs, arr);
	if (status) return status;
	for (int i = 0; i < *nwcs; i++) {
		if ((*arr)[i].alt[0] == ' ' || (*arr)[i].alt[0] == 0) { *idx = i; break; }
	}
	return 0;
}

// esod_fix translates old forms (CROTA, non-standard dates, units, AIPS
// spectral types, ...) as astropy does by default: no unsafe unit fixes and
// no NAXIS (so cylfix stays off). Its failures are not fatal, as in astropy.
static void esod_fix(struct wcsprm *w) {
	int stat[NWCSFIX];
	wcsfix(0, NULL, w, stat);
}

static void esod_free(struct wcsprm *arr, int nwcs) {
	wcsvfree(&nwcs, &arr);
}

static const char *esod_errmsg(struct wcsprm *w) {
	if (w->err && w->err->msg) return w->err->msg;
	return "";
}

static struct wcsprm *esod_at(struct wcsprm *arr, int i) { return arr + i; }
static const char *esod_ctype(struct wcsprm *w, int i) { return w->ctype[i]; }
static const char *esod_cunit(struct wcsprm *w, int i) { return w->cunit[i]; }
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

var enableErrors sync.Once

// WCS is the primary world coordinate system of one HDU. Its methods are
// safe for concurrent use.
type WCS struct {
	mu    sync.Mutex
	arr   *C.struct_wcsprm // the array wcspih allocated
	nwcs  C.int
	prm   *C.struct_wcsprm // the primary representation inside arr
	naxis int
	plane float64 // pixel coordinate of the third axis for SkyAt/PixelAt
}

// FromHeader parses one HDU's header: 80-character cards concatenated as in
// a FITS file (END optional). Lines separated by newlines are accepted too
// and padded to 80 characters. Only the primary representation is used.
func FromHeader(header string) (*WCS, error) {
	enableErrors.Do(func() { C.wcserr_enable(1) })
	text, nkey := normalise(header)
	if !hasPrimaryWCS(text) {
		return nil, errors.New("wcs: the header has no WCS keywords (CTYPEn, CRVALn, CRPIXn, CDELTn, CDi_j or PCi_j)")
	}
	ctext := C.CString(text)
	defer C.free(unsafe.Pointer(ctext))
	w := &WCS{plane: 1}
	var idx C.int
	if st := C.esod_parse(ctext, C.int(nkey), &w.arr, &w.nwcs, &idx); st != 0 {
		return nil, fmt.Errorf("wcs: wcslib could not parse the header (wcspih status %d)", int(st))
	}
	runtime.SetFinalizer(w, (*WCS).Close)
	if idx < 0 {
		w.Close()
		return nil, errors.New("wcs: the header has only alternate WCS descriptions (CTYPE1A ...), no primary one")
	}
	w.prm = C.esod_at(w.arr, idx)
	C.esod_fix(w.prm)
	if st := C.wcsset(w.prm); st != 0 {
		err := w.setError(int(st))
		w.Close()
		return nil, err
	}
	w.naxis = int(w.prm.naxis)
	if w.naxis < 1 {
		w.Close()
		return nil, errors.New("wcs: the header describes no axes")
	}
	if w.singular() {
		w.Close()
		return nil, errors.New("wcs: the header's CDi_j (or PCi_j × CDELTi) matrix is singular, so pixels cannot be mapped to the sky: check the CD/PC/CDELT keywords")
	}
	return w, nil
}

// setError turns wcsset's status into a sentence naming the keyword at fault.
func (w *WCS) setError(st int) error {
	msg := C.GoString(C.esod_errmsg(w.prm))
	switch st {
	case C.WCSERR_SINGULAR_MTX:
		return fmt.Errorf("wcs: the header's CDi_j (or PCi_j × CDELTi) matrix is singular, so pixels cannot be mapped to the sky: check the CD/PC/CDELT keywords (wcslib: %s)", msg)
	case C.WCSERR_BAD_CTYPE:
		for i := 0; i < int(w.prm.naxis); i++ {
			ct := strings.TrimSpace(C.GoString(C.esod_ctype(w.prm, C.int(i))))
			if len(ct) == 8 && ct[4] == '-' && !knownCode(ct[5:]) && !strings.Contains(ct, "-LOG") && !strings.Contains(ct, "-TAB") {
				return fmt.Errorf("wcs: the header's CTYPE%d '%s' is not a known projection (wcslib: %s)", i+1, ct, msg)
			}
		}
		return fmt.Errorf("wcs: the header's CTYPEn are inconsistent or unknown (wcslib: %s)", msg)
	case C.WCSERR_BAD_PARAM, C.WCSERR_BAD_COORD_TRANS, C.WCSERR_ILL_COORD_TRANS:
		return fmt.Errorf("wcs: the header's projection parameters (PVi_m, LONPOLE, LATPOLE, CRVAL) are invalid (wcslib: %s)", msg)
	}
	return fmt.Errorf("wcs: wcslib rejected the header (status %d: %s)", st, msg)
}

// singular reports whether the linear transformation (CDELTi × PCi_j,
// which wcsset made of CDi_j too) is singular. wcslib's own inversion
// catches only exact zeros, and wcsfix completes a zero row, as astropy
// does; a matrix with proportional rows still passes them.
func (w *WCS) singular() bool {
	n := w.naxis
	pc := unsafe.Slice((*float64)(unsafe.Pointer(w.prm.pc)), n*n)
	cdelt := unsafe.Slice((*float64)(unsafe.Pointer(w.prm.cdelt)), n)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		big := 0.0
		for j := range m[i] {
			m[i][j] = cdelt[i] * pc[i*n+j]
			big = math.Max(big, math.Abs(m[i][j]))
		}
		if big == 0 {
			return true
		}
		for j := range m[i] {
			m[i][j] /= big // rows scaled to 1: the test below is relative
		}
	}
	// Gaussian elimination with partial pivoting; a vanishing pivot means
	// the rows are dependent.
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-10 {
			return true
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k < n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	return false
}

// knownCode reports whether s is one of wcslib's projection codes (or a
// distortion form it reads, TPV/TNX/ZPX).
func knownCode(s string) bool {
	switch s {
	case "AZP", "SZP", "TAN", "STG", "SIN", "ARC", "ZPN", "ZEA", "AIR", "CYP", "CEA", "CAR", "MER", "COP",
		"COE", "COD", "COO", "SFL", "GLS", "PAR", "MOL", "AIT", "BON", "PCO", "TSC", "CSC", "QSC", "HPX", "XPH",
		"TPV", "TNX", "ZPX", "NCP", "SIP":
		return true
	}
	return false
}

// Close frees wcslib's memory. It is safe to call twice; a finalizer calls
// it for a WCS that is dropped unclosed.
func (w *WCS) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.arr != nil {
		C.esod_free(w.arr, w.nwcs)
		w.arr, w.prm = nil, nil
	}
	runtime.SetFinalizer(w, nil)
}

// NAxis is the number of axes (pixel and world).
func (w *WCS) NAxis() int { return w.naxis }

var errClosed = errors.New("wcs: the WCS is closed")

// PixelToWorld maps one point (FITS 1-based pixel coordinates, NAxis of
// them) to world coordinates: degrees on the sky; wcslib (like astropy)
// gives spectral axes in SI units (m, Hz, m/s) whatever CUNITn says; see
// Spectral for the unit.
func (w *WCS) PixelToWorld(pix []float64) ([]float64, error) {
	if len(pix) != w.naxis {
		return nil, fmt.Errorf("wcs: %d pixel coordinates given, the WCS has %d axes", len(pix), w.naxis)
	}
	out, err := w.PixelsToWorld(pix)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(out[0]) {
		return nil, fmt.Errorf("wcs: pixel %s lies outside the projection's valid region", fmtPoint(pix))
	}
	return out, nil
}

// WorldToPixel maps one world point back to FITS 1-based pixel coordinates.
func (w *WCS) WorldToPixel(world []float64) ([]float64, error) {
	if len(world) != w.naxis {
		return nil, fmt.Errorf("wcs: %d world coordinates given, the WCS has %d axes", len(world), w.naxis)
	}
	out, err := w.WorldsToPixel(world)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(out[0]) {
		return nil, fmt.Errorf("wcs: world point %s has no pixel (outside the projection or the distortion's range)", fmtPoint(world))
	}
	return out, nil
}

// PixelsToWorld maps many points in one wcslib call: pix holds NAxis values
// per point, interleaved. Points outside the projection's valid region come
// back as NaN (as astropy returns them); other failures are errors.
func (w *WCS) PixelsToWorld(pix []float64) ([]float64, error) {
	return w.transform(pix, true)
}

// WorldsToPixel is PixelsToWorld's inverse, NaN for points with no pixel.
func (w *WCS) WorldsToPixel(world []float64) ([]float64, error) {
	return w.transform(world, false)
}

func (w *WCS) transform(in []float64, forward bool) ([]float64, error) {
	n := w.naxis
	if len(in)%n != 0 {
		return nil, fmt.Errorf("wcs: %d coordinates is not a whole number of %d-axis points", len(in), n)
	}
	npt := len(in) / n
	out := make([]float64, len(in))
	if npt == 0 {
		return out, nil
	}
	img := make([]float64, len(in))
	phi := make([]float64, npt)
	theta := make([]float64, npt)
	stat := make([]C.int, npt)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.prm == nil {
		return nil, errClosed
	}
	d := func(s []float64) *C.double { return (*C.double)(unsafe.Pointer(&s[0])) }
	var st C.int
	if forward {
		st = C.wcsp2s(w.prm, C.int(npt), C.int(n), d(in), d(img), d(phi), d(theta), d(out), &stat[0])
	} else {
		st = C.wcss2p(w.prm, C.int(npt), C.int(n), d(in), d(phi), d(theta), d(img), d(out), &stat[0])
	}
	switch st {
	case 0:
	case C.WCSERR_BAD_PIX, C.WCSERR_BAD_WORLD:
		// Per-point failures: stat says which; those points become NaN.
		for i, s := range stat {
			if s != 0 {
				for k := 0; k < n; k++ {
					out[i*n+k] = math.NaN()
				}
			}
		}
	default:
		dir := "pixel→world"
		if !forward {
			dir = "world→pixel"
		}
		return nil, fmt.Errorf("wcs: %s failed (wcslib status %d: %s)", dir, int(st), C.GoString(C.esod_errmsg(w.prm)))
	}
	return out, nil
}

// Celestial returns the 0-based indices of the longitude and latitude axes.
func (w *WCS) Celestial() (lng, lat int, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.prm == nil || w.prm.lng < 0 || w.prm.lat < 0 {
		return -1, -1, false
	}
	return int(w.prm.lng), int(w.prm.lat), true
}

// Spectral returns the spectral axis (0-based), its CTYPE (FREQ, AWAV,
// WAVE, VRAD, ...) and unit as wcslib normalised them ("m", "Hz", ...).
func (w *WCS) Spectral() (axis int, ctype, unit string, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.prm == nil || w.prm.spec < 0 {
		return -1, "", "", false
	}
	i := C.int(w.prm.spec)
	return int(i), strings.TrimSpace(C.GoString(C.esod_ctype(w.prm, i))), strings.TrimSpace(C.GoString(C.esod_cunit(w.prm, i))), true
}

// Frame names the celestial frame: ICRS, FK5, FK4, FK4-NO-E, GAPPT,
// GALACTIC, ECLIPTIC, HELIOECLIPTIC, SUPERGALACTIC; "" without sky axes.
func (w *WCS) Frame() string {
	f, _ := w.frame()
	return f
}

// frame returns the frame and, for FK4/FK5, the equinox (0 if unset).
func (w *WCS) frame() (string, float64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.prm == nil || w.prm.lng < 0 {
		return "", 0
	}
	ct := strings.ToUpper(strings.TrimSpace(C.GoString(C.esod_ctype(w.prm, w.prm.lng))))
	eq := float64(w.prm.equinox)
	if math.IsNaN(eq) || eq == 987654321.0e99 { // wcslib's UNDEFINED
		eq = 0
	}
	switch {
	case strings.HasPrefix(ct, "GLON"):
		return "GALACTIC", 0
	case strings.HasPrefix(ct, "ELON"):
		return "ECLIPTIC", eq
	case strings.HasPrefix(ct, "HLON"):
		return "HELIOECLIPTIC", eq
	case strings.HasPrefix(ct, "SLON"):
		return "SUPERGALACTIC", 0
	case strings.HasPrefix(ct, "RA"):
	default:
		return "", 0
	}
	rs := strings.ToUpper(strings.TrimSpace(C.GoString(&w.prm.radesys[0])))
	if rs == "" {
		// Paper II's defaults: ICRS without EQUINOX, FK4 before 1984, FK5 after.
		switch {
		case eq == 0:
			rs = "ICRS"
		case eq < 1984:
			rs = "FK4"
		default:
			rs = "FK5"
		}
	}
	if (rs == "FK5" || rs == "FK4" || rs == "FK4-NO-E") && eq == 0 {
		if rs == "FK5" {
			eq = 2000
		} else {
			eq = 1950
		}
	}
	return rs, eq
}

// SetPlane sets the pixel coordinate (1-based) of the third axis that
// SkyAt and PixelAt use (a cube's plane); it is 1 until set.
func (w *WCS) SetPlane(p float64) {
	w.mu.Lock()
	w.plane = p
	w.mu.Unlock()
}

// basePixel is the pixel vector for image pixel (x, y): axis 3 at the
// plane, further axes at 1.
func (w *WCS) basePixel(x, y float64) []float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	pix := make([]float64, w.naxis)
	for i := range pix {
		pix[i] = 1
	}
	if w.naxis >= 3 {
		pix[2] = w.plane
	}
	pix[0] = x
	if w.naxis >= 2 {
		pix[1] = y
	}
	return pix
}

// SkyAt maps image pixel (x, y), FITS 1-based, to ICRS right ascension
// and declination in degrees, converting Galactic and FK5 headers.
func (w *WCS) SkyAt(x, y float64) (ra, dec float64, err error) {
	lng, lat, ok := w.Celestial()
	if !ok {
		return 0, 0, errors.New("wcs: the header has no celestial axes (RA/DEC or GLON/GLAT), so pixels have no sky position")
	}
	world, err := w.PixelToWorld(w.basePixel(x, y))
	if err != nil {
		return 0, 0, err
	}
	frame, eq := w.frame()
	return toICRS(frame, eq, world[lng], world[lat])
}

// PixelAt maps ICRS (ra, dec) in degrees to image pixel (x, y), FITS
// 1-based, on the current plane.
func (w *WCS) PixelAt(ra, dec float64) (x, y float64, err error) {
	lng, lat, ok := w.Celestial()
	if !ok {
		return 0, 0, errors.New("wcs: the header has no celestial axes (RA/DEC or GLON/GLAT), so the sky has no pixel")
	}
	frame, eq := w.frame()
	a, b, err := fromICRS(frame, eq, ra, dec)
	if err != nil {
		return 0, 0, err
	}
	// The other world axes (a cube's wavelength) take their values at the
	// image centre of the current plane's reference pixel (1,1,plane).
	world, err := w.PixelToWorld(w.basePixel(1, 1))
	if err != nil {
		// (1,1) may be outside an all-sky projection: start from the
		// reference pixel's world instead.
		world = w.crval()
	}
	world[lng], world[lat] = a, b
	pix, err := w.WorldToPixel(world)
	if err != nil {
		return 0, 0, fmt.Errorf("wcs: RA %.6f Dec %.6f has no pixel in this image's projection", ra, dec)
	}
	if w.naxis < 2 {
		return pix[0], 0, nil
	}
	return pix[0], pix[1], nil
}

func (w *WCS) crval() []float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]float64, w.naxis)
	if w.prm != nil {
		src := unsafe.Slice((*float64)(unsafe.Pointer(w.prm.crval)), w.naxis)
		copy(out, src)
	}
	return out
}

func fmtPoint(p []float64) string {
	s := make([]string, len(p))
	for i, v := range p {
		s[i] = fmt.Sprintf("%g", v)
	}
	return "(" + strings.Join(s, ", ") + ")"
}
