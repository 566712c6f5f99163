"""print's calls of the program's functions (gdb's `print f(3)` and `call f(3)`), with
gdb run at test time on the same fixture as the oracle (no value is written here):
each call's value as gdb prints it at the same breakpoint, the registers and the next
stops exactly as without the call, side effects seen, and the calls that do not return
(a breakpoint, a signal, a loop, an exit) abandoned with the session as it was.

Fixture: infcall (ints, pointers, doubles, mixed, seven arguments, a small and a large
struct returned, a side effect, void, recursion, libc's strlen, abs and getpid).

Where dbgd differs from gdb, as docs/program.md says: too many arguments are refused
(gdb ignores the extra ones); a breakpoint or a signal in the called function abandons
the call and restores the registers (gdb's `set unwindonsignal on`), where gdb stays
there; gdb names getpid's symbol (__GI_getpid) in its error, dbgd the name written.
"""

import os
import subprocess
import time

import dbgd
from dbgd import DbgdTestCase, fixture

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")

# the calls compared with gdb, in order (bump and reset_counter change counter, which
# the later ones read)
CALLS = ["square(7)", "square(7) + 1", "square(-3) * square(2)", "add7(1, 2, 3, 4, 5, 6, 7)",
         "halve(5)", "halve(scale)", "mix(1, 2, 3, 4)", "fsum(1.5, 2)", "make_point(1, 2)",
         "make_point(3, 4).y", "make_mixed(1.5, 7)", "make_big(5)", "point_sum(make_point(3, 4))",
         "greet(1)", "greet(0)", "first(name)", "slen(name)", 'slen("abc")', "ufact(10)",
         "sum3(square(2), 2, 3)", "abs(-3)", "(unsigned long)strlen(name)", "strlen(name)",
         "*greet(1)@5", "*greet(1)", "&make_point(1, 2)",
         "getpid()", "(int)getpid() > 1", "bump(5)", "counter", "reset_counter()", "counter",
         "bump(2) + bump(3)", "counter", "square()", "nosuch(1)", "reset_counter() + 1",
         "ldhalf(3)", "ldhalf(3) * 2", "ldhalf(scale)", "big_sum(make_big(1))",
         "add7(1, 2, 3, 4, 5, 6, big_sum(make_big(2)))"]


def line_of(mark, src="infcall.c"):
    with open(os.path.join(FIXTURES, src)) as f:
        return next(i + 1 for i, l in enumerate(f) if "/* %s */" % mark in l)


