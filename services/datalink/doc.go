// Package datalink reads IVOA DataLink 1.1 responses: the links table
// ({links} endpoint), the service descriptors that travel with it, and the
// semantics vocabulary a client needs to sort links into groups (this file,
// previews, ancillary files, progenitors, calibrations, documentation,
// services).
//
// ESO's DataLink service adds columns (eso_category, eso_origfile,
// eso_datalink) and its own full-URI semantics
// (http://archive.eso.org/rdf/datalink/eso#...); both are understood here.
//
// The package has no GUI code: the Products tab builds on it.
package datalink
