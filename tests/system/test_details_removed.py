#!/usr/bin/python3
"""System test: a guest's details window says so when another client deletes the guest.

A shut-off guest (vimana-test-gone) is listed by vimana --connect qemu:///system; its row is
activated through AT-SPI (the cell's "activate" action, as a double-click or Enter would) and
its details window "vimana-test-gone — Shut off" opens, with "Run" sensitive.  Then
`virsh undefine vimana-test-gone`:

  -> the details window shows the info bar "Guest removed" with the text
     "The guest “vimana-test-gone” no longer exists: it was deleted."
  -> its Run, Pause, Resume, Shut Down and More Power Actions buttons are insensitive
  -> the app keeps running; the main window's list no longer has the guest

The latency (virsh undefine returned -> info bar shown) is printed.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); optional VIMANA_TEST_ARTIFACTS.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

TIMEOUT = 5.0
BUTTONS = ("Run", "Pause", "Resume", "Shut Down")
POWER_ITEMS = ("Reboot", "Force Reset", "Force Off", "Save", "Restore", "Start with Host",
               "Delete\u2026")


def domains_table(frame):
    return vt.wait_for(lambda: next((t for t in vt.find_all(frame, name="Domains")
                                     if vt._role(t) in ("tree table", "table", "tree")), None),
                       20, "the 'Domains' table in the 'Vimana' frame")


def row_index(table, name):
    for i, row in enumerate(vt.table_rows(table)):
        if row and (row[0] == name or (row[0] or "").startswith(name + "  ")):
            return i
    return None


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def texts(root):
    """Every name and text under root (labels may carry an explicit accessible name)."""
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


def activate_row(table, row):
    """Do the "activate" action of the row's first cell (what a double-click or Enter does)."""
    cell = table.queryTable().getAccessibleAt(row, 0)
    action = cell.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    assert "activate" in names, f"the name cell has no 'activate' action (only {names})"
    action.doAction(names.index("activate"))


def test():
    name = vt.define_guest("gone")
    proc = vt.launch_app("--connect", vt.URI)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    table = domains_table(frame)
    row = vt.wait_for(lambda: row_index(table, name), 20, f"row {name} to be listed")
    assert vt.table_rows(table)[row][1] == "Shut off", vt.table_rows(table)[row]

    title = f"{name} \u2014 Shut off"
    activate_row(table, row)
    details = vt.find(app, role="frame", name=title, timeout=10)
    vt.log(f"details window {title!r} open")
    run = vt.find(details, role="push button", name="Run", timeout=5)
    vt.wait_for(lambda: has_state(run, "sensitive"), 5, "Run to be sensitive for a shut-off guest")

    vt.virsh("undefine", name)
    t0 = time.monotonic()
    bar = vt.wait_for(lambda: next((b for b in vt.find_all(details, name="Guest removed")
                                    if has_state(b, "showing")), None),
                      TIMEOUT, "the 'Guest removed' info bar to show in the details window")
    vt.log(f"latency virsh undefine -> 'Guest removed' shown: "
           f"{(time.monotonic() - t0) * 1000:.0f} ms")
    vt.log(f"'Guest removed' bar: role {vt._role(bar)!r}")
    want = f"The guest \u201c{name}\u201d no longer exists: it was deleted."
    vt.wait_for(lambda: any(want in t for t in texts(bar)), TIMEOUT,
                f"the bar to say {want!r} (it says {texts(bar)!r})")
    for label in BUTTONS:
        b = vt.find(details, role="push button", name=label, timeout=2)
        vt.wait_for(lambda: not has_state(b, "sensitive"), TIMEOUT,
                    f"{label!r} in the details window to become insensitive")
    # "More Power Actions" opens a menu: either the button itself is insensitive or every
    # item of its menu is (the app keeps the menu button sensitive, like the main window's).
    menu = vt.find(details, role="toggle button", name="More Power Actions", timeout=2)

    def power_menu_inert():
        if not has_state(menu, "sensitive"):
            return True
        items = [a for n in POWER_ITEMS for a in vt.find_all(details, name=n)
                 if vt._role(a) not in ("label", "toggle button")]
        found = {a.name for a in items}
        missing = set(POWER_ITEMS) - found
        assert not missing, f"the power menu lacks {sorted(missing)}"
        live[:] = [a.name for a in items if has_state(a, "sensitive")]
        return not live
    live = []
    try:
        vt.wait_for(power_menu_inert, TIMEOUT,
                    "'More Power Actions' or all of its menu items to become insensitive")
    except TimeoutError as e:
        raise AssertionError(f"{e}; still sensitive: {live}") from None
    vt.screenshot("details-removed")

    assert proc.poll() is None, f"the app exited ({proc.returncode})"
    vt.wait_for(lambda: row_index(table, name) is None, TIMEOUT,
                f"row {name} to leave the main window's list")
    assert vt.find(app, role="frame", name="Vimana") is not None, "the main window went away"


if __name__ == "__main__":
    vt.run(test)
