#!/usr/bin/python3
"""System test: assisted recovery of a failed host's guests on another host.

Two hosts of second-host.sh (numbers 8 and 9: their own namespaces, host_uuid and VNC ports)
and real shared storage: an iSCSI target of the test's own (tgtd, on 127.0.0.1:3262, its LUN a
file holding the boot sector), which each host sees through an `iscsi-direct` pool (libiscsi,
no kernel initiator) of a different name, so that only the pool source (portal + target IQN)
says they are the same storage. Host A also has a `dir` pool of its own.

  Host A runs i14rec-san (its disk a volume of the iSCSI pool) and i14rec-local (its disk in
  A's dir pool). `vimana --connect A --connect B` with recovery-delay 10 s; once the app has
  kept A's guests and pools (its debug line), A's libvirtd and A's QEMU processes are killed
  (the failed host):
    -> the main window offers "Recover Guests"; the dialog lists i14rec-san as on storage B
       sees too and i14rec-local as in a pool only A has;
    -> "Start on Destination" stays insensitive until "<A> is really off" is checked;
  checked, pressed:
    -> `virsh -c B domstate i14rec-san` is running and its screen shows the banner; B has no
       i14rec-local; the dialog says "Running on <B>." and "Not started.".

Skips where tgtd or libvirt's iscsi-direct backend is missing (build-aux/setup.sh installs
them). Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS (build-aux/setup.sh test); root.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import vimanatest as vt  # noqa: E402
from test_migrate import has_state, second_virsh, texts  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER = os.path.join(HERE, "second-host.sh")
PORTAL = ("127.0.0.1", 3262)
CONTROL = "62"   # tgtd's control socket number: ours, not a system tgtd's
IQN = "iqn.2026-12.io.github.vimana:i14rec"
SHARED, LOCAL = "i14rec-san", "i14rec-local"
BACKEND = "/usr/lib/x86_64-linux-gnu/libvirt/storage-backend/libvirt_storage_backend_iscsi-direct.so"


def tgtadm(*args):
    subprocess.run(["tgtadm", "-C", CONTROL, "--lld", "iscsi", *args], check=True, timeout=30,
                   capture_output=True)


def start_target(lun):
    proc = subprocess.Popen(["tgtd", "-f", "-C", CONTROL, "--iscsi",
                             f"portal={PORTAL[0]}:{PORTAL[1]}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def up():
        return subprocess.run(["tgtadm", "-C", CONTROL, "--lld", "iscsi", "--op", "show",
                               "--mode", "target"], capture_output=True,
                              timeout=10).returncode == 0
    vt.wait_for(up, 30, "tgtd to answer")
    tgtadm("--op", "new", "--mode", "target", "--tid", "1", "-T", IQN)
    tgtadm("--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "-b", lun)
    tgtadm("--op", "bind", "--mode", "target", "--tid", "1", "-I", "ALL")
    return proc


def start_host(workdir, number):
    # Once to write its configuration, then with VNC ports of its own (as
    # test_evacuate_spread.py does: the hosts share the network).
    subprocess.run(["bash", HELPER, "start", workdir, str(number)], capture_output=True,
                   check=True, timeout=60)
    subprocess.run(["bash", HELPER, "stop", workdir], check=True, timeout=60)
    with open(os.path.join(workdir, "etc", "qemu.conf"), "a") as conf:
        conf.write(f"remote_display_port_min = {6000 + 100 * number}\n"
                   f"remote_display_port_max = {6099 + 100 * number}\n")
    return subprocess.run(["bash", HELPER, "start", workdir, str(number)], capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()


def define(uri, kind, xml):
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
    try:
        done = second_virsh(uri, kind, f.name)
        assert done.returncode == 0, f"{kind} on {uri}: {done.stderr}"
    finally:
        os.unlink(f.name)


def san_pool(name, initiator):
    return f"""<pool type='iscsi-direct'>
  <name>{name}</name>
  <source>
    <host name='{PORTAL[0]}' port='{PORTAL[1]}'/>
    <device path='{IQN}'/>
    <initiator><iqn name='{IQN}-{initiator}'/></initiator>
  </source>
</pool>"""


def guest_xml(name, disk):
    xml = vt.domain_xml(name, "/placeholder", "kvm" if vt.kvm_usable() else "qemu")
    old = """<disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/placeholder'/>"""
    assert old in xml
    return xml.replace(old, disk)


