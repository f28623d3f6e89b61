#!/usr/bin/python3
"""Write the esodesk testbed's ambient-conditions tables (ESO's asm.*, made up).

Usage: gen_asm.py INPUTS_DIR

Runs after gen_data.py: reads INPUTS_DIR/dbo/data/raw.csv and makes the
site monitors agree with the raw frames, then writes
  asm/data/<table>.csv   one per asm table (see rd/asm/q.rd)
  dbo/data/raw.csv       rewritten with two more columns, tel_airm_end and
                         tel_ambi_fwhm_end (every other value and the row
                         order unchanged)
  esodesk-asm.env        row counts and special frames for setup.sh's
                         self-check and the Go tests (keys listed in main())

What the data look like (all times UTC, ms precision, no clock, one seeded
generator: byte-for-byte reproducible):
- One sample covers [start_date, start_date + integration); midpoint_date =
  start_date + integration / 2.  Samples of one monitor are contiguous
  (the next starts where the previous ended) except in gaps.
- Nights: every night of dbo.raw (2019-03-01..20).  Paranal DIMM and MASS
  from ~23:30 to ~09:45 (later when a frame with seeing ends later), DIMM
  integrations 55-80 s (irregular), MASS 57-63 s, LHATPRO 115-125 s;
  meteo every 60 s from 22:00 to 11:00.  La Silla: DIMM (ambient_lasilla)
  and meteo the same way.  APEX meteo for the nights of 2019-03-01/02 only.
  Historical Paranal: one night across the switch of ESO's DIMM tables,
  historical_ambient_paranal 2016-04-03T23:30..2016-04-04T00:00, then
  dimm_paranal from 2016-04-04T00:00 to 09:45.
- Seeing: per night a log-normal random walk around a night median;
  dbo.raw's tel_ambi_fwhm_start is rewritten to the value of the DIMM sample
  covering the frame's exp_start (empty stays empty: such frames start in a
  gap).  tel_ambi_fwhm_end is then the value of
  the sample covering the exposure's last instant (exp_start + exposure
  - 1 ms), empty when there is none.
- Gaps: every Paranal/La Silla science frame with an empty
  tel_ambi_fwhm_start starts in a DIMM (and MASS) gap of usually 20-90 min
  that also covers its whole exposure where the neighbouring frames allow;
  a few more gaps cover no frame.  One La Silla night with a HARPS frame
  has no ambient_lasilla rows at all.
- Bad samples: ~2 % of the rows of tables with `valid` have valid=0 and a
  wrong-looking value (fwhm 0.00 or 9.99, tau0 0, pwv -1, ...), single or in
  runs of 3-8; never on a sample that covers a frame's start or end.  A
  handful of rows (valid=1) have one NULL measurement: clients treat NULL
  as missing.
"""
import csv
import os
import sys
from datetime import datetime

import numpy as np

SEED = 20261206
MS = 1000
MIN = 60 * MS
HOUR = 60 * MIN
EPOCH = datetime(1970, 1, 1)

SITES = {  # latitude, east longitude (deg)
    "paranal": (-24.6272, -70.4042),
    "lasilla": (-29.2567, -70.7346),
    "apex": (-23.0058, -67.7592),
}
PARANAL_TELS = ("ESO-VLT-U", "ESO-VLTI", "ESO-VST", "ESO-VISTA")
LASILLA_TELS = ("ESO-3P6", "ESO-NTT", "MPI-2.2")
APEX_NIGHTS = ("2019-03-01", "2019-03-02")
# the La Silla night whose HARPS frames all lack seeing: no DIMM at all
LASILLA_NIGHT_WITHOUT_DIMM = "2019-03-08"
# nights that get a DIMM gap covering no frame (placed in the longest
# stretch without frames)
EXTRA_GAP_NIGHTS = ("2019-03-05", "2019-03-13", "2019-03-18")
HIST_SWITCH = "2016-04-04"

