package tap

import (
	"strings"
	"testing"
)

func TestParseCapabilitiesFixture(t *testing.T) {
	c, err := ParseCapabilities(fixture(t, "pyvo/tap/capabilities.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.OutputLimit.Default != 20000 || c.OutputLimit.Hard != 10000000 || c.OutputLimit.DefaultUnit != "row" {
		t.Fatalf("output limit %+v", c.OutputLimit)
	}
	if c.RetentionPeriod.Default != 172800 || c.ExecutionDuration.Default != 3600 || c.UploadLimit.Hard != 100000000 {
		t.Fatalf("%+v %+v %+v", c.RetentionPeriod, c.ExecutionDuration, c.UploadLimit)
	}
	if !c.HasLanguage("adql") || c.Languages[0].Versions[0].Version != "2.0" || c.Languages[0].Versions[0].IvoID != "ivo://ivoa.net/std/ADQL#v2.0" {
		t.Fatalf("%+v", c.Languages)
	}
	if !c.Upload() || len(c.UploadMethods) != 4 {
		t.Fatal(c.UploadMethods)
	}
	var udf bool
	for _, f := range c.Languages[0].Features {
		if strings.HasPrefix(f.Form, "gavo_simbadpoint") && strings.HasSuffix(f.Type, "features-udf") {
			udf = true
		}
	}
	if !udf {
		t.Fatal("UDF gavo_simbadpoint missing")
	}
	var csv bool
	for _, o := range c.OutputFormats {
		if o.Mime == "text/csv;header=present" && len(o.Aliases) == 1 && o.Aliases[0] == "csv" {
			csv = true
		}
	}
	if !csv {
		t.Fatalf("%+v", c.OutputFormats)
	}
	if len(c.Capabilities) != 4 || c.Capabilities[3].Interfaces[0].AccessURLs[0].URL != "http://dc.zah.uni-heidelberg.de/tap" {
		t.Fatalf("%+v", c.Capabilities)
	}
	if len(c.DataModels) != 4 || c.DataModels[2].IvoID != "ivo://ivoa.net/std/ObsCore#table-1.1" {
		t.Fatalf("%+v", c.DataModels)
	}
}

func TestParseTablesFixture(t *testing.T) {
	ts, err := ParseTables(fixture(t, "pyvo/tap/tables.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Schemas) != 1 || ts.Schemas[0].Name != "test" || ts.Schemas[0].Description != "This is a unittest schema" || ts.NumTables() != 2 {
		t.Fatalf("%+v", ts)
	}
	if ts.Find("TEST.TABLE2") == nil || ts.Find("table1") == nil || ts.Find("nope") != nil {
		t.Fatal("Find")
	}
}

// A full table in VODataService 1.1 form, as DaCHS and others serve
// /tables/<name>: flags, units, xtype, foreign keys.
const singleTable = `<?xml version="1.0"?>
<vtm:table xmlns:vtm="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output">
 <name>ivoa.obscore</name><description>  The ObsCore table  </description>
 <column std="true"><name>s_ra</name><description>RA</description><unit>deg</unit><ucd>pos.eq.ra</ucd><utype>obscore:char.spatialaxis.coverage.location.coord.position2d.value2.c1</utype>
  <dataType xsi:type="vs:VOTableType">double</dataType><flag>indexed</flag><flag>nullable</flag></column>
 <column><name>s_region</name><dataType xsi:type="vs:VOTableType" arraysize="*" extendedType="polygon">double</dataType></column>
 <foreignKey><targetTable>dbo.raw</targetTable><fkColumn><fromColumn>obs_id</fromColumn><targetColumn>dp_id</targetColumn></fkColumn><description>raw frame</description></foreignKey>
</vtm:table>`

func TestParseSingleTable(t *testing.T) {
	ts, err := ParseTables(strings.NewReader(singleTable))
	if err != nil {
		t.Fatal(err)
	}
	tb := ts.Find("ivoa.obscore")
	if tb == nil || tb.Type != "output" || tb.Description != "The ObsCore table" || len(tb.Columns) != 2 {
		t.Fatalf("%+v", ts)
	}
	ra, reg := tb.Columns[0], tb.Columns[1]
	if ra.Unit != "deg" || ra.UCD != "pos.eq.ra" || !ra.Indexed || !ra.Nullable || ra.Primary || !ra.Std || ra.Datatype != "double" {
		t.Fatalf("%+v", ra)
	}
	if reg.Xtype != "polygon" || reg.Arraysize != "*" || reg.Nullable {
		t.Fatalf("%+v", reg)
	}
	if len(tb.ForeignKeys) != 1 || tb.ForeignKeys[0].TargetTable != "dbo.raw" || tb.ForeignKeys[0].Columns[0] != (FKColumn{"obs_id", "dp_id"}) {
		t.Fatalf("%+v", tb.ForeignKeys)
	}
	if _, err := ParseTables(strings.NewReader("<html><body>Login</body></html>")); err == nil {
		t.Fatal("html accepted as tableset")
	}
}

func TestParseAvailability(t *testing.T) {
	a, err := ParseAvailability(strings.NewReader(`<avl:availability xmlns:avl="http://www.ivoa.net/xml/VOSIAvailability/v1.0"><avl:available>false</avl:available><avl:backAt>2026-01-02T03:04:05Z</avl:backAt><avl:note>maintenance</avl:note></avl:availability>`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Available || a.BackAt.Year() != 2026 || len(a.Notes) != 1 || a.Notes[0] != "maintenance" {
		t.Fatalf("%+v", a)
	}
}

func TestParseExamplesFixture(t *testing.T) {
	ex, err := ParseExamples(fixture(t, "pyvo/tap/examples.htm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) < 4 {
		t.Fatalf("got %d examples", len(ex))
	}
	if ex[0].ID != "QueryContainsPointCircle" || ex[0].Name != "Simple geometric query on rosmaster with circle and point" {
		t.Fatalf("%+v", ex[0])
	}
	if !strings.HasPrefix(ex[0].Query, "SELECT * FROM rosmaster") || !strings.Contains(ex[0].Query, "CONTAINS(POINT('ICRS', ra, dec),CIRCLE('ICRS', 50, -85, 1))") {
		t.Fatalf("%q", ex[0].Query)
	}
	if !strings.Contains(ex[0].Description, "exposure longer than 10000 seconds") {
		t.Fatalf("%q", ex[0].Description)
	}
	for _, e := range ex {
		if e.Name == "" || e.Query == "" {
			t.Fatalf("incomplete example %+v", e)
		}
	}
}

// The DaCHS form: nested markup inside the query, an example for another
// endpoint with generic parameters, unclosed HTML tags.
func TestParseExamplesDaCHSVariant(t *testing.T) {
	doc := `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body vocab="ivo://ivoa.net/std/DALI-examples#">
<div typeof="example" resource="#raw"><h2 property="name">Raw   frames</h2><p>All <em>science</em> frames<br>of a night.
<pre class="dachs-ex-tapquery literal-block" property="query">  SELECT *
    FROM dbo.raw
  WHERE dp_cat = 'SCIENCE' &amp;&amp; 1=1
</pre><span property="table">dbo.raw</span></div>
<div typeof="example" id="ssa"><h2 property="name">Spectra</h2>
<a property="capability" href="ivo://ivoa.net/std/SSA"></a>
<span property="generic-parameter" typeof="keyval"><span property="key">POS</span><span property="value">10,20</span></span>
<span property="generic-parameter" typeof="keyval"><span property="key" content="SIZE"></span><span property="value">0.1</span></span>
</div></body></html>`
	ex, err := ParseExamples(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 {
		t.Fatalf("%+v", ex)
	}
	if ex[0].ID != "raw" || ex[0].Name != "Raw frames" || ex[0].Query != "SELECT *\n  FROM dbo.raw\nWHERE dp_cat = 'SCIENCE' && 1=1" {
		t.Fatalf("%+v", ex[0])
	}
	if len(ex[0].Tables) != 1 || ex[0].Tables[0] != "dbo.raw" {
		t.Fatalf("%+v", ex[0].Tables)
	}
	if ex[1].Capability != "ivo://ivoa.net/std/SSA" || ex[1].Params["POS"] != "10,20" || ex[1].Params["SIZE"] != "0.1" {
		t.Fatalf("%+v", ex[1])
	}
}
