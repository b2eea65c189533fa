#!/usr/bin/python3
"""Summarise where a process's resident memory is, by mapping, from /proc/PID/smaps.

    smaps-summary.py PID [-n 25]

Prints Rss, Pss and Private (clean + dirty) in MiB per file (or [heap], [anon], [stack]…),
largest Rss first, then the totals. File-backed Rss is mostly shared libraries and caches that
other processes share (Pss divides it among them); anonymous Rss is the process's own heap.
"""
import argparse
import collections
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pid")
    parser.add_argument("-n", type=int, default=25, help="rows to print")
    args = parser.parse_args()

    totals = collections.defaultdict(lambda: collections.Counter())
    name = None
    with open(f"/proc/{args.pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if not fields[0].endswith(":") or "-" in fields[0]:
                # a mapping header: address perms offset dev inode [path]
                name = fields[5] if len(fields) > 5 else "[anon]"
                continue
            key = fields[0][:-1]
            if key in ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Anonymous"):
                totals[name][key] += int(fields[1])

    rows = sorted(totals.items(), key=lambda item: -item[1]["Rss"])
    print(f"{'Rss':>8} {'Pss':>8} {'Private':>8} {'Anon':>8}  MiB  mapping")
    for mapping, c in rows[: args.n]:
        private = c["Private_Clean"] + c["Private_Dirty"]
        print(f"{c['Rss'] / 1024:8.2f} {c['Pss'] / 1024:8.2f} {private / 1024:8.2f} "
              f"{c['Anonymous'] / 1024:8.2f}  {mapping}")
    total = collections.Counter()
    for c in totals.values():
        total.update(c)
    print(f"{total['Rss'] / 1024:8.2f} {total['Pss'] / 1024:8.2f} "
          f"{(total['Private_Clean'] + total['Private_Dirty']) / 1024:8.2f} "
          f"{total['Anonymous'] / 1024:8.2f}  total ({len(totals)} mappings)")


if __name__ == "__main__":
    sys.exit(main())
