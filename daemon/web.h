/* web.h — the page dbgd serves (clients/web/, built into the binary): GET / and the
 * script it loads. The files hold no secret, so they are served without the token
 * (the API calls they make need it); Host is checked as for every request. */
#pragma once

#include <stddef.h>

struct web_asset {
        const char *path;               /* "/", "/app.js" */
        const char *content_type;
        const unsigned char *data;
        size_t len;
};

/* The asset served at url, or NULL. */
const struct web_asset *web_find(const char *url);
