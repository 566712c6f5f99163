"""dbgd-dap, what editors expect of a native debugger: disassemble, readMemory and
writeMemory, instruction steps and breakpoints, logpoints, data breakpoints,
exceptionInfo and modules. Driven as an editor drives it (DAP on the bridge's stdin
and stdout, tests/integration/test_dap.py's Adapter) against the real dbgd and the
fixtures, with objdump, nm and /proc/PID as the oracles.

    python3 test_dap_native.py --build-dir <build> [unittest args]
"""

import base64
import os
import re
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "integration"))

import dbgd  # noqa: E402
from dbgd import DbgdTestCase, fixture  # noqa: E402
from test_dap import Adapter  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "..", "..", "tests", "fixtures")

CAPABILITIES = ["supportsDisassembleRequest", "supportsReadMemoryRequest",
                "supportsWriteMemoryRequest", "supportsSteppingGranularity",
                "supportsInstructionBreakpoints", "supportsLogPoints",
                "supportsDataBreakpoints", "supportsExceptionInfoRequest",
                "supportsModulesRequest"]


def source(name):
    return os.path.abspath(os.path.join(FIXTURES, name))


def line_of(name, text):
    with open(source(name)) as f:
        return next(i + 1 for i, l in enumerate(f) if text in l)


_objdump = {}


def objdump_insns(path):
    """[(address, bytes as "48 89 e5", text)] of every instruction objdump -d decodes."""
    if path not in _objdump:
        out = subprocess.run(["objdump", "-d", "-M", "intel", "--insn-width=16", path],
                             check=True, capture_output=True, text=True).stdout
        res = []
        for line in out.splitlines():
            m = re.match(r"^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$", line)
            if m:
                res.append((int(m.group(1), 16), m.group(2).strip(), m.group(3).strip()))
        _objdump[path] = res
    return _objdump[path]


