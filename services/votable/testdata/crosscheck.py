"""Writes VOTables for the Go cross-check test and astropy's reading of them.

Usage: crosscheck.py OUTDIR   or   crosscheck.py dump FILE...
1. writes OUTDIR/src-tabledata.xml by hand: every datatype, nulls, arrays;
2. astropy rewrites it as TABLEDATA, BINARY and BINARY2 (astropy-*.xml);
3. if stilts is on PATH, STILTS rewrites it in the same three forms (stilts-*.xml);
4. for every file, astropy's cells go to FILE.json (null -> None).
"""
import json
import math
import os
import random
import subprocess
import sys
import warnings

import numpy as np
from astropy.io.votable import parse

out = sys.argv[-1]
rnd = random.Random(42)
N = 60

FIELDS = [
    ("b", 'datatype="boolean"'),
    ("bit", 'datatype="bit"'),
    ("u8", 'datatype="unsignedByte"><VALUES null="255"/></FIELD'),
    ("i16", 'datatype="short"><VALUES null="-32768"/></FIELD'),
    ("i32", 'datatype="int"><VALUES null="-2147483648"/></FIELD'),
    ("i64", 'datatype="long"><VALUES null="-9223372036854775808"/></FIELD'),
    ("f32", 'datatype="float"'),
    ("f64", 'datatype="double"'),
    ("s", 'datatype="char" arraysize="*"'),
    ("s12", 'datatype="char" arraysize="12"'),
    ("u", 'datatype="unicodeChar" arraysize="*"'),
    ("c64", 'datatype="floatComplex"'),
    ("c128", 'datatype="doubleComplex"'),
    ("d3", 'datatype="double" arraysize="3"'),
    ("ivar", 'datatype="int" arraysize="*"><VALUES null="-2147483648"/></FIELD'),
    ("fvar", 'datatype="float" arraysize="5*"'),
    ("i2x2", 'datatype="short" arraysize="2x2"><VALUES null="-32768"/></FIELD'),
]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fnum(x):
    return repr(float(x))


def cell(name, i):
    """TABLEDATA text of column name in row i ('' is null)."""
    # bit has no null in VOTable; astropy cannot write boolean arrays in
    # BINARY that it reads back, so those stay in the Go unit tests.
    # astropy 5 writes masked strings in BINARY as garbage, so strings have no
    # nulls here either (the Go unit tests cover them).
    null = rnd.random() < 0.15 and i > 0 and name not in ("bit", "s", "s12", "u")
    if null:
        return ""
    r = rnd.random()
    if name == "b":
        return rnd.choice(["T", "F", "true", "false", "1", "0", "?"])
    if name == "bit":
        return rnd.choice(["0", "1"])
    if name == "u8":
        return str(rnd.randint(0, 254))
    if name == "i16":
        return str(rnd.randint(-32767, 32767))
    if name == "i32":
        return str(rnd.randint(-2**31 + 1, 2**31 - 1))
    if name == "i64":
        return str(rnd.randint(-2**63 + 1, 2**63 - 1))
    if name == "f32":
        return rnd.choice(["NaN", repr(float(np.float32(rnd.uniform(-1e6, 1e6)))), "1e-30", "-0.0"])
    if name == "f64":
        return rnd.choice(["NaN", "Inf", "-Inf", fnum(rnd.gauss(0, 1e10)), fnum(rnd.random() * 1e-200)])
    if name == "s":
        return esc(rnd.choice(["a & b", "x<y>z", "quote\"s'", "plain text", "ESO/VLT", "with  two spaces"]) + str(i))
    if name == "s12":
        return esc(rnd.choice(["short", "exactly12chr", "ab"]))
    if name == "u":
        return esc(rnd.choice(["Grüße", "日本語", "ascii", "Ωmega"]) + str(i))
    if name == "c64":
        return "%s %s" % (repr(float(np.float32(rnd.uniform(-5, 5)))), repr(float(np.float32(rnd.uniform(-5, 5)))))
    if name == "c128":
        return "%s %s" % (fnum(rnd.gauss(0, 100)), fnum(rnd.gauss(0, 100)))
    if name == "d3":
        return " ".join(rnd.choice(["NaN", fnum(rnd.gauss(0, 1))]) for _ in range(3))
    if name == "ivar":
        return " ".join(str(rnd.randint(-1000, 1000)) for _ in range(rnd.randint(1, 6)))
    if name == "fvar":
        return " ".join(repr(float(np.float32(rnd.uniform(0, 10)))) for _ in range(rnd.randint(1, 5)))
    if name == "bools":
        return " ".join(rnd.choice(["T", "F"]) for _ in range(rnd.randint(1, 4)))
    if name == "i2x2":
        return " ".join(str(rnd.randint(-100, 100)) for _ in range(4))
    raise ValueError(name)


