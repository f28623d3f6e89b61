package samp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HubID is the client id of esodesk's own hub.
const HubID = "hub"

// Hub is esodesk's own Standard Profile hub, for when none runs.
type Hub struct {
	Lock string // the lock file written
	URL  string // the hub's XML-RPC URL

	secret string
	srv    *Server

	mu      sync.Mutex
	clients map[string]*hubClient // by id
	byKey   map[string]*hubClient
	pending map[string]*pendingCall // by msg-id
	next    int
	closed  bool
}

type hubClient struct {
	id, key  string
	callback string
	meta     map[string]any
	subs     map[string]any
	queue    chan func()
	done     chan struct{}
}

type pendingCall struct {
	sender, recipient, tag string
	wait                   chan any // callAndWait: the response as sent
}

// StartHub starts a hub and writes its lock (mode 0600) where clients
// look: $SAMP_HUB's std-lockurl file, or home/.samp (home "": the user's
// home). It fails when a live hub already owns the lock.
func StartHub(ctx context.Context, home string) (*Hub, error) {
	if info, err := Discover(ctx, home); err == nil {
		return nil, fmt.Errorf("samp: a hub already runs (%s)", info.Lock)
	}
	lock, err := LockURL(home)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(lock)
	if err != nil || (u.Scheme != "file" && u.Scheme != "") {
		return nil, fmt.Errorf("samp: esodesk's hub can only write a lock file, not %q", lock)
	}
	h := &Hub{Lock: u.Path, secret: randomHex(16), clients: map[string]*hubClient{},
		byKey: map[string]*hubClient{}, pending: map[string]*pendingCall{}}
	h.clients[HubID] = &hubClient{id: HubID, meta: map[string]any{
		"samp.name": "esodesk hub", "samp.description.text": "the SAMP hub that esodesk started"}, subs: map[string]any{}}
	if h.srv, err = NewServer(h.handle); err != nil {
		return nil, err
	}
	h.URL = h.srv.URL
	text := "# SAMP Standard Profile lock file written by esodesk\n" +
		"samp.secret=" + h.secret + "\nsamp.hub.xmlrpc.url=" + h.URL + "\nsamp.profile.version=1.3\n"
	os.Remove(h.Lock) // a stale lock of a dead hub
	f, err := os.OpenFile(h.Lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		h.srv.Close()
		return nil, fmt.Errorf("samp: writing the hub lock: %w", err)
	}
	return h, nil
}

// Close announces the shutdown to the clients, stops the hub and removes
// its lock file.
func (h *Hub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	var targets []*hubClient
	for _, c := range h.clients {
		if c.id != HubID && c.callback != "" && subscribed(c.subs, MTypeHubShutdown) {
			targets = append(targets, c)
		}
	}
	h.mu.Unlock()
	var wg sync.WaitGroup
	msg := Message{MType: MTypeHubShutdown, Params: map[string]any{}}.value()
	for _, c := range targets {
		wg.Add(1)
		go func(c *hubClient) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			xmlrpcCall(ctx, c.callback, "samp.client.receiveNotification", c.key, HubID, msg)
		}(c)
	}
	wg.Wait()
	h.mu.Lock()
	for _, c := range h.clients {
		c.stop()
	}
	h.mu.Unlock()
	err := h.srv.Close()
	// Remove the lock only if it is still ours.
	if b, rerr := os.ReadFile(h.Lock); rerr == nil && ParseLock(strings.NewReader(string(b)))["samp.secret"] == h.secret {
		if rmErr := os.Remove(h.Lock); err == nil {
			err = rmErr
		}
	}
	return err
}

func (c *hubClient) stop() {
	if c.done != nil {
		select {
		case <-c.done:
		default:
			close(c.done)
		}
	}
}

// deliver queues an XML-RPC call to c's callback; calls to one client keep
// their order. Call with h.mu held.
func (c *hubClient) deliver(method string, params ...any) error {
	if c.callback == "" {
		return fmt.Errorf("client %s has no callback", c.id)
	}
	cb := c.callback
	select {
	case c.queue <- func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		xmlrpcCall(ctx, cb, method, params...)
	}:
		return nil
	default:
		return fmt.Errorf("client %s does not keep up with its messages", c.id)
	}
}

func (c *hubClient) run() {
	for {
		select {
		case f := <-c.queue:
			f()
		case <-c.done:
			return
		}
	}
}

// subscribed reports whether subs (MType patterns, "*" and "x.*") cover
// mtype; it returns the subscription's value.
func subscribed(subs map[string]any, mtype string) bool {
	_, ok := subscription(subs, mtype)
	return ok
}

