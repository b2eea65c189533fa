#!/usr/bin/python3
"""System test: a balance proposal on a lopsided pair of hosts, applied from the Hosts window.

A second libvirt host (second-host.sh, number 7: its own namespaces and host_uuid, the images
folder shared) runs beside the test's libvirtd. Both are this machine, so both report the same
node CPU and memory: the lopsidedness comes from the guests. Two busy boot-sector guests (they
spin instead of halting) run on the first host, none on the second.

  `vimana --connect <first> --connect <second> --show-hosts` opens the Hosts window:
    -> within the sampler's first minute it proposes moving one of the busy guests (an Apply
       button "Apply: Move “<busy guest>” from QEMU/KVM on <this host> to QEMU/KVM on
       vimana-host-7…");
  its Apply opens the Migrate dialog with the destination chosen; through AT-SPI the address
  override is set to 127.0.0.1 (loopback only), "Migrate anyway" checked if a line is red (the
  shared image is in no pool of the second host), and Migrate pressed:
    -> `virsh -c <second> domstate` says running for the proposed guest, it is gone from the
       first host, and the other busy guest still runs on the first host.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); root for the second host's namespaces.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
from test_migrate import first_state, has_state, second_virsh, showing, texts, UNSAFE  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GUESTS = ("i14bal-busy1", "i14bal-busy2")


def test():
    workdir = tempfile.mkdtemp(prefix="vimana-i14bal-host-")
    data_home = tempfile.mkdtemp(prefix="vimana-i14bal-data-")
    helper = os.path.join(HERE, "second-host.sh")
    names = []
    uri2 = None
    try:
        uri2 = subprocess.run(["bash", helper, "start", workdir, "7"], capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()
        names = [vt.define_guest(g, busy=True, start=True) for g in GUESTS]

        proc = vt.launch_app("--connect", vt.URI, "--connect", uri2, "--show-hosts",
                             env={"XDG_DATA_HOME": data_home})
        app = vt.find_app(None, pid=proc.pid, timeout=30)
        window = vt.find(app, role="frame", name="Hosts", timeout=30)
        pattern = re.compile(r"^Apply: Move “(" + "|".join(map(re.escape, names)) + r")” from ")
        buttons = []

        def proposed():
            # Named by the hosts' names once their identities are read, not both "QEMU/KVM".
            buttons[:] = [b for b in vt.find_all(window, role="push button")
                          if b.name and pattern.match(b.name)
                          and " to QEMU/KVM on vimana-host-7" in b.name]
            return len(buttons) > 0
        try:
            vt.wait_for(proposed, 90, "a proposal to move a busy guest", interval=0.5)
        except TimeoutError:
            vt.log("hosts window: " + " | ".join(texts(window)))
            raise
        vt.log(f"proposal: {buttons[0].name}")
        moving = pattern.match(buttons[0].name).group(1)
        staying = next(n for n in names if n != moving)
        vt.click(buttons[0])

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
        vt.wait_for(ready, 60, "Migrate to become sensitive (after the pre-flight checks)")
        vt.click(migrate)
        vt.wait_for(lambda: second_virsh(uri2, "domstate", moving).stdout.strip() == "running",
                    120, f"{moving} running on the second host")
        vt.wait_for(lambda: first_state(moving) in (None, "shut off"), 30,
                    f"{moving} gone from the first host")
        assert first_state(staying) == "running", f"{staying} should still run on the first host"
        assert second_virsh(uri2, "domstate", staying).returncode != 0, \
            f"{staying} should not be on the second host"
        vt.stop_apps()
    finally:
        vt.stop_apps()
        if uri2 is not None:
            for name in names:
                second_virsh(uri2, "destroy", name)
                second_virsh(uri2, "undefine", name)
        subprocess.run(["bash", helper, "stop", workdir], timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(data_home, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
