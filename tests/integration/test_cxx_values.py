"""C++ values as gdb shows them: finish's returned value of classes the Itanium C++ ABI
returns through memory, print and locals of objects with bases (casts between base and
derived pointers, virtual bases) and of pointers to members. gdb is the oracle: each
test runs gdb on the same fixture and compares its text with dbgd's.

Fixtures: cxvreturns (classes returned by value, trivial or not for the purposes of
calls), cxvcasts (a class with two bases; virtual bases; pointers to members).
"""

import os
import re
import subprocess
import tempfile

import dbgd
from dbgd import DbgdTestCase, fixture

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")


def gdb_run(prog, script):
    """gdb in batch mode on fixture prog running the script lines; its stdout."""
    head = ["set pagination off", "set confirm off", "set startup-with-shell off",
            "set disable-randomization on", "set width 0"]
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write("\n".join(head + script) + "\n")
        f.flush()
        return subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, fixture(prog)],
                              capture_output=True, text=True, timeout=120).stdout


def line_of(mark, src):
    with open(os.path.join(FIXTURES, src)) as f:
        return next(i + 1 for i, l in enumerate(f) if "/* %s */" % mark in l)


class TestFinishReturnsCxxClasses(DbgdTestCase):
    def finish_values(self, name, src):
        """gdb's and dbgd's returned values at the finish of each r_ function that main
        of fixture name calls, in order: ({fn: gdb's value}, {fn: dbgd's returned})."""
        with open(os.path.join(FIXTURES, src)) as f:
            names = re.findall(r"(?<![\w.])(r_\w+)\(\)", f.read().split("int main")[1])
        out = gdb_run(name, ["break " + n for n in names] + ["run"] +
                      ["finish", "continue"] * len(names))
        want = {}
        for part in re.split(r"^Breakpoint \d+, ", out, flags=re.M)[1:]:
            v = re.search(r"^Value returned is \$\d+ = (.*)$", part, re.M)
            want[part.split(" ", 1)[0]] = v.group(1) if v else None
        self.assertEqual(list(want), names, out[-2000:])
        s = self.spawn(name, stop="main")["session"]
        for n in names:
            self.rpc("break", session=s, symbol=n)
        got = {}
        for n in names:
            stop = self.assertStopped(self.rpc("cont", session=s), "breakpoint")
            self.assertEqual(re.sub(r"\+0x[0-9a-f]+$", "", stop["symbol"].split("(")[0]), n)
            stop = self.assertStopped(self.rpc("finish", session=s), "finish")
            got[n] = stop.get("returned")
        self.assertExited(self.rpc("cont", session=s), 0)
        return want, got

    def test_classes_returned_through_memory_match_gdb(self):
        # a class not trivial for the purposes of calls (a base's virtual destructor, a
        # member's destructor, an array of such members, a vtable, a user-written copy
        # or move constructor, in the class or a base) comes back through memory at rax
        # however small; one with defaulted members or a trivial base in rax:rdx
        want, got = self.finish_values("cxvreturns", "cxvreturns.cc")
        self.assertEqual(len(want), 9)
        self.assertEqual(want["r_w"], "{h = {v = 3}, k = 4}")
        self.assertEqual(want["r_tb"], "{<T> = {t = 8}, u = 9}")
        self.assertIn("<vtable for D+16>, b = 1}, d = 2}", want["r_d"])
        self.assertEqual({n: (r or {}).get("value") for n, r in got.items()}, want)
        self.assertEqual(got["r_d"]["type"], "D")


if __name__ == "__main__":
    dbgd.main()
