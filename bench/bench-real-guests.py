#!/usr/bin/python3
"""N real idle QEMU guests on qemu:///system: Vimana's CPU and the libvirtd CPU it causes, and
virt-manager's on the same guests when it is installed.

Run as root with libvirtd running and a display (Xvfb), from a release build:
    meson setup _release -Dbuildtype=release && ninja -C _release
    DISPLAY=:99 /usr/bin/python3 bench/bench-real-guests.py      (VIMANA_BUILD=dir, N=20, S=30)

libvirtd CPU is measured over S seconds alone, with Vimana running, alone again, with
virt-manager running (every statistic polled each second and shown), and alone again; the
difference from the median of the idle windows is what each manager's sampling costs the
daemon. Both run as users run them: a session bus with the accessibility bridge on (the
program starts one with dbus-run-session when there is none; VIMANA_BENCH_NO_A11Y=1 for off;
VIMANA_BENCH_NO_VIRT_MANAGER=1 skips virt-manager). With Vimana
running there are two windows: from 5 s after launch (the first minute, while every row's
one-minute CPU sparkline is still filling in, so every row is redrawn each second) and from
STEADY seconds after launch (default 65: an idle guest's row no longer changes, so it is no
longer drawn). The steady figure is what watching the list costs; both are printed.
Guests are named vimana-bench-NN (not vimana-test-*, which every system test removes).
"""
import os
import shutil
import statistics
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


VIRT_MANAGER_KEYFILE = """[org/virt-manager/virt-manager/stats]
update-interval=1
enable-cpu-poll=true
enable-disk-poll=true
enable-net-poll=true
enable-memory-poll=true

[org/virt-manager/virt-manager/vmlist-fields]
host-cpu-usage=true
guest-cpu-usage=true
memory-usage=true
disk-usage=true
network-traffic=true

[org/virt-manager/virt-manager/confirm]
unapplied-dev=false
"""


def measure(label, argv, env, lv):
    """Start a manager, measure it and libvirtd over the first minute and from STEADY s on."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.monotonic()
        time.sleep(5)
        assert proc.poll() is None, f"{label} exited"
        first, lv_first = window([proc.pid, lv])
        print(f"with {label}, first minute: {label} {first:.2f} %, libvirtd {lv_first:.2f} %", flush=True)
        time.sleep(max(0.0, STEADY - (time.monotonic() - t0)))
        assert proc.poll() is None, f"{label} exited"
        steady, lv_steady = window([proc.pid, lv])
        with open(f"/proc/{proc.pid}/status") as f:
            rss = int(next(line for line in f if line.startswith("VmRSS")).split()[1]) / 1024
        print(f"with {label}, from {STEADY:.0f} s on: {label} {steady:.2f} %, libvirtd {lv_steady:.2f} %, "
              f"RSS {rss:.1f} MiB", flush=True)
        if label == "vimana":
            print("vimana threads (CPU s since start):", threads(proc.pid), flush=True)
            if os.environ.get("PERF"):
                subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "-p",
                                str(proc.pid), "-o", os.path.join(BUILD, "real-guests.perf"), "--",
                                "sleep", str(S)], capture_output=True)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return first, steady, lv_steady, rss


def main():
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not os.environ.get("VIMANA_BENCH_NO_A11Y"):
        # As users run it: a session bus, which starts the AT-SPI bus for the bridge.
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])
    a11y = not os.environ.get("VIMANA_BENCH_NO_A11Y")
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
    print(f"{N} guests running ({virt}); accessibility bridge {'on' if a11y else 'off'}; "
          f"settling {WARM:.0f} s", flush=True)
    time.sleep(WARM)
    lv = libvirtd_pid()
    base = [window([lv])[0]]
    print(f"libvirtd alone: {base[-1]:.2f} %", flush=True)

    env = dict(os.environ, GSETTINGS_BACKEND="memory", GSETTINGS_SCHEMA_DIR=os.path.join(BUILD, "data"))
    if not a11y:
        env["NO_AT_BRIDGE"] = "1"
    vim = measure("vimana", [os.path.join(BUILD, "src", "vimana"), "--connect", "qemu:///system"], env, lv)
    base.append(window([lv])[0])
    print(f"libvirtd alone: {base[-1]:.2f} %", flush=True)

    vm = None
    vmm = None if os.environ.get("VIMANA_BENCH_NO_VIRT_MANAGER") else shutil.which("virt-manager")
    if vmm:
        # Every statistic polled each second and shown, as the comparison asks.
        cfg = tempfile.mkdtemp(prefix="vimana-bench-vmm-")
        os.makedirs(os.path.join(cfg, "glib-2.0", "settings"))
        with open(os.path.join(cfg, "glib-2.0", "settings", "keyfile"), "w") as f:
            f.write(VIRT_MANAGER_KEYFILE)
        venv = dict(os.environ, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=cfg)
        if not a11y:
            venv["NO_AT_BRIDGE"] = "1"
        vm = measure("virt-manager", [vmm, "--no-fork", "--connect", "qemu:///system"], venv, lv)
        base.append(window([lv])[0])
        print(f"libvirtd alone: {base[-1]:.2f} %", flush=True)
        shutil.rmtree(cfg, ignore_errors=True)
    else:
        print("virt-manager is not installed: no comparison", flush=True)

    idle = statistics.median(base)
    caused = vim[2] - idle
    line = (f"RESULT guests={N} a11y={int(a11y)} vimana_cpu={vim[1]:.2f}% (first minute {vim[0]:.2f}%) "
            f"vimana_rss={vim[3]:.1f}MiB libvirtd_caused={caused:.2f}%")
    if vm is not None:
        vm_caused = vm[2] - idle
        ratio = caused / vm_caused if vm_caused > 0 else float("nan")
        line += (f" virt_manager_cpu={vm[1]:.2f}% virt_manager_rss={vm[3]:.1f}MiB "
                 f"virt_manager_libvirtd_caused={vm_caused:.2f}% libvirtd_ratio={ratio:.2f}")
    print(line + " (targets: vimana <= 0.2 %, libvirtd caused <= 40 % of virt-manager's)", flush=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
