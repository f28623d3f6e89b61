#!/usr/bin/env bash
# deps.sh build|test|screenshot|deb -- install the Debian packages esodesk needs, only
# those missing. Runs apt-get as root, or through sudo for a normal user.
set -euo pipefail

build_pkgs="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
  wcslib-dev libcfitsio-dev"
# reference tools the tests compare against, and a display for GUI checks
test_pkgs="$build_pkgs python3-astropy python3-specutils python3-healpy python3-shapely aladin libjsamp-java default-jre-headless python3-numpy python3-matplotlib stilts topcat time xvfb xauth dbus-daemon gnome-keyring libsecret-tools"
shot_pkgs="xvfb xdotool imagemagick"
# dpkg-shlibdeps (Depends), convert (icon sizes), the .desktop and metainfo validators
deb_pkgs="dpkg-dev imagemagick desktop-file-utils appstream"

case "${1:-}" in
  build) want=$build_pkgs ;;
  test) want=$test_pkgs ;;
  screenshot) want=$shot_pkgs ;;
  deb) want=$deb_pkgs ;;
  *) echo "usage: $0 build|test|screenshot|deb" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done

# Go itself comes from scripts/go.sh, which the Makefile runs first
if ! command -v go >/dev/null 2>&1; then
  echo "deps: no go on PATH: run make, or put the go that scripts/go.sh prints on PATH" >&2
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
