#!/usr/bin/env bash
# screenshot-tap.sh OUT.png -- the README screenshot of the TAP tab: the real
# window under Xvfb, against the local testbed, after running a query.
# A private config folder seeds the editor with the query, so the shot does
# not depend on (or change) the user's own settings.
set -euo pipefail
out=${1:?usage: screenshot-tap.sh OUT.png}
here=$(cd "$(dirname "$0")/.." && pwd)
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
mkdir -p "$cfg/fyne/org.esodesk.desktop"
cat > "$cfg/fyne/org.esodesk.desktop/preferences.json" <<'JSON'
{"tap.editor": "SELECT TOP 200 dp_id, instrument, dp_cat, dp_type, object, ra, dec, exposure, tel_airm_start\nFROM dbo.raw\nWHERE dp_cat = 'SCIENCE'\nORDER BY exposure DESC", "tap.maxrec": "1000", "tap.mode": "Sync"}
JSON
XDG_CONFIG_HOME=$cfg ESODESK_TESTBED_URL=${ESODESK_TESTBED_URL:-http://127.0.0.1:8080} \
  "$here/../shared/tools/screenshot" -w 6 -k "${KEYS:-key ctrl+Return;sleep 3}" "$out" -- "$here/esodesk"
