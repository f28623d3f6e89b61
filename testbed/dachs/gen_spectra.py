"""Synthetic 1D spectra in ESO's Science Data Product (SDP) format.

Imported by gen_data.py.  Each spectrum is one FITS file: a primary HDU
without data (NAXIS=0) carrying the product metadata (PRODCATG, OBJECT,
RA/DEC, WAVELMIN/WAVELMAX/SPEC_BIN in nm, SPEC_RES, SNR, ...) and one
BINTABLE 'SPECTRUM' with a single row whose cells are the arrays WAVE,
FLUX, ERR, QUAL (and CONTINUUM for some).  Column roles are declared by
TUTYPn/TUCDn as in ESO's files.  Shapes are plausible: a sloped continuum,
absorption or emission lines, noise, a few NaN gaps and flagged pixels.

Everything is seeded per spectrum and no header holds a clock value, so
the files are byte-for-byte reproducible.
"""
import os

import numpy as np
from astropy.io import fits

SEED = 20240602
FLUX_UNIT = "erg cm**(-2) s**(-1) angstrom**(-1)"

# Lines: (rest wavelength in Angstrom (air for < 2 um), strength, sigma A).
# Negative strength = absorption (fraction of continuum), positive =
# emission (in units of the continuum).
STAR_OPT = [(3933.66, -0.6, 1.5), (3968.47, -0.5, 1.5), (4101.74, -0.4, 3.0),
            (4340.47, -0.45, 3.0), (4861.33, -0.5, 3.5), (5167.32, -0.2, 0.6),
            (5172.68, -0.25, 0.6), (5183.60, -0.3, 0.6), (5889.95, -0.45, 0.5),
            (5895.92, -0.4, 0.5), (6562.80, -0.55, 4.0)]
HAEBE_OPT = STAR_OPT[:-1] + [(6562.80, 4.0, 2.5), (5875.62, 0.3, 1.0),
                             (6300.30, 0.15, 0.5)]
TTAURI_OPT = STAR_OPT[:-1] + [(6562.80, 8.0, 3.0), (4861.33, 2.0, 2.0),
                              (5875.62, 0.6, 0.8), (6707.80, -0.35, 0.3)]
AGN_OPT = [(3727.4, 1.5, 4.0), (4861.33, 1.0, 5.0), (4958.91, 2.5, 5.0),
           (5006.84, 7.5, 5.0), (6300.30, 0.4, 5.0), (6548.05, 1.2, 5.0),
           (6562.80, 3.5, 6.0), (6583.45, 3.6, 5.0), (6716.44, 0.8, 4.0),
           (6730.82, 0.7, 4.0), (5175.0, -0.08, 15.0), (5892.0, -0.08, 8.0)]
SN_OPT = [(6562.80, 3.0, 45.0), (4861.33, 0.8, 35.0), (5006.84, 0.4, 8.0),
          (6300.30, 0.6, 25.0), (7291.47, 0.5, 20.0), (5889.95, -0.3, 30.0)]
LBV_NIR = [(10830.3, 6.0, 8.0), (12818.1, 3.0, 6.0), (10938.1, 1.5, 6.0),
           (16411.7, 0.8, 5.0), (17362.1, 0.9, 5.0), (20581.3, 0.8, 5.0),
           (21655.3, 2.5, 6.0), (16440.0, 0.6, 4.0)]
GC_NIR = [(21655.3, 0.6, 9.0), (21218.3, 0.3, 5.0), (22935.0, -0.2, 10.0),
          (23227.0, -0.15, 10.0), (12818.1, 0.3, 8.0), (18751.0, 0.4, 9.0)]

