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
# gdb's words for the end, as the prompt says it
EXITED = r"\[Inferior 1 \(process \d+\) exited normally\]\n"


def ended(out):
    """out with the pid of gdb's "[Inferior 1 (process N) exited normally]" (and
    "killed]") masked."""
    return re.sub(r"\[Inferior 1 \(process \d+\) (exited|killed)", r"[Inferior 1 (process N) \1",
                  out)



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
        # gdb's: a blank line, "Breakpoint N, ", the frame, its line's text
        p.expect(r"\nBreakpoint 1, tick \(i=-?\d+\) at \S*loop\.c:11\n11\t\{\n" % ())
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
        p.expect(r"0x%x <tick>:\t0xe5894855(\t0x[0-9a-f]{8}){3}\n0x%x <main\+2>:"
                 r"(\t0x[0-9a-f]{8}){2}\n%s"
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

        p.sendline("si")  # one instruction: gdb's stepi, the pc inside the line
        p.expect(r"\n0x%016x\t11\t\{\n" % (tick + 1))
        p.sendline("stepi")
        p.expect(r"\n0x%016x\t11\t\{\n" % (tick + 4))
        p.sendline("c")
        p.expect(r"\nBreakpoint 1, tick \(i=0\) at ")
        p.sendline("breakpoints")  # gdb's info breakpoints table
        p.expect(r"\n1 +breakpoint +keep y +0x0*%x in tick at \S*loop\.c:\d+\n"
                 r"\tbreakpoint already hit 2 times\n" % tick)
        p.sendline("delete 1")
        p.expect(r"deleted breakpoint 1\n")
        p.sendline("c")
        p.expect(r"sum=6\n")
        p.expect(EXITED)
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
        p.expect(r"\[Inferior 1 \(process \d+\) killed\]\n")  # gdb's
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
        p.expect(r'syscall-exit execve\("%s", .* vars \*/\) = 0\n'
                 % re.escape(fixture("hello")))  # strace's line
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
        p.expect(r"no session: start one .* 'session N'")
        p.sendline("session %d" % sid)
        p.expect(r"session %d " % sid)
        p.sendline("sessions")
        p.expect(r"SESSION\s+PID\s+COMMAND")
        p.sendline("q")
        self.assertEqual(p.wait(), 0)

    def test_attach_pid_and_session(self):
        # gdb's attach PID: the pid of one of dbgd's sessions' processes drives that
        # session; any other is attached, which this dbgd (no --allow-attach) refuses
        sid, st = self.spawn("hello")
        other, _ = self.spawn("loop", "3")
        script = "\n".join([
            "attach %d" % st["pid"], "info", "attach 1", "attach", "attach x",
            "session %d" % other, "session", "session 999999", "session %d" % other, "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary()], input=script, capture_output=True,
                           text=True, timeout=60, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        lines = r.stdout.splitlines()
        head = "session %d (pid %d): %s" % (sid, st["pid"], fixture("hello"))
        self.assertEqual(lines[1:5], [head, "exec at %s" % st["stop"]["pc"], head,
                                      "exec at %s" % st["stop"]["pc"]])
        self.assertIn("(-32013): this dbgd was started without --allow-attach", r.stderr)
        self.assertEqual(lines[5:7], ["usage: attach PID (session N drives session N)"] * 2)
        self.assertRegex(lines[7], r"^session %d \(pid \d+\): \S*loop 3$" % other)
        self.assertEqual(lines[9], "usage: session N ('sessions' lists them)")
        self.assertIn("(-32001)", r.stderr)
        self.assertRegex(lines[10], r"^session %d " % other)  # again: still there
        # neither was the prompt's own: both sessions are still there
        self.assertEqual(self.okjson("status", sid)["state"], "stopped")
        self.assertEqual(self.okjson("status", other)["state"], "stopped")

    def test_input_before_cont(self):
        # the input is queued at the exec stop; the program reads it when it runs
        script = "input hello  there\ninput --eof\nc\nq\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", "--stdin-open", fixture("echoin")],
                           input=script, capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        self.assertTrue(ended(r.stdout).endswith("stdin closed\nhello  there\neof\n"
                                                 "[Inferior 1 (process N) exited normally]\n"),
                        r.stdout)

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
        self.assertEqual(lines[3], "")
        self.assertRegex(lines[4], r"^Breakpoint 1, tick \(i=-?\d+\) at \S*loop\.c:11$")
        self.assertIn("rip", out)
        self.assertRegex(out, r"\n0x%x  55 [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} " % tick)
        self.assertIn("\nunknown instruction: zz\n", out)
        self.assertIn("\naddress must start with 0x: nope\n", out)
        self.assertIn("\nwrote 1 bytes at 0x%x\n" % tick, out)
        self.assertTrue(ended(out).endswith("deleted breakpoint 1\nsum=2\n[Inferior 1 (process N) exited normally]\n"), out)

    def test_watch_on_stdin(self):
        counter = nm(fixture("watched"), "counter")
        script = "\n".join([
            "break main", "c",
            "watch counter", "c", "c",
            "watchpoints", "unwatch 2", "watch", "watch nope", "watch 1 + 2",
            "watch *0x%x 4" % counter, "watch 0x%x rw" % counter, "watch 0x%x 3" % counter,
            "watch 0x%x x" % counter, "info watchpoints", "c", "delete", "info watchpoints",
            "c", "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "debug", fixture("watched")], input=script,
                           capture_output=True, text=True, timeout=60,
                           env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        out = r.stdout
        # numbered after the breakpoint on main, as gdb's
        self.assertIn("\nHardware watchpoint 2: counter\n", out)
        # the hit as gdb says it: the frame's line after the values
        self.assertRegex(out, r"\n\nHardware watchpoint 2: counter\n\nOld value = 0\n"
                         r"New value = 3\nbump \(\) at \S*watched\.c:\d+\n")
        self.assertRegex(out, r"\nOld value = 3\nNew value = 6\nbump \(\) at \S*watched\.c:\d+\n")
        self.assertIn("\nNum     Type           Disp Enb Address            What\n"
                      "2       hw watchpoint  keep y                      counter\n"
                      "\tbreakpoint already hit 2 times\n", out)
        self.assertIn("\ndeleted watchpoint 2\n", out)
        self.assertIn("\nusage: watch EXPRESSION | watch 0xADDR [1|2|4|8] [rw]\n", out)
        self.assertIn('\nwatch: no variable "nope"', out)
        self.assertIn("\nwatch: Attempt to take address of value not located in memory.\n",
                      out)
        # the address forms, as before: N bytes (8), rw for reads too
        self.assertIn("\nHardware watchpoint 3: *0x%x\n" % counter, out)
        self.assertIn("\nHardware access (read/write) watchpoint 4: 0x%x\n" % counter, out)
        self.assertIn("(-32602)", r.stderr)  # 3 bytes: the daemon says no
        self.assertIn("\nusage: watch 0xADDR [1|2|4|8] [rw]\n", out)
        self.assertIn("\n3       hw watchpoint  keep y                      *0x%x\n"
                      "4       acc watchpoint keep y                      0x%x\n"
                      % (counter, counter), out)
        # the address form's hit (bump reads counter first): the stop's hex values, with
        # no type to show them in
        self.assertIn("\n\nHardware access (read/write) watchpoint 4: 0x%x\n\nValue = 0x6\n"
                      % counter, out)
        # delete alone: every breakpoint and watchpoint, as gdb's
        self.assertIn("\ndeleted breakpoint 1\ndeleted watchpoint 3\ndeleted watchpoint 4\n"
                      "No watchpoints.\n", out)
        self.assertTrue(ended(out).endswith("15\n[Inferior 1 (process N) exited normally]\n"), out)

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
        # info args: gdb's lines alone (locals: dbgd's view, both under the frame)
        self.assertRegex(out, r"\nr = 0x[0-9a-f]+\nm = M_ON\nc = 113 'q'\n  #1 ")
        # up prints the frame and its line, as gdb's
        self.assertRegex(out, r"\n  #1 +%s  work\+0x[0-9a-f]+ \(\S*vars\.c:47\)\n47\t.*\n"
                         r"total = 22\n" % HEX)
        self.assertIn("\nframe 1, in work\n", out)
        # (past "tag" and its NUL, buf is what the stack had: it depends on the
        # environment's size)
        self.assertIn("\n  buf = \"tag", out)
        self.assertIn("\np = {x = 3, y = 4}\n", out)
        self.assertIn("\nalready at the innermost frame\n", out)
        self.assertIn("no variable \"nosuch\"", out + r.stderr)
        self.assertRegex(out, r"\n  #2 +%s  main\+" % HEX)
        self.assertTrue(ended(out).endswith("[Inferior 1 (process N) exited normally]\n"), out)

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
        self.assertTrue(ended(r.stdout).endswith("[Inferior 1 (process N) exited normally]\n"), r.stdout)

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

    # The lines gdb prints at a stop (normal_stop): "Breakpoint 1, f (a=1) at x.c:5", a
    # frame's line, a source line ("5\t...", with the pc inside a line "0x...\t5\t..."),
    # the signal, the value returned, the end; not the thread events gdb says as they
    # come ("[New Thread ...]", "[Thread ... exited]"), which the prompt does not.
    STOPLINE = re.compile(
        r"^(?:\d+\t.*|0x[0-9a-f]{16}(?:\t\d+\t.*| in .*)|[\w:~<>]+ \(.*\) at \S+:\d+"
        r"|(?:Thread \d+ \S+ hit )?(?:Temporary b|B)reakpoint \d+, .*|Value returned is .*"
        r"|\[Inferior 1 .*|\[Switching to .*|(?:Program|Thread \d+ .*) received signal .*"
        r"|Program terminated .*|The program no longer exists\.|(?:Thread \d+ \S+ hit )?"
        r"Hardware (?:access \(read/write\) |read )?watchpoint \d+: .*"
        r"|(?:(?:Old|New) value|Value) = .*)$", re.M)

    def stop_lines(self, out):
        """The stop lines of out (STOPLINE) from the first breakpoint hit on, pids, LWPs
        and the stack's addresses masked (the daemon's process is not gdb's), and gdb's
        entry values
        ("n=n@entry=3": dbgd's locals do not give them) as the value alone."""
        out = out[out.index("\nBreakpoint 1, "):]
        out = re.sub(r"\b(process|LWP) \d+", r"\1 N", out)
        out = re.sub(r"\b(\w+)=\1@entry=", r"\1=", out)
        # the main stack's addresses: gdb's environment is not the daemon's
        out = re.sub(r"\b0x7fffffff[0-9a-f]{4}\b", "STACK", out)
        return self.STOPLINE.findall(out)

    def test_steps_are_gdbs(self):
        path = fixture("deep")
        cmds = ["break main", "run", "delete"] + self.STEPS
        want = self.stop_lines(self.gdb_batch(path, ["ok"], cmds))
        self.assertGreater(len(want), len(self.STEPS), want)  # the program did not end
        out = self.prompt_script(path, ["ok"], cmds).stdout
        self.assertEqual(self.stop_lines(out), want, out)
        # and the places: each stop's (pc, line) as gdb's
        self.assertEqual(self.prompt_stops(path, ["ok"], self.STEPS),
                         self.gdb_stops(path, ["ok"], self.STEPS))

    def prompt_stops(self, path, args, commands):
        """The prompt's (pc, line) after each command from `break main`, read as
        gdb_stops reads gdb's: `p $pc` and `info line` of the line the stop shows."""
        script = ["break main", "c", "delete 1"]
        for c in commands:
            script += [c, "p/x $pc"]
        r = self.prompt_script(path, args, script)
        self.assertEqual(r.stderr, "")
        stops, line = [], None
        for l in r.stdout.splitlines()[5:]:
            m = re.match(r"^(?:0x[0-9a-f]{16}\t)?(\d+)\t|.* at \S+:(\d+)$|^0x[0-9a-f]{16} in ", l)
            if m:
                line = int(m.group(1) or m.group(2) or 0) or None
            m = re.match(r"^\$pc = (0x[0-9a-f]+)", l)
            if m:
                stops.append((int(m.group(1), 16), line))
                line = None
        return stops

    # A walk over stopwalk: steps in main's loop, over malloc, into sum_keys and add and
    # back, stepi inside a line, finish with values, a step into libc's free (no source
    # on disk: gdb's error once, then "N\tin FILE"), a breakpoint in a thread, a finish
    # out of it into libc, a signal, the exit code.
    WALK = ["next", "step", "step", "step"] + ["next"] * 8 + [
        "step", "step", "step", "stepi", "stepi", "nexti", "step", "step", "step", "finish",
        "next", "step", "step", "next", "finish", "next", "step", "next", "step", "next",
        "continue", "next", "stepi", "next", "finish", "next", "next", "continue",
        "continue"]

    def test_stop_walk_is_gdbs(self):
        walk = fixture("stopwalk")
        cmds = ["break main", "break worker", "run"] + self.WALK
        gdb_out = self.gdb_batch(walk, [], cmds)
        want = self.stop_lines(gdb_out)
        self.assertGreater(len(want), len(self.WALK), gdb_out)
        r = self.prompt_script(walk, [], cmds)
        self.assertEqual(self.stop_lines(r.stdout), want, r.stdout)
        # what the walk went through, in gdb's words
        for line in ["Value returned is $2 = 3", "Value returned is $3 = (void *) 0x0",
                     "442\t./nptl/pthread_create.c: No such file or directory.",
                     "443\tin ./nptl/pthread_create.c",
                     'Thread 1 "stopwalk" received signal SIGUSR1, User defined signal 1.',
                     "[Inferior 1 (process N) exited with code 03]"]:
            self.assertIn(line, want)
        self.assertTrue(any(l.startswith('Thread 2 "stopwalk" hit Breakpoint 2, worker (arg=')
                            for l in want), want)
        self.assertTrue(any(re.match(r"^\[Switching to Thread 0x[0-9a-f]+ \(LWP N\)\]$", l)
                            for l in want), want)
        # gdb -batch does not say "Run till exit from" (not from a terminal): the prompt
        # does, as gdb at a terminal, with the frame as bt's #0
        self.assertEqual(re.findall(r"^Run till exit from #0  (\w+) \(.*\) at \S+:\d+$",
                                    r.stdout, re.M), ["add", "add", "worker"])
        # a crash: gdb's signal stop, then its end
        cmds = ["run", "continue", "continue"]
        want = self.stop_lines("\nBreakpoint 1, \n" + self.gdb_batch(fixture("crash"), [], cmds))
        self.assertIn("Program terminated with signal SIGSEGV, Segmentation fault.", want)
        got = self.stop_lines("\nBreakpoint 1, \n" +
                              self.prompt_script(fixture("crash"), [], cmds).stdout)
        self.assertEqual(got, want)

    def test_watchpoint_hits_and_kill_are_gdbs(self):
        # a watchpoint's hit in a thread: gdb's "Thread 2 "name" hit Hardware watchpoint
        # 2: *out", the values, then the frame's line and the source line (the prompt
        # said dbgd's "watchpoint 2 at 0x... (0x...: 0x0 -> 0x78)" for the frame line,
        # and no thread); kill's "[Inferior 1 (process N) killed]" (dbgd's "killed by
        # SIGKILL")
        path = fixture("gdbmeet")
        cmds = ["break worker", "run", "next", "watch *out", "continue", "kill"]
        gdb_out = self.gdb_batch(path, [], cmds)
        # (the first stop is a thread's: "Thread 2 ... hit Breakpoint 1, ")
        want = self.stop_lines("\nBreakpoint 1, \n" + gdb_out)
        self.assertIn('Thread 2 "gdbmeet" hit Hardware watchpoint 2: *out', want, gdb_out)
        self.assertIn("New value = 120", want)
        self.assertIn("[Inferior 1 (process N) killed]", want)
        r = self.prompt_script(path, [], cmds)
        self.assertEqual(self.stop_lines("\nBreakpoint 1, \n" + r.stdout), want, r.stdout)

    def test_a_file_compiled_by_a_relative_name_is_gdbs(self):
        # `gcc -g prog.c` in its directory: gdb names the file "prog.c" (as the compiler
        # was given it), where the prompt said the path joined to the compilation
        # directory (the daemon's Source `name`); a header of that directory keeps its
        # whole path in gdb too
        tmp = tempfile.mkdtemp(prefix="dbgd-relname-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        with open(os.path.join(tmp, "twice.h"), "w") as f:
            f.write("static inline int twice(int x)\n{\n        return 2 * x;\n}\n")
        with open(os.path.join(tmp, "rel.c"), "w") as f:
            f.write('#include "twice.h"\n\nstatic int add(int a, int b)\n{\n'
                    '        return twice(a) + b;\n}\n\nint main(void)\n{\n'
                    '        int s = add(1, 2);\n\n        return s == 4 ? 0 : 1;\n}\n')
        subprocess.run(["gcc", "-g", "-O0", "-o", "rel", "rel.c"], cwd=tmp, check=True)
        path = os.path.join(tmp, "rel")
        cmds = ["break main", "run", "step", "step", "step", "finish", "next", "next"]
        want = self.stop_lines(self.gdb_batch(path, [], cmds))
        self.assertIn("Breakpoint 1, main () at rel.c:10", want)
        self.assertTrue(any(re.match(r"^twice \(x=1\) at /\S+/twice\.h:3$", l) for l in want),
                        want)  # a header: its whole path, in gdb too
        r = self.prompt_script(path, [], cmds)
        self.assertEqual(self.stop_lines(r.stdout), want, r.stdout)

    def test_info_program_is_gdbs(self):
        # the pc the stop lines leave out: gdb's info program, then dbgd's own line
        walk = fixture("stopwalk")
        cmds = ["info program", "break add", "run", "info program", "next", "info program"]
        said = re.compile(r"^(Program stopped at 0x[0-9a-f]+\.|It stopped .*|"
                          r"The program being debugged is not being run\.)$", re.M)
        want = said.findall(self.gdb_batch(walk, [], cmds))
        self.assertEqual(len(want), 5, want)
        out = self.prompt_script(walk, [], cmds).stdout
        # (before run gdb has no process; the prompt's program waits at its first
        # instruction: that stop, and no reason gdb has a word for)
        self.assertEqual(said.findall(out)[1:], want[1:], out)
        self.assertRegex(out, r"\nbreakpoint 1 at 0x%x in add\+0x[0-9a-f]+ \(\S*stopwalk\.c:21\)\n"
                         % int(want[1].split()[-1].rstrip("."), 16))

    def test_source_row_is_gdbs_show_address(self):
        # the daemon's Source `row`, where the prompt's "0x... in" comes from: present
        # where gdb's frame_show_address shows the pc (inside a line's row, against gdb's
        # `info line`), absent at a statement's start (a breakpoint after the prologue)
        sid, _ = self.spawn("stopwalk")
        self.ok("break", sid, "add")
        stop = self.okjson("cont", sid)["stop"]
        self.assertNotIn("row", stop["source"])
        st = self.okjson("finish", sid)
        row, pc = st["stop"]["source"].get("row"), int(st["stop"]["pc"], 16)
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "info line *0x%x" % pc,
                              fixture("stopwalk")], capture_output=True, text=True).stdout
        start = int(re.search(r"starts at address (0x[0-9a-f]+)", out).group(1), 16)
        self.assertNotEqual(start, pc, out)
        self.assertEqual(row, "0x%x" % start)
        frames = self.okjson("backtrace", sid)["frames"]
        self.assertEqual(frames[0]["source"].get("row"), row)
        self.assertIn("row", frames[1]["source"])  # a return address: inside the call's line

    def test_step_counts_are_gdbs(self):
        # the counts of s, n, si and ni are gdb's too; and one command for several steps
        # prints one stop, as gdb's prints the last place
        cmds = ["s 3", "n 2", "si 5", "ni 5", "step 3", "next 3"]
        want = self.gdb_stops(fixture("loop"), ["3"], cmds)
        self.assertEqual(len(want), len(cmds), want)
        self.assertEqual(self.prompt_stops(fixture("loop"), ["3"], cmds), want)
        both = ["break main", "run", "delete"] + cmds
        self.assertEqual(self.stop_lines(self.prompt_script(fixture("loop"), ["3"], both).stdout),
                         self.stop_lines(self.gdb_batch(fixture("loop"), ["3"], both)))

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
        # each stop and frame with a line is followed by its text, as gdb's
        self.assertIn("\n21\t                sum += tick(i);\n", r.stdout)
        lines = [line for line in r.stdout.splitlines()[2:] if line and
                 not re.match(r"\d+\t", line)]
        self.assertEqual(lines[0], "r takes no arguments here: give them to 'debug PROG ARGS'")
        # break LINE: a line of main's file before the program stops anywhere with lines
        self.assertRegex(lines[1], r"^breakpoint 1 at 0x%x \(\S*loop\.c:21\)$" % main_bp[1])
        # gdb's stop: "Breakpoint 1, " and the frame, its arguments print's values
        self.assertRegex(lines[2], r"^Breakpoint 1, main \(argc=2, argv=%s\) at \S*loop\.c:21$"
                         % HEX)
        self.assertTrue(lines[3].startswith("r: the program has already started: 'c' "
                                            "continues it"), lines[3])
        self.assertRegex(lines[4], r"^rip +0x%x$" % main_bp[1])  # regs: dbgd's
        for line in lines[5:7]:  # info registers, i r: gdb's
            self.assertRegex(line, r"^rip {12}0x%x +0x%x <main\+\d+>$"
                             % (main_bp[1], main_bp[1]))
        self.assertRegex(lines[7], r"^Breakpoint 1, main \(")
        for i, word in enumerate(["0", "x", "-1", "2x"]):
            self.assertEqual(lines[8 + i], "step count must be a positive number: %s" % word)
        # sys, not s, is the syscall stop (here the breakpoint comes first)
        self.assertRegex(lines[12], r"^Breakpoint 1, main \(")
        self.assertRegex(lines[13], r"^breakpoint 2 at 0x%x \(\S*loop\.c:11\) \(temporary\)$"
                         % tick)
        self.assertRegex(lines[14], r"^Temporary breakpoint 2, tick \(i=1\) at ")
        self.assertNotIn(" 2 ", "\n".join(lines[15:17]))  # a temporary one, gone
        self.assertRegex(lines[-6], r"^  #1 +%s  main\+" % HEX)  # up 1
        self.assertRegex(lines[-5], r"^  #0 +0x%x  tick " % tick)  # down 1
        self.assertRegex(lines[-4], r"^  #0 +0x%x  tick " % tick)  # f
        self.assertEqual([ended(line) for line in lines[-3:]], [
            "[Inferior 1 (process N) killed]",
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
        want = "\n".join(l for l in out.splitlines() if re.match(r"^0x[0-9a-f]+ <", l)) + "\n"
        main_at = gdb_break_addrs(loop, ["main"])[0]
        r = subprocess.run([cli.dbgctl_binary(), "debug", loop, "3"],
                           input="start\n" + "\n".join(specs) +
                           "\nx/2d 0x%x\nx/q 0x%x\nx/4\nx/4 401136\nq\n" % (tick, tick),
                           capture_output=True, text=True, timeout=60, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        lines = r.stdout.splitlines()
        self.assertRegex(lines[2], r"^breakpoint 1 at 0x%x \(\S*loop\.c:\d+\) \(temporary\)$"
                         % main_at)
        self.assertEqual(lines[3], "")  # gdb's: a blank line, the temporary one's hit
        self.assertRegex(lines[4], r"^Temporary breakpoint 1, main \(argc=2, argv=%s\) at "
                         r"\S*loop\.c:17$" % HEX)
        self.assertGreater(len(want), 100)
        self.assertIn("\n" + want, r.stdout)
        self.assertIn("\n0x%x <tick>:\t18517\t-6775\n" % tick, r.stdout)  # x/2d: halves
        self.assertIn("\nx/q: x shows memory in hex (x), decimal (d, u), octal (o), binary "
                      "(t), strings (s) or instructions (i), by units b, h, w, g\n", r.stdout)
        self.assertIn("\nusage: x/N[x|d|u|o|t|s|i][b|h|w|g] ADDRESS (an expression)\n",
                      r.stdout)
        # a number is an address too, as gdb's (401136 is 0x61ef0)
        self.assertTrue(r.stdout.endswith("\n0x61ef0:\tCannot access memory at address "
                                          "0x61ef0\n"), r.stdout)


    # gdb's words against gdb itself, run in batch mode on the same program: each -ex
    # command goes on after an error (a file of commands would stop at the first).
    def gdb_batch(self, path, args, commands):
        return subprocess.run(["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off",
                               "-ex", "set breakpoint pending on"] +
                              sum([["-ex", c] for c in commands], []) +
                              ["--args", path, *args], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=120).stdout

    def prompt_script(self, path, args, commands):
        r = subprocess.run([cli.dbgctl_binary(), "debug", path, *args],
                           input="\n".join(commands + ["q"]) + "\n", capture_output=True,
                           text=True, timeout=120, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        return r

    @staticmethod
    def bp_tables(out):
        """The info breakpoints tables in out (each its header, rows and the lines
        under them), and gdb's "No breakpoints or watchpoints." """
        return re.findall(r"^(?:Num +Type .*\n(?:(?:\d+ +\S|\t).*\n)*|No breakpoints or "
                          r"watchpoints\.\n)", out, re.M)

    def test_info_breakpoints_and_delete_are_gdbs(self):
        # gdb's table, hit counts, conditions, ignore counts, a temporary one gone after
        # its hit; then delete alone deletes them all without asking, as gdb's batch mode
        loop = fixture("loop")
        common = ["break tick", "tbreak main", "break 21 if n > 1"]
        after = ["c", "c", "ignore 1 2", "info breakpoints", "delete", "info breakpoints"]
        want = self.bp_tables(self.gdb_batch(loop, ["3"], common + ["run"] + after))
        self.assertEqual(len(want), 2, want)
        self.assertIn("\tstop only if n > 1\n", want[0])
        r = self.prompt_script(loop, ["3"], common + ["r"] + after)
        self.assertEqual(self.bp_tables(r.stdout), want, r.stdout)
        self.assertIn("\nWill ignore next 2 crossings of breakpoint 1.\n", r.stdout)
        self.assertIn("\ndeleted breakpoint 1\ndeleted breakpoint 3\n", r.stdout)

        # disable and enable, as gdb's: the table's Enb, hits while disabled not
        # counted nor stopped at, then enabled again
        common = ["break tick", "break main", "r", "disable 1", "break 22", "c",
                  "info breakpoints", "enable", "disable 2-4 x", "info breakpoints", "c"]
        want = self.bp_tables(self.gdb_batch(loop, ["3"], common[:2] + ["run"] + common[3:]))
        self.assertEqual(len(want), 2, want)
        self.assertRegex(want[0], r"\n1 +breakpoint +keep n ")
        r = self.prompt_script(loop, ["3"], common)
        self.assertEqual(self.bp_tables(r.stdout), want, r.stdout)
        self.assertIn("\ndisable: not a number or range N-M: x\n", r.stdout)
        self.assertIn("\nNo breakpoint number 4.\n", r.stdout)
        self.assertTrue(ended(r.stdout).endswith("sum=6\n[Inferior 1 (process N) exited normally]\n"), r.stdout)

        # watchpoints in the same table, numbered with the breakpoints; disabled, their
        # hits go by; enabled, they fire from the value then; delete N takes either
        watched = fixture("watched")
        common = ["break main", "r", "break bump", "watch counter", "disable 3", "c", "c",
                  "info breakpoints", "enable 3", "delete 2", "c", "info breakpoints",
                  "delete 3", "c"]
        gdb_out = self.gdb_batch(watched, [], common[:1] + ["run"] + common[2:])
        want = self.bp_tables(gdb_out)
        self.assertEqual(len(want), 2, want)
        self.assertRegex(want[0], r"\n3 +hw watchpoint +keep n +counter\n")
        r = self.prompt_script(watched, [], common)
        self.assertEqual(self.bp_tables(r.stdout), want, r.stdout)
        self.assertEqual(self.WATCH_HIT.findall(r.stdout), self.WATCH_HIT.findall(gdb_out))
        self.assertIn("\nOld value = 3\nNew value = 6\n", r.stdout)
        self.assertIn("\ndeleted breakpoint 2\n", r.stdout)
        self.assertIn("\ndeleted watchpoint 3\n", r.stdout)
        self.assertTrue(ended(r.stdout).endswith("15\n[Inferior 1 (process N) exited normally]\n"), r.stdout)

        # delete N M, N-M, bad words
        r = self.prompt_script(loop, ["3"], [
            "break tick", "break main", "break 21", "break 22", "delete 1 3", "breakpoints",
            "delete 2-4", "delete x 1-", "delete 9", "c"])
        self.assertIn("\ndeleted breakpoint 1\ndeleted breakpoint 3\nNum ", r.stdout)
        rows = re.findall(r"^(\d+) +breakpoint ", r.stdout, re.M)
        self.assertEqual(rows, ["2", "4"])
        self.assertIn("\ndeleted breakpoint 2\ndeleted breakpoint 4\n", r.stdout)
        self.assertEqual(r.stderr.count("(-32008)"), 2, r.stderr)  # 3 (gone), then 9
        self.assertIn("\ndelete: not a number or range N-M: x\ndelete: not a number or "
                      "range N-M: 1-\n", r.stdout)
        self.assertTrue(ended(r.stdout).endswith("sum=6\n[Inferior 1 (process N) exited normally]\n"), r.stdout)

    def test_handle_is_gdbs(self):
        # handle SIG [no]stop [no]pass: gdb's tables after each, the same stops (ticks
        # only: the signals pass silently or not at all) and the same counts
        handled = fixture("handled")
        common = ["handle SIGUSR1 nostop noprint", "handle SIGUSR2 nostop noprint nopass",
                  "handle SIGUSR1 stop print", "handle SIGUSR1 nostop noprint",
                  "info signals SIGUSR2", "break tick"]
        gdb_out = self.gdb_batch(handled, [], common + ["run"] + ["c"] * 5)
        table = re.compile(r"^Signal +Stop\tPrint\tPass to program\tDescription\n"
                           r"(SIG\w+ +(?:Yes|No)\t(?:Yes|No)\t(?:Yes|No))\t\t.*\n", re.M)
        want = table.findall(gdb_out)  # (gdb -batch shows info signals' table only)
        self.assertEqual(want, ["SIGUSR2       No\tNo\tNo"], gdb_out)
        r = self.prompt_script(handled, [], common + ["r"] + ["c"] * 5)
        # the prompt shows each handle's row as gdb does on a terminal
        self.assertEqual(table.findall(r.stdout),
                         ["SIGUSR1       No\tNo\tYes", "SIGUSR2       No\tNo\tNo",
                          "SIGUSR1       Yes\tYes\tYes", "SIGUSR1       No\tNo\tYes"] + want,
                         r.stdout)
        self.assertEqual(re.findall(r"tick \(i=(\d)\)", gdb_out), list("01234"))
        self.assertEqual(re.findall(r"^Breakpoint 1, tick \(i=(\d)\)", r.stdout, re.M),
                         list("01234"))
        self.assertIn("usr1=5 usr2=0 ticks=5", gdb_out)
        self.assertIn("\nusr1=5 usr2=0 ticks=5\n[Inferior 1 (process N) exited normally]\n",
                      ended(r.stdout))
        # info signals: every signal, gdb's defaults (SIGINT and SIGTRAP aside: dbgd
        # passes the program's own, docs/api.md)
        r = self.prompt_script(handled, [], ["info signals"])
        rows = dict(re.findall(r"^(SIG\w+) +((?:Yes|No)\t(?:Yes|No)\t(?:Yes|No))\t", r.stdout,
                               re.M))
        gdb_rows = dict(re.findall(r"^(SIG\w+) +((?:Yes|No)\t(?:Yes|No)\t(?:Yes|No))\t",
                                   self.gdb_batch(handled, [], ["info signals"]), re.M))
        same = [k for k in rows if k in gdb_rows and k not in ("SIGINT", "SIGTRAP")]
        self.assertGreater(len(same), 25)
        self.assertEqual({k: rows[k] for k in same}, {k: gdb_rows[k] for k in same})
        r = self.prompt_script(handled, [], ["handle SIGUSR1 sideways", "handle SIGKILL nostop"])
        self.assertIn("\nhandle: unknown word: sideways", r.stdout)
        self.assertIn("keeps its handling", r.stderr)

    def test_handle_print_is_gdbs(self):
        # handle SIG nostop keeps print, as gdb's: its row, and "Program received signal"
        # (another thread's: "Thread N") where gdb says it among the stops; nopass too
        handled = fixture("handled")
        common = ["handle SIGUSR1 nostop", "handle SIGUSR2 nostop nopass", "break tick"]
        said = re.compile(r"^(?:(?:Program|Thread (\d+)(?: \S+)?) received signal (SIG\w+), "
                          r"User defined signal \d\.|.*\b([Bb]reakpoint 1)\b.*tick)", re.M)
        for args in ([], ["thread"]):
            with self.subTest(args=args):
                gdb_out = self.gdb_batch(handled, args, common + ["run"] + ["c"] * 5)
                want = [(t, s or "tick") for t, s, _ in said.findall(gdb_out)]
                self.assertEqual(len(want), 15, gdb_out)
                r = self.prompt_script(handled, args, common + ["r"] + ["c"] * 5)
                self.assertEqual([(t, s or "tick") for t, s, _ in said.findall(r.stdout)],
                                 want, r.stdout)
                self.assertIn("SIGUSR1       No\tYes\tYes", r.stdout)
                self.assertIn("SIGUSR2       No\tYes\tNo", r.stdout)
                self.assertIn("usr1=5 usr2=0 ticks=5", r.stdout)

    def test_list_is_gdbs(self):
        # list around the stop, on, back (-), at the start, around a caller's line
        # (up), a function, a line, past the file's end: gdb's lines and words
        handled = fixture("handled")
        common = ["handle SIGUSR1 nostop noprint", "handle SIGUSR2 nostop noprint",
                  "break tick", "run", "list", "list", "list -", "list -", "list -", "list -",
                  "up",
                  "list", "list tick", "list 50", "list", "list", "list handled.c:3"]

        def listed(out, gdb):
            lines, prev = [], ""
            for line in out.splitlines():
                # (each echoes the stop's line after a stop and a frame: not list's)
                if re.match(r"\d+\t", line) and not re.match(r"[Bb]reakpoint | *#", prev):
                    lines.append(line)
                elif re.match(r"Line number|Already at", line):
                    lines.append(line)
                prev = line
            return lines

        def echoed(out):  # the line after a stop or a frame
            return re.findall(r"^(?:[Bb]reakpoint 1[ ,].*| *#1 .*)\n(\d+\t.*)$", out, re.M)

        gdb_out = self.gdb_batch(handled, [], common[:3] + ["run"] + common[4:])
        want = listed(gdb_out, True)
        self.assertEqual(len(want), 91, want)
        self.assertIn("Already at the start of %s." % os.path.realpath(
            os.path.join(os.path.dirname(__file__), "..", "fixtures", "handled.c")), want)
        r = self.prompt_script(handled, [], common[:3] + ["r"] + common[4:])
        self.assertEqual(listed(r.stdout, False), want, r.stdout)
        self.assertEqual(echoed(r.stdout), echoed(gdb_out))
        self.assertEqual(len(echoed(gdb_out)), 2, gdb_out)
        # a source that cannot be read here: gdb's "N in FILE"
        r = self.prompt_script(handled, [], ["list nowhere.c:12", "list nosuchfunction"])
        self.assertIn("\n7\tin nowhere.c\n", r.stdout)
        self.assertIn('\nFunction "nosuchfunction" not defined.\n', r.stdout)

    # gdb's info locals / info args lines alone: innermost block first, "No locals." and
    # "No arguments.", gdb's <optimized out>; in -O0 code, a libc frame and -O2 code
    VARS = re.compile(r"^(?:\w+ = .*|No locals\.|No arguments\.)$", re.M)

    def test_info_locals_and_args_are_gdbs(self):
        meet = fixture("gdbmeet")
        cmds = ["break sum_keys", "break gdbmeet.c:79", "run", "info locals", "info args",
                "delete 2", "c", "info locals", "info args", "up", "info args",
                "info locals"]
        want = self.VARS.findall(self.gdb_batch(meet, [], cmds))
        self.assertEqual(want[:6], ["i = 0", "t = 0", "got = 0", "v = {x = 0, y = 0}",
                                    "No arguments.", "s = 2"], want)
        r = self.prompt_script(meet, [], cmds)
        self.assertEqual(self.VARS.findall(r.stdout), want, r.stdout)
        self.assertNotIn("frame 0, in", r.stdout)  # dbgd's own view is `locals`'

        # start_thread, up from the thread's function: libc's variables, optimized out
        cmds = ["break worker", "run", "up", "info args", "info locals"]
        want = self.VARS.findall(self.gdb_batch(meet, [], cmds))
        self.assertIn("arg = <optimized out>", want)
        self.assertIn("pd = <optimized out>", want)
        got = self.VARS.findall(self.prompt_script(meet, [], cmds).stdout)
        # (gdb also lists `out`, a variable of an inlined block dbgd does not list; the
        # jmp_buf holds pointers mangled with a per-process key)
        self.assertEqual([v for v in got if not v.startswith("unwind_buf = ")],
                         [v for v in want if not v.startswith(("out = ", "unwind_buf = "))])

        # -O2: what has no location at the pc is <optimized out>, as gdb's
        optim = fixture("optim_O2")
        cmds = ["break mixer", "run", "info args", "info locals", "up", "info locals"]
        want = self.VARS.findall(self.gdb_batch(optim, [], cmds))
        self.assertIn("r = <optimized out>", want)
        self.assertIn("n = <optimized out>", want)
        r = self.prompt_script(optim, [], cmds)
        # (the stack's addresses differ: gdb's environment is not the daemon's)
        stack = re.compile(r"0x7ff[0-9a-f]{9}")
        self.assertEqual([stack.sub("STACK", v) for v in self.VARS.findall(r.stdout)],
                         [stack.sub("STACK", v) for v in want], r.stdout)

        # no process: said, and the prompt goes on
        r = self.prompt_script(meet, [], ["kill", "info locals", "info args", "info frame"])
        self.assertEqual(r.stderr.count("(-32003)"), 3, r.stderr)


    REGS = re.compile(r"^(?:\w+ {2,}0x[0-9a-f]+ +\S.*|Invalid register .*)$", re.M)

    def test_info_registers_is_gdbs(self):
        # gdb's columns and natural values: a code pointer with <sym+off>, the stack's
        # in hex, eflags' flags, segments and the rest in decimal; an unknown register
        # ends the list with gdb's words
        meet = fixture("gdbmeet")
        cmds = ["break sum_keys", "run", "info registers",
                "info registers rip eflags cs ss ds rax rbx rdi",
                "info registers rip $rsp orig_rax foo eflags", "up", "i r rip rsp rax"]
        gdb_out = self.gdb_batch(meet, [], cmds)
        want = self.REGS.findall(gdb_out)
        self.assertIn("eflags         0x206               [ PF IF ]", want)
        self.assertRegex(want[-3], r"^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <main\+\d+>$")
        self.assertIn("cs             0x33                51", want)
        self.assertIn("orig_rax       0xffffffffffffffff  -1", want)
        self.assertIn("Invalid register `foo'", want)
        r = self.prompt_script(meet, [], cmds)
        got = self.REGS.findall(r.stdout)
        self.assertEqual(len(got), len(want), r.stdout)
        # the stack's addresses differ (gdb's environment is not the daemon's), and
        # r8..r11 hold what libc left there, which varies between runs
        stack = re.compile(r"0x7ff[0-9a-f]{9}( +)0x7ff[0-9a-f]{9}")
        for g, w in zip(got, want):
            if re.match(r"r(8|9|10|11) ", w):
                self.assertRegex(g, r"^%s +0x[0-9a-f]+ +-?\d+$" % w.split()[0])
            else:
                self.assertEqual(stack.sub(r"STACK\1STACK", g), stack.sub(r"STACK\1STACK", w))


    def test_x_of_expressions_is_gdbs(self):
        # x/NFU EXPR: any expression's value as the address (a pointer, &v, an array,
        # a register, a function, a member), each line labelled <sym+off> where gdb
        # labels it, the units a line gdb's, strings and instructions; bad ones in gdb's
        # words
        meet = fixture("gdbmeet")
        cmds = ["break sum_keys", "run", "x/4gx list", "x/s list->name", "x/8xb &paint",
                "x/2wx nodes", "x/3dw list", "x/2s &nodes[1].name", "x/3ow list",
                "x/2tb list", "x/3uh list", "x/2dg list", "x/3db &nodes[0].next",
                "x/2xg op", "x/4gx nosuch", "x/4gx *list", "x/xw s", "x/2s 0", "x/2gx $sp",
                "x/3i $pc", "x/2i add"]
        gdb_out = self.gdb_batch(meet, [], cmds)
        shown = re.compile(r"^(?:=> |   )?0x[0-9a-f]+(?: <[^>]+>)?:\t.*$|^No symbol .*$|"
                           r"^Value can't .*$", re.M)
        want = shown.findall(gdb_out)
        self.assertIn("0x404064 <nodes+4>:\t\"n0\"", want)
        self.assertIn("0x404030 <paint>:\t0x05\t0x00\t0x00\t0x00\t0x44\t0x33\t0x22\t0x11",
                      want)
        self.assertIn('No symbol "nosuch" in current context.', want)
        self.assertIn("0x2:\tCannot access memory at address 0x2", want)
        r = self.prompt_script(meet, [], cmds)
        got = shown.findall(r.stdout)
        self.assertEqual(len(got), len(want), r.stdout)
        # gdb's environment is not the daemon's: the stack's addresses differ; the
        # instructions' text is dbgd's disassembler's (Intel), their places gdb's
        stack = re.compile(r"0x(?:0000)?7ff[0-9a-f]{9}")
        for g, w in zip(got, want):
            if re.match(r"(=> |   )0x", w):
                self.assertEqual(g.split("\t")[0], w.split("\t")[0])
            else:
                self.assertEqual(stack.sub("STACK", g), stack.sub("STACK", w))
        self.assertIn("\n=> 0x%x <sum_keys+8>:\tmov    dword ptr [rbp - 4], 0\n"
                      % (nm(meet, "sum_keys") + 8), r.stdout)
        self.assertRegex(r.stdout, r"\n   0x[0-9a-f]+ <sum_keys\+\d+>:\tjmp    0x[0-9a-f]+ "
                         r"<sum_keys\+\d+>\n")
        self.assertEqual(r.stderr, "")


    def test_until_and_advance_are_gdbs(self):
        # until: next that does not go back in a loop; until/advance LOCATION: to the
        # location or until the frame returns (until: the location in this frame only,
        # not a deeper recursion's; advance: in any frame); the same lines and the same
        # frames (fact's n) as gdb's, and gdb's words before the program runs and after
        meet = fixture("gdbmeet")
        said = re.compile(r"^(\d+)\t|^(?:\$\d+|n) = (\d+)$|^(The program is not being run\.)$",
                          re.M)
        for cmds in (["until", "advance 80", "break gdbmeet.c:79", "run"] + ["until"] * 8 +
                     ["until 85", "advance make_vec", "until", "until 86"],
                     ["break fact if n == 3", "run", "until 58", "p n", "advance 58", "p n",
                      "until", "until", "until", "advance 82"]):
            gdb_out = self.gdb_batch(meet, [], cmds)
            want = said.findall(gdb_out)
            self.assertGreater(len(want), 8, gdb_out)
            r = self.prompt_script(meet, [], cmds)
            self.assertEqual(said.findall(r.stdout), want, r.stdout)
        self.assertIn("fact (n=4) at ", gdb_out)  # until 58: this frame's return
        # momentary breakpoints: none left behind, the user's kept as they were (dbgd
        # has one breakpoint an address: at the user's, its condition rules, here false,
        # so the frame returns first; gdb would stop at 45, docs/dbgctl.md)
        r = self.prompt_script(meet, [], ["break sum_keys", "break gdbmeet.c:45 if s > 100",
                                          "run", "until 45", "info breakpoints"])
        self.assertRegex(r.stdout, r"\n2 +breakpoint +keep y .*\n\tstop only if s > 100\n")
        self.assertNotRegex(r.stdout, r"\n3 +breakpoint")
        # said as gdb's until: the frame it returned to, mid-line
        self.assertRegex(r.stdout, r"\n0x[0-9a-f]{16} in main \(\) at \S+:85\n85\t")
        r = self.prompt_script(meet, [], ["break sum_keys", "run", "until 1 2", "advance"])
        self.assertIn("\nusage: until [LOCATION]\nusage: advance LOCATION\n", r.stdout)


    @staticmethod
    def frame_info(out):
        """info frame's lines that dbgd gives, the stack's addresses masked (gdb's
        environment is not the daemon's): gdb's Arglist/Locals addresses and saved
        registers other than rip left out, as dbgd's are (docs/dbgctl.md)"""
        lines = []
        for line in out.splitlines():
            line = re.sub(r"^ Arglist at \S+, args:", " args:", line)
            line = re.sub(r"^ Locals at \S+, Previous", " Previous", line)
            line = re.sub(r"^  (?:\w+ at \S+, )*(rip at \S+)$", r"  \1", line)
            if re.match(r"Stack level | rip = | called by | caller of | source language | "
                        r"args: | Previous frame's sp |  rip at ", line):
                lines.append(re.sub(r"0x7ff[0-9a-f]{9}", "STACK", line))
        return lines

    def test_info_frame_is_gdbs(self):
        # gdb's layout with what dbgd's unwinder gives exactly: the CFA, the pc, the
        # saved rip and where it is, the frames next to it, the args; in a recursion
        # (a thread's stack), main and a libc frame
        meet = fixture("gdbmeet")
        cmds = ["break fact if n == 3", "run", "info frame", "up", "info frame", "up 2",
                "info frame", "break sum_keys", "c", "info frame", "up", "info frame"]
        gdb_out = self.gdb_batch(meet, [], cmds)
        want = self.frame_info(gdb_out)
        self.assertIn(" rip = 0x%x in fact (%s:57); saved rip = 0x%x"
                      % (gdb_break_addrs(meet, ["fact"])[0], os.path.realpath(
                          os.path.join(os.path.dirname(__file__), "..", "fixtures",
                                       "gdbmeet.c")), nm(meet, "fact") + 0x25), want)
        self.assertIn(" args: n=0x404060 <nodes>", want)
        self.assertIn(" source language c.", want)
        r = self.prompt_script(meet, [], cmds)
        got = self.frame_info(r.stdout)
        self.assertEqual(got, want, r.stdout)
        # the frame's CFA is the previous frame's sp, the saved rip 8 below it
        frames = re.findall(r"^Stack level \d+, frame at (\S+):\n(?: .*\n)*? Previous "
                            r"frame's sp is (\S+)\n Saved registers:\n  rip at (\S+)$",
                            r.stdout, re.M)
        self.assertEqual(len(frames), 5, r.stdout)
        for at, sp, rip in frames:
            self.assertEqual(at, sp)
            self.assertEqual(int(rip, 16), int(at, 16) - 8)


    TYPES = re.compile(r"^(?:type = .*|    .*|  (?:public|private|protected):|}.*|No \w+ type "
                       r"named .*|No symbol .*)$", re.M)

    def ptype_lines(self, out):
        return [l for l in self.TYPES.findall(out) if not l.startswith("    at ")]

    def test_ptype_and_whatis_are_gdbs(self):
        # gdb's ptype of types and expressions: structs, unions, enums, typedefs (of an
        # anonymous struct, of a function pointer), arrays, base types by gdb's names,
        # anonymous members shown in place (one level), C++ classes with their bases,
        # access labels, static members and methods; whatis one typedef deep; bad names
        # in gdb's words
        cases = [
            ("gdbmeet", "sum_keys", ["ptype list", "ptype struct node", "ptype vec",
                                     "ptype union word", "ptype enum color", "ptype op",
                                     "ptype nodes", "whatis list", "whatis nodes",
                                     "ptype int[3]", "ptype struct nosuch", "ptype nosuch",
                                     "whatis vec", "whatis binop", "ptype binop", "ptype w",
                                     "ptype paint", "ptype n->name", "ptype *n",
                                     "ptype add", "ptype s", "whatis struct node",
                                     "ptype unsigned int", "ptype unsigned long",
                                     "ptype union nosuch", "ptype enum nosuch"]),
            ("vars", "leaf", ["ptype struct tagged", "ptype struct rec", "ptype r",
                              "ptype m", "ptype big", "whatis big", "ptype struct flags",
                              "ptype union num", "ptype enum mode"]),
            ("printparity", "main", ["ptype struct anon", "ptype struct bits",
                                     "ptype struct with_union", "ptype enum neg",
                                     "ptype enum flags"]),
            ("gdbmeetcc", "use", ["ptype Account", "ptype Savings", "ptype Leaf",
                                  "ptype Shared", "ptype Level", "ptype a", "ptype *l",
                                  "whatis l", "ptype v", "whatis Account",
                                  "ptype class nosuch"]),
            ("printparitycc", "use", ["ptype Base", "ptype Mid", "ptype Plain",
                                      "ptype Empty", "ptype Holder", "ptype Mode",
                                      "ptype VD", "ptype Node", "ptype In", "whatis Plain",
                                      "ptype Plainenum", "ptype ns::In"]),
        ]
        for prog, where, cmds in cases:
            with self.subTest(prog=prog):
                path = fixture(prog)
                gdb_out = self.gdb_batch(path, [], ["break " + where, "run"] + cmds)
                want = self.ptype_lines(gdb_out.split("\n%s (" % where, 1)[-1])
                self.assertGreaterEqual(len([l for l in want if l.startswith(("type", "No "))]),
                                        len(cmds), gdb_out)
                r = self.prompt_script(path, [], ["break " + where, "c"] + cmds)
                self.assertEqual(self.ptype_lines(r.stdout), want, r.stdout)
                self.assertEqual(r.stderr, "")
        self.assertIn("  protected:", want + self.ptype_lines(
            self.gdb_batch(fixture("gdbmeetcc"), [], ["break use", "run", "ptype Account"])))
        # no process yet: the daemon's words, and the prompt goes on
        r = self.prompt_script(fixture("gdbmeet"), [], ["kill", "ptype int", "whatis"])
        self.assertIn("(-32003)", r.stderr)
        self.assertIn("\nusage: whatis TYPE|EXPRESSION\n", r.stdout)


    WATCH_HIT = re.compile(r"^\n(Hardware (?:read |access \(read/write\) )?watchpoint) \d+: "
                           r"(.*)\n\n((?:Old value = .*\nNew value = .*|Value = .*))$", re.M)

    def test_watch_is_gdbs(self):
        # watch, awatch and rwatch of expressions: the same hits in the same order, in
        # gdb's words, values and numbers (shared with the breakpoints')
        watched = fixture("watched")
        cmds = ["watch counter", "awatch peeked", "rwatch counter"] + ["c"] * 14
        gdb_out = self.gdb_batch(watched, [], ["break bump", "run", "delete 1"] + cmds)
        want = self.WATCH_HIT.findall(gdb_out)
        self.assertGreater(len(want), 10, gdb_out)
        self.assertIn(("Hardware watchpoint", "counter", "Old value = 0\nNew value = 3"), want)
        self.assertIn(("Hardware read watchpoint", "counter", "Value = 3"), want)
        self.assertIn(("Hardware access (read/write) watchpoint", "peeked", "Value = 7"), want)
        r = self.prompt_script(watched, [], ["break bump", "c", "delete 1"] + cmds)
        self.assertEqual(self.WATCH_HIT.findall(r.stdout), want, r.stdout)
        # numbered after the deleted breakpoint 1, as gdb's
        numbers = ("\nHardware watchpoint 2: counter\nHardware access (read/write) "
                   "watchpoint 3: peeked\nHardware read watchpoint 4: counter\n")
        self.assertIn(numbers, gdb_out)
        self.assertIn(numbers, r.stdout)
        self.assertTrue(ended(r.stdout).endswith("15\n[Inferior 1 (process N) exited normally]\n"), r.stdout)

        # members and casts, as gdb takes them; what cannot be watched in hardware
        r = self.prompt_script(fixture("vars"), [], [
            "break vars.c:22", "c", "up 2", "watch p.y", "watch *(int *)&p.x", "watch p",
            "down", "watch buf", "watch $rsp"])
        self.assertIn("\nHardware watchpoint 2: p.y\nHardware watchpoint 3: *(int *)&p.x\n",
                      r.stdout)
        # p: 8 bytes, not aligned to 8, which the daemon says
        self.assertRegex(r.stderr, r"\(-32602\): .*aligned")
        self.assertRegex(r.stdout, r"\nwatch: buf has \d+ bytes; dbgd watches 1, 2, 4 or 8 in "
                         r"a debug register \(gdb would watch it in software\)\n")
        self.assertIn("\nwatch: Attempt to take address of value not located in memory.\n",
                      r.stdout)

    def test_threads_are_gdbs(self):
        # gdb's thread numbers: 1 the main thread, then in the order the threads were
        # born. mthreads count starts four workers, each adding to counts[i] for ever;
        # the condition waits until workers 1..3 count, so that each is in count_here(i)
        # and `p i` there says which worker a number is
        mth = fixture("mthreads")
        cmds = ["info threads", "thread 3", "p i", "thread 4", "p i", "thread 5", "p i",
                "thread", "thread 9", "thread x", "thread 0"]
        brk = "break counted if counts[1] > 0 && counts[2] > 0 && counts[3] > 0"
        gdb_out = self.gdb_batch(mth, ["count"], [brk, "run"] + cmds + ["kill"])
        r = self.prompt_script(mth, ["count"], [brk, "c"] + cmds + ["thread tid 1",
                                                                      "thread tid x",
                                                                      "thread 1 2"])
        out = r.stdout

        def ids(text):
            return re.findall(r"^([* ]) (\d+) +(?:Thread 0x[0-9a-f]+ \()?LWP", text, re.M)
        self.assertEqual(ids(out), ids(gdb_out), out)
        self.assertEqual(ids(out), [(" ", "1"), ("*", "2"), (" ", "3"), (" ", "4"),
                                    (" ", "5")])
        self.assertEqual(re.findall(r"^(?:\$\d+|i) = (\d+)$", out, re.M),
                         re.findall(r"^(?:\$\d+|i) = (\d+)$", gdb_out, re.M))
        self.assertEqual(re.findall(r"^(?:\$\d+|i) = (\d+)$", out, re.M), ["1", "2", "3"])
        for words in (r"\[Switching to thread 3 \(", r"\[Current thread is 5 \(",
                      r"Unknown thread 9\.", r"Invalid thread ID: x", r"Invalid thread ID: 0"):
            self.assertRegex(gdb_out, words)
            self.assertRegex(out, words)
        # the LWP a number names is the one info threads shows with it; the main
        # thread's is the pid
        lwps = dict(re.findall(r"^[* ] (\d+) +LWP (\d+) ", out, re.M))
        pid = re.match(r"session \d+ \(pid (\d+)\)", out).group(1)
        self.assertEqual(lwps["1"], pid)
        self.assertIn("\n[Switching to thread 4 (LWP %s)]\n" % lwps["4"], out)
        self.assertIn("\n[Current thread is 5 (LWP %s)]\n" % lwps["5"], out)
        self.assertIn("(-32602)", r.stderr)  # thread tid 1: no such tid
        self.assertIn("\nusage: thread tid TID: TID must be a number: x\n", out)
        self.assertIn("\nusage: thread [N] | thread tid TID ('info threads' lists them)\n",
                      out)

    def test_condition_on_a_pending_breakpoint(self):
        # condition N COND on a breakpoint pending on a library's symbol (dlo dlopens
        # libm, then calls cbrt once): the table as gdb's; a condition that never holds
        # lets the program end, and once removed the breakpoint stops in cbrt
        dlo = fixture("dlo")
        cond = "condition 1 $rdi == 12345"
        gdb_out = self.gdb_batch(dlo, [], ["break cbrt", cond, "info breakpoints"])
        want = self.bp_tables(gdb_out)
        self.assertIn("\tstop only if $rdi == 12345\n", want[0])
        r = self.prompt_script(dlo, [], ["break cbrt pending", cond, "info breakpoints", "c"])
        # the same table as gdb's, the number kept: dbgd changes a pending breakpoint in
        # place (one per symbol)
        self.assertIn("\nbreakpoint 1 pending on cbrt if $rdi == 12345\n", r.stdout)
        self.assertEqual(self.bp_tables(r.stdout), [want[0]])
        self.assertTrue(ended(r.stdout).endswith("cbrt(27)=3\n[Inferior 1 (process N) exited normally]\n"), r.stdout)

        # each change keeps it: ignore, a condition, none; then it stops in cbrt
        r = self.prompt_script(dlo, [], ["break cbrt pending", "ignore 1 0",
                                         "condition 1 $rdi == 12345", "condition 1",
                                         "condition 9 x", "condition x",
                                         "info breakpoints", "c", "p $pc"])
        self.assertIn("\nBreakpoint 1 now unconditional.\n", r.stdout)
        self.assertIn("\nno breakpoint 9\n", r.stdout + r.stderr)
        self.assertIn("\nusage: condition N [CONDITION]\n", r.stdout)
        self.assertRegex(r.stdout, r"\nNum .*\n1 +breakpoint +keep y +<PENDING> +cbrt\n"
                         r"\(dbg\)|\nNum .*\n1 +breakpoint +keep y +<PENDING> +cbrt\n[^\t]")
        self.assertRegex(r.stdout, r"\nBreakpoint 1, (?:0x[0-9a-f]{16} in )?\w*cbrt\w* \(")


if __name__ == "__main__":
    cli.main()
