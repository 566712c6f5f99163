/* dwlocal.h — libdwfl sessions that read debug info from this machine only.
 *
 * dbgd's lookups (program.c's symbols and lines, srcfile.c's `source` files) must never
 * wait on a debuginfod server: a call would hold the engine thread, which serves every
 * session, for as long as the network takes. */
#pragma once

#include <elfutils/libdwfl.h>

/* libdwfl's standard search (build-id under /usr/lib/debug, .gnu_debuglink) with
 * DEBUGINFOD_URLS hidden: a Dwfl_Callbacks find_debuginfo. */
int dwlocal_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                           Dwarf_Addr base, const char *file_name, const char *debuglink_file,
                           GElf_Word debuglink_crc, char **debuginfo_file_name);

/* The debuginfo_path the callbacks point at (libdwfl's default). */
extern char *dwlocal_debuginfo_path;

/* A session for files reported with dwfl_report_offline. NULL on failure. */
Dwfl *dwlocal_offline(void);
