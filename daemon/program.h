/* program.h — what dbgd knows about a traced program: its modules (the executable, the
 * dynamic loader, the shared libraries, the vDSO), their ELF symbols and DWARF line
 * tables, its memory map, and unwinding its stack (DWARF CFI, frame pointers as the
 * fallback), all through elfutils' libdwfl.
 *
 * One struct program per session, created with the session: a small table of the
 * process's file mappings, read on first use and again after an exec. The symbols and
 * line tables of each ELF file are read once for the daemon and shared by every session
 * that maps the file (program_cache_free frees them). Everything runs on the engine
 * thread: unwinding reads registers and memory with ptrace, which only the tracer thread
 * may do (FACTS.md), with libdwfl attached as assume_ptrace_stopped, so that it never
 * attaches, stops or detaches the process itself. Lookups need a live process stopped by
 * us. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "retval.h"

struct program;

/* Returns a new program for process pid (no I/O yet), or NULL when out of memory. */
struct program *program_new(pid_t pid);
/* Accepts NULL. */
void program_free(struct program *p);

/* Free the symbol files that every session shares (at shutdown, after the last
 * program_free; a later lookup would read them again). */
void program_cache_free(void);

/* The names of the source files that the DWARF line tables of the ELF file at path
 * name (each unit's file table; a name relative to its unit's DW_AT_comp_dir joined to
 * it), sorted, each once: read once for the daemon and kept with the file's other debug
 * info, which the sessions mapping it share (so a file a backtrace has read pays only
 * the walk of its file tables). *ret_names points into that cache and stays valid until
 * the next program call; *ret_dwarf is whether it has line tables at all. Returns 0, or
 * -ENOENT when the file cannot be opened. Needs no process. */
int program_file_source_names(const char *path, const char *const **ret_names,
                              size_t *ret_n, bool *ret_dwarf);

/* The process image is gone (exec, exit, death): drop the module table. The next lookup
 * builds it again from the new image. */
void program_invalidate(struct program *p);

/* The process ran: libraries may have been mapped or unmapped since the last lookup.
 * Cheap; the module list is re-read only when a lookup needs it. */
void program_ran(struct program *p);

/* Add "symbol" ("func+0x1a") and "source" {file, line} to obj for address addr, when
 * known. is_return: addr is a return address (look up addr - 1, as a debugger does for
 * caller frames). Never fails: what is unknown is left out. */
void program_annotate(struct program *p, uint64_t addr, bool is_return, json_t *obj);

/* The same for a stop (where a thread is): its line is the one gdb names for the pc
 * (find_pc_line: of rows at one address the last statement, a line's blocks with
 * discriminators as one), the one steps by line go by. Frames and symbols keep
 * elfutils' line (eu-stack, eu-addr2line), which differs at some optimised pcs. */
void program_annotate_stop(struct program *p, uint64_t pc, json_t *obj);

/* Resolve a symbol spec: "name", "module:name" ("libc.so.6:write", "libc:write"),
 * either with "+OFFSET" ("main+0x10", "tick+4"). The executable is searched first, then
 * the other modules; defined symbols only. Returns 0 with *ret_addr, -ERR_NO_SYMBOL
 * (with a reason in why), or -errno. */
int program_resolve(struct program *p, const char *spec, uint64_t *ret_addr, char *why,
                    size_t whylen);

/* Where `break` on spec goes, as gdb's linespecs: a function's name (no offset) stands
 * for the end of its prologue (program_after_prologue), as gdb's `break FUNC`, so its
 * arguments read right at the stop; "*spec" ("*main", "*libc:write") and a spec with an
 * offset ("main+0") for the address itself, as gdb's `break *ADDR`; FILE:LINE as
 * program_resolve. */
int program_resolve_break(struct program *p, const char *spec, uint64_t *ret_addr,
                          char *why, size_t whylen);

/* Every place a spec stands for, as gdb's breakpoint locations, at most max of them in
 * addrs: for FILE:LINE, one in each function, inlined call or template instance whose
 * code has the line (program_resolve gives the lowest); for a qualified C++ name without
 * parameters that no ELF name is exactly ("ns::Klass::f"), every overload. Returns how
 * many (0: none, or a spec of one place). */
size_t program_locations(struct program *p, const char *spec, uint64_t *addrs, size_t max);

/* The source files of the loaded modules' line tables (those with a statement row),
 * each once: {sources: [{file, module}]}. With file (a path or its last components, as
 * FILE:LINE's), only those it names, and `lines`: the lines in [from, to] that have a
 * statement row, as gdb's line table keeps them (where a line breakpoint goes). Returns
 * 0 with a new object in *ret, or -errno. */
int program_sources(struct program *p, const char *file, int from, int to, json_t **ret);

