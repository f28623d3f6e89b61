package fits

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Image layouts beyond "one 1-D image with a dispersion": spectra split over
// named image HDUs, IRAF multispec, SDSS spSpec/spPlate and UVES_popler.
// Each returns nil, nil when the file is not of its kind.

var (
	fluxHDUNames = map[string]bool{"FLUX": true, "SCI": true, "DATA": true}
	waveHDUNames = map[string]bool{"WAVE": true, "WAVELENGTH": true, "LAMBDA": true}
	errHDUKinds  = map[string]errKind{"ERR": errSigma, "ERROR": errSigma, "SIGMA": errSigma, "NOISE": errSigma,
		"STAT_ERR": errSigma, "VAR": errVariance, "VARIANCE": errVariance, "IVAR": errIvar, "INVVAR": errIvar}
)

func isImageHDU(h *hdu) bool { return h.xtension == "" || h.xtension == "IMAGE" }

func extname(h *hdu) string { return strings.ToUpper(strings.TrimSpace(h.str("EXTNAME"))) }

func listHDUs(hdus []*hdu) string {
	var what []string
	for _, h := range hdus {
		what = append(what, h.describe())
	}
	return strings.Join(what, "; ")
}

// readNamedImages reads a spectrum whose arrays are image HDUs named FLUX
// (or SCI/DATA), ERR/SIGMA/VARIANCE/IVAR and WAVE/WAVELENGTH/LAMBDA.
func readNamedImages(data []byte, hdus []*hdu) (*Spectrum, error) {
	var flux, wave *hdu
	for _, h := range hdus {
		if !isImageHDU(h) || !is1D(h) {
			continue
		}
		switch n := extname(h); {
		case fluxHDUNames[n] && flux == nil:
			flux = h
		case waveHDUNames[n] && wave == nil:
			wave = h
		}
	}
	if flux == nil {
		if wave != nil {
			return nil, fmt.Errorf("no FLUX column or HDU (an image HDU named FLUX, SCI or DATA) next to %s; the HDUs are: %s", wave.label(), listHDUs(hdus))
		}
		return nil, nil
	}
	n := flux.axes[0]
	s := &Spectrum{Flux: imageValues(data, flux), FluxUnit: strings.TrimSpace(flux.str("BUNIT")), Axis: "wavelength"}
	switch {
	case wave != nil:
		if wave.axes[0] != n {
			return nil, fmt.Errorf("%s has %d values but %s has %d", wave.label(), wave.axes[0], flux.label(), n)
		}
		s.Wave = imageValues(data, wave)
		s.WaveUnit = strings.TrimSpace(wave.str("BUNIT"))
		if s.WaveUnit == "" {
			s.WaveUnit = strings.TrimSpace(firstNonEmpty(wave.str("CUNIT1"), flux.str("CUNIT1")))
		}
		if a := UnitAxis(s.WaveUnit); a != "" {
			s.Axis = a
		}
		s.Air = strings.HasPrefix(strings.ToUpper(strings.TrimSpace(wave.str("CTYPE1"))), "AWAV")
	case flux.has("CRVAL1"):
		w, unit, axis, air, err := dispersion(flux, n)
		if err != nil {
			return nil, err
		}
		s.Wave, s.WaveUnit, s.Axis, s.Air = w, unit, axis, air
	default:
		return nil, fmt.Errorf("no WAVE HDU (an image named WAVE, WAVELENGTH or LAMBDA) and %s has no dispersion keywords (CRVAL1, CDELT1); the HDUs are: %s", flux.label(), listHDUs(hdus))
	}
	for _, h := range hdus {
		kind, ok := errHDUKinds[extname(h)]
		if ok && isImageHDU(h) && is1D(h) && h.axes[0] == n {
			s.Err = errorToSigma(imageValues(data, h), kind)
			break
		}
	}
	return s, nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// rawCards returns the untrimmed value strings of the keywords key+"_001",
// key+"_002", ... concatenated: IRAF splits WAT attributes over 68-character
// cards whose trailing blanks matter, and the card parser trims them.
func rawCards(data []byte, h *hdu, key string) string {
	var b strings.Builder
	for off := h.start; off+80 <= h.dataStart; off += 80 {
		line := string(data[off : off+80])
		if !strings.HasPrefix(line, key+"_") || len(line) < 10 || line[8] != '=' {
			continue
		}
		v := line[10:]
		i := strings.IndexByte(v, '\'')
		j := strings.LastIndexByte(v, '\'')
		if i < 0 || j <= i {
			continue
		}
		b.WriteString(v[i+1 : j])
	}
	return b.String()
}

var specAttr = regexp.MustCompile(`spec(\d+)\s*=\s*"([^"]*)"`)

// readMultispec reads an IRAF multispec image: NAXIS1 pixels, NAXIS2
// apertures, NAXIS3 bands (spectrum, raw, sky, sigma, ... named by BANDIDn),
// with each aperture's dispersion in WAT2 "specN = ..." attributes. It
// returns one spectrum per aperture.
func readMultispec(data []byte, h *hdu) ([]*Spectrum, error) {
	if !isImageHDU(h) || len(h.axes) == 0 || !strings.Contains(strings.ToLower(h.str("WAT0_001")), "system=multispec") {
		return nil, nil
	}
	n := h.axes[0]
	naps, nbands := 1, 1
	if len(h.axes) > 1 {
		naps = h.axes[1]
	}
	if len(h.axes) > 2 {
		nbands = h.axes[2]
	}
	wat2 := rawCards(data, h, "WAT2")
	specs := map[int][]string{}
	for _, m := range specAttr.FindAllStringSubmatch(wat2, -1) {
		k, _ := strconv.Atoi(m[1])
		specs[k] = strings.Fields(m[2])
	}
	unit := watUnits(rawCards(data, h, "WAT1"))
	pix := imageValues(data, h)
	if len(pix) < n*naps*nbands {
		return nil, fmt.Errorf("%s: IRAF multispec image has %d pixels, fewer than its %d×%d×%d axes", h.label(), len(pix), n, naps, nbands)
	}
	errBand := -1
	for b := 1; b <= nbands; b++ {
		id := strings.ToLower(h.str(fmt.Sprintf("BANDID%d", b)))
		if b > 1 && (strings.Contains(id, "sigma") || strings.Contains(id, "error")) {
			errBand = b - 1
		}
	}
	var out []*Spectrum
	for ap := 0; ap < naps; ap++ {
		f := specs[ap+1]
		if len(f) < 6 {
			return nil, fmt.Errorf("%s: IRAF multispec without a WAT2 \"spec%d = ...\" attribute for aperture %d", h.label(), ap+1, ap+1)
		}
		dtype, _ := strconv.Atoi(f[2])
		w1, ok1 := parseFITSFloat(f[3])
		dw, ok2 := parseFITSFloat(f[4])
		z := 0.0
		if len(f) > 6 {
			z, _ = parseFITSFloat(f[6])
		}
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: aperture %d: cannot read w1 and dw in %q", h.label(), ap+1, strings.Join(f, " "))
		}
		if dtype != 0 && dtype != 1 {
			return nil, fmt.Errorf("%s: aperture %d has IRAF dispersion type %d (non-linear); only linear (0) and log-linear (1) are supported", h.label(), ap+1, dtype)
		}
		wave := make([]float64, n)
		for i := range wave {
			x := w1 + dw*float64(i)
			if dtype == 1 {
				x = math.Pow(10, x)
			}
			wave[i] = x / (1 + z)
		}
		band := func(b int) []float64 {
			off := (b*naps + ap) * n
			return append([]float64(nil), pix[off:off+n]...)
		}
		s := &Spectrum{Axis: "wavelength", WaveUnit: unit, Wave: wave, Flux: band(0), FluxUnit: strings.TrimSpace(h.str("BUNIT"))}
		if a := UnitAxis(unit); a != "" {
			s.Axis = a
		}
		for b := 1; b < nbands; b++ {
			if b == errBand {
				s.Err = band(b)
				continue
			}
			name := strings.TrimSpace(h.str(fmt.Sprintf("BANDID%d", b+1)))
			if name == "" {
				name = fmt.Sprintf("band %d", b+1)
			}
			s.Extra = append(s.Extra, Array{Name: name, Values: band(b)})
		}
		if naps > 1 {
			s.Title = fmt.Sprintf("aperture %s", f[0])
		}
		out = append(out, s)
	}
	return out, nil
}

