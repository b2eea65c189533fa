#!/usr/bin/python3
"""System test: the SPICE console says when the guest's agent (spice-vdagent) is missing.

A boot-sector guest (vimana-test-i13-usb-agent: SPICE, QXL video) runs no spice-vdagent. Its Console page, read through AT-SPI:

  * shows "No guest agent" in the toolbar once connected, whose description says what needs
    the agent (the clipboard, resizing the guest, dropping files);
  * has "Resize Guest" insensitive, its description saying it needs spice-vdagent;
  * has "USB Devices…" and "Share Folder…" insensitive, their descriptions saying the guest has
    no USB redirection device and no WebDAV channel.

A second guest (vimana-test-i13-usb-redir) has two USB redirection devices and the WebDAV
spiceport: once its console connected, "USB Devices…" and "Share Folder…" are sensitive, and
"USB Devices…" opens spice-gtk's device chooser in a popover.

A VNC guest (vimana-test-i13-usb-vnc) has both insensitive, saying they need a SPICE display.

Env: as test_console.py.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402

NAME = "vimana-test-i13-usb-agent"
REDIR_NAME = "vimana-test-i13-usb-redir"
VNC_NAME = "vimana-test-i13-usb-vnc"
USB = "USB Devices…"
SHARE = "Share Folder…"
EXTRAS = """
    <redirdev bus='usb' type='spicevmc'/>
    <redirdev bus='usb' type='spicevmc'/>
    <channel type='spiceport'>
      <source channel='org.spice-space.webdav.0'/>
      <target type='virtio' name='org.spice-space.webdav.0'/>
    </channel>
"""


def description(acc):
    try:
        return acc.description or ""
    except Exception:
        return ""


def test():
    vt.define_guest(NAME, start=True, graphics="spice")
    vt.wait_for_banner(NAME)
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"G_MESSAGES_DEBUG": "all"})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, f"Console of {NAME}"), 30,
                f"'Console of {NAME}' to show")

    label = vt.wait_for(lambda: tc.showing(app, "No guest agent"), 30,
                        "'No guest agent' in the toolbar")
    why = description(label)
    for need in ("clipboard", "resizing", "dropping files", "spice-vdagent"):
        assert need in why, f"'No guest agent' does not say {need!r}: {why!r}"

    resize = tc.showing(app, "Resize Guest")
    assert resize is not None, "no 'Resize Guest' control"
    assert not tc.has_state(resize, "sensitive"), "'Resize Guest' acts without the agent"
    assert "spice-vdagent" in description(resize), \
        f"'Resize Guest' does not say why: {description(resize)!r}"
    for name, why in ((USB, "no USB redirection device"), (SHARE, "no WebDAV channel")):
        button = vt.wait_for(lambda: tc.showing(app, name), 10, f"'{name}' in the toolbar")
        vt.wait_for(lambda: why in description(button), 30, f"'{name}' to say {why!r}")
        assert not tc.has_state(button, "sensitive"), f"'{name}' acts without the device"
    vt.screenshot("test_console_spice_agent-missing")
    vt.stop_apps()

    # A guest with USB redirection and the WebDAV port: both are offered.
    vt.define_guest(REDIR_NAME, graphics="spice")
    xml = vt.virsh("dumpxml", REDIR_NAME)
    assert "</devices>" in xml
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml.replace("</devices>", EXTRAS + "  </devices>", 1))
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("start", REDIR_NAME)
    vt.wait_for_banner(REDIR_NAME)
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", REDIR_NAME,
                         env={"G_MESSAGES_DEBUG": "all"})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, "No guest agent"), 30, "the console to connect")
    for name in (USB, SHARE):
        button = vt.wait_for(lambda: tc.showing(app, name), 10, f"'{name}' in the toolbar")
        vt.wait_for(lambda: tc.has_state(button, "sensitive"), 30, f"'{name}' to be sensitive")
    vt.screenshot("test_console_spice_agent-devices")
    tc.showing(app, USB).queryAction().doAction(0)
    vt.wait_for(lambda: tc.showing(app, "USB Devices"), 10, "the USB device chooser")
    vt.stop_apps()
    vt.virsh("destroy", REDIR_NAME, check=False)

    # VNC: neither, and the reason is the kind of display.
    vt.define_guest(VNC_NAME, start=True)
    vt.wait_for_banner(VNC_NAME)
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", VNC_NAME)
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, f"Console of {VNC_NAME}"), 30,
                f"'Console of {VNC_NAME}' to show")
    for name in (USB, SHARE):
        button = vt.wait_for(lambda: tc.showing(app, name), 10, f"'{name}' in the toolbar")
        assert not tc.has_state(button, "sensitive"), f"'{name}' acts on a VNC console"
        assert "needs a SPICE display" in description(button), \
            f"'{name}' does not say why: {description(button)!r}"
    vt.stop_apps()


if __name__ == "__main__":
    vt.run(test)
