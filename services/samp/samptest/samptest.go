// Package samptest runs real SAMP peers for tests: JSAMP's hub and tools
// (Debian libjsamp-java, default-jre-headless) and astropy.samp's hub and
// clients (python3-astropy) through peer.py. Tests skip with a message
// when a peer is not installed.
package samptest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
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

// TOPCATScript is Debian's TOPCAT launcher (package topcat); TOPCATJar is
// the jar it runs.
const (
	TOPCATScript = "/usr/bin/topcat"
	TOPCATJar    = "/usr/share/java/starlink-topcat.jar"
)

// NeedTOPCAT skips t when TOPCAT, java or Xvfb is missing.
func NeedTOPCAT(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is missing: install topcat (scripts/deps.sh test) to test against TOPCAT")
	}
	for _, f := range []string{TOPCATScript, TOPCATJar} {
		if _, err := os.Stat(f); err != nil {
			t.Skip(f + " is missing: install topcat (scripts/deps.sh test) to test against TOPCAT")
		}
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is missing: install xvfb (scripts/deps.sh test) to run TOPCAT")
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

// Send has astropy's client "pysender" call the client named name with
// mtype and the JSON params, and returns the answer (samp.status, …).
func Send(t testing.TB, h *Hub, name, mtype, params string) map[string]any {
	t.Helper()
	p := StartPeer(t, h.Env(), "send", name, mtype, params)
	r, err := p.Next(120 * time.Second) // a loaded CI machine starts Python slowly
	if err != nil {
		t.Fatal(err)
	}
	return r
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

// StartXvfb runs Xvfb (1280x1024x24, no TCP) on a free display and
// returns its DISPLAY, e.g. ":123"; t.Cleanup stops it. A display is free
// when it has neither a lock /tmp/.XN-lock nor a socket /tmp/.X11-unix/XN;
// when another server takes it meanwhile, Xvfb exits and the next is tried.
func StartXvfb(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is missing: install xvfb (scripts/deps.sh test)")
	}
	base := 120 + os.Getpid()%400 // spread concurrent test binaries apart
	var tried []string
	for i := 0; i < 40; i++ {
		n := base + i
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		display := ":" + strconv.Itoa(n)
		// -displayfd: Xvfb writes the display number there once it
		// accepts connections.
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("Xvfb", display, "-nolisten", "tcp", "-screen", "0", "1280x1024x24", "-displayfd", "3")
		logs := &syncWriter{w: &strings.Builder{}}
		cmd.Stdout, cmd.Stderr = logs, logs
		cmd.ExtraFiles = []*os.File{w}
		if err := cmd.Start(); err != nil {
			r.Close()
			w.Close()
			t.Fatal(err)
		}
		w.Close()
		p := watch(cmd)
		ready := make(chan string, 1)
		go func() {
			b, _ := io.ReadAll(io.LimitReader(r, 32))
			r.Close()
			ready <- strings.TrimSpace(string(b))
		}()
		select {
		case got := <-ready:
			if got == strconv.Itoa(n) {
				stop := p.stopper(func() { cmd.Process.Signal(os.Interrupt) })
				t.Cleanup(stop)
				return display
			}
			// Xvfb ended (or closed the pipe) without being ready.
		case <-time.After(20 * time.Second):
		}
		p.stopper(func() { cmd.Process.Kill() })()
		tried = append(tried, display+": "+logs.String())
	}
	t.Fatalf("Xvfb did not start: %s", strings.Join(tried, "\n"))
	return ""
}

// proc is a started command whose end is watched.
type proc struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd.Wait returned
}

func watch(cmd *exec.Cmd) *proc {
	p := &proc{cmd: cmd, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(p.exited) }()
	return p
}

// stopper is like the package's stopper for a watched command.
func (p *proc) stopper(first func()) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			select {
			case <-p.exited:
				return
			default:
			}
			first()
			select {
			case <-p.exited:
			case <-time.After(20 * time.Second):
				p.cmd.Process.Kill()
				<-p.exited
			}
		})
	}
}

// TOPCAT is a TOPCAT registered with a test hub.
type TOPCAT struct {
	ID      string // its client id at the hub
	Display string // its private Xvfb display (DISPLAY), for screenshots
	Stop    func() // stops TOPCAT (Xvfb is stopped by t.Cleanup)
	logs    *syncWriter
}

// Logs returns what TOPCAT printed so far.
func (tc *TOPCAT) Logs() string { return tc.logs.String() }

// StartTOPCAT runs TOPCAT as a SAMP client of h (-samp -nohub: it uses
// h, never a hub of its own) under a private Xvfb display, and waits (up
// to 60 s) until clients, which lists the clients registered with h as
// client id → samp.name (samp.Client's Clients; samptest cannot import
// samp), shows a client named "topcat" (any case). t.Cleanup stops TOPCAT,
// then Xvfb.
//
// It runs TOPCAT's jar with java as /usr/bin/topcat does: that script
// runs java as a child of sh, which would outlive a signal to the script.
func StartTOPCAT(t testing.TB, h *Hub, clients func(context.Context) (map[string]string, error)) *TOPCAT {
	t.Helper()
	NeedTOPCAT(t)
	display := StartXvfb(t)
	// user.home: JSAMP's lock (~/.samp) for a JSAMP hub, and TOPCAT's
	// Java preferences (~/.java) kept out of the real home.
	cmd := exec.Command("java", "-Duser.home="+h.Home, "-Djsamp.localhost=127.0.0.1",
		"-Duk.ac.starlink.topcat.cmdname=topcat",
		"-classpath", TOPCATJar, "uk.ac.starlink.topcat.Driver", "-samp", "-nohub")
	cmd.Env = append(h.Env(), "DISPLAY="+display)
	tc := &TOPCAT{Display: display, logs: &syncWriter{w: &strings.Builder{}}}
	cmd.Stdout, cmd.Stderr = tc.logs, tc.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := watch(cmd)
	tc.Stop = p.stopper(func() { cmd.Process.Signal(os.Interrupt) })
	t.Cleanup(tc.Stop) // before Xvfb's (cleanups run last first)
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		names, err := clients(ctx)
		cancel()
		last = err
		for id, name := range names {
			if strings.EqualFold(name, "topcat") {
				tc.ID = id
				return tc
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("TOPCAT ended before registering with the hub: %v\n%s", cmd.ProcessState, tc.Logs())
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("TOPCAT did not register with the hub in 60 s (last client list error: %v):\n%s", last, tc.Logs())
		}
	}
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