COLUMNS = {
    "dimm_paranal": ["ra", "dec", "airmass", "fwhm", "valid"],
    "historical_ambient_paranal": ["ra", "dec", "airmass", "fwhm"],
    "mass_paranal": ["fwhm", "tau0", "tet0", "valid"],
    "lhatpros_paranal": ["lhatpro_id", "pwv0", "lwp0", "valid"],
    "meteo_paranal": ["press_0m", "presqnh", "rhum_2m", "rhum_30m", "temp_2m",
                      "temp_30m", "tempdew_2m", "wind_speed_10m",
                      "wind_speed_30m", "wind_dir_10m", "wind_dir_30m",
                      "valid"],
    "ambient_lasilla": ["ra", "dec", "airmass", "fwhm"],
    "meteo_lasilla": ["press_2m", "rhum_2m", "temp_2m", "tempdew_2m",
                      "temp_30m", "wind_speed_10m", "wind_speed_30m",
                      "wind_dir_10m", "wind_dir_30m", "valid"],
    "meteo_apex": ["pwv", "temperature", "humidity", "pressure", "wind_speed",
                   "wind_direction", "valid"],
}
FMT = {"ra": "%.5f", "dec": "%.5f", "airmass": "%.3f", "fwhm": "%.2f",
       "tau0": "%.5f", "tet0": "%.2f", "pwv0": "%.2f", "lwp0": "%.1f",
       "pwv": "%.2f", "lhatpro_id": "%d", "valid": "%d",
       "wind_dir_10m": "%.0f", "wind_dir_30m": "%.0f",
       "wind_direction": "%.0f"}
# what a bad (valid=0) sample carries: wrong-looking values
BAD = {"fwhm": (0.0, 9.99), "tau0": (0.0,), "tet0": (0.0,), "pwv0": (-1.0,),
       "lwp0": (-1.0,), "pwv": (-1.0,), "press_0m": (0.0,), "presqnh": (0.0,),
       "press_2m": (0.0,), "pressure": (0.0,), "rhum_2m": (-1.0, 999.0),
       "rhum_30m": (-1.0,), "humidity": (-1.0,), "temp_2m": (-99.9,),
       "temp_30m": (-99.9,), "tempdew_2m": (-99.9,), "temperature": (-99.9,),
       "wind_speed_10m": (99.9,), "wind_speed_30m": (99.9,),
       "wind_speed": (99.9,)}
# the measurement set to NULL in the handful of NULL rows, per table
NULL_COLS = {"dimm_paranal": ["fwhm"], "mass_paranal": ["tau0", "tet0"],
             "lhatpros_paranal": ["pwv0"],
             "meteo_paranal": ["wind_speed_10m", "rhum_30m", "temp_2m"],
             "meteo_lasilla": ["wind_speed_10m", "rhum_2m"],
             "meteo_apex": ["pwv"]}


def ms_of(iso):
    """ISO 8601 UTC (optional Z, optional fraction) -> integer ms."""
    iso = iso.rstrip("Z")
    if "T" not in iso:
        iso += "T00:00:00"
    if "." not in iso:
        iso += ".000"
    dt = datetime.strptime(iso[:23], "%Y-%m-%dT%H:%M:%S.%f")
    return int(round((dt - EPOCH).total_seconds() * 1000))


def iso_ms(ms):
    return str(np.datetime64(int(ms), "ms"))


def site_of(tel):
    if tel.startswith(PARANAL_TELS):
        return "paranal"
    if tel.startswith(LASILLA_TELS):
        return "lasilla"
    return "apex" if tel == "APEX-12M" else None


# ------------------------------------------------------------ frames
class Frame:
    def __init__(self, row):
        self.row = row
        self.id = row["dp_id"]
        self.site = site_of(row["telescope"])
        self.start = ms_of(row["exp_start"])
        self.end = self.start + int(round(float(row["exposure"]) * 1000))
        self.seeing = row["tel_ambi_fwhm_start"]  # string, "" = none
        self.science = row["dp_cat"] == "SCIENCE"
        self.night = row["night"]


def night_start(night, hhmm):
    """ms of the evening date `night` at hh:mm, hours >= 24 run on."""
    h, m = hhmm
    return ms_of(night) + h * HOUR + m * MIN


