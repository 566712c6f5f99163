"""Program knowledge: symbols, maps, disasm, backtrace, report and `dbgctl run`, each
checked against an independent tool run on the same fixture:

- symbols and stop annotations: nm / eu-readelf -s (addresses, sizes) and
  eu-addr2line -S (symbol+offset, file:line), with --pid for libraries;
- disasm: objdump -d -M intel (the same instruction addresses and mnemonics);
- backtrace: elfutils' eu-stack on a core file of a second run of the same fixture
  stopped at the same fault by gdb (ASLR off in both, so every pc must be equal): the
  (pc, function) of every frame, in order;
- maps: /proc/PID/maps read directly.

Fixtures: deep (main -> outer -> middle -> inner -> crash_here, a null write) as -O0 -g
non-PIE and PIE, -O2 -fomit-frame-pointer non-PIE and PIE, and -O2 PIE stripped
(-rdynamic: names from .dynsym); libcrash (strlen(NULL) inside libc); sigcrash (a null
write in a SIGUSR1 handler, unwound through the signal frame).
"""

import json
import os
import re
import resource
import signal
import subprocess
import tempfile
import time

import dbgd
from dbgd import (BAD_ADDRESS, GONE, INVALID_PARAMS, NO_SYMBOL, RUNNING, DbgdTestCase, fixture,
                  hexint, hexstr, load_base, nm, proc_maps, proc_status)

DEEP = ["deep", "deep_pie", "deep_o2", "deep_o2_pie", "deep_stripped"]
FUNCS = ["crash_here", "inner", "middle", "outer", "main"]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def elf_funcs(path):
    """{name: (value, size)} of the defined FUNC symbols, from eu-readelf -s (.symtab
    and .dynsym)."""
    out = run(["eu-readelf", "-s", path]).stdout
    syms = {}
    for line in out.splitlines():
        p = line.split()
        if len(p) >= 8 and p[3] == "FUNC" and p[6] != "UNDEF":
            syms.setdefault(p[7].split("@")[0], (int(p[1], 16), int(p[2])))
    return syms


def is_pie(path):
    return "DYN" in run(["eu-readelf", "-h", path]).stdout.split("Type:")[1].split("\n")[0]


def addr2line(args):
    """eu-addr2line -S: [(symbol+offset, "file:line" or None)] per address."""
    out = run(["eu-addr2line", "-S", *args]).stdout.splitlines()
    res = []
    for i in range(0, len(out), 2):
        loc = out[i + 1] if i + 1 < len(out) else "??:0"
        m = re.match(r"^(.*?):(\d+)(?::\d+)?$", loc)
        res.append((out[i], (m.group(1), int(m.group(2))) if m and m.group(2) != "0" else None))
    return res


def elf_entry(path):
    """The entry point address in path's ELF header (readelf -h)."""
    out = run(["readelf", "-h", path]).stdout
    return int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", out).group(1), 16)


def eu_stack_oracle(path, args=(), handle=()):
    """Run path under gdb to its fatal signal, dump a core, and return eu-stack's
    [(pc, function)] for it."""
    with tempfile.TemporaryDirectory() as d:
        core = os.path.join(d, "core")
        script = ["set pagination off", "set confirm off", "set startup-with-shell off",
                  "set disable-randomization on"]
        script += ["handle %s nostop noprint pass" % h for h in handle]
        script += ["run", "generate-core-file " + core, "kill"]
        sf = os.path.join(d, "s.gdb")
        with open(sf, "w") as f:
            f.write("\n".join(script) + "\n")
        run(["gdb", "-batch", "-nx", "-x", sf, "--args", path, *args])
        if not os.path.exists(core):
            raise AssertionError("gdb wrote no core for %s" % path)
        out = run(["eu-stack", "--core", core, "-e", path]).stdout
    frames = []
    for line in out.splitlines():
        m = re.match(r"^#\d+\s+(0x[0-9a-f]+)\s*(.*?)\s*$", line)
        if m:
            frames.append((int(m.group(1), 16), eu_name(m.group(2))))
    return frames


def eu_name(name):
    """eu-stack's function name without its symbol version (pthread_kill@@GLIBC_2.34),
    None for none."""
    return name.split("@")[0] if name else None


def elf_name(frame):
    """The ELF symbol of a dbgd frame (its `symbol` without the offset), as eu-stack
    names the frame; `function` is gdb's name (its DWARF subprogram's)."""
    sym = frame.get("symbol")
    return re.sub(r"\+0x[0-9a-f]+$", "", sym) if sym else None


def gdb_thread_crash_oracle(path, args=()):
    """Run path under gdb to its fatal signal, which a thread takes: gdb's pc and fault
    address there (gdb switches to the thread that took it), and eu-stack's
    [(pc, function)] of that thread in the core gdb dumps."""
    with tempfile.TemporaryDirectory() as d:
        core = os.path.join(d, "core")
        vals = dbgd.gdb_values(path, list(args), {}, [
            "run", "p/x $pc", "p/x $_siginfo._sifields._sigfault.si_addr",
            "generate-core-file " + core, "kill"])
        if len(vals) != 2 or not os.path.exists(core):
            raise AssertionError("gdb did not stop %s at its signal: %r" % (path, vals))
        out = run(["eu-stack", "--core", core, "-e", path]).stdout
    threads, frames = [], None
    for line in out.splitlines():
        if line.startswith("TID "):
            frames = []
            threads.append(frames)
        m = re.match(r"^#\d+\s+(0x[0-9a-f]+)\s*(.*?)\s*$", line)
        if m and frames is not None:
            frames.append((int(m.group(1), 16), eu_name(m.group(2))))
    at = [t for t in threads if t and t[0][0] == vals[0]]
    if len(at) != 1:
        raise AssertionError("no thread of the core is at gdb's pc %#x:\n%s" % (vals[0], out))
    return vals[0], vals[1], at[0]


def eu_stack_threads(path, args=()):
    """Run path under gdb to its fatal signal, dump a core, and return eu-stack's
    {tid: [(pc, function)]} for every thread of it, with gdb's pc (the thread that took
    the signal is at it)."""
    with tempfile.TemporaryDirectory() as d:
        core = os.path.join(d, "core")
        vals = dbgd.gdb_values(path, list(args), {}, [
            "run", "p/x $pc", "generate-core-file " + core, "kill"])
        if len(vals) != 1 or not os.path.exists(core):
            raise AssertionError("gdb did not stop %s at its signal: %r" % (path, vals))
        out = run(["eu-stack", "--core", core, "-e", path]).stdout
    threads, frames = {}, None
    for line in out.splitlines():
        m = re.match(r"^TID (\d+):", line)
        if m:
            frames = threads.setdefault(int(m.group(1)), [])
        m = re.match(r"^#\d+\s+(0x[0-9a-f]+)\s*(.*?)\s*$", line)
        if m and frames is not None:
            frames.append((int(m.group(1), 16), eu_name(m.group(2))))
    return vals[0], threads


def objdump_insns(path, func):
    """[(address, mnemonic)] of func from objdump -d -M intel."""
    return [(a, text.split()[0]) for a, text in dbgd.objdump_function(path, func, "-M", "intel")]


class ProgramCase(DbgdTestCase):
    def base(self, pid, name):
        path = fixture(name)
        return load_base(pid, path) if is_pie(path) else 0


class TestSymbols(ProgramCase):
    def test_stop_main_every_variant(self):
        for name in DEEP:
            with self.subTest(name):
                # where gdb's `start` stops: past main's prologue
                st = self.spawn(name, stop="main")
                stop = self.assertStopped(st)
                want = dbgd.gdb_break_addrs(fixture(name), ["main"])[0]
                self.assertIsNotNone(want)
                self.assertEqual(hexint(stop["pc"]), want + self.base(st["pid"], name))
                self.assertRegex(stop["symbol"], r"^main(\+0x[0-9a-f]+)?$")
                if name != "deep_stripped":
                    self.assertEqual(os.path.basename(stop["source"]["file"]), "deep.c")
                else:
                    self.assertNotIn("source", stop)

    def test_break_in_optimised_code_with_a_frame_pointer_as_gdb(self):
        # deep_o2fp is -O2 with frame pointers: main starts `push %rbp; mov %rsp,%rbp`.
        # gdb trusts an optimised CU's variable locations from the first byte (GCC and
        # location lists), so its `break main` is main's entry, not past the push and
        # mov as at -O0; dbgd went past them. Every function, and `stop: "main"`.
        path = fixture("deep_o2fp")
        names = ["main", "outer", "middle", "inner", "crash_here"]
        want = dbgd.gdb_break_addrs(path, names)
        st = self.spawn("deep_o2fp", stop="main")
        self.assertEqual(hexint(self.assertStopped(st)["pc"]), want[0])
        self.assertEqual(hexint(st["stop"]["pc"]), nm(path, "main"))
        s = st["session"]
        for name, addr in zip(names[1:], want[1:]):
            with self.subTest(name):
                bp = self.rpc("break", session=s, symbol=name)
                self.assertEqual(hexint(bp["address"]), addr)
        # a step into a function stops where gdb's does (its prologue analysis)
        gdb = dbgd.gdb_values(path, [], {}, ["break outer", "run", "step", "p/x $pc",
                                             "step", "p/x $pc"])
        for bp in self.rpc("breakpoints", session=s)["breakpoints"][1:]:
            self.rpc("delete", session=s, breakpoint=bp["breakpoint"])  # outer's stays
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got = [hexint(self.rpc("step", session=s, line=True)["stop"]["pc"]) for _ in gdb]
        self.assertEqual(got, gdb)

    def test_cxx_symbols_demangled(self):
        # the ELF name stays the lookup key (`name`); `demangled` and the "symbol" of an
        # address read as c++filt prints them
        path = fixture("cxxcrash")
        s = self.spawn("cxxcrash", stop="main")["session"]
        got = self.rpc("symbols", session=s, name="_ZNK6shapes*")["symbols"]
        self.assertEqual([(x["name"], x["demangled"]) for x in got],
                         [("_ZNK6shapes6Circle4areaEPi", "shapes::Circle::area(int*) const")])
        want = run(["c++filt", "_ZN6shapes4drawIiEEiRKNS_6CircleEPT_"]).stdout.strip()
        addr = elf_funcs(path)["_ZN6shapes4drawIiEEiRKNS_6CircleEPT_"][0]
        at = self.rpc("symbols", session=s, address=hex(addr + 4))["symbols"][0]
        self.assertEqual(at["symbol"], want + "+0x4")
        self.assertEqual(at["name"], "_ZN6shapes4drawIiEEiRKNS_6CircleEPT_")
        self.assertEqual(at["demangled"], want)
        self.assertEqual(self.rpc("symbols", session=s, name="main")["symbols"][0].get(
            "demangled"), None)  # a C name has nothing to demangle
        # no ELF name matches: C++ names do, whole or as a glob
        got = self.rpc("symbols", session=s, name="shapes::Circle::area")["symbols"]
        self.assertEqual([x["name"] for x in got], ["_ZNK6shapes6Circle4areaEPi"])
        got = self.rpc("symbols", session=s, name="cxxcrash:*shapes::*")["symbols"]
        self.assertEqual(sorted(x["demangled"] for x in got),
                         ["int shapes::draw<int>(shapes::Circle const&, int*)",
                          "shapes::Circle::area(int*) const", "shapes::scale(double)",
                          "shapes::scale(int)"])

    def test_symbols_by_name_match_readelf(self):
        for name in DEEP:
            with self.subTest(name):
                st = self.spawn(name, stop="main")
                base = self.base(st["pid"], name)
                funcs = elf_funcs(fixture(name))
                for fn in FUNCS:
                    got = self.rpc("symbols", session=st["session"], name=fn)["symbols"]
                    self.assertGreaterEqual(len(got), 1, fn)
                    self.assertEqual(got[0]["name"], fn)
                    self.assertEqual(hexint(got[0]["address"]), funcs[fn][0] + base, fn)
                    self.assertEqual(got[0]["size"], funcs[fn][1], fn)
                    self.assertEqual(got[0]["type"], "func")
                    self.assertEqual(got[0]["module"], os.path.realpath(fixture(name)))

    def test_symbols_glob_and_module_prefix(self):
        st = self.spawn("deep", stop="main")
        s = st["session"]
        got = self.rpc("symbols", session=s, name="libc.so.6:str*", limit=500)["symbols"]
        self.assertGreater(len(got), 5)
        for sym in got:
            self.assertTrue(sym["name"].startswith("str"), sym)
            self.assertTrue(sym["module"].endswith("/libc.so.6"), sym)
        got = self.rpc("symbols", session=s, name="*er", limit=10)["symbols"]
        self.assertTrue({"inner", "outer"} <= {x["name"] for x in got}, got)
        self.assertEqual(len(self.rpc("symbols", session=s, name="str*", limit=3)["symbols"]), 3)
        self.assertEqual(self.rpc("symbols", session=s, name="no_such_thing_at_all")["symbols"],
                         [])

    def test_symbols_by_address_match_addr2line(self):
        for name in ("deep", "deep_pie", "deep_o2"):
            with self.subTest(name):
                st = self.spawn(name, stop="main")
                s, base = st["session"], self.base(st["pid"], name)
                funcs = elf_funcs(fixture(name))
                addrs = [funcs[f][0] + off for f in FUNCS for off in (0, 4, 9)
                         if off < funcs[f][1]]
                want = addr2line(["-e", fixture(name)] + [hex(a) for a in addrs])
                for a, (sym, src) in zip(addrs, want):
                    got = self.rpc("symbols", session=s, address=hexstr(a + base))["symbols"]
                    self.assertEqual(len(got), 1)
                    self.assertEqual(got[0]["symbol"], sym, hex(a))
                    if src:
                        self.assertEqual((got[0]["source"]["file"], got[0]["source"]["line"]),
                                         src, hex(a))

    def test_stop_annotation_in_libc_matches_addr2line_pid(self):
        s, st = self.run_to_signal("libcrash")
        pc = hexint(st["stop"]["pc"])
        (sym, src), = addr2line(["--pid", str(st["pid"]), hex(pc)])
        self.assertEqual(st["stop"]["symbol"], sym)
        self.assertIn("strlen", sym)
        if src:  # (eu-addr2line keeps the CU's directory prefix of a relative name)
            self.assertEqual(os.path.normpath(st["stop"]["source"]["file"]).split("/")[-3:],
                             os.path.normpath(src[0]).split("/")[-3:])
            self.assertEqual(st["stop"]["source"]["line"], src[1])
        out = self.rpc("symbols", session=s, address=hexstr(pc))["symbols"][0]
        self.assertTrue(out["module"].endswith("/libc.so.6"), out)

    def test_exec_stop_symbol_matches_addr2line_pid(self):
        st = self.spawn("loop")
        stop = self.assertStopped(st, "exec")
        (sym, _), = addr2line(["--pid", str(st["pid"]), stop["pc"]])
        self.assertEqual(stop["symbol"], sym)
        self.assertEqual(stop["symbol"], "_start")  # ld.so's entry

    def test_exec_stop_symbol_of_a_static_program(self):
        # no interpreter: the exec stop is the program's own entry point
        st = self.spawn("hello_static")
        stop = self.assertStopped(st, "exec")
        self.assertEqual(hexint(stop["pc"]), elf_entry(fixture("hello_static")))
        (sym, _), = addr2line(["--pid", str(st["pid"]), stop["pc"]])
        self.assertEqual(stop["symbol"], sym)
        self.assertEqual(stop["symbol"], "_start")

    def test_exec_stop_symbol_after_the_program_execs(self):
        # the second image's exec stop, of a file dbgd did not exec itself
        st = self.spawn("reexec", fixture("loop_pie"), "3")
        stop = self.assertStopped(self.rpc("cont", session=st["session"]), "exec")
        (sym, _), = addr2line(["--pid", str(st["pid"]), stop["pc"]])
        self.assertEqual(stop["symbol"], sym)
        self.assertEqual(stop["symbol"], "_start")
        self.assertEqual(self.rpc("symbols", session=st["session"], address=stop["pc"])
                         ["symbols"][0]["symbol"], "_start")
        mods = [m["path"] for m in self.rpc("maps", session=st["session"])["maps"]]
        self.assertIn(os.path.realpath(fixture("loop_pie")), mods)

    def test_exec_stop_symbol_of_a_script(self):
        # the kernel runs the interpreter named by #!: the exec stop is in its ld.so
        with tempfile.TemporaryDirectory() as d:
            script = os.path.join(d, "script.sh")
            with open(script, "w") as f:
                f.write("#!/bin/sh\nexit 3\n")
            os.chmod(script, 0o755)
            st = self.rpc("spawn", path=script)
            self.addCleanup(self._close_quietly, st["session"])
            stop = self.assertStopped(st, "exec")
            (sym, _), = addr2line(["--pid", str(st["pid"]), stop["pc"]])
            self.assertEqual(stop["symbol"], sym)
            self.assertExited(self.rpc("cont", session=st["session"]), 3)

    def test_vdso_symbols_match_addr2line_pid(self):
        st = self.spawn("deep", stop="main")
        got = [x for x in self.rpc("symbols", session=st["session"], name="*clock_gettime",
                                   limit=1000)["symbols"]
               if x["module"] == "[vdso: %d]" % st["pid"]]
        self.assertTrue(got, "no clock_gettime in the vDSO")
        (sym, _), = addr2line(["--pid", str(st["pid"]), got[0]["address"]])
        at = self.rpc("symbols", session=st["session"], address=got[0]["address"])["symbols"]
        self.assertEqual(at[0]["symbol"], sym)  # of the aliases, the one libdwfl prefers
        self.assertEqual(at[0]["module"], got[0]["module"])

    def test_address_outside_modules(self):
        s = self.spawn("deep", stop="main")["session"]
        e = self.assertRpcError(NO_SYMBOL, "symbols", session=s, address="0x10")
        self.assertIn("0x10", e.data["detail"])
        self.assertRpcError(INVALID_PARAMS, "symbols", session=s)

    def test_maps_match_proc(self):
        st = self.spawn("deep_pie", stop="main")
        got = self.rpc("maps", session=st["session"])["maps"]
        want = proc_maps(st["pid"])
        self.assertEqual([(hexint(m["start"]), hexint(m["end"]), m["perms"], m["path"])
                          for m in got], want)
        exe = [m for m in got if m["path"] == os.path.realpath(fixture("deep_pie"))]
        self.assertEqual(hexint(exe[0]["offset"]), 0)
        self.assertIsInstance(exe[0]["inode"], int)


def rss_anon_kb(pid):
    return int(proc_status(pid)["RssAnon"].split()[0])


class TestIdleCost(ProgramCase):
    """Symbol files are shared: an idle session holds its module table, not a Dwfl."""

    SESSIONS = 200
    PER_SESSION_KB = 64

    def test_idle_sessions_grow_rss_anon_little(self):
        loop = fixture("loop")
        # Warm up: the shared symbol files, and (under ASan) a full quarantine.
        for _ in range(self.SESSIONS):
            self.rpc("close", session=self.rpc("spawn", path=loop)["session"])
        before = rss_anon_kb(self.daemon.pid)
        for _ in range(self.SESSIONS):
            st = self.spawn("loop")
            self.assertEqual(st["stop"]["symbol"], "_start")
        grown = rss_anon_kb(self.daemon.pid) - before
        self.assertLess(grown / self.SESSIONS, self.PER_SESSION_KB,
                        "RssAnon grew by %d KiB for %d sessions" % (grown, self.SESSIONS))


