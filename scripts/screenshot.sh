#!/usr/bin/env bash
# screenshot.sh tap|spectra|products|raw|downloads|images|analysis|conditions|sky OUT.png -- README screenshots: the real window
# under Xvfb, against the local testbed and stand-in. A private config folder
# seeds the form (so the shot neither depends on nor changes the user's
# settings) and KEYS, xdotool steps, drive it (coordinates assume the
# default 1400x900 screen; SIZE changes it). ESODESK_BIN: the binary to
# run (default: the tree's esodesk).
set -euo pipefail
tab=${1:?usage: screenshot.sh tap|spectra|products|raw|downloads OUT.png}
out=${2:?usage: screenshot.sh tap|spectra|products|raw|downloads OUT.png}
here=$(cd "$(dirname "$0")/.." && pwd)
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
mkdir -p "$cfg/fyne/org.esodesk.desktop"
case $tab in
tap)
	prefs='{"window.tab": "TAP", "tap.editor": "SELECT TOP 200 dp_id, instrument, dp_cat, dp_type, object, ra, dec, exposure, tel_airm_start\nFROM dbo.raw\nWHERE dp_cat = '"'"'SCIENCE'"'"'\nORDER BY exposure DESC", "tap.maxrec": "1000", "tap.mode": "Sync"}'
	keys=${KEYS:-key ctrl+Return;sleep 3} ;;
spectra)
	prefs='{"window.tab": "Spectra", "spectra.target": "'"${TARGET:-HD 100546}"'", "spectra.radius": "30", "spectra.radius_unit": "arcsec", "spectra.maxrec": "500"}'
	# search, select the first row, shift-click the third, point at the plot
	keys=${KEYS:-mousemove 1177 89;click 1;sleep 3;mousemove 600 283;click 1;sleep 1;keydown shift;mousemove 600 361;click 1;keyup shift;sleep 7;mousemove 700 640;sleep 1} ;;
products)
	# ESO products (ObsCore) with the details pane: the first row, whose preview is ESO's real PNG
	prefs='{"window.tab": "TAP", "tap.editor": "SELECT dp_id, obs_title, instrument_name, dataproduct_type, target_name, access_url, access_format\nFROM ivoa.obscore\nWHERE dataproduct_type IN ('"'"'image'"'"', '"'"'cube'"'"')\nORDER BY dp_id", "tap.maxrec": "1000", "tap.mode": "Sync"}'
	keys=${KEYS:-key ctrl+Return;sleep 3;mousemove 420 432;click 1;sleep 3;mousemove 1000 560;sleep 1} ;;
raw)
	# SINFONI science frames of two weeks; select all, associate processed
	# calibrations, look at the second dataset
	prefs='{"window.tab": "Raw data", "raw.instrument": "SINFONI", "raw.category": "SCIENCE", "raw.night_from": "2019-03-04", "raw.night_to": "2019-03-18", "raw.maxrec": "1000", "raw.mode": "processed calibrations (Raw2Master)", "downloads.dir": "'"$cfg/data"'"}'
	keys=${KEYS:-mousemove 1177 167;click 1;sleep 3;mousemove 500 400;click 1;key ctrl+a;sleep 1;mousemove 1190 757;click 1;sleep 3;mousemove 200 520;click 1;sleep 2} ;;
downloads)
	# a batch from the stand-in, slowed down so the shot catches it running,
	# with one file that fails (404) and one that needs a login (a web page)
	prefs='{"window.tab": "Downloads", "downloads.dir": "'"$cfg/data"'", "downloads.workers": 3}'
	mkdir -p "$cfg/esodesk"
	sa=${ESODESK_STANDIN_URL:-http://127.0.0.1:8089}
	n=0
	for spec in \
		"ADP.2019-04-05T14:40:03.117" "FORS2.2019-03-12T00:57:43.886.NL" "HARPS.2019-03-12T03:50:32.277?fault=404" \
		"BENCH.5MB?fault=slow:150000" "UVES.2019-03-04T02:30:34.118?fault=slow:60000" \
		"PROPRIETARY.2021-01-02T00:59:12.533" "SINFO.2019-03-21T08:32:41.997?fault=slow:30000" \
		"XSHOOTER.2019-03-16T00:23:17.032?fault=slow:90000" "MUSE.2019-03-05T08:08:37.052?fault=slow:60000"; do
		n=$((n+1))
		printf '{"id":%d,"job":{"url":"%s/dataPortal/file/%s"},"state":"queued","order":%d,"seq":%d}\n' "$n" "$sa" "$spec" "$n" "$n"
	done > "$cfg/esodesk/downloads.jsonl"
	keys=${KEYS:-sleep 3} ;;
analysis)
	# HD 100546's UVES spectrum with the stellar lines and a measurement of Hα (a larger window: the plot's
	# two toolbar rows and results panel need the height)
	prefs='{"window.tab": "Spectra", "window.width": 1400, "window.height": 1150, "spectra.target": "HD 100546", "spectra.radius": "30", "spectra.radius_unit": "arcsec", "spectra.maxrec": "500", "samp.connect": false}'
	keys=${KEYS:-mousemove 1297 89;click 1;sleep 3;mousemove 600 283;click 1;sleep 6} ;;
