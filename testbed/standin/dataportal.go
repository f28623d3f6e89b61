package standin

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// DataPortalPath is ESO's file download route
// (https://dataportal.eso.org/dataPortal/file/<dp_id or archive_id>);
// append the id. The files are generated (filedata.go); faults in dlfault.go.
const DataPortalPath = "/dataPortal/file/"

// MirrorPath is where the "redirect" fault sends clients: the same files,
// on another host name, without any token check. It is not an ESO route,
// so an Authorization header arriving there is recorded as leaked.
const MirrorPath = "/mirror/file/"

func (s *Server) mountDataPortal(mux *http.ServeMux) {
	mux.HandleFunc("GET "+DataPortalPath+"{id...}", s.serveDataPortal) // GET also matches HEAD
	mux.HandleFunc("GET "+MirrorPath+"{id...}", func(w http.ResponseWriter, r *http.Request) {
		serveGenerated(w, r, s.servedFile(r.Context(), r.PathValue("id"), 0), dlFaults{drop: -1})
	})
}

func (s *Server) serveDataPortal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" {
		http.Error(w, "missing file id", http.StatusNotFound)
		return
	}
	spec := strings.Join([]string{s.standingFault(id), pathFaultSpec(r.Context()), r.URL.Query().Get("fault")}, ",")
	elems, err := parseFaultSpec(spec)
	if err != nil {
		http.Error(w, "stand-in: "+err.Error(), http.StatusBadRequest)
		return
	}
	f := s.activeFaults(id, elems)
	switch {
	case f.status != 0:
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(f.status)
		_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>" + http.StatusText(f.status) + "</title></head><body><h1>" + http.StatusText(f.status) + "</h1><p>stand-in fault</p></body></html>\n"))
		return
	case f.login:
		writeLoginPage(w)
		return
	case f.redirect != 0:
		http.Redirect(w, r, s.redirectTarget(r, id), f.redirect)
		return
	}
	if s.proprietary(id) && !s.validBearer(r) {
		writeLoginPage(w)
		return
	}
	serveGenerated(w, r, s.servedFile(r.Context(), id, f.version), f)
}

func (s *Server) proprietary(id string) bool {
	if s.opts.Proprietary != nil {
		return s.opts.Proprietary(id)
	}
	return strings.Contains(id, "PROPRIETARY")
}

// redirectTarget is the mirror URL of id on the other host name.
func (s *Server) redirectTarget(r *http.Request, id string) string {
	host := s.opts.RedirectHost
	if host == "" {
		h, port, err := net.SplitHostPort(r.Host)
		if err != nil {
			h, port = r.Host, ""
		}
		other := "localhost"
		if h == "localhost" {
			other = "127.0.0.1"
		}
		host = other
		if port != "" {
			host = net.JoinHostPort(other, port)
		}
	}
	return (&url.URL{Scheme: "http", Host: host, Path: MirrorPath + id}).String()
}

// serveGenerated answers GET/HEAD for a generated file with ESO's headers;
// http.ServeContent does Range (206, Content-Range, 416, multipart),
// If-Range (ETag or date), conditional requests and HEAD.
func serveGenerated(w http.ResponseWriter, r *http.Request, g *genFile, f dlFaults) {
	h := w.Header()
	h.Set("Content-Type", g.contentType())
	h.Set("Content-Disposition", `attachment; filename="`+g.fileName()+`"`)
	h.Set("ETag", g.etag())
	h.Set("Accept-Ranges", "bytes")
	if f.noRange {
		r = r.Clone(r.Context())
		r.Header.Del("Range")
		r.Header.Del("If-Range")
	}
	if f.drop < 0 && f.short == 0 && f.slow == 0 {
		http.ServeContent(w, r, "", g.modTime, g.reader())
		return
	}
	fb := &faultyBody{ResponseWriter: w, ctx: r.Context(), f: f, limit: -1}
	http.ServeContent(fb, r, "", g.modTime, g.reader())
	if fb.dropped {
		panic(http.ErrAbortHandler) // net/http closes the connection without more bytes
	}
}

// writeLoginPage answers like the dataPortal after a session expired:
// 200, text/html, ESO's single sign-on form where the data should be.
func writeLoginPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(loginPage))
}

const loginPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>ESO User Portal - Login</title>
</head>
<body>
<div id="login">
<h1>ESO Single Sign On</h1>
<p>Please log in with your ESO User Portal credentials to access this resource.</p>
<form id="fm1" method="post" action="/sso/login">
<label for="username">Username</label><input id="username" name="username" type="text">
<label for="password">Password</label><input id="password" name="password" type="password">
<input type="submit" name="submit" value="LOGIN">
</form>
<p>esodesk stand-in: this file is proprietary; send Authorization: Bearer &lt;id_token&gt;.</p>
</div>
</body>
</html>
`
