#!/usr/bin/python3
"""System test: reconfiguring a running guest from the Hardware page.

A running boot-sector guest vimana-test-hw-guest (an IDE CD-ROM drive, empty) is opened with
`vimana --connect qemu:///system --show-domain-editor vimana-test-hw-guest`, which shows its
details window on the Hardware page. Driven through AT-SPI:

  1. Add Hardware, Disk, an image path, Add        -> virsh domblklist lists the image (live)
                                                      and dumpxml --inactive has it too
  2. Add Hardware, Network interface (user mode), Add -> virsh domiflist lists one interface
  3. CD-ROM hdc: Media = an ISO file, Apply        -> virsh domblklist shows it for hdc
  4. the new NIC: Link up unchecked, Apply         -> virsh domif-getlink says down
  5. Overview, XML tab: a domain XML libvirt refuses, Apply
                                                   -> the page shows libvirt's message and
                                                      virsh dumpxml (live and inactive) is
                                                      unchanged
  6. Disk hda (IDE): Remove Device, confirmed      -> QEMU cannot unplug it: libvirt's message
                                                      on the page, dumpxml --inactive unchanged

The machine's libvirtd is shared: this test creates and removes only vimana-test-hw-* guests
(it does not use vimanatest.run(), whose cleanup removes every vimana-test-* guest).

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd; optional
VIMANA_TEST_ARTIFACTS.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import vimanatest as vt  # noqa: E402

NAME = "vimana-test-hw-guest"
IMAGES = os.path.join(vt.IMAGE_DIR, "hw")
TIMEOUT = 20.0


def guest_xml(image, virt_type):
    return f"""<domain type='{virt_type}'>
  <name>{NAME}</name>
  <memory unit='MiB'>32</memory>
  <currentMemory unit='MiB'>32</currentMemory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/></features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='{image}'/>
      <target dev='hda' bus='ide'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
