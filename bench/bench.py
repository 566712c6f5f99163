#!/usr/bin/env python3
"""dbgd benchmark harness: raw ptrace vs dbgd (over loopback HTTP) vs gdb, gdbserver, strace.

Every tool runs as a command whose wall time is taken with N operations and with 0; the
cost of one operation is (T(N) - T(0)) / N, so start-up (fork, exec, gdb reading symbols,
the client's connect and spawn) cancels. Each peer measurement is preceded by a raw
measurement of the same operation and its ratio to raw is taken against that one, so
machine drift cancels; medians over the repetitions are reported. Run through run.sh.
"""
import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

RAW = "raw ptrace"

# Parameters of dbgd's server-side features (see docs/api.md). A dbgd that refuses one
# as an unknown parameter (an older build) gets "n/a (not implemented)" in its row.
DBGD_BREAK_IGNORE = '"ignore":{n}'
DBGD_BREAK_CONDITION = '"condition":"rsp == 0"'
# the same false condition, over the tracee's global (gdb's `break ... if`)
VAR_CONDITION = "bench_counter == 12345678901"
DBGD_BREAK_VAR_CONDITION = '"condition":"%s"' % VAR_CONDITION
DBGD_BREAK_LOG = '"log":true'
DBGD_SPAWN_FILTER = '"syscall_filter":["openat"]'
DBGD_SYSCALL_NAMES = '"names":["openat"]'
DBGD_SPAWN_RECORD = '"record_syscalls":true'


class Skip(Exception):
    """A measurement that cannot run here (a tool or an API feature is missing)."""


def nm(path, sym):
    out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == sym:
            return "0x" + parts[0].lstrip("0")
    raise SystemExit(f"bench: no symbol {sym} in {path}")


