#!/usr/bin/python3
"""Builds the WCS headers of fits/wcs's tests and prints astropy's answers as JSON.

For every case: the header (80-character cards), a grid of FITS 1-based
pixels, astropy's all_pix2world of them (null where astropy gives NaN),
all_world2pix of those world points, and for frame cases SkyCoord's ICRS
position. Run: /usr/bin/python3 oracle.py > out.json
"""
import json
import sys
import warnings

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS, FITSFixedWarning
from astropy.coordinates import SkyCoord
import astropy.units as u

warnings.simplefilter("ignore", FITSFixedWarning)

# Projection parameters for the projections that need them (Paper II).
PV = {
    "AZP": {"PV2_1": 2.0, "PV2_2": 30.0},
    "SZP": {"PV2_1": 2.0, "PV2_2": 180.0, "PV2_3": 60.0},
    "SIN": {"PV2_1": 0.1, "PV2_2": -0.05},
    "ZPN": {"PV2_0": 0.0, "PV2_1": 1.0, "PV2_2": 0.0, "PV2_3": -0.05},
    "AIR": {"PV2_1": 45.0},
    "CYP": {"PV2_1": 1.0, "PV2_2": 0.70710678},
    "CEA": {"PV2_1": 0.8},
    "COP": {"PV2_1": 45.0, "PV2_2": 25.0},
    "COE": {"PV2_1": -45.0, "PV2_2": 25.0},
    "COD": {"PV2_1": 45.0, "PV2_2": 25.0},
    "COO": {"PV2_1": 45.0, "PV2_2": 25.0},
    "BON": {"PV2_1": 45.0},
    "HPX": {"PV2_1": 4.0, "PV2_2": 3.0},
}
PROJ = ("AZP SZP TAN STG SIN ARC ZPN ZEA AIR CYP CEA CAR MER COP COE COD COO "
        "SFL PAR MOL AIT BON PCO TSC CSC QSC HPX XPH").split()


def card_text(h):
    # the cards as in a FITS file, without END
    return "".join(str(c).ljust(80) for c in h.cards)


def nulls(a):
    return [[None if not np.isfinite(v) else float(v) for v in row] for row in a]


def case(name, group, h, pix, icrs=False, undistorted=None):
    w = WCS(h)
    pix = np.asarray(pix, dtype=float)
    world = w.all_pix2world(pix, 1)
    out = {"name": name, "group": group, "header": card_text(h), "pix": pix.tolist(), "world": nulls(world)}
    ok = np.all(np.isfinite(world), axis=1)
    back = np.full_like(pix, np.nan)
    if ok.any():
        try:
            back[ok] = w.all_world2pix(world[ok], 1, tolerance=1e-10, maxiter=100)
        except Exception:
            back[ok] = w.wcs_world2pix(world[ok], 1)
    out["pix_back"] = nulls(back)
    if undistorted is not None:
        out["undistorted"] = nulls(WCS(undistorted).wcs_pix2world(pix, 1))
    if w.has_celestial:
        out["lng"], out["lat"] = int(w.wcs.lng), int(w.wcs.lat)
    if w.wcs.spec >= 0:
        out["spec"] = {"axis": int(w.wcs.spec), "ctype": w.wcs.ctype[w.wcs.spec], "unit": str(w.wcs.cunit[w.wcs.spec])}
    if icrs:
        frame = {"GLON": "galactic"}.get(w.wcs.ctype[w.wcs.lng][:4], None)
        if frame is None:
            frame = w.wcs.radesys.lower()
        lon, lat = world[:, w.wcs.lng], world[:, w.wcs.lat]
        kw = {"equinox": "J%g" % w.wcs.equinox} if frame in ("fk5", "fk4") else {}
        c = SkyCoord(lon * u.deg, lat * u.deg, frame=frame, **kw).icrs
        out["icrs"] = nulls(np.column_stack([c.ra.deg, c.dec.deg]))
        out["frame"] = frame.upper()
    return out


