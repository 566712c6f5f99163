"""attach: debugging a process that dbgd did not start (gdb -p PID).

Each test starts tests/fixtures/attachme itself (subprocess, not through dbgd), attaches
to it through the real daemon (started with --allow-attach), and checks that the
process, once let go (close, detach, dbgd's shutdown), goes on as if nothing had
happened: its own output and exit code are the oracle, gdb's backtrace of a copy in the
same state the one for the stack. Nothing sleeps a fixed time where a condition can be
polled: /proc/PID/syscall says when a process is blocked in the call a test wants.
"""

import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import dbgd

from dbgd import (ATTACH, INVALID_PARAMS, LIMIT, STATE, Daemon, DbgdTestCase, fixture,
                  hexint, load_base, main, nm, proc_status, wait_until)

NR_READ = 0
NR_NANOSLEEP = (35, 230)  # nanosleep, clock_nanosleep
ERESTARTSYS = -512
ERESTART_RESTARTBLOCK = -516
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                   "attachme.c")


def signed64(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def blocked_in(pid, nrs, tid=None):
    """Is thread tid (the main one by default) of pid blocked in one of syscalls nrs?"""
    try:
        with open("/proc/%d/task/%d/syscall" % (pid, tid or pid)) as f:
            first = f.read().split()[0]
    except (OSError, IndexError):
        return False
    return first.lstrip("-").isdigit() and int(first) in nrs


def source_line(text):
    """The line number of the first line of attachme.c that contains text."""
    with open(SRC) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise AssertionError("%r not in %s" % (text, SRC))


class Prog:
    """attachme started by the test, with pipes for stdin and stdout."""

    def __init__(self, test, *args):
        self.p = subprocess.Popen([fixture("attachme"), *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
        self.pid = self.p.pid
        self.out = b""
        test.addCleanup(self.cleanup)
        self.read_until(b"ready\n")

    def read_until(self, what, timeout=20):
        deadline = time.monotonic() + timeout
        while what not in self.out:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no %r from attachme (got %r)" % (what, self.out))
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if r:
                b = os.read(self.p.stdout.fileno(), 65536)
                if not b:
                    raise AssertionError("attachme closed stdout (got %r)" % self.out)
                self.out += b
        return self.out

    def read_available(self):
        while select.select([self.p.stdout], [], [], 0)[0]:
            b = os.read(self.p.stdout.fileno(), 65536)
            if not b:
                break
            self.out += b
        return self.out

    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def finish(self, timeout=60):
        """Wait for the end: (exit status as Popen says it, all of stdout as text)."""
        out, err = self.p.communicate(timeout=timeout)
        self.out += out
        return self.p.returncode, self.out.decode()

    def state(self):
        st = proc_status(self.pid)
        return st["State"][0] if st else None

    def cleanup(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.communicate()


def gdb_backtrace(pid):
    """gdb -p PID -batch -ex bt: [(function, pc or None)] down to main."""
    out = subprocess.run(["gdb", "-nx", "-batch", "-p", str(pid), "-ex", "bt"],
                         capture_output=True, text=True, timeout=120).stdout
    frames = []
    for line in out.splitlines():
        m = re.match(r"^#\d+\s+(?:(0x[0-9a-f]+) in )?(\S+) \(", line)
        if m:
            frames.append((m.group(2), int(m.group(1), 16) if m.group(1) else None))
    return frames


def module_of(pid, pc):
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.split(None, 5)
            s, e = (int(x, 16) for x in parts[0].split("-"))
            if s <= pc < e and len(parts) > 5:
                return parts[5].strip()
    return None


class TestAttach(DbgdTestCase):
    daemon_args = ("--allow-attach",)

    def attach(self, pid, **kw):
        st = self.rpc("attach", pid=pid, **kw)
        self.addCleanup(self._close_quietly, st["session"])
        return st

    def attach_in(self, prog, nrs, tries=5):
        """Attach to prog while it is blocked in one of syscalls nrs: the attach stop's
        orig_rax says it was (else detach, and again: it may have left the call between
        the look and the attach)."""
        for _ in range(tries):
            self.assertTrue(wait_until(lambda: blocked_in(prog.pid, nrs), 20),
                            "attachme never blocked in %s" % (nrs,))
            st = self.attach(prog.pid)
            regs = self.rpc("regs", session=st["session"], names=["rax", "orig_rax"])
            if hexint(regs["orig_rax"]) in nrs:
                return st, regs
            self.rpc("detach", session=st["session"])
        self.fail("could not attach while in %s" % (nrs,))

    def assert_stays_stopped(self, prog):
        """Detached from a group-stop, prog goes back into it (the kernel passes through
        R on its way there, so wait for T) and prints nothing more."""
        self.assertTrue(wait_until(lambda: prog.state() == "T", 20), prog.state())
        before = prog.read_available()
        for _ in range(10):
            self.assertEqual(prog.state(), "T")
            time.sleep(0.02)
        self.assertEqual(prog.read_available(), before)

    def test_sleeping_program(self):
        """Attached in nanosleep: the stack as gdb sees a copy of it, symbols, break on a
        function and on FILE:LINE, print against the program's own count; close lets it
        finish with all its ticks and its exit code (no SIGTRAP, no lost tick)."""
        exe = os.path.realpath(fixture("attachme"))
        copy = Prog(self, "sleep", "150", "7")
        self.assertTrue(wait_until(lambda: blocked_in(copy.pid, NR_NANOSLEEP), 20))
        want = gdb_backtrace(copy.pid)
        want_rel = [(f, pc - load_base(copy.pid, module_of(copy.pid, pc)) if pc else None)
                    for f, pc in want]
        copy.cleanup()

        prog = Prog(self, "sleep", "150", "7")
        st, regs = self.attach_in(prog, NR_NANOSLEEP)
        s = st["session"]
        stop = self.assertStopped(st, "attach")
        self.assertEqual(st["pid"], prog.pid)
        self.assertIs(st["attached"], True)
        self.assertEqual(st["path"], exe)
        self.assertEqual(st["args"], ["sleep", "150", "7"])
        self.assertEqual(stop["thread"], prog.pid)
        # broken off by the attach, to be restarted: what gdb sees after its attach
        self.assertEqual(signed64(hexint(regs["rax"])), ERESTART_RESTARTBLOCK, regs)
        listed = self.rpc("sessions")["sessions"]
        self.assertEqual([x["session"] for x in listed if x.get("attached")], [s])

        frames = self.rpc("backtrace", session=s)["frames"]
        got = [(f.get("function"), hexint(f["pc"]) - load_base(prog.pid, f["module"]))
               for f in frames]
        n = [f for f, _ in want].index("main") + 1
        self.assertEqual([f for f, _ in got[:n]], [f for f, _ in want_rel[:n]], (got, want))
        for (gf, gpc), (wf, wpc) in zip(got[1:n], want_rel[1:n]):
            self.assertEqual(gpc, wpc, "frame %s" % gf)

        sym = self.rpc("symbols", session=s, name="tick")["symbols"][0]
        self.assertEqual(hexint(sym["address"]), nm(exe, "tick"))
        self.rpc("break", session=s, symbol="tick")
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        i = int(self.rpc("print", session=s, name="i")["value"])
        count = int(self.rpc("print", session=s, name="count")["value"])
        self.assertEqual(count, i)  # the program's own invariant
        args = self.rpc("locals", session=s)
        self.assertIn("i", [v["name"] for v in args.get("args", []) + args.get("locals", [])],
                      args)
        # what it printed so far: every tick before this one
        prog.read_available()
        if i:
            self.assertEqual(prog.out.decode().splitlines()[-1], "tick %d" % (i - 1))

        line = source_line("count++;")
        b = self.rpc("break", session=s, symbol="attachme.c:%d" % line)
        st = self.rpc("cont", session=s)
        stop = self.assertStopped(st, "breakpoint")
        self.assertEqual(stop["breakpoint"], b["breakpoint"])
        self.assertEqual(stop["source"]["line"], line)

        self.rpc("close", session=s)
        rc, out = prog.finish()
        self.assertEqual(rc, 7, out)
        self.assertEqual(out.splitlines(),
                         ["ready"] + ["tick %d" % k for k in range(150)] + ["count 150"])

    def test_read_restarted_after_close_while_running(self):
        """A read on a pipe, broken off by the attach, is restarted: after `cont` and a
        close of the running session, the data written then is the program's."""
        prog = Prog(self, "read")
        st, regs = self.attach_in(prog, (NR_READ,))
        s = st["session"]
        self.assertEqual(signed64(hexint(regs["rax"])), ERESTARTSYS, regs)
        funcs = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertIn("do_read", funcs)
        st = self.rpc("cont", session=s, wait=False)
        self.assertEqual(st["state"], "running")
        self.assertTrue(wait_until(lambda: blocked_in(prog.pid, (NR_READ,)), 20))
        self.rpc("close", session=s)
        self.assertEqual(proc_status(prog.pid)["TracerPid"], "0")
        prog.write(b"hello")
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ngot hello\n"))

    def test_read_restarted_after_detach(self):
        """detach from the attach stop: the read goes on."""
        prog = Prog(self, "read")
        st, _ = self.attach_in(prog, (NR_READ,))
        r = self.rpc("detach", session=st["session"])
        self.assertEqual(r, {"pid": prog.pid, "detached": True})
        self.assertRpcError(-32001, "status", session=st["session"])
        prog.write(b"hi")
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ngot hi\n"))

    def test_breakpoint_at_restart_pc(self):
        """A breakpoint on the instruction after the interrupted syscall: `cont` must let
        the kernel restart the call (not step over that instruction in dbgd), so the hit
        comes once the read returns, with its count."""
        prog = Prog(self, "read")
        st, _ = self.attach_in(prog, (NR_READ,))
        s = st["session"]
        pc = st["stop"]["pc"]
        self.rpc("break", session=s, address=pc)
        st = self.rpc("cont", session=s, wait=False)
        self.assertEqual(st["state"], "running")
        prog.write(b"hello")
        st = self.rpc("wait", session=s, timeout=20)
        stop = self.assertStopped(st, "breakpoint")
        self.assertEqual(stop["pc"], pc)
        regs = self.rpc("regs", session=s, names=["rax"])
        self.assertEqual(hexint(regs["rax"]), 5)
        self.rpc("detach", session=s)
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ngot hello\n"))

    def test_step_restarts_read(self):
        """A single step from the attach stop restarts the read: it ends once the read
        returns, at the same pc (after the syscall instruction)."""
        prog = Prog(self, "read")
        st, _ = self.attach_in(prog, (NR_READ,))
        s = st["session"]
        pc = st["stop"]["pc"]
        st = self.rpc("step", session=s, timeout=0.2)  # the read blocks: no data yet
        self.assertEqual(st["state"], "running", st)
        self.assertTrue(wait_until(lambda: blocked_in(prog.pid, (NR_READ,)), 20))
        prog.write(b"step")
        st = self.rpc("wait", session=s, timeout=20)
        stop = self.assertStopped(st, "step")
        self.assertEqual(stop["pc"], pc)
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rax"])["rax"]), 4)
        self.rpc("close", session=s)
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ngot step\n"))

    def test_detach_after_a_paused_step_leaves_no_trap(self):
        """A step that restarts the read blocks, and `pause` breaks it off: the step's
        SIGTRAP is queued then (the read's broken-off exit). Let go with it, the program
        died of it (SIGTRAP, its default action); detach and close now discard it, and
        the read goes on."""
        for how in ("detach", "close"):
            with self.subTest(how=how):
                prog = Prog(self, "read")
                st, _ = self.attach_in(prog, (NR_READ,))
                s = st["session"]
                st = self.rpc("step", session=s, timeout=0.2)  # the read blocks
                self.assertEqual(st["state"], "running", st)
                self.assertTrue(wait_until(lambda: blocked_in(prog.pid, (NR_READ,)), 20))
                self.assertStopped(self.rpc("pause", session=s), "interrupted")
                self.rpc(how, session=s)
                self.assertEqual(proc_status(prog.pid)["TracerPid"], "0")
                try:
                    prog.write(b"on")
                except BrokenPipeError:
                    pass  # it died: its exit status says of what
                rc, out = prog.finish()
                self.assertEqual((rc, out), (0, "ready\ngot on\n"))

    def main_left(self):
        """attachme mainexit once its main thread has left and the other blocks in
        read: (prog, the other thread's tid)."""
        prog = Prog(self, "mainexit")
        tasks = lambda: [int(t) for t in os.listdir("/proc/%d/task" % prog.pid)]
        self.assertTrue(wait_until(lambda: prog.state() == "Z" and len(tasks()) == 2, 20))
        tid = [t for t in tasks() if t != prog.pid][0]
        self.assertTrue(wait_until(lambda: blocked_in(prog.pid, (NR_READ,), tid), 20))
        return prog, tid

    def test_main_thread_has_left(self):
        """A process whose main thread has left (pthread_exit) reads as a zombie, but
        runs on in its other thread: it is attached through that one, as `gdb -p TID`
        does (gdb -p PID refuses it as a zombie; dbgd was refusing it too). Its stack is
        gdb's; a breakpoint is hit; the end of its last thread is the process's."""
        prog, tid = self.main_left()
        want = [f for f, _ in gdb_backtrace(tid)]
        self.assertIn("after_main", want)
        st = self.attach(prog.pid)
        s = st["session"]
        stop = self.assertStopped(st, "attach")
        self.assertEqual(stop["thread"], tid)
        self.assertEqual(self.rpc("status", session=s)["pid"], prog.pid)
        self.assertEqual([t["tid"] for t in self.rpc("threads", session=s)["threads"]],
                         [tid])
        got = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertEqual(got, want)
        self.rpc("break", session=s, symbol="got")
        st = self.rpc("cont", session=s, wait=False)
        prog.write(b"x")
        stop = self.assertStopped(self.rpc("wait", session=s, timeout=20), "breakpoint")
        self.assertEqual(stop["thread"], tid)
        self.assertExited(self.rpc("cont", session=s, timeout=20), 5)
        rc, out = prog.finish()
        self.assertEqual((rc, out), (5, "ready\ngot x\n"))

    def test_main_thread_has_left_detach(self):
        """... and detach lets its thread go on."""
        prog, tid = self.main_left()
        s = self.attach(prog.pid)["session"]
        self.rpc("break", session=s, symbol="got")
        self.assertEqual(self.rpc("detach", session=s), {"pid": prog.pid, "detached": True})
        self.assertEqual(proc_status(tid)["TracerPid"], "0")
        prog.write(b"y")
        rc, out = prog.finish()
        self.assertEqual((rc, out), (5, "ready\ngot y\n"))

    def test_syscall_after_attach(self):
        """`syscall` from the attach stop: the restarted read's entry, then its exit."""
        prog = Prog(self, "read")
        st, _ = self.attach_in(prog, (NR_READ,))
        s = st["session"]
        prog.write(b"abc")
        seen = []
        for _ in range(4):
            st = self.rpc("syscall", session=s)
            stop = self.assertStopped(st)
            seen.append((stop["reason"], stop["syscall"]["name"]))
            if stop["reason"] == "syscall-exit" and stop["syscall"]["name"] == "read":
                self.assertEqual(stop["syscall"]["ret"], 3)
                break
        self.assertIn(("syscall-exit", "read"), seen)
        self.rpc("detach", session=s)
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ngot abc\n"))

    def test_threads(self):
        """Three threads before the attach, two after: all listed and stopped, a
        breakpoint hit in a new one; detach lets the program complete."""
        prog = Prog(self, "threads")
        tids = lambda: sorted(int(t) for t in os.listdir("/proc/%d/task" % prog.pid))
        self.assertTrue(wait_until(lambda: len(tids()) == 4, 20), tids())
        st, _ = self.attach_in(prog, (NR_READ,))
        s = st["session"]
        threads = self.rpc("threads", session=s)["threads"]
        self.assertEqual(sorted(t["tid"] for t in threads), tids())
        self.assertEqual({t["state"] for t in threads}, {"stopped"}, threads)
        for t in tids():  # all-stop: every thread in a ptrace stop
            self.assertEqual(proc_status(t)["State"][0], "t", t)
        self.rpc("break", session=s, symbol="late_work")
        before = set(tids())
        prog.write(b"x")
        st = self.rpc("cont", session=s)
        stop = self.assertStopped(st, "breakpoint")
        self.assertNotIn(stop["thread"], before)
        threads = self.rpc("threads", session=s)["threads"]
        self.assertIn(stop["thread"], [t["tid"] for t in threads])
        self.assertGreaterEqual(len(threads), 5, threads)
        self.rpc("detach", session=s)
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ndone late=2 early=3\n"))

    def test_detach_with_hits_in_flight(self):
        """Four threads spin through a breakpoint: at each hit the others are stopped,
        one now and then just as it ran into the int3 (the kernel reports the
        interrupt's stop first: its SIGTRAP pending, its pc one past the int3). The
        detach must not let such a thread go with our SIGTRAP (it would die of it: CI
        once saw test_threads end so) nor with its pc inside the instruction. Attach,
        hit, detach, over and over (about 1 round in 70 met it before the fix, under
        load), bounded in time; the program must outlive them all."""
        path = fixture("mthreads")
        loop_head = dbgd.objdump_function(path, "count_here")[4][0]  # the loop's head
        self.assertIn("mov", dbgd.objdump_function(path, "count_here")[4][1])
        p = subprocess.Popen([path, "count"])
        self.addCleanup(lambda: (p.poll() is None and p.kill(), p.wait()))
        self.assertTrue(wait_until(
            lambda: len(os.listdir("/proc/%d/task" % p.pid)) == 5, 20))
        def ended(rounds):
            self.fail("the program ended after detach %d: %s" % (
                rounds, signal.Signals(-p.returncode).name if p.returncode < 0
                else "exit %d" % p.returncode))

        deadline, rounds = time.monotonic() + 25, 0
        while rounds < 300 and time.monotonic() < deadline:
            if p.poll() is not None:
                ended(rounds)
            try:
                s = self.rpc("attach", pid=p.pid)["session"]
                self.rpc("break", session=s, address=hex(loop_head))
                self.assertStopped(self.rpc("cont", session=s, timeout=10), "breakpoint")
                self.rpc("detach", session=s)
            except dbgd.RpcError:
                # "a zombie", "has been killed": it was dying of the last detach
                if wait_until(lambda: p.poll() is not None, 5):
                    ended(rounds)
                raise
            rounds += 1
        with self.assertRaises(subprocess.TimeoutExpired, msg="it ended after the "
                               "last detach: %s" % p.returncode):
            p.wait(timeout=0.3)

    def test_threads_close_while_running(self):
        """Close while every thread runs: they are stopped, then let go."""
        prog = Prog(self, "threads")
        self.assertTrue(wait_until(
            lambda: len(os.listdir("/proc/%d/task" % prog.pid)) == 4, 20))
        st = self.attach(prog.pid)
        s = st["session"]
        self.rpc("break", session=s, symbol="work")
        st = self.rpc("cont", session=s, wait=False)
        self.rpc("close", session=s)
        for t in os.listdir("/proc/%d/task" % prog.pid):
            self.assertEqual(proc_status(int(t))["TracerPid"], "0", t)
        prog.write(b"x")
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ndone late=2 early=3\n"))

    def test_threads_made_while_attaching(self):
        """Threads made and ended all the time: each attach stops every thread there is
        (each listed, each in a ptrace stop), detach lets them all go, five times; the
        program then ends normally."""
        prog = Prog(self, "churn")
        for _ in range(5):
            st = self.attach(prog.pid)
            s = st["session"]
            self.assertStopped(st, "attach")
            tasks = sorted(int(t) for t in os.listdir("/proc/%d/task" % prog.pid))
            listed = sorted(t["tid"] for t in self.rpc("threads", session=s)["threads"])
            self.assertEqual(listed, tasks)
            for t in tasks:
                st_t = proc_status(t)
                self.assertEqual(st_t["State"][0], "t", (t, st_t["State"]))
                self.assertEqual(st_t["TracerPid"], str(self.daemon.pid))
            self.rpc("detach", session=s)
            for t in os.listdir("/proc/%d/task" % prog.pid):
                self.assertEqual((proc_status(int(t)) or {"TracerPid": "0"})["TracerPid"],
                                 "0", t)
        prog.write(b"x")
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\nchurned\n"))

    def test_detach_delivers_the_pending_signal(self):
        """A signal that stopped the process and was not delivered yet goes with the
        detach (PTRACE_DETACH with it, as gdb): its handler (no SA_RESTART) runs, and
        the read fails with EINTR, as it would have without dbgd."""
        prog = Prog(self, "read")
        st, _ = self.attach_in(prog, (NR_READ,))
        s = st["session"]
        os.kill(prog.pid, signal.SIGUSR1)
        st = self.rpc("cont", session=s)
        stop = self.assertStopped(st, "signal")
        self.assertEqual(stop["signal"]["name"], "SIGUSR1")
        self.rpc("detach", session=s)
        rc, out = prog.finish(timeout=20)
        self.assertEqual((rc, out), (2, "ready\nread failed: Interrupted system call\n"))

    def test_sigstopped_process(self):
        """A process stopped (SIGSTOP) before the attach: attached, looked at, and left
        stopped by close; SIGCONT then lets it finish."""
        prog = Prog(self, "sleep", "20", "3")
        os.kill(prog.pid, signal.SIGSTOP)
        self.assertTrue(wait_until(lambda: prog.state() == "T", 20))
        st = self.attach(prog.pid)
        s = st["session"]
        self.assertStopped(st, "attach")
        funcs = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertIn("main", funcs)
        self.rpc("close", session=s)
        self.assertEqual(proc_status(prog.pid)["TracerPid"], "0")
        self.assert_stays_stopped(prog)
        os.kill(prog.pid, signal.SIGCONT)
        rc, out = prog.finish()
        self.assertEqual(rc, 3, out)
        self.assertEqual(out.splitlines()[-1], "count 20")

    def test_sigstopped_process_cont(self):
        """`cont` runs a process attached in a group-stop (ptrace overrides job control,
        as under gdb): it hits a breakpoint; after close the kernel puts it back into
        its stop, until SIGCONT."""
        prog = Prog(self, "sleep", "5", "3")
        os.kill(prog.pid, signal.SIGSTOP)
        self.assertTrue(wait_until(lambda: prog.state() == "T", 20))
        st = self.attach(prog.pid)
        s = st["session"]
        self.rpc("break", session=s, symbol="tick")
        st = self.rpc("cont", session=s, timeout=30)
        self.assertStopped(st, "breakpoint")
        self.rpc("close", session=s)
        self.assert_stays_stopped(prog)
        os.kill(prog.pid, signal.SIGCONT)
        rc, out = prog.finish()
        self.assertEqual(rc, 3, out)
        self.assertEqual(out.splitlines()[-1], "count 5")

    def test_exit_while_attached(self):
        """The process ends while attached: the session ends with its exit code."""
        prog = Prog(self, "sleep", "3", "9")
        st = self.attach(prog.pid)
        st = self.rpc("cont", session=st["session"], timeout=30)
        self.assertEqual(st.get("state"), "exited", st)
        self.assertEqual(st.get("exit_code"), 9, st)
        rc, out = prog.finish()
        self.assertEqual(rc, 9, out)
        r = self.rpc("detach", session=st["session"])
        self.assertEqual(r, {"pid": prog.pid, "detached": False})

    def test_killed_from_outside(self):
        """SIGKILL from outside: the session ends killed."""
        prog = Prog(self, "sleep", "100", "0")
        st = self.attach(prog.pid)
        s = st["session"]
        st = self.rpc("cont", session=s, wait=False)
        os.kill(prog.pid, signal.SIGKILL)
        st = self.rpc("wait", session=s, timeout=20)
        self.assertKilled(st, "SIGKILL", 9)

    def test_kill(self):
        """`kill` kills an attached process (and only it)."""
        prog = Prog(self, "sleep", "100", "0")
        st = self.attach(prog.pid)
        st = self.rpc("kill", session=st["session"])
        self.assertKilled(st, "SIGKILL", 9)
        prog.finish()
        self.assertEqual(prog.p.returncode, -signal.SIGKILL)

    def test_no_output_no_input(self):
        prog = Prog(self, "read")
        st = self.attach(prog.pid)
        s = st["session"]
        e = self.assertRpcError(STATE, "output", session=s)
        self.assertIn("attached", e.data["detail"])
        e = self.assertRpcError(STATE, "input", session=s, data="x")
        self.assertIn("attached", e.data["detail"])

    def test_detach_spawned_refused(self):
        st = self.spawn("hello")
        e = self.assertRpcError(STATE, "detach", session=st["session"])
        self.assertIn("spawned", e.data["detail"])
        self.assertEqual(self.rpc("status", session=st["session"])["state"], "stopped")

    def test_refusals(self):
        """What attach refuses, and the daemon stays up."""
        def refused(pid, reason):
            e = self.assertRpcError(ATTACH, "attach", pid=pid)
            self.assertEqual(e.data.get("reason"), reason, e.data)
            return e

        refused(1, "init")
        refused(self.daemon.pid, "self")
        refused(os.getpid(), "ancestor")  # the test started dbgd
        # a process that is gone, and bad params
        gone = subprocess.Popen(["true"])
        gone.wait()
        e = self.assertRpcError(INVALID_PARAMS, "attach", pid=gone.pid)
        self.assertEqual(e.data.get("errno"), "ESRCH", e.data)
        for bad in (0, -5, "12", None, 1.5, 1 << 40):
            self.assertRpcError(INVALID_PARAMS, "attach", pid=bad)
        self.assertRpcError(INVALID_PARAMS, "attach")
        self.assertRpcError(INVALID_PARAMS, "attach", pid=5, extra=1)
        # a zombie (not reaped yet)
        z = subprocess.Popen(["true"])
        self.addCleanup(z.wait)
        self.assertTrue(wait_until(lambda: (proc_status(z.pid) or {}).get("State", "")
                                   .startswith("Z"), 20))
        refused(z.pid, "zombie")
        # a thread, not its process
        prog = Prog(self, "threads")
        self.assertTrue(wait_until(
            lambda: len(os.listdir("/proc/%d/task" % prog.pid)) == 4, 20))
        tid = max(int(t) for t in os.listdir("/proc/%d/task" % prog.pid))
        e = refused(tid, "thread")
        self.assertEqual(e.data.get("process"), prog.pid)
        # traced already: by one of our sessions, then by strace
        st = self.attach(prog.pid)
        e = refused(prog.pid, "traced")
        self.assertEqual(e.data.get("session"), st["session"])
        self.assertEqual(e.data.get("tracer"), self.daemon.pid)
        self.rpc("detach", session=st["session"])
        strace = subprocess.Popen(["strace", "-o", "/dev/null", "-p", str(prog.pid)],
                                  stderr=subprocess.PIPE)
        self.addCleanup(lambda: (strace.poll() is None and strace.terminate(),
                                 strace.wait()))
        self.assertTrue(wait_until(
            lambda: proc_status(prog.pid)["TracerPid"] == str(strace.pid), 20))
        e = refused(prog.pid, "traced")
        self.assertEqual(e.data.get("tracer"), strace.pid)
        self.assertIn("strace", e.data["detail"])
        strace.terminate()
        strace.wait()
        # a kernel thread, if this system shows any (containers do not)
        kthreads = [int(d) for d in os.listdir("/proc") if d.isdigit() and
                    (proc_status(int(d)) or {}).get("PPid") == "2"]
        if kthreads:
            refused(kthreads[0], "kernel-thread")
        self.assertIsInstance(self.rpc("sessions")["sessions"], list)
        prog.write(b"x")
        rc, out = prog.finish()
        self.assertEqual((rc, out), (0, "ready\ndone late=2 early=3\n"))


class TestAttachDisabled(DbgdTestCase):
    """Without --allow-attach, attach is refused, saying why."""

    def test_disabled(self):
        prog = Prog(self, "read")
        e = self.assertRpcError(ATTACH, "attach", pid=prog.pid)
        self.assertEqual(e.data.get("reason"), "disabled")
        self.assertIn("--allow-attach", e.data["detail"])
        self.assertEqual(proc_status(prog.pid)["TracerPid"], "0")
        prog.write(b"x")
        self.assertEqual(prog.finish(), (0, "ready\ngot x\n"))


class TestAttachLimit(DbgdTestCase):
    daemon_args = ("--allow-attach", "--max-sessions", "1")

    def test_counts_against_max_sessions(self):
        self.spawn("hello")
        prog = Prog(self, "read")
        e = self.assertRpcError(LIMIT, "attach", pid=prog.pid)
        self.assertEqual(e.data.get("limit"), 1)
        self.assertEqual(proc_status(prog.pid)["TracerPid"], "0")


@unittest.skipUnless(shutil.which("setpriv") and os.geteuid() == 0,
                     "needs root and setpriv to run dbgd without CAP_SYS_PTRACE")
class TestAttachPermission(unittest.TestCase):
    def test_eperm_names_errno_and_ptrace_scope(self):
        """The kernel's refusal (another user's process, no CAP_SYS_PTRACE): ATTACH
        with data.errno EPERM and the hint about ptrace_scope; the daemon stays up."""
        tmp = tempfile.mkdtemp(prefix="dbgd-attach-")
        self.addCleanup(shutil.rmtree, tmp, True)
        wrapper = os.path.join(tmp, "dbgd")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec setpriv --inh-caps=-sys_ptrace "
                    "--bounding-set=-sys_ptrace %s \"$@\"\n" % dbgd.dbgd_binary())
        os.chmod(wrapper, 0o755)
        real = dbgd.dbgd_binary
        dbgd.dbgd_binary = lambda: wrapper
        try:
            d = Daemon(("--allow-attach",))
        finally:
            dbgd.dbgd_binary = real
        try:
            c = d.client()
            other = subprocess.Popen(["setpriv", "--reuid=nobody", "--regid=nogroup",
                                      "--clear-groups", fixture("attachme"), "sleep",
                                      "1000", "0"], stdout=subprocess.DEVNULL)
            self.addCleanup(lambda: (other.kill(), other.wait()))
            self.assertTrue(wait_until(lambda: (proc_status(other.pid) or {})
                                       .get("Uid", "").split()[:1] == ["65534"], 20))
            with self.assertRaises(dbgd.RpcError) as cm:
                c.rpc("attach", pid=other.pid)
            e = cm.exception
            self.assertEqual(e.code, ATTACH, e)
            self.assertEqual(e.data.get("reason"), "ptrace", e.data)
            self.assertEqual(e.data.get("errno"), "EPERM", e.data)
            self.assertIn("ptrace_scope", e.data["detail"])
            self.assertEqual(proc_status(other.pid)["TracerPid"], "0")
            self.assertIsInstance(c.rpc("sessions")["sessions"], list)
            c.close()
        finally:
            d.stop()


class TestAttachShutdown(unittest.TestCase):
    def test_shutdown_detaches(self):
        """dbgd's SIGTERM detaches attached processes (their breakpoints out): they
        finish normally."""
        d = Daemon(("--allow-attach",))
        prog = None
        try:
            c = d.client()
            prog = Prog(self, "sleep", "40", "4")
            st = c.rpc("attach", pid=prog.pid)
            c.rpc("break", session=st["session"], symbol="tick")
            st = c.rpc("cont", session=st["session"])
            self.assertEqual(st["stop"]["reason"], "breakpoint")
            st = c.rpc("cont", session=st["session"], wait=False)
            c.close()
        finally:
            d.stop()  # asserts dbgd exits 0
        rc, out = prog.finish()
        self.assertEqual(rc, 4, out)
        self.assertEqual(out.splitlines(),
                         ["ready"] + ["tick %d" % k for k in range(40)] + ["count 40"])


if __name__ == "__main__":
    main()
