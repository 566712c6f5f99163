"""Steps by line against gdb as the oracle, run at test time (no stored sequences).

From a start (main, a function or a file:line), the same walk under gdb (-batch, its
Python API) and under dbgd: a sequence of `step`, of `next`, or of `step` with a
`finish` from inside every function a step enters, optionally after a first `finish`;
after each, (function, file:line, pc) must be the same. The programs (tests/fixtures:
stepwalk, stepjmp, stepcc) are built by gcc and clang at -O0, -Og and -O2
(<name>_<compiler>_<level>). Each case is chosen for a shape where dbgd once differed
or that the others do not cover; all of them, every program in every mode, are the
sweep that docs/architecture.md ("Steps by line") reports, and says there where gdb is
not followed and why.

Time: the gdb walks run two at a time in threads while dbgd's run, two sessions at a
time on one daemon; every walk has a deadline, and a walk that misses it fails its
case with what it was doing and what it had recorded, not the whole test.
"""

import concurrent.futures
import os
import subprocess
import tempfile
import time

import dbgd
from dbgd import DbgdTestCase, fixture, hexint

GDB_PY = r'''
import gdb, os

def rec():
    f = gdb.newest_frame()
    sal = f.find_sal()
    src = ("%s:%d" % (os.path.basename(sal.symtab.filename), sal.line)
           if sal.symtab else "?")
    print("@@ %s|%s|0x%x" % (f.name() or "??", src, f.pc()), flush=True)

def alive():
    return gdb.selected_inferior().pid != 0

def finish():
    try:
        gdb.execute("finish", to_string=True)
    except gdb.error:
        print("@@ finish-error", flush=True)
        return True
    if not alive():
        print("@@ exit", flush=True)
        return False
    rec()
    return True

def walk(mode, n, top, first):
    rec()
    if first == "finish" and not finish():
        return
    for _ in range(n):
        try:
            gdb.execute("next" if mode == "next" else "step", to_string=True)
        except gdb.error:
            break
        if not alive():
            print("@@ exit", flush=True)
            return
        rec()
        f = gdb.newest_frame()
        if mode == "finish" and f.name() != top and f.older() is not None:
            if not finish():
                return
'''

# Seconds for one walk, gdb's or dbgd's (each takes 1-6 s alone, on a busy machine up
# to three times that).
WALK_TIMEOUT = 40


class Case:
    """A walk: program, mode (step, next, finish), count of steps, where it starts (a
    function or file:line for a breakpoint) and an optional first command (finish)."""

    def __init__(self, program, mode, n, start="main", first=None, why=""):
        self.program, self.mode, self.n = program, mode, n
        self.start, self.first, self.why = start, first, why

    def __str__(self):
        return "%s %s x%d from %s%s" % (self.program, self.mode, self.n, self.start,
                                        " after finish" if self.first else "")


CASES = [
    Case("stepwalk_gcc_O0", "finish", 30, why="calls, recursion, a callback, libc"),
    Case("stepwalk_gcc_O2", "finish", 30,
         why="finish out of inlined square lands mid-line: on to a line's start"),
    Case("stepwalk_clang_O2", "finish", 8, why="finish out of inlined is_even, mid-line"),
    Case("stepwalk_clang_Og", "finish", 20,
         why="finish out of libc's bsearch inlined in main, mid-line"),
    Case("stepwalk_clang_Og", "step", 26,
         why="a return into a recursive caller's inlined code is not a step into it"),
    Case("stepwalk_gcc_Og", "next", 25, why="next over loops and inlined calls"),
    Case("stepjmp_gcc_O0", "next", 25,
         why="longjmps whose target is the return address; signal handlers"),
    Case("stepjmp_clang_O2", "next", 6, start="attempt",
         why="next over a call that longjmps out: gdb cannot follow it here (runs on)"),
    Case("stepjmp_gcc_Og", "finish", 6, start="attempt",
         why="finish from a call that longjmps out: gdb runs on too"),
    Case("stepcc_gcc_Og", "step", 12, start="stepcc.cc:25",
         why="a step over a throw stops at the landing pad at its return address"),
    Case("stepcc_gcc_O2", "next", 6, start="stepcc.cc:63",
         why="next over a throw caught in the caller: gdb runs on (no unwinder hook)"),
    Case("stepcc_gcc_O0", "next", 6, start="stepcc.cc:25", first="finish",
         why="finish from a throw caught in the caller: gdb runs on"),
    Case("stepcc_clang_Og", "finish", 20,
         why="finish ends where the next inlined destructor begins"),
    Case("stepcc_clang_O2", "step", 30, why="inlined constructors, lambdas, templates"),
]


class WalkError(Exception):
    """A walk that did not end: what it was doing and what it had recorded."""


def top_name(start):
    return "main" if ":" in start else start


