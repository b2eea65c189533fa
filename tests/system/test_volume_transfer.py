#!/usr/bin/python3
"""System test: a volume's upload and download over a libvirt stream keep holes and content.

Issue 16, item 3. libvirt's test driver has no volume streams (virStorageVolUpload is "not
supported"), so this runs on qemu:///system: a dir pool i16streams-pool with a sparse raw
volume of 64 MiB, and a local 64 MiB file with 3 MiB of data and holes between. tests/system/
volume-transfer (core's vimana_storage_volume_upload_async()/_download_async() on a real
VimanaConnection, no window) uploads the file into the volume and downloads it back:

- the checksums of the file, the volume and the download are equal;
- the volume's allocation (virsh vol-info) and the download's blocks are far under 64 MiB:
  the holes were sent as holes both ways;
- a file larger than the volume is refused with the reason, before any byte is sent;
- a download onto an existing file without --replace is refused and leaves it as it was;
- a download cancelled as it starts leaves neither the target nor its temporary file.

Env: VIMANA_VOLUME_TRANSFER and a running libvirtd (build-aux/setup.sh test provides them).
"""
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402

POOL = "i16streams-pool"
VOLUME = "i16streams-vol"
POOL_DIR = f"/var/lib/libvirt/images/{POOL}"
MIB = 1024 * 1024
SIZE = 64 * MIB
DATA_AT = (0, 16 * MIB, 40 * MIB)   # 1 MiB of data at each; holes elsewhere, trailing included


def transfer(*args):
    cmd = [os.environ["VIMANA_VOLUME_TRANSFER"], vt.URI, *args]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    lines = res.stdout.strip().splitlines()
    vt.log(f"{' '.join(args)} -> {lines[-1] if lines else '(nothing)'} ({res.returncode})")
    if res.stderr.strip():
        vt.log(res.stderr.strip())
    return res.returncode, lines


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MIB), b""):
            h.update(block)
    return h.hexdigest()


def make_sparse_file(path, size, data_at):
    with open(path, "wb") as f:
        for offset in data_at:
            f.seek(offset)
            f.write(os.urandom(MIB))
        f.truncate(size)


def allocated(path):
    return os.stat(path).st_blocks * 512


def remove_pool():
    vt.virsh("vol-delete", "--pool", POOL, VOLUME, check=False)
    vt.virsh("pool-destroy", POOL, check=False)
    vt.virsh("pool-undefine", POOL, check=False)
    shutil.rmtree(POOL_DIR, ignore_errors=True)


def test():
    if "VIMANA_VOLUME_TRANSFER" not in os.environ:
        raise vt.Skip("VIMANA_VOLUME_TRANSFER is not set (run it through meson)")
    remove_pool()
    work = tempfile.mkdtemp(prefix="i16streams-")
    try:
        os.makedirs(POOL_DIR, exist_ok=True)
        vt.virsh("pool-define-as", POOL, "dir", "--target", POOL_DIR)
        vt.virsh("pool-start", POOL)
        vt.virsh("vol-create-as", POOL, VOLUME, str(SIZE), "--allocation", "0", "--format", "raw")
        vol_path = vt.virsh("vol-path", "--pool", POOL, VOLUME)

        source = os.path.join(work, "source.img")
        make_sparse_file(source, SIZE, DATA_AT)
        too_big = os.path.join(work, "too-big.img")
        make_sparse_file(too_big, SIZE + MIB, (0,))

        # Larger than the volume: refused with the reason, the volume untouched.
        rc, lines = transfer("upload", vol_path, too_big)
        assert rc == 1 and lines[-1].startswith("error ") and "larger than" in lines[-1], lines
        assert allocated(vol_path) == 0, allocated(vol_path)

        rc, lines = transfer("upload", vol_path, source)
        assert rc == 0 and lines[-1].startswith("ok "), lines
        # The last report says every byte passed, holes included.
        assert lines[-2].startswith(f"progress {SIZE} {SIZE} "), lines
        assert sha256(vol_path) == sha256(source), "the volume's content differs from the file"
        vt.virsh("pool-refresh", POOL)
        info = vt.virsh("vol-info", "--bytes", "--pool", POOL, VOLUME)
        vt.log(info)
        allocation = int(next(line.split(":")[1].split()[0] for line in info.splitlines()
                              if line.startswith("Allocation")))
        assert allocation < 8 * MIB, f"the volume's allocation is {allocation}: holes were lost"

        target = os.path.join(work, "download.img")
        rc, lines = transfer("download", vol_path, target)
        assert rc == 0 and lines[-1].startswith("ok "), lines
        assert lines[-2].startswith(f"progress {SIZE} {SIZE} "), lines
        assert os.path.getsize(target) == SIZE, os.path.getsize(target)
        assert sha256(target) == sha256(source), "the download differs from the file uploaded"
        assert allocated(target) < 8 * MIB, f"the download takes {allocated(target)}: holes lost"

        # An existing target without --replace: refused, left as it was.
        rc, lines = transfer("download", vol_path, too_big)
        assert rc == 1 and "already exists" in lines[-1], lines
        assert os.path.getsize(too_big) == SIZE + MIB

        # Cancelled: no target, no temporary file beside it.
        cancelled = os.path.join(work, "cancelled.img")
        rc, lines = transfer("download", vol_path, cancelled, "--cancel")
        assert rc == 1 and lines[-1].startswith("cancelled "), lines
        assert "partial file was removed" in lines[-1], lines
        assert not os.path.exists(cancelled), "a cancelled download left its file"
        leftovers = glob.glob(os.path.join(work, ".cancelled.img.*"))
        assert not leftovers, f"a cancelled download left {leftovers}"

        # Cancelled upload: says the volume's content is incomplete.
        rc, lines = transfer("upload", vol_path, source, "--cancel")
        assert rc == 1 and lines[-1].startswith("cancelled ") and "incomplete" in lines[-1], lines
    finally:
        remove_pool()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test, needs_display=False)
