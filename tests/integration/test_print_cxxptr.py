"""print of C++'s pointers to members and calls through pointers to functions, as gdb
prints them: gdb run at test time on the same fixture (cxxmemptr) as the oracle, no
value written here. `k.*pm` and `kp->*pm` (a pointer to data member applied), `&K::b`,
a class's static member by its qualified name (`K::count`), calls through a function
pointer (`fp(3)`, `(*fp)(3)`), through an array of them (`table[1](2)`), and the
method calls (`k.twice(2)`, `kp->bump()`, a member that points to a function,
`k.op(4)`), and the refusals of bad operands in gdb's words (a refusal whose reason
holds gdb's error is gdb's error).
"""

import sys

import dbgd
from test_print_parity import PrintParityCase

EXPRS = ["k.*pm", "kp->*pm", "k.*pd", "kp->*pd", "K::count", "k.count", "pm",
         "(k.*pm) + 1", "k.*pm + 1", "2 * kp->*pm", "k.*pd * 2", "sizeof(pm)",
         "fp(3)", "(*fp)(3)", "(fp)(4)", "table[1](2)", "table[0](2)", "(*table[1])(5)",
         "table[k.a](7)", "hp(3)", "hp(3) * 2", "fp(1) + table[1](fp(0))", "fp(1, 2)",
         "k.twice(2)", "kp->twice(3)", "k.twice(2) * 2", "k.op(4)", "kp->op(5)",
         # refusals, in gdb's words
         "fp()", "k.*fp", "k.*3", "kp->*3", "3 .* pm", "k(1)", "pm(1)", "table(1)",
         "k.thrice(1)", "k.nosuch(1)", "k.twice()",
         # a void method that writes (last: what follows would see it)
         "kp->bump()", "k.b"]
# gdb 13 is wrong or dies on these (kp.*pm reads 8 bytes of the stack as an object;
# k->*pm is an internal error): dbgd refuses them
REFUSED = {"kp.*pm": "the left side of .* is not an object of a class",
           "k->*pm": "Attempt to take contents of a non-pointer value."}


class TestPrintCxxPtr(PrintParityCase):
    def test_values_match_gdb(self):
        (got_vars, got), (want_vars, want) = self.views("cxxmemptr", "cxxmemptr.cc", EXPRS)
        self.assertEqual(got_vars, want_vars)
        for n, w in want.items():   # a refusal in gdb's words is gdb's error
            if got.get(n, "").startswith("refused: ") and w and w in got[n]:
                got[n] = w
        same = sum(got.get(n) == w for n, w in want.items())
        sys.stderr.write("cxxmemptr: %d of %d prints as gdb's\n" % (same, len(want)))
        for n, w in want.items():
            if got.get(n) != w:
                sys.stderr.write("%-24s dbgd: %s\n%-24s  gdb: %s\n" % (n, got.get(n), "", w))
        self.assertEqual(want["k.*pm"], "3")    # b after the fixture's kp->bump()
        self.assertEqual(want["fp(3)"], "6")
        self.assertEqual(want["k(1)"], "Invalid data type for function to be called.")
        self.assertAsGdb(got, want)

    def test_refusals(self):
        """What gdb 13 cannot do, refused with a reason; a call through a null pointer
        stops with SIGSEGV at 0 and the session is as it was."""
        from test_print_parity import line_of
        s = self.spawn("cxxmemptr", stop="main")["session"]
        self.rpc("break", session=s, symbol="cxxmemptr.cc:%d" % line_of("HERE", "cxxmemptr.cc"))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        pc = self.rpc("regs", session=s, names=["rip"])["rip"]
        for e, why in REFUSED.items():
            v = self.rpc("print", session=s, name=e)
            self.assertEqual(v.get("error"), why, e)
        with self.assertRaises(dbgd.RpcError) as cm:
            self.rpc("print", session=s, name="nullfp(1)")
        self.assertIn("SIGSEGV at 0x0", str(cm.exception))
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"], pc)
        self.assertEqual(self.rpc("print", session=s, name="fp(3)")["value"], "6")
        self.rpc("close", session=s)


if __name__ == "__main__":
    dbgd.main()
