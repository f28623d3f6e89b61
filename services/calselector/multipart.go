package calselector

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
)

// ParseMultipart reads the multipart/form-data answer for several dp_ids:
// one ASSOCIATION_TREE per part, keyed by the dp_id taken from the part's
// filename ("<dp_id>_raw2raw.xml"), or, when the part has no usable name,
// from the top association's first main file. contentType is the HTTP
// Content-Type header, which carries the boundary (the body does not).
func ParseMultipart(contentType string, r io.Reader) (map[string]*Association, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("CalSelector multipart answer: bad Content-Type %q: %v", contentType, err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		return nil, fmt.Errorf("CalSelector answer is %s, not multipart", mediaType)
	}
	boundary := params["boundary"]
	if boundary == "" {
		return nil, errors.New("CalSelector multipart answer: Content-Type has no boundary")
	}
	mr := multipart.NewReader(r, boundary)
	trees := map[string]*Association{}
	for n := 1; ; n++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CalSelector multipart answer, part %d: %v", n, err)
		}
		name := partFilename(part)
		tree, err := ParseTree(part)
		part.Close()
		if err != nil {
			return nil, fmt.Errorf("CalSelector multipart answer, part %d (%s): %w", n, name, err)
		}
		id := DPIDFromFilename(name)
		if id == "" && len(tree.MainFiles) > 0 {
			id = tree.MainFiles[0].Name
		}
		if id == "" {
			return nil, fmt.Errorf("CalSelector multipart answer, part %d: no filename and no main file to name it", n)
		}
		trees[id] = tree
	}
	if len(trees) == 0 {
		return nil, errors.New("CalSelector multipart answer holds no parts")
	}
	return trees, nil
}

// partFilename reads the filename parameter itself: Part.FileName applies
// filepath.Base, which would mangle ':' in dp_ids on some systems.
func partFilename(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return ""
	}
	return params["filename"]
}

// DPIDFromFilename turns "<dp_id>_raw2raw.xml" (or _raw2master) back into
// the dp_id; a name without that suffix is kept (minus ".xml"). "" when
// name is empty.
func DPIDFromFilename(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	lower := strings.ToLower(name)
	lower = strings.TrimSuffix(lower, ".xml")
	for _, suffix := range []string{"_raw2raw", "_raw2master"} {
		if strings.HasSuffix(lower, suffix) {
			return name[:len(lower)-len(suffix)]
		}
	}
	return name[:len(lower)]
}
