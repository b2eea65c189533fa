#!/usr/bin/python3
"""System test: New VM with a SPICE display gives the guest USB redirection, the agent's channel and WebDAV.

`vimana --connect qemu:///system --show-new-vm` opens the assistant (driven through AT-SPI, as
test_new_vm.py does): the boot-sector image is imported, SPICE is chosen for the display, the
guest vimana-test-i13more-nvspice is created and runs on QEMU. Its live XML has the SPICE
display, the spice-vdagent channel (com.redhat.spice.0), the WebDAV port and two USB
redirection devices on the qemu-xhci controller New VM adds; its Console page connects and
offers "USB Devices…" and "Share Folder…".

The host's libvirtd is shared: this test touches only its own guest and image, and puts the
network "default" back as it found it. It does not use vimanatest.run(), whose cleanup removes
every vimana-test-* guest.

Env: as test_new_vm.py.
"""
import os
import re
import signal
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import test_new_vm as nv  # noqa: E402
import vimanatest as vt  # noqa: E402

NAME = "vimana-test-i13more-nvspice"
SPICE_ITEM = 1          # the Display combo's second item (ui/newvm/vimana-new-vm-assistant.ui)


def write_image(state):
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    path = os.path.join(vt.IMAGE_DIR, NAME + ".img")
    bootsector.write_image(path)
    os.truncate(path, 1 << 20)      # SeaBIOS cannot boot a one-sector disk over AHCI
    os.chmod(path, 0o644)
    state["files"].append(path)
    return path


def cleanup(state):
    nv.remove_guest(NAME)
    for path in state.get("files", []):
        try:
            os.unlink(path)
        except OSError:
            pass
    if state.get("network_was_inactive") and nv.network_active("default"):
        vt.virsh("net-destroy", "default", check=False)


def choose_spice(a):
    combo = a.widget("combo box", "Display")
    combo.querySelection().selectChild(SPICE_ITEM)
    vt.wait_for(lambda: combo.querySelection().isChildSelected(SPICE_ITEM), 10,
                "SPICE to be chosen")


def test(image):
    proc = vt.launch_app("--connect", vt.URI, "--show-new-vm")
    app = vt.find_app(pid=proc.pid)
    a = nv.Assistant(app)

    a.check("radio button", "Import existing disk image")
    a.type_text("Disk image path", image)
    a.click("push button", "Forward")
    a.type_text("Memory", "64 MiB")
    a.type_text("Virtual CPUs", "1")
    a.click("push button", "Forward")
    a.click("push button", "Forward")
    choose_spice(a)
    a.click("push button", "Forward")
    a.type_text("Name", NAME)
    assert a.problems() == [], a.problems()
    vt.screenshot("test_new_vm_spice-summary")
    a.click("push button", "Finish")

    a.wait_running(NAME, 60)
    xml = vt.virsh("dumpxml", NAME)
    assert "<graphics type='spice'" in xml, xml
    assert re.search(r"<controller type='usb' index='0' model='qemu-xhci'", xml), xml
    redirdevs = re.findall(r"<redirdev bus='usb' type='spicevmc'>\s*<alias name='[^']+'/>\s*"
                           r"<address type='usb' bus='0'", xml)
    assert len(redirdevs) == 2, f"not two USB redirection devices on the controller: {xml}"
    assert re.search(r"<channel type='spicevmc'>.*?name='com.redhat.spice.0'", xml, re.S), xml
    assert re.search(r"<channel type='spiceport'>\s*<source channel='org.spice-space.webdav.0'/>",
                     xml), xml
    vt.log(f"{NAME}: running with SPICE, the agent's channel, WebDAV and two USB slots")

    # Its Console page shows it and offers both.
    vt.wait_for(lambda: nv.showing(app, None, f"Console of {NAME}"), 30, f"the console of {NAME}")
    for name in ("USB Devices…", "Share Folder…"):
        button = vt.wait_for(lambda: nv.showing(app, None, name), 30, f"'{name}' in the toolbar")
        vt.wait_for(lambda: nv.has_state(button, "sensitive"), 30, f"'{name}' to be sensitive")
    vt.screenshot("test_new_vm_spice-console")
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
        state["network_was_inactive"] = not nv.network_active("default")
        test(write_image(state))
        vt.log("test_new_vm_spice: PASS")
    except vt.Skip as e:
        vt.log(f"test_new_vm_spice: SKIP: {e}")
        status = vt.SKIP
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        vt.log("test_new_vm_spice: FAIL")
        vt.screenshot("test_new_vm_spice-failure")
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