// sdssFluxUnit is the flux unit of SDSS spectra (their BUNIT is often absent).
const sdssFluxUnit = "1e-17 erg/s/cm2/Angstrom"

// readSDSSImage reads an old-style SDSS spSpec (rows: flux, continuum-
// subtracted flux, error, mask) or spPlate (one row per fiber, inverse
// variance in HDU 1) image: vacuum wavelengths 10^(COEFF0 + COEFF1*i).
func readSDSSImage(data []byte, hdus []*hdu) ([]*Spectrum, error) {
	h := hdus[0]
	c0, ok0 := h.float("COEFF0")
	c1, ok1 := h.float("COEFF1")
	if !ok0 || !ok1 || len(h.axes) != 2 || h.axes[0] < 2 {
		return nil, nil
	}
	n, rows := h.axes[0], h.axes[1]
	wave := make([]float64, n)
	for i := range wave {
		wave[i] = math.Pow(10, c0+c1*float64(i))
	}
	unit := firstNonEmpty(strings.TrimSpace(h.str("BUNIT")), sdssFluxUnit)
	pix := imageValues(data, h)
	row := func(v []float64, r int) []float64 { return append([]float64(nil), v[r*n:(r+1)*n]...) }
	mk := func(flux []float64) *Spectrum {
		return &Spectrum{Axis: "wavelength", WaveUnit: UnitAngstrom, Wave: append([]float64(nil), wave...), Flux: flux, FluxUnit: unit}
	}
	if len(hdus) > 1 && isImageHDU(hdus[1]) && len(hdus[1].axes) == 2 && hdus[1].axes[0] == n && hdus[1].axes[1] == rows {
		ivar := imageValues(data, hdus[1]) // spPlate
		var out []*Spectrum
		for r := 0; r < rows; r++ {
			s := mk(row(pix, r))
			s.Err = errorToSigma(row(ivar, r), errIvar)
			s.Title = fmt.Sprintf("fiber %d", r+1)
			out = append(out, s)
		}
		return out, nil
	}
	s := mk(row(pix, 0))
	if rows >= 3 {
		s.Err = row(pix, 2)
	}
	names := map[int]string{1: "continuum-subtracted flux", 3: "mask"}
	for r := 1; r < rows; r++ {
		if r == 2 {
			continue
		}
		name := names[r]
		if name == "" {
			name = fmt.Sprintf("row %d", r+1)
		}
		s.Extra = append(s.Extra, Array{Name: name, Values: row(pix, r)})
	}
	return []*Spectrum{s}, nil
}

