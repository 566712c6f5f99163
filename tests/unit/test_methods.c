/* test_methods.c — the method table (protocol/methods.c): documentation completeness,
 * params validation, getters, signal names, and the documents written from the table
 * (rpc.discover's OpenRPC in openrpc.c, docs/api.md in apidoc.c). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "errors.h"
#include "jrpc.h"
#include "methods.h"

static json_t *j(const char *text)
{
        json_error_t err;
        json_t *v = json_loads(text, JSON_DECODE_ANY, &err);

        if (!v)
                fail_msg("bad JSON in test: %s: %s", text, err.text);
        return v;
}

static const struct jrpc_method *m_(const char *name)
{
        const struct jrpc_method *m = jrpc_method_find(name);

        assert_non_null(m);
        return m;
}

/* Check params (JSON text, or NULL) against method; expect success, return the result. */
static json_t *check_ok(const struct jrpc_method *m, const char *params)
{
        char err[256] = "";
        json_t *p = params ? j(params) : NULL, *out = NULL;
        int r = jrpc_params_check(m, p, &out, err, sizeof(err));

        if (r != 0)
                fail_msg("%s %s: refused: %s", m->name, params ? params : "NULL", err);
        assert_true(json_is_object(out));
        json_decref(p);
        return out;
}

/* Expect -ERR_INVALID_PARAMS with exactly the message want. */
static void check_bad(const struct jrpc_method *m, const char *params, const char *want)
{
        char err[256] = "";
        json_t *p = params ? j(params) : NULL, *out = (json_t *)0x1;
        int r = jrpc_params_check(m, p, &out, err, sizeof(err));

        if (r != -ERR_INVALID_PARAMS)
                fail_msg("%s %s: accepted (r=%d)", m->name, params ? params : "NULL", r);
        assert_ptr_equal(out, (json_t *)0x1); /* untouched on failure */
        if (strcmp(err, want) != 0)
                fail_msg("%s %s:\n got  %s\n want %s", m->name, params ? params : "NULL",
                         err, want);
        json_decref(p);
}

static int valid_utf8(const char *s)
{
        json_t *v = json_string(s);
        int ok = v != NULL;

        json_decref(v);
        return ok;
}

/* Table ------------------------------------------------------------------------------ */

static void test_methods_table_complete(void **state)
{
        static const char *const names[] = {
#define NAME(id, name) name,
                DBGD_METHODS(NAME)
#undef NAME
        };

        (void)state;
        assert_int_equal(sizeof(names) / sizeof(names[0]), JRPC_M__COUNT);
        for (size_t i = 0; i < JRPC_M__COUNT; i++) {
                const struct jrpc_method *m = &jrpc_methods[i];

                assert_non_null(m->name);
                assert_string_equal(m->name, names[i]);
                assert_int_equal(m->id, i);
                assert_ptr_equal(jrpc_method_find(names[i]), m);
                assert_true(m->summary && strlen(m->summary) > 5);
                assert_true(m->doc && strlen(m->doc) > 40);
                assert_true(m->result_doc && strlen(m->result_doc) > 5);
                assert_non_null(m->result_schema);
                assert_non_null(m->example_result);
                assert_true(m->n_params == 0 || m->params);
                for (size_t k = 0; k < m->n_params; k++) {
                        const struct jrpc_param *p = &m->params[k];

                        assert_true(p->name && *p->name);
                        if (!p->doc || strlen(p->doc) < 5)
                                fail_msg("%s.%s: no doc", m->name, p->name);
                        /* Required params have no default; choices only on strings. */
                        assert_false(p->required && p->default_doc);
                        assert_true(!p->choices || p->type == JT_STRING);
                        for (size_t l = 0; l < k; l++)
                                assert_string_not_equal(p->name, m->params[l].name);
                }
                /* Every session-scoped method takes "session" first, required (spawn
                 * and attach make one). */
                if (m->n_params && strcmp(m->name, "spawn") != 0 &&
                    strcmp(m->name, "attach") != 0) {
                        assert_string_equal(m->params[0].name, "session");
                        assert_true(m->params[0].required);
                }
        }
}

