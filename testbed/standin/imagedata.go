package standin

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Image and cube products: the #this file of an ivoa.obscore product whose
// dataproduct_type is image or cube is a real FITS image (2-D float32,
// ~300x300, one primary HDU) or a MUSE-shaped cube (an empty primary HDU,
// then DATA and STAT extensions of ~30x30 spaxels x ~150 planes, AWAV in
// Angstrom over em_min..em_max), with a TAN WCS centred on s_ra/s_dec that
// spans the product's s_region square (side s_fov/sqrt(2), as gen_data.py
// draws it). Pixels are a smooth background, a few Gaussian sources and,
// in cubes, a continuum plus an emission line per source, all from the
// file id (and version). SODA cutouts (soda.go) are sub-boxes of the same
// model, so a cutout is exactly the matching part of the file.

// skyModel is one image or cube product file.
type skyModel struct {
	id, instrument string
	cube           bool
	nx, ny, nz     int     // nz is 1 for images
	ra, dec        float64 // CRVAL1/2, deg (the pixel centre CRPIX1/2)
	scale          float64 // deg per pixel
	wave0, dwave   float64 // Angstrom: plane 1 and the step (cubes)
	seed           uint64
	sources        []skySource
	catg, bunit    string    // PRODCATG, BUNIT
	white          *skyModel // a white-light image: the cube it collapses
}

type skySource struct {
	x, y, sigma, amp float64 // pixel position (1-based FITS), width (px), peak
	slope            float64 // continuum slope over the band (cubes)
	line, lineAmp    float64 // emission line centre (Angstrom) and peak (cubes)
}

// box is a 0-based pixel box: x0 <= x < x0+nx etc.
type box struct{ x0, y0, z0, nx, ny, nz int }

// restLines (Angstrom): the first inside the cube's range carries the
// emission (H-alpha for MUSE, Br-gamma for SINFONI), else the middle.
var restLines = []float64{6562.8, 21661.2, 12818.1}

// newSkyModel derives the file from its id, version seed and the product's
// ObsCore geometry; ok is false for products that are not images or cubes.
func newSkyModel(id string, seed uint64, p *ArchiveProduct) (*skyModel, bool) {
	kind := strings.ToLower(strings.TrimSpace(p.Type))
	if (kind != "image" && kind != "cube") || math.IsNaN(p.RA) || math.IsNaN(p.Dec) || !(p.FoV > 0) {
		return nil, false
	}
	m := &skyModel{id: id, instrument: p.Instrument, cube: kind == "cube", ra: p.RA, dec: p.Dec, seed: seed, nz: 1,
		catg: "SCIENCE.IMAGE", bunit: "ADU"}
	if m.cube {
		m.catg, m.bunit = "SCIENCE.CUBE.IFS", "10**(-20)*erg/s/cm**2/Angstrom"
	}
	side := p.FoV / math.Sqrt2 // s_fov is the diagonal of the s_region square
	if m.cube {
		m.nx, m.ny, m.nz = 28+int(seed%7), 28+int(seed>>16%7), 150+int(seed>>32%11)
		lo, hi := p.EmMin*1e10, p.EmMax*1e10
		if !(hi > lo) || lo <= 0 {
			lo, hi = 4650, 9300 // MUSE WFM when ObsCore has no band
		}
		m.wave0, m.dwave = lo, (hi-lo)/float64(m.nz-1)
	} else {
		m.nx, m.ny = 280+int(seed%41), 280+int(seed>>16%41)
	}
	m.scale = side / float64(max(m.nx, m.ny))
	line := 0.0
	for _, l := range restLines {
		if m.cube && l > m.wave0 && l < m.wave0+m.dwave*float64(m.nz-1) {
			line = l
			break
		}
	}
	if line == 0 {
		line = m.wave0 + m.dwave*float64(m.nz-1)/2
	}
	n := 4 + int(seed%5)
	if !m.cube {
		n = 8 + int(seed%9)
	}
	m.sources = make([]skySource, n)
	for i := range m.sources {
		u := func(k int) float64 { return unit(seed, uint64(7000+16*i+k)) }
		sig := 1.2 + 3*u(2)
		if m.cube {
			sig = 1 + 2*u(2)
		}
		m.sources[i] = skySource{
			x: 1 + u(0)*float64(m.nx-1), y: 1 + u(1)*float64(m.ny-1), sigma: sig,
			amp: 50 + 950*u(3)*u(3), slope: u(4) - 0.5,
			// +-300 km/s around the line, with its own strength
			line: line * (1 + (u(5)-0.5)*2e-3), lineAmp: 20 + 400*u(6),
		}
	}
	return m, true
}

// value is the pixel at 1-based FITS pixel (x, y, z); a white-light image
// is the mean of its cube's planes.
func (m *skyModel) value(x, y, z int) float32 {
	if m.white == nil {
		return m.voxel(x, y, z)
	}
	sum := 0.0
	for k := 1; k <= m.white.nz; k++ {
		sum += float64(m.white.voxel(x, y, k))
	}
	return float32(sum / float64(m.white.nz))
}

