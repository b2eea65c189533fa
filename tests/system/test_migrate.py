#!/usr/bin/python3
"""System test: live migration to a second host from the Migrate dialog.

A second libvirt host (second-host.sh: its own mount and UTS namespaces, its own host_uuid,
the images folder shared, reached through its UNIX socket) runs beside the test's libvirtd.
`vimana --connect qemu:///system --connect <second> --show-migrate vimana-test-mig` opens the
Migrate dialog; through AT-SPI the address override is set to 127.0.0.1 (loopback only),
"Migrate anyway" is checked if a line is red (the shared image is in no pool of the second
host), and Migrate pressed:

  -> `virsh -c <second> domstate vimana-test-mig` is running, the first host no longer runs it,
     and the guest's line says it now runs on the second host.

Cancel has no system test yet: a boot-sector guest's memory is nearly all zero pages, which
QEMU sends without using the bandwidth limit, so even at 1 MiB/s the migration ends before a
Cancel can land (an earlier version of this test passed only when it won that race). It needs
a guest that dirties its memory.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); root for the second host's namespaces.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
UNSAFE = "Migrate anyway: I know what the red lines mean (unsafe)"


def texts(root):
    out = []
    for acc in vt.find_all(root):
        try:
            if acc.name:
                out.append(acc.name)
        except Exception:
            pass
        try:
            out.append(acc.queryText().getText(0, -1))
        except Exception:
            pass
    return out


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def showing(root, role, name):
    return next((a for a in vt.find_all(root, role=role, name=name) if has_state(a, "showing")), None)


def second_virsh(uri, *args):
    return subprocess.run(["virsh", "-q", "-c", uri, *args], capture_output=True, text=True,
                          timeout=60)


def first_state(name):
    """The guest's state on the first host, None once it is not defined there."""
    done = subprocess.run(["virsh", "-q", "-c", vt.URI, "domstate", name], capture_output=True,
                          text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else None


def open_dialog(uri2, name):
    proc = vt.launch_app("--connect", vt.URI, "--connect", uri2, "--show-migrate", name)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    dialog = vt.find(app, role="dialog", name="Migrate Guest", timeout=30)
    address = vt.find(dialog, role="text", name="Destination address", timeout=10)
    address.queryEditableText().setTextContents("127.0.0.1")
    migrate = vt.find(dialog, role="push button", name="Migrate", timeout=10)

    def ready():
        if has_state(migrate, "sensitive"):
            return True
        unsafe = showing(dialog, "check box", UNSAFE)
        if unsafe is not None and not has_state(unsafe, "checked"):
            vt.click(unsafe)
        return False
    vt.wait_for(ready, 30, "Migrate to become sensitive (after the pre-flight checks)")
    return proc, dialog, migrate


def test():
    workdir = tempfile.mkdtemp(prefix="vimana-second-host-")
    uri2 = subprocess.run(["bash", os.path.join(HERE, "second-host.sh"), "start", workdir, "2"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    try:
        name = vt.define_guest("mig", start=True)
        proc, dialog, migrate = open_dialog(uri2, name)
        vt.click(migrate)
        vt.wait_for(lambda: second_virsh(uri2, "domstate", name).stdout.strip() == "running",
                    120, f"{name} running on the second host")
        vt.wait_for(lambda: first_state(name) in (None, "shut off"), 30,
                    f"{name} gone from the first host")
        vt.wait_for(lambda: any("now runs on" in t for t in texts(dialog)), 30,
                    "the guest's result line")
        vt.log(f"{name} migrated to {uri2}")
        vt.stop_apps()
        second_virsh(uri2, "destroy", name)
        second_virsh(uri2, "undefine", name)

    finally:
        subprocess.run(["bash", os.path.join(HERE, "second-host.sh"), "stop", workdir],
                       timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
