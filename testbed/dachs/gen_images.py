#!/usr/bin/python3
"""Write the testbed's images, a MUSE-shaped cube and a source catalogue.

Usage: gen_images.py INPUTS_DIR

Writes (all made up, byte-for-byte reproducible: fixed seed, no clock)
  images/data/*.fits        2-D images with varied WCS (TAN/CD, SIN/PC,
                            ZEA, ARC, CAR, AIT, CROTA2, TAN-SIP, Galactic,
                            int16 BSCALE/BZERO, RICE_1 tile-compressed)
                            and one cube (RA/DEC/AWAV)
  images/data/images.csv    one row per file: ObsCore metadata computed
                            here with astropy (footprint in ICRS, ...)
  images/data/sources.csv   the catalogue behind the cone search; the
                            images show these sources as Gaussian stars
  esodesk-images.env        counts for setup.sh's self-check

Run with Debian's /usr/bin/python3 (numpy, astropy).
"""
import csv
import os
import sys

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from astropy.io import fits
from astropy.wcs import WCS

SEED = 20240613
DIR = "images/data"

# (name, ra, dec, number of catalogue sources, radius in deg)
FIELDS = [
    ("NGC 3603", 168.78, -61.26, 110, 0.12),
    ("M83", 204.25, -29.87, 90, 0.12),
    ("Eta Car", 161.264775, -59.684431, 40, 0.08),
    ("Sgr A*", 266.416833, -29.007806, 40, 0.08),
    ("NGC 1068", 40.669629, -0.013281, 20, 0.08),
]

# filter: (em_min, em_max) in metres
BANDS = {"R": (5.8e-7, 7.3e-7), "V": (5.0e-7, 5.9e-7), "B": (3.9e-7, 4.9e-7),
         "Ks": (1.99e-6, 2.31e-6), "J": (1.17e-6, 1.33e-6)}


def make_catalogue(rng):
    rows = []
    for name, ra0, dec0, n, rad in FIELDS:
        # uniform within a circle on the sky (small fields: flat is fine)
        r = rad * np.sqrt(rng.uniform(0, 1, n))
        phi = rng.uniform(0, 2 * np.pi, n)
        dec = dec0 + r * np.sin(phi)
        ra = ra0 + r * np.cos(phi) / np.cos(np.radians(dec0))
        mag = np.round(rng.uniform(12.0, 20.0, n), 3)
        for a, d, m in zip(ra, dec, mag):
            c = SkyCoord(a * u.deg, d * u.deg)
            rows.append({
                "name": "TBC J" + c.to_string("hmsdms", sep="", precision=1)
                .replace(" ", ""),
                "ra": "%.6f" % a, "dec": "%.6f" % d, "mag": "%.3f" % m,
                "field": name})
    return rows


def header_tan_cd(ra, dec, n1, n2, scale, rot_deg):
    h = fits.Header()
    h["CTYPE1"], h["CTYPE2"] = "RA---TAN", "DEC--TAN"
    h["CRPIX1"], h["CRPIX2"] = (n1 + 1) / 2, (n2 + 1) / 2
    h["CRVAL1"], h["CRVAL2"] = ra, dec
    t = np.radians(rot_deg)
    s = scale / 3600
    h["CD1_1"], h["CD1_2"] = -s * np.cos(t), s * np.sin(t)
    h["CD2_1"], h["CD2_2"] = s * np.sin(t), s * np.cos(t)
    return h


def header_pc(proj, ra, dec, n1, n2, scale, c1="RA--", c2="DEC-", pc=None):
    h = fits.Header()
    h["CTYPE1"] = (c1 + "----")[:4] + "-" + proj
    h["CTYPE2"] = (c2 + "----")[:4] + "-" + proj
    h["CRPIX1"], h["CRPIX2"] = (n1 + 1) / 2, (n2 + 1) / 2
    h["CRVAL1"], h["CRVAL2"] = ra, dec
    h["CDELT1"], h["CDELT2"] = -scale / 3600, scale / 3600
    h["CUNIT1"], h["CUNIT2"] = "deg", "deg"
    if pc is not None:
        h["PC1_1"], h["PC1_2"], h["PC2_1"], h["PC2_2"] = pc
    return h


