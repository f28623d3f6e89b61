package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"esodesk/fits"
	"esodesk/widgets/spectrumplot/render"
)

// sdpSpectrum builds a small ESO SDP spectrum file (one-row binary table of
// WAVE/FLUX/ERR/QUAL arrays) for the plot command to read.
func sdpSpectrum(n int) []byte { return sdpSpectrumIn(n, "erg cm**(-2) s**(-1) angstrom**(-1)", 1e-16) }

// sdpSpectrumIn is sdpSpectrum with the flux in unit ("" for none), around level.
func sdpSpectrumIn(n int, unit string, level float64) []byte {
	card := func(k string, v any) string {
		var s string
		switch x := v.(type) {
		case string:
			s = fmt.Sprintf("%-20s", "'"+x+"'")
		case int:
			s = fmt.Sprintf("%20d", x)
		case bool:
			s = fmt.Sprintf("%20s", map[bool]string{true: "T", false: "F"}[x])
		}
		return fmt.Sprintf("%-80s", fmt.Sprintf("%-8s= %s", k, s))
	}
	block := func(b []byte, fill byte) []byte {
		for len(b)%2880 != 0 {
			b = append(b, fill)
		}
		return b
	}
	header := func(cards ...string) []byte {
		return block([]byte(strings.Join(cards, "")+fmt.Sprintf("%-80s", "END")), ' ')
	}
	out := header(card("SIMPLE", true), card("BITPIX", 8), card("NAXIS", 0), card("EXTEND", true),
		card("OBJECT", "HD 100546"), card("INSTRUME", "UVES"), card("PRODCATG", "SCIENCE.SPECTRUM"))
	cols := []struct{ name, unit, ucd, utype, form string }{
		{"WAVE", "nm", "em.wl", "spec:Data.SpectralAxis.Value", "E"},
		{"FLUX", unit, "phot.flux.density;em.wl;src.net;meta.main", "spec:Data.FluxAxis.Value", "E"},
		{"ERR", unit, "stat.error;phot.flux.density;em.wl", "spec:Data.FluxAxis.Accuracy.StatError", "E"},
		{"QUAL", "", "meta.code.qual", "spec:Data.FluxAxis.Accuracy.QualityStatus", "J"},
	}
	cards := []string{card("XTENSION", "BINTABLE"), card("BITPIX", 8), card("NAXIS", 2), card("NAXIS1", 16*n),
		card("NAXIS2", 1), card("PCOUNT", 0), card("GCOUNT", 1), card("TFIELDS", len(cols)), card("EXTNAME", "SPECTRUM"),
		card("VOCLASS", "SPECTRUM v1.0")}
	for i, c := range cols {
		k := fmt.Sprint(i + 1)
		cards = append(cards, card("TTYPE"+k, c.name), card("TFORM"+k, fmt.Sprintf("%d%s", n, c.form)),
			card("TUCD"+k, c.ucd), card("TUTYPE"+k, c.utype))
		if c.unit != "" {
			cards = append(cards, card("TUNIT"+k, c.unit))
		}
	}
	out = append(out, header(cards...)...)
	var data bytes.Buffer
	wave, flux, errs, qual := make([]float32, n), make([]float32, n), make([]float32, n), make([]int32, n)
	for i := range n {
		wave[i] = 400 + 300*float32(i)/float32(n-1)
		flux[i] = float32(level * (1 + 0.3*math.Sin(float64(i)/50)))
		errs[i] = float32(level / 100)
	}
	qual[7] = 4
	for _, v := range []any{wave, flux, errs, qual} {
		binary.Write(&data, binary.BigEndian, v)
	}
	return append(out, block(data.Bytes(), 0)...)
}

