#!/usr/bin/python3
"""System test: a SPICE server that closes one channel; the rest keeps working, the page says what is missing.

A boot-sector guest (vimana-test-i13more-chan: SPICE, QXL video) has two USB redirection devices
and the WebDAV spiceport. Once its Console page connected (read through AT-SPI), its USB
redirection devices are unplugged from the running guest one after the other (`virsh
detach-device-alias --live`), which makes QEMU's SPICE server close that device's channel:

  * the first: the page's error bar says a USB redirection channel closed and one device fewer
    can be given to the guest; "USB Devices…" stays sensitive (the other channel is there);
  * the second: "USB Devices…" becomes insensitive and says the guest has no USB redirection
    device; "Share Folder…" stays sensitive and the console stays connected throughout.

(spice-gtk connects the WebDAV channel only once a folder is shared, so its end is not seen
before that; the test does not share one.)

Env: as test_console.py.
"""
import datetime
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402

NAME = "vimana-test-i13more-chan"
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


def text_of(acc):
    try:
        return acc.queryText().getText(0, -1)
    except Exception:
        return ""


def shown_text(root, fragment):
    """The text of the first showing label whose text contains `fragment`, else None."""
    for acc in vt.find_all(root, role="label"):
        try:
            text = text_of(acc)
            if fragment in text and tc.has_state(acc, "showing"):
                return text
        except Exception:
            continue
    return None


def description(acc):
    try:
        return acc.description or ""
    except Exception:
        return ""


def aliases(name):
    """{alias: element} of the running guest's redirdevs and spiceport channels."""
    xml = vt.virsh("dumpxml", name)
    found = {}
    for element, body in re.findall(r"<(redirdev|channel)\b(.*?)</\1>", xml, re.S):
        match = re.search(r"<alias name='([^']+)'/>", body)
        if match and (element == "redirdev" or "spiceport" in body.split(">", 1)[0]):
            found[match.group(1)] = element
    return found


def test():
    vt.define_guest(NAME)
    xml = vt.virsh("dumpxml", NAME).replace("type='vnc'", "type='spice'", 1)
    xml = xml.replace("<model type='vga'", "<model type='qxl'", 1)
    assert "</devices>" in xml
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml.replace("</devices>", EXTRAS + "  </devices>", 1))
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("start", NAME)
    vt.wait_for_banner(NAME)
    found = aliases(NAME)
    redirs = sorted(a for a, e in found.items() if e == "redirdev")
    webdav = [a for a, e in found.items() if e == "channel"]
    assert len(redirs) == 2 and len(webdav) == 1, f"unexpected devices: {found}"

    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"G_MESSAGES_DEBUG": "vimana-display-session-spice"})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, "No guest agent"), 30, "the console to connect")
    buttons = {}
    for name in (USB, SHARE):
        buttons[name] = vt.wait_for(lambda: tc.showing(app, name), 10, f"'{name}' in the toolbar")
        vt.wait_for(lambda: tc.has_state(buttons[name], "sensitive"), 30,
                    f"'{name}' to be sensitive")

    # One of the two USB redirection devices goes: said, and the other one is still offered.
    assert shown_text(app, "channel closed") is None, "a channel closed before any went"
    vt.log("unplugging", redirs[0], datetime.datetime.now().strftime("%H:%M:%S.%f"))
    vt.virsh("detach-device-alias", NAME, redirs[0], "--live")
    bar = vt.wait_for(lambda: shown_text(app, "USB redirection channel"), 30,
                      "the error bar to say a USB redirection channel closed")
    assert "one device fewer" in bar, f"the message does not say what is missing: {bar!r}"
    assert tc.has_state(buttons[USB], "sensitive"), f"'{USB}' went with one of two channels"
    assert tc.has_state(buttons[SHARE], "sensitive"), f"'{SHARE}' went with a USB channel"
    assert tc.showing(app, "No guest agent") is not None, "the console disconnected"
    vt.screenshot("test_console_spice_channel-usbredir")

    # The other one goes too: USB Devices… says there is none left; the console stays.
    vt.log("unplugging", redirs[1], datetime.datetime.now().strftime("%H:%M:%S.%f"))
    vt.virsh("detach-device-alias", NAME, redirs[1], "--live")
    vt.wait_for(lambda: not tc.has_state(buttons[USB], "sensitive"), 30,
                f"'{USB}' to be insensitive")
    vt.wait_for(lambda: "no USB redirection device" in description(buttons[USB]), 30,
                f"'{USB}' to say why")
    assert tc.has_state(buttons[SHARE], "sensitive"), f"'{SHARE}' went with the USB channels"
    assert tc.showing(app, "No guest agent") is not None, "the console disconnected"
    assert tc.showing(app, f"Console of {NAME}") is not None, "the console page went"
    vt.stop_apps()
    vt.virsh("destroy", NAME, check=False)


if __name__ == "__main__":
    vt.run(test)
