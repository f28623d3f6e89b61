#!/bin/sh
# Side-by-side spectrum plotting benchmark: `esodesk plot` vs astropy +
# matplotlib, on one generated 300,000-pixel ESO SDP spectrum, to a 1200x500
# PNG. Prints wall time and peak RSS (GNU time) for the whole process, and
# for matplotlib also its import time apart from load+plot. Goal: esodesk's
# whole process under a third of matplotlib's.
#
#   bench/spectrum-plot-compare.sh [NPIX] [RUNS]    (from the repository root)
#
# cpu_s (user+sys) is printed too: on a busy machine wall time mostly
# measures waiting for a core.
#
# Needs Go, /usr/bin/python3 with numpy, astropy and matplotlib, and GNU
# time (apt-get install python3-astropy python3-matplotlib time).
set -eu
NPIX=${1:-300000}
RUNS=${2:-5}
PY=/usr/bin/python3
TIME=/usr/bin/time
for tool in "$PY" "$TIME" go; do
	command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
done
"$PY" -c 'import matplotlib, astropy' 2>/dev/null || {
	echo "missing matplotlib or astropy for $PY (apt-get install python3-matplotlib python3-astropy)" >&2; exit 1; }
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/spectrum-plot-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "generating a $NPIX-pixel spectrum and building esodesk in $TMP ..." >&2
"$PY" bench/spectrumplot/gen_sdp.py "$TMP/spec.fits" "$NPIX" >/dev/null
go build -tags migrated_fynedo -o "$TMP/esodesk" .
# one untimed run each so both start with warm file caches
"$TMP/esodesk" plot "$TMP/spec.fits" --out "$TMP/warm.png" --width 1200 --height 500
"$PY" bench/spectrumplot/mpl_plot.py "$TMP/spec.fits" "$TMP/warm-mpl.png" >/dev/null

# timed CMD...: one run; prints "wall_s peak_KB cpu_s" and keeps stdout in $TMP/out.txt
timed() {
	"$TIME" -f "%e %M %U %S" -o "$TMP/time.out" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt" || {
		echo "failed: $*" >&2; cat "$TMP/err.txt" >&2; exit 1; }
	tail -n 1 "$TMP/time.out" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}

ls -l "$TMP/spec.fits" | awk '{printf "# input: %.1f MB FITS, '"$NPIX"' pixels; output 1200x500 PNG; best of '"$RUNS"' runs\n", $5/1e6}'
printf '%-22s %8s %7s %9s %12s %12s\n' tool wall_s cpu_s peak_MB import_s load_plot_s
best_e=""; best_m=""
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	set -- $(timed "$TMP/esodesk" plot "$TMP/spec.fits" --out "$TMP/a.png" --width 1200 --height 500)
	e_wall=$1; e_mb=$(($2 / 1024)); e_cpu=$3
	set -- $(timed "$PY" bench/spectrumplot/mpl_plot.py "$TMP/spec.fits" "$TMP/b.png")
	m_wall=$1; m_mb=$(($2 / 1024)); m_cpu=$3; m_phase=$(cat "$TMP/out.txt")
	if [ -z "$best_e" ] || awk "BEGIN{exit !($e_wall < $best_e)}"; then best_e=$e_wall; best_emb=$e_mb; best_ecpu=$e_cpu; fi
	if [ -z "$best_m" ] || awk "BEGIN{exit !($m_wall < $best_m)}"; then best_m=$m_wall; best_mmb=$m_mb; best_mcpu=$m_cpu; best_phase=$m_phase; fi
done
imp=$(echo "$best_phase" | sed -n 's/.*import_s=\([0-9.]*\).*/\1/p')
lp=$(echo "$best_phase" | sed -n 's/.*load_plot_s=\([0-9.]*\).*/\1/p')
printf '%-22s %8.2f %7.2f %9d %12s %12s\n' "esodesk plot" "$best_e" "$best_ecpu" "$best_emb" - -
printf '%-22s %8.2f %7.2f %9d %12.2f %12.2f\n' "astropy+matplotlib" "$best_m" "$best_mcpu" "$best_mmb" "$imp" "$lp"
awk -v e="$best_e" -v m="$best_m" 'BEGIN {
	r = (e > 0) ? m / e : 0
	printf "esodesk whole process (best wall): %.1fx faster than matplotlib'"'"'s (goal: 3x) -> %s\n", r, (e * 3 < m) ? "met" : "NOT met" }'