/* Symbols named like pattern (exact, or an fnmatch(3) glob when it has * ? or [), with
 * an optional "module:" prefix, at most limit of them. Returns 0 and a new array of
 * symbol objects {name, address, size, type, binding, module[, source]}, or -errno. */
int program_symbols_by_name(struct program *p, const char *pattern, size_t limit,
                            json_t **ret_list);

/* The symbol containing addr, as a new object {name, address, size, type, binding,
 * module, offset, symbol[, source]}; or the module alone {module, offset} when the
 * address is in a module but no symbol covers it. Returns 0, -ERR_NO_SYMBOL or -errno. */
int program_symbol_at(struct program *p, uint64_t addr, json_t **ret);

/* The function (STT_FUNC / STT_GNU_IFUNC symbol with a size) containing addr. Returns 0
 * with its start, size and name (valid until the next program call), or -ERR_NO_SYMBOL. */
int program_function_at(struct program *p, uint64_t addr, uint64_t *ret_start,
                        uint64_t *ret_size, const char **ret_name);

/* A row of the line tables: the line that covers a range of addresses. */
struct src_row {
        const char *file;       /* libdw's string: valid until program_invalidate */
        const char *name;       /* gdb's name of it where it differs (a file of the
                                 * compilation directory as given: "prog.c"), or NULL */
        int line;
        uint64_t lo, hi;        /* the row's addresses in the process, [lo, hi) */
        bool stmt;              /* the row begins a statement (is_stmt): a place where a
                                 * line step may stop */
};

/* The row that covers pc, as gdb's find_pc_line picks it (of rows at one address, the
 * last statement). Returns 0 with *ret, or -ERR_NO_SYMBOL when no line table covers
 * pc. */
int program_line_at(struct program *p, uint64_t pc, struct src_row *ret);

/* How many functions are inlined at pc (its inline frames); with skip_starting, not
 * counting those whose code begins at pc (gdb's skipped inline frames: not entered
 * yet). When more than outer, the line the outermost of those beyond outer was called
 * from: *ret_file (libdw's, valid until program_invalidate; may be NULL), *ret_line;
 * when some were skipped, the line the outermost of those was called from (where the
 * frame shown is). */
size_t program_inline_depth(struct program *p, uint64_t pc, size_t outer, const char **ret_file,
                            int *ret_line, bool skip_starting);

/* A line step stopped where n functions inlined begin, not entered yet (stepping.c):
 * the current thread's backtrace (and the frames of `locals`) leave them out, as gdb's
 * skipped inline frames. The session sets it; 0 again at every resume and when the
 * current thread changes (program_set_thread). */
void program_set_inline_hidden(struct program *p, size_t n);
size_t program_inline_hidden(const struct program *p);

/* How many of the functions inlined at pc begin at pc (gdb's frames skipped there, not
 * entered yet), and the line the level-th of them (1: the innermost; 0: the outermost)
 * was called from, in *ret_file (as program_inline_depth's) and *ret_line, when there
 * is one. */
size_t program_inline_starting(struct program *p, uint64_t pc, size_t level,
                               const char **ret_file, int *ret_line);

/* The inline frames at pc in one look, for a step's every instruction: `all` of them
 * (program_inline_depth without skip_starting), `starting` of those whose code begins
 * at pc (program_inline_starting), and the line the outermost of those was called from
 * (`file`, libdw's, and `line`; NULL and 0 when none begins at pc). */
struct inline_here {
        size_t all, starting;
        const char *file;
        int line;
};
void program_inline_here(struct program *p, uint64_t pc, struct inline_here *ret);

/* Where gdb's step into the function that starts at entry stops (its amd64 prologue
 * analysis, handle_step_into_function): past `push %rbp; mov %rsp,%rbp` (after an
 * endbr64), then to the end of that line-table entry while still in the function; the
 * entry itself in a function that sets up no frame pointer. */
uint64_t program_prologue_end(struct program *p, uint64_t entry);

/* Where gdb puts a breakpoint on the opening line of that function (skip_prologue_sal):
 * program_prologue_end, but the entry itself in a compilation unit whose variable
 * locations gdb trusts from the first byte (GCC 4.5 on, with location lists: optimised
 * code, which may set up a frame pointer all the same). */
uint64_t program_after_prologue(struct program *p, uint64_t entry);

/* The return type of the function (not an inlined one) whose code holds pc, from DWARF,
 * for `finish` to print what it returns (retval.h); NULL when it returns void or no
 * DWARF says. Free with ret_type_free. */
struct ret_type *program_return_type(struct program *p, uint64_t pc);

