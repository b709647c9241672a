#!/bin/sh
# Installs what the gallery's browser checks need, only when missing: Debian's chromium and a
# Java runtime for the Nu HTML checker, then the npm packages of package-lock.json (with the
# ro-crate package, whose validator checks a bag's RO-Crate metadata).
set -eu
cd "$(dirname "$0")"
missing=
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "a11y: installing$missing"
	$sudo apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi
if [ ! -d node_modules/puppeteer-core ] || [ ! -d node_modules/axe-core ] ||
    [ ! -d node_modules/vnu-jar ] || [ ! -d node_modules/ro-crate ]; then
	echo "a11y: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi
