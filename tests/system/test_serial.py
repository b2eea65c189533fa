#!/usr/bin/python3
"""System test (issue 13): a guest's serial console in the Console page, read as a screen reader reads it.

A serial-only boot-sector guest (vimana-test-i13serial-echo: no display, no video; it writes
"VIMANA SERIAL GUEST" to COM1 once, at the very start, then echoes every byte it receives) is
defined shut off on qemu:///system, and `vimana --show-domain-console` opens its Console page.
Everything is read and done through AT-SPI:

  * the guest is off: the placeholder offers "Start and Attach"; pressed, the guest is
    started paused, the console attached, the guest resumed, and the terminal's accessible
    text ("Text console serial0") shows the banner of that very first boot;
  * text typed into the terminal (keyboard events through AT-SPI) comes back, echoed;
  * `virsh destroy`: the console says it closed; `virsh start`: it attaches again by itself
    and shows the banner of the new boot;
  * libvirtd stopped and started again (when it is the test's own, as test_reconnect_fault
    does it, with the list open and the details window from a second command line): the
    console says it closed, text typed meanwhile goes nowhere, it attaches again by itself
    and typing works again;
  * a `virsh console` session holds the console (on a pty of the test's own) when the app
    starts: the console says another client holds it and offers "Take over the console"; after
    the question is answered with "Take Over", the app has the console (typed text comes back)
    and the virsh session ends.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them).
"""
import os
import pty
import select
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import bootsector  # noqa: E402
from test_console import showing  # noqa: E402

NAME = vt.PREFIX + "i13serial-echo"
TERMINAL = "Text console serial0"
BANNER = bootsector.BANNER_SERIAL


def terminal_text(app):
    term = showing(app, TERMINAL)
    if term is None:
        return None
    text = term.queryText()
    return text.getText(0, text.characterCount)


def banner_count(app):
    text = terminal_text(app)
    return None if text is None else text.count(BANNER)


def type_text(app, text):
    """Keyboard events, as a user types: the terminal takes the focus first."""
    import pyatspi
    term = vt.wait_for(lambda: showing(app, TERMINAL), 10, "the terminal")
    term.queryComponent().grabFocus()
    vt.wait_for(lambda: term.getState().contains(pyatspi.STATE_FOCUSED), 10, "the terminal to have the focus")
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)


def echoed(app, word):
    text = terminal_text(app)
    return text is not None and word in text


def status(app, words):
    """The status row's label that contains `words`, showing."""
    for label in vt.find_all(app, role="label"):
        try:
            if words in (label.name or "") and label.getState().contains(__import__("pyatspi").STATE_SHOWING):
                return label
        except Exception:
            continue
    return None


class VirshConsole:
    """`virsh console NAME` on a pty of our own, holding the guest's console."""

    def __init__(self, name):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp("virsh", ["virsh", "-c", vt.URI, "console", name])
        self.output = b""

    def read(self):
        while True:
            ready, _, _ = select.select([self.fd], [], [], 0)
            if not ready:
                return self.output
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                return self.output
            if not data:
                return self.output
            self.output += data

    def exited(self):
        self.read()
        pid, _ = os.waitpid(self.pid, os.WNOHANG)
        return pid == self.pid

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def test_start_and_attach():
    vt.define_serial_guest(NAME)
    assert vt.domstate(NAME) == "shut off"
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"G_MESSAGES_DEBUG": "vimana-text-console,vimana-console-stream,vimana-console-page"})
    app = vt.find_app(pid=proc.pid)

    start = vt.wait_for(lambda: showing(app, "Start and Attach"), 30, "'Start and Attach' on the placeholder")
    vt.screenshot("test_serial-off")
    vt.click(start)
    vt.wait_for(lambda: banner_count(app) == 1, 30, "the banner of the very first boot in the terminal")
    assert vt.domstate(NAME) == "running", vt.domstate(NAME)
    vt.log(f"first boot, as the terminal reads: {terminal_text(app).strip()!r}")
    vt.screenshot("test_serial-first-boot")

    type_text(app, "hello")
    vt.wait_for(lambda: echoed(app, "hello"), 15, "'hello' echoed by the guest")

    # Destroyed: the console says so; started again: it attaches by itself, a new banner.
    vt.virsh("destroy", NAME)
    vt.wait_for(lambda: status(app, "The console closed") or status(app, "The guest is not running"), 15,
                "the console to say it closed")
    vt.screenshot("test_serial-destroyed")
    type_text(app, "lost")      # goes nowhere, harmlessly
    vt.virsh("start", NAME)
    vt.wait_for(lambda: showing(app, TERMINAL) and status(app, "The console closed") is None, 30,
                "the console to attach again after the guest started")
    type_text(app, "again")
    vt.wait_for(lambda: echoed(app, "again"), 15, "'again' echoed after the restart")
    assert "lost" not in terminal_text(app), "text typed while detached reached the guest"


