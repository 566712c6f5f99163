"""POST /mem: memory as bytes (application/octet-stream), the fast form of `peek` for
large reads. Same params, same checks (token, Host, Origin, JSON content type), the
breakpoint shadow applied, and errors as JSON-RPC error objects with an HTTP status."""

import base64
import json

import dbgd
from dbgd import DbgdTestCase, fixture, hexstr, nm


class TestMem(DbgdTestCase):
    daemon_args = ("--max-mem", "1048576")

    def mem(self, client=None, **params):
        c = client or self.client
        return c.raw(path="/mem", body=json.dumps(params))

    def test_bytes_equal_peek_and_hide_breakpoints(self):
        s = self.spawn("loop", 2)["session"]
        tick = nm(fixture("loop"), "tick")
        want = self.rpc("peek", session=s, address=tick, length=64)["bytes"]
        self.rpc("break", session=s, address=hexstr(tick))
        self.rpc("break", session=s, address=hexstr(tick + 4))
        res = self.mem(session=s, address=hexstr(tick), length=64)
        self.assertEqual(res.status, 200)
        self.assertEqual(res.headers["content-type"], "application/octet-stream")
        self.assertEqual(res.headers["x-dbgd-address"], hexstr(tick))
        self.assertEqual(res.body.hex(), want)
        self.assertNotIn(0xCC, res.body[:1] + res.body[4:5])
        # a large read, through the same connection, matches the JSON form
        sp = int(self.rpc("regs", session=s, names=["rsp"])["rsp"], 16) & ~0xfff
        big = self.mem(session=s, address=hexstr(sp - 65536), length=65536 + 4096)
        self.assertEqual(big.status, 200)
        self.assertEqual(len(big.body), 65536 + 4096)
        self.assertEqual(big.body.hex(), self.rpc("peek", session=s, address=hexstr(sp - 65536),
                                                  length=65536 + 4096)["bytes"])

    def test_errors(self):
        s = self.spawn("blockread")["session"]
        cases = [
            (dict(session=s, address="0x10", length=16), 422, -32004),
            (dict(session=99999, address="0x10", length=16), 404, -32001),
            (dict(session=s, address="0x10", length=2 << 20), 413, -32007),
            (dict(session=s, address="zz"), 400, -32602),
            (dict(session=s, address="0x10", bogus=1), 400, -32602),
        ]
        for params, status, code in cases:
            res = self.mem(**params)
            self.assertEqual(res.status, status, (params, res.body))
            err = json.loads(res.body)["error"]
            self.assertEqual(err["code"], code, (params, err))
            self.assertIn("detail", err["data"])
        res = self.mem(session=s, address="0x10", length=16)
        self.assertEqual(json.loads(res.body)["error"]["data"]["readable"], 0)
        res = self.client.raw(path="/mem", body=b"{not json")
        self.assertEqual((res.status, json.loads(res.body)["error"]["code"]), (400, -32700))
        res = self.client.raw(path="/mem", body=b"[1]")
        self.assertEqual(res.status, 400)
        # a running process
        self.rpc("cont", session=s, wait=False)
        res = self.mem(session=s, address="0x400000", length=16)
        self.assertEqual((res.status, json.loads(res.body)["error"]["code"]), (409, -32002))

    def test_same_defences_as_rpc(self):
        body = json.dumps(dict(session=1, address="0x400000", length=8))
        self.assertEqual(self.client.raw(path="/mem", body=body, auth=False).status, 401)
        self.assertEqual(self.client.raw(path="/mem", body=body,
                                         content_type="text/plain").status, 415)
        self.assertEqual(self.client.raw(path="/mem", body=body,
                                         headers={"Origin": "http://evil.example"}).status, 403)
        self.assertEqual(self.client.raw(method="GET", path="/mem").status, 405)
        self.assertEqual(self.client.raw(path="/mem", body=body,
                                         headers={"Host": "evil.example:80"}).status, 403)



class TestMemLarge(DbgdTestCase):
    """Reads above 4 MiB take another buffer (transparent huge pages, m_mem.c)."""

    daemon_args = ("--max-mem", str(16 << 20))

    def test_six_mib_as_bytes_and_as_base64(self):
        n = 6 << 20
        want = bytes((i * 131 + (i >> 12)) & 0xFF for i in range(n))
        s = self.spawn("bigbuf")["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")  # its int3
        addr = hexstr(nm(fixture("bigbuf"), "bigbuf"))
        res = self.client.raw(path="/mem", body=json.dumps(dict(session=s, address=addr,
                                                                length=n)))
        self.assertEqual(res.status, 200)
        self.assertEqual(len(res.body), n)
        self.assertTrue(res.body == want, "the bytes differ from the program's")
        got = self.rpc("peek", session=s, address=addr, length=n, format="base64")["bytes"]
        self.assertTrue(base64.b64decode(got) == want, "base64 peek differs")


class TestBatchOfLargeReads(DbgdTestCase):
    # --max-mem 1 MiB: a batch answers 3 MiB (2 x max-mem + 1 MiB) at most
    daemon_args = ("--max-mem", str(1 << 20))

    def test_a_batch_of_large_reads_stops_at_its_answers_limit(self):
        # 8 reads of 1 MiB in hex (2 MiB of answer each) in one small body: the first
        # two run, the rest are LIMIT errors, each in its place; before, every one ran,
        # and such a batch of 64 MiB reads took gigabytes (found by the security sweep)
        s = self.spawn("bigbuf")["session"]
        self.assertStopped(self.rpc("cont", session=s), "signal")  # its int3
        addr = hexstr(nm(fixture("bigbuf"), "bigbuf"))
        batch = [{"jsonrpc": "2.0", "id": i, "method": "peek",
                  "params": {"session": s, "address": addr, "length": 1 << 20}}
                 for i in range(8)]
        batch.insert(4, {"jsonrpc": "2.0", "method": "sessions"})  # a notification
        res = self.client.raw(body=json.dumps(batch))
        self.assertEqual(res.status, 200)
        answers = json.loads(res.body)
        self.assertEqual([a["id"] for a in answers], list(range(8)))
        self.assertEqual([len(a["result"]["bytes"]) for a in answers[:2]], [2 << 20] * 2)
        for a in answers[2:]:
            self.assertEqual(a["error"]["code"], dbgd.LIMIT)
            self.assertEqual(a["error"]["data"]["limit"], 3 << 20)
        # each on its own is fine
        self.assertEqual(len(self.rpc("peek", session=s, address=addr,
                                      length=1 << 20)["bytes"]), 2 << 20)


if __name__ == "__main__":
    dbgd.main()
