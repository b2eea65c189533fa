#!/usr/bin/python3
"""Volume upload and download throughput: Vimana's core against virsh, on the same file.

Run as root with libvirtd running, from a release build:
    meson setup _release -Dbuildtype=release && ninja -C _release
    /usr/bin/python3 bench/bench-volume-transfer.py     (VIMANA_BUILD=dir, MIB=512, RUNS=3)

A dir pool i16streams-bench (under /var/lib/libvirt/images) gets a raw volume of MIB MiB.
Two local files of that size: "dense" (random data throughout) and "sparse" (1 MiB of data
every 16 MiB, holes between). For each file, RUNS times, alternating:

  * `virsh vol-upload --sparse` and `virsh vol-download --sparse`;
  * tests/system/volume-transfer (vimana_storage_volume_upload_async()/_download_async() on a
    VimanaConnection, its progress reported 4 times a second as in the app).

Both are timed as whole processes (connect, transfer, close): what a user waits for. Printed:
the median MiB/s of each and Vimana's as a percentage of virsh's (issue 16's target: >= 70 %).
Not a test: it prints figures; nothing is asserted on time. Everything it makes is removed.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("VIMANA_BUILD", os.path.join(ROOT, "_release"))
URI = os.environ.get("VIMANA_TEST_URI", "qemu:///system")
MIB = int(os.environ.get("MIB", "512"))
RUNS = int(os.environ.get("RUNS", "3"))
POOL = "i16streams-bench"
VOLUME = "i16streams-bench-vol"
POOL_DIR = f"/var/lib/libvirt/images/{POOL}"
TRANSFER = os.path.join(BUILD, "tests", "system", "volume-transfer")


def virsh(*args, check=True):
    res = subprocess.run(["virsh", "-q", "-c", URI, *args], capture_output=True, text=True)
    if check and res.returncode != 0:
        raise RuntimeError(f"virsh {' '.join(args)}: {res.stderr.strip()}")
    return res.stdout.strip()


def timed(cmd):
    start = time.monotonic()
    res = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {res.stdout.strip()} {res.stderr.strip()}")
    return elapsed


def make_file(path, sparse):
    with open(path, "wb") as f:
        if sparse:
            for offset in range(0, MIB, 16):
                f.seek(offset * 1024 * 1024)
                f.write(os.urandom(1024 * 1024))
        else:
            for _ in range(MIB):
                f.write(os.urandom(1024 * 1024))
        f.truncate(MIB * 1024 * 1024)


def remove_pool():
    virsh("vol-delete", "--pool", POOL, VOLUME, check=False)
    virsh("pool-destroy", POOL, check=False)
    virsh("pool-undefine", POOL, check=False)
    shutil.rmtree(POOL_DIR, ignore_errors=True)


def main():
    if not os.access(TRANSFER, os.X_OK):
        sys.exit(f"{TRANSFER} is missing: build {BUILD} first (or set VIMANA_BUILD)")
    remove_pool()
    work = tempfile.mkdtemp(prefix="i16streams-bench-")
    try:
        os.makedirs(POOL_DIR, exist_ok=True)
        virsh("pool-define-as", POOL, "dir", "--target", POOL_DIR)
        virsh("pool-start", POOL)
        virsh("vol-create-as", POOL, VOLUME, f"{MIB}M", "--allocation", "0", "--format", "raw")
        vol_path = virsh("vol-path", "--pool", POOL, VOLUME)
        print(f"{MIB} MiB, {RUNS} runs each, {URI}, build {BUILD}")
        for kind in ("dense", "sparse"):
            source = os.path.join(work, f"{kind}.img")
            make_file(source, kind == "sparse")
            times = {key: [] for key in ("virsh up", "vimana up", "virsh down", "vimana down")}
            for _ in range(RUNS):
                target = os.path.join(work, "down.img")
                times["virsh up"].append(timed(["virsh", "-q", "-c", URI, "vol-upload", "--sparse",
                                                "--pool", POOL, VOLUME, source]))
                times["vimana up"].append(timed([TRANSFER, URI, "upload", vol_path, source]))
                times["virsh down"].append(timed(["virsh", "-q", "-c", URI, "vol-download",
                                                  "--sparse", "--pool", POOL, VOLUME, target]))
                os.unlink(target)
                times["vimana down"].append(timed([TRANSFER, URI, "download", vol_path, target]))
                os.unlink(target)
            rate = {key: MIB / statistics.median(values) for key, values in times.items()}
            for way in ("up", "down"):
                ratio = 100 * rate[f"vimana {way}"] / rate[f"virsh {way}"]
                print(f"{kind:6} {'upload' if way == 'up' else 'download':8}  "
                      f"virsh {rate[f'virsh {way}']:8.1f} MiB/s  "
                      f"vimana {rate[f'vimana {way}']:8.1f} MiB/s  = {ratio:5.1f} % of virsh")
            os.unlink(source)
    finally:
        remove_pool()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
