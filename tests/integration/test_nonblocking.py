"""Nothing blocks the loop on a tracee: while one session's step sits in a blocking
read(), another's cont never returns and a third floods stdout, a fourth session's
calls are answered promptly, and the flood's captured output stays bounded."""

import threading
import time

import dbgd
from dbgd import RpcError, DbgdTestCase, fixture, hexint, hexstr, nm, proc_status

PROMPT = 2.0               # seconds: the bound on every answer of the free session
OUTPUT_BOUND = 64 << 20    # captured stdout of the flood, in bytes
RSS_GROWTH_KB = 64 << 10   # growth of dbgd's resident memory over the test (a
                           # difference, so that a sanitizer build's larger base passes)


def rss_kb(pid):
    return int(proc_status(pid)["VmRSS"].split()[0])


class Blocked(threading.Thread):
    """Runs one (blocking) call on its own connection; keeps the result or error."""

    def __init__(self, daemon, method, **params):
        super().__init__(daemon=True)
        self.client = daemon.client(timeout=45)
        self.method, self.params = method, params
        self.result = self.error = None
        self.started_at = self.ended_at = None

    def run(self):
        self.started_at = time.monotonic()
        try:
            self.result = self.client.rpc(self.method, **self.params)
        except Exception as e:  # noqa: BLE001 - reported by the test
            self.error = e
        self.ended_at = time.monotonic()
        self.client.close()