func (m *skyModel) voxel(x, y, z int) float32 {
	fx, fy := float64(x), float64(y)
	t := (fx/float64(m.nx) + fy/float64(m.ny)) / 2
	v := 10 + 3*t + 2*math.Sin(fx/37+float64(m.seed%13)) // smooth background
	wave := m.wave0 + float64(z-1)*m.dwave
	for _, s := range m.sources {
		dx, dy := fx-s.x, fy-s.y
		r2 := (dx*dx + dy*dy) / (2 * s.sigma * s.sigma)
		if r2 > 40 {
			continue
		}
		g := math.Exp(-r2)
		if !m.cube {
			v += s.amp * g
			continue
		}
		frac := float64(z-1) / float64(m.nz-1)
		cont := s.amp / 10 * (1 + s.slope*(frac-0.5))
		w := (wave - s.line) / (1.5 * m.dwave)
		v += g * (cont + s.lineAmp*math.Exp(-0.5*w*w))
	}
	// deterministic noise, +-0.5
	v += unit(m.seed, uint64(((z*m.ny)+y)*m.nx+x)) - 0.5
	return float32(v)
}

// whiteLight is the cube's ANCILLARY.IMAGE.WHITELIGHT file (archive id
// id): a 2-D image of the same field and WCS, the mean over its planes.
func (m *skyModel) whiteLight(id string) *skyModel {
	w := &skyModel{id: id, instrument: m.instrument, nx: m.nx, ny: m.ny, nz: 1, ra: m.ra, dec: m.dec,
		scale: m.scale, seed: m.seed, white: m, catg: "ANCILLARY.IMAGE.WHITELIGHT", bunit: m.bunit}
	return w
}

// stat is the STAT (variance) extension's pixel.
func (m *skyModel) stat(x, y, z int) float32 {
	return float32(0.25 + 0.01*math.Abs(float64(m.value(x, y, z))))
}

func (m *skyModel) whole() box { return box{0, 0, 0, m.nx, m.ny, m.nz} }

// fitsFile writes the file, or the cutout b of it: the same HDUs with the
// sub-array and the WCS moved to it.
func (m *skyModel) fitsFile(b box) []byte {
	var out []byte
	if !m.cube {
		out = append(out, m.header(b, "", true)...)
		return append(out, m.data(b, m.value)...)
	}
	out = append(out, m.header(b, "", false)...)
	out = append(out, m.header(b, "DATA", false)...)
	out = append(out, m.data(b, m.value)...)
	out = append(out, m.header(b, "STAT", false)...)
	return append(out, m.data(b, m.stat)...)
}

// header is one HDU's header: the primary (extname "") or an extension.
func (m *skyModel) header(b box, extname string, primaryData bool) []byte {
	var c []string
	add := func(k, v, comment string) { c = append(c, card(k, v, comment)) }
	str := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	switch {
	case extname == "":
		add("SIMPLE", "T", "conforms to FITS standard")
		if primaryData {
			add("BITPIX", "-32", "array data type")
			add("NAXIS", "2", "number of array dimensions")
			add("NAXIS1", strconv.Itoa(b.nx), "")
			add("NAXIS2", strconv.Itoa(b.ny), "")
		} else {
			add("BITPIX", "8", "array data type")
			add("NAXIS", "0", "number of array dimensions")
		}
		add("EXTEND", "T", "")
		add("ORIGIN", "'ESO-STANDIN'", "esodesk ESO stand-in, generated data")
		add("TELESCOP", "'ESO-VLT'", "")
		add("INSTRUME", str(m.instrument), "")
		add("RA", fmtFloat(m.ra), "[deg] field centre")
		add("DEC", fmtFloat(m.dec), "[deg] field centre")
		add("ARCFILE", str(m.id+".fits"), "archive file name")
		add("PRODCATG", str(m.catg), "")
		if b != m.whole() {
			c = append(c, fmt.Sprintf("%-80.80s", fmt.Sprintf("COMMENT SODA cutout of ARCFILE: x %d-%d, y %d-%d, plane %d-%d",
				b.x0+1, b.x0+b.nx, b.y0+1, b.y0+b.ny, b.z0+1, b.z0+b.nz)))
		}
		if !primaryData {
			return padHeader(c)
		}
		add("BUNIT", str(m.bunit), "")
	default:
		add("XTENSION", "'IMAGE'", "image extension")
		add("BITPIX", "-32", "array data type")
		add("NAXIS", "3", "number of array dimensions")
		add("NAXIS1", strconv.Itoa(b.nx), "")
		add("NAXIS2", strconv.Itoa(b.ny), "")
		add("NAXIS3", strconv.Itoa(b.nz), "")
		add("PCOUNT", "0", "")
		add("GCOUNT", "1", "")
		add("EXTNAME", str(extname), "")
		unit := m.bunit
		if extname == "STAT" {
			unit = "(" + unit + ")**2"
		}
		add("BUNIT", str(unit), "")
	}
	// Spatial WCS: the reference pixel moves with the box, CRVAL stays.
	add("RADESYS", "'ICRS'", "")
	add("CTYPE1", "'RA---TAN'", "")
	add("CTYPE2", "'DEC--TAN'", "")
	add("CUNIT1", "'deg'", "")
	add("CUNIT2", "'deg'", "")
	add("CRPIX1", fmtFloat(float64(m.nx+1)/2-float64(b.x0)), "")
	add("CRPIX2", fmtFloat(float64(m.ny+1)/2-float64(b.y0)), "")
	add("CRVAL1", fmtFloat(m.ra), "")
	add("CRVAL2", fmtFloat(m.dec), "")
	add("CD1_1", fmtFloat(-m.scale), "")
	add("CD1_2", "0.0", "")
	add("CD2_1", "0.0", "")
	add("CD2_2", fmtFloat(m.scale), "")
	if m.cube {
		// Spectral WCS: plane 1 of the box is the reference.
		add("CTYPE3", "'AWAV'", "air wavelength")
		add("CUNIT3", "'Angstrom'", "")
		add("CRPIX3", "1.0", "")
		add("CRVAL3", fmtFloat(m.wave0+float64(b.z0)*m.dwave), "")
		add("CD3_3", fmtFloat(m.dwave), "")
		add("CD1_3", "0.0", "")
		add("CD2_3", "0.0", "")
		add("CD3_1", "0.0", "")
		add("CD3_2", "0.0", "")
	}
	return padHeader(c)
}

