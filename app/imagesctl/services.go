package imagesctl

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"esodesk/services/config"
)

// servicesPref keeps the services the user added, as JSON.
const servicesPref = "images.services"

// ESOService is ESO's archive: ivoa.ObsCore through the TAP of the settings.
var ESOService = Service{Kind: KindESO, Name: "ESO archive (ObsCore through TAP)"}

// Services are the picker's choices: ESO, the SIA service of the settings,
// then those the user added (typed or found in the registry).
func Services(settings config.Settings, prefs config.Store) []Service {
	out := []Service{ESOService}
	if settings.SIA != "" {
		out = append(out, Service{Kind: KindSIA, Name: serviceName(KindSIA, settings.SIA), URL: settings.SIA})
	}
	for _, s := range saved(prefs) {
		if !has(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// AddService checks a typed or found URL and remembers it; it returns the
// service as the picker names it.
func AddService(prefs config.Store, kind, rawURL string) (Service, error) {
	if err := config.Validate(rawURL); err != nil {
		return Service{}, err
	}
	if kind != KindSIA && kind != KindSCS {
		return Service{}, fmt.Errorf("unknown service kind %q", kind)
	}
	s := Service{Kind: kind, Name: serviceName(kind, rawURL), URL: strings.TrimSpace(rawURL)}
	list := saved(prefs)
	if !has(list, s) {
		list = append(list, s)
		b, _ := json.Marshal(list)
		prefs.SetString(servicesPref, string(b))
	}
	return s, nil
}

func saved(prefs config.Store) []Service {
	var list []Service
	if prefs == nil {
		return nil
	}
	if err := json.Unmarshal([]byte(prefs.String(servicesPref)), &list); err != nil {
		return nil // none saved yet, or written by a version that is gone
	}
	var ok []Service
	for _, s := range list {
		if (s.Kind == KindSIA || s.Kind == KindSCS) && config.Validate(s.URL) == nil {
			ok = append(ok, s)
		}
	}
	return ok
}

func has(list []Service, s Service) bool {
	for _, o := range list {
		if o.Kind == s.Kind && o.URL == s.URL {
			return true
		}
	}
	return false
}

// serviceName is how the picker shows a service: its kind and host.
func serviceName(kind, rawURL string) string {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		host = u.Host
	}
	if kind == KindSCS {
		return "Cone search: " + host + " (catalogue)"
	}
	return "SIA 2: " + host
}
