// Package fetch downloads single files into a local cache: the spectra a user
// clicks, the previews a pane shows. A second request for the same URL is
// answered from disk. Bulk and resumable transfers belong to the download
// queue; this is for files a person is waiting to look at.
package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"esodesk/internal/flight"
	"esodesk/services/vohttp"
)

// Progress is told the bytes received so far and the total (-1 if unknown).
type Progress func(done, total int64)

// DefaultMaxBytes caps a cache folder: past it the files used longest ago go.
const DefaultMaxBytes = 2 << 30

// Cache keeps fetched files in Dir, named by a hash of their URL. When a
// download takes the folder past MaxBytes, the files used longest ago are
// deleted until it holds at most 90% of it (the file just fetched always
// stays; see trim).
type Cache struct {
	Dir      string
	Client   *vohttp.Client
	MaxBytes int64 // 0 means DefaultMaxBytes

	flights flight.Group[string] // one download per URL, however many ask

	mu       sync.Mutex // guards watchers and is held while telling them
	watchers map[string][]*watcher

	sizeMu sync.Mutex // guards size and sized
	size   int64      // bytes in Dir as of the last listing, plus downloads since
	sized  bool       // Dir has been listed once
}

// watcher is one waiting caller's progress callback (a pointer, so that it
// can be found again to remove).
type watcher struct{ fn Progress }

// New returns a cache in dir (created on first use).
func New(dir string, c *vohttp.Client) *Cache {
	if c == nil {
		c = vohttp.Default
	}
	return &Cache{Dir: dir, Client: c}
}

// DefaultDir is esodesk's cache folder for kind ("spectra", ...) in the
// user's cache directory.
func DefaultDir(kind string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "esodesk", kind)
}

// Cached returns the path of url's file when it is already in the cache.
// It looks for the few names url's file can have, the one url's own
// suffix suggests first, rather than listing the folder, which may hold
// tens of thousands of sky tiles.
func (c *Cache) Cached(url string) (string, bool) {
	k := filepath.Join(c.Dir, key(url))
	guess := suffixOf(strings.SplitN(url, "?", 2)[0])
	if info, err := os.Stat(k + guess); err == nil && info.Mode().IsRegular() {
		return k + guess, true
	}
	for _, suffix := range suffixes {
		if suffix == guess {
			continue
		}
		if info, err := os.Stat(k + suffix); err == nil && info.Mode().IsRegular() {
			return k + suffix, true
		}
	}
	return "", false
}

// Get returns the local path of url's content, downloading it first unless
// it is cached. Concurrent calls for one URL share one download, which no
// single caller owns: cancelling ctx stops this caller waiting, and stops
// the download only when no one else waits. Every waiting caller's progress
// is told of it (from the download's goroutine, with a lock held: keep it
// quick and do not call the Cache from it).
func (c *Cache) Get(ctx context.Context, url string, progress Progress) (string, error) {
	if p, ok := c.Cached(url); ok {
		now := time.Now()
		_ = os.Chtimes(p, now, now) // used now: last in line for eviction
		return p, nil
	}
	if progress != nil {
		defer c.watch(url, progress)()
	}
	p, err := c.flights.Do(ctx, url, func(ctx context.Context) (string, error) {
		return c.download(ctx, url, func(done, total int64) { c.report(url, done, total) })
	})
	if ctxErr := ctx.Err(); err != nil && ctxErr != nil && errors.Is(err, ctxErr) {
		return "", vohttp.Wrap("download", url, ctxErr) // this caller gave up
	}
	return p, err
}

// watch adds fn to the callers told of url's progress until the returned
// func is called.
func (c *Cache) watch(url string, fn Progress) (stop func()) {
	w := &watcher{fn}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.watchers == nil {
		c.watchers = map[string][]*watcher{}
	}
	c.watchers[url] = append(c.watchers[url], w)
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		ws := slices.DeleteFunc(c.watchers[url], func(x *watcher) bool { return x == w })
		if len(ws) == 0 {
			delete(c.watchers, url)
		} else {
			c.watchers[url] = ws
		}
	}
}

// report tells every caller waiting for url how far its download is. The
// lock makes sure none is told after its Get returned.
func (c *Cache) report(url string, done, total int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.watchers[url] {
		w.fn(done, total)
	}
}

