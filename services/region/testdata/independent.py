"""The independent side of TestDrawnRegionQueriesOnTestbed.

Fetches ALL of the testbed's ivoa.obscore footprints and dbo.raw positions with pyvo (no
spatial ADQL), then decides with astropy + shapely which rows each drawn region selects.
Input JSON on stdin: {"tap": URL, "regions": {name: region}, "min_overlap": X}; a region is as in
oracle.py plus its "center" (the target). Output JSON: {name: {"intersects": [...],
"contains_target": [...], "within": [...], "raw": [...], "overlap": {did: deg²}}}.
"""
import json, sys
import numpy as np
import pyvo
from astropy.coordinates import SkyCoord
import astropy.units as u
from shapely.geometry import Polygon, Point

import oracle


def stcs_polygon(s):
    w = s.split()
    assert w[0].lower() == "polygon" and w[1].upper() == "ICRS", s  # the testbed writes only these
    v = [float(x) for x in w[2:]]
    return list(zip(v[0::2], v[1::2]))


def main():
    req = json.load(sys.stdin)
    svc = pyvo.dal.TAPService(req["tap"])
    obs = svc.run_sync("SELECT obs_publisher_did, s_region FROM ivoa.obscore").to_table()
    raw = svc.run_sync("SELECT dp_id, ra, dec FROM dbo.raw").to_table()
    foot = [(str(r["obs_publisher_did"]), stcs_polygon(str(r["s_region"]))) for r in obs]
    out = {}
    for name, reg in req["regions"].items():
        c = reg["center"]
        centre = SkyCoord(c[0] * u.deg, c[1] * u.deg)
        w = oracle.wcs("TAN", *c)
        shape = Polygon(oracle.plane(w, oracle.outline(reg)))
        res = {"intersects": [], "contains_target": [], "within": [], "raw": [], "overlap": {}}
        for did, pts in foot:
            fc = SkyCoord([p[0] for p in pts] * u.deg, [p[1] for p in pts] * u.deg)
            if fc.separation(centre).deg.min() > 60:
                continue  # far away: the TAN projection about the region would not hold it
            fp = Polygon(oracle.plane(w, pts))
            if fp.intersects(shape):
                res["intersects"].append(did)
            if reg["kind"] == "circle":
                within = bool((fc.separation(centre).deg <= reg["radius"]).all())
            else:
                within = shape.contains(fp)
            if within:
                res["within"].append(did)
            fw = oracle.wcs("TAN", *oracle.centre({"kind": "polygon", "points": pts}))
            if Polygon(oracle.plane(fw, pts)).contains(Point(oracle.plane(fw, [c])[0])):
                res["contains_target"].append(did)
            inter = fp.intersection(shape)
            if not inter.is_empty and inter.area > 0:
                area = 0.0
                for g in getattr(inter, "geoms", [inter]):
                    if g.geom_type == "Polygon" and g.area > 0:
                        x, y = np.array(g.exterior.coords[:-1]).T
                        ra, dec = w.all_pix2world(x, y, 0)
                        area += oracle.sphere_area(list(zip(ra, dec)), c)
                res["overlap"][did] = area
        for r in raw:
            if np.ma.is_masked(r["ra"]) or np.ma.is_masked(r["dec"]):
                continue  # calibrations without a position
            p = SkyCoord(float(r["ra"]) * u.deg, float(r["dec"]) * u.deg)
            if reg["kind"] == "circle":
                inside = p.separation(centre).deg <= reg["radius"]
            else:
                inside = p.separation(centre).deg < 60 and shape.contains(Point(oracle.plane(w, [(p.ra.deg, p.dec.deg)])[0]))
            if inside:
                res["raw"].append(str(r["dp_id"]))
        out[name] = res
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
