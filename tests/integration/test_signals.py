"""Signal stops and their delivery on the next resume.

What is asserted for the less obvious fixtures:
- selfstop (raise(SIGSTOP)): the first cont stops with reason "signal", SIGSTOP. With
  signal 0 on the next cont the stop is suppressed and the program runs to exit 0
  ("before\\nafter\\n"). Delivered instead, SIGSTOP makes a job-control stop: any
  further stop reported before the exit is reason "signal" SIGSTOP with
  "group_stop": true, and cont from it resumes the program to exit 0.
- sigtrap (raise(SIGTRAP), not an int3): a user's SIGTRAP is a "signal" stop (never a
  "breakpoint" or "step"), delivered on the next cont (killed by SIGTRAP), or
  suppressed with signal 0 (exit 0, "before\\nafter\\n").
"""

import os
import signal
import time

import dbgd
from dbgd import DbgdTestCase, fixture, hexint, hexstr, load_base, nm, nm_symbols


class TestSignals(DbgdTestCase):
    def crash_stop(self, name="crash"):
        st = self.spawn(name)
        s = st["session"]
        st = self.rpc("cont", session=s)
        stop = self.assertStopped(st, "signal")
        self.assertEqual(stop["signal"]["number"], 11)
        self.assertEqual(stop["signal"]["name"], "SIGSEGV")
        self.assertEqual(stop["signal"]["code"], 1)
        self.assertEqual(stop["signal"]["code_name"], "SEGV_MAPERR")
        self.assertEqual(stop["signal"]["address"], "0x0")
        self.assertFalse(stop["signal"].get("group_stop", False))
        return s, st

    def test_segv(self):
        s, st = self.crash_stop()
        # the fault is in level3
        pc = hexint(st["stop"]["pc"])
        a, size = nm_symbols(fixture("crash"))["level3"]
        self.assertTrue(a <= pc < a + size, "pc %x not in level3 [%x, %x)" % (pc, a, a + size))
        end = self.rpc("cont", session=s)
        self.assertKilled(end, "SIGSEGV", 11)
        self.assertKilled(self.rpc("status", session=s), "SIGSEGV", 11)
        self.assertEqual(self.output(s), "")

    def test_segv_pie(self):
        st = self.spawn("crash_pie")
        s = st["session"]
        base = load_base(st["pid"], fixture("crash_pie"))
        a, size = nm_symbols(fixture("crash_pie"))["level3"]
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "signal")
        pc = hexint(st["stop"]["pc"])
        self.assertTrue(base + a <= pc < base + a + size)
        self.assertKilled(self.rpc("cont", session=s), "SIGSEGV", 11)

    def test_segv_suppressed_faults_again(self):
        s, st = self.crash_stop()
        again = self.rpc("cont", session=s, signal=0)
        self.assertStopped(again, "signal")
        self.assertEqual(again["stop"]["pc"], st["stop"]["pc"])
        self.assertEqual(again["stop"]["signal"]["name"], "SIGSEGV")

    def test_cont_with_other_signal(self):
        for sig, name, num in [("INT", "SIGINT", 2), ("SIGTERM", "SIGTERM", 15),
                               (10, "SIGUSR1", 10)]:
            with self.subTest(sig=sig):
                s, _ = self.crash_stop()
                self.assertKilled(self.rpc("cont", session=s, signal=sig), name, num)

    def test_step_delivers_pending_signal(self):
        # DESIGN.md: a signal that stopped the tracee is delivered on the next resume
        s, _ = self.crash_stop()
        self.assertKilled(self.rpc("step", session=s), "SIGSEGV", 11)

    def test_kill_at_signal_stop(self):
        s, _ = self.crash_stop()
        self.assertKilled(self.rpc("kill", session=s), "SIGKILL", 9)

    def test_abort(self):
        s = self.spawn("abort")["session"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGABRT")
        self.assertEqual(stop["signal"]["number"], 6)
        self.assertKilled(self.rpc("cont", session=s), "SIGABRT", 6)
        self.assertEqual(self.output(s), "aborting\n")

    def test_selfstop_suppressed(self):
        s = self.spawn("selfstop")["session"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGSTOP")
        self.assertEqual(stop["signal"]["number"], 19)
        self.assertFalse(stop["signal"].get("group_stop", False))
        self.assertEqual(self.output(s), "before\n")
        self.assertExited(self.rpc("cont", session=s, signal=0), 0)
        self.assertEqual(self.output(s), "before\nafter\n")

    def test_selfstop_delivered(self):
        s = self.spawn("selfstop")["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        for _ in range(3):
            st = self.rpc("cont", session=s, timeout=10)
            if st["state"] != "stopped":
                break
            stop = self.assertStopped(st, "signal")
            self.assertEqual(stop["signal"]["name"], "SIGSTOP")
            self.assertIs(stop["signal"].get("group_stop"), True, st)
        self.assertExited(st, 0)
        self.assertEqual(self.output(s), "before\nafter\n")

    def test_sigstop_from_outside_while_threads_hit_a_breakpoint(self):
        # crowd's five threads at a breakpoint; kill -STOP, delivered: a group-stop,
        # reported once. The process stays job-control stopped (ptrace runs it), so each
        # of dbgd's interrupts of a thread comes back with SIGSTOP: those are dbgd's, not
        # more group-stops (every later cont answered one, and no hit came)
        st = self.spawn("crowd", stop="main")
        s, pid = st["session"], st["pid"]
        bp = self.rpc("break", session=s, symbol="scale")["breakpoint"]
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        os.kill(pid, signal.SIGSTOP)
        # (other threads' hits may come before the SIGSTOP is taken: until a thread
        # takes it from the process's queue, each resume races it with their hits. A
        # thread that took it while the process stopped for another hit holds it, and
        # the next cont reports it first (task_pending_report); it was sent again with
        # tgkill and could lose every race after, 50 hits in a row in CI under load)
        sigstops = group_stops = hits_after = hits_before = 0
        for _ in range(200):
            stop = self.assertStopped(self.rpc("cont", session=s, timeout=10))
            if stop["reason"] == "signal":
                self.assertEqual(stop["signal"]["name"], "SIGSTOP")
                if stop["signal"].get("group_stop"):
                    group_stops += 1
                else:
                    sigstops += 1
                continue
            self.assertEqual((stop["reason"], stop["breakpoint"]), ("breakpoint", bp))
            hits_after += sigstops
            hits_before += not sigstops
            if hits_after >= 20:
                break
        # the group-stop is reported once, or not at all when another thread's hit
        # comes with it (the current thread's group-stop then meets dbgd's interrupt)
        self.assertEqual(sigstops, 1)
        self.assertLessEqual(group_stops, 1)
        self.assertGreaterEqual(hits_after, 20, "%d hits before the SIGSTOP, %d group-stops"
                                % (hits_before, group_stops))
        self.assertLessEqual(hits_before, 5)
        self.rpc("delete", session=s, breakpoint=bp)
        self.assertExited(self.rpc("cont", session=s, timeout=30), 0)
        self.assertEqual(self.output(s), "780 1600 2420 3240 4060\n")

    def test_sigtrap_is_a_signal_not_a_breakpoint(self):
        s = self.spawn("sigtrap")["session"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGTRAP")
        self.assertEqual(stop["signal"]["number"], 5)
        self.assertEqual(stop["signal"]["code"], -6)  # SI_TKILL
        self.assertKilled(self.rpc("cont", session=s), "SIGTRAP", 5)
        self.assertEqual(self.output(s), "before\n")

    def test_sigtrap_suppressed(self):
        s = self.spawn("sigtrap")["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertExited(self.rpc("cont", session=s, signal=0), 0)
        self.assertEqual(self.output(s), "before\nafter\n")

    def test_breakpoint_trap_not_delivered(self):
        # our own SIGTRAPs are never delivered: a hit then cont runs to the end
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 1)["session"]
        self.rpc("break", session=s, address=hexstr(tick))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertStopped(self.rpc("step", session=s), "step")
        self.assertExited(self.rpc("cont", session=s), 0)


class TestSeccompSignal(DbgdTestCase):
    def test_sigsys_of_a_seccomp_filter_says_which_call_it_refused(self):
        # seccompsys's own filter answers getppid with SECCOMP_RET_TRAP | 7; the stop
        # and the report name the call, as gdb's $_siginfo._sifields._sigsys (the oracle)
        want = dbgd.gdb_values(fixture("seccompsys"), [], {}, [
            "run", "p/x $_siginfo.si_code", "p/x $_siginfo._sifields._sigsys._syscall",
            "p/x $_siginfo._sifields._sigsys._call_addr", "p/x $_siginfo.si_errno", "p/x $pc"])
        self.assertEqual(len(want), 5)
        s = self.spawn("seccompsys", env={}, env_clear=True)["session"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        sig = stop["signal"]
        self.assertEqual((sig["name"], sig["code"], sig["code_name"]),
                         ("SIGSYS", want[0], "SYS_SECCOMP"))
        sc = sig["seccomp"]
        self.assertEqual((sc["nr"], sc["name"]), (want[1], "getppid"))
        self.assertEqual(hexint(sc["call_address"]), want[2])
        self.assertEqual(sc["data"], want[3])
        self.assertNotIn("abi", sc)
        self.assertEqual(hexint(stop["pc"]), want[4])
        st = self.rpc("cont", session=s)
        self.assertKilled(st, "SIGSYS", 31)
        self.assertEqual(self.rpc("report", session=s)["signal"]["seccomp"], sc)


def objdump_before(path, func, addr):
    """The address of the instruction of func just before its int3, which is at addr
    (objdump's addresses may be a PIE's offsets: the distance is what counts)."""
    insns = dbgd.objdump_function(path, func)
    at = [i for i, (_, text) in enumerate(insns) if text.startswith("int3")][0]
    return addr - (insns[at][0] - insns[at - 1][0])


class TestTheProgramsOwnInt3(DbgdTestCase):
    """ownint3: hook() is an int3 of the program's own, with a SIGTRAP handler counting
    the traps. A breakpoint on that int3 (gdb's `break hook` is there) is hit once per
    call, and the step over it runs the program's int3: a "signal" stop, SIGTRAP
    SI_KERNEL at the pc after it, delivered by the next cont. Before, each resume ran
    into the breakpoint again and the program never got past it (found by the crash
    sweep). The program's count is the oracle: the same as without a debugger."""

    def run_to_end(self, s, addr, calls):
        hits = traps = 0
        st = None
        for _ in range(4 * calls + 4):
            st = self.rpc("cont", session=s, timeout=30)
            if st["state"] != "stopped":
                break
            stop = st["stop"]
            if stop["reason"] == "breakpoint":
                self.assertEqual(hexint(stop["pc"]), addr)
                hits += 1
            else:
                self.assertEqual(stop["reason"], "signal", stop)
                self.assertEqual(stop["signal"]["name"], "SIGTRAP")
                self.assertEqual(stop["signal"]["code"], 0x80)  # SI_KERNEL: an int3
                self.assertEqual(hexint(stop["pc"]), addr + 1)
                traps += 1
        self.assertExited(st, 0)
        return hits, traps

    def test_a_breakpoint_on_the_programs_int3(self):
        s = self.spawn("ownint3")["session"]
        bp = self.rpc("break", session=s, symbol="hook")
        addr = hexint(bp["address"])
        code = self.rpc("peek", session=s, address=hexstr(addr), length=1)
        self.assertEqual(code["bytes"], "cc")  # the program's byte, under ours
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        # a single step from the hit runs the int3: the program's signal
        stop = self.assertStopped(self.rpc("step", session=s), "signal")
        self.assertEqual(stop["signal"]["code"], 0x80)
        self.assertEqual(hexint(stop["pc"]), addr + 1)
        self.assertEqual(self.run_to_end(s, addr, 2), (2, 2))
        self.assertEqual(self.output(s), "traps 3\n")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 3)

    def test_threads_stepping_over_a_breakpoint_on_the_programs_int3(self):
        # threads that hit it while another's hit is reported step over it later,
        # each on its own (task.c): their int3 is theirs too
        # (the step over it holds the others: on_stop). Every trap is the program's,
        # and every hit is told once.
        s = self.spawn("ownint3", "threads")["session"]
        bp = self.rpc("break", session=s, symbol="hook")
        addr = hexint(bp["address"])
        self.assertEqual(self.run_to_end(s, addr, 9), (9, 9))
        self.assertEqual(self.output(s), "traps 9\n")

    def test_a_thread_interrupted_on_the_breakpoint_before_its_int3_ran(self):
        # A thread stopped by our interrupt (all-stop, for another thread's report)
        # with its pc on the breakpoint, before the int3 ran, has not hit it: it was
        # taken for one at a hit told already, stepped over it, and ran the program's
        # int3 as the step: a trap without its hit. That lost about 1 hit in 1,000 runs
        # of the test above (more under load, where a thread is preempted there). A
        # breakpoint nobody wants (its condition false) on the instruction before makes
        # it likely: each pass steps over that one, and the interrupt, asked again at
        # the resume, lands on the next pc. Before the mark (session_interrupted_at),
        # 16 of 40 runs lost a hit; 5 runs here.
        for run in range(5):
            with self.subTest(run=run):
                s = self.spawn("ownint3", "threads")["session"]
                bp = self.rpc("break", session=s, symbol="hook")
                addr = hexint(bp["address"])
                before = objdump_before(fixture("ownint3"), "hook", addr)
                self.rpc("break", session=s, address=hexstr(before),
                         condition="rax == 0x123456789")
                self.assertEqual(self.run_to_end(s, addr, 9), (9, 9))
                self.assertEqual(self.output(s), "traps 9\n")
                self.rpc("close", session=s)


class TestPausedSteps(DbgdTestCase):
    def test_a_step_broken_off_by_pause_leaves_no_trap(self):
        # a step over the read() that blocks, answered "running", then paused: the
        # step's SIGTRAP, queued when the broken-off syscall ends, is dbgd's; before,
        # the next cont reported it as the program's SIGTRAP, and the one after killed
        # the program (found by the API sweep)
        for params in ({}, {"line": True}, {"line": True, "over": True}):
            with self.subTest(**params):
                s = self.spawn("blockread")["session"]
                self.rpc("cont", session=s, wait=False)
                time.sleep(0.2)
                self.assertStopped(self.rpc("pause", session=s), "interrupted")
                self.assertEqual(self.rpc("step", session=s, timeout=0.3, **params)["state"],
                                 "running")
                self.assertStopped(self.rpc("pause", session=s), "interrupted")
                st = self.rpc("cont", session=s, timeout=0.5)
                self.assertEqual(st["state"], "running", st)  # blocked in read again
                self.rpc("kill", session=s)


class TestStepsMeetHandledSignals(DbgdTestCase):
    """A step that delivers a signal the program handles and dbgd passes (SIGALRM) runs
    the handler to its end and goes on, as gdb's stepi does: the same pcs as gdb's."""

    def gdb_pcs(self, steps):
        return dbgd.gdb_values(fixture("sigstep"), [], {}, [
            "break work", "run", "delete"] + ["stepi", "p/x $pc"] * steps)

    def at_work(self):
        s = self.spawn("sigstep", env={}, env_clear=True)["session"]
        b = self.rpc("break", session=s, symbol="work")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("delete", session=s, breakpoint=b["breakpoint"])
        return s

    def test_one_step_at_a_time(self):
        want = self.gdb_pcs(150)
        s = self.at_work()
        got = []
        for _ in range(150):
            got.append(hexint(self.assertStopped(self.rpc("step", session=s), "step")["pc"]))
        self.assertEqual(got, want)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "hits=4 acc=878\n")

    def test_counted_steps(self):
        want = self.gdb_pcs(150)
        s = self.at_work()
        got = [hexint(self.assertStopped(self.rpc("step", session=s, count=50), "step")["pc"])
               for _ in range(3)]
        self.assertEqual(got, [want[49], want[99], want[149]])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "hits=4 acc=878\n")


if __name__ == "__main__":
    dbgd.main()
