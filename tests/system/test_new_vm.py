#!/usr/bin/python3
"""System test: the New VM assistant creates guests on a real libvirtd, driven through AT-SPI.

`vimana --connect qemu:///system --show-new-vm` opens the assistant. Two guests are made:

  * import: the boot-sector image of bootsector.py (written by the test) is imported; the
    guest vimana-test-nv-import is defined with it as its disk, runs, `virsh screenshot`
    shows the banner, and the app opens its details window on the Console page, whose
    framebuffer (VIMANA_CONSOLE_DUMP) shows the banner's colour too;
  * the beginner path: an ISO made with genisoimage (the boot sector as its El Torito image,
    labelled like Debian 11's installer so that libosinfo detects it) lies in the Downloads
    folder of the app's home; from the main window's New VM button, its row on the first page
    is clicked (a real pointer click), then Review and Finish; the name vimana-test-nv-iso is
    typed (a test may only make vimana-test-nv-* guests). Every click is counted until the
    guest runs and its details window shows: at most 5. The guest
    gets the defaults: a new qcow2 volume in the pool "default" (made when the host has none),
    the network "default" (started when stopped), Debian 11's memory and vCPUs.

The host's libvirtd is shared: this test touches only vimana-test-nv-* guests, their volumes
and images, and puts back the pool "default" and the network "default" as it found them. It
does not use vimanatest.run(), whose cleanup removes every vimana-test-* guest.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd; optional
VIMANA_TEST_ARTIFACTS.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import vimanatest as vt  # noqa: E402

PREFIX = "vimana-test-nv-"
IMPORT_NAME = PREFIX + "import"
ISO_NAME = PREFIX + "iso"
# Debian 11.5's netinst label: osinfo-db's rule for Debian 11 is "Debian 11.\d+.\d+ amd64 n".
ISO_LABEL = "Debian 11.5.0 amd64 n"
MAX_CLICKS = 5
BLUE = (0, 0, 170)      # the boot sector's background (VGA blue)


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
    return has_state(acc, "sensitive") and has_state(acc, "enabled")


class Assistant:
    """The assistant's window, and the clicks made on it."""

    def __init__(self, app):
        self.app = app
        self.frame = vt.wait_for(lambda: showing(app, "frame", "New Virtual Machine"), 30,
                                 "the New Virtual Machine window")
        self.clicks = 0

    def widget(self, role, name, timeout=20):
        return vt.wait_for(lambda: showing(self.frame, role, name), timeout, f"{role} '{name}'")

    def editable(self, name):
        """The showing text field named `name` (its label may carry the same name)."""
        for role in ("text", "spin button"):
            acc = showing(self.frame, role, name)
            if acc is not None:
                return acc
        return None

    def type_text(self, name, text):
        entry = vt.wait_for(lambda: self.editable(name), 20, f"the text field '{name}'")
        entry.queryEditableText().setTextContents(text)
        vt.wait_for(lambda: entry.queryText().getText(0, -1) == text, 10, f"'{name}' to read {text!r}")

    def click(self, role, name, timeout=60):
        """Clicks a button once it can be clicked (the assistant may still be reading)."""
        button = vt.wait_for(lambda: (lambda b: b if b is not None and enabled(b) else None)(
            showing(self.frame, role, name)), timeout, f"{role} '{name}' to be sensitive")
        vt.click(button)
        self.clicks += 1
        vt.log(f"click {self.clicks}: {name}")

    def check(self, role, name):
        vt.click(self.widget(role, name))

    def wait_running(self, name, timeout):
        """Waits for the guest to run; a failure the assistant reports ends the wait at once."""
        def done():
            failure = showing(self.frame, "label", "Failure")
            if failure is not None and failure.queryText().getText(0, -1):
                raise AssertionError("the assistant failed: " + failure.queryText().getText(0, -1))
            return vt.domstate(name) == "running"

        vt.wait_for(done, timeout, f"{name} to run", interval=0.25, fatal=(AssertionError,))

    def problems(self):
        return [acc.queryText().getText(0, -1) for acc in vt.find_all(self.frame, "label")
                if acc.name.endswith(" problem") and has_state(acc, "showing")]


# --------------------------------------------------------------------------- shared host state

def pool_exists(name):
    return name in vt.virsh("pool-list", "--all", "--name", check=False).split()


def network_active(name):
    return name in vt.virsh("net-list", "--name", check=False).split()


def remove_guest(name):
    vt.virsh("destroy", name, check=False)
    vt.virsh("undefine", "--nvram", name, check=False)
    vt.virsh("undefine", name, check=False)


