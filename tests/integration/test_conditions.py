"""Breakpoint conditions over the program's variables, as gdb's `break ... if`. gdb is
the oracle: the same program (condvars: records visited from main and from a second
thread), the same breakpoint and condition, the same stops in the same order and the
same hit count. Conditions over registers and memory are test_serverside's."""

import os
import re
import subprocess
import tempfile

import dbgd
from dbgd import INVALID_PARAMS, DbgdTestCase, fixture

# Members through pointers, chars of strings, doubles, globals, pointers against 0,
# C's arithmetic and logic, casts; the last two hold only in the second thread.
CONDITIONS = [
    "r->id == 5",
    "depth == 2 && r->w > 1.5",
    "r->name[0] == 'e'",
    "g_calls % 3 == 0",
    "r->next == 0",
    "r->w * 2 >= 3.0 && !(r->id & 1)",
    "(char)r->name[1] == 'e' || depth > 9",
    "depth >= 7",
    "r->next != 0 && r->next->id == 3",
    # gdb's string functions and string literals; ::name, the global scope
    '$_streq(r->name, "dog") || $_streq(r->name, "yak")',
    '$_strlen(r->name) == 3 && r->name != "eel" && $_memeq(r->name, "be", 2)',
    'r->name == "cat" || ::g_calls == 6',
    # gdb's $_regex (Python's re.match) and adjacent literals joined
    '$_regex(r->name, "[a-d].?[gt]$")',
    '$_regex(r->name, "(?:e|f)\\\\w") || $_regex(r->name, "\\\\w*?[ox]")',
    '$_regex(r->name, "e.l" "|yak")',
]


def source_line(marker):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                           "condvars.c")) as f:
        return next(i + 1 for i, l in enumerate(f) if marker in l)


def gdb_stops(spec, cond, show="r->id, depth"):
    """gdb's stops at `break spec if cond` through the whole run: [(a, b)] of the
    two ints printed at each, and the breakpoint's hit count."""
    script = ["set pagination off", "set confirm off", "set startup-with-shell off",
              "break %s if %s" % (spec, cond), "commands", "silent",
              'printf "HIT %%d %%d\\n", %s' % show, "continue", "end", "run",
              "info breakpoints"]
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write("\n".join(script) + "\n")
        f.flush()
        out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, fixture("condvars")],
                             capture_output=True, text=True, timeout=120).stdout
    stops = [(int(a), int(b)) for a, b in re.findall(r"^HIT (-?\d+) (-?\d+)$", out, re.M)]
    m = re.search(r"breakpoint already hit (\d+) time", out)
    return stops, int(m.group(1)) if m else 0


