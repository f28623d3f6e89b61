package fits

import "strings"

// Choosing which column is the spectral axis, the flux, its error and the
// quality: by utype first (the data model says what a column is), then by
// UCD, and by name only as a last resort, because names lie (ESO files carry
// FLUX next to FLUX_REDUCED, or a flux column named after the target).

// colInfo is what role selection knows about a column.
type colInfo struct {
	name, utype, ucd, unit string
	numeric                bool
}

type errKind int

const (
	errSigma    errKind = iota // 1-sigma error
	errIvar                    // inverse variance: sigma = 1/sqrt(ivar)
	errVariance                // variance: sigma = sqrt(var)
)

type roles struct {
	spectral, flux, err, qual int // column indices, -1 when absent
	errKind                   errKind
	logWave                   bool // the spectral column holds log10(wavelength)
}

// utypeRole splits a utype into "is it a standard data-model prefix" and the
// lower-case path after it, without any "Spectrum." head:
// "spec:Spectrum.Data.FluxAxis.Value" -> (true, "data.fluxaxis.value").
func utypeRole(utype string) (standard bool, path string) {
	u := strings.ToLower(strings.TrimSpace(utype))
	if u == "" {
		return false, ""
	}
	prefix := ""
	if i := strings.IndexByte(u, ':'); i >= 0 {
		prefix, u = u[:i], u[i+1:]
	}
	u = strings.TrimPrefix(u, "spectrum.")
	switch prefix {
	case "", "spec", "spec2", "ssa", "sdm", "spectrum", "ssldm":
		standard = true
	}
	return standard, u
}

