/* dbgd_client — drives dbgd over loopback HTTP with keep-alive (one libcurl handle,
 * reused, so one TCP connection) for the benchmarks. Each operation is one request
 * unless said otherwise; the harness times the whole command with N and with 0
 * operations and keeps the difference.
 *
 *   dbgd_client [-s PARAMS] [-x PARAMS] OP ARGS -- prog [args]
 *   env DBGD_URL (http://127.0.0.1:PORT), DBGD_TOKEN; DBGD_UNIX=PATH talks to a dbgd
 *   listening on that Unix socket instead (DBGD_URL is then http://localhost)
 *
 *   step N MAIN        spawn, break at MAIN, cont, delete; N x `step`
 *   stepn N MAIN       same, then one `step` with count N (server side)
 *   break TICK         spawn, break at TICK (+PARAMS), `cont` until the program ends
 *   syscall            spawn, `syscall` (+PARAMS) until the program ends
 *   cont               spawn, `cont` until the program ends
 *   events             spawn, `cont` with trace_syscalls and wait false, then
 *                      long-poll `events` (max 4096) until the end event; ops = the
 *                      syscall-exit events received; prints dropped=<evicted events>
 *   spawn N            N x (`spawn`, `close`)
 *   spawnb N           N x `spawn`, each in one batch with the previous session's
 *                      `close` (one HTTP request per spawn)
 *   peek K ADDR LEN F  spawn, cont to the program's int3, K x `peek` of LEN bytes in
 *                      format F (hex|base64); the body is received, not decoded
 *   rps M              M x `sessions` (none open), then spawn and M x `regs`;
 *                      prints the mean microseconds per request of each
 *   empty M            M x POST of a small JSON body (for the empty-handler server)
 *   idle K PID         RSS of process PID (the daemon) before and after K idle sessions
 *
 * -x PARAMS is a JSON fragment ("\"ignore\":100") added to the params of `break` (break)
 * or of every `syscall` (syscall); -s PARAMS is added to the params of `spawn`. When dbgd
 * refuses one as an invalid or unknown parameter the client prints "unsupported" and
 * exits 3, so that the harness can say "not implemented".
 * Prints "ops=<n>" when done; exits 1 on any other error. */
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct buf {
        char *p;
        size_t len, cap;
};

static CURL *curl;
static struct buf resp;
static char url[512], mem_url[512];
static const char *extra = "";
static const char *spawn_extra = "";
static long next_id = 1;

static size_t on_data(char *data, size_t size, size_t nmemb, void *userdata)
{
        struct buf *b = userdata;
        size_t n = size * nmemb;

        if (b->len + n + 1 > b->cap) {
                size_t cap = b->cap ? b->cap : 65536;
                while (cap < b->len + n + 1)
                        cap *= 2;
                char *p = realloc(b->p, cap);
                if (!p)
                        return 0;
                b->p = p;
                b->cap = cap;
        }
        memcpy(b->p + b->len, data, n);
        b->len += n;
        b->p[b->len] = 0;
        return n;
}