def gdb_prints(prog, spec, exprs):
    """gdb's print of each expression at the first stop at spec: its value, or None
    where gdb has no such symbol."""
    # (-ex each: an error ends a -x script, not the -ex commands after it)
    cmds = ["set pagination off", "set confirm off", "break %s" % spec, "run"]
    for i, e in enumerate(exprs):
        cmds += ["echo <<%d>>\\n" % i, "print %s" % e]
    cmds.append("echo <<%d>>\\n" % len(exprs))
    argv = ["gdb", "-batch", "-nx"]
    for c in cmds:
        argv += ["-ex", c]
    text = subprocess.run(argv + [fixture(prog)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120).stdout
    got = []
    for i in range(len(exprs)):
        part = text.split("<<%d>>" % i, 1)[1].split("<<%d>>" % (i + 1), 1)[0]
        m = re.search(r"^\$\d+ = (.*)$", part, re.M)
        got.append(m.group(1) if m else None)
    return got


class TestCxxScopes(DbgdTestCase):
    """Names seen from inside a namespace or a class, as gdb looks them up: the
    function's namespaces and classes first, innermost first, then the globals; a
    namespace's variable is no global of its bare name (g++ defines it at the unit's
    top, pointing back to its declaration: it was taken for one). print and
    conditions alike; gdb is the oracle, on g++'s and clang++'s builds."""

    PLACES = [
        ("geo::Shape::bump", ["made", "inner::level", "count", "id", "level", "by",
                              "made + inner::level * 10", "nosuch", "::made", "::level",
                              "::count", "::geo::made"]),
        ("geo::inner::twice", ["level", "made", "v * 100 + level", "count",
                               "geo::Shape::count", "::level", "::level + level",
                               "::geo::inner::level"]),
        ("top", ["level", "made", "inner::level", "geo::inner::level + k"]),
    ]

    def dbgd_prints(self, prog, spec, exprs):
        s = self.spawn(prog, stop="main")["session"]
        self.rpc("break", session=s, symbol=spec)
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got = []
        for e in exprs:
            try:
                v = self.rpc("print", session=s, name=e)
                got.append(v.get("value"))
            except dbgd.RpcError:
                got.append(None)
        self._close_quietly(s)
        return got

    def test_names_are_looked_up_as_gdb_does(self):
        for prog in ("cxxscope", "cxxscope_clang"):
            for spec, exprs in self.PLACES:
                with self.subTest(prog=prog, at=spec):
                    want = gdb_prints(prog, spec, exprs)
                    self.assertEqual(self.dbgd_prints(prog, spec, exprs), want)
        # what gdb says, so that the comparison cannot pass empty
        self.assertEqual(gdb_prints("cxxscope", "top", ["level", "made"]), ["30", None])
        self.assertEqual(gdb_prints("cxxscope", "geo::inner::twice", ["level", "::level"]),
                         ["3", "30"])

    def test_conditions_see_the_same_names(self):
        for prog in ("cxxscope", "cxxscope_clang"):
            with self.subTest(prog=prog):
                s = self.spawn(prog, stop="main")["session"]
                # refused where gdb refuses it: top sees no `made`
                self.assertRpcError(INVALID_PARAMS, "break", session=s, symbol="top",
                                    condition="made == 4")
                self.rpc("break", session=s, symbol="geo::inner::twice",
                         condition="level == 3 && made == 4 && v == 2")
                self.rpc("break", session=s, symbol="geo::Shape::bump",
                         condition="inner::level == 3 && by == 3 && count == 3")
                stops = []
                while True:
                    st = self.rpc("cont", session=s)
                    if st["state"] != "stopped":
                        break
                    stop = self.assertStopped(st, "breakpoint")
                    self.assertNotIn("condition_error", stop)
                    stops.append(stop["symbol"].split("+")[0])
                self.assertExited(st, 0)
                self.assertEqual(len(stops), 2, stops)


class TestStdStringCompare(DbgdTestCase):
    """A C++ std::string compared with a string literal, by its characters: what its
    operator== says where gdb can call it (stdcc never instantiates it: gdb says "No
    symbol "operator==" in current context."), so the oracle is the program's own
    strings, printed by gdb."""

    def test_print_and_conditions(self):
        self.assertEqual(gdb_prints("stdcc", "weigh", ["s", "who.name"]),
                         ['"hello world"', '"zed"'])
        s = self.spawn("stdcc", stop="main")["session"]
        self.rpc("break", session=s, symbol="weigh")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        for expr, want in [('s == "hello world"', "true"), ('s == "hello"', "false"),
                           ('s != "hello world"', "false"), ('"zed" == who.name', "true"),
                           ('who.name != "amy"', "true"), ('who.name == ""', "false"),
                           ('who.age == 40 && who.name == "zed"', "true")]:
            self.assertEqual(self.rpc("print", session=s, name=expr)["value"], want, expr)
        # a struct is no string: refused, as gdb refuses it
        self.assertIn("error", self.rpc("print", session=s, name='who == "zed"'))
        self._close_quietly(s)
        for cond, stops in [('who.name == "zed"', 1), ('who.name == "amy"', 0)]:
            s = self.spawn("stdcc", stop="main")["session"]
            self.rpc("break", session=s, symbol="weigh", condition=cond)
            st = self.rpc("cont", session=s)
            if stops:
                self.assertStopped(st, "breakpoint")
                self.assertEqual(self.rpc("print", session=s, name="who.age")["value"], "40")
            else:
                self.assertExited(st, 0)
            self._close_quietly(s)


class TestSourceConditions(DbgdTestCase):
    def dbgd_stops(self, spec, cond, show=("r->id", "depth")):
        s = self.spawn("condvars", stop="main")["session"]
        bp = self.rpc("break", session=s, symbol=spec, condition=cond)
        self.assertEqual(bp["condition"], cond)
        stops, threads = [], set()
        while True:
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                self.assertExited(st, 0)
                break
            stop = self.assertStopped(st, "breakpoint")
            self.assertNotIn("condition_error", stop)
            threads.add(stop["thread"] != st["pid"])
            stops.append(tuple(int(self.rpc("print", session=s, name=e)["value"])
                               for e in show))
        hits = self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"]
        return stops, hits, threads

    def test_conditions_stop_where_gdbs_do(self):
        for cond in CONDITIONS:
            with self.subTest(cond):
                want, want_hits = gdb_stops("visit", cond)
                got, hits, _ = self.dbgd_stops("visit", cond)
                self.assertEqual(got, want)
                self.assertEqual(hits, want_hits) # hits whose condition held, as gdb's
        self.assertTrue(any(gdb_stops("visit", c)[0] for c in CONDITIONS))

    def test_condition_on_a_local_at_a_line(self):
        # `score` is set by the function's first line: a FILE:LINE past it sees it
        spec = "condvars.c:%d" % source_line("condvars: score")
        for cond in ("score > 20", "score == r->id * 3 + depth && depth == 0"):
            with self.subTest(cond):
                want, want_hits = gdb_stops(spec, cond, show="score, r->id")
                got, hits, _ = self.dbgd_stops(spec, cond, show=("score", "r->id"))
                self.assertTrue(want)
                self.assertEqual(got, want)
                self.assertEqual(hits, want_hits)

    def test_condition_is_evaluated_in_the_thread_that_hit(self):
        # depth >= 7 holds only in the worker's calls, with its own r
        got, _, threads = self.dbgd_stops("visit", "depth >= 7 && r->id == 42")
        self.assertEqual(got, [(42, 7), (42, 8), (42, 9), (42, 10)])
        self.assertEqual(threads, {True})

    def test_condition_that_cannot_be_evaluated_stops_and_says_why(self):
        # r->next is NULL for the last record and in the worker: gdb stops there too,
        # with "Error in testing condition ... Cannot access memory at address 0x0"
        s = self.spawn("condvars", stop="main")["session"]
        self.rpc("break", session=s, symbol="visit", condition="r->next->id == 3")
        seen = []
        for _ in range(4):
            stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
            seen.append((int(self.rpc("print", session=s, name="r->id")["value"]),
                         stop.get("condition_error")))
        self.assertEqual(seen[0], (2, None))
        self.assertEqual(seen[1][0], 7)
        self.assertIn("could not be evaluated", seen[1][1])
        self.assertIn("0x0", seen[1][1])
        self.assertEqual([x[0] for x in seen[2:]], [42, 42])
        self._close_quietly(s)

    def test_names_the_code_does_not_see_are_refused_as_gdb_refuses_them(self):
        s = self.spawn("condvars", stop="main")["session"]
        for cond in ("nosuch == 1", "total > 3", "r->id == 1 && x.y"):
            with self.subTest(cond):
                # gdb: No symbol "total" in current context.
                out = subprocess.run(["gdb", "-batch", "-nx", "-ex",
                                      "break visit if %s" % cond, fixture("condvars")],
                                     capture_output=True, text=True, timeout=60)
                self.assertIn("No symbol", out.stdout + out.stderr)
                e = self.assertRpcError(INVALID_PARAMS, "break", session=s, symbol="visit",
                                        condition=cond)
                self.assertIn("no variable", e.data["detail"])
                self.assertIn("address", e.data)
        # a cast to a type the program has not: gdb's "No struct type named nosuch."
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex",
                              "break visit if (struct nosuch *)r != 0", fixture("condvars")],
                             capture_output=True, text=True, timeout=60)
        self.assertIn("No struct type named nosuch", out.stdout + out.stderr)
        e = self.assertRpcError(INVALID_PARAMS, "break", session=s, symbol="visit",
                                condition="(struct nosuch *)r != 0")
        self.assertIn('no type "struct nosuch"', e.data["detail"])
        self.rpc("break", session=s, symbol="visit", condition="(struct rec *)r != 0")
        self.rpc("delete", session=s, breakpoint=self.rpc("breakpoints", session=s)
                 ["breakpoints"][0]["breakpoint"])
        for cond, want in (("r->id ==", "missing"), ("(r->id", ")"), ("r->id == 5 )", "")):
            with self.subTest(cond):
                e = self.assertRpcError(INVALID_PARAMS, "break", session=s, symbol="visit",
                                        condition=cond)
                self.assertIn("params.condition", e.data["detail"])
                self.assertIn(want, e.data["detail"])
        # nothing was set by the refused calls; a global is seen from anywhere
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        self.rpc("break", session=s, symbol="visit", condition="g_calls > 100")
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_a_variable_named_like_a_register_is_the_variable(self):
        # interp(pc, fs): gdb's `break interp if pc == 3` means the parameter, not rip
        for cond in ("pc == 3", "fs == 8 || pc == 5"):
            with self.subTest(cond):
                want, want_hits = gdb_stops("interp", cond, show="pc, fs")
                self.assertTrue(want)
                got, hits, _ = self.dbgd_stops("interp", cond, show=("pc", "fs"))
                self.assertEqual((got, hits), (want, want_hits))
        # where no variable has the name, it is the register (visit's rdi: r)
        s = self.spawn("condvars", stop="main")["session"]
        bp = self.rpc("break", session=s, symbol="visit", condition="rdi == 0")
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 0)

    def test_an_ignored_hit_whose_condition_fails_goes_on(self):
        # as gdb: a hit whose condition cannot be evaluated counts as one that held,
        # and the ignore count uses it up. r->next is NULL at record 7 and in the
        # worker's four calls (the condition is false elsewhere, no hit): with ignore
        # 1, the first stop is the worker's first call, with its error.
        s = self.spawn("condvars", stop="main")["session"]
        self.rpc("break", session=s, symbol="visit", condition="r->next->id == 99",
                 ignore=1)
        stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertIn("Cannot access memory at address 0x0", stop["condition_error"])
        self.assertEqual(self.rpc("print", session=s, name="depth")["value"], "7")
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 2)

    def test_a_cxx_reference_is_what_it_refers_to(self):
        # varscc's bump(int &r, ...): r in arithmetic is the int, as gdb's (dbgd said
        # "not a number"), in print and in a condition
        want = dbgd.gdb_values(fixture("varscc"), [], {}, [
            "break bump", "run", "p/x r + 1", "p/x r * 2 == 10", "p/x &r == &r"])
        self.assertEqual(want[:2], [6, 1])
        s = self.spawn("varscc", stop="main")["session"]
        self.rpc("break", session=s, symbol="bump", condition="r * 2 == 10 && r + 1 > 5")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        got = [int(self.rpc("print", session=s, name=e, format="x")["value"], 16)
               for e in ("r + 1", "r * 2 == 10", "&r == &r")]
        self.assertEqual(got, want)
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"][0]["hits"], 1)

    def test_bad_conditions_leave_the_daemon_up(self):
        s = self.spawn("condvars", stop="main")["session"]
        for cond in ("(" * 5000 + "1" + ")" * 5000, "r->" + "x" * 100000, "\x01\x02",
                     "r->name[0] == '", "sizeof(", "1 ? 2", "*(int *)0 == 1 &&"):
            try:
                self.rpc("break", session=s, symbol="visit", condition=cond)
            except dbgd.RpcError as e:
                self.assertEqual(e.code, INVALID_PARAMS, cond[:40])
        self.assertEqual(self.rpc("status", session=s)["state"], "stopped")
        self.assertTrue(self.daemon.alive())

    def test_pending_breakpoint_takes_a_condition_checked_at_its_hits(self):
        # nothing has "nosuch_fn" yet: the condition cannot be checked until then
        s = self.spawn("condvars", stop="main")["session"]
        bp = self.rpc("break", session=s, symbol="nosuch_fn", pending=True,
                      condition="n > 1")
        self.assertTrue(bp["pending"])
        self.assertEqual(bp["condition"], "n > 1")
        self.assertExited(self.rpc("cont", session=s), 0)


if __name__ == "__main__":
    dbgd.main()
