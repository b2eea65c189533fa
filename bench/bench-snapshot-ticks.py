#!/usr/bin/python3
"""The other guests' statistics while a 1 GiB-memory guest's internal snapshot with memory is
written, on qemu:///system.

Run as root with libvirtd running:
    /usr/bin/python3 bench/bench-snapshot-ticks.py     (VIMANA_STATS_WATCH=path, RUNS=5)

Two boot-sector guests run: vimana-bench-snapmem (1 GiB of memory, a qcow2 disk) and
vimana-bench-snapother (32 MiB). tests/system/stats-watch (core's VimanaStatsSampler on a real
VimanaConnection at its default 1 s interval, no window; from _release, else _build-test) watches
vimana-bench-snapother and prints a line per tick with the number of CPU samples it has. Each
line is timestamped here as it arrives. After a warm-up, each run takes an internal snapshot
with memory of vimana-bench-snapmem with `virsh snapshot-create-as` (the virDomainSnapshotCreateXML
call the Snapshots page makes; QEMU pauses the guest and writes its RAM into the qcow2 image,
holding the guest's job throughout), times it, and deletes it again. Printed: per run the
snapshot's duration and the gaps between the ticks that fell in it (and the one that spans
its end), with the other guest's new samples meanwhile; then the medians over the runs, and the
gaps of an idle stretch before, for comparison. A sampler that waited for the snapshotting
guest's job would show one gap as long as the snapshot.

A boot-sector guest leaves its RAM almost untouched, and QEMU saves untouched pages as zero
pages: the snapshot would take a fraction of a second. So the guest's RAM is a shared memfd
(<memoryBacking>) and this program writes data over all of it but the first and last 2 MiB
(the boot sector, the BIOS and its tables) through /proc/PID/fd: the snapshot writes a full GiB.
Guests are named vimana-bench-* (not vimana-test-*, which every system test removes).
"""
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
import vimanatest as vt  # noqa: E402
import bootsector  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
BIG = "vimana-bench-snapmem"
OTHER = "vimana-bench-snapother"
SNAPSHOT = "bench-with-memory"


def stats_watch():
    if os.environ.get("VIMANA_STATS_WATCH"):
        return os.environ["VIMANA_STATS_WATCH"]
    for build in ("_release", "_build-test"):
        path = os.path.join(ROOT, build, "tests", "system", "stats-watch")
        if os.access(path, os.X_OK):
            return path
    sys.exit("no stats-watch: build the project (ninja -C _release) or set VIMANA_STATS_WATCH")


class Watch:
    """stats-watch, each tick line with the time it arrived."""

    def __init__(self, binary, guest):
        self.proc = subprocess.Popen([binary, vt.URI, guest], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.ticks = queue.Queue()   # (monotonic time, samples)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            m = re.fullmatch(r"tick (\d+) samples (\d+)", line.strip())
            if m:
                self.ticks.put((time.monotonic(), int(m.group(2))))

    def drain(self):
        out = []
        while True:
            try:
                out.append(self.ticks.get_nowait())
            except queue.Empty:
                return out

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


def define(name, memory_mib, fmt):
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    raw = os.path.join(vt.IMAGE_DIR, name + ".img")
    bootsector.write_image(raw)
    image = raw
    if fmt == "qcow2":
        image = os.path.join(vt.IMAGE_DIR, name + ".qcow2")
        subprocess.run(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, image],
                       check=True)
        os.unlink(raw)
    os.chmod(image, 0o644)
    virt_type = "kvm" if vt.kvm_usable() else "qemu"
    xml = vt.domain_xml(name, image, virt_type).replace("type='raw'", f"type='{fmt}'")
    xml = xml.replace("<memory unit='MiB'>32</memory>", f"<memory unit='MiB'>{memory_mib}</memory>"
                      "<memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>")
    assert f">{memory_mib}</memory>" in xml, "the guest's memory was not set"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("start", name)
    return image


