package fits

import (
	"math"
	"strings"
	"testing"
)

// sdmVOTable is a small SDM spectrum as DaCHS's dlget writes it (TABLEDATA
// here; the testbed test below covers BINARY).
func sdmVOTable(spectralUtype, fluxUtype string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE utype="spec:Spectrum"><TABLE name="instance" utype="spec:Spectrum">
<PARAM name="ssa_dstitle" datatype="char" arraysize="*" utype="spec:Spectrum.DataID.Title" value="UVES HD 100546"/>
<PARAM name="ssa_targname" datatype="char" arraysize="*" utype="spec:Spectrum.Target.Name" value="HD 100546"/>
<FIELD name="flux_value" datatype="double" ucd="phot.flux.density;em.wl" unit="erg.s**-1.cm**-2.Angstrom**-1" utype="` + fluxUtype + `"/>
<FIELD name="lam" datatype="float" ucd="em.wl;obs.atmos" unit="Angstrom" utype="` + spectralUtype + `"/>
<FIELD name="flux_error" datatype="double" ucd="stat.error;phot.flux.density;em.wl" utype="spec:Spectrum.Data.FluxAxis.Accuracy.StatError"/>
<FIELD name="note" datatype="char" arraysize="*"/>
<DATA><TABLEDATA>
<TR><TD>1.5e-15</TD><TD>4200.0</TD><TD>1e-17</TD><TD>a</TD></TR>
<TR><TD>NaN</TD><TD>4200.5</TD><TD>1e-17</TD><TD>b</TD></TR>
<TR><TD>1.7e-15</TD><TD>4201.0</TD><TD></TD><TD>c</TD></TR>
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`
}

func TestSDMVOTable(t *testing.T) {
	for _, ut := range [][2]string{
		{"spec:Spectrum.Data.SpectralAxis.Value", "spec:Spectrum.Data.FluxAxis.Value"},
		{"ssa:Data.SpectralAxis.Value", "ssa:Data.FluxAxis.Value"},
		{"spec2:Data.SpectralAxis.Value", "spec2:Data.FluxAxis.Value"},
		{"", ""}, // UCDs alone
	} {
		s, err := Read(strings.NewReader(sdmVOTable(ut[0], ut[1])), "dlget.xml")
		if err != nil {
			t.Fatalf("%v: %v", ut, err)
		}
		sameFloats(t, "wave", s.Wave, []float64{4200, 4200.5, 4201})
		sameFloats(t, "flux", s.Flux, []float64{1.5e-15, math.NaN(), 1.7e-15})
		sameFloats(t, "err", s.Err, []float64{1e-17, 1e-17, math.NaN()})
		if s.WaveUnit != "Angstrom" || !s.Air || s.FluxUnit != "erg.s**-1.cm**-2.Angstrom**-1" {
			t.Errorf("%v: units %q %q air %v", ut, s.WaveUnit, s.FluxUnit, s.Air)
		}
		if s.Title != "UVES HD 100546" || s.Object != "HD 100546" {
			t.Errorf("%v: title %q object %q", ut, s.Title, s.Object)
		}
	}
	bad := map[string]string{
		"error status": `<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">no such dataset</INFO></RESOURCE></VOTABLE>`,
		"no spectrum":  `<VOTABLE version="1.4"><RESOURCE><TABLE><FIELD name="ra" datatype="double" ucd="pos.eq.ra"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
		"broken xml":   `<VOTABLE version="1.4"><RESOURCE><TABLE><FIELD name="wave"`,
	}
	want := map[string]string{
		"error status": "the service reported an error: no such dataset",
		"no spectrum":  "not a 1D spectrum: the VOTable has 1 table(s) and none has a spectral axis column",
		"broken xml":   "votable",
	}
	for name, doc := range bad {
		_, err := Read(strings.NewReader(doc), name)
		if err == nil || !strings.Contains(err.Error(), want[name]) {
			t.Errorf("%s: got %v, want %q", name, err, want[name])
		}
	}
}
