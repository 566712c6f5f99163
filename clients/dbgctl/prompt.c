/* prompt.c — the interactive prompt (see prompt.h).
 *
 * Every command is a synchronous call on the client's connection; the commands are a
 * table (prompt_cmds) of names and handlers. Resuming commands (c, s, n, si, finish)
 * wait with the Ctrl-C hook armed: SIGINT sends `pause` on a second
 * connection and the waiting call returns the interrupted stop, so Ctrl-C never kills
 * the client. After each resume the program's new output is printed, then the stop.
 * Bad input (an unknown instruction, a bad address) is reported and the prompt goes
 * on; so are the daemon's errors. */
#include "prompt.h"

#include <ctype.h>
#include <errno.h>
#include <histedit.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <wchar.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "format.h"
#include "jrpc.h"
#include "progcmd.h"

#define PROMPT "(dbg) "
#define MAX_WORDS 256
#define DEFAULT_MEM_LEN 16
/* until without argument: at most this many nexts back into the line (a loop that jumps
 * back forever ends it; Ctrl-C too) */
#define UNTIL_MAX_NEXTS 100000

struct prompt {
        struct dbgctl_client *c;
        long long session; /* < 0: none */
        bool owned;        /* close the session on quit */
        long long out_offset, err_offset;
        long long captures_of; /* the session `captures` is known for (-1: none) */
        bool captures;     /* dbgd captures its output (not an attached process) */
        bool quit;
        long long frame;   /* the frame locals and print look at (frame, up, down) */
        int x_unit;        /* x's unit in bytes: the last one given, as gdb remembers it */

        EditLine *el;      /* NULL when stdin is not a terminal */
        History *hist;

        /* gdb's thread numbers (see thread_nums_update): tid -> number, the next one to
         * give, and where the session's events were read up to. Reset with the
         * session. */
        struct prompt_thread {
                long long tid;
                long long num;
        } *threads;
        size_t nthreads;
        long long next_thread, events_after;
        bool sig_said;     /* a `handle` was given: say the signals passed on (events) */

        /* The watchpoints this prompt set, with the expression they watch, so that a hit
         * says gdb's "Old value = ..." in the expression's type. */
        struct prompt_watch {
                long long id;
                char *expr;
                char *ptr_type;  /* the type of &(expr): "volatile long *"; NULL: none */
                char *value;     /* the value seen last, as print shows it */
                uint64_t addr;
                char kind;       /* 'w' watch, 'a' awatch, 'r' rwatch */
        } *watches;
        size_t nwatches;

        /* gdb's `list`: the file and lines listed last; a new stop or frame (gen) makes
         * the next bare `list` centre on the frame's line again. */
        char *list_file;
        long list_first, list_last;
        unsigned list_gen, list_seen;

        /* What gdb remembers between stops to say them as it does (say_stop): the
         * source file whose line was shown last and whether it could not be read (then
         * gdb's "N\tin FILE" instead of the error again), the thread the last stop was
         * about (gdb's "[Switching to Thread ...]" when the next is another's), and how
         * many values finish has numbered ("Value returned is $N"). */
        char *src_visited;
        bool src_failed;
        long long last_tid;
        long long values;
        char *watch_said;  /* a watchpoint hit's lines (watch_report), said with its stop */
};

/* How a stop came, for say_stop: a step (step, next, stepi, nexti, until) that gdb
 * says with the source line alone when it stays in the frame it started in; a finish,
 * with the value returned; anything else (cont, run, until LOCATION). */
enum stop_kind { STOP_STEP, STOP_FINISH, STOP_OTHER };

/* A frame's identity as gdb's frame_id: its function and its CFA (the caller's sp). */
struct frame_ident {
        char fn[256];
        char cfa[32];
        bool ok;
};

/* The commands are gdb's where gdb has a word for the same thing, so that a gdb user's
 * fingers are right: s/step and n/next step source lines, si/stepi and ni/nexti
 * instructions, r/run runs a program that has not started yet. What gdb has no word for
 * keeps the tutorial's (m, poke, syscall, output). */
static const char help_text[] =
        "  r, run            run the program from its first stop (gdb's run; once it has\n"
        "                    started, 'debug PROG' starts it anew)\n"
        "  start             the same, to the start of main (gdb's start)\n"
        "  c, continue       continue to the next stop or the end (Ctrl-C pauses)\n"
        "  s, step [N]       step one (N) source lines, into calls (gdb's step)\n"
        "  n, next [N]       step one (N) source lines, calls as one (gdb's next)\n"
        "  si, stepi [N]     step one (N) instructions (gdb's stepi)\n"
        "  ni, nexti [N]     the same, a call as one instruction (gdb's nexti)\n"
        "  finish, fin       run until the selected frame's function returns\n"
        "  until, u          next, without going back in a loop (gdb's until)\n"
        "  until LOC, advance LOC  run to LOC or until the frame returns (gdb's)\n"
        "  sys, syscall      continue to the next syscall entry or exit\n"
        "  regs [NAME..]     show registers (all, or the named ones)\n"
        "  info registers [NAME..]  the same in gdb's columns; info frame: gdb's\n"
        "  m 0xADDR [LEN]    show LEN (16) bytes of memory\n"
        "  x/NFU EXPR        gdb's examine at EXPR's address: N bytes (b), half-words,\n"
        "                    words (w) or giants (g) in hex (x), d, u, o, t; strings (s)\n"
        "                    or instructions (i) (the unit: the last given, w)\n"
        "  b, break WHERE    set a breakpoint: a function, FILE:LINE, LINE (of the\n"
        "                    stop's file), *0xADDR or 0xADDR; tbreak: a temporary one;\n"
        "                    break SYMBOL pending waits for a library to load it;\n"
        "                    break WHERE if COND stops only where COND holds (the\n"
        "                    program's variables, as gdb's, or registers: rdi == 3)\n"
        "  condition N [COND]  change (or remove) breakpoint N's condition\n"
        "  ignore N COUNT    let breakpoint N's next COUNT hits go on\n"
        "  info breakpoints  list breakpoints and watchpoints in gdb's table\n"
        "  watch EXPR        stop when the place EXPR is written (counter, p->x,\n"
        "                    *(int *)0x404040: 1, 2, 4 or 8 bytes), saying the old and\n"
        "                    new values; rwatch EXPR: when it is read, awatch EXPR:\n"
        "                    read or written; watch 0xADDR [N] [rw]: N (8) bytes\n"
        "  info watchpoints  list them (numbered with the breakpoints, as gdb's)\n"
        "  d, delete [N...]  delete breakpoints or watchpoints N... (N-M: a range);\n"
        "                    alone: every breakpoint and watchpoint, without asking\n"
        "  disable [N...], enable [N...]  take breakpoints or watchpoints out, or put\n"
        "                    them back (all without N), keeping settings and hits\n"
        "  l, list [N|FILE:N|FUNC|-]  ten source lines around the frame's line (again:\n"
        "                    the next ten; -: the ten before), line N or FUNC\n"
        "  handle SIG [no]stop [no]pass [no]print  whether signal SIG stops the\n"
        "                    program, reaches it, is said (gdb's); info signals: table\n"
        "  poke 0xADDR HEX   write bytes (\"90 90\" or 9090)\n"
        "  output [stderr]   the program's output so far\n"
        "  input TEXT        write TEXT and a newline to the program's stdin\n"
        "  input --eof       close it (for programs spawned with --stdin-open)\n"
        "  bt, backtrace     the call stack\n"
        "  locals            the selected frame's arguments and locals; info locals,\n"
        "                    info args: gdb's lines\n"
        "  p, print NAME     a variable of the selected frame, or a global;\n"
        "                    p/x NAME (d, u, o, t, c) as gdb's print/x; p f(3)\n"
        "                    calls the program's function f (gdb's)\n"
        "  call EXPR         print EXPR, nothing for a void function's call (gdb's)\n"
        "  ptype TYPE|EXPR   gdb's type text (structs whole); whatis: its name\n"
        "  frame [N], up [N], down [N]  select the frame locals and print look at (0\n"
        "                    after each stop)\n"
        "  status            the session's state; info program: the stop's pc and\n"
        "                    reason (gdb's), then dbgd's line for it\n"
        "  info threads      the threads by gdb's numbers (1 the main thread, then in\n"
        "                    the order they started); * marks the current one\n"
        "  thread N          make thread N the current one (regs and steps act on it);\n"
        "                    thread tid TID: by the kernel's tid; thread: which is\n"
        "  kill              kill the process\n"
        "  sessions          list sessions; session N drives session N\n"
        "  attach PID        drive the session whose process is PID, else attach to\n"
        "                    process PID (dbgd --allow-attach); quit detaches it\n"
        "  detach            let an attached process go on, forget its session\n"
        "  debug PROG [ARGS] start a program and drive it (debug --stdin-open PROG: its\n"
        "                    stdin is fed by input)\n"
        "  h, help           this text\n"
        "  q, quit           leave (kills the program if this prompt started it)\n";

/* Call method with params (stolen; NULL: none) and show its result with fmt. A failed
 * call is said by client_call. */
static void call_show(struct prompt *p, const char *method, json_t *params,
                      void (*fmt)(FILE *out, json_t *result))
{
        json_t *result;

        if (client_call(p->c, method, params, &result) == 0) {
                fmt(stdout, result);
                json_decref(result);
        }
}

/* o's string member key, or dflt when it has none. */
static const char *jstr(json_t *o, const char *key, const char *dflt)
{
        const char *v = json_string_value(json_object_get(o, key));

        return v ? v : dflt;
}

/* words[0..n) joined by one space each: an expression typed as several words. */
static char *join_words(int n, char **words)
{
        size_t len = 1;
        char *out;

        for (int i = 0; i < n; i++)
                len += strlen(words[i]) + 1;
        out = calloc(1, len);
        if (!out)
                abort();
        for (int i = 0; i < n; i++) {
                if (i)
                        strcat(out, " ");
                strcat(out, words[i]);
        }
        return out;
}

int prompt_split(char *line, char **words, int max)
{
        int n = 0;
        char *save = NULL, *w;

        for (w = strtok_r(line, " \t\r\n", &save); w && n < max;
             w = strtok_r(NULL, " \t\r\n", &save))
                words[n++] = w;
        return n;
}

/* libedit's own reader retries a read interrupted by a signal, so Ctrl-C would not end
 * el_gets. This one gives up on the line when our SIGINT flag is set (el_gets then
 * returns NULL and the prompt starts a fresh line). Returns 1 with a character, 0 at
 * end of input, -1 when interrupted or on error. */
static int read_char(EditLine *el, wchar_t *ret)
{
        mbstate_t mbs;
        char buf[MB_LEN_MAX];
        size_t n = 0;

        (void)el;
        memset(&mbs, 0, sizeof(mbs));
        for (;;) {
                struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
                ssize_t r;
                size_t c;

                /* A signal that lands just before read() would not interrupt it: poll
                 * in short slices and look at the flag in between. */
                if (dbgctl_sigint)
                        return -1;
                r = poll(&pfd, 1, 100);
                if (r == 0 || (r < 0 && errno == EINTR))
                        continue;
                r = read(STDIN_FILENO, buf + n, 1);
                if (r < 0) {
                        if (errno == EINTR && !dbgctl_sigint)
                                continue;
                        return -1;
                }
                if (r == 0)
                        return 0;
                n++;
                memset(&mbs, 0, sizeof(mbs));
                c = mbrtowc(ret, buf, n, &mbs);
                if (c == (size_t)-2 && n < sizeof(buf))
                        continue; /* an incomplete multibyte character */
                if (c == (size_t)-1 || c == (size_t)-2) {
                        *ret = (wchar_t)(unsigned char)buf[0]; /* not in the locale */
                        return 1;
                }
                if (c == 0)
                        *ret = L'\0';
                return 1;
        }
}

static const char *prompt_text(EditLine *el)
{
        (void)el;
        return PROMPT;
}

static bool need_session(struct prompt *p)
{
        if (p->session >= 0)
                return true;
        printf("no session: start one with 'debug PROG [ARGS]' or pick one with 'session N' "
               "('sessions' lists them)\n");
        return false;
}

static json_t *sparams(struct prompt *p)
{
        return json_pack("{s:I}", "session", (json_int_t)p->session);
}

/* A prompt address: "0x" and hex digits, with the tutorial's messages. */
static bool parse_addr(const char *s, uint64_t *ret)
{
        switch (dbgctl_addr_parse(s, ret)) {
        case 0:
                return true;
        case DBGCTL_ADDR_NO_PREFIX:
                printf("address must start with 0x: %s\n", s);
                return false;
        default:
                printf("cannot parse address: %s\n", s);
                return false;
        }
}

static void show_new_output(struct prompt *p)
{
        fflush(stdout);
        if (p->captures_of != p->session) {
                /* An attached process's stdout and stderr are its own: nothing to show
                 * (and `output` would be refused). Asked once a session. */
                json_t *st = NULL, *err = NULL;

                if (client_call_or_error(p->c, "status", sparams(p), &st, &err) != 0) {
                        json_decref(err);
                        return;
                }
                p->captures = !json_is_true(json_object_get(st, "attached"));
                p->captures_of = p->session;
                json_decref(st);
        }
        if (!p->captures)
                return;
        commands_output(p->c, p->session, "stdout", &p->out_offset, stdout);
        commands_output(p->c, p->session, "stderr", &p->err_offset, stderr);
}

static bool watch_report(struct prompt *p, json_t *st);
static int events_read(struct prompt *p);

/* Resume with method (cont, syscall, step) and wait for the next stop or the end. */
static void resume_where(struct prompt *p, const char *method, json_t *params, bool where);

static void resume(struct prompt *p, const char *method, json_t *params)
{
        resume_where(p, method, params, false);
}

/* The text of a stop's or frame's source line (src: {file, line}), as gdb shows it
 * after the stop or frame ("24\t  x++;"), or gdb's words when the file cannot be read
 * here (it is read where dbgctl runs): the error the first time, then "25\tin FILE"
 * while the lines shown are that file's (gdb's print_source_lines_base keeps the last
 * file visited). mid: the pc is inside the line's row, and gdb's source-line-only stop
 * shows it first ("0x00000000004011b2\t31\t..."). */
static void source_line_at(struct prompt *p, json_t *src, const char *mid)
{
        const char *file = json_string_value(json_object_get(src, "file"));
        /* gdb's name of it where the daemon says it differs ("prog.c") */
        const char *name = jstr(src, "name", file);
        long want = (long)json_integer_value(json_object_get(src, "line")), n = 0;
        char *line = NULL;
        size_t cap = 0;
        bool again;
        FILE *f;

        if (!file || want < 1)
                return;
        if (mid)
                printf("%s\t", mid);
        again = p->src_visited && !strcmp(p->src_visited, file);
        free(p->src_visited);
        p->src_visited = strdup(file);
        if (again && p->src_failed) {
                printf("%ld\tin %s\n", want, name);
                return;
        }
        f = fopen(file, "r");
        p->src_failed = !f;
        if (!f) {
                printf("%ld\t%s: %s.\n", want, name, strerror(errno));
                return;
        }
        while (getline(&line, &cap, f) >= 0)
                if (++n == want) {
                        printf("%ld\t%s", n, line[strlen(line) - 1] == '\n' ? line : "\n");
                        break;
                }
        free(line);
        fclose(f);
}

static void source_line(struct prompt *p, json_t *src)
{
        source_line_at(p, src, NULL);
}

/* Resume with method and params (stolen), wait for the next stop or the end, say the
 * output and signals that went by: the status (a new reference), or NULL after an error
 * said. */
static json_t *resume_status(struct prompt *p, const char *method, json_t *params)
{
        json_t *st = NULL;
        int r;

        dbgctl_sigint = 0;
        p->frame = 0; /* a new stop: its innermost frame, as gdb selects */
        p->list_gen++;
        for (;;) {
                r = client_call_pausable(p->c, method, json_incref(params), p->session, &st);
                /* On the daemon's timeout the answer is "running": keep waiting. */
                while (r == 0 && json_is_string(json_object_get(st, "state")) &&
                       strcmp(json_string_value(json_object_get(st, "state")), "running") == 0) {
                        json_decref(st);
                        st = NULL;
                        r = client_call_pausable(p->c, "wait", sparams(p), p->session, &st);
                }
                /* an rwatch's write: gdb goes on (see do_watch); a step ends anyway */
                if (r != 0 || !watch_report(p, st) || strcmp(method, "cont") != 0 ||
                    dbgctl_sigint)
                        break;
                json_decref(st);
                st = NULL;
        }
        json_decref(params);
        show_new_output(p);
        if (r == 0 && p->sig_said) /* gdb's "Program received signal" of those that went by */
                events_read(p);
        if (r != 0) {
                json_decref(st);
                return NULL;
        }
        return st;
}

