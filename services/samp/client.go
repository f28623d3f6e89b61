package samp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"esodesk/services/vohttp"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Message is a SAMP message: an MType and its parameters.
type Message struct {
	MType  string
	Params map[string]any
}

func (m Message) value() map[string]any {
	p := m.Params
	if p == nil {
		p = map[string]any{}
	}
	return map[string]any{"samp.mtype": m.MType, "samp.params": p}
}

func messageFrom(v any) (Message, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Message{}, errors.New("samp: the message is not a map")
	}
	mt, _ := m["samp.mtype"].(string)
	if mt == "" {
		return Message{}, errors.New("samp: the message has no samp.mtype")
	}
	p, _ := m["samp.params"].(map[string]any)
	if p == nil {
		p = map[string]any{}
	}
	return Message{MType: mt, Params: p}, nil
}

// Response is a receiver's answer to a call.
type Response struct {
	Status string         // samp.ok, samp.warning or samp.error
	Result map[string]any // samp.result
	Error  string         // samp.errortxt of samp.error, when not ok
}

// OK reports whether the call succeeded (samp.ok or samp.warning).
func (r Response) OK() bool { return r.Status == "samp.ok" || r.Status == "samp.warning" }

func responseFrom(v any) Response {
	m, _ := v.(map[string]any)
	r := Response{}
	r.Status, _ = m["samp.status"].(string)
	r.Result, _ = m["samp.result"].(map[string]any)
	if e, ok := m["samp.error"].(map[string]any); ok {
		r.Error, _ = e["samp.errortxt"].(string)
	}
	if !r.OK() && r.Error == "" {
		r.Error = "the receiver failed without saying why (status " + strconv.Quote(r.Status) + ")"
	}
	return r
}

func (r Response) value() map[string]any {
	out := map[string]any{"samp.status": r.Status}
	res := r.Result
	if res == nil {
		res = map[string]any{}
	}
	out["samp.result"] = res
	if r.Status == "samp.error" {
		out["samp.error"] = map[string]any{"samp.errortxt": r.Error}
	}
	return out
}

// MessageHandler handles one received message. For a call, its result is
// sent back with samp.ok, its error with samp.error (the error's text as
// samp.errortxt). For a notification both are dropped.
type MessageHandler func(ctx context.Context, sender string, msg Message) (map[string]any, error)

// Metadata describes esodesk to the other clients.
type Metadata struct {
	Name, Description, IconURL, Author string
	Extra                              map[string]string
}

func (m Metadata) value() map[string]any {
	out := map[string]any{}
	for k, v := range m.Extra {
		out[k] = v
	}
	if m.Name != "" {
		out["samp.name"] = m.Name
	}
	if m.Description != "" {
		out["samp.description.text"] = m.Description
	}
	if m.IconURL != "" {
		out["samp.icon.url"] = m.IconURL
	}
	if m.Author != "" {
		out["author.name"] = m.Author
	}
	return out
}

// DefaultMetadata is esodesk's.
var DefaultMetadata = Metadata{
	Name:        "esodesk",
	Description: "esodesk: a desktop client for the ESO archive and the Virtual Observatory",
	Author:      "esodesk developers",
}

// Options of Connect.
type Options struct {
	Home     string // where ~/.samp is looked for; "" the user's home
	Metadata Metadata
	// Handlers by MType, subscribed at Connect. Hub events
	// (samp.hub.event.*) may be handled too; shutdown is always noticed.
	Handlers map[string]MessageHandler
}

// Client is one registration with a SAMP hub.
type Client struct {
	Hub    *HubInfo
	SelfID string
	HubID  string

	key      string
	cb       *Server
	handlers map[string]MessageHandler

	mu      sync.Mutex
	pending map[string]chan reply // by msg-tag
	closed  bool

	hubGone   chan struct{}
	goneOnce  sync.Once
	bg        sync.WaitGroup
	bgCtx     context.Context
	bgCancel  context.CancelFunc
	tagPrefix string
}

type reply struct {
	from string
	resp Response
}

// Connect registers with the running hub, declares metadata and the
// subscriptions of opts.Handlers, and serves callbacks. Without a hub the
// error matches ErrNoHub.
func Connect(ctx context.Context, opts Options) (*Client, error) {
	info, err := Discover(ctx, opts.Home)
	if err != nil {
		return nil, err
	}
	return ConnectTo(ctx, info, opts)
}

