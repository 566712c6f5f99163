#!/usr/bin/env python3
"""stress.py — the fault and load suite: the real dbgd, real tracees, many clients.

"Nothing lost" is checked after every scenario:
  - every request with an id got exactly one valid JSON-RPC 2.0 response with its id;
  - dbgd's fd count (/proc/PID/fd) is back to its baseline once idle;
  - dbgd has no zombie children;
  - no tracee is left stopped (or alive) after its session closed;
  - dbgd's RSS is back within a small margin of its baseline;
  - dbgd's stderr holds no AddressSanitizer / UndefinedBehaviorSanitizer report.

Scenarios: concurrent sessions, disconnecting clients, tracees SIGKILLed from outside,
malformed requests, odd tracees, and dbgd itself killed with live sessions.

    python3 tests/stress/stress.py --build-dir BUILD [--only NAME ...] [--scale F]

Prints the figures at the end; exits 1 on any violation.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import dbgd  # noqa: E402  (the integration harness: Daemon, Client, /proc helpers)

sys.dont_write_bytecode = True


# --- bookkeeping ---------------------------------------------------------------------

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0        # JSON-RPC calls with an id, sent
        self.answered = 0        # ... answered once, with a valid response and their id
        self.rpc_errors = 0      # answers that are JSON-RPC errors
        self.notifications = 0
        self.http_refusals = 0   # expected HTTP-level refusals (4xx)
        self.abandoned = 0       # requests whose client hung up on purpose
        self.violations = []

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def violation(self, msg):
        with self.lock:
            if len(self.violations) < 200:
                self.violations.append(msg)
        print("VIOLATION: " + msg, flush=True)


STATS = Stats()


def check_response(obj, want_id, where):
    """One JSON-RPC 2.0 response object for the call with want_id."""
    ok = (isinstance(obj, dict) and obj.get("jsonrpc") == "2.0" and "id" in obj
          and (("result" in obj) != ("error" in obj)))
    if ok and "error" in obj:
        e = obj["error"]
        ok = (isinstance(e, dict) and isinstance(e.get("code"), int)
              and isinstance(e.get("message"), str))
    if not ok:
        STATS.violation("%s: not a JSON-RPC response: %.300r" % (where, obj))
        return False
    if want_id is not Ellipsis and obj["id"] != want_id:
        STATS.violation("%s: id %r answered as %r" % (where, want_id, obj["id"]))
        return False
    return True


class Conn:
    """A keep-alive client that checks every answer."""

    def __init__(self, daemon, timeout=60):
        self.c = dbgd.Client(daemon, timeout=timeout)
        self.next_id = 1

    def close(self):
        self.c.close()

    def call(self, method, _timeout=None, _expect_error=False, **params):
        """Returns (result, error): exactly one is not None."""
        ident = self.next_id
        self.next_id += 1
        req = {"jsonrpc": "2.0", "method": method, "id": ident}
        if params:
            req["params"] = params
        STATS.add(requests=1)
        res = self.c.raw(body=json.dumps(req), timeout=_timeout)
        where = "%s%s" % (method, json.dumps(params)[:120])
        if res.status != 200:
            STATS.violation("%s: HTTP %d %r" % (where, res.status, res.body[:200]))
            return None, {"code": None}
        try:
            obj = json.loads(res.body)
        except ValueError:
            STATS.violation("%s: body is not JSON: %r" % (where, res.body[:200]))
            return None, {"code": None}
        if not check_response(obj, ident, where):
            return None, {"code": None}
        STATS.add(answered=1)
        if "error" in obj:
            STATS.add(rpc_errors=1)
            if not _expect_error:
                STATS.violation("%s: unexpected error %s" % (where, json.dumps(obj["error"])[:300]))
            return None, obj["error"]
        self.c.daemon.note_result(obj["result"])
        return obj["result"], None

    def ok(self, method, **params):
        r, e = self.call(method, **params)
        return r if e is None else None


def proc_state(pid):
    st = dbgd.proc_status(pid)
    return st.get("State", "?")[0] if st else None


def fd_kinds(pid):
    """(fds other than regular files, regular-file fds). Regular files are the symbol
    files program.c keeps in a bounded cache (CACHE_IDLE_MAX idle files, each with its
    debug file); everything else (sockets, pipes, /proc/PID/mem, anon inodes) must go."""
    other = files = 0
    d = "/proc/%d/fd" % pid
    for f in os.listdir(d):
        try:
            t = os.readlink(os.path.join(d, f))
        except OSError:
            continue
        if t.startswith("/") and not t.startswith("/proc/") and not t.startswith("/dev/"):
            files += 1
        else:
            other += 1
    return other, files


SYMBOL_CACHE_FDS_MAX = 2 * 32 + 4


def fd_count(pid):
    return fd_kinds(pid)[0]


def rss_kib(pid, field="RssAnon"):
    """dbgd's anonymous resident memory (its heap): the figure that must come back.
    RssFile (VmRSS - RssAnon) is mostly the symbol files program.c maps and caches:
    clean page-cache pages, reported but not held to the margin."""
    st = dbgd.proc_status(pid) or {}
    return int(st.get(field, "0 kB").split()[0])


def zombies(ppid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = dbgd.proc_status(int(d))
            if st and st.get("PPid") == str(ppid) and st.get("State", "").startswith("Z"):
                out.append(int(d))
    return out


def run_threads(fn, args_list):
    errors = []

    def wrap(*a):
        try:
            fn(*a)
        except Exception:
            errors.append(traceback.format_exc())

    ts = [threading.Thread(target=wrap, args=a) for a in args_list]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for e in errors:
        STATS.violation("worker raised:\n" + e)


# --- the checks between scenarios ----------------------------------------------------

class Watch:
    """Baseline figures of one daemon and the 'nothing lost' checks."""

    def __init__(self, daemon, rss_margin_kib):
        self.d = daemon
        self.closed_pids = set()
        self.rss_margin = rss_margin_kib
        self.rss_peak = 0
        c = Conn(daemon)
        # Warm up allocations (sessions, output rings, MHD pools, the symbol files of
        # the fixtures, ld.so and libc in program.c's cache) before the baseline.
        loop = dbgd.fixture("loop")
        for _ in range(3):
            for fx in ("hello", "chatty", "blockread", "selfstop", "sigtrap", "closestdio"):
                st = c.ok("spawn", path=dbgd.fixture(fx))
                c.ok("close", session=st["session"])
            st = c.ok("spawn", path=dbgd.fixture("blockread"))  # a stop inside libc
            c.ok("cont", session=st["session"], timeout=0.1)
            c.ok("pause", session=st["session"])
            c.ok("close", session=st["session"])
            st = c.ok("spawn", path=loop, args=["3"])
            c.ok("break", session=st["session"], address=hex(dbgd.nm(loop, "tick")))
            c.ok("cont", session=st["session"])
            c.ok("step", session=st["session"])
            c.ok("close", session=st["session"])
        c.close()
        time.sleep(0.3)
        self.fd_base = fd_count(daemon.pid)
        self.rss_base = rss_kib(daemon.pid)
        self.fd_after = self.fd_base
        self.rss_after = self.rss_base
        self.zombies = 0
        self.cache_fds = 0
        self.vmrss_after = 0
        self.figures = []

    def sample(self):
        self.rss_peak = max(self.rss_peak, rss_kib(self.d.pid))

    def settle(self, name, t0):
        d = self.d
        c = Conn(d)
        left = c.ok("sessions") or {"sessions": []}
        for s in left["sessions"]:
            STATS.violation("%s: session %d still open after the scenario" % (name, s["session"]))
            c.ok("close", session=s["session"])
        c.close()
        self.sample()
        # Idle: fds back to the baseline (connections closed by clients are gone once
        # MHD has seen the FIN; give it a moment).
        ok = dbgd.wait_until(lambda: fd_count(d.pid) <= self.fd_base, 10, 0.05)
        fds = fd_count(d.pid)
        self.cache_fds = fd_kinds(d.pid)[1]
        if self.cache_fds > SYMBOL_CACHE_FDS_MAX:
            STATS.violation("%s: %d regular-file fds (the symbol cache is bounded at %d)"
                            % (name, self.cache_fds, SYMBOL_CACHE_FDS_MAX))
        if not ok:
            STATS.violation("%s: dbgd has %d fds, baseline %d: %s" % (
                name, fds, self.fd_base, sorted(os.listdir("/proc/%d/fd" % d.pid))[:40]))
        zs = zombies(d.pid)
        if zs:
            STATS.violation("%s: zombie children of dbgd: %s" % (name, zs))
        stuck = []
        for pid in list(self.closed_pids):
            s = proc_state(pid)
            if s is None or s in "ZX":
                self.closed_pids.discard(pid)
            else:
                stuck.append((pid, s))
        if stuck:
            dbgd.wait_until(lambda: all(proc_state(p) in (None, "Z", "X") for p, _ in stuck), 3)
            stuck = [(p, proc_state(p)) for p, _ in stuck if proc_state(p) not in (None, "Z", "X")]
            if stuck:
                STATS.violation("%s: tracees alive after their session closed: %s" % (name, stuck))
        rss = rss_kib(d.pid)
        self.vmrss_after = rss_kib(d.pid, "VmRSS")
        if rss > self.rss_base + self.rss_margin:
            STATS.violation("%s: RSS %d KiB, baseline %d KiB (margin %d)" % (
                name, rss, self.rss_base, self.rss_margin))
        self.fd_after, self.rss_after, self.zombies = fds, rss, len(zs)
        self.figures.append((name, time.monotonic() - t0, fds, len(zs), rss))
        print("  %-14s %6.1fs  fds %d (baseline %d; +%d symbol files cached)  zombies %d  "
              "RSS %d KiB (baseline %d)" % (name, time.monotonic() - t0, fds, self.fd_base,
                                            self.cache_fds, len(zs), rss, self.rss_base),
              flush=True)


# --- scenarios -------------------------------------------------------------------------

def scenario_concurrent(d, w, scale):
    """N sessions alive at once, driven by several clients: break, cont, step, regs,
    4 KiB peeks, and other fixtures mixed in."""
    n_sessions = max(8, int(200 * scale))
    n_clients = 8
    loop = dbgd.fixture("loop")
    tick = dbgd.nm(loop, "tick")
    page = tick & ~0xfff

    def worker(k):
        c = Conn(d)
        mine = []
        for i in range(k, n_sessions, n_clients):
            kind = ("loop", "loop", "loop", "hello", "chatty", "blockread")[i % 6]
            args = {"loop": ["1000000"], "hello": [], "chatty": ["300"], "blockread": []}[kind]
            st = c.ok("spawn", path=dbgd.fixture(kind), args=args)
            if st:
                mine.append((kind, st["session"], st["pid"]))
        # All sessions of every client are alive now; drive them round-robin.
        for rnd in range(3):
            for kind, s, pid in mine:
                if kind == "loop":
                    if rnd == 0:
                        c.ok("break", session=s, address=hex(tick))
                    st = c.ok("cont", session=s)
                    if st and (st.get("state") != "stopped" or st["stop"]["reason"] != "breakpoint"):
                        STATS.violation("loop cont: %r" % (st,))
                    regs = c.ok("regs", session=s)
                    if regs and int(regs["rip"], 16) != tick:
                        STATS.violation("loop regs rip %s != tick %x" % (regs["rip"], tick))
                    p = c.ok("peek", session=s, address=hex(page), length=4096)
                    if p and len(p["bytes"]) != 8192:
                        STATS.violation("peek 4096 gave %d hex digits" % len(p["bytes"]))
                    c.ok("step", session=s, count=3)
                elif kind == "hello" and rnd == 0:
                    st = c.ok("cont", session=s)
                    if st and st.get("state") != "exited":
                        STATS.violation("hello: %r" % (st,))
                    c.ok("output", session=s)
                elif kind == "chatty":
                    if rnd == 0:
                        c.ok("cont", session=s, wait=False)
                    else:
                        c.ok("output", session=s, format="base64")
                elif kind == "blockread":
                    if rnd == 0:
                        st = c.ok("cont", session=s, timeout=0.2)
                        if st and st.get("state") != "running":
                            STATS.violation("blockread cont: %r" % (st,))
                    elif rnd == 1:
                        c.ok("pause", session=s)
                    else:
                        c.ok("regs", session=s, names=["rip", "rsp"])
        c.ok("sessions")
        for kind, s, pid in mine:
            c.ok("close", session=s)
            w.closed_pids.add(pid)
        c.close()

    run_threads(worker, [(k,) for k in range(n_clients)])
    return n_sessions


def raw_socket(d):
    s = socket.create_connection((d.host, d.port), timeout=10)
    return s


def http_request(d, body, extra=""):
    if isinstance(body, str):
        body = body.encode()
    return (("POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
             "Authorization: Bearer %s\r\nContent-Length: %d\r\n%s\r\n")
            % (d.port, d.token, len(body), extra)).encode() + body


def scenario_disconnect(d, w, scale):
    """Clients that hang up: while a cont waits (suspended connection), mid-body,
    mid-batch, and before reading the answer. The sessions stay usable."""
    n = max(5, int(40 * scale))

    def worker(k):
        c = Conn(d)
        for i in range(n):
            st = c.ok("spawn", path=dbgd.fixture("blockread"))
            if not st:
                continue
            s, pid = st["session"], st["pid"]
            mode = (i + k) % 4
            sock = raw_socket(d)
            if mode == 0:    # a cont that waits, then the client vanishes
                sock.sendall(http_request(d, json.dumps(
                    {"jsonrpc": "2.0", "method": "cont", "id": 1,
                     "params": {"session": s, "timeout": 30}})))
            elif mode == 1:  # half a body
                full = http_request(d, json.dumps({"jsonrpc": "2.0", "method": "sessions",
                                                   "id": 1}))
                sock.sendall(full[:len(full) - 10])
            elif mode == 2:  # a batch whose second call waits
                sock.sendall(http_request(d, json.dumps(
                    [{"jsonrpc": "2.0", "method": "status", "id": 1, "params": {"session": s}},
                     {"jsonrpc": "2.0", "method": "cont", "id": 2,
                      "params": {"session": s, "timeout": 30}},
                     {"jsonrpc": "2.0", "method": "status", "id": 3, "params": {"session": s}}])))
            else:            # an answer nobody reads (reset on close)
                sock.sendall(http_request(d, json.dumps({"jsonrpc": "2.0", "method": "peek",
                                                         "id": 1, "params": {
                                                             "session": s, "address": "0x400000",
                                                             "length": 65536}})))
            time.sleep(0.03)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.close()
            STATS.add(abandoned=1)
            # The session answers as before: the withdrawn cont left it running (or
            # it never ran); pause and regs still work. (No step: blockread sits in
            # read(2), and a step from there lasts until the read returns.)
            st2 = c.ok("status", session=s)
            if st2 and st2["state"] == "running":
                st2 = c.ok("pause", session=s)
            if st2 and st2["state"] != "stopped":
                STATS.violation("after a hang-up: %r" % (st2,))
            c.ok("regs", session=s, names=["rip"])
            c.ok("close", session=s)
            w.closed_pids.add(pid)
        c.close()

    run_threads(worker, [(k,) for k in range(4)])
    return 4 * n


def scenario_external_kill(d, w, scale):
    """Tracees SIGKILLed from outside while running, stopped, mid-step and mid-cont:
    the pending request answers with the final status."""
    n = max(3, int(10 * scale))
    results = {"running": 0, "stopped": 0, "mid-step": 0, "mid-cont": 0}

    def expect_killed(st, what):
        if not st or st.get("state") != "killed" or st.get("signal", {}).get("name") != "SIGKILL":
            STATS.violation("%s: want killed by SIGKILL, got %r" % (what, st))
            return False
        return True

    def worker(k):
        c = Conn(d)
        for i in range(n):
            for what in results:
                fx = "blockread" if what == "mid-cont" else "loop"
                args = [] if fx == "blockread" else ["2000000000"]
                st = c.ok("spawn", path=dbgd.fixture(fx), args=args)
                if not st:
                    continue
                s, pid = st["session"], st["pid"]
                if what == "running":
                    c.ok("cont", session=s, wait=False)
                    time.sleep(0.02)
                    os.kill(pid, signal.SIGKILL)
                    st = c.ok("wait", session=s, timeout=10)
                elif what == "stopped":
                    os.kill(pid, signal.SIGKILL)
                    # A stopped session answers `wait` at once: poll until the death
                    # (the reaper's SIGCHLD) has been seen.
                    st = dbgd.wait_until(lambda: (lambda x: x if x and x["state"] != "stopped"
                                                  else None)(c.ok("status", session=s)), 10)
                else:
                    method = "step" if what == "mid-step" else "cont"
                    params = {"count": 100000000} if method == "step" else {}
                    timer = threading.Timer(0.15, os.kill, (pid, signal.SIGKILL))
                    timer.start()
                    st = c.ok(method, session=s, timeout=30, **params)
                    timer.join()
                if expect_killed(st, what):
                    with STATS.lock:
                        results[what] += 1
                c.ok("close", session=s)
                w.closed_pids.add(pid)
        c.close()

    run_threads(worker, [(k,) for k in range(3)])
    print("    killed from outside, answered 'killed': %s" % results)
    return sum(results.values())


def malformed_bodies(rng, port):
    """(body bytes, content type, expect) triples; expect: 'rpc' (JSON-RPC error(s) or a
    result), 'http:NNN', or 'none' (204)."""
    ok_call = {"jsonrpc": "2.0", "method": "sessions", "id": 1}
    deep = "[" * 5000 + "]" * 5000
    cases = [
        (b"{", "rpc"), (b"", "rpc"), (b"null", "rpc"), (b"[]", "rpc"), (b"[1,2,3]", "rpc"),
        (b"\"x\"", "rpc"), (b"{}", "rpc"), (b"[{}]", "rpc"), (b"{\"jsonrpc\":\"2.0\"}", "rpc"),
        (deep.encode(), "rpc"), (("{\"a\":" * 3000 + "1" + "}" * 3000).encode(), "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"sess\x00ions\",\"id\":1}", "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"sess\\u0000ions\",\"id\":1}", "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\xfe\",\"id\":1}", "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"sessions\",\"id\":\"\xc3\x28\"}", "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"sessions\",\"method\":\"spawn\",\"id\":1}", "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"sessions\"}", "rpc"),
        (json.dumps({"jsonrpc": "2.0", "method": "x" * 1000000, "id": 1}).encode(), "rpc"),
        (json.dumps({"jsonrpc": "2.0", "method": "spawn", "id": 1,
                     "params": {"path": "/nonexistent/" + "y" * 200000}}).encode(), "rpc"),
        (json.dumps([ok_call] * 1001).encode(), "rpc"),
        (json.dumps([{"jsonrpc": "2.0", "method": 5, "id": i} for i in range(1000)]).encode(), "rpc"),
        (json.dumps({"jsonrpc": "2.0", "method": "sessions", "id": 1e400 if False else 1.5}).encode(), "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"sessions\",\"id\":123456789012345678901234567890}", "rpc"),
        (b"{\"jsonrpc\":\"2.0\",\"method\":\"sessions\",\"id\":-1e999}", "rpc"),
        (json.dumps({"jsonrpc": "2.0", "method": "sessions"}).encode(), "none"),
        (b"\xef\xbb\xbf" + json.dumps(ok_call).encode(), "rpc"),
        (json.dumps(ok_call).encode() + b"garbage", "rpc"),
        (json.dumps(ok_call).encode() + b"\x00", "rpc"),
    ]
    wrong_types = []
    for method, params in [
            ("spawn", {"path": 5}), ("spawn", {"path": "x", "args": "a"}),
            ("spawn", {"path": "x", "env": {"A": 5}}), ("spawn", {"path": "x", "stop": "never"}),
            ("spawn", {"path": "x", "stdin": ["a"]}), ("step", {"session": "one"}),
            ("step", {"session": 1, "count": -1}), ("cont", {"session": 1, "signal": "SIGNOPE"}),
            ("cont", {"session": 1, "timeout": "soon"}), ("peek", {"session": 1}),
            ("peek", {"session": 1, "address": "0xZZ"}),
            ("peek", {"session": 1, "address": "0x1", "length": 1e30}),
            ("poke", {"session": 1, "address": 1, "bytes": "abc"}),
            ("regs", {"session": 1, "names": [1]}), ("regs", {"session": 1, "set": {"rip": []}}),
            ("break", {"session": 1}), ("delete", {"session": 1, "breakpoint": "x"}),
            ("output", {"session": 1, "stream": "stdin"}), ("status", {}),
            ("status", {"session": 1, "extra": True}), ("sessions", [1, 2]),
            ("kill", {"session": None}), ("close", {"session": 1.5}),
            ("status", {"session": 2 ** 63}), ("status", {"session": -(2 ** 63)})]:
        wrong_types.append((json.dumps({"jsonrpc": "2.0", "method": method, "params": params,
                                        "id": rng.randrange(1 << 30)}).encode(), "rpc"))
    return cases, wrong_types


def mutate(rng, data):
    b = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(4)
        pos = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(pos, len(b) - 1)] = rng.randrange(256)
        elif op == 1:
            b[pos:pos] = bytes([rng.choice(b"{}[]\",:\\0123456789e-.tfn \x00\xff")])
        elif op == 2 and b:
            del b[min(pos, len(b) - 1)]
        else:
            b[pos:pos] = b[pos:pos + rng.randrange(1, 20)]
    return bytes(b)


def scenario_malformed(d, w, scale):
    """At least 10,000 malformed requests: invalid JSON, deep nesting, huge strings, NUL
    bytes, invalid UTF-8, duplicate keys, huge batches, wrong types, random mutations
    of valid calls, wrong content types, missing Host."""
    total = max(400, int(10400 * scale))
    n_threads = 4
    seeds = [json.dumps(x).encode() for x in [
        {"jsonrpc": "2.0", "method": "sessions", "id": 1},
        {"jsonrpc": "2.0", "method": "status", "params": {"session": 1}, "id": "a"},
        [{"jsonrpc": "2.0", "method": "sessions", "id": 1},
         {"jsonrpc": "2.0", "method": "peek", "params": {"session": 9, "address": "0x10"}, "id": 2}],
        {"jsonrpc": "2.0", "method": "break", "params": {"session": 3, "symbol": "main"}, "id": None},
        {"jsonrpc": "2.0", "method": "regs", "params": {"session": 3, "set": {"rax": "0x1"}}, "id": 7},
    ]]
    counts = {"fixed": 0, "types": 0, "mutated": 0, "content-type": 0, "no-host": 0}

    def worker(k):
        rng = random.Random(1000 + k)
        cases, wrong = malformed_bodies(rng, d.port)
        c = dbgd.Client(d, timeout=60)
        for i in range(k, total, n_threads):
            r = i % 20
            if r < 2:
                body, expect = cases[(i // 20) % len(cases)]
                kind = "fixed"
                ctype = "application/json"
            elif r < 5:
                body, expect = wrong[(i // 20) % len(wrong)]
                kind = "types"
                ctype = "application/json"
            elif r < 18:
                body, expect = mutate(rng, rng.choice(seeds)), "rpc"
                kind = "mutated"
                ctype = "application/json"
            elif r < 19:
                body, expect = seeds[0], "http:415"
                kind = "content-type"
                ctype = rng.choice(["text/plain", "application/x-www-form-urlencoded",
                                    "multipart/form-data; boundary=x", "application/json5",
                                    "", "application/jsonp"])
            else:
                kind = "no-host"
                raw_no_host(d, seeds[0])
                with STATS.lock:
                    counts[kind] += 1
                continue
            with STATS.lock:
                counts[kind] += 1
            res = c.raw(body=body, content_type=ctype if ctype else None)
            where = "malformed %s %.80r" % (kind, body)
            if expect.startswith("http:"):
                if res.status != int(expect[5:]):
                    STATS.violation("%s: HTTP %d, want %s" % (where, res.status, expect))
                else:
                    STATS.add(http_refusals=1)
                continue
            if res.status == 204:
                if res.body:
                    STATS.violation("%s: 204 with a body" % where)
                STATS.add(notifications=1)
                continue
            if res.status != 200:
                STATS.violation("%s: HTTP %d %r" % (where, res.status, res.body[:200]))
                continue
            try:
                obj = json.loads(res.body)
            except ValueError:
                STATS.violation("%s: answer is not JSON: %r" % (where, res.body[:200]))
                continue
            check_answer(body, obj, where)
        c.close()

    run_threads(worker, [(k,) for k in range(n_threads)])
    print("    malformed requests by kind: %s" % counts)
    return sum(counts.values())


def check_answer(body, obj, where):
    """Check the answer to a body we can or cannot parse ourselves: each call with an id
    answered once with its id; what we cannot parse must be a single error."""
    try:
        req = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        req = Ellipsis
    if isinstance(req, list) and req:
        if isinstance(obj, dict):  # a refused batch (too long) is one error
            STATS.add(requests=1)
            if check_response(obj, None, where) and "error" in obj:
                STATS.add(answered=1, rpc_errors=1)
            return
        # Every entry is answered except valid notifications (an object with a string
        # method and no id); an entry with an id is answered with that id.
        expect = [x for x in req if not is_notification(x)]
        STATS.add(requests=len(expect))
        if not isinstance(obj, list) or len(obj) != len(expect):
            STATS.violation("%s: %d answers for %d calls" % (
                where, len(obj) if isinstance(obj, list) else -1, len(expect)))
            return
        got = [o.get("id") for o in obj if isinstance(o, dict)]
        for o in obj:
            if check_response(o, Ellipsis, where):
                STATS.add(answered=1, rpc_errors=1 if "error" in o else 0)
        for x in expect:
            if isinstance(x, dict) and "id" in x and x["id"] not in got:
                STATS.violation("%s: id %r not answered" % (where, x["id"]))
        return
    STATS.add(requests=1)
    want = Ellipsis
    if isinstance(req, dict) and "id" in req:
        want = req["id"]
        if isinstance(want, float) or isinstance(want, int) and abs(want) >= 2 ** 63:
            want = Ellipsis  # jansson's number forms may differ from Python's
    if isinstance(obj, dict) and obj.get("id") is None and \
            (obj.get("error") or {}).get("code") == dbgd.PARSE_ERROR:
        want = None  # jansson refused what Python accepts (duplicate keys, \u0000, 2^63)
    if check_response(obj, want, where):
        STATS.add(answered=1, rpc_errors=1 if "error" in obj else 0)


def is_notification(x):
    """A valid notification: answered by nothing. Anything else in a batch is answered
    (dbgd refuses members other than jsonrpc, method, params and id)."""
    return (isinstance(x, dict) and set(x) <= {"jsonrpc", "method", "params"} and
            x.get("jsonrpc") == "2.0" and isinstance(x.get("method"), str) and
            isinstance(x.get("params", {}), (dict, list)))


def raw_no_host(d, body):
    s = raw_socket(d)
    try:
        s.sendall(("POST /rpc HTTP/1.1\r\nContent-Type: application/json\r\nAuthorization: "
                   "Bearer %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                   % (d.token, len(body))).encode() + body)
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        st = int(data.split(b" ", 2)[1]) if data else 0
        if st != 400:
            STATS.violation("missing Host: HTTP %d" % st)
        else:
            STATS.add(http_refusals=1)
    finally:
        s.close()


def scenario_odd_tracees(d, w, scale):
    """Missing binary, not executable, immediate exit, self-SIGSTOP, self-SIGTRAP, a
    program that closes its stdio."""
    c = Conn(d)
    tmp = tempfile.mkdtemp(prefix="dbgd-odd-")
    noexec = os.path.join(tmp, "noexec")
    with open(noexec, "w") as f:
        f.write("#!/bin/sh\necho no\n")
    os.chmod(noexec, 0o644)
    garbage = os.path.join(tmp, "garbage")
    with open(garbage, "wb") as f:
        f.write(b"\x7fELF" + b"\x00" * 60)
    os.chmod(garbage, 0o755)
    n = max(2, int(10 * scale))
    for _ in range(n):
        for path, errno_name in [("/nonexistent/prog", "ENOENT"), (noexec, "EACCES"),
                                 (tmp, "EACCES"), (garbage, "ENOEXEC")]:
            r, e = c.call("spawn", _expect_error=True, path=path)
            if e is None or e.get("code") != dbgd.SPAWN or \
                    (e.get("data") or {}).get("errno") != errno_name:
                STATS.violation("spawn %s: want SPAWN %s, got %r %r" % (path, errno_name, r, e))
                if r:
                    c.ok("close", session=r["session"])
        # Immediate exit, with and without stopping at exec.
        for stop in ("exec", "none"):
            st = c.ok("spawn", path="/bin/true", stop=stop)
            if st:
                st2 = c.ok("wait", session=st["session"]) if stop == "none" else \
                    c.ok("cont", session=st["session"])
                if st2 and st2.get("state") != "exited":
                    STATS.violation("/bin/true: %r" % (st2,))
                c.ok("close", session=st["session"])
                w.closed_pids.add(st["pid"])
        # Self-SIGSTOP: reported, delivered (a group stop), resumed to the end.
        st = c.ok("spawn", path=dbgd.fixture("selfstop"))
        if st:
            s = st["session"]
            st2 = c.ok("cont", session=s)
            if st2 and (st2.get("stop") or {}).get("reason") != "signal":
                STATS.violation("selfstop: %r" % (st2,))
            for _ in range(4):
                st2 = c.ok("cont", session=s, timeout=5)
                if not st2 or st2["state"] in ("exited", "killed"):
                    break
            if st2 and st2.get("state") != "exited":
                STATS.violation("selfstop did not end: %r" % (st2,))
            c.ok("close", session=s)
            w.closed_pids.add(st["pid"])
        # Self-SIGTRAP: a signal stop, not a breakpoint; suppressed, the program goes on.
        st = c.ok("spawn", path=dbgd.fixture("sigtrap"))
        if st:
            s = st["session"]
            st2 = c.ok("cont", session=s)
            if st2 and (st2.get("stop") or {}).get("reason") != "signal":
                STATS.violation("sigtrap: %r" % (st2,))
            st2 = c.ok("cont", session=s, signal=0)
            if st2 and st2.get("state") != "exited":
                STATS.violation("sigtrap suppressed: %r" % (st2,))
            c.ok("close", session=s)
            w.closed_pids.add(st["pid"])
        # Closing its stdio: the pipes reach EOF while the program runs on.
        st = c.ok("spawn", path=dbgd.fixture("closestdio"))
        if st:
            s = st["session"]
            c.ok("cont", session=s, wait=False)
            time.sleep(0.05)
            out = c.ok("output", session=s)
            c.ok("pause", session=s)
            if out is not None and not dbgd.wait_until(
                    lambda: (c.ok("output", session=s) or {}).get("eof"), 3, 0.05):
                STATS.violation("closestdio: no eof on stdout")
            c.ok("close", session=s)
            w.closed_pids.add(st["pid"])
    c.close()
    subprocess.run(["rm", "-rf", tmp])
    return n * 10


def scenario_fork_bomb(build, scale):
    """A fork bomb bounded by --max-procs. RLIMIT_NPROC does not bind root, so as root
    this dbgd runs as nobody (setpriv), like a real deployment's unprivileged user."""
    limit = 60
    args = ("--max-procs", str(limit))
    wrapper = None
    if os.geteuid() == 0:
        if not os.path.exists("/usr/bin/setpriv"):
            print("    fork bomb: skipped (root without setpriv)")
            return 0
        wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    d = WrappedDaemon(args, wrapper or [])
    try:
        c = Conn(d)
        st = c.ok("spawn", path=dbgd.fixture("forkbomb"))
        if not st:
            return 0
        s, pid = st["session"], st["pid"]
        c.ok("cont", session=s, wait=False)
        ok = dbgd.wait_until(lambda: "bounded" in (c.ok("output", session=s) or {}).get("text", ""),
                             15, 0.1)
        members = [p for p in pgrp_members(pid)]
        uid_procs = count_uid_procs(65534 if wrapper else os.geteuid())
        print("    fork bomb: bounded=%s, %d processes in its group, %d of the uid (limit %d)"
              % (ok, len(members), uid_procs, limit))
        if not ok:
            STATS.violation("fork bomb not bounded within 15 s (%d processes)" % len(members))
        if uid_procs > limit + 2:
            STATS.violation("fork bomb: %d processes of the uid, limit %d" % (uid_procs, limit))
        st2 = c.ok("kill", session=s)
        c.ok("close", session=s)
        gone = dbgd.wait_until(lambda: not [p for p in pgrp_members(pid)
                                            if proc_state(p) not in (None, "Z", "X")], 10, 0.1)
        if not gone:
            STATS.violation("fork bomb: %d processes survive the close" % len(pgrp_members(pid)))
        c.ok("sessions")
        c.close()
    finally:
        d.finish()
    return 1