func writeSpectrum(t *testing.T, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "spec.fits")
	if err := os.WriteFile(path, sdpSpectrum(n), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPlotWritesEachFormat(t *testing.T) {
	dir := t.TempDir()
	in := writeSpectrum(t, dir, 3000)
	png1 := filepath.Join(dir, "a.png")
	code, out, errText := run(t, "plot", in, "--out", png1, "--width", "640", "--height", "300", "--errors", "--logy")
	if code != ExitOK || out != "" {
		t.Fatalf("exit %d: %s", code, errText)
	}
	f, err := os.Open(png1)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() != 640 || img.Bounds().Dy() != 300 {
		t.Fatalf("png %v %v", err, img.Bounds())
	}
	if st, _ := os.Stat(png1); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	// flags after the file, in Å, zoomed: CSV holds the pixels in range
	csvPath := filepath.Join(dir, "a.csv")
	if code, _, e := run(t, "plot", "--xunit", "angstrom", in, "--xmin", "4000", "--xmax", "4010", "--out", csvPath); code != ExitOK {
		t.Fatalf("csv: %d %s", code, e)
	}
	b, _ := os.ReadFile(csvPath)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	// float32 wavelengths: the 11th pixel is at 4010.004 Å, outside the range
	if err != nil || rows[0][1] != "wavelength_Angstrom" || len(rows) != 1+10 || rows[8][4] != "4" {
		t.Fatalf("csv %v %v", err, rows)
	}
	if rows[1][0] != "HD 100546 (UVES)" {
		t.Errorf("spectrum column %q", rows[1][0])
	}
	for _, ext := range []string{"svg", "pdf"} {
		p := filepath.Join(dir, "a."+ext)
		if code, _, e := run(t, "plot", in, in, "--out", p, "--quality", "mark"); code != ExitOK {
			t.Fatalf("%s: %d %s", ext, code, e)
		}
		b, _ := os.ReadFile(p)
		if (ext == "svg" && !bytes.Contains(b, []byte("<svg"))) || (ext == "pdf" && !bytes.HasPrefix(b, []byte("%PDF-"))) {
			t.Errorf("%s output %q", ext, b[:min(len(b), 40)])
		}
	}
}

func TestPlotErrors(t *testing.T) {
	dir := t.TempDir()
	in := writeSpectrum(t, dir, 100)
	out := filepath.Join(dir, "x.png")
	for _, args := range [][]string{
		{"plot", "--out", out},
		{"plot", in},
		{"plot", in, "--out", filepath.Join(dir, "x.gif")},
		{"plot", in, "--out", out, "--xunit", "parsec"},
		{"plot", in, "--out", out, "--width", "5"},
		{"plot", in, "--out", out, "--xmin", "5", "--xmax", "4"},
		{"plot", in, "--out", out, "--quality", "maybe"},
	} {
		if code, _, e := run(t, args...); code != ExitUsage || !strings.Contains(e, "usage: esodesk plot") {
			t.Errorf("%q: exit %d %q", args, code, e)
		}
	}
	missing := filepath.Join(dir, "nope.fits")
	code, _, e := run(t, "plot", missing, "--out", out)
	if code != ExitError || !strings.Contains(e, "nope.fits") {
		t.Errorf("missing file: %d %q", code, e)
	}
	junk := filepath.Join(dir, "junk.fits")
	os.WriteFile(junk, []byte("not a FITS file at all"), 0o644)
	code, _, e = run(t, "plot", in, junk, "--out", out)
	if code != ExitError || !strings.Contains(e, "junk.fits") {
		t.Errorf("junk file: %d %q", code, e)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed run left an output file")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("temporary files left: %v", ents)
	}
	if code, _, e := run(t, "plot", "-h"); code != ExitOK || !strings.Contains(e, "--xunit") {
		t.Errorf("help: %d", code)
	}
	if !IsCommand("plot") {
		t.Error("plot not registered")
	}
}

// TestPlotOfSpectraInDifferentUnits: fluxes in units that convert share
// the first one's axis; a relative flux next to a calibrated one makes the
// plot normalise both and say so. Never one axis labelled with the first
// spectrum's unit over data in another.
func TestPlotOfSpectraInDifferentUnits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, unit string, level float64) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, sdpSpectrumIn(500, unit, level), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	calibrated := write("a.fits", "erg cm**(-2) s**(-1) angstrom**(-1)", 1e-16)
	perNM := write("b.fits", "erg s**(-1) cm**(-2) nm**(-1)", 1e-15)
	relative := write("c.fits", "", 1)
	svg := func(files ...string) string {
		t.Helper()
		out := filepath.Join(dir, "p.svg")
		if code, _, e := run(t, append(append([]string{"plot"}, files...), "--out", out)...); code != ExitOK {
			t.Fatalf("exit %d: %s", code, e)
		}
		b, _ := os.ReadFile(out)
		return string(b)
	}
	converted := svg(calibrated, perNM)
	for _, want := range []string{"Flux [erg cm⁻² s⁻¹ Å⁻¹]", "flux converted to erg cm⁻² s⁻¹ Å⁻¹ (from erg s⁻¹ cm⁻² nm⁻¹)", "HD 100546 (UVES) · a.fits", "HD 100546 (UVES) · b.fits"} {
		if !strings.Contains(converted, want) {
			t.Errorf("converted plot lacks %q", want)
		}
	}
	normalised := svg(calibrated, relative)
	for _, want := range []string{"Normalised flux", "normalised: the flux units differ (erg cm⁻² s⁻¹ Å⁻¹ vs no unit)"} {
		if !strings.Contains(normalised, want) {
			t.Errorf("normalised plot lacks %q", want)
		}
	}
	if strings.Contains(normalised, "Flux [") {
		t.Error("normalised plot still claims a flux unit")
	}
}

