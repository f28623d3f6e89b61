package wcs

import (
	"fmt"
	"math"
)

// Frame conversions to ICRS, built as astropy builds them so the two agree
// to rounding: Galactic is defined in FK5 J2000 (north galactic pole
// RA 192.8594812065348°, Dec 27.12825118085622°, l of the celestial pole
// 122.9319185680026°), and FK5 J2000 differs from ICRS by the frame bias of
// USNO Circular 179 (about 0.02", i.e. FK5 J2000 ≈ ICRS within 0.02").

type mat3 [3][3]float64

func (a mat3) mul(b mat3) mat3 {
	var c mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

func (a mat3) t() mat3 {
	var c mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c[i][j] = a[j][i]
		}
	}
	return c
}

func (a mat3) apply(v [3]float64) [3]float64 {
	var r [3]float64
	for i := 0; i < 3; i++ {
		r[i] = a[i][0]*v[0] + a[i][1]*v[1] + a[i][2]*v[2]
	}
	return r
}

// rot is a rotation of the coordinate frame by deg about axis 0, 1 or 2
// (x, y, z), the convention of astropy's rotation_matrix.
func rot(deg float64, axis int) mat3 {
	s, c := math.Sincos(deg * math.Pi / 180)
	i, j := (axis+1)%3, (axis+2)%3
	var m mat3
	m[axis][axis] = 1
	m[i][i], m[j][j] = c, c
	m[i][j], m[j][i] = s, -s
	return m
}

var (
	// icrsToFK5: the frame bias (eta0 = -19.9 mas, xi0 = 9.1 mas, da0 = -22.9 mas).
	icrsToFK5 = rot(19.9/3600000, 0).mul(rot(9.1/3600000, 1)).mul(rot(-22.9/3600000, 2))
	fk5ToGal  = rot(180-122.9319185680026, 2).mul(rot(90-27.12825118085622, 1)).mul(rot(192.8594812065348, 2))
	icrsToGal = fk5ToGal.mul(icrsToFK5)
	galToICRS = icrsToGal.t()
	fk5ToICRS = icrsToFK5.t()
)

func toVec(lon, lat float64) [3]float64 {
	sl, cl := math.Sincos(lon * math.Pi / 180)
	sb, cb := math.Sincos(lat * math.Pi / 180)
	return [3]float64{cb * cl, cb * sl, sb}
}

func fromVec(v [3]float64) (lon, lat float64) {
	lon = math.Atan2(v[1], v[0]) * 180 / math.Pi
	if lon < 0 {
		lon += 360
	}
	lat = math.Atan2(v[2], math.Hypot(v[0], v[1])) * 180 / math.Pi
	return lon, lat
}

// ICRSToGalactic converts ICRS (ra, dec) to Galactic (l, b), degrees.
func ICRSToGalactic(ra, dec float64) (l, b float64) {
	return fromVec(icrsToGal.apply(toVec(ra, dec)))
}

// GalacticToICRS converts Galactic (l, b) to ICRS (ra, dec), degrees.
func GalacticToICRS(l, b float64) (ra, dec float64) {
	return fromVec(galToICRS.apply(toVec(l, b)))
}

// toICRS converts a position in frame (as Frame names it) to ICRS.
func toICRS(frame string, equinox, lon, lat float64) (ra, dec float64, err error) {
	switch frame {
	case "ICRS":
		return lon, lat, nil
	case "GALACTIC":
		ra, dec = GalacticToICRS(lon, lat)
		return ra, dec, nil
	case "FK5":
		if equinox != 2000 {
			return 0, 0, fmt.Errorf("wcs: FK5 with equinox J%g is not supported (only J2000): precession is not implemented", equinox)
		}
		ra, dec = fromVec(fk5ToICRS.apply(toVec(lon, lat)))
		return ra, dec, nil
	}
	return 0, 0, unsupported(frame)
}

// fromICRS is toICRS's inverse.
func fromICRS(frame string, equinox, ra, dec float64) (lon, lat float64, err error) {
	switch frame {
	case "ICRS":
		return ra, dec, nil
	case "GALACTIC":
		lon, lat = ICRSToGalactic(ra, dec)
		return lon, lat, nil
	case "FK5":
		if equinox != 2000 {
			return 0, 0, fmt.Errorf("wcs: FK5 with equinox J%g is not supported (only J2000): precession is not implemented", equinox)
		}
		lon, lat = fromVec(icrsToFK5.apply(toVec(ra, dec)))
		return lon, lat, nil
	}
	return 0, 0, unsupported(frame)
}

func unsupported(frame string) error {
	if frame == "" {
		frame = "unnamed"
	}
	return fmt.Errorf("wcs: converting the %s frame to ICRS is not supported (ICRS, FK5 J2000 and Galactic are)", frame)
}
