"""dbgctl's interactive prompt, driven through a pseudo-terminal and through stdin:
break at tick, continue to it, read registers and memory, survive bad input, run to
the exit; Ctrl-C pauses a running program without killing the client."""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from cli import fixture, nm  # noqa: E402

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
        p.sendline("r")
        p.expect(r"rip\s+0x%x\n" % tick)
        p.expect(PROMPT)
        p.sendline("regs rip rsp")
        p.expect(r"rip\s+0x%x\nrsp\s+%s" % (tick, HEX))
        p.send("\x10\r")  # ^P: the previous line from the history, run again
        p.expect(r"rip\s+0x%x\nrsp\s+%s" % (tick, HEX))
        p.sendline("m 0x%x" % tick)
        p.expect(r"0x%x  55 " % tick)
        p.sendline("x/32 0x%x" % tick)
        p.expect(r"0x%x  55 .*\|\n0x%x  .*\|\n%s" % (tick, tick + 16, PROMPT))

        # bad input is reported and survived
        p.sendline("frob")
        p.expect(r"unknown instruction: frob\n")
        p.sendline("m 401126")
        p.expect(r"address must start with 0x: 401126\n")
        p.sendline("m 0xhello")
        p.expect(r"cannot parse address: 0xhello\n")
        p.sendline("b 1234")
        p.expect(r"address must start with 0x: 1234\n")
        p.sendline("delete 7")
        p.expect(r"\(-32008\)")

        p.sendline("n")
        p.expect(r"step at 0x%x\n" % (tick + 1))
        p.sendline("si")  # gdb's name for it
        p.expect(r"step at 0x%x\n" % (tick + 4))
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
        p.sendline("s")
        p.expect(r"syscall-exit execve = 0\n")
        p.sendline("s")
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
            "r",
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
        self.assertIn("\n  buf = \"tag\", '\\000' <repeats 28 times>\n", out)
        self.assertIn("\np = {x = 3, y = 4}\n", out)
        self.assertIn("\nalready at the innermost frame\n", out)
        self.assertIn("no variable \"nosuch\"", out + r.stderr)
        self.assertRegex(out, r"\n  #2 +%s  main\+" % HEX)
        self.assertTrue(out.endswith("exited with code 0\n"), out)


if __name__ == "__main__":
    cli.main()
