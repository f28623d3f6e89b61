// Package preview shows what a data product looks like before anyone
// downloads it: the PNG, JPEG and GIF previews ESO serves (DataLink #preview,
// #preview-image and #thumbnail links, ANCILLARY.PREVIEW product files), kept
// in a memory cache and a size-capped disk cache, and a zscale quick look for
// 2-D FITS images that come without a preview.
//
// The package does not import Fyne: callers put Preview.Image into a
// canvas.Image on the UI goroutine themselves.
package preview
