package fits

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/votable"
)

// TestTestbedSpectra reads every spectrum the DaCHS testbed's SSAP service
// lists, both as the FITS file (access_url) and as the SDM VOTable DataLink's
// dlget returns, and checks that the two agree.
func TestTestbedSpectra(t *testing.T) {
	base := testbedenv.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	get := func(u string) []byte {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %v %s", u, err, resp.Status)
		}
		return b
	}
	doc, err := votable.Parse(bytes.NewReader(get(base + "/specs/q/ssa/ssap.xml?REQUEST=queryData")))
	if err != nil {
		t.Fatal(err)
	}
	tab := doc.ResultsTable()
	acc, did := tab.FieldIndex("accref"), tab.FieldIndex("ssa_pubDID")
	if acc < 0 || did < 0 || tab.NumRows() == 0 {
		t.Fatalf("SSAP result without accref/ssa_pubDID or rows (%d rows)", tab.NumRows())
	}
	for i := 0; i < tab.NumRows(); i++ {
		accURL, pubDID := tab.Columns[acc].String(i), tab.Columns[did].String(i)
		file, err := Read(bytes.NewReader(get(accURL)), accURL)
		if err != nil {
			t.Errorf("%s: %v", accURL, err)
			continue
		}
		sdmURL := base + "/specs/q/sdl/dlget?ID=" + url.QueryEscape(pubDID)
		sdm, err := Read(bytes.NewReader(get(sdmURL)), sdmURL)
		if err != nil {
			t.Errorf("%s: %v", sdmURL, err)
			continue
		}
		name := fmt.Sprintf("%s (%s)", pubDID, file.Title)
		if file.Len() != sdm.Len() || file.Len() == 0 {
			t.Errorf("%s: FITS has %d points, SDM VOTable %d", name, file.Len(), sdm.Len())
			continue
		}
		wave, err := ConvertWave(file.Wave, file.WaveUnit, sdm.WaveUnit)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for k := range wave {
			if !nearlyEqual(wave[k], sdm.Wave[k]) {
				t.Errorf("%s: point %d: FITS wavelength %v %s, SDM %v %s", name, k, file.Wave[k], file.WaveUnit, sdm.Wave[k], sdm.WaveUnit)
				break
			}
		}
		if !allClose(file.Flux, sdm.Flux) {
			// Say which FITS array the service served instead of the flux.
			served := "none of the FITS arrays"
			for _, a := range file.Extra {
				if allClose(a.Values, sdm.Flux) {
					served = fmt.Sprintf("the FITS column %s (utype %s)", a.Name, a.Utype)
				}
			}
			t.Errorf("%s: the SDM VOTable's flux is not the FITS flux (spec:Data.FluxAxis.Value); it equals %s", name, served)
		}
	}
}

func allClose(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !nearlyEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

// nearlyEqual compares a float32-derived value with its float64 rendering.
func nearlyEqual(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b))
}