/* ---- stops, said as gdb says them ------------------------------------------------
 *
 * gdb's normal_stop and print_stop_event: a breakpoint hit is "\nBreakpoint 1, " and
 * the frame's line, "sum_keys (r=0x4052a0, n=3) at prog.c:28", then the source line; a
 * signal "\nProgram received signal SIGSEGV, Segmentation fault." then the same; a step
 * that ends in the frame it started in only the source line (with the pc first when it
 * is inside the line: "0x00000000004011b2\t31\t..."), one that ends in another frame
 * (a call, a return) the frame's line too; a finish "Run till exit from #0  ..." before
 * it runs, the caller's frame line and "Value returned is $1 = 6"; the end "[Inferior 1
 * (process N) exited normally]". Once the program has had a second thread, stops say
 * whose ("Thread 2 "prog" hit Breakpoint 1, "), and a stop in another thread than the
 * last one's says "[Switching to Thread 0x7ffff7dcf6c0 (LWP N)]" first (the pthread_t
 * is the thread's fs_base on x86-64). The other stops (syscalls, watchpoints, exec,
 * interrupted) keep dbgd's line, which gdb has no word for or says elsewhere. The pc
 * gdb does not show stays at hand: `info program`, `p $pc`, `status`. */

/* The backtrace's first frames (limit), quietly: NULL when there is none. */
static json_t *frames_quiet(struct prompt *p, long long limit)
{
        json_t *params = sparams(p), *result = NULL, *error = NULL;

        json_object_set_new(params, "limit", json_integer(limit));
        if (client_call_or_error(p->c, "backtrace", params, &result, &error) != 0) {
                json_decref(error);
                return NULL;
        }
        return result;
}

static void frame_ident_of(json_t *frames, struct frame_ident *ret)
{
        json_t *f0 = json_array_get(json_object_get(frames, "frames"), 0);
        json_t *f1 = json_array_get(json_object_get(frames, "frames"), 1);

        memset(ret, 0, sizeof(*ret));
        if (!f0)
                return;
        snprintf(ret->fn, sizeof(ret->fn), "%s",
                 jstr(f0, "function", jstr(f0, "symbol", "")));
        snprintf(ret->cfa, sizeof(ret->cfa), "%s", jstr(f1, "sp", ""));
        ret->ok = true;
}

/* The current thread's innermost frame's identity, before a step. */
static void frame_ident_get(struct prompt *p, struct frame_ident *ret)
{
        json_t *frames = frames_quiet(p, 2);

        frame_ident_of(frames, ret);
        json_decref(frames);
}

/* A frame's function name, as gdb's: the DWARF name, else the symbol without its
 * offset, else "??". A new string. */
static char *frame_fn(json_t *f)
{
        const char *fn = jstr(f, "function", NULL), *sym = jstr(f, "symbol", NULL);

        if (fn)
                return strdup(fn);
        if (sym)
                return strndup(sym, strcspn(sym, "+"));
        return strdup("??");
}

/* gdb's frame arguments (print frame-arguments scalars): "name=value" with print's
 * value, a struct, union or array as "...", what cannot be read in gdb's words. */
static void frame_args(struct prompt *p, long long level)
{
        json_t *params = sparams(p), *result = NULL, *error = NULL, *a;
        size_t i;

        json_object_set_new(params, "frame", json_integer(level));
        if (client_call_or_error(p->c, "locals", params, &result, &error) != 0) {
                json_decref(error); /* no DWARF there: gdb's "()" */
                return;
        }
        json_array_foreach(json_object_get(result, "args"), i, a) {
                const char *v = jstr(a, "value", NULL);

                printf("%s%s=", i ? ", " : "", jstr(a, "name", "?"));
                if (!v)
                        printf("<%s>", progcmd_unreadable(jstr(a, "error", "?")));
                else if (v[0] == '{')
                        printf("...");
                else
                        printf("%s", v);
        }
        json_decref(result);
}

/* gdb's print_frame: "[#N  ][0x... in ]FUNC (ARGS)[ at FILE:LINE| from LIB]". The pc
 * is shown where gdb's frame_show_address does: inside a line's row (Source's `row`),
 * or with no line at all. */
static void frame_line(struct prompt *p, json_t *f, long long level, bool with_level)
{
        json_t *src = json_object_get(f, "source");
        const char *module = jstr(f, "module", NULL);
        char *fn = frame_fn(f);
        uint64_t pc = 0;

        fmt_addr_value(json_object_get(f, "pc"), &pc);
        if (with_level)
                printf("#%-3lld", level);
        if (!src || json_object_get(src, "row"))
                printf("0x%016" PRIx64 " in ", pc);
        printf("%s (", fn);
        frame_args(p, level);
        printf(")");
        if (src)
                printf(" at %s:%" JSON_INTEGER_FORMAT,
                       jstr(src, "name", jstr(src, "file", "?")),
                       json_integer_value(json_object_get(src, "line")));
        else if (module && strstr(module, ".so"))
                printf(" from %s", module); /* a library's, as gdb's solib name */
        printf("\n");
        free(fn);
}

/* gdb's "Thread 2 "prog"" for tid once the program has had a second thread (gdb's
 * show_thread_that_caused_stop), else NULL; a new string. */
static json_t *threads_numbered(struct prompt *p);
static long long thread_num(struct prompt *p, long long tid);
static json_t *all_ids(struct prompt *p, const char *method, const char *key);
static bool has_id(const json_t *ids, long long id);

static char *thread_label(struct prompt *p, long long tid)
{
        json_t *result = threads_numbered(p), *t;
        const char *name = NULL;
        char *label = NULL;
        size_t i;

        if (!result)
                return NULL;
        json_array_foreach(json_object_get(result, "threads"), i, t)
                if (json_integer_value(json_object_get(t, "tid")) == tid)
                        name = jstr(t, "name", NULL);
        if (p->next_thread > 1 && asprintf(&label, "Thread %lld \"%s\"", thread_num(p, tid),
                                           name ? name : "") < 0)
                label = NULL;
        json_decref(result);
        return label;
}

/* The stop of st as gdb says it (see above); kind: how it came; before: the frame a
 * step started in (NULL: none). */
static void say_stop_gdb(struct prompt *p, json_t *st, enum stop_kind kind,
                         const struct frame_ident *before)
{
        json_t *stop = json_object_get(st, "stop"), *frames, *f0, *ret, *src;
        const char *reason = jstr(stop, "reason", "");
        long long tid = json_integer_value(json_object_get(stop, "thread"));
        bool bp = !strcmp(reason, "breakpoint"), sig = !strcmp(reason, "signal");
        bool wp = !strcmp(reason, "watchpoint");
        struct frame_ident now;
        char *label = NULL, mid[32];

        if (bp || sig || wp)
                label = thread_label(p, tid);
        if (sig) {
                json_t *s = json_object_get(stop, "signal");

                printf("\n%s received signal %s, %s.\n", label ? label : "Program",
                       jstr(s, "name", "?"),
                       strsignal((int)json_integer_value(json_object_get(s, "number"))));
        }
        /* before any stop was said, the main thread is the current one (gdb's after
         * run or attach) */
        if (!p->last_tid)
                p->last_tid = json_integer_value(json_object_get(st, "pid"));
        if (tid && p->last_tid && tid != p->last_tid) {
                json_t *params = sparams(p), *regs = NULL, *error = NULL;

                json_object_set_new(params, "names", json_pack("[s]", "fs_base"));
                if (client_call_or_error(p->c, "regs", params, &regs, &error) == 0)
                        printf("[Switching to Thread %s (LWP %lld)]\n",
                               jstr(regs, "fs_base", "?"), tid);
                json_decref(regs);
                json_decref(error);
        }
        if (tid)
                p->last_tid = tid;
        if (bp) {
                long long id = json_integer_value(json_object_get(stop, "breakpoint"));
                json_t *ids = all_ids(p, "breakpoints", "breakpoint");

                printf("\n");
                if (label)
                        printf("%s hit ", label);
                /* a temporary breakpoint is gone once hit: gdb's "Temporary breakpoint" */
                printf("%s %lld, ", ids && !has_id(ids, id) ? "Temporary breakpoint" :
                       "Breakpoint", id);
                json_decref(ids);
        }
        if (wp && p->watch_said) { /* gdb's "Thread 2 "prog" hit Hardware watchpoint 2: x" */
                printf("\n%s%s%s", label ? label : "", label ? " hit " : "", p->watch_said);
                free(p->watch_said);
                p->watch_said = NULL;
        }
        free(label);
        frames = frames_quiet(p, 2);
        f0 = json_array_get(json_object_get(frames, "frames"), 0);
        frame_ident_of(frames, &now);
        src = json_object_get(stop, "source");
        mid[0] = 0;
        if (json_object_get(src, "row")) {
                uint64_t pc = 0;

                fmt_addr_value(json_object_get(stop, "pc"), &pc);
                snprintf(mid, sizeof(mid), "0x%016" PRIx64, pc);
        }
        /* gdb: a finished step in the frame and function it started in shows the
         * source line alone; everything else the frame too */
        if (kind == STOP_STEP && !strcmp(reason, "step") && src && before && before->ok &&
            now.ok && !strcmp(before->fn, now.fn) && !strcmp(before->cfa, now.cfa)) {
                source_line_at(p, src, mid[0] ? mid : NULL);
        } else {
                if (f0)
                        frame_line(p, f0, 0, false);
                else
                        printf("%s () \n", jstr(stop, "pc", "??"));
                source_line(p, src);
        }
        json_decref(frames);
        if (json_is_string(json_object_get(stop, "condition_error")))
                printf("%s\n", jstr(stop, "condition_error", ""));
        ret = json_object_get(stop, "returned");
        if (json_object_get(ret, "value"))
                printf("Value returned is $%lld = %s\n", ++p->values, jstr(ret, "value", ""));
        else if (ret)
                printf("Value returned is $%lld = (%s, not printed)\n", ++p->values,
                       jstr(ret, "type", "?"));
}

/* A stop (or the end) as gdb says it (say_stop_gdb), or dbgd's line for what gdb says
 * otherwise. */
static void say_stop(struct prompt *p, json_t *st, enum stop_kind kind,
                     const struct frame_ident *before)
{
        const char *state = jstr(st, "state", "");
        const char *reason = jstr(json_object_get(st, "stop"), "reason", "");
        json_t *stop = json_object_get(st, "stop");

        if (!strcmp(state, "exited")) {
                long long code = json_integer_value(json_object_get(st, "exit_code"));

                if (code)
                        printf("[Inferior 1 (process %" JSON_INTEGER_FORMAT ") exited with "
                               "code %02llo]\n", json_integer_value(json_object_get(st, "pid")),
                               code);
                else
                        printf("[Inferior 1 (process %" JSON_INTEGER_FORMAT ") exited "
                               "normally]\n", json_integer_value(json_object_get(st, "pid")));
                return;
        }
        if (!strcmp(state, "killed")) {
                json_t *sig = json_object_get(st, "signal");

                printf("\nProgram terminated with signal %s, %s.\nThe program no longer "
                       "exists.\n", jstr(sig, "name", "?"),
                       strsignal((int)json_integer_value(json_object_get(sig, "number"))));
                return;
        }
        if (!strcmp(state, "stopped") && !json_is_true(json_object_get(stop, "selected")) &&
            (!strcmp(reason, "breakpoint") || !strcmp(reason, "signal") ||
             !strcmp(reason, "step") || !strcmp(reason, "finish") ||
             !strcmp(reason, "watchpoint"))) {
                say_stop_gdb(p, st, kind, before);
                return;
        }
        fmt_stop_line(stdout, st);
        if (!strcmp(state, "stopped")) {
                if (json_is_integer(json_object_get(stop, "thread")))
                        p->last_tid = json_integer_value(json_object_get(stop, "thread"));
                source_line(p, json_object_get(stop, "source"));
        }
}

/* Resume with method and params (stolen), then say the stop as gdb's. */
static void resume_as(struct prompt *p, const char *method, json_t *params,
                      enum stop_kind kind)
{
        struct frame_ident before;
        json_t *st;

        if (kind == STOP_STEP)
                frame_ident_get(p, &before);
        st = resume_status(p, method, params);
        if (st)
                say_stop(p, st, kind, kind == STOP_STEP ? &before : NULL);
        json_decref(st);
}

static void resume_where(struct prompt *p, const char *method, json_t *params, bool where)
{
        resume_as(p, method, params, where ? STOP_STEP : STOP_OTHER);
}

/* gdb's step, next (source lines; over: calls as one), stepi, nexti [N]. Each says
 * where it went, the function and the file:line, as gdb prints the line it reached
 * (and the pc, as gdb's stepi does in the middle of a line). */
static bool stopped_by(json_t *st, const char *reason);

static void do_step(struct prompt *p, int argc, char **argv, bool line, bool over)
{
        json_t *params = sparams(p);
        long long n = 1;

        if (argc > 1 && (dbgctl_uint_parse(argv[1], &n) < 0 || n < 1)) {
                printf("step count must be a positive number: %s\n", argv[1]);
                json_decref(params);
                return;
        }
        if (line)
                json_object_set_new(params, "line", json_true());
        if (over)
                json_object_set_new(params, "over", json_true());
        /* gdb's step N says the last step's stop as that step saw it (the source line
         * alone when it stays in the frame it started in): the first N - 1 steps go
         * unsaid, unless they end otherwise (a breakpoint, a signal, the end) */
        if (n > 1) {
                json_t *first = json_deep_copy(params), *st;
                bool stepped;

                json_object_set_new(first, "count", json_integer(n - 1));
                st = resume_status(p, "step", first);
                if (!st) {
                        json_decref(params);
                        return;
                }
                stepped = stopped_by(st, "step") && !dbgctl_sigint;
                if (!stepped) {
                        say_stop(p, st, STOP_STEP, NULL);
                        json_decref(st);
                        json_decref(params);
                        return;
                }
                json_decref(st);
        }
        json_object_set_new(params, "count", json_integer(1));
        resume_as(p, "step", params, STOP_STEP);
}

static void do_regs(struct prompt *p, int argc, char **argv)
{
        json_t *params = sparams(p);

        if (argc > 1) {
                json_t *names = json_array();

                for (int i = 1; i < argc; i++)
                        json_array_append_new(names, json_string(argv[i]));
                json_object_set_new(params, "names", names);
        }
        call_show(p, "regs", params, fmt_regs);
}

/* "<sym+off>" (gdb's, the offset in decimal) for addr, or NULL: a new string. */
static char *sym_text(struct prompt *p, uint64_t addr)
{
        json_t *params = sparams(p), *result = NULL, *error = NULL, *sym;
        const char *name;
        char *ret = NULL;
        long long off;

        json_object_set_new(params, "address", jrpc_addr(addr));
        /* an address in no module (the stack, the heap) has no symbol: not an error */
        if (client_call_or_error(p->c, "symbols", params, &result, &error) != 0) {
                json_decref(error);
                return NULL;
        }
        sym = json_array_get(json_object_get(result, "symbols"), 0);
        name = json_string_value(json_object_get(sym, "demangled"));
        if (!name)
                name = json_string_value(json_object_get(sym, "name"));
        off = json_integer_value(json_object_get(sym, "offset"));
        if (name && (off ? asprintf(&ret, "<%s+%lld>", name, off)
                         : asprintf(&ret, "<%s>", name)) < 0)
                ret = NULL;
        json_decref(result);
        return ret;
}

/* The pc and sp of the selected frame, from the backtrace, into regs (the thread's
 * registers, a `regs` result). Returns false after saying why. */
static bool frame_regs(struct prompt *p, json_t *regs)
{
        json_t *params = sparams(p), *result, *f;

        json_object_set_new(params, "limit", json_integer(p->frame + 1));
        if (client_call(p->c, "backtrace", params, &result) != 0)
                return false;
        f = json_array_get(json_object_get(result, "frames"), (size_t)p->frame);
        if (f) {
                json_object_set(regs, "rip", json_object_get(f, "pc"));
                json_object_set(regs, "rsp", json_object_get(f, "sp"));
        } else {
                printf("no frame %lld\n", p->frame);
        }
        json_decref(result);
        return f != NULL;
}

/* gdb's info registers [NAME...]: its columns and natural values (fmt_gdb_reg); all of
 * gdb's general registers without names; an unknown name ends the list, as gdb's. In
 * an outer frame (up) rip and rsp are the frame's, as gdb's; the other registers are
 * the thread's: dbgd's unwinder does not give the callee-saved ones it recovers
 * (docs/dbgctl.md). */
