package standin

import "testing"

// BenchmarkCubeFile builds a MUSE-shaped cube file (DATA and STAT), what
// the first download or DataLink answer for a cube costs (then cached).
func BenchmarkCubeFile(b *testing.B) {
	p := sodaProducts()[1]
	for i := 0; i < b.N; i++ {
		m, _ := newSkyModel(p.DPID, uint64(i), &p)
		b.SetBytes(int64(len(m.fitsFile(m.whole()))))
	}
}

// BenchmarkImageCutout is one SODA cutout of a FORS2 image (built per request).
func BenchmarkImageCutout(b *testing.B) {
	p := sodaProducts()[0]
	m, _ := newSkyModel(p.DPID, 1, &p)
	for i := 0; i < b.N; i++ {
		bx, _ := m.circleBox(13.70, -37.70, 0.02)
		b.SetBytes(int64(len(m.fitsFile(bx))))
	}
}
