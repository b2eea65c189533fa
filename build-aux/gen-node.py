#!/usr/bin/python3
"""Write a libvirt test-driver node file (for test:///ABS/PATH/file.xml).

    gen-node.py PATH [-n N]      N domains (default 1000) in mixed states, for benchmarks
    gen-node.py PATH -n N --all-running
                                 N domains, every one running with a disk and a NIC: the
                                 worst case for statistics (every guest sampled)
    gen-node.py PATH --fixture   the fixed 50-domain layout of tests/data/node-50.xml
                                 (described in tests/data/README)

Syntax notes (libvirt 9.0, src/test/test_driver.c):
  * root element <node>; children <cpu>, <memory> (KiB), <domain>, <network>, <pool>
    (volumes are written inline as /node/pool[i]/volume), <interface>, <device>.
  * per-domain extras live in the namespace http://libvirt.org/schemas/domain/test/1.0
    (the '/1.0' matters): <test:runstate>N</test:runstate> with virDomainState numbers
    (1 running, 2 blocked, 3 paused, 4 shutdown, 5 shutoff, 6 crashed, 7 pmsuspended;
    default 1), <test:transient/>, <test:hasmanagedsave/> (element presence is what
    counts; only valid with runstate 5).
  * every domain that is not runstate 5 is "started" (gets an id); networks and pools
    are always loaded active.
"""
import argparse
import sys
import uuid
from xml.sax.saxutils import escape

NS = "http://libvirt.org/schemas/domain/test/1.0"
IMAGES = "/var/lib/libvirt/images"
UUID_NS = uuid.UUID("6f1d7c1e-8a53-4b0e-9f8e-56a1d9c0b7a1")

RUNNING, PAUSED, SHUTOFF, CRASHED, PMSUSPENDED = 1, 3, 5, 6, 7
MEMORY_MIB = [512, 1024, 2048, 4096, 256, 768]
VCPUS = [1, 2, 4, 8, 1, 2]


def _uuid(name):
    return str(uuid.uuid5(UUID_NS, name))


def _mac(i, nic=0):
    return "52:54:00:%02x:%02x:%02x" % ((i >> 8) & 0xFF, i & 0xFF, nic)


def domain_xml(i, name, state, *, title=None, transient=False, managed_save=False,
               disks=(), network="default", vnc=False):
    mem_mib = MEMORY_MIB[i % len(MEMORY_MIB)]
    vcpus = VCPUS[i % len(VCPUS)]
    out = [f"  <domain type='test' xmlns:test='{NS}'>",
           f"    <name>{escape(name)}</name>",
           f"    <uuid>{_uuid(name)}</uuid>"]
    if title:
        out.append(f"    <title>{escape(title)}</title>")
    out += [f"    <memory unit='MiB'>{mem_mib}</memory>",
            f"    <currentMemory unit='MiB'>{mem_mib}</currentMemory>",
            f"    <vcpu placement='static'>{vcpus}</vcpu>",
            "    <os><type arch='i686'>hvm</type><boot dev='hd'/></os>",
            "    <devices>"]
    for n, vol in enumerate(disks):
        out += ["      <disk type='file' device='disk'>",
                f"        <source file='{IMAGES}/{vol}'/>",
                f"        <target dev='vd{chr(ord('a') + n)}' bus='virtio'/>",
                "      </disk>"]
    if network:
        out += ["      <interface type='network'>",
                f"        <mac address='{_mac(i)}'/>",
                f"        <source network='{network}'/>",
                "      </interface>"]
    if vnc:
        out.append("      <graphics type='vnc' port='-1' autoport='yes'/>")
    out.append("    </devices>")
    out.append(f"    <test:runstate>{state}</test:runstate>")
    if transient:
        out.append("    <test:transient/>")
    if managed_save:
        out.append("    <test:hasmanagedsave/>")
    out.append("  </domain>")
    return "\n".join(out)


def networks_xml():
    return """  <network>
    <name>default</name>
    <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
    <forward mode='nat'/>
    <bridge name='virbr0'/>
    <ip address='192.168.122.1' netmask='255.255.255.0'>
      <dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp>
    </ip>
  </network>
  <network>
    <name>isolated</name>
    <uuid>3c1f0f4e-9b6e-4f2a-8a0e-2b9f6f1d1a01</uuid>
    <bridge name='virbr1'/>
    <ip address='192.168.100.1' netmask='255.255.255.0'/>
  </network>
  <network>
    <name>routed</name>
    <uuid>3c1f0f4e-9b6e-4f2a-8a0e-2b9f6f1d1a02</uuid>
    <forward mode='route'/>
    <bridge name='virbr2'/>
    <ip address='10.10.0.1' netmask='255.255.0.0'/>
  </network>"""


