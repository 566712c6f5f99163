"""`break NAME`: the names gdb's `break` resolves and the places it finds for them (its
locations), checked against gdb 13 on the same fixture stopped at main (ASLR off in
both, so the addresses are equal): static functions of the same name in several files,
C++ names by gdb's wild matching (a name's end after "::", templates without their
arguments, an anonymous namespace, operators), thunks left out of qualified names, and
what the breakpoints then do (one stop per call).

Fixtures: brkc (a static helper in two files), brkcc (C++ names; brkcc.h's static inline
sq and template twice used by two files), brkcc_o2 (the same at -O2: methods only
inlined).
"""

import os

import dbgd
from dbgd import DbgdTestCase, fixture, hexint


class BreakNamesCase(DbgdTestCase):
    def places(self, s, spec, delete=True):
        """dbgd's places for `break spec` (None for NO_SYMBOL), the answer's first."""
        try:
            b = self.rpc("break", session=s, symbol=spec)
        except dbgd.RpcError as e:
            self.assertEqual(e.code, dbgd.NO_SYMBOL, e)
            return None
        bps = [b] + b.get("more", [])
        addrs = [hexint(x["address"]) for x in bps]
        self.assertEqual(addrs[0], min(addrs), spec)  # the lowest address answers
        if delete:
            for x in bps:
                self.rpc("delete", session=s, breakpoint=x["breakpoint"])
        return sorted(addrs)

    def check_against_gdb(self, name, specs):
        want = dbgd.gdb_linespecs(fixture(name), specs, skip_plt=True)
        s = self.spawn(name, stop="main")["session"]
        got = [self.places(s, spec) for spec in specs]
        self.rpc("kill", session=s)
        self.assertEqual(list(zip(specs, got)), list(zip(specs, want)))
        return got

    def stops(self, name, spec):
        """How often the program stops at `break spec` before it exits."""
        s = self.spawn(name, stop="main")["session"]
        self.places(s, spec, delete=False)
        n = 0
        while True:
            st = self.rpc("cont", session=s)
            if st["state"] != "stopped":
                return n
            self.assertEqual(st["stop"]["reason"], "breakpoint", st)
            n += 1


class TestStaticFunctions(BreakNamesCase):
    def test_same_static_name_in_two_files(self):
        # before: only the best-ranked symbol, one of the two helpers
        got = self.check_against_gdb("brkc", ["helper", "fa", "main"])
        self.assertEqual(len(got[0]), 2)
        self.assertEqual(self.stops("brkc", "helper"), 2)

    def test_static_inline_of_a_header_in_two_cxx_files(self):
        got = self.check_against_gdb("brkcc", ["sq", "twice", "other"])
        self.assertEqual(len(got[0]), 2)


class TestCxxNames(BreakNamesCase):
    def test_thunks_are_not_the_method(self):
        # Impl::fb has a non-virtual thunk (Impl's IB part), its destructors too; gdb's
        # `break Impl::fb` is the method only (an unqualified `fb` takes the thunk too)
        got = self.check_against_gdb("brkcc", ["Impl::fb", "Impl::~Impl", "Mid::~Mid", "fb"])
        self.assertEqual(len(got[0]), 1)
        # called twice (through IB and through Impl): two stops, not four
        self.assertEqual(self.stops("brkcc", "Impl::fb"), 2)

    def test_wild_matching(self):
        # before: NO_SYMBOL for everything but the fully qualified names
        got = self.check_against_gdb("brkcc", [
            "dot", "Vec::dot", "inner::Vec::dot", "outer::inner::Vec::dot", "over",
            "inner::over", "over(double)", "maxof", "maxof<int>", "Box::get", "get",
            "Box<double>::get", "Hidden::go", "(anonymous namespace)::Hidden::go", "go",
            "Vec::operator+", "write", "Vec::nothing", "ter::Vec::dot"])
        self.assertTrue(all(got[:-2]))
        self.assertEqual(got[-2:], [None, None])

    def test_operators_with_spaces(self):
        # every overload of operator new / new[] (before: one arbitrary one)
        got = self.check_against_gdb("brkcc", ["operator new", "operator new[]",
                                               "operator+"])
        self.assertGreater(len(got[0]), 1)

    def test_explicit_parameters_take_every_copy(self):
        # a constructor of a class with a virtual base has two copies (C1, C2) with the
        # same signature: both (before: C2 only)
        got = self.check_against_gdb("brkcc", ["Mid::Mid(int)", "Mid::Mid",
                                               "outer::inner::Vec::dot(outer::inner::Vec const&) const"])
        self.assertEqual(len(got[0]), 2)


class TestInlinedMethods(BreakNamesCase):
    def test_qualified_names_only_inlined_at_o2(self):
        # -O2: Mid's constructor and destructor have no ELF symbol of their own, only
        # inlined copies (before: NO_SYMBOL, inlined copies were looked up by plain names)
        got = self.check_against_gdb("brkcc_o2", ["Mid::Mid", "Mid::~Mid", "Vec::dot", "dot",
                                                  "Impl::fb", "sq"])
        self.assertGreater(len(got[0]), 1)
        self.assertGreater(len(got[1]), 1)


class TestTemporary(BreakNamesCase):
    def test_temporary_with_several_places_stops_once(self):
        # gdb's tbreak on a line with two places (twice<int>, twice<double>) stops once
        # and deletes the whole breakpoint (before: a stop at each place)
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                               "brkcc.h")) as f:
            line = next(i for i, t in enumerate(f.read().splitlines(), 1)
                        if "twice's body" in t)
        for spec in ("brkcc.h:%d" % line, "sq"):
            with self.subTest(spec):
                s = self.spawn("brkcc", stop="main")["session"]
                b = self.rpc("break", session=s, symbol=spec, temporary=True)
                self.assertEqual(len(b.get("more", [])), 1)
                self.assertStopped(self.rpc("cont", session=s), "breakpoint")
                self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
                self.assertNotEqual(self.rpc("cont", session=s)["state"], "stopped")


if __name__ == "__main__":
    dbgd.main()
