#!/usr/bin/python3
"""A stand-in for vimana, used only to check the system-test harness itself.

It implements the accessibility contract the system tests rely on: a frame named
"Vimana" holding a GtkTreeView named "Domains" whose rows are domains grouped under
a connection row; column 0 is the domain name, column 1 the state word.  It polls
`virsh list --all` every 200 ms (the real app uses libvirt events).

    VIMANA_BIN=tests/system/fake_vimana.py /usr/bin/python3 tests/system/test_external_changes.py
"""
import subprocess
import sys

import gi
gi.require_version("Gtk", "3.0")
from gi.repository import GLib, Gtk  # noqa: E402

WORDS = {"running": "Running", "paused": "Paused", "shut off": "Shut off", "crashed": "Crashed",
         "pmsuspended": "Suspended", "idle": "Running", "in shutdown": "Shutting down"}


def main():
    uri = "qemu:///system"
    if "--connect" in sys.argv:
        uri = sys.argv[sys.argv.index("--connect") + 1]
    GLib.set_prgname("vimana")
    win = Gtk.Window(title="Vimana")
    win.set_default_size(600, 400)
    store = Gtk.TreeStore(str, str)
    conn = store.append(None, [uri, ""])
    view = Gtk.TreeView(model=store)
    view.get_accessible().set_name("Domains")
    for i, title in enumerate(("Name", "State")):
        view.append_column(Gtk.TreeViewColumn(title, Gtk.CellRendererText(), text=i))
    win.add(view)
    win.connect("destroy", Gtk.main_quit)
    win.show_all()

    def refresh():
        out = subprocess.run(["virsh", "-q", "-c", uri, "list", "--all"], capture_output=True,
                             text=True).stdout
        doms = {}
        for line in out.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3:
                doms[parts[1]] = WORDS.get(parts[2].strip(), parts[2].strip())
        it = store.iter_children(conn)
        while it is not None:
            name = store[it][0]
            if name in doms:
                if store[it][1] != doms[name]:
                    store[it][1] = doms[name]
                del doms[name]
                it = store.iter_next(it)
            else:
                if not store.remove(it):
                    it = None
        for name, word in sorted(doms.items()):
            store.append(conn, [name, word])
        view.expand_all()
        return True

    refresh()
    GLib.timeout_add(200, refresh)
    Gtk.main()


if __name__ == "__main__":
    main()