// ConnectTo registers with the hub info describes.
func ConnectTo(ctx context.Context, info *HubInfo, opts Options) (*Client, error) {
	v, err := xmlrpcCall(ctx, info.URL, "samp.hub.register", info.Secret)
	if err != nil {
		return nil, err
	}
	reg, _ := v.(map[string]any)
	c := &Client{Hub: info, handlers: map[string]MessageHandler{}, pending: map[string]chan reply{},
		hubGone: make(chan struct{}), tagPrefix: randomHex(6)}
	c.key, _ = reg["samp.private-key"].(string)
	c.SelfID, _ = reg["samp.self-id"].(string)
	c.HubID, _ = reg["samp.hub-id"].(string)
	if c.key == "" {
		return nil, errors.New("samp: the hub's register answer has no samp.private-key")
	}
	c.bgCtx, c.bgCancel = context.WithCancel(context.Background())
	for k, h := range opts.Handlers {
		c.handlers[k] = h
	}
	md := opts.Metadata
	if md.Name == "" {
		md = DefaultMetadata
	}
	fail := func(err error) (*Client, error) {
		c.Close()
		return nil, err
	}
	if _, err := c.hub(ctx, "samp.hub.declareMetadata", md.value()); err != nil {
		return fail(err)
	}
	if c.cb, err = NewServer(c.callback); err != nil {
		return fail(err)
	}
	if _, err := c.hub(ctx, "samp.hub.setXmlrpcCallback", c.cb.URL); err != nil {
		return fail(err)
	}
	subs := map[string]any{"samp.hub.event.shutdown": map[string]any{}}
	for k := range c.handlers {
		subs[k] = map[string]any{}
	}
	if _, err := c.hub(ctx, "samp.hub.declareSubscriptions", subs); err != nil {
		return fail(err)
	}
	return c, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (c *Client) hub(ctx context.Context, method string, params ...any) (any, error) {
	return xmlrpcCall(ctx, c.Hub.URL, method, append([]any{c.key}, params...)...)
}

// Ping asks the hub whether it is alive: a hub killed without its
// shutdown event is noticed only so.
func (c *Client) Ping(ctx context.Context) error {
	_, err := xmlrpcCall(ctx, c.Hub.URL, "samp.hub.ping") // no key: a hub answers anyone
	return err
}

// HubGone is closed when the hub announces its shutdown.
func (c *Client) HubGone() <-chan struct{} { return c.hubGone }

// Close unregisters and stops the callback server.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	var err error
	select {
	case <-c.hubGone:
	default:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err = c.hub(ctx, "samp.hub.unregister")
		cancel()
	}
	if c.bgCancel != nil {
		c.bgCancel()
	}
	if c.cb != nil {
		c.cb.Close()
	}
	c.bg.Wait()
	return err
}

// ClientInfo is one registered client.
type ClientInfo struct {
	ID       string
	Name     string // samp.name, "" when not declared
	Metadata map[string]any
}

