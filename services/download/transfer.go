package download

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"esodesk/internal/bytesize"
	"esodesk/services/vohttp"
)

var (
	errShortBody = errors.New("the server sent fewer bytes than announced")
	errStalled   = errors.New("no data received for too long")
)

var bufPool sync.Pool

func (q *Queue) buffer() []byte {
	if b, ok := bufPool.Get().(*[]byte); ok && len(*b) == q.opts.BufferSize {
		return *b
	}
	return make([]byte, q.opts.BufferSize)
}

// attempt makes one request for e and streams the body to its .part file.
// It returns Done or Skipped, or an error (see retryable, restartError).
func (q *Queue) attempt(ctx context.Context, e *entry) (State, error) {
	const op = "download"
	q.mu.Lock()
	rec := e.rec
	q.mu.Unlock()
	job := rec.Job
	client := q.opts.Client
	if job.NeedsToken {
		if q.opts.TokenClient == nil {
			return "", vohttp.Permanent(fmt.Errorf("this file needs an ESO login: log in first"))
		}
		client = q.opts.TokenClient
	}
	if err := os.MkdirAll(rec.Dir, 0o755); err != nil {
		return "", vohttp.Permanent(fmt.Errorf("cannot create the folder %s: %w", rec.Dir, err))
	}

	// What is already on disk, and may we continue from it?
	var offset int64
	if rec.Part != "" {
		if st, err := os.Stat(rec.Part); err == nil {
			offset = st.Size()
		}
	}
	if offset > 0 && rec.ETag == "" && rec.LastMod == "" {
		return "", restartError{"no validator to resume safely"}
	}
	if offset > 0 && rec.Total > 0 && offset > rec.Total {
		return "", restartError{"the partial file is longer than the file"}
	}
	if offset > 0 && offset == rec.Total {
		return q.complete(e, rec) // crashed between the last byte and the rename
	}

	// A stalled body is cut by a watchdog, not by a deadline: big files may
	// take hours, but must never sit still for long.
	actx, acancel := context.WithCancelCause(ctx)
	defer acancel(nil)
	watchdog := time.AfterFunc(q.opts.StallTimeout, func() { acancel(errStalled) })
	defer watchdog.Stop()

	req, err := http.NewRequestWithContext(actx, http.MethodGet, job.URL, nil)
	if err != nil {
		return "", vohttp.Permanent(vohttp.Wrap(op, job.URL, err))
	}
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
		if rec.ETag != "" {
			req.Header.Set("If-Range", rec.ETag)
		} else {
			req.Header.Set("If-Range", rec.LastMod)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(context.Cause(actx), errStalled) && ctx.Err() == nil {
			return "", errStalled
		}
		return "", vohttp.WithOp(err, op)
	}
	defer resp.Body.Close()
	watchdog.Reset(q.opts.StallTimeout)

	var head []byte
	total := int64(-1)
	switch resp.StatusCode {
	case http.StatusPartialContent:
		start, end, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset || (size >= 0 && end+1 != size) || (rec.Total > 0 && size >= 0 && size != rec.Total) {
			return "", restartError{fmt.Sprintf("the server answered a resume from byte %d with Content-Range %q", offset, resp.Header.Get("Content-Range"))}
		}
		if et := resp.Header.Get("ETag"); rec.ETag != "" && et != "" && et != rec.ETag {
			return "", restartError{"the file changed on the server"}
		}
		if vohttp.LooksLikeHTML(resp.Header.Get("Content-Type"), nil) {
			return "", vohttp.Permanent(htmlError(op, job.URL, resp, nil))
		}
		total = end + 1
	case http.StatusOK:
		// Read the start first: a login or error page must leave no file.
		head = make([]byte, 512)
		n, rerr := io.ReadFull(resp.Body, head)
		head = head[:n]
		if vohttp.LooksLikeHTML(resp.Header.Get("Content-Type"), head) {
			return "", vohttp.Permanent(htmlError(op, job.URL, resp, head))
		}
		if rerr != nil && rerr != io.EOF && rerr != io.ErrUnexpectedEOF {
			return "", vohttp.Wrap(op, job.URL, rerr)
		}
		offset = 0 // a full body: never append it to a partial file
		total = resp.ContentLength
		if job.Size > 0 && total >= 0 && total != job.Size {
			return "", vohttp.Permanent(fmt.Errorf("the server announces %s, the archive listed %s", bytesize.Format(total), bytesize.Format(job.Size)))
		}
		state, err := q.prepare(e, resp, total)
		if err != nil || state == Skipped {
			return state, err
		}
		q.mu.Lock()
		rec = e.rec
		q.mu.Unlock()
	default:
		return "", vohttp.Permanent(fmt.Errorf("unexpected HTTP status %d from %s", resp.StatusCode, vohttp.Redact(job.URL)))
	}

	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if offset > 0 {
		flags = os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(rec.Part, flags, 0o644)
	if err != nil {
		return "", vohttp.Permanent(fmt.Errorf("cannot write %s: %w", rec.Part, err))
	}
	e.done.Store(offset)
	written, err := q.copyBody(e, f, head, resp.Body, offset, watchdog)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if errors.Is(context.Cause(actx), errStalled) && ctx.Err() == nil {
			return "", errStalled
		}
		if ctx.Err() != nil {
			return "", context.Cause(ctx)
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "", vohttp.Permanent(fmt.Errorf("cannot write %s: %w", rec.Part, err))
		}
		return "", vohttp.Wrap(op, job.URL, err)
	}
	want := total
	if want < 0 && job.Size > 0 {
		want = job.Size
	}
	if want >= 0 && written > want { // only an unannounced body can run past the archive's size
		return "", vohttp.Permanent(fmt.Errorf("the server sent %s, the archive listed %s", bytesize.Format(written), bytesize.Format(want)))
	}
	if want >= 0 && written < want {
		return "", fmt.Errorf("%w: %d of %d bytes", errShortBody, written, want)
	}
	if rec.Total <= 0 {
		q.mu.Lock()
		e.rec.Total = written
		rec = e.rec
		q.mu.Unlock()
	}
	return q.complete(e, rec)
}