def pool_xml(volumes):
    """volumes: list of (name, format, capacity_gib, allocation_gib).

    The test driver gives every pool a fixed 100 GiB capacity, so keep the
    allocations summed below that (else "available" underflows)."""
    out = ["  <pool type='dir'>",
           "    <name>default</name>",
           f"    <uuid>{_uuid('pool-default')}</uuid>",
           f"    <target><path>{IMAGES}</path></target>"]
    for name, fmt, cap, alloc in volumes:
        out += ["    <volume>",
                f"      <name>{name}</name>",
                f"      <capacity unit='GiB'>{cap}</capacity>",
                f"      <allocation unit='MiB'>{int(alloc * 1024)}</allocation>",
                f"      <target><path>{IMAGES}/{name}</path><format type='{fmt}'/></target>",
                "    </volume>"]
    out.append("  </pool>")
    return "\n".join(out)


def node_xml(domains, volumes):
    head = """<?xml version='1.0'?>
<!-- Generated by build-aux/gen-node.py; libvirt test-driver node file. -->
<node>
  <cpu>
    <mhz>2400</mhz>
    <model>x86_64</model>
    <nodes>1</nodes>
    <sockets>2</sockets>
    <cores>4</cores>
    <threads>2</threads>
  </cpu>
  <memory>67108864</memory>"""
    return "\n".join([head] + domains + [networks_xml(), pool_xml(volumes), "</node>", ""])


def fixture50():
    doms, vols = [], []
    i = 0

    def add(name, state, **kw):
        nonlocal i
        i += 1
        doms.append(domain_xml(i, name, state, **kw))

    for n in range(1, 21):
        name = f"run-{n:02d}"
        disks = [f"{name}.qcow2"] if n <= 5 else []
        vols.extend((d, "qcow2", 20, 3) for d in disks)
        add(name, RUNNING, title=f"Web server {n:02d}" if n <= 4 else None,
            disks=disks, vnc=n <= 3,
            network="isolated" if n in (19, 20) else "default")
    for n in range(1, 13):
        add(f"off-{n:02d}", SHUTOFF, title="Build box" if n == 1 else None,
            network="routed" if n <= 2 else "default")
    for n in range(1, 7):
        add(f"paused-{n:02d}", PAUSED, title="Paused database" if n == 1 else None)
    for n in range(1, 4):
        add(f"crashed-{n:02d}", CRASHED)
    for n in range(1, 6):
        add(f"saved-{n:02d}", SHUTOFF, managed_save=True,
            title="Saved desktop" if n == 1 else None)
    vols += [("disks-01-system.qcow2", "qcow2", 40, 8), ("disks-01-data.raw", "raw", 100, 20)]
    add("disks-01", SHUTOFF, title="Two disks",
        disks=["disks-01-system.qcow2", "disks-01-data.raw"])
    for n in range(1, 3):
        add(f"transient-{n:02d}", RUNNING, transient=True, network=None)
    add("pmsuspended-01", PMSUSPENDED)
    vols += [("installer.iso", "iso", 4, 4), ("unused.qcow2", "qcow2", 10, 1)]
    return node_xml(doms, vols)


def all_running(n):
    # Every guest running, each with one disk and one NIC, so each is sampled every tick.
    doms, vols = [], []
    for i in range(1, n + 1):
        name = f"run-{i:05d}"
        disk = f"{name}.qcow2"
        vols.append((disk, "qcow2", 20, 0.0625))
        doms.append(domain_xml(i, name, RUNNING, disks=[disk],
                               title=f"Generated guest {i}" if i % 10 == 0 else None,
                               network=("default", "isolated", "routed")[i % 3]))
    return node_xml(doms, vols)


def generated(n):
    # Mix: 50% running, 30% shut off, 8% paused, 5% managed save, 4% crashed, 3% transient running
    doms, vols = [], []
    for i in range(1, n + 1):
        r = (i * 37) % 100
        if r < 50:
            prefix, state, kw = "run", RUNNING, {}
        elif r < 80:
            prefix, state, kw = "off", SHUTOFF, {}
        elif r < 88:
            prefix, state, kw = "paused", PAUSED, {}
        elif r < 93:
            prefix, state, kw = "saved", SHUTOFF, {"managed_save": True}
        elif r < 97:
            prefix, state, kw = "crashed", CRASHED, {}
        else:
            prefix, state, kw = "transient", RUNNING, {"transient": True}
        name = f"{prefix}-{i:05d}"
        disks = []
        if i % 4 == 0:
            disks = [f"{name}.qcow2"]
            vols.append((disks[0], "qcow2", 20, 0.0625))
        if i % 10 == 0:
            kw["title"] = f"Generated guest {i}"
        doms.append(domain_xml(i, name, state, disks=disks,
                               network=("default", "isolated", "routed")[i % 3], **kw))
    return node_xml(doms, vols)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("-n", "--domains", type=int, default=1000)
    ap.add_argument("--fixture", action="store_true",
                    help="write the fixed 50-domain layout of tests/data/node-50.xml")
    ap.add_argument("--all-running", action="store_true",
                    help="every guest running, each with a disk and a NIC")
    args = ap.parse_args()
    if args.fixture:
        text = fixture50()
    elif args.all_running:
        text = all_running(args.domains)
    else:
        text = generated(args.domains)
    if args.path == "-":
        sys.stdout.write(text)
    else:
        with open(args.path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
