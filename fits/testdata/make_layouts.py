"""Write one spectrum file per layout esodesk's reader supports, with
astropy/numpy (an independent writer), and print a JSON manifest of what was
written: {file: {wave, flux, err, wave_unit, flux_unit, assumed, count}}.
Usage: make_layouts.py OUTDIR"""
import json, os, sys
import numpy as np
from astropy.io import fits

out = sys.argv[1]
rng = np.random.default_rng(7)
n = 50
man = {}


def f32(a):
    return [float(x) for x in np.asarray(a, dtype=np.float32)]


def f64(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64)]


def rec(name, wave, flux, err, wave_unit, flux_unit, assumed=False, count=1, extra=None):
    man[name] = dict(wave=wave, flux=flux, err=err, wave_unit=wave_unit,
                     flux_unit=flux_unit, assumed=assumed, count=count, extra=extra or {})


flux = (rng.random(n) * 10).astype(np.float32)
err = (rng.random(n) + 0.1).astype(np.float32)
wave = np.linspace(4000.0, 4490.0, n)

# 1. Named image HDUs: FLUX, IVAR, WAVE (units from BUNIT).
h = fits.HDUList([fits.PrimaryHDU(),
                  fits.ImageHDU(flux, name="FLUX"),
                  fits.ImageHDU((1 / err.astype(np.float64) ** 2), name="IVAR"),
                  fits.ImageHDU(wave / 10, name="WAVE")])
h[1].header["BUNIT"] = "erg/s/cm2/Angstrom"
h[3].header["BUNIT"] = "nm"
h.writeto(os.path.join(out, "named.fits"))
rec("named.fits", f64(wave / 10), f32(flux), f64(1 / np.sqrt(1 / err.astype(np.float64) ** 2)), "nm", "erg/s/cm2/Angstrom")

# 1b. SCI + ERR with the dispersion in SCI's header, no unit: Å assumed.
sci = fits.ImageHDU(flux, name="SCI")
sci.header["CRVAL1"], sci.header["CDELT1"], sci.header["CRPIX1"] = 5000.0, 0.5, 1.0
fits.HDUList([fits.PrimaryHDU(), sci, fits.ImageHDU(err, name="ERR")]).writeto(os.path.join(out, "sci.fits"))
rec("sci.fits", f64(5000.0 + 0.5 * np.arange(n)), f32(flux), f32(err), "Angstrom", "", assumed=True)

