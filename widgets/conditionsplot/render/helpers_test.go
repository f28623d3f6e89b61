package render

import (
	"image"
	"image/color"
	"math"
	"time"

	"esodesk/services/conditions"
)

// night0 is the start of the test night (2019-03-05 23:00 UTC, evening in Chile).
var night0 = time.Date(2019, 3, 5, 23, 0, 0, 0, time.UTC)

// gapFrom and gapTo bracket the hole in the seeing series.
var gapFrom, gapTo = night0.Add(3 * time.Hour), night0.Add(4 * time.Hour)

// series makes q sampled every 60 s for hours, with values from f(k).
func series(q conditions.Quantity, hours float64, f func(k int) float64) conditions.Series {
	s := conditions.Series{Quantity: q, Site: conditions.Paranal, Unit: q.Unit(), Tables: []string{"asm.test"}}
	n := int(hours * 60)
	for k := range n {
		t := night0.Add(time.Duration(k) * time.Minute)
		s.Samples = append(s.Samples, conditions.Sample{Start: t, Integration: time.Minute, Value: f(k), Valid: true, Table: "asm.test"})
	}
	return s
}

// testNight: seeing with an hour's gap and an invalid spike, τ₀, an empty
// PWV panel with its note, wind and humidity; 11 h of 60-s samples.
func testNight() []conditions.Series {
	seeing := series(conditions.Seeing, 11, func(k int) float64 { return 0.8 + 0.2*math.Sin(float64(k)/40) })
	var kept []conditions.Sample
	for _, x := range seeing.Samples {
		if !x.Start.Before(gapFrom) && x.Start.Before(gapTo) {
			continue
		}
		kept = append(kept, x)
	}
	kept[100].Value, kept[100].Valid = 25, false // a bad sample: must not stretch the axis
	seeing.Samples = kept
	return []conditions.Series{
		seeing,
		series(conditions.Tau0, 11, func(k int) float64 { return 4 + math.Cos(float64(k)/60) }),
		{Quantity: conditions.PWV, Site: conditions.LaSilla, Unit: "mm", Note: "La Silla has no PWV monitor"},
		series(conditions.Wind, 11, func(k int) float64 { return 6 + 3*math.Sin(float64(k)/90) }),
		series(conditions.Humidity, 11, func(k int) float64 { return 10 + float64(k%50)/5 }),
	}
}

func rgba(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

func isWhite(c color.NRGBA) bool { return c.R > 250 && c.G > 250 && c.B > 250 }