// astropyFlux reads a spectrum file with astropy and prints what the
// --yunit and --normalize columns must hold, as JSON.
const astropyFlux = `
import json, sys, warnings
import numpy as np
import astropy.units as u
from astropy.io import fits
warnings.simplefilter("ignore")
path, yunit, at_aa = sys.argv[1], sys.argv[2], float(sys.argv[3])
d = fits.open(path)[1].data
col = fits.open(path)[1].columns
wave = np.asarray(d["WAVE"][0], dtype=float) * u.Unit(col["WAVE"].unit)
flux = np.asarray(d["FLUX"][0], dtype=float) * u.Unit(col["FLUX"].unit, format="fits")
err = np.asarray(d["ERR"][0], dtype=float)
to = u.ABmag if yunit == "ABmag" else u.Unit(yunit)
conv = flux.to(to, u.spectral_density(wave)).value
if yunit == "ABmag":
    cerr = 2.5 / np.log(10) * err / np.abs(flux.value)
else:
    cerr = (err * flux.unit).to(to, u.spectral_density(wave)).value
dist = np.abs(wave.to_value(u.AA) - at_aa)
near = np.argsort(dist, kind="stable")[:11]
print(json.dumps({"flux": conv.tolist(), "err": cerr.tolist(),
    "median": float(np.nanmedian(flux.value)), "near": float(np.median(flux.value[near]))}))
`

type astropyAnswer struct {
	Flux, Err    []float64
	Median, Near float64
}

func askAstropy(t *testing.T, path, yunit string, atAngstrom float64) astropyAnswer {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("/usr/bin/python3 is missing: the reference values come from its astropy")
	}
	out, err := exec.Command("/usr/bin/python3", "-c", astropyFlux, path, yunit, fmt.Sprint(atAngstrom)).Output()
	if err != nil {
		t.Fatalf("astropy: %v", err)
	}
	var a astropyAnswer
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// plotCSV runs esodesk plot into a CSV and returns its rows.
func plotCSV(t *testing.T, args ...string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "p.csv")
	if code, _, e := run(t, append(append([]string{"plot"}, args...), "--out", out)...); code != ExitOK {
		t.Fatalf("%q: exit %d: %s", args, code, e)
	}
	b, _ := os.ReadFile(out)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func column(t *testing.T, rows [][]string, k int) []float64 {
	t.Helper()
	v := make([]float64, len(rows)-1)
	for i, r := range rows[1:] {
		x, err := strconv.ParseFloat(r[k], 64)
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		v[i] = x
	}
	return v
}

func checkClose(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, astropy %d", what, len(got), len(want))
	}
	for i := range want {
		if d := math.Abs(got[i]-want[i]) / math.Abs(want[i]); d > 1e-9 {
			t.Fatalf("%s: pixel %d is %g, astropy %g", what, i, got[i], want[i])
		}
	}
}

// TestPlotYUnit: --yunit converts flux and error pixel by pixel as
// astropy's spectral_density does, names the unit in the CSV header and on
// the plot's axis.
func TestPlotYUnit(t *testing.T) {
	in := writeSpectrum(t, t.TempDir(), 500)
	for _, unit := range []string{"Jy", "ABmag", "W/m2"} {
		want := askAstropy(t, in, unit, 5500)
		rows := plotCSV(t, in, "--yunit", unit)
		if h := rows[0]; h[2] != "flux_"+unit || h[3] != "error_"+unit || rows[1][5] != unit {
			t.Errorf("%s: header %q, first row %q", unit, h, rows[1])
		}
		checkClose(t, unit+" flux", column(t, rows, 2), want.Flux)
		checkClose(t, unit+" error", column(t, rows, 3), want.Err)
	}
	svg := filepath.Join(t.TempDir(), "p.svg")
	if code, _, e := run(t, "plot", in, "--yunit", "mJy", "--out", svg); code != ExitOK {
		t.Fatalf("svg: %d %s", code, e)
	}
	if b, _ := os.ReadFile(svg); !strings.Contains(string(b), "Flux [mJy]") {
		t.Error("the plot's axis does not say mJy")
	}
}