/* Variables of frame `frame` of the stopped current thread (0 the innermost; frames as
 * `backtrace` numbers them, inlined functions too), from DWARF, their values as gdb
 * prints them (retval.h). With name NULL: {frame, function, args: [...], locals:
 * [...]}, gdb's `info args` and `info locals` (innermost block first); each {name,
 * type, value[, address]} or {name, type, error} when the value is not available
 * ("optimized out", ...). With an expression: a variable's name, then any of .member,
 * ->member and [index], with stars (*p) or one & before: its value, {name (the
 * expression), type, value, address, scope: "local" | "argument" | "global"}, the
 * variable looked up as gdb's `print` does: the frame's blocks outward, then globals
 * and statics of its file, then of every module. Returns 0, -ERANGE (no such frame),
 * -EINVAL (not such an expression), -ERR_NO_SYMBOL (no DWARF for the frame; no such
 * variable) or -errno. fmt: gdb's print/FMT letter for the values (ret_format_as), or
 * 0. An expression may also use C's operators (cexpr.h): {name, type, value, scope:
 * "expression"}, or {name, error} when its values do not allow it; when it is not such
 * an expression, -EINVAL with *ret a JSON string that says why. */
int program_vars(struct program *p, size_t frame, const char *expr, char fmt, json_t **ret);

/* gdb's ptype (whatis: gdb's whatis) of the type spec names, as print's `type` spells
 * one ("struct node *", "vec", "int [3]", "enum color"), seen from frame (its unit
 * first, then its module's): {type, text}, text gdb's after "type = ": a struct,
 * union or enum at the declarator's base shown whole, typedefs at the top resolved
 * (whatis: one typedef unrolled, nothing shown whole). Returns 0, -ERR_NO_SYMBOL (no
 * such type), -ERANGE (no such frame) or -errno. */
int program_ptype(struct program *p, size_t frame, const char *spec, bool whatis,
                  json_t **ret);

/* What print's calls of the program's functions (f(3): infcall.h) may do, set by the
 * print method around program_vars (NULL: calls are refused). */
struct program_calls {
        const char *refuse;     /* why calls cannot run now (a syscall-entry stop), or NULL */
        unsigned timeout_ms;    /* how long a called function may run */
        int (*break_at)(void *ctx, uint64_t addr);      /* the breakpoint id at addr, or 0 */
        void *ctx;
        /* Out: a call's failure, which print answers as a JSON-RPC error (-ERR_STATE: the
         * function did not return, -ERR_GONE: the process exited in it, ...), with
         * program_vars' *ret a string that says why; 0 when none failed. */
        int fail;
        bool void_result;       /* out: a call returned void */
        bool ran;               /* out: a function was run (and maybe abandoned) */
};

void program_set_calls(struct program *p, struct program_calls *calls);

/* A breakpoint condition over the program's variables (gdb's `break ... if`), at a hit
 * of thread tid whose registers are regs (the pc on the breakpoint): expr evaluated as
 * print's expressions (cexpr.h) in frame 0 of tid, in its innermost block (an inlined
 * function's). Returns 1 (non-zero) or 0, -1 when its values do not allow it, -2 when
 * it is no such expression; why says why. */
int program_cond(struct program *p, pid_t tid, const struct user_regs_struct *regs,
                 const char *expr, char *why, size_t whylen);

/* Does condition expr name only variables that the code at addr sees (gdb checks a
 * condition in its breakpoint's scope)? Returns 0, -2 when it is no expression,
 * -ERR_NO_SYMBOL when a name is unknown there; why says which. *ret_var (if not NULL):
 * whether any name is a variable the code there sees. */
int program_cond_check(struct program *p, uint64_t addr, const char *expr, char *why,
                       size_t whylen, bool *ret_var);

/* The address of the variable or function of ELF name linkage (a C++ static member's
 * DW_AT_linkage_name) in the loaded modules: true, or false if none has it. */
bool program_linkage_addr(struct program *p, const char *linkage, uint64_t *ret);

/* The symbol addr is in as gdb's disassembly names a target: "puts@plt" in a PLT
 * (plt_name), else the ELF name as it is (no demangling: gdb's asm-demangle is off),
 * "+N" a decimal offset. False if none. */
bool program_insn_target_name(struct program *p, uint64_t addr, char *buf, size_t len);

/* The symbol addr is in, as gdb's <...> after a pointer names it: "counter", "buf+1"
 * (decimal offset), demangled, a static local without gcc's ".N". False if none. */
bool program_addr_name(struct program *p, uint64_t addr, char *buf, size_t len);

/* Is pc in code that a call passes through on its way to a function elsewhere: a PLT
 * section, or the dynamic loader (the lazy-binding resolver)? */
bool program_in_trampoline(struct program *p, uint64_t pc);

/* The most unwinder frames a backtrace with outer frames walks. */
#define PROGRAM_BT_WALK 100000