# ---------------------------------------------------------- sampling grid
def fill(rng, t0, t1, lo, hi):
    """Contiguous samples covering [t0, t1) exactly, integrations about
    lo..hi s (irregular), whole milliseconds.  Returns start ms, integ ms."""
    span = t1 - t0
    if span <= 0:
        return [], []
    n = max(1, int(round(span / ((lo + hi) / 2 * MS))))
    w = rng.uniform(lo, hi, n)
    edges = t0 + np.round(np.concatenate(([0.0], np.cumsum(w))) / w.sum()
                          * span).astype(np.int64)
    edges[-1] = t1
    return list(edges[:-1]), list(np.diff(edges))


def grid(rng, t0, t1, cuts, gaps, lo, hi):
    """Samples over [t0, t1) minus gaps, with a sample boundary at every
    time in cuts."""
    pts = {t0, t1}
    pts.update(c for c in cuts if t0 < c < t1)
    for g0, g1 in gaps:
        pts.update(x for x in (g0, g1) if t0 < x < t1)
    pts = sorted(pts)
    starts, integs = [], []
    for a, b in zip(pts[:-1], pts[1:]):
        if any(g0 <= a and b <= g1 for g0, g1 in gaps):
            continue
        s, i = fill(rng, a, b, lo, hi)
        starts += s
        integs += i
    return np.array(starts, np.int64), np.array(integs, np.int64)


def covering(starts, integs, t):
    """Index of the sample covering t, or -1."""
    k = int(np.searchsorted(starts, t, side="right")) - 1
    if k >= 0 and t < starts[k] + integs[k]:
        return k
    return -1


# ------------------------------------------------------------ physics-ish
def walk(rng, n, sigma, theta):
    """Mean-reverting random walk (discrete Ornstein-Uhlenbeck) around 0."""
    x = np.empty(n)
    v = 0.0
    eps = rng.standard_normal(n)
    for k in range(n):
        v += -theta * v + sigma * eps[k]
        x[k] = v
    return x


def lst_deg(ms, lon):
    """Local mean sidereal time (deg) from the GMST formula (good to
    seconds: enough for a DIMM star's airmass)."""
    jd = np.asarray(ms, float) / 86400000.0 + 2440587.5
    return np.mod(280.46061837 + 360.98564736629 * (jd - 2451545.0) + lon,
                  360.0)


def airmass(ms, ra, dec, site):
    """sec(z) of (ra, dec) at the site, NaN below 5 deg altitude."""
    lat, lon = SITES[site]
    h = np.radians(lst_deg(ms, lon) - ra)
    d, p = np.radians(dec), np.radians(lat)
    cz = np.sin(p) * np.sin(d) + np.cos(p) * np.cos(d) * np.cos(h)
    cz = np.asarray(cz, float)
    return np.where(cz > np.sin(np.radians(5)), 1 / np.maximum(cz, 1e-3),
                    np.nan)


def dimm_pointing(rng, starts, site):
    """The DIMM's star: a new one near the zenith every 60-120 min."""
    lat, lon = SITES[site]
    ra = np.empty(len(starts))
    dec = np.empty(len(starts))
    k = 0
    while k < len(starts):
        until = starts[k] + int(rng.uniform(60, 120) * MIN)
        s_ra = (lst_deg(starts[k], lon) + rng.uniform(0, 25)) % 360
        s_dec = lat + rng.uniform(-15, 15)
        j = k
        while j < len(starts) and starts[j] < until:
            j += 1
        ra[k:j], dec[k:j] = s_ra, s_dec
        k = j
    am = airmass(starts, ra, dec, site)
    return ra, dec, np.where(np.isnan(am), 3.0, am)


def seeing_curve(rng, t, median):
    """Seeing (arcsec) at times t: a log-normal random walk around the
    night's median."""
    x = np.log(median) + walk(rng, len(t), 0.025, 0.01)
    return np.clip(np.exp(x), 0.4, 2.5)


