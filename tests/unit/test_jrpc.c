/* test_jrpc.c — the JSON-RPC codec (protocol/jrpc.c): parsing, envelopes, responses,
 * addresses and the UTF-8 safety of error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "errors.h"
#include "jrpc.h"

/* Parse a NUL-terminated literal; NULL on failure. */
static json_t *parse(const char *s, char *err, size_t errlen)
{
        return jrpc_parse(s, strlen(s), err, errlen);
}

static char *dump(json_t *v)
{
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

        assert_non_null(s);
        return s;
}

/* True when s is valid UTF-8, as jansson sees it. */
static int valid_utf8(const char *s)
{
        json_t *v = json_string(s);
        int ok = v != NULL;

        json_decref(v);
        return ok;
}

static void test_jrpc_parse_ok(void **state)
{
        char err[256] = "";
        json_t *v;

        (void)state;
        v = parse("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"id\":1}", err, sizeof(err));
        assert_non_null(v);
        assert_true(json_is_object(v));
        json_decref(v);

        v = parse("[{\"a\":1},{\"b\":2}]", err, sizeof(err));
        assert_non_null(v);
        assert_int_equal(json_array_size(v), 2);
        json_decref(v);

        /* A scalar is valid JSON: the caller answers -32600, not -32700. */
        v = parse("1", err, sizeof(err));
        assert_non_null(v);
        assert_true(json_is_integer(v));
        json_decref(v);
        v = parse("  \"x\"  \n", err, sizeof(err));
        assert_non_null(v);
        json_decref(v);

        /* The length is honoured: no NUL needed, bytes beyond len ignored. */
        v = jrpc_parse("{}garbage", 2, err, sizeof(err));
        assert_non_null(v);
        json_decref(v);

        /* No errbuf at all is fine. */
        v = jrpc_parse("{}", 2, NULL, 0);
        assert_non_null(v);
        json_decref(v);
}

static void test_jrpc_parse_errors(void **state)
{
        static const char *const bad[] = {
                "",
                "   ",
                "{",
                "{\"a\":}",
                "{\"a\":1,}",
                "[1,2",
                "{}x",
                "{}{}",
                "nul",
                "{'a':1}",
                "{\"a\":1e999999}",
                "{\"a\":9223372036854775808}", /* 2^63: jansson ints are signed */
                "{\"a\":\"\\u0000\"}",         /* NUL in a string */
                "\"\\ud800\"",                 /* lone surrogate */
        };
        char err[256];
        json_t *v;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                err[0] = '\0';
                v = parse(bad[i], err, sizeof(err));
                if (v)
                        fail_msg("parsed: %s", bad[i]);
                assert_true(strlen(err) > 0);
                assert_true(valid_utf8(err));
        }
        v = jrpc_parse(NULL, 0, err, sizeof(err));
        assert_null(v);
        /* A NUL byte inside the body. */
        v = jrpc_parse("{\"a\":1}\0", 8, err, sizeof(err));
        assert_null(v);
        /* Position in the message. */
        v = parse("{\n\"a\": ?}", err, sizeof(err));
        assert_null(v);
        assert_non_null(strstr(err, "line 2"));
}

static void test_jrpc_parse_duplicate_keys(void **state)
{
        char err[256] = "";
        json_t *v;

        (void)state;
        v = parse("{\"id\":1,\"id\":2}", err, sizeof(err));
        assert_null(v);
        assert_non_null(strstr(err, "duplicate"));
        v = parse("{\"params\":{\"session\":1,\"session\":2}}", err, sizeof(err));
        assert_null(v);
        v = parse("[{\"a\":1},{\"b\":{\"c\":1,\"c\":1}}]", err, sizeof(err));
        assert_null(v);
        /* Same key in different objects is fine. */
        v = parse("[{\"a\":1},{\"a\":1}]", err, sizeof(err));
        assert_non_null(v);
        json_decref(v);
}

static void test_jrpc_parse_invalid_utf8(void **state)
{
        static const char *const bad[] = {
                "{\"a\":\"\xff\"}",
                "{\"\xc3\":1}",
                "\xc3\xa9\xff",
                "{\"a\":\"\xed\xa0\x80\"}", /* encoded surrogate */
                "{\"a\":\"\xc0\xaf\"}",     /* overlong */
                "\xe2\x82",                 /* cut short */
        };
        char err[256];

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                err[0] = '\0';
                assert_null(parse(bad[i], err, sizeof(err)));
                assert_true(strlen(err) > 0);
                assert_true(valid_utf8(err)); /* it goes into data.detail */
        }
}

