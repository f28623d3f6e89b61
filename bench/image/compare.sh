#!/bin/sh
# Side-by-side first view of a big image: `esodesk image` (FITS to a
# 2000x2000 PNG, zscale) vs astropy + matplotlib (imshow with ZScale to a
# 2000x2000 PNG) vs DS9 (-zscale, under Xvfb; see below), on one
# generated N x N float32 FITS. Prints wall time, CPU time and peak RSS
# (GNU time) for each whole process.
#
#   bench/image/compare.sh [N]    (from anywhere; default N 8192)
#
# Needs Go, /usr/bin/python3 with numpy, astropy and matplotlib, GNU time;
# DS9 needs ds9 and Xvfb (skipped with a message otherwise).
set -eu
N=${1:-8192}
PY=/usr/bin/python3
TIME=/usr/bin/time
for tool in "$PY" "$TIME" go; do
	command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
done
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/image-bench.XXXXXX")
XPID=""
cleanup() { [ -n "$XPID" ] && kill "$XPID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

echo "generating a ${N}x${N} float32 image and building esodesk in $TMP ..." >&2
"$PY" bench/image/gen_image.py "$TMP/big.fits" "$N"
go build -tags migrated_fynedo -o "$TMP/esodesk" .

# timed NAME CMD...: one run after one untimed warm-up; prints a table row
timed() {
	name=$1; shift
	"$@" >/dev/null 2>"$TMP/err.txt" || { echo "failed: $*" >&2; cat "$TMP/err.txt" >&2; exit 1; }
	"$TIME" -f "%e %M %U %S" -o "$TMP/time.out" "$@" >/dev/null 2>"$TMP/err.txt" || {
		echo "failed: $*" >&2; cat "$TMP/err.txt" >&2; exit 1; }
	tail -n 1 "$TMP/time.out" | awk -v n="$name" '{printf "%-22s %8.2f %7.2f %9d\n", n, $1, $3 + $4, $2 / 1024}'
}

ls -l "$TMP/big.fits" | awk '{printf "# input: %.0f MB FITS ('"$N"'x'"$N"' float32); zscale, gray, 2000x2000 PNG; second of two runs\n", $5/1e6}'
printf '%-22s %8s %7s %9s\n' tool wall_s cpu_s peak_MB
timed "esodesk image" "$TMP/esodesk" image "$TMP/big.fits" --out "$TMP/e.png"
timed "astropy+matplotlib" "$PY" bench/image/mpl_image.py "$TMP/big.fits" "$TMP/m.png"
if command -v ds9 >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1; then
	disp=:$((90 + $$ % 100))
	Xvfb "$disp" -screen 0 2100x2100x24 >/dev/null 2>&1 &
	XPID=$!
	sleep 1
	# DS9 8.4's -saveimage never returns under a bare Xvfb (it waits for the
	# window; tried with -geometry and -zoom to fit), so DS9 is timed twice:
	# loading and showing the image fitted in its window with zscale (the
	# first view, then -exit), and -export png, which writes every pixel
	# through the colour map (an 8192x8192 PNG, more encoding than ours).
	if DISPLAY=$disp timeout 120 ds9 "$TMP/big.fits" -exit >/dev/null 2>&1; then
		DISPLAY=$disp timed "ds9 view (no save)" ds9 -geometry 2100x2100 "$TMP/big.fits" -zscale -zoom to fit -exit
		DISPLAY=$disp timed "ds9 -export png" ds9 "$TMP/big.fits" -zscale -export png "$TMP/d.png" -exit
	else
		echo "ds9 skipped: it did not load the image within 120 s under Xvfb $disp"
	fi
else
	echo "ds9 skipped: ds9 or Xvfb not installed (apt-get install saods9 xvfb)"
fi
