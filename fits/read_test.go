package fits

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/internal/unixz"
)

func mustRead(t *testing.T, b []byte, name string) *Spectrum {
	t.Helper()
	s, err := Read(bytes.NewReader(b), name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func sameFloats(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.IsNaN(w) != math.IsNaN(g) || (!math.IsNaN(w) && math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w))) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, g, w)
		}
	}
}

func f32s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func TestSDPFloat32WithExtrasAndQuality(t *testing.T) {
	n := 500
	wave := ramp32(n, 300, 0.05)
	flux := ramp32(n, 1e-16, 1e-19)
	flux[10] = nan32()
	errv := ramp32(n, 1e-18, 0)
	cont := ramp32(n, 2e-16, 0)
	qual := make([]int32, n)
	qual[10] = 16
	b := sdpFile("SPECTRUM v1.0", []tcolumn{
		{name: "WAVE", form: "500E", unit: "nm", ucd: "em.wl", utype: "spec:Data.SpectralAxis.Value", values: wave},
		{name: "FLUX_REDUCED", form: "500E", unit: "adu", ucd: "phot.flux.density;em.wl", utype: "eso:Data.FluxAxis.Value", values: cont},
		{name: "FLUX", form: "500E", unit: "erg cm**(-2) s**(-1) angstrom**(-1)", ucd: "phot.flux.density;em.wl;src.net;meta.main", utype: "spec:Data.FluxAxis.Value", values: flux},
		{name: "ERR", form: "500E", unit: "erg cm**(-2) s**(-1) angstrom**(-1)", ucd: "stat.error;phot.flux.density;em.wl", utype: "spec:Data.FluxAxis.Accuracy.StatError", values: errv},
		{name: "QUAL", form: "500J", ucd: "meta.code.qual", utype: "spec:Data.FluxAxis.Accuracy.QualityStatus", values: qual},
		{name: "LABEL", form: "8A", values: []uint8("abcdefgh")},
	})
	s := mustRead(t, b, "sdp.fits")
	sameFloats(t, "wave", s.Wave, f32s(wave))
	sameFloats(t, "flux", s.Flux, f32s(flux))
	sameFloats(t, "err", s.Err, f32s(errv))
	if s.WaveUnit != "nm" || s.Axis != "wavelength" || s.Air {
		t.Errorf("axis %q %q air=%v", s.Axis, s.WaveUnit, s.Air)
	}
	if s.FluxUnit != "erg cm**(-2) s**(-1) angstrom**(-1)" {
		t.Errorf("flux unit %q", s.FluxUnit)
	}
	if len(s.Quality) != n || s.Quality[10] != 16 || s.Quality[0] != 0 {
		t.Errorf("quality %v", s.Quality[:12])
	}
	if len(s.Extra) != 1 || s.Extra[0].Name != "FLUX_REDUCED" || s.Extra[0].Unit != "adu" {
		t.Fatalf("extras %+v", s.Extra)
	}
	sameFloats(t, "FLUX_REDUCED", s.Extra[0].Values, f32s(cont))
	if s.Title != "HD 100546 (UVES)" || s.Object != "HD 100546" || s.Source != "sdp.fits" {
		t.Errorf("title %q object %q source %q", s.Title, s.Object, s.Source)
	}
	meta := map[string]string{}
	for _, c := range s.Meta {
		meta[c.Key] = c.Value
	}
	if meta["PRODCATG"] != "SCIENCE.SPECTRUM" || meta["SPEC_RES"] != "42000" || meta["INSTRUME"] != "UVES" || meta["VOCLASS"] != "SPECTRUM v1.0" {
		t.Errorf("meta %v", meta)
	}
	if len(s.Headers) != 2 || s.Headers[0].Name != "PRIMARY" || s.Headers[1].Name != "SPECTRUM" {
		t.Errorf("headers %+v", s.Headers)
	}
}

