#!/usr/bin/python3
"""System test: New VM with an ISO that the QEMU user cannot read (issue 16, item 7).

The beginner trap: an installer ISO in a folder only its owner may enter (here a 0700
directory under /var/tmp, as /root or a home folder would be). QEMU runs as libvirt-qemu
and would fail only at the guest's start with "Permission denied". On qemu:///system the
assistant, driven through AT-SPI:

  * says beside the media field which folder stops the QEMU user, and shows "Grant Access";
  * "Grant Access" writes an ACL for that user only (the directory stays 0700, with a
    system.posix_acl_access attribute), and the message goes away;
  * Review, Finish: the guest i16-net-unreadable is defined with the ISO as its CD-ROM and
    runs (`virsh domstate` says running).

Then the second fix, in another 0700 directory: "Copy into a Pool" copies the ISO into the
volume i16-net-copy.iso of the pool "default" (made and started when missing), the media path
becomes the volume's, the message goes away, and i16-net-copied runs from the volume.

The directories (and so their ACLs), the guests, their new volumes and the copied volume
in the pool "default" are removed afterwards; the pool "default" and network "default" are put back as found.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd.
"""
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import test_new_vm as nv  # noqa: E402
import vimanatest as vt  # noqa: E402

PREFIX = "i16-net-"
GRANT_NAME = PREFIX + "unreadable"
COPY_NAME = PREFIX + "copied"
COPY_VOLUME = PREFIX + "copy.iso"
ISO_LABEL = nv.ISO_LABEL
QEMU_USER = "libvirt-qemu"


def cleanup(state):
    for name in (GRANT_NAME, COPY_NAME):
        nv.remove_guest(name)
        nv.remove_volume("default", name + ".qcow2")
    nv.remove_volume("default", COPY_VOLUME)
    for path in state.get("dirs", []):
        shutil.rmtree(path, ignore_errors=True)
    if state.get("pool_was_missing") and nv.pool_exists("default"):
        vt.virsh("pool-destroy", "default", check=False)
        vt.virsh("pool-undefine", "default", check=False)
    if state.get("pool_was_inactive") and not state.get("pool_was_missing"):
        vt.virsh("pool-destroy", "default", check=False)
    if state.get("network_was_inactive") and nv.network_active("default"):
        vt.virsh("net-destroy", "default", check=False)


def write_private_iso(state, name=GRANT_NAME + ".iso"):
    """A bootable ISO (the boot sector as its El Torito image) in a fresh 0700 directory."""
    if shutil.which("genisoimage") is None:
        raise vt.Skip("genisoimage is not installed")
    try:
        import pwd
        pwd.getpwnam(QEMU_USER)
    except KeyError:
        raise vt.Skip(f"no user {QEMU_USER} on this host")
    private = tempfile.mkdtemp(prefix=PREFIX + "private-", dir="/var/tmp")
    state.setdefault("dirs", []).append(private)
    os.chmod(private, 0o700)
    tree = os.path.join(private, "tree")
    os.mkdir(tree)
    with open(os.path.join(tree, "boot.bin"), "wb") as f:
        f.write(bootsector.build() + bytes(2048 - 512))
    iso = os.path.join(private, name)
    subprocess.run(["genisoimage", "-quiet", "-V", ISO_LABEL, "-o", iso, "-r", "-b", "boot.bin",
                    "-c", "boot.cat", "-no-emul-boot", "-boot-load-size", "4", tree], check=True)
    shutil.rmtree(tree)
    os.chmod(iso, 0o600)
    return private, iso


def media_problem(a):
    label = nv.showing(a.frame, "label", "Installation media problem")
    return label.queryText().getText(0, -1) if label is not None else ""


