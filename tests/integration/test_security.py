"""Security: each defence of docs/security.md, attacked and seen to hold.

Transports (Unix socket with SO_PEERCRED, remote TCP refused unless allowed and then
TLS-only), browser attacks (DNS rebinding, cross-site requests, CORS only for configured
origins, form posts, duplicate headers sent on a raw socket), slow clients, and every
configurable limit answering a clear error.
"""

import json
import os
import re
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import tempfile
import time
import unittest

import dbgd
from dbgd import LIMIT, DbgdTestCase, RpcError, fixture, read_response

CALL = {"jsonrpc": "2.0", "method": "sessions", "id": 1}
CALL_BYTES = json.dumps(CALL).encode()
ORIGIN = "https://ide.example"


def raw_request(daemon, head, body=b"", timeout=10):
    s = socket.create_connection((daemon.host, daemon.port), timeout=timeout)
    try:
        s.sendall(head + body)
        return read_response(s, timeout)
    finally:
        s.close()


def start_dbgd(args, env_extra=None, expect_fail=False, timeout=10):
    """A dbgd with arbitrary listen arguments: (proc, tmpdir, url, stderr_path)."""
    tmp = tempfile.mkdtemp(prefix="dbgd-sec-")
    state = os.path.join(tmp, "state")
    os.mkdir(state, 0o700)
    env = dict(os.environ)
    env.pop("DBGD_TOKEN", None)
    env.update(env_extra or {})
    errp = os.path.join(tmp, "stderr")
    errf = open(errp, "wb")
    proc = subprocess.Popen([dbgd.dbgd_binary(), "--state-dir", state, *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=errf, stderr=errf)
    errf.close()
    if expect_fail:
        rc = proc.wait(timeout)
        with open(errp) as f:
            err = f.read()
        shutil.rmtree(tmp, ignore_errors=True)
        return rc, err
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            with open(errp) as f:
                raise AssertionError("dbgd exited %s: %s" % (proc.returncode, f.read()))
        try:
            with open(os.path.join(state, "url")) as f:
                url = f.read().strip()
            if url and not url.endswith(":0"):
                return proc, tmp, url, errp
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("dbgd did not start")


def stop_dbgd(proc, tmp):
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(10)
    shutil.rmtree(tmp, ignore_errors=True)
    return rc


def unix_call(path, body=CALL_BYTES, extra=b""):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    try:
        s.sendall(b"POST /rpc HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n%s\r\n%s"
                  % (len(body), extra, body))
        return read_response(s)
    finally:
        s.close()


def seconds_to_close(s, timeout):
    """How long until the daemon closes (or resets) socket s, which sends nothing more;
    fails if it answers bytes instead. Closes s."""
    s.settimeout(timeout)
    t0 = time.monotonic()
    try:
        data = s.recv(10)
        assert data == b"", data
    except ConnectionResetError:
        pass
    finally:
        s.close()
    return time.monotonic() - t0


class TestBrowserAttacks(DbgdTestCase):
    daemon_args = ("--allow-origin", ORIGIN)
    client_timeout = 10

    def head(self, extra="", host=None, auth=True, ctype="application/json", length=None,
             method="POST"):
        h = "%s /rpc HTTP/1.1\r\n" % method
        if host is not False:
            h += "Host: %s\r\n" % (host or "127.0.0.1:%d" % self.daemon.port)
        if ctype:
            h += "Content-Type: %s\r\n" % ctype
        if auth:
            h += "Authorization: Bearer %s\r\n" % self.daemon.token
        if length is not None:
            h += "Content-Length: %d\r\n" % length
        return (h + extra + "Connection: close\r\n\r\n").encode()

    def test_dns_rebinding_host_refused(self):
        for host in ["evil.example:%d" % self.daemon.port, "evil.example",
                     "127.0.0.1.evil.example:%d" % self.daemon.port]:
            with self.subTest(host=host):
                st, _, _ = raw_request(self.daemon, self.head(host=host, length=len(CALL_BYTES)),
                                       CALL_BYTES)
                self.assertEqual(st, 403)

    def test_missing_host_refused(self):
        st, _, _ = raw_request(self.daemon, self.head(host=False, length=len(CALL_BYTES)),
                               CALL_BYTES)
        self.assertEqual(st, 400)

    def test_cross_site_origin_refused_without_cors(self):
        for origin in ["http://evil.example", "null", "https://ide.example.evil.example",
                       "http://127.0.0.1:%d.evil.example" % self.daemon.port]:
            with self.subTest(origin=origin):
                st, hdrs, _ = raw_request(
                    self.daemon, self.head("Origin: %s\r\n" % origin, length=len(CALL_BYTES)),
                    CALL_BYTES)
                self.assertEqual(st, 403)
                self.assertNotIn("access-control-allow-origin", hdrs)

    def test_own_origin_accepted_without_cors(self):
        origin = "http://127.0.0.1:%d" % self.daemon.port
        st, hdrs, body = raw_request(
            self.daemon, self.head("Origin: %s\r\n" % origin, length=len(CALL_BYTES)), CALL_BYTES)
        self.assertEqual(st, 200)
        self.assertNotIn("access-control-allow-origin", hdrs)

    def test_configured_origin_gets_cors(self):
        st, hdrs, body = raw_request(
            self.daemon, self.head("Origin: %s\r\n" % ORIGIN, length=len(CALL_BYTES)), CALL_BYTES)
        self.assertEqual(st, 200)
        self.assertEqual(hdrs.get("access-control-allow-origin"), [ORIGIN])
        self.assertEqual(json.loads(body)["id"], 1)

    def test_preflight(self):
        pre = ("Origin: %s\r\nAccess-Control-Request-Method: POST\r\n"
               "Access-Control-Request-Headers: authorization, content-type\r\n")
        st, hdrs, _ = raw_request(self.daemon, self.head(pre % ORIGIN, auth=False, ctype=None,
                                                         method="OPTIONS"))
        self.assertEqual(st, 204)
        self.assertEqual(hdrs.get("access-control-allow-origin"), [ORIGIN])
        self.assertIn("POST", hdrs.get("access-control-allow-methods")[0])
        self.assertIn("Authorization", hdrs.get("access-control-allow-headers")[0])
        st, hdrs, _ = raw_request(self.daemon, self.head(pre % "http://evil.example", auth=False,
                                                         ctype=None, method="OPTIONS"))
        self.assertEqual(st, 403)
        self.assertNotIn("access-control-allow-origin", hdrs)
        st, hdrs, _ = raw_request(self.daemon, self.head(auth=False, ctype=None,
                                                         method="OPTIONS"))
        self.assertEqual(st, 405)

    def test_form_post_refused(self):
        # What a cross-site <form> can send without a preflight.
        for ct in ["text/plain", "application/x-www-form-urlencoded",
                   "multipart/form-data; boundary=x", "application/jsonx", None]:
            with self.subTest(ct=ct):
                st, _, _ = raw_request(self.daemon, self.head(ctype=ct, length=len(CALL_BYTES)),
                                       CALL_BYTES)
                self.assertEqual(st, 415)

    def test_duplicate_headers_refused(self):
        # libmicrohttpd keeps both copies of a repeated header (it would use the first
        # Content-Length silently): dbgd counts them and refuses.
        n = len(CALL_BYTES)
        cases = {
            "Host": self.head("Host: evil.example\r\n", length=n),
            "Content-Length": self.head("Content-Length: %d\r\n" % (n + 10), length=n),
            "Content-Length same": self.head("Content-Length: %d\r\n" % n, length=n),
            "Authorization": self.head("Authorization: Bearer x\r\n", length=n),
        }
        for name, head in cases.items():
            with self.subTest(header=name):
                st, _, _ = raw_request(self.daemon, head, CALL_BYTES)
                self.assertEqual(st, 400)

    def test_token_never_logged(self):
        raw_request(self.daemon, self.head("Authorization: Bearer %s\r\n" % ("y" * 40),
                                           auth=False, length=len(CALL_BYTES)), CALL_BYTES)
        self.assertNotIn(self.daemon.token, self.daemon.stderr())

    def test_token_not_inherited(self):
        st = self.client.rpc("spawn", path="/usr/bin/env", stop="none")
        self.addCleanup(self.client.rpc, "close", session=st["session"])
        st = self.client.rpc("wait", session=st["session"])
        self.assertEqual(st["state"], "exited")
        out = self.client.rpc("output", session=st["session"])["text"]
        self.assertIn("PATH=", out)
        self.assertNotIn("DBGD_TOKEN", out)
        self.assertNotIn(self.daemon.token, out)
        self.assertNotIn("NOTIFY_SOCKET", out)


class TestSlowClients(DbgdTestCase):
    daemon_args = ("--conn-timeout", "2", "--max-conns", "16")

    def trickle(self, data, interval):
        s = socket.create_connection((self.daemon.host, self.daemon.port))
        t0 = time.monotonic()
        try:
            for b in data:
                s.sendall(bytes([b]))
                time.sleep(interval)
                if time.monotonic() - t0 > 10:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        closed_after = time.monotonic() - t0
        s.close()
        return closed_after

    def test_slow_headers_cut(self):
        head = ("POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Pad: %s\r\n"
                % (self.daemon.port, "a" * 400)).encode()
        t = self.trickle(head, 0.05)  # one byte per 50 ms: never idle, never done
        self.assertLess(t, 6, "a trickling client lived %.1fs with --conn-timeout 2" % t)
        self.assertEqual(self.client.rpc("sessions"), {"sessions": []})

    def test_slow_body_cut(self):
        body = b" " * 400 + CALL_BYTES
        head = ("POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                "Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n"
                % (self.daemon.port, self.daemon.token, len(body))).encode()
        s = socket.create_connection((self.daemon.host, self.daemon.port))
        s.sendall(head)
        t0 = time.monotonic()
        try:
            for b in body:
                s.sendall(bytes([b]))
                time.sleep(0.05)
                if time.monotonic() - t0 > 10:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        t = time.monotonic() - t0
        s.close()
        self.assertLess(t, 6)

    def test_idle_connection_closed(self):
        s = socket.create_connection((self.daemon.host, self.daemon.port))
        self.assertLess(seconds_to_close(s, 8), 6)

    def test_waiting_cont_not_cut(self):
        # A suspended call has no deadline: a cont waiting 3 s outlives --conn-timeout 2.
        st = self.spawn("blockread")
        t0 = time.monotonic()
        st = self.client.rpc("cont", session=st["session"], timeout=3)
        self.assertEqual(st["state"], "running")
        self.assertGreaterEqual(time.monotonic() - t0, 2.9)

    def test_connection_limit(self):
        # Connections that have shown the token are never cut to make room (see
        # TestIdleFlood for those that have not): 16 of them fill the table.
        socks = []
        for _ in range(16):
            s = socket.create_connection((self.daemon.host, self.daemon.port))
            s.sendall(self._request())
            self.assertEqual(read_response(s, 5)[0], 200)
            socks.append(s)
        time.sleep(0.3)
        extra = socket.create_connection((self.daemon.host, self.daemon.port))
        # Over the limit the connection waits in the kernel's backlog: not served.
        extra.settimeout(0.5)
        extra.sendall(b"POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: "
                      b"application/json\r\nAuthorization: Bearer %s\r\nContent-Length: %d"
                      b"\r\n\r\n%s" % (self.daemon.port, self.daemon.token.encode(),
                                         len(CALL_BYTES), CALL_BYTES))
        with self.assertRaises(socket.timeout):
            extra.recv(10)
        # Once others leave it is served: a daemon that hit the limit accepts again.
        for s in socks:
            s.close()
        st, _, body = read_response(extra, 5)
        self.assertEqual(st, 200)
        extra.close()
        self.assertTrue(self._works())

    def _request(self):
        return (b"POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: "
                b"application/json\r\nAuthorization: Bearer %s\r\nContent-Length: %d"
                b"\r\n\r\n%s" % (self.daemon.port, self.daemon.token.encode(),
                                   len(CALL_BYTES), CALL_BYTES))

    def _works(self):
        try:
            c = self.daemon.client(timeout=2)
            r = c.rpc("sessions")
            c.close()
            return r == {"sessions": []}
        except Exception:
            return False


class TestIdleFlood(DbgdTestCase):
    """Connections that never send a request need no token: before, --max-conns of them
    locked every client out until their --conn-timeout (60 s). Now the oldest one that
    has not sent an authenticated request is cut when the table is full, and such
    connections have --header-timeout, not --conn-timeout."""
    daemon_args = ("--max-conns", "16", "--header-timeout", "30")

    def connect(self):
        return socket.create_connection((self.daemon.host, self.daemon.port))

    def test_idle_flood_does_not_lock_out(self):
        idle = [self.connect() for _ in range(16)]
        time.sleep(0.3)
        t0 = time.monotonic()
        c = self.daemon.client(timeout=10)
        self.assertEqual(c.rpc("sessions"), {"sessions": []})
        t = time.monotonic() - t0
        c.close()
        self.assertLess(t, 1, "a client waited %.1fs behind idle connections" % t)
        # The oldest idle connections were cut (end of file), the newest kept.
        idle[0].settimeout(2)
        self.assertEqual(idle[0].recv(10), b"")
        idle[-1].settimeout(0.3)
        with self.assertRaises(socket.timeout):
            idle[-1].recv(10)
        for s in idle:
            s.close()

    def test_refused_clients_are_not_trusted(self):
        # A connection refused for its token stays cuttable: a flood of 401s does not
        # lock the others out either.
        head = ("POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: "
                "application/json\r\nContent-Length: %d\r\n\r\n"
                % (self.daemon.port, len(CALL_BYTES))).encode()
        socks = []
        for _ in range(16):
            s = self.connect()
            s.sendall(head + CALL_BYTES)
            self.assertEqual(read_response(s, 5)[0], 401)
            socks.append(s)
        t0 = time.monotonic()
        c = self.daemon.client(timeout=10)
        self.assertEqual(c.rpc("sessions"), {"sessions": []})
        c.close()
        self.assertLess(time.monotonic() - t0, 1)
        for s in socks:
            s.close()


class TestHeaderTimeout(DbgdTestCase):
    daemon_args = ("--header-timeout", "1", "--conn-timeout", "60")

    def test_untrusted_cut_at_header_timeout(self):
        for first in [b"", b"POS", b"POST /rpc HTTP/1.1\r\nHost: x"]:
            with self.subTest(first=first):
                # Nothing, the start of a method, or headers that never end: closed
                # after --header-timeout, not --conn-timeout.
                s = socket.create_connection((self.daemon.host, self.daemon.port))
                s.sendall(first)
                self.assertLess(seconds_to_close(s, 10), 3)

    def test_trusted_keeps_conn_timeout(self):
        c = self.daemon.client(timeout=5)
        self.assertEqual(c.rpc("sessions"), {"sessions": []})
        time.sleep(2.5)  # past --header-timeout: an authenticated connection stays
        self.assertEqual(c.rpc("sessions"), {"sessions": []})
        self.assertEqual(c.connects, 1, "the authenticated connection was cut")
        c.close()


class TestLimits(DbgdTestCase):
    daemon_args = ("--max-body", "2000", "--max-batch", "3", "--max-sessions", "2",
                   "--max-mem", "16", "--max-breakpoints", "2", "--output-bytes", "4096")

    def test_body(self):
        res = self.client.raw(body=b" " * 2001)
        self.assertEqual(res.status, 413)
        self.assertEqual(res.json()["error"]["data"]["http_status"], 413)
        chunked = (b"POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json"
                   b"\r\nAuthorization: Bearer %s\r\nTransfer-Encoding: chunked\r\n"
                   b"Connection: close\r\n\r\n" % (self.daemon.port, self.daemon.token.encode()))
        for _ in range(3):
            chunked += b"3e8\r\n" + b" " * 1000 + b"\r\n"
        chunked += b"0\r\n\r\n"
        s = socket.create_connection((self.daemon.host, self.daemon.port))
        s.sendall(chunked)
        st, _, _ = read_response(s)
        s.close()
        self.assertEqual(st, 413)

    def test_batch(self):
        resp = self.client.call([CALL] * 4)
        self.assertIsInstance(resp, dict)
        self.assertEqual(resp["error"]["code"], dbgd.INVALID_REQUEST)
        self.assertIn("3", resp["error"]["data"]["detail"])
        self.assertEqual(len(self.client.call([CALL] * 3)), 3)

    def test_sessions_mem_breakpoints(self):
        a = self.spawn("loop")
        self.spawn("loop")
        e = self.assertRpcError(LIMIT, "spawn", path=fixture("loop"))
        self.assertEqual(e.data.get("limit"), 2)
        pc = a["stop"]["pc"]
        e = self.assertRpcError(LIMIT, "peek", session=a["session"], address=pc, length=17)
        self.assertEqual(self.rpc("peek", session=a["session"], address=pc,
                                  length=16)["length"], 16)
        e = self.assertRpcError(LIMIT, "poke", session=a["session"], address=pc,
                                bytes="00" * 17)
        tick = dbgd.nm(fixture("loop"), "tick")
        self.rpc("break", session=a["session"], address=hex(tick))
        self.rpc("break", session=a["session"], address=hex(tick + 1))
        self.assertRpcError(LIMIT, "break", session=a["session"], address=hex(tick + 4))

    def test_output_buffer(self):
        st = self.client.rpc("spawn", path=fixture("chatty"), args=["2000"], stop="none")
        self.addCleanup(self._close_quietly, st["session"])
        st = self.client.rpc("wait", session=st["session"])
        self.assertEqual(st["state"], "exited")
        out = self.client.rpc("output", session=st["session"])
        self.assertGreater(out["dropped"], 0)
        self.assertLessEqual(len(out["text"]), 4096)


class TestForkBound(unittest.TestCase):
    def test_max_procs_applied(self):
        proc, tmp, url, _ = start_dbgd(["--listen", "127.0.0.1:0", "--max-procs", "77"],
                                       {"DBGD_TOKEN": "t" * 32})
        try:
            d = _Remote(url, "t" * 32)
            st = d.rpc("spawn", path="/bin/cat", args=["/proc/self/limits"], stop="none")
            d.rpc("wait", session=st["session"])
            out = d.rpc("output", session=st["session"])["text"]
            self.assertRegex(out, r"Max processes\s+77\s+77\s")
        finally:
            self.assertEqual(stop_dbgd(proc, tmp), 0)


class _Remote:
    """A minimal client for a daemon started by start_dbgd."""

    def __init__(self, url, token, context=None):
        m = re.match(r"^(https?)://(.+):(\d+)$", url)
        self.scheme, self.host, self.port = m.group(1), m.group(2).strip("[]"), int(m.group(3))
        self.token, self.context = token, context

    def post(self, body=CALL_BYTES, token=True):
        import http.client
        if self.scheme == "https":
            c = http.client.HTTPSConnection(self.host, self.port, timeout=10,
                                            context=self.context)
        else:
            c = http.client.HTTPConnection(self.host, self.port, timeout=10)
        hdrs = {"Content-Type": "application/json"}
        if token:
            hdrs["Authorization"] = "Bearer " + self.token
        c.request("POST", "/rpc", body=body, headers=hdrs)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def rpc(self, method, **params):
        st, data = self.post(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                                         "params": params}).encode())
        resp = json.loads(data)
        if "error" in resp:
            raise RpcError(resp["error"]["code"], resp["error"]["message"],
                           resp["error"].get("data"), method)
        return resp["result"]


