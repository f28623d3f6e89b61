package sampctl

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"time"

	"esodesk/fits"
	"esodesk/services/samp"
	"esodesk/services/votable"
)

// fromHub posts f to the UI goroutine without waiting for it: the hub's
// callbacks must not wait on the UI goroutine, which may itself be waiting
// for them (Close unregisters and waits for the callbacks on their way).
func (c *Controller) fromHub(f func()) { go c.run(f) }

// handlers are the MTypes esodesk subscribes to: those the window takes
// (a nil Receiver function is not subscribed) and the hub's events that
// change the client list.
func (c *Controller) handlers() map[string]samp.MessageHandler {
	r := c.deps.Receive
	h := map[string]samp.MessageHandler{}
	changed := func(context.Context, string, samp.Message) (map[string]any, error) {
		c.fromHub(c.refreshClients)
		return nil, nil
	}
	for _, mt := range []string{samp.MTypeHubRegister, samp.MTypeHubUnregister, samp.MTypeHubMetadata, samp.MTypeHubSubscriptions} {
		h[mt] = changed
	}
	if r.Table != nil {
		h[samp.MTypeTableLoadVOTable] = c.receiveTable
	}
	if r.Rows != nil {
		h[samp.MTypeTableHighlightRow] = c.receiveRows
		h[samp.MTypeTableSelectRows] = c.receiveRows
	}
	if r.Spectrum != nil {
		h[samp.MTypeSpectrumLoadSSA] = c.receiveSpectrum
	}
	if r.Image != nil {
		h[samp.MTypeImageLoadFITS] = c.receiveImage
	}
	if r.PointAt != nil {
		h[samp.MTypeCoordPointAtSky] = c.receivePointAt
	}
	return h
}

// received records a message taken (or refused, err != nil) and returns
// err, which becomes the samp.error sent back.
func (c *Controller) received(sender string, msg samp.Message, text string, err error) error {
	from := c.senderName(sender)
	c.fromHub(func() {
		e := Entry{Received: true, Peer: from, MType: msg.MType, Text: text}
		if err != nil {
			e.Text, e.Failed = "Refused: "+err.Error(), true
		}
		c.note(e)
	})
	return err
}

// senderName is the name sender declared: from the client list, or asked
// of the hub for a client that registered and sent at once.
func (c *Controller) senderName(sender string) string {
	for _, p := range c.state.Snapshot().Clients {
		if p.ID == sender {
			return p.Label()
		}
	}
	c.mu.Lock()
	name, known := c.names[sender]
	c.mu.Unlock()
	if known {
		return name
	}
	name = sender
	if client := c.current(); client != nil {
		// briefly: the hub may be busy with the very call being answered
		ctx, cancel := context.WithTimeout(c.life, 2*time.Second)
		defer cancel()
		if md, err := client.Metadata(ctx, sender); err == nil {
			if n, _ := md["samp.name"].(string); n != "" {
				name = n
			}
		}
	}
	c.mu.Lock()
	c.names[sender] = name // asked once per sender
	c.mu.Unlock()
	return name
}

// local returns a local file with the content at u: a file:// URL is read
// in place; others are downloaded into the cache (anew: a sender may serve
// other content at the same URL later).
func (c *Controller) local(ctx context.Context, u string) (string, error) {
	pu, err := url.Parse(u)
	if err != nil || u == "" {
		return "", fmt.Errorf("the message's url %q is not a URL", u)
	}
	switch pu.Scheme {
	case "file":
		if _, err := os.Stat(pu.Path); err != nil {
			return "", err
		}
		return pu.Path, nil
	case "http", "https":
		if c.deps.Cache == nil {
			return "", errors.New("esodesk has no download folder for what it receives")
		}
		c.deps.Cache.Remove(u)
		return c.deps.Cache.Get(ctx, u, nil)
	}
	return "", fmt.Errorf("esodesk cannot read %s URLs (%s)", pu.Scheme, u)
}

// nameOf is the message's name, else the last part of its URL.
func nameOf(msg samp.Message) string {
	if n := msg.String("name"); n != "" {
		return n
	}
	if pu, err := url.Parse(msg.String("url")); err == nil && path.Base(pu.Path) != "/" && path.Base(pu.Path) != "." {
		return path.Base(pu.Path)
	}
	return "table"
}

func (c *Controller) receiveTable(ctx context.Context, sender string, msg samp.Message) (map[string]any, error) {
	u, name := msg.String("url"), nameOf(msg)
	t, err := c.readTable(ctx, u)
	if err != nil {
		return nil, c.received(sender, msg, "", fmt.Errorf("the table “%s” could not be read: %w", name, err))
	}
	id := msg.String("table-id")
	if id == "" {
		id = u // highlights then name it by its URL
	}
	c.tables.received(t, id, u, name)
	c.tables.markSent(t, sender) // the sender has it: selections go back
	from := c.senderName(sender)
	c.fromHub(func() {
		c.deps.Receive.Table(t, name, from)
	})
	return nil, c.received(sender, msg, fmt.Sprintf("Opened table “%s” (%d rows)", name, t.NumRows()), nil)
}

