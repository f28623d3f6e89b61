package standin

import (
	"esodesk/services/coords"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// SODA sync cutouts of image and cube products, as ESO's
// https://dataportal.eso.org/dataPortal/soda/sync?ID=<dp_id>&CIRCLE=<ra>+<dec>+<r>[&BAND=<lo>+<hi>]:
// the pixel box bounding the circle (clipped to the image) and, for cubes,
// the planes whose wavelength lies in BAND (metres), with the WCS moved to
// the box. The answer is exactly that part of the product's #this file.
// Served on SODAPath (what the DataLink descriptor advertises) and on
// ESO's own path, SODAESOPath.
const SODAESOPath = "/dataPortal/soda/sync"

func (s *Server) serveSODA(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(msg + "\n"))
	}
	if err := r.ParseForm(); err != nil {
		fail(http.StatusBadRequest, "UsageFault: cannot read the request parameters: "+err.Error())
		return
	}
	ids := r.Form["ID"]
	switch {
	case len(ids) == 0 || strings.TrimSpace(ids[0]) == "":
		fail(http.StatusBadRequest, "UsageFault: missing ID parameter (ID=<dp_id> or ivo://eso.org/ID?<dp_id>)")
		return
	case len(ids) > 1:
		fail(http.StatusBadRequest, "UsageFault: one ID per cutout request")
		return
	}
	id := bareID(ids[0])
	ra, dec, rad, err := sodaCircle(r.Form)
	if err != nil {
		fail(http.StatusBadRequest, "UsageFault: "+err.Error())
		return
	}
	lo, hi, hasBand, err := sodaBand(r.Form["BAND"])
	if err != nil {
		fail(http.StatusBadRequest, "UsageFault: "+err.Error())
		return
	}
	idx, err := s.archive.index(r.Context())
	if err != nil {
		fail(http.StatusServiceUnavailable, "ServiceUnavailable: "+err.Error())
		return
	}
	p := idx.products.byID[id]
	if p == nil {
		p = idx.products.fileOf[id]
	}
	if p == nil {
		fail(http.StatusNotFound, "NotFoundFault: no dataset with ID "+ivoPrefix+id)
		return
	}
	fileID := scienceFileID(p)
	m, ok := newSkyModel(fileID, newGenFile(fileID, 0).seed, p)
	if !ok {
		fail(http.StatusBadRequest, fmt.Sprintf("UsageFault: %s is a %s; cutouts need an image or a cube", p.DPID, strings.TrimSpace(p.Type+" product")))
		return
	}
	b, ok := m.circleBox(ra, dec, rad)
	if !ok {
		fail(http.StatusBadRequest, fmt.Sprintf("UsageFault: no overlap: the circle (%g, %g) r=%g deg does not overlap the image of %s", ra, dec, rad, p.DPID))
		return
	}
	if hasBand {
		if b, ok = m.bandPlanes(b, lo, hi, p); !ok {
			fail(http.StatusBadRequest, fmt.Sprintf("UsageFault: no overlap: BAND %g %g m is outside the spectral range of %s", lo, hi, p.DPID))
			return
		}
	}
	body := m.fitsFile(b)
	w.Header().Set("Content-Type", "application/fits")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileID+`_cutout.fits"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// sodaCircle reads CIRCLE=ra dec r, or POS=CIRCLE ra dec r (degrees).
func sodaCircle(form map[string][]string) (ra, dec, r float64, err error) {
	var vals []string
	for _, v := range form["CIRCLE"] {
		vals = append(vals, v)
	}
	for _, v := range form["POS"] {
		f := strings.Fields(v)
		if len(f) == 0 || !strings.EqualFold(f[0], "CIRCLE") {
			return 0, 0, 0, fmt.Errorf("POS=%q: the stand-in cuts only circles (POS=CIRCLE <ra> <dec> <radius>, or CIRCLE=<ra> <dec> <radius>, degrees)", v)
		}
		vals = append(vals, strings.Join(f[1:], " "))
	}
	switch len(vals) {
	case 0:
		return 0, 0, 0, fmt.Errorf("missing CIRCLE parameter (CIRCLE=<ra> <dec> <radius>, ICRS degrees)")
	case 1:
	default:
		return 0, 0, 0, fmt.Errorf("one CIRCLE per cutout request")
	}
	f := strings.Fields(vals[0])
	if len(f) != 3 {
		return 0, 0, 0, fmt.Errorf("CIRCLE=%q: want three numbers, <ra> <dec> <radius> in degrees", vals[0])
	}
	var v [3]float64
	for i, s := range f {
		if v[i], err = strconv.ParseFloat(s, 64); err != nil || math.IsNaN(v[i]) || math.IsInf(v[i], 0) {
			return 0, 0, 0, fmt.Errorf("CIRCLE=%q: %q is not a number", vals[0], s)
		}
	}
	ra, dec, r = v[0], v[1], v[2]
	switch {
	case ra < 0 || ra > 360:
		return 0, 0, 0, fmt.Errorf("CIRCLE=%q: ra must be within 0..360 degrees", vals[0])
	case dec < -90 || dec > 90:
		return 0, 0, 0, fmt.Errorf("CIRCLE=%q: dec must be within -90..90 degrees", vals[0])
	case r <= 0 || r > 180:
		return 0, 0, 0, fmt.Errorf("CIRCLE=%q: the radius must be within 0..180 degrees and not 0", vals[0])
	}
	return ra, dec, r, nil
}

// sodaBand reads BAND=lo hi (metres; -Inf or Inf open an end).
func sodaBand(vals []string) (lo, hi float64, ok bool, err error) {
	switch len(vals) {
	case 0:
		return 0, 0, false, nil
	case 1:
	default:
		return 0, 0, false, fmt.Errorf("one BAND per cutout request")
	}
	f := strings.Fields(vals[0])
	if len(f) != 2 {
		return 0, 0, false, fmt.Errorf("BAND=%q: want <lo> <hi> wavelengths in metres", vals[0])
	}
	if lo, err = strconv.ParseFloat(f[0], 64); err == nil {
		hi, err = strconv.ParseFloat(f[1], 64)
	}
	if err != nil || math.IsNaN(lo) || math.IsNaN(hi) {
		return 0, 0, false, fmt.Errorf("BAND=%q: want <lo> <hi> wavelengths in metres", vals[0])
	}
	if lo > hi {
		return 0, 0, false, fmt.Errorf("BAND=%q: the lower bound is above the upper one", vals[0])
	}
	return lo, hi, true, nil
}

// pixel is the 1-based FITS pixel of (ra, dec) in the TAN projection;
// ok is false on the far side of the projection.
func (m *skyModel) pixel(ra, dec float64) (x, y float64, ok bool) {
	const d2r = math.Pi / 180
	a, d, a0, d0 := ra*d2r, dec*d2r, m.ra*d2r, m.dec*d2r
	cosc := math.Sin(d0)*math.Sin(d) + math.Cos(d0)*math.Cos(d)*math.Cos(a-a0)
	if cosc <= 1e-9 {
		return 0, 0, false
	}
	xi := math.Cos(d) * math.Sin(a-a0) / cosc / d2r
	eta := (math.Cos(d0)*math.Sin(d) - math.Sin(d0)*math.Cos(d)*math.Cos(a-a0)) / cosc / d2r
	return float64(m.nx+1)/2 + xi/(-m.scale), float64(m.ny+1)/2 + eta/m.scale, true
}

// circleBox is the pixel box bounding the circle, clipped to the image,
// with every plane; ok is false when they do not overlap.
func (m *skyModel) circleBox(ra, dec, r float64) (box, bool) {
	const d2r = math.Pi / 180
	whole := m.whole()
	// Beyond the radius plus the image's half diagonal there is nothing.
	halfDiag := m.scale * math.Hypot(float64(m.nx), float64(m.ny)) / 2
	if coords.Separation(ra, dec, m.ra, m.dec) > r+halfDiag {
		return box{}, false
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	a0, d0, rr := ra*d2r, dec*d2r, r*d2r
	for i := 0; i < 720; i++ {
		th := float64(i) * 2 * math.Pi / 720 // position angle, from north through east
		d := math.Asin(math.Sin(d0)*math.Cos(rr) + math.Cos(d0)*math.Sin(rr)*math.Cos(th))
		a := a0 + math.Atan2(math.Sin(th)*math.Sin(rr)*math.Cos(d0), math.Cos(rr)-math.Sin(d0)*math.Sin(d))
		x, y, ok := m.pixel(a/d2r, d/d2r)
		if !ok { // a circle reaching round the projection: keep the whole image
			return whole, true
		}
		minX, maxX, minY, maxY = math.Min(minX, x), math.Max(maxX, x), math.Min(minY, y), math.Max(maxY, y)
	}
	// pixel i covers i-0.5 <= p < i+0.5
	x0, x1 := max(1, int(math.Floor(minX+0.5))), min(m.nx, int(math.Floor(maxX+0.5)))
	y0, y1 := max(1, int(math.Floor(minY+0.5))), min(m.ny, int(math.Floor(maxY+0.5)))
	if x0 > x1 || y0 > y1 {
		return box{}, false
	}
	return box{x0 - 1, y0 - 1, 0, x1 - x0 + 1, y1 - y0 + 1, m.nz}, true
}

// bandPlanes keeps the planes of b whose wavelength lies in [lo, hi] m;
// an image has one plane, kept when the band meets the product's em range.
func (m *skyModel) bandPlanes(b box, lo, hi float64, p *ArchiveProduct) (box, bool) {
	if !m.cube {
		return b, !(hi < p.EmMin || lo > p.EmMax)
	}
	first, last := -1, -1
	for z := 0; z < m.nz; z++ {
		w := (m.wave0 + float64(z)*m.dwave) * 1e-10
		if w >= lo && w <= hi {
			if first < 0 {
				first = z
			}
			last = z
		}
	}
	if first < 0 {
		return box{}, false
	}
	b.z0, b.nz = first, last-first+1
	return b, true
}
