"""Every method end to end on the fixture programs."""

import base64
import os
import re
import signal
import subprocess
import tempfile
import time

import dbgd
from dbgd import (GONE, INVALID_PARAMS, LIMIT, NO_SESSION, NO_SYMBOL, SPAWN, STATE,
                  DbgdTestCase, fixture, hexint,
                  hexstr, nm, proc_alive, proc_children, proc_maps, proc_mem_read,
                  proc_status, wait_until)

REGS = ("rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip eflags "
        "cs ss ds es fs gs fs_base gs_base orig_rax").split()


class TestSpawn(DbgdTestCase):
    def test_spawn_exec_stop(self):
        path = fixture("hello")
        st = self.spawn("hello")
        self.assertIsInstance(st["session"], int)
        self.assertIsInstance(st["pid"], int)
        self.assertEqual(st["path"], path)
        self.assertIsInstance(st["seq"], int)
        stop = self.assertStopped(st, "exec")
        pc = hexint(stop["pc"])
        # the process is ours, traced by dbgd, and stopped in the dynamic loader
        self.assertEqual(proc_status(st["pid"])["TracerPid"], str(self.daemon.pid))
        ldso = [m for m in proc_maps(st["pid"]) if m[0] <= pc < m[1]]
        self.assertTrue(ldso and "ld-linux" in ldso[0][3], "pc %x not in ld.so: %r"
                        % (pc, ldso))
        self.assertEqual(self.rpc("status", session=st["session"]), st)

    def test_run_to_end(self):
        st = self.spawn("hello")
        end = self.rpc("cont", session=st["session"])
        self.assertExited(end, 0)
        self.assertEqual(end["session"], st["session"])
        self.assertEqual(end["pid"], st["pid"])
        out = self.rpc("output", session=st["session"])
        self.assertEqual(out, {"stream": "stdout", "offset": 0, "next_offset": 14,
                               "dropped": 0, "eof": True, "text": "Hello, world!\n"})
        self.assertExited(self.rpc("status", session=st["session"]), 0)

    def test_output_offset_base64_stderr(self):
        s = self.spawn("hello")["session"]
        self.rpc("cont", session=s)
        out = self.rpc("output", session=s, offset=7)
        self.assertEqual(out["offset"], 7)
        self.assertEqual(out["next_offset"], 14)
        self.assertEqual(out["text"], "world!\n")
        out = self.rpc("output", session=s, format="base64")
        self.assertNotIn("text", out)
        self.assertEqual(base64.b64decode(out["base64"]), b"Hello, world!\n")
        err = self.rpc("output", session=s, stream="stderr")
        self.assertEqual(err["stream"], "stderr")
        self.assertEqual(err["text"], "")
        self.assertEqual(err["next_offset"], 0)

    def test_exit_codes(self):
        for code in (0, 3, 42, 255):
            with self.subTest(code=code):
                s = self.spawn("exitcode", code)["session"]
                self.assertExited(self.rpc("cont", session=s), code)

    def test_spawn_missing_file(self):
        before = set(proc_children(self.daemon.pid))
        n = len(self.rpc("sessions")["sessions"])
        e = self.assertRpcError(SPAWN, "spawn", path="/nonexistent/dbgd-no-such-program")
        self.assertEqual(e.data.get("errno"), "ENOENT")
        e = self.assertRpcError(SPAWN, "spawn", path="dbgd-no-such-program-in-path")
        self.assertEqual(e.data.get("errno"), "ENOENT")
        self.assertEqual(len(self.rpc("sessions")["sessions"]), n)
        time.sleep(0.1)
        self.assertEqual(set(proc_children(self.daemon.pid)) - before, set())

    def test_spawn_in_a_missing_directory(self):
        # said of the directory, not of the program (the child's chdir error read as
        # "cannot execute PROG: No such file or directory")
        for cwd, errno in (("/nonexistent/dbgd-dir", "ENOENT"), ("/etc/passwd", "ENOTDIR")):
            e = self.assertRpcError(SPAWN, "spawn", path=fixture("hello"), cwd=cwd)
            self.assertEqual((e.data.get("errno"), e.data.get("cwd")), (errno, cwd))
            self.assertIn("cannot run in " + cwd, e.data["detail"])

    def test_spawn_not_executable(self):
        before = set(proc_children(self.daemon.pid))
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "notexec")
            with open(p, "w") as f:
                f.write("#!/bin/sh\nexit 0\n")
            os.chmod(p, 0o644)
            e = self.assertRpcError(SPAWN, "spawn", path=p)
            self.assertEqual(e.data.get("errno"), "EACCES")
            e = self.assertRpcError(SPAWN, "spawn", path=d)  # a directory
            self.assertEqual(e.data.get("errno"), "EACCES")
        time.sleep(0.1)
        self.assertEqual(set(proc_children(self.daemon.pid)) - before, set())

    def test_path_search(self):
        st = self.client.rpc("spawn", path="true")
        self.addCleanup(self._close_quietly, st["session"])
        self.assertStopped(st, "exec")
        self.assertExited(self.rpc("cont", session=st["session"]), 0)
        st = self.client.rpc("spawn", path="false")
        self.addCleanup(self._close_quietly, st["session"])
        self.assertExited(self.rpc("cont", session=st["session"]), 1)

    def _run_args(self, *args, **kw):
        s = self.spawn("args", *args, **kw)["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        return self.output(s).splitlines()

    def test_args(self):
        # args are the arguments after argv[0]; argv[0] is the path as given
        lines = self._run_args("a", "b c", "")
        self.assertEqual(lines[0], "argc=4")
        self.assertEqual(lines[1], "argv[0]=" + fixture("args"))
        self.assertEqual(lines[2:5], ["argv[1]=a", "argv[2]=b c", "argv[3]="])

    def test_env_merge_and_unset(self):
        lines = self._run_args(env={"SHOW": "FOO,PATH,HOME", "FOO": "bar baz", "HOME": None})
        self.assertIn("FOO=bar baz", lines)
        self.assertIn("HOME unset", lines)
        self.assertTrue(any(l.startswith("PATH=") for l in lines), lines)

    def test_env_clear(self):
        lines = self._run_args(env={"SHOW": "FOO,PATH,HOME", "FOO": "1"}, env_clear=True)
        self.assertIn("FOO=1", lines)
        self.assertIn("PATH unset", lines)
        self.assertIn("HOME unset", lines)

    def test_cwd(self):
        with tempfile.TemporaryDirectory() as d:
            lines = self._run_args(cwd=d)
            self.assertIn("cwd=" + os.path.realpath(d), lines)

    def test_stdin(self):
        s = self.spawn("echoin", stdin="hello\nworld\n")["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "hello\nworld\neof\n")

    def test_stdin_default_dev_null(self):
        s = self.spawn("echoin")["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "eof\n")

    def test_stdin_to_cat_large(self):
        data = "".join("line %d of the input\n" % i for i in range(20000))  # > pipe size
        st = self.client.rpc("spawn", path="cat", stdin=data)
        self.addCleanup(self._close_quietly, st["session"])
        self.assertExited(self.rpc("cont", session=st["session"]), 0)
        out = self.rpc("output", session=st["session"])
        self.assertEqual(out["text"], data)
        self.assertTrue(out["eof"])

    def test_stdin_base64_bytes(self):
        data = bytes(range(256)) * 3  # not UTF-8: NULs, 0x80-0xff
        s = self.spawn("echoin", stdin=base64.b64encode(data).decode(),
                       stdin_format="base64")["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        out = self.rpc("output", session=s, format="base64")
        self.assertEqual(base64.b64decode(out["base64"]), data + b"eof\n")

    def test_stdin_open_fed_by_input(self):
        # the program blocks in read until input comes; eof ends it
        s = self.spawn("echoin", stdin="first\n", stdin_open=True)["session"]
        st = self.rpc("cont", session=s, timeout=0.3)
        self.assertEqual(st["state"], "running", st)  # blocked in read: no eof yet
        self.assertEqual(self.rpc("input", session=s, data="second\n"),
                         {"pending": 0, "open": True})
        big = "".join("line %d of more input\n" % i for i in range(20000))  # > pipe size
        r = self.rpc("input", session=s, data=base64.b64encode(big.encode()).decode(),
                     format="base64")
        self.assertTrue(r["open"])
        self.assertGreaterEqual(r["pending"], 0)
        self.assertIn(self.rpc("input", session=s, eof=True)["open"], (True, False))
        self.assertExited(self.rpc("wait", session=s, timeout=10), 0)
        self.assertEqual(self.output(s), "first\nsecond\n" + big + "eof\n")
        self.assertRpcError(GONE, "input", session=s, data="late")

    def test_input_errors(self):
        s = self.spawn("echoin")["session"]  # stdin is /dev/null
        e = self.assertRpcError(STATE, "input", session=s, data="x")
        self.assertIn("stdin_open", e.data["detail"])
        s = self.spawn("echoin", stdin_open=True)["session"]
        self.assertRpcError(INVALID_PARAMS, "input", session=s, data="!!", format="base64")
        self.assertRpcError(INVALID_PARAMS, "input", session=s, data=7)
        self.assertRpcError(INVALID_PARAMS, "input", session=s, eof="yes")
        self.assertRpcError(NO_SESSION, "input", session=99999, data="x")
        self.assertEqual(self.rpc("input", session=s, eof=True), {"pending": 0, "open": False})
        self.assertRpcError(STATE, "input", session=s, data="after eof")
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "eof\n")
        self.assertRpcError(INVALID_PARAMS, "spawn", path=fixture("echoin"), stdin="!!",
                            stdin_format="base64")

    def test_input_queue_limit(self):
        # the program stopped at exec reads nothing: the queue fills to --input-bytes
        # (4 MiB by default), less what the pipe itself holds
        s = self.spawn("echoin", stdin_open=True)["session"]
        chunk = base64.b64encode(b"x" * (1 << 20)).decode()
        pending = 0
        for _ in range(4):
            pending = self.rpc("input", session=s, data=chunk, format="base64")["pending"]
        self.assertGreater(pending, 3 << 20)
        e = self.assertRpcError(LIMIT, "input", session=s, data=chunk, format="base64")
        self.assertEqual(e.data["pending"], pending)
        self.assertEqual(e.data["limit"], 4 << 20)
        self.rpc("input", session=s, eof=True)
        self.assertExited(self.rpc("cont", session=s), 0)
        out = self.rpc("output", session=s)
        self.assertEqual(out["next_offset"], (4 << 20) + 4)

    def test_stop_entry(self):
        st = self.spawn("hello", stop="entry")
        stop = self.assertStopped(st, "entry")
        self.assertEqual(hexint(stop["pc"]), dbgd.elf_entry(fixture("hello")))

    def test_stop_entry_of_a_static_program(self):
        # no loader: the exec stop is at the entry point already (the entry breakpoint
        # there was stepped over, and the program ran to its end)
        st = self.spawn("hello_static", stop="entry")
        stop = self.assertStopped(st, "entry")
        self.assertEqual(hexint(stop["pc"]), dbgd.elf_entry(fixture("hello_static")))
        self.assertExited(self.rpc("cont", session=st["session"]), 0)
        self.assertEqual(self.output(st["session"]), "Hello, world!\n")
        # stripped, no main: stop "main" is the entry point too
        with tempfile.TemporaryDirectory() as d:
            bare = os.path.join(d, "hello_static")
            subprocess.run(["strip", "-o", bare, fixture("hello_static")], check=True)
            st = self.rpc("spawn", path=bare, stop="main")
            self.assertEqual(hexint(self.assertStopped(st, "entry")["pc"]),
                             dbgd.elf_entry(bare))
            self.assertExited(self.rpc("cont", session=st["session"]), 0)

    def test_stop_main(self):
        st = self.spawn("loop", stop="main")  # where gdb's `start` stops
        stop = self.assertStopped(st)
        self.assertEqual(hexint(stop["pc"]), dbgd.gdb_break_addrs(fixture("loop"), ["main"])[0])
        self.assertExited(self.rpc("cont", session=st["session"]), 0)
        self.assertEqual(self.output(st["session"]), "sum=20\n")

    def test_stop_none(self):
        st = self.spawn("hello", stop="none")
        self.assertIn(st["state"], ("running", "exited"), st)
        self.assertExited(self.rpc("wait", session=st["session"]), 0)
        self.assertEqual(self.output(st["session"]), "Hello, world!\n")

    def test_stop_none_answers_while_the_program_runs(self):
        # echoin blocks in read (its stdin stays open): spawn answers "running" once the
        # program runs, not at its next stop or end (it once waited for spawn's 10 s)
        t0 = time.monotonic()
        st = self.spawn("echoin", stop="none", stdin_open=True)
        self.assertEqual(st["state"], "running", st)
        self.assertLess(time.monotonic() - t0, 5.0, "spawn waited for a stop that never came")
        self.rpc("input", session=st["session"], data="x\n", eof=True)
        self.assertExited(self.rpc("wait", session=st["session"]), 0)
        self.assertEqual(self.output(st["session"]), "x\neof\n")

    def test_aslr_off_by_default_and_on_request(self):
        pcs = {hexint(self.spawn("hello")["stop"]["pc"]) for _ in range(2)}
        self.assertEqual(len(pcs), 1, "aslr:false must give reproducible addresses")
        pcs = {hexint(self.spawn("hello", aslr=True)["stop"]["pc"]) for _ in range(4)}
        self.assertGreater(len(pcs), 1, "aslr:true should randomize the loader")


class TestOutput(DbgdTestCase):
    def sh(self, script):
        st = self.client.rpc("spawn", path="sh", args=["-c", script])
        self.addCleanup(self._close_quietly, st["session"])
        self.assertExited(self.rpc("cont", session=st["session"]), 0)
        return st["session"]

    def test_stdout_and_stderr(self):
        s = self.sh("echo out; echo err >&2; echo out2")
        self.assertEqual(self.output(s), "out\nout2\n")
        err = self.rpc("output", session=s, stream="stderr")
        self.assertEqual(err["text"], "err\n")
        self.assertEqual(err["next_offset"], 4)
        self.assertTrue(err["eof"])

    def test_invalid_utf8_replaced(self):
        s = self.sh(r"printf 'a\377b\303\251\n'")
        self.assertEqual(self.output(s), "a\ufffdb\u00e9\n")
        raw = self.rpc("output", session=s, format="base64")
        self.assertEqual(base64.b64decode(raw["base64"]), b"a\xffb\xc3\xa9\n")
        self.assertEqual(raw["next_offset"], 6)

    def test_output_while_running_not_eof(self):
        s = self.spawn("blockread")["session"]
        self.rpc("cont", session=s, wait=False)
        self.assertTrue(wait_until(lambda: self.output(s) == "blocking\n", 5))
        self.assertFalse(self.rpc("output", session=s)["eof"])

    def read_all(self, s, offsets):
        # both streams, in turns, as a pipe's reader must (sh holds stdout open while
        # its second seq fills stderr)
        got, done = [b"", b""], [False, False]
        while not all(done):
            for i, stream in enumerate(("stdout", "stderr")):
                o = self.rpc("output", session=s, stream=stream, offset=offsets[i],
                             format="base64")
                self.assertEqual((o["offset"], o["dropped"]), (offsets[i], 0))
                got[i] += base64.b64decode(o["base64"])
                offsets[i] = o["next_offset"]
                done[i] = o["eof"]
            self.rpc("wait", session=s, timeout=5, output=True)
        return got

    SEQ = "seq 1 400000; seq 1 300000 >&2"  # 2.6 and 1.9 MiB: past the 1 MiB buffers

    def test_output_block_loses_nothing(self):
        # the program waits for the reader, as on a pipe, where by default the oldest
        # bytes go; stdout and stderr each hold back at the buffer's size
        want = [subprocess.run(["sh", "-c", self.SEQ], capture_output=True).stdout,
                subprocess.run(["sh", "-c", self.SEQ], capture_output=True).stderr]
        st = self.client.rpc("spawn", path="sh", args=["-c", self.SEQ], stop="none",
                             output_block=True)
        s = st["session"]
        self.addCleanup(self._close_quietly, s)
        time.sleep(0.5)  # blocked in write(2), a full buffer unread
        self.assertEqual(self.rpc("wait", session=s, timeout=0.3)["state"], "running")
        first = self.rpc("output", session=s, format="base64")
        self.assertEqual((first["next_offset"], first["dropped"]), (1 << 20, 0))
        self.assertEqual(self.read_all(s, [1 << 20, 0]), [want[0][1 << 20:], want[1]])
        self.assertExited(self.rpc("wait", session=s, timeout=10), 0)

        d = self.client.rpc("spawn", path="sh", args=["-c", self.SEQ], stop="none")
        self.addCleanup(self._close_quietly, d["session"])
        self.assertExited(self.rpc("wait", session=d["session"], timeout=10), 0)
        o = self.rpc("output", session=d["session"])
        self.assertEqual(o["dropped"], len(want[0]) - (1 << 20))

    def test_wait_for_output(self):
        # wait's `output` answers when the program writes, and at once while something
        # written is unread; cont takes it too
        s = self.client.rpc("spawn", path="sh", args=["-c", "sleep 0.3; echo hi; sleep 30"],
                            stop="none")["session"]
        self.addCleanup(self._close_quietly, s)
        t = time.monotonic()
        self.assertEqual(self.rpc("wait", session=s, timeout=20, output=True)["state"],
                         "running")
        self.assertLess(time.monotonic() - t, 15)
        self.assertEqual(self.rpc("wait", session=s, timeout=20, output=True)["state"],
                         "running")  # hi is unread
        self.assertEqual(self.output(s), "hi\n")
        t = time.monotonic()
        self.assertEqual(self.rpc("wait", session=s, timeout=0.5, output=True)["state"],
                         "running")  # the timeout: nothing new
        self.assertGreater(time.monotonic() - t, 0.4)
        h = self.spawn("hello")["session"]
        st = self.rpc("cont", session=h, output=True)
        self.assertIn(st["state"], ("running", "exited"))
        self.assertExited(self.rpc("wait", session=h, timeout=10), 0)
        self.assertEqual(self.output(h), "Hello, world!\n")


class TestBatch(DbgdTestCase):
    def test_batch_runs_in_order_and_waits(self):
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 2)["session"]
        req = lambda i, m, **p: {"jsonrpc": "2.0", "id": i, "method": m,
                                 "params": dict(session=s, **p)}
        resp = self.client.call([req(1, "break", address=tick), req(2, "cont"),
                                 req(3, "regs", names=["rip", "rdi"]), req(4, "cont"),
                                 req(5, "status"), req(6, "delete", breakpoint=1),
                                 req(7, "cont")])
        self.assertEqual([r["id"] for r in resp], [1, 2, 3, 4, 5, 6, 7])
        self.assertNotIn("error", resp[0], resp[0])
        bp = resp[0]["result"]["breakpoint"]
        self.assertEqual(resp[1]["result"]["stop"]["reason"], "breakpoint")
        self.assertEqual(resp[2]["result"], {"rip": hexstr(tick), "rdi": "0x0"})
        self.assertEqual(resp[3]["result"]["stop"]["pc"], hexstr(tick))
        self.assertEqual(resp[4]["result"], resp[3]["result"])
        if bp == 1:
            self.assertEqual(resp[5]["result"], {})
            self.assertExited(resp[6]["result"], 0)


class TestSessions(DbgdTestCase):
    def test_sessions_and_status(self):
        a = self.spawn("hello")
        b = self.spawn("loop", 3)
        lst = self.rpc("sessions")["sessions"]
        by_id = {x["session"]: x for x in lst}
        ids = [x["session"] for x in lst]
        self.assertEqual(ids, sorted(ids))  # in order of creation
        self.assertIn(a["session"], by_id)
        self.assertIn(b["session"], by_id)
        self.assertNotEqual(a["session"], b["session"])
        self.assertEqual(by_id[b["session"]]["path"], fixture("loop"))
        self.assertEqual(by_id[b["session"]]["args"], ["3"])
        self.assertEqual(by_id[a["session"]]["args"], [])
        self.assertEqual(by_id[b["session"]]["pid"], b["pid"])
        self.assertEqual(by_id[b["session"]]["state"], "stopped")
        self.rpc("cont", session=a["session"])
        lst = {x["session"]: x for x in self.rpc("sessions")["sessions"]}
        self.assertExited(lst[a["session"]], 0)

    def test_close(self):
        st = self.spawn("loop")
        s, pid = st["session"], st["pid"]
        self.assertEqual(self.rpc("close", session=s), {})
        self.assertRpcError(NO_SESSION, "status", session=s)
        self.assertRpcError(NO_SESSION, "close", session=s)
        self.assertNotIn(s, [x["session"] for x in self.rpc("sessions")["sessions"]])
        self.assertTrue(wait_until(lambda: not proc_alive(pid), 5), "closed tracee lives on")

    def test_close_exited(self):
        s = self.spawn("hello")["session"]
        self.rpc("cont", session=s)
        self.assertEqual(self.rpc("close", session=s), {})
        self.assertRpcError(NO_SESSION, "output", session=s)

    def test_kill(self):
        st = self.spawn("loop")
        end = self.rpc("kill", session=st["session"])
        self.assertKilled(end, "SIGKILL", 9)
        self.assertKilled(self.rpc("status", session=st["session"]), "SIGKILL", 9)
        self.assertTrue(wait_until(lambda: not proc_alive(st["pid"]), 5))
        self.assertRpcError(GONE, "regs", session=st["session"])

    def test_kill_running(self):
        st = self.spawn("chatty")
        self.rpc("cont", session=st["session"], wait=False)
        self.assertKilled(self.rpc("kill", session=st["session"]), "SIGKILL", 9)
        self.assertTrue(wait_until(lambda: not proc_alive(st["pid"]), 5))

    def test_close_running(self):
        st = self.spawn("blockread")
        self.rpc("cont", session=st["session"], wait=False)
        self.assertEqual(self.rpc("close", session=st["session"]), {})
        self.assertTrue(wait_until(lambda: not proc_alive(st["pid"]), 5))
        self.assertRpcError(NO_SESSION, "status", session=st["session"])

    def test_seq_counts_stops(self):
        st = self.spawn("loop")
        s, seq = st["session"], st["seq"]
        st2 = self.rpc("step", session=s)
        self.assertEqual(st2["seq"], seq + 1)
        st3 = self.rpc("step", session=s, count=3)
        self.assertGreater(st3["seq"], st2["seq"])
        self.assertEqual(self.rpc("status", session=s)["seq"], st3["seq"])


class TestRegsMemory(DbgdTestCase):
    def test_regs_all(self):
        st = self.spawn("hello")
        regs = self.rpc("regs", session=st["session"])
        for r in REGS:
            self.assertIn(r, regs)
            hexint(regs[r])
        self.assertEqual(regs["rip"], st["stop"]["pc"])
        self.assertEqual(hexint(regs["cs"]), 0x33)

    def test_regs_names(self):
        st = self.spawn("hello")
        regs = self.rpc("regs", session=st["session"], names=["rsp", "rip"])
        self.assertEqual(set(regs), {"rsp", "rip"})
        pc = self.rpc("regs", session=st["session"], names=["pc"])
        self.assertEqual(len(pc), 1)
        self.assertEqual(list(pc.values())[0], regs["rip"])

    def test_regs_set_round_trip(self):
        st = self.spawn("hello")
        s = st["session"]
        rip = st["stop"]["pc"]
        got = self.rpc("regs", session=s, set={"rax": "0x1122334455667788", "r15": "12345",
                                                "r14": 77}, names=["rax", "r15", "r14"])
        self.assertEqual(got, {"rax": "0x1122334455667788", "r15": "0x3039", "r14": "0x4d"})
        got = self.rpc("regs", session=s, set={"rip": "0x401000"})
        self.assertEqual(got["rip"], "0x401000")
        self.assertEqual(self.rpc("status", session=s)["stop"]["pc"], "0x401000")
        got = self.rpc("regs", session=s, set={"pc": rip})
        self.assertEqual(got["rip"], rip)
        self.assertEqual(self.rpc("regs", session=s)["rax"], "0x1122334455667788")
        # registers the loader ignores at its entry: the program still runs normally
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "Hello, world!\n")

    def test_peek_stack(self):
        st = self.spawn("hello")
        s, pid = st["session"], st["pid"]
        rsp = hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])
        got = self.rpc("peek", session=s, address=hexstr(rsp))
        self.assertEqual(got, {"address": hexstr(rsp), "length": 8,
                               "bytes": "0100000000000000"})  # argc == 1
        argv0 = int.from_bytes(bytes.fromhex(
            self.rpc("peek", session=s, address=rsp + 8)["bytes"]), "little")
        path = fixture("hello").encode() + b"\0"
        got = self.rpc("peek", session=s, address=str(argv0), length=len(path))
        self.assertEqual(bytes.fromhex(got["bytes"]), path)
        self.assertEqual(got["length"], len(path))
        got = self.rpc("peek", session=s, address=hexstr(argv0), length=len(path),
                       format="base64")
        self.assertEqual(base64.b64decode(got["bytes"]), path)

    def test_peek_matches_proc_mem(self):
        st = self.spawn("hello")
        pc = hexint(st["stop"]["pc"])
        got = bytes.fromhex(self.rpc("peek", session=st["session"], address=pc,
                                     length=64)["bytes"])
        self.assertEqual(got, proc_mem_read(st["pid"], pc, 64))

    def test_poke(self):
        st = self.spawn("hello")
        s = st["session"]
        rsp = hexint(self.rpc("regs", session=s, names=["rsp"])["rsp"])
        addr = rsp - 256
        self.assertEqual(self.rpc("poke", session=s, address=hexstr(addr),
                                  bytes="deadbeefcafebabe01"), {"written": 9})
        self.assertEqual(self.rpc("peek", session=s, address=addr, length=9)["bytes"],
                         "deadbeefcafebabe01")
        self.assertEqual(proc_mem_read(st["pid"], addr, 9), bytes.fromhex("deadbeefcafebabe01"))
        data = bytes(range(256)) * 5
        self.assertEqual(self.rpc("poke", session=s, address=addr - 2000, format="base64",
                                  bytes=base64.b64encode(data).decode()), {"written": 1280})
        self.assertEqual(bytes.fromhex(self.rpc("peek", session=s, address=addr - 2000,
                                                length=1280)["bytes"]), data)
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_poke_code(self):
        # rewrite the string hello prints, in its read-only data
        st = self.spawn("hello", stop="main")
        s, pid = st["session"], st["pid"]
        exe = fixture("hello")
        seg = [m for m in proc_maps(pid) if m[3] == os.path.realpath(exe) and "r" in m[2]]
        found = None
        for start, end, _, _ in seg:
            blob = proc_mem_read(pid, start, end - start)
            i = blob.find(b"Hello, world!\n")
            if i >= 0:
                found = start + i
                break
        self.assertIsNotNone(found)
        self.rpc("poke", session=s, address=found, bytes=b"Howdy".hex())
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "Howdy, world!\n")


