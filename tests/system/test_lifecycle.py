#!/usr/bin/python3
"""System test: the header bar's power buttons drive a real guest's lifecycle.

One idle boot-sector guest (vimana-test-life) is defined and started with virsh; vimana
--connect qemu:///system is driven through AT-SPI only:

  select its row (Table.addRowSelection) -> "Pause"   -> virsh: paused,   row: "Paused"
  "Resume"                                           -> virsh: running,  row: "Running"
  "More Power Actions" -> "Force Off" -> alert "Force Off" -> virsh: shut off, row: "Shut off"
  "Run"                                              -> virsh: running,  row: "Running"

Then bulk: three more running guests, all three rows selected (multi-select through the
tree table's Selection/Table interfaces), one click on "Pause" -> virsh says all three are
paused (and their rows say "Paused").

Latencies (click -> virsh reports the state, click -> row shows it) are printed.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); optional VIMANA_TEST_ARTIFACTS.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

TIMEOUT = 10.0  # a libvirt job and the event back; the target is well under 1 s
BULK = 3


# ---------------------------------------------------------------- AT-SPI helpers

def domains_table(frame):
    return vt.wait_for(lambda: next((t for t in vt.find_all(frame, name="Domains")
                                     if vt._role(t) in ("tree table", "table", "tree")), None),
                       20, "the 'Domains' table in the 'Vimana' frame")


def row_index(table, name):
    """Index of the guest row named `name` (column 0 is the name, maybe + "  title")."""
    for i, row in enumerate(vt.table_rows(table)):
        if row and (row[0] == name or (row[0] or "").startswith(name + "  ")):
            return i
    return None


def row_state(table, name):
    i = row_index(table, name)
    return None if i is None else vt.table_rows(table)[i][1]


def sensitive(acc):
    import pyatspi
    return acc.getState().contains(pyatspi.STATE_SENSITIVE)


def showing(acc):
    import pyatspi
    states = acc.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def button(window, name, role="push button"):
    return vt.find(window, role=role, name=name, timeout=10)


def press(window, name, role="push button"):
    """Wait until the button is sensitive, click it; return the monotonic time of the click."""
    b = button(window, name, role)
    vt.wait_for(lambda: sensitive(b), 5, f"button {name!r} to become sensitive")
    vt.click(b)
    return time.monotonic()


def select_rows(table, names):
    """Make exactly the rows of `names` selected; return their indexes."""
    sel = table.querySelection()
    sel.clearSelection()
    t = table.queryTable()
    rows = []
    for name in names:
        i = row_index(table, name)
        assert i is not None, f"no row for {name}"
        if not t.addRowSelection(i):
            # Selection.selectChild is the generic way; GTK's tree view only takes it with
            # one column, so Table.addRowSelection above is the one that normally works.
            cell = t.getAccessibleAt(i, 0)
            assert sel.selectChild(cell.getIndexInParent()), f"could not select row {i} ({name})"
        rows.append(i)
    vt.wait_for(lambda: sorted(t.getSelectedRows()) == sorted(rows), 5,
                f"rows {rows} ({', '.join(names)}) to be selected")
    return rows


def latency(what, t0):
    ms = (time.monotonic() - t0) * 1000
    vt.log(f"latency {what}: {ms:.0f} ms")


def expect(table, names, virsh_state, row_word, t0, what):
    """Wait for virsh to report virsh_state and the rows to show row_word for every name."""
    vt.wait_for(lambda: all(vt.domstate(n) == virsh_state for n in names), TIMEOUT,
                f"virsh domstate {virsh_state!r} for {', '.join(names)} after {what}")
    latency(f"{what} -> virsh {virsh_state}", t0)
    vt.wait_for(lambda: all(row_state(table, n) == row_word for n in names), TIMEOUT,
                f"rows of {', '.join(names)} to say {row_word!r} after {what}")
    latency(f"{what} -> row {row_word!r}", t0)


# ---------------------------------------------------------------- the test

def test():
    name = vt.define_guest("life", start=True)
    proc = vt.launch_app("--connect", vt.URI)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    table = domains_table(frame)
    vt.wait_for(lambda: row_state(table, name) == "Running", 20, f"row {name} 'Running'")

    select_rows(table, [name])

    t0 = press(frame, "Pause")
    expect(table, [name], "paused", "Paused", t0, "Pause")

    t0 = press(frame, "Resume")
    expect(table, [name], "running", "Running", t0, "Resume")

    # More Power Actions -> Force Off -> the confirmation alert -> Force Off
    vt.click(button(frame, "More Power Actions", role="toggle button"))
    item = vt.wait_for(lambda: next((a for a in vt.find_all(frame, name="Force Off")
                                     if showing(a) and sensitive(a)), None),
                       5, "the 'Force Off' item of the 'More Power Actions' menu to show")
    vt.click(item)
    alert = vt.wait_for(lambda: next((w for w in app if vt._role(w) in ("alert", "dialog")
                                      and vt.find(w, role="push button", name="Force Off")),
                                     None),
                        10, "the Force Off confirmation (alert with a 'Force Off' button)")
    vt.find(alert, role="push button", name="Cancel", timeout=2)
    vt.screenshot("lifecycle-force-off-confirmation")
    t0 = press(alert, "Force Off")
    expect(table, [name], "shut off", "Shut off", t0, "Force Off")
    vt.wait_for(lambda: not any(vt._role(w) in ("alert", "dialog") for w in app), 5,
                "the confirmation to close")

    t0 = press(frame, "Run")
    expect(table, [name], "running", "Running", t0, "Run")
    vt.screenshot("lifecycle-single")

    # Bulk: three guests selected at once, one click
    bulk = [vt.define_guest(f"bulk{i}", start=True) for i in range(1, BULK + 1)]
    vt.wait_for(lambda: all(row_state(table, n) == "Running" for n in bulk), 20,
                f"rows of {', '.join(bulk)} to say 'Running'")
    select_rows(table, bulk)
    t0 = press(frame, "Pause")
    expect(table, bulk, "paused", "Paused", t0, f"Pause of {BULK} selected guests")
    assert vt.domstate(name) == "running", "the unselected guest was touched"
    vt.screenshot("lifecycle-bulk")
    assert proc.poll() is None, f"the app exited ({proc.returncode})"


if __name__ == "__main__":
    vt.run(test)