static void do_info_regs(struct prompt *p, int argc, char **argv)
{
        static const char *const all[] = {
                "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10",
                "r11", "r12", "r13", "r14", "r15", "rip", "eflags", "cs", "ss", "ds",
                "es", "fs", "gs",
        };
        int n = argc > 1 ? argc - 1 : (int)(sizeof(all) / sizeof(all[0]));
        json_t *result;

        if (client_call(p->c, "regs", sparams(p), &result) != 0)
                return;
        if (p->frame > 0 && !frame_regs(p, result)) {
                json_decref(result);
                return;
        }
        for (int i = 0; i < n; i++) {
                const char *name = argc > 1 ? argv[i + 1] : all[i];
                uint64_t v;
                char *sym;

                if (name[0] == '$')
                        name++;
                if (fmt_addr_value(json_object_get(result, name), &v) < 0) {
                        printf("Invalid register `%s'\n", name);
                        break;
                }
                sym = strcmp(name, "rip") ? NULL : sym_text(p, v);
                fmt_gdb_reg(stdout, name, v, sym);
                free(sym);
        }
        json_decref(result);
}

static void do_mem(struct prompt *p, const char *addr_s, long long len)
{
        json_t *params, *result;
        const char *bytes;
        unsigned char *buf;
        uint64_t addr;
        size_t n;

        if (!parse_addr(addr_s, &addr))
                return;
        params = sparams(p);
        json_object_set_new(params, "address", jrpc_addr(addr));
        json_object_set_new(params, "length", json_integer(len));
        if (client_call(p->c, "peek", params, &result) != 0)
                return;
        bytes = json_string_value(json_object_get(result, "bytes"));
        buf = bytes ? fmt_hex_decode(bytes, &n) : NULL;
        if (buf)
                fmt_hexdump(stdout, addr, buf, n);
        else
                printf("the answer's bytes are not hex\n");
        free(buf);
        json_decref(result);
}

static void do_m(struct prompt *p, int argc, char **argv)
{
        long long len = DEFAULT_MEM_LEN;

        if (argc < 2) {
                printf("usage: m 0xADDR [LEN]\n");
                return;
        }
        if (argc > 2 && dbgctl_uint_parse(argv[2], &len) < 0) {
                printf("length must be a number: %s\n", argv[2]);
                return;
        }
        do_mem(p, argv[1], len);
}

/* A print error in gdb's words when gdb has them (no such symbol), else dbgd's. */
static void say_eval_error(json_t *error)
{
        const char *detail = json_string_value(json_object_get(json_object_get(error, "data"),
                                                               "detail"));
        const char *q;

        if (json_integer_value(json_object_get(error, "code")) == -32011 && detail &&
            !strncmp(detail, "no variable \"", 13) && (q = strchr(detail + 13, '"')))
                printf("No symbol \"%.*s\" in current context.\n", (int)(q - detail - 13),
                       detail + 13);
        else
                client_print_rpc_error(error);
}

/* The address x examines (gdb's x_command): a 0x literal as is; else the value of the
 * expression, print/x's: a pointer's or an integer's value, an array's address (as
 * gdb's value_as_address; a function's value is its address). false after saying why,
 * in gdb's words. */
static bool x_address(struct prompt *p, const char *expr, uint64_t *ret)
{
        json_t *params, *result = NULL, *error = NULL;
        const char *value, *type;
        bool ok = true;
        uint64_t v;
        char *end;

        if (!strncmp(expr, "0x", 2) && isxdigit((unsigned char)expr[2])) {
                errno = 0;
                v = strtoull(expr, &end, 16);
                if (!*end && !errno) {
                        *ret = v;
                        return true;
                }
        }
        params = sparams(p);
        json_object_set_new(params, "frame", json_integer(p->frame));
        json_object_set_new(params, "format", json_string("x"));
        json_object_set_new(params, "name", json_string(expr));
        if (client_call_or_error(p->c, "print", params, &result, &error) != 0) {
                if (error)
                        say_eval_error(error);
                json_decref(error);
                return false;
        }
        value = json_string_value(json_object_get(result, "value"));
        type = json_string_value(json_object_get(result, "type"));
        if (value && !strncmp(value, "0x", 2) && fmt_addr_value(json_object_get(result,
                                                                                "value"),
                                                                &v) == 0) {
                *ret = v;
        } else if (type && type[0] && type[strlen(type) - 1] == ']' &&
                   fmt_addr_value(json_object_get(result, "address"), &v) == 0) {
                *ret = v;
        } else if (json_object_get(result, "error")) {
                printf("value is <%s>\n", progcmd_unreadable(jstr(result, "error", "")));
                ok = false;
        } else {
                printf("Value can't be converted to integer.\n");
                ok = false;
        }
        json_decref(result);
        return ok;
}

/* "0x404060 <nodes+16>:" or "0x7ffe...:" (no symbol), as gdb's x labels a line. */
static void x_label(struct prompt *p, uint64_t addr)
{
        char *sym = sym_text(p, addr);

        printf("0x%" PRIx64 "%s%s:", addr, sym ? " " : "", sym ? sym : "");
        free(sym);
}

/* len bytes at addr (peek), or NULL after gdb's line "LABEL:\tCannot access memory at
 * address ADDR" (*gone set, the line left to the caller, when gone is not NULL). */
static unsigned char *x_read(struct prompt *p, uint64_t addr, size_t len, size_t *ret_len,
                             bool *gone)
{
        json_t *params = sparams(p), *result = NULL, *error = NULL;
        unsigned char *buf = NULL;
        const char *bytes;

        json_object_set_new(params, "address", jrpc_addr(addr));
        json_object_set_new(params, "length", json_integer((json_int_t)len));
        if (client_call_or_error(p->c, "peek", params, &result, &error) != 0) {
                if (gone && json_integer_value(json_object_get(error, "code")) == -32004) {
                        *gone = true;
                } else if (json_integer_value(json_object_get(error, "code")) == -32004) {
                        x_label(p, addr);
                        printf("\tCannot access memory at address 0x%" PRIx64 "\n", addr);
                } else if (error) {
                        client_print_rpc_error(error);
                }
                json_decref(error);
                return NULL;
        }
        bytes = json_string_value(json_object_get(result, "bytes"));
        buf = bytes ? fmt_hex_decode(bytes, ret_len) : NULL;
        if (!buf)
                printf("the answer's bytes are not hex\n");
        json_decref(result);
        return buf;
}

/* One unit's value in gdb's x/F: hex zero-padded to the unit (x), signed (d) or
 * unsigned (u) decimal, octal with a leading 0 (o), binary zero-padded (t). */
static void x_value(uint64_t v, int unit, char fmt)
{
        int bits = unit * 8;

        switch (fmt) {
        case 'd':
                if (bits < 64 && (v >> (bits - 1) & 1))
                        v |= ~0ULL << bits; /* sign-extend */
                printf("%" PRId64, (int64_t)v);
                break;
        case 'u':
                printf("%" PRIu64, v);
                break;
        case 'o':
                printf(v ? "0%" PRIo64 : "0", v);
                break;
        case 't':
                for (int b = bits - 1; b >= 0; b--)
                        putchar(v >> b & 1 ? '1' : '0');
                break;
        default:
                printf("0x%0*" PRIx64, unit * 2, v);
        }
}

/* x/Nx (d, u, o, t): n units of unit bytes, gdb's count a line (8 bytes or halves, 4
 * words, 2 giants), each line labelled. */
static void x_units(struct prompt *p, uint64_t addr, long long n, int unit, char fmt)
{
        size_t per_line = unit <= 2 ? 8 : (size_t)(16 / unit), len, count;
        unsigned char *buf = x_read(p, addr, (size_t)n * (size_t)unit, &len, NULL);

        if (!buf)
                return;
        count = len / (size_t)unit;
        for (size_t i = 0; i < count; i++) {
                uint64_t v = 0;

                for (int b = unit - 1; b >= 0; b--)
                        v = v << 8 | buf[i * (size_t)unit + (size_t)b];
                if (i % per_line == 0) {
                        if (i)
                                putchar('\n');
                        x_label(p, addr + i * (size_t)unit);
                }
                putchar('\t');
                x_value(v, unit, fmt);
        }
        if (count)
                putchar('\n');
        free(buf);
}

/* x/Ns: n C strings from addr, gdb's way: escapes, at most 200 characters each (print
 * elements), then "..."; the next string starts after the NUL. */
static void x_strings(struct prompt *p, uint64_t addr, long long n)
{
        enum { LIMIT = 200 };

        for (long long k = 0; k < n; k++) {
                unsigned char *buf;
                size_t len, i;
                /* within one page first: a string may end just before unmapped memory */
                size_t want = 4096 - (addr & 4095);
                bool gone = false;

                buf = x_read(p, addr, want < LIMIT + 1 ? want : LIMIT + 1, &len, &gone);
                if (gone) { /* gdb's words, and the next string at the same address */
                        x_label(p, addr);
                        printf("\t<error: Cannot access memory at address 0x%" PRIx64 ">\n",
                               addr);
                        continue;
                }
                if (buf && len < LIMIT + 1 && !memchr(buf, 0, len)) {
                        unsigned char *more, *grown;
                        size_t more_len;

                        /* (the string goes on into a page that is not there: cut) */
                        more = x_read(p, addr + len, LIMIT + 1 - len, &more_len, &gone);
                        if (!more && !gone) {
                                free(buf);
                                return;
                        }
                        if (!more)
                                more_len = 0;
                        grown = realloc(buf, len + more_len);
                        if (!grown) {
                                free(buf);
                                free(more);
                                return;
                        }
                        buf = grown;
                        if (more)
                                memcpy(buf + len, more, more_len);
                        len += more_len;
                        free(more);
                }
                if (!buf)
                        return;
                x_label(p, addr);
                fputs("\t\"", stdout);
                for (i = 0; i < len && i < LIMIT && buf[i]; i++) {
                        const char *esc = strchr("\a\b\f\n\r\t\v\"\\", buf[i]);

                        if (esc && buf[i])
                                printf("\\%c", "abfnrtv\"\\"[esc - "\a\b\f\n\r\t\v\"\\"]);
                        else if (buf[i] >= 0x20 && buf[i] < 0x7f)
                                putchar(buf[i]);
                        else
                                printf("\\%03o", buf[i]);
                }
                printf("\"%s\n", i == LIMIT && buf[i] ? "..." : "");
                addr += i + (i < LIMIT);
                free(buf);
        }
}

/* The pc of the selected frame, for x/i's "=> " mark; 0 when unknown. */
static uint64_t frame_pc(struct prompt *p)
{
        json_t *regs = json_object();
        uint64_t pc = 0;

        if (p->frame == 0) {
                json_t *params = sparams(p), *result;

                json_object_set_new(params, "names", json_pack("[s]", "rip"));
                if (client_call(p->c, "regs", params, &result) == 0) {
                        fmt_addr_value(json_object_get(result, "rip"), &pc);
                        json_decref(result);
                }
        } else if (frame_regs(p, regs)) {
                fmt_addr_value(json_object_get(regs, "rip"), &pc);
        }
        json_decref(regs);
        return pc;
}

/* x/Ni: n instructions from addr in gdb's layout ("=> " at the frame's pc, the label,
 * the mnemonic padded to 6, a jump's target with its symbol); the operands are dbgd's
 * disassembler's, in Intel syntax (docs/dbgctl.md). */
static void x_insns(struct prompt *p, uint64_t addr, long long n)
{
        json_t *params = sparams(p), *result, *in;
        uint64_t pc = frame_pc(p), a;
        size_t i;

        json_object_set_new(params, "address", jrpc_addr(addr));
        json_object_set_new(params, "count", json_integer(n));
        if (client_call(p->c, "disasm", params, &result) != 0)
                return;
        json_array_foreach(json_object_get(result, "instructions"), i, in) {
                const char *tsym = json_string_value(json_object_get(in, "target_symbol"));

                if (fmt_addr_value(json_object_get(in, "address"), &a) < 0)
                        continue;
                fputs(a == pc ? "=> " : "   ", stdout);
                x_label(p, a);
                printf("\t%-6s %s", jstr(in, "mnemonic", ""), jstr(in, "operands", ""));
                if (tsym)
                        printf(" <%s>", tsym);
                putchar('\n');
        }
        json_decref(result);
}

/* x/NFU EXPR (gdb's examine): N units (1) of U bytes (b 1, h 2, w 4, g 8; the last one
 * given, words at first, as gdb) in hex (x) or x_value's formats, or N strings (s) or
 * instructions (i), at the address EXPR gives (x_address). */
static void do_x(struct prompt *p, int argc, char **argv)
{
        const char *spec = strchr(argv[0], '/');
        long long n = 1;
        int unit = p->x_unit ? p->x_unit : 4;
        char fmt = 'x';
        uint64_t addr;
        char *expr;
        bool ok;

        if (spec) {
                size_t digits = strspn(++spec, "0123456789");
                char num[24];

                if (digits) {
                        snprintf(num, sizeof(num), "%.*s", (int)(digits < 23 ? digits : 23),
                                 spec);
                        /* bounded so that N * 8 cannot overflow; peek has its own limit */
                        if (digits > 9 || dbgctl_uint_parse(num, &n) < 0) {
                                printf("x/N: N must be a number below 1000000000\n");
                                return;
                        }
                }
                for (spec += digits; *spec; spec++) {
                        const char *u = strchr("bhwg", *spec);

                        if (u) {
                                unit = 1 << (u - "bhwg");
                        } else if (strchr("xduotsi", *spec)) {
                                fmt = *spec;
                        } else {
                                printf("x/%c: x shows memory in hex (x), decimal (d, u), "
                                       "octal (o), binary (t), strings (s) or instructions "
                                       "(i), by units b, h, w, g\n", *spec);
                                return;
                        }
                }
        }
        if (argc < 2) {
                printf("usage: x/N[x|d|u|o|t|s|i][b|h|w|g] ADDRESS (an expression)\n");
                return;
        }
        expr = join_words(argc - 1, argv + 1);
        ok = expr && x_address(p, expr, &addr);
        free(expr);
        if (!ok)
                return;
        if (fmt != 's' && fmt != 'i')
                p->x_unit = unit;
        if (n == 0)
                return;
        if (fmt == 's')
                x_strings(p, addr, n);
        else if (fmt == 'i')
                x_insns(p, addr, n > 1000 ? 1000 : n);
        else
                x_units(p, addr, n, unit, fmt);
}

/* The session's params with `address` (0xADDR or a number; only that when strict or
 * after gdb's '*') or `symbol` from word; NULL after saying what is wrong. */
static json_t *where_params(struct prompt *p, const char *word, bool strict)
{
        json_t *params = sparams(p);
        uint64_t addr;

        if (word[0] == '*') {
                word++;
                strict = true;
        }
        if (strict || strncmp(word, "0x", 2) == 0 || (word[0] >= '0' && word[0] <= '9')) {
                if (!parse_addr(word, &addr)) {
                        json_decref(params);
                        return NULL;
                }
                json_object_set_new(params, "address", jrpc_addr(addr));
        } else {
                json_object_set_new(params, "symbol", json_string(word));
        }
        return params;
}

/* The source file of the stop, or else main's (gdb's default source file: the stop's
 * once the program has stopped somewhere with lines, main's before). A new string, or
 * NULL. */
static char *default_file(struct prompt *p)
{
        json_t *st, *params, *result, *src;
        const char *file;
        char *ret = NULL;

        if (client_call(p->c, "status", sparams(p), &st) != 0)
                return NULL;
        src = json_object_get(json_object_get(st, "stop"), "source");
        file = json_string_value(json_object_get(src, "file"));
        if (file)
                ret = strdup(file);
        json_decref(st);
        if (ret)
                return ret;
        params = sparams(p);
        json_object_set_new(params, "name", json_string("main"));
        json_object_set_new(params, "limit", json_integer(1));
        if (client_call(p->c, "symbols", params, &result) != 0)
                return NULL;
        src = json_object_get(json_array_get(json_object_get(result, "symbols"), 0), "source");
        file = json_string_value(json_object_get(src, "file"));
        if (file)
                ret = strdup(file);
        json_decref(result);
        return ret;
}

/* Lines first..last of file (read here, where dbgctl runs: the daemon's machine when
 * it is this one), as gdb's list prints them; remembered for the next list. */
static void list_lines(struct prompt *p, const char *file, long first, long last)
{
        FILE *f = fopen(file, "r");
        char *line = NULL;
        size_t cap = 0;
        long n = 0;

        if (first < 1)
                first = 1;
        if (p->list_file != file) {
                free(p->list_file);
                p->list_file = strdup(file);
        }
        p->list_first = first;
        p->list_last = last;
        if (!f) { /* gdb's words for a source it cannot read */
                printf("%ld\tin %s\n", first, file);
                return;
        }
        while (getline(&line, &cap, f) >= 0 && ++n <= last)
                if (n >= first)
                        printf("%ld\t%s", n, line[strlen(line) - 1] == '\n' ? line : "\n");
        if (n < first) /* the next list tries the same line again, as gdb's */
                printf("Line number %ld out of range; %s has %ld lines.\n", first, file, n);
        if (n < last) /* the file's end */
                p->list_last = first - 1 > n ? first - 1 : n;
        free(line);
        fclose(f);
}

/* Ten lines of file centred on line as gdb centres them (line the sixth), kept ten at
 * the file's start. */
