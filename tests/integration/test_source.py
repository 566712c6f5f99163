"""`source`: lines of a source file that the program's debug info names, for clients
whose machine has not the files. The lines are the file's (read here, and as gdb's
`list` prints them); a file that no line table names is refused whatever path reaches
it; bounds, a program without debug info, a file gone, bad params. The daemon stays up
through all of it."""

import os
import re
import shutil
import subprocess
import tempfile

import dbgd
from dbgd import (DbgdTestCase, INVALID_PARAMS, LIMIT, NO_SESSION, NO_SYMBOL, SYSTEM)

HERE = os.path.dirname(os.path.abspath(__file__))
VARS_C = os.path.normpath(os.path.join(HERE, "..", "fixtures", "vars.c"))


def file_lines(path):
    with open(path, "rb") as f:
        data = f.read().decode("utf-8", "replace")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def gdb_list(path, spec):
    """gdb's `list SPEC` of program path (not run): {line number: text}, or the error."""
    r = subprocess.run(["gdb", "-nx", "-batch", "-ex", "list " + spec, path],
                       capture_output=True, text=True, timeout=60)
    got = {}
    for ln in r.stdout.split("\n"):
        m = re.match(r"^(\d+)\t(.*)$", ln)
        if m:
            got[int(m.group(1))] = m.group(2)
    return got, r.stderr