class TestBreakBySymbol(ProgramCase):
    def test_forms(self):
        st = self.spawn("deep", "ok", stop="main")
        s = st["session"]
        funcs = elf_funcs(fixture("deep"))
        insns = objdump_insns(fixture("deep"), "inner")
        second = insns[1][0] - funcs["inner"][0]
        bp = self.rpc("break", session=s, symbol="inner+%#x" % second)
        self.assertEqual(hexint(bp["address"]), insns[1][0])
        bp2 = self.rpc("break", session=s, symbol="deep:outer")  # past its prologue
        self.assertEqual(hexint(bp2["address"]),
                         dbgd.gdb_break_addrs(fixture("deep"), ["outer"])[0])
        write = self.rpc("symbols", session=s, name="libc.so.6:write")["symbols"][0]
        bp3 = self.rpc("break", session=s, symbol="libc.so.6:write")
        self.assertEqual(bp3["address"], write["address"])
        self.assertEqual(self.rpc("break", session=s, symbol="libc:write")["breakpoint"],
                         bp3["breakpoint"])
        hits = []
        for _ in range(3):
            st = self.rpc("cont", session=s)
            hits.append(st["stop"]["breakpoint"])
        self.assertEqual(hits, [bp2["breakpoint"], bp["breakpoint"], bp3["breakpoint"]])
        self.assertEqual(st["stop"]["pc"], write["address"])
        self.assertEqual(self.rpc("regs", session=s, names=["rdi"])["rdi"], "0x1")

    def test_cxx_names(self):
        # gdb's forms: the demangled name with or without its parameters, a template
        # function without its return type; the ELF name works as before
        path = fixture("cxxcrash")
        funcs = elf_funcs(path)
        area = funcs["_ZNK6shapes6Circle4areaEPi"][0]
        draw = funcs["_ZN6shapes4drawIiEEiRKNS_6CircleEPT_"][0]
        call = funcs["_ZNK7CounterclEi"][0]
        name = funcs["_ZNK7Counter4nameB5cxx11Ev"][0]
        # a function's name stands for the end of its prologue, where gdb's `break`
        # goes; '*' or an offset for the address itself
        after = dict(zip(("call", "name", "area", "draw"), dbgd.gdb_break_addrs(path, [
            "Counter::operator()", "Counter::name", "shapes::Circle::area",
            "shapes::draw<int>"])))
        self.assertGreater(after["area"], area)
        s = self.spawn("cxxcrash", "ok", stop="main")["session"]
        for spec, want in (("Counter::operator()", after["call"]),
                           ("Counter::operator()(int) const", after["call"]),
                           # an ABI tag left out, as gdb does; or written, its ':' no
                           # module's
                           ("Counter::name", after["name"]),
                           ("Counter::name() const", after["name"]),
                           ("Counter::name[abi:cxx11]", after["name"]),
                           ("shapes::Circle::area", after["area"]),
                           ("shapes::Circle::area(int*) const", after["area"]),
                           ("_ZNK6shapes6Circle4areaEPi", after["area"]),
                           ("*shapes::Circle::area", area),
                           ("shapes::Circle::area+0", area),
                           ("shapes::Circle::area+4", area + 4),
                           ("shapes::draw<int>", after["draw"]),
                           ("*cxxcrash:shapes::draw<int>(shapes::Circle const&, int*)", draw),
                           ("cxxcrash:shapes::draw<int>(shapes::Circle const&, int*)",
                            after["draw"])):
            with self.subTest(spec):
                b = self.rpc("break", session=s, symbol=spec)
                self.assertEqual(hexint(b["address"]), want)
                self.rpc("delete", session=s, breakpoint=b["breakpoint"])
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="shapes::Circle::radius")
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="shapes::Circle::are")
        self.rpc("break", session=s, symbol="shapes::Circle::area")
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(stop["pc"], hexstr(after["area"]))
        self.assertEqual(stop["symbol"].split("+0x")[0], "shapes::Circle::area(int*) const")

    def test_a_function_only_inlined_is_found_in_the_dwarf(self):
        # inlined (-O2): mid and leaf are static, inlined into outer, with no copy and
        # no ELF symbol of their own; gdb's break finds their inlined copies
        want = dbgd.gdb_break_addrs(fixture("inlined"), ["mid", "leaf"])
        self.assertNotIn(None, want)
        s = self.spawn("inlined", "a", stop="main")["session"]
        self.assertEqual(self.rpc("symbols", session=s, name="mid")["symbols"], [])
        got = [hexint(self.rpc("break", session=s, symbol=f)["address"])
               for f in ("mid", "leaf")]
        self.assertEqual(got, want)
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(hexint(stop["pc"]), want[0])

    def test_cxx_overloads_each_get_a_breakpoint(self):
        # as gdb's locations: shapes::scale is scale(int) and scale(double), each past
        # its prologue
        funcs = elf_funcs(fixture("cxxcrash"))
        want = set(dbgd.gdb_break_addrs(fixture("cxxcrash"), [
            "shapes::scale(int)", "shapes::scale(double)"]))
        s = self.spawn("cxxcrash", "ok", stop="main")["session"]
        b = self.rpc("break", session=s, symbol="shapes::scale", ignore=0)
        self.assertEqual(len(b["more"]), 1)
        self.assertEqual({hexint(b["address"]), hexint(b["more"][0]["address"])}, want)
        self.assertEqual(len(self.rpc("breakpoints", session=s)["breakpoints"]), 2)
        hit = set()
        for _ in range(2):
            stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
            hit.add(stop["symbol"])
        self.assertEqual({h.split("+")[0] for h in hit},
                         {"shapes::scale(int)", "shapes::scale(double)"})
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "13\n")
        # one overload by its parameters: one breakpoint
        s = self.spawn("cxxcrash", "ok", stop="main")["session"]
        b = self.rpc("break", session=s, symbol="*shapes::scale(double)")
        self.assertNotIn("more", b)
        self.assertEqual(hexint(b["address"]), funcs["_ZN6shapes5scaleEd"][0])

    def test_ifunc_resolves_to_its_implementation(self):
        # strlen is an IFUNC: its symbol is the resolver, which ran before main. break
        # goes where the dynamic loader sent the calls (the GOT slot libc's own IRELATIVE
        # relocation filled: __strlen_avx2, __strlen_evex... by CPU), so it is hit
        s = self.spawn("libcrash", stop="main")["session"]
        ifunc = [x for x in self.rpc("symbols", session=s, name="strlen")["symbols"]
                 if x["type"] == "ifunc"]
        self.assertEqual(len(ifunc), 1, ifunc)
        b = self.rpc("break", session=s, symbol="strlen")
        self.assertNotEqual(b["address"], ifunc[0]["address"])
        self.assertEqual(ifunc[0]["target"], b["address"])
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(stop["pc"], b["address"])
        self.assertIn("strlen", stop["symbol"])
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([f.get("function") for f in frames[1:4]],
                         ["count_chars", "measure", "main"])

    def test_unknown(self):
        s = self.spawn("deep", stop="main")["session"]
        for spec in ("no_such_function", "libnope.so:main", "main+zz", "deep:printf_xyz",
                     "+4"):
            with self.subTest(spec):
                e = self.assertRpcError(NO_SYMBOL, "break", session=s, symbol=spec)
                self.assertEqual(e.data.get("symbol"), spec)
                self.assertNotIn("not loaded yet", e.data["detail"])
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        # at the exec stop libc is not mapped yet: the error says so, and what to do
        s = self.spawn("deep")["session"]
        e = self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="abort")
        self.assertIn("not loaded yet: set the breakpoint pending (pending: true", e.data["detail"])

    def test_refuses_mid_instruction(self):
        st = self.spawn("deep", stop="main")
        s = st["session"]
        insns = objdump_insns(fixture("deep"), "crash_here")
        start = insns[0][0]
        for a, _ in insns[:6]:
            self.assertEqual(hexint(self.rpc("break", session=s, address=a)["address"]), a)
        inside = [a for a in range(start, insns[6][0]) if a not in {x for x, _ in insns}]
        self.assertTrue(inside)
        for a in inside:
            e = self.assertRpcError(BAD_ADDRESS, "break", session=s, address=hexstr(a))
            self.assertIn("not the start of an instruction", e.data["detail"])
            self.assertIn("crash_here", e.data["detail"])
        e = self.assertRpcError(BAD_ADDRESS, "break", session=s,
                                symbol="crash_here+%#x" % (inside[0] - start))
        self.assertEqual(len(self.rpc("breakpoints", session=s)["breakpoints"]), 6)


class TestLineBreakpoints(ProgramCase):
    """`break` on FILE:LINE, against gdb's `break FILE:LINE` for every line of a file:
    the same address, and the same places (gdb's locations) when the line's code is in
    several (`more`)."""

    def test_every_line_matches_gdb(self):
        # every line of each file (and two past its end), C and C++, with threads; a
        # header's static inline function in two files (-O0: two copies; -O2: inlined
        # in each caller), C++ templates
        several = 0
        for name, src in (("deep", "deep.c"), ("loop", "loop.c"), ("flow", "flow.c"),
                          ("mthreads", "mthreads.c"), ("cxxcrash", "cxxcrash.cc"),
                          ("places", "places.c"), ("places", "places.h"),
                          ("places", "places_b.c"), ("places_o2", "places.c"),
                          ("places_o2", "places.h"), ("varscc", "varscc.cc")):
            with self.subTest(name=name, src=src):
                with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                       "fixtures", src)) as f:
                    n = len(f.read().splitlines())
                specs = ["%s:%d" % (src, line) for line in range(1, n + 3)]
                want = dbgd.gdb_linespecs(fixture(name), specs)
                s = self.spawn(name, stop="main")["session"]
                got = []
                for spec in specs:
                    try:
                        b = self.rpc("break", session=s, symbol=spec)
                    except dbgd.RpcError as e:
                        self.assertEqual(e.code, NO_SYMBOL, e)
                        got.append(None)
                        continue
                    places = [b] + b.get("more", [])
                    addrs = [hexint(x["address"]) for x in places]
                    self.assertEqual(addrs, sorted(addrs))  # the lowest one first
                    got.append(addrs)
                    for x in places:
                        self.rpc("delete", session=s, breakpoint=x["breakpoint"])
                self.assertEqual(list(zip(specs, got)), list(zip(specs, want)))
                if src != "loop.c":  # (glibc has a loop.c, with code at every line)
                    self.assertIn(None, got)  # past the last line
                several += sum(1 for a in got if a and len(a) > 1)
                self.rpc("close", session=s)
        self.assertGreater(several, 10)

    def test_functions_inlined_at_o2_match_gdb(self):
        # break NAME at -O2: the function and every copy of it inlined elsewhere, as
        # gdb's locations (before, only the out-of-line copy, which may never run)
        several = 0
        for name, funcs in (("inlined", ["outer", "main"]),
                            ("places_o2", ["loop", "other"]),
                            ("entryvals", ["f", "h", "t1", "t2", "boom"]),
                            ("inlcopy", ["addtwo", "main"])):
            with self.subTest(name):
                want = dbgd.gdb_linespecs(fixture(name), funcs)
                s = self.spawn(name, stop="main")["session"]
                got = []
                for fn in funcs:
                    b = self.rpc("break", session=s, symbol=fn)
                    places = [b] + b.get("more", [])
                    got.append(sorted(hexint(x["address"]) for x in places))
                    for x in places:
                        self.rpc("delete", session=s, breakpoint=x["breakpoint"])
                self.assertEqual(list(zip(funcs, got)), list(zip(funcs, want)))
                several += sum(1 for a in got if len(a) > 1)
                self.rpc("close", session=s)
        self.assertGreaterEqual(several, 1)
        # the copy inlined in main is the one that runs: its frame is addtwo's
        s = self.spawn("inlcopy", stop="main")["session"]
        self.rpc("break", session=s, symbol="addtwo")
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([f["function"] for f in frames[:2]], ["addtwo", "main"])
        self.assertTrue(frames[0].get("inlined"), frames[0])
        self.assertEqual(frames[0]["pc"], stop["pc"])

    def test_a_line_in_several_places(self):
        # places.h's first statement: in loop() and in other() (-O2: inlined there),
        # each place a breakpoint of its own, hit in turn
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                               "fixtures", "places.h")) as f:
            line = next(i + 1 for i, l in enumerate(f) if "int y = x * 2;" in l)
        for name in ("places", "places_o2"):
            with self.subTest(name):
                s = self.spawn(name, stop="main")["session"]
                b = self.rpc("break", session=s, symbol="places.h:%d" % line)
                ids = [b["breakpoint"]] + [x["breakpoint"] for x in b["more"]]
                self.assertEqual(len(ids), len(set(ids)))
                self.assertGreaterEqual(len(ids), 2)
                listed = self.rpc("breakpoints", session=s)["breakpoints"]
                self.assertEqual(sorted(x["breakpoint"] for x in listed), sorted(ids))
                # the same spec again answers the same breakpoints
                again = self.rpc("break", session=s, symbol="places.h:%d" % line)
                self.assertEqual([again["breakpoint"]] +
                                 [x["breakpoint"] for x in again["more"]], ids)
                hit = []
                while True:
                    st = self.rpc("cont", session=s)
                    if st["state"] != "stopped":
                        break
                    stop = self.assertStopped(st, "breakpoint")
                    # (-O2: the next line's code starts at the same address, and a stop
                    # there is at that line, as gdb's)
                    self.assertTrue(stop["source"]["file"].endswith("places.h"), stop)
                    self.assertIn(stop["pc"], [b["address"]] +
                                  [x["address"] for x in b["more"]])
                    hit.append(stop["breakpoint"])
                self.assertExited(st, 0)
                if name == "places":  # (-O2: main runs loop()'s code inlined, not loop)
                    self.assertEqual(sorted(set(hit)), sorted(ids))  # every place was hit
                else:
                    self.assertTrue(hit and set(hit) <= set(ids), hit)
                self.rpc("close", session=s)

    def test_paths_and_a_stop(self):
        s = self.spawn("deep", "ok", stop="main")["session"]
        b = self.rpc("break", session=s, symbol="fixtures/deep.c:33")
        self.assertEqual(b["address"], self.rpc("break", session=s, symbol="deep.c:33")["address"])
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="other/deep.c:33")
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="nosuch.c:3")
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(stop["source"]["line"], 33)
        self.assertEqual(stop["symbol"].split("+")[0], "middle")


class TestPendingBreakpoints(ProgramCase):
    """`break` with `pending` on a symbol of a library loaded later (at start-up, or by
    dlopen): placed when the library comes, where gdb's pending breakpoint goes."""

    def gdb_pc(self, name, args, symbol):
        vals = dbgd.gdb_values(fixture(name), args, {}, [
            "set breakpoint pending on", "break " + symbol, "run", "p/x $pc", "kill"])
        self.assertEqual(len(vals), 1, vals)
        return vals[0]

    def test_a_library_loaded_by_dlopen(self):
        want = self.gdb_pc("dlo", [], "cbrt")
        s = self.spawn("dlo", env={}, env_clear=True, stop="main")["session"]
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="cbrt")
        bp = self.rpc("break", session=s, symbol="cbrt", pending=True, condition="rsp == 0")
        # the same symbol again is the same breakpoint, its settings updated (as at an
        # address): a second one would stay pending for ever
        again = self.rpc("break", session=s, symbol="cbrt", pending=True, condition="rsp != 0")
        self.assertEqual(again["breakpoint"], bp["breakpoint"])
        bp = again
        self.assertEqual((bp["pending"], bp["symbol"], bp["hits"]), (True, "cbrt", 0))
        self.assertNotIn("address", bp)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [bp])
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual((hexint(stop["pc"]), stop["breakpoint"]), (want, bp["breakpoint"]))
        names = [f.get("function") for f in self.rpc("backtrace", session=s)["frames"]]
        self.assertIn("main", names)
        placed = self.rpc("breakpoints", session=s)["breakpoints"][0]
        self.assertEqual((hexint(placed["address"]), placed["hits"]), (want, 1))
        self.assertNotIn("pending", placed)
        self.assertEqual(placed["condition"], "rsp != 0")
        # dlclose unloads it: the program ends normally
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "cbrt(27)=3\n")

    def test_from_the_exec_stop(self):
        # libc is not mapped at the exec stop; pending, the breakpoint is placed while
        # the loader starts the program, and every call stops
        want = self.gdb_pc("mthreads", ["2"], "pthread_mutex_lock")
        s = self.spawn("mthreads", 2, env={}, env_clear=True)["session"]
        bp = self.rpc("break", session=s, symbol="pthread_mutex_lock", pending=True)
        self.assertTrue(bp["pending"])
        stops = 0
        for _ in range(100):
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            self.assertEqual(hexint(st["stop"]["pc"]), want)
            stops += 1
        self.assertExited(st, 0)
        self.assertGreaterEqual(stops, 2)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], stops)

    def test_breakpoints_follow_an_exec(self):
        # reexec execs loop: breakpoints set on symbols are placed again in the new image
        # (the executable's at its exec stop, libc's when it loads), as gdb re-sets
        # them; one set by address is gone with the old image
        loop = fixture("loop")
        tick, main = dbgd.gdb_break_addrs(loop, ["tick", "main"])
        s = self.spawn("reexec", loop, "3", stop="main")["session"]
        b_main = self.rpc("break", session=s, symbol="main")
        b_tick = self.rpc("break", session=s, symbol="tick", pending=True)
        b_write = self.rpc("break", session=s, symbol="libc.so.6:write")
        self.rpc("break", session=s, address=b_main["address"])  # the same one: updated
        self.assertStopped(self.rpc("cont", session=s), "exec")
        bps = {b["breakpoint"]: b for b in self.rpc("breakpoints", session=s)["breakpoints"]}
        self.assertEqual(sorted(bps), [b_main["breakpoint"], b_tick["breakpoint"],
                                       b_write["breakpoint"]])
        self.assertEqual(hexint(bps[b_main["breakpoint"]]["address"]), main)
        self.assertEqual(hexint(bps[b_tick["breakpoint"]]["address"]), tick)
        self.assertTrue(bps[b_write["breakpoint"]]["pending"])
        stops = []
        for _ in range(10):
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                break
            stops.append(st["stop"]["breakpoint"])
        self.assertExited(st, 0)
        self.assertEqual(stops, [b_main["breakpoint"]] + [b_tick["breakpoint"]] * 3 +
                         [b_write["breakpoint"]])

    def test_pending_errors(self):
        # a symbol nothing ever loads stays pending (a static program too: glibc's
        # static dlopen has the loader's hook)
        s = self.spawn("hello_static", stop="main")["session"]
        bp = self.rpc("break", session=s, symbol="no_such_function", pending=True)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [bp])
        self.assertRpcError(INVALID_PARAMS, "break", session=s, symbol="x", pending="yes")
        # a pending breakpoint can be deleted, and never stops
        s = self.spawn("dlo", stop="main")["session"]
        bp = self.rpc("break", session=s, symbol="no_such_function", pending=True)
        self.assertTrue(bp["pending"])
        self.rpc("break", session=s, symbol="cbrt", pending=True, temporary=True)
        self.rpc("delete", session=s, breakpoint=bp["breakpoint"])
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        self.assertExited(self.rpc("cont", session=s), 0)


