"""Write one synthetic ESO SDP spectrum (primary HDU + one-row BINTABLE
SPECTRUM with WAVE/FLUX/ERR/QUAL arrays) for bench/spectrum-plot-compare.sh.

    gen_sdp.py OUT.fits [NPIX]
"""
import sys

import numpy as np
from astropy.io import fits

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300000
rng = np.random.default_rng(1234)

wave = np.linspace(300.0, 2480.0, n)  # nm, X-shooter-like coverage
cont = 1e-15 * (wave / 500.0) ** -1.5
flux = cont * (1 + 0.02 * rng.standard_normal(n))
for centre, depth, sigma in [(486.1, 0.5, 0.3), (656.3, 0.6, 0.4), (589.0, 0.4, 0.1), (1282.0, 0.3, 0.5)]:
    flux *= 1 - depth * np.exp(-0.5 * ((wave - centre) / sigma) ** 2)
err = 0.02 * cont
qual = np.zeros(n, dtype=np.int32)
qual[rng.integers(0, n, n // 200)] = 4
flux[(wave > 1350) & (wave < 1420)] = np.nan  # telluric gap

primary = fits.PrimaryHDU()
primary.header["OBJECT"] = "BENCH STAR"
primary.header["INSTRUME"] = "XSHOOTER"
primary.header["PRODCATG"] = "SCIENCE.SPECTRUM"
cols = [
    fits.Column(name="WAVE", format=f"{n}D", unit="nm", array=wave[None, :]),
    fits.Column(name="FLUX", format=f"{n}E", unit="erg cm**(-2) s**(-1) angstrom**(-1)", array=flux[None, :].astype(np.float32)),
    fits.Column(name="ERR", format=f"{n}E", unit="erg cm**(-2) s**(-1) angstrom**(-1)", array=err[None, :].astype(np.float32)),
    fits.Column(name="QUAL", format=f"{n}J", array=qual[None, :]),
]
table = fits.BinTableHDU.from_columns(cols, name="SPECTRUM")
h = table.header
h["VOCLASS"] = "SPECTRUM v2.0"
for i, (ucd, utype) in enumerate([
    ("em.wl", "spec:Data.SpectralAxis.Value"),
    ("phot.flux.density;em.wl;src.net;meta.main", "spec:Data.FluxAxis.Value"),
    ("stat.error;phot.flux.density;em.wl", "spec:Data.FluxAxis.Accuracy.StatError"),
    ("meta.code.qual", "spec:Data.FluxAxis.Accuracy.QualityStatus"),
], start=1):
    h[f"TUCD{i}"] = ucd
    h[f"TUTYP{i}"] = utype
fits.HDUList([primary, table]).writeto(out, overwrite=True)
print(f"wrote {out}: {n} pixels")
