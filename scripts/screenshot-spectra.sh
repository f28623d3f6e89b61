#!/usr/bin/env bash
# screenshot-spectra.sh OUT.png -- the Spectra tab of the real window under
# Xvfb, against the local testbed: search around a target, select rows.
# KEYS overrides the xdotool steps (coordinates assume the default 1400x900 screen).
set -euo pipefail
out=${1:?usage: screenshot-spectra.sh OUT.png}
here=$(cd "$(dirname "$0")/.." && pwd)
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
mkdir -p "$cfg/fyne/org.esodesk.desktop"
cat > "$cfg/fyne/org.esodesk.desktop/preferences.json" <<JSON
{"window.tab": "Spectra", "spectra.target": "${TARGET:-HD 100546}", "spectra.radius": "30", "spectra.radius_unit": "arcsec", "spectra.maxrec": "500"}
JSON
XDG_CONFIG_HOME=$cfg XDG_CACHE_HOME=$cfg/cache \
ESODESK_TESTBED_URL=${ESODESK_TESTBED_URL:-http://127.0.0.1:8080} ESODESK_STANDIN_URL=${ESODESK_STANDIN_URL:-http://127.0.0.1:8089} \
  "$here/../shared/tools/screenshot" -s ${SIZE:-1400x1000} -w 6 -k "${KEYS:-sleep 1}" "$out" -- "$here/esodesk" ${FILES:-}
