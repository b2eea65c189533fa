#!/usr/bin/python3
"""System test: bad connection URIs and an action on a guest that just died don't hurt the app.

1. vimana --connect 'not a uri' --connect nosuchdriver:///x --connect test:///nonexistent/node.xml
   -> the app keeps running; the main window's "Messages" info bar says
      "Cannot connect to “not a uri”."; the connection rows of nosuchdriver:///x and
      test:///nonexistent/node.xml say "Disconnected: <libvirt's message>" (non-empty).
2. vimana --connect qemu:///system with a running guest selected: `virsh destroy` it and at
   once click "Pause" (if the row has already turned "Shut off", Pause is insensitive and
   there is nothing to click: also fine)
   -> the app keeps running and answers; the row says "Shut off"; if the click happened, any
      failure shows in "Messages" (printed).

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); optional VIMANA_TEST_ARTIFACTS.
"""
import os
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

TIMEOUT = 10.0
BAD_URI = "not a uri"
BAD_URIS = (BAD_URI, "nosuchdriver:///x", "test:///nonexistent/node.xml")


def domains_table(frame):
    return vt.wait_for(lambda: next((t for t in vt.find_all(frame, name="Domains")
                                     if vt._role(t) in ("tree table", "table", "tree")), None),
                       20, "the 'Domains' table in the 'Vimana' frame")


def row_of(table, name):
    for row in vt.table_rows(table):
        if row and (row[0] == name or (row[0] or "").startswith(name + "  ")):
            return row
    return None


def has_state(acc, state_name):
    import pyatspi
    return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))


def messages(window):
    """The text of the window's "Messages" info bar when it shows, else None."""
    for bar in vt.find_all(window, name="Messages"):
        if vt._role(bar) != "info bar" or not has_state(bar, "showing"):
            continue
        parts = []
        for acc in vt.find_all(bar, role="label"):
            try:
                parts.append(acc.queryText().getText(0, -1))
            except Exception:
                parts.append(acc.name or "")
        return "\n".join(p for p in parts if p)
    return None


def qemu_pid(name):
    """The pid of the guest's QEMU process (qemu:///system keeps it in a pid file), or None."""
    try:
        with open(f"/var/run/libvirt/qemu/{name}.pid") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def process_alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def alive(proc, frame):
    """The process runs and its main window still answers over AT-SPI."""
    assert proc.poll() is None, f"the app exited ({proc.returncode}); see {proc.logfile}"
    assert frame.name == "Vimana", f"the main window does not answer ({frame.name!r})"


def connection_row_for(rows, uri):
    """The row of a connection opened from `uri`: named by the URI itself or, for the test
    driver's node files, "Test (<file name>)"."""
    base = uri.rstrip("/").rsplit("/", 1)[-1]
    for row in rows:
        if row and (row[0] == uri or f"({base})" in (row[0] or "")):
            return row
    return None


def bad_uris():
    args = [a for uri in BAD_URIS for a in ("--connect", uri)]
    proc = vt.launch_app(*args)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    table = domains_table(frame)

    def settled():
        rows = vt.table_rows(table)
        found = {uri: connection_row_for(rows, uri) for uri in BAD_URIS[1:]}
        if all(r is not None and (r[1] or "").startswith("Disconnected: ") for r in found.values()):
            return found
        return None
    found = vt.wait_for(settled, TIMEOUT, f"rows for {BAD_URIS[1:]} to say 'Disconnected: …'")
    for uri, row in found.items():
        reason = row[1][len("Disconnected: "):].replace("Reconnecting\u2026", "").strip()
        vt.log(f"{uri}: row {row[0]!r}: {row[1]!r}")
        assert reason, f"no libvirt message in the row of {uri}: {row[1]!r}"
    want = f"Cannot connect to \u201c{BAD_URI}\u201d."
    text = vt.wait_for(lambda: (m := messages(frame)) and want in m and m, TIMEOUT,
                       f"the 'Messages' info bar to say {want!r}")
    vt.log(f"Messages: {text!r}")
    vt.screenshot("bad-input-uris")
    alive(proc, frame)


