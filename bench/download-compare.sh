#!/bin/sh
# Download benchmark: `esodesk get` against curl, in one run, on the local
# ESO stand-in (testbed/standin) started on a free loopback port.
#
#   bench/download-compare.sh            (run from anywhere in the repository)
#
# 1. one 1 GiB file (BENCH.1GiB): throughput (MB/s) and peak RSS of each;
# 2. 500 files of 200 KB (BENCH.200KB.<n>): esodesk with its default workers
#    vs a naive script running one curl per file, and, for reference, one
#    curl process fetching all URLs one after the other.
# For reference the big file is also fetched by curl followed by `sync FILE`:
# esodesk fsyncs every file before giving it its final name (a crash never
# leaves a truncated file under that name), which curl does not do.
# Goals: >= 0.95x curl's throughput on the big file, >= 3x faster than the
# one-curl-per-file script on the small files, esodesk's peak RSS < 60 MB.
#
# Env: RUNS (big-file runs per tool, best and median shown; default 5),
# SMALL (number of small files; default 500; 0 skips part 2), ESODESK_BIN (use this binary instead of
# building). Needs go, curl, GNU time (/usr/bin/time), python3 (free port).
set -eu
RUNS=${RUNS:-5}
SMALL=${SMALL:-500}
TIME=/usr/bin/time
for tool in go curl "$TIME" python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
done
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/download-bench.XXXXXX")
STANDIN_PID=
cleanup() {
	[ -n "$STANDIN_PID" ] && kill "$STANDIN_PID" 2>/dev/null && wait "$STANDIN_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building in $TMP ..." >&2
CGO_ENABLED=0 go build -o "$TMP/esostandin" ./testbed/standin/cmd/esostandin
if [ -n "${ESODESK_BIN:-}" ]; then
	cp "$ESODESK_BIN" "$TMP/esodesk"
else
	go build -tags migrated_fynedo -o "$TMP/esodesk" .
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$TMP/esostandin" -addr "127.0.0.1:$PORT" -quiet 2>"$TMP/standin.log" &
STANDIN_PID=$!
i=0
until curl -fs -o /dev/null "$BASE/dataPortal/file/BENCH.379B"; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "the stand-in did not start:" >&2; cat "$TMP/standin.log" >&2; exit 1; }
	sleep 0.1
done
echo "stand-in on $BASE" >&2

# esodesk runs with its journal and login file in a private config dir and
# without a session keyring.
mkdir -p "$TMP/config"
cat >"$TMP/esodesk-get" <<SHEOF
#!/bin/sh
exec env -u DBUS_SESSION_BUS_ADDRESS XDG_CONFIG_HOME="$TMP/config" ESODESK_STANDIN_URL="$BASE" \
	ESODESK_DATAPORTAL_URL= ESODESK_TOKEN_URL= "$TMP/esodesk" get "\$@"
SHEOF
chmod +x "$TMP/esodesk-get"

# timed OUTFILE CMD...: runs CMD under GNU time; leaves "wall_s peak_kB" in OUTFILE.
timed() {
	out=$1; shift
	if ! "$TIME" -f "%e %M" -o "$out" "$@" >"$TMP/cmd.out" 2>"$TMP/cmd.err"; then
		echo "failed: $*" >&2; tail -n 20 "$TMP/cmd.err" >&2; exit 1
	fi
	tail -n 1 "$out" >"$out.last" && mv "$out.last" "$out"
}

ROWS=$TMP/rows
: >"$ROWS"
row() { printf '%-34s %9s %10s %9s\n' "$@" >>"$ROWS"; }

# --- 1. one 1 GiB file ------------------------------------------------------
# Each round runs the three tools; the order flips every round so page-cache
# and CPU-frequency effects do not always favour the same tool.
BIG=BENCH.1GiB
BIGSIZE=1073741824
rss_e=0 rss_c=0
: >"$TMP/mbs.esodesk"; : >"$TMP/mbs.curl"; : >"$TMP/mbs.curl+sync"
n=1
while [ $n -le "$RUNS" ]; do
	order="esodesk curl curl+sync"
	[ $((n % 2)) -eq 0 ] && order="curl+sync curl esodesk"
	for tool in $order; do
		# sync (untimed): curl leaves its 1 GiB dirty in the page cache; the
		# kernel writing it out would otherwise slow whichever tool runs next.
		rm -rf "$TMP/big"; mkdir -p "$TMP/big"; sync
		if [ $tool = esodesk ]; then
			timed "$TMP/t" "$TMP/esodesk-get" --dir "$TMP/big" "$BIG"
			f="$TMP/big/$BIG.fits.Z"
		elif [ $tool = curl ]; then
			timed "$TMP/t" curl -fsS -o "$TMP/big/curl.out" "$BASE/dataPortal/file/$BIG"
			f="$TMP/big/curl.out"
		else
			timed "$TMP/t" sh -c 'curl -fsS -o "$1" "$2" && sync "$1"' sh "$TMP/big/curl.out" "$BASE/dataPortal/file/$BIG"
			f="$TMP/big/curl.out"
		fi
		size=$(stat -c %s "$f")
		[ "$size" -eq $BIGSIZE ] || { echo "$tool: $size bytes, want $BIGSIZE" >&2; exit 1; }
		set -- $(cat "$TMP/t")
		mbs=$(awk -v s=$BIGSIZE -v t="$1" 'BEGIN { printf "%.1f", s / 1e6 / t }')
		echo "$mbs" >>"$TMP/mbs.$tool"
		echo "run $n: $tool $1 s, $mbs MB/s, peak $(($2 / 1024)) MB" >&2
		if [ $tool = esodesk ]; then
			[ "$2" -gt $rss_e ] && rss_e=$2
			sha256sum <"$f" | cut -d' ' -f1 >"$TMP/sum.esodesk"
		elif [ $tool = curl ]; then
			[ "$2" -gt $rss_c ] && rss_c=$2
			sha256sum <"$f" | cut -d' ' -f1 >"$TMP/sum.curl"
		fi
	done
	n=$((n + 1))
