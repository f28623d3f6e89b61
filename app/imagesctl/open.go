package imagesctl

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"esodesk/fits/fitsimage"
	"esodesk/fits/wcs"
	"esodesk/internal/bytesize"
	"esodesk/internal/latest"
	"esodesk/services/datalink"
)

// ImagePhase is what the viewer area shows.
type ImagePhase int

const (
	ImageLoading ImagePhase = iota // Message and Progress, with a Cancel button
	ImageFailed                    // Message in place of the image
	ImageShown                     // File (and WCS) in the viewer
)

// Image is the viewer area's content.
type Image struct {
	Phase    ImagePhase
	Message  string
	Progress float64 // 0..1; negative when the amount is unknown
	Title    string
	Path     string          // the local file
	File     *fitsimage.File // the HDU on show
	HDUs     []fitsimage.HDU // every image HDU of the file, to pick another
	WCS      *wcs.WCS        // nil when the HDU has no usable WCS
	NoWCS    string          // why there is no WCS ("" when there is one)
	Row      int             // the result row it came from, -1 for a local file
}

// IsCube reports a file with more than one plane.
func (im *Image) IsCube() bool {
	if im == nil || im.File == nil {
		return false
	}
	_, _, planes := im.File.Size()
	return planes > 1
}

// Spectral is the spectral coordinate of plane p (0-based), for the
// viewer's plane label.
func (im *Image) Spectral(p int) (value float64, unit string, ok bool) {
	if im == nil || im.WCS == nil {
		return 0, "", false
	}
	axis, _, unit, ok := im.WCS.Spectral()
	if !ok {
		return 0, "", false
	}
	pix := make([]float64, im.WCS.NAxis())
	for i := range pix {
		pix[i] = 1
	}
	pix[axis] = float64(p + 1)
	world, err := im.WCS.PixelToWorld(pix)
	if err != nil {
		return 0, "", false
	}
	v, u := readableSpectral(world[axis], unit)
	return v, u, true
}

// readableSpectral puts wcslib's SI spectral values (m, Hz) in the units
// astronomers read them in: Å up to 3 µm, µm beyond; GHz or MHz.
func readableSpectral(v float64, unit string) (float64, string) {
	switch unit {
	case "m":
		if v < 3e-6 {
			return v * 1e10, "Å"
		}
		return v * 1e6, "µm"
	case "Hz":
		if v >= 1e9 {
			return v / 1e9, "GHz"
		}
		return v / 1e6, "MHz"
	}
	return v, unit
}

// opened is a file the controller opened, closed when another replaces it.
type opened struct {
	file *fitsimage.File
	wcs  *wcs.WCS
}

func (o *opened) close() {
	if o.wcs != nil {
		o.wcs.Close()
	}
	o.file.Close()
}

// OpenRow fetches result row's image or cube (through its DataLink #this
// when the row points at DataLink) and shows it; a newer request replaces it.
func (c *Controller) OpenRow(row int) {
	res := c.state.Snapshot().Result
	if res == nil || row < 0 || row >= len(res.Records) {
		return
	}
	rec := res.Records[row]
	if rec.AccessURL == "" {
		c.setStatus("Row " + fmt.Sprint(row+1) + " has no access_url: the service gives no file for it.")
		return
	}
	title := firstNonEmpty(rec.ObsID, rec.PublisherDID, rec.Target, fmt.Sprintf("row %d", row+1))
	links := strings.Contains(strings.ToLower(rec.AccessFormat), "datalink")
	size := ""
	if rec.AccessEstSize > 0 && !links {
		size = " (" + bytesize.Format(rec.AccessEstSize*1000) + ")"
	}
	c.setImage(&Image{Phase: ImageLoading, Title: title, Message: "Fetching " + title + size + " …", Progress: -1, Row: row})
	c.load.Start(func(j latest.Job) {
		u := rec.AccessURL
		var err error
		if links {
			u, err = datalink.ThisLink(j.Context(), c.deps.HTTP, u)
		}
		path := ""
		if err == nil {
			throttle := j.Throttled(120 * time.Millisecond)
			path, err = c.deps.Cache.Get(j.Context(), u, func(done, total int64) {
				throttle(func() { c.progress(title, done, total) })
			})
		}
		if err != nil {
			j.Finish(func() {
				c.setImage(&Image{Phase: ImageFailed, Title: title, Row: row,
					Message: fmt.Sprintf("%s could not be fetched: %v", title, err)})
			})
			return
		}
		c.read(j, path, title, 0, row)
	})
}

