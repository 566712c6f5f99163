/* m_source.c — the `source` method: lines of a source file that the program's debug
 * info names, for clients whose machine may not have the files (the page, editors
 * through DAP's `source` request). Which files: srcfile.h. The modules are the ELF files
 * the process maps with code (the executable first), read from /proc/PID/maps, so it
 * works while the process runs; once it has ended, the executable alone. */
#include "handlers.h"

#include "errors.h"
#include "jrpc.h"
#include "program.h"
#include "session.h"
#include "srcfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The paths of the ELF files that pid maps with code, the executable first, each once:
 * a new array of strings. */
static int code_modules(pid_t pid, json_t **ret)
{
        char link[64], exe[PATH_MAX];
        json_t *maps, *list, *m;
        ssize_t len;
        size_t i;
        int r;

        r = program_maps(pid, &maps);
        if (r < 0)
                return r;
        list = json_array();
        snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
        len = readlink(link, exe, sizeof(exe) - 1);
        if (len > 0) {
                exe[len] = '\0';
                json_array_append_new(list, json_string(exe));
        }
        json_array_foreach(maps, i, m) {
                const char *path = json_string_value(json_object_get(m, "path"));
                const char *perms = json_string_value(json_object_get(m, "perms"));
                bool seen = false;
                size_t j;
                json_t *p;

                if (!path || path[0] != '/' || !perms || !strchr(perms, 'x'))
                        continue;
                json_array_foreach(list, j, p)
                        seen = seen || strcmp(json_string_value(p), path) == 0;
                if (!seen)
                        json_array_append_new(list, json_string(path));
        }
        json_decref(maps);
        *ret = list;
        return 0;
}

int m_source(struct call *c, json_t *params, json_t **ret_result)
{
        const char *want = jrpc_param_str(params, "file", "");
        long long line = jrpc_param_int(params, "line", 1),
                  count = jrpc_param_int(params, "count", SRCFILE_MAX_LINES);
        json_t *mods = NULL, *lines = NULL, *cut = NULL, *p;
        const char **v = NULL;
        char *path = NULL;
        struct session *s;
        size_t total = 0, i;
        bool dwarf = false;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        if (!want[0])
                return call_fail(c, -ERR_INVALID_PARAMS, "params.file: a file name");
        if (line < 1 || count < 1)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.%s: at least 1",
                                 line < 1 ? "line" : "count");
        if (count > SRCFILE_MAX_LINES) {
                call_error_set(c, "limit", json_integer(SRCFILE_MAX_LINES));
                return call_fail(c, -ERR_LIMIT, "at most %d lines per call",
                                 SRCFILE_MAX_LINES);
        }
        if (session_alive(s)) {
                r = code_modules(session_mem_pid(s), &mods);
                if (r < 0)
                        return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot read /proc/%d/maps",
                                               (int)session_mem_pid(s));
        } else {
                mods = json_pack("[s]", s->path ? s->path : "");
        }
        v = calloc(json_array_size(mods) + 1, sizeof(*v));
        if (!v) {
                r = -ENOMEM;
                goto out;
        }
        json_array_foreach(mods, i, p)
                v[i] = json_string_value(p);
        r = srcfile_find(v, json_array_size(mods), want, program_file_source_names, &path,
                         &dwarf);
        if (r == -ERR_NO_SYMBOL) {
                call_error_set(c, "file", json_string(want));
                r = call_fail(c, r, dwarf ? "no source file named \"%s\" in the line tables "
                                            "of session %d's program" :
                                            "no source file named \"%s\": no module of "
                                            "session %d's program has line tables (no "
                                            "debug info)",
                              want, s->id);
                goto out;
        }
        if (r < 0)
                goto out;
        /* A unit without DW_AT_comp_dir spells its files relative to a directory the
         * debug info does not say: not the daemon's. */
        if (path[0] != '/') {
                call_error_set(c, "file", json_string(path));
                r = call_fail_errno(c, -ERR_SYSTEM, ENOENT, "the debug info names \"%s\" "
                                    "without its directory", path);
                goto out;
        }
        r = srcfile_lines(path, (size_t)line, (size_t)count, &lines, &total, &cut);
        if (r == -ERANGE) {
                call_error_set(c, "file", json_string(path));
                call_error_set(c, "total", json_integer((json_int_t)total));
                r = call_fail(c, -ERR_INVALID_PARAMS, "line number %lld out of range; "
                              "\"%s\" has %zu lines", line, path, total);
                goto out;
        }
        if (r < 0) {
                call_error_set(c, "file", json_string(path));
                r = call_fail_errno(c, -ERR_SYSTEM, -r, "cannot read \"%s\"", path);
                goto out;
        }
        *ret_result = json_pack("{s:s,s:I,s:o,s:I}", "file", path, "first", (json_int_t)line,
                                "lines", lines, "total", (json_int_t)total);
        lines = NULL;
        if (*ret_result && json_array_size(cut))
                json_object_set(*ret_result, "cut", cut);
        r = *ret_result ? 0 : -ENOMEM;
out:
        json_decref(mods);
        json_decref(lines);
        json_decref(cut);
        free(v);
        free(path);
        return r;
}
