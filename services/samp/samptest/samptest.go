// Package samptest runs real SAMP peers for tests: JSAMP's hub and tools
// (Debian libjsamp-java, default-jre-headless) and astropy.samp's hub and
// clients (python3-astropy) through peer.py. Tests skip with a message
// when a peer is not installed.
package samptest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// JSAMPJar is Debian's JSAMP.
const JSAMPJar = "/usr/share/java/jsamp.jar"

// Python is the system Python, which has Debian's astropy.
const Python = "/usr/bin/python3"

// NeedJSAMP skips t when java or JSAMP is missing.
func NeedJSAMP(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is missing: install default-jre-headless (scripts/deps.sh test) to test against JSAMP")
	}
	if _, err := os.Stat(JSAMPJar); err != nil {
		t.Skip(JSAMPJar + " is missing: install libjsamp-java (scripts/deps.sh test) to test against JSAMP")
	}
}

// NeedAstropy skips t when astropy.samp is missing.
func NeedAstropy(t testing.TB) {
	t.Helper()
	if err := exec.Command(Python, "-c", "import astropy.samp").Run(); err != nil {
		t.Skip("python3-astropy is missing: install it (scripts/deps.sh test) to test against astropy.samp")
	}
}

// Env is the environment of a peer process: HOME set (astropy reads
// ~/.samp from it), SAMP_HUB only when sampHub is not "".
func Env(home, sampHub string) []string {
	var env []string
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "SAMP_HUB=") || strings.HasPrefix(e, "HOME=") {
			continue
		}
		env = append(env, e)
	}
	env = append(env, "HOME="+home)
	if sampHub != "" {
		env = append(env, "SAMP_HUB="+sampHub)
	}
	return env
}

// Hub is a running test hub.
type Hub struct {
	Home    string // JSAMP: its user.home (lock at Home/.samp); astropy: HOME of peers
	SampHub string // SAMP_HUB for peers ("" for JSAMP's ~/.samp)
	Stop    func() // stops the hub, which announces its shutdown
}

// Peers returns the environment for peers of h.
func (h *Hub) Env() []string { return Env(h.Home, h.SampHub) }

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(s.w)
}

func stopper(cmd *exec.Cmd, first func()) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			first()
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				<-done
			}
		})
	}
}

// StartJSAMPHub runs JSAMP's hub with a private user.home and sets
// SAMP_HUB to "" so that esodesk reads Home/.samp.
func StartJSAMPHub(t testing.TB) *Hub {
	NeedJSAMP(t)
	t.Setenv("SAMP_HUB", "")
	home := t.TempDir()
	cmd := exec.Command("java", "-Duser.home="+home, "-Djsamp.localhost=127.0.0.1", "-cp", JSAMPJar,
		"org.astrogrid.samp.JSamp", "hub", "-mode", "no-gui", "-profiles", "std")
	cmd.Env = Env(home, "")
	logs := &syncWriter{w: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := stopper(cmd, func() { cmd.Process.Signal(os.Interrupt) })
	t.Cleanup(stop)
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(home, ".samp"))
		if strings.Contains(string(b), "samp.hub.xmlrpc.url") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("JSAMP hub did not start: %s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return &Hub{Home: home, Stop: stop}
}

// StartAstropyHub runs astropy's hub with its lock in a temporary
// directory and points SAMP_HUB at it.
func StartAstropyHub(t testing.TB) *Hub {
	NeedAstropy(t)
	home := t.TempDir()
	lock := filepath.Join(home, "lock")
	p := StartPeer(t, Env(home, ""), "hub", lock)
	if _, err := p.Next(60 * time.Second); err != nil {
		t.Fatalf("astropy hub did not start: %v", err)
	}
	sampHub := "std-lockurl:" + (&url.URL{Scheme: "file", Path: lock}).String()
	t.Setenv("SAMP_HUB", sampHub)
	return &Hub{Home: home, SampHub: sampHub, Stop: p.Stop}
}

// Peer is a running peer.py: its JSON output lines.
type Peer struct {
	lines  chan map[string]any
	Stop   func() // closes its stdin and waits for it
	stderr *syncWriter
}

// StartPeer runs peer.py with args (see its header for the modes).
func StartPeer(t testing.TB, env []string, args ...string) *Peer {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(self), "peer.py")
	cmd := exec.Command(Python, append([]string{script}, args...)...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &Peer{lines: make(chan map[string]any, 100), stderr: &syncWriter{w: &strings.Builder{}}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				p.lines <- m
			}
		}
		close(p.lines)
	}()
	p.Stop = stopper(cmd, func() { stdin.Close() })
	t.Cleanup(p.Stop)
	return p
}

// Next returns the peer's next output line.
func (p *Peer) Next(timeout time.Duration) (map[string]any, error) {
	select {
	case m, ok := <-p.lines:
		if !ok {
			return nil, fmt.Errorf("the peer ended: %s", p.stderr.String())
		}
		return m, nil
	case <-time.After(timeout):
		return nil, errors.New("no answer from the peer in time")
	}
}

// NextMType returns the next line about mtype, failing t after 30 s.
func (p *Peer) NextMType(t testing.TB, mtype string) map[string]any {
	t.Helper()
	for {
		m, err := p.Next(30 * time.Second)
		if err != nil {
			t.Fatalf("waiting for %s: %v", mtype, err)
		}
		if m["mtype"] == mtype {
			return m
		}
	}
}

// StartReceiver registers an astropy client named "pyreceiver" that
// records what it receives; it returns the peer and its client id.
func StartReceiver(t testing.TB, h *Hub) (*Peer, string) {
	t.Helper()
	p := StartPeer(t, h.Env(), "receive")
	r, err := p.Next(60 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := r["ready"].(string)
	return p, id
}

// TestVOTable has 3 rows and the UCDs pos.eq.ra;meta.main,
// pos.eq.dec;meta.main and phot.mag.
const TestVOTable = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE><TABLE name="t">
<FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main" unit="deg"/>
<FIELD name="dec" datatype="double" ucd="pos.eq.dec;meta.main" unit="deg"/>
<FIELD name="mag" datatype="float" ucd="phot.mag"/>
<DATA><TABLEDATA>
<TR><TD>10.5</TD><TD>-20.25</TD><TD>12.1</TD></TR>
<TR><TD>11.5</TD><TD>-21.25</TD><TD>13.1</TD></TR>
<TR><TD>12.5</TD><TD>-22.25</TD><TD>14.1</TD></TR>
</TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>
`

// TestUCDs is fmt.Sprint of the UCD list the receiver reports for TestVOTable.
const TestUCDs = "[pos.eq.ra;meta.main pos.eq.dec;meta.main phot.mag]"
