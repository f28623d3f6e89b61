"""Generates an ObsCore-like VOTable (ivoa.obscore columns plus ESO extras)
for the reader benchmarks: gen_obscore.py OUT.xml [ROWS].

TABLEDATA in the compact style of TAP services (one TR per line). Values come
from numpy; a few columns have nulls (empty cells, NaN, VALUES null). The
benchmark script has STILTS convert the file to BINARY2, which also checks
that it is valid. Deterministic (seeded)."""
import sys
from xml.sax.saxutils import escape

import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
rng = np.random.default_rng(7)


def pick(choices):
    return np.array(choices)[rng.integers(0, len(choices), n)]


def dbl(values, null_frac=0.0, nan=False):
    """Text of doubles; nulls are empty cells (or NaN when nan is set)."""
    txt = np.array([repr(float(v)) for v in values], dtype=object)
    if null_frac:
        txt[rng.random(n) < null_frac] = "NaN" if nan else ""
    return txt


def ints(values, null_frac=0.0, null="-1"):
    txt = np.array([str(int(v)) for v in values], dtype=object)
    if null_frac:
        txt[rng.random(n) < null_frac] = null
    return txt


idx = np.arange(n)
ra = rng.uniform(0, 360, n)
dec = rng.uniform(-90, 30, n)
dpid = ["ADP.20%02d-%02d-%02dT%02d:%02d:%06.3f" % (10 + i % 14, 1 + i % 12, 1 + i % 28, i % 24, i % 60, (i * 7.123) % 60) for i in idx]
t_min = rng.uniform(55000, 60000, n)

# (name, FIELD attributes, cell texts)
columns = [
    ("dataproduct_type", 'datatype="char" arraysize="*" ucd="meta.id"', pick(["image", "spectrum", "cube", "measurements"])),
    ("calib_level", 'datatype="int" ucd="meta.code;obs.calib"', ints(rng.integers(1, 4, n))),
    ("obs_collection", 'datatype="char" arraysize="*"', pick(["MUSE", "XSHOOTER", "UVES", "VVV", "KIDS", "HARPS", "GAIAESO", "PESSTO"])),
    ("obs_id", 'datatype="char" arraysize="*"', np.array(["%d" % (100000000 + i) for i in idx])),
    ("obs_publisher_did", 'datatype="char" arraysize="*" ucd="meta.ref.ivoid"', np.array(["ivo://eso.org/ID?" + d for d in dpid])),
    ("access_url", 'datatype="char" arraysize="*" ucd="meta.ref.url"', np.array(["https://archive.eso.org/datalink/links?ID=" + d for d in dpid])),
    ("access_format", 'datatype="char" arraysize="*"', pick(["application/x-votable+xml;content=datalink"])),
    ("access_estsize", 'datatype="long" unit="kbyte"><VALUES null="-1"/></FIELD', ints(rng.integers(1000, 5000000, n), 0.05)),
    ("target_name", 'datatype="char" arraysize="*"', np.array(["TARGET-%05d" % (i % 50000) for i in idx])),
    ("s_ra", 'datatype="double" unit="deg" ucd="pos.eq.ra"', dbl(ra)),
    ("s_dec", 'datatype="double" unit="deg" ucd="pos.eq.dec"', dbl(dec)),
    ("s_fov", 'datatype="double" unit="deg"', dbl(rng.uniform(0.001, 2, n))),
    ("s_region", 'datatype="char" arraysize="*" xtype="adql:REGION"',
     np.array(["POLYGON ICRS %.5f %.5f %.5f %.5f %.5f %.5f" % (r, d, r + 0.1, d, r + 0.1, d + 0.1) for r, d in zip(ra, dec)])),
    ("s_resolution", 'datatype="double" unit="arcsec"', dbl(rng.uniform(0.1, 2, n), 0.2)),
    ("t_min", 'datatype="double" unit="d"', dbl(t_min)),
    ("t_max", 'datatype="double" unit="d"', dbl(t_min + rng.uniform(0.0001, 0.1, n))),
    ("t_exptime", 'datatype="double" unit="s"', dbl(rng.uniform(1, 3600, n))),
    ("t_resolution", 'datatype="double" unit="s"', dbl(rng.uniform(1, 3600, n), 0.3, nan=True)),
    ("em_min", 'datatype="double" unit="m"', dbl(rng.uniform(3e-7, 1e-6, n))),
    ("em_max", 'datatype="double" unit="m"', dbl(rng.uniform(1e-6, 2.5e-6, n))),
    ("em_res_power", 'datatype="double"', dbl(rng.uniform(100, 100000, n), 0.1)),
    ("facility_name", 'datatype="char" arraysize="*"', pick(["ESO-VLT-U1", "ESO-VLT-U2", "ESO-VLT-U3", "ESO-VLT-U4", "ESO-VISTA", "ESO-VST"])),
    ("instrument_name", 'datatype="char" arraysize="*"', pick(["MUSE", "XSHOOTER", "UVES", "FORS2", "HAWKI", "VIRCAM", "OMEGACAM", "SPHERE"])),
    ("s_xel1", 'datatype="long"', ints(rng.integers(1, 30000, n))),
    ("s_xel2", 'datatype="long"', ints(rng.integers(1, 30000, n))),
    ("dp_id", 'datatype="char" arraysize="*" ucd="meta.id"', np.array(dpid)),
    ("abmaglim", 'datatype="double" unit="mag"', dbl(rng.uniform(15, 25, n), 0.4)),
    ("snr", 'datatype="double"', dbl(rng.uniform(1, 500, n), 0.2, nan=True)),
    ("n_obs", 'datatype="int"><VALUES null="-2147483648"/></FIELD', ints(rng.integers(1, 100, n), 0.1, "-2147483648")),
    ("p3orig", 'datatype="char" arraysize="*"', pick(["EDP", "ESO", "IDP"])),
]

with open(out, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n'
            '<RESOURCE type="results">\n<INFO name="QUERY_STATUS" value="OK"/>\n<TABLE name="ivoa.ObsCore">\n')
    for name, attrs, _ in columns:
        end = ">" if attrs.endswith("</FIELD") else "/>"
        f.write('<FIELD name="%s" ID="%s" %s%s\n' % (name, name, attrs, end))
    f.write("<DATA><TABLEDATA>\n")
    cells = [c for _, _, c in columns]
    esc = [any(("&" in str(v) or "<" in str(v)) for v in c[:100]) for c in cells]
    for i in range(n):
        f.write("<TR>" + "".join("<TD>%s</TD>" % (escape(str(c[i])) if e else c[i]) for c, e in zip(cells, esc)) + "</TR>\n")
    f.write("</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n")
print(out, n, len(columns))