func padHeader(cards []string) []byte {
	h := []byte(strings.Join(append(cards, fmt.Sprintf("%-80s", "END")), ""))
	for len(h)%2880 != 0 {
		h = append(h, ' ')
	}
	return h
}

// data is the big-endian float32 array of box b, padded to 2880 bytes.
func (m *skyModel) data(b box, f func(x, y, z int) float32) []byte {
	out := make([]byte, 0, (b.nx*b.ny*b.nz*4+2879)/2880*2880)
	for z := b.z0 + 1; z <= b.z0+b.nz; z++ {
		for y := b.y0 + 1; y <= b.y0+b.ny; y++ {
			for x := b.x0 + 1; x <= b.x0+b.nx; x++ {
				out = binary.BigEndian.AppendUint32(out, math.Float32bits(f(x, y, z)))
			}
		}
	}
	for len(out)%2880 != 0 {
		out = append(out, 0)
	}
	return out
}

// fmtFloat writes a FITS real that reads back as the same float64.
func fmtFloat(v float64) string {
	s := strconv.FormatFloat(v, 'G', -1, 64)
	if !strings.ContainsAny(s, ".E") {
		s += ".0"
	}
	return s
}

var skyFileCache sync.Map // key → []byte

// skyFileBytes is the whole file of model m, built once per id, version and geometry.
func skyFileBytes(m *skyModel) []byte {
	key := fmt.Sprintf("%s|%d|%v|%v|%g|%g|%g|%g|%g", m.id, m.seed, m.cube, m.white != nil, m.ra, m.dec, m.scale, m.wave0, m.dwave)
	if b, ok := skyFileCache.Load(key); ok {
		return b.([]byte)
	}
	b, _ := skyFileCache.LoadOrStore(key, m.fitsFile(m.whole()))
	return b.([]byte)
}

// skyProduct returns the image/cube product whose #this file is id (its
// SCIENCE file, or its dp_id when it has none), if the archive knows one.
func skyProduct(idx *archiveIndex, id string) *ArchiveProduct {
	p := idx.products.fileOf[id]
	if p == nil {
		p = idx.products.byID[id]
	}
	if p == nil || scienceFileID(p) != id {
		return nil
	}
	return p
}

// scienceFileID is the product's #this file: its SCIENCE.* file, else its dp_id.
func scienceFileID(p *ArchiveProduct) string {
	for _, f := range p.Files {
		if strings.HasPrefix(f.Category, "SCIENCE") {
			return f.ArchiveID
		}
	}
	return p.DPID
}

// FileBytes is what this server's dataPortal serves for id, with what its
// archive knows: image and cube products' FITS files and previews' PNGs
// too (the package FileBytes knows only the id).
func (s *Server) FileBytes(ctx context.Context, id string) (size int64, open func() io.Reader) {
	f := s.servedFile(ctx, id, 0)
	return f.size, func() io.Reader { return f.reader() }
}

// FileSHA256 is the hex SHA-256 of what this server serves for id.
func (s *Server) FileSHA256(ctx context.Context, id string) string {
	_, open := s.FileBytes(ctx, id)
	h := sha256.New()
	_, _ = io.Copy(h, open())
	return hex.EncodeToString(h.Sum(nil))
}
