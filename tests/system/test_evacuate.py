#!/usr/bin/python3
"""System test: host maintenance, Evacuate Host then Return Guests, with a second host.

The second libvirt host of second-host.sh (its own namespaces and host_uuid, the images folder
shared) runs beside the test's libvirtd. Two boot-sector guests run on the first host.

  `vimana --connect <first> --connect <second> --show-evacuate <first>` opens Evacuate Host
  with both guests; through AT-SPI the address override is set to 127.0.0.1 (loopback only),
  "Migrate anyway" is checked if a line is red (the shared image is in no pool of the second
  host), and Migrate pressed:
    -> `virsh -c <second> domstate` says running for both, the first host no longer has them,
       and the file of evacuated guests names each UUID with the first host as its origin.
  A new `vimana ... --show-return <first>` (same data folder) opens Return Guests with both,
  the first host chosen as the destination; Migrate:
    -> both run on the first host again, are gone from the second, and the file lists none.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); root for the second host's namespaces.
"""
import configparser
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
from test_migrate import first_state, has_state, second_virsh, showing, texts, UNSAFE  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GUESTS = ("i14maint-ev1", "i14maint-ev2")


def open_dialog(title, env, *args):
    proc = vt.launch_app(*args, env=env)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    dialog = vt.find(app, role="dialog", name=title, timeout=30)
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
    return dialog, migrate


def origins(data_home):
    path = os.path.join(data_home, "vimana", "evacuated-guests.ini")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    return {uuid: dict(parser[uuid]) for uuid in parser.sections()}


def uuid_of(name):
    return vt.virsh("domuuid", name).strip()


def test():
    workdir = tempfile.mkdtemp(prefix="vimana-second-host-")
    data_home = tempfile.mkdtemp(prefix="vimana-test-data-")
    env = {"XDG_DATA_HOME": data_home}
    uri2 = subprocess.run(["bash", os.path.join(HERE, "second-host.sh"), "start", workdir, "3"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    names = []
    try:
        names = [vt.define_guest(g, start=True) for g in GUESTS]
        uuids = {name: uuid_of(name) for name in names}

        dialog, migrate = open_dialog("Evacuate Host", env, "--connect", vt.URI, "--connect",
                                      uri2, "--show-evacuate", vt.URI)
        vt.wait_for(lambda: any(all(n in t for n in names) for t in texts(dialog)), 10,
                    "both guests named in the dialog")
        vt.click(migrate)
        for name in names:
            vt.wait_for(lambda: second_virsh(uri2, "domstate", name).stdout.strip() == "running",
                        180, f"{name} running on the second host")
            vt.wait_for(lambda: first_state(name) in (None, "shut off"), 30,
                        f"{name} gone from the first host")
        vt.wait_for(lambda: sum("now runs on" in t for t in texts(dialog)) >= len(names), 30,
                    "both result lines")
        evacuated = origins(data_home)
        for name in names:
            entry = evacuated.get(uuids[name])
            assert entry is not None, f"{name} ({uuids[name]}) is not in {evacuated}"
            assert entry["from"] == vt.URI and entry["to"] == uri2, entry
            assert entry["name"] == name, entry
        vt.log(f"evacuated {', '.join(names)} to {uri2}")
        vt.stop_apps()

        dialog, migrate = open_dialog("Return Guests", env, "--connect", vt.URI, "--connect",
                                      uri2, "--show-return", vt.URI)
        vt.wait_for(lambda: any(all(n in t for n in names) for t in texts(dialog)), 10,
                    "both guests named in the dialog")
        vt.click(migrate)
        for name in names:
            vt.wait_for(lambda: first_state(name) == "running", 180,
                        f"{name} running on the first host again")
            vt.wait_for(lambda: second_virsh(uri2, "domstate", name).returncode != 0
                        or second_virsh(uri2, "domstate", name).stdout.strip() == "shut off",
                        30, f"{name} gone from the second host")
        vt.wait_for(lambda: origins(data_home) == {}, 30, "the file of evacuated guests emptied")
        vt.log(f"returned {', '.join(names)} to {vt.URI}")
        vt.stop_apps()
    finally:
        vt.stop_apps()
        for name in names:
            second_virsh(uri2, "destroy", name)
            second_virsh(uri2, "undefine", name)
        subprocess.run(["bash", os.path.join(HERE, "second-host.sh"), "stop", workdir],
                       timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(data_home, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