def base(ctype1="RA---TAN", ctype2="DEC--TAN", crval=(150.0, 30.0), cdelt=(-1.0, 1.0), crpix=(50.5, 40.5)):
    h = fits.Header()
    h["NAXIS"] = 2
    h["NAXIS1"] = 100
    h["NAXIS2"] = 80
    h["CTYPE1"], h["CTYPE2"] = ctype1, ctype2
    h["CRPIX1"], h["CRPIX2"] = crpix
    h["CRVAL1"], h["CRVAL2"] = crval
    h["CDELT1"], h["CDELT2"] = cdelt
    h["CUNIT1"], h["CUNIT2"] = "deg", "deg"
    return h


def grid(crpix, half, n, frac=0.37):
    s = np.linspace(-half, half, n) + frac
    xx, yy = np.meshgrid(crpix[0] + s, crpix[1] + s)
    return np.column_stack([xx.ravel(), yy.ravel()])


cases = []
for p in PROJ:
    crval = (150.0, 30.0)
    if p in ("COP", "COE", "COD", "COO"):
        crval = (150.0, 45.0 if p != "COE" else -45.0)
    h = base("RA---" + p, "DEC--" + p, crval=crval)
    for k, v in PV.get(p, {}).items():
        h[k] = v
    # ±40° around the reference point in 1° pixels: well inside every
    # projection's valid region for the zenithals, across it for all-sky ones
    cases.append(case(p, "projection", h, grid((50.5, 40.5), 40, 11)))

# linear forms
h = base(cdelt=(-2.8e-4, 2.8e-4))
h["PC1_1"], h["PC1_2"], h["PC2_1"], h["PC2_2"] = 0.8660254, -0.5, 0.5, 0.8660254
cases.append(case("PC+CDELT", "form", h, grid((50.5, 40.5), 2000, 9)))
h = base()
for k in ("CDELT1", "CDELT2"):
    del h[k]
h["CD1_1"], h["CD1_2"], h["CD2_1"], h["CD2_2"] = -2.1e-4, 1.3e-5, 1.2e-5, 2.2e-4
cases.append(case("CD", "form", h, grid((50.5, 40.5), 2000, 9)))
h = base(cdelt=(-2.8e-4, 2.8e-4))
h["CROTA2"] = 23.5
cases.append(case("CROTA2", "form", h, grid((50.5, 40.5), 2000, 9)))

# frames: SkyCoord's ICRS position is the reference for SkyAt
h = base("GLON-TAN", "GLAT-TAN", crval=(280.5, -32.9), cdelt=(-1e-3, 1e-3))
cases.append(case("GALACTIC", "frame", h, grid((50.5, 40.5), 500, 5), icrs=True))
h = base("GLON-CAR", "GLAT-CAR", crval=(0.0, 0.0), cdelt=(-0.5, 0.5))
cases.append(case("GALACTIC-CAR", "frame", h, grid((50.5, 40.5), 150, 7), icrs=True))
h = base(crval=(83.6, 22.0), cdelt=(-1e-3, 1e-3))
h["RADESYS"], h["EQUINOX"] = "FK5", 2000.0
cases.append(case("FK5", "frame", h, grid((50.5, 40.5), 500, 5), icrs=True))
h = base(crval=(83.6, 22.0), cdelt=(-1e-3, 1e-3))
h["RADESYS"] = "ICRS"
cases.append(case("ICRS", "frame", h, grid((50.5, 40.5), 500, 5), icrs=True))

# SIP: an HST ACS/WFC-like distortion (0.05"/px, A/B to order 3, AP/BP inverse)
h = base("RA---TAN-SIP", "DEC--TAN-SIP", crval=(5.63056810618, -72.05457184279), crpix=(2048.0, 1024.0))
for k in ("CDELT1", "CDELT2"):
    del h[k]
