#!/usr/bin/env python3
"""How long a client with the token waits behind connections that never send a request
(docs/security.md, "Idle connections").

    DBGD_TOKEN=t dbgd --listen 127.0.0.1:7777 --state-dir /tmp/s &
    python3 bench/http_flood.py --port 7777 --token t --idle 256
    python3 bench/http_flood.py --port 7777 --token t --churn 2 --calls 50

--idle N opens N connections, sends nothing on them, then times one call on a fresh
connection. --churn T runs T threads that open connections as fast as they can (each
keeping its newest 300 open) while --calls calls are timed, each on a fresh connection.
"""
import argparse
import collections
import json
import socket
import threading
import time


def call(port, token, timeout):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "sessions"}).encode()
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(b"POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
              b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
              % (port, token.encode(), len(body), body))
    data = b""
    while b"\r\n\r\n" not in data:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    return time.monotonic() - t0, data.split(b"\r\n", 1)[0].decode(errors="replace")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--idle", type=int, default=0)
    p.add_argument("--churn", type=int, default=0)
    p.add_argument("--calls", type=int, default=1)
    p.add_argument("--timeout", type=float, default=120)
    a = p.parse_args()

    idle = [socket.create_connection(("127.0.0.1", a.port)) for _ in range(a.idle)]
    stop = False
    opened = [0]

    def attacker():
        q = collections.deque()
        while not stop:
            try:
                q.append(socket.create_connection(("127.0.0.1", a.port), timeout=1))
                opened[0] += 1
            except OSError:
                pass
            while len(q) > 300:
                q.popleft().close()
        for s in q:
            s.close()

    threads = [threading.Thread(target=attacker) for _ in range(a.churn)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    times = []
    for _ in range(a.calls):
        t0 = time.monotonic()
        try:
            t, status = call(a.port, a.token, a.timeout)
        except OSError as e:  # the backlog full: the connection itself timed out
            t, status = time.monotonic() - t0, repr(e)
        times.append(t)
    stop = True
    for t in threads:
        t.join()
    for s in idle:
        s.close()
    times.sort()
    print("idle %d, churn threads %d (%d connections opened): %d calls, median %.3fs, "
          "max %.3fs, last status %r" % (a.idle, a.churn, opened[0], len(times),
                                         times[len(times) // 2], times[-1], status))


if __name__ == "__main__":
    main()
