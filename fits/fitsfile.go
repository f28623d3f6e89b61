package fits

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// metaKeys are the header keywords shown beside the plot.
var metaKeys = map[string]bool{
	"PRODCATG": true, "OBJECT": true, "TITLE": true, "RA": true, "DEC": true, "INSTRUME": true,
	"TELESCOP": true, "DATE-OBS": true, "MJD-OBS": true, "MJD-END": true, "EXPTIME": true, "TEXPTIME": true,
	"SPECSYS": true, "FLUXCAL": true, "FLUXERR": true, "CONTNORM": true, "WAVELMIN": true, "WAVELMAX": true,
	"SPEC_BIN": true, "SPEC_RES": true, "SPEC_ERR": true, "SPEC_SYE": true, "SNR": true, "PROG_ID": true,
	"OBSTECH": true, "ARCFILE": true, "ORIGFILE": true, "PRODLVL": true, "REFERENC": true, "VOCLASS": true,
	"NELEM": true, "BUNIT": true, "OBSERVER": true, "ORIGIN": true, "OBID1": true, "PI-COI": true,
	"EQUINOX": true, "RADESYS": true, "AIRMASS": true, "REDSHIFT": true, "Z": true,
}

// readFITS finds the spectrum in a FITS file: a spectrum table first
// (ESO SDP vector table or one row per pixel), else an image layout. It
// returns every spectrum the file holds (several for IRAF multispec
// apertures and SDSS spPlate fibers), the default one first.
func readFITS(ctx context.Context, data []byte) ([]*Spectrum, error) {
	hdus, tailErr, err := decodeHDUs(data)
	if err != nil {
		return nil, err
	}
	all, err := findSpectra(ctx, data, hdus)
	if err != nil {
		if tailErr != nil {
			return nil, fmt.Errorf("%w (also: %v)", err, tailErr)
		}
		return nil, err
	}
	var headers []Header
	for _, h := range hdus {
		headers = append(headers, h.header())
	}
	meta := collectMeta(hdus)
	for _, s := range all {
		s.Headers = headers
		s.Meta = meta
		if s.Object == "" {
			s.Object = firstValue(hdus, "OBJECT")
		}
		title := makeTitle(s.Object, firstValue(hdus, "INSTRUME"), firstValue(hdus, "TITLE"))
		switch {
		case s.Title == "":
			s.Title = title
		case title != "": // "aperture 2" becomes "NGC 1 (X) aperture 2"
			s.Title = title + " " + s.Title
		}
	}
	return all, nil
}

// findSpectra tries the layouts from the most to the least specific.
func findSpectra(ctx context.Context, data []byte, hdus []*hdu) ([]*Spectrum, error) {
	if multi, err := readMultispec(data, hdus[0]); err != nil || multi != nil {
		return multi, err
	}
	if sdss, err := readSDSSImage(data, hdus); err != nil || sdss != nil {
		return sdss, err
	}
	s, err := findSpectrum(ctx, data, hdus)
	if err != nil {
		return nil, err
	}
	return []*Spectrum{s}, nil
}

func firstValue(hdus []*hdu, key string) string {
	for _, h := range hdus {
		if v := strings.TrimSpace(h.str(key)); v != "" {
			return v
		}
	}
	return ""
}

func makeTitle(object, instrument, title string) string {
	switch {
	case object != "" && instrument != "":
		return object + " (" + instrument + ")"
	case object != "":
		return object
	}
	return title
}

func collectMeta(hdus []*hdu) []Card {
	var meta []Card
	seen := map[string]bool{}
	for _, h := range hdus {
		for _, c := range h.cards {
			if metaKeys[c.Key] && !seen[c.Key] && c.Value != "" {
				seen[c.Key] = true
				meta = append(meta, c)
			}
		}
	}
	return meta
}

// errNoTable marks a table HDU that holds no spectrum (so others are tried).
var errNoTable = errors.New("no spectral axis column")

func findSpectrum(ctx context.Context, data []byte, hdus []*hdu) (*Spectrum, error) {
	// Tables first: the best-looking spectrum table wins.
	var best *tableLayout
	var tableErrs []string
	tables := 0
	for _, h := range hdus {
		if h.xtension != "BINTABLE" && h.xtension != "TABLE" {
			continue
		}
		tables++
		lay, err := layoutTable(h)
		if err != nil {
			if !errors.Is(err, errNoTable) {
				tableErrs = append(tableErrs, err.Error())
			}
			continue
		}
		if best == nil || lay.score > best.score {
			best = lay
		}
	}
	if best != nil {
		s, err := readTable(ctx, data, best)
		if err == nil && best.roles.logWave && best.roles.errKind == errIvar && s.FluxUnit == "" {
			sdssSpecLite(s)
		}
		return s, err
	}
	if len(tableErrs) > 0 {
		return nil, errors.New(strings.Join(tableErrs, "; "))
	}
	// Then images: named FLUX/ERR/WAVE HDUs, a 1D image, rows of a 2D image.
	if s, err := readNamedImages(data, hdus); err != nil || s != nil {
		return s, err
	}
	for _, h := range hdus {
		if isImageHDU(h) && is1D(h) {
			return readImage(data, h, hdus)
		}
	}
	for _, h := range hdus {
		if s, err := readRowImage(data, h); err != nil || s != nil {
			return s, err
		}
	}
	for _, h := range hdus {
		if isCompressedImage(h) {
			if s, err := readCompressed(ctx, data, h); err != nil || s != nil {
				return s, err
			}
		}
	}
	tail := "and there is no spectrum table"
	if tables > 0 {
		tail = "and no table has a spectral axis column (utype spec:Data.SpectralAxis.Value, UCD em.wl, or a column named WAVE)"
	}
	return nil, fmt.Errorf("not a 1D spectrum: %s %s", listHDUs(hdus), tail)
}

// sdssSpecLite completes an SDSS spec-lite table (flux, loglam, ivar, ...
// without units): fluxes in 1e-17 erg/s/cm2/Å, vacuum wavelengths in Å.
func sdssSpecLite(s *Spectrum) {
	s.FluxUnit = sdssFluxUnit
	if s.WaveUnit == "" {
		s.WaveUnit, s.Axis, s.Air = UnitAngstrom, "wavelength", false
	}
}
