"""dbgctl and attach: `dbgctl attach PID` (the prompt on a process dbgd did not start),
the prompt's attach PID and detach, the one-shot `dbgctl detach SESSION`. The program
is started by the test; once let go, it reads what the test writes and ends as it
would have (the oracle)."""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from cli import fixture  # noqa: E402


def tracer(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("TracerPid:"):
                return int(line.split()[1])
    return None


def blocked_in_read(pid):
    try:
        with open("/proc/%d/syscall" % pid) as f:
            return f.read().split()[0] == "0"
    except (OSError, IndexError):
        return False


class Attach(cli.CliTestCase):
    daemon_args = ("--allow-attach",)

    def reader(self):
        """attachme read, blocked in its read."""
        p = subprocess.Popen([fixture("attachme"), "read"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (p.poll() is None and p.kill(), p.communicate()))
        self.assertEqual(p.stdout.readline(), "ready\n")
        deadline = time.monotonic() + 20
        while not blocked_in_read(p.pid):
            self.assertLess(time.monotonic(), deadline, "never blocked in read")
            time.sleep(0.01)
        return p

    def finish(self, p, data):
        p.stdin.write(data)
        out, _ = p.communicate(timeout=30)
        return p.returncode, out

    def test_attach_pid_bt_detach(self):
        p = self.reader()
        r = self.ctl("attach", p.pid, input="bt\ndetach\nstatus\nq\n")
        self.assertEqual(r.rc, 0, r)
        lines = r.out.splitlines()
        self.assertRegex(lines[0], r"^session \d+ \(pid %d\): \S*attachme read$" % p.pid)
        self.assertRegex(lines[1], r"^attach at 0x[0-9a-f]+$")
        self.assertTrue(any("do_read" in l for l in lines), r)
        self.assertIn("[Inferior 1 (process %d) detached]" % p.pid, lines)
        self.assertEqual(tracer(p.pid), 0)
        self.assertEqual(self.finish(p, "hi"), (0, "got hi\n"))

    def test_resuming_an_attached_process_says_what_gdb_p_says(self):
        # an attached process's output is its own: a resume at the prompt showed
        # "wrong state (-32009)" twice (the prompt asked for the output dbgd does not
        # capture); the rest against gdb -p on the same kind of process
        cmds = "break tick\ncontinue\nfinish\ndetach\n"

        def run_one(attach):
            p = subprocess.Popen([fixture("attachme"), "sleep", "100000", "0"],
                                 stdout=subprocess.PIPE, text=True)
            self.addCleanup(lambda: (p.poll() is None and p.kill(), p.communicate()))
            self.assertEqual(p.stdout.readline(), "ready\n")
            out, err = attach(p.pid)
            self.assertEqual(tracer(p.pid), 0)
            return [re.sub(r"0x[0-9a-f]+|\d+", "N", l) for l in out.splitlines()
                    if l.startswith(("[Inferior", "Value returned"))], out + err

        def dbgctl(pid):
            r = self.ctl("attach", pid, input=cmds, timeout=120)
            return r.out, r.err

        def gdb(pid):
            argv = ["gdb", "-batch", "-nx", "-p", str(pid)]
            for c in cmds.splitlines():
                argv += ["-ex", c]
            r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
            return r.stdout, r.stderr

        got, text = run_one(dbgctl)
        self.assertNotIn("wrong state", text)
        want, gtext = run_one(gdb)
        self.assertEqual(got, want, (text, gtext))
        self.assertEqual(got[-1], "[Inferior N (process N) detached]")

    def test_quit_detaches(self):
        # the prompt's attach PID owns the session it makes: quit detaches (gdb -p's)
        p = self.reader()
        r = self.ctl(input="attach %d\nq\n" % p.pid)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("Attaching to process %d" % p.pid, r.out)
        self.assertEqual(self.okjson("sessions")["sessions"], [])
        self.assertEqual(tracer(p.pid), 0)
        self.assertEqual(self.finish(p, "yo"), (0, "got yo\n"))

    def test_oneshot_detach(self):
        p = self.reader()
        st = self.okjson("call", "attach", '{"pid": %d}' % p.pid)
        self.assertEqual(st["stop"]["reason"], "attach")
        r = self.ok("detach", st["session"])
        self.assertEqual(r.out, "detached from process %d, session %d closed\n"
                         % (p.pid, st["session"]))
        r = self.ctl("detach", st["session"])
        self.assertEqual(r.rc, 1, r)
        self.assertIn("(-32001)", r.err)
        self.assertEqual(self.finish(p, "ok"), (0, "got ok\n"))

    def test_detach_spawned_refused(self):
        sid, _ = self.spawn("hello")
        r = self.ctl("detach", sid)
        self.assertEqual(r.rc, 1, r)
        self.assertIn("(-32009)", r.err)
        self.assertIn("spawned", r.err)


if __name__ == "__main__":
    cli.main()
