"""gdb and strace as oracles.

- gdb: the (pc, sp) pairs of N single steps from the exec stop (gdb's `starti`) must be
  the same for gdb and dbgd, on the same binary with the same argv and environment and
  ASLR off in both (gdb: startup-with-shell off, so no shell adds variables; the
  environment is cleared on both sides, so gdb's LINES/COLUMNS do not differ and the
  stacks line up to the byte).
- strace: the names of the system calls of `syscalls 5` from exec to exit, in order,
  must be the same in strace's log and in dbgd's syscall-entry stops.
"""

import os
import re
import subprocess
import tempfile

import dbgd
from dbgd import DbgdTestCase, fixture, hexint

STEPS = 2000
ENV = {"DBGD_ORACLE": "1"}


def gdb_step_pcs(path, args, env, n):
    """gdb: starti, then n stepi; (pc, sp) at the start and after each."""
    vals = dbgd.gdb_values(path, args, env, ["starti", "p/x $pc", "p/x $sp"] +
                           ["stepi\np/x $pc\np/x $sp"] * n + ["kill"])
    return list(zip(vals[0::2], vals[1::2]))


REGS = ["pc", "sp", "rbp", "rax", "rdi", "eflags"]


def gdb_steps_from_break(path, args, env, addr, n):
    """gdb: run to a breakpoint at addr, then n stepi; REGS after each (n + 1 rows)."""
    prints = "\n".join("p/x $%s" % r for r in REGS)
    vals = dbgd.gdb_values(path, args, env, ["break *0x%x" % addr, "run", prints] +
                           ["stepi\n" + prints] * n + ["kill"])
    k = len(REGS)
    return [tuple(vals[i:i + k]) for i in range(0, len(vals), k)]


def strace_names(path, args):
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "log")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=all", "-o", log, path, *args],
                       check=True, capture_output=True, timeout=60)
        names = []
        with open(log) as f:
            for line in f:
                m = re.match(r"^(?:\d+\s+)?([a-z_0-9]+)\(", line)
                if m:
                    names.append(m.group(1))
    return names


class TestOracles(DbgdTestCase):
    def test_single_steps_match_gdb(self):
        path = fixture("loop")
        want = gdb_step_pcs(path, ["3"], ENV, STEPS)
        self.assertEqual(len(want), STEPS + 1, "gdb output unexpected")
        st = self.spawn("loop", 3, env=ENV, env_clear=True)
        s = st["session"]
        got = []
        for i in range(STEPS + 1):
            if i:
                st = self.rpc("step", session=s)
                self.assertStopped(st, "step")
            sp = self.rpc("regs", session=s, names=["rsp"])["rsp"]
            got.append((hexint(st["stop"]["pc"]), hexint(sp)))
        fmt = lambda l: ["%d: pc %x sp %x" % (i, pc, sp) for i, (pc, sp) in enumerate(l)]
        self.assertEqual(fmt(got), fmt(want))

    def test_counted_steps_match_gdb(self):
        # `step` with count runs its steps server side (without reading the registers
        # between them when no breakpoint is set): after each count, pc and sp are gdb's
        # after as many stepi
        path = fixture("loop")
        want = gdb_step_pcs(path, ["3"], ENV, STEPS)
        self.assertEqual(len(want), STEPS + 1, "gdb output unexpected")
        s = self.spawn("loop", 3, env=ENV, env_clear=True)["session"]
        done = 0
        for count in (1, 2, 7, 100, 390, 1000, STEPS - 1500):
            st = self.rpc("step", session=s, count=count)
            self.assertStopped(st, "step")
            done += count
            sp = hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])
            self.assertEqual((hexint(st["stop"]["pc"]), sp), want[done],
                             "after %d steps" % done)
        self.assertEqual(done, STEPS)

    def test_steps_from_breakpoint_match_gdb(self):
        # through tick's prologue (push %rbp; mov %rsp,%rbp), out, and around the loop
        # into tick again: the registers agree with gdb's after every single step
        path = fixture("loop")
        tick = dbgd.nm(path, "tick")
        n = 60
        want = gdb_steps_from_break(path, ["3"], ENV, tick, n)
        self.assertEqual(len(want), n + 1, "gdb output unexpected")
        s = self.spawn("loop", 3, env=ENV, env_clear=True)["session"]
        self.rpc("break", session=s, address=tick)
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        names = ["rip", "rsp", "rbp", "rax", "rdi", "eflags"]
        got = []
        for i in range(n + 1):
            if i:
                st = self.rpc("step", session=s)
                self.assertEqual(st["state"], "stopped", st)
            regs = self.rpc("regs", session=s, names=names)
            got.append(tuple(hexint(regs[r]) for r in names))
        fmt = lambda l: ["%d: " % i + " ".join("%s %x" % (r, v) for r, v in zip(REGS, row))
                         for i, row in enumerate(l)]
        self.assertEqual(fmt(got), fmt(want))
        self.assertIn(tick, [row[0] for row in got[1:]], "the steps did not reach tick again")

    def test_syscall_names_match_strace(self):
        path = fixture("syscalls")
        want = strace_names(path, ["5"])
        self.assertEqual(want[0], "execve")
        self.assertEqual(want[-1], "exit_group")
        self.assertEqual(want.count("getppid"), 5)
        s = self.spawn("syscalls", 5)["session"]
        got, pending = [], None
        for _ in range(1000):
            st = self.rpc("syscall", session=s)
            if st["state"] != "stopped":
                break
            stop = st["stop"]
            if stop["reason"] == "syscall-entry":
                self.assertIsNone(pending, "two entries without an exit: %r" % stop)
                pending = stop["syscall"]["name"]
                got.append(pending)
            elif stop["reason"] == "syscall-exit":
                if pending is None and not got and stop["syscall"]["name"] == "execve":
                    continue  # execve's own exit, right after the exec stop
                self.assertEqual(stop["syscall"]["name"], pending, stop)
                pending = None
            else:
                self.fail("unexpected stop %r" % stop)
        self.assertExited(st, 0)
        self.assertEqual(pending, "exit_group")
        self.assertEqual(got, want[1:])
        self.assertEqual(self.output(s), "done\n")


if __name__ == "__main__":
    dbgd.main()
