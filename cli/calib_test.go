package cli

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"esodesk/services/calselector"
	"esodesk/services/config"
	"esodesk/services/dataset"
	"esodesk/services/esoauth"
	"esodesk/testbed/standin"
)

// calibFrames is a small dbo.raw: FORS2 science on 2019-03-10 (A1 and A2
// one OB: siblings; B another OB) with BIAS that night, sky flats five
// nights earlier (an extended match) and a standard the next night; C on
// 2019-03-18 is uncertified and misses BIAS and flats; SINFONI has no
// masters, so a processed request for S is downgraded.
const (
	idA1 = "FORS2.2019-03-10T01:00:00.000"
	idA2 = "FORS2.2019-03-10T01:10:00.000"
	idB  = "FORS2.2019-03-10T03:00:00.000"
	idC  = "FORS2.2019-03-18T02:00:00.000"
	idS  = "SINFONI.2019-03-10T04:00:00.000"
)

func calibFrames() []standin.ArchiveFrame {
	f := func(id, inst, cat, typ, night string, ob int64) standin.ArchiveFrame {
		return standin.ArchiveFrame{DPID: id, Instrument: inst, Telescope: "UT1", Category: cat, Type: typ,
			Tech: "IMAGE", Night: night, OBID: ob, RA: math.NaN(), Dec: math.NaN(), Airmass: math.NaN(),
			DateObs: strings.SplitN(id, ".", 2)[1], ProgID: "60.A-9022(C)"}
	}
	return []standin.ArchiveFrame{
		f(idA1, "FORS2", "SCIENCE", "OBJECT", "2019-03-10", 100),
		f(idA2, "FORS2", "SCIENCE", "OBJECT", "2019-03-10", 100),
		f(idB, "FORS2", "SCIENCE", "OBJECT", "2019-03-10", 200),
		f(idC, "FORS2", "SCIENCE", "OBJECT", "2019-03-18", 300),
		f("FORS2.2019-03-10T12:00:00.000", "FORS2", "CALIB", "BIAS", "2019-03-10", 0),
		f("FORS2.2019-03-10T12:01:00.000", "FORS2", "CALIB", "BIAS", "2019-03-10", 0),
		f("FORS2.2019-03-10T12:02:00.000", "FORS2", "CALIB", "BIAS", "2019-03-10", 0),
		f("FORS2.2019-03-05T23:00:00.000", "FORS2", "CALIB", "FLAT,SKY", "2019-03-05", 0),
		f("FORS2.2019-03-05T23:05:00.000", "FORS2", "CALIB", "FLAT,SKY", "2019-03-05", 0),
		f("FORS2.2019-03-11T05:00:00.000", "FORS2", "CALIB", "STD", "2019-03-11", 0),
		f(idS, "SINFONI", "SCIENCE", "OBJECT", "2019-03-10", 400),
		f("SINFONI.2019-03-10T12:00:00.000", "SINFONI", "CALIB", "DARK", "2019-03-10", 0),
	}
}

// calibEnv starts an in-process stand-in with calibFrames, points the
// config at it and keeps the user's saved login out.
func calibEnv(t *testing.T) *httptest.Server {
	t.Helper()
	hs, _ := calibEnvServer(t)
	return hs
}

