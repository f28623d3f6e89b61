"""Reference values from healpy for services/healpix tests.

Usage:
  healpy_ref.py pixels SEED N   -> JSON on stdout: test points and, for orders
                                   0..29, healpy's ang2pix (nest, lonlat),
                                   pix2ang and boundaries (step 1 and 4)
  healpy_ref.py disc SEED       -> JSON: query_disc cases (nest)
  healpy_ref.py map NSIDE FILE  -> writes a nested float64 map whose value is
                                   the pixel index
  healpy_ref.py tiles DIR ORDER T1 T2 ...
                                -> JSON {tile: rows}: FITS tiles DIR/NorderK/
                                   DirD/NpixN.fits as a PNG shows them (top row
                                   first, i.e. FITS rows reversed)

Boundary vectors are turned into (lon, lat) here with atan2 (not vec2ang's
arccos) so latitudes near the poles keep full precision.
"""
import json
import math
import sys

import numpy as np
import healpy as hp


def lonlat_of_vectors(v):
    x, y, z = v
    lon = np.degrees(np.arctan2(y, x)) % 360.0
    lat = np.degrees(np.arctan2(z, np.hypot(x, y)))
    return lon, lat


def test_points(seed, n):
    rng = np.random.default_rng(seed)
    pts = []
    # Random, uniform on the sphere.
    lon = rng.uniform(0, 360, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    pts += list(zip(lon.tolist(), lat.tolist()))
    # Poles, equator, face edges, the lon wrap, the polar cap limit.
    cap = math.degrees(math.asin(2.0 / 3.0))
    for lo in [0.0, -0.0, 1e-12, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0,
               359.9999999999, 360.0, 720.0, -45.0, -360.0, 12.3456]:
        for la in [90.0, -90.0, 0.0, -0.0, 41.81, -41.81, cap, -cap, 89.9999999,
                   -89.9999999, 66.0, -66.0, 1e-9, -1e-9, 30.0]:
            pts.append((lo, la))
    # Exact pixel corners at a few orders (ties between pixels).
    for order in (0, 1, 3, 8, 15):
        nside = 2 ** order
        ipix = rng.integers(0, 12 * nside * nside, 20)
        for p in ipix:
            blon, blat = lonlat_of_vectors(hp.boundaries(nside, int(p), step=1, nest=True))
            pts += list(zip(blon.tolist(), blat.tolist()))
    return pts


def pixels(seed, n):
    pts = test_points(seed, n)
    lon = np.array([p[0] for p in pts])
    lat = np.array([p[1] for p in pts])
    out = {"points": pts, "orders": [],
           "resol_deg": [float(hp.nside2resol(2 ** o, arcmin=True) / 60) for o in range(30)]}
    nb = 60  # boundaries for the first nb random points only (size)
    for order in range(30):
        nside = 2 ** order
        ipix = hp.ang2pix(nside, lon, lat, nest=True, lonlat=True)
        clon, clat = hp.pix2ang(nside, ipix, nest=True, lonlat=True)
        b1, b4 = [], []
        for p in ipix[:nb]:
            for step, dst in ((1, b1), (4, b4)):
                blon, blat = lonlat_of_vectors(hp.boundaries(nside, int(p), step=step, nest=True))
                dst.append(list(zip(blon.tolist(), blat.tolist())))
        out["orders"].append({
            "order": order,
            "ipix": [int(p) for p in ipix],
            "centres": list(zip(clon.tolist(), clat.tolist())),
            "bound1": b1,
            "bound4": b4,
        })
    json.dump(out, sys.stdout)


def disc(seed):
    rng = np.random.default_rng(seed)
    cases = []
    for order, lon, lat, r in [(3, 0.0, 90.0, 5.0), (6, 10.0, -30.0, 2.0),
                               (8, 200.0, 41.81, 0.5), (5, 359.0, 0.0, 10.0),
                               (10, 83.6, -5.4, 0.2), (2, 45.0, 0.0, 40.0)] + [
            (int(rng.integers(0, 12)), float(rng.uniform(0, 360)),
             float(np.degrees(np.arcsin(rng.uniform(-1, 1)))), float(rng.uniform(0.01, 20)))
            for _ in range(10)]:
        nside = 2 ** order
        vec = hp.ang2vec(lon, lat, lonlat=True)
        exact = hp.query_disc(nside, vec, math.radians(r), inclusive=False, nest=True)
        incl = hp.query_disc(nside, vec, math.radians(r), inclusive=True, nest=True)
        cases.append({"order": order, "lon": lon, "lat": lat, "radius": r,
                      "centres_in": [int(p) for p in exact],
                      "inclusive": [int(p) for p in incl]})
    json.dump(cases, sys.stdout)


def write_map(nside, path):
    m = np.arange(hp.nside2npix(nside), dtype=np.float64)
    hp.write_map(path, m, nest=True, dtype=np.float64, overwrite=True)


def tiles(root, order, ids):
    from astropy.io import fits
    out = {}
    for t in ids:
        d = fits.getdata("%s/Norder%d/Dir%d/Npix%d.fits" % (root, order, (t // 10000) * 10000, t))
        out[str(t)] = d[::-1].tolist()  # FITS row 0 is the bottom; PNG row 0 the top
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "pixels":
        pixels(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "disc":
        disc(int(sys.argv[2]))
    elif cmd == "map":
        write_map(int(sys.argv[2]), sys.argv[3])
    elif cmd == "tiles":
        tiles(sys.argv[2], int(sys.argv[3]), [int(a) for a in sys.argv[4:]])
    else:
        sys.exit("unknown command " + cmd)
