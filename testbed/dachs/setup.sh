#!/bin/bash
# setup.sh -- bring up the esodesk testbed: GAVO DaCHS on PostgreSQL serving
# ESO-shaped tables (dbo.raw, ivoa.obscore with ESO's extra columns,
# phase3v2.product_files, ESO's ambient-conditions tables asm.*) over TAP,
# plus spectra over SSAP/DataLink and images, a cube and a catalogue over
# SIA 2/SIA 1/SODA/SCS (rd/images), and two HiPS as static files (rd/hips,
# made by gen_hips.py with healpy and Aladin's HipsGen).
#
# Works on a fresh Debian 12 (bookworm) as root (or via sudo), without
# systemd, and on a machine where some DaCHS is already running.
# Idempotent: a re-run only checks things and exits in about a second,
# unless our inputs changed.  All our inputs (RDs, userconfig.rd, the
# generator, /etc/gavo.rc, the stand-in URL) are hashed into one checksum;
# when it changes, every testbed resource is dropped and re-imported.
#
# Knobs (environment):
#   DACHS_PORT=8080        HTTP port (bound to 127.0.0.1)
#   ESO_STANDIN_URL=http://127.0.0.1:8089
#                          base of access_url/datalink_url in the data
#   FORCE=1                drop and re-import everything, restart server
#   SKIP_SMOKE=1           skip the self-check at the end
# The last line printed on success is the base URL.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${DACHS_PORT:-8080}
BASE_URL="http://127.0.0.1:${PORT}"
STANDIN=${ESO_STANDIN_URL:-http://127.0.0.1:8089}
FORCE=${FORCE:-0}
GAVO=/var/gavo
INPUTS=$GAVO/inputs
STATE=$GAVO/state
STAMP=$STATE/esodesk-testbed.sha256
RESDIRS="rr dbo asm phase3v2 specs images hips"  # import order: obscore contributors before hips (static only)
PY=/usr/bin/python3                 # Debian's python: has gavo, astropy
export DEBIAN_FRONTEND=noninteractive
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

T0=$(date +%s.%N); TLAST=$T0
log()  { echo "[testbed $(date +%T)] $*"; }
die()  { echo "[testbed] ERROR: $*" >&2; exit 1; }
lap()  { local now; now=$(date +%s.%N)
         awk -v a="$TLAST" -v b="$now" -v n="$1" \
           'BEGIN{printf "[testbed] time %-20s %6.1f s\n", n, b-a}'
         TLAST=$now; }

if [ "$(id -u)" = 0 ]; then
  root() { "$@"; }
else
  command -v sudo >/dev/null || die "not root and no sudo"
  root() { sudo -E "$@"; }
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
as_dachs()  { (cd "$INPUTS" 2>/dev/null || cd /; root runuser -u dachsroot -- "$@"); }
sql()       { root runuser -u postgres -- psql -X -q -d gavo -tAc "$1"; }
apt_install() {
  log "apt-get install $*"
  root apt-get install -y -q --no-install-recommends "$@"
}

# ------------------------------------------------------------ packages: PG
# The meta package `postgresql` names the distribution's major version
# (15 on bookworm); ask dpkg when it is installed (apt-cache takes 1 s).
pgver_from() { sed -n 's/^\(Depends: \)\{0,1\}postgresql-\([0-9][0-9]*\).*/\2/p' | head -1; }
PGVER=""
installed postgresql && PGVER=$(dpkg-query -W -f='${Depends}\n' postgresql | pgver_from)
if [ -z "$PGVER" ]; then
  if ! apt-cache show postgresql >/dev/null 2>&1; then
    log "no package lists: apt-get update"
    root apt-get update -q
  fi
  PGVER=$(apt-cache show postgresql 2>/dev/null | pgver_from)
fi
[ -n "$PGVER" ] || die "cannot tell the PostgreSQL version from apt"
need=""
for p in postgresql "postgresql-$PGVER" "postgresql-$PGVER-pgsphere" \
         "postgresql-$PGVER-q3c"; do
  installed "$p" || need="$need $p"
done
[ -z "$need" ] || apt_install $need
lap "postgres packages"

# pgsphere 1.1.1 (bookworm) vs PostgreSQL >= 15.20: CREATE EXTENSION fails
# with "commutator operator @> is already the commutator of operator <@"
# because two legacy DaCHS-compat operators `bigint @ smoc` and
# `spoint @ smoc` claim @> as commutator too.  Drop their COMMUTATOR and
# NEGATOR clauses (DaCHS does not use these operators); only those two
# CREATE OPERATOR @ statements are touched.  No-op once patched.
LEGACY_AT='(CREATE OPERATOR @ \(\s*LEFTARG\s*=\s*(?:bigint|spoint),\s*RIGHTARG\s*=\s*smoc,\s*PROCEDURE\s*=\s*\w+,)\s*COMMUTATOR\s*=\s*.\@>.,\s*NEGATOR\s*=\s*.!<\@.,'
for f in /usr/share/postgresql/"$PGVER"/extension/pg_sphere--*.sql; do
  [ -f "$f" ] || continue
  if perl -0ne "exit(/$LEGACY_AT/ ? 0 : 1)" "$f"; then
    log "patching $(basename "$f") (pgsphere/PostgreSQL commutator clash)"
    root perl -0pi -e "s/$LEGACY_AT/\$1/g" "$f"
  fi
done

# ------------------------------------------------------- postgres cluster
# No systemd: nothing starts postgres for us, and DaCHS's postinst needs it.
cluster() { pg_lsclusters -h 2>/dev/null | awk -v v="$PGVER" '$1==v && $2=="main"'; }
[ -n "$(cluster)" ] || { log "creating cluster $PGVER/main"; root pg_createcluster "$PGVER" main; }
if ! cluster | grep -q online; then
  log "starting cluster $PGVER/main"
  root pg_ctlcluster "$PGVER" main start
fi
for _ in $(seq 1 60); do root runuser -u postgres -- pg_isready -q && break; sleep 0.5; done
root runuser -u postgres -- pg_isready -q || die "postgres did not come up"
lap "postgres up"

# ----------------------------------------------------------- /etc/gavo.rc
# Before the DaCHS package: its postinst runs `dachs init` with it.
RC=$(cat <<EOF
# written by esodesk testbed/dachs/setup.sh
[general]
rootDir: $GAVO
logLevel: info

[web]
bindAddress: 127.0.0.1
serverPort: $PORT
serverURL: $BASE_URL
sitename: esodesk testbed

[ivoa]
authority: testbed.example

[async]
maxTAPRunning: 4
EOF
)
RC_CHANGED=0
if [ "$(cat /etc/gavo.rc 2>/dev/null || true)" != "$RC" ]; then
  printf '%s\n' "$RC" | root tee /etc/gavo.rc >/dev/null
  RC_CHANGED=1
  log "wrote /etc/gavo.rc (port $PORT)"
fi

# ------------------------------------------------------------------ DaCHS
need=""
for p in gavodachs2-server python3-numpy python3-astropy python3-pyvo curl; do
  installed "$p" || need="$need $p"
done
if [ -n "$need" ]; then
  root dpkg --configure -a || true      # an earlier run may have been cut off
  apt_install $need
fi
installed gavodachs2-server || root dpkg --configure -a
installed gavodachs2-server || die "gavodachs2-server is not configured"
[ -f $GAVO/etc/dsn ] || as_dachs dachs init
lap "dachs package"

# ------------------------------------------------------------- HiPS tools
# gen_hips.py: healpy makes the all-sky map, Aladin's HipsGen (a Java
# class in /usr/share/java/aladin.jar; runs headless) cuts the HiPS.
need=""
for p in python3-healpy aladin default-jre-headless python3-pil; do
  installed "$p" || need="$need $p"
done
[ -z "$need" ] || apt_install $need
lap "hips packages"

if [ "$(cat $STATE/esodesk-authority 2>/dev/null || true)" != testbed.example ]; then
  log "dachs pub //services (registry authority)"
  as_dachs dachs pub //services
  echo testbed.example | root tee $STATE/esodesk-authority >/dev/null
fi

# ---------------------------------------------------- our resources (RDs)
SUM=$( { printf 'standin=%s\n' "$STANDIN"; cat /etc/gavo.rc \
         "$HERE/userconfig.rd" "$HERE/gen_data.py" "$HERE/gen_spectra.py" \
         "$HERE/gen_images.py" "$HERE/gen_asm.py" "$HERE/gen_hips.py"; \
         for r in $RESDIRS; do cat "$HERE/rd/$r/q.rd"; done; \
         cat "$HERE/rd/hips/res/textplain.py"; } \
       | sha256sum | cut -c1-64)
current() {   # are all our tables there, with the current checksum?
  [ "$(cat "$STAMP" 2>/dev/null || true)" = "$SUM" ] || return 1
  # someone (e.g. the reference recipe) may have installed other RDs since
  cmp -s "$HERE/userconfig.rd" $GAVO/etc/userconfig.rd || return 1
  for r in $RESDIRS; do cmp -s "$HERE/rd/$r/q.rd" "$INPUTS/$r/q.rd" || return 1; done
  cmp -s "$HERE/rd/hips/res/textplain.py" "$INPUTS/hips/res/textplain.py" || return 1
  # the HiPS are files, no tables
  for f in hips/static/allsky/properties hips/static/images/properties esodesk-hips.env; do
    [ -f "$INPUTS/$f" ] || return 1
  done
  [ "$(sql "select (select count(*) from unnest(array['dbo.raw',
              'phase3v2.product_files','specs.data','ivoa.obscore',
              'rr.resource','images.main','images.sources',
              'asm.dimm_paranal']) t
              where to_regclass(t) is not null)
            + (select count(*) from information_schema.columns
              where table_schema='ivoa' and table_name='obscore'
              and column_name='dp_id')")" = 9 ]
}

IMPORTED=0
if [ "$FORCE" = 1 ] || ! current; then
  log "(re)importing testbed resources (FORCE=$FORCE)"
  # 1. drop whatever a previous import (ours or the reference recipe's)
  #    left, while the RDs that made it are still in place.
  for r in $RESDIRS; do as_dachs dachs drop -f "$r/q" >/dev/null 2>&1 || true; done
  for t in $(sql "select tablename from dc.tablemeta
                  where sourcerd in ('rr/q','dbo/q','asm/q','phase3v2/q','specs/q',
                                     'images/q','hips/q')"); do
    as_dachs dachs purge "$t" || true
  done
  if [ -n "$(sql "select to_regclass('ivoa._obscoresources')")" ]; then
    sql "delete from ivoa._obscoresources
         where sourcerd in ('dbo/q','phase3v2/q','specs/q','images/q')"
  fi
  # 2. site config (ESO's obscore columns, TAP examples), fresh obscore
  root install -o dachsroot -g gavo -m 0644 "$HERE/userconfig.rd" $GAVO/etc/userconfig.rd
  as_dachs dachs imp //obscore
  # the prototype row (ivoa.emptyobscore) keeps its old SQL fragment
  # unless told to refresh after a column change
  as_dachs dachs imp //obscore refreshAfterSchemaUpdate
  # 3. data and RDs
  for r in $RESDIRS; do root rm -rf "${INPUTS:?}/$r"; root install -d -o dachsroot -g gavo "$INPUTS/$r"; done
  root "$PY" "$HERE/gen_data.py" "$INPUTS" "$STANDIN"
  root "$PY" "$HERE/gen_images.py" "$INPUTS"
  # after gen_data.py: reads dbo/data/raw.csv, adds tel_airm_end and
  # tel_ambi_fwhm_end to it, writes asm/data/*.csv and esodesk-asm.env
  root "$PY" "$HERE/gen_asm.py" "$INPUTS"
  # after gen_images.py: HipsGen reads images/data; writes hips/ and
  # esodesk-hips.env, and checks the tiles against the map (~20 s)
  root "$PY" "$HERE/gen_hips.py" "$INPUTS"
  for r in $RESDIRS; do
    root install -o dachsroot -g gavo -m 0644 "$HERE/rd/$r/q.rd" "$INPUTS/$r/q.rd"
  done
  # hips/q's customPage: `properties` as text/plain, see the module
  root install -D -o dachsroot -g gavo -m 0644 "$HERE/rd/hips/res/textplain.py" \
    "$INPUTS/hips/res/textplain.py"
  root chown -R dachsroot:gavo "$INPUTS/rr" "$INPUTS/dbo" "$INPUTS/asm" "$INPUTS/phase3v2" \
    "$INPUTS/specs" "$INPUTS/images" "$INPUTS/esodesk-expected.env" \
    "$INPUTS/esodesk-images.env" "$INPUTS/esodesk-asm.env" \
    "$INPUTS/hips" "$INPUTS/esodesk-hips.env"
  for r in $RESDIRS; do
    log "dachs imp $r/q"
    as_dachs dachs imp "$r/q"
    as_dachs dachs pub "$r/q"
    lap "import $r"
  done
  echo "$SUM" | root tee "$STAMP" >/dev/null
  IMPORTED=1
else
  log "resources unchanged (checksum ${SUM:0:12}), not re-importing"
fi
lap "resources"

# --------------------------------------------------------- runaway queries
# Tests abort deliberately endless queries (a six-way self join of dbo.raw).
# DaCHS leaves the PostgreSQL statement behind an abandoned request running,
# where it burns a core for hours and slows every later test; on the testbed
# a statement of the role TAP queries run as stops after 60 s.
root runuser -u postgres -- psql -X -q -c "ALTER ROLE untrusted SET statement_timeout = '60s'"

# ------------------------------------------------------------------ server
running() { local pid; pid=$(cat $STATE/web.pid 2>/dev/null || true)
            [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
if running && [ "$IMPORTED$RC_CHANGED$FORCE" = 000 ]; then
  log "DaCHS already running (pid $(cat $STATE/web.pid))"
elif running; then
  log "restarting DaCHS"
  root dachs serve restart
else
  log "starting DaCHS"
  root rm -f $STATE/web.pid
  root dachs serve start    # daemonizes, drops privileges to user gavo
fi
up=0
for _ in $(seq 1 240); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/tap/capabilities")" = 200 ]; then
    up=1; break
  fi
  sleep 0.25
done
if [ $up = 0 ]; then
  tail -n 30 $GAVO/logs/server.stderr $GAVO/logs/dcErrors >&2 2>/dev/null || true
  die "DaCHS does not answer at $BASE_URL/tap/capabilities"
fi
lap "server"

# -------------------------------------------------------------- self-check
if [ "${SKIP_SMOKE:-0}" != 1 ]; then
  # shellcheck disable=SC1091
  . "$INPUTS/esodesk-expected.env"
  # shellcheck disable=SC1091
  . "$INPUTS/esodesk-images.env"
  # shellcheck disable=SC1091
  . "$INPUTS/esodesk-asm.env"
  adql() { curl -sf --data-urlencode "QUERY=$1" \
             -d 'REQUEST=doQuery&LANG=ADQL&FORMAT=csv' "$BASE_URL/tap/sync" \
           | tail -n +2 | tr -d '\r'; }
  check() {   # name, got, want
    if [ "$2" != "$3" ]; then die "self-check $1: got '$2', want '$3'"; fi
    log "ok  $1 = $2"
  }
  check "dbo.raw rows" "$(adql 'SELECT COUNT(*) FROM dbo.raw')" "$N_RAW"
  check "dbo.raw SCIENCE rows" \
    "$(adql "SELECT COUNT(*) FROM dbo.raw WHERE dp_cat='SCIENCE'")" "$N_RAW_SCIENCE"
  check "dbo.raw UVES rows" \
    "$(adql "SELECT COUNT(*) FROM dbo.raw WHERE instrument='UVES'")" "$N_RAW_UVES"
  check "ivoa.obscore rows" "$(adql 'SELECT COUNT(*) FROM ivoa.obscore')" \
    "$((N_OBSCORE + N_IMG_OBSCORE))"
  # the images and the cube have no ESO dp_id
  check "ivoa.obscore rows with dp_id" \
    "$(adql 'SELECT COUNT(dp_id) FROM ivoa.obscore')" "$N_OBSCORE"
  check "phase3v2.product_files rows" \
    "$(adql 'SELECT COUNT(*) FROM phase3v2.product_files')" "$N_PRODUCT_FILES"
  check "specs.data rows" "$(adql 'SELECT COUNT(*) FROM specs.data')" "$N_SPECTRA"
  check "rr.resource rows (RegTAP)" "$(adql 'SELECT COUNT(*) FROM rr.resource')" 11
  check "RegTAP TAP services" "$(adql "SELECT COUNT(*) AS n FROM rr.capability
    NATURAL JOIN rr.interface NATURAL JOIN rr.resource
    WHERE standard_id='ivo://ivoa.net/std/tap' AND intf_role='std'
    AND 1=ivo_hasword(res_description, 'ADQL')")" 1

  # async: create, run, poll, fetch, delete.  DaCHS 2.7 ignores PHASE=RUN
  # in the creating POST (the job stays PENDING): start it explicitly.
  job=$(curl -s -o /dev/null -w '%{redirect_url}' \
          --data-urlencode 'QUERY=SELECT COUNT(*) AS n FROM dbo.raw' \
          -d 'LANG=ADQL&FORMAT=csv' "$BASE_URL/tap/async")
  [ -n "$job" ] || die "self-check async: no job URL"
  curl -sf -o /dev/null -d PHASE=RUN "$job/phase" || die "self-check async: cannot start $job"
  phase=""
  for _ in $(seq 1 120); do
    phase=$(curl -sf "$job/phase" | tr -d '\r\n ')
    case $phase in COMPLETED|ERROR|ABORTED) break;; esac
    sleep 0.25
  done
  check "async job phase" "$phase" COMPLETED
  check "async result" "$(curl -sfL "$job/results/result" | tail -n +2 | tr -d '\r')" "$N_RAW"
  curl -sf -o /dev/null -X DELETE "$job" || die "self-check async: DELETE failed"

  check "/tap/examples HTTP status" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/tap/examples")" 200
  n_ex=$(curl -sf "$BASE_URL/tap/examples" | grep -o 'property="query"' | wc -l)
  [ "$n_ex" -ge 3 ] || die "self-check: only $n_ex TAP examples"
  log "ok  /tap/examples has $n_ex queries"
  ssap="$BASE_URL/specs/q/ssa/ssap.xml?REQUEST=queryData"
  ntr() { curl -sf "$1" | grep -o '<TR>' | wc -l; }
  check "SSAP rows (all)" "$(ntr "$ssap&MAXREC=1000")" "$N_SPECTRA"
  check "SSAP rows near HD 100546" \
    "$(ntr "$ssap&POS=173.356,-70.194778&SIZE=0.1")" "$N_SSAP_HD100546"
  check "SSAP rows FORMAT=application/fits (SDP)" \
    "$(ntr "$ssap&FORMAT=application/fits&MAXREC=1000")" "$N_SDP_SPECTRA"
  check "ivoa.obscore spectra from specs" \
    "$(adql "SELECT COUNT(*) FROM ivoa.obscore WHERE obs_publisher_did LIKE 'ivo://testbed.example/~?specs/%'")" \
    "$N_SPECTRA"
  # the 300,000-point SDP file through getproduct, byte for byte
  big=specs/data/sdp_hd100546_harps.fits
  tmp=$(mktemp)
  curl -sf -o "$tmp" "$BASE_URL/getproduct/$big" || die "self-check: getproduct $big failed"
  cmp -s "$tmp" "$INPUTS/$big" || die "self-check: getproduct $big differs from the file"
  log "ok  getproduct $big is byte-identical ($(stat -c %s "$tmp") bytes)"
  # its SDM VOTable through DataLink dlget: BINARY rows, so count via the
  # ssa_length param, and make sure it is a VOTable with the spectrum
  curl -sf -o "$tmp" "$BASE_URL/specs/q/sdl/dlget?ID=ivo://testbed.example/~%3F$big" \
    || die "self-check: dlget $big failed"
  grep -q "name=\"ssa_length\"[^>]*value=\"$N_SDP_MAX_POINTS\"" "$tmp" \
    || die "self-check: dlget $big is not an SDM VOTable of $N_SDP_MAX_POINTS points"
  log "ok  dlget $big: SDM VOTable ($(stat -c %s "$tmp") bytes)"
  # images: SIA 2 (site-wide, over ivoa.obscore), SCS, cube DataLink/SODA
  sia2="$BASE_URL/__system__/siap2/sitewide/siap2.xml?MAXREC=1000&RESPONSEFORMAT=votabletd"
  check "SIA2 rows (all images and cubes)" \
    "$(ntr "$sia2&COLLECTION=TESTBED-IMG")" "$N_IMG_OBSCORE"
  check "SIA2 rows around NGC 3603" \
    "$(ntr "$sia2&COLLECTION=TESTBED-IMG&POS=CIRCLE%20168.78%20-61.26%200.05")" "$N_SIA_NGC3603"
  check "SIA2 cubes around M83" \
    "$(ntr "$sia2&POS=CIRCLE%20204.25%20-29.87%200.1&DPTYPE=cube")" "$N_CUBES"
  check "SIA1 rows around NGC 3603" \
    "$(ntr "$BASE_URL/images/q/im/siap.xml?POS=168.78,-61.26&SIZE=0.1&RESPONSEFORMAT=votabletd")" \
    "$N_SIA_NGC3603"
  check "SCS rows around NGC 3603" \
    "$(ntr "$BASE_URL/images/q/cone/scs.xml?RA=168.78&DEC=-61.26&SR=0.05&RESPONSEFORMAT=votabletd")" \
    "$N_SCS_NGC3603"
  check "images.sources rows" "$(adql 'SELECT COUNT(*) FROM images.sources')" "$N_SOURCES"
  cube=images/data/m83_muse_cube.fits
  curl -sf -o "$tmp" "$BASE_URL/getproduct/$cube" || die "self-check: getproduct $cube failed"
  cmp -s "$tmp" "$INPUTS/$cube" || die "self-check: getproduct $cube differs from the file"
  log "ok  getproduct $cube is byte-identical"
  curl -sf -o "$tmp" "$BASE_URL/images/q/dl/dlmeta?ID=ivo://testbed.example/~%3F$cube" \
    || die "self-check: dlmeta $cube failed"
  grep -q 'name="CIRCLE"' "$tmp" || die "self-check: cube DataLink has no SODA CIRCLE parameter"
  log "ok  dlmeta $cube has a SODA descriptor"
  curl -sf -o "$tmp" "$BASE_URL/images/q/dl/dlget?ID=ivo://testbed.example/~%3F$cube&CIRCLE=204.2538%20-29.8658%200.0005" \
    || die "self-check: SODA CIRCLE cutout of $cube failed"
  head -c 6 "$tmp" | grep -q SIMPLE || die "self-check: SODA cutout of $cube is not FITS"
  log "ok  SODA CIRCLE cutout of $cube ($(stat -c %s "$tmp") bytes)"

  # HiPS (gen_hips.py, which already compared every allsky tile with the
  # map): served unchanged by the static renderer, with the right types
  # shellcheck disable=SC1091
  . "$INPUTS/esodesk-hips.env"
  served() {   # URL path, file, content type
    local got
    got=$(curl -s -o "$tmp" -w '%{http_code} %{content_type}' "$BASE_URL$1")
    [ "$got" = "200 $3" ] || die "self-check: $1 gave '$got', want '200 $3'"
    cmp -s "$tmp" "$2" || die "self-check: $1 differs from $2"
    log "ok  $1 ($3, $(stat -c %s "$tmp") bytes)"
  }
  for h in "allsky $HIPS_ALLSKY_PATH $HIPS_ALLSKY_ORDER" \
           "images $HIPS_IMAGES_PATH $HIPS_IMAGES_ORDER"; do
    read -r name path order <<<"$h"
    dir=$INPUTS/hips/static/$name
    served "$path/properties" "$dir/properties" "text/plain; charset=utf-8"
    grep -Eq "^hips_order *= *$order\$" "$tmp" \
      || die "self-check: $path/properties does not say hips_order = $order"
    grep -Eq '^hips_tile_format *= *(png fits|fits png)$' "$tmp" \
      || die "self-check: $path/properties does not offer png and fits tiles"
    served "$path/Norder3/Allsky.png" "$dir/Norder3/Allsky.png" image/png
    t=$(cd "$dir" && find "Norder$order" -name 'Npix*.fits' | sort | sed -n 1p)
    [ -n "$t" ] || die "self-check: no Norder$order tiles in $dir"
    # twisted's static files take Debian's /etc/mime.types: image/fits
    # (RFC 4047), not application/fits
    served "$path/$t" "$dir/$t" image/fits
    served "$path/${t%.fits}.png" "$dir/${t%.fits}.png" image/png
  done
  check "RegTAP HiPS services" "$(adql "SELECT COUNT(*) AS n FROM rr.capability
    NATURAL JOIN rr.interface
    WHERE standard_id='ivo://ivoa.net/std/hips#hips-1.0' AND intf_role='std'")" 2
  check "RegTAP all-sky HiPS access_url" "$(adql "SELECT access_url FROM rr.interface
    NATURAL JOIN rr.resource WHERE res_title='esodesk testbed all-sky HiPS'")" \
    "$BASE_URL$HIPS_ALLSKY_PATH"
  rm -f "$tmp"

  # asm (gen_asm.py): row counts, bad (valid=0) and NULL rows per table
  for t in dimm_paranal historical_ambient_paranal mass_paranal \
           lhatpros_paranal meteo_paranal ambient_lasilla meteo_lasilla meteo_apex; do
    T=$(echo "$t" | tr a-z A-Z)
    n="N_ASM_$T"
    check "asm.$t rows" "$(adql "SELECT COUNT(*) AS n FROM asm.$t")" "${!n}"
    n="N_ASM_${T}_INVALID"
    [ -n "${!n:-}" ] || continue
    check "asm.$t valid=0 rows" \
      "$(adql "SELECT COUNT(*) AS n FROM asm.$t WHERE valid=0")" "${!n}"
  done
  check "asm.dimm_paranal rows with NULL fwhm" \
    "$(adql "SELECT COUNT(*) AS n FROM asm.dimm_paranal WHERE fwhm IS NULL")" \
    "$N_ASM_DIMM_PARANAL_NULL"
  check "asm.dimm_paranal bad fwhm values only on valid=0" \
    "$(adql "SELECT COUNT(*) AS n FROM asm.dimm_paranal
             WHERE valid=1 AND (fwhm < 0.3 OR fwhm > 3)")" 0
  # timestamps are served as ISO strings with the fraction
  got=$(adql "SELECT TOP 1 start_date, midpoint_date, integration
              FROM asm.dimm_paranal ORDER BY start_date")
  [[ $got =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?,[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+,[0-9.]+$ ]] \
    || die "self-check: asm.dimm_paranal times are not ISO timestamps: '$got'"
  log "ok  asm.dimm_paranal start_date, midpoint_date, integration = $got"
  # DaCHS writes timestamps with microseconds, but none when they are 0
  # ("2016-04-04T00:00:00"): compare in one form, to the millisecond
  iso3() { date -u -d "$1 UTC${2:+ + $2 seconds}" +%Y-%m-%dT%H:%M:%S.%3N; }
  # the historical table ends where dimm_paranal starts
  last=$(adql "SELECT TOP 1 start_date, integration
               FROM asm.historical_ambient_paranal ORDER BY start_date DESC")
  check "asm.historical_ambient_paranal ends at the switch" \
    "$(iso3 "${last%%,*}" "${last#*,}")" "$ASM_HISTORICAL_SWITCH"
  check "asm.dimm_paranal starts at the switch" \
    "$(iso3 "$(adql "SELECT MIN(start_date) AS t FROM asm.dimm_paranal")")" \
    "$ASM_HISTORICAL_SWITCH"
  # ASM_FRAME_EDGE: one sample ends exactly at exp_start, one starts
  # exactly at exp_start + exposure (milliseconds survive the round trip)
  edge=$(adql "SELECT start_date, integration FROM asm.dimm_paranal
               WHERE start_date BETWEEN '$ASM_FRAME_EDGE_BEFORE' AND '$ASM_FRAME_EDGE_END'
               ORDER BY start_date")
  # exactly as served first: the fractions must be there
  case $edge in *"${ASM_FRAME_EDGE_BEFORE}"000*) ;;
    *) die "self-check: asm.dimm_paranal does not serve start_date $ASM_FRAME_EDGE_BEFORE with its milliseconds";; esac
  first=$(head -1 <<<"$edge")
  check "ASM_FRAME_EDGE: the sample before ends at exp_start" \
    "$(iso3 "${first%%,*}" "${first#*,}")" "$ASM_FRAME_EDGE_START"
  edge=$(while IFS=, read -r t _; do iso3 "$t"; done <<<"$edge")
  check "ASM_FRAME_EDGE sample before the exposure" "$(echo "$edge" | head -1)" \
    "$ASM_FRAME_EDGE_BEFORE"
  check "ASM_FRAME_EDGE sample at exp_start" "$(echo "$edge" | sed -n 2p)" \
    "$ASM_FRAME_EDGE_START"
  check "ASM_FRAME_EDGE sample at exp_start + exposure" "$(echo "$edge" | tail -1)" \
    "$ASM_FRAME_EDGE_END"
  check "ASM_FRAME_EDGE samples in the exposure" "$(($(echo "$edge" | wc -l) - 2))" \
    "$ASM_FRAME_EDGE_N_DIMM"
  check "ASM_FRAME_EDGE exp_start in dbo.raw" \
    "$(adql "SELECT exp_start FROM dbo.raw WHERE dp_id='$ASM_FRAME_EDGE'")" \
    "${ASM_FRAME_EDGE_START}Z"
  # gaps: no DIMM sample overlaps ASM_FRAME_IN_DIMM_GAP, no La Silla DIMM
  # on ASM_LASILLA_NIGHT_WITHOUT_DIMM (night = evening date, 12:00-12:00 UT)
  g=$(adql "SELECT exp_start, exposure FROM dbo.raw WHERE dp_id='$ASM_FRAME_IN_DIMM_GAP'")
  g0=${g%%,*}; g0=${g0%Z}
  g1=$(iso3 "$g0" "${g#*,}")
  check "asm.dimm_paranal samples starting in ASM_FRAME_IN_DIMM_GAP" \
    "$(adql "SELECT COUNT(*) AS n FROM asm.dimm_paranal
             WHERE start_date >= '$g0' AND start_date < '$g1'")" 0
  last=$(adql "SELECT TOP 1 start_date, integration FROM asm.dimm_paranal
                WHERE start_date < '$g0' ORDER BY start_date DESC")
  last=$(iso3 "${last%%,*}" "${last#*,}")
  [[ ! $last > $g0 ]] || die "self-check: a DIMM sample ends at $last, inside $ASM_FRAME_IN_DIMM_GAP"
  log "ok  no DIMM sample overlaps $ASM_FRAME_IN_DIMM_GAP (the last before ends $last)"
  n0=$(date -u -d "$ASM_LASILLA_NIGHT_WITHOUT_DIMM 12:00" +%Y-%m-%dT%H:%M:%S)
  n1=$(date -u -d "$ASM_LASILLA_NIGHT_WITHOUT_DIMM 12:00 + 1 day" +%Y-%m-%dT%H:%M:%S)
  check "asm.ambient_lasilla rows on $ASM_LASILLA_NIGHT_WITHOUT_DIMM" \
    "$(adql "SELECT COUNT(*) AS n FROM asm.ambient_lasilla
             WHERE start_date BETWEEN '$n0' AND '$n1'")" 0
  check "dbo.raw: ASM_FRAME_WITHOUT_DIMM is on that night" \
    "$(adql "SELECT night FROM dbo.raw WHERE dp_id='$ASM_FRAME_WITHOUT_DIMM'")" \
    "$ASM_LASILLA_NIGHT_WITHOUT_DIMM"
  lap "self-check"
fi

TLAST=$T0; lap total
cat <<EOF
[testbed] DaCHS is up (pid $(cat $STATE/web.pid), user gavo; postgres $PGVER/main on :5432)
  TAP       $BASE_URL/tap   (sync /tap/sync, async /tap/async, /tap/tables, /tap/examples)
  SSAP      $BASE_URL/specs/q/ssa/ssap.xml
  DataLink  $BASE_URL/specs/q/sdl/dlmeta?ID=<ssa_pubDID>
  SCS       $BASE_URL/dbo/q/cone/scs.xml, $BASE_URL/images/q/cone/scs.xml
  SIA2      $BASE_URL/__system__/siap2/sitewide/siap2.xml   (SIA1 $BASE_URL/images/q/im/siap.xml)
  SODA      $BASE_URL/images/q/dl/dlmeta?ID=<obs_publisher_did>  (cube), dlget for cutouts
  tables    dbo.raw, ivoa.obscore, phase3v2.product_files, specs.data, images.main, images.sources,
            asm.* (dimm_paranal, mass_paranal, lhatpros_paranal, meteo_paranal, ...)
  HiPS      $BASE_URL/hips/q/s/static/allsky, $BASE_URL/hips/q/s/static/images
  RegTAP    rr.resource, rr.capability, rr.interface, ... on the TAP service
  logs      $GAVO/logs/   stop: $HERE/stop.sh
$BASE_URL
EOF