func TestSDPScaledIntegersAndFloat64(t *testing.T) {
	n := 1000
	wave := ramp64(n, 3000.5, 0.01)
	raw := make([]int16, n)
	want := make([]float64, n)
	for i := range raw {
		raw[i] = int16(i - 500)
		want[i] = float64(raw[i])*0.25 + 100
	}
	raw[7] = -32768 // TNULL
	want[7] = math.NaN()
	b := sdpFile("spectrum V2.0", []tcolumn{
		{name: "WAVE", form: "1000D", unit: "Angstrom", ucd: "em.wl;obs.atmos", utype: "Spectrum.Data.SpectralAxis.Value", values: wave},
		{name: "FLUX", form: "1000I", unit: "adu", utype: "SPEC:DATA.FLUXAXIS.VALUE", values: raw,
			extra: []kv{{"TSCAL#", 0.25}, {"TZERO#", 100.0}, {"TNULL#", -32768}}},
	})
	s := mustRead(t, b, "scaled.fits")
	sameFloats(t, "wave", s.Wave, wave)
	sameFloats(t, "flux", s.Flux, want)
	if !s.Air || s.WaveUnit != "Angstrom" || s.Err != nil {
		t.Errorf("air=%v unit=%q err=%v", s.Air, s.WaveUnit, s.Err != nil)
	}
}

// Utypes choose the columns, whatever the names say.
func TestSDPMisleadingNames(t *testing.T) {
	n := 50
	wave := ramp32(n, 500, 1)
	flux := ramp32(n, 7, 0.5)
	errv := ramp32(n, 0.1, 0.001)
	b := sdpFile("SPECTRUM V2.0", []tcolumn{
		{name: "FLUX", form: "50E", unit: "adu", values: ramp32(n, -1, 0)}, // no utype, no UCD: an extra
		{name: "ERR", form: "50E", unit: "adu", utype: "spec:Data.FluxAxis.Value", values: flux},
		{name: "FLUX_ERR", form: "50E", unit: "nm", utype: "spec:Data.SpectralAxis.Value", values: wave},
		{name: "WAVE", form: "50E", unit: "adu", utype: "spec:Data.FluxAxis.Accuracy.StatError", values: errv},
	})
	s := mustRead(t, b, "names.fits")
	sameFloats(t, "wave", s.Wave, f32s(wave))
	sameFloats(t, "flux", s.Flux, f32s(flux))
	sameFloats(t, "err", s.Err, f32s(errv))
	if len(s.Extra) != 1 || s.Extra[0].Name != "FLUX" {
		t.Errorf("extras %+v", s.Extra)
	}
}

func TestVOCLASSCaseVariants(t *testing.T) {
	for _, vc := range []string{"SPECTRUM v1.0", "SPECTRUM V2.0", "spectrum v2.0", "Spectrum V1.0"} {
		// Only the UCDs say which is which here.
		b := sdpFile(vc, []tcolumn{
			{name: "A", form: "4E", ucd: "em.wl", unit: "um", values: []float32{1, 2, 3, 4}},
			{name: "B", form: "4E", ucd: "phot.flux.density;em.wl", values: []float32{5, 6, 7, 8}},
		})
		s := mustRead(t, b, vc)
		sameFloats(t, vc+" wave", s.Wave, []float64{1, 2, 3, 4})
		sameFloats(t, vc+" flux", s.Flux, []float64{5, 6, 7, 8})
		if s.WaveUnit != "um" {
			t.Errorf("%s: unit %q", vc, s.WaveUnit)
		}
	}
}