static void test_methods_table_json(void **state)
{
        (void)state;
        for (size_t i = 0; i < JRPC_M__COUNT; i++) {
                const struct jrpc_method *m = &jrpc_methods[i];
                json_t *v;

                v = j(m->result_schema);
                assert_true(json_is_object(v));
                json_decref(v);
                v = j(m->example_result);
                json_decref(v);
                /* The example params pass validation. */
                v = check_ok(m, m->example_params);
                json_decref(v);
                /* A default written as JSON matches the param's choices. */
                for (size_t k = 0; k < m->n_params; k++) {
                        const struct jrpc_param *p = &m->params[k];
                        json_t *def;
                        int found = 0;

                        if (!p->choices || !p->default_doc) /* none: absent is none */
                                continue;
                        def = j(p->default_doc);
                        for (const char *const *c = p->choices; *c; c++)
                                found |= strcmp(*c, json_string_value(def)) == 0;
                        assert_true(found);
                        json_decref(def);
                }
        }
        for (size_t i = 0; i < jrpc_n_schemas; i++) {
                json_t *v = j(jrpc_schemas[i].schema);

                assert_true(json_is_object(v));
                assert_true(jrpc_schemas[i].doc && strlen(jrpc_schemas[i].doc) > 10);
                json_decref(v);
        }
}

static void test_methods_find(void **state)
{
        (void)state;
        assert_int_equal(m_("spawn")->id, JRPC_M_spawn);
        assert_int_equal(m_("break")->id, JRPC_M_break);
        assert_int_equal(m_("rpc.discover")->id, JRPC_M_discover);
        assert_null(jrpc_method_find("discover"));
        assert_null(jrpc_method_find("nope"));
        assert_null(jrpc_method_find("Spawn"));
        assert_null(jrpc_method_find(""));
        assert_null(jrpc_method_find(NULL));
}

/* Validation ------------------------------------------------------------------------- */

static void test_methods_params_null_and_empty(void **state)
{
        json_t *out;
        char err[128];

        (void)state;
        out = check_ok(m_("sessions"), NULL);
        assert_int_equal(json_object_size(out), 0);
        json_decref(out);
        out = check_ok(m_("sessions"), "{}");
        json_decref(out);
        out = check_ok(m_("sessions"), "[]");
        json_decref(out);
        out = check_ok(m_("rpc.discover"), "null");
        json_decref(out);
        check_bad(m_("status"), NULL, "params.session: required");
        check_bad(m_("status"), "{}", "params.session: required");
        check_bad(m_("status"), "\"x\"", "params: expected object or array, got string");
        check_bad(m_("status"), "1", "params: expected object or array, got integer");
        /* errbuf may be NULL. */
        assert_int_equal(jrpc_params_check(m_("status"), NULL, &out, NULL, 0),
                         -ERR_INVALID_PARAMS);
        (void)err;
}

static void test_methods_params_unknown(void **state)
{
        char err[256];
        json_t *p, *out;
        char key[700];

        (void)state;
        check_bad(m_("status"), "{\"sesion\":1}", "params.sesion: unknown parameter");
        /* Unknown is reported before missing. */
        check_bad(m_("peek"), "{\"session\":1,\"adress\":\"0x1\"}",
                  "params.adress: unknown parameter");
        check_bad(m_("sessions"), "{\"all\":true}", "params.all: unknown parameter");
        check_bad(m_("rpc.discover"), "{\"x\":1}", "params.x: unknown parameter");
        check_bad(m_("status"), "{\"session\":1,\"Session\":1}",
                  "params.Session: unknown parameter");

        /* A long non-ASCII key cut by the errbuf size stays valid UTF-8. */
        strcpy(key, "{\"");
        for (int i = 0; i < 300; i++)
                strcat(key, "\xc3\xa9");
        strcat(key, "\":1}");
        p = j(key);
        for (size_t len = 8; len < sizeof(err); len += 7) {
                memset(err, 0, sizeof(err));
                assert_int_equal(jrpc_params_check(m_("status"), p, &out, err, len),
                                 -ERR_INVALID_PARAMS);
                assert_true(valid_utf8(err));
        }
        json_decref(p);
}

static void test_methods_params_required(void **state)
{
        (void)state;
        check_bad(m_("spawn"), "{}", "params.path: required");
        check_bad(m_("spawn"), "{\"path\":null}", "params.path: required");
        check_bad(m_("peek"), "{\"session\":1}", "params.address: required");
        check_bad(m_("poke"), "{\"session\":1,\"address\":1}", "params.bytes: required");
        check_bad(m_("delete"), "{\"session\":1}", "params.breakpoint: required");
        check_bad(m_("step"), "{\"count\":1}", "params.session: required");
}

