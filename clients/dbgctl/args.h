/* args.h — dbgctl's command line: global options, per-command options, positionals,
 * and the small value parsers (addresses, counts, hex bytes, the state dir rule).
 * Pure: no I/O, no network; unit-tested in clients/dbgctl/tests/test_args.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes, shared by every command (docs/dbgctl.1, EXIT STATUS). */
enum {
        DBGCTL_EXIT_OK = 0,
        DBGCTL_EXIT_RPC = 1,       /* the daemon answered a JSON-RPC error */
        DBGCTL_EXIT_USAGE = 2,     /* bad command line */
        DBGCTL_EXIT_TRANSPORT = 3, /* no daemon, no answer, or an HTTP error */
};

/* Options that a command accepts, as a bit set in struct dbgctl_command_spec. */
enum {
        OPT_COUNT = 1 << 0,     /* --count N */
        OPT_NO_WAIT = 1 << 1,   /* --no-wait */
        OPT_TIMEOUT = 1 << 2,   /* --timeout S */
        OPT_SIGNAL = 1 << 3,    /* --signal SIG */
        OPT_SET = 1 << 4,       /* --set NAME=VALUE (repeatable) */
        OPT_BASE64 = 1 << 5,    /* --base64 */
        OPT_TEMPORARY = 1 << 6, /* break: --temporary, --pending, --if COND, --ignore N */
        OPT_STREAM = 1 << 7,    /* --stream stdout|stderr */
        OPT_OFFSET = 1 << 8,    /* --offset N */
        OPT_SPAWN = 1 << 9,     /* --stop, --cwd, --env, --stdin, --stdin-open, --aslr,
                                   --env-clear, --follow-forks */
        OPT_RUN = 1 << 10,      /* run: --report FILE, --record-syscalls */
        OPT_LIMIT = 1 << 11,    /* --limit N (symbols, backtrace) */
        OPT_EOF = 1 << 12,      /* input: --eof */
        OPT_WATCH = 1 << 13,    /* watch: --length N, --rw */
        OPT_STEP = 1 << 14,     /* step: --line, --over */
        OPT_FRAME = 1 << 15,    /* locals, print: --frame N */
        OPT_DASH_POS = 1 << 16, /* not an option: after the first positional, an argument
                                 * that is none of the command's options is a positional
                                 * (print S -x, print S -5: the expression) */
        OPT_FINISH = 1 << 17,   /* finish: --frame N */
};

#define DBGCTL_MAX_LIST 64 /* --set and --env occurrences */

struct dbgctl_args {
        /* global */
        const char *url;
        const char *token;
        const char *state_dir;
        bool json;
        bool help;
        bool version;

        const char *command; /* NULL: the interactive prompt */
        char **pos;          /* positionals after the command (borrowed from argv) */
        int n_pos;

        /* command options (valid when the command accepts them) */
        long long count;     /* -1 when absent */
        bool no_wait;
        double timeout;      /* < 0 when absent */
        const char *signal;  /* NULL when absent */
        const char *sets[DBGCTL_MAX_LIST];
        int n_sets;
        bool base64;
        bool temporary;
        bool pending;             /* break --pending */
        const char *condition;    /* break --if COND (or --condition), NULL when absent */
        long long ignore;         /* break --ignore N, -1 when absent */
        bool line, over;          /* step --line (source lines), --over (calls as one) */
        const char *stream;  /* NULL when absent */
        long long offset;    /* -1 when absent */
        const char *stop;    /* spawn --stop */
        const char *cwd;     /* spawn --cwd */
        const char *stdin_text; /* spawn --stdin */
        bool stdin_open;        /* spawn --stdin-open: a pipe fed by `input` */
        bool eof;               /* input --eof */
        const char *envs[DBGCTL_MAX_LIST]; /* spawn --env NAME=VALUE or NAME (unset) */
        int n_envs;
        bool aslr;
        bool env_clear;
        const char *report_file;  /* run --report */
        bool record_syscalls;     /* run --record-syscalls */
        bool no_stdin;            /* run --no-stdin: the program's stdin is /dev/null */
        bool follow_forks;        /* spawn, run --follow-forks: children stay traced */
        long long limit;          /* --limit N, -1 when absent */
        long long frame;          /* --frame N, -1 when absent */
        const char *format;       /* --format x|d|u|o|t|c (print, locals), or NULL */
        long long length;         /* watch --length N, -1 when absent */
        bool rw;                  /* watch --rw: reads too */
};

struct dbgctl_command_spec {
        const char *name;
        unsigned options;    /* OPT_* accepted */
        int min_pos, max_pos; /* max_pos < 0: unbounded */
        bool pos_stops_options; /* options end at the first positional (spawn PROG ARGS) */
        const char *usage;   /* "SESSION ADDR [LEN]" */
        const char *summary; /* one line for --help */
};

/* The command table (defined in args.c, in --help order). */
extern const struct dbgctl_command_spec dbgctl_command_specs[];
extern const size_t dbgctl_n_command_specs;

/* NULL when unknown. */
const struct dbgctl_command_spec *dbgctl_command_spec_find(const char *name);

/* Parse argv (argv[0] is the program name). Returns 0 and fills *ret, or -1 with a
 * message in errbuf (a usage error). --help/--version set ret->help/version and stop. */
int dbgctl_args_parse(int argc, char **argv, struct dbgctl_args *ret, char *errbuf,
                      size_t errlen);

/* Frees what dbgctl_args_parse allocated (the positional array). */
void dbgctl_args_free(struct dbgctl_args *a);

/* Addresses as people type them at the prompt: "0x" then 1..16 hex digits.
 * Returns 0, DBGCTL_ADDR_NO_PREFIX ("address must start with 0x") or
 * DBGCTL_ADDR_BAD ("cannot parse address"). */
enum { DBGCTL_ADDR_NO_PREFIX = -1, DBGCTL_ADDR_BAD = -2 };
int dbgctl_addr_parse(const char *s, uint64_t *ret);

/* Addresses on the command line: "0x..." hex or a decimal number. Returns 0 or -1. */
int dbgctl_addr_parse_any(const char *s, uint64_t *ret);

/* A non-negative decimal integer (up to LLONG_MAX). Returns 0 or -1. */
int dbgctl_uint_parse(const char *s, long long *ret);

/* A non-negative number of seconds ("1", "0.5"). Returns 0 or -1. */
int dbgctl_seconds_parse(const char *s, double *ret);

/* Bytes for poke, as typed: hex digits with optional spaces and an optional leading
 * "0x"; an even number of digits. Writes the normalised lowercase hex (no spaces) to
 * out (size outlen). Returns the byte count, or -1. */
long dbgctl_hex_normalize(const char *s, char *out, size_t outlen);

/* The state dir rule shared with dbgd: opt, else env_state, else xdg + "/dbgd", else
 * home + "/.local/state/dbgd". Empty strings count as unset. Returns a new string
 * (free it), or NULL when every input is unset. */
char *dbgctl_state_dir(const char *opt, const char *env_state, const char *xdg,
                       const char *home);

/* Split "NAME=VALUE" at the first '='. Returns 0 with *ret_name_len, or -1 when there
 * is no '=' or the name is empty. */
int dbgctl_split_assignment(const char *s, size_t *ret_name_len);
