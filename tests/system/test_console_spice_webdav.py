#!/usr/bin/python3
"""System test: the WebDAV channel of a shared folder closes; the page says so.

A boot-sector guest (vimana-test-i13mon-webdav: SPICE, QXL video, the WebDAV spiceport
org.spice-space.webdav.0) runs on qemu:///system. spice-gtk connects the WebDAV channel only
once a folder is shared, so the test shares one first, through the page's own "Share Folder…"
and the file chooser it opens (the folder's path typed into the chooser's location entry,
read and driven through AT-SPI). Then the channel's device is unplugged from the running guest
(`virsh detach-device --live` with the channel's XML), which makes QEMU's SPICE server close
the channel:

  * the page's error bar names the WebDAV channel and says the shared folder is gone;
  * "Share Folder…" becomes insensitive and says the guest has no WebDAV channel;
  * the console stays connected.

Env: as test_console.py.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402
import test_console_spice_channel as chan  # noqa: E402

NAME = "vimana-test-i13mon-webdav"
SHARE = "Share Folder…"
WEBDAV = """<channel type='spiceport'>
  <source channel='org.spice-space.webdav.0'/>
  <target type='virtio' name='org.spice-space.webdav.0'/>
</channel>
"""


def log_has(proc, text):
    with open(proc.logfile, errors="replace") as f:
        return any(text in line for line in f)


def chooser(app):
    for acc in vt.find_all(app, name="Share Folder with the Guest"):
        if tc.has_state(acc, "showing") and vt._role(acc) in ("dialog", "file chooser"):
            return acc
    return None


def location_entry(dialog):
    for acc in vt.find_all(dialog, role="text"):
        if tc.has_state(acc, "showing") and tc.has_state(acc, "editable"):
            return acc
    return None


def share(app, folder):
    """Share `folder` through "Share Folder…" and its file chooser."""
    import pyatspi
    vt.click(vt.wait_for(lambda: tc.showing(app, SHARE), 10, f"'{SHARE}'"))
    dialog = vt.wait_for(lambda: chooser(app), 15, "the file chooser 'Share Folder with the Guest'")
    # GTK's chooser opens its location entry when a path begins: type "/".
    entry = location_entry(dialog)
    if entry is None:
        vt.wait_for(lambda: tc.has_state(dialog, "active"), 10, "the chooser to be active")
        pyatspi.Registry.generateKeyboardEvent(0, "/", pyatspi.KEY_STRING)
        entry = vt.wait_for(lambda: location_entry(dialog), 10, "the chooser's location entry")
    entry.queryEditableText().setTextContents(folder + "/")
    vt.wait_for(lambda: chan.text_of(entry) == folder + "/", 5, "the path in the entry")
    vt.click(vt.wait_for(lambda: tc.showing(dialog, "Share"), 5, "the chooser's 'Share'"))
    vt.wait_for(lambda: chooser(app) is None, 10, "the file chooser to close")


def test():
    vt.define_guest(NAME)
    xml = vt.virsh("dumpxml", NAME).replace("type='vnc'", "type='spice'", 1)
    xml = xml.replace("<model type='vga'", "<model type='qxl'", 1)
    assert "</devices>" in xml
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml.replace("</devices>", WEBDAV + "  </devices>", 1))
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    vt.virsh("start", NAME)
    vt.wait_for_banner(NAME)
    found = chan.aliases(NAME)
    assert list(found.values()) == ["channel"], f"unexpected devices: {found}"
    folder = tempfile.mkdtemp(prefix="vimana-i13mon-share-")

    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"G_MESSAGES_DEBUG": "vimana-display-session-spice"})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, "No guest agent"), 30, "the console to connect")
    button = vt.wait_for(lambda: tc.showing(app, SHARE), 10, f"'{SHARE}' in the toolbar")
    vt.wait_for(lambda: tc.has_state(button, "sensitive"), 30, f"'{SHARE}' to be sensitive")

    share(app, folder)
    vt.wait_for(lambda: log_has(proc, "Sharing " + folder), 10, "the app to share the folder")
    vt.wait_for(lambda: log_has(proc, "The “webdav” channel opened"), 20,
                "spice-gtk to open the WebDAV channel")
    vt.screenshot("test_console_spice_webdav-shared")
    assert chan.shown_text(app, "channel closed") is None, "a channel closed before any went"

    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(WEBDAV)
    try:
        vt.virsh("detach-device", NAME, f.name, "--live")
    finally:
        os.unlink(f.name)
    bar = vt.wait_for(lambda: chan.shown_text(app, "WebDAV channel"), 30,
                      "the error bar to say the WebDAV channel closed")
    assert "shared folder" in bar, f"the message does not say what is missing: {bar!r}"
    vt.wait_for(lambda: not tc.has_state(button, "sensitive"), 30, f"'{SHARE}' to be insensitive")
    vt.wait_for(lambda: "no WebDAV channel" in chan.description(button), 30, f"'{SHARE}' to say why")
    assert tc.showing(app, "No guest agent") is not None, "the console disconnected"
    vt.screenshot("test_console_spice_webdav-closed")
    vt.stop_apps()
    vt.virsh("destroy", NAME, check=False)
    os.rmdir(folder)


if __name__ == "__main__":
    vt.run(test)
