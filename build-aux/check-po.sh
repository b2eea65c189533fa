#!/usr/bin/env bash
# Checks that po/LANG.po translates every message the sources have now: extracts a fresh
# template from po/POTFILES.in (as `ninja vimana-pot` does), merges the catalogue into it and
# fails on any untranslated or fuzzy message, naming them.
#   bash build-aux/check-po.sh es
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lang=${1:-es}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$ROOT"
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --package-name=vimana --from-code=UTF-8 --add-comments --sort-by-file \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
    --keyword=g_dngettext:2,3 --msgid-bugs-address=https://github.com/vimana/vimana/issues --files-from="$tmp/files" -o "$tmp/vimana.pot"
msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/vimana.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
echo "po/$lang.po: $stats"
if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
    msgattrib --untranslated --only-fuzzy --no-wrap "$tmp/$lang.po" 2>/dev/null | grep '^msgid' || true
    msgattrib --untranslated --no-wrap "$tmp/$lang.po" | grep '^msgid' | head -50
    exit 1
fi
