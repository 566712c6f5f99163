"""Backtraces of crashing programs as gdb 13's bt shows them, gdb run on the same
fixture as the oracle: function names, source file:line and the number of frames (gdb
stops at main; dbgd goes on into libc past it):

- a tail call's frame where code is inlined at the jump is one frame, named after the
  innermost inlined function (glibc's abort path: __pthread_kill_internal, inlined into
  pthread_kill, which jumps to __pthread_kill_implementation);
- a fault at the first instruction of inlined code is shown in its caller, at the
  inlined call's line (gdb's skip_inline_frames at a signal stop);
- entry values of a function reached by a tail call come from the jump's call site;
- the other threads' stacks in a report reach their outermost frames;
- code generated into an mmap'ed page (no module, no CFI) that pushed nothing is
  unwound from the return address at rsp; one that set up a frame from rbp, where gdb
  shows what was at rsp as a frame of its own.
"""

import re

import dbgd
from dbgd import DbgdTestCase, fixture, hexint
from test_unwind_gdb import gdb_run

FRAME = re.compile(r"^#(\d+)\s+(?:(0x[0-9a-f]+) in )?(\S+) \((.*?)\)(?: at (\S+):(\d+))?$", re.M)


def gdb_frames(out):
    """[(function, (file, line) or None, args text)] of the frames of gdb's bt in out."""
    return [(m.group(3), (m.group(5), int(m.group(6))) if m.group(5) else None, m.group(4))
            for m in FRAME.finditer(out)]


def gdb_arg(args, name):
    """The value gdb's bt gives parameter name in args ("b=b@entry=128": 128)."""
    m = re.search(r"(?:^|, )%s=(?:%s@entry=)?([^,]+)" % (name, name), args)
    return m.group(1) if m else None


def dbgd_frames(frames):
    return [(f.get("function", "??"),
             (f["source"]["file"], f["source"]["line"]) if "source" in f else None)
            for f in frames]


class ParityCase(DbgdTestCase):
    def crash(self, name, *args, sig="SIGSEGV"):
        """gdb's frames and dbgd's (session, stop, frames) at the crash."""
        want = gdb_frames(gdb_run(fixture(name), list(args), ["run", "bt", "kill"]))
        self.assertTrue(want, name)
        s, st = self.run_to_signal(name, *args, sig=sig, env={}, env_clear=True)
        return want, s, st, self.rpc("backtrace", session=s)["frames"]

    def assertAsGdb(self, frames, want):
        # gdb's frames, then (past main) libc's: the same count up to main
        self.assertEqual(dbgd_frames(frames[:len(want)]), [w[:2] for w in want],
                         "dbgd %r\ngdb %r" % (frames, want))
        if want[-1][0] == "main":
            self.assertEqual([f["function"] for f in frames[len(want):]],
                             ["__libc_start_call_main", "__libc_start_main_impl", "_start"])


class TestTailCalls(ParityCase):
    def test_abort_path_as_gdb(self):
        # pthread_kill jumps to __pthread_kill_implementation from
        # __pthread_kill_internal, inlined into it: gdb's one tail call frame is
        # "__pthread_kill_internal" at pthread_kill.c:78, no __GI___pthread_kill
        want, s, st, frames = self.crash("uwnames", "abort", sig="SIGABRT")
        self.assertEqual([w[0] for w in want],
                         ["__pthread_kill_implementation", "__pthread_kill_internal",
                          "__GI_raise", "__GI_abort", "main"])
        self.assertAsGdb(frames, want)
        self.assertTrue(frames[1].get("tailcall"), frames[1])
        self.assertNotIn("inlined", frames[1])
        # its variables are the inlined function's (gdb: signo=6)
        args = {v["name"]: v.get("value", v.get("error"))
                for v in self.rpc("locals", session=s, frame=1)["args"]}
        self.assertEqual(args["signo"], gdb_arg(want[1][2], "signo"))
        rep = self.rpc("report", session=s)
        self.assertEqual(dbgd_frames(rep["backtrace"]), dbgd_frames(frames))
        # a window of the stack (start) counts the frames the same way
        for k in range(len(frames)):
            got = self.rpc("backtrace", session=s, start=k, limit=1)
            self.assertEqual(dbgd_frames(got["frames"]), dbgd_frames(frames[k:k + 1]), k)

    def test_tail_call_from_inlined_code(self):
        # outer jumps to boom from wrap, inlined into it (gcc); clang calls it
        for name in ("btparity", "btparity_clang"):
            with self.subTest(name):
                want, s, _, frames = self.crash(name, "tailinl")
                self.assertAsGdb(frames, want)
                self.assertNotIn("outer", [f["function"] for f in frames])
                if name == "btparity":
                    self.assertEqual([w[0] for w in want], ["boom", "wrap", "main"])
                    self.assertTrue(frames[1].get("tailcall"))

    def test_real_tail_call_chains_still_show(self):
        # c1 jumps to c2, which jumps to c3 (entryvals, -O2): gdb's tail call frames
        want, s, _, frames = self.crash("entryvals", "chain")
        self.assertEqual([w[0] for w in want], ["boom", "c3", "c2", "c1", "main"])
        self.assertAsGdb(frames, want)
        self.assertEqual([bool(f.get("tailcall")) for f in frames[:5]],
                         [False, False, True, True, False])


