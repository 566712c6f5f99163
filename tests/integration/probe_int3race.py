#!/usr/bin/env python3
"""Probe of the ownint3 race (not a unittest): RUNS runs of `ownint3 threads` with a
breakpoint on hook, PAR at a time on one dbgd, BUSY busy loops beside. CALLSITE=1 adds a
breakpoint with a false condition on the instruction before the int3 (makes a lost hit
likely on old code). Usage: DBGD_BUILD_DIR=build python3 probe_int3race.py RUNS PAR BUSY"""
import os, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbgd
from dbgd import hexint, fixture

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
par = int(sys.argv[2]) if len(sys.argv) > 2 else 2
busy = int(sys.argv[3]) if len(sys.argv) > 3 else 2
arg = sys.argv[4] if len(sys.argv) > 4 else "threads"
env = dict(os.environ)
d = dbgd.Daemon(env=env)
loops = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(busy)]
lock = threading.Lock()
counter = [0]
fails = []
results = {}

def one(c):
    st = c.rpc("spawn", path=fixture("ownint3"), args=[arg])
    s = st["session"]
    bp = c.rpc("break", session=s, symbol="hook")
    addr = hexint(bp["address"])
    if os.environ.get("CALLSITE"):
        for a in [addr - 3]:
            c.rpc("break", session=s, address=hex(a), condition="rax == 0x123456789")
    trace, hits, traps = [], 0, 0
    for _ in range(60):
        st = c.rpc("cont", session=s, timeout=30)
        if st["state"] != "stopped":
            trace.append(st["state"])
            break
        stop = st["stop"]
        r = stop["reason"]
        t = stop.get("thread", stop.get("tid"))
        if r == "breakpoint":
            hits += 1
            trace.append("B%s" % t)
        elif r == "signal":
            traps += 1
            trace.append("S%s:%x:%+d" % (t, stop["signal"]["code"], hexint(stop["pc"]) - addr))
        else:
            trace.append("%s%s" % (r, t))
    out = c.rpc("output", session=s)["text"]
    c.rpc("close", session=s)
    return hits, traps, out, trace

def worker():
    c = d.client(timeout=60)
    while True:
        with lock:
            if counter[0] >= runs:
                return
            counter[0] += 1
            n = counter[0]
        try:
            hits, traps, out, trace = one(c)
        except Exception as e:
            with lock:
                fails.append((n, "exception %r" % e, []))
            continue
        key = (hits, traps, out.strip())
        with lock:
            if n % 20 == 0:
                print("progress", n, "fails", len(fails), flush=True)
            results[key] = results.get(key, 0) + 1
            want = 9 if arg == "threads" else 3
            if hits != want or traps != want or out != "traps %d\n" % want:
                fails.append((n, key, trace))
                print("FAIL", n, key, trace, flush=True)
                if os.environ.get("DBGD_TRACE"): open("probe-fail%d.stderr" % n, "w").write(d.stderr())

t0 = time.time()
ws = [threading.Thread(target=worker) for _ in range(par)]
for w in ws: w.start()
for w in ws: w.join()
for l in loops: l.kill()
err = d.stderr()
d.stop()
print("runs %d in %.0fs, failed %d" % (runs, time.time() - t0, len(fails)))
for k, v in sorted(results.items(), key=lambda kv: -kv[1]):
    print("  hits %d traps %d out %r: %d" % (k[0], k[1], k[2], v))
for f in fails:
    print("FAIL", f)
if "TRACE" in err or "ERROR" in err:
    open("probe-dbgd.stderr", "w").write(err)
