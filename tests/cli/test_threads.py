"""dbgctl and threads (dbgd stops all threads together): a breakpoint that a worker
thread hits says which thread, `threads` lists them with the current one marked,
`thread` selects another one that regs then reads, in one-shot commands and at the
prompt. The fixture is mthreads: N workers named "worker-I" each call work(I) once,
main joins them and prints "total T"."""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from cli import fixture, nm  # noqa: E402

HEX = r"0x[0-9a-f]+"
SYM = r"(  in \S.*)?"  # where a stopped thread is, when its symbol is known
WHERE = r" \(\S*mthreads\.c:\d+\)"  # a breakpoint's line, and a hit's
PROMPT = r"\(dbg\) "
# A generous wait for each stop: should a stop never come, cont answers "running" and
# the test fails on that line instead of at the CTest timeout.
CONT = ("--timeout", "20")


class Threads(cli.CliTestCase):

    def setUp(self):
        self.work = nm(fixture("mthreads"), "work")

    def settled(self, sid):
        """The threads (JSON) once every interrupted thread has reached its stop. dbgd
        tells a stop once every thread has stopped, but a thread that took more than
        200 ms (a loaded machine) would be "stopping", and `thread` refuses one that
        is."""
        deadline = time.monotonic() + 10
        while True:
            threads = self.okjson("threads", sid)["threads"]
            if all(t["state"] == "stopped" for t in threads):
                return threads
            self.assertLess(time.monotonic(), deadline, threads)
            time.sleep(0.01)

    def rdi(self, sid):
        return int(self.okjson("regs", sid, "rdi")["rdi"], 16)

    def test_a_worker_stops_the_process_then_main_is_selected(self):
        sid, st = self.spawn("mthreads", "4")
        pid = st["pid"]
        # before any thread starts: the main thread alone, current
        r = self.ok("threads", sid)
        self.assertRegex(r.out, r"^\* %d  stopped  %s  mthreads%s\n$" % (pid, HEX, SYM))

        self.ok("break", sid, "0x%x" % self.work)
        r = self.ok("cont", sid, *CONT)
        m = re.match(r"^breakpoint 1 at 0x%x in work%s in thread (\d+)\n$"
                     % (self.work, WHERE), r.out)
        self.assertTrue(m, r)
        tid = int(m.group(1))
        self.assertNotEqual(tid, pid)
        self.assertEqual(self.okjson("status", sid)["stop"]["thread"], tid)
        # status prints the same line under the session's
        self.assertEqual(self.ok("status", sid).out.splitlines()[1], r.out.rstrip("\n"))

        js = self.settled(sid)
        self.assertEqual((js[0]["tid"], js[0]["current"]), (tid, True))
        i = self.rdi(sid)  # work(i): the worker's own number
        self.assertIn(i, range(4))
        r = self.ok("threads", sid)
        lines = r.out.splitlines()
        self.assertEqual(len(lines), len(js), r)
        self.assertRegex(lines[0], r"^\* +%d  stopped  0x%x +worker-%d  in work$" %
                         (tid, self.work, i))
        self.assertEqual([ln for ln in lines if ln.startswith("*")], lines[:1])
        for ln, t in zip(lines, js):  # one line per thread, in the daemon's order
            self.assertRegex(ln, r"^[* ] +%d  stopped  %s +%s%s$" %
                             (t["tid"], re.escape(t["pc"]), re.escape(t["name"]), SYM))
        mains = [ln for ln in lines if re.match(r"^  +%d " % pid, ln)]
        self.assertEqual(len(mains), 1, r)
        main_pc = re.match(r"^  +%d  stopped  (%s) +mthreads%s$" % (pid, HEX, SYM),
                           mains[0]).group(1)
        self.assertNotEqual(int(main_pc, 16), self.work)

        # select the main thread: its pc, the stop's reason
        r = self.ok("thread", sid, pid)
        self.assertEqual(r.out, "breakpoint 1; thread %d selected at %s\n" % (pid, main_pc))
        r = self.ok("regs", sid, "rip")
        self.assertRegex(r.out, r"^rip\s+%s\n$" % main_pc)
        self.assertEqual(self.ok("status", sid).out.splitlines()[1], "breakpoint 1; thread "
                         "%d selected at %s" % (pid, main_pc))
        lines = self.ok("threads", sid).out.splitlines()
        self.assertRegex(lines[0], r"^\* +%d  stopped  %s +mthreads%s$" % (pid, main_pc, SYM))
        self.assertRegex("\n".join(lines[1:]), r"(^|\n)  +%d  stopped  0x%x +worker-%d  in work"
                         r"(\n|$)" % (tid, self.work, i))
        # --json: the raw results
        st = self.okjson("thread", sid, pid)
        self.assertEqual((st["pid"], st["state"]), (pid, "stopped"))
        self.assertEqual((st["stop"]["thread"], st["stop"]["selected"], st["stop"]["pc"]),
                         (pid, True, main_pc))
        js = self.okjson("threads", sid)
        self.assertEqual(list(js), ["threads"])
        self.assertEqual((js["threads"][0]["tid"], js["threads"][0]["current"]), (pid, True))
        self.assertEqual(sum(t["current"] for t in js["threads"]), 1)

        # the other three workers stop in turn, each in its own thread, then the end
        seen = {tid}
        for _ in range(3):
            r = self.ok("cont", sid, *CONT)
            m = re.match(r"^breakpoint 1 at 0x%x in work%s in thread (\d+)\n$"
                     % (self.work, WHERE), r.out)
            self.assertTrue(m, r)
            seen.add(int(m.group(1)))
        self.assertEqual(len(seen), 4, seen)
        self.assertNotIn(pid, seen)
        self.assertEqual(self.ok("cont", sid, *CONT).out, "exited with code 0\n")
        self.assertEqual(self.ok("output", sid).out, "total 12\n")
        self.assertEqual(self.ok("threads", sid).out, "no threads\n")

    def test_thread_errors(self):
        sid, st = self.spawn("mthreads", "1")
        # selecting the current thread changes nothing
        self.assertEqual(self.ok("thread", sid, st["pid"]).out, "exec at %s\n" % st["stop"]["pc"])
        # not a thread of the process: the daemon says so, exit 1, nothing on stdout
        r = self.ctl("thread", sid, "1")
        self.assertEqual(r.rc, cli.EXIT_RPC, r)
        self.assertEqual(r.out, "")
        self.assertRegex(r.err, r"^dbgctl: .*\(-32602\): .*\b1 is not a thread of session %d\n$"
                         % sid)
        r = self.ctl("--json", "thread", sid, "1")
        self.assertEqual((r.rc, r.out), (cli.EXIT_RPC, ""), r)
        # usage errors, before any call
        for args in (["thread", sid, "x"], ["thread", sid, "-5"], ["thread", sid],
                     ["threads"], ["threads", sid, "2"], ["thread", "one", "1"]):
            with self.subTest(args=args):
                r = self.ctl(*args)
                self.assertEqual(r.rc, cli.EXIT_USAGE, r)
                self.assertTrue(r.err.startswith("dbgctl: "), r)
                self.assertEqual(r.out, "")
        self.assertIn("TID must be a number, got 'x'", self.ctl("thread", sid, "x").err)
        r = self.ok("help", "thread")
        self.assertIn("dbgctl [GLOBAL OPTIONS] thread SESSION TID", r.out)
        self.assertRegex(self.ok("--help").out, r"\n  threads +\S.*\n  thread +\S")
        # no such session; a running process
        r = self.ctl("threads", "999999")
        self.assertEqual(r.rc, cli.EXIT_RPC, r)
        self.assertIn("(-32001)", r.err)
        sid, st = self.spawn("loop", "1000000000")
        self.assertEqual(self.ok("cont", sid, "--no-wait").out, "running\n")
        r = self.ctl("thread", sid, st["pid"])
        self.assertEqual(r.rc, cli.EXIT_RPC, r)
        self.assertIn("(-32002)", r.err)
        r = self.ok("threads", sid)
        self.assertRegex(r.out, r"^\* %d  running  loop\n$" % st["pid"])
        self.assertEqual(self.ok("kill", sid).out, "killed by SIGKILL\n")

    def test_prompt_threads_and_thread_on_a_pty(self):
        sid, st = self.spawn("mthreads", "2")
        pid = st["pid"]
        p = cli.Pty(["attach", sid], self.daemon.env(TERM="dumb", HOME=self.daemon.dir))
        self.addCleanup(p.close)
        p.expect(r"session %d \(pid %d\)" % (sid, pid))
        p.expect(PROMPT)
        p.sendline("h")
        p.expect(r"\n  info threads +\S.*\n.*\n  thread N +\S")
        p.expect(PROMPT)
        p.sendline("b 0x%x" % self.work)
        p.expect(r"breakpoint 1 at 0x%x%s\n" % (self.work, WHERE))
        p.expect(PROMPT)
        p.sendline("c")
        # gdb's: the switch to the thread that stopped (its pthread_t, its LWP), then
        # which thread hit the breakpoint, by gdb's number and name
        tid = int(p.expect(r"\[Switching to Thread 0x[0-9a-f]+ \(LWP (\d+)\)\]\n\n"
                           r"Thread [23] \"worker-\d\" hit Breakpoint 1, work \(.*\) at "
                           r"\S*mthreads\.c:\d+\n").group(1))
        self.assertNotEqual(tid, pid)
        p.expect(PROMPT)
        threads = self.settled(sid)
        main_pc = [t["pc"] for t in threads if t["tid"] == pid][0]
        i = self.rdi(sid)

        # gdb's table and numbers: the main thread is 1, the worker that stopped one of
        # 2 and 3 (the order they were born)
        row = r"\* (\d) +LWP %d \"worker-%d\" 0x%x in work%s\n" % (tid, i, self.work, WHERE)
        p.sendline("threads")
        p.expect(r"  Id   Target Id +Frame\n  1    LWP %d \"mthreads\" %s" % (pid, main_pc))
        num = int(p.expect(row).group(1))
        self.assertIn(num, (2, 3))
        p.expect(PROMPT)
        p.sendline("info threads")
        self.assertEqual(int(p.expect(row).group(1)), num)
        p.expect(PROMPT)
        p.sendline("thread 1")
        p.expect(r"\[Switching to thread 1 \(LWP %d\)\]\nbreakpoint 1; thread %d selected at "
                 r"%s\n" % (pid, pid, main_pc))
        p.expect(PROMPT)
        p.sendline("regs rip")
        p.expect(r"rip\s+%s\n" % main_pc)
        p.expect(PROMPT)
        p.sendline("threads")
        p.expect(r"\* 1    LWP %d \"mthreads\" %s" % (pid, main_pc))
        p.expect(PROMPT)
        p.sendline("thread tid %d" % tid)  # the kernel's tid, as the API's thread
        p.expect(r"\[Switching to thread %d \(LWP %d\)\]\nbreakpoint 1; thread %d selected "
                 r"at 0x%x\n" % (num, tid, tid, self.work))
        p.expect(PROMPT)
        # bad input is reported and survived
        p.sendline("thread tid 1")
        p.expect(r"\(-32602\): .*1 is not a thread")
        p.expect(PROMPT)
        p.sendline("thread")
        p.expect(r"\[Current thread is %d \(LWP %d\)\]" % (num, tid))
        p.expect(PROMPT)
        p.sendline("thread worker")
        p.expect(r"Invalid thread ID: worker")
        p.expect(PROMPT)
        p.sendline("thread 7")
        p.expect(r"Unknown thread 7\.")
        p.expect(PROMPT)
        # the other worker, then the end
        p.sendline("c")
        other = int(p.expect(r"\[Switching to Thread 0x[0-9a-f]+ \(LWP (\d+)\)\]\n\n"
                             r"Thread [23] \"worker-\d\" hit Breakpoint 1, work \(").group(1))
        self.assertNotIn(other, (pid, tid))
        p.sendline("c")
        p.expect(r"total 2\n")
        p.expect(r"\[Inferior 1 \(process %d\) exited normally\]\n" % pid)
        p.sendline("threads")
        p.expect(r"No threads\.\n")
        p.sendline("q")
        self.assertEqual(p.wait(), 0)

    def test_prompt_threads_on_stdin(self):
        sid, st = self.spawn("mthreads", "1")
        pid = st["pid"]
        script = "\n".join([
            "threads",
            "info threads",
            "thread 1",
            "thread tid %d" % pid,
            "thread tid 1",
            "thread tid",
            "info",
            "q",
        ]) + "\n"
        r = subprocess.run([cli.dbgctl_binary(), "attach", str(sid)], input=script,
                           capture_output=True, text=True, timeout=60, env=self.daemon.env())
        self.assertEqual(r.returncode, 0, r)
        exec_line = "exec at %s" % st["stop"]["pc"]
        target = "LWP %d \"mthreads\"" % pid
        head = "  Id   %-*s Frame" % (len(target), "Target Id")
        table = "* 1    LWP %d \"mthreads\" %s in %s" % (pid, st["stop"]["pc"],
                                                    st["stop"]["symbol"])
        switch = "[Switching to thread 1 (LWP %d)]" % pid
        self.assertEqual(r.stdout.splitlines()[1:], [
            exec_line,                    # attach
            head, table,                  # threads
            head, table,                  # info threads
            switch, exec_line,            # thread 1: already the current one
            switch, exec_line,            # thread tid PID: the same
            "usage: thread [N] | thread tid TID ('info threads' lists them)",
            r.stdout.splitlines()[0],     # info: the status, as before
            exec_line,
        ])
        self.assertRegex(r.stderr, r"^dbgctl: .*\(-32602\): .*1 is not a thread")


if __name__ == "__main__":
    cli.main()