func (c *Cache) download(ctx context.Context, url string, progress Progress) (string, error) {
	const op = "download"
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create the cache folder %s: %w", c.Dir, err)
	}
	resp, err := c.Client.Get(ctx, url)
	if err != nil {
		return "", vohttp.WithOp(err, op)
	}
	defer resp.Body.Close()

	// A login or error page served with 200 must not pass for data.
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	head := make([]byte, 512)
	n, _ := io.ReadFull(resp.Body, head)
	head = head[:n]
	if vohttp.LooksLikeHTML(ct, head) {
		rest, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return "", &vohttp.Error{Op: op, URL: vohttp.Redact(url), Kind: vohttp.KindProtocol, StatusCode: resp.StatusCode,
			Message: "the server sent a web page instead of the file (a login page or an error page?): " +
				vohttp.ServerMessage("text/html", append(head, rest...))}
	}
	body := io.MultiReader(bytes.NewReader(head), resp.Body)

	final := filepath.Join(c.Dir, key(url)+extension(url, resp))
	// A name of its own: a download given up on may still be cleaning up
	// when the next one for the same URL starts.
	f, err := os.CreateTemp(c.Dir, filepath.Base(final)+".*.part")
	if err != nil {
		return "", fmt.Errorf("cannot write to the cache folder: %w", err)
	}
	part := f.Name()
	_ = f.Chmod(0o644) // the mode os.Create gave under the usual umask, not CreateTemp's 0600
	total := resp.ContentLength
	w := &countingWriter{w: f, total: total, progress: progress}
	_, err = io.Copy(w, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && total >= 0 && w.done != total {
		err = fmt.Errorf("the server sent %d of %d bytes", w.done, total)
	}
	if err != nil {
		os.Remove(part)
		if ctx.Err() != nil {
			return "", vohttp.Wrap(op, url, ctx.Err())
		}
		return "", vohttp.Wrap(op, url, err)
	}
	if err := os.Rename(part, final); err != nil {
		os.Remove(part)
		return "", err
	}
	c.trim(final, w.done)
	return final, nil
}

// trim keeps the folder within MaxBytes after keep (added bytes) arrived.
// Listing a folder of 20,000 sky tiles after every download would cost more
// than the download, so the folder's size is counted in memory and the
// folder is listed only on the first download and when the count passes the
// cap. Then the files used longest ago (by modification time, which a cache
// hit renews) are deleted down to 90% of the cap, so that the next listing
// waits for a tenth of the cap to arrive; keep stays. The count is corrected
// at every listing, so files deleted or added by others only delay a trim.
func (c *Cache) trim(keep string, added int64) {
	limit := c.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	c.sizeMu.Lock()
	defer c.sizeMu.Unlock()
	if c.sized {
		c.size += added
		if c.size <= limit {
			return
		}
	}
	entries, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	type file struct {
		path string
		size int64
		used time.Time
	}
	var files []file
	var total int64
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".part") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, file{filepath.Join(c.Dir, e.Name()), info.Size(), info.ModTime()})
		total += info.Size()
	}
	c.sized = true
	if total > limit {
		target := limit - limit/10
		sort.Slice(files, func(i, j int) bool { return files[i].used.Before(files[j].used) })
		for _, f := range files {
			if total <= target {
				break
			}
			if f.path == keep {
				continue
			}
			if os.Remove(f.path) == nil {
				total -= f.size
			}
		}
	}
	c.size = total
}

// Remove drops url's file from the cache (e.g. after it turned out unreadable).
func (c *Cache) Remove(url string) {
	if p, ok := c.Cached(url); ok {
		info, err := os.Stat(p)
		if err == nil && os.Remove(p) == nil {
			c.sizeMu.Lock()
			c.size -= info.Size()
			c.sizeMu.Unlock()
		}
	}
}

func key(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:12])
}

// extension keeps the file's real suffix (.fits, .fits.gz, .Z, .xml), which
// readers and the user's other tools rely on.
func extension(url string, resp *http.Response) string {
	name := ""
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil {
		name = params["filename"]
	}
	if name == "" {
		name = path.Base(strings.SplitN(resp.Request.URL.Path, "?", 2)[0])
	}
	name = strings.ToLower(filepath.Base(name))
	if ext := suffixOf(name); ext != "" {
		return ext
	}
	if strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "fits") {
		return ".fits"
	}
	return ""
}

// knownExtensions are the suffixes extension keeps, longest first within a
// family so that ".fits.gz" wins over ".gz".
var knownExtensions = []string{".fits.gz", ".fits.z", ".fits.fz", ".fit.gz", ".fits", ".fit", ".fts", ".gz", ".z", ".xml", ".vot", ".png", ".jpg", ".jpeg", ".gif"}

// suffixOf is the known extension name ends with, as a cached file keeps
// it ("" if none).
func suffixOf(name string) string {
	name = strings.ToLower(name)
	for _, ext := range knownExtensions {
		if strings.HasSuffix(name, ext) {
			if ext == ".fits.z" || ext == ".z" {
				return ext[:len(ext)-1] + "Z"
			}
			return ext
		}
	}
	return ""
}

// suffixes are every suffix a cached file's name can have after its key
// (what extension returns), so that Cached can look a file up by name.
var suffixes = func() []string {
	out := []string{""}
	for _, ext := range knownExtensions {
		if ext == ".fits.z" || ext == ".z" {
			ext = ext[:len(ext)-1] + "Z"
		}
		out = append(out, ext)
	}
	return out
}()

type countingWriter struct {
	w        io.Writer
	done     int64
	total    int64
	progress Progress
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.done += int64(n)
	if c.progress != nil {
		c.progress(c.done, c.total)
	}
	return n, err
}