static void test_jrpc_utf8_sanitize(void **state)
{
        char s1[] = "plain ascii";
        char s2[] = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
        char s3[] = "a\xff" "b\xc3" "c\xe2\x82";
        char s4[] = "\xed\xa0\x80|\xc0\xaf|\xf4\x90\x80\x80";
        char small[6];

        (void)state;
        jrpc_utf8_sanitize(s1);
        assert_string_equal(s1, "plain ascii");
        jrpc_utf8_sanitize(s2);
        assert_string_equal(s2, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
        jrpc_utf8_sanitize(s3);
        assert_string_equal(s3, "a?b?c??");
        jrpc_utf8_sanitize(s4);
        assert_string_equal(s4, "???|??|????");
        assert_true(valid_utf8(s4));
        jrpc_utf8_sanitize(NULL);

        /* A truncating printf that cuts "é" in two. */
        jrpc_errbuf_printf(small, sizeof(small), "%s", "abcd\xc3\xa9");
        assert_string_equal(small, "abcd?");
        jrpc_errbuf_printf(NULL, 0, "%s", "nothing happens");
        jrpc_errbuf_printf(small, 0, "%s", "nothing happens");
}

static void test_jrpc_type_names(void **state)
{
        json_t *v;

        (void)state;
        v = json_object();
        assert_string_equal(jrpc_json_type_name(v), "object");
        json_decref(v);
        v = json_array();
        assert_string_equal(jrpc_json_type_name(v), "array");
        json_decref(v);
        v = json_string("x");
        assert_string_equal(jrpc_json_type_name(v), "string");
        json_decref(v);
        v = json_integer(1);
        assert_string_equal(jrpc_json_type_name(v), "integer");
        json_decref(v);
        v = json_real(1.5);
        assert_string_equal(jrpc_json_type_name(v), "real");
        json_decref(v);
        assert_string_equal(jrpc_json_type_name(json_true()), "boolean");
        assert_string_equal(jrpc_json_type_name(json_false()), "boolean");
        assert_string_equal(jrpc_json_type_name(json_null()), "null");
        assert_string_equal(jrpc_json_type_name(NULL), "nothing");
}

/* Check msg (JSON text) and expect -ERR_INVALID_REQUEST with err containing what. */
static void expect_invalid(const char *text, const char *what)
{
        struct jrpc_request req = { 0 };
        char err[256] = "";
        json_t *msg = parse(text, err, sizeof(err));
        int r;

        if (!msg)
                fail_msg("does not parse: %s (%s)", text, err);
        req.id = (json_t *)0x1; /* garbage: must be overwritten */
        r = jrpc_request_check(msg, &req, err, sizeof(err));
        if (!json_is_object(msg))
                assert_null(req.id);
        else
                assert_ptr_equal(req.id, json_object_get(msg, "id"));
        if (r != -ERR_INVALID_REQUEST)
                fail_msg("accepted: %s", text);
        if (!strstr(err, what))
                fail_msg("%s: message \"%s\" lacks \"%s\"", text, err, what);
        assert_true(valid_utf8(err));
        json_decref(msg);
}

static void test_jrpc_request_invalid_shapes(void **state)
{
        (void)state;
        /* Not an object. */
        expect_invalid("[]", "request: expected object, got array");
        expect_invalid("[1]", "got array");
        expect_invalid("1", "got integer");
        expect_invalid("1.5", "got real");
        expect_invalid("\"x\"", "got string");
        expect_invalid("null", "got null");
        expect_invalid("true", "got boolean");
        /* jsonrpc */
        expect_invalid("{}", "jsonrpc: required");
        expect_invalid("{\"method\":\"status\",\"id\":1}", "jsonrpc: required");
        expect_invalid("{\"jsonrpc\":\"1.0\",\"method\":\"status\"}", "jsonrpc: must be \"2.0\"");
        expect_invalid("{\"jsonrpc\":\"2.0 \",\"method\":\"status\"}", "jsonrpc");
        expect_invalid("{\"jsonrpc\":2.0,\"method\":\"status\"}", "jsonrpc");
        expect_invalid("{\"jsonrpc\":2,\"method\":\"status\"}", "jsonrpc");
        expect_invalid("{\"jsonrpc\":null,\"method\":\"status\"}", "jsonrpc");
        /* method */
        expect_invalid("{\"jsonrpc\":\"2.0\"}", "method: required");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":1}", "method: expected string, got integer");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":null}", "got null");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":[\"status\"]}", "got array");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":{}}", "got object");
        /* params */
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":1}",
                       "params: expected object or array, got integer");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":\"s\"}",
                       "got string");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":null}",
                       "got null");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":true}",
                       "got boolean");
        /* unknown members */
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"param\":{}}",
                       "request.param: unknown member");
        expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"ID\":1}",
                       "request.ID: unknown member");
}