INSTRUMENTS = {
    # telescope, obstech, procsoft, collection
    "UVES": ("ESO-VLT-U2", "ECHELLE", "uves/5.10.4", "UVES"),
    "HARPS": ("ESO-3P6", "ECHELLE,ABSORPTION-CELL", "HARPS_3.8", "HARPS"),
    "XSHOOTER": ("ESO-VLT-U2", "ECHELLE,SLIT,NODDING", "xshoo/3.5.3",
                 "XSHOOTER"),
    "FORS2": ("ESO-VLT-U1", "SPECTRUM,LONGSLIT", "fors/5.5.7", "FORS2"),
}

# One dict per spectrum.  wmin/wmax are in the unit of the WAVE column.
SDP_SPECTRA = [
    dict(file="sdp_hd100546_uves.fits", object="HD 100546",
         ra=173.356000, dec=-70.194778, inst="UVES", npix=40000,
         unit="angstrom", air=True, wmin=4727.0, wmax=6835.0, lines=HAEBE_OPT,
         cont=(6.0e-12, -0.6), z=0.0, snr=85.0, res=42310, exptime=1200.0,
         mjd=58546.10457, prog="0102.C-0405(A)", voclass="SPECTRUM V2.0",
         arcfile="ADP.2019-04-02T09:13:27.482", continuum=True),
    dict(file="sdp_hd100546_harps.fits", object="HD 100546",
         ra=173.355975, dec=-70.194806, inst="HARPS", npix=300000,
         unit="angstrom", air=False, wmin=3782.0, wmax=6901.9896,
         lines=HAEBE_OPT, cont=(6.2e-12, -0.6), z=0.0, snr=112.0,
         res=115000, exptime=900.0, mjd=58551.21874, prog="0102.C-0584(A)",
         voclass="SPECTRUM V2.0", arcfile="ADP.2019-04-05T14:40:03.117",
         continuum=False),
    dict(file="sdp_etacar_xshooter_nir.fits", object="Eta Car",
         ra=161.264775, dec=-59.684431, inst="XSHOOTER", npix=9771,
         unit="nm", air=False, wmin=994.0, wmax=2479.0, lines=LBV_NIR,
         cont=(4.0e-11, -2.2), z=0.0, snr=240.0, res=5573, exptime=60.0,
         mjd=58549.05211, prog="0102.B-0314(A)", voclass="SPECTRUM v1.0",
         arcfile="ADP.2019-04-03T10:25:51.630", continuum=False,
         nan_ranges=[(1350.0, 1440.0), (1805.0, 1945.0)]),
    dict(file="sdp_sn1987a_fors2.fits", object="SN 1987A",
         ra=83.866750, dec=-69.269722, inst="FORS2", npix=2000,
         unit="angstrom", air=True, wmin=4400.0, wmax=7400.0, lines=SN_OPT,
         cont=(2.0e-16, -1.0), z=0.000956, snr=25.0, res=1100,
         exptime=2400.0, mjd=58552.04012, prog="0102.D-0105(A)",
         voclass="SPECTRUM V2.0", arcfile="ADP.2019-04-08T11:02:44.009",
         continuum=False, wave32=True),
    dict(file="sdp_ngc1068_xshooter_vis.fits", object="NGC 1068",
         ra=40.669629, dec=-0.013281, inst="XSHOOTER", npix=24000,
         unit="nm", air=False, wmin=534.0, wmax=1020.0, lines=AGN_OPT,
         cont=(3.5e-15, -1.4), z=0.003793, snr=40.0, res=8935,
         exptime=1800.0, mjd=58545.98542, prog="0103.B-0458(C)",
         voclass="SPECTRUM V2.0", arcfile="ADP.2019-04-01T16:47:10.551",
         continuum=True),
    dict(file="sdp_ngc1068_fors2.fits", object="NGC 1068",
         ra=40.669650, dec=-0.013300, inst="FORS2", npix=2000,
         unit="angstrom", air=True, wmin=3700.0, wmax=7000.0, lines=AGN_OPT,
         cont=(3.3e-15, -1.4), z=0.003793, snr=30.0, res=780,
         exptime=1200.0, mjd=58547.99410, prog="0103.D-0221(B)",
         voclass="SPECTRUM V2.0", arcfile="ADP.2019-04-09T08:31:12.774",
         continuum=False),
    dict(file="sdp_twhya_uves.fits", object="TW Hya",
         ra=165.466279, dec=-34.704730, inst="UVES", npix=15000,
         unit="angstrom", air=True, wmin=5655.0, wmax=6650.0,
         lines=TTAURI_OPT, cont=(3.0e-14, -0.8), z=0.0000437, snr=60.0,
         res=51690, exptime=1500.0, mjd=58553.14336, prog="0103.C-0117(A)",
         voclass="SPECTRUM V2.0", arcfile="ADP.2019-04-11T07:58:39.201",
         continuum=True),
    dict(file="sdp_sgra_xshooter_nir.fits", object="Sgr A*",
         ra=266.416833, dec=-29.007806, inst="XSHOOTER", npix=5000,
         unit="nm", air=False, wmin=1950.0, wmax=2450.0, lines=GC_NIR,
         cont=(1.2e-16, 1.5), z=0.0, snr=12.0, res=5573, exptime=3600.0,
         mjd=58554.35417, prog="0102.B-0314(A)", voclass="SPECTRUM V2.0",
         arcfile="ADP.2019-04-12T05:16:20.338", continuum=False,
         no_errors=True),
]


