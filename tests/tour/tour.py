#!/usr/bin/python3
"""The screenshot tour: every window and page of the built `vimana`, in four variants.

    VIMANA_BIN=_build/src/vimana GSETTINGS_SCHEMA_DIR=_build/data \\
        /usr/bin/python3 tests/tour/tour.py [--out DIR] [--variants light,dark,es,scale2]

Each variant runs in a session of its own: an Xvfb, a D-Bus session bus (whose AT-SPI bus the
app and this script share) and openbox, then one `vimana` on a test:/// node file. Further
`vimana --show-…` command lines go to that instance (GApplication), the app's and windows'
actions are activated over D-Bus (org.gtk.Actions) and buttons through AT-SPI. Each window is
saved as DIR/<variant>/<nn>-<window>.png (the whole screen: menus and popovers are separate X
windows); the variants are

    light   Adwaita                        dark    GTK_THEME=Adwaita:dark
    es      LANGUAGE=es, es_ES.UTF-8       scale2  GDK_SCALE=2 on a screen twice as large

Every window and page is shown in every variant; New VM's pages after the first only in
light and es, to keep the run short.

What is checked, in every window, from what GTK itself exposes through AT-SPI:

  * clipped text: a label's characters must lie inside the label (its Text extents against
    its Component extents: where Pango laid each character out), and each column header of
    the main list must be as wide as GTK's own header asks for its title. An ellipsized label
    is not seen: GTK reports the characters' places as if there were no ellipsis (the host
    window's subtitle in Spanish, found by eye) — look at the images.
  * insensitive buttons without a reason (tooltip, i.e. accessible description): listed as
    notes, not failed.
  * untranslated text (es): a visible string that is an msgid of po/es.po (after removing
    mnemonics; printf placeholders match anything) with a different msgstr.
  * GTK and GLib criticals and warnings in the app's log.

The report is DIR/<variant>/report.txt; the TAP result says what failed. Exit 0 pass, 1 fail,
77 skip (no Xvfb, openbox or pyatspi).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.path.dirname(os.path.dirname(HERE))
APP_ID = "io.github.vimana.Vimana"
APP_PATH = "/io/github/vimana/Vimana"
NODE = os.path.join(SRCDIR, "tests", "data", "node-50.xml")
URI = "test://" + NODE
SKIP = 77

VARIANTS = {
    "light": {"env": {"GTK_THEME": "Adwaita"}, "screen": "1600x1000x24"},
    "dark": {"env": {"GTK_THEME": "Adwaita:dark"}, "screen": "1600x1000x24"},
    "es": {"env": {"GTK_THEME": "Adwaita", "LANGUAGE": "es", "LC_ALL": "es_ES.UTF-8"},
           "screen": "1600x1000x24"},
    "scale2": {"env": {"GTK_THEME": "Adwaita", "GDK_SCALE": "2"}, "screen": "3200x2000x24"},
}


def log(*args):
    print("#", *args, flush=True)


# --------------------------------------------------------------------------- translations

def read_po(path):
    """msgid → msgstr of a .po file (singular forms; msgstr[0] for plurals)."""
    entries = {}
    msgid = msgstr = None
    key = None
    cur = {}

    def unquote(s):
        return json.loads(s) if s.startswith('"') else ""

    def flush():
        if cur.get("msgid"):
            entries[cur["msgid"]] = cur.get("msgstr", "")
            if cur.get("msgid_plural"):
                entries[cur["msgid_plural"]] = cur.get("msgstr1", cur.get("msgstr", ""))

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                if not line and cur:
                    flush()
                    cur = {}
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d)\])?)\s+(".*")$', line)
            if m:
                if m.group(1) in ("msgid", "msgctxt") and "msgstr" in cur:
                    flush()
                    cur = {}
                key = m.group(1)
                if key.startswith("msgstr["):
                    key = "msgstr" if m.group(2) == "0" else "msgstr" + m.group(2)
                cur[key] = unquote(m.group(3))
            elif line.startswith('"') and key:
                cur[key] = cur.get(key, "") + unquote(line)
    flush()
    del msgid, msgstr
    return {k: v for k, v in entries.items() if k}


def strip_mnemonic(s):
    return re.sub(r"_(?=[^_])", "", s).replace("__", "_")


class Catalogue:
    def __init__(self, path, spanish):
        self.po = read_po(path)
        self.spanish = spanish
        self.exact = {}
        self.patterns = []
        self.plain = {}
        self.translations = {strip_mnemonic(v) for k, v in self.po.items()
                             if v and strip_mnemonic(v) != strip_mnemonic(k)}
        for msgid, msgstr in self.po.items():
            plain = strip_mnemonic(msgid)
            if msgstr:
                self.plain.setdefault(plain, msgstr)
            if not msgstr or strip_mnemonic(msgstr) == plain:
                continue
            self.exact[plain] = msgstr
            if re.search(r"%[-0-9.]*l*[sdufg'’]|%[-0-9.]*" "G_GU?INT64_FORMAT", msgid) or \
                    "%" in msgid:
                parts = re.split(r"%(?:\d+\$)?[-+ 0-9.'*]*(?:l|ll|h|z|j)?[sdiufgxXc%]", plain)
                if len(parts) > 1 and sum(len(p) for p in parts) >= 6:
                    rx = ".+?".join(re.escape(p) for p in parts)
                    self.patterns.append((re.compile("^" + rx + "$", re.S), msgid))

    def t(self, msgid):
        """The name a control has in this variant (mnemonics removed)."""
        plain = strip_mnemonic(msgid)
        if self.spanish:
            msgstr = self.po.get(msgid) or self.plain.get(plain)
            if msgstr:
                return strip_mnemonic(msgstr)
        return plain

    def is_translation(self, text):
        return text.strip() in self.translations

    def english_msgid(self, text):
        """The msgid that `text` is, untranslated, or None."""
        text = text.strip()
        if text in self.exact:
            return text
        for rx, msgid in self.patterns:
            if rx.match(text):
                return msgid
        return None


# --------------------------------------------------------------------------- a session

class Session:
    """Xvfb + session bus + openbox, stopped in reverse order."""

    def __init__(self, screen, workdir):
        self.procs = []
        self.env = dict(os.environ)
        self.runtime = tempfile.mkdtemp(prefix="vimana-tour-runtime-")
        os.chmod(self.runtime, 0o700)
        rfd, wfd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(wfd), "-screen", "0", screen,
                                 "-nolisten", "tcp"], pass_fds=(wfd,),
                                stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(workdir, "xvfb.log"), "w"))
        os.close(wfd)
        self.procs.append(xvfb)
        number = b""
        with os.fdopen(rfd, "rb") as r:
            while not number.endswith(b"\n"):
                c = r.read(1)
                if not c:
                    raise RuntimeError("Xvfb did not say which display it took")
                number += c
        self.env["DISPLAY"] = ":" + number.decode().strip()
        self.env["XDG_RUNTIME_DIR"] = self.runtime
        out = subprocess.run(["dbus-launch", "--sh-syntax"], env=self.env, capture_output=True,
                             text=True, check=True).stdout
        for m in re.finditer(r"^(DBUS_SESSION_BUS_ADDRESS|DBUS_SESSION_BUS_PID)='?([^';]*)'?;",
                             out, re.M):
            self.env[m.group(1)] = m.group(2)
        self.dbus_pid = int(self.env["DBUS_SESSION_BUS_PID"])
        wm = subprocess.Popen(["openbox", "--sm-disable"], env=self.env,
                              stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(workdir, "openbox.log"), "w"))
        self.procs.append(wm)
        self.env.pop("NO_AT_BRIDGE", None)
        self.env.pop("GTK_A11Y", None)

    def stop(self):
        try:
            os.kill(self.dbus_pid, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
        # The AT-SPI helpers the bus activated for this session end with it; any left over
        # are found by our private runtime dir in their environment.
        time.sleep(0.3)
        for name in ("at-spi-bus-laun", "at-spi2-registr"):
            pids = subprocess.run(["pgrep", "-x", name], capture_output=True,
                                  text=True).stdout.split()
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/environ", "rb") as f:
                        if f"XDG_RUNTIME_DIR={self.runtime}".encode() in f.read().split(b"\0"):
                            os.kill(int(pid), signal.SIGTERM)
                except OSError:
                    pass
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(self.runtime, ignore_errors=True)


def spanish_locale(workdir):
    """LOCPATH for es_ES.UTF-8 when the system lacks it ('' when it has it), None if impossible."""
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if re.search(r"^es_es\.utf-?8$", have, re.M):
        return ""
    if not shutil.which("localedef") or not os.path.exists("/usr/share/i18n/locales/es_ES"):
        return None
    path = os.path.join(workdir, "locale")
    os.makedirs(path, exist_ok=True)
    subprocess.run(["localedef", "-i", "es_ES", "-f", "UTF-8", os.path.join(path, "es_ES.UTF-8")],
                   capture_output=True)
    return path


# --------------------------------------------------------------------------- the parent

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.environ.get("VIMANA_TOUR_OUT") or
                        os.path.join(os.getcwd(), "tour"))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--measure-headers", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_headers is not None:
        return measure_headers(args.measure_headers)
    if args.child:
        return child(args.child, args.out)

    variants = [v for v in args.variants.split(",") if v]
    for tool in ("Xvfb", "openbox", "dbus-launch", "import"):
        if not shutil.which(tool):
            print(f"1..0 # SKIP {tool} is not installed")
            return SKIP
    if not os.environ.get("VIMANA_BIN"):
        print("1..0 # SKIP VIMANA_BIN is not set")
        return SKIP
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        print("1..0 # SKIP python3-pyatspi is not installed")
        return SKIP

    print(f"1..{len(variants)}", flush=True)
    failed = 0
    for i, variant in enumerate(variants, 1):
        outdir = os.path.join(args.out, variant)
        shutil.rmtree(outdir, ignore_errors=True)
        os.makedirs(outdir)
        session = Session(VARIANTS[variant]["screen"], outdir)
        env = dict(session.env)
        env.update(VARIANTS[variant]["env"])
        skip = None
        if variant == "es":
            locpath = spanish_locale(outdir)
            if locpath is None:
                skip = "no es_ES locale and no locale sources to make one"
            elif locpath:
                env["LOCPATH"] = locpath
        try:
            if skip:
                print(f"ok {i} {variant} # SKIP {skip}", flush=True)
                continue
            res = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", variant,
                                  "--out", outdir], env=env, timeout=600)
            ok = res.returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
            log(f"{variant}: the tour did not end in 600 s")
        finally:
            session.stop()
        report = os.path.join(outdir, "report.txt")
        if os.path.exists(report):
            with open(report) as f:
                for line in f:
                    log(line.rstrip())
        print(f"{'ok' if ok else 'not ok'} {i} {variant} (images in {outdir})", flush=True)
        failed += not ok
    return 1 if failed else 0


# --------------------------------------------------------------------------- the child

class Tour:
    def __init__(self, variant, outdir):
        import pyatspi
        self.pyatspi = pyatspi
        self.variant = variant
        self.outdir = outdir
        self.cat = Catalogue(os.path.join(SRCDIR, "po", "es.po"), variant == "es")
        self.binary = os.environ["VIMANA_BIN"]
        self.count = 0
        self.labels_checked = 0
        self.reasonless = set()
        self.spanish_seen = 0
        self.problems = []
        self.notes = []
        self.cfg = tempfile.mkdtemp(prefix="vimana-tour-config-")
        self.env = dict(os.environ)
        self.env.update({"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": self.cfg,
                         "XDG_CACHE_HOME": os.path.join(self.cfg, "cache"),
                         "XDG_DATA_HOME": os.path.join(self.cfg, "data"),
                         "HOME": self.cfg,
                         "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1"})
        self.env.pop("G_DEBUG", None)
        self.logpath = os.path.join(outdir, "vimana.log")
        self.proc = None
        self.app = None

    # ---- driving the app

    def start(self):
        logf = open(self.logpath, "w")
        self.proc = subprocess.Popen([self.binary, "--connect", URI], env=self.env,
                                     stdout=logf, stderr=subprocess.STDOUT)
        self.app = self.wait(self.find_app, 60, "the app on AT-SPI")
        self.wait(lambda: self.find(self.app, "tree table"), 30, "the guest list")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.action("quit")
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                self.proc.wait(10)
        shutil.rmtree(self.cfg, ignore_errors=True)

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        last = None
        while True:
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"vimana exited with {self.proc.returncode} ({what})")
            try:
                value = predicate()
                if value:
                    return value
            except Exception as e:  # the tree may be changing under us
                last = e
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what} (last: {last})")
            time.sleep(0.1)

    def find_app(self):
        for app in self.pyatspi.Registry.getDesktop(0):
            try:
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def command(self, *args):
        """A second command line, handed to the running instance."""
        subprocess.run([self.binary, "--connect", URI, *args], env=self.env, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    def action(self, name, path=APP_PATH, target=None):
        param = "[]" if target is None else f"[<{target}>]"
        subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", path,
                        "--method", "org.gtk.Actions.Activate", name, param, "{}"],
                       env=self.env, timeout=30, capture_output=True, check=True)

    def win_action(self, name):
        self.action(name, APP_PATH + "/window/1")

    def toplevels(self):
        out = []
        for child in self.app:
            try:
                if child.getState().contains(self.pyatspi.STATE_SHOWING):
                    out.append(child)
            except Exception:
                continue
        return out

    def find(self, root, role=None, name=None, showing=True):
        hits = self.find_all(root, role, name, showing, first=True)
        return hits[0] if hits else None

    def find_all(self, root, role=None, name=None, showing=True, first=False):
        out = []
        stack = [root]
        while stack:
            acc = stack.pop()
            try:
                r = acc.getRoleName()
                if showing and acc is not root and \
                        not acc.getState().contains(self.pyatspi.STATE_SHOWING):
                    continue
                if (role is None or r == role) and (name is None or acc.name == name):
                    out.append(acc)
                    if first:
                        return out
                if r in ("table cell",):
                    continue
                n = acc.childCount
                if r in ("tree table", "table", "tree") and n > 60:
                    # the column headers come first; rows beyond the first few add nothing
                    children = [acc.getChildAtIndex(i) for i in range(min(n, 40))]
                else:
                    children = list(acc)
                stack.extend(reversed([c for c in children if c is not None]))
            except Exception:
                continue
        return out

    def press(self, window, name, role="push button"):
        button = self.wait(lambda: self.find(window, role, name), 20, f"{role} “{name}”")
        self.wait(lambda: button.getState().contains(self.pyatspi.STATE_SENSITIVE), 20,
                  f"{role} “{name}” to be sensitive")
        button.queryAction().doAction(0)

    def open_window(self, how, title=None):
        """Run how(), then wait for a new toplevel (or the one called title) to show."""
        before = {self.key(w) for w in self.toplevels()}
        how()

        def new():
            for w in self.toplevels():
                if title is not None and w.name == title:
                    return w
                if title is None and self.key(w) not in before:
                    return w
            return None
        return self.wait(new, 30, f"window {title or 'new'}")

    def key(self, acc):
        try:
            return (acc.getIndexInParent(), acc.name)
        except Exception:
            return None

    def close(self, window):
        """Close the active window (Ctrl+W's action), then wait until window is gone."""
        self.action("close-window")

        def gone():
            try:
                return not window.getState().contains(self.pyatspi.STATE_SHOWING)
            except Exception:
                return True
        try:
            self.wait(gone, 10, "the window to close")
        except TimeoutError:
            self.notes.append(f"could not close “{window.name}” with close-window")

    def settle(self, window):
        """Wait until the window's accessible tree and place stop changing (a redraw pass)."""
        last = None
        same = 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and same < 2:
            try:
                ext = window.queryComponent().getExtents(self.pyatspi.DESKTOP_COORDS)
                sig = (ext.x, ext.y, ext.width, ext.height, len(self.find_all(window)))
            except Exception:
                sig = None
            same = same + 1 if sig == last else 0
            last = sig
            time.sleep(0.15)

    # ---- taking a picture and checking it

    def shot(self, window, name):
        self.settle(window)
        self.count += 1
        path = os.path.join(self.outdir, f"{self.count:02d}-{name}.png")
        subprocess.run(["import", "-window", "root", path], env=self.env, timeout=60,
                       capture_output=True)
        self.check(window, name)

    def check(self, window, name):
        seen = set()
        for acc in self.find_all(window):
            try:
                role = acc.getRoleName()
            except Exception:
                continue
            if role == "label":
                self.labels_checked += 1
                self.check_clipped(acc, role, name)
            if role in ("push button", "toggle button", "check box"):
                self.check_reason(acc, role, name)
            if self.variant == "es":
                for text in self.texts(acc, role):
                    if text in seen:
                        continue
                    seen.add(text)
                    if self.cat.is_translation(text):
                        self.spanish_seen += 1
                    msgid = self.cat.english_msgid(text)
                    if msgid is not None:
                        self.problems.append(f"{name}: untranslated {role} “{text}”")

    def check_reason(self, acc, role, name):
        """A control that cannot act should say why (its tooltip, GTK's accessible
        description): listed in the report, not failed, since dialogs' default buttons
        (Forward, Migrate…) say it beside their fields instead."""
        try:
            if acc.getState().contains(self.pyatspi.STATE_SENSITIVE) or acc.description:
                return
            label = acc.name or "(unnamed)"
        except Exception:
            return
        key = (name, role, label)
        if key not in self.reasonless:
            self.reasonless.add(key)
            self.notes.append(f"{name}: insensitive {role} “{label}” gives no reason")

    def texts(self, acc, role):
        out = []
        try:
            if acc.name:
                out.append(acc.name)
            if role == "label":
                t = acc.queryText()
                text = t.getText(0, -1)
                if text and text != acc.name:
                    out.append(text)
            desc = acc.description
            if desc:
                out.append(desc)
        except Exception:
            pass
        return [s for s in out if re.search(r"[A-Za-z]{2}", s)]

    def check_clipped(self, acc, role, name):
        pyatspi = self.pyatspi
        try:
            comp = acc.queryComponent()
            box = comp.getExtents(pyatspi.DESKTOP_COORDS)
        except Exception:
            return
        if box.width <= 0 or box.height <= 0:
            return
        label = acc
        if role == "table column header":
            # GTK exposes the header button; its label is its child
            label = self.find(acc, "label") or acc
            title = acc.name
        try:
            text = label.queryText()
        except NotImplementedError:
            text = None
        if text is None:
            return
        n = text.characterCount
        title = text.getText(0, -1)
        if n == 0 or not title.strip():
            return
        lbox = label.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        # the visible area: the header's button, else the label itself
        vis = box if role == "table column header" else lbox
        xs = []
        for i in range(n):
            if title[i].isspace():
                continue
            x, y, w, h = text.getCharacterExtents(i, pyatspi.DESKTOP_COORDS)
            xs.append((x, y, w, h, i))
        if not xs:
            return
        right = max(x + w for x, y, w, h, i in xs)
        left = min(x for x, y, w, h, i in xs)
        bottom = max(y + h for x, y, w, h, i in xs)
        top = min(y for x, y, w, h, i in xs)
        slack = 2
        if right > vis.x + vis.width + slack or left < vis.x - slack or \
                (role == "label" and (bottom > vis.y + vis.height + slack + 4 or
                                      top < vis.y - slack - 4)):
            self.problems.append(
                f"{name}: clipped {role} “{title}”: text {left}..{right} x {top}..{bottom}, "
                f"shown {vis.x}..{vis.x + vis.width} x {vis.y}..{vis.y + vis.height}")
            return
        # An ellipsized label: Pango puts the hidden characters on the ellipsis, so several
        # characters in a row share one box.
        shared = 0
        for a, b in zip(xs, xs[1:]):
            if a[:4] == b[:4] and a[2] > 0:
                shared += 1
        if shared >= 2:
            self.notes.append(f"{name}: ellipsized {role} “{title}”")

    def log_problems(self):
        out = []
        with open(self.logpath, errors="replace") as f:
            for line in f:
                if re.search(r"(Gtk|GLib|GLib-GObject|Gdk|Pango|Atk|vimana[-\w]*)-(CRITICAL|WARNING)"
                             r"|CRITICAL \*\*|WARNING \*\*|runtime error:|ERROR: AddressSanitizer",
                             line):
                    out.append(line.rstrip())
        return out

    # ---- the tour

    def run(self):
        t = self.cat.t
        self.start()
        main = self.wait(lambda: next((w for w in self.toplevels()
                                       if self.find(w, "tree table")), None), 30, "main window")
        self.shot(main, "main-window")
        self.check_headers(main)

        pages = [("--show-domain-details", "overview"), ("--show-domain-console", "console"),
                 ("--show-domain-performance", "performance"),
                 ("--show-domain-editor", "hardware"), ("--show-domain-snapshots", "snapshots")]
        guest = "run-01"
        for option, page in pages:
            w = self.open_window(lambda: self.command(option, guest))
            self.shot(w, f"details-{page}")
            if page == "hardware":
                dialog = self.open_window(lambda: self.press(w, t("Add Hardware")))
                self.shot(dialog, "add-hardware")
                self.close(dialog)
            if page == "snapshots":
                dialog = self.open_window(lambda: self.press(w, t("Take Snapshot…")))
                self.shot(dialog, "snapshot-dialog")
                self.close(dialog)
            self.close(w)

        for option, page in [("--show-host-summary", "summary"), ("--show-host-storage", "storage"),
                             ("--show-host-networks", "networks"),
                             ("--show-host-interfaces", "interfaces")]:
            w = self.open_window(lambda: self.command(option))
            self.shot(w, f"host-{page}")
            self.close(w)

        w = self.open_window(lambda: self.command("--show-migrate", guest))
        self.shot(w, "migrate")
        self.close(w)

        w = self.open_window(lambda: self.win_action("new-vm"))
        self.shot(w, "new-vm-1-media")
        # (its further pages in the variants whose words and sizes differ, to keep it short)
        if self.variant in ("light", "es"):
            self.new_vm_pages(w)
        self.close(w)

        for action, name in [("connection-add", "add-connection"),
                             ("show-help-overlay", "shortcuts")]:
            w = self.open_window(lambda: self.win_action(action))
            self.shot(w, name)
            self.close(w)
        for action, name in [("preferences", "preferences"), ("about", "about")]:
            w = self.open_window(lambda: self.action(action))
            self.shot(w, name)
            self.close(w)

    def new_vm_pages(self, w):
        t = self.cat.t
        try:
            self.press(w, t("Manual install"),
                       role="radio button")
        except TimeoutError as e:
            self.notes.append(f"New VM: {e}")
            return
        for n, name in enumerate(["new-vm-2-resources", "new-vm-3-storage", "new-vm-4-options",
                                  "new-vm-5-summary"], 2):
            try:
                self.press(w, t("_Forward"))
            except TimeoutError as e:
                self.problems.append(f"New VM: cannot go on to page {n}: {e}")
                return
            self.shot(w, name)

    def check_headers(self, main):
        """Item 9: every column header of the list whole, Name not taking the spare width."""
        table = self.find(main, "tree table")
        headers = [c for c in self.find_all(table, "table column header") if c.name]
        if not headers:
            self.problems.append("main window: no column headers found")
        env = dict(self.env, NO_AT_BRIDGE="1")
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--measure-headers",
                              *[h.name for h in headers]], env=env, capture_output=True,
                             text=True, timeout=60)
        wants = json.loads(out.stdout) if out.returncode == 0 else {}
        if not wants:
            self.problems.append(f"main window: could not measure the headers: {out.stderr}")
        for h in headers:
            width = h.queryComponent().getExtents(self.pyatspi.DESKTOP_COORDS).width
            want = wants.get(h.name, 0)
            # (AT-SPI and GTK both count in logical pixels, at scale 2 too)
            if width < want:
                self.problems.append(f"main window: the header “{h.name}” is cut: "
                                     f"{width} px shown, {want} needed")
            if h.name == self.cat.t("Name"):
                width = h.queryComponent().getExtents(self.pyatspi.DESKTOP_COORDS).width
                self.notes.append(f"main window: Name column {width} px")
                if width > 300:
                    self.problems.append(f"main window: the Name column is {width} px wide "
                                         "for short names")