# ------------------------------------------------------------- the night
class Table:
    def __init__(self, name):
        self.name = name
        self.start, self.integ = [], []
        self.cols = {c: [] for c in COLUMNS[name]}

    def add(self, starts, integs, **cols):
        self.start.append(np.asarray(starts, np.int64))
        self.integ.append(np.asarray(integs, np.int64))
        for c in self.cols:
            v = cols[c]
            self.cols[c].append(np.broadcast_to(np.asarray(v, float),
                                                (len(starts),)).copy())

    def done(self):
        order = np.argsort(np.concatenate(self.start), kind="stable")
        self.start = np.concatenate(self.start)[order]
        self.integ = np.concatenate(self.integ)[order]
        for c in self.cols:
            self.cols[c] = np.concatenate(self.cols[c])[order]
        self.valid = (self.cols["valid"] if "valid" in self.cols
                      else np.ones(len(self.start)))
        self.null = np.zeros(len(self.start), bool)

    def spoil(self, rng, protect, frac=0.02):
        """valid=0 with wrong-looking values on ~frac of the rows (half
        single, half in runs of 3-8), then a handful of NULLs; never on the
        rows in protect."""
        if "valid" not in self.cols:
            return
        n = len(self.start)
        bad = np.zeros(n, bool)
        want = int(frac * n)
        while bad.sum() < want:
            k = int(rng.integers(n))
            run = 1 if rng.random() < 0.5 else int(rng.integers(3, 9))
            idx = np.arange(k, min(n, k + run))
            if protect[idx].any():
                continue
            bad[idx] = True
        for c in self.cols:
            if c in BAD:
                choice = np.array(BAD[c])[rng.integers(len(BAD[c]),
                                                       size=bad.sum())]
                self.cols[c][bad] = choice
        self.cols["valid"][bad] = 0
        self.valid = self.cols["valid"]
        for c in NULL_COLS.get(self.name, []):
            for _ in range(2):
                while True:
                    k = int(rng.integers(n))
                    if not protect[k] and self.valid[k] == 1 and not self.null[k]:
                        break
                self.cols[c][k] = np.nan
                self.null[k] = True

    def write(self, path):
        st = np.datetime_as_string(self.start.astype("datetime64[ms]"),
                                   unit="ms")
        mid = np.datetime_as_string(
            (self.start * 1000 + self.integ * 500).astype("datetime64[us]"),
            unit="us")
        names = list(self.cols)
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["start_date", "midpoint_date", "integration"] + names)
            for k in range(len(st)):
                row = [st[k], mid[k], "%.3f" % (self.integ[k] / 1000.0)]
                for c in names:
                    v = self.cols[c][k]
                    row.append("" if np.isnan(v) else FMT.get(c, "%.1f") % v)
                w.writerow(row)


def find_gaps(rng, frames, t0, t1, protect):
    """DIMM gaps of one night at one site: one around each science frame
    without seeing, kept clear of the frames with seeing (their start must
    be sampled) and of the protected intervals."""
    keep = sorted([f.start for f in frames if f.seeing] +
                  [p for iv in protect for p in iv])
    gaps = []
    for f in frames:
        if f.seeing or not f.science:
            continue
        before = [k for k in keep if k < f.start]
        after = [k for k in keep if k > f.start]
        # up to a minute of room for the neighbours' samples, always
        # leaving the frame's start inside
        lo = before[-1] + min(MIN, (f.start - before[-1]) // 2) if before else t0
        hi = after[0] - min(MIN, (after[0] - f.start) // 2) if after else t1
        g0 = max(lo, f.start - int(rng.uniform(3, 20) * MIN))
        g1 = g0 + int(rng.uniform(20, 90) * MIN)
        g1 = min(hi, max(g1, f.end + int(rng.uniform(1, 5) * MIN)))
        if g1 - g0 < 20 * MIN:  # too close to the next frame: grow back
            g0 = max(lo, g1 - 20 * MIN)
        gaps.append((max(g0, t0), min(g1, t1)))
    gaps.sort()
    merged = []
    for g in gaps:
        if merged and g[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], g[1]))
        else:
            merged.append(g)
    return merged


def extra_gap(rng, frames, t0, t1):
    """A 25-60 min gap in the longest stretch without frame starts/ends."""
    pts = sorted([t0, t1] + [x for f in frames for x in (f.start, f.end)
                             if t0 < x < t1])
    a, b = max(zip(pts[:-1], pts[1:]), key=lambda p: p[1] - p[0])
    length = int(rng.uniform(25, 60) * MIN)
    if b - a < length + 10 * MIN:
        return []
    g0 = a + (b - a - length) // 2
    return [(g0, g0 + length)]


