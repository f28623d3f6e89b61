#!/usr/bin/python3
"""Write the esodesk testbed's input data (made up, shaped like ESO's tables).

Usage: gen_data.py INPUTS_DIR [ESO_STANDIN_URL]

INPUTS_DIR is DaCHS's inputs directory (normally /var/gavo/inputs).
ESO_STANDIN_URL (default http://127.0.0.1:8089) is where access_url,
datalink_url and preview links point: the future ESO stand-in server.

Writes
  dbo/data/raw.csv                dbo.raw (raw frames, ESO column names)
  phase3v2/data/products.csv      reduced products (fed into ivoa.obscore)
  phase3v2/data/product_files.csv phase3v2.product_files
  specs/data/spec*.fits           old-style 1D image spectra (2 kept)
  specs/data/sdp_*.fits           ESO SDP spectra (gen_spectra.py)
  esodesk-expected.env            row counts for setup.sh's self-check

Output is byte-for-byte reproducible: one seeded generator, fixed dates,
no clock.  Run with Debian's /usr/bin/python3 (numpy, astropy).
"""
import csv
import os
import sys
from datetime import datetime, timedelta

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from astropy.io import fits

from gen_spectra import write_sdp_spectra

SEED = 20240601
N_RAW = 400
MJD0 = 58543.0  # 2019-03-01T00:00:00 UTC
DT0 = datetime(2019, 3, 1)

# name, ra, dec (deg, ICRS; real positions, fake data)
TARGETS = [
    ("Sgr A*", 266.416833, -29.007806),
    ("HD 100546", 173.356000, -70.194778),
    ("Eta Car", 161.264775, -59.684431),
    ("NGC 300", 13.722833, -37.684389),
    ("47 Tuc", 6.023625, -72.081444),
    ("SN 1987A", 83.866750, -69.269722),
    ("TW Hya", 165.466279, -34.704730),
    ("NGC 1068", 40.669629, -0.013281),
]
STD_STARS = [("LTT 3218", 131.140125, -32.960583),
             ("EG 274", 245.891042, -39.229639),
             ("Feige 110", 349.993125, -5.165611)]

# instrument: dp_id prefix, telescope, dp_tech, ins_mode, filters,
# gratings, calib types, wavelength range (nm), programmes
INSTRUMENTS = {
    "FORS2": dict(prefix="FORS2", tel="ESO-VLT-U1", tech="IMAGE",
                  mode="IMG", filters=["R_SPECIAL", "B_HIGH", "V_HIGH"],
                  gratings=[None], calibs=["BIAS", "FLAT,SKY", "STD"],
                  wl=(380, 950),
                  progs=["0102.D-0105(A)", "0103.D-0221(B)"]),
    "UVES": dict(prefix="UVES", tel="ESO-VLT-U2", tech="ECHELLE",
                 mode="DIC1", filters=["FREE"], gratings=["CD#2", "CD#3"],
                 calibs=["BIAS", "FLAT,LAMP", "WAVE,LAMP", "STD,FLUX"],
                 wl=(326, 680),
                 progs=["0102.C-0405(A)", "0103.C-0117(A)"]),
    "HARPS": dict(prefix="HARPS", tel="ESO-3P6", tech="ECHELLE",
                  mode="HARPS", filters=["FREE"], gratings=["ECHELLE"],
                  calibs=["BIAS", "FLAT,LAMP", "WAVE,LAMP"],
                  wl=(378, 691),
                  progs=["0102.C-0584(A)"]),
    "XSHOOTER": dict(prefix="XSHOO", tel="ESO-VLT-U2",
                     tech="ECHELLE,SLIT,NODDING", mode="SLT",
                     filters=["FREE"], gratings=[None],
                     calibs=["BIAS", "DARK", "FLAT,LAMP", "WAVE,LAMP",
                             "STD,TELLURIC"],
                     wl=(300, 2480),
                     progs=["0102.B-0314(A)", "0103.B-0458(C)"]),
    "MUSE": dict(prefix="MUSE", tel="ESO-VLT-U4", tech="IFU", mode="WFM-NOAO-N",
                 filters=["FREE"], gratings=[None],
                 calibs=["BIAS", "FLAT,LAMP", "WAVE,LAMP", "STD"],
                 wl=(465, 930),
                 progs=["0102.B-0073(A)", "0103.D-0440(A)"]),
    "SINFONI": dict(prefix="SINFO", tel="ESO-VLT-U4", tech="IFU,NODDING",
                    mode="IR_SPECTROSCOPY", filters=["H+K", "K", "J"],
                    gratings=["H+K", "K", "J"],
                    calibs=["DARK", "FLAT,LAMP", "WAVE,LAMP", "STD"],
                    wl=(1100, 2450),
                    progs=["0102.B-0088(B)"]),
}
PIS = ["GENZEL/ EISENHAUER", "MUELLER/ SCHMIDT", "GARCIA/ LOPEZ",
       "ROSSI/ BIANCHI", "SMITH/ JONES", "DUBOIS/ MARTIN", "NGUYEN/ TRAN",
       "KOWALSKI/ NOWAK", "SATO/ TANAKA", "OLSEN/ HANSEN", "SILVA/ COSTA"]
