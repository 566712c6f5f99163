"""Crash reports against gdb 13 on programs that die in many ways (fixtures crashzoo,
cxxterm, libczplugin): gdb runs each program in the test (`run`, `bt`, `info
registers`, `p $_siginfo`, `x/6i $pc`) and dbgd's report of the dead process must say
the same:

- the signal, its si_code and, for a fault (si_code 1..127), its address;
- every register gdb shows (those equal to a pid or tid left out: raise's);
- the frames down to gdb's last: function, file:line (basename) and pc where gdb
  shows it; each argument gdb's bt prints, where dbgd has a value (dbgd refuses an
  outer frame's caller-saved register that gdb shows as it is now: docs/program.md);
- for a stack overflow, gdb's `bt -8`: the outermost frames and their levels;
- gdb's instructions at the pc, dbgd's disassembly from there (capstone's spelling:
  `nop` is objdump's `xchg ax,ax`, and the redundant data16 prefixes of a long nop
  are not shown).

Builds: gcc -O0, gcc -O2 -fomit-frame-pointer PIE, clang -O2, gcc -O2 -static (whose
libc.a has no DWARF: gdb names such a frame by its ELF symbol, gcc's clone suffix and
all: __pthread_kill_implementation.constprop.0, "f() [clone .cold]"; of the aliases
at one address, the last by name: free, not __free).
"""

import concurrent.futures
import json
import os
import re
import subprocess
import tempfile

import dbgd
from dbgd import DbgdTestCase, fixture, hexint
from test_unwind_gdb import gdb_run

FATAL = {"SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGABRT"}
FRAME = re.compile(r"^#(\d+)\s+(?:(0x[0-9a-f]+) in )?(.+?) \(([^()]*(?:\([^()]*\)[^()]*)*)\)"
                   r"(?: at (\S+):(\d+)| from \S+)?$")


def cases():
    plugin = fixture("libczplugin.so")
    zoo = {
        "crashzoo": ["sigbus", "div0", "divmin", "trap", "assert", "nullfn", "wildfn",
                     "noncanon", "memcpy", "handler", "thread", "vla", "inline",
                     "manyargs", "rodata", "code", "plugin"],
        "crashzoo_o2": ["overflow", "div0", "strlen", "handler", "bigframe", "inline",
                        "manyargs", "doublefree"],
        "crashzoo_clang": ["trap", "nullfn", "inline", "manyargs", "thread", "sigbus"],
        "crashzoo_static": ["assert", "handler", "trap", "doublefree", "memcpy", "thread"],
        "cxxterm": ["uncaught", "noexcept"],
        "cxxterm_static": ["uncaught", "noexcept"],
    }
    for name, modes in zoo.items():
        for m in modes:
            args = [m]
            if m == "sigbus":
                args.append("/tmp/dbgd-crashzoo-%d.%s" % (os.getpid(), name))
            if m == "plugin":
                args.append(plugin)
            yield name, args


def gdb_crash(name, args):
    """What gdb says of the crash, parsed: frames, registers, siginfo, instructions."""
    bt = ["bt 70", "echo @@OUTER\\n", "bt -8"] if args[0] == "overflow" else ["bt"]
    out = gdb_run(fixture(name), args,
                  ["set disassembly-flavor intel", "handle SIGUSR2 nostop noprint pass",
                   "run", "echo @@BT\\n"] + bt +
                  ["echo @@REGS\\n", "info registers", "echo @@SI\\n", "p $_siginfo",
                   "echo @@X\\n", "x/6i $pc", "echo @@END\\n", "kill"])

    def section(a, b):
        i, j = out.find("@@%s\n" % a), out.find("@@%s\n" % b)
        return out[i + len(a) + 3:j] if 0 <= i < j else ""

    g = {"out": out, "frames": [], "outer": None}
    text = section("BT", "REGS")
    if "@@OUTER\n" in text:
        text, outer = text.split("@@OUTER\n")
        g["outer"] = [(int(m.group(1)), m.group(3))
                      for m in map(FRAME.match, outer.splitlines()) if m]
    for line in text.splitlines():
        if re.match(r"^#\d+\s+<signal handler called>", line):
            g["frames"].append({"pc": None, "function": "<signal handler called>",
                                "args": "", "source": None})
            continue
        m = FRAME.match(line)
        if m:
            g["frames"].append({"pc": int(m.group(2), 16) if m.group(2) else None,
                                "function": m.group(3), "args": m.group(4),
                                "source": (os.path.basename(m.group(5)), int(m.group(6)))
                                if m.group(5) else None})
        elif line.startswith("#"):
            g["frames"].append({"pc": None, "function": "unparsed: " + line,
                                "args": "", "source": None})
    g["regs"] = {}
    for line in section("REGS", "SI").splitlines():
        p = line.split()
        if len(p) >= 2 and p[1].startswith("0x") and not re.match(r"k\d$", p[0]):
            g["regs"][p[0]] = int(p[1], 16)
    si = section("SI", "X")
    m = re.search(r"si_signo = (\d+), si_errno = \d+, si_code = (-?\d+)", si)
    g["si"] = (int(m.group(1)), int(m.group(2))) if m else None
    m = re.search(r"_sigfault = \{si_addr = (0x[0-9a-f]+)", si)
    g["si_addr"] = int(m.group(1), 16) if m else None
    g["insns"] = [(int(m.group(1), 16), m.group(2))
                  for m in (re.match(r"^(?:=>)?\s+(0x[0-9a-f]+)(?: <[^>]*>)?:\s+(.*)$", l)
                            for l in section("X", "END").splitlines()) if m]
    return g


