package download

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"esodesk/internal/bytesize"
)

// TestMemoryDoesNotGrowWithFileSize downloads a 64 MB file and checks that
// everything the process allocated meanwhile (client and test server
// together) stays far below the file's size: the body is streamed to disk
// through one fixed buffer.
func TestMemoryDoesNotGrowWithFileSize(t *testing.T) {
	const size = 64 << 20
	body := newBody(size, 9)
	srv := serve(t, &source{body: body, etag: `"big"`, name: "big.fits"})
	q := testQueue(t, Options{})
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	st := runOne(t, q, Job{URL: srv.URL + "/big"})
	runtime.ReadMemStats(&after)
	wantDone(t, st, body)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %s while downloading %s", bytesize.Format(int64(allocated)), bytesize.Format(size))
	if allocated > size/8 {
		t.Fatalf("allocated %d bytes for a %d-byte file: the body is not streamed", allocated, size)
	}
}

func BenchmarkDownload100MB(b *testing.B) {
	const size = 100 << 20
	body := newBody(size, 10)
	src := &source{body: body, etag: `"b"`}
	srv := serveB(b, src)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q, err := New(Options{Dir: b.TempDir(), Ephemeral: true})
		if err != nil {
			b.Fatal(err)
		}
		q.Add(Job{URL: srv.URL + "/big.fits"})
		q.Wait(context.Background())
		if s := q.Snapshot()[0]; s.State != Done {
			b.Fatal(s.Error)
		}
		q.Close()
	}
}

func BenchmarkManySmall(b *testing.B) {
	const n, size = 500, 200 << 10
	src := &source{body: newBody(size, 11), etag: `"s"`}
	srv := serveB(b, src)
	b.SetBytes(n * size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q, err := New(Options{Dir: b.TempDir(), JournalPath: b.TempDir() + "/j.jsonl", Workers: 8, PerHost: 8})
		if err != nil {
			b.Fatal(err)
		}
		jobs := make([]Job, n)
		for k := range jobs {
			jobs[k] = Job{URL: fmt.Sprintf("%s/f%03d.fits", srv.URL, k)}
		}
		q.AddBatch(jobs)
		start := time.Now()
		q.Wait(context.Background())
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "files/s")
		if t := q.Totals(); t.Done != n {
			b.Fatalf("%d of %d done", t.Done, n)
		}
		q.Close()
	}
}

func serveB(b *testing.B, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv
}
