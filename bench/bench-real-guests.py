#!/usr/bin/python3
"""20 real idle QEMU guests on qemu:///system: Vimana's CPU and the libvirtd CPU it causes.

Run as root with libvirtd running and a display (Xvfb), from a release build:
    meson setup _release -Dbuildtype=release && ninja -C _release
    DISPLAY=:99 /usr/bin/python3 bench/bench-real-guests.py      (VIMANA_BUILD=dir, N=20, S=30)

libvirtd CPU is measured over S seconds without Vimana, then with Vimana running, then
without again; the difference is what Vimana's sampling costs the daemon. With Vimana
running there are two windows: from 5 s after launch (the first minute, while every row's
one-minute CPU sparkline is still filling in, so every row is redrawn each second) and from
STEADY seconds after launch (default 65: an idle guest's row no longer changes, so it is no
longer drawn). The steady figure is what watching the list costs; both are printed.
Guests are named vimana-bench-NN (not vimana-test-*, which every system test removes).
"""
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("VIMANA_BUILD", os.path.join(ROOT, "_release"))
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
import vimanatest as vt  # noqa: E402
import bootsector  # noqa: E402

N = int(os.environ.get("N", "20"))
S = float(os.environ.get("S", "30"))
WARM = float(os.environ.get("WARM", "15"))
STEADY = float(os.environ.get("STEADY", "65"))
HZ = os.sysconf("SC_CLK_TCK")
NAMES = [f"vimana-bench-{i:02d}" for i in range(N)]


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def threads(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            st = f.read()
        comm = st[st.index("(") + 1:st.rindex(")")]
        fields = st[st.rindex(")") + 2:].split()
        out[f"{tid} {comm}"] = (int(fields[11]) + int(fields[12])) / HZ
    return out


def libvirtd_pid():
    return int(subprocess.run(["pgrep", "-x", "libvirtd"], capture_output=True,
                              text=True).stdout.split()[0])


def window(pids):
    """CPU % of one core of each pid over S seconds (a measurement interval)."""
    c0 = [cpu_s(p) for p in pids]
    t0 = time.monotonic()
    time.sleep(S)
    t1 = time.monotonic()
    return [100.0 * (cpu_s(p) - c) / (t1 - t0) for p, c in zip(pids, c0)]


def cleanup():
    for n in NAMES:
        vt.virsh("destroy", n, check=False)
        vt.virsh("undefine", n, check=False)
        try:
            os.unlink(os.path.join(vt.IMAGE_DIR, n + ".img"))
        except OSError:
            pass


def main():
    cleanup()
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    virt = "kvm" if vt.kvm_usable() else "qemu"
    for n in NAMES:
        img = os.path.join(vt.IMAGE_DIR, n + ".img")
        bootsector.write_image(img)
        os.chmod(img, 0o644)
        with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
            f.write(vt.domain_xml(n, img, virt))
        vt.virsh("define", f.name)
        os.unlink(f.name)
        vt.virsh("start", n)
    print(f"{N} guests running ({virt}); settling {WARM:.0f} s", flush=True)
    time.sleep(WARM)
    lv = libvirtd_pid()
    base0 = window([lv])[0]
    print(f"libvirtd without Vimana: {base0:.2f} %", flush=True)

    env = dict(os.environ, GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1",
               GSETTINGS_SCHEMA_DIR=os.path.join(BUILD, "data"))
    app = subprocess.Popen([os.path.join(BUILD, "src", "vimana"), "--connect", "qemu:///system"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.monotonic()
        time.sleep(5)
        assert app.poll() is None, "vimana exited"
        first, lv_first = window([app.pid, lv])
        print(f"with Vimana, first minute (sparklines filling): vimana {first:.2f} %, "
              f"libvirtd {lv_first:.2f} %", flush=True)
        time.sleep(max(0.0, STEADY - (time.monotonic() - t0)))
        assert app.poll() is None, "vimana exited"
        vim, lvw = window([app.pid, lv])
        with open(f"/proc/{app.pid}/status") as f:
            rss = next(line for line in f if line.startswith("VmRSS")).split()[1]
        print(f"with Vimana, from {STEADY:.0f} s on: vimana {vim:.2f} %, libvirtd {lvw:.2f} %, "
              f"vimana RSS {int(rss)/1024:.1f} MiB", flush=True)
        print("vimana threads (CPU s since start):", threads(app.pid), flush=True)
        if os.environ.get("PERF"):
            subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "-p",
                            str(app.pid), "-o", os.path.join(BUILD, "real-guests.perf"), "--", "sleep", str(S)],
                           capture_output=True)
    finally:
        app.terminate()
        app.wait(10)
    base1 = window([lv])[0]
    print(f"libvirtd without Vimana again: {base1:.2f} %", flush=True)
    caused = lvw - (base0 + base1) / 2
    print(f"RESULT guests={N} vimana_cpu={vim:.2f}% (first minute {first:.2f}%) "
          f"libvirtd_caused={caused:.2f}% (targets 0.5 % and 1.5 %)", flush=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