func TestPerPixelTable(t *testing.T) {
	n := 300
	wave := ramp64(n, 4000, 2)
	flux := ramp32(n, 1, 0.01)
	ivar := make([]float32, n)
	wantErr := make([]float64, n)
	for i := range ivar {
		ivar[i] = float32(4 + i%3)
		wantErr[i] = 1 / math.Sqrt(float64(ivar[i]))
	}
	ivar[5] = 0
	wantErr[5] = math.NaN()
	b := append(primaryEmpty(kv{"OBJECT", "QSO J0000"}), bintable("", n, []tcolumn{
		{name: "WAVELENGTH", form: "D", unit: "Angstrom", values: wave},
		{name: "FLUX", form: "E", unit: "1e-17 erg/s/cm2/Angstrom", values: flux},
		{name: "IVAR", form: "E", values: ivar},
		{name: "SKY", form: "E", values: ramp32(n, 0, 1)},
	})...)
	s := mustRead(t, b, "perpixel.fits")
	sameFloats(t, "wave", s.Wave, wave)
	sameFloats(t, "flux", s.Flux, f32s(flux))
	sameFloats(t, "err from ivar", s.Err, wantErr)
	if len(s.Extra) != 1 || s.Extra[0].Name != "SKY" || s.Title != "QSO J0000" {
		t.Errorf("extras %+v title %q", s.Extra, s.Title)
	}
}

func TestPerPixelLogLam(t *testing.T) {
	n := 10
	loglam := ramp32(n, 3.6, 0.0001)
	b := append(primaryEmpty(), bintable("COADD", n, []tcolumn{
		{name: "flux", form: "E", values: ramp32(n, 1, 1)},
		{name: "loglam", form: "E", values: loglam},
	})...)
	s := mustRead(t, b, "sdss.fits")
	for i := range loglam {
		if w := math.Pow(10, float64(loglam[i])); math.Abs(s.Wave[i]-w) > 1e-9*w {
			t.Fatalf("wave[%d] = %v, want %v", i, s.Wave[i], w)
		}
	}
	if s.WaveUnit != "Angstrom" {
		t.Errorf("unit %q", s.WaveUnit)
	}
}

func TestImageSpectra(t *testing.T) {
	flux := ramp32(100, 10, 0.5)
	lin := func(crval, cdelt, crpix float64) []float64 {
		w := make([]float64, 100)
		for i := range w {
			w[i] = crval + (float64(i+1)-crpix)*cdelt
		}
		return w
	}
	cases := []struct {
		name     string
		file     []byte
		wave     []float64
		unit     string
		air      bool
		fluxUnit string
	}{
		{"linear", image1D(-32, flux, kv{"CRVAL1", 4000.0}, kv{"CDELT1", 0.5}, kv{"CTYPE1", "WAVE"}, kv{"CUNIT1", "Angstrom"}, kv{"BUNIT", "erg/s/cm2/A"}),
			lin(4000, 0.5, 1), "Angstrom", false, "erg/s/cm2/A"},
		{"cd1_1 crpix", image1D(-32, flux, kv{"CRVAL1", 500.0}, kv{"CD1_1", 0.1}, kv{"CRPIX1", 11.0}, kv{"CUNIT1", "nm"}),
			lin(500, 0.1, 11), "nm", false, ""},
		{"ctype angstrom, no cunit", image1D(-32, flux, kv{"CRVAL1", 6000.0}, kv{"CDELT1", 1.0}, kv{"CTYPE1", "Angstrom"}),
			lin(6000, 1, 1), "Angstrom", false, ""},
		{"linear ctype, no units", image1D(-32, flux, kv{"CRVAL1", 6000.0}, kv{"CDELT1", 1.0}, kv{"CTYPE1", "LINEAR"}),
			lin(6000, 1, 1), "Angstrom", false, ""},
		{"awav", image1D(-32, flux, kv{"CRVAL1", 6000.0}, kv{"CDELT1", 1.0}, kv{"CTYPE1", "AWAV"}, kv{"CUNIT1", "Angstrom"}),
			lin(6000, 1, 1), "Angstrom", true, ""},
	}
	logw := lin(3.5, 0.0001, 1)
	for i := range logw {
		logw[i] = math.Pow(10, logw[i])
	}
	cases = append(cases, struct {
		name     string
		file     []byte
		wave     []float64
		unit     string
		air      bool
		fluxUnit string
	}{"dc-flag log", image1D(-32, flux, kv{"CRVAL1", 3.5}, kv{"CDELT1", 0.0001}, kv{"DC-FLAG", 1}), logw, "Angstrom", false, ""})
	for _, c := range cases {
		s := mustRead(t, c.file, c.name)
		sameFloats(t, c.name+" wave", s.Wave, c.wave)
		sameFloats(t, c.name+" flux", s.Flux, f32s(flux))
		if s.WaveUnit != c.unit || s.Air != c.air || s.FluxUnit != c.fluxUnit {
			t.Errorf("%s: unit %q air %v flux unit %q", c.name, s.WaveUnit, s.Air, s.FluxUnit)
		}
	}
}