CALIB_PROG = "60.A-9022(C)"


def iso(dt, digits=3):
    s = dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return s[:len(s) - (6 - digits)] if digits else s[:19]


def mjd_to_dt(mjd):
    return DT0 + timedelta(days=mjd - MJD0)


def fmt(v, spec):
    return "" if v is None else spec % v


def prog_meta():
    """programme id -> (title, pi_coi, prog_type, period)"""
    out, k = {}, 0
    for name in INSTRUMENTS:
        for p in INSTRUMENTS[name]["progs"]:
            title = "A %s STUDY OF %s TARGETS (TESTBED PROGRAMME %d)" % (
                name, ["NEARBY", "YOUNG", "DUSTY", "BRIGHT"][k % 4], k + 1)
            out[p] = (title, PIS[k % len(PIS)], str(k % 3), int(p[1:4]))
            k += 1
    out[CALIB_PROG] = ("CALIBRATION PLAN", "ESO", "0", 60)
    return out


def galactic(ra, dec):
    g = SkyCoord(ra * u.deg, dec * u.deg, frame="icrs").galactic
    return float(g.b.deg), float(g.l.deg)


def make_raw(rng, standin):
    """Return the dbo.raw rows (dicts of strings) and science frames."""
    progs = prog_meta()
    names = list(INSTRUMENTS)
    rows, used = [], set()
    for i in range(N_RAW):
        inst = names[i % len(names)]
        cfg = INSTRUMENTS[inst]
        night = int(rng.integers(0, 20))           # 20 nights in March 2019
        science = rng.random() < 0.7
        if science:
            mjd = MJD0 + night + 1.0 + rng.uniform(0.0, 0.40)  # 00:00..09:36 UT
        else:
            mjd = MJD0 + night + 0.75 + rng.uniform(0.0, 0.20)  # daytime/twilight
        mjd = round(mjd, 8)
        dt = mjd_to_dt(mjd)
        dp_id = "%s.%s" % (cfg["prefix"], iso(dt))
        while dp_id in used:                        # unique like ESO's ids
            mjd += 0.001 / 86400
            dt = mjd_to_dt(mjd)
            dp_id = "%s.%s" % (cfg["prefix"], iso(dt))
        used.add(dp_id)
        filt = cfg["filters"][int(rng.integers(len(cfg["filters"])))]
        grat = cfg["gratings"][int(rng.integers(len(cfg["gratings"])))]
        if science:
            tname, tra, tdec = TARGETS[int(rng.integers(len(TARGETS)))]
            ra = tra + rng.normal(0, 2e-3)
            dec = tdec + rng.normal(0, 2e-3)
            cat, dp_type = "SCIENCE", ("SKY" if rng.random() < 0.1 else "OBJECT")
            obj, target = tname.upper(), tname
            prog = cfg["progs"][int(rng.integers(len(cfg["progs"])))]
            ob_id = 2000000 + 1000 * names.index(inst) + night * 10 + \
                int(rng.integers(3))
            tpl = "%s_%s_obs_%s" % (inst, cfg["mode"].lower(),
                                    "stare" if rng.random() < 0.5 else "offset")
            exposure = float(rng.choice([60.0, 300.0, 600.0, 900.0, 1200.0]))
            airm = round(1.0 + rng.uniform(0, 0.8), 3)
            # seeing is missing for some frames (DIMM down)
            fwhm = None if rng.random() < 0.1 else round(rng.uniform(0.4, 1.8), 2)
            tech = cfg["tech"]
        else:
            ctype = cfg["calibs"][int(rng.integers(len(cfg["calibs"])))]
            cat, dp_type = "CALIB", ctype
            obj, target = ctype.split(",")[0], None
            prog, ob_id = CALIB_PROG, None
            tpl = "%s_%s_cal_%s" % (inst, cfg["mode"].lower(),
                                    obj.lower())
            airm, fwhm = None, None
            if obj == "STD":
                sname, sra, sdec = STD_STARS[int(rng.integers(len(STD_STARS)))]
                ra, dec = sra + rng.normal(0, 1e-3), sdec + rng.normal(0, 1e-3)
                obj, target = sname.upper(), sname
                exposure = 60.0
                airm = round(1.0 + rng.uniform(0, 0.5), 3)
            else:
                ra = dec = None                      # dome calibrations
                exposure = {"BIAS": 0.0, "DARK": 600.0}.get(obj, 5.0)
            tech = cfg["tech"].split(",")[0] if obj != "BIAS" else "IMAGE"
        title, pi, ptype, period = progs[prog]
        night_str = (dt - timedelta(hours=12)).strftime("%Y-%m-%d")
        gal_lat, gal_lon = galactic(ra, dec) if ra is not None else (None, None)
        release = dt + timedelta(days=365) if science else dt
        size_kb = {"MUSE": 410000, "SINFONI": 17000, "XSHOOTER": 9500,
                   "UVES": 8300, "HARPS": 16500, "FORS2": 8400}[inst]
        size_kb = int(size_kb * rng.uniform(0.95, 1.05))
        lam_min, lam_max = cfg["wl"]
        rows.append({
            "dp_id": dp_id,
            "access_url": "%s/dataPortal/file/%s" % (standin, dp_id),
            "datalink_url": "%s/datalink/links?ID=ivo://eso.org/ID?%s" % (
                standin, dp_id),
            "access_estsize": str(size_kb),
            "date_obs": iso(dt, 4),
            "mjd_obs": "%.8f" % mjd,
            "night": night_str,
            "exp_start": iso(dt) + "Z",
            "instrument": inst,
            "telescope": cfg["tel"],
            "prog_id": prog,
            "prog_title": title,
            "prog_type": ptype,
            "pi_coi": pi,
            "period": str(period),
            "ob_id": fmt(ob_id, "%d"),
            "ob_name": "" if ob_id is None else "OB_%s_%d" % (
                target.replace(" ", "_").replace("*", "star"), ob_id % 1000),
            "dp_cat": cat,
            "dp_type": dp_type,
            "dp_tech": tech,
            "ins_mode": cfg["mode"],
            "object": obj,
            "target": target or "",
            "ra": fmt(ra, "%.6f"),
            "dec": fmt(dec, "%.6f"),
            "gal_lat": fmt(gal_lat, "%.6f"),
            "gal_lon": fmt(gal_lon, "%.6f"),
            "exposure": "%.1f" % exposure,
            "filter_path": filt,
            "grat_path": grat or "",
            "lambda_min": "%d" % lam_min,
            "lambda_max": "%d" % lam_max,
            "tpl_id": tpl,
            "tpl_start": iso(dt - timedelta(seconds=30), 0),
            "tel_airm_start": fmt(airm, "%.3f"),
            "tel_ambi_fwhm_start": fmt(fwhm, "%.2f"),
            "release_date": iso(release) + "Z",
            "last_mod_date": iso(dt + timedelta(hours=3)) + "Z",
            "origfile": "%s_%s_%04d.fits" % (inst, dp_type.split(",")[0],
                                              i + 1),
        })
    rows.sort(key=lambda r: r["dp_id"])
    return rows


