#!/usr/bin/env bash
# A second libvirt "host" on this machine for the migration tests (issue 14), isolated from the
# system daemon: its own mount namespace with private /etc/libvirt (a copy, with its own
# host_uuid), /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt, its own
# UTS host name, and the images folder /var/lib/libvirt/images bind-mounted in so that storage
# is shared. It listens only on its UNIX socket, reached from outside through DIR/run.
# Migration data goes to the address override the test gives (127.0.0.1: loopback only).
#
#   bash tests/system/second-host.sh start DIR [N]   start host N (default 2) under DIR; prints its URI
#   bash tests/system/second-host.sh stop DIR        stop it (the pid it wrote), destroy its guests
#
# Needs root (unshare -m). test_migrate.py uses it (Debian 12, libvirt 9.0).
set -euo pipefail

cmd=${1:-} dir=${2:-}
[[ -n $cmd && -n $dir ]] || { echo "usage: $0 start|stop DIR [N]" >&2; exit 2; }
uri="qemu+unix:///system?socket=$dir/run/libvirt-sock"

case $cmd in
start)
    n=${3:-2}
    mkdir -p "$dir"/{etc,run,lib/images,log,cache}
    if [[ ! -f $dir/etc/libvirtd.conf ]]; then
        cp -a /etc/libvirt/. "$dir/etc/"
        # Nothing of the first host's starts here: no networks or pools on autostart.
        rm -f "$dir"/etc/qemu/networks/autostart/* "$dir"/etc/storage/autostart/*
        printf 'host_uuid = "6f0e7d3c-1111-4a2b-8c9d-%012d"\n' "$n" >>"$dir/etc/libvirtd.conf"
        # No virtlogd of its own; no security driver that would need the first host's setup.
        printf 'stdio_handler = "file"\nsecurity_driver = "none"\n' >>"$dir/etc/qemu.conf"
    fi
    unshare -m -u --propagation private bash -c "
        set -e
        hostname vimana-host-$n
        mount --bind /var/lib/libvirt/images '$dir/lib/images'
        mount --bind '$dir/etc' /etc/libvirt
        mount --bind '$dir/run' /run/libvirt
        mount --rbind '$dir/lib' /var/lib/libvirt  # r: with the images bound inside it
        mount --bind '$dir/log' /var/log/libvirt
        mount --bind '$dir/cache' /var/cache/libvirt
        exec libvirtd -p /run/libvirt/libvirtd.pid
    " >"$dir/libvirtd.log" 2>&1 &
    for _ in $(seq 100); do
        virsh -q -c "$uri" hostname >/dev/null 2>&1 && break
        sleep 0.1
    done
    virsh -q -c "$uri" hostname >/dev/null || { echo "the second host did not start; see $dir/libvirtd.log" >&2; exit 1; }
    echo "$uri"
    ;;
stop)
    if virsh -q -c "$uri" version >/dev/null 2>&1; then
        for dom in $(virsh -q -c "$uri" list --name); do
            virsh -q -c "$uri" destroy "$dom" >/dev/null 2>&1 || true
        done
    fi
    if [[ -f $dir/run/libvirtd.pid ]]; then
        pid=$(cat "$dir/run/libvirtd.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    ;;
*)
    echo "usage: $0 start|stop DIR [N]" >&2
    exit 2
    ;;
esac
