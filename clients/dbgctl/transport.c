/* transport.c — libcurl-based JSON-RPC client (see transport.h).
 *
 * The easy handle lives in a multi handle for its whole life so that its connection
 * stays in the multi's cache between calls (keep-alive), and so that a call can be
 * driven in 100 ms slices (curl_multi_poll) that check the interrupt flag: a blocking
 * curl_easy_perform could not react to Ctrl-C while `cont` waits. */
#include "transport.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jrpc.h"

#define TRANSPORT_MAX_BODY (64u << 20) /* a response larger than this is refused */

struct transport {
        char *url;       /* as given */
        char *endpoint;  /* http://.../rpc */
        CURLM *multi;
        CURL *easy;
        struct curl_slist *headers;
        char curl_err[CURL_ERROR_SIZE];
        long next_id;

        char *body; /* response being received */
        size_t body_len, body_cap;
        bool body_too_big;

        volatile sig_atomic_t *flag;
        transport_interrupt_fn hook;
        void *hook_data;
};

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
        struct transport *t = userdata;
        size_t n = size * nmemb;

        if (t->body_len + n + 1 > TRANSPORT_MAX_BODY) {
                t->body_too_big = true;
                return 0;
        }
        if (t->body_len + n + 1 > t->body_cap) {
                size_t cap = t->body_cap ? t->body_cap : 4096;
                char *b;

                while (cap < t->body_len + n + 1)
                        cap *= 2;
                b = realloc(t->body, cap);
                if (!b)
                        return 0;
                t->body = b;
                t->body_cap = cap;
        }
        memcpy(t->body + t->body_len, ptr, n);
        t->body_len += n;
        t->body[t->body_len] = '\0';
        return n;
}

struct transport *transport_new(const char *url, const char *token, char *errbuf,
                                size_t errlen)
{
        struct transport *t = calloc(1, sizeof(*t));
        bool is_unix = strncmp(url, "unix:", 5) == 0;
        size_t n;

        if (!t)
                goto nomem;
        t->next_id = 1;
        t->url = strdup(url);
        if (!t->url)
                goto nomem;
        if (is_unix) {
                if (url[5] == '\0') {
                        snprintf(errbuf, errlen, "bad URL '%s': expected unix:/path", url);
                        goto fail;
                }
                t->endpoint = strdup("http://localhost/rpc");
        } else if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) {
                n = strlen(url);
                while (n > 0 && url[n - 1] == '/')
                        n--;
                if (asprintf(&t->endpoint, "%.*s/rpc", (int)n, url) < 0)
                        t->endpoint = NULL;
        } else {
                snprintf(errbuf, errlen,
                         "bad URL '%s': expected http://HOST:PORT or unix:/path", url);
                goto fail;
        }
        if (!t->endpoint)
                goto nomem;

        t->multi = curl_multi_init();
        t->easy = curl_easy_init();
        if (!t->multi || !t->easy)
                goto nomem;
        t->headers = curl_slist_append(NULL, "Content-Type: application/json");
        if (t->headers) /* no "Expect: 100-continue" round trip for larger bodies */
                t->headers = curl_slist_append(t->headers, "Expect:");
        if (t->headers && token && *token && !is_unix) {
                char *h;

                if (asprintf(&h, "Authorization: Bearer %s", token) < 0)
                        goto nomem;
                t->headers = curl_slist_append(t->headers, h);
                free(h);
        }
        if (!t->headers)
                goto nomem;

        curl_easy_setopt(t->easy, CURLOPT_URL, t->endpoint);
        if (is_unix)
                curl_easy_setopt(t->easy, CURLOPT_UNIX_SOCKET_PATH, url + 5);
        curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
        curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
        curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->curl_err);
        curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(t->easy, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(t->easy, CURLOPT_PROXY, ""); /* never through http_proxy */
        return t;

nomem:
        snprintf(errbuf, errlen, "out of memory");
fail:
        transport_free(t);
        return NULL;
}

void transport_free(struct transport *t)
{
        if (!t)
                return;
        if (t->easy)
                curl_easy_cleanup(t->easy);
        if (t->multi)
                curl_multi_cleanup(t->multi);
        curl_slist_free_all(t->headers);
        free(t->body);
        free(t->endpoint);
        free(t->url);
        free(t);
}

const char *transport_url(const struct transport *t)
{
        return t->url;
}

