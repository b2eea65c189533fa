#!/usr/bin/python3
"""System test: linked and full clones of a real guest from the Clone dialog, through AT-SPI.

A transient dir pool vimana-test-i12clone (its own folder) holds the sources.

1. Linked: a shut-off boot-sector guest on a qcow2 disk in the pool (made with qemu-img
   convert). `vimana --show-clone vimana-test-i12clone-base`: the Name field suggests
   "<name>-clone"; a taken name ("vimana-test-i12clone-base") is refused under the field and
   Clone is insensitive; the disk's choice "Linked clone" and the name
   vimana-test-i12clone-linked, Clone -> the copy's line says "Made."; `virsh vol-dumpxml`
   of the new volume has the base file as its <backingStore>; the base's Vimana metadata
   lists the clone. The clone then boots and shows the banner: its console in the app
   (VIMANA_CONSOLE_DUMP) equals `virsh screenshot`; the base file's SHA-256 is the same
   before the clone and after it ran.
2. Cancel: a source with 2 GiB of random data (raw) in the pool; two full copies; Cancel as
   soon as `virsh vol-list` shows the first copy's volume being written -> the second copy's
   line says "Cancelled" and it is not made; each copy is whole (line "Made.", volume and
   guest there) or gone (line "Cancelled…", no volume, no guest); when the cancel came while
   the first copy was written (its line still said "Making…": the usual case, logged), that
   half-written volume is gone from `virsh vol-list` too.

Guests are vimana-test-i12clone-*, removed by vimanatest's cleanup; the pool and its folder are
removed here. Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd
(build-aux/setup.sh test provides them).
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import test_console  # noqa: E402
import vimanatest as vt  # noqa: E402

TIMEOUT = 30.0
POOL = "vimana-test-i12clone"
POOL_DIR = "/var/lib/libvirt/images/vimana-test-i12clone-pool"
BASE = vt.PREFIX + "i12clone-base"
LINKED = vt.PREFIX + "i12clone-linked"
BIG = vt.PREFIX + "i12clone-big"
METADATA_NS = "https://github.com/vimana/vimana/xmlns/clone/1"


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def text_of(acc):
    return acc.queryText().getText(0, -1)


def remove_pool():
    if POOL in vt.virsh("pool-list", "--name", check=False).split():
        vt.virsh("pool-destroy", POOL, check=False)
    shutil.rmtree(POOL_DIR, ignore_errors=True)


def make_pool():
    remove_pool()
    os.makedirs(POOL_DIR, mode=0o755)
    vt.virsh("pool-create-as", POOL, "dir", "--target", POOL_DIR)


def volumes():
    out = vt.virsh("vol-list", POOL, check=False)
    return sorted(line.split()[0] for line in out.splitlines() if line.strip())


def define(name, image, fmt):
    virt_type = "kvm" if vt.kvm_usable() else "qemu"
    xml = vt.domain_xml(name, image, virt_type).replace("type='raw'", f"type='{fmt}'")
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("pool-refresh", POOL)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_dialog(name):
    proc = vt.launch_app("--connect", vt.URI, "--show-clone", name)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    dialog = vt.find(app, role="dialog", name="Clone Guest", timeout=TIMEOUT)
    return app, dialog


def choose(combo, label):
    items = vt.find_all(combo, role="menu item")
    index = next(i for i, item in enumerate(items) if item.name == label)
    # Through the combo box's Selection (an item's click would pop up a menu under a grab).
    assert combo.querySelection().selectChild(index), f"could not choose {label!r}"


def field_error(dialog, text_part):
    return next((a for a in vt.find_all(dialog, role="label")
                 if has_state(a, "showing") and text_part in (a.name or "")), None)


def copy_line(dialog, name):
    label = vt.find(dialog, role="label", name=f"Result of {name}", timeout=TIMEOUT)
    return text_of(label)


def console_matches(dump, name, tag):
    guest = vt.guest_screenshot(name, f"test_clone-{tag}-virsh")
    app_copy = vt.artifact_path(f"test_clone-{tag}-app.png")
    with open(dump, "rb") as src, open(app_copy, "wb") as dst:
        dst.write(src.read())
    same_size, share, _ = test_console.compare(app_copy, guest)
    return same_size and share >= test_console.MATCH_SHARE


def check_linked():
    raw = os.path.join(POOL_DIR, BASE + ".img")
    image = os.path.join(POOL_DIR, BASE + ".qcow2")
    bootsector.write_image(raw)
    subprocess.run(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, image], check=True)
    os.unlink(raw)
    os.chmod(image, 0o644)
    define(BASE, image, "qcow2")
    before = sha256(image)

    app, dialog = open_dialog(BASE)
    entry = vt.find(dialog, role="text", name="Name", timeout=TIMEOUT)
    vt.wait_for(lambda: text_of(entry) == BASE + "-clone", TIMEOUT, "the suggested name")
    clone_button = vt.find(dialog, role="push button", name="Clone", timeout=5)
    vt.wait_for(lambda: has_state(clone_button, "sensitive"), TIMEOUT, "Clone to be sensitive")

    # A taken name is refused where it was typed, and Clone cannot be pressed.
    entry.queryEditableText().setTextContents(BASE)
    vt.wait_for(lambda: field_error(dialog, "already exists") is not None, TIMEOUT,
                "the name's error under the field")
    assert not has_state(clone_button, "sensitive"), "Clone is sensitive with a taken name"

    entry.queryEditableText().setTextContents(LINKED)
    combo = vt.find(dialog, role="combo box", name="What becomes of hda", timeout=TIMEOUT)
    choose(combo, "Linked clone (an overlay on this image)")
    vt.wait_for(lambda: has_state(clone_button, "sensitive"), TIMEOUT, "Clone to be sensitive")
    vt.screenshot("test_clone-linked-dialog")
    vt.click(clone_button)
    vt.wait_for(lambda: copy_line(dialog, LINKED) == "Made.", 60, f"{LINKED}'s line to say Made.")
    vt.screenshot("test_clone-linked-made")

    vol_xml = vt.virsh("vol-dumpxml", "--pool", POOL, LINKED + ".qcow2")
    vt.log(vol_xml)
    assert "<backingStore>" in vol_xml and f"<path>{image}</path>" in vol_xml, vol_xml
    metadata = vt.virsh("metadata", BASE, METADATA_NS, "--config")
    vt.log(f"base metadata: {metadata}")
    assert LINKED in metadata, metadata
    clone_xml = vt.virsh("dumpxml", "--inactive", LINKED)
    assert os.path.join(POOL_DIR, LINKED + ".qcow2") in clone_xml, clone_xml
    assert vt.virsh("domuuid", LINKED) != vt.virsh("domuuid", BASE)
    vt.stop_apps()
    check_base_warning()

    # The clone boots from the overlay and shows its banner, in the app's console too.
    vt.virsh("start", LINKED)
    vt.wait_for_banner(LINKED)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{LINKED}.png")
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", LINKED,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir})
    vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: os.path.exists(dump), 30, "the first framebuffer from the app")
    vt.wait_for(lambda: console_matches(dump, LINKED, "linked"), 15,
                "the clone's console to match `virsh screenshot`", interval=1.0)
    vt.screenshot("test_clone-linked-console")
    vt.stop_apps()
    shutil.rmtree(dump_dir, ignore_errors=True)
    vt.virsh("destroy", LINKED)
    after = sha256(image)
    vt.log(f"base sha256 before {before}, after {after}")
    assert before == after, "the base image changed"


def check_base_warning():
    """Run on the base asks first, naming its clone; Cancel leaves it off."""
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-details", BASE)
    app = vt.find_app(pid=proc.pid)
    frame = vt.find(app, role="frame", name=f"{BASE} \u2014 Shut off", timeout=TIMEOUT)
    vt.click(vt.find(frame, role="push button", name="Run", timeout=TIMEOUT))
    warning = vt.wait_for(lambda: next((d for d in vt.find_all(app)
                                        if vt._role(d) in ("alert", "dialog") and
                                        vt.find(d, role="push button", name="Run Anyway")), None),
                          TIMEOUT, "the warning before running the base")
    texts = " ".join(a.name or "" for a in vt.find_all(warning, role="label"))
    vt.log(f"warning: {texts}")
    assert LINKED in texts, texts
    vt.screenshot("test_clone-base-warning")
    vt.click(vt.find(warning, role="push button", name="Cancel"))
    vt.wait_for(lambda: not vt.find_all(app, role="push button", name="Run Anyway"), TIMEOUT,
                "the warning to close")
    assert vt.domstate(BASE) == "shut off", vt.domstate(BASE)
    vt.stop_apps()


def check_cancel():
    image = os.path.join(POOL_DIR, BIG + ".img")
    bootsector.write_image(image)
    with open(image, "r+b") as f:
        f.seek(512)
        for _ in range(2048):
            f.write(os.urandom(1 << 20))
    os.chmod(image, 0o644)
    define(BIG, image, "raw")
    vt.log(f"volumes before: {volumes()}")

    app, dialog = open_dialog(BIG)
    entry = vt.find(dialog, role="text", name="Name", timeout=TIMEOUT)
    vt.wait_for(lambda: text_of(entry) == BIG + "-clone", TIMEOUT, "the suggested name")
    entry.queryEditableText().setTextContents(BIG + "-##")
    count = vt.find(dialog, role="spin button", name="Copies", timeout=5)
    count.queryValue().currentValue = 2
    clone_button = vt.find(dialog, role="push button", name="Clone", timeout=5)
    vt.wait_for(lambda: has_state(clone_button, "sensitive"), TIMEOUT, "Clone to be sensitive")
    first, second = f"{BIG}-01", f"{BIG}-02"
    vt.click(clone_button)

    # Cancel while libvirt writes the first copy: its volume is listed (libvirt lists a
    # volume it is building) and its line does not say Made yet.
    vt.wait_for(lambda: first + ".img" in volumes(), 60, "the first copy's volume being written")
    mid_copy = copy_line(dialog, first).startswith("Making")
    vt.click(vt.find(dialog, role="push button", name="Cancel", timeout=5))
    vt.log(f"cancelled while the first copy was written: {mid_copy}")
    vt.wait_for(lambda: not copy_line(dialog, first).startswith(("Making", "Waiting")) and
                not copy_line(dialog, second).startswith(("Making", "Waiting")), 120,
                "both copies' lines to say how they ended")
    lines = {n: copy_line(dialog, n) for n in (first, second)}
    vt.log(f"lines: {lines}")
    vt.screenshot("test_clone-cancelled")
    left = volumes()
    vt.log(f"volumes after cancel: {left}")
    # The copy not begun is not made; each copy is whole or gone, with its guest.
    assert lines[second].startswith("Cancelled"), lines
    guests = vt.virsh("list", "--all", "--name").split()
    for n, line in lines.items():
        made = line == "Made."
        assert made or line.startswith("Cancelled"), lines
        assert (n + ".img" in left) == made, (n, line, left)
        assert (n in guests) == made, (n, line, guests)
    if mid_copy:
        # The usual case: the half-written volume went with the cancel.
        assert lines[first].startswith("Cancelled"), lines
        assert first + ".img" not in left, left
    vt.stop_apps()


def test():
    make_pool()
    try:
        check_linked()
        check_cancel()
    finally:
        vt.stop_apps()
        vt.cleanup()
        remove_pool()


if __name__ == "__main__":
    vt.run(test)
