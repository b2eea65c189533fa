#!/usr/bin/python3
"""System test: the numbers and states of issue 17 (items 4, 5 and 12) on real QEMU guests.

Two boot-sector guests (32 MiB, no balloon), defined and started with virsh:

  i17num-acpi   with a user-mode NIC (<interface type='user'>)
  i17num-saved  then `virsh managedsave`      -> its row says "Saved", not "Shut off"

vimana --connect qemu:///system, with VIMANA_SHUTDOWN_TIMEOUT=3, driven through AT-SPI:

  * the list's memory-use cell of i17num-acpi says "(host)": without a balloon the figure is
    the host memory of QEMU's process (about 40 MiB for a 32 MiB guest), not the guest's use;
  * its Performance page: the memory summary says "host memory used by the guest's process",
    and where the figure exceeds the 32 MiB given, why; the network graph says user-mode
    networking has no host-side counters (not "The guest has no network interface");
  * Shut Down on i17num-acpi (a boot sector ignores ACPI): after the timeout the window's bar
    says it did not shut down and offers Force Off; Force Off -> virsh: shut off.

The machine's libvirtd is shared: the test creates and removes only i17num-* guests and does
not use vimanatest.run() (whose cleanup removes every vimana-test-* guest).

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd; optional
VIMANA_TEST_ARTIFACTS.
"""
import os
import re
import signal
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import vimanatest as vt  # noqa: E402

PREFIX = "i17num-"
ACPI = PREFIX + "acpi"
SAVED = PREFIX + "saved"
TIMEOUT = 30.0


def guest_xml(name, image, virt_type, user_nic):
    nic = ("<interface type='user'><mac address='52:54:00:17:04:01'/>"
           "<model type='e1000'/></interface>") if user_nic else ""
    return f"""<domain type='{virt_type}'>
  <name>{name}</name>
  <memory unit='MiB'>32</memory>
  <currentMemory unit='MiB'>32</currentMemory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='{image}'/>
      <target dev='hda' bus='ide'/>
    </disk>
    {nic}
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
"""


def image_path(name):
    return os.path.join(vt.IMAGE_DIR, name + ".img")


def define_running(name, user_nic):
    os.makedirs(vt.IMAGE_DIR, mode=0o755, exist_ok=True)
    os.chmod(vt.IMAGE_DIR, 0o755)
    image = image_path(name)
    bootsector.write_image(image)
    os.chmod(image, 0o644)
    virt_type = "kvm" if vt.kvm_usable() else "qemu"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(guest_xml(name, image, virt_type, user_nic))
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("start", name)


def remove_own_guests():
    for name in vt.virsh("list", "--all", "--name", check=False).split():
        if name.startswith(PREFIX):
            vt.virsh("destroy", name, check=False)
            vt.virsh("undefine", "--managed-save", name, check=False)
    for name in (ACPI, SAVED):
        try:
            os.unlink(image_path(name))
        except OSError:
            pass


def label_text(acc):
    try:
        return acc.queryText().getText(0, -1)
    except Exception:
        return acc.name or ""


def domains_table(frame):
    return vt.wait_for(lambda: next((t for t in vt.find_all(frame, name="Domains")
                                     if vt._role(t) in ("tree table", "table", "tree")), None),
                       20, "the 'Domains' table in the 'Vimana' frame")


def row_of(table, name):
    for row in vt.table_rows(table):
        if row and (row[0] == name or (row[0] or "").startswith(name + "  ")):
            return row
    return None


def row_index(table, name):
    for i, row in enumerate(vt.table_rows(table)):
        if row and (row[0] == name or (row[0] or "").startswith(name + "  ")):
            return i
    return None


def sensitive(acc):
    import pyatspi
    return acc.getState().contains(pyatspi.STATE_SENSITIVE)


def press(window, name):
    b = vt.find(window, role="push button", name=name, timeout=10)
    vt.wait_for(lambda: sensitive(b), 10, f"button {name!r} to become sensitive")
    vt.click(b)


def showing(acc):
    import pyatspi
    states = acc.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def messages_text(frame):
    """The text of the window's message bar while it is shown, else ""."""
    bars = [a for a in vt.find_all(frame, name="Messages") if showing(a)]
    for bar in bars:
        for label in vt.find_all(bar, role="label", name="Message"):
            text = label_text(label)
            if text:
                return text
    return ""


def activate_row(table, row):
    cell = table.queryTable().getAccessibleAt(row, 0)
    action = cell.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    assert "activate" in names, f"the name cell has no 'activate' action (only {names})"
    action.doAction(names.index("activate"))


