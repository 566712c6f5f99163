"""The breakpoint invariants of DESIGN.md, one test each, on the loop and patch fixtures.

loop calls tick(i) N times; tick starts with the one-byte `push %rbp` (fixtures are
built without CET). patch has a one-byte nop at patch_site that can be poked into
xchg %eax,%ecx to change the function's result from 1 to 2.
"""

import re
import subprocess

import dbgd
from dbgd import (DbgdTestCase, call_sites, fixture, hexint, hexstr, load_base, nm,
                  proc_mem_read)


def gdb_pc_after_stepi_from(path, addr, args=()):
    """gdb as the oracle: run to a breakpoint at addr, stepi once, return $pc."""
    out = subprocess.run(
        ["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off",
         "-ex", "break *0x%x" % addr, "-ex", "run", "-ex", "stepi", "-ex", "p/x $pc",
         "-ex", "kill", "--args", path, *args],
        capture_output=True, text=True, timeout=60).stdout
    m = re.findall(r"\$\d+ = (0x[0-9a-f]+)$", out, re.M)
    if not m:
        raise AssertionError("gdb gave no pc:\n" + out)
    return int(m[-1], 16)


class TestBreakpoints(DbgdTestCase):
    def setUp(self):
        super().setUp()
        self.loop = fixture("loop")
        self.tick = nm(self.loop, "tick")

    def start_at_tick(self, n=5):
        st = self.spawn("loop", n)
        s = st["session"]
        bp = self.rpc("break", session=s, address=hexstr(self.tick))
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
        return s, bp["breakpoint"], st

    def test_peek_never_shows_int3(self):
        st = self.spawn("loop")
        s = st["session"]
        before = self.rpc("peek", session=s, address=self.tick - 8, length=24)["bytes"]
        self.assertEqual(before[16:18], "55")  # push %rbp
        self.rpc("break", session=s, address=self.tick)
        self.rpc("break", session=s, address=self.tick + 1)
        # the trap is really there (the oracle reads memory directly)...
        self.assertEqual(proc_mem_read(st["pid"], self.tick, 2), b"\xcc\xcc")
        # ...but peek shows the program's bytes, whatever the range
        self.assertEqual(self.rpc("peek", session=s, address=self.tick - 8,
                                  length=24)["bytes"], before)
        self.assertEqual(self.rpc("peek", session=s, address=self.tick, length=1)["bytes"],
                         "55")
        self.assertEqual(self.rpc("peek", session=s, address=self.tick + 1,
                                  length=1)["bytes"], before[18:20])
        # also while stopped at the breakpoint
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(self.rpc("peek", session=s, address=self.tick - 8,
                                  length=24)["bytes"], before)

    def test_poke_over_breakpoint(self):
        path = fixture("patch")
        site = nm(path, "patch_site")
        st = self.spawn("patch")
        s = st["session"]
        bp = self.rpc("break", session=s, address=site)
        self.assertEqual(self.rpc("peek", session=s, address=site, length=1)["bytes"], "90")
        # mov $2,%ecx ends with 00 just before the site: poke a range spanning the trap
        self.assertEqual(self.rpc("peek", session=s, address=site - 1, length=1)["bytes"], "00")
        self.assertEqual(self.rpc("poke", session=s, address=site - 1, bytes="0091"),
                         {"written": 2})
        self.assertEqual(self.rpc("peek", session=s, address=site - 1, length=2)["bytes"],
                         "0091")
        self.assertEqual(proc_mem_read(st["pid"], site - 1, 2), b"\x00\xcc")
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")          # the trap is still in place
        self.assertEqual(st["stop"]["pc"], hexstr(site))
        self.assertEqual(st["stop"]["breakpoint"], bp["breakpoint"])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "value=2\n")  # the poked byte is what ran

    def test_unpatched_value(self):
        s = self.spawn("patch")["session"]
        self.rpc("break", session=s, address=nm(fixture("patch"), "patch_site"))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "value=1\n")

    def test_pc_after_hit(self):
        s, bp, st = self.start_at_tick()
        self.assertEqual(st["stop"]["breakpoint"], bp)
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"], hexstr(self.tick))

    def test_loop_hits_every_iteration(self):
        n = 7
        s, bp, st = self.start_at_tick(n)
        hits = 1
        while True:
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            self.assertStopped(st, "breakpoint")
            self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
            # tick's argument is the iteration number
            self.assertEqual(hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"]), hits)
            hits += 1
        self.assertExited(st, 0)
        self.assertEqual(hits, n)
        self.assertEqual(self.output(s), "sum=%d\n" % sum(2 * i for i in range(n)))
        bps = self.rpc("breakpoints", session=s)["breakpoints"]
        self.assertEqual([(b["breakpoint"], b["hits"]) for b in bps], [(bp, n)])

    def test_loop_hits_pie(self):
        path = fixture("loop_pie")
        st = self.spawn("loop_pie", 4)
        s = st["session"]
        addr = load_base(st["pid"], path) + nm(path, "tick")
        self.rpc("break", session=s, address=hexstr(addr))
        for _ in range(4):
            st = self.rpc("cont", session=s)
            self.assertStopped(st, "breakpoint")
            self.assertEqual(st["stop"]["pc"], hexstr(addr))
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=12\n")

    def test_step_from_breakpoint_runs_original_once(self):
        s, bp, st = self.start_at_tick()
        r0 = self.rpc("regs", session=s, names=["rsp", "rbp"])
        rsp0, rbp0 = hexint(r0["rsp"]), hexint(r0["rbp"])
        st = self.rpc("step", session=s)
        self.assertStopped(st, "step")
        pc = hexint(st["stop"]["pc"])
        self.assertEqual(pc, gdb_pc_after_stepi_from(self.loop, self.tick, ["5"]))
        self.assertEqual(pc, self.tick + 1)  # push %rbp is one byte
        rsp1 = hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])
        self.assertEqual(rsp1, rsp0 - 8, "push %rbp must run exactly once")
        pushed = self.rpc("peek", session=s, address=rsp1, length=8)["bytes"]
        self.assertEqual(int.from_bytes(bytes.fromhex(pushed), "little"), rbp0)
        # mov %rsp,%rbp
        st = self.rpc("step", session=s)
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick + 4))
        r2 = self.rpc("regs", session=s, names=["rsp", "rbp"])
        self.assertEqual(r2["rbp"], r2["rsp"])
        self.assertEqual(hexint(r2["rsp"]), rsp1)
        # the breakpoint is re-armed: the next iteration hits it again
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"]), 1)

    def test_cont_from_breakpoint_runs_original_once(self):
        # the push runs once per hit: tick returns into main with a sane stack, and the
        # sum is right
        s, bp, st = self.start_at_tick(3)
        rsp = hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"]), rsp)
        self.rpc("cont", session=s)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=6\n")

    def test_break_at_current_pc_does_not_fire_on_cont(self):
        st = self.spawn("hello")
        s = st["session"]
        self.rpc("break", session=s, address=st["stop"]["pc"])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "Hello, world!\n")

    def test_break_at_current_pc_does_not_fire_on_step(self):
        st = self.spawn("hello")
        s = st["session"]
        pc = st["stop"]["pc"]
        self.rpc("break", session=s, address=pc)
        st = self.rpc("step", session=s)
        self.assertStopped(st, "step")
        self.assertNotEqual(st["stop"]["pc"], pc)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 0)

    def test_break_at_current_pc_after_hit(self):
        # stopped on tick's breakpoint: delete it and set it again at the current pc;
        # cont must not report it at once, the next hit is the next iteration
        s, bp, st = self.start_at_tick(3)
        self.rpc("delete", session=s, breakpoint=bp)
        bp2 = self.rpc("break", session=s, address=self.tick)["breakpoint"]
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["breakpoint"], bp2)
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rdi"])["rdi"]), 1)

    def test_delete_while_stopped_on_it(self):
        pre = self.spawn("loop")
        orig = self.rpc("peek", session=pre["session"], address=self.tick, length=16)["bytes"]
        s, bp, st = self.start_at_tick(5)
        pid = self.rpc("status", session=s)["pid"]
        self.assertEqual(self.rpc("delete", session=s, breakpoint=bp), {})
        self.assertEqual(self.rpc("peek", session=s, address=self.tick, length=16)["bytes"],
                         orig)
        self.assertEqual(proc_mem_read(pid, self.tick, 16).hex(), orig)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=20\n")

    def test_disabled_breakpoint_is_out_of_the_code_and_kept(self):
        # gdb's disable: listed with its settings and hits, the program's byte back in
        # memory (the oracle reads it), no stop; enable puts it back
        s, bp, st = self.start_at_tick(5)
        pid = st["pid"]
        d = self.rpc("break", session=s, address=hexstr(self.tick), enabled=False,
                     condition="rdi != 99")
        self.assertEqual((d["breakpoint"], d["enabled"], d["hits"]), (bp, False, 1))
        self.assertEqual(proc_mem_read(pid, self.tick, 1), b"\x55")
        st = self.rpc("finish", session=s)  # back in main, past tick(0)
        self.assertNotEqual(hexint(st["stop"]["pc"]), self.tick)
        e = self.rpc("break", session=s, address=hexstr(self.tick), enabled=True)
        self.assertNotIn("enabled", e)
        self.assertEqual((e["hits"], e["condition"]), (1, "rdi != 99"))
        self.assertEqual(proc_mem_read(pid, self.tick, 1), b"\xcc")
        st = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(hexint(self.rpc("regs", session=s)["rdi"]), 1)  # tick(1)
        self.rpc("break", session=s, address=hexstr(self.tick), enabled=False)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=20\n")
        self.assertEqual([(b["hits"], b["enabled"]) for b in
                          self.rpc("breakpoints", session=s)["breakpoints"]], [(2, False)])

    def test_finish_stops_where_a_disabled_breakpoint_is(self):
        # a step's own stop at the address of a disabled breakpoint still happens (the
        # int3 is lent to it), and is no hit of the breakpoint, which stays out after
        ret = call_sites(self.loop, "main", "tick")[0] + 5  # after the call rel32
        s, bp, st = self.start_at_tick(3)
        pid = st["pid"]
        r = self.rpc("break", session=s, address=hexstr(ret), enabled=False)
        self.assertEqual(proc_mem_read(pid, ret, 1) != b"\xcc", True)
        st = self.rpc("finish", session=s)
        self.assertEqual(hexint(st["stop"]["pc"]), ret)
        self.assertNotEqual(st["stop"].get("breakpoint"), r["breakpoint"])
        self.assertNotEqual(proc_mem_read(pid, ret, 1), b"\xcc")
        self.rpc("delete", session=s, breakpoint=bp)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 0)

    def test_two_breakpoints_one_address(self):
        s = self.spawn("loop", 2)["session"]
        a = self.rpc("break", session=s, address=hexstr(self.tick))
        b = self.rpc("break", session=s, address=self.tick)
        self.assertEqual(a["breakpoint"], b["breakpoint"])
        self.assertEqual(len(self.rpc("breakpoints", session=s)["breakpoints"]), 1)
        st = self.rpc("cont", session=s)
        self.assertEqual(st["stop"]["breakpoint"], a["breakpoint"])
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 2)

    def test_step_onto_breakpoint_then_push(self):
        # stop at the `call tick` in main, step into tick (which has a breakpoint):
        # the step lands on the breakpoint address (reason "breakpoint", pc == tick,
        # like gdb), then the next step executes the one-byte push %rbp and must
        # report pc == tick + 1: a trap at tick + 1 is a step, not a hit to rewind.
        call = call_sites(self.loop, "main", "tick")
        self.assertEqual(len(call), 1)
        call = call[0]
        s = self.spawn("loop", 3)["session"]
        cbp = self.rpc("break", session=s, address=call)["breakpoint"]
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["pc"], hexstr(call))
        tbp = self.rpc("break", session=s, address=self.tick)["breakpoint"]
        rsp0 = hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])
        st = self.rpc("step", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
        self.assertEqual(st["stop"]["breakpoint"], tbp)
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"]), rsp0 - 8)
        st = self.rpc("step", session=s)
        self.assertStopped(st, "step")
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick + 1))
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"],
                         hexstr(self.tick + 1))
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"]),
                         rsp0 - 16)
        # and the program is intact: the next stop is the call site, iteration 2
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["breakpoint"], cbp)
        self.rpc("delete", session=s, breakpoint=cbp)
        self.rpc("delete", session=s, breakpoint=tbp)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=6\n")

    def test_step_landing_on_breakpoint_then_cont(self):
        # landed on tick's breakpoint by a step: cont runs tick's push and goes on to
        # the next stop (the call site), it does not report tick's breakpoint again
        call = call_sites(self.loop, "main", "tick")[0]
        s = self.spawn("loop", 3)["session"]
        cbp = self.rpc("break", session=s, address=call)["breakpoint"]
        self.rpc("cont", session=s)
        self.rpc("break", session=s, address=self.tick)
        st = self.rpc("step", session=s)
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["breakpoint"], cbp)
        self.assertEqual(st["stop"]["pc"], hexstr(call))

    def test_multi_step_stops_early_at_breakpoint(self):
        call = call_sites(self.loop, "main", "tick")[0]
        s = self.spawn("loop", 3)["session"]
        self.rpc("break", session=s, address=call)
        self.rpc("cont", session=s)
        tbp = self.rpc("break", session=s, address=self.tick)["breakpoint"]
        st = self.rpc("step", session=s, count=100)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["pc"], hexstr(self.tick))
        self.assertEqual(st["stop"]["breakpoint"], tbp)


if __name__ == "__main__":
    dbgd.main()
