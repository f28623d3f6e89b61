// Package sampctl is esodesk's SAMP controller: it keeps esodesk registered
// with the desktop's SAMP hub (or runs esodesk's own), knows the other
// clients and what they accept, sends tables, rows, spectra, images and
// positions, and turns what they send into calls on the window. It is
// Fyne-free; the views are app/samp_*.go.
//
// Its methods are called on the UI goroutine, where its state changes too;
// the hub's callbacks run on their own goroutines and reach the window
// through the runner New is given.
package sampctl

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/fetch"
	"esodesk/services/samp"
	"esodesk/services/votable"
)

// Phase is where the connection is.
type Phase int

const (
	Off        Phase = iota // not registered, by the user's choice
	Connecting              // looking for a hub, registering
	NoHub                   // no hub runs; esodesk connects when one starts
	Connected
)

// Peer is another SAMP client.
type Peer struct {
	ID, Name, Description, IconURL string
}

// Label is the peer's name, or its id when it declared none.
func (p Peer) Label() string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// Entry is one line of the message record.
type Entry struct {
	Time     time.Time
	Received bool   // false: esodesk sent it
	Peer     string // the other side ("all clients" for a broadcast)
	MType    string
	Text     string // what happened, in words
	Failed   bool
	Asked    bool // a send the user asked for (not a selection following clicks)
}

// maxLog caps the message record.
const maxLog = 300

// State is what the SAMP indicator and panel show.
type State struct {
	Phase   Phase
	Status  string // one line: the hub and the clients, or why none
	OwnHub  bool   // the hub is esodesk's own
	HubName string
	Clients []Peer              // the other clients: neither the hub nor esodesk
	Subs    map[string][]string // MType → ids of the clients subscribed to it
	Log     []Entry             // oldest first, at most maxLog
}

// Takers are the clients subscribed to mtype.
func (s State) Takers(mtype string) []Peer {
	var out []Peer
	for _, id := range s.Subs[mtype] {
		for _, p := range s.Clients {
			if p.ID == id {
				out = append(out, p)
			}
		}
	}
	return out
}

// name is the label of client id, or id itself.
func (s State) name(id string) string {
	for _, p := range s.Clients {
		if p.ID == id {
			return p.Label()
		}
	}
	return id
}

// Receiver is what the window does with what other clients send. Each is
// called on the UI goroutine; nil ones make esodesk refuse that MType.
type Receiver struct {
	// Table shows a table another client sent (a new result view).
	Table func(t *votable.Table, name, from string)
	// Rows selects rows (model indices) of a table shown before: one for
	// table.highlight.row, any number for table.select.rowList.
	Rows func(t *votable.Table, rows []int)
	// Spectrum plots the local file path.
	Spectrum func(path, name, from string)
	// Image offers an image: a local path (file:// URL) or a URL to download.
	Image func(path, url, name, from string)
	// PointAt fills the target fields with ICRS degrees.
	PointAt func(ra, dec float64, from string)
}

// Deps are what the controller works with.
type Deps struct {
	Home    string       // where ~/.samp is; "" the user's home
	Cache   *fetch.Cache // where received files are downloaded
	TempDir string       // where tables sent are written ("" the system's)
	Receive Receiver
}

// pollEvery is how often esodesk looks for a hub while none runs, and
// pings the one it is registered with.
var pollEvery = 2 * time.Second

// callTimeout bounds the wait for a receiver's answer.
var callTimeout = 60 * time.Second

// Controller is esodesk's registration with a SAMP hub.
type Controller struct {
	deps  Deps
	run   latest.Runner
	state observable.Value[State]

	refresh *latest.Task // the client list

	// The connection loop: it owns the client while it runs.
	loopCancel context.CancelFunc
	kick       chan struct{} // look for a hub now
	loops      sync.WaitGroup

	// Fields the hub's callbacks read too.
	mu     sync.Mutex
	client *samp.Client
	hub    *samp.Hub // esodesk's own, while it runs
	files  *samp.FileServer
	tables tableBook
	names  map[string]string // sender id → samp.name, for senders not yet listed

	sends sync.WaitGroup // sends and receptions on their way
	life  context.Context
	end   context.CancelFunc
}

// New returns a controller, not yet connected (see Start).
func New(deps Deps, run latest.Runner) *Controller {
	c := &Controller{deps: deps, run: run, refresh: latest.New(run), kick: make(chan struct{}, 1)}
	c.life, c.end = context.WithCancel(context.Background())
	c.tables.init()
	c.names = map[string]string{}
	return c
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the UI goroutine) after every change of state.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

