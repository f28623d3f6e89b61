package unixz

// Compress encodes data as a .Z stream (tests and fixtures use it; the app
// only reads .Z). It mirrors the decoder's view of the
// table (decFree) to know when to widen codes, pads each width change and
// CLEAR to a whole group of eight codes, and clears the table when it is
// full if clear is set (block mode only).
func Compress(data []byte, maxBits uint, block, clear bool) []byte {
	if maxBits < initBits || maxBits > 16 {
		maxBits = 16
	}
	out := []byte{Magic[0], Magic[1], byte(maxBits)}
	if block {
		out[2] |= blockFlag
	}
	var acc uint64
	var nacc uint
	count := 0
	nBits := uint(initBits)
	maxMaxCode := 1 << maxBits
	maxCode := 1<<nBits - 1
	first := 256
	if block {
		first = 257
	}
	decFree := first
	emit := func(code int) {
		acc |= uint64(code) << nacc
		nacc += nBits
		for nacc >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			nacc -= 8
		}
		count++
	}
	pad := func() {
		if rem := count % 8; rem != 0 {
			nacc += uint(8-rem) * nBits // zero bits
			for nacc >= 8 {
				out = append(out, byte(acc))
				acc >>= 8
				nacc -= 8
			}
		}
		count = 0
	}
	dict := map[int]int{}
	next := first
	codes := 0
	emitCode := func(code int) {
		if codes > 0 && decFree > maxCode {
			pad()
			nBits++
			if nBits == maxBits {
				maxCode = maxMaxCode
			} else {
				maxCode = 1<<nBits - 1
			}
		}
		emit(code)
		if codes > 0 && decFree < maxMaxCode {
			decFree++
		}
		codes++
	}
	if len(data) == 0 {
		return out
	}
	ent := int(data[0])
	for _, c := range data[1:] {
		key := ent<<8 | int(c)
		if code, ok := dict[key]; ok {
			ent = code
			continue
		}
		emitCode(ent)
		if next < maxMaxCode {
			dict[key] = next
			next++
		} else if clear && block {
			// CLEAR travels at the current width, then everything restarts.
			if decFree > maxCode {
				pad()
				nBits++
				maxCode = maxMaxCode
			}
			emit(clearCode)
			pad()
			nBits = initBits
			maxCode = 1<<nBits - 1
			decFree = 256
			dict = map[int]int{}
			next = 257
		}
		ent = int(c)
	}
	emitCode(ent)
	if nacc > 0 {
		out = append(out, byte(acc))
	}
	return out
}
