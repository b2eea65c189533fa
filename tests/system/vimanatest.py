"""Helpers for Vimana's system tests (tier 4 in DESIGN.md).

The tests run as `/usr/bin/python3 tests/system/test_xxx.py` under `meson test --suite system`
inside the environment that `build-aux/setup.sh test` prepares: Xvfb on $DISPLAY, a D-Bus
session bus ($DBUS_SESSION_BUS_ADDRESS), a running libvirtd with QEMU. They drive the real
`vimana` binary ($VIMANA_BIN) from outside through AT-SPI and use `virsh` as a second client.

Exit codes follow meson's convention: 0 pass, 1 fail, 77 skip.

AT-SPI under Xvfb -- what was found (Debian 12, at-spi2-core 2.46, GTK 3.24):
  * Nothing has to be started by hand besides a session bus (`dbus-launch --sh-syntax`) and
    $DISPLAY.  GTK 3 links atk-bridge; at start-up it asks the session bus for
    org.a11y.Bus.GetAddress, which D-Bus-activates /usr/libexec/at-spi-bus-launcher
    (/usr/share/dbus-1/services/org.a11y.Bus.service); the launcher starts the private
    accessibility dbus-daemon (socket under $XDG_RUNTIME_DIR/at-spi or ~/.cache/at-spi) and
    at-spi2-registryd.  pyatspi finds the same bus through the session bus, so the test
    process only needs DBUS_SESSION_BUS_ADDRESS and DISPLAY in its environment.
  * The app must not have NO_AT_BRIDGE=1 (set by some CI images and by dbus-run-session
    wrappers) and GTK_A11Y must not be "none"; launch_app() removes both.
  * No gsettings toolkit-accessibility switch is needed for GTK 3 apps.
  * A GtkTreeView is exposed as role 'tree table' with the Table interface: nRows counts the
    rows currently shown (children of collapsed rows are not there), getAccessibleAt(r, c)
    gives a 'table cell' whose .name is the cell's text.  Cells of not-yet-realized rows
    still exist; reading them costs one D-Bus round trip each, so keep tables small.
  * The accessible application's name is g_get_prgname() unless the app calls
    g_set_application_name(); find_app() matches the name case-insensitively or the pid.
"""

import atexit
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from xml.sax.saxutils import quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootsector  # noqa: E402

URI = os.environ.get("VIMANA_TEST_URI", "qemu:///system")
PREFIX = "vimana-test-"
IMAGE_DIR = "/var/lib/libvirt/images/vimana-test"
ARTIFACTS = os.environ.get("VIMANA_TEST_ARTIFACTS") or os.path.join(os.getcwd(), "artifacts")
SKIP = 77


class Skip(Exception):
    """Raise to end the test as skipped (exit 77)."""


def log(*args):
    print(*args, flush=True)


# --------------------------------------------------------------------------- libvirt side

def virsh(*args, check=True, timeout=60):
    """Run `virsh -c URI args...` and return its stdout (stripped)."""
    cmd = ["virsh", "-q", "-c", URI, *args]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if check and res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}): {res.stderr.strip()}")
    return res.stdout.strip()


