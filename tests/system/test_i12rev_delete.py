#!/usr/bin/python3
"""System test: deleting a guest from the app also deletes its snapshots' metadata and files.

A shut-off boot-sector guest on a qcow2 disk (vimana-test-i12rev-del) gets two external
disk-only snapshots from virsh (s1, s2: overlays vimana-test-i12rev-del.s1.qcow2 in the test
image directory and .s2.qcow2 in the directory of a storage pool made for the test,
vimana-test-i12rev-pool, which learns of it only when rescanned; each on the one before). In `vimana --connect qemu:///system` its
row is selected, "More Power Actions" -> "Delete…":

  -> the dialog "Delete “vimana-test-i12rev-del”?" has the check box "Delete its 2 snapshots’
     metadata", checked, and a checked box "Delete <path>" for each of the three files (the
     base image and both overlays: libvirt leaves all of them on disk)
  -> "Delete": `virsh list --all` no longer has the guest, and the three files are gone.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them).
"""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_lifecycle as lc  # noqa: E402
import test_snapshots as ts  # noqa: E402
import vimanatest as vt  # noqa: E402

TIMEOUT = 30.0


POOL = vt.PREFIX + "i12rev-pool"
POOL_DIR = os.path.join(vt.IMAGE_DIR, POOL)


def test():
    os.makedirs(POOL_DIR, mode=0o755, exist_ok=True)
    vt.virsh("pool-create-as", POOL, "dir", "--target", POOL_DIR)
    try:
        check_delete()
    finally:
        vt.virsh("pool-destroy", POOL, check=False)
        shutil.rmtree(POOL_DIR, ignore_errors=True)


def check_delete():
    name = ts.define_qcow2_guest("i12rev-del", start=False)
    base = os.path.join(vt.IMAGE_DIR, name + ".qcow2")
    overlays = [os.path.join(vt.IMAGE_DIR, f"{name}.s1.qcow2"),
                os.path.join(POOL_DIR, f"{name}.s2.qcow2")]
    for snap, overlay in zip(("s1", "s2"), overlays):
        vt.virsh("snapshot-create-as", name, snap, "--disk-only",
                 "--diskspec", f"hda,snapshot=external,file={overlay}")
        assert os.path.exists(overlay), f"virsh made no overlay {overlay}"
    vt.log(vt.virsh("snapshot-list", name, "--tree"))
    files = [base] + overlays

    proc = vt.launch_app("--connect", vt.URI)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    table = lc.domains_table(frame)
    vt.wait_for(lambda: lc.row_state(table, name) == "Shut off", 20, f"row {name} 'Shut off'")
    lc.select_rows(table, [name])

    vt.click(lc.button(frame, "More Power Actions", role="toggle button"))
    item = vt.wait_for(lambda: next((a for a in vt.find_all(frame, name="Delete\u2026")
                                     if lc.showing(a) and lc.sensitive(a)), None),
                       5, "the 'Delete…' item of the 'More Power Actions' menu to show")
    vt.click(item)
    title = f"Delete \u201c{name}\u201d?"
    dialog = vt.wait_for(lambda: next((w for w in app if w.name == title), None), 10,
                         f"the dialog {title!r}")
    metadata = vt.find(dialog, role="check box", name="Delete its 2 snapshots\u2019 metadata",
                       timeout=TIMEOUT)
    assert metadata.getState().contains(__import__("pyatspi").STATE_CHECKED), \
        "the snapshots' metadata box is not checked"
    for path in files:
        box = vt.find(dialog, role="check box", name=f"Delete {path}", timeout=TIMEOUT)
        assert box.getState().contains(__import__("pyatspi").STATE_CHECKED), \
            f"the box for {path} is not checked"
    vt.screenshot("i12rev-delete-dialog")

    t0 = lc.press(dialog, "Delete")
    vt.wait_for(lambda: name not in vt.virsh("list", "--all", "--name").split(), TIMEOUT,
                f"{name} to leave `virsh list --all`")
    vt.wait_for(lambda: not any(os.path.exists(p) for p in files), TIMEOUT,
                f"the files {files} to be deleted")
    vt.log(f"latency Delete -> guest and its snapshot files gone: "
           f"{(time.monotonic() - t0) * 1000:.0f} ms")
    vt.wait_for(lambda: lc.row_index(table, name) is None, TIMEOUT, f"row {name} to go")
    # The pool's overlay went through libvirt: the rescanned pool lists nothing.
    vt.virsh("pool-refresh", POOL)
    vols = vt.virsh("vol-list", POOL)
    assert name not in vols, vols
    assert proc.poll() is None, f"the app exited ({proc.returncode})"


if __name__ == "__main__":
    vt.run(test)
