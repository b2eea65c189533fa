#!/usr/bin/python3
"""System test: the Console page shows a SPICE guest (spice-gtk), as it shows a VNC one.

A boot-sector guest (vimana-test-i13spice-con: SPICE on 127.0.0.1 with autoport, QXL video)
runs on qemu:///system; `vimana --connect qemu:///system --show-domain-console NAME` opens its
Console page. The page reaches the display through libvirt's virDomainOpenGraphicsFD for the
main channel and asks libvirt again for each further channel (display, inputs, cursor…).
Read through AT-SPI and the page's test hook (VIMANA_CONSOLE_DUMP), as test_console.py does:

  * the console appears ("Console of NAME", showing) and what it shows equals `virsh
    screenshot` within a small tolerance;
  * the app asked libvirt for more than one socket (its log, G_MESSAGES_DEBUG): the channels
    came through need-fd;
  * Send Key → Ctrl+Alt+Del resets the guest (a reboot event), and the console shows the
    banner again;
  * "Detach Console" moves it into a window of its own, "Bring Back" returns it, still
    showing the guest;
  * `virsh reset`: the console follows (never "Disconnected");
  * `virsh destroy`: "Guest is not running"; `virsh start`: the console comes back;
  * a second guest (vimana-test-i13spice-pw) has a SPICE password: dialled directly (libvirt's
    socket skips the password), the page asks for it inline, says "Wrong password." after a
    wrong one and shows the guest after the right one; the password never appears in the
    app's output.

Env: as test_console.py.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402

NAME = "vimana-test-i13spice-con"
PW_NAME = "vimana-test-i13spice-pw"
PASSWORD = "sp1ce-pw"


def matches(dump, tag, name=NAME):
    """The app's latest dump equals a fresh `virsh screenshot`."""
    return tc.console_matches_guest(dump, "spice-" + tag, name)


def see_reset(app, send):
    """Run send() while `virsh event` waits for NAME's reboot event; fail without one."""
    before = tc.daemon_clients()
    watcher = subprocess.Popen(["virsh", "-c", vt.URI, "event", NAME, "--event", "reboot",
                                "--timeout", "30"], stdout=subprocess.PIPE, text=True)
    try:
        vt.wait_for(lambda: tc.daemon_clients() > before, 10, "`virsh event` to connect")
        send()
        out, _ = watcher.communicate(timeout=40)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    assert "reboot" in out and NAME in out, f"no reboot event after the keys: {out!r}"
    vt.log(f"keys sent -> {out.strip()}")
    try:
        vt.wait_for(lambda: sum(vt.guest_pixel(NAME)) < 60, 3, "the screen to go dark",
                    interval=0.1)
    except TimeoutError:
        pass
    vt.wait_for_banner(NAME)


def log_lines(proc, text):
    with open(proc.logfile, errors="replace") as f:
        return [line.strip() for line in f if text in line]


def test():
    vt.define_guest(NAME, start=True, graphics="spice")
    vt.wait_for_banner(NAME)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{NAME}.png")

    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir,
                              "G_MESSAGES_DEBUG": "vimana-console-page"})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, f"Console of {NAME}"), 30,
                f"the showing console 'Console of {NAME}'")
    vt.wait_for(lambda: os.path.exists(dump), 30, "the first framebuffer from the app")
    for line in log_lines(proc, "First console frame"):
        vt.log(f"app: {line}")
    vt.wait_for(lambda: matches(dump, "running"), 15,
                "the app's SPICE console to match `virsh screenshot`", interval=1.0)
    vt.screenshot("test_console_spice-running")

    # Each channel after the main one asked the page for its socket (need-fd → libvirt).
    asked = log_lines(proc, "asks for a socket for its")
    vt.log(f"channels that asked for a socket: {asked}")
    assert asked, "no SPICE channel asked for a socket through need-fd"

    see_reset(app, lambda: tc.click_menu_item(app, "Ctrl+Alt+Del"))
    vt.wait_for(lambda: matches(dump, "after-keys"), 20,
                "the console to show the banner after Ctrl+Alt+Del", interval=1.0)

    # Detached into a window of its own and brought back, the SPICE session going on.
    vt.click(vt.wait_for(lambda: tc.showing(app, "Detach Console"), 5, "'Detach Console'"))
    vt.wait_for(lambda: any(tc.has_state(f, "showing") for f in
                            vt.find_all(app, role="frame", name=f"Console of {NAME}")),
                10, "the console's own window")
    vt.screenshot("test_console_spice-detached")
    vt.click(vt.wait_for(lambda: tc.showing(app, "Bring Back"), 5, "'Bring Back'"))
    vt.wait_for(lambda: not vt.find_all(app, role="frame", name=f"Console of {NAME}"), 10,
                "the console's own window to close")
    vt.wait_for(lambda: tc.showing(app, f"Console of {NAME}"), 10, "the console back in its page")
    vt.wait_for(lambda: matches(dump, "brought-back"), 15,
                "the console to match `virsh screenshot` after Bring Back", interval=1.0)

    mtime = os.path.getmtime(dump)
    vt.virsh("reset", NAME)
    vt.wait_for_banner(NAME)
    vt.wait_for(lambda: os.path.getmtime(dump) > mtime, 20, "a framebuffer update after reset")
    vt.wait_for(lambda: matches(dump, "reset"), 20,
                "the console to show the banner again after reset", interval=1.0)
    assert tc.showing(app, "Disconnected") is None, "Disconnected after reset"

    vt.virsh("destroy", NAME)
    vt.wait_for(lambda: tc.showing(app, "Guest is not running"), 15,
                "the placeholder 'Guest is not running'")
    os.unlink(dump)
    vt.virsh("start", NAME)
    vt.wait_for_banner(NAME)
    vt.wait_for(lambda: os.path.exists(dump), 30, "a framebuffer after the guest started again")
    vt.wait_for(lambda: matches(dump, "restarted"), 20,
                "the console to show the banner after the guest started again", interval=1.0)
    vt.stop_apps()
    test_password()


def test_password():
    vt.define_guest(PW_NAME, start=True, vnc_password=PASSWORD, graphics="spice")
    vt.wait_for_banner(PW_NAME)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{PW_NAME}.png")
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", PW_NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir, "VIMANA_CONSOLE_DIRECT": "1",
                              "G_MESSAGES_DEBUG": "all"})
    app = vt.find_app(pid=proc.pid)

    tc.type_password(app, "wrong")
    vt.wait_for(lambda: tc.showing(app, "Wrong password."), 15,
                "'Wrong password.' after a wrong one")
    vt.screenshot("test_console_spice-wrong-password")
    assert not os.path.exists(dump), "a framebuffer arrived without the password"

    tc.type_password(app, PASSWORD)
    vt.wait_for(lambda: os.path.exists(dump), 30, "a framebuffer after the right password")
    vt.wait_for(lambda: matches(dump, "password", PW_NAME), 15,
                "the console to match `virsh screenshot` after the password", interval=1.0)
    vt.stop_apps()
    with open(proc.logfile, errors="replace") as f:
        assert PASSWORD not in f.read(), "the password appears in the app's output"


if __name__ == "__main__":
    vt.run(test)