func subscription(subs map[string]any, mtype string) (any, bool) {
	if v, ok := subs[mtype]; ok {
		return v, true
	}
	for pat, v := range subs {
		if pat == "*" {
			return v, true
		}
		if p, ok := strings.CutSuffix(pat, "*"); ok && strings.HasSuffix(p, ".") && strings.HasPrefix(mtype, p) {
			return v, true
		}
	}
	return nil, false
}

// event notifies the subscribed clients (but skip) of a hub event. Call
// with h.mu held.
func (h *Hub) event(mtype string, params map[string]any, skip string) {
	msg := Message{MType: mtype, Params: params}.value()
	for _, c := range h.clients {
		if c.id != HubID && c.id != skip && subscribed(c.subs, mtype) {
			c.deliver("samp.client.receiveNotification", c.key, HubID, msg)
		}
	}
}

func strParam(p []any, i int) string {
	s, _ := param(p, i).(string)
	return s
}

func (h *Hub) handle(ctx context.Context, method string, p []any) (any, error) {
	switch method {
	case "samp.hub.ping":
		return "", nil
	case "samp.hub.register":
		return h.register(strParam(p, 0))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errors.New("the hub is shutting down")
	}
	c := h.byKey[strParam(p, 0)]
	if c == nil {
		return nil, errors.New("unknown private key: register first")
	}
	other := func(i int) (*hubClient, error) {
		o := h.clients[strParam(p, i)]
		if o == nil {
			return nil, fmt.Errorf("no client %q is registered", strParam(p, i))
		}
		return o, nil
	}
	// target is the recipient (parameter 1) of the message at msgAt.
	target := func(msgAt int) (*hubClient, map[string]any, error) {
		o, err := other(1)
		if err != nil {
			return nil, nil, err
		}
		msg, err := h.checkMessage(o, param(p, msgAt))
		return o, msg, err
	}
	switch method {
	case "samp.hub.unregister":
		delete(h.clients, c.id)
		delete(h.byKey, c.key)
		c.stop()
		h.dropCallsTo(c.id)
		h.event(MTypeHubUnregister, map[string]any{"id": c.id}, c.id)
		return "", nil
	case "samp.hub.setXmlrpcCallback":
		c.callback = strParam(p, 1)
		return "", nil
	case "samp.hub.declareMetadata", "samp.hub.declareSubscriptions":
		m, ok := param(p, 1).(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: the argument is not a map", method)
		}
		if method == "samp.hub.declareMetadata" {
			c.meta = m
			h.event(MTypeHubMetadata, map[string]any{"id": c.id, "metadata": m}, "")
		} else {
			c.subs = m
			h.event(MTypeHubSubscriptions, map[string]any{"id": c.id, "subscriptions": m}, "")
		}
		return "", nil
	case "samp.hub.getMetadata", "samp.hub.getSubscriptions":
		o, err := other(1)
		if err != nil {
			return nil, err
		}
		if method == "samp.hub.getMetadata" {
			return o.meta, nil
		}
		return o.subs, nil
	case "samp.hub.getRegisteredClients":
		ids := []any{}
		for id := range h.clients {
			if id != c.id {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i].(string) < ids[j].(string) })
		return ids, nil
	case "samp.hub.getSubscribedClients":
		out := map[string]any{}
		for id, o := range h.clients {
			if v, ok := subscription(o.subs, strParam(p, 1)); ok && id != c.id {
				out[id] = v
			}
		}
		return out, nil
	case "samp.hub.notify":
		o, msg, err := target(2)
		if err != nil {
			return nil, err
		}
		return "", o.deliver("samp.client.receiveNotification", o.key, c.id, msg)
	case "samp.hub.notifyAll":
		msg, err := messageFrom(param(p, 1))
		if err != nil {
			return nil, err
		}
		ids := []any{}
		for _, o := range h.receivers(c, msg.MType) {
			if o.deliver("samp.client.receiveNotification", o.key, c.id, param(p, 1)) == nil {
				ids = append(ids, o.id)
			}
		}
		return ids, nil
	case "samp.hub.call":
		o, msg, err := target(3)
		if err != nil {
			return nil, err
		}
		return h.call(c, o, strParam(p, 2), msg, nil)
	case "samp.hub.callAll":
		msg, err := messageFrom(param(p, 2))
		if err != nil {
			return nil, err
		}
		out := map[string]any{}
		for _, o := range h.receivers(c, msg.MType) {
			if id, err := h.call(c, o, strParam(p, 1), param(p, 2).(map[string]any), nil); err == nil {
				out[o.id] = id
			}
		}
		return out, nil
	case "samp.hub.callAndWait":
		o, msg, err := target(2)
		if err != nil {
			return nil, err
		}
		secs, _ := strconv.Atoi(strings.TrimSpace(strParam(p, 3)))
		wait := make(chan any, 1)
		id, err := h.call(c, o, "", msg, wait)
		if err != nil {
			return nil, err
		}
		return h.waitReply(ctx, id.(string), wait, secs)
	case "samp.hub.reply":
		pc := h.pending[strParam(p, 1)]
		if pc == nil || pc.recipient != c.id {
			return nil, fmt.Errorf("no call %q awaits a reply from %s", strParam(p, 1), c.id)
		}
		delete(h.pending, strParam(p, 1))
		if _, ok := param(p, 2).(map[string]any); !ok {
			return nil, errors.New("the response is not a map")
		}
		if pc.wait != nil {
			pc.wait <- param(p, 2) // passed on as sent, extra keys too
			return "", nil
		}
		if s := h.clients[pc.sender]; s != nil {
			s.deliver("samp.client.receiveResponse", s.key, c.id, pc.tag, param(p, 2))
		}
		return "", nil
	}
	return nil, fmt.Errorf("esodesk's hub does not know %s", method)
}

