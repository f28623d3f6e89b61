package fits

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// benchSDP is a 300,000-point ESO SDP spectrum (HARPS-like: float64 wave,
// float32 flux/err, int32 quality, a continuum).
func benchSDP() []byte {
	n := 300000
	form := func(c string) string { return "300000" + c }
	return sdpFile("SPECTRUM V2.0", []tcolumn{
		{name: "WAVE", form: form("D"), unit: "angstrom", ucd: "em.wl", utype: "spec:Data.SpectralAxis.Value", values: ramp64(n, 3780, 0.01)},
		{name: "FLUX", form: form("E"), unit: "adu", ucd: "phot.flux.density;em.wl;src.net;meta.main", utype: "spec:Data.FluxAxis.Value", values: ramp32(n, 1, 0.001)},
		{name: "ERR", form: form("E"), unit: "adu", utype: "spec:Data.FluxAxis.Accuracy.StatError", values: ramp32(n, 0.1, 0)},
		{name: "QUAL", form: form("J"), ucd: "meta.code.qual", values: make([]int32, n)},
		{name: "CONTINUUM", form: form("E"), unit: "adu", utype: "eso:Data.FluxAxis.Value", values: ramp32(n, 2, 0)},
	})
}

func BenchmarkReadSDP300k(b *testing.B) {
	data := benchSDP()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := Read(bytes.NewReader(data), "bench")
		if err != nil || s.Len() != 300000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSDP300kGzip(b *testing.B) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(benchSDP())
	zw.Close()
	b.SetBytes(int64(gz.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(gz.Bytes()), "bench.gz"); err != nil {
			b.Fatal(err)
		}
	}
}
