#!/usr/bin/python3
"""Build the testbed's two HiPS (HiPS 1.0) and check them.

Usage: gen_hips.py INPUTS_DIR

Run after gen_images.py (it reads INPUTS_DIR/images/data).  Writes
  hips/data/allsky_map.fits  a HEALPix map made here with healpy (nested,
                             order 8 = nside 256, int16 values): a smooth
                             function of (ra, dec) plus bright discs at
                             the positions in DISCS
  hips/static/allsky/        HipsGen MAPTILES over that map: FITS + PNG
                             tiles, order 3, 32x32 tiles, equatorial
  hips/static/images/        HipsGen over the 2-D images of images/data
                             (not the cube, not lmc_ait.fits): FITS + PNG,
                             order 10, 64x64 tiles, equatorial
  esodesk-hips.env           what the tests need (paths, orders, widths)

DaCHS serves hips/static/ with the static renderer of rd/hips/q.rd
(/hips/q/s/static/allsky/, /hips/q/s/static/images/).

Self-check (exits non-zero on failure): both properties files parse; every
FITS tile at the allsky HiPS's deepest order equals the map at the nested
index the HiPS 1.0 pixel ordering gives (tile_pixel_index below); its PNG
tiles (every 97th) are the same pixels in display orientation.

Debian's /usr/bin/python3 (numpy, astropy, healpy, PIL) and
/usr/share/java/aladin.jar (HipsGen) are needed.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

import healpy as hp
import numpy as np
from astropy.io import fits
from PIL import Image

ALADIN = "/usr/share/java/aladin.jar"
MAP_ORDER = 8           # nside 256: 786,432 pixels, 1.5 MB as int16
ALLSKY_TILE_WIDTH = 32  # → hips_order = 8 - log2(32) = 3
IMAGES_ORDER = 10       # 3.2" pixels (the images have 0.8-2"): ~15 tiles each
IMAGES_TILE_WIDTH = 64
# lmc_ait.fits (1.7 x 1.7 deg at 20"/pixel) alone would be ~1000 order-10
# tiles (15 MB): left out to keep the HiPS small
IMAGES_EXCLUDED = {"lmc_ait.fits"}
PIXEL_CUT = (0, 1000)   # the map's value range, for the PNG tiles
URL_PATH = "/hips/q/s/static"

# (name, ra, dec, radius deg, value): flat bright discs on the map, at
# testbed targets and one in the north, so a sky view has landmarks
DISCS = [
    ("NGC 3603", 168.78, -61.26, 2.0, 800),
    ("M83", 204.25, -29.87, 3.0, 900),
    ("Sgr A*", 266.4168, -29.0078, 5.0, 1000),
    ("LMC", 80.89, -69.76, 4.0, 700),
    ("north", 30.0, 60.0, 3.0, 950),
]


def fail(msg):
    sys.exit("gen_hips.py: self-check failed: " + msg)


def make_map():
    """The allsky map: integers, so tile values compare exactly."""
    nside = 1 << MAP_ORDER
    ra, dec = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)), nest=True,
                         lonlat=True)
    r, d = np.radians(ra), np.radians(dec)
    # smooth, and asymmetric in ra and dec so a flipped tile shows
    v = 300 + 120 * np.sin(d) + 80 * np.cos(d) * np.cos(r - np.radians(60))
    xyz = np.array(hp.ang2vec(ra, dec, lonlat=True))
    for _, dra, ddec, rad, val in DISCS:
        c = hp.ang2vec(dra, ddec, lonlat=True)
        v[xyz @ c >= np.cos(np.radians(rad))] = val
    return np.round(v).astype(np.int16)


def hipsgen(log, *args):
    cmd = ["java", "-Xmx1g", "-cp", ALADIN, "cds.allsky.HipsGen"] + list(args)
    with open(log, "w") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.exit("gen_hips.py: HipsGen failed (%d), see %s" % (p.returncode, log))


def read_properties(path):
    props = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            k, v = line.split("=", 1)
            props[k.strip()] = v.strip()
    return props


def set_properties(path, **kv):
    """Replace (or add) property lines; HipsGen names things after files."""
    lines = open(path).read().splitlines()
    out, done = [], set()
    for line in lines:
        k = line.split("=", 1)[0].strip().lstrip("#").strip()
        if k in kv and "=" in line:
            if k not in done:
                out.append("%-20s = %s" % (k, kv[k]))
                done.add(k)
            continue
        out.append(line)
    out += ["%-20s = %s" % (k, v) for k, v in kv.items() if k not in done]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def tile_pixel_index(width):
    """nested index offsets of a tile's pixels, as idx[y, x] with (x, y)
    in the tile IMAGE (PNG orientation: 0,0 = top left).  The pixel's
    nested index at order k + log2(width) is tile * width^2 + idx[y, x]:
    the bits of x are the odd bits, those of y the even bits of idx."""
    idx = np.zeros((width, width), dtype=np.int64)
    ys, xs = np.mgrid[0:width, 0:width]
    for b in range(width.bit_length() - 1):
        idx |= ((xs >> b) & 1) << (2 * b + 1)
        idx |= ((ys >> b) & 1) << (2 * b)
    return idx


def check_allsky(out, hmap, order, width):
    props = read_properties(os.path.join(out, "properties"))
    for k, want in [("hips_order", str(order)),
                    ("hips_tile_width", str(width)),
                    ("hips_frame", "equatorial")]:
        if props.get(k) != want:
            fail("allsky properties %s = %r, want %r" % (k, props.get(k), want))
    fmts = props.get("hips_tile_format", "").split()
    if "fits" not in fmts or "png" not in fmts:
        fail("allsky hips_tile_format = %r" % fmts)
    idx = tile_pixel_index(width)
    n = 0
    for tile in range(12 * 4 ** order):
        base = os.path.join(out, "Norder%d" % order,
                            "Dir%d" % (tile // 10000 * 10000), "Npix%d" % tile)
        with fits.open(base + ".fits") as h:
            data = h[0].data
        want = hmap[tile * width * width + idx]   # display orientation
        # FITS rows run bottom up: row 0 is the image's bottom line
        if not np.array_equal(data[::-1, :], want):
            bad = np.argwhere(data[::-1, :] != want)[0]
            fail("allsky tile %d pixel (x=%d, y=%d): FITS %r, map %r"
                 % (tile, bad[1], bad[0], data[::-1, :][tuple(bad)],
                    want[tuple(bad)]))
        if tile % 97 == 0:   # PNG: same pixels, same orientation
            png = np.asarray(Image.open(base + ".png").convert("L"),
                             dtype=float)
            lo, hi = PIXEL_CUT
            grey = 1 + np.clip((want - lo) / (hi - lo), 0, 1) * 254
            if np.abs(png - grey).max() > 1.5:
                fail("allsky PNG tile %d differs from the map (max %.1f grey levels)"
                     % (tile, np.abs(png - grey).max()))
        n += 1
    return n


def build_allsky(inputs, tmp):
    mapdir = os.path.join(inputs, "hips", "data")
    os.makedirs(mapdir, exist_ok=True)
    mapfile = os.path.join(mapdir, "allsky_map.fits")
    hmap = make_map()
    hp.write_map(mapfile, hmap, nest=True, coord="C", dtype=np.int16,
                 overwrite=True)
    out = os.path.join(inputs, "hips", "static", "allsky")
    shutil.rmtree(out, ignore_errors=True)
    order = MAP_ORDER - (ALLSKY_TILE_WIDTH.bit_length() - 1)
    hipsgen(os.path.join(tmp, "allsky.log"), "in=" + mapfile, "out=" + out,
            "creator_did=ivo://testbed.example/P/esodesk/allsky",
            "hips_frame=equatorial", "hips_tile_width=%d" % ALLSKY_TILE_WIDTH,
            "pixelCut=%d %d linear" % PIXEL_CUT, "MAPTILES", "PNG")
    set_properties(os.path.join(out, "properties"),
                   obs_title="esodesk testbed all-sky HiPS",
                   # HipsGen's estimate is wider than the map's values
                   hips_data_range="%d %d" % (hmap.min(), hmap.max()),
                   obs_description="A synthetic HEALPix map (healpy, nested,"
                   " nside %d): a smooth function of RA and Dec with bright discs"
                   " at testbed targets." % (1 << MAP_ORDER))
    t0 = time.time()
    n = check_allsky(out, hmap, order, ALLSKY_TILE_WIDTH)
    print("gen_hips.py: allsky: %d order-%d tiles match the map (%.1f s)"
          % (n, order, time.time() - t0))
    return mapfile, order


def build_images(inputs, tmp):
    src = os.path.join(inputs, "images", "data")
    used = []
    indir = os.path.join(tmp, "images")
    os.makedirs(indir)
    for f in sorted(glob.glob(os.path.join(src, "*.fits"))):
        if os.path.basename(f) in IMAGES_EXCLUDED:
            continue
        # 2-D images only, in HDU 0 or 1 (HipsGen: "extension 0, otherwise
        # 1"; the RICE_1 file's image is HDU 1)
        with fits.open(f) as h:
            if not any(x.header.get("NAXIS") == 2 for x in h[:2]):
                continue
        shutil.copy(f, indir)
        used.append(os.path.basename(f))
    out = os.path.join(inputs, "hips", "static", "images")
    shutil.rmtree(out, ignore_errors=True)
    hipsgen(os.path.join(tmp, "images.log"), "in=" + indir, "out=" + out,
            "creator_did=ivo://testbed.example/P/esodesk/images",
            "hips_frame=equatorial", "hips_order=%d" % IMAGES_ORDER,
            "hips_tile_width=%d" % IMAGES_TILE_WIDTH, "INDEX", "TILES", "PNG")
    # the index names our temporary copies; Norder3/Allsky.fits would be
    # 12 MB (768 float tiles) of nearly all blank: Allsky.png stays
    shutil.rmtree(os.path.join(out, "HpxFinder"), ignore_errors=True)
    os.remove(os.path.join(out, "Norder3", "Allsky.fits"))
    set_properties(os.path.join(out, "properties"),
                   obs_title="esodesk testbed images HiPS",
                   obs_description="HipsGen over the esodesk testbed's 2-D"
                   " images (SIA service images/q).")
    props = read_properties(os.path.join(out, "properties"))
    if props.get("hips_order") != str(IMAGES_ORDER) or \
            props.get("hips_tile_width") != str(IMAGES_TILE_WIDTH):
        fail("images properties: order %r, tile width %r"
             % (props.get("hips_order"), props.get("hips_tile_width")))
    # the tile under NGC 3603 must be there, in both formats
    tile = hp.ang2pix(1 << IMAGES_ORDER, 168.78, -61.26, nest=True, lonlat=True)
    base = os.path.join(out, "Norder%d" % IMAGES_ORDER,
                        "Dir%d" % (tile // 10000 * 10000), "Npix%d" % tile)
    for ext in ("fits", "png"):
        if not os.path.exists(base + "." + ext):
            fail("images: no tile %s.%s under NGC 3603" % (base, ext))
    return used


def du(path):
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(path) for f in fs)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    inputs = sys.argv[1]
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="esodesk-hips-")
    try:
        mapfile, order = build_allsky(inputs, tmp)
        used = build_images(inputs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    env = [
        ("HIPS_ALLSKY_PATH", URL_PATH + "/allsky"),
        ("HIPS_IMAGES_PATH", URL_PATH + "/images"),
        ("HIPS_ALLSKY_MAP", mapfile),
        ("HIPS_ALLSKY_MAP_ORDER", MAP_ORDER),
        ("HIPS_ALLSKY_ORDER", order),
        ("HIPS_ALLSKY_TILE_WIDTH", ALLSKY_TILE_WIDTH),
        ("HIPS_ALLSKY_PIXEL_CUT", '"%d %d"' % PIXEL_CUT),
        ("HIPS_ALLSKY_DISCS", '"%s"' % ";".join(
            "%s,%s,%s,%d" % d[1:] for d in DISCS)),
        ("HIPS_IMAGES_ORDER", IMAGES_ORDER),
        ("HIPS_IMAGES_TILE_WIDTH", IMAGES_TILE_WIDTH),
        ("HIPS_IMAGES_FILES", '"%s"' % " ".join(used)),
    ]
    with open(os.path.join(inputs, "esodesk-hips.env"), "w") as f:
        for k, v in env:
            f.write("%s=%s\n" % (k, v))
    static = os.path.join(inputs, "hips", "static")
    print("gen_hips.py: allsky %.1f MB, images %.1f MB (%d files), %.1f s"
          % (du(os.path.join(static, "allsky")) / 1e6,
             du(os.path.join(static, "images")) / 1e6, len(used),
             time.time() - t0))


if __name__ == "__main__":
    main()
