#!/usr/bin/python3
"""System test: Evacuate Host spread over two other hosts by the balance rules.

Two second hosts of second-host.sh (numbers 4 and 5: their own namespaces and host_uuid, the
images folder shared) run beside the test's libvirtd. Two idle boot-sector guests run on the
first host; the other two hosts are the same machine, so their loads are within the balance
spread of each other and the tie goes to the host with fewer guests: one guest each.

  `vimana --connect <first> --connect <4> --connect <5> --show-evacuate <first>` opens
  Evacuate Host; through AT-SPI the address override is set to 127.0.0.1 (loopback only) and
  the destination "Spread over the hosts (balance rules)" chosen:
    -> the checklist says "<guest> goes to <host>." for each guest;
  "Migrate anyway" is checked if a line is red (the shared image is in no pool there), and
  Migrate pressed:
    -> `virsh domstate` says running for one guest on host 4 and the other on host 5, and the
       first host no longer has them.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); root for the second hosts' namespaces.
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
GUESTS = ("i14more-sp1", "i14more-sp2")
SPREAD = "Spread over the hosts (balance rules)"


def choose(combo, label):
    items = vt.find_all(combo, role="menu item")
    index = next(i for i, item in enumerate(items) if item.name == label)
    # Through the combo box's Selection (an item's click would pop up a menu under a grab).
    assert combo.querySelection().selectChild(index), f"could not choose {label!r}"


def where(names, uris):
    """Each guest's host among uris, where it runs there."""
    found = {}
    for name in names:
        for uri in uris:
            done = second_virsh(uri, "domstate", name)
            if done.returncode == 0 and done.stdout.strip() == "running":
                found[name] = uri
    return found


def test():
    workdirs = [tempfile.mkdtemp(prefix="vimana-i14more-host-") for _ in range(2)]
    data_home = tempfile.mkdtemp(prefix="vimana-i14more-data-")
    uris = []
    names = []
    try:
        for number, workdir in zip((4, 5), workdirs):
            helper = os.path.join(HERE, "second-host.sh")
            # Started once to write its configuration, then again with a VNC port range of its
            # own: both hosts share the network, and two guests arriving at once on two hosts
            # would otherwise both take the first free port.
            subprocess.run(["bash", helper, "start", workdir, str(number)], capture_output=True,
                           check=True, timeout=60)
            subprocess.run(["bash", helper, "stop", workdir], check=True, timeout=60)
            with open(os.path.join(workdir, "etc", "qemu.conf"), "a") as conf:
                conf.write(f"remote_display_port_min = {6000 + 100 * number}\n"
                           f"remote_display_port_max = {6099 + 100 * number}\n"
                           # Incoming migrations too: two arriving at once took the same port.
                           f"migration_port_min = {50000 + 100 * number}\n"
                           f"migration_port_max = {50099 + 100 * number}\n")
            uris.append(subprocess.run(["bash", helper, "start", workdir, str(number)],
                                       capture_output=True, text=True, check=True,
                                       timeout=60).stdout.strip())
        names = [vt.define_guest(g, start=True) for g in GUESTS]

        proc = vt.launch_app("--connect", vt.URI, "--connect", uris[0], "--connect", uris[1],
                             "--show-evacuate", vt.URI, env={"XDG_DATA_HOME": data_home,
                                                               "G_MESSAGES_DEBUG": "vimana-migrate-dialog"})
        app = vt.find_app(None, pid=proc.pid, timeout=30)
        dialog = vt.find(app, role="dialog", name="Evacuate Host", timeout=30)
        address = vt.find(dialog, role="text", name="Destination address", timeout=10)
        address.queryEditableText().setTextContents("127.0.0.1")
        # The destination combo: the one that offers the spread, after the two other hosts.
        combos = []

        def offered():
            combos[:] = [c for c in vt.find_all(dialog, role="combo box")
                         if any(i.name == SPREAD for i in vt.find_all(c, role="menu item"))]
            return len(combos) == 1
        vt.wait_for(offered, 30, "the spread destination offered")
        choose(combos[0], SPREAD)

        lines = {}

        def planned():
            lines.clear()
            for text in texts(dialog):
                for name in names:
                    match = re.search(re.escape(name) + r" goes to (.+)\.$", text)
                    if match:
                        lines[name] = match.group(1)
            return len(lines) == len(names)
        vt.wait_for(planned, 30, "a destination line for each guest")
        vt.log(f"planned: {lines}")
        # The lines name the hosts by their host names (second-host.sh's "vimana-host-N"),
        # not by the connections' one name "QEMU/KVM".
        assert set(lines.values()) == {"QEMU/KVM on vimana-host-4", "QEMU/KVM on vimana-host-5"}, \
            f"the lines do not name both hosts: {lines}"

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
        try:
            vt.wait_for(lambda: len(where(names, uris)) == len(names), 180,
                        "both guests running on the other hosts")
        except TimeoutError:
            vt.log("dialog: " + " | ".join(t for t in texts(dialog) if any(n in t for n in names)))
            raise
        placed = where(names, uris)
        vt.log(f"placed: {placed}")
        assert set(placed.values()) == set(uris), f"not one guest a host: {placed}"
        for name in names:
            vt.wait_for(lambda: first_state(name) in (None, "shut off"), 30,
                        f"{name} gone from the first host")
        vt.wait_for(lambda: sum("now runs on" in t for t in texts(dialog)) >= len(names), 30,
                    "both result lines")
        vt.stop_apps()
    finally:
        vt.stop_apps()
        for uri in uris:
            for name in names:
                second_virsh(uri, "destroy", name)
                second_virsh(uri, "undefine", name)
        for workdir in workdirs:
            subprocess.run(["bash", os.path.join(HERE, "second-host.sh"), "stop", workdir],
                           timeout=60)
            shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(data_home, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
