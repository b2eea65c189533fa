#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target into OUTDIR/<target>/.

    tests/fuzz/gen-corpus.py OUTDIR

Seeds come from the fixtures in tests/data (domain, capabilities and node XML), from the
hand-written seeds in tests/fuzz/seeds/<target>/, and from the URIs, values and .treeinfo
files the unit tests use. Nothing generated is committed: build-aux/fuzz.sh runs this.
"""
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "tests" / "fuzz" / "seeds"
UNIT = ROOT / "tests" / "unit"


def write(outdir: pathlib.Path, target: str, content: bytes) -> None:
    folder = outdir / target
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(content).hexdigest()[:16]
    (folder / name).write_bytes(content)


def c_strings(path: pathlib.Path):
    """The string literals of a C file, adjacent ones joined, escapes decoded."""
    text = path.read_text(errors="replace")
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"(?:\s*"((?:[^"\\\n]|\\.)*)")*', text):
        literal = re.findall(r'"((?:[^"\\\n]|\\.)*)"', match.group(0))
        joined = "".join(literal)
        try:
            yield joined.encode().decode("unicode_escape").encode("utf-8", "surrogateescape")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue


def main() -> int:
    outdir = pathlib.Path(sys.argv[1])
    xml_files = sorted(DATA.rglob("*.xml"))
    for path in xml_files:
        content = path.read_bytes()
        if len(content) > 64 * 1024:
            continue  # node-50.xml and the like: slow seeds, little new
        write(outdir, "fuzz-domain-xml", content)
        if b"<domain" in content:
            write(outdir, "fuzz-domain-config", content)

    # URIs from the unit tests, one a seed, with a display address under them.
    for source in ("test-uri.c", "test-ssh-tunnel.c"):
        for literal in c_strings(UNIT / source):
            if b"://" in literal and len(literal) < 300:
                write(outdir, "fuzz-uri", literal + b"\nlocalhost\n\nexample.org root")

    # Field values from the unit tests of the validators and the device kinds.
    for source in ("test-domain-config.c", "test-install-plan.c", "test-device-kind.c"):
        for literal in c_strings(UNIT / source):
            if 0 < len(literal) < 64 and b"\n" not in literal and b"<" not in literal:
                write(outdir, "fuzz-values", literal)

    # .treeinfo files in the tests (the unit test's and the HTTP test server's).
    for source in (ROOT / "tests" / "lib" / "test-http-server.c", UNIT / "test-install-tree.c"):
        for literal in c_strings(source):
            if b"[general]" in literal or b"[images-" in literal:
                write(outdir, "fuzz-treeinfo", b"http://mirror.example/fedora/37/os/\n\n" + literal)

    for folder in sorted(SEEDS.iterdir()) if SEEDS.is_dir() else []:
        for path in sorted(folder.iterdir()):
            write(outdir, folder.name, path.read_bytes())

    for target in sorted(p.name for p in outdir.iterdir()):
        print(f"{target}: {len(list((outdir / target).iterdir()))} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
