package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"esodesk/services/config"
	"esodesk/services/esoauth"
	"esodesk/services/vohttp"
)

// esoLogin returns the HTTP client for jobs that carry the ESO token, or
// nil to download anonymously. With --login it asks for the credentials and
// saves the new login; otherwise it uses a saved, unexpired one.
func esoLogin(ctx context.Context, ask bool, tokenURL string, stderr io.Writer) (*vohttp.Client, error) {
	store, storeErr := tokenStore()
	var tok *esoauth.Token
	if ask {
		user, pass, err := askCredentials(stderr)
		if err != nil {
			return nil, err
		}
		tok, err = esoauth.Login(ctx, vohttp.Default, tokenURL, user, pass)
		if err != nil {
			return nil, fmt.Errorf("ESO login: %w", err)
		}
		fmt.Fprintf(stderr, "Logged in to ESO as %s.\n", tok.Username)
		if storeErr == nil {
			if backend, err := store.Save(ctx, tok); err != nil {
				fmt.Fprintf(stderr, "Warning: %v\n", err)
			} else {
				fmt.Fprintln(stderr, backend.Notice(store.FilePath))
			}
		}
	} else {
		if storeErr != nil {
			return nil, nil
		}
		saved, _, err := store.Load(ctx)
		switch {
		case errors.Is(err, esoauth.ErrNoToken):
			return nil, nil
		case err != nil:
			fmt.Fprintf(stderr, "Warning: the saved ESO login cannot be read (%v); downloading without it.\n", err)
			return nil, nil
		case saved.Expired(time.Now()):
			fmt.Fprintf(stderr, "Your saved ESO login (%s) has expired; downloading without it (use --login for proprietary files).\n", saved.Username)
			return nil, nil
		}
		tok = saved
		fmt.Fprintf(stderr, "Using the saved ESO login of %s.\n", tok.Username)
	}
	auth := esoauth.NewAuthorizer(esoauth.AuthorizerOptions{AllowHosts: standinHosts()})
	auth.Set(tok)
	return vohttp.New(vohttp.Options{Authorizer: auth}), nil
}

// standinHosts lets the token reach the ESO stand-in (tests, benchmarks).
func standinHosts() []string {
	if u, err := url.Parse(os.Getenv(config.StandinEnv)); err == nil && u.Host != "" {
		return []string{u.Host}
	}
	return nil
}

// askCredentials reads the ESO user name and password: from
// ESODESK_ESO_USER / ESODESK_ESO_PASSWORD when set, else from the terminal
// (the password without echo), else one line each from stdin.
func askCredentials(stderr io.Writer) (user, pass string, err error) {
	in := bufio.NewReader(stdin)
	readLine := func() (string, error) {
		s, err := in.ReadString('\n')
		if err != nil && (err != io.EOF || s == "") {
			return "", errors.New("no ESO user name or password on stdin")
		}
		return strings.TrimRight(s, "\r\n"), nil
	}
	if user = os.Getenv("ESODESK_ESO_USER"); user == "" {
		fmt.Fprint(stderr, "ESO user name: ")
		if user, err = readLine(); err != nil {
			return "", "", err
		}
	}
	if pass = os.Getenv("ESODESK_ESO_PASSWORD"); pass != "" {
		return user, pass, nil
	}
	fmt.Fprint(stderr, "ESO password: ")
	if f, ok := stdin.(*os.File); ok && in.Buffered() == 0 {
		if p, ok, err := readPasswordNoEcho(f); ok {
			fmt.Fprintln(stderr)
			return user, p, err
		}
	}
	pass, err = readLine()
	return user, pass, err
}

// readRawLine reads up to a newline byte by byte, so nothing after it is
// swallowed from the terminal.
func readRawLine(f *os.File) (string, bool, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		n, err := f.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				break
			}
			b = append(b, one[0])
		}
		if err != nil {
			if err == io.EOF && len(b) > 0 {
				break
			}
			return "", true, errors.New("no ESO password entered")
		}
	}
	return strings.TrimRight(string(b), "\r"), true, nil
}
