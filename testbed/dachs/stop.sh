#!/bin/bash
# stop.sh -- stop the testbed's DaCHS server and (unless --keep-db) the
# PostgreSQL cluster.  Data stay in place: setup.sh starts everything again
# in a few seconds without re-importing.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
if [ "$(id -u)" = 0 ]; then root() { "$@"; }; else root() { sudo "$@"; }; fi
KEEP_DB=0
[ "${1:-}" = "--keep-db" ] && KEEP_DB=1
PIDFILE=/var/gavo/state/web.pid

if [ -f "$PIDFILE" ]; then
  pid=$(cat "$PIDFILE")
  echo "[testbed] stopping DaCHS (pid $pid)"
  root dachs serve stop || true
  for _ in $(seq 1 12); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[testbed] DaCHS pid $pid still alive, sending SIGKILL"
    root kill -KILL "$pid" || true
  fi
  root rm -f "$PIDFILE"
else
  echo "[testbed] DaCHS is not running (no $PIDFILE)"
fi

if [ $KEEP_DB = 0 ]; then
  pg_lsclusters -h 2>/dev/null | awk '$2=="main" && $4=="online" {print $1}' |
  while read -r ver; do
    echo "[testbed] stopping PostgreSQL cluster $ver/main"
    root pg_ctlcluster "$ver" main stop || true
  done
fi