# astropy 5 mis-writes BINARY/BINARY2 for tables with variable-length arrays
# (it cannot read its own output back), so those go into a second table that
# only STILTS converts.
SETS = {
    "scalars": ["b", "bit", "u8", "i16", "i32", "i64", "f32", "f64", "s", "s12", "u", "c64", "c128", "d3", "i2x2"],
    "vararrays": ["i32", "i64", "f64", "s", "u", "ivar", "fvar"],
}


def write_source(path, names):
    fields = [(n, a) for n, a in FIELDS if n in names]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">',
             '<RESOURCE type="results">', '<INFO name="QUERY_STATUS" value="OK"/>', '<TABLE name="cross">']
    for name, attrs in fields:
        end = ">" if attrs.endswith("</FIELD") else "/>"
        lines.append('<FIELD name="%s" %s%s' % (name, attrs, end))
    lines.append("<DATA><TABLEDATA>")
    for i in range(N):
        lines.append("<TR>" + "".join("<TD>%s</TD>" % cell(n, i) for n, _ in fields) + "</TR>")
    lines.append("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def norm_scalar(v, in_array):
    if isinstance(v, (bytes, np.bytes_)):
        v = v.decode("utf-8")
    if isinstance(v, str):
        return v if (v != "" or in_array) else None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (complex, np.complexfloating)):
        return [norm_scalar(v.real, True), norm_scalar(v.imag, True)]
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN" if in_array else None
        if math.isinf(f):
            return "Inf" if f > 0 else "-Inf"
        return f
    raise TypeError(type(v))


def norm(v, masked):
    if masked is True or masked is np.ma.masked or v is np.ma.masked:
        return None
    if isinstance(v, np.ndarray):
        flat = np.ma.getdata(v).ravel()
        m = np.ma.getmaskarray(v).ravel()
        out = []
        for x, mk in zip(flat, m):
            if mk and not (flat.dtype.kind in "fc" and np.isnan(x)):
                out.append(None)  # a masked element that is not a NaN
            else:
                out.append(norm_scalar(x, True))
        if all(e is None for e in out):
            return None  # empty array or null row
        return out
    return norm_scalar(v, False)


def dump(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vt = parse(path)
    t = vt.get_first_table()
    arr = t.array
    cols = []
    for name in arr.dtype.names:
        data, mask = arr[name].data, np.ma.getmaskarray(arr[name])
        col = []
        for i in range(len(arr)):
            m = mask[i]
            if isinstance(m, np.ndarray):
                m = False  # arrays: judged element by element in norm
            col.append(norm(data[i], bool(m)))
        cols.append({"name": name, "cells": col})
    with open(path + ".json", "w") as f:
        json.dump({"rows": len(arr), "columns": cols}, f)


if len(sys.argv) > 2 and sys.argv[1] == "dump":
    # dump FILE...: only astropy's reading of existing files.
    for p in sys.argv[2:]:
        dump(p)
    sys.exit(0)

files = []
stilts = os.environ.get("STILTS", "stilts")
for set_name, names in SETS.items():
    src = os.path.join(out, "%s-src-tabledata.xml" % set_name)
    write_source(src, names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vt = parse(src)
    files.append(src)
    for fmt in ("tabledata", "binary", "binary2"):
        if set_name == "vararrays" and fmt != "tabledata":
            continue
        vt.get_first_table().format = fmt
        p = os.path.join(out, "%s-astropy-%s.xml" % (set_name, fmt))
        vt.to_xml(p)
        files.append(p)
    for ofmt, name in (("votable-tabledata", "tabledata"), ("votable-binary-inline", "binary"),
                       ("votable-binary2-inline", "binary2")):
        p = os.path.join(out, "%s-stilts-%s.xml" % (set_name, name))
        subprocess.run([stilts, "tcopy", "in=" + src, "ifmt=votable", "out=" + p, "ofmt=" + ofmt],
                       check=True, stdout=subprocess.DEVNULL)
        files.append(p)
for p in files:
    dump(p)
print("\n".join(files))