def fill_memory(name):
    """Writes data over the guest's RAM (its memfd, shared), from 2 MiB to 2 MiB short of the
    end, where the boot sector, the BIOS and its tables are not: the snapshot then has a full
    GiB to write, not pages never touched, which QEMU saves as zero pages."""
    with open(f"/run/libvirt/qemu/{name}.pid") as f:
        pid = int(f.read().strip())
    for fd in os.listdir(f"/proc/{pid}/fd"):
        path = f"/proc/{pid}/fd/{fd}"
        try:
            if "memfd:" not in os.readlink(path):
                continue
        except OSError:
            continue
        size = os.stat(path).st_size
        block = os.urandom(1 << 20)
        with open(path, "r+b") as ram:
            ram.seek(2 << 20)
            for _ in range((size >> 20) - 4):
                ram.write(block)
        return size
    raise RuntimeError(f"no memfd in {name}'s QEMU (pid {pid})")


def remove(name, image):
    vt.virsh("destroy", name, check=False)
    vt.virsh("undefine", name, "--snapshots-metadata", check=False)
    if image and os.path.exists(image):
        os.unlink(image)


def gaps_ms(ticks):
    return [(b[0] - a[0]) * 1000 for a, b in zip(ticks, ticks[1:])]


def main():
    binary = stats_watch()
    vt.require_libvirt()
    remove(BIG, None)
    remove(OTHER, None)
    images = {}
    watch = None
    try:
        images[BIG] = define(BIG, 1024, "qcow2")
        images[OTHER] = define(OTHER, 32, "raw")
        filled = fill_memory(BIG)
        print(f"{BIG}: {filled >> 20} MiB of RAM, {(filled >> 20) - 4} MiB of it written")
        watch = Watch(binary, OTHER)
        time.sleep(8)                      # warm-up: the sampler's first ticks
        watch.drain()
        time.sleep(10)                     # idle: the gaps to compare with
        idle = gaps_ms(watch.drain())
        print(f"stats-watch: {binary}")
        print(f"idle tick gap: median {statistics.median(idle):.0f} ms, max {max(idle):.0f} ms "
              f"({len(idle)} gaps)")
        runs = []
        for r in range(RUNS):
            before = watch.drain()
            last = before[-1] if before else None
            t0 = time.monotonic()
            vt.virsh("snapshot-create-as", BIG, SNAPSHOT, timeout=600)
            t1 = time.monotonic()
            time.sleep(2.5)                 # the tick that spans the end, and one after
            during = watch.drain()
            ticks = ([last] if last else []) + [t for t in during if t[0] <= t1 + 1.5]
            gaps = gaps_ms(ticks) or [0.0]
            in_snapshot = [t for t in during if t0 <= t[0] <= t1]
            new_samples = (ticks[-1][1] - ticks[0][1]) if len(ticks) > 1 else 0
            runs.append((t1 - t0, max(gaps), statistics.median(gaps)))
            print(f"run {r + 1}: snapshot {1000 * (t1 - t0):.0f} ms; {len(in_snapshot)} ticks in it; "
                  f"tick gaps max {max(gaps):.0f} ms, median {statistics.median(gaps):.0f} ms; "
                  f"{new_samples} new samples of {OTHER} over {len(gaps)} gaps")
            vt.virsh("snapshot-delete", BIG, SNAPSHOT, timeout=600)
            time.sleep(3)
            watch.drain()
        durations = [r[0] for r in runs]
        print(f"over {RUNS} runs: snapshot median {1000 * statistics.median(durations):.0f} ms "
              f"({1000 * min(durations):.0f}–{1000 * max(durations):.0f}); max tick gap during "
              f"it: median {statistics.median(r[1] for r in runs):.0f} ms, worst "
              f"{max(r[1] for r in runs):.0f} ms; median tick gap "
              f"{statistics.median(r[2] for r in runs):.0f} ms")
    finally:
        if watch is not None:
            watch.close()
        for name, image in images.items():
            remove(name, image)


if __name__ == "__main__":
    main()
