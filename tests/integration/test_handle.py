"""gdb's `handle`: which signals stop the process and which reach the program. gdb is
the oracle: the same program (handled: SIGUSR1 and SIGUSR2 raised around a tick, five
times, each counted by its handler), the same handling, the same stops and the same
output."""

import re
import subprocess
import tempfile

import dbgd
from dbgd import INVALID_PARAMS, DbgdTestCase, fixture


def gdb_run(handles, args=(), breaks=("tick",)):
    """gdb runs handled with `handle` lines and breakpoints, continuing at each stop:
    the stops in order ("tick N", or the signal's name) and the program's last line."""
    script = ["set pagination off", "set confirm off", "set startup-with-shell off"]
    script += ["handle %s" % h for h in handles] + ["break %s" % b for b in breaks]
    script += ["run"] + ["continue"] * 24
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write("\n".join(script) + "\n")
        f.flush()
        out = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name, "--args",
                              fixture("handled"), *args], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=120).stdout
    stops = []
    for m in re.finditer(r"^(?:Thread \d+ \S+ hit )?(Breakpoint \d+, tick \(i=(\d+)\)|"
                         r"(?:Program|Thread \d+ \S+) received signal (SIG\w+))", out, re.M):
        stops.append("tick %s" % m.group(2) if m.group(2) else m.group(3))
    # (the program's line can land inside one of gdb's, "[usr1=0 ...\nThread ...]")
    last = re.findall(r"usr1=\d+ usr2=\d+ ticks=\d+", out)
    assert last, "gdb's run did not end:\n" + out[-3000:]
    return stops, last[-1]


