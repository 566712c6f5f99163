"""Backtraces as gdb 13 shows them, gdb run on the same fixture as the oracle (ASLR off
in both, so the pcs are equal):

- function names: gdb's bt names a frame after its DWARF subprogram (glibc's
  __libc_start_main_impl, __GI___pthread_kill), not after the ELF symbol with its
  version (__libc_start_main@@GLIBC_2.34); a PLT entry is puts@plt;
- code without CFI: gdb's prologue analysis (push %rbp; mov %rsp,%rbp) finds every
  frame, with or without frame pointers (uwnocfi_fp, uwnocfi_nofp);
- frame 0's stack pointer at a wild pc is rsp;
- a walk that stops on unreadable memory says so (uwsmash), as gdb's "Backtrace
  stopped: Cannot access memory at address ...".
"""

import re
import subprocess
import tempfile

import dbgd
from dbgd import DbgdTestCase, fixture, hexint, hexstr


def gdb_run(path, args, commands):
    """gdb's output for commands, on path run with args and an empty environment (as a
    dbgd spawn with env_clear)."""
    script = ["set pagination off", "set confirm off", "set startup-with-shell off",
              "set disable-randomization on", "unset environment"]
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write("\n".join(script + commands) + "\n")
        f.flush()
        return subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, "--args", path, *args],
                              capture_output=True, text=True, timeout=120).stdout


def bt_frames(out):
    """[(pc or None, function)] of the frames of gdb's bt in out (frame 0's pc is None
    when gdb leaves it out: at a line's start)."""
    frames = []
    for m in re.finditer(r"^#(\d+)\s+(?:(0x[0-9a-f]+) in )?(.+?) \(", out, re.M):
        frames.append((int(m.group(2), 16) if m.group(2) else None, m.group(3)))
    return frames


class UnwindCase(DbgdTestCase):
    def run_to_signal(self, name, *args, sig="SIGSEGV"):
        # gdb's environment: none (gdb_frames runs it with `unset environment`)
        return super().run_to_signal(name, *args, sig=sig, env={}, env_clear=True)

    def assertFramesAsGdb(self, frames, want):
        got = [(hexint(f["pc"]) if w[0] is not None else None, f.get("function", "??"))
               for f, w in zip(frames, want)]
        self.assertEqual(got, want, "dbgd %r\ngdb %r" % (frames, want))


class TestNames(UnwindCase):
    def test_glibc_frames_are_named_as_gdb_names_them(self):
        # abort -> raise -> pthread_kill: glibc's ELF names are versioned
        # (pthread_kill@@GLIBC_2.34, __libc_start_main@@GLIBC_2.34) or aliases of the
        # DWARF subprogram gdb names the frame after
        want = bt_frames(gdb_run(fixture("uwnames"), ["abort"], ["run", "bt", "kill"]))
        self.assertIn("main", [n for _, n in want])
        s, st = self.run_to_signal("uwnames", "abort", sig="SIGABRT")
        frames = self.rpc("backtrace", session=s)["frames"]
        # gdb stops at main (backtrace past-main off); pthread_kill's tail call frame
        # is gdb's "__pthread_kill_internal" (inlined at its jump: test_bt_parity.py)
        real = frames
        self.assertGreater(len(real), len(want))
        self.assertFramesAsGdb(real, want)
        self.assertEqual([f["function"] for f in real[len(want):]],
                         ["__libc_start_call_main", "__libc_start_main_impl", "_start"])
        for f in frames:
            self.assertNotIn("@", f.get("symbol", "") + f.get("linkage_name", ""), f)
            self.assertNotIn("@", f["function"], f)
        # the crash report's frames too, and its variables name them alike
        rep = self.rpc("report", session=s)
        self.assertEqual([f.get("function") for f in rep["backtrace"]],
                         [f.get("function") for f in frames])
        self.assertNotIn("@", st["stop"].get("symbol", ""))

    def test_a_plt_entry_is_named_as_gdb_names_it(self):
        # stopped on the first instruction of puts@plt (a stepi into the call)
        out = gdb_run(fixture("uwnames"), [], [
            "break say", "run", "stepi", "stepi", "stepi", "stepi", "p/x $pc", "bt", "kill"])
        want = bt_frames(out)
        pcs = [int(x, 16) for x in re.findall(r"\$\d+ = (0x[0-9a-f]+)$", out, re.M)]
        self.assertEqual(want[0][1], "puts@plt", out)
        s = self.spawn("uwnames", env={}, env_clear=True)["session"]
        self.rpc("break", session=s, address=hexstr(pcs[0]))
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        frames = self.rpc("backtrace", session=s)["frames"]
        self.assertEqual(hexint(frames[0]["pc"]), pcs[0])
        self.assertFramesAsGdb(frames[1:len(want)], want[1:])
        self.assertEqual(frames[0].get("function"), "puts@plt")


