/* main.c — dbgctl, the command-line client of dbgd: arguments, then one one-shot
 * command (commands.c) or the interactive prompt (prompt.c). Exit codes: 0 ok,
 * 1 JSON-RPC error, 2 usage error, 3 transport failure. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "client.h"
#include "commands.h"
#include "format.h"
#include "prompt.h"

#ifndef DBGCTL_VERSION
#define DBGCTL_VERSION "0"
#endif

static void print_help(FILE *out, const char *command)
{
        const struct dbgctl_command_spec *spec =
                command ? dbgctl_command_spec_find(command) : NULL;

        if (spec) {
                fprintf(out, "usage: dbgctl [GLOBAL OPTIONS] %s %s\n  %s\n", spec->name,
                        spec->usage, spec->summary);
                return;
        }
        fputs("usage: dbgctl [GLOBAL OPTIONS] [COMMAND [ARGS...]]\n"
              "\n"
              "Without a command, dbgctl opens the interactive prompt '(dbg) '.\n"
              "\n"
              "Global options:\n"
              "  --url URL          http://HOST:PORT or unix:/path (default: $DBGD_URL, else\n"
              "                     the file 'url' in the state dir)\n"
              "  --token TOKEN      bearer token (default: $DBGD_TOKEN, else the file 'token')\n"
              "  --state-dir DIR    default: $DBGD_STATE_DIR, $XDG_RUNTIME_DIR/dbgd,\n"
              "                     ~/.local/state/dbgd\n"
              "  --json, -j         print the raw JSON result\n"
              "  --help, -h         this text ('dbgctl help COMMAND' for one command)\n"
              "  --version\n"
              "\n"
              "Commands:\n",
              out);
        for (size_t i = 0; i < dbgctl_n_command_specs; i++)
                fprintf(out, "  %-12s %s\n", dbgctl_command_specs[i].name,
                        dbgctl_command_specs[i].summary);
        fputs("\n"
              "Exit status: 0 ok, 1 JSON-RPC error, 2 usage error, 3 dbgd unreachable.\n"
              "See dbgctl(1).\n",
              out);
}

/* attach N: session N when there is one (the prompt drives it, as it did before dbgd
 * could attach), else process N, attached (`attach`: the prompt owns that session, and
 * quitting it detaches, as quitting gdb -p does). The status goes to *ret_status. */
static int attach_target(struct dbgctl_client *c, long long n, json_t **ret_status,
                         bool *ret_owned)
{
        json_t *result, *st;
        size_t i;
        int r;

        if ((r = client_call(c, "sessions", NULL, &result)))
                return r;
        json_array_foreach(json_object_get(result, "sessions"), i, st) {
                if (json_integer_value(json_object_get(st, "session")) == n) {
                        *ret_status = json_incref(st);
                        json_decref(result);
                        return DBGCTL_EXIT_OK;
                }
        }
        json_decref(result);
        r = client_call(c, "attach", json_pack("{s:I}", "pid", (json_int_t)n), ret_status);
        *ret_owned = r == DBGCTL_EXIT_OK;
        return r;
}

static int run(const struct dbgctl_args *a)
{
        struct dbgctl_client c;
        int r;

        r = client_open(&c, a);
        if (r) {
                client_close(&c);
                return r;
        }
        if (!a->command) {
                r = prompt_run(&c, -1, false);
        } else if (strcmp(a->command, "attach") == 0) {
                long long s;
                json_t *result;
                bool owned = false;

                if (dbgctl_uint_parse(a->pos[0], &s) < 0) {
                        fprintf(stderr, "dbgctl: SESSION or PID must be a number, got '%s'\n",
                                a->pos[0]);
                        r = DBGCTL_EXIT_USAGE;
                } else if (!(r = attach_target(&c, s, &result, &owned))) {
                        s = json_integer_value(json_object_get(result, "session"));
                        fmt_status(stdout, result);
                        json_decref(result);
                        r = prompt_run(&c, s, owned);
                }
        } else if (strcmp(a->command, "debug") == 0) {
                json_t *params = commands_spawn_params(a, a->pos, a->n_pos), *result;

                if (!params) {
                        r = DBGCTL_EXIT_USAGE;
                } else if (!(r = commands_spawn(&c, params, &result))) {
                        long long s = json_integer_value(json_object_get(result, "session"));

                        fmt_status(stdout, result);
                        json_decref(result);
                        r = prompt_run(&c, s, true);
                }
        } else {
                if (strcmp(a->command, "cont") == 0 || strcmp(a->command, "syscall") == 0 ||
                    strcmp(a->command, "step") == 0 || strcmp(a->command, "wait") == 0 ||
                    strcmp(a->command, "next") == 0 || strcmp(a->command, "finish") == 0)
                        client_catch_sigint(); /* Ctrl-C pauses the process */
                r = commands_run(&c, a);
        }
        client_close(&c);
        return r;
}

int main(int argc, char **argv)
{
        struct dbgctl_args a;
        char err[512];
        int r;

        if (dbgctl_args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
                fprintf(stderr, "dbgctl: %s\n(dbgctl --help lists the commands)\n", err);
                return DBGCTL_EXIT_USAGE;
        }
        if (a.version) {
                printf("dbgctl %s\n", DBGCTL_VERSION);
                dbgctl_args_free(&a);
                return DBGCTL_EXIT_OK;
        }
        if (a.help) {
                print_help(stdout, a.command);
                dbgctl_args_free(&a);
                return DBGCTL_EXIT_OK;
        }
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
                fprintf(stderr, "dbgctl: cannot initialise libcurl\n");
                dbgctl_args_free(&a);
                return DBGCTL_EXIT_TRANSPORT;
        }
        r = run(&a);
        curl_global_cleanup();
        dbgctl_args_free(&a);
        return r;
}
