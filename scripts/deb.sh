#!/usr/bin/env bash
# deb.sh -- package the built ./esodesk as esodesk_<Version>_<arch>.deb (make deb
# builds the binary and installs the tools first). Everything about the app --
# name, version, ID, the .desktop entry, the AppStream metainfo, the
# description -- comes from FyneApp.toml through packaging/cmd/debmeta; Depends
# comes from the libraries the binary links (dpkg-shlibdeps) and those it opens
# at run time (GLFW's X11/Wayland ones), looked up in dpkg's database.
#
# Maintainer: $MAINTAINER, else "$DEBFULLNAME <$DEBEMAIL>", else user@host
# (as dh_make does). The tree is staged in dist/deb/.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
say() { echo "deb: $*" >&2; }
[ -x esodesk ] || { say "no ./esodesk: run make deb (it builds it)"; exit 1; }
for t in dpkg-deb dpkg-shlibdeps dpkg-architecture strip strings convert identify desktop-file-validate appstreamcli; do
	command -v $t >/dev/null || { say "$t is missing: run bash scripts/deps.sh deb"; exit 1; }
done
umask 022
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$GO" build -o "$tmp/debmeta" ./packaging/cmd/debmeta
mapfile -t f < <("$tmp/debmeta" fields FyneApp.toml)
pkg=${f[0]} version=${f[1]} id=${f[2]} desktop=${f[3]} iconname=${f[4]} icon=${f[5]}
arch=$(dpkg --print-architecture)
deb=${pkg}_${version}_${arch}.deb
root=$PWD/dist/deb/${pkg}_${version}_${arch}
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/metainfo"

install -m 0755 esodesk "$root/usr/bin/$pkg"
# as dh_strip does: no symbols, no debug info (the binary still runs the same)
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/$pkg"

"$tmp/debmeta" desktop FyneApp.toml >"$root/usr/share/applications/$desktop"
"$tmp/debmeta" metainfo FyneApp.toml >"$root/usr/share/metainfo/$id.metainfo.xml"
say "desktop-file-validate usr/share/applications/$desktop"
desktop-file-validate "$root/usr/share/applications/$desktop" >&2
say "appstreamcli validate --no-net usr/share/metainfo/$id.metainfo.xml"
appstreamcli validate --no-net "$root/usr/share/metainfo/$id.metainfo.xml" >&2

# the icon at its own size, and ImageMagick's smaller ones (-strip: no dates,
# so the same icon gives the same bytes)
size=$(identify -format '%w' "$icon")
[ "$size" = "$(identify -format '%h' "$icon")" ] || { say "$icon is not square"; exit 1; }
mkdir -p "$root/usr/share/icons/hicolor/${size}x$size/apps"
install -m 0644 "$icon" "$root/usr/share/icons/hicolor/${size}x$size/apps/$iconname.png"
for s in 16 22 24 32 48 64 128 256 512; do
	[ "$s" -lt "$size" ] || continue
	d=$root/usr/share/icons/hicolor/${s}x$s/apps
	mkdir -p "$d"
	convert "$icon" -resize "${s}x$s" -strip "PNG32:$d/$iconname.png"
done

# Depends: the packages of the shared libraries the binary needs
mkdir -p "$tmp/src/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$pkg" "$pkg" >"$tmp/src/debian/control"
depends=$(cd "$tmp/src" && dpkg-shlibdeps -O -e"$root/usr/bin/$pkg" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { say "dpkg-shlibdeps found no dependencies"; exit 1; }
# GLFW opens the X11, Wayland and EGL libraries with dlopen, which ELF NEEDED
# (all dpkg-shlibdeps reads) does not show. Add the package of each soname the
# binary names that this machine has -- the build's -dev packages brought them;
# the ones GLFW can do without (Vulkan, OSMesa, libdecor) are not here.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
extra=""
for so in $(strings -a "$root/usr/bin/$pkg" | grep -E '^lib[A-Za-z0-9_+-]+\.so\.[0-9]+$' | sort -u); do
	lib=$(/sbin/ldconfig -p | awk -v s="$so" -v d="/$multiarch/" '$1 == s && index($NF, d) && !n++ { print $NF }')
	[ -n "$lib" ] || continue
	real=$(readlink -f "$lib")
	owner=""
	for cand in "$lib" "$real" "${real#/usr}" "/usr$lib"; do
		owner=$(dpkg -S "$cand" 2>/dev/null | sed -n '1s/:.*//p') && [ -n "$owner" ] && break
	done
	[ -n "$owner" ] || { say "no package owns $lib ($so), left out of Depends"; continue; }
	case ", $depends$extra," in *", $owner,"* | *", $owner ("*) ;; *) extra="$extra, $owner" ;; esac
done
depends="$depends$extra"

if [ -n "${MAINTAINER:-}" ]; then
	maintainer=$MAINTAINER
elif [ -n "${DEBFULLNAME:-}" ] && [ -n "${DEBEMAIL:-}" ]; then
	maintainer="$DEBFULLNAME <$DEBEMAIL>"
else
	maintainer="$(id -un) <$(id -un)@$(hostname -f 2>/dev/null || hostname)>"
	say "Maintainer: $maintainer (set MAINTAINER, or DEBFULLNAME and DEBEMAIL, for another)"
fi
# in KiB, as dpkg-gencontrol counts: each file rounded up, 1 for each directory
installed=$(cd "$root" && find usr \( -type f -printf '%s\n' \) -o \( ! -type f -printf '1024\n' \) |
	awk '{ k += int(($1 + 1023) / 1024) } END { print k }')

"$tmp/debmeta" control FyneApp.toml | awk -v arch="$arch" -v m="$maintainer" -v size="$installed" -v dep="$depends" '
	{ print }
	/^Version:/ {
		print "Architecture: " arch
		print "Maintainer: " m
		print "Installed-Size: " size
		print "Depends: " dep
	}' >"$root/DEBIAN/control"

dpkg-deb --build --root-owner-group "$root" "$deb" >&2
say "built $deb"
