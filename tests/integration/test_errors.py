"""Error answers, one test each, per the contract's Errors section; the daemon is still
up and serving after all of them (and exits 0 on SIGTERM at teardown)."""

import time

import dbgd
from dbgd import (BAD_ADDRESS, GONE, INVALID_PARAMS, MEMORY, NO_BREAKPOINT, NO_SESSION,
                  NO_SYMBOL, RUNNING, DbgdTestCase, fixture, hexstr, nm, proc_maps)


class TestErrors(DbgdTestCase):
    def test_unknown_session(self):
        for method, extra in [("status", {}), ("step", {}), ("cont", {}), ("regs", {}),
                              ("peek", {"address": "0x1000"}), ("kill", {}), ("close", {}),
                              ("output", {}), ("breakpoints", {}), ("wait", {}),
                              ("pause", {}), ("syscall", {})]:
            with self.subTest(method=method):
                self.assertRpcError(NO_SESSION, method, session=987654, **extra)

    def test_running(self):
        st = self.spawn("blockread")
        s = st["session"]
        self.rpc("cont", session=s, wait=False)
        for method, extra in [("regs", {}), ("step", {}), ("peek", {"address": st["stop"]["pc"]}),
                              ("poke", {"address": st["stop"]["pc"], "bytes": "90"}),
                              ("cont", {}), ("syscall", {})]:
            with self.subTest(method=method):
                e = self.assertRpcError(RUNNING, method, session=s, **extra)
                self.assertEqual(e.data.get("session"), s, e.data)
                self.assertEqual(e.data.get("state"), "running", e.data)
        self.assertEqual(self.rpc("status", session=s)["state"], "running")

    def test_gone(self):
        st = self.spawn("hello")
        s = st["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        for method, extra in [("regs", {}), ("step", {}), ("cont", {}), ("syscall", {}),
                              ("peek", {"address": st["stop"]["pc"]}), ("pause", {}),
                              ("poke", {"address": st["stop"]["pc"], "bytes": "90"})]:
            with self.subTest(method=method):
                if method == "pause":
                    # pause of an ended process: its final status, or GONE
                    try:
                        self.assertExited(self.rpc("pause", session=s), 0)
                    except dbgd.RpcError as e:
                        self.assertEqual(e.code, GONE)
                    continue
                e = self.assertRpcError(GONE, method, session=s, **extra)
                self.assertEqual(e.data.get("session"), s, e.data)
                self.assertEqual(e.data.get("state"), "exited", e.data)
        # what is kept of an ended session
        self.assertExited(self.rpc("status", session=s), 0)
        self.assertExited(self.rpc("wait", session=s), 0)
        self.assertEqual(self.output(s), "Hello, world!\n")

    def test_gone_after_kill(self):
        s = self.spawn("loop")["session"]
        self.rpc("kill", session=s)
        e = self.assertRpcError(GONE, "regs", session=s)
        self.assertEqual(e.data.get("state"), "killed", e.data)

    def test_memory_unreadable(self):
        s = self.spawn("hello")["session"]
        e = self.assertRpcError(MEMORY, "peek", session=s, address=0, length=8)
        self.assertEqual(e.data.get("readable"), 0, e.data)
        e = self.assertRpcError(MEMORY, "poke", session=s, address=8, bytes="00")

    def test_memory_partly_readable(self):
        st = self.spawn("hello")
        maps = proc_maps(st["pid"])
        starts = {m[0] for m in maps}
        # the end of a mapping not followed by another one
        end = next(m[1] for m in maps if m[1] not in starts and "r" in m[2]
                   and m[3] != "[vsyscall]")
        e = self.assertRpcError(MEMORY, "peek", session=st["session"],
                                address=hexstr(end - 4), length=16)
        self.assertEqual(e.data.get("readable"), 4, e.data)

    def test_invalid_params_unknown_key(self):
        s = self.spawn("hello")["session"]
        e = self.assertRpcError(INVALID_PARAMS, "status", session=s, bogus=1)
        self.assertIn("bogus", e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "spawn", path=fixture("hello"), argz=[])
        self.assertIn("argz", e.data["detail"])

    def test_invalid_params_wrong_type(self):
        s = self.spawn("hello")["session"]
        e = self.assertRpcError(INVALID_PARAMS, "step", session=s, count="many")
        self.assertIn("count", e.data["detail"])
        self.assertIn("params.count: expected unsigned integer, got string", e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "step", session=s, count=-1)
        self.assertIn("count", e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "spawn", path=fixture("hello"), args="a b")
        self.assertIn("args", e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "cont", session=s, wait="yes")
        self.assertIn("wait", e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "spawn", path=fixture("hello"), env={"A": 1})
        self.assertIn("env", e.data["detail"])

    def test_invalid_params_missing_required(self):
        e = self.assertRpcError(INVALID_PARAMS, "spawn")
        self.assertIn("path", e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "status")
        self.assertIn("session", e.data["detail"])
        s = self.spawn("hello")["session"]
        e = self.assertRpcError(INVALID_PARAMS, "peek", session=s)
        self.assertIn("address", e.data["detail"])
        self.assertRpcError(INVALID_PARAMS, "break", session=s)

    def test_invalid_params_values(self):
        s = self.spawn("hello")["session"]
        for method, p, name in [("peek", {"address": "zz"}, "address"),
                                ("peek", {"address": -1}, "address"),
                                ("peek", {"address": "0x1" + "0" * 16}, "address"),
                                ("peek", {"address": "0x1000", "format": "hex2"}, "format"),
                                ("cont", {"signal": "SIGFOO"}, "signal"),
                                ("output", {"stream": "stdin"}, "stream"),
                                ("poke", {"address": "0x1000", "bytes": "zz"}, "bytes")]:
            with self.subTest(method=method, p=p):
                e = self.assertRpcError(INVALID_PARAMS, method, session=s, **p)
                self.assertIn(name, e.data["detail"])
        e = self.assertRpcError(INVALID_PARAMS, "spawn", path=fixture("hello"), stop="later")
        self.assertIn("stop", e.data["detail"])

    def test_no_breakpoint(self):
        s = self.spawn("hello")["session"]
        self.assertRpcError(NO_BREAKPOINT, "delete", session=s, breakpoint=4242)

    def test_no_symbol(self):
        s = self.spawn("loop")["session"]
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="no_such_function_xyz")

    def test_bad_breakpoint_address(self):
        s = self.spawn("loop")["session"]
        # unmapped: BAD_ADDRESS ("invalid address") or MEMORY (cannot be written)
        with self.assertRaises(dbgd.RpcError) as cm:
            self.rpc("break", session=s, address=0)
        self.assertIn(cm.exception.code, (BAD_ADDRESS, MEMORY), cm.exception)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])

    def test_zz_daemon_still_up(self):
        # runs last in this class (alphabetical): everything above left dbgd serving
        self.assertIsInstance(self.rpc("sessions")["sessions"], list)
        self.assertTrue(self.daemon.alive())
        st = self.spawn("hello")
        self.assertExited(self.rpc("cont", session=st["session"]), 0)


if __name__ == "__main__":
    dbgd.main()
