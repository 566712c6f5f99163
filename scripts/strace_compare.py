#!/usr/bin/env python3
"""Compare dbgd's syscall text with strace's lines for any program.

    DBGD_BUILD_DIR=build scripts/strace_compare.py [-v] [--setup 'sh cmd'] -- prog args...

Runs the program twice under `setarch -R strace -f -o LOG` and once under dbgd
(spawned with follow_forks, every syscall an event of `cont` with trace_syscalls,
read while it runs; or with --stops, stopped at each of the main process's syscalls
with `syscall`), each time in a fresh working
directory made by --setup, stdin empty and stdout a pipe in all three. The lines of
each process are compared with those of its partner in the other run after masking
what differs between any two runs: addresses, pids, times, random bytes. Partners
are found in the process tree (pair_processes), not by order of birth, which two
runs of a program that starts processes from several (git's helpers, a shell's
pipeline) need not share. Prints per process how
many of strace's lines dbgd printed the same, and with -v the lines that differ;
those that also differ between the two strace runs are marked "unstable".
Exit code: 0 when every stable line matched.

It is also a module: tests/integration/test_sysdecode.py imports strace_log,
parse_log and pair_processes, so strace's log is read one way, in one place."""

import argparse
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
import dbgd  # noqa: E402  (after the path)

LINE = re.compile(r"^(\d+) +(.*)$")
RESUMED = re.compile(r"^<\.\.\. \w+ resumed>(.*)$")
# strace's alignment: ") ", spaces to its column 40, "= "; the last ") =" of a line
# is the call's (a string argument may hold one: greedy .* passes over it)
PADDED = re.compile(r"^(.*\)) +=( |$)")
# a process or thread made: the child's pid is the call's result, in the maker's lines
MADE = re.compile(r"^(?:clone|clone3|fork|vfork)\(.*\) = (\d+)$")
# an exec that worked: its path (as quoted, which is the same in both runs)
EXECED = re.compile(r'^execve\(("(?:[^"\\]|\\.)*"),.* = 0$')


WORK = os.environ.get("STRACE_COMPARE_DIR") or os.path.join(tempfile.gettempdir(), "strace-compare-w")


def fresh_dir():
    """The working directory, empty, at the same path in every run."""
    shutil.rmtree(WORK, ignore_errors=True)
    os.mkdir(WORK)
    return WORK


def default_signals():
    # a shell's background job ignores SIGINT and SIGQUIT; dbgd's programs do not
    for sig in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)


def parse_log(raw):
    """strace -f's log lines as {pid: [lines]} and the pids in order of first
    appearance. Each line starts with its pid; a call another process's line broke
    (`<unfinished ...>` then `<... name resumed>`) is joined into one; strace's
    alignment of " = " (spaces to column 40 after a short call) is taken out, as dbgd
    does not align; signals and ends (`---`, `+++`) are left out."""
    by_pid, pending, order = {}, {}, []
    for line in raw:
        m = LINE.match(line)
        if not m:
            continue
        pid, text = int(m.group(1)), m.group(2)
        if pid not in order:
            order.append(pid)
        if text.startswith(("+++", "---")):
            continue
        if text.endswith(" <unfinished ...>"):
            pending[pid] = text[:-len(" <unfinished ...>")]
            continue
        r = RESUMED.match(text)
        if r:
            text = pending.pop(pid, "") + r.group(1)
        text = PADDED.sub(r"\1 =\2", text)
        by_pid.setdefault(pid, []).append(text)
    return by_pid, order


def process_tree(by_pid, order):
    """A run's processes (and threads) as a tree, from their lines alone, so that it is
    read the same way from strace's log and from dbgd's events: each one's children in
    the order it made them (the results of its clone/clone3/fork/vfork lines), the
    paths it exec'd, and the roots: those no line made (the program itself; one whose
    maker's line was lost), in order of birth. Returns (roots, children, execs)."""
    children, execs, made = {}, {}, set()
    for pid in order:
        for t in by_pid.get(pid, []):
            m = MADE.match(t)
            if m and int(m.group(1)) != pid:
                children.setdefault(pid, []).append(int(m.group(1)))
                made.add(int(m.group(1)))
            m = EXECED.match(t)
            if m:
                execs.setdefault(pid, []).append(m.group(1))
    roots = [p for p in order if p not in made]
    return roots, children, {p: tuple(v) for p, v in execs.items()}


