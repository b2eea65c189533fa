#!/usr/bin/python3
"""System test: a SPICE guest with two video devices gets a tab per display in the Console page.

A boot-sector guest (vimana-test-i13mon-heads: SPICE, two QXL video devices, so QEMU's SPICE
server has display channels 0 and 1) runs on qemu:///system; its Console page opens with
`--show-domain-console`. Read through AT-SPI and the page's test hook (VIMANA_CONSOLE_DUMP,
which writes what the shown display shows):

  * the page offers two displays: page tabs "Display 1" and "Display 2", both showing;
  * Display 1 shows the banner: what it shows equals `virsh screenshot --screen 0`;
  * Display 2 is a display of its own: chosen, the console named "Console of NAME, Display 2"
    is showing and the first one is not (the boot sector sets no mode on the second card,
    so it has no picture);
  * Display 1 chosen again is showing alone, the switch writes a new dump, and it shows the
    banner again.

Env: as test_console.py.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402

NAME = "vimana-test-i13mon-heads"
CONSOLE = f"Console of {NAME}"


def screen0_matches(dump, tag):
    """The app's latest dump equals a fresh `virsh screenshot --screen 0`."""
    ppm = vt.artifact_path(f"test_console_spice_monitors-{tag}-virsh.ppm")
    vt.virsh("screenshot", NAME, ppm, "--screen", "0")
    guest = ppm[:-4] + ".png"
    tc.subprocess.run(["convert", ppm, guest], check=True, timeout=30)
    os.unlink(ppm)
    app_copy = vt.artifact_path(f"test_console_spice_monitors-{tag}-app.png")
    with open(dump, "rb") as src, open(app_copy, "wb") as dst:
        dst.write(src.read())
    same_size, share, _ = tc.compare(app_copy, guest)
    return same_size and share >= tc.MATCH_SHARE


def tabs(app):
    return {t.name: t for t in vt.find_all(app, role="page tab")
            if t.name.startswith("Display ") and tc.has_state(t, "showing")}


def choose(app, label):
    """Switch the console's tabs to `label` (the tab list's selection, as Orca does)."""
    for tab_list in vt.find_all(app, role="page tab list"):
        children = [tab_list.getChildAtIndex(i) for i in range(tab_list.childCount)]
        names = [c.name for c in children]
        if label in names:
            assert tab_list.querySelection().selectChild(names.index(label)), \
                f"the tab list refused '{label}'"
            return
    raise AssertionError(f"no tab list with '{label}'")


def shows(app, name):
    """The display (a panel, in its tab) named exactly `name` is showing."""
    return any(tc.has_state(a, "showing") for a in vt.find_all(app, role="panel", name=name))


def test():
    vt.define_guest(NAME, graphics="spice")
    xml = vt.virsh("dumpxml", NAME)
    video = "<video><model type='qxl'/></video>"
    assert xml.count("<video>") == 1 and "</devices>" in xml, "unexpected guest XML"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml.replace("</devices>", "  " + video + "\n  </devices>", 1))
    try:
        vt.virsh("define", f.name)
    finally:
        os.unlink(f.name)
    assert vt.virsh("dumpxml", NAME).count("<video>") == 2, "the second video device is missing"
    vt.virsh("start", NAME)
    vt.wait_for_banner(NAME)

    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{NAME}.png")
    proc = vt.launch_app("--connect", vt.URI, "--show-domain-console", NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir,
                              "G_MESSAGES_DEBUG": "vimana-display-session-spice"})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, CONSOLE), 30, f"the showing console '{CONSOLE}'")
    found = vt.wait_for(lambda: (lambda t: t if len(t) == 2 else None)(tabs(app)), 30,
                        "two page tabs 'Display 1' and 'Display 2'")
    assert sorted(found) == ["Display 1", "Display 2"], f"unexpected tabs: {sorted(found)}"
    vt.log(f"tabs: {sorted(found)}")

    vt.wait_for(lambda: os.path.exists(dump), 30, "the first framebuffer from the app")
    vt.wait_for(lambda: screen0_matches(dump, "display1"), 20,
                "Display 1 to match `virsh screenshot --screen 0`", interval=1.0)
    vt.screenshot("test_console_spice_monitors-display1")

    second = f"{CONSOLE}, Display 2"
    choose(app, "Display 2")
    vt.wait_for(lambda: shows(app, second), 10, f"'{second}' to show")
    assert not shows(app, CONSOLE), "Display 1 still shows beside Display 2"
    vt.screenshot("test_console_spice_monitors-display2")

    mtime = os.path.getmtime(dump)
    choose(app, "Display 1")
    vt.wait_for(lambda: shows(app, CONSOLE), 10, f"'{CONSOLE}' to show again")
    assert not shows(app, second), "Display 2 still shows beside Display 1"
    # Switching writes what the display now shown shows (a frame for the dump).
    vt.wait_for(lambda: os.path.getmtime(dump) > mtime, 20, "a framebuffer after the switch")
    vt.wait_for(lambda: screen0_matches(dump, "display1-again"), 20,
                "Display 1 to match `virsh screenshot --screen 0` again", interval=1.0)
    vt.stop_apps()
    vt.virsh("destroy", NAME, check=False)


if __name__ == "__main__":
    vt.run(test)
