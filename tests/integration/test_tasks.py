"""Threads and children of a traced process. A breakpoint in code that threads and a
forked child also run must not kill them with our SIGTRAP: threads stop the process
where they hit it (all-stop), children are detached with our int3s taken out of their
copy of the memory, a vfork'ed child execs normally."""

import dbgd
from dbgd import DbgdTestCase, fixture, hexint, hexstr, nm
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
        # strace without -f follows the main thread only, as dbgd's syscall tracing does:
        # the threads' and children's syscalls are theirs
        # (futex depends on whether pthread_join finds its thread already gone: a
        # matter of scheduling, in strace's run as in ours, so it is left out)
        want = [n for n in strace_names(fixture("tasks"), ["2"]) if n != "futex"]
        s = self.spawn("tasks", 2)["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        got = [e["syscall"]["name"] for e in ev
               if e["type"] == "syscall-entry" and e["syscall"]["name"] != "futex"]
        self.assertEqual(got, want)
        self.assertIn("clone3", got)
        self.assertIn("vfork", got)


if __name__ == "__main__":
    dbgd.main()
