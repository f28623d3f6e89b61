#!/usr/bin/python3
"""Sanity-check the testbed with pyvo, an independent reference client.

Usage: check_pyvo.py [BASE_URL]     (default http://127.0.0.1:8080)

Checks TAP sync (incl. MAXREC overflow), async, table metadata (units,
UCDs, foreign key), every example query served at /tap/examples, SSAP and
DataLink, SIA 2 (site-wide), the image catalogue's cone search and the
cube's DataLink/SODA cutouts (compared pixel by pixel with the full cube),
then prints a few facts.  Exits non-zero on the first failure.
"""
import io
import re
import sys
import urllib.request
import warnings
from html import unescape

import numpy as np
import pyvo
from astropy.coordinates import SkyCoord
from astropy.io import fits, votable
from astropy.wcs import WCS
from pyvo.dal.sia2 import SIAQuery

warnings.simplefilter("ignore")  # pyvo/astropy unit and VOTable chatter
BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")


def check(cond, msg):
    if not cond:
        sys.exit("FAIL: " + msg)
    print("ok   " + msg)


tap = pyvo.dal.TAPService(BASE + "/tap")

n = tap.search("SELECT COUNT(*) AS n FROM dbo.raw")["n"][0]
check(n == 400, "sync: dbo.raw has %d rows" % n)

res = tap.search("SELECT * FROM dbo.raw", maxrec=7)
check(len(res) == 7 and res.query_status == "OVERFLOW",
      "sync MAXREC=7: %d rows, QUERY_STATUS %s" % (len(res), res.query_status))

try:
    tap.search("SELECT nonsense FROM dbo.raw")
    check(False, "bad ADQL must fail")
except pyvo.dal.DALQueryError as e:
    check("nonsense" in str(e), "bad ADQL: %s" % str(e)[:70])

job = tap.submit_job("SELECT instrument, COUNT(*) AS n FROM dbo.raw "
                     "GROUP BY instrument ORDER BY instrument")
job.run()
job.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
check(job.phase == "COMPLETED", "async job %s" % job.phase)
rows = {r["instrument"]: int(r["n"]) for r in job.fetch_result()}
check(len(rows) == 6, "async result: %s" % rows)
job.delete()

tables = tap.tables
raw = tables["dbo.raw"]
cols = {c.name: c for c in raw.columns}
check(str(cols["exposure"].unit) == "s"
      and cols["ra"].ucd == "pos.eq.ra;meta.main",
      "tables: dbo.raw exposure unit s, ra UCD pos.eq.ra;meta.main")
check("indexed" in (cols["dp_id"].flags or []),
      "tables: dbo.raw dp_id flags %s" % cols["dp_id"].flags)
pf = tables["phase3v2.product_files"]
fks = [(fk.targettable, [(c.fromcolumn, c.targetcolumn) for c in fk.fkcolumns])
       for fk in pf.foreignkeys]
check(fks == [("ivoa.obscore", [("product_id", "dp_id")])],
      "tables: product_files foreign key %s" % fks)
ocols = {c.name for c in tables["ivoa.obscore"].columns}
extra = ["dp_id", "abmaglim", "snr", "n_obs", "p3orig", "obstech", "filter",
         "gal_lat", "gal_lon", "publication_date", "preview_html",
         "release_description"]
check(all(c in ocols for c in extra), "tables: ivoa.obscore has ESO extras")

html = urllib.request.urlopen(BASE + "/tap/examples").read().decode()
queries = [unescape(re.sub("<[^>]+>", "", q)) for q in
           re.findall(r'property="query"[^>]*>(.*?)</', html, re.S)]
check(len(queries) >= 3, "/tap/examples: %d queries" % len(queries))
for q in queries:
    r = tap.search(q)
    check(len(r) > 0, "example returns %d rows: %s" % (len(r), " ".join(q.split())[:60]))

ssa = pyvo.dal.SSAService(BASE + "/specs/q/ssa/ssap.xml")
spec = ssa.search(pos=(173.356000, -70.194778), diameter=0.1)
check(len(spec) == 3, "SSAP: %d spectra near HD 100546" % len(spec))
check(sorted(str(r["instrument"]) for r in spec) == ["HARPS", "UVES", "UVES"],
      "SSAP: instruments %s" % sorted(str(r["instrument"]) for r in spec))