static void test_methods_params_types(void **state)
{
        (void)state;
        /* JT_UINT */
        check_bad(m_("step"), "{\"session\":1,\"count\":\"2\"}",
                  "params.count: expected unsigned integer, got string");
        check_bad(m_("step"), "{\"session\":1,\"count\":-3}",
                  "params.count: expected unsigned integer, got -3");
        check_bad(m_("step"), "{\"session\":1,\"count\":1.5}",
                  "params.count: expected unsigned integer, got real");
        check_bad(m_("step"), "{\"session\":1,\"count\":true}",
                  "params.count: expected unsigned integer, got boolean");
        check_bad(m_("status"), "{\"session\":\"1\"}",
                  "params.session: expected unsigned integer, got string");
        check_bad(m_("status"), "{\"session\":[1]}",
                  "params.session: expected unsigned integer, got array");
        check_bad(m_("status"), "{\"session\":{}}",
                  "params.session: expected unsigned integer, got object");
        /* JT_NUMBER */
        check_bad(m_("wait"), "{\"session\":1,\"timeout\":\"5\"}",
                  "params.timeout: expected non-negative number, got string");
        check_bad(m_("wait"), "{\"session\":1,\"timeout\":-1}",
                  "params.timeout: expected non-negative number, got -1");
        check_bad(m_("wait"), "{\"session\":1,\"timeout\":-0.5}",
                  "params.timeout: expected non-negative number, got -0.5");
        /* JT_BOOL */
        check_bad(m_("cont"), "{\"session\":1,\"wait\":1}",
                  "params.wait: expected boolean, got integer");
        check_bad(m_("cont"), "{\"session\":1,\"wait\":\"false\"}",
                  "params.wait: expected boolean, got string");
        /* JT_STRING */
        check_bad(m_("spawn"), "{\"path\":1}", "params.path: expected string, got integer");
        check_bad(m_("spawn"), "{\"path\":[\"./a\"]}", "params.path: expected string, got array");
        /* JT_ADDR */
        check_bad(m_("peek"), "{\"session\":1,\"address\":true}",
                  "params.address: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got boolean");
        check_bad(m_("peek"), "{\"session\":1,\"address\":\"0xzz\"}",
                  "params.address: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got \"0xzz\"");
        check_bad(m_("peek"), "{\"session\":1,\"address\":-1}",
                  "params.address: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got -1");
        check_bad(m_("peek"), "{\"session\":1,\"address\":1.0}",
                  "params.address: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got real");
        check_bad(m_("peek"), "{\"session\":1,\"address\":\"0x10000000000000000\"}",
                  "params.address: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got \"0x10000000000000000\"");
        check_bad(m_("peek"),
                  "{\"session\":1,\"address\":\"0x1111111111111111111111111111111111111111111\"}",
                  "params.address: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got a string of 45 bytes");
        /* JT_SIGNAL */
        check_bad(m_("cont"), "{\"session\":1,\"signal\":\"SIGFOO\"}",
                  "params.signal: expected signal (integer 0..64 or name such as "
                  "\"SIGINT\"), got \"SIGFOO\"");
        check_bad(m_("cont"), "{\"session\":1,\"signal\":65}",
                  "params.signal: expected signal (integer 0..64 or name such as "
                  "\"SIGINT\"), got 65");
        check_bad(m_("cont"), "{\"session\":1,\"signal\":-1}",
                  "params.signal: expected signal (integer 0..64 or name such as "
                  "\"SIGINT\"), got -1");
        check_bad(m_("syscall"), "{\"session\":1,\"signal\":true}",
                  "params.signal: expected signal (integer 0..64 or name such as "
                  "\"SIGINT\"), got boolean");
        /* JT_STRINGS */
        check_bad(m_("spawn"), "{\"path\":\"a\",\"args\":\"-v\"}",
                  "params.args: expected array of strings, got string");
        check_bad(m_("spawn"), "{\"path\":\"a\",\"args\":[\"-v\",1]}",
                  "params.args[1]: expected string, got integer");
        check_bad(m_("spawn"), "{\"path\":\"a\",\"args\":[null]}",
                  "params.args[0]: expected string, got null");
        check_bad(m_("regs"), "{\"session\":1,\"names\":{}}",
                  "params.names: expected array of strings, got object");
        /* JT_STRMAP */
        check_bad(m_("spawn"), "{\"path\":\"a\",\"env\":[\"A=1\"]}",
                  "params.env: expected object of strings or nulls, got array");
        check_bad(m_("spawn"), "{\"path\":\"a\",\"env\":{\"A\":\"1\",\"B\":2}}",
                  "params.env.B: expected string or null, got integer");
        check_bad(m_("spawn"), "{\"path\":\"a\",\"env\":{\"A\":false}}",
                  "params.env.A: expected string or null, got boolean");
        /* JT_ADDRMAP */
        check_bad(m_("regs"), "{\"session\":1,\"set\":[]}",
                  "params.set: expected object of addresses, got array");
        check_bad(m_("regs"), "{\"session\":1,\"set\":{\"rax\":\"zz\"}}",
                  "params.set.rax: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got \"zz\"");
        check_bad(m_("regs"), "{\"session\":1,\"set\":{\"rax\":null}}",
                  "params.set.rax: expected address (\"0x...\" hex string, decimal string "
                  "or unsigned integer), got null");
}

