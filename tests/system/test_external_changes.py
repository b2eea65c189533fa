#!/usr/bin/python3
"""System test: the domain list follows changes made by another libvirt client.

vimana --connect qemu:///system is driven through AT-SPI while `virsh` defines,
starts, destroys and undefines a guest; after each step the row for the guest must
show the new state.  Latencies (virsh returned -> row updated) are printed; the
waits allow 5 s, the target is under 1 s.

Contract with the app: a frame named "Vimana" contains a tree table (GtkTreeView)
named "Domains"; domains are rows under their connection's row; column 0 is the
domain name and some other column shows the state word ("Running", "Shut off", ...).

Env: VIMANA_BIN (the built binary), DISPLAY and DBUS_SESSION_BUS_ADDRESS (Xvfb and a
session bus), a running libvirtd; optional VIMANA_TEST_ARTIFACTS.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

TIMEOUT = 5.0
TARGET = 1.0
TABLE_ROLES = ("tree table", "table", "tree")


def domains_table(app):
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)

    def table():
        for acc in vt.find_all(frame, name="Domains"):
            if vt._role(acc) in TABLE_ROLES:
                return acc
        return None
    return vt.wait_for(table, 20, "the 'Domains' table in the 'Vimana' frame")


def row_of(table, name):
    for row in vt.table_rows(table):
        if row and row[0] == name:
            return row
    return None


def step(what, action, check):
    """Run action (a virsh call), then wait for check(); print and return the latency."""
    action()
    t0 = time.monotonic()
    vt.wait_for(check, TIMEOUT, what)
    latency = time.monotonic() - t0
    flag = "" if latency <= TARGET else f"  (over the {TARGET:.0f} s target)"
    vt.log(f"latency {what}: {latency * 1000:.0f} ms{flag}")
    return latency


def test():
    vt.launch_app("--connect", vt.URI)
    app = vt.find_app("vimana", timeout=30)
    table = domains_table(app)
    vt.log(f"table found: role {vt._role(table)!r}, {len(vt.table_rows(table))} rows")

    name = vt.PREFIX + "external"

    def has_state(word):
        return lambda: (row := row_of(table, name)) is not None and word in row[1:]

    step(f"{name} to appear after virsh define", lambda: vt.define_guest("external"),
         lambda: row_of(table, name) is not None)
    vt.screenshot("external-defined")
    step("state 'Running' after virsh start", lambda: vt.virsh("start", name),
         has_state("Running"))
    vt.screenshot("external-running")
    step("state 'Shut off' after virsh destroy", lambda: vt.virsh("destroy", name),
         has_state("Shut off"))
    step(f"{name} to disappear after virsh undefine", lambda: vt.virsh("undefine", name),
         lambda: row_of(table, name) is None)


if __name__ == "__main__":
    vt.run(test)