static double now_us(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* POST a JSON-RPC body; returns the response body (valid until the next call). Exits
 * 3 on an invalid-params error when `optional` is set, 1 on any other error. */
static const char *post(int optional, const char *method, const char *body)
{
        CURLcode rc;
        long status = 0;

        resp.len = 0;
        if (resp.p)
                resp.p[0] = 0;
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (rc != CURLE_OK || status != 200 || !resp.p) {
                fprintf(stderr, "dbgd_client: %s: %s (HTTP %ld)\n", method,
                        curl_easy_strerror(rc), status);
                exit(1);
        }
        /* The envelope comes first; a large result cannot hide an error behind it.
         * (Not snprintf: it would scan the whole answer, on the measured CPU.) */
        char head[257];
        size_t hl = strnlen(resp.p, sizeof(head) - 1);
        memcpy(head, resp.p, hl);
        head[hl] = '\0';
        if (!strstr(head, "\"result\"")) {
                if (optional && strstr(head, "-32602")) {
                        printf("unsupported\n");
                        fprintf(stderr, "dbgd_client: %s\n", resp.p);
                        exit(3);
                }
                fprintf(stderr, "dbgd_client: %s: %.400s\n", method, resp.p);
                exit(1);
        }
        return resp.p;
}

/* One JSON-RPC call. */
static const char *call(int optional, const char *method, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static const char *call(int optional, const char *method, const char *fmt, ...)
{
        char params[4096], body[4400];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(params, sizeof(params), fmt, ap);
        va_end(ap);
        snprintf(body, sizeof(body), "{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"%s\"%s%s%s}",
                 next_id++, method, params[0] ? ",\"params\":{" : "", params,
                 params[0] ? "}" : "");
        return post(optional, method, body);
}

/* POST /mem: the bytes themselves (application/octet-stream), on the same connection. */
static void peek_binary(long session, const char *addr, const char *len)
{
        char body[256];
        CURLcode rc;
        long status = 0;

        snprintf(body, sizeof(body), "{\"session\":%ld,\"address\":\"%s\",\"length\":%s}",
                 session, addr, len);
        resp.len = 0;
        curl_easy_setopt(curl, CURLOPT_URL, mem_url);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_setopt(curl, CURLOPT_URL, url);
        if (rc != CURLE_OK || status != 200 || resp.len != strtoul(len, NULL, 0)) {
                fprintf(stderr, "dbgd_client: /mem: %s (HTTP %ld, %zu bytes)\n",
                        curl_easy_strerror(rc), status, resp.len);
                exit(1);
        }
}

static long field_long(const char *r, const char *key)
{
        char k[64];
        const char *p;

        snprintf(k, sizeof(k), "\"%s\":", key);
        p = strstr(r, k);
        if (!p) {
                fprintf(stderr, "dbgd_client: no %s in %.300s\n", key, r);
                exit(1);
        }
        return strtol(p + strlen(k), NULL, 10);
}

static int ended(const char *r)
{
        return strstr(r, "\"state\":\"exited\"") || strstr(r, "\"state\":\"killed\"");
}

/* spawn's params for prog: argv as a JSON list of strings after the path (the bench
 * programs need no escaping). */
static void spawn_params(char **prog, char *buf, size_t size)
{
        char args[2048] = "";
        size_t off = 0;

        for (char **a = prog + 1; *a; a++)
                off += (size_t)snprintf(args + off, sizeof(args) - off, "%s\"%s\"",
                                        a == prog + 1 ? "" : ",", *a);
        snprintf(buf, size, "\"path\":\"%s\",\"args\":[%s]%s%s", prog[0], args,
                 spawn_extra[0] ? "," : "", spawn_extra);
}

static long spawn(char **prog)
{
        char params[4096];

        spawn_params(prog, params, sizeof(params));
        return field_long(call(spawn_extra[0] != 0, "spawn", "%s", params), "session");
}

/* One batch: close session prev, then spawn prog; returns the new session. dbgd runs
 * a batch's calls in order and answers them in order. */
static long close_and_spawn(long prev, char **prog)
{
        char params[4096], body[4400];
        const char *r, *second;

        spawn_params(prog, params, sizeof(params));
        snprintf(body, sizeof(body),
                 "[{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"close\",\"params\":"
                 "{\"session\":%ld}},{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"spawn\","
                 "\"params\":{%s}}]",
                 next_id, prev, next_id + 1, params);
        next_id += 2;
        r = post(0, "close+spawn", body);
        second = strstr(r, "},{");
        if (!second || strstr(r, "\"error\"")) {
                fprintf(stderr, "dbgd_client: close+spawn: %.400s\n", r);
                exit(1);
        }
        return field_long(second, "session");
}

static void run_to_main(long s, const char *main_addr)
{
        long bp = field_long(call(0, "break", "\"session\":%ld,\"address\":\"%s\"", s, main_addr),
                             "breakpoint");
        const char *r = call(0, "cont", "\"session\":%ld", s);
        if (!strstr(r, "\"reason\":\"breakpoint\"")) {
                fprintf(stderr, "dbgd_client: main not reached: %.300s\n", r);
                exit(1);
        }
        call(0, "delete", "\"session\":%ld,\"breakpoint\":%ld", s, bp);
}

static long rss_kib(long pid)
{
        char path[64], line[256];
        long v = -1;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%ld/status", pid);
        f = fopen(path, "r");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "VmRSS:", 6) == 0)
                        v = strtol(line + 6, NULL, 10);
        fclose(f);
        return v;
}

