package spectrumplot

import (
	"math"

	"esodesk/fits/specunits"
	"esodesk/widgets/spectrumplot/render"
)

// fluxChoice is one entry of the toolbar's Flux menu.
type fluxChoice struct {
	label     string
	unit      string // "" : as the files give it (the plot's automatic choice)
	normalize bool
}

// fluxChoices: the Flux menu, in order. The first keeps the automatic
// behaviour (one unit, converted, or normalised when units differ).
var fluxChoices = []fluxChoice{
	{"Flux as in file", "", false},
	{"F_λ per Å", "erg/s/cm2/Angstrom", false},
	{"F_λ per nm", "erg/s/cm2/nm", false},
	{"F_ν in Jy", "Jy", false},
	{"F_ν in mJy", "mJy", false},
	{"F_ν erg s⁻¹ cm⁻² Hz⁻¹", "erg/s/cm2/Hz", false},
	{"ν F_ν", "erg/s/cm2", false},
	{"AB mag", specunits.ABMag, false},
	{"Normalised (median)", "", true},
}

func fluxLabels() []string {
	out := make([]string, len(fluxChoices))
	for i, c := range fluxChoices {
		out[i] = c.label
	}
	return out
}

// FluxUnit is the flux axis the user chose: a specunits flux unit (""
// for the files' own) and whether each spectrum is divided by its median.
func (p *Plot) FluxUnit() (unit string, normalize bool) { return p.yUnit, p.normalize }

// SetFluxUnit converts every visible spectrum's flux (and error) to unit
// (one of specunits.FluxUnits, ABmag inverts the axis; "" the files' own)
// and/or divides each by its median. Spectra that cannot be converted
// (relative, counts) are left out and the plot's notes say so. The y zoom
// is reset: the old range means nothing in the new unit.
func (p *Plot) SetFluxUnit(unit string, normalize bool) {
	if unit == p.yUnit && normalize == p.normalize {
		return
	}
	p.yUnit, p.normalize, p.yr = unit, normalize, render.Range{}
	if p.meas.on || len(p.meas.rows) > 0 {
		p.mpanel.update()
	}
	p.bar.sync()
	p.requestRender()
}

// Rest is the rest wavelength (metres) of the km/s axis.
func (p *Plot) Rest() float64 { return p.rest }

// SetRest sets the rest wavelength (metres) velocities are measured from.
func (p *Plot) SetRest(metres float64) {
	if !(metres > 0) || math.IsInf(metres, 0) || metres == p.rest {
		return
	}
	p.rest = metres
	if p.xUnit == render.UnitKMS {
		p.xr = render.Range{}
		p.requestRender()
	}
	p.bar.sync()
}

// onWavelengthAxis reports whether the x axis on show is a wavelength
// (measurements need one: EW and line flux integrate over wavelength).
func (p *Plot) onWavelengthAxis() bool { return render.IsWavelengthUnit(p.axisUnit()) }
