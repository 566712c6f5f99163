"""Stepping over breakpoints, every way dbgd does it: emulation of prologue instructions,
out-of-line execution of the instruction at the entry point (rip-relative operands
relocated), and a real single step for branches and returns. A breakpoint on every
instruction of a function, hit on every call, must leave the program's results and
registers exactly as gdb sees them at the same breakpoints."""

import re
import subprocess

import dbgd
from dbgd import DbgdTestCase, fixture, hexint, hexstr

ENV = {"DBGD_ORACLE": "1"}
REGS = ["rip", "rsp", "rbp", "rax", "rdx", "rdi", "eflags"]


def function_insns(path, name):
    """Addresses of the instructions of function name, from objdump."""
    insns = dbgd.objdump_function(path, name)
    if not insns:
        raise LookupError("%s has no function %s" % (path, name))
    return [a for a, _ in insns]


ALL_REGS = ["rip", "rsp", "rbp", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
            "eflags"]


def gdb_hits(path, args, env, addrs, regs=REGS):
    """gdb with a breakpoint at each address: regs at every hit until the program ends."""
    prints = "\n".join("p/x $%s" % ("pc" if r == "rip" else r) for r in regs)
    vals = dbgd.gdb_values(path, args, env, ["break *0x%x" % a for a in addrs] +
                           ["run"] + [prints + "\ncontinue"] * 2000)
    k = len(regs)
    return [tuple(vals[i:i + k]) for i in range(0, len(vals) - k + 1, k)]


