<?xml version="1.0" encoding="utf-8"?>
<!-- esodesk testbed: a small RegTAP 1.1 registry (schema rr) describing the
  testbed's own services (TAP, SSAP, SCS over dbo.raw and over the image targets' sources,
  SIA 1 over the images and cube of rd/images, the two HiPS of rd/hips),
  a few made-up others (a radio cone search, an
  X-ray image service, an auxiliary TAP capability, a web-only resource), so
  keyword, service type and waveband searches have something to tell apart.
  Table and column names and types follow RegTAP 1.1 (section 8); DaCHS 2.7
  provides the ADQL functions ivo_hasword, ivo_nocasematch,
  ivo_hashlist_has.  Access URLs are built from [web]serverURL, so they
  follow DACHS_PORT. -->
<resource schema="rr" resdir=".">
  <meta name="creationDate">2024-06-01T00:00:00Z</meta>
  <meta name="title">esodesk testbed: RegTAP registry</meta>
  <meta name="description">A tiny Registry-in-TAP (RegTAP 1.1) data
    collection describing the esodesk testbed's services and a few made-up
    ones, for registry client tests.</meta>
  <meta name="subject">Virtual observatories</meta>
  <meta name="creator">esodesk testbed</meta>
  <meta name="publisher">esodesk testbed</meta>
  <meta name="contentLevel">Research</meta>

  <table id="resource" onDisk="True" adql="True" primary="ivoid">
    <meta name="description">The resources (services, data collections, ...) in this
        registry.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="Unambiguous reference to the resource conforming to the
        IVOA standard for identifiers."/>
    <column name="res_type" type="text"
      description="Resource type (something like vg:authority,
        vs:catalogservice, etc)."/>
    <column name="created" type="timestamp"
      description="The UTC date and time this resource metadata
        description was created."/>
    <column name="short_name" type="text"
      description="A short name or abbreviation given to something."/>
    <column name="res_title" type="text"
      description="The full name given to the resource."/>
    <column name="content_level" type="text"
      description="A hash-separated list of content levels."/>
    <column name="res_description" type="text"
      description="An account of the nature of the resource."/>
    <column name="reference_url" type="text"
      description="URL pointing to a human-readable document describing
        this resource."/>
    <column name="creator_seq" type="text"
      description="The creator(s) of the resource in the order given by
        the resource record author, separated by semicolons."/>
    <column name="content_type" type="text"
      description="A hash-separated list of natures or genres of the
        content of the resource."/>
    <column name="source_format" type="text"
      description="The format of source_value."/>
    <column name="source_value" type="text"
      description="A bibliographic reference from which the present
        resource is derived or extracted."/>
    <column name="res_version" type="text"
      description="Label associated with creation or availablilty of a
        version of a resource."/>
    <column name="region_of_regard" type="real" unit="deg"
      description="A single numeric value representing the angle, given in
        decimal degrees, by which a positional query against this resource
        should be blurred."/>
    <column name="waveband" type="text"
      description="A hash-separated list of regions of the electro-magnetic
        spectrum that the resource's spectral coverage overlaps with."/>
    <column name="rights" type="text"
      description="A statement of usage conditions."/>
    <column name="rights_uri" type="text"
      description="A URI identifier for a license."/>
    <column name="harvested_from" type="text"
      description="IVOID of the registry this record came from."/>
    <column name="updated" type="timestamp"
      description="The UTC date this resource metadata description was
        last updated."/>
  </table>

  <table id="capability" onDisk="True" adql="True"
      primary="ivoid, cap_index">
    <meta name="description">Pieces of behaviour of a resource.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="The parent resource."/>
    <column name="cap_index" type="smallint" required="True"
      description="An arbitrary identifier of this capability within the
        resource."/>
    <column name="cap_type" type="text"
      description="The type of capability covered here."/>
    <column name="cap_description" type="text"
      description="A human-readable description of what this capability
        provides as part of the over-all service."/>
    <column name="standard_id" type="text"
      description="A URI for a standard this capability conforms to."/>
  </table>

  <table id="interface" onDisk="True" adql="True"
      primary="ivoid, cap_index, intf_index">
    <meta name="description">Information on access modes of a capability.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="The parent resource."/>
    <column name="cap_index" type="smallint" required="True"
      description="The index of the parent capability."/>
    <column name="intf_index" type="smallint" required="True"
      description="An arbitrary identifier for the interfaces of a
        resource."/>
    <column name="intf_type" type="text"
      description="The type of the interface (vs:webbrowser,
        vs:paramhttp, etc)."/>
    <column name="intf_role" type="text"
      description="An identifier for the role the interface plays in the
        particular capability (std for standard interfaces)."/>
    <column name="std_version" type="text"
      description="The version of a standard interface specification that
        this interface complies with."/>
    <column name="query_type" type="text"
      description="Hash-joined list of HTTP verbs supported."/>
    <column name="result_type" type="text"
      description="The MIME type of a document returned in the HTTP
        response."/>
    <column name="wsdl_url" type="text"
      description="The location of the WSDL that describes this Web
        Service."/>
    <column name="url_use" type="text"
      description="A flag indicating whether this should be interpreted as
        a base URL, a full URL, or a URL to a directory."/>
    <column name="access_url" type="text"
      description="The URL at which the interface is found."/>
    <column name="mirror_url" type="text"
      description="Secondary access URLs of this interface, separated by
        hash characters."/>
    <column name="authenticated_only" type="smallint" required="True"
      description="A flag for whether an interface is available for
        anonymous use (0) or only to authenticated clients (1)."/>
    <column name="security_method_id" type="text"
      description="The IVOA identifier for a standard security protocol."/>
  </table>

  <table id="res_subject" onDisk="True" adql="True">
    <meta name="description">Topics, object types, or other descriptive keywords
        about the resource.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="The parent resource."/>
    <column name="res_subject" type="text"
      description="One term for the resource's topic."/>
  </table>

  <table id="res_role" onDisk="True" adql="True">
    <meta name="description">Entities (persons or organizations) operating on
        resources: creators, contacts, publishers, contributors.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="The parent resource."/>
    <column name="role_name" type="text"
      description="The real-world name or title of a person or
        organization."/>
    <column name="role_ivoid" type="text"
      description="An IVOA identifier of a person or organization."/>
    <column name="street_address" type="text"
      description="A mailing address for a person or organization."/>
    <column name="email" type="text"
      description="An email address the entity can be reached at."/>
    <column name="telephone" type="text"
      description="A telephone number the entity can be reached at."/>
    <column name="logo" type="text"
      description="URL pointing to a graphical logo."/>
    <column name="base_role" type="text"
      description="The role played by this entity; this is one of contact,
        publisher, contributor, or creator."/>
  </table>

  <table id="res_detail" onDisk="True" adql="True">
    <meta name="description">XPath-value pairs for members of resource or capability
        and their derivations that are less used and/or from VOResource
        extensions.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="The parent resource."/>
    <column name="cap_index" type="smallint"
      description="The index of the parent capability; if NULL the
        xpath-value pair describes a member of the entire resource."/>
    <column name="detail_xpath" type="text"
      description="The xpath of the data item."/>
    <column name="detail_value" type="text"
      description="(Atomic) value of the member."/>
  </table>

  <table id="alt_identifier" onDisk="True" adql="True">
    <meta name="description">Alternate identifiers (DOIs, ORCIDs, ...) for
        resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid"
      description="The parent resource."/>
    <column name="alt_identifier" type="text"
      description="An alternate identifier of the resource in URI form."/>
  </table>

  <!-- The records: each resource is one dict, its capabilities a list of
    (cap_type, standard_id, [(intf_type, intf_role, std_version,
    access_url)]).  The iterator yields the rows of every table, each
    tagged with its table in "tbl"; each make keeps its own. -->
  <data id="import">
    <sources item="rr"/>
    <embeddedGrammar>
      <iterator>
        <code>
          root = base.getConfig("web", "serverURL").rstrip("/")
          T0 = "2024-06-01T00:00:00"
          RES = [
            dict(ivoid="ivo://testbed.example/tap", res_type="vs:catalogservice",
              short_name="tb TAP", res_title="esodesk testbed TAP service",
              res_description="Table access to the esodesk testbed: ESO-shaped"
                " raw frames (dbo.raw), ObsCore with ESO's extra columns,"
                " Phase 3 product files and spectra, queried in ADQL.",
              waveband="optical#infrared", content_level="research",
              subjects=["Astronomical databases", "Spectroscopy"],
              publisher="esodesk testbed",
              caps=[("tr:TableAccess", "ivo://ivoa.net/std/tap",
                [("vs:paramhttp", "std", "1.1", root+"/tap")])]),
            dict(ivoid="ivo://testbed.example/specs/q/ssa", res_type="vs:catalogservice",
              short_name="tb SSAP", res_title="esodesk testbed spectra (SSAP)",
              res_description="Simple Spectral Access to ten synthetic 1D spectra"
                " of well-known targets in ESO's Science Data Product format"
                " (UVES, HARPS, XSHOOTER, FORS2).",
              waveband="optical#infrared", content_level="research",
              subjects=["Spectroscopy", "Stellar spectra"],
              publisher="esodesk testbed",
              caps=[("ssa:SimpleSpectralAccess", "ivo://ivoa.net/std/ssa",
                [("vs:paramhttp", "std", "1.04", root+"/specs/q/ssa/ssap.xml?")]),
                (None, None, [("vr:webbrowser", None, None,
                  root+"/specs/q/ssa/form")])]),
            dict(ivoid="ivo://testbed.example/dbo/q/cone", res_type="vs:catalogservice",
              short_name="tb raw SCS", res_title="esodesk testbed raw frames cone search",
              res_description="Cone search over the positions of the testbed's"
                " made-up raw frames of FORS2, UVES, HARPS, XSHOOTER, MUSE and"
                " SINFONI.",
              waveband="optical#infrared", content_level="research",
              subjects=["Astronomical databases"],
              publisher="esodesk testbed",
              caps=[("cs:ConeSearch", "ivo://ivoa.net/std/conesearch",
                [("vs:paramhttp", "std", "1.03", root+"/dbo/q/cone/scs.xml?")])]),
            dict(ivoid="ivo://testbed.example/images/q/sia", res_type="vs:catalogservice",
              short_name="tb images", res_title="esodesk testbed images (SIA)",
              res_description="Simple Image Access to synthetic optical images"
                " of the testbed's targets and a MUSE-shaped cube (SIA 1; the"
                " same files are in ivoa.obscore and DaCHS's site-wide SIA 2"
                " service).",
              waveband="optical", content_level="research",
              subjects=["Images", "Optical astronomy"],
              publisher="esodesk testbed",
              # SIA 1 only: pyvo 1.2.1's servicetype='sia' matches nothing
              # but ivo://ivoa.net/std/sia, and the registry tests compare
              # with pyvo and count one row per capability.
              caps=[("sia:SimpleImageAccess", "ivo://ivoa.net/std/sia",
                [("vs:paramhttp", "std", "1.0", root+"/images/q/im/siap.xml?")])]),
            dict(ivoid="ivo://testbed.example/images/q/cone", res_type="vs:catalogservice",
              short_name="tb sources", res_title="esodesk testbed source catalogue cone search",
              res_description="Cone search over the made-up sources around the"
                " testbed's image targets (NGC 3603, M83, NGC 1068, the Galactic"
                " centre, Eta Car, SN 1987A): positions and magnitudes.",
              waveband="optical", content_level="research",
              subjects=["Astronomical databases", "Optical astronomy"],
              publisher="esodesk testbed",
              caps=[("cs:ConeSearch", "ivo://ivoa.net/std/conesearch",
                [("vs:paramhttp", "std", "1.03", root+"/images/q/cone/scs.xml?")])]),
            dict(ivoid="ivo://radio.example/survey/cone", res_type="vs:catalogservice",
              short_name="RXS cone", res_title="Radio Example Survey source catalogue",
              res_description="Cone search over the sources of a made-up 1.4 GHz"
                " radio continuum survey of the southern sky.",
              waveband="radio", content_level="research",
              subjects=["Radio astronomy", "Surveys"],
              publisher="Radio Example Observatory",
              caps=[("cs:ConeSearch", "ivo://ivoa.net/std/conesearch",
                [("vs:paramhttp", "std", "1.03", "http://127.0.0.1:9/radio/scs.xml?")])]),
            dict(ivoid="ivo://xray.example/images/sia", res_type="vs:catalogservice",
              short_name="XIA", res_title="X-ray Example image archive",
              res_description="Simple Image Access to made-up X-ray images of"
                " galaxy clusters, curated by O'Brien's group.",
              waveband="x-ray", content_level="research",
              subjects=["X-ray astronomy", "Galaxy clusters", "Images"],
              publisher="X-ray Example Centre",
              caps=[("sia:SimpleImageAccess", "ivo://ivoa.net/std/sia",
                [("vs:paramhttp", "std", "1.0", "http://127.0.0.1:9/xray/sia?")])]),
            dict(ivoid="ivo://testbed.example/ir/tap", res_type="vs:catalogservice",
              short_name="IRX", res_title="Infrared Example catalogue (auxiliary TAP)",
              res_description="A near-infrared photometric catalogue of spectral"
                " standards, published through a shared TAP service"
                " (an auxiliary capability).",
              waveband="infrared", content_level="research",
              subjects=["Infrared astronomy", "Photometry"],
              publisher="esodesk testbed",
              caps=[("tr:TableAccess", "ivo://ivoa.net/std/tap#aux",
                [("vs:paramhttp", "std", "1.1", root+"/tap")])]),
            # the two HiPS of rd/hips (gen_hips.py): HiPS 1.0 capability,
            # access URL = the HiPS base (no trailing slash), as in the
            # registry records of real HiPS
            dict(ivoid="ivo://testbed.example/P/esodesk/allsky", res_type="vs:catalogservice",
              short_name="tb allsky HiPS", res_title="esodesk testbed all-sky HiPS",
              res_description="A whole-sky HiPS (FITS and PNG tiles, order 3,"
                " equatorial) made with HipsGen from a synthetic HEALPix map:"
                " a smooth function of RA and Dec with bright discs at the"
                " testbed's targets.",
              waveband="optical", content_level="research",
              subjects=["Images", "Surveys"],
              publisher="esodesk testbed",
              caps=[(None, "ivo://ivoa.net/std/hips#hips-1.0",
                [("vs:paramhttp", "std", "1.0", root+"/hips/q/s/static/allsky")])]),
            dict(ivoid="ivo://testbed.example/P/esodesk/images", res_type="vs:catalogservice",
              short_name="tb images HiPS", res_title="esodesk testbed images HiPS",
              res_description="A HiPS (FITS and PNG tiles, order 10, equatorial)"
                " made with HipsGen from the testbed's synthetic optical and"
                " infrared images of NGC 3603, M83, Eta Car, Sgr A* and NGC 1068.",
              # optical only: the waveband counts of the registry tests
              # (pyvo's waveband='infrared' has no type filter) stay put
              waveband="optical", content_level="research",
              subjects=["Images", "Optical astronomy"],
              publisher="esodesk testbed",
              caps=[(None, "ivo://ivoa.net/std/hips#hips-1.0",
                [("vs:paramhttp", "std", "1.0", root+"/hips/q/s/static/images")])]),
            dict(ivoid="ivo://testbed.example/docs", res_type="vs:dataresource",
              short_name="tb docs", res_title="esodesk testbed documentation",
              res_description="Web pages describing the testbed's spectra.",
              waveband="optical", content_level="general",
              subjects=["Spectroscopy"],
              publisher="esodesk testbed",
              caps=[]),
          ]

          # resource
          for r in RES:
            yield {"tbl": "resource", "ivoid": r["ivoid"], "res_type": r["res_type"],
              "created": T0, "short_name": r["short_name"],
              "res_title": r["res_title"],
              "content_level": r["content_level"],
              "res_description": r["res_description"],
              "reference_url": root+"/__system__/services/overview",
              "creator_seq": "esodesk testbed",
              "content_type": "catalog", "source_format": None,
              "source_value": None, "res_version": None,
              "region_of_regard": None, "waveband": r["waveband"],
              "rights": "public", "rights_uri": None,
              "harvested_from": "ivo://testbed.example/__system__/services/registry",
              "updated": T0}
          # capability
          for r in RES:
            for ci, (ctype, std, intfs) in enumerate(r["caps"]):
              yield {"tbl": "capability", "ivoid": r["ivoid"], "cap_index": ci+1,
                "cap_type": ctype, "cap_description": None,
                "standard_id": std}
          # interface
          for r in RES:
            for ci, (ctype, std, intfs) in enumerate(r["caps"]):
              for ii, (itype, role, ver, url) in enumerate(intfs):
                yield {"tbl": "interface", "ivoid": r["ivoid"], "cap_index": ci+1,
                  "intf_index": ii+1, "intf_type": itype,
                  "intf_role": role, "std_version": ver,
                  "query_type": "get" if itype=="vs:paramhttp" else None,
                  "result_type": None, "wsdl_url": None,
                  "url_use": "base" if itype=="vs:paramhttp" else "full",
                  "access_url": url, "mirror_url": None,
                  "authenticated_only": 0, "security_method_id": None}
          # res_subject
          for r in RES:
            for s in r["subjects"]:
              yield {"tbl": "res_subject", "ivoid": r["ivoid"], "res_subject": s}
          # res_role
          for r in RES:
            for role, name in [("publisher", r["publisher"]),
                ("creator", "esodesk testbed"), ("contact", "esodesk developers")]:
              yield {"tbl": "res_role", "ivoid": r["ivoid"], "role_name": name,
                "role_ivoid": None, "street_address": None,
                "email": "testbed@testbed.example" if role=="contact" else None,
                "telephone": None, "logo": None, "base_role": role}
          # res_detail
          for r in RES:
            for ci, (ctype, std, intfs) in enumerate(r["caps"]):
              if std=="ivo://ivoa.net/std/tap":
                yield {"tbl": "res_detail", "ivoid": r["ivoid"], "cap_index": ci+1,
                  "detail_xpath": "/capability/dataModel/@ivo-id",
                  "detail_value": "ivo://ivoa.net/std/obscore#core-1.1"}
              if std=="ivo://ivoa.net/std/ssa":
                yield {"tbl": "res_detail", "ivoid": r["ivoid"], "cap_index": ci+1,
                  "detail_xpath": "/capability/dataSource",
                  "detail_value": "pointed"}
          # alt_identifier
          for r in RES:
            if r["ivoid"]=="ivo://testbed.example/specs/q/ssa":
              yield {"tbl": "alt_identifier", "ivoid": r["ivoid"],
                "alt_identifier": "doi:10.0000/esodesk-testbed-spectra"}
        </code>
      </iterator>
    </embeddedGrammar>
    <make table="resource">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="resource"/></not></ignoreOn>
      </rowmaker>
    </make>
    <make table="capability">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="capability"/></not></ignoreOn>
      </rowmaker>
    </make>
    <make table="interface">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="interface"/></not></ignoreOn>
      </rowmaker>
    </make>
    <make table="res_subject">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="res_subject"/></not></ignoreOn>
      </rowmaker>
    </make>
    <make table="res_role">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="res_role"/></not></ignoreOn>
      </rowmaker>
    </make>
    <make table="res_detail">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="res_detail"/></not></ignoreOn>
      </rowmaker>
    </make>
    <make table="alt_identifier">
      <rowmaker idmaps="*">
        <ignoreOn><not><keyIs key="tbl" value="alt_identifier"/></not></ignoreOn>
      </rowmaker>
    </make>
  </data>
</resource>
