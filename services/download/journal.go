package download

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// The journal is a JSON-lines file: every line is the full record of one
// job after a change; the line with the highest "seq" for an ID wins, and a line with
// "forget":true drops the job. Each line goes out in one write(2), so a
// SIGKILL leaves whole lines (the page cache keeps them); a line torn by a
// power cut is skipped on reading. On open the journal is compacted to one
// line per job (temp file + fsync + rename).
type record struct {
	ID       ID     `json:"id"`
	Forget   bool   `json:"forget,omitempty"`
	Job      Job    `json:"job"`
	State    State  `json:"state"`
	Name     string `json:"name,omitempty"`     // chosen file name
	Dir      string `json:"dir,omitempty"`      // resolved folder
	Part     string `json:"part,omitempty"`     // path of the .part file
	Path     string `json:"path,omitempty"`     // final path
	ETag     string `json:"etag,omitempty"`     // validator for If-Range
	LastMod  string `json:"last_mod,omitempty"` // validator for If-Range when no strong ETag
	Total    int64  `json:"total,omitempty"`    // size announced by the server
	Attempts int    `json:"attempts,omitempty"` // attempts made
	Error    string `json:"error,omitempty"`    // last failure
	Order    int64  `json:"order,omitempty"`    // position in the queue
	Seq      int64  `json:"seq"`                // newest record per job wins
}

type journal struct {
	mu   sync.Mutex
	path string
	f    *os.File
	lock *os.File // held until close: one queue per journal (see lockJournal)
}

// DefaultJournalPath is the journal in the user's config directory.
func DefaultJournalPath() string {
	base, err := os.UserConfigDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "esodesk", "downloads.jsonl")
}

// openJournal locks the journal at path (a *JournalInUseError when another
// queue holds it), reads its records (missing file: none), rewrites the file
// compacted, and keeps it open for appending.
func openJournal(path string) (_ *journal, _ []record, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, fmt.Errorf("cannot create the journal folder: %w", err)
	}
	// Locked before reading: a holder may be appending or compacting.
	lock, err := lockJournal(path)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			lock.Close()
		}
	}()
	recs, err := readJournal(path)
	if err != nil {
		return nil, nil, err
	}
	if err := writeAtomically(path, recs); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open the download journal: %w", err)
	}
	return &journal{path: path, f: f, lock: lock}, recs, nil
}

func readJournal(path string) ([]record, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the download journal: %w", err)
	}
	byID := map[ID]record{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var r record
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.ID == 0 {
			continue // a torn last line: the state before it stands
		}
		if prev, ok := byID[r.ID]; ok && prev.Seq > r.Seq {
			continue // written late, but older
		}
		byID[r.ID] = r
	}
	recs := make([]record, 0, len(byID))
	for _, r := range byID {
		if !r.Forget {
			recs = append(recs, r)
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Order < recs[j].Order })
	return recs, nil
}

func writeAtomically(path string, recs []record) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".journal-*")
	if err != nil {
		return fmt.Errorf("cannot write the download journal: %w", err)
	}
	_, err = tmp.Write(buf.Bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write the download journal: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// append writes one record as one line; sync forces it to the disk (used for
// changes a power cut must not lose: a new job, a finished one).
func (j *journal) append(r record, sync bool) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	if _, err := j.f.Write(line); err != nil {
		return fmt.Errorf("cannot write the download journal: %w", err)
	}
	if sync {
		return j.f.Sync()
	}
	return nil
}

func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	j.lock.Close() // after the last write: the next opener sees it all
	return err
}

// syncDir makes a rename in dir durable; errors are ignored (some file
// systems cannot fsync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