nir = ssa.search(band=(2.0e-6, 2.2e-6))
check(sorted(str(r["ssa_targname"]) for r in nir) == ["Eta Car", "Sgr A*"],
      "SSAP BAND 2.0-2.2 um: %s" % [str(r["ssa_targname"]) for r in nir])

# the 300,000-point SDP file: access_url is the FITS file itself
harps = [r for r in spec if str(r["instrument"]) == "HARPS"][0]
url = harps.getdataurl()
data = urllib.request.urlopen(url).read()
check(len(data) == int(harps["accsize"]),
      "access_url %s: %d bytes" % (url, len(data)))
with fits.open(io.BytesIO(data)) as hdus:
    h0, tab = hdus[0].header, hdus["SPECTRUM"]
    check(h0["NAXIS"] == 0 and h0["PRODCATG"] == "SCIENCE.SPECTRUM"
          and tab.header["NAXIS2"] == 1
          and tab.header["VOCLASS"].upper().startswith("SPECTRUM")
          and len(tab.data["FLUX"][0]) == 300000,
          "access_url gives an SDP file (%s, %d points)" % (
              tab.header["VOCLASS"], len(tab.data["FLUX"][0])))

# DataLink: #this is the FITS file, dlget the SDM VOTable
dl = harps.getdatalink()
this = [r for r in dl if r.semantics == "#this"]
check(len(this) == 1 and this[0].access_url == url
      and this[0].content_type == "application/fits",
      "DataLink #this is the FITS file (%s)" % this[0].content_type)
deriv = [r for r in dl if r.semantics == "#derivation"]
check(len(deriv) == 1, "DataLink #derivation %s" % deriv[0].access_url)
sdm = votable.parse(io.BytesIO(
    urllib.request.urlopen(deriv[0].access_url).read())).get_first_table()
check(len(sdm.array) == 300000 and str(sdm.get_field_by_id("spectral").unit)
      == "Angstrom", "dlget: SDM VOTable with %d points" % len(sdm.array))
proc = dl.get_first_proc()
cut = proc.process(band=(6.5e-7, 6.6e-7))
cut_t = votable.parse(io.BytesIO(cut.read())).get_first_table()
check(0 < len(cut_t.array) < 300000
      and float(cut_t.array["spectral"].min()) >= 6500,
      "dlget BAND cutout: %d points" % len(cut_t.array))

# ---- images (rd/images): SIA 2 is DaCHS's site-wide service over
# ivoa.obscore.  pyvo 1.2.1's sia2.SIAService fails on DaCHS's
# capabilities (a capability without standardID), so query the endpoint
# with pyvo's SIAQuery directly.
SIA2 = BASE + "/__system__/siap2/sitewide/siap2.xml"
ims = SIAQuery(SIA2, pos=(168.78, -61.26, 0.05),
               collection="TESTBED-IMG").execute()
names = sorted(str(r["obs_publisher_did"]).rsplit("/", 1)[1] for r in ims)
check(names == ["ngc3603_rice.fits", "ngc3603_sin_pc.fits",
                "ngc3603_tan_cd.fits"], "SIA2 around NGC 3603: %s" % names)
m83 = SIAQuery(SIA2, pos=(204.25, -29.87, 0.1),
               collection="TESTBED-IMG").execute()
check(len(m83) == 4, "SIA2 around M83: %d (3 images, 1 cube)" % len(m83))
img = [r for r in ims if str(r["obs_publisher_did"]).endswith("tan_cd.fits")][0]
data = urllib.request.urlopen(img.getdataurl()).read()
with fits.open(io.BytesIO(data)) as hdus:
    w = WCS(hdus[0].header)
    ctr = w.pixel_to_world((hdus[0].header["NAXIS1"] - 1) / 2,
                           (hdus[0].header["NAXIS2"] - 1) / 2)
    sep = ctr.separation(SkyCoord(float(img["s_ra"]), float(img["s_dec"]),
                                  unit="deg")).arcsec