PRODUCT_KINDS = {
    # instrument: (dataproduct_type, subtype, eso category, collection,
    #              p3orig, ancillaries [(category, extension, name suffix)])
    "MUSE": ("cube", None, "SCIENCE.CUBE.IFS", "MUSE", "IDP",
             [("ANCILLARY.IMAGE.WHITELIGHT", "FITS", "_WHITE.fits"),
              ("ANCILLARY.PREVIEW", "PNG", "_tpl.png"),
              ("ANCILLARY.PREVIEW", "PNG", "_pst.png"),
              ("ANCILLARY.README", "LOG", "_tpl.log")]),
    "SINFONI": ("cube", None, "SCIENCE.CUBE.IFS", "SINFONI", "IDP",
                [("ANCILLARY.PREVIEW", "PNG", "_prev.png")]),
    "UVES": ("spectrum", None, "SCIENCE.SPECTRUM", "UVES", "IDP",
             [("ANCILLARY.PREVIEW", "PNG", "_prev.png"),
              ("ANCILLARY.2DSPECTRUM", "FITS", "_2D.fits")]),
    "HARPS": ("spectrum", None, "SCIENCE.SPECTRUM", "HARPS", "IDP",
              [("ANCILLARY.PREVIEW", "PNG", "_prev.png"),
               ("ANCILLARY.HARPSTAR", "TAR", "_harps.tar")]),
    "XSHOOTER": ("spectrum", None, "SCIENCE.SPECTRUM", "XSHOOTER", "IDP",
                 [("ANCILLARY.PREVIEW", "PNG", "_prev.png")]),
    "FORS2": ("image", "pawprint", "SCIENCE.IMAGE", "FORS2", "EDP",
              [("ANCILLARY.WEIGHTMAP", "FITS", "_weight.fits"),
               ("ANCILLARY.PREVIEW", "PNG", "_prev.png")]),
}