class TestSource(DbgdTestCase):
    def test_lines_are_the_files(self):
        st = self.spawn("vars", stop="main")
        s = st["session"]
        want = file_lines(VARS_C)
        # the stop's own file name, a base name, last components: the same file
        for name in (st["stop"]["source"]["file"], "vars.c", "fixtures/vars.c", VARS_C,
                     os.path.dirname(VARS_C) + "/./vars.c"):
            with self.subTest(name=name):
                r = self.rpc("source", session=s, file=name)
                self.assertEqual(os.path.realpath(r["file"]), os.path.realpath(VARS_C))
                self.assertEqual(r["first"], 1)
                self.assertEqual(r["total"], len(want))
                self.assertEqual(r["lines"], want)
                self.assertNotIn("cut", r)
        r = self.rpc("source", session=s, file="vars.c", line=40, count=5)
        self.assertEqual((r["first"], r["lines"]), (40, want[39:44]))
        # the last line, with more asked than there is
        r = self.rpc("source", session=s, file="vars.c", line=len(want), count=10)
        self.assertEqual(r["lines"], want[-1:])

    def test_as_gdb_lists_them(self):
        if not shutil.which("gdb"):
            self.skipTest("no gdb")
        got, err = gdb_list(dbgd.fixture("vars"), "vars.c:40,49")
        self.assertEqual(sorted(got), list(range(40, 50)), err)
        s = self.spawn("vars", stop="main")["session"]
        r = self.rpc("source", session=s, file="vars.c", line=40, count=10)
        self.assertEqual(r["lines"], [got[n] for n in range(40, 50)])

    def test_files_not_named_are_refused(self):
        s = self.spawn("vars", stop="main")["session"]
        for name in ("/etc/passwd", "../../../../../../etc/passwd", "passwd",
                     "vars.c/../../../../../../etc/passwd", VARS_C + "/../../../etc/passwd",
                     os.path.abspath(__file__),   # a real file, not in the debug info
                     os.path.dirname(VARS_C),      # a directory of it
                     # a file beside it that no unit of this program names
                     "fixtures/loop.c", os.path.join(os.path.dirname(VARS_C), "loop.c"),
                     "fixtures/../fixtures/vars.c", "ars.c", "/proc/self/environ"):
            with self.subTest(name=name):
                e = self.assertRpcError(NO_SYMBOL, "source", session=s, file=name)
                self.assertEqual(e.data["file"], name)
                self.assertIn("no source file named", e.data["detail"])
        # gdb's list refuses the relative ones as well
        if shutil.which("gdb"):
            for name in ("fixtures/../fixtures/vars.c", "../../../../etc/passwd"):
                _, err = gdb_list(dbgd.fixture("vars"), name + ":1")
                self.assertIn("No source file named", err)

    def test_bounds(self):
        s = self.spawn("vars", stop="main")["session"]
        total = len(file_lines(VARS_C))
        e = self.assertRpcError(INVALID_PARAMS, "source", session=s, file="vars.c",
                                line=total + 1)
        self.assertEqual(e.data["total"], total)
        self.assertIn("out of range", e.data["detail"])
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file="vars.c", line=0)
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file="vars.c", count=0)
        e = self.assertRpcError(LIMIT, "source", session=s, file="vars.c", count=1001)
        self.assertEqual(e.data["limit"], 1000)
        self.assertEqual(len(self.rpc("source", session=s, file="vars.c", count=1000)["lines"]),
                         total)

    def test_long_lines_bytes_and_a_file_gone(self):
        # a program of our own whose source has CRLF line ends, a Latin-1 byte, a line
        # over 4096 bytes and no newline at the end; then its source is deleted
        if not shutil.which("cc"):
            self.skipTest("no cc")
        d = tempfile.mkdtemp(prefix="dbgd-src-")
        self.addCleanup(shutil.rmtree, d, True)
        src = os.path.join(d, "odd.c")
        text = (b"/* caf\xe9 */\r\nint main(void)\r\n{\r\n"
                b"        return 0; /* " + b"x" * 5000 + b" */\n}")
        with open(src, "wb") as f:
            f.write(text)
        prog = os.path.join(d, "odd")
        subprocess.run(["cc", "-g", "-O0", "-o", prog, src], check=True, cwd=d)
        st = self.rpc("spawn", path=prog, stop="main")
        s = st["session"]
        self.addCleanup(self._close_quietly, s)
        r = self.rpc("source", session=s, file="odd.c")
        self.assertEqual(r["total"], 5)
        self.assertEqual(r["lines"][0], "/* caf\ufffd */")
        self.assertEqual(r["lines"][1:3], ["int main(void)", "{"])
        self.assertEqual(r["lines"][3], ("        return 0; /* " + "x" * 5000)[:4096])
        self.assertEqual(r["cut"], [4])
        self.assertEqual(r["lines"][4], "}")
        os.unlink(src)
        e = self.assertRpcError(SYSTEM, "source", session=s, file="odd.c")
        self.assertEqual(e.data["errno"], "ENOENT")
        self.assertEqual(e.data["file"], src)

    def test_without_debug_info(self):
        st = self.spawn("deep_stripped", stop="exec")
        s = st["session"]
        self.assertRpcError(NO_SYMBOL, "source", session=s, file="deep.c")
        self.cont_to_end(s)
        # ended: the executable alone, which has no line tables
        e = self.assertRpcError(NO_SYMBOL, "source", session=s, file="deep.c")
        self.assertIn("no debug info", e.data["detail"])

    def test_running_and_ended(self):
        st = self.spawn("loop", "100000000")
        s = st["session"]
        st = self.rpc("cont", session=s, wait=False)
        self.assertEqual(st["state"], "running")
        r = self.rpc("source", session=s, file="loop.c", count=3)
        self.assertEqual(r["lines"], file_lines(os.path.join(os.path.dirname(VARS_C),
                                                             "loop.c"))[:3])
        self.rpc("kill", session=s)
        self.rpc("wait", session=s, timeout=10)
        r = self.rpc("source", session=s, file="loop.c", line=2, count=1)
        self.assertEqual(r["first"], 2)

    def test_bad_params(self):
        s = self.spawn("vars", stop="main")["session"]
        self.assertRpcError(INVALID_PARAMS, "source", session=s)
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file="")
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file=5)
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file="vars.c", line="1")
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file="vars.c", line=-1)
        self.assertRpcError(INVALID_PARAMS, "source", session=s, file="vars.c", path="x")
        self.assertRpcError(NO_SESSION, "source", session=999, file="vars.c")
        self.assertTrue(self.daemon.alive())


if __name__ == "__main__":
    dbgd.main()
