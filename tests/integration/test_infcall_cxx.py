"""print's C++ calls as gdb makes them, gdb 13 run at test time on the same fixture
(cxxcalls, by g++ and by clang++) at the same breakpoint as the oracle (no value is
written here): virtual methods through a base pointer, a reference and an object (the
vtable's slot; a pure virtual one; a second base's, through its thunk), methods of base
classes (this moved to the base), overloaded functions and methods (gdb's ranking),
static member functions, a method of a call's value, pointers to data members made by
name (&K::field), and names gdb refuses (K::I1, K::nosuch, ns::nosuch,
Color::nosuch) in gdb's words.

gdb runs with `set unwindonsignal on` (dbgd's behaviour: a call that faults is
abandoned). Where gdb 13 is wrong or depends on the compiler, dbgd refuses with a
reason, as docs/program.md says (REFUSED below):
- `r.Shape::area()`, a qualified (non-virtual) method call: gdb 13 passes a wrong
  `this` (a value from the stack; g++'s `sp->Shape::area()` jumps to 0);
- an ambiguous overload (`f(0L)`: four overloads convert a long): gdb takes the first
  its symbol table lists, f(Shape *) with g++, f(int) with clang++;
- a "non-standard" conversion (`k.m(sp)`, `f(&k)`): gdb warns and calls with a value
  made up from the pointer;
- a destructor (`sp->~Shape()`): gdb 13 calls it with clang++'s DWARF (the object is
  destroyed: its vptr becomes Shape's) and says "Too few arguments" with g++'s.
"""

import sys

import dbgd
from dbgd import DbgdTestCase
from test_infcall import gdb_prints, line_of


# compared with gdb's print, in order (ns::bump changes ns::counter, read after it)
EXPRS = [
    # virtual methods: through the vtable of the object's dynamic type
    "sp->area()", "tp->area()", "(*sp).area()", "ref.area()", "ref.sides()", "sp->sides()",
    "tp->sides()", "gp->label()", "r.label()", "r.area()", "t.area()", "sp->area() * 2",
    # methods of base classes
    "r.base_only()", "sp->base_only()", "r.tag_only()", "r.scaled(3)", "sp->scaled(3)",
    # overloads: methods, functions; static member functions
    "k.m(1)", "k.m(1, 2)", "k.m(0.5)", "k.m(1.5f)", "k.m('a')", "kp->m(2)", "k.get()",
    "K::twice(3)", "K::make(3)", "K::make(3).field", "K::make(3).get()",
    "K::make(4).m(1, 2)", "f(1)", "f(1.5)", 'f("x")', "f(sp)", "f('c')", "f(1.5f)",
    "f(true)", "f(plain)", "f(&r)", "g(1)", "g(1L)", "g('c')", "h(1)", "h(1L)",
    "ns::bump(1)", "ns::counter",
    # values made by name
    "&K::field", "&K::ratio", "Color::Green",
    # refusals, in gdb's words
    "k.m()", "k.m(1, 2, 3)", "K::I1", "K::nosuch", "ns::nosuch", "Color::nosuch",
    "plain.area()", "plain.foo(1)", "np->area()", "k.nosuch(1)", "K::nosuch(1)",
    "twice(1)"]


def gdb_prints_cxx(prog, exprs):
    """gdb's `print` of each of exprs at cxxcalls.cc's HERE, in order (test_infcall's
    gdb_prints), with gdb's `set unwindonsignal on`, as dbgd abandons such a call."""
    return gdb_prints(exprs, prog, "cxxcalls.cc", ["set unwindonsignal on"], timeout=180)


class CxxCallsCase(DbgdTestCase):
    def at_here(self, prog):
        s = self.spawn(prog, stop="main")["session"]
        self.rpc("break", session=s,
                 symbol="cxxcalls.cc:%d" % line_of("HERE", "cxxcalls.cc"))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        return s

    def dbgd_prints(self, s, exprs):
        got = []
        for e in exprs:
            try:
                v = self.rpc("print", session=s, name=e)
                got.append(v.get("value", v.get("error")))
            except dbgd.RpcError as err:    # refused: its reason
                got.append("refused: %s" % ((err.data or {}).get("detail") or err))
        return got

    def compare(self, prog):
        want = gdb_prints_cxx(prog, EXPRS)
        self.assertEqual(len(want), len(EXPRS))
        s = self.at_here(prog)
        before = self.rpc("regs", session=s)
        got = self.dbgd_prints(s, EXPRS)
        self.assertEqual(self.rpc("regs", session=s), before)
        self.rpc("close", session=s)
        # a refusal whose reason holds gdb's error is gdb's error
        got = [w if g.startswith("refused: ") and w and w in g else g
               for g, w in zip(got, want)]
        same = sum(g == w for g, w in zip(got, want))
        sys.stderr.write("%s: %d of %d prints as gdb's\n" % (prog, same, len(want)))
        diff = [(e, g, w) for e, g, w in zip(EXPRS, got, want) if g != w]
        for e, g, w in diff:
            sys.stderr.write("%-22s dbgd: %s\n%-22s  gdb: %s\n" % (e, g, "", w))
        # the oracle says what the fixture means
        self.assertEqual(want[EXPRS.index("sp->area()")], "20")
        self.assertEqual(want[EXPRS.index("gp->label()")], "1004")
        self.assertEqual(want[EXPRS.index('f("x")')], "3")
        self.assertEqual(diff, [])


# dbgd's refusals where gdb 13 is wrong or differs by compiler (the docstring)
REFUSED = {
    "r.Shape::area()": "an operator print does not evaluate",
    "f(0L)": "the call of f is ambiguous: 4 of its overloads fit the arguments as well",
    "k.m(sp)": "Cannot resolve method K::m to any overloaded instance",
    "f(&k)": "Cannot resolve function f to any overloaded instance",
    "sp->~Shape()": "a member name is missing",
}


class TestInfcallCxx(CxxCallsCase):
    def test_gcc_matches_gdb(self):
        self.compare("cxxcalls")

    def test_clang_matches_gdb(self):
        self.compare("cxxcalls_clang")

    def test_refusals_and_null_object(self):
        """dbgd's refusals (REFUSED), and a method of a null object: the call faults,
        is abandoned, the registers and the stop are as before, and the daemon serves
        the next print."""
        for prog in ("cxxcalls", "cxxcalls_clang"):
            s = self.at_here(prog)
            before = self.rpc("regs", session=s)
            got = self.dbgd_prints(s, list(REFUSED))
            for (e, why), g in zip(REFUSED.items(), got):
                self.assertTrue(g.startswith("refused: ") and why in g, (prog, e, g))
            with self.assertRaises(dbgd.RpcError) as cm:
                self.rpc("print", session=s, name="np->base_only()")
            self.assertEqual(cm.exception.data.get("call"), "abandoned")
            self.assertIn("SIGSEGV", str(cm.exception))
            # a virtual method of a null object reads its vtable: gdb's words
            v = self.rpc("print", session=s, name="np->area()")
            self.assertEqual(v.get("error"), "Cannot access memory at address 0x0")
            self.assertEqual(self.rpc("regs", session=s), before)
            self.assertEqual(self.rpc("print", session=s, name="sp->area()")["value"], "20")
            self.assertEqual(self.rpc("status", session=s)["state"], "stopped")
            # the program runs on to its end as without the calls: sink is printed
            st = self.rpc("cont", session=s, timeout=30)
            self.assertExited(st)
            out = self.rpc("output", session=s, stream="stdout")
            self.assertRegex(out.get("text", ""), r"^\d+\n$")
            self.rpc("close", session=s)


if __name__ == "__main__":
    dbgd.main()