def pause_destroyed():
    name = vt.define_guest("bad", start=True)
    proc = vt.launch_app("--connect", vt.URI)
    app = vt.find_app(None, pid=proc.pid, timeout=30)
    frame = vt.find(app, role="frame", name="Vimana", timeout=20)
    table = domains_table(frame)
    vt.wait_for(lambda: (row_of(table, name) or [None, None])[1] == "Running", 20,
                f"row {name} 'Running'")
    t = table.queryTable()
    i = next(i for i, r in enumerate(vt.table_rows(table)) if r[0] == name)
    table.querySelection().clearSelection()
    assert t.addRowSelection(i), f"could not select row {i}"
    pause = vt.find(frame, role="push button", name="Pause", timeout=5)
    vt.wait_for(lambda: has_state(pause, "sensitive"), 5, "Pause to become sensitive")

    # virsh destroy takes a moment: QEMU dies at once, libvirt finishes (and sends the
    # "stopped" event) a little later. Click Pause in between, when the guest is gone but
    # the app cannot know it yet: libvirt then refuses the pause (the guest is not running)
    # and the app must show that, not crash. Without QEMU's pid file the click comes right
    # after virsh started; the pause may then win the race (paused, then destroyed).
    qemu = qemu_pid(name)
    destroy = subprocess.Popen(["virsh", "-q", "-c", vt.URI, "destroy", name],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if qemu is not None:
        vt.wait_for(lambda: not process_alive(qemu) or destroy.poll() is not None, 30,
                    f"QEMU (pid {qemu}) to die from virsh destroy")
    state_at_click = (row_of(table, name) or [None, None])[1]
    clicked = has_state(pause, "sensitive")
    if clicked:
        vt.click(pause)
        vt.log(f"clicked Pause during virsh destroy, QEMU "
               f"{'dead' if qemu and not process_alive(qemu) else 'alive'} "
               f"(row said {state_at_click!r})")
    else:
        vt.log(f"Pause already insensitive during virsh destroy (row said {state_at_click!r})")
    out = destroy.communicate(timeout=60)[0]
    assert destroy.returncode == 0, f"virsh destroy failed: {out}"
    t0 = time.monotonic()

    vt.wait_for(lambda: (row_of(table, name) or [None, None])[1] == "Shut off", TIMEOUT,
                f"row {name} to say 'Shut off'")
    if clicked:
        # The pause request runs in the background: when libvirt refuses it the failure
        # shows in "Messages". Wait for that (or for nothing, if the app dropped the request
        # because it already knew the guest was off) and make sure the app survives it.
        try:
            text = vt.wait_for(lambda: messages(frame), 5, "a message in 'Messages'")
            vt.log(f"Messages after {(time.monotonic() - t0) * 1000:.0f} ms: {text!r}")
        except TimeoutError:
            others = [(b.name, [a.queryText().getText(0, -1)
                                for a in vt.find_all(b, role="label")])
                      for b in vt.find_all(frame, role="info bar") if has_state(b, "showing")]
            vt.log("no 'Messages' bar shown (the row says 'Shut off'); other info bars "
                   f"showing: {others}")
    alive(proc, frame)
    assert vt.domstate(name) == "shut off", vt.domstate(name)
    # it still acts: the guest starts from the app
    vt.wait_for(lambda: has_state(vt.find(frame, role="push button", name="Run"), "sensitive"),
                5, "Run to become sensitive for the shut-off guest")
    vt.click(vt.find(frame, role="push button", name="Run"))
    vt.wait_for(lambda: vt.domstate(name) == "running", TIMEOUT, f"{name} to run again")
    vt.screenshot("bad-input-pause-destroyed")
    alive(proc, frame)


def test():
    """Both parts run even when the first fails; each failure saves its own artifacts."""
    failures = []
    for part in (bad_uris, pause_destroyed):
        try:
            part()
        except Exception as e:
            traceback.print_exc()
            vt.log(f"{part.__name__}: FAIL")
            failures.append(f"{part.__name__}: {type(e).__name__}: {e}")
            vt.screenshot(f"test_bad_input-{part.__name__}-failure")
            try:
                for app in pyatspi_apps():
                    vt.log("accessible tree: " + vt.dump_tree(
                        app, vt.artifact_path(f"test_bad_input-{part.__name__}-a11y.txt")))
            except Exception as dump_error:
                vt.log(f"could not dump accessible tree: {dump_error}")
        finally:
            vt.stop_apps()
            vt.cleanup()
    if failures:
        raise AssertionError("; ".join(failures))


def pyatspi_apps():
    """The accessible roots of the apps this test started (and still runs)."""
    import pyatspi
    pids = {p.pid for p in vt._procs if p.poll() is None}
    return [a for a in pyatspi.Registry.getDesktop(0)
            if a is not None and a.get_process_id() in pids]


if __name__ == "__main__":
    vt.run(test)
