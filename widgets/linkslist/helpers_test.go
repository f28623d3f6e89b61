package linkslist

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/fixtures"
	"esodesk/internal/uitest"
	"esodesk/services/datalink"
	"esodesk/services/votable"
)

const (
	productTSV = "eso_astroquery_examples/extracted/datalink_ADP.2018-06-21T20_32_57.736.tsv"
	rawTSV     = "eso_astroquery_examples/extracted/datalink_raw_MUSE.2018-06-05T01_06_59.418.tsv"
	productID  = "ivo://eso.org/ID?ADP.2018-06-21T20:32:57.736"
	sodaID     = "ADP.2018-06-21T20:32:57.736_soda"
)

// sodaDescriptor is a SODA service descriptor of the kind ESO and DaCHS
// send with a links table (the recorded ESO rows lost theirs): the fixed
// ID and two user inputs with their ranges.
const sodaDescriptor = `<RESOURCE type="meta" utype="adhoc:service" ID="` + sodaID + `" name="SODA-sync">
<DESCRIPTION>Cutouts of the MUSE cube</DESCRIPTION>
<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>
<PARAM name="accessURL" datatype="char" arraysize="*" value="http://127.0.0.1:8089/soda/sync"/>
<GROUP name="inputParams">
<PARAM name="ID" datatype="char" arraysize="*" ucd="meta.id;meta.main" value="` + productID + `"/>
<PARAM name="CIRCLE" datatype="double" arraysize="3" xtype="circle" unit="deg" ucd="phys.angArea;obs" value="">
<DESCRIPTION>RA, Dec and radius of the cutout</DESCRIPTION>
</PARAM>
<PARAM name="BAND" datatype="double" arraysize="2" xtype="interval" unit="m" ucd="em.wl;stat.interval" value="">
<DESCRIPTION>Wavelength interval</DESCRIPTION>
<VALUES><MIN value="4.65e-07"/><MAX value="9.35e-07"/></VALUES>
</PARAM>
</GROUP>
</RESOURCE>
`

// readTSV reads an astropy table printout recorded from ESO: header, an
// optional unit row, the dtype row, then data ("--" is a masked cell).
func readTSV(t *testing.T, rel string) (header, units, dtypes []string, rows [][]string) {
	e := fixtures.ReadESOTable(t, rel)
	return e.Header, e.Units, e.Dtypes, e.Rows
}

// esoDoc rebuilds a links response from recorded ESO rows: edit may change
// or add rows, descriptor (may be "") is added as a RESOURCE beside the
// results, and the document is written and parsed back as a client gets it.
func esoDoc(t *testing.T, rel string, edit func(header []string, rows [][]string) [][]string, descriptor string) *datalink.Links {
	t.Helper()
	header, units, dtypes, rows := readTSV(t, rel)
	if edit != nil {
		rows = edit(header, rows)
	}
	fields := make([]votable.Field, len(header))
	for i, name := range header {
		fields[i] = votable.Field{Name: name, Datatype: "char", Arraysize: "*", Unit: units[i]}
		if dtypes[i] == "int64" {
			fields[i].Datatype, fields[i].Arraysize = "long", ""
		}
	}
	b := votable.NewTable(fields)
	for _, r := range rows {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := votable.WriteDocument(&buf, b.Build(), nil, nil, "TABLEDATA", votable.Status{Value: "OK"}); err != nil {
		t.Fatal(err)
	}
	xml := buf.String()
	if descriptor != "" {
		xml = strings.Replace(xml, "</VOTABLE>", descriptor+"</VOTABLE>", 1)
	}
	doc, err := votable.Parse(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := datalink.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s in %v", name, header)
	return -1
}

const (
	missingMsg    = "NotFoundFault: ADP.2018-06-21T20:32:57.743 is not available (withdrawn)"
	readmeOrig    = "r.MUSE.2018-06-05T01:06:59.418_tpl.log"
	productSource = "https://archive.eso.org/datalink/links?ID=" + productID
)

// productLinks is ESO's links of the MUSE cube with the SODA descriptor,
// one added row the service reports as failed, and the README's size
// masked (services may omit content_length).
func productLinks(t *testing.T) *datalink.Links {
	t.Helper()
	return esoDoc(t, productTSV, func(h []string, rows [][]string) [][]string {
		for _, r := range rows {
			if r[col(t, h, "eso_origfile")] == readmeOrig {
				r[col(t, h, "content_length")] = ""
			}
		}
		bad := make([]string, len(h))
		bad[col(t, h, "ID")] = productID
		bad[col(t, h, "error_message")] = missingMsg
		bad[col(t, h, "semantics")] = "#auxiliary"
		bad[col(t, h, "description")] = "Ancillary file associated to the requested file"
		return append(rows, bad)
	}, sodaDescriptor)
}

func newList(t *testing.T) (*List, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	l := New(nil)
	w := test.NewTempWindow(t, l)
	l.win = w
	w.Resize(fyne.NewSize(450, 700))
	return l, w
}

func buttons(o fyne.CanvasObject, label string) []*widget.Button {
	return uitest.Find(o, func(b *widget.Button) bool { return b.Text == label })
}

// shot saves the window as a PNG (ESODESK_SHOT_DIR keeps it).
func shot(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	uitest.SaveShot(t, w, "ESODESK_SHOT_DIR", "linkslist-"+name+".png", 400)
}
