/* openrpc.c — the OpenRPC 1.2.6 document that rpc.discover serves, written from the
 * method table, the shared schemas and the error table.
 *
 * Pure: builds a json_t, no I/O. Every JSON text in the tables is checked by
 * tests/unit/test_methods.c, so a text that does not parse here is a broken invariant
 * (abort), not a runtime failure.
 */
#include "methods.h"

#include <stdlib.h>

#include "errors.h"

/* A new reference to the value of a JSON text from our own tables. */
static json_t *table_json(const char *text)
{
        json_error_t err;
        json_t *v = json_loads(text, JSON_DECODE_ANY, &err);

        if (!v)
                abort();
        return v;
}

static json_t *param_descriptor(const struct jrpc_param *p)
{
        json_t *d = json_object(), *schema = jrpc_param_schema(p);
        const char *desc = p->doc;
        char *buf = NULL;

        /* A default in prose ("the pending signal") is not in the schema: say it. */
        if (p->default_doc && schema && !json_object_get(schema, "default") &&
            asprintf(&buf, "%s Default: %s.", p->doc, p->default_doc) >= 0)
                desc = buf;
        json_object_set_new(d, "name", json_string(p->name));
        json_object_set_new(d, "description", json_string(desc));
        json_object_set_new(d, "required", json_boolean(p->required));
        json_object_set_new(d, "schema", schema);
        free(buf);
        return d;
}

static json_t *method_object(const struct jrpc_method *m)
{
        json_t *o = json_object(), *params = json_array(), *result, *ex, *ex_params, *v;
        const char *key;

        for (size_t i = 0; i < m->n_params; i++)
                json_array_append_new(params, param_descriptor(&m->params[i]));

        result = json_pack("{ssssso}", "name", "result", "description", m->result_doc,
                           "schema", table_json(m->result_schema));

        ex_params = json_array();
        if (m->example_params) {
                json_t *given = table_json(m->example_params);

                json_object_foreach(given, key, v)
                        json_array_append_new(ex_params,
                                              json_pack("{sssO}", "name", key, "value", v));
                json_decref(given);
        }
        ex = json_pack("{sssoso}", "name", m->name, "params", ex_params, "result",
                       json_pack("{ssso}", "name", "result", "value",
                                 table_json(m->example_result)));

        json_object_set_new(o, "name", json_string(m->name));
        json_object_set_new(o, "summary", json_string(m->summary));
        json_object_set_new(o, "description", json_string(m->doc));
        json_object_set_new(o, "params", params);
        json_object_set_new(o, "result", result);
        json_object_set_new(o, "examples", json_pack("[o]", ex));
        return o;
}

json_t *jrpc_openrpc(const char *version)
{
        json_t *doc, *methods = json_array(), *schemas = json_object(),
               *errors = json_object();

        for (size_t i = 0; i < JRPC_M__COUNT; i++)
                json_array_append_new(methods, method_object(&jrpc_methods[i]));

        for (size_t i = 0; i < jrpc_n_schemas; i++) {
                json_t *s = table_json(jrpc_schemas[i].schema);

                json_object_set_new(s, "title", json_string(jrpc_schemas[i].name));
                json_object_set_new(s, "description", json_string(jrpc_schemas[i].doc));
                json_object_set_new(schemas, jrpc_schemas[i].name, s);
        }

#define ERR_COMPONENT(name, code, msg)                                                 \
        json_object_set_new(errors, #name, json_pack("{siss}", "code", code, "message", msg));
        DBGD_ERRORS(ERR_COMPONENT)
#undef ERR_COMPONENT

        /* No "servers": the daemon knows its own url and may add it. */
        doc = json_pack("{sss{ssssss}sos{soso}}",
                        "openrpc", "1.2.6",
                        "info",
                        "title", "dbgd",
                        "version", version ? version : "0",
                        "description",
                        "dbgd, a Linux debugging daemon: start and trace programs with "
                        "ptrace and drive them over JSON-RPC 2.0 (POST /rpc).",
                        "methods", methods,
                        "components", "schemas", schemas, "errors", errors);
        return doc;
}
