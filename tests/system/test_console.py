#!/usr/bin/python3
"""System test: a guest's Console page shows what the guest shows, and follows the guest.

A boot-sector guest (vimana-test-con, VNC on 127.0.0.1 with autoport) runs on qemu:///system;
`vimana --connect qemu:///system --show-domain-console vimana-test-con` opens its details
window on the Console page. Read through AT-SPI and the app's test hook:

  * the console appears: an accessible named "Console of vimana-test-con", showing;
  * what it shows equals `virsh screenshot`: with VIMANA_CONSOLE_DUMP=<dir> the page writes
    its framebuffer to <dir>/console-<name>.png (at most once a second, a test hook); both
    images are converted to PPM and compared: same size, pixels within a small tolerance;
  * Send Key → Ctrl+Alt+Del resets the guest (its BIOS does; `virsh event` sees the reboot
    event); Send Key → Other Combination… refuses "Ctrl+Banana" beside the entry, and
    "ctrl+alt+delete" typed there resets the guest again;
  * `virsh suspend`: the picture stays under a "Paused" label, gone after `virsh resume`;
  * "Detach Console" moves the console into a window "Console of vimana-test-con", "Bring
    Back" returns it;
  * `virsh reset`: the console keeps showing the guest (or reconnects by itself) and shows
    the banner again; the page never ends on "Disconnected";
  * `virsh destroy`: the page's placeholder title "Guest is not running" is showing; `virsh
    start`: the console comes back by itself (autoport: perhaps a new port);
  * a second guest (vimana-test-conpw) has a VNC password: the page asks for it (the entry
    "Password"; dialled directly, since libvirt's socket skips the password), says
    "Wrong password." after a wrong one, shows the guest after the right
    one; the password never appears in the app's output.

Printed, not asserted: the time from launch to the first framebuffer written, and the
app's own measure (page asked to connect -> first framebuffer update).

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); optional VIMANA_TEST_ARTIFACTS.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

NAME = "vimana-test-con"
PW_NAME = "vimana-test-conpw"
PASSWORD = "v1m4na"     # QEMU's VNC passwords are at most 8 characters
TOLERANCE = 24          # per channel: VGA palette rounding, never a different picture
MATCH_SHARE = 0.995     # share of pixels that must be within TOLERANCE


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def showing(root, name):
    """The first accessible named `name` that is showing, else None."""
    for acc in vt.find_all(root, name=name):
        try:
            if has_state(acc, "showing"):
                return acc
        except Exception:
            continue
    return None


def read_ppm(path):
    """(width, height, bytes) of an image, through ImageMagick's binary PPM (P6, 8 bits)."""
    data = subprocess.run(["convert", path, "-depth", "8", "ppm:-"], capture_output=True,
                          check=True, timeout=30).stdout
    match = re.match(rb"P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match, f"{path}: not a binary PPM"
    width, height, maxval = (int(g) for g in match.groups())
    assert maxval == 255, f"{path}: maxval {maxval}"
    pixels = data[match.end():match.end() + width * height * 3]
    assert len(pixels) == width * height * 3, f"{path}: short pixel data"
    return width, height, pixels


def compare(app_png, guest_png):
    """(same size, share of pixels within TOLERANCE, mean difference), printed."""
    aw, ah, a = read_ppm(app_png)
    gw, gh, g = read_ppm(guest_png)
    if (aw, ah) != (gw, gh):
        vt.log(f"sizes differ: app {aw}x{ah}, virsh {gw}x{gh}")
        return False, 0.0, 255.0
    close = 0
    total = 0
    for i in range(0, len(a), 3):
        d = max(abs(a[i] - g[i]), abs(a[i + 1] - g[i + 1]), abs(a[i + 2] - g[i + 2]))
        total += d
        if d <= TOLERANCE:
            close += 1
    n = aw * ah
    vt.log(f"app {aw}x{ah} vs virsh: {close / n:.4f} of pixels within {TOLERANCE}, "
           f"mean difference {total / n:.2f}")
    return True, close / n, total / n


def console_matches_guest(dump, tag, name=NAME):
    """The app's latest dump equals a fresh `virsh screenshot`."""
    guest = vt.guest_screenshot(name, f"test_console-{tag}-virsh")
    app_copy = vt.artifact_path(f"test_console-{tag}-app.png")
    with open(dump, "rb") as src, open(app_copy, "wb") as dst:
        dst.write(src.read())
    same_size, share, _ = compare(app_copy, guest)
    return same_size and share >= MATCH_SHARE


def click_menu_item(app, name):
    """Open the Send Key menu and click its item `name`."""
    vt.click(vt.wait_for(lambda: showing(app, "Send Key"), 5, "the 'Send Key' button"))
    vt.click(vt.wait_for(lambda: showing(app, name), 5, f"the menu item '{name}'"))


def daemon_clients():
    """How many clients libvirtd has (virt-admin), to see a new connection arrive."""
    out = subprocess.run(["virt-admin", "client-list", "libvirtd"], capture_output=True,
                         text=True, check=True, timeout=10).stdout
    return sum(1 for line in out.splitlines()[2:] if line.strip())


def send_keys_and_see_reset(app, send):
    """Run send() while `virsh event` waits for the guest's reboot event; fail without one."""
    before = daemon_clients()
    watcher = subprocess.Popen(["virsh", "-c", vt.URI, "event", NAME, "--event", "reboot",
                                "--timeout", "30"], stdout=subprocess.PIPE, text=True)
    try:
        # virsh registers for the event as soon as it is connected: wait for its connection.
        vt.wait_for(lambda: daemon_clients() > before, 10, "`virsh event` to connect")
        send()
        out, _ = watcher.communicate(timeout=40)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    assert "reboot" in out and NAME in out, f"no reboot event after the keys: {out!r}"
    vt.log(f"keys sent -> {out.strip()}")
    # The BIOS takes Ctrl+Alt+Del only once it has booted the guest again: wait for the
    # screen to go dark (perhaps already over) and for the banner to come back.
    try:
        vt.wait_for(lambda: sum(vt.guest_pixel(NAME)) < 60, 3, "the screen to go dark",
                    interval=0.1)
    except TimeoutError:
        pass
    vt.wait_for_banner(NAME)


def test():
    vt.define_guest(NAME, start=True)
    vt.wait_for_banner(NAME)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{NAME}.png")

    t0 = time.monotonic()
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir})
    app = vt.find_app(pid=proc.pid)
    console = vt.wait_for(lambda: showing(app, f"Console of {NAME}"), 30,
                          f"the showing console 'Console of {NAME}'")
    vt.log(f"console role: {vt._role(console)}")
    vt.wait_for(lambda: os.path.exists(dump), 30, "the first framebuffer from the app")
    vt.log(f"launch -> first framebuffer written: {time.monotonic() - t0:.2f} s")
    with open(proc.logfile) as f:
        for line in f:
            if "First console frame" in line:
                vt.log(f"app: {line.strip()}")

    # The screen is static (the guest halts): the two must agree once the dump has caught up.
    vt.wait_for(lambda: console_matches_guest(dump, "running"), 15,
                "the app's console to match `virsh screenshot`", interval=1.0)
    vt.screenshot("test_console-running")

    # Ctrl+Alt+Del from the Send Key menu reaches the guest: its BIOS resets it, which
    # libvirt reports as a reboot event.
    send_keys_and_see_reset(app, lambda: click_menu_item(app, "Ctrl+Alt+Del"))
    # A combination of the user's own: a wrong one is refused beside the entry and sends
    # nothing; "Ctrl+Alt+Delete" typed there resets the guest again.
    click_menu_item(app, "Other Combination…")
    entry = vt.wait_for(lambda: showing(app, "Keys to send"), 5, "the 'Keys to send' entry")
    entry.queryEditableText().setTextContents("Ctrl+Banana")
    vt.click(vt.wait_for(lambda: showing(app, "Send"), 5, "the 'Send' button"))
    vt.wait_for(lambda: showing(app, "“Banana” is not a key. Use Ctrl, Alt, Shift, Super or a "
                                     "key such as F12, joined with “+”."), 5,
                "the message beside 'Keys to send'")
    vt.screenshot("test_console-custom-keys-refused")

    def send_custom():
        entry.queryEditableText().setTextContents("ctrl+alt+delete")
        vt.click(vt.wait_for(lambda: showing(app, "Send"), 5, "the 'Send' button"))
    send_keys_and_see_reset(app, send_custom)
    vt.wait_for(lambda: console_matches_guest(dump, "after-keys"), 20,
                "the console to show the banner after the resets", interval=1.0)

    # Paused by another client: the last picture stays, under "Paused".
    vt.virsh("suspend", NAME)
    vt.wait_for(lambda: showing(app, "Paused"), 10, "'Paused' over the console")
    assert showing(app, f"Console of {NAME}") is not None, "the console went when paused"
    vt.screenshot("test_console-paused")
    vt.virsh("resume", NAME)
    vt.wait_for(lambda: showing(app, "Paused") is None, 10, "'Paused' to go after resume")

    # Detached into a window of its own and brought back, the session going on.
    vt.click(vt.wait_for(lambda: showing(app, "Detach Console"), 5, "'Detach Console'"))
    vt.wait_for(lambda: any(has_state(f, "showing") for f in
                            vt.find_all(app, role="frame", name=f"Console of {NAME}")),
                10, "the console's own window")
    vt.screenshot("test_console-detached")
    vt.click(vt.wait_for(lambda: showing(app, "Bring Back"), 5, "'Bring Back'"))
    vt.wait_for(lambda: not vt.find_all(app, role="frame", name=f"Console of {NAME}"), 10,
                "the console's own window to close")
    vt.wait_for(lambda: showing(app, f"Console of {NAME}"), 10, "the console back in its page")

    # A reset: the same QEMU, so the session survives or comes back by itself.
    mtime = os.path.getmtime(dump)
    vt.virsh("reset", NAME)
    vt.wait_for_banner(NAME)
    vt.wait_for(lambda: os.path.getmtime(dump) > mtime, 20, "a framebuffer update after reset")
    vt.wait_for(lambda: console_matches_guest(dump, "reset"), 20,
                "the console to show the banner again after reset", interval=1.0)
    assert showing(app, "Disconnected") is None, "the console shows Disconnected after reset"
    assert showing(app, f"Console of {NAME}") is not None, "the console is gone after reset"

    # Destroyed by another client: the page says the guest is not running.
    t1 = time.monotonic()
    vt.virsh("destroy", NAME)
    vt.wait_for(lambda: showing(app, "Guest is not running"), 15,
                "the placeholder 'Guest is not running'")
    t2 = time.monotonic()
    showing(app, "Guest is not running")
    vt.log(f"virsh destroy -> 'Guest is not running': {t2 - t1:.2f} s "
           f"(one AT-SPI search of the app takes {time.monotonic() - t2:.2f} s of that)")
    vt.screenshot("test_console-destroyed")

    # Started again by another client: a new QEMU, perhaps a new port; the page reconnects.
    os.unlink(dump)
    vt.virsh("start", NAME)
    vt.wait_for_banner(NAME)
    vt.wait_for(lambda: os.path.exists(dump), 30, "a framebuffer after the guest started again")
    vt.wait_for(lambda: console_matches_guest(dump, "restarted"), 20,
                "the console to show the banner after the guest started again", interval=1.0)
    assert showing(app, "Guest is not running") is None
    vt.stop_apps()
    test_password()