func (c *Controller) readTable(ctx context.Context, u string) (*votable.Table, error) {
	p, err := c.local(ctx, u)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := votable.ParseContext(ctx, f, votable.Options{})
	if err != nil {
		return nil, err
	}
	if st := doc.Status(); st.Value == "ERROR" {
		return nil, fmt.Errorf("the VOTable reports an error: %s", st.Message)
	}
	t := doc.ResultsTable()
	if t == nil {
		return nil, errors.New("the VOTable holds no table")
	}
	return t, nil
}

// receiveRows takes table.highlight.row and table.select.rowList.
func (c *Controller) receiveRows(_ context.Context, sender string, msg samp.Message) (map[string]any, error) {
	t, st := c.tables.find(msg.String("table-id"), msg.String("url"))
	if t == nil {
		return nil, c.received(sender, msg, "", fmt.Errorf("esodesk shows no table with table-id %q or url %q", msg.String("table-id"), msg.String("url")))
	}
	var rows []int
	if msg.MType == samp.MTypeTableHighlightRow {
		r, err := msg.Int("row")
		if err != nil {
			return nil, c.received(sender, msg, "", fmt.Errorf("row %q is not a row number", msg.String("row")))
		}
		rows = []int{r}
	} else {
		list, _ := msg.Params["row-list"].([]any)
		for _, x := range list {
			s, _ := x.(string)
			r, err := strconv.Atoi(s)
			if err != nil {
				return nil, c.received(sender, msg, "", fmt.Errorf("row %q is not a row number", s))
			}
			rows = append(rows, r)
		}
	}
	n := t.NumRows()
	for _, r := range rows {
		if r < 0 || r >= n {
			return nil, c.received(sender, msg, "", fmt.Errorf("row %d is outside “%s” (%d rows)", r, st.name, n))
		}
	}
	slices.Sort(rows)
	rows = slices.Compact(rows)
	c.tables.setEcho(t, rows)
	c.fromHub(func() { c.deps.Receive.Rows(t, rows) })
	text := fmt.Sprintf("Selected %d rows of “%s”", len(rows), st.name)
	if msg.MType == samp.MTypeTableHighlightRow {
		text = fmt.Sprintf("Highlighted row %d of “%s”", rows[0]+1, st.name)
	}
	return nil, c.received(sender, msg, text, nil)
}

func (c *Controller) receiveSpectrum(ctx context.Context, sender string, msg samp.Message) (map[string]any, error) {
	name := nameOf(msg)
	p, err := c.local(ctx, msg.String("url"))
	if err == nil {
		_, err = fits.OpenContext(ctx, p) // refuse what the plot cannot show
	}
	if err != nil {
		return nil, c.received(sender, msg, "", fmt.Errorf("the spectrum “%s” could not be read: %w", name, err))
	}
	from := c.senderName(sender)
	c.fromHub(func() { c.deps.Receive.Spectrum(p, name, from) })
	return nil, c.received(sender, msg, "Plotted spectrum “"+name+"”", nil)
}

func (c *Controller) receiveImage(_ context.Context, sender string, msg samp.Message) (map[string]any, error) {
	u, name := msg.String("url"), nameOf(msg)
	pu, err := url.Parse(u)
	if err != nil || u == "" || (pu.Scheme != "file" && pu.Scheme != "http" && pu.Scheme != "https") {
		return nil, c.received(sender, msg, "", fmt.Errorf("the image's url %q is neither a file nor an HTTP URL", u))
	}
	local := ""
	text := "Queued image “" + name + "” in Downloads"
	if pu.Scheme == "file" {
		if _, err := os.Stat(pu.Path); err != nil {
			return nil, c.received(sender, msg, "", err)
		}
		local, text = pu.Path, "Received image “"+name+"” ("+pu.Path+")"
	}
	from := c.senderName(sender)
	c.fromHub(func() { c.deps.Receive.Image(local, u, name, from) })
	return nil, c.received(sender, msg, text, nil)
}

func (c *Controller) receivePointAt(_ context.Context, sender string, msg samp.Message) (map[string]any, error) {
	ra, err1 := msg.Float("ra")
	dec, err2 := msg.Float("dec")
	if err1 != nil || err2 != nil || ra < 0 || ra >= 360 || dec < -90 || dec > 90 {
		return nil, c.received(sender, msg, "", fmt.Errorf("(%q, %q) is not a position in degrees (ra 0..360, dec -90..90)", msg.String("ra"), msg.String("dec")))
	}
	from := c.senderName(sender)
	c.fromHub(func() { c.deps.Receive.PointAt(ra, dec, from) })
	return nil, c.received(sender, msg, fmt.Sprintf("Pointed at %.6f %+.6f", ra, dec), nil)
}
