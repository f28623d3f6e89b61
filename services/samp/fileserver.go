package samp

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
)

// FileServer gives SAMP receivers a URL for local files: it serves only
// the files offered with Offer, under unguessable paths, on 127.0.0.1.
type FileServer struct {
	base  string
	srv   *http.Server
	mu    sync.Mutex
	files map[string]string // random token → absolute path
}

// NewFileServer starts a file server on a free loopback port.
func NewFileServer() (*FileServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("samp: file server: %w", err)
	}
	fs := &FileServer{base: "http://" + ln.Addr().String(), files: map[string]string{}}
	fs.srv = &http.Server{Handler: http.HandlerFunc(fs.serve)}
	go fs.srv.Serve(ln)
	return fs, nil
}

func (fs *FileServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	tok, name, _ := cutPath(r.URL.Path)
	fs.mu.Lock()
	path, ok := fs.files[tok]
	fs.mu.Unlock()
	if !ok || name != filepath.Base(path) {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		http.Error(w, "the file is gone", http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, filepath.Base(path), st.ModTime(), f)
}

// cutPath splits "/TOKEN/name" into TOKEN and name.
func cutPath(p string) (tok, name string, ok bool) {
	if len(p) < 2 || p[0] != '/' {
		return "", "", false
	}
	p = p[1:]
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			return p[:i], p[i+1:], true
		}
	}
	return p, "", true
}

// Offer makes path reachable and returns its URL; the URL ends in the
// file's base name so that receivers can guess the format from it.
func (fs *FileServer) Offer(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return "", fmt.Errorf("%s is a directory", path)
	}
	tok := randomHex(16)
	fs.mu.Lock()
	fs.files[tok] = abs
	fs.mu.Unlock()
	return fs.base + "/" + tok + "/" + url.PathEscape(filepath.Base(abs)), nil
}

// Withdraw stops serving the file behind u.
func (fs *FileServer) Withdraw(u string) {
	pu, err := url.Parse(u)
	if err != nil {
		return
	}
	tok, _, _ := cutPath(pu.Path)
	fs.mu.Lock()
	delete(fs.files, tok)
	fs.mu.Unlock()
}

// Close stops the server.
func (fs *FileServer) Close() error { return fs.srv.Close() }
