// Command esostandin runs esodesk's ESO stand-in server (see package
// testbed/standin) on a loopback port until it is interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"esodesk/testbed/standin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "host:port to listen on")
	quiet := flag.Bool("quiet", false, "do not log requests")
	archiveTAP := flag.String("archive-tap", "", "the DaCHS testbed's TAP URL (e.g. http://127.0.0.1:8080/tap): CalSelector and /hdr answer from its dbo.raw")
	fixtures := flag.String("fixtures", "", "the shared fixtures/real directory: CalSelector serves ESO's recorded answers from it")
	flag.Parse()

	logger := log.New(os.Stderr, "esostandin: ", log.LstdFlags)
	opts := standin.Options{ArchiveTAP: *archiveTAP, FixturesDir: *fixtures}
	if !*quiet {
		opts.Logf = logger.Printf
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "esostandin: %v\n", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Printf("listening on http://%s", ln.Addr())
	if err := serve(ctx, ln, opts); err != nil {
		logger.Fatal(err)
	}
}

// serve answers on ln until ctx ends, then shuts down (waiting up to 5 s
// for requests in flight).
func serve(ctx context.Context, ln net.Listener, opts standin.Options) error {
	srv := &http.Server{Handler: standin.New(opts), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return err
}