def remove_volume(pool, volume):
    if pool_exists(pool):
        vt.virsh("vol-delete", "--pool", pool, volume, check=False)


def cleanup(state):
    for name in (IMPORT_NAME, ISO_NAME):
        remove_guest(name)
    remove_volume("default", ISO_NAME + ".qcow2")
    for path in state.get("files", []):
        try:
            os.unlink(path)
        except OSError:
            pass
    for path in state.get("dirs", []):
        shutil.rmtree(path, ignore_errors=True)
    if state.get("pool_was_missing") and pool_exists("default"):
        vt.virsh("pool-destroy", "default", check=False)
        vt.virsh("pool-undefine", "default", check=False)
    if state.get("network_was_inactive") and network_active("default"):
        vt.virsh("net-destroy", "default", check=False)


# --------------------------------------------------------------------------- media

def write_import_image(state):
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    path = os.path.join(vt.IMAGE_DIR, IMPORT_NAME + ".img")
    bootsector.write_image(path)
    # A whole megabyte: SeaBIOS cannot read a one-sector disk over AHCI (SATA, which the
    # generic OS gets on Q35): "Boot failed: could not read the boot disk".
    os.truncate(path, 1 << 20)
    os.chmod(path, 0o644)
    state["files"].append(path)
    return path


def write_iso(state):
    """A bootable ISO: the boot sector as a no-emulation El Torito image, loaded at 0x7C00."""
    if shutil.which("genisoimage") is None:
        raise vt.Skip("genisoimage is not installed")
    tree = tempfile.mkdtemp(prefix="vimana-test-nv-tree-")
    boot = os.path.join(tree, "boot.bin")
    with open(boot, "wb") as f:
        f.write(bootsector.build() + bytes(2048 - 512))
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    iso = os.path.join(vt.IMAGE_DIR, ISO_NAME + ".iso")
    subprocess.run(["genisoimage", "-quiet", "-V", ISO_LABEL, "-o", iso, "-r", "-b", "boot.bin",
                    "-c", "boot.cat", "-no-emul-boot", "-boot-load-size", "4", tree], check=True)
    shutil.rmtree(tree)
    os.chmod(iso, 0o644)
    state["files"].append(iso)
    return iso


def dump_pixel(path, x=4, y=4):
    out = subprocess.run(["convert", path, "-format", f"%[fx:int(255*p{{{x},{y}}}.r)],"
                          f"%[fx:int(255*p{{{x},{y}}}.g)],%[fx:int(255*p{{{x},{y}}}.b)]", "info:"],
                         capture_output=True, text=True, check=True).stdout
    return tuple(int(v) for v in out.strip().split(","))


def is_blue(pixel):
    return all(abs(a - b) <= 12 for a, b in zip(pixel, BLUE))


# --------------------------------------------------------------------------- the two runs

def test_import(image):
    dump_dir = tempfile.mkdtemp(prefix="vimana-test-nv-dump-")
    dump = os.path.join(dump_dir, f"console-{IMPORT_NAME}.png")
    proc = vt.launch_app("--connect", vt.URI, "--show-new-vm", env={"VIMANA_CONSOLE_DUMP": dump_dir})
    app = vt.find_app(pid=proc.pid)
    a = Assistant(app)

    a.check("radio button", "Import existing disk image")
    a.type_text("Disk image path", image)
    a.click("push button", "Forward")
    a.type_text("Memory", "64 MiB")
    a.type_text("Virtual CPUs", "1")
    a.click("push button", "Forward")
    a.click("push button", "Forward")
    a.click("push button", "Forward")
    a.type_text("Name", IMPORT_NAME)
    assert a.problems() == [], a.problems()
    vt.screenshot("test_new_vm-import-summary")
    a.click("push button", "Finish")

    a.wait_running(IMPORT_NAME, 60)
    xml = vt.virsh("dumpxml", IMPORT_NAME)
    assert f"<source file='{image}'" in xml, xml
    assert "<memory unit='KiB'>65536</memory>" in xml, xml
    assert "<graphics type='vnc'" in xml, xml
    vt.wait_for_banner(IMPORT_NAME)
    vt.log(f"{IMPORT_NAME}: defined, running, banner on its screen")

    # The details window opened on the Console page, and it shows the guest.
    vt.wait_for(lambda: showing(app, None, f"Console of {IMPORT_NAME}"), 30,
                f"the console of {IMPORT_NAME}")
    vt.wait_for(lambda: os.path.exists(dump) and is_blue(dump_pixel(dump)), 30,
                "the app's console to show the banner's screen", interval=0.5)
    vt.screenshot("test_new_vm-import-console")
    shutil.rmtree(dump_dir, ignore_errors=True)
    vt.stop_apps()