static void test_jrpc_request_valid(void **state)
{
        struct jrpc_request req;
        char err[256];
        json_t *msg;

        (void)state;
        msg = parse("{\"jsonrpc\":\"2.0\",\"method\":\"peek\",\"params\":{\"session\":1},"
                    "\"id\":7}",
                    err, sizeof(err));
        assert_int_equal(jrpc_request_check(msg, &req, err, sizeof(err)), 0);
        assert_string_equal(req.method, "peek");
        assert_ptr_equal(req.params, json_object_get(msg, "params"));
        assert_ptr_equal(req.id, json_object_get(msg, "id"));
        json_decref(msg);

        /* Positional params, members in any order. */
        msg = parse("{\"id\":\"a\",\"params\":[1],\"method\":\"status\",\"jsonrpc\":\"2.0\"}",
                    err, sizeof(err));
        assert_int_equal(jrpc_request_check(msg, &req, err, sizeof(err)), 0);
        assert_true(json_is_array(req.params));
        json_decref(msg);

        /* A notification: no id, no params. */
        msg = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sessions\"}", err, sizeof(err));
        assert_int_equal(jrpc_request_check(msg, &req, err, sizeof(err)), 0);
        assert_null(req.id);
        assert_null(req.params);
        json_decref(msg);

        /* An unknown method is not an envelope error: dispatch answers -32601. */
        msg = parse("{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":1}", err, sizeof(err));
        assert_int_equal(jrpc_request_check(msg, &req, err, sizeof(err)), 0);
        json_decref(msg);
}

static void test_jrpc_request_any_id(void **state)
{
        static const char *const ids[] = {
                "1", "-5", "0", "1.5", "\"abc\"", "\"\"", "null", "true", "false",
                "[1,2]", "{\"k\":[null]}", "9223372036854775807",
        };
        char text[256], err[256];
        struct jrpc_request req;
        json_t *msg, *resp;
        char *s;

        (void)state;
        for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
                /* Valid request: the id is the one sent, echoed verbatim. */
                snprintf(text, sizeof(text),
                         "{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"id\":%s}", ids[i]);
                msg = parse(text, err, sizeof(err));
                assert_non_null(msg);
                assert_int_equal(jrpc_request_check(msg, &req, err, sizeof(err)), 0);
                assert_ptr_equal(req.id, json_object_get(msg, "id"));
                resp = jrpc_response_result(req.id, json_object());
                s = dump(json_object_get(resp, "id"));
                assert_string_equal(s, ids[i]);
                free(s);
                json_decref(resp);
                json_decref(msg);

                /* Invalid request: the id is still filled so the error echoes it. */
                snprintf(text, sizeof(text), "{\"jsonrpc\":\"1.0\",\"method\":1,\"id\":%s}",
                         ids[i]);
                msg = parse(text, err, sizeof(err));
                req.id = NULL;
                assert_int_equal(jrpc_request_check(msg, &req, err, sizeof(err)),
                                 -ERR_INVALID_REQUEST);
                assert_ptr_equal(req.id, json_object_get(msg, "id"));
                resp = jrpc_response_error(req.id, -32600, "invalid request", NULL);
                s = dump(json_object_get(resp, "id"));
                assert_string_equal(s, ids[i]);
                free(s);
                json_decref(resp);
                json_decref(msg);
        }
}

static void test_jrpc_responses(void **state)
{
        json_t *id = json_integer(3), *resp, *data;
        char *s;

        (void)state;
        resp = jrpc_response_result(id, json_pack("{si}", "written", 2));
        s = dump(resp);
        assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"result\":{\"written\":2},\"id\":3}");
        free(s);
        json_decref(resp);

        /* NULL id -> null; NULL result -> null. */
        resp = jrpc_response_result(NULL, NULL);
        s = dump(resp);
        assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":null}");
        free(s);
        json_decref(resp);

        data = json_pack("{ss}", "detail", "params.count: expected unsigned integer, got string");
        resp = jrpc_response_error(id, -32602, "invalid params", data);
        s = dump(resp);
        assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":"
                               "\"invalid params\",\"data\":{\"detail\":\"params.count: "
                               "expected unsigned integer, got string\"}},\"id\":3}");
        free(s);
        json_decref(resp);

        resp = jrpc_response_error(NULL, -32700, "parse error", NULL);
        s = dump(resp);
        assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":"
                               "\"parse error\"},\"id\":null}");
        free(s);
        json_decref(resp);

        /* The id is borrowed: still ours. */
        assert_int_equal(id->refcount, 1);
        json_decref(id);
}

