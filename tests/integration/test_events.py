"""Events: every stop, resume and end of a session is an event with a sequence number,
readable by any number of clients and by long-poll; `cont` with trace_syscalls turns
each syscall into an event instead of a stop (strace as the oracle)."""

import os
import re
import subprocess
import tempfile
import threading
import time

import dbgd
from dbgd import INVALID_PARAMS, DbgdTestCase, fixture, hexstr, nm
from test_serverside import strace_names


class TestEvents(DbgdTestCase):
    def test_stops_resumes_and_end(self):
        s = self.spawn("loop", 2)["session"]
        tick = hexstr(nm(fixture("loop"), "tick"))
        self.rpc("break", session=s, address=tick)
        self.rpc("cont", session=s)
        self.rpc("cont", session=s)
        self.assertExited(self.rpc("cont", session=s), 0)
        ev = self.rpc("events", session=s)
        types = [e["type"] for e in ev["events"]]
        self.assertEqual(types, ["stop", "resume", "stop", "resume", "stop", "resume", "end"])
        self.assertEqual([e["seq"] for e in ev["events"]], list(range(1, 8)))
        self.assertEqual(ev["next"], 7)
        self.assertEqual(ev["dropped"], 0)
        self.assertEqual(ev["events"][0]["status"]["stop"]["reason"], "exec")
        self.assertEqual(ev["events"][2]["status"]["stop"]["pc"], tick)
        self.assertEqual(ev["events"][-1]["status"]["state"], "exited")
        # a second client reads from where it likes
        tail = self.rpc("events", session=s, after=5)
        self.assertEqual([e["seq"] for e in tail["events"]], [6, 7])
        self.assertEqual(self.rpc("events", session=s, after=7)["events"], [])
        self.assertEqual([e["seq"] for e in self.rpc("events", session=s, max=2)["events"]],
                         [1, 2])

    def test_stop_events_are_snapshots(self):
        s = self.spawn("loop", 2)["session"]
        tick = nm(fixture("loop"), "tick")
        self.rpc("break", session=s, address=hexstr(tick))
        self.rpc("cont", session=s)
        self.rpc("regs", session=s, set={"rip": hexstr(tick + 1)})
        self.assertEqual(self.rpc("status", session=s)["stop"]["pc"], hexstr(tick + 1))
        stops = [e for e in self.rpc("events", session=s)["events"] if e["type"] == "stop"]
        self.assertEqual(stops[-1]["status"]["stop"]["pc"], hexstr(tick))

    def test_long_poll_wakes_on_the_next_event(self):
        s = self.spawn("blockread")["session"]
        nxt = self.rpc("events", session=s)["next"]
        got = {}

        def poll():
            c = self.daemon.client()
            t = time.monotonic()
            got["ev"] = c.rpc("events", session=s, after=nxt, timeout=20)
            got["dt"] = time.monotonic() - t
            c.close()

        th = threading.Thread(target=poll)
        th.start()
        time.sleep(0.3)
        self.rpc("cont", session=s, wait=False)
        th.join(10)
        self.assertFalse(th.is_alive())
        self.assertEqual(got["ev"]["events"][0]["type"], "resume")
        self.assertLess(got["dt"], 5)
        # and a poll with nothing new times out with an empty list
        t = time.monotonic()
        ev = self.rpc("events", session=s, after=got["ev"]["next"], timeout=0.3)
        self.assertEqual(ev["events"], [])
        self.assertGreaterEqual(time.monotonic() - t, 0.25)

    def test_a_syscall_event_that_wakes_a_long_poll_is_whole(self):
        # echoin blocks in read(0); the poll waits after its entry; `input` ends the
        # read: the exit event that wakes the poll has its return value and pc (they
        # were filled after the wake-up: ret 0, pc 0x0)
        s = self.spawn("echoin", stop="main", stdin_open=True)["session"]
        self.rpc("cont", session=s, trace_syscalls=True, wait=False)
        entry = dbgd.wait_until(lambda: [e for e in self.rpc("events", session=s,
                                                             max=1000)["events"]
                                         if e["type"] == "syscall-entry" and
                                         e["syscall"]["name"] == "read"], 10)
        self.assertTrue(entry)
        nxt = self.rpc("events", session=s, max=1000)["next"]
        got = {}

        def poll():
            c = self.daemon.client()
            got["ev"] = c.rpc("events", session=s, after=nxt, timeout=20, max=1)
            c.close()

        th = threading.Thread(target=poll)
        th.start()
        time.sleep(0.3)
        self.rpc("input", session=s, data="hi\n")
        th.join(10)
        ev = got["ev"]["events"][0]
        self.assertEqual((ev["type"], ev["syscall"]["name"], ev["syscall"]["ret"]),
                         ("syscall-exit", "read", 3))
        self.assertEqual(ev["pc"], entry[-1]["pc"])
        self.assertEqual(self.rpc("events", session=s, after=nxt, max=1)["events"], [ev])

    def test_trace_syscalls_as_events_matches_strace(self):
        want = strace_names(fixture("syscalls"), ["20"])
        s = self.spawn("syscalls", 20)["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        entries = [e["syscall"]["name"] for e in ev if e["type"] == "syscall-entry"]
        exits = [e for e in ev if e["type"] == "syscall-exit"]
        # strace starts after execve returns; so do we (the exec stop is inside it)
        self.assertEqual(entries, want)
        # the first exit is execve's own (the exec stop is inside it, as strace shows
        # its return); exit_group does not return
        self.assertEqual(exits[0]["syscall"]["name"], "execve")
        self.assertEqual([e["syscall"]["name"] for e in exits[1:]], want[:-1])
        getppid = [e["syscall"]["ret"] for e in exits if e["syscall"]["name"] == "getppid"]
        self.assertEqual(len(getppid), 20)
        self.assertTrue(all(r == getppid[0] and r > 0 for r in getppid))

    def test_signals_passed_on_are_events_as_strace_shows_them(self):
        # sigstep raises SIGALRM four times, caught: dbgd passes it without a stop, and
        # while tracing tells it where strace prints "--- SIGALRM {...} ---", between
        # the tgkill that sent it and the handler's rt_sigreturn
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            subprocess.run(["strace", "-qq", "-o", log, fixture("sigstep")], check=True,
                           capture_output=True, timeout=60)
            with open(log) as f:
                want = []
                for line in f:
                    m = re.match(r"^(?:([a-z_0-9]+)\(|--- (SIG[A-Z]+) \{si_signo=\w+, "
                                 r"si_code=(\w+))", line)
                    if m:
                        want.append(m.group(1) or "--- %s %s" % (m.group(2), m.group(3)))
        self.assertEqual(sum(w.startswith("--- SIGALRM") for w in want), 4)
        s = self.spawn("sigstep")["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        got = []
        for e in self.rpc("events", session=s, max=100000)["events"]:
            if e["type"] == "syscall-entry":
                got.append(e["syscall"]["name"])
            elif e["type"] == "signal":
                got.append("--- %s %s" % (e["signal"]["name"], e["signal"]["code_name"]))
                self.assertEqual(e["signal"]["sender_pid"], self.rpc("status",
                                                                     session=s)["pid"])
        self.assertEqual(want[0], "execve")  # strace starts before it, dbgd in it
        self.assertEqual(got, want[1:])
        # a plain cont traces nothing, signals neither
        s = self.spawn("sigstep")["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual([e for e in self.rpc("events", session=s, max=1000)["events"]
                          if e["type"] == "signal"], [])

    def test_trace_named_syscalls_with_seccomp(self):
        want = strace_names(fixture("syscalls"), ["30"], only=["getppid", "write"])
        s = self.spawn("syscalls", 30, syscall_filter=["getppid", "write"])["session"]
        st = self.rpc("cont", session=s, trace_syscalls=True, names=["getppid", "write"])
        self.assertExited(st, 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        calls = [(e["type"], e["syscall"]["name"]) for e in ev if "syscall" in e]
        self.assertEqual(calls, [x for n in want for x in (("syscall-entry", n),
                                                           ("syscall-exit", n))])
        writes = [e for e in ev if e["type"] == "syscall-exit" and e["syscall"]["name"] == "write"]
        self.assertEqual(writes[0]["syscall"]["ret"], 5)

    def test_trace_clone3_with_seccomp_sees_its_exits(self):
        # clone3's exit comes after its clone event stop: the seccomp entry's exit must
        # still be asked for there (it was lost, the exits missing, against strace)
        for filt in (None, ["clone3"]):
            with self.subTest(filter=filt):
                kw = {"syscall_filter": filt} if filt else {}
                s = self.spawn("mthreads", 3, **kw)["session"]
                st = self.rpc("cont", session=s, trace_syscalls=True, names=["clone3"])
                self.assertExited(st, 0)
                ev = [e for e in self.rpc("events", session=s, max=100000)["events"]
                      if "syscall" in e]
                self.assertEqual([e["type"] for e in ev],
                                 ["syscall-entry", "syscall-exit"] * 3)
                self.assertTrue(all(e["syscall"]["ret"] > 0 for e in ev[1::2]), ev)

    def test_trace_stops_at_breakpoints_and_ends_with_the_stop(self):
        s = self.spawn("loop", 3)["session"]
        self.rpc("break", session=s, address=hexstr(nm(fixture("loop"), "tick")))
        st = self.rpc("cont", session=s, trace_syscalls=True)
        self.assertStopped(st, "breakpoint")
        n = len([e for e in self.rpc("events", session=s, max=100000)["events"]
                 if e["type"].startswith("syscall")])
        self.assertGreater(n, 10)
        # the next plain cont traces nothing
        self.rpc("cont", session=s)
        m = len([e for e in self.rpc("events", session=s, max=100000)["events"]
                 if e["type"].startswith("syscall")])
        self.assertEqual(m, n)

    def test_names_need_trace_syscalls(self):
        s = self.spawn("loop", 1)["session"]
        self.assertRpcError(INVALID_PARAMS, "cont", session=s, names=["write"])
        self.assertRpcError(INVALID_PARAMS, "events", session=s, after=-1)


if __name__ == "__main__":
    dbgd.main()