void transport_set_interrupt(struct transport *t, volatile sig_atomic_t *flag,
                             transport_interrupt_fn hook, void *data)
{
        t->flag = flag;
        t->hook = hook;
        t->hook_data = data;
}

/* Run the transfer to its end in slices. Returns curl's result, or -1 when interrupted
 * without a hook. */
static int perform(struct transport *t)
{
        CURLcode res = CURLE_OK;
        CURLMsg *msg;
        int running = 1, left;

        if (curl_multi_add_handle(t->multi, t->easy) != CURLM_OK)
                return CURLE_FAILED_INIT;
        while (running) {
                if (curl_multi_perform(t->multi, &running) != CURLM_OK) {
                        res = CURLE_FAILED_INIT;
                        break;
                }
                if (!running)
                        break;
                if (t->flag && *t->flag) {
                        *t->flag = 0;
                        if (!t->hook) {
                                curl_multi_remove_handle(t->multi, t->easy);
                                return -1;
                        }
                        t->hook(t->hook_data);
                }
                curl_multi_poll(t->multi, NULL, 0, 100, NULL);
        }
        while ((msg = curl_multi_info_read(t->multi, &left)))
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == t->easy)
                        res = msg->data.result;
        curl_multi_remove_handle(t->multi, t->easy);
        return (int)res;
}

int transport_call(struct transport *t, const char *method, json_t *params,
                   json_t **ret_result, json_t **ret_error, char *errbuf, size_t errlen)
{
        json_t *req = NULL, *resp = NULL, *v;
        char *text = NULL;
        long id = t->next_id++, status = 0;
        char perr[256];
        int res, r;

        req = json_pack("{s:s, s:i, s:s}", "jsonrpc", "2.0", "id", (json_int_t)id, "method",
                        method);
        if (!req || (params && json_object_set(req, "params", params) < 0)) {
                snprintf(errbuf, errlen, "out of memory");
                r = TRANSPORT_FAIL;
                goto out;
        }
        text = json_dumps(req, JSON_COMPACT);
        if (!text) {
                snprintf(errbuf, errlen, "cannot encode the request (invalid UTF-8?)");
                r = TRANSPORT_FAIL;
                goto out;
        }
        curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, text);
        curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(text));
        t->body_len = 0;
        t->body_too_big = false;
        if (t->body)
                t->body[0] = '\0';
        t->curl_err[0] = '\0';

        res = perform(t);
        if (res < 0) {
                snprintf(errbuf, errlen, "interrupted");
                r = TRANSPORT_INTERRUPTED;
                goto out;
        }
        if (res != CURLE_OK) {
                snprintf(errbuf, errlen, "%s",
                         t->body_too_big ? "response too large"
                         : t->curl_err[0] ? t->curl_err
                                          : curl_easy_strerror((CURLcode)res));
                r = TRANSPORT_FAIL;
                goto out;
        }
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200) {
                /* The body of an HTTP error is a short text; show its first line. */
                size_t n = t->body ? strcspn(t->body, "\r\n") : 0;

                snprintf(errbuf, errlen, "HTTP %ld%s%.*s%s", status, n ? " (" : "",
                         (int)(n > 200 ? 200 : n), n ? t->body : "", n ? ")" : "");
                r = TRANSPORT_HTTP;
                goto out;
        }
        resp = jrpc_parse(t->body ? t->body : "", t->body_len, perr, sizeof(perr));
        if (!resp || !json_is_object(resp)) {
                snprintf(errbuf, errlen, "the answer is not a JSON-RPC response: %s",
                         resp ? "not an object" : perr);
                r = TRANSPORT_HTTP;
                goto out;
        }
        if (!json_is_integer(json_object_get(resp, "id")) ||
            json_integer_value(json_object_get(resp, "id")) != id) {
                snprintf(errbuf, errlen, "the answer's id does not match the request's (%ld)",
                         id);
                r = TRANSPORT_HTTP;
                goto out;
        }
        if ((v = json_object_get(resp, "error"))) {
                *ret_error = json_incref(v);
                r = TRANSPORT_RPC_ERROR;
        } else if ((v = json_object_get(resp, "result"))) {
                *ret_result = json_incref(v);
                r = TRANSPORT_OK;
        } else {
                snprintf(errbuf, errlen, "the answer has neither result nor error");
                r = TRANSPORT_HTTP;
        }
out:
        free(text);
        json_decref(req);
        json_decref(resp);
        return r;
}
