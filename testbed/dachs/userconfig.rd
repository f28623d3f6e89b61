<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: site configuration for DaCHS, installed by setup.sh as
  /var/gavo/etc/userconfig.rd.  DaCHS looks up each %#id here first and
  falls back to its own //userconfig for ids we do not define.

  1. obscore-*: ESO's extra ivoa.ObsCore columns (dp_id, abmaglim, snr, ...).
     Every table published to obscore may set them as mixin parameters
     (SQL expressions); they default to NULL.  After changing these, all
     obscore-publishing resources must be re-imported (setup.sh does that,
     because this file is part of its checksum).
  2. tapexamples: the DALI examples served at /tap/examples. -->
<resource schema="__system">

  <STREAM id="obscore-extracolumns">
    <column name="dp_id" type="text" ucd="meta.id;meta.main"
      tablehead="Product id"
      description="ESO identifier of the data product (ADP.*); same as
        product_id in phase3v2.product_files."
      verbLevel="1"/>
    <column name="proposal_id" type="text" ucd="meta.id;obs.proposal"
      description="Identifier of the ESO programme(s) the data were taken
        for, e.g. 0102.C-0123(A)."
      verbLevel="10"/>
    <column name="obs_creator_name" type="text" ucd="meta.id.PI"
      description="Name of the principal investigator or data provider."
      verbLevel="15"/>
    <column name="obs_release_date" type="timestamp" ucd="time.release"
      description="Date and time the product became public (UTC)."
      verbLevel="15"/>
    <column name="abmaglim" type="real" unit="mag"
      ucd="phot.mag;stat.max"
      description="5-sigma limiting AB magnitude for point sources (images
        and cubes); NULL where not applicable."
      verbLevel="15"/>
    <column name="snr" type="real" ucd="stat.snr"
      description="Median signal-to-noise ratio (spectra); NULL where not
        applicable."
      verbLevel="15"/>
    <column name="n_obs" type="integer" ucd="meta.number;obs"
      description="Number of raw science frames combined into the product."
      verbLevel="15"/>
    <column name="p3orig" type="text" ucd="meta.code"
      description="Origin of the Phase 3 product: IDP (ESO internal data
        product), EDP (external data product) or ASSOC."
      verbLevel="15"/>
    <column name="obstech" type="text" ucd="meta.code;instr.setup"
      description="Observation technique(s), e.g. IMAGE, ECHELLE, IFU."
      verbLevel="15"/>
    <column name="filter" type="text" ucd="instr.filter"
      description="Filter name(s) used for the observation."
      verbLevel="15"/>
    <column name="gal_lat" type="double precision" unit="deg"
      ucd="pos.galactic.lat"
      description="Galactic latitude of the product centre."
      verbLevel="15"/>
    <column name="gal_lon" type="double precision" unit="deg"
      ucd="pos.galactic.lon"
      description="Galactic longitude of the product centre."
      verbLevel="15"/>
    <column name="publication_date" type="timestamp" ucd="time.release"
      description="Date and time the product was published in the
        archive (UTC)."
      verbLevel="15"/>
    <column name="preview_html" type="text" ucd="meta.ref.url"
      description="Web page (dataset page) describing the product."
      verbLevel="15"/>
    <column name="release_description" type="text"
      ucd="meta.ref.url;meta.bib"
      description="URL of the release description of the data collection."
      verbLevel="15"/>
  </STREAM>

  <STREAM id="obscore-extrapars">
    <mixinPar key="dp_id">NULL</mixinPar>
    <mixinPar key="proposal_id">NULL</mixinPar>
    <mixinPar key="obs_creator_name">NULL</mixinPar>
    <mixinPar key="obs_release_date">NULL</mixinPar>
    <mixinPar key="abmaglim">NULL</mixinPar>
    <mixinPar key="snr">NULL</mixinPar>
    <mixinPar key="n_obs">NULL</mixinPar>
    <mixinPar key="p3orig">NULL</mixinPar>
    <mixinPar key="obstech">NULL</mixinPar>
    <mixinPar key="filter">NULL</mixinPar>
    <mixinPar key="gal_lat">NULL</mixinPar>
    <mixinPar key="gal_lon">NULL</mixinPar>
    <mixinPar key="publication_date">NULL</mixinPar>
    <mixinPar key="preview_html">NULL</mixinPar>
    <mixinPar key="release_description">NULL</mixinPar>
  </STREAM>

  <STREAM id="obscore-extraevents">
    <property name="obscoreClause" cumulate="True">
      ,
      CAST(\\dp_id AS text) AS dp_id,
      CAST(\\proposal_id AS text) AS proposal_id,
      CAST(\\obs_creator_name AS text) AS obs_creator_name,
      CAST(\\obs_release_date AS timestamp) AS obs_release_date,
      CAST(\\abmaglim AS real) AS abmaglim,
      CAST(\\snr AS real) AS snr,
      CAST(\\n_obs AS integer) AS n_obs,
      CAST(\\p3orig AS text) AS p3orig,
      CAST(\\obstech AS text) AS obstech,
      CAST(\\filter AS text) AS filter,
      CAST(\\gal_lat AS double precision) AS gal_lat,
      CAST(\\gal_lon AS double precision) AS gal_lon,
      CAST(\\publication_date AS timestamp) AS publication_date,
      CAST(\\preview_html AS text) AS preview_html,
      CAST(\\release_description AS text) AS release_description
    </property>
  </STREAM>

  <STREAM id="tapexamples">
    <meta name="_example" title="Raw science frames of one instrument">
      Raw frames are in :taptable:`dbo.raw`.  The science frames taken
      with UVES, oldest first:

      .. tapquery::

        SELECT TOP 100 dp_id, date_obs, object, prog_id, exposure
        FROM dbo.raw
        WHERE instrument = 'UVES' AND dp_cat = 'SCIENCE'
        ORDER BY mjd_obs
    </meta>

    <meta name="_example" title="Raw frames around a position">
      A cone search over :taptable:`dbo.raw`: all frames within 6 arcmin
      of Sgr A*.

      .. tapquery::

        SELECT dp_id, instrument, dp_type, ra, dec, exposure
        FROM dbo.raw
        WHERE CONTAINS(POINT('ICRS', ra, dec),
                       CIRCLE('ICRS', 266.41683, -29.00781, 0.1)) = 1
    </meta>

    <meta name="_example" title="Reduced products overlapping a position">
      Products in :taptable:`ivoa.obscore` whose footprint overlaps a
      circle, with some of the ESO-specific columns:

      .. tapquery::

        SELECT dp_id, instrument_name, dataproduct_type, target_name,
          snr, abmaglim, obstech, access_url
        FROM ivoa.obscore
        WHERE INTERSECTS(s_region,
                         CIRCLE('ICRS', 266.41683, -29.00781, 0.2)) = 1
    </meta>

    <meta name="_example" title="Files belonging to products">
      Every product consists of a science file and ancillary files, listed
      in :taptable:`phase3v2.product_files`; join on product_id = dp_id:

      .. tapquery::

        SELECT f.product_id, f.archive_id, f.eso_category,
          f.original_filename, f.access_estsize
        FROM phase3v2.product_files AS f
        JOIN ivoa.obscore AS o ON f.product_id = o.dp_id
        WHERE o.instrument_name = 'MUSE'
        ORDER BY f.product_id, f.eso_category
    </meta>

    <meta name="_example" title="Column metadata">
      Units, UCDs and descriptions of a table's columns come from
      :taptable:`tap_schema.columns`:

      .. tapquery::

        SELECT column_name, datatype, unit, ucd, description
        FROM tap_schema.columns
        WHERE table_name = 'phase3v2.product_files'
    </meta>
  </STREAM>
</resource>
