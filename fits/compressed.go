package fits

import (
	"context"
	"fmt"
	"os"
	"strings"

	"esodesk/fits/fitsimage"
)

// isCompressedImage reports a tile-compressed image (a BINTABLE with
// ZIMAGE = T), which fitsio cannot decode.
func isCompressedImage(h *hdu) bool {
	return h.xtension == "BINTABLE" && strings.EqualFold(strings.TrimSpace(h.str("ZIMAGE")), "T")
}

// readCompressed reads a 1-D spectrum from a tile-compressed HDU (.fits.fz)
// through fitsimage (cfitsio), which works on files: the bytes go to a
// temporary file first. fitsimage opens images of two or more axes, so an
// N×1 or 1×N image works; ZNAXIS = 1 does not yet.
func readCompressed(ctx context.Context, data []byte, h *hdu) (*Spectrum, error) {
	znaxis, _ := h.int("ZNAXIS")
	z1, _ := h.int("ZNAXIS1")
	z2, _ := h.int("ZNAXIS2")
	if znaxis == 1 {
		return nil, fmt.Errorf("%s is a tile-compressed 1-D image (ZNAXIS = 1), which the cfitsio reader (fits/fitsimage) does not open yet; uncompress it with funpack", h.label())
	}
	if znaxis != 2 || (z1 != 1 && z2 != 1) {
		return nil, nil
	}
	tmp, err := os.CreateTemp("", "esodesk-*.fits")
	if err != nil {
		return nil, fmt.Errorf("cannot write a temporary copy to decompress %s: %w", h.label(), err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("cannot write a temporary copy to decompress %s: %w", h.label(), err)
	}
	f, err := fitsimage.Open(tmp.Name(), h.index+1)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.label(), err)
	}
	defer f.Close()
	plane, err := f.Plane(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.label(), err)
	}
	// The image's own header (cfitsio rebuilds NAXIS/CRVAL1...), parsed by
	// our card reader so dispersion() can use it.
	img := &hdu{index: h.index, keys: map[string]int{}}
	hdr := f.Header()
	for i := 0; i+80 <= len(hdr); i += 80 {
		img.addCard(parseCard([]byte(hdr[i : i+80])))
	}
	if z1 == 1 {
		// N values along the second axis: its keywords describe the spectrum.
		for _, k := range []string{"CRVAL", "CDELT", "CRPIX", "CTYPE", "CUNIT"} {
			if i, ok := img.keys[k+"2"]; ok {
				img.keys[k+"1"] = i
			}
		}
		if i, ok := img.keys["CD2_2"]; ok {
			img.keys["CD1_1"] = i
		}
	}
	flux := make([]float64, len(plane))
	for i, v := range plane {
		flux[i] = float64(v)
	}
	wave, unit, axis, air, err := dispersion(img, len(flux))
	if err != nil {
		return nil, err
	}
	return &Spectrum{Axis: axis, WaveUnit: unit, Air: air, Wave: wave, Flux: flux, FluxUnit: strings.TrimSpace(f.Unit())}, nil
}
