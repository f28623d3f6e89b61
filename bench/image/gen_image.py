"""Writes an N x N float32 FITS image (stars on a noisy sky) for
bench/image/compare.sh.   gen_image.py OUT.fits [N]"""
import sys

import numpy as np
from astropy.io import fits

n = int(sys.argv[2]) if len(sys.argv) > 2 else 8192
rng = np.random.default_rng(1)
data = rng.normal(1000, 20, size=(n, n)).astype(np.float32)
ys, xs = rng.integers(0, n, 2000), rng.integers(0, n, 2000)
data[ys, xs] += rng.exponential(5000, 2000).astype(np.float32)
fits.PrimaryHDU(data).writeto(sys.argv[1], overwrite=True)
