#!/usr/bin/env python3
"""Checks that the C lines changed on this branch are formatted as data/uncrustify.cfg says.

    build-aux/check-format.py [--base REF] [--all]

The base is the merge base of HEAD with origin/main, else with main. Only the lines changed
since the base (committed or not, and every line of a new file) are checked, so a file that
is not formatted as a whole yet passes as long as the lines this branch wrote are. Without a
base, or with --all, every line of every C file is checked.

Exit status: 0 when the lines are formatted, 1 (printing what uncrustify would change) when
not, 77 (skipped) without git, a work tree or uncrustify. build-aux/format.sh formats.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, "data", "uncrustify.cfg")
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)


def find_base():
    for ref in ("origin/main", "main"):
        result = git("merge-base", "HEAD", ref)
        if result.returncode == 0:
            return result.stdout.strip()
    return None


def is_c(path):
    return path.endswith((".c", ".h")) and os.path.isfile(os.path.join(ROOT, path))


def all_files():
    return [p for p in git("ls-files", "*.c", "*.h").stdout.split() if is_c(p)]


def changed_lines(base):
    """{path: set of line numbers in the work tree, or None for every line}"""
    changed = {}
    diff = git("diff", "-U0", "--no-color", "--no-ext-diff", base, "--", "*.c", "*.h").stdout
    path = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            path = line[6:] if line.startswith("+++ b/") else None
            if path is not None and is_c(path):
                changed.setdefault(path, set())
            else:
                path = None
        elif path is not None:
            match = HUNK.match(line)
            if match:
                start, count = int(match.group(3)), int(match.group(4) or "1")
                changed[path].update(range(start, start + count))
    untracked = git("ls-files", "--others", "--exclude-standard", "*.c", "*.h").stdout.split()
    for path in untracked:
        if is_c(path):
            changed[path] = None
    return changed


def formatter_hunks(path):
    """The hunks uncrustify would change, as (first line, last line, diff text)."""
    with tempfile.TemporaryDirectory() as tmp:
        formatted = os.path.join(tmp, "formatted")
        subprocess.run(["uncrustify", "-q", "-c", CONFIG, "-f", os.path.join(ROOT, path),
                        "-o", formatted], check=True)
        diff = subprocess.run(["diff", "-U0", "--label", f"a/{path}", "--label", f"b/{path}",
                               os.path.join(ROOT, path), formatted],
                              capture_output=True, text=True).stdout
    hunks = []
    for line in diff.splitlines()[2:]:
        match = HUNK.match(line)
        if match:
            start, count = int(match.group(1)), int(match.group(2) or "1")
            # A pure insertion sits after line `start`: it touches that line.
            hunks.append([start, start + max(count, 1) - 1, [line]])
        elif hunks:
            hunks[-1][2].append(line)
    return hunks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="compare with this commit instead of the merge base")
    parser.add_argument("--all", action="store_true", help="check every line of every C file")
    options = parser.parse_args()

    if shutil.which("uncrustify") is None:
        print("uncrustify is not installed: nothing checked")
        return 77
    if shutil.which("git") is None or git("rev-parse", "--is-inside-work-tree").returncode != 0:
        print(f"{ROOT} is not a git work tree: nothing to compare with")
        return 77

    base = None if options.all else options.base or find_base()
    if base is None:
        print("no base (origin/main, main): checking every C file")
        targets = {path: None for path in all_files()}
    else:
        targets = changed_lines(base)
        print(f"{len(targets)} C file(s) changed since {base[:12]}")

    failed = 0
    for path in sorted(targets):
        lines = targets[path]
        bad = [h for h in formatter_hunks(path)
               if lines is None or any(n in lines for n in range(h[0], h[1] + 1))]
        if bad:
            failed += 1
            print(f"--- {path}: not formatted as data/uncrustify.cfg says")
            for hunk in bad:
                print("\n".join(hunk[2]))
    if failed:
        print(f"{failed} file(s) to format: bash build-aux/format.sh FILE...")
        return 1
    print("the changed C lines are formatted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
