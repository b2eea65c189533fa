#!/usr/bin/env bash
# Vimana developer entry point (Debian 12).
#
#   bash build-aux/setup.sh deps   install the missing Debian packages
#   bash build-aux/setup.sh run    deps + build in _build + run vimana on test:///default
#   bash build-aux/setup.sh test   deps + sanitizer build in _build-test + every test suite
#                                  (starts Xvfb, a D-Bus session bus, virtlogd/libvirtd if
#                                  needed; stops exactly what it started)
#
# Environment knobs for `test`:
#   VIMANA_DETECT_LEAKS=0    run ASan without LeakSanitizer
#   MESON_TEST_ARGS="..."    extra arguments for `meson test` (e.g. "--suite unit")
#   VIMANA_FUZZ=0|1          the fuzz step (build-aux/fuzz.sh: clang build in _build-fuzz,
#                            every regression input, then each target for
#                            VIMANA_FUZZ_SECONDS, default 12): on by default for the whole
#                            suite, off with MESON_TEST_ARGS unless VIMANA_FUZZ=1
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PACKAGES=(
    gcc pkg-config meson ninja-build gettext
    libgtk-3-dev libvirt-dev libvirt-glib-1.0-dev libgtk-vnc-2.0-dev libxml2-dev
    libosinfo-1.0-dev libsoup-3.0-dev libgtksourceview-4-dev
    libvte-2.91-dev libspice-client-gtk-3.0-dev
    desktop-file-utils appstream libglib2.0-bin
    xvfb xauth x11-utils dbus-x11 at-spi2-core python3-pyatspi python3-gi gir1.2-gtk-3.0 imagemagick
    libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils genisoimage
    clang libclang-rt-14-dev uncrustify
    openssh-server openssh-client
    openbox
    tgt libvirt-daemon-driver-storage-iscsi-direct
)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root to run: $*"
    fi
}

# ------------------------------------------------------------------------------ deps

cmd_deps() {
    local missing=() pkg status
    for pkg in "${PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [[ $status == installed ]] || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "all ${#PACKAGES[@]} packages are installed"
        return 0
    fi
    say "installing: ${missing[*]}"
    # Keep maintainer scripts from starting daemons (libvirtd...) in containers without
    # an init system; `test` starts what it needs itself.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e $policy ]]; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
        added_policy=1
    fi
    local rc=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || rc=$?
    if [[ $rc -eq 0 ]]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || rc=$?
    fi
    [[ $added_policy -eq 0 ]] || as_root rm -f "$policy"
    [[ $rc -eq 0 ]] || die "apt-get failed ($rc)"
}

# ------------------------------------------------------------------------------ build

# configure_build DIR [meson options...]: set up DIR, or reconfigure it if it exists.
configure_build() {
    local dir=$1; shift
    if [[ -f $dir/build.ninja ]]; then
        meson setup --reconfigure "$dir" "$@"
    else
        rm -rf "$dir"
        meson setup "$dir" "$@"
    fi
}

# Compiled GSettings schemas of an uninstalled build, if the build produced them.
schema_dir() {
    local f
    f=$(find "$1" -name gschemas.compiled -print -quit 2>/dev/null || true)
    [[ -n $f ]] && dirname "$f"
    return 0
}

cmd_run() {
    cmd_deps
    configure_build _build
    meson compile -C _build
    if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
        echo "Built _build/src/vimana, but there is no display to show it on (DISPLAY and" >&2
        echo "WAYLAND_DISPLAY are unset). Run this from a desktop session, or over ssh -X." >&2
        exit 1
    fi
    local schemas
    schemas=$(schema_dir _build)
    if [[ -n $schemas ]]; then
        export GSETTINGS_SCHEMA_DIR=$schemas${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}
    fi
    exec _build/src/vimana --connect test:///default
}

# ------------------------------------------------------------------------------ test

STARTED_XVFB='' STARTED_DBUS='' STARTED_LIBVIRTD='' STARTED_VIRTLOGD='' TEST_RUNTIME_DIR=''

# stop_pid PID NAME: TERM, wait up to 10 s, then KILL.
stop_pid() {
    local pid=$1 name=$2 _
    pid_alive "$pid" || return 0
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# pid_alive PID: the process exists and is not a zombie (in containers whose init does not
# reap, a stopped daemon stays a zombie: kill -0 still succeeds on it).
pid_alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ -n $state && $state != Z* ]]
}