def gdb_prints(exprs, prog="infcall", src="infcall.c", settings=(), timeout=120):
    """gdb's `print` of each of exprs at src's HERE (its first hit) in fixture prog, in
    order: the value after '= ', or the error's text. settings: more gdb commands
    before the run."""
    argv = ["gdb", "-batch", "-nx"]
    for l in ["set pagination off", "set confirm off", "set startup-with-shell off",
              "set disable-randomization on", "set width 0", *settings,
              "break %s:%d" % (src, line_of("HERE", src)), "run"]:
        argv += ["-ex", l]
    for e in exprs:
        argv += ["-ex", "echo @@\\n", "-ex", "print " + e]
    argv += ["-ex", "echo @@\\n", "-ex", "kill"]
    out = subprocess.run(argv + [fixture(prog)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=timeout).stdout
    parts = out.split("@@\n")[1:len(exprs) + 1]
    got = []
    for p in parts:
        p = p.strip()
        got.append(p.split(" = ", 1)[1] if p.startswith("$") else p)
    return got


class InfcallCase(DbgdTestCase):
    def at_here(self, **kw):
        """A session stopped at HERE's first hit: (session, breakpoint id)."""
        s = self.spawn("infcall", stop="main", **kw)["session"]
        b = self.rpc("break", session=s, symbol="infcall.c:%d" % line_of("HERE"))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        return s, b["breakpoint"]

    def run_to_end(self, s):
        """cont past the SIGUSR2 stop (delivered) to the exit."""
        for _ in range(5):
            st = self.rpc("cont", session=s, timeout=10)
            if st["state"] != "stopped":
                break
        self.assertExited(st)

    def value(self, s, e, **kw):
        """print's value of e, or its error's text (a result's or a JSON-RPC error's)."""
        try:
            r = self.rpc("print", session=s, name=e, **kw)
        except dbgd.RpcError as x:
            return x.data["detail"].split('": ', 1)[1]
        return r.get("value", r.get("error"))

    def test_values_as_gdb(self):
        want = gdb_prints(CALLS)
        s, _ = self.at_here()
        got = [self.value(s, e) for e in CALLS]
        for e, g, w in zip(CALLS, got, want):
            if e == "getpid()":  # gdb names the symbol it found, __GI_getpid
                w = w.replace("__GI_getpid", "getpid")
            self.assertEqual(g, w, e)
        self.assertEqual(len(got), len(CALLS))

    def test_void_call_and_type(self):
        s, _ = self.at_here()
        r = self.rpc("print", session=s, name="reset_counter()")
        self.assertEqual((r["type"], r["value"]), ("void", "void"))
        r = self.rpc("print", session=s, name="make_point(1, 2)")
        self.assertEqual(r["type"], "struct point")
        self.assertNotIn("address", r)  # a value in no variable
        r = self.rpc("print", session=s, name="greet(1)")
        self.assertEqual(r["type"], "const char *")

    def test_registers_and_next_stops_unchanged(self):
        """A call leaves every register (general, flags, segment, fs_base...) as it was,
        and the next stop is the one a run without calls reaches, with the same
        values."""
        plain, _ = self.at_here()
        s, _ = self.at_here()
        before = self.rpc("regs", session=s)
        self.assertEqual(before, self.rpc("regs", session=plain))
        for e, want in [("square(7)", "49"), ("make_big(5)", "{a = 5, b = 6, c = 7, d = 8}"),
                        ("mix(1, 2, 3, 4)", "4321"), ("add7(1, 2, 3, 4, 5, 6, 7)", "140"),
                        ("*greet(1)@5", '"hello"'), ("ufact(20)", "2432902008176640000"),
                        ("fsum(1.5, 2)", "3.5")]:
            self.assertEqual(self.value(s, e), want, e)
        self.assertEqual(self.rpc("regs", session=s), before)
        st, sp = self.rpc("cont", session=s), self.rpc("cont", session=plain)
        self.assertEqual(st["stop"]["pc"], sp["stop"]["pc"])
        self.assertEqual(self.rpc("regs", session=s), self.rpc("regs", session=plain))
        for e in ["k", "counter"]:
            self.assertEqual(self.value(s, e), self.value(plain, e))
        self.run_to_end(s)
        self.run_to_end(plain)
        out = [self.rpc("output", session=x)["text"] for x in (s, plain)]
        self.assertEqual(out[0], out[1])

    def test_side_effect_seen(self):
        s, _ = self.at_here()
        self.assertEqual(self.value(s, "counter"), "10")
        self.assertEqual(self.value(s, "bump(5)"), "15")
        self.assertEqual(self.value(s, "counter"), "15")
        self.value(s, "reset_counter()")
        self.assertEqual(self.value(s, "counter"), "0")
        self.rpc("delete", session=s, breakpoint=1)
        self.run_to_end(s)
        # main adds k (1) to counter before printing its "end" line
        self.assertIn("end 1 ", self.rpc("output", session=s)["text"])

    def test_breakpoint_in_called_function(self):
        s, here = self.at_here()
        bp = self.rpc("break", session=s, symbol="infcall.c:%d" % line_of("BP"))["breakpoint"]
        before = self.rpc("regs", session=s)
        e = self.assertRpcError(-32009, "print", session=s, name="trapped(1)")
        self.assertIn("hit breakpoint %d" % bp, e.data["detail"])
        self.assertEqual(e.data.get("call"), "abandoned")
        self.assertEqual(self.rpc("regs", session=s), before)
        hits = {b["breakpoint"]: b["hits"] for b in self.rpc("breakpoints", session=s)
                ["breakpoints"]}
        self.assertEqual(hits[bp], 0)
        # the program goes on as it would: HERE again, then the breakpoint in trapped
        st = self.rpc("cont", session=s)
        self.assertEqual(st["stop"]["breakpoint"], here)
        st = self.rpc("cont", session=s)
        if st["stop"]["reason"] == "signal":  # SIGUSR2, before
            st = self.rpc("cont", session=s)
        self.assertEqual(st["stop"]["breakpoint"], bp)

    def test_signal_in_called_function(self):
        s, _ = self.at_here()
        before = self.rpc("regs", session=s)
        for call, sig in [("raiser(1)", "SIGUSR1"), ("crasher(2)", "SIGSEGV")]:
            e = self.assertRpcError(-32009, "print", session=s, name=call)
            self.assertIn("received %s" % sig, e.data["detail"])
            self.assertEqual(self.rpc("regs", session=s), before)
        # the signals were discarded: the program runs to its end as it would
        self.rpc("delete", session=s, breakpoint=1)
        self.run_to_end(s)

    def test_call_that_never_returns(self):
        s, _ = self.at_here()
        other, _ = self.at_here()
        before = self.rpc("regs", session=s)
        t0 = time.monotonic()
        e = self.assertRpcError(-32009, "print", session=s, name="forever(1)", timeout=0.3)
        took = time.monotonic() - t0
        self.assertIn("did not return within 300 ms", e.data["detail"])
        self.assertLess(took, 3.0)
        self.assertEqual(self.rpc("regs", session=s), before)
        # the daemon and the other session are fine, the session goes on as before
        self.assertEqual(self.value(other, "square(4)"), "16")
        self.assertEqual(self.value(s, "square(5)"), "25")
        st = self.rpc("cont", session=s)
        self.assertEqual(st["stop"]["reason"], "breakpoint")

    def test_exit_in_called_function(self):
        s, _ = self.at_here()
        e = self.assertRpcError(-32003, "print", session=s, name="goodbye(7)")
        self.assertIn("exited", e.data["detail"])
        for _ in range(50):
            st = self.rpc("status", session=s)
            if st["state"] != "stopped":
                break
            time.sleep(0.05)
        self.assertExited(st, 7)
        self.assertRpcError(-32003, "print", session=s, name="square(1)")

    def test_signal_stop_keeps_its_siginfo(self):
        """At a signal's stop, a call leaves the signal's siginfo as it was: the
        handler gets raise's si_code (SI_TKILL, -6) when the signal is delivered, not
        ptrace's made-up one (SI_USER, 0)."""
        s = self.spawn("infcall", stop="main")["session"]
        st = self.rpc("cont", session=s)
        self.assertEqual(st["stop"]["signal"]["name"], "SIGUSR2", st)
        before = self.rpc("regs", session=s)
        self.assertEqual(self.value(s, "square(6)"), "36")
        self.assertEqual(self.rpc("regs", session=s), before)
        self.run_to_end(s)
        self.assertIn("usr2 code -6\n", self.rpc("output", session=s)["text"])

    def test_call_at_syscall_exit(self):
        """From a syscall-exit stop: registers as they were, the program's output the
        same as without the call."""
        s = self.spawn("infcall", stop="main")["session"]
        for _ in range(40):
            st = self.rpc("syscall", session=s)
            if st["stop"]["reason"] == "syscall-exit" and st["stop"]["syscall"]["name"] == "write":
                break
        before = self.rpc("regs", session=s)
        self.assertEqual(self.value(s, "square(9)"), "81")
        self.assertEqual(self.rpc("regs", session=s), before)
        self.run_to_end(s)
        self.assertTrue(self.rpc("output", session=s)["text"].startswith("round 0 0\n"))

    def test_refusals(self):
        s, _ = self.at_here()
        bad = [
            ("square(1, 2)", -32602, "Too many arguments"),
            ("square()", -32602, "Too few arguments in function call."),
            ("getpid()", -32602, "'getpid' has unknown return type; cast the call to its "
                                 "declared return type"),
            ("nosuch(1)", -32011, 'No symbol "nosuch" in current context.'),
            ("cnorm(1)", -32012, "passing a parameter of type complex"),  # gcc: complex double
            ("wide(1)", -32012, "'wide' returns __int128"),
            ("big_sum(1)", -32012, "the parameter is a struct"),
            ("square(1", -32602, "')' is missing"),
        ]
        for e, code, text in bad:
            x = self.assertRpcError(code, "print", session=s, name=e)
            self.assertIn(text, x.data["detail"], e)
        for t in (61, -1, "x"):
            self.assertRpcError(-32602, "print", session=s, name="square(1)", timeout=t)
        x = self.assertRpcError(-32602, "break", session=s, symbol="square",
                                condition="square(2) == 4")
        self.assertIn("not evaluated in a breakpoint's condition", x.data["detail"])
        # a syscall-entry stop
        self.rpc("delete", session=s, breakpoint=1)
        st = self.rpc("syscall", session=s)
        self.assertEqual(st["stop"]["reason"], "syscall-entry")
        x = self.assertRpcError(-32009, "print", session=s, name="square(1)")
        self.assertIn("syscall-entry", x.data["detail"])
        self.assertNotIn("call", x.data)
        self.rpc("kill", session=s)
        # running
        r = self.spawn("blockread", stop="main")["session"]
        self.rpc("cont", session=r, wait=False)
        self.assertRpcError(-32002, "print", session=r, name="square(1)")
        self.rpc("kill", session=r)
        self.assertTrue(self.daemon.alive())

    def test_dbgctl_call_and_print(self):
        """The prompt: call of a void function prints nothing (gdb's), of another its
        value; print calls too; an error says why."""
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        cmds = ("break infcall.c:%d\nrun\ncall reset_counter()\ncall square(7)\n"
                "p square(7) + 1\np counter\ncall nosuch(1)\nkill\nquit\n" % line_of("HERE"))
        r = subprocess.run([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "debug",
                            fixture("infcall")], input=cmds, capture_output=True, text=True,
                           env=e, timeout=60)
        after = r.stdout.split("/* HERE */\n", 1)[1]
        self.assertEqual(after.split("[Inferior 1 (process")[0],  # gdb's kill line
                         "square(7) = 49\nsquare(7) + 1 = 50\ncounter = 0\n")
        self.assertIn('No symbol "nosuch" in current context.', r.stderr)

    def test_dap_evaluate_calls(self):
        """The DAP bridge's evaluate goes through print: it calls too."""
        from test_dap import Adapter

        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        self.assertTrue(a.request("initialize", adapterID="dbgd", linesStartAt1=True)["success"])
        self.assertTrue(a.request("launch", program=fixture("infcall"), args=[])["success"])
        a.event("initialized")
        a.request("setBreakpoints", source={"path": os.path.realpath(os.path.join(FIXTURES, "infcall.c"))},
                  breakpoints=[{"line": line_of("HERE")}])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]["id"]
        r = a.request("evaluate", expression="square(7) + 1", frameId=frame)
        self.assertEqual((r["body"]["result"], r["body"]["type"]), ("50", "int"))
        k = a.request("evaluate", expression="k", frameId=frame)["body"]["result"]
        self.assertEqual(k, "0")
        r = a.request("evaluate", expression="bump(1)", frameId=frame)
        self.assertEqual(r["body"]["result"], "11")
        r = a.request("evaluate", expression="getpid()", frameId=frame)
        self.assertFalse(r["success"])
        self.assertIn("unknown return type", r["message"])
        a.request("disconnect", terminateDebuggee=True)


if __name__ == "__main__":
    dbgd.main()
