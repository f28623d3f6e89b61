"""astropy.visualization's answers for preview/imgrender's tests.

    reference.py  -> JSON on stdout: the float32 test data (null = NaN), its
    ZScaleInterval and PercentileInterval limits, and normalised values of
    Linear/Log(a=1000)/Sqrt/Asinh(a=0.1) stretches with clipping.
"""
import json
import warnings

import numpy as np
from astropy.visualization import (AsinhStretch, LinearStretch, LogStretch, ManualInterval,
                                   PercentileInterval, SqrtStretch, ZScaleInterval)

warnings.simplefilter("ignore")
rng = np.random.default_rng(7)
data = np.concatenate([rng.normal(1000, 30, 40000), rng.exponential(500, 3000) + 1000]).astype(np.float32)
data[::97] = np.nan
finite = data[np.isfinite(data)]

out = {"data": [None if not np.isfinite(v) else float(v) for v in data]}
lo, hi = ZScaleInterval().get_limits(finite)
out["zscale"] = [float(lo), float(hi)]
out["percentile"] = {}
for p in ["99.5", "99", "95", "90"]:
    lo, hi = PercentileInterval(float(p)).get_limits(finite)
    out["percentile"][p] = [float(lo), float(hi)]
lo, hi = float(np.nanmin(data)), float(np.nanmax(data))
out["minmax"] = [lo, hi]

slo, shi = 950.0, 1400.0
vals = np.linspace(900, 1450, 221)
out["stretch_limits"] = [slo, shi]
out["stretch_values"] = vals.tolist()
interval = ManualInterval(slo, shi)
out["stretch"] = {}
for name, st in [("linear", LinearStretch()), ("log", LogStretch(a=1000)), ("sqrt", SqrtStretch()), ("asinh", AsinhStretch(a=0.1))]:
    x = interval(vals, clip=True)
    out["stretch"][name] = st(x, clip=True).tolist()
print(json.dumps(out))
