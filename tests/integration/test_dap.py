"""dbgd-dap, the Debug Adapter Protocol bridge, driven as an editor drives it: DAP
messages on its stdin, responses and events on its stdout, against the real dbgd.
What it shows (stack, variables, evaluate) is what the API gives, which the other
tests check against gdb; here: the DAP sequence of a debug session, its events, and
that nothing is left behind."""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile

import dbgd
from dbgd import DbgdTestCase, fixture

VARS_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "vars.c")


def line_of(mark):
    with open(VARS_C) as f:
        return next(i + 1 for i, l in enumerate(f) if "/* %s */" % mark in l)


class Adapter:
    """One dbgd-dap process: send requests, read messages until one matches."""

    def __init__(self, daemon, wrap=()):
        """wrap: a command that runs the bridge (its path the last argument)."""
        env = dict(os.environ, DBGD_URL=daemon.url, DBGD_TOKEN=daemon.token)
        self.p = subprocess.Popen(list(wrap) + [os.path.join(dbgd.build_dir(), "bin",
                                                             "dbgd-dap")],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.seq = 0
        self.seen = []  # every message, in order

    def send(self, command, **arguments):
        self.seq += 1
        body = json.dumps({"seq": self.seq, "type": "request", "command": command,
                           "arguments": arguments}).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()
        return self.seq

    def recv(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = self.p.stdout.read(1)
            if not c:
                raise AssertionError("dbgd-dap closed its output; seen: %r" % self.seen[-5:])
            header += c
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        msg = json.loads(self.p.stdout.read(length))
        self.seen.append(msg)
        return msg

    def until(self, pred):
        while True:
            m = self.recv()
            if pred(m):
                return m

    def request(self, command, **arguments):
        seq = self.send(command, **arguments)
        return self.until(lambda m: m.get("type") == "response" and m["request_seq"] == seq)

    def event(self, name):
        return self.until(lambda m: m.get("type") == "event" and m["event"] == name)

    def close(self):
        self.p.stdin.close()
        rc = self.p.wait(timeout=20)
        self.p.stdout.close()
        return rc


class TestDap(DbgdTestCase):
    def adapter(self):
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        r = a.request("initialize", adapterID="dbgd", linesStartAt1=True)
        self.assertTrue(r["success"])
        self.assertTrue(r["body"]["supportsConfigurationDoneRequest"])
        return a

    def launch(self, a, program, *args, **launch):
        r = a.request("launch", program=fixture(program), args=list(args), **launch)
        self.assertTrue(r["success"], r)
        a.event("initialized")

    def test_a_session_at_a_line_breakpoint(self):
        a = self.adapter()
        self.launch(a, "vars")
        inner = line_of("INNER")
        r = a.request("setBreakpoints", source={"path": os.path.abspath(VARS_C)},
                      breakpoints=[{"line": inner}])
        self.assertEqual(r["body"]["breakpoints"][0]["verified"], True)
        self.assertEqual(r["body"]["breakpoints"][0]["line"], inner)
        bp = r["body"]["breakpoints"][0]["id"]
        self.assertTrue(a.request("configurationDone")["success"])
        st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["hitBreakpointIds"]), ("breakpoint", [bp]))
        tid = st["threadId"]
        threads = a.request("threads")["body"]["threads"]
        self.assertEqual([t["id"] for t in threads], [tid])

        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        self.assertEqual([f["name"] for f in frames[:2]], ["work", "main"])
        self.assertEqual(frames[0]["line"], inner)
        self.assertEqual(frames[0]["source"]["name"], "vars.c")
        scopes = a.request("scopes", frameId=frames[0]["id"])["body"]["scopes"]
        self.assertEqual([s["name"] for s in scopes], ["Arguments", "Locals"])
        args = a.request("variables", variablesReference=scopes[0]["variablesReference"])
        local = a.request("variables", variablesReference=scopes[1]["variablesReference"])
        args = {v["name"]: v["value"] for v in args["body"]["variables"]}
        local = {v["name"]: v["value"] for v in local["body"]["variables"]}
        self.assertEqual((args["n"], args["scale"]), ("5", "8.5"))
        self.assertEqual((local["total"], local["half"], local["i"]), ("14", "4.25", "1"))
        # the same as the API's locals (tested against gdb in test_program.py)
        s = self.rpc("sessions")["sessions"][0]["session"]
        api = self.rpc("locals", session=s)
        self.assertEqual(local, {v["name"]: v["value"] for v in api["locals"]})
        # the caller's frame
        scopes = a.request("scopes", frameId=frames[1]["id"])["body"]["scopes"]
        margs = a.request("variables", variablesReference=scopes[0]["variablesReference"])
        self.assertEqual([v["name"] for v in margs["body"]["variables"]], ["argc", "argv"])

        r = a.request("evaluate", expression="pp->x", frameId=frames[0]["id"])
        self.assertEqual((r["body"]["result"], r["body"]["type"]), ("3", "int"))
        # C's operators; an editor's hex view (ValueFormat)
        r = a.request("evaluate", expression="pp->x * 2 + total", frameId=frames[0]["id"])
        self.assertEqual((r["body"]["result"], r["body"]["type"]), ("20", "int"))
        r = a.request("evaluate", expression="total", frameId=frames[0]["id"],
                      format={"hex": True})
        self.assertEqual(r["body"]["result"], "0xe")
        scopes = a.request("scopes", frameId=frames[0]["id"])["body"]["scopes"]
        hexl = a.request("variables", variablesReference=scopes[1]["variablesReference"],
                         format={"hex": True})
        self.assertEqual({v["name"]: v["value"] for v in hexl["body"]["variables"]}["total"],
                         "0xe")
        r = a.request("evaluate", expression="nosuch", frameId=frames[0]["id"])
        self.assertFalse(r["success"])
        self.assertIn("no variable", r["message"])

        self.assertTrue(a.request("next", threadId=tid)["success"])
        self.assertEqual(a.event("stopped")["body"]["reason"], "step")
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        self.assertNotEqual(frames[0]["line"], inner)
        self.assertTrue(a.request("stepOut", threadId=tid)["success"])
        self.assertEqual(a.event("stopped")["body"]["reason"], "step")
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        self.assertEqual(frames[0]["name"], "main")

        # the breakpoint goes: continue runs to the end
        r = a.request("setBreakpoints", source={"path": os.path.abspath(VARS_C)},
                      breakpoints=[])
        self.assertEqual(r["body"]["breakpoints"], [])
        self.assertTrue(a.request("continue", threadId=tid)["success"])
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        a.event("terminated")
        self.assertTrue(a.request("disconnect")["success"])
        self.assertEqual(a.close(), 0)
        self.assertEqual([s for s in self.rpc("sessions")["sessions"]
                          if s["path"] == fixture("vars")], [])

    def test_a_line_in_several_places_is_one_breakpoint(self):
        # places.h's line is code in loop() and in other(): two dbgd breakpoints, one
        # DAP breakpoint, reported as hit at both; cleared together
        header = os.path.join(os.path.dirname(VARS_C), "places.h")
        with open(header) as f:
            line = next(i + 1 for i, l in enumerate(f) if "int y = x * 2;" in l)
        a = self.adapter()
        self.launch(a, "places")
        r = a.request("setBreakpoints", source={"path": os.path.abspath(header)},
                      breakpoints=[{"line": line}])
        (bp,) = r["body"]["breakpoints"]
        self.assertTrue(bp["verified"])
        s = self.rpc("sessions")["sessions"][-1]["session"]
        self.assertEqual(len(self.rpc("breakpoints", session=s)["breakpoints"]), 2)
        self.assertTrue(a.request("configurationDone")["success"])
        pcs = set()
        for _ in range(4):  # loop(3) hits the first place 3 times, then other() calls
            st = a.event("stopped")["body"]
            self.assertEqual((st["reason"], st["hitBreakpointIds"]), ("breakpoint", [bp["id"]]))
            pcs.add(self.rpc("status", session=s)["stop"]["pc"])
            self.assertTrue(a.request("continue", threadId=st["threadId"])["success"])
        self.assertEqual(len(pcs), 2)  # both places
        st = a.event("stopped")["body"]
        a.request("setBreakpoints", source={"path": os.path.abspath(header)}, breakpoints=[])
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        self.assertTrue(a.request("continue", threadId=st["threadId"])["success"])
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        self.assertTrue(a.request("disconnect")["success"])
        self.assertEqual(a.close(), 0)

    def test_set_breakpoints_answers_the_line_it_went_to(self):
        # loop.c's line 6 (an #include) has no code: the breakpoint goes to the next
        # line that has, and the answer says which, as gdb's "Breakpoint 1 at ...: file
        # loop.c, line N."; a line past the file's code is gdb's "No line N in file",
        # not a breakpoint waiting for a library (found by the DAP sweep)
        loop_c = os.path.join(os.path.dirname(VARS_C), "loop.c")
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break loop.c:6",
                              fixture("loop")], capture_output=True, text=True).stdout
        want = int(re.search(r"file \S*loop\.c, line (\d+)\.", out).group(1))
        self.assertGreater(want, 6)
        a = self.adapter()
        self.launch(a, "loop", "3")
        r = a.request("setBreakpoints", source={"path": os.path.abspath(loop_c)},
                      breakpoints=[{"line": 6}, {"line": 900}])
        moved, past = r["body"]["breakpoints"]
        self.assertEqual((moved["verified"], moved["line"]), (True, want))
        self.assertFalse(past["verified"])
        self.assertIn("No line 900 in file", past["message"])
        s = self.rpc("sessions")["sessions"][-1]["session"]
        self.assertEqual(len(self.rpc("breakpoints", session=s)["breakpoints"]), 1)
        self.assertTrue(a.request("disconnect")["success"])
        self.assertEqual(a.close(), 0)

    def test_output_stop_on_entry_and_function_breakpoints(self):
        a = self.adapter()
        self.launch(a, "loop", "3", stopOnEntry=True)
        r = a.request("setFunctionBreakpoints", breakpoints=[{"name": "tick"}, {"name": "nope"}])
        bps = r["body"]["breakpoints"]
        self.assertEqual(bps[0]["verified"], True)
        self.assertEqual(bps[1]["verified"], False)  # pending: no such symbol loaded
        a.request("configurationDone")
        self.assertEqual(a.event("stopped")["body"]["reason"], "entry")
        for _ in range(3):
            a.request("continue")
            self.assertEqual(a.event("stopped")["body"]["reason"], "breakpoint")
        a.request("setFunctionBreakpoints", breakpoints=[])
        a.request("continue")
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        outs = [m["body"] for m in a.seen if m.get("event") == "output"]
        self.assertEqual({o["category"] for o in outs}, {"stdout"})
        self.assertEqual("".join(o["output"] for o in outs), "sum=6\n")  # loop 3
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_conditional_and_hit_count_breakpoints(self):
        # an editor's condition is dbgd's (the program's variables, as gdb's); a hit
        # condition N stops from the Nth hit on. condvars: visit(&recs[i], i % 3) for
        # i = 0..7, then four calls from a thread with r->id 42
        condvars_c = os.path.join(os.path.dirname(VARS_C), "condvars.c")
        with open(condvars_c) as f:
            line = next(i + 1 for i, l in enumerate(f) if "condvars: score" in l)
        a = self.adapter()
        self.assertTrue(a.request("initialize", adapterID="dbgd")["body"]
                        ["supportsHitConditionalBreakpoints"])
        self.launch(a, "condvars")
        r = a.request("setBreakpoints", source={"path": os.path.abspath(condvars_c)},
                      breakpoints=[{"line": line, "condition": "score > 20 && depth < 2"}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"])
        r = a.request("setFunctionBreakpoints",
                      breakpoints=[{"name": "visit", "hitCondition": "10"},
                                   {"name": "visit", "condition": "nosuch == 1"},
                                   {"name": "visit", "hitCondition": "soon"}])
        ok, unknown, bad = r["body"]["breakpoints"]
        self.assertTrue(ok["verified"])
        self.assertFalse(unknown["verified"])
        self.assertIn('no variable "nosuch"', unknown["message"])
        self.assertFalse(bad["verified"])
        a.request("configurationDone")

        def evaluate(expr):
            tid = a.event("stopped")["body"]["threadId"]
            frame = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
            return a.request("evaluate", expression=expr, frameId=frame["id"])["body"]["result"]

        # score = id * 3 + id % 3: over 20 with depth < 2 for ids 7 (score 22)
        self.assertEqual(evaluate("r->id"), "7")
        a.request("continue")
        self.assertEqual(evaluate("r->id"), "42")  # visit's 10th hit, in the thread
        a.request("continue")  # and every one after
        self.assertEqual(evaluate("depth"), "9")
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_a_line_and_a_function_breakpoint_at_one_place(self):
        # `tick` and the line gdb's `break tick` goes to are one place, so one dbgd
        # breakpoint: clearing the editor's line breakpoints keeps the function one
        # (it deleted it: the next continue ran to the end)
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break tick", fixture("loop")],
                             capture_output=True, text=True).stdout
        line = int(re.search(r"file \S*loop\.c, line (\d+)\.", out).group(1))
        loop_c = os.path.join(os.path.dirname(VARS_C), "loop.c")
        a = self.adapter()
        self.launch(a, "loop", "3")
        fb = a.request("setFunctionBreakpoints", breakpoints=[{"name": "tick"}])
        lb = a.request("setBreakpoints", source={"path": os.path.abspath(loop_c)},
                       breakpoints=[{"line": line}])
        self.assertTrue(fb["body"]["breakpoints"][0]["verified"])
        self.assertEqual(lb["body"]["breakpoints"][0]["line"], line)
        a.request("configurationDone")
        self.assertEqual(a.event("stopped")["body"]["reason"], "breakpoint")
        a.request("setBreakpoints", source={"path": os.path.abspath(loop_c)}, breakpoints=[])
        a.request("continue")
        self.assertEqual(a.event("stopped")["body"]["reason"], "breakpoint")  # tick's
        a.request("setFunctionBreakpoints", breakpoints=[])
        a.request("continue")
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_a_crash_is_an_exception_stop(self):
        a = self.adapter()
        self.launch(a, "crash")
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["text"]), ("exception", "SIGSEGV"))
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        self.assertTrue(frames[0]["name"])
        a.request("continue")
        self.assertEqual(a.event("exited")["body"]["exitCode"], 128 + 11)
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_a_signal_frame_is_a_label(self):
        # sigcrash: SIGUSR1's handler writes through a null pointer. The kernel's
        # return path (__restore_rt) is gdb's "<signal handler called>": a label frame,
        # between the handler's frames and the ones the signal interrupted
        a = self.adapter()
        self.launch(a, "sigcrash")
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        if st.get("text") == "SIGUSR1":
            a.request("continue")
            st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["text"]), ("exception", "SIGSEGV"))
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        names = [f["name"] for f in frames]
        k = names.index("<signal handler called>")
        self.assertEqual(frames[k].get("presentationHint"), "label")
        self.assertIn("on_usr1", names[:k])
        self.assertIn("main", names[k + 1:])
        a.request("disconnect")
        a.close()

    def test_stack_trace_pages_through_a_deep_stack(self):
        # overflow 70: 75 frames. startFrame/levels ask dbgd's backtrace for that window
        # (start), the frames before it only counted; each frame's id is its level
        a = self.adapter()
        self.launch(a, "overflow", "70")
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        first = a.request("stackTrace", threadId=tid, startFrame=0, levels=20)["body"]
        self.assertEqual(first["totalFrames"], 21)  # (more: a client asks again)
        page = a.request("stackTrace", threadId=tid, startFrame=67, levels=10)["body"]
        self.assertEqual(page["totalFrames"], 75)
        self.assertEqual([f["name"] for f in page["stackFrames"]],
                         ["descend"] * 3 + ["start_descent", "main", "__libc_start_call_main",
                                            "__libc_start_main_impl", "_start"])
        scopes = a.request("scopes", frameId=page["stackFrames"][2]["id"])["body"]["scopes"]
        args = a.request("variables", variablesReference=scopes[0]["variablesReference"])
        self.assertEqual({v["name"]: v["value"] for v in args["body"]["variables"]}["n"], "1")
        a.request("disconnect")
        a.close()

    def test_pause_and_an_editor_that_goes_away(self):
        a = self.adapter()
        self.launch(a, "blockread")  # blocks reading its stdin
        a.request("configurationDone")
        dbgd.wait_until(lambda: any(s["state"] == "running"
                                    for s in self.rpc("sessions")["sessions"]), 10)
        self.assertTrue(a.request("pause", threadId=0)["success"])
        self.assertEqual(a.event("stopped")["body"]["reason"], "pause")
        r = a.request("stepBack", threadId=0)
        self.assertFalse(r["success"])  # not supported: said, and the adapter goes on
        self.assertTrue(a.request("threads")["success"])
        # stdin closed without a disconnect: the session is closed, the program killed
        self.assertEqual(a.close(), 0)
        self.assertEqual([s for s in self.rpc("sessions")["sessions"]
                          if s["path"] == fixture("blockread")], [])

    def test_attach_without_allow_attach(self):
        a = self.adapter()
        p = subprocess.Popen([fixture("attachme"), "sleep", "1000", "0"],
                             stdout=subprocess.PIPE)
        self.addCleanup(lambda: (p.kill(), p.wait(), p.stdout.close()))
        self.assertEqual(p.stdout.readline(), b"ready\n")
        r = a.request("attach", processId=str(p.pid))
        self.assertFalse(r["success"])
        self.assertIn("--allow-attach", r["message"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_launch_errors(self):
        a = self.adapter()
        r = a.request("launch")
        self.assertFalse(r["success"])
        r = a.request("launch", program="/nonexistent/prog")
        self.assertFalse(r["success"])
        self.assertIn("cannot launch /nonexistent/prog", r["message"])
        r = a.request("setBreakpoints", source={"path": "x.c"}, breakpoints=[{"line": 1}])
        self.assertFalse(r["success"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


DAPVARS_C = os.path.join(os.path.dirname(VARS_C), "dapvars.c")
DAPVARSCC = os.path.join(os.path.dirname(VARS_C), "dapvarscc.cc")


def dapvars_line(mark, path=DAPVARS_C):
    with open(path) as f:
        return next(i + 1 for i, l in enumerate(f) if "/* %s */" % mark in l)


def gdb_prints(program, line, exprs, fmt=""):
    """gdb's `print EXPR` (print/FMT) of each expression, stopped at line of program:
    {expr: text after "$N = "}, or the error gdb gave."""
    argv = ["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off", "-ex",
            "break %d" % line, "-ex", "run"]
    for e in exprs:
        argv += ["-ex", "echo @@\\n", "-ex", "print%s %s" % (fmt, e)]
    out = subprocess.run(argv + [program], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=120).stdout
    answers = out.split("@@\n")[1:]
    assert len(answers) == len(exprs), out
    res = {}
    for e, ans in zip(exprs, answers):
        m = re.search(r"^\$\d+ = (.*)$", ans, re.M)
        res[e] = m.group(1) if m else ans.strip().splitlines()[0]
    return res


def unpointer(text):
    """gdb's print of a pointer alone has its type first: "(struct pt *) 0x..."; as a
    member it has not. Stack addresses differ with the environment (gdb's has LINES
    and COLUMNS): they compare as 0xSTACK."""
    return re.sub(r"0x7ff[0-9a-f]{9}", "0xSTACK", re.sub(r"^\([^()]*\) (?=0x)", "", text))


class TestDapVariables(DbgdTestCase):
    """Variables as a tree an editor opens, and setVariable, on the dapvars fixture with
    gdb as the oracle of every value shown."""

    def stopped(self, hex=False):
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd")
        r = a.request("launch", program=fixture("dapvars"))
        self.assertTrue(r["success"], r)
        a.event("initialized")
        a.request("setBreakpoints", source={"path": os.path.abspath(DAPVARS_C)},
                  breakpoints=[{"line": dapvars_line("STOP")}])
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        scopes = a.request("scopes", frameId=frames[0]["id"])["body"]["scopes"]
        return a, frames[0]["id"], scopes[1]["variablesReference"]

    def kids(self, a, ref, **kw):
        r = a.request("variables", variablesReference=ref, **kw)
        self.assertTrue(r["success"], r)
        return r["body"]["variables"]

    def tree(self, a, v, depth=0):
        """v with its parts, opened as an editor opens them (pointers 3 deep)."""
        node = dict(v)
        if v["variablesReference"] and depth < 6:
            node["kids"] = [self.tree(a, k, depth + 1)
                            for k in self.kids(a, v["variablesReference"])]
        return node

    def text_of(self, node):
        """gdb's text of an aggregate, made again from its parts (10 or more equal
        elements in a row are gdb's "<repeats N times>")."""
        parts = []
        for k in node["kids"]:
            text = self.text_of(k) if "kids" in k and k["value"].startswith("{") else k["value"]
            if k["name"].startswith("["):  # an element
                parts.append(text)
            elif k["name"] == "<anonymous>":
                parts.append(text)
            else:
                parts.append("%s = %s" % (k["name"], text))
        if node["kids"] and node["kids"][0]["name"].startswith("["):
            runs = []
            for p in parts:
                if runs and runs[-1][0] == p:
                    runs[-1][1] += 1
                else:
                    runs.append([p, 1])
            parts = []
            for p, n in runs:
                parts += ["%s <repeats %d times>" % (p, n)] if n >= 10 else [p] * n
        return "{%s}" % ", ".join(parts)

    def test_structs_arrays_and_pointers_open_as_gdb_prints_them(self):
        a, frame, ref = self.stopped()
        local = {v["name"]: self.tree(a, v) for v in self.kids(a, ref)}
        names = list(local)
        gdb = gdb_prints(fixture("dapvars"), dapvars_line("STOP"),
                         names + ["*head", "*head->next", "*ip", "*pp", "*bob.where"])
        # each variable's value is gdb's; each aggregate's parts make that text again
        for n in names:
            self.assertEqual(unpointer(local[n]["value"]), unpointer(gdb[n]), n)
            if local[n]["value"].startswith("{"):
                self.assertEqual(unpointer(self.text_of(local[n])), unpointer(gdb[n]), n)
        # a pointer to a struct opens to its members, read by print *p
        self.assertEqual(self.text_of(local["head"]), gdb["*head"])
        self.assertEqual(self.text_of(local["head"]["kids"][1]), gdb["*head->next"])
        self.assertEqual(self.text_of(local["pp"]), gdb["*pp"])
        self.assertEqual(unpointer(self.text_of(local["bob"])), unpointer(gdb["bob"]))
        self.assertEqual([(k["name"], k["value"]) for k in local["ip"]["kids"]],
                         [("*ip", gdb["*ip"])])
        # a null pointer, a scalar: nothing to open
        self.assertEqual(local["nothing"]["variablesReference"], 0)
        self.assertEqual(local["i"]["variablesReference"], 0)
        # names, types and the expressions of the parts (evaluateName)
        bob = local["bob"]["kids"]
        self.assertEqual([k["name"] for k in bob], ["name", "age", "home", "nick", "where"])
        self.assertEqual([k["type"] for k in bob],
                         ["char [8]", "int", "struct pt", "const char *", "struct pt *"])
        self.assertEqual(bob[2]["kids"][0]["evaluateName"], "bob.home.x")
        self.assertEqual(self.text_of(bob[4]), gdb["*bob.where"])
        self.assertEqual(bob[4]["kids"][1]["evaluateName"], "bob.where->y")
        nxt = local["head"]["kids"][1]["kids"][1]
        self.assertEqual((nxt["evaluateName"], nxt["kids"][0]["evaluateName"]),
                         ("head->next->next", "head->next->next->value"))
        self.assertEqual(nxt["kids"][1]["variablesReference"], 0)  # next = 0x0: the end
        self.assertEqual(local["pts"]["kids"][1]["kids"][0]["evaluateName"], "pts[1].x")
        self.assertEqual(local["grid"]["kids"][1]["kids"][2]["evaluateName"], "grid[1][2]")
        self.assertEqual(local["grid"]["kids"][1]["type"], "int [3]")
        self.assertEqual(local["pts"]["indexedVariables"], 3)
        # anonymous members: their members are the struct's own (t.lo)
        anon = local["t"]["kids"][2]
        self.assertEqual((anon["name"], [k["evaluateName"] for k in anon["kids"]]),
                         ("<anonymous>", ["t.lo", "t.hi"]))
        # <repeats 18 times>: 18 elements
        self.assertEqual([k["value"] for k in local["zeros"]["kids"]], ["1", "2"] + ["0"] * 18)
        self.assertEqual(local["zeros"]["indexedVariables"], 20)
        # every scalar part's value is gdb's print of its evaluateName
        leaves = []

        def collect(node):
            for k in node.get("kids", []):
                if "kids" in k or not k.get("evaluateName"):
                    collect(k)
                else:
                    leaves.append(k)
        for n in names:
            collect(local[n])
        self.assertGreater(len(leaves), 40)
        gdb = gdb_prints(fixture("dapvars"), dapvars_line("STOP"),
                         [k["evaluateName"] for k in leaves])
        for k in leaves:
            self.assertEqual(k["value"], unpointer(gdb[k["evaluateName"]]), k["evaluateName"])
        # the hex view (format.hex) of a part: gdb's print/x
        hexed = self.kids(a, local["arr"]["variablesReference"], format={"hex": True})
        self.assertEqual([k["value"] for k in hexed], ["0xa", "0x14", "0x1e", "0x28", "0x32"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_cxx_base_classes_and_pretty_printers_open(self):
        line = dapvars_line("STOP", DAPVARSCC)
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd")
        a.request("launch", program=fixture("dapvarscc"))
        a.event("initialized")
        a.request("setBreakpoints", source={"path": os.path.abspath(DAPVARSCC)},
                  breakpoints=[{"line": line}])
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        scopes = a.request("scopes", frameId=frames[0]["id"])["body"]["scopes"]
        local = {v["name"]: self.tree(a, v)
                 for v in self.kids(a, scopes[1]["variablesReference"])}
        gdb = gdb_prints(fixture("dapvarscc"), line, ["d", "*dp", "v", "vv", "d.id"])
        self.assertEqual(self.text_of(local["d"]), gdb["d"])
        self.assertEqual(self.text_of(local["dp"]), gdb["*dp"])
        base = local["d"]["kids"][0]
        self.assertEqual((base["name"], base["type"], base["evaluateName"]),
                         ("<Base>", "Base", "(Base)d"))
        self.assertEqual([(k["name"], k.get("evaluateName")) for k in base["kids"]],
                         [("_vptr.Base", None), ("id", "d.id")])
        self.assertEqual(base["kids"][1]["value"], gdb["d.id"])
        self.assertEqual([(k["name"], k["evaluateName"]) for k in local["dp"]["kids"][1:]],
                         [("extra", "dp->extra"), ("name", "dp->name")])
        # std::vector as its pretty printer shows it: the elements after " = "
        for n in ("v", "vv"):
            self.assertEqual(local[n]["value"], gdb[n])
            self.assertEqual(self.text_of(local[n]), gdb[n].split(" = ", 1)[1])
        self.assertEqual([k["value"] for k in local["vv"]["kids"][1]["kids"]], ["2", "3"])
        self.assertNotIn("evaluateName", local["v"]["kids"][0])  # no expression reaches it
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_a_large_array_pages_and_watches_open(self):
        a, frame, ref = self.stopped()
        r = a.request("evaluate", expression="big", frameId=frame, context="watch")["body"]
        self.assertEqual((r["type"], r["indexedVariables"], r["evaluateName"]),
                         ("int [300]", 300, "big"))
        self.assertTrue(r["result"].endswith("199...}"))  # gdb's 200 elements
        # without a count: gdb's 200
        first = self.kids(a, r["variablesReference"])
        self.assertEqual(len(first), 200)
        # pages across the 200 and to the end, as VS Code asks for them
        gdb = gdb_prints(fixture("dapvars"), dapvars_line("STOP"), ["big[190]@110"])
        want = []
        for m in re.finditer(r"(-?\d+)(?: <repeats (\d+) times>)?", gdb["big[190]@110"]):
            want += [m.group(1)] * int(m.group(2) or 1)
        got = []
        for start in (190, 290):
            page = self.kids(a, r["variablesReference"], filter="indexed", start=start,
                             count=100)
            got += page
        self.assertEqual([k["value"] for k in got], want)
        self.assertEqual([k["name"] for k in got[:2]] + [got[-1]["evaluateName"]],
                         ["[190]", "[191]", "big[299]"])
        self.assertEqual(self.kids(a, r["variablesReference"], filter="named"), [])
        # a hover opens too; a scalar does not
        r = a.request("evaluate", expression="*head", frameId=frame, context="hover")["body"]
        kids = self.kids(a, r["variablesReference"])
        self.assertEqual([(k["name"], k["evaluateName"]) for k in kids],
                         [("value", "head->value"), ("next", "head->next")])
        r = a.request("evaluate", expression="pts[2].y + 1", frameId=frame)["body"]
        self.assertEqual((r["result"], r["variablesReference"]), ("7", 0))
        # a reference from before a resume is gone
        a.request("next", threadId=0)
        a.event("stopped")
        r = a.request("variables", variablesReference=kids and 1000)
        self.assertFalse(r["success"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_completions_of_members_as_gdb_completes_them(self):
        # `p.`, `pp->`: the struct's fields, gdb's `complete print EXPR` the oracle
        # (an anonymous member's are the struct's own; either operator takes either)
        a, frame, _ = self.stopped()
        exprs = ["p.", "pp->", "bob.h", "bob.", "t.", "head->n", "head->next->", "pts[1].",
                 "(*pp).", "bob.where->", "u.", "pp.", "p->"]
        argv = ["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off", "-ex",
                "break %d" % dapvars_line("STOP"), "-ex", "run"]
        for e in exprs:
            argv += ["-ex", "echo @@\\n", "-ex", "complete print " + e]
        out = subprocess.run(argv + [fixture("dapvars")], capture_output=True, text=True,
                             timeout=120).stdout
        answers = out.split("@@\n")[1:]
        self.assertEqual(len(answers), len(exprs), out)
        for e, ans in zip(exprs, answers):
            want = sorted(re.findall(r"^print %s(\w+)$" % re.escape(e[:len(e) - len(
                re.match(r".*?(\w*)$", e).group(1))]), ans, re.M))
            self.assertTrue(want, (e, ans))
            text = "x = " + e  # a column into a longer text
            r = a.request("completions", text=text, column=len(text) + 1, frameId=frame)
            self.assertTrue(r["success"], r)
            got = r["body"]["targets"]
            labels = sorted(t["label"] for t in got)
            if e == "t.":
                # gdb 13's completer stops at the first anonymous member: the second's
                # fields (lo, hi), which its print reaches, it does not offer
                self.assertLess(set(want), set(labels))
                extra = ["t." + x for x in set(labels) - set(want)]
                self.assertEqual(sorted(extra), ["t.hi", "t.lo"])
                for x, v in gdb_prints(fixture("dapvars"), dapvars_line("STOP"),
                                       extra).items():
                    self.assertRegex(v, r"^\d+$", x)
            else:
                self.assertEqual(labels, want, e)
            prefix = re.match(r".*?(\w*)$", e).group(1)
            for t in got:
                self.assertEqual((t["type"], t["start"], t["length"]),
                                 ("field", len(text) + 1 - len(prefix), len(prefix)))
        # no members: a scalar, an array, a null pointer, something unknown, and a call
        # (completing runs none of the program's code)
        for e in ("counter.", "arr.", "nothing->", "nosuch.", "i.x", "main().", "].",
                  "big[0.", "p).", "(*pp)(1)."):
            r = a.request("completions", text=e, column=len(e) + 1, frameId=frame)
            self.assertTrue(r["success"], (e, r))
            self.assertEqual(r["body"]["targets"], [], e)
        self.assertTrue(a.request("threads")["success"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_completions_of_type_names_at_a_cast(self):
        # `(struct p`: the tags of the frame's variables' types; `(uns`: C's type
        # names, then the names an expression takes. Each one of gdb's `complete`
        a, frame, _ = self.stopped()
        cases = {"(struct p": {"pt", "person"}, "(union n": {"num"}, "(enum c": {"color"},
                 "( struct  p": {"pt", "person"}, "(uns": {"unsigned"},
                 "(sh": {"short"}, "(i": {"int", "i", "ip"}}
        argv = ["gdb", "-batch", "-nx", "-ex", "set startup-with-shell off", "-ex",
                "set max-completions unlimited", "-ex",
                "break %d" % dapvars_line("STOP"), "-ex", "run"]
        for e in cases:
            argv += ["-ex", "echo @@\\n", "-ex", "complete print " + e]
        out = subprocess.run(argv + [fixture("dapvars")], capture_output=True, text=True,
                             timeout=120).stdout
        answers = out.split("@@\n")[1:]
        self.assertEqual(len(answers), len(cases), out)
        for (e, must), ans in zip(cases.items(), answers):
            stem = e[:len(e) - len(re.match(r".*?(\w*)$", e).group(1))]
            gdb_names = set(re.findall(r"^print %s(\w+)$" % re.escape(stem), ans, re.M))
            r = a.request("completions", text=e, column=len(e) + 1, frameId=frame)
            labels = {t["label"] for t in r["body"]["targets"]}
            self.assertLessEqual(must, labels, e)
            # C's type keywords are the bridge's: gdb's completer offers the base type
            # names its debug info has (`short`), not all of C's (`unsigned`)
            self.assertLessEqual(labels - C_TYPE_WORDS, gdb_names, e)
            if "struct" in e or "union" in e or "enum" in e:
                self.assertEqual(labels, must, e)  # a tag, nothing else
                self.assertEqual({t["type"] for t in r["body"]["targets"]}, {"class"})
        # not a cast: no type names
        r = a.request("completions", text="x + uns", column=8, frameId=frame)
        self.assertNotIn("unsigned", {t["label"] for t in r["body"]["targets"]})
        r = a.request("completions", text="(structure p", column=13, frameId=frame)
        self.assertNotIn("pt", {t["label"] for t in r["body"]["targets"]})
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_set_variable_writes_scalars(self):
        a, frame, ref = self.stopped()
        sets = [("i", "7", "7"), ("c", "'z'", "122 'z'"), ("b", "0", "false"),
                ("col", "BLUE", "BLUE"), ("f", "2.5", "2.5"), ("d", "-0.125", "-0.125"),
                ("us", "70000", "4464"), ("l", "-3", "-3")]
        for name, value, shown in sets:
            r = a.request("setVariable", variablesReference=ref, name=name, value=value)
            self.assertTrue(r["success"], r)
            self.assertEqual(r["body"]["value"], shown, name)
        # gdb's own assignment shows the same
        gdb = gdb_prints(fixture("dapvars"), dapvars_line("STOP"),
                         ["%s = %s" % (n, v) for n, v, _ in sets])
        self.assertEqual([gdb["%s = %s" % (n, v)] for n, v, _ in sets], [s for _, _, s in sets])
        # a pointer, and a value through an opened variable's part and a pointer
        r = a.request("setVariable", variablesReference=ref, name="ip", value="&arr[0]")
        self.assertTrue(r["success"], r)
        self.assertTrue(r["body"]["value"].startswith("(int *) 0x"), r)
        self.assertEqual(r["body"]["memoryReference"], r["body"]["value"].split()[-1])
        local = {v["name"]: v for v in self.kids(a, ref)}
        p = self.kids(a, local["p"]["variablesReference"])
        r = a.request("setVariable", variablesReference=local["p"]["variablesReference"],
                      name="x", value="99")
        self.assertEqual(r["body"]["value"], "99")
        bob = self.kids(a, local["bob"]["variablesReference"])
        r = a.request("setVariable", variablesReference=bob[4]["variablesReference"],
                      name="y", value="-4")  # bob.where->y: p.y
        self.assertTrue(r["success"], r)
        r = a.request("setExpression", expression="bob.age", value="age_is_not_a_name",
                      frameId=frame)
        self.assertFalse(r["success"])
        r = a.request("setExpression", expression="bob.age", value="bob.age + 1",
                      frameId=frame)
        self.assertEqual(r["body"]["value"], "31")
        r = a.request("setExpression", expression="big[260]", value="-1", frameId=frame)
        self.assertEqual(r["body"]["value"], "-1")
        # dbgd reads them back
        s = self.rpc("sessions")["sessions"][0]["session"]
        self.assertEqual(self.rpc("print", session=s, name="p")["value"], "{x = 99, y = -4}")
        self.assertEqual(self.rpc("print", session=s, name="*ip")["value"], "10")
        # what cannot be set, and why
        for name, why in [("p", "only a scalar"), ("arr", "only a scalar"),
                          ("reg", "not in memory"), ("nosuch", "")]:
            r = a.request("setVariable", variablesReference=ref, name=name, value="1")
            self.assertFalse(r["success"], name)
            self.assertIn(why, r["message"])
        # nor watched: a register variable has no address (a data breakpoint's info)
        r = a.request("dataBreakpointInfo", name="reg", variablesReference=ref)
        self.assertIsNone(r["body"]["dataId"], r)
        self.assertIn("no address", r["body"]["description"])
        # a part of an opened variable is watched by its expression (bob.age)
        r = a.request("dataBreakpointInfo", name="age",
                      variablesReference=local["bob"]["variablesReference"])
        addr = int(self.rpc("print", session=s, name="&bob.age")["value"].split()[-1], 16)
        self.assertEqual(r["body"]["dataId"], "0x%x/4" % addr)
        bf = self.kids(a, local["bf"]["variablesReference"])
        r = a.request("setVariable", variablesReference=local["bf"]["variablesReference"],
                      name="a", value="1")
        self.assertFalse(r["success"])
        self.assertIn("bit-field", r["message"])
        r = a.request("setVariable", variablesReference=ref, name="i", value="{1, 2}")
        self.assertFalse(r["success"])
        r = a.request("setVariable", variablesReference=99999, name="i", value="1")
        self.assertFalse(r["success"])
        self.assertEqual([k["name"] for k in p + bf][:2], ["x", "y"])
        # the program's own output says what it read
        a.request("continue", threadId=0)
        out = ""
        while "\n" not in out:
            out += a.event("output")["body"]["output"]
        self.assertEqual(out, "i=7 c=z b=0 col=6 f=2.5 d=-0.125 us=4464 l=-3 ip=arr p.x=99 "
                              "bob.age=31 arr[2]=30 pp=p counter=11 big[260]=-1\n")
        a.event("terminated")
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


class TestDapAttach(DbgdTestCase):
    """DAP's attach to a process started outside dbgd (attachme, as test_attach.py), and
    disconnect letting it go (detach) or killing it (terminateDebuggee)."""

    daemon_args = ("--allow-attach",)

    def start(self, *args):
        p = subprocess.Popen([fixture("attachme"), *args], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: p.poll() is None and (p.kill(), p.wait()))
        self.addCleanup(p.stdout.close)
        self.addCleanup(p.stdin.close)
        self.assertEqual(p.stdout.readline(), b"ready\n")
        return p

    def attached(self, pid, **kw):
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd")
        r = a.request("attach", processId=pid, **kw)
        self.assertTrue(r["success"], r)
        ev = a.event("process")["body"]
        self.assertEqual((ev["systemProcessId"], ev["startMethod"], ev["name"]),
                         (pid, "attach", os.path.realpath(fixture("attachme"))))
        a.event("initialized")
        return a

    def test_attach_break_and_detach(self):
        prog = self.start("sleep", "300", "7")
        a = self.attached(prog.pid)
        r = a.request("setFunctionBreakpoints", breakpoints=[{"name": "tick"}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"], r)
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual((st["reason"], st["threadId"]), ("breakpoint", prog.pid))
        frames = a.request("stackTrace", threadId=prog.pid)["body"]["stackFrames"]
        self.assertEqual([f["name"] for f in frames[:2]], ["tick", "main"])
        # tick(i) before its count++: i is the count, and the ticks it printed
        i = a.request("evaluate", expression="i", frameId=frames[0]["id"])["body"]["result"]
        count = a.request("evaluate", expression="count", frameId=frames[0]["id"])["body"]
        self.assertEqual(count["result"], i)
        a.request("setFunctionBreakpoints", breakpoints=[])
        r = a.request("disconnect", terminateDebuggee=False)
        self.assertTrue(r["success"])
        a.event("terminated")
        self.assertEqual(a.close(), 0)
        self.assertEqual(self.rpc("sessions")["sessions"], [])
        # let go: it runs to its end, every tick and its exit code
        out = prog.stdout.read().decode()
        self.assertEqual(prog.wait(timeout=60), 7)
        # (no tick lost nor run twice: the one stopped at ran once, on its way)
        self.assertEqual(re.findall(r"^tick (\d+)$", out, re.M), [str(k) for k in range(300)])
        self.assertTrue(out.endswith("count 300\n"), out[-100:])

    def test_disconnect_with_terminate_debuggee_kills(self):
        prog = self.start("sleep", "100000", "0")
        a = self.attached(prog.pid, stopOnEntry=True)
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual(st["threadId"], prog.pid)
        self.assertTrue(a.request("disconnect", terminateDebuggee=True)["success"])
        self.assertEqual(prog.wait(timeout=20), -signal.SIGKILL)
        self.assertEqual(a.close(), 0)

    def test_attach_errors(self):
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd")
        for pid in (None, "abc", -1, 0):
            r = a.request("attach", **({} if pid is None else {"processId": pid}))
            self.assertFalse(r["success"], pid)
            self.assertIn("processId", r["message"])
        r = a.request("attach", processId=os.getpid())  # the test's own: dbgd's ancestor
        self.assertFalse(r["success"])
        self.assertIn("cannot attach to %d" % os.getpid(), r["message"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


class TestDapModules(DbgdTestCase):
    """module events at the stops: what the process maps, as /proc/PID/maps says."""

    def test_module_events_follow_dlopen_and_dlclose(self):
        src = os.path.join(os.path.dirname(VARS_C), "dlo.c")
        with open(src) as f:
            ret = next(i + 1 for i, l in enumerate(f) if "return 0;" in l)
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd")
        a.request("launch", program=fixture("dlo"))
        pid = a.event("process")["body"]["systemProcessId"]
        a.event("initialized")
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "cbrt"}])
        a.request("setBreakpoints", source={"path": os.path.abspath(src)},
                  breakpoints=[{"line": ret}])
        a.request("configurationDone")
        known = {}

        def stop_with_modules():
            """The module events up to the next stop: (reason, name) in order."""
            got = []
            while True:
                m = a.recv()
                if m.get("type") != "event":
                    continue
                if m["event"] == "stopped":
                    return got
                if m["event"] == "module":
                    b = m["body"]
                    got.append((b["reason"], b["module"]["name"]))
                    if b["reason"] == "removed":
                        known.pop(b["module"]["id"])
                    else:
                        known[b["module"]["id"]] = b["module"]

        def mapped():
            with open("/proc/%d/maps" % pid) as f:
                return {l.split(None, 5)[5].strip() for l in f
                        if len(l.split(None, 5)) > 5 and
                        (l.split(None, 5)[5].startswith("/") or "[vdso]" in l)}

        # in cbrt: libm came with dlopen; the first stop says all that is mapped
        first = stop_with_modules()
        self.assertIn(("new", "libm.so.6"), first)
        self.assertIn(("new", "dlo"), first)
        self.assertEqual(set(known), mapped())
        exe = os.path.realpath(fixture("dlo"))
        lo, hi = (int(x, 16) for x in known[exe]["addressRange"].split("-"))
        self.assertEqual(lo, dbgd.load_base(pid, exe))
        # at `return 0`, after dlclose: libm is gone
        a.request("continue", threadId=0)
        second = stop_with_modules()
        self.assertEqual(set(known), mapped())
        self.assertNotIn("libm.so.6", {os.path.basename(k) for k in known})
        self.assertIn("removed", [r for r, _ in second])
        # nothing changed, nothing said
        a.request("next", threadId=0)
        self.assertEqual(stop_with_modules(), [])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


class TestDapRequests(DbgdTestCase):
    """loadedSources, breakpointLocations, completions, restart, cancel."""

    adapter = TestDap.adapter
    launch = TestDap.launch

    def test_loaded_sources_and_breakpoint_locations(self):
        # the files of the line tables, as gdb's `info sources` knows them; the lines
        # where a breakpoint stays on its line: gdb's line table, its IS-STMT rows
        loop_c = os.path.join(os.path.dirname(VARS_C), "loop.c")
        a = self.adapter()
        caps = a.seen[0]["body"]
        for cap in ("supportsLoadedSourcesRequest", "supportsBreakpointLocationsRequest"):
            self.assertTrue(caps.get(cap), cap)
        self.assertEqual(a.request("loadedSources")["body"]["sources"], [])  # none yet
        self.launch(a, "loop", stopOnEntry=True)
        a.request("configurationDone")
        a.event("stopped")
        srcs = a.request("loadedSources")["body"]["sources"]
        paths = [s["path"] for s in srcs]
        self.assertEqual(len(paths), len(set(paths)))  # each once
        self.assertEqual(paths[0], os.path.realpath(loop_c))  # the executable's first
        self.assertEqual(srcs[0]["name"], "loop.c")
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "maint info line-table loop.c",
                              fixture("loop")], capture_output=True, text=True).stdout
        want = sorted({int(m.group(1)) for m in
                       re.finditer(r"^\d+\s+(\d+)\s+0x[0-9a-f]+\s+Y", out, re.M)})
        self.assertTrue(want)
        r = a.request("breakpointLocations", source={"path": os.path.abspath(loop_c)},
                      line=1, endLine=200)
        self.assertEqual([b["line"] for b in r["body"]["breakpoints"]], want)
        # one line: itself when it has code, nothing when it has none
        r = a.request("breakpointLocations", source={"path": os.path.abspath(loop_c)},
                      line=want[1])
        self.assertEqual(r["body"]["breakpoints"], [{"line": want[1]}])
        r = a.request("breakpointLocations", source={"path": os.path.abspath(loop_c)}, line=6)
        self.assertEqual(r["body"]["breakpoints"], [])
        r = a.request("breakpointLocations", source={"path": "/no/such.c"}, line=1, endLine=9)
        self.assertEqual(r["body"]["breakpoints"], [])
        # bad arguments: an error each, and the bridge goes on
        for bad in ({}, {"source": {"path": loop_c}}, {"source": {"path": loop_c}, "line": 0},
                    {"source": {"path": loop_c}, "line": 9, "endLine": 3},
                    {"source": {}, "line": 3}):
            r = a.request("breakpointLocations", **bad)
            self.assertFalse(r["success"], bad)
            self.assertIn("breakpointLocations", r["message"])
        r = a.request("breakpointLocations", source={"path": loop_c}, line=1, endLine=10**7)
        self.assertFalse(r["success"])
        self.assertIn("`to`", r["message"])  # dbgd's bound on the range
        # the daemon's method itself: the same lines; bad ranges are invalid params
        s = self.rpc("sessions")["sessions"][-1]["session"]
        res = self.rpc("sources", session=s, file=os.path.abspath(loop_c),
                       **{"from": 1, "to": 200})
        self.assertEqual(res["lines"], want)
        self.assertEqual([f["file"] for f in res["sources"]], [os.path.realpath(loop_c)])
        with self.assertRaises(dbgd.RpcError) as e:
            self.rpc("sources", session=s, file="loop.c", **{"from": 9, "to": 3})
        self.assertEqual(e.exception.code, dbgd.INVALID_PARAMS)
        self.assertTrue(a.request("threads")["success"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_completions(self):
        # the debug console's completions: the frame's variables first, then the
        # program's functions and variables, each starting with the prefix; gdb's
        # `complete print PREFIX` is the oracle of the names
        a = self.adapter()
        self.assertTrue(a.seen[0]["body"].get("supportsCompletionsRequest"))
        self.launch(a, "loop", "3")
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "tick"}])
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        r = a.request("completions", text="i", column=2, frameId=frames[0]["id"])
        items = r["body"]["targets"]
        self.assertEqual(items[0], {"label": "i", "type": "variable", "start": 1, "length": 1})
        # main's frame: its own locals
        r = a.request("completions", text="2 * su", column=7, frameId=frames[1]["id"])
        self.assertEqual(r["body"]["targets"][0],
                         {"label": "sum", "type": "variable", "start": 5, "length": 2})
        out = subprocess.run(["gdb", "-batch", "-nx", "-ex", "set max-completions unlimited",
                              "-ex", "break tick", "-ex", "run", "-ex", "complete print ti",
                              fixture("loop")], capture_output=True, text=True).stdout
        gdb_names = set(re.findall(r"^print (\w+)$", out, re.M))
        self.assertIn("tick", gdb_names)
        r = a.request("completions", text="print ti", column=9)
        labels = [t["label"] for t in r["body"]["targets"]]
        self.assertIn("tick", labels)
        self.assertEqual(len(labels), len(set(labels)))
        self.assertLessEqual(set(labels), gdb_names)
        self.assertEqual(next(t for t in r["body"]["targets"] if t["label"] == "tick"),
                         {"label": "tick", "type": "function", "start": 7, "length": 2})
        # a member is not completed; a number has nothing to complete
        self.assertEqual(a.request("completions", text="p.", column=3)["body"]["targets"], [])
        self.assertEqual(a.request("completions", text="p->x", column=5)["body"]["targets"], [])
        self.assertEqual(a.request("completions", text="12", column=3)["body"]["targets"], [])
        # bad arguments
        for bad in ({}, {"text": "i"}, {"text": "i", "column": 9}, {"text": "i", "column": -1},
                    {"text": 3, "column": 1}):
            r = a.request("completions", **bad)
            self.assertFalse(r["success"], bad)
            self.assertIn("completions", r["message"])
        # once the program has ended there is nothing to complete
        a.request("setFunctionBreakpoints", breakpoints=[])
        a.request("continue")
        a.event("exited")
        r = a.request("completions", text="i", column=2)
        self.assertEqual(r["body"]["targets"], [])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_completions_columns_from_0(self):
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd", columnsStartAt1=False)
        self.launch(a, "loop", "3")
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "tick"}])
        a.request("configurationDone")
        a.event("stopped")
        r = a.request("completions", text="x + i", column=5)
        self.assertEqual(r["body"]["targets"][0],
                         {"label": "i", "type": "variable", "start": 4, "length": 1})
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_restart_keeps_arguments_and_breakpoints(self):
        # restart: the old process killed without exited or terminated (the debug
        # session goes on), a new one with the same arguments, the breakpoints placed
        # in it; process and initialized again, and configurationDone runs it
        loop_c = os.path.join(os.path.dirname(VARS_C), "loop.c")
        with open(loop_c) as f:
            line = next(i + 1 for i, l in enumerate(f) if "return 2 * i;" in l)
        a = self.adapter()
        self.assertTrue(a.seen[0]["body"].get("supportsRestartRequest"))
        r = a.request("restart")
        self.assertFalse(r["success"])  # nothing launched yet
        self.launch(a, "loop", "3")
        old_pid = next(m for m in a.seen if m.get("event") == "process")["body"]["systemProcessId"]
        old_s = next(x for x in self.rpc("sessions")["sessions"] if x["pid"] == old_pid)
        r = a.request("setBreakpoints", source={"path": os.path.abspath(loop_c)},
                      breakpoints=[{"line": line}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"])
        a.request("configurationDone")
        for want in ("0", "2"):
            st = a.event("stopped")["body"]
            self.assertEqual(st["reason"], "breakpoint")
            self.assertEqual(a.request("evaluate", expression="2 * i")["body"]["result"], want)
            a.request("continue")
        st = a.event("stopped")["body"]  # the third hit: i = 2
        n = len(a.seen)
        self.assertTrue(a.request("restart")["success"])
        proc = a.event("process")["body"]
        a.event("initialized")
        events = [m["event"] for m in a.seen[n:] if m.get("type") == "event"]
        self.assertNotIn("exited", events)
        self.assertNotIn("terminated", events)
        self.assertNotEqual(proc["systemProcessId"], old_pid)
        self.assertEqual(proc["startMethod"], "launch")
        self.assertTrue(dbgd.wait_until(lambda: not dbgd.proc_alive(old_pid), 10))
        s = next(x for x in self.rpc("sessions")["sessions"]
                 if x["pid"] == proc["systemProcessId"])["session"]
        self.assertNotEqual(s, old_s["session"])
        self.assertEqual([x["session"] for x in self.rpc("sessions")["sessions"]
                          if x["pid"] in (old_pid, proc["systemProcessId"])], [s])
        # the editor answers initialized with configurationDone: the kept breakpoint
        # stops the new process at its first hit
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        self.assertEqual(st["reason"], "breakpoint")
        self.assertEqual(a.request("evaluate", expression="2 * i")["body"]["result"], "0")
        # the editor sets its breakpoints again (they replace the kept ones)
        a.request("setBreakpoints", source={"path": os.path.abspath(loop_c)}, breakpoints=[])
        self.assertEqual(self.rpc("breakpoints", session=s)["breakpoints"], [])
        a.request("continue")
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        a.event("terminated")
        # the same arguments: loop 3's sum, from the new process (its output alone)
        outs = [m["body"]["output"] for m in a.seen[n:] if m.get("event") == "output"]
        self.assertEqual("".join(outs), "sum=6\n")
        # after the end, restart runs it again
        n = len(a.seen)
        self.assertTrue(a.request("restart")["success"])
        a.event("initialized")
        a.request("configurationDone")
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_restart_keeps_breakpoint_ids(self):
        # the editor's ids outlive the process: after restart each breakpoint is a
        # "changed" event under its old id, where the new process has it (gdb's
        # addresses of the line and the function), and a hit reports that id
        loop_c = os.path.abspath(os.path.join(os.path.dirname(VARS_C), "loop.c"))
        with open(loop_c) as f:
            line = next(i + 1 for i, l in enumerate(f) if "return 2 * i;" in l)
        a = self.adapter()
        self.launch(a, "loop", "3")
        src = {"path": loop_c}
        a.request("setBreakpoints", source=src, breakpoints=[{"line": line}])
        fb = a.request("setFunctionBreakpoints",
                       breakpoints=[{"name": "main"}])["body"]["breakpoints"][0]
        # set again: dbgd numbers the line's breakpoint anew; the editor's id is new too
        lb = a.request("setBreakpoints", source=src,
                       breakpoints=[{"line": line}])["body"]["breakpoints"][0]
        self.assertNotEqual(lb["id"], fb["id"])
        a.request("configurationDone")
        self.assertEqual(a.event("stopped")["body"]["hitBreakpointIds"], [fb["id"]])
        n = len(a.seen)
        self.assertTrue(a.request("restart")["success"])
        a.event("initialized")
        changed = {m["body"]["breakpoint"]["id"]: m["body"] for m in a.seen[n:]
                   if m.get("event") == "breakpoint"}
        self.assertEqual(set(changed), {lb["id"], fb["id"]})
        for body in changed.values():
            self.assertEqual(body["reason"], "changed")
            self.assertTrue(body["breakpoint"]["verified"])
        self.assertEqual(changed[lb["id"]]["breakpoint"]["line"], line)
        pid = next(m for m in a.seen[n:] if m.get("event") == "process")["body"]["systemProcessId"]
        s = next(x for x in self.rpc("sessions")["sessions"] if x["pid"] == pid)["session"]
        want = dbgd.gdb_break_addrs(fixture("loop"), ["loop.c:%d" % line, "main"])
        self.assertEqual(sorted(dbgd.hexint(b["address"])
                                for b in self.rpc("breakpoints", session=s)["breakpoints"]),
                         sorted(want))
        a.request("configurationDone")
        self.assertEqual(a.event("stopped")["body"]["hitBreakpointIds"], [fb["id"]])
        a.request("continue")
        self.assertEqual(a.event("stopped")["body"]["hitBreakpointIds"], [lb["id"]])
        # a breakpoint set now has an id of its own, none of the kept ones (tick's
        # would be the line's: one place)
        a.request("setFunctionBreakpoints", breakpoints=[])
        nb = a.request("setFunctionBreakpoints",
                       breakpoints=[{"name": "main"}])["body"]["breakpoints"][0]
        self.assertNotIn(nb["id"], (lb["id"], fb["id"]))
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_restart_that_cannot_spawn_ends(self):
        # restart's `arguments` are the editor's configuration again: a program that
        # cannot start is an error, and the debug session ends (terminated)
        a = self.adapter()
        self.launch(a, "loop", "3")
        pid = next(m for m in a.seen if m.get("event") == "process")["body"]["systemProcessId"]
        r = a.request("restart", arguments={"program": "/no/such/program"})
        self.assertFalse(r["success"])
        self.assertIn("/no/such/program", r["message"])
        a.event("terminated")
        self.assertEqual([x for x in self.rpc("sessions")["sessions"] if x["pid"] == pid], [])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_disconnect_lets_a_launched_program_run_on(self):
        # VS Code's Disconnect (terminateDebuggee false) of a launched program: it runs
        # on without the debugger, its breakpoints gone and its signals passed, in a
        # dbgd session left open; with true (and by default) it is killed
        a = self.adapter()
        self.assertTrue(a.seen[0]["body"].get("supportTerminateDebuggee"))
        self.launch(a, "attachme", "sleep", "30", "7")
        pid = next(m for m in a.seen if m.get("event") == "process")["body"]["systemProcessId"]
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "tick"}])
        a.request("configurationDone")
        self.assertEqual(a.event("stopped")["body"]["reason"], "breakpoint")
        self.assertTrue(a.request("disconnect", terminateDebuggee=False)["success"])
        a.event("terminated")
        console = "".join(m["body"]["output"] for m in a.seen
                          if m.get("event") == "output" and m["body"]["category"] == "console")
        self.assertIn("runs on without the debugger", console)
        self.assertEqual(a.close(), 0)
        # SIGCONT stops a debugged program (gdb's default): this one goes on
        os.kill(pid, signal.SIGCONT)
        (s,) = [x["session"] for x in self.rpc("sessions")["sessions"] if x["pid"] == pid]
        st = self.rpc("wait", session=s, timeout=20)
        self.assertEqual((st["state"], st.get("exit_code")), ("exited", 7))
        out = self.rpc("output", session=s, stream="stdout")["text"]
        self.assertIn("tick 29\n", out)  # every tick: the breakpoint went
        self.assertIn("count 30\n", out)
        # nor is it said anywhere (handle's print false: no "signal" event)
        self.assertEqual([e for e in self.rpc("events", session=s)["events"]
                          if e["type"] == "signal"], [])
        self.rpc("close", session=s)

        # true: killed, the session closed
        a = self.adapter()
        self.launch(a, "attachme", "sleep", "100000", "0")
        pid = next(m for m in a.seen if m.get("event") == "process")["body"]["systemProcessId"]
        a.request("configurationDone")
        self.assertTrue(a.request("disconnect", terminateDebuggee=True)["success"])
        self.assertEqual(a.close(), 0)
        self.assertTrue(dbgd.wait_until(lambda: not dbgd.proc_alive(pid), 10))
        self.assertEqual([x for x in self.rpc("sessions")["sessions"] if x["pid"] == pid], [])

        # false while it runs: stopped, let go, running on
        a = self.adapter()
        self.launch(a, "attachme", "sleep", "30", "3")
        pid = next(m for m in a.seen if m.get("event") == "process")["body"]["systemProcessId"]
        a.request("configurationDone")
        self.assertTrue(a.request("disconnect", terminateDebuggee=False)["success"])
        self.assertEqual(a.close(), 0)
        (s,) = [x["session"] for x in self.rpc("sessions")["sessions"] if x["pid"] == pid]
        st = self.rpc("wait", session=s, timeout=20)
        self.assertEqual((st["state"], st.get("exit_code")), ("exited", 3))
        self.rpc("close", session=s)

    def test_cancel_and_unknown_requests(self):
        # cancel: every request is answered before the next is read, so there is
        # nothing to cancel: success. An unknown request: an error that says so, and
        # the bridge goes on
        a = self.adapter()
        self.assertTrue(a.seen[0]["body"].get("supportsCancelRequest"))
        self.launch(a, "loop", "3", stopOnEntry=True)
        self.assertTrue(a.request("cancel", requestId=1)["success"])
        self.assertTrue(a.request("cancel", progressId="x")["success"])
        for cmd in ("frobnicate", "goto", "reverseContinue"):
            r = a.request(cmd, threadId=1)
            self.assertFalse(r["success"])
            self.assertIn("%s is not supported" % cmd, r["message"])
        a.request("configurationDone")
        self.assertEqual(a.event("stopped")["body"]["reason"], "entry")
        self.assertTrue(a.request("threads")["success"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


C_TYPE_WORDS = {"char", "short", "int", "long", "signed", "unsigned", "float", "double", "void",
                "_Bool", "struct", "union", "enum", "const", "volatile"}
INFCALL_C = os.path.abspath(os.path.join(os.path.dirname(VARS_C), "infcall.c"))


def gdb_step_ins(program, spec, n):
    """gdb's step into each of the first n calls of the line at spec: for the kth, the
    program run to spec, (step, finish) k times, then step; the function and line
    where each step stopped."""
    cmds = ["set confirm off", "set pagination off", "handle SIGUSR2 nostop noprint pass",
            "break " + spec]
    for k in range(n):
        cmds.append("run")
        cmds += ["step", "finish"] * k
        cmds += ["step", 'python f = gdb.selected_frame(); '
                         'print("AT %s %d" % (f.name(), f.find_sal().line))']
    argv = ["gdb", "-batch", "-nx"]
    for c in cmds:
        argv += ["-ex", c]
    out = subprocess.run(argv + [program], capture_output=True, text=True,
                         timeout=300).stdout
    return [(m.group(1), int(m.group(2))) for m in re.finditer(r"^AT (\S+) (\d+)$", out, re.M)]


class TestDapStepIn(DbgdTestCase):
    """stepInTargets and stepIn to a target, with gdb's step as the oracle."""

    adapter = TestDap.adapter
    launch = TestDap.launch

    def at_end_line(self, a, line):
        """configurationDone, then on to infcall's `end` line (its SIGUSR2 goes on)."""
        a.request("configurationDone")
        st = a.event("stopped")["body"]
        while st["reason"] != "breakpoint":
            a.request("continue", threadId=st["threadId"])
            st = a.event("stopped")["body"]
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        self.assertEqual(frames[0]["line"], line)
        return st["threadId"], frames

    def test_step_in_targets_are_the_line_calls_and_step_in_as_gdb(self):
        with open(INFCALL_C) as f:
            line = next(i + 1 for i, l in enumerate(f) if 'printf("end' in l)
        spec = "infcall.c:%d" % line
        a = self.adapter()
        self.assertTrue(a.seen[0]["body"].get("supportsStepInTargetsRequest"))
        self.launch(a, "infcall")
        bp = a.request("setBreakpoints", source={"path": INFCALL_C},
                       breakpoints=[{"line": line}])["body"]["breakpoints"][0]
        tid, frames = self.at_end_line(a, line)
        targets = a.request("stepInTargets", frameId=frames[0]["id"])["body"]["targets"]
        # gdb's step, into each call in turn: the functions entered, where it stops
        want = gdb_step_ins(fixture("infcall"), spec, len(targets))
        self.assertEqual(len(want), 4, want)  # slen, halve, trapped, printf
        self.assertEqual([t["label"] for t in targets[:3]], [w[0] for w in want[:3]])
        self.assertEqual(targets[3]["label"], "printf")  # printf@plt, as one types it
        self.assertEqual({t["line"] for t in targets}, {line})
        self.assertEqual(len({t["id"] for t in targets}), 4)
        for k, t in enumerate(targets):
            if k:  # the line again, from its start, in a new process
                a.request("restart")
                a.event("initialized")
                tid, frames = self.at_end_line(a, line)
                t = a.request("stepInTargets", frameId=frames[0]["id"])["body"]["targets"][k]
            r = a.request("stepIn", threadId=tid, targetId=t["id"])
            self.assertTrue(r["success"], r)
            st = a.event("stopped")["body"]
            self.assertEqual(st["reason"], "step")
            f0 = a.request("stackTrace", threadId=tid)["body"]["stackFrames"][0]
            self.assertEqual((f0["name"], f0["line"]), want[k], t)
        # bad requests: an error each, and the bridge goes on
        r = a.request("stepIn", threadId=tid, targetId=1)  # this stop listed none yet
        self.assertFalse(r["success"])
        self.assertIn("unknown targetId", r["message"])
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        for bad in ({}, {"frameId": 999999}, {"frameId": "x"}):
            r = a.request("stepInTargets", **bad)
            self.assertFalse(r["success"], bad)
            self.assertIn("stepInTargets", r["message"])
        r = a.request("stepInTargets", frameId=frames[1]["id"])
        self.assertFalse(r["success"])
        self.assertIn("innermost", r["message"])
        n = len(a.request("stepInTargets", frameId=frames[0]["id"])["body"]["targets"])
        for bad in (0, n + 1, -3, "1"):
            r = a.request("stepIn", threadId=tid, targetId=bad)
            self.assertFalse(r["success"], bad)
            self.assertIn("stepIn: unknown targetId", r["message"])
        self.assertTrue(a.request("threads")["success"])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_step_in_target_while_running_is_an_error(self):
        loop_c = os.path.abspath(os.path.join(os.path.dirname(VARS_C), "loop.c"))
        with open(loop_c) as f:
            line = next(i + 1 for i, l in enumerate(f) if "sum += tick(i);" in l)
        a = self.adapter()
        self.launch(a, "loop", "2000000000")  # seconds of ticks
        a.request("setBreakpoints", source={"path": loop_c}, breakpoints=[{"line": line}])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        targets = a.request("stepInTargets", frameId=frames[0]["id"])["body"]["targets"]
        self.assertEqual([t["label"] for t in targets], ["tick"])
        a.request("setBreakpoints", source={"path": loop_c}, breakpoints=[])
        a.request("continue", threadId=tid)
        r = a.request("stepIn", threadId=tid, targetId=targets[0]["id"])
        self.assertFalse(r["success"])
        self.assertIn("running", r["message"])
        r = a.request("stepInTargets", frameId=frames[0]["id"])
        self.assertFalse(r["success"])
        self.assertIn("running", r["message"])
        a.request("pause", threadId=tid)
        self.assertEqual(a.event("stopped")["body"]["reason"], "pause")
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


class TestDapLoadedSourceEvents(DbgdTestCase):
    """loadedSource events: the files of the line tables as libraries come and go,
    dbgd's `sources` at each stop the oracle."""

    def files_now(self, pid):
        s = next(x for x in self.rpc("sessions")["sessions"] if x["pid"] == pid)["session"]
        return {f["file"] for f in self.rpc("sources", session=s)["sources"]}

    def events_to_stop(self, a):
        """The loadedSource events up to the next stopped event: [(reason, path)]."""
        got = []
        while True:
            m = a.recv()
            if m.get("type") != "event":
                continue
            if m["event"] == "stopped":
                return got
            if m["event"] == "loadedSource":
                got.append((m["body"]["reason"], m["body"]["source"]["path"]))

    def test_a_dlopened_library_sources_arrive_before_its_stop(self):
        lib = os.path.join(os.path.dirname(fixture("tlsdl")), "libtlslib.so")
        tlslib_c = os.path.realpath(os.path.join(os.path.dirname(VARS_C), "tlslib.c"))
        a = TestDap.adapter(self)
        a.request("launch", program=fixture("tlsdl"), args=[lib], stopOnEntry=True)
        pid = a.event("process")["body"]["systemProcessId"]
        a.event("initialized")
        a.request("configurationDone")
        # at main: nothing, as the editor has not asked loadedSources (before, every
        # file of every module was an event here: 1,800 with glibc's debug info)
        self.assertEqual(self.events_to_stop(a), [])
        first = [("new", x["path"]) for x in a.request("loadedSources")["body"]["sources"]]
        self.assertEqual(len(first), len(set(first)))
        self.assertEqual({p for _, p in first}, self.files_now(pid))
        self.assertNotIn(tlslib_c, {p for _, p in first})
        r = a.request("setFunctionBreakpoints", breakpoints=[{"name": "lib_bump"}])
        self.assertFalse(r["body"]["breakpoints"][0]["verified"])  # pending: not loaded
        a.request("continue")
        second = self.events_to_stop(a)  # in lib_bump: its file came with dlopen
        self.assertIn(("new", tlslib_c), second)
        self.assertEqual({p for _, p in first + second}, self.files_now(pid))
        self.assertNotIn("removed", {r for r, _ in second})
        st = a.seen[-1]["body"]
        frames = a.request("stackTrace", threadId=st["threadId"])["body"]["stackFrames"]
        self.assertEqual(frames[0]["source"]["path"], tlslib_c)
        # loadedSources has it too; a step that changes no module says nothing
        paths = [x["path"] for x in a.request("loadedSources")["body"]["sources"]]
        self.assertIn(tlslib_c, paths)
        a.request("next", threadId=st["threadId"])
        self.assertEqual(self.events_to_stop(a), [])
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_dlclose_removes_the_library_sources(self):
        # dlo: libm by dlopen, then dlclose. libm's line tables are Debian's debug
        # symbols' (libc6-dbg); without them the sets are empty and still equal
        src = os.path.abspath(os.path.join(os.path.dirname(VARS_C), "dlo.c"))
        with open(src) as f:
            ret = next(i + 1 for i, l in enumerate(f) if "return 0;" in l)
        a = TestDap.adapter(self)
        self.assertEqual(a.request("loadedSources")["body"]["sources"], [])
        a.request("launch", program=fixture("dlo"))
        pid = a.event("process")["body"]["systemProcessId"]
        a.event("initialized")
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "cbrt"}])
        a.request("setBreakpoints", source={"path": src}, breakpoints=[{"line": ret}])
        a.request("configurationDone")
        first = self.events_to_stop(a)  # in cbrt: libm loaded
        self.assertEqual({p for _, p in first}, self.files_now(pid))
        a.request("continue")
        second = self.events_to_stop(a)  # at return 0: libm gone
        gone = {p for r, p in second if r == "removed"}
        self.assertEqual({r for r, _ in second} - {"removed"}, set())
        self.assertEqual({p for _, p in first} - gone, self.files_now(pid))
        self.assertEqual(len(second), len(gone))
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


class TestDapRemoteSources(DbgdTestCase):
    """Sources the bridge's machine has not: a sourceReference, and the text from dbgd.

    The daemon and the bridge share this machine's file system, so the test hides the
    program's source directory from the bridge alone, as another machine would not
    have it: the bridge runs in a mount namespace of its own (unshare -m) with an empty
    tmpfs mounted over that directory. dbgd, outside it, still reads the file; the
    bridge's access(2) fails for real, with no switch in the bridge for tests. The
    header in another directory stays visible to both: a file the bridge can read
    keeps its path and no reference."""

    LINES = 2500  # more than two of dbgd's `source` pages (1000 lines each)

    def setUp(self):
        super().setUp()
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
            self.skipTest("unshare -m is not permitted here (needs CAP_SYS_ADMIN)")
        self.tmp = os.path.realpath(tempfile.mkdtemp(prefix="dbgd-dapsrc-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.src_dir = os.path.join(self.tmp, "src")
        inc = os.path.join(self.tmp, "inc")
        os.mkdir(self.src_dir)
        os.mkdir(inc)
        self.header = os.path.join(inc, "helper.h")
        with open(self.header, "w") as f:
            f.write("int deep(int x);\n\nstatic int helper(int x)\n{\n"
                    "        return deep(x + 1);\n}\n")
        self.source = os.path.join(self.src_dir, "far.c")
        body = ['#include "helper.h"', "/* caf\u00e9: UTF-8 travels as it is */",
                "\tint tabbed_and_trailing_spaces;   "]
        body += ["/* filler %d */" % i for i in range(len(body), self.LINES - 11)]
        body += ["int deep(int x)", "{", "        int y = x * 3;", "", "        return y;",
                 "}", "", "int main(void)", "{", "        return helper(4) == 15 ? 0 : 1;",
                 "}"]
        with open(self.source, "w") as f:
            f.write("\n".join(body) + "\n")
        with open(self.source) as f:
            self.text = f.read()
        self.assertEqual(self.text.count("\n"), self.LINES)
        self.y_line = body.index("        int y = x * 3;") + 1
        self.program = os.path.join(self.tmp, "far")
        subprocess.run(["gcc", "-O0", "-g", "-I", inc, "-o", self.program, self.source],
                       check=True)

    def hidden_adapter(self):
        a = Adapter(self.daemon, wrap=["unshare", "-m", "sh", "-c",
                                       'mount -t tmpfs none "$1" && shift && exec "$@"', "sh",
                                       self.src_dir])
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        self.assertTrue(a.request("initialize", adapterID="dbgd")["success"])
        return a

    def test_a_source_the_bridge_cannot_read_comes_from_dbgd(self):
        a = self.hidden_adapter()
        r = a.request("source", sourceReference=1)  # nothing given yet
        self.assertFalse(r["success"])
        self.assertIn("unknown sourceReference 1", r["message"])
        r = a.request("source", source={"path": self.source})
        self.assertFalse(r["success"])
        self.assertIn("launch first", r["message"])
        r = a.request("launch", program=self.program)
        self.assertTrue(r["success"], r)
        a.event("initialized")
        r = a.request("setFunctionBreakpoints", breakpoints=[{"name": "deep"}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        self.assertEqual([f["name"] for f in frames[:3]], ["deep", "helper", "main"])
        far, hdr, far2 = (f["source"] for f in frames[:3])
        # hidden from the bridge: a reference, kept for the path; dbgd's origin
        self.assertEqual(far["path"], self.source)
        self.assertGreater(far["sourceReference"], 0)
        self.assertEqual(far["origin"], "dbgd")
        self.assertEqual(far2, far)
        # readable by the bridge: the path alone, as before
        self.assertEqual(hdr, {"name": "helper.h", "path": self.header})
        ref = far["sourceReference"]

        # the whole text, as the file has it: three `source` pages
        r = a.request("source", sourceReference=ref)
        self.assertTrue(r["success"], r)
        self.assertEqual(r["body"]["content"], self.text)
        self.assertEqual(r["body"]["mimeType"], "text/x-c")
        # the same by the Source the editor was given, and by a path alone
        r = a.request("source", source=far, sourceReference=0)
        self.assertEqual(r["body"]["content"], self.text)
        r = a.request("source", source={"path": self.header})
        with open(self.header) as f:
            self.assertEqual((r["body"]["content"], r["body"]["mimeType"]),
                             (f.read(), "text/x-c"))
        # the daemon's own answer for the oracle's first page
        s = self.rpc("sessions")["sessions"][-1]["session"]
        page = self.rpc("source", session=s, file=self.source, count=1000)
        self.assertEqual((page["total"], len(page["lines"])), (self.LINES, 1000))

        # the other places a Source goes: loadedSources, disassemble, a breakpoint
        # set by reference alone (as an editor sends one it has no path of)
        srcs = a.request("loadedSources")["body"]["sources"]
        self.assertIn(far, srcs)
        self.assertIn({"name": "helper.h", "path": self.header}, srcs)
        # a path without its directory (libc's, relative to its build directory): dbgd
        # cannot open it either, so no reference that could only fail
        rel = [x for x in srcs if not x["path"].startswith("/")]
        self.assertEqual([x for x in rel if "sourceReference" in x], [])
        insn = a.request("disassemble", memoryReference=frames[0]["instructionPointerReference"],
                         instructionCount=1)["body"]["instructions"][0]
        self.assertEqual(insn["location"], far)
        r = a.request("setBreakpoints", source={"name": "far.c", "sourceReference": ref},
                      breakpoints=[{"line": self.y_line + 2}])
        self.assertTrue(r["body"]["breakpoints"][0]["verified"], r)
        self.assertEqual(r["body"]["breakpoints"][0]["line"], self.y_line + 2)
        r = a.request("setInstructionBreakpoints",
                      breakpoints=[{"instructionReference": insn["address"]}])
        self.assertEqual(r["body"]["breakpoints"][0]["source"], far)

        # bad input: a clear error each, and the bridge goes on
        for bad, why in (({"sourceReference": 10**6}, "unknown sourceReference"),
                         ({"source": {"sourceReference": -3}}, "sourceReference or source.path"),
                         ({}, "sourceReference or source.path"),
                         ({"source": {"path": "/etc/passwd"}}, "no source file named"),
                         ({"source": {"path": "nosuch.c"}}, "no source file named")):
            r = a.request("source", **bad)
            self.assertFalse(r["success"], bad)
            self.assertIn(why, r["message"])
            self.assertIn("source", r["message"])
        self.assertTrue(a.request("threads")["success"])

        # the reference outlives the process: dbgd reads the executable's line tables
        a.request("setBreakpoints", source={"sourceReference": ref}, breakpoints=[])
        a.request("setInstructionBreakpoints", breakpoints=[])
        a.request("setFunctionBreakpoints", breakpoints=[])
        self.assertTrue(a.request("continue", threadId=tid)["success"])
        self.assertEqual(a.event("exited")["body"]["exitCode"], 0)
        self.assertEqual(a.request("source", sourceReference=ref)["body"]["content"],
                         self.text)
        a.request("disconnect")
        self.assertEqual(a.close(), 0)

    def test_a_readable_source_has_no_reference(self):
        # the same program through a bridge that sees the directory: paths alone
        a = Adapter(self.daemon)
        self.addCleanup(lambda: a.p.poll() is None and (a.p.kill(), a.p.wait()))
        a.request("initialize", adapterID="dbgd")
        self.assertTrue(a.request("launch", program=self.program)["success"])
        a.event("initialized")
        a.request("setFunctionBreakpoints", breakpoints=[{"name": "deep"}])
        a.request("configurationDone")
        tid = a.event("stopped")["body"]["threadId"]
        frames = a.request("stackTrace", threadId=tid)["body"]["stackFrames"]
        self.assertEqual(frames[0]["source"], {"name": "far.c", "path": self.source})
        # an editor may still ask for it by path: dbgd's text
        r = a.request("source", source={"path": self.source})
        self.assertEqual(r["body"]["content"], self.text)
        a.request("disconnect")
        self.assertEqual(a.close(), 0)


if __name__ == "__main__":
    dbgd.main()