def add_sip(h, n1, n2):
    """Order-3 SIP distortion (a few pixels at the corners) and its inverse
    AP/BP, fitted by least squares as astrometric pipelines do."""
    h["CTYPE1"], h["CTYPE2"] = "RA---TAN-SIP", "DEC--TAN-SIP"
    a = {(2, 0): 2.1e-6, (1, 1): -1.4e-6, (0, 2): 8.0e-7,
         (3, 0): 3.0e-9, (2, 1): -1.2e-9, (1, 2): 2.2e-9, (0, 3): -6.0e-10}
    b = {(2, 0): -9.0e-7, (1, 1): 1.7e-6, (0, 2): -2.5e-6,
         (3, 0): 7.0e-10, (2, 1): 2.6e-9, (1, 2): -1.1e-9, (0, 3): 3.2e-9}
    h["A_ORDER"], h["B_ORDER"] = 3, 3
    for (p, q), v in a.items():
        h["A_%d_%d" % (p, q)] = v
    for (p, q), v in b.items():
        h["B_%d_%d" % (p, q)] = v
    # inverse: fit u - U and v - V as polynomials in (U, V)
    uu, vv = np.meshgrid(np.linspace(-n1 / 2, n1 / 2, 41),
                         np.linspace(-n2 / 2, n2 / 2, 41))
    uu, vv = uu.ravel(), vv.ravel()
    big_u = uu + sum(c * uu**p * vv**q for (p, q), c in a.items())
    big_v = vv + sum(c * uu**p * vv**q for (p, q), c in b.items())
    terms = [(p, q) for p in range(4) for q in range(4) if 1 <= p + q <= 3]
    m = np.array([big_u**p * big_v**q for p, q in terms]).T
    ap = np.linalg.lstsq(m, uu - big_u, rcond=None)[0]
    bp = np.linalg.lstsq(m, vv - big_v, rcond=None)[0]
    h["AP_ORDER"], h["BP_ORDER"] = 3, 3
    for (p, q), c1, c2 in zip(terms, ap, bp):
        h["AP_%d_%d" % (p, q)] = float("%.6e" % c1)
        h["BP_%d_%d" % (p, q)] = float("%.6e" % c2)
    return h


# name, header builder, size, field, instrument, telescope, filter,
# exposure, MJD, kind ('float', 'int16', 'rice')
def image_specs():
    return [
        ("ngc3603_tan_cd.fits", "TAN, CD matrix (rotated 12 deg)",
         lambda: header_tan_cd(168.78, -61.26, 400, 400, 1.0, 12.0),
         (400, 400), "NGC 3603", "FORS2", "ESO-VLT-U1", "R", 120.0,
         58600.10, "float"),
        ("ngc3603_sin_pc.fits", "SIN, PC + CDELT",
         lambda: header_pc("SIN", 168.80, -61.25, 300, 300, 1.2,
                           pc=(0.9962, -0.0872, 0.0872, 0.9962)),
         (300, 300), "NGC 3603", "FORS2", "ESO-VLT-U1", "V", 90.0,
         58600.12, "float"),
        ("ngc3603_rice.fits", "TAN, CD; RICE_1 tile-compressed (HDU 1)",
         lambda: header_tan_cd(168.76, -61.27, 320, 240, 1.5, 0.0),
         (320, 240), "NGC 3603", "HAWKI", "ESO-VLT-U4", "J", 60.0,
         58601.05, "rice"),
        ("m83_zea.fits", "ZEA, CDELT",
         lambda: header_pc("ZEA", 204.25, -29.87, 500, 400, 1.3),
         (500, 400), "M83", "FORS2", "ESO-VLT-U1", "B", 300.0,
         58610.20, "float"),
        ("m83_arc.fits", "ARC, CDELT",
         lambda: header_pc("ARC", 204.27, -29.86, 300, 300, 1.5),
         (300, 300), "M83", "FORS2", "ESO-VLT-U1", "V", 240.0,
         58610.22, "float"),
        ("m83_int16.fits", "TAN, CD; int16 with BSCALE/BZERO",
         lambda: header_tan_cd(204.24, -29.88, 256, 256, 1.6, -20.0),
         (256, 256), "M83", "FORS2", "ESO-VLT-U1", "R", 180.0,
         58610.25, "int16"),
        ("etacar_car.fits", "CAR, CDELT",
         lambda: header_pc("CAR", 161.264775, -59.684431, 400, 300, 2.0),
         (400, 300), "Eta Car", "HAWKI", "ESO-VLT-U4", "Ks", 60.0,
         58620.30, "float"),
        ("lmc_ait.fits", "AIT, CDELT (1.7 deg field)",
         lambda: header_pc("AIT", 83.86675, -69.269722, 300, 300, 20.0),
         (300, 300), "SN 1987A", "OMEGACAM", "ESO-VST", "R", 600.0,
         58630.00, "float"),
        ("sgra_crota2.fits", "TAN, CDELT + CROTA2=30",
         lambda: crota(header_pc("TAN", 266.416833, -29.007806, 300, 200,
                                 1.0), 30.0),
         (300, 200), "Sgr A*", "HAWKI", "ESO-VLT-U4", "Ks", 30.0,
         58640.35, "float"),
        ("galcen_gal_tan.fits", "GLON-TAN/GLAT-TAN (Galactic)",
         lambda: header_pc("TAN", 359.944, -0.046, 400, 400, 2.0,
                           c1="GLON", c2="GLAT"),
         (400, 400), "Sgr A*", "HAWKI", "ESO-VLT-U4", "Ks", 30.0,
         58640.40, "float"),
        ("ngc1068_tan_sip.fits", "TAN-SIP, order 3 (A/B/AP/BP)",
         lambda: add_sip(header_tan_cd(40.669629, -0.013281, 512, 512,
                                       0.8, 3.0), 512, 512),
         (512, 512), "NGC 1068", "FORS2", "ESO-VLT-U1", "R", 200.0,
         58650.10, "float"),
    ]


