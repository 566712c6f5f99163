"""The page dbgd serves (clients/web/): GET / and /app.js, without the token (they hold
no secret) but with the Host check, and with headers that keep the page to itself.
The script is checked against the daemon: every method it calls exists
(rpc.discover), with the parameters it passes; every element it looks up is in the
page. Its calls are the API's, tested elsewhere."""

import http.client
import os
import re
import shutil
import subprocess

import dbgd
from dbgd import DbgdTestCase

WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "web")


class TestWeb(DbgdTestCase):
    def get(self, path, host=None, method="GET"):
        c = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=10)
        c.putrequest(method, path, skip_host=True)
        c.putheader("Host", host or "127.0.0.1:%d" % self.daemon.port)
        c.endheaders()
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body

    def test_the_page_and_its_script(self):
        for path, ctype, src in (("/", "text/html", "index.html"),
                                 ("/index.html", "text/html", "index.html"),
                                 ("/app.js", "text/javascript", "app.js")):
            with self.subTest(path=path):
                st, h, body = self.get(path)
                self.assertEqual(st, 200)
                self.assertTrue(h["content-type"].startswith(ctype), h)
                with open(os.path.join(WEB, src), "rb") as f:
                    self.assertEqual(body, f.read())
                self.assertIn("default-src 'none'", h["content-security-policy"])
                self.assertIn("frame-ancestors 'none'", h["content-security-policy"])
                self.assertEqual(h["x-content-type-options"], "nosniff")
                self.assertEqual(h["x-frame-options"], "DENY")
                self.assertNotIn(self.daemon.token.encode(), body)  # no secret in it
        st, h, body = self.get("/")
        self.assertIn(b'<script src="/app.js">', body)

    def test_refusals(self):
        st, _, _ = self.get("/", host="evil.example:%d" % self.daemon.port)
        self.assertEqual(st, 403)  # DNS rebinding: as for the API
        st, h, _ = self.get("/", method="POST")
        self.assertEqual((st, h.get("allow")), (405, "GET"))
        st, _, _ = self.get("/app.js", method="DELETE")
        self.assertEqual(st, 405)
        st, _, _ = self.get("/nope.js")
        self.assertEqual(st, 404)
        st, _, _ = self.get("/rpc")  # the API stays POST only, with its token
        self.assertEqual(st, 405)

    def test_the_script_calls_what_the_daemon_has(self):
        with open(os.path.join(WEB, "app.js")) as f:
            js = f.read()
        with open(os.path.join(WEB, "index.html")) as f:
            html = f.read()
        doc = self.rpc("rpc.discover")
        methods = {m["name"]: {p["name"] for p in m["params"]} for m in doc["methods"]}
        calls = re.findall(r'rpc\("([\w.]+)"(?:, (?:sparams\()?\{([^}]*)\})?', js)
        self.assertGreater(len(calls), 15)
        for name, params in calls:
            with self.subTest(method=name):
                self.assertIn(name, methods)
                for p in re.findall(r"(\w+):", params):
                    self.assertIn(p, methods[name] | {"session"})
        ids = set(re.findall(r'id="([\w-]+)"', html))
        used = set(re.findall(r'\$\("([\w-]+)"\)', js)) | set(
            re.findall(r'(?:row|text)\("([\w-]+)"', js))
        self.assertEqual(used - ids, set())
        if shutil.which("node"):  # where node is: the script at least parses
            subprocess.run(["node", "--check", os.path.join(WEB, "app.js")], check=True)

    def test_the_page_in_a_dom(self):
        # Where node and jsdom are (scripts/test.sh installs them: `npm install` in
        # tests/web): the page, as a user drives it, against this daemon
        # (tests/web/smoke.js). Without them the script's calls are checked above.
        smoke = os.path.join(WEB, "..", "..", "tests", "web")
        if not shutil.which("node") or not os.path.isdir(os.path.join(smoke, "node_modules",
                                                                       "jsdom")):
            self.skipTest("node and jsdom are not installed (tests/web: npm install jsdom)")
        r = subprocess.run(["node", "smoke.js", self.daemon.url, self.daemon.token,
                            dbgd.fixture("vars"), dbgd.fixture("loop"),
                            dbgd.fixture("mthreads"), dbgd.fixture("watched")], cwd=smoke,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("STOP: breakpoint at", r.stdout)
        self.assertIn("PRINT: pp->x = 3", r.stdout)
        self.assertIn("END: exited with code 0", r.stdout)
        # syscalls in strace's words: a stop line's, then the traced write's event
        self.assertRegex(r.stdout, r"SYSCALL: syscall-exit at 0x[0-9a-f]+ in .*: \w+\(.*\) = ")
        self.assertIn('syscall-exit write(1, "sum=2\\n", 6) = 6', r.stdout)
        # the source pane: the lines of vars.c, as the file has them, the stop's marked
        with open(os.path.join(WEB, "..", "..", "tests", "fixtures", "vars.c")) as f:
            src = f.read().split("\n")
        for tag in ("SRC", "SRCHIT"):
            m = re.search(r"^%s: (\d+)\t(.*)$" % tag, r.stdout, re.M)
            self.assertTrue(m, r.stdout)
            self.assertEqual(m.group(2), src[int(m.group(1)) - 1])
        self.assertRegex(r.stdout, r"SRC: 52\t.*struct pt p")
        self.assertIn("SRCHIT: 44\t", r.stdout)
        self.assertIn("CLICKED: 44", r.stdout)
        # threads: main and two workers listed, another one selected by a click
        self.assertRegex(r.stdout, r"THREADS: .*worker-.*mthreads")
        self.assertRegex(r.stdout, r"SELECTED: \d+")
        # a watchpoint: hit (counter from 0 to 3), then disabled
        self.assertIn("WATCHHIT: watchpoint at", r.stdout)
        self.assertIn("(watchpoint 1: 0x0 -> 0x3)", r.stdout)
        self.assertIn('UNWATCHED: exited with code 0 output="15\\n"', r.stdout)
        # handle: as `handle SIGUSR1` says it, then nostop
        self.assertIn("HANDLE: SIGUSR1 (10): stop print pass", r.stdout)
        self.assertIn("HANDLED: SIGUSR1 (10): nostop print pass", r.stdout)


if __name__ == "__main__":
    dbgd.main()