// readRowImage reads a 2-D image whose rows are arrays on one dispersion
// (UVES_popler: normalised flux, error, ..., continuum in row 4): row 1 is the
// flux, row 2 its error, the others extras. It needs ORIGIN = 'UVES_popler'
// or a DC-FLAG keyword, so a 2-D long-slit image is not taken for one.
func readRowImage(data []byte, h *hdu) (*Spectrum, error) {
	if !isImageHDU(h) || len(h.axes) != 2 || h.axes[0] < 2 || h.axes[1] < 2 || h.axes[1] > 10 || !h.has("CRVAL1") {
		return nil, nil
	}
	popler := strings.Contains(strings.ToUpper(h.str("ORIGIN")), "UVES_POPLER")
	if !popler && !h.has("DC-FLAG") {
		return nil, nil // a long-slit 2-D spectrum, not rows of 1-D arrays
	}
	n, rows := h.axes[0], h.axes[1]
	wave, unit, axis, air, err := dispersion(h, n)
	if err != nil {
		return nil, err
	}
	pix := imageValues(data, h)
	row := func(r int) []float64 { return append([]float64(nil), pix[r*n:(r+1)*n]...) }
	s := &Spectrum{Axis: axis, WaveUnit: unit, Air: air, Wave: wave, Flux: row(0), Err: row(1), FluxUnit: strings.TrimSpace(h.str("BUNIT"))}
	for r := 2; r < rows; r++ {
		name := fmt.Sprintf("row %d", r+1)
		if popler && r == 3 {
			name = "CONTINUUM"
		}
		s.Extra = append(s.Extra, Array{Name: name, Values: row(r)})
	}
	return s, nil
}