/* A method with one param of every type, including JT_INT that no real method uses. */
static const struct jrpc_param all_params[] = {
        { "i", JT_INT, 0, "an int", NULL, NULL },
        { "u", JT_UINT, 0, "a uint", NULL, "1" },
        { "n", JT_NUMBER, 0, "a number", NULL, "60" },
        { "b", JT_BOOL, 0, "a bool", NULL, "true" },
        { "s", JT_STRING, 0, "a string", NULL, NULL },
        { "a", JT_ADDR, 0, "an address", NULL, NULL },
        { "g", JT_SIGNAL, 0, "a signal", NULL, NULL },
        { "ss", JT_STRINGS, 0, "strings", NULL, NULL },
        { "sm", JT_STRMAP, 0, "a string map", NULL, NULL },
        { "am", JT_ADDRMAP, 0, "an address map", NULL, NULL },
};

static const struct jrpc_method all_method = {
        .id = JRPC_M__COUNT,
        .name = "all",
        .params = all_params,
        .n_params = sizeof(all_params) / sizeof(all_params[0]),
};

static void test_methods_params_every_type_ok(void **state)
{
        json_t *out;
        char *s;

        (void)state;
        out = check_ok(&all_method,
                       "{\"am\":{\"rax\":\"0x1\",\"rip\":4096,\"rbx\":\"18446744073709551615\"},"
                       "\"i\":-5,\"u\":0,\"n\":0.25,\"b\":false,\"s\":\"\",\"a\":\"0xFFFFFFFFFFFFFFFF\","
                       "\"g\":\"int\",\"ss\":[],\"sm\":{\"A\":null,\"B\":\"x\"}}");
        /* The output follows the table's order, values as given. */
        s = json_dumps(out, JSON_COMPACT);
        assert_string_equal(s, "{\"i\":-5,\"u\":0,\"n\":0.25,\"b\":false,\"s\":\"\","
                               "\"a\":\"0xFFFFFFFFFFFFFFFF\",\"g\":\"int\",\"ss\":[],"
                               "\"sm\":{\"A\":null,\"B\":\"x\"},\"am\":{\"rax\":\"0x1\","
                               "\"rip\":4096,\"rbx\":\"18446744073709551615\"}}");
        free(s);
        assert_true(jrpc_param_int(out, "i", 0) == -5);
        assert_true(jrpc_param_addr(out, "a", 0) == UINT64_MAX);
        assert_int_equal(jrpc_param_signal(out, "g", -1), SIGINT);
        json_decref(out);

        check_bad(&all_method, "{\"i\":\"1\"}", "params.i: expected integer, got string");
        check_bad(&all_method, "{\"i\":1.0}", "params.i: expected integer, got real");
        out = check_ok(&all_method, "{\"n\":7}"); /* an integer is a number */
        assert_true(jrpc_param_num(out, "n", 0) == 7.0);
        json_decref(out);
}