class TestUnixSocket(unittest.TestCase):
    def test_default_path_mode_and_peer_check(self):
        rt = tempfile.mkdtemp(prefix="dbgd-rt-")
        os.chmod(rt, 0o700)
        try:
            proc, tmp, url, errp = start_dbgd(["--listen", "unix"], {"XDG_RUNTIME_DIR": rt})
            path = os.path.join(rt, "dbgd", "dbgd.sock")
            self.assertEqual(url, "unix:" + path)
            mode = stat.S_IMODE(os.stat(path).st_mode)
            self.assertEqual(mode, 0o600)
            st, _, body = unix_call(path)  # no token needed
            self.assertEqual(st, 200)
            self.assertEqual(json.loads(body)["result"], {"sessions": []})
            if os.geteuid() == 0:
                # A peer of another uid: the file mode already stops it; open the mode to
                # see SO_PEERCRED stop it too.
                os.chmod(path, 0o666)
                os.chmod(rt, 0o755)
                os.chmod(os.path.dirname(path), 0o755)
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    try:
                        os.setgid(65534)
                        os.setuid(65534)
                        res = unix_call(path)
                        os.write(w, str(res[0] if res else 0).encode())
                    finally:
                        os._exit(0)
                os.close(w)
                os.waitpid(pid, 0)
                self.assertEqual(os.read(r, 10), b"403")
                os.close(r)
            self.assertEqual(stop_dbgd(proc, tmp), 0)
            self.assertFalse(os.path.exists(path), "socket left behind")
        finally:
            shutil.rmtree(rt, ignore_errors=True)

    def test_socket_group(self):
        rt = tempfile.mkdtemp(prefix="dbgd-rt-")
        try:
            path = os.path.join(rt, "s.sock")
            group = "nogroup"
            proc, tmp, url, _ = start_dbgd(["--listen", "unix:" + path, "--socket-group", group])
            st = os.stat(path)
            self.assertEqual(stat.S_IMODE(st.st_mode), 0o660)
            import grp
            self.assertEqual(st.st_gid, grp.getgrnam(group).gr_gid)
            self.assertEqual(unix_call(path)[0], 200)
            self.assertEqual(stop_dbgd(proc, tmp), 0)
        finally:
            shutil.rmtree(rt, ignore_errors=True)

    def test_stale_socket_replaced_other_file_kept(self):
        rt = tempfile.mkdtemp(prefix="dbgd-rt-")
        try:
            path = os.path.join(rt, "f")
            with open(path, "w") as f:
                f.write("precious")
            rc, err = start_dbgd(["--listen", "unix:" + path], expect_fail=True)
            self.assertNotEqual(rc, 0)
            with open(path) as f:
                self.assertEqual(f.read(), "precious")
        finally:
            shutil.rmtree(rt, ignore_errors=True)