// waitReply waits for a callAndWait's response without holding h.mu.
func (h *Hub) waitReply(ctx context.Context, id string, wait chan any, secs int) (any, error) {
	h.mu.Unlock()
	defer h.mu.Lock()
	var timeout <-chan time.Time
	if secs > 0 {
		t := time.NewTimer(time.Duration(secs) * time.Second)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case r := <-wait:
		return r, nil
	case <-timeout:
	case <-ctx.Done():
	}
	h.mu.Lock()
	delete(h.pending, id)
	h.mu.Unlock()
	return nil, fmt.Errorf("no reply within %d s", secs)
}

func (h *Hub) register(secret string) (any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if secret != h.secret {
		return nil, errors.New("wrong samp.secret")
	}
	if h.closed {
		return nil, errors.New("the hub is shutting down")
	}
	h.next++
	c := &hubClient{id: "c" + strconv.Itoa(h.next), key: randomHex(16), meta: map[string]any{},
		subs: map[string]any{}, queue: make(chan func(), 1024), done: make(chan struct{})}
	go c.run()
	h.clients[c.id] = c
	h.byKey[c.key] = c
	h.event(MTypeHubRegister, map[string]any{"id": c.id}, "")
	return map[string]any{"samp.private-key": c.key, "samp.hub-id": HubID, "samp.self-id": c.id}, nil
}

// receivers are the clients but from subscribed to mtype. Call with h.mu
// held.
func (h *Hub) receivers(from *hubClient, mtype string) []*hubClient {
	var out []*hubClient
	for _, o := range h.clients {
		if o.id != from.id && o.id != HubID && subscribed(o.subs, mtype) {
			out = append(out, o)
		}
	}
	return out
}

func (h *Hub) checkMessage(to *hubClient, v any) (map[string]any, error) {
	msg, err := messageFrom(v)
	if err != nil {
		return nil, err
	}
	if to.id == HubID || !subscribed(to.subs, msg.MType) {
		return nil, fmt.Errorf("client %s is not subscribed to %s", to.id, msg.MType)
	}
	return v.(map[string]any), nil // passed on as sent, extra keys too
}

// call delivers a call and records it for the reply. Call with h.mu held.
func (h *Hub) call(from, to *hubClient, tag string, msg map[string]any, wait chan any) (any, error) {
	h.next++
	id := "m" + strconv.Itoa(h.next) + "-" + from.id
	h.pending[id] = &pendingCall{sender: from.id, recipient: to.id, tag: tag, wait: wait}
	if err := to.deliver("samp.client.receiveCall", to.key, from.id, id, msg); err != nil {
		delete(h.pending, id)
		return nil, err
	}
	return id, nil
}

// dropCallsTo answers the calls still waiting for a client that left with
// samp.error. Call with h.mu held.
func (h *Hub) dropCallsTo(id string) {
	resp := Response{Status: "samp.error", Error: "client " + id + " unregistered before replying"}.value()
	for msgID, pc := range h.pending {
		if pc.recipient != id {
			continue
		}
		delete(h.pending, msgID)
		if pc.wait != nil {
			pc.wait <- resp
		} else if s := h.clients[pc.sender]; s != nil {
			s.deliver("samp.client.receiveResponse", s.key, id, pc.tag, resp)
		}
	}
}
