package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/fits/sampfile"
	"esodesk/services/samp/samptest"
)

func runSampCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"samp"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// fitsBlock builds a FITS HDU from cards and data.
func fitsHDU(data []byte, cards ...string) []byte {
	var b []byte
	for _, c := range append(cards, "END") {
		b = append(b, fmt.Sprintf("%-80s", c)...)
	}
	for len(b)%2880 != 0 {
		b = append(b, ' ')
	}
	b = append(b, data...)
	for len(b)%2880 != 0 {
		b = append(b, 0)
	}
	return b
}

// testImageFITS is a 4x4 image in the primary HDU.
func testImageFITS() []byte {
	return fitsHDU(make([]byte, 16),
		"SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    2",
		"NAXIS1  =                    4", "NAXIS2  =                    4")
}

// testTableFITS is a binary table of 2 rows, no spectrum.
func testTableFITS() []byte {
	return append(fitsHDU(nil,
		"SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0", "EXTEND  =                    T"),
		fitsHDU(make([]byte, 8), "XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
			"NAXIS1  =                    4", "NAXIS2  =                    2", "PCOUNT  =                    0",
			"GCOUNT  =                    1", "TFIELDS =                    1", "TFORM1  = 'J       '", "TTYPE1  = 'ID      '")...)
}

func writeTestFile(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSampNoHub(t *testing.T) {
	t.Setenv("SAMP_HUB", "")
	t.Setenv("HOME", t.TempDir())
	code, _, stderr := runSampCmd("clients")
	if code != ExitError || !strings.Contains(stderr, "no SAMP hub is running: start one") {
		t.Fatalf("code %d, stderr %q", code, stderr)
	}
	vot := writeTestFile(t, filepath.Join(t.TempDir(), "t.xml"), []byte(samptest.TestVOTable))
	code, _, stderr = runSampCmd("send", vot)
	if code != ExitError || !strings.Contains(stderr, "no SAMP hub is running") {
		t.Fatalf("send: code %d, stderr %q", code, stderr)
	}
}

func TestSampUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"send"}, {"send", "x", "--timeout", "0"}, {"clients", "x"}} {
		if code, _, _ := runSampCmd(args...); code != ExitUsage {
			t.Errorf("%q: code %d", args, code)
		}
	}
	if code, _, stderr := runSampCmd("send", filepath.Join(t.TempDir(), "missing.xml")); code != ExitError || !strings.Contains(stderr, "missing.xml") {
		t.Errorf("missing file: %d %q", code, stderr)
	}
}

func TestSampKind(t *testing.T) {
	dir := t.TempDir()
	img := writeTestFile(t, filepath.Join(dir, "img.fits"), testImageFITS())
	tab := writeTestFile(t, filepath.Join(dir, "tab.fits"), testTableFITS())
	cases := map[string]string{
		writeTestFile(t, filepath.Join(dir, "t.vot"), []byte(samptest.TestVOTable)): "table.load.votable",
		writeSpectrum(t, dir, 50): "spectrum.load.ssa-generic",
		img:                       "image.load.fits",
		tab:                       "table.load.fits",
	}
	for path, want := range cases {
		if got, err := sampfile.Kind(path); got != want || err != nil {
			t.Errorf("%s: %q %v, want %q", filepath.Base(path), got, err, want)
		}
	}
	if _, err := sampfile.Kind(writeTestFile(t, filepath.Join(dir, "x.txt"), []byte("hello"))); err == nil {
		t.Error("a text file was accepted")
	}
}

func TestSampWithJSAMPHub(t *testing.T) {
	h := samptest.StartJSAMPHub(t)
	samptest.NeedAstropy(t)
	t.Setenv("HOME", h.Home)
	recv, id := samptest.StartReceiver(t, h)
	code, stdout, stderr := runSampCmd("clients")
	if code != ExitOK || !strings.Contains(stdout, id+"\tpyreceiver\n") || strings.Contains(stdout, "esodesk") {
		t.Fatalf("clients: %d %q %q", code, stdout, stderr)
	}
	vot := writeTestFile(t, filepath.Join(t.TempDir(), "cat.xml"), []byte(samptest.TestVOTable))
	code, stdout, stderr = runSampCmd("send", vot, "--to", "pyreceiver")
	if code != ExitOK || !strings.Contains(stdout, "table.load.votable → pyreceiver ("+id+"): ok") {
		t.Fatalf("send: %d %q %q", code, stdout, stderr)
	}
	line := recv.NextMType(t, "table.load.votable")
	if line["rows"] != float64(3) || fmt.Sprint(line["ucds"]) != samptest.TestUCDs {
		t.Fatalf("the receiver read %v", line)
	}
}

func TestSampSendWithAstropyHub(t *testing.T) {
	h := samptest.StartAstropyHub(t)
	recv, id := samptest.StartReceiver(t, h)
	dir := t.TempDir()
	vot := writeTestFile(t, filepath.Join(dir, "cat.xml"), []byte(samptest.TestVOTable))
	spec := writeSpectrum(t, dir, 50)
	img := writeTestFile(t, filepath.Join(dir, "img.fits"), testImageFITS())

	code, stdout, stderr := runSampCmd("send", vot, spec, img)
	if code != ExitOK {
		t.Fatalf("send: %d %q %q", code, stdout, stderr)
	}
	for _, want := range []string{"table.load.votable → pyreceiver (" + id + "): ok",
		"spectrum.load.ssa-generic → pyreceiver", "image.load.fits → pyreceiver"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q: %s", want, stdout)
		}
	}
	line := recv.NextMType(t, "table.load.votable")
	if line["rows"] != float64(3) || fmt.Sprint(line["ucds"]) != samptest.TestUCDs {
		t.Fatalf("the receiver read %v", line)
	}
	if p, _ := recv.NextMType(t, "spectrum.load.ssa-generic")["params"].(map[string]any); !strings.HasSuffix(fmt.Sprint(p["url"]), "/spec.fits") {
		t.Errorf("spectrum %v", p)
	}
	if p, _ := recv.NextMType(t, "image.load.fits")["params"].(map[string]any); !strings.HasSuffix(fmt.Sprint(p["url"]), "/img.fits") {
		t.Errorf("image %v", p)
	}

	// The receiver fails on a broken VOTable: exit 1 with its error.
	bad := writeTestFile(t, filepath.Join(dir, "bad.xml"), []byte(`<?xml version="1.0"?><VOTABLE><RESOURCE><TABLE>`))
	code, _, stderr = runSampCmd("send", bad)
	if code != ExitError || !strings.Contains(stderr, "bad.xml: pyreceiver ("+id+") failed: ") {
		t.Fatalf("bad: %d %q", code, stderr)
	}

	// Nobody subscribes to table.load.fits; no such client.
	tab := writeTestFile(t, filepath.Join(dir, "tab.fits"), testTableFITS())
	code, _, stderr = runSampCmd("send", tab)
	if code != ExitError || !strings.Contains(stderr, "no client accepts table.load.fits") {
		t.Fatalf("nobody subscribes: %d %q", code, stderr)
	}
	code, _, stderr = runSampCmd("send", vot, "--to", "topcat")
	if code != ExitError || !strings.Contains(stderr, `no client "topcat" is registered`) {
		t.Fatalf("--to topcat: %d %q", code, stderr)
	}
}