static void test_methods_params_choices(void **state)
{
        json_t *out;

        (void)state;
        check_bad(m_("spawn"), "{\"path\":\"a\",\"stop\":\"later\"}",
                  "params.stop: must be one of \"exec\", \"entry\", \"main\", \"none\"");
        check_bad(m_("spawn"), "{\"path\":\"a\",\"stop\":\"EXEC\"}",
                  "params.stop: must be one of \"exec\", \"entry\", \"main\", \"none\"");
        check_bad(m_("spawn"), "{\"path\":\"a\",\"stop\":1}",
                  "params.stop: expected string, got integer");
        check_bad(m_("peek"), "{\"session\":1,\"address\":1,\"format\":\"text\"}",
                  "params.format: must be one of \"hex\", \"base64\"");
        check_bad(m_("output"), "{\"session\":1,\"stream\":\"stdin\"}",
                  "params.stream: must be one of \"stdout\", \"stderr\"");
        check_bad(m_("output"), "{\"session\":1,\"format\":\"hex\"}",
                  "params.format: must be one of \"text\", \"base64\"");
        out = check_ok(m_("spawn"), "{\"path\":\"a\",\"stop\":\"none\"}");
        assert_string_equal(jrpc_param_str(out, "stop", "exec"), "none");
        json_decref(out);
        out = check_ok(m_("output"), "{\"session\":1,\"stream\":\"stderr\",\"format\":\"base64\"}");
        json_decref(out);
}

static void test_methods_params_positional(void **state)
{
        json_t *out;

        (void)state;
        out = check_ok(m_("status"), "[3]");
        assert_int_equal(jrpc_param_int(out, "session", 0), 3);
        json_decref(out);

        out = check_ok(m_("step"), "[1, 5]");
        assert_int_equal(jrpc_param_int(out, "session", 0), 1);
        assert_int_equal(jrpc_param_int(out, "count", 1), 5);
        json_decref(out);

        /* null skips a position. */
        out = check_ok(m_("step"), "[1, null, 2.5]");
        assert_int_equal(jrpc_param_int(out, "count", 1), 1);
        assert_true(jrpc_param_num(out, "timeout", 60) == 2.5);
        json_decref(out);

        out = check_ok(m_("peek"), "[1, \"0x401000\", 16, \"base64\"]");
        assert_true(jrpc_param_addr(out, "address", 0) == 0x401000);
        json_decref(out);

        check_bad(m_("status"), "[1, 2]",
                  "params: expected at most 1 positional parameters, got 2");
        check_bad(m_("sessions"), "[1]",
                  "params: expected at most 0 positional parameters, got 1");
        check_bad(m_("step"), "[]", "params.session: required");
        check_bad(m_("step"), "[null, 5]", "params.session: required");
        check_bad(m_("step"), "[1, \"5\"]",
                  "params.count: expected unsigned integer, got string");
        check_bad(m_("peek"), "[1]", "params.address: required");
}

static void test_methods_params_null_is_default(void **state)
{
        json_t *out;

        (void)state;
        out = check_ok(m_("step"), "{\"session\":1,\"count\":null,\"timeout\":null}");
        assert_null(jrpc_param(out, "count"));
        assert_int_equal(jrpc_param_int(out, "count", 1), 1);
        assert_true(jrpc_param_num(out, "timeout", 60) == 60);
        assert_int_equal(json_object_size(out), 1);
        json_decref(out);
}

static void test_methods_params_one_of(void **state)
{
        json_t *out;

        (void)state;
        check_bad(m_("break"), "{\"session\":1}", "params: address or symbol required");
        check_bad(m_("break"), "{\"session\":1,\"temporary\":true}",
                  "params: address or symbol required");
        check_bad(m_("break"), "{\"session\":1,\"address\":null}",
                  "params: address or symbol required");
        out = check_ok(m_("break"), "{\"session\":1,\"symbol\":\"main\"}");
        assert_string_equal(jrpc_param_str(out, "symbol", NULL), "main");
        json_decref(out);
        out = check_ok(m_("break"), "{\"session\":1,\"address\":4198694,\"temporary\":true}");
        assert_true(jrpc_param_addr(out, "address", 0) == 4198694);
        assert_true(jrpc_param_bool(out, "temporary", 0));
        json_decref(out);
}

static void test_methods_params_input_untouched(void **state)
{
        json_t *p = j("{\"session\":1,\"count\":2}"), *out = NULL;
        char err[128];

        (void)state;
        assert_int_equal(jrpc_params_check(m_("step"), p, &out, err, sizeof(err)), 0);
        assert_int_equal(p->refcount, 1);
        assert_int_equal(json_object_size(p), 2);
        assert_ptr_equal(json_object_get(out, "count"), json_object_get(p, "count"));
        json_decref(out);
        json_decref(p);
}

