#!/usr/bin/env bash
# samp-screenshot.sh OUT.png -- esodesk and TOPCAT side by side under Xvfb,
# after esodesk sent TOPCAT a TAP result over SAMP (TOPCAT runs the hub).
# Needs the testbed (make testbed), topcat, xvfb, xdotool, imagemagick and
# a built ./esodesk. KEYS, xdotool steps, drive esodesk (coordinates on the
# 2560x1000 screen; esodesk's window at the left, 1400x900).
set -euo pipefail
out=${1:?usage: samp-screenshot.sh OUT.png}
here=$(cd "$(dirname "$0")/.." && pwd)
for t in Xvfb xdotool import java; do command -v $t >/dev/null || { echo "missing $t: bash scripts/deps.sh test; bash scripts/deps.sh screenshot" >&2; exit 2; }; done
jar=/usr/share/java/starlink-topcat.jar
[ -f "$jar" ] || { echo "missing $jar: apt-get install topcat" >&2; exit 2; }
home=$(mktemp -d)
d=$(( 90 + RANDOM % 400 )); while [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$home"' EXIT
Xvfb :$d -screen 0 2560x1000x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
for i in $(seq 50); do [ -e /tmp/.X11-unix/X$d ] && break; sleep 0.1; done
export DISPLAY=:$d HOME=$home XDG_CONFIG_HOME=$home/.config LIBGL_ALWAYS_SOFTWARE=1
unset SAMP_HUB
# TOPCAT starts the hub, as on an astronomer's desktop
java -Duser.home="$home" -Djsamp.localhost=127.0.0.1 -classpath "$jar" uk.ac.starlink.topcat.Driver -samp >"$home/topcat.log" 2>&1 & pids+=($!)
for i in $(seq 300); do grep -qs samp.hub.xmlrpc.url "$home/.samp" && break; sleep 0.1; done
grep -qs samp.hub.xmlrpc.url "$home/.samp" || { echo "TOPCAT started no hub:" >&2; tail "$home/topcat.log" >&2; exit 1; }
mkdir -p "$XDG_CONFIG_HOME/fyne/org.esodesk.desktop"
printf '%s' '{"window.tab": "TAP", "window.width": 1400, "window.height": 900, "tap.editor": "SELECT TOP 50 obs_id, obs_collection, s_ra, s_dec, t_exptime, em_min, em_max\nFROM ivoa.obscore\nORDER BY obs_id", "tap.maxrec": "1000", "tap.mode": "Sync"}' \
	> "$XDG_CONFIG_HOME/fyne/org.esodesk.desktop/preferences.json"
ESODESK_TESTBED_URL=${ESODESK_TESTBED_URL:-http://127.0.0.1:8080} ESODESK_STANDIN_URL=${ESODESK_STANDIN_URL:-http://127.0.0.1:8089} \
	"$here/esodesk" >"$home/esodesk.log" 2>&1 & app=$!; pids+=($app)
sleep 5
win=$(xdotool search --onlyvisible --pid $app | tail -1)
xdotool windowmove "$win" 0 0
for w in $(xdotool search --onlyvisible --name "TOPCAT"); do xdotool windowmove "$w" 1410 0 windowsize "$w" 1140 900; done
keys=${KEYS:-mousemove 300 300;click 1;key ctrl+Return;sleep 3;mousemove 300 330;click 3;sleep 1}
IFS=';' read -ra cmds <<< "$keys"
for c in "${cmds[@]}"; do
	c=$(echo "$c" | sed 's/^ *//')
	case "$c" in sleep\ *) sleep ${c#sleep } ;; "") ;; *) xdotool $c ;; esac
done
sleep 2
import -window root -crop 2560x910+0+0 "$out"
echo "saved $out (logs in $home, removed on exit)"