class TestHandle(DbgdTestCase):
    def dbgd_run(self, handles, args=(), breaks=("tick",), **cont):
        s = self.spawn("handled", *args, stop="main")["session"]
        for h in handles:
            self.rpc("handle", session=s, **h)
        for b in breaks:
            self.rpc("break", session=s, symbol=b)
        stops = []
        for _ in range(30):
            st = self.rpc("cont", session=s, **cont)
            if st["state"] != "stopped":
                break
            stop = st["stop"]
            if stop["reason"] == "breakpoint":
                stops.append("tick %s" % self.rpc("print", session=s, name="i")["value"])
            else:
                self.assertEqual(stop["reason"], "signal", stop)
                stops.append(stop["signal"]["name"])
        self.assertEqual(st["state"], "exited", st)
        return stops, self.output(s).strip().splitlines()[-1]

    def test_nostop_and_nopass_as_gdbs(self):
        cases = [
            # gdb's defaults: both stop and pass
            ([], []),
            # nostop (pass): only the ticks stop, every signal counted
            (["SIGUSR1 nostop noprint", "SIGUSR2 nostop noprint"],
             [dict(signal="SIGUSR1", stop=False), dict(signal="USR2", stop=False)]),
            # nostop nopass: dropped, not counted
            (["SIGUSR1 nostop noprint nopass", "SIGUSR2 nostop noprint"],
             [dict(signal="SIGUSR1", stop=False, pass_=False), dict(signal=12, stop=False)]),
            # stop nopass: reported, then not delivered
            (["SIGUSR2 nopass"], [dict(signal="SIGUSR2", pass_=False)]),
        ]
        for args in ((), ("thread",)):
            for gdb_handles, ours in cases:
                with self.subTest(gdb_handles, args=args):
                    want = gdb_run(gdb_handles, args)
                    self.assertIn("tick 4", want[0])
                    got = self.dbgd_run([{k.rstrip("_"): v for k, v in h.items()}
                                         for h in ours], args)
                    self.assertEqual(got, want)

    def test_cont_signal_delivers_a_held_one(self):
        # nopass holds the signal at its stop; cont's signal still delivers it
        s = self.spawn("handled", stop="main")["session"]
        row = self.rpc("handle", session=s, signal="SIGUSR1", **{"pass": False})
        self.assertEqual(row, {"signal": "SIGUSR1", "number": 10, "stop": True,
                               "print": True, "pass": False})
        stop = self.assertStopped(self.rpc("cont", session=s), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGUSR1")
        stop = self.assertStopped(self.rpc("cont", session=s, signal="SIGUSR1"), "signal")
        self.assertEqual(stop["signal"]["name"], "SIGUSR2")
        self.rpc("handle", session=s, signal="SIGUSR1", stop=False)
        self.rpc("handle", session=s, signal="SIGUSR2", stop=False)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual(self.output(s), "usr1=1 usr2=5 ticks=5\n")

    def test_the_list_is_gdbs_info_signals(self):
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "info signals"],
                             capture_output=True, text=True, timeout=60).stdout
        gdb = {m.group(1): (m.group(2) == "Yes", m.group(3) == "Yes")
               for m in re.finditer(r"^(SIG[A-Z]+)\s+(Yes|No)\s+(?:Yes|No)\s+(Yes|No)", out,
                                    re.M)}
        gdb_print = {m.group(1): m.group(2) == "Yes"
                     for m in re.finditer(r"^(SIG[A-Z]+)\s+(?:Yes|No)\s+(Yes|No)", out, re.M)}
        s = self.spawn("handled")["session"]
        rows = self.rpc("handle", session=s)["signals"]
        self.assertEqual([r["number"] for r in rows], sorted(r["number"] for r in rows))
        compared = 0
        for r in rows:
            if r["signal"] not in gdb or r["signal"] in ("SIGINT", "SIGTRAP"):
                continue  # (gdb holds its own Ctrl-C and traps: docs/api.md, handle)
            self.assertEqual((r["stop"], r["pass"]), gdb[r["signal"]], r)
            self.assertEqual(r["print"], gdb_print[r["signal"]], r)
            compared += 1
        self.assertGreater(compared, 25)
        self.assertEqual({r["signal"]: r["pass"] for r in rows if r["signal"] in
                          ("SIGINT", "SIGTRAP")}, {"SIGINT": True, "SIGTRAP": True})

    def test_print_without_a_stop_as_gdbs(self):
        # gdb's `handle SIG nostop` keeps print: "Program received signal SIGUSR1" as the
        # program runs on; dbgd's is a "signal" event, in the same place among the stops
        # (nopass: printed all the same, not delivered); noprint: nothing
        handles = ["SIGUSR1 nostop", "SIGUSR2 nostop nopass"]
        for args in ((), ("thread",)):
            with self.subTest(args=args):
                want = gdb_run(handles, args)
                self.assertEqual(want[0][:3], ["SIGUSR1", "tick 0", "SIGUSR2"])
                s = self.spawn("handled", *args, stop="main")["session"]
                row = self.rpc("handle", session=s, signal="SIGUSR1", stop=False)
                self.assertEqual((row["stop"], row["print"], row["pass"]), (False, True, True))
                self.rpc("handle", session=s, signal="SIGUSR2", stop=False,
                         **{"pass": False})
                self.rpc("break", session=s, symbol="tick")
                seq, after = [], 0
                while True:
                    st = self.rpc("cont", session=s)
                    evs = self.rpc("events", session=s, after=after)
                    after = evs["next"]
                    for e in evs["events"]:
                        if e["type"] == "signal":
                            self.assertEqual(e["signal"].get("passed", True),
                                             e["signal"]["name"] == "SIGUSR1", e)
                            self.assertEqual("thread" in e, bool(args), e)
                            seq.append(e["signal"]["name"])
                    if st["state"] != "stopped":
                        break
                    seq.append("tick %s" % self.rpc("print", session=s, name="i")["value"])
                self.assertEqual((seq, self.output(s).strip()), want)
        # gdb's rules: stop brings print, noprint brings nostop; noprint says nothing
        s = self.spawn("handled", stop="main")["session"]
        row = self.rpc("handle", session=s, signal="SIGUSR1", print=False)
        self.assertEqual((row["stop"], row["print"]), (False, False))
        row = self.rpc("handle", session=s, signal="SIGUSR1", stop=True)
        self.assertEqual((row["stop"], row["print"]), (True, True))
        self.rpc("handle", session=s, signal="SIGUSR1", print=False)
        self.rpc("handle", session=s, signal="SIGUSR2", stop=False, print=False)
        self.assertExited(self.rpc("cont", session=s), 0)
        self.assertEqual([e for e in self.rpc("events", session=s)["events"]
                          if e["type"] == "signal"], [])
        self.assertEqual(self.output(s), "usr1=5 usr2=5 ticks=5\n")

    def test_bad_handles(self):
        s = self.spawn("handled")["session"]
        for sig in ("SIGKILL", "SIGSTOP", "SIGTRAP"):
            e = self.assertRpcError(INVALID_PARAMS, "handle", session=s, signal=sig,
                                    stop=False)
            self.assertIn("keeps its handling", e.data["detail"])
        self.assertRpcError(INVALID_PARAMS, "handle", session=s, signal="SIGNOPE")
        self.assertRpcError(INVALID_PARAMS, "handle", session=s, signal=0, stop=False)
        self.assertRpcError(INVALID_PARAMS, "handle", session=s, stop=False)
        self.assertRpcError(INVALID_PARAMS, "handle", session=s, signal="SIGUSR1", stop="no")
        self.assertRpcError(INVALID_PARAMS, "handle", session=s, signal="SIGUSR1", print=1)
        self.assertRpcError(INVALID_PARAMS, "handle", session=s, print=True)
        e = self.assertRpcError(INVALID_PARAMS, "handle", session=s, signal="SIGTRAP",
                                print=False)
        self.assertIn("keeps its handling", e.data["detail"])
        # the daemon stays up, the session unchanged
        self.assertEqual(self.rpc("handle", session=s, signal="SIGKILL")["stop"], True)
        self.assertEqual(self.rpc("handle", session=s, signal="SIGUSR1")["stop"], True)


if __name__ == "__main__":
    dbgd.main()
