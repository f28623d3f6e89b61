package tapctl

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"esodesk/internal/latest"
	"esodesk/services/config"
	"esodesk/services/tap"
)

// Built-in services; custom URLs follow them among the choices.
const (
	ESOObs = "ESO observations (tap_obs)"
	ESOCat = "ESO catalogues (tap_cat)"
	ASTRON = "ASTRON VO (tap)"
)

const prefService = "tap.service"

func choices(custom []string) []string {
	return append([]string{ESOObs, ESOCat, ASTRON}, custom...)
}

// urlFor maps a service's name to its URL ("" for none): a custom service
// is named by its URL.
func (c *Controller) urlFor(name string) string {
	s := c.deps.Settings()
	switch name {
	case ESOObs:
		return s.TapObs
	case ESOCat:
		return s.TapCat
	case ASTRON:
		return s.TapAstron
	case "":
		return ""
	}
	if config.Validate(name) == nil {
		return name
	}
	return ""
}

// Restore chooses the service used last time (ESO observations at first).
func (c *Controller) Restore() {
	name := c.deps.Prefs.String(prefService)
	if c.urlFor(name) == "" {
		name = ESOObs
	}
	c.choose(name, true)
}

// Select chooses the named service and loads what describes it; choosing the
// service in use again changes nothing. It reports false for a name that is
// no service.
func (c *Controller) Select(name string) bool { return c.choose(name, false) }

// AddService adds a custom service by its URL and chooses it.
func (c *Controller) AddService(rawURL string) error {
	if err := config.Validate(rawURL); err != nil {
		return err
	}
	url := strings.TrimRight(strings.TrimSpace(rawURL), "/")
	custom := c.custom.Add(url)
	c.state.Update(func(s *State) { s.Choices = choices(custom) })
	c.Select(url)
	return nil
}

// SettingsChanged picks up new URLs of the built-in services.
func (c *Controller) SettingsChanged() { c.choose(c.Snapshot().Service.Name, true) }

// Reload loads the service's tables, header and examples again.
func (c *Controller) Reload() {
	if c.Snapshot().Service.URL != "" {
		c.load()
	}
}

func (c *Controller) choose(name string, reload bool) bool {
	svc := Service{Name: name, URL: c.urlFor(name)}
	if svc.URL == "" {
		return false
	}
	if svc == c.Snapshot().Service && !reload {
		return true
	}
	c.deps.Prefs.SetString(prefService, name)
	c.state.Update(func(s *State) { s.Service = svc })
	c.load()
	return true
}

// load fetches the tables, the header line and the examples of the service
// in use, each on its own task: a newer load drops an older one's results.
func (c *Controller) load() {
	svc := c.Snapshot().Service
	client := tap.New(svc.URL, c.deps.HTTP)
	ours := OurExamples(svc.Name)
	c.state.Update(func(s *State) {
		s.Header = svc.URL
		s.Examples = ours
		s.Schema = Schema{Seq: s.Schema.Seq + 1, Loading: true, Message: "Loading tables from " + svc.URL + " …"}
	})
	c.schema.Start(func(j latest.Job) {
		set, err := client.Tables(j.Context())
		j.Finish(func() {
			next := Schema{Tables: set}
			if err != nil {
				next = Schema{Message: fmt.Sprintf("Could not read the tables of %s: %v", svc.URL, err)}
			}
			c.state.Update(func(s *State) { next.Seq = s.Schema.Seq + 1; s.Schema = next })
		})
	})
	c.header.Start(func(j latest.Job) {
		header := describe(j.Context(), client, svc.URL)
		j.Finish(func() { c.state.Update(func(s *State) { s.Header = header }) })
	})
	c.examples.Start(func(j latest.Job) {
		ex, err := client.Examples(j.Context())
		j.Finish(func() {
			if err == nil { // examples are optional: many services have none
				c.state.Update(func(s *State) { s.Examples = append(fromTap(ex), ours...) })
			}
		})
	})
}

// describe summarises availability and row limits for the header line.
func describe(ctx context.Context, svc *tap.Service, url string) string {
	parts := []string{url}
	if av, err := svc.Availability(ctx); err == nil && !av.Available {
		note := strings.Join(av.Notes, " ")
		if note == "" {
			note = "the service says it is not available"
		}
		parts = append(parts, "⚠ "+note)
	}
	if caps, err := svc.Capabilities(ctx); err == nil {
		if l := caps.OutputLimit; l.Default > 0 || l.Hard > 0 {
			parts = append(parts, fmt.Sprintf("row limit: default %s, max %s", rowCount(l.Default), rowCount(l.Hard)))
		}
	}
	return strings.Join(parts, " · ")
}

func rowCount(n int64) string {
	if n <= 0 {
		return "none"
	}
	return strconv.FormatInt(n, 10)
}

// OurExamples are the queries we offer for a service besides its own.
func OurExamples(service string) []Example {
	switch service {
	case ESOObs:
		return esoObsExamples
	case ESOCat:
		return esoCatExamples
	}
	return nil
}

// StarterQuery is what a new user finds in the editor: a real query that
// runs on the service as it is (our first example for it, or a look at the
// ObsCore table most TAP services have), never an empty editor.
func StarterQuery(service string) string {
	if ex := OurExamples(service); len(ex) > 0 {
		return ex[0].Query
	}
	return "SELECT TOP 100 *\nFROM ivoa.obscore"
}

func fromTap(ex []tap.Example) []Example {
	out := make([]Example, 0, len(ex))
	for _, e := range ex {
		if strings.TrimSpace(e.Query) == "" {
			continue
		}
		out = append(out, Example{Name: e.Name, Description: e.Description, Query: e.Query})
	}
	return out
}