// calibEnvServer is calibEnv that also hands over the stand-in (for faults).
func calibEnvServer(t *testing.T) (*httptest.Server, *standin.Server) {
	t.Helper()
	sa := standin.New(standin.Options{Frames: calibFrames()})
	hs := httptest.NewServer(sa)
	t.Cleanup(hs.Close)
	t.Setenv(config.StandinEnv, hs.URL)
	for _, env := range []string{"ESODESK_CALSELECTOR_URL", "ESODESK_DATAPORTAL_URL", "ESODESK_TOKEN_URL", "ESODESK_ESO_USER", "ESODESK_ESO_PASSWORD"} {
		t.Setenv(env, "")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	tokenFile := filepath.Join(t.TempDir(), "eso-token.json")
	oldStore := tokenStore
	tokenStore = func() (*esoauth.Store, error) { return &esoauth.Store{FilePath: tokenFile}, nil }
	t.Cleanup(func() { tokenStore = oldStore })
	return hs, sa
}

// section is the lines of stdout printed for one dataset.
func section(out, id string) string {
	i := strings.Index(out, id+"\n")
	if i < 0 {
		return ""
	}
	rest := out[i:]
	if j := strings.Index(rest, "\n\n"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestCalibReportsFlags(t *testing.T) {
	calibEnv(t)
	code, out, errText := runCtx(context.Background(), "calib", idA1, idB, idC, "--trees")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	a := section(out, idA1)
	for _, want := range []string{"mode: Raw2Raw (asked Raw2Raw)", "  COMPLETE", "  CERTIFIED", "EXTENDED:", "siblings: 1", idA2, "BIAS", "SKY_FLAT_IMG"} {
		if !strings.Contains(a, want) {
			t.Errorf("A1 lacks %q:\n%s", want, a)
		}
	}
	if strings.Contains(a, "DOWNGRADED") || strings.Contains(a, "INCOMPLETE") || strings.Contains(a, "UNCERTIFIED") {
		t.Errorf("A1 wrongly flagged:\n%s", a)
	}
	c := section(out, idC)
	for _, want := range []string{"INCOMPLETE", "Missing BIAS", "UNCERTIFIED: associate again after certification for better calibrations"} {
		if !strings.Contains(c, want) {
			t.Errorf("C lacks %q:\n%s", want, c)
		}
	}
	if !strings.Contains(out, "Total: ") || !strings.Contains(out, "(3 datasets · 10 files, 6 shared counted once)") {
		t.Errorf("no plan summary:\n%s", out)
	}
	// Without --trees nothing can say EXTENDED.
	_, out, _ = runCtx(context.Background(), "calib", idA1)
	if strings.Contains(out, "EXTENDED") {
		t.Errorf("EXTENDED without the tree:\n%s", out)
	}
}

func TestCalibDowngraded(t *testing.T) {
	calibEnv(t)
	code, out, errText := runCtx(context.Background(), "calib", "--mode", "processed", idS, idA1)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	if s := section(out, idS); !strings.Contains(s, "DOWNGRADED: processed calibrations were asked for, raw ones returned") || !strings.Contains(s, "mode: Raw2Raw (asked Raw2Master)") ||
		!strings.Contains(s, "(these are raw calibrations: reduce them yourself, or ask again later for masters)") {
		t.Errorf("S not downgraded:\n%s", s)
	}
	if a := section(out, idA1); strings.Contains(a, "DOWNGRADED") || !strings.Contains(a, "MASTER_BIAS") {
		t.Errorf("A1:\n%s", a)
	}

	// Downloaded, each goes to the folder of the mode the service ran, its
	// tree named after it, and the run says so.
	dir := t.TempDir()
	code, out, errText = runCtx(context.Background(), "calib", "--mode", "processed", idS, idA1, "--download", dir, "--trees", "--yes")
	if code != ExitOK {
		t.Fatalf("download: exit %d: %s\n%s", code, errText, out)
	}
	if !strings.Contains(out, "\n1 dataset was downgraded to raw calibrations: it goes to data_with_raw_calibs/\n") {
		t.Errorf("no word of the downgrade:\n%s", out)
	}
	for _, f := range []string{
		filepath.Join(dataset.RawFolder, standin.FileName(idS)), filepath.Join(dataset.RawFolder, idS+"_raw2raw.xml"),
		filepath.Join(dataset.ProcessedFolder, standin.FileName(idA1)), filepath.Join(dataset.ProcessedFolder, idA1+"_raw2master.xml"),
	} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, dataset.ProcessedFolder, standin.FileName(idS))); err == nil {
		t.Errorf("the downgraded frame is in %s too", dataset.ProcessedFolder)
	}
}

func TestCalibDownloadLayout(t *testing.T) {
	hs := calibEnv(t)
	dir := t.TempDir()
	code, out, errText := runCtx(context.Background(), "calib", idA1, idB, "--download", dir, "--trees", "--night-logs", "--yes")
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, errText, out)
	}
	// What the plan should hold, from the service's own answer.
	res, err := calselector.New(hs.URL+"/calselector/v1/associations", nil).Associate(context.Background(), []string{idA1, idB}, calselector.Raw2Raw, calselector.VOTable)
	if err != nil {
		t.Fatal(err)
	}
	sets := []*dataset.Dataset{dataset.FromLinks(res.Links[idA1], calselector.Raw2Raw), dataset.FromLinks(res.Links[idB], calselector.Raw2Raw)}
	plan := dataset.MakePlan(sets, dataset.PlanOptions{Dir: dir, Trees: true, NightLogs: true, DataPortalURL: hs.URL + "/dataPortal/file"})
	if plan.Shared == 0 {
		t.Fatalf("A1 and B share no calibrations: %s", plan.Summary())
	}
	top, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 1 || top[0].Name() != dataset.RawFolder {
		t.Fatalf("%s holds %v, want only %s", dir, top, dataset.RawFolder)
	}
	folder := filepath.Join(dir, dataset.RawFolder)
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != plan.Files {
		names := []string{}
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("%d files, plan has %d: %v", len(entries), plan.Files, names)
	}
	for _, j := range plan.Jobs {
		id := dataset.DPIDFromURL(j.URL)
		name := j.Name
		if name == "" && !strings.HasSuffix(id, ".NL") {
			name = standin.FileName(id)
		}
		if name == "" { // night logs: whatever the stand-in called them, once
			continue
		}
		st, err := os.Stat(filepath.Join(folder, name))
		if err != nil {
			t.Errorf("missing %s: %v", name, err)
			continue
		}
		if j.Size > 0 && st.Size() != j.Size {
			t.Errorf("%s: %d bytes, CalSelector said %d", name, st.Size(), j.Size)
		}
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), " (") || strings.HasSuffix(e.Name(), ".part") {
			t.Errorf("file twice or unfinished: %s", e.Name())
		}
	}
	if lines := strings.Count(strings.TrimSpace(out[strings.Index(out, "Total: "):]), "\n"); lines != plan.Files {
		t.Errorf("printed %d paths, want %d:\n%s", lines, plan.Files, out)
	}
}