def entry_length(entry):
    """Characters in the entry (a password entry shows its text as bullets only)."""
    return entry.queryText().characterCount


def type_password(app, text):
    """Answer the prompt; return once the page took the answer (it clears the entry)."""
    entry = vt.wait_for(lambda: showing(app, "Password"), 30, "the showing 'Password' entry")
    entry.queryEditableText().setTextContents(text)
    vt.wait_for(lambda: entry_length(entry) == len(text), 5, "the password typed")
    vt.click(vt.wait_for(lambda: showing(app, "Connect"), 5, "the 'Connect' button"))
    vt.wait_for(lambda: entry_length(entry) == 0, 10, "the page to take the password")


def test_password():
    vt.define_guest(PW_NAME, start=True, vnc_password=PASSWORD)
    vt.wait_for_banner(PW_NAME)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{PW_NAME}.png")
    # libvirt's own socket skips the password (SKIPAUTH): dial the address, as for a remote
    # connection, through the page's test hook.
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", PW_NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir, "VIMANA_CONSOLE_DIRECT": "1"})
    app = vt.find_app(pid=proc.pid)

    type_password(app, "wrong")
    vt.wait_for(lambda: showing(app, "Wrong password."), 15, "'Wrong password.' after a wrong one")
    vt.screenshot("test_console-wrong-password")
    assert not os.path.exists(dump), "a framebuffer arrived without the password"

    # Three wrong answers in a row: the page stops asking and says why.
    type_password(app, "wrong2")
    vt.wait_for(lambda: showing(app, "Wrong password."), 15, "'Wrong password.' again")
    type_password(app, "wrong3")
    vt.wait_for(lambda: showing(app, "Disconnected"), 15, "'Disconnected' after three failures")
    assert showing(app, "The password was refused three times. Check it, then reconnect.")
    vt.screenshot("test_console-password-refused")
    vt.click(vt.wait_for(lambda: showing(app, "Reconnect"), 5, "the 'Reconnect' button"))

    type_password(app, PASSWORD)
    vt.wait_for(lambda: os.path.exists(dump), 30, "a framebuffer after the right password")
    vt.wait_for(lambda: console_matches_guest(dump, "password", PW_NAME), 15,
                "the console to match `virsh screenshot` after the password", interval=1.0)
    vt.stop_apps()
    with open(proc.logfile, errors="replace") as f:
        assert PASSWORD not in f.read(), "the password appears in the app's output"


if __name__ == "__main__":
    vt.run(test)