class TestEntryValues(ParityCase):
    def test_entry_values_through_a_tail_calls_site(self):
        # main calls mid, which jumps to last: last's a and b at entry are what mid's
        # jump passed (gdb: a=a@entry=3, b=b@entry=128)
        for name in ("btparity", "btparity_clang"):
            with self.subTest(name):
                want, s, _, frames = self.crash(name, "entry")
                self.assertAsGdb(frames, want)
                self.assertEqual(want[1][0], "last")
                args = {v["name"]: v.get("value", v.get("error"))
                        for v in self.rpc("locals", session=s, frame=1)["args"]}
                self.assertEqual(args["b"], gdb_arg(want[1][2], "b"))
                if name == "btparity":  # (clang's a is in a register)
                    self.assertEqual(args["a"], gdb_arg(want[1][2], "a"))

    def test_a_waiting_threads_futex_arguments(self):
        # thcrash's main thread waits in pthread_join: __futex_abstimed_wait_common is
        # reached by a jump from __futex_abstimed_wait_cancelable64, and its
        # private=128 comes from that jump's call site, in the frame inlined into it too
        out = gdb_run(fixture("thcrash"), ["joined"], ["run", "thread 1", "bt", "kill"])
        want = gdb_frames(out[out.rindex("\n#0 "):])  # (bt's: `thread 1` shows #0 too)
        self.assertEqual(want[0][0], "__futex_abstimed_wait_common64", out)
        s, st = self.run_to_signal("thcrash", "joined", env={}, env_clear=True)
        self.rpc("thread", session=s, tid=self.rpc("status", session=s)["pid"])
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertAsGdb(frames, want)
        for k in (0, 1):
            args = {v["name"]: v.get("value", v.get("error"))
                    for v in self.rpc("locals", session=s, frame=k)["args"]}
            for name in ("private", "cancel"):
                self.assertEqual(args[name], gdb_arg(want[k][2], name), (k, args, want[k]))


class TestInlinedStart(ParityCase):
    def test_fault_at_an_inlined_blocks_first_instruction(self):
        # store() is inlined into first(); its store faults on its first instruction:
        # gdb shows first() at the call's line, no frame for store
        for name in ("btparity", "btparity_clang"):
            with self.subTest(name):
                want, s, st, frames = self.crash(name, "inlfirst")
                self.assertEqual([w[0] for w in want], ["first", "main"])
                self.assertAsGdb(frames, want)
                self.assertEqual(st["stop"]["source"]["line"], want[0][1][1])
                rep = self.rpc("report", session=s)
                self.assertEqual(dbgd_frames(rep["backtrace"]), dbgd_frames(frames))
                self.assertEqual(dbgd_frames(self.rpc("backtrace", session=s, start=1,
                                                      limit=1)["frames"]),
                                 dbgd_frames(frames[1:2]))
                args = {v["name"]: v.get("value", v.get("error"))
                        for v in self.rpc("locals", session=s, frame=0)["args"]}
                self.assertEqual(args["p"], gdb_arg(want[0][2], "p"))
                # gdb's step there enters the inlined code without running
                out = gdb_run(fixture(name), ["inlfirst"], ["run", "step", "bt", "kill"])
                stepped = gdb_frames(out[out.rindex("\n#0 "):])
                self.assertEqual([w[0] for w in stepped], ["store", "first", "main"])
                st2 = self.assertStopped(self.rpc("step", session=s, line=True), "step")
                self.assertEqual(st2["pc"], st["stop"]["pc"])
                self.assertEqual(st2["source"]["line"], stepped[0][1][1])
                self.assertAsGdb(self.rpc("backtrace", session=s)["frames"], stepped)


class TestThreads(ParityCase):
    def test_other_threads_stacks_reach_main(self):
        # report's threads: the main thread's stack as gdb's thread apply all bt
        out = gdb_run(fixture("thcrash"), ["joined"], ["run", "thread apply all bt", "kill"])
        want = gdb_frames(out[out.index("\nThread 1 "):])
        self.assertEqual(want[-1][0], "main", out)
        s, st = self.run_to_signal("thcrash", "joined", env={}, env_clear=True)
        threads = self.rpc("report", session=s)["threads"]
        self.assertEqual(len(threads), 1, threads)
        self.assertAsGdb(threads[0]["backtrace"], want)


class TestGeneratedCode(ParityCase):
    def test_generated_code_without_a_frame(self):
        for name in ("btparity", "btparity_clang"):
            with self.subTest(name):
                want, s, st, frames = self.crash(name, "jit")
                self.assertEqual([w[0] for w in want], ["??", "run_jit", "main"])
                self.assertAsGdb(frames, want)
                self.assertEqual(hexint(frames[0]["pc"]), hexint(st["stop"]["pc"]))

    def test_generated_code_with_a_frame(self):
        # gdb takes the saved rbp at rsp for a return address (a frame "?? ()" at a
        # small number) and finds run_jit next; dbgd follows rbp, without that frame
        for name in ("btparity", "btparity_clang"):
            with self.subTest(name):
                want, s, st, frames = self.crash(name, "jitfp")
                self.assertEqual([w[0] for w in want], ["??", "??", "run_jit", "main"])
                self.assertAsGdb(frames, want[:1] + want[2:])


if __name__ == "__main__":
    dbgd.main()
