package resulttable

import "math/bits"

// rowSet is the set of selected model rows: one bit per row, so that selecting
// all of a million rows costs 125 kB and a pass over 15,625 words.
type rowSet struct {
	words []uint64
	count int
}

func newRowSet(n int) rowSet { return rowSet{words: make([]uint64, (n+63)/64)} }

func (s *rowSet) has(r int) bool {
	w := r >> 6
	return w < len(s.words) && s.words[w]&(1<<(uint(r)&63)) != 0
}

func (s *rowSet) add(r int) {
	if !s.has(r) {
		s.words[r>>6] |= 1 << (uint(r) & 63)
		s.count++
	}
}

func (s *rowSet) remove(r int) {
	if s.has(r) {
		s.words[r>>6] &^= 1 << (uint(r) & 63)
		s.count--
	}
}

func (s *rowSet) clear() {
	if s.count == 0 {
		return
	}
	clear(s.words)
	s.count = 0
}

// addAll selects every model row 0..n-1.
func (s *rowSet) addAll(n int) {
	for i := range s.words {
		s.words[i] = ^uint64(0)
	}
	if rest := n & 63; rest != 0 && len(s.words) > 0 {
		s.words[len(s.words)-1] = 1<<uint(rest) - 1
	}
	s.count = n
}

// rows lists the selected model rows in increasing order.
func (s *rowSet) rows() []int {
	out := make([]int, 0, s.count)
	for w, word := range s.words {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			out = append(out, w<<6+b)
			word &= word - 1
		}
	}
	return out
}

func (s *rowSet) clone() rowSet {
	return rowSet{words: append([]uint64(nil), s.words...), count: s.count}
}