def gdb_sequence(path, mode, n, start="main", first=None, timeout=WALK_TIMEOUT):
    with tempfile.TemporaryDirectory() as d:
        py = os.path.join(d, "walk.py")
        with open(py, "w") as f:
            f.write(GDB_PY)
        cmds = ["set pagination off", "set confirm off", "set startup-with-shell off",
                "set disable-randomization on", "unset environment", "source " + py,
                "break " + start, "run", "delete",
                "python walk(%r, %d, %r, %r)" % (mode, n, top_name(start), first)]
        args = []
        for c in cmds:
            args += ["-ex", c]
        try:
            r = subprocess.run(["gdb", "-batch", "-nx"] + args + [path],
                               capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (
                e.stdout or "")
            recs = [l[3:] for l in out.splitlines() if l.startswith("@@ ")]
            raise WalkError("gdb's walk did not end within %ds after %d records (last: %s)"
                            % (timeout, len(recs), recs[-3:])) from None
    seq = [l[3:] for l in r.stdout.splitlines() if l.startswith("@@ ")]
    if not seq:
        raise WalkError("gdb recorded nothing (exit %d): %s" % (r.returncode,
                                                                 r.stderr[-2000:]))
    return seq


def record(t, s, st):
    stop = st["stop"]
    src = stop.get("source")
    where = "%s:%d" % (os.path.basename(src["file"]), src["line"]) if src else "?"
    frames = t.rpc("backtrace", session=s, limit=2)["frames"]
    name = frames[0].get("function", "??") if frames else "??"
    return "%s|%s|0x%x" % (name, where, hexint(stop["pc"])), frames


def dbgd_sequence(t, path, mode, n, start="main", first=None, out=None):
    """The same walk under dbgd, through t.rpc (a client, or a test case); records go
    to out as they come (so that a walk cut short tells how far it went)."""
    out = [] if out is None else out
    s = t.rpc("spawn", path=path, args=[], env={}, env_clear=True, stop="exec")["session"]
    try:
        b = t.rpc("break", session=s, symbol=start)  # a function or file:line
        st = t.rpc("cont", session=s)
        assert st["state"] == "stopped" and st["stop"]["reason"] == "breakpoint", st
        t.rpc("delete", session=s, breakpoint=b["breakpoint"])
        top = top_name(start)
        out.append(record(t, s, st)[0])  # where the walk starts: the same place

        def finish():
            try:
                st = t.rpc("finish", session=s)
            except dbgd.RpcError:
                out.append("finish-error")
                return True
            if st["state"] != "stopped":
                out.append("exit")
                return False
            out.append(record(t, s, st)[0])
            return True

        if first == "finish" and not finish():
            return out
        for _ in range(n):
            st = t.rpc("step", session=s, line=True, over=mode == "next")
            if st["state"] != "stopped":
                out.append("exit")
                break
            rec, frames = record(t, s, st)
            out.append(rec)
            if mode != "finish" or rec.startswith(top + "|") or len(frames) < 2:
                continue
            if not finish():
                break
        return out
    finally:
        try:
            t.rpc("close", session=s)
        except (dbgd.RpcError, OSError):
            pass


class TestStepParity(DbgdTestCase):
    client_timeout = WALK_TIMEOUT

    def dbgd_walk(self, case):
        """dbgd's walk for case on a client of its own: (records, error or None)."""
        out = []
        c = self.daemon.client(timeout=WALK_TIMEOUT)
        t0 = time.monotonic()
        try:
            dbgd_sequence(c, fixture(case.program), case.mode, case.n, case.start,
                          case.first, out)
            return out, None
        except Exception as e:  # a timeout, a refused call: the case's failure
            return out, "dbgd's walk failed after %.1fs and %d records (last: %s): %r" % (
                time.monotonic() - t0, len(out), out[-3:], e)
        finally:
            c.close()

    def test_steps_match_gdb(self):
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as gdbs, \
                concurrent.futures.ThreadPoolExecutor(max_workers=2) as walks:
            want = [gdbs.submit(gdb_sequence, fixture(c.program), c.mode, c.n, c.start,
                                c.first) for c in CASES]
            got = [walks.submit(self.dbgd_walk, c) for c in CASES]
            for case, w, g in zip(CASES, want, got):
                with self.subTest(case=str(case), why=case.why):
                    seq, err = g.result()
                    if err:
                        self.fail(err)
                    try:
                        expected = w.result()
                    except WalkError as e:
                        self.fail(str(e))
                    self.assertGreater(len(expected), 1 if case.start != "main" else 5)
                    self.assertEqual(seq, expected)
        # The time the docs and the CTest timeout are planned for (~90 s at most).
        print("\n%d walks in %.1fs" % (len(CASES), time.monotonic() - t0))


if __name__ == "__main__":
    dbgd.main()
