package sampctl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"esodesk/fits/sampfile"
	"esodesk/internal/plural"
	"esodesk/services/samp"
	"esodesk/services/votable"
)

// errNotConnected is what a send says without a hub.
var errNotConnected = errors.New("esodesk is not connected to a SAMP hub: start TOPCAT or Aladin, or esodesk's own hub (SAMP in the status bar)")

// fileServer starts the loopback server of the files sent, once.
func (c *Controller) fileServer() (*samp.FileServer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files != nil {
		return c.files, nil
	}
	fs, err := samp.NewFileServer()
	if err != nil {
		return nil, err
	}
	c.files = fs
	return fs, nil
}

// background runs work off the UI goroutine, counted for Close and Wait.
func (c *Controller) background(work func(ctx context.Context)) {
	c.sends.Add(1)
	go func() {
		defer c.sends.Done()
		work(c.life)
	}()
}

// target names to for the record.
func (c *Controller) target(to string) string {
	if to == "" {
		return "all clients"
	}
	return c.state.Snapshot().name(to)
}

// deliver calls to (every subscribed client when "") with msg and records
// the answers; what says what was sent ("table “x” (12 rows)").
func (c *Controller) deliver(ctx context.Context, client *samp.Client, to string, msg samp.Message, what string) bool {
	var replies samp.Replies
	var err error
	if to == "" {
		replies, err = client.CallAll(ctx, msg, callTimeout)
		if err == nil && len(replies) == 0 {
			err = fmt.Errorf("no client takes %s: start a tool that does (TOPCAT, Aladin, DS9, SPLAT)", msg.MType)
		}
	} else {
		var r samp.Response
		r, err = client.Call(ctx, to, msg, callTimeout)
		replies = samp.Replies{to: r}
	}
	ok := err == nil
	c.run(func() {
		if err != nil {
			c.note(Entry{Peer: c.target(to), MType: msg.MType, Text: "Sending " + what + " failed: " + err.Error(), Failed: true, Asked: true})
			return
		}
		ids := make([]string, 0, len(replies))
		for id := range replies {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		st := c.state.Snapshot()
		for _, id := range ids {
			r := replies[id]
			e := Entry{Peer: st.name(id), MType: msg.MType, Text: "Sent " + what + ": " + answer(r), Failed: !r.OK(), Asked: true}
			c.note(e)
		}
	})
	if ok {
		for _, r := range replies {
			ok = ok && r.OK()
		}
	}
	return ok
}

// answer says a reply in words.
func answer(r samp.Response) string {
	switch {
	case r.Status == "samp.ok":
		return "done"
	case r.OK():
		return "done with a warning: " + r.Error
	case r.Status == "":
		return "no answer in time"
	}
	return "refused: " + r.Error
}

// SendTable sends t to to (every client that takes tables when ""): as a
// VOTable esodesk serves on 127.0.0.1, with a table-id that later
// highlights and selections name.
func (c *Controller) SendTable(t *votable.Table, name, to string) {
	c.shareTable(t, name, to, nil)
}

// SendRows selects rows (model indices) of t in to, sending t first when
// to has not loaded it.
func (c *Controller) SendRows(t *votable.Table, name string, rows []int, to string) {
	rows = append([]int(nil), rows...)
	c.shareTable(t, name, to, func(ctx context.Context, client *samp.Client, st sharedTable) {
		c.deliver(ctx, client, to, samp.TableSelectRowList(st.id, st.url, rows), plural.Count(len(rows), "row")+" of “"+name+"”")
	})
}

// shareTable makes t known to to, then runs then (if any) with its identity.
func (c *Controller) shareTable(t *votable.Table, name, to string, then func(context.Context, *samp.Client, sharedTable)) {
	client := c.current()
	if client == nil {
		c.note(Entry{Peer: c.target(to), MType: samp.MTypeTableLoadVOTable, Text: "Sending “" + name + "” failed: " + errNotConnected.Error(), Failed: true, Asked: true})
		return
	}
	st := c.tables.own(t, name)
	loaded := c.tables.loadedBy(t, to)
	c.background(func(ctx context.Context) {
		if !loaded {
			url, err := c.tableURL(t, st)
			if err != nil {
				c.run(func() {
					c.note(Entry{Peer: c.target(to), MType: samp.MTypeTableLoadVOTable, Text: "Writing “" + name + "” to send it failed: " + err.Error(), Failed: true, Asked: true})
				})
				return
			}
			what := fmt.Sprintf("table “%s” (%s)", name, plural.Count(t.NumRows(), "row"))
			if !c.deliver(ctx, client, to, samp.TableLoadVOTable(url, st.id, name), what) {
				return
			}
			c.tables.markSent(t, to)
		}
		if then != nil {
			s, _ := c.tables.lookup(t)
			then(ctx, client, s)
		}
	})
}

// tableURL writes t as a VOTable (every row and column, in table order, so
// that row numbers agree) and serves it; once per table.
func (c *Controller) tableURL(t *votable.Table, st *sharedTable) (string, error) {
	if s, ok := c.tables.lookup(t); ok {
		return s.url, nil
	}
	fs, err := c.fileServer()
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(c.deps.TempDir, "esodesk-samp-*-"+fileSafe(st.name)+".vot")
	if err != nil {
		return "", err
	}
	err = votable.WriteVOTable(f, t, nil, nil, "TABLEDATA") // every client reads it
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	url, err := fs.Offer(f.Name())
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	c.tables.setURL(t, url, f.Name())
	return url, nil
}

// fileSafe makes a table's name usable in a file name.
func fileSafe(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
	if len(name) > 40 {
		name = name[:40]
	}
	if name == "" {
		name = "table"
	}
	return name
}

// Selected tells the clients that loaded t which rows the user selected
// there: one row as table.highlight.row, several as table.select.rowList
// (as TOPCAT does). Tables no client knows, and the rows a message just
// selected, are not sent.
func (c *Controller) Selected(t *votable.Table, rows []int) {
	st, ok := c.tables.lookup(t)
	client := c.current()
	if !ok || client == nil || len(rows) == 0 || c.tables.isEcho(t, rows) {
		return
	}
	msg := samp.TableHighlightRow(st.id, st.url, rows[0])
	what := fmt.Sprintf("row %d of “%s”", rows[0]+1, st.name)
	if len(rows) > 1 {
		msg = samp.TableSelectRowList(st.id, st.url, rows)
		what = plural.Count(len(rows), "row") + " of “" + st.name + "”"
	}
	c.background(func(ctx context.Context) {
		ids, err := client.NotifyAll(ctx, msg)
		c.run(func() {
			switch {
			case err != nil:
				c.note(Entry{Peer: "all clients", MType: msg.MType, Text: "Sending " + what + " failed: " + err.Error(), Failed: true})
			case len(ids) > 0:
				c.note(Entry{Peer: "all clients", MType: msg.MType, Text: "Selected " + what})
			}
		})
	})
}

// Forget drops what esodesk knows of t (its view closed or shows another).
func (c *Controller) Forget(t *votable.Table) { c.tables.forget(t) }

// PointAt sends a sky position (ICRS degrees).
func (c *Controller) PointAt(ra, dec float64, to string) {
	c.sendMessage(to, samp.CoordPointAtSky(ra, dec), fmt.Sprintf("the position %.6f %+.6f", ra, dec))
}

// SendSpectrum sends the 1-D spectrum in the local file path.
func (c *Controller) SendSpectrum(path, name, to string) {
	c.sendFile(path, to, samp.MTypeSpectrumLoadSSA, name)
}

// SendFile sends a local file as what it holds: a VOTable, a spectrum, an
// image or cube, or a FITS table (see sampfile.Kind).
func (c *Controller) SendFile(path, to string) {
	c.sendFile(path, to, "", filepath.Base(path))
}

func (c *Controller) sendFile(path, to, mtype, name string) {
	client := c.current()
	if client == nil {
		c.note(Entry{Peer: c.target(to), MType: mtype, Text: "Sending " + filepath.Base(path) + " failed: " + errNotConnected.Error(), Failed: true, Asked: true})
		return
	}
	c.background(func(ctx context.Context) {
		fail := func(err error) {
			c.run(func() {
				c.note(Entry{Peer: c.target(to), MType: mtype, Text: "Sending " + filepath.Base(path) + " failed: " + err.Error(), Failed: true, Asked: true})
			})
		}
		kind, err := sampfile.Kind(path)
		if err != nil {
			fail(err)
			return
		}
		if mtype == "" {
			mtype = kind
		}
		fs, err := c.fileServer()
		if err != nil {
			fail(err)
			return
		}
		url, err := fs.Offer(path)
		if err != nil {
			fail(err)
			return
		}
		msg := sampfile.Message(mtype, url, path, kind)
		if name != "" {
			msg.Params["name"] = name
		}
		c.deliver(ctx, client, to, msg, kindWord(mtype)+" "+filepath.Base(path))
	})
}

// sendMessage sends a message that carries no file.
func (c *Controller) sendMessage(to string, msg samp.Message, what string) {
	client := c.current()
	if client == nil {
		c.note(Entry{Peer: c.target(to), MType: msg.MType, Text: "Sending " + what + " failed: " + errNotConnected.Error(), Failed: true, Asked: true})
		return
	}
	c.background(func(ctx context.Context) { c.deliver(ctx, client, to, msg, what) })
}

func kindWord(mtype string) string {
	switch mtype {
	case samp.MTypeSpectrumLoadSSA:
		return "spectrum"
	case samp.MTypeImageLoadFITS:
		return "image"
	}
	return "table"
}
