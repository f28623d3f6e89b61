#!/usr/bin/python3
"""Reference for services/conditions' tests: reads ESO's asm tables with
pyvo, with its own ADQL, and computes with numpy what the Go code must find.

  reference.py series TAP SITE FROM TO Q[,Q...]
      -> {"q": {"samples": [[start_iso, integration_s, value, valid], ...]}}
  reference.py frames TAP Q[,Q...] NIGHT [NIGHT...] [--ids ID,ID...]
      -> {"dp_id": {"site": s, "q": {"n":, "invalid":, "median":, "min":, "max":}}}
     (all science frames of the nights, noon to noon UT, at the three sites,
      plus the given ids)

It follows the shared design's statement of the tables (common15.md), not
the Go code: values in display units (tau0 in ms), a sample covers
[start_date, start_date + integration), it belongs to an exposure when it
overlaps [exp_start, exp_start + exposure) (a zero-length exposure: the
sample covering exp_start), valid = 1 is good, NULL integration = 60 s.
"""
import json
import sys

import numpy as np
import pyvo

# (site, quantity) -> [(table, column, scale, first, end)]; first/end bound
# start_date (end exclusive), None = open.
SWITCH = "2016-04-04T00:00:00"
CAT = {
    ("paranal", "seeing"): [("asm.historical_ambient_paranal", "fwhm", 1, None, SWITCH),
                            ("asm.dimm_paranal", "fwhm", 1, SWITCH, None)],
    ("lasilla", "seeing"): [("asm.ambient_lasilla", "fwhm", 1, None, None)],
    ("paranal", "tau0"): [("asm.mass_paranal", "tau0", 1000, None, None)],
    ("paranal", "theta0"): [("asm.mass_paranal", "tet0", 1, None, None)],
    ("paranal", "pwv"): [("asm.lhatpros_paranal", "pwv0", 1, None, None)],
    ("apex", "pwv"): [("asm.meteo_apex", "pwv", 1, None, None)],
    ("paranal", "wind"): [("asm.meteo_paranal", "wind_speed_10m", 1, None, None)],
    ("lasilla", "wind"): [("asm.meteo_lasilla", "wind_speed_10m", 1, None, None)],
    ("apex", "wind"): [("asm.meteo_apex", "wind_speed", 1, None, None)],
    ("paranal", "humidity"): [("asm.meteo_paranal", "rhum_2m", 1, None, None)],
    ("lasilla", "humidity"): [("asm.meteo_lasilla", "rhum_2m", 1, None, None)],
    ("apex", "humidity"): [("asm.meteo_apex", "humidity", 1, None, None)],
    ("paranal", "temperature"): [("asm.meteo_paranal", "temp_2m", 1, None, None)],
    ("lasilla", "temperature"): [("asm.meteo_lasilla", "temp_2m", 1, None, None)],
    ("apex", "temperature"): [("asm.meteo_apex", "temperature", 1, None, None)],
    ("paranal", "pressure"): [("asm.meteo_paranal", "press_0m", 1, None, None)],
    ("lasilla", "pressure"): [("asm.meteo_lasilla", "press_2m", 1, None, None)],
    ("apex", "pressure"): [("asm.meteo_apex", "pressure", 1, None, None)],
}
SITES = {"ESO-VST": "paranal", "ESO-VISTA": "paranal", "ESO-3P6": "lasilla", "ESO-NTT": "lasilla",
         "MPI-2.2": "lasilla", "APEX-12M": "apex"}
US = np.timedelta64(1, "us")


def site_of(tel):
    tel = (tel or "").strip().upper()
    if tel in SITES:
        return SITES[tel]
    if tel in ("ESO-VLT-U1", "ESO-VLT-U2", "ESO-VLT-U3", "ESO-VLT-U4") or tel.startswith("ESO-VLTI-"):
        return "paranal"
    return None


def t64(v):
    s = v if isinstance(v, str) else (v.decode() if isinstance(v, bytes) else str(v))
    s = s.strip().replace(" ", "T").rstrip("Zz")
    return np.datetime64(s, "us")


def iso(t):
    return str(np.datetime64(t, "ms")) + "Z"


class Reader:
    def __init__(self, url):
        self.svc = pyvo.dal.TAPService(url)
        self.cols = {}

    def columns(self, table):
        if table not in self.cols:
            r = self.svc.run_sync("SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = '%s'" % table).to_table()
            self.cols[table] = {str(c).strip().lower() for c in r["column_name"]}
        return self.cols[table]

    def rows(self, table, column, lo, hi):
        """All rows with lo - 1 h <= start_date <= hi, as numpy arrays."""
        have = self.columns(table)
        sel = ["start_date", column]
        for extra in ("integration", "valid", "lhatpro_id"):
            if extra in have:
                sel.append(extra)
        q = "SELECT %s FROM %s WHERE start_date BETWEEN '%s' AND '%s'" % (
            ", ".join(sel), table, str(lo - np.timedelta64(3600, "s")), str(hi))
        t = self.svc.run_sync(q, maxrec=5000000).to_table()
        n = len(t)
        start = np.array([t64(x) for x in t["start_date"]], dtype="datetime64[us]")

        def col(name, fill):
            if name not in t.colnames:
                return np.full(n, fill, dtype=float)
            c = t[name]
            a = np.ma.filled(np.ma.asarray(c, dtype=float), np.nan)
            return a

        integ = col("integration", np.nan)
        integ = np.where(np.isnan(integ) | (integ <= 0), 60.0, integ)
        value = col(column, np.nan)
        valid = col("valid", 1.0) == 1.0
        valid &= ~np.isnan(value)
        instr = None
        if "lhatpro_id" in t.colnames:
            instr = np.array([str(x).strip() for x in np.ma.filled(t["lhatpro_id"].astype(str), "")])
        # integration is a float32 ("real") column of millisecond values:
        # 67.123 arrives as 67.12300109; the timestamps are to the ms.
        end = start + (integ * 1e3).round().astype("int64") * np.timedelta64(1, "ms")
        order = np.argsort(start, kind="stable")
        integ = (integ * 1e3).round() / 1e3
        out = dict(start=start[order], end=end[order], integ=integ[order], value=value[order], valid=valid[order])
        out["instr"] = instr[order] if instr is not None else None
        return out


