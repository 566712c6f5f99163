"""SIGTERM and SIGINT shut dbgd down cleanly: exit status 0, every tracee killed (stopped,
running, blocked in a read), and a call waiting on a session answered before the end."""

import signal
import threading
import time
import unittest

import dbgd
from dbgd import Daemon, RpcError, fixture, proc_alive


class TestShutdown(unittest.TestCase):
    def run_and_stop(self, sig):
        d = Daemon()
        c = d.client()
        pids = [c.rpc("spawn", path=fixture("loop"))["pid"]]             # stopped
        s = c.rpc("spawn", path=fixture("chatty"))
        c.rpc("cont", session=s["session"], wait=False)                  # running
        pids.append(s["pid"])
        b = c.rpc("spawn", path=fixture("blockread"))
        pids.append(b["pid"])
        answer = {}

        def waiting_cont():                                             # a call waiting
            w = d.client(timeout=20)
            try:
                answer["r"] = w.rpc("cont", session=b["session"], timeout=60)
            except (RpcError, OSError) as e:
                answer["r"] = e
            w.close()

        t = threading.Thread(target=waiting_cont)
        t.start()
        time.sleep(0.3)
        c.close()
        d.stop(sig=sig)       # asserts exit 0 and that no process is left behind
        t.join(10)
        self.assertFalse(t.is_alive(), "the waiting cont was not answered")
        # the pending call gets a JSON-RPC answer, not a dropped connection
        self.assertIsInstance(answer.get("r"), RpcError, answer)
        self.assertEqual(answer["r"].code, dbgd.NO_SESSION)
        self.assertIn("dbgd is shutting down", answer["r"].data["detail"])
        self.assertFalse(any(proc_alive(p) for p in pids))

    def test_sigterm(self):
        self.run_and_stop(signal.SIGTERM)

    def test_sigint(self):
        self.run_and_stop(signal.SIGINT)


if __name__ == "__main__":
    dbgd.main()
