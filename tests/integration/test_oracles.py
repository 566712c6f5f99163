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
import signal
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


ALL_REGS = ["rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15", "eflags"]


def gdb_regs_after_steps(path, args, env, addr, counts):
    """gdb: run to a breakpoint at addr, delete it, then `stepi c` for each c of counts;
    ALL_REGS at the breakpoint and after each (len(counts) + 1 rows)."""
    prints = "\n".join("p/x $%s" % r for r in ALL_REGS)
    vals = dbgd.gdb_values(path, args, env, ["break *0x%x" % addr, "run", "delete", prints] +
                           ["stepi %d\n" % c + prints for c in counts] + ["kill"])
    k = len(ALL_REGS)
    return [tuple(vals[i:i + k]) for i in range(0, len(vals), k)]


def gdb_regs_from_exec(path, args, env, n):
    """gdb: starti, then n stepi; ALL_REGS at the exec stop and after each step."""
    prints = "\n".join("p/x $%s" % r for r in ALL_REGS)
    vals = dbgd.gdb_values(path, args, env, ["starti", prints] +
                           ["stepi\n" + prints] * n + ["kill"], timeout=300)
    k = len(ALL_REGS)
    return [tuple(vals[i:i + k]) for i in range(0, len(vals), k)]


def fmt_regs(rows):
    return ["%d: " % i + " ".join("%s %x" % (r, v) for r, v in zip(ALL_REGS, row))
            for i, row in enumerate(rows)]


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

    def test_counted_steps_through_a_whole_program_match_gdb(self):
        # hello from its exec stop to its exit, 500 steps per request: ld.so, libc's
        # start-up, main, stdio and exit, most of it stepped by dbgd itself. pc, sp and
        # rbp after every count are gdb's after as many stepi; the count that crosses
        # the exit reports it. Other registers are not compared here: a few hold what
        # the CPU or the kernel do not repeat (rdtsc, the stack guard from AT_RANDOM).
        path, every = fixture("hello"), 500
        regs = ["rip", "rsp", "rbp"]
        prints = "\n".join("p/x $%s" % r for r in regs)
        # gdb's script ends at the first error: the p/x after the program has exited
        vals = dbgd.gdb_values(path, [], ENV, ["starti", prints] +
                               ["stepi %d\n" % every + prints] * 1000, timeout=300)
        want = [tuple(vals[i:i + 3]) for i in range(0, len(vals), 3)]
        self.assertGreater(len(want), 20, "gdb output unexpected")
        self.assertLess(len(want), 1000, "hello did not exit within gdb's steps")
        s = self.spawn("hello", env=ENV, env_clear=True)["session"]
        got = []
        for _ in range(1000):
            r = self.rpc("regs", session=s, names=regs)
            got.append(tuple(hexint(r[x]) for x in regs))
            st = self.rpc("step", session=s, count=every)
            if st["state"] != "stopped":
                break
            self.assertEqual(st["stop"]["reason"], "step")
        self.assertExited(st)
        fmt = lambda l: ["after %d steps: pc %x sp %x rbp %x" % ((i * every,) + row)
                         for i, row in enumerate(l)]
        self.assertEqual(fmt(got), fmt(want))

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

    def _at_break(self, name, func, *args):
        """Spawn fixture name with args, stopped at a breakpoint on func."""
        s = self.spawn(name, *args, env=ENV, env_clear=True)["session"]
        self.rpc("break", session=s, address=dbgd.nm(fixture(name), func))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        return s

    def _flow_at_break(self, *args):
        """Spawn flow with args, stopped at its breakpoint on flow (or flow_nx...)."""
        func = {"nx": "flow_nx", "mprot": "flow_mprot"}.get(args[0] if args else "", "flow")
        return self._at_break("flow", func, *args)

    def _all_regs(self, s):
        regs = self.rpc("regs", session=s, names=ALL_REGS)
        return tuple(hexint(regs[r]) for r in ALL_REGS)

    def _regs_after_steps(self, s, n):
        """ALL_REGS now and after each of n one-request steps (a step onto the
        breakpoint reports it, as gdb does)."""
        got = [self._all_regs(s)]
        for _ in range(n):
            self.assertIn(self.assertStopped(self.rpc("step", session=s))["reason"],
                          ("step", "breakpoint"))
            got.append(self._all_regs(s))
        return got

    def test_every_register_after_each_step_matches_gdb(self):
        # flow runs every jcc (short and near), calls, returns, pops and jumps, the
        # instructions dbgd steps itself (emulate.h), with shl between them, which the
        # CPU steps: after each one-request step, every general register and eflags are
        # gdb's after as many stepi
        path = fixture("flow")
        n = 400
        want = gdb_regs_after_steps(path, ["6"], ENV, dbgd.nm(path, "flow"), [1] * n)
        self.assertEqual(len(want), n + 1, "gdb output unexpected")
        got = self._regs_after_steps(self._flow_at_break("6"), n)
        self.assertEqual(fmt_regs(got), fmt_regs(want))
        self.assertGreater(len({row[0] for row in got}), 100, "too few distinct pcs")

    def test_every_register_after_each_step_through_mix_matches_gdb(self):
        # insns' mix: every form dbgd emulates (moves, loads and stores with index
        # registers, movzx/movsx, compares and tests of memory and bytes...) and rep
        # string instructions it does not, one request per step
        path = fixture("insns")
        n = 300
        want = gdb_regs_after_steps(path, ["2"], ENV, dbgd.nm(path, "mix"), [1] * n)
        self.assertEqual(len(want), n + 1, "gdb output unexpected")
        got = self._regs_after_steps(self._at_break("insns", "mix", 2), n)
        self.assertEqual(fmt_regs(got), fmt_regs(want))

    def test_every_register_after_counted_steps_matches_gdb(self):
        path = fixture("flow")
        counts = [1, 2, 50, 333, 1000, 2500]
        want = gdb_regs_after_steps(path, ["6"], ENV, dbgd.nm(path, "flow"), counts)
        self.assertEqual(len(want), len(counts) + 1, "gdb output unexpected")
        s = self._flow_at_break("6")
        got = [self._all_regs(s)]
        self.rpc("delete", session=s, breakpoint=1)  # gdb's counts do not stop on it
        for count in counts:
            self.assertStopped(self.rpc("step", session=s, count=count), "step")
            got.append(self._all_regs(s))
        self.assertEqual(fmt_regs(got), fmt_regs(want))

    def test_every_register_through_ld_so_matches_gdb(self):
        # From the exec stop through ld.so, one request per step: dbgd learns which
        # pages are executable and steps most instructions itself, the rest for real.
        # After each step every general register and eflags are gdb's, except what the
        # CPU does not repeat: rdtsc and cpuid results (the clock, the CPU's number)
        # are copied from gdb's side when they differ. At the exec stop itself rax is
        # not compared: dbgd stops inside execve (PTRACE_EVENT_EXEC, rax -ENOSYS), gdb
        # after it returned (0).
        path = fixture("loop")
        n = 3000
        want = gdb_regs_from_exec(path, ["3"], ENV, n)
        self.assertEqual(len(want), n + 1, "gdb output unexpected")
        s = self.spawn("loop", 3, env=ENV, env_clear=True)["session"]
        got = self._all_regs(s)
        self.assertEqual(got[:3] + got[4:], want[0][:3] + want[0][4:], "at the exec stop")
        nondeterministic = ("rdtsc", "rdtscp", "cpuid")
        for i in range(1, n + 1):
            ins = self.rpc("disasm", session=s, count=1)["instructions"][0]["mnemonic"]
            self.assertStopped(self.rpc("step", session=s))
            got = self._all_regs(s)
            if ins in nondeterministic and got != want[i]:
                fix = {r: hex(w) for r, g, w in zip(ALL_REGS, got, want[i])
                       if g != w and r in ("rax", "rbx", "rcx", "rdx")}
                self.rpc("regs", session=s, set=fix)
                got = self._all_regs(s)
            if got != want[i]:
                self.assertEqual(fmt_regs([got])[0], fmt_regs([want[i]])[0],
                                 "after step %d (%s before it)" % (i, ins))

    def test_step_to_a_data_page_faults_as_in_gdb(self):
        # `call flow_data`, a label in .data: the call completes, then the fetch at the
        # target faults. A step done by dbgd must not run the ret it can read there.
        path = fixture("flow")
        vals = dbgd.gdb_values(path, ["nx"], ENV, [
            "break flow_nx", "run", "stepi", "p/x $pc", "stepi", "p/x $pc",
            "p/x $_siginfo.si_signo", "p/x $_siginfo._sifields._sigfault.si_addr", "kill"])
        self.assertEqual(len(vals), 4, "gdb output unexpected")
        data = dbgd.nm(path, "flow_data")
        self.assertEqual(vals, [data, data, 11, data])
        s = self._flow_at_break("nx")
        st = self.rpc("step", session=s)
        self.assertEqual(hexint(self.assertStopped(st, "step")["pc"]), data)
        stop = self.assertStopped(self.rpc("step", session=s), "signal")
        self.assertEqual(hexint(stop["pc"]), data)
        self.assertEqual(stop["signal"]["name"], "SIGSEGV")
        self.assertEqual(hexint(stop["signal"]["address"]), data)

    def test_step_after_mprotect_of_its_own_page_faults_as_in_gdb(self):
        # flow_mprot: four instructions dbgd steps itself, then a syscall that takes
        # PROT_EXEC from their page: the next instruction cannot be fetched. A page
        # known to be executable must be forgotten across the syscall.
        path = fixture("flow")
        vals = dbgd.gdb_values(path, ["mprot"], ENV, [
            "break flow_mprot", "run"] + ["stepi"] * 5 + [
            "p/x $pc", "stepi", "p/x $pc", "p/x $_siginfo.si_signo", "kill"])
        self.assertEqual(len(vals), 3, "gdb output unexpected")
        s = self._flow_at_break("mprot")
        for _ in range(5):
            self.assertStopped(self.rpc("step", session=s), "step")
        pc = hexint(self.rpc("status", session=s)["stop"]["pc"])
        self.assertEqual(pc, vals[0])
        stop = self.assertStopped(self.rpc("step", session=s), "signal")
        self.assertEqual((hexint(stop["pc"]), stop["signal"]["number"]), (vals[1], vals[2]))
        self.assertEqual(stop["signal"]["name"], "SIGSEGV")

    def test_step_reports_a_queued_signal_first(self):
        # A signal sent while the program is stopped is delivered by the next resume: a
        # step reports it (as gdb's stepi does) before running the instruction, also when
        # dbgd could have stepped that instruction itself
        s = self._flow_at_break("6")
        self.rpc("step", session=s, count=3)
        before = self._all_regs(s)
        os.kill(self.rpc("status", session=s)["pid"], signal.SIGUSR1)
        stop = self.assertStopped(self.rpc("step", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGUSR1")
        self.assertEqual(self._all_regs(s), before)
        # the next step delivers it: the default action ends the program, as in gdb
        st = self.rpc("step", session=s)
        self.assertEqual(st["state"], "killed", st)
        self.assertEqual(st["signal"]["name"], "SIGUSR1")
        # the same in the middle of counted steps: reported at once
        s = self._flow_at_break("6")
        self.rpc("step", session=s, count=5)
        before = self._all_regs(s)
        os.kill(self.rpc("status", session=s)["pid"], signal.SIGUSR2)
        stop = self.assertStopped(self.rpc("step", session=s, count=100), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGUSR2")
        self.assertEqual(self._all_regs(s), before)

    def test_syscalls_without_a_libseccomp_name(self):
        # a number nobody knows is named as strace names it (syscall_0x3e7); newer
        # syscalls than libseccomp's table (mseal, statmount) by the kernel's names,
        # which this strace may not know yet, and `names` finds them
        want = strace_names(fixture("oddcalls"), [])
        self.assertIn("syscall_0x3e7", want)
        s = self.spawn("oddcalls")["session"]
        got = []
        st = self.rpc("syscall", session=s, names=["mseal", "statmount", "write"])
        while st["state"] == "stopped":
            if st["stop"]["reason"] == "syscall-entry":
                got.append((st["stop"]["syscall"]["nr"], st["stop"]["syscall"]["name"]))
            st = self.rpc("syscall", session=s, names=["mseal", "statmount", "write"])
        self.assertExited(st, 0)
        self.assertEqual(got, [(462, "mseal"), (457, "statmount"), (1, "write")])
        s = self.spawn("oddcalls")["session"]
        for _ in range(200):
            st = self.rpc("syscall", session=s)
            if st["stop"]["syscall"]["nr"] == 999:
                break
        self.assertEqual(st["stop"]["syscall"]["name"], "syscall_0x3e7")
        self.rpc("close", session=s)

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