done
cmp -s "$TMP/sum.esodesk" "$TMP/sum.curl" || { echo "esodesk and curl got different bytes for $BIG" >&2; exit 1; }
rm -rf "$TMP/big"
best() { sort -n "$1" | tail -n 1; }
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
best_e=$(best "$TMP/mbs.esodesk") best_c=$(best "$TMP/mbs.curl") best_s=$(best "$TMP/mbs.curl+sync")
med_e=$(median "$TMP/mbs.esodesk") med_c=$(median "$TMP/mbs.curl") med_s=$(median "$TMP/mbs.curl+sync")
row "1 GiB file ($RUNS runs)" "best MB/s" "median" "peak MB"
row "  esodesk get" "$best_e" "$med_e" "$((rss_e / 1024))"
row "  curl" "$best_c" "$med_c" "$((rss_c / 1024))"
row "  curl + sync FILE (reference)" "$best_s" "$med_s" ""

# --- 2. many small files ----------------------------------------------------
e_wall=0 e_rss=0
if [ "$SMALL" -gt 0 ]; then
ids=$(seq 1 "$SMALL" | sed 's/^/BENCH.200KB./')
small_check() { # DIR: all files there, right size
	c=$(find "$1" -type f -size 200000c | wc -l)
	[ "$c" -eq "$SMALL" ] || { echo "$1: $c files of 200000 bytes, want $SMALL" >&2; exit 1; }
}

mkdir -p "$TMP/s1"
# shellcheck disable=SC2086
timed "$TMP/t1" "$TMP/esodesk-get" --dir "$TMP/s1" $ids
small_check "$TMP/s1"

mkdir -p "$TMP/s2"
cat >"$TMP/naive.sh" <<SHEOF
for id in $(echo $ids); do
	curl -fsS -o "$TMP/s2/\$id.fits.Z" "$BASE/dataPortal/file/\$id" || exit 1
done
SHEOF
timed "$TMP/t2" sh "$TMP/naive.sh"
small_check "$TMP/s2"

mkdir -p "$TMP/s3"
for id in $ids; do
	printf 'url = "%s"\noutput = "%s"\n' "$BASE/dataPortal/file/$id" "$TMP/s3/$id.fits.Z"
done >"$TMP/curl.cfg"
timed "$TMP/t3" curl -fsS -K "$TMP/curl.cfg"
small_check "$TMP/s3"

set -- $(cat "$TMP/t1"); e_wall=$1 e_rss=$2
set -- $(cat "$TMP/t2"); n_wall=$1 n_rss=$2
set -- $(cat "$TMP/t3"); c_wall=$1 c_rss=$2
row "$SMALL x 200 KB" "wall s" "files/s" "peak MB"
row "  esodesk get (default workers)" "$e_wall" "$(awk -v n="$SMALL" -v t="$e_wall" 'BEGIN { printf "%.0f", n / t }')" "$((e_rss / 1024))"
row "  curl, one process per file" "$n_wall" "$(awk -v n="$SMALL" -v t="$n_wall" 'BEGIN { printf "%.0f", n / t }')" "$((n_rss / 1024))"
row "  curl, one process, all URLs" "$c_wall" "$(awk -v n="$SMALL" -v t="$c_wall" 'BEGIN { printf "%.0f", n / t }')" "$((c_rss / 1024))"
fi

# --- table and goals ----------------------------------------------------------
echo
cat "$ROWS"
echo
awk -v e="$best_e" -v c="$best_c" -v s="$best_s" -v me="$med_e" -v mc="$med_c" 'BEGIN { r = e / c; printf "big file: esodesk/curl throughput %.2fx best, %.2fx median (goal >= 0.95x) %s; %.2fx vs curl + sync\n", r, me / mc, (r >= 0.95 ? "MET" : "NOT MET"), e / s }'
[ "$SMALL" -gt 0 ] && awk -v e="$e_wall" -v n="$n_wall" -v c="$c_wall" 'BEGIN { r = n / e; printf "small files: %.1fx faster than one curl per file (goal >= 3x) %s; %.1fx vs one curl for all\n", r, (r >= 3 ? "MET" : "NOT MET"), c / e }'
peak=$rss_e; [ "$e_rss" -gt "$peak" ] && peak=$e_rss
awk -v p="$peak" 'BEGIN { printf "esodesk peak RSS %.0f MB (goal < 60 MB) %s\n", p / 1024, (p < 60 * 1024 ? "MET" : "NOT MET") }'
