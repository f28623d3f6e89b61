package standin

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"esodesk/services/votable"
)

// sodaDescriptor is the SODA service descriptor one product's #cutout
// rows name in service_def.
type sodaDescriptor struct {
	id      string // the RESOURCE ID, "<dp_id>_soda" as ESO
	dataset string // the dataset's ivo ID
}

// descriptorsFor returns one descriptor per distinct service_def.
func descriptorsFor(rows []dlRow) []sodaDescriptor {
	var out []sodaDescriptor
	seen := map[string]bool{}
	for _, r := range rows {
		if r.ServiceDef != "" && !seen[r.ServiceDef] {
			seen[r.ServiceDef] = true
			out = append(out, sodaDescriptor{id: r.ServiceDef, dataset: r.ID})
		}
	}
	return out
}

// dlFields are ESO's links columns; the ID FIELD has an XML ID so the
// descriptors' ID input can ref it.
var dlFields = []votable.Field{
	{ID: "ID", Name: "ID", Datatype: "char", Arraysize: "*", UCD: "meta.id;meta.main", Description: "Identifier of the input dataset"},
	{Name: "access_url", Datatype: "char", Arraysize: "*", UCD: "meta.ref.url", Description: "URL to download the linked file"},
	{Name: "service_def", Datatype: "char", Arraysize: "*", UCD: "meta.ref", Description: "Identifier of the service descriptor"},
	{Name: "error_message", Datatype: "char", Arraysize: "*", UCD: "meta.code.error", Description: "Why the link is not available"},
	{Name: "semantics", Datatype: "char", Arraysize: "*", UCD: "meta.code", Description: "What the link is, relative to the input dataset"},
	{Name: "description", Datatype: "char", Arraysize: "*", UCD: "meta.note"},
	{Name: "content_type", Datatype: "char", Arraysize: "*", UCD: "meta.code.mime"},
	{Name: "content_length", Datatype: "long", Unit: "byte", UCD: "phys.size;meta.file"},
	{Name: "eso_origfile", Datatype: "char", Arraysize: "*", Description: "Original file name"},
	{Name: "eso_category", Datatype: "char", Arraysize: "*", Description: "ESO category of the linked file"},
	{Name: "eso_datalink", Datatype: "char", Arraysize: "*", UCD: "meta.ref.url", Description: "DataLink of the linked file"},
}

// dataLinkVOTable writes the links table with services/votable's writer,
// then the service descriptor RESOURCEs after the results (the writer
// makes documents of one RESOURCE).
func dataLinkVOTable(rows []dlRow, descs []sodaDescriptor, base string) ([]byte, error) {
	tb := votable.NewTable(dlFields)
	for _, r := range rows {
		if err := tb.AppendRow([]string{r.ID, r.AccessURL, r.ServiceDef, r.ErrorMessage, r.Semantics, r.Description,
			r.ContentType, r.ContentLength, r.OrigFile, r.Category, r.DataLink}); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := votable.WriteDocument(&b, tb.Build(), nil, nil, "TABLEDATA", votable.Status{Value: "OK"}); err != nil {
		return nil, err
	}
	doc := b.Bytes()
	end := bytes.LastIndex(doc, []byte("</VOTABLE>"))
	if end < 0 {
		return nil, fmt.Errorf("the VOTable writer's output has no </VOTABLE>")
	}
	var out bytes.Buffer
	out.Write(doc[:end])
	for _, d := range descs {
		writeSODADescriptor(&out, d, base)
	}
	out.Write(doc[end:])
	return out.Bytes(), nil
}

// writeSODADescriptor writes a SODA sync descriptor shaped like ESO's and
// DaCHS's: ID (fixed, and ref to the ID column), POS, BAND.
func writeSODADescriptor(b *bytes.Buffer, d sodaDescriptor, base string) {
	fmt.Fprintf(b, `<RESOURCE type="meta" utype="adhoc:service" ID="%s" name="soda">`+"\n", xmlText(d.id))
	b.WriteString("<DESCRIPTION>SODA-sync cutout of the dataset (images and cubes: CIRCLE or POS=CIRCLE, BAND)</DESCRIPTION>\n")
	fmt.Fprintf(b, `<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>`+"\n")
	fmt.Fprintf(b, `<PARAM name="accessURL" datatype="char" arraysize="*" value="%s"/>`+"\n", xmlText(base+SODAPath))
	b.WriteString(`<PARAM name="contentType" datatype="char" arraysize="*" value="application/fits"/>` + "\n")
	b.WriteString(`<GROUP name="inputParams">` + "\n")
	fmt.Fprintf(b, `<PARAM name="ID" datatype="char" arraysize="*" ucd="meta.id;meta.dataset" ref="ID" value="%s"><DESCRIPTION>The publisher DID of the dataset of interest</DESCRIPTION></PARAM>`+"\n", xmlText(d.dataset))
	b.WriteString(`<PARAM name="POS" datatype="char" arraysize="*" ucd="obs.field" value=""><DESCRIPTION>Region to cut out: CIRCLE ra dec radius (ICRS degrees)</DESCRIPTION></PARAM>` + "\n")
	b.WriteString(`<PARAM name="CIRCLE" datatype="double" arraysize="3" unit="deg" ucd="phys.angArea;obs" xtype="circle" value=""><DESCRIPTION>Circle to cut out: ra dec radius (ICRS degrees), as ESO's CIRCLE parameter</DESCRIPTION></PARAM>` + "\n")
	b.WriteString(`<PARAM name="BAND" datatype="double" arraysize="2" unit="m" ucd="em.wl;stat.interval" xtype="interval" value=""><DESCRIPTION>Spectral interval to cut out (vacuum wavelength, m)</DESCRIPTION></PARAM>` + "\n")
	b.WriteString("</GROUP>\n</RESOURCE>\n")
}

// dataDocumentationPDF is the stand-in's release description of a
// product's collection: a one-page PDF naming the product.
func dataDocumentationPDF(id string) []byte {
	text := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace("esodesk stand-in release description for " + id)
	stream := "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func serveDataDocumentation(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(id, `"`, "")+`_release_description.pdf"`)
	_, _ = w.Write(dataDocumentationPDF(id))
}