check(str(img["access_format"]) == "image/fits" and sep < 0.01,
      "SIA2 access_url is the FITS image (centre agrees to %.4f arcsec)" % sep)

sia1 = pyvo.dal.SIAService(BASE + "/images/q/im/siap.xml").search(
    pos=(168.78, -61.26), size=0.1)
check(sorted(str(r.title) for r in sia1) == sorted(str(r["obs_title"])
                                                    for r in ims),
      "SIA 1 images/q/im: the same %d images" % len(sia1))

scs = pyvo.dal.SCSService(BASE + "/images/q/cone/scs.xml")
src = scs.search(pos=(168.78, -61.26), radius=0.05)
ref = SkyCoord(168.78, -61.26, unit="deg")
seps = SkyCoord(np.asarray(src["ra"], float), np.asarray(src["dec"], float),
                unit="deg").separation(ref).deg
check(len(src) > 5 and seps.max() <= 0.05,
      "SCS images/q/cone: %d sources within 0.05 deg of NGC 3603" % len(src))

cubes = SIAQuery(SIA2, pos=(204.25, -29.87, 0.1), data_type="cube").execute()
check(len(cubes) == 1 and str(cubes[0]["access_format"])
      == "application/x-votable+xml;content=datalink",
      "SIA2 cube: access_url is its DataLink document")
cdl = cubes[0].getdatalink()
cthis = [r for r in cdl if r.semantics == "#this"][0]
full = fits.open(io.BytesIO(urllib.request.urlopen(cthis.access_url).read()))
fh, fd = full[0].header, full[0].data
cproc = cdl.get_first_proc()
pnames = {p.name for p in cproc.input_params}
check({"CIRCLE", "POLYGON", "POS", "BAND"} <= pnames,
      "cube DataLink: SODA descriptor with %s" % sorted(pnames))


def cut_matches(resp):
    """The cutout's pixels equal the slice of the full cube that its WCS
    says it is (offsets from CRPIX, CRVAL unchanged)."""
    with fits.open(io.BytesIO(resp.read())) as c:
        ch, cd = c[0].header, c[0].data
        off = [int(round(fh["CRPIX%d" % i] - ch["CRPIX%d" % i]))
               for i in (1, 2, 3)]
        sl = fd[off[2]:off[2] + cd.shape[0], off[1]:off[1] + cd.shape[1],
                off[0]:off[0] + cd.shape[2]]
        same = all(ch["CRVAL%d" % i] == fh["CRVAL%d" % i] for i in (1, 2, 3))
        return (same and sl.shape == cd.shape
                and np.array_equal(sl, cd, equal_nan=True)), ch, cd.shape, off


ok, ch, shape, off = cut_matches(cproc.processed(
    circle=(204.2538, -29.8658, 0.0005)))
cw = WCS(ch).celestial
px = cw.world_to_pixel(SkyCoord(204.2538, -29.8658, unit="deg"))
check(ok and shape[0] == fh["NAXIS3"] and shape[1] < 40 and shape[2] < 40
      and all(0 <= v < n for v, n in zip(px, shape[:0:-1])),
      "SODA CIRCLE cutout %s equals the full cube's slice at %s" % (
          shape, off))
# BAND: DaCHS 2.7 delivers the planes one before what the cutout's WCS
# says (CRPIX3 is right for the band asked, the data start a plane
# early); accept that and say so, clients must not be "fixed" for it.
with fits.open(io.BytesIO(cproc.processed(band=(6.55e-7, 6.6e-7)).read())) as c:
    bh, bd = c[0].header, c[0].data
boff = int(round(fh["CRPIX3"] - bh["CRPIX3"]))
wl = WCS(bh).spectral.pixel_to_world([-0.5, bd.shape[0] - 0.5]).to_value("m")
found = [k for k in (boff, boff - 1, boff + 1)
         if np.array_equal(fd[k:k + bd.shape[0]], bd)]
check(bd.shape[1:] == (40, 40) and wl[0] <= 6.55e-7 and wl[1] >= 6.6e-7
      and bd.shape[0] < 50 and found,
      "SODA BAND cutout %s: WCS says planes from %d, data are planes from %s"
      % (bd.shape, boff, found))
print("all checks passed")
