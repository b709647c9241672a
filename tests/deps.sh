#!/bin/sh
# Install the Debian packages named as arguments that are not installed yet.
# Used by `make deps`; quiet and quick when nothing is missing.
missing=
for p in "$@"; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$s" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null || exit 3
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null || {
	echo "deps: could not install:$missing" >&2
	exit 3
}
