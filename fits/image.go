package fits

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"codeberg.org/astrogo/fitsio"
)

// is1D reports an image whose only axis longer than 1 is the first.
func is1D(h *hdu) bool {
	if len(h.axes) == 0 || h.axes[0] < 2 {
		return false
	}
	for _, a := range h.axes[1:] {
		if a != 1 {
			return false
		}
	}
	return true
}

// readImage reads a 1D image spectrum: flux in the pixels, wavelength from
// the linear (or log-linear) dispersion keywords. A 1D image extension of the
// same length named ERR/SIGMA/NOISE/VARIANCE/IVAR becomes the error.
func readImage(data []byte, h *hdu, hdus []*hdu) (*Spectrum, error) {
	flux := imageValues(data, h)
	n := len(flux)
	wave, unit, axis, air, err := dispersion(h, n)
	if err != nil {
		return nil, err
	}
	s := &Spectrum{
		Axis: axis, WaveUnit: unit, Air: air, Wave: wave,
		Flux: flux, FluxUnit: strings.TrimSpace(h.str("BUNIT")),
	}
	for _, o := range hdus {
		if o == h || (o.xtension != "" && o.xtension != "IMAGE") || !is1D(o) || o.axes[0] != n {
			continue
		}
		switch strings.ToUpper(strings.TrimSpace(o.str("EXTNAME"))) {
		case "ERR", "ERROR", "SIGMA", "NOISE", "STAT_ERR":
			s.Err = imageValues(data, o)
		case "VAR", "VARIANCE":
			s.Err = errorToSigma(imageValues(data, o), errVariance)
		case "IVAR", "INVVAR":
			s.Err = errorToSigma(imageValues(data, o), errIvar)
		default:
			continue
		}
		break
	}
	return s, nil
}

// imageRaw is the image's pixel bytes as fitsio read them (Raw), or our
// scanner's slice of the file when fitsio rejected the HDU.
func imageRaw(data []byte, h *hdu) []byte {
	if img, ok := h.fio.(fitsio.Image); ok {
		return img.Raw()
	}
	return data[h.dataStart : h.dataStart+h.dataLen]
}

// imageValues decodes the raw pixels and applies BLANK, BSCALE and BZERO
// ourselves (fitsio's Image/Read mishandle a fractional BSCALE).
func imageValues(data []byte, h *hdu) []float64 {
	size := abs(h.bitpix) / 8
	raw := imageRaw(data, h)
	n := len(raw) / size
	scale, zero := 1.0, 0.0
	if v, ok := h.float("BSCALE"); ok && v != 0 {
		scale = v
	}
	if v, ok := h.float("BZERO"); ok {
		zero = v
	}
	blank, hasBlank := h.int("BLANK")
	out := make([]float64, n)
	for i := range out {
		b := raw[i*size:]
		var v float64
		var iv int64
		isInt := true
		switch h.bitpix {
		case 8:
			iv = int64(b[0])
		case 16:
			iv = int64(int16(binary.BigEndian.Uint16(b)))
		case 32:
			iv = int64(int32(binary.BigEndian.Uint32(b)))
		case 64:
			iv = int64(binary.BigEndian.Uint64(b))
		case -32:
			v, isInt = float64(math.Float32frombits(binary.BigEndian.Uint32(b))), false
		case -64:
			v, isInt = math.Float64frombits(binary.BigEndian.Uint64(b)), false
		}
		if isInt {
			if hasBlank && iv == int64(blank) {
				out[i] = math.NaN()
				continue
			}
			v = float64(iv)
		}
		out[i] = v*scale + zero
	}
	return out
}

// dispersion computes the spectral axis of a 1D image:
// wave(p) = CRVAL1 + (p - CRPIX1) * CDELT1 for 1-based pixel p, with
// CD1_1 standing in for CDELT1, 10^wave when DC-FLAG = 1, and the WCS
// "-LOG" algorithm when CTYPE1 ends in it.
func dispersion(h *hdu, n int) (wave []float64, unit, axis string, air bool, err error) {
	crval, ok := h.float("CRVAL1")
	if !ok {
		return nil, "", "", false, fmt.Errorf("not a 1D spectrum: %s is a 1-D image of %d pixels without a spectral axis (no CRVAL1)", h.label(), n)
	}
	cdelt, ok := h.float("CDELT1")
	if !ok || cdelt == 0 {
		cdelt, ok = h.float("CD1_1")
	}
	if !ok || cdelt == 0 {
		return nil, "", "", false, fmt.Errorf("not a 1D spectrum: %s has CRVAL1 but no (non-zero) CDELT1 or CD1_1", h.label())
	}
	crpix, ok := h.float("CRPIX1")
	if !ok {
		crpix = 1
	}
	ctype := strings.ToUpper(strings.TrimSpace(h.str("CTYPE1")))
	dcflag, _ := h.int("DC-FLAG")
	logWCS := strings.HasSuffix(ctype, "-LOG")

	unit = strings.TrimSpace(h.str("CUNIT1"))
	if unit == "" {
		// Some writers put the unit in CTYPE1 ('Angstrom'), IRAF in WAT1_001.
		if NormalizeUnit(ctype) != "" {
			unit = NormalizeUnit(ctype)
		} else if u := watUnits(h.str("WAT1_001")); u != "" {
			unit = u
		} // else none: Ångström is assumed where the values allow (assumeWaveUnit)
	}
	axis = "wavelength"
	switch {
	case strings.HasPrefix(ctype, "FREQ"):
		axis = "frequency"
	case strings.HasPrefix(ctype, "ENER"):
		axis = "energy"
	default:
		if a := UnitAxis(unit); a != "" {
			axis = a
		}
	}
	air = strings.HasPrefix(ctype, "AWAV")
	wave = make([]float64, n)
	for i := range wave {
		x := float64(i+1) - crpix
		switch {
		case dcflag == 1:
			wave[i] = math.Pow(10, crval+x*cdelt)
		case logWCS:
			wave[i] = crval * math.Exp(x*cdelt/crval)
		default:
			wave[i] = crval + x*cdelt
		}
	}
	return wave, unit, axis, air, nil
}

// watUnits finds "units=angstroms" in an IRAF WAT1_001 card.
func watUnits(wat string) string {
	for _, f := range strings.Fields(wat) {
		if v, ok := strings.CutPrefix(strings.ToLower(f), "units="); ok {
			return NormalizeUnit(v)
		}
	}
	return ""
}
