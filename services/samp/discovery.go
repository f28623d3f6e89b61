package samp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoHub is matched (errors.Is) when no SAMP hub is running.
var ErrNoHub = errors.New("no SAMP hub is running: start one (TOPCAT or Aladin start one), or esodesk can start its own")

// HubInfo is what the Standard Profile lock file says.
type HubInfo struct {
	Secret  string // samp.secret
	URL     string // samp.hub.xmlrpc.url
	Profile string // samp.profile.version
	Lock    string // where the lock was read
	Props   map[string]string
}

// LockURL returns where the Standard Profile lock is: $SAMP_HUB's
// std-lockurl, or ~/.samp (home: the user's home directory when "").
func LockURL(home string) (string, error) {
	if v := os.Getenv("SAMP_HUB"); v != "" {
		u, ok := strings.CutPrefix(v, "std-lockurl:")
		if !ok {
			return "", fmt.Errorf("samp: SAMP_HUB=%q is not a Standard Profile hub (std-lockurl:URL)", v)
		}
		return u, nil
	}
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("samp: no home directory for ~/.samp: %w", err)
		}
		home = h
	}
	return (&url.URL{Scheme: "file", Path: filepath.Join(home, ".samp")}).String(), nil
}

// ParseLock reads a lock file's properties.
func ParseLock(r io.Reader) map[string]string {
	props := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		props[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return props
}

// Discover finds the running hub: it reads the lock and pings the hub.
// With no lock or a dead hub it returns an error matching ErrNoHub.
func Discover(ctx context.Context, home string) (*HubInfo, error) {
	lock, err := LockURL(home)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(lock)
	if err != nil {
		return nil, fmt.Errorf("samp: bad lock URL %q: %w", lock, err)
	}
	var r io.ReadCloser
	switch u.Scheme {
	case "file", "":
		f, err := os.Open(u.Path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("%w (no lock file %s)", ErrNoHub, u.Path)
			}
			return nil, fmt.Errorf("samp: reading the hub lock: %w", err)
		}
		r = f
	case "http", "https":
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, lock, nil)
		if err != nil {
			return nil, err
		}
		resp, err := loopbackClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("%w (lock %s: %v)", ErrNoHub, lock, err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("%w (lock %s: HTTP %s)", ErrNoHub, lock, resp.Status)
		}
		r = resp.Body
	default:
		return nil, fmt.Errorf("samp: lock URL %q: only file and http URLs are supported", lock)
	}
	props := ParseLock(r)
	r.Close()
	info := &HubInfo{Secret: props["samp.secret"], URL: props["samp.hub.xmlrpc.url"],
		Profile: props["samp.profile.version"], Lock: lock, Props: props}
	if info.Secret == "" || info.URL == "" {
		return nil, fmt.Errorf("samp: the hub lock %s lacks samp.secret or samp.hub.xmlrpc.url", lock)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := xmlrpcCall(pctx, info.URL, "samp.hub.ping"); err != nil {
		return nil, fmt.Errorf("%w (the lock %s names a hub that does not answer: %v)", ErrNoHub, lock, err)
	}
	return info, nil
}
