#!/usr/bin/python3
"""System test: snapshots of a real QEMU guest on a qcow2 disk, from the app, through AT-SPI.

1. A tree made by virsh on a shut-off qcow2 guest (vimana-test-snaptree): s1, s2, revert to
   s1, s3. `vimana --show-domain-snapshots vimana-test-snaptree` shows it as a tree: the
   "Snapshots" tree table has s1, s2, s3, and s2 and s3 are children of s1 (AT-SPI's
   node-child-of relation of their name cells), s3 marked "Current", and each one's Size
   "—" (libvirt does not report an internal snapshot's size).
2. A running boot-sector guest on a qcow2 disk (vimana-test-snap, made with qemu-img convert):
   "Take Snapshot…", name "with-mem", "Take" -> `virsh snapshot-dumpxml` says state running
   and memory internal. The guest is then changed (virsh destroy: shut off). "Revert…" on
   with-mem, confirmed -> `virsh domstate` is running again, and `virsh snapshot-list --tree`
   has with-mem and the automatic before-revert-… safety snapshot of the shut-off state.

Uses vimana.run(), which removes every vimana-test-* guest before and after. Env: VIMANA_BIN, DISPLAY,
DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh test provides them).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import vimanatest as vt  # noqa: E402

TIMEOUT = 30.0


def define_qcow2_guest(short, start):
    """A boot-sector guest whose disk is qcow2 (internal snapshots need it)."""
    full = vt.PREFIX + short
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    raw = os.path.join(vt.IMAGE_DIR, full + ".img")
    image = os.path.join(vt.IMAGE_DIR, full + ".qcow2")
    bootsector.write_image(raw)
    subprocess.run(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, image], check=True)
    os.unlink(raw)
    os.chmod(image, 0o644)
    virt_type = "kvm" if vt.kvm_usable() else "qemu"
    xml = vt.domain_xml(full, image, virt_type).replace("type='raw'", "type='qcow2'")
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    if start:
        vt.virsh("start", full)
    return full


def snapshots_table(frame):
    return vt.wait_for(lambda: next((t for t in vt.find_all(frame, name="Snapshots")
                                     if vt._role(t) in ("tree table", "table", "tree")), None),
                       TIMEOUT, "the 'Snapshots' tree table")


def names(table):
    return [row[0] for row in vt.table_rows(table) if row]


def column_index(table, title):
    t = table.queryTable()
    for c in range(t.nColumns):
        header = t.getColumnHeader(c)
        if header is not None and header.name == title:
            return c
    raise AssertionError(f"no column {title!r}")


def parent_name(table, row):
    """The name of the row this row hangs under (AT-SPI's node-child-of), or None for a root."""
    import pyatspi
    cell = table.queryTable().getAccessibleAt(row, 0)
    for relation in cell.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_NODE_CHILD_OF:
            for i in range(relation.getNTargets()):
                target = relation.getTarget(i)
                if target is not None and vt._cell_text(target) and \
                        target != cell and vt._role(target) == "table cell":
                    return vt._cell_text(target)
    return None


def row_of(table, name):
    return vt.find_row(table, name, 0)


def open_snapshots(name, state):
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-snapshots", name)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name=f"{name} \u2014 {state}", timeout=TIMEOUT)
    return app, frame, snapshots_table(frame)


def check_tree_from_virsh():
    name = define_qcow2_guest("snaptree", start=False)
    for step in (("snapshot-create-as", name, "s1"), ("snapshot-create-as", name, "s2"),
                 ("snapshot-revert", name, "s1"), ("snapshot-create-as", name, "s3")):
        vt.virsh(*step)
    vt.log(vt.virsh("snapshot-list", name, "--tree"))

    app, frame, table = open_snapshots(name, "Shut off")
    vt.wait_for(lambda: sorted(names(table)) == ["s1", "s2", "s3"], TIMEOUT,
                "s1, s2 and s3 in the Snapshots tree")
    parents = {n: parent_name(table, row_of(table, n)) for n in ("s1", "s2", "s3")}
    vt.log(f"parents read through AT-SPI: {parents}")
    assert parents == {"s1": None, "s2": "s1", "s3": "s1"}, parents
    current = column_index(table, "Current")
    rows = {row[0]: row for row in vt.table_rows(table)}
    assert rows["s3"][current] == "Current", rows
    assert rows["s1"][current] == "" and rows["s2"][current] == "", rows
    # Internal snapshots: libvirt does not report their size.
    size = column_index(table, "Size")
    assert all(rows[n][size] == "\u2014" for n in ("s1", "s2", "s3")), rows
    vt.screenshot("snapshots-tree")
    vt.stop_apps()


def check_take_and_revert():
    name = define_qcow2_guest("snap", start=True)
    vt.wait_for_banner(name)
    app, frame, table = open_snapshots(name, "Running")

    take = vt.find(frame, role="push button", name="Take Snapshot\u2026", timeout=TIMEOUT)
    vt.wait_for(lambda: take.getState().contains(__import__("pyatspi").STATE_SENSITIVE),
                TIMEOUT, "Take Snapshot… to be sensitive")
    vt.click(take)
    dialog = vt.find(app, role="dialog", name="Take Snapshot", timeout=TIMEOUT)
    entry = vt.find(dialog, role="text", name="Name", timeout=5)
    entry.queryEditableText().setTextContents("with-mem")
    memory = next(a for a in vt.find_all(dialog, role="check box")
                  if (a.name or "").startswith("With the guest"))
    import pyatspi
    assert memory.getState().contains(pyatspi.STATE_CHECKED), "memory is not chosen by default"
    vt.click(vt.find(dialog, role="push button", name="Take", timeout=5))

    vt.wait_for(lambda: "with-mem" in vt.virsh("snapshot-list", name, "--name", check=False),
                120, "virsh to list the snapshot with-mem")
    xml = vt.virsh("snapshot-dumpxml", name, "with-mem")
    assert "<state>running</state>" in xml, xml[:400]
    assert "<memory snapshot='internal'/>" in xml.split("<domain ")[0], xml[:600]
    vt.wait_for(lambda: "with-mem" in names(table), TIMEOUT, "with-mem in the app's tree")

    # Change the guest, then revert from the app.
    vt.virsh("destroy", name)
    vt.wait_for(lambda: vt.domstate(name) == "shut off", TIMEOUT, "the guest to be shut off")
    vt.find(app, role="frame", name=f"{name} \u2014 Shut off", timeout=TIMEOUT)
    vt.wait_for(lambda: row_of(table, "with-mem") is not None, TIMEOUT, "the with-mem row")
    row = row_of(table, "with-mem")
    vt.select_row(table, row)
    revert = vt.find(frame, role="push button", name="Revert\u2026", timeout=5)
    vt.wait_for(lambda: revert.getState().contains(pyatspi.STATE_SENSITIVE), TIMEOUT,
                "Revert… to be sensitive")
    vt.click(revert)
    confirm = vt.wait_for(lambda: next((d for d in vt.find_all(app)
                                        if vt._role(d) in ("alert", "dialog") and
                                        vt.find(d, role="push button", name="Revert")), None),
                          TIMEOUT, "the revert confirmation")
    vt.click(vt.find(confirm, role="push button", name="Revert"))

    vt.wait_for(lambda: vt.domstate(name) == "running", 120, "virsh domstate to say running")
    tree = vt.virsh("snapshot-list", name, "--tree")
    vt.log(tree)
    assert "with-mem" in tree and "before-revert-" in tree, tree
    vt.wait_for(lambda: any(n.startswith("before-revert-") for n in names(table)), TIMEOUT,
                "the safety snapshot in the app's tree")
    vt.screenshot("snapshots-reverted")


def test():
    check_tree_from_virsh()
    check_take_and_revert()


if __name__ == "__main__":
    vt.run(test)