def click_point(acc):
    """A real left click (through the X server) at the middle of acc's extents."""
    import pyatspi
    ext = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(ext.x + ext.width // 2, ext.y + ext.height // 2, "b1c")


def downloads_home(iso):
    """A home folder whose Downloads holds the ISO, as a new user's would: the assistant
    lists it on its first page. Readable by QEMU (which runs as another user)."""
    home = tempfile.mkdtemp(prefix="vimana-test-nv-home-")
    os.chmod(home, 0o755)
    downloads = os.path.join(home, "Downloads")
    os.mkdir(downloads, 0o755)
    path = os.path.join(downloads, os.path.basename(iso))
    shutil.copyfile(iso, path)
    os.chmod(path, 0o644)
    return home, path


def test_iso_clicks(iso, state):
    """Issue 17, item 13: from the main window's New VM button to a running guest with its
    console, choosing the ISO included, every click counted: New VM, the ISO's row, Review,
    Finish. The name is typed (only vimana-test-nv-* guests may be made here)."""
    home, iso = downloads_home(iso)
    state["files"].append(iso)
    state.setdefault("dirs", []).append(home)
    proc = vt.launch_app("--connect", vt.URI, env={"HOME": home})
    app = vt.find_app(pid=proc.pid)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    clicks = 0
    new_vm = vt.wait_for(lambda: (lambda b: b if b is not None and enabled(b) else None)(
        showing(frame, "push button", "New Virtual Machine")), 60, "the New VM button to be sensitive")
    vt.click(new_vm)
    clicks += 1
    vt.log(f"click {clicks}: New VM")
    a = Assistant(app)
    a.clicks = clicks

    row_name = f"{os.path.basename(iso)}, In Downloads"
    row = a.widget("list item", row_name, timeout=30)
    click_point(row)
    a.clicks += 1
    vt.log(f"click {a.clicks}: the row {row_name!r}")
    vt.wait_for(lambda: a.editable("Installation media path") is not None and
                a.editable("Installation media path").queryText().getText(0, -1) == iso,
                10, "the ISO's path to be chosen")
    vt.wait_for(lambda: "Debian 11" in a.widget("label", "Operating system").queryText().getText(0, -1),
                30, "Debian 11 to be detected")
    a.click("push button", "Review")
    # Only vimana-test-nv-* guests may be made on this shared host: the name is typed, not clicked.
    a.type_text("Name", ISO_NAME)
    vt.screenshot("test_new_vm-iso-summary")
    a.click("push button", "Finish")

    a.wait_running(ISO_NAME, 120)
    vt.wait_for_banner(ISO_NAME)
    vt.wait_for(lambda: showing(app, "frame", f"{ISO_NAME} \u2014 Running"), 30,
                "the new guest's details window (on its console)")
    vt.log(f"clicks from the New VM button to a running guest, the ISO chosen: {a.clicks}")
    assert a.clicks <= MAX_CLICKS, f"{a.clicks} clicks, more than {MAX_CLICKS}"

    xml = vt.virsh("dumpxml", ISO_NAME)
    assert f"<source file='{iso}'" in xml, xml
    assert "http://debian.org/debian/11" in xml, xml
    volumes = vt.virsh("vol-list", "--pool", "default")
    assert ISO_NAME + ".qcow2" in volumes, volumes
    vt.screenshot("test_new_vm-iso-running")
    vt.stop_apps()


def main():
    state = {"files": []}
    status = 0

    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_term)
    try:
        vt.require_display()
        vt.require_libvirt()
        cleanup(state)
        state["pool_was_missing"] = not pool_exists("default")
        state["network_was_inactive"] = not network_active("default")
        image = write_import_image(state)
        iso = write_iso(state)
        test_import(image)
        test_iso_clicks(iso, state)
        vt.log("test_new_vm: PASS")
    except vt.Skip as e:
        vt.log(f"test_new_vm: SKIP: {e}")
        status = vt.SKIP
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        vt.log("test_new_vm: FAIL")
        vt.screenshot("test_new_vm-failure")
        status = 1
    finally:
        vt.stop_apps()
        try:
            cleanup(state)
        except Exception as e:
            vt.log(f"cleanup failed: {e}")
            status = status or 1
    sys.stdout.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