static void list_around(struct prompt *p, const char *file, long line)
{
        long first = line - 5 < 1 ? 1 : line - 5;

        list_lines(p, file, first, first + 9);
}

/* The source {file, line} of the selected frame, else of main (gdb's default before
 * the program stops somewhere with lines): into *file (a new string) and *line. */
static int list_anchor(struct prompt *p, char **file, long *line)
{
        json_t *params = sparams(p), *result, *src = NULL;

        json_object_set_new(params, "limit", json_integer(p->frame + 1));
        if (client_call(p->c, "backtrace", params, &result) == 0) {
                src = json_object_get(json_array_get(json_object_get(result, "frames"),
                                                     (size_t)p->frame), "source");
                if (json_is_string(json_object_get(src, "file"))) {
                        *file = strdup(json_string_value(json_object_get(src, "file")));
                        *line = (long)json_integer_value(json_object_get(src, "line"));
                        json_decref(result);
                        return 0;
                }
                json_decref(result);
        }
        params = sparams(p);
        json_object_set_new(params, "name", json_string("main"));
        json_object_set_new(params, "limit", json_integer(1));
        if (client_call(p->c, "symbols", params, &result) != 0)
                return -1;
        src = json_object_get(json_array_get(json_object_get(result, "symbols"), 0), "source");
        if (json_is_string(json_object_get(src, "file"))) {
                *file = strdup(json_string_value(json_object_get(src, "file")));
                *line = (long)json_integer_value(json_object_get(src, "line"));
        }
        json_decref(result);
        return *file ? 0 : -1;
}

/* list, list -, list N, list FILE:N, list FUNCTION (gdb's): ten lines around the
 * selected frame's line (then on from the last listed, or before them with -), around
 * line N, or around a function's start, as gdb centres them. */
static void do_list(struct prompt *p, int argc, char **argv)
{
        char *file = NULL, *colon;
        long line = 0, first;
        long long n;

        if (argc < 2 && p->list_file && p->list_seen == p->list_gen) {
                list_lines(p, p->list_file, p->list_last + 1, p->list_last + 10);
                return;
        }
        if (argc > 1 && !strcmp(argv[1], "-")) {
                if (!p->list_file) {
                        printf("list -: nothing listed yet\n");
                } else if (p->list_first <= 1) {
                        printf("Already at the start of %s.\n", p->list_file);
                } else {
                        first = p->list_first - 10;
                        list_lines(p, p->list_file, first, p->list_first - 1);
                }
                return;
        }
        if (argc < 2) {
                if (list_anchor(p, &file, &line) < 0) {
                        printf("list: no source here nor main's\n");
                        return;
                }
                p->list_seen = p->list_gen;
                list_around(p, file, line);
                free(file);
                return;
        }
        colon = strrchr(argv[1], ':');
        if (dbgctl_uint_parse(colon ? colon + 1 : argv[1], &n) == 0) { /* [FILE:]N */
                if (colon) {
                        char *known = NULL;
                        long at;
                        size_t k;

                        file = strndup(argv[1], (size_t)(colon - argv[1]));
                        /* a base name, as gdb takes it: the listed file's or the
                         * frame's of that name */
                        if (file && !strchr(file, '/') &&
                            (p->list_file ? (known = strdup(p->list_file)) != NULL
                                          : list_anchor(p, &known, &at) == 0) &&
                            (k = strlen(known)) > strlen(file) &&
                            !strcmp(known + k - strlen(file), file) &&
                            known[k - strlen(file) - 1] == '/') {
                                free(file);
                                file = known;
                                known = NULL;
                        }
                        free(known);
                } else if (p->list_file)
                        file = strdup(p->list_file);
                else if (list_anchor(p, &file, &line) < 0)
                        file = NULL;
                line = (long)n;
        } else { /* a function: around the line of its entry, as gdb's */
                json_t *params = sparams(p), *result, *src;

                json_object_set_new(params, "name", json_string(argv[1]));
                json_object_set_new(params, "limit", json_integer(1));
                if (client_call(p->c, "symbols", params, &result) != 0)
                        return;
                src = json_object_get(json_array_get(json_object_get(result, "symbols"), 0),
                                      "source");
                if (json_is_string(json_object_get(src, "file"))) {
                        file = strdup(json_string_value(json_object_get(src, "file")));
                        line = (long)json_integer_value(json_object_get(src, "line"));
                }
                json_decref(result);
                if (!file) {
                        printf("Function \"%s\" not defined.\n", argv[1]);
                        return;
                }
        }
        if (!file) {
                printf("list: no source file here nor main's; give FILE:N\n");
                return;
        }
        p->list_seen = p->list_gen;
        list_around(p, file, line);
        free(file);
}

/* FILE:LINE for gdb's `break LINE`, in the default file. NULL after saying why there is
 * none. */
static char *default_file_line(struct prompt *p, const char *line)
{
        char *file = default_file(p), *spec = NULL;

        if (!file)
                printf("break %s: no source file here or in main; give FILE:%s\n", line, line);
        else if (asprintf(&spec, "%s:%s", file, line) < 0)
                spec = NULL;
        free(file);
        return spec;
}

/* The `break` params of a location as gdb's break takes one: a bare line number is of
 * the default file (default_file_line), anything else where_params'. NULL, said, when
 * it names nothing. */
static json_t *location_params(struct prompt *p, const char *where)
{
        json_t *params;
        char *spec;

        if (strspn(where, "0123456789") != strlen(where))
                return where_params(p, where, false);
        spec = default_file_line(p, where);
        if (!spec)
                return NULL;
        params = sparams(p);
        json_object_set_new(params, "symbol", json_string(spec));
        free(spec);
        return params;
}

/* break|tbreak WHERE [temporary] [pending] (gdb's): a function, FILE:LINE, LINE, *ADDR,
 * or an address with its 0x. */
static void do_break(struct prompt *p, int argc, char **argv, bool temporary)
{
        json_t *params;

        if (argc < 2) {
                printf("usage: %s FUNCTION|FILE:LINE|LINE|*0xADDR\n", argv[0]);
                return;
        }
        params = location_params(p, argv[1]);
        if (!params)
                return;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "temporary") == 0) {
                        temporary = true;
                } else if (strcmp(argv[i], "pending") == 0) {
                        json_object_set_new(params, "pending", json_true());
                } else if (strcmp(argv[i], "if") == 0) { /* gdb's break SPEC if COND */
                        char *cond = join_words(argc - i - 1, argv + i + 1);

                        json_object_set_new(params, "condition", json_string(cond));
                        free(cond);
                        break;
                } else {
                        printf("usage: %s WHERE [if CONDITION]\n", argv[0]);
                        json_decref(params);
                        return;
                }
        }
        if (temporary)
                json_object_set_new(params, "temporary", json_true());
        call_show(p, "break", params, fmt_breakpoint);
}

/* gdb's `condition N [COND]` and `ignore N COUNT`: breakpoint N set again where it is
 * (its address, or its symbol while pending) with the new setting; dbgd keeps one
 * breakpoint per address, and one pending breakpoint per symbol, so that changes it in
 * place and it keeps its number, as gdb's. */
static void do_bp_setting(struct prompt *p, int argc, char **argv, const char *key)
{
        bool is_cond = strcmp(key, "condition") == 0;
        json_t *params, *result, *bp;
        long long id, count = 0, now;
        char *cond = NULL;

        if (argc < 2 || dbgctl_uint_parse(argv[1], &id) < 0 ||
            (!is_cond && (argc != 3 || dbgctl_uint_parse(argv[2], &count) < 0))) {
                printf(is_cond ? "usage: condition N [CONDITION]\n" : "usage: ignore N COUNT\n");
                return;
        }
        params = sparams(p);
        json_object_set_new(params, "breakpoint", json_integer(id));
        if (client_call(p->c, "breakpoints", params, &result) < 0)
                return;
        bp = json_array_get(json_object_get(result, "breakpoints"), 0);
        if (!bp) {
                printf("no breakpoint %lld\n", id);
                json_decref(result);
                return;
        }
        params = sparams(p);
        commands_bp_again(params, bp);
        json_decref(result);
        if (is_cond) {
                cond = join_words(argc - 2, argv + 2);
                json_object_set_new(params, "condition", json_string(cond)); /* "": none */
        } else {
                json_object_set_new(params, "ignore", json_integer(count));
        }
        if (client_call(p->c, "break", params, &result) != 0) {
                free(cond);
                return;
        }
        now = json_integer_value(json_object_get(result, "breakpoint"));
        if (!is_cond)
                printf("Will ignore next %lld crossings of breakpoint %lld.\n", count, now);
        else if (!*cond)
                printf("Breakpoint %lld now unconditional.\n", now);
        else
                fmt_breakpoint(stdout, result);
        json_decref(result);
        free(cond);
}

static void cmd_condition(struct prompt *p, int argc, char **argv)
{
        do_bp_setting(p, argc, argv, "condition");
}

static void cmd_ignore(struct prompt *p, int argc, char **argv)
{
        do_bp_setting(p, argc, argv, "ignore");
}

static void watch_forget(struct prompt *p, long long id);

/* Delete breakpoint (or watchpoint: unwatch) id, saying so. Returns 0, or -1 after the
 * daemon said why not. */
static int delete_one(struct prompt *p, const char *method, const char *key, long long id)
{
        json_t *params = sparams(p), *result;

        json_object_set_new(params, key, json_integer(id));
        if (client_call(p->c, method, params, &result) != 0)
                return -1;
        json_decref(result);
        if (!strcmp(key, "watchpoint"))
                watch_forget(p, id);
        printf("deleted %s %lld\n", key, id);
        return 0;
}

/* The ids of every breakpoint (key "breakpoint") or watchpoint of the session, as a new
 * array of integers, or NULL. */
static json_t *all_ids(struct prompt *p, const char *method, const char *key)
{
        json_t *result, *ids = json_array(), *b;
        size_t i;

        if (client_call(p->c, method, sparams(p), &result) != 0) {
                json_decref(ids);
                return NULL;
        }
        json_array_foreach(json_object_get(result, method), i, b)
                json_array_append(ids, json_object_get(b, key));
        json_decref(result);
        return ids;
}

static bool has_id(const json_t *ids, long long id);

/* fn on each id that words argv[1..argc) name, N or gdb's N-M, told whether it is a
 * watchpoint's (their numbers are the breakpoints': the watchpoint list is asked for once
 * per command, not once per number); a bad word is said and the others go on. */
static void for_ids(struct prompt *p, int argc, char **argv,
                    void (*fn)(struct prompt *p, long long id, bool watch, void *arg),
                    void *arg)
{
        json_t *watch_ids = all_ids(p, "watchpoints", "watchpoint");

        for (int i = 1; i < argc; i++) {
                long long from, to;
                char *dash = strchr(argv[i], '-');

                if (dash && dash != argv[i]) { /* gdb's N-M */
                        *dash = '\0';
                        if (dbgctl_uint_parse(argv[i], &from) < 0 ||
                            dbgctl_uint_parse(dash + 1, &to) < 0 || to < from ||
                            to - from > 10000) {
                                *dash = '-';
                                printf("%s: not a number or range N-M: %s\n", argv[0], argv[i]);
                                continue;
                        }
                } else if (dbgctl_uint_parse(argv[i], &from) < 0) {
                        printf("%s: not a number or range N-M: %s\n", argv[0], argv[i]);
                        continue;
                } else {
                        to = from;
                }
                for (long long id = from; id <= to; id++)
                        fn(p, id, has_id(watch_ids, id), arg);
        }
        json_decref(watch_ids);
}

struct delete_what {
        const char *method, *key;
};

static struct prompt_watch *watch_find(struct prompt *p, long long id);
static char *watch_value(struct prompt *p, const struct prompt_watch *w);

/* delete N: breakpoints and watchpoints share the daemon's numbers (as gdb's), so N is
 * the one that has it. */
static void delete_id(struct prompt *p, long long id, bool watch, void *arg)
{
        const struct delete_what *w = arg;

        if (!strcmp(w->method, "delete") && watch)
                delete_one(p, "unwatch", "watchpoint", id);
        else
                delete_one(p, w->method, w->key, id);
}

/* delete [N|N-M]... (gdb's): no argument deletes every breakpoint and watchpoint, as
 * gdb's does in batch mode (it asks first on a terminal; this prompt never asks);
 * unwatch N... the same for watchpoints. */
static void do_delete(struct prompt *p, int argc, char **argv, const char *method,
                      const char *key)
{
        struct delete_what w = { method, key };

        if (argc < 2) {
                const char *methods[][3] = { { "breakpoints", "delete", "breakpoint" },
                                             { "watchpoints", "unwatch", "watchpoint" } };
                bool bps = !strcmp(method, "delete");

                for (size_t m = bps ? 0 : 1; m < 2; m++) {
                        json_t *ids = all_ids(p, methods[m][0], methods[m][2]), *id;
                        size_t i;

                        json_array_foreach(ids, i, id)
                                delete_one(p, methods[m][1], methods[m][2],
                                           json_integer_value(id));
                        json_decref(ids);
                }
                return;
        }
        for_ids(p, argc, argv, delete_id, &w);
}

/* Is id in ids (an array of integers, or NULL)? */
static bool has_id(const json_t *ids, long long id)
{
        const json_t *w;
        size_t i;

        json_array_foreach(ids, i, w)
                if (json_integer_value(w) == id)
                        return true;
        return false;
}

/* Breakpoint id enabled or disabled (*(bool *)on): `break` again on its address, or
 * its symbol while pending, with `enabled`, which changes it in place; a watchpoint's
 * number: `watch` with it and `enabled`. */
static void enable_id(struct prompt *p, long long id, bool watch, void *on)
{
        json_t *params = sparams(p), *result, *bp;

        if (watch) {
                struct prompt_watch *w = watch_find(p, id);

                json_object_set_new(params, "watchpoint", json_integer(id));
                json_object_set_new(params, "enabled", json_boolean(*(bool *)on));
                if (client_call(p->c, "watch", params, &result) != 0)
                        return;
                json_decref(result);
                if (w && *(bool *)on) { /* its next hit's old value: the value now */
                        free(w->value);
                        w->value = watch_value(p, w);
                }
                return;
        }
        json_object_set_new(params, "breakpoint", json_integer(id));
        if (client_call(p->c, "breakpoints", params, &result) != 0)
                return;
        bp = json_array_get(json_object_get(result, "breakpoints"), 0);
        if (!bp) {
                printf("No breakpoint number %lld.\n", id);
                json_decref(result);
                return;
        }
        params = sparams(p);
        commands_bp_again(params, bp);
        json_decref(result);
        json_object_set_new(params, "enabled", json_boolean(*(bool *)on));
        if (client_call(p->c, "break", params, &result) == 0)
                json_decref(result);
}

/* disable [N|N-M]..., enable [N|N-M]... (gdb's): breakpoints kept, out of the program's
 * code while disabled, watchpoints kept, their debug registers given back; none
 * named: every breakpoint and watchpoint. gdb prints nothing. */
static void cmd_disable(struct prompt *p, int argc, char **argv)
{
        bool on = !strcmp(argv[0], "enable");

        if (argc < 2) {
                const char *lists[][2] = { { "breakpoints", "breakpoint" },
                                           { "watchpoints", "watchpoint" } };

                for (size_t l = 0; l < 2; l++) {
                        json_t *ids = all_ids(p, lists[l][0], lists[l][1]), *id;
                        size_t i;

                        json_array_foreach(ids, i, id)
                                enable_id(p, json_integer_value(id), l == 1, &on);
                        json_decref(ids);
                }
                return;
        }
        for_ids(p, argc, argv, enable_id, &on);
}

/* The watchpoint this prompt set with id, or NULL. */
static struct prompt_watch *watch_find(struct prompt *p, long long id)
{
        for (size_t i = 0; i < p->nwatches; i++)
                if (p->watches[i].id == id)
                        return &p->watches[i];
        return NULL;
}

static void watch_forget(struct prompt *p, long long id)
{
        struct prompt_watch *w = watch_find(p, id);

        if (!w)
                return;
        free(w->expr);
        free(w->ptr_type);
        free(w->value);
        *w = p->watches[--p->nwatches];
}

/* print's answer for expr, or NULL (said why: the daemon's error on stderr, print's own
 * "error" on stdout with what). A new reference. */
static json_t *print_value(struct prompt *p, const char *expr, const char *what)
{
        json_t *params = sparams(p), *result;

        json_object_set_new(params, "name", json_string(expr));
        json_object_set_new(params, "frame", json_integer(p->frame));
        if (client_call(p->c, "print", params, &result) != 0)
                return NULL;
        if (!json_is_string(json_object_get(result, "value"))) {
                if (what)
                        printf("%s: %s\n", what,
                               jstr(result, "error", "no value"));
                json_decref(result);
                return NULL;
        }
        return result;
}

