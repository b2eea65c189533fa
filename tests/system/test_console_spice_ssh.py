#!/usr/bin/python3
"""System test: a SPICE guest's console on a qemu+ssh:// connection, one ssh per channel.

As test_console_ssh.py (its own sshd, the local libvirtd reached as a remote host), with a
SPICE guest (vimana-test-i13spice-ssh, QXL video) whose display listens on the "remote"
host's loopback address, which only ssh reaches:

  * the console shows what `virsh screenshot` shows;
  * the app's ssh children are all `ssh ... -W 127.0.0.1:<the guest's SPICE port>`, and there
    are several: the main channel's, then one per further channel (display, inputs…), each
    asked for through the session's need-fd.

Env: as test_console_ssh.py.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402
import test_console_ssh as ts  # noqa: E402

NAME = "vimana-test-i13spice-ssh"


def spice_port(name):
    display = vt.virsh("domdisplay", name)            # "spice://127.0.0.1:5900"
    match = re.search(r":(\d+)\s*$", display)
    assert match, f"no port in {display!r}"
    return int(match.group(1))


def test():
    uri = ts.start_sshd()
    try:
        run(uri)
    finally:
        ts.stop_sshd()


def run(uri):
    vt.define_guest(NAME, start=True, graphics="spice")
    vt.wait_for_banner(NAME)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{NAME}.png")

    proc = vt.launch_app("--connect", uri, "--show-domain-console", NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, f"Console of {NAME}"), 60,
                f"the showing console 'Console of {NAME}'")
    vt.wait_for(lambda: os.path.exists(dump), 30, "the first SPICE framebuffer through ssh")
    vt.wait_for(lambda: tc.console_matches_guest(dump, "spice-ssh", NAME), 15,
                "the SPICE console over ssh to match `virsh screenshot`", interval=1.0)
    vt.screenshot("test_console_spice_ssh-running")

    ssh = ts.tunnels(proc.pid)
    vt.log(f"tunnels: {ssh}")
    assert len(ssh) >= 2, f"expected one ssh per SPICE channel (several), found {ssh}"
    port = spice_port(NAME)
    for argv in ssh.values():
        assert argv[argv.index("-W") + 1] == f"127.0.0.1:{port}", argv
        assert argv[-1] == "127.0.0.1" and argv[-2] == "--", argv
    assert tc.showing(app, "Disconnected") is None
    vt.stop_apps()


if __name__ == "__main__":
    vt.run(test)