def check_performance(app, table):
    """The Performance page of i17num-acpi: what the memory figure is, why there is no
    network graph."""
    row = vt.wait_for(lambda: row_index(table, ACPI), TIMEOUT, f"row {ACPI}")
    activate_row(table, row)
    details = vt.find(app, role="frame", name=f"{ACPI} \u2014 Running", timeout=TIMEOUT)
    page = vt.wait_for(lambda: next((b for b in vt.find_all(details, name="Performance")
                                     if vt._role(b) in ("radio button", "toggle button",
                                                        "push button", "page tab")), None),
                       TIMEOUT, f"the 'Performance' page switcher button of {ACPI}'s details")
    vt.click(page)
    summary = vt.wait_for(
        lambda: next((a for a in vt.find_all(details, role="label", name="Memory usage")
                      if "host memory used by the guest\u2019s process" in label_text(a)),
                     None),
        TIMEOUT, "the memory summary to say it is the host memory of the guest's process")
    text = label_text(summary)
    vt.log(f"{ACPI} memory summary: {text!r}")
    now = re.search(r"([\d.,]+)\s*(KiB|MiB|GiB)\s*now", text)
    assert now, f"no current value in {text!r}"
    value = float(now.group(1).replace(",", "."))
    mib = value / 1024 if now.group(2) == "KiB" else value * 1024 if now.group(2) == "GiB" else value
    # Never "use" above "given" without saying why.
    if mib > 32:
        assert "more than the 32 MiB given to the guest" in text, text
    else:
        assert "of 32 MiB given to the guest" in text, text

    network = vt.wait_for(
        lambda: next((g for g in vt.find_all(details, name="Network I/O")
                      if "user-mode networking" in (g.description or "")), None),
        TIMEOUT, "the network graph to say user-mode networking has no host-side counters")
    vt.log(f"{ACPI} network graph: {network.description!r}")
    assert "no network interface" not in network.description
    vt.screenshot("numbers-performance")
    return details


def test():
    define_running(ACPI, user_nic=True)
    define_running(SAVED, user_nic=False)
    vt.virsh("managedsave", SAVED)
    vt.wait_for(lambda: vt.domstate(SAVED) == "shut off", TIMEOUT, f"{SAVED} to be saved")

    proc = vt.launch_app("--connect", vt.URI, env={"VIMANA_SHUTDOWN_TIMEOUT": "3"})
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    table = domains_table(frame)

    # Item 12: a managed-save image is "Saved".
    vt.wait_for(lambda: (row_of(table, SAVED) or [None, None])[1] == "Saved", TIMEOUT,
                f"row {SAVED} to say 'Saved'")

    # Items 4 and 5: what the numbers are.
    details = check_performance(app, table)
    row = vt.wait_for(lambda: (lambda r: r if r and any((c or "").endswith("(host)") for c in r)
                               else None)(row_of(table, ACPI)),
                      TIMEOUT, f"the memory-use cell of {ACPI} to say '(host)'")
    vt.log(f"{ACPI} row: {row!r}")

    # Item 12: Shut Down ignored (no ACPI in a boot sector) -> a warning with Force Off.
    press(details, "Shut Down")
    text = vt.wait_for(lambda: (lambda t: t if "did not shut down" in t else None)(
        messages_text(details)), TIMEOUT, "the bar to say the guest did not shut down")
    vt.log(f"bar: {text!r}")
    assert "3 seconds" in text, text
    assert vt.domstate(ACPI) == "running", "the boot sector was expected to ignore ACPI"
    vt.screenshot("numbers-not-shut-down")
    press(details, "Force Off")
    vt.wait_for(lambda: vt.domstate(ACPI) == "shut off", TIMEOUT, f"virsh: {ACPI} shut off")
    vt.wait_for(lambda: "did not shut down" not in messages_text(details), TIMEOUT,
                "the bar to go once Force Off ran")
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
        vt.log("test_numbers: PASS")
    except vt.Skip as e:
        vt.log(f"test_numbers: SKIP: {e}")
        status = vt.SKIP
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        vt.log("test_numbers: FAIL")
        vt.screenshot("test_numbers-failure")
        status = 1
        try:
            for app in vt._pyatspi().Registry.getDesktop(0):
                if app is not None and any(p.pid == app.get_process_id() for p in vt._procs):
                    vt.log(f"accessible tree: "
                           f"{vt.dump_tree(app, vt.artifact_path('test_numbers-a11y.txt'))}")
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
