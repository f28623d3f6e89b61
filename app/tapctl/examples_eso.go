package tapctl

// Example is one entry of the Examples menu: the service's own DALI
// examples and ours for ESO end up in the same shape.
type Example struct {
	Name, Description, Query string
}

// esoObsExamples are the queries astronomers most often start from on ESO's
// tap_obs (the tables are described in ESO's archive documentation). They
// also run on the project's testbed, which mirrors those tables.
var esoObsExamples = []Example{
	{
		Name:        "Reduced 1D spectra around a position",
		Description: "ObsCore products of type spectrum whose position lies in a 0.1° cone (Eta Carinae).",
		Query: `SELECT TOP 200 dp_id, obs_collection, target_name, s_ra, s_dec,
       em_min, em_max, em_res_power, snr, t_exptime, access_url
FROM ivoa.ObsCore
WHERE dataproduct_type = 'spectrum'
  AND CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 161.265, -59.685, 0.1)) = 1`,
	},
	{
		Name:        "Products whose footprint covers a position",
		Description: "Any ObsCore product (images, cubes, spectra) whose footprint intersects a small circle (SN 1987A).",
		Query: `SELECT TOP 200 dp_id, obs_collection, instrument_name, dataproduct_type,
       target_name, t_min, em_min, em_max, access_url
FROM ivoa.ObsCore
WHERE INTERSECTS(s_region, CIRCLE('ICRS', 83.8667, -69.2697, 0.05)) = 1`,
	},
	{
		Name:        "Products per collection",
		Description: "How many reduced products each collection holds.",
		Query: `SELECT obs_collection, dataproduct_type, COUNT(*) AS n_products
FROM ivoa.ObsCore
GROUP BY obs_collection, dataproduct_type
ORDER BY n_products DESC`,
	},
	{
		Name:        "Raw science frames of one instrument and night range",
		Description: "dbo.raw: SCIENCE frames only (calibrations are associated later), ordered by time.",
		Query: `SELECT TOP 500 dp_id, date_obs, object, dp_type, dp_tech, exposure, prog_id, ra, dec
FROM dbo.raw
WHERE instrument = 'FORS2'
  AND dp_cat = 'SCIENCE'
  AND date_obs BETWEEN '2019-03-01' AND '2019-03-11'
ORDER BY date_obs`,
	},
	{
		Name:        "Raw frames in a cone",
		Description: "dbo.raw frames within 6 arcmin of Sgr A*, all categories.",
		Query: `SELECT TOP 500 dp_id, instrument, dp_cat, dp_type, object, date_obs, exposure
FROM dbo.raw
WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 266.41683, -29.00781, 0.1)) = 1
ORDER BY date_obs`,
	},
	{
		Name:        "Instruments with raw data",
		Description: "The instruments dbo.raw knows, with their frame counts.",
		Query: `SELECT instrument, COUNT(*) AS n_frames
FROM dbo.raw
GROUP BY instrument
ORDER BY instrument`,
	},
	{
		Name:        "Files that belong to a product",
		Description: "phase3v2.product_files: the science file and its ancillary files (previews, weight maps, ...).",
		Query: `SELECT product_id, eso_category, original_filename, extension, access_estsize, access_url
FROM phase3v2.product_files
WHERE product_id IN (SELECT TOP 5 dp_id FROM ivoa.ObsCore)
ORDER BY product_id, eso_category`,
	},
	{
		Name:        "Tables of this service",
		Description: "TAP_SCHEMA: every table with its description.",
		Query: `SELECT schema_name, table_name, description
FROM TAP_SCHEMA.tables
ORDER BY schema_name, table_name`,
	},
}

// esoCatExamples suit ESO's tap_cat (schema safcat; only CONTAINS(POINT, CIRCLE)
// is supported spatially there).
var esoCatExamples = []Example{
	{
		Name:        "Catalogues available",
		Description: "Every catalogue table with its description.",
		Query: `SELECT table_name, description
FROM TAP_SCHEMA.tables
WHERE schema_name = 'safcat'
ORDER BY table_name`,
	},
	{
		Name:        "Columns of a catalogue",
		Description: "Column names, units and UCDs of one catalogue (change the table name).",
		Query: `SELECT column_name, unit, ucd, description
FROM TAP_SCHEMA.columns
WHERE table_name LIKE '%kids_dr4%'`,
	},
}