def dimm_night(rng, tab, site, night, frames, edge, extra, median):
    """DIMM samples of one night; returns (starts, integs, seeing, gaps)."""
    t0 = night_start(night, (23, 30)) + int(rng.uniform(-10, 10) * MIN)
    t1 = night_start(night, (33, 45)) + int(rng.uniform(-10, 10) * MIN)
    seen = [f for f in frames if f.seeing]
    if seen:
        t1 = max(t1, max(f.end for f in seen) + 3 * MIN)
    protect = [(edge.start - 2 * MIN, edge.end + 2 * MIN)] if edge else []
    gaps = find_gaps(rng, frames, t0, t1, protect)
    if extra:
        gaps += extra_gap(rng, frames, t0, t1)
        gaps.sort()
    # cuts: the edge frame's window (samples end/start exactly there)
    cuts = [edge.start, edge.end] if edge else []
    starts, integs = grid(rng, t0, t1, cuts, gaps, 55, 80)
    mids = starts + integs / 2.0
    fwhm = np.round(seeing_curve(rng, mids, median), 2)
    # dbo.raw's seeing at start is ASM's value then, as in ESO's headers:
    # the frame takes the curve's value (the curve is not bent to the
    # frame's, which would draw a spike at every exposure)
    for f in seen:
        k = covering(starts, integs, f.start)
        assert k >= 0, "frame at %s not covered by DIMM" % iso_ms(f.start)
        f.seeing = "%.2f" % fwhm[k]
    ra, dec, am = dimm_pointing(rng, starts, site)
    tab.add(starts, integs, ra=ra, dec=dec, airmass=am, fwhm=fwhm, valid=1)
    return starts, integs, fwhm, gaps


def meteo_times(night, t_from=(22, 0), t_to=(35, 0)):
    t0, t1 = night_start(night, t_from), night_start(night, t_to)
    starts = np.arange(t0, t1, MIN, dtype=np.int64)
    return starts, np.full(len(starts), MIN, np.int64)


def diurnal_temp(rng, starts, mean, amp, lon):
    """Temperature with a day curve: maximum ~16 h local, minimum ~7 h."""
    local_h = (starts / HOUR + lon / 15.0) % 24
    base = mean + amp * np.cos(2 * np.pi * (local_h - 16) / 24)
    return base + walk(rng, len(starts), 0.05, 0.02)


def dewpoint(t, rh):
    """Magnus formula (Celsius, %)."""
    g = np.log(np.maximum(rh, 0.1) / 100) + 17.62 * t / (243.12 + t)
    return 243.12 * g / (17.62 - g)


def meteo(rng, tab, site, starts, integs):
    n = len(starts)
    lon = SITES[site][1]
    wind = np.clip(rng.uniform(2, 9) * np.exp(walk(rng, n, 0.04, 0.01)), 0, 15)
    wdir = (rng.uniform(0, 360) + np.cumsum(rng.normal(0, 2, n))) % 360
    hours = starts / HOUR
    if site == "apex":
        t = diurnal_temp(rng, starts, rng.uniform(-4, 0), 3.0, lon)
        rh = np.clip(rng.uniform(8, 40) * np.exp(walk(rng, n, 0.03, 0.01)), 3, 70)
        pwv = np.clip(rng.uniform(0.5, 2.0) * np.exp(walk(rng, n, 0.01, 0.002)),
                      0.3, 3.0)
        p = 555 + rng.normal(0, 0.8) + 0.6 * np.cos(2 * np.pi * hours / 12)
        tab.add(starts, integs, pwv=pwv, temperature=t, humidity=rh,
                pressure=p, wind_speed=wind, wind_direction=wdir, valid=1)
        return
    t = diurnal_temp(rng, starts, rng.uniform(11, 13.5), rng.uniform(2.5, 3.5),
                     lon)
    t = np.clip(t, 8, 17)
    t30 = t + rng.uniform(0.3, 1.2)  # night-time inversion
    lo, hi = (3, 40) if site == "paranal" else (10, 70)
    rh = np.clip(rng.uniform(lo + 2, (lo + hi) / 2) *
                 np.exp(walk(rng, n, 0.02, 0.005)), lo, hi)
    rh30 = np.clip(rh * rng.uniform(0.85, 1.0), 1, 100)
    w30 = np.clip(wind * rng.uniform(1.05, 1.25), 0, 18)
    d30 = (wdir + rng.normal(0, 5, n)) % 360
    tide = 0.8 * np.cos(4 * np.pi * (hours - 10) / 24)  # semi-diurnal
    if site == "paranal":
        p = 743 + rng.normal(0, 1.0) + tide + walk(rng, n, 0.01, 0.002)
        tab.add(starts, integs, press_0m=p, presqnh=1013 + (p - 743) * 1.3,
                rhum_2m=rh, rhum_30m=rh30, temp_2m=t, temp_30m=t30,
                tempdew_2m=dewpoint(t, rh), wind_speed_10m=wind,
                wind_speed_30m=w30, wind_dir_10m=wdir, wind_dir_30m=d30,
                valid=1)
    else:
        p = 772 + rng.normal(0, 1.0) + tide + walk(rng, n, 0.01, 0.002)
        tab.add(starts, integs, press_2m=p, rhum_2m=rh, temp_2m=t,
                tempdew_2m=dewpoint(t, rh), temp_30m=t30,
                wind_speed_10m=wind, wind_speed_30m=w30, wind_dir_10m=wdir,
                wind_dir_30m=d30, valid=1)