static void usage(void)
{
        fprintf(stderr, "usage: dbgd_client [-s PARAMS] [-x PARAMS] step N MAIN | stepn N MAIN |"
                        " break TICK | syscall | cont | spawn N | peek K ADDR LEN FMT | rps M | idle K PID"
                        "  -- prog [args]\n       dbgd_client empty M\n");
        exit(2);
}

int main(int argc, char **argv)
{
        const char *u = getenv("DBGD_URL"), *tok = getenv("DBGD_TOKEN");
        struct curl_slist *h = NULL;
        char auth[512];
        char **prog = NULL;
        unsigned long ops = 0;
        int ai = 1, dd = argc;

        while (ai + 1 < argc && (strcmp(argv[ai], "-x") == 0 || strcmp(argv[ai], "-s") == 0)) {
                if (argv[ai][1] == 'x')
                        extra = argv[ai + 1];
                else
                        spawn_extra = argv[ai + 1];
                ai += 2;
        }
        for (int i = ai; i < argc; i++)
                if (strcmp(argv[i], "--") == 0) {
                        dd = i;
                        prog = argv + i + 1;
                        break;
                }
        if (!u || ai >= argc)
                usage();
        snprintf(url, sizeof(url), "%s/rpc", u);
        snprintf(mem_url, sizeof(mem_url), "%s/mem", u);
        curl_global_init(CURL_GLOBAL_DEFAULT);
        curl = curl_easy_init();
        h = curl_slist_append(h, "Content-Type: application/json");
        h = curl_slist_append(h, "Expect:");
        if (tok) {
                snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
                h = curl_slist_append(h, auth);
        }
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp);
        /* Large answers (64 MiB peeks) arrive in big reads, not 16 KiB ones. */
        curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L * 1024);
        curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
        if (getenv("DBGD_UNIX"))
                curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, getenv("DBGD_UNIX"));

        const char *op = argv[ai];
        int na = dd - ai - 1;