func TestCalibServiceErrors(t *testing.T) {
	hs := calibEnv(t)
	t.Setenv("ESODESK_CALSELECTOR_URL", hs.URL+"/fault/500/calselector/v1/associations")
	code, _, errText := runCtx(context.Background(), "calib", idA1)
	if code != ExitError || !strings.Contains(errText, "CalSelector had server-side trouble (HTTP 500): try again later") {
		t.Errorf("500: exit %d, %q", code, errText)
	}
	t.Setenv("ESODESK_CALSELECTOR_URL", hs.URL+"/fault/400/calselector/v1/associations")
	code, _, errText = runCtx(context.Background(), "calib", idA1)
	if code != ExitError || !strings.Contains(errText, "CalSelector rejected the request (HTTP 400): stand-in fault: 400 Bad Request") {
		t.Errorf("400: exit %d, %q", code, errText)
	}
	if cfg := config.Load(); !strings.Contains(cfg.CalSelector, "/fault/400/") {
		t.Fatalf("config ignored ESODESK_CALSELECTOR_URL: %q", cfg.CalSelector)
	}
}

func TestCalibUsage(t *testing.T) {
	for _, args := range [][]string{{"calib"}, {"calib", "X", "--mode", "best"}, {"calib", "X", "--night-logs"}, {"calib", "a/b"}} {
		if code, _, errText := runCtx(context.Background(), args...); code != ExitUsage || !strings.Contains(errText, "usage: esodesk calib") {
			t.Errorf("%q: exit %d, %q", args, code, errText)
		}
	}
}

