<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: FITS images with varied WCS and a MUSE-shaped cube
  (written by gen_images.py), published to ivoa.obscore and therefore
  served by DaCHS's site-wide SIA 2 service
  (/__system__/siap2/sitewide/siap2.xml); a DataLink/SODA service for the
  cube (images/q/dl: CIRCLE, POLYGON, POS, BAND, PIXEL cutouts); and a
  source catalogue with a cone search (images/q/cone/scs.xml).

  The ObsCore metadata (footprint in ICRS, centre, field size, band) is
  computed by gen_images.py with astropy and read from images.csv, so
  Galactic, SIP, AIT or compressed files need no DaCHS WCS handling at
  import.  Images' access_url is the FITS file (getproduct); the cube's is
  its DataLink document. -->
<resource schema="images" resdir=".">
  <meta name="creationDate">2024-06-13T00:00:00Z</meta>
  <meta name="title">esodesk testbed: images, a cube and a catalogue</meta>
  <meta name="description">Synthetic FITS images of well-known fields
    (NGC 3603, M83, Eta Car, Sgr A*, SN 1987A, NGC 1068) in many WCS
    flavours, a small MUSE-shaped data cube of M83, and a catalogue of the
    sources shown in the images, for client tests of SIA 2, SODA, DataLink
    and cone search.</meta>
  <meta name="subject">Images</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="publisher">esodesk testbed</meta>
  <meta name="instrument">FORS2, HAWKI, OMEGACAM, MUSE</meta>
  <meta name="facility">ESO Paranal</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>
  <meta name="coverage.waveband">Infrared</meta>

  <table id="main" onDisk="True" adql="True" mixin="//siap#pgs">
    <meta name="description">The testbed's images and cubes with their
      ObsCore metadata (also in ivoa.obscore).</meta>
    <meta name="_associatedDatalinkService">
      <meta name="serviceId">dl</meta>
      <meta name="idColumn">obs_publisher_did</meta>
    </meta>
    <column name="obs_publisher_did" type="text" ucd="meta.ref.ivoid"
      description="Publisher's identifier of the dataset."/>
    <column name="wcs" type="text" ucd="meta.note"
      description="The WCS flavour of the file (projection, CD or PC,
        distortion, ...)."/>
    <column name="dataproduct_type" type="text" ucd="meta.code.class"
      description="image or cube."/>
    <column name="obs_title" type="text" ucd="meta.title"
      description="Title of the dataset."/>
    <column name="target_name" type="text" ucd="meta.id;src"
      description="Target of the observation."/>
    <column name="instrument_name" type="text" ucd="meta.id;instr"
      description="Instrument."/>
    <column name="facility_name" type="text" ucd="meta.id;instr.tel"
      description="Telescope."/>
    <column name="filter" type="text" ucd="instr.filter"
      description="Filter (NULL for the cube)."/>
    <column name="obstech" type="text" ucd="meta.code;instr.setup"
      description="IMAGE or IFU."/>
    <column name="calib_level" type="smallint" required="True"
      ucd="meta.code;obs.calib" description="Calibration level."/>
    <column name="s_ra" type="double precision" unit="deg"
      ucd="pos.eq.ra" description="ICRS RA of the image centre."/>
    <column name="s_dec" type="double precision" unit="deg"
      ucd="pos.eq.dec" description="ICRS Dec of the image centre."/>
    <column name="s_fov" type="double precision" unit="deg"
      ucd="phys.angSize;instr.fov"
      description="Diameter of the circle around the centre through the
        farthest corner."/>
    <column name="s_resolution" type="real" unit="arcsec"
      ucd="pos.angResolution" description="Spatial resolution (FWHM)."/>
    <column name="s_pixel_scale" type="real" unit="arcsec"
      ucd="phys.angSize;instr.pixel" description="Pixel size."/>
    <column name="s_xel1" type="integer" ucd="meta.number"
      description="Pixels along the first axis."/>
    <column name="s_xel2" type="integer" ucd="meta.number"
      description="Pixels along the second axis."/>
    <column name="em_xel" type="integer" ucd="meta.number"
      description="Pixels along the spectral axis (1 for images)."/>
    <column name="t_min" type="double precision" unit="d"
      ucd="time.start;obs.exposure" description="Start (MJD)."/>
    <column name="t_max" type="double precision" unit="d"
      ucd="time.end;obs.exposure" description="End (MJD)."/>
    <column name="t_exptime" type="real" unit="s"
      ucd="time.duration;obs.exposure" description="Exposure time."/>
    <column name="em_min" type="double precision" unit="m"
      ucd="em.wl;stat.min" description="Shortest wavelength."/>
    <column name="em_max" type="double precision" unit="m"
      ucd="em.wl;stat.max" description="Longest wavelength."/>
    <column name="em_res_power" type="real" ucd="spect.resolution"
      description="Spectral resolving power (cube only)."/>
    <column name="o_ucd" type="text" ucd="meta.ucd"
      description="UCD of the pixel values."/>
    <column name="gal_lon" type="double precision" unit="deg"
      ucd="pos.galactic.lon" description="Galactic longitude of the centre."/>
    <column name="gal_lat" type="double precision" unit="deg"
      ucd="pos.galactic.lat" description="Galactic latitude of the centre."/>
    <column name="n_stars" type="integer" ucd="meta.number"
      description="Catalogue sources drawn into the image."/>
    <column name="datalink" type="text" ucd="meta.ref.url"
      displayHint="type=url" description="DataLink document (cube only).">
      <property name="targetType"
        >application/x-votable+xml;content=datalink</property>
    </column>

    <mixin
      dataproduct_type="dataproduct_type"
      calib_level="calib_level"
      obs_collection="'TESTBED-IMG'"
      obs_title="obs_title"
      obs_publisher_did="obs_publisher_did"
      access_url="COALESCE(datalink, accref)"
      access_format="(CASE WHEN datalink IS NULL THEN mime
        ELSE 'application/x-votable+xml;content=datalink' END)"
      target_name="target_name"
      s_ra="s_ra"
      s_dec="s_dec"
      s_fov="s_fov"
      s_region="coverage"
      s_resolution="s_resolution"
      s_pixel_scale="s_pixel_scale"
      s_xel1="s_xel1"
      s_xel2="s_xel2"
      t_min="t_min"
      t_max="t_max"
      t_exptime="t_exptime"
      em_min="em_min"
      em_max="em_max"
      em_res_power="em_res_power"
      em_xel="em_xel"
      o_ucd="o_ucd"
      facility_name="facility_name"
      instrument_name="instrument_name"
      preview="NULL"
      obstech="obstech"
      filter="filter"
      gal_lat="gal_lat"
      gal_lon="gal_lon"
      n_obs="1"
      >//obscore#publish</mixin>
  </table>

  <data id="import">
    <sources pattern="data/images.csv"/>
    <csvGrammar>
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.main"</bind>
        <bind key="accref">@file</bind>
        <bind key="path">@file</bind>
        <bind key="fsize">int(@fsize)</bind>
        <bind key="mime">"image/fits"</bind>
        <bind key="preview">None</bind>
      </rowfilter>
    </csvGrammar>
    <make table="main">
      <rowmaker idmaps="*">
        <!-- //siap#pgs (SIA 1) columns; coverage is also s_region -->
        <map key="coverage">pgsphere.SPoly.fromDALI(
          [float(x) for x in @s_region.split()])</map>
        <map key="centerAlpha">@s_ra</map>
        <map key="centerDelta">@s_dec</map>
        <map key="imageTitle">@obs_title</map>
        <map key="instId">@instrument_name</map>
        <map key="dateObs">@t_min</map>
        <map key="nAxes">3 if @dataproduct_type=="cube" else 2</map>
        <map key="pixelSize">([int(@s_xel1), int(@s_xel2)]
          + ([int(@em_xel)] if @dataproduct_type=="cube" else []))</map>
        <map key="pixelScale">[float(@s_pixel_scale)/3600.]*2</map>
        <map key="refFrame">"ICRS"</map>
        <map key="wcs_projection">@wcs.split(",")[0]</map>
        <map key="bandpassId">@filter</map>
        <map key="bandpassUnit">"m"</map>
        <map key="bandpassLo">@em_min</map>
        <map key="bandpassHi">@em_max</map>
        <map key="bandpassRefval">(float(@em_min)+float(@em_max))/2</map>
        <map key="obs_publisher_did">getStandardPubDID(@file)</map>
        <map key="datalink">(\dlMetaURI{dl}
          if @dataproduct_type=="cube" else None)</map>
      </rowmaker>
    </make>
  </data>

  <!-- the catalogue: sources around the fields, drawn into the images -->
  <table id="sources" onDisk="True" adql="True" mixin="//scs#q3cindex">
    <meta name="description">Made-up point sources around NGC 3603, M83,
      Eta Car, Sgr A* and NGC 1068; the testbed images show them as
      Gaussian stars.</meta>
    <column name="name" type="text" ucd="meta.id;meta.main"
      required="True" verbLevel="1"
      description="Source designation (TBC Jhhmmss.s+ddmmss)."/>
    <column name="ra" type="double precision" unit="deg"
      ucd="pos.eq.ra;meta.main" verbLevel="1" required="True"
      description="ICRS right ascension."/>
    <column name="dec" type="double precision" unit="deg"
      ucd="pos.eq.dec;meta.main" verbLevel="1" required="True"
      description="ICRS declination."/>
    <column name="mag" type="real" unit="mag" ucd="phot.mag;em.opt.V"
      verbLevel="1" description="V magnitude."/>
  </table>

  <data id="import_sources">
    <sources pattern="data/sources.csv"/>
    <csvGrammar/>
    <make table="sources">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <service id="cone" allowed="form,scs.xml">
    <meta name="shortName">esodesk img cat</meta>
    <meta name="title">esodesk testbed source catalogue cone search</meta>
    <meta name="testQuery">
      <meta name="ra">168.78</meta>
      <meta name="dec">-61.26</meta>
      <meta name="sr">0.05</meta>
    </meta>
    <publish render="scs.xml" sets="ivo_managed"/>
    <publish render="form" sets="local"/>
    <scsCore queriedTable="sources">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
  </service>

  <!-- SIA 1 over the same table (the registry's SIA record points here:
    pyvo 1.2.1 finds only ivo://ivoa.net/std/sia); footprints from
    images.csv, wcs_* reference values left NULL (the files have them) -->
  <service id="im" allowed="form,siap.xml">
    <meta name="shortName">esodesk images</meta>
    <meta name="title">esodesk testbed images (SIA 1)</meta>
    <meta name="sia.type">Pointed</meta>
    <meta name="testQuery.pos.ra">168.78</meta>
    <meta name="testQuery.pos.dec">-61.26</meta>
    <meta name="testQuery.size.ra">0.1</meta>
    <meta name="testQuery.size.dec">0.1</meta>
    <publish render="siap.xml" sets="ivo_managed"/>
    <dbCore queriedTable="main">
      <condDesc original="//siap#protoInput"/>
      <condDesc original="//siap#humanInput"/>
    </dbCore>
  </service>

  <!-- DataLink and SODA for the cube: #this (the FITS file) and a #proc
    descriptor; dlget cuts out CIRCLE/POLYGON/POS, BAND (metres) and
    PIXEL_n ranges. -->
  <service id="dl" allowed="dlget,dlmeta">
    <meta name="title">esodesk testbed cube DataLink/SODA service</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#fits_genDesc">
        <bind key="accrefPrefix">"images/data/m83_muse"</bind>
      </descriptorGenerator>
      <FEED source="//soda#fits_standardDLFuncs" spectralAxis="3"
        wavelengthOverride="'Angstrom'"/>
    </datalinkCore>
  </service>
</resource>