def overlapping(r, lo, hi):
    if hi > lo:
        return (r["start"] < hi) & (r["end"] > lo)
    return (r["start"] <= lo) & (r["end"] > lo)


def pick(r, sel):
    """Of several radiometers, the one with most valid samples in sel."""
    if r["instr"] is None:
        return sel
    ids = sorted(set(r["instr"][sel]))
    if not ids:
        return sel
    best = max(ids, key=lambda i: (np.count_nonzero(sel & r["valid"] & (r["instr"] == i)), -ids.index(i)))
    return sel & (r["instr"] == best)


def samples(reader, site, q, lo, hi, cache=None):
    """Samples (start, integ, value, valid) of q at site overlapping [lo, hi)."""
    out = []
    for table, column, scale, first, end in CAT.get((site, q), []):
        if first is not None and hi <= np.datetime64(first) or end is not None and lo >= np.datetime64(end):
            continue
        key = (table, column)
        r = cache.get(key) if cache is not None else None
        if r is None:
            r = reader.rows(table, column, lo, hi)
        sel = overlapping(r, lo, hi)
        if first is not None:
            sel &= r["start"] >= np.datetime64(first)
        if end is not None:
            sel &= r["start"] < np.datetime64(end)
        sel = pick(r, sel)
        for i in np.nonzero(sel)[0]:
            out.append((r["start"][i], float(r["integ"][i]), float(r["value"][i] * scale), bool(r["valid"][i])))
    out.sort(key=lambda s: s[0])
    return out


def cmd_series(url, site, lo, hi, qs):
    reader = Reader(url)
    lo, hi = t64(lo), t64(hi)
    res = {}
    for q in qs.split(","):
        res[q] = {"samples": [[iso(s[0]), s[1], s[2] if s[3] else None, s[3]] for s in samples(reader, site, q, lo, hi)]}
    print(json.dumps(res))


def cmd_frames(url, qs, nights, ids):
    reader = Reader(url)
    frames = {}
    sel = "dp_id, exp_start, exposure, telescope"
    for night in nights:
        n0 = np.datetime64(night + "T12:00:00")
        q = ("SELECT %s FROM dbo.raw WHERE dp_cat = 'SCIENCE' AND exp_start >= '%s' AND exp_start < '%s'"
             % (sel, str(n0), str(n0 + np.timedelta64(1, "D"))))
        for row in reader.svc.run_sync(q, maxrec=100000).to_table():
            frames[str(row["dp_id"])] = row
    if ids:
        lits = ", ".join("'%s'" % i.replace("'", "''") for i in ids)
        for row in reader.svc.run_sync("SELECT %s FROM dbo.raw WHERE dp_id IN (%s)" % (sel, lits)).to_table():
            frames[str(row["dp_id"])] = row
    res = {}
    caches = {}  # (site, day) -> {(table, column): rows}: one query per table and day
    for dp_id, row in sorted(frames.items()):
        site = site_of(str(row["telescope"]))
        if site is None:
            continue
        lo = t64(row["exp_start"])
        hi = lo + int(round(float(row["exposure"]) * 1e6)) * US
        res[dp_id] = {"site": site, "exp_start": iso(lo), "exp_end": iso(hi)}
        day = (lo - np.timedelta64(12, "h")).astype("datetime64[D]")
        cache = caches.get((site, day))
        if cache is None or any(hi > r["span_hi"] for r in cache.values()):
            cache = caches[(site, day)] = {}
        for q in qs.split(","):
            for table, column, _, _, _ in CAT.get((site, q), []):
                if (table, column) not in cache:
                    span_hi = max(day + np.timedelta64(36, "h"), hi + np.timedelta64(1, "h")).astype("datetime64[us]")
                    r = reader.rows(table, column, day.astype("datetime64[us]") + np.timedelta64(12, "h"), span_hi)
                    r["span_hi"] = span_hi
                    cache[(table, column)] = r
        for q in qs.split(","):
            ss = samples(reader, site, q, lo, hi, cache)
            v = np.array([s[2] for s in ss if s[3]], dtype=float)
            st = {"n": int(v.size), "invalid": sum(1 for s in ss if not s[3]), "measured": (site, q) in CAT}
            if v.size:
                st.update(median=float(np.median(v)), min=float(v.min()), max=float(v.max()), mean=float(v.mean()))
            res[dp_id][q] = st
    print(json.dumps(res))


def main(argv):
    if len(argv) >= 6 and argv[1] == "series":
        cmd_series(*argv[2:7])
    elif len(argv) >= 4 and argv[1] == "frames":
        rest = argv[4:]
        ids = []
        if "--ids" in rest:
            k = rest.index("--ids")
            ids = [x for x in rest[k + 1].split(",") if x]
            rest = rest[:k] + rest[k + 2:]
        cmd_frames(argv[2], argv[3], rest, ids)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
