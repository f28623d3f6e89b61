<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: reduced (Phase 3) products, shaped like ESO's.

  phase3v2.products (hidden from TAP) holds one row per product and is
  published into ivoa.obscore, where ESO's extra columns (dp_id, snr,
  abmaglim, ...) come from the obscore extension in userconfig.rd.
  phase3v2.product_files lists the files of each product, like ESO's
  table of the same name; its product_id refers to ivoa.obscore.dp_id
  (declared as a foreign key for TAP_SCHEMA; ivoa.obscore is a view, so the
  database itself cannot enforce it). -->
<resource schema="phase3v2" resdir=".">
  <meta name="creationDate">2024-06-01T00:00:00Z</meta>
  <meta name="title">esodesk testbed: Phase 3 products and their files</meta>
  <meta name="description">Made-up reduced data products (spectra, images,
    cubes) in the shape of the ESO archive's Phase 3 holdings, published
    through ivoa.obscore, and the list of the files (science and ancillary)
    each product consists of.</meta>
  <meta name="subject">Astronomical databases</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="instrument">FORS2, UVES, HARPS, XSHOOTER, MUSE, SINFONI</meta>
  <meta name="facility">ESO Paranal; ESO La Silla</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>

  <table id="products" onDisk="True" adql="hidden" primary="dp_id">
    <meta name="description">Phase 3 products; query them through
      ivoa.obscore.</meta>
    <column name="dp_id" type="text" ucd="meta.id;meta.main"
      required="True" description="ESO product identifier (ADP.*)."/>
    <column name="obs_id" type="text" ucd="meta.id"
      description="Observation identifier (OB id of the first frame)."/>
    <column name="obs_collection" type="text" ucd="meta.id"
      description="Data collection."/>
    <column name="obs_title" type="text" ucd="meta.title;obs"
      description="Title of the product."/>
    <column name="obs_creator_did" type="text" ucd="meta.id"
      description="Creator's identifier (original file name)."/>
    <column name="obs_creator_name" type="text" ucd="meta.id.PI"
      description="Principal investigator."/>
    <column name="proposal_id" type="text" ucd="meta.id;obs.proposal"
      description="ESO programme identifier."/>
    <column name="dataproduct_type" type="text" ucd="meta.code.class"
      description="spectrum, image or cube."/>
    <column name="dataproduct_subtype" type="text" ucd="meta.code.class"
      description="Product subtype."/>
    <column name="calib_level" type="smallint" ucd="meta.code;obs.calib"
      description="Calibration level."/>
    <column name="target_name" type="text" ucd="meta.id;src"
      description="Target name."/>
    <column name="s_ra" type="double precision" unit="deg"
      ucd="pos.eq.ra" description="Centre RA (ICRS)."/>
    <column name="s_dec" type="double precision" unit="deg"
      ucd="pos.eq.dec" description="Centre Dec (ICRS)."/>
    <column name="s_fov" type="double precision" unit="deg"
      ucd="phys.angSize;instr.fov" description="Field of view."/>
    <column name="s_region" type="spoly" unit="deg"
      ucd="pos.outline;obs.field" description="Footprint."/>
    <column name="s_resolution" type="double precision" unit="deg"
      ucd="pos.angResolution" description="Spatial resolution."/>
    <column name="s_pixel_scale" type="double precision" unit="arcsec"
      ucd="phys.angSize;instr.pixel" description="Pixel scale."/>
    <column name="s_xel1" type="bigint" ucd="meta.number"
      description="Pixels along the first spatial axis."/>
    <column name="s_xel2" type="bigint" ucd="meta.number"
      description="Pixels along the second spatial axis."/>
    <column name="t_min" type="double precision" unit="d"
      ucd="time.start;obs.exposure" description="Start (MJD)."/>
    <column name="t_max" type="double precision" unit="d"
      ucd="time.end;obs.exposure" description="End (MJD)."/>
    <column name="t_exptime" type="double precision" unit="s"
      ucd="time.duration;obs.exposure" description="Total exposure."/>
    <column name="em_min" type="double precision" unit="m"
      ucd="em.wl;stat.min" description="Minimum wavelength."/>
    <column name="em_max" type="double precision" unit="m"
      ucd="em.wl;stat.max" description="Maximum wavelength."/>
    <column name="em_res_power" type="double precision"
      ucd="spect.resolution" description="Resolving power."/>
    <column name="em_xel" type="bigint" ucd="meta.number"
      description="Pixels along the spectral axis."/>
    <column name="o_ucd" type="text" ucd="meta.ucd"
      description="UCD of the observable."/>
    <column name="facility_name" type="text" ucd="meta.id;instr.tel"
      description="Telescope."/>
    <column name="instrument_name" type="text" ucd="meta.id;instr"
      description="Instrument."/>
    <column name="access_url" type="text" ucd="meta.ref.url"
      description="DataLink URL of the product."/>
    <column name="access_estsize" type="bigint" unit="kbyte"
      ucd="phys.size;meta.file" description="Size of the science file."/>
    <column name="preview" type="text" ucd="meta.ref.url;meta.preview"
      description="URL of a preview image."/>
    <column name="obs_release_date" type="timestamp" ucd="time.release"
      description="Release date."/>
    <column name="abmaglim" type="real" unit="mag" ucd="phot.mag;stat.max"
      description="Limiting AB magnitude."/>
    <column name="snr" type="real" ucd="stat.snr"
      description="Signal-to-noise ratio."/>
    <column name="n_obs" type="integer" ucd="meta.number;obs"
      description="Number of combined raw frames."/>
    <column name="p3orig" type="text" ucd="meta.code"
      description="IDP, EDP or ASSOC."/>
    <column name="obstech" type="text" ucd="meta.code;instr.setup"
      description="Observation technique."/>
    <column name="filter" type="text" ucd="instr.filter"
      description="Filter."/>
    <column name="gal_lat" type="double precision" unit="deg"
      ucd="pos.galactic.lat" description="Galactic latitude."/>
    <column name="gal_lon" type="double precision" unit="deg"
      ucd="pos.galactic.lon" description="Galactic longitude."/>
    <column name="publication_date" type="timestamp" ucd="time.release"
      description="Publication date."/>
    <column name="preview_html" type="text" ucd="meta.ref.url"
      description="Dataset web page."/>
    <column name="release_description" type="text"
      ucd="meta.ref.url;meta.bib" description="Release description URL."/>

    <mixin
      dataproduct_type="dataproduct_type"
      dataproduct_subtype="dataproduct_subtype"
      calib_level="calib_level"
      obs_collection="obs_collection"
      obs_id="obs_id"
      obs_title="obs_title"
      obs_publisher_did="'ivo://eso.org/ID?' || dp_id"
      obs_creator_did="obs_creator_did"
      access_url="access_url"
      access_format="'application/x-votable+xml;content=datalink'"
      access_estsize="access_estsize"
      target_name="target_name"
      s_ra="s_ra"
      s_dec="s_dec"
      s_fov="s_fov"
      s_region="s_region"
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
      preview="preview"
      dp_id="dp_id"
      proposal_id="proposal_id"
      obs_creator_name="obs_creator_name"
      obs_release_date="obs_release_date"
      abmaglim="abmaglim"
      snr="snr"
      n_obs="n_obs"
      p3orig="p3orig"
      obstech="obstech"
      filter="filter"
      gal_lat="gal_lat"
      gal_lon="gal_lon"
      publication_date="publication_date"
      preview_html="preview_html"
      release_description="release_description"
      >//obscore#publish</mixin>
  </table>

  <table id="product_files" onDisk="True" adql="True" primary="archive_id">
    <meta name="description">Files of the Phase 3 products: one science
      file (eso_category SCIENCE.*) per product plus its ancillary files
      (ANCILLARY.*: previews, weight maps, readmes, ...).  Join with
      ivoa.obscore on product_id = dp_id.</meta>
    <foreignKey source="product_id" dest="dp_id" inTable="//obscore#ObsCore"
      metaOnly="True"/>
    <index columns="product_id"/>
    <column name="product_id" type="text" ucd="meta.id;meta.dataset;meta.main"
      required="True" verbLevel="1"
      description="ESO identifier of the Phase 3 product the file belongs
        to; same as dp_id in ivoa.obscore."/>
    <column name="archive_id" type="text" ucd="meta.id;meta.file;meta.main"
      required="True" verbLevel="1"
      description="ESO identifier of the file.  For the science file it
        equals product_id; ancillary files have their own ids."/>
    <column name="eso_category" type="text" ucd="meta.code.class;meta.file"
      verbLevel="1"
      description="ESO file category: SCIENCE.* or ANCILLARY.* followed by
        dot-separated upper-case tokens (e.g. SCIENCE.SPECTRUM,
        ANCILLARY.PREVIEW)."/>
    <column name="extension" type="text" ucd="meta.id.part;meta.file"
      verbLevel="1"
      description="File name extension, upper case (FITS, PNG, TAR, LOG)."/>
    <column name="original_filename" type="text" ucd="meta.id"
      verbLevel="1"
      description="Name of the file before ingestion into the archive."/>
    <column name="access_url" type="text" ucd="meta.ref.url"
      verbLevel="1" displayHint="type=url"
      description="Download link of the file (dataPortal)."/>
    <column name="access_estsize" type="bigint" unit="kbyte"
      ucd="phys.size;meta.file" verbLevel="1"
      description="Estimated size of the file in kilobytes."/>
  </table>

  <data id="import_products">
    <sources pattern="data/products.csv"/>
    <csvGrammar>
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="products">
      <rowmaker idmaps="*">
        <map key="s_region">pgsphere.SPoly.fromDALI(
          [float(x) for x in @s_region.split()])</map>
      </rowmaker>
    </make>
  </data>

  <data id="import_files">
    <sources pattern="data/product_files.csv"/>
    <csvGrammar/>
    <make table="product_files">
      <rowmaker idmaps="*"/>
    </make>
  </data>
</resource>
