package samp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Handler answers one XML-RPC call; an error becomes a fault.
type Handler func(ctx context.Context, method string, params []any) (any, error)

// Server is a small XML-RPC HTTP server bound to 127.0.0.1 only.
type Server struct {
	URL string // http://127.0.0.1:PORT/xmlrpc
	ln  net.Listener
	srv *http.Server
}

// NewServer starts serving h on a free loopback port.
func NewServer(h Handler) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("samp: cannot listen on 127.0.0.1: %w", err)
	}
	s := &Server{URL: "http://" + ln.Addr().String() + "/xmlrpc", ln: ln}
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				http.Error(w, "XML-RPC wants POST", http.StatusMethodNotAllowed)
				return
			}
			method, params, err := DecodeCall(http.MaxBytesReader(w, r.Body, MaxRequestBytes))
			var out []byte
			if err != nil {
				out = EncodeFault(1, err.Error())
			} else {
				v, herr := h(r.Context(), method, params)
				if herr != nil {
					out = EncodeFault(1, herr.Error())
				} else if out, err = EncodeResponse(v); err != nil {
					out = EncodeFault(1, err.Error())
				}
			}
			w.Header().Set("Content-Type", "text/xml")
			w.Write(out)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// loopbackClient talks to hubs and clients; no proxy (they are local).
var loopbackClient = &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: false}}

// xmlrpcCall calls method at url.
func xmlrpcCall(ctx context.Context, url, method string, params ...any) (any, error) {
	body, err := EncodeCall(method, params...)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := loopbackClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("samp: %s: %w", method, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return nil, fmt.Errorf("samp: %s: HTTP %s: %s", method, resp.Status, bytes.TrimSpace(b))
	}
	v, err := DecodeResponse(resp.Body)
	var f *Fault
	if errors.As(err, &f) {
		return nil, fmt.Errorf("samp: %s: the hub says: %s", method, f.Message)
	}
	return v, err
}