def crota(h, angle):
    h["CROTA2"] = angle
    return h


def stars(wcs, shape, cat, flux_scale, fwhm_px, rng, extra=5):
    """Smooth background plus Gaussian stars at the catalogue positions
    (and a few faint field stars)."""
    ny, nx = shape
    yy, xx = np.mgrid[0:ny, 0:nx]
    img = (100.0 + 20.0 * (xx / nx) + 10.0 * (yy / ny)
           + 15.0 * np.exp(-((xx - 0.6 * nx)**2 + (yy - 0.4 * ny)**2)
                           / (2 * (0.3 * nx)**2)))
    sc = SkyCoord([float(r["ra"]) for r in cat] * u.deg,
                  [float(r["dec"]) for r in cat] * u.deg)
    # only sources near the field: far points make SIP inversion diverge
    near = sc.separation(wcs.pixel_to_world(nx / 2, ny / 2)).deg < 3
    cat = [r for r, n in zip(cat, near) if n]
    sc = sc[near]
    px, py = wcs.world_to_pixel(sc)
    mags = np.array([float(r["mag"]) for r in cat])
    sig = fwhm_px / 2.3548
    pts = [(x, y, 10**(-0.4 * (m - 12.0)))
           for x, y, m in zip(px, py, mags)
           if np.isfinite(x) and -5 < x < nx + 5 and -5 < y < ny + 5]
    for _ in range(extra):
        pts.append((rng.uniform(0, nx), rng.uniform(0, ny),
                    10**(-0.4 * rng.uniform(6, 8))))
    for x, y, f in pts:
        x0, x1 = max(int(x) - 12, 0), min(int(x) + 13, nx)
        y0, y1 = max(int(y) - 12, 0), min(int(y) + 13, ny)
        if x0 >= x1 or y0 >= y1:
            continue
        sub = np.exp(-((xx[y0:y1, x0:x1] - x)**2 + (yy[y0:y1, x0:x1] - y)**2)
                     / (2 * sig**2))
        img[y0:y1, x0:x1] += flux_scale * f * sub
    img += rng.normal(0, 2.0, img.shape)
    return img, len(pts) - extra


def footprint(wcs, nx, ny):
    """ICRS corners (pixel edges), centre and field diameter."""
    xs = np.array([-0.5, nx - 0.5, nx - 0.5, -0.5])
    ys = np.array([-0.5, -0.5, ny - 0.5, ny - 0.5])
    corners = wcs.pixel_to_world(xs, ys).icrs
    centre = wcs.pixel_to_world((nx - 1) / 2, (ny - 1) / 2).icrs
    fov = 2 * max(centre.separation(corners).deg)
    return corners, centre, fov


def common_header(h, target, inst, tel, filt, exptime, mjd, ra, dec):
    h["OBJECT"] = target
    h["TELESCOP"] = tel
    h["INSTRUME"] = inst
    h["FILTER"] = filt
    h["EXPTIME"] = (exptime, "[s]")
    h["MJD-OBS"] = mjd
    h["DATE-OBS"] = _isot(mjd)
    h["RADESYS"] = "ICRS"
    h["EQUINOX"] = 2000.0
    h["RA"] = (round(ra, 6), "[deg] pointing")
    h["DEC"] = (round(dec, 6), "[deg] pointing")
    h["ORIGIN"] = "esodesk testbed (synthetic)"