def pids_of_guests(names):
    """The QEMU processes running the named guests (their -name guest=NAME argument)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if not argv or b"qemu-system" not in argv[0]:
            continue
        for i, arg in enumerate(argv[:-1]):
            if arg == b"-name" and any(argv[i + 1].startswith(f"guest={n},".encode())
                                       for n in names):
                found.append(int(entry))
    return found


def banner_on(uri, name):
    with tempfile.TemporaryDirectory() as d:
        ppm = os.path.join(d, "s.ppm")
        if second_virsh(uri, "screenshot", name, ppm).returncode != 0:
            return False
        out = subprocess.run(["convert", ppm, "-format",
                              "%[fx:int(255*p{4,4}.r)],%[fx:int(255*p{4,4}.g)],"
                              "%[fx:int(255*p{4,4}.b)]", "info:"],
                             capture_output=True, text=True, check=True).stdout
    rgb = tuple(int(v) for v in out.strip().split(","))
    return all(abs(a - b) <= 12 for a, b in zip(rgb, vt.GUEST_COLOURS[False]))


def test():
    if shutil.which("tgtd") is None or not os.path.exists(BACKEND):
        raise vt.Skip("tgtd or libvirt's iscsi-direct storage backend is not installed")
    work = tempfile.mkdtemp(prefix="vimana-i14rec-")
    dir_a, dir_b = os.path.join(work, "a"), os.path.join(work, "b")
    cfg = os.path.join(work, "config")
    lun = os.path.join(work, "lun.img")
    target = None
    uri_a = uri_b = None
    try:
        bootsector.write_image(lun)
        os.truncate(lun, 8 << 20)
        target = start_target(lun)
        uri_a = start_host(dir_a, 8)
        uri_b = start_host(dir_b, 9)

        # A's own folder: /var/lib/libvirt/i14rec-local inside A's namespace.
        os.makedirs(os.path.join(dir_a, "lib", "i14rec-local"), exist_ok=True)
        local_image = os.path.join(dir_a, "lib", "i14rec-local", LOCAL + ".img")
        bootsector.write_image(local_image)
        os.chmod(local_image, 0o644)
        define(uri_a, "pool-define", """<pool type='dir'><name>i14rec-local</name>
  <target><path>/var/lib/libvirt/i14rec-local</path></target></pool>""")
        define(uri_a, "pool-define", san_pool("i14rec-san", "a"))
        define(uri_b, "pool-define", san_pool("i14rec-storage-b", "b"))
        for uri, pool in ((uri_a, "i14rec-local"), (uri_a, "i14rec-san"),
                          (uri_b, "i14rec-storage-b")):
            done = second_virsh(uri, "pool-start", pool)
            assert done.returncode == 0, f"pool-start {pool}: {done.stderr}"
        define(uri_a, "define", guest_xml(SHARED, """<disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/>
      <source pool='i14rec-san' volume='unit:0:0:1'/>"""))
        define(uri_a, "define", guest_xml(LOCAL, f"""<disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/i14rec-local/{LOCAL}.img'/>"""))
        for name in (SHARED, LOCAL):
            done = second_virsh(uri_a, "start", name)
            assert done.returncode == 0, f"start {name}: {done.stderr}"

        os.makedirs(os.path.join(cfg, "glib-2.0", "settings"))
        with open(os.path.join(cfg, "glib-2.0", "settings", "keyfile"), "w") as f:
            f.write("[io/github/vimana/Vimana]\nrecovery-delay=10\n")
        proc = vt.launch_app("--connect", uri_a, "--connect", uri_b,
                             env={"XDG_CONFIG_HOME": cfg, "G_MESSAGES_DEBUG": "vimana-migration"})
        app = vt.find_app(None, pid=proc.pid, timeout=30)
        window = vt.find(app, role="frame", timeout=30)

        def kept():
            with open(proc.logfile) as f:
                return re.search(re.escape(uri_a) + r": kept 2 running guests and \d+ pools",
                                 f.read()) is not None
        vt.wait_for(kept, 60, "the app to keep A's guests and pools")

        # The failed host: its daemon and its guests' QEMU processes die at once.
        with open(os.path.join(dir_a, "run", "libvirtd.pid")) as f:
            daemon = int(f.read().strip())
        qemus = pids_of_guests((SHARED, LOCAL))
        assert len(qemus) == 2, f"QEMU processes of A's guests: {qemus}"
        for pid in [daemon, *qemus]:
            os.kill(pid, signal.SIGKILL)
        vt.log(f"killed A's libvirtd {daemon} and QEMU {qemus}")

        recover = vt.find(window, role="push button", name="Recover Guests", timeout=90)
        vt.wait_for(lambda: has_state(recover, "showing"), 90, "the recovery bar")
        vt.click(recover)
        dialog = vt.find(app, role="dialog", name="Recover Guests", timeout=30)

        def listed():
            rows = [r.name for r in vt.find_all(dialog, role="list item")]
            return (any(r.startswith(SHARED + ": Its disk is on storage") for r in rows)
                    and any(r.startswith(LOCAL + ": Disk hda is in pool “i14rec-local” (dir), "
                                         "storage that only") for r in rows))
        try:
            vt.wait_for(listed, 60, "both guests listed with their reasons")
        except TimeoutError:
            vt.log("rows: " + " | ".join(r.name for r in vt.find_all(dialog, role="list item")))
            raise
        start = vt.find(dialog, role="push button", name="Start on Destination", timeout=10)
        assert not has_state(start, "sensitive"), "Start is offered before the confirmation"
        confirm = next(c for c in vt.find_all(dialog, role="check box")
                       if c.name.endswith(" is really off"))
        vt.click(confirm)
        vt.wait_for(lambda: has_state(start, "sensitive"), 10, "Start after the confirmation")
        vt.click(start)

        def running():
            done = second_virsh(uri_b, "domstate", SHARED)
            return done.returncode == 0 and done.stdout.strip() == "running"
        vt.wait_for(running, 60, f"{SHARED} running on B")
        vt.wait_for(lambda: banner_on(uri_b, SHARED), 60, f"{SHARED}'s banner on B")
        assert second_virsh(uri_b, "domstate", LOCAL).returncode != 0, f"{LOCAL} reached B"
        vt.wait_for(lambda: any(t.startswith("Running on ") for t in texts(dialog))
                    and "Not started." in texts(dialog), 30, "the result lines")
        disk = second_virsh(uri_b, "dumpxml", SHARED).stdout
        assert "pool='i14rec-storage-b'" in disk, "the disk is not on B's own pool"
        vt.stop_apps()
    finally:
        vt.stop_apps()
        if uri_b:
            second_virsh(uri_b, "destroy", SHARED)
            second_virsh(uri_b, "undefine", SHARED)
        for qemu in pids_of_guests((SHARED, LOCAL)):
            os.kill(qemu, signal.SIGKILL)
        for d in (dir_a, dir_b):
            if os.path.isdir(d):
                subprocess.run(["bash", HELPER, "stop", d], timeout=60)
        if target is not None:
            target.kill()
            target.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
