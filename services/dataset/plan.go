package dataset

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"esodesk/internal/bytesize"
	"esodesk/internal/plural"
	"esodesk/services/calselector"
	"esodesk/services/download"
)

// Folder names of ESO's web request, one per mode.
const (
	RawFolder       = "data_with_raw_calibs"
	ProcessedFolder = "data_with_processed_calibs"
)

// PlanOptions says where and what to download.
type PlanOptions struct {
	Dir string // parent folder; the files go to Dir/data_with_*_calibs
	// Mode is the requested mode, for datasets whose mode is not known
	// otherwise; "" = the first dataset's requested mode.
	Mode          calselector.Mode
	Trees         bool   // also save each dataset's ASSOCIATION_TREE XML
	NightLogs     bool   // also fetch the night log of each science frame
	DataPortalURL string // file download base, for night logs
	NeedsToken    bool   // send the ESO token with every job
}

// Plan is the download of several datasets: every file once.
type Plan struct {
	// Folders are where the files go, one per mode the datasets were
	// executed in (Dir/data_with_raw_calibs, Dir/data_with_processed_calibs),
	// in the order of the datasets.
	Folders []string
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
	// Downgraded counts the datasets asked for processed calibrations that
	// CalSelector answered with raw ones: they go to RawFolder.
	Downgraded int
}

// FolderName is the folder ESO's web request uses for mode.
func FolderName(mode calselector.Mode) string {
	if mode == calselector.Raw2Master {
		return ProcessedFolder
	}
	return RawFolder
}

// TreeName is the file name of a dataset's ASSOCIATION_TREE, as ESO names
// it for the mode executed (the real answer's Content-Disposition:
// "<id>_raw2raw.xml").
func TreeName(dpid string, mode calselector.Mode) string {
	return dpid + "_" + strings.ToLower(string(mode)) + ".xml"
}

// MakePlan lists the jobs for ds. Each dataset goes to the folder of the
// mode CalSelector executed (a downgraded one to data_with_raw_calibs), so
// each folder holds what its name says. Data files keep Job.Name "" so the
// server's Content-Disposition names them (e.g. .fits.Z); trees get their
// name here because the service's name may be missing.
func MakePlan(ds []*Dataset, o PlanOptions) *Plan {
	requested := o.Mode
	if requested == "" && len(ds) > 0 {
		requested = ds[0].RequestedMode
	}
	p := &Plan{Datasets: len(ds)}
	// keys start with the folder: each folder is complete on its own
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
		j.NeedsToken = o.NeedsToken
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
		mode := d.Mode()
		if mode == "" {
			mode = requested
		}
		folder := filepath.Join(o.Dir, FolderName(mode))
		if !slices.Contains(p.Folders, folder) {
			p.Folders = append(p.Folders, folder)
		}
		if d.Downgraded() {
			p.Downgraded++
		}
		mine := map[string]bool{}
		for i, f := range d.Files() {
			id := fileKey(f)
			if id == "" || f.URL == "" { // nothing to fetch it from
				continue
			}
			key := folder + "\n" + id
			add(key, download.Job{URL: f.URL, Dir: folder}, f.Size, nil)
			if i > len(d.Siblings) {
				calib[key] = true
			}
			if !mine[key] {
				mine[key] = true
				users[key]++
			}
		}
		if o.Trees && d.TreeURL != "" {
			add(folder+"\ntree\n"+d.TreeURL, download.Job{URL: d.TreeURL, Dir: folder, Name: TreeName(d.Science.DPID, mode)}, -1, &p.Trees)
		}
		if o.NightLogs && portal != "" {
			for _, f := range append([]File{d.Science}, d.Siblings...) {
				if f.DPID != "" {
					nl := portal + "/" + url.PathEscape(f.DPID) + ".NL"
					add(folder+"\nnl\n"+nl, download.Job{URL: nl, Dir: folder}, -1, &p.NightLogs)
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

// Summary is e.g. "3 datasets (1 downgraded to raw calibrations) · 57
// files · 1.2 GB (9 shared calibrations counted once)".
func (p *Plan) Summary() string {
	var b strings.Builder
	b.WriteString(plural.Count(p.Datasets, "dataset"))
	if p.Downgraded > 0 {
		fmt.Fprintf(&b, " (%d downgraded to raw calibrations)", p.Downgraded)
	}
	data := p.Files - p.Trees - p.NightLogs
	fmt.Fprintf(&b, " · %s · %s", plural.Count(data, "file"), bytesize.Format(p.Total))
	if p.Unknown > 0 {
		fmt.Fprintf(&b, " + %d of unknown size", p.Unknown)
	}
	if p.Trees > 0 {
		fmt.Fprintf(&b, " · %s", plural.Count(p.Trees, "association tree"))
	}
	if p.NightLogs > 0 {
		fmt.Fprintf(&b, " · %s", plural.Count(p.NightLogs, "night log"))
	}
	if p.Shared > 0 {
		what := "shared file"
		if p.SharedCalibrations == p.Shared {
			what = "shared calibration"
		}
		fmt.Fprintf(&b, " (%s counted once)", plural.Count(p.Shared, what))
	}
	return b.String()
}

// Where names the plan's folders for a sentence: "/d/data_with_raw_calibs",
// or "/d/data_with_processed_calibs and /d/data_with_raw_calibs".
func (p *Plan) Where() string { return strings.Join(p.Folders, " and ") }

// DowngradeNote says where the downgraded datasets go, "" when none was:
// "2 datasets were downgraded to raw calibrations: they go to
// data_with_raw_calibs/".
func (p *Plan) DowngradeNote() string {
	if p.Downgraded == 1 {
		return "1 dataset was downgraded to raw calibrations: it goes to " + RawFolder + "/"
	}
	if p.Downgraded > 1 {
		return fmt.Sprintf("%d datasets were downgraded to raw calibrations: they go to %s/", p.Downgraded, RawFolder)
	}
	return ""
}
