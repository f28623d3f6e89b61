package preview

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// disk keeps one file per URL (named by the URL's SHA-256) and evicts the
// least recently used files once the total passes max. The order lives in
// memory while the process runs; at start it is rebuilt from the files'
// modification times, which reads and writes refresh.
type disk struct {
	dir string
	max int64

	mu    sync.Mutex
	lru   *list.List // of *diskEntry, most recent first
	byKey map[string]*list.Element
	total int64
}

type diskEntry struct {
	name string
	size int64
}

const diskSuffix = ".img"

func diskName(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:]) + diskSuffix
}

// openDisk creates dir if needed and indexes the files already there.
func openDisk(dir string, max int64) (*disk, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the preview cache folder %s: %w (set another folder in the options)", dir, err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read the preview cache folder %s: %w", dir, err)
	}
	type found struct {
		name string
		size int64
		mod  time.Time
	}
	var files []found
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".tmp-") {
			// A write that died with an earlier process.
			os.Remove(filepath.Join(dir, name))
			continue
		}
		if !e.Type().IsRegular() || !strings.HasSuffix(name, diskSuffix) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, found{name, info.Size(), info.ModTime()})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod.After(files[j].mod) })
	d := &disk{dir: dir, max: max, lru: list.New(), byKey: map[string]*list.Element{}}
	for _, f := range files {
		d.byKey[f.name] = d.lru.PushBack(&diskEntry{f.name, f.size})
		d.total += f.size
	}
	d.mu.Lock()
	d.evictLocked()
	d.mu.Unlock()
	return d, nil
}

// load returns url's cached bytes, or nil when there are none.
func (d *disk) load(url string) []byte {
	name := diskName(url)
	d.mu.Lock()
	el, ok := d.byKey[name]
	if ok {
		d.lru.MoveToFront(el)
	}
	d.mu.Unlock()
	if !ok {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		d.remove(url)
		return nil
	}
	now := time.Now()
	os.Chtimes(filepath.Join(d.dir, name), now, now)
	return data
}

// touch marks url as just used (a memory hit) without file I/O.
func (d *disk) touch(url string) {
	d.mu.Lock()
	if el, ok := d.byKey[diskName(url)]; ok {
		d.lru.MoveToFront(el)
	}
	d.mu.Unlock()
}

// store writes data for url through a temporary file and a rename, so a
// reader never sees half a file, then evicts down to the cap. A file larger
// than the whole cap is not kept.
func (d *disk) store(url string, data []byte) error {
	size := int64(len(data))
	if size > d.max {
		return nil
	}
	name := diskName(url)
	tmp, err := os.CreateTemp(d.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write to the preview cache folder %s: %w", d.dir, err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(d.dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write to the preview cache folder %s: %w", d.dir, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if el, ok := d.byKey[name]; ok {
		e := el.Value.(*diskEntry)
		d.total -= e.size
		e.size = size
		d.lru.MoveToFront(el)
	} else {
		d.byKey[name] = d.lru.PushFront(&diskEntry{name, size})
	}
	d.total += size
	d.evictLocked()
	return nil
}

// remove deletes url's file (used when it no longer decodes).
func (d *disk) remove(url string) {
	name := diskName(url)
	d.mu.Lock()
	defer d.mu.Unlock()
	if el, ok := d.byKey[name]; ok {
		d.total -= el.Value.(*diskEntry).size
		d.lru.Remove(el)
		delete(d.byKey, name)
	}
	os.Remove(filepath.Join(d.dir, name))
}

func (d *disk) evictLocked() {
	for d.total > d.max && d.lru.Len() > 0 {
		el := d.lru.Back()
		e := el.Value.(*diskEntry)
		d.lru.Remove(el)
		delete(d.byKey, e.name)
		d.total -= e.size
		os.Remove(filepath.Join(d.dir, e.name))
	}
}

// usage reports the bytes and files the cache holds.
func (d *disk) usage() (int64, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.total, d.lru.Len()
}
