// Command votable parses a VOTable file with esodesk's reader and reports
// how long it took: go run ./bench/votable FILE
//
// The last line is exactly "rows=N cols=M seconds=S"; the line before gives
// the Go heap figures (peak RSS is measured from outside, by bench/votable-compare.sh).
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"esodesk/services/votable"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: votable FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if p := os.Getenv("VOTABLE_CPUPROFILE"); p != "" {
		pf, err := os.Create(p)
		if err == nil {
			pprof.StartCPUProfile(pf)
			defer pprof.StopCPUProfile()
		}
	}
	start := time.Now()
	doc, err := votable.ParseContext(context.Background(), bufio.NewReaderSize(f, 1<<20), votable.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	secs := time.Since(start).Seconds()
	t := doc.ResultsTable()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Printf("live_heap_mb=%.1f total_alloc_mb=%.1f gc_cycles=%d\n", float64(ms.HeapInuse)/1e6, float64(ms.TotalAlloc)/1e6, ms.NumGC)
	fmt.Printf("rows=%d cols=%d seconds=%.3f\n", t.NumRows(), len(t.Fields), secs)
}