class TestStepOver(DbgdTestCase):
    def hits(self, name, args, func, pie=False, regs=REGS):
        path = fixture(name)
        s = self.spawn(name, *args, env=ENV, env_clear=True)["session"]
        base = 0
        if pie:  # break by symbol: dbgd resolves the load address
            base = hexint(self.rpc("break", session=s, symbol="*" + func)["address"])
            self.rpc("delete", session=s, breakpoint=1)
            base -= function_insns(path, func)[0]
        addrs = [base + a for a in function_insns(path, func)]
        for a in addrs:
            self.rpc("break", session=s, address=hexstr(a))
        got = []
        while True:
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            self.assertEqual(st["stop"]["reason"], "breakpoint", st)
            vals = self.rpc("regs", session=s, names=regs)
            got.append(tuple(hexint(vals[r]) for r in regs))
        self.assertExited(st, 0)
        return s, addrs, got

    def test_every_instruction_of_a_function_with_globals(self):
        n = 6
        s, addrs, got = self.hits("globals", [n], "bump")
        self.assertEqual(self.output(s), "counter=%d calls=%d\n" % (n * (n - 1) // 2, n))
        self.assertEqual(len(got), n * len(addrs))
        want = gdb_hits(fixture("globals"), [str(n)], ENV, addrs)
        fmt = lambda l: ["%d: " % i + " ".join("%s %x" % (r, v) for r, v in zip(REGS, row))
                         for i, row in enumerate(l)]
        self.assertEqual(fmt(got), fmt(want))
        bps = self.rpc("breakpoints", session=s)["breakpoints"]
        self.assertEqual([b["hits"] for b in bps], [n] * len(addrs))

    def test_every_emulated_instruction_form(self):
        # mix (fixtures/insns.c) runs one of each instruction form that dbgd emulates
        # (loads, stores, moves, lea, arithmetic with its flags) on boundary values:
        # with a breakpoint on every instruction, every register and eflags at every
        # hit must be what gdb sees, and the program's result must not change
        # (rep stosb and rep movsl, stepped with the trap flag, are hit again after
        # each trap-flag step that leaves them unfinished, as in gdb)
        n = 4
        plain = self.spawn("insns", n)["session"]
        self.assertExited(self.cont_to_end(plain), 0)
        s, addrs, got = self.hits("insns", [n], "mix", regs=ALL_REGS)
        self.assertEqual(self.output(s), self.output(plain))
        self.assertGreater(len(got), n * n * (len(addrs) + 7)) # and equal to gdb's, below
        want = gdb_hits(fixture("insns"), [str(n)], ENV, addrs, regs=ALL_REGS)
        fmt = lambda l: ["%d: " % i + " ".join("%s %x" % (r, v) for r, v in zip(ALL_REGS, row))
                         for i, row in enumerate(l)]
        self.assertEqual(fmt(got), fmt(want))

    def test_every_instruction_of_optimised_code(self):
        # compiled code at -O2 and -Os (fixtures/optim.c: rep movs, movzx, shifts,
        # conditional code, calls): a breakpoint on every instruction of each function,
        # all registers and eflags at every hit as gdb sees them
        for name in ("optim_O2", "optim_Os"):
            path = fixture(name)
            dis = subprocess.run(["objdump", "-d", path], capture_output=True, text=True,
                                 check=True).stdout
            funcs = [f for f in ("main", "mixer", "isort", "isort.constprop.0")
                     if "<%s>:\n" % f in dis]  # isort may be specialised or inlined
            self.assertIn("mixer", funcs)
            for func in funcs:
                with self.subTest(binary=name, function=func):
                    s, addrs, got = self.hits(name, ["2"], func, regs=ALL_REGS)
                    self.assertGreaterEqual(len(got), len(addrs) // 2)
                    want = gdb_hits(path, ["2"], ENV, addrs, regs=ALL_REGS)
                    fmt = lambda l: ["%d: " % i + " ".join("%s %x" % (r, v) for r, v
                                                           in zip(ALL_REGS, row))
                                     for i, row in enumerate(l)]
                    self.assertEqual(fmt(got), fmt(want))

    def test_emulated_store_to_read_only_memory_faults(self):
        # poke_ro stores to a const object: with a breakpoint on every instruction of
        # poke_ro the store is not done by dbgd (process_vm_writev refuses the read-only
        # page, where /proc/PID/mem would write it): the program takes its SIGSEGV at the
        # store, and the object keeps its value
        path = fixture("insns")
        s = self.spawn("insns", "ro")["session"]
        addrs = function_insns(path, "poke_ro")
        for a in addrs:
            self.rpc("break", session=s, address=hexstr(a))
        for _ in range(len(addrs) + 1):
            st = self.rpc("cont", session=s)
            stop = self.assertStopped(st)
            if stop["reason"] != "breakpoint":
                break
        self.assertEqual(stop["reason"], "signal", stop)
        self.assertEqual(stop["signal"]["name"], "SIGSEGV")
        self.assertEqual(stop["signal"]["code_name"], "SEGV_ACCERR")
        store = addrs[4]  # movl $0x1,(%rax)
        self.assertEqual(hexint(stop["pc"]), store)
        ro = hexint(self.rpc("symbols", session=s, name="ro_value")["symbols"][0]["address"])
        mem = self.rpc("peek", session=s, address=hexstr(ro), length=4)["bytes"]
        self.assertEqual(bytes.fromhex(mem), (7).to_bytes(4, "little"))
        self.assertKilled(self.rpc("cont", session=s), "SIGSEGV", 11)

    def test_every_instruction_pie(self):
        n = 4
        s, addrs, got = self.hits("globals_pie", [n], "bump", pie=True)
        self.assertEqual(self.output(s), "counter=%d calls=%d\n" % (n * (n - 1) // 2, n))
        self.assertEqual(len(got), n * len(addrs))

    def test_every_instruction_of_tick(self):
        n = 5
        s, addrs, got = self.hits("loop", [n], "tick")
        self.assertEqual(self.output(s), "sum=%d\n" % (n * (n - 1)))
        self.assertEqual([row[0] for row in got], addrs * n)

    def test_signal_while_stepping_over(self):
        # the crash fixture faults on an instruction under a breakpoint: the fault is
        # reported at the instruction's own address, not at the out-of-line copy
        path = fixture("crash")
        plain = self.spawn("crash")["session"]
        stop = self.assertStopped(self.rpc("cont", session=plain), "signal")
        fault_pc = stop["pc"]
        s = self.spawn("crash")["session"]
        self.rpc("break", session=s, address=fault_pc)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGSEGV")
        self.assertEqual(stop["pc"], fault_pc)
        self.assertKilled(self.rpc("cont", session=s), "SIGSEGV", 11)
        # and the entry point (the out-of-line area) holds the program's bytes again,
        # as in a process that never hit a breakpoint
        entry = subprocess.run(["readelf", "-h", path], capture_output=True, text=True).stdout
        e = int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", entry).group(1), 16)
        fresh = self.spawn("crash")["session"]
        want = self.rpc("peek", session=fresh, address=hexstr(e), length=16)["bytes"]
        live = self.spawn("crash")["session"]
        self.rpc("break", session=live, address=fault_pc)
        self.rpc("cont", session=live)
        self.rpc("cont", session=live)  # the SIGSEGV stop, after an out-of-line attempt
        self.assertEqual(self.rpc("peek", session=live, address=hexstr(e), length=16)["bytes"],
                         want)


if __name__ == "__main__":
    dbgd.main()
