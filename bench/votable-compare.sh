#!/bin/sh
# Side-by-side VOTable read benchmark: esodesk's reader vs astropy vs STILTS
# on a generated 200,000-row ObsCore-like table, in TABLEDATA and BINARY2.
# Prints wall time and peak RSS (GNU time) for each. Files go to a temp dir.
#
#   bench/votable-compare.sh [ROWS]       (run from the repository root)
#
# Needs /usr/bin/python3 with numpy+astropy, stilts, and GNU time
# (apt-get install python3-astropy stilts time).
set -eu
ROWS=${1:-200000}
PY=/usr/bin/python3
TIME=/usr/bin/time
for tool in "$PY" stilts "$TIME"; do
	command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool (apt-get install python3-astropy stilts time)" >&2; exit 1; }
done
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/votable-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "generating $ROWS rows in $TMP ..." >&2
"$PY" bench/votable/gen_obscore.py "$TMP/obscore-tabledata.xml" "$ROWS" >/dev/null
stilts tcopy in="$TMP/obscore-tabledata.xml" ifmt=votable out="$TMP/obscore-binary2.xml" ofmt=votable-binary2-inline
CGO_ENABLED=0 go build -o "$TMP/esodesk-votable" ./bench/votable

cat >"$TMP/astropy_read.py" <<'PYEOF'
import sys, warnings
warnings.simplefilter("ignore")
from astropy.io.votable import parse
t = parse(sys.argv[1]).get_first_table()
print("rows=%d cols=%d" % (len(t.array), len(t.fields)))
PYEOF

# run LABEL FILE CMD...: one timed run; prints a table line.
run() {
	label=$1; file=$2; shift 2
	if ! "$TIME" -f "%e %M" -o "$TMP/time.out" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt"; then
		echo "$label failed:" >&2; cat "$TMP/err.txt" >&2; return
	fi
	set -- $(tail -n 1 "$TMP/time.out")
	rows=$(grep -o 'rows=[0-9]*' "$TMP/out.txt" | tail -n 1 || true)
	[ -n "$rows" ] || rows="rows=$(grep -Eio "rows: *[0-9]+" "$TMP/out.txt" | grep -Eo "[0-9]+" | tail -n 1)"
	printf '%-12s %-10s %8.2f %10.0f   %s\n' "$label" "$file" "$1" "$(($2 / 1024))" "$rows"
}

printf '\n%-12s %-10s %8s %10s   %s\n' reader format wall_s peak_MB result
for fmt in tabledata binary2; do
	f="$TMP/obscore-$fmt.xml"
	ls -l "$f" | awk -v fmt="$fmt" '{printf "# %s file: %.1f MB\n", fmt, $5/1e6}'
	run esodesk "$fmt" "$TMP/esodesk-votable" "$f"
	run astropy "$fmt" "$PY" "$TMP/astropy_read.py" "$f"
	# omode=count streams every row through STIL's VOTable parser.
	run stilts "$fmt" stilts tpipe in="$f" ifmt=votable omode=count
done