static void test_methods_getters(void **state)
{
        json_t *p = j("{\"s\":\"x\",\"i\":7,\"r\":1.5,\"t\":true,\"f\":false,\"a\":\"0x10\","
                      "\"d\":\"16\",\"g\":\"SIGSEGV\",\"z\":null}");

        (void)state;
        assert_non_null(jrpc_param(p, "s"));
        assert_null(jrpc_param(p, "missing"));
        assert_null(jrpc_param(p, "z"));
        assert_null(jrpc_param(NULL, "s"));

        assert_string_equal(jrpc_param_str(p, "s", "def"), "x");
        assert_string_equal(jrpc_param_str(p, "missing", "def"), "def");
        assert_null(jrpc_param_str(p, "missing", NULL));
        assert_string_equal(jrpc_param_str(p, "i", "def"), "def"); /* wrong type */

        assert_true(jrpc_param_int(p, "i", 1) == 7);
        assert_true(jrpc_param_int(p, "missing", 42) == 42);
        assert_true(jrpc_param_int(p, "z", 42) == 42);
        assert_true(jrpc_param_int(NULL, "i", -1) == -1);

        assert_true(jrpc_param_num(p, "r", 0) == 1.5);
        assert_true(jrpc_param_num(p, "i", 0) == 7.0);
        assert_true(jrpc_param_num(p, "missing", 60) == 60);

        assert_int_equal(jrpc_param_bool(p, "t", 0), 1);
        assert_int_equal(jrpc_param_bool(p, "f", 1), 0);
        assert_int_equal(jrpc_param_bool(p, "missing", 1), 1);
        assert_int_equal(jrpc_param_bool(p, "missing", 0), 0);

        assert_true(jrpc_param_addr(p, "a", 0) == 16);
        assert_true(jrpc_param_addr(p, "d", 0) == 16);
        assert_true(jrpc_param_addr(p, "i", 0) == 7);
        assert_true(jrpc_param_addr(p, "missing", 99) == 99);

        assert_int_equal(jrpc_param_signal(p, "g", -1), SIGSEGV);
        assert_int_equal(jrpc_param_signal(p, "i", -1), 7);
        assert_int_equal(jrpc_param_signal(p, "missing", -1), -1);
        json_decref(p);
}

/* Signals ---------------------------------------------------------------------------- */

static int sig_of(const char *json_text)
{
        json_t *v = j(json_text);
        int r = jrpc_signal_parse(v);

        json_decref(v);
        return r;
}

static void test_methods_signal_parse(void **state)
{
        (void)state;
        assert_int_equal(sig_of("0"), 0);
        assert_int_equal(sig_of("2"), SIGINT);
        assert_int_equal(sig_of("64"), 64);
        assert_int_equal(sig_of("\"SIGINT\""), SIGINT);
        assert_int_equal(sig_of("\"INT\""), SIGINT);
        assert_int_equal(sig_of("\"sigint\""), SIGINT);
        assert_int_equal(sig_of("\"int\""), SIGINT);
        assert_int_equal(sig_of("\"SIGKILL\""), SIGKILL);
        assert_int_equal(sig_of("\"SEGV\""), SIGSEGV);
        assert_int_equal(sig_of("\"SIGTRAP\""), SIGTRAP);
        assert_int_equal(sig_of("\"SIGSTKFLT\""), 16);
        assert_int_equal(sig_of("\"SIGIO\""), SIGIO);
        assert_int_equal(sig_of("\"POLL\""), SIGIO);
        assert_int_equal(sig_of("\"SIGIOT\""), SIGABRT);
        assert_int_equal(sig_of("\"CLD\""), SIGCHLD);
        assert_int_equal(sig_of("\"SIGRT0\""), 32);
        assert_int_equal(sig_of("\"SIGRT1\""), 33);
        assert_int_equal(sig_of("\"RT32\""), 64);
        assert_int_equal(sig_of("\"SIGRTMIN\""), 32);
        assert_int_equal(sig_of("\"SIGRTMAX\""), 64);

        assert_int_equal(sig_of("-1"), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("65"), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("2.0"), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\"\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\"SIG\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\"SIGFOO\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\"9\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\"SIGSIGINT\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\"SIGRT33\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("\" SIGINT\""), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("null"), -ERR_INVALID_PARAMS);
        assert_int_equal(sig_of("[2]"), -ERR_INVALID_PARAMS);
        assert_int_equal(jrpc_signal_parse(NULL), -ERR_INVALID_PARAMS);
}

