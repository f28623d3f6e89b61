#!/usr/bin/python3
"""Sanity-check the testbed with pyvo, an independent reference client.

Usage: check_pyvo.py [BASE_URL]     (default http://127.0.0.1:8080)

Checks TAP sync (incl. MAXREC overflow), async, table metadata (units,
UCDs, foreign key), every example query served at /tap/examples, SSAP and
DataLink, then prints a few facts.  Exits non-zero on the first failure.
"""
import io
import re
import sys
import urllib.request
import warnings
from html import unescape

import pyvo
from astropy.io import fits, votable

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
print("all checks passed")
