#!/usr/bin/python3
"""System test: New Pool on a real libvirtd, driven through AT-SPI (issue 16, item 2).

- The Host window's Storage page (--show-host-storage), New Pool…: a folder pool typed in
  (a relative folder first: said beside the field, Create insensitive, nothing defined), then
  Create: `virsh pool-list --all` shows i16st-dir running and autostarted, and the page lists it.
- When the host reports NFS pools (virsh pool-capabilities): NFS share, host 127.0.0.1 (which
  runs no NFS server), Find…: the failure is said under the source, the dialog keeps answering
  AT-SPI while libvirt asks (discovery runs off the main loop), and no pool is defined.

Touches only pools named i16st-*; it does not call vimanatest.cleanup().
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

POOL = "i16st-dir"
POOL_DIR = f"/var/lib/libvirt/images/{POOL}"
NFS_POOL = "i16st-nfs"


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def showing(root, role, name):
    for acc in vt.find_all(root, role, name):
        try:
            if has_state(acc, "showing"):
                return acc
        except Exception:
            continue
    return None


def enabled(acc):
    return acc is not None and has_state(acc, "sensitive") and has_state(acc, "enabled")


def type_text(root, name, text):
    entry = vt.wait_for(lambda: showing(root, "text", name), 20, f"the text field '{name}'")
    entry.queryEditableText().setTextContents(text)
    vt.wait_for(lambda: entry.queryText().getText(0, -1) == text, 10, f"'{name}' to read {text!r}")


def labels_text(root):
    out = []
    for acc in vt.find_all(root, "label"):
        try:
            if has_state(acc, "showing"):
                out.append(acc.queryText().getText(0, -1))
        except Exception:
            continue
    return out


def pool_state(name):
    info = vt.virsh("pool-info", name, check=False)
    fields = {}
    for line in info.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    return fields


def defined_pools():
    return vt.virsh("pool-list", "--all", "--name").split()


def remove_pools():
    for name in (POOL, NFS_POOL):
        vt.virsh("pool-destroy", name, check=False)
        vt.virsh("pool-undefine", name, check=False)
    shutil.rmtree(POOL_DIR, ignore_errors=True)


def open_dialog(app):
    new = vt.wait_for(lambda: (lambda b: b if enabled(b) else None)(
        showing(app, "push button", "New Pool…")), 30, "New Pool… to be sensitive")
    vt.click(new)
    dialog = vt.wait_for(lambda: showing(app, "dialog", "New Storage Pool"), 20,
                         "the New Storage Pool dialog")
    # The type chooser says "asking the host…" until the capabilities came.
    vt.wait_for(lambda: not any("Asking the host" in t for t in labels_text(dialog)), 30,
                "the pool types the host makes")
    return dialog


def choose_kind(dialog, title):
    # A combo box is named after its active item: the type chooser is the one offering title.
    combo = vt.wait_for(lambda: next((c for c in vt.find_all(dialog, "combo box")
                                      if vt.find(c, "menu item", title) is not None), None),
                        10, "the type chooser")
    items = vt.find_all(combo, "menu item")
    names = [i.name for i in items]
    vt.log(f"types offered: {names}")
    index = names.index(title)
    combo.querySelection().selectChild(index)
    vt.wait_for(lambda: showing(dialog, "text", "Server") is not None, 10, f"'{title}' to be chosen")

def test():
    vt.require_libvirt()
    remove_pools()
    os.makedirs(POOL_DIR, exist_ok=True)
    caps = vt.virsh("pool-capabilities", check=False)
    try:
        proc = vt.launch_app("--connect", vt.URI, "--show-host-storage")
        app = vt.find_app(pid=proc.pid)
        dialog = open_dialog(app)
        before = defined_pools()

        # A relative folder: the reason beside it, Create insensitive, nothing defined.
        type_text(dialog, "Name", POOL)
        type_text(dialog, "Folder", "relative/images")
        vt.wait_for(lambda: any("not an absolute path" in t for t in labels_text(dialog)), 10,
                    "the folder's error beside it")
        assert not enabled(showing(dialog, "push button", "Create")), "Create offered on a bad folder"
        assert defined_pools() == before, "a pool was defined from a bad folder"

        type_text(dialog, "Folder", POOL_DIR)
        create = vt.wait_for(lambda: (lambda b: b if enabled(b) else None)(
            showing(dialog, "push button", "Create")), 10, "Create to be sensitive")
        vt.click(create)
        vt.wait_for(lambda: POOL in defined_pools(), 30, f"virsh pool-list --all to show {POOL}")
        vt.wait_for(lambda: pool_state(POOL).get("State") == "running", 30, f"{POOL} to run")
        assert pool_state(POOL).get("Autostart") == "yes", pool_state(POOL)
        vt.log(vt.virsh("pool-list", "--all"))
        vt.wait_for(lambda: showing(app, "dialog", "New Storage Pool") is None, 20,
                    "the dialog to close")
        table = vt.find(app, "table", "Storage pools", timeout=10)
        vt.wait_for(lambda: vt.find_row(table, POOL) is not None, 20, f"{POOL} in the app's list")

        if "type='netfs' supported='yes'" not in caps:
            vt.log("this libvirtd makes no NFS pools: source discovery not driven")
            return
        dialog = open_dialog(app)
        choose_kind(dialog, "NFS share")
        type_text(dialog, "Name", NFS_POOL)
        type_text(dialog, "Server", "127.0.0.1")
        find = vt.wait_for(lambda: (lambda b: b if enabled(b) else None)(
            showing(dialog, "push button", "Find…")), 10, "Find… to be offered")
        vt.click(find)
        # While libvirt asks, the dialog answers: every wait_for poll below is a round trip
        # to the app's main loop through AT-SPI.
        vt.wait_for(lambda: any("could not be listed" in t for t in labels_text(dialog)), 120,
                    "the exports' failure beside the host", interval=0.25)
        vt.log(f"said: {[t for t in labels_text(dialog) if 'could not be listed' in t]}")
        assert enabled(showing(dialog, "push button", "Find…")), "Find… stays insensitive"
        assert NFS_POOL not in defined_pools(), "a pool was defined by looking for exports"
    finally:
        # The app stays up for run() (its accessible tree on a failure), which then stops it.
        remove_pools()


if __name__ == "__main__":
    vt.run(test, needs_libvirt=False)