static void test_methods_signal_names(void **state)
{
        (void)state;
        assert_string_equal(jrpc_signal_name(SIGKILL), "SIGKILL");
        assert_string_equal(jrpc_signal_name(SIGSEGV), "SIGSEGV");
        assert_string_equal(jrpc_signal_name(SIGINT), "SIGINT");
        assert_string_equal(jrpc_signal_name(SIGIO), "SIGIO");
        assert_string_equal(jrpc_signal_name(32), "SIGRT0");
        assert_string_equal(jrpc_signal_name(33), "SIGRT1");
        assert_string_equal(jrpc_signal_name(64), "SIGRT32");
        assert_null(jrpc_signal_name(0));
        assert_null(jrpc_signal_name(-1));
        assert_null(jrpc_signal_name(65));

        /* The standard names agree with glibc's (which says POLL for SIGIO). */
        for (int sig = 1; sig < 32; sig++) {
                char want[32];

                if (sig == SIGIO)
                        continue;
                snprintf(want, sizeof(want), "SIG%s", sigabbrev_np(sig));
                assert_string_equal(jrpc_signal_name(sig), want);
        }
        /* Every name parses back to its number. */
        for (int sig = 1; sig <= 64; sig++) {
                json_t *v = json_string(jrpc_signal_name(sig));

                assert_non_null(v);
                assert_int_equal(jrpc_signal_parse(v), sig);
                json_decref(v);
        }
}

/* OpenRPC ---------------------------------------------------------------------------- */

/* Every {"$ref": "#/components/schemas/X"} in v names a schema in schemas. */
static void check_refs(json_t *v, json_t *schemas, int *n_refs)
{
        const char *key;
        json_t *e;
        size_t i;

        if (json_is_object(v)) {
                json_object_foreach(v, key, e) {
                        if (strcmp(key, "$ref") == 0) {
                                const char *ref = json_string_value(e);
                                const char *prefix = "#/components/schemas/";

                                assert_non_null(ref);
                                assert_memory_equal(ref, prefix, strlen(prefix));
                                if (!json_object_get(schemas, ref + strlen(prefix)))
                                        fail_msg("dangling $ref %s", ref);
                                (*n_refs)++;
                        } else
                                check_refs(e, schemas, n_refs);
                }
        } else if (json_is_array(v)) {
                json_array_foreach(v, i, e)
                        check_refs(e, schemas, n_refs);
        }
}

static void test_methods_openrpc(void **state)
{
        json_t *doc = jrpc_openrpc("9.8.7"), *methods, *schemas, *errors;
        int n_refs = 0;
        char *s;

        (void)state;
        assert_non_null(doc);
        assert_string_equal(json_string_value(json_object_get(doc, "openrpc")), "1.2.6");
        assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "info"),
                                                              "version")), "9.8.7");
        assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "info"),
                                                              "title")), "dbgd");
        methods = json_object_get(doc, "methods");
        assert_int_equal(json_array_size(methods), JRPC_M__COUNT);
        schemas = json_object_get(json_object_get(doc, "components"), "schemas");
        errors = json_object_get(json_object_get(doc, "components"), "errors");
        assert_true(json_is_object(schemas));
        for (size_t i = 0; i < jrpc_n_schemas; i++)
                assert_non_null(json_object_get(schemas, jrpc_schemas[i].name));
        assert_non_null(json_object_get(schemas, "Status"));
        assert_non_null(json_object_get(schemas, "Stop"));
        assert_non_null(json_object_get(schemas, "Signal"));
        assert_non_null(json_object_get(schemas, "Syscall"));
        assert_int_equal(json_integer_value(json_object_get(json_object_get(errors, "GONE"),
                                                            "code")), -32003);
        assert_int_equal(json_object_size(errors), ERR__END - ERR__BASE - 1);

        for (size_t i = 0; i < JRPC_M__COUNT; i++) {
                const struct jrpc_method *m = &jrpc_methods[i];
                json_t *o = json_array_get(methods, i), *params, *result, *ex;

                assert_string_equal(json_string_value(json_object_get(o, "name")), m->name);
                assert_string_equal(json_string_value(json_object_get(o, "summary")),
                                    m->summary);
                assert_string_equal(json_string_value(json_object_get(o, "description")),
                                    m->doc);
                params = json_object_get(o, "params");
                assert_true(json_is_array(params));
                assert_int_equal(json_array_size(params), m->n_params);
                for (size_t k = 0; k < m->n_params; k++) {
                        json_t *p = json_array_get(params, k);

                        assert_string_equal(json_string_value(json_object_get(p, "name")),
                                            m->params[k].name);
                        assert_true(json_is_boolean(json_object_get(p, "required")));
                        assert_int_equal(json_is_true(json_object_get(p, "required")),
                                         m->params[k].required);
                        assert_true(json_is_object(json_object_get(p, "schema")));
                        assert_true(json_is_string(json_object_get(p, "description")));
                }
                result = json_object_get(o, "result");
                assert_true(json_is_string(json_object_get(result, "name")));
                assert_true(json_is_object(json_object_get(result, "schema")));
                ex = json_array_get(json_object_get(o, "examples"), 0);
                assert_non_null(json_object_get(json_object_get(ex, "result"), "value"));
                assert_true(json_is_array(json_object_get(ex, "params")));
        }

        /* Defaults and choices reach the param schemas. */
        {
                json_t *spawn = json_array_get(methods, JRPC_M_spawn), *p, *stop = NULL;
                size_t i;

                json_array_foreach(json_object_get(spawn, "params"), i, p)
                        if (strcmp(json_string_value(json_object_get(p, "name")), "stop") == 0)
                                stop = json_object_get(p, "schema");

                assert_string_equal(json_string_value(json_object_get(stop, "default")),
                                    "exec");
                assert_int_equal(json_array_size(json_object_get(stop, "enum")), 4);
        }

        check_refs(doc, schemas, &n_refs);
        assert_true(n_refs > 10);

        s = json_dumps(doc, JSON_COMPACT);
        assert_non_null(s);
        free(s);
        json_decref(doc);
}

