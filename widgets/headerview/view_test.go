package headerview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/fits"
)

func headers() []fits.Header {
	return []fits.Header{
		{Index: 0, Name: "PRIMARY", Cards: []fits.Card{
			{Key: "SIMPLE", Value: "T", Comment: "conforms to FITS"},
			{Key: "OBJECT", Value: "'NGC 300'", Comment: "Target name"},
			{Key: "INSTRUME", Value: "'XSHOOTER'", Comment: "Instrument used"},
			{Key: "EXPTIME", Value: "1200.0", Comment: "Total integration time"},
			{Key: "HISTORY", Value: "reduced with the XSHOOTER pipeline"},
		}},
		{Index: 1, Name: "SPECTRUM", Cards: []fits.Card{
			{Key: "XTENSION", Value: "'BINTABLE'"},
			{Key: "TTYPE1", Value: "'WAVE'", Comment: "wavelength"},
			{Key: "TUNIT1", Value: "'nm'"},
		}},
	}
}

func keys(cards []fits.Card) string {
	var k []string
	for _, c := range cards {
		k = append(k, c.Key)
	}
	return strings.Join(k, ",")
}

func TestSearchFiltersCards(t *testing.T) {
	test.NewTempApp(t)
	v := New()
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(700, 400))
	v.SetHeaders(headers())
	if got := keys(v.Cards()); got != "SIMPLE,OBJECT,INSTRUME,EXPTIME,HISTORY" {
		t.Fatalf("primary cards %s", got)
	}
	if v.hduSelect.Selected != "0 PRIMARY" || len(v.hduSelect.Options) != 2 {
		t.Errorf("HDU selector %q %v", v.hduSelect.Selected, v.hduSelect.Options)
	}
	// typing into the search box filters keys, values and comments, ignoring case
	test.Type(v.search, "xshooter")
	if got := keys(v.Cards()); got != "INSTRUME,HISTORY" {
		t.Errorf("xshooter: %s", got)
	}
	v.SetSearch("TARGET")
	if got := keys(v.Cards()); got != "OBJECT" {
		t.Errorf("comment match: %s", got)
	}
	v.SetSearch("exp time") // every word must match somewhere
	if got := keys(v.Cards()); got != "EXPTIME" {
		t.Errorf("two words: %s", got)
	}
	if v.count.Text != "1 of 5" {
		t.Errorf("count %q", v.count.Text)
	}
	v.SetSearch("")
	v.hduSelect.SetSelected("1 SPECTRUM")
	if got := keys(v.Cards()); got != "XTENSION,TTYPE1,TUNIT1" {
		t.Errorf("second HDU: %s", got)
	}
	v.SetSearch("wave")
	if got := v.Text(); got != "TTYPE1   =               'WAVE' / wavelength\n" {
		t.Errorf("text %q", got)
	}
	test.Tap(v.copyBtn)
	if got := fyne.CurrentApp().Clipboard().Content(); got != v.Text() {
		t.Errorf("clipboard %q", got)
	}
}

func TestShowDialogAndEmpty(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(800, 600))
	v := ShowDialog(w, "Header: NGC 300", headers())
	if len(v.Cards()) != 5 || w.Canvas().Focused() != v.search {
		t.Errorf("dialog view: %d cards, focus %v", len(v.Cards()), w.Canvas().Focused())
	}
	e := New()
	e.SetHeaders(nil)
	if len(e.Cards()) != 0 || e.count.Text != "0 of 0" {
		t.Errorf("empty: %q", e.count.Text)
	}
}
