package region

// Galactic → ICRS. services may not import fits (where wcslib lives), so the
// rotation is here: the transpose of the ICRS→Galactic matrix of the
// Hipparcos catalogue (ESA 1997, vol. 1, §1.5.3), which agrees with
// astropy's Galactic frame (defined through FK4 B1950) to ~0.03 arcsec.
var galToICRS = [3]vec{
	{-0.0548755604162154, +0.4941094278755837, -0.8676661490190047},
	{-0.8734370902348850, -0.4448296299600112, -0.1980763734312015},
	{-0.4838350155487132, +0.7469822444972189, +0.4559837761750669},
}

// galacticToICRS converts galactic (l,b) degrees to ICRS (ra,dec).
func galacticToICRS(l, b float64) (float64, float64) {
	g := toVec(l, b)
	return vec{dot(galToICRS[0], g), dot(galToICRS[1], g), dot(galToICRS[2], g)}.radec()
}