static void test_methods_apidoc(void **state)
{
        char *buf = NULL, needle[256];
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        (void)state;
        assert_non_null(f);
        jrpc_apidoc_markdown(f);
        assert_int_equal(fclose(f), 0);
        assert_true(len > 1000);
        for (size_t i = 0; i < JRPC_M__COUNT; i++) {
                snprintf(needle, sizeof(needle), "\n### `%s`\n", jrpc_methods[i].name);
                assert_non_null(strstr(buf, needle));
                snprintf(needle, sizeof(needle), "\"method\":\"%s\"", jrpc_methods[i].name);
                assert_non_null(strstr(buf, needle));
                for (size_t k = 0; k < jrpc_methods[i].n_params; k++) {
                        snprintf(needle, sizeof(needle), "| `%s` |",
                                 jrpc_methods[i].params[k].name);
                        assert_non_null(strstr(buf, needle));
                }
        }
#define ERR_ROW(name, code, msg)                                                       \
        snprintf(needle, sizeof(needle), "| %d | `%s` | %s |", code, #name, msg);      \
        assert_non_null(strstr(buf, needle));
        DBGD_ERRORS(ERR_ROW)
#undef ERR_ROW
        assert_non_null(strstr(buf, "curl -s -H \"Authorization: Bearer $TOKEN\" -H "
                                    "'Content-Type: application/json'"));
        assert_non_null(strstr(buf, "http://127.0.0.1:7777/rpc"));
        /* Deterministic. */
        {
                char *buf2 = NULL;
                size_t len2 = 0;
                FILE *f2 = open_memstream(&buf2, &len2);

                jrpc_apidoc_markdown(f2);
                fclose(f2);
                assert_int_equal(len, len2);
                assert_memory_equal(buf, buf2, len);
                free(buf2);
        }
        free(buf);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_methods_table_complete),
                cmocka_unit_test(test_methods_table_json),
                cmocka_unit_test(test_methods_find),
                cmocka_unit_test(test_methods_params_null_and_empty),
                cmocka_unit_test(test_methods_params_unknown),
                cmocka_unit_test(test_methods_params_required),
                cmocka_unit_test(test_methods_params_types),
                cmocka_unit_test(test_methods_params_every_type_ok),
                cmocka_unit_test(test_methods_params_choices),
                cmocka_unit_test(test_methods_params_positional),
                cmocka_unit_test(test_methods_params_null_is_default),
                cmocka_unit_test(test_methods_params_one_of),
                cmocka_unit_test(test_methods_params_input_untouched),
                cmocka_unit_test(test_methods_getters),
                cmocka_unit_test(test_methods_signal_parse),
                cmocka_unit_test(test_methods_signal_names),
                cmocka_unit_test(test_methods_openrpc),
                cmocka_unit_test(test_methods_apidoc),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
