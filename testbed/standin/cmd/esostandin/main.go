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
	flag.Parse()

	logger := log.New(os.Stderr, "esostandin: ", log.LstdFlags)
	opts := standin.Options{}
	if !*quiet {
		opts.Logf = logger.Printf
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "esostandin: %v\n", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: standin.New(opts), ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	logger.Printf("listening on http://%s", ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Fatal(err)
	}
}
