package standin

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// A few targets people type, with their SIMBAD J2000/ICRS positions. The
// Sesame stand-in knows these and nothing else.
type sesameObject struct {
	oname, otype string
	jpos         string  // sexagesimal, as Sesame writes it
	ra, dec      float64 // degrees
	aliases      []string
}

var sesameObjects = []sesameObject{
	{"HD 100546", "Ae*", "11:33:25.44 -70:11:41.2", 173.3560008, -70.1947883, []string{"HD 100546", "HIP 56379"}},
	{"* eta Car", "LB?", "10:45:03.54 -59:41:04.0", 161.2647729, -59.6844586, []string{"Eta Car", "eta Carinae", "* eta Car", "HD 93308"}},
	{"SN 1987A", "SN*", "05:35:27.98 -69:16:11.1", 83.8666146, -69.2697519, []string{"SN 1987A", "SN1987A"}},
	{"NAME Sgr A*", "X", "17:45:40.04 -29:00:28.1", 266.4168371, -29.0078106, []string{"Sgr A*", "SgrA*", "NAME Sgr A*"}},
	{"M 77", "Sy2", "02:42:40.77 -00:00:47.8", 40.6698792, -0.0132889, []string{"NGC 1068", "M 77", "M77"}},
	{"* TW Hya", "TT*", "11:01:51.90 -34:42:17.0", 165.4662725, -34.7047314, []string{"TW Hya", "TW Hydrae", "* TW Hya"}},
	{"* alf Lyr", "dS*", "18:36:56.33 +38:47:01.2", 279.2347348, 38.7836889, []string{"Vega", "alf Lyr", "alpha Lyr", "* alf Lyr"}},
	{"* alf CMa", "SB*", "06:45:08.91 -16:42:58.0", 101.2871553, -16.7161159, []string{"Sirius", "alf CMa", "alpha CMa", "* alf CMa"}},
}

// sesameKey folds case and drops spaces and underscores: Sesame finds
// "ngc1068" as well as "NGC 1068".
func sesameKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r != ' ' && r != '\t' && r != '_' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var sesameIndex = func() map[string]*sesameObject {
	m := map[string]*sesameObject{}
	for i := range sesameObjects {
		o := &sesameObjects[i]
		for _, a := range append([]string{o.oname}, o.aliases...) {
			m[sesameKey(a)] = o
		}
	}
	return m
}()

// SesamePath is where the stand-in answers Sesame queries; it mirrors the
// real service (https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV), so the
// configured URL only changes its host.
const SesamePath = "/cgi-bin/nph-sesame/-oxp/SNV"

func mountSesame(mux *http.ServeMux) {
	mux.HandleFunc("GET "+SesamePath, serveSesame)
}

// serveSesame answers like Sesame's XML output (-ox): the whole query
// string is the name; the reply is <Sesame><Target><Resolver>... with
// <jradeg>/<jdedeg>, or an INFO "*** Nothing found ***" per resolver.
func serveSesame(w http.ResponseWriter, r *http.Request) {
	name, err := url.QueryUnescape(r.URL.RawQuery)
	if err != nil {
		http.Error(w, "bad query string: "+err.Error(), http.StatusBadRequest)
		return
	}
	name = strings.TrimSpace(name)
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<Sesame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://cds.unistra.fr/xml/sesame_4x.xsd">` + "\n")
	b.WriteString("<!-- esodesk stand-in for CDS Sesame: a few names only -->\n")
	fmt.Fprintf(&b, "<Target option=\"SNV\">\n  <name>%s</name>\n", esc(name))
	if o := sesameIndex[sesameKey(name)]; o != nil && name != "" {
		b.WriteString("  <Resolver name=\"S=Simbad (via url):    1     0ms\">\n")
		b.WriteString("    <INFO>from cache</INFO>\n")
		fmt.Fprintf(&b, "    <otype>%s</otype>\n", esc(o.otype))
		fmt.Fprintf(&b, "    <jpos>%s</jpos>\n", esc(o.jpos))
		fmt.Fprintf(&b, "    <jradeg>%.7f</jradeg>\n", o.ra)
		fmt.Fprintf(&b, "    <jdedeg>%+.7f</jdedeg>\n", o.dec)
		fmt.Fprintf(&b, "    <oname>%s</oname>\n", esc(o.oname))
		for _, a := range o.aliases {
			fmt.Fprintf(&b, "    <alias>%s</alias>\n", esc(a))
		}
		b.WriteString("  </Resolver>\n")
	} else {
		for _, res := range []string{"S=Simbad (via url)", "N=NED (local)", "V=VizieR (local)"} {
			fmt.Fprintf(&b, "  <Resolver name=%q>\n    <INFO>*** Nothing found ***</INFO>\n  </Resolver>\n", res)
		}
	}
	b.WriteString("</Target>\n</Sesame>\n")
	_, _ = w.Write([]byte(b.String()))
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
