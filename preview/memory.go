package preview

import (
	"container/list"
	"sync"
)

// memory is an LRU of decoded previews (and thumbnails) bounded by the bytes
// their pixels take.
type memory struct {
	max int64

	mu    sync.Mutex
	lru   *list.List // of *memEntry, most recent first
	byKey map[string]*list.Element
	total int64
}

type memEntry struct {
	key  string
	p    *Preview
	size int64
}

func newMemory(max int64) *memory {
	return &memory{max: max, lru: list.New(), byKey: map[string]*list.Element{}}
}

func (m *memory) get(key string) (*Preview, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.byKey[key]
	if !ok {
		return nil, false
	}
	m.lru.MoveToFront(el)
	return el.Value.(*memEntry).p, true
}

// put keeps p unless it alone is larger than the whole cap.
func (m *memory) put(key string, p *Preview) {
	size := imageBytes(p.Image)
	if size > m.max {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.byKey[key]; ok {
		e := el.Value.(*memEntry)
		m.total += size - e.size
		e.p, e.size = p, size
		m.lru.MoveToFront(el)
	} else {
		m.byKey[key] = m.lru.PushFront(&memEntry{key, p, size})
		m.total += size
	}
	for m.total > m.max && m.lru.Len() > 0 {
		el := m.lru.Back()
		e := el.Value.(*memEntry)
		m.lru.Remove(el)
		delete(m.byKey, e.key)
		m.total -= e.size
	}
}

func (m *memory) usage() (int64, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.total, m.lru.Len()
}
