#!/usr/bin/python3
"""System test: the SPICE console says when the guest's agent (spice-vdagent) is missing.

A boot-sector guest (vimana-test-i13-usb-agent: SPICE, QXL video) runs no spice-vdagent. Its Console page, read through AT-SPI:

  * shows "No guest agent" in the toolbar once connected, whose description says what needs
    the agent (the clipboard, resizing the guest, dropping files);
  * has "Resize Guest" insensitive, its description saying it needs spice-vdagent.

Env: as test_console.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402

NAME = "vimana-test-i13-usb-agent"


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
    vt.screenshot("test_console_spice_agent-missing")
    vt.stop_apps()


if __name__ == "__main__":
    vt.run(test)