def app_alive(proc):
    assert proc.poll() is None, f"the app exited ({proc.returncode}); see {proc.logfile}"
    return True


def test_libvirtd_restart():
    """As test_reconnect_fault does: the list, and the details window from a second command line."""
    try:
        import test_reconnect as rc
        pid = rc.our_libvirtd()
    except Exception as e:  # not our libvirtd to kill
        vt.log(f"libvirtd restart skipped: {e}")
        return
    proc = vt.launch_app("--connect", vt.URI)
    app = vt.find_app(pid=proc.pid, timeout=30)
    vt.find(app, role="frame", name="Vimana", timeout=20)
    remote = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME)
    remote.wait(30)
    vt.wait_for(lambda: showing(app, TERMINAL) and status(app, "Attaching") is None, 30, "the serial console")
    type_text(app, "before")
    vt.wait_for(lambda: echoed(app, "before"), 15, "'before' echoed")
    restarted = False
    try:
        rc.stop_libvirtd(pid)
        try:
            vt.wait_for(lambda: app_alive(proc) and status(app, "The console closed"), 30,
                        "the console to say the connection went", fatal=(AssertionError,))
        except TimeoutError:
            # A frozen main loop (once: a deadlock inside libvirt's close callback) shows here.
            import shutil
            import subprocess
            if shutil.which("gdb"):
                with open(vt.artifact_path("test_serial-gdb.txt"), "w") as f:
                    subprocess.run(["gdb", "-p", str(proc.pid), "-batch", "-ex", "thread apply all bt"], stdout=f,
                                   stderr=subprocess.STDOUT, timeout=120)
            raise
        vt.screenshot("test_serial-libvirtd-down")
        type_text(app, "lost")      # goes nowhere, harmlessly
        rc.start_libvirtd()
        restarted = True
        vt.wait_for(lambda: status(app, "The console closed") is None and status(app, "Attaching") is None, 60,
                    "the console to attach again after libvirtd came back")
        type_text(app, "back")
        vt.wait_for(lambda: echoed(app, "back"), 15, "'back' echoed after libvirtd restarted")
        assert "lost" not in terminal_text(app), "text typed while the daemon was away reached the guest"
        app_alive(proc)
    finally:
        if not restarted and not any(rc.alive(p) for p in rc.libvirtd_pids()):
            rc.start_libvirtd()


def test_take_over():
    virsh_console = VirshConsole(NAME)
    try:
        vt.wait_for(lambda: b"Connected to domain" in virsh_console.read(), 15, "virsh console to hold the console")
        proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME)
        app = vt.find_app(pid=proc.pid)
        vt.wait_for(lambda: status(app, "Another client"), 30, "the console to say another client holds it")
        vt.screenshot("test_serial-busy")
        assert not virsh_console.exited(), "virsh console ended before the user was asked"
        vt.click(vt.wait_for(lambda: showing(app, "Take over the console"), 10, "'Take over the console'"))
        vt.click(vt.wait_for(lambda: showing(app, "Take Over"), 10, "the question's 'Take Over'"))
        vt.wait_for(virsh_console.exited, 30, "virsh console to lose the console")
        type_text(app, "mine")
        vt.wait_for(lambda: echoed(app, "mine"), 15, "'mine' echoed once the console was taken over")
        vt.screenshot("test_serial-taken-over")
    finally:
        virsh_console.close()


_display = None


def hold_display():
    """Xvfb resets, refusing clients for a moment, whenever its last client leaves (another
    test's app, a screenshot): hold a connection of our own for the whole test, once it opens."""
    import gi
    gi.require_version("Gdk", "3.0")
    from gi.repository import Gdk
    global _display
    _display = vt.wait_for(lambda: Gdk.Display.open(os.environ["DISPLAY"]), 30, "the X display to accept a client")


def test():
    hold_display()
    vt.cleanup()
    try:
        test_start_and_attach()
        vt.stop_apps()
        test_libvirtd_restart()
        vt.stop_apps()
        test_take_over()
    finally:
        vt.stop_apps()
        vt.cleanup()


if __name__ == "__main__":
    vt.run(test)
