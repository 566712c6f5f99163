/* dwlocal.c — libdwfl sessions that read debug info from this machine only (see
 * dwlocal.h). */
#include "dwlocal.h"

#include <stdlib.h>
#include <string.h>

char *dwlocal_debuginfo_path;

/* libdwfl reads DEBUGINFOD_URLS at each query: hidden for the query's length. The
 * engine thread is the only thread, so no one else sees the environment change. */
int dwlocal_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                           Dwarf_Addr base, const char *file_name, const char *debuglink_file,
                           GElf_Word debuglink_crc, char **debuginfo_file_name)
{
        const char *urls = getenv("DEBUGINFOD_URLS");
        char *saved = urls ? strdup(urls) : NULL;
        int fd;

        if (urls)
                unsetenv("DEBUGINFOD_URLS");
        fd = dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
                                          debuglink_file, debuglink_crc,
                                          debuginfo_file_name);
        if (saved) {
                setenv("DEBUGINFOD_URLS", saved, 1);
                free(saved);
        }
        return fd;
}

static const Dwfl_Callbacks offline_callbacks = {
        .find_elf = dwfl_build_id_find_elf,
        .find_debuginfo = dwlocal_find_debuginfo,
        .section_address = dwfl_offline_section_address,
        .debuginfo_path = &dwlocal_debuginfo_path,
};

Dwfl *dwlocal_offline(void)
{
        return dwfl_begin(&offline_callbacks);
}
