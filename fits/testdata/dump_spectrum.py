"""Dump the spectral axis, flux and error of an ESO SDP spectrum as astropy
reads them, for fits/crosscheck_test.go. NaN becomes null (JSON has no NaN).

usage: dump_spectrum.py FILE WAVECOL FLUXCOL ERRCOL
"""
import json
import math
import sys

from astropy.io import fits


def values(col):
    return [None if math.isnan(float(v)) else float(v) for v in col]


def main():
    path, wave, flux, err = sys.argv[1:5]
    with fits.open(path) as hdul:
        table = hdul["SPECTRUM"]
        data = table.data
        cols = table.columns
        out = {}
        for key, name in (("wave", wave), ("flux", flux), ("err", err)):
            out[key] = values(data[name][0])
            out[key + "_unit"] = cols[name].unit or ""
        out["object"] = hdul[0].header.get("OBJECT", "")
        out["instrument"] = hdul[0].header.get("INSTRUME", "")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
