package votable

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
)

// benchTable builds an ObsCore-like table (strings, doubles, longs, a few
// nulls) of n rows with our builder.
func benchTable(n int) *Table {
	fields := []Field{
		{Name: "dataproduct_type", Datatype: "char", Arraysize: "*"},
		{Name: "calib_level", Datatype: "int"},
		{Name: "obs_collection", Datatype: "char", Arraysize: "*"},
		{Name: "obs_id", Datatype: "char", Arraysize: "*"},
		{Name: "obs_publisher_did", Datatype: "char", Arraysize: "*"},
		{Name: "access_url", Datatype: "char", Arraysize: "*"},
		{Name: "access_estsize", Datatype: "long", Null: "-1"},
		{Name: "s_ra", Datatype: "double"},
		{Name: "s_dec", Datatype: "double"},
		{Name: "s_fov", Datatype: "double"},
		{Name: "s_region", Datatype: "char", Arraysize: "*"},
		{Name: "s_resolution", Datatype: "double"},
		{Name: "t_min", Datatype: "double"},
		{Name: "t_max", Datatype: "double"},
		{Name: "t_exptime", Datatype: "double"},
		{Name: "em_min", Datatype: "double"},
		{Name: "em_max", Datatype: "double"},
		{Name: "instrument_name", Datatype: "char", Arraysize: "*"},
		{Name: "s_xel1", Datatype: "long"},
		{Name: "s_xel2", Datatype: "long"},
		{Name: "dp_id", Datatype: "char", Arraysize: "*"},
		{Name: "snr", Datatype: "double"},
		{Name: "n_obs", Datatype: "int"},
	}
	rnd := rand.New(rand.NewSource(1))
	b := NewTable(fields)
	g := func() string { return fmt.Sprint(rnd.Float64() * 360) }
	for i := 0; i < n; i++ {
		dp := fmt.Sprintf("ADP.2019-%02d-%02dT%02d:%02d:%06.3f", 1+i%12, 1+i%28, i%24, i%60, float64(i%60000)/1000)
		ra, dec := rnd.Float64()*360, rnd.Float64()*180-90
		null := func(s string, p float64) string {
			if rnd.Float64() < p {
				return ""
			}
			return s
		}
		row := []string{"image", fmt.Sprint(1 + i%3), "MUSE", fmt.Sprint(100000000 + i), "ivo://eso.org/ID?" + dp,
			"https://archive.eso.org/datalink/links?ID=" + dp, null(fmt.Sprint(rnd.Int63n(5e6)), 0.05), fmt.Sprint(ra), fmt.Sprint(dec), g(),
			fmt.Sprintf("POLYGON ICRS %.5f %.5f %.5f %.5f %.5f %.5f", ra, dec, ra+0.1, dec, ra, dec+0.1), null(g(), 0.2), g(), g(), g(),
			fmt.Sprint(rnd.Float64() * 1e-6), fmt.Sprint(rnd.Float64() * 1e-6), "XSHOOTER", fmt.Sprint(rnd.Intn(30000)), fmt.Sprint(rnd.Intn(30000)),
			dp, null(g(), 0.2), fmt.Sprint(rnd.Intn(100))}
		if err := b.AppendRow(row); err != nil {
			panic(err)
		}
	}
	return b.Build()
}

var (
	benchOnce sync.Once
	benchDocs map[string][]byte
)

func benchDoc(b *testing.B, ser string) []byte {
	benchOnce.Do(func() {
		t := benchTable(50000)
		benchDocs = map[string][]byte{}
		for _, s := range []string{"TABLEDATA", "BINARY2"} {
			var buf bytes.Buffer
			if err := WriteVOTable(&buf, t, nil, nil, s); err != nil {
				panic(err)
			}
			benchDocs[s] = buf.Bytes()
		}
	})
	return benchDocs[ser]
}

func benchParse(b *testing.B, ser string) {
	doc := benchDoc(b, ser)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := Parse(bytes.NewReader(doc))
		if err != nil {
			b.Fatal(err)
		}
		if d.ResultsTable().NumRows() != 50000 {
			b.Fatal("wrong row count")
		}
	}
}

func BenchmarkParseTableData(b *testing.B) { benchParse(b, "TABLEDATA") }
func BenchmarkParseBinary2(b *testing.B)   { benchParse(b, "BINARY2") }

func BenchmarkWriteTableData(b *testing.B) {
	t := benchTable(20000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var sb strings.Builder
		if err := WriteVOTable(&sb, t, nil, nil, "TABLEDATA"); err != nil {
			b.Fatal(err)
		}
	}
}