class TestSignals(DbgdTestCase):
    def test_kill_with_a_signal(self):
        # echoin blocks in read: SIGTERM stops it for the debugger (a signal stop), and
        # cont delivers it, as for any signal
        s = self.spawn("echoin", stop="none", stdin_open=True)["session"]
        st = self.rpc("kill", session=s, signal="TERM")
        self.assertIn(st["state"], ("running", "stopped"), st)
        st = self.rpc("wait", session=s, timeout=10)
        stop = self.assertStopped(st, "signal")
        self.assertEqual(stop["signal"]["name"], "SIGTERM")
        self.assertEqual(stop["signal"]["code_name"], "SI_USER")
        self.assertKilled(self.rpc("cont", session=s), "SIGTERM", 15)
        self.assertRpcError(GONE, "kill", session=s, signal="INT")
        s = self.spawn("echoin", stdin_open=True)["session"]
        self.assertEqual(self.rpc("kill", session=s, signal=0)["state"], "stopped")
        self.assertRpcError(INVALID_PARAMS, "kill", session=s, signal="SIGNOPE")
        self.assertKilled(self.rpc("kill", session=s), "SIGKILL", 9)

    def test_programs_do_not_inherit_what_dbgd_ignores(self):
        # a dbgd started with SIGINT and SIGQUIT ignored (`dbgd &` from a script): its
        # programs still get the default dispositions, so Ctrl-C forwarded reaches them
        old = [signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGQUIT)]
        try:
            d = dbgd.Daemon()
        finally:
            signal.signal(signal.SIGINT, old[0])
            signal.signal(signal.SIGQUIT, old[1])
        self.addCleanup(d.stop)
        with open("/proc/%d/status" % d.pid) as f:
            self.assertIn("SigIgn:\t0000000000001006", f.read())  # PIPE, QUIT, INT
        c = dbgd.Client(d)
        self.addCleanup(c.close)
        st = c.rpc("spawn", path="/bin/grep", args=["SigIgn", "/proc/self/status"])
        self.assertExited(c.rpc("cont", session=st["session"]), 0)
        out = c.rpc("output", session=st["session"])["text"]
        self.assertEqual(out, "SigIgn:\t0000000000000000\n")
        c.rpc("close", session=st["session"])