class TestDisasm(ProgramCase):
    def test_matches_objdump(self):
        for name in ("deep", "deep_o2", "libcrash"):
            with self.subTest(name):
                st = self.spawn(name, stop="main")
                s = st["session"]
                for fn in ("main", "crash_here" if name != "libcrash" else "count_chars"):
                    want = objdump_insns(fixture(name), fn)
                    got = self.rpc("disasm", session=s, address=hexstr(want[0][0]),
                                   count=len(want))["instructions"]
                    self.assertEqual([hexint(i["address"]) for i in got], [a for a, _ in want])
                    for i, (a, mn) in zip(got, want):
                        self.assertEqual(i["mnemonic"].split()[-1], mn.split()[-1],
                                         "%s at %#x" % (fn, a))
                        self.assertEqual(len(i["bytes"]), 2 * i["size"])
                    self.assertEqual(got[0]["symbol"], fn)

    def test_targets_named_as_gdb_names_them(self):
        # what an instruction refers to, as gdb's x/i shows it: a direct call's or
        # jump's target (<crash_here>, <printf@plt>: PLT entries named from .rela.plt)
        # and a RIP-relative operand's address (# 0x404028 <cell>)
        for name in ("deep", "deep_pie", "libcrash"):
            with self.subTest(name):
                s = self.spawn(name, "ok", stop="main", env={}, env_clear=True)["session"]
                out = subprocess.run(
                    ["gdb", "-batch", "-nx", "-ex", "set disable-randomization on",
                     "-ex", "set startup-with-shell off", "-ex", "break main", "-ex", "run",
                     "-ex", "x/60i main", fixture(name), "ok"],
                    capture_output=True, text=True, timeout=120).stdout
                want = {}
                # (an address in no symbol, say in .rodata, comes with no <...>)
                for m in re.finditer(r"^(?:=> )?\s*(0x[0-9a-f]+) <[^>]*>:\s*\S+.*?"
                                     r"(?:\s(0x[0-9a-f]+) <([^>]+)>|# (0x[0-9a-f]+)(?: <([^>]+)>)?)$",
                                     out, re.M):
                    want[int(m.group(1), 16)] = (int(m.group(2) or m.group(4), 16),
                                                 m.group(3) or m.group(5))
                self.assertTrue(any((n or "").endswith("@plt") for _, n in want.values()),
                                out)
                if name != "libcrash":  # (its main refers to no data by rip)
                    self.assertTrue(any(m for m in re.finditer(r"# 0x", out)), out)
                got = {hexint(i["address"]): (hexint(i["target"]), i.get("target_symbol"))
                       for i in self.rpc("disasm", session=s, count=60, address=self.rpc(
                           "symbols", session=s, name="main")["symbols"][0]["address"])[
                           "instructions"] if "target" in i}
                # the same instructions have a target as in gdb's output, no more
                self.assertEqual(sorted(got), sorted(want))
                for a, (t, n) in want.items():
                    self.assertEqual(got.get(a), (t, n), "at %#x" % a)
                    if (n or "").endswith("@plt"):  # and symbols by address, as gdb's
                        sym = self.rpc("symbols", session=s, address=hexstr(t + 4))
                        self.assertEqual((sym["symbols"][0]["name"],
                                          sym["symbols"][0]["symbol"]), (n, n + "+0x4"))
                self.rpc("close", session=s)

    def test_instructions_capstone_4_cannot_decode(self):
        # insns' vecops: AVX-512 and opmask instructions and rdpkru among others. The
        # instruction starts are objdump's; the ones capstone knows keep its names; a
        # breakpoint goes on every start, and not inside an EVEX instruction
        path = fixture("insns")
        want = objdump_insns(path, "vecops")
        want = want[:[mn.split()[0] for _, mn in want].index("add") + 2]  # not the padding
        s = self.spawn("insns", stop="main")["session"]
        got = self.rpc("disasm", session=s, address=hexstr(want[0][0]),
                       count=len(want))["instructions"]
        self.assertEqual([hexint(i["address"]) for i in got], [a for a, _ in want])
        names = [i["mnemonic"] for i in got]
        self.assertEqual(names, ["ret", "(evex)", "(vex)", "test", "(evex)", "(evex)", "(vex)",
                                 "(evex)", "rdpkru", "vzeroupper", "add", "ret"])
        for a, _ in want:
            b = self.rpc("break", session=s, address=hexstr(a))
            self.rpc("delete", session=s, breakpoint=b["breakpoint"])
        e = self.assertRpcError(BAD_ADDRESS, "break", session=s, address=hexstr(want[1][0] + 1))
        self.assertIn("inside (evex)", e.data["detail"])

    def test_default_pc_and_breakpoints_hidden(self):
        st = self.spawn("deep", stop="main")
        s, pc = st["session"], st["stop"]["pc"]
        before = self.rpc("disasm", session=s, count=5)["instructions"]
        self.assertEqual(before[0]["address"], pc)
        for ins in before:
            self.rpc("break", session=s, address=ins["address"])
        self.assertEqual(self.rpc("disasm", session=s, address=pc, count=5)["instructions"],
                         before)
        self.assertNotEqual(before[0]["bytes"][:2], "cc")

    def test_errors(self):
        st = self.spawn("deep", stop="main")
        s = st["session"]
        self.assertRpcError(dbgd.MEMORY, "disasm", session=s, address="0x8")
        self.assertRpcError(dbgd.LIMIT, "disasm", session=s, count=100000)
        self.assertEqual(self.rpc("disasm", session=s, count=0)["instructions"], [])


class TestBacktrace(ProgramCase):
    matched = {}

    def compare(self, name, frames, want):
        got = [(hexint(f["pc"]), elf_name(f)) for f in frames]
        self.assertEqual(got, want, "%s: dbgd %s\neu-stack %s" % (name, got, want))
        TestBacktrace.matched[name] = len(want)

    def crash_vs_eu_stack(self, name, handle=()):
        s, st = self.run_to_signal(name)
        bt = self.rpc("backtrace", session=s)
        self.assertNotIn("error", bt)
        want = eu_stack_oracle(fixture(name), handle=handle)
        self.compare(name, bt["frames"], want)
        return bt["frames"]

    def test_deep_variants_match_eu_stack(self):
        for name in DEEP:
            with self.subTest(name):
                frames = self.crash_vs_eu_stack(name)
                self.assertEqual([f["function"] for f in frames[:5]], FUNCS)
                self.assertEqual([f["index"] for f in frames], list(range(len(frames))))
                if name != "deep_stripped":
                    self.assertEqual([f["source"]["line"] for f in frames[:5]],
                                     [18, 25, 32, 39, 51])

    def test_no_source_line_between_a_units_code(self):
        # coldmain (-O2): main.cold and main before _start, unused() after it, all of one
        # unit. _start has no line (gdb: none; libdwfl, so eu-addr2line too, answered
        # main's last row); main keeps its own
        path = fixture("coldmain")
        syms = {n: nm(path, n) for n in ("main", "_start", "unused")}
        self.assertLess(syms["main"], syms["_start"])
        self.assertLess(syms["_start"], syms["unused"])
        s = self.spawn("coldmain", stop="main")["session"]
        frames = self.rpc("backtrace", session=s)["frames"]
        names = [f.get("function") for f in frames]
        self.assertEqual(names[0], "main")
        self.assertIn("source", frames[0])
        start = frames[names.index("_start")]
        self.assertNotIn("source", start)
        look = hexint(start["pc"]) - 1
        sym, = self.rpc("symbols", session=s, address=hexstr(look))["symbols"]
        self.assertEqual((sym["name"], sym.get("source")), ("_start", None))
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break main", "-ex", "run",
                              "-ex", "info line *%#x" % look, path],
                             capture_output=True, text=True, timeout=60).stdout
        self.assertIn("No line number information available", out)

    def test_the_entry_function_is_the_outermost_frame(self):
        # nostart's own _start (-nostdlib): its CFI does not end the stack, and its
        # "caller" was argc read as a return address (pc 0x1); gdb stops at _start
        s = self.spawn("nostart", stop="main")["session"]  # no main: the entry point
        e = self.assertRpcError(NO_SYMBOL, "finish", session=s)
        self.assertIn("outermost", e.data["detail"])
        self.rpc("break", session=s, symbol="bump")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        bt = self.rpc("backtrace", session=s)
        self.assertEqual([f.get("function") for f in bt["frames"]], ["bump", "_start"])
        self.assertNotIn("truncated", bt)
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break bump", "-ex", "run",
                              "-ex", "bt", fixture("nostart")],
                             capture_output=True, text=True, timeout=60).stdout
        want = [int(a, 16) for a in re.findall(r"^#\d+\s+(0x[0-9a-f]+) in ", out, re.M)]
        self.assertEqual([hexint(f["pc"]) for f in bt["frames"][1:]], want)
        stop = self.assertStopped(self.rpc("finish", session=s), "finish")
        self.assertEqual(stop["symbol"].split("+")[0], "_start")
        e = self.assertRpcError(NO_SYMBOL, "finish", session=s)
        self.rpc("delete", session=s, breakpoint=1)
        self.assertExited(self.rpc("cont", session=s), 6)

    def test_inlined_functions_are_frames_as_in_eu_stack_i(self):
        # inlined's fault is in code inlined into outer(): eu-stack -i (and gdb) show
        # each inlined function as a frame at the same pc, at its own line (gdb's);
        # before, dbgd named the real function with the inlined code's line
        with tempfile.TemporaryDirectory() as d:
            core = os.path.join(d, "core")
            run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off", "-ex", "run",
                 "-ex", "generate-core-file " + core, "-ex", "kill", fixture("inlined")])
            out = run(["eu-stack", "-i", "-s", "--core", core, "-e",
                       fixture("inlined")]).stdout
        want = re.findall(r"^#\d+\s+(0x[0-9a-f]+)\s+(\S+)\n\s+\S*?([^/\s:]+):(\d+)", out, re.M)
        want = [(int(pc, 16), fn, f, int(line)) for pc, fn, f, line in want][:3]
        self.assertEqual(len(want), 3, out)
        self.assertEqual(want[0][0], want[1][0])  # one pc, two frames
        # the lines are gdb's: of the rows at frame 0's pc, gdb takes the last
        # statement (line_entry), where eu-stack takes the first
        bt = run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off", "-ex", "run",
                  "-ex", "bt", fixture("inlined")]).stdout
        lines = [int(l) for l in re.findall(r"^#\d+ .* at \S+:(\d+)$", bt, re.M)][:3]
        self.assertEqual(len(lines), 3, bt)
        want = [(pc, fn, f, line) for (pc, fn, f, _), line in zip(want, lines)]
        s, st = self.run_to_signal("inlined")
        frames = self.rpc("backtrace", session=s)["frames"]
        got = [(hexint(f["pc"]), f["function"], os.path.basename(f["source"]["file"]),
                f["source"]["line"]) for f in frames[:3]]
        self.assertEqual(got, want)
        self.assertEqual([f.get("inlined", False) for f in frames[:3]], [True, False, False])
        self.assertEqual([f["index"] for f in frames], list(range(len(frames))))
        self.assertEqual(self.rpc("report", session=s)["backtrace"][:3], frames[:3])

    def test_frames_have_gdb_s_stack_pointers(self):
        # each frame's sp is $sp in gdb's frame (for a caller: once its callee returns)
        want = dbgd.gdb_values(fixture("deep"), [], {}, [
            "run", "p/x $sp", "up", "p/x $sp", "up", "p/x $sp", "up", "p/x $sp",
            "up", "p/x $sp", "kill"])
        s, st = self.run_to_signal("deep", env={}, env_clear=True)
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([hexint(f["sp"]) for f in frames[:5]], want)
        self.assertEqual(frames[0]["sp"], self.rpc("regs", session=s, names=["rsp"])["rsp"])

    def test_a_call_through_a_null_pointer_keeps_its_caller(self):
        # pc 0: no code, no CFI (eu-stack loses level3 there); as gdb, the frame is
        # taken as just called: its return address at rsp. Same pcs as gdb's frames.
        want = dbgd.gdb_values(fixture("crash"), ["call"], {}, [
            "run", "p/x $pc", "up", "p/x $pc", "up", "p/x $pc", "up", "p/x $pc",
            "up", "p/x $pc", "kill"])
        s, st = self.run_to_signal("crash", "call", env={}, env_clear=True)
        self.assertEqual(hexint(st["stop"]["pc"]), 0)
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([hexint(f["pc"]) for f in frames[:5]], want)
        self.assertEqual([f.get("function") for f in frames[:5]],
                         [None, "level3", "level2", "level1", "main"])
        self.assertEqual([f["index"] for f in frames], list(range(len(frames))))
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                               "crash.c")) as f:
            call_line = f.read().splitlines().index("                handler();") + 1
        self.assertEqual(frames[1]["source"]["line"], call_line)
        report = self.rpc("report", session=s)
        self.assertEqual([f.get("function") for f in report["backtrace"][:5]],
                         [None, "level3", "level2", "level1", "main"])
        # the registers were put back after the walk
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rip"])["rip"]), 0)

    def test_inside_libc_matches_eu_stack(self):
        frames = self.crash_vs_eu_stack("libcrash")
        self.assertIn("strlen", frames[0]["function"])
        self.assertTrue(frames[0]["module"].endswith("/libc.so.6"))
        self.assertEqual([f["function"] for f in frames[1:4]],
                         ["count_chars", "measure", "main"])

    def test_through_signal_handler_matches_eu_stack(self):
        frames = self.crash_vs_eu_stack("sigcrash", handle=["SIGUSR1"])
        names = [f["function"] for f in frames]
        self.assertEqual(names[:2], ["handler_work", "on_usr1"])
        self.assertIn("__restore_rt", names)
        # (glibc's kill, assembly: gdb names it by the last of its aliases' subprograms)
        self.assertEqual(names[names.index("__restore_rt") + 1:][:3],
                         ["__GI_kill", "trigger", "main"])
        self.assertTrue(frames[names.index("__GI_kill")].get("interrupted"))

    def test_signal_trampoline_is_not_the_interrupted_frame(self):
        # gdb's bt shows the trampoline (__restore_rt) as "<signal handler called>" and
        # the frame below it as the one the signal interrupted; libdwfl's isactivation
        # is true for both, and the trampoline was marked interrupted too
        cmds = ["run", "bt"]
        for i in range(8):
            cmds += ["frame %d" % i, "p/x $pc"]
        with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
            f.write("\n".join(["set pagination off", "set startup-with-shell off",
                               "set disable-randomization on",
                               "handle SIGUSR1 nostop noprint pass"] + cmds + ["kill"]) + "\n")
            f.flush()
            out = run(["gdb", "-batch", "-nx", "-x", f.name, fixture("sigcrash")]).stdout
        tramp = set(re.findall(r"^#(\d+)\s+<signal handler called>$", out, re.M))
        self.assertEqual(len(tramp), 1, out)
        k = int(tramp.pop())
        pcs = [int(x, 16) for x in re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", out, re.M)]
        s, st = self.run_to_signal("sigcrash")
        for frames in (self.rpc("backtrace", session=s)["frames"],
                       self.rpc("report", session=s)["backtrace"]):
            self.assertEqual([f["index"] for f in frames if f.get("trampoline")], [k])
            self.assertEqual([f["index"] for f in frames if f.get("interrupted")], [k + 1])
            self.assertEqual(frames[k]["function"], "__restore_rt")
            self.assertEqual([hexint(f["pc"]) for f in frames[:k + 3]], pcs[:k + 3])
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        r = run([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--",
                 fixture("sigcrash")], env=e)
        self.assertRegex(r.stderr, r"\n  #%d .*__restore_rt.*  <signal handler called>\n"
                                   r"  #%d .*kill.*  <signal>\n" % (k, k + 1))

    def test_at_breakpoint_o2_limit(self):
        st = self.spawn("deep_o2_pie", "ok", stop="main")
        s = st["session"]
        self.rpc("break", session=s, symbol="crash_here")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([f["function"] for f in frames[:5]], FUNCS)
        self.assertEqual(len(self.rpc("backtrace", session=s, limit=2)["frames"]), 2)
        self.assertRpcError(INVALID_PARAMS, "backtrace", session=s, limit=0)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertRpcError(GONE, "backtrace", session=s)

    def test_cxx_names_demangled_as_eu_stack(self):
        # eu-stack demangles by default (the symbols are as it shows them); the frames'
        # functions are as gdb's bt shows them (qualified, without parameters), the ELF
        # names stay in linkage_name
        frames = self.crash_vs_eu_stack("cxxcrash")
        self.assertEqual([f["function"] for f in frames[:3]],
                         ["shapes::Circle::area", "shapes::draw<int>", "main"])
        self.assertEqual([f.get("linkage_name") for f in frames[:3]],
                         ["_ZNK6shapes6Circle4areaEPi", "_ZN6shapes4drawIiEEiRKNS_6CircleEPT_",
                          None])
        self.assertTrue(frames[0]["symbol"].startswith("shapes::Circle::area(int*) const+0x"))

    @classmethod
    def tearDownClass(cls):
        print("\nframes matched eu-stack: %s" % json.dumps(cls.matched, sort_keys=True))
        super().tearDownClass()


class TestReport(ProgramCase):
    def check_crash(self, rep, live):
        self.assertEqual(rep["live"], live)
        self.assertEqual(rep["signal"]["name"], "SIGSEGV")
        self.assertEqual(rep["signal"]["code_name"], "SEGV_MAPERR")
        self.assertEqual(rep["signal"]["address"], "0x0")
        self.assertEqual([f["function"] for f in rep["backtrace"][:5]], FUNCS)
        pc = rep["registers"]["rip"]
        self.assertEqual(rep["backtrace"][0]["pc"], pc)
        self.assertEqual(rep["stop"]["pc"], pc)
        self.assertEqual(rep["stop"]["symbol"].split("+")[0], "crash_here")
        at = [i for i in rep["disassembly"] if i["address"] == pc]
        self.assertEqual(len(at), 1, rep["disassembly"])
        if "+" in rep["stop"]["symbol"]:
            self.assertGreater(rep["disassembly"].index(at[0]), 0, "no instructions before pc")
        self.assertTrue(any(m["path"].endswith("/libc.so.6") for m in rep["maps"]))
        self.assertEqual(rep["command_line"], [fixture("deep"), "x"])

    def test_code_listing_names_targets_before_the_pc_too(self):
        # the listing's instructions before the pc are decoded from the function's
        # start without names, then named: their branch targets too, as `disasm` (and
        # gdb's x/i) names them (found by the curl/dbgctl sweep: `call 0x401050` where
        # disasm says `<strcmp@plt>`)
        s, st = self.run_to_signal("abort", sig="SIGABRT")
        rep = self.rpc("report", session=s)
        pc = hexint(rep["stop"]["pc"])
        before = [i for i in rep["disassembly"] if hexint(i["address"]) < pc and "target" in i]
        self.assertTrue(before, rep["disassembly"])
        for i in rep["disassembly"]:
            if "target" not in i:
                continue
            (want,) = self.rpc("disasm", session=s, address=i["address"], count=1)["instructions"]
            self.assertEqual(i.get("target_symbol"), want.get("target_symbol"), i)
        self.assertTrue(any("target_symbol" in i for i in before), before)

    def test_live_then_dead(self):
        s, st = self.run_to_signal("deep", "x", record_syscalls=True)
        rep = self.rpc("report", session=s)
        self.check_crash(rep, True)
        self.assertEqual(rep["state"], "stopped")
        self.assertNotIn("exit_status", rep)
        st = self.rpc("cont", session=s)
        self.assertKilled(st, "SIGSEGV", 11)
        dead = self.rpc("report", session=s)
        self.check_crash(dead, False)
        self.assertEqual(dead["state"], "killed")
        self.assertEqual(dead["exit_status"], 128 + 11)
        self.assertEqual(dead["backtrace"], rep["backtrace"])
        self.assertEqual(dead["registers"], rep["registers"])
        self.assertIsInstance(dead["syscalls"], list)
        self.assertIn({"text": "", "bytes": 0, "truncated": False}, [dead["stdout"]])

    def test_watchdog_alarm_passed_silently_still_reported(self):
        # SIGALRM is passed without a stop (gdb's default), and it ends the process:
        # the report says where the program was stuck
        s = self.spawn("watchdog")["session"]
        self.assertKilled(self.rpc("cont", session=s, timeout=30), "SIGALRM", 14)
        rep = self.rpc("report", session=s)
        self.assertEqual(rep["exit_status"], 128 + 14)
        self.assertEqual(rep["signal"]["name"], "SIGALRM")
        self.assertEqual(rep["stop"]["reason"], "signal")
        self.assertEqual(rep["backtrace"][0]["function"], "stuck_here")
        self.assertEqual(rep["backtrace"][1]["function"], "main")
        self.assertEqual(rep["registers"]["rip"], rep["stop"]["pc"])
        # with a handler the signal does not end it: no snapshot
        s = self.spawn("watchdog", "handled")["session"]
        self.assertExited(self.rpc("cont", session=s, timeout=30), 4)
        self.assertNotIn("backtrace", self.rpc("report", session=s))

    def test_exited(self):
        st = self.spawn("deep", "ok")
        s = st["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        rep = self.rpc("report", session=s)
        self.assertEqual(rep["exit_status"], 0)
        self.assertEqual(rep["exit_code"], 0)
        self.assertFalse(rep["live"])
        self.assertNotIn("backtrace", rep)
        self.assertEqual(rep["stdout"]["text"], run([fixture("deep"), "ok"]).stdout)
        self.assertEqual(rep["stdout"]["bytes"], len(rep["stdout"]["text"]))


class TestThreadCrash(ProgramCase):
    """A thread (not the main thread, which waits in pthread_join) takes a fatal signal:
    the process stops there with that thread current, as gdb does; once the signal is
    delivered, the report is that thread's, as gdb and eu-stack see it."""

    def dead_report(self, mode, sig, number):
        st = self.spawn("thcrash", mode)
        s = st["session"]
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], sig)
        self.assertNotEqual(stop["thread"], st["pid"])
        bt = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual(bt[0]["pc"], stop["pc"])
        self.assertKilled(self.rpc("cont", session=s), sig, number)
        rep = self.rpc("report", session=s)
        self.assertFalse(rep["live"])
        self.assertEqual(rep["signal"]["name"], sig)
        self.assertEqual(rep["stop"]["reason"], "signal")
        self.assertEqual(rep["stop"]["thread"], stop["thread"])
        self.assertEqual(rep["stop"]["pc"], rep["registers"]["rip"])
        self.assertEqual(rep["backtrace"][0]["pc"], rep["registers"]["rip"])
        self.assertEqual([f["pc"] for f in rep["backtrace"]], [f["pc"] for f in bt])
        return rep

    def test_segv_in_a_thread_matches_gdb_and_eu_stack(self):
        rep = self.dead_report("segv", "SIGSEGV", 11)
        pc, addr, want = gdb_thread_crash_oracle(fixture("thcrash"), ["segv"])
        self.assertEqual(hexint(rep["registers"]["rip"]), pc)
        self.assertEqual(rep["signal"]["code_name"], "SEGV_MAPERR")
        self.assertEqual(hexint(rep["signal"]["address"]), addr)
        got = [(hexint(f["pc"]), elf_name(f)) for f in rep["backtrace"]]
        self.assertEqual(got, want)
        self.assertEqual([f for _, f in got[:5]], ["crash_in_thread"] + ["thread_work"] * 3 +
                         ["worker"])
        self.assertEqual(rep["stop"]["symbol"].split("+")[0], "crash_in_thread")
        self.assertTrue(any(i["address"] == rep["stop"]["pc"] for i in rep["disassembly"]))

    def test_the_other_threads_stacks_match_eu_stack(self):
        # the main thread waits in pthread_join while the worker crashes (thcrash
        # joined; in thcrash segv it may still be in clone3, which unwinds no further
        # than __clone3): the report
        # has the worker's stack as its backtrace and the main thread's in `threads`,
        # taken in the snapshot at the fatal stop (the process is dead by now); frame
        # by frame as eu-stack shows the threads of gdb's core (eu-stack has no frames
        # for inlined and tail calls)
        rep = self.dead_report("joined", "SIGSEGV", 11)
        pc, want = eu_stack_threads(fixture("thcrash"), ["joined"])
        others = [f for f in want.values() if f and f[0][0] != pc]
        self.assertEqual(len(others), 1, want)
        self.assertEqual(len(rep["threads"]), 1)
        t = rep["threads"][0]
        self.assertEqual(t["tid"], rep["pid"])
        self.assertEqual(t["name"], "thcrash")
        real = [(hexint(f["pc"]), elf_name(f))
                for f in t["backtrace"] if not f.get("inlined") and not f.get("tailcall")]
        self.assertEqual(real, others[0])
        names = [f.get("function") for f in t["backtrace"]]
        self.assertIn("main", names)
        self.assertEqual((t["pc"], t["symbol"]), (t["backtrace"][0]["pc"],
                                                  t["backtrace"][0]["symbol"]))
        self.assertNotIn(rep["stop"]["thread"], [x["tid"] for x in rep["threads"]])
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        r = run([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--",
                 fixture("thcrash"), "joined"], env=e)
        self.assertRegex(r.stderr, r"\nbacktrace:\n  #0 .*crash_in_thread.*\n(  #.*\n)+"
                                   r"\nthread \d+ \(thcrash\):\n  #0 .*\n(  #.*\n)*"
                                   r"  #\d+ .* main\+")
        # one thread: no `threads`
        s, st = self.run_to_signal("deep", "x")
        self.assertNotIn("threads", self.rpc("report", session=s))

    def test_crash_after_the_main_thread_left(self):
        # pthread_exit in main: the leader is a zombie, its /proc/PID/maps is empty; the
        # report is read through the crashing thread
        rep = self.dead_report("leader", "SIGSEGV", 11)
        names = [f.get("function") for f in rep["backtrace"]]
        self.assertEqual(names[:5], ["crash_in_thread"] + ["thread_work"] * 3 + ["worker"])
        self.assertEqual(rep["stop"]["symbol"].split("+")[0], "crash_in_thread")
        self.assertTrue(any(m["path"].endswith("/libc.so.6") for m in rep["maps"]))

    def test_abort_in_a_thread(self):
        rep = self.dead_report("abort", "SIGABRT", 6)
        names = [f.get("function") for f in rep["backtrace"]]
        self.assertIn("__GI_abort", names)
        i = names.index("crash_in_thread")
        self.assertEqual(names[i:i + 5], ["crash_in_thread"] + ["thread_work"] * 3 + ["worker"])
        self.assertEqual(rep["signal"]["code_name"], "SI_TKILL")
        self.assertEqual(rep["signal"]["sender_pid"], rep["pid"])  # abort's raise
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "report.json")
            r = run([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--report", out,
                     "--", fixture("thcrash"), "abort"], env=e)
            with open(out) as f:
                pid = json.load(f)["pid"]
        self.assertIn("killed by SIGABRT (SI_TKILL, sent by pid %d)" % pid, r.stderr)

    def test_a_caught_signal_leaves_no_snapshot(self):
        s = self.spawn("thcrash", "caught")["session"]
        # it stops for the signal, as the main thread would; its handler then exits
        self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertExited(self.rpc("cont", session=s), 3)
        rep = self.rpc("report", session=s)
        self.assertEqual(rep["exit_status"], 3)
        self.assertNotIn("backtrace", rep)
        self.assertNotIn("registers", rep)

    def test_dbgctl_run_names_the_thread(self):
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        r = run([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--",
                 fixture("thcrash"), "segv"], env=e)
        self.assertEqual(r.returncode, 128 + 11, r.stderr)
        self.assertEqual(r.stdout, "started\n")
        self.assertRegex(r.stderr, r"at crash_in_thread\+0x[0-9a-f]+ \(.*thcrash\.c:\d+\), "
                                   r"pc 0x[0-9a-f]+, in thread \d+\n")
        self.assertIn("SEGV_MAPERR, fault address 0x0", r.stderr)


