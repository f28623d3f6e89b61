package skyctl

import (
	"encoding/json"
	"strings"

	"esodesk/services/config"
	"esodesk/services/hips"
)

// Preference keys (sky.*).
const (
	prefSource     = "sky.source"
	prefColour     = "sky.colour_by"
	prefSurvey     = "sky.survey"
	prefSurveys    = "sky.surveys" // the URLs the user added, as JSON
	prefProjection = "sky.projection"
	prefGrid       = "sky.grid"
	prefGalactic   = "sky.galactic"
	prefView       = "sky.view" // {"ra":…, "dec":…, "fov":…}
	prefTable      = "sky.table"
	prefCondition  = "sky.condition"
	prefMinOverlap = "sky.min_overlap"
)

// Prefs are the view's remembered choices.
type Prefs struct {
	Source, ColourBy             string
	Survey                       string // HiPS base URL
	Projection                   string // "TAN" or "AIT"
	Grid, Galactic               bool
	RA, Dec, FOV                 float64 // the last view; FOV 0: none yet
	Table, Condition, MinOverlap string
}

type savedView struct{ RA, Dec, FOV float64 }

// Prefs reads the remembered choices, with defaults for the first run
// (the survey of the settings, TAN, grid on, NGC 3603 over 1°).
func (c *Controller) Prefs() Prefs {
	get := func(key, def string) string {
		if c.deps.Prefs == nil {
			return def
		}
		if v := c.deps.Prefs.String(key); v != "" {
			return v
		}
		return def
	}
	p := Prefs{
		Source: get(prefSource, SourceTAP), ColourBy: get(prefColour, ""),
		Survey: get(prefSurvey, ""), Projection: get(prefProjection, "TAN"),
		Grid: get(prefGrid, "true") == "true", Galactic: get(prefGalactic, "false") == "true",
		Table: get(prefTable, TableObsCore), Condition: get(prefCondition, CondIntersects), MinOverlap: get(prefMinOverlap, "0.01"),
	}
	if p.Survey == "" {
		p.Survey = c.Surveys()[0].URL
	}
	var v savedView
	if json.Unmarshal([]byte(get(prefView, "")), &v) == nil && v.FOV > 0 {
		p.RA, p.Dec, p.FOV = v.RA, v.Dec, v.FOV
	}
	return p
}

func (c *Controller) setPref(key, value string) {
	if c.deps.Prefs != nil {
		c.deps.Prefs.SetString(key, value)
	}
}

// SetSurvey remembers the HiPS on show.
func (c *Controller) SetSurvey(url string) { c.setPref(prefSurvey, strings.TrimSpace(url)) }

// SetProjection remembers the projection ("TAN", "AIT").
func (c *Controller) SetProjection(p string) { c.setPref(prefProjection, p) }

// SetGrid remembers whether the grid is on, and in which frame.
func (c *Controller) SetGrid(on, galactic bool) {
	c.setPref(prefGrid, boolText(on))
	c.setPref(prefGalactic, boolText(galactic))
}

// SaveView remembers where the view looks.
func (c *Controller) SaveView(ra, dec, fov float64) {
	b, _ := json.Marshal(savedView{ra, dec, fov})
	c.setPref(prefView, string(b))
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Surveys are the picker's HiPS: the settings' url.hips (its
// ESODESK_HIPS_URL, or the testbed's) first, then the well-known ones, then those the user
// added.
func (c *Controller) Surveys() []hips.Survey {
	var out []hips.Survey
	add := func(s hips.Survey) {
		s.URL = strings.TrimRight(strings.TrimSpace(s.URL), "/")
		if s.URL == "" {
			return
		}
		for _, o := range out {
			if o.URL == s.URL {
				return
			}
		}
		if s.Title == "" {
			s.Title = s.URL
		}
		out = append(out, s)
	}
	if c.deps.Settings != nil {
		if u := strings.TrimRight(strings.TrimSpace(c.deps.Settings().HiPS), "/"); u != "" {
			title := "Settings: " + u
			for _, k := range hips.Known {
				if strings.TrimRight(k.URL, "/") == u {
					title = k.Title
				}
			}
			add(hips.Survey{Title: title, URL: u})
		}
	}
	for _, s := range hips.Known {
		add(s)
	}
	if c.deps.Prefs != nil {
		var urls []string
		_ = json.Unmarshal([]byte(c.deps.Prefs.String(prefSurveys)), &urls)
		for _, u := range urls {
			add(hips.Survey{URL: u})
		}
	}
	if len(out) == 0 {
		add(hips.Survey{Title: "CDS DSS2 colour", URL: hips.DefaultURL})
	}
	return out
}

// AddSurvey remembers a HiPS typed or found, after checking its URL.
func (c *Controller) AddSurvey(url string) error {
	url = strings.TrimRight(strings.TrimSpace(url), "/")
	if err := config.Validate(url); err != nil {
		return err
	}
	if c.deps.Prefs != nil {
		var urls []string
		_ = json.Unmarshal([]byte(c.deps.Prefs.String(prefSurveys)), &urls)
		for _, u := range urls {
			if u == url {
				return nil
			}
		}
		b, _ := json.Marshal(append(urls, url))
		c.deps.Prefs.SetString(prefSurveys, string(b))
	}
	return nil
}
