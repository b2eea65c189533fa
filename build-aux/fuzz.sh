#!/usr/bin/env bash
# Build the libFuzzer targets of tests/fuzz with clang in _build-fuzz, replay every input of
# tests/fuzz/regressions/<target>/, then fuzz each target for SECONDS (default 20) on its
# corpus: the seeds tests/fuzz/gen-corpus.py makes from tests/data and tests/fuzz/seeds,
# plus what earlier runs kept in _build-fuzz/corpus/<target>.
#
#   bash build-aux/fuzz.sh [SECONDS]     e.g. 600 for a longer run
#
# A crash, leak, sanitizer report or broken invariant fails the run (exit 1); the input is
# saved as _build-fuzz/findings/<target>/crash-…: add it to tests/fuzz/regressions/<target>/
# with the fix. Environment: VIMANA_FUZZ_TARGETS="fuzz-uri …" to run some targets only.
# Prints the executions per target at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SECONDS_PER_TARGET=${1:-20}
[[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]] || { echo "usage: bash build-aux/fuzz.sh [SECONDS]" >&2; exit 2; }
BUILD=_build-fuzz
say() { printf '==> %s\n' "$*" >&2; }

command -v clang >/dev/null || { echo "error: clang is needed (bash build-aux/setup.sh deps)" >&2; exit 1; }
if [[ -f $BUILD/build.ninja ]]; then
    meson setup --reconfigure "$BUILD" >/dev/null
else
    rm -rf "$BUILD"
    CC=clang meson setup "$BUILD" -Dfuzzing=true -Db_sanitize=address,undefined \
        -Db_lundef=false -Dbuildtype=debugoptimized -Dwarning_level=2 -Dwerror=true >/dev/null
fi
meson compile -C "$BUILD"

TARGETS=${VIMANA_FUZZ_TARGETS:-fuzz-domain-config fuzz-domain-xml fuzz-treeinfo fuzz-uri fuzz-values}
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1"
export LSAN_OPTIONS="suppressions=$ROOT/build-aux/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export G_SLICE=always-malloc

rm -rf "$BUILD/seeds"
python3 tests/fuzz/gen-corpus.py "$BUILD/seeds" >&2

rc=0
declare -A RUNS
for target in $TARGETS; do
    exe=$BUILD/tests/fuzz/$target
    regressions=tests/fuzz/regressions/$target
    findings=$BUILD/findings/$target
    corpus=$BUILD/corpus/$target
    mkdir -p "$findings" "$corpus" "$BUILD/seeds/$target"
    mapfile -t inputs < <(find "$regressions" -type f ! -name README 2>/dev/null | sort)
    if [[ ${#inputs[@]} -gt 0 ]]; then
        say "$target: ${#inputs[@]} regression inputs"
        if ! "$exe" -runs=1 "${inputs[@]}" >"$findings/regressions.log" 2>&1; then
            tail -n 40 "$findings/regressions.log" >&2
            say "$target: a regression input fails (log: $findings/regressions.log)"
            rc=1
            continue
        fi
    fi
    say "$target: fuzzing for $SECONDS_PER_TARGET s"
    log=$findings/fuzz.log
    # The first corpus folder receives what libFuzzer finds new; the seeds are read only.
    if ! nice -n 10 "$exe" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
            "$corpus" "$BUILD/seeds/$target" >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        say "$target: FAILED (input saved in $findings/, log $log)"
        rc=1
    fi
    RUNS[$target]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
done

say "executions per target ($SECONDS_PER_TARGET s each):"
for target in $TARGETS; do
    printf '    %-20s %s\n' "$target" "${RUNS[$target]:-?}" >&2
done
exit "$rc"
