/* srcfile.h — the source files a session may read (the `source` method): the files that
 * the DWARF line tables of its program's modules name, and no other. A client names a
 * file as gdb's `list` takes one (a base name, a path's last components, a full path);
 * dbgd opens only the path the debug info spells, never the one the client sent, so the
 * bearer token gives no general file read. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Most lines one `source` call returns, and most bytes of one line (longer ones are
 * cut, their numbers listed in `cut`). Bigger files than SRCFILE_MAX_BYTES are refused
 * (EFBIG): the engine thread reads a file whole, in one go. */
#define SRCFILE_MAX_LINES 1000
#define SRCFILE_MAX_LINE_BYTES 4096
#define SRCFILE_MAX_BYTES (64u << 20)

/* Does want name the file the line table spells path, as gdb's `list FILE:N` finds it
 * (compare_filenames_for_search)? A relative want: path's last whole components, of path
 * as spelt ("../src/x.c" of "/b/../src/x.c") or of path normalised lexically ("x.c",
 * "src/x.c" of "/a/src/x.c"); the want itself is not normalised, as gdb's is not, so
 * "src/../src/x.c" names nothing. An absolute want: the same path once both are
 * normalised lexically ("/a/./b" and "/a/x/../b" are "/a/b"; no symlink is followed).
 * Pure. */
bool srcfile_matches(const char *path, const char *want);

/* The names of the source files the line tables of the ELF file module name (sorted or
 * not, valid until the next call), and whether it has line tables at all: 0, or a
 * negative errno when the file cannot be read (it is then passed by). */
typedef int srcfile_names_fn(const char *module, const char *const **ret_names,
                             size_t *ret_n, bool *ret_dwarf);

/* The file that modules' debug info names as want: modules are ELF files (the
 * executable first), n of them, whose names names_of gives. Returns 0 with *ret_path
 * (malloc'd: the debug info's spelling of the first match, in module order, names with
 * their directory before those without), or -ERR_NO_SYMBOL when none names it; -ENOMEM.
 * *ret_dwarf (if not NULL) is whether any module had line tables at all. */
int srcfile_find(const char *const *modules, size_t n, const char *want,
                 srcfile_names_fn *names_of, char **ret_path, bool *ret_dwarf);

/* Lines first .. first + count - 1 (1-based) of the text file at path, as a new array of
 * strings (newline, and a CR before it, left out; invalid UTF-8 replaced by U+FFFD; cut
 * to SRCFILE_MAX_LINE_BYTES bytes), with *ret_total the file's number of lines and
 * *ret_cut a new array of the numbers of the lines cut (empty when none). Returns 0,
 * -ERANGE when first is past the last line (a file of no lines has line 1, empty;
 * *ret_total is written then too, for the error to say it),
 * -EFBIG over SRCFILE_MAX_BYTES, -EISDIR / -EINVAL for a directory / another file that
 * is not regular, or the -errno of open or read. */
int srcfile_lines(const char *path, size_t first, size_t count, json_t **ret_lines,
                  size_t *ret_total, json_t **ret_cut);