images)
	# M83 through the testbed's SIA 2: the second image with its RA/Dec grid, the pointer on it
	prefs='{"window.tab": "Images", "images.service": "SIA 2: 127.0.0.1:8080", "images.target": "204.25 -29.87", "images.radius": "10", "images.radius_unit": "arcmin", "images.product": "images", "samp.connect": false}'
	keys=${KEYS:-mousemove 1166 128;click 1;sleep 3;mousemove 120 360;click --repeat 2 --delay 80 1;sleep 3;mousemove 985 326;click 1;sleep 2;mousemove 900 560;sleep 1} ;;
conditions)
	# MUSE frames of one night; three selected, the Conditions tab with seeing and PWV and the
	# selected exposures marked (the other frames of the night faint), the pointer on the plot
	prefs='{"window.tab": "Raw data", "raw.instrument": "MUSE", "raw.category": "SCIENCE", "raw.night_from": "2019-03-05", "raw.night_to": "2019-03-05", "raw.maxrec": "1000", "conditions.quantities": "seeing,pwv", "conditions.follow": false, "samp.connect": false}'
	keys=${KEYS:-mousemove 1177 167;click 1;sleep 4;mousemove 300 400;click 1;keydown shift;mousemove 300 478;click 1;keyup shift;sleep 1;mousemove 49 717;click 1;sleep 6;mousemove 656 600;sleep 2} ;;
sky)
	# M83's images in the testbed's ObsCore: the TAP query, then the Sky tab with their footprints (coloured
	# by instrument) over the testbed's own images HiPS (url.hips on the testbed), one selected, a circle drawn
	prefs='{"window.tab": "TAP", "tap.editor": "SELECT obs_id, dataproduct_type, instrument_name, s_ra, s_dec, s_region\nFROM ivoa.obscore\nWHERE 1 = CONTAINS(POINT('"'"'ICRS'"'"', s_ra, s_dec), CIRCLE('"'"'ICRS'"'"', 204.2538, -29.8658, 0.5))", "tap.maxrec": "1000", "tap.mode": "Sync", "sky.source": "TAP result", "sky.colour_by": "instrument_name", "samp.connect": false}'
	keys=${KEYS:-key ctrl+Return;sleep 6;mousemove ${SKY_TAB_X:-213} ${SKY_TAB_Y:-50};click 1;sleep 8;mousemove 470 345;click 1;sleep 1;mousemove 1103 129;click 1;mousemove 531 456;mousedown 1;mousemove 531 440;mousemove 531 400;mousemove 531 380;mouseup 1;sleep 2;mousemove 700 300;sleep 2} ;;
*) echo "unknown tab $tab" >&2; exit 2 ;;
esac
printf '%s\n' "$prefs" > "$cfg/fyne/org.esodesk.desktop/preferences.json"
XDG_CONFIG_HOME=$cfg XDG_CACHE_HOME=$cfg/cache \
ESODESK_TESTBED_URL=${ESODESK_TESTBED_URL:-http://127.0.0.1:8080} ESODESK_STANDIN_URL=${ESODESK_STANDIN_URL:-http://127.0.0.1:8089} \
	"$here/../shared/tools/screenshot" -s "${SIZE:-1400x900}" -w 6 -k "$keys" "$out" -- "${ESODESK_BIN:-$here/esodesk}"
