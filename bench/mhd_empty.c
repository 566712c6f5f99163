/* mhd_empty — the floor of any HTTP API on this machine: libmicrohttpd configured as
 * dbgd configures it (MHD_USE_EPOLL without threads of its own, driven from one epoll
 * loop, MHD_run after each wake), answering every POST, once its body is read, with a
 * fixed small JSON-RPC result. No parsing, no checks.
 *
 *   mhd_empty PORT      (0 picks a free port; prints "url=http://127.0.0.1:PORT") */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char answer[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"sessions\":[]}}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
        static int marker;
        struct MHD_Response *r;
        enum MHD_Result ret;

        (void)cls, (void)url, (void)method, (void)version, (void)upload_data;
        if (!*con_cls) {
                *con_cls = &marker;
                return MHD_YES;
        }
        if (*upload_data_size) {
                *upload_data_size = 0;
                return MHD_YES;
        }
        r = MHD_create_response_from_buffer(sizeof(answer) - 1, (void *)answer,
                                            MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
        ret = MHD_queue_response(mc, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ret;
}

int main(int argc, char **argv)
{
        struct sockaddr_in sa = { .sin_family = AF_INET };
        socklen_t sl = sizeof(sa);
        struct epoll_event ev = { .events = EPOLLIN };
        const union MHD_DaemonInfo *info;
        struct MHD_Daemon *d;
        int fd, ep, one = 1;

        sa.sin_port = htons((uint16_t)(argc > 1 ? atoi(argv[1]) : 0));
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 128) < 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
                perror("mhd_empty: listen");
                return 1;
        }
        d = MHD_start_daemon(MHD_USE_EPOLL, 0, NULL, NULL, on_request, NULL,
                             MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_END);
        info = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_EPOLL_FD) : NULL;
        if (!info) {
                fprintf(stderr, "mhd_empty: cannot start libmicrohttpd\n");
                return 1;
        }
        ep = epoll_create1(EPOLL_CLOEXEC);
        if (epoll_ctl(ep, EPOLL_CTL_ADD, info->epoll_fd, &ev) < 0) {
                perror("mhd_empty: epoll_ctl");
                return 1;
        }
        printf("url=http://127.0.0.1:%u\n", ntohs(sa.sin_port));
        fflush(stdout);
        for (;;) {
                MHD_UNSIGNED_LONG_LONG t;
                int ms = MHD_get_timeout(d, &t) == MHD_YES ? (int)(t > 1000 ? 1000 : t) : -1;

                epoll_wait(ep, &ev, 1, ms);
                MHD_run(d);
        }
}
