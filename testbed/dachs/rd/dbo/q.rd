<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: dbo.raw, a made-up raw-frame table with the column
  names, units and meaning of the ESO archive's dbo.raw (see gen_data.py).
  Also a simple cone search (SCS) over it. -->
<resource schema="dbo" resdir=".">
  <meta name="creationDate">2024-06-01T00:00:00Z</meta>
  <meta name="title">esodesk testbed: raw frames (ESO dbo.raw look-alike)</meta>
  <meta name="description">Four hundred made-up raw frames (science and
    calibration) of six ESO instruments, with the column set of the ESO
    archive's dbo.raw table, for integration tests of esodesk.</meta>
  <meta name="subject">Astronomical databases</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="instrument">FORS2, UVES, HARPS, XSHOOTER, MUSE, SINFONI</meta>
  <meta name="facility">ESO Paranal; ESO La Silla</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>
  <meta name="coverage.waveband">Infrared</meta>

  <table id="raw" onDisk="True" adql="True" mixin="//scs#q3cindex"
      primary="dp_id">
    <meta name="description">Raw frames (made up), one row per file, with
      the columns of ESO's dbo.raw.  Calibration frames taken in the dome
      have NULL positions.</meta>
    <stc>Position ICRS "ra" "dec"</stc>
    <index columns="instrument"/>
    <index columns="prog_id"/>
    <index columns="mjd_obs"/>
    <index columns="night"/>

    <column name="dp_id" type="text" ucd="meta.id;meta.main"
      tablehead="DP id" verbLevel="1" required="True"
      description="ESO identifier of the raw file (instrument prefix and
        start of exposure)."/>
    <column name="access_url" type="text" ucd="meta.ref.url;meta.file"
      verbLevel="1" displayHint="type=url"
      description="Direct download link of the file (dataPortal)."/>
    <column name="datalink_url" type="text" ucd="meta.ref.url"
      verbLevel="10" displayHint="type=url"
      description="DataLink document for the file: calibrations,
        night log, derived products."/>
    <column name="access_estsize" type="bigint" unit="kbyte"
      ucd="phys.size;meta.file" verbLevel="10"
      description="Estimated size of the file in kilobytes."/>
    <column name="date_obs" type="text" ucd="time.start;obs"
      verbLevel="1"
      description="Start of the exposure, ISO 8601 UTC (DATE-OBS)."/>
    <column name="mjd_obs" type="double precision" unit="d"
      ucd="time.start;obs" verbLevel="1" xtype="mjd"
      description="Start of the exposure, MJD (UTC)."/>
    <column name="night" type="text" ucd="time.epoch;obs.night"
      verbLevel="10"
      description="Night of observation (YYYY-MM-DD): the date at the
        local noon before the exposure (date of UTC minus 12 h)."/>
    <column name="exp_start" type="text" ucd="time.start;obs.exposure"
      verbLevel="15"
      description="Start of the exposure, ISO 8601 UTC with Z."/>
    <column name="instrument" type="text" ucd="meta.id;instr"
      verbLevel="1" description="Instrument name."/>
    <column name="telescope" type="text" ucd="meta.id;instr.tel"
      verbLevel="10" description="Telescope (ESO-VLT-U1..4, ESO-3P6)."/>
    <column name="prog_id" type="text" ucd="meta.id;obs.proposal"
      verbLevel="1"
      description="ESO programme identifier, e.g. 0102.C-0405(A);
        calibrations use the calibration plan 60.A-9022(C)."/>
    <column name="prog_title" type="text" ucd="meta.title;obs.proposal"
      verbLevel="15" description="Title of the programme."/>
    <column name="prog_type" type="text" ucd="meta.code.class;obs.proposal"
      verbLevel="15"
      description="Programme type: 0 normal, 1 GTO, 2 DDT."/>
    <column name="pi_coi" type="text" ucd="meta.id.PI"
      verbLevel="15"
      description="Principal investigator and co-investigators."/>
    <column name="period" type="integer" ucd="time.period"
      verbLevel="15" description="ESO observing period."/>
    <column name="ob_id" type="bigint" ucd="meta.id;obs.block"
      verbLevel="10"
      description="Observation block id; NULL for calibration plan
        frames."/>
    <column name="ob_name" type="text" ucd="meta.id;obs.block"
      verbLevel="15" description="Observation block name."/>
    <column name="dp_cat" type="text" ucd="meta.code.class;obs"
      verbLevel="1"
      description="Data product category: SCIENCE or CALIB."/>
    <column name="dp_type" type="text" ucd="meta.code.class;obs"
      verbLevel="1"
      description="Data product type, e.g. OBJECT, SKY, BIAS, DARK,
        FLAT,LAMP, WAVE,LAMP, STD,FLUX."/>
    <column name="dp_tech" type="text" ucd="meta.code;instr.setup"
      verbLevel="10"
      description="Observation technique, e.g. IMAGE, ECHELLE, IFU."/>
    <column name="ins_mode" type="text" ucd="instr.setup"
      verbLevel="15" description="Instrument mode."/>
    <column name="object" type="text" ucd="meta.id;src"
      verbLevel="1"
      description="Object name (OBJECT keyword), upper case; the
        calibration type for calibrations."/>
    <column name="target" type="text" ucd="meta.id;src"
      verbLevel="10"
      description="Target name as given by the observer; NULL for dome
        calibrations."/>
    <column name="ra" type="double precision" unit="deg"
      ucd="pos.eq.ra;meta.main" verbLevel="1"
      description="Right ascension (ICRS) of the pointing; NULL for dome
        calibrations."/>
    <column name="dec" type="double precision" unit="deg"
      ucd="pos.eq.dec;meta.main" verbLevel="1"
      description="Declination (ICRS) of the pointing; NULL for dome
        calibrations."/>
    <column name="gal_lat" type="double precision" unit="deg"
      ucd="pos.galactic.lat" verbLevel="15"
      description="Galactic latitude of the pointing."/>
    <column name="gal_lon" type="double precision" unit="deg"
      ucd="pos.galactic.lon" verbLevel="15"
      description="Galactic longitude of the pointing."/>
    <column name="exposure" type="real" unit="s"
      ucd="time.duration;obs.exposure" verbLevel="1"
      description="Exposure time."/>
    <column name="filter_path" type="text" ucd="instr.filter"
      verbLevel="10" description="Filter(s) in the light path."/>
    <column name="grat_path" type="text" ucd="instr.disperser"
      verbLevel="10"
      description="Grating or cross-disperser in the light path; NULL for
        imaging."/>
    <column name="lambda_min" type="real" unit="nm"
      ucd="em.wl;stat.min" verbLevel="15"
      description="Minimum wavelength covered by the setup."/>
    <column name="lambda_max" type="real" unit="nm"
      ucd="em.wl;stat.max" verbLevel="15"
      description="Maximum wavelength covered by the setup."/>
    <column name="tpl_id" type="text" ucd="meta.id;obs.param"
      verbLevel="10" description="Observation template identifier."/>
    <column name="tpl_start" type="text" ucd="time.start"
      verbLevel="15" description="Start of the template, ISO 8601 UTC."/>
    <column name="tel_airm_start" type="real"
      ucd="obs.airMass;time.start" verbLevel="10"
      description="Airmass at the start of the exposure; NULL for dome
        calibrations."/>
    <column name="tel_airm_end" type="real"
      ucd="obs.airMass;time.end" verbLevel="10"
      description="Airmass at the end of the exposure; NULL for dome
        calibrations."/>
    <column name="tel_ambi_fwhm_start" type="real" unit="arcsec"
      ucd="instr.obsty.seeing;time.start" verbLevel="10"
      description="Seeing (DIMM FWHM) at the start of the exposure; NULL
        when not measured."/>
    <column name="tel_ambi_fwhm_end" type="real" unit="arcsec"
      ucd="instr.obsty.seeing;time.end" verbLevel="10"
      description="Seeing (DIMM FWHM) at the end of the exposure; NULL
        when not measured."/>
    <column name="release_date" type="timestamp" ucd="time.release"
      verbLevel="10"
      description="Date when the file becomes public (UTC)."/>
    <column name="last_mod_date" type="timestamp" ucd="time;meta.file"
      verbLevel="20"
      description="Last modification of this row (UTC)."/>
    <column name="origfile" type="text" ucd="meta.id;meta.file"
      verbLevel="15" description="Original file name at the telescope."/>
  </table>

  <data id="import">
    <sources pattern="data/raw.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="raw">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <service id="cone" allowed="form,scs.xml">
    <meta name="shortName">esodesk raw</meta>
    <meta name="title">esodesk testbed raw frames cone search</meta>
    <meta name="testQuery">
      <meta name="ra">266.416833</meta>
      <meta name="dec">-29.007806</meta>
      <meta name="sr">0.1</meta>
    </meta>
    <publish render="scs.xml" sets="ivo_managed"/>
    <publish render="form" sets="local"/>
    <scsCore queriedTable="raw">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
  </service>
</resource>