static void expect_addr(json_t *v, uint64_t want)
{
        uint64_t got = 12345;
        int r = jrpc_addr_parse(v, &got);

        if (r != 0) {
                char *s = dump(v);
                fail_msg("refused: %s", s);
        }
        assert_true(got == want);
        json_decref(v);
}

static void expect_bad_addr(json_t *v)
{
        uint64_t got = 12345;

        assert_non_null(v);
        if (jrpc_addr_parse(v, &got) != -ERR_INVALID_PARAMS) {
                char *s = dump(v);
                fail_msg("accepted: %s", s);
        }
        assert_true(got == 12345); /* untouched on failure */
        json_decref(v);
}

static void test_jrpc_addr_parse(void **state)
{
        (void)state;
        expect_addr(json_string("0x0"), 0);
        expect_addr(json_string("0x1a2b"), 0x1a2b);
        expect_addr(json_string("0x1A2B"), 0x1a2b);
        expect_addr(json_string("0XdeadBEEF"), 0xdeadbeef);
        expect_addr(json_string("0x7ffff7fe3290"), 0x7ffff7fe3290);
        expect_addr(json_string("0xffffffffffffffff"), UINT64_MAX);
        expect_addr(json_string("0x8000000000000000"), 0x8000000000000000);
        expect_addr(json_string("0x00000000000000000000001"), 1); /* leading zeros */
        expect_addr(json_string("0"), 0);
        expect_addr(json_string("4198694"), 4198694);
        expect_addr(json_string("18446744073709551615"), UINT64_MAX);
        expect_addr(json_string("0018446744073709551615"), UINT64_MAX);
        expect_addr(json_integer(0), 0);
        expect_addr(json_integer(4198694), 4198694);
        expect_addr(json_integer(INT64_MAX), (uint64_t)INT64_MAX);
}

static void test_jrpc_addr_parse_refused(void **state)
{
        (void)state;
        /* Overflow. */
        expect_bad_addr(json_string("0x10000000000000000"));
        expect_bad_addr(json_string("0xfffffffffffffffff"));
        expect_bad_addr(json_string("18446744073709551616"));
        expect_bad_addr(json_string("99999999999999999999"));
        /* Negative. */
        expect_bad_addr(json_integer(-1));
        expect_bad_addr(json_integer(INT64_MIN));
        expect_bad_addr(json_string("-1"));
        expect_bad_addr(json_string("0x-1"));
        /* Empty, prefix only, junk. */
        expect_bad_addr(json_string(""));
        expect_bad_addr(json_string("0x"));
        expect_bad_addr(json_string("0X"));
        expect_bad_addr(json_string("x10"));
        expect_bad_addr(json_string("0xg"));
        expect_bad_addr(json_string("0x12 "));
        expect_bad_addr(json_string(" 0x12"));
        expect_bad_addr(json_string("12 "));
        expect_bad_addr(json_string("+12"));
        expect_bad_addr(json_string("12ab"));
        expect_bad_addr(json_string("0b101"));
        expect_bad_addr(json_string("1e3"));
        expect_bad_addr(json_string("0x1.5"));
        expect_bad_addr(json_string("main"));
        expect_bad_addr(json_stringn("0x12\0" "34", 7)); /* embedded NUL */
        /* Other JSON types. */
        expect_bad_addr(json_real(4096.0));
        expect_bad_addr(json_null());
        expect_bad_addr(json_true());
        expect_bad_addr(json_array());
        expect_bad_addr(json_object());
        {
                uint64_t got;
                assert_int_equal(jrpc_addr_parse(NULL, &got), -ERR_INVALID_PARAMS);
        }
}

static void expect_addr_text(uint64_t v, const char *want)
{
        json_t *s = jrpc_addr(v);
        uint64_t back;

        assert_non_null(s);
        assert_string_equal(json_string_value(s), want);
        assert_int_equal(jrpc_addr_parse(s, &back), 0); /* round trip */
        assert_true(back == v);
        json_decref(s);
}