// ucdAtoms splits a UCD into its lower-case words.
func ucdAtoms(ucd string) []string {
	parts := strings.Split(strings.ToLower(ucd), ";")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func hasAtom(atoms []string, prefix string) bool {
	for _, a := range atoms {
		if a == prefix || strings.HasPrefix(a, prefix+".") {
			return true
		}
	}
	return false
}

var (
	spectralNames = map[string]bool{"WAVE": true, "WAVELENGTH": true, "LAMBDA": true, "LAM": true,
		"WAVELEN": true, "WAV": true, "WL": true, "FREQ": true, "FREQUENCY": true, "ENER": true, "ENERGY": true,
		"LOGLAM": true, "LOGLAMBDA": true, "LOGWAVE": true}
	fluxNames  = map[string]bool{"FLUX": true, "FLUX_DENSITY": true, "FLAM": true, "FNU": true, "SPEC": true, "SPECTRUM": true, "COUNTS": true, "DATA": true}
	errNames   = map[string]bool{"ERR": true, "ERROR": true, "SIGMA": true, "ERR_FLUX": true, "FLUX_ERR": true, "FLUX_ERROR": true, "NOISE": true, "UNCERTAINTY": true, "STAT_ERR": true, "E_FLUX": true}
	ivarNames  = map[string]bool{"IVAR": true, "INVVAR": true, "INV_VAR": true, "IVARIANCE": true}
	varNames   = map[string]bool{"VAR": true, "VARIANCE": true}
	qualNames  = map[string]bool{"QUAL": true, "QUALITY": true, "DQ": true}
	logLamName = map[string]bool{"LOGLAM": true, "LOGLAMBDA": true, "LOGWAVE": true}
)

// pickRoles scores every numeric column for each role and keeps the best.
func pickRoles(cols []colInfo) roles {
	r := roles{spectral: -1, flux: -1, err: -1, qual: -1}
	best := func(score func(c colInfo) int, skip ...int) int {
		pick, top := -1, 0
	next:
		for i, c := range cols {
			if !c.numeric {
				continue
			}
			for _, s := range skip {
				if s == i {
					continue next
				}
			}
			if s := score(c); s > top {
				pick, top = i, s
			}
		}
		return pick
	}
	r.spectral = best(scoreSpectral)
	r.flux = best(scoreFlux, r.spectral)
	r.err = best(scoreErr, r.spectral, r.flux)
	r.qual = best(scoreQual, r.spectral, r.flux, r.err)
	if r.spectral >= 0 {
		r.logWave = logLamName[strings.ToUpper(cols[r.spectral].name)]
	}
	if r.err >= 0 {
		n := strings.ToUpper(cols[r.err].name)
		atoms := ucdAtoms(cols[r.err].ucd)
		switch {
		case ivarNames[n] || hasAtom(atoms, "stat.weight"):
			r.errKind = errIvar
		case varNames[n] || hasAtom(atoms, "stat.variance"):
			r.errKind = errVariance
		}
	}
	return r
}

func scoreSpectral(c colInfo) int {
	std, path := utypeRole(c.utype)
	switch {
	case path == "data.spectralaxis.value" && std:
		return 100
	case path == "data.spectralaxis.value":
		return 30
	}
	atoms := ucdAtoms(c.ucd)
	if len(atoms) > 0 && !hasAtom(atoms, "stat") && !hasAtom(atoms, "meta.code") {
		switch atoms[0] {
		case "em.wl", "em.freq", "em.energy", "em.wavenumber":
			return 20
		}
	}
	if spectralNames[strings.ToUpper(c.name)] {
		return 5
	}
	return 0
}

func scoreFlux(c colInfo) int {
	std, path := utypeRole(c.utype)
	switch {
	case path == "data.fluxaxis.value" && std:
		return 100
	}
	atoms := ucdAtoms(c.ucd)
	photo := len(atoms) > 0 && (strings.HasPrefix(atoms[0], "phot.") || atoms[0] == "phot") &&
		!hasAtom(atoms, "stat") && !hasAtom(atoms, "spect.continuum")
	switch {
	case photo && hasAtom(atoms, "meta.main"):
		return 50
	case path == "data.fluxaxis.value" && strings.ToUpper(c.name) == "FLUX":
		return 40
	case path == "data.fluxaxis.value":
		return 30
	case photo:
		return 20
	case fluxNames[strings.ToUpper(c.name)]:
		return 5
	}
	return 0
}

func scoreErr(c colInfo) int {
	std, path := utypeRole(c.utype)
	switch {
	case path == "data.fluxaxis.accuracy.staterror" && std:
		return 100
	case path == "data.fluxaxis.accuracy.staterror":
		return 30
	}
	atoms := ucdAtoms(c.ucd)
	n := strings.ToUpper(c.name)
	switch {
	case len(atoms) > 0 && atoms[0] == "stat.error" && hasAtom(atoms, "phot") && hasAtom(atoms, "meta.main"):
		return 50
	case len(atoms) > 0 && atoms[0] == "stat.error" && hasAtom(atoms, "phot"):
		return 20
	case errNames[n]:
		return 5
	case ivarNames[n] || varNames[n]:
		return 4
	}
	return 0
}

func scoreQual(c colInfo) int {
	std, path := utypeRole(c.utype)
	switch {
	case path == "data.fluxaxis.quality" && std:
		return 100
	case path == "data.fluxaxis.quality":
		return 30
	}
	if atoms := ucdAtoms(c.ucd); len(atoms) > 0 && atoms[0] == "meta.code.qual" {
		return 20
	}
	if qualNames[strings.ToUpper(c.name)] {
		return 5
	}
	return 0
}

// axisFor says what a spectral column measures, from its UCD, then its unit,
// then its name; wavelength when nothing says otherwise.
func axisFor(c colInfo) string {
	atoms := ucdAtoms(c.ucd)
	if len(atoms) > 0 {
		switch atoms[0] {
		case "em.freq":
			return "frequency"
		case "em.energy":
			return "energy"
		case "em.wl":
			return "wavelength"
		}
	}
	if a := UnitAxis(c.unit); a != "" {
		return a
	}
	switch strings.ToUpper(c.name) {
	case "FREQ", "FREQUENCY":
		return "frequency"
	case "ENER", "ENERGY":
		return "energy"
	}
	return "wavelength"
}

// isAir reports a UCD saying the wavelengths are in air.
func isAir(ucd string) bool {
	return hasAtom(ucdAtoms(ucd), "obs.atmos")
}
