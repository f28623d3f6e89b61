<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: 1D spectra behind SSAP (specs/q/ssa/ssap.xml), TAP
  (specs.data), ivoa.obscore and a DataLink/SODA service (specs/q/sdl).
  Two layouts, both written by gen_data.py / gen_spectra.py:
  - ESO Science Data Product (SDP) files: primary HDU without data, one
    BINTABLE 'SPECTRUM' with a single row of arrays (WAVE, FLUX, ERR,
    QUAL[, CONTINUUM]); metadata from the primary header (WAVELMIN/MAX in
    nm, SPEC_RES, SNR, ...);
  - old-style 1D "image" spectra with a linear WCS in Angstrom.
  access_url (and DataLink #this) is the FITS file itself; dlget turns
  either layout into an SDM VOTable (wavelengths converted to Angstrom),
  with BAND cutouts and FORMAT conversion. -->
<resource schema="specs" resdir=".">
  <meta name="creationDate">2024-06-01T00:00:00Z</meta>
  <meta name="title">esodesk testbed: 1D spectra</meta>
  <meta name="description">Synthetic spectra of well-known targets in
    ESO's Science Data Product format (UVES, HARPS, XSHOOTER, FORS2; 2,000
    to 300,000 points) and two older 1D-image spectra, for client tests of
    SSAP, DataLink and spectrum readers.</meta>
  <meta name="subject">Spectroscopy</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="publisher">esodesk testbed</meta>
  <meta name="instrument">UVES, XSHOOTER, HARPS, FORS2</meta>
  <meta name="facility">ESO Paranal; ESO La Silla</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>
  <meta name="coverage.waveband">Infrared</meta>

  <meta name="ssap.dataSource">pointed</meta>
  <meta name="ssap.creationType">archival</meta>
  <meta name="productType">spectrum</meta>
  <meta name="ssap.testQuery">MAXREC=1</meta>

  <!-- metadata filled from the FITS headers -->
  <table id="raw_data" onDisk="True" adql="hidden"
      namePath="//ssap#instance">
    <LOOP listItems="ssa_dateObs ssa_dstitle ssa_targname ssa_length
        ssa_specres ssa_timeExt ssa_specstart ssa_specend ssa_snr
        ssa_binSize ssa_targclass ssa_creatorDID">
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
      description="ESO-style product identifier (ARCFILE without .fits)."
      verbLevel="15"/>
    <column name="instrument" type="text" ucd="meta.id;instr"
      description="Instrument that took the spectrum." verbLevel="15"/>
    <column name="collection" type="text" ucd="meta.id"
      description="ESO data collection (obs_collection)." verbLevel="15"/>
    <column name="proposal_id" type="text" ucd="meta.id;obs.proposal"
      description="ESO programme the data were taken for." verbLevel="15"/>
    <column name="spec_res" type="real" ucd="spect.resolution"
      tablehead="R"
      description="Spectral resolving power lambda/delta lambda (SPEC_RES)."
      verbLevel="15"/>
    <column name="obstech" type="text" ucd="meta.code;instr.setup"
      description="Observation technique (OBSTECH)." verbLevel="25"/>
    <column name="fluxcalib" type="text" ucd="phot.calib"
      description="Flux calibration (FLUXCAL)." verbLevel="25"/>
    <column name="spectralucd" type="text" ucd="meta.ucd"
      description="UCD of the spectral axis: em.wl (vacuum) or
        em.wl;obs.atmos (air)." verbLevel="25"/>
    <column name="wave_unit" type="text" ucd="meta.unit"
      description="Unit of the spectral axis inside the FITS file (the
        SDM VOTable from DataLink is always in Angstrom)."
      verbLevel="15"/>
    <column name="file_layout" type="text" ucd="meta.code"
      description="Layout of the FITS file: 'SDP' (ESO Science Data
        Product, one BINTABLE row of arrays) or 'IMAGE1D' (1D image with a
        linear WCS)." verbLevel="15"/>
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
    <fitsProdGrammar qnd="True" hdusField="hdus_">
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.raw_data"</bind>
        <bind key="mime">("application/fits"
          if row.get("PRODCATG")=="SCIENCE.SPECTRUM" else "image/fits")</bind>
        <bind key="preview">None</bind>
      </rowfilter>
    </fitsProdGrammar>
    <make table="raw_data">
      <rowmaker idmaps="*">
        <!-- SDP: primary header NAXIS=0, the arrays in HDU 1 -->
        <var key="sdp">@header_.get("PRODCATG")=="SCIENCE.SPECTRUM"</var>
        <var key="ext">@hdus_[1].header if @sdp else None</var>
        <var key="specAx">None if @sdp else getWCSAxis(@header_, 1)</var>
        <apply procDef="//ssap#fill-plainlocation">
          <bind key="ra">@RA</bind>
          <bind key="dec">@DEC</bind>
          <bind key="aperture">1/3600.</bind>
        </apply>
        <map key="ssa_dateObs">@MJD_OBS</map>
        <map key="ssa_dstitle">"{} {}".format(@INSTRUME, @OBJECT)</map>
        <map key="ssa_targname">@OBJECT</map>
        <map key="ssa_targclass">{"NGC 1068": "galaxy", "SN 1987A": "SN",
          "Sgr A*": "galactic centre"}.get(@OBJECT, "star")</map>
        <map key="ssa_specstart">(@WAVELMIN*1e-9 if @sdp
          else @specAx.pixToPhys(1)*1e-10)</map>
        <map key="ssa_specend">(@WAVELMAX*1e-9 if @sdp
          else @specAx.pixToPhys(@specAx.axisLength)*1e-10)</map>
        <map key="ssa_length">(@ext["NELEM"] if @sdp
          else @specAx.axisLength)</map>
        <map key="ssa_timeExt">@EXPTIME</map>
        <map key="ssa_binSize">(@SPEC_BIN*1e-9 if @sdp
          else @CDELT1*1e-10)</map>
        <map key="ssa_specres">(@SPEC_VAL*1e-9/@SPEC_RES if @sdp
          else 2*@CDELT1*1e-10)</map>
        <map key="spec_res">(@SPEC_RES if @sdp
          else round(@specAx.pixToPhys(@specAx.axisLength/2)/(2*@CDELT1)))</map>
        <map key="ssa_snr">@SNR if @sdp else None</map>
        <map key="ssa_creatorDID">("ivo://eso.org/origfile?"+@ORIGFILE
          if @sdp else None)</map>
        <map key="dp_id">(@ARCFILE[:-5] if @ARCFILE.endswith(".fits")
          else @ARCFILE)</map>
        <map key="instrument">@INSTRUME</map>
        <map key="collection">@INSTRUME</map>
        <map key="proposal_id">@PROG_ID if @sdp else None</map>
        <map key="obstech">@OBSTECH if @sdp else "ECHELLE"</map>
        <map key="fluxcalib">@FLUXCAL if @sdp else "ABSOLUTE"</map>
        <map key="spectralucd">(@ext["TUCD1"] if @sdp else "em.wl")</map>
        <map key="wave_unit">(@ext["TUNIT1"] if @sdp
          else @header_["CUNIT1"])</map>
        <map key="file_layout">"SDP" if @sdp else "IMAGE1D"</map>
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
      ssa_collection="collection"
      ssa_instrument="instrument"
      ssa_fluxcalib="fluxcalib"
      ssa_fluxucd="'phot.flux.density;em.wl'"
      ssa_speccalib="'CALIBRATED'"
      ssa_spectralucd="spectralucd"
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
      proposal_id="proposal_id"
      snr="ssa_snr"
      emResPower="spec_res"
      facilityName="CASE instrument WHEN 'HARPS' THEN 'ESO-3.6'
        WHEN 'FORS2' THEN 'ESO-VLT-U1' ELSE 'ESO-VLT-U2' END"
      obstech="obstech"
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

  <!-- one spectrum as DataLink/SODA delivers it (SDM VOTable), always in
    Angstrom and erg/s/cm2/A whatever the file says -->
  <table id="instance" onDisk="False">
    <mixin ssaTable="data"
      spectralDescription="Wavelength"
      fluxDescription="Flux density"
      spectralUCDOverride="em.wl"
      >//ssap#sdm-instance</mixin>
    <meta name="description">A synthetic spectrum.</meta>
    <column name="flux_error" type="double precision"
      unit="erg.s**-1.cm**-2.Angstrom**-1"
      ucd="stat.error;phot.flux.density;em.wl"
      utype="spec:Spectrum.Data.FluxAxis.Accuracy.StatError"
      description="1-sigma error of the flux (NaN when the file has none)."/>
    <column name="quality" type="integer" required="True"
      ucd="meta.code.qual"
      utype="spec:Spectrum.Data.FluxAxis.Quality"
      description="Quality flag from the file, 0 = good.">
      <values nullLiteral="-1"/>
    </column>
  </table>

  <data id="build_spectrum">
    <embeddedGrammar>
      <iterator>
        <code>
          import numpy
          from astropy.io import fits
          sourcePath = os.path.join(
            base.getConfig("inputsDir"),
            getAccrefFromStandardPubDID(self.sourceToken["ssa_pubDID"]))
          with fits.open(sourcePath) as hdus:
            if hdus[0].header.get("NAXIS", 0) == 0:
              # ESO SDP: one BINTABLE row; find columns by TUTYPn
              tab = hdus[1]
              byUtype = {}
              for i in range(1, tab.header["TFIELDS"]+1):
                full = tab.header.get("TUTYP%d"%i, "").lower()
                ut = full.split(":")[-1].replace("spectrum.", "", 1)
                # the standard spec: utype wins over ESO's eso: ones
                # (CONTINUUM carries eso:Data.FluxAxis.Value)
                if ut not in byUtype or full.startswith("spec:"):
                  byUtype[ut] = i
              def arr(utype):
                i = byUtype.get(utype.lower())
                if i is None:
                  return None
                return numpy.asarray(tab.data.field(i-1)[0], dtype=float)
              wave = arr("Data.SpectralAxis.Value")
              waveUnit = tab.header.get(
                "TUNIT%d"%byUtype["data.spectralaxis.value"], "").lower()
              wave = wave*{"nm": 10., "um": 1e4}.get(waveUnit, 1.)
              flux = arr("Data.FluxAxis.Value")
              err = arr("Data.FluxAxis.Accuracy.StatError")
              qual = arr("Data.FluxAxis.Accuracy.QualityStatus")
            else:
              ax = getWCSAxis(hdus[0].header, 1)
              flux = numpy.asarray(hdus[0].data, dtype=float)
              wave = numpy.array([ax.pixToPhys(i+1)
                for i in range(len(flux))])
              err = qual = None
            n = len(wave)
            if err is None:
              err = numpy.full(n, numpy.nan)
            if qual is None:
              qual = numpy.zeros(n)
            for w, f, e, q in zip(wave.tolist(), flux.tolist(),
                err.tolist(), qual.astype(int).tolist()):
              yield {"spectral": w, "flux": f, "flux_error": e,
                "quality": q}
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
      <metaMaker semantics="#derivation">
        <setup imports="urllib.parse"/>
        <code>
          yield descriptor.makeLink(
            base.makeAbsoluteURL("\rdId/sdl/dlget?ID="
              +urllib.parse.quote(descriptor.pubDID)),
            description="The spectrum as an SDM VOTable (Angstrom)",
            contentType="application/x-votable+xml;content=spectrum")
        </code>
      </metaMaker>
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