// Start registers with the running hub, and keeps doing so: when none
// runs, or the hub goes, esodesk registers with the next one that starts
// (as TOPCAT and Aladin do).
func (c *Controller) Start() {
	if c.loopCancel != nil || c.life.Err() != nil {
		return
	}
	ctx, cancel := context.WithCancel(c.life)
	c.loopCancel = cancel
	c.state.Update(func(s *State) { s.Phase, s.Status = Connecting, "Looking for a SAMP hub …" })
	c.loops.Add(1)
	go c.loop(ctx)
}

// Disconnect unregisters and stops looking for hubs; esodesk's own hub,
// if it runs, stops too (its clients are told).
func (c *Controller) Disconnect() {
	c.stopLoop()
	c.stopOwnHub()
	c.state.Update(func(s *State) {
		s.Phase, s.Status, s.OwnHub, s.HubName = Off, "Not connected to SAMP", false, ""
		s.Clients, s.Subs = nil, nil
	})
}

// StartHub starts esodesk's own hub (when none runs) and registers with it.
func (c *Controller) StartHub() {
	c.sends.Add(1)
	go func() {
		defer c.sends.Done()
		ctx, cancel := context.WithTimeout(c.life, 10*time.Second)
		defer cancel()
		h, err := samp.StartHub(ctx, c.deps.Home)
		c.run(func() {
			if err != nil {
				c.note(Entry{Text: "Could not start esodesk's SAMP hub: " + err.Error(), Failed: true})
				return
			}
			if c.life.Err() != nil {
				h.Close()
				return
			}
			c.mu.Lock()
			c.hub = h
			c.mu.Unlock()
			c.note(Entry{Text: "esodesk's SAMP hub started; other tools can connect to it"})
			c.Start()
			select {
			case c.kick <- struct{}{}:
			default:
			}
		})
	}()
}

// Close unregisters and stops esodesk's hub (removing its lock file) and
// the file server at once. It waits for no goroutine: they may be posting
// to the UI goroutine that calls Close; what they still post is dropped.
func (c *Controller) Close() {
	c.end()
	c.stopLoop()
	c.refresh.Stop()
	if client := c.current(); client != nil {
		client.Close() // the loop's own Close then does nothing
	}
	c.stopOwnHub()
	c.mu.Lock()
	files := c.files
	c.files = nil
	c.mu.Unlock()
	if files != nil {
		files.Close()
	}
	c.tables.removeFiles()
}

// Wait returns when no connection loop, send, reception or refresh is on
// its way (tests; never on the UI goroutine while they post to it).
func (c *Controller) Wait() { c.loops.Wait(); c.sends.Wait(); c.refresh.Wait() }

// stopLoop ends the connection loop; it unregisters on its own goroutine.
// Its posts check their context on the UI goroutine, so a loop stopped
// here changes nothing after this returns.
func (c *Controller) stopLoop() {
	if c.loopCancel == nil {
		return
	}
	c.loopCancel()
	c.loopCancel = nil
}

func (c *Controller) stopOwnHub() {
	c.mu.Lock()
	h := c.hub
	c.hub = nil
	c.mu.Unlock()
	if h != nil {
		h.Close()
	}
}

// loop registers with a hub, watches it and, when it goes, waits for the
// next. It alone sets and clears c.client.
func (c *Controller) loop(ctx context.Context) {
	defer c.loops.Done()
	lost := "" // why the last hub went, while no other runs: the status keeps saying so
	for ctx.Err() == nil {
		client, err := c.connect(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			status := noHubStatus(err)
			if lost != "" && errors.Is(err, samp.ErrNoHub) {
				status = lost
			}
			c.postIf(ctx, func() {
				c.state.Update(func(s *State) {
					s.Phase, s.HubName, s.OwnHub, s.Clients, s.Subs = NoHub, "", false, nil, nil
					s.Status = status
				})
			})
			c.pause(ctx)
			continue
		}
		lost = ""
		c.mu.Lock()
		c.client = client
		own := c.hub != nil && c.hub.URL == client.Hub.URL
		c.mu.Unlock()
		c.postIf(ctx, func() {
			c.state.Update(func(s *State) { s.Phase, s.OwnHub = Connected, own })
			c.refreshClients()
		})
		why := c.watch(ctx, client)
		c.mu.Lock()
		if c.client == client { // a newer loop may have its own by now
			c.client = nil
		}
		c.mu.Unlock()
		client.Close()
		if ctx.Err() != nil {
			return
		}
		lost = "The SAMP hub went away (" + why + "); esodesk reconnects when one runs again"
		status := lost
		c.postIf(ctx, func() {
			c.state.Update(func(s *State) {
				s.Phase, s.HubName, s.OwnHub, s.Clients, s.Subs = NoHub, "", false, nil, nil
				s.Status = status
			})
			c.note(Entry{Text: "The SAMP hub went away: " + why, Failed: true})
		})
		c.pause(ctx)
	}
}

