#!/usr/bin/python3
"""System test: one guest whose job is held does not stall the statistics of the others.

Issue 15, item 5. Two boot-sector guests run on qemu:///system. tests/system/stats-watch (core's
VimanaStatsSampler on a real VimanaConnection, no window) samples every second and prints, per
tick, how many samples vimana-test-other's CPU series has.

The job of vimana-test-held is then held the way a stuck or busy QEMU holds it: its QEMU process
is stopped (SIGSTOP) and a second client (`virsh qemu-monitor-command`) takes the guest's job and
waits on the monitor, which cannot answer. Any statistics call that needs that job now waits for
it (libvirt gives up after 30 s). Without VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT the sampler's
bulk call is such a call, and every guest's tick stops with it; with it, the held guest reports
what needs no job and the others go on.

The check is a count: while the job stays held (the holder still waits at the end), the other
guest's series gets at least SAMPLES new samples. A stalled tick gives none until libvirt's
30 s job timeout, and the wait below gives up at 25 s.

To keep the held job the holder's, the sampler is stopped right after a tick (no statistics call
under way) before QEMU is stopped, and started again once the holder is in libvirtd's worker
pool (virt-admin shows one fewer free worker).

Env: VIMANA_STATS_WATCH and a running libvirtd (build-aux/setup.sh test provides them).
"""
import os
import queue
import re
import signal
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

SAMPLES = 5          # new samples of the other guest while the job is held
HELD_WAIT = 25.0     # under libvirt's 30 s job timeout: a stalled tick gives no sample by then


class Watch:
    """stats-watch, with its stdout lines in a queue."""

    def __init__(self, guest):
        self.proc = subprocess.Popen([os.environ["VIMANA_STATS_WATCH"], vt.URI, guest],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1)
        self.lines = queue.Queue()
        self.samples = 0
        self.ticks = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def pump(self, want=None):
        """Read what arrived; True if a line equal to @want did."""
        seen = False
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return seen
            if line is None:
                raise RuntimeError(f"stats-watch ended ({self.proc.poll()})")
            m = re.fullmatch(r"tick (\d+) samples (\d+)", line)
            if m:
                self.ticks, self.samples = int(m.group(1)), int(m.group(2))
            elif line == want:
                seen = True

    def send(self, command, answer, timeout=20.0):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        if answer is not None:
            vt.wait_for(lambda: self.pump(answer), timeout, f"stats-watch to answer {answer}")

    def close(self):
        if self.proc.poll() is None:
            try:
                self.send("quit", None)
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


def qemu_pid(name):
    with open(f"/run/libvirt/qemu/{name}.pid") as f:
        return int(f.read().strip())


def free_workers():
    out = subprocess.run(["virt-admin", "-c", "libvirtd:///system", "srv-threadpool-info", "libvirtd"],
                         capture_output=True, text=True, timeout=30).stdout
    m = re.search(r"freeWorkers\s*:\s*(\d+)", out)
    return int(m.group(1)) if m else None


def test():
    if "VIMANA_STATS_WATCH" not in os.environ:
        raise vt.Skip("VIMANA_STATS_WATCH is not set (run it through meson)")
    if free_workers() is None:
        raise vt.Skip("virt-admin cannot read libvirtd's worker pool")
    held = vt.define_guest("nowait-held", start=True)
    other = vt.define_guest("nowait-other", start=True)
    watch = Watch(other)
    holder = None
    pid = None
    try:
        vt.wait_for(lambda: watch.pump() or watch.samples >= 3, 60, "the other guest's first samples")
        vt.log(f"before the hold: tick {watch.ticks}, {watch.samples} samples of {other}")

        watch.send("stop", "stopped")
        idle = free_workers()
        pid = qemu_pid(held)
        os.kill(pid, signal.SIGSTOP)
        holder = subprocess.Popen(["virsh", "-q", "-c", vt.URI, "qemu-monitor-command", held,
                                   "--hmp", "info status"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        vt.wait_for(lambda: (free_workers() or 0) < idle or holder.poll() is not None, 20,
                    "the holder to take a libvirtd worker")
        if holder.poll() is not None:
            raise AssertionError(f"the holder ended at once: {holder.stderr.read().strip()}")

        watch.pump()
        start = watch.samples
        watch.send("start", "started")
        vt.wait_for(lambda: watch.pump() or watch.samples >= start + SAMPLES, HELD_WAIT,
                    f"{SAMPLES} new samples of {other} while {held}'s job is held")
        still_held = holder.poll() is None
        vt.log(f"during the hold: tick {watch.ticks}, {watch.samples - start} new samples of "
               f"{other}; the holder still waits: {still_held}")
        assert still_held, "the held job ended before the samples were counted"
    finally:
        if pid is not None:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        if holder is not None:
            try:
                holder.wait(timeout=40)
            except subprocess.TimeoutExpired:
                holder.kill()
        watch.close()


if __name__ == "__main__":
    vt.run(test, needs_display=False)
