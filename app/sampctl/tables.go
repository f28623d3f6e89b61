package sampctl

import (
	"os"
	"strconv"
	"sync"

	"esodesk/services/votable"
)

// sharedTable is a table the other clients know: one esodesk sent (id and
// URL are esodesk's; file is the VOTable written for them) or one it was
// sent (the sender's id and URL). Highlights and selections name it by
// either.
type sharedTable struct {
	id, url, name string
	file          string // written by esodesk, removed at Close
	// the rows last selected by a message received, so that selecting them
	// here is not sent straight back
	echo []int
}

// tableBook maps tables to their SAMP identity; the hub's callbacks read it.
type tableBook struct {
	mu     sync.Mutex
	next   int
	byPtr  map[*votable.Table]*sharedTable
	sentTo map[*votable.Table]map[string]bool // who has loaded it (client ids; "" all)
}

func (b *tableBook) init() {
	b.byPtr = map[*votable.Table]*sharedTable{}
	b.sentTo = map[*votable.Table]map[string]bool{}
}

// own returns t's identity, making one for a table esodesk shares first.
func (b *tableBook) own(t *votable.Table, name string) *sharedTable {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st := b.byPtr[t]; st != nil {
		return st
	}
	b.next++
	st := &sharedTable{id: "esodesk-table-" + strconv.Itoa(b.next), name: name}
	b.byPtr[t] = st
	return st
}

// received records a table another client sent.
func (b *tableBook) received(t *votable.Table, id, url, name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.byPtr[t] = &sharedTable{id: id, url: url, name: name}
}

// find returns the table a message names by table-id, else by url.
func (b *tableBook) find(id, url string) (*votable.Table, *sharedTable) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for t, st := range b.byPtr {
		if id != "" && st.id == id {
			return t, st
		}
	}
	for t, st := range b.byPtr {
		if url != "" && st.url == url {
			return t, st
		}
	}
	return nil, nil
}

// lookup returns t's identity, nil when no other client knows t.
func (b *tableBook) lookup(t *votable.Table) (sharedTable, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.byPtr[t]
	if st == nil || st.url == "" {
		return sharedTable{}, false
	}
	return *st, true
}

// setURL records where esodesk serves t.
func (b *tableBook) setURL(t *votable.Table, url, file string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st := b.byPtr[t]; st != nil {
		st.url, st.file = url, file
	}
}

// markSent records that to ("" every taker) has loaded t.
func (b *tableBook) markSent(t *votable.Table, to string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sentTo[t] == nil {
		b.sentTo[t] = map[string]bool{}
	}
	b.sentTo[t][to] = true
}

// loadedBy reports whether to has loaded t (a broadcast reached everyone).
func (b *tableBook) loadedBy(t *votable.Table, to string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sentTo[t][to] || b.sentTo[t][""]
}

// setEcho remembers the rows a message selected in t.
func (b *tableBook) setEcho(t *votable.Table, rows []int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st := b.byPtr[t]; st != nil {
		st.echo = rows
	}
}

// isEcho reports (once) whether rows are those a message just selected.
func (b *tableBook) isEcho(t *votable.Table, rows []int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.byPtr[t]
	if st == nil || st.echo == nil {
		return false
	}
	same := len(st.echo) == len(rows)
	for i := 0; same && i < len(rows); i++ {
		same = st.echo[i] == rows[i]
	}
	st.echo = nil
	return same
}

// forget drops t (its view closed); its file goes.
func (b *tableBook) forget(t *votable.Table) {
	b.mu.Lock()
	st := b.byPtr[t]
	delete(b.byPtr, t)
	delete(b.sentTo, t)
	b.mu.Unlock()
	if st != nil && st.file != "" {
		os.Remove(st.file)
	}
}

func (b *tableBook) removeFiles() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, st := range b.byPtr {
		if st.file != "" {
			os.Remove(st.file)
		}
	}
}
