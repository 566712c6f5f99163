#!/usr/bin/env python3
"""Probe of the detach SIGTRAP race (not a unittest): `mthreads count` (four threads
spinning through one loop) is attached, a breakpoint set in the loop, `cont` run to a
hit CONTS times, then detached, ROUNDS times over; the program must live through every
detach (a thread let go with an int3's SIGTRAP still pending dies of it). BUSY busy
loops beside. Usage: DBGD_BUILD_DIR=build python3 probe_detachtrap.py ROUNDS CONTS BUSY"""
import os, signal, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbgd
from dbgd import fixture, objdump_function

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
conts = int(sys.argv[2]) if len(sys.argv) > 2 else 3
busy = int(sys.argv[3]) if len(sys.argv) > 3 else 2
path = fixture("mthreads")
loop_head = objdump_function(path, "count_here")[4][0]  # mov -0x4(%rbp),%eax: the loop
loops = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(busy)]
d = dbgd.Daemon(extra_args=("--allow-attach",))
c = d.client(timeout=60)
prog = None
deaths, done, t0 = [], 0, time.time()
try:
    for n in range(rounds):
        if prog is None or prog.poll() is not None:
            prog = subprocess.Popen([path, "count"])
            time.sleep(0.05)
        try:
            s = c.rpc("attach", pid=prog.pid)["session"]
            c.rpc("break", session=s, address=hex(loop_head))
            for _ in range(conts):
                st = c.rpc("cont", session=s, timeout=10)
                assert st["state"] == "stopped", st
            c.rpc("detach", session=s)
        except dbgd.RpcError as e:
            # It died meanwhile: of the last round's detach (a slow death, under load).
            print("round %d: %s" % (n, e), flush=True)
            try:
                c.rpc("close", session=s)
            except dbgd.RpcError:
                pass
            rc = prog.wait(timeout=10)
        else:
            try:  # a thread let go with our SIGTRAP pending dies of it at once
                rc = prog.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                rc = None
        done += 1
        if rc is not None:
            deaths.append((n, -rc if rc < 0 else rc))
            print("round %d: the program ended after the detach: %s" % (
                n, signal.Signals(-rc).name if rc < 0 else "exit %d" % rc), flush=True)
finally:
    if prog and prog.poll() is None:
        prog.kill()
        prog.wait()
    for l in loops:
        l.kill()
    d.stop()
print("rounds %d in %.0fs, the program died in %d" % (done, time.time() - t0, len(deaths)))
sys.exit(1 if deaths else 0)
