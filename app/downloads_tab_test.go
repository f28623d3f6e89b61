package app

import (
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"esodesk/services/download"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
)

func sha(t *testing.T, r io.Reader) [32]byte {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// Search, select, "Download selected": the queue in the Downloads tab fetches
// every file into <folder>/spectra, byte-identical to what the server sends.
func TestDownloadSelectedSpectra(t *testing.T) {
	u := newSpectraUI(t)
	searchInGUI(t, u, "NGC 1068", "1", ssap.Arcmin)
	var recs []ssap.Record
	onUI(func() {
		recs = append(recs, u.spectra.records...)
		u.spectra.results.SelectAll()
	})
	if len(recs) < 2 {
		t.Fatalf("testbed: want several spectra of NGC 1068, got %d", len(recs))
	}
	onUI(func() { u.spectra.downloadSelected() })
	eventually(t, "the downloads to be queued", queryTimeout, func() bool {
		return u.currentTab() == "Downloads" && len(u.downloads.queue.Snapshot()) == len(recs)
	})
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	if err := u.downloads.queue.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	for _, st := range u.downloads.queue.Snapshot() {
		if st.State != download.Done {
			t.Fatalf("%s: %s (%s)", st.Job.URL, st.State, st.Error)
		}
		if filepath.Base(filepath.Dir(st.Path)) != "spectra" {
			t.Errorf("%s saved in %s, want the spectra folder", st.Job.URL, st.Path)
		}
		f, err := os.Open(st.Path)
		if err != nil {
			t.Fatal(err)
		}
		got := sha(t, f)
		f.Close()
		resp, err := vohttp.Default.Get(ctx, st.Job.URL)
		if err != nil {
			t.Fatal(err)
		}
		want := sha(t, resp.Body)
		resp.Body.Close()
		if got != want || resp.StatusCode != http.StatusOK {
			t.Errorf("%s differs from the server's file", st.Path)
		}
	}
}
