#!/usr/bin/env bash
# go.sh -- print the path of a go command new enough for go.mod, installing one
# first if there is none. The Makefile runs every Go step with it.
#
#   1. the go on PATH, if it is at least the version go.mod asks for;
#   2. otherwise the Go toolchain go.mod names (its toolchain line, else its go
#      line), fetched from the Go module proxy (module golang.org/toolchain) by
#      a Go 1.21 or newer -- toolchain switching came with Go 1.21. That
#      bootstrap Go is the go on PATH if it is new enough, else Debian's
#      golang-1.NN-go; on Debian 12 (whose own golang-go is Go 1.19) the
#      script installs it from bookworm-backports, enabling backports for that.
#      (A Debian golang-1.NN-go that is itself new enough is used as it is.)
#
# Nothing is downloaded from outside the Debian archive and the Go module
# proxy (GOPROXY). Messages go to stderr; stdout is only the path.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "go.sh: $*" >&2; }
# a GOROOT left in the environment would point a newer go at an older tree
unset GOROOT

# the version go.mod asks for: goX.Y.Z
# (no "| head" in pipelines here: with pipefail, the writer's SIGPIPE would stop the script)
want=$(sed -n 's/^toolchain[[:space:]]\{1,\}\(go[0-9][^[:space:]]*\).*/\1/p' "$here/go.mod" | awk 'NR == 1')
[ -n "$want" ] || want=go$(sed -n 's/^go[[:space:]]\{1,\}\([0-9][^[:space:]]*\).*/\1/p' "$here/go.mod" | awk 'NR == 1')
case $want in
go1.2[1-9] | go1.[3-9][0-9]) want=$want.0 ;; # "go 1.24" means go1.24.0 since Go 1.21
go) say "no go line in $here/go.mod"; exit 1 ;;
esac

# num goX.Y[.Z|rcN|betaN] -> a number that sorts like the version (rc/beta before .0)
num() {
	local v=${1#go} maj min pat=0
	maj=${v%%.*}; v=${v#*.}
	min=${v%%[!0-9]*}; v=${v#"$min"}
	case $v in
	.[0-9]*) pat=${v#.}; pat=${pat%%[!0-9]*} ;;
	rc* | beta*) pat=-1 ;;
	esac
	echo $(((maj * 1000 + min) * 1000 + pat))
}
# version PATH-TO-GO -> goX.Y.Z as that binary itself reports it (no switching)
version() { GOTOOLCHAIN=local "$1" version 2>/dev/null | grep -o 'go[0-9][0-9a-z.]*' | awk 'NR == 1'; }
at_least() { [ "$(num "$1")" -ge "$(num "$2")" ]; }

path_go=$(command -v go || true)
path_ver=""
if [ -n "$path_go" ]; then
	path_ver=$(version "$path_go" || true)
	if [ -n "$path_ver" ] && at_least "$path_ver" "$want"; then
		echo "$path_go"
		exit 0
	fi
fi

# a bootstrap go >= 1.21: the one on PATH, else Debian's versioned packages
boot=""
if [ -n "$path_ver" ] && at_least "$path_ver" go1.21.0; then
	boot=$path_go
else
	for g in $(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | sort -t. -k2,2nr); do
		v=$(version "$g" || true)
		if [ -n "$v" ] && at_least "$v" go1.21.0; then boot=$g; break; fi
	done
fi

if [ -z "$boot" ]; then
	if [ -n "$path_go" ]; then
		say "esodesk needs $want or newer (go.mod); the go on PATH ($path_go) is ${path_ver:-of unknown version}"
	else
		say "esodesk needs $want or newer (go.mod); there is no go on PATH"
	fi
	command -v apt-get >/dev/null || { say "install Go $want or newer and put it on PATH"; exit 1; }
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	# newest golang-1.NN-go (NN >= 21) apt can install
	pick() {
		local p
		for p in $(apt-cache pkgnames golang-1. 2>/dev/null | grep -E '^golang-1\.[0-9]+-go$' | sort -t. -k2,2nr); do
			local minor=${p#golang-1.}; minor=${minor%-go}
			[ "$minor" -ge 21 ] || continue
			case $(apt-cache policy "$p" 2>/dev/null) in *"Candidate: "[0-9]*) echo "$p"; return ;; esac
		done
	}
	# a fresh machine has no package lists yet
	[ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ] || $SUDO apt-get update -q >&2
	pkg=$(pick)
	codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	if [ -z "$pkg" ] && [ "$codename" = bookworm ]; then
		enabled=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
			grep -v '^[[:space:]]*#' | grep -c 'bookworm-backports' || true)
		if [ "${enabled:-0}" = 0 ]; then
			# the Debian mirror this machine already uses
			mirror=$(apt-get indextargets --format '$(REPO_URI)' "Codename: bookworm" "Origin: Debian" 2>/dev/null | awk 'NR == 1')
			mirror=${mirror:-http://deb.debian.org/debian/}
			say "Debian 12's own Go (golang-go) is 1.19, too old to fetch Go toolchains; newer Go packages are"
			say "in bookworm-backports. Enabling it: /etc/apt/sources.list.d/debian-backports.sources ($mirror)."
			say "(Backports are never installed unless asked for by name, as here.)"
			printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" |
				$SUDO tee /etc/apt/sources.list.d/debian-backports.sources >/dev/null
		fi
		$SUDO apt-get update -q >&2
		pkg=$(pick)
	fi
	if [ -z "$pkg" ]; then
		say "no Debian package of Go 1.21 or newer found; install Go $want or newer and put it on PATH"
		exit 1
	fi
	gover=${pkg#golang-}; gover=${gover%-go}
	say "installing Debian's $pkg, only to download the Go toolchain $want (it goes to /usr/lib/go-$gover, not on PATH)"
	$SUDO apt-get install -y -q --no-install-recommends "$pkg" >&2
	boot=/usr/lib/go-$gover/bin/go
	[ -x "$boot" ] || { say "$pkg did not install $boot"; exit 1; }
fi

# a Debian Go that is new enough itself (not on PATH, so not found above)
v=$(version "$boot" || true)
if [ -n "$v" ] && at_least "$v" "$want"; then
	echo "$boot"
	exit 0
fi

# the toolchain module lands in the module cache; say so when it is not there yet
mapfile -t e < <(cd / && GOTOOLCHAIN=local "$boot" env GOHOSTOS GOHOSTARCH GOMODCACHE)
if [ ! -x "${e[2]:-}/golang.org/toolchain@v0.0.1-$want.${e[0]:-}-${e[1]:-}/bin/go" ]; then
	say "downloading the Go toolchain $want through the Go module proxy ($(cd / && "$boot" env GOPROXY)) with $boot"
fi
root=$(cd / && GOTOOLCHAIN=$want "$boot" env GOROOT) || {
	say "could not get $want with $boot (is the Go module proxy reachable? GOPROXY=$(cd / && "$boot" env GOPROXY))"
	exit 1
}
v=$(version "$root/bin/go" || true)
if [ -z "$v" ] || ! at_least "$v" "$want"; then
	say "$root/bin/go reports ${v:-no version}, not $want"
	exit 1
fi
echo "$root/bin/go"
