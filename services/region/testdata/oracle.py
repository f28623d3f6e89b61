"""Independent answers for services/region's tests (astropy + shapely).

Reads JSON {"regions": [...], "contains": [[i, ra, dec], ...], "overlaps": [[i, j], ...],
"galactic": [[l, b], ...], "boxes": [[ra, dec, w, h], ...]} on stdin and writes the answers as JSON.
A region is {"kind": "polygon", "points": [[ra, dec], ...]} or {"kind": "circle", "center": [ra, dec], "radius": r}.
Polygons have great-circle edges: straight lines in the gnomonic (TAN) projection, so shapely
decides containment and intersections there exactly. Areas come from the Lambert equal-area
(ZEA) projection of the outline with its edges densified along great circles.
"""
import json, sys
import numpy as np
from astropy.coordinates import SkyCoord, Angle
from astropy.wcs import WCS
import astropy.units as u
from shapely.geometry import Polygon, Point


def wcs(kind, ra, dec):
    w = WCS(naxis=2)
    w.wcs.ctype = ["RA---" + kind, "DEC--" + kind]
    w.wcs.crval = [ra, dec]
    w.wcs.crpix = [1, 1]  # FITS 1-based: 0-based pixel (0, 0) is the reference point
    w.wcs.cdelt = [1, 1]
    return w


def unit(ra, dec):
    ra, dec = np.radians(ra), np.radians(dec)
    return np.array([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)])


def radec(v):
    v = v / np.linalg.norm(v)
    return np.degrees(np.arctan2(v[1], v[0])) % 360, np.degrees(np.arcsin(np.clip(v[2], -1, 1)))


def outline(reg, n=2000):
    """The region's boundary as (ra, dec) vertices; circles sampled by astropy."""
    if reg["kind"] == "circle":
        c = SkyCoord(reg["center"][0] * u.deg, reg["center"][1] * u.deg)
        pa = Angle(np.linspace(0, 360, n, endpoint=False) * u.deg)
        p = c.directional_offset_by(pa, reg["radius"] * u.deg)
        return list(zip(p.ra.deg, p.dec.deg))
    return [tuple(p) for p in reg["points"]]


def centre(reg):
    if reg["kind"] == "circle":
        return reg["center"]
    v = sum(unit(*p) for p in reg["points"])
    return radec(v)


def plane(w, pts):
    x, y = w.all_world2pix(np.array([p[0] for p in pts]), np.array([p[1] for p in pts]), 0)
    return list(zip(x, y))


def densify(pts, step=0.002):
    out = []
    for a, b in zip(pts, pts[1:] + pts[:1]):
        va, vb = unit(*a), unit(*b)
        om = np.arccos(np.clip(va @ vb, -1, 1))
        k = max(1, int(np.ceil(np.degrees(om) / step)))
        if om < 1e-12:
            out.append(np.array([a]))
            continue
        t = (np.arange(k) / k)[:, None]
        v = (np.sin((1 - t) * om) * va + np.sin(t * om) * vb) / np.sin(om)
        out.append(np.column_stack([np.degrees(np.arctan2(v[:, 1], v[:, 0])) % 360,
                                    np.degrees(np.arcsin(np.clip(v[:, 2], -1, 1)))]))
    return [tuple(p) for p in np.vstack(out)]


def sphere_area(pts, c):
    """Area (deg²) of a great-circle-edged polygon through an equal-area projection."""
    w = wcs("ZEA", *c)
    xy = plane(w, densify(pts))
    return Polygon(xy).area  # ZEA is equal-area: deg² on the plane = deg² on the sky


def main():
    ans = {}
    req = json.load(sys.stdin)
    regs = req.get("regions", [])
    ans["area"] = []
    for r in regs:
        if r["kind"] == "circle":
            # the exact cap area, independent of any sampling
            ans["area"].append(4 * np.pi * np.sin(np.radians(r["radius"]) / 2) ** 2 * (180 / np.pi) ** 2)
        else:
            ans["area"].append(sphere_area(outline(r), centre(r)))
    ans["contains"] = []
    cache = {}
    for i, ra, dec in req.get("contains", []):
        r = regs[i]
        if r["kind"] == "circle":
            sep = SkyCoord(ra * u.deg, dec * u.deg).separation(SkyCoord(*r["center"], unit="deg")).deg
            ans["contains"].append([bool(sep <= r["radius"]), abs(sep - r["radius"])])
            continue
        if i not in cache:
            w = wcs("TAN", *centre(r))
            cache[i] = (w, Polygon(plane(w, outline(r))))
        w, poly = cache[i]
        p = Point(plane(w, [(ra, dec)])[0])
        ans["contains"].append([bool(poly.contains(p)), poly.exterior.distance(p)])
    ans["overlap"] = []
    for i, j in req.get("overlaps", []):
        a, b = regs[i], regs[j]
        c = radec(unit(*centre(a)) + unit(*centre(b)))
        w = wcs("TAN", *c)
        inter = Polygon(plane(w, outline(a))).intersection(Polygon(plane(w, outline(b))))
        if inter.is_empty or inter.area == 0:
            ans["overlap"].append(0.0)
            continue
        total = 0.0
        for g in getattr(inter, "geoms", [inter]):
            if g.geom_type != "Polygon" or g.area == 0:
                continue
            x, y = np.array(g.exterior.coords[:-1]).T
            ra, dec = w.all_pix2world(x, y, 0)
            total += sphere_area(list(zip(ra, dec)), c)
        ans["overlap"].append(total)
    g = req.get("galactic", [])
    if g:
        s = SkyCoord(l=[p[0] for p in g] * u.deg, b=[p[1] for p in g] * u.deg, frame="galactic").icrs
        ans["galactic"] = [[a, b] for a, b in zip(s.ra.deg, s.dec.deg)]
    ans["boxes"] = []
    for ra, dec, wd, ht in req.get("boxes", []):
        # STC-S box: the sides cross the arms of the cross through the centre at right angles;
        # in the TAN plane (intermediate coordinates in degrees = (180/pi) tan) they are straight lines.
        w = wcs("TAN", ra, dec)
        tx, ty = np.degrees(np.tan(np.radians(wd / 2))), np.degrees(np.tan(np.radians(ht / 2)))
        x = np.array([-tx, tx, tx, -tx]); y = np.array([-ty, -ty, ty, ty])
        r, d = w.all_pix2world(x, y, 0)
        ans["boxes"].append([[a, b] for a, b in zip(r, d)])
    json.dump(ans, sys.stdout)


if __name__ == "__main__":
    main()
