"""follow_forks: child processes stay traced for their whole life, passively, and
their syscalls, births and ends are the session's events and records, as strace -f
shows them (strace -f is the oracle)."""

import os
import re
import subprocess
import tempfile
import time

import errno

import dbgd
from dbgd import DbgdTestCase, fixture


def strace_f(path, args, only=None):
    """strace -f's view: {pid: [(name, ret or None)]} in order of each process's first
    line, the exit codes {pid: code}, and the first pid (the program's)."""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "log")
        cmd = ["strace", "-f", "-q", "-o", log]
        if only:
            cmd += ["-e", "trace=" + ",".join(only)]
        subprocess.run(cmd + [path, *args], check=True, timeout=60,
                       stdout=subprocess.DEVNULL)
        with open(log) as f:
            lines = f.read().splitlines()
    calls, codes, first = {}, {}, None
    for line in lines:
        m = re.match(r"^(\d+)\s+([a-z0-9_]+)\(", line)
        if m:
            pid = int(m.group(1))
            first = first or pid
            ret = None if "<unfinished ...>" in line else strace_ret(line)
            calls.setdefault(pid, []).append((m.group(2), ret))
            continue
        m = re.match(r"^(\d+)\s+<\.\.\. ([a-z0-9_]+) resumed>", line)
        if m:
            pid = int(m.group(1))
            for i in range(len(calls[pid]) - 1, -1, -1):
                if calls[pid][i][0] == m.group(2) and calls[pid][i][1] is None:
                    calls[pid][i] = (m.group(2), strace_ret(line))
                    break
            continue
        m = re.match(r"^(\d+)\s+\+\+\+ exited with (\d+) \+\+\+", line)
        if m:
            codes[int(m.group(1))] = int(m.group(2))
    # strace starts before the program's execve, dbgd in it
    if calls.get(first) and calls[first][0][0] == "execve":
        calls[first] = calls[first][1:]
    return calls, codes, first


def strace_ret(line):
    """The return value of a strace line, as the kernel gave it (-errno for an error),
    or None ("= ?")."""
    m = re.search(r"= (-?\d+|0x[0-9a-f]+)(?: (E[A-Z0-9]+) \(.*\))?$", line)
    if not m:
        return None
    if m.group(2):
        return -getattr(errno, m.group(2))
    return int(m.group(1), 0)


def by_process(events, main_pid):
    """dbgd's events: {pid: [(name, ret)]} from the entries and exits of each process,
    and the exit codes {pid: code}."""
    calls, codes = {}, {}
    for e in events:
        pid = e.get("pid", main_pid)
        if e["type"] == "syscall-entry":
            calls.setdefault(pid, []).append([e["syscall"]["name"], None])
        elif e["type"] == "syscall-exit":
            for c in reversed(calls.get(pid, [])):
                if c[0] == e["syscall"]["name"] and c[1] is None:
                    c[1] = e["syscall"]["ret"]
                    break
        elif e["type"] == "process-exit":
            codes[pid] = e.get("exit_code")
    return {p: [tuple(c) for c in v] for p, v in calls.items()}, codes


def normalise(calls, first, other_pids):
    """Per process, in order of birth: the program first, then its children. Return
    values that depend on pids or addresses are left out: the program's own pid and its
    children's are replaced by their place."""
    order = [first] + other_pids
    place = {p: "P%d" % i for i, p in enumerate(order)}
    out = []
    for pid in order:
        seq = []
        for name, ret in calls.get(pid, []):
            if name in ("getppid", "wait4", "clone", "clone3", "getpid", "set_tid_address"):
                ret = place.get(ret, ret)
            elif name in ("mmap", "brk", "exit_group"):
                ret = None  # addresses (ASLR differs), and no return
            seq.append((name, ret))
        out.append(seq)
    return out


def births(calls, first):
    """The pids of strace's children in order of birth (the return of the fork)."""
    kids = []
    for name, ret in calls.get(first, []):
        if name in ("clone", "clone3", "fork", "vfork") and ret and ret > 0:
            kids.append(ret)
    return kids


