package datalink

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/vohttp"
)

// The DaCHS testbed's dlmeta for the UVES spectrum: #this, a #derivation
// (dlget as SDM VOTable) and a #proc row backed by a SODA descriptor.
func TestTestbedDlmeta(t *testing.T) {
	base := testbedenv.URL(t)
	const id = "ivo://testbed.example/~?specs/data/sdp_hd100546_uves.fits"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dlmeta := strings.TrimRight(base, "/") + "/specs/q/sdl/dlmeta?ID=" + url.QueryEscape(id)
	ls, err := Fetch(ctx, vohttp.New(vohttp.Options{}), dlmeta)
	if err != nil {
		t.Fatal(err)
	}
	if ls.Status.Value != "OK" {
		t.Errorf("status %+v", ls.Status)
	}
	bySem := map[string]Link{}
	for _, l := range ls.Rows {
		if l.ID != id {
			t.Errorf("row for %q", l.ID)
		}
		bySem[l.Semantics] = l
	}
	this, ok := bySem["#this"]
	if !ok || this.Group() != GroupThis || !strings.HasSuffix(this.AccessURL, "/getproduct/specs/data/sdp_hd100546_uves.fits") ||
		this.ContentType != "application/fits" || this.ContentLength <= 0 {
		t.Errorf("#this = %+v", this)
	}
	if got, err := ThisLink(ctx, nil, dlmeta); err != nil || got != this.AccessURL {
		t.Errorf("ThisLink = %q, %v; want %q", got, err, this.AccessURL)
	}
	der, ok := bySem["#derivation"]
	if !ok || der.Group() != GroupDerived || !strings.Contains(der.AccessURL, "/specs/q/sdl/dlget?ID=") ||
		!strings.HasPrefix(der.ContentType, "application/x-votable+xml") {
		t.Errorf("#derivation = %+v", der)
	}
	proc, ok := bySem["#proc"]
	if !ok || proc.Group() != GroupServices || proc.Service == nil {
		t.Fatalf("#proc = %+v", proc)
	}
	sd := proc.Service
	if !strings.HasSuffix(sd.AccessURL, "/specs/q/sdl/dlget") || sd.StandardID != "ivo://ivoa.net/std/SODA#sync-1.0" {
		t.Errorf("descriptor = %+v", sd)
	}
	idp, _ := sd.Input("ID")
	band, hasBand := sd.Input("BAND")
	if idp.Value != id || !hasBand || band.Min == "" || band.Max == "" || band.Unit != "m" {
		t.Errorf("inputs ID=%+v BAND=%+v", idp, band)
	}
	if _, ok := sd.Input("FORMAT"); !ok {
		t.Error("no FORMAT input")
	}
	if u, err := sd.URL(url.Values{"FORMAT": {"text/csv"}}); err != nil || !strings.Contains(u, "FORMAT=text%2Fcsv") || !strings.Contains(u, "ID=ivo%3A%2F%2Ftestbed.example") {
		t.Errorf("service URL %q, %v", u, err)
	}
}