def require_libvirt():
    """Skip the test unless libvirtd answers on URI (setup.sh starts it; we don't)."""
    try:
        res = subprocess.run(["virsh", "-c", URI, "version"], capture_output=True, text=True,
                             timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Skip(f"virsh unusable: {e}")
    if res.returncode != 0:
        raise Skip(f"libvirtd not reachable at {URI} (start it, e.g. via build-aux/setup.sh test):"
                   f" {res.stderr.strip()}")


def require_display():
    if not os.environ.get("DISPLAY"):
        raise Skip("DISPLAY is not set (needs Xvfb; build-aux/setup.sh test provides one)")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise Skip("DBUS_SESSION_BUS_ADDRESS is not set (AT-SPI needs a session bus)")


def kvm_usable():
    """True when QEMU (running as libvirt's qemu user) can open /dev/kvm.

    Override with VIMANA_TEST_VIRT_TYPE=kvm|qemu."""
    forced = os.environ.get("VIMANA_TEST_VIRT_TYPE")
    if forced:
        return forced == "kvm"
    if not os.path.exists("/dev/kvm"):
        return False
    try:
        caps = virsh("domcapabilities", "--virttype", "kvm", check=True)
    except RuntimeError:
        return False
    if "<domain>kvm</domain>" not in caps:
        return False
    st = os.stat("/dev/kvm")
    if st.st_mode & 0o006 == 0o006:
        return True
    import grp
    import pwd
    try:
        user = pwd.getpwnam("libvirt-qemu")
    except KeyError:
        return os.geteuid() == 0 and st.st_mode & 0o600 == 0o600
    groups = {g.gr_gid for g in grp.getgrall() if user.pw_name in g.gr_mem} | {user.pw_gid}
    return st.st_gid in groups and st.st_mode & 0o060 == 0o060


def domain_xml(name, image, virt_type, vnc_password=None, graphics="vnc"):
    """graphics: "vnc" (VGA video) or "spice" (QXL video); vnc_password is either's."""
    passwd = f" passwd={quoteattr(vnc_password)}" if vnc_password else ""
    video = "qxl" if graphics == "spice" else "vga"
    emulator = "/usr/bin/qemu-system-x86_64"
    return f"""<domain type='{virt_type}'>
  <name>{name}</name>
  <memory unit='MiB'>32</memory>
  <currentMemory unit='MiB'>32</currentMemory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>{emulator}</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='{image}'/>
      <target dev='hda' bus='ide'/>
    </disk>
    <graphics type='{graphics}' autoport='yes' listen='127.0.0.1'{passwd}>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video><model type='{video}'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
"""


def serial_domain_xml(name, image, virt_type):
    """A guest with no display and no video: a serial port on a pty, and its console."""
    emulator = "/usr/bin/qemu-system-x86_64"
    return f"""<domain type='{virt_type}'>
  <name>{name}</name>
  <memory unit='MiB'>32</memory>
  <currentMemory unit='MiB'>32</currentMemory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>{emulator}</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='{image}'/>
      <target dev='hda' bus='ide'/>
    </disk>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <video><model type='none'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
"""


def define_serial_guest(name):
    """Define (shut off) a serial-only boot-sector guest (bootsector.build_serial); its name."""
    full = name if name.startswith(PREFIX) else PREFIX + name
    os.makedirs(IMAGE_DIR, mode=0o755, exist_ok=True)
    os.chmod(IMAGE_DIR, 0o755)
    image = os.path.join(IMAGE_DIR, full + ".img")
    bootsector.write_serial_image(image)
    os.chmod(image, 0o644)
    virt_type = "kvm" if kvm_usable() else "qemu"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(serial_domain_xml(full, image, virt_type))
    try:
        virsh("define", f.name)
    finally:
        os.unlink(f.name)
    return full


def define_guest(name, busy=False, vnc_password=None, start=False, graphics="vnc"):
    """Write a boot-sector image and define domain vimana-test-<name>; return the full name."""
    full = name if name.startswith(PREFIX) else PREFIX + name
    os.makedirs(IMAGE_DIR, mode=0o755, exist_ok=True)
    os.chmod(IMAGE_DIR, 0o755)
    image = os.path.join(IMAGE_DIR, full + ".img")
    bootsector.write_image(image, busy=busy)
    os.chmod(image, 0o644)
    virt_type = "kvm" if kvm_usable() else "qemu"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(domain_xml(full, image, virt_type, vnc_password, graphics))
    try:
        virsh("define", f.name)
    finally:
        os.unlink(f.name)
    if start:
        virsh("start", full)
    return full


# VIMANA_TEST_SPARE="vimana-test-hw-,vimana-test-nv-": guests (and images) cleanup() leaves
# alone, for a developer running one test while other tests use the same libvirtd.
SPARE = tuple(p for p in os.environ.get("VIMANA_TEST_SPARE", "").split(",") if p)


def _ours(name):
    return name.startswith(PREFIX) and not (SPARE and name.startswith(SPARE))


def test_domains():
    out = virsh("list", "--all", "--name", check=False)
    return [n for n in out.split() if _ours(n)]


def cleanup():
    """Destroy and undefine every vimana-test-* domain and remove their images."""
    for name in test_domains():
        virsh("destroy", name, check=False)
        virsh("undefine", "--managed-save", "--snapshots-metadata", name, check=False)
    for img in glob.glob(os.path.join(IMAGE_DIR, PREFIX + "*")):
        if not _ours(os.path.basename(img)):
            continue
        try:
            os.unlink(img)
        except OSError:
            pass


def domstate(name):
    return virsh("domstate", name)


# --------------------------------------------------------------------------- waiting

def wait_for(predicate, timeout=5.0, what="condition", interval=0.05, fatal=()):
    """Poll predicate() every `interval` s until it returns something truthy; return that.

    This waits on a condition; it is not a timing assertion. On timeout raise
    TimeoutError naming `what` and the last value/exception seen. An exception of a type
    in `fatal` ends the wait at once (e.g. AssertionError: the app reported a failure)."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
            last = repr(value)
        except fatal:
            raise
        except Exception as e:  # the app may be mid-update; keep polling
            last = f"{type(e).__name__}: {e}"
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.1f} s waiting for {what} (last: {last})")
        time.sleep(interval)


# --------------------------------------------------------------------------- artifacts

def artifact_path(name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    return os.path.join(ARTIFACTS, name)


def screenshot(name):
    """Save the whole X screen to $VIMANA_TEST_ARTIFACTS/<name>.png; return the path or None."""
    if not os.environ.get("DISPLAY"):
        return None
    path = artifact_path(name + ".png")
    res = subprocess.run(["import", "-window", "root", path], capture_output=True, text=True,
                         timeout=30)
    if res.returncode != 0:
        log(f"screenshot failed: {res.stderr.strip()}")
        return None
    log(f"screenshot: {path}")
    return path


def guest_screenshot(name, out_name=None):
    """`virsh screenshot` of a running guest, converted to PNG; return the path."""
    ppm = artifact_path((out_name or name) + ".ppm")
    virsh("screenshot", name, ppm)
    png = ppm[:-4] + ".png"
    subprocess.run(["convert", ppm, png], check=True, timeout=30)
    os.unlink(ppm)
    return png


GUEST_COLOURS = {False: (0, 0, 170), True: (170, 0, 0)}  # VGA blue / red (+-12: scaling)


def guest_pixel(name, x=4, y=4):
    """(r, g, b) of one pixel of the guest's screen, via `virsh screenshot`."""
    with tempfile.TemporaryDirectory() as d:
        ppm = os.path.join(d, "s.ppm")
        virsh("screenshot", name, ppm)
        out = subprocess.run(["convert", ppm, "-format", f"%[fx:int(255*p{{{x},{y}}}.r)],"
                              f"%[fx:int(255*p{{{x},{y}}}.g)],%[fx:int(255*p{{{x},{y}}}.b)]",
                              "info:"], capture_output=True, text=True, check=True).stdout
    return tuple(int(v) for v in out.strip().split(","))


def wait_for_banner(name, busy=False, timeout=60.0):
    """Wait until the boot sector has painted the screen (SeaBIOS takes a few seconds)."""
    want = GUEST_COLOURS[busy]

    def shown():
        return all(abs(a - b) <= 12 for a, b in zip(guest_pixel(name), want))
    return wait_for(shown, timeout,
                    f"guest {name} to show its banner (background {want})", interval=0.25)


# --------------------------------------------------------------------------- the app

_procs = []
_config_dirs = []
_launched = 0


def _display_answers():
    try:
        return subprocess.run(["xdpyinfo"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return None


def _wait_for_display():
    """The X server takes a connection before a window is asked of it. Twice the first
    window of a run failed with "cannot open display" seconds after Xvfb said it listened;
    a run that meets that again says so here, with what xdpyinfo saw, instead of later."""
    if _display_answers() is None:  # no xdpyinfo: nothing to ask
        return
    wait_for(_display_answers, 15, f"the X server on {os.environ.get('DISPLAY')} to answer",
             interval=0.2)


def launch_app(*args, env=None):
    """Start $VIMANA_BIN with args, isolated settings, AT-SPI enabled; return the Popen."""
    binary = os.environ.get("VIMANA_BIN")
    if not binary:
        raise Skip("VIMANA_BIN is not set")
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f"VIMANA_BIN={binary} is not executable")
    cfg = tempfile.mkdtemp(prefix="vimana-test-config-")
    _config_dirs.append(cfg)
    e = dict(os.environ)
    e.pop("NO_AT_BRIDGE", None)
    e.pop("GTK_A11Y", None)
    e.update({"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": cfg,
              "XDG_CACHE_HOME": os.path.join(cfg, "cache"),
              "XDG_DATA_HOME": os.path.join(cfg, "data")})
    if env:
        e.update(env)
    _wait_for_display()
    global _launched
    # Named after the test script and numbered across stop_apps(): the artifacts directory
    # is shared by all tests, and a test may launch the app more than once.
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    logf = open(artifact_path(f"{script}-app-{_launched}.log"), "w")
    _launched += 1
    proc = subprocess.Popen([binary, *args], env=e, stdout=logf, stderr=subprocess.STDOUT)
    proc.logfile = logf.name
    _procs.append(proc)
    log(f"launched {binary} {' '.join(args)} (pid {proc.pid}, log {logf.name})")
    return proc


def stop_apps():
    for proc in _procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    _procs.clear()
    for d in _config_dirs:
        shutil.rmtree(d, ignore_errors=True)
    _config_dirs.clear()


def _pyatspi():
    import pyatspi
    return pyatspi


def find_app(name="vimana", timeout=20.0, pid=None):
    """Wait for the application's AT-SPI root (matched by name, case-insensitive, or pid)."""
    pyatspi = _pyatspi()

    def look():
        for proc in _procs:
            if proc.poll() is not None:
                raise RuntimeError(f"app exited with {proc.returncode}; see {proc.logfile}")
        try:
            apps = list(pyatspi.Registry.getDesktop(0))
        except Exception:  # registry not up yet
            return None
        for app in apps:
            if app is None:
                continue
            try:
                if (pid is not None and app.get_process_id() == pid) or \
                        (name and (app.name or "").lower() == name.lower()):
                    return app
            except Exception:
                continue
        return None

    deadline = time.monotonic() + timeout
    while True:
        app = look()
        if app:
            return app
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.1f} s waiting for app '{name}' on AT-SPI")
        time.sleep(0.1)


def _role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return None


def _matches(acc, role_name, name):
    if role_name is not None and _role(acc) != role_name:
        return False
    if name is not None:
        try:
            if acc.name != name:
                return False
        except Exception:
            return False
    return True


def find_all(root, role=None, name=None, max_depth=40):
    """All descendants of root (root included) with the given role name and/or name.

    The cells of tables are only visited when looking for role 'table cell' or
    'table column header' (a table of 1,000 rows would make every search slow)."""
    out = []
    into_tables = role in ("table cell", "table column header")

    def walk(acc, depth):
        if acc is None or depth > max_depth:
            return
        if _matches(acc, role, name):
            out.append(acc)
        if not into_tables and _role(acc) in ("table", "tree table", "tree"):
            return
        try:
            children = list(acc)
        except Exception:
            return
        for child in children:
            walk(child, depth + 1)

    walk(root, 0)
    return out


def find(root, role=None, name=None, timeout=0):
    """First descendant matching role/name; with timeout > 0 wait for it. None if absent."""
    if timeout <= 0:
        hits = find_all(root, role, name)
        return hits[0] if hits else None
    return wait_for(lambda: find(root, role, name), timeout,
                    f"accessible role={role!r} name={name!r}")


def table_rows(table):
    """Rows of a table/tree table as lists of cell texts (only the rows currently shown)."""
    try:
        t = table.queryTable()
    except NotImplementedError:
        t = None
    if t is not None:
        rows = []
        for r in range(t.nRows):
            row = []
            for c in range(t.nColumns):
                cell = t.getAccessibleAt(r, c)
                row.append(_cell_text(cell))
            rows.append(row)
        return rows
    # Fallback: children of role 'table cell', grouped by the number of column headers
    cells = [c for c in table if _role(c) == "table cell"]
    ncols = max(1, len([c for c in table if _role(c) == "table column header"]))
    return [[_cell_text(c) for c in cells[i:i + ncols]] for i in range(0, len(cells), ncols)]


def _cell_text(cell):
    """Text of a table cell: its name, else its Text, else (a container cell holding e.g. an
    icon and a text renderer in one column) the first of its children that has text."""
    if cell is None:
        return None
    try:
        if cell.name:
            return cell.name
    except Exception:
        pass
    try:
        text = cell.queryText().getText(0, -1)
        if text:
            return text
    except Exception:
        pass
    try:
        for child in cell:
            text = _cell_text(child)
            if text:
                return text
    except Exception:
        pass
    return ""


def find_row(table, text, column=0):
    """Index of the first row whose cell in `column` equals text, else None."""
    for i, row in enumerate(table_rows(table)):
        if len(row) > column and row[column] == text:
            return i
    return None


def click(acc, action=0):
    """Activate acc through its Action interface (action 0 = click/activate/press)."""
    acc.queryAction().doAction(action)


def select_row(table, row):
    """Select table row `row` (a shown-row index) through the Table or Selection interface."""
    t = table.queryTable()
    try:
        if t.addRowSelection(row):
            return True
    except Exception:
        pass
    cell = t.getAccessibleAt(row, 0)
    idx = cell.getIndexInParent()
    return table.querySelection().selectChild(idx)


def dump_tree(root, path=None, max_depth=25):
    """Write the accessible tree (role, name, states) to a file in the artifacts dir."""
    path = path or artifact_path("a11y-tree.txt")
    pyatspi = _pyatspi()
    with open(path, "w") as f:
        def walk(acc, depth):
            if acc is None or depth > max_depth:
                return
            try:
                states = [pyatspi.stateToString(s) for s in acc.getState().getStates()]
                f.write(f"{'  ' * depth}[{_role(acc)}] {acc.name!r} {' '.join(states)}\n")
                if _role(acc) in ("table", "tree table") and acc.childCount > 200:
                    f.write(f"{'  ' * (depth + 1)}... {acc.childCount} children\n")
                    return
                for child in acc:
                    walk(child, depth + 1)
            except Exception as e:
                f.write(f"{'  ' * depth}<error {e}>\n")
        walk(root, 0)
    return path


# --------------------------------------------------------------------------- running a test

def run(test, needs_libvirt=True, needs_display=True):
    """Run test() with setup checks, artifacts on failure and cleanup; exit 0/1/77."""
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    status = 0

    def on_term(signum, frame):  # meson's timeout sends SIGTERM: still clean up
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_term)
    try:
        if needs_display:
            require_display()
        if needs_libvirt:
            require_libvirt()
            cleanup()
        test()
        log(f"{name}: PASS")
    except Skip as e:
        log(f"{name}: SKIP: {e}")
        status = SKIP
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        log(f"{name}: FAIL")
        screenshot(f"{name}-failure")
        status = 1
        try:
            for app in _pyatspi().Registry.getDesktop(0):
                if app is not None and any(p.pid == app.get_process_id() for p in _procs):
                    log(f"accessible tree: {dump_tree(app, artifact_path(name + '-a11y.txt'))}")
        except Exception as e:
            log(f"could not dump accessible tree: {e}")
    finally:
        stop_apps()
        if needs_libvirt:
            try:
                cleanup()
            except Exception as e:
                log(f"cleanup failed: {e}")
                status = status or 1
    sys.stdout.flush()
    os._exit(status)


atexit.register(stop_apps)