// Clients lists the registered clients (the hub and esodesk itself
// included), with their metadata.
func (c *Client) Clients(ctx context.Context) ([]ClientInfo, error) {
	v, err := c.hub(ctx, "samp.hub.getRegisteredClients")
	if err != nil {
		return nil, err
	}
	ids, _ := v.([]any)
	ids = append(ids, c.SelfID) // the hub lists the others only
	var out []ClientInfo
	for _, x := range ids {
		id, _ := x.(string)
		md, err := c.Metadata(ctx, id)
		if err != nil {
			return nil, err
		}
		name, _ := md["samp.name"].(string)
		out = append(out, ClientInfo{ID: id, Name: name, Metadata: md})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Metadata returns a client's declared metadata.
func (c *Client) Metadata(ctx context.Context, id string) (map[string]any, error) {
	v, err := c.hub(ctx, "samp.hub.getMetadata", id)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}

// Subscribed returns the ids of the clients subscribed to mtype.
func (c *Client) Subscribed(ctx context.Context, mtype string) ([]string, error) {
	v, err := c.hub(ctx, "samp.hub.getSubscribedClients", mtype)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// Notify sends msg to one client without a reply.
func (c *Client) Notify(ctx context.Context, to string, msg Message) error {
	_, err := c.hub(ctx, "samp.hub.notify", to, msg.value())
	return err
}

// NotifyAll sends msg to every subscribed client; it returns their ids.
func (c *Client) NotifyAll(ctx context.Context, msg Message) ([]string, error) {
	v, err := c.hub(ctx, "samp.hub.notifyAll", msg.value())
	if err != nil {
		return nil, err
	}
	l, _ := v.([]any)
	out := []string{}
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// CallAndWait sends msg to one client and waits up to timeout (whole
// seconds, at least 1) for its response; the hub does the waiting.
func (c *Client) CallAndWait(ctx context.Context, to string, msg Message, timeout time.Duration) (Response, error) {
	secs := int(timeout / time.Second)
	if secs < 1 {
		secs = 1
	}
	v, err := c.hub(ctx, "samp.hub.callAndWait", to, msg.value(), strconv.Itoa(secs))
	if err != nil {
		return Response{}, err
	}
	return responseFrom(v), nil
}

// Replies maps the id of each receiver to its response.
type Replies map[string]Response

// CallAll sends msg to every subscribed client and waits until each has
// replied or timeout passes. Receivers that did not reply have a
// samp.error Response saying so.
func (c *Client) CallAll(ctx context.Context, msg Message, timeout time.Duration) (Replies, error) {
	tag, ch := c.newTag()
	defer c.dropTag(tag)
	v, err := c.hub(ctx, "samp.hub.callAll", tag, msg.value())
	if err != nil {
		return nil, err
	}
	ids, _ := v.(map[string]any)
	return c.collect(ctx, ch, ids, timeout), nil
}

// Call sends msg to one client and waits for its reply, as CallAll does.
func (c *Client) Call(ctx context.Context, to string, msg Message, timeout time.Duration) (Response, error) {
	tag, ch := c.newTag()
	defer c.dropTag(tag)
	if _, err := c.hub(ctx, "samp.hub.call", to, tag, msg.value()); err != nil {
		return Response{}, err
	}
	r := c.collect(ctx, ch, map[string]any{to: ""}, timeout)
	return r[to], nil
}

func (c *Client) newTag() (string, chan reply) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tag := c.tagPrefix + "-" + randomHex(8)
	ch := make(chan reply, 64)
	c.pending[tag] = ch
	return tag, ch
}

func (c *Client) dropTag(tag string) {
	c.mu.Lock()
	delete(c.pending, tag)
	c.mu.Unlock()
}

func (c *Client) collect(ctx context.Context, ch chan reply, want map[string]any, timeout time.Duration) Replies {
	out := Replies{}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for len(out) < len(want) {
		select {
		case r := <-ch:
			if _, ok := want[r.from]; ok {
				out[r.from] = r.resp
			}
		case <-timer.C:
			goto done
		case <-ctx.Done():
			goto done
		case <-c.hubGone:
			goto done
		}
	}
done:
	for id := range want {
		if _, ok := out[id]; !ok {
			why := fmt.Sprintf("no reply within %s", timeout)
			if ctx.Err() != nil {
				why = "canceled before the reply came"
			}
			out[id] = Response{Status: "samp.error", Error: why}
		}
	}
	return out
}

// callback serves samp.client.* calls from the hub.
func (c *Client) callback(_ context.Context, method string, params []any) (any, error) {
	str := func(i int) string {
		if i < len(params) {
			s, _ := params[i].(string)
			return s
		}
		return ""
	}
	if str(0) != c.key {
		return nil, errors.New("wrong private key")
	}
	switch method {
	case "samp.client.receiveNotification":
		msg, err := messageFrom(param(params, 2))
		if err != nil {
			return nil, err
		}
		c.dispatch(str(1), "", msg)
		return "", nil
	case "samp.client.receiveCall":
		msg, err := messageFrom(param(params, 3))
		if err != nil {
			return nil, err
		}
		c.dispatch(str(1), str(2), msg)
		return "", nil
	case "samp.client.receiveResponse":
		c.mu.Lock()
		ch := c.pending[str(2)]
		c.mu.Unlock()
		if ch != nil {
			select {
			case ch <- reply{from: str(1), resp: responseFrom(param(params, 3))}:
			default:
			}
		}
		return "", nil
	}
	return nil, fmt.Errorf("esodesk does not know %s", method)
}

func param(p []any, i int) any {
	if i < len(p) {
		return p[i]
	}
	return nil
}

// dispatch runs the handler in the background (the hub must not wait on
// it) and, for a call (msgID != ""), replies.
func (c *Client) dispatch(sender, msgID string, msg Message) {
	if msg.MType == "samp.hub.event.shutdown" {
		c.goneOnce.Do(func() { close(c.hubGone) })
	}
	h := c.handlers[msg.MType]
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.bg.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.bg.Done()
		var resp Response
		if h == nil {
			resp = Response{Status: "samp.error", Error: "esodesk does not handle " + msg.MType}
		} else {
			res, err := safeHandle(c.bgCtx, h, sender, msg)
			if err != nil {
				resp = Response{Status: "samp.error", Error: err.Error()}
			} else {
				resp = Response{Status: "samp.ok", Result: res}
			}
		}
		if msgID == "" {
			return
		}
		select {
		case <-c.hubGone:
			return
		default:
		}
		c.reply(msgID, resp)
	}()
}

// replyRetry: a reply lost on the way (the hub busy, a connection
// dropped) leaves the caller waiting for its whole timeout, often minutes,
// so it is sent again on transport trouble; the hub's own refusal (an
// XML-RPC fault) is final.
var replyRetry = vohttp.RetryPolicy{Attempts: 4, Base: 250 * time.Millisecond, Max: 2 * time.Second}

func (c *Client) reply(msgID string, resp Response) {
	ctx, cancel := context.WithTimeout(c.bgCtx, 30*time.Second)
	defer cancel()
	_ = replyRetry.Do(ctx, func(ctx context.Context) error {
		attempt, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_, err := c.hub(attempt, "samp.hub.reply", msgID, resp.value())
		var fault *Fault
		if errors.As(err, &fault) {
			return nil
		}
		return err
	})
}

func safeHandle(ctx context.Context, h MessageHandler, sender string, msg Message) (res map[string]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("esodesk failed on %s: %v", msg.MType, p)
		}
	}()
	return h(ctx, sender, msg)
}
