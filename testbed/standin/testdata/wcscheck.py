#!/usr/bin/python3
"""astropy's view of the stand-in's image/cube files, for soda_test.go.

Reads one JSON request on stdin, prints one JSON answer:
  {"mode": "full", "file": F, "hdu": H}
      world of the reference pixel, the image's width and height on the sky
      (deg, between the outer pixel edges), the wavelength (m) of every plane.
  {"mode": "cut", "full": F, "cut": C, "hdu": H, "offset": [x0, y0, z0],
   "circle": [ra, dec, r]}
      the largest angular (deg) and relative spectral difference between the
      world coordinates of cutout pixel p and full-file pixel p + offset over
      a grid of pixels; the pixel box (0-based, inclusive, clipped to the
      image) bounding the circle in the full file, from astropy's own
      projection of 3600 points on its edge; the cutout's and the full
      file's plane wavelengths (m).
"""
import json
import sys

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from astropy.io import fits
from astropy.wcs import WCS


def planes(w, n):
    if w.naxis < 3:
        return []
    pix = np.zeros((n, 3))
    pix[:, 2] = np.arange(n)
    return [float(v) for v in w.all_pix2world(pix, 0)[:, 2]]


def main():
    req = json.load(sys.stdin)
    h = req["hdu"]
    if req["mode"] == "full":
        hdu = fits.open(req["file"])[h]
        w = WCS(hdu.header)
        shape = w.pixel_shape
        nx, ny = shape[0], shape[1]
        ref = w.wcs.crpix - 1
        pix = np.zeros((5, w.naxis))
        pix[0, :2] = ref[:2]
        pix[1, :2] = [-0.5, ref[1]]
        pix[2, :2] = [nx - 0.5, ref[1]]
        pix[3, :2] = [ref[0], -0.5]
        pix[4, :2] = [ref[0], ny - 0.5]
        wd = w.all_pix2world(pix, 0)
        c = SkyCoord(wd[:, 0] * u.deg, wd[:, 1] * u.deg)
        print(json.dumps({"ra": float(wd[0, 0]), "dec": float(wd[0, 1]),
                          "width": float(c[1].separation(c[2]).deg),
                          "height": float(c[3].separation(c[4]).deg),
                          "naxis": list(shape),
                          "planes": planes(w, shape[2] if len(shape) > 2 else 0)}))
        return
    wf = WCS(fits.open(req["full"])[h].header)
    wc = WCS(fits.open(req["cut"])[h].header)
    off = np.array(req["offset"][:wf.naxis], dtype=float)
    cs = wc.pixel_shape
    axes = [np.unique(np.linspace(0, n - 1, 6).round()) for n in cs]
    grid = np.array(np.meshgrid(*axes, indexing="ij")).reshape(len(cs), -1).T
    a = wc.all_pix2world(grid, 0)
    b = wf.all_pix2world(grid + off, 0)
    sep = SkyCoord(a[:, 0] * u.deg, a[:, 1] * u.deg).separation(
        SkyCoord(b[:, 0] * u.deg, b[:, 1] * u.deg)).deg
    spec = 0.0
    if wf.naxis > 2:
        spec = float(np.max(np.abs(a[:, 2] - b[:, 2]) / np.abs(b[:, 2])))
    ra, dec, r = req["circle"]
    edge = SkyCoord(ra * u.deg, dec * u.deg).directional_offset_by(
        np.linspace(0, 360, 3600, endpoint=False) * u.deg, r * u.deg)
    n = wf.naxis
    pts = np.zeros((len(edge), n))
    pts[:, 0], pts[:, 1] = edge.ra.deg, edge.dec.deg
    if n > 2:
        pts[:, 2] = wf.wcs.crval[2]
    px = wf.all_world2pix(pts, 0)
    fs = wf.pixel_shape
    lo = [max(0, int(np.floor(px[:, i].min() + 0.5))) for i in range(2)]
    hi = [min(fs[i] - 1, int(np.floor(px[:, i].max() + 0.5))) for i in range(2)]
    print(json.dumps({"max_sep_deg": float(np.max(sep)), "max_spec_rel": spec,
                      "box_lo": lo, "box_hi": hi,
                      "cut_planes": planes(wc, cs[2] if len(cs) > 2 else 0),
                      "full_planes": planes(wf, fs[2] if len(fs) > 2 else 0)}))


main()
