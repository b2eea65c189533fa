#!/usr/bin/env bash
# The binary in the build tree, run uninstalled in Spanish, finds the build's catalogue (not only
# an installed one): its --help summary is the Spanish one. es_ES.UTF-8 is compiled into a
# private LOCPATH when the system does not have it. Usage: test-uninstalled-es.sh VIMANA
set -euo pipefail
vimana=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! locale -a 2>/dev/null | grep -qi '^es_ES\.utf-\?8$'; then
    if ! command -v localedef >/dev/null || [[ ! -e /usr/share/i18n/locales/es_ES ]]; then
        echo "1..0 # SKIP no es_ES locale and no locale sources to make one"
        exit 0
    fi
    localedef -i es_ES -f UTF-8 "$tmp/es_ES.UTF-8" >/dev/null 2>&1 || true
    export LOCPATH=$tmp
fi
echo "1..1"
out=$(LC_ALL=es_ES.UTF-8 LANGUAGE= ASAN_OPTIONS=detect_leaks=0 "$vimana" --help 2>&1 || true)
if grep -q "Gestionar máquinas virtuales con libvirt." <<<"$out"; then
    echo "ok 1 uninstalled run is in Spanish"
else
    printf '%s\n' "$out" | sed 's/^/# /'
    echo "not ok 1 uninstalled run is in Spanish"
fi
