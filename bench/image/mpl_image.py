"""The matplotlib side of bench/image/compare.sh: read a FITS image with
astropy and save it with ZScale limits, as a user would.
    mpl_image.py IN.fits OUT.png"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from astropy.io import fits
from astropy.visualization import ZScaleInterval

data = fits.getdata(sys.argv[1])
lo, hi = ZScaleInterval().get_limits(data)
fig = plt.figure(figsize=(20, 20), dpi=100)
ax = fig.add_axes([0, 0, 1, 1])
ax.imshow(data, origin="lower", cmap="gray", vmin=lo, vmax=hi, interpolation="nearest")
ax.axis("off")
fig.savefig(sys.argv[2], dpi=100)
