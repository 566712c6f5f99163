"""dbgd.py — the integration test harness: start the real dbgd, talk JSON-RPC over real
HTTP, and check on teardown that dbgd exits 0 and leaves no process behind.

Python 3 standard library only. Each test_*.py file is one CTest entry and runs as
    python3 test_x.py --build-dir <build> [unittest args]
(--build-dir falls back to $DBGD_BUILD_DIR). Fixture programs are in <build>/fixtures,
the daemon is <build>/bin/dbgd.
"""

import argparse
import base64
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

BUILD_DIR = os.environ.get("DBGD_BUILD_DIR")

# Error codes of the contract.
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
NO_SESSION = -32001
RUNNING = -32002
GONE = -32003
MEMORY = -32004
SPAWN = -32005
BAD_ADDRESS = -32006
LIMIT = -32007
NO_BREAKPOINT = -32008
STATE = -32009
SYSTEM = -32010
NO_SYMBOL = -32011
UNSUPPORTED = -32012
ATTACH = -32013

HEX_RE = re.compile(r"^0x(0|[1-9a-f][0-9a-f]*)$")


def build_dir():
    if not BUILD_DIR:
        raise RuntimeError("no build dir: pass --build-dir or set DBGD_BUILD_DIR")
    return BUILD_DIR


def dbgd_binary():
    return os.path.join(build_dir(), "bin", "dbgd")


def fixture(name):
    path = os.path.join(build_dir(), "fixtures", name)
    if not os.access(path, os.X_OK):
        raise RuntimeError("fixture %s not built (%s)" % (name, path))
    return path


def hexint(s):
    """Parse a contract hex string ("0x1a2b") strictly."""
    if not isinstance(s, str) or not HEX_RE.match(s):
        raise AssertionError("not a contract hex string: %r" % (s,))
    return int(s, 16)


def hexstr(v):
    return "0x%x" % v


# --- static facts about fixture binaries (the oracle side: nm, objdump) -------------

_nm_cache = {}


def nm_symbols(path):
    """{name: (address, size)} of the defined symbols of an ELF file, from nm."""
    if path not in _nm_cache:
        out = subprocess.run(["nm", "-S", "--defined-only", path], check=True,
                             capture_output=True, text=True).stdout
        syms = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 4:
                addr, size, _, name = parts
                syms[name] = (int(addr, 16), int(size, 16))
            elif len(parts) == 3:
                addr, _, name = parts
                syms.setdefault(name, (int(addr, 16), 0))
        _nm_cache[path] = syms
    return _nm_cache[path]


def nm(path, name):
    """Address of symbol name in the ELF file (a link-time address; for a PIE an offset)."""
    return nm_symbols(path)[name][0]


def read_response(s, timeout=10):
    """Read one HTTP response from socket s: (status, {header: [values]}, body), or None
    when the server closed the connection without answering."""
    s.settimeout(timeout)
    data = b""
    while True:
        try:
            b = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            b = b""
        if not b:
            break
        data += b
        if b"\r\n\r\n" in data:
            head, _, rest = data.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
            if (m and len(rest) >= int(m.group(1))) or head.startswith(b"HTTP/1.1 204"):
                break
    if not data:
        return None
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for l in lines[1:]:
        if ":" in l:
            k, v = l.split(":", 1)
            headers.setdefault(k.strip().lower(), []).append(v.strip())
    return int(lines[0].split()[1]), headers, rest


def gdb_values(path, args, env, commands, timeout=120):
    """gdb in batch mode on path with args and exactly env (as a dbgd spawn with
    env_clear: no shell, no address randomisation), running commands (a list of lines);
    the values of every `p/x` it printed, as ints, in order."""
    script = ["set pagination off", "set confirm off", "set startup-with-shell off",
              "set disable-randomization on", "unset environment"]
    script += ["set environment %s %s" % kv for kv in env.items()]
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write("\n".join(script + commands) + "\n")
        f.flush()
        out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, "--args", path, *args],
                             capture_output=True, text=True, timeout=timeout).stdout
    return [int(x, 16) for x in re.findall(r"\$\d+ = (0x[0-9a-f]+)$", out, re.M)]


