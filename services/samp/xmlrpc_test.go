package samp

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"esodesk/internal/xmlguard"
)

func TestXMLRPCRoundTrip(t *testing.T) {
	in := map[string]any{"a": "x<&>y", "n": "3", "l": []any{"1", map[string]any{"k": "v"}, []any{}}, "e": map[string]any{}}
	b, err := EncodeCall("samp.hub.notify", "key", in)
	if err != nil {
		t.Fatal(err)
	}
	m, p, err := DecodeCall(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if m != "samp.hub.notify" || len(p) != 2 || p[0] != "key" || !reflect.DeepEqual(p[1], in) {
		t.Fatalf("got %q %#v", m, p)
	}
	b, _ = EncodeResponse([]any{"a", "b"})
	v, err := DecodeResponse(bytes.NewReader(b))
	if err != nil || !reflect.DeepEqual(v, []any{"a", "b"}) {
		t.Fatalf("response %#v %v", v, err)
	}
	_, err = DecodeResponse(bytes.NewReader(EncodeFault(4, "no such client")))
	var f *Fault
	if !errors.As(err, &f) || f.Code != 4 || f.Message != "no such client" {
		t.Fatalf("fault: %v", err)
	}
	// ints and booleans travel as strings; an untyped value is a string.
	b, _ = EncodeCall("m", 7, true)
	_, p, _ = DecodeCall(bytes.NewReader(b))
	if !reflect.DeepEqual(p, []any{"7", "1"}) {
		t.Fatalf("ints/bools: %#v", p)
	}
	_, p, err = DecodeCall(strings.NewReader(`<methodCall><methodName>m</methodName><params><param><value>plain</value></param><param><value><i4>5</i4></value></param></params></methodCall>`))
	if err != nil || !reflect.DeepEqual(p, []any{"plain", "5"}) {
		t.Fatalf("plain: %#v %v", p, err)
	}
	b, _ = EncodeCall("m", map[string]string{"k": "v"}, []string{"a"})
	if _, p, _ = DecodeCall(bytes.NewReader(b)); !reflect.DeepEqual(p, []any{map[string]any{"k": "v"}, []any{"a"}}) {
		t.Fatalf("string maps and lists: %#v", p)
	}
	if _, err := EncodeCall("m", 1.5); err == nil {
		t.Fatal("a float was encoded")
	}
}

func TestXMLRPCLimits(t *testing.T) {
	deep := "<methodCall><methodName>m</methodName><params><param>" +
		strings.Repeat("<value><array><data>", 100) + strings.Repeat("</data></array></value>", 100) +
		"</param></params></methodCall>"
	if _, _, err := DecodeCall(strings.NewReader(deep)); !errors.Is(err, xmlguard.ErrLimit) {
		t.Fatalf("deep nesting: %v", err)
	}
	big := "<methodCall><methodName>m</methodName><params><param><value><string>" +
		strings.Repeat("x", MaxRequestBytes) + "</string></value></param></params></methodCall>"
	if _, _, err := DecodeCall(strings.NewReader(big)); !errors.Is(err, xmlguard.ErrLimit) {
		t.Fatalf("big: %v", err)
	}
	for _, bad := range []string{"", "<x/>", "<methodCall><methodName>m</methodName><params><param><value><float>1</float></value></param></params></methodCall>"} {
		if _, _, err := DecodeCall(strings.NewReader(bad)); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

func TestServer(t *testing.T) {
	s, err := NewServer(func(_ context.Context, m string, p []any) (any, error) {
		if m == "fail" {
			return nil, errors.New("it failed")
		}
		return append([]any{m}, p...), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL)
	}
	v, err := xmlrpcCall(context.Background(), s.URL, "echo", "a", []any{"b"})
	if err != nil || !reflect.DeepEqual(v, []any{"echo", "a", []any{"b"}}) {
		t.Fatalf("echo %#v %v", v, err)
	}
	if _, err := xmlrpcCall(context.Background(), s.URL, "fail"); err == nil || !strings.Contains(err.Error(), "it failed") {
		t.Fatalf("fail: %v", err)
	}
}

func TestDiscoverNoHub(t *testing.T) {
	t.Setenv("SAMP_HUB", "")
	_, err := Discover(context.Background(), t.TempDir())
	if !errors.Is(err, ErrNoHub) || !strings.Contains(err.Error(), "no SAMP hub is running") {
		t.Fatalf("err = %v", err)
	}
	t.Setenv("SAMP_HUB", "std-lockurl:file://"+t.TempDir()+"/nolock")
	if _, err := Discover(context.Background(), ""); !errors.Is(err, ErrNoHub) {
		t.Fatalf("SAMP_HUB: %v", err)
	}
	t.Setenv("SAMP_HUB", "web-profile")
	if _, err := Discover(context.Background(), ""); err == nil {
		t.Fatal("a bad SAMP_HUB was accepted")
	}
}

func TestParseLock(t *testing.T) {
	p := ParseLock(strings.NewReader("# comment\nsamp.secret=abc\nsamp.hub.xmlrpc.url=http://127.0.0.1:1/x\n\nsamp.profile.version=1.3\n"))
	if p["samp.secret"] != "abc" || p["samp.hub.xmlrpc.url"] != "http://127.0.0.1:1/x" || p["samp.profile.version"] != "1.3" {
		t.Fatalf("%v", p)
	}
}

func TestFileServer(t *testing.T) {
	fs, err := NewFileServer()
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	dir := t.TempDir()
	path := dir + "/a.xml"
	writeFile(t, path, "hello")
	writeFile(t, dir+"/secret.txt", "no")
	u, err := fs.Offer(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/a.xml") {
		t.Fatalf("url %s", u)
	}
	if got := get(t, u); got != "hello" {
		t.Fatalf("got %q", got)
	}
	base := u[:strings.LastIndex(u, "/")]
	for _, bad := range []string{base + "/../secret.txt", strings.TrimSuffix(u, "a.xml") + "../secret.txt",
		u[:strings.Index(u[7:], "/")+7] + "/secret.txt", u[:strings.Index(u[7:], "/")+7] + "/"} {
		if got := get(t, bad); got == "no" || got == "hello" {
			t.Errorf("%s served %q", bad, got)
		}
	}
	fs.Withdraw(u)
	if got := get(t, u); got == "hello" {
		t.Fatal("served after Withdraw")
	}
}
