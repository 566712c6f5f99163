"""Watchpoints: the CPU's debug registers, set with `watch`, against gdb's `watch -l`
(the same pcs and values at each hit), in the main thread and in another one."""

import time

import dbgd
from dbgd import BAD_ADDRESS, INVALID_PARAMS, LIMIT, NO_BREAKPOINT, NO_SYMBOL, RUNNING, \
    DbgdTestCase, fixture, hexint, hexstr, nm

ENV = {"DBGD_ORACLE": "1"}


def gdb_watch_hits(args, n, access="watch"):
    """gdb stops the watched fixture at main, sets `watch -l counter` (or rwatch/awatch),
    continues n times: [(pc, counter)] at each hit."""
    cmds = ["break main", "run", "%s -l counter" % access]
    for _ in range(n):
        cmds += ["continue", "p/x $pc", "p/x counter"]
    vals = dbgd.gdb_values(fixture("watched"), args, ENV, cmds + ["kill"])
    return list(zip(vals[0::2], vals[1::2]))


class TestWatchpoints(DbgdTestCase):
    def hits(self, s, n):
        got = []
        for _ in range(n):
            stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
            got.append((hexint(stop["pc"]), hexint(stop["value"])))
        return got

    def test_writes_match_gdb(self):
        want = gdb_watch_hits([], 5)
        self.assertEqual([v for _, v in want], [3, 6, 9, 12, 15])
        s = self.spawn("watched", env=ENV, env_clear=True, stop="main")["session"]
        w = self.rpc("watch", session=s, symbol="counter")
        counter = nm(fixture("watched"), "counter")
        self.assertEqual(w, {"watchpoint": 1, "address": hexstr(counter), "length": 8,
                             "access": "write", "enabled": True, "hits": 0, "value": "0x0"})
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["watchpoint"], stop["address"], stop["old"], stop["value"]),
                         (1, hexstr(counter), "0x0", "0x3"))
        self.assertEqual(stop["symbol"].split("+")[0], "bump")
        self.assertEqual([(hexint(stop["pc"]), 3)] + self.hits(s, 4), want)
        self.assertEqual(self.rpc("watchpoints", session=s)["watchpoints"][0]["hits"], 5)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "15\n")

    def test_a_write_that_changes_nothing_is_no_hit(self):
        # gdb's `watch` stops where the value changes: the CPU also traps on writes of
        # the value that was there, which go on silently (not counted); an rw one stops
        want = gdb_watch_hits(["same"], 5)
        self.assertEqual([v for _, v in want], [3, 6, 9, 12, 15])
        s = self.spawn("watched", "same", env=ENV, env_clear=True, stop="main")["session"]
        self.rpc("watch", session=s, symbol="counter")
        self.assertEqual(self.hits(s, 5), want)
        self.assertEqual(self.rpc("watchpoints", session=s)["watchpoints"][0]["hits"], 5)
        self.assertExited(self.rpc("cont", session=s), 0)
        s = self.spawn("watched", "same", env=ENV, env_clear=True, stop="main")["session"]
        self.rpc("watch", session=s, symbol="counter", access="rw")
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["old"], stop["value"]), ("0x0", "0x0"))

    def test_in_another_thread(self):
        # set before the thread exists: every thread gets the debug registers
        want = gdb_watch_hits(["thread"], 5)
        st = self.spawn("watched", "thread", env=ENV, env_clear=True, stop="main")
        s, pid = st["session"], st["pid"]
        self.rpc("watch", session=s, symbol="counter")
        got = []
        for _ in range(5):
            stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
            self.assertNotEqual(stop["thread"], pid)
            got.append((hexint(stop["pc"]), hexint(stop["value"])))
        self.assertEqual(got, want)
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_reads_and_unwatch(self):
        # access rw on `peeked`, read once by work(); `counter` unwatched after 2 hits
        s = self.spawn("watched", stop="main")["session"]
        w1 = self.rpc("watch", session=s, symbol="counter")
        w2 = self.rpc("watch", session=s, symbol="peeked", length=4, access="rw")
        self.assertEqual((w2["watchpoint"], w2["length"], w2["access"], w2["value"]),
                         (2, 4, "rw", "0x7"))
        self.hits(s, 2)
        self.assertEqual(self.rpc("unwatch", session=s, watchpoint=w1["watchpoint"]), {})
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["watchpoint"], stop["old"], stop["value"]), (2, "0x7", "0x7"))
        self.assertEqual(stop["symbol"].split("+")[0], "work")
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "15\n")

    def test_unwatch_while_running(self):
        # the running thread keeps the debug register until it stops: its trap then is
        # dbgd's, dropped, not the program's SIGTRAP (which killed it, found by a sweep)
        s = self.spawn("watched", "late", stop="main")["session"]
        w = self.rpc("watch", session=s, symbol="counter")
        self.rpc("cont", session=s, wait=False)
        time.sleep(0.05)
        self.assertEqual(self.rpc("unwatch", session=s, watchpoint=w["watchpoint"]), {})
        self.assertExited(self.rpc("wait", session=s), 0)
        self.assertEqual(self.output(s), "15\n")

    def test_one_access_hits_every_watchpoint_on_it(self):
        # as gdb reports them all: the first is the stop's, `watchpoints` lists each,
        # and each one's hits count it; ids are never reused
        s = self.spawn("watched", stop="main")["session"]
        w1 = self.rpc("watch", session=s, symbol="counter")["watchpoint"]
        w2 = self.rpc("watch", session=s, symbol="counter", length=4, access="rw")["watchpoint"]
        # bump() reads counter (w2 alone), then stores it (both)
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual(stop["watchpoint"], w2)
        self.assertNotIn("watchpoints", stop)
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["watchpoint"], stop["watchpoints"]), (w1, [w1, w2]))
        self.assertEqual((stop["old"], stop["value"]), ("0x0", "0x3"))
        self.assertEqual([w["hits"] for w in self.rpc("watchpoints", session=s)["watchpoints"]],
                         [1, 2])
        self.rpc("unwatch", session=s, watchpoint=w2)
        w3 = self.rpc("watch", session=s, symbol="peeked", length=4)["watchpoint"]
        self.assertNotIn(w3, (w1, w2))

    def test_disable_and_enable_as_gdbs(self):
        # gdb: the watchpoint disabled after its first hit lets two bumps go by (a
        # breakpoint on bump stops there), enabled again it fires from the value then
        cmds = ["break main", "run", "watch -l counter", "continue", "p/x $pc",
                "p/x counter", "disable 2", "break bump", "continue", "continue",
                "p/x counter", "enable 2", "delete 3", "continue", "p/x $pc", "p/x counter",
                "continue", "p/x counter", "kill"]
        want = dbgd.gdb_values(fixture("watched"), [], ENV, cmds)
        self.assertEqual([want[i] for i in (1, 2, 4, 5)], [3, 6, 9, 12])
        s = self.spawn("watched", env=ENV, env_clear=True, stop="main")["session"]
        w = self.rpc("watch", session=s, symbol="counter")["watchpoint"]
        got = [hexint(self.assertStopped(self.rpc("cont", session=s), "watchpoint")["pc"]),
               3]
        off = self.rpc("watch", session=s, watchpoint=w, enabled=False)
        self.assertEqual((off["enabled"], off["hits"]), (False, 1))
        # one count of ids for breakpoints and watchpoints, as gdb's numbers
        self.assertEqual(self.rpc("break", session=s, symbol="bump")["breakpoint"], w + 1)
        for _ in range(2):
            self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got.append(int(self.rpc("print", session=s, name="counter")["value"]))
        self.assertEqual(self.rpc("watchpoints", session=s)["watchpoints"][0]["enabled"],
                         False)
        on = self.rpc("watch", session=s, watchpoint=w, enabled=True)
        self.assertEqual((on["enabled"], on["hits"], on["value"]), (True, 1, "0x6"))
        self.rpc("delete", session=s, breakpoint=w + 1)
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["old"], stop["value"]), ("0x6", "0x9"))
        got += [hexint(stop["pc"]), 9]
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        got.append(hexint(stop["value"]))
        self.assertEqual(got, want)
        self.assertEqual(self.rpc("watchpoints", session=s)["watchpoints"][0]["hits"], 3)
        # bad changes: no such watchpoint, a place and a number at once
        self.assertRpcError(NO_BREAKPOINT, "watch", session=s, watchpoint=w + 1,
                            enabled=False)
        self.assertRpcError(INVALID_PARAMS, "watch", session=s, watchpoint=w,
                            symbol="counter")
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual(stop["value"], "0xf")
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_a_disabled_watchpoint_set_disabled_does_not_fire(self):
        s = self.spawn("watched", stop="main")["session"]
        w = self.rpc("watch", session=s, symbol="counter", enabled=False)
        self.assertEqual((w["enabled"], w["hits"]), (False, 0))
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "15\n")

    def test_a_disabled_watchpoint_gives_its_register_back(self):
        # gdb: a disabled watchpoint takes no debug register, so a fifth can be set
        # while one of four is off; its hits are gdb's, whatever register it got
        want = gdb_watch_hits([], 2)
        s = self.spawn("watched", env=ENV, env_clear=True, stop="main")["session"]
        w1 = self.rpc("watch", session=s, symbol="counter")["watchpoint"]
        for n in (1, 2, 4):
            self.rpc("watch", session=s, symbol="peeked", length=n)
        self.assertEqual(self.assertRpcError(LIMIT, "watch", session=s,
                                             symbol="counter").data["limit"], 4)
        self.rpc("watch", session=s, watchpoint=w1, enabled=False)
        w5 = self.rpc("watch", session=s, symbol="counter")["watchpoint"]
        e = self.assertRpcError(LIMIT, "watch", session=s, watchpoint=w1, enabled=True)
        self.assertIn("disable or unwatch one", e.data["detail"])
        self.assertEqual([(w["watchpoint"], w["enabled"]) for w in
                          self.rpc("watchpoints", session=s)["watchpoints"]],
                         [(w1, False), (w1 + 1, True), (w1 + 2, True), (w1 + 3, True),
                          (w5, True)])
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["watchpoint"], stop["old"], stop["value"]), (w5, "0x0", "0x3"))
        self.assertEqual((hexint(stop["pc"]), 3), want[0])
        # swapped: w5 off, w1 on again (the register w5 gave back), from the value now
        self.rpc("watch", session=s, watchpoint=w5, enabled=False)
        self.assertEqual(self.rpc("watch", session=s, watchpoint=w1, enabled=True)["value"],
                         "0x3")
        stop = self.assertStopped(self.rpc("cont", session=s), "watchpoint")
        self.assertEqual((stop["watchpoint"], stop["old"], stop["value"]), (w1, "0x3", "0x6"))
        self.assertEqual((hexint(stop["pc"]), 6), want[1])
        # disabled ones need no register: a session keeps 32
        self.rpc("unwatch", session=s, watchpoint=w5)
        self.rpc("unwatch", session=s, watchpoint=w1)
        while len(self.rpc("watchpoints", session=s)["watchpoints"]) < 32:
            self.rpc("watch", session=s, symbol="peeked", enabled=False)
        e = self.assertRpcError(LIMIT, "watch", session=s, symbol="peeked", enabled=False)
        self.assertEqual(e.data["limit"], 32)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "15\n")

    def test_a_step_stops_at_the_write(self):
        # counted steps stop at the instruction that wrote, as gdb does
        s = self.spawn("watched", stop="main")["session"]
        self.rpc("watch", session=s, symbol="counter")
        stop = self.assertStopped(self.rpc("step", session=s, count=100000), "watchpoint")
        self.assertEqual(stop["value"], "0x3")
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rip"])["rip"]),
                         hexint(stop["pc"]))

    def test_errors(self):
        st = self.spawn("watched", stop="main")
        s = st["session"]
        counter = nm(fixture("watched"), "counter")
        self.assertRpcError(INVALID_PARAMS, "watch", session=s, address=hexstr(counter + 1))
        self.assertRpcError(INVALID_PARAMS, "watch", session=s, address=hexstr(counter),
                            length=3)
        self.assertRpcError(INVALID_PARAMS, "watch", session=s, symbol="counter",
                            access="exec")
        self.assertRpcError(INVALID_PARAMS, "watch", session=s)
        self.assertRpcError(BAD_ADDRESS, "watch", session=s, address="0x8")
        # an offset past the end of the address space does not wrap around
        self.assertRpcError(NO_SYMBOL, "watch", session=s, symbol="counter+0xffffffffffffffff",
                            length=1)
        for i in range(4):
            self.rpc("watch", session=s, address=hexstr(counter), length=1 << (i % 4))
        e = self.assertRpcError(LIMIT, "watch", session=s, symbol="counter")
        self.assertEqual(e.data["limit"], 4)
        self.assertRpcError(NO_BREAKPOINT, "unwatch", session=s, watchpoint=9)
        self.rpc("unwatch", session=s, watchpoint=3)
        self.assertRpcError(NO_BREAKPOINT, "unwatch", session=s, watchpoint=3)
        self.assertEqual([w["watchpoint"] for w in
                          self.rpc("watchpoints", session=s)["watchpoints"]], [1, 2, 4])
        s = self.spawn("blockread", stdin_open=True)["session"]  # waits in read
        self.rpc("cont", session=s, wait=False)
        self.assertRpcError(RUNNING, "watch", session=s, address="0x1000")


if __name__ == "__main__":
    dbgd.main()