def seeing_at(starts, integs, fwhm, t):
    """Seeing at t from DIMM samples (interpolated over midpoints, so MASS
    follows DIMM also in DIMM gaps)."""
    if len(starts) == 0:
        return np.full(len(t), 0.75)
    return np.interp(t, starts + integs / 2.0, fwhm)


def pick_edge(frames):
    """The frame whose window gets exact DIMM edges: Paranal, science,
    seeing given, exposure >= 300 s (600 s preferred), no other Paranal
    frame starting or ending within 3 min of its window, before 09:00."""
    par = [f for f in frames if f.site == "paranal"]
    for want in (600.0, 900.0, 300.0, 1200.0):
        for f in sorted(par, key=lambda f: f.id):
            if not (f.science and f.seeing and
                    float(f.row["exposure"]) == want):
                continue
            if (f.start % (24 * HOUR)) > 9 * HOUR:
                continue
            lo, hi = f.start - 3 * MIN, f.end + 3 * MIN
            if any(g is not f and (lo < g.start < hi or lo < g.end < hi)
                   for g in par):
                continue
            return f
    raise SystemExit("gen_asm: no frame fits ASM_FRAME_EDGE")


def main():
    inputs = sys.argv[1] if len(sys.argv) > 1 else "/var/gavo/inputs"
    raw_path = os.path.join(inputs, "dbo/data/raw.csv")
    with open(raw_path, newline="") as f:
        raw = list(csv.DictReader(f))
    if "tel_ambi_fwhm_end" in raw[0]:
        raise SystemExit("gen_asm: %s already has tel_ambi_fwhm_end: run "
                         "gen_data.py first" % raw_path)
    frames = [Frame(r) for r in raw]
    nights = sorted({f.night for f in frames})
    edge = pick_edge(frames)
    rng = np.random.default_rng(SEED)
    T = {name: Table(name) for name in COLUMNS}
    dimm = {}  # (site, night) -> (starts, integs, fwhm, gaps)
    for night in nights:
        for site, table in (("paranal", "dimm_paranal"),
                            ("lasilla", "ambient_lasilla")):
            fr = [f for f in frames if f.site == site and f.night == night]
            median = float(np.exp(rng.normal(np.log(0.75), 0.25)))
            if site == "lasilla" and night == LASILLA_NIGHT_WITHOUT_DIMM:
                assert not any(f.seeing for f in fr)
                dimm[(site, night)] = (np.zeros(0, np.int64),
                                       np.zeros(0, np.int64), np.zeros(0), [])
                continue
            e = edge if edge in fr else None
            dimm[(site, night)] = dimm_night(rng, T[table], site, night, fr, e,
                                             site == "paranal" and
                                             night in EXTRA_GAP_NIGHTS, median)
        # MASS: same hours and gaps as the DIMM (one MASS-DIMM instrument)
        ds, di, dv, gaps = dimm[("paranal", night)]
        t0, t1 = int(ds[0]), int(ds[-1] + di[-1])
        ms_, mi = grid(rng, t0, t1, [], gaps, 57, 63)
        mid = ms_ + mi / 2.0
        see = seeing_at(ds, di, dv, mid)
        mfwhm = see * np.clip(0.55 * np.exp(walk(rng, len(mid), 0.03, 0.02)),
                              0.3, 0.9)
        tau0 = np.clip(0.0045 * (0.75 / see) ** 1.2 *
                       np.exp(walk(rng, len(mid), 0.03, 0.02)), 0.0015, 0.012)
        tet0 = np.clip(2.2 * (0.75 / see) ** 0.4 *
                       np.exp(walk(rng, len(mid), 0.02, 0.02)), 1.2, 3.5)
        T["mass_paranal"].add(ms_, mi, fwhm=mfwhm, tau0=tau0, tet0=tet0,
                              valid=1)
        # LHATPRO (radiometer 1): PWV drifts slowly through the night
        ls, li = grid(rng, night_start(night, (23, 30)),
                      night_start(night, (33, 45)), [], [], 115, 125)
        base = float(np.exp(rng.uniform(np.log(0.8), np.log(6))))
        pwv = np.clip(base * np.exp(walk(rng, len(ls), 0.01, 0.001)), 0.5, 8)
        lwp = np.abs(rng.normal(0, 0.3, len(ls)))
        T["lhatpros_paranal"].add(ls, li, lhatpro_id=1, pwv0=pwv, lwp0=lwp,
                                  valid=1)
        for site, table in (("paranal", "meteo_paranal"),
                            ("lasilla", "meteo_lasilla")):
            s, i = meteo_times(night)
            meteo(rng, T[table], site, s, i)
        if night in APEX_NIGHTS:
            s, i = meteo_times(night)
            meteo(rng, T["meteo_apex"], "apex", s, i)

    # historical Paranal: the night across the switch of DIMM tables
    sw = ms_of(HIST_SWITCH)
    hs, hi_ = grid(rng, sw - 30 * MIN, sw, [], [], 55, 80)
    ds, di = grid(rng, sw, sw + 9 * HOUR + 45 * MIN, [], [], 55, 80)
    see = seeing_curve(rng, np.concatenate([hs, ds]).astype(float), 0.8)
    see = np.round(see, 2)
    ra, dec, am = dimm_pointing(rng, np.concatenate([hs, ds]), "paranal")
    nh = len(hs)
    T["historical_ambient_paranal"].add(hs, hi_, ra=ra[:nh], dec=dec[:nh],
                                        airmass=am[:nh], fwhm=see[:nh])
    T["dimm_paranal"].add(ds, di, ra=ra[nh:], dec=dec[nh:], airmass=am[nh:],
                          fwhm=see[nh:], valid=1)

    for t in T.values():
        t.done()
    # rows that must stay good: DIMM samples at a frame's start or end
    # (or just before the end), and the edge frame's whole window
    for name, site in (("dimm_paranal", "paranal"),
                       ("ambient_lasilla", "lasilla")):
        t = T[name]
        protect = np.zeros(len(t.start), bool)
        for f in frames:
            if f.site != site:
                continue
            for x in (f.start, f.end, f.end - 1):
                k = covering(t.start, t.integ, x)
                if k >= 0:
                    protect[k] = True
        if name == "dimm_paranal":
            near = ((t.start + t.integ >= edge.start - 5 * MIN) &
                    (t.start <= edge.end + 5 * MIN))
            protect |= near
        t.spoil(rng, protect)
    for name in ("mass_paranal", "lhatpros_paranal", "meteo_paranal",
                 "meteo_lasilla", "meteo_apex"):
        T[name].spoil(rng, np.zeros(len(T[name].start), bool))

    # dbo.raw: seeing and airmass at the end of each exposure
    for f in frames:
        f.row_end = ""
        t = T["dimm_paranal" if f.site == "paranal" else "ambient_lasilla"] \
            if f.site in ("paranal", "lasilla") else None
        if t is not None:
            # the sample covering the exposure's last instant (end - 1 ms)
            k = covering(t.start, t.integ, f.end - 1)
            if k >= 0:
                assert t.valid[k] == 1 and not np.isnan(t.cols["fwhm"][k])
                f.row_end = "%.2f" % t.cols["fwhm"][k]
            if f.seeing:  # the header's start value is the sample's
                k = covering(t.start, t.integ, f.start)
                assert k >= 0 and "%.2f" % t.cols["fwhm"][k] == f.seeing, f.id
    out = []
    for f in frames:
        row = {}
        for k, v in f.row.items():
            row[k] = v
            if k == "tel_airm_start":
                row["tel_airm_end"] = airm_end(f)
            if k == "tel_ambi_fwhm_start":
                row[k] = f.seeing
                row["tel_ambi_fwhm_end"] = f.row_end
        out.append(row)
    with open(raw_path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)

    os.makedirs(os.path.join(inputs, "asm/data"), exist_ok=True)
    for name, t in T.items():
        t.write(os.path.join(inputs, "asm/data/%s.csv" % name))
    write_env(inputs, T, frames, dimm, edge)


