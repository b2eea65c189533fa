#!/usr/bin/python3
"""System test: live migration to a second host from the Migrate dialog, and Cancel.

A second libvirt host (second-host.sh: its own mount and UTS namespaces, its own host_uuid,
the images folder shared, reached through its UNIX socket) runs beside the test's libvirtd.
`vimana --connect qemu:///system --connect <second> --show-migrate vimana-test-mig` opens the
Migrate dialog; through AT-SPI the address override is set to 127.0.0.1 (loopback only),
"Migrate anyway" is checked if a line is red (the shared image is in no pool of the second
host), and Migrate pressed:

  -> `virsh -c <second> domstate vimana-test-mig` is running, the first host no longer runs it,
     and the guest's line says it now runs on the second host.

Then a busy guest (vimana-test-migbusy) with the bandwidth limited to 1 MiB/s: Migrate, wait
for its progress line ("remaining"), Cancel:

  -> its line says the migration was cancelled, it still runs on the first host and nothing
     of it is defined on the second.

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


def open_dialog(uri2, name, bandwidth=0):
    proc = vt.launch_app("--connect", vt.URI, "--connect", uri2, "--show-migrate", name)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    dialog = vt.find(app, role="dialog", name="Migrate Guest", timeout=30)
    address = vt.find(dialog, role="text", name="Destination address", timeout=10)
    address.queryEditableText().setTextContents("127.0.0.1")
    spin = None
    if bandwidth:
        spin = vt.find(dialog, role="spin button", name="Bandwidth limit", timeout=10)
        spin.queryValue().currentValue = float(bandwidth)
    migrate = vt.find(dialog, role="push button", name="Migrate", timeout=10)

    def ready():
        # The dialog fills its fields as the destination's answers arrive: set the limit
        # again until it holds, so a busy machine cannot race it back to "none".
        if spin is not None and spin.queryValue().currentValue != float(bandwidth):
            spin.queryValue().currentValue = float(bandwidth)
            return False
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

        busy = vt.define_guest("migbusy", busy=True, start=True)
        proc, dialog, migrate = open_dialog(uri2, busy, bandwidth=1)
        vt.click(migrate)
        vt.wait_for(lambda: any("remaining" in t for t in texts(dialog)), 60,
                    "the migration's progress line")
        vt.click(vt.find(dialog, role="push button", name="Cancel", timeout=10))
        vt.wait_for(lambda: any("The migration was cancelled" in t for t in texts(dialog)), 60,
                    "the cancelled line")
        assert first_state(busy) == "running", f"{busy} is {first_state(busy)} on the first host"
        names = second_virsh(uri2, "list", "--all", "--name").stdout.split()
        assert busy not in names, f"{busy} is defined on the second host: {names}"
        vt.log(f"{busy}: cancelled, still running on the first host")
        vt.stop_apps()
    finally:
        subprocess.run(["bash", os.path.join(HERE, "second-host.sh"), "stop", workdir],
                       timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