/* The watched value now, as print shows it in the expression's type: a new string, or
 * NULL (then the hit says the stop's hex). */
static char *watch_value(struct prompt *p, const struct prompt_watch *w)
{
        char *expr, *ret = NULL;
        json_t *v;

        if (!w->ptr_type)
                return NULL;
        if (asprintf(&expr, "*(%s)0x%" PRIx64, w->ptr_type, w->addr) < 0)
                return NULL;
        v = print_value(p, expr, NULL);
        if (v)
                ret = strdup(json_string_value(json_object_get(v, "value")));
        json_decref(v);
        free(expr);
        return ret;
}

static const char *watch_kind_words(char kind)
{
        return kind == 'r' ? "Hardware read watchpoint" :
               kind == 'a' ? "Hardware access (read/write) watchpoint" : "Hardware watchpoint";
}

/* watch|awatch|rwatch EXPR (gdb's): the address of the lvalue EXPR and its size, from
 * print &(EXPR) and sizeof(EXPR), watched in a debug register as gdb's hardware
 * watchpoint (its -location: the place, not the expression's scope). watch 0xADDR or
 * *0xADDR [N] [rw]: N (8) bytes at ADDR. The daemon watches writes, or reads and writes
 * ("rw"): rwatch is the latter, its hits that changed the value (writes) go on unsaid,
 * as gdb's rwatch on x86, whose debug registers cannot watch reads alone. */
static void do_watch(struct prompt *p, int argc, char **argv)
{
        char kind = argv[0][0] == 'a' ? 'a' : argv[0][0] == 'r' ? 'r' : 'w';
        struct prompt_watch w = { .kind = kind };
        json_t *params, *result, *v;
        const char *a = argc > 1 ? argv[1] : "";
        long long len = 8;

        if (argc < 2) {
                printf("usage: %s EXPRESSION | %s 0xADDR [1|2|4|8] [rw]\n", argv[0], argv[0]);
                return;
        }
        params = sparams(p);
        if (*a == '*')
                a++;
        if (!strncmp(a, "0x", 2) && strspn(a + 2, "0123456789abcdefABCDEF") == strlen(a + 2)) {
                if (!parse_addr(a, &w.addr)) {
                        json_decref(params);
                        return;
                }
                for (int i = 2; i < argc; i++) {
                        if (!strcmp(argv[i], "rw") && kind == 'w')
                                w.kind = kind = 'a';
                        else if (dbgctl_uint_parse(argv[i], &len) < 0) {
                                printf("usage: %s 0xADDR [1|2|4|8] [rw]\n", argv[0]);
                                json_decref(params);
                                return;
                        }
                }
                w.expr = strdup(argv[1]);
        } else {
                char *expr = join_words(argc - 1, argv + 1), *q;
                const char *type, *val;

                w.expr = expr;
                if (asprintf(&q, "&(%s)", expr) < 0)
                        abort();
                v = print_value(p, q, argv[0]);
                free(q);
                type = v ? json_string_value(json_object_get(v, "type")) : NULL;
                val = v ? strstr(json_string_value(json_object_get(v, "value")), "0x") : NULL;
                if (v && (!type || !val || !strchr(type, '*'))) { /* int *, char (*)[32] */
                        printf("%s: cannot watch %s: not a place in memory\n", argv[0], expr);
                        json_decref(v);
                        v = NULL;
                }
                if (!v)
                        goto fail;
                w.ptr_type = strdup(type);
                w.addr = strtoull(val, NULL, 16);
                json_decref(v);
                if (asprintf(&q, "sizeof(%s)", expr) < 0)
                        abort();
                v = print_value(p, q, argv[0]);
                free(q);
                if (!v || dbgctl_uint_parse(json_string_value(json_object_get(v, "value")),
                                            &len) < 0 || (len != 1 && len != 2 && len != 4 &&
                                                          len != 8)) {
                        if (v)
                                printf("%s: %s has %s bytes; dbgd watches 1, 2, 4 or 8 in a "
                                       "debug register (gdb would watch it in software)\n",
                                       argv[0], expr,
                                       json_string_value(json_object_get(v, "value")));
                        json_decref(v);
                        goto fail;
                }
                json_decref(v);
                w.value = watch_value(p, &w);
        }
        json_object_set_new(params, "address", jrpc_addr(w.addr));
        json_object_set_new(params, "length", json_integer(len));
        if (kind != 'w')
                json_object_set_new(params, "access", json_string("rw"));
        if (client_call(p->c, "watch", params, &result) != 0)
                goto fail_called;
        w.id = json_integer_value(json_object_get(result, "watchpoint"));
        if (!w.value)
                w.value = strdup(jstr(result, "value", "?"));
        json_decref(result);
        printf("%s %lld: %s\n", watch_kind_words(kind), w.id, w.expr);
        p->watches = realloc(p->watches, (p->nwatches + 1) * sizeof(*p->watches));
        if (!p->watches)
                abort();
        p->watches[p->nwatches++] = w;
        return;
fail:
        json_decref(params);
fail_called:
        free(w.expr);
        free(w.ptr_type);
        free(w.value);
}

/* A watchpoint's hit in gdb's words: "Hardware watchpoint 2: counter", a blank line,
 * "Old value = 0" and "New value = 3" (a read, or an access that changed nothing: "Value
 * = 3"). Returns true for a hit of an rwatch that was a write, which gdb does not
 * report: the caller goes on. */
static bool watch_report(struct prompt *p, json_t *st)
{
        json_t *stop = json_object_get(st, "stop");
        const char *reason = json_string_value(json_object_get(stop, "reason"));
        const char *old_hex = json_string_value(json_object_get(stop, "old"));
        const char *new_hex = json_string_value(json_object_get(stop, "value"));
        struct prompt_watch *w;
        bool changed;
        char *now;

        if (!reason || strcmp(reason, "watchpoint") != 0)
                return false;
        w = watch_find(p, json_integer_value(json_object_get(stop, "watchpoint")));
        if (!w)
                return false;
        changed = old_hex && new_hex && strcmp(old_hex, new_hex) != 0;
        now = watch_value(p, w);
        if (!now)
                now = strdup(new_hex ? new_hex : "?");
        if (w->kind == 'r' && changed) {
                free(w->value);
                w->value = now;
                return true;
        }
        /* said with the stop (say_stop_gdb): after gdb's "[Switching to Thread ...]"
         * and "Thread N "name" hit " */
        free(p->watch_said);
        p->watch_said = NULL;
        if (w->kind == 'w' || (w->kind == 'a' && changed)) {
                if (asprintf(&p->watch_said, "%s %lld: %s\n\nOld value = %s\nNew value = %s\n",
                             watch_kind_words(w->kind), w->id, w->expr, w->value, now) < 0)
                        p->watch_said = NULL;
        } else if (asprintf(&p->watch_said, "%s %lld: %s\n\nValue = %s\n",
                            watch_kind_words(w->kind), w->id, w->expr, now) < 0) {
                p->watch_said = NULL;
        }
        free(w->value);
        w->value = now;
        return false;
}

/* The function an address is in (for info breakpoints' "in tick at loop.c:12"): a new
 * string, or NULL. */
static char *function_at(struct prompt *p, json_t *addr)
{
        json_t *params = sparams(p), *result, *sym;
        char *ret = NULL;

        json_object_set(params, "address", addr);
        if (client_call(p->c, "symbols", params, &result) != 0)
                return NULL;
        sym = json_array_get(json_object_get(result, "symbols"), 0);
        if (json_is_string(json_object_get(sym, "name")))
                ret = strdup(json_string_value(json_object_get(sym, "name")));
        json_decref(result);
        return ret;
}

/* One breakpoint's row of gdb's table, and its lines under it. */
static void info_bp_row(struct prompt *p, json_t *b, int type_w, int addr_w, bool stopped)
{
        json_t *addr = json_object_get(b, "address"), *src = json_object_get(b, "source");
        const char *cond = json_string_value(json_object_get(b, "condition"));
        long long hits = json_integer_value(json_object_get(b, "hits"));
        long long ignore = json_integer_value(json_object_get(b, "ignore"));
        uint64_t a = 0;

        printf("%-7" JSON_INTEGER_FORMAT " %-*s %-4s %-3s ",
               json_integer_value(json_object_get(b, "breakpoint")), type_w, "breakpoint",
               json_is_true(json_object_get(b, "temporary")) ? "del" : "keep",
               json_is_false(json_object_get(b, "enabled")) ? "n" : "y");
        if (json_is_true(json_object_get(b, "pending")) || !json_is_string(addr) ||
            dbgctl_addr_parse_any(json_string_value(addr), &a) < 0) {
                printf("%-*s %s\n", addr_w, "<PENDING>", jstr(b, "symbol", "?"));
        } else {
                char *fn = stopped ? function_at(p, addr) : NULL;

                printf("0x%016" PRIx64, a);
                if (fn) /* none once the process has ended */
                        printf(" in %s", fn);
                if (json_is_string(json_object_get(src, "file")))
                        printf(" at %s:%" JSON_INTEGER_FORMAT,
                               json_string_value(json_object_get(src, "file")),
                               json_integer_value(json_object_get(src, "line")));
                putchar('\n');
                free(fn);
        }
        if (cond && *cond)
                printf("\tstop only if %s\n", cond);
        if (hits > 0)
                printf("\tbreakpoint already hit %lld time%s\n", hits, hits == 1 ? "" : "s");
        if (ignore > 0)
                printf("\tignore next %lld hits\n", ignore);
}

/* One watchpoint's row of gdb's table: what this prompt watched (EXPR), or the bytes
 * another client's watches. */
static void info_watch_row(struct prompt *p, json_t *b, int type_w, int addr_w)
{
        long long id = json_integer_value(json_object_get(b, "watchpoint"));
        long long hits = json_integer_value(json_object_get(b, "hits"));
        struct prompt_watch *w = watch_find(p, id);
        const char *access = json_string_value(json_object_get(b, "access"));
        char kind = w ? w->kind : access && !strcmp(access, "rw") ? 'a' : 'w';

        printf("%-7lld %-*s %-4s %-3s %-*s ", id, type_w,
               kind == 'r' ? "read watchpoint" : kind == 'a' ? "acc watchpoint" :
               "hw watchpoint", "keep", json_is_false(json_object_get(b, "enabled")) ? "n" :
               "y", addr_w, "");
        if (w)
                printf("%s\n", w->expr);
        else /* set by another client */
                printf("%" JSON_INTEGER_FORMAT " bytes at %s\n",
                       json_integer_value(json_object_get(b, "length")),
                       jstr(b, "address", "?"));
        if (hits > 0)
                printf("\tbreakpoint already hit %lld time%s\n", hits, hits == 1 ? "" : "s");
}

/* info breakpoints, info watchpoints: gdb's table (Num Type Disp Enb Address What), its
 * lines under a breakpoint (stop only if, already hit N times, ignore next N hits), and
 * its column widths (Type widens for "read watchpoint", Address narrows when every
 * breakpoint is pending). Rows in the order of their numbers, which breakpoints and
 * watchpoints share in the daemon as in gdb. */
static void do_info_breakpoints(struct prompt *p, bool bps)
{
        json_t *bres = NULL, *wres = NULL, *b, *list, *wlist, *st;
        int type_w = 14, addr_w = 10;
        size_t i, n = 0;
        long long last_w = 0;
        bool stopped;

        /* symbols answers only while the process is stopped */
        if (client_call(p->c, "status", sparams(p), &st) != 0)
                return;
        stopped = json_is_string(json_object_get(st, "state")) &&
                  !strcmp(json_string_value(json_object_get(st, "state")), "stopped");
        json_decref(st);
        if (bps && client_call(p->c, "breakpoints", sparams(p), &bres) != 0)
                return;
        if (client_call(p->c, "watchpoints", sparams(p), &wres) != 0) {
                json_decref(bres);
                return;
        }
        list = json_object_get(bres, "breakpoints");
        wlist = json_object_get(wres, "watchpoints");
        json_array_foreach(list, i, b)
                if (!json_is_true(json_object_get(b, "pending")))
                        addr_w = 18;
        json_array_foreach(wlist, i, b) {
                struct prompt_watch *w = watch_find(p, json_integer_value(
                                                               json_object_get(b, "watchpoint")));

                addr_w = 18;
                if (w && w->kind == 'r')
                        type_w = 15;
        }
        n = json_array_size(list) + json_array_size(wlist);
        if (n == 0) {
                printf(bps ? "No breakpoints or watchpoints.\n" : "No watchpoints.\n");
                goto out;
        }
        printf("%-7s %-*s %-4s %-3s %-*s %s\n", "Num", type_w, "Type", "Disp", "Enb", addr_w,
               "Address", "What");
        /* in the order of their numbers, which the two kinds share (gdb's table) */
        for (size_t bi = 0, printed = 0; printed < n; printed++) {
                json_t *next_w = NULL;
                long long wid = LLONG_MAX;

                json_array_foreach(wlist, i, b) {
                        long long id = json_integer_value(json_object_get(b, "watchpoint"));

                        if (id > last_w && id < wid) {
                                wid = id;
                                next_w = b;
                        }
                }
                b = json_array_get(list, bi);
                if (b && json_integer_value(json_object_get(b, "breakpoint")) < wid) {
                        info_bp_row(p, b, type_w, addr_w, stopped);
                        bi++;
                } else if (next_w) {
                        info_watch_row(p, next_w, type_w, addr_w);
                        last_w = wid;
                }
        }
out:
        json_decref(bres);
        json_decref(wres);
}

static void do_poke(struct prompt *p, int argc, char **argv)
{
        json_t *params, *result;
        char joined[4096] = "", hex[4096];
        uint64_t addr;
        long n;

        if (argc < 3) {
                printf("usage: poke 0xADDR HEX\n");
                return;
        }
        if (!parse_addr(argv[1], &addr))
                return;
        for (int i = 2; i < argc; i++) {
                strncat(joined, argv[i], sizeof(joined) - strlen(joined) - 1);
        }
        n = dbgctl_hex_normalize(joined, hex, sizeof(hex));
        if (n < 0) {
                printf("bytes must be pairs of hex digits: %s\n", joined);
                return;
        }
        params = sparams(p);
        json_object_set_new(params, "address", jrpc_addr(addr));
        json_object_set_new(params, "bytes", json_string(hex));
        if (client_call(p->c, "poke", params, &result) == 0) {
                printf("wrote %" JSON_INTEGER_FORMAT " bytes at 0x%" PRIx64 "\n",
                       json_integer_value(json_object_get(result, "written")), addr);
                json_decref(result);
        }
}

static void do_output(struct prompt *p, int argc, char **argv)
{
        const char *stream = argc > 1 ? argv[1] : "stdout";
        long long off = 0;

        if (strcmp(stream, "stdout") != 0 && strcmp(stream, "stderr") != 0) {
                printf("usage: output [stdout|stderr]\n");
                return;
        }
        commands_output(p->c, p->session, stream, &off, stdout);
}

/* Call a method whose answer is a status; print its stop line (or the full status). */
static void do_status_call(struct prompt *p, const char *method, bool full)
{
        json_t *result;

        if (client_call(p->c, method, sparams(p), &result) == 0) {
                if (full)
                        fmt_status(stdout, result);
                else
                        fmt_stop_line(stdout, result);
                json_decref(result);
        }
}

/* locals, print NAME: of the frame selected with frame/up/down; p/x NAME as gdb's
 * (fmt: the letter after the slash, or NULL). call: gdb's call EXPR, print but silent
 * for a void value. */
static void do_vars_as(struct prompt *p, int argc, char **argv, bool locals, const char *fmt,
                       bool call)
{
        json_t *params = sparams(p), *result;

        if (!locals && argc < 2) {
                printf("usage: print[/x|d|u|o|t|c] NAME\n");
                json_decref(params);
                return;
        }
        if (fmt && (strlen(fmt) != 1 || !strchr("xduotc", fmt[0]))) {
                printf("print/FMT: FMT is one of x, d, u, o, t, c\n");
                json_decref(params);
                return;
        }
        json_object_set_new(params, "frame", json_integer(p->frame));
        if (fmt)
                json_object_set_new(params, "format", json_string(fmt));
        if (!locals) { /* p counter * 2: the words after p are one expression */
                char *expr = join_words(argc - 1, argv + 1);

                json_object_set_new(params, "name", json_string(expr));
                free(expr);
        }
        if (client_call(p->c, locals ? "locals" : "print", params, &result) == 0) {
                const char *type = json_string_value(json_object_get(result, "type"));

                if (!(call && type && !strcmp(type, "void")))
                        (locals ? progcmd_fmt_locals : progcmd_fmt_print)(stdout, result);
                json_decref(result);
        }
}

/* gdb's info locals / info args: its lines alone, of the selected frame (dbgd's own
 * `locals` keeps the combined view, both lists under a frame line). */