LIBVIRTD_PIDFILE=/var/run/vimana-test-libvirtd.pid

remove_test_guests() {
    virsh -c qemu:///system version >/dev/null 2>&1 || return 0
    local dom
    for dom in $(virsh -q -c qemu:///system list --all --name 2>/dev/null); do
        [[ $dom == vimana-test-* ]] || continue
        say "removing test guest $dom"
        virsh -q -c qemu:///system destroy "$dom" >/dev/null 2>&1 || true
        virsh -q -c qemu:///system undefine --managed-save "$dom" >/dev/null 2>&1 || true
    done
    rm -rf /var/lib/libvirt/images/vimana-test
}

teardown() {
    set +e
    [[ -z $OTHERS_PID ]] || stop_pid "$OTHERS_PID" "meson test"
    remove_test_guests
    if [[ -n $STARTED_LIBVIRTD ]]; then
        # tests/system/test_reconnect.py stops our libvirtd and starts a new one with the same
        # pid file: stop the one named there as well.
        local current
        current=$(cat "$LIBVIRTD_PIDFILE" 2>/dev/null || true)
        if [[ $current =~ ^[0-9]+$ && $current != "$STARTED_LIBVIRTD" &&
              $(cat "/proc/$current/comm" 2>/dev/null) == libvirtd ]]; then
            stop_pid "$current" libvirtd
        fi
        stop_pid "$STARTED_LIBVIRTD" libvirtd
    fi
    [[ -z $STARTED_VIRTLOGD ]] || stop_pid "$STARTED_VIRTLOGD" virtlogd
    if [[ -n $STARTED_DBUS ]]; then
        stop_pid "$STARTED_DBUS" dbus-daemon
        # at-spi-bus-launcher and at-spi2-registryd were D-Bus-activated for our session;
        # they exit with the session bus. Stop any that did not, identified by our private
        # XDG_RUNTIME_DIR in their environment.
        sleep 0.5
        local pid
        for pid in $(pgrep -x at-spi-bus-laun; pgrep -x at-spi2-registr); do
            # (the helper may exit meanwhile: its environ is gone, quietly)
            if { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null \
                    | grep -qxF "XDG_RUNTIME_DIR=$TEST_RUNTIME_DIR"; then
                stop_pid "$pid" "at-spi helper"
            fi
        done
    fi
    [[ -z $STARTED_XVFB ]] || stop_pid "$STARTED_XVFB" Xvfb
    [[ -z $TEST_RUNTIME_DIR ]] || rm -rf "$TEST_RUNTIME_DIR"
}

# Whether display :N is taken: its lock file, its socket, or its abstract socket (which
# -displayfd servers use alone, without a lock file).
display_taken() {
    local n=$1
    [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && return 0
    grep -q "@/tmp/.X11-unix/X$n\$" /proc/net/unix 2>/dev/null
}

start_xvfb() {
    local dfile n _
    dfile=$(mktemp)
    # An explicit display with a lock file, not the lowest free one (-displayfd alone): a
    # server started by hand as ":0" or ":1" beside a test run unlinks the socket of a
    # -displayfd server on the same number, and the tests' windows then fail with "cannot
    # open display". -displayfd still says when the server listens. -noreset: by default the
    # server resets when its last client leaves (xdpyinfo's check, one test's app) and refuses
    # the next test's app while it does ("cannot open display").
    for n in $(shuf -i 20-199 -n 40); do
        display_taken "$n" && continue
        : >"$dfile"
        Xvfb ":$n" -displayfd 5 -screen 0 1600x1000x24 -nolisten tcp -noreset \
            >"$ROOT/_build-test/xvfb.log" 2>&1 5>"$dfile" &
        STARTED_XVFB=$!
        for _ in $(seq 100); do
            [[ -s $dfile ]] && break
            kill -0 "$STARTED_XVFB" 2>/dev/null || break
            sleep 0.1
        done
        [[ -s $dfile ]] && break
        stop_pid "$STARTED_XVFB" Xvfb
        STARTED_XVFB=''
    done
    [[ -s $dfile ]] || die "Xvfb did not start, see _build-test/xvfb.log"
    DISPLAY=":$(head -n1 "$dfile")"
    export DISPLAY
    rm -f "$dfile"
    say "Xvfb on $DISPLAY (pid $STARTED_XVFB)"
}

start_dbus() {
    # A private runtime dir keeps this session's accessibility bus socket
    # ($XDG_RUNTIME_DIR/at-spi/bus) apart from any other session of the same user.
    TEST_RUNTIME_DIR=$(mktemp -d /tmp/vimana-test-runtime.XXXXXX)
    chmod 700 "$TEST_RUNTIME_DIR"
    export XDG_RUNTIME_DIR=$TEST_RUNTIME_DIR
    local out
    out=$(dbus-launch --sh-syntax) || die "dbus-launch failed"
    eval "$out"
    STARTED_DBUS=$DBUS_SESSION_BUS_PID
    export DBUS_SESSION_BUS_ADDRESS
    say "D-Bus session bus pid $STARTED_DBUS"
}

start_libvirt() {
    # QEMU runs as libvirt-qemu (in group kvm): let that group use /dev/kvm.
    if [[ -e /dev/kvm && $EUID -eq 0 ]] && getent group kvm >/dev/null; then
        if ! { chgrp kvm /dev/kvm && chmod 660 /dev/kvm; }; then
            say "could not adjust /dev/kvm permissions"
        fi
    fi
    if virsh -c qemu:///system version >/dev/null 2>&1; then
        say "libvirtd already running; leaving it alone"
        return 0
    fi
    if [[ $EUID -ne 0 ]]; then
        say "libvirtd is not running and we are not root: system tests will skip"
        return 0
    fi
    mkdir -p /var/log/libvirt /var/run/libvirt
    if ! running virtlogd; then
        rm -f /var/run/vimana-test-virtlogd.pid
        # 9>&-: a daemon that outlives this run must not keep the test lock.
        virtlogd -d -p /var/run/vimana-test-virtlogd.pid 9>&-
        STARTED_VIRTLOGD=$(wait_pidfile /var/run/vimana-test-virtlogd.pid)
        say "virtlogd pid $STARTED_VIRTLOGD"
    fi
    if ! running libvirtd; then
        rm -f "$LIBVIRTD_PIDFILE"
        libvirtd -d -p "$LIBVIRTD_PIDFILE" 9>&-
        STARTED_LIBVIRTD=$(wait_pidfile "$LIBVIRTD_PIDFILE")
        say "libvirtd pid $STARTED_LIBVIRTD"
    fi
    local _
    for _ in $(seq 150); do
        virsh -c qemu:///system version >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    say "libvirtd does not answer on qemu:///system: system tests will skip"
}

# running NAME: a live (not zombie) process with that exact name exists.
running() { pgrep -x -r D,R,S "$1" >/dev/null; }

wait_pidfile() {
    local _
    for _ in $(seq 100); do
        if [[ -s $1 ]]; then
            cat "$1"
            return 0
        fi
        sleep 0.1
    done
    die "no pid file $1"
}

# Print "N passed, N failed[, N skipped]" from meson's testlog JSON files.
summarize() {
    /usr/bin/python3 - "$@" <<'EOF'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            for line in f:
                if not line.strip("\x00 \n"):
                    continue
                try:
                    result = json.loads(line).get("result", "")
                except ValueError:
                    continue  # a line another meson run left half-written
                if result in ("OK", "EXPECTEDFAIL"):
                    counts["passed"] += 1
                elif result == "SKIP":
                    counts["skipped"] += 1
                else:  # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, INTERRUPT
                    counts["failed"] += 1
    except FileNotFoundError:
        pass
text = f"{counts['passed']} passed, {counts['failed']} failed"
if counts["skipped"]:
    text += f", {counts['skipped']} skipped"
print(text)
EOF
}

cmd_test() {
    cmd_deps
    configure_build _build-test -Dwarning_level=2 -Dwerror=true -Db_sanitize=address,undefined \
        -Db_lundef=false -Dbuildtype=debug
    meson compile -C _build-test

    # Two test runs on one machine would share one libvirtd and its vimana-test-* guests (and
    # the reconnect tests kill it): the second waits for the first.
    exec 9>/run/lock/vimana-test.lock
    if ! flock -n 9; then
        say "another test run holds /run/lock/vimana-test.lock; waiting for it"
        flock 9
    fi
    trap teardown EXIT
    trap 'exit 130' INT TERM
    start_xvfb
    start_dbus
    start_libvirt

    local leaks=${VIMANA_DETECT_LEAKS:-1}
    export ASAN_OPTIONS="detect_leaks=$leaks:abort_on_error=1"
    export LSAN_OPTIONS="suppressions=$ROOT/build-aux/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export VIMANA_TEST_ARTIFACTS=$ROOT/_build-test/artifacts
    mkdir -p "$VIMANA_TEST_ARTIFACTS"
    unset NO_AT_BRIDGE GTK_A11Y

    rm -f _build-test/meson-logs/testlog*.json
    local rc=0
    if [[ -n ${MESON_TEST_ARGS:-} ]]; then
        # shellcheck disable=SC2086  # MESON_TEST_ARGS is a word list on purpose
        meson test -C _build-test --print-errorlogs --num-processes 2 ${MESON_TEST_ARGS} || rc=$?
        summarize _build-test/meson-logs/testlog.json
        [[ ${VIMANA_FUZZ:-0} != 1 ]] || run_fuzz || rc=${rc/#0/1}
        return "$rc"
    fi
    run_suites_side_by_side || rc=$?
    summarize _build-test/meson-logs/testlog-system.json _build-test/meson-logs/testlog-others.json
    [[ ${VIMANA_FUZZ:-1} == 0 ]] || run_fuzz || rc=${rc/#0/1}
    return "$rc"
}

# The fuzz step: a short bounded run of every libFuzzer target (5 × VIMANA_FUZZ_SECONDS) and
# every input of tests/fuzz/regressions; a finding fails the run. A longer run is
# `bash build-aux/fuzz.sh 600`.
run_fuzz() {
    say "fuzzing (build-aux/fuzz.sh ${VIMANA_FUZZ_SECONDS:-12})"
    bash build-aux/fuzz.sh "${VIMANA_FUZZ_SECONDS:-12}"
}

# The system tests run one at a time: they share libvirtd, the session bus (one vimana per
# bus) and the vimana-test-* guests, and one of them restarts libvirtd. The other suites use
# none of those (the test driver runs in-process, each UI test has an Xvfb of its own), so
# they run beside the system suite, one at a time too: two tests at once in all, as before,
# but the system suite no longer waits for the others. Their output is printed when they end.
OTHERS_PID=''
run_suites_side_by_side() {
    local others_out=_build-test/meson-logs/testlog-others.out system_rc=0 others_rc=0
    meson test -C _build-test --no-rebuild --print-errorlogs --num-processes 1 \
        --no-suite system --logbase testlog-others >"$others_out" 2>&1 &
    OTHERS_PID=$!
    meson test -C _build-test --no-rebuild --print-errorlogs --num-processes 1 \
        --suite system --logbase testlog-system || system_rc=$?
    wait "$OTHERS_PID" || others_rc=$?
    OTHERS_PID=''
    say "the unit, core, ui and data suites, run beside the system suite:"
    cat "$others_out"
    [[ $system_rc -ne 0 ]] && return "$system_rc"
    return "$others_rc"
}

case ${1:-} in
    deps) cmd_deps ;;
    run) cmd_run ;;
    test) cmd_test ;;
    *)
        echo "usage: bash build-aux/setup.sh deps|run|test" >&2
        exit 2
        ;;
esac
