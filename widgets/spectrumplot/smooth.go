package spectrumplot

import (
	"math"
	"sync"

	"esodesk/fits"
	"esodesk/fits/measure"
)

// Smoothing is for the eye only: render gets smoothed copies of the
// spectra (sharing Wave, Err, Quality and the rest, with Flux replaced);
// Spectra(), measurements, exports to CSV and the crosshair readout keep
// the file's values. The readout's ring marks the unsmoothed point.

// smoothing is one entry of the Smooth menu.
type smoothing struct {
	label string
	kind  string // measure.Smooth kind; "" for none
	width int    // pixels (a Gaussian's FWHM)
}

// gaussFWHM turns a Gaussian σ into the FWHM measure.Smooth takes.
var gaussFWHM = 2 * math.Sqrt(2*math.Ln2)

func gaussWidth(sigma float64) int { return int(math.Round(sigma * gaussFWHM)) }

var smoothings = []smoothing{
	{"No smoothing", "", 0},
	{"Boxcar 3 px", "boxcar", 3},
	{"Boxcar 5 px", "boxcar", 5},
	{"Boxcar 9 px", "boxcar", 9},
	{"Gaussian σ≈1 px", "gaussian", gaussWidth(1)},
	{"Gaussian σ≈2 px", "gaussian", gaussWidth(2)},
	{"Gaussian σ≈4 px", "gaussian", gaussWidth(4)},
	{"Savitzky–Golay 7 px", "savgol", 7},
	{"Savitzky–Golay 11 px", "savgol", 11},
	{"Rebin ×2", "rebin", 2},
	{"Rebin ×4", "rebin", 4},
	{"Rebin ×8", "rebin", 8},
}

// smoothCache keeps the smoothed copy of each spectrum for the current
// setting, so zooming does not smooth again. Safe for concurrent use (the
// renders run in the background).
type smoothCache struct {
	mu  sync.Mutex
	key smoothing
	m   map[*fits.Spectrum]*fits.Spectrum
}

// drawn returns the spectra to draw with smoothing s: the originals when
// s is none, else copies with smoothed flux (a spectrum that cannot be
// smoothed is drawn as it is).
func (c *smoothCache) drawn(spectra []*fits.Spectrum, s smoothing) []*fits.Spectrum {
	if s.kind == "" {
		return spectra
	}
	c.mu.Lock()
	if c.key != s || c.m == nil {
		c.key, c.m = s, map[*fits.Spectrum]*fits.Spectrum{}
	}
	c.mu.Unlock()
	out := make([]*fits.Spectrum, len(spectra))
	for i, sp := range spectra {
		c.mu.Lock()
		sm, ok := c.m[sp]
		c.mu.Unlock()
		if !ok {
			sm = smoothedCopy(sp, s)
			c.mu.Lock()
			if c.key == s {
				c.m[sp] = sm
			}
			c.mu.Unlock()
		}
		out[i] = sm
	}
	return out
}

// forget drops every copy (the spectra changed).
func (c *smoothCache) forget() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

func smoothedCopy(sp *fits.Spectrum, s smoothing) *fits.Spectrum {
	if sp == nil {
		return nil
	}
	if s.kind == "rebin" {
		return rebinnedCopy(sp, s.width)
	}
	y, err := measure.Smooth(sp.Flux, s.kind, s.width)
	if err != nil {
		return sp
	}
	c := *sp
	c.Flux = y
	return &c
}

// rebinnedCopy averages every factor pixels (wavelength and flux; the error
// of a mean, √Σσ²/n). Bad pixels are left out first; the copy has no
// quality or extra arrays (their pixels no longer match).
func rebinnedCopy(sp *fits.Spectrum, factor int) *fits.Spectrum {
	flux := sp.Flux
	if len(sp.Quality) > 0 {
		flux = append([]float64(nil), sp.Flux...)
		for i, q := range sp.Quality {
			if q != 0 && i < len(flux) {
				flux[i] = math.NaN()
			}
		}
	}
	c := *sp
	c.Wave, c.Flux = measure.Rebin(sp.Wave, flux, factor)
	c.Quality, c.Extra = nil, nil
	if len(sp.Err) == len(sp.Flux) {
		c.Err = make([]float64, 0, len(c.Flux))
		for s := 0; s < len(sp.Err); s += factor {
			var sum float64
			n := 0
			for i := s; i < s+factor && i < len(sp.Err); i++ {
				if e := sp.Err[i]; !math.IsNaN(e) && !math.IsNaN(flux[i]) {
					sum += e * e
					n++
				}
			}
			if n == 0 {
				c.Err = append(c.Err, math.NaN())
			} else {
				c.Err = append(c.Err, math.Sqrt(sum)/float64(n))
			}
		}
	} else {
		c.Err = nil
	}
	return &c
}

// SetSmoothing chooses the display smoothing by its menu label (see
// SmoothingOptions); "" or an unknown label turns it off.
func (p *Plot) SetSmoothing(label string) {
	s := smoothings[0]
	for _, o := range smoothings {
		if o.label == label {
			s = o
		}
	}
	if s == p.smooth {
		return
	}
	p.smooth = s
	p.smoothed.forget()
	p.cache.Forget(p.spectra) // the old copies' converted arrays
	p.bar.smoothChanged()
	p.mpanel.update()
	p.requestRender()
}

// SmoothingOptions are the labels SetSmoothing takes, in menu order.
func SmoothingOptions() []string {
	out := make([]string, len(smoothings))
	for i, s := range smoothings {
		out[i] = s.label
	}
	return out
}