static void do_info_vars(struct prompt *p, bool args)
{
        json_t *params = sparams(p), *result;

        json_object_set_new(params, "frame", json_integer(p->frame));
        if (client_call(p->c, "locals", params, &result) == 0) {
                progcmd_fmt_vars(stdout, result, args);
                json_decref(result);
        }
}

static void do_vars(struct prompt *p, int argc, char **argv, bool locals, const char *fmt)
{
        do_vars_as(p, argc, argv, locals, fmt, false);
}

/* frame [N], up [N], down [N] (gdb's): select the frame; print it, as gdb does. */
static void do_frame(struct prompt *p, int argc, char **argv, int delta)
{
        json_t *params, *result, *f;
        long long want, n = 1;

        if (argc > 1 && (dbgctl_uint_parse(argv[1], &n) < 0 || n > 1000000)) {
                printf("usage: %s\n", delta ? "up|down [N]" : "frame [N]");
                return;
        }
        want = delta ? p->frame + delta * n : argc > 1 ? n : p->frame;
        if (want < 0) {
                printf("already at the innermost frame\n");
                return;
        }
        params = sparams(p);
        json_object_set_new(params, "limit", json_integer(want + 1));
        if (client_call(p->c, "backtrace", params, &result) != 0)
                return;
        f = json_array_get(json_object_get(result, "frames"), (size_t)want);
        if (!f) {
                printf("no frame %lld\n", want);
        } else {
                json_t *one = json_pack("[O]", f);

                p->frame = want;
                p->list_gen++;
                progcmd_fmt_frames(stdout, one);
                source_line(p, json_object_get(f, "source"));
                json_decref(one);
        }
        json_decref(result);
}

/* gdb's "source language" from a source file's name: dbgd does not say the DWARF
 * unit's language, its extension does for C and C++. */
static const char *frame_language(const char *file)
{
        static const char *const cxx[] = { ".cc", ".cpp", ".cxx", ".C", ".c++", ".hpp",
                                           ".hh", ".h++" };
        const char *dot = file ? strrchr(file, '.') : NULL;

        if (!dot)
                return "unknown";
        for (size_t i = 0; i < sizeof(cxx) / sizeof(cxx[0]); i++)
                if (!strcmp(dot, cxx[i]))
                        return "c++";
        return !strcmp(dot, ".c") || !strcmp(dot, ".h") ? "c" : "unknown";
}

/* gdb's info frame, of the selected frame, in gdb's layout, with what dbgd's unwinder
 * gives exactly: the frame's CFA (the sp of the frame above it), its pc, the saved rip
 * (the caller's pc) and where it is (CFA - 8: the call's push), the frames next to it
 * by their CFAs, the args. Left out, as dbgd does not know them (docs/dbgctl.md): the
 * Arglist and Locals addresses (the frame base) and the other saved registers (the
 * CFI's rules). */
static void do_info_frame(struct prompt *p)
{
        json_t *params = sparams(p), *result, *frames, *f, *up, *up2, *vars = NULL, *v;
        long long n = p->frame;
        const char *fn, *file;
        size_t i;

        json_object_set_new(params, "limit", json_integer(n + 3));
        if (client_call(p->c, "backtrace", params, &result) != 0)
                return;
        frames = json_object_get(result, "frames");
        f = json_array_get(frames, (size_t)n);
        up = json_array_get(frames, (size_t)n + 1);
        up2 = json_array_get(frames, (size_t)n + 2);
        if (!f) {
                printf("no frame %lld\n", n);
                goto out;
        }
        fn = jstr(f, "function", "??");
        file = json_string_value(json_object_get(json_object_get(f, "source"), "file"));
        printf("Stack level %lld, frame at %s:\n", n, up ? jstr(up, "sp", "?") : "?");
        printf(" rip = %s in %s", jstr(f, "pc", "?"), fn);
        if (file)
                printf(" (%s:%lld)", file, (long long)json_integer_value(json_object_get(
                                                   json_object_get(f, "source"), "line")));
        if (up)
                printf("; saved rip = %s", jstr(up, "pc", "?"));
        putchar('\n');
        /* gdb's backtrace stops at main: no "called by" there */
        if (up && up2 && strcmp(fn, "main"))
                printf(" called by frame at %s", jstr(up2, "sp", "?"));
        if (up && up2 && strcmp(fn, "main") && n > 0)
                putchar(',');
        if (n > 0)
                printf(" caller of frame at %s", jstr(f, "sp", "?"));
        if (n > 0 || (up && up2 && strcmp(fn, "main")))
                putchar('\n');
        printf(" source language %s.\n", frame_language(file));

        params = sparams(p);
        json_object_set_new(params, "frame", json_integer(n));
        if (client_call(p->c, "locals", params, &vars) == 0) {
                fputs(" args: ", stdout);
                json_array_foreach(json_object_get(vars, "args"), i, v) {
                        printf("%s%s=", i ? ", " : "", jstr(v, "name", "?"));
                        if (json_object_get(v, "value"))
                                fputs(jstr(v, "value", ""), stdout);
                        else
                                printf("<%s>", progcmd_unreadable(jstr(v, "error", "")));
                }
                putchar('\n');
        }
        if (up) {
                uint64_t cfa;

                printf(" Previous frame's sp is %s\n", jstr(up, "sp", "?"));
                if (fmt_addr_value(json_object_get(up, "sp"), &cfa) == 0)
                        printf(" Saved registers:\n  rip at 0x%" PRIx64 "\n", cfa - 8);
        }
out:
        json_decref(vars);
        json_decref(result);
}

/* The `ptype` method's text for type (whatis: gdb's whatis): "type = TEXT"; false
 * with *ret_error (a new reference) when the daemon said no. */
static bool ptype_say(struct prompt *p, const char *type, bool whatis, json_t **ret_error)
{
        json_t *params = sparams(p), *result = NULL;

        json_object_set_new(params, "type", json_string(type));
        json_object_set_new(params, "frame", json_integer(p->frame));
        if (whatis)
                json_object_set_new(params, "whatis", json_true());
        if (client_call_or_error(p->c, "ptype", params, &result, ret_error) != 0)
                return false;
        printf("type = %s\n", jstr(result, "text", ""));
        json_decref(result);
        return true;
}

/* gdb's ptype and whatis, of a type's name (struct node, vec, int [3]) or of an
 * expression (print's type of it, then that type's text), as gdb tries a type first. */
static void do_ptype(struct prompt *p, int argc, char **argv)
{
        /* gdb's words: a class is a struct there */
        static const char *const kws[][2] = { { "struct", "struct" }, { "union", "union" },
                                              { "enum", "enum" }, { "class", "struct" } };
        bool whatis = !strcmp(argv[0], "whatis");
        json_t *error = NULL, *params, *result = NULL;
        char *text;

        if (argc < 2) {
                printf("usage: %s TYPE|EXPRESSION\n", argv[0]);
                return;
        }
        text = join_words(argc - 1, argv + 1);
        if (!text || ptype_say(p, text, whatis, &error))
                goto out;
        if (json_integer_value(json_object_get(error, "code")) != -32011) {
                if (error)
                        client_print_rpc_error(error);
                goto out;
        }
        for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
                size_t n = strlen(kws[i][0]);

                if (!strncmp(text, kws[i][0], n) && text[n] == ' ') {
                        printf("No %s type named %.*s.\n", kws[i][1],
                               (int)strcspn(text + n + 1, " *[("), text + n + 1);
                        goto out;
                }
        }
        json_decref(error);
        error = NULL;
        params = sparams(p);
        json_object_set_new(params, "frame", json_integer(p->frame));
        json_object_set_new(params, "name", json_string(text));
        if (client_call_or_error(p->c, "print", params, &result, &error) != 0) {
                if (error)
                        say_eval_error(error);
                goto out;
        }
        if (!ptype_say(p, jstr(result, "type", "?"), whatis, &error)) {
                /* a type the daemon spells but does not find by name: as is */
                printf("type = %s\n", jstr(result, "type", "?"));
        }
out:
        json_decref(result);
        json_decref(error);
        free(text);
}

/* gdb's number for thread tid, 0 when it has none yet. */
static long long thread_num(struct prompt *p, long long tid)
{
        for (size_t i = 0; i < p->nthreads; i++)
                if (p->threads[i].tid == tid)
                        return p->threads[i].num;
        return 0;
}

static void thread_num_add(struct prompt *p, long long tid)
{
        if (thread_num(p, tid))
                return;
        p->threads = realloc(p->threads, (p->nthreads + 1) * sizeof(*p->threads));
        if (!p->threads)
                abort();
        p->threads[p->nthreads++] = (struct prompt_thread){ tid, ++p->next_thread };
}

static int cmp_tid(const void *a, const void *b)
{
        long long x = *(const long long *)a, y = *(const long long *)b;

        return (x > y) - (x < y);
}

/* The session's threads (the daemon's `threads` answer), every one with a number as
 * gdb's: 1 for the main thread, then 2, 3... in the order the threads were born, as gdb
 * numbers them from its clone events; never reused. The order comes from the session's
 * "thread-start" events, read on from where the last look stopped. A thread whose event
 * is gone (the daemon keeps the last 4096) gets the next number when a list first shows
 * it, in the order of the tids. A new reference, or NULL after saying why. */
/* A signal passed on (or dropped) without a stop that `handle` prints: gdb's words, the
 * main thread's as "Program", another as "Thread N" (gdb's number; gdb adds the thread's
 * name, which the event does not carry). */
static void say_signal(struct prompt *p, json_t *ev)
{
        json_t *sig = json_object_get(ev, "signal");
        long long tid = json_integer_value(json_object_get(ev, "thread"));
        int num = (int)json_integer_value(json_object_get(sig, "number"));

        if (tid)
                printf("\nThread %lld received signal %s, %s.\n", thread_num(p, tid),
                       jstr(sig, "name", "?"), strsignal(num));
        else
                printf("\nProgram received signal %s, %s.\n", jstr(sig, "name", "?"),
                       strsignal(num));
}

/* Read the session's events on from where the last look stopped: "thread-start" numbers
 * threads (threads_numbered), and once a `handle` was given "signal" says the signals
 * that went by without a stop (a child process's, follow_forks, are not ours). 0, or -1
 * after saying why. */
static int events_read(struct prompt *p)
{
        json_t *result, *params, *ev, *events;
        size_t i, n;

        if (p->next_thread == 0) { /* the main thread: its tid is the pid */
                if (client_call(p->c, "status", sparams(p), &result) != 0)
                        return -1;
                thread_num_add(p, json_integer_value(json_object_get(result, "pid")));
                json_decref(result);
        }
        do {
                params = sparams(p);
                json_object_set_new(params, "after", json_integer(p->events_after));
                if (client_call(p->c, "events", params, &result) != 0)
                        return -1;
                events = json_object_get(result, "events");
                json_array_foreach(events, i, ev) {
                        const char *type = jstr(ev, "type", "");

                        if (json_object_get(ev, "pid"))
                                continue;
                        if (!strcmp(type, "thread-start"))
                                thread_num_add(p, json_integer_value(json_object_get(ev,
                                                                                     "thread")));
                        else if (!strcmp(type, "signal") && p->sig_said)
                                say_signal(p, ev);
                }
                if (json_is_integer(json_object_get(result, "next")))
                        p->events_after = json_integer_value(json_object_get(result, "next"));
                n = json_array_size(events);
                json_decref(result);
        } while (n > 0);
        return 0;
}

static json_t *threads_numbered(struct prompt *p)
{
        json_t *result, *t;
        long long *fresh;
        size_t i, n = 0;

        if (events_read(p) < 0)
                return NULL;
        if (client_call(p->c, "threads", sparams(p), &result) != 0)
                return NULL;
        fresh = calloc(json_array_size(json_object_get(result, "threads")) + 1, sizeof(*fresh));
        if (!fresh)
                abort();
        n = 0;
        json_array_foreach(json_object_get(result, "threads"), i, t) {
                long long tid = json_integer_value(json_object_get(t, "tid"));

                if (!thread_num(p, tid))
                        fresh[n++] = tid;
        }
        qsort(fresh, n, sizeof(*fresh), cmp_tid);
        for (i = 0; i < n; i++)
                thread_num_add(p, fresh[i]);
        free(fresh);
        return result;
}

/* info threads (gdb's): Id, Target Id, Frame, * on the current thread, by number. The
 * target id is the LWP and the thread's name, as gdb's ("Thread 0x7ffff7d8a740 (LWP
 * 1234) "name"" there: dbgd does not read libpthread's thread handles). */
static void do_threads(struct prompt *p)
{
        json_t *result = threads_numbered(p), *list, *t;
        size_t i, n;
        int target_w = 9;
        json_t **rows;

        if (!result)
                return;
        list = json_object_get(result, "threads");
        n = json_array_size(list);
        if (n == 0) {
                printf("No threads.\n");
                json_decref(result);
                return;
        }
        rows = calloc(n, sizeof(*rows));
        if (!rows)
                abort();
        json_array_foreach(list, i, t) {
                char buf[64];
                int len = snprintf(buf, sizeof(buf), "LWP %" JSON_INTEGER_FORMAT " \"%s\"",
                                   json_integer_value(json_object_get(t, "tid")),
                                   jstr(t, "name", ""));

                if (len > target_w)
                        target_w = len;
        }
        /* by number, as gdb lists them (the daemon lists the current one first) */
        for (long long num = 1, k = 0; num <= p->next_thread && (size_t)k < n; num++)
                json_array_foreach(list, i, t)
                        if (thread_num(p, json_integer_value(json_object_get(t, "tid"))) == num)
                                rows[k++] = t;
        printf("  %-4s %-*s %s\n", "Id", target_w, "Target Id", "Frame");
        for (i = 0; i < n && rows[i]; i++) {
                json_t *r = rows[i], *src = json_object_get(r, "source");
                const char *state = json_string_value(json_object_get(r, "state"));
                const char *sym = json_string_value(json_object_get(r, "symbol"));
                long long tid = json_integer_value(json_object_get(r, "tid"));
                char target[64];

                snprintf(target, sizeof(target), "LWP %lld \"%s\"", tid,
                         jstr(r, "name", ""));
                printf("%c %-4lld %-*s ", json_is_true(json_object_get(r, "current")) ? '*' : ' ',
                       thread_num(p, tid), target_w, target);
                if (!state || strcmp(state, "stopped") != 0) {
                        printf("(%s)\n", state ? state : "?");
                        continue;
                }
                printf("%s", jstr(r, "pc", "?"));
                if (sym)
                        printf(" in %s", sym);
                if (json_is_string(json_object_get(src, "file")))
                        printf(" (%s:%" JSON_INTEGER_FORMAT ")",
                               json_string_value(json_object_get(src, "file")),
                               json_integer_value(json_object_get(src, "line")));
                putchar('\n');
        }
        free(rows);
        json_decref(result);
}

/* thread [N] (gdb's): N is gdb's thread number, as info threads shows it; select it and
 * say so as gdb does ("[Switching to thread 2 (LWP 1235)]"), then the stop as the
 * selected thread sees it. Alone: which is current. thread tid TID: by the kernel's tid,
 * as the API's `thread`. */
static void do_thread(struct prompt *p, int argc, char **argv)
{
        json_t *params, *list, *t, *result;
        long long num = 0, tid = -1;
        size_t i;

        if (argc > 3 || (argc == 3) != (argc > 1 && !strcmp(argv[1], "tid"))) {
                printf("usage: thread [N] | thread tid TID ('info threads' lists them)\n");
                return;
        }
        if (argc == 3 && dbgctl_uint_parse(argv[2], &tid) < 0) {
                printf("usage: thread tid TID: TID must be a number: %s\n", argv[2]);
                return;
        }
        if (argc == 2 && (dbgctl_uint_parse(argv[1], &num) < 0 || num < 1)) {
                printf("Invalid thread ID: %s\n", argv[1]); /* gdb's words */
                return;
        }
        result = threads_numbered(p);
        if (!result)
                return;
        list = json_object_get(result, "threads");
        if (argc == 1) {
                json_array_foreach(list, i, t)
                        if (json_is_true(json_object_get(t, "current")))
                                tid = json_integer_value(json_object_get(t, "tid"));
                if (tid < 0)
                        printf("No thread selected.\n");
                else
                        printf("[Current thread is %lld (LWP %lld)]\n", thread_num(p, tid), tid);
                json_decref(result);
                return;
        }
        if (num) {
                json_array_foreach(list, i, t)
                        if (thread_num(p, json_integer_value(json_object_get(t, "tid"))) == num)
                                tid = json_integer_value(json_object_get(t, "tid"));
                if (tid < 0) {
                        printf("Unknown thread %lld.\n", num);
                        json_decref(result);
                        return;
                }
        }
        json_decref(result);
        params = sparams(p);
        json_object_set_new(params, "tid", json_integer(tid));
        if (client_call(p->c, "thread", params, &result) != 0)
                return;
        p->frame = 0;
        p->last_tid = tid; /* the next stop in another thread says "[Switching to ...]" */
        printf("[Switching to thread %lld (LWP %lld)]\n", thread_num(p, tid), tid);
        fmt_stop_line(stdout, result);
        json_decref(result);
}

