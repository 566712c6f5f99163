"""dbgctl's one-shot subcommands against the real dbgd: human output and --json."""

import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from cli import fixture, gdb_break_addrs, nm  # noqa: E402

HEX = r"0x[0-9a-f]+"


class OneShot(cli.CliTestCase):

    def test_spawn_human_and_json(self):
        r = self.ok("spawn", fixture("hello"))
        m = re.match(r"session (\d+) \(pid (\d+)\): (\S+)\nexec at (%s)\n$" % HEX, r.out)
        self.assertTrue(m, r)
        self.assertEqual(m.group(3), fixture("hello"))
        self.addCleanup(self.ctl, "close", m.group(1))

        sid, st = self.spawn("hello")
        self.assertEqual(st["state"], "stopped")
        self.assertEqual(st["stop"]["reason"], "exec")
        self.assertRegex(st["stop"]["pc"], "^%s$" % HEX)
        self.assertIsInstance(st["pid"], int)

    def test_spawn_relative_path_and_args(self):
        d, name = os.path.split(fixture("loop"))
        old = os.getcwd()
        os.chdir(d)
        try:
            r = self.ok("--json", "spawn", "./" + name, "2")
        finally:
            os.chdir(old)
        st = r.json()
        self.addCleanup(self.ctl, "close", st["session"])
        self.assertEqual(self.ok("cont", st["session"]).out, "exited with code 0\n")
        self.assertEqual(self.ok("output", st["session"]).out, "sum=2\n")

    def test_sessions_and_status(self):
        sid, _ = self.spawn("loop", "3")
        r = self.ok("sessions")
        self.assertRegex(r.out, r"^SESSION\s+PID\s+COMMAND\s+STATE\n")
        self.assertRegex(r.out, r"\n\s+%d\s+\d+\s+%s 3\s+exec at %s\n" %
                         (sid, re.escape(fixture("loop")), HEX))
        js = self.okjson("sessions")
        mine = [s for s in js["sessions"] if s["session"] == sid]
        self.assertEqual(len(mine), 1, js)
        self.assertEqual(mine[0]["path"], fixture("loop"))

        r = self.ok("status", sid)
        self.assertRegex(r.out, r"^session %d \(pid \d+\): %s 3\nexec at %s\n$" %
                         (sid, re.escape(fixture("loop")), HEX))
        st = self.okjson("status", sid)
        self.assertEqual(st["session"], sid)
        self.assertEqual(st["state"], "stopped")

    def test_break_cont_regs_peek_to_exit(self):
        loop = fixture("loop")
        tick = nm(loop, "tick")
        sid, _ = self.spawn("loop", "3")

        r = self.ok("break", sid, "0x%x" % tick)
        # with its line, and a hit with its place, as gdb says them
        self.assertRegex(r.out, r"^breakpoint 1 at 0x%x \(\S*loop\.c:\d+\)\n$" % tick)
        self.assertRegex(self.ok("cont", sid).out,
                         r"^breakpoint 1 at 0x%x in tick \(\S*loop\.c:\d+\)\n$" % tick)

        r = self.ok("regs", sid, "rip", "rsp")
        lines = r.out.splitlines()
        self.assertEqual(len(lines), 2, r)
        self.assertRegex(lines[0], r"^rip\s+0x%x$" % tick)
        self.assertRegex(lines[1], r"^rsp\s+%s" % HEX)
        # aligned: the values end in the same column
        self.assertEqual(len(lines[0].split("  ")[0]), len(lines[1].split("  ")[0]))
        regs = self.okjson("regs", sid)
        self.assertEqual(regs["rip"], "0x%x" % tick)
        for name in ("rax", "rsp", "eflags", "orig_rax"):
            self.assertRegex(regs[name], "^%s$" % HEX)
        full = self.ok("regs", sid)
        self.assertGreaterEqual(len(full.out.splitlines()), 20)

        # memory: tick starts with push %rbp (0x55); peek shows the program's byte,
        # never the breakpoint's 0xcc
        r = self.ok("peek", sid, "0x%x" % tick, "16")
        self.assertRegex(r.out, r"^0x%x  55 " % tick)
        self.assertRegex(r.out, r"\|.{16}\|\n$")
        js = self.okjson("peek", sid, "0x%x" % tick, "4")
        self.assertEqual(js["length"], 4)
        self.assertEqual(js["address"], "0x%x" % tick)
        self.assertTrue(js["bytes"].startswith("55"), js)
        self.assertEqual(len(js["bytes"]), 8)
        r = self.ok("peek", sid, str(tick), "--base64")
        self.assertRegex(r.out, r"^[A-Za-z0-9+/=]+\n$")

        r = self.ok("breakpoints", sid)
        self.assertRegex(r.out, r"ID\s+ADDRESS\s+HITS\s+TEMPORARY\s+CONDITION\n\s+1\s+0x%x\s+1\s+no\n$"
                         % tick)
        bps = self.okjson("breakpoints", sid)["breakpoints"]
        self.assertEqual(len(bps), 1)
        self.assertEqual(bps[0]["hits"], 1)

        self.assertRegex(self.ok("cont", sid).out, r"^breakpoint 1 at 0x%x in tick " % tick)
        self.assertEqual(self.ok("delete", sid, "1").out, "deleted breakpoint 1\n")
        self.assertEqual(self.ok("breakpoints", sid).out, "no breakpoints\n")
        st = self.okjson("cont", sid)
        self.assertEqual(st["state"], "exited")
        self.assertEqual(st["exit_code"], 0)
        self.assertEqual(self.ok("status", sid).out.splitlines()[1], "exited with code 0")
        self.assertEqual(self.ok("output", sid).out, "sum=6\n")
        js = self.okjson("output", sid)
        self.assertEqual(js["text"], "sum=6\n")
        self.assertEqual(js["stream"], "stdout")
        self.assertEqual(self.ok("output", sid, "--stream", "stderr").out, "")
        self.assertEqual(self.ok("output", sid, "--offset", "4").out, "6\n")

    def test_break_symbol_temporary(self):
        tick = gdb_break_addrs(fixture("loop"), ["tick"])[0]  # past the prologue
        sid, _ = self.spawn("loop", "2")
        r = self.ctl("break", sid, "tick", "--temporary")
        if r.rc == cli.EXIT_RPC and "not available in this build" in r.err:
            self.skipTest("dbgd has no symbol lookup: " + r.err.strip())
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.out, r"^breakpoint 1 at 0x%x \(\S*loop\.c:\d+\) \(temporary\)\n$"
                         % tick)
        self.assertRegex(self.ok("cont", sid).out,
                         r"^breakpoint 1 at 0x%x in tick\+0x[0-9a-f]+ \(\S*loop\.c:\d+\)\n$"
                         % tick)
        self.assertEqual(self.ok("cont", sid).out, "exited with code 0\n")

    def test_step(self):
        tick = nm(fixture("loop"), "tick")
        sid, _ = self.spawn("loop", "1")
        self.ok("break", sid, "0x%x" % tick)
        self.ok("cont", sid)
        r = self.ok("step", sid)
        self.assertEqual(r.out, "step at 0x%x\n" % (tick + 1))  # after push %rbp
        st = self.okjson("step", sid, "--count", "2")
        self.assertEqual(st["stop"]["reason"], "step")
        r = self.ok("step", sid, "--count", "3")
        self.assertRegex(r.out, r"^step at %s\n$" % HEX)

    def test_next_step_line_finish(self):
        # the API's line steps (tested against gdb in test_program.py), by their names
        tick = gdb_break_addrs(fixture("loop"), ["tick"])[0]
        sid, _ = self.spawn("loop", "2")
        self.ok("break", sid, "tick")
        self.ok("cont", sid)
        r = self.ok("finish", sid)  # says where: main's loop line, and tick(0)'s value
        self.assertRegex(r.out, r"^finish at %s in main\+0x[0-9a-f]+ \(\S*loop\.c:21\)\n"
                                r"Value returned: 0\n$" % HEX)
        st = self.okjson("next", sid)  # the rest of main's loop line, to the next
        self.assertEqual(st["stop"]["reason"], "step")
        self.assertEqual(st["stop"]["symbol"].split("+")[0], "main")
        # a step by line from main's loop into tick: its first line after the prologue
        for _ in range(4):
            st = self.okjson("step", sid, "--line")
            if st["stop"]["symbol"].startswith("tick"):
                break
        self.assertEqual(st["stop"]["reason"], "breakpoint")  # tick's own breakpoint
        self.assertEqual(st["stop"]["pc"], "0x%x" % tick)
        self.ok("delete", sid, "1")
        st = self.okjson("step", sid, "--over", "--count", "2")
        self.assertEqual(st["stop"]["reason"], "step")
        self.assertEqual(self.ctl("finish", sid, "extra").rc, cli.EXIT_USAGE)

    def test_locals_and_print(self):
        sid, _ = self.spawn("vars")
        self.ok("break", sid, "vars.c:22")  # leaf's return line
        self.ok("cont", sid)
        r = self.ok("locals", sid)
        self.assertRegex(r.out, r"^frame 0, in leaf\narguments:\n  r = \(?")
        self.assertIn("\n  m = M_ON\n  c = 113 'q'\nlocals:\n  depth = 6\n"
                      "  big = 18446744073709551615\n  neg = -5\n", r.out)
        r = self.ok("print", sid, "total", "--frame", "1")
        self.assertEqual(r.out, "total = 22\n")
        self.assertEqual(self.ok("print", sid, "counter").out, "counter = 7\n")
        st = self.okjson("print", sid, "greeting")
        self.assertEqual((st["scope"], st["type"]), ("global", "const char *"))
        self.assertEqual(self.ctl("print", sid, "nosuch").rc, cli.EXIT_RPC)
        self.assertEqual(self.ctl("print", sid).rc, cli.EXIT_USAGE)
        self.assertEqual(self.ctl("locals", sid, "--frame", "x").rc, cli.EXIT_USAGE)
        # gdb's print/x (neg is a short)
        self.assertEqual(self.ok("print", sid, "neg", "--format", "x").out,
                         "neg = 0xfffb\n")
        self.assertEqual(self.ok("print", sid, "c", "--format", "d").out, "c = 113\n")
        self.assertEqual(self.ctl("print", sid, "neg", "--format", "z").rc, cli.EXIT_USAGE)
        # C's operators, a leading minus after --
        self.assertEqual(self.ok("print", sid, "depth * 2 + neg").out, "depth * 2 + neg = 7\n")
        self.assertEqual(self.ok("print", sid, "--", "-depth").out, "-depth = -6\n")
        # without --: an argument that is none of print's options is the expression
        self.assertEqual(self.ok("print", sid, "-depth").out, "-depth = -6\n")
        self.assertEqual(self.ok("print", sid, "-5").out, "-5 = -5\n")
        self.assertEqual(self.ok("print", sid, "-7 / 2").out, "-7 / 2 = -3\n")
        self.assertEqual(self.ok("print", sid, "-neg", "--format", "x").out,
                         "-neg = 0x5\n")
        self.assertEqual(self.ok("print", sid, "--frame", "1", "-total").out,
                         "-total = -22\n")
        self.assertEqual(self.okjson("print", sid, "-depth")["value"], "-6")
        self.assertEqual(self.ctl("print", sid, "-depth", "--nosuch").rc, cli.EXIT_USAGE)
        self.assertEqual(self.ctl("locals", sid, "-x").rc, cli.EXIT_USAGE)

    def test_syscall(self):
        sid, _ = self.spawn("hello")
        # after the exec stop comes execve's own exit (strace's line: dbgd knows what
        # it exec'd), then entry/exit pairs
        r = self.ok("syscall", sid)
        self.assertRegex(r.out, r'^syscall-exit execve\("%s", \[".*\], 0x[0-9a-f]+ '
                         r'/\* \d+ vars \*/\) = 0\n$' % re.escape(fixture("hello")))
        r = self.ok("syscall", sid)
        self.assertRegex(r.out, r"^syscall-entry \w+\(.*\)\n$")
        r = self.ok("syscall", sid)
        # strace's whole line, the daemon's text: brk(NULL) = 0x405000
        self.assertRegex(r.out, r"^syscall-exit \w+\(.*\) = (0x[0-9a-f]+|\d+|-1 E[A-Z]+ \(.*\))\n$")
        # on to write(1, "Hello, world!\n", 14)
        for _ in range(200):
            st = self.okjson("syscall", sid)
            self.assertEqual(st["state"], "stopped", st)
            sc = st["stop"]["syscall"]
            if st["stop"]["reason"] == "syscall-entry" and sc["name"] == "write":
                break
        else:
            self.fail("no write")
        r = self.ok("status", sid)
        self.assertRegex(r.out, r'\nsyscall-entry write\(1, "Hello, world!\\n", 14\)\n$')
        self.assertEqual(self.ok("syscall", sid).out,
                         'syscall-exit write(1, "Hello, world!\\n", 14) = 14\n')

    def test_spawn_follow_forks(self):
        # --follow-forks keeps the children traced: their starts, ends and syscalls are
        # the session's events; without it, none
        for follow in (True, False):
            opts = ["--follow-forks"] if follow else []
            st = self.okjson("spawn", *opts, fixture("forks"))
            sid = st["session"]
            self.addCleanup(self.ctl, "close", sid)
            self.okjson("call", "cont", json.dumps({"session": sid, "trace_syscalls": True}))
            ev = self.okjson("call", "events", json.dumps({"session": sid, "max": 100000}))
            exits = [e["exit_code"] for e in ev["events"] if e["type"] == "process-exit"]
            self.assertEqual(exits, [0, 3] if follow else [])
        # run takes it too, and the program runs as without it
        r = self.ctl("run", "--follow-forks", fixture("forks"))
        self.assertEqual((r.rc, r.out), (0, "done\n"), r)

    def test_signal_and_death(self):
        sid, _ = self.spawn("crash")
        r = self.ok("cont", sid)
        self.assertRegex(r.out, r"^signal SIGSEGV \(SEGV_MAPERR\) at 0x0, pc %s\n$" % HEX)
        self.assertEqual(self.ok("cont", sid).out, "killed by SIGSEGV\n")

    def test_cont_signal_option(self):
        sid, _ = self.spawn("crash")
        self.ok("cont", sid)
        # suppress the SIGSEGV: the write is retried and faults again
        r = self.ok("cont", sid, "--signal", "0")
        self.assertRegex(r.out, r"^signal SIGSEGV")
        r = self.ok("cont", sid, "--signal", "SIGKILL")
        self.assertEqual(r.out, "killed by SIGKILL\n")

    def test_break_if_and_ignore(self):
        # condvars visits records 0..7 from main, then 42 four times from a thread
        sid = self.okjson("spawn", "--stop", "main", fixture("condvars"))["session"]
        self.addCleanup(self.ctl, "close", sid)
        r = self.ok("break", sid, "visit", "--if", "r->id % 2 == 1", "--ignore", "1")
        self.assertRegex(r.out, r"^breakpoint 1 at 0x[0-9a-f]+ \(\S*condvars\.c:\d+\) "
                                r"if r->id % 2 == 1 \(ignores 1 hit\)\n$")
        self.assertRegex(self.ok("cont", sid).out, r"^breakpoint 1 at 0x[0-9a-f]+ in visit")
        self.assertEqual(self.ok("print", sid, "r->id").out, "r->id = 3\n")
        # (the ignore count used up: none still to go on)
        self.assertRegex(self.ok("breakpoints", sid).out,
                         r"\n +1  0x[0-9a-f]+ +2  no         r->id % 2 == 1\n$")
        # a name visit does not see is refused, as gdb refuses it
        r = self.ctl("break", sid, "visit", "--if", "total > 1")
        self.assertEqual(r.rc, cli.EXIT_RPC)
        self.assertIn('no variable "total"', r.err)
        # the same place again: its condition changes (one that fails at r->next == 0)
        self.ok("break", sid, "visit", "--if", "r->next->id == 99")
        r = self.ok("cont", sid)
        self.assertRegex(r.out, r"^breakpoint 1 at 0x[0-9a-f]+ in visit.*\n"
                                r"the condition could not be evaluated: "
                                r"Cannot access memory at address 0x0\n$")  # gdb's words
        self.assertEqual(self.ok("print", sid, "r->id").out, "r->id = 7\n")

    def test_disable_and_enable(self):
        # gdb's disable: kept with its hits, no stop; a pending one too
        sid = self.okjson("spawn", "--stop", "main", fixture("loop"), "3")["session"]
        self.addCleanup(self.ctl, "close", sid)
        self.ok("break", sid, "tick")
        self.assertRegex(self.ok("cont", sid).out, r"^breakpoint 1 at 0x[0-9a-f]+ in tick")
        self.assertRegex(self.ok("disable", sid, "1").out,
                         r"^breakpoint 1 at 0x[0-9a-f]+ \(\S*loop\.c:\d+\) \(disabled\)\n$")
        self.assertRegex(self.ok("breakpoints", sid).out,
                         r"\n +1  0x[0-9a-f]+ +1  no  \(disabled\)\n$")
        self.assertRegex(self.ok("enable", sid, "1").out, r"^breakpoint 1 at [^(]*\([^)]*\)\n$")
        self.assertRegex(self.ok("cont", sid).out, r"^breakpoint 1 at 0x[0-9a-f]+ in tick")
        self.ok("disable", sid, "1")
        self.assertEqual(self.ok("cont", sid).out, "exited with code 0\n")
        self.assertRegex(self.ok("breakpoints", sid).out, r"\n +1  0x[0-9a-f]+ +2  no ")
        r = self.ctl("disable", sid, "x")
        self.assertEqual(r.rc, cli.EXIT_USAGE)
        r = self.ctl("enable", sid, "9")
        self.assertEqual(r.rc, cli.EXIT_RPC)

    def test_handle(self):
        # gdb's handle: nostop passes silently, nopass drops; the program's counts say so
        sid = self.okjson("spawn", "--stop", "main", fixture("handled"))["session"]
        self.addCleanup(self.ctl, "close", sid)
        self.assertEqual(self.ok("handle", sid, "USR1", "nostop").out,
                         "SIGUSR1     10  nostop pass   print\n")
        self.assertEqual(self.ok("handle", sid, "12", "nopass", "noprint").out,
                         "SIGUSR2     12  nostop nopass noprint\n")
        rows = self.ok("handle", sid).out.splitlines()
        self.assertIn("SIGALRM     14  nostop pass   noprint", rows)
        self.assertIn("SIGSEGV     11  stop   pass   print", rows)
        self.assertEqual(self.ok("cont", sid).out, "exited with code 0\n")
        self.assertEqual(self.ok("output", sid).out, "usr1=5 usr2=0 ticks=5\n")
        # SIGUSR1 printed (events), SIGUSR2 not
        sigs = [e["signal"]["name"] for e in
                self.okjson("call", "events", json.dumps({"session": sid}))["events"]
                if e["type"] == "signal"]
        self.assertEqual(sigs, ["SIGUSR1"] * 5)
        r = self.ctl("handle", sid, "USR1", "sideways")
        self.assertEqual(r.rc, cli.EXIT_USAGE)
        r = self.ctl("handle", sid, "KILL", "nostop")
        self.assertEqual(r.rc, cli.EXIT_RPC)
        self.assertIn("keeps its handling", r.err)

    def test_break_pending(self):
        # dlo dlopen()s libm: cbrt is nowhere at the exec stop (the default spawn stop)
        sid, _ = self.spawn("dlo")
        r = self.ctl("break", sid, "cbrt")
        self.assertNotEqual(r.rc, 0)
        self.assertIn("pending", r.err)
        r = self.ok("break", sid, "cbrt", "--pending")
        self.assertEqual(r.out, "breakpoint 1 pending on cbrt\n")
        self.assertRegex(self.ok("breakpoints", sid).out, r"\n +1  \(pending\) +0  no\n$")
        self.assertRegex(self.ok("cont", sid).out, r"^breakpoint 1 at 0x[0-9a-f]+ in cbrt")
        self.assertNotIn("pending", self.ok("breakpoints", sid).out)

    def test_watch(self):
        counter = nm(fixture("watched"), "counter")
        sid, _ = self.spawn("watched")
        self.ok("break", sid, "main")
        self.ok("cont", sid)
        # numbered after breakpoint 1, as gdb's
        r = self.ok("watch", sid, "counter")
        self.assertEqual(r.out, "watchpoint 2 at 0x%x (8 bytes, write)\n" % counter)
        r = self.ok("cont", sid)
        self.assertRegex(r.out, r"^watchpoint 2 at 0x[0-9a-f]+ \(0x%x: 0x0 -> 0x3\)\n$"
                         % counter)
        self.assertRegex(self.ok("watchpoints", sid).out,
                         r"\n +2  0x%x +8  write +1  0x3\n$" % counter)
        # disable and enable a watchpoint by its number, as a breakpoint
        self.assertEqual(self.ok("disable", sid, "2").out,
                         "watchpoint 2 at 0x%x (8 bytes, write) (disabled)\n" % counter)
        self.assertRegex(self.ok("watchpoints", sid).out,
                         r"\n +2  0x%x +8  write +1  0x3  \(disabled\)\n$" % counter)
        self.ok("break", sid, "bump")
        self.assertRegex(self.ok("cont", sid).out, r"^breakpoint 3 at 0x[0-9a-f]+ in bump")
        self.ok("delete", sid, "3")
        self.ok("enable", sid, "2")
        r = self.ok("cont", sid)
        self.assertRegex(r.out, r"^watchpoint 2 at 0x[0-9a-f]+ \(0x%x: 0x3 -> 0x6\)\n$"
                         % counter)
        self.assertEqual(self.ok("unwatch", sid, "2").out, "deleted watchpoint 2\n")
        self.assertEqual(self.ok("watchpoints", sid).out, "no watchpoints\n")
        r = self.ctl("watch", sid, "counter", "--length", "3")
        self.assertNotEqual(r.rc, 0)
        self.assertIn("1, 2, 4 or 8", r.err)
        self.assertEqual(self.ok("cont", sid).out, "exited with code 0\n")

    def test_poke(self):
        tick = nm(fixture("loop"), "tick")
        sid, _ = self.spawn("loop", "1")
        r = self.ok("poke", sid, "0x%x" % tick, "90 90")
        self.assertEqual(r.out, "wrote 2 bytes at 0x%x\n" % tick)
        self.assertEqual(self.okjson("peek", sid, "0x%x" % tick, "2")["bytes"], "9090")
        self.assertEqual(self.okjson("poke", sid, "0x%x" % tick, "0x5548")["written"], 2)
        self.assertEqual(self.okjson("peek", sid, "0x%x" % tick, "2")["bytes"], "5548")

    def test_regs_set(self):
        sid, _ = self.spawn("loop", "1")
        r = self.ok("regs", sid, "rax", "--set", "rax=0x1234")
        self.assertRegex(r.out, r"^rax\s+0x1234  4660\n$")
        self.assertEqual(self.okjson("regs", sid, "rax", "--set", "rax=10")["rax"], "0xa")

    def test_nowait_pause_wait(self):
        sid, _ = self.spawn("loop", "1000000000")
        self.assertEqual(self.ok("cont", sid, "--no-wait").out, "running\n")
        self.assertEqual(self.okjson("status", sid)["state"], "running")
        r = self.ok("wait", sid, "--timeout", "0.2")
        self.assertEqual(r.out, "running\n")
        r = self.ok("pause", sid)
        self.assertRegex(r.out, r"^interrupted at %s\n$" % HEX)
        r = self.ok("wait", sid)
        self.assertRegex(r.out, r"^interrupted at %s\n$" % HEX)
        r = self.ok("cont", sid, "--timeout", "0.3")
        self.assertEqual(r.out, "running\n")
        self.assertEqual(self.ok("kill", sid).out, "killed by SIGKILL\n")

    def test_ctrl_c_during_cont_pauses(self):
        sid, _ = self.spawn("loop", "1000000000")
        proc = subprocess.Popen([cli.dbgctl_binary(), "cont", str(sid)], text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=self.daemon.env())
        try:
            deadline = time.monotonic() + 10
            while self.okjson("status", sid)["state"] != "running":
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.02)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0, err)
        self.assertRegex(out, r"^interrupted at %s\n$" % HEX)
        self.assertEqual(self.okjson("status", sid)["stop"]["reason"], "interrupted")

    def test_json_shapes(self):
        tick = nm(fixture("loop"), "tick")
        sid, spawned = self.spawn("loop", "2")
        bp = self.okjson("break", sid, "0x%x" % tick)
        self.assertTrue(bp.pop("source")["file"].endswith("loop.c"))  # the line's place
        self.assertEqual(bp, {"breakpoint": 1, "address": "0x%x" % tick, "hits": 0,
                              "temporary": False})
        st = self.okjson("cont", sid)
        self.assertEqual(st["stop"].pop("symbol"), "tick")  # where the program says
        st["stop"].pop("source", None)
        self.assertEqual(st["stop"], {"reason": "breakpoint", "pc": "0x%x" % tick,
                                      "breakpoint": 1, "thread": spawned["pid"]})
        self.assertEqual(st["seq"], 2)
        self.assertEqual(self.okjson("pause", sid)["stop"]["reason"], "breakpoint")
        self.assertEqual(self.okjson("wait", sid)["stop"]["reason"], "breakpoint")
        self.assertEqual(self.okjson("delete", sid, "1"), {})
        st = self.okjson("syscall", sid)
        self.assertEqual(st["stop"]["reason"], "syscall-entry")
        sc = st["stop"]["syscall"]
        self.assertIsInstance(sc["nr"], int)
        self.assertEqual(len(sc["args"]), 6)
        for a in sc["args"]:
            self.assertRegex(a, "^%s$" % HEX)
        st = self.okjson("syscall", sid)
        self.assertEqual(st["stop"]["reason"], "syscall-exit")
        self.assertIsInstance(st["stop"]["syscall"]["ret"], int)
        st = self.okjson("step", sid)
        self.assertEqual(st["stop"]["reason"], "step")

    def test_input_to_a_stdin_open_program(self):
        r = self.ok("--json", "spawn", "--stdin-open", fixture("echoin"))
        sid = r.json()["session"]
        self.addCleanup(self.ctl, "close", sid)
        self.assertEqual(self.ok("input", sid, "one ").out, "0 bytes pending, stdin open\n")
        js = self.okjson("input", sid, "dHdvCg==", "--base64")  # "two\n"
        self.assertEqual(js, {"pending": 0, "open": True})
        self.assertEqual(self.ok("input", sid, "--eof").out, "0 bytes pending, stdin closed\n")
        self.assertEqual(self.ok("cont", sid).out, "exited with code 0\n")
        self.assertEqual(self.ok("output", sid).out, "one two\neof\n")
        r = self.ctl("input", sid, "late")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("has ended", r.err)
        r = self.ctl("input", sid)
        self.assertEqual(r.rc, 2, r)
        self.assertIn("give DATA, --eof, or both", r.err)
        sid2, _ = self.spawn("echoin")  # stdin is /dev/null
        r = self.ctl("input", sid2, "x")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("stdin_open", r.err)

    def test_kill_close(self):
        sid, _ = self.spawn("loop", "3")
        st = self.okjson("kill", sid)
        self.assertEqual(st["state"], "killed")
        self.assertEqual(st["signal"]["name"], "SIGKILL")
        self.assertEqual(self.ok("close", sid).out, "closed session %d\n" % sid)
        r = self.ctl("status", sid)
        self.assertEqual(r.rc, cli.EXIT_RPC, r)
        sid, _ = self.spawn("loop", "3")
        self.assertEqual(self.okjson("close", sid), {})

    def test_call_raw(self):
        sid, _ = self.spawn("hello")
        r = self.ok("call", "status", '{"session": %d}' % sid)
        st = r.json()
        self.assertEqual(st["session"], sid)
        self.assertIn("sessions", self.ok("call", "sessions").json())
        self.assertEqual(self.ok("call", "status", "[%d]" % sid).json()["session"], sid)
        doc = self.ok("call", "rpc.discover").json()
        self.assertIn("methods", doc)

    def test_unix_socket(self):
        d = cli.Daemon("unix")
        try:
            env = d.env()
            self.assertTrue(d.url.startswith("unix:"), d.url)
            r = self.ctl("--json", "spawn", fixture("hello"), env=env)
            self.assertEqual(r.rc, 0, r)
            sid = r.json()["session"]
            r = self.ctl("cont", sid, env=env)
            self.assertEqual(r.out, "exited with code 0\n", r)
            r = self.ctl("--url", d.url, "output", sid, env=env)
            self.assertEqual(r.out, "Hello, world!\n", r)
        finally:
            d.stop()

    def test_url_and_token_options(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DBGD_", "XDG_"))}
        env["HOME"] = "/nonexistent"
        r = self.ctl("--url", self.daemon.url, "--token", self.daemon.token, "sessions",
                     env=env)
        self.assertEqual(r.rc, 0, r)
        env2 = dict(env, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        r = self.ctl("sessions", env=env2)
        self.assertEqual(r.rc, 0, r)
        r = self.ctl("--state-dir", self.daemon.state_dir, "sessions", env=env)
        self.assertEqual(r.rc, 0, r)


if __name__ == "__main__":
    cli.main()
