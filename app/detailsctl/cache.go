package detailsctl

import (
	"container/list"
	"sync"

	"esodesk/services/datalink"
)

// linksCache keeps the links documents used last (an LRU). The gallery's
// fetches fill it from several goroutines, hence the lock.
type linksCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cached, most recently used first
	byURL map[string]*list.Element
}

type cached struct {
	url string
	doc *datalink.Links
}

func newLinksCache(max int) *linksCache {
	return &linksCache{max: max, order: list.New(), byURL: map[string]*list.Element{}}
}

// get returns u's document, nil when it is not kept.
func (c *linksCache) get(u string) *datalink.Links {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byURL[u]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).doc
}

// put keeps ls as u's document, forgetting the one used longest ago when full.
func (c *linksCache) put(u string, ls *datalink.Links) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byURL[u]; ok {
		e.Value.(*cached).doc = ls
		c.order.MoveToFront(e)
		return
	}
	c.byURL[u] = c.order.PushFront(&cached{u, ls})
	if c.order.Len() > c.max {
		delete(c.byURL, c.order.Remove(c.order.Back()).(*cached).url)
	}
}
