package dataset

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"esodesk/services/calselector"
	"esodesk/services/download"
)

// Folder names of ESO's web request, one per requested mode.
const (
	RawFolder       = "data_with_raw_calibs"
	ProcessedFolder = "data_with_processed_calibs"
)

// PlanOptions says where and what to download.
type PlanOptions struct {
	Dir           string           // parent folder; the files go to Dir/data_with_*_calibs
	Mode          calselector.Mode // requested mode (picks the folder); "" = the first dataset's
	Trees         bool             // also save each dataset's ASSOCIATION_TREE XML
	NightLogs     bool             // also fetch the night log of each science frame
	DataPortalURL string           // file download base, for night logs
	NeedsToken    bool             // send the ESO token with every job
}

// Plan is the download of several datasets: every file once.
type Plan struct {
	Folder  string
	Jobs    []download.Job
	Total   int64 // bytes of the files of known size
	Unknown int   // data files of unknown size
	// Trees and NightLogs count the association trees and night logs
	// among Jobs (small text files, sizes unknown until fetched).
	Trees, NightLogs int
	Files            int // len(Jobs)
	Shared           int // files used by more than one dataset, downloaded once
	// SharedCalibrations is how many of the Shared files are calibrations.
	SharedCalibrations int
	Datasets           int
}

// FolderName is the folder ESO's web request uses for mode.
func FolderName(mode calselector.Mode) string {
	if mode == calselector.Raw2Master {
		return ProcessedFolder
	}
	return RawFolder
}

// TreeName is the file name of a dataset's ASSOCIATION_TREE, as ESO names it.
func TreeName(dpid string, mode calselector.Mode) string {
	return dpid + "_" + strings.ToLower(string(mode)) + ".xml"
}

// MakePlan lists the jobs for ds. Data files keep Job.Name "" so the
// server's Content-Disposition names them (e.g. .fits.Z); trees get their
// name here because the service's name may be missing.
func MakePlan(ds []*Dataset, o PlanOptions) *Plan {
	mode := o.Mode
	if mode == "" && len(ds) > 0 {
		mode = ds[0].RequestedMode
	}
	p := &Plan{Folder: filepath.Join(o.Dir, FolderName(mode)), Datasets: len(ds)}
	index := map[string]int{}  // file key → job index
	users := map[string]int{}  // file key → datasets using it
	calib := map[string]bool{} // file key → is a calibration somewhere
	// extras (trees, night logs) are small text files of unknown size: they
	// are counted apart so "unknown size" speaks of data files only
	add := func(key string, j download.Job, size int64, extra *int) bool {
		if _, ok := index[key]; ok {
			return false
		}
		if size > 0 {
			j.Size = size
		}
		j.Dir, j.NeedsToken = p.Folder, o.NeedsToken
		index[key] = len(p.Jobs)
		p.Jobs = append(p.Jobs, j)
		switch {
		case extra != nil:
			*extra++
		case size >= 0:
			p.Total += size
		default:
			p.Unknown++
		}
		return true
	}
	portal := strings.TrimRight(o.DataPortalURL, "/")
	for _, d := range ds {
		mine := map[string]bool{}
		for i, f := range d.Files() {
			key := fileKey(f)
			if key == "" || f.URL == "" { // nothing to fetch it from
				continue
			}
			add(key, download.Job{URL: f.URL}, f.Size, nil)
			if i > len(d.Siblings) {
				calib[key] = true
			}
			if !mine[key] {
				mine[key] = true
				users[key]++
			}
		}
		if o.Trees && d.TreeURL != "" {
			treeMode := d.RequestedMode
			if treeMode == "" {
				treeMode = mode
			}
			add("tree\n"+d.TreeURL, download.Job{URL: d.TreeURL, Name: TreeName(d.Science.DPID, treeMode)}, -1, &p.Trees)
		}
		if o.NightLogs && portal != "" {
			for _, f := range append([]File{d.Science}, d.Siblings...) {
				if f.DPID != "" {
					nl := portal + "/" + url.PathEscape(f.DPID) + ".NL"
					add("nl\n"+nl, download.Job{URL: nl}, -1, &p.NightLogs)
				}
			}
		}
	}
	for key, n := range users {
		if n > 1 {
			p.Shared++
			if calib[key] {
				p.SharedCalibrations++
			}
		}
	}
	p.Files = len(p.Jobs)
	return p
}

// fileKey identifies a file across datasets: its dp_id, else its URL.
func fileKey(f File) string {
	if f.DPID != "" {
		return "id\n" + f.DPID
	}
	if f.URL != "" {
		return "url\n" + f.URL
	}
	return ""
}

// Summary is e.g. "3 datasets · 57 files · 1.2 GB (9 shared calibrations
// counted once)".
func (p *Plan) Summary() string {
	var b strings.Builder
	data := p.Files - p.Trees - p.NightLogs
	fmt.Fprintf(&b, "%s · %s · %s", plural(p.Datasets, "dataset"), plural(data, "file"), download.HumanBytes(p.Total))
	if p.Unknown > 0 {
		fmt.Fprintf(&b, " + %d of unknown size", p.Unknown)
	}
	if p.Trees > 0 {
		fmt.Fprintf(&b, " · %s", plural(p.Trees, "association tree"))
	}
	if p.NightLogs > 0 {
		fmt.Fprintf(&b, " · %s", plural(p.NightLogs, "night log"))
	}
	if p.Shared > 0 {
		what := "shared files"
		if p.SharedCalibrations == p.Shared {
			what = "shared calibrations"
		}
		if p.Shared == 1 {
			what = strings.TrimSuffix(what, "s")
		}
		fmt.Fprintf(&b, " (%d %s counted once)", p.Shared, what)
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