class TestDbgctlRun(ProgramCase):
    def dbgctl(self, *args, env=None):
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        e.update(env or {})
        return run([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), *args], env=e)

    def test_crash_report(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "report.json")
            r = self.dbgctl("run", "--report", out, "--", fixture("sigcrash"))
            self.assertEqual(r.returncode, 128 + 11, r.stderr)
            self.assertEqual(r.stdout, "handler installed\n")
            self.assertIn("SIGSEGV", r.stderr)
            self.assertIn("handler_work", r.stderr)
            self.assertIn("sigcrash.c:18", r.stderr)
            self.assertRegex(r.stderr, r"\nvariables:\n  #0  handler_work \(")  # bt full
            with open(out) as f:
                rep = json.load(f)
        self.assertEqual(rep["exit_status"], 139)
        self.assertEqual(rep["backtrace"][0]["function"], "handler_work")

    def test_stdin_is_streamed_to_the_program(self):
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        dbgctl = os.path.join(dbgd.build_dir(), "bin", "dbgctl")
        data = bytes(range(256)) * 4096  # 1 MiB, not text: NULs and bytes above 0x7f
        r = subprocess.run([dbgctl, "run", "--", fixture("echoin")], input=data,
                           capture_output=True, env=e, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, data + b"eof\n")
        # --no-stdin: /dev/null whatever dbgctl's stdin is
        r = subprocess.run([dbgctl, "run", "--no-stdin", "--", fixture("echoin")],
                           input=b"ignored", capture_output=True, env=e, timeout=120)
        self.assertEqual((r.returncode, r.stdout), (0, b"eof\n"), r.stderr)

    def test_output_is_whole(self):
        # more than the daemon's 1 MiB buffers, faster than a poll could drain them, on
        # both streams: byte for byte what the program wrote without dbgctl
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        dbgctl = os.path.join(dbgd.build_dir(), "bin", "dbgctl")
        script = "seq 1 2000000; seq 1 500000 >&2; seq 7 900000"
        want = subprocess.run(["sh", "-c", script], capture_output=True)
        r = subprocess.run([dbgctl, "run", "--", "sh", "-c", script], capture_output=True,
                           env=e, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr[-300:])
        self.assertEqual(len(r.stdout), len(want.stdout))
        self.assertTrue(r.stdout == want.stdout)
        self.assertTrue(r.stderr == want.stderr, r.stderr[-300:])

    def test_stdin_that_never_ends(self):
        # a pipe nobody closes: a program that does not read it ends as it would alone,
        # and one that does reads what came, then waits as it would alone
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        dbgctl = os.path.join(dbgd.build_dir(), "bin", "dbgctl")
        p = subprocess.Popen([dbgctl, "run", "--", fixture("hello")], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
        try:
            self.assertEqual(p.wait(timeout=60), 0)
            self.assertEqual(p.stdout.read(), b"Hello, world!\n")
        finally:
            p.stdin.close()
            p.kill()
            p.wait()
            p.stdout.close()
            p.stderr.close()
        p = subprocess.Popen([dbgctl, "run", "--", fixture("echoin")], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
        try:
            p.stdin.write(b"one line\n")
            p.stdin.flush()
            self.assertEqual(p.stdout.readline(), b"one line\n")
            self.assertIsNone(p.poll())  # still reading
            p.stdin.close()  # now end-of-file reaches the program
            self.assertEqual(p.wait(timeout=60), 0)
            self.assertEqual(p.stdout.read(), b"eof\n")
        finally:
            p.kill()
            p.wait()
            p.stdout.close()
            p.stderr.close()

    def _run_until(self, args, sig, ready=None):
        """dbgctl run args; once the program runs (and has printed the line ready), sig
        to dbgctl; (status, the rest of stdout, stderr)."""
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        # stdin a pipe left open: the programs below block reading it
        p = subprocess.Popen([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--",
                              *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=e, text=True)
        try:
            dbgd.wait_until(lambda: any(st["state"] == "running" for st in
                                        self.rpc("sessions")["sessions"]), 20)
            if ready:
                self.assertEqual(p.stdout.readline(), ready)
            p.send_signal(sig)
            out = p.stdout.read()
            err = p.stderr.read()
            p.wait(timeout=60)
        finally:
            p.kill()
            p.wait()
            for f in (p.stdin, p.stdout, p.stderr):
                f.close()
        return p.returncode, out, err

    def test_signals_reach_the_program(self):
        # Ctrl-C, timeout(1)'s SIGTERM: dbgctl passes them on and ends as the program
        # does; neither the program nor its session outlives it
        rc, out, err = self._run_until([fixture("echoin")], signal.SIGINT)
        self.assertEqual(rc, 128 + 2, err)
        # passed on by dbgd's kill: the sender is dbgd
        self.assertRegex(err, r"killed by SIGINT \(SI_USER, sent by pid \d+\)")
        rc, out, err = self._run_until([fixture("echoin")], signal.SIGTERM)
        self.assertEqual(rc, 128 + 15, err)
        rc, out, err = self._run_until(["/bin/sh", "-c", "trap 'echo caught; exit 7' INT; "
                                        "echo ready; read x"], signal.SIGINT, "ready\n")
        self.assertEqual((rc, out), (7, "caught\n"), err)
        self.assertEqual(self.rpc("sessions")["sessions"], [])

    def test_reader_gone_is_sigpipe(self):
        # `dbgctl run yes | head -1`: yes gets SIGPIPE and ends silently, as without
        # dbgctl (a reader that went is no crash to report)
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        p = subprocess.Popen([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--",
                              "yes"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=e)
        try:
            self.assertEqual(p.stdout.readline(), b"y\n")
            p.stdout.close()
            self.assertEqual(p.wait(timeout=60), 128 + 13)
            self.assertEqual(p.stderr.read(), b"")  # no crash report: no crash
        finally:
            p.kill()
            p.wait()
            p.stderr.close()
        self.assertEqual(self.rpc("sessions")["sessions"], [])

    def test_a_sigkilled_dbgctl_leaves_no_program(self):
        # SIGKILL, to dbgctl's whole process group (a cancelled CI job): nothing is
        # caught, but its guard closes the session, and the program goes with it
        e = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        p = subprocess.Popen([os.path.join(dbgd.build_dir(), "bin", "dbgctl"), "run", "--",
                              "yes"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=e, start_new_session=True)
        try:
            self.assertEqual(p.stdout.readline(), b"y\n")
            sessions = self.rpc("sessions")["sessions"]
            self.assertEqual(len(sessions), 1)
            pid = sessions[0]["pid"]
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=30)
        finally:
            p.stdout.close()
        self.assertEqual(dbgd.wait_until(lambda: self.rpc("sessions")["sessions"] == [], 20),
                         True)
        self.assertTrue(dbgd.wait_until(lambda: not os.path.exists("/proc/%d" % pid), 20))
        # and a dbgctl that ends as it should leaves its guard no work: nothing breaks
        r = self.dbgctl("run", "--", fixture("exitcode"), "3")
        self.assertEqual((r.returncode, r.stderr), (3, ""))

    def test_symbols_for_people(self):
        s = self.spawn("cxxcrash", stop="main")["session"]
        r = self.dbgctl("symbols", str(s), "shapes::Circle::area")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^\s+0x[0-9a-f]+  func   weak +\d+  shapes::Circle::area"
                                   r"\(int\*\) const \(.*cxxcrash\.cc:\d+\)  \[cxxcrash\]\n$")
        r = self.dbgctl("symbols", str(s), "main")
        self.assertRegex(r.stdout, r"^\s+0x[0-9a-f]+  func   global +\d+  main \(")

    def test_exit_status_and_args(self):
        r = self.dbgctl("run", "--", fixture("exitcode"), "7")
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertEqual(r.stderr, "")
        r = self.dbgctl("run", "--", fixture("deep"), "ok")
        want = run([fixture("deep"), "ok"]).stdout
        self.assertEqual((r.returncode, r.stdout), (0, want), r.stderr)
        r = self.dbgctl("run", "--", fixture("abort"))
        self.assertEqual(r.returncode, 128 + 6, r.stderr)
        self.assertIn("SIGABRT", r.stderr)
        r = self.dbgctl("run", "--", "/nonexistent/program")
        self.assertEqual(r.returncode, 127, r.stderr)



def run_gdb(path, args, commands):
    """gdb's output for commands run on path, with an empty environment (as a dbgd
    spawn with env_clear, so that the stack starts at the same place)."""
    script = ["set pagination off", "set confirm off", "set startup-with-shell off",
              "set disable-randomization on", "unset environment", "run", *commands]
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write("\n".join(script) + "\n")
        f.flush()
        return run(["gdb", "-batch", "-nx", "-x", f.name, "--args", path, *args]).stdout


def gdb_bt_outer(path, args, n):
    """gdb's `bt -N` run to the fatal signal, with an empty environment (as a dbgd spawn
    with env_clear, so that the stack starts at the same place): [(level, pc,
    function)], outermost last."""
    out = run_gdb(path, args, ["bt -%d" % n])
    return [(int(m.group(1)), int(m.group(2), 16), m.group(3))
            for m in re.finditer(r"^#(\d+)\s+(0x[0-9a-f]+) in (\S+) \(", out, re.M)]


class TestStackOverflow(ProgramCase):
    """A backtrace cut short still says where the recursion started: its outermost
    frames (backtrace_outer, backtrace's `outer`) with their levels, and its depth."""

    PAST_MAIN = ["__libc_start_call_main", "__libc_start_main_impl", "_start"]

    def test_overflow_outer_frames_match_gdb(self):
        # gdb walks all ~30,000 frames down to main; dbgd's report has the 64 innermost
        # and the 8 outermost, at the same levels (and 3 more past main, as eu-stack)
        want = gdb_bt_outer(fixture("overflow"), [], 8)
        self.assertEqual(len(want), 8)
        self.assertEqual([w[2] for w in want[-2:]], ["start_descent", "main"])
        self.assertGreater(want[-1][0], 20000)
        s, _ = self.run_to_signal("overflow", env={}, env_clear=True)
        t = time.monotonic()
        rep = self.rpc("report", session=s)
        took = time.monotonic() - t
        print("\nreport of a %d-frame stack: %.3f s" % (rep["backtrace_depth"], took))
        self.assertTrue(rep["backtrace_truncated"])
        self.assertEqual(len(rep["backtrace"]), 64)
        outer = rep["backtrace_outer"]
        self.assertEqual(len(outer), 8)
        self.assertEqual(rep["backtrace_depth"], outer[-1]["index"] + 1)
        self.assertEqual([f["index"] for f in outer],
                         list(range(rep["backtrace_depth"] - 8, rep["backtrace_depth"])))
        self.assertEqual([f["function"].split("@")[0] for f in outer[-3:]], self.PAST_MAIN)
        self.assertEqual(rep["backtrace_depth"], want[-1][0] + 1 + len(self.PAST_MAIN))
        got = [(f["index"], hexint(f["pc"]), f["function"]) for f in outer[:-3]]
        self.assertEqual(got, want[-5:])
        # the method: gdb's `bt -8`, with one frame from the inner end
        bt = self.rpc("backtrace", session=s, limit=1, outer=8)
        self.assertEqual(bt["outer"], outer)
        self.assertEqual(bt["depth"], rep["backtrace_depth"])
        self.assertNotIn("outer", self.rpc("backtrace", session=s, limit=1))
        # dbgctl: the frames left out, then the outermost
        r = TestDbgctlRun.dbgctl(self, "backtrace", str(s), "--limit", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("(%d frames left out, %d in all)\n" % (
            rep["backtrace_depth"] - 11, rep["backtrace_depth"]), r.stdout)
        self.assertRegex(r.stdout, r"#%d +0x[0-9a-f]+  main\+" % want[-1][0])
        self.assertLess(took, 5)
        r = TestDbgctlRun.dbgctl(self, "run", "--", fixture("overflow"))
        self.assertEqual(r.returncode, 128 + 11, r.stderr)
        self.assertRegex(r.stderr, r"\n  #63 .*\n  \(\d+ frames left out, \d+ in all\)\n"
                                   r"(  #\d+ +0x[0-9a-f]+  descend\+.*\n){3}"
                                   r"  #\d+ +0x[0-9a-f]+  start_descent\+.*\n"
                                   r"  #\d+ +0x[0-9a-f]+  main\+")

    def test_outer_frames_are_the_full_backtrace_s(self):
        # 70 calls deep: 75 frames. The outer frames are those of the whole backtrace at
        # the same levels, the same objects; only those not already in `frames`
        s, _ = self.run_to_signal("overflow", "70")
        full = self.rpc("backtrace", session=s, limit=1024)
        self.assertNotIn("truncated", full)
        self.assertEqual(len(full["frames"]), 75)
        for limit, outer, levels in ((64, 8, range(67, 75)), (70, 8, range(70, 75)),
                                     (1, 3, range(72, 75)), (10, 1024, range(10, 75))):
            bt = self.rpc("backtrace", session=s, limit=limit, outer=outer)
            self.assertEqual(bt["depth"], 75)
            self.assertEqual(bt["frames"], full["frames"][:limit])
            self.assertEqual(bt["outer"], [full["frames"][k] for k in levels], limit)
        bt = self.rpc("backtrace", session=s, limit=80, outer=8)
        self.assertEqual((bt["depth"], "outer" in bt, "truncated" in bt), (75, False, False))
        self.assertRpcError(dbgd.LIMIT, "backtrace", session=s, outer=1025)

    def test_start_pages_through_the_stack(self):
        # start: frames from a level on, the ones before only counted. Every window of
        # the full backtrace, also where one unwinder frame gives several (functions
        # inlined at its pc: fixture inlined; tail calls: entryvals chain)
        for name, args, sig in (("overflow", ["70"], "SIGSEGV"), ("inlined", [], "SIGSEGV"),
                                ("entryvals", ["chain"], "SIGSEGV")):
            s, _ = self.run_to_signal(name, *args, sig=sig)
            full = self.rpc("backtrace", session=s, limit=1024)["frames"]
            n = len(full)
            self.assertTrue(any(f.get("inlined") or f.get("tailcall") for f in full) or
                            name == "overflow", full)
            for k in range(n):
                for limit in (1, 2, 5):
                    bt = self.rpc("backtrace", session=s, start=k, limit=limit)
                    self.assertEqual(bt["frames"], full[k:k + limit], (name, k, limit))
                    self.assertEqual(bt.get("truncated", False), k + limit < n)
                    self.assertEqual(bt.get("depth"), None if k + limit < n else n)
            bt = self.rpc("backtrace", session=s, start=n + 3)
            self.assertEqual((bt["frames"], bt["depth"]), ([], n))
            bt = self.rpc("backtrace", session=s, start=2, limit=1, outer=2)
            self.assertEqual((bt["frames"], bt["outer"], bt["depth"]),
                             (full[2:3], full[n - 2:], n))
            self.rpc("close", session=s)
        # the outermost 8 of an overflow are gdb's `bt -8`
        s, _ = self.run_to_signal("overflow", env={}, env_clear=True)
        depth = self.rpc("backtrace", session=s, limit=1, outer=1)["depth"]
        t = time.monotonic()
        bt = self.rpc("backtrace", session=s, start=depth - 8, limit=8)
        print("\nbacktrace from level %d: %.3f s" % (depth - 8, time.monotonic() - t))
        want = gdb_bt_outer(fixture("overflow"), [], 5)
        self.assertEqual([(f["index"], hexint(f["pc"]), f["function"]) for f in bt["frames"][:5]],
                         want)
        self.assertEqual(bt["depth"], depth)

    def test_deeper_than_walked_says_so(self):
        # 150,000 calls deep (on a 64 MiB stack): past the 100,000 frames walked, the
        # depth is not known and no outer frames are made up
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        big = 64 << 20
        if hard != resource.RLIM_INFINITY and hard < big:
            self.skipTest("stack limit %d" % hard)
        resource.setrlimit(resource.RLIMIT_STACK, (big, hard))
        try:
            d = dbgd.Daemon()  # its tracees inherit the limit
        finally:
            resource.setrlimit(resource.RLIMIT_STACK, (soft, hard))
        try:
            c = d.client(timeout=60)
            s = c.rpc("spawn", path=fixture("overflow"), args=["150000"])["session"]
            st = c.rpc("cont", session=s)
            self.assertEqual(st["stop"]["signal"]["name"], "SIGSEGV")
            t = time.monotonic()
            rep = c.rpc("report", session=s)
            took = time.monotonic() - t
            print("\nreport walking 100,000 frames: %.3f s" % took)
            self.assertTrue(rep["backtrace_truncated"])
            self.assertEqual(rep["backtrace_depth_over"], 100000)
            self.assertNotIn("backtrace_outer", rep)
            self.assertNotIn("backtrace_depth", rep)
            bt = c.rpc("backtrace", session=s, outer=8)
            self.assertEqual((bt["depth_over"], "outer" in bt), (100000, False))
            bt = c.rpc("backtrace", session=s, start=120000)
            self.assertEqual((bt["frames"], bt["depth_over"], "depth" in bt),
                             ([], 100000, False))
        finally:
            c.close()
            d.stop()


class TestLineSteps(ProgramCase):
    """`step` by line (gdb's step, and next with `over`), `step` with `over` (nexti) and
    `finish`, against gdb doing the same from the same place: the same pcs."""

    def gdb_pcs(self, name, args, where, commands):
        return dbgd.gdb_values(fixture(name), args, {}, [
            "break " + where, "run", "delete"] + commands)

    def dbgd_pcs(self, name, args, where, method, n, **params):
        s = self.spawn(name, *args, env={}, env_clear=True, stop="exec")["session"]
        b = self.rpc("break", session=s, symbol=where, pending=True)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("delete", session=s, breakpoint=b["breakpoint"])
        pcs = []
        for _ in range(n):
            st = self.rpc(method, session=s, **params)
            if st["state"] != "stopped":
                break
            pcs.append(hexint(st["stop"]["pc"]))
        self.rpc("close", session=s)
        return pcs

    def test_frame_0_has_the_stops_line(self):
        # where several rows of the line table share the pc (a function's first
        # address, a call into libc's atoi), frame 0 of `backtrace` says the stop's line,
        # gdb's (the last statement row), where it said eu-stack's (the first), and an
        # editor's stack view (DAP) showed another line than the stop (found by the DAP
        # sweep: atoi.c:26 for 27, strtol_l.c:225 for 239)
        for name, args in (("loop", ["3"]), ("vars_o2", []), ("deep_o2", ["ok"])):
            with self.subTest(name=name):
                s = self.spawn(name, *args, stop="main")["session"]
                for _ in range(25):
                    st = self.rpc("step", session=s, line=True)
                    if st["state"] != "stopped":
                        break
                    frame = self.rpc("backtrace", session=s, limit=1)["frames"][0]
                    self.assertEqual(frame.get("source"), st["stop"].get("source"),
                                     st["stop"])
                self.rpc("close", session=s)
        want = dbgd.gdb_values(fixture("loop"), ["3"], {}, [
            "break atoi", "run", "p/x $pc"])
        s = self.spawn("loop", "3", stop="main")["session"]
        self.rpc("break", session=s, symbol="atoi")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        frame = self.rpc("backtrace", session=s, limit=1)["frames"][0]
        out = run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off",
                   "-ex", "break atoi", "-ex", "run", "-ex", "bt 1",
                   "--args", fixture("loop"), "3"]).stdout
        line = re.search(r"^#0 .* at (\S+):(\d+)$", out, re.M)
        self.assertIsNotNone(line, out)
        self.assertEqual(frame["source"]["line"], int(line.group(2)))
        self.assertEqual(hexint(frame["pc"]), want[-1])

    def test_steps_in_clang_programs_match_gdb(self):
        # clang's line tables have rows of line 0 (code of no line), which gdb's reader
        # ignores: a step goes on through them, where dbgd stopped at their first pc.
        # Its functions mark their prologue's end, where gdb 13 puts `break FUNC`.
        # nextthrough (-Og): code inlined into main that begins inside a line-0 row
        # is met past its start; `next` goes on through it whatever line called it
        # (gdb's "stepping through inlined function"), where dbgd stopped inside
        for name, n in (("qsortsteps_clang", 40), ("vars_clang_o2", 20),
                        ("nextthrough", 25)):
            for cmd, params in (("step", {"line": True}),
                                ("next", {"line": True, "over": True})):
                with self.subTest(name=name, cmd=cmd):
                    want = self.gdb_pcs(name, [], "main", [cmd, "p/x $pc"] * n)
                    got = self.dbgd_pcs(name, [], "main", "step", n, **params)
                    self.assertGreater(len(want), 1)
                    self.assertEqual(got, want)
        # finish at a breakpoint on an inlined function leaves its code, as gdb's (the
        # frame a hit shows is the inlined one); it ran to the real function's return
        for fn in ("square", "choose", "total_of"):
            with self.subTest(finish=fn):
                want = self.gdb_pcs("nextthrough", [], fn, ["finish", "p/x $pc"])
                self.assertEqual(len(want), 1)
                self.assertEqual(self.dbgd_pcs("nextthrough", [], fn, "finish", 1), want)
        # inlentry's deposit() is inlined where main begins (clang -Og hoists its
        # throw): gdb puts that copy's breakpoint past main's pushes, as any place at a
        # function's first byte; dbgd put it on main's first byte
        # and its twice<> template is only inlined: `break twice` and `break twice<int>`
        # find the instance, as gdb's (NO_SYMBOL before)
        st = self.spawn("inlentry", stop="main")
        specs = ["bank::Account::deposit", "twice", "twice<int>"]
        want = dbgd.gdb_break_addrs(fixture("inlentry"), ["bank::Account::deposit", "twice",
                                                          "'twice<int>'"])
        self.assertNotIn(None, want)
        self.assertEqual([hexint(self.rpc("break", session=st["session"],
                                          symbol=spec)["address"]) for spec in specs], want)
        # pehdr's main begins with a header's inline code, where clang marks the end
        # of main's prologue: gdb 13 takes the mark only in main's own file
        st = self.spawn("pehdr", stop="main")
        self.assertEqual(hexint(st["stop"]["pc"]),
                         dbgd.gdb_break_addrs(fixture("pehdr"), ["main"])[0])
        self.assertEqual(dbgd.gdb_break_addrs(fixture("vars_clang"), ["add_ints", "main"]),
                         [hexint(self.rpc("break", session=self.spawn("vars_clang")["session"],
                                          symbol=f)["address"]) for f in ("add_ints", "main")])

    def test_step_and_next_match_gdb(self):
        # -O0 and -O2: into the program's calls, its PLT call of printf (followed
        # through the lazy resolver into libc), over them with next
        for name in ("deep", "deep_o2", "flow"):
            for cmd, params, n in (("step", {"line": True}, 30),
                                   ("next", {"line": True, "over": True}, 12)):
                with self.subTest(name=name, cmd=cmd):
                    want = self.gdb_pcs(name, ["ok"], "main", [cmd, "p/x $pc"] * n)
                    got = self.dbgd_pcs(name, ["ok"], "main", "step", n, **params)
                    self.assertGreater(len(want), 3)
                    self.assertEqual(got[:len(want)], want)

    def test_next_stops_at_an_inlined_call_of_another_line(self):
        # -O2 nextinline: where the code of a call inlined from another line than the
        # one stepped begins, gdb's next stops at that call site (the call not entered)
        # and goes on through one made on the stepped line; dbgd went on through both
        want = self.gdb_pcs("nextinline", [], "main", ["next", "p/x $pc"] * 30)
        got = self.dbgd_pcs("nextinline", [], "main", "step", 30, line=True, over=True)
        self.assertGreater(len(want), 4)
        self.assertEqual(got[:len(want)], want)
        # step: into fib, whose recursive calls gcc inlined into itself; a step that
        # comes into an inlined copy past its start (its first range is empty) stops
        # there, mid-line, as gdb's "stepping through inlined function" (dbgd went on
        # to the next copy's start). The first 8 steps; later ones part (docs/
        # architecture.md, "Not done")
        want = self.gdb_pcs("nextinline", [], "main", ["step", "p/x $pc"] * 8)
        got = self.dbgd_pcs("nextinline", [], "main", "step", 8, line=True)
        self.assertEqual(got, want)

    def test_steps_through_qsort_match_gdb(self):
        # -O2 qsortsteps into libc's qsort: msort_with_tmp calls itself with copies of
        # itself inlined. A step that leaves one inlined copy where the next begins
        # goes on, since the frame it stepped is gone (gdb compares frame ids): it
        # stopped there. And a step's stop where inlined calls begin, for whatever
        # reason, shows them not entered, as gdb's: the next step entered the next
        # line instead of the call
        want = self.gdb_pcs("qsortsteps", [], "main", ["step", "p/x $pc"] * 120)
        got = self.dbgd_pcs("qsortsteps", [], "main", "step", 120, line=True)
        self.assertEqual(len(want), 120)
        self.assertEqual(got, want)

    def test_step_back_into_a_line_at_no_statement_matches_gdb(self):
        # -O2 tailsteps: a step out of leaf returns into the middle of outer's line of
        # three calls, at a line-table entry that starts no statement. gdb then takes
        # the next statement entry as a new place to stop, though it is of the same
        # line: the step stops before the next call, not in it
        for cmd, params, n in (("step", {"line": True}, 24),
                               ("next", {"line": True, "over": True}, 3)):
            with self.subTest(cmd=cmd):
                want = self.gdb_pcs("tailsteps", [], "leaf", [cmd, "p/x $pc"] * n)
                got = self.dbgd_pcs("tailsteps", [], "leaf", "step", n, **params)
                self.assertGreater(len(want), 2)
                self.assertEqual(got[:len(want)], want)

    def test_step_into_inlined_calls_matches_gdb(self):
        # -O2: outer() calls mid() and leaf(), inlined. A step that comes to where an
        # inlined call begins stops there, shown at the call's line; the next step
        # enters it without running (gdb's skipped inline frames): the same pcs and
        # the same lines as gdb's frames
        args = ["a", "b", "c", "d", "e"]
        want = self.gdb_pcs("inlined", args, "outer", ["step", "p/x $pc"] * 6)
        got = self.dbgd_pcs("inlined", args, "outer", "step", 6, line=True)
        self.assertGreater(len(want), 3)
        self.assertEqual(got[:len(want)], want)
        self.assertTrue(any(a == b for a, b in zip(want, want[1:])), want)  # in place
        # the stops' lines, and the backtraces: a call not entered has no frame yet
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break outer", "-ex", "run"] +
                             sum([["-ex", "step", "-ex", "echo @@\\n", "-ex", "bt"]
                                  for _ in range(6)], []) +
                             ["--args", fixture("inlined")] + args,
                             capture_output=True, text=True, timeout=120).stdout
        want = []
        for chunk in out.split("@@\n")[1:]:
            frames = re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\w+) \(.* at \S+:(\d+)$",
                                chunk, re.M)
            if frames:
                want.append(([f for f, _ in frames], int(frames[0][1])))
        self.assertGreater(len(want), 3)
        s = self.spawn("inlined", *args, env={}, env_clear=True, stop="exec")["session"]
        self.rpc("break", session=s, symbol="outer", pending=True)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        for names, line in want:
            stop = self.rpc("step", session=s, line=True)["stop"]
            bt = self.rpc("backtrace", session=s)["frames"]
            self.assertEqual(([f["function"] for f in bt][:len(names)], stop["source"]["line"]),
                             (names, line))

    def test_next_over_inlined_calls_matches_gdb(self):
        # -O2: outer() calls mid() and leaf(), both inlined on one line: next steps
        # over them as over calls, where gdb's does
        args = ["a", "b", "c", "d", "e"]  # argc > 5: no crash
        want = self.gdb_pcs("inlined", args, "outer", ["next", "p/x $pc"] * 4)
        got = self.dbgd_pcs("inlined", args, "outer", "step", 4, line=True, over=True)
        self.assertEqual(got, want)

    def test_nexti_matches_gdb(self):
        want = self.gdb_pcs("deep", ["ok"], "outer", ["nexti", "p/x $pc"] * 20)
        got = self.dbgd_pcs("deep", ["ok"], "outer", "step", 20, over=True)
        self.assertEqual(got, want)
        self.assertEqual(len(got), 20)

    def test_finish_matches_gdb(self):
        # out of crash_here, then inner, middle, outer: each to its caller
        want = self.gdb_pcs("deep", ["ok"], "crash_here", ["finish", "p/x $pc"] * 4)
        s = self.spawn("deep", "ok", env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="crash_here")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got, syms = [], []
        for _ in range(4):
            stop = self.assertStopped(self.rpc("finish", session=s), "finish")
            got.append(hexint(stop["pc"]))
            syms.append(stop["symbol"].split("+")[0])
        self.assertEqual(got, want)
        self.assertEqual(syms, ["inner", "middle", "outer", "main"])
        # nothing left behind: the breakpoint list is the user's
        self.assertEqual(len(self.rpc("breakpoints", session=s)["breakpoints"]), 1)
        self.assertEqual(self.rpc("cont", session=s)["state"], "exited")

    def finish_values(self, name, src):
        """gdb's and dbgd's returned values at the finish of each r_/c_ function that
        main of fixture name calls, in order: ({fn: gdb's value or None}, {fn: dbgd's
        returned or None})."""
        path = fixture(name)
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                               "fixtures", src)) as f:
            names = re.findall(r"(?<![\w.])([rc]_\w+)\(\);", f.read())
        script = ["set pagination off", "set startup-with-shell off"]
        script += ["break " + n for n in names] + ["run"]
        script += ["finish", "continue"] * len(names)
        with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
            f.write("\n".join(script) + "\n")
            f.flush()
            out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, path],
                                 capture_output=True, text=True, timeout=120).stdout
        # gdb's stops, in order: "Breakpoint 3, r_int () at ...", then the finish's
        # "Value returned is $N = ..." (none for void)
        want = {}
        for part in re.split(r"^Breakpoint \d+, ", out, flags=re.M)[1:]:
            v = re.search(r"^Value returned is \$\d+ = (.*)$", part, re.M)
            # (a function returning std::string is "c_string[abi:cxx11]() ()" there)
            want[re.sub(r"\[abi:\w+\]\(\)$", "", part.split(" ", 1)[0])] = \
                v.group(1) if v else None
        self.assertEqual(list(want), names, out[-2000:])
        s = self.spawn(name, stop="main")["session"]
        for n in names:
            self.rpc("break", session=s, symbol=n)
        got = {}
        for n in names:
            stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
            self.assertEqual(re.sub(r"\[abi:\w+\]|\+0x[0-9a-f]+$", "",
                                    stop["symbol"].split("(")[0]), n)
            stop = self.assertStopped(self.rpc("finish", session=s), "finish")
            got[n] = stop.get("returned")
        self.assertExited(self.rpc("cont", session=s), 0)
        return want, got

    def test_finish_returns_the_value_gdb_prints(self):
        # every kind of value the ABI returns (rax, xmm0, st(0), a struct in registers
        # or in memory), printed as gdb's "Value returned is $N = ..."
        want, got = self.finish_values("returns", "returns.c")
        self.assertEqual(len(want), 40)
        self.assertIsNone(got.pop("r_void"))  # gdb prints none either
        self.assertIsNone(want.pop("r_void"))
        self.assertEqual(want["r_union"], "{i = 3, f = 4.20389539e-45}")
        self.assertEqual(want["r_bits"], "{a = 5, b = -3, c = true, d = BLUE, e = 122 'z', "
                                         "f = -549755813887}")
        self.assertEqual({n: r["value"] for n, r in got.items()}, want)
        self.assertEqual(got["r_ptr"]["type"], "int *")
        self.assertEqual(got["r_str"]["type"], "const char *")
        self.assertEqual(got["r_nest"]["type"], "struct nest")
        self.assertEqual(got["r_fnptr"]["type"], "getter")
        # C++: qualified names and enumerators, a reference, wide characters
        want, got = self.finish_values("returnscc", "returnscc.cc")
        self.assertEqual(len(want), 12)
        # classes returned through memory, as gdb's pretty printers show them
        self.assertEqual(want["c_string"], '"string"')
        self.assertEqual(want["c_vector"], "std::vector of length 3, capacity 3 = {4, 5, 6}")
        self.assertEqual({n: r["value"] for n, r in got.items()}, want)
        self.assertEqual(got["c_struct"]["type"], "ns::P")
        self.assertIn("static made = 2", want["c_struct"])

    def test_finish_out_of_an_inlined_function_matches_gdb(self):
        # -O2: mid() is inlined into outer(); finish from mid's line leaves its block
        # and stops in outer where gdb's does (no return value: nothing returns)
        args = ["a", "b", "c", "d", "e"]
        want = dbgd.gdb_values(fixture("inlined"), args, {}, [
            "break inlined.c:17", "run", "p/x $pc", "finish", "p/x $pc"])
        s = self.spawn("inlined", *args, env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="inlined.c:17")
        got = [hexint(self.assertStopped(self.rpc("cont", session=s), "breakpoint")["pc"])]
        self.rpc("delete", session=s, breakpoint=1)
        stop = self.assertStopped(self.rpc("finish", session=s), "finish")
        got.append(hexint(stop["pc"]))
        self.assertEqual(got, want)
        self.assertNotIn("returned", stop)
        self.assertEqual(stop["symbol"].split("+")[0], "outer")
        # and from outer, a real finish: into main
        stop = self.assertStopped(self.rpc("finish", session=s), "finish")
        self.assertEqual(stop["symbol"].split("+")[0], "main")

    def test_finish_at_a_recursive_callers_return_address(self):
        # three levels into fact: after the first finish the pc is the return address
        # of the call below, the same as the caller's (fact(5)'s) frame: each finish
        # returns one level (6, 24, 120), as gdb's; the second ran to main (the caller
        # was taken as the first frame at another pc, as an inlined one would be)
        want = dbgd.gdb_values(fixture("recurse"), [], {}, [
            "break fact", "run", "continue", "continue", "delete",
            "finish", "p/x $pc", "p/x $sp", "finish", "p/x $pc", "p/x $sp",
            "finish", "p/x $pc", "p/x $sp"])
        self.assertEqual(len(want), 6)
        s = self.spawn("recurse", env={}, env_clear=True, stop="main")["session"]
        b = self.rpc("break", session=s, symbol="fact")["breakpoint"]
        for _ in range(3):
            self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("delete", session=s, breakpoint=b)
        got, values = [], []
        for _ in range(3):
            stop = self.assertStopped(self.rpc("finish", session=s), "finish")
            got += [hexint(stop["pc"]),
                    hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])]
            values.append(stop["returned"]["value"])
        self.assertEqual(got, want)
        self.assertEqual(values, ["6", "24", "120"])
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_finish_of_an_outer_frame_as_gdbs_up_and_finish(self):
        # three levels into fact (fact(3) innermost): finishing frame 1 (fact(4)) runs
        # until it returns into fact(5), with 24; gdb's `up` then `finish` (the
        # oracle) gives the same pc, sp and value. Frame 2 from there returns to main
        # with 120. A frame past the stack is INVALID_PARAMS, and nothing runs.
        want = dbgd.gdb_values(fixture("recurse"), [], {}, [
            "break fact", "run", "continue", "continue", "delete",
            "up", "finish", "p/x $pc", "p/x $sp", "p/x $eax"])
        self.assertEqual(len(want), 3)
        s = self.spawn("recurse", env={}, env_clear=True, stop="main")["session"]
        b = self.rpc("break", session=s, symbol="fact")["breakpoint"]
        for _ in range(3):
            self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("delete", session=s, breakpoint=b)
        err = self.assertRpcError(dbgd.INVALID_PARAMS, "finish", session=s, frame=40)
        self.assertIn("no frame 40", str(err))
        stop = self.assertStopped(self.rpc("finish", session=s, frame=1), "finish")
        self.assertEqual([hexint(stop["pc"]),
                          hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])],
                         want[:2])
        self.assertEqual(stop["returned"], {"type": "int", "value": str(want[2])})
        self.assertEqual(want[2], 24)
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([f["function"] for f in frames[:3]], ["fact", "main",
                                                                "__libc_start_call_main"])
        stop = self.assertStopped(self.rpc("finish", session=s, frame=0), "finish")
        self.assertEqual(stop["returned"]["value"], "120")
        self.assertEqual(stop["symbol"].split("+")[0], "main")
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_finish_of_a_recursion_returns_one_level(self):
        # fact-like recursion in flow? use crash_here's callers: a breakpoint that
        # stops a deeper call wins over the finish (gdb reports it too)
        s = self.spawn("deep", "ok", env={}, env_clear=True, stop="main")["session"]
        b = self.rpc("break", session=s, symbol="middle")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("break", session=s, symbol="crash_here")
        stop = self.assertStopped(self.rpc("finish", session=s), "breakpoint")
        self.assertEqual(stop["symbol"].split("+")[0], "crash_here")
        self.assertNotEqual(stop["breakpoint"], b["breakpoint"])
        stop = self.assertStopped(self.rpc("finish", session=s), "finish")
        self.assertEqual(stop["symbol"].split("+")[0], "inner")

    def test_backtrace_says_when_it_is_cut(self):
        s, _ = self.run_to_signal("deep")
        bt = self.rpc("backtrace", session=s, limit=2)
        self.assertEqual((len(bt["frames"]), bt.get("truncated")), (2, True))
        bt = self.rpc("backtrace", session=s, limit=64)
        self.assertNotIn("truncated", bt)
        self.assertEqual(bt["frames"][4]["function"], "main")
        self.assertNotIn("backtrace_truncated", self.rpc("report", session=s))

    def test_step_through_a_tail_call_and_code_without_lines(self):
        # say() is `jmp puts@plt`: step follows it (into libc when libc has lines); a
        # step into nd_apply (a library without debug info) stops in the callback it
        # calls, which has lines: both where gdb's steps stop
        for where, n in (("say", 3), ("nd_apply", 2)):
            with self.subTest(where):
                want = self.gdb_pcs("stepmix", [], where, ["step", "p/x $pc"] * n)
                got = self.dbgd_pcs("stepmix", [], where, "step", n, line=True)
                self.assertEqual(got, want)
        s = self.spawn("stepmix", env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="nd_apply")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        stop = self.assertStopped(self.rpc("step", session=s, line=True), "step")
        self.assertEqual(stop["symbol"], "cb")

    def test_next_over_a_call_that_never_returns(self):
        # work(0) longjmps back to main, which later passes work's return place in a
        # frame higher up (deep(1)): not the frame stepped in, so the next goes on to
        # the end, as gdb's (which stopped there before: "entry")
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                               "stepmix.c")) as f:
            line = f.read().splitlines().index("        work(second);") + 1
        self.assertEqual(self.gdb_pcs("stepmix", [], "stepmix.c:%d" % line,
                                      ["next", "p/x $pc"]), [])
        s = self.spawn("stepmix", env={}, env_clear=True, stop="main")["session"]
        b = self.rpc("break", session=s, symbol="stepmix.c:%d" % line)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("delete", session=s, breakpoint=b["breakpoint"])
        self.assertExited(self.rpc("step", session=s, line=True, over=True), 0)
        self.assertEqual(self.output(s), "hello\nnd 14\nn 101\n")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])

    def test_next_from_a_breakpoint_with_a_signal_queued(self):
        # SIGALRM queued at a breakpoint (dbgd passes it to the handler, as gdb does a
        # timer's): the handler runs, and the next ends where it does without the
        # signal (gdb's next there), not back at the breakpoint's "hit" where the
        # signal came (which cost a timer-driven program a loop iteration)
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                               "sigstep.c")) as f:
            line = f.read().splitlines().index("                acc ^= 0x55;") + 1
        want = dbgd.gdb_values(fixture("sigstep"), [], {}, [
            "break sigstep.c:%d" % line, "run", "next", "p/x $pc", "kill"])
        s = self.spawn("sigstep", env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="sigstep.c:%d" % line)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.rpc("kill", session=s, signal="SIGALRM")
        stop = self.assertStopped(self.rpc("step", session=s, line=True, over=True), "step")
        self.assertEqual([hexint(stop["pc"])], want)

    def test_errors(self):
        s = self.spawn("flow", "spin", stop="exec")["session"]
        # at the loader's entry there is no caller to return to
        self.assertRpcError(NO_SYMBOL, "finish", session=s)
        self.rpc("cont", session=s, wait=False)
        self.assertRpcError(RUNNING, "step", session=s, line=True)
        self.assertRpcError(RUNNING, "finish", session=s)
        self.rpc("kill", session=s)
        self.assertEqual(self.rpc("wait", session=s)["state"], "killed")
        self.assertRpcError(GONE, "step", session=s, line=True, over=True)
        self.assertRpcError(GONE, "finish", session=s)


