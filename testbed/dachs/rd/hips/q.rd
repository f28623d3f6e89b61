<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: two HiPS (HiPS 1.0) served as static files.

  gen_hips.py writes them below this resdir's static/ directory:
    static/allsky/  whole sky, from a synthetic HEALPix map (healpy),
                    FITS + PNG tiles, order 3, 32x32, equatorial
    static/images/  HipsGen over the 2-D images of rd/images,
                    FITS + PNG tiles, order 10, 64x64, equatorial
  and DaCHS's static renderer hands them out unchanged under
  /hips/q/s/static/allsky/ and /hips/q/s/static/images/ (HiPS base URLs,
  e.g. .../allsky/properties, .../allsky/Norder3/Allsky.png,
  .../allsky/Norder3/Dir0/Npix12.fits).  No tables; the registry records
  are in rd/rr. -->
<resource schema="hips" resdir=".">
  <meta name="creationDate">2026-12-06T00:00:00Z</meta>
  <meta name="title">esodesk testbed: HiPS</meta>
  <meta name="description">Two small HiPS for client tests: a synthetic
    whole-sky map and the testbed's images.</meta>
  <meta name="subject">Images</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="publisher">esodesk testbed</meta>
  <meta name="contentLevel">Research</meta>

  <!-- customPage: res/textplain.py, imported when DaCHS loads this RD,
    makes the static renderer send `properties` (no extension) as
    text/plain instead of twisted's default text/html -->
  <service id="s" allowed="static" customPage="res/textplain">
    <meta name="title">esodesk testbed HiPS (static files)</meta>
    <meta name="shortName">tb HiPS</meta>
    <property name="staticData">static</property>
    <nullCore/>
  </service>
</resource>
