package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func start(args []string, displayMissing bool) (code int, window bool, stdout, stderr string) {
	var o, e bytes.Buffer
	code, window = Start(context.Background(), args, "1.2.3", displayMissing, &o, &e)
	return code, window, o.String(), e.String()
}

func TestStartHelpVersionAndOptions(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}, {"x.fits", "--help"}} {
		code, window, out, errText := start(args, true)
		if code != ExitOK || window || errText != "" || !strings.HasPrefix(out, "usage: esodesk") ||
			!strings.Contains(out, "Without a command, esodesk opens its window") || !strings.Contains(out, "  calib      find the calibrations") {
			t.Errorf("%q: exit %d, window %v, stdout %q, stderr %q", args, code, window, out, errText)
		}
	}
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		if code, window, out, errText := start(args, false); code != ExitOK || window || out != "esodesk 1.2.3\n" || errText != "" {
			t.Errorf("%q: exit %d, window %v, stdout %q, stderr %q", args, code, window, out, errText)
		}
	}
	for _, args := range [][]string{{"--bogus"}, {"spec.fits", "-x"}} {
		code, window, out, errText := start(args, false)
		if code != ExitUsage || window || out != "" || !strings.HasPrefix(errText, "esodesk: unknown option \""+args[len(args)-1]+"\"\n") || !strings.Contains(errText, "usage: esodesk") {
			t.Errorf("%q: exit %d, window %v, stdout %q, stderr %q", args, code, window, out, errText)
		}
	}
	// help COMMAND is the command's own help; commands still run as before.
	if code, _, _, errText := start([]string{"help", "get"}, true); code != ExitOK || !strings.Contains(errText, "usage: esodesk get") {
		t.Errorf("help get: exit %d, %q", code, errText)
	}
	if code, _, _, errText := start([]string{"help", "nosuch"}, true); code != ExitUsage || !strings.Contains(errText, `unknown command "nosuch"`) {
		t.Errorf("help nosuch: exit %d, %q", code, errText)
	}
	if code, window, _, errText := start([]string{"query"}, true); code != ExitUsage || window || !strings.Contains(errText, "--adql is required") {
		t.Errorf("query without a display: exit %d, %q", code, errText)
	}
}

func TestStartWindowNeedsDisplay(t *testing.T) {
	want := "esodesk: no display found (DISPLAY and WAYLAND_DISPLAY are unset): the window needs a graphical session; " +
		"the terminal commands work without one: " + commandNames() + " (esodesk --help)\n"
	if !strings.HasPrefix(commandNames(), "query, plot, get, calib") {
		t.Fatalf("commands: %s", commandNames())
	}
	for _, args := range [][]string{nil, {"a.fits", "b.xml"}} {
		if code, window, out, errText := start(args, true); code != ExitError || window || out != "" || errText != want {
			t.Errorf("%q without a display: exit %d, window %v, stderr %q", args, code, window, errText)
		}
		if code, window, out, errText := start(args, false); code != ExitOK || !window || out != "" || errText != "" {
			t.Errorf("%q with a display: exit %d, window %v, stderr %q", args, code, window, errText)
		}
	}
}

func TestDisplayMissing(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	none := env(nil)
	for _, c := range []struct {
		goos string
		env  func(string) string
		want bool
	}{
		{"linux", none, true},
		{"freebsd", none, true},
		{"linux", env(map[string]string{"DISPLAY": ":0"}), false},
		{"openbsd", env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"}), false},
		{"darwin", none, false},
		{"windows", none, false},
	} {
		if got := DisplayMissing(c.goos, c.env); got != c.want {
			t.Errorf("%s %q/%q: %v, want %v", c.goos, c.env("DISPLAY"), c.env("WAYLAND_DISPLAY"), got, c.want)
		}
	}
}
