/* web.c — the page's files, embedded at build time (embed.cmake writes web_assets.c). */
#include "web.h"

#include <string.h>

extern const unsigned char web_index_html[], web_app_js[];
extern const size_t web_index_html_len, web_app_js_len;

const struct web_asset *web_find(const char *url)
{
        static struct web_asset assets[2];

        if (!assets[0].path) {
                assets[0] = (struct web_asset){ "/", "text/html; charset=utf-8", web_index_html,
                                                web_index_html_len };
                assets[1] = (struct web_asset){ "/app.js", "text/javascript; charset=utf-8",
                                                web_app_js, web_app_js_len };
        }
        if (strcmp(url, "/index.html") == 0)
                url = "/";
        for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
                if (strcmp(url, assets[i].path) == 0)
                        return &assets[i];
        return NULL;
}