def _isot(mjd):
    from astropy.time import Time
    return Time(mjd, format="mjd", scale="utc").isot


def write_images(outdir, cat, rng):
    rows = []
    for (fname, wcsdesc, mkhdr, (nx, ny), target, inst, tel, filt, exptime,
         mjd, kind) in image_specs():
        h = mkhdr()
        wcs = WCS(h)
        img, nstars = stars(wcs, (ny, nx), cat, 4000.0, 3.5, rng)
        corners, centre, fov = footprint(wcs, nx, ny)
        common_header(h, target, inst, tel, filt, exptime, mjd,
                      centre.ra.deg, centre.dec.deg)
        path = os.path.join(outdir, fname)
        if kind == "int16":
            h["BUNIT"] = "adu"
            hdu = fits.PrimaryHDU(header=h)
            # store (value - 3000)/0.5 as int16; readers apply BSCALE/BZERO
            hdu.data = np.round((img - 3000.0) / 0.5).astype(np.int16)
            hdu.header["BSCALE"] = 0.5
            hdu.header["BZERO"] = 3000.0
            hdul = fits.HDUList([hdu])
        elif kind == "rice":
            h["BUNIT"] = "adu"
            comp = fits.CompImageHDU(data=np.round(img).astype(np.int32),
                                     header=h, compression_type="RICE_1")
            hdul = fits.HDUList([fits.PrimaryHDU(), comp])
        else:
            h["BUNIT"] = "adu"
            hdul = fits.HDUList([fits.PrimaryHDU(img.astype(np.float32), h)])
        hdul.writeto(path, overwrite=True)
        scale = np.sqrt(abs(np.linalg.det(wcs.celestial.pixel_scale_matrix))) \
            * 3600
        rows.append(meta_row(fname, wcsdesc, "image", target, inst, tel,
                             filt, exptime, mjd, corners, centre, fov, scale,
                             nx, ny, 1, BANDS[filt], os.path.getsize(path),
                             nstars))
    return rows


def write_cube(outdir, rng):
    """A MUSE-shaped cube: 40x40 spaxels of 0.2", AWAV from 4750 A in
    1.25 A steps up to 6848.75 A, continuum everywhere plus H-beta,
    [OIII], H-alpha, [NII], [SII] emission (z=0.0017) in a few spaxels."""
    fname, nx, ny, nz = "m83_muse_cube.fits", 40, 40, 1680
    ra, dec, z = 204.2538, -29.8658, 0.0017
    h = fits.Header()
    h["CTYPE1"], h["CTYPE2"], h["CTYPE3"] = "RA---TAN", "DEC--TAN", "AWAV"
    h["CUNIT1"], h["CUNIT2"], h["CUNIT3"] = "deg", "deg", "Angstrom"
    h["CRPIX1"], h["CRPIX2"], h["CRPIX3"] = 20.5, 20.5, 1.0
    h["CRVAL1"], h["CRVAL2"], h["CRVAL3"] = ra, dec, 4750.0
    # CDELTn, not a CD matrix: DaCHS 2.7's SODA BAND reads CDELT3
    h["CDELT1"], h["CDELT2"], h["CDELT3"] = -0.2 / 3600, 0.2 / 3600, 1.25
    h["SPECSYS"] = "BARYCENT"
    wave = 4750.0 + 1.25 * np.arange(nz)
    yy, xx = np.mgrid[0:ny, 0:nx]
    # continuum: a smooth galaxy-like light distribution, blue-sloped
    light = 5.0 + 40.0 * np.exp(-((xx - 19.5)**2 + (yy - 19.5)**2) / 200.0)
    cont = (1.0 + 0.3 * (5500.0 - wave) / 1000.0)
    cube = light[None, :, :] * cont[:, None, None]
    lines = [(4861.33, 0.35), (4958.91, 0.3), (5006.84, 0.9),
             (6548.05, 0.35), (6562.80, 1.0), (6583.45, 1.0),
             (6716.44, 0.4), (6730.82, 0.3)]
    # emission in an HII-region-like knot of spaxels around (12, 27)
    knot = 400.0 * np.exp(-((xx - 12)**2 + (yy - 27)**2) / 8.0)
    prof = np.zeros(nz)
    for lam, s in lines:
        prof += s * np.exp(-(wave - lam * (1 + z))**2 / (2 * 1.1**2))
    cube += prof[:, None, None] * knot[None, :, :]
    cube += rng.normal(0, 0.5, cube.shape)
    common_header(h, "M83", "MUSE", "ESO-VLT-U4", "", 1800.0, 58660.20,
                  ra, dec)
    del h["FILTER"]
    h["BUNIT"] = "10**(-20)*erg/s/cm**2/Angstrom"
    h["Z_KNOT"] = (z, "redshift of the emission lines")
    path = os.path.join(outdir, fname)
    fits.HDUList([fits.PrimaryHDU(cube.astype(np.float32), h)]).writeto(
        path, overwrite=True)
    wcs = WCS(h).celestial
    corners, centre, fov = footprint(wcs, nx, ny)
    return meta_row(fname, "RA---TAN/DEC--TAN, CDELT; AWAV (Angstrom)", "cube",
                    "M83", "MUSE", "ESO-VLT-U4", None, 1800.0, 58660.20,
                    corners, centre, fov, 0.2, nx, ny, nz,
                    (wave[0] * 1e-10 - 0.625e-10, wave[-1] * 1e-10
                     + 0.625e-10), os.path.getsize(path), 0)


