"""Threads and children of a traced process. A breakpoint in code that threads and a
forked child also run must not kill them with our SIGTRAP: threads stop the process
where they hit it (all-stop), children are detached with our int3s taken out of their
copy of the memory, a vfork'ed child execs normally."""

import os
import re
import subprocess
import tempfile
import time

import dbgd
from dbgd import INVALID_PARAMS, DbgdTestCase, fixture, hexint, hexstr, nm
from test_serverside import strace_names


class TestTasks(DbgdTestCase):
    def setUp(self):
        super().setUp()
        self.tick = nm(fixture("tasks"), "tick")

    def test_untraced_run(self):
        s = self.spawn("tasks", 3)["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "threads=24900 child=0 true=0 sum=6\n")

    def test_breakpoint_shared_with_threads_and_children(self):
        n = 4
        st = self.spawn("tasks", n)
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, address=hexstr(self.tick))
        seen = {}
        for _ in range(n + 101):
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            self.assertEqual(st["stop"]["reason"], "breakpoint", st)
            self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
            rdi = hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"])
            seen.setdefault(st["stop"]["thread"], []).append(rdi)
        # every thread stopped at each of its calls, in its order; the main thread's
        # calls are its own; every task finished its work
        self.assertEqual(seen.pop(pid), list(range(n)))
        self.assertEqual(sorted(seen.values()), [list(range(100, 150))] * 2)
        self.assertExited(st, 0)
        self.assertEqual(self.output(s), "threads=24900 child=0 true=0 sum=12\n")
        # the child's copy had no int3 left: its calls were not hits
        hits = self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"]
        self.assertEqual(hits, n + 100)

    def test_breakpoints_out_while_a_vfork_child_runs(self):
        # the vfork'ed child runs on the parent's memory: with a breakpoint on execl and
        # execve, which only it calls, it must exec, not die of our SIGTRAP (it did:
        # true=133); the breakpoints are back once it has exec'd (the parent's second
        # waitpid, after the vfork, stops)
        s = self.spawn("tasks", 1, stop="main")["session"]
        for sym in ("execl", "execve", "waitpid"):
            self.rpc("break", session=s, symbol=sym)
        stops = []
        for _ in range(5):
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            stops.append(st["stop"]["symbol"])
        self.assertExited(st, 0)
        self.assertEqual([x.split("+")[0].lstrip("_") for x in stops], ["waitpid", "waitpid"])
        self.assertEqual(self.output(s), "threads=24900 child=0 true=0 sum=0\n")
        hits = {b["address"]: b["hits"] for b in self.rpc("breakpoints", session=s)["breakpoints"]}
        self.assertEqual(sorted(hits.values()), [0, 0, 2])

    def test_breakpoint_set_while_a_vfork_child_runs_is_held(self):
        # the child waits on stdin while the parent is blocked in vfork; a breakpoint set
        # then is held (no int3 written) until the child has exec'd: the child runs
        # marker(1) and execs, the parent stops at marker(2)
        st = self.spawn("vforkwait", stop="main", stdin_open=True)
        s = st["session"]
        self.rpc("cont", session=s, wait=False)
        dbgd.wait_until(lambda: dbgd.proc_children(st["pid"]), 10)
        self.rpc("break", session=s, address=hexstr(nm(fixture("vforkwait"), "marker")))
        self.rpc("input", session=s, data="g", eof=True)
        stop = self.assertStopped(self.rpc("wait", session=s, timeout=20), "breakpoint")
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"]), 2)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "status=0\n")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 1)

    def test_logging_breakpoint_with_threads(self):
        s = self.spawn("tasks", 2)["session"]
        self.rpc("break", session=s, address=hexstr(self.tick), log=True)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "threads=24900 child=0 true=0 sum=2\n")


    def test_syscalls_of_the_main_thread_match_strace(self):
        # strace without -f follows the main thread only; dbgd's events of the main
        # thread are those without `thread` (futex depends on whether pthread_join
        # finds its thread already gone: a matter of scheduling, in strace's run as in
        # ours, so it is left out)
        want = [n for n in strace_names(fixture("tasks"), ["2"]) if n != "futex"]
        s = self.spawn("tasks", 2)["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        got = [e["syscall"]["name"] for e in ev
               if e["type"] == "syscall-entry" and e["syscall"]["name"] != "futex" and
               "thread" not in e]
        self.assertEqual(got, want)
        self.assertIn("clone3", got)
        self.assertIn("vfork", got)

    def test_syscalls_of_every_thread_match_strace_f(self):
        # each worker's syscalls, as strace -f sees them (futex left out, as above)
        pid, threads = None, {}
        out = run_strace_f(fixture("mthreads"), ["4"])
        for line in out.splitlines():
            m = re.match(r"^(\d+)\s+([a-z0-9_]+)\(", line)
            if not m:
                continue
            pid = pid or int(m.group(1))
            if int(m.group(1)) != pid and m.group(2) != "futex":
                threads.setdefault(int(m.group(1)), []).append(m.group(2))
        want = sorted(threads.values())
        self.assertEqual(len(want), 4, out)
        self.assertIn("exit", want[0])
        st = self.spawn("mthreads", 4)
        s = st["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        got = {}
        for e in self.rpc("events", session=s, max=100000)["events"]:
            if e["type"] == "syscall-entry" and "thread" in e and \
                    e["syscall"]["name"] != "futex":
                got.setdefault(e["thread"], []).append(e["syscall"]["name"])
        self.assertNotIn(st["pid"], got)
        self.assertEqual(sorted(got.values()), want)

    def test_syscall_stops_in_threads(self):
        # `syscall` stops at the next syscall of any thread, as gdb's catch syscall;
        # names narrows it to prctl, which only the workers call (pthread_setname_np)
        st = self.spawn("mthreads", 4, stop="main")
        s, pid = st["session"], st["pid"]
        names = []
        for _ in range(4):
            stop = self.assertStopped(self.rpc("syscall", session=s, names=["prctl"]),
                                      "syscall-entry")
            self.assertNotEqual(stop["thread"], pid)
            self.assertEqual(stop["syscall"]["name"], "prctl")
            # the thread is current: its exit is the next stop of it
            stop = self.assertStopped(self.rpc("step", session=s), "step")
            names.append(self.rpc("threads", session=s)["threads"][0]["name"])
        self.assertEqual(sorted(names), ["worker-%d" % i for i in range(4)])
        self.assertExited(self.rpc("cont", session=s), 0)
        log = self.rpc("report", session=s)["syscalls"]
        self.assertTrue(any(x.get("thread") and x["name"] == "prctl" for x in log), log)


def run_strace_f(path, args):
    return subprocess.run(["strace", "-f", "-qq", "-o", "/dev/stdout", path, *args],
                          capture_output=True, text=True, timeout=60).stdout


def gdb_thread_hit(path, args, func):
    """gdb stops path at func, which a thread calls: its pc, sp and rdi there, then the
    pc of each outer frame (the return addresses `up` walks to), four frames in all."""
    return dbgd.gdb_values(path, args, ENV, [
        "break " + func, "run", "p/x $pc", "p/x $sp", "p/x $rdi",
        "up", "p/x $pc", "up", "p/x $pc", "up", "p/x $pc", "kill"])


ENV = {"DBGD_ORACLE": "1"}


class TestAllStop(DbgdTestCase):
    """Threads as gdb's all-stop mode has them: when one thread stops, so do the
    others; it becomes the current thread, which regs, step and backtrace act on."""

    def settled(self, s):
        """The threads once no interrupted thread is still on its way to its stop."""
        return dbgd.wait_until(
            lambda: (lambda t: t if all(x["state"] == "stopped" for x in t) else None)(
                self.rpc("threads", session=s)["threads"]), 10)

    def hit(self, s, symbol="work"):
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        # `break FUNC` stops past the prologue, as gdb's
        self.assertRegex(stop["symbol"], r"^%s(\+0x[0-9a-f]+)?$" % re.escape(symbol))
        return stop

    def test_every_thread_stops_at_its_breakpoint(self):
        st = self.spawn("mthreads", 4)
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, symbol="work")
        seen = {}
        for _ in range(4):
            stop = self.hit(s)
            tid = stop["thread"]
            self.assertNotEqual(tid, pid)
            threads = self.settled(s)
            self.assertIsNotNone(threads, "threads did not all stop")
            cur = threads[0]
            self.assertEqual((cur["tid"], cur["current"], cur["pc"], cur["symbol"]),
                             (tid, True, stop["pc"], stop["symbol"]))
            self.assertTrue(all("symbol" in t for t in threads), threads)
            self.assertIn(pid, [t["tid"] for t in threads])
            self.assertEqual(sum(t["current"] for t in threads), 1)
            i = hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"])
            self.assertEqual(cur["name"], "worker-%d" % i)
            frames = self.rpc("backtrace", session=s)["frames"]
            self.assertEqual([f.get("function") for f in frames[:2]], ["work", "worker"])
            seen[tid] = i
        self.assertEqual(sorted(seen.values()), [0, 1, 2, 3])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "total 12\n")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 4)
        self.assertEqual(self.rpc("threads", session=s)["threads"], [])

    def test_thread_events(self):
        # every thread that starts and ends is an event (front ends keep a thread list)
        st = self.spawn("mthreads", 3)
        s, pid = st["session"], st["pid"]
        self.assertExited(self.rpc("cont", session=s), 0)
        ev = self.rpc("events", session=s, max=1000)["events"]
        starts = [e["thread"] for e in ev if e["type"] == "thread-start"]
        exits = [e["thread"] for e in ev if e["type"] == "thread-exit"]
        self.assertEqual(len(starts), 3)
        self.assertEqual(sorted(starts), sorted(exits))
        self.assertNotIn(pid, starts)
        for tid in starts:
            seqs = [e["seq"] for e in ev if e.get("thread") == tid and
                    e["type"].startswith("thread-")]
            self.assertEqual(len(seqs), 2)
            self.assertLess(seqs[0], seqs[1])
        self.assertEqual(ev[-1]["type"], "end")
        # a thread still running when main returns: its exit comes before the end
        st = self.spawn("mthreads", "spin")
        s = st["session"]
        self.rpc("break", session=s, symbol="main_spin")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("kill", session=s)
        self.assertKilled(self.rpc("wait", session=s), "SIGKILL", 9)
        types = [e["type"] for e in self.rpc("events", session=s, max=1000)["events"]]
        self.assertEqual(types.count("thread-start"), 1)
        self.assertEqual(types.count("thread-exit"), 0)  # killed: it went with the process
        self.assertEqual(types[-1], "end")

    def test_threads_an_exec_ends_are_told_gone(self):
        # threadexec's second thread execs hello: the exec ends main's thread and the
        # others; each thread that started is told gone before the exec stop (strace:
        # "superseded by execve"), and the new image runs as the process, threadless.
        # Before, their "thread-exit" never came (found by the syscall sweep).
        for trace in (False, True):
            with self.subTest(trace_syscalls=trace):
                st = self.spawn("threadexec", fixture("hello"))
                s, pid = st["session"], st["pid"]
                st = self.rpc("cont", session=s, trace_syscalls=trace)
                self.assertStopped(st, "exec")
                self.assertEqual(self.rpc("threads", session=s)["threads"][0]["tid"], pid)
                self.assertEqual(len(self.rpc("threads", session=s)["threads"]), 1)
                self.assertExited(self.rpc("cont", session=s, trace_syscalls=trace), 0)
                self.assertEqual(self.output(s), "Hello, world!\n")
                ev = self.rpc("events", session=s, max=100000)["events"]
                starts = [e["thread"] for e in ev if e["type"] == "thread-start"]
                exits = [e["thread"] for e in ev if e["type"] == "thread-exit"]
                self.assertEqual(len(starts), 2)
                self.assertEqual(sorted(exits), sorted(starts))
                exec_stop = [e["seq"] for e in ev if e["type"] == "stop" and
                             e["status"]["stop"]["reason"] == "exec"][1]
                self.assertTrue(all(e["seq"] < exec_stop for e in ev
                                    if e["type"] == "thread-exit"))
                if trace:
                    # execve's entry is the exec'ing thread's, its exit the process's
                    ex = [e for e in ev if e["type"].startswith("syscall-") and
                          e["syscall"]["name"] == "execve"]
                    self.assertEqual([e["type"] for e in ex][-2:],
                                     ["syscall-entry", "syscall-exit"])
                    self.assertEqual(ex[-2].get("thread"), starts[1])
                    self.assertIsNone(ex[-1].get("thread"))
                self.rpc("close", session=s)

    def test_a_thread_stop_matches_gdb(self):
        path = fixture("mthreads")
        want = gdb_thread_hit(path, ["1"], "work")
        self.assertEqual(len(want), 6, want)
        s = self.spawn("mthreads", 1, env=ENV, env_clear=True)["session"]
        self.rpc("break", session=s, symbol="work")
        stop = self.hit(s)
        regs = self.rpc("regs", session=s, names=["rip", "rsp", "rdi"])
        self.assertEqual([hexint(regs[r]) for r in ("rip", "rsp", "rdi")], want[:3])
        self.assertEqual(hexint(stop["pc"]), want[0])
        frames = self.rpc("backtrace", session=s, limit=4)["frames"]
        self.assertEqual([hexint(f["pc"]) for f in frames], [want[0]] + want[3:])

    def test_break_on_a_versioned_libc_function_in_threads(self):
        # glibc's .symtab names it pthread_mutex_lock@@GLIBC_2.2.5; gdb and people write
        # the bare name. work() calls it in each worker.
        want = dbgd.gdb_values(fixture("mthreads"), ["2"], ENV, [
            "break main", "run", "p/x &pthread_mutex_lock", "kill"])
        self.assertEqual(len(want), 1, want)
        st = self.spawn("mthreads", 2, env=ENV, env_clear=True, stop="main")
        s, pid = st["session"], st["pid"]
        bp = self.rpc("break", session=s, symbol="pthread_mutex_lock")
        self.assertEqual(hexint(bp["address"]), want[0])
        self.assertEqual(len(self.rpc("symbols", session=s, name="pthread_mutex_lock")["symbols"]),
                         1)
        # main's pthread_create locks too; each worker once, from work()
        workers, stops = [], 0
        for _ in range(100):
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            stops += 1
            self.assertEqual((st["stop"]["reason"], hexint(st["stop"]["pc"])),
                             ("breakpoint", want[0]))
            names = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
            if names[1:3] == ["work", "worker"]:
                workers.append(st["stop"]["thread"])
        self.assertExited(st, 0)
        self.assertEqual(len(set(workers)), 2)
        self.assertNotIn(pid, workers)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], stops)

    def test_step_runs_the_current_thread_alone(self):
        st = self.spawn("mthreads", 2)
        s = st["session"]
        self.rpc("break", session=s, symbol="work")
        stop = self.hit(s)
        before = {t["tid"]: t.get("pc") for t in self.settled(s)}
        st = self.rpc("step", session=s, count=5)
        self.assertEqual(st["stop"]["reason"], "step")
        self.assertEqual(st["stop"]["thread"], stop["thread"])
        after = {t["tid"]: t.get("pc") for t in self.rpc("threads", session=s)["threads"]}
        self.assertNotEqual(after.pop(stop["thread"]), before.pop(stop["thread"]))
        self.assertEqual(after, before)
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"], st["stop"]["pc"])
        # the other worker's hit comes next, then the end
        self.assertNotEqual(self.hit(s)["thread"], stop["thread"])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "total 2\n")

    def test_a_step_that_waits_for_another_thread(self):
        # the worker steps into pthread_mutex_lock of a mutex main holds: its futex
        # wait needs main to run, so the other threads run during a step's syscall
        st = self.spawn("mthreads", "contend")
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, symbol="work")
        tid = self.hit(s)["thread"]
        self.rpc("delete", session=s, breakpoint=1)
        # 2000 steps see it through the lock and, maybe, out: either way the step ends
        st = self.rpc("step", session=s, count=2000, timeout=20)
        self.assertEqual(st["state"], "stopped", st)
        if st["stop"].get("thread_exited") == tid:
            self.assertEqual((st["stop"]["reason"], st["stop"]["thread"]), ("interrupted", pid))
        else:
            self.assertEqual((st["stop"]["reason"], st["stop"]["thread"]), ("step", tid))
        # and the others stopped again with it
        self.assertIsNotNone(self.settled(s))
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "total 10\n")

    def test_select_another_thread(self):
        # the spinner hits spin_here while main spins in main_spin
        st = self.spawn("mthreads", "spin")
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, symbol="spin_here")
        stop = self.hit(s, "spin_here")
        main = [t for t in self.settled(s) if t["tid"] == pid][0]
        st = self.rpc("thread", session=s, tid=pid)
        self.assertEqual(st["stop"]["thread"], pid)
        self.assertTrue(st["stop"]["selected"])
        self.assertEqual(st["stop"]["reason"], "breakpoint")
        self.assertEqual(st["stop"]["pc"], main["pc"])
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"], main["pc"])
        # main may be anywhere from its clone3 to main_spin: its frames are its own
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual(frames[0]["pc"], main["pc"])
        self.assertNotIn("spin_here", [f.get("function") for f in frames])
        threads = self.rpc("threads", session=s)["threads"]
        self.assertEqual((threads[0]["tid"], threads[0]["current"]), (pid, True))
        self.assertEqual([t["pc"] for t in threads if t["tid"] == stop["thread"]],
                         [stop["pc"]])
        # and back
        st = self.rpc("thread", session=s, tid=stop["thread"])
        self.assertEqual(st["stop"]["pc"], stop["pc"])
        names = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertEqual(names[:2], ["spin_here", "spinner"])
        self.rpc("thread", session=s, tid=pid)
        # the spinner steps over its breakpoint when resumed: it is not hit again
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "spun\n")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 1)

    def test_thread_errors(self):
        st = self.spawn("mthreads", "spin", stop="main")
        s = st["session"]
        self.assertRpcError(dbgd.INVALID_PARAMS, "thread", session=s, tid=1)
        self.assertRpcError(dbgd.INVALID_PARAMS, "thread", session=s)
        self.assertRpcError(dbgd.INVALID_PARAMS, "thread", session=s, tid="x")
        self.assertRpcError(dbgd.NO_SESSION, "threads", session=999)
        # selecting the current thread changes nothing
        self.assertEqual(self.rpc("thread", session=s, tid=st["pid"])["stop"]["pc"],
                         st["stop"]["pc"])
        self.rpc("cont", session=s, wait=False)
        self.assertRpcError(dbgd.RUNNING, "thread", session=s, tid=st["pid"])
        self.rpc("kill", session=s)
        self.rpc("wait", session=s)
        self.assertRpcError(dbgd.GONE, "thread", session=s, tid=st["pid"])

    def test_pause_stops_every_thread(self):
        st = self.spawn("mthreads", "spin", stop="main")
        s = st["session"]
        self.rpc("break", session=s, symbol="spin_here", temporary=True)
        self.hit(s, "spin_here")
        self.rpc("cont", session=s, wait=False)
        stop = self.assertStopped(self.rpc("pause", session=s), "interrupted")
        threads = self.settled(s)
        self.assertIsNotNone(threads)
        self.assertEqual(len(threads), 2)
        self.assertEqual(threads[0]["tid"], stop["thread"])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "spun\n")

    def counts(self, s, addr):
        data = bytes.fromhex(self.rpc("peek", session=s, address=addr, length=32)["bytes"])
        return [int.from_bytes(data[i:i + 8], "little") for i in range(0, 32, 8)]

    def test_a_stop_is_told_once_every_thread_has_stopped(self):
        # mthreads count: four threads write memory whenever they run. The answer to
        # pause, and to a breakpoint's cont, comes once all of them have stopped (gdb's
        # all-stop): the threads listed in the same batch are all "stopped", each with
        # its pc, and the counters they write stand still from then on. Also when the
        # program left the process group it was started in (for its parent's)
        for args in (["count"], ["count", "pgrp"]):
            with self.subTest(args=args):
                self.told_once_every_thread_has_stopped(args)

    def told_once_every_thread_has_stopped(self, args):
        st = self.spawn("mthreads", *args)
        s = st["session"]
        addr = self.rpc("symbols", session=s, name="counts")["symbols"][0]["address"]
        req = lambda i, m: {"jsonrpc": "2.0", "id": i, "method": m, "params": {"session": s}}
        # the four threads made first (on a loaded machine 50 ms may not see them born)
        self.rpc("cont", session=s, wait=False)
        deadline = time.monotonic() + 30
        while len(self.rpc("threads", session=s)["threads"]) < 5:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)
        self.rpc("pause", session=s)
        for _ in range(5):
            self.rpc("cont", session=s, wait=False)
            time.sleep(0.05)
            resp = self.client.call([req(1, "pause"), req(2, "threads")])
            self.assertEqual(resp[0]["result"]["stop"]["reason"], "interrupted")
            threads = resp[1]["result"]["threads"]
            self.assertEqual(len(threads), 5)
            self.assertEqual([t["state"] for t in threads], ["stopped"] * 5)
            self.assertTrue(all("pc" in t for t in threads))
            before = self.counts(s, addr)
            self.assertTrue(all(before), before)
            time.sleep(0.02)
            self.assertEqual(self.counts(s, addr), before)
        # a hit in one thread while the others run
        self.rpc("break", session=s, symbol="counted")
        for _ in range(3):
            resp = self.client.call([{"jsonrpc": "2.0", "id": 1, "method": "cont",
                                      "params": {"session": s, "timeout": 20}},
                                     req(2, "threads")])
            self.assertEqual(resp[0]["result"]["stop"]["reason"], "breakpoint")
            self.assertEqual([t["state"] for t in resp[1]["result"]["threads"]],
                             ["stopped"] * 5)
            before = self.counts(s, addr)
            time.sleep(0.02)
            self.assertEqual(self.counts(s, addr), before)

    def test_an_exec_while_threads_hit_a_breakpoint(self):
        # mthreads execbusy: three threads hit tick_here's breakpoint while a fourth
        # execs. A hit whose process execs as its other threads stop is not told (its
        # thread is gone): the exec is, to the next cont. Neither a stray SIGTRAP nor
        # the new program's exit comes instead (each did, in 1 run in 3, before)
        for _ in range(4):
            s = self.spawn("mthreads", "execbusy")["session"]
            self.rpc("break", session=s, symbol="tick_here")
            for _ in range(2000):
                st = self.rpc("cont", session=s, timeout=10)
                if st.get("stop", {}).get("reason") != "breakpoint":
                    break
            self.assertEqual((st["state"], st["stop"]["reason"]), ("stopped", "exec"), st)
            self.assertEqual(self.rpc("threads", session=s)["threads"][0]["tid"], st["pid"])
            self.assertExited(self.rpc("cont", session=s), 0)
            self.assertEqual(self.output(s), "from-thread\n")
            self.rpc("close", session=s)

    def test_pause_after_the_main_thread_left(self):
        # thcrash leader: main has left with pthread_exit (a zombie that would never
        # stop for an interrupt) while the worker sleeps 200 ms, then crashes
        st = self.spawn("thcrash", "leader")
        s, pid = st["session"], st["pid"]
        self.rpc("cont", session=s, wait=False)
        dbgd.wait_until(lambda: open("/proc/%d/stat" % pid).read().split(") ")[1][0] == "Z",
                        10)
        stop = self.assertStopped(self.rpc("pause", session=s), "interrupted")
        tid = stop["thread"]
        self.assertNotEqual(tid, pid)
        names = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertIn("usleep", names)
        self.assertIn("worker", names)
        # memory and maps are read through the thread: the main thread's are gone
        rsp = self.rpc("regs", session=s, names=["rsp"])["rsp"]
        self.assertEqual(self.rpc("peek", session=s, address=rsp, length=8)["length"], 8)
        maps = self.rpc("maps", session=s)["maps"]
        self.assertTrue(any(m["path"].endswith("/thcrash") for m in maps))
        # the sleep goes on where it was interrupted, and the crash is reported
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual((stop["signal"]["name"], stop["thread"]), ("SIGSEGV", tid))
        self.assertKilled(self.rpc("cont", session=s), "SIGSEGV", 11)

    def test_current_thread_ends_during_a_step(self):
        st = self.spawn("mthreads", "exitstep")
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, symbol="thread_exit_here")
        tid = self.hit(s, "thread_exit_here")["thread"]
        st = self.rpc("step", session=s, count=1000000)
        stop = self.assertStopped(st, "interrupted")
        self.assertEqual((stop["thread_exited"], stop["thread"]), (tid, pid))
        self.assertEqual([t["tid"] for t in self.rpc("threads", session=s)["threads"]], [pid])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "joined\n")

    def test_kill_while_a_thread_is_current(self):
        st = self.spawn("mthreads", 4)
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, symbol="work")
        self.assertNotEqual(self.hit(s)["thread"], pid)
        self.rpc("kill", session=s)
        self.assertKilled(self.rpc("wait", session=s), "SIGKILL", 9)
        self.assertEqual(self.rpc("threads", session=s)["threads"], [])
        self.assertFalse(os.path.exists("/proc/%d" % pid) and
                         open("/proc/%d/stat" % pid).read().split(") ")[1][0] != "Z")

    def test_exec_in_a_thread(self):
        # a worker execs while main waits in pause() and another worker spins: the exec
        # stop comes under the pid, alone, and the new program runs
        st = self.spawn("mthreads", "exec", stop="main")
        s, pid = st["session"], st["pid"]
        stop = self.assertStopped(self.rpc("cont", session=s), "exec")
        self.assertEqual(stop["thread"], pid)
        threads = self.rpc("threads", session=s)["threads"]
        self.assertEqual([(t["tid"], t["name"]) for t in threads], [(pid, "echo")])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "from-thread\n")

    def test_signal_in_a_thread(self):
        st = self.spawn("mthreads", "kill")
        s, pid = st["session"], st["pid"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGUSR1")
        self.assertNotEqual(stop["thread"], pid)
        names = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertIn("kill_here", names)
        self.assertKilled(self.rpc("cont", session=s), "SIGUSR1", 10)

    def test_a_selected_away_thread_keeps_its_signal(self):
        # the worker stopped for SIGUSR1; with main selected, `cont` still delivers the
        # worker's signal to the worker (and the process dies of it)
        st = self.spawn("mthreads", "kill")
        s, pid = st["session"], st["pid"]
        tid = self.assertStopped(self.rpc("cont", session=s), "signal")["thread"]
        self.settled(s)
        self.assertEqual(self.rpc("thread", session=s, tid=pid)["stop"]["thread"], pid)
        self.assertKilled(self.rpc("cont", session=s), "SIGUSR1", 10)
        self.assertEqual(self.rpc("report", session=s)["stop"]["thread"], tid)

    def test_condition_ignore_and_log_in_threads(self):
        s = self.spawn("mthreads", 4)["session"]
        self.rpc("break", session=s, symbol="work", condition="rdi == 2")
        self.hit(s)
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"]), 2)
        self.assertEqual(self.rpc("threads", session=s)["threads"][0]["name"], "worker-2")
        self.assertExited(self.rpc("cont", session=s), 0)

        s = self.spawn("mthreads", 4)["session"]
        self.rpc("break", session=s, symbol="work", ignore=2)
        self.hit(s)
        self.hit(s)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 4)

        st = self.spawn("mthreads", 4)
        s = st["session"]
        self.rpc("break", session=s, symbol="work", log=True, log_regs=["rdi"])
        self.assertExited(self.rpc("cont", session=s), 0)
        log = self.rpc("breakpoints", session=s)["breakpoints"][0]["log"]
        self.assertEqual(sorted(hexint(e["regs"]["rdi"]) for e in log), [0, 1, 2, 3])
        tids = {e["thread"] for e in log}
        self.assertEqual(len(tids), 4)
        self.assertNotIn(st["pid"], tids)

    def test_every_thread_gets_its_turn_at_a_breakpoint_as_in_gdb(self):
        # Four threads call tick(id) without end. dbgd resumed the thread it had
        # reported, and that thread came round to tick before the others had even been
        # resumed: their hits, met while the process stopped, were put back and lost to
        # it at every stop (on a quiet machine the main thread had 152-184 of 200 stops,
        # the least of the others 2). Such hits are now reported first, in turns (gdb
        # picks one at random): the least had 19-24 of 200 in six quiet runs. The thread
        # on dbgd's CPU still wins most (113-139; gdb's four get about 50 each), and
        # under load the shares move both ways, so the test asks each thread for a
        # fortieth of the stops (ASan in CI gave one 8 of 200 with the condition), in
        # dbgd as in gdb, and each stop to be one hit.
        n = 200
        path = fixture("turns")
        script = ["set pagination off", "set confirm off", "break tick if %s", "run"]
        script += ["continue"] * (n - 1)
        # (without a condition the main thread, on dbgd's CPU, takes most; with `id !=
        # 0` the three others share the stops: the old daemon gave one 0-4 of 200)
        for cond, ids, least in ((None, range(4), n // 40), ("id != 0", range(1, 4), n // 40)):
            with self.subTest(condition=cond):
                lines = [l % (cond or "1") if "%s" in l else l for l in script]
                with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
                    f.write("\n".join(lines + ["kill"]) + "\n")
                    f.flush()
                    out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, path],
                                         capture_output=True, text=True,
                                         timeout=300).stdout
                gdb_ids = [int(x) for x in re.findall(r"\btick \(id=(\d)\)", out)]
                self.assertEqual(len(gdb_ids), n, out[-2000:])

                s = self.spawn("turns")["session"]
                params = {"condition": cond} if cond else {}
                bp = self.rpc("break", session=s, symbol="tick", **params)["breakpoint"]
                our_ids = []
                for _ in range(n):
                    st = self.rpc("cont", session=s)
                    self.assertEqual(st["stop"]["reason"], "breakpoint", st)
                    self.assertEqual(st["stop"]["breakpoint"], bp)
                    r = self.rpc("regs", session=s, names=["rdi"])
                    our_ids.append(hexint(r["rdi"]))
                hits = self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"]
                self.rpc("kill", session=s)
                self.rpc("close", session=s)

                for who, got in (("gdb", gdb_ids), ("dbgd", our_ids)):
                    counts = {i: got.count(i) for i in ids}
                    self.assertEqual(sum(counts.values()), n, (who, got))
                    for i in ids:
                        self.assertGreaterEqual(counts[i], least, (who, counts))
                self.assertEqual(hits, n)

    def test_every_hit_of_a_crowd_on_an_instruction_run_out_of_line(self):
        # five threads call scale() 40 times each; its imul runs out of line, one
        # thread at a time, the int3 staying in place: every call is seen once (gdb:
        # 200), and the program's result is untouched. Before, a thread stepping over
        # it took the int3 out while the others ran past it (about 50 of 200).
        want_out = "780 1600 2420 3240 4060\n"
        for params, stops, hits in (({}, 200, 200), ({"condition": "rdi == 2"}, 40, 40),
                                    ({"log": True, "log_regs": ["rdi", "rsi"]}, 0, 200)):
            with self.subTest(params=params):
                s = self.spawn("crowd")["session"]
                bp = self.rpc("break", session=s, symbol="scale", **params)
                calls = []
                st = self.rpc("cont", session=s)
                while st["state"] == "stopped":
                    self.assertEqual(st["stop"]["reason"], "breakpoint", st)
                    r = self.rpc("regs", session=s, names=["rdi", "rsi"])
                    calls.append((hexint(r["rdi"]), hexint(r["rsi"])))
                    st = self.rpc("cont", session=s)
                self.assertExited(st, 0)
                self.assertEqual(len(calls), stops)
                self.assertEqual(len(set(calls)), stops)  # none reported twice
                b = self.rpc("breakpoints", session=s)["breakpoints"][0]
                self.assertEqual(b["hits"], hits)
                if params.get("log"):
                    self.assertEqual(len({(e["regs"]["rdi"], e["regs"]["rsi"])
                                          for e in b["log"]}), 200)
                self.assertEqual(self.output(s), want_out)
                self.rpc("close", session=s)

    def test_syscall_from_a_thread_stop_matches_strace_f(self):
        # from the worker's breakpoint in work(), `syscall` after `syscall` stops at the
        # syscalls of every thread; the worker's are those strace -f shows after its
        # prctl (pthread_setname_np), futex aside
        want, worker = [], None
        for line in run_strace_f(fixture("mthreads"), ["1"]).splitlines():
            m = re.match(r"^(\d+)\s+([a-z0-9_]+)\(", line)
            if m and m.group(2) == "prctl":
                worker = m.group(1)
            elif m and m.group(1) == worker and m.group(2) != "futex":
                want.append(m.group(2))
        self.assertEqual(want[-1], "exit")
        st = self.spawn("mthreads", 1)
        s, pid = st["session"], st["pid"]
        self.rpc("break", session=s, symbol="work")
        tid = self.hit(s)["thread"]
        self.rpc("delete", session=s, breakpoint=1)
        got = []
        for _ in range(100):
            st = self.rpc("syscall", session=s)
            if st["state"] != "stopped":
                break
            self.assertIn(st["stop"]["thread"], (pid, tid))
            sc = st["stop"]["syscall"]
            if st["stop"]["thread"] == tid and st["stop"]["reason"] == "syscall-entry" and \
                    sc["name"] != "futex":
                got.append(sc["name"])
        self.assertExited(st, 0)
        self.assertEqual(got, want)
        self.assertEqual(self.output(s), "total 0\n")

    def strace_threads(self, args, names):
        """strace -f's view of thcalls: per thread, its [(kind, name, ret)] for names."""
        seqs = {}
        for line in run_strace_f(fixture("thcalls"), args).splitlines():
            m = re.match(r"^(\d+)\s+(?:<\.\.\. )?([a-z0-9_]+)(\(| resumed>)(.*)$", line)
            if not m or m.group(2) not in names:
                continue
            seq = seqs.setdefault(m.group(1), [])
            ret = re.search(r"\) += (-?\d+)(?: (E[A-Z]+))?", m.group(4))
            if m.group(3) == "(":
                seq.append(("syscall-entry", m.group(2), None))
            if ret:  # an error by its name, as dbgd's `error`
                seq.append(("syscall-exit", m.group(2), ret.group(2) or int(ret.group(1))))
        return sorted(seqs.values())

    def test_traced_syscalls_of_threads_across_pauses_match_strace_f(self):
        # cont with trace_syscalls, paused and continued every few ms: per thread, the
        # entry and exit events strace -f shows, each once. A thread still stopping
        # after the process stopped had its syscall stop traced by nobody (neither the
        # ended run nor the next), so an entry or an exit went missing
        names = ["getppid", "close", "read"]
        want = self.strace_threads(["300"], names)
        for attempt in range(3):
            s = self.spawn("thcalls", 300)["session"]
            st = self.rpc("cont", session=s, wait=False, trace_syscalls=True, names=names)
            pauses = 0
            while st["state"] not in ("exited", "killed") and pauses < 2000:
                time.sleep(0.001)
                st = self.rpc("pause", session=s)
                if st["state"] != "stopped":
                    break
                pauses += 1
                st = self.rpc("cont", session=s, wait=False, trace_syscalls=True,
                              names=names)
            self.assertExited(self.rpc("wait", session=s, timeout=30), 0)
            self.assertEqual(self.output(s), "read 1\n")
            seqs = {}
            for e in self.rpc("events", session=s, max=100000)["events"]:
                if e["type"] in ("syscall-entry", "syscall-exit"):
                    sc = e["syscall"]
                    seqs.setdefault(e.get("thread", 0), []).append(
                        (e["type"], sc["name"], None if sc["name"] == "getppid"
                         else sc.get("error", sc.get("ret"))))
            self.rpc("close", session=s)
            got = sorted(seqs.values())
            norm = [[(k, n, r if n != "getppid" else None) for k, n, r in q] for q in want]
            # a short message: unittest's diff of such long lists takes minutes
            self.assertEqual(len(got), len(norm))
            for g, w in zip(got, norm):
                first = next((i for i, (a, b) in enumerate(zip(g, w)) if a != b),
                             min(len(g), len(w)))
                self.assertEqual((len(g), g[first:first + 3]), (len(w), w[first:first + 3]),
                                 "a thread's events differ from strace -f at #%d" % first)
            if pauses >= 5:
                break
        self.assertGreaterEqual(pauses, 5)

    def test_thread_refuses_ids_that_are_no_thread(self):
        s = self.spawn("mthreads", 1)["session"]
        pid = self.rpc("status", session=s)["pid"]
        for tid in (2 ** 32 + pid, 2 ** 31, 0):
            e = self.assertRpcError(INVALID_PARAMS, "thread", session=s, tid=tid)
            self.assertIn("not a thread", e.data["detail"])

    def test_syscall_stops_of_threads_match_strace_f(self):
        # `syscall` after `syscall`, with names, on threads making syscalls at once and
        # one blocked in read: per thread, the entries and exits strace -f shows, each
        # once. (Exits were lost when a thread changed sides at its entry, entries came
        # twice under a filter, and the read, broken off by each stop of the others,
        # came back as many ERESTARTSYS exits and re-entries.)
        names = ["getppid", "close", "read"]
        want = self.strace_threads(["20"], names)
        self.assertEqual(len(want), 4)  # main, two callers, the reader
        for kw in ({}, {"syscall_filter": names}):
            with self.subTest(**kw):
                s = self.spawn("thcalls", 20, **kw)["session"]
                seqs = {}
                st = self.rpc("syscall", session=s, names=names)
                while st["state"] == "stopped":
                    stop = st["stop"]
                    sc = stop["syscall"]
                    seqs.setdefault(stop["thread"], []).append(
                        (stop["reason"], sc["name"], sc.get("error", sc.get("ret"))))
                    self.assertNotEqual(stop["pc"], "0x0", stop)
                    st = self.rpc("syscall", session=s, names=names)
                self.assertExited(st, 0)
                self.assertEqual(self.output(s), "read 1\n")
                norm = [[(k, n, r if n != "getppid" else None) for k, n, r in q]
                        for q in seqs.values()]
                self.assertEqual(sorted(norm),
                                 [[(k, n, r if n != "getppid" else None) for k, n, r in q]
                                  for q in want])

    def test_syscall_stops_of_threads_taking_signals_match_strace_f(self):
        # as above, while the reader takes SIGALRM every millisecond (a signal passed
        # without a report), which breaks its read off and restarts it. A SIGALRM met
        # while the process stopped for another thread's syscall was reported as a
        # signal stop (1 run in 3), and that thread's syscall stop went missing
        names = ["getppid", "close", "read"]
        want = self.strace_threads(["300", "alarm"], names)
        is_reader = lambda q: q[-1] == ("syscall-exit", "read", 1)
        others = sorted(q for q in want if not is_reader(q))
        self.assertEqual(len(others), 3)  # main (the loader's calls), the two callers
        for attempt in range(2):
            s = self.spawn("thcalls", 300, "alarm")["session"]
            seqs = {}
            st = self.rpc("syscall", session=s, names=names)
            while st["state"] == "stopped":
                stop = st["stop"]
                self.assertIn(stop["reason"], ("syscall-entry", "syscall-exit"), stop)
                sc = stop["syscall"]
                seqs.setdefault(stop["thread"], []).append(
                    (stop["reason"], sc["name"], sc.get("error", sc.get("ret"))))
                st = self.rpc("syscall", session=s, names=names)
            self.assertExited(st, 0)
            self.assertEqual(self.output(s), "read 1\n")
            got = [[(k, n, r if n != "getppid" else None) for k, n, r in q]
                   for q in seqs.values()]
            self.assertEqual(sorted(q for q in got if not is_reader(q)),
                             [[(k, n, r if n != "getppid" else None) for k, n, r in q]
                              for q in others])
            # the reader: read entered, broken off by its signals and entered again
            # (how often is the timer's), ended by the byte main writes
            # (how often is the timer's), ended by the byte main writes. As strace's
            # "= ? ERESTARTSYS" lines, the exits broken off are left out of the
            # comparison: one that our interrupt and the program's signal broke off
            # together is dropped as ours (docs/architecture.md), its re-entry shown
            reads = [q for q in got if is_reader(q)]
            self.assertEqual(len(reads), 1)
            seq = [x for x in reads[0] if x[2] != "ERESTARTSYS"]
            self.assertEqual(seq, [("syscall-entry", "read", None)] * (len(seq) - 1) +
                             [("syscall-exit", "read", 1)])
            self.rpc("close", session=s)


if __name__ == "__main__":
    dbgd.main()
