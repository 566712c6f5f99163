"""Server-side work that saves a script its round trips: breakpoint conditions, ignore
counts and logging; syscall stops filtered by name, in dbgd or in the kernel
(seccomp-bpf); the syscall log kept while continuing. strace is the oracle for the
syscalls a program makes."""

import os
import re
import subprocess
import tempfile
import time

import dbgd
from dbgd import INVALID_PARAMS, DbgdTestCase, fixture, hexint, hexstr, nm


def strace_names(path, args, only=None):
    """The syscall names strace sees, in order (after execve)."""
    cmd = ["strace", "-qq", "-o", "/dev/stdout"]
    if only:
        cmd += ["-e", "trace=" + ",".join(only)]
    out = subprocess.run(cmd + [path, *args], capture_output=True, text=True,
                         timeout=60).stdout
    names = re.findall(r"^([a-z0-9_]+)\(", out, re.M)
    return [n for n in names if n != "execve"]


class TestBreakpointFilters(DbgdTestCase):
    def setUp(self):
        super().setUp()
        self.tick = hexstr(nm(fixture("loop"), "tick"))

    def test_condition_stops_only_when_true(self):
        s = self.spawn("loop", 10)["session"]
        bp = self.rpc("break", session=s, address=self.tick, condition="rdi == 7")
        self.assertEqual(bp["condition"], "rdi == 7")
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(self.rpc("regs", session=s, names=["rdi"])["rdi"], "0x7")
        # the other nine calls do not stop; the one that did counts as a hit
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 1)
        self.assertEqual(self.output(s), "sum=90\n")

    def test_counted_step_through_unwanted_breakpoint(self):
        # a counted step that lands on a breakpoint whose condition is false goes on
        # stepping from there (the instruction under it runs once, the int3 never), and
        # ends where the same count ends without the breakpoint
        main = hexstr(nm(fixture("loop"), "main"))
        ref = self.spawn("loop", 4)["session"]
        s = self.spawn("loop", 4)["session"]
        for x in (ref, s):
            self.rpc("break", session=x, address=main, temporary=True)
            self.assertStopped(self.rpc("cont", session=x), "breakpoint")
        self.rpc("break", session=s, address=self.tick, condition="rdi == 99")
        want = self.assertStopped(self.rpc("step", session=ref, count=60), "step")
        got = self.assertStopped(self.rpc("step", session=s, count=60), "step")
        self.assertEqual(got["pc"], want["pc"])
        self.assertEqual(self.rpc("regs", session=s), self.rpc("regs", session=ref))
        hits = self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"]
        self.assertEqual(hits, 0)  # the condition never held
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=12\n")

    def test_counted_step_through_ignored_breakpoint(self):
        # the ignore count is spent once per arrival: a counted step that arrives at
        # tick twice, with ignore=1, stops at the second arrival (i = 1)
        main = hexstr(nm(fixture("loop"), "main"))
        s = self.spawn("loop", 4)["session"]
        self.rpc("break", session=s, address=main, temporary=True)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("break", session=s, address=self.tick, ignore=1)
        st = self.assertStopped(self.rpc("step", session=s, count=10000), "breakpoint")
        self.assertEqual(st["pc"], self.tick)
        self.assertEqual(self.rpc("regs", session=s, names=["rdi"])["rdi"], "0x1")
        # both arrivals are hits (an ignored hit is a hit), each counted once
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 2)

    def test_condition_with_memory_and_signed_compare(self):
        s = self.spawn("loop", 6)["session"]
        # at tick's entry the return address is at [rsp]: always readable, non-zero
        self.rpc("break", session=s, address=self.tick,
                 condition="u64[rsp] != 0 && s32[rsp] != 0 && rdi - 4 >= 0")
        seen = []
        while True:
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            seen.append(hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"]))
        self.assertEqual(seen, [4, 5])

    def test_unreadable_memory_in_condition_stops_and_says_why(self):
        s = self.spawn("loop", 3)["session"]
        self.rpc("break", session=s, address=self.tick, condition="u8[0] == 1")
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertIn("condition_error", stop)
        self.assertIn("unreadable memory", stop["condition_error"])

    def test_ignore_count(self):
        s = self.spawn("loop", 10)["session"]
        self.rpc("break", session=s, address=self.tick, ignore=6)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(self.rpc("regs", session=s, names=["rdi"])["rdi"], "0x6")
        bps = self.rpc("breakpoints", session=s)["breakpoints"]
        self.assertEqual(bps[0]["hits"], 7)
        self.assertNotIn("ignore", bps[0]) # none still to go on
        # set again on a breakpoint with hits: the next N, as gdb's ignore command
        bp = self.rpc("break", session=s, address=self.tick, ignore=2)
        self.assertEqual((bp["hits"], bp["ignore"]), (7, 2))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(self.rpc("regs", session=s, names=["rdi"])["rdi"], "0x9")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 10)

    def test_log_records_hits_without_stopping(self):
        n = 25
        s = self.spawn("loop", n)["session"]
        bp = self.rpc("break", session=s, address=self.tick, log=True, log_regs=["rdi", "rsp"],
                      condition="rdi & 1")
        self.assertExited(self.rpc("cont", session=s), 0)
        got = self.rpc("breakpoints", session=s, breakpoint=bp["breakpoint"])["breakpoints"]
        self.assertEqual(len(got), 1)
        log = got[0]["log"]
        self.assertEqual([hexint(e["regs"]["rdi"]) for e in log], list(range(1, n, 2)))
        self.assertEqual([e["hit"] for e in log], list(range(1, len(log) + 1)))
        self.assertTrue(all(e["pc"] == self.tick and set(e["regs"]) == {"rdi", "rsp"}
                            for e in log))
        self.assertEqual(got[0]["log_dropped"], 0)

    def test_second_break_updates_the_same_breakpoint(self):
        s = self.spawn("loop", 5)["session"]
        a = self.rpc("break", session=s, address=self.tick, condition="rdi == 3")
        b = self.rpc("break", session=s, address=self.tick, condition="")
        self.assertEqual(a["breakpoint"], b["breakpoint"])
        self.assertNotIn("condition", b)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(self.rpc("regs", session=s, names=["rdi"])["rdi"], "0x0")

    def test_bad_condition_is_invalid_params(self):
        s = self.spawn("loop", 2)["session"]
        # (a name that is no register is taken as the program's variable, as gdb's
        # break ... if: tick sees none called rbx2)
        for cond, want in [("rdi ==", "expected"), ("rbx2 == 1", 'no variable "rbx2"'),
                           ("(rdi", "expected \")\"")]:
            e = self.assertRpcError(INVALID_PARAMS, "break", session=s, address=self.tick,
                                    condition=cond)
            self.assertIn(want, e.data["detail"])
        # nothing was inserted by the refused calls
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])


