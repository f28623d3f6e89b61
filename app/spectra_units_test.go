package app

import (
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/astrogo/fitsio"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/fixtures"
	"esodesk/internal/uitest"
	"esodesk/widgets/spectrumplot/render"
)

// testbedUVES downloads the testbed's UVES spectrum of HD 100546 (flux in
// erg cm**(-2) s**(-1) angstrom**(-1)) into dir, found through its SSAP
// service as a user would.
func testbedUVES(t *testing.T, dir string) string {
	t.Helper()
	res := hd100546Spectra(t)
	for _, r := range res.Records {
		if r.Instrument != "UVES" || r.AccessURL == "" {
			continue
		}
		resp, err := http.Get(r.AccessURL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		path := filepath.Join(dir, "uves.fits")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, resp.Body); err != nil || resp.StatusCode != 200 || f.Close() != nil {
			t.Fatalf("GET %s: %v %s", r.AccessURL, err, resp.Status)
		}
		return path
	}
	t.Fatalf("the testbed lists no UVES spectrum of HD 100546 (%d records)", len(res.Records))
	return ""
}

// writeSpectrum writes a one-row-per-pixel spectrum table with fitsio:
// wavelengths from 4800 to 6800 in waveUnit, a flux around 1 in fluxUnit
// ("" writes no TUNIT, as files with a relative flux do).
func writeSpectrumTable(t *testing.T, path, waveUnit, fluxUnit string) {
	t.Helper()
	w, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fitsio.Create(w)
	if err != nil {
		t.Fatal(err)
	}
	phdu, err := fitsio.NewPrimaryHDU(nil)
	if err == nil {
		err = phdu.Header().Append(fitsio.Card{Name: "OBJECT", Value: "HD 100546"}, fitsio.Card{Name: "INSTRUME", Value: "FEROS"})
	}
	if err == nil {
		err = f.Write(phdu)
	}
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fitsio.NewTable("SPECTRUM", []fitsio.Column{
		{Name: "WAVE", Format: "D", Unit: waveUnit},
		{Name: "FLUX", Format: "E", Unit: fluxUnit},
	}, fitsio.BINARY_TBL)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		wave := 4800 + float64(i)
		flux := float32(1 + 0.1*math.Sin(wave/40))
		if err := tbl.Write(&wave, &flux); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Write(tbl); err != nil {
		t.Fatal(err)
	}
	if err := errorsOf(tbl.Close(), f.Close(), w.Close()); err != nil {
		t.Fatal(err)
	}
}

func errorsOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// openAndRender opens files in the Spectra tab and returns what the plot
// drew once it has.
func openAndRender(t *testing.T, u *UI, paths ...string) render.Frame {
	t.Helper()
	onUI(func() { u.spectra.openFiles(paths) })
	eventually(t, "the files to be plotted", queryTimeout, func() bool {
		return len(u.spectra.plot.Spectra()) == len(paths) && !u.spectra.ctl.Snapshot().Loading
	})
	u.spectra.plot.WaitIdle()
	var fr render.Frame
	eventually(t, "the plot to show them", queryTimeout, func() bool {
		fr = u.spectra.plot.Frame()
		return fr.YLabel != ""
	})
	return fr
}

// TestSpectraTabNeverDrawsTwoFluxUnitsOnOneAxis: a calibrated spectrum and
// a relative one are both normalised, and the plot says so; two calibrated
// spectra in convertible units share the first one's unit; a wavelength
// column without a unit reads "Å (assumed)".
func TestSpectraTabNeverDrawsTwoFluxUnitsOnOneAxis(t *testing.T) {
	xsh := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz") // erg s**(-1) cm**(-2) nm**(-1)
	u := newSpectraUI(t)
	dir := t.TempDir()
	uves := testbedUVES(t, dir)
	relative := filepath.Join(dir, "relative.fits")
	writeSpectrumTable(t, relative, "Angstrom", "")

	fr := openAndRender(t, u, uves, relative)
	// the UVES spectrum is in air, the other in vacuum: that is said too
	if fr.Flux != render.FluxNormalised || fr.YLabel != "Normalised flux" ||
		!onlyNotes(fr.Notes, "normalised: the flux units differ (erg cm⁻² s⁻¹ Å⁻¹ vs no unit)", "air wavelengths converted to vacuum") {
		t.Errorf("calibrated + relative: %+v", fr)
	}
	if fr.Y.Min > 1 || fr.Y.Max < 1 || fr.Y.Max > 100 {
		t.Errorf("normalised y range %v does not centre on 1", fr.Y)
	}
	onUI(func() { // the legend row says each spectrum's unit, readably
		uitest.Shows(t, u.spectra.plot, "HD 100546 (UVES) (erg cm⁻² s⁻¹ Å⁻¹)")
		uitest.Shows(t, u.spectra.plot, "HD 100546 (FEROS) (no unit)")
		uitest.Hides(t, u.spectra.plot, "**(")
	})

	fr = openAndRender(t, u, uves, xsh)
	if fr.Flux != render.FluxConverted || fr.YLabel != "Flux [erg cm⁻² s⁻¹ Å⁻¹]" ||
		!onlyNotes(fr.Notes, "flux converted to erg cm⁻² s⁻¹ Å⁻¹ (from erg s⁻¹ cm⁻² nm⁻¹)", "air wavelengths converted to vacuum") {
		t.Errorf("Å⁻¹ + nm⁻¹: %+v", fr)
	}

	bare := filepath.Join(dir, "bare.fits")
	writeSpectrumTable(t, bare, "", "erg cm**(-2) s**(-1) angstrom**(-1)")
	fr = openAndRender(t, u, bare)
	if fr.XLabel != "Wavelength [Å (assumed)]" || fr.YLabel != "Flux [erg cm⁻² s⁻¹ Å⁻¹]" || fr.X != (render.Range{Min: 4800, Max: 6799}) {
		t.Errorf("no wavelength unit: %+v", fr)
	}
	onUI(func() {
		menus := uitest.Find(u.spectra.plot, func(s *widget.Select) bool { return strings.Contains(s.Selected, "assumed") })
		if len(menus) != 1 || menus[0].Selected != "Å (assumed)" {
			t.Errorf("the unit menu does not say Å (assumed): %v", menus)
		}
	})
}

// onlyNotes reports whether notes start with want and hold nothing but it
// and, perhaps, optional.
func onlyNotes(notes []string, want, optional string) bool {
	if len(notes) == 0 || notes[0] != want {
		return false
	}
	for _, n := range notes[1:] {
		if !strings.HasPrefix(n, optional) {
			return false
		}
	}
	return len(notes) <= 2
}
