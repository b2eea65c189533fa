#!/usr/bin/python3
"""Live migration: the app's migration job against `virsh migrate --live`, and the CPU the
Migrate dialog's progress view costs while a migration runs.

Run as root with libvirtd running, a display (Xvfb) and a release build, holding the system
tests' lock (both use second hosts and migration ports):
    meson setup _release -Dbuildtype=release && ninja -C _release
    DISPLAY=:99 flock /run/lock/vimana-test.lock /usr/bin/python3 bench/bench-migrate.py
    (VIMANA_BUILD=dir, RUNS=5, S=20; SKIP_TIMING=1 for part 2 only)

A second host (tests/system/second-host.sh, number 9: its own namespaces, the images folder
shared) runs beside qemu:///system.

 1. Time: an idle 32 MiB boot-sector guest moves A -> B -> A, RUNS times each way, by
    bench-migrate (VimanaMigration, direct mode, as the Migrate dialog runs it; the job's time
    from its start to its callback) and by `virsh -t migrate --live --persistent
    --undefinesource --unsafe GUEST B tcp://127.0.0.1` (virsh's own time for the command),
    interleaved. Printed: both medians and the app's as a percentage of virsh's (issue 14's
    target: within 10 %).
 2. Progress view: a guest that rewrites 512 KiB of its memory without pause migrates at a
    bandwidth limit of 1 MiB/s, so it never converges; the app (release build, accessibility
    bridge on: a session bus, dbus-run-session when there is none) shows the Migrate dialog's
    progress (graphs, figures, the non-converging buttons). Its CPU is read from /proc over S
    seconds with the dialog open before Migrate (the idle baseline) and over S seconds while
    the migration runs; then Cancel is pressed and the guest must still run on A. Printed: both
    as % of a core (target for the running view: <= 0.5 %).
    KNOWN PROBLEM: in the runs so far the migration ended within 5 s ("still running at the
    end: False"; the guest does dirty its 512 KiB, checked with `info registers` and `xp`), so
    the bandwidth limit typed through AT-SPI does not seem to reach the migration: part 2's
    figure is not valid until that is found.
Guests are named vimana-bench-i14bal-* (not vimana-test-*, which the system tests remove).
Not a test: it prints figures; nothing is asserted on time.
"""
import os
import re
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

URI = vt.URI
RUNS = int(os.environ.get("RUNS", "5"))
S = float(os.environ.get("S", "20"))
HZ = os.sysconf("SC_CLK_TCK")
HELPER = os.path.join(ROOT, "tests", "system", "second-host.sh")
IDLE = "vimana-bench-i14bal-idle"
DIRTY = "vimana-bench-i14bal-dirty"
IMAGES = "/var/lib/libvirt/images"
UNSAFE = "Migrate anyway: I know what the red lines mean (unsafe)"


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def virsh(uri, *args, check=True):
    res = subprocess.run(["virsh", "-q", "-c", uri, *args], capture_output=True, text=True,
                         timeout=300)
    if check and res.returncode != 0:
        raise RuntimeError(f"virsh -c {uri} {' '.join(args)}: {res.stderr.strip()}")
    return res


def define(name, image, uri=URI):
    virt_type = "kvm" if vt.kvm_usable() else "qemu"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(vt.domain_xml(name, image, virt_type))
    try:
        virsh(uri, "define", f.name)
    finally:
        os.unlink(f.name)
    virsh(uri, "start", name)


def where(name, uris):
    for uri in uris:
        res = virsh(uri, "domstate", name, check=False)
        if res.returncode == 0 and res.stdout.strip() == "running":
            return uri
    return None


def virsh_migrate(name, src, dst):
    res = subprocess.run(["virsh", "-t", "-c", src, "migrate", "--live", "--persistent",
                        "--undefinesource", "--unsafe", name, dst, "tcp://127.0.0.1"],
                       capture_output=True, text=True, timeout=300)
    if res.returncode != 0:
        raise RuntimeError(f"virsh migrate: {res.stderr.strip()}")
    match = re.search(r"\(Time: ([0-9.]+) ms\)", res.stdout + res.stderr)
    return float(match.group(1)) / 1000.0


def timing(uri2):
    app, ref = [], []
    uris = (URI, uri2)
    for _ in range(RUNS):
        out = subprocess.run([os.path.join(BUILD, "bench", "bench-migrate"), URI, uri2, IDLE,
                              "127.0.0.1", "2"], capture_output=True, text=True, timeout=600)
        times = [float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("app ")]
        if out.returncode != 0 or len(times) != 2:
            raise RuntimeError(f"bench-migrate: {out.stdout} {out.stderr[-2000:]}")
        app += times
        for _ in range(2):
            src = where(IDLE, uris)
            ref.append(virsh_migrate(IDLE, src, uris[1 - uris.index(src)]))
    a, v = statistics.median(app), statistics.median(ref)
    print(f"migration of an idle 32 MiB guest, {len(app)} runs each: app median {a * 1000:.0f} ms "
          f"(min {min(app) * 1000:.0f}, max {max(app) * 1000:.0f}), virsh migrate --live median "
          f"{v * 1000:.0f} ms (min {min(ref) * 1000:.0f}, max {max(ref) * 1000:.0f}); "
          f"app/virsh {100 * a / v:.1f} %")
    return a, v