func TestImageScaledAnd2DWithOneRow(t *testing.T) {
	raw := []int16{-3, 0, 7, 100, -32768}
	// NAXIS=2 with NAXIS2=1, fractional BSCALE, BLANK.
	cards := []kv{{"SIMPLE", true}, {"BITPIX", 16}, {"NAXIS", 2}, {"NAXIS1", 5}, {"NAXIS2", 1},
		{"BSCALE", 0.001}, {"BZERO", 2.5}, {"BLANK", -32768}, {"CRVAL1", 1.0}, {"CDELT1", 0.25}, {"CUNIT1", "um"}}
	s := mustRead(t, hduBytes(cards, encodeValues(raw)), "scaled-image")
	want := []float64{-0.003 + 2.5, 2.5, 0.007 + 2.5, 0.1 + 2.5, math.NaN()}
	sameFloats(t, "flux", s.Flux, want)
	sameFloats(t, "wave", s.Wave, []float64{1, 1.25, 1.5, 1.75, 2})

	// Flux in an IMAGE extension, error in another.
	ext := func(name string, v []float32) []byte {
		return hduBytes([]kv{{"XTENSION", "IMAGE"}, {"BITPIX", -32}, {"NAXIS", 1}, {"NAXIS1", len(v)},
			{"PCOUNT", 0}, {"GCOUNT", 1}, {"EXTNAME", name}, {"CRVAL1", 100.0}, {"CDELT1", 1.0}}, encodeValues(v))
	}
	b := append(primaryEmpty(kv{"OBJECT", "star"}), ext("FLUX", []float32{1, 2, 3})...)
	b = append(b, ext("VARIANCE", []float32{4, 9, 16})...)
	s = mustRead(t, b, "ext-image")
	sameFloats(t, "flux", s.Flux, []float64{1, 2, 3})
	sameFloats(t, "err", s.Err, []float64{2, 3, 4})
	sameFloats(t, "wave", s.Wave, []float64{100, 101, 102})
}

func TestCompressedInputs(t *testing.T) {
	b := sdpFile("SPECTRUM V2.0", []tcolumn{
		{name: "WAVE", form: "64E", unit: "nm", utype: "spec:Data.SpectralAxis.Value", values: ramp32(64, 400, 1)},
		{name: "FLUX", form: "64E", utype: "spec:Data.FluxAxis.Value", values: ramp32(64, 1, 1)},
	})
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b)
	zw.Close()
	dir := t.TempDir()
	// Detected by magic bytes: the names deliberately say nothing.
	for name, content := range map[string][]byte{"plain.dat": b, "gzipped.dat": gz.Bytes(), "compressed.dat": unixz.Compress(b, 16, true, true)} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sameFloats(t, name, s.Wave, f32s(ramp32(64, 400, 1)))
		if s.Source != p {
			t.Errorf("source %q", s.Source)
		}
	}
	// Damaged gzip.
	if _, err := Read(bytes.NewReader(gz.Bytes()[:len(gz.Bytes())/2]), "half.gz"); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("half gzip: %v", err)
	}
}