"""


def remove_own_guests():
    """Destroy and undefine the vimana-test-hw-* guests, and only those."""
    out = vt.virsh("list", "--all", "--name", check=False)
    for name in out.split():
        if name.startswith("vimana-test-hw-"):
            vt.virsh("destroy", name, check=False)
            vt.virsh("undefine", name, check=False)
    subprocess.run(["rm", "-rf", IMAGES], check=False)


def make_file(name, size_mib):
    path = os.path.join(IMAGES, name)
    with open(path, "wb") as f:
        f.truncate(size_mib << 20)
    os.chmod(path, 0o644)
    return path


def define_running_guest():
    os.makedirs(IMAGES, mode=0o755, exist_ok=True)
    os.chmod(vt.IMAGE_DIR, 0o755)
    os.chmod(IMAGES, 0o755)
    image = os.path.join(IMAGES, NAME + ".img")
    bootsector.write_image(image)
    os.chmod(image, 0o644)
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(guest_xml(image, "kvm" if vt.kvm_usable() else "qemu"))
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("start", NAME)


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def set_text(acc, text):
    editable = acc.queryEditableText()
    editable.setTextContents(text)


def get_text(acc):
    return acc.queryText().getText(0, -1)


def showing(root, role, name):
    return next((a for a in vt.find_all(root, role=role, name=name) if has_state(a, "showing")),
                None)


def wait_idle(details):
    """The page is idle again when Add Hardware is sensitive (it is not while the page loads or
    applies; Apply itself stays insensitive until something is changed)."""
    add_button = vt.find(details, role="push button", name="Add Hardware", timeout=5)
    vt.wait_for(lambda: has_state(add_button, "sensitive"), TIMEOUT, "the page to be idle")


def page_error(details):
    label = showing(details, "label", "Error")
    return get_text(label) if label is not None else ""


def select_sidebar(details, label):
    sidebar = vt.find(details, role="list box", name="Hardware", timeout=5)

    def index():
        for i, child in enumerate(sidebar):
            if child is not None and child.name == label:
                return i
        return None
    i = vt.wait_for(lambda: index() is not None and index() + 1, TIMEOUT,
                    f"{label!r} in the Hardware sidebar") - 1
    sidebar.querySelection().selectChild(i)
    vt.wait_for(lambda: sidebar.querySelection().isChildSelected(i), 5, f"{label!r} selected")


def choose_view(details, name):
    """Click the Details or XML switch of the page (a GtkStackSwitcher's radio buttons)."""
    switcher = vt.find(details, name="Details or XML", timeout=5)
    button = next((b for b in vt.find_all(switcher, name=name)
                   if vt._role(b) in ("radio button", "toggle button")), None)
    assert button is not None, f"no {name!r} switch"
    vt.click(button)
    vt.wait_for(lambda: has_state(button, "checked"), 5, f"the {name!r} view")


def add_hardware(app, details, kind_label, value=None, xml=None):
    vt.click(vt.find(details, role="push button", name="Add Hardware", timeout=5))
    dialog = vt.find(app, role="dialog", name="Add Hardware", timeout=10)
    combo = vt.find(dialog, role="combo box", name="Device kind", timeout=5)
    items = vt.find_all(combo, role="menu item")
    index = next(i for i, item in enumerate(items) if item.name == kind_label)
    # Through the combo box's Selection: an item's own click action would pop a menu up
    # under a grab, which GTK refuses from an accessibility call on an unmapped menu.
    combo.querySelection().selectChild(index)
    if value is not None:
        label, text = value
        entry = vt.wait_for(lambda: showing(dialog, "text", label), 5, f"the {label!r} entry")
        set_text(entry, text)
    view = vt.find(dialog, role="text", name="Device XML", timeout=5)
    if xml is not None:
        set_text(view, xml)
    vt.wait_for(lambda: get_text(view).strip().startswith("<"), 5, "the device XML")
    vt.log(f"adding:\n{get_text(view)}")
    vt.click(vt.find(dialog, role="push button", name="Add", timeout=5))
    vt.wait_for(lambda: not vt.find_all(app, role="dialog", name="Add Hardware"), TIMEOUT,
                "the Add Hardware dialog to close")
    wait_idle(details)
    assert page_error(details) == "", page_error(details)


def domblklist():
    rows = {}
    for line in vt.virsh("domblklist", NAME).splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2:
            rows[parts[0]] = parts[1].strip()
        elif len(parts) == 1:
            rows[parts[0]] = "-"
    return rows


def domiflist():
    return [line.split() for line in vt.virsh("domiflist", NAME).splitlines() if line.strip()]


def test():
    define_running_guest()
    disk = make_file("hotplug.raw", 8)
    iso = make_file("media.iso", 2)

    proc = vt.launch_app("--connect", vt.URI, "--show-domain-editor", NAME)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    details = vt.find(app, role="frame", name=f"{NAME} \u2014 Running", timeout=30)
    vt.find(details, role="list box", name="Hardware", timeout=TIMEOUT)
    wait_idle(details)

    # 1. Hot-plug a disk.
    add_hardware(app, details, "Disk (existing image)", value=("Image path", disk))
    vt.wait_for(lambda: disk in domblklist().values(), TIMEOUT,
                f"virsh domblklist to list {disk}")
    assert disk in vt.virsh("dumpxml", "--inactive", NAME), "the disk is not in the definition"
    vt.log(f"hot-plugged disk: {domblklist()}")

    # 2. Hot-plug a NIC (user networking: the shared host's networks are not ours to start).
    add_hardware(app, details, "Network interface",
                 xml="<interface type='user'>\n  <model type='virtio'/>\n</interface>\n")
    nics = vt.wait_for(lambda: domiflist(), TIMEOUT, "virsh domiflist to list the new NIC")
    assert len(nics) == 1, nics
    mac = nics[0][-1]
    assert re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", mac), nics
    vt.log(f"hot-plugged NIC: {nics}")

    # 3. Change the CD-ROM's media on the running guest.
    select_sidebar(details, "CD-ROM hdc")
    wait_idle(details)
    set_text(vt.find(details, role="text", name="Media", timeout=5), iso)
    vt.click(vt.find(details, role="push button", name="Apply", timeout=5))
    wait_idle(details)
    assert page_error(details) == "", page_error(details)
    vt.wait_for(lambda: domblklist().get("hdc") == iso, TIMEOUT,
                f"virsh domblklist to show {iso} in hdc (it shows {domblklist()})")

    # 4. Set the new NIC's link down.
    select_sidebar(details, f"NIC {mac}")
    wait_idle(details)
    link = vt.find(details, role="check box", name="Link up", timeout=5)
    assert has_state(link, "checked"), "the new NIC's link is not shown up"
    vt.click(link)
    vt.wait_for(lambda: not has_state(link, "checked"), 5, "Link up to be unchecked")
    vt.click(vt.find(details, role="push button", name="Apply", timeout=5))
    wait_idle(details)
    assert page_error(details) == "", page_error(details)
    vt.wait_for(lambda: "down" in vt.virsh("domif-getlink", NAME, mac), TIMEOUT,
                "virsh domif-getlink to say down")
    vt.screenshot("hardware-link-down")

    # 5. An XML edit libvirt refuses changes nothing.
    live_before = vt.virsh("dumpxml", NAME)
    inactive_before = vt.virsh("dumpxml", "--inactive", NAME)
    select_sidebar(details, "Overview")
    wait_idle(details)
    choose_view(details, "XML")
    view = vt.find(details, role="text", name="XML", timeout=5)
    xml = vt.wait_for(lambda: get_text(view), 5, "the domain XML in the editor")
    assert "<vcpu" in xml, xml[:200]
    bad = re.sub(r"(<vcpu[^>]*>)\s*1\s*(</vcpu>)", r"\1many\2", xml, count=1)
    assert bad != xml
    set_text(view, bad)
    vt.click(vt.find(details, role="push button", name="Apply", timeout=5))
    wait_idle(details)
    notice = vt.find(details, role="label", name="Notice", timeout=5)
    message = vt.wait_for(lambda: page_error(details), TIMEOUT,
                          f"libvirt's message on the page (notice: {get_text(notice)!r}, "
                          f"editor: {get_text(view)[:300]!r})")
    vt.log(f"refused XML: {message}")
    vt.screenshot("hardware-xml-refused")
    assert vt.virsh("dumpxml", NAME) == live_before, "the live definition changed"
    assert vt.virsh("dumpxml", "--inactive", NAME) == inactive_before, \
        "the persistent definition changed"

    # 6. Removing the IDE system disk of the running guest: QEMU refuses to unplug it, the page
    #    shows libvirt's message and the definition is untouched.
    choose_view(details, "Details")
    select_sidebar(details, "Disk hda")
    wait_idle(details)
    vt.click(vt.find(details, role="push button", name="Remove Device", timeout=5))
    alert = vt.wait_for(lambda: next((a for a in vt.find_all(app, role="alert")
                                      if has_state(a, "showing")), None),
                        10, "the confirmation")
    vt.click(vt.find(alert, role="push button", name="Remove", timeout=5))
    wait_idle(details)
    message = vt.wait_for(lambda: page_error(details), TIMEOUT, "libvirt's refusal on the page")
    vt.log(f"refused unplug: {message}")
    assert "hda" in domblklist(), domblklist()
    assert vt.virsh("dumpxml", "--inactive", NAME) == inactive_before, \
        "the persistent definition changed after a refused unplug"
    assert proc.poll() is None, f"the app exited ({proc.returncode})"


def main():
    status = 0

    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_term)
    try:
        vt.require_display()
        vt.require_libvirt()
        remove_own_guests()
        test()
        vt.log("test_hardware: PASS")
    except vt.Skip as e:
        vt.log(f"test_hardware: SKIP: {e}")
        status = vt.SKIP
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        vt.log("test_hardware: FAIL")
        vt.screenshot("test_hardware-failure")
        status = 1
        try:
            for app in vt._pyatspi().Registry.getDesktop(0):
                if app is not None and any(p.pid == app.get_process_id() for p in vt._procs):
                    vt.log(f"accessible tree: "
                           f"{vt.dump_tree(app, vt.artifact_path('test_hardware-a11y.txt'))}")
        except Exception as e:
            vt.log(f"could not dump accessible tree: {e}")
    finally:
        vt.stop_apps()
        try:
            remove_own_guests()
        except Exception as e:
            vt.log(f"cleanup failed: {e}")
            status = status or 1
    sys.stdout.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
