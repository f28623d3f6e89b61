<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: ESO's Astronomical Site Monitor tables (asm.*), made
  up by gen_asm.py so that they agree with dbo.raw (the DIMM sample at a
  frame's exp_start has the frame's tel_ambi_fwhm_start; frames without it
  fall into DIMM gaps).  Table and column names, units and meaning follow
  ESO's TAP service (the column names of mass_paranal, lhatpros_paranal
  and meteo_apex are unverified there: taken from ESO's web forms).

  Every table: start_date (UTC), midpoint_date (= start_date +
  integration/2), integration (s); a sample covers [start_date,
  start_date + integration).  valid = 1 good, 0 flagged bad (bad rows carry
  wrong-looking values such as fwhm 0.00 or 9.99, pwv -1); a handful of
  rows have a NULL measurement.  Indexed on start_date. -->
<resource schema="asm" resdir=".">
  <meta name="creationDate">2026-12-06T00:00:00Z</meta>
  <meta name="title">esodesk testbed: ambient conditions (ESO asm look-alike)</meta>
  <meta name="description">Made-up samples of the Paranal, La Silla and
    APEX site monitors (DIMM seeing, MASS coherence time and isoplanatic
    angle, LHATPRO water vapour, meteorological masts) for the nights of
    the testbed's raw frames, in the shape of ESO's asm schema, for
    integration tests of esodesk.</meta>
  <meta name="subject">Site testing</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="facility">ESO Paranal; ESO La Silla; APEX</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>

  <STREAM id="timecols">
    <index columns="start_date"/>
    <column name="start_date" type="timestamp" ucd="time.start"
      verbLevel="1" required="True"
      description="Start of the sample (UTC)."/>
    <column name="midpoint_date" type="timestamp" ucd="time.epoch"
      verbLevel="1"
      description="Middle of the sample (UTC): start_date +
        integration/2."/>
    <column name="integration" type="real" unit="s"
      ucd="time.duration;obs.exposure" verbLevel="1"
      description="Length of the sample."/>
  </STREAM>
  <table id="dimm_paranal" onDisk="True" adql="True">
    <meta name="description">Paranal DIMM (ASM) from 2016-04-04: seeing at zenith (500 nm) and
      the DIMM's star.</meta>
    <FEED source="timecols"/>
    <column name="ra" type="double precision" unit="deg"
      ucd="pos.eq.ra" verbLevel="1"
      description="Right ascension (ICRS) of the DIMM's star."/>
    <column name="dec" type="double precision" unit="deg"
      ucd="pos.eq.dec" verbLevel="1"
      description="Declination (ICRS) of the DIMM's star."/>
    <column name="airmass" type="real"
      ucd="obs.airMass" verbLevel="1"
      description="Airmass of the DIMM's star."/>
    <column name="fwhm" type="real" unit="arcsec"
      ucd="instr.obsty.seeing" verbLevel="1"
      description="Seeing (FWHM) at zenith, 500 nm."/>
    <column name="valid" type="smallint" ucd="meta.code.qual" required="True"
      verbLevel="1"
      description="1 = good sample, 0 = flagged bad (ignore its values)."/>
  </table>

  <table id="historical_ambient_paranal" onDisk="True" adql="True">
    <meta name="description">Paranal DIMM (old ASM) 1998-08-19 to 2016-04-04: seeing; no
      quality flag.</meta>
    <FEED source="timecols"/>
    <column name="ra" type="double precision" unit="deg"
      ucd="pos.eq.ra" verbLevel="1"
      description="Right ascension (ICRS) of the DIMM's star."/>
    <column name="dec" type="double precision" unit="deg"
      ucd="pos.eq.dec" verbLevel="1"
      description="Declination (ICRS) of the DIMM's star."/>
    <column name="airmass" type="real"
      ucd="obs.airMass" verbLevel="1"
      description="Airmass of the DIMM's star."/>
    <column name="fwhm" type="real" unit="arcsec"
      ucd="instr.obsty.seeing" verbLevel="1"
      description="Seeing (FWHM) at zenith, 500 nm."/>
  </table>

  <table id="mass_paranal" onDisk="True" adql="True">
    <meta name="description">Paranal MASS (MASS-DIMM): free-atmosphere seeing, coherence time,
      isoplanatic angle.</meta>
    <FEED source="timecols"/>
    <column name="fwhm" type="real" unit="arcsec"
      ucd="instr.obsty.seeing" verbLevel="1"
      description="Free-atmosphere seeing (FWHM, above ~500 m)."/>
    <column name="tau0" type="real" unit="s"
      ucd="time.duration;obs.atmos" verbLevel="1"
      description="Atmospheric coherence time."/>
    <column name="tet0" type="real" unit="arcsec"
      ucd="pos.angDistance;obs.atmos" verbLevel="1"
      description="Isoplanatic angle."/>
    <column name="valid" type="smallint" ucd="meta.code.qual" required="True"
      verbLevel="1"
      description="1 = good sample, 0 = flagged bad (ignore its values)."/>
  </table>

  <table id="lhatpros_paranal" onDisk="True" adql="True">
    <meta name="description">Paranal LHATPRO microwave radiometers: precipitable water vapour
      at zenith.</meta>
    <FEED source="timecols"/>
    <column name="lhatpro_id" type="smallint" required="True"
      ucd="meta.id;instr" verbLevel="1"
      description="Radiometer (1..3)."/>
    <column name="pwv0" type="real" unit="mm"
      ucd="phys.columnDensity;obs.atmos" verbLevel="1"
      description="Precipitable water vapour at zenith."/>
    <column name="lwp0" type="real" unit="g/m**2"
      ucd="phys.columnDensity;obs.atmos" verbLevel="1"
      description="Liquid water path at zenith."/>
    <column name="valid" type="smallint" ucd="meta.code.qual" required="True"
      verbLevel="1"
      description="1 = good sample, 0 = flagged bad (ignore its values)."/>
  </table>

  <table id="meteo_paranal" onDisk="True" adql="True">
    <meta name="description">Paranal meteorological mast, one-minute samples.</meta>
    <FEED source="timecols"/>
    <column name="press_0m" type="real" unit="hPa"
      ucd="phys.pressure;obs.atmos" verbLevel="1"
      description="Air pressure at ground."/>
    <column name="presqnh" type="real" unit="hPa"
      ucd="phys.pressure;obs.atmos" verbLevel="1"
      description="Air pressure reduced to sea level (QNH)."/>
    <column name="rhum_2m" type="real" unit="%"
      ucd="" verbLevel="1"
      description="Relative humidity at 2 m."/>
    <column name="rhum_30m" type="real" unit="%"
      ucd="" verbLevel="1"
      description="Relative humidity at 30 m."/>
    <column name="temp_2m" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Air temperature at 2 m."/>
    <column name="temp_30m" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Air temperature at 30 m."/>
    <column name="tempdew_2m" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Dew point at 2 m."/>
    <column name="wind_speed_10m" type="real" unit="m.s**(-1)"
      ucd="phys.veloc;obs.atmos" verbLevel="1"
      description="Wind speed at 10 m."/>
    <column name="wind_speed_30m" type="real" unit="m.s**(-1)"
      ucd="phys.veloc;obs.atmos" verbLevel="1"
      description="Wind speed at 30 m."/>
    <column name="wind_dir_10m" type="real" unit="deg"
      ucd="pos.posAng;obs.atmos" verbLevel="1"
      description="Wind direction at 10 m (from, east of north)."/>
    <column name="wind_dir_30m" type="real" unit="deg"
      ucd="pos.posAng;obs.atmos" verbLevel="1"
      description="Wind direction at 30 m (from, east of north)."/>
    <column name="valid" type="smallint" ucd="meta.code.qual" required="True"
      verbLevel="1"
      description="1 = good sample, 0 = flagged bad (ignore its values)."/>
  </table>

  <table id="ambient_lasilla" onDisk="True" adql="True">
    <meta name="description">La Silla DIMM: seeing and the DIMM's star; no quality flag.</meta>
    <FEED source="timecols"/>
    <column name="ra" type="double precision" unit="deg"
      ucd="pos.eq.ra" verbLevel="1"
      description="Right ascension (ICRS) of the DIMM's star."/>
    <column name="dec" type="double precision" unit="deg"
      ucd="pos.eq.dec" verbLevel="1"
      description="Declination (ICRS) of the DIMM's star."/>
    <column name="airmass" type="real"
      ucd="obs.airMass" verbLevel="1"
      description="Airmass of the DIMM's star."/>
    <column name="fwhm" type="real" unit="arcsec"
      ucd="instr.obsty.seeing" verbLevel="1"
      description="Seeing (FWHM) at zenith, 500 nm."/>
  </table>

  <table id="meteo_lasilla" onDisk="True" adql="True">
    <meta name="description">La Silla meteorological mast, one-minute samples.</meta>
    <FEED source="timecols"/>
    <column name="press_2m" type="real" unit="hPa"
      ucd="phys.pressure;obs.atmos" verbLevel="1"
      description="Air pressure at 2 m."/>
    <column name="rhum_2m" type="real" unit="%"
      ucd="" verbLevel="1"
      description="Relative humidity at 2 m."/>
    <column name="temp_2m" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Air temperature at 2 m."/>
    <column name="tempdew_2m" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Dew point at 2 m."/>
    <column name="temp_30m" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Air temperature at 30 m."/>
    <column name="wind_speed_10m" type="real" unit="m.s**(-1)"
      ucd="phys.veloc;obs.atmos" verbLevel="1"
      description="Wind speed at 10 m."/>
    <column name="wind_speed_30m" type="real" unit="m.s**(-1)"
      ucd="phys.veloc;obs.atmos" verbLevel="1"
      description="Wind speed at 30 m."/>
    <column name="wind_dir_10m" type="real" unit="deg"
      ucd="pos.posAng;obs.atmos" verbLevel="1"
      description="Wind direction at 10 m (from, east of north)."/>
    <column name="wind_dir_30m" type="real" unit="deg"
      ucd="pos.posAng;obs.atmos" verbLevel="1"
      description="Wind direction at 30 m (from, east of north)."/>
    <column name="valid" type="smallint" ucd="meta.code.qual" required="True"
      verbLevel="1"
      description="1 = good sample, 0 = flagged bad (ignore its values)."/>
  </table>

  <table id="meteo_apex" onDisk="True" adql="True">
    <meta name="description">APEX weather station (Chajnantor), one-minute samples; column
      names unverified at ESO.</meta>
    <FEED source="timecols"/>
    <column name="pwv" type="real" unit="mm"
      ucd="phys.columnDensity;obs.atmos" verbLevel="1"
      description="Precipitable water vapour."/>
    <column name="temperature" type="real" unit="Celsius"
      ucd="phys.temperature;obs.atmos" verbLevel="1"
      description="Air temperature."/>
    <column name="humidity" type="real" unit="%"
      ucd="" verbLevel="1"
      description="Relative humidity."/>
    <column name="pressure" type="real" unit="hPa"
      ucd="phys.pressure;obs.atmos" verbLevel="1"
      description="Air pressure."/>
    <column name="wind_speed" type="real" unit="m.s**(-1)"
      ucd="phys.veloc;obs.atmos" verbLevel="1"
      description="Wind speed."/>
    <column name="wind_direction" type="real" unit="deg"
      ucd="pos.posAng;obs.atmos" verbLevel="1"
      description="Wind direction (from, east of north)."/>
    <column name="valid" type="smallint" ucd="meta.code.qual" required="True"
      verbLevel="1"
      description="1 = good sample, 0 = flagged bad (ignore its values)."/>
  </table>

  <data id="import_dimm_paranal">
    <sources pattern="data/dimm_paranal.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="dimm_paranal">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_historical_ambient_paranal">
    <sources pattern="data/historical_ambient_paranal.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="historical_ambient_paranal">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_mass_paranal">
    <sources pattern="data/mass_paranal.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="mass_paranal">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_lhatpros_paranal">
    <sources pattern="data/lhatpros_paranal.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="lhatpros_paranal">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_meteo_paranal">
    <sources pattern="data/meteo_paranal.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="meteo_paranal">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_ambient_lasilla">
    <sources pattern="data/ambient_lasilla.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="ambient_lasilla">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_meteo_lasilla">
    <sources pattern="data/meteo_lasilla.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="meteo_lasilla">
      <rowmaker idmaps="*"/>
    </make>
  </data>

  <data id="import_meteo_apex">
    <sources pattern="data/meteo_apex.csv"/>
    <csvGrammar>
      <!-- empty CSV fields are SQL NULLs -->
      <rowfilter>
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="meteo_apex">
      <rowmaker idmaps="*"/>
    </make>
  </data>

</resource>
