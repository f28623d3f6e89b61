#!/usr/bin/env bash
# deps.sh build|test|screenshot -- install the Debian packages esodesk needs, only
# those missing. Runs apt-get as root, or through sudo for a normal user.
set -euo pipefail

build_pkgs="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev"
# reference tools the tests compare against, and a display for GUI checks
test_pkgs="$build_pkgs python3-astropy python3-numpy python3-matplotlib stilts time xvfb xauth"
shot_pkgs="xvfb xdotool imagemagick"

case "${1:-}" in
  build) want=$build_pkgs ;;
  test) want=$test_pkgs ;;
  screenshot) want=$shot_pkgs ;;
  *) echo "usage: $0 build|test|screenshot" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done

if ! command -v go >/dev/null 2>&1; then
  echo "deps: Go 1.24 or newer must be on PATH (see README: Requirements)" >&2
  exit 1
fi

[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# a fresh machine has no package lists yet
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ] || ! apt-cache show $missing >/dev/null 2>&1; then
  $SUDO apt-get update -q
fi
$SUDO apt-get install -y -q --no-install-recommends $missing