#define ARG(i) argv[ai + 1 + (i)]
#define NUM(i) strtoul(ARG(i), NULL, 0)
        if (strcmp(op, "empty") == 0 && na == 1) {
                unsigned long m = NUM(0);
                double t0 = now_us();
                for (unsigned long i = 0; i < m; i++)
                        call(0, "sessions", "%s", "");
                printf("empty_us=%.2f\n", m ? (now_us() - t0) / (double)m : 0.0);
                ops = m;
        } else if (!prog || !*prog) {
                usage();
        } else if ((strcmp(op, "step") == 0 || strcmp(op, "stepn") == 0) && na == 2) {
                unsigned long n = NUM(0);
                long s = spawn(prog);
                run_to_main(s, ARG(1));
                if (strcmp(op, "step") == 0) {
                        for (ops = 0; ops < n; ops++)
                                call(0, "step", "\"session\":%ld", s);
                } else if (n) {
                        const char *r = call(0, "step", "\"session\":%ld,\"count\":%lu", s, n);
                        ops = strstr(r, "\"reason\":\"step\"") ? n : 0;
                }
                call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "break") == 0 && na == 1) {
                long s = spawn(prog);
                call(1, "break", "\"session\":%ld,\"address\":\"%s\"%s%s", s, ARG(0),
                     extra[0] ? "," : "", extra);
                for (;;) {
                        const char *r = call(0, "cont", "\"session\":%ld", s);
                        if (ended(r))
                                break;
                        ops++;
                }
                call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "syscall") == 0 && na == 0) {
                long s = spawn(prog);
                for (int first = 1;; first = 0) {
                        const char *r = call(first && extra[0], "syscall", "\"session\":%ld%s%s",
                                             s, extra[0] ? "," : "", extra);
                        if (ended(r))
                                break;
                        ops++;
                }
                call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "cont") == 0 && na == 0) {
                long s = spawn(prog);
                for (;;) {
                        if (ended(call(0, "cont", "\"session\":%ld", s)))
                                break;
                        ops++;
                }
                call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "events") == 0 && na == 0) {
                long s = spawn(prog), after = 0, dropped = 0, polls = 0;

                call(1, "cont", "\"session\":%ld,\"trace_syscalls\":true,\"wait\":false", s);
                for (;;) {
                        const char *r = call(0, "events",
                                             "\"session\":%ld,\"after\":%ld,\"max\":4096,"
                                             "\"timeout\":10", s, after);
                        for (const char *p = r; (p = strstr(p, "\"syscall-exit\"")); p++)
                                ops++;
                        after = field_long(r, "next");
                        polls++;
                        dropped += field_long(r, "dropped");
                        if (strstr(r, "\"type\":\"end\""))
                                break;
                }
                printf("dropped=%ld polls=%ld\n", dropped, polls);
                call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "spawn") == 0 && na == 1) {
                unsigned long n = NUM(0);
                for (ops = 0; ops < n; ops++)
                        call(0, "close", "\"session\":%ld", spawn(prog));
        } else if (strcmp(op, "spawnb") == 0 && na == 1) {
                unsigned long n = NUM(0);
                long s = 0;
                for (ops = 0; ops < n; ops++)
                        s = ops ? close_and_spawn(s, prog) : spawn(prog);
                if (n)
                        call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "peek") == 0 && na == 4) {
                unsigned long k = NUM(0);
                long s = spawn(prog);
                const char *r = call(0, "cont", "\"session\":%ld", s);
                if (!strstr(r, "\"reason\":\"signal\"")) {
                        fprintf(stderr, "dbgd_client: no int3 stop: %.300s\n", r);
                        exit(1);
                }
                for (ops = 0; ops < k; ops++) {
                        if (strcmp(ARG(3), "binary") == 0)
                                peek_binary(s, ARG(1), ARG(2));
                        else
                                call(0, "peek",
                                     "\"session\":%ld,\"address\":\"%s\",\"length\":%s,"
                                     "\"format\":\"%s\"", s, ARG(1), ARG(2), ARG(3));
                }
                printf("body_bytes=%zu\n", resp.len);
                call(0, "close", "\"session\":%ld", s);
        } else if (strcmp(op, "rps") == 0 && na == 1) {
                unsigned long m = NUM(0);
                double t0 = now_us();
                for (unsigned long i = 0; i < m; i++)
                        call(0, "sessions", "%s", "");
                double t1 = now_us();
                long s = spawn(prog);
                double t2 = now_us();
                for (unsigned long i = 0; i < m; i++)
                        call(0, "regs", "\"session\":%ld", s);
                double t3 = now_us();
                printf("sessions_us=%.2f\nregs_us=%.2f\n", m ? (t1 - t0) / (double)m : 0.0,
                       m ? (t3 - t2) / (double)m : 0.0);
                call(0, "close", "\"session\":%ld", s);
                ops = m;
        } else if (strcmp(op, "idle") == 0 && na == 2) {
                unsigned long k = NUM(0);
                long pid = (long)NUM(1), *ids = calloc(k + 1, sizeof(long));
                long before = rss_kib(pid);
                for (ops = 0; ops < k; ops++)
                        ids[ops] = spawn(prog);
                long after = rss_kib(pid);
                printf("rss_before_kib=%ld\nrss_after_kib=%ld\nper_session_kib=%.2f\n", before,
                       after, k ? (double)(after - before) / (double)k : 0.0);
                for (unsigned long i = 0; i < k; i++)
                        call(0, "close", "\"session\":%ld", ids[i]);
                free(ids);
        } else {
                usage();
        }
#undef ARG
#undef NUM
        printf("ops=%lu\n", ops);
        curl_slist_free_all(h);
        curl_easy_cleanup(curl);
        curl_global_cleanup();
        free(resp.p);
        return 0;
}
