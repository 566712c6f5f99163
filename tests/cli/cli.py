"""cli.py — harness for dbgctl's integration tests: start the real dbgd in a temporary
state dir, run build/bin/dbgctl against it (finding the daemon through the state dir,
as a user would after the README's run command), drive the prompt through a pty.

Python 3 standard library only. Each test_*.py is one CTest entry, run as
    python3 test_x.py --build-dir <build> [unittest args]
(--build-dir falls back to $DBGD_BUILD_DIR).
"""

import argparse
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import unittest

BUILD_DIR = os.environ.get("DBGD_BUILD_DIR")

EXIT_OK, EXIT_RPC, EXIT_USAGE, EXIT_TRANSPORT = 0, 1, 2, 3


# The daemon, the fixtures and nm come from the integration harness, so that dbgctl's
# tests check the same things on teardown: dbgd exits 0 and leaves no process behind.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                "integration"))
import dbgd  # noqa: E402

fixture = dbgd.fixture
nm = dbgd.nm
gdb_break_addrs = dbgd.gdb_break_addrs


def build_dir():
    return dbgd.build_dir()


def free_tcp_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def dbgctl_binary():
    return os.path.join(build_dir(), "bin", "dbgctl")


def dbgd_binary():
    return dbgd.dbgd_binary()


class Daemon(dbgd.Daemon):
    """The real dbgd on a free loopback port (or a unix socket) in a temporary state
    dir (dbgd.Daemon); dbgctl finds it through the state dir, as a user would."""

    def __init__(self, listen="127.0.0.1:0", extra_args=()):
        if not os.access(dbgd_binary(), os.X_OK):
            raise unittest.SkipTest("dbgd not built (%s)" % dbgd_binary())
        super().__init__(extra_args, listen="unix" if listen == "unix" else "tcp")
        self.dir = self.tmp

    def read_log(self):
        return self.stderr()

    def env(self, **extra):
        """Environment for dbgctl: it finds this daemon through the state dir only."""
        env = dict(os.environ)
        for k in ("DBGD_URL", "DBGD_TOKEN", "XDG_RUNTIME_DIR"):
            env.pop(k, None)
        env["DBGD_STATE_DIR"] = self.state_dir
        env.update(extra)
        return env


class Result:
    def __init__(self, cp):
        self.rc = cp.returncode
        self.out = cp.stdout
        self.err = cp.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "rc=%d\nstdout:\n%s\nstderr:\n%s" % (self.rc, self.out, self.err)


class CliTestCase(unittest.TestCase):
    """One daemon per test class; self.ctl(...) runs dbgctl against it."""

    listen = "127.0.0.1:0"
    daemon_args = ()

    @classmethod
    def setUpClass(cls):
        if not os.access(dbgctl_binary(), os.X_OK):
            raise RuntimeError("dbgctl not built (%s)" % dbgctl_binary())
        cls.daemon = Daemon(cls.listen, cls.daemon_args)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def ctl(self, *args, input=None, env=None, timeout=30):
        cp = subprocess.run([dbgctl_binary()] + [str(a) for a in args], input=input,
                            capture_output=True, text=True, timeout=timeout,
                            env=env if env is not None else self.daemon.env())
        return Result(cp)

    def ok(self, *args, **kw):
        r = self.ctl(*args, **kw)
        self.assertEqual(r.rc, EXIT_OK, r)
        self.assertEqual(r.err, "", r)
        return r

    def okjson(self, *args, **kw):
        return self.ok("--json", *args, **kw).json()

    def spawn(self, prog, *args):
        """Spawn a fixture; returns (session id, status)."""
        st = self.okjson("spawn", fixture(prog), *args)
        self.addCleanup(self.ctl, "close", st["session"])
        return st["session"], st


class Pty:
    """dbgctl on a pseudo-terminal (its controlling terminal, so ^C is SIGINT)."""

    def __init__(self, args, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execve(dbgctl_binary(), [dbgctl_binary()] + [str(a) for a in args], env)
            finally:
                os._exit(127)
        self.buf = ""
        self.status = None

    def send(self, text):
        os.write(self.fd, text.encode())

    def sendline(self, line):
        self.send(line + "\r")

    def _read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return None
        if not data:
            return None
        self.buf += data.decode(errors="replace").replace("\r\n", "\n")
        return True

    def expect(self, pattern, timeout=20):
        """Wait for pattern in the output since the last match; returns the match and
        consumes the output up to its end."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0 or self._read(left) is None:
                m = rx.search(self.buf)
                if m:
                    self.buf = self.buf[m.end():]
                    return m
                raise AssertionError("timed out waiting for %r; output:\n%s" %
                                     (pattern, self.buf))

    def wait(self, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                return os.waitstatus_to_exitcode(status)
            self._read(0.05)
        raise AssertionError("dbgctl did not exit; output:\n%s" % self.buf)

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass


def main():
    global BUILD_DIR
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--build-dir")
    opts, rest = ap.parse_known_args()
    if opts.build_dir:
        BUILD_DIR = os.path.abspath(opts.build_dir)
    dbgd.BUILD_DIR = BUILD_DIR
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
