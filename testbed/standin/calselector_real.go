package standin

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
)

// Real recorded ESO answers, read in place from Options.FixturesDir (the
// shared fixtures/real directory) and served for the ids they were
// recorded for (README "CalSelector: real answers").
const (
	// RealTreeID is the FORS2 frame whose Raw2Raw ASSOCIATION_TREE is served byte for byte.
	RealTreeID = "FORS2.2021-01-02T00:59:12.533"
	// RealMultipartID is the other frame of the recorded multipart answer.
	RealMultipartID = "FORS2.2021-01-02T00:59:12.534"
	// RealVOTableID is the MUSE frame whose Raw2Master VOTable is rebuilt from the recorded rows.
	RealVOTableID = "MUSE.2018-06-05T01:06:59.418"

	realTreeFile      = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw.xml"
	realMultipartFile = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw_multipart.xml"
	realMultiBoundary = "uFQlfs9nBIDEAIoz0_ZM-O2SXKsZ2iSd4h7H"
	realVOTableFile   = "eso_astroquery_examples/extracted/calselector_raw2master_votable_MUSE.2018-06-05T01_06_59.418.tsv"
)

func (s *Server) fixture(rel string) ([]byte, error) {
	if s.opts.FixturesDir == "" {
		return nil, fmt.Errorf("the stand-in was started without the real fixtures (Options.FixturesDir, flag -fixtures)")
	}
	b, err := os.ReadFile(filepath.Join(s.opts.FixturesDir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("reading the recorded answer: %v", err)
	}
	return b, nil
}

// realTree is the recorded Raw2Raw tree of a FORS2 fixture id: the single
// file for RealTreeID, the multipart's part for RealMultipartID.
func (s *Server) realTree(id string) ([]byte, error) {
	if id == RealTreeID {
		return s.fixture(realTreeFile)
	}
	parts, err := s.realParts()
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if p.name == id+"_raw2raw.xml" {
			return p.body, nil
		}
	}
	return nil, fmt.Errorf("the recorded multipart answer has no part for %s", id)
}

type realPart struct {
	name string
	body []byte
}

// realParts splits the recorded multipart answer.
func (s *Server) realParts() ([]realPart, error) {
	b, err := s.realMultipart()
	if err != nil {
		return nil, err
	}
	mr := multipart.NewReader(bytes.NewReader(b), realMultiBoundary)
	var parts []realPart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the recorded multipart answer: %v", err)
		}
		body, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("reading the recorded multipart answer: %v", err)
		}
		_, params, _ := parseDisposition(p.Header.Get("Content-Disposition"))
		parts = append(parts, realPart{name: params, body: body})
	}
}

func (s *Server) realMultipart() ([]byte, error) { return s.fixture(realMultipartFile) }

// parseDisposition returns the filename of a Content-Disposition value
// (multipart.Part.FileName would apply filepath.Base).
func parseDisposition(v string) (string, string, error) {
	_, rest, ok := strings.Cut(v, `filename="`)
	if !ok {
		return "", "", fmt.Errorf("no filename")
	}
	name, _, _ := strings.Cut(rest, `"`)
	return "", name, nil
}

// realLinkRow is one row of the recorded MUSE VOTable (TSV columns).
type realLinkRow struct {
	ID, AccessURL, ServiceDef, ErrorMessage, Semantics, Description, ContentType, ContentLength, Category, DataLink string
}

// realVOTableRows reads the recorded MUSE rows (header, unit and dtype rows skipped).
func (s *Server) realVOTableRows() ([]realLinkRow, error) {
	header, lines, err := s.recordedTSV(realVOTableFile)
	if err != nil {
		return nil, err
	}
	if len(header) < 10 || header[0] != "ID" {
		return nil, fmt.Errorf("recorded MUSE VOTable rows: unexpected header %q", strings.Join(header, "\t"))
	}
	var rows []realLinkRow
	for _, c := range lines {
		if len(c) < 10 || !strings.HasPrefix(c[0], "ivo://") {
			continue // the unit and dtype rows
		}
		rows = append(rows, realLinkRow{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("recorded MUSE VOTable rows: none found")
	}
	return rows, nil
}