# 2. IRAF multispec: 2 apertures x 4 bands (spectrum, raw, sky, sigma).
cube = rng.random((4, 2, n)).astype(np.float32)
p = fits.PrimaryHDU(cube)
p.header["WAT0_001"] = "system=multispec"
p.header["WAT1_001"] = "wtype=multispec label=Wavelength units=angstroms"
wat = 'wtype=multispec spec1 = "1 1 0 6000. 0.25 %d 0. 10.0 20.0" spec2 = "2 2 1 3.7 1.0E-4 %d 0. 30.0 40.0"' % (n, n)
for i in range(0, len(wat), 68):
    p.header["WAT2_%03d" % (i // 68 + 1)] = wat[i:i + 68]
for i, b in enumerate(["spectrum - background fit", "raw - none", "background - fit", "sigma - background fit"]):
    p.header["BANDID%d" % (i + 1)] = b
p.writeto(os.path.join(out, "multispec.fits"))
rec("multispec.fits", f64(6000.0 + 0.25 * np.arange(n)), f32(cube[0, 0]), f32(cube[3, 0]), "Angstrom", "", count=2,
    extra={"ap2_wave": f64(10 ** (3.7 + 1e-4 * np.arange(n))), "ap2_flux": f32(cube[0, 1]), "ap2_err": f32(cube[3, 1])})

# 3a. SDSS spSpec (DR7): rows flux, continuum-subtracted, error, mask; log10 vacuum wavelength.
sp = rng.random((4, n)).astype(np.float32)
p = fits.PrimaryHDU(sp)
p.header["COEFF0"], p.header["COEFF1"] = 3.5800, 1e-4
p.writeto(os.path.join(out, "spSpec.fits"))
rec("spSpec.fits", f64(10 ** (3.58 + 1e-4 * np.arange(n))), f32(sp[0]), f32(sp[2]), "Angstrom", "1e-17 erg/s/cm2/Angstrom")

# 3b. SDSS spec-lite: BINTABLE HDU 1 with flux, loglam, ivar, and_mask ...
loglam = (3.58 + 1e-4 * np.arange(n)).astype(np.float32)
ivar = (1 / err.astype(np.float64) ** 2).astype(np.float32)
t = fits.BinTableHDU.from_columns([
    fits.Column(name="flux", format="E", array=flux),
    fits.Column(name="loglam", format="E", array=loglam),
    fits.Column(name="ivar", format="E", array=ivar),
    fits.Column(name="and_mask", format="J", array=np.zeros(n, np.int32)),
    fits.Column(name="model", format="E", array=flux)], name="COADD")
fits.HDUList([fits.PrimaryHDU(), t]).writeto(os.path.join(out, "spec-lite.fits"))
rec("spec-lite.fits", f64(10 ** loglam.astype(np.float64)), f32(flux), f64(1 / np.sqrt(ivar.astype(np.float64))),
    "Angstrom", "1e-17 erg/s/cm2/Angstrom")

# 4. UVES_popler: rows normalised flux, error, ..., continuum; log-linear, DC-FLAG = 1.
up = rng.random((5, n)).astype(np.float32)
p = fits.PrimaryHDU(up)
p.header["CRVAL1"], p.header["CDELT1"], p.header["CRPIX1"], p.header["DC-FLAG"] = 3.6, 2e-5, 1.0, 1
p.header["ORIGIN"] = "UVES_popler"
p.writeto(os.path.join(out, "popler.fits"))
rec("popler.fits", f64(10 ** (3.6 + 2e-5 * np.arange(n))), f32(up[0]), f32(up[1]), "Angstrom", "", assumed=True)

# 5. Text tables.
w = np.round(np.linspace(6500, 6549, n), 3)
fl, er = np.round(flux.astype(np.float64), 6), np.round(err.astype(np.float64), 6)
np.savetxt(os.path.join(out, "spec.csv"), np.c_[w, fl, er], delimiter=",", header="wavelength[A],flux (erg/s/cm2/A),err", comments="")
rec("spec.csv", f64(w), f64(fl), f64(er), "A", "erg/s/cm2/A")
np.savetxt(os.path.join(out, "spec.txt"), np.c_[w, fl, er], header="lambda flux sigma")
rec("spec.txt", f64(w), f64(fl), f64(er), "Angstrom", "", assumed=True)
np.savetxt(os.path.join(out, "spec.tsv"), np.c_[w / 10, fl, er], delimiter="\t", header="wave(nm)\tflux\terror", comments="")
rec("spec.tsv", f64(w / 10), f64(fl), f64(er), "nm", "")

# 6. Tile-compressed 1-D spectrum stored as an N x 1 image.
c = fits.CompImageHDU(flux.reshape(1, n), compression_type="GZIP_1")
c.header["CRVAL1"], c.header["CDELT1"], c.header["CRPIX1"], c.header["CUNIT1"] = 7000.0, 2.0, 1.0, "Angstrom"
c.header["BUNIT"] = "adu"
fits.HDUList([fits.PrimaryHDU(), c]).writeto(os.path.join(out, "spec.fits.fz"))
# Float tiles are quantised (lossy): expect what astropy decompresses.
with fits.open(os.path.join(out, "spec.fits.fz")) as back:
    rec("spec.fits.fz", f64(7000.0 + 2.0 * np.arange(n)), f32(back[1].data[0]), None, "Angstrom", "adu")

# 6b. The same along the second axis (a 1 x N image).
c = fits.CompImageHDU(flux.reshape(n, 1), compression_type="GZIP_1", quantize_level=0.0)
c.header["CRVAL2"], c.header["CDELT2"], c.header["CRPIX2"] = 7000.0, 2.0, 1.0
fits.HDUList([fits.PrimaryHDU(), c]).writeto(os.path.join(out, "column.fits.fz"))
with fits.open(os.path.join(out, "column.fits.fz")) as back:
    rec("column.fits.fz", f64(7000.0 + 2.0 * np.arange(n)), f32(back[1].data[:, 0]), None, "Angstrom", "", assumed=True)

# 3c. SDSS spPlate: one row per fiber, inverse variance in HDU 1.
pl = rng.random((3, n)).astype(np.float32)
iv = (rng.random((3, n)) + 0.5).astype(np.float32)
p = fits.PrimaryHDU(pl)
p.header["COEFF0"], p.header["COEFF1"] = 3.5800, 1e-4
fits.HDUList([p, fits.ImageHDU(iv)]).writeto(os.path.join(out, "spPlate.fits"))
rec("spPlate.fits", f64(10 ** (3.58 + 1e-4 * np.arange(n))), f32(pl[0]), f64(1 / np.sqrt(iv[0].astype(np.float64))),
    "Angstrom", "1e-17 erg/s/cm2/Angstrom", count=3)

print(json.dumps(man))