class TestDapNative(DbgdTestCase):
    def adapter(self):
        a = Adapter(self.daemon)
        # (cleanups run last first: kill, then close the pipes)
        self.addCleanup(lambda: (a.p.stdin.close(), a.p.stdout.close()))
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        # an event that never comes (a bridge that stops where it should not) ends the
        # test, not the suite: the adapter is killed, and reading from it fails
        watchdog = threading.Timer(60, lambda: a.p.poll() is None and a.p.kill())
        watchdog.start()
        self.addCleanup(watchdog.cancel)
        r = a.request("initialize", adapterID="dbgd", linesStartAt1=True)
        self.assertTrue(r["success"])
        for cap in CAPABILITIES:
            self.assertIs(r["body"].get(cap), True, cap)
        return a

    def launch(self, a, program, *args, **launch):
        r = a.request("launch", program=fixture(program), args=list(args), **launch)
        self.assertTrue(r["success"], r)
        a.event("initialized")

    def finish(self, a):
        self.assertTrue(a.request("disconnect")["success"])
        self.assertEqual(a.close(), 0)

    def session(self, program):
        return [s for s in self.rpc("sessions")["sessions"] if s["path"] == fixture(program)][-1]

    def stop_at_line(self, a, program, name, text, *args):
        """Launch program, break at the line of name holding text: (threadId, frames)."""
        self.launch(a, program, *args)
        r = a.request("setBreakpoints", source={"path": source(name)},
                      breakpoints=[{"line": line_of(name, text)}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"], r)
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "breakpoint")
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        return st["threadId"], frames

    def evaluate(self, a, expr, frame_id=None):
        args = {"expression": expr}
        if frame_id is not None:
            args["frameId"] = frame_id
        r = a.request("evaluate", **args)
        self.assertTrue(r["success"], r)
        return r["body"]

    # ---- disassemble -------------------------------------------------------------

    def check_window(self, want, got):
        """got (DAP instructions) is want (objdump's) instruction for instruction."""
        self.assertEqual([int(i["address"], 16) for i in got], [w[0] for w in want])
        self.assertEqual([i["instructionBytes"] for i in got], [w[1] for w in want])

    def test_disassemble_around_the_pc(self):
        a = self.adapter()
        tid, frames = self.stop_at_line(a, "vars", "vars.c", "/* INNER */")
        pc = int(frames[0]["instructionPointerReference"], 16)
        self.assertEqual(pc, int(self.session("vars")["stop"]["pc"], 16))
        insns = objdump_insns(fixture("vars"))
        k = [x[0] for x in insns].index(pc)

        # VS Code's first request: instructions before and after the pc
        r = a.request("disassemble", memoryReference=frames[0]["instructionPointerReference"],
                      instructionOffset=-5, instructionCount=12, resolveSymbols=True)
        self.assertTrue(r["success"], r)
        got = r["body"]["instructions"]
        self.check_window(insns[k - 5:k + 7], got)
        self.assertEqual(got[5]["symbol"], "work")
        self.assertEqual(got[5]["location"]["path"], frames[0]["source"]["path"])
        self.assertEqual(got[5]["line"], frames[0]["line"])
        # objdump's mnemonic is capstone's (both Intel syntax)
        self.assertEqual(got[5]["instruction"].split()[0], insns[k][2].split()[0])

        # far back: past work's start into the functions before it (leaf, and the
        # padding between), by a decoding that lines up
        start = dbgd.nm(fixture("vars"), "work")
        back = k - [x[0] for x in insns].index(start) + 25
        r = a.request("disassemble", memoryReference=hex(pc), instructionOffset=-back,
                      instructionCount=back + 3)
        self.check_window(insns[k - back:k + 3], r["body"]["instructions"])
        self.assertIn("leaf", {i.get("symbol") for i in r["body"]["instructions"]})

        # a byte offset and a window after the reference
        r = a.request("disassemble", memoryReference=hex(insns[k - 2][0] - 16), offset=16,
                      instructionOffset=2, instructionCount=3)
        self.check_window(insns[k:k + 3], r["body"]["instructions"])

        # exactly instructionCount, unreadable memory as "invalid" instructions
        r = a.request("disassemble", memoryReference="0x10", instructionOffset=-2,
                      instructionCount=4)
        got = r["body"]["instructions"]
        self.assertEqual(len(got), 4)
        self.assertEqual({i.get("presentationHint") for i in got}, {"invalid"})
        self.assertEqual([int(i["address"], 16) for i in got], [0xe, 0xf, 0x10, 0x11])

        # bad input
        for bad in [{"memoryReference": "main"}, {"memoryReference": "0x401000"},
                    {"memoryReference": "0x401000", "instructionCount": 5000},
                    {"memoryReference": "-5", "instructionCount": 1}]:
            r = a.request("disassemble", **bad)
            self.assertFalse(r["success"], bad)
        self.finish(a)

    # ---- memory --------------------------------------------------------------------

    def test_read_and_write_memory(self):
        a = self.adapter()
        tid, frames = self.stop_at_line(a, "vars", "vars.c", "/* INNER */")
        scopes = a.request("scopes", frameId=frames[0]["id"])["body"]["scopes"]
        local = a.request("variables", variablesReference=scopes[1]["variablesReference"])
        local = {v["name"]: v for v in local["body"]["variables"]}
        pp = self.evaluate(a, "pp", frames[0]["id"])
        # a pointer's memoryReference is where it points: &p, in variables and evaluate
        addr_p = self.evaluate(a, "&p", frames[0]["id"])["memoryReference"]
        self.assertEqual(local["pp"]["memoryReference"], addr_p)
        self.assertEqual(pp["memoryReference"], addr_p)
        self.assertNotIn("memoryReference", local["total"])  # an int: none

        pid = self.session("vars")["pid"]
        r = a.request("readMemory", memoryReference=addr_p, count=8)
        self.assertTrue(r["success"], r)
        self.assertEqual(r["body"]["address"], addr_p)
        data = base64.b64decode(r["body"]["data"])
        self.assertEqual(data, dbgd.proc_mem_read(pid, int(addr_p, 16), 8))
        self.assertEqual((int.from_bytes(data[:4], "little"), int.from_bytes(data[4:], "little")),
                         (3, 4))  # struct pt {3, 4}
        r = a.request("readMemory", memoryReference=addr_p, offset=4, count=4)
        self.assertEqual(base64.b64decode(r["body"]["data"]), data[4:])

        # writeMemory: pp->x = 99, seen by the program's own expression evaluation
        r = a.request("writeMemory", memoryReference=addr_p,
                      data=base64.b64encode((99).to_bytes(4, "little")).decode())
        self.assertTrue(r["success"], r)
        self.assertEqual(r["body"]["bytesWritten"], 4)
        self.assertEqual(self.evaluate(a, "pp->x", frames[0]["id"])["result"], "99")
        r = a.request("writeMemory", memoryReference="0x8", data="AAAA")
        self.assertFalse(r["success"])

        # the end of a readable mapping with nothing mapped after it: the bytes up to
        # it, and unreadableBytes to the next mapping (or the count's end)
        maps = dbgd.proc_maps(pid)
        end, gap = next((e, n[0] - e) for (s, e, p, f), n in zip(maps, maps[1:])
                        if p[0] == "r" and n[0] > e)
        r = a.request("readMemory", memoryReference=hex(end - 16), count=48)
        self.assertTrue(r["success"], r)
        self.assertEqual(base64.b64decode(r["body"]["data"]),
                         dbgd.proc_mem_read(pid, end - 16, 16))
        self.assertEqual(r["body"]["unreadableBytes"], min(32, gap))
        r = a.request("readMemory", memoryReference="0x0", count=16)
        self.assertEqual((r["body"]["data"], r["body"]["unreadableBytes"]), ("", 16))
        r = a.request("readMemory", memoryReference=hex(maps[0][0] - 32), count=64)
        self.assertEqual((r["body"]["data"], r["body"]["unreadableBytes"]), ("", 32))

        for bad in [{"memoryReference": "zz", "count": 4}, {"memoryReference": "0x0"},
                    {"memoryReference": "0x0", "count": -1},
                    {"memoryReference": "0x0", "count": 1 << 30}]:
            self.assertFalse(a.request("readMemory", **bad)["success"], bad)
        self.finish(a)

    # ---- instruction steps and breakpoints ---------------------------------------

    def test_instruction_steps_and_breakpoints(self):
        path = fixture("vars")
        call = dbgd.call_sites(path, "main", "work")[0]
        insns = objdump_insns(path)
        after_call = insns[[x[0] for x in insns].index(call) + 1][0]
        a = self.adapter()
        self.launch(a, "vars")
        r = a.request("setInstructionBreakpoints",
                      breakpoints=[{"instructionReference": hex(call)},
                                   {"instructionReference": "nowhere"},
                                   {"instructionReference": "0x8"}])
        ok, bad, unmapped = r["body"]["breakpoints"]
        self.assertTrue(ok["verified"], ok)
        self.assertEqual(int(ok["instructionReference"], 16), call)
        self.assertEqual(ok["source"]["name"], "vars.c")
        self.assertFalse(bad["verified"])
        self.assertFalse(unmapped["verified"])
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["hitBreakpointIds"]),
                         ("instruction breakpoint", [ok["id"]]))
        tid = st["threadId"]

        def where():
            f = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
            return f["name"], int(f["instructionPointerReference"], 16)

        # nexti over the call: back in main after it
        self.assertTrue(a.request("next", threadId=tid, granularity="instruction")["success"])
        self.assertEqual(a.event("stopped")["body"]["reason"], "step")
        self.assertEqual(where(), ("main", after_call))
        self.finish(a)

        # again; stepi into the call: work's first instruction; one more: the next
        a = self.adapter()
        self.launch(a, "vars")
        a.request("setInstructionBreakpoints", breakpoints=[{"instructionReference": hex(call)}])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        a.request("stepIn", threadId=tid, granularity="instruction")
        self.assertEqual(a.event("stopped")["body"]["reason"], "step")
        work = dbgd.nm(path, "work")
        self.assertEqual(where(), ("work", work))
        a.request("stepIn", threadId=tid, granularity="instruction")
        a.event("stopped")
        second = insns[[x[0] for x in insns].index(work) + 1][0]
        self.assertEqual(where(), ("work", second))
        # "line" steps as before: out of work's prologue line
        a.request("next", threadId=tid, granularity="line")
        a.event("stopped")
        name, pc = where()
        self.assertEqual(name, "work")
        self.assertGreater(pc, second + 1)
        self.finish(a)

    def test_instruction_breakpoint_conditions(self):
        # loop 5: tick(i) for i = 0..4; at tick's first byte (nm), `i` is not yet in
        # its frame: the condition is over the register that carries it (rdi)
        path = fixture("loop")
        tick = dbgd.nm(path, "tick")
        a = self.adapter()
        self.launch(a, "loop", "5")
        r = a.request("setInstructionBreakpoints",
                      breakpoints=[{"instructionReference": hex(tick), "hitCondition": "2",
                                    "condition": "rdi >= 1"},
                                   {"instructionReference": hex(tick + 1),
                                    "hitCondition": "never"}])
        ok, bad = r["body"]["breakpoints"]
        self.assertTrue(ok["verified"], ok)
        self.assertFalse(bad["verified"])
        a.request("configurationDone")
        # rdi >= 1 for i = 1..4; from its 2nd such hit on: i = 2, 3, 4
        seen = []
        for _ in range(3):
            st = a.event("stopped")["body"]
            self.assertEqual(st["reason"], "instruction breakpoint")
            seen.append(self.evaluate(a, "$rdi")["result"])
            a.request("continue", threadId=st["threadId"])
        self.assertEqual(seen, ["2", "3", "4"])
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        self.finish(a)

    # ---- logpoints -----------------------------------------------------------------

    def test_logpoints(self):
        line = line_of("loop.c", "return 2 * i;")
        a = self.adapter()
        self.launch(a, "loop", "3")
        r = a.request("setBreakpoints", source={"path": source("loop.c")},
                      breakpoints=[{"line": line,
                                    "logMessage": "tick i={i} twice={2 * i} \\{i\\} {nosuch}"}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"])
        a.request("configurationDone")
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        consoles = [m["body"]["output"] for m in a.seen
                    if m.get("event") == "output" and m["body"]["category"] == "console"]
        self.assertEqual(len(consoles), 3)
        for i, text in enumerate(consoles):
            self.assertTrue(text.startswith("tick i=%d twice=%d {i} <" % (i, 2 * i)), text)
            self.assertIn('no variable "nosuch"', text)
            self.assertTrue(text.endswith(">\n"), text)
        self.assertFalse([m for m in a.seen if m.get("event") == "stopped"])
        # the program's own output still comes
        self.assertIn("sum=6\n", [m["body"]["output"] for m in a.seen
                                  if m.get("event") == "output"
                                  and m["body"]["category"] == "stdout"])
        self.finish(a)

        # with a condition (dbgd's, server-side) and a hit count; a plain breakpoint
        # after them still stops
        a = self.adapter()
        self.launch(a, "loop", "5")
        a.request("setBreakpoints", source={"path": source("loop.c")},
                  breakpoints=[{"line": line, "logMessage": "odd {i}", "condition": "i % 2",
                                "hitCondition": "2"}])
        a.request("setBreakpoints", source={"path": source("loop.c")},
                  breakpoints=[{"line": line, "logMessage": "odd {i}", "condition": "i % 2",
                                "hitCondition": "2"}])  # set twice: replaced, not doubled
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "printf"}])
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "breakpoint")
        consoles = [m["body"]["output"] for m in a.seen
                    if m.get("event") == "output" and m["body"]["category"] == "console"]
        self.assertEqual(consoles, ["odd 3\n"])  # i = 1, 3: from the 2nd on
        a.request("setFunctionBreakpoints", breakpoints=[])
        a.request("continue", threadId=st["threadId"])
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        self.finish(a)

    def consoles(self, a):
        return [m["body"]["output"] for m in a.seen
                if m.get("event") == "output" and m["body"]["category"] == "console"]

    def test_steps_go_on_through_logpoints(self):
        # a stepIn that lands on a logpoint logs it and stops there, as a step; a next
        # over a call that meets one logs it and goes on to the next line, as gdb's next
        # over a dprintf
        main_line = line_of("loop.c", "sum += tick(i);")
        a = self.adapter()
        self.launch(a, "loop", "3")
        a.request("setBreakpoints", source={"path": source("loop.c")},
                  breakpoints=[{"line": main_line}])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        a.request("setBreakpoints", source={"path": source("loop.c")},
                  breakpoints=[{"line": line_of("loop.c", "return 2 * i;"),
                                "logMessage": "in tick {i}"}])
        a.request("stepIn", threadId=tid)
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "step")
        self.assertNotIn("hitBreakpointIds", st)
        self.assertEqual(self.consoles(a), ["in tick 0\n"])
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
        self.assertEqual(frame["name"], "tick")
        a.request("stepOut", threadId=tid)
        a.event("stopped")
        for _ in range(2):  # the loop's i++, then its next round's call line
            a.request("next", threadId=tid)
            a.event("stopped")
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
        self.assertEqual((frame["name"], frame["line"]), ("main", main_line))
        a.request("next", threadId=tid)  # over tick(1), which logs
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "step")
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
        self.assertEqual((frame["name"], frame["line"]),
                         ("main", line_of("loop.c", "for (int i = 0;")))
        self.assertEqual(self.consoles(a), ["in tick 0\n", "in tick 1\n"])
        self.finish(a)

    def at_call_with_logpoint(self, call_line):
        """recurse stopped at fact(5)'s recursive call, a logpoint "fact {n}" at fact's
        first line: the adapter and the thread."""
        a = self.adapter()
        self.launch(a, "recurse")
        a.request("setBreakpoints", source={"path": source("recurse.c")},
                  breakpoints=[{"line": call_line}])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        a.request("setBreakpoints", source={"path": source("recurse.c")},
                  breakpoints=[{"line": line_of("recurse.c", "if (n <= 1)"),
                                "logMessage": "fact {n}"}])
        return a, tid

    def test_next_and_step_out_through_recursive_logpoints(self):
        # recurse: fact(5) calls fact(4) ... fact(1); a logpoint at fact's first line.
        # A next over the recursive call in fact(5) logs each deeper call and stops in
        # fact(5) at its next line; a stepOut from there goes on to main
        call_line = line_of("recurse.c", "int r = n * fact(n - 1);")
        a, tid = self.at_call_with_logpoint(call_line)
        a.request("next", threadId=tid)
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "step")
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
        self.assertEqual((frame["name"], frame["line"]),
                         ("fact", line_of("recurse.c", "return r;")))
        self.assertEqual(self.evaluate(a, "n", frame["id"])["result"], "5")
        self.assertEqual(self.evaluate(a, "r", frame["id"])["result"], "120")
        self.assertEqual(self.consoles(a), ["fact 4\n", "fact 3\n", "fact 2\n", "fact 1\n"])
        a.request("stepOut", threadId=tid)
        st = a.event("stopped")["body"]
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
        self.assertEqual((st["reason"], frame["name"]), ("step", "main"))
        self.finish(a)

        # a stepOut from fact(5) before the call: the same four, then main
        a, tid = self.at_call_with_logpoint(call_line)
        a.request("stepOut", threadId=tid)
        st = a.event("stopped")["body"]
        frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
        self.assertEqual((st["reason"], frame["name"]), ("step", "main"))
        self.assertEqual(self.consoles(a), ["fact 4\n", "fact 3\n", "fact 2\n", "fact 1\n"])
        self.finish(a)

    # ---- data breakpoints ----------------------------------------------------------

    def test_data_breakpoints(self):
        path = fixture("watched")
        a = self.adapter()
        self.launch(a, "watched", stopOnEntry=True)
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        info = a.request("dataBreakpointInfo", name="counter")["body"]
        self.assertEqual(info["dataId"], "0x%x/8" % dbgd.nm(path, "counter"))
        self.assertEqual(info["accessTypes"], ["write", "readWrite"])
        peeked = a.request("dataBreakpointInfo", name="peeked")["body"]
        self.assertEqual(peeked["dataId"], "0x%x/4" % dbgd.nm(path, "peeked"))
        # what cannot be watched: no dataId, and why
        for name, why in [("nosuch", "no variable"), ("work", "has no address")]:
            r = a.request("dataBreakpointInfo", name=name)
            self.assertTrue(r["success"])
            self.assertIsNone(r["body"]["dataId"], name)
            self.assertIn(why, r["body"]["description"])
        # by address (supportsDataBreakpointBytes)
        r = a.request("dataBreakpointInfo", name=hex(dbgd.nm(path, "counter")), bytes=8,
                      asAddress=True)
        self.assertEqual(r["body"]["dataId"], info["dataId"])

        r = a.request("setDataBreakpoints",
                      breakpoints=[{"dataId": info["dataId"], "accessType": "write"},
                                   {"dataId": peeked["dataId"], "accessType": "read"},
                                   {"dataId": "bogus"}])
        w, read, bogus = r["body"]["breakpoints"]
        self.assertTrue(w["verified"])
        self.assertFalse(read["verified"])
        self.assertIn("readWrite", read["message"])
        self.assertFalse(bogus["verified"])
        values = []
        for _ in range(2):
            a.request("continue", threadId=tid)
            st = a.event("stopped")["body"]
            self.assertEqual((st["reason"], st["hitBreakpointIds"]),
                             ("data breakpoint", [w["id"]]))
            values.append(self.evaluate(a, "counter")["result"])
        self.assertEqual(values, ["3", "6"])
        # a hit count and a condition, checked by the bridge; and a read watch
        r = a.request("setDataBreakpoints",
                      breakpoints=[{"dataId": info["dataId"], "hitCondition": "2",
                                    "condition": "counter > 9"},
                                   {"dataId": peeked["dataId"], "accessType": "readWrite"}])
        w2, rw = r["body"]["breakpoints"]
        self.assertTrue(w2["verified"] and rw["verified"], r)
        a.request("continue", threadId=tid)
        st = a.event("stopped")["body"]
        self.assertEqual(st["hitBreakpointIds"], [w2["id"]])
        self.assertEqual(self.evaluate(a, "counter")["result"], "15")  # 12 is its 1st
        a.request("continue", threadId=tid)
        st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["hitBreakpointIds"]), ("data breakpoint", [rw["id"]]))
        self.assertEqual(self.session("watched")["stop"]["reason"], "watchpoint")
        a.request("setDataBreakpoints", breakpoints=[])
        s = self.session("watched")["session"]
        self.assertEqual(self.rpc("watchpoints", session=s)["watchpoints"], [])
        a.request("continue", threadId=tid)
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        self.finish(a)

    def test_data_breakpoint_on_a_local(self):
        # a local of a frame: by its scope's variablesReference
        a = self.adapter()
        tid, frames = self.stop_at_line(a, "vars", "vars.c", "/* INNER */")
        scopes = a.request("scopes", frameId=frames[0]["id"])["body"]["scopes"]
        info = a.request("dataBreakpointInfo", name="total",
                         variablesReference=scopes[1]["variablesReference"])["body"]
        addr = self.evaluate(a, "&total", frames[0]["id"])["memoryReference"]
        self.assertEqual(info["dataId"], "%s/4" % addr)
        # more than the CPU watches: arr's 16 bytes
        r = a.request("dataBreakpointInfo", name="arr",
                      variablesReference=scopes[1]["variablesReference"])["body"]
        self.assertIsNone(r["dataId"])
        self.assertIn("arr: 16 bytes at", r["description"])
        a.request("setBreakpoints", source={"path": source("vars.c")}, breakpoints=[])
        r = a.request("setDataBreakpoints", breakpoints=[{"dataId": info["dataId"]}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"])
        a.request("continue", threadId=tid)
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "data breakpoint")
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        self.assertEqual(frames[0]["name"], "work")
        # 14 + (int)4.25 + pp->x + flag, as test_dap.py reads them there
        self.assertEqual(self.evaluate(a, "total", frames[0]["id"])["result"], "22")
        self.finish(a)

    # ---- exceptions ------------------------------------------------------------------

    def test_exception_info_of_a_signal(self):
        a = self.adapter()
        self.launch(a, "crash", stopOnEntry=True)
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        r = a.request("exceptionInfo", threadId=tid)
        self.assertFalse(r["success"])  # stopped at main: no signal
        a.request("continue", threadId=tid)
        st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["text"]), ("exception", "SIGSEGV"))
        self.assertEqual(st["description"],
                         "SIGSEGV: Segmentation fault at address 0x0 (SEGV_MAPERR)")
        sig = self.session("crash")["stop"]["signal"]
        self.assertEqual((sig["name"], sig["address"], sig["code_name"]),
                         ("SIGSEGV", "0x0", "SEGV_MAPERR"))
        r = a.request("exceptionInfo", threadId=tid)["body"]
        self.assertEqual((r["exceptionId"], r["breakMode"]), ("SIGSEGV", "always"))
        self.assertEqual(r["description"], st["description"])
        self.assertEqual(r["details"]["typeName"], "signal")
        self.assertTrue(r["details"]["evaluateName"].startswith("level3+"))
        a.request("continue", threadId=tid)
        self.assertEqual(a.event("exited")["body"]["exitCode"], 128 + 11)
        self.finish(a)

    # ---- modules -----------------------------------------------------------------------

    def test_modules(self):
        a = self.adapter()
        tid, frames = self.stop_at_line(a, "vars", "vars.c", "/* INNER */")
        pid = self.session("vars")["pid"]
        r = a.request("modules")["body"]
        mods = {m["path"]: m for m in r["modules"]}
        self.assertEqual(r["totalModules"], len(r["modules"]))
        # the oracle: /proc/PID/maps's files, each from its first mapping to its last
        want = {}
        for s, e, p, f in dbgd.proc_maps(pid):
            if f and (not f.startswith("[") or f == "[vdso]"):
                lo, hi = want.get(f, (s, e))
                want[f] = (min(lo, s), max(hi, e))
        self.assertEqual(set(mods), set(want))
        for path, (lo, hi) in want.items():
            self.assertEqual(mods[path]["addressRange"], "0x%x-0x%x" % (lo, hi))
            self.assertEqual(mods[path]["name"], os.path.basename(path))
        exe = os.path.realpath(fixture("vars"))
        self.assertEqual(r["modules"][0]["path"], exe)  # in load order
        self.assertIn("libc.so.6", {m["name"] for m in r["modules"]})
        page = a.request("modules", startModule=1, moduleCount=1)["body"]
        self.assertEqual(page["modules"], [r["modules"][1]])
        self.assertEqual(page["totalModules"], len(r["modules"]))
        self.finish(a)


if __name__ == "__main__":
    dbgd.main()
