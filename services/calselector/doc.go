// Package calselector talks to the ESO CalSelector service, which finds the
// calibration files that belong to raw science frames, and reads its three
// answer shapes: the ASSOCIATION_TREE XML (one per frame), a multipart
// bundle of such trees (several frames), and the DataLink-shaped VOTable
// (responseformat=votable). No GUI code lives here.
package calselector