func htmlError(op, rawURL string, resp *http.Response, head []byte) error {
	rest, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return &vohttp.Error{Op: op, URL: vohttp.Redact(rawURL), Kind: vohttp.KindProtocol, StatusCode: resp.StatusCode,
		Message: "the server sent a web page instead of the file (a login page or an error page?): " +
			vohttp.ServerMessage("text/html", append(head, rest...))}
}

// copyBody appends head and then body to f with one fixed buffer, so memory
// does not grow with the file, and reports progress. It starts the disk
// writes as it goes (see writeback) so the fsync that follows is short.
func (q *Queue) copyBody(e *entry, f *os.File, head []byte, body io.Reader, offset int64, watchdog *time.Timer) (int64, error) {
	done := offset
	wb := newWriteback(f, offset)
	if len(head) > 0 {
		n, err := f.Write(head)
		done += int64(n)
		wb.wrote(n)
		if err != nil {
			return done, err
		}
	}
	buf := q.buffer()
	defer bufPool.Put(&buf)
	// The byte count is an atomic store per chunk; the speed sample (which
	// takes the queue lock and wakes subscribers) runs a few times a second.
	nextSample := time.Now().Add(progressEvery)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			watchdog.Reset(q.opts.StallTimeout)
			m, werr := f.Write(buf[:n])
			done += int64(m)
			wb.wrote(m)
			e.done.Store(done)
			if now := time.Now(); !now.Before(nextSample) {
				q.progress(e, done, now)
				nextSample = now.Add(progressEvery)
			}
			if werr != nil {
				return done, werr
			}
		}
		if err == io.EOF {
			q.progress(e, done, time.Now())
			return done, nil
		}
		if err != nil {
			return done, err
		}
	}
}