static void do_sessions(struct prompt *p)
{
        call_show(p, "sessions", NULL, fmt_sessions);
}

static void leave_session(struct prompt *p)
{
        json_t *result;

        if (p->session >= 0 && p->owned &&
            client_call(p->c, "close", sparams(p), &result) == 0)
                json_decref(result);
        p->session = -1;
        p->owned = false;
        p->out_offset = p->err_offset = 0;
        free(p->threads);
        p->threads = NULL;
        p->nthreads = 0;
        p->next_thread = p->events_after = 0;
        p->last_tid = 0;
        free(p->src_visited);
        p->src_visited = NULL;
        p->src_failed = false;
        free(p->watch_said);
        p->watch_said = NULL;
        p->sig_said = false;
        while (p->nwatches)
                watch_forget(p, p->watches[0].id);
        free(p->watches);
        free(p->list_file);
        p->watches = NULL;
}

/* Make session s (its status: st, stolen) the prompt's, not owned unless it already
 * was. */
static void switch_session(struct prompt *p, long long s, json_t *st)
{
        if (s != p->session) /* leaving one's own session would close it */
                leave_session(p);
        p->session = s;
        fmt_status(stdout, st);
        json_decref(st);
}

/* session N: drive session N (one that 'sessions' lists), as dbgctl attach N does. */
static void do_session(struct prompt *p, int argc, char **argv)
{
        json_t *params, *result;
        long long s;

        if (argc != 2 || dbgctl_uint_parse(argv[1], &s) < 0) {
                printf("usage: session N ('sessions' lists them)\n");
                return;
        }
        params = json_pack("{s:I}", "session", (json_int_t)s);
        if (client_call(p->c, "status", params, &result) != 0)
                return;
        switch_session(p, s, result);
}

/* attach PID (gdb's): the process PID. One of the sessions' processes: this prompt then
 * drives that session; any other is attached (`attach`, which dbgd refuses unless
 * started with --allow-attach), its session this prompt's own: quit and close detach. */
static void do_attach(struct prompt *p, int argc, char **argv)
{
        json_t *result, *st;
        long long pid;
        size_t i;

        if (argc != 2 || dbgctl_uint_parse(argv[1], &pid) < 0) {
                printf("usage: attach PID (session N drives session N)\n");
                return;
        }
        if (client_call(p->c, "sessions", NULL, &result) != 0)
                return;
        json_array_foreach(json_object_get(result, "sessions"), i, st) {
                const char *state = json_string_value(json_object_get(st, "state"));

                if (json_integer_value(json_object_get(st, "pid")) == pid && state &&
                    strcmp(state, "exited") != 0 && strcmp(state, "killed") != 0) {
                        json_incref(st);
                        switch_session(p, json_integer_value(json_object_get(st, "session")),
                                       st);
                        json_decref(result);
                        return;
                }
        }
        json_decref(result);
        if (client_call(p->c, "attach", json_pack("{s:I}", "pid", (json_int_t)pid),
                        &result) != 0)
                return;
        printf("Attaching to process %lld\n", pid);
        switch_session(p, json_integer_value(json_object_get(result, "session")), result);
        p->owned = true;
}

/* detach (gdb's): the attached process goes on without us; the session is forgotten. */
static void cmd_detach(struct prompt *p, int argc, char **argv)
{
        json_t *result;

        (void)argc, (void)argv;
        if (client_call(p->c, "detach", sparams(p), &result) != 0)
                return;
        printf("[Inferior 1 (process %lld) detached]\n",
               (long long)json_integer_value(json_object_get(result, "pid")));
        json_decref(result);
        p->owned = false; /* forgotten already */
        leave_session(p);
}

static void do_debug(struct prompt *p, int argc, char **argv)
{
        struct dbgctl_args none = { .count = -1, .timeout = -1, .offset = -1 };
        json_t *params, *result;

        if (argc > 1 && !strcmp(argv[1], "--stdin-open")) {
                none.stdin_open = true; /* fed by `input` */
                argv++;
                argc--;
        }
        if (argc < 2) {
                printf("usage: debug [--stdin-open] PROG [ARGS]\n");
                return;
        }
        params = commands_spawn_params(&none, argv + 1, argc - 1);
        if (!params || commands_spawn(p->c, params, &result) != 0)
                return;
        leave_session(p);
        p->session = json_integer_value(json_object_get(result, "session"));
        p->owned = true;
        fmt_status(stdout, result);
        json_decref(result);
}

/* input TEXT: the line after "input " and a newline, as if typed to the program;
 * input --eof (alone): end-of-file. raw: the line before it was split. */
static void do_input(struct prompt *p, const char *raw)
{
        json_t *params = sparams(p), *result;
        size_t len;
        char *text;

        raw += strspn(raw, " \t");
        raw += strlen("input");
        raw += strspn(raw, " \t");
        len = strcspn(raw, "\r\n");
        if (len == 5 && strncmp(raw, "--eof", 5) == 0) {
                json_object_set_new(params, "eof", json_true());
        } else {
                text = malloc(len + 2);
                if (!text) {
                        json_decref(params);
                        return;
                }
                memcpy(text, raw, len);
                memcpy(text + len, "\n", 2);
                json_object_set_new(params, "data", json_string(text));
                free(text);
        }
        if (client_call(p->c, "input", params, &result) == 0) {
                if (!json_is_true(json_object_get(result, "open")))
                        printf("stdin closed\n");
                json_decref(result);
        }
}

/* r, run and start (gdb's). A prompt's program waits at its first instruction (debug
 * PROG stops it right after exec), so running it is continuing from there; start
 * first puts a temporary breakpoint on main, as gdb's. gdb's run also restarts a
 * program that has run: a session does not restart (a new one would not have the
 * breakpoints), so that is refused with the way to do it. */
static void do_run(struct prompt *p, int argc, char **argv, bool start)
{
        const char *state, *reason;
        json_t *st, *params, *result;
        bool first;

        if (argc > 1) {
                printf("%s takes no arguments here: give them to 'debug PROG ARGS'\n",
                       argv[0]);
                return;
        }
        if (client_call(p->c, "status", sparams(p), &st) != 0)
                return;
        state = json_string_value(json_object_get(st, "state"));
        reason = json_string_value(json_object_get(json_object_get(st, "stop"), "reason"));
        first = state && !strcmp(state, "stopped") && reason &&
                (!strcmp(reason, "exec") || !strcmp(reason, "entry"));
        if (!first) {
                if (state && (!strcmp(state, "exited") || !strcmp(state, "killed")))
                        printf("%s: the program has ended; 'debug PROG [ARGS]' starts it "
                               "again\n", argv[0]);
                else
                        printf("%s: the program has already started: 'c' continues it, "
                               "'kill' then 'debug PROG [ARGS]' starts it again (registers: "
                               "'regs')\n", argv[0]);
                json_decref(st);
                return;
        }
        json_decref(st);
        if (start) {
                params = sparams(p);
                json_object_set_new(params, "symbol", json_string("main"));
                json_object_set_new(params, "temporary", json_true());
                if (client_call(p->c, "break", params, &result) != 0)
                        return;
                fmt_breakpoint(stdout, result);
                json_decref(result);
        }
        resume(p, "cont", sparams(p));
}

/* The commands: one handler each, called with the command's words (argv[0] the name
 * as typed, which some handlers read: awatch, x/4xw, p/x). */
typedef void (*prompt_fn)(struct prompt *p, int argc, char **argv);

static void cmd_run(struct prompt *p, int argc, char **argv)
{
        do_run(p, argc, argv, false);
}

static void cmd_start(struct prompt *p, int argc, char **argv)
{
        do_run(p, argc, argv, true);
}

static void cmd_cont(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        resume(p, "cont", sparams(p));
}

static void cmd_syscall(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        resume(p, "syscall", sparams(p));
}

static void cmd_wait(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        resume(p, "wait", sparams(p));
}

static void cmd_step(struct prompt *p, int argc, char **argv)
{
        do_step(p, argc, argv, true, false);
}

static void cmd_next(struct prompt *p, int argc, char **argv)
{
        do_step(p, argc, argv, true, true);
}

static void cmd_stepi(struct prompt *p, int argc, char **argv)
{
        do_step(p, argc, argv, false, false);
}

static void cmd_nexti(struct prompt *p, int argc, char **argv)
{
        do_step(p, argc, argv, false, true);
}

/* of the selected frame, as gdb's up then finish */
static void cmd_finish(struct prompt *p, int argc, char **argv)
{
        json_t *params = sparams(p);

        json_t *frames;

        (void)argc, (void)argv;
        if (p->frame > 0)
                json_object_set_new(params, "frame", json_integer(p->frame));
        /* gdb's words before it runs (an interactive gdb's: from_tty) */
        frames = frames_quiet(p, p->frame + 1);
        if (json_array_get(json_object_get(frames, "frames"), (size_t)p->frame)) {
                printf("Run till exit from ");
                frame_line(p, json_array_get(json_object_get(frames, "frames"),
                                             (size_t)p->frame), p->frame, true);
        }
        json_decref(frames);
        resume_as(p, "finish", params, STOP_FINISH);
}

/* A frame as until needs it: its pc, sp, function; its CFA (the sp of the frame
 * above, its value before the call: a frame's identity, as gdb's frame id) and the
 * caller's resume address. */
struct until_frame {
        uint64_t pc, sp, cfa, caller_pc;
        bool has_caller;
        char fn[256];
};

/* Frame level of the backtrace into f. false after saying why (say: else quiet). */
static bool until_frame_get(struct prompt *p, long long level, struct until_frame *f,
                            bool say)
{
        json_t *params = sparams(p), *result, *fr, *up;
        bool ok;

        json_object_set_new(params, "limit", json_integer(level + 2));
        if (client_call(p->c, "backtrace", params, &result) != 0)
                return false;
        fr = json_array_get(json_object_get(result, "frames"), (size_t)level);
        up = json_array_get(json_object_get(result, "frames"), (size_t)level + 1);
        memset(f, 0, sizeof(*f));
        ok = fr && fmt_addr_value(json_object_get(fr, "pc"), &f->pc) == 0 &&
             fmt_addr_value(json_object_get(fr, "sp"), &f->sp) == 0;
        if (ok) {
                snprintf(f->fn, sizeof(f->fn), "%s", jstr(fr, "function", ""));
                f->has_caller = up && fmt_addr_value(json_object_get(up, "pc"),
                                                     &f->caller_pc) == 0 &&
                                fmt_addr_value(json_object_get(up, "sp"), &f->cfa) == 0;
        } else if (say) {
                printf("no frame %lld\n", level);
        }
        json_decref(result);
        return ok;
}

/* gdb's "The program is not being run." before run and after the end; true when it
 * runs (stopped after its first stop). */
static bool until_running(struct prompt *p)
{
        const char *state, *reason;
        json_t *st;
        bool ok;

        if (client_call(p->c, "status", sparams(p), &st) != 0)
                return false;
        state = json_string_value(json_object_get(st, "state"));
        reason = json_string_value(json_object_get(json_object_get(st, "stop"), "reason"));
        ok = state && !strcmp(state, "stopped") && reason && strcmp(reason, "exec") &&
             strcmp(reason, "entry");
        if (!ok)
                printf("The program is not being run.\n");
        json_decref(st);
        return ok;
}

static bool stopped_by(json_t *st, const char *reason)
{
        const char *r = json_string_value(json_object_get(json_object_get(st, "stop"),
                                                          "reason"));

        return r && !strcmp(r, reason);
}

/* gdb's until without argument (until_next_command): next, but a stop back in the
 * line's function below the line (a loop's jump back) steps on: gdb's step range runs
 * from the function's start to the end of the line. Steps by line, calls as one,
 * each `next`, so the stops are next's. */
static void do_until_next(struct prompt *p)
{
        struct until_frame at, now;
        struct frame_ident before;
        json_t *st = NULL;

        if (!until_running(p) || !until_frame_get(p, 0, &at, true))
                return;
        frame_ident_get(p, &before);
        for (int i = 0; i < UNTIL_MAX_NEXTS; i++) {
                json_t *params = sparams(p);

                json_object_set_new(params, "line", json_true());
                json_object_set_new(params, "over", json_true());
                json_decref(st);
                st = resume_status(p, "step", params);
                if (!st || !stopped_by(st, "step") || dbgctl_sigint ||
                    !until_frame_get(p, 0, &now, false))
                        break;
                if (now.cfa != at.cfa || strcmp(now.fn, at.fn) || now.pc >= at.pc)
                        break;
        }
        if (st)
                say_stop(p, st, STOP_STEP, &before);
        json_decref(st);
}

/* Set a momentary breakpoint of until's (params stolen); *ret_id its number when it is
 * ours to delete, 0 when it is the user's breakpoint at that address (dbgd keeps one
 * breakpoint an address: its condition, which the call changed, is put back from
 * before, the breakpoints' listing). false after saying why. */
static bool until_break(struct prompt *p, json_t *params, json_t *before, long long *ret_id,
                        json_t **ret_bp)
{
        json_t *result, *b;
        long long id;
        size_t i;

        if (client_call(p->c, "break", params, &result) != 0)
                return false;
        id = json_integer_value(json_object_get(result, "breakpoint"));
        *ret_id = id;
        json_array_foreach(json_object_get(before, "breakpoints"), i, b) {
                if (json_integer_value(json_object_get(b, "breakpoint")) != id)
                        continue;
                params = sparams(p);
                commands_bp_again(params, b);
                json_object_set_new(params, "condition",
                                    json_string(jstr(b, "condition", "")));
                json_decref(result);
                if (client_call(p->c, "break", params, &result) == 0)
                        json_decref(result);
                *ret_id = 0;
                result = NULL;
                break;
        }
        if (ret_bp)
                *ret_bp = result;
        else
                json_decref(result);
        return true;
}

/* gdb's until LOCATION and advance LOCATION (until_break_command): run to LOCATION or
 * until the selected frame returns, whichever comes first: a temporary breakpoint at
 * LOCATION and one at the caller's resume address for this frame's return only ($rsp
 * back at this frame's CFA: not a deeper recursion's return). until stops at LOCATION
 * in the function it is in only in this frame (its $rsp or above), as gdb; advance
 * (anywhere) in any frame. The breakpoints are taken out after the stop. */
static void do_until_location(struct prompt *p, int argc, char **argv, bool anywhere)
{
        long long ids[2] = { 0, 0 };
        json_t *before = NULL, *params, *bp = NULL, *st;
        struct until_frame sel;
        char cond[64];

        if (!until_running(p))
                return;
        if (!until_frame_get(p, p->frame, &sel, true) ||
            client_call(p->c, "breakpoints", sparams(p), &before) != 0)
                return;
        params = location_params(p, argv[1]);
        if (!params)
                goto out;
        json_object_set_new(params, "temporary", json_true());
        if (!until_break(p, params, before, &ids[0], &bp))
                goto out;
        if (!anywhere && ids[0]) {
                uint64_t at;
                char *sym = fmt_addr_value(json_object_get(bp, "address"), &at) == 0
                                    ? sym_text(p, at)
                                    : NULL;
                size_t n = strlen(sel.fn);

                /* in this function: only in this frame */
                if (sym && !strncmp(sym + 1, sel.fn, n) && strchr("+>", sym[1 + n])) {
                        params = sparams(p);
                        json_object_set(params, "address", json_object_get(bp, "address"));
                        snprintf(cond, sizeof(cond), "$rsp >= 0x%" PRIx64, sel.sp);
                        json_object_set_new(params, "condition", json_string(cond));
                        if (client_call(p->c, "break", params, &st) == 0)
                                json_decref(st);
                }
                free(sym);
        }
        if (sel.has_caller) {
                params = sparams(p);
                json_object_set_new(params, "address", jrpc_addr(sel.caller_pc));
                json_object_set_new(params, "temporary", json_true());
                snprintf(cond, sizeof(cond), "$rsp >= 0x%" PRIx64, sel.cfa);
                json_object_set_new(params, "condition", json_string(cond));
                if (!until_break(p, params, before, &ids[1], NULL))
                        goto out;
        }
        st = resume_status(p, "cont", sparams(p));
        for (int i = 0; i < 2; i++) {
                json_t *err = NULL, *res = NULL;

                if (!ids[i])
                        continue;
                params = sparams(p);
                json_object_set_new(params, "breakpoint", json_integer(ids[i]));
                /* (a temporary one that was hit is gone already) */
                client_call_or_error(p->c, "delete", params, &res, &err);
                json_decref(res);
                json_decref(err);
        }
        if (st) {
                long long hit = json_integer_value(json_object_get(json_object_get(st, "stop"),
                                                                   "breakpoint"));

                /* ours are gdb's momentary breakpoints: the stop is said as a step's */
                if (stopped_by(st, "breakpoint") && hit && (hit == ids[0] || hit == ids[1])) {
                        json_object_set_new(json_object_get(st, "stop"), "reason",
                                            json_string("step"));
                        json_object_del(json_object_get(st, "stop"), "breakpoint");
                }
                say_stop(p, st, STOP_OTHER, NULL);
                json_decref(st);
        }
out:
        json_decref(bp);
        json_decref(before);
}

