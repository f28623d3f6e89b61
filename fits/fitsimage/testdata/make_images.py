"""Test images for fits/fitsimage, written with astropy, and what astropy
and numpy read back from them (the reference the Go tests compare to).

    make_images.py OUTDIR  -> writes OUTDIR/*.fits, prints JSON on stdout

JSON: {"files": [{"name", "hdus": [{number, name, axes, bitpix, compressed}],
"images": [{"hdu", "unit", "values": [plane0 row-major..., plane1...] (null
= blank), "spectra": [{"box": [x0,y0,x1,y1], "sum": [...], "mean": [...]}]}]}]}
"""
import json
import sys
import warnings

import numpy as np
from astropy.io import fits

warnings.simplefilter("ignore")
out = sys.argv[1]
rng = np.random.default_rng(13)


def nan_to_none(a):
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


# 1. Plain: empty primary, a float image with NaNs, a table, a 1-D image.
sci = rng.normal(100, 15, size=(48, 64)).astype(np.float32)
sci[3, 5] = np.nan
sci[40, :] = np.nan
h = fits.ImageHDU(sci, name="SCI")
h.header["BUNIT"] = "adu"
fits.HDUList([
    fits.PrimaryHDU(),
    h,
    fits.BinTableHDU.from_columns([fits.Column(name="A", format="E", array=np.arange(4, dtype=np.float32))], name="TAB"),
    fits.ImageHDU(np.arange(10, dtype=np.float32), name="ONED"),
]).writeto(f"{out}/plain.fits", overwrite=True)

# 2. int16 with BSCALE/BZERO and BLANK, written raw so the keywords stay.
raw = rng.integers(-2000, 2000, size=(30, 40)).astype(np.int16)
raw[0, 0] = -32768
raw[10, 7] = -32768
hdr = fits.Header()
hdr["BSCALE"] = 0.5
hdr["BZERO"] = 100.0
hdr["BLANK"] = -32768
hdr["BUNIT"] = "Jy/beam"
fits.PrimaryHDU(raw, header=hdr, do_not_scale_image_data=True).writeto(f"{out}/scaled.fits", overwrite=True)

# 3. Tile-compressed: RICE_1 on int32 (lossless), GZIP_2 on float32 with NaNs.
ints = rng.integers(0, 60000, size=(50, 70)).astype(np.int32)
flts = rng.normal(0, 1, size=(33, 45)).astype(np.float32)
flts[2, 2] = np.nan
fits.HDUList([
    fits.PrimaryHDU(),
    fits.CompImageHDU(ints, compression_type="RICE_1", name="RICE"),
    fits.CompImageHDU(flts, compression_type="GZIP_2", name="GZIP", quantize_level=0.0),
]).writeto(f"{out}/compressed.fits", overwrite=True)

# 4. A cube 20x15x30 (NAXIS1=20, NAXIS2=15, NAXIS3=30) with blanks, one
# plane all blank inside the spectrum box.
cube = rng.normal(5, 2, size=(30, 15, 20)).astype(np.float32)
cube[4, 2:6, 3:8] = np.nan
cube[7, 3, 4] = np.nan
hc = fits.PrimaryHDU(cube)
hc.header["BUNIT"] = "K"
hc.writeto(f"{out}/cube.fits", overwrite=True)

boxes = {"cube.fits": [[3, 2, 7, 5], [0, 0, 19, 14], [10, 10, 10, 10]],
         "plain.fits": [[0, 0, 63, 47], [4, 2, 6, 4]],
         "scaled.fits": [[0, 0, 39, 29]],
         "compressed.fits": [[1, 1, 10, 20]]}

result = {"files": []}
for name in ["plain.fits", "scaled.fits", "compressed.fits", "cube.fits"]:
    entry = {"name": name, "hdus": [], "images": []}
    # Raw headers first (before astropy scales the data and rewrites BITPIX).
    with fits.open(f"{out}/{name}", do_not_scale_image_data=True) as raw_hdul:
        for i, hdu in enumerate(raw_hdul, start=1):
            is_comp = isinstance(hdu, fits.CompImageHDU)
            if not (is_comp or isinstance(hdu, (fits.PrimaryHDU, fits.ImageHDU))):
                continue
            naxis = hdu.header.get("NAXIS", 0)
            axes = [hdu.header[f"NAXIS{k}"] for k in range(1, naxis + 1)]
            if naxis < 2:
                continue
            entry["hdus"].append({"number": i, "name": hdu.header.get("EXTNAME", ""),
                                  "axes": axes, "bitpix": hdu.header["BITPIX"], "compressed": is_comp})
    with fits.open(f"{out}/{name}") as hdul:
        for d in entry["hdus"]:
            hdu = hdul[d["number"] - 1]
            data = np.asarray(hdu.data, dtype=np.float64)
            img = {"hdu": d["number"], "unit": hdu.header.get("BUNIT", ""), "values": nan_to_none(data), "spectra": []}
            cubeview = data.reshape((-1,) + data.shape[-2:])
            for x0, y0, x1, y1 in boxes[name]:
                sub = cubeview[:, y0:y1 + 1, x0:x1 + 1].reshape(cubeview.shape[0], -1)
                finite = np.isfinite(sub).sum(axis=1)
                s = np.where(finite > 0, np.nansum(sub, axis=1), np.nan)
                m = np.where(finite > 0, s / np.maximum(finite, 1), np.nan)
                img["spectra"].append({"box": [x0, y0, x1, y1], "sum": nan_to_none(s), "mean": nan_to_none(m)})
            entry["images"].append(img)
    result["files"].append(entry)
json.dump(result, sys.stdout)