def plt_stub(path, sym):
    """The address of sym@plt in path, from objdump."""
    out = subprocess.run(["objdump", "-d", "-j", ".plt", "-j", ".plt.sec", path],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.endswith(f"<{sym}@plt>:"):
            return "0x" + line.split()[0].lstrip("0")
    raise SystemExit(f"bench: no {sym}@plt in {path}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))


class Env:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.bin = os.path.join(self.build, "bench")
        self.dbgd = os.path.abspath(args.dbgd or os.path.join(self.build, "bin", "dbgd"))
        for p in (self.dbgd, self.exe("rawtrace"), self.exe("dbgd_client")):
            if not os.access(p, os.X_OK):
                raise SystemExit(f"bench: {p} is missing: build first (see docs/performance.md)")
        self.loop = self.exe("bench_loop")
        self.sysc = self.exe("bench_syscalls")
        self.buf = self.exe("bench_buffer")
        self.main = nm(self.loop, "main")
        self.tick = nm(self.loop, "bench_tick")
        self.tock = nm(self.loop, "bench_tock")
        self.plt = plt_stub(self.loop, "strtol")
        self.bufaddr = nm(self.buf, "bench_buf")
        self.tmp = tempfile.mkdtemp(prefix="dbgd-bench-")
        self.pin = []
        self.daemon = None
        self.url = None
        self.token = "bench-" + os.urandom(8).hex()

    def exe(self, name):
        return os.path.join(self.bin, name)

    # ---- dbgd ------------------------------------------------------------------------
    def spawn_dbgd(self, listen, ready, extra=()):
        """dbgd in a new state dir, listening on listen(state); waits for ready(state).
        Returns (process, state dir)."""
        state = tempfile.mkdtemp(dir=self.tmp)
        proc = subprocess.Popen(
            self.pin + [self.dbgd, "--listen", listen(state), "--state-dir", state, *extra],
            env=dict(os.environ, DBGD_TOKEN=self.token), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=raise_fd_limit)
        for _ in range(500):
            if ready(state):
                return proc, state
            time.sleep(0.01)
        self.end_dbgd(proc)
        raise SystemExit(f"bench: dbgd --listen {listen(state)} did not start")

    @staticmethod
    def end_dbgd(proc):
        if proc:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def start_dbgd(self, extra=()):
        self.stop_dbgd()
        url = lambda state: os.path.join(state, "url")
        self.daemon, state = self.spawn_dbgd(
            lambda state: "127.0.0.1:0",
            lambda state: os.path.exists(url(state)) and open(url(state)).read().strip(),
            extra)
        self.url = open(url(state)).read().strip()

    def stop_dbgd(self):
        self.end_dbgd(self.daemon)
        self.daemon = None

    def start_dbgd_unix(self):
        """A second dbgd on a Unix socket (no TCP stack: the floor of a local client)."""
        self.stop_dbgd_unix()
        sock = lambda state: os.path.join(state, "dbgd.sock")
        self.daemon_unix, state = self.spawn_dbgd(lambda state: "unix:" + sock(state),
                                                  lambda state: os.path.exists(sock(state)))
        self.unix_path = sock(state)

    def stop_dbgd_unix(self):
        self.end_dbgd(getattr(self, "daemon_unix", None))
        self.daemon_unix = None

    def client_env_unix(self):
        return dict(os.environ, DBGD_URL="http://localhost", DBGD_TOKEN=self.token,
                    DBGD_UNIX=self.unix_path)

    def client_env(self, url=None):
        return dict(os.environ, DBGD_URL=url or self.url, DBGD_TOKEN=self.token)

    # ---- running one command -------------------------------------------------------------
    def run(self, argv, env=None, server=None, check_ops=None):
        """Wall time in seconds of argv (pinned as configured), with an optional server
        command (gdbserver) started first, inside the timed span."""
        srv = None
        t0 = time.perf_counter()
        if server:
            srv = subprocess.Popen(self.pin + server, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
            for line in srv.stderr:  # gdbserver says when it listens
                if "Listening on port" in line:
                    break
        p = subprocess.run(self.pin + argv, env=env, capture_output=True, text=True,
                           timeout=self.args.timeout)
        if srv:
            try:
                srv.wait(30)
            except subprocess.TimeoutExpired:
                srv.kill()
                srv.wait()
        t = time.perf_counter() - t0
        if p.returncode == 3 and "unsupported" in p.stdout:
            # dbgd refused the parameter: the feature is not there yet
            raise Skip("not implemented: " + p.stderr.strip()[-160:])
        if p.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({p.returncode}): {p.stderr.strip()[-400:]}")
        if check_ops is not None and f"ops={check_ops}" not in p.stdout:
            raise RuntimeError(f"{' '.join(argv)}: expected ops={check_ops}, got {p.stdout!r}")
        return t, p.stdout


# ---- the tools, per benchmark ---------------------------------------------------------------
# A tool is (name, fn(env, n) -> dict(argv=..., env=..., server=...), optional).

GDB = ["gdb", "-batch", "-nx", "-q", "-ex", "set startup-with-shell off",
       "-ex", "set confirm off", "-ex", "set pagination off"]


def gdb(*cmds, prog):
    argv = list(GDB)
    for c in cmds:
        argv += ["-ex", c]
    return argv + ["--args"] + prog


def gdbserver_tool(make_cmds, prog_of):
    def fn(e, n):
        port = free_port()
        prog = prog_of(e, n)
        return dict(server=["gdbserver", "--once", f"127.0.0.1:{port}"] + prog,
                    argv=gdb("set sysroot /", f"target remote 127.0.0.1:{port}",
                                *make_cmds(e, n), prog=prog))
    return fn


def client(e, *a):
    return dict(argv=[e.exe("dbgd_client"), *a], env=e.client_env())


def client_unix(e, *a):
    return dict(argv=[e.exe("dbgd_client"), *a], env=e.client_env_unix())


def step_tools():
    loop = lambda e, n: [e.loop]
    return [
        (RAW, lambda e, n: dict(argv=[e.exe("rawtrace"), "step", str(n), e.main, "--", e.loop]), False),
        ("dbgd step, 1 request each", lambda e, n: client(e, "step", str(n), e.main, "--", e.loop), False),
        ("dbgd step, 1 request each, Unix socket",
         lambda e, n: client_unix(e, "step", str(n), e.main, "--", e.loop), False),
        ("dbgd step count=N (server side)", lambda e, n: client(e, "stepn", str(n), e.main, "--", e.loop), False),
        ("gdb stepi N", lambda e, n: dict(argv=gdb(f"break *{e.main}", "run",
                                                   *([f"stepi {n}"] if n else []), "kill",
                                                   prog=loop(e, n))), False),
        ("gdbserver stepi N", gdbserver_tool(
            lambda e, n: [f"break *{e.main}", "continue", *([f"stepi {n}"] if n else []), "kill"],
            loop), False),
    ]


def break_tools():
    prog = lambda e, n: [e.loop, str(n)]

    def gdb_commands(e, n, *extra):
        path = os.path.join(e.tmp, "bp-commands.gdb")
        with open(path, "w") as f:
            f.write(f"break *{e.tick}\ncommands\nsilent\ncontinue\nend\nrun\n")
        return dict(argv=GDB + ["-x", path, "--args"] + prog(e, n) + list(extra))

    ign = lambda n: [f"ignore 1 {n}"] if n else []
    return [
        (RAW, lambda e, n: dict(argv=[e.exe("rawtrace"), "break", e.tick, "--", *prog(e, n)]), False),
        ("dbgd break + cont, 1 request per hit",
         lambda e, n: client(e, "break", e.tick, "--", *prog(e, n)), False),
        ("dbgd break + cont, 1 request per hit, Unix socket",
         lambda e, n: client_unix(e, "break", e.tick, "--", *prog(e, n)), False),
        ("dbgd break + cont, 1 request per hit, on an instruction run out of line (imul)",
         lambda e, n: client(e, "break", e.tock, "--", *prog(e, n), "tock"), False),
        ("dbgd break ignore=N (server side)",
         lambda e, n: client(e, "-x", DBGD_BREAK_IGNORE.format(n=n), "break", e.tick, "--", *prog(e, n)), True),
        ("dbgd break condition (server side, false)",
         lambda e, n: client(e, "-x", DBGD_BREAK_CONDITION, "break", e.tick, "--",
                             *prog(e, n)), True),
        ("dbgd break condition over a variable (server side, false)",
         lambda e, n: client(e, "-x", DBGD_BREAK_VAR_CONDITION, "break", e.tick, "--",
                             *prog(e, n)), True),
        ("dbgd break condition (server side, false), on an instruction run out of line (imul)",
         lambda e, n: client(e, "-x", DBGD_BREAK_CONDITION, "break", e.tock, "--",
                             *prog(e, n), "tock"), True),
        ("dbgd break log=true (server side)",
         lambda e, n: client(e, "-x", DBGD_BREAK_LOG, "break", e.tick, "--", *prog(e, n)), True),
        ("dbgd break log=true (server side), on a PLT stub (jmp *GOT(%rip))",
         lambda e, n: client(e, "-x", DBGD_BREAK_LOG, "break", e.plt, "--", *prog(e, n),
                             "plt"), True),
        ("dbgd break + cont, 1 request per hit, in a second thread (all-stop)",
         lambda e, n: client(e, "break", e.tick, "--", *prog(e, n), "thread"), False),
        ("dbgd break ignore=N (server side), in a second thread",
         lambda e, n: client(e, "-x", DBGD_BREAK_IGNORE.format(n=n), "break", e.tick, "--",
                             *prog(e, n), "thread"), True),
        ("gdb break + ignore N", lambda e, n: dict(argv=gdb(f"break *{e.tick}", *ign(n), "run",
                                                          prog=prog(e, n))), False),
        ("gdb break + ignore N, in a second thread",
         lambda e, n: dict(argv=gdb(f"break *{e.tick}", *ign(n), "run",
                                    prog=prog(e, n) + ["thread"])), False),
        ("gdb break, commands: continue", gdb_commands, False),
        ("gdb break, commands: continue, in a second thread",
         lambda e, n: gdb_commands(e, n, "thread"), False),
        ("gdbserver break + ignore N (host side)", gdbserver_tool(
            lambda e, n: [f"break *{e.tick}", *ign(n), "continue"], prog), False),
        ("gdb break if over a variable (false)",
         lambda e, n: dict(argv=gdb(f"break *{e.tick} if {VAR_CONDITION}", "run",
                                    prog=prog(e, n))), False),
        ("gdbserver break if over a variable (target side, false)", gdbserver_tool(
            lambda e, n: ["set breakpoint condition-evaluation target",
                          f"break *{e.tick} if {VAR_CONDITION}", "continue"], prog), False),
        ("gdbserver break if $rsp==0 (target side)", gdbserver_tool(
            lambda e, n: ["set breakpoint condition-evaluation target",
                          f"break *{e.tick} if $rsp == 0", "continue"], prog), False),
    ]


def syscall_tools():
    prog = lambda e, n: [e.sysc, str(n)]
    return [
        (RAW, lambda e, n: dict(argv=[e.exe("rawtrace"), "syscall", "--", *prog(e, n)]), False),
        ("dbgd syscall, 1 request per stop",
         lambda e, n: client(e, "syscall", "--", *prog(e, n)), False),
        ("dbgd syscall names=[openat], no kernel filter",
         lambda e, n: client(e, "-x", DBGD_SYSCALL_NAMES, "syscall", "--", *prog(e, n)), True),
        ("dbgd record_syscalls + cont (server side)",
         lambda e, n: client(e, "-s", DBGD_SPAWN_RECORD, "cont", "--", *prog(e, n)), True),
        ("dbgd cont trace_syscalls, every syscall as events, long-polled with `events`",
         lambda e, n: client(e, "events", "--", *prog(e, n)), True),
        ("raw ptrace + PTRACE_GET_SYSCALL_INFO at each stop (any tracer that names syscalls)",
         lambda e, n: dict(argv=[e.exe("rawtrace"), "syscallinfo", "--", *prog(e, n)]), False),
        ("strace -f -o /dev/null", lambda e, n: dict(argv=["strace", "-f", "-o", "/dev/null",
                                                           *prog(e, n)]), False),
        ("gdb catch syscall getppid + ignore", lambda e, n: dict(argv=gdb(
            "catch syscall getppid", "ignore 1 1000000000", "run", prog=prog(e, n))), False),
        ("gdbserver catch syscall getppid + ignore", gdbserver_tool(
            lambda e, n: ["catch syscall getppid", "ignore 1 1000000000", "continue"], prog), False),
    ]


def filter_tools():
    """Untraced getppid under a filter that traces only openat: the reference is the
    untraced program, not raw ptrace."""
    prog = lambda e, n: [e.sysc, str(n)]
    return [
        ("untraced program", lambda e, n: dict(argv=prog(e, n)), False),
        ("no tracer, a seccomp filter that allows every syscall (the kernel's floor)",
         lambda e, n: dict(argv=[e.exe("rawtrace"), "filteronly", "--", *prog(e, n)]), False),
        ("raw ptrace + seccomp-bpf (openat)", lambda e, n: dict(
            argv=[e.exe("rawtrace"), "seccomp", "257", "--", *prog(e, n)]), False),
        ("dbgd spawn syscall_filter + syscall names=[openat]",
         lambda e, n: client(e, "-s", DBGD_SPAWN_FILTER, "-x", DBGD_SYSCALL_NAMES, "syscall",
                             "--", *prog(e, n)), True),
        ("strace --seccomp-bpf -e trace=openat", lambda e, n: dict(argv=[
            "strace", "-f", "--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null",
            *prog(e, n)]), False),
    ]


def spawn_tools():
    return [
        (RAW, lambda e, n: dict(argv=[e.exe("rawtrace"), "spawn", str(n), "--", e.loop, "0"]), False),
        ("dbgd spawn + close", lambda e, n: client(e, "spawn", str(n), "--", e.loop, "0"), False),
        ("dbgd spawn, batched with the previous close",
         lambda e, n: client(e, "spawnb", str(n), "--", e.loop, "0"), False),
        ("gdb starti (each after the first restarts)", lambda e, n: dict(
            argv=gdb(*(["starti"] * n), *(["kill"] if n else []), prog=[e.loop, "0"])), False),
    ]


def peek_tools(length):
    prog = lambda e, n: [e.buf]
    end = lambda e: f"{e.bufaddr}+{length}"
    dumps = lambda e, n: [f"dump binary memory /dev/null {e.bufaddr} {end(e)}"] * n
    return [
        (RAW, lambda e, n: dict(argv=[e.exe("rawtrace"), "peek", str(n), e.bufaddr, str(length),
                                      "--", e.buf]), False),
        ("dbgd peek hex", lambda e, n: client(e, "peek", str(n), e.bufaddr, str(length), "hex",
                                              "--", e.buf), False),
        ("dbgd peek base64", lambda e, n: client(e, "peek", str(n), e.bufaddr, str(length),
                                                 "base64", "--", e.buf), False),
        ("dbgd POST /mem (binary)", lambda e, n: client(e, "peek", str(n), e.bufaddr,
                                                        str(length), "binary", "--", e.buf),
         False),
        ("gdb dump binary memory", lambda e, n: dict(argv=gdb("run", *dumps(e, n), "kill",
                                                              prog=prog(e, n))), False),
        ("gdbserver dump binary memory", gdbserver_tool(
            lambda e, n: ["continue", *dumps(e, n), "kill"], prog), False),
    ]


# ---- measuring ---------------------------------------------------------------------------------

def per_op(e, make, n, ops):
    """Seconds per operation: (T(n) - T(0)) / ops."""
    big = make(e, n)
    zero = make(e, 0)
    t1, _ = e.run(big["argv"], env=big.get("env"), server=big.get("server"))
    t0, _ = e.run(zero["argv"], env=zero.get("env"), server=zero.get("server"))
    return max(t1 - t0, 1e-9) / ops


def measure(e, title, unit, tools, n, ops, reps, per_unit_peer_n=None):
    """Runs each peer alternated with the reference (the first tool). Returns rows."""
    ref_name, ref_make, _ = tools[0]
    rows = []
    ref_all = []
    for name, make, optional in tools[1:]:
        pn = (per_unit_peer_n or {}).get(name, n)
        pops = ops * pn // n
        vals, refs, skip = [], [], None
        for _ in range(reps):
            try:
                r = per_op(e, ref_make, n, ops)
                v = per_op(e, make, pn, pops)
            except Skip as s:
                skip = str(s)
                break
            except (RuntimeError, subprocess.TimeoutExpired) as x:
                skip, optional = f"FAILED: {x}", False
                break
            vals.append(v)
            refs.append(r)
            ref_all.append(r)
        if skip:
            rows.append(dict(bench=title, tool=name, unit=unit, skipped=skip, optional=optional))
            print(f"  {name:45s} n/a ({skip[:70]})", file=sys.stderr)
            continue
        # The ratio is to the raw runs interleaved with this tool's runs (same drift).
        v = statistics.median(vals)
        ratio = v / statistics.median(refs)
        rows.append(dict(bench=title, tool=name, unit=unit, us=v * 1e6, ratio=ratio,
                         runs=len(vals), n=pn, optional=optional))
        print(f"  {name:45s} {v*1e6:10.2f} us/{unit}  {ratio:6.2f}x", file=sys.stderr)
    if ref_all:
        v = statistics.median(ref_all)
        rows.insert(0, dict(bench=title, tool=ref_name, unit=unit, us=v * 1e6, ratio=1.0,
                            runs=len(ref_all), n=n, optional=False))
        print(f"  {ref_name:45s} {v*1e6:10.2f} us/{unit}  (reference)", file=sys.stderr)
    return rows


def bench_rps(e, m, reps):
    srv = subprocess.Popen(e.pin + [e.exe("mhd_empty"), "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = srv.stdout.readline().strip().split("=", 1)[1]
        empty, sess, regs = [], [], []
        for _ in range(reps):
            _, out = e.run([e.exe("dbgd_client"), "empty", str(m)], env=e.client_env(url))
            empty.append(float(out.split("empty_us=")[1].split()[0]))
            _, out = e.run([e.exe("dbgd_client"), "rps", str(m), "--", e.loop],
                           env=e.client_env())
            sess.append(float(out.split("sessions_us=")[1].split()[0]))
            regs.append(float(out.split("regs_us=")[1].split()[0]))
    finally:
        srv.kill()
        srv.wait()
    floor = statistics.median(empty)
    rows = []
    for name, vals in (("empty libmicrohttpd handler (bench/mhd_empty)", empty),
                       ("dbgd `sessions`, none open", sess),
                       ("dbgd `regs`, all registers, stopped session", regs)):
        v = statistics.median(vals)
        rows.append(dict(bench="requests per second", tool=name, unit="request", us=v,
                         ratio=v / floor, runs=len(vals), n=m, optional=False,
                         ratio_to="the empty handler"))
        print(f"  {name:45s} {v:10.2f} us/request ({1e6/v:8.0f}/s)", file=sys.stderr)
    return rows


def bench_idle(e, k):
    e.start_dbgd(["--max-sessions", str(max(2000, 2 * k))])
    try:
        _, out = e.run([e.exe("dbgd_client"), "idle", str(k), str(e.daemon.pid), "--", e.loop],
                       env=e.client_env())
    finally:
        e.stop_dbgd()
    kv = dict(l.split("=", 1) for l in out.split() if "=" in l)
    per = float(kv["per_session_kib"])
    print(f"  {k} idle sessions: {per:.1f} KiB RSS per session "
          f"({kv['rss_before_kib']} -> {kv['rss_after_kib']} KiB)", file=sys.stderr)
    return [dict(bench="idle sessions", tool=f"dbgd, {k} sessions stopped at exec", unit="session",
                 kib=per, rss_before=int(kv["rss_before_kib"]), rss_after=int(kv["rss_after_kib"]),
                 runs=1, n=k, optional=False)]


def run_suite(e, pinned, quick):
    a = e.args
    reps = 1 if quick else a.reps
    e.pin = ["taskset", "-c", str(a.cpu)] if pinned else []
    e.start_dbgd()
    e.start_dbgd_unix()
    rows = []
    q = quick
    N_STEP, N_BP, N_SC = (200, 200, 200) if q else (10000, 5000, 10000)
    N_FLT = 20000 if q else 1000000
    N_SPAWN, PEEK_LEN = (10, 4 << 20) if q else (100, 64 << 20)
    peek_n = 2 if q else 10
    slow = {"gdb stepi N": N_STEP // 2, "gdbserver stepi N": N_STEP // 4,
            "gdbserver break + ignore N (host side)": N_BP // 2,
            "gdb break + ignore N, in a second thread": N_BP // 2,
            "gdb break, commands: continue, in a second thread": N_BP // 2,
            "dbgd syscall, 1 request per stop": N_SC // 2,
            "gdbserver catch syscall getppid + ignore": N_SC // 4,
            "dbgd peek hex": 1 if q else 2, "dbgd peek base64": 1 if q else 2,
            "dbgd POST /mem (binary)": 1 if q else peek_n // 2,
            "gdbserver dump binary memory": 1, "gdb dump binary memory": peek_n // 2}
    slow = {k: max(1, v) for k, v in slow.items()}
    try:
        sections = [
            ("single-step", "step", step_tools(), N_STEP, N_STEP),
            ("breakpoint hit + continue", "hit", break_tools(), N_BP, N_BP),
            ("syscall entry+exit stop pair", "syscall", syscall_tools(), N_SC, N_SC),
            ("getppid under an openat-only filter", "call", filter_tools(), N_FLT, N_FLT),
            ("spawn to first stop", "spawn", spawn_tools(), N_SPAWN, N_SPAWN),
            (f"peek {PEEK_LEN >> 20} MiB", "read", peek_tools(PEEK_LEN), peek_n, peek_n),
        ]
        for title, unit, tools, n, ops in sections:
            if a.only and not any(o in title for o in a.only):
                continue
            print(f"{title} ({'pinned' if pinned else 'unpinned'}):", file=sys.stderr)
            tools = [t for t in tools if tool_installed(t[0])]
            got = measure(e, title, unit, tools, n, ops, reps, slow)
            for r in got:
                if unit == "read" and "us" in r:
                    r["mb_s"] = PEEK_LEN / (r["us"] / 1e6) / 1e6
            rows += got
        if not a.only or any("request" in o for o in a.only):
            print(f"requests ({'pinned' if pinned else 'unpinned'}):", file=sys.stderr)
            rows += bench_rps(e, 200 if q else 5000, reps)
    finally:
        e.stop_dbgd()
        e.stop_dbgd_unix()
    if not a.only or any("idle" in o for o in a.only):
        print("idle sessions:", file=sys.stderr)
        e.pin = ["taskset", "-c", str(a.cpu)] if pinned else []
        rows += bench_idle(e, 50 if q else 1000)
    for r in rows:
        r["pinned"] = pinned
    return rows


def tool_installed(name):
    for peer in ("gdbserver", "gdb", "strace"):
        if name.startswith(peer):
            if not shutil.which(peer):
                print(f"  {name}: {peer} is not installed (scripts/deps.sh installs it)",
                      file=sys.stderr)
                return False
            return True
    return True


def fmt_table(rows):
    out = []
    bench = None
    for r in rows:
        if r["bench"] != bench:
            bench = r["bench"]
            ref = "the untraced program" if "filter" in bench else (
                r.get("ratio_to") or "raw ptrace")
            ratio = "" if "kib" in r else f"; ratio to {ref}"
            out.append(f"\n**{bench}** ({'pinned' if r['pinned'] else 'unpinned'}{ratio})\n")
            if "kib" in r:
                out.append("| tool | KiB RSS per session | RSS before -> after |\n|---|---:|---|")
            else:
                out.append("| tool | us per op | ops/s | ratio | runs x N |\n|---|---:|---:|---:|---|")
        if "skipped" in r:
            out.append(f"| {r['tool']} | n/a | | | {r['skipped'][:60]} |")
        elif "kib" in r:
            out.append(f"| {r['tool']} | {r['kib']:.1f} | {r['rss_before']} -> {r['rss_after']} KiB |")
        else:
            ops = f"{1e6 / r['us']:,.0f}" if "mb_s" not in r else f"{r['mb_s']:,.0f} MB/s"
            out.append(f"| {r['tool']} | {r['us']:.2f} | {ops} | {r['ratio']:.2f}x |"
                       f" {r['runs']} x {r['n']} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default="build")
    ap.add_argument("--dbgd", default=None, help="the dbgd binary (default BUILD/bin/dbgd)")
    ap.add_argument("--quick", action="store_true", help="smoke run: tiny N, 1 repetition")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=0)
    ap.add_argument("--mode", choices=["pinned", "unpinned", "both"], default=None)
    ap.add_argument("--only", action="append", help="run only sections whose title contains this")
    ap.add_argument("--out", default=None, help="directory for results.json and results.md")
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()
    mode = a.mode or ("pinned" if a.quick else "both")
    e = Env(a)
    try:
        rows = []
        for pinned in ([True] if mode == "pinned" else [False] if mode == "unpinned" else [True, False]):
            rows += run_suite(e, pinned, a.quick)
    finally:
        e.stop_dbgd()
        shutil.rmtree(e.tmp, ignore_errors=True)
    head = (f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; machine: {platform.node()}, "
            f"{os.cpu_count()} CPUs, {cpu_model()}, kernel {platform.release()}; "
            f"command: bench/run.sh {' '.join(sys.argv[1:])}\n")
    md = head + fmt_table(rows)
    print(md)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "results.json"), "w") as f:
            json.dump(dict(header=head, rows=rows), f, indent=1)
        with open(os.path.join(a.out, "results.md"), "w") as f:
            f.write(md)
    bad = [r for r in rows if "skipped" in r and not r["optional"]]
    bad += [r for r in rows if "us" in r and not (r["us"] == r["us"] and r["us"] > 0)]
    if bad:
        print("bench: measurements without a number: " +
              ", ".join(f"{r['bench']}/{r['tool']}" for r in bad), file=sys.stderr)
        return 1
    return 0


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


if __name__ == "__main__":
    sys.exit(main())
