"""Many sessions at once: 50 loop tracees driven by 5 client threads concurrently, each
interleaving cont/step/regs/peek on its own sessions and checking every result."""

import threading
import traceback

import dbgd
from dbgd import DbgdTestCase, fixture, hexint, hexstr, nm

THREADS = 5
PER_THREAD = 10


class TestManySessions(DbgdTestCase):
    def worker(self, k, barrier, errors, tick, orig):
        c = self.daemon.client()
        try:
            sessions = []
            for i in range(PER_THREAD):
                n = 2 + (k + i) % 4
                st = c.rpc("spawn", path=fixture("loop"), args=[str(n)])
                assert st["state"] == "stopped", st
                bp = c.rpc("break", session=st["session"], address=hexstr(tick))
                sessions.append({"s": st["session"], "n": n, "bp": bp["breakpoint"],
                                 "hits": 0, "done": False})
            barrier.wait(60)
            barrier.wait(60)  # the main thread counted the sessions
            while not all(x["done"] for x in sessions):
                for x in sessions:
                    if x["done"]:
                        continue
                    st = c.rpc("cont", session=x["s"])
                    if st["state"] == "exited":
                        assert st["exit_code"] == 0, st
                        assert x["hits"] == x["n"], (x, st)
                        out = c.rpc("output", session=x["s"])["text"]
                        assert out == "sum=%d\n" % (x["n"] * (x["n"] - 1)), out
                        bps = c.rpc("breakpoints", session=x["s"])["breakpoints"]
                        assert bps[0]["hits"] == x["n"], bps
                        x["done"] = True
                        continue
                    assert st["stop"]["reason"] == "breakpoint", st
                    assert st["stop"]["pc"] == hexstr(tick), st
                    assert st["stop"]["breakpoint"] == x["bp"], st
                    regs = c.rpc("regs", session=x["s"], names=["rdi", "rip"])
                    assert hexint(regs["rdi"]) == x["hits"], (regs, x)
                    assert regs["rip"] == hexstr(tick), regs
                    assert c.rpc("peek", session=x["s"], address=tick,
                                 length=len(orig) // 2)["bytes"] == orig
                    x["hits"] += 1
                    if x["hits"] % 2:
                        st = c.rpc("step", session=x["s"])
                        assert st["stop"]["pc"] == hexstr(tick + 1), st
            for x in sessions:
                assert c.rpc("close", session=x["s"]) == {}
        except Exception:  # noqa: BLE001 - collected and reported by the test
            errors.append("thread %d:\n%s" % (k, traceback.format_exc()))
            barrier.abort()
        finally:
            c.close()

    def test_fifty_sessions_five_threads(self):
        tick = nm(fixture("loop"), "tick")
        st = self.spawn("loop")
        orig = self.rpc("peek", session=st["session"], address=tick, length=8)["bytes"]
        self.rpc("close", session=st["session"])
        barrier = threading.Barrier(THREADS + 1)
        errors = []
        threads = [threading.Thread(target=self.worker, args=(k, barrier, errors, tick, orig))
                   for k in range(THREADS)]
        for t in threads:
            t.start()
        try:
            barrier.wait(60)
            live = [x for x in self.rpc("sessions")["sessions"] if x["state"] == "stopped"]
            self.assertGreaterEqual(len(live), THREADS * PER_THREAD)
            barrier.wait(60)
        except threading.BrokenBarrierError:
            pass
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [], "\n".join(errors))
        self.assertFalse(any(t.is_alive() for t in threads))
        self.assertEqual(self.rpc("sessions")["sessions"], [])


if __name__ == "__main__":
    dbgd.main()