def pair_processes(a, b):
    """Which process of run b is each one of run a ((by_pid, order) each): {pid_a:
    pid_b}. Partners have partners for parents, then among their siblings the k-th
    that exec'd a path (or none) is the k-th that exec'd it in the other run, in the
    order their parent made them. So a process whose sibling or cousin was born
    earlier in one run than in the other (a child of another process started in
    between, a helper started by a thread) still finds its own, and one that only one
    run has (git's gc --auto) leaves the others' pairs alone. Unpaired: not in it."""
    ra, ca, ea = process_tree(*a)
    rb, cb, eb = process_tree(*b)
    pairs = {}
    todo = [(ra, rb)]
    while todo:
        xs, ys = todo.pop()
        left = list(ys)
        for x in xs:
            y = next((y for y in left if eb.get(y, ()) == ea.get(x, ())), None)
            if y is None:
                continue
            left.remove(y)
            pairs[x] = y
            todo.append((ca.get(x, []), cb.get(y, [])))
    return pairs


def strace_log(argv, cwd=None, timeout=120):
    """Run argv under `setarch -R strace -f` (dbgd runs its programs without ASLR),
    stdin empty, stdout and stderr pipes; parse_log of its log."""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "log")
        subprocess.run(["setarch", "-R", "strace", "-f", "-o", log, *argv], cwd=cwd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout, preexec_fn=default_signals)
        with open(log) as f:
            return parse_log(f.read().splitlines())


def strace_run(argv, setup):
    """{pid: [lines]} and the pids in order of first appearance."""
    work = fresh_dir()
    if setup:
        subprocess.run(["sh", "-c", setup], cwd=work, check=True)
    argv = [shutil.which(argv[0]) or argv[0], *argv[1:]]  # as dbgd spawns it
    return strace_log(argv, cwd=work)


def dbgd_run(client, argv, setup, stops):
    """The same through dbgd: {pid: [lines]}, the pids in order of birth, dropped."""
    with tempfile.TemporaryDirectory() as d:
        work = fresh_dir()
        if setup:
            subprocess.run(["sh", "-c", setup], cwd=work, check=True)
        st = client.rpc("spawn", path=shutil.which(argv[0]) or argv[0], args=argv[1:],
                        cwd=work, follow_forks=True)
        s, main = st["session"], st["pid"]
        by_pid, order, nxt, dropped = {main: []}, [main], 0, 0
        entry = {}

        def drain():
            nonlocal nxt, dropped
            while True:
                r = client.rpc("events", session=s, after=nxt, max=4096)
                nxt, dropped = r["next"], dropped + r.get("dropped", 0)
                for e in r["events"]:
                    pid = e.get("pid", main)
                    if e["type"] == "process-start" and e["pid"] not in order:
                        order.append(e["pid"])
                    if pid is None or "syscall" not in e:
                        continue
                    key = e.get("thread") or pid
                    if key not in order:
                        order.append(key)
                    sc = e["syscall"]
                    if e["type"] == "syscall-entry":
                        entry[key] = sc.get("text", "")
                    elif "text" in sc:
                        entry.pop(key, None)
                        by_pid.setdefault(key, []).append(sc["text"])
                if len(r["events"]) < 4096:
                    return

        if stops:
            n = 0
            while True:
                st = client.rpc("syscall", session=s)
                if st["state"] != "stopped":
                    break
                sc = st["stop"].get("syscall")
                if not sc:
                    pass  # an exec stop, a signal
                elif st["stop"]["reason"] == "syscall-exit" and "text" in sc:
                    by_pid[main].append(sc["text"])
                elif st["stop"]["reason"] == "syscall-entry" and sc["name"] in ("exit_group",
                                                                                 "exit"):
                    by_pid[main].append(sc["text"] + " = ?")
                n += 1
                if n % 64 == 0:
                    drain()
        else:
            # every syscall as events; read on while the program runs (dbgd keeps 4096)
            # a signal stops it (and is delivered at the next cont)
            while True:
                state = client.rpc("status", session=s)["state"]
                if state == "stopped":
                    client.rpc("cont", session=s, trace_syscalls=True, wait=False)
                elif state != "running":
                    break
                drain()
        drain()
        for key, text in entry.items():  # exit_group's, which has no exit
            if text.startswith("exit"):
                by_pid.setdefault(key, []).append(text + " = ?")
        try:
            client.rpc("close", session=s)
        except dbgd.RpcError:
            pass
        return by_pid, order, dropped