class TestNonBlocking(DbgdTestCase):
    def to_blocking_read(self, s):
        """syscall-step blockread to the entry of its read() on the pipe."""
        seen_write = False
        for _ in range(500):
            st = self.rpc("syscall", session=s)
            stop = self.assertStopped(st)
            if stop["reason"] == "syscall-entry":
                name = stop["syscall"]["name"]
                if name == "write":
                    seen_write = True
                elif name == "read" and seen_write:
                    return st
        self.fail("blockread never reached its read()")

    def timed(self, fn, *a, **kw):
        t0 = time.monotonic()
        r = fn(*a, **kw)
        dt = time.monotonic() - t0
        self.assertLess(dt, PROMPT, "answer took %.2fs" % dt)
        return r

    def test_stuck_sessions_do_not_stall_others(self):
        rss0 = rss_kb(self.daemon.pid)
        a = self.spawn("blockread")["session"]
        self.to_blocking_read(a)
        b = self.spawn("blockread")["session"]
        c = self.spawn("chatty")["session"]
        d = self.spawn("loop", 1000)["session"]

        step_a = Blocked(self.daemon, "step", session=a, timeout=30)
        cont_b = Blocked(self.daemon, "cont", session=b, timeout=30)
        step_a.start()
        cont_b.start()
        self.assertEqual(self.rpc("cont", session=c, wait=False)["state"], "running")
        time.sleep(0.3)
        self.assertTrue(step_a.is_alive(), "step into a blocking read() returned: %r %r"
                        % (step_a.result, step_a.error))
        self.assertTrue(cont_b.is_alive())

        tick = nm(fixture("loop"), "tick")
        self.timed(self.rpc, "break", session=d, address=hexstr(tick))
        hits = 0
        t_end = time.monotonic() + 2.0
        while time.monotonic() < t_end:
            regs = self.timed(self.rpc, "regs", session=d)
            hexint(regs["rip"])
            self.timed(self.rpc, "step", session=d)
            st = self.timed(self.rpc, "cont", session=d)
            self.assertStopped(st, "breakpoint")
            self.assertEqual(hexint(self.timed(self.rpc, "regs", session=d,
                                               names=["rdi"])["rdi"]), hits)
            hits += 1
            self.timed(self.rpc, "status", session=a)
            self.timed(self.rpc, "sessions")
            out = self.timed(self.rpc, "output", session=c)
            self.assertLessEqual(len(out["text"]), OUTPUT_BOUND)
        self.assertGreater(hits, 10)
        self.assertEqual(self.rpc("status", session=a)["state"], "running")
        self.assertEqual(self.rpc("status", session=b)["state"], "running")

        # the flood is still going, and what dbgd keeps of it is bounded
        o1 = self.rpc("output", session=c)
        time.sleep(0.5)
        o2 = self.rpc("output", session=c)
        self.assertGreaterEqual(o2["next_offset"], o1["next_offset"])
        self.assertLessEqual(len(o2["text"].encode()), OUTPUT_BOUND)
        self.assertLess(rss_kb(self.daemon.pid) - rss0, RSS_GROWTH_KB)

        # pause the flood; kill the blocked sessions: their pending calls end
        self.assertStopped(self.timed(self.rpc, "pause", session=c), "interrupted")
        self.timed(self.rpc, "kill", session=a)
        self.timed(self.rpc, "kill", session=b)
        step_a.join(5)
        cont_b.join(5)
        self.assertFalse(step_a.is_alive(), "the pending step did not end with its process")
        self.assertFalse(cont_b.is_alive(), "the pending cont did not end with its process")
        for t in (step_a, cont_b):
            if t.error is not None:
                self.assertIsInstance(t.error, RpcError)
            else:
                self.assertEqual(t.result["state"], "killed", t.result)

    def test_pause_ends_pending_cont_and_wait(self):
        # a cont waiting on one connection and a wait on another both answer the
        # interrupted stop that a pause on a third connection causes
        s = self.spawn("blockread")["session"]
        cont = Blocked(self.daemon, "cont", session=s, timeout=30)
        cont.start()
        time.sleep(0.2)
        waiter = Blocked(self.daemon, "wait", session=s, timeout=30)
        waiter.start()
        time.sleep(0.2)
        self.assertTrue(cont.is_alive() and waiter.is_alive())
        st = self.timed(self.rpc, "pause", session=s)
        self.assertStopped(st, "interrupted")
        cont.join(5)
        waiter.join(5)
        self.assertFalse(cont.is_alive() or waiter.is_alive())
        self.assertIsNone(cont.error)
        self.assertIsNone(waiter.error)
        self.assertEqual(cont.result, st)
        self.assertEqual(waiter.result, st)

    def test_quick_waits_leave_room_for_others(self):
        # A counted step and a syscall trace resume their tracees without a report and
        # dbgd waits for their next stops itself (reaper.c, quick waits). Meanwhile a
        # third session's breakpoint stops, whose SIGCHLD such a wait may take, are
        # reported, and every call on the side is answered promptly.
        sa = self.spawn("loop", 100000000)
        a = sa["session"]
        b = self.spawn("syscalls", 100000000)["session"]
        d = self.spawn("loop", 1000)["session"]
        self.assertEqual(self.rpc("step", session=a, count=10 ** 9, timeout=0)["state"],
                         "running")
        self.assertEqual(self.rpc("cont", session=b, trace_syscalls=True,
                                  wait=False)["state"], "running")
        tick = nm(fixture("loop"), "tick")
        self.timed(self.rpc, "break", session=d, address=hexstr(tick))
        for i in range(50):
            st = self.timed(self.rpc, "cont", session=d)
            self.assertStopped(st, "breakpoint")
            self.assertEqual(hexint(self.timed(self.rpc, "regs", session=d,
                                               names=["rdi"])["rdi"]), i)
            self.timed(self.rpc, "sessions")
        self.assertEqual(self.rpc("status", session=a)["state"], "running")
        st = self.timed(self.rpc, "pause", session=a)
        self.assertStopped(st)
        self.assertNotEqual(st["stop"]["pc"], sa["stop"]["pc"])  # it stepped on
        self.timed(self.rpc, "kill", session=b)

    def test_steps_done_by_dbgd_leave_room_for_others(self):
        # A counted step through a loop whose every instruction dbgd steps itself makes
        # no waitpid status at all; meanwhile another session's breakpoint stops (real
        # statuses) are handled and every call on the side is answered promptly.
        a = self.spawn("flow", "spin")["session"]
        self.rpc("break", session=a, address=hexstr(nm(fixture("flow"), "flow_spin")))
        self.assertStopped(self.rpc("cont", session=a), "breakpoint")
        self.assertEqual(self.rpc("step", session=a, count=10 ** 12, timeout=0)["state"],
                         "running")
        d = self.spawn("loop", 1000)["session"]
        self.timed(self.rpc, "break", session=d, address=hexstr(nm(fixture("loop"), "tick")))
        for i in range(30):
            self.assertStopped(self.timed(self.rpc, "cont", session=d), "breakpoint")
            self.timed(self.rpc, "sessions")
        self.assertEqual(self.rpc("status", session=a)["state"], "running")
        self.assertStopped(self.timed(self.rpc, "pause", session=a))
        rax = hexint(self.rpc("regs", session=a, names=["rax"])["rax"])
        self.assertGreater(rax, 1000, "the loop did not run")

    def test_step_timeout_in_blocking_read(self):
        a = self.spawn("blockread")["session"]
        self.to_blocking_read(a)
        t0 = time.monotonic()
        try:
            st = self.rpc("step", session=a, timeout=0.5)
            self.assertEqual(st["state"], "running", st)
        except RpcError as e:
            self.fail("step timeout should answer a status, got %s" % e)
        self.assertLess(time.monotonic() - t0, 5)
        self.assertStopped(self.rpc("pause", session=a), "interrupted")


if __name__ == "__main__":
    dbgd.main()