class TestRemote(unittest.TestCase):
    def test_non_loopback_refused(self):
        rc, err = start_dbgd(["--listen", "0.0.0.0:0"], expect_fail=True)
        self.assertNotEqual(rc, 0)
        self.assertIn("--allow-remote", err)
        rc, err = start_dbgd(["--listen", "0.0.0.0:0", "--allow-remote"], expect_fail=True)
        self.assertNotEqual(rc, 0)
        self.assertIn("TLS", err)

    @unittest.skipUnless(shutil.which("openssl"), "openssl not installed")
    def test_remote_needs_tls_and_token(self):
        tmp = tempfile.mkdtemp(prefix="dbgd-tls-")
        try:
            cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                            "-addext", "subjectAltName=IP:127.0.0.1"],
                           check=True, capture_output=True)
            token = "r" * 40
            proc, dtmp, url, errp = start_dbgd(
                ["--listen", "0.0.0.0:0", "--allow-remote", "--tls-cert", cert, "--tls-key", key,
                 "--allow-host", "127.0.0.1"], {"DBGD_TOKEN": token})
            try:
                self.assertTrue(url.startswith("https://"), url)
                port = int(url.rsplit(":", 1)[1])
                ctx = ssl.create_default_context(cafile=cert)
                r = _Remote("https://127.0.0.1:%d" % port, token, ctx)
                self.assertEqual(r.post()[0], 200)
                self.assertEqual(r.post(token=False)[0], 401)
                # Plain HTTP to the TLS port gets no JSON-RPC answer.
                plain = _Remote("http://127.0.0.1:%d" % port, token)
                try:
                    st, _ = plain.post()
                    self.assertNotEqual(st, 200)
                except Exception:
                    pass
            finally:
                self.assertEqual(stop_dbgd(proc, dtmp), 0)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class TestSystemd(unittest.TestCase):
    """Socket activation (sd_listen_fds) and Type=notify (READY=1, STOPPING=1), without
    a running systemd: systemd-socket-activate passes the socket, a datagram socket of
    ours stands in for the notification socket."""

    @unittest.skipUnless(shutil.which("systemd-socket-activate"), "no systemd-socket-activate")
    def test_socket_activation_and_notify(self):
        tmp = tempfile.mkdtemp(prefix="dbgd-sd-")
        try:
            path = os.path.join(tmp, "dbgd.sock")
            npath = os.path.join(tmp, "notify")
            ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            ns.bind(npath)
            ns.settimeout(10)
            state = os.path.join(tmp, "state")
            env = dict(os.environ, NOTIFY_SOCKET=npath)
            errf = open(os.path.join(tmp, "stderr"), "wb")
            proc = subprocess.Popen(
                ["systemd-socket-activate", "-l", path, "-E", "NOTIFY_SOCKET",
                 dbgd.dbgd_binary(), "--state-dir", state, "--listen", "127.0.0.1:1"],
                env=env, stdout=errf, stderr=errf)
            errf.close()
            self.assertTrue(dbgd.wait_until(lambda: os.path.exists(path), 5))
            # The first connection starts dbgd on the passed socket (--listen ignored).
            st, _, body = unix_call(path)
            self.assertEqual(st, 200)
            msgs = []
            while "READY=1" not in msgs:
                msgs.append(ns.recv(4096).decode())
            with open(os.path.join(state, "url")) as f:
                self.assertEqual(f.read().strip(), "unix:" + path)
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(10), 0)
            while "STOPPING=1" not in msgs:
                msgs.append(ns.recv(4096).decode())
            ns.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @unittest.skipUnless(shutil.which("systemd-analyze"), "no systemd-analyze")
    def test_units_verify(self):
        build = dbgd.build_dir()
        units = os.path.join(build, "systemd")
        if not os.path.exists(os.path.join(units, "dbgd.service")):
            self.skipTest("units not configured in this build")
        # ExecStart must name an existing binary: verify a copy pointing at this build.
        tmp = tempfile.mkdtemp(prefix="dbgd-units-")
        try:
            for sub in ("", "user"):
                os.makedirs(os.path.join(tmp, sub), exist_ok=True)
                for name in ("dbgd.service", "dbgd.socket"):
                    with open(os.path.join(units, sub, name)) as f:
                        text = f.read()
                    text = re.sub(r"ExecStart=\S*/dbgd", "ExecStart=" + dbgd.dbgd_binary(), text)
                    with open(os.path.join(tmp, sub, name), "w") as f:
                        f.write(text)
            env = dict(os.environ, XDG_RUNTIME_DIR=tmp, SYSTEMD_LOG_LEVEL="warning")
            for sub, extra in (("", []), ("user", ["--user"])):
                d = os.path.join(tmp, sub)
                r = subprocess.run(["systemd-analyze", *extra, "verify", "--man=no",
                                    os.path.join(d, "dbgd.socket"),
                                    os.path.join(d, "dbgd.service")],
                                   capture_output=True, text=True, env=env, cwd=d)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertNotIn("dbgd.service:", r.stderr, r.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    dbgd.main()