def square(ra, dec, half):
    """ICRS square of half-size half deg as a DALI polygon (ra dec ...)."""
    c = max(np.cos(np.radians(dec)), 1e-3)
    pts = [(ra - half / c, dec - half), (ra + half / c, dec - half),
           (ra + half / c, dec + half), (ra - half / c, dec + half)]
    return " ".join("%.6f %.6f" % p for p in pts)


def make_products(rng, raw, standin):
    """Group raw science frames by (instrument, target) into
    products; return product rows and product_files rows."""
    groups = {}
    for r in raw:
        if r["dp_cat"] != "SCIENCE" or r["dp_type"] != "OBJECT":
            continue
        key = (r["instrument"], r["target"])
        groups.setdefault(key, []).append(r)
    products, files = [], []
    pub = datetime(2020, 5, 4, 12, 0, 0)
    for n, key in enumerate(sorted(groups)):
        frames = groups[key]
        inst, target = key
        prog = frames[0]["prog_id"]
        kind, subtype, cat, coll, p3orig, anc = PRODUCT_KINDS[inst]
        cfg = INSTRUMENTS[inst]
        pub_n = pub + timedelta(hours=7 * n, seconds=int(rng.integers(3600)),
                                milliseconds=int(rng.integers(1000)))
        dp_id = "ADP." + iso(pub_n)
        ra = float(np.mean([float(f["ra"]) for f in frames]))
        dec = float(np.mean([float(f["dec"]) for f in frames]))
        t_min = min(float(f["mjd_obs"]) for f in frames)
        t_max = max(float(f["mjd_obs"]) + float(f["exposure"]) / 86400
                    for f in frames)
        texp = sum(float(f["exposure"]) for f in frames)
        half = {"cube": 0.5 / 60, "image": 3.4 / 60, "spectrum": 0.5 / 3600}[kind]
        gal_lat, gal_lon = galactic(ra, dec)
        em_min, em_max = (w * 1e-9 for w in cfg["wl"])
        first = frames[0]
        ancs = [(cat, "FITS", ".fits")] + anc
        size_total = 0
        base = first["dp_id"]
        for k, (fcat, ext, suffix) in enumerate(ancs):
            archive_id = "ADP." + iso(pub_n + timedelta(milliseconds=k))
            estsize = {"FITS": int(rng.uniform(300, 3000)) if k else
                       int(rng.uniform(2000, 400000) if kind == "cube"
                           else rng.uniform(200, 9000)),
                       "PNG": int(rng.uniform(200, 400)),
                       "LOG": int(rng.uniform(100, 300)),
                       "TAR": int(rng.uniform(5000, 9000))}[ext]
            if k == 0:
                size_total = estsize
                orig = "%s_%s_%s%s" % (cfg["prefix"], cat.split(".")[1],
                                       base, suffix)
            else:
                orig = "r.%s%s" % (base, suffix)
            files.append({
                "product_id": dp_id,
                "archive_id": archive_id,
                "eso_category": fcat,
                "extension": ext,
                "original_filename": orig,
                "access_url": "%s/dataPortal/file/%s" % (standin, archive_id),
                "access_estsize": str(estsize),
            })
        preview_id = next((f["archive_id"] for f in files
                           if f["product_id"] == dp_id
                           and f["eso_category"] == "ANCILLARY.PREVIEW"), None)
        release = mjd_to_dt(t_max) + timedelta(days=365)
        products.append({
            "dp_id": dp_id,
            "obs_id": str(frames[0]["ob_id"]),
            "obs_collection": coll,
            "obs_title": "%s %s of %s" % (inst, kind, target),
            "obs_creator_did": "ivo://eso.org/origfile?%s" % files[-len(ancs)][
                "original_filename"],
            "obs_creator_name": first["pi_coi"].split("/")[0],
            "proposal_id": prog,
            "dataproduct_type": kind,
            "dataproduct_subtype": subtype or "",
            "calib_level": "3" if kind == "cube" else "2",
            "target_name": target,
            "s_ra": "%.6f" % ra,
            "s_dec": "%.6f" % dec,
            "s_fov": "%.6f" % (2 * half * (1.4142 if kind != "spectrum" else 1)),
            "s_region": square(ra, dec, half),
            "s_resolution": "%.4e" % (float(first["tel_ambi_fwhm_start"] or 0.8)
                                      / 3600),
            "s_pixel_scale": {"cube": "0.2", "image": "0.25",
                              "spectrum": ""}[kind],
            "s_xel1": {"cube": "320", "image": "2048", "spectrum": ""}[kind],
            "s_xel2": {"cube": "315", "image": "2048", "spectrum": ""}[kind],
            "t_min": "%.8f" % t_min,
            "t_max": "%.8f" % t_max,
            "t_exptime": "%.1f" % texp,
            "em_min": "%.4e" % em_min,
            "em_max": "%.4e" % em_max,
            "em_res_power": {"MUSE": "3000", "SINFONI": "3000", "UVES": "40000",
                             "HARPS": "115000", "XSHOOTER": "8000",
                             "FORS2": ""}[inst],
            "em_xel": {"cube": "3681", "image": "1", "spectrum": "%d" % int(
                rng.uniform(20000, 300000))}[kind],
            "o_ucd": "phot.flux.density;em.wl" if kind != "image" else
                     "phot.count",
            "facility_name": "ESO-VLT-U" + cfg["tel"][-1] if inst != "HARPS"
                             else "ESO-3.6",
            "instrument_name": inst,
            "access_url": "%s/datalink/links?ID=ivo://eso.org/ID?%s" % (
                standin, dp_id),
            "access_estsize": str(size_total),
            "preview": "%s/dataPortal/file/%s" % (standin, preview_id),
            "obs_release_date": iso(release) + "Z",
            "abmaglim": "%.3f" % rng.uniform(20, 25) if kind != "spectrum"
                        else "",
            "snr": "%.1f" % rng.uniform(5, 150) if kind == "spectrum" else "",
            "n_obs": str(len(frames)),
            "p3orig": p3orig,
            "obstech": cfg["tech"],
            "filter": first["filter_path"],
            "gal_lat": "%.6f" % gal_lat,
            "gal_lon": "%.6f" % gal_lon,
            "publication_date": iso(pub_n, 0) + "Z",
            "preview_html": "%s/dataset/%s" % (standin, dp_id),
            "release_description":
                "%s/rm/api/v1/public/releaseDescriptions/%d" % (
                    standin, 100 + list(PRODUCT_KINDS).index(inst)),
        })
    return products, files


