package skyview

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // HiPS tiles
	_ "image/png"
	"math"

	"esodesk/internal/latest"
	"esodesk/preview/skyrender"
	"esodesk/services/hips"
)

// survey is one HiPS being shown: what the renders read (bg: the
// properties, the Allsky picture, the tiles in memory) and the loader that
// fills the tiles.
type survey struct {
	props  hips.Properties
	ext    string // tile file extension: "png" or "jpg"
	tiles  *tileCache
	loader *loader
	// bg is kept across frames (it caches tile meshes); renders hold the
	// one they were given, so the Allsky's arrival makes a new one rather
	// than writing to it.
	bg *skyrender.Background
}

func (sv *survey) close() { sv.loader.stop() }

// tileExt is the file extension of a HiPS format name (HiPS 1.0 §4.2: JPEG
// tiles end in .jpg).
func tileExt(format string) string {
	if format == "jpeg" {
		return "jpg"
	}
	return format
}

// loadSurvey reads base's properties, then its Allsky picture (optional:
// tiles alone are enough), in the background.
func (s *SkyView) loadSurvey(base string) {
	client := s.hips
	s.surveyTask.Start(func(j latest.Job) {
		ctx := j.Context()
		props, err := client.Properties(ctx, base)
		if err == nil && props.ImageFormat() == "" {
			err = fmt.Errorf("it offers its tiles only as %v, and esodesk shows PNG or JPEG tiles", props.Formats)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			j.Finish(func() {
				s.showMessage(fmt.Sprintf("The sky survey at %s cannot be shown: %v. Check the HiPS URL and your network connection, or choose another survey.", base, err))
			})
			return
		}
		sv := &survey{props: props, ext: tileExt(props.ImageFormat()), tiles: newTileCache(tileCacheSize, tileCacheBytes)}
		sv.bg = &skyrender.Background{Props: props, Tiles: sv.tiles}
		sv.loader = newLoader(client, base, sv.ext, sv.tiles, s.run,
			func() {
				if s.survey == sv {
					s.tilesArrived()
				}
			},
			func(n int) {
				if s.survey == sv {
					s.setBusy(n)
				}
			})
		j.Post(func() { s.surveyReady(sv) })
		data, err := client.Allsky(ctx, base, sv.ext)
		var img image.Image
		if err == nil {
			img, _, err = image.Decode(bytes.NewReader(data))
		}
		j.Finish(func() {
			if err != nil || img == nil || s.survey != sv {
				return // no Allsky: the tiles fill the view as they come
			}
			sv.bg = &skyrender.Background{Props: sv.props, Tiles: sv.tiles, Allsky: img}
			s.requestRender(false, 0)
		})
	})
}

// surveyReady shows a survey whose properties are in: its initial view
// unless one was chosen, then its tiles.
func (s *SkyView) surveyReady(sv *survey) {
	s.survey = sv
	s.hideMessage()
	p := sv.props
	s.initial = defaultView
	if !math.IsNaN(p.InitialRA) && !math.IsNaN(p.InitialDec) {
		s.initial.Center = [2]float64{normRA(p.InitialRA), p.InitialDec}
	}
	if !math.IsNaN(p.InitialFOV) && p.InitialFOV > 0 {
		s.initial.FOV = p.InitialFOV
	}
	if !s.viewSet {
		s.view.Center, s.view.FOV = s.initial.Center, s.initial.FOV
	}
	s.viewChanged(false)
}
