<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: a few 1D spectra (old-style FITS "image" spectra
  written by gen_data.py) behind SSAP (specs/q/ssa/ssap.xml), TAP
  (specs.data), ivoa.obscore and a DataLink/SODA service (specs/q/sdl)
  that returns SDM VOTables, FITS or CSV.  The Spectra work will replace
  the files with ESO SDP-format spectra; the services stay. -->
<resource schema="specs" resdir=".">
  <meta name="creationDate">2024-06-01T00:00:00Z</meta>
  <meta name="title">esodesk testbed: 1D spectra</meta>
  <meta name="description">Five synthetic optical spectra (4200 to 5699
    Angstrom, H-beta and [OIII]) of well-known targets, for client tests
    of SSAP and DataLink.</meta>
  <meta name="subject">Spectroscopy</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="instrument">UVES, XSHOOTER, HARPS</meta>
  <meta name="facility">ESO Paranal; ESO La Silla</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>

  <meta name="ssap.dataSource">pointed</meta>
  <meta name="ssap.creationType">archival</meta>
  <meta name="productType">spectrum</meta>
  <meta name="ssap.testQuery">MAXREC=1</meta>

  <!-- metadata filled from the FITS headers -->
  <table id="raw_data" onDisk="True" adql="hidden"
      namePath="//ssap#instance">
    <LOOP listItems="ssa_dateObs ssa_dstitle ssa_targname ssa_length
        ssa_specres ssa_timeExt ssa_specstart ssa_specend">
      <events>
        <column original="\item"/>
      </events>
    </LOOP>
    <mixin>//products#table</mixin>
    <mixin>//ssap#plainlocation</mixin>
    <mixin>//ssap#simpleCoverage</mixin>
    <FEED source="//scs#splitPosIndex"
      long="degrees(long(ssa_location))"
      lat="degrees(lat(ssa_location))"/>
    <column name="dp_id" type="text" ucd="meta.id"
      description="ESO-style product identifier (ARCFILE)."
      verbLevel="15"/>
    <column name="instrument" type="text" ucd="meta.id;instr"
      description="Instrument that took the spectrum." verbLevel="15"/>
    <column name="datalink" type="text" ucd="meta.ref.url"
      tablehead="Datalink" verbLevel="15" displayHint="type=url"
      description="Link to the DataLink document of this spectrum.">
      <property name="targetType"
        >application/x-votable+xml;content=datalink</property>
      <property name="targetTitle">Datalink</property>
    </column>
  </table>

  <data id="import">
    <recreateAfter>make_view</recreateAfter>
    <sources recurse="True" pattern="data/*.fits"/>
    <fitsProdGrammar qnd="True">
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.raw_data"</bind>
        <bind key="path">\fullDLURL{sdl}</bind>
        <bind key="fsize">30000</bind>
        <bind key="datalink">"\rdId#sdl"</bind>
        <bind key="mime">"application/x-votable+xml"</bind>
      </rowfilter>
    </fitsProdGrammar>
    <make table="raw_data">
      <rowmaker idmaps="*">
        <var key="specAx">getWCSAxis(@header_, 1)</var>
        <apply procDef="//ssap#fill-plainlocation">
          <bind key="ra">@RA</bind>
          <bind key="dec">@DEC</bind>
          <bind key="aperture">1/3600.</bind>
        </apply>
        <map key="ssa_dateObs">@MJD_OBS</map>
        <map key="ssa_dstitle">"{} {}".format(@INSTRUME, @OBJECT)</map>
        <map key="ssa_targname">@OBJECT</map>
        <map key="ssa_specstart">@specAx.pixToPhys(1)*1e-10</map>
        <map key="ssa_specend"
          >@specAx.pixToPhys(@specAx.axisLength)*1e-10</map>
        <map key="ssa_length">@specAx.axisLength</map>
        <map key="ssa_timeExt">@EXPTIME</map>
        <map key="ssa_specres">2*@CDELT1*1e-10</map>
        <map key="dp_id">@ARCFILE</map>
        <map key="instrument">@INSTRUME</map>
        <map key="datalink">\dlMetaURI{sdl}</map>
      </rowmaker>
    </make>
  </data>

  <!-- the SSA view, also published to ivoa.obscore -->
  <table id="data" onDisk="True" adql="True">
    <meta name="description">SSA metadata of the testbed spectra.</meta>
    <meta name="_associatedDatalinkService">
      <meta name="serviceId">sdl</meta>
      <meta name="idColumn">ssa_pubDID</meta>
    </meta>
    <mixin
      sourcetable="raw_data"
      copiedcolumns="*"
      ssa_aperture="1/3600."
      ssa_fluxunit="'erg.s**-1.cm**-2.Angstrom**-1'"
      ssa_spectralunit="'Angstrom'"
      ssa_bandpass="'Optical'"
      ssa_collection="'esodesk-testbed'"
      ssa_fluxcalib="'CALIBRATED'"
      ssa_fluxucd="'phot.flux.density;em.wl'"
      ssa_speccalib="'CALIBRATED'"
      ssa_spectralucd="'em.wl'"
      ssa_targclass="'star'"
      ssa_region="ssa_region"
    >//ssap#view</mixin>
    <mixin
      calibLevel="2"
      coverage="ssa_region"
      sResolution="ssa_spaceres"
      oUCD="ssa_fluxucd"
      emUCD="ssa_spectralucd"
      instrument_name="instrument"
      dp_id="dp_id"
      obstech="'ECHELLE'"
      p3orig="'IDP'"
      n_obs="1"
      >//obscore#publishSSAPMIXC</mixin>
  </table>

  <data id="make_view" auto="False">
    <make table="data"/>
  </data>

  <coverage>
    <updater sourceTable="data"/>
  </coverage>

  <!-- one spectrum as DataLink/SODA delivers it (SDM VOTable) -->
  <table id="instance" onDisk="False">
    <mixin ssaTable="data"
      spectralDescription="Wavelength"
      fluxDescription="Flux density"
      >//ssap#sdm-instance</mixin>
    <meta name="description">A synthetic spectrum.</meta>
  </table>

  <data id="build_spectrum">
    <embeddedGrammar>
      <iterator>
        <code>
          from astropy.io import fits
          sourcePath = os.path.join(
            base.getConfig("inputsDir"),
            getAccrefFromStandardPubDID(self.sourceToken["ssa_pubDID"]))
          with fits.open(sourcePath) as hdus:
            ax = getWCSAxis(hdus[0].header, 1)
            for i, val in enumerate(hdus[0].data):
              yield {"spectral": ax.pixToPhys(i+1), "flux": float(val)}
        </code>
      </iterator>
    </embeddedGrammar>
    <make table="instance">
      <parmaker>
        <apply procDef="//ssap#feedSSAToSDM"/>
      </parmaker>
    </make>
  </data>

  <service id="sdl" allowed="dlget,dlmeta">
    <meta name="title">esodesk testbed spectra DataLink service</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#sdm_genDesc">
        <bind key="ssaTD">"\rdId#data"</bind>
      </descriptorGenerator>
      <dataFunction procDef="//soda#sdm_genData">
        <bind key="builder">"\rdId#build_spectrum"</bind>
      </dataFunction>
      <FEED source="//soda#sdm_plainfluxcalib"/>
      <FEED source="//soda#sdm_cutout"/>
      <FEED source="//soda#sdm_format"/>
    </datalinkCore>
  </service>

  <service id="web" defaultRenderer="form">
    <meta name="shortName">esodesk specs web</meta>
    <dbCore queriedTable="data">
      <condDesc buildFrom="ssa_location"/>
      <condDesc buildFrom="ssa_dateObs"/>
    </dbCore>
    <outputTable>
      <autoCols>accref, mime, ssa_targname,
        ssa_aperture, ssa_dateObs, datalink</autoCols>
      <FEED source="//ssap#atomicCoords"/>
      <outputField original="ssa_specstart"
        displayHint="spectralUnit=Angstrom"/>
      <outputField original="ssa_specend"
        displayHint="spectralUnit=Angstrom"/>
    </outputTable>
  </service>

  <service id="ssa" allowed="form,ssap.xml">
    <meta name="shortName">esodesk SSAP</meta>
    <meta name="title">esodesk testbed spectra SSAP service</meta>
    <meta name="ssap.complianceLevel">full</meta>
    <publish render="ssap.xml" sets="ivo_managed"/>
    <publish render="form" sets="ivo_managed,local" service="web"/>
    <ssapCore queriedTable="data">
      <FEED source="//ssap#hcd_condDescs"/>
    </ssapCore>
  </service>
</resource>
