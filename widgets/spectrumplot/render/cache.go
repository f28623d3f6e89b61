package render

import (
	"sync"

	"esodesk/fits"
)

// Cache keeps each spectrum's arrays converted to the display units, with
// their sort order, and its flux median, so that zooming does not redo O(n)
// work. Safe for concurrent use; entries live as long as the Cache.
type Cache struct {
	mu      sync.Mutex
	m       map[cacheKey]*prepared
	medians map[*fits.Spectrum]float64
}

type cacheKey struct {
	s    *fits.Spectrum
	spec prepSpec
}

// Forget drops the entries of spectra that are no longer shown.
func (c *Cache) Forget(keep []*fits.Spectrum) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := func(s *fits.Spectrum) bool {
		for _, k := range keep {
			if k == s {
				return true
			}
		}
		return false
	}
	for k := range c.m {
		if !kept(k.s) {
			delete(c.m, k)
		}
	}
	for s := range c.medians {
		if !kept(s) {
			delete(c.medians, s)
		}
	}
}

func (c *Cache) get(s *fits.Spectrum, spec prepSpec) (*prepared, error) {
	if c == nil {
		return prepare(s, spec)
	}
	k := cacheKey{s, spec}
	c.mu.Lock()
	p := c.m[k]
	c.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := prepare(s, spec)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[cacheKey]*prepared{}
	}
	// a spectrum is kept in one flux scale per x unit: a new one (another
	// spectrum hidden or shown) replaces the old arrays
	for old := range c.m {
		if old.s == s && old.spec.unit == spec.unit {
			delete(c.m, old)
		}
	}
	c.m[k] = p
	c.mu.Unlock()
	return p, nil
}

// normaliser is the factor that brings s's median flux to 1.
func (c *Cache) normaliser(s *fits.Spectrum) float64 {
	if c == nil {
		return normaliser(s.Flux)
	}
	c.mu.Lock()
	k, ok := c.medians[s]
	c.mu.Unlock()
	if ok {
		return k
	}
	k = normaliser(s.Flux)
	c.mu.Lock()
	if c.medians == nil {
		c.medians = map[*fits.Spectrum]float64{}
	}
	c.medians[s] = k
	c.mu.Unlock()
	return k
}