def pid_names(order, pairs=None):
    """What masker calls each pid of a run: "P<i>" by its place in the first run's
    order of birth, given for another run through its pairs with the first ({pid in
    the first: pid in this one}); one with no partner keeps its number."""
    if pairs is None:
        return {p: "P%d" % i for i, p in enumerate(order)}
    return {pairs[p]: "P%d" % i for i, p in enumerate(order) if p in pairs}


def masker(names):
    """names: {pid: name} (pid_names)"""
    names = {str(p): n for p, n in names.items()}

    def mask(t):
        t = re.sub(r"0x[0-9a-f]{6,}", "ADDR", t)
        t = re.sub(r"\b\d{3,7}\b", lambda m: names.get(m.group(0), m.group(0)), t)
        t = re.sub(r"tv_(sec|nsec|usec)=\d+", r"tv_\1=N", t)
        t = re.sub(r'^getrandom\("[^"]*"', 'getrandom("BYTES"', t)
        t = re.sub(r"/\* \d+ vars \*/", "/* N vars */", t)
        # a link's counters (IFLA_STATS, IFLA_STATS64) move between runs
        t = re.sub(r"\b(rx_\w+|tx_\w+|multicast|collisions)=\d+", r"\1=N", t)
        return t
    return mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--setup", default="")
    ap.add_argument("--stops", action="store_true",
                    help="stop at each syscall (the main process's only) instead of events")
    ap.add_argument("argv", nargs="+")
    o = ap.parse_args()
    s1, o1 = strace_run(o.argv, o.setup)
    s2, o2 = strace_run(o.argv, o.setup)
    daemon = dbgd.Daemon()
    try:
        d, od, dropped = dbgd_run(daemon.client(), o.argv, o.setup, o.stops)
    finally:
        daemon.stop()
    # partners by the process tree (pair_processes), named alike in the masks
    p2, pd = pair_processes((s1, o1), (s2, o2)), pair_processes((s1, o1), (d, od))
    m1, m2, md = masker(pid_names(o1)), masker(pid_names(o1, p2)), masker(pid_names(o1, pd))
    # the command on one line: a script given with -c is cut
    shown = " ".join(o.argv).replace("\n", "\\n")
    shown = shown if len(shown) <= 72 else shown[:69] + "..."
    total = same = unstable = 0
    for i, pid in enumerate(o1):
        # the first process's execve too: dbgd makes its text from what it exec'd
        want = [m1(t) for t in s1.get(pid, [])]
        other = [m2(t) for t in s2.get(p2[pid], [])] if pid in p2 else []
        got = [md(t) for t in d.get(pd[pid], [])] if pid in pd else []
        sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
        ok = sum(b.size for b in sm.get_matching_blocks())
        total += len(want)
        same += ok
        print("%s: process %d: %d of %d lines the same%s%s" % (
            shown, i, ok, len(want), "" if pid in pd else " (no partner in dbgd's run)",
            " (dbgd lost %d events)" % dropped if dropped and i else ""))
        for tag, a0, a1, b0, b1 in sm.get_opcodes():
            if tag == "equal":
                continue
            for k in range(a0, a1):
                mark = "unstable " if want[k] not in other else ""
                unstable += bool(mark)
                if o.v:
                    print("  %sstrace: %s" % (mark, want[k]))
            if o.v:
                for k in range(b0, b1):
                    print("  dbgd:   %s" % got[k])
    print("TOTAL %d of %d (%d of those that differ also differ between strace runs)"
          % (same, total, unstable))
    return 0 if same + unstable >= total else 1


if __name__ == "__main__":
    sys.exit(main())