def airm_end(f):
    """Airmass at the end: the header's start value times the change of
    sec(z) over the exposure at the frame's position (ratio clipped)."""
    a = f.row["tel_airm_start"]
    if not a:
        return ""
    if not f.row["ra"] or f.site is None:
        return a
    ra, dec = float(f.row["ra"]), float(f.row["dec"])
    x0, x1 = airmass(np.array([f.start, f.end]), ra, dec, f.site)
    ratio = 1.0 if np.isnan(x0) or np.isnan(x1) else float(
        np.clip(x1 / x0, 0.85, 1.2))
    return "%.3f" % (float(a) * ratio)


def write_env(inputs, T, frames, dimm, edge):
    env = {}
    for name, t in T.items():
        key = "N_ASM_" + name.upper()
        env[key] = len(t.start)
        if "valid" in t.cols:
            env[key + "_INVALID"] = int((t.valid == 0).sum())
            env[key + "_NULL"] = int(t.null.sum())
    env["N_ASM_NIGHTS"] = len({f.night for f in frames})
    # a HARPS science frame on the La Silla night without DIMM
    f = next(f for f in sorted(frames, key=lambda f: f.id)
             if f.night == LASILLA_NIGHT_WITHOUT_DIMM and f.science
             and f.site == "lasilla")
    env["ASM_LASILLA_NIGHT_WITHOUT_DIMM"] = LASILLA_NIGHT_WITHOUT_DIMM
    env["ASM_FRAME_WITHOUT_DIMM"] = f.id
    # a Paranal science frame whose whole exposure is in a DIMM gap
    t = T["dimm_paranal"]
    ends = t.start + t.integ
    gap_frames = [g for g in sorted(frames, key=lambda f: f.id)
                  if g.site == "paranal" and g.science and not g.seeing and
                  not ((t.start < g.end) & (ends > g.start)).any()]
    env["ASM_FRAME_IN_DIMM_GAP"] = gap_frames[0].id
    env["N_ASM_DIMM_PARANAL_GAPS"] = sum(len(v[3]) for k, v in dimm.items()
                                         if k[0] == "paranal")
    env["N_ASM_DIMM_PARANAL_GAP_FRAMES"] = len(gap_frames)
    # the edge frame: one sample ends at exp_start, one starts at its end
    inside = (t.start < edge.end) & (ends > edge.start)
    kb = covering(t.start, t.integ, edge.start - 1)
    ka = covering(t.start, t.integ, edge.end)
    assert ends[kb] == edge.start and t.start[ka] == edge.end
    assert t.start[np.argmax(inside)] == edge.start
    env["ASM_FRAME_EDGE"] = edge.id
    env["ASM_FRAME_EDGE_START"] = iso_ms(edge.start)
    env["ASM_FRAME_EDGE_END"] = iso_ms(edge.end)
    env["ASM_FRAME_EDGE_BEFORE"] = iso_ms(t.start[kb])
    env["ASM_FRAME_EDGE_BEFORE_INTEGRATION"] = "%.3f" % (t.integ[kb] / 1000.0)
    env["ASM_FRAME_EDGE_N_DIMM"] = int(inside.sum())
    env["ASM_HISTORICAL_SWITCH"] = HIST_SWITCH + "T00:00:00.000"
    with open(os.path.join(inputs, "esodesk-asm.env"), "w") as fh:
        for k, v in env.items():
            fh.write("%s=%s\n" % (k, v))


if __name__ == "__main__":
    main()
