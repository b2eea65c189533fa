#!/usr/bin/python3
"""System test: a copy-storage migration into a pool the user chose on the destination.

A second libvirt host (second-host.sh, number 8: its own namespaces and host_uuid; only the
images folder is shared) runs beside the test's libvirtd, with a directory pool
"i14bal-dest" of its own. The guest boots from a qcow2 disk in /var/lib/libvirt/i14bal-own,
a folder the second host does not see (its /var/lib/libvirt is private).

  `vimana --connect <first> --connect <second> --show-migrate <guest>`; through AT-SPI the
  address override is set to 127.0.0.1 (loopback only), "Copy storage that is not shared"
  checked, "i14bal-dest" chosen in "Pool for copied disks", and Migrate pressed:
    -> `virsh -c <second> domstate` says running; its disk is
       /var/lib/libvirt/i14bal-dest/<guest>.qcow2, a qcow2 volume of the pool "i14bal-dest"
       with the disk's capacity; the first host no longer runs the guest.

Env: VIMANA_BIN, DISPLAY, DBUS_SESSION_BUS_ADDRESS and a running libvirtd (build-aux/setup.sh
test provides them); root for the second host's namespaces; qemu-img.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402
import vimanatest as vt  # noqa: E402
from test_migrate import first_state, has_state, second_virsh, showing, texts, UNSAFE  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OWN_DIR = "/var/lib/libvirt/i14bal-own"
POOL = "i14bal-dest"
POOL_DIR = "/var/lib/libvirt/i14bal-dest"   # as the second host sees it


def choose(combo, label):
    items = vt.find_all(combo, role="menu item")
    index = next(i for i, item in enumerate(items) if item.name == label)
    # Through the combo box's Selection (an item's click would pop up a menu under a grab).
    assert combo.querySelection().selectChild(index), f"could not choose {label!r}"


def test():
    workdir = tempfile.mkdtemp(prefix="vimana-i14bal-copy-")
    helper = os.path.join(HERE, "second-host.sh")
    name = vt.PREFIX + "i14bal-copy"
    disk = os.path.join(OWN_DIR, name + ".qcow2")
    uri2 = None
    try:
        uri2 = subprocess.run(["bash", helper, "start", workdir, "8"], capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()
        for args in (("pool-define-as", POOL, "dir", "--target", POOL_DIR),
                     ("pool-build", POOL), ("pool-start", POOL)):
            done = second_virsh(uri2, *args)
            assert done.returncode == 0, f"virsh {args}: {done.stderr}"

        os.makedirs(OWN_DIR, mode=0o755, exist_ok=True)
        raw = os.path.join(OWN_DIR, name + ".img")
        bootsector.write_image(raw)
        # 1 MiB: libvirt makes volumes in whole KiB, and a 512-byte disk would then differ
        # in size from its copy (QEMU's mirror refuses that).
        os.truncate(raw, 1024 * 1024)
        subprocess.run(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, disk],
                       check=True, timeout=60)
        os.unlink(raw)
        os.chmod(disk, 0o644)
        capacity = int(subprocess.run(["qemu-img", "info", "--output=json", disk],
                                      capture_output=True, text=True, check=True,
                                      timeout=60).stdout.split('"virtual-size":')[1].split(",")[0])
        virt_type = "kvm" if vt.kvm_usable() else "qemu"
        xml = vt.domain_xml(name, disk, virt_type).replace("type='raw'", "type='qcow2'")
        with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
            f.write(xml)
        try:
            vt.virsh("define", f.name)
        finally:
            os.unlink(f.name)
        vt.virsh("start", name)
        assert second_virsh(uri2, "vol-list", POOL).stdout.strip() == "", "the pool is not empty"

        proc = vt.launch_app("--connect", vt.URI, "--connect", uri2, "--show-migrate", name)
        app = vt.find_app(None, pid=proc.pid, timeout=30)
        dialog = vt.find(app, role="dialog", name="Migrate Guest", timeout=30)
        address = vt.find(dialog, role="text", name="Destination address", timeout=10)
        address.queryEditableText().setTextContents("127.0.0.1")
        copy = vt.find(dialog, role="check box", name="Copy storage that is not shared", timeout=10)
        vt.click(copy)
        vt.wait_for(lambda: has_state(copy, "checked"), 10, "Copy storage checked")
        combo = vt.find(dialog, role="combo box", name="Pool for copied disks", timeout=10)
        vt.wait_for(lambda: any(i.name == POOL for i in vt.find_all(combo, role="menu item")), 30,
                    f"the destination's pool {POOL} offered")
        choose(combo, POOL)
        migrate = vt.find(dialog, role="push button", name="Migrate", timeout=10)

        def ready():
            if has_state(migrate, "sensitive"):
                return True
            unsafe = showing(dialog, "check box", UNSAFE)
            if unsafe is not None and not has_state(unsafe, "checked"):
                vt.click(unsafe)
            return False
        vt.wait_for(ready, 60, "Migrate to become sensitive (after the pre-flight checks)")
        vt.click(migrate)
        try:
            vt.wait_for(lambda: second_virsh(uri2, "domstate", name).stdout.strip() == "running",
                        120, f"{name} running on the second host")
        except TimeoutError:
            vt.log("dialog: " + " | ".join(texts(dialog)))
            raise
        vt.wait_for(lambda: first_state(name) in (None, "shut off"), 30,
                    f"{name} gone from the first host")
        copied = os.path.join(POOL_DIR, name + ".qcow2")
        blk = second_virsh(uri2, "domblklist", name).stdout
        assert copied in blk, f"the guest's disk on the second host: {blk}"
        second_virsh(uri2, "pool-refresh", POOL)
        vols = second_virsh(uri2, "vol-list", POOL).stdout
        assert name + ".qcow2" in vols, f"the pool's volumes: {vols}"
        info = second_virsh(uri2, "vol-dumpxml", "--pool", POOL, name + ".qcow2").stdout
        assert "<format type='qcow2'/>" in info, info
        assert f"<capacity unit='bytes'>{capacity}</capacity>" in info, info
        vt.log(f"{name} copied into {POOL} on {uri2}")
        vt.stop_apps()
    finally:
        vt.stop_apps()
        if uri2 is not None:
            second_virsh(uri2, "destroy", name)
            second_virsh(uri2, "undefine", name)
            second_virsh(uri2, "vol-delete", "--pool", POOL, name + ".qcow2")
            second_virsh(uri2, "pool-destroy", POOL)
            second_virsh(uri2, "pool-undefine", POOL)
        subprocess.run(["bash", helper, "stop", workdir], timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
        vt.virsh("destroy", name, check=False)
        vt.virsh("undefine", name, check=False)
        shutil.rmtree(OWN_DIR, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test)
