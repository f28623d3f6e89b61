package hips

// DefaultURL is the survey shown until the user picks another: CDS's
// colour composite of the Digitized Sky Survey 2 (CDS/P/DSS2/color).
const DefaultURL = "https://alasky.cds.unistra.fr/DSS/DSSColor"

// Survey is a HiPS offered in the list to choose from.
type Survey struct{ Title, URL, Description string }

// Known lists well-known public colour HiPS (JPEG or PNG tiles, so they
// show without a colour map), DefaultURL first. The base URLs are those CDS
// publishes for these surveys (the HiPS IDs are in the descriptions).
var Known = []Survey{
	{"DSS2 colour", DefaultURL, "Digitized Sky Survey 2, red and blue plates combined; whole sky, optical (CDS/P/DSS2/color)"},
	{"2MASS colour", "https://alasky.cds.unistra.fr/2MASS/Color", "Two Micron All Sky Survey J, H, Ks; whole sky, near infrared (CDS/P/2MASS/color)"},
	{"Pan-STARRS DR1 colour", "https://alasky.cds.unistra.fr/Pan-STARRS/DR1/color-z-zg-g", "Pan-STARRS1 DR1 z, g; sky north of dec -30°, optical (CDS/P/PanSTARRS/DR1/color-z-zg-g)"},
	{"SDSS9 colour", "https://alasky.cds.unistra.fr/SDSS/DR9/color", "Sloan Digital Sky Survey DR9 g, r, i; about a third of the sky, optical (CDS/P/SDSS9/color)"},
	{"AllWISE colour", "https://alasky.cds.unistra.fr/AllWISE/RGB-W4-W2-W1", "AllWISE W1, W2, W4; whole sky, mid infrared (CDS/P/allWISE/color)"},
	{"Mellinger colour", "https://alasky.cds.unistra.fr/MellingerRGB", "Axel Mellinger's optical Milky Way panorama; whole sky, galactic frame (CDS/P/Mellinger/color)"},
	{"Gaia DR3 colour flux map", "https://alasky.cds.unistra.fr/ancillary/GaiaDR3/color-Rp-G-Bp-flux-map", "The Gaia DR3 sources' flux in Rp, G and Bp; whole sky (CDS)"},
	{"IRIS colour", "https://alasky.cds.unistra.fr/IRISColor", "IRAS (IRIS reprocessing) 25, 60, 100 µm; whole sky, far infrared (CDS/P/IRIS/color)"},
	{"Fermi colour", "https://alasky.cds.unistra.fr/Fermi/Color", "Fermi LAT gamma rays; whole sky (CDS/P/Fermi/color)"},
}