def insn_text(t):
    """An instruction in Intel syntax, as gdb or capstone spell it, made comparable."""
    t = t.split("#")[0].lower()
    t = re.sub(r"0x[0-9a-f]+", lambda m: str(int(m.group(0), 16)), t)
    t = re.sub(r"rip\+(1844674407\d+)", lambda m: "rip-%d" % (2 ** 64 - int(m.group(1))), t)
    t = re.sub(r"\s+", "", re.sub(r"<[^>]*>", "", t.replace("*1", "").replace("+0]", "]")))
    t = re.sub(r"^(data16)+", "", t)
    if t.startswith("csnop"):
        t = t[2:].replace("ptr[", "ptrcs:[")
    return "nop" if t == "xchgax,ax" else t


def arg_list(text):
    """[(name, value)] of the arguments of a frame of gdb's bt."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "{([" and 1 or 0
        depth -= ch in "})]" and 1 or 0
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    res = []
    for a in parts:
        n, _, v = a.partition("=")
        res.append((n, re.sub(r"^%s@entry=" % re.escape(n), "", v)))
    return res


def value_text(v):
    if v.startswith("<optimized out") or "Loop detected" in v:
        # gdb's entry value of a recursive call (its call site is in the function)
        return "<optimized out>"
    # Known, not mended (docs/program.md): gcc's __PRETTY_FUNCTION__.0, which no DWARF
    # names, is gdb's <__PRETTY_FUNCTION__.0>; dbgd drops the .0 as for a static
    # local's calls.1 (gdb's <calls>, the DWARF's name)
    v = v.replace("<__PRETTY_FUNCTION__.0>", "<__PRETTY_FUNCTION__>")
    if "Cannot access memory" in v or v == "<its memory cannot be read>":
        return "<unreadable>"
    return v


class TestCrashParity(DbgdTestCase):
    client_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = list(cases())
        pool = concurrent.futures.ThreadPoolExecutor(2)
        cls.gdb = {tuple([n] + a): pool.submit(gdb_crash, n, a) for n, a in cls.cases}
        pool.shutdown(wait=False)

    def dbgd_crash(self, name, args):
        """dbgd's (signal, report) of the process dead of a fatal signal."""
        st = self.spawn(name, *args, env={}, env_clear=True)
        s = st["session"]
        for _ in range(10):
            st = self.rpc("cont", session=s, timeout=30)
            if st["state"] != "stopped":
                break
            if st["stop"]["reason"] == "signal" and st["stop"]["signal"]["name"] in FATAL:
                sig = st["stop"]["signal"]
                self.assertEqual(self.rpc("cont", session=s, timeout=30)["state"], "killed")
                return sig, self.rpc("report", session=s)
        self.fail("%s %s: no fatal signal: %s" % (name, args, st))

    def differences(self, g, sig, rep):
        d = []
        if g["si"] != (sig["number"], sig.get("code")):
            d.append("siginfo: gdb %r, dbgd %r" % (g["si"], (sig["number"], sig.get("code"))))
        if g["si_addr"] is not None and 0 < sig.get("code", 0) < 128:
            if hexint(sig.get("address", "-1")) != g["si_addr"]:
                d.append("fault address: gdb %#x, dbgd %s" % (g["si_addr"], sig.get("address")))
        regs = rep["registers"]
        for r, v in g["regs"].items():
            if r not in regs:
                d.append("register %s missing" % r)
            elif hexint(regs[r]) != v and not (v < 0x400000 and hexint(regs[r]) < 0x400000):
                d.append("register %s: gdb %#x, dbgd %s" % (r, v, regs[r]))
        bt = rep["backtrace"]
        variables = {v["frame"]: v for v in rep.get("variables", [])}
        for i, w in enumerate(g["frames"]):
            if i >= len(bt):
                if not rep.get("backtrace_truncated"):
                    d.append("frame #%d missing: gdb %s" % (i, w["function"]))
                break
            f = bt[i]
            fn = "<signal handler called>" if f.get("trampoline") else f.get("function", "??")
            src = ((os.path.basename(f["source"]["file"]), f["source"]["line"])
                   if "source" in f and w["source"] else None)
            if (fn, src) != (w["function"], w["source"]):
                d.append("frame #%d: gdb %s %s, dbgd %s %s" % (i, w["function"], w["source"],
                                                             fn, src))
            if w["pc"] is not None and hexint(f["pc"]) != w["pc"]:
                d.append("frame #%d pc: gdb %#x, dbgd %s" % (i, w["pc"], f["pc"]))
            if i in variables and w["args"]:
                have = {a["name"]: a for a in variables[i]["args"]}
                for n, v in arg_list(w["args"]):
                    if n.endswith("@entry"):
                        continue  # gdb's value at entry besides the value now
                    a = have.get(n)
                    if a is None:
                        d.append("frame #%d: no argument %s" % (i, n))
                    elif a.get("error") != "in a register this frame does not know" and \
                            value_text(a.get("value", "<%s>" % a.get("error"))) != value_text(v):
                        d.append("frame #%d %s: gdb %s, dbgd %s" % (i, n, v, a))
        if g["outer"]:
            outer = [(f["index"], f.get("function")) for f in rep.get("backtrace_outer", [])]
            if g["outer"][-1][1] == "main":
                outer = outer[:-3]  # dbgd goes on past main, into libc
            n = min(len(outer), len(g["outer"]))
            if not n or outer[-n:] != g["outer"][-n:]:
                d.append("outermost frames: gdb %s, dbgd %s" % (g["outer"], outer))
        elif g["frames"] and g["frames"][-1]["function"] != "main" and \
                len(bt) != len(g["frames"]):
            d.append("frames: gdb %d, dbgd %d" % (len(g["frames"]), len(bt)))
        listing = {hexint(x["address"]): k for k, x in enumerate(rep.get("disassembly", []))}
        if g["insns"] and g["insns"][0][0] not in listing:
            d.append("pc %#x not in the disassembly" % g["insns"][0][0])
        elif g["insns"]:
            k = listing[g["insns"][0][0]]
            for (a, t), x in zip(g["insns"], rep["disassembly"][k:]):
                mine = x["mnemonic"] + " " + x["operands"]
                if a != hexint(x["address"]) or insn_text(t) != insn_text(mine):
                    d.append("instruction %#x: gdb %r, dbgd %s %r" % (a, t, x["address"], mine))
        return d

    def test_reports_as_gdb(self):
        failed = {}
        for name, args in self.cases:
            with self.subTest(name=name, args=args):
                sig, rep = self.dbgd_crash(name, args)
                g = self.gdb[tuple([name] + args)].result()
                self.assertTrue(g["frames"], g["out"])
                d = self.differences(g, sig, rep)
                if d:
                    failed["%s %s" % (name, args[0])] = d
        self.assertEqual(failed, {})

    def test_children_killed_by_a_signal_have_reports_as_gdb(self):
        # follow_forks: a shell (a test runner) runs crashing programs; each child's
        # report is taken at its signal's delivery, before it dies, and says what gdb
        # says of that program run alone (env -i: gdb's empty environment)
        kids = [("crashzoo", ["div0"]), ("crashzoo", ["nullfn"]), ("crashzoo", ["assert"]),
                ("crashzoo_o2", ["inline"]), ("crashzoo", ["thread"])]
        script = "".join("env -i %s %s; " % (fixture(n), " ".join(a)) for n, a in kids)
        st = self.spawn("/bin/sh", "-c", script + "exit 4", follow_forks=True)
        s = st["session"]
        self.assertExited(self.rpc("cont", session=s, timeout=60), 4)
        rep = self.rpc("report", session=s)
        self.assertEqual(rep["exit_status"], 4)
        self.assertNotIn("children_omitted", rep)
        children = rep["children"]
        self.assertEqual([(c["path"], c["command_line"][1:]) for c in children],
                         [(fixture(n), a) for n, a in kids])
        exits = {e["pid"]: e for e in self.rpc("events", session=s, max=100000)["events"]
                 if e["type"] == "process-exit"}
        failed = {}
        for (name, args), child in zip(kids, children):
            ev = exits[child["pid"]]   # it did die of that signal
            self.assertEqual(ev["signal"]["number"], child["signal"]["number"], ev)
            self.assertEqual(child["exit_status"], 128 + child["signal"]["number"])
            d = self.differences(gdb_crash(name, args), child["signal"], child)
            if d:
                failed["%s %s" % (name, args[0])] = d
        self.assertEqual(failed, {})

    def test_only_the_first_children_reports_are_kept(self):
        # a signal the child handles does not end it: no report (handled's SIGUSR1s);
        # of ten crashes the first eight are kept, the others counted
        script = "%s; " % fixture("handled") + "i=0; while [ $i -lt 10 ]; do %s; " \
            "i=$((i+1)); done" % fixture("crash")
        s = self.spawn("/bin/sh", "-c", script, follow_forks=True)["session"]
        self.assertEqual(self.rpc("cont", session=s, timeout=60)["state"], "exited")
        rep = self.rpc("report", session=s)
        self.assertEqual([c["path"] for c in rep["children"]], [fixture("crash")] * 8)
        self.assertEqual(rep["children_omitted"], 2)
        self.assertEqual([f.get("function") for f in rep["children"][0]["backtrace"][:4]],
                         ["level3", "level2", "level1", "main"])
        # without follow_forks the children are not ours: no reports
        s = self.spawn("/bin/sh", "-c", "%s; exit 0" % fixture("crash"))["session"]
        self.assertExited(self.rpc("cont", session=s, timeout=60), 0)
        self.assertNotIn("children", self.rpc("report", session=s))

    def test_dbgctl_run_follow_forks_prints_a_childs_report(self):
        # a CI job's `dbgctl run --follow-forks make test`: the program exits, its child
        # died of a signal, and its report is on stderr (and in --report's file)
        env = dict(os.environ, DBGD_URL=self.daemon.url, DBGD_TOKEN=self.daemon.token)
        ctl = os.path.join(dbgd.build_dir(), "bin", "dbgctl")
        script = "%s; echo after" % fixture("crash")
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "report.json")
            r = subprocess.run([ctl, "run", "--follow-forks", "--report", out, "--",
                                "/bin/sh", "-c", script], env=env, capture_output=True,
                               text=True, timeout=120)
            with open(out) as f:
                saved = json.load(f)
        self.assertEqual((r.returncode, r.stdout), (0, "after\n"), r.stderr)
        self.assertRegex(r.stderr, r"(?m)^==== dbgd crash report: child process (\d+) of \d+ "
                                   r"====\ncommand: %s\nkilled by SIGSEGV \(SEGV_MAPERR, "
                                   r"fault address 0x0\), exit status 139\nat level3\+"
                         % re.escape(fixture("crash")))
        self.assertRegex(r.stderr, r"\nbacktrace:\n  #0 .* level3\+.*\n  #1 .* level2\+.*"
                                   r"\n  #2 .* level1\+.*\n  #3 .* main\+")
        self.assertTrue(r.stderr.endswith("==== end of report ====\n"), r.stderr)
        self.assertEqual(saved["children"][0]["signal"]["name"], "SIGSEGV")
        # without --follow-forks the child is not traced: the output alone
        r = subprocess.run([ctl, "run", "--", "/bin/sh", "-c", script], env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual((r.returncode, r.stdout), (0, "after\n"))
        self.assertNotIn("crash report", r.stderr)   # (the shell says "Segmentation fault")

    def test_a_static_libcs_functions_are_named_as_gdb_names_them(self):
        # libc.a has no DWARF: gdb's bt shows the ELF symbols, clone suffixes and all
        sig, rep = self.dbgd_crash("crashzoo_static", ["assert"])
        names = [f["function"] for f in rep["backtrace"]]
        self.assertEqual(names[0], "__pthread_kill_implementation.constprop.0", names)
        self.assertIn("__assert_fail_base.cold", names)
        # of several names of one function, gdb's (the last by name); `symbol` keeps
        # eu-stack's
        sig, rep = self.dbgd_crash("crashzoo_static", ["doublefree"])
        frames = {f["function"]: f for f in rep["backtrace"]}
        self.assertIn("free", frames, list(frames))
        self.assertTrue(frames["free"]["symbol"].startswith("__free+"), frames["free"])
        self.assertEqual(frames["free"]["linkage_name"], "__free")
        sig, rep = self.dbgd_crash("crashzoo_static", ["memcpy"])
        self.assertEqual(rep["backtrace"][0]["function"], "__memmove_avx_unaligned_erms")
        sig, rep = self.dbgd_crash("cxxterm_static", ["uncaught"])
        names = [f["function"] for f in rep["backtrace"]]
        self.assertIn("__gnu_cxx::__verbose_terminate_handler() [clone .cold]", names)
        # with DWARF the function's own name stays (isort.constprop.0: test_program.py)
        sig, rep = self.dbgd_crash("crashzoo_o2", ["inline"])
        self.assertNotIn(".", rep["backtrace"][0]["function"])


if __name__ == "__main__":
    dbgd.main()
