#!/usr/bin/env bash
# Start or stop the ESO stand-in server in the background.
#   bash testbed/standin/run.sh start    build, start, wait until it answers; prints its base URL
#   bash testbed/standin/run.sh stop     stop the one we started (pid file)
#   bash testbed/standin/run.sh status
# Settings: STANDIN_ADDR (default 127.0.0.1:8089), STANDIN_DIR (binary, pid
# file and log; default $TMPDIR/esodesk-standin-$USER), STANDIN_ARCHIVE_TAP
# (the testbed TAP behind CalSelector and /hdr; default
# http://127.0.0.1:${TESTBED_PORT:-8080}/tap). ../shared/fixtures/real is
# passed as -fixtures when it exists.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
addr="${STANDIN_ADDR:-127.0.0.1:8089}"
dir="${STANDIN_DIR:-${TMPDIR:-/tmp}/esodesk-standin-$(id -un)}"
bin="$dir/esostandin"
pidfile="$dir/esostandin.pid"
logfile="$dir/esostandin.log"
url="http://$addr"

running() {
	[[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

answers() {
	curl -fsS -m 2 -o /dev/null "$url/" 2>/dev/null
}

start() {
	mkdir -p "$dir"
	(cd "$root" && CGO_ENABLED=0 go build -o "$bin.new" ./testbed/standin/cmd/esostandin)
	if running; then
		if cmp -s "$bin" "$bin.new" && answers; then
			rm -f "$bin.new"
			echo "$url"
			return 0
		fi
		stop >/dev/null # an older build: replace it
	fi
	mv "$bin.new" "$bin"
	if answers; then
		echo "run.sh: something else already answers at $url; set STANDIN_ADDR" >&2
		return 1
	fi
	args=(-addr "$addr" -archive-tap "${STANDIN_ARCHIVE_TAP:-http://127.0.0.1:${TESTBED_PORT:-8080}/tap}")
	if [[ -d "$root/../shared/fixtures/real" ]]; then
		args+=(-fixtures "$(cd "$root/../shared/fixtures/real" && pwd)")
	fi
	nohup "$bin" "${args[@]}" >>"$logfile" 2>&1 &
	echo $! >"$pidfile"
	for _ in $(seq 1 100); do
		if answers; then
			echo "$url"
			return 0
		fi
		if ! running; then
			echo "run.sh: the stand-in exited; last log lines:" >&2
			tail -n 5 "$logfile" >&2
			rm -f "$pidfile"
			return 1
		fi
		sleep 0.1
	done
	echo "run.sh: the stand-in did not answer at $url within 10 s (log: $logfile)" >&2
	return 1
}

stop() {
	if running; then
		pid="$(cat "$pidfile")"
		kill "$pid"
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		echo "stopped $pid"
	else
		echo "not running"
	fi
	rm -f "$pidfile"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) if running && answers; then echo "running at $url (pid $(cat "$pidfile"))"; else echo "not running"; exit 1; fi ;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
