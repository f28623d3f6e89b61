// Package sampfile decides how a local file travels over SAMP: which MType
// loads it (by reading it, not by its name) and the message that does.
package sampfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"esodesk/fits"
	"esodesk/services/samp"
)

// Kind decides the MType a local file is sent with, by reading it: a
// VOTable → table.load.votable, a 1-D spectrum FITS →
// spectrum.load.ssa-generic, an image or cube FITS → image.load.fits, a
// FITS table → table.load.fits.
func Kind(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(head, []byte("<")) {
		if bytes.Contains(head, []byte("<VOTABLE")) || bytes.HasPrefix(head, []byte("<?xml")) {
			return samp.MTypeTableLoadVOTable, nil
		}
		return "", fmt.Errorf("%s: XML but not a VOTable", path)
	}
	if _, err := fits.Open(path); err == nil {
		return samp.MTypeSpectrumLoadSSA, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	hdrs, err := fits.Headers(f)
	if len(hdrs) == 0 {
		if err == nil {
			err = errors.New("no HDU")
		}
		return "", fmt.Errorf("%s: neither a VOTable nor a FITS file (%v)", path, err)
	}
	table := false
	for _, h := range hdrs {
		v := map[string]string{}
		for _, c := range h.Cards {
			if _, seen := v[c.Key]; !seen {
				v[c.Key] = strings.TrimSpace(c.Value)
			}
		}
		switch v["XTENSION"] {
		case "BINTABLE", "TABLE":
			table = true
			continue
		}
		naxis, _ := strconv.Atoi(v["NAXIS"])
		n1, _ := strconv.Atoi(v["NAXIS1"])
		n2, _ := strconv.Atoi(v["NAXIS2"])
		if naxis >= 2 && n1 > 1 && n2 > 1 {
			return samp.MTypeImageLoadFITS, nil
		}
	}
	if table {
		return samp.MTypeTableLoadFITS, nil
	}
	return "", fmt.Errorf("%s: a FITS file with neither a spectrum, an image nor a table", path)
}

// Message is the message that loads the file path, served at url, as
// mtype; kind is what Kind found the file to be (it sets the spectrum's
// format).
func Message(mtype, url, path, kind string) samp.Message {
	name := filepath.Base(path)
	id := "esodesk-" + name
	switch mtype {
	case samp.MTypeTableLoadVOTable:
		return samp.TableLoadVOTable(url, id, name)
	case samp.MTypeTableLoadFITS:
		return samp.TableLoadFITS(url, id, name)
	case samp.MTypeSpectrumLoadSSA:
		format := "application/fits"
		if kind == samp.MTypeTableLoadVOTable {
			format = "application/x-votable+xml"
		}
		return samp.SpectrumLoadSSA(url, map[string]string{"Access.Format": format}, id, name)
	}
	return samp.ImageLoadFITS(url, id, name)
}