class TestSyscallFilters(DbgdTestCase):
    def trace(self, s, names=None):
        seen = []
        while True:
            kw = {"names": names} if names else {}
            st = self.rpc("syscall", session=s, **kw)
            if st["state"] != "stopped":
                return seen, st
            stop = st["stop"]
            self.assertIn(stop["reason"], ("syscall-entry", "syscall-exit"), stop)
            seen.append((stop["reason"], stop["syscall"]["name"]))

    def test_names_filter_matches_strace(self):
        want = strace_names(fixture("syscalls"), ["7"], only=["getppid", "write"])
        s = self.spawn("syscalls", 7)["session"]
        seen, st = self.trace(s, ["getppid", "write"])
        self.assertExited(st, 0)
        self.assertEqual([n for r, n in seen if r == "syscall-entry"], want)
        self.assertEqual([n for r, n in seen if r == "syscall-exit"], want)

    def test_seccomp_filter_matches_strace(self):
        want = strace_names(fixture("syscalls"), ["9"], only=["write", "getppid"])
        s = self.spawn("syscalls", 9, syscall_filter=["write", "getppid"])["session"]
        seen, st = self.trace(s, ["getppid", "write"])
        self.assertExited(st, 0)
        entries = [n for r, n in seen if r == "syscall-entry"]
        self.assertEqual(entries, want)
        # every entry is followed by its exit, with the return value
        self.assertEqual(seen, [x for n in want for x in (("syscall-entry", n),
                                                           ("syscall-exit", n))])

    def test_seccomp_filter_narrower_names(self):
        s = self.spawn("syscalls", 4, syscall_filter=["write", "getppid"])["session"]
        seen, st = self.trace(s, ["write"])
        self.assertExited(st, 0)
        self.assertEqual(seen, [("syscall-entry", "write"), ("syscall-exit", "write")])

    def test_seccomp_filter_then_unfiltered_syscall_matches_strace(self):
        # names outside the filter: dbgd falls back to PTRACE_SYSCALL; each syscall is
        # reported once although the kernel also stops it for seccomp
        want = strace_names(fixture("syscalls"), ["3"])
        s = self.spawn("syscalls", 3, syscall_filter=["getppid"])["session"]
        seen, st = self.trace(s)
        self.assertExited(st, 0)
        self.assertEqual([n for r, n in seen if r == "syscall-entry"], want)

    def test_cont_passes_filtered_syscalls(self):
        s = self.spawn("syscalls", 50, syscall_filter=["getppid"])["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "done\n")

    def test_record_keeps_a_blocked_thread_s_last_syscall(self):
        # the ring holds the process's last 64; a worker blocked in read long before
        # still shows it (its last record, kept when the others pushed it out)
        st = self.spawn("waitcrash", record_syscalls=True)
        s = st["session"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGSEGV")
        log = self.rpc("report", session=s)["syscalls"]
        reads = [x for x in log if x["name"] == "read" and x.get("thread")]
        self.assertEqual(len(reads), 1, log)
        self.assertNotIn("ret", reads[0])  # still blocked
        self.assertEqual(log[0], reads[0])  # the oldest record, before the ring's
        self.assertEqual([x["name"] for x in log[-64:]].count("getppid"), 64)
        self.assertEqual(len(log), 65)

    def test_i386_syscalls_are_named_by_their_abi(self):
        # int80 makes getpid (20) and write (4) with `int $0x80`: i386's table, where
        # x86-64's 20 and 4 are writev and stat. Every syscall as strace names it.
        want = strace_names(fixture("int80"), [])
        s = self.spawn("int80")["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        ev = [e for e in self.rpc("events", session=s, max=100000)["events"]
              if e["type"] == "syscall-entry"]
        self.assertEqual([e["syscall"]["name"] for e in ev], want)
        i386 = [(e["syscall"]["nr"], e["syscall"]["name"]) for e in ev
                if e["syscall"].get("abi") == "i386"]
        self.assertEqual(i386, [(20, "getpid"), (4, "write"), (7, "waitpid")])
        # stops, the names filter (by name across ABIs) and the record
        s = self.spawn("int80", record_syscalls=True)["session"]
        seen, st = self.trace(s, ["getpid", "write"])
        self.assertExited(st, 0)
        self.assertEqual(seen, [("syscall-entry", "getpid"), ("syscall-exit", "getpid"),
                                ("syscall-entry", "write"), ("syscall-exit", "write"),
                                ("syscall-entry", "getpid"), ("syscall-exit", "getpid")])
        log = self.rpc("report", session=s)["syscalls"]
        self.assertIn({"nr": 4, "name": "write", "abi": "i386", "ret": 6},
                      [{k: x[k] for k in ("nr", "name", "abi", "ret") if k in x} for x in log])

    def test_i386_syscalls_under_a_seccomp_filter(self):
        # libseccomp's filter kills a syscall of a foreign ABI by default: dbgd's traps
        # it, so the program runs, and a filtered name of either ABI stops
        s = self.spawn("int80", syscall_filter=["getpid"])["session"]
        seen, st = self.trace(s, ["getpid"])
        self.assertExited(st, 0)
        self.assertEqual([n for r, n in seen if r == "syscall-entry"], ["getpid", "getpid"])
        s = self.spawn("int80", syscall_filter=["getppid"])["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "int80\n")

    def test_a_name_only_i386_has(self):
        # waitpid is in i386's table only: `names` take it, with or without a filter
        for kw in ({}, {"syscall_filter": ["waitpid"]}):
            with self.subTest(**kw):
                s = self.spawn("int80", **kw)["session"]
                seen, st = self.trace(s, ["waitpid"])
                self.assertExited(st, 0)
                self.assertEqual(seen, [("syscall-entry", "waitpid"),
                                        ("syscall-exit", "waitpid")])
        st = self.rpc("syscall", session=self.spawn("int80")["session"], names=["waitpid"])
        self.assertEqual(st["stop"]["syscall"]["abi"], "i386")

    def test_children_under_a_filter_keep_their_syscalls(self):
        # a child inherits the filter; detached, SECCOMP_RET_TRACE without a tracer
        # failed its filtered syscalls with ENOSYS (/bin/echo could not load libc: rc
        # 127). Children stay traced and are let through; their syscalls are not the
        # session's to report.
        for filt in (["openat"], ["openat", "write"]):
            with self.subTest(filter=filt):
                s = self.spawn("/bin/sh", "-c", "/bin/echo hi; echo rc=$?",
                               syscall_filter=filt)["session"]
                seen, st = self.trace(s, ["write"])
                self.assertExited(st, 0)
                self.assertEqual(self.output(s), "hi\nrc=0\n")
                self.assertEqual(seen, [("syscall-entry", "write"), ("syscall-exit", "write")]
                                 if "write" in filt else seen)

    def test_a_child_under_a_filter_outlives_its_closed_session(self):
        # close kills the process group; a child that left it (setsid) outlives the
        # session: detached at its next stop, it runs on to its end, not left stopped
        with tempfile.TemporaryDirectory() as d:
            mark = os.path.join(d, "mark")
            s = self.spawn("/bin/sh", "-c", "setsid /bin/sh -c '/bin/sleep 0.4; "
                           "/bin/echo x > %s' & wait" % mark,
                           syscall_filter=["openat"])["session"]
            self.rpc("cont", session=s, wait=False)
            time.sleep(0.2)
            self.rpc("close", session=s)
            for _ in range(50):
                if os.path.exists(mark) and os.path.getsize(mark):
                    break
                time.sleep(0.1)
            with open(mark) as f:
                self.assertEqual(f.read(), "x\n")

    def test_a_filter_on_execve_lets_the_spawn_exec(self):
        # the filter is installed before the spawn's own execve, which it traps too:
        # dbgd lets that one go (it waited for it forever before, and the whole daemon
        # with it); the program's own execve stops
        s = self.spawn("reexec", fixture("hello"), syscall_filter=["execve"])["session"]
        st = self.rpc("syscall", session=s, names=["execve"])
        self.assertEqual((st["stop"]["reason"], st["stop"]["syscall"]["name"]),
                         ("syscall-entry", "execve"))
        self.assertEqual(self.rpc("sessions")["sessions"][0]["session"], s)  # still serving
        self.assertExited(self.cont_to_end(s), 0)
        self.assertEqual(self.output(s), "Hello, world!\n")

    def test_unknown_syscall_name(self):
        s = self.spawn("syscalls", 1)["session"]
        e = self.assertRpcError(INVALID_PARAMS, "syscall", session=s, names=["nosuchcall"])
        self.assertIn("nosuchcall", e.data["detail"])
        self.assertRpcError(INVALID_PARAMS, "spawn", path=fixture("syscalls"),
                            syscall_filter=["nosuchcall"])
        # an empty list is no way of saying "all" (strace's -e trace= traces none)
        for method, kw in (("syscall", {"session": s, "names": []}),
                           ("cont", {"session": s, "trace_syscalls": True, "names": []}),
                           ("spawn", {"path": fixture("syscalls"), "syscall_filter": []})):
            e = self.assertRpcError(INVALID_PARAMS, method, **kw)
            self.assertIn("empty", e.data["detail"])
        self.assertEqual(self.rpc("status", session=s)["state"], "stopped")

    def test_record_syscalls_while_continuing(self):
        want = strace_names(fixture("syscalls"), ["3"])
        s = self.spawn("syscalls", 3, record_syscalls=True)["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "done\n")
        report = self.rpc("report", session=s)
        names = [c["name"] for c in report["syscalls"]]
        # the spawn's execve first, as strace's log (its exit completes its entry)
        self.assertEqual(names[0], "execve")
        self.assertEqual(names[1:], want[-len(names[1:]):])
        self.assertGreaterEqual(len(names), min(len(want), 32))
        # exits completed the entries: the write returned its length
        writes = [c for c in report["syscalls"] if c["name"] == "write"]
        self.assertEqual(writes[-1]["ret"], 5)

    def test_a_syscall_stepped_over_is_recorded_with_its_result(self):
        # `step` from a syscall's entry stop runs it with no exit stop: the record
        # takes its result from the step's rax, as strace shows it (write(...) = 5)
        s = self.spawn("syscalls", 3, record_syscalls=True)["session"]
        st = self.rpc("syscall", session=s, names=["write"])
        self.assertEqual(st["stop"]["reason"], "syscall-entry")
        st = self.assertStopped(self.rpc("step", session=s), "step")
        self.assertEqual(self.rpc("regs", session=s, names=["rax"])["rax"], "0x5")
        self.assertExited(self.rpc("cont", session=s), 0)
        writes = [c for c in self.rpc("report", session=s)["syscalls"]
                  if c["name"] == "write"]
        self.assertEqual([c.get("ret") for c in writes], [5])
        self.assertEqual(len(writes), 1)


if __name__ == "__main__":
    dbgd.main()
