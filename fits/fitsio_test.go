package fits

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
)

// The usual layouts must be decoded by fitsio, not by our fallbacks.
func TestFitsioDecodesUsualLayouts(t *testing.T) {
	perPixel := append(primaryEmpty(), bintable("", 3, []tcolumn{
		{name: "WAVE", form: "D", values: ramp64(3, 1, 1)},
		{name: "FLUX", form: "E", values: ramp32(3, 1, 1)},
	})...)
	files := map[string][]byte{"sdp": benchSDP(), "per-pixel": perPixel,
		"image": image1D(-32, ramp32(5, 1, 1), kv{"CRVAL1", 1.0}, kv{"CDELT1", 1.0})}
	if dir := fixtures.Dir(); dir != "" {
		b, err := os.ReadFile(filepath.Join(dir, "linetools", "XShooter_XQ100.fits.gz"))
		if err == nil {
			b, err = load(t.Context(), bytes.NewReader(b))
		}
		if err != nil {
			t.Fatal(err)
		}
		files["xshooter"] = b
	}
	for name, b := range files {
		hdus, _, err := decodeHDUs(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, h := range hdus {
			if h.fio == nil {
				t.Errorf("%s: fitsio rejected %s: %v", name, h.label(), h.fioErr)
			}
			if h.xtension != "BINTABLE" {
				continue
			}
			if lay, err := layoutTable(h); err == nil {
				if _, ok := fitsioTable(lay); !ok {
					t.Errorf("%s: %s is not read through fitsio", name, h.label())
				}
			}
		}
	}
}

// A table with a variable-length column and the standard THEAP: fitsio
// takes THEAP as a gap after the table and fails on it, so our own decoder
// reads the fixed-size columns.
func TestTHEAPTableFallsBackToOwnDecoder(t *testing.T) {
	n := 400
	wave, flux := ramp32(n, 500, 0.1), ramp32(n, 1, 0.5)
	rowLen := 4*n + 4*n + 8
	cards := []kv{{"XTENSION", "BINTABLE"}, {"BITPIX", 8}, {"NAXIS", 2}, {"NAXIS1", rowLen}, {"NAXIS2", 1},
		{"PCOUNT", 12}, {"GCOUNT", 1}, {"TFIELDS", 3}, {"THEAP", rowLen}, {"EXTNAME", "SPECTRUM"},
		{"TTYPE1", "WAVE"}, {"TFORM1", fmt.Sprintf("%dE", n)}, {"TUNIT1", "nm"},
		{"TTYPE2", "FLUX"}, {"TFORM2", fmt.Sprintf("%dE", n)},
		{"TTYPE3", "MASK"}, {"TFORM3", "1PE(3)"}}
	data := append(encodeValues(wave), encodeValues(flux)...)
	data = append(data, encodeValues([]int32{3, 0})...) // descriptor: 3 values at heap offset 0
	data = append(data, encodeValues([]float32{7, 8, 9})...)
	b := append(primaryEmpty(), hduBytes(cards, data)...)

	hdus, _, err := decodeHDUs(b)
	if err != nil {
		t.Fatal(err)
	}
	if hdus[1].fio != nil || hdus[1].fioErr == nil {
		t.Fatalf("fitsio was expected to reject the THEAP table (fio %T)", hdus[1].fio)
	}
	s := mustRead(t, b, "theap.fits")
	sameFloats(t, "wave", s.Wave, f32s(wave))
	sameFloats(t, "flux", s.Flux, f32s(flux))
	if s.WaveUnit != "nm" || len(s.Headers) != 2 || s.Headers[1].Name != "SPECTRUM" {
		t.Errorf("unit %q headers %+v", s.WaveUnit, s.Headers)
	}
}

// fitsio refuses a header value it cannot parse (here an unquoted NaN,
// which some writers emit); the file still reads, the other HDUs through
// fitsio, and the header viewer still shows that header, from our scanner.
func TestUnparsableCardHDU(t *testing.T) {
	prim := primaryEmpty(kv{"OBJECT", "first"}, kv{"OBJECT", "second"}, kv{"INSTRUME", "UVES"}, kv{"SNR", "XXX"})
	prim = bytes.Replace(prim, []byte("'XXX'"), []byte("NaN  "), 1)
	b := append(prim, bintable("SPECTRUM", 1, []tcolumn{
		{name: "WAVE", form: "4E", ucd: "em.wl", values: []float32{1, 2, 3, 4}},
		{name: "FLUX", form: "4E", ucd: "phot.flux.density", values: []float32{5, 6, 7, 8}},
	})...)
	hdus, _, err := decodeHDUs(b)
	if err != nil {
		t.Fatal(err)
	}
	if hdus[0].fio != nil || hdus[1].fio == nil {
		t.Fatalf("fitsio: primary %T (%v), table %T (%v)", hdus[0].fio, hdus[0].fioErr, hdus[1].fio, hdus[1].fioErr)
	}
	s := mustRead(t, b, "nan-card.fits")
	sameFloats(t, "flux", s.Flux, []float64{5, 6, 7, 8})
	if s.Object != "first" || s.Title != "first (UVES)" {
		t.Errorf("object %q title %q", s.Object, s.Title)
	}
	hdrs, err := Headers(bytes.NewReader(b))
	if err != nil || len(hdrs) != 2 {
		t.Fatalf("headers %v %v", hdrs, err)
	}
	objects, snr := 0, ""
	for _, c := range hdrs[0].Cards {
		if c.Key == "OBJECT" {
			objects++
		}
		if c.Key == "SNR" {
			snr = c.Value
		}
	}
	if objects != 2 || snr != "NaN" {
		t.Errorf("%d OBJECT cards shown (want both), SNR %q", objects, snr)
	}
}

// A repeated keyword is kept by fitsio: the first one counts, both are shown.
func TestDuplicateKeywordThroughFitsio(t *testing.T) {
	b := primaryEmpty(kv{"OBJECT", "first"}, kv{"OBJECT", "second"})
	hdus, _, err := decodeHDUs(b)
	if err != nil || hdus[0].fio == nil {
		t.Fatalf("%v %v", err, hdus[0].fioErr)
	}
	if hdus[0].str("OBJECT") != "first" || len(hdus[0].header().Cards) != 6 {
		t.Errorf("OBJECT %q, cards %+v", hdus[0].str("OBJECT"), hdus[0].header().Cards)
	}
}

// Card values come back from fitsio's types as FITS-like text.
func TestFitsioCardText(t *testing.T) {
	b := primaryEmpty(kv{"SPEC_RES", 42000.0}, kv{"SNR", 55.5}, kv{"FLAG", false}, kv{"NDIT", 12}, kv{"TINY", 1e-5})
	hdus, _, err := decodeHDUs(b)
	if err != nil || hdus[0].fio == nil {
		t.Fatalf("%v %v", err, hdus[0].fioErr)
	}
	got := []string{}
	for _, k := range []string{"SIMPLE", "SPEC_RES", "SNR", "FLAG", "NDIT", "TINY"} {
		got = append(got, hdus[0].str(k))
	}
	if want := "T 42000 55.5 F 12 1E-05"; strings.Join(got, " ") != want {
		t.Errorf("values %q, want %q", strings.Join(got, " "), want)
	}
}

// fitsio would allocate one Column per declared TFIELDS: a hostile count is
// refused before fitsio sees the HDU.
func TestHugeTFIELDSNotGivenToFitsio(t *testing.T) {
	b := append(primaryEmpty(), bintable("SPECTRUM", 1, []tcolumn{
		{name: "WAVE", form: "4E", ucd: "em.wl", values: []float32{1, 2, 3, 4}},
		{name: "FLUX", form: "4E", ucd: "phot.flux.density", values: []float32{5, 6, 7, 8}},
	})...)
	b = bytes.Replace(b, []byte("TFIELDS =                    2"), []byte("TFIELDS =            900000000"), 1)
	_, err := Read(bytes.NewReader(b), "tfields")
	if err == nil || !strings.Contains(err.Error(), "invalid TFIELDS") {
		t.Errorf("got %v", err)
	}
}
