"""dbgctl's exit codes: 0 ok, 1 JSON-RPC error (message on stderr), 2 usage error,
3 transport failure (with how to start dbgd)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from cli import EXIT_OK, EXIT_RPC, EXIT_TRANSPORT, EXIT_USAGE, fixture  # noqa: E402


class ExitCodes(cli.CliTestCase):

    def assertExit(self, code, *args, **kw):
        r = self.ctl(*args, **kw)
        self.assertEqual(r.rc, code, r)
        return r

    def test_ok(self):
        r = self.assertExit(EXIT_OK, "sessions")
        self.assertEqual(r.err, "")
        r = self.assertExit(EXIT_OK, "--help")
        self.assertIn("usage: dbgctl", r.out)
        r = self.assertExit(EXIT_OK, "help", "peek")
        self.assertIn("dbgctl [GLOBAL OPTIONS] peek SESSION ADDR [LEN]", r.out)
        self.assertExit(EXIT_OK, "--version")

    def test_rpc_errors(self):
        r = self.assertExit(EXIT_RPC, "status", "999999")
        self.assertEqual(r.out, "")
        self.assertRegex(r.err, r"^dbgctl: .+ \(-32001\)")

        r = self.assertExit(EXIT_RPC, "spawn", "/nonexistent/program")
        self.assertRegex(r.err, r"\(-32005\)")
        self.assertIn("dbgctl: ", r.err)

        sid, _ = self.spawn("hello")
        r = self.assertExit(EXIT_RPC, "peek", sid, "0x0", "8")
        self.assertRegex(r.err, r"\(-32004\): \S")  # data.detail follows the message
        r = self.assertExit(EXIT_RPC, "regs", sid, "nosuchreg")
        self.assertIn("nosuchreg", r.err)
        r = self.assertExit(EXIT_RPC, "delete", sid, "42")
        self.assertRegex(r.err, r"\(-32008\)")
        r = self.assertExit(EXIT_RPC, "call", "nosuchmethod")
        self.assertRegex(r.err, r"\(-32601\)")
        r = self.assertExit(EXIT_RPC, "call", "step", '{"session": %d, "count": "x"}' % sid)
        self.assertRegex(r.err, r"\(-32602\): .*count")
        r = self.assertExit(EXIT_RPC, "break", sid, "no_such_symbol_here")
        self.assertRegex(r.err, r"\(-32011\)")

        self.ok("cont", sid)
        r = self.assertExit(EXIT_RPC, "cont", sid)
        self.assertRegex(r.err, r"\(-32003\)")

    def test_usage_errors(self):
        for args in (["frobnicate"], ["peek"], ["peek", "1"], ["peek", "x", "0x10"],
                     ["peek", "1", "zz"], ["peek", "1", "0x10", "many"],
                     ["poke", "1", "0x10", "xyz"], ["poke", "1", "0x10", "123"],
                     ["step", "1", "--count", "-3"], ["regs", "1", "--count", "1"],
                     ["cont", "1", "--bogus"], ["call", "status", "{not json"],
                     ["call", "status", "3"], ["delete", "1", "one"],
                     ["regs", "1", "--set", "rax=banana"], ["break", "1", "12zz"],
                     ["output", "1", "--stream", "stdin"], ["spawn"], ["--url"]):
            with self.subTest(args=args):
                r = self.assertExit(EXIT_USAGE, *args)
                self.assertTrue(r.err.startswith("dbgctl: "), r)
                self.assertEqual(r.out, "")
        r = self.assertExit(EXIT_USAGE, "--url", "ftp://x", "sessions")
        self.assertIn("bad URL", r.err)

    def test_transport_failures(self):
        port = cli.free_tcp_port()
        r = self.assertExit(EXIT_TRANSPORT, "--url", "http://127.0.0.1:%d" % port,
                            "sessions")
        self.assertIn("cannot reach dbgd at http://127.0.0.1:%d: " % port, r.err)
        self.assertIn("start it with the README's run command", r.err)

        r = self.assertExit(EXIT_TRANSPORT, "--url", "unix:/nonexistent/dbgd.sock",
                            "sessions")
        self.assertIn("cannot reach dbgd at unix:/nonexistent/dbgd.sock", r.err)

        # no url anywhere
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DBGD_", "XDG_"))}
        env["DBGD_STATE_DIR"] = "/nonexistent/state"
        r = self.assertExit(EXIT_TRANSPORT, "sessions", env=env)
        self.assertIn("cannot find dbgd", r.err)
        self.assertIn("/nonexistent/state/url", r.err)

        # a wrong token: the daemon answers 401
        r = self.assertExit(EXIT_TRANSPORT, "--token", "wrong", "sessions")
        self.assertIn("HTTP 401", r.err)
        self.assertIn("token", r.err)

    def test_json_error_keeps_stdout_clean(self):
        r = self.assertExit(EXIT_RPC, "--json", "status", "999999")
        self.assertEqual(r.out, "")


if __name__ == "__main__":
    cli.main()