def meta_row(fname, wcsdesc, ptype, target, inst, tel, filt, exptime, mjd,
             corners, centre, fov, scale, nx, ny, nz, band, size, nstars):
    poly = " ".join("%.7f %.7f" % (c.ra.deg, c.dec.deg) for c in corners)
    gal = centre.galactic
    return {
        "file": DIR + "/" + fname, "fsize": size, "wcs": wcsdesc,
        "dataproduct_type": ptype,
        "obs_title": "%s %s %s" % (inst, target, filt or "cube"),
        "target_name": target, "instrument_name": inst,
        "facility_name": tel, "filter": filt or "",
        "obstech": "IFU" if ptype == "cube" else "IMAGE",
        "calib_level": 3 if ptype == "cube" else 2,
        "s_ra": "%.7f" % centre.ra.deg, "s_dec": "%.7f" % centre.dec.deg,
        "s_fov": "%.6f" % fov, "s_region": poly,
        "s_resolution": "%.3f" % (0.8 if ptype == "cube" else 1.0),
        "s_pixel_scale": "%.4f" % scale,
        "s_xel1": nx, "s_xel2": ny, "em_xel": nz,
        "t_min": "%.6f" % mjd, "t_max": "%.6f" % (mjd + exptime / 86400),
        "t_exptime": exptime,
        "em_min": "%.6e" % band[0], "em_max": "%.6e" % band[1],
        "em_res_power": 3000 if ptype == "cube" else "",
        "o_ucd": "phot.flux.density;em.wl" if ptype == "cube" else "phot.count",
        "gal_lon": "%.6f" % gal.l.deg, "gal_lat": "%.6f" % gal.b.deg,
        "n_stars": nstars,
    }


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main():
    inputs = sys.argv[1] if len(sys.argv) > 1 else "/var/gavo/inputs"
    outdir = os.path.join(inputs, DIR)
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(SEED)
    cat = make_catalogue(rng)
    rows = write_images(outdir, cat, rng)
    rows.append(write_cube(outdir, rng))
    write_csv(os.path.join(outdir, "images.csv"), rows)
    write_csv(os.path.join(outdir, "sources.csv"),
              [{k: r[k] for k in ("name", "ra", "dec", "mag")} for r in cat])
    ngc3603 = [r for r in cat if r["field"] == "NGC 3603"]
    counts = {
        "N_IMAGES": sum(r["dataproduct_type"] == "image" for r in rows),
        "N_CUBES": sum(r["dataproduct_type"] == "cube" for r in rows),
        "N_IMG_OBSCORE": len(rows),
        "N_SOURCES": len(cat),
        # SCS RA=168.78 DEC=-61.26 SR=0.05
        "N_SCS_NGC3603": sum(
            SkyCoord(float(r["ra"]) * u.deg, float(r["dec"]) * u.deg)
            .separation(SkyCoord(168.78 * u.deg, -61.26 * u.deg)).deg < 0.05
            for r in ngc3603),
        "N_SIA_NGC3603": sum(r["target_name"] == "NGC 3603" for r in rows),
        "N_SIA_M83": sum(r["target_name"] == "M83" for r in rows),
    }
    with open(os.path.join(inputs, "esodesk-images.env"), "w") as f:
        for k, v in counts.items():
            f.write("%s=%d\n" % (k, v))


if __name__ == "__main__":
    main()
