"""Writes the zscale reference files for zscale_test.go.

Run with Debian's Python (it has astropy): /usr/bin/python3 make_zscale.py
Each case is a FITS image plus the limits astropy's ZScaleInterval gives for
its data (BSCALE/BZERO applied, BLANK as NaN), stored in zscale.json.
"""
import json

import numpy as np
from astropy.io import fits
from astropy.visualization import ZScaleInterval

rng = np.random.default_rng(20261121)
cases = {}


def stars(img, n):
    ny, nx = img.shape
    yy, xx = np.mgrid[0:ny, 0:nx]
    for _ in range(n):
        x0, y0 = rng.uniform(0, nx), rng.uniform(0, ny)
        amp, sig = rng.uniform(200, 5000), rng.uniform(0.8, 3)
        img += amp * np.exp(-((xx - x0) ** 2 + (yy - y0) ** 2) / (2 * sig**2))


# Small float image with NaNs: fewer pixels than samples (stride 1).
a = rng.normal(100, 5, (24, 30)).astype(np.float32)
stars(a, 3)
a[3, 4:9] = np.nan
cases["float_small"] = fits.PrimaryHDU(a)

# Larger float image: strided sampling, a gradient and many stars.
b = rng.normal(1000, 20, (100, 160))
b += np.linspace(0, 50, 160)[None, :]
stars(b, 15)
b[50:60, 100:120] = np.nan
cases["float_large"] = fits.PrimaryHDU(b.astype(np.float32))

# Scaled integers with BLANK, in an image extension after an empty primary.
raw = np.clip(rng.normal(2000, 300, (120, 90)), -32000, 32000).astype(np.int16)
raw[10:12, :] = -32768
hdu = fits.ImageHDU(raw)
hdu.header["BSCALE"] = 0.25
hdu.header["BZERO"] = 1000.0
hdu.header["BLANK"] = -32768
cases["int16_scaled"] = fits.HDUList([fits.PrimaryHDU(), hdu])

out = {}
for name, obj in cases.items():
    hl = obj if isinstance(obj, fits.HDUList) else fits.HDUList([obj])
    path = f"zscale_{name}.fits"
    hl.writeto(path, overwrite=True)
    with fits.open(path) as f:
        data = f[-1].data.astype(np.float64)
    lo, hi = ZScaleInterval().get_limits(data)
    out[name] = {"file": path, "low": float(lo), "high": float(hi)}
with open("zscale.json", "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))