def pgrp_members(pgid):
    out = []
    for dname in os.listdir("/proc"):
        if dname.isdigit():
            try:
                with open("/proc/%s/stat" % dname) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid and fields[0] not in "ZX":
                    out.append(int(dname))
            except (OSError, IndexError, ValueError):
                pass
    return out


def count_uid_procs(uid):
    n = 0
    for dname in os.listdir("/proc"):
        if dname.isdigit():
            st = dbgd.proc_status(int(dname))
            if st and st.get("Uid", "").split()[:1] == [str(uid)] and \
                    not st.get("State", "").startswith("Z"):
                n += 1
    return n


class WrappedDaemon:
    """A dbgd started under a wrapper (setpriv, to run as another user): enough of
    dbgd.Daemon for dbgd.Client."""

    def __init__(self, extra_args, wrapper):
        import secrets
        self.tmp = tempfile.mkdtemp(prefix="dbgd-stress-")
        os.chmod(self.tmp, 0o777)
        self.state_dir = os.path.join(self.tmp, "state")
        self.token = secrets.token_hex(16)
        env = dict(os.environ, DBGD_TOKEN=self.token)
        self.errp = os.path.join(self.tmp, "stderr")
        with open(self.errp, "wb") as errf:
            self.proc = subprocess.Popen(
                list(wrapper) + [dbgd.dbgd_binary(), "--listen", "127.0.0.1:0",
                                 "--state-dir", self.state_dir] + list(extra_args),
                env=env, stdin=subprocess.DEVNULL, stdout=errf, stderr=errf, cwd="/")
        self.pid = self.proc.pid
        self.host = "127.0.0.1"
        self.unix_path = None
        url = dbgd.wait_until(self._url, 10)
        if not url:
            self.proc.kill()
            raise RuntimeError("wrapped dbgd did not start: " + self.stderr())
        self.port = int(url.rsplit(":", 1)[1])

    def _url(self):
        if self.proc.poll() is not None:
            raise RuntimeError("wrapped dbgd exited: " + self.stderr())
        try:
            with open(os.path.join(self.state_dir, "url")) as f:
                u = f.read().strip()
            return u if u and not u.endswith(":0") else None
        except OSError:
            return None

    def note_result(self, result):
        pass

    def stderr(self):
        try:
            with open(self.errp, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def finish(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(10)
        if rc != 0:
            STATS.violation("wrapped dbgd exited %s: %s" % (rc, self.stderr()[-2000:]))
        check_sanitizers(self.stderr(), "dbgd (fork bomb)")
        subprocess.run(["rm", "-rf", self.tmp])


def scenario_kill_dbgd(how, scale):
    """dbgd killed (SIGKILL or SIGTERM) while 50 sessions are alive: stopped ones,
    running ones and ones with a cont waiting. No tracee survives."""
    n = max(6, int(50 * scale))
    d = dbgd.Daemon(())
    c = Conn(d)
    pids = []
    waiting = []
    for i in range(n):
        kind = i % 3
        fx, args = (("loop", ["2000000000"]), ("loop", ["2000000000"]), ("blockread", []))[kind]
        st = c.ok("spawn", path=dbgd.fixture(fx), args=args)
        if not st:
            continue
        pids.append(st["pid"])
        if kind == 1:
            c.ok("cont", session=st["session"], wait=False)
        elif kind == 2:
            sock = raw_socket(d)
            sock.sendall(http_request(d, json.dumps({"jsonrpc": "2.0", "method": "cont", "id": 1,
                                                      "params": {"session": st["session"],
                                                                 "timeout": 60}})))
            waiting.append(sock)
    time.sleep(0.2)
    t0 = time.monotonic()
    if how == "SIGKILL":
        d.proc.kill()
        rc = d.proc.wait(10)
    else:
        d.proc.send_signal(signal.SIGTERM)
        rc = d.proc.wait(10)
        if rc != 0:
            STATS.violation("dbgd exited %s after SIGTERM with %d sessions" % (rc, n))
    answered = 0
    for sock in waiting:
        sock.settimeout(2)
        try:
            data = sock.recv(65536)
            if data.startswith(b"HTTP/1.1 200"):
                answered += 1
                body = data.partition(b"\r\n\r\n")[2]
                if body:
                    check_response(json.loads(body), 1, "cont at shutdown")
        except (OSError, ValueError):
            pass
        sock.close()
    alive = lambda: [p for p in pids if dbgd.proc_alive(p)]
    dbgd.wait_until(lambda: not alive(), 5)
    left = alive()
    if left:
        STATS.violation("dbgd %s: %d tracees survive: %s" % (how, len(left), left[:10]))
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    print("    dbgd %s with %d sessions (%d conts waiting, %d answered): exit %s, "
          "%d tracees left, %.2fs" % (how, len(pids), len(waiting), answered, rc, len(left),
                                      time.monotonic() - t0))
    c.close()
    d.stderr_file.close()
    check_sanitizers(d.stderr(), "dbgd (%s)" % how)
    subprocess.run(["rm", "-rf", d.tmp])
    return n


def check_sanitizers(text, who):
    for pat in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                "SUMMARY: UndefinedBehaviorSanitizer"):
        if pat in text:
            i = text.index(pat)
            STATS.violation("%s: sanitizer report:\n%s" % (who, text[max(0, i - 200):i + 2000]))
            return 1
    return 0


SCENARIOS = ["concurrent", "disconnect", "external_kill", "malformed", "odd_tracees",
             "fork_bomb", "kill_dbgd"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.environ.get("DBGD_BUILD_DIR"))
    ap.add_argument("--only", action="append", choices=SCENARIOS)
    ap.add_argument("--scale", type=float, default=float(os.environ.get("DBGD_STRESS_SCALE", 1)))
    args = ap.parse_args()
    dbgd.BUILD_DIR = os.path.abspath(args.build_dir)
    todo = args.only or SCENARIOS
    asan = b"__asan_init" in open(dbgd.dbgd_binary(), "rb").read()
    margin = 256 * 1024 if asan else 8 * 1024
    t_start = time.monotonic()
    print("dbgd stress: %s%s, scale %.2f" % (dbgd.dbgd_binary(), " (ASan)" if asan else "",
                                            args.scale), flush=True)

    d = dbgd.Daemon(("--max-sessions", "1024"))
    w = Watch(d, margin)
    sampler_stop = threading.Event()

    def sampler():
        while not sampler_stop.wait(0.2):
            try:
                w.sample()
            except OSError:
                pass
    threading.Thread(target=sampler, daemon=True).start()
    volumes = {}
    try:
        for name in ("concurrent", "disconnect", "external_kill", "malformed", "odd_tracees"):
            if name not in todo:
                continue
            t0 = time.monotonic()
            print("scenario %s" % name, flush=True)
            volumes[name] = globals()["scenario_" + name](d, w, args.scale)
            w.settle(name, t0)
    finally:
        sampler_stop.set()
        main_stderr = d.stderr
        try:
            d.stop()
        except AssertionError as e:
            STATS.violation("teardown: %s" % e)
    sanitizer_reports = check_sanitizers(main_stderr(), "dbgd")
    if "fork_bomb" in todo:
        print("scenario fork_bomb", flush=True)
        volumes["fork_bomb"] = scenario_fork_bomb(args.build_dir, args.scale)
    if "kill_dbgd" in todo:
        print("scenario kill_dbgd", flush=True)
        volumes["kill_dbgd"] = scenario_kill_dbgd("SIGKILL", args.scale) + \
            scenario_kill_dbgd("SIGTERM", args.scale)

    s = STATS
    print()
    print("== dbgd stress figures ==")
    print("requests with an id   %d" % s.requests)
    print("answered exactly once %d" % s.answered)
    print("  of which errors     %d" % s.rpc_errors)
    print("notifications (204)   %d" % s.notifications)
    print("HTTP refusals         %d" % s.http_refusals)
    print("abandoned by clients  %d" % s.abandoned)
    print("fds                   baseline %d, after %d (not counting %d cached symbol files)"
          % (w.fd_base, w.fd_after, w.cache_fds))
    print("zombies               %d" % w.zombies)
    print("RSS (anonymous)       baseline %d KiB, peak %d KiB, after %d KiB (margin %d KiB)"
          % (w.rss_base, w.rss_peak, w.rss_after, margin))
    print("RSS (total, VmRSS)    after %d KiB" % w.vmrss_after)
    print("sanitizer reports     %d%s" % (sanitizer_reports, "" if asan else " (not an ASan build)"))
    print("violations            %d" % len(s.violations))
    print("time                  %.1fs" % (time.monotonic() - t_start))
    if s.requests != s.answered:
        print("LOST: %d requests with an id were not answered exactly once"
              % (s.requests - s.answered))
    for v in s.violations[:30]:
        print("  - " + v.replace("\n", "\n    ")[:1500])
    return 1 if s.violations or s.requests != s.answered else 0


if __name__ == "__main__":
    sys.exit(main())