static void test_jrpc_addr_format(void **state)
{
        (void)state;
        expect_addr_text(0, "0x0");
        expect_addr_text(1, "0x1");
        expect_addr_text(0x1a2b, "0x1a2b");
        expect_addr_text(0xDEADBEEF, "0xdeadbeef");
        expect_addr_text(0x7ffff7fe3290, "0x7ffff7fe3290");
        expect_addr_text(0x8000000000000000, "0x8000000000000000");
        expect_addr_text(UINT64_MAX, "0xffffffffffffffff");
}

/* jrpc_dumps must print exactly what json_dumps(JSON_COMPACT) prints. */
static void dumps_same(const char *text)
{
        json_error_t err;
        json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
        size_t len;
        char *want, *got;

        assert_non_null(v);
        want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        got = jrpc_dumps(v, &len);
        assert_non_null(got);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
        free(want);
        free(got);
        json_decref(v);
}

/* A jrpc_raw value is written as it is, wherever it sits; nothing else is taken for one. */
static void test_jrpc_raw(void **state)
{
        json_t *raw = jrpc_raw("{\"a\":[1,2]}", 11), *resp, *lookalike, *id;
        const char *text;
        size_t len;
        char *out;

        (void)state;
        assert_non_null(raw);
        text = jrpc_raw_text(raw, &len);
        assert_non_null(text);
        assert_int_equal(len, 11);
        id = json_integer(7);
        resp = jrpc_response_result(id, raw);
        json_decref(id);
        out = jrpc_dumps(resp, &len);
        assert_string_equal(out, "{\"jsonrpc\":\"2.0\",\"result\":{\"a\":[1,2]},\"id\":7}");
        free(out);
        json_decref(resp);

        lookalike = json_loads("{\"raw\":\"{}\"}", 0, NULL);
        assert_null(jrpc_raw_text(lookalike, &len));
        json_decref(lookalike);
        lookalike = json_pack("{s:s}", "", "{}");
        assert_null(jrpc_raw_text(lookalike, &len));
        json_decref(lookalike);
        assert_null(jrpc_raw_text(json_object_get(NULL, "x"), &len));
}

static void test_jrpc_dumps_matches_jansson(void **state)
{
        dumps_same("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":[1,-2,true,false,null]}}");
        dumps_same("\"quote \\\" backslash \\\\ nl \\n tab \\t cr \\r bs \\b ff \\f\"");
        dumps_same("\"ctl \\u0001 \\u001f del \\u007f utf8 \\u00e9 \\ud83d\\ude00 slash /\"");
        dumps_same("[1.5,-0.25,1e300,0.0,3]");
        dumps_same("{\"z\":1,\"a\":{\"y\":[],\"b\":{}},\"m\":\"\"}");
        dumps_same("-9223372036854775808");
        dumps_same("[[[[[\"deep\"]]]]]");
        /* A long string: one run, one copy. */
        json_t *big = json_string_nocheck("");
        char *s = malloc(1 << 20);
        memset(s, 'a', 1 << 20);
        s[(1 << 20) - 1] = 0;
        json_string_set_nocheck(big, s);
        size_t len;
        char *out = jrpc_dumps(big, &len);
        assert_int_equal(len, (1 << 20) + 1);
        assert_int_equal(out[0], '"');
        assert_int_equal(out[len - 1], '"');
        free(out);
        free(s);
        json_decref(big);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_jrpc_parse_ok),
                cmocka_unit_test(test_jrpc_parse_errors),
                cmocka_unit_test(test_jrpc_parse_duplicate_keys),
                cmocka_unit_test(test_jrpc_parse_invalid_utf8),
                cmocka_unit_test(test_jrpc_utf8_sanitize),
                cmocka_unit_test(test_jrpc_type_names),
                cmocka_unit_test(test_jrpc_request_invalid_shapes),
                cmocka_unit_test(test_jrpc_request_valid),
                cmocka_unit_test(test_jrpc_request_any_id),
                cmocka_unit_test(test_jrpc_responses),
                cmocka_unit_test(test_jrpc_addr_parse),
                cmocka_unit_test(test_jrpc_raw),
                cmocka_unit_test(test_jrpc_addr_parse_refused),
                cmocka_unit_test(test_jrpc_addr_format),
                cmocka_unit_test(test_jrpc_dumps_matches_jansson),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
