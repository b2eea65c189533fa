#!/usr/bin/python3
"""System test: a DHCP reservation added and removed on the Host window's Networks page.

Issue 16, item 4, on qemu:///system: an isolated network i16leases-net with DHCP is defined
and started with virsh; the app, driven through AT-SPI, selects it on the Networks page, types
a MAC and an IP (a MAC that is not one is refused beside its field first), adds the
reservation, and virsh net-dumpxml (live and --inactive) has the <host> element; the XML tab
shows it too. Removing it from the app takes it out of both definitions. The network is
destroyed and undefined at the end, whatever happened.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

NETWORK = "i16leases-net"
MAC = "52:54:00:16:4e:01"
IP = "192.168.216.50"
NETWORK_XML = f"""<network>
  <name>{NETWORK}</name>
  <bridge name='virbr-i16l'/>
  <ip address='192.168.216.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.216.100' end='192.168.216.200'/></dhcp>
  </ip>
</network>
"""


def remove_network():
    vt.virsh("net-destroy", NETWORK, check=False)
    vt.virsh("net-undefine", NETWORK, check=False)


def dumpxml(*flags):
    return vt.virsh("net-dumpxml", *flags, NETWORK)


def has_host(xml):
    return f"mac='{MAC}'" in xml and f"ip='{IP}'" in xml


def set_text(acc, text):
    acc.queryEditableText().setTextContents(text)


def test():
    remove_network()
    path = vt.artifact_path(f"{NETWORK}.xml")
    with open(path, "w") as f:
        f.write(NETWORK_XML)
    try:
        vt.virsh("net-define", path)
        vt.virsh("net-start", NETWORK)

        proc = vt.launch_app("--connect", vt.URI, "--show-host-networks")
        app = vt.find_app(pid=proc.pid)
        table = vt.find(app, role="table", name="Virtual networks", timeout=20)
        vt.wait_for(lambda: vt.find_row(table, NETWORK) is not None, 20, "the network's row")
        assert vt.select_row(table, vt.find_row(table, NETWORK))

        mac = vt.find(app, role="text", name="MAC address", timeout=5)
        ip = vt.find(app, role="text", name="IP address", timeout=5)
        add = vt.find(app, role="push button", name="Add Reservation", timeout=5)

        # Checked as typed: a bad MAC is refused beside its field and Add stays insensitive.
        set_text(mac, "52:54:00:zz:00:01")
        set_text(ip, IP)
        vt.wait_for(lambda: any("not a MAC address" in (lbl.name or "")
                                for lbl in vt.find_all(app, role="label")), 5, "the MAC's message")
        assert not add.getState().contains(vt._pyatspi().STATE_SENSITIVE)

        set_text(mac, MAC)
        vt.wait_for(lambda: add.getState().contains(vt._pyatspi().STATE_SENSITIVE), 5,
                    "Add Reservation to become sensitive")
        vt.click(add)
        vt.wait_for(lambda: has_host(dumpxml()), 20, "the reservation in net-dumpxml")
        assert has_host(dumpxml("--inactive")), dumpxml("--inactive")
        vt.log(dumpxml())

        # The reservations table and the XML tab follow.
        reservations = vt.find(app, role="table", name="DHCP reservations", timeout=5)
        vt.wait_for(lambda: vt.find_row(reservations, MAC) is not None, 10, "the reservation row")
        vt.click(vt.find(app, role="radio button", name="XML", timeout=5))
        xml_view = vt.find(app, name="Network XML", timeout=10)
        vt.wait_for(lambda: has_host(xml_view.queryText().getText(0, -1)), 10,
                    "the reservation in the XML tab")

        assert vt.select_row(reservations, vt.find_row(reservations, MAC))
        remove = vt.find(app, role="push button", name="Remove Reservation", timeout=5)
        vt.wait_for(lambda: remove.getState().contains(vt._pyatspi().STATE_SENSITIVE), 5,
                    "Remove Reservation to become sensitive")
        vt.click(remove)
        vt.wait_for(lambda: not has_host(dumpxml()), 20, "the reservation to leave net-dumpxml")
        assert not has_host(dumpxml("--inactive")), dumpxml("--inactive")
    finally:
        vt.stop_apps()
        remove_network()


if __name__ == "__main__":
    vt.run(test)