// prepare names the file on the first full answer: the job's own name or
// the server's, made unique (an identical file already there: Skipped). It
// records the validators for later resumes in the journal before any byte
// is written.
func (q *Queue) prepare(e *entry, resp *http.Response, total int64) (State, error) {
	q.mu.Lock()
	name := e.rec.Name
	if name == "" {
		name = SanitizeName(e.rec.Job.Name)
	}
	if name == "" {
		name = nameFromResponse(resp.Header.Get("Content-Disposition"), resp.Request.URL, "")
	}
	if e.rec.Path == "" {
		final := filepath.Join(e.rec.Dir, name)
		if st, err := os.Stat(final); err == nil && total >= 0 && st.Size() == total && st.Mode().IsRegular() {
			e.rec.Name, e.rec.Path, e.rec.Total = name, final, total
			e.done.Store(total)
			q.mu.Unlock()
			return Skipped, nil
		}
		final = q.uniqueLocked(e.rec.Dir, name, e.rec.ID)
		name = filepath.Base(final)
		e.rec.Path = final
		q.reserved[final] = e.rec.ID
	}
	e.rec.Name = name
	e.rec.Part = e.rec.Path + ".part"
	e.rec.ETag, e.rec.LastMod = "", ""
	if et := resp.Header.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
		e.rec.ETag = et // weak ETags may not be used in If-Range
	} else if lm := resp.Header.Get("Last-Modified"); lm != "" {
		e.rec.LastMod = lm
	}
	e.rec.Total = max(total, 0)
	r := q.snapLocked(e)
	q.mu.Unlock()
	return "", q.journalWrite(r, false)
}

// uniqueLocked returns dir/name, or dir/"stem (n).ext" when that name is
// taken on disk (file or .part) or by another job.
func (q *Queue) uniqueLocked(dir, name string, id ID) string {
	stem, ext := splitExt(name)
	for n := 1; ; n++ {
		cand := name
		if n > 1 {
			cand = fmt.Sprintf("%s (%d)%s", stem, n-1, ext)
		}
		p := filepath.Join(dir, cand)
		if owner, ok := q.reserved[p]; ok && owner != id {
			continue
		}
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		if _, err := os.Lstat(p + ".part"); err == nil {
			continue
		}
		return p
	}
}

// complete checks the checksum, renames the .part file to its final name
// and unpacks it when asked.
func (q *Queue) complete(e *entry, rec record) (State, error) {
	if want := strings.ToLower(strings.TrimSpace(rec.Job.SHA256)); want != "" {
		got, err := fileSHA256(rec.Part)
		if err != nil {
			return "", vohttp.Permanent(err)
		}
		if got != want {
			return "", restartError{fmt.Sprintf("checksum mismatch: got sha256 %s, want %s", got, want)}
		}
	}
	final := rec.Path
	if _, err := os.Lstat(final); err == nil { // appeared meanwhile
		q.mu.Lock()
		final = q.uniqueLocked(rec.Dir, rec.Name, rec.ID)
		q.mu.Unlock()
	}
	if err := os.Rename(rec.Part, final); err != nil {
		return "", vohttp.Permanent(fmt.Errorf("cannot rename %s: %w", rec.Part, err))
	}
	syncDir(rec.Dir)
	q.mu.Lock()
	delete(q.reserved, e.rec.Path)
	e.rec.Path, e.rec.Name, e.rec.Part = final, filepath.Base(final), ""
	q.mu.Unlock()
	if q.opts.Decompress {
		if out, err := decompress(final, q.opts.KeepCompressed); err != nil {
			q.mu.Lock()
			e.rec.Error = err.Error()
			q.mu.Unlock()
		} else if out != final {
			q.mu.Lock()
			e.rec.Path, e.rec.Name = out, filepath.Base(out)
			q.mu.Unlock()
		}
	}
	return Done, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// parseContentRange reads "bytes START-END/SIZE" (SIZE may be "*": -1).
func parseContentRange(v string) (start, end, size int64, ok bool) {
	v = strings.TrimSpace(v)
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, sz, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, 0, false
	}
	a, b, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	start, err1 = strconv.ParseInt(a, 10, 64)
	end, err2 = strconv.ParseInt(b, 10, 64)
	size = -1
	if sz != "*" {
		size, err3 = strconv.ParseInt(sz, 10, 64)
	}
	if err1 != nil || err2 != nil || err3 != nil || start < 0 || end < start {
		return 0, 0, 0, false
	}
	return start, end, size, true
}
