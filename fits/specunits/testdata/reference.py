"""Reference values for specunits' tests, from astropy.units.

usage: reference.py JOB.json DIR. DIR holds wave.bin, flux.bin, err.bin
(little-endian float64); the answers are written there as *.bin too.
"""
import json
import sys
import warnings

import numpy as np
import astropy.units as u

warnings.simplefilter("ignore")
job = json.load(open(sys.argv[1]))
d = sys.argv[2]


def read(name):
    return np.fromfile(d + "/" + name, dtype="<f8")


def write(name, values):
    np.asarray(values, dtype="<f8").tofile(d + "/" + name)


def unit(s):
    if s == "ABmag":
        return u.ABmag
    for fmt in ("fits", "generic"):
        try:
            return u.Unit(s, format=fmt)
        except ValueError:
            pass
    return u.Unit(s)


wave = read("wave.bin") * unit(job["wave_unit"])
rest = job["rest_m"] * u.m

for i, s in enumerate(job["spectral"]):
    if s == "km/s":
        for conv in job["conventions"]:
            eq = getattr(u, "doppler_" + conv)(rest)
            write("spec_%d_%s.bin" % (i, conv), wave.to(u.km / u.s, eq).value)
    else:
        write("spec_%d.bin" % i, wave.to(unit(s), u.spectral()).value)

flux = read("flux.bin") * unit(job["flux_unit"])
err = read("err.bin") * unit(job["flux_unit"])
sd = u.spectral_density(wave)
for j, s in enumerate(job["flux"]):
    write("flux_%d.bin" % j, flux.to(unit(s), sd).value)
    if s == "ABmag":  # the usual first-order propagation
        write("err_%d.bin" % j, 2.5 / np.log(10) * err.value / np.abs(flux.value))
    else:
        write("err_%d.bin" % j, err.to(unit(s), sd).value)

# Air and vacuum: Edlén (1953), the IAU standard, n(vacuum wavenumber).
lam = wave.to_value(u.AA)


def n_of_vac(vac_aa):
    s2 = (1e4 / vac_aa) ** 2
    return 1 + (6432.8 + 2949810 / (146 - s2) + 25540 / (41 - s2)) * 1e-8


ok = lam >= 2000
air = lam.copy()
air[ok] = lam[ok] / n_of_vac(lam[ok])
vac = lam.copy()
for _ in range(50):
    vac[ok] = lam[ok] * n_of_vac(vac[ok])
to_unit = (1 * u.AA).to_value(unit(job["wave_unit"]))
write("vac2air.bin", air * to_unit)
write("air2vac.bin", vac * to_unit)
write("median.bin", [np.nanmedian(np.where(np.isfinite(flux.value), flux.value, np.nan))])