class TestExecution(DbgdTestCase):
    def test_close_kills_children_that_outlive_the_process(self):
        # orphan's child sleeps in its process group after orphan has exited: close
        # kills the group while it is the process's own, as it does while the process
        # lives (found by the security sweep: the child outlived close, and dbgd)
        def alive(pid):
            try:
                with open("/proc/%d/stat" % pid) as f:
                    return f.read().rsplit(")", 1)[1].split()[0] != "Z"
            except FileNotFoundError:
                return False
        s = self.spawn("orphan")["session"]
        self.assertExited(self.rpc("cont", session=s), 0)
        child = int(self.output(s))
        self.assertTrue(alive(child))
        self.rpc("close", session=s)
        for _ in range(50):
            if not alive(child):
                break
            time.sleep(0.05)
        self.assertFalse(alive(child))

    def test_spawn_refuses_env_names_that_are_none(self):
        # {"A=B": "1"} would set A to "B=1"; "" is no name (found by the security sweep)
        for env in ({"A=B": "1"}, {"": "x"}):
            with self.subTest(env=env):
                e = self.assertRpcError(dbgd.INVALID_PARAMS, "spawn", path=fixture("hello"),
                                        env=env)
                self.assertIn("params.env", str(e))

    def test_close_during_a_finish_under_way(self):
        # a finish from read(), which blocks: answered "running", then the session is
        # closed; what it would have printed (read's return type) goes with it (ASan's
        # leak check, run by the suite, found it kept)
        s = self.spawn("blockread", stop="main")["session"]
        self.rpc("break", session=s, symbol="read")
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertEqual(self.rpc("finish", session=s, timeout=0.3)["state"], "running")
        self.rpc("close", session=s)

    def test_break_and_cont(self):
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 3)["session"]
        bp = self.rpc("break", session=s, address=hexstr(tick))
        self.assertIsInstance(bp["breakpoint"], int)
        # its line, as gdb's "Breakpoint 1 at 0x401136: file loop.c, line 11."
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break *0x%x" % tick,
                              fixture("loop")], capture_output=True, text=True).stdout
        line = int(re.search(r"file \S*loop\.c, line (\d+)\.", out).group(1))
        self.assertEqual(bp, {"breakpoint": bp["breakpoint"], "address": hexstr(tick),
                              "hits": 0, "temporary": False,
                              "source": {"file": bp["source"]["file"], "line": line}})
        self.assertTrue(bp["source"]["file"].endswith("/loop.c"))
        st = self.rpc("cont", session=s)
        stop = self.assertStopped(st, "breakpoint")
        self.assertEqual(stop["pc"], hexstr(tick))
        self.assertEqual(stop["breakpoint"], bp["breakpoint"])
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"], hexstr(tick))
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"],
                         [{"breakpoint": bp["breakpoint"], "address": hexstr(tick), "hits": 1,
                           "temporary": False, "source": bp["source"]}])

    def test_break_by_symbol(self):
        s = self.spawn("loop", 2)["session"]
        bp = self.rpc("break", session=s, symbol="tick")  # past the prologue, as gdb's
        self.assertEqual(bp["address"], hexstr(dbgd.gdb_break_addrs(fixture("loop"),
                                                                    ["tick"])[0]))
        exact = self.rpc("break", session=s, symbol="*tick")  # gdb's break *tick
        self.assertEqual(exact["address"], hexstr(nm(fixture("loop"), "tick")))
        self.rpc("delete", session=s, breakpoint=exact["breakpoint"])
        self.assertStopped(self.rpc("cont", session=s), "breakpoint")
        self.assertRpcError(NO_SYMBOL, "break", session=s, symbol="no_such_symbol_in_loop")

    def test_break_address_forms(self):
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 2)["session"]
        ids = {self.rpc("break", session=s, address=a)["breakpoint"]
               for a in (hexstr(tick), str(tick), tick)}
        self.assertEqual(len(ids), 1)

    def test_temporary_breakpoint(self):
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 3)["session"]
        bp = self.rpc("break", session=s, address=tick, temporary=True)
        self.assertTrue(bp["temporary"])
        st = self.rpc("cont", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(st["stop"]["pc"], hexstr(tick))
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "sum=6\n")

    def test_delete(self):
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 3)["session"]
        bp = self.rpc("break", session=s, address=tick)
        self.assertEqual(self.rpc("delete", session=s, breakpoint=bp["breakpoint"]), {})
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        self.assertRpcError(dbgd.NO_BREAKPOINT, "delete", session=s,
                            breakpoint=bp["breakpoint"])
        self.assertExited(self.rpc("cont", session=s), 0)

    def test_step(self):
        st = self.spawn("loop")
        s = st["session"]
        pc0 = hexint(st["stop"]["pc"])
        st1 = self.rpc("step", session=s)
        stop = self.assertStopped(st1, "step")
        self.assertNotEqual(hexint(stop["pc"]), pc0)
        self.assertEqual(self.rpc("regs", session=s, names=["rip"])["rip"], stop["pc"])

    def test_step_count_equals_single_steps(self):
        a = self.spawn("loop")["session"]
        b = self.spawn("loop")["session"]
        many = self.rpc("step", session=a, count=50)
        self.assertStopped(many, "step")
        for _ in range(50):
            one = self.rpc("step", session=b)
        self.assertEqual(many["stop"]["pc"], one["stop"]["pc"])
        self.assertEqual(self.rpc("regs", session=a), self.rpc("regs", session=b))

    def test_syscall_entry_exit(self):
        s = self.spawn("hello")["session"]
        for _ in range(500):
            st = self.rpc("syscall", session=s)
            self.assertEqual(st["state"], "stopped", st)
            sc = st["stop"]["syscall"]
            if st["stop"]["reason"] == "syscall-entry" and sc["name"] == "write":
                break
        else:
            self.fail("no write syscall")
        self.assertEqual(sc["nr"], 1)
        self.assertEqual(len(sc["args"]), 6)
        for a in sc["args"]:
            hexint(a)
        self.assertEqual(sc["args"][0], "0x1")
        self.assertEqual(sc["args"][2], "0xe")
        buf = self.rpc("peek", session=s, address=sc["args"][1], length=14)
        self.assertEqual(bytes.fromhex(buf["bytes"]), b"Hello, world!\n")
        st = self.rpc("syscall", session=s)
        stop = self.assertStopped(st, "syscall-exit")
        self.assertEqual(stop["syscall"]["nr"], 1)
        self.assertEqual(stop["syscall"]["name"], "write")
        self.assertEqual(stop["syscall"]["ret"], 14)
        self.assertNotIn("error", stop["syscall"])
        self.assertExited(self.cont_to_end(s), 0)
        self.assertEqual(self.output(s), "Hello, world!\n")

    def test_syscall_error(self):
        # make the write fail by changing its fd at the entry stop: EBADF
        s = self.spawn("hello")["session"]
        for _ in range(500):
            st = self.rpc("syscall", session=s)
            if st["stop"]["reason"] == "syscall-entry" and st["stop"]["syscall"]["name"] == "write":
                break
        self.rpc("regs", session=s, set={"rdi": 999})
        stop = self.assertStopped(self.rpc("syscall", session=s), "syscall-exit")
        self.assertEqual(stop["syscall"]["ret"], -9)
        self.assertEqual(stop["syscall"]["error"], "EBADF")
        self.assertExited(self.cont_to_end(s), 0)
        self.assertEqual(self.output(s), "")

    def test_syscall_number_changed_at_entry(self):
        # the exit stop names the syscall that ran: here write turned into getpid by
        # writing orig_rax at its entry (dbgd keeps the entry's number otherwise)
        s = self.spawn("hello")["session"]
        for _ in range(500):
            st = self.rpc("syscall", session=s)
            if st["stop"]["reason"] == "syscall-entry" and st["stop"]["syscall"]["name"] == "write":
                break
        self.rpc("regs", session=s, set={"orig_rax": 39})
        stop = self.assertStopped(self.rpc("syscall", session=s), "syscall-exit")
        self.assertEqual(stop["syscall"]["nr"], 39)
        self.assertEqual(stop["syscall"]["name"], "getpid")
        self.assertEqual(stop["syscall"]["ret"], st["pid"])
        self.assertExited(self.cont_to_end(s), 0)
        self.assertEqual(self.output(s), "")

    def test_wait_false_then_wait(self):
        tick = nm(fixture("loop"), "tick")
        s = self.spawn("loop", 3)["session"]
        self.rpc("break", session=s, address=tick)
        st = self.rpc("cont", session=s, wait=False)
        self.assertEqual(st["state"], "running")
        self.assertNotIn("stop", st)
        st = self.rpc("wait", session=s)
        self.assertStopped(st, "breakpoint")
        self.assertEqual(self.rpc("wait", session=s), st)  # already stopped: immediate
        self.rpc("delete", session=s, breakpoint=st["stop"]["breakpoint"])
        self.assertEqual(self.rpc("cont", session=s, wait=False)["state"], "running")
        end = self.rpc("wait", session=s)
        self.assertExited(end, 0)
        self.assertEqual(self.rpc("wait", session=s), end)

    def test_wait_timeout(self):
        s = self.spawn("blockread")["session"]
        self.rpc("cont", session=s, wait=False)
        t0 = time.monotonic()
        st = self.rpc("wait", session=s, timeout=0.5)
        dt = time.monotonic() - t0
        self.assertEqual(st["state"], "running")
        self.assertGreaterEqual(dt, 0.4)
        self.assertLess(dt, 5)

    def test_cont_timeout(self):
        s = self.spawn("blockread")["session"]
        t0 = time.monotonic()
        st = self.rpc("cont", session=s, timeout=0.5)
        self.assertEqual(st["state"], "running")
        self.assertLess(time.monotonic() - t0, 5)

    def test_pause_chatty(self):
        st = self.spawn("chatty")
        s = st["session"]
        self.assertEqual(self.rpc("cont", session=s, wait=False)["state"], "running")
        time.sleep(0.3)
        st = self.rpc("pause", session=s)
        stop = self.assertStopped(st, "interrupted")
        hexint(stop["pc"])
        out = self.rpc("output", session=s)
        self.assertIn("the quick brown fox", out["text"])
        if out["dropped"] == 0:
            self.assertTrue(out["text"].startswith("line 0: the quick"))
        else:  # the ring kept the newest bytes
            self.assertGreater(out["offset"], 0)
            self.assertEqual(out["offset"], out["dropped"])
        self.assertEqual(out["next_offset"], out["offset"] + len(out["text"].encode()))
        # paused means paused: the output does not grow
        n1 = self.rpc("output", session=s)["next_offset"]
        time.sleep(0.2)
        self.assertEqual(self.rpc("output", session=s)["next_offset"], n1)
        self.assertKilled(self.rpc("kill", session=s), "SIGKILL", 9)

    def test_pause_blockread(self):
        s = self.spawn("blockread")["session"]
        self.rpc("cont", session=s, wait=False)
        time.sleep(0.2)
        self.assertStopped(self.rpc("pause", session=s), "interrupted")
        self.assertEqual(self.rpc("regs", session=s, names=["orig_rax"])["orig_rax"], "0x0")
        self.assertEqual(self.output(s), "blocking\n")
        # resume and pause again
        self.assertEqual(self.rpc("cont", session=s, wait=False)["state"], "running")
        time.sleep(0.1)
        self.assertStopped(self.rpc("pause", session=s), "interrupted")
        self.assertKilled(self.rpc("kill", session=s), "SIGKILL", 9)

    def test_pause_when_stopped(self):
        st = self.spawn("hello")
        self.assertEqual(self.rpc("pause", session=st["session"]), st)


if __name__ == "__main__":
    dbgd.main()
