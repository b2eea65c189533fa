#!/usr/bin/python3
"""A real guest's console: time to the first frame, and Vimana's CPU while it shows.

Run as root with libvirtd running and a display (Xvfb), from a release build:
    meson setup _release -Dbuildtype=release && ninja -C _release
    DISPLAY=:99 /usr/bin/python3 bench/bench-console.py     (VIMANA_BUILD=dir, OPENS=10, S=30, RUNS=3)
    GRAPHICS=spice DISPLAY=:99 /usr/bin/python3 bench/bench-console.py   (the same, over SPICE)

One boot-sector guest (vimana-bench-con; it prints a banner and halts, so its screen is
static) runs on qemu:///system, with a VNC display and VGA video, or with GRAPHICS=spice a
SPICE display and QXL video (vimana-bench-con-spice; every SPICE channel's socket comes from
libvirt through the session's need-fd). Then:

  * OPENS times: start `vimana --show-domain-console vimana-bench-con`; the Console page
    logs the time from asking to connect (the page was shown and the guest runs) to the
    first framebuffer update (libvirt's socket, the handshake, first update). Median, min,
    max. Also printed: launch -> that frame, which adds the app's own start-up.
  * RUNS times: with the console showing, after WARM seconds, the app's CPU over S
    seconds, in % of one core. Median.

BENCH_DEBUG=domain,domain… sets the app's G_MESSAGES_DEBUG (default vimana-console-page, which
the figure needs), to see where an open's time goes in its log.

Not a test: it prints figures; nothing is asserted on time.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# VIMANA_BENCH_BUILD wins over VIMANA_BUILD, which meson's benchmark sets to its own build: a
# release build can be measured with the test run's services (bench/meson.build).
BUILD = (os.environ.get("VIMANA_BENCH_BUILD") or
         os.environ.get("VIMANA_BUILD", os.path.join(ROOT, "_release")))
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
import vimanatest as vt  # noqa: E402
import bootsector  # noqa: E402

GRAPHICS = os.environ.get("GRAPHICS", "vnc")
if GRAPHICS not in ("vnc", "spice"):
    sys.exit(f"GRAPHICS={GRAPHICS}: vnc or spice")
NAME = "vimana-bench-con" + ("-spice" if GRAPHICS == "spice" else "")
OPENS = int(os.environ.get("OPENS", "10"))
RUNS = int(os.environ.get("RUNS", "3"))
S = float(os.environ.get("S", "30"))
WARM = float(os.environ.get("WARM", "5"))
HZ = os.sysconf("SC_CLK_TCK")
FRAME = re.compile(r"First console frame ([0-9.]+) ms")


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def cleanup():
    vt.virsh("destroy", NAME, check=False)
    vt.virsh("undefine", NAME, check=False)
    try:
        os.unlink(os.path.join(vt.IMAGE_DIR, NAME + ".img"))
    except OSError:
        pass


def launch(logpath):
    cfg = tempfile.mkdtemp(prefix="vimana-bench-config-")
    env = dict(os.environ, GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1",
               GSETTINGS_SCHEMA_DIR=os.path.join(BUILD, "data"), XDG_CONFIG_HOME=cfg,
               G_MESSAGES_DEBUG=os.environ.get("BENCH_DEBUG", "vimana-console-page"))
    log = open(logpath, "w")
    t0 = time.monotonic()
    app = subprocess.Popen([os.path.join(BUILD, "src", "vimana"), "--connect", "qemu:///system",
                            "--show-domain-console", NAME],
                           env=env, stdout=log, stderr=subprocess.STDOUT)
    return app, t0


def first_frame(app, t0, logpath, timeout=60.0):
    """(the page's own figure in ms, launch -> seen in the log in s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(logpath) as f:
            m = FRAME.search(f.read())
        if m:
            return float(m.group(1)), time.monotonic() - t0
        if app.poll() is not None:
            raise RuntimeError(f"vimana exited ({app.returncode}); see {logpath}")
        time.sleep(0.02)
    raise RuntimeError(f"no console frame within {timeout:.0f} s; see {logpath}")


def stop(app):
    app.terminate()
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


def main():
    if not os.path.exists(os.path.join(BUILD, "src", "vimana")):
        sys.exit(f"no build at {BUILD}: meson setup {BUILD} -Dbuildtype=release && ninja -C {BUILD}")
    buildtype = subprocess.run(["meson", "introspect", "--buildoptions", BUILD],
                               capture_output=True, text=True).stdout
    m = re.search(r'"name": "buildtype", "value": "(\w+)"', buildtype)
    cleanup()
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    virt = "kvm" if vt.kvm_usable() else "qemu"
    img = os.path.join(vt.IMAGE_DIR, NAME + ".img")
    bootsector.write_image(img)
    os.chmod(img, 0o644)
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(vt.domain_xml(NAME, img, virt, graphics=GRAPHICS))
    vt.virsh("define", f.name)
    os.unlink(f.name)
    vt.virsh("start", NAME)
    vt.wait_for_banner(NAME)
    print(f"guest {NAME} ({virt}, {GRAPHICS}) shows its banner; build {BUILD} "
          f"({m.group(1) if m else 'unknown buildtype'})", flush=True)

    logdir = tempfile.mkdtemp(prefix="vimana-bench-console-")
    page_ms, launch_s = [], []
    for i in range(OPENS):
        logpath = os.path.join(logdir, f"open-{i}.log")
        app, t0 = launch(logpath)
        try:
            ms, seen = first_frame(app, t0, logpath)
        finally:
            stop(app)
        page_ms.append(ms)
        launch_s.append(seen)
        print(f"open {i + 1}: page asked to connect -> first frame {ms:.1f} ms "
              f"(launch -> frame {seen:.2f} s)", flush=True)

    cpu = []
    for r in range(RUNS):
        logpath = os.path.join(logdir, f"static-{r}.log")
        app, t0 = launch(logpath)
        try:
            first_frame(app, t0, logpath)
            time.sleep(WARM)
            c0, w0 = cpu_s(app.pid), time.monotonic()
            time.sleep(S)                      # the measurement interval
            c1, w1 = cpu_s(app.pid), time.monotonic()
            with open(f"/proc/{app.pid}/status") as f:
                rss = next(line for line in f if line.startswith("VmRSS")).split()[1]
        finally:
            stop(app)
        cpu.append(100.0 * (c1 - c0) / (w1 - w0))
        print(f"static console run {r + 1}: vimana {cpu[-1]:.2f} % of a core over {S:.0f} s, "
              f"RSS {int(rss) / 1024:.1f} MiB", flush=True)

    print(f"RESULT {GRAPHICS} first_frame_median={statistics.median(page_ms):.1f}ms "
          f"min={min(page_ms):.1f} max={max(page_ms):.1f} over {OPENS} opens "
          f"(launch->frame median {statistics.median(launch_s):.2f}s); "
          f"static_console_cpu_median={statistics.median(cpu):.2f}% over {RUNS}x{S:.0f}s "
          f"(targets 150 ms and 0.5 %)", flush=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