class TestNoCfi(UnwindCase):
    def check(self, name):
        want = bt_frames(gdb_run(fixture(name), [], ["run", "p/x $pc", "bt", "kill"]))
        self.assertEqual([n for _, n in want], ["leaf", "mid2", "mid1", "main"])
        s, st = self.run_to_signal(name)
        bt = self.rpc("backtrace", session=s)
        frames = bt["frames"]
        want[0] = (hexint(st["stop"]["pc"]), "leaf")
        self.assertFramesAsGdb(frames, want)
        self.assertEqual(len(frames), 4, frames)  # main ends it, as gdb's
        self.assertNotIn("error", bt)
        self.assertEqual([f.get("function") for f in self.rpc("report", session=s)["backtrace"]],
                         ["leaf", "mid2", "mid1", "main"])
        # the registers were put back after the walk
        self.assertEqual(hexint(self.rpc("regs", session=s, names=["rip"])["rip"]),
                         hexint(st["stop"]["pc"]))

    def test_frame_pointers_in_a_leaf_that_pushes_none(self):
        # leaf does not push rbp: libdwfl took rbp+8 (mid2's caller) for its caller
        self.check("uwnocfi_fp")

    def test_no_frame_pointers(self):
        # libdwfl found no frame past leaf ("No DWARF information found")
        self.check("uwnocfi_nofp")


class TestStack(UnwindCase):
    def test_frame_0_at_a_wild_pc_has_rsp(self):
        want = dbgd.gdb_values(fixture("crash"), ["call"], {}, ["run", "p/x $sp", "kill"])
        s, st = self.run_to_signal("crash", "call")
        self.assertEqual(hexint(st["stop"]["pc"]), 0)
        frames = self.rpc("backtrace", session=s)["frames"]
        rsp = self.rpc("regs", session=s, names=["rsp"])["rsp"]
        self.assertEqual(frames[0]["sp"], rsp)
        self.assertEqual(hexint(frames[0]["sp"]), want[0])
        self.assertEqual(self.rpc("report", session=s)["backtrace"][0]["sp"], rsp)

    def test_a_smashed_stack_says_where_the_walk_stopped(self):
        out = gdb_run(fixture("uwsmash"), [], ["run", "bt", "kill"])
        want = bt_frames(out)
        m = re.search(r"^Backtrace stopped: (Cannot access memory at address (0x[0-9a-f]+))",
                      out, re.M)
        self.assertTrue(m, out)
        s, st = self.run_to_signal("uwsmash")
        bt = self.rpc("backtrace", session=s)
        want[0] = (hexint(st["stop"]["pc"]), want[0][1])
        self.assertFramesAsGdb(bt["frames"], want)
        self.assertEqual(len(bt["frames"]), len(want), bt)
        self.assertIn("error", bt)
        self.assertIn(m.group(2), bt["error"])
        rep = self.rpc("report", session=s)
        self.assertIn(m.group(2), rep["backtrace_error"])


if __name__ == "__main__":
    dbgd.main()
