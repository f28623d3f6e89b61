package imagesctl

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"esodesk/fits"
	"esodesk/internal/latest"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/soda"
)

// CutoutOffer is what the selected row offers for cutting.
type CutoutOffer struct {
	Row       int
	Title     string
	Checking  bool     // its DataLink is being read
	Available bool     // a SODA service cuts it
	Why       string   // why not, when not Available and not Checking
	Inputs    []string // the parameters the service takes (CIRCLE, BAND, POS, …)
	// Centre is the row's position (s_ra, s_dec), to start the form from.
	RA, Dec  float64
	FOV      float64 // s_fov, degrees (0 unknown)
	EmMin    float64 // metres (NaN unknown)
	EmMax    float64
	service  *datalink.ServiceDescriptor
	linksRow soda.Row
}

// Takes reports whether the service declares the input name.
func (o *CutoutOffer) Takes(name string) bool {
	for _, in := range o.Inputs {
		if strings.EqualFold(in, name) {
			return true
		}
	}
	return false
}

// Select is told the selected result rows: for a single row, its DataLink
// is read (after a short pause, as selections settle) to see whether a
// SODA service can cut it.
func (c *Controller) Select(rows []int) {
	res := c.state.Snapshot().Result
	if len(rows) != 1 || res == nil || res.Records == nil || rows[0] >= len(res.Records) {
		c.links.Stop()
		c.update(func(s *State) { s.Cutout = nil })
		return
	}
	row := rows[0]
	rec := res.Records[row]
	offer := &CutoutOffer{Row: row, Title: firstNonEmpty(rec.ObsID, rec.PublisherDID, fmt.Sprintf("row %d", row+1)),
		Checking: true, RA: rec.RA, Dec: rec.Dec, FOV: rec.FOV, EmMin: rec.EmMin, EmMax: rec.EmMax}
	c.update(func(s *State) { s.Cutout = offer })
	linksURL := datalink.NewFinder(res.Document, res.Table, c.deps.Settings().DataLink).URL(row)
	c.links.StartAfter(200*time.Millisecond, func(j latest.Job) {
		done := *offer
		done.Checking = false
		if linksURL == "" {
			done.Why = "this row has no DataLink: the service offers no cutouts of it"
		} else if ls, err := datalink.Fetch(j.Context(), c.deps.HTTP, linksURL); err != nil {
			done.Why = "its DataLink could not be read: " + err.Error()
		} else if sd, lr, err := soda.FromLinks(ls); err != nil {
			done.Why = "its DataLink offers no cutout service"
		} else {
			done.Available, done.service, done.linksRow = true, sd, lr
			for _, in := range sd.Inputs {
				done.Inputs = append(done.Inputs, in.Name)
			}
		}
		j.Finish(func() { c.update(func(s *State) { s.Cutout = &done }) })
	})
}

// Cutout queues the cut of the offered row in the download queue's
// "cutouts" folder: circle (ICRS degrees) and, when not nil, band (metres).
func (c *Controller) Cutout(circle soda.Circle, band *soda.Interval) error {
	o := c.state.Snapshot().Cutout
	if o == nil || !o.Available {
		return errors.New("select one row whose DataLink offers a cutout service")
	}
	req, err := soda.Build(o.service, soda.Cutout{Circle: &circle, Band: band}, o.linksRow)
	if err != nil {
		return err
	}
	// ESO's cutouts of proprietary data need the login's token, which the
	// queue sends to ESO's hosts only
	eso := sameHost(req.URL, c.deps.Settings().DataPortal) || sameHost(req.URL, c.deps.Settings().DataLink)
	if err := c.deps.Enqueue([]download.Job{req.Job("", eso)}, "cutouts"); err != nil {
		return err
	}
	c.setStatus(fmt.Sprintf("Cutout of %s queued in Downloads (cutouts/%s).", o.Title, soda.FileName(req.ID)))
	return nil
}

// Spectrum extracts the spectrum of region r from the cube on show (sum,
// or mean when mean) and hands it to done on the UI goroutine; a newer
// request replaces it.
func (c *Controller) Spectrum(r Region, mean bool, done func(*fits.Spectrum, error)) {
	im := c.state.Snapshot().Image
	if im == nil || im.File == nil {
		return
	}
	f, w, title := im.File, im.WCS, im.Title
	c.setStatus("Extracting the spectrum of " + r.String() + " …")
	c.cube.Start(func(j latest.Job) {
		s, err := CubeSpectrum(j.Context(), f, w, r, mean, title)
		j.Finish(func() {
			if err != nil {
				c.setStatus("No spectrum: " + err.Error())
			} else {
				c.setStatus(fmt.Sprintf("Spectrum of %s: %d planes", r.String(), len(s.Flux)))
			}
			done(s, err)
		})
	})
}

// sameHost reports whether a and b are on one host.
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Host != "" && strings.EqualFold(ua.Host, ub.Host)
}