// Ctrl+C in the middle of a dataset download leaves the rest for the next
// run, which resumes the interrupted file (a Range request) instead of
// starting over.
func TestCalibInterruptedDownloadResumes(t *testing.T) {
	_, sa := calibEnvServer(t)
	if err := sa.SetFileFault(idA1, "slow:40000*1"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	part := filepath.Join(dir, dataset.RawFolder, standin.FileName(idA1)+".part")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer cancel() // gives up after 20 s: the run then fails the test
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
			if st, err := os.Stat(part); err == nil && st.Size() > 20000 {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	code, _, errText := runCtx(ctx, "calib", idA1, "--download", dir, "--yes")
	if code != ExitCanceled || !strings.Contains(errText, "the next 'esodesk calib' resumes 1 unfinished download\n") {
		t.Fatalf("interrupted run: exit %d, %q", code, errText)
	}
	code, out, errText := runCtx(context.Background(), "calib", idA1, "--download", dir, "--yes")
	if code != ExitOK || !strings.Contains(errText, "Resuming") {
		t.Fatalf("second run: exit %d, %q\n%s", code, errText, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, dataset.RawFolder, standin.FileName(idA1)))
	if err != nil {
		t.Fatal(err)
	}
	_, open := standin.FileBytes(idA1)
	if want, _ := io.ReadAll(open()); !bytes.Equal(got, want) {
		t.Errorf("the resumed file differs from the server's (%d vs %d bytes)", len(got), len(want))
	}
	resumed := false
	for _, r := range sa.Requests() {
		if strings.HasSuffix(r.Path, "/"+idA1) && strings.HasPrefix(r.Range, "bytes=") && r.Range != "bytes=0-" {
			resumed = true
		}
	}
	if !resumed {
		t.Error("the second run downloaded the interrupted file from the start")
	}
}

// A frame CalSelector does not know is a failure: its ERROR is printed,
// the known frames are still reported, and the exit status says so.
func TestCalibUnknownIDFails(t *testing.T) {
	calibEnv(t)
	const nope = "FORS2.2001-01-01T00:00:00.000"
	code, out, errText := runCtx(context.Background(), "calib", nope)
	if code != ExitError || !strings.Contains(out, "NotFoundFault") || !strings.Contains(errText, "1 of 1 frame failed: "+nope) {
		t.Errorf("unknown id alone: exit %d, stdout %q, stderr %q", code, out, errText)
	}
	code, out, errText = runCtx(context.Background(), "calib", nope, idS)
	if code != ExitError || !strings.Contains(errText, "1 of 2 frames failed: "+nope) {
		t.Errorf("unknown and known id: exit %d, stderr %q", code, errText)
	}
	// The known frame is reported (singular where there is one) and alone in the total.
	if s := section(out, idS); !strings.Contains(s, "calibrations: 1 file, ") {
		t.Errorf("S:\n%s", s)
	}
	if !strings.Contains(out, " (1 dataset · 2 files)") {
		t.Errorf("the total counts the failed frame:\n%s", out)
	}
	// --download still fetches the known frame, and still exits 1.
	dir := t.TempDir()
	code, _, errText = runCtx(context.Background(), "calib", nope, idS, "--download", dir, "--yes")
	if code != ExitError || !strings.Contains(errText, "2 downloaded, 0 already there, 0 failed") || !strings.Contains(errText, "1 of 2 frames failed") {
		t.Errorf("download: exit %d, stderr %q", code, errText)
	}
}

// --download DIR creates DIR as 'get --dir' does; a folder that cannot be
// created is named with the reason, never reported as a full disk.
func TestCalibDownloadFolder(t *testing.T) {
	calibEnv(t)
	dir := filepath.Join(t.TempDir(), "new", "deeper")
	code, _, errText := runCtx(context.Background(), "calib", idS, "--download", dir, "--yes")
	if code != ExitOK {
		t.Fatalf("new folder: exit %d, %q", code, errText)
	}
	if _, err := os.Stat(filepath.Join(dir, dataset.RawFolder, standin.FileName(idS))); err != nil {
		t.Fatal(err)
	}
	for _, bad := range uncreatableFolders(t) {
		code, out, errText := runCtx(context.Background(), "calib", idS, "--download", bad, "--yes")
		want := "esodesk calib: cannot create the download folder " + filepath.Join(bad, dataset.RawFolder) + ": mkdir "
		if code != ExitError || !strings.Contains(errText, want) || strings.Contains(errText, "free space") || strings.Contains(out, bad) {
			t.Errorf("%s: exit %d, stderr %q", bad, code, errText)
		}
	}
}

// uncreatableFolders are folders that cannot be made: one below a file
// and, on Linux, one in /proc, whose free space reads as 0 B.
func uncreatableFolders(t *testing.T) []string {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dirs := []string{filepath.Join(file, "sub")}
	if runtime.GOOS == "linux" {
		dirs = append(dirs, "/proc/esodesk-no-such/dir")
	}
	return dirs
}