/* A backtrace (program_backtrace). Owned: frames, error, outer. */
struct program_bt {
        json_t *frames; /* {index, pc, symbol, function, module, source, interrupted, ...},
                         * innermost first */
        json_t *error;  /* why unwinding stopped early (not at the outermost frame), or
                         * NULL */
        bool more;      /* the stack goes on past the frames given */
        json_t *outer;  /* with `outer` and more: the outermost frames not in `frames`,
                         * each with its level (index); NULL when the end was not reached
                         * within 100,000 frames */
        json_int_t depth; /* the number of frames of the whole stack, -1 when the walk
                           * did not reach its end (more without outer, or unended) */
        bool unended;   /* with outer or start: PROGRAM_BT_WALK unwinder frames were
                         * walked without reaching the end of the stack */
};

/* Unwind the stopped process's stack: at most max_frames frames from level start (0
 * the innermost; the frames before it are only counted, a stack of fewer frames gives
 * none); with outer > 0 the walk goes on to the end of the stack (100,000 frames at
 * most) for its depth and its `outer` outermost frames. Fills *ret (its values new
 * references). Returns 0 or -errno / -ERR_*. */
int program_backtrace(struct program *p, size_t start, size_t max_frames, size_t outer,
                      struct program_bt *ret);

/* /proc/PID/maps, parsed: a new array of {start, end, perms, offset, dev, inode, path}.
 * Returns 0 or -errno. */
int program_maps(pid_t pid, json_t **ret_maps);

struct bp_table;

/* The file the process is about to exec (taken; NULL: none): at the exec stop it
 * spares reading /proc/PID/exe. Used only when absolute. */
void program_exec_hint(struct program *p, char *path);

/* The session's hook for every reported stop (stop: the stop object, edited in place):
 * an exec stop drops the old image's state; any other notes that the process ran. Adds
 * "symbol" and "source" for stop.pc. At a signal stop for a signal whose default action
 * ends the process, takes the crash snapshot (program_snapshot), so that `report` can
 * tell where the process died once it has. sp: the stack pointer, 0 if unknown; at an
 * exec stop it finds the aux vector, so that the module table need not be read. */
void program_on_stop(struct program *p, json_t *stop, const struct bp_table *bps,
                     uint64_t sp);

/* Thread tid of the process (not its main thread) is at a signal-delivery stop for a
 * signal that will end the process (stop: {reason "signal", pc, signal, thread}, edited
 * in place): annotates it and takes the crash snapshot from that thread, as
 * program_on_stop does for the main thread. */
void program_on_thread_signal(struct program *p, pid_t tid, json_t *stop,
                              const struct bp_table *bps);

/* Thread tid of a followed child process pid (not the session's process: one that
 * task.c keeps traced for follow_forks) is at a signal-delivery stop for a signal that
 * will end it (stop: {reason "signal", pc, signal, thread}, edited in place): its
 * crash snapshot, as program_snapshot's, read through a program of its own for the
 * child's image (its executable after an exec, or its parent's copy), without the
 * session's breakpoints (a child's copy has none). Returns a new reference, or NULL. */
json_t *program_child_snapshot(pid_t pid, pid_t tid, json_t *stop);

/* The thread whose registers and stack the next stops, backtraces and snapshots are
 * read from (the session's current thread). Everything else is read through it too:
 * its /proc/TID/maps and memory are the process's, and stay readable when the main
 * thread has left with pthread_exit. */
void program_set_thread(struct program *p, pid_t tid);

/* stop.pc was changed (regs set): re-annotate. */
void program_on_pc_change(struct program *p, json_t *stop);

/* The machine state of the stopped process: {stop, registers, backtrace
 * [, backtrace_error], disassembly, maps}; parts that cannot be read are left out.
 * Returns a new reference. */
json_t *program_snapshot(struct program *p, json_t *stop, const struct bp_table *bps);

/* The stacks of the process's other threads, for a report's `threads`: tids are
 * threads in a ptrace stop (the current one, p's, is left out), n of them; the first
 * 16 by tid, 64 frames each: [{tid, name, pc, symbol, source, backtrace
 * [, backtrace_truncated, backtrace_error]}]. Returns a new reference, or NULL when
 * there is no other thread. */
json_t *program_thread_stacks(struct program *p, const pid_t *tids, size_t n);

/* After a stop that took the crash snapshot (program_on_stop, program_on_thread_signal):
 * the other threads have stopped (tids, n of them, as for program_thread_stacks; none
 * when they are not stopped): add their stacks to the snapshot as `threads`. Does
 * nothing when no snapshot was taken since the last call. */
void program_crash_threads(struct program *p, const pid_t *tids, size_t n);

/* The snapshot taken at the last fatal-signal stop, kept across the death of the
 * process (borrowed, or NULL). */
json_t *program_crash(struct program *p);