// OpenURL fetches a FITS image or cube from u (a SAMP image.load.fits)
// and shows it.
func (c *Controller) OpenURL(u, title string) {
	c.setImage(&Image{Phase: ImageLoading, Title: title, Message: "Fetching " + title + " …", Progress: -1, Row: -1})
	c.load.Start(func(j latest.Job) {
		throttle := j.Throttled(120 * time.Millisecond)
		path, err := c.deps.Cache.Get(j.Context(), u, func(done, total int64) {
			throttle(func() { c.progress(title, done, total) })
		})
		if err != nil {
			j.Finish(func() {
				c.setImage(&Image{Phase: ImageFailed, Title: title, Row: -1,
					Message: fmt.Sprintf("%s could not be fetched: %v", title, err)})
			})
			return
		}
		c.read(j, path, title, 0, -1)
	})
}

// progress shows how much of the file has come.
func (c *Controller) progress(title string, done, total int64) {
	c.update(func(s *State) {
		if s.Image == nil || s.Image.Phase != ImageLoading {
			return
		}
		im := *s.Image
		im.Progress = -1
		im.Message = "Fetching " + title + " … " + bytesize.Format(done)
		if total > 0 {
			im.Progress = float64(done) / float64(total)
			im.Message += " of " + bytesize.Format(total)
		}
		s.Image = &im
	})
}

// OpenFile shows a local FITS file (File › Open, drag and drop, SAMP):
// its hdu (0: the first image HDU).
func (c *Controller) OpenFile(path string, hdu int) {
	title := filepath.Base(path)
	c.setImage(&Image{Phase: ImageLoading, Title: title, Message: "Reading " + title + " …", Progress: -1, Row: -1})
	c.load.Start(func(j latest.Job) { c.read(j, path, title, hdu, -1) })
}

// read opens path's HDU and its WCS (on the job's goroutine) and shows it.
func (c *Controller) read(j latest.Job, path, title string, hdu, row int) {
	hdus, err := fitsimage.List(path)
	var f *fitsimage.File
	if err == nil && len(hdus) == 0 {
		err = fmt.Errorf("%s has no image HDU (NAXIS ≥ 2)", title)
	}
	if err == nil {
		f, err = fitsimage.Open(path, hdu)
	}
	if err != nil {
		j.Finish(func() {
			c.setImage(&Image{Phase: ImageFailed, Title: title, Path: path, Row: row,
				Message: fmt.Sprintf("%s could not be read: %v", title, err)})
		})
		return
	}
	im := &Image{Phase: ImageShown, Title: title, Path: path, File: f, HDUs: hdus, Row: row}
	if w, err := wcs.FromHeader(f.Header()); err != nil {
		im.NoWCS = "no sky coordinates: " + err.Error()
	} else if _, _, ok := w.Celestial(); !ok {
		w.Close()
		im.NoWCS = "no sky coordinates: the WCS has no celestial axes"
	} else {
		im.WCS = w
	}
	j.FinishOr(func() {
		c.setImage(im)
		note := fmt.Sprintf("Showing %s", title)
		if h := f.HDU(); len(hdus) > 1 {
			note += fmt.Sprintf(" (HDU %d of %d image HDUs)", h.Number, len(hdus))
		}
		if im.NoWCS != "" {
			note += " · " + im.NoWCS
		}
		if im.IsCube() {
			note += " · click a spaxel or Shift+drag a box for its spectrum"
		}
		c.setStatus(note)
	}, (&opened{f, im.WCS}).close) // superseded: nobody will show it
}

// OpenHDU shows another image HDU of the file on show.
func (c *Controller) OpenHDU(number int) {
	im := c.state.Snapshot().Image
	if im == nil || im.Path == "" {
		return
	}
	path, title, row := im.Path, im.Title, im.Row
	c.setImage(&Image{Phase: ImageLoading, Title: title, Message: fmt.Sprintf("Reading HDU %d of %s …", number, title), Progress: -1, Row: row})
	c.load.Start(func(j latest.Job) { c.read(j, path, title, number, row) })
}

// setImage shows im, closing the file shown before.
func (c *Controller) setImage(im *Image) {
	prev := c.shown
	c.shown = nil
	if im.File != nil {
		c.shown = &opened{im.File, im.WCS}
	}
	c.update(func(s *State) { s.Image = im })
	if prev != nil && (im.File == nil || prev.file != im.File) {
		prev.close()
	}
}

// CancelLoad stops fetching or reading (the viewer's Cancel, Esc).
func (c *Controller) CancelLoad() {
	im := c.state.Snapshot().Image
	if im == nil || im.Phase != ImageLoading {
		return
	}
	c.load.Stop()
	c.setImage(&Image{Phase: ImageFailed, Title: im.Title, Row: im.Row, Message: "Cancelled."})
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
