package preview

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The reference limits in testdata/zscale.json come from astropy's
// ZScaleInterval (testdata/make_zscale.py); the FITS files are its inputs.
func TestZScaleMatchesAstropy(t *testing.T) {
	raw, err := os.ReadFile("testdata/zscale.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]struct {
		File      string
		Low, High float64
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			q, err := QuickLookFile(context.Background(), filepath.Join("testdata", c.File), 0)
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e-6 * math.Max(1, math.Abs(c.High-c.Low))
			if math.Abs(q.Low-c.Low) > tol || math.Abs(q.High-c.High) > tol {
				t.Errorf("zscale limits %g..%g, astropy gives %g..%g", q.Low, q.High, c.Low, c.High)
			}
		})
	}
}

// A straightforward transcription of the documented algorithm (IRAF zscale as
// astropy implements it) on hand-made data, written without the shortcuts
// of ZScale.
func referenceZScale(samples []float64) (float64, float64) {
	n := len(samples)
	lo, hi := samples[0], samples[n-1]
	minpix := int(math.Max(5, float64(int(float64(n)*0.5))))
	ngrow := int(math.Max(1, float64(int(float64(n)*0.01))))
	bad := make([]bool, n)
	good, last := n, n+1
	var slope float64
	for it := 0; it < 5 && good < last && good >= minpix; it++ {
		// Normal equations for y = a + b x over the good samples.
		var s0, s1, s2, t0, t1 float64
		for i := range samples {
			if !bad[i] {
				x := float64(i)
				s0++
				s1 += x
				s2 += x * x
				t0 += samples[i]
				t1 += x * samples[i]
			}
		}
		b := (s0*t1 - s1*t0) / (s0*s2 - s1*s1)
		a := (t0 - b*s1) / s0
		slope = b
		var res []float64
		for i := range samples {
			if !bad[i] {
				res = append(res, samples[i]-a-b*float64(i))
			}
		}
		var m, v float64
		for _, r := range res {
			m += r
		}
		m /= float64(len(res))
		for _, r := range res {
			v += (r - m) * (r - m)
		}
		th := 2.5 * math.Sqrt(v/float64(len(res)))
		for i := range samples {
			if r := samples[i] - a - b*float64(i); math.Abs(r) > th {
				bad[i] = true
			}
		}
		grown := make([]bool, n)
		for i := range bad {
			if bad[i] {
				for j := i - (ngrow-1)/2; j <= i+ngrow/2; j++ {
					if j >= 0 && j < n {
						grown[j] = true
					}
				}
			}
		}
		bad = grown
		last = good
		good = 0
		for _, x := range bad {
			if !x {
				good++
			}
		}
	}
	if good >= minpix {
		slope /= 0.25
		c := (n - 1) / 2
		med := samples[n/2]
		if n%2 == 0 {
			med = (samples[n/2-1] + samples[n/2]) / 2
		}
		lo = math.Max(lo, med-float64(c-1)*slope)
		hi = math.Min(hi, med+float64(n-c)*slope)
	}
	return lo, hi
}

func TestZScaleAgainstReference(t *testing.T) {
	// 400 sorted-to-be values: a noisy plateau with outliers on both ends.
	vals := make([]float64, 0, 400)
	for i := 0; i < 400; i++ {
		v := 50 + 3*math.Sin(float64(i)*1.7) + float64(i%7)
		switch {
		case i%37 == 0:
			v += 900
		case i%53 == 0:
			v -= 400
		}
		vals = append(vals, v)
	}
	vals[10] = math.NaN()
	lo, hi, ok := ZScale(vals)
	if !ok {
		t.Fatal("no limits")
	}
	var finite []float64
	for _, v := range vals {
		if !math.IsNaN(v) {
			finite = append(finite, v)
		}
	}
	sortFloats(finite)
	rlo, rhi := referenceZScale(finite)
	if math.Abs(lo-rlo) > 1e-9 || math.Abs(hi-rhi) > 1e-9 {
		t.Errorf("ZScale %g..%g, reference %g..%g", lo, hi, rlo, rhi)
	}
	if !(lo > -350 && hi < 900) {
		t.Errorf("outliers not rejected: %g..%g", lo, hi)
	}
	if _, _, ok := ZScale([]float64{math.NaN(), math.Inf(1)}); ok {
		t.Error("limits from no finite values")
	}
}

func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