// TestPlotNormalize: --normalize divides by numpy's median; --normalize AT
// by the median of the 11 pixels nearest AT (in --xunit), errors alike.
func TestPlotNormalize(t *testing.T) {
	in := writeSpectrum(t, t.TempDir(), 500)
	want := askAstropy(t, in, "Jy", 5501)
	rows := plotCSV(t, "--normalize", in)
	if rows[0][2] != "flux_normalised" || rows[1][5] != "normalised" {
		t.Errorf("header %q, row %q", rows[0], rows[1])
	}
	raw := column(t, plotCSV(t, in), 2)
	expect := func(d float64) []float64 {
		out := make([]float64, len(raw))
		for i, v := range raw {
			out[i] = v / d
		}
		return out
	}
	checkClose(t, "median", column(t, rows, 2), expect(want.Median))
	// AT right after the flag, in Å: not taken for a file name
	rows = plotCSV(t, "--xunit", "angstrom", "--normalize", "5501", in)
	checkClose(t, "at 5501 Å", column(t, rows, 2), expect(want.Near))
	rows = plotCSV(t, in, "--normalize=550.1")
	checkClose(t, "at 550.1 nm", column(t, rows, 2), expect(want.Near))
	rawErr := column(t, plotCSV(t, in), 3)
	if got, w := column(t, rows, 3)[0], rawErr[0]/want.Near; math.Abs(got-w) > 1e-9*w {
		t.Errorf("error %g, want %g: not divided alike", got, w)
	}
	svg := filepath.Join(t.TempDir(), "p.svg")
	if code, _, e := run(t, "plot", in, in, "--normalize", "--out", svg); code != ExitOK {
		t.Fatalf("svg: %d %s", code, e)
	}
	if b, _ := os.ReadFile(svg); !strings.Contains(string(b), "Flux [normalised]") || strings.Contains(string(b), "erg") {
		t.Error("the normalised plot's axis does not say so")
	}
}

func TestPlotUnitFlagErrors(t *testing.T) {
	dir := t.TempDir()
	in := writeSpectrum(t, dir, 200)
	out := filepath.Join(dir, "x.csv")
	for _, args := range [][]string{
		{"plot", in, "--out", out, "--yunit", "furlongs"},
		{"plot", in, "--out", out, "--yunit", "counts"},
		{"plot", in, "--out", out, "--yunit", "ABmag", "--normalize"},
		{"plot", in, "--out", out, "--normalize=-3"},
	} {
		if code, _, e := run(t, args...); code != ExitUsage || !strings.Contains(e, "usage: esodesk plot") {
			t.Errorf("%q: exit %d %q", args, code, e)
		}
	}
	counts := filepath.Join(dir, "counts.fits")
	os.WriteFile(counts, sdpSpectrumIn(200, "counts", 1000), 0o644)
	code, _, e := run(t, "plot", counts, "--yunit", "Jy", "--out", out)
	if code != ExitError || !strings.Contains(e, "counts.fits") || !strings.Contains(e, "not calibrated") {
		t.Errorf("counts: %d %q", code, e)
	}
	code, _, e = run(t, "plot", in, "--normalize", "9000", "--out", out)
	if code != ExitError || !strings.Contains(e, "outside the spectrum's 400–700 nm") {
		t.Errorf("outside: %d %q", code, e)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed run left an output file")
	}
}

