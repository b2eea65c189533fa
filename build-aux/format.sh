#!/usr/bin/env bash
# Formats C files in place as data/uncrustify.cfg says (uncrustify 0.72, Debian 12).
#
#   bash build-aux/format.sh FILE...     the files given
#   bash build-aux/format.sh             the C files changed since the merge base with
#                                        origin/main (or main), committed or not
#
# The data test c-format (build-aux/check-format.py) checks the changed lines the same way.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v uncrustify >/dev/null || { echo "uncrustify is not installed" >&2; exit 1; }

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
    base=$(git -C "$ROOT" merge-base HEAD origin/main 2>/dev/null ||
           git -C "$ROOT" merge-base HEAD main 2>/dev/null) ||
        { echo "no origin/main or main to compare with: name the files" >&2; exit 2; }
    mapfile -t files < <(cd "$ROOT" && {
        git diff --name-only --diff-filter=d "$base" -- '*.c' '*.h'
        git ls-files --others --exclude-standard -- '*.c' '*.h'
    } | sort -u | sed "s|^|$ROOT/|")
fi
[[ ${#files[@]} -gt 0 ]] || { echo "no C file to format"; exit 0; }
uncrustify -q -c "$ROOT/data/uncrustify.cfg" --no-backup "${files[@]}"