def gdb_break_addrs(path, specs):
    """The address gdb puts `break SPEC` at for each spec (its first location), without
    running path (a non-PIE program's addresses are final); None where gdb has none."""
    cmds = []
    for spec in specs:
        cmds += ["-ex", "echo @@\\n", "-ex", "break " + spec]
    out = subprocess.run(["gdb", "-batch", "-nx"] + cmds + [path], capture_output=True,
                         text=True, timeout=120).stdout
    res = []
    for chunk in out.split("@@\n")[1:]:
        m = re.search(r"^Breakpoint \d+ at (0x[0-9a-f]+)", chunk, re.M)
        res.append(int(m.group(1), 16) if m else None)
    return res


def gdb_linespecs(path, specs, skip_plt=False):
    """gdb's places for `break SPEC` at main (the libraries loaded), for each spec: the
    sorted addresses of its locations (None where it has no code). skip_plt leaves PLT
    stubs out (gdb lists libstdc++'s own operator new@plt as a location of `operator
    new`; dbgd does not)."""
    argv = ["gdb", "-batch", "-nx", "-ex", "set breakpoint pending off", "-ex",
            "set startup-with-shell off", "-ex", "break main", "-ex", "run", "-ex", "delete"]
    for spec in specs:  # -ex, unlike a script, goes on after an error
        argv += ["-ex", "echo @@\\n", "-ex", "break " + spec, "-ex", "info breakpoints",
                 "-ex", "delete"]
    out = subprocess.run(argv + [path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=120).stdout
    answers = out.split("@@\n")[1:]
    if len(answers) != len(specs):
        raise AssertionError("gdb's answers do not match the specs:\n" + out)
    places = []
    for a in answers:
        # "N breakpoint keep y 0x..." for one location, "N.M y 0x..." for each of several
        addrs = [int(x, 16) for x, what in re.findall(
            r"^\d+(?:\.\d+)?\s+(?:breakpoint\s+keep\s+)?y\s+(0x[0-9a-f]+)(.*)$", a, re.M)
            if not (skip_plt and "@plt" in what)]
        # (gdb may list one address twice: two of its locations moved to one prologue end)
        places.append(sorted(set(addrs)) or None)
    return places


def parse_gdb_vars(out, errors=False):
    """gdb's output of "echo @@args", "info args", "echo @@locals", "info locals" per
    frame, then "echo @@print NAME", "print NAME" per name: per frame (args, locals) as
    lists of (name, value), and {name: value} of the prints. errors: a print gdb refused
    has its message as its value (else it is left out)."""
    frames, prints, cur = [], {}, None
    for line in out.splitlines():
        if line == "@@args":
            frames.append(([], []))
            cur = frames[-1][0]
        elif line == "@@locals":
            cur = frames[-1][1]
        elif line.startswith("@@print "):
            cur = line[8:]
        elif isinstance(cur, list):
            m = re.match(r"^(\w+) = (.*)$", line)
            if m:
                cur.append((m.group(1), m.group(2)))
        elif isinstance(cur, str):
            m = re.match(r"^\$\d+ = (.*)$", line)
            if m or errors:
                prints[cur] = m.group(1) if m else line
    return frames, prints


def objdump_function(path, func, *options):
    """[(address, instruction text)] of function func in path, from objdump -d (plus
    options, e.g. "-M", "intel"); [] when path has no such function."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", *options, path],
                         check=True, capture_output=True, text=True).stdout
    res, inside = [], False
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            inside = m.group(1) == func
            continue
        if inside:
            m = re.match(r"^\s*([0-9a-f]+):\s+(.*)$", line)
            if m:
                res.append((int(m.group(1), 16), m.group(2)))
    return res


def call_sites(path, func, callee):
    """Addresses of the `call <callee>` instructions in func, from objdump."""
    pat = re.compile(r"^call\s+[0-9a-f]+ <%s>" % re.escape(callee))
    return [a for a, text in objdump_function(path, func) if pat.match(text)]


def elf_entry(path):
    out = subprocess.run(["readelf", "-h", path], check=True, capture_output=True,
                         text=True).stdout
    return int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", out).group(1), 16)


# --- /proc helpers -----------------------------------------------------------------

def proc_status(pid):
    """{field: value} from /proc/PID/status, or None when the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            return dict(line.rstrip("\n").split(":\t", 1) for line in f if ":\t" in line)
    except (FileNotFoundError, ProcessLookupError):
        return None


def proc_alive(pid):
    """True while pid exists and is not a zombie (a dead child nobody reaped is gone)."""
    st = proc_status(pid)
    return st is not None and not st.get("State", "").startswith(("Z", "X"))


def proc_children(ppid):
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = proc_status(int(d))
            if st and st.get("PPid") == str(ppid) and proc_alive(int(d)):
                kids.append(int(d))
    return kids


def proc_maps(pid):
    """[(start, end, perms, path)] from /proc/PID/maps."""
    maps = []
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.split(None, 5)
            start, end = (int(x, 16) for x in parts[0].split("-"))
            maps.append((start, end, parts[1], parts[5].strip() if len(parts) > 5 else ""))
    return maps


def load_base(pid, path):
    """Lowest address at which the file path is mapped in pid (a PIE's load base)."""
    real = os.path.realpath(path)
    return min(s for s, e, p, f in proc_maps(pid) if f == real)


def proc_mem_read(pid, addr, length):
    """Read the tracee's memory directly (the oracle for peek). Needs ptrace access."""
    with open("/proc/%d/mem" % pid, "rb", buffering=0) as f:
        f.seek(addr)
        return f.read(length)


def wait_until(pred, timeout, interval=0.02):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() >= deadline:
            return v
        time.sleep(interval)


# --- JSON-RPC client ---------------------------------------------------------------

class RpcError(Exception):
    """A JSON-RPC error response: code, message, data (a dict, or None)."""

    def __init__(self, code, message, data, method=None):
        super().__init__("%s: %s %s %s" % (method, code, message, json.dumps(data)))
        self.code = code
        self.message = message
        self.data = data
        self.method = method


class HttpResult:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "HttpResult(%d, %r)" % (self.status, self.body[:200])


class Client:
    """One keep-alive HTTP connection to dbgd. Not thread-safe: one per thread."""

    def __init__(self, daemon, timeout=20, token=None, host=None):
        self.daemon = daemon
        self.timeout = timeout
        self.token = daemon.token if token is None else token
        self.host = host  # Host header override
        self.conn = None
        self.connects = 0
        self.next_id = 1

    def _connect(self):
        if self.daemon.unix_path:
            self.conn = UnixHTTPConnection(self.daemon.unix_path, self.timeout)
            self.conn.connect()
        else:
            self.conn = http.client.HTTPConnection(self.daemon.host, self.daemon.port,
                                                   timeout=self.timeout)
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connects += 1

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def raw(self, method="POST", path="/rpc", body=b"", headers=None,
            content_type="application/json", auth=True, timeout=None):
        """An arbitrary HTTP request on the keep-alive connection; returns HttpResult.
        Reconnects once (counted in self.connects) when the server closed the connection
        between requests."""
        if isinstance(body, str):
            body = body.encode()
        hdrs = {}
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        if auth and self.token is not None:
            hdrs["Authorization"] = "Bearer " + self.token
        if self.host is not None:
            hdrs["Host"] = self.host
        hdrs.update(headers or {})
        for attempt in (0, 1):
            if self.conn is None:
                self._connect()
            self.conn.sock.settimeout(timeout if timeout is not None else self.timeout)
            try:
                self.conn.request(method, path, body=body if method != "GET" or body else None,
                                  headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                res = HttpResult(resp.status, resp.getheaders(), data)
                if resp.will_close:
                    self.close()
                return res
            except (TimeoutError, http.client.HTTPException) as e:
                if not isinstance(e, http.client.RemoteDisconnected):
                    self.close()  # the connection's state is unknown: never reuse it
                    raise
                self.close()
                if attempt:
                    raise e
            except (BrokenPipeError, ConnectionResetError) as e:
                self.close()
                if attempt:
                    raise e
                # retry once on a fresh connection

    def call(self, payload, timeout=None):
        """POST a JSON value; returns the decoded response (None for a 204)."""
        res = self.raw(body=json.dumps(payload), timeout=timeout)
        if res.status == 204:
            if res.body:
                raise AssertionError("204 with a body: %r" % res.body)
            return None
        if res.status != 200:
            raise AssertionError("HTTP %d: %r" % (res.status, res.body))
        return res.json()

    def rpc(self, method, _timeout=None, **params):
        """Call method with named params; returns the result or raises RpcError."""
        req = {"jsonrpc": "2.0", "method": method, "id": self.next_id}
        self.next_id += 1
        if params:
            req["params"] = params
        resp = self.call(req, timeout=_timeout)
        if not isinstance(resp, dict) or resp.get("jsonrpc") != "2.0" or resp.get("id") != req["id"]:
            raise AssertionError("bad response envelope for %s: %r" % (method, resp))
        if "error" in resp:
            e = resp["error"]
            raise RpcError(e.get("code"), e.get("message"), e.get("data"), method)
        if "result" not in resp:
            raise AssertionError("response without result or error: %r" % (resp,))
        self.daemon.note_result(resp["result"])
        return resp["result"]

    def notify(self, method, **params):
        req = {"jsonrpc": "2.0", "method": method}
        if params:
            req["params"] = params
        return self.raw(body=json.dumps(req))


# --- the daemon ----------------------------------------------------------------------

class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket (the Host header says "localhost")."""

    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Daemon:
    """A real dbgd with a fresh state dir: on 127.0.0.1:<free port> with a random token
    in DBGD_TOKEN by default; listen="unix" for a Unix socket in the temporary
    directory (no token); token=False to let dbgd generate the token (read back from
    the state dir)."""

    def __init__(self, extra_args=(), env=None, start_timeout=10, listen="tcp", token=True):
        self.tmp = tempfile.mkdtemp(prefix="dbgd-it-")
        self.state_dir = os.path.join(self.tmp, "state")
        os.mkdir(self.state_dir, 0o700)
        self.unix_path = None
        if listen == "unix":
            self.unix_path = os.path.join(self.tmp, "dbgd.sock")
            listen_arg = "unix:" + self.unix_path
            token = None
        else:
            listen_arg = "127.0.0.1:0"
        self.token = secrets.token_hex(24) if token is True else None
        self.session_pids = set()
        self.lock = threading.Lock()
        self.stderr_path = os.path.join(self.tmp, "dbgd.stderr")
        e = dict(os.environ if env is None else env)
        e.pop("DBGD_TOKEN", None)
        if self.token:
            e["DBGD_TOKEN"] = self.token
        self.stderr_file = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [dbgd_binary(), "--listen", listen_arg, "--state-dir", self.state_dir,
             *extra_args],
            env=e, stdin=subprocess.DEVNULL, stdout=self.stderr_file, stderr=self.stderr_file)
        self.pid = self.proc.pid
        url_path = os.path.join(self.state_dir, "url")
        deadline = time.monotonic() + start_timeout
        self.url = None
        want = (r"^unix:%s$" % re.escape(self.unix_path) if self.unix_path
                else r"^http://127\.0\.0\.1:([1-9]\d*)$")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("dbgd exited with %s at start: %s"
                                   % (self.proc.returncode, self.stderr()))
            try:
                with open(url_path) as f:
                    url = f.read().strip()
                if re.match(want, url):
                    self.url = url
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.02)
        if not self.url:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError("dbgd wrote no url in %s within %ss: %s"
                               % (url_path, start_timeout, self.stderr()))
        if self.unix_path:
            self.host, self.port = "localhost", None
        else:
            self.host = "127.0.0.1"
            self.port = int(self.url.rsplit(":", 1)[1])
        if token is False:
            with open(os.path.join(self.state_dir, "token")) as f:
                self.token = f.read().strip()

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def client(self, **kw):
        return Client(self, **kw)

    def note_result(self, result):
        """Remember every tracee pid the daemon reported, to check on teardown (not an
        attached process's: it was running before dbgd, and is to outlive it)."""
        items = []
        if isinstance(result, dict):
            items.append(result)
            if isinstance(result.get("sessions"), list):
                items.extend(result["sessions"])
        for it in items:
            if (isinstance(it, dict) and isinstance(it.get("pid"), int) and "session" in it
                    and not it.get("attached")):
                with self.lock:
                    self.session_pids.add(it["pid"])

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=10, sig=signal.SIGTERM):
        """Signal dbgd (SIGTERM); assert it exits 0 and that no child or tracee outlives
        it."""
        problems = []
        if self.proc.poll() is not None:
            problems.append("dbgd died before teardown with status %s" % self.proc.returncode)
            children = []
        else:
            children = proc_children(self.pid)
            self.proc.send_signal(sig)
            name = signal.Signals(sig).name
            try:
                rc = self.proc.wait(timeout)
                if rc != 0:
                    problems.append("dbgd exited with status %d after %s (want 0)" % (rc, name))
            except subprocess.TimeoutExpired:
                problems.append("dbgd did not exit within %ss of %s" % (timeout, name))
                self.proc.kill()
                self.proc.wait()
        with self.lock:
            pids = set(children) | self.session_pids
        wait_until(lambda: not any(proc_alive(p) for p in pids), 5)
        leftover = [p for p in pids if proc_alive(p)]
        if leftover:
            problems.append("processes left behind: %s" % ", ".join(
                "%d (%s)" % (p, (proc_status(p) or {}).get("Name", "?")) for p in leftover))
            for p in leftover:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.stderr_file.close()
        if problems:
            problems.append("dbgd stderr (tail):\n" + self.stderr()[-4000:])
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise AssertionError("; ".join(problems))
        shutil.rmtree(self.tmp, ignore_errors=True)


# --- test base class -----------------------------------------------------------------

class DbgdTestCase(unittest.TestCase):
    """One dbgd per test class, started in setUpClass and checked in tearDownClass."""

    daemon_args = ()
    daemon_kwargs = {}
    client_timeout = 20  # seconds without an answer before a call fails
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(cls.daemon_args, **cls.daemon_kwargs)
        cls.client = cls.daemon.client(timeout=cls.client_timeout)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.daemon.stop()

    def setUp(self):
        self.assertTrue(self.daemon.alive(), "dbgd is not running:\n" + self.daemon.stderr())

    # helpers

    def rpc(self, method, **params):
        return self.client.rpc(method, **params)

    def spawn(self, name, *args, client=None, **kw):
        """Spawn fixture name with args; returns the status and closes it after the test."""
        c = client or self.client
        st = c.rpc("spawn", path=fixture(name), args=[str(a) for a in args], **kw)
        self.addCleanup(self._close_quietly, st["session"])
        return st

    def _close_quietly(self, session):
        try:
            self.client.rpc("close", session=session)
        except RpcError as e:
            if e.code != NO_SESSION:
                raise

    def assertRpcError(self, code, method, client=None, **params):
        c = client or self.client
        with self.assertRaises(RpcError) as cm:
            c.rpc(method, **params)
        e = cm.exception
        self.assertEqual(e.code, code, "%s%r -> %s" % (method, params, e))
        self.assertIsInstance(e.message, str)
        self.assertIsInstance(e.data, dict, "error without data object: %s" % e)
        self.assertIsInstance(e.data.get("detail"), str, "error data without detail: %s" % e)
        return e

    def assertHex(self, s):
        return hexint(s)

    def run_to_signal(self, name, *args, sig="SIGSEGV", **kw):
        """Spawn fixture name and cont until signal sig stops it: (session, status)."""
        st = self.spawn(name, *args, **kw)
        s = st["session"]
        for _ in range(10):
            st = self.rpc("cont", session=s)
            self.assertEqual(st["state"], "stopped", st)
            if st["stop"]["reason"] == "signal" and st["stop"]["signal"]["name"] == sig:
                return s, st
        self.fail("no %s" % sig)

    def assertStopped(self, st, reason=None):
        self.assertEqual(st.get("state"), "stopped", st)
        self.assertIn("stop", st, st)
        if reason is not None:
            self.assertEqual(st["stop"].get("reason"), reason, st)
        return st["stop"]

    def assertExited(self, st, code=0):
        self.assertEqual(st.get("state"), "exited", st)
        self.assertEqual(st.get("exit_code"), code, st)
        self.assertNotIn("stop", st, st)

    def assertKilled(self, st, signame, number):
        self.assertEqual(st.get("state"), "killed", st)
        self.assertEqual(st.get("signal", {}).get("name"), signame, st)
        self.assertEqual(st.get("signal", {}).get("number"), number, st)
        self.assertIsInstance(st.get("core_dumped"), bool, st)
        self.assertNotIn("stop", st, st)

    def output(self, session, stream="stdout", client=None):
        c = client or self.client
        return c.rpc("output", session=session, stream=stream)["text"]

    def cont_to_end(self, session, limit=100, client=None):
        """cont until the process ends; returns the final status."""
        c = client or self.client
        for _ in range(limit):
            st = c.rpc("cont", session=session)
            if st["state"] in ("exited", "killed"):
                return st
        self.fail("session %d did not end after %d conts" % (session, limit))


def main():
    global BUILD_DIR
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--build-dir")
    args, rest = p.parse_known_args()
    if args.build_dir:
        BUILD_DIR = os.path.abspath(args.build_dir)
    sys.dont_write_bytecode = True
    unittest.main(module="__main__", argv=[sys.argv[0]] + rest, verbosity=2)