h["NAXIS1"], h["NAXIS2"] = 4096, 2048
h["CD1_1"], h["CD1_2"], h["CD2_1"], h["CD2_2"] = 1.29056256334e-05, 5.95309123685e-06, 5.02205812534e-06, -1.2644598649e-05
sip = {"A": {(2, 0): 8.55e-06, (1, 1): -5.0e-06, (0, 2): 2.23e-06, (3, 0): 2.1e-10, (2, 1): -4.7e-11, (1, 2): 1.8e-10, (0, 3): -9.9e-11},
       "B": {(2, 0): -2.0e-06, (1, 1): 6.5e-06, (0, 2): -2.86e-06, (3, 0): 3.2e-11, (2, 1): 2.1e-10, (1, 2): -5.1e-11, (0, 3): 1.7e-10}}
h["A_ORDER"], h["B_ORDER"], h["AP_ORDER"], h["BP_ORDER"] = 3, 3, 3, 3
for ab in ("A", "B"):
    for (p, q), v in sip[ab].items():
        h["%s_%d_%d" % (ab, p, q)] = v
        h["%sP_%d_%d" % (ab, p, q)] = -v  # first-order inverse; exact inversion iterates
lin = h.copy()
lin["CTYPE1"], lin["CTYPE2"] = "RA---TAN", "DEC--TAN"
for k in [k for k in lin if k[:2] in ("A_", "B_", "AP", "BP")]:
    del lin[k]
cases.append(case("SIP", "distortion", h, grid((2048.0, 1024.0), 2000, 9), undistorted=lin))

# TPV: a DECam-like solution, PV1_0..10 and PV2_0..10 (to order 3)
h = base("RA---TPV", "DEC--TPV", crval=(36.1, -4.5), crpix=(1024.0, 2048.0))
for k in ("CDELT1", "CDELT2"):
    del h[k]
h["NAXIS1"], h["NAXIS2"] = 2048, 4096
h["CD1_1"], h["CD1_2"], h["CD2_1"], h["CD2_2"] = 1.2e-07, 7.28e-05, -7.28e-05, 1.1e-07
pv1 = [-0.0042, 1.0135, 0.0081, 0, -0.0143, -0.0101, -0.0095, 0.0021, -0.0007, 0.0013, -0.0005]
pv2 = [-0.0039, 1.0154, 0.0097, 0, -0.0181, -0.0099, -0.0062, 0.0009, 0.0004, -0.0011, 0.0008]
for m, v in enumerate(pv1):
    if m != 3:
        h["PV1_%d" % m] = v
for m, v in enumerate(pv2):
    if m != 3:
        h["PV2_%d" % m] = v
lin = h.copy()
lin["CTYPE1"], lin["CTYPE2"] = "RA---TAN", "DEC--TAN"
for k in [k for k in lin if k.startswith("PV")]:
    del lin[k]
cases.append(case("TPV", "distortion", h, grid((1024.0, 2048.0), 1000, 9), undistorted=lin))

# cubes: MUSE-like AWAV in Angstrom, and a radio FREQ cube
h = base(crval=(150.1, 2.2), cdelt=(-5.5556e-5, 5.5556e-5), crpix=(160.0, 160.0))
h["NAXIS"], h["NAXIS3"] = 3, 3681
h["CTYPE3"], h["CUNIT3"], h["CRPIX3"], h["CRVAL3"], h["CDELT3"] = "AWAV", "Angstrom", 1.0, 4749.8, 1.25
h["RADESYS"] = "FK5"
h["EQUINOX"] = 2000.0
pts = [[x, y, z] for x in (1, 160, 320.5) for y in (1, 200.25) for z in (1, 1500.5, 3681)]
cases.append(case("CUBE-AWAV", "cube", h, pts))
h = base(crval=(201.365, -43.019), cdelt=(-1.4e-4, 1.4e-4), crpix=(256.0, 256.0))
h["NAXIS"], h["NAXIS3"] = 3, 960
h["CTYPE3"], h["CUNIT3"], h["CRPIX3"], h["CRVAL3"], h["CDELT3"] = "FREQ", "Hz", 480.0, 2.30538e11, -4.88e5
h["RESTFRQ"], h["SPECSYS"] = 2.30538e11, "LSRK"
pts = [[x, y, z] for x in (1, 256, 511.5) for y in (3, 400) for z in (1, 480, 959.25)]
cases.append(case("CUBE-FREQ", "cube", h, pts))

json.dump(cases, sys.stdout)