def test_grant(private, iso):
    proc = vt.launch_app("--connect", vt.URI, "--show-new-vm")
    app = vt.find_app(pid=proc.pid)
    a = nv.Assistant(app)

    a.type_text("Installation media path", iso)
    expected = f"QEMU runs as user {QEMU_USER}, which cannot enter {private}"
    vt.wait_for(lambda: expected in media_problem(a), 20, "the access message beside the media field")
    vt.log(f"beside the field: {media_problem(a)!r}")
    vt.screenshot("test_unreadable_iso-message")

    a.click("push button", "Grant Access")
    vt.wait_for(lambda: media_problem(a) == "", 20, "the access message to go away")
    vt.wait_for(lambda: nv.showing(a.frame, "push button", "Grant Access") is None, 10,
                "the Grant Access button to hide")
    # An ACL for the QEMU user, not wider modes: others still get nothing (the group bits of
    # st_mode are the ACL's mask now, --x).
    assert stat.S_IMODE(os.stat(private).st_mode) & 0o007 == 0, oct(os.stat(private).st_mode)
    assert os.getxattr(private, "system.posix_acl_access"), "no ACL on the directory"
    assert os.getxattr(iso, "system.posix_acl_access"), "no ACL on the ISO"

    vt.wait_for(lambda: "Debian 11" in a.widget("label", "Operating system").queryText().getText(0, -1),
                30, "Debian 11 to be detected")
    a.click("push button", "Review")
    a.type_text("Name", GRANT_NAME)
    vt.screenshot("test_unreadable_iso-summary")
    a.click("push button", "Finish")

    a.wait_running(GRANT_NAME, 120)
    assert vt.domstate(GRANT_NAME) == "running", vt.domstate(GRANT_NAME)
    xml = vt.virsh("dumpxml", GRANT_NAME)
    assert f"<source file='{iso}'" in xml, xml
    vt.log(f"{GRANT_NAME}: runs from the ISO in {private}")
    vt.stop_apps()


def ensure_default_pool(state):
    """The copy goes into the pool "default": defined and started when the host has none."""
    if not nv.pool_exists("default"):
        vt.virsh("pool-define-as", "default", "dir", "--target", "/var/lib/libvirt/images")
        vt.virsh("pool-build", "default", check=False)
    if "default" not in vt.virsh("pool-list", "--name").split():
        state["pool_was_inactive"] = True
        vt.virsh("pool-start", "default")


def test_copy(private, iso):
    """The second fix: the file is copied into a volume of the pool "default" (progress shown
    beside the field), the media path becomes the volume's, and the guest runs from it."""
    proc = vt.launch_app("--connect", vt.URI, "--show-new-vm")
    app = vt.find_app(pid=proc.pid)
    a = nv.Assistant(app)

    a.type_text("Installation media path", iso)
    expected = f"QEMU runs as user {QEMU_USER}, which cannot enter {private}"
    vt.wait_for(lambda: expected in media_problem(a), 20, "the access message beside the media field")
    a.click("push button", "Copy into a Pool")
    def media_path():
        entry = a.editable("Installation media path")
        return entry.queryText().getText(0, -1) if entry is not None else None

    vt.wait_for(lambda: media_path() not in (iso, None), 60, "the copy to end", interval=0.2)
    volume = vt.virsh("vol-path", "--pool", "default", COPY_VOLUME).strip()
    assert media_path() == volume, (media_path(), volume)
    vt.wait_for(lambda: media_problem(a) == "", 20, "the access message to go away")
    with open(iso, "rb") as f:
        original = f.read()
    with open(volume, "rb") as f:
        copied = f.read()
    assert copied[:len(original)] == original, "the volume's content differs from the ISO"
    # Nothing was granted on the original: the directory still has no ACL.
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o700, oct(os.stat(private).st_mode)
    vt.log(f"copied into {volume}")

    vt.wait_for(lambda: "Debian 11" in a.widget("label", "Operating system").queryText().getText(0, -1),
                30, "Debian 11 to be detected")
    a.click("push button", "Review")
    a.type_text("Name", COPY_NAME)
    a.click("push button", "Finish")
    a.wait_running(COPY_NAME, 120)
    xml = vt.virsh("dumpxml", COPY_NAME)
    assert f"<source file='{volume}'" in xml, xml
    vt.log(f"{COPY_NAME}: runs from the copy in the pool")
    vt.stop_apps()


def main():
    state = {}
    status = 0

    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_term)
    try:
        vt.require_display()
        vt.require_libvirt()
        if vt.URI != "qemu:///system":
            raise vt.Skip("the QEMU user check is for qemu:///system")
        cleanup(state)
        state["pool_was_missing"] = not nv.pool_exists("default")
        state["network_was_inactive"] = not nv.network_active("default")
        private, iso = write_private_iso(state)
        test_grant(private, iso)
        ensure_default_pool(state)
        private, iso = write_private_iso(state, COPY_VOLUME)
        test_copy(private, iso)
        vt.log("test_unreadable_iso: PASS")
    except vt.Skip as e:
        vt.log(f"test_unreadable_iso: SKIP: {e}")
        status = vt.SKIP
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        vt.log("test_unreadable_iso: FAIL")
        vt.screenshot("test_unreadable_iso-failure")
        status = 1
    finally:
        vt.stop_apps()
        try:
            cleanup(state)
        except Exception as e:
            vt.log(f"cleanup failed: {e}")
            status = status or 1
    sys.stdout.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
