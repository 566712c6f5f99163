"""Step-overs of the instructions dbgd used to single-step with the int3 taken out,
while the other threads of the program run: a PLT stub's `jmp *GOT(%rip)`, `call
*%rax`, `call *8(%rax)`, a switch table's `notrack jmp *tab(,%rdi,8)` (emulated) and a
raw `syscall` (run out of line, %rcx and the pc put back). Every hit of every thread
must be seen (the fixture counts its own iterations), the program's output must be
the one it prints without a debugger, and the registers at and after each
instruction must be those gdb shows at the same breakpoints."""

import re
import subprocess

import dbgd
from dbgd import DbgdTestCase, fixture, hexint, hexstr

ENV = {"DBGD_ORACLE": "1"}
INSNS = ["callreg_insn", "callmem_insn", "jmptab_insn", "rawppid_insn"]
AFTER = ["f_reg", "f_mem", "jt0", "jt1", "jt2", "jt3", "rawppid_after"]
REGS = ["rip", "rsp", "rcx", "rax", "rdi", "r11"]


def plt_stub(path, name):
    """The address of name@plt in path (its .plt or .plt.sec stub), from objdump."""
    out = subprocess.run(["objdump", "-d", "-j", ".plt", "-j", ".plt.sec", path],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"^([0-9a-f]+) <%s@plt>:" % re.escape(name), out, re.M)
    if not m:
        raise LookupError("no %s@plt in %s" % (name, path))
    return int(m.group(1), 16)


def places(names):
    path = fixture("osteps")
    return [plt_stub(path, "atoi")] + [dbgd.nm(path, n) for n in names]


def plain_output(*args):
    """What the fixture prints and returns without a debugger."""
    p = subprocess.run([fixture("osteps"), *[str(a) for a in args]], capture_output=True,
                       text=True, timeout=60)
    return p.stdout, p.returncode


