"""Syscalls in strace's words: the `text` of a Syscall (events of `cont` with
trace_syscalls, `syscall` stops, the record_syscalls log) against strace's own lines
for the same program (tests/fixtures/sysdecode.c), run at test time. dbgd runs its
programs without ASLR, so strace runs under `setarch -R`; what still differs from
run to run (pids, the environment's size and with it the stack's addresses) is
masked in both."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import dbgd
from dbgd import DbgdTestCase, fixture

# strace's log is read by the comparison script's parser, one for both
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts"))
from strace_compare import pair_processes, parse_log, pid_names, strace_log  # noqa: E402


def strace_lines(path, args):
    """strace -f of the fixture: {pid: [lines]} (strace_compare.parse_log's: resumed
    calls joined, the alignment before " = " taken out) and the first pid."""
    by_pid, order = strace_log([path, *args], timeout=60)
    return order[0], by_pid


def mask(lines, pid, child):
    """Addresses (stack and libc's, which the environment's size moves), pids and the
    parent's pid, the environment's size, a child's times."""
    out = []
    for t in lines:
        t = re.sub(r"0x[0-9a-f]{6,}", "ADDR", t)
        if pid:
            t = re.sub(r"\b%d\b" % pid, "PID", t)
        if child:
            t = re.sub(r"\b%d\b" % child, "CHILD", t)
        t = re.sub(r"^getppid\(\) = \d+$", "getppid() = PPID", t)
        t = re.sub(r"/\* \d+ vars \*/", "/* N vars */", t)
        # the abstract socket's name: the pid in 8 digits
        t = re.sub(r'@"dbgd-\d{8}"', '@"dbgd-PID"', t)
        # wait4's rusage: the child's times
        t = re.sub(r"ru_(u|s)time=\{tv_sec=\d+, tv_usec=\d+\}", r"ru_\1time=TIME", t)
        out.append(t)
    return out


def child_of(lines):
    for t in lines:
        m = re.match(r"^clone\(.*\) = (\d+)$", t)
        if m:
            return int(m.group(1))
    return None