func noHubStatus(err error) string {
	if errors.Is(err, samp.ErrNoHub) {
		return "No SAMP hub runs: start TOPCAT or Aladin, or esodesk's own hub"
	}
	return "SAMP: " + err.Error()
}

// pause waits pollEvery, or less when kicked.
func (c *Controller) pause(ctx context.Context) {
	t := time.NewTimer(pollEvery)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-c.kick:
	}
}

// connect registers with the hub that runs now.
func (c *Controller) connect(ctx context.Context) (*samp.Client, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	info, err := samp.Discover(cctx, c.deps.Home)
	if err != nil {
		return nil, err
	}
	return samp.ConnectTo(cctx, info, samp.Options{Handlers: c.handlers()})
}

// watch returns why the hub is no longer usable: its shutdown event, or
// a ping it did not answer.
func (c *Controller) watch(ctx context.Context, client *samp.Client) string {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return "esodesk disconnected"
		case <-client.HubGone():
			return "it shut down"
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := client.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				return "it stopped answering"
			}
		}
	}
}

// postIf runs f on the UI goroutine unless ctx ended meanwhile (the loop
// was stopped there: a stopped loop changes no state).
func (c *Controller) postIf(ctx context.Context, f func()) {
	c.run(func() {
		if ctx.Err() == nil {
			f()
		}
	})
}

// current is the registered client, nil when none.
func (c *Controller) current() *samp.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.client
}

// sentMTypes are what esodesk sends: the menus list their takers.
var sentMTypes = []string{samp.MTypeTableLoadVOTable, samp.MTypeTableHighlightRow, samp.MTypeTableSelectRows,
	samp.MTypeSpectrumLoadSSA, samp.MTypeImageLoadFITS, samp.MTypeCoordPointAtSky}

// refreshClients reads the clients and their subscriptions again.
func (c *Controller) refreshClients() {
	client := c.current()
	if client == nil {
		return
	}
	c.refresh.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), 10*time.Second)
		defer cancel()
		infos, err := client.Clients(ctx)
		subs := map[string][]string{}
		for _, mt := range sentMTypes {
			if err != nil {
				break
			}
			var ids []string
			ids, err = client.Subscribed(ctx, mt)
			for _, id := range ids {
				if id != client.SelfID {
					subs[mt] = append(subs[mt], id)
				}
			}
		}
		j.Finish(func() {
			if err != nil {
				c.state.Update(func(s *State) { s.Status = "SAMP: the hub did not list its clients: " + err.Error() })
				return
			}
			var peers []Peer
			hubName := ""
			for _, ci := range infos {
				switch ci.ID {
				case client.HubID:
					hubName = ci.Name
					continue
				case client.SelfID:
					continue
				}
				p := Peer{ID: ci.ID, Name: ci.Name}
				p.Description, _ = ci.Metadata["samp.description.text"].(string)
				p.IconURL, _ = ci.Metadata["samp.icon.url"].(string)
				peers = append(peers, p)
			}
			sort.SliceStable(peers, func(a, b int) bool { return peers[a].Label() < peers[b].Label() })
			c.state.Update(func(s *State) {
				s.HubName, s.Clients, s.Subs = hubName, peers, subs
				s.Status = connectedStatus(*s)
			})
		})
	})
}

func connectedStatus(s State) string {
	hub := "the SAMP hub"
	if s.OwnHub {
		hub = "esodesk's SAMP hub"
	} else if s.HubName != "" && !strings.EqualFold(s.HubName, "hub") {
		hub = "the SAMP hub “" + s.HubName + "”"
	}
	switch len(s.Clients) {
	case 0:
		return "Connected to " + hub + "; no other client yet"
	case 1:
		return "Connected to " + hub + " with " + s.Clients[0].Label()
	}
	return fmt.Sprintf("Connected to %s with %d clients", hub, len(s.Clients))
}

// note adds an entry to the message record (UI goroutine).
func (c *Controller) note(e Entry) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	c.state.Update(func(s *State) {
		log := append(s.Log[:len(s.Log):len(s.Log)], e)
		if len(log) > maxLog {
			log = log[len(log)-maxLog:]
		}
		s.Log = log
	})
}