# The first product with an ANCILLARY.PREVIEW file gets, for that file, the
# archive id of a real ESO preview PNG that the stand-in serves byte for
# byte (shared fixtures).  Applied after generation: the generator's
# draws, and so the rest of the data, stay the same.
REAL_PREVIEW_ID = "ADP.2025-12-18T13:16:13.402"


def use_real_preview(products, files, standin):
    for p in products:
        for f in files:
            if (f["product_id"] == p["dp_id"]
                    and f["eso_category"] == "ANCILLARY.PREVIEW"):
                f["archive_id"] = REAL_PREVIEW_ID
                f["access_url"] = "%s/dataPortal/file/%s" % (
                    standin, REAL_PREVIEW_ID)
                p["preview"] = f["access_url"]
                return


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# (object, ra, dec, instrument) of the old-style 1D image spectra; only
# those in KEEP_IMAGES are written (the others are still drawn from the
# generator, so the kept files stay as they were).
KEEP_IMAGES = (1, 4)
SPECTRA = [("HD 100546", 173.356000, -70.194778, "UVES"),
           ("Eta Car", 161.264775, -59.684431, "XSHOOTER"),
           ("SN 1987A", 83.866750, -69.269722, "UVES"),
           ("TW Hya", 165.466279, -34.704730, "HARPS"),
           ("NGC 1068", 40.669629, -0.013281, "XSHOOTER")]