class TestSysdecode(DbgdTestCase):
    def setUp(self):
        super().setUp()
        # the program's directory, the same for strace and dbgd (getcwd prints it);
        # the fixture leaves it empty
        self.dir = tempfile.mkdtemp()
        self.addCleanup(os.rmdir, self.dir)
        first, by_pid = strace_lines(fixture("sysdecode"), [self.dir])
        # dbgd starts inside execve: strace's first line is that exit's text only
        self.execve = by_pid[first][0]
        self.want = by_pid[first][1:]
        self.want_masked = mask(self.want, first, child_of(self.want))

    def test_trace_events_say_what_strace_says(self):
        st = self.spawn("sysdecode", self.dir)
        s, pid = st["session"], st["pid"]
        st = self.rpc("cont", session=s, trace_syscalls=True)
        # the fixture's SIGUSR2 stops it, and is delivered by the next cont
        self.assertEqual(st["stop"]["signal"]["name"], "SIGUSR2")
        self.assertExited(self.rpc("cont", session=s, trace_syscalls=True), 3)
        ev = self.rpc("events", session=s, max=100000)["events"]
        exits = [e["syscall"] for e in ev if e["type"] == "syscall-exit"]
        entries = [e["syscall"] for e in ev if e["type"] == "syscall-entry"]
        # execve's exit: its entry came before dbgd's first stop, its text is made
        # from what dbgd exec'd, strace's first line
        self.assertEqual(exits[0]["name"], "execve")
        self.assertTrue(self.execve.startswith('execve("%s", ["' % fixture("sysdecode")),
                        self.execve)
        self.assertEqual(mask([exits[0]["text"]], pid, None), mask([self.execve], 0, None))
        self.assertNotEqual(entries[0]["name"], "execve")  # no entry event: none was seen
        got = [x["text"] for x in exits[1:]]
        self.assertEqual(mask(got, pid, child_of(got)),
                         [w for w in self.want_masked if not w.endswith(" = ?")])
        # each entry is the call as far as the entry knows it: all of it for a call
        # that only reads (openat), the output arguments' addresses for one that
        # writes (read), and exit_group's has no exit
        self.assertEqual(entries[-1]["text"], "exit_group(3)")
        opens = [e["text"] for e in entries if e["name"] == "openat"]
        self.assertIn('openat(AT_FDCWD, "no-such-file", O_RDONLY)', opens)
        self.assertIn("openat(AT_FDCWD, 0x1, O_RDONLY)", opens)  # unreadable: hex
        reads = [e["text"] for e in entries if e["name"] == "read"]
        self.assertIn("read(3, 0x1, 4)", reads)
        self.assertTrue(all(re.match(r"^read\(\d+, 0x[0-9a-f]+, \d+\)$", r) for r in reads),
                        reads)
        # a call that wrote nothing ends as it began
        for x, e in zip(exits[1:], entries):
            self.assertEqual(x["name"], e["name"])
            if x["name"] in ("close", "openat", "mkdir", "unlink", "kill", "dup2"):
                self.assertTrue(x["text"].startswith(e["text"] + " = "), (e, x))
        # the members that were there before are unchanged
        self.assertEqual(len(entries[0]["args"]), 6)
        self.assertIn("ret", exits[1])

    def test_syscall_stops_and_the_record_say_it_too(self):
        st = self.spawn("sysdecode", self.dir, record_syscalls=True)
        s, pid = st["session"], st["pid"]
        seen = []
        while True:
            st = self.rpc("syscall", session=s, names=["openat", "read", "rt_sigaction"])
            if st["state"] != "stopped":
                break
            if st["stop"]["reason"] == "signal":  # the fixture's SIGUSR2, delivered
                continue
            seen.append((st["stop"]["reason"], st["stop"]["syscall"]["text"]))
        self.assertExited(st, 3)
        # the entry of read(3, (char *)1, 4), then its exit, strace's line
        i = seen.index(("syscall-entry", "read(3, 0x1, 4)"))
        self.assertEqual(seen[i + 1], ("syscall-exit", "read(3, 0x1, 4) = -1 EFAULT (Bad address)"))
        exits = [t for r, t in seen if r == "syscall-exit"]
        want = [w for w in self.want
                if re.match(r"^(openat|read|rt_sigaction)\(", w)]
        self.assertEqual(mask(exits, pid, None), mask(want, 0, None))
        # the last 64 syscalls of the record, with the same text, exit_group's open
        log = self.rpc("report", session=s)["syscalls"]
        self.assertEqual(len(log), 64)
        self.assertEqual(log[-1]["text"], "exit_group(3)")
        self.assertNotIn("ret", log[-1])
        got = [x["text"] for x in log[:-1]]
        self.assertEqual(mask(got, pid, child_of(got)),
                         [w for w in self.want_masked if not w.endswith(" = ?")][-63:])

    def test_a_program_dbgd_has_never_seen(self):
        # /bin/true as strace prints it: ld.so's start-up, libc's, exit
        true = "/bin/true"
        first, by_pid = strace_lines(true, [])
        want = by_pid[first]
        st = self.client.rpc("spawn", path=true, args=[])
        self.addCleanup(self._close_quietly, st["session"])
        self.assertExited(self.rpc("cont", session=st["session"], trace_syscalls=True), 0)
        ev = self.rpc("events", session=st["session"], max=100000)["events"]
        exits = [e["syscall"] for e in ev if e["type"] == "syscall-exit"]
        got = [x["text"] for x in exits]  # execve's first, as strace's
        got.append([e["syscall"]["text"] for e in ev if e["type"] == "syscall-entry"][-1]
                   + " = ?")
        self.assertEqual(mask(got, st["pid"], None), mask(want, first, None))
        self.assertTrue(want[0].startswith('execve("/bin/true", ["/bin/true"], 0x'), want[0])

    def test_threads_main_thread_as_strace(self):
        # mthreads starts 4 threads (clone3, with the tid the kernel stored) and joins
        # them; the main thread's calls as strace prints them, the new tids and
        # getrandom's bytes masked, and the joins' futex waits left out (whether one
        # waits depends on the threads' timing). The stored tid is read at clone3's
        # exit, as strace reads it: a thread that has ended by then has had it cleared
        # (CLONE_CHILD_CLEARTID at the same address), so [0] there is the same line
        # (under ASan, dbgd's stop came after a thread's end once)
        def masked(lines, pid):
            tids = []
            for t in lines:
                m = re.match(r"^clone3\(.*\) = (\d+)$", t)
                if m:
                    tids.append(m.group(1))
            out = []
            for t in mask(lines, pid, None):
                for k, tid in enumerate(tids):
                    t = re.sub(r"\b%s\b" % tid, "T%d" % k, t)
                t = re.sub(r"parent_tid=\[(T\d+|0)\]", "parent_tid=[TID]", t)
                out.append(re.sub(r'^getrandom\("[^"]*"', 'getrandom("BYTES"', t))
            return [t for t in out if not t.startswith("futex(")]

        path = fixture("mthreads")
        first, by_pid = strace_lines(path, [])
        want = [w for w in by_pid[first][1:] if not w.endswith(" = ?")]
        st = self.spawn("mthreads")
        self.assertExited(self.rpc("cont", session=st["session"], trace_syscalls=True), 0)
        ev = self.rpc("events", session=st["session"], max=100000)["events"]
        exits = [e["syscall"] for e in ev if e["type"] == "syscall-exit" and "thread" not in e]
        self.assertEqual(exits[0]["name"], "execve")
        got = [x["text"] for x in exits[1:]]
        self.assertEqual(sum(t.startswith("clone3(") for t in got), 4)
        self.assertEqual(masked(got, st["pid"]), masked(want, first))

    def test_timers_mempolicy_mmsg_cmsgs(self):
        # sysdecode3: POSIX timers, the memory policy calls, PR_SET_VMA and PR_SET_MM,
        # sendmmsg/recvmmsg, a UDP datagram's IP_PKTINFO/IP_TTL/IP_TOS and failed
        # execves, every line as strace's; the loopback port the kernel chose masked
        def masked(lines, pid):
            return [re.sub(r"htons\(\d+\)", "htons(PORT)", t) for t in mask(lines, pid, None)]

        first, by_pid = strace_lines(fixture("sysdecode3"), [])
        want = by_pid[first][1:]
        st = self.spawn("sysdecode3")
        self.assertExited(self.rpc("cont", session=st["session"], trace_syscalls=True), 4)
        ev = self.rpc("events", session=st["session"], max=100000)["events"]
        exits = [e["syscall"] for e in ev if e["type"] == "syscall-exit"]
        got = [x["text"] for x in exits[1:]]  # execve's exit has none: dbgd began in it
        got.append([e["syscall"]["text"] for e in ev if e["type"] == "syscall-entry"][-1]
                   + " = ?")
        self.assertEqual(masked(got, st["pid"]), masked(want, first))
        for name in ("timer_create", "timer_settime", "timer_gettime", "timer_delete",
                     "set_mempolicy", "get_mempolicy", "mbind", "sendmmsg", "recvmmsg"):
            self.assertTrue(any(t.startswith(name + "(") for t in got), name)
        self.assertIn("IP_PKTINFO, cmsg_data={ipi_ifindex=", "".join(got))

    def test_the_last_hundred(self):
        # sysdecode6: priorities, namespaces, rlimits, clocks and itimers, sendfile/
        # splice/tee/vmsplice, getdents, memfd, fallocate, waitid's siginfo and rusage,
        # pidfds, the set*id calls, queued signals and rt_sigtimedwait, mlocks, mincore,
        # the vectored preads, execveat, membarrier, sched_* and ioprio, mount/umount2,
        # syslog, kcmp, process_vm_readv, the utimes family, SysV IPC, mq_open, seccomp,
        # landlock, openat2, pkeys: every line as strace's, the clocks' readings, the
        # child's times and the SysV segment's id masked
        def masked(lines, pid):
            out, shm = [], None
            for t in mask(lines, pid, child_of(lines)):
                m = re.match(r"^shmget\(IPC_PRIVATE, .*\) = (\d+)$", t)
                if m:
                    shm = m.group(1)
                if shm is not None:
                    t = re.sub(r"^(shmget\(IPC_PRIVATE, .*\) = |shmat\(|shmctl\()%s\b" % shm,
                               r"\1SHMID", t)
                t = re.sub(r"\b(tv_sec|tv_usec|tv_nsec|tms_\w+|si_utime|si_stime)=\d+",
                           r"\1=N", t)
                # (the CPU too, where a cpuset keeps the fixture off CPU 0)
                t = re.sub(r"^getcpu\(\[\d+\]", "getcpu([CPU]", t)
                t = re.sub(r"^(gettimeofday|clock_gettime|times)\((.*)\) = \d+$",
                           r"\1(\2) = 0/N", t)
                t = re.sub(r"^time\((NULL|\[\d+ /\* [^*]* \*/\])\) = \d+ \(.*\)$",
                           "time(T) = NOW", t)
                out.append(t)
            return out

        with tempfile.TemporaryDirectory() as d:
            first, by_pid = strace_lines(fixture("sysdecode6"), [d])
            want = by_pid[first][1:]
            st = self.spawn("sysdecode6", d)
            s = st["session"]
            while st["state"] == "stopped":  # (the child's SIGCHLD stops it)
                st = self.rpc("cont", session=s, trace_syscalls=True)
        self.assertExited(st, 6)
        ev = self.rpc("events", session=s, max=100000)["events"]
        exits = [e["syscall"] for e in ev if e["type"] == "syscall-exit"]
        got = [x["text"] for x in exits[1:]]  # execve's exit has none: dbgd began in it
        got.append([e["syscall"]["text"] for e in ev if e["type"] == "syscall-entry"][-1]
                   + " = ?")
        self.assertEqual(masked(got, st["pid"]), masked(want, first))
        text = "\n".join(got)
        for s in ("getpriority(PRIO_PROCESS, 0) = ", "unshare(0x80000000 /* CLONE_??? */)",
                  "setns(-1, CLONE_NEWNET)", "setrlimit(RLIMIT_CORE, {rlim_cur=0, rlim_max=0})",
                  "clock_getres(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0",
                  "sendfile(", "] => [", "waitid(P_PID, ", "si_code=CLD_EXITED",
                  "si_code=SI_QUEUE", " = 10 (SIGUSR1)", "mount(\"none\", ",
                  "openat2(AT_FDCWD, \"/no/such/file\", {flags=O_RDONLY|O_CLOEXEC, "
                  "resolve=RESOLVE_NO_SYMLINKS}, 24)", "syslog(10 /* SYSLOG_ACTION_SIZE_BUFFER */)",
                  "(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))", "(PER_LINUX|ADDR_NO_RANDOMIZE)",
                  "msgget(0x64626736, IPC_EXCL|0400)", "seccomp(SECCOMP_GET_ACTION_AVAIL",
                  "io_uring_setup(1, {flags=0x40000000 /* IORING_SETUP_??? */, "
                  "sq_thread_cpu=0, sq_thread_idle=0}) = -1 EINVAL"):
            self.assertIn(s, text)
        # no call of the fixture's is left in hex: each has its decoder
        self.assertFalse([t for t in got if re.search(r"\(0x[0-9a-f]+, 0x", t)
                          and not t.startswith(("mmap", "munmap", "mprotect", "mincore",
                                                "mlock", "munlock", "pkey_mprotect",
                                                "shmdt", "arch_prctl", "set_robust", "rseq"))])

    def _netlink_lines(self, argv, spawn):
        """strace's lines and dbgd's (every syscall as events) for a program that talks
        NETLINK_ROUTE, masked: pids (nl_pid too), getrandom's bytes, a link's counters, which move
        between runs (dbgd's own HTTP goes over loopback), ip's sequence numbers (the
        time)"""
        def masked(lines, pid):
            out = []
            for t in mask(lines, pid, None):
                t = re.sub(r"\b(rx_\w+|tx_\w+|multicast|collisions)=\d+", r"\1=N", t)
                t = re.sub(r'^getrandom\("[^"]*"', 'getrandom("BYTES"', t)
                out.append(re.sub(r"nlmsg_seq=\d{6,}", "nlmsg_seq=SEQ", t))
            return out

        first, by_pid = strace_lines(argv[0], argv[1:])
        want = by_pid[first][1:]
        st = spawn()
        self.assertExited(self.rpc("cont", session=st["session"], trace_syscalls=True), 0)
        ev = self.rpc("events", session=st["session"], max=100000)["events"]
        got = [e["syscall"]["text"] for e in ev if e["type"] == "syscall-exit"][1:]
        got.append([e["syscall"]["text"] for e in ev if e["type"] == "syscall-entry"][-1]
                   + " = ?")
        return masked(want, first), masked(got, st["pid"])

    def test_netlink_route_messages(self):
        # nlroute: RTM_GETLINK, RTM_GETADDR and RTM_GETROUTE dumps over sendto/sendmsg
        # and recvmsg/recvfrom, an NLMSG_ERROR, glibc's getifaddrs(): each message as
        # strace decodes it; the first sendto, on a socket not bound yet, with the
        # header only (strace cannot tell its protocol either)
        want, got = self._netlink_lines([fixture("nlroute")], lambda: self.spawn("nlroute"))
        self.assertEqual(got, want)
        text = "\n".join(got)
        for s in ("nlmsg_type=0x12 /* NLMSG_??? */, nlmsg_flags=NLM_F_REQUEST|0x300",
                  "nlmsg_type=RTM_NEWLINK", "ifi_type=ARPHRD_LOOPBACK",
                  'ifi_index=if_nametoindex("lo")', '[{nla_len=7, nla_type=IFLA_IFNAME}, "lo"]',
                  "nlmsg_type=RTM_NEWADDR", 'inet_addr("127.0.0.1")', "nlmsg_type=RTM_NEWROUTE",
                  "{error=-ENODEV, msg=", "nlmsg_type=NLMSG_DONE"):
            self.assertIn(s, text)

    @unittest.skipUnless(shutil.which("ip"), "iproute2 is not installed")
    def test_ip_addr(self):
        ip = shutil.which("ip")
        want, got = self._netlink_lines(
            [ip, "addr"], lambda: self.client.rpc("spawn", path=ip, args=["addr"]))
        self.assertEqual(got, want)
        self.assertIn("nlmsg_type=RTM_GETADDR", "\n".join(got))

    @unittest.skipUnless(shutil.which("ss") and shutil.which("ip") and shutil.which("unshare")
                         and shutil.which("nsenter"), "iproute2 or util-linux is not installed")
    def test_ss_sock_diag(self):
        # `ss -tan` asks NETLINK_SOCK_DIAG for each family's TCP sockets
        # (inet_diag_req_v2) and reads them back (inet_diag_msg and its INET_DIAG_*
        # attributes). Its sockets are those of a network namespace of the test's, so
        # that both runs list the same: listeners, an IPv6-only one, a connection shut
        # down half-way with IP_RECVERR and IP_FREEBIND, a transparent listener. strace
        # runs in that namespace too: it learns a socket's protocol by asking the kernel
        # in its own (dbgd reads the tracee's /proc/TID/net/netlink)
        helper = subprocess.Popen(
            ["unshare", "-n", sys.executable, "-c", SS_SOCKETS], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.addCleanup(helper.wait)
        self.addCleanup(helper.stdout.close)
        self.addCleanup(helper.stdin.close)
        if helper.stdout.readline().strip() != "ready":
            self.skipTest("no network namespace (unshare -n needs CAP_SYS_ADMIN)")
        ns = "--net=/proc/%d/ns/net" % helper.pid
        ss = shutil.which("ss")
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            subprocess.run(["nsenter", ns, "setarch", "-R", "strace", "-f", "-o", log, ss,
                            "-tan"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           check=True, timeout=60)
            with open(log) as f:
                by_pid, order = parse_log(f.read().splitlines())
        want = by_pid[order[0]]
        # dbgd's run: nsenter, which execs ss in the namespace; ss's lines from its execve
        st = self.client.rpc("spawn", path=shutil.which("nsenter"), args=[ns, ss, "-tan"])
        self.addCleanup(self._close_quietly, st["session"])
        while st["state"] == "stopped":  # (ss's exec stops it)
            st = self.rpc("cont", session=st["session"], trace_syscalls=True)
        self.assertExited(st, 0)
        ev = self.rpc("events", session=st["session"], max=100000)["events"]
        got = [e["syscall"]["text"] for e in ev if e["type"] == "syscall-exit"]
        got = got[max(i for i, t in enumerate(got) if t.startswith("execve(")):]
        got.append([e["syscall"]["text"] for e in ev if e["type"] == "syscall-entry"][-1]
                   + " = ?")

        def masked(lines, pid):
            return [re.sub(r'^getrandom\("[^"]*"', 'getrandom("BYTES"', t)
                    for t in mask(lines, pid, None)]

        self.assertEqual(masked(got, st["pid"]), masked(want, order[0]))
        text = "\n".join(got)
        for s in ("nlmsg_type=SOCK_DIAG_BY_FAMILY, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP",
                  "{sdiag_family=AF_INET6, sdiag_protocol=IPPROTO_TCP, idiag_ext=0, "
                  "idiag_states=1<<TCP_ESTABLISHED|",
                  "idiag_state=TCP_LISTEN", "idiag_sport=htons(7001)",
                  'inet_pton(AF_INET6, "::1", &idiag_src)', "INET_DIAG_SKV6ONLY}, 1]",
                  "0x2 /* SEND_SHUTDOWN */", "{recverr=1, is_icsk=1, freebind=1,",
                  "transparent=1", "bind_address_no_port=1", "nlmsg_type=NLMSG_DONE"):
            self.assertIn(s, text)


# the sockets `ss -tan` lists in test_ss_sock_diag's network namespace
SS_SOCKETS = """
import socket, subprocess, sys
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
def listener(fam, addr, port, *opts):
    s = socket.socket(fam)
    for level, name in opts:
        s.setsockopt(level, name, 1)
    s.bind((addr, port))
    s.listen(5)
    return s
keep = [listener(socket.AF_INET, "127.0.0.1", 7001),
        listener(socket.AF_INET6, "::1", 7002, (socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)),
        # IP_TRANSPARENT, IP_BIND_ADDRESS_NO_PORT
        listener(socket.AF_INET, "127.0.0.1", 7004, (socket.SOL_IP, 19), (socket.SOL_IP, 24))]
c = socket.create_connection(("127.0.0.1", 7001))
a, _ = keep[0].accept()
c.setsockopt(socket.SOL_IP, 11, 1)  # IP_RECVERR
c.setsockopt(socket.SOL_IP, 15, 1)  # IP_FREEBIND
c.shutdown(socket.SHUT_WR)
a.send(b"x" * 10)
c6 = socket.create_connection(("::1", 7002))
a6, _ = keep[1].accept()
keep += [c, a, c6, a6]
print("ready", flush=True)
sys.stdin.read()
"""


class TestSpawnExecve(DbgdTestCase):
    """The execve that starts a spawned program: its entry comes before dbgd's first
    stop (the exec stop), its exit after it; dbgd makes the call's text from the path,
    argv and envp it exec'd, so that exit reads as strace's first line."""

    # quoted and escaped as strace does, and cut at its -s 32
    ARGS = ["a b", 'q"uote', "new\nline", "\u00e9", "x" * 40, ""]

    def test_syscall_from_the_exec_stop(self):
        path = fixture("hello")
        first, by_pid = strace_lines(path, self.ARGS)
        st = self.spawn("hello", *self.ARGS, env={"DBGD_EXECVE": "1"}, record_syscalls=True)
        s, pid = st["session"], st["pid"]
        # what the program was given, read from /proc at the exec stop
        with open("/proc/%d/environ" % pid, "rb") as f:
            n_env = f.read().count(b"\0")
        st = self.rpc("syscall", session=s)
        sc = self.assertStopped(st, "syscall-exit")["syscall"]
        self.assertEqual((sc["name"], sc["ret"]), ("execve", 0))
        text = sc["text"]
        self.assertEqual(mask([text], pid, None), mask([by_pid[first][0]], first, None))
        # (strace's -s 32: a longer string is its first 32 bytes and "...")
        argv0 = '"%s"...' % path[:32] if len(path) > 32 else '"%s"' % path
        self.assertTrue(text.startswith('execve("%s", [%s, "a b", "q\\"uote", '
                                        '"new\\nline", "\\303\\251", "%s"..., ""], 0x'
                                        % (path, argv0, "x" * 32)), text)
        self.assertTrue(text.endswith(" /* %d vars */) = 0" % n_env), (text, n_env))
        # the record has it too, its arguments the pointers the child passed (dbgd's:
        # the child had dbgd's memory until the exec), the text's envp among them
        rec = self.rpc("report", session=s)["syscalls"]
        self.assertEqual((rec[0]["name"], rec[0]["text"], rec[0]["ret"]), ("execve", text, 0))
        self.assertIn(", 0x%x /* " % int(rec[0]["args"][2], 16), text)
        # the next stop is the next syscall's entry, its own
        st = self.rpc("syscall", session=s)
        self.assertEqual(self.assertStopped(st, "syscall-entry")["syscall"]["text"], "brk(NULL)")

    def test_the_record_starts_as_straces_log(self):
        first, by_pid = strace_lines("/bin/true", [])
        st = self.client.rpc("spawn", path="/bin/true", args=[], record_syscalls=True)
        self.addCleanup(self._close_quietly, st["session"])
        self.assertExited(self.rpc("cont", session=st["session"]), 0)
        rec = self.rpc("report", session=st["session"])["syscalls"]
        got = [r["text"] + ("" if "ret" in r else " = ?") for r in rec]
        self.assertLess(len(got), 64)  # all of them
        self.assertEqual(mask(got, st["pid"], None), mask(by_pid[first], first, None))

    def test_a_run_past_the_exit_leaves_no_text_behind(self):
        # reexec execs hello: dbgd steps from its exec stop (past the spawn's execve
        # exit), runs to the program's own exec and then to that execve's exit, whose
        # entry it did not see: no text (not the spawn's execve's)
        st = self.spawn("reexec", fixture("hello"), record_syscalls=False)
        s = st["session"]
        self.assertStopped(self.rpc("step", session=s), "step")
        self.assertStopped(self.rpc("cont", session=s), "exec")
        sc = self.assertStopped(self.rpc("syscall", session=s), "syscall-exit")["syscall"]
        self.assertEqual((sc["name"], sc["ret"]), ("execve", 0))
        self.assertNotIn("text", sc)
        # and a cont from the exec stop, the same
        st = self.spawn("reexec", fixture("hello"))
        s = st["session"]
        self.assertStopped(self.rpc("cont", session=s), "exec")
        sc = self.assertStopped(self.rpc("syscall", session=s), "syscall-exit")["syscall"]
        self.assertEqual(sc["name"], "execve")
        self.assertNotIn("text", sc)

    def test_the_programs_own_execve_after_it(self):
        # both execve lines of `strace -f reexec hello`: the spawn's, and the one the
        # program makes, whose entry dbgd sees
        path, hello = fixture("reexec"), fixture("hello")
        first, by_pid = strace_lines(path, [hello, "arg"])
        want = [t for t in by_pid[first] if t.startswith("execve(")]
        self.assertEqual(len(want), 2, want)
        st = self.spawn("reexec", hello, "arg")
        s, pid = st["session"], st["pid"]
        while True:
            st = self.rpc("cont", session=s, trace_syscalls=True)
            if st["state"] != "stopped":
                break
        self.assertExited(st, 0)
        ev = self.rpc("events", session=s, max=100000)["events"]
        got = [e["syscall"]["text"] for e in ev
               if e["type"] == "syscall-exit" and e["syscall"]["name"] == "execve"]
        self.assertEqual(mask(got, pid, None), mask(want, first, None))

    def test_a_failed_exec_is_a_failed_spawn(self):
        # no execve exit to show: spawn fails as it did, and leaves no session
        before = self.rpc("sessions")["sessions"]
        e = self.assertRpcError(dbgd.SPAWN, "spawn", path="/no/such/program", args=[])
        self.assertEqual(e.data["errno"], "ENOENT")
        with tempfile.NamedTemporaryFile(suffix=".sh") as f:  # not executable
            e = self.assertRpcError(dbgd.SPAWN, "spawn", path=f.name, args=[])
            self.assertEqual(e.data["errno"], "EACCES")
        e = self.assertRpcError(dbgd.SPAWN, "spawn", path=tempfile.gettempdir(), args=[])
        self.assertEqual(e.data["errno"], "EACCES")
        self.assertEqual(self.rpc("sessions")["sessions"], before)


class TestParseLog(unittest.TestCase):
    """strace_compare.parse_log, which the script and the test above share, on a log
    written as strace 6.1 writes it (pure: no daemon, no strace)."""

    def test_joins_resumed_calls_and_takes_out_the_alignment(self):
        log = ['101   execve("/bin/sh", ["sh"], 0x7ffd /* 3 vars */) = 0',
               "101   getpid()                          = 101",
               "101   wait4(-1,  <unfinished ...>",
               "102   exit_group(0)                     = ?",
               "102   +++ exited with 0 +++",
               "101   <... wait4 resumed>NULL, 0, NULL) = 102",
               "101   --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---",
               '101   write(1, ")   = ", 6)               = 6',
               "a line that is no pid's (strace's own warning)"]
        by_pid, order = parse_log(log)
        self.assertEqual(order, [101, 102])
        self.assertEqual(by_pid[101], [
            'execve("/bin/sh", ["sh"], 0x7ffd /* 3 vars */) = 0', "getpid() = 101",
            "wait4(-1, NULL, 0, NULL) = 102", 'write(1, ")   = ", 6) = 6'])
        self.assertEqual(by_pid[102], ["exit_group(0) = ?"])

    def test_a_resumed_call_whose_start_is_not_in_the_log(self):
        # (strace -p attached in the middle of it): the rest alone, no KeyError
        by_pid, order = parse_log(["7 <... read resumed>\"a\", 1) = 1", ""])
        self.assertEqual(by_pid, {7: ['"a", 1) = 1']})
        self.assertEqual(parse_log([]), ({}, []))


def forked(child, flags="SIGCHLD"):
    return "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|%s, child_tidptr=0x7f0) = %d" % (
        flags, child)


def execed(path):
    return 'execve("%s", ["%s"], 0x7ffd /* 9 vars */) = 0' % (path, path.split("/")[-1])


class TestPairProcesses(unittest.TestCase):
    """strace_compare.pair_processes: which process of one run is which of another, by
    the process tree its lines tell (pure: logs written as strace -f writes them)."""

    def pairs(self, a, b):
        return pair_processes(parse_log(a), parse_log(b))

    def test_a_grandchild_born_before_its_uncle(self):
        # sh runs git, which starts a helper, then sh runs cat; in run b git's helper
        # is born before cat: by order of birth cat would be paired with the helper
        a = ["100 " + execed("/bin/sh"), "100 " + forked(101), "101 " + execed("/usr/bin/git"),
             "100 " + forked(102), "102 " + execed("/bin/cat"), "101 " + forked(103),
             "103 " + execed("/usr/lib/git-core/git-remote-http")]
        b = ["200 " + execed("/bin/sh"), "200 " + forked(201), "201 " + execed("/usr/bin/git"),
             "201 " + forked(203), "203 " + execed("/usr/lib/git-core/git-remote-http"),
             "200 " + forked(202), "202 " + execed("/bin/cat")]
        self.assertEqual(parse_log(a)[1], [100, 101, 102, 103])
        self.assertEqual(parse_log(b)[1], [200, 201, 203, 202])
        self.assertEqual(self.pairs(a, b), {100: 200, 101: 201, 102: 202, 103: 203})
        # and the masks name them alike: 103's partner is P3, as 103 is
        pairs = self.pairs(a, b)
        self.assertEqual(pid_names(parse_log(a)[1]), {100: "P0", 101: "P1", 102: "P2", 103: "P3"})
        self.assertEqual(pid_names(parse_log(a)[1], pairs),
                         {200: "P0", 201: "P1", 202: "P2", 203: "P3"})

    def test_siblings_by_the_path_they_execd(self):
        # two children started from two threads: made in either order; each is the one
        # that exec'd the same path, and a child only one run has (gc --auto) leaves the
        # others' pairs alone
        a = ["10 " + execed("/usr/bin/git"), "10 " + forked(11, "CLONE_VM|CLONE_THREAD"),
             "10 " + forked(12), "11 " + forked(13), "12 " + execed("/usr/bin/gpg"),
             "13 " + execed("/usr/bin/less")]
        b = ["20 " + execed("/usr/bin/git"), "20 " + forked(21, "CLONE_VM|CLONE_THREAD"),
             "21 " + forked(23), "20 " + forked(22), "20 " + forked(24),
             "23 " + execed("/usr/bin/less"), "22 " + execed("/usr/bin/gpg"),
             "24 " + execed("/usr/bin/git"), "24 exit_group(0) = ?"]
        self.assertEqual(self.pairs(a, b), {10: 20, 11: 21, 12: 22, 13: 23})
        # the k-th child of a path is the k-th of the other run's, in their parent's order
        a = ["1 " + forked(2), "1 " + forked(3), "2 " + execed("/bin/true"),
             "3 " + execed("/bin/true"), "1 " + forked(4), "4 exit_group(0) = ?"]
        b = ["5 " + forked(6), "6 " + execed("/bin/true"), "5 " + forked(7), "5 " + forked(8),
             "8 exit_group(0) = ?", "7 " + execed("/bin/true")]
        self.assertEqual(self.pairs(a, b), {1: 5, 2: 6, 3: 7, 4: 8})

    def test_what_does_not_pair(self):
        # a failed exec is no exec; a process whose maker's line is missing is a root
        # of its own, and pairs with another such by path; a run with no lines: none
        a = ["1 " + execed("/bin/sh"), "1 " + forked(2), '2 execve("/x", ["x"], 0x7 '
             '/* 1 vars */) = -1 ENOENT (No such file or directory)', "2 exit_group(127) = ?"]
        b = ["7 " + execed("/bin/sh"), "7 " + forked(8), "8 exit_group(127) = ?"]
        self.assertEqual(self.pairs(a, b), {1: 7, 2: 8})
        lost = ["30 " + execed("/bin/sh"), "31 " + execed("/bin/cat")]
        self.assertEqual(self.pairs(a + ["3 " + execed("/bin/cat")], lost), {1: 30, 3: 31})
        self.assertEqual(self.pairs(a, []), {})
        self.assertEqual(self.pairs(["9 " + execed("/bin/ls")], ["9 " + execed("/bin/sh")]), {})


if __name__ == "__main__":
    dbgd.main()
