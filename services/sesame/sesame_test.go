package sesame

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"esodesk/services/coords"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// standIn serves the ESO stand-in (with its Sesame) for one test.
func standIn(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(standin.New(standin.Options{}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestResolveKnownNames(t *testing.T) {
	s := New(standIn(t)+standin.SesamePath, nil)
	// Positions written as SIMBAD gives them (sexagesimal), checked to 0.1".
	cases := []struct{ name, want, oname string }{
		{"HD 100546", "11:33:25.44 -70:11:41.2", "HD 100546"},
		{"Eta Car", "10:45:03.55 -59:41:04.1", "* eta Car"},
		{"eta Carinae", "10:45:03.55 -59:41:04.1", "* eta Car"},
		{"SN 1987A", "05:35:27.99 -69:16:11.1", "SN 1987A"},
		{"Sgr A*", "17:45:40.04 -29:00:28.1", "NAME Sgr A*"},
		{"NGC 1068", "02:42:40.77 -00:00:47.8", "M 77"},
		{"ngc1068", "02:42:40.77 -00:00:47.8", "M 77"},
		{"  TW Hya ", "11:01:51.91 -34:42:17.0", "* TW Hya"},
		{"Vega", "18:36:56.34 +38:47:01.3", "* alf Lyr"},
		{"Sirius", "06:45:08.92 -16:42:58.0", "* alf CMa"},
	}
	for _, c := range cases {
		p, err := s.Resolve(context.Background(), c.name)
		if err != nil {
			t.Errorf("Resolve(%q): %v", c.name, err)
			continue
		}
		ra, dec, err := coords.Parse(c.want)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.RA-ra)*math.Cos(dec*math.Pi/180) > 0.1/3600 || math.Abs(p.Dec-dec) > 0.1/3600 {
			t.Errorf("Resolve(%q) = %s, want %s", c.name, coords.Format(p.RA, p.Dec), c.want)
		}
		if p.Name != c.oname || p.Source != "Simbad" {
			t.Errorf("Resolve(%q): name %q source %q", c.name, p.Name, p.Source)
		}
	}
}

func TestResolveNotFound(t *testing.T) {
	s := New(standIn(t)+standin.SesamePath, nil)
	_, err := s.Resolve(context.Background(), "XYZ no such star")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v (%T), want *NotFoundError", err, err)
	}
	if err.Error() != "Sesame does not know 'XYZ no such star': check the spelling, or type coordinates instead" {
		t.Fatalf("message %q", err)
	}
}

func TestResolveEmptyName(t *testing.T) {
	s := New("http://127.0.0.1:1/unused", nil)
	_, err := s.Resolve(context.Background(), "   ")
	var ve *vohttp.Error
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "no target name") {
		t.Fatalf("err = %v", err)
	}
}

func TestURLEscaping(t *testing.T) {
	s := New("https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV", nil)
	cases := map[string]string{
		"Eta Car":    "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV?Eta%20Car",
		"Sgr A*":     "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV?Sgr%20A%2A",
		"BD+20 307":  "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV?BD%2B20%20307",
		"M31&x=1":    "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV?M31%26x%3D1",
		" NGC 1068 ": "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV?NGC%201068",
	}
	for name, want := range cases {
		if got := s.URL(name); got != want {
			t.Errorf("URL(%q) = %q, want %q", name, got, want)
		}
	}
	// A configured URL that already ends in "?" is not doubled.
	if got := New("http://x/SNV?", nil).URL("Vega"); got != "http://x/SNV?Vega" {
		t.Errorf("got %q", got)
	}
}

// The server must receive exactly the name typed, '+' and '*' included.
func TestNameReachesServer(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		w.Write([]byte(`<?xml version="1.0"?><Sesame><Target><name>x</name><INFO>*** Nothing found ***</INFO></Target></Sesame>`))
	}))
	defer srv.Close()
	_, err := New(srv.URL+"/SNV", nil).Resolve(context.Background(), "BD+20 307")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if got != "BD%2B20%20307" {
		t.Fatalf("server got query %q", got)
	}
}

