package render

import (
	"sync"

	"esodesk/fits"
)

// Cache keeps each spectrum's wavelengths converted to a display unit, with
// their sort order, so that zooming does not redo O(n) work. Safe for
// concurrent use; entries live as long as the Cache.
type Cache struct {
	mu sync.Mutex
	m  map[cacheKey]*prepared
}

type cacheKey struct {
	s    *fits.Spectrum
	unit string
}

// Forget drops the entries of spectra that are no longer shown.
func (c *Cache) Forget(keep []*fits.Spectrum) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		found := false
		for _, s := range keep {
			found = found || s == k.s
		}
		if !found {
			delete(c.m, k)
		}
	}
}

func (c *Cache) get(s *fits.Spectrum, unit string) (*prepared, error) {
	if c == nil {
		return prepare(s, unit)
	}
	k := cacheKey{s, unit}
	c.mu.Lock()
	p := c.m[k]
	c.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := prepare(s, unit)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[cacheKey]*prepared{}
	}
	c.m[k] = p
	c.mu.Unlock()
	return p, nil
}
