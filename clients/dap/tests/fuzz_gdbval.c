/* fuzz_gdbval — gdbval_parse on any text (libFuzzer; clients/CMakeLists.txt builds it
 * with -DDBGD_FUZZ=ON and clang). Invariants: no crash nor leak; an answer says the
 * text is an aggregate; each part's name and value are pieces of the text, a repeat
 * count is positive; the parts parse again (three levels). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdbval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *text, int depth)
{
        json_t *v = gdbval_parse(text), *it;
        size_t i;

        if (!v) {
                if (gdbval_is_aggregate(text))
                        abort();
                return;
        }
        if (!gdbval_is_aggregate(text) || !json_is_array(json_object_get(v, "items")))
                abort();
        json_array_foreach(json_object_get(v, "items"), i, it) {
                const char *name = json_string_value(json_object_get(it, "name"));
                const char *value = json_string_value(json_object_get(it, "value"));
                json_t *r = json_object_get(it, "repeats");

                if (!value || !strstr(text, value) || (name && !strstr(text, name)) ||
                    (r && json_integer_value(r) <= 0))
                        abort();
                if (depth < 3)
                        check(value, depth + 1);
        }
        json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = malloc(size + 1);
        json_t *utf8;

        if (!text)
                return 0;
        memcpy(text, data, size);
        text[size] = 0; /* dbgd's values are JSON strings: UTF-8, up to a NUL */
        utf8 = json_string(text);
        if (utf8)
                check(text, 0);
        json_decref(utf8);
        free(text);
        return 0;
}