def set_bandwidth(dialog, mib):
    """The bandwidth spin to mib MiB/s, typed into it as a user would."""
    spin = vt.find(dialog, role="spin button", name="Bandwidth limit", timeout=10)
    spin.queryEditableText().setTextContents(str(mib))
    vt.wait_for(lambda: spin.queryText().getText(0, -1) == str(mib), 10,
                f"the bandwidth limit typed as {mib}")


def progress_view(uri2):
    from test_migrate import has_state, showing
    os.environ["VIMANA_BIN"] = os.path.join(BUILD, "src", "vimana")
    os.environ.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(BUILD, "data"))
    proc = vt.launch_app("--connect", URI, "--connect", uri2, "--show-migrate", DIRTY)
    try:
        app = vt.find_app(None, pid=proc.pid, timeout=30)
        dialog = vt.find(app, role="dialog", name="Migrate Guest", timeout=30)
        vt.find(dialog, role="text", name="Destination address", timeout=10) \
            .queryEditableText().setTextContents("127.0.0.1")
        set_bandwidth(dialog, 1)
        migrate = vt.find(dialog, role="push button", name="Migrate", timeout=10)

        def ready():
            if has_state(migrate, "sensitive"):
                return True
            unsafe = showing(dialog, "check box", UNSAFE)
            if unsafe is not None and not has_state(unsafe, "checked"):
                vt.click(unsafe)
            return False
        vt.wait_for(ready, 60, "Migrate sensitive")
        time.sleep(3)
        c0, t0 = cpu_s(proc.pid), time.monotonic()
        time.sleep(S)
        idle = 100 * (cpu_s(proc.pid) - c0) / (time.monotonic() - t0)
        vt.click(migrate)
        vt.wait_for(lambda: "Unbounded" in virsh(URI, "domjobinfo", DIRTY, check=False).stdout,
                    30, "the migration running")
        time.sleep(5)
        job = virsh(URI, "domjobinfo", DIRTY, check=False).stdout
        print("job after 5 s: " + "; ".join(" ".join(line.split()) for line in job.splitlines()
                                            if re.search(r"bandwidth|remaining|Iteration|Dirty", line)),
              flush=True)
        c0, t0 = cpu_s(proc.pid), time.monotonic()
        time.sleep(S)
        running = 100 * (cpu_s(proc.pid) - c0) / (time.monotonic() - t0)
        info = virsh(URI, "domjobinfo", DIRTY, check=False).stdout
        still = "Unbounded" in info
        print(f"progress view (accessibility bridge on, bandwidth 1 MiB/s, a guest dirtying "
              f"512 KiB without pause): app CPU {running:.2f} % of a core over {S:.0f} s while "
              f"the migration runs (still running at the end: {still}); {idle:.2f} % with the "
              f"dialog open before Migrate", flush=True)
        cancels = [b for b in vt.find_all(dialog, role="push button", name="Cancel")
                   if has_state(b, "sensitive")]
        if cancels:
            vt.click(cancels[0])
            vt.wait_for(lambda: "Unbounded" not in virsh(URI, "domjobinfo", DIRTY,
                                                          check=False).stdout,
                        60, "the migration cancelled")
        print(f"after Cancel the guest runs on the source: {where(DIRTY, (URI, uri2)) == URI}")
        return running, idle
    finally:
        vt.stop_apps()


def main():
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])
    workdir = tempfile.mkdtemp(prefix="vimana-i14bal-bench-")
    uri2 = None
    images = [os.path.join(IMAGES, IDLE + ".img"), os.path.join(IMAGES, DIRTY + ".img")]
    try:
        uri2 = subprocess.run(["bash", HELPER, "start", workdir, "9"], capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()
        bootsector.write_image(images[0])
        bootsector.write_dirty_image(images[1])
        for image in images:
            os.chmod(image, 0o644)
        if not os.environ.get("SKIP_TIMING"):
            define(IDLE, images[0])
            timing(uri2)
            virsh(where(IDLE, (URI, uri2)), "destroy", IDLE)
        define(DIRTY, images[1])
        progress_view(uri2)
    finally:
        for uri in (URI, uri2):
            if uri is None:
                continue
            for name in (IDLE, DIRTY):
                virsh(uri, "destroy", name, check=False)
                virsh(uri, "undefine", name, check=False)
        subprocess.run(["bash", HELPER, "stop", workdir], timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
        for image in images:
            if os.path.exists(image):
                os.unlink(image)


if __name__ == "__main__":
    main()