func TestRealCompressedFixtureIsNotASpectrum(t *testing.T) {
	path := fixtures.Path(t, "astroquery_eso/testfile.fits.Z")
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "not a 1D spectrum: the primary HDU has no data") {
		t.Fatalf("got %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hdrs, err := Headers(f)
	if err != nil || len(hdrs) == 0 || hdrs[0].Cards[0].Key != "SIMPLE" {
		t.Fatalf("headers %v %v", hdrs, err)
	}
}

func TestNotASpectrum(t *testing.T) {
	img2d := hduBytes([]kv{{"SIMPLE", true}, {"BITPIX", 8}, {"NAXIS", 2}, {"NAXIS1", 20}, {"NAXIS2", 30}}, make([]byte, 600))
	events := append(primaryEmpty(), bintable("EVENTS", 3, []tcolumn{
		{name: "TIME", form: "D", values: []float64{1, 2, 3}},
		{name: "X", form: "E", values: []float32{1, 2, 3}},
	})...)
	cases := map[string]struct {
		in   []byte
		want string
	}{
		"2d image":      {img2d, "not a 1D spectrum: the primary HDU is a 2-D image of 20x30 pixels and there is no spectrum table"},
		"no spec table": {events, "not a 1D spectrum: the primary HDU has no data; HDU 1 (EVENTS) is a table of 3 rows and 2 columns and no table has a spectral axis column"},
		"empty":         {nil, "not a 1D spectrum: the file is empty"},
		"blank":         {[]byte("   \n"), "not a 1D spectrum: the file is empty"},
		"garbage":       {[]byte("hello, world, this is not FITS"), "not a 1D spectrum: neither FITS nor VOTable"},
		"image no wcs":  {image1D(-32, []float32{1, 2, 3}), "not a 1D spectrum: the primary HDU is a 1-D image of 3 pixels without a spectral axis"},
	}
	for name, c := range cases {
		_, err := Read(bytes.NewReader(c.in), name)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

func TestDamagedFiles(t *testing.T) {
	good := sdpFile("SPECTRUM V2.0", []tcolumn{
		{name: "WAVE", form: "1000E", unit: "nm", utype: "spec:Data.SpectralAxis.Value", values: ramp32(1000, 400, 1)},
		{name: "FLUX", form: "1000E", utype: "spec:Data.FluxAxis.Value", values: ramp32(1000, 1, 1)},
	})
	if _, err := Read(bytes.NewReader(good), "good"); err != nil {
		t.Fatal(err)
	}
	// Truncated at several points: in the primary header, between HDUs, in
	// the table header, in the data, and inside the final padding (the last
	// is still readable: every data byte is there).
	for _, cut := range []int{1, 100, 2880, 2880 + 1000, 2 * 2880, 2*2880 + 10, 2*2880 + 7999} {
		_, err := Read(bytes.NewReader(good[:cut]), "cut")
		if err == nil {
			t.Errorf("cut at %d: no error", cut)
			continue
		}
		if !strings.Contains(err.Error(), "truncated") && !strings.Contains(err.Error(), "not a 1D spectrum") && !strings.Contains(err.Error(), "not a FITS") {
			t.Errorf("cut at %d: unclear error %v", cut, err)
		}
	}
	if _, err := Read(bytes.NewReader(good[:2*2880+8000]), "no padding"); err != nil {
		t.Errorf("missing final padding: %v", err)
	}

	replace := func(old, new string) []byte {
		if len(old) != len(new) {
			t.Fatalf("replacement changes length: %q", old)
		}
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("%q not in file", old)
		}
		return bytes.Replace(append([]byte{}, good...), []byte(old), []byte(new), 1)
	}
	// Without utype and with another name nothing says which column is the flux.
	noFlux := bytes.Replace(replace("spec:Data.FluxAxis.Value", "spec:Data.FluxAxis.Wobbl"), []byte("TTYPE2  = 'FLUX'"), []byte("TTYPE2  = 'FLUQ'"), 1)
	noWave := bytes.Replace(replace("spec:Data.SpectralAxis.Value", "spec:Data.SpectralAxis.Wobbl"), []byte("TTYPE1  = 'WAVE'"), []byte("TTYPE1  = 'WAVY'"), 1)
	cases := map[string]struct {
		in   []byte
		want string
	}{
		"naxis 3":          {replace("NAXIS   =                    2", "NAXIS   =                    3"), "NAXIS = 3 but NAXIS3 is missing"},
		"naxis1 huge":      {replace("NAXIS1  =                 8000", "NAXIS1  =           8000000000"), "truncated file"},
		"naxis2 huge":      {replace("NAXIS2  =                    1", "NAXIS2  =            999999999"), "truncated file"},
		"naxis junk":       {replace("NAXIS   =                    2", "NAXIS   =                  2.5"), "invalid NAXIS"},
		"bitpix":           {replace("BITPIX  =                    8", "BITPIX  =                    7"), "invalid BITPIX"},
		"tform width":      {replace("TFORM2  = '1000E'", "TFORM2  = '999E' "), "add up to 7996 bytes per row but NAXIS1 = 8000"},
		"tform huge":       {replace("TFORM2  = '1000E'      ", "TFORM2  = '9999999999E'"), "bytes per row but NAXIS1"},
		"no flux":          {noFlux, "has a spectral axis (WAVE) but no flux column"},
		"tform type":       {replace("TFORM2  = '1000E'", "TFORM2  = '1000Z'"), "unknown TFORM2 type"},
		"no spectral sdp":  {noWave, "VOCLASS \"SPECTRUM V2.0\" but no spectral axis column"},
		"not fits":         {append([]byte("SIMPLEX"), good[7:]...), "neither FITS nor VOTable"},
		"xtension garbage": {replace("XTENSION= 'BINTABLE'", "XTENSION= 'GARBAGE!'"), "not a 1D spectrum"},
	}
	for name, c := range cases {
		_, err := Read(bytes.NewReader(c.in), name)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
	// Array lengths that disagree.
	mismatch := sdpFile("SPECTRUM V2.0", []tcolumn{
		{name: "WAVE", form: "10E", utype: "spec:Data.SpectralAxis.Value", values: ramp32(10, 1, 1)},
		{name: "FLUX", form: "9E", utype: "spec:Data.FluxAxis.Value", values: ramp32(9, 1, 1)},
	})
	if _, err := Read(bytes.NewReader(mismatch), "mismatch"); err == nil || !strings.Contains(err.Error(), "array lengths disagree: WAVE has 10 values per row, FLUX has 9") {
		t.Errorf("mismatch: %v", err)
	}
	// A missing file.
	if _, err := Open(filepath.Join(t.TempDir(), "nope.fits")); err == nil {
		t.Error("missing file: no error")
	}
	empty := filepath.Join(t.TempDir(), "empty.fits")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Open(empty); err == nil || !strings.Contains(err.Error(), "not a 1D spectrum: the file is empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestSizeLimit(t *testing.T) {
	old := MaxFileSize
	MaxFileSize = 10000
	defer func() { MaxFileSize = old }()
	b := image1D(-32, make([]float32, 5000), kv{"CRVAL1", 1.0}, kv{"CDELT1", 1.0})
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b)
	zw.Close()
	for name, in := range map[string][]byte{"plain": b, "gzip": gz.Bytes(), "Z": unixz.Compress(b, 16, true, true)} {
		if _, err := Read(bytes.NewReader(in), name); err == nil || !strings.Contains(err.Error(), "exceeds") && !strings.Contains(err.Error(), "larger than") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestHeaderCards(t *testing.T) {
	lines := []string{
		"SIMPLE  =                    T / conforms",
		"BITPIX  =                    8",
		"NAXIS   =                    0",
		"OBJECT  = 'O''Brien star'     / target name",
		"HIERARCH ESO DET NDIT = 12 / number of DITs",
		"LONGSTR = 'part one &'",
		"CONTINUE  'part two' / more",
		"COMMENT this is a comment",
		"EXPTIME =            1.5D+03 / Fortran exponent",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.Repeat(" ", 0) + padTo80(l))
	}
	b.WriteString(padTo80("END"))
	data := pad([]byte(b.String()), ' ')
	hdrs, err := Headers(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Card{}
	for _, c := range hdrs[0].Cards {
		got[c.Key] = c
	}
	if got["OBJECT"].Value != "O'Brien star" || got["OBJECT"].Comment != "target name" {
		t.Errorf("OBJECT %+v", got["OBJECT"])
	}
	if got["ESO DET NDIT"].Value != "12" || got["ESO DET NDIT"].Comment != "number of DITs" {
		t.Errorf("HIERARCH %+v", got["ESO DET NDIT"])
	}
	if got["LONGSTR"].Value != "part one part two" {
		t.Errorf("CONTINUE %+v", got["LONGSTR"])
	}
	if got["COMMENT"].Comment != "this is a comment" {
		t.Errorf("COMMENT %+v", got["COMMENT"])
	}
	h := &hdu{keys: map[string]int{}}
	for _, c := range hdrs[0].Cards {
		h.addCard(c)
	}
	if v, ok := h.float("EXPTIME"); !ok || v != 1500 {
		t.Errorf("EXPTIME %v %v", v, ok)
	}
}

func padTo80(s string) string { return s + strings.Repeat(" ", 80-len(s)) }

func TestASCIITable(t *testing.T) {
	rows := []string{
		"  4000.0  1.50D-16   2.0E-18",
		"  4001.0  1.60D-16          ",
		"  4002.0   -999.0    2.0E-18",
	}
	cards := []kv{{"XTENSION", "TABLE"}, {"BITPIX", 8}, {"NAXIS", 2}, {"NAXIS1", 28}, {"NAXIS2", 3},
		{"PCOUNT", 0}, {"GCOUNT", 1}, {"TFIELDS", 3},
		{"TTYPE1", "LAMBDA"}, {"TFORM1", "F8.1"}, {"TBCOL1", 1}, {"TUNIT1", "Angstrom"},
		{"TTYPE2", "FLUX"}, {"TFORM2", "D9.2"}, {"TBCOL2", 10}, {"TNULL2", "-999.0"},
		{"TTYPE3", "ERROR"}, {"TFORM3", "E9.1"}, {"TBCOL3", 20}}
	b := append(primaryEmpty(), hduBytes(cards, []byte(strings.Join(rows, "")))...)
	s := mustRead(t, b, "ascii.fits")
	sameFloats(t, "wave", s.Wave, []float64{4000, 4001, 4002})
	sameFloats(t, "flux", s.Flux, []float64{1.5e-16, 1.6e-16, math.NaN()})
	sameFloats(t, "err", s.Err, []float64{2e-18, math.NaN(), 2e-18})
	if s.WaveUnit != "Angstrom" {
		t.Errorf("unit %q", s.WaveUnit)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := image1D(-32, ramp32(100, 1, 1), kv{"CRVAL1", 1.0}, kv{"CDELT1", 1.0})
	if _, err := ReadContext(ctx, bytes.NewReader(b), "cancelled"); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// A damaged HDU after a good one: Headers returns what it could read and
// says what went wrong after it.
func TestHeadersDamagedTail(t *testing.T) {
	b := append(primaryEmpty(kv{"OBJECT", "x"}), []byte("XTENSION= 'BINTABLE'")...)
	b = append(b, bytes.Repeat([]byte(" "), 2880-20)...)
	hdrs, err := Headers(bytes.NewReader(b))
	if len(hdrs) != 1 || hdrs[0].Name != "PRIMARY" {
		t.Fatalf("headers %+v", hdrs)
	}
	if err == nil || !strings.Contains(err.Error(), "HDU 1") {
		t.Errorf("tail error %v", err)
	}
}