static void cmd_until(struct prompt *p, int argc, char **argv)
{
        bool advance = !strcmp(argv[0], "advance");

        if (argc > 2 || (advance && argc < 2)) {
                printf("usage: %s\n", advance ? "advance LOCATION" : "until [LOCATION]");
                return;
        }
        if (argc == 1)
                do_until_next(p);
        else
                do_until_location(p, argc, argv, advance);
}

static void cmd_break(struct prompt *p, int argc, char **argv)
{
        do_break(p, argc, argv, false);
}

static void cmd_tbreak(struct prompt *p, int argc, char **argv)
{
        do_break(p, argc, argv, true);
}

static void cmd_breakpoints(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        do_info_breakpoints(p, true);
}

static void cmd_delete(struct prompt *p, int argc, char **argv)
{
        do_delete(p, argc, argv, "delete", "breakpoint");
}

static void cmd_unwatch(struct prompt *p, int argc, char **argv)
{
        do_delete(p, argc, argv, "unwatch", "watchpoint");
}

static void cmd_watchpoints(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        do_info_breakpoints(p, false);
}

/* gdb's kill: "[Inferior 1 (process N) killed]" once the process is gone (dbgd's line
 * for anything else). */
static void cmd_kill(struct prompt *p, int argc, char **argv)
{
        json_t *result;

        (void)argc, (void)argv;
        if (client_call(p->c, "kill", sparams(p), &result) != 0)
                return;
        if (!strcmp(jstr(result, "state", ""), "killed") &&
            json_is_integer(json_object_get(result, "pid")))
                printf("[Inferior 1 (process %" JSON_INTEGER_FORMAT ") killed]\n",
                       json_integer_value(json_object_get(result, "pid")));
        else
                fmt_stop_line(stdout, result);
        json_decref(result);
}

static void cmd_status(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        do_status_call(p, "status", true);
}

/* gdb's signal table: a header, then one row a signal (result of `handle`). */
static void signal_rows(json_t *rows)
{
        json_t *r;
        size_t i;

        printf("Signal        Stop\tPrint\tPass to program\tDescription\n");
        json_array_foreach(rows, i, r) {
                bool stop = json_is_true(json_object_get(r, "stop"));
                int num = (int)json_integer_value(json_object_get(r, "number"));

                printf("%-13s %s\t%s\t%s\t\t%s\n", jstr(r, "signal", "?"),
                       stop ? "Yes" : "No",
                       json_is_true(json_object_get(r, "print")) ? "Yes" : "No",
                       json_is_true(json_object_get(r, "pass")) ? "Yes" : "No",
                       strsignal(num));
        }
}

/* handle SIG [stop|nostop] [pass|nopass] [print|noprint] (gdb's; the daemon keeps gdb's
 * rules: stop brings print, noprint brings nostop). A signal that prints without a stop
 * is said after the next stop, with gdb's words (events_read). Without words, or info
 * signals [SIG]: the table. */
static void do_handle(struct prompt *p, int argc, char **argv)
{
        json_t *params = sparams(p), *result, *rows;

        if (argc < 2) {
                if (client_call(p->c, "handle", params, &result) != 0)
                        return;
                signal_rows(json_object_get(result, "signals"));
                json_decref(result);
                return;
        }
        json_object_set_new(params, "signal", json_string(argv[1]));
        for (int i = 2; i < argc; i++) {
                const char *w = argv[i];
                bool no = !strncmp(w, "no", 2);

                if (no)
                        w += 2;
                if (!strcmp(w, "stop") || !strcmp(w, "print")) {
                        json_object_set_new(params, w, json_boolean(!no));
                } else if (!strcmp(w, "pass") || !strcmp(w, "ignore")) {
                        /* gdb: ignore is nopass, noignore is pass */
                        json_object_set_new(params, "pass",
                                            json_boolean(!no == !strcmp(w, "pass")));
                } else {
                        printf("handle: unknown word: %s (stop, nostop, print, noprint, "
                               "pass, nopass)\n", argv[i]);
                        json_decref(params);
                        return;
                }
        }
        if (!p->sig_said && events_read(p) == 0) /* from here on, not before */
                p->sig_said = true;
        if (client_call(p->c, "handle", params, &result) != 0)
                return;
        rows = json_array();
        json_array_append(rows, result);
        signal_rows(rows);
        json_decref(rows);
        json_decref(result);
}

static void cmd_threads(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        do_threads(p);
}

static void cmd_bt(struct prompt *p, int argc, char **argv)
{
        json_t *result;

        (void)argc, (void)argv;
        if (client_call(p->c, "backtrace", sparams(p), &result) == 0) {
                progcmd_fmt_frames(stdout, json_object_get(result, "frames"));
                json_decref(result);
        }
}

static void cmd_locals(struct prompt *p, int argc, char **argv)
{
        do_vars(p, argc, argv, true, NULL);
}

static void cmd_print(struct prompt *p, int argc, char **argv)
{
        const char *slash = strchr(argv[0], '/');

        do_vars(p, argc, argv, false, slash ? slash + 1 : NULL);
}

static void cmd_call(struct prompt *p, int argc, char **argv)
{
        if (argc < 2) {
                printf("usage: call EXPR\n");
                return;
        }
        do_vars_as(p, argc, argv, false, NULL, true);
}

static void cmd_frame(struct prompt *p, int argc, char **argv)
{
        do_frame(p, argc, argv, 0);
}

static void cmd_up(struct prompt *p, int argc, char **argv)
{
        do_frame(p, argc, argv, 1);
}

static void cmd_down(struct prompt *p, int argc, char **argv)
{
        do_frame(p, argc, argv, -1);
}

static void cmd_close(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        p->owned = true;
        leave_session(p);
        printf("closed\n");
}

static void cmd_quit(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        p->quit = true;
}

static void cmd_help(struct prompt *p, int argc, char **argv)
{
        (void)p, (void)argc, (void)argv;
        fputs(help_text, stdout);
}

static void cmd_sessions(struct prompt *p, int argc, char **argv)
{
        (void)argc, (void)argv;
        do_sessions(p);
}

static void cmd_info(struct prompt *p, int argc, char **argv);

/* Names: gdb's word (and its usual abbreviations) where gdb has one for the same
 * thing. session: the command drives the current session, refused without one.
 * suffix: the name takes gdb's /FMT (x/4xw, p/x). A name that gdb gives to something
 * else (r is its run, s its step) is never a different command here. */
static const struct prompt_cmd {
        const char *names[4];
        prompt_fn fn;
        bool session, suffix;
} prompt_cmds[] = {
        { { "r", "run" }, cmd_run, true, false },
        { { "start" }, cmd_start, true, false },
        { { "c", "continue", "cont" }, cmd_cont, true, false },
        { { "s", "step" }, cmd_step, true, false },
        { { "n", "next" }, cmd_next, true, false },
        { { "si", "stepi" }, cmd_stepi, true, false },
        { { "ni", "nexti" }, cmd_nexti, true, false },
        { { "finish", "fin" }, cmd_finish, true, false },
        { { "u", "until", "advance" }, cmd_until, true, false },
        { { "ptype", "whatis" }, do_ptype, true, false },
        { { "syscall", "sys" }, cmd_syscall, true, false },
        { { "wait" }, cmd_wait, true, false },
        { { "regs" }, do_regs, true, false },
        { { "m" }, do_m, true, false },
        { { "x" }, do_x, true, true },
        { { "b", "break" }, cmd_break, true, false },
        { { "tbreak" }, cmd_tbreak, true, false },
        { { "condition" }, cmd_condition, true, false },
        { { "ignore" }, cmd_ignore, true, false },
        { { "breakpoints" }, cmd_breakpoints, true, false },
        { { "d", "delete" }, cmd_delete, true, false },
        { { "disable", "enable" }, cmd_disable, true, false },
        { { "watch", "awatch", "rwatch" }, do_watch, true, false },
        { { "unwatch" }, cmd_unwatch, true, false },
        { { "watchpoints" }, cmd_watchpoints, true, false },
        { { "poke" }, do_poke, true, false },
        { { "output" }, do_output, true, false },
        { { "kill" }, cmd_kill, true, false },
        { { "status" }, cmd_status, true, false },
        { { "threads" }, cmd_threads, true, false },
        { { "thread" }, do_thread, true, false },
        { { "handle" }, do_handle, true, false },
        { { "l", "list" }, do_list, true, false },
        { { "bt", "backtrace", "where" }, cmd_bt, true, false },
        { { "locals" }, cmd_locals, true, false },
        { { "p", "print" }, cmd_print, true, true },
        { { "call" }, cmd_call, true, false },
        { { "f", "frame" }, cmd_frame, true, false },
        { { "up" }, cmd_up, true, false },
        { { "down" }, cmd_down, true, false },
        { { "i", "info" }, cmd_info, true, false },
        { { "close" }, cmd_close, true, false },
        { { "detach" }, cmd_detach, true, false },
        { { "q", "quit", "exit" }, cmd_quit, false, false },
        { { "h", "help", "?" }, cmd_help, false, false },
        { { "sessions" }, cmd_sessions, false, false },
        { { "attach" }, do_attach, false, false },
        { { "session" }, do_session, false, false },
        { { "debug", "spawn" }, do_debug, false, false },
};

/* The command named word (up to a '/' where the command takes one), or NULL. */
static const struct prompt_cmd *find_cmd(const char *word)
{
        size_t len = strcspn(word, "/");

        for (size_t i = 0; i < sizeof(prompt_cmds) / sizeof(prompt_cmds[0]); i++) {
                const struct prompt_cmd *cmd = &prompt_cmds[i];

                if (word[len] == '/' && !cmd->suffix)
                        continue;
                for (size_t j = 0; j < 4 && cmd->names[j]; j++)
                        if (strlen(cmd->names[j]) == len && !strncmp(cmd->names[j], word, len))
                                return cmd;
        }
        return NULL;
}

/* gdb's info WHAT: `info` alone is the status; info registers [NAME...], breakpoints,
 * ... are the commands of those names; anything else is no instruction of ours. */
/* gdb's info program: the pc the stop lines do not show, and why it stopped, in gdb's
 * words, then dbgd's own line for the stop (the reason, pc, symbol and line at once). */
static void do_info_program(struct prompt *p)
{
        json_t *st, *stop;
        const char *reason;

        if (client_call(p->c, "status", sparams(p), &st) != 0)
                return;
        stop = json_object_get(st, "stop");
        reason = jstr(stop, "reason", "");
        if (strcmp(jstr(st, "state", ""), "stopped") != 0) {
                printf("The program being debugged is not being run.\n");
                json_decref(st);
                return;
        }
        printf("\tUsing the running image of child process %" JSON_INTEGER_FORMAT ".\n"
               "Program stopped at %s.\n", json_integer_value(json_object_get(st, "pid")),
               jstr(stop, "pc", "?"));
        if (!strcmp(reason, "breakpoint"))
                printf("It stopped at breakpoint %" JSON_INTEGER_FORMAT ".\n",
                       json_integer_value(json_object_get(stop, "breakpoint")));
        else if (!strcmp(reason, "step") || !strcmp(reason, "finish"))
                printf("It stopped after being stepped.\n");
        else if (!strcmp(reason, "signal"))
                printf("It stopped at signal %s, %s.\n",
                       jstr(json_object_get(stop, "signal"), "name", "?"),
                       strsignal((int)json_integer_value(json_object_get(
                               json_object_get(stop, "signal"), "number"))));
        json_object_del(stop, "returned"); /* finish said it */
        fmt_stop_where(stdout, st);
        json_decref(st);
}

static void cmd_info(struct prompt *p, int argc, char **argv)
{
        static const char *const infos[][2] = {
                { "breakpoints", "breakpoints" }, { "break", "breakpoints" },
                { "b", "breakpoints" }, { "watchpoints", "watchpoints" },
                { "threads", "threads" },
                { "signals", "handle" }, { "handle", "handle" },
        };

        if (argc < 2) {
                cmd_status(p, argc, argv);
                return;
        }
        if (!strcmp(argv[1], "registers") || !strcmp(argv[1], "reg") ||
            !strcmp(argv[1], "r")) {
                do_info_regs(p, argc - 1, argv + 1);
                return;
        }
        if (!strcmp(argv[1], "frame") || !strcmp(argv[1], "f")) {
                do_info_frame(p);
                return;
        }
        if (!strcmp(argv[1], "locals") || !strcmp(argv[1], "args")) {
                do_info_vars(p, argv[1][0] == 'a');
                return;
        }
        if (!strcmp(argv[1], "program")) {
                do_info_program(p);
                return;
        }
        for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
                if (!strcmp(argv[1], infos[i][0])) {
                        find_cmd(infos[i][1])->fn(p, argc - 1, argv + 1);
                        return;
                }
        printf("unknown instruction: info %s\n", argv[1]);
}

/* One command line. Returns nothing: every error is printed and survived. */
static void prompt_exec(struct prompt *p, char *line)
{
        char *raw = strdup(line), *argv[MAX_WORDS];
        int argc = prompt_split(line, argv, MAX_WORDS);
        const struct prompt_cmd *cmd;

        if (raw && argc > 0 && !strcmp(argv[0], "input")) {
                if (need_session(p))
                        do_input(p, raw);
                free(raw);
                return;
        }
        free(raw);

        if (argc == 0 || argv[0][0] == '#')
                return;
        /* Recognise the command first, so that a typo says "unknown instruction" even
         * without a session. */
        cmd = find_cmd(argv[0]);
        if (!cmd)
                printf("unknown instruction: %s\n", argv[0]);
        else if (!cmd->session || need_session(p))
                cmd->fn(p, argc, argv);
}

/* The next line, or NULL at end of input. Ctrl-C at the prompt abandons the line. */
static char *read_line(struct prompt *p, char *buf, size_t len)
{
        for (;;) {
                if (p->el) {
                        int n = 0;
                        const char *s;

                        dbgctl_sigint = 0;
                        s = el_gets(p->el, &n);
                        if (!s || n <= 0) {
                                if (dbgctl_sigint || errno == EINTR) {
                                        dbgctl_sigint = 0;
                                        errno = 0;
                                        fputc('\n', stdout);
                                        el_reset(p->el);
                                        continue;
                                }
                                return NULL;
                        }
                        snprintf(buf, len, "%s", s);
                        if (strspn(buf, " \t\r\n") != strlen(buf)) {
                                HistEvent ev;
                                char *nl;

                                history(p->hist, &ev, H_ENTER, buf);
                                if ((nl = strchr(buf, '\n')))
                                        *nl = '\0';
                        }
                        return buf;
                }
                dbgctl_sigint = 0;
                if (fgets(buf, (int)len, stdin))
                        return buf;
                if (ferror(stdin) && errno == EINTR) {
                        clearerr(stdin);
                        continue;
                }
                return NULL;
        }
}

int prompt_run(struct dbgctl_client *c, long long session, bool owned)
{
        struct prompt p = { .c = c, .session = session, .owned = owned, .captures_of = -1 };
        char line[8192];

        client_catch_sigint();
        if (isatty(STDIN_FILENO)) {
                HistEvent ev;

                p.el = el_init("dbgctl", stdin, stdout, stderr);
                p.hist = history_init();
                if (p.el && p.hist) {
                        history(p.hist, &ev, H_SETSIZE, 1000);
                        history(p.hist, &ev, H_SETUNIQUE, 1);
                        el_set(p.el, EL_PROMPT, prompt_text);
                        el_set(p.el, EL_EDITOR, "emacs");
                        el_set(p.el, EL_HIST, history, p.hist);
                        el_set(p.el, EL_GETCFN, read_char);
                        el_source(p.el, NULL); /* ~/.editrc, as other libedit programs */
                } else {
                        if (p.el)
                                el_end(p.el);
                        if (p.hist)
                                history_end(p.hist);
                        p.el = NULL;
                        p.hist = NULL;
                }
        }
        if (p.session < 0)
                printf("dbgctl: no session; 'debug PROG [ARGS]' starts one, 'h' for help\n");
        while (!p.quit) {
                fflush(stdout);
                if (!read_line(&p, line, sizeof(line)))
                        break;
                prompt_exec(&p, line);
        }
        if (!p.el && !p.quit && isatty(STDOUT_FILENO))
                fputc('\n', stdout);
        leave_session(&p);
        if (p.el)
                el_end(p.el);
        if (p.hist)
                history_end(p.hist);
        return DBGCTL_EXIT_OK;
}
