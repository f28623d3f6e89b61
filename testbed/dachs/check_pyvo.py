#!/usr/bin/python3
"""Sanity-check the testbed with pyvo, an independent reference client.

Usage: check_pyvo.py [BASE_URL]     (default http://127.0.0.1:8080)

Checks TAP sync (incl. MAXREC overflow), async, table metadata (units,
UCDs, foreign key), every example query served at /tap/examples, SSAP and
DataLink, then prints a few facts.  Exits non-zero on the first failure.
"""
import re
import sys
import urllib.request
import warnings
from html import unescape

import pyvo

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
spec = ssa.search(pos=(165.006417, -70.195033), diameter=0.1)
check(len(spec) == 1, "SSAP: %d spectrum near HD 100546" % len(spec))
dl = next(spec.iter_datalinks())
this = [r for r in dl if r.semantics == "#this"]
check(len(this) == 1, "DataLink: #this row %s" % this[0].access_url)
data = urllib.request.urlopen(this[0].access_url).read()
check(data.lstrip().startswith(b"<?xml") or b"VOTABLE" in data[:500],
      "DataLink #this returns a VOTable (%d bytes)" % len(data))
print("all checks passed")