class TestFollowForks(DbgdTestCase):
    def started(self, events):
        return [e["pid"] for e in events if e["type"] == "process-start"]

    def test_trace_syscalls_of_children_match_strace_f(self):
        want_calls, want_codes, first = strace_f(fixture("forks"), [])
        kids = births(want_calls, first)
        self.assertEqual(len(kids), 2, want_calls)
        want = normalise(want_calls, first, kids)
        st = self.spawn("forks", follow_forks=True)
        s, pid = st["session"], st["pid"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        got_calls, got_codes = by_process(ev, pid)
        born = self.started(ev)
        self.assertEqual(len(born), 2, ev)
        self.assertTrue(all(e["parent"] == pid for e in ev if e["type"] == "process-start"))
        # the program's first exit is its execve's (the exec stop is inside it)
        self.assertEqual([(e["type"], e["syscall"]["name"]) for e in ev
                          if e["type"].startswith("syscall")][0], ("syscall-exit", "execve"))
        got = normalise(got_calls, pid, born)
        for i, (w, g) in enumerate(zip(want, got)):
            self.assertEqual([c[0] for c in g], [c[0] for c in w], "process %d" % i)
            self.assertEqual(g, w, "process %d" % i)
        self.assertEqual([got_codes[p] for p in born], [want_codes[p] for p in kids])
        self.assertEqual([got_codes[p] for p in born], [0, 3])
        # each child starts before its first syscall and ends after its last
        for p in born:
            seqs = [e["seq"] for e in ev if e.get("pid") == p]
            kinds = [e["type"] for e in ev if e.get("pid") == p]
            self.assertEqual((kinds[0], kinds[-1]), ("process-start", "process-exit"))
            self.assertEqual(seqs, sorted(seqs))
        self.assertEqual(self.output(s), "done\n")

    def test_record_syscalls_of_children_match_strace_f(self):
        want_calls, _, first = strace_f(fixture("forks"), [])
        kids = births(want_calls, first)
        want = normalise(want_calls, first, kids)
        st = self.spawn("forks", follow_forks=True, record_syscalls=True, stop="main")
        s, pid = st["session"], st["pid"]
        self.assertExited(self.rpc("cont", session=s), 0)
        log = self.rpc("report", session=s)["syscalls"]
        born = []
        calls = {}
        for r in log:
            p = r.get("pid", pid)
            if p != pid and p not in born:
                born.append(p)
            calls.setdefault(p, []).append((r["name"], r.get("ret")))
        self.assertEqual(len(born), 2, log)
        self.assertNotIn("thread", str([r for r in log if "pid" in r]))
        got = normalise(calls, pid, born)
        # the log keeps the last 64 syscalls (and the last one of a process that has
        # none among them): each process's records are the end of strace's list, and
        # the forked child's are all there
        for i, (w, g) in enumerate(zip(want, got)):
            self.assertTrue(g, "process %d" % i)
            self.assertEqual(g, w[len(w) - len(g):], "process %d" % i)
        self.assertEqual(got[2], want[2])
        self.assertEqual([c[0] for c in got[2]][-5:],
                         ["getppid", "openat", "write", "close", "exit_group"])

    def test_filter_and_names_match_strace_f(self):
        names = ["write", "getppid"]
        want_calls, _, first = strace_f(fixture("forks"), [], only=names)
        want = sorted([[c[0] for c in v] for v in want_calls.values()])
        st = self.spawn("forks", follow_forks=True, syscall_filter=names)
        s, pid = st["session"], st["pid"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True, names=names), 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        got_calls, codes = by_process(ev, pid)
        got = sorted([[c[0] for c in v] for v in got_calls.values()])
        self.assertEqual(got, want)
        self.assertEqual(len(self.started(ev)), 2)
        self.assertEqual(sorted(codes.values()), [0, 3])
        # the child's write, with its result
        child = [v for p, v in got_calls.items() if p != pid][0]
        self.assertEqual(child, [("getppid", pid), ("write", 6)])

    def test_a_childs_own_sigtrap_reaches_it(self):
        # a followed child's own SIGTRAP (raise, int3) is the program's: delivered, it
        # kills the child (its crash report kept) or reaches its handler, as without a
        # tracer; dbgd swallowed it, and the child went on past its raise
        script = "%s; echo rc=$?; %s; echo rc=$?" % (fixture("sigtrap"), fixture("ownint3"))
        want = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True,
                              timeout=60).stdout
        self.assertEqual(want, "before\nrc=133\ntraps 3\nrc=0\n")
        s = self.spawn("/bin/sh", "-c", script, follow_forks=True)["session"]
        self.assertExited(self.rpc("cont", session=s, timeout=60), 0)
        self.assertEqual(self.output(s), want)
        rep = self.rpc("report", session=s)
        self.assertEqual([(c["path"], c["signal"]["name"]) for c in rep["children"]],
                         [(fixture("sigtrap"), "SIGTRAP")])

    def test_without_follow_forks_children_are_not_events(self):
        st = self.spawn("forks")
        s = st["session"]
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        self.assertFalse([e for e in ev if "pid" in e or e["type"].startswith("process")])

    def test_syscall_stops_only_in_the_program(self):
        # `syscall` stops at the program's syscalls, never at a child's
        st = self.spawn("forks", follow_forks=True, stop="main")
        s, pid = st["session"], st["pid"]
        seen = 0
        while True:
            r = self.rpc("syscall", session=s, names=["getppid", "write", "exit_group"])
            if r["state"] != "stopped":
                break
            self.assertEqual(r["stop"].get("thread", pid), pid)
            self.assertNotIn("pid", r["stop"])
            seen += 1
        self.assertEqual(r.get("exit_code"), 0, r)
        # the program's write and exit_group, entry and exit (exit_group: entry only)
        self.assertEqual(seen, 3)

    def test_close_kills_children_in_the_group_and_detaches_the_others(self):
        st = self.spawn("forks", "hold", follow_forks=True)
        s = st["session"]
        self.rpc("cont", session=s, wait=False)
        out = dbgd.wait_until(lambda: re.search(r"pids (\d+) (\d+)", self.output(s)), 10)
        self.assertTrue(out)
        a, b = int(out.group(1)), int(out.group(2))
        self.addCleanup(lambda: subprocess.run(["kill", "-9", str(b)],
                                               stderr=subprocess.DEVNULL))
        self.assertNotEqual(tracer(a), 0)
        self.assertNotEqual(tracer(b), 0)
        self.rpc("close", session=s)
        # a died with the group; b left it: detached, it runs on untraced
        self.assertTrue(dbgd.wait_until(lambda: gone(a), 10), ps_line(a))
        self.assertTrue(dbgd.wait_until(lambda: tracer(b) == 0, 10), ps_line(b))
        os.kill(b, 9)
        self.assertTrue(dbgd.wait_until(lambda: gone(b), 10), ps_line(b))

    def test_children_running_untraced_are_traced_once_a_cont_traces(self):
        # forked while nothing traced syscalls (resumed with PTRACE_CONT), the children
        # are switched when a `cont` starts tracing: their pause, restarted after the
        # switch's interrupt, is an event of each
        st = self.spawn("forks", "hold", follow_forks=True)
        s = st["session"]
        self.rpc("cont", session=s, wait=False)
        out = dbgd.wait_until(lambda: re.search(r"pids (\d+) (\d+)", self.output(s)), 10)
        a, b = int(out.group(1)), int(out.group(2))
        self.addCleanup(lambda: subprocess.run(["kill", "-9", str(b)],
                                               stderr=subprocess.DEVNULL))
        self.assertStopped(self.rpc("pause", session=s), "interrupted")
        nxt = self.rpc("events", session=s, max=100000)["next"]
        self.rpc("cont", session=s, trace_syscalls=True, wait=False)

        def pauses():
            ev = self.rpc("events", session=s, after=nxt, max=100000)["events"]
            pids = {e.get("pid") for e in ev if e["type"] == "syscall-entry" and
                    e["syscall"]["name"] == "pause"}
            return pids if {a, b} <= pids else None
        self.assertTrue(dbgd.wait_until(pauses, 10))

    def test_kill_after_the_process_ended_kills_children_left_in_the_group(self):
        # the program ends; a child that stays in its process group is still followed,
        # and `kill` kills it
        st = self.spawn("forks", "hold", follow_forks=True)
        s, pid = st["session"], st["pid"]
        self.rpc("cont", session=s, wait=False)
        out = dbgd.wait_until(lambda: re.search(r"pids (\d+) (\d+)", self.output(s)), 10)
        a, b = int(out.group(1)), int(out.group(2))
        self.addCleanup(lambda: subprocess.run(["kill", "-9", str(b)],
                                               stderr=subprocess.DEVNULL))
        os.kill(pid, 9)
        self.assertKilled(self.rpc("wait", session=s), "SIGKILL", 9)
        self.assertNotEqual(tracer(a), 0)
        self.rpc("kill", session=s)
        self.assertTrue(dbgd.wait_until(lambda: gone(a), 10), ps_line(a))
        ev = self.rpc("events", session=s, max=1000)["events"]
        ends = [e for e in ev if e["type"] == "process-exit" and e["pid"] == a]
        self.assertEqual(ends[0]["signal"]["name"], "SIGKILL", ev)


def status_field(pid, name):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(name + ":"):
                    return line.split()[1]
    except OSError:
        return None
    return None


def tracer(pid):
    v = status_field(pid, "TracerPid")
    return int(v) if v is not None else None


def gone(pid):
    """Ended and reaped, or a zombie whose reaping is its parent's (or init's)."""
    state = status_field(pid, "State")
    return state is None or state == "Z"


def ps_line(pid):
    return subprocess.run(["ps", "-o", "pid,ppid,stat,comm", "-p", str(pid)],
                          capture_output=True, text=True).stdout


if __name__ == "__main__":
    dbgd.main()