func TestResolveFaults(t *testing.T) {
	base := standIn(t)
	cases := []struct {
		fault string
		kind  vohttp.Kind
		text  string
	}{
		{"500", vohttp.KindHTTP, "HTTP 500"},
		{"503", vohttp.KindHTTP, "HTTP 503"},
		{"404", vohttp.KindHTTP, "HTTP 404"},
		{"garbage", vohttp.KindProtocol, "not Sesame XML"},
		{"close", vohttp.KindNetwork, "resolve target name failed"},
	}
	for _, c := range cases {
		s := New(base+"/fault/"+c.fault+standin.SesamePath, nil)
		_, err := s.Resolve(context.Background(), "Vega")
		var ve *vohttp.Error
		if !errors.As(err, &ve) {
			t.Errorf("fault %s: err = %v (%T)", c.fault, err, err)
			continue
		}
		if ve.Kind != c.kind || !strings.Contains(err.Error(), c.text) || ve.Op != op {
			t.Errorf("fault %s: kind %v, error %q", c.fault, ve.Kind, err)
		}
		if errors.Is(err, ErrNotFound) {
			t.Errorf("fault %s counted as not found", c.fault)
		}
	}
}

func TestResolveCancel(t *testing.T) {
	s := New(standIn(t)+"/fault/hang"+standin.SesamePath, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := s.Resolve(ctx, "Vega")
	var ve *vohttp.Error
	if !errors.As(err, &ve) || ve.Kind != vohttp.KindCanceled {
		t.Fatalf("err = %v", err)
	}
}

// Answers the stand-in does not produce but Sesame can: the not-found INFO
// at target level, a resolver ERROR, a position from the second resolver.
func TestParseForms(t *testing.T) {
	cases := []struct {
		name, body string
		want       Position
		kind       vohttp.Kind // 0: success or not found
		notFound   bool
	}{
		{name: "target-level info", body: `<?xml version="1.0" encoding="UTF-8"?>
<Sesame><Target option="SNV"><name>nope</name><INFO> *** Nothing found *** </INFO></Target></Sesame>`, notFound: true},
		{name: "no resolver at all", body: `<Sesame><Target><name>nope</name></Target></Sesame>`, notFound: true},
		{name: "second resolver", body: `<?xml version="1.0"?>
<!DOCTYPE Sesame><Sesame>
<Target option="SNV"><name>Foo</name>
<Resolver name="S=Simbad (via url)"><INFO>*** Nothing found ***</INFO></Resolver>
<Resolver name="N=NED (local):    1     0ms"><otype>G</otype><jradeg>  40.669629 </jradeg><jdedeg>-0.013281</jdedeg><oname>MESSIER  077</oname></Resolver>
</Target></Sesame>`, want: Position{RA: 40.669629, Dec: -0.013281, Name: "MESSIER 077", Source: "NED"}},
		{name: "no oname", body: `<Sesame><Target><Resolver name="V=VizieR (local)"><jradeg>10</jradeg><jdedeg>+20</jdedeg></Resolver></Target></Sesame>`,
			want: Position{RA: 10, Dec: 20, Name: "Foo", Source: "VizieR"}},
		{name: "error", body: `<Sesame><Target><Resolver name="S=Simbad"><ERROR>Simbad is down</ERROR></Resolver></Target></Sesame>`, kind: vohttp.KindService},
		{name: "bad number", body: `<Sesame><Target><Resolver name="S=Simbad"><jradeg>abc</jradeg><jdedeg>1</jdedeg></Resolver></Target></Sesame>`, kind: vohttp.KindProtocol},
		{name: "out of range", body: `<Sesame><Target><Resolver name="S=Simbad"><jradeg>10</jradeg><jdedeg>91</jdedeg></Resolver></Target></Sesame>`, kind: vohttp.KindProtocol},
		{name: "broken xml", body: `<Sesame><Target><Resolver`, kind: vohttp.KindProtocol},
		{name: "plain text", body: `# Foo #Q123\n%J 10 20\n`, kind: vohttp.KindProtocol},
	}
	for _, c := range cases {
		p, err := parse([]byte(c.body), "Foo")
		switch {
		case c.notFound:
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: err = %v, want not found", c.name, err)
			}
		case c.kind != 0:
			var ve *vohttp.Error
			if !errors.As(err, &ve) || ve.Kind != c.kind {
				t.Errorf("%s: err = %v, want kind %v", c.name, err, c.kind)
			}
		default:
			if err != nil || p != c.want {
				t.Errorf("%s: %+v, %v; want %+v", c.name, p, err, c.want)
			}
		}
	}
}
