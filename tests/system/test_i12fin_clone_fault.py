#!/usr/bin/python3
"""System test: libvirtd killed in the middle of a full clone; the half-written volume goes when
the app reconnects.

Issue 12, "Bad input and faults": "libvirtd going away in the middle of a clone: the partial
volumes are removed when it comes back". The libvirtd killed is the test's own: a session
daemon it starts as the user nobody, with a HOME and XDG_RUNTIME_DIR in a temporary folder, and
reaches as qemu:///session?socket=… (the system daemon is shared with whatever else runs on
the machine, and is not this test's to kill). A dir pool vimana-test-i12fin-pool (autostart, so
it is there again after the restart) holds a qcow2 source with 3 GiB of data (qemu-io writes
it), defined as the guest vimana-test-i12fin-big. `vimana --connect URI --show-clone` on it: the
disk's choice "Full copy", the name vimana-test-i12fin-big-copy, Clone. As soon as `virsh
vol-list` shows the copy's volume (libvirt lists a volume it is building), the daemon is killed
(SIGKILL, a crash) and started again. Then:

- the copy's line in the dialog does not say "Made." and no guest vimana-test-i12fin-big-copy
  is defined;
- once the app has reconnected, `virsh vol-list` has no volume vimana-test-i12fin-big-copy.qcow2
  (the app's clone journal, under the XDG_STATE_HOME given to it, listed it and the app deleted
  it: its log says "Deleted vimana-test-i12fin-pool/…", and the journal file is gone).

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS, root (to start the daemon as nobody).
"""
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_reconnect as rc  # noqa: E402  (alive())
from test_clone import choose, copy_line, has_state, text_of  # noqa: E402

TIMEOUT = 30.0
RECONNECT_TIMEOUT = 90.0
POOL = vt.PREFIX + "i12fin-pool"
BIG = vt.PREFIX + "i12fin-big"
COPY = BIG + "-copy"
DATA_GIB = 3
HOME = None      # the daemon's HOME, a temporary folder
URI = None


def virsh(*args, check=True):
    res = subprocess.run(["virsh", "-c", URI, *args], capture_output=True, text=True, timeout=60)
    if check and res.returncode != 0:
        raise RuntimeError(f"virsh {' '.join(args)}: {res.stderr.strip()}")
    return res.stdout.strip()


def as_nobody(*args, **kwargs):
    env = {"HOME": HOME, "XDG_RUNTIME_DIR": os.path.join(HOME, "run"),
           "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    return subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           "env", "-i", *[f"{k}={v}" for k, v in env.items()], *args],
                          cwd=HOME, **kwargs)


def daemon_pid():
    try:
        with open(os.path.join(HOME, "run", "libvirtd.pid")) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def daemon_answers():
    return subprocess.run(["virsh", "-c", URI, "version"], capture_output=True,
                          timeout=30).returncode == 0


def start_daemon():
    try:
        os.unlink(os.path.join(HOME, "run", "libvirtd.pid"))
    except FileNotFoundError:
        pass
    as_nobody("libvirtd", "-d", "--pid-file", os.path.join(HOME, "run", "libvirtd.pid"),
              check=True, timeout=30)
    pid = vt.wait_for(lambda: (p := daemon_pid()) and rc.alive(p) and p, 10,
                      "the session libvirtd to write its pid")
    vt.wait_for(daemon_answers, 30, f"the session libvirtd (pid {pid}) to answer", interval=0.2)
    vt.log(f"session libvirtd: pid {pid}")
    return pid


def stop_daemon(sig=signal.SIGTERM):
    pid = daemon_pid()
    if pid is None or not rc.alive(pid):
        return
    os.kill(pid, sig)
    vt.wait_for(lambda: not rc.alive(pid), 30, f"the session libvirtd (pid {pid}) to exit")