def write_spectra(dirpath, rng):
    """Old-style 1D 'image' spectra (linear WCS in Angstrom) around H-beta."""
    npix, wl0, dwl = 1500, 4200.0, 1.0
    wl = wl0 + dwl * np.arange(npix)
    for i, (name, ra, dec, inst) in enumerate(SPECTRA):
        cont = 2e-15 * (1 + 0.2 * np.cos(wl / 500.0 + i))
        hbeta = 0.6e-15 * np.exp(-0.5 * ((wl - 4861.33) / 2.5) ** 2)
        oiii = 0.4e-15 * (1 + i) * np.exp(-0.5 * ((wl - 5006.84) / 2.0) ** 2)
        flux = cont - hbeta + oiii + 3e-17 * rng.standard_normal(npix)
        h = fits.Header()
        h["OBJECT"] = name
        h["RA"] = (ra, "[deg] ICRS")
        h["DEC"] = (dec, "[deg] ICRS")
        h["DATE-OBS"] = "2019-02-%02dT03:00:00.000" % (i + 1)
        h["MJD-OBS"] = 58515.125 + i
        h["EXPTIME"] = (900.0 + 300 * i, "[s]")
        h["INSTRUME"] = inst
        h["TELESCOP"] = "ESO-3P6" if inst == "HARPS" else "ESO-VLT-U2"
        h["ARCFILE"] = "ADP.2019-02-%02dT12:00:00.%03d" % (i + 10, i)
        h["CTYPE1"] = "WAVE"
        h["CUNIT1"] = "Angstrom"
        h["CRPIX1"] = 1.0
        h["CRVAL1"] = wl0
        h["CDELT1"] = dwl
        h["BUNIT"] = "erg/(s.cm**2.Angstrom)"
        if i + 1 not in KEEP_IMAGES:
            continue
        fits.PrimaryHDU(data=flux.astype(np.float32), header=h).writeto(
            os.path.join(dirpath, "spec%02d.fits" % (i + 1)), overwrite=True)


def main():
    inputs = sys.argv[1] if len(sys.argv) > 1 else "/var/gavo/inputs"
    standin = (sys.argv[2] if len(sys.argv) > 2
               else "http://127.0.0.1:8089").rstrip("/")
    rng = np.random.default_rng(SEED)
    for sub in ("dbo/data", "phase3v2/data", "specs/data"):
        os.makedirs(os.path.join(inputs, sub), exist_ok=True)
    raw = make_raw(rng, standin)
    products, files = make_products(rng, raw, standin)
    use_real_preview(products, files, standin)
    write_csv(os.path.join(inputs, "dbo/data/raw.csv"), raw)
    write_csv(os.path.join(inputs, "phase3v2/data/products.csv"), products)
    write_csv(os.path.join(inputs, "phase3v2/data/product_files.csv"), files)
    write_spectra(os.path.join(inputs, "specs/data"), rng)
    sdp = write_sdp_spectra(os.path.join(inputs, "specs/data"))
    n_spectra = len(KEEP_IMAGES) + len(sdp)

    counts = {
        "N_RAW": len(raw),
        "N_RAW_SCIENCE": sum(r["dp_cat"] == "SCIENCE" for r in raw),
        "N_RAW_CALIB": sum(r["dp_cat"] == "CALIB" for r in raw),
        "N_RAW_UVES": sum(r["instrument"] == "UVES" for r in raw),
        "N_RAW_NULL_RA": sum(r["ra"] == "" for r in raw),
        "N_PRODUCTS": len(products),
        "N_SPECTRA": n_spectra,
        "N_SDP_SPECTRA": len(sdp),
        "N_IMAGE_SPECTRA": len(KEEP_IMAGES),
        "N_OBSCORE": len(products) + n_spectra,
        # SSAP POS=HD 100546 SIZE=0.1: two SDP files + the 1D image
        "N_SSAP_HD100546": 1 + sum(s["object"] == "HD 100546" for s in sdp),
        "N_SDP_MAX_POINTS": max(s["npix"] for s in sdp),
        "N_PRODUCT_FILES": len(files),
    }
    with open(os.path.join(inputs, "esodesk-expected.env"), "w") as f:
        for k, v in counts.items():
            f.write("%s=%d\n" % (k, v))


if __name__ == "__main__":
    main()