def model_flux(wave_a, s):
    """Continuum times absorption lines plus emission lines; wave in A."""
    lo, hi = wave_a[0], wave_a[-1]
    amp, slope = s["cont"]
    x = wave_a / (0.5 * (lo + hi))
    cont = amp * x ** slope * (1 + 0.04 * np.sin(7.0 * x))
    absorb = np.ones_like(wave_a)
    emit = np.zeros_like(wave_a)
    for rest, strength, sigma in s["lines"]:
        centre = rest * (1 + s["z"])
        if centre < lo - 10 * sigma or centre > hi + 10 * sigma:
            continue
        g = np.exp(-0.5 * ((wave_a - centre) / sigma) ** 2)
        if strength < 0:
            absorb *= 1 + strength * g
        else:
            emit += strength * g
    return cont, cont * absorb + cont * emit


def make_arrays(s, rng):
    n = s["npix"]
    wave = np.linspace(s["wmin"], s["wmax"], n)      # float64
    if s.get("wave32"):
        wave = wave.astype(np.float32)
    to_a = 10.0 if s["unit"] == "nm" else 1.0
    cont, flux = model_flux(wave * to_a, s)
    err = np.abs(flux) / s["snr"] + 0.02 * np.median(cont) / s["snr"]
    flux = flux + err * rng.standard_normal(n)
    qual = np.zeros(n, dtype=np.int32)
    # a few isolated flagged pixels (cosmics, hot pixels): flux kept
    hot = rng.choice(n, size=max(3, n // 5000), replace=False)
    qual[hot] = 4096
    flux[hot] *= 1.0 + rng.uniform(0.5, 3.0, hot.size)
    # NaN gaps: two short ones at random places, plus declared ranges
    # (telluric bands); QUAL 1 marks them
    gaps = []
    for _ in range(2):
        start = int(rng.integers(n // 10, 9 * n // 10))
        gaps.append((start, start + int(rng.integers(5, 40))))
    for lo, hi in s.get("nan_ranges", []):
        gaps.append(tuple(np.searchsorted(wave, [lo, hi])))
    for a, b in gaps:
        flux[a:b] = np.nan
        err[a:b] = np.nan
        qual[a:b] = 1
    if s.get("no_errors"):
        err[:] = np.nan                              # as in some ESO files
    return wave, flux.astype(np.float32), err.astype(np.float32), qual, \
        cont.astype(np.float32)


def primary_header(s, wave, flux, err):
    tel, tech, procsoft, _ = INSTRUMENTS[s["inst"]]
    to_nm = 0.1 if s["unit"] == "angstrom" else 1.0
    wmin, wmax = wave[0] * to_nm, wave[-1] * to_nm
    h = fits.Header()
    h["ORIGIN"] = ("ESO", "European Southern Observatory")
    h["TELESCOP"] = (tel, "ESO Telescope Designation")
    h["INSTRUME"] = (s["inst"], "Instrument used")
    h["OBJECT"] = (s["object"], "Target designation")
    h["RA"] = (s["ra"], "[deg] Spectroscopic target position (J2000.0)")
    h["DEC"] = (s["dec"], "[deg] Spectroscopic target position (J2000.0)")
    h["EQUINOX"] = (2000.0, "Standard FK5 (years)")
    h["RADESYS"] = ("FK5", "Coordinate reference frame")
    h["EXPTIME"] = (s["exptime"], "[s] Total integration time per pixel")
    h["TEXPTIME"] = (s["exptime"], "[s] Total integration time of exposures")
    h["MJD-OBS"] = (s["mjd"], "[d] Start of observations (days)")
    h["MJD-END"] = (round(s["mjd"] + s["exptime"] / 86400, 8),
                    "[d] End of observations (days)")
    day = 58543  # 2019-03-01
    d = int(s["mjd"]) - day + 1
    frac = s["mjd"] - int(s["mjd"])
    secs = frac * 86400
    h["DATE-OBS"] = ("2019-03-%02dT%02d:%02d:%06.3f" % (
        d, secs // 3600, secs % 3600 // 60, secs % 60),
        "Date of observation")
    h["TIMESYS"] = ("UTC", "Time system used")
    h["PROG_ID"] = (s["prog"], "ESO programme identification")
    h["OBID1"] = (2100000 + int(s["mjd"]) % 1000, "Observation block ID")
    h["NCOMBINE"] = (1, "No. of combined raw science data files")
    h["OBSTECH"] = (tech, "Technique for observation")
    h["PRODCATG"] = ("SCIENCE.SPECTRUM", "Data product category")
    h["PRODLVL"] = (2, "Phase 3 product level")
    h["ORIGFILE"] = ("%s_SPECTRUM_%s.fits" % (
        s["inst"], s["object"].replace(" ", "").replace("*", "star")),
        "Original filename")
    h["ARCFILE"] = (s["arcfile"] + ".fits", "Archive filename")
    h["PROCSOFT"] = (procsoft, "ESO pipeline version")
    h["REFERENC"] = ("", "Bibliographic reference")
    h["SPECSYS"] = ("BARYCENT" if s["inst"] != "FORS2" else "TOPOCENT",
                    "Frame of reference for spectral coordinates")
    h["FLUXCAL"] = ("ABSOLUTE", "Certifies the validity of PHOTZP")
    h["CONTNORM"] = (False, "Spectrum has been continuum-normalised")
    h["TOT_FLUX"] = (False, "Flux calibrated wrt all photons")
    h["WAVELMIN"] = (round(wmin, 6), "[nm] Minimum wavelength")
    h["WAVELMAX"] = (round(wmax, 6), "[nm] Maximum wavelength")
    h["SPEC_BIN"] = (round((wmax - wmin) / (s["npix"] - 1), 8),
                     "[nm] Wavelength bin size")
    h["SPEC_VAL"] = (round((wmin + wmax) / 2, 4),
                     "[nm] Mean wavelength")
    h["SPEC_BW"] = (round(wmax - wmin, 4), "[nm] Bandwidth")
    h["SPEC_RES"] = (float(s["res"]), "Spectral resolving power")
    h["SNR"] = (s["snr"], "Median signal to noise ratio per bin")
    h["LAMNLIN"] = (1500, "Number of arc lines used in the wavel. solution")
    h["LAMRMS"] = (0.0012, "[nm] RMS of the wavelength solution")
    good = np.isfinite(err) & (err > 0)
    h["FLUXERR"] = (round(float(np.nanmedian(err[good] / np.abs(flux[good])) *
                                100) if good.any() else -2.0, 3),
                    "Uncertainty in flux scale (%)")
    h["M_EPOCH"] = (False, "TRUE if resulting from multiple epochs")
    h["EXT_OBJ"] = (s["object"] in ("NGC 1068", "Eta Car"),
                    "TRUE if extended")
    h["P3ORIG"] = ("IDP", "Phase 3 origin")
    return h


def table_hdu(s, wave, flux, err, qual, cont):
    n = s["npix"]
    wucd = "em.wl;obs.atmos" if s["air"] else "em.wl"
    cols = [
        ("WAVE", "%d%s" % (n, "E" if s.get("wave32") else "D"), s["unit"],
         wave, "spec:Data.SpectralAxis.Value",
         wucd),
        ("FLUX", "%dE" % n, FLUX_UNIT, flux, "spec:Data.FluxAxis.Value",
         "phot.flux.density;em.wl;src.net;meta.main"),
        ("ERR", "%dE" % n, FLUX_UNIT, err,
         "spec:Data.FluxAxis.Accuracy.StatError",
         "stat.error;phot.flux.density;meta.main"),
        ("QUAL", "%dJ" % n, "", qual, "spec:Data.FluxAxis.Accuracy.QualityStatus",
         "meta.code.qual;meta.main"),
    ]
    if s["continuum"]:
        cols.append(("CONTINUUM", "%dE" % n, FLUX_UNIT, cont,
                     "eso:Data.FluxAxis.Value",
                     "phot.flux.density;em.wl;spect.continuum"))
    hdu = fits.BinTableHDU.from_columns(
        [fits.Column(name=name, format=form, unit=unit or None,
                     array=arr[np.newaxis, :])
         for name, form, unit, arr, _, _ in cols])
    h = hdu.header
    for i, (name, _, _, arr, utype, ucd) in enumerate(cols, 1):
        h.set("TUTYP%d" % i, utype, after="TFORM%d" % i)
        h.set("TUCD%d" % i, ucd, after="TUTYP%d" % i)
        if name == "WAVE":
            h.set("TDMIN1", float(arr[0]), after="TUCD1")
            h.set("TDMAX1", float(arr[-1]), after="TDMIN1")
    h["EXTNAME"] = ("SPECTRUM", "FITS Extension name")
    h["INHERIT"] = (True, "Primary header keywords are inherited")
    h["VOCLASS"] = (s["voclass"], "VO Data Model")
    h["VOPUB"] = ("ESO/SAF", "VO Publishing Authority")
    h["TITLE"] = ("%s %s spectrum" % (s["inst"], s["object"]),
                  "Dataset title")
    h["OBJECT"] = (s["object"], "Target designation")
    h["RA"] = (s["ra"], "[deg] Spectroscopic target position (J2000.0)")
    h["DEC"] = (s["dec"], "[deg] Spectroscopic target position (J2000.0)")
    h["APERTURE"] = (round(1.0 / 3600, 8), "[deg] Aperture diameter")
    h["TELAPSE"] = (s["exptime"], "[s] Total elapsed time")
    h["TMID"] = (round(s["mjd"] + s["exptime"] / 172800, 8),
                 "[d] MJD mid exposure")
    h["NELEM"] = (n, "Length of the data arrays")
    return hdu


def write_sdp_spectra(dirpath):
    """Write every SDP spectrum; return one metadata dict per file."""
    out = []
    for i, s in enumerate(SDP_SPECTRA):
        rng = np.random.default_rng(SEED + i)
        wave, flux, err, qual, cont = make_arrays(s, rng)
        prim = fits.PrimaryHDU(header=primary_header(s, wave, flux, err))
        hdus = fits.HDUList([prim, table_hdu(s, wave, flux, err, qual, cont)])
        path = os.path.join(dirpath, s["file"])
        hdus.writeto(path, overwrite=True)
        out.append(dict(s, size=os.path.getsize(path)))
    return out