def measure_headers(titles):
    """Print the width GTK's tree view header of each title asks for, under this process's
    theme, fonts and scale (run without the accessibility bridge, in an offscreen window)."""
    import gi
    gi.require_version("Gtk", "3.0")
    from gi.repository import Gtk
    window = Gtk.OffscreenWindow()
    view = Gtk.TreeView(model=Gtk.ListStore(str))
    for title in titles:
        column = Gtk.TreeViewColumn(title=title)
        column.set_sizing(Gtk.TreeViewColumnSizing.FIXED)
        column.set_fixed_width(1)
        view.append_column(column)
    window.add(view)
    window.show_all()
    while Gtk.events_pending():
        Gtk.main_iteration()
    print(json.dumps({c.get_title(): c.get_button().get_preferred_width()[1]
                      for c in view.get_columns()}))
    return 0


def child(variant, outdir):
    tour = Tour(variant, outdir)
    error = None
    try:
        tour.run()
    except Exception as e:  # the report says how far it got
        import traceback
        error = f"the tour stopped: {type(e).__name__}: {e}"
        traceback.print_exc()
    finally:
        tour.stop()
    problems = list(tour.problems)
    # The checks looked at something: labels were read, and the Spanish run showed Spanish.
    if tour.labels_checked < 100:
        problems.append(f"only {tour.labels_checked} labels were checked")
    if variant == "es" and tour.spanish_seen < 100:
        problems.append(f"only {tour.spanish_seen} strings of po/es.po were seen in Spanish")
    tour.notes.append(f"{tour.labels_checked} labels checked, "
                      f"{tour.spanish_seen} Spanish strings seen")
    if error:
        problems.append(error)
    problems += [f"log: {line}" for line in tour.log_problems()]
    with open(os.path.join(outdir, "report.txt"), "w") as f:
        f.write(f"{variant}: {tour.count} screenshots, {len(problems)} problems\n")
        for p in problems:
            f.write(f"PROBLEM {p}\n")
        for n in tour.notes:
            f.write(f"note {n}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