# print NAME at vars.c's INNER line: gdb's values (test_print_matches_gdb)
VARS_PRINTS = ["counter", "ratio", "greeting", "table_entry", "bytes", "half", "sq", "i",
             "buf", "arr", "pp", "p", "local", "calls", "tag", "scale", "flag",
             # members, elements, what pointers point to, addresses
             "pp->x", "local.at.y", "local.w[1]", "local.name", "arr[2]", "*pp",
             "&counter", "&buf", "table_entry.note", "*greeting", "greeting[1]",
             "&local.at", "&table_entry.w[1]", "*tag", "table_entry.at",
             # a union, bit-fields
             "num_global", "flags_global", "flags_global.b",
             # anonymous union and struct members
             "tagged_global", "tagged_global.i", "tagged_global.hi",
             # a 2-D array and its rows, a const table, a function, an enumerator
             "grid2", "grid2[1]", "&grid2[1]", "grid2[2][3]", "&grid2", "primes",
             "&primes", "add_ints", "&add_ints", "M_ON",
             # indexes held in variables (an int, a bool)
             "arr[i]", "arr[calls]", "local.w[sq]", "buf[i]", "arr[flag]",
             "grid2[i][calls]", "&arr[i]"]


class TestVariables(ProgramCase):
    """`locals` and `print` against gdb's `info args`, `info locals` and `print`, on the
    same program stopped at the same line: the same names, in the same order, with the
    same values as text (fixture vars: scalars, chars, enums, pointers with symbols,
    strings, structs, char and other arrays, statics, globals; three frames)."""

    def line_of(self, mark, src="vars.c"):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", src)
        with open(src) as f:
            return next(i + 1 for i, l in enumerate(f) if "/* %s */" % mark in l)

    def gdb_vars(self, line, frames, names, prog="vars", args=(), src="vars.c", func=None):
        """gdb stopped at vars.c:line (or at `break func`): per frame (info args, info
        locals) as lists of (name, value); then {name: value} of `print NAME` in frame
        0."""
        script = ["set pagination off", "set confirm off", "set startup-with-shell off",
                  "set disable-randomization on", "unset environment"]
        script += ["break %s:%d" % (src, line)] if line else []
        script += ["break " + func] if func else []
        script += ["run"]
        for f in range(frames):
            script += ["frame %d" % f, "echo @@args\\n", "info args", "echo @@locals\\n",
                       "info locals"]
        script += ["frame 0"]
        for n in names:
            script += ["echo @@print %s\\n" % n, "print %s" % n]
        with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
            f.write("\n".join(script) + "\n")
            f.flush()
            out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, "--args",
                                  fixture(prog), *args],
                                 capture_output=True, text=True, timeout=120).stdout
        return dbgd.parse_gdb_vars(out)

    def dbgd_vars(self, line, frames, names, prog="vars", src="vars.c", func=None,
                  args=()):
        s = self.spawn(prog, *args, env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol=func or "%s:%d" % (src, line))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got = []
        for f in range(frames):
            r = self.rpc("locals", session=s, frame=f)
            self.assertEqual(r["frame"], f)
            # gdb's words for what dbgd says is optimized out
            got.append(tuple([(v["name"], v["value"] if "value" in v else
                               "<optimized out>" if v["error"].startswith("optimized out")
                               else v["error"]) for v in r[k]] for k in ("args", "locals")))
        prints = {}
        for n in names:
            prints[n] = self.rpc("print", session=s, name=n)
        self.rpc("close", session=s)
        return got, prints

    def test_args_at_a_function_breakpoint_match_gdb(self):
        # `break FUNC` stops past the prologue, as gdb's: at -O0 the arguments are in
        # their stack slots by then (at the function's first byte they read garbage);
        # optimized code has no such prologue and stops at the first byte, as gdb's
        for prog in ("deep", "deep_o2"):
            for func in ("outer", "inner", "crash_here"):
                with self.subTest(prog=prog, func=func):
                    want, _ = self.gdb_vars(None, 1, [], prog=prog, args=["ok"], func=func)
                    got, _ = self.dbgd_vars(None, 1, [], prog=prog, func=func, args=["ok"])
                    self.assertEqual(len(want), 1)
                    self.assertTrue(want[0][0], want)  # it has arguments
                    self.assertEqual(got[0][0], want[0][0])

    def test_a_clang_program_matches_gdb(self):
        # clang writes no .debug_aranges, and libdw 0.188 then finds no unit by address:
        # dbgd had no lines, no locals and no types in a clang program ("frame 0 has no
        # debug information"). Now: the same locals, args and lines as gdb's.
        for mark, frames in (("INNER", 2), ("LEAF", 3)):
            with self.subTest(mark=mark):
                line = self.line_of(mark)
                want, _ = self.gdb_vars(line, frames, [], prog="vars_clang")
                got, _ = self.dbgd_vars(line, frames, [], prog="vars_clang")
                self.assertEqual(len(want), frames)
                self.assertTrue(want[0][1], want)  # it has locals
                self.assertEqual(got, want)
        s = self.spawn("vars_clang", env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="vars.c:%d" % self.line_of("LEAF"))
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(stop["source"]["line"], self.line_of("LEAF"))
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertTrue(all("source" in f for f in frames[:3]), frames[:3])
        self.rpc("close", session=s)
        # every print of the gcc build's test; clang's bit-fields are DWARF 2's
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 1, VARS_PRINTS, prog="vars_clang")
        _, got = self.dbgd_vars(line, 1, VARS_PRINTS, prog="vars_clang")
        self.assertEqual(sorted(want), sorted(VARS_PRINTS))
        self.assertEqual({n: v["value"] for n, v in got.items()}, want)

    def test_an_optimised_away_static_is_optimized_out_as_gdb_says(self):
        # vars_o2's `ratio` (a file-static double -O2 folded away) has a DIE without a
        # place: gdb's <optimized out>, where dbgd said there was no such variable
        # (found by the clang sweep; gcc does the same)
        _, want = self.gdb_vars(self.line_of("INNER"), 1, ["ratio"], prog="vars_o2")
        _, got = self.dbgd_vars(self.line_of("INNER"), 1, ["ratio"], prog="vars_o2")
        self.assertEqual(want, {"ratio": "<optimized out>"})
        self.assertEqual(got["ratio"].get("error"), "optimized out")
        self.assertEqual(got["ratio"]["scope"], "global")

    def test_args_clang_left_out_of_an_inlined_call_match_gdb(self):
        # nextthrough's fill() is inlined at -Og, and clang gives its parameter n no DIE
        # in the inlined instance: gdb lists it from the abstract instance, "optimized
        # out"; dbgd listed no arguments (found by the clang sweep)
        want, _ = self.gdb_vars(None, 1, [], prog="nextthrough", func="fill")
        got, _ = self.dbgd_vars(None, 1, [], prog="nextthrough", func="fill")
        self.assertEqual(want[0][0], [("n", "<optimized out>")])
        self.assertEqual(got[0][0], want[0][0])

    def test_static_members_of_a_clang_program_match_gdb(self):
        # clang++ names a static data member's definition only where it defines it
        # (DW_AT_specification), not in the class: dbgd read them "optimized out"
        # (found by the clang sweep)
        # and a class holding a type declared only (std::string under clang's default
        # -g): gdb's <incomplete type> for it, the rest printed (it was not printed)
        names = ["shapes::Counter::count", "c", "p", "Plain::total",
                 "shapes::Counter::label", "c.own", "n", "n.id"]
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                               "cxxstatic.cc")) as f:
            line = next(i + 1 for i, l in enumerate(f) if "// BREAK" in l) - 1
        _, want = self.gdb_vars(line, 1, names, prog="cxxstatic", src="cxxstatic.cc")
        _, got = self.dbgd_vars(line, 1, names, prog="cxxstatic", src="cxxstatic.cc")
        self.assertEqual(sorted(want), sorted(names))
        self.assertEqual({n: v["value"] for n, v in got.items()}, want)
        self.assertEqual(want["Plain::total"], "-1")
        self.assertEqual(want["n"], "{name = <incomplete type>, id = 3}")

    def test_locals_and_args_match_gdb(self):
        for mark, frames in (("INNER", 2), ("LEAF", 3)):
            with self.subTest(mark=mark):
                line = self.line_of(mark)
                want, _ = self.gdb_vars(line, frames, [])
                got, _ = self.dbgd_vars(line, frames, [])
                self.assertEqual(len(want), frames)
                self.assertEqual(got, want)
        # what the comparison covered (so that an empty gdb answer cannot pass)
        self.assertIn(("buf", '"tag", \'\\000\' <repeats 28 times>'), got[1][1])
        self.assertIn(("m", "M_ON"), got[0][0])
        self.assertEqual([n for n, _ in got[1][1]],
                         ["total", "calls", "buf", "arr", "pp", "local", "flag"])
        # -O2: values in registers and computed by location expressions (depth is
        # ((rsi << 32) == (16 << 30)) + a 4-byte load)
        want, _ = self.gdb_vars(self.line_of("LEAF"), 2, [], "vars_o2")
        got, _ = self.dbgd_vars(self.line_of("LEAF"), 2, [], "vars_o2")
        self.assertEqual(got, want)
        self.assertIn(("depth", "6"), got[0][1])
        # work's pp was optimized away, what it points to was not
        # (DW_OP_implicit_pointer): gdb's <synthetic pointer>, followed by * and ->
        self.assertIn(("pp", "<synthetic pointer>"), got[1][1])
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off",
                              "-ex", "break vars.c:%d" % self.line_of("LEAF"), "-ex", "run",
                              "-ex", "up", "-ex", "print pp", "-ex", "print *pp",
                              "-ex", "print pp->y", fixture("vars_o2")],
                             capture_output=True, text=True, timeout=120).stdout
        s = self.spawn("vars_o2", stop="main")["session"]
        self.rpc("break", session=s, symbol="vars.c:%d" % self.line_of("LEAF"))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual([self.rpc("print", session=s, name=n, frame=1)["value"]
                          for n in ("pp", "*pp", "pp->y")],
                         re.findall(r"^\$\d+ = (.*)$", out, re.M))
        self.rpc("close", session=s)

    def test_print_matches_gdb(self):
        names = VARS_PRINTS
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 1, names)
        _, got = self.dbgd_vars(line, 1, names)
        self.assertEqual(sorted(want), sorted(names))
        self.assertEqual({n: v["value"] for n, v in got.items()}, want)
        self.assertEqual(got["counter"]["scope"], "global")
        self.assertEqual(got["counter"]["address"], hexstr(nm(fixture("vars"), "counter")))
        self.assertEqual((got["p"]["scope"], got["half"]["scope"]), ("argument", "local"))
        self.assertEqual(got["local"]["type"], "struct rec")
        self.assertEqual(got["buf"]["type"], "char [32]")

    def test_print_formats_match_gdb(self):
        # gdb's print/FMT: every number of the value in hex, signed, unsigned, octal,
        # binary or as a character; a float's bits, a pointer's address alone
        names = ["counter", "ratio", "buf", "local", "tag", "flag", "arr", "half", "sq",
                 "i", "&counter", "table_entry", "M_ON"]
        exprs = ["/%s %s" % (f, n) for f in "xduotc" for n in names]
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 0, exprs)
        self.assertEqual(sorted(want), sorted(exprs))
        s = self.spawn("vars", env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="vars.c:%d" % line)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got = {}
        for e in exprs:
            v = self.rpc("print", session=s, name=e.split()[1], format=e[1])
            got[e] = v.get("value", v.get("error"))
        self.assertEqual(got, want)
        self.assertEqual(want["/x ratio"], "0x3fd0000000000000")
        self.assertRpcError(INVALID_PARAMS, "print", session=s, name="counter", format="z")
        # locals take it too
        vals = {v["name"]: v.get("value") for v in
                self.rpc("locals", session=s, format="x")["locals"]}
        self.assertEqual([vals[n] for n in ("half", "sq", "i")],
                         [got["/x " + n] for n in ("half", "sq", "i")])

    def test_cxx_matches_gdb(self):
        # a vtable and a base class in a value, members through this (implicitly too,
        # from the base as well), references, a scoped enum
        for mark, frames, names in (
                ("AREA", 2, ["w_", "h_", "id_", "name_", "this->name_", "*this", "a"]),
                ("BUMP", 2, ["r", "rc", "rc.w_", "rc.name_", "&r", "m",
                             # static members: by qualified name, through an object
                             "geo::Rect::made", "geo::Rect::corners", "rc.made",
                             "&geo::Rect::made", "geo::Rect::made * 10"]),
                # a lambda's operator(), found outside main's code (libdw's scopes
                # had nothing there): its closure, captures and locals
                ("LAMBDA", 2, ["s", "k", "n", "t", "__closure->__n"])):
            with self.subTest(mark=mark):
                line = self.line_of(mark, "varscc.cc")
                want, wprint = self.gdb_vars(line, frames, names, "varscc", src="varscc.cc")
                got, gprint = self.dbgd_vars(line, frames, names, "varscc", src="varscc.cc")
                self.assertEqual(got, want)
                self.assertEqual({n: v.get("value", v.get("error")) for n, v in gprint.items()},
                                 wprint)
                if mark == "BUMP":
                    self.assertIn("<geo::Shape> = {_vptr.Shape = ", wprint["rc"])
                    # static members, from their variable and from a constant
                    self.assertIn("static made = 1, static corners = 4", wprint["rc"])
                if mark == "LAMBDA":  # the closure's captures: n by value, t a reference
                    self.assertEqual((wprint["n"], wprint["s"]), ("8", "25"))

    def test_crash_report_has_the_variables_gdb_shows(self):
        # gdb's `bt full` at the crash: the report's variables of the program's five
        # frames (crash_here ... main), against gdb's info args / info locals there
        want, _ = self.gdb_vars(None, 5, [], "deep")
        s = self.spawn("deep", env={}, env_clear=True)["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertKilled(self.rpc("cont", session=s), "SIGSEGV", 11)
        rep = self.rpc("report", session=s)
        frames = rep["variables"][:5]
        self.assertEqual([f["function"] for f in frames],
                         ["crash_here", "inner", "middle", "outer", "main"])
        got = [tuple([(v["name"], v.get("value", v.get("error"))) for v in f[k]]
                     for k in ("args", "locals")) for f in frames]
        self.assertEqual(got, want)
        self.assertIn(("p", "0x0"), got[0][0])

    def test_frames_in_inlined_code_match_gdb(self):
        # -O2, the crash's pc in code inlined into outer(): the inlined function's frame
        # and the frame of the function it is inlined in both have their variables
        # (dwarf_getscopes goes on from inlined code to the inlined function's abstract
        # definition, not to outer: both frames had none)
        want, _ = self.gdb_vars(None, 2, [], "inlined", src="inlined.c")
        s = self.spawn("inlined", env={}, env_clear=True)["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        got = []
        for f in range(2):
            r = self.rpc("locals", session=s, frame=f)
            got.append(tuple([(v["name"], v.get("value", v.get("error"))) for v in r[k]]
                             for k in ("args", "locals")))
        self.assertEqual(got, want)
        self.assertEqual(want[1][0], [("p", "0x0"), ("v", "1")])
        self.assertEqual(self.rpc("print", session=s, name="v", frame=1)["value"], "1")
        self.assertEqual(self.rpc("print", session=s, name="v", frame=0)["value"], "2")
        rep = self.rpc("report", session=s)
        self.assertEqual([f["function"] for f in rep["variables"][:2]], ["mid", "outer"])
        self.assertEqual([tuple([(v["name"], v.get("value", v.get("error"))) for v in f[k]]
                                for k in ("args", "locals")) for f in rep["variables"][:2]],
                         want)

    def test_optimized_floats_and_pieces_match_gdb(self):
        # -O2 (fixture floats): doubles and floats in xmm registers, DWARF's typed
        # operations (`double d = argc * 1.5` is argc converted, times a typed
        # constant), structs split into registers with a part optimized out, constants
        # kept as implicit values
        def same(got):
            return [tuple([(n, "<optimized out>" if v.startswith("optimized out") else v)
                           for n, v in part] for part in frame) for frame in got]

        names = {"WALKED": ["p", "p.x", "p.y", "m", "m.w", "b.c"],
                 "CFG": ["c", "c.scale", "c.limit", "d", "r"]}
        seen = {}
        for mark, frames in (("LOOP", 2), ("WALK", 1), ("WALKED", 1), ("CFG", 1),
                             ("BITS", 2)):
            with self.subTest(mark=mark):
                line = self.line_of(mark, "floats.c")
                want, wprint = self.gdb_vars(line, frames, names.get(mark, []), "floats",
                                             src="floats.c")
                got, gprint = self.dbgd_vars(line, frames, names.get(mark, []), "floats",
                                             src="floats.c")
                self.assertEqual(same(got), want)
                self.assertEqual({n: v.get("value", "<%s>" % v.get("error"))
                                  for n, v in gprint.items()}, wprint)
                seen[mark] = dict(want[0][0] + want[0][1])
                seen[mark + "-1"] = dict(want[-1][0] + want[-1][1])
        # what the comparison covered
        self.assertEqual(seen["LOOP"]["acc"], "3.375")                 # an xmm register
        self.assertEqual(seen["WALK"]["m"], "{id = 6, w = 3.5}")      # a float piece
        self.assertEqual(seen["WALKED"]["p"], "{x = <optimized out>, y = 14}")
        self.assertEqual(seen["CFG"]["c"], "{scale = 0.75, limit = 100}")  # implicit
        self.assertEqual(seen["CFG"]["d"], "1.5")                      # typed arithmetic
        self.assertEqual(seen["LOOP-1"]["argc"], "1")  # main's, in rbx over the call
        # main's d in xmm0 over the call of count_bits, which returns an int
        self.assertEqual(seen["BITS-1"]["d"], "12.75")
        # a float parameter known by its value at entry: the caller passed a constant
        # (DW_OP_entry_value of xmm1, DW_OP_const_type at the call site)
        want, _ = self.gdb_vars(self.line_of("SINK", "floats.c"), 2, [], "floats",
                                src="floats.c")
        got, _ = self.dbgd_vars(self.line_of("SINK", "floats.c"), 2, [], "floats",
                                src="floats.c")
        self.assertIn(("f", "2.25"), want[1][0])
        self.assertIn(("f", "2.25"), got[1][0])
        # walk, which called sink: p is in rcx and rdx, m.w in xmm0, over the call
        # (gcc knows sink leaves them alone, -fipa-ra): gdb takes them as sink left
        # them, and so does dbgd where the location says so at the return address too
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off",
                              "-ex", "break sink", "-ex", "run", "-ex", "continue 3",
                              "-ex", "up", "-ex", "info locals", fixture("floats")],
                             capture_output=True, text=True, timeout=120).stdout
        want = re.findall(r"^(\w+) = (.*)$", out, re.M)
        s = self.spawn("floats", stop="main")["session"]
        self.rpc("break", session=s, symbol="sink")
        for _ in range(4):  # sink's callers: scale, main twice, then walk
            self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        st = self.rpc("locals", session=s, frame=1)
        self.assertEqual(st["function"], "walk")
        self.assertEqual([(v["name"], v.get("value", v.get("error"))) for v in st["locals"]],
                         want)
        self.assertIn(("p", "{x = 5, y = 10}"), want)
        self.rpc("close", session=s)

    def test_std_containers_as_gdbs_pretty_printers(self):
        # libstdc++'s std::string, vector, map, set, unique_ptr, shared_ptr, list,
        # unordered_map and _set, deque, optional and tuple as gdb shows them (its pretty
        # printers, loaded from libstdc++'s auto-load script):
        # empty, short, long and repeated strings, vectors of numbers, strings and
        # structs, more than 200 elements, maps in order, references to them as
        # arguments; [] of a vector and * of a smart pointer as gdb's xmethods
        want, _ = self.gdb_vars(self.line_of("WEIGH", "stdcc.cc"), 2, [], "stdcc",
                                src="stdcc.cc")
        got, _ = self.dbgd_vars(self.line_of("WEIGH", "stdcc.cc"), 2, [], "stdcc",
                                src="stdcc.cc")
        self.assertEqual(got[0][0], want[0][0])  # (w is not set yet: stack garbage)
        self.assertEqual(got[1], want[1])
        self.assertIn(("s", '"hello world"'), got[0][0])
        self.assertIn(("words", "std::vector of length 3, capacity 3 = "
                                '{"a", "bb", \'z\' <repeats 20 times>}'), got[1][1])
        self.assertTrue(dict(got[1][1])["big"].endswith("7...}"))
        names = ["name", "nums", "nums[3]", "people[1].name", "p.scores[1]", "words[2]",
                 "p", "&name", "ages", "byid", "nomap", "primes", "up", "*up", "nup", "sp",
                 "*sp", "nsp", "li", "noli", "um", "us", "dq", "longdq", "op", "nop", "tu",
                 "notu", "bits", "wide", "wrep", "u16", "u32", "warr", "wptr", "*wptr",
                 "fwd", "nofwd"]
        _, want = self.gdb_vars(self.line_of("MAIN", "stdcc.cc"), 0, names, "stdcc",
                                src="stdcc.cc")
        _, got = self.dbgd_vars(self.line_of("MAIN", "stdcc.cc"), 0, names, "stdcc",
                                src="stdcc.cc")
        self.assertEqual(sorted(want), sorted(names))
        self.assertEqual({n: v.get("value", v.get("error")) for n, v in got.items()}, want)

    def test_entry_values_from_the_callers_call_site(self):
        # -O2: dead after a call, a parameter is only its value at entry
        # (DW_OP_entry_value), which the caller's call site gives (DW_AT_call_value),
        # evaluated in the caller's frame; gdb shows x@entry=9 there
        def args(s, frame):
            return {v["name"]: v.get("value", v.get("error"))
                    for v in self.rpc("locals", session=s, frame=frame)["args"]}

        want, _ = self.gdb_vars(None, 2, [], "entryvals", src="entryvals.c")
        self.assertIn(("x", "9"), want[1][0])
        s = self.spawn("entryvals", env={}, env_clear=True)["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(args(s, 1)["x"], "9")
        self.assertEqual(self.rpc("print", session=s, name="x", frame=1)["value"], "9")
        # main's own, from libc's indirect call whose target is main (gdb stops at main)
        self.assertEqual(args(s, 2)["argc"], "1")
        # a chain: f's x = h's k * 3, k = main's argc + 4, argc from libc's call
        s = self.spawn("entryvals", "h")["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual((args(s, 1)["x"], args(s, 2)["k"]), ("18", "6"))
        # t2 reached by a tail call from t1: main's call site is t1's, not t2's
        s = self.spawn("entryvals", "tail")["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")
        bt = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual([f["function"] for f in bt[:4]], ["boom", "t2", "t1", "main"])
        self.assertNotEqual(args(s, 1)["z"], "7")

    def test_finish_passes_tail_call_frames(self):
        # -O2 tailsteps: outer2 calls hop1, which jumps to hop2, which jumps to end2.
        # The backtrace in end2 has hop2 and hop1 as tail-call frames, as gdb's; finish
        # returns to outer2, where end2's ret goes (gdb skips tail-call frames too), and
        # gives the value gdb prints
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break end2", "-ex", "run",
                              "-ex", "finish", "-ex", "p/x $pc", fixture("tailsteps")],
                             capture_output=True, text=True, timeout=120).stdout
        value = re.search(r"^Value returned is \$\d+ = (.*)$", out, re.M).group(1)
        pc = int(re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", out, re.M)[-1], 16)
        s = self.spawn("tailsteps", stop="main")["session"]
        self.rpc("break", session=s, symbol="end2")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        bt = self.rpc("backtrace", session=s)["frames"][:5]
        self.assertEqual([(f["function"], f.get("tailcall", False)) for f in bt],
                         [("end2", False), ("hop2", True), ("hop1", True), ("outer2", False),
                          ("main", False)])
        stop = self.assertStopped(self.rpc("finish", session=s), "finish")
        self.assertEqual((hexint(stop["pc"]), stop["returned"]["value"]), (pc, value))
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_a_clone_is_named_as_its_function(self):
        # -O2: gcc runs isort and crc32 as copies with a constant argument
        # (isort.constprop.0). gdb's bt names the function (its DWARF name), eu-stack
        # the ELF symbol: `function` is gdb's, `symbol` and `linkage_name` the ELF's
        path = fixture("optim_O2")
        for func in ("isort", "crc32"):
            out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break " + func, "-ex", "run",
                                  "-ex", "bt", "--args", path, "2"],
                                 capture_output=True, text=True, timeout=120).stdout
            want = re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\w+) \(", out, re.M)
            self.assertEqual(want[:2], [func, "main"])
            s = self.spawn("optim_O2", "2", stop="main")["session"]
            self.rpc("break", session=s, symbol=func + ".constprop.0")
            self.assertStopped(self.rpc("cont", session=s), "breakpoint")
            top = self.rpc("backtrace", session=s)["frames"][:2]
            self.assertEqual([f["function"] for f in top], want[:2])
            self.assertEqual(top[0]["linkage_name"], func + ".constprop.0")
            self.assertTrue(top[0]["symbol"].startswith(func + ".constprop.0"), top[0])
            self.assertNotIn("linkage_name", top[1])
            self.rpc("close", session=s)

    def test_tail_calls_are_frames_as_gdb_shows_them(self):
        # -O2: t1 jumps to t2 (its frame is gone); c1 jumps to c2, which jumps to c3.
        # The call sites' DWARF says so (DW_AT_call_tail_call), and gdb shows each
        # function jumped from as a frame at the address after its jump: the same
        # frames, pcs and lines here
        for mode, names in (("tail", ["boom", "t2", "t1", "main"]),
                            ("chain", ["boom", "c3", "c2", "c1", "main"])):
            n = len(names)
            path = fixture("entryvals")
            cmds = ["run"] + sum([["frame %d" % k, "p/x $pc", "p/x $sp"] for k in range(n)], [])
            want = dbgd.gdb_values(path, [mode], {}, cmds)
            self.assertEqual(len(want), 2 * n)
            s = self.spawn("entryvals", mode, env={}, env_clear=True)["session"]
            self.assertStopped(self.rpc("cont", session=s), "signal")
            bt = self.rpc("backtrace", session=s)["frames"][:n]
            self.assertEqual([f["function"] for f in bt], names)
            self.assertEqual([hexint(f["pc"]) for f in bt], want[0::2])
            # $sp in a tail call frame: its caller's, less the return address its
            # call pushed (gdb's "tail call frame, caller of frame at" the callee's CFA)
            self.assertEqual([hexint(f["sp"]) for f in bt], want[1::2])
            self.assertEqual(hexint(bt[2]["sp"]), hexint(bt[n - 1]["sp"]) - 8)
            self.assertEqual([k for k, f in enumerate(bt) if f.get("tailcall")],
                             list(range(2, n - 1)))
            # a tail call frame's variables: the entry values its caller's call site
            # gives (gdb: c1's z@entry=5), not its callee's
            if mode == "chain":
                got = {v["name"]: v.get("value", v.get("error"))
                       for v in self.rpc("locals", session=s, frame=3)["args"]}
                self.assertEqual(got["z"], "5")
                self.assertEqual(self.rpc("print", session=s, name="z", frame=1)["value"],
                                 "11")

    def test_tail_call_through_the_plt_as_gdb_shows_it(self):
        # -O2: release() is `jmp free@plt`; the second free aborts. gdb shows release
        # between libc's free and main (main's call site names release, whose tail call
        # site names free, a function of libc): the same frames from free down to main,
        # at the same pcs
        path = fixture("tailplt")
        text = run_gdb(path, [], ["bt"])
        want = [(int(m.group(1)), int(m.group(2), 16), m.group(3)) for m in
                re.finditer(r"^#(\d+)\s+(0x[0-9a-f]+) in (\S+) \(", text, re.M)]
        self.assertEqual([w[2] for w in want[-3:]], ["__GI___libc_free", "release", "main"],
                         text)
        # (`frame function release` finds no tail call frame: by level)
        text = run_gdb(path, [], sum([["frame %d" % w[0], "p/x $sp"] for w in want[-2:]], []))
        sps = [int(x, 16) for x in re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", text, re.M)]
        s, _ = self.run_to_signal("tailplt", env={}, env_clear=True, sig="SIGABRT")
        bt = self.rpc("backtrace", session=s)["frames"]
        k = [f["function"] for f in bt].index("main")
        got = bt[k - 2:k + 1]
        self.assertEqual([hexint(f["pc"]) for f in got], [w[1] for w in want[-3:]])
        # (libc's free has the aliases free, __libc_free and __GI___libc_free: gdb
        # names it by its DWARF's linkage name, as dbgd; its symbol is the global one)
        self.assertEqual([f["function"] for f in got], ["__GI___libc_free", "release", "main"])
        self.assertEqual(elf_name(got[0]), "free")
        self.assertEqual([bool(f.get("tailcall")) for f in got], [False, True, False])
        # main's sp is gdb's; release's is main's less the return address its call
        # pushed, as in the tail call test above (gdb 13 gives main's here: the callee's
        # entry is in a relocated module, as in a PIE program; see program.md)
        self.assertEqual(len(sps), 2, text)
        self.assertEqual(hexint(got[2]["sp"]), sps[1])
        self.assertEqual(hexint(got[1]["sp"]), sps[1] - 8)
        rel = elf_funcs(path)["release"]
        self.assertEqual(hexint(got[1]["pc"]), rel[0] + rel[1])  # after its jmp
        self.assertEqual(got[1]["source"]["line"], self.line_of("RELEASE", "tailplt.c"))

    def test_tail_call_to_an_ifunc_through_the_plt(self):
        # measure() is `jmp strlen@plt`, bound to the implementation the IFUNC chose
        # (__strlen_evex, _avx2...): its call site names strlen, found as `break strlen`
        # finds it, at the implementation. gdb 13 takes strlen for its resolver and
        # shows no frame for measure; dbgd shows it
        s, _ = self.run_to_signal("tailplt", "strlen", env={}, env_clear=True)
        bt = self.rpc("backtrace", session=s)["frames"]
        self.assertTrue(bt[0]["function"].startswith("__strlen_"), bt[0])
        self.assertEqual([f["function"] for f in bt[1:3]], ["measure", "main"])
        self.assertTrue(bt[1].get("tailcall"))
        m = elf_funcs(fixture("tailplt"))["measure"]
        self.assertEqual(hexint(bt[1]["pc"]), m[0] + m[1])

    def test_arithmetic_matches_gdb(self):
        # print with C's operators, as gdb evaluates them: integer promotions and
        # conversions, floats, chars, bools, enumerators, comparisons and logic, over
        # variables with their paths
        exprs = ["counter + 1", "counter * 2 - 3", "counter / 2", "counter % 4",
                 "-counter", "ratio * 4", "counter + ratio", "half * 2", "sq + i * 10",
                 "arr[1] + arr[2]", "local.at.x * local.at.y", "pp->x + pp->y", "flag + 1",
                 "!flag", "counter == 7", "counter > 10", "counter != 7 && flag",
                 "counter << 3", "-1 >> 1", "10 / 3.0", "7 / 2", "'a'", "'a' + 1",
                 "0x10 + 010", "3000000000", "2147483647 + 1", "-5 % 3", "1.5f * 2",
                 "~counter", "(counter + 1) * (counter - 1)", "M_ON + 1", "M_ON == 1",
                 "1.0 / 0", "buf[0] + 1", "local.w[0] * 2", "arr[i] * arr[i + 1]",
                 # casts to C's arithmetic types
                 "(char)65", "(unsigned char)-1", "(int)ratio", "(double)counter / 2",
                 "(unsigned)-1", "(short)70000", "(long)counter * 3000000000",
                 "(_Bool)counter", "(float)1 / 3", "(unsigned long long)-1"]
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 0, exprs)
        self.assertEqual(sorted(want), sorted(exprs))
        _, got = self.dbgd_vars(line, 0, exprs)
        self.assertEqual({e: v.get("value", v.get("error")) for e, v in got.items()}, want)
        self.assertEqual((got["10 / 3.0"]["type"], got["counter == 7"]["type"]),
                         ("double", "int"))
        # gdb's /x of an expression; errors say why, the daemon stays up
        s = self.spawn("vars", stop="main")["session"]
        self.rpc("break", session=s, symbol="vars.c:%d" % line)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(self.rpc("print", session=s, name="counter * 2",
                                  format="x")["value"], "0xe")
        for e, why in (("counter / 0", "Division by zero"),
                       ("ratio % 2", "an integer-only operation on a floating-point value"),
                       ("local + 1", "Argument to arithmetic operation not a number or "
                                     "boolean."),
                       ("*(counter + 1)", "Attempt to take contents of a non-pointer "
                                          "value."),
                       ("(nosuch *)pp", "no type \"nosuch\" in the program's debug "
                                        "information"),
                       ("(struct nosuch *)pp", "no type \"struct nosuch\" in the "
                                               "program's debug information"),
                       ("(nosuch)pp", "no type named \"nosuch\" in the program"),
                       ("(counter + 1)@2", "Only values in memory can be extended with "
                                           "'@'."),
                       ("*(int *)0", "Cannot access memory at address 0x0"),
                       ("pp * 2", "Argument to arithmetic operation not a number or "
                                  "boolean."),
                       ("nosuch + 1", "no variable \"nosuch\" in the frame, its file or "
                                      "the program's globals")):
            self.assertEqual(self.rpc("print", session=s, name=e)["error"], why, e)
        # not such an expression: the request's fault
        err = self.assertRpcError(INVALID_PARAMS, "print", session=s, name="counter = 3")
        self.assertIn("an operator print does not evaluate", str(err))
        self.assertEqual(self.rpc("print", session=s, name="counter")["value"], "7")

    def test_pointers_casts_and_sizeof_match_gdb(self):
        # pointer arithmetic with C's scaling, * and & of any expression, members after
        # parentheses, casts to the program's types, sizeof, @ and the ternary, as gdb
        # evaluates them (fixture vars, at INNER: pp points to p, arr an int [4])
        exprs = [  # 1. pointer arithmetic and comparisons
                 "pp + 1", "pp - 2", "1 + pp", "arr + 1", "1 + arr", "&arr[3] - &arr[0]",
                 "&arr[3] - arr", "pp - pp", "pp == &p", "pp != 0", "pp < pp + 1", "!pp",
                 "!tag", "tag + 1", "greeting + 1", "local.name + 1", "&counter",
                 "&counter + 1", "&table_entry.at", "&local", "&local.name", "&arr",
                 # 2. dereference of any pointer-valued expression
                 "*(arr + 2)", "*(arr+1) + 1", "*pp", "*(pp)", "(*pp).x", "*&counter",
                 "&*pp", "&arr[1]", "(&p)->x", "(&local)->at", "(pp)->y", "(arr)[1]",
                 "*tag", "*(greeting + 1)", "(&local)->at.y", "(*(&local)).w[1]",
                 # 3. casts to pointer and other types
                 "(char *)buf", "*(int *)&local", "(long)pp", "(unsigned char *)pp",
                 "(struct pt *)&local.at", "(struct pt *)tag", "(enum mode)4",
                 "(enum mode)counter", "(long double)ratio", "(long double)counter",
                 "(void *)pp", "(int *)0", "(int *)counter", "(struct pt)p",
                 "((struct pt *)&local.at)->y", "(long)&arr[1] - (long)arr",
                 # 4. sizeof, an unsigned long
                 "sizeof(counter)", "sizeof counter", "sizeof(int)", "sizeof(struct pt)",
                 "sizeof(local)", "sizeof(arr)", "sizeof arr[1]",
                 "sizeof(buf) / sizeof(buf[0])", "sizeof(pp)", "sizeof(*pp)",
                 "sizeof(double)", "sizeof(long double)", "sizeof(char)",
                 "sizeof(unsigned long)", "sizeof(struct rec)", "sizeof(enum mode)",
                 "sizeof (counter + 1)",
                 # 5. gdb's artificial arrays, the ternary
                 "*arr@3", "arr[1]@2", "*(arr + 1)@2", "counter > 3 ? counter : 0",
                 "flag ? ratio : 2", "counter > 100 ? 1 : 2"]
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 0, exprs)
        self.assertEqual(sorted(want), sorted(exprs))
        _, got = self.dbgd_vars(line, 0, exprs)
        self.assertEqual({e: v.get("value", v.get("error")) for e, v in got.items()}, want)
        self.assertEqual([got[e]["type"] for e in ("pp + 1", "&arr[3] - arr", "sizeof(int)",
                                                    "(char *)buf", "*arr@3")],
                         ["struct pt *", "long", "unsigned long", "char *", "int [3]"])

    def test_array_rows_match_gdb(self):
        # rows of a multi-dimensional array as values and pointers (fixture vars, grid2
        # an int [3][4]): it decays to an int (*)[4], a row to an int *
        exprs = ["grid2 + 1", "1 + grid2", "*grid2", "grid2[1]", "&grid2[1]", "*(grid2 + 1)",
                 "*(grid2 + 1) + 2", "*(*(grid2 + 1) + 2)", "grid2[1] + 1", "*grid2[2]",
                 "(grid2 + 1)[1]", "&grid2[2] - grid2", "grid2 + 1 == &grid2[1]",
                 "sizeof(*grid2)", "sizeof(grid2[1])", "sizeof(grid2 + 1)", "&*grid2",
                 "(*grid2)[3]", "*&grid2[1]", "grid2 + 2 - 1", "&grid2", "*&grid2",
                 "grid2[1][2]", "*grid2@2", "grid2[0]@2", "*(grid2 + 1)@2", "!grid2",
                 "grid2 == 0", "(int *)grid2", "(long)(grid2 + 1)", "flag ? grid2 : grid2"]
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 0, exprs)
        self.assertEqual(sorted(want), sorted(exprs))
        _, got = self.dbgd_vars(line, 0, exprs)
        self.assertEqual({e: v.get("value", v.get("error")) for e, v in got.items()}, want)
        self.assertEqual(want["*(grid2 + 1)"], "{10, 11, 12, 13}")
        self.assertEqual([got[e]["type"] for e in ("grid2 + 1", "*grid2", "grid2[1] + 1",
                                                    "*grid2@2")],
                         ["int (*)[4]", "int [4]", "int *", "int [2][4]"])

    def test_long_double_arithmetic_matches_gdb(self):
        # long double arithmetic in the x87's 80 bits, not through double: 21 significant
        # digits as gdb prints them; conversions to and from float and double, NaNs,
        # infinities, a mixed ternary (fixture printkinds: ld = 1.0L / 3.0L)
        src, prog = "printkinds.c", "printkinds"
        exprs = ["ld * 2", "-ld", "ld == ld", "ld + 1", "ld / 3", "ld * 3 == 1", "(float)ld",
                 "(double)ld", "(long double)u8 / 3", "ld - g_third", "ld > 0.333",
                 "g_third * 2", "(int)(ld * 30)", "ld + us", "ld * 2 + 1.5f",
                 "(long double)1 / 3", "ld * 3", "ld != (double)ld", "(double)ld * 3",
                 "ldneg0 * 2", "ldnan + 1", "ldnan == ldnan", "-ldneg0", "ld / 0",
                 "ld < g_third", "(long double)1e300 * 1e300", "(float)1 / 3",
                 "u8 ? ld : 2"]
        line = self.line_of("KINDS", src)
        _, want = self.gdb_vars(line, 0, exprs, prog=prog, src=src)
        self.assertEqual(sorted(want), sorted(exprs))
        _, got = self.dbgd_vars(line, 0, exprs, prog=prog, src=src)
        self.assertEqual({e: v.get("value", v.get("error")) for e, v in got.items()}, want)
        self.assertEqual((want["ld * 2"], want["ld != (double)ld"]),
                         ("0.666666666666666666685", "1"))
        self.assertEqual([got[e]["type"] for e in ("-ld", "(float)ld", "ld * 2 + 1.5f")],
                         ["long double", "float", "long double"])

    def test_mixed_ternary_matches_gdb(self):
        # gdb 13 evaluates the chosen branch only and keeps its type: no usual
        # arithmetic conversion of the two branches (C's would make flag ? 2 : ratio
        # the double 2); sizeof and a division show the type (fixture vars, flag true)
        exprs = ["flag ? 2 : ratio", "!flag ? 2 : ratio", "counter ? 1 : 2.5f",
                 "flag ? 1 : 2L", "flag ? 1u : -1", "flag ? -1 : 1u", "flag ? 'a' : 1",
                 "flag ? (char)1 : (short)2", "1 ? 2 : 3.0", "0 ? 2 : 3.0",
                 "flag ? counter : ratio", "flag ? 3000000000 : 1", "!flag ? 3000000000 : 1",
                 "flag ? 1.5f : 2.0", "flag ? 1 : (long double)2", "flag ? 0 : pp",
                 "sizeof(flag ? 2 : ratio)", "sizeof(!flag ? 2 : ratio)",
                 "sizeof(flag ? 1 : 2L)", "sizeof(flag ? (char)1 : (short)2)",
                 "(flag ? 1 : 2.5) / 2", "(!flag ? 1 : 2.5) / 2", "(flag ? -1 : 1u) < 0"]
        line = self.line_of("INNER")
        _, want = self.gdb_vars(line, 0, exprs)
        self.assertEqual(sorted(want), sorted(exprs))
        _, got = self.dbgd_vars(line, 0, exprs)
        self.assertEqual({e: v.get("value", v.get("error")) for e, v in got.items()}, want)
        # gdb's whatis of the same
        self.assertEqual([got[e]["type"] for e in ("flag ? 2 : ratio", "!flag ? 2 : ratio",
                                                    "flag ? 1u : -1", "flag ? 1.5f : 2.0")],
                         ["int", "double", "unsigned int", "float"])

    def test_registers_match_gdb(self):
        # gdb's registers in print: $pc a `void (*)()` with its symbol, $sp and $fp
        # `void *`, $rax an int64_t, $eax an int32_t, $al an int8_t, $eflags its flags;
        # in expressions too (untyped pointers count bytes); outer frames' unwound pc, sp,
        # fp and callee-saved registers
        regs = ["$pc", "$rip", "$sp", "$fp", "$rsp", "$rbp", "$rax", "$rdi", "$eax",
                "$al", "$rbx", "$r12", "$eflags", "$cs", "$fs_base"]
        exprs = regs + ["/x $rax", "/x $sp", "/x $eflags", "/d $pc", "$rdi == 3",
                        "$sp + 8", "8 + $sp", "$pc + 4", "$sp - 16", "$rsp - $rbp",
                        "$rax * 2 + 1", "$sp == $rsp", "(long)$sp", "$rax + 1.5"]
        outer = ["$pc", "$sp", "$fp", "$rbx", "$rbp", "$pc - 1"]
        line = self.line_of("LEAF")
        for prog in ("vars", "vars_o2"):
            with self.subTest(prog=prog):
                script = ["set pagination off", "set startup-with-shell off",
                          "unset environment", "break vars.c:%d" % line, "run"]
                for e in exprs:
                    script += ["echo @@0 %s\\n" % e, "print" + (e if e[0] == "/" else " " + e)]
                for f in (1, 2):
                    script += ["frame %d" % f]
                    script += [x for e in outer for x in ("echo @@%d %s\\n" % (f, e),
                                                          "print " + e)]
                out = subprocess.run(["gdb", "-batch", "-nx"] + [a for l in script
                                                                 for a in ("-ex", l)] +
                                     [fixture(prog)], capture_output=True, text=True,
                                     timeout=120).stdout
                want, cur = {}, None
                for l in out.splitlines():
                    if l.startswith("@@"):
                        cur = l[2:]
                    elif cur and re.match(r"^\$\d+ = ", l):
                        want[cur] = l.split(" = ", 1)[1]
                self.assertEqual(len(want), len(exprs) + 2 * len(outer), out)
                s = self.spawn(prog, env={}, env_clear=True, stop="main")["session"]
                self.rpc("break", session=s, symbol="vars.c:%d" % line)
                self.assertStopped(self.rpc("cont", session=s), "breakpoint")
                got = {}
                for e in exprs:
                    fmt = e[1] if e[0] == "/" else None
                    v = self.rpc("print", session=s, name=e.split()[1] if fmt else e,
                                 **({"format": fmt} if fmt else {}))
                    got["0 " + e] = v.get("value", v.get("error"))
                for f in (1, 2):
                    for e in outer:
                        v = self.rpc("print", session=s, name=e, frame=f)
                        got["%d %s" % (f, e)] = v.get("value", v.get("error"))
                self.assertEqual(got, want)
                v = self.rpc("print", session=s, name="$rax")
                self.assertEqual((v["type"], v["scope"]), ("int64_t", "register"))
                self.assertEqual(self.rpc("print", session=s, name="$sp + 8")["type"],
                                 "void *")
                # what dbgd does not know says so; what is not a register too
                self.assertIn("not known in frame 1",
                              self.rpc("print", session=s, name="$rax", frame=1)["error"])
                self.assertIn("no register $nosuch",
                              self.rpc("print", session=s, name="$nosuch")["error"])
                self.assertEqual(self.rpc("print", session=s, name="$sp * 2")["error"],
                                 "Argument to arithmetic operation not a number or "
                                 "boolean.")
                self.rpc("close", session=s)

    def test_print_kinds_match_gdb(self):
        # long double NaNs with their whole mantissa, /x of a long double's 80 bits,
        # __int128 in decimal and /x, _Complex values, C's wchar_t (a typedef of int),
        # restrict pointers, a flexible array member (its address), /c of unsigned types
        src, prog = "printkinds.c", "printkinds"
        line = self.line_of("KINDS", src)
        names = ["ld", "ldnan", "ldneg0", "nld", "nld.ld", "g_third", "i128", "u128",
                 "small", "g_u128", "dc", "fc", "ldc", "wc", "ws", "ubuf", "u8", "us",
                 "*fl", "fl->data", "rp", "*rp", "&rp", "&i128", "&dc"]
        fmts = ["/x ld", "/x ldnan", "/x ldneg0", "/x g_third", "/d ld", "/o ld",
                "/x i128", "/x u128", "/d u128", "/u i128", "/o u128", "/t small",
                "/x dc", "/x fc", "/x ldc", "/c ubuf", "/c u8", "/c us", "/x wc", "/x ws",
                "/c wc", "/x ubuf", "/d u8"]
        want_frames, want = self.gdb_vars(line, 1, names + fmts, prog=prog, src=src)
        self.assertEqual(sorted(want), sorted(names + fmts))
        got_frames, got = self.dbgd_vars(line, 1, names, prog=prog, src=src)
        self.assertEqual(got_frames, want_frames)
        self.assertEqual({n: v.get("value", v.get("error")) for n, v in got.items()},
                         {n: want[n] for n in names})
        s = self.spawn(prog, env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="%s:%d" % (src, line))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        gotf = {}
        for e in fmts:
            v = self.rpc("print", session=s, name=e.split()[1], format=e[1])
            gotf[e] = v.get("value", v.get("error"))
        self.assertEqual(gotf, {e: want[e] for e in fmts})
        types = {v["name"]: v["type"] for v in self.rpc("locals", session=s)["locals"]}
        self.assertEqual((types["rp"], types["i128"], types["dc"]),
                         ("int * restrict", "__int128", "complex double"))
        self.rpc("close", session=s)
        # what these look like, so that an empty comparison cannot pass
        # (gdb's /x of a long double is its 16 bytes: the 80 bits, and above them its
        # padding, which is what the stack had there, often but not always zeros)
        self.assertRegex(want["/x ld"], r"^0x[0-9a-f]{0,12}3ffdaaaaaaaaaaaaaaab$")
        self.assertEqual((want["ldnan"], want["nld.ld"], want["dc"],
                          want["ldc"], want["wc"], want["/c ubuf"]),
                         ("nan(0xc000000000000000)", "-nan(0xc000000000000000)",
                          "1.5 + 2.5i", "3 + -4i", "90 L'Z'",
                          "{0 '\\000', 65 'A', 255 '\\377', 10 '\\n'}"))
        # restrict parameters of a function
        line = self.line_of("RESTRICT", src)
        want_frames, _ = self.gdb_vars(line, 2, [], prog=prog, src=src)
        got_frames, _ = self.dbgd_vars(line, 2, [], prog=prog, src=src)
        self.assertEqual(got_frames, want_frames)

    def test_cxx_type_names_match_gdb(self):
        # the `type` of locals as gdb's whatis/r spells it (no type printers), however
        # long: std::map<std::string, int>'s is 300 characters (cut at 255 before);
        # a template argument "const T" is gdb's "T const"
        line = self.line_of("MAIN", "stdcc.cc")
        s = self.spawn("stdcc", env={}, env_clear=True, stop="main")["session"]
        self.rpc("break", session=s, symbol="stdcc.cc:%d" % line)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got = {v["name"]: v["type"] for v in self.rpc("locals", session=s)["locals"]}
        ptr = self.rpc("print", session=s, name="&ages")
        self.rpc("close", session=s)
        script = ["set startup-with-shell off", "break stdcc.cc:%d" % line, "run"]
        for n in got:
            script += ["echo @@%s\\n" % n, "whatis/r %s" % n]
        script += ["echo @@&ages\\n", "print &ages"]
        out = subprocess.run(["gdb", "-batch", "-nx"] + [a for l in script for a in ("-ex", l)]
                             + [fixture("stdcc")], capture_output=True, text=True,
                             timeout=120).stdout
        want, cur = {}, None
        for l in out.splitlines():
            if l.startswith("@@"):
                cur = l[2:]
            elif cur and l.startswith("type = "):
                want[cur] = l[7:]
            elif cur and re.match(r"^\$\d+ = ", l):
                want[cur] = l.split(" = ", 1)[1]
        self.assertEqual(got, {n: want[n] for n in got})
        self.assertGreater(len(got["ages"]), 255)
        self.assertEqual(ptr["value"].split(")")[0], want["&ages"].split(")")[0])

    def test_thread_local_variables_match_gdb(self):
        # __thread variables of the executable, in the thread that stopped: module 1 of
        # glibc's DTV, found through the thread's fs_base (gdb asks libthread_db)
        src, prog = "tlsvars.c", "tlsvars"
        line = self.line_of("TLS", src)
        names = ["tval", "tdouble", "tbuf", "tptr", "*tptr", "&tval", "&tbuf[1]",
                 "tval * 2 + 1", "tbuf[0]"]
        want_frames, want = self.gdb_vars(line, 1, names, prog=prog, src=src)
        self.assertEqual(sorted(want), sorted(names))
        got_frames, got = self.dbgd_vars(line, 1, names, prog=prog, src=src)
        self.assertEqual(got_frames, want_frames)
        self.assertEqual({n: v.get("value", v.get("error")) for n, v in got.items()}, want)
        self.assertEqual((want["tval"], want["tbuf"]), ("30", '"tls\\000\\000\\000\\000"'))
        self.assertIn(("calls", "1"), got_frames[0][1])  # a function's static __thread

    def test_library_thread_local_variables_match_gdb(self):
        # a shared library's __thread variable (libtlslib's lib_counter) and libc's
        # errno: their modules' ids read from glibc's link_map (l_tls_modid), in the
        # main thread and in a second one, where they hold other values
        src, prog = "tlsuse.c", "tlsuse"
        names = ["lib_counter", "lib_counter * 2", "errno", "&lib_counter == &lib_counter"]
        seen = []
        for mark in ("MAINTLS", "LIBTLS"):
            with self.subTest(mark=mark):
                line = self.line_of(mark, src)
                _, want = self.gdb_vars(line, 0, names, prog=prog, src=src)
                self.assertEqual(sorted(want), sorted(names))
                _, got = self.dbgd_vars(line, 0, names, prog=prog, src=src)
                self.assertEqual({n: v.get("value", v.get("error")) for n, v in got.items()},
                                 want)
                seen.append((want["lib_counter"], want["errno"]))
        self.assertEqual(seen, [("102", "11"), ("130", "34")])

    def test_dlopened_thread_local_variable(self):
        # a dlopen'ed library's __thread variable has no block in a thread that has not
        # used it yet (gdb: "The inferior has not yet allocated storage for
        # thread-local variables in the shared library"); once used, its value as gdb's
        src, prog = "tlsdl.c", "tlsdl"
        lib = os.path.join(os.path.dirname(fixture(prog)), "libtlslib.so")
        _, got = self.dbgd_vars(self.line_of("DLOPENED", src), 0, ["lib_counter"],
                                prog=prog, src=src, args=[lib])
        self.assertIn("not allocated", got["lib_counter"].get("error", ""), got)
        line = self.line_of("BUMPED", src)
        _, want = self.gdb_vars(line, 0, ["lib_counter"], prog=prog, src=src, args=[lib])
        _, got = self.dbgd_vars(line, 0, ["lib_counter"], prog=prog, src=src, args=[lib])
        self.assertEqual(want, {"lib_counter": "101"})
        self.assertEqual(got["lib_counter"].get("value", got["lib_counter"].get("error")),
                         want["lib_counter"])

    def test_index_variable_errors(self):
        # an index held in a variable must be an integer (or bool, or char) there
        line = self.line_of("INNER")
        s = self.spawn("vars", stop="main")["session"]
        self.rpc("break", session=s, symbol="vars.c:%d" % line)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        for idx, why in (("tag", "the index is not an integer"),
                         ("ratio", "the index is not an integer"),
                         ("ratio * 2", "the index is not an integer"),
                         ("nosuch", "no variable \"nosuch\" in the frame, its file or the "
                                    "program's globals")):
            self.assertEqual(self.rpc("print", session=s, name="arr[%s]" % idx)["error"],
                             why, idx)
        self.assertEqual(self.rpc("print", session=s, name="arr[i]")["value"], "2")

    def test_errors(self):
        s = self.spawn("vars", stop="main")["session"]
        self.assertRpcError(NO_SYMBOL, "print", session=s, name="no_such_variable")
        self.assertRpcError(INVALID_PARAMS, "locals", session=s, frame=500)
        self.assertRpcError(INVALID_PARAMS, "print", session=s)
        st = self.rpc("locals", session=s)
        self.assertEqual((st["function"], [a["name"] for a in st["args"]]),
                         ("main", ["argc", "argv"]))
        self.assertRpcError(INVALID_PARAMS, "print", session=s, name="argc +")
        self.assertRpcError(INVALID_PARAMS, "print", session=s, name="argc = 1")
        self.assertRpcError(INVALID_PARAMS, "print", session=s, name="argv[")
        self.rpc("break", session=s, symbol="vars.c:%d" % self.line_of("MAIN"))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")  # argv is stored
        v = self.rpc("print", session=s, name="argv[0]")
        self.assertEqual((v["type"], v["value"].split(" ", 1)[1]),
                         ("char *", '"%s"' % fixture("vars")))
        self.assertEqual(self.rpc("print", session=s, name="argc.x")["error"],
                         "a member of something that is not a struct or union")
        self.assertEqual(self.rpc("print", session=s, name="p.z")["error"], "no such member")
        self.assertEqual(self.rpc("print", session=s, name="*argc")["error"],
                         "* of something that is not a pointer")
        b = self.spawn("blockread", stdin_open=True)["session"]  # blocks reading stdin
        self.rpc("cont", session=b, wait=False)
        self.assertRpcError(RUNNING, "locals", session=b)
        self.assertRpcError(RUNNING, "print", session=b, name="x")
        self.rpc("kill", session=b)


if __name__ == "__main__":
    dbgd.main()
