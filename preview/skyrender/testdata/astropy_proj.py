"""Pixel positions of sky points in the sky views skyrender's tests use,
computed by astropy's FITS WCS (wcslib) as an independent reference.

For each view it builds the equivalent FITS WCS: CTYPE RA---XXX/DEC--XXX
(GLON/GLAT for a Galactic view), CRVAL = the centre, CRPIX = the image
centre, CDELT = FOV/width with RA (or GLON) negative, and prints, as JSON,
each point's ICRS (ra, dec) and its 0-based pixel position (y up, as FITS).
Points wcslib cannot project are left out.
"""
import json
import sys

import numpy as np
from astropy.coordinates import SkyCoord
from astropy.wcs import WCS
import astropy.units as u

VIEWS = [
    # ra, dec, fov, projection, width, height, galactic
    (150.0, 2.2, 1.5, "TAN", 1280, 800, False),
    (10.0, -60.0, 20.0, "TAN", 640, 480, False),
    (359.5, 0.3, 0.2, "TAN", 800, 600, False),
    (83.8, -5.4, 60.0, "SIN", 600, 600, False),
    (0.0, 0.0, 360.0, "AIT", 1280, 800, False),
    (266.4, -29.0, 360.0, "AIT", 1000, 600, False),
    (120.0, 40.0, 90.0, "AIT", 800, 500, False),
    (200.0, -70.0, 120.0, "AIT", 800, 500, False),
    (266.4, -29.0, 30.0, "TAN", 900, 700, True),
    (0.0, 0.0, 360.0, "AIT", 1280, 800, True),
    (40.0, 20.0, 100.0, "CAR", 800, 500, False),
]


def main():
    rng = np.random.default_rng(16)
    out = []
    for ra0, dec0, fov, proj, w, h, gal in VIEWS:
        wcs = WCS(naxis=2)
        c0 = SkyCoord(ra0 * u.deg, dec0 * u.deg, frame="icrs")
        if gal:
            wcs.wcs.ctype = ["GLON-" + proj, "GLAT-" + proj]
            wcs.wcs.crval = [c0.galactic.l.deg, c0.galactic.b.deg]
        else:
            wcs.wcs.ctype = ["RA---" + proj, "DEC--" + proj]
            wcs.wcs.crval = [ra0, dec0]
        wcs.wcs.crpix = [w / 2 + 0.5, h / 2 + 0.5]
        wcs.wcs.cdelt = [-fov / w, fov / w]
        # Points: random pixels over (and a little beyond) the image, taken
        # back to the sky by astropy, plus random points near the centre.
        px = rng.uniform(-0.2 * w, 1.2 * w, 300)
        py = rng.uniform(-0.2 * h, 1.2 * h, 300)
        lon, lat = wcs.all_pix2world(px, py, 0)
        ok = np.isfinite(lon) & np.isfinite(lat)
        lon, lat = lon[ok], lat[ok]
        if gal:
            c = SkyCoord(lon * u.deg, lat * u.deg, frame="galactic").icrs
            ra, dec = c.ra.deg, c.dec.deg
        else:
            ra, dec = lon, lat
        # Project the ICRS points again (through the Galactic frame when
        # the view is Galactic): the reference is world → pixel.
        c = SkyCoord(ra * u.deg, dec * u.deg, frame="icrs")
        if gal:
            x, y = wcs.all_world2pix(c.galactic.l.deg, c.galactic.b.deg, 0)
        else:
            x, y = wcs.all_world2pix(ra, dec, 0)
        pts = [[float(a), float(b), float(p), float(q)]
               for a, b, p, q in zip(ra, dec, x, y) if np.isfinite(p) and np.isfinite(q)]
        out.append({"center": [ra0, dec0], "fov": fov, "projection": proj,
                    "width": w, "height": h, "galactic": gal, "points": pts})
    json.dump(out, sys.stdout)


main()