class TestStepOverThreads(DbgdTestCase):
    client_timeout = 300

    def run_all(self, args, **bp):
        """Spawn osteps with args and a breakpoint with bp on each of its instructions;
        cont to the end. Returns each breakpoint's hits and the output."""
        s = self.spawn("osteps", *args)["session"]
        addrs = places(INSNS)
        ids = [self.rpc("break", session=s, address=hexstr(a), **bp)["breakpoint"]
               for a in addrs]
        st = self.rpc("cont", session=s, timeout=240)
        self.assertExited(st, 0)
        bps = {b["breakpoint"]: b for b in self.rpc("breakpoints", session=s)["breakpoints"]}
        return [bps[i]["hits"] for i in ids], self.output(s), bps

    def test_every_hit_of_four_threads_with_log(self):
        # 4 threads x 200 iterations: 800 hits on each of the five instructions, with
        # log (every hit recorded, the program never stops)
        want_out, rc = plain_output(4, 200)
        self.assertEqual(rc, 0)
        hits, out, bps = self.run_all([4, 200], log=True, log_regs=["rip", "rcx"])
        self.assertEqual(out, want_out)
        self.assertEqual(want_out, "iterations 800 sum 263200 failures 0\n")
        self.assertEqual(hits, [800] * 5)

    def test_every_hit_of_four_threads_with_an_ignore_count(self):
        want_out, _ = plain_output(4, 200)
        hits, out, _ = self.run_all([4, 200], ignore=1000000)
        self.assertEqual(out, want_out)
        self.assertEqual(hits, [800] * 5)

    def test_fork_inside_the_loop_leaves_the_child_healthy(self):
        # thread 0 forks every 10 iterations; each child calls the same syscall (its
        # int3s scrubbed, the scratch area perhaps holding another thread's syscall)
        # and must see its parent's pid and exit 7 (the parent counts failures)
        want_out, rc = plain_output(4, 100, 10)
        self.assertEqual((want_out, rc), ("iterations 400 sum 71600 failures 0\n", 0))
        hits, out, _ = self.run_all([4, 100, 10], log=True)
        self.assertEqual(out, want_out)
        self.assertEqual(hits, [400] * 5)

    def test_registers_match_gdb(self):
        # one thread, six iterations: a breakpoint on each instruction and where it goes;
        # at every hit the registers (and the return address a call pushed) as gdb's
        path = fixture("osteps")
        addrs = places(INSNS + AFTER)
        # gdb's own displaced stepping leaves %rcx after a syscall pointing into its
        # scratch copy (0x4010e4 here, the entry point's): without it gdb steps it for
        # real, which sets %rcx as the CPU does, and TF in %r11 (masked below)
        want_regs = dbgd.gdb_values(path, ["1", "6"], ENV,
                                    ["set displaced-stepping off"] +
                                    ["break *0x%x" % a for a in addrs] + ["run"] +
                                    ["p/x $pc\np/x $rsp\np/x $rcx\np/x $rax\np/x $rdi\n"
                                     "p/x $r11\np/x *(long *)$rsp\ncontinue"] * 200)
        want = [tuple(want_regs[i:i + 7]) for i in range(0, len(want_regs) - 6, 7)]
        st = self.spawn("osteps", 1, 6, env=ENV, env_clear=True)
        s = st["session"]
        for a in addrs:
            self.rpc("break", session=s, address=hexstr(a))
        got, gdb_ppid, ppids = [], None, set()
        while True:
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            self.assertEqual(st["stop"]["reason"], "breakpoint", st)
            r = self.rpc("regs", session=s, names=REGS)
            v = [hexint(r[n]) for n in REGS]
            top = self.rpc("peek", session=s, address=r["rsp"], length=8)["bytes"]
            got.append(tuple(v) + (int.from_bytes(bytes.fromhex(top), "little"),))
        self.assertExited(st, 0)
        self.assertEqual(len(got), 6 * 9)  # the stub, 4 insns, where each goes (1 jt)
        self.assertEqual(len(got), len(want))
        # getppid's result is the tracer's pid: dbgd's here, gdb's there
        rp_after = dbgd.nm(path, "rawppid_after")
        for i, (g, w) in enumerate(zip(got, want)):
            # %r11 holds the flags the last syscall ran with: gdb's trap flag aside
            w = w[:5] + (w[5] & ~0x100,) + w[6:]
            g = g[:5] + (g[5] & ~0x100,) + g[6:]
            if g[0] == rp_after:
                self.assertEqual(g[3], self.daemon.proc.pid)
                w = w[:3] + (g[3],) + w[4:]
            self.assertEqual(g, w, "hit %d at %#x" % (i, got[i][0]))
        # the pushed return addresses, and %rcx after the syscall
        by_pc = {g[0]: g for g in got}
        self.assertEqual(by_pc[dbgd.nm(path, "f_reg")][6], dbgd.nm(path, "callreg_insn") + 2)
        self.assertEqual(by_pc[dbgd.nm(path, "f_mem")][6], dbgd.nm(path, "callmem_insn") + 3)
        self.assertEqual(by_pc[rp_after][2], rp_after)
        self.assertEqual(by_pc[rp_after][5] & 0x100, 0)  # no trap flag of ours

    def test_blocking_syscall_broken_off_by_another_threads_stop(self):
        # the reader's read runs out of line and blocks; main's breakpoint stops every
        # thread, which breaks the read off (-ERESTARTSYS): the read is put back as not
        # run, and the next cont steps over it again instead of hitting it a second
        # time; the byte main writes then arrives, once
        path = fixture("osteps")
        s = self.spawn("osteps", "block")["session"]
        b_sys = self.rpc("break", session=s, address=hexstr(dbgd.nm(path, "rawsys_insn")))
        b_reg = self.rpc("break", session=s, address=hexstr(dbgd.nm(path, "f_reg")))
        st = self.rpc("cont", session=s, timeout=60)
        self.assertEqual(st["stop"]["breakpoint"], b_sys["breakpoint"], st)
        reader = st["stop"]["thread"]
        st = self.rpc("cont", session=s, timeout=60)
        self.assertEqual(st["stop"]["breakpoint"], b_reg["breakpoint"], st)
        # the reader: on its breakpoint again, the read not run
        ths = {t["tid"]: t for t in self.rpc("threads", session=s)["threads"]}
        self.assertEqual(hexint(ths[reader]["pc"]), dbgd.nm(path, "rawsys_insn"))
        st = self.rpc("cont", session=s, timeout=60)
        self.assertExited(st, 0)
        self.assertEqual(self.output(s), "read 1 mul 12\n")
        hits = [b["hits"] for b in self.rpc("breakpoints", session=s)["breakpoints"]]
        self.assertEqual(hits, [1, 1])

    def test_a_thread_waiting_for_the_area_held_by_a_blocked_syscall(self):
        # the reader's read holds the out-of-line area, blocked until main writes; main
        # hits a silent breakpoint on an imul that needs the area: it must not wait for
        # the read forever (it would never write), but step for real after a while
        path = fixture("osteps")
        s = self.spawn("osteps", "block")["session"]
        for n in ("rawsys_insn", "slowmul"):
            self.rpc("break", session=s, address=hexstr(dbgd.nm(path, n)), log=True)
        st = self.rpc("cont", session=s, timeout=60)
        self.assertExited(st, 0)
        self.assertEqual(self.output(s), "read 1 mul 12\n")
        hits = [b["hits"] for b in self.rpc("breakpoints", session=s)["breakpoints"]]
        self.assertEqual(hits, [1, 1])

    def test_call_through_a_bad_target_faults_in_the_program(self):
        # a call through a kernel address in a register, or through an unmapped pointer:
        # the CPU's SIGSEGV at the CPU's pc and %rsp, as gdb sees them
        path = fixture("osteps")
        for mode in ("wildreg", "wildmem"):
            with self.subTest(mode=mode):
                want = dbgd.gdb_values(path, [mode], ENV,
                                       ["break *0x%x" % dbgd.nm(path, "callreg_insn"),
                                        "break *0x%x" % dbgd.nm(path, "callmem_insn"),
                                        "run", "continue", "p/x $pc", "p/x $rsp"])
                s = self.spawn("osteps", mode, env=ENV, env_clear=True)["session"]
                for n in ("callreg_insn", "callmem_insn"):
                    self.rpc("break", session=s, address=hexstr(dbgd.nm(path, n)))
                st = self.rpc("cont", session=s)
                self.assertEqual(st["stop"]["reason"], "breakpoint")
                st = self.rpc("cont", session=s)
                self.assertEqual(st["stop"]["reason"], "signal", st)
                self.assertEqual(st["stop"]["signal"]["name"], "SIGSEGV")
                r = self.rpc("regs", session=s, names=["rip", "rsp"])
                self.assertEqual([hexint(r["rip"]), hexint(r["rsp"])], want)
                self.assertEqual(self.rpc("kill", session=s)["state"], "killed")


if __name__ == "__main__":
    dbgd.main()
