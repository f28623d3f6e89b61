package votable

// bitset marks null rows. It stays nil until the first null, so columns
// without nulls pay nothing.
type bitset []uint64

func (b *bitset) set(i int) {
	w := i >> 6
	if w >= len(*b) {
		if w < cap(*b) {
			*b = (*b)[:w+1]
		} else {
			nb := make(bitset, w+1, 2*w+2)
			copy(nb, *b)
			*b = nb
		}
	}
	(*b)[w] |= 1 << uint(i&63)
}

func (b bitset) get(i int) bool {
	w := i >> 6
	return w < len(b) && b[w]&(1<<uint(i&63)) != 0
}

// appendShifted sets, in b, every bit of src moved up by off rows.
func (b *bitset) appendShifted(src bitset, off int) {
	for w, word := range src {
		for word != 0 {
			t := trailingZeros(word)
			b.set(off + w*64 + t)
			word &= word - 1
		}
	}
}

func trailingZeros(x uint64) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}
