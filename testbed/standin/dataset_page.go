package standin

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
)

// DatasetPagePath is ESO's dataset page (https://archive.eso.org/dataset/<id>),
// what "open in browser" shows: a small HTML page naming the id.
const DatasetPagePath = "/dataset/"

func mountDatasetPage(mux *http.ServeMux) {
	mux.HandleFunc("GET "+DatasetPagePath+"{id...}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if id == "" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, htmlPage("No dataset", "<p>Give the dataset id: /dataset/&lt;dp_id&gt;</p>"))
			return
		}
		e := html.EscapeString(id)
		fmt.Fprint(w, htmlPage("Dataset "+id, `<p>ESO stand-in dataset page for <b>`+e+`</b>.</p>
<ul>
<li><a href="`+DataPortalPath+url.PathEscape(id)+`">download</a></li>
<li><a href="`+HeaderPath+`?DpId=`+url.QueryEscape(id)+`">FITS header</a></li>
</ul>`))
	})
}
