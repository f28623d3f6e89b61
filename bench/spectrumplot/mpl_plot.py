"""The matplotlib side of bench/spectrum-plot-compare.sh: load an SDP
spectrum with astropy and draw it to a 1200x500 PNG, as a user would.
Prints its own phase times (import, load+plot) on stdout.

    mpl_plot.py IN.fits OUT.png
"""
import time

t0 = time.perf_counter()
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from astropy.io import fits

t1 = time.perf_counter()
import sys

with fits.open(sys.argv[1]) as hdul:
    row = hdul["SPECTRUM"].data[0]
    wave = np.asarray(row["WAVE"], dtype=float)
    flux = np.asarray(row["FLUX"], dtype=float)
    title = hdul[0].header.get("OBJECT", "")
fig, ax = plt.subplots(figsize=(12, 5), dpi=100)
ax.plot(wave, flux, lw=0.8)
ax.set_xlabel("Wavelength [nm]")
ax.set_ylabel("Flux [erg cm**(-2) s**(-1) angstrom**(-1)]")
ax.set_title(title)
fig.savefig(sys.argv[2], dpi=100)
t2 = time.perf_counter()
print(f"import_s={t1 - t0:.3f} load_plot_s={t2 - t1:.3f}")