def copiers():
    """qemu-img processes still writing into the test's folder (a killed daemon's children)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if HOME.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def volumes():
    out = virsh("vol-list", POOL, check=False)
    return sorted(line.split()[0] for line in out.splitlines()[2:] if line.strip())


def make_source():
    pool_dir = os.path.join(HOME, "pool")
    os.makedirs(pool_dir, mode=0o755)
    shutil.chown(pool_dir, "nobody", "nogroup")
    virsh("pool-define-as", POOL, "dir", "--target", pool_dir)
    virsh("pool-start", POOL)
    virsh("pool-autostart", POOL)
    image = os.path.join(pool_dir, BIG + ".qcow2")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image, f"{DATA_GIB + 1}G"],
                   check=True)
    # Data, not zeros: qemu-img convert copies every cluster of it.
    writes = [arg for g in range(DATA_GIB) for arg in ("-c", f"write -P 0x5a {1 + g * 1024}M 1G")]
    subprocess.run(["qemu-io", "-f", "qcow2", *writes, image], check=True, capture_output=True,
                   timeout=600)
    shutil.chown(image, "nobody", "nogroup")
    xml = vt.domain_xml(BIG, image, "qemu").replace("type='raw'", "type='qcow2'")
    path = os.path.join(HOME, "guest.xml")
    with open(path, "w") as f:
        f.write(xml)
    virsh("define", path)
    virsh("pool-refresh", POOL)


def app_log(proc):
    with open(proc.logfile, errors="replace") as f:
        return f.read()


def test():
    global HOME, URI
    if os.geteuid() != 0:
        raise vt.Skip("needs root to start a libvirtd as nobody")
    if shutil.which("libvirtd") is None or shutil.which("qemu-io") is None:
        raise vt.Skip("needs libvirtd and qemu-io")
    HOME = tempfile.mkdtemp(prefix="i12fin-session-")
    os.chmod(HOME, 0o755)
    os.makedirs(os.path.join(HOME, "run"), mode=0o700)
    for d in (HOME, os.path.join(HOME, "run")):
        shutil.chown(d, "nobody", "nogroup")
    URI = f"qemu:///session?socket={HOME}/run/libvirt/libvirt-sock"
    state = tempfile.mkdtemp(prefix="i12fin-state-")
    journal = os.path.join(state, "vimana", "clone-journal",
                           hashlib.sha256(URI.encode()).hexdigest() + ".ini")
    try:
        start_daemon()
        make_source()
        vt.log(f"volumes before: {volumes()}")
        proc = vt.launch_app("--connect", URI, "--show-clone", BIG,
                             env={"XDG_STATE_HOME": state})
        app = vt.find_app(None, pid=proc.pid, timeout=30)
        dialog = vt.find(app, role="dialog", name="Clone Guest", timeout=TIMEOUT)
        entry = vt.find(dialog, role="text", name="Name", timeout=TIMEOUT)
        vt.wait_for(lambda: text_of(entry) == BIG + "-clone", TIMEOUT, "the suggested name")
        entry.queryEditableText().setTextContents(COPY)
        combo = vt.find(dialog, role="combo box", name="What becomes of hda", timeout=TIMEOUT)
        choose(combo, "Full copy")
        clone_button = vt.find(dialog, role="push button", name="Clone", timeout=5)
        vt.wait_for(lambda: has_state(clone_button, "sensitive"), TIMEOUT,
                    "Clone to be sensitive")
        vt.click(clone_button)

        vt.wait_for(lambda: COPY + ".qcow2" in volumes(), 60, "the copy's volume being written",
                    interval=0.1)
        line = copy_line(dialog, COPY)
        vt.log(f"copy's line when libvirtd is killed: {line!r}")
        assert os.path.exists(journal), "no clone journal while the copy is written"
        stop_daemon(signal.SIGKILL)
        vt.wait_for(lambda: not copy_line(dialog, COPY).startswith(("Making", "Waiting")), 60,
                    "the copy's line to say how it ended")
        line = copy_line(dialog, COPY)
        vt.log(f"copy's line after the kill: {line!r}")
        vt.screenshot("test_i12fin_clone_fault-cut")
        assert line != "Made.", line
        t_up = time.monotonic()
        start_daemon()

        # The app reconnects (after 1, 2, 4… s) and deletes what the journal lists.
        vt.wait_for(lambda: COPY + ".qcow2" not in volumes(), RECONNECT_TIMEOUT,
                    "the partial volume to be deleted after the reconnect", interval=0.5)
        vt.log(f"partial volume deleted {time.monotonic() - t_up:.1f} s after the restart")
        left = volumes()
        vt.log(f"volumes after the reconnect: {left}")
        assert BIG + ".qcow2" in left, left
        vt.wait_for(lambda: f"Deleted {POOL}/{COPY}.qcow2" in app_log(proc), TIMEOUT,
                    "the app's log to say it deleted the partial volume")
        assert not os.path.exists(journal), "the journal still lists volumes"
        assert COPY not in virsh("list", "--all", "--name").split()
        assert proc.poll() is None, f"the app exited ({proc.returncode})"
    finally:
        vt.stop_apps()
        stop_daemon()
        # What the killed daemon left running ends by itself once its copy is written.
        try:
            vt.wait_for(lambda: not copiers(), 120, "the killed daemon's copy to end")
        except TimeoutError:
            vt.log(f"still running in {HOME}: {copiers()}")
        shutil.rmtree(HOME, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
