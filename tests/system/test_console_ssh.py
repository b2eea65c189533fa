#!/usr/bin/python3
"""System test: the console of a guest on a qemu+ssh:// connection, through a real ssh.

The test runs its own sshd (OpenSSH, on a free port of 127.0.0.1, with a key made for the
run) and connects to the local libvirtd *as a remote host*:
qemu+ssh://root@127.0.0.1:PORT/system?keyfile=KEY&no_verify=1&no_tty=1. libvirt reaches
the daemon over that ssh; the guest's VNC server listens on the "remote" host's loopback
address, which only an ssh tunnel reaches. Read through AT-SPI and the page's test hook:

  * the console of vimana-test-conssh shows what `virsh screenshot` shows (as in
    test_console.py);
  * the app's child is an `ssh ... -W 127.0.0.1:<the guest's VNC port> -- 127.0.0.1`, i.e.
    the picture came through the tunnel, not from libvirt's file descriptor;
  * the tunnel's ssh is killed (a network drop): the page connects again by itself, through
    a new ssh, and shows the guest again.

The host key is kept in /var/lib/vimana-test-sshd so that the known_hosts entry ssh records
for [127.0.0.1]:PORT (libvirt's own ssh writes it; no_verify only accepts a new key)
stays right from one run to the next.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS, a running libvirtd and OpenSSH's sshd
(build-aux/setup.sh test installs and starts all but sshd, which this test runs itself).
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_console as tc  # noqa: E402

NAME = "vimana-test-conssh"
SSHD = "/usr/sbin/sshd"
HOST_KEY_DIR = "/var/lib/vimana-test-sshd"

_sshd = None
_tmp = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sshd():
    """Start sshd on 127.0.0.1; return the libvirt URI that goes through it."""
    global _sshd, _tmp
    if not os.access(SSHD, os.X_OK):
        raise RuntimeError(f"{SSHD} is missing: install openssh-server "
                           "(build-aux/setup.sh deps does)")
    _tmp = tempfile.mkdtemp(prefix="vimana-test-ssh-")
    os.makedirs(HOST_KEY_DIR, mode=0o700, exist_ok=True)
    host_key = os.path.join(HOST_KEY_DIR, "ssh_host_ed25519_key")
    if not os.path.exists(host_key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key],
                       check=True)
    key = os.path.join(_tmp, "id_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    authorized = os.path.join(_tmp, "authorized_keys")
    shutil.copy(key + ".pub", authorized)
    os.chmod(authorized, 0o600)
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation directory

    port = free_port()
    log = open(vt.artifact_path("test_console_ssh-sshd.log"), "w")
    _sshd = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", "/dev/null", "-p", str(port),
         "-o", "ListenAddress=127.0.0.1", "-o", f"HostKey={host_key}",
         "-o", f"AuthorizedKeysFile={authorized}", "-o", "PidFile=none",
         "-o", "UsePAM=no", "-o", "PermitRootLogin=prohibit-password",
         "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
         "-o", "AllowTcpForwarding=yes", "-o", "StrictModes=no"],
        stdout=log, stderr=subprocess.STDOUT)
    uri = f"qemu+ssh://root@127.0.0.1:{port}/system?keyfile={key}&no_verify=1&no_tty=1"

    def answers():
        if _sshd.poll() is not None:
            raise RuntimeError("sshd ended; see test_console_ssh-sshd.log")
        res = subprocess.run(["virsh", "-c", uri, "uri"], capture_output=True, text=True,
                             timeout=30)
        return res.returncode == 0
    vt.wait_for(answers, 30, f"libvirt to answer at {uri}", interval=0.2)
    vt.log(f"libvirt answers through sshd at {uri}")
    return uri


def stop_sshd():
    if _sshd is not None and _sshd.poll() is None:
        _sshd.terminate()
        _sshd.wait(10)
    if _tmp is not None:
        shutil.rmtree(_tmp, ignore_errors=True)


def tunnels(pid):
    """The ssh processes `pid` started: {pid: argv}."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            if ppid != pid:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = [a.decode() for a in f.read().split(b"\0") if a]
        except (OSError, ValueError):
            continue
        if argv and os.path.basename(argv[0]) == "ssh" and "-W" in argv:
            found[int(entry)] = argv
    return found


def vnc_port(name):
    display = vt.virsh("vncdisplay", name)            # "127.0.0.1:0"
    return 5900 + int(display.rsplit(":", 1)[1])


def test():
    uri = start_sshd()
    try:
        run(uri)
    finally:
        stop_sshd()


def run(uri):
    vt.define_guest(NAME, start=True)
    vt.wait_for_banner(NAME)
    dump_dir = tempfile.mkdtemp(prefix="vimana-console-dump-")
    dump = os.path.join(dump_dir, f"console-{NAME}.png")

    proc = vt.launch_app("--connect", uri, "--show-domain-console", NAME,
                         env={"VIMANA_CONSOLE_DUMP": dump_dir})
    app = vt.find_app(pid=proc.pid)
    vt.wait_for(lambda: tc.showing(app, f"Console of {NAME}"), 60,
                f"the showing console 'Console of {NAME}'")
    vt.wait_for(lambda: os.path.exists(dump), 30, "the first framebuffer through ssh")
    vt.wait_for(lambda: tc.console_matches_guest(dump, "ssh", NAME), 15,
                "the console over ssh to match `virsh screenshot`", interval=1.0)
    vt.screenshot("test_console_ssh-running")

    # The picture came through an ssh of the app's own, to the guest's port on that host.
    ssh = tunnels(proc.pid)
    vt.log(f"tunnels: {ssh}")
    assert len(ssh) == 1, f"expected one ssh tunnel child of the app, found {ssh}"
    argv = next(iter(ssh.values()))
    assert argv[argv.index("-W") + 1] == f"127.0.0.1:{vnc_port(NAME)}", argv
    assert argv[-1] == "127.0.0.1" and argv[-2] == "--", argv
    old = next(iter(ssh))

    # The tunnel drops: the page connects again through a new ssh and shows the guest.
    os.unlink(dump)
    os.kill(old, signal.SIGKILL)
    vt.wait_for(lambda: os.path.exists(dump), 30, "a framebuffer through a new tunnel")
    new = tunnels(proc.pid)
    assert new and old not in new, f"no new tunnel after the old one was killed: {new}"
    vt.wait_for(lambda: tc.console_matches_guest(dump, "ssh-again", NAME), 15,
                "the console to match `virsh screenshot` again", interval=1.0)
    assert tc.showing(app, "Disconnected") is None
    vt.stop_apps()


if __name__ == "__main__":
    vt.run(test)
