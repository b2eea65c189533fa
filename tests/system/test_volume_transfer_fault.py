#!/usr/bin/python3
"""System test: cancels while the stream flows, and libvirtd killed during an upload.

Issue 16, "Bad input and faults". A dir pool i16streams-fpool with a sparse raw volume of
2 GiB; tests/system/volume-transfer uploads a 2 GiB file of data (no holes) into it in full, then

- downloads it with --cancel-midway (cancelled at the first part-way progress report): it says
  the partial file was removed, and neither the target nor its temporary file is left;
- uploads it again with --cancel-midway: it says the volume's content is incomplete;
- uploads it again and, once it has
reported progress part-way (a "progress DONE TOTAL" line with 0 < DONE < TOTAL: the stream is
flowing), libvirtd is killed (SIGKILL, as a crash). The upload must end with an error that says
it was aborted and that the volume's content is incomplete, not hang and not claim success.
libvirtd is then started again (as build-aux/setup.sh does) and the pool removed.

Only a libvirtd that build-aux/setup.sh started is killed (test_reconnect.py's rule, same pid
file); whatever happens, the test leaves a running libvirtd behind.

Env: VIMANA_VOLUME_TRANSFER, root, a libvirtd started by setup.sh.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vimanatest as vt  # noqa: E402
import test_reconnect as rc  # noqa: E402  (its libvirtd helpers; its test runs only as a script)

POOL = "i16streams-fpool"
VOLUME = "i16streams-fvol"
POOL_DIR = f"/var/lib/libvirt/images/{POOL}"
MIB = 1024 * 1024
SIZE = 2048 * MIB


def remove_pool():
    vt.virsh("vol-delete", "--pool", POOL, VOLUME, check=False)
    vt.virsh("pool-destroy", POOL, check=False)
    vt.virsh("pool-undefine", POOL, check=False)
    shutil.rmtree(POOL_DIR, ignore_errors=True)


def run_transfer(*args):
    res = subprocess.run([os.environ["VIMANA_VOLUME_TRANSFER"], vt.URI, *args],
                         capture_output=True, text=True, timeout=240)
    lines = res.stdout.strip().splitlines()
    vt.log(f"{args[0]} {' '.join(args[3:])}: {lines[-1] if lines else '(nothing)'}")
    return res.returncode, lines


def test():
    if "VIMANA_VOLUME_TRANSFER" not in os.environ:
        raise vt.Skip("VIMANA_VOLUME_TRANSFER is not set (run it through meson)")
    pid = rc.our_libvirtd()
    remove_pool()
    work = tempfile.mkdtemp(prefix="i16streams-")
    proc = None
    killed = False
    try:
        os.makedirs(POOL_DIR, exist_ok=True)
        vt.virsh("pool-define-as", POOL, "dir", "--target", POOL_DIR)
        vt.virsh("pool-start", POOL)
        vt.virsh("vol-create-as", POOL, VOLUME, str(SIZE), "--allocation", "0", "--format", "raw")
        vol_path = vt.virsh("vol-path", "--pool", POOL, VOLUME)
        source = os.path.join(work, "source.img")
        block = os.urandom(MIB)
        with open(source, "wb") as f:
            for _ in range(SIZE // MIB):
                f.write(block)

        rc_, lines = run_transfer("upload", vol_path, source)
        assert rc_ == 0 and lines[-1].startswith("ok "), lines[-3:]

        target = os.path.join(work, "download.img")
        rc_, lines = run_transfer("download", vol_path, target, "--cancel-midway")
        assert "cancelling" in lines, lines[-3:]
        assert rc_ == 1 and lines[-1].startswith("cancelled "), lines[-3:]
        assert "the partial file was removed" in lines[-1], lines[-3:]
        assert sorted(os.listdir(work)) == ["source.img"], os.listdir(work)

        rc_, lines = run_transfer("upload", vol_path, source, "--cancel-midway")
        assert "cancelling" in lines, lines[-3:]
        assert rc_ == 1 and lines[-1].startswith("cancelled "), lines[-3:]
        assert f"the content of “{VOLUME}” is incomplete" in lines[-1], lines[-3:]

        proc = subprocess.Popen([os.environ["VIMANA_VOLUME_TRANSFER"], vt.URI, "upload", vol_path,
                                 source], stdout=subprocess.PIPE, text=True)
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            words = line.split()
            if words[0] == "progress" and 0 < int(words[1]) < int(words[2]):
                break
            if words[0] != "progress":
                raise AssertionError(f"the upload ended before libvirtd was killed: {lines}")
        vt.log(f"killing libvirtd (pid {pid}) at {lines[-1]}")
        os.kill(pid, signal.SIGKILL)
        killed = True
        lines += [line.strip() for line in proc.stdout]
        proc.wait(timeout=60)
        vt.log(lines[-1])
        assert proc.returncode == 1, lines[-3:]
        assert lines[-1].startswith("error The upload was aborted: "), lines[-3:]
        assert f"The content of “{VOLUME}” is incomplete." in lines[-1], lines[-3:]
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if killed:
            vt.wait_for(lambda: not rc.alive(pid), 10, f"libvirtd (pid {pid}) to exit")
            rc.start_libvirtd()
        remove_pool()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    vt.run(test, needs_display=False)
