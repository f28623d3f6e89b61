package fits

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"esodesk/internal/unixz"
)

// FuzzRead feeds arbitrary bytes to the reader: it must return a spectrum
// or an error, never panic, and never hand back inconsistent arrays.
func FuzzRead(f *testing.F) {
	sdp := sdpFile("SPECTRUM V2.0", []tcolumn{
		{name: "WAVE", form: "8E", unit: "nm", utype: "spec:Data.SpectralAxis.Value", values: ramp32(8, 400, 1)},
		{name: "FLUX", form: "8I", utype: "spec:Data.FluxAxis.Value", values: []int16{1, 2, 3, 4, 5, 6, 7, 8},
			extra: []kv{{"TSCAL#", 0.5}, {"TZERO#", 1.0}}},
		{name: "ERR", form: "8E", ucd: "stat.error;phot.flux", values: ramp32(8, 0.1, 0)},
	})
	perPixel := append(primaryEmpty(), bintable("", 4, []tcolumn{
		{name: "WAVE", form: "D", values: ramp64(4, 1, 1)},
		{name: "FLUX", form: "E", values: ramp32(4, 1, 1)},
	})...)
	img := image1D(16, []int16{1, 2, 3}, kv{"CRVAL1", 3.5}, kv{"CDELT1", 0.001}, kv{"DC-FLAG", 1}, kv{"BSCALE", 0.5})
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(img)
	zw.Close()
	for _, seed := range [][]byte{sdp, perPixel, img, gz.Bytes(), unixz.Compress(sdp, 12, true, true),
		[]byte(sdmVOTable("spec:Data.SpectralAxis.Value", "spec:Data.FluxAxis.Value")), {}, []byte("SIMPLE  =")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := Read(bytes.NewReader(in), "fuzz")
		if err != nil {
			if strings.Contains(err.Error(), "reader bug") {
				t.Fatalf("the reader panicked: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz: ") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		n := s.Len()
		if len(s.Flux) != n || (s.Err != nil && len(s.Err) != n) || (s.Quality != nil && len(s.Quality) != n) {
			t.Fatalf("array lengths: wave %d flux %d err %d qual %d", n, len(s.Flux), len(s.Err), len(s.Quality))
		}
		for _, a := range s.Extra {
			if len(a.Values) != n {
				t.Fatalf("extra %s: %d values, wave %d", a.Name, len(a.Values), n)
			}
		}
	})
}
