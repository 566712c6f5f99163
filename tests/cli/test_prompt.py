"""dbgctl's interactive prompt, driven through a pseudo-terminal and through stdin:
break at tick, continue to it, read registers and memory, survive bad input, run to
the exit; Ctrl-C pauses a running program without killing the client."""

import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from cli import fixture, gdb_break_addrs, nm  # noqa: E402

HEX = r"0x[0-9a-f]+"
PROMPT = r"\(dbg\) "


class Prompt(cli.CliTestCase):

    def pty(self, *args):
        p = cli.Pty(list(args), self.daemon.env(TERM="dumb", HOME=self.daemon.dir))
        self.addCleanup(p.close)
        return p

    def test_scripted_session_on_a_pty(self):
        loop = fixture("loop")
        tick = nm(loop, "tick")
        p = self.pty("debug", loop, "3")
        m = p.expect(r"session (\d+) \(pid \d+\): %s 3\nexec at %s\n" % (re.escape(loop), HEX))
        sid = int(m.group(1))
        p.expect(PROMPT)

        p.sendline("h")
        p.expect(r"m 0xADDR")
        p.expect(PROMPT)
        p.sendline("b 0x%x" % tick)
        p.expect(r"breakpoint 1 at 0x%x \(\S*loop\.c:\d+\)\n" % tick)
        p.sendline("c")
        p.expect(r"breakpoint 1 at 0x%x in tick \(\S*loop\.c:\d+\)\n" % tick)
        p.expect(PROMPT)
        p.sendline("regs")
        p.expect(r"rip\s+0x%x\n" % tick)
        p.expect(PROMPT)
        p.sendline("regs rip rsp")
        p.expect(r"rip\s+0x%x\nrsp\s+%s" % (tick, HEX))
        p.send("\x10\r")  # ^P: the previous line from the history, run again
        p.expect(r"rip\s+0x%x\nrsp\s+%s" % (tick, HEX))
        p.sendline("m 0x%x" % tick)
        p.expect(r"0x%x  55 " % tick)
        p.sendline("x/6xw 0x%x" % tick)  # gdb's: words, four a line
        p.expect(r"0x%x:\t0xe5894855(\t0x[0-9a-f]{8}){3}\n0x%x:(\t0x[0-9a-f]{8}){2}\n%s"
                 % (tick, tick + 16, PROMPT))

        # bad input is reported and survived
        p.sendline("frob")
        p.expect(r"unknown instruction: frob\n")
        p.sendline("m 401126")
        p.expect(r"address must start with 0x: 401126\n")
        p.sendline("m 0xhello")
        p.expect(r"cannot parse address: 0xhello\n")
        p.sendline("b 0xhello")
        p.expect(r"cannot parse address: 0xhello\n")
        p.sendline("b 1234")  # gdb's: a line of the stop's file
        p.expect(r"No line 1234 in file \"\S*loop\.c\"")
        p.sendline("delete 7")
        p.expect(r"\(-32008\)")

        p.sendline("si")  # one instruction, said where, as gdb's stepi
        p.expect(r"step at 0x%x in tick\+0x1 \(\S*loop\.c:11\)\n" % (tick + 1))
        p.sendline("stepi")
        p.expect(r"step at 0x%x in tick\+0x4 \(\S*loop\.c:11\)\n" % (tick + 4))
        p.sendline("c")
        p.expect(r"breakpoint 1 at 0x%x in tick " % tick)
        p.sendline("breakpoints")
        p.expect(r"\s+1\s+0x%x\s+2\s+no\n" % tick)
        p.sendline("delete 1")
        p.expect(r"deleted breakpoint 1\n")
        p.sendline("c")
        p.expect(r"sum=6\n")
        p.expect(r"exited with code 0\n")
        p.sendline("c")
        p.expect(r"\(-32003\)")
        p.sendline("output")
        p.expect(r"sum=6\n")
        p.sendline("q")
        self.assertEqual(p.wait(), 0)
        # the prompt started the program, so quitting closed its session
        self.assertEqual(self.ctl("status", sid).rc, cli.EXIT_RPC)

    def test_ctrl_c_pauses(self):
        p = self.pty("debug", fixture("loop"), "1000000000")
        m = p.expect(r"session (\d+) ")
        sid = int(m.group(1))
        p.expect(PROMPT)
        p.sendline("c")
        # wait until it really runs, then ^C
        deadline = time.monotonic() + 10
        while self.okjson("status", sid)["state"] != "running":
            self.assertLess(time.monotonic(), deadline, "the program never ran")
            time.sleep(0.02)
        p.send("\x03")
        p.expect(r"interrupted at %s\n" % HEX)
        p.expect(PROMPT)
        p.sendline("kill")
        p.expect(r"killed by SIGKILL\n")
        # ^C at the prompt itself does not end the client either
        p.expect(PROMPT)
        p.send("\x03")
        p.expect(PROMPT)  # the terminal flushes pending input on ^C: wait for the prompt
        p.sendline("status")
        p.expect(r"killed by SIGKILL\n")
        p.sendline("quit")
        self.assertEqual(p.wait(), 0)

    def test_attach_and_no_session(self):
        sid, _ = self.spawn("hello")
        p = self.pty("attach", sid)
        p.expect(r"session %d \(pid \d+\): %s\nexec at %s\n" % (sid, re.escape(fixture("hello")),
                                                                HEX))
        p.expect(PROMPT)
        p.sendline("syscall")
        p.expect(r"syscall-exit execve = 0\n")
        p.sendline("sys")
        p.expect(r"syscall-entry \w+\(")
        p.sendline("q")
        self.assertEqual(p.wait(), 0)
        # attach does not own the session: it is still there
        self.assertEqual(self.okjson("status", sid)["state"], "stopped")

        p = self.pty()
        p.expect(r"no session")
        p.expect(PROMPT)
        p.sendline("c")
        p.expect(r"no session: start one")
        p.sendline("attach %d" % sid)
        p.expect(r"session %d " % sid)
        p.sendline("sessions")
        p.expect(r"SESSION\s+PID\s+COMMAND")
        p.sendline("q")
        self.assertEqual(p.wait(), 0)

    def test_input_before_cont(self):
        # the input is queued at the exec stop; the program reads it when it runs
        script = "input hello  there\ninput --eof\nc\nq\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", "--stdin-open", fixture("echoin")],
                           input=script, capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        self.assertTrue(r.stdout.endswith("stdin closed\nhello  there\neof\n"
                                          "exited with code 0\n"), r.stdout)

    def test_scripted_session_on_stdin(self):
        loop = fixture("loop")
        tick = nm(loop, "tick")
        script = "\n".join([
            "b 0x%x" % tick,
            "c",
            "regs",
            "m 0x%x 4" % tick,
            "zz",
            "m nope",
            "poke 0x%x 55" % tick,
            "delete 1",
            "c",
            "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", loop, "2"], input=script,
                           capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        out = r.stdout
        self.assertNotIn("(dbg)", out)  # no prompt when stdin is not a terminal
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^session \d+ \(pid \d+\): ")
        self.assertRegex(lines[1], r"^exec at %s$" % HEX)
        self.assertRegex(lines[2], r"^breakpoint 1 at 0x%x \(\S*loop\.c:\d+\)$" % tick)
        self.assertRegex(lines[3], r"^breakpoint 1 at 0x%x in tick \(\S*loop\.c:\d+\)$" % tick)
        self.assertIn("rip", out)
        self.assertRegex(out, r"\n0x%x  55 [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} " % tick)
        self.assertIn("\nunknown instruction: zz\n", out)
        self.assertIn("\naddress must start with 0x: nope\n", out)
        self.assertIn("\nwrote 1 bytes at 0x%x\n" % tick, out)
        self.assertTrue(out.endswith("deleted breakpoint 1\nsum=2\nexited with code 0\n"), out)

    def test_watch_on_stdin(self):
        counter = nm(fixture("watched"), "counter")
        script = "\n".join([
            "break main", "c",
            "watch counter", "c", "c",
            "watchpoints", "unwatch 1", "watch", "watch nope",
            "c", "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", fixture("watched")], input=script,
                           capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        out = r.stdout
        self.assertIn("\nwatchpoint 1 at 0x%x (8 bytes, write)\n" % counter, out)
        self.assertRegex(out, r"\nwatchpoint 1 at %s \(0x%x: 0x0 -> 0x3\)\n" % (HEX, counter))
        self.assertRegex(out, r"\nwatchpoint 1 at %s \(0x%x: 0x3 -> 0x6\)\n" % (HEX, counter))
        self.assertRegex(out, r"\n +1  0x%x +8  write +2  0x6\n" % counter)
        self.assertIn("\ndeleted watchpoint 1\n", out)
        self.assertIn("\nusage: watch 0xADDR|SYMBOL [1|2|4|8] [rw]\n", out)
        self.assertIn("no symbol", r.stdout + r.stderr)
        self.assertTrue(out.endswith("15\nexited with code 0\n"), out)

    def test_variables_on_stdin(self):
        # gdb's p, info locals, up/down, bt: the API's locals and print (tested against
        # gdb in test_program.py) at the prompt
        script = "\n".join([
            "break vars.c:22", "c", "p depth", "p/x depth", "p/q depth", "p depth * 2 + 1",
            "info args", "up",
            "p total", "locals",
            "frame 2", "p p", "down", "down", "down", "p nosuch", "bt", "c", "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", fixture("vars")], input=script,
                           capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        out = r.stdout
        self.assertIn("\ndepth = 6\ndepth = 0x6\n", out)
        self.assertIn("\ndepth * 2 + 1 = 13\n", out)
        self.assertIn("print/FMT: FMT is one of x, d, u, o, t, c", out)
        self.assertIn("\nframe 0, in leaf\narguments:\n  r = ", out)
        self.assertIn("\n  m = M_ON\n  c = 113 'q'\nlocals:\n  depth = 6\n", out)
        self.assertRegex(out, r"\n  #1 +%s  work\+0x[0-9a-f]+ \(\S*vars\.c:47\)\ntotal = 22\n" % HEX)
        self.assertIn("\nframe 1, in work\n", out)
        # (past "tag" and its NUL, buf is what the stack had: it depends on the
        # environment's size)
        self.assertIn("\n  buf = \"tag", out)
        self.assertIn("\np = {x = 3, y = 4}\n", out)
        self.assertIn("\nalready at the innermost frame\n", out)
        self.assertIn("no variable \"nosuch\"", out + r.stderr)
        self.assertRegex(out, r"\n  #2 +%s  main\+" % HEX)
        self.assertTrue(out.endswith("exited with code 0\n"), out)

    def test_break_if_condition_ignore(self):
        # gdb's break WHERE if COND, condition N [COND] and ignore N COUNT; condvars
        # visits records 0..7 from main, then 42 four times from a thread
        script = "\n".join([
            "break visit if r->id == 3 || r->id == 6", "r", "p r->id",
            "condition 1 depth >= 8", "c", "p depth",
            "condition 1", "ignore 1 1", "c", "p depth",
            "break visit if nosuch > 1", "break visit junk",
            "info breakpoints", "d 1", "c", "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", fixture("condvars")], input=script,
                           capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        out = r.stdout + r.stderr
        self.assertRegex(out, r"breakpoint 1 at %s \(\S*condvars\.c:\d+\) "
                              r"if r->id == 3 \|\| r->id == 6\n" % HEX)
        self.assertIn("\nr->id = 3\n", out)
        self.assertRegex(out, r"breakpoint 1 at %s \(\S*condvars\.c:\d+\) if depth >= 8\n"
                         % HEX)
        self.assertIn("\ndepth = 8\n", out)
        self.assertIn("Breakpoint 1 now unconditional.\n", out)
        self.assertIn("Will ignore next 1 crossings of breakpoint 1.\n", out)
        self.assertIn("\ndepth = 10\n", out) # depth 9 ignored
        self.assertIn('no variable "nosuch"', out)
        self.assertIn("usage: break WHERE [if CONDITION]", out)
        self.assertTrue(r.stdout.endswith("exited with code 0\n"), r.stdout)

    # gdb's words, against gdb: the same commands from `break main` in both, and after
    # each the same pc and line. A run of si/ni first (one over the call of strcmp, one
    # into the call of outer), then line steps into outer and middle and back out,
    # counts among them, and the long names.
    STEPS = ["si", "ni 7", "ni", "next", "n", "stepi 4", "si", "s", "step", "nexti 3",
             "s 2", "n", "s", "n 2", "next", "n", "step", "n", "n", "ni", "si", "n", "n", "n",
             "n"]

    def gdb_stops(self, path, args, commands):
        """gdb's (pc, line) after each command from `break main` (line None where the
        pc has no line), until the program ends."""
        probe = ("python\n"
                 "try:\n"
                 "    f = gdb.selected_frame()\n"
                 "    print('@@ %#x %d' % (f.pc(), f.find_sal().line))\n"
                 "except gdb.error:\n"
                 "    print('@@ end')\n"
                 "end")
        script = ["set pagination off", "set confirm off", "set startup-with-shell off",
                  "set disable-randomization on", "break main", "run", "delete"]
        for c in commands:
            script += [c, probe]
        with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
            f.write("\n".join(script) + "\n")
            f.flush()
            out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, "--args", path,
                                  *args], capture_output=True, text=True, timeout=120).stdout
        stops = []
        for m in re.finditer(r"^@@ (?:(0x[0-9a-f]+) (\d+)|end)$", out, re.M):
            if not m.group(1):
                break
            stops.append((int(m.group(1), 16), int(m.group(2)) or None))
        return stops

    def prompt_stops(self, path, args, commands):
        """The prompt's (pc, line) after each command from `break main`, read from the
        lines it prints ("step at PC in FUNC+OFF (FILE:LINE)"), and its whole output."""
        script = "\n".join(["break main", "c", "delete 1"] + commands + ["q"]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", path, *args], input=script,
                           capture_output=True, text=True, timeout=120, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stderr, "")
        stops = [(int(pc, 16), int(line) if line else None) for pc, line in re.findall(
            r"^step at (0x[0-9a-f]+)(?: in \S+)?(?: \(\S+:(\d+)\))?$", r.stdout, re.M)]
        return stops, r.stdout

    def test_steps_are_gdbs(self):
        path = fixture("deep")
        want = self.gdb_stops(path, ["ok"], self.STEPS)
        self.assertEqual(len(want), len(self.STEPS), want)  # the program did not end
        got, out = self.prompt_stops(path, ["ok"], self.STEPS)
        self.assertEqual(got, want, out)
        # every stop says where, function and line, as gdb prints the line it reached
        self.assertRegex(out, r"\nstep at 0x%x in outer \(\S*deep\.c:\d+\)\n" % nm(path, "outer"))
        self.assertRegex(out, r"\nstep at %s in crash_here\+0x[0-9a-f]+ \(\S*deep\.c:\d+\)\n"
                         % HEX)

    def test_step_counts_are_gdbs(self):
        # the counts of s, n, si and ni are gdb's too; and one command for several steps
        # prints one stop, as gdb's prints the last place
        cmds = ["s 3", "n 2", "si 5", "ni 5", "step 3", "next 3"]
        want = self.gdb_stops(fixture("loop"), ["3"], cmds)
        self.assertEqual(len(want), len(cmds), want)
        got, out = self.prompt_stops(fixture("loop"), ["3"], cmds)
        self.assertEqual(got, want, out)

    def test_run_start_and_bad_counts(self):
        # r/run is gdb's run: from the first stop it runs the program (to its
        # breakpoint); later it says how to start again, and regs are regs
        loop = fixture("loop")
        tick = nm(loop, "tick")
        main_bp = gdb_break_addrs(loop, ["main", "loop.c:21"])
        script = "\n".join([
            "r 5", "b 21", "run", "r", "regs rip", "info registers rip", "i r rip", "c",
            "s 0", "n x", "si -1", "ni 2x", "sys", "tbreak *0x%x" % tick, "c",
            "breakpoints", "up 1", "down 1", "f", "kill", "r", "start", "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", loop, "3"], input=script,
                           capture_output=True, text=True, timeout=60, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        lines = r.stdout.splitlines()[2:]
        self.assertEqual(lines[0], "r takes no arguments here: give them to 'debug PROG ARGS'")
        # break LINE: a line of main's file before the program stops anywhere with lines
        self.assertRegex(lines[1], r"^breakpoint 1 at 0x%x \(\S*loop\.c:21\)$" % main_bp[1])
        self.assertRegex(lines[2], r"^breakpoint 1 at 0x%x in main\+0x[0-9a-f]+ "
                         r"\(\S*loop\.c:21\)$" % main_bp[1])
        self.assertTrue(lines[3].startswith("r: the program has already started: 'c' "
                                            "continues it"), lines[3])
        for line in lines[4:7]:  # regs, info registers, i r
            self.assertRegex(line, r"^rip +0x%x$" % main_bp[1])
        self.assertRegex(lines[7], r"^breakpoint 1 at %s in main\+" % HEX)
        for i, word in enumerate(["0", "x", "-1", "2x"]):
            self.assertEqual(lines[8 + i], "step count must be a positive number: %s" % word)
        # sys, not s, is the syscall stop (here the breakpoint comes first)
        self.assertRegex(lines[12], r"^breakpoint 1 at %s in main\+" % HEX)
        self.assertRegex(lines[13], r"^breakpoint 2 at 0x%x \(\S*loop\.c:11\) \(temporary\)$"
                         % tick)
        self.assertRegex(lines[14], r"^breakpoint 2 at 0x%x in tick " % tick)
        self.assertNotIn(" 2 ", "\n".join(lines[15:17]))  # a temporary one, gone
        self.assertRegex(lines[-6], r"^  #1 +%s  main\+" % HEX)  # up 1
        self.assertRegex(lines[-5], r"^  #0 +0x%x  tick " % tick)  # down 1
        self.assertRegex(lines[-4], r"^  #0 +0x%x  tick " % tick)  # f
        self.assertEqual(lines[-3:], [
            "killed by SIGKILL",
            "r: the program has ended; 'debug PROG [ARGS]' starts it again",
            "start: the program has ended; 'debug PROG [ARGS]' starts it again"])

    def test_start_and_x_as_gdb(self):
        # start stops where gdb's start does; x/NFU shows what gdb's x shows
        loop = fixture("loop")
        tick = nm(loop, "tick")
        specs = ["x/4xw 0x%x" % tick, "x/10xb 0x%x" % tick, "x/3xg 0x%x" % tick,
                 "x/9xh 0x%x" % tick, "x/5 0x%x" % tick]
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off",
                              "-ex", "start"] + sum([["-ex", x] for x in specs], []) +
                             ["--args", loop, "3"], capture_output=True, text=True,
                             timeout=120).stdout
        want = re.sub(r" <[^>]*>:", ":", "\n".join(
            l for l in out.splitlines() if re.match(r"^0x[0-9a-f]+ <", l))) + "\n"
        main_at = gdb_break_addrs(loop, ["main"])[0]
        r = subprocess.run([cli.dbgctl_binary(), "debug", loop, "3"],
                           input="start\n" + "\n".join(specs) +
                           "\nx/2d 0x%x\nx/q 0x%x\nx/4\nx/4 401136\nq\n" % (tick, tick),
                           capture_output=True, text=True, timeout=60, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        lines = r.stdout.splitlines()
        self.assertRegex(lines[2], r"^breakpoint 1 at 0x%x \(\S*loop\.c:\d+\) \(temporary\)$"
                         % main_at)
        self.assertRegex(lines[3], r"^breakpoint 1 at 0x%x in main\+" % main_at)
        self.assertGreater(len(want), 100)
        self.assertIn("\n" + want, r.stdout)
        self.assertIn("\nx/d: x shows memory in hex (x) by units b, h, w, g only; p/d NAME "
                      "formats a variable\n", r.stdout)
        self.assertIn("\nx/q: x shows memory", r.stdout)
        self.assertIn("\nusage: x/N[x][b|h|w|g] 0xADDR\n", r.stdout)
        self.assertTrue(r.stdout.endswith("\naddress must start with 0x: 401136\n"), r.stdout)


if __name__ == "__main__":
    cli.main()