// TestPlotLinesAndRedshift: --lines with --z draws each marker at
// rest×(1+z) on the PNG's x axis (the column where the same plot puts that
// wavelength), not at rest; built-in lists work by name.
func TestPlotLinesAndRedshift(t *testing.T) {
	dir := t.TempDir()
	in := writeSpectrum(t, dir, 1000)
	list := filepath.Join(dir, "mine.csv")
	os.WriteFile(list, []byte("name,wavelength_A\nMyLine,5000\n"), 0o644)
	out := filepath.Join(dir, "m.png")
	if code, _, e := run(t, "plot", in, "--lines", list, "--z", "0.1", "--out", out, "--width", "800", "--height", "400"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	f, _ := os.Open(out)
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := fits.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	fits.DistinctTitles([]*fits.Spectrum{s})
	geo, err := render.Image([]*fits.Spectrum{s}, render.Options{Width: 800, Height: 400, XUnit: "nm", Legend: true})
	if err != nil {
		t.Fatal(err)
	}
	has := func(x float64) bool {
		c := render.MarkerColor()
		for dx := -1; dx <= 1; dx++ {
			for y := geo.Area.Min.Y; y < geo.Area.Max.Y; y++ {
				p := color.NRGBAModel.Convert(img.At(int(math.Round(x))+dx, y)).(color.NRGBA)
				if absd(p.R, c.R) < 30 && absd(p.G, c.G) < 30 && absd(p.B, c.B) < 30 {
					return true
				}
			}
		}
		return false
	}
	if !has(geo.PixelX(550)) {
		t.Error("no marker at 500 nm × 1.1 = 550 nm")
	}
	if has(geo.PixelX(500)) {
		t.Error("a marker at the rest wavelength, not redshifted")
	}
	svg := filepath.Join(dir, "m.svg")
	if code, _, e := run(t, "plot", in, "--lines", "galaxy-emission", "--z", "0.05", "--out", svg); code != ExitOK {
		t.Fatalf("builtin: %d %s", code, e)
	}
	if b, _ := os.ReadFile(svg); !strings.Contains(string(b), "Hβ") {
		t.Error("galaxy-emission markers: no Hβ label in the SVG")
	}
	for _, args := range [][]string{
		{"plot", in, "--out", svg, "--z", "0.1"},
		{"plot", in, "--out", svg, "--lines", "galaxy", "--z", "-2"},
	} {
		if code, _, e := run(t, args...); code != ExitUsage || !strings.Contains(e, "usage: esodesk plot") {
			t.Errorf("%q: exit %d %q", args, code, e)
		}
	}
	if code, _, e := run(t, "plot", in, "--out", svg, "--lines", "no-such-list"); code != ExitError || !strings.Contains(e, "galaxy-emission") {
		t.Errorf("unknown list: %d %q", code, e)
	}
}

func absd(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestPlotSmooth: --smooth smooths what is drawn (as measure.Smooth does),
// never the CSV, and says so; bad kinds and widths are usage errors.
func TestPlotSmooth(t *testing.T) {
	dir := t.TempDir()
	in := writeSpectrum(t, dir, 500)
	for _, sm := range []string{"boxcar:5", "gaussian:3", "savgol:11"} {
		out := filepath.Join(dir, "s.png")
		if code, _, e := run(t, "plot", in, "--smooth", sm, "--out", out); code != ExitOK {
			t.Errorf("%s: %d %s", sm, code, e)
		}
	}
	raw := plotCSV(t, in)
	csvPath := filepath.Join(dir, "s.csv")
	code, _, e := run(t, "plot", in, "--smooth", "boxcar:25", "--out", csvPath)
	if code != ExitOK || !strings.Contains(e, "unsmoothed") {
		t.Errorf("csv: %d %q", code, e)
	}
	b, _ := os.ReadFile(csvPath)
	rows, _ := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if len(rows) != len(raw) || rows[100][2] != raw[100][2] {
		t.Error("the CSV was smoothed")
	}
	for _, sm := range []string{"boxcar", "median:3", "savgol:10", "boxcar:0"} {
		if code, _, e := run(t, "plot", in, "--smooth", sm, "--out", csvPath); code != ExitUsage || !strings.Contains(e, "--smooth") {
			t.Errorf("%s: %d %q", sm, code, e)
		}
	}
}

// TestPlotOtherXUnits: --xunit GHz or km/s (around --rest) converts the axis.
func TestPlotOtherXUnits(t *testing.T) {
	dir := t.TempDir()
	in := writeSpectrum(t, dir, 500)
	svg := filepath.Join(dir, "x.svg")
	for unit, label := range map[string]string{"GHz": "Frequency [GHz]", "km/s": "rest 500 nm", "1/cm": "Wavenumber [cm⁻¹]"} {
		if code, _, e := run(t, "plot", in, "--xunit", unit, "--rest", "500", "--out", svg); code != ExitOK {
			t.Fatalf("%s: %d %s", unit, code, e)
		}
		if b, _ := os.ReadFile(svg); !strings.Contains(string(b), label) {
			t.Errorf("%s: no %q on the axis", unit, label)
		}
	}
}
