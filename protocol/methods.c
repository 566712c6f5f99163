/* methods.c — the method table and everything derived from one method's declaration:
 * lookup, parameter validation, typed getters, signal names.
 *
 * jrpc_methods is the single source of truth: the daemon dispatches on its ids and
 * validates with jrpc_params_check, rpc.discover (openrpc.c) and docs/api.md (apidoc.c)
 * are written from it, and the unit tests check that every method and param is
 * documented and every JSON text in it parses. Constant data only; no I/O.
 */
#include "methods.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <strings.h>

#include "errors.h"
#include "jrpc.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* Shared shapes ---------------------------------------------------------------------- */

#define REF(name) "{\"$ref\": \"#/components/schemas/" name "\"}"

const struct jrpc_schema jrpc_schemas[] = {
        {
                "Address",
                "A 64-bit value (address, register, syscall argument) as a lowercase hex "
                "string without padding, e.g. \"0x7ffff7fe3290\".",
                "{\"type\": \"string\", \"pattern\": \"^0x[0-9a-f]+$\"}",
        },
        {
                "AddressInput",
                "An address as accepted on input: a \"0x...\" hex string (any case), a "
                "decimal string, or a non-negative JSON integer. Values of 2^63 and above "
                "must be strings (JSON integers are signed 64-bit).",
                "{\"oneOf\": ["
                "{\"type\": \"string\", \"pattern\": \"^(0[xX][0-9a-fA-F]+|[0-9]+)$\"}, "
                "{\"type\": \"integer\", \"minimum\": 0}]}",
        },
        {
                "SignalInput",
                "A signal as accepted on input: a number 0..64 or a name, \"SIGINT\" or "
                "\"INT\" (any case).",
                "{\"oneOf\": [{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 64}, "
                "{\"type\": \"string\"}]}",
        },
        {
                "Signal",
                "A signal: its number and name; in a signal stop also the siginfo code "
                "(`code`, `code_name`) and, for faults, the faulting `address`; "
                "`sender_pid`, when `code` is 0 or below (a signal a process sent: "
                "SI_USER from kill, SI_TKILL from tgkill or raise, SI_QUEUE from "
                "sigqueue), is si_pid, the pid of the process that sent it (the "
                "kernel's other codes below 0, timers and the like, carry none that "
                "means anything); "
                "`seccomp`, for a SIGSYS of a seccomp filter (code 1, SYS_SECCOMP), is "
                "the system call the filter refused: `nr`, `name` and `abi` as in a "
                "Syscall, `call_address` the address after its syscall instruction, "
                "`data` the filter's SECCOMP_RET_DATA (si_errno), as gdb's "
                "`$_siginfo._sifields._sigsys`; "
                "`group_stop` is true for a job-control stop (SIGSTOP, SIGTSTP, ...); "
                "`passed` is false in a \"signal\" event for one `handle` dropped.",
                "{\"type\": \"object\", \"required\": [\"number\", \"name\"], "
                "\"properties\": {"
                "\"number\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 64}, "
                "\"name\": {\"type\": \"string\"}, "
                "\"code\": {\"type\": \"integer\"}, "
                "\"code_name\": {\"type\": \"string\"}, "
                "\"address\": " REF("Address") ", "
                "\"sender_pid\": {\"type\": \"integer\"}, "
                "\"seccomp\": {\"type\": \"object\", \"required\": [\"nr\", \"name\", "
                "\"call_address\", \"data\"], \"properties\": {"
                "\"nr\": {\"type\": \"integer\"}, \"name\": {\"type\": \"string\"}, "
                "\"abi\": {\"type\": \"string\"}, "
                "\"call_address\": " REF("Address") ", "
                "\"data\": {\"type\": \"integer\"}}}, "
                "\"group_stop\": {\"type\": \"boolean\"}, "
                "\"passed\": {\"type\": \"boolean\"}}}",
        },
        {
                "Syscall",
                "A system call: at entry its number, name and six arguments; at exit its "
                "return value, and `error` (the errno name) when the return value is in "
                "-4095..-1 and names an errno (strace's `-1 (errno 1234)` has none). `abi`: \"i386\" for a syscall of the i386 ABI (a 32-bit "
                "program, or `int 0x80` in a 64-bit one), whose number and name are from "
                "the i386 table (20 is getpid there); absent for x86-64's. `text` is the "
                "call in strace's words (strace 6.1, default options, `-s 32`), its "
                "memory read at the stop: at the entry the call with what the kernel "
                "reads (`openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY)`), what it writes "
                "shown by address (`read(3, 0x7fffffffe2d0, 832)`); at the exit strace's "
                "whole line, the entry's arguments as read at the entry and the written "
                "ones read now, then ` = ` and the result (`read(3, "
                "\"\\177ELF\\2\"..., 832) = 832`, `close(99) = -1 EBADF (Bad file "
                "descriptor)`), without strace's alignment spaces. Strings are escaped "
                "and cut after 32 bytes as strace does them (paths are not cut), flags "
                "and constants have strace's names, a pointer that cannot be read shows "
                "as its address. 278 of x86-64's 362 syscalls are decoded (docs/"
                "architecture.md lists them and the 84 left: SysV semop/msgsnd/msgrcv, "
                "ptrace, bpf, perf_event_open, the keyrings, the new mount API, "
                "io_uring_enter...); one dbgd does not decode shows its arguments in "
                "hex as strace shows one it has no decoder for (`syscall_0x1f4(0x1, ...)` "
                "for a number it does not know; i386 calls all so). The spawn's own "
                "execve, whose entry comes before the exec stop, has it at its exit "
                "(`syscall` from the exec stop), made from the path, argv and envp dbgd "
                "exec'd: strace's first line. Absent at an exit whose entry dbgd did "
                "not see (a program's own execve run into by `cont`, after its exec "
                "event), and, while "
                "`syscall` names some syscalls, from the others' records unless "
                "`record_syscalls` is on.",
                "{\"type\": \"object\", \"required\": [\"nr\", \"name\"], "
                "\"properties\": {"
                "\"nr\": {\"type\": \"integer\"}, "
                "\"name\": {\"type\": \"string\"}, "
                "\"args\": {\"type\": \"array\", \"items\": " REF("Address") ", "
                "\"minItems\": 6, \"maxItems\": 6}, "
                "\"ret\": {\"type\": \"integer\"}, "
                "\"abi\": {\"enum\": [\"i386\"]}, "
                "\"error\": {\"type\": \"string\"}, "
                "\"text\": {\"type\": \"string\"}}}",
        },
        {
                "Stop",
                "Why a stopped process stopped. `pc` is the address of the next "
                "instruction (at a breakpoint: the breakpoint's address), `symbol` names "
                "it (\"func+0x1a\") and `source` gives its file and line when the "
                "program's symbols and DWARF line tables tell. `breakpoint` "
                "comes with reason \"breakpoint\", `syscall` with \"syscall-entry\" and "
                "\"syscall-exit\", `signal` with \"signal\". `thread` is the thread that "
                "stopped (the process's pid for its main thread): the current thread, "
                "which `regs`, `step` and `backtrace` act on. After `thread` selects "
                "another one, `pc` and `thread` are that thread's and `selected` is "
                "true; `thread_exited` says that the current thread ended during a "
                "`step` (reason \"interrupted\", in the thread that became current). "
                "`condition_error` comes with a breakpoint whose condition could not be "
                "evaluated at this hit (it stops, as gdb's does) and says why. Reason "
                "\"attach\" is the first stop of a session made by `attach` (with "
                "`signal` when a signal reached the process first: it is delivered by "
                "the next resume).",
                "{\"type\": \"object\", \"required\": [\"reason\"], "
                "\"properties\": {"
                "\"reason\": {\"enum\": [\"exec\", \"entry\", \"step\", \"breakpoint\", "
                "\"syscall-entry\", \"syscall-exit\", \"signal\", \"interrupted\", "
                "\"event\", \"watchpoint\", \"finish\", \"attach\"]}, "
                "\"watchpoint\": {\"type\": \"integer\", \"minimum\": 1}, "
                "\"address\": " REF("Address") ", "
                "\"old\": " REF("Address") ", "
                "\"value\": " REF("Address") ", "
                "\"pc\": " REF("Address") ", "
                "\"symbol\": {\"type\": \"string\"}, "
                "\"source\": " REF("Source") ", "
                "\"breakpoint\": {\"type\": \"integer\", \"minimum\": 1}, "
                "\"syscall\": " REF("Syscall") ", "
                "\"signal\": " REF("Signal") ", "
                "\"thread\": {\"type\": \"integer\"}, "
                "\"selected\": {\"type\": \"boolean\"}, "
                "\"thread_exited\": {\"type\": \"integer\"}, "
                "\"condition_error\": {\"type\": \"string\"}}}",
        },
        {
                "Status",
                "The state of a session. `stop` is present only when `state` is "
                "\"stopped\"; `exit_code` only when \"exited\"; `signal` and `core_dumped` "
                "only when \"killed\". `seq` counts the stops reported for the session. "
                "`attached` is true for a session made by `attach` (absent otherwise).",
                "{\"type\": \"object\", \"required\": [\"session\", \"pid\", \"state\", "
                "\"seq\"], "
                "\"properties\": {"
                "\"session\": {\"type\": \"integer\", \"minimum\": 1}, "
                "\"pid\": {\"type\": \"integer\"}, "
                "\"path\": {\"type\": \"string\"}, "
                "\"args\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}, "
                "\"state\": {\"enum\": [\"stopped\", \"running\", \"exited\", "
                "\"killed\"]}, "
                "\"seq\": {\"type\": \"integer\", \"minimum\": 0}, "
                "\"stop\": " REF("Stop") ", "
                "\"exit_code\": {\"type\": \"integer\"}, "
                "\"signal\": " REF("Signal") ", "
                "\"core_dumped\": {\"type\": \"boolean\"}, "
                "\"attached\": {\"type\": \"boolean\"}}}",
        },
        {
                "Breakpoint",
                "A breakpoint: its id (unique in its session), address, hit count and "
                "whether it is deleted after its first hit; `source`, the line its address "
                "is in (gdb's \"Breakpoint 1 at 0x1180: file f.c, line 9.\": where a "
                "FILE:LINE without code went). A pending one (`break` with "
                "`pending`) has `pending`: true and its `symbol` instead of an address "
                "until a library that has the symbol is loaded. A disabled one has "
                "`enabled`: false.",
                "{\"type\": \"object\", \"required\": [\"breakpoint\", "
                "\"hits\", \"temporary\"], "
                "\"properties\": {"
                "\"breakpoint\": {\"type\": \"integer\", \"minimum\": 1}, "
                "\"address\": " REF("Address") ", "
                "\"pending\": {\"type\": \"boolean\"}, "
                "\"symbol\": {\"type\": \"string\"}, "
                "\"source\": " REF("Source") ", "
                "\"more\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}, "
                "\"hits\": {\"type\": \"integer\", \"minimum\": 0}, "
                "\"temporary\": {\"type\": \"boolean\"}, "
                "\"enabled\": {\"type\": \"boolean\"}, "
                "\"condition\": {\"type\": \"string\"}, "
                "\"ignore\": {\"type\": \"integer\", \"minimum\": 0}, "
                "\"log\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}, "
                "\"log_dropped\": {\"type\": \"integer\", \"minimum\": 0}}}",
        },
        {
                "Source",
                "A place in the source, from the DWARF line table: the file as the "
                "compiler recorded it and the line. For an address in the middle of its "
                "line-table row, or in a row that does not begin a statement (a stop or "
                "frame, not a `symbols` lookup), `row`: where that row starts (gdb's "
                "sal.pc; gdb then shows the pc, \"0x... in f () at FILE:LINE\"); absent "
                "at the start of a statement's row. `file` is the path, joined to the "
                "unit's compilation directory; `name`, in a stop's or a frame's source, is "
                "gdb's name of it where that differs: a file of the compilation directory "
                "as the compiler was given it (`gcc prog.c` in /home/me: file "
                "\"/home/me/prog.c\", name \"prog.c\"); absent where they are the same "
                "(a path given whole, a unit whose directory is not absolute).",
                "{\"type\": \"object\", \"required\": [\"file\", \"line\"], "
                "\"properties\": {\"file\": {\"type\": \"string\"}, "
                "\"line\": {\"type\": \"integer\", \"minimum\": 1}, "
                "\"name\": {\"type\": \"string\"}, "
                "\"row\": " REF("Address") "}}",
        },
        {
                "Symbol",
                "An ELF symbol of a loaded module (the executable, a shared library, the "
                "dynamic loader or the vDSO): its `name`, run-time `address` (load base "
                "applied), `size`, `type` (\"func\", \"ifunc\", \"object\", \"tls\", "
                "\"notype\", \"other\"), `binding` (\"global\", \"weak\", \"local\"), the "
                "`module` file and, for functions with line info, `source`. For a "
                "lookup by address also `offset` (of the address in the symbol) and "
                "`symbol` (\"func+0x1a\"). Stripped modules still have their dynamic "
                "symbols (.dynsym). A C++ name stays mangled in `name` (the lookup key) "
                "and comes demangled in `demangled` (\"ns::Klass::method(int) const\"); "
                "`symbol` strings use the demangled form. An \"ifunc\" symbol's address is "
                "its resolver's; `target` is the implementation the dynamic loader chose "
                "(from the GOT), once known. An address in a PLT entry, which has no ELF "
                "symbol, is named as objdump and gdb name it: \"puts@plt\" (from "
                ".rela.plt).",
                "{\"type\": \"object\", \"required\": [\"module\"], \"properties\": {"
                "\"name\": {\"type\": \"string\"}, "
                "\"address\": " REF("Address") ", "
                "\"size\": {\"type\": \"integer\", \"minimum\": 0}, "
                "\"type\": {\"type\": \"string\"}, "
                "\"binding\": {\"type\": \"string\"}, "
                "\"module\": {\"type\": \"string\"}, "
                "\"demangled\": {\"type\": \"string\"}, "
                "\"target\": " REF("Address") ", "
                "\"offset\": {\"type\": \"integer\", \"minimum\": 0}, "
                "\"symbol\": {\"type\": \"string\"}, "
                "\"source\": " REF("Source") "}}",
        },
        {
                "Frame",
                "One frame of a backtrace, innermost (`index` 0) first: its `pc` (for "
                "callers, the return address), the `symbol` and `function` it is in, the "
                "`module` and the `source` line (of the call, for callers). "
                "`interrupted` marks a frame that a signal interrupted; the frame below "
                "it, marked `trampoline` instead, is the signal trampoline the handler "
                "returns to (`__restore_rt`, whose CFI says it is a signal frame), gdb's "
                "`<signal handler called>`. `function` is the name gdb's bt gives the "
                "frame: its DWARF subprogram's where there is one (glibc's "
                "`__GI___pthread_kill`, `__libc_start_main_impl`; C++ qualified, without "
                "parameters: `shapes::Circle::area`), else the ELF symbol's (demangled), "
                "`puts@plt` in a PLT entry; `symbol` is the ELF symbol (demangled, without "
                "its version) and offset, as eu-stack shows it; `linkage_name` the ELF "
                "symbol where it differs from `function`. A copy gcc made of a "
                "function (foo.constprop.0, foo.isra.0, foo.part.0, foo.cold) is named as "
                "the function in `function` where its DWARF says so, as gdb names it; "
                "without DWARF (a static libc.a) `function` is the ELF name, suffix and "
                "all, as gdb's minimal symbol (`f(int) [clone .cold]` in C++), and of "
                "aliases (free, __free) the last by name, as gdb's; `symbol` and "
                "`linkage_name` keep the ELF name, as eu-stack shows it. A function inlined at "
                "the pc is a frame of its own, `inlined`, before the frame it is inlined "
                "into, at the same `pc` (`function` is its DWARF name, `source` its line; "
                "the next frame's `source` is the line it was called from), as gdb and "
                "eu-stack -i show them; at a signal stop (or a step's) on inlined code's "
                "first instruction it is not entered yet: no frame, as in gdb. `sp` is the stack pointer in the frame (in a "
                "caller's, its value once the callee returns: the callee's CFA), gdb's "
                "$sp there. A function that left by a jump to another (a tail call, "
                "common at -O2) has no frame on the stack; when the DWARF of the call "
                "sites shows which functions jumped (the caller's call site names another "
                "function than the callee's, and a chain of call sites flagged as tail "
                "calls leads from it to the callee: direct calls, in the caller's module), "
                "each is a frame of its own, `tailcall`, between the callee and the "
                "caller, at the address after its jump, as gdb shows them (eu-stack does "
                "not). When several chains lead there, only the ends they share are "
                "frames, as in gdb. Where code is inlined at its jump, such a frame is "
                "one frame still, named after the innermost inlined function at its "
                "line, as gdb shows it (abort()'s `__pthread_kill_internal`, inlined "
                "into pthread_kill). `locals` of such a frame knows its callee-saved "
                "registers and entry values only. Its `sp` is its caller's less 8 (the "
                "return address the caller's call pushed, as the function had it when it "
                "jumped), gdb's $sp there in a non-PIE program; gdb 13 shows the caller's "
                "sp itself in a PIE program, where it misses the callee's entry CFA rule.",
                "{\"type\": \"object\", \"required\": [\"index\", \"pc\"], "
                "\"properties\": {"
                "\"index\": {\"type\": \"integer\", \"minimum\": 0}, "
                "\"pc\": " REF("Address") ", "
                "\"symbol\": {\"type\": \"string\"}, "
                "\"function\": {\"type\": \"string\"}, "
                "\"linkage_name\": {\"type\": \"string\"}, "
                "\"module\": {\"type\": \"string\"}, "
                "\"source\": " REF("Source") ", "
                "\"interrupted\": {\"type\": \"boolean\"}, "
                "\"trampoline\": {\"type\": \"boolean\"}, "
                "\"inlined\": {\"type\": \"boolean\"}, "
                "\"tailcall\": {\"type\": \"boolean\"}, "
                "\"sp\": " REF("Address") "}}",
        },
        {
                "Instruction",
                "One disassembled x86-64 instruction (capstone, Intel syntax): its "
                "`address`, `bytes` (hex, the program's own: dbgd's int3s never show), "
                "`size`, `mnemonic`, `operands`, and `symbol` / `source` when known. "
                "What it refers to, as gdb's x/i shows it after the operands: `target`, "
                "a direct call's or jump's destination or a RIP-relative operand's "
                "address, and `target_symbol`, its ELF symbol as gdb names it there "
                "(\"puts@plt\" in a PLT, named from .rela.plt; \"counter\", "
                "\"main+43\": mangled, a decimal offset).",
                "{\"type\": \"object\", \"required\": [\"address\", \"bytes\", "
                "\"mnemonic\", \"operands\", \"size\"], \"properties\": {"
                "\"address\": " REF("Address") ", "
                "\"bytes\": {\"type\": \"string\"}, "
                "\"size\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 15}, "
                "\"mnemonic\": {\"type\": \"string\"}, "
                "\"operands\": {\"type\": \"string\"}, "
                "\"target\": " REF("Address") ", "
                "\"target_symbol\": {\"type\": \"string\"}, "
                "\"symbol\": {\"type\": \"string\"}, "
                "\"source\": " REF("Source") "}}",
        },
        {
                "Mapping",
                "One line of /proc/PID/maps: the range [`start`, `end`), `perms` "
                "(\"r-xp\"), the file `offset`, `dev`, `inode` and `path` (\"\" for "
                "anonymous memory, \"[stack]\", \"[heap]\", \"[vdso]\"...).",
                "{\"type\": \"object\", \"required\": [\"start\", \"end\", \"perms\", "
                "\"offset\", \"path\"], \"properties\": {"
                "\"start\": " REF("Address") ", "
                "\"end\": " REF("Address") ", "
                "\"perms\": {\"type\": \"string\"}, "
                "\"offset\": " REF("Address") ", "
                "\"dev\": {\"type\": \"string\"}, "
                "\"inode\": {\"type\": \"integer\"}, "
                "\"path\": {\"type\": \"string\"}}}",
        },
};

const size_t jrpc_n_schemas = ELEMENTSOF(jrpc_schemas);

/* Params ----------------------------------------------------------------------------- */

static const char *const stop_choices[] = { "exec", "entry", "main", "none", NULL };
static const char *const bytes_choices[] = { "hex", "base64", NULL };
static const char *const stream_choices[] = { "stdout", "stderr", NULL };
static const char *const text_choices[] = { "text", "base64", NULL };
static const char *const format_choices[] = { "x", "d", "u", "o", "t", "c", NULL };
static const char *const access_choices[] = { "write", "rw", NULL };
static const char *const break_one_of[] = { "address", "symbol", NULL };
static const char *const watch_one_of[] = { "address", "symbol", "watchpoint", NULL };

#define P_SESSION                                                                      \
        { "session", JT_UINT, 1, "Session id, as returned by `spawn` or listed by "     \
          "`sessions`.", NULL, NULL }

#define P_TIMEOUT(what)                                                                \
        { "timeout", JT_NUMBER, 0, "Seconds to wait " what " before answering with "   \
          "state \"running\" (the process keeps running).", NULL, "60" }

#define P_RESUME                                                                       \
        P_SESSION,                                                                     \
        { "signal", JT_SIGNAL, 0,                                                      \
          "Signal to deliver on resume, a number or a name (\"SIGINT\" or \"INT\"); "  \
          "0 delivers none. By default the signal that stopped the process, if any; "  \
          "dbgd's own SIGTRAPs are never delivered.", NULL, "the pending signal" },    \
        { "wait", JT_BOOL, 0, "Wait for the next stop or end before answering; with "  \
          "false the answer is the status with state \"running\" at once.", NULL,      \
          "true" },                                                                    \
        P_TIMEOUT("(with `wait`) for a stop or end")

#define P_OUTPUT_WAKES                                                                 \
        { "output", JT_BOOL, 0, "Also answer, with state \"running\", as soon as the "  \
          "program has written stdout or stderr that no `output` call has returned yet "  \
          "(what was there already counts): a client that forwards the output (`dbgctl " \
          "run`) need not poll.", NULL, "false" }

#define STATUS_EXAMPLE(stop)                                                           \
        "{\"session\": 1, \"pid\": 4242, \"path\": \"./hello\", \"state\": "           \
        "\"stopped\", \"seq\": 2, \"stop\": " stop "}"

static const struct jrpc_param spawn_params[] = {
        { "path", JT_STRING, 1,
          "Program to execute, as given to execve(2): \"./hello\", \"/bin/true\".", NULL,
          NULL },
        { "args", JT_STRINGS, 0,
          "Arguments after the program name: argv[1], argv[2], ... (argv[0] is `path`).",
          NULL, "[]" },
        { "env", JT_STRMAP, 0,
          "Environment changes applied over dbgd's own environment (or over an empty one "
          "with `env_clear`): a string sets the variable, null unsets it.",
          NULL, "{}" },
        { "env_clear", JT_BOOL, 0,
          "Start from an empty environment instead of dbgd's: `env` is then the whole "
          "environment.", NULL, "false" },
        { "cwd", JT_STRING, 0, "Working directory of the program.", NULL,
          "dbgd's working directory" },
        { "stdin", JT_STRING, 0,
          "Fed to the program's standard input, followed by end-of-file (unless "
          "`stdin_open`): text, or bytes in base64 with `stdin_format`.", NULL,
          "empty (/dev/null)" },
        { "stdin_format", JT_STRING, 0,
          "Encoding of `stdin`: \"text\" (UTF-8, as is) or \"base64\" (any bytes).",
          text_choices, "\"text\"" },
        { "stdin_open", JT_BOOL, 0,
          "Make stdin a pipe that stays open after `stdin`: more is written with "
          "`input`, and end-of-file comes with `input` `eof` (or when the process "
          "ends).", NULL, "false" },
        { "stop", JT_STRING, 0,
          "Where the new process first stops: \"exec\" right after execve(2), in the "
          "dynamic loader before any of the program's code; \"entry\" at the program's "
          "entry point; \"main\" in `main`, past its prologue, where gdb's `start` "
          "stops (at `main` itself where it sets up no frame pointer); \"none\" "
          "nowhere (it runs).",
          stop_choices, "\"exec\"" },
        { "aslr", JT_BOOL, 0,
          "Keep address space layout randomization. Off by default, as in gdb, so that "
          "addresses repeat from run to run.", NULL, "false" },
        { "syscall_filter", JT_STRINGS, 0,
          "Syscall names to trap in the kernel with a seccomp-bpf filter installed just "
          "before execve(2) (this sets no_new_privs, so set-user-ID programs do not gain "
          "privileges). A later `syscall` whose `names` are all in this set lets every "
          "other syscall run at full speed. Child processes inherit the filter, so dbgd "
          "keeps them traced (not reported) and lets their trapped syscalls through, to "
          "their end, even past the session's `close` (a child that left the process "
          "group, which `close` kills). A syscall that the program's own seccomp "
          "filter refuses (SECCOMP_RET_ERRNO, _KILL, _TRAP) never reaches this one: "
          "the kernel takes the strictest answer, so it is not traced (strace "
          "--seccomp-bpf loses it too; without `syscall_filter`, PTRACE_SYSCALL sees "
          "it).", NULL, "none" },
        { "record_syscalls", JT_BOOL, 0,
          "Keep a log of the process's last 64 syscalls (of all its threads), and the last "
          "one of each thread that has none among them (one blocked in a syscall), even "
          "while continuing (each syscall then costs two stops); `report` and CI runs "
          "show it. A syscall that `step` runs from its entry stop is recorded with the "
          "result it left in rax. The spawn's own execve comes first, as in strace's "
          "log, when its exit is seen (a `cont` or `syscall` from the exec stop).",
          NULL, "false" },
        { "follow_forks", JT_BOOL, 0,
          "Keep child processes traced for their whole life, as strace -f does: those "
          "of fork, vfork and clone without CLONE_THREAD, their threads and their own "
          "children, also after an exec. They are traced passively: they never stop the "
          "session (nor does it stop them: they run on while it is stopped), carry no "
          "breakpoints (ours are taken out of a forked copy of the memory) and get their "
          "signals. While `cont` traces syscalls, theirs are events with `pid` (and "
          "`thread` for a child's other threads), and so are their signals; their births "
          "and ends are events \"process-start\" ({pid, parent}) and \"process-exit\" ({pid, exit_code} or {pid, "
          "signal, core_dumped}). With `record_syscalls` their syscalls are in the log "
          "with `pid`. `syscall` does not stop at them. `kill` and `close` kill those "
          "still in the process group (also once the process has ended); `close` detaches "
          "the others. Off: a child is detached at its first stop, as gdb's "
          "detach-on-fork (kept traced, unreported, under a `syscall_filter`).",
          NULL, "false" },
        { "output_block", JT_BOOL, 0,
          "Lose no output: when a stream's buffer holds `--output-bytes` bytes that no "
          "`output` call has returned yet, dbgd stops reading the program's pipe, and the "
          "program blocks in write(2) as on a full pipe until `output` reads on (`dbgctl "
          "run` uses this). By default the oldest bytes are dropped instead and the "
          "program never waits for a reader.", NULL, "false" },
};

static const struct jrpc_param session_params[] = {
        P_SESSION,
};

static const struct jrpc_param attach_params[] = {
        { "pid", JT_UINT, 1, "The process to attach to (a process id, not the id of one "
          "of its other threads).", NULL, NULL },
};

static const struct jrpc_param thread_params[] = {
        P_SESSION,
        { "tid", JT_UINT, 1, "The thread to select: a `tid` that `threads` lists.", NULL,
          NULL },
};

static const struct jrpc_param step_params[] = {
        P_SESSION,
        { "count", JT_UINT, 0, "Number of instructions (with `line`: of source lines) to "
          "execute.", NULL, "1" },
        P_TIMEOUT("for the steps to finish"),
        /* after timeout: positional params keep their places */
        { "over", JT_BOOL, 0, "Run a call as one step, to its return (gdb's nexti; with "
          "`line`, gdb's next). The other threads run during the call.", NULL, "false" },
        { "line", JT_BOOL, 0, "Step source lines, as gdb's step (and next, with `over`): "
          "stop at the start of the next line the program reaches, by the DWARF line "
          "tables; into a called function that has lines (at the end of its prologue), "
          "else over the call. Where code inlined by a call begins, `step` stops at the "
          "call (the stop's `source` is the call's line, and `backtrace` has no frame for "
          "the call yet) and the next `step` enters the inlined function without "
          "running, as gdb's step does.", NULL, "false" },
};

static const struct jrpc_param finish_params[] = {
        P_SESSION,
        P_TIMEOUT("for the function to return"),
        /* after timeout: positional params keep their places */
        { "frame", JT_UINT, 0, "The frame of `backtrace` to finish, 0..63, as gdb's `up "
          "N` then `finish`: the process runs until that frame's function returns to "
          "its caller, and `returned` is what it returned. An inlined frame other than "
          "0 is INVALID_PARAMS (it returns nowhere of its own), as is a frame past the "
          "stack's.", NULL, "0" },
};

static const struct jrpc_param cont_params[] = {
        P_RESUME,
        { "trace_syscalls", JT_BOOL, 0,
          "Trace syscalls without stopping: each syscall entry and exit (of `names`, or "
          "all) of every thread becomes an event (see `events`; `thread` names another "
          "thread than the main one, as strace -f shows them) while the process runs on; "
          "with a "
          "spawn-time `syscall_filter` covering `names`, other syscalls do not even stop "
          "in the kernel.", NULL, "false" },
        { "names", JT_STRINGS, 0, "With `trace_syscalls`: the syscalls to trace.", NULL,
          "all syscalls" },
        P_OUTPUT_WAKES,
};

static const struct jrpc_param events_params[] = {
        P_SESSION,
        { "after", JT_UINT, 0,
          "Return the events whose `seq` is greater: 0 for all that are kept, then the "
          "`next` of the previous answer.", NULL, "0" },
        { "max", JT_UINT, 0, "At most this many events.", NULL, "1000" },
        { "timeout", JT_NUMBER, 0,
          "Seconds to wait for a new event when there is none yet (long-poll); 0 answers "
          "at once.", NULL, "0" },
};

static const struct jrpc_param syscall_params[] = {
        P_RESUME,
        { "names", JT_STRINGS, 0,
          "Stop only at these syscalls (\"openat\", \"write\"; x86-64 names, or i386 "
          "ones like \"waitpid\" for `int 0x80` calls); other syscalls run on "
          "without a round trip, and without stopping at all when the spawn's "
          "`syscall_filter` covers every name. Not empty: leave it out for every "
          "syscall.", NULL, "all syscalls" },
};

static const struct jrpc_param wait_params[] = {
        P_SESSION,
        P_TIMEOUT("for a stop or end"),
        P_OUTPUT_WAKES,
};

static const struct jrpc_param pause_params[] = {
        P_SESSION,
        { "timeout", JT_NUMBER, 0, "Seconds to wait for the process to stop before "
          "answering with state \"running\".", NULL, "10" },
};

static const struct jrpc_param regs_params[] = {
        P_SESSION,
        { "names", JT_STRINGS, 0,
          "Registers to return, in this order: rax rbx rcx rdx rsi rdi rbp rsp r8 .. r15 "
          "rip eflags cs ss ds es fs gs fs_base gs_base orig_rax, or \"pc\" for rip.",
          NULL, "all registers" },
        { "set", JT_ADDRMAP, 0,
          "Registers to write first, {name: value}; values are addresses (hex string, "
          "decimal string or non-negative integer).",
          NULL, NULL },
};

static const struct jrpc_param peek_params[] = {
        P_SESSION,
        { "address", JT_ADDR, 1, "Address of the first byte to read.", NULL, NULL },
        { "length", JT_UINT, 0, "Number of bytes to read.", NULL, "8" },
        { "format", JT_STRING, 0,
          "Encoding of `bytes` in the result: \"hex\" (two lowercase digits per byte) or "
          "\"base64\".", bytes_choices, "\"hex\"" },
};

static const struct jrpc_param poke_params[] = {
        P_SESSION,
        { "address", JT_ADDR, 1, "Address of the first byte to write.", NULL, NULL },
        { "bytes", JT_STRING, 1,
          "Bytes to write: hex digit pairs (\"9090\"), or base64 with `format`.", NULL,
          NULL },
        { "format", JT_STRING, 0, "Encoding of `bytes`: \"hex\" or \"base64\".",
          bytes_choices, "\"hex\"" },
};

static const struct jrpc_param break_params[] = {
        P_SESSION,
        { "address", JT_ADDR, 0,
          "Address of the first byte of an instruction. Either `address` or `symbol` is "
          "required.", NULL, NULL },
        { "symbol", JT_STRING, 0,
          "A symbol of the program or of a loaded library, optionally with a module "
          "prefix and an offset: \"main\", \"libc.so.6:write\", \"tick+0x4\". A "
          "function's name stands for the end of its prologue, as gdb's `break FUNC`: "
          "past `push %rbp; mov %rsp,%rbp` and the rest of that line, so the arguments "
          "read right at the stop; at the function's first byte where it sets up no "
          "frame pointer (optimized code). With an offset (\"main+0\"), or written "
          "as gdb's `break *FUNC` (\"*main\"), it goes at the symbol's address plus "
          "the offset. A C++ function may be named as gdb takes "
          "it: \"ns::Klass::method\" (every overload), "
          "\"ns::Klass::method(int) const\", \"ns::f<int>\", or by its ELF name; "
          "as gdb's wild matching, a name also stands for every function whose "
          "qualified name ends with it after a \"::\" (\"Klass::method\", "
          "\"method\"), and without template arguments for every instance "
          "(\"Box::get\" for Box<int>::get and Box<double>::get). A name takes "
          "every function of that name: static functions of several files, each copy "
          "of a constructor. An "
          "IFUNC (libc's strlen) goes at the implementation the dynamic loader chose, "
          "once it has (after the exec stop), as gdb does. A source line, as gdb's "
          "linespec: \"FILE:LINE\" (\"deep.c:25\", or more of the path), in every "
          "loaded module: a breakpoint in each place the line's code is (each "
          "function, template instance or inlined call: gdb's locations), at its "
          "lowest address there; a line without code takes the next one that has "
          "some, and a function's opening line the end of its prologue.",
          NULL, NULL },
        { "temporary", JT_BOOL, 0, "Delete the breakpoint after its first hit; one "
          "with several places (`more`) goes whole, every place, at the first hit of "
          "any, as gdb's tbreak.", NULL,
          "false" },
        { "pending", JT_BOOL, 0,
          "When no loaded module has `symbol` yet (a library loaded later, at start-up "
          "or by dlopen), make the breakpoint pending: it is placed as soon as a library "
          "that has the symbol is loaded, as gdb's pending breakpoints are. Without it, "
          "such a symbol is NO_SYMBOL. There is one pending breakpoint per symbol, as "
          "one breakpoint per address: `break` on the same symbol again, pending, "
          "answers that breakpoint with its settings updated.", NULL, "false" },
        { "condition", JT_STRING, 0,
          "Stop only when this expression is non-zero, evaluated by dbgd at each hit. "
          "Either over registers and memory, compiled once and cheap at a hit: C "
          "operators (== != < <= > >= && || ! + - & |), numbers (decimal, 0x hex), "
          "registers (rdi, rsp, ...), memory loads u8[...] u16[...] u32[...] u64[...] "
          "s8[...] s16[...] s32[...] and *x (8 bytes), e.g. \"rdi == 3 && u32[rsp+8] != "
          "0\" (ordered comparisons are signed); or, when it is not that, over the "
          "program's variables as gdb's `break ... if`: any expression `print` takes, "
          "e.g. \"n > 3 && p->name[0] == 'x'\" or gdb's string test "
          "\"$_streq(p->name, \\\"bob\\\")\", evaluated in the innermost frame of "
          "the thread that hit it (an inlined function's, at its code), which costs a "
          "look at the thread's stack and DWARF at each hit. A register's name is the "
          "register (`$rdi` in the second kind) unless the code at the breakpoint sees a "
          "variable of that name (pc, fs...): then, as gdb's, the variable. At `break` "
          "the condition is checked as gdb checks it: its syntax, and that the code "
          "there sees every variable it names (a pending breakpoint's: at its hits). A "
          "value that cannot be read at a hit stops the program with the stop's "
          "`condition_error` saying why, as gdb's \"Error in testing condition\" (a "
          "hit the ignore count lets go on does not stop). C's assignments, ++ and "
          "calls are not evaluated. An empty string removes the condition.", NULL,
          "none" },
        { "ignore", JT_UINT, 0,
          "Go on without stopping for the next `ignore` hits whose condition holds (on a "
          "breakpoint that has hits already, as gdb's `ignore N COUNT`: counted from "
          "now). `breakpoints` shows how many are still to go on.",
          NULL, "0" },
        { "log", JT_BOOL, 0,
          "Record each wanted hit (its count, pc and the registers in `log_regs`) and go on "
          "instead of stopping; `breakpoints` returns the last 1000 records.", NULL,
          "false" },
        { "log_regs", JT_STRINGS, 0, "Registers recorded by `log`.", NULL,
          "[\"rdi\", \"rsi\", \"rdx\", \"rcx\", \"r8\", \"r9\"]" },
        { "enabled", JT_BOOL, 0, "false disables the breakpoint, as gdb's `disable`: it "
          "stays listed with its settings and hit count (`enabled`: false) and is taken "
          "out of the program's code, so it never stops nor counts; true enables it "
          "again. `break` again on its address (or, pending, its symbol) with `enabled` "
          "is how a client disables and enables one.", NULL, "true" },
};

static const struct jrpc_param breakpoints_params[] = {
        P_SESSION,
        { "breakpoint", JT_UINT, 0, "Only this breakpoint.", NULL, "all" },
};

static const struct jrpc_param delete_params[] = {
        P_SESSION,
        { "breakpoint", JT_UINT, 1, "Breakpoint id, as returned by `break`.", NULL,
          NULL },
};

static const struct jrpc_param watch_params[] = {
        P_SESSION,
        { "address", JT_ADDR, 0,
          "Address of the memory to watch, aligned to `length`. Either `address` or "
          "`symbol` is required.", NULL, NULL },
        { "symbol", JT_STRING, 0,
          "A data symbol (a global variable: \"counter\", \"libc.so.6:errno\"...), "
          "optionally with +OFFSET.", NULL, NULL },
        { "length", JT_UINT, 0, "Bytes watched: 1, 2, 4 or 8.", NULL, "8" },
        { "access", JT_STRING, 0,
          "\"write\": stop after an instruction writes them; \"rw\": after any read "
          "or write.", access_choices, "\"write\"" },
        { "watchpoint", JT_UINT, 0,
          "Change watchpoint N instead of setting one (with `enabled`, and neither "
          "`address` nor `symbol`): gdb's `disable N` / `enable N`.", NULL, NULL },
        { "enabled", JT_BOOL, 0,
          "false: the watchpoint stays listed, with its debug register, but does not "
          "fire (and its hits do not count); true again: it fires from the memory's "
          "value then, as gdb's `enable`.", NULL, "true" },
};

static const struct jrpc_param handle_params[] = {
        P_SESSION,
        { "signal", JT_SIGNAL, 0,
          "The signal, a number or a name (\"SIGUSR1\" or \"USR1\"). Without it, the "
          "answer lists every signal's handling, as gdb's `info signals`.", NULL, NULL },
        { "stop", JT_BOOL, 0,
          "true: the signal stops the process (a stop with reason \"signal\"); false: "
          "it is passed (or dropped, with `pass` false) without a stop, as gdb's "
          "`handle SIG nostop`.", NULL, "unchanged" },
        { "pass", JT_BOOL, 0,
          "true: the signal is delivered to the program (at a stop: when the process "
          "resumes); false: dropped, as gdb's `handle SIG nopass` (`cont`'s `signal` "
          "still delivers it at a stop).", NULL, "unchanged" },
        { "print", JT_BOOL, 0,
          "true: a signal that does not stop is an event (\"signal\", `events`), as gdb's "
          "`handle SIG print` prints it; false: said nowhere. As gdb's, `stop` true brings "
          "`print` true and `print` false brings `stop` false.", NULL, "unchanged" },
};

static const struct jrpc_param unwatch_params[] = {
        P_SESSION,
        { "watchpoint", JT_UINT, 1, "Watchpoint id, as returned by `watch`.", NULL, NULL },
};

static const struct jrpc_param output_params[] = {
        P_SESSION,
        { "stream", JT_STRING, 0, "Which stream to read.", stream_choices, "\"stdout\"" },
        { "offset", JT_UINT, 0,
          "Byte offset in the stream to read from: 0, then the `next_offset` of the "
          "previous answer.", NULL, "0" },
        { "format", JT_STRING, 0,
          "\"text\": UTF-8 under the key `text`, invalid bytes replaced by U+FFFD; "
          "\"base64\": the exact bytes under the key `base64`.",
          text_choices, "\"text\"" },
};

static const struct jrpc_param kill_params[] = {
        P_SESSION,
        { "signal", JT_SIGNAL, 0,
          "The signal, a number or a name (\"SIGTERM\" or \"TERM\"); 0 sends none and "
          "answers the status.", NULL, "\"SIGKILL\"" },
};

static const struct jrpc_param input_params[] = {
        P_SESSION,
        { "data", JT_STRING, 0, "What to write: text, or bytes in base64 with `format`.",
          NULL, "\"\"" },
        { "format", JT_STRING, 0,
          "Encoding of `data`: \"text\" (UTF-8, as is) or \"base64\" (any bytes).",
          text_choices, "\"text\"" },
        { "eof", JT_BOOL, 0,
          "Close the program's stdin once everything queued has been written: it then "
          "reads end-of-file.", NULL, "false" },
};

static const char *const symbols_one_of[] = { "name", "address", NULL };

static const struct jrpc_param symbols_params[] = {
        P_SESSION,
        { "name", JT_STRING, 0,
          "Symbol name, exact or an fnmatch(3) glob (\"str*\"), optionally with a module "
          "prefix (\"libc.so.6:write\", \"libc:mem*\"). Either `name` or `address` is "
          "required.", NULL, NULL },
        { "address", JT_ADDR, 0, "Address to symbolize: the symbol that contains it.",
          NULL, NULL },
        { "limit", JT_UINT, 0, "Most symbols returned for a `name` lookup.", NULL,
          "100" },
};

static const struct jrpc_param sources_params[] = {
        P_SESSION,
        { "file", JT_STRING, 0,
          "A source file, its whole path or its last components as `break`'s FILE:LINE "
          "takes it (\"deep.c\"): only the files it names, and `lines`.", NULL, "every file" },
        { "from", JT_UINT, 0, "With `file`: the first line of `lines`' range.", NULL, "1" },
        { "to", JT_UINT, 0, "With `file`: the last line of `lines`' range (at most 100000 "
          "lines after `from`).", NULL, "`from` + 10000" },
};

static const struct jrpc_param disasm_params[] = {
        P_SESSION,
        { "address", JT_ADDR, 0, "Address of the first instruction.", NULL,
          "the pc" },
        { "count", JT_UINT, 0, "Number of instructions (at most 1000).", NULL, "10" },
};

static const struct jrpc_param source_params[] = {
        P_SESSION,
        { "file", JT_STRING, 1, "The source file, as gdb's `list FILE:N` takes one: a base "
          "name (\"loop.c\"), a path's last components (\"src/loop.c\"), or the full path "
          "a stop's `source.file` says. Only files that the DWARF line tables of the "
          "program's modules name are served.", NULL, NULL },
        { "line", JT_UINT, 0, "The first line returned (1-based).", NULL, "1" },
        { "count", JT_UINT, 0, "Number of lines (1 to 1000).", NULL, "1000" },
};

static const struct jrpc_param backtrace_params[] = {
        P_SESSION,
        { "limit", JT_UINT, 0, "Most frames returned (1 to 1024).", NULL, "64" },
        { "start", JT_UINT, 0, "The level of the first frame returned: the frames before "
          "it are walked and counted (100,000 at most), not returned, so that a client "
          "pages through a deep stack `limit` frames at a time. With it, `depth` is the "
          "number of frames when the walk reached the end of the stack.", NULL, "0" },
        { "outer", JT_UINT, 0, "Also the stack's outermost frames, this many (0 to 1024), "
          "as gdb's `bt -N`: when the stack has more than `limit` frames, the walk goes on "
          "to its end (100,000 frames at most) and `outer` has its last frames that are "
          "not in `frames`, each with its level, and `depth` the number of frames.",
          NULL, "0" },
};

static const struct jrpc_param locals_params[] = {
        P_SESSION,
        { "frame", JT_UINT, 0, "The frame, numbered as `backtrace` numbers them: 0 the "
          "innermost (where the thread stopped), 1 its caller, ...", NULL, "0" },
        { "format", JT_STRING, 0, "gdb's print/FMT for every number in the values: "
          "\"x\" hex, \"d\" signed, \"u\" unsigned, \"o\" octal, \"t\" binary, \"c\" "
          "a character (`65 'A'`). Pointers then show their address alone, char arrays "
          "each element, floats their bits (as gdb 13's /x); structs and "
          "arrays apply it to each member.", format_choices, NULL },
};

static const struct jrpc_param print_params[] = {
        P_SESSION,
        { "name", JT_STRING, 1, "A variable's name, a local or parameter of the frame, "
          "else (in a C++ member function) a member of `*this`, else a global or static "
          "(`counter`; in C++ also qualified: `geo::made`, `Rect::count` of a static "
          "member; `::counter` is gdb's global scope: the file's static or the program's "
          "global, whatever local, member or namespace variable has the name), "
          "optionally followed by `.member`, "
          "`->member` and `[index]` (a number, or the name of an integer variable: "
          "`arr[i]`) and preceded by `*` (dereference) or `&` (address): "
          "`p->next->value`, `table[2].name`, `*argv`, `&counter`. Or an expression of "
          "C's operators on such values and on literals, evaluated as gdb does (see "
          "`print`): `counter * 2 + 1`, `x > 3 && flag`, `ratio / 3.0`, `pp + 1`, "
          "`*(arr + 2)`, `(char *)buf`, `sizeof(struct pt)`, `*arr@3`.",
          NULL, NULL },
        { "frame", JT_UINT, 0, "The frame whose variables are looked at first, as in "
          "`locals`.", NULL, "0" },
        { "format", JT_STRING, 0, "gdb's print/FMT for every number in the values: "
          "\"x\" hex, \"d\" signed, \"u\" unsigned, \"o\" octal, \"t\" binary, \"c\" "
          "a character (`65 'A'`). Pointers then show their address alone, char arrays "
          "each element, floats their bits (as gdb 13's /x); structs and "
          "arrays apply it to each member.", format_choices, NULL },
        { "timeout", JT_NUMBER, 0, "Seconds a function the expression calls (`f(3)`) may "
          "run before it is interrupted and the call abandoned, at most 60: the daemon "
          "waits for it.", NULL, "5" },
};

static const struct jrpc_param ptype_params[] = {
        P_SESSION,
        { "type", JT_STRING, 1, "A type as C spells it, as `print`'s `type` says one: "
          "`struct node`, `struct node *`, `vec` (a typedef), `union word`, `enum color`, "
          "`int [3]`, `int (*)(int, int)`.", NULL, NULL },
        { "whatis", JT_BOOL, 0, "gdb's whatis instead of ptype: one typedef unrolled, "
          "nothing shown whole.", NULL, "false" },
        { "frame", JT_UINT, 0, "The frame whose unit's types are looked at first, as in "
          "`locals`.", NULL, "0" },
};

#define VAR_SCHEMA                                                                     \
        "{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {"           \
        "\"name\": {\"type\": \"string\"}, \"type\": {\"type\": \"string\"}, "           \
        "\"value\": {\"type\": \"string\"}, \"address\": {\"type\": \"string\"}, "       \
        "\"error\": {\"type\": \"string\"}, "                                          \
        "\"scope\": {\"enum\": [\"local\", \"argument\", \"member\", \"global\", "     \
        "\"function\", \"enumerator\", \"expression\", \"register\"]}}}"

/* The table ------------------------------------------------------------------------- */

#define PARAMS(a) .params = (a), .n_params = ELEMENTSOF(a)

const struct jrpc_method jrpc_methods[JRPC_M__COUNT] = {
        [JRPC_M_spawn] = {
                .id = JRPC_M_spawn,
                .name = "spawn",
                .summary = "Start a program under the debugger in a new session.",
                .doc = "Forks and executes `path` under ptrace in a new session and "
                       "answers at its first stop. By default (`stop: \"exec\"`) the "
                       "process stops right after execve(2), at the first instruction "
                       "of the dynamic loader, before any of the program's code runs. "
                       "Address space randomization is off unless `aslr` is true, so "
                       "addresses repeat from run to run. The program's stdout and "
                       "stderr are captured (read them with `output`); its stdin is "
                       "`stdin` then end-of-file, or a pipe fed by `input` with "
                       "`stdin_open`. A program that cannot be executed "
                       "fails with SPAWN (-32005) and `data.errno` (\"ENOENT\", "
                       "\"EACCES\", ...); too many sessions fail with LIMIT (-32007).",
                PARAMS(spawn_params),
                .result_doc = "The new session's status, normally state \"stopped\" with "
                              "`stop.reason` \"exec\".",
                .result_schema = REF("Status"),
                .example_params = "{\"path\": \"./hello\", \"args\": [\"world\"], "
                                  "\"env\": {\"LANG\": \"C\"}}",
                .example_result = "{\"session\": 1, \"pid\": 4242, \"path\": "
                                  "\"./hello\", \"state\": \"stopped\", \"seq\": 1, "
                                  "\"stop\": {\"reason\": \"exec\", \"pc\": "
                                  "\"0x7ffff7fe3290\"}}",
        },
        [JRPC_M_attach] = {
                .id = JRPC_M_attach,
                .name = "attach",
                .summary = "Debug a process that is already running (gdb -p PID).",
                .doc = "Only when dbgd was started with `--allow-attach` (else ATTACH, "
                       "-32013, saying so). Seizes every thread of process `pid` "
                       "(PTRACE_SEIZE, without PTRACE_O_EXITKILL: the process outlives "
                       "dbgd) and stops them all, as gdb's `attach`; a thread blocked in "
                       "a system call is interrupted, and the call is restarted when the "
                       "process resumes (a `read` does not fail with EINTR). The answer "
                       "is the new session's status at that stop, `stop.reason` "
                       "\"attach\", with `attached: true`; `path` and `args` come from "
                       "/proc/PID/exe and /proc/PID/cmdline. Everything else works as for "
                       "a spawned process, but `output` and `input` (the process's stdin "
                       "and stdout are its own: STATE, -32009). `close` and `detach` let "
                       "the process go (breakpoints and watchpoints taken out, each "
                       "thread detached with its pending signal), running, or stopped "
                       "if it was stopped (SIGSTOP) before the attach; `kill` kills it "
                       "(only it, not its process group); so does nothing else: when dbgd "
                       "stops, attached processes are detached. Refused with ATTACH "
                       "(-32013) and `data.reason`: dbgd itself or one of its threads "
                       "(\"self\"), one of its ancestors (\"ancestor\"), pid 1 "
                       "(\"init\"), a process already traced (\"traced\", with "
                       "`data.tracer`), a zombie (\"zombie\"; not a process whose main "
                       "thread has left with pthread_exit while others run: it is "
                       "attached through those, the first of them its current thread), "
                       "a kernel thread "
                       "(\"kernel-thread\"), a thread that is not its process's main one "
                       "(\"thread\", with `data.process`), or the kernel's refusal "
                       "(\"ptrace\", with `data.errno`: EPERM when another user's, "
                       "without CAP_SYS_PTRACE, or under "
                       "/proc/sys/kernel/yama/ptrace_scope 1 and above). No such process: "
                       "INVALID_PARAMS (-32602) with `data.errno` \"ESRCH\". Attached "
                       "sessions count against `--max-sessions` (LIMIT, -32007).",
                PARAMS(attach_params),
                .result_doc = "The new session's status, normally state \"stopped\" "
                              "with `stop.reason` \"attach\".",
                .result_schema = REF("Status"),
                .example_params = "{\"pid\": 4242}",
                .example_result = "{\"session\": 1, \"pid\": 4242, \"path\": "
                                  "\"/usr/bin/sleep\", \"args\": [\"60\"], "
                                  "\"attached\": true, \"state\": \"stopped\", "
                                  "\"seq\": 1, \"stop\": {\"reason\": \"attach\", "
                                  "\"pc\": \"0x7ffff7e9a1b4\"}}",
        },
        [JRPC_M_sessions] = {
                .id = JRPC_M_sessions,
                .name = "sessions",
                .summary = "List the sessions.",
                .doc = "Returns the status of every session that has not been closed, "
                       "in order of creation, each with the program's `path` and "
                       "`args`. Sessions whose process has ended stay listed, with "
                       "their exit status, until `close`.",
                .result_doc = "`sessions`: an array of status objects with `path` and "
                              "`args`.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"sessions\"], "
                                 "\"properties\": {\"sessions\": {\"type\": \"array\", "
                                 "\"items\": " REF("Status") "}}}",
                .example_result = "{\"sessions\": [{\"session\": 1, \"pid\": 4242, "
                                  "\"path\": \"./hello\", \"args\": [\"world\"], "
                                  "\"state\": \"stopped\", \"seq\": 1, \"stop\": "
                                  "{\"reason\": \"exec\", \"pc\": \"0x7ffff7fe3290\"}}]}",
        },
        [JRPC_M_status] = {
                .id = JRPC_M_status,
                .name = "status",
                .summary = "Get a session's state.",
                .doc = "Returns the session's status without touching the process and "
                       "without waiting: stopped (and why), running, exited (with the "
                       "exit code) or killed (with the signal). NO_SESSION (-32001) "
                       "when the id is unknown or was closed.",
                PARAMS(session_params),
                .result_doc = "The session's status.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1}",
                .example_result = "{\"session\": 1, \"pid\": 4242, \"path\": "
                                  "\"./hello\", \"state\": \"exited\", \"seq\": 3, "
                                  "\"exit_code\": 0}",
        },
        [JRPC_M_step] = {
                .id = JRPC_M_step,
                .name = "step",
                .summary = "Execute single instructions, or source lines.",
                .doc = "Single-steps the current thread of the stopped process (the one "
                       "in `stop.thread`; the other threads stay stopped, except while "
                       "it executes a system call, which may wait for them) `count` "
                       "instructions and "
                       "answers with its status after the last one, `stop.reason` "
                       "\"step\". The steps end early when one lands on a breakpoint "
                       "address (reason \"breakpoint\", as in gdb), when a signal "
                       "arrives (reason \"signal\") or when the process ends. Stepping "
                       "from a breakpoint address executes the original instruction. A "
                       "signal sent to the stopped process is reported by the next step "
                       "before its instruction runs, as gdb's stepi does; a signal dbgd "
                       "passes without a report (SIGALRM, SIGCHLD) runs its handler to "
                       "the end, uncounted, and the steps go on. Common "
                       "instructions (moves, arithmetic, calls, jumps, returns) are "
                       "stepped by dbgd itself when the result is provably the CPU's "
                       "(docs/architecture.md); nothing differs but the speed. "
                       "Other requests and sessions are served while a long step runs; "
                       "if it has not finished after `timeout` seconds the answer is "
                       "the status with state \"running\" and `wait` gives the end. "
                       "With `over`, a call counts as one instruction: it runs, every "
                       "thread with it, to its return (gdb's nexti). With `line`, `count` "
                       "source lines are stepped (gdb's step; with `over`, next): the "
                       "steps go on until the pc reaches the start of another line "
                       "(docs/architecture.md, \"Steps by line\"); a call is stepped "
                       "into when the function has a line table (the stop is at the "
                       "end of its prologue, as gdb's) and run to its return otherwise; "
                       "a return into code without lines stops there. The reason is "
                       "still \"step\". A line step where the pc has no line table "
                       "runs to the end of its function (stepping into a callee that "
                       "has lines, without `over`), or, where not even the function is "
                       "known (a PLT stub, a signal trampoline), on to code with lines. "
                       "RUNNING (-32002) while the process runs, GONE (-32003) once it "
                       "has ended.",
                PARAMS(step_params),
                .result_doc = "The status after the last step.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1, \"count\": 1}",
                .example_result = STATUS_EXAMPLE("{\"reason\": \"step\", \"pc\": "
                                                 "\"0x7ffff7fe3293\"}"),
        },
        [JRPC_M_finish] = {
                .id = JRPC_M_finish,
                .name = "finish",
                .summary = "Run until the current function returns.",
                .doc = "Resumes the stopped process until the current thread's innermost "
                       "function returns to its caller, as gdb's finish: the answer is "
                       "its status there, `stop.reason` \"finish\", the pc at the return "
                       "address, and `stop.returned`: what the function returned, "
                       "{type, value}, the value printed as gdb's \"Value returned\" "
                       "prints it (integers, characters, enums, floats, pointers with "
                       "the symbol they point into and the string at a char pointer, "
                       "structs and arrays in them, C++ classes with their bases, C++ "
                       "references), read where the SysV ABI returns it (rax, rdx, xmm0, "
                       "xmm1, st(0), or memory at rax: a C++ class that the Itanium C++ "
                       "ABI does not pass in registers, as gdb decides, is read there "
                       "however small: one with a vtable, or a user-written copy or move "
                       "constructor or destructor in it, a base or a member); the type "
                       "alone for what is not printed; no "
                       "`returned` for a void function or one without DWARF. In a "
                       "function inlined at the pc (frame 0 of `backtrace` is "
                       "`inlined`), the finish steps, calls as one, until the pc leaves "
                       "the inlined code, as gdb's (nothing is returned then). Every "
                       "thread runs meanwhile. The return is recognised "
                       "by the caller's stack pointer (its frame's `sp`, as gdb's frame "
                       "id), so a deeper recursive call of the same function returning "
                       "to the same place does not end it. "
                       "A breakpoint, a signal or the process's end on the way is "
                       "reported instead, and ends the finish. The caller is found by "
                       "unwinding (see `backtrace`); NO_SYMBOL (-32011) when there is "
                       "none. RUNNING (-32002) while the process runs. From `main`, "
                       "the finish runs main to its return into the C library, whose "
                       "frames `backtrace` shows past main (gdb, which stops its "
                       "backtraces at main, refuses).",
                PARAMS(finish_params),
                .result_doc = "The status at the return.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1}",
                .example_result = STATUS_EXAMPLE("{\"reason\": \"finish\", \"pc\": "
                                                 "\"0x401184\", \"symbol\": \"main+0x22\", "
                                                 "\"returned\": {\"type\": \"int\", "
                                                 "\"value\": \"-42\"}}"),
        },
        [JRPC_M_cont] = {
                .id = JRPC_M_cont,
                .name = "cont",
                .summary = "Resume the process until its next stop or end.",
                .doc = "Resumes the stopped process. With `wait` (the default) the "
                       "answer comes at the next stop (a breakpoint, a signal) or when "
                       "the process exits or is killed; other requests and sessions "
                       "are served meanwhile, but a later call in the same batch waits "
                       "for this one. With `wait: false`, or when nothing happens "
                       "within `timeout` seconds, the answer is the status with state "
                       "\"running\"; `wait`, `pause` and `status` follow up. A signal "
                       "that stopped the process (reason \"signal\") is delivered on "
                       "resume unless `signal` says otherwise: 0 suppresses it, another "
                       "signal replaces it; a fatal one such as SIGSEGV then ends the "
                       "process, state \"killed\". Resuming from a breakpoint address "
                       "executes the original instruction once and re-arms the "
                       "breakpoint, so a breakpoint in a loop hits every iteration. "
                       "RUNNING (-32002) when already running, GONE (-32003) once "
                       "ended. With `trace_syscalls`, every syscall becomes an event "
                       "instead of a stop. A SIGSTOP (or SIGTSTP...) sent from outside "
                       "is a stop, then its group-stop another, as in gdb; the next "
                       "resume restarts the process, where strace leaves it stopped "
                       "until a SIGCONT.",
                PARAMS(cont_params),
                .result_doc = "The status at the next stop or end, or with state "
                              "\"running\".",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1}",
                .example_result = STATUS_EXAMPLE("{\"reason\": \"breakpoint\", \"pc\": "
                                                 "\"0x401126\", \"breakpoint\": 1}"),
        },
        [JRPC_M_syscall] = {
                .id = JRPC_M_syscall,
                .name = "syscall",
                .summary = "Resume the process until its next system call entry or "
                           "exit.",
                .doc = "Like `cont`, but the process also stops at the next system "
                       "call entry (`stop.reason` \"syscall-entry\", with the call's "
                       "number, name and six arguments) or exit (\"syscall-exit\", with "
                       "the return value, and `error` naming the errno when it failed). "
                       "Any thread's syscall stops the process, as gdb's catch syscall "
                       "does; that thread becomes the current one (`stop.thread`). "
                       "Calling `syscall` again and again traces a program call by "
                       "call, as strace does. Breakpoints, signals and the end of the "
                       "process stop it as with `cont`. With `names`, only those "
                       "syscalls stop it; with a spawn-time `syscall_filter` that covers "
                       "them, the kernel skips all others (seccomp-bpf).",
                PARAMS(syscall_params),
                .result_doc = "The status at the next syscall stop, other stop or end, or "
                              "with state \"running\".",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1}",
                .example_result = STATUS_EXAMPLE(
                        "{\"reason\": \"syscall-entry\", \"pc\": \"0x7ffff7e9a887\", "
                        "\"syscall\": {\"nr\": 1, \"name\": \"write\", \"args\": "
                        "[\"0x1\", \"0x4052a0\", \"0xc\", \"0x0\", \"0x0\", \"0x0\"]}}"),
        },
        [JRPC_M_pause] = {
                .id = JRPC_M_pause,
                .name = "pause",
                .summary = "Interrupt a running process.",
                .doc = "Stops the running process (all its threads), like Ctrl-C in a "
                       "debugger, and answers once it has stopped, with `stop.reason` "
                       "\"interrupted\"; the process gets no signal. A signal passed "
                       "without a report (SIGALRM, SIGCHLD...) that arrives meanwhile "
                       "does not change that: it stays pending, delivered on the next "
                       "resume. A process that is "
                       "already stopped is left as it is and its current status is "
                       "returned, and so is an ended one's (state \"exited\" or "
                       "\"killed\"). The wait is bounded by `timeout` (10 seconds by "
                       "default here).",
                PARAMS(pause_params),
                .result_doc = "The status at the interruption.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1}",
                .example_result = STATUS_EXAMPLE("{\"reason\": \"interrupted\", \"pc\": "
                                                 "\"0x401130\"}"),
        },
        [JRPC_M_threads] = {
                .id = JRPC_M_threads,
                .name = "threads",
                .summary = "List the process's threads.",
                .doc = "Every thread of the process, the current one first (the one "
                       "that stopped last, or that `thread` selected: `regs`, `step`, "
                       "`backtrace` and `disasm` act on it). dbgd stops all threads "
                       "together, as gdb's all-stop: when one stops (a breakpoint, a "
                       "signal, a step, `pause`) the others are interrupted, and the "
                       "stop is told (the answer to `cont` or `pause`, the stop event) "
                       "once they have all stopped; `cont` and `syscall` resume them "
                       "all, `step` only the current one. `state` is \"stopped\", "
                       "\"running\", or \"stopping\" for a thread interrupted whose "
                       "stop has not arrived yet: one that did not stop within 200 ms "
                       "of the stop (in uninterruptible sleep), or any while a vfork "
                       "child has not exec'd yet (its parent thread cannot stop before "
                       "that); until then that thread may still write memory a `peek` "
                       "reads. `pc` comes with stopped ones, with `symbol` and `source` where it "
                       "is, as gdb's `info threads` shows. `name` is the thread's name "
                       "(/proc/TID/comm). An ended process has no threads.",
                PARAMS(session_params),
                .result_doc = "`threads`: [{tid, current, state, pc, symbol, source, "
                              "name}].",
                .result_schema = "{\"type\": \"object\", \"required\": [\"threads\"], "
                                 "\"properties\": {\"threads\": {\"type\": \"array\", "
                                 "\"items\": {\"type\": \"object\", \"required\": "
                                 "[\"tid\", \"current\", \"state\"], \"properties\": {"
                                 "\"tid\": {\"type\": \"integer\"}, "
                                 "\"current\": {\"type\": \"boolean\"}, "
                                 "\"state\": {\"enum\": [\"stopped\", \"running\", "
                                 "\"stopping\"]}, "
                                 "\"pc\": " REF("Address") ", "
                                 "\"symbol\": {\"type\": \"string\"}, "
                                 "\"source\": " REF("Source") ", "
                                 "\"name\": {\"type\": \"string\"}}}}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"threads\": [{\"tid\": 4243, \"current\": true, "
                                  "\"state\": \"stopped\", \"pc\": \"0x401136\", "
                                  "\"name\": \"worker\"}, {\"tid\": 4242, "
                                  "\"current\": false, \"state\": \"stopped\", "
                                  "\"pc\": \"0x7ffff7e8e117\", \"name\": "
                                  "\"threads\"}]}",
        },
        [JRPC_M_thread] = {
                .id = JRPC_M_thread,
                .name = "thread",
                .summary = "Select the current thread of a stopped process.",
                .doc = "Makes thread `tid` the current one, as gdb's `thread N`: "
                       "`regs`, `step`, `backtrace` and `disasm` then act on it. The "
                       "stop keeps its reason; its `pc` and `thread` become the "
                       "selected thread's, with `selected`: true. A signal the thread "
                       "stopped with is delivered when it resumes. INVALID_PARAMS "
                       "(-32602) for a tid that is not a thread of the process, RUNNING "
                       "(-32002) while the process runs or the thread is still "
                       "stopping.",
                PARAMS(thread_params),
                .result_doc = "The status, with the selected thread's stop.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1, \"tid\": 4242}",
                .example_result = STATUS_EXAMPLE("{\"reason\": \"breakpoint\", \"pc\": "
                                                 "\"0x7ffff7e8e117\", \"breakpoint\": 1, "
                                                 "\"thread\": 4242, \"selected\": "
                                                 "true}"),
        },
        [JRPC_M_events] = {
                .id = JRPC_M_events,
                .name = "events",
                .summary = "Read a session's events: stops, resumes, its end, traced "
                           "syscalls, threads.",
                .doc = "Every stop, resume and end of a session, every syscall traced "
                       "by `cont` with `trace_syscalls`, and every thread that starts "
                       "or ends (\"thread-start\", \"thread-exit\" with `thread`, the "
                       "main thread excepted; when the process exits, its threads' "
                       "exits come before its \"end\"), and, while `cont` traces "
                       "syscalls, every signal delivered without a stop (\"signal\", "
                       "with `signal` as a stop's and `pc`: SIGALRM, SIGCHLD..., where "
                       "strace prints \"--- SIGALRM {...} ---\"; so is one `handle` says "
                       "to print, traced or not; its `signal` has `passed` false when "
                       "`handle` dropped it) is an event with a "
                       "per-session sequence number `seq`. With the spawn's "
                       "`follow_forks`, child processes start and end as events "
                       "(\"process-start\" with `pid` and `parent`, \"process-exit\" "
                       "with `pid` and `exit_code` or `signal` and `core_dumped`), "
                       "their threads' as \"thread-start\" and \"thread-exit\" with "
                       "`pid`, and their syscalls and signals carry `pid`; dbgd keeps the last 4096. Any "
                       "number of clients (a web page, an editor, a script) can follow "
                       "a session by passing the `next` of each answer as `after`, with "
                       "a `timeout` to long-poll. `dropped` counts events that were "
                       "evicted before this client read them.",
                PARAMS(events_params),
                .result_doc = "`events`: [{seq, type: \"stop\"|\"resume\"|\"end\"|"
                              "\"syscall-entry\"|\"syscall-exit\"|\"thread-start\"|"
                              "\"thread-exit\"|\"signal\"|\"process-start\"|"
                              "\"process-exit\", status (stop, end), "
                              "syscall, signal, pc and, for another thread than the main "
                              "one, thread (syscalls, signals); with `follow_forks`, pid "
                              "for a child process (parent at its start; exit_code, or "
                              "signal and core_dumped, at its exit)}], `next`, `dropped`.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"events\", "
                                 "\"next\", \"dropped\"], \"properties\": {\"events\": "
                                 "{\"type\": \"array\", \"items\": {\"type\": "
                                 "\"object\", \"required\": [\"seq\", \"type\"], "
                                 "\"properties\": {\"seq\": {\"type\": \"integer\"}, "
                                 "\"type\": {\"enum\": [\"stop\", \"resume\", \"end\", "
                                 "\"syscall-entry\", \"syscall-exit\", \"thread-start\", "
                                 "\"thread-exit\", \"signal\", \"process-start\", "
                                 "\"process-exit\"]}, \"status\": "
                                 REF("Status") ", \"syscall\": " REF("Syscall") ", "
                                 "\"signal\": " REF("Signal") ", "
                                 "\"pc\": " REF("Address") ", \"thread\": {\"type\": "
                                 "\"integer\"}, \"pid\": {\"type\": \"integer\"}, "
                                 "\"parent\": {\"type\": \"integer\"}, "
                                 "\"exit_code\": {\"type\": \"integer\"}, "
                                 "\"core_dumped\": {\"type\": \"boolean\"}}}}, \"next\": {\"type\": "
                                 "\"integer\"}, \"dropped\": {\"type\": \"integer\"}}}",
                .example_params = "{\"session\": 1, \"after\": 2, \"timeout\": 30}",
                .example_result = "{\"events\": [{\"seq\": 3, \"type\": "
                                  "\"syscall-entry\", \"syscall\": {\"nr\": 1, "
                                  "\"name\": \"write\", \"args\": [\"0x1\", "
                                  "\"0x4052a0\", \"0xe\", \"0x0\", \"0x0\", \"0x0\"]}, "
                                  "\"pc\": \"0x7ffff7ecb350\"}], \"next\": 3, "
                                  "\"dropped\": 0}",
        },
        [JRPC_M_handle] = {
                .id = JRPC_M_handle,
                .name = "handle",
                .summary = "How a signal is handled: stop or not, pass or not (gdb's "
                           "handle).",
                .doc = "gdb's `handle SIG [no]stop [no]pass [no]print` for this session, "
                       "and with "
                       "no `signal` its `info signals`. The defaults are gdb's: SIGALRM, "
                       "SIGURG, SIGCHLD, SIGWINCH, SIGIO, SIGVTALRM and SIGPROF pass without "
                       "a stop; every other signal stops the process and is delivered "
                       "when it resumes (gdb holds SIGINT and SIGTRAP, its own Ctrl-C and "
                       "traps; dbgd's interrupt is `pause`, and its traps never reach the "
                       "program, so the program's own SIGINT and SIGTRAP pass); the seven "
                       "that pass without a stop are not printed either. A signal "
                       "that does not stop is not a stop: with `print` (gdb's `handle SIG "
                       "nostop`, which keeps print) it is a \"signal\" event, `passed` "
                       "false when it was dropped, as gdb prints \"Program received signal "
                       "...\" and goes on; without, it is said nowhere (while `cont` traces "
                       "syscalls it is an event all the same, as strace shows it; a "
                       "fatal one still leaves a crash report). SIGKILL, SIGSTOP and SIGTRAP "
                       "keep theirs (INVALID_PARAMS): the first two cannot be caught, "
                       "SIGTRAP is how breakpoints and steps stop. Changes apply to the "
                       "signals that come after; the process may run.",
                PARAMS(handle_params),
                .result_doc = "The signal's handling, {signal, number, stop, print, pass}; "
                              "without "
                              "`signal`, `signals`: a list of them, by number.",
                .result_schema = "{\"type\": \"object\"}",
                .example_params = "{\"session\": 1, \"signal\": \"SIGUSR1\", "
                                  "\"stop\": false}",
                .example_result = "{\"signal\": \"SIGUSR1\", \"number\": 10, "
                                  "\"stop\": false, \"print\": true, \"pass\": true}",
        },
        [JRPC_M_wait] = {
                .id = JRPC_M_wait,
                .name = "wait",
                .summary = "Wait until the process stops or ends.",
                .doc = "Answers as soon as the process is not running: at once when it "
                       "is already stopped, exited or killed, otherwise at its next "
                       "stop or end, or with state \"running\" after `timeout` seconds. "
                       "It never resumes the process: use it after `cont` with `wait: "
                       "false` or after a timeout.",
                PARAMS(wait_params),
                .result_doc = "The session's status.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1, \"timeout\": 5}",
                .example_result = "{\"session\": 1, \"pid\": 4242, \"path\": "
                                  "\"./hello\", \"state\": \"exited\", \"seq\": 2, "
                                  "\"exit_code\": 0}",
        },
        [JRPC_M_regs] = {
                .id = JRPC_M_regs,
                .name = "regs",
                .summary = "Read, and optionally write, the general-purpose registers.",
                .doc = "Returns the registers of the stopped process's current thread "
                       "(`stop.thread`, see `threads`) as hex strings: all of "
                       "them, or those in `names` in that order. With `set` the given "
                       "registers are written first and then read back, so the answer "
                       "shows what the process will see. An unknown register name is "
                       "invalid params (-32602); RUNNING (-32002) while the process "
                       "runs.",
                PARAMS(regs_params),
                .result_doc = "An object mapping each register name to its value, a hex "
                              "string.",
                .result_schema = "{\"type\": \"object\", \"additionalProperties\": "
                                 REF("Address") "}",
                .example_params = "{\"session\": 1, \"names\": [\"rip\", \"rsp\", "
                                  "\"rax\"]}",
                .example_result = "{\"rip\": \"0x401126\", \"rsp\": "
                                  "\"0x7fffffffe3c0\", \"rax\": \"0x1c\"}",
        },
        [JRPC_M_peek] = {
                .id = JRPC_M_peek,
                .name = "peek",
                .summary = "Read memory.",
                .doc = "Reads `length` bytes of the stopped process's memory from "
                       "`address`. Breakpoints are invisible: the bytes are the "
                       "program's own, never dbgd's int3. When part of the range is not "
                       "mapped the call fails with MEMORY (-32004) and `data.readable` "
                       "tells how many bytes from `address` could be read; a `length` "
                       "above dbgd's limit fails with LIMIT (-32007).",
                PARAMS(peek_params),
                .result_doc = "`address` (hex), `length` and `bytes`, hex or base64 as "
                              "asked.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"address\", "
                                 "\"length\", \"bytes\"], \"properties\": {"
                                 "\"address\": " REF("Address") ", "
                                 "\"length\": {\"type\": \"integer\", \"minimum\": 0}, "
                                 "\"bytes\": {\"type\": \"string\"}}}",
                .example_params = "{\"session\": 1, \"address\": \"0x401126\", "
                                  "\"length\": 4}",
                .example_result = "{\"address\": \"0x401126\", \"length\": 4, "
                                  "\"bytes\": \"554889e5\"}",
        },
        [JRPC_M_poke] = {
                .id = JRPC_M_poke,
                .name = "poke",
                .summary = "Write memory.",
                .doc = "Writes `bytes` into the stopped process's memory at `address`, "
                       "read-only code pages included, as a debugger does. Writing over "
                       "a breakpoint updates the byte kept for it and leaves the trap "
                       "in place. MEMORY (-32004) when the range is not mapped.",
                PARAMS(poke_params),
                .result_doc = "`written`: the number of bytes written.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"written\"], "
                                 "\"properties\": {\"written\": {\"type\": \"integer\", "
                                 "\"minimum\": 0}}}",
                .example_params = "{\"session\": 1, \"address\": \"0x401126\", "
                                  "\"bytes\": \"9090\"}",
                .example_result = "{\"written\": 2}",
        },
        [JRPC_M_break] = {
                .id = JRPC_M_break,
                .name = "break",
                .summary = "Set a breakpoint.",
                .doc = "Sets a software breakpoint (int3) at `address`, or at the "
                       "address of `symbol`. When the process reaches it, it stops with "
                       "`stop.reason` \"breakpoint\", `stop.breakpoint` the id, and its "
                       "pc reads as the breakpoint's address. A breakpoint at an "
                       "address that already has one is that same breakpoint. A "
                       "breakpoint set at the current pc does not fire before the "
                       "instruction runs. NO_SYMBOL (-32011) for an unknown symbol, "
                       "BAD_ADDRESS (-32006) or MEMORY (-32004) for an address that "
                       "cannot hold one, LIMIT (-32007) when the session has too many. "
                       "A breakpoint set on a symbol outlives an exec: it is placed "
                       "again in the new image, as gdb re-sets its breakpoints; one set "
                       "by address goes with the old image. A breakpoint on an int3 of "
                       "the program's own is hit, and resuming from the hit runs that "
                       "int3: a \"signal\" stop, SIGTRAP with code SI_KERNEL (128) at "
                       "the pc after it, which the next `cont` delivers (gdb would "
                       "swallow it). Threads racing on such an int3 each have every hit "
                       "and every trap told once (a thread stopped by dbgd with its pc "
                       "on a breakpoint, before the int3 ran, runs into it when it "
                       "resumes).",
                PARAMS(break_params),
                .result_doc = "The breakpoint. A spec that stands for several places gets "
                              "a breakpoint on each, as gdb's locations: the one at the "
                              "lowest address answers, and the others are in `more` (by "
                              "address, at most 64): a FILE:LINE whose code is in several "
                              "functions, template instances or inlined calls, a function "
                              "also inlined elsewhere (each inlined copy), a name that "
                              "several functions have (static functions of several files, "
                              "C++ overloads, template instances, constructor copies, "
                              "methods of several classes). Places that already have a breakpoint answer "
                              "with it. After an exec only the first place is set again.",
                .result_schema = REF("Breakpoint"),
                .example_params = "{\"session\": 1, \"symbol\": \"main\"}",
                .example_result = "{\"breakpoint\": 1, \"address\": \"0x401126\", "
                                  "\"hits\": 0, \"temporary\": false}",
                .one_of = break_one_of,
        },
        [JRPC_M_breakpoints] = {
                .id = JRPC_M_breakpoints,
                .name = "breakpoints",
                .summary = "List a session's breakpoints.",
                .doc = "Returns the session's breakpoints in order of creation, with "
                       "how many times each was hit, and for logging breakpoints the "
                       "records of their last hits.",
                PARAMS(breakpoints_params),
                .result_doc = "`breakpoints`: an array of breakpoints.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"breakpoints\"], "
                                 "\"properties\": {\"breakpoints\": {\"type\": \"array\", "
                                 "\"items\": " REF("Breakpoint") "}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"breakpoints\": [{\"breakpoint\": 1, \"address\": "
                                  "\"0x401126\", \"hits\": 3, \"temporary\": false}]}",
        },
        [JRPC_M_delete] = {
                .id = JRPC_M_delete,
                .name = "delete",
                .summary = "Delete a breakpoint.",
                .doc = "Removes the breakpoint and restores the program's byte. "
                       "Deleting the breakpoint the process is stopped on is fine: the "
                       "code is restored and the next resume runs it. NO_BREAKPOINT "
                       "(-32008) when the id is unknown in this session.",
                PARAMS(delete_params),
                .result_doc = "An empty object.",
                .result_schema = "{\"type\": \"object\"}",
                .example_params = "{\"session\": 1, \"breakpoint\": 1}",
                .example_result = "{}",
        },
        [JRPC_M_watch] = {
                .id = JRPC_M_watch,
                .name = "watch",
                .summary = "Stop when memory is written (or read): a hardware watchpoint.",
                .doc = "Watches 1, 2, 4 or 8 bytes with one of the CPU's four debug "
                       "registers, in every thread of the process, as gdb's `watch -l` "
                       "(`rwatch`/`awatch` with access \"rw\"). The process runs at full "
                       "speed; after an instruction accesses the memory it stops with "
                       "`stop.reason` \"watchpoint\", `watchpoint` (the id), `address`, "
                       "`old` and `value` (the memory before and after, as integers), "
                       "the pc on the next instruction, in the thread that made the "
                       "access. A write watchpoint stops where the value changes, as "
                       "gdb's: a write of the value that was there goes on silently, "
                       "not counted in `hits` (an \"rw\" one stops at every access). "
                       "While a watchpoint "
                       "is enabled, every instruction runs on the CPU (dbgd's emulated "
                       "steps are off). LIMIT (-32007) when the four are held by "
                       "enabled watchpoints, or a session keeps 32 already; "
                       "INVALID_PARAMS for a length or alignment the CPU cannot watch; "
                       "BAD_ADDRESS when the memory cannot be read; RUNNING while the "
                       "process runs. An exec clears them. Watchpoints and breakpoints "
                       "share one count of ids, as gdb's numbers (breakpoint 1, "
                       "watchpoint 2, breakpoint 3). `watch` with `watchpoint` and "
                       "`enabled` disables or enables one (gdb's `disable`/`enable`): a "
                       "disabled watchpoint gives its debug register back, as gdb's "
                       "takes no hardware (so four enabled, up to 32 kept; enabling a "
                       "fifth is LIMIT); `enabled` false with a new one sets it "
                       "disabled, which needs no free register.",
                PARAMS(watch_params),
                .one_of = watch_one_of,
                .result_doc = "The watchpoint: {watchpoint, address, length, access, "
                              "enabled, hits, value}.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"watchpoint\", "
                                 "\"address\", \"length\", \"access\", \"enabled\", "
                                 "\"hits\", \"value\"], \"properties\": {\"watchpoint\": "
                                 "{\"type\": \"integer\", \"minimum\": 1}, "
                                 "\"address\": " REF("Address") ", \"length\": {\"enum\": "
                                 "[1, 2, 4, 8]}, \"access\": {\"enum\": [\"write\", "
                                 "\"rw\"]}, \"enabled\": {\"type\": \"boolean\"}, "
                                 "\"hits\": {\"type\": \"integer\"}, "
                                 "\"value\": " REF("Address") "}}",
                .example_params = "{\"session\": 1, \"symbol\": \"counter\", "
                                  "\"length\": 8}",
                .example_result = "{\"watchpoint\": 1, \"address\": \"0x404030\", "
                                  "\"length\": 8, \"access\": \"write\", "
                                  "\"enabled\": true, \"hits\": 0, "
                                  "\"value\": \"0x0\"}",
        },
        [JRPC_M_unwatch] = {
                .id = JRPC_M_unwatch,
                .name = "unwatch",
                .summary = "Delete a watchpoint.",
                .doc = "Frees its debug register (if it is enabled) in every thread. "
                       "NO_BREAKPOINT "
                       "(-32008) when the id is unknown in this session.",
                PARAMS(unwatch_params),
                .result_doc = "An empty object.",
                .result_schema = "{\"type\": \"object\"}",
                .example_params = "{\"session\": 1, \"watchpoint\": 1}",
                .example_result = "{}",
        },
        [JRPC_M_watchpoints] = {
                .id = JRPC_M_watchpoints,
                .name = "watchpoints",
                .summary = "List the watchpoints.",
                .doc = "The session's watchpoints with their hit counts and the value "
                       "each saw last.",
                PARAMS(session_params),
                .result_doc = "`watchpoints`: [{watchpoint, address, length, access, "
                              "enabled, hits, value}].",
                .result_schema = "{\"type\": \"object\", \"required\": "
                                 "[\"watchpoints\"], \"properties\": {\"watchpoints\": "
                                 "{\"type\": \"array\", \"items\": {\"type\": "
                                 "\"object\"}}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"watchpoints\": [{\"watchpoint\": 1, \"address\": "
                                  "\"0x404030\", \"length\": 8, \"access\": \"write\", "
                                  "\"enabled\": true, \"hits\": 2, \"value\": \"0x6\"}]}",
        },
        [JRPC_M_output] = {
                .id = JRPC_M_output,
                .name = "output",
                .summary = "Read the program's captured stdout or stderr.",
                .doc = "dbgd captures the program's stdout and stderr in bounded "
                       "buffers. `output` returns what was written from byte `offset` "
                       "on, and `next_offset` to ask for next: polling with it reads "
                       "the stream without loss or repetition while the buffer keeps "
                       "up. When it did not, the oldest bytes are gone and `dropped` "
                       "counts those between `offset` and the oldest byte kept (or, "
                       "with spawn's `output_block`, the program waits: bytes an "
                       "`output` call has returned count as read, whoever called it). "
                       "`eof` is true when the program has closed the stream (usually because "
                       "it ended) and nothing after `next_offset` remains. Works in any "
                       "state, also after the process has ended.",
                PARAMS(output_params),
                .result_doc = "`stream`, `offset`, `next_offset`, `dropped`, `eof`, and "
                              "`text` (or `base64` with `format: \"base64\"`).",
                .result_schema = "{\"type\": \"object\", \"required\": [\"stream\", "
                                 "\"offset\", \"next_offset\", \"dropped\", \"eof\"], "
                                 "\"properties\": {"
                                 "\"stream\": {\"enum\": [\"stdout\", \"stderr\"]}, "
                                 "\"offset\": {\"type\": \"integer\", \"minimum\": 0}, "
                                 "\"next_offset\": {\"type\": \"integer\", \"minimum\": 0}, "
                                 "\"dropped\": {\"type\": \"integer\", \"minimum\": 0}, "
                                 "\"eof\": {\"type\": \"boolean\"}, "
                                 "\"text\": {\"type\": \"string\"}, "
                                 "\"base64\": {\"type\": \"string\"}}}",
                .example_params = "{\"session\": 1, \"stream\": \"stdout\", \"offset\": 0}",
                .example_result = "{\"stream\": \"stdout\", \"offset\": 0, "
                                  "\"next_offset\": 12, \"dropped\": 0, \"eof\": true, "
                                  "\"text\": \"Hello world\\n\"}",
        },
        [JRPC_M_input] = {
                .id = JRPC_M_input,
                .name = "input",
                .summary = "Write to the program's stdin.",
                .doc = "For a program spawned with `stdin_open`: queues `data` for its "
                       "standard input, which dbgd writes as the program reads it "
                       "(without blocking anything else), and with `eof` closes the "
                       "pipe once the queue is written. At most dbgd's `--input-bytes` "
                       "(4 MiB) may be queued (a `limit` error beyond, with `pending` "
                       "and `limit`: send the rest once `pending` has dropped). Works in any state of a live process; the answer "
                       "does not wait for the program to read. Fails with a `wrong "
                       "state` error when stdin is not open: spawned without "
                       "`stdin_open`, `eof` already sent, or closed by the program "
                       "itself (what was still queued then is dropped).",
                PARAMS(input_params),
                .result_doc = "`pending`: bytes queued and not yet taken by the "
                              "program; `open`: false once the pipe is closed.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"pending\", "
                                 "\"open\"], \"properties\": {"
                                 "\"pending\": {\"type\": \"integer\", \"minimum\": 0}, "
                                 "\"open\": {\"type\": \"boolean\"}}}",
                .example_params = "{\"session\": 1, \"data\": \"quit\\n\", "
                                  "\"eof\": true}",
                .example_result = "{\"pending\": 0, \"open\": false}",
        },
        [JRPC_M_kill] = {
                .id = JRPC_M_kill,
                .name = "kill",
                .summary = "Kill the process, or send it a signal.",
                .doc = "Kills the process with SIGKILL and answers with its final "
                       "status, state \"killed\" and signal SIGKILL. The session, its "
                       "status and its captured output stay until `close`. With another "
                       "`signal`, sends that signal to the program's process group, as a "
                       "terminal's Ctrl-C does, and answers with the status at once: "
                       "like every signal under the debugger, it first stops the process "
                       "(a `signal` stop), and the next `cont` delivers it (`dbgctl run` "
                       "forwards its own SIGINT, SIGTERM, SIGHUP and SIGQUIT this way).",
                PARAMS(kill_params),
                .result_doc = "The final status.",
                .result_schema = REF("Status"),
                .example_params = "{\"session\": 1}",
                .example_result = "{\"session\": 1, \"pid\": 4242, \"path\": "
                                  "\"./hello\", \"state\": \"killed\", \"seq\": 2, "
                                  "\"signal\": {\"number\": 9, \"name\": \"SIGKILL\"}, "
                                  "\"core_dumped\": false}",
        },
        [JRPC_M_close] = {
                .id = JRPC_M_close,
                .name = "close",
                .summary = "Forget a session.",
                .doc = "Kills the process if it is still alive, then forgets the "
                       "session with its breakpoints and captured output; its id then "
                       "answers NO_SESSION (-32001). A session made by `attach` is "
                       "detached instead, as with `detach`: the process goes on.",
                PARAMS(session_params),
                .result_doc = "An empty object.",
                .result_schema = "{\"type\": \"object\"}",
                .example_params = "{\"session\": 1}",
                .example_result = "{}",
        },
        [JRPC_M_detach] = {
                .id = JRPC_M_detach,
                .name = "detach",
                .summary = "Let an attached process go, and forget its session (gdb's "
                           "detach).",
                .doc = "For a session made by `attach`: stops the process if it runs "
                       "(a second at most), takes every breakpoint out (the program's "
                       "bytes back) and clears the watchpoints' debug registers, puts "
                       "back a thread stopped at a breakpoint on the breakpoint's address, "
                       "and detaches every thread with the signal that stopped it and "
                       "was not delivered yet (PTRACE_DETACH with it, as gdb); a "
                       "SIGTRAP of a step of dbgd's broken off by `pause`, still queued, "
                       "is discarded first. The "
                       "process runs on, or stays stopped if it was in a group-stop "
                       "(SIGSTOP) when attached; a thread that could not stop in time "
                       "(uninterruptible sleep) is let go at its stop. Then the session "
                       "is forgotten, as by `close` (which does the same for an attached "
                       "session). A spawned session is refused with STATE (-32009): `kill` "
                       "or `close` it. A session whose process has ended is just "
                       "forgotten.",
                PARAMS(session_params),
                .result_doc = "`pid`: the process let go; `detached`: false when it had "
                              "ended already.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"pid\", "
                                 "\"detached\"], \"properties\": {"
                                 "\"pid\": {\"type\": \"integer\"}, "
                                 "\"detached\": {\"type\": \"boolean\"}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"pid\": 4242, \"detached\": true}",
        },
        [JRPC_M_symbols] = {
                .id = JRPC_M_symbols,
                .name = "symbols",
                .summary = "Look up symbols by name or by address.",
                .doc = "Searches the ELF symbol tables of the modules loaded in the "
                       "stopped process (the executable, the dynamic loader, the shared "
                       "libraries, the vDSO; .symtab, or .dynsym when stripped), load "
                       "bases applied (PIE and ASLR included). With `name`: every "
                       "defined symbol of that name (or matching the glob), the "
                       "executable's first, then by load address; when no ELF name "
                       "matches, C++ names are tried demangled (\"ns::Klass::method\", "
                       "\"*ns::*\"). With `address`: the "
                       "symbol that contains it, with the offset, and its source line "
                       "when DWARF line info exists; an address in a module but in no "
                       "symbol gives just `module` and `offset`. NO_SYMBOL (-32011) for "
                       "an address outside every module; RUNNING (-32002) while the "
                       "process runs, GONE (-32003) once it has ended.",
                PARAMS(symbols_params),
                .result_doc = "`symbols`: an array of symbols (one for an address).",
                .result_schema = "{\"type\": \"object\", \"required\": [\"symbols\"], "
                                 "\"properties\": {\"symbols\": {\"type\": \"array\", "
                                 "\"items\": " REF("Symbol") "}}}",
                .example_params = "{\"session\": 1, \"address\": \"0x40113a\"}",
                .example_result = "{\"symbols\": [{\"name\": \"tick\", \"address\": "
                                  "\"0x401126\", \"size\": 34, \"type\": \"func\", "
                                  "\"binding\": \"global\", \"module\": "
                                  "\"/home/me/loop\", \"offset\": 20, \"symbol\": "
                                  "\"tick+0x14\", \"source\": {\"file\": "
                                  "\"/home/me/loop.c\", \"line\": 12}}]}",
                .one_of = symbols_one_of,
        },
        [JRPC_M_maps] = {
                .id = JRPC_M_maps,
                .name = "maps",
                .summary = "The process's memory map.",
                .doc = "Returns /proc/PID/maps of the process, parsed: one mapping per "
                       "line, in address order. Works while the process is alive, "
                       "running or stopped; GONE (-32003) once it has ended.",
                PARAMS(session_params),
                .result_doc = "`maps`: an array of mappings.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"maps\"], "
                                 "\"properties\": {\"maps\": {\"type\": \"array\", "
                                 "\"items\": " REF("Mapping") "}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"maps\": [{\"start\": \"0x401000\", \"end\": "
                                  "\"0x402000\", \"perms\": \"r-xp\", \"offset\": "
                                  "\"0x1000\", \"dev\": \"08:01\", \"inode\": 1234, "
                                  "\"path\": \"/home/me/loop\"}]}",
        },
        [JRPC_M_sources] = {
                .id = JRPC_M_sources,
                .name = "sources",
                .summary = "The source files of the loaded modules, and the lines that have code.",
                .doc = "Lists the files named by the DWARF line tables of the modules "
                       "loaded in the stopped process (the program, its libraries when "
                       "they have debug info): each file that has a statement row, "
                       "headers with inline code included, once, with the first module "
                       "that has it, the executable's first. With `file`, only the "
                       "files it names, and `lines`: the lines from `from` to `to` that "
                       "have a statement row, as gdb's line table keeps them: where a "
                       "FILE:LINE breakpoint stays on its line (another line moves to "
                       "the next that has code). RUNNING (-32002) while the process "
                       "runs, GONE (-32003) once it has ended.",
                PARAMS(sources_params),
                .result_doc = "`sources`: [{file, module}]; with `file`, `lines`: [line].",
                .result_schema = "{\"type\": \"object\", \"required\": [\"sources\"], "
                                 "\"properties\": {\"sources\": {\"type\": \"array\", "
                                 "\"items\": {\"type\": \"object\", \"properties\": "
                                 "{\"file\": {\"type\": \"string\"}, \"module\": "
                                 "{\"type\": \"string\"}}}}, \"lines\": {\"type\": "
                                 "\"array\", \"items\": {\"type\": \"integer\"}}}}",
                .example_params = "{\"session\": 1, \"file\": \"loop.c\", \"from\": 10, "
                                  "\"to\": 14}",
                .example_result = "{\"sources\": [{\"file\": \"/home/me/loop.c\", "
                                  "\"module\": \"/home/me/loop\"}], \"lines\": [11, 12, "
                                  "14]}",
        },
        [JRPC_M_disasm] = {
                .id = JRPC_M_disasm,
                .name = "disasm",
                .summary = "Disassemble instructions.",
                .doc = "Disassembles `count` x86-64 instructions of the stopped process "
                       "from `address` (the pc by default) with capstone, Intel syntax. "
                       "It reads the program's own bytes: dbgd's breakpoints never "
                       "show. The list ends early at unmapped memory or at bytes that "
                       "do not decode. MEMORY (-32004) when nothing at `address` is "
                       "readable, LIMIT (-32007) for a count above 1000.",
                PARAMS(disasm_params),
                .result_doc = "`instructions`: an array of instructions.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"instructions\"], "
                                 "\"properties\": {\"instructions\": {\"type\": \"array\", "
                                 "\"items\": " REF("Instruction") "}}}",
                .example_params = "{\"session\": 1, \"count\": 2}",
                .example_result = "{\"instructions\": [{\"address\": \"0x401126\", "
                                  "\"bytes\": \"55\", \"size\": 1, \"mnemonic\": \"push\", "
                                  "\"operands\": \"rbp\", \"symbol\": \"tick\"}, "
                                  "{\"address\": \"0x401127\", \"bytes\": \"4889e5\", "
                                  "\"size\": 3, \"mnemonic\": \"mov\", \"operands\": "
                                  "\"rbp, rsp\", \"symbol\": \"tick+0x1\"}]}",
        },
        [JRPC_M_source] = {
                .id = JRPC_M_source,
                .name = "source",
                .summary = "Lines of a source file that the program's debug info names.",
                .doc = "For clients whose machine has not the program's sources (the "
                       "page, editors through DAP's `source` request): `count` lines of "
                       "`file` from `line`, as dbgd's machine has them. The file must be "
                       "one that the DWARF line tables of the executable or of a loaded "
                       "library name (their file tables, as libdw spells them, with their "
                       "directory): the name given is matched against those, as gdb's "
                       "`list` matches (last path components, or the whole path, `.` and "
                       "`..` taken out lexically), and dbgd opens only the path the debug "
                       "info spells, never the one given, so the token reads no other "
                       "file. The first match wins, the executable's first. Works in any "
                       "state; once the process has ended, from the executable's debug "
                       "info alone. NO_SYMBOL (-32011) for a file no line table names "
                       "(or a program without debug info); INVALID_PARAMS for a `line` "
                       "past the end (`data.total`: the file's lines); LIMIT (-32007) "
                       "for a count above 1000; SYSTEM (-32010) with the errno when the "
                       "file cannot be read (ENOENT, EISDIR, EFBIG above 64 MiB). Lines "
                       "lose their newline (and a CR before it); a line over 4096 bytes "
                       "is cut (its number in `cut`); bytes that are not UTF-8 read "
                       "as U+FFFD.",
                PARAMS(source_params),
                .result_doc = "`file`: the path the debug info spells; `first`: the "
                              "number of the first line in `lines`; `lines`: the "
                              "lines' text; `total`: the file's number of lines; `cut` "
                              "(when some were): the numbers of the lines cut.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"file\", "
                                 "\"first\", \"lines\", \"total\"], \"properties\": "
                                 "{\"file\": {\"type\": \"string\"}, \"first\": "
                                 "{\"type\": \"integer\", \"minimum\": 1}, \"lines\": "
                                 "{\"type\": \"array\", \"items\": {\"type\": "
                                 "\"string\"}}, \"total\": {\"type\": \"integer\", "
                                 "\"minimum\": 0}, \"cut\": {\"type\": \"array\", "
                                 "\"items\": {\"type\": \"integer\"}}}}",
                .example_params = "{\"session\": 1, \"file\": \"loop.c\", \"line\": "
                                  "12, \"count\": 2}",
                .example_result = "{\"file\": \"/home/me/loop.c\", \"first\": 12, "
                                  "\"lines\": [\"        total += i;\", \"        "
                                  "return total;\"], \"total\": 30}",
        },
        [JRPC_M_locals] = {
                .id = JRPC_M_locals,
                .name = "locals",
                .summary = "A frame's arguments and local variables, with their values.",
                .doc = "gdb's `info args` and `info locals` for one frame of the current "
                       "thread (`frame`, as `backtrace` numbers the frames, inlined "
                       "functions too), from the program's DWARF: each variable's "
                       "`name`, `type` (as C spells it), `value` printed as gdb prints "
                       "it (see `finish`'s `returned`: numbers, characters, enums, "
                       "pointers with their symbol, strings, structs, arrays) and "
                       "`address` when it is in memory. Locals are listed innermost "
                       "block first (those of blocks the pc is not in are not), "
                       "static locals included; each in declaration order. A value "
                       "that cannot be read has `error` instead: \"optimized out\" "
                       "(no location at this pc, or none of its pieces), \"in a register "
                       "this frame does not know\" (an outer frame's caller-saved "
                       "register the code after the call does not count on), a location "
                       "dbgd does not evaluate, \"optimized out "
                       "(its value at the function's entry)\" (the caller's call site "
                       "does not say it). Optimized code's values are read as gdb reads "
                       "them: floats and doubles in xmm registers, DWARF's typed "
                       "operations, implicit values, structs in pieces, where a part "
                       "that is optimized out prints as `<optimized out>`, and pointers "
                       "optimized away, `<synthetic pointer>`, that `print` follows to "
                       "what they point to. libstdc++'s std::string, vector, map, set, "
                       "unique_ptr, shared_ptr, weak_ptr, list, forward_list, "
                       "unordered_map and _set, deque, optional, variant, pair, tuple, "
                       "string_view, vector<bool> and the wide strings print as "
                       "gdb's pretty printers show them "
                       "(docs/program.md). Strings print as gdb's on a UTF-8 host: "
                       "UTF-8 (`\"café\"`), UTF-16 and UTF-32 decoded, controls and "
                       "invalid bytes as escapes (`\"x\\351y\"`), a cut sequence at "
                       "the end as `<incomplete sequence \\342\\202>`. "
                       "NO_SYMBOL "
                       "(-32011) when the frame's code has no DWARF; INVALID_PARAMS when "
                       "there is no such frame; RUNNING (-32002) while the process runs.",
                PARAMS(locals_params),
                .result_doc = "`frame`, `function`, `args` and `locals`: arrays of "
                              "{name, type, value, address} or {name, type, error}.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"frame\", "
                                 "\"function\", \"args\", \"locals\"], \"properties\": {"
                                 "\"frame\": {\"type\": \"integer\"}, "
                                 "\"function\": {\"type\": \"string\"}, "
                                 "\"args\": {\"type\": \"array\", \"items\": " VAR_SCHEMA "}, "
                                 "\"locals\": {\"type\": \"array\", \"items\": " VAR_SCHEMA
                                 "}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"frame\": 0, \"function\": \"work\", \"args\": "
                                  "[{\"name\": \"n\", \"type\": \"int\", \"value\": \"5\", "
                                  "\"address\": \"0x7fffffffe4cc\"}], \"locals\": [{\"name\": "
                                  "\"buf\", \"type\": \"char [8]\", \"value\": "
                                  "\"\\\"tag\\\\000\\\\000\\\\000\\\\000\\\"\", \"address\": "
                                  "\"0x7fffffffe4d0\"}]}",
        },
        [JRPC_M_print] = {
                .id = JRPC_M_print,
                .name = "print",
                .summary = "A variable's value, by name.",
                .doc = "gdb's `print NAME` for a variable: a local or parameter of "
                       "`frame` (its innermost block first), else a global or a file's "
                       "static, of the frame's file first, then of every loaded module. "
                       "The value is printed as gdb's `print` prints it, a pointer with "
                       "its type first: `(int *) 0x404028 <counter>` (see `locals`); "
                       "`scope` says where the name was found. Members, elements "
                       "and what pointers point to are reached through the program's "
                       "types (`name` documents the syntax). A part that cannot be "
                       "reached (a null pointer, a member that is not there) gives "
                       "`error` with the reason. An expression with C's operators (unary "
                       "- + ! ~, * / % + - << >> < <= > >= == != & ^ | && ||, "
                       "parentheses, casts to C's arithmetic types such as "
                       "`(unsigned char)`; integer, float and character literals) is evaluated "
                       "as gdb evaluates it, with C's promotions and usual arithmetic "
                       "conversions (a `long double` in full precision, x87's 80 "
                       "bits): {name, type (\"int\", \"unsigned long\", "
                       "\"double\", ...; \"bool\" for a comparison in C++ code), value, "
                       "scope \"expression\"}, or {name, error} when its values do not "
                       "allow it (\"Division by zero\", a struct operand, a "
                       "variable that cannot be read). Pointers as in C and gdb: `p + 1` "
                       "is the next element (`(int *) 0x... <arr+4>`), `p - q` counts "
                       "elements (a long), comparisons and `!p`; arrays decay to "
                       "pointers (`arr + 1`); `*` and `&` of any expression (`*(p + 1)`, "
                       "`&*p`, `&arr[1]`) and `.member`, `->member`, `[index]` after "
                       "parentheses (`(*pp)->name`); casts to the program's types "
                       "(`(char *)buf`, `(struct pt *)q`, typedef names, `(enum mode)1`, "
                       "`(long double)d`; C++: between a class and its bases by the "
                       "base's offset, `(Base *)&derived`, `(Derived *)bp`, and the "
                       "base's part of an object, `(Base)derived`, as gdb; an unknown type "
                       "name is an error that names it); `sizeof(x)`, `sizeof x`, `sizeof(struct pt)` (unsigned "
                       "long); gdb's `*p@3` artificial arrays and the ternary `a > b ? a "
                       ": b` (of the chosen branch's type, as gdb's). Registers are gdb's: `$pc` and "
                       "`$rip` (`(void (*)()) 0x401136 <main+4>`), `$sp`, `$fp`, `$rsp` "
                       "and `$rbp` (`void *`), `$rax`... (int64_t), `$eax`, `$ax`, "
                       "`$al`, `$cs`..., `$fs_base`, `$eflags` (`[ PF ZF IF ]`), scope "
                       "\"register\"; in expressions too (`$sp + 8` counts bytes, "
                       "`$rdi == 3`). Frame 0 has them all; an outer frame its unwound "
                       "rip, rsp, $fp and callee-saved registers, others are an error. "
                       "Thread-local variables, the executable's and its libraries' "
                       "(`errno`), are the frame's thread's. "
                       "Rows of multi-dimensional arrays are values and pointers "
                       "(`grid + 1` an `int (*)[4]`, `*grid` an `int [4]`). "
                       "String literals as gdb takes them in C: `\"abc\"` prints as a "
                       "`char [4]`, `sizeof(\"abc\")` is 4, `\"ab\"[1]` is 98 'b', "
                       "adjacent ones are one (`\"ab\" \"c\"` is `\"abc\"`); "
                       "compared with `==` or `!=` a literal is never equal to a pointer "
                       "or an array (gdb copies it into the program's memory and compares "
                       "addresses: `name == \"bob\"` is 0); a C++ `std::string` is "
                       "compared by its characters (`who.name == \"zed\"`), as its "
                       "operator== that gdb calls where the program has one (elsewhere "
                       "gdb says No symbol \"operator==\"). Compare C strings with "
                       "gdb's functions: `$_streq(a, b)` (true when the two strings "
                       "are equal up to their NULs), `$_strlen(s)` (a long), "
                       "`$_memeq(a, b, n)` (true when n bytes are equal), "
                       "`$_regex(s, re)` (true when Python's `re.match(re, s)` matches, "
                       "at the string's start: Python's syntax as POSIX's extended one "
                       "takes it, with `\\d \\w \\s` and their negations, `(?:...)` "
                       "and lazy quantifiers; its other `(?...)` forms are refused). Their "
                       "arguments are char pointers, char arrays (read up to their NUL "
                       "or their end) and literals; a string with no NUL within 64 KiB "
                       "is an error. Other arithmetic on a literal (`\"abc\" + 1`, "
                       "casts) is refused: it needs the copy in the program's memory "
                       "that dbgd does not make. "
                       "Calls of the program's functions, as gdb's (`square(7) + 1`, "
                       "`make_point(1, 2)`, `greet(1)`, `reset_counter()`: type \"void\", "
                       "value \"void\"), run in the current thread alone (the others stay "
                       "stopped) with the SysV AMD64 ABI, returning to an int3 at the "
                       "program's entry point; every register is restored after, so "
                       "the session is as it was (what the function wrote stays). A "
                       "function without DWARF needs a cast before the call, as gdb: "
                       "`(int) getpid()`. Calls through a pointer to a function "
                       "(`fp(3)`, `(*fp)(3)`, `table[1](2)`) take the prototype of the "
                       "pointer's type; C++ methods (`k.twice(2)`, `kp->bump()`) are "
                       "called with `this` = `&k` (a base's method with `this` at the "
                       "base's part; a virtual one through the object's vtable), C++ "
                       "overloads as gdb picks them (an ambiguous call, or one gdb "
                       "makes by a non-standard conversion, is refused: "
                       "INVALID_PARAMS). A call that hits a "
                       "breakpoint, gets a signal "
                       "or runs past `timeout` is abandoned (the registers restored, "
                       "the signal discarded: gdb's `set unwindonsignal on`): STATE "
                       "(-32009) with `data.call` \"abandoned\" and the breakpoint or "
                       "signal named; an exit in it is GONE (-32003). Refused: a "
                       "syscall-entry stop (STATE), calls in breakpoint conditions, "
                       "wrong argument counts (INVALID_PARAMS), parameters and return "
                       "types not passed (_Complex, __int128: UNSUPPORTED -32012). "
                       "Complex values as gdb 13 computes them (`dz * 2`, `dz / fz`, "
                       "`~dz` its conjugate, `$_creal(dz)`, `$_cimag(dz)`); an `__int128` "
                       "is printed and tested for truth but not computed with, as gdb 13 "
                       "(\"That operation is not available on integers of more than 8 "
                       "bytes.\"). C++ enumerators by qualified name (`Mode::On`, "
                       "`ns::Dir::Down`); C++'s `k.*pm` and `kp->*pm` of a pointer to "
                       "data member. "
                       "docs/program.md says "
                       "more. Not evaluated: assignments, ++ and --. NO_SYMBOL "
                       "(-32011) when no "
                       "variable has the name; INVALID_PARAMS for text that is none of "
                       "these (with the reason), or no such frame; RUNNING (-32002) "
                       "while the process runs.",
                PARAMS(print_params),
                .result_doc = "{name, type, value, address, scope}, or {name, type, "
                              "error, scope} when the value cannot be read.",
                .result_schema = VAR_SCHEMA,
                .example_params = "{\"session\": 1, \"name\": \"counter\"}",
                .example_result = "{\"name\": \"counter\", \"type\": \"int\", "
                                  "\"value\": \"7\", \"address\": \"0x404028\", "
                                  "\"scope\": \"global\"}",
        },
        [JRPC_M_ptype] = {
                .id = JRPC_M_ptype,
                .name = "ptype",
                .summary = "gdb's ptype (or whatis) of a type, by name.",
                .doc = "The text gdb's `ptype TYPE` prints after `type = `, from the "
                       "program's DWARF: a struct, union or enum at the base of the "
                       "declarator shown whole, gdb's way (a member a line, four spaces "
                       "in, `char name[8];`, `struct node *next;`, `int (*fp)(int, "
                       "int);`, bit-fields' `: 3`, an anonymous struct or union member "
                       "shown in place; an enum on one line, `{RED, GREEN = 5, BLUE}`, a "
                       "value said when it is not the previous one's plus one), "
                       "typedefs at the top resolved (`vec` is `struct {...}`), the "
                       "declarator kept after it (`struct node {...} *`, `[3]`). With "
                       "`whatis`, gdb's `whatis TYPE`: one typedef unrolled, nothing "
                       "shown whole. The prompt's `ptype EXPR` asks `print` for the "
                       "expression's type first. C++ classes as gdb's: `class Savings : "
                       "public Account {`, the data members (static ones too) under "
                       "`private:`/`protected:`/`public:` labels where gdb's rule puts "
                       "them, a blank line, the methods' signatures (`virtual long "
                       "deposit(long);`, `long get(void) const;`, `static int "
                       "count(void);`, constructors and destructors without a return "
                       "type; not the compiler's artificial ones), `<no data fields>` "
                       "for an empty one; `enum class Level : unsigned char "
                       "{Level::Low, Level::High = 7}`; base types by gdb's names "
                       "(`short`, `unsigned long`). Not gdb's: a template's `[with T = "
                       "int]` and its members by parameter name (dbgd shows `int v;`), "
                       "nested types and typedefs of a class, and types found only in "
                       "units of other modules than the frame's. NO_SYMBOL (-32011) "
                       "when the program has no such type (`data.type`).",
                PARAMS(ptype_params),
                .result_doc = "{type, text}",
                .result_schema = "{\"type\": \"object\", \"required\": [\"type\", "
                                 "\"text\"], \"properties\": {\"type\": {\"type\": "
                                 "\"string\"}, \"text\": {\"type\": \"string\"}}}",
                .example_params = "{\"session\": 1, \"type\": \"struct node *\"}",
                .example_result = "{\"type\": \"struct node *\", \"text\": \"struct "
                                  "node {\\n    int key;\\n    char name[8];\\n    "
                                  "struct node *next;\\n} *\"}",
        },
        [JRPC_M_backtrace] = {
                .id = JRPC_M_backtrace,
                .name = "backtrace",
                .summary = "Unwind the stopped process's stack.",
                .doc = "Walks the call stack of the stopped process's current thread "
                       "(`stop.thread`; `thread` selects another) with elfutils' "
                       "libdwfl: DWARF call frame information (.eh_frame, "
                       ".debug_frame), gdb's prologue analysis where there is none "
                       "(push %rbp; mov %rsp,%rbp, else frameless), through "
                       "shared libraries and signal handler frames. Works on optimized "
                       "code without frame pointers, on stripped programs (names from "
                       ".dynsym) and from inside libc. Each frame has its pc, symbol, "
                       "module and, with debug info, source line. `error` says why the "
                       "walk stopped before the outermost frame when it did, as gdb's "
                       "\"Backtrace stopped: Cannot access memory at address ...\"; "
                       "`truncated` that the stack goes "
                       "on past `limit` frames. With `outer`, a truncated stack is walked "
                       "to its end (a stack overflow's some 30,000 frames take a few "
                       "tens of milliseconds; only the frames kept are built in full) for "
                       "its depth and its outermost frames, where the top-level call that "
                       "recursed is. RUNNING (-32002) while the "
                       "process runs, GONE (-32003) once it has ended.",
                PARAMS(backtrace_params),
                .result_doc = "`frames`: an array of frames, innermost first; `error` "
                              "when unwinding stopped before the outermost frame; "
                              "`truncated` (true) when "
                              "there are more frames than `limit` (from `start`). With "
                              "`start` or `outer`: `depth`, the number of frames of the "
                              "whole stack, when the walk reached its end (always with "
                              "`outer`, within 100,000 frames), and with `outer`, when "
                              "truncated, `outer`, the outermost frames not in `frames` "
                              "(their `index` is their level, up to depth - 1). When "
                              "100,000 frames were walked without reaching the end, "
                              "neither, but `depth_over`: 100000.",
                .result_schema = "{\"type\": \"object\", \"required\": [\"frames\"], "
                                 "\"properties\": {\"frames\": {\"type\": \"array\", "
                                 "\"items\": " REF("Frame") "}, "
                                 "\"error\": {\"type\": \"string\"}, "
                                 "\"truncated\": {\"type\": \"boolean\"}, "
                                 "\"outer\": {\"type\": \"array\", \"items\": "
                                 REF("Frame") "}, "
                                 "\"depth\": {\"type\": \"integer\"}, "
                                 "\"depth_over\": {\"type\": \"integer\"}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"frames\": [{\"index\": 0, \"pc\": \"0x401136\", "
                                  "\"symbol\": \"level3+0x10\", \"function\": \"level3\", "
                                  "\"module\": \"/home/me/crash\", \"source\": {\"file\": "
                                  "\"/home/me/crash.c\", \"line\": 11}}, {\"index\": 1, "
                                  "\"pc\": \"0x40114f\", \"symbol\": \"level2+0x15\", "
                                  "\"function\": \"level2\", \"module\": "
                                  "\"/home/me/crash\", \"source\": {\"file\": "
                                  "\"/home/me/crash.c\", \"line\": 16}}]}",
        },
        [JRPC_M_report] = {
                .id = JRPC_M_report,
                .name = "report",
                .summary = "Everything a CI job wants to know about a process, in one "
                           "document.",
                .doc = "Returns the session's crash report: the command line, the state "
                       "and exit status (`exit_status`: the exit code, or 128 + the "
                       "signal number when killed, as a shell reports it), the signal "
                       "with its name, si_code and fault address, the registers, the "
                       "backtrace, the variables of its first 8 frames that have DWARF "
                       "(`variables`: gdb's `bt full`, each as `locals` gives a frame), "
                       "the disassembly around the pc, the memory maps, the "
                       "last syscalls (recorded while continuing when the session was "
                       "spawned with `record_syscalls`) and the tail of stdout and "
                       "stderr. While the process is stopped the machine state is read "
                       "now (`live`: true). When the process has died by a signal, it "
                       "comes from the snapshot dbgd takes at every stop for a signal "
                       "whose default action ends the process, just before delivering "
                       "it (`live`: false); without such a snapshot (SIGKILL, an exit) "
                       "the machine state is absent. Signals that dbgd passes on without "
                       "stopping (as gdb: SIGALRM, SIGPROF, SIGVTALRM, SIGIO...) get the "
                       "snapshot too when they will end the process (no handler): a "
                       "program killed by its own watchdog says where it was stuck. "
                       "The snapshot is of the thread that took the signal (the "
                       "current thread when the process stopped for it), and "
                       "`stop.thread` is its thread id. When the process has other "
                       "threads, `threads` has their stacks too, as gdb's `thread apply "
                       "all bt` shows them: each with `tid`, `name` (/proc/TID/comm), "
                       "`pc`, `symbol` and `source` of its innermost frame, and its "
                       "`backtrace` (with `backtrace_truncated`, `backtrace_error`), by "
                       "tid, 16 threads and 64 frames each at most. For a process that "
                       "died they are taken in the snapshot, once all threads have "
                       "stopped for the signal (all-stop); a signal passed on without "
                       "stopping has none (the other threads were running). With the "
                       "spawn's `follow_forks`, a child process that a signal kills "
                       "(no handler, a default action that ends it: a test runner's "
                       "crashing test) has its own report in `children`, taken at its "
                       "signal-delivery stop just before the signal is delivered: "
                       "`pid`, `path` and `command_line` (the child's, after its "
                       "exec), `signal`, `exit_status`, `stop`, `registers`, "
                       "`backtrace` (and its other fields), `variables`, `disassembly` "
                       "and `maps`, read from the child's own image; not the other "
                       "threads' stacks (the child's others run on). The first 8 "
                       "children's are kept (the first crash is the one the others "
                       "follow from), `children_omitted` counts the others.",
                PARAMS(session_params),
                .result_doc = "The report: `session`, `pid`, `path`, `command_line`, "
                              "`state`, `exit_code` / `signal` / `core_dumped`, "
                              "`exit_status`, `stop`, `live`, `registers`, `backtrace`, "
                              "`backtrace_error`, `backtrace_truncated` (more frames "
                              "than the 64 shown; then `backtrace_outer`, the 8 "
                              "outermost frames with their levels, and "
                              "`backtrace_depth`, the number of frames, or "
                              "`backtrace_depth_over`: 100000 when the walk did not "
                              "reach the end), `threads` (the other threads' "
                              "stacks), `variables`, `disassembly`, `maps`, "
                              "`syscalls`, "
                              "`stdout`, `stderr`; `children` and `children_omitted` "
                              "(follow_forks: child processes a signal killed).",
                .result_schema = "{\"type\": \"object\", \"required\": [\"session\", "
                                 "\"pid\", \"path\", \"command_line\", \"state\", "
                                 "\"syscalls\", \"stdout\", \"stderr\"], "
                                 "\"properties\": {"
                                 "\"session\": {\"type\": \"integer\"}, "
                                 "\"pid\": {\"type\": \"integer\"}, "
                                 "\"path\": {\"type\": \"string\"}, "
                                 "\"command_line\": {\"type\": \"array\", \"items\": "
                                 "{\"type\": \"string\"}}, "
                                 "\"state\": {\"enum\": [\"stopped\", \"running\", "
                                 "\"exited\", \"killed\"]}, "
                                 "\"exit_code\": {\"type\": \"integer\"}, "
                                 "\"exit_status\": {\"type\": \"integer\"}, "
                                 "\"signal\": " REF("Signal") ", "
                                 "\"core_dumped\": {\"type\": \"boolean\"}, "
                                 "\"stop\": " REF("Stop") ", "
                                 "\"live\": {\"type\": \"boolean\"}, "
                                 "\"registers\": {\"type\": \"object\", "
                                 "\"additionalProperties\": " REF("Address") "}, "
                                 "\"backtrace\": {\"type\": \"array\", \"items\": "
                                 REF("Frame") "}, "
                                 "\"backtrace_error\": {\"type\": \"string\"}, "
                                 "\"backtrace_truncated\": {\"type\": \"boolean\"}, "
                                 "\"backtrace_outer\": {\"type\": \"array\", \"items\": "
                                 REF("Frame") "}, "
                                 "\"backtrace_depth\": {\"type\": \"integer\"}, "
                                 "\"backtrace_depth_over\": {\"type\": \"integer\"}, "
                                 "\"threads\": {\"type\": \"array\", \"items\": "
                                 "{\"type\": \"object\", \"required\": [\"tid\"], "
                                 "\"properties\": {"
                                 "\"tid\": {\"type\": \"integer\"}, "
                                 "\"name\": {\"type\": \"string\"}, "
                                 "\"pc\": " REF("Address") ", "
                                 "\"symbol\": {\"type\": \"string\"}, "
                                 "\"source\": " REF("Source") ", "
                                 "\"backtrace\": {\"type\": \"array\", \"items\": "
                                 REF("Frame") "}, "
                                 "\"backtrace_error\": {\"type\": \"string\"}, "
                                 "\"backtrace_truncated\": {\"type\": \"boolean\"}}}}, "
                                 "\"disassembly\": {\"type\": \"array\", \"items\": "
                                 REF("Instruction") "}, "
                                 "\"maps\": {\"type\": \"array\", \"items\": "
                                 REF("Mapping") "}, "
                                 "\"syscalls\": {\"type\": \"array\", \"items\": "
                                 "{\"type\": \"object\"}}, "
                                 "\"stdout\": {\"type\": \"object\"}, "
                                 "\"stderr\": {\"type\": \"object\"}, "
                                 "\"children\": {\"type\": \"array\", \"items\": "
                                 "{\"type\": \"object\", \"required\": [\"pid\", "
                                 "\"signal\", \"exit_status\", \"stop\"], "
                                 "\"properties\": {"
                                 "\"pid\": {\"type\": \"integer\"}, "
                                 "\"path\": {\"type\": \"string\"}, "
                                 "\"command_line\": {\"type\": \"array\", \"items\": "
                                 "{\"type\": \"string\"}}, "
                                 "\"signal\": " REF("Signal") ", "
                                 "\"exit_status\": {\"type\": \"integer\"}, "
                                 "\"stop\": " REF("Stop") ", "
                                 "\"backtrace\": {\"type\": \"array\", \"items\": "
                                 REF("Frame") "}}}}, "
                                 "\"children_omitted\": {\"type\": \"integer\"}}}",
                .example_params = "{\"session\": 1}",
                .example_result = "{\"session\": 1, \"pid\": 4242, \"path\": "
                                  "\"./crash\", \"command_line\": [\"./crash\"], "
                                  "\"state\": \"killed\", \"signal\": {\"number\": 11, "
                                  "\"name\": \"SIGSEGV\", \"code\": 1, \"code_name\": "
                                  "\"SEGV_MAPERR\", \"address\": \"0x0\"}, "
                                  "\"core_dumped\": false, \"exit_status\": 139, "
                                  "\"live\": false, \"registers\": {\"rip\": "
                                  "\"0x401136\"}, \"backtrace\": [], \"disassembly\": [], "
                                  "\"maps\": [], \"syscalls\": [], \"stdout\": {\"text\": "
                                  "\"\", \"bytes\": 0, \"truncated\": false}, \"stderr\": "
                                  "{\"text\": \"\", \"bytes\": 0, \"truncated\": false}}",
        },
        [JRPC_M_discover] = {
                .id = JRPC_M_discover,
                .name = "rpc.discover",
                .summary = "Describe this API as an OpenRPC document.",
                .doc = "Returns the OpenRPC 1.2.6 document of this API: every method "
                       "with its params and result as JSON Schema, the shared shapes "
                       "under `components.schemas` and the error codes under "
                       "`components.errors`. It is written from the same table as this "
                       "page.",
                .result_doc = "The OpenRPC document (abbreviated in the example).",
                .result_schema = "{\"type\": \"object\", \"required\": [\"openrpc\", "
                                 "\"info\", \"methods\"]}",
                .example_result = "{\"openrpc\": \"1.2.6\", \"info\": {\"title\": "
                                  "\"dbgd\", \"version\": \"0.1.0\"}, \"methods\": []}",
        },
};

const struct jrpc_method *jrpc_method_find(const char *name)
{
        if (!name)
                return NULL;
        for (size_t i = 0; i < JRPC_M__COUNT; i++)
                if (strcmp(jrpc_methods[i].name, name) == 0)
                        return &jrpc_methods[i];
        return NULL;
}

/* Types ------------------------------------------------------------------------------ */

const char *jrpc_type_name(enum jrpc_type t)
{
        switch (t) {
        case JT_INT:
                return "integer";
        case JT_UINT:
                return "unsigned integer";
        case JT_NUMBER:
                return "number";
        case JT_BOOL:
                return "boolean";
        case JT_STRING:
                return "string";
        case JT_ADDR:
                return "address";
        case JT_SIGNAL:
                return "signal";
        case JT_STRINGS:
                return "[string]";
        case JT_STRMAP:
                return "{string: string|null}";
        case JT_ADDRMAP:
                return "{string: address}";
        }
        return "unknown";
}

/* What an invalid-params message says was expected. */
static const char *type_expected(enum jrpc_type t)
{
        switch (t) {
        case JT_NUMBER:
                return "non-negative number";
        case JT_ADDR:
                return "address (\"0x...\" hex string, decimal string or unsigned "
                       "integer)";
        case JT_SIGNAL:
                return "signal (integer 0..64 or name such as \"SIGINT\")";
        case JT_STRINGS:
                return "array of strings";
        case JT_STRMAP:
                return "object of strings or nulls";
        case JT_ADDRMAP:
                return "object of addresses";
        default:
                return jrpc_type_name(t);
        }
}

json_t *jrpc_param_schema(const struct jrpc_param *p)
{
        json_t *s = NULL, *def, *e;

        switch (p->type) {
        case JT_INT:
                s = json_pack("{ss}", "type", "integer");
                break;
        case JT_UINT:
                s = json_pack("{sssi}", "type", "integer", "minimum", 0);
                break;
        case JT_NUMBER:
                s = json_pack("{sssi}", "type", "number", "minimum", 0);
                break;
        case JT_BOOL:
                s = json_pack("{ss}", "type", "boolean");
                break;
        case JT_STRING:
                s = json_pack("{ss}", "type", "string");
                if (s && p->choices) {
                        e = json_array();
                        for (const char *const *c = p->choices; *c; c++)
                                json_array_append_new(e, json_string(*c));
                        json_object_set_new(s, "enum", e);
                }
                break;
        case JT_ADDR:
                s = json_pack("{ss}", "$ref", "#/components/schemas/AddressInput");
                break;
        case JT_SIGNAL:
                s = json_pack("{ss}", "$ref", "#/components/schemas/SignalInput");
                break;
        case JT_STRINGS:
                s = json_pack("{sss{ss}}", "type", "array", "items", "type", "string");
                break;
        case JT_STRMAP:
                s = json_pack("{sss{s[ss]}}", "type", "object", "additionalProperties",
                              "type", "string", "null");
                break;
        case JT_ADDRMAP:
                s = json_pack("{sss{ss}}", "type", "object", "additionalProperties",
                              "$ref", "#/components/schemas/AddressInput");
                break;
        }
        if (!s)
                return NULL;
        /* A default written as JSON ("60", "\"exec\"") is a schema default; prose
         * ("the pending signal") is for the description only. */
        if (p->default_doc) {
                def = json_loads(p->default_doc, JSON_DECODE_ANY, NULL);
                if (def && !json_object_get(s, "$ref"))
                        json_object_set_new(s, "default", def);
                else
                        json_decref(def);
        }
        return s;
}

/* Signals ---------------------------------------------------------------------------- */

/* Linux numbers (the same on every architecture dbgd supports, x86-64). Names follow
 * signal(7); glibc's sigabbrev_np says "POLL" for 29, accepted as an alias. */
static const char *const signal_names[] = {
        [SIGHUP] = "SIGHUP",     [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
        [SIGILL] = "SIGILL",     [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
        [SIGBUS] = "SIGBUS",     [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
        [SIGUSR1] = "SIGUSR1",   [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE",   [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
        [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",   [SIGCONT] = "SIGCONT",
        [SIGSTOP] = "SIGSTOP",   [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
        [SIGTTOU] = "SIGTTOU",   [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",
        [SIGXFSZ] = "SIGXFSZ",   [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
        [SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO",         [SIGPWR] = "SIGPWR",
        [SIGSYS] = "SIGSYS",
        [32] = "SIGRT0",  "SIGRT1",  "SIGRT2",  "SIGRT3",  "SIGRT4",  "SIGRT5",
        "SIGRT6",  "SIGRT7",  "SIGRT8",  "SIGRT9",  "SIGRT10", "SIGRT11", "SIGRT12",
        "SIGRT13", "SIGRT14", "SIGRT15", "SIGRT16", "SIGRT17", "SIGRT18", "SIGRT19",
        "SIGRT20", "SIGRT21", "SIGRT22", "SIGRT23", "SIGRT24", "SIGRT25", "SIGRT26",
        "SIGRT27", "SIGRT28", "SIGRT29", "SIGRT30", "SIGRT31", "SIGRT32",
};

static const struct {
        const char *name;
        int sig;
} signal_aliases[] = {
        { "IOT", SIGABRT },
        { "POLL", SIGIO },
        { "CLD", SIGCHLD },
        { "RTMIN", 32 },
        { "RTMAX", 64 },
};

const char *jrpc_signal_name(int sig)
{
        if (sig <= 0 || (size_t)sig >= ELEMENTSOF(signal_names))
                return NULL;
        return signal_names[sig];
}

int jrpc_signal_parse(json_t *v)
{
        const char *s;

        if (json_is_integer(v)) {
                if (json_integer_value(v) < 0 ||
                    json_integer_value(v) >= (json_int_t)ELEMENTSOF(signal_names))
                        return -ERR_INVALID_PARAMS;
                return (int)json_integer_value(v);
        }
        if (!json_is_string(v))
                return -ERR_INVALID_PARAMS;
        s = json_string_value(v);
        if (strncasecmp(s, "SIG", 3) == 0)
                s += 3;
        if (!*s)
                return -ERR_INVALID_PARAMS;
        for (size_t i = 1; i < ELEMENTSOF(signal_names); i++)
                if (strcasecmp(signal_names[i] + 3, s) == 0)
                        return (int)i;
        for (size_t i = 0; i < ELEMENTSOF(signal_aliases); i++)
                if (strcasecmp(signal_aliases[i].name, s) == 0)
                        return signal_aliases[i].sig;
        return -ERR_INVALID_PARAMS;
}

/* Validation ------------------------------------------------------------------------- */

static const struct jrpc_param *param_find(const struct jrpc_method *m, const char *name)
{
        for (size_t i = 0; i < m->n_params; i++)
                if (strcmp(m->params[i].name, name) == 0)
                        return &m->params[i];
        return NULL;
}

/* "got ..." for a value of the right JSON type but a wrong value: the value itself when
 * short (a JSON string from the request is valid UTF-8, and short enough not to be cut). */
static void got_value(json_t *v, char *buf, size_t len)
{
        if (json_is_integer(v))
                snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else if (json_is_real(v))
                snprintf(buf, len, "%g", json_real_value(v));
        else if (json_is_string(v) && json_string_length(v) <= 40)
                snprintf(buf, len, "\"%s\"", json_string_value(v));
        else if (json_is_string(v))
                snprintf(buf, len, "a string of %zu bytes", json_string_length(v));
        else
                snprintf(buf, len, "%s", jrpc_json_type_name(v));
}

static int wrong(const char *path, enum jrpc_type t, json_t *v, bool show_value,
                 char *errbuf, size_t errlen)
{
        char got[64];

        if (show_value)
                got_value(v, got, sizeof(got));
        else
                snprintf(got, sizeof(got), "%s", jrpc_json_type_name(v));
        jrpc_errbuf_printf(errbuf, errlen, "%s: expected %s, got %s", path,
                           type_expected(t), got);
        return -ERR_INVALID_PARAMS;
}

static int choices_check(const char *path, const char *const *choices, json_t *v,
                         char *errbuf, size_t errlen)
{
        char list[256];
        size_t n = 0;

        for (const char *const *c = choices; *c; c++)
                if (strcmp(*c, json_string_value(v)) == 0)
                        return 0;
        list[0] = '\0';
        for (const char *const *c = choices; *c && n < sizeof(list); c++)
                n += (size_t)snprintf(list + n, sizeof(list) - n, "%s\"%s\"",
                                      c == choices ? "" : ", ", *c);
        jrpc_errbuf_printf(errbuf, errlen, "%s: must be one of %s", path, list);
        return -ERR_INVALID_PARAMS;
}

static int value_check(const struct jrpc_param *p, json_t *v, const char *path,
                       char *errbuf, size_t errlen)
{
        char sub[256];
        const char *key;
        json_t *e;
        uint64_t addr;
        size_t i;

        switch (p->type) {
        case JT_INT:
                if (!json_is_integer(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                return 0;
        case JT_UINT:
                if (!json_is_integer(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                if (json_integer_value(v) < 0)
                        return wrong(path, p->type, v, true, errbuf, errlen);
                return 0;
        case JT_NUMBER:
                if (!json_is_number(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                if (json_number_value(v) < 0)
                        return wrong(path, p->type, v, true, errbuf, errlen);
                return 0;
        case JT_BOOL:
                if (!json_is_boolean(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                return 0;
        case JT_STRING:
                if (!json_is_string(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                if (p->choices)
                        return choices_check(path, p->choices, v, errbuf, errlen);
                return 0;
        case JT_ADDR:
                if (!json_is_integer(v) && !json_is_string(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                if (jrpc_addr_parse(v, &addr) < 0)
                        return wrong(path, p->type, v, true, errbuf, errlen);
                return 0;
        case JT_SIGNAL:
                if (!json_is_integer(v) && !json_is_string(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                if (jrpc_signal_parse(v) < 0)
                        return wrong(path, p->type, v, true, errbuf, errlen);
                return 0;
        case JT_STRINGS:
                if (!json_is_array(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                json_array_foreach(v, i, e) {
                        if (json_is_string(e))
                                continue;
                        jrpc_errbuf_printf(sub, sizeof(sub), "%s[%zu]", path, i);
                        return wrong(sub, JT_STRING, e, false, errbuf, errlen);
                }
                return 0;
        case JT_STRMAP:
        case JT_ADDRMAP:
                if (!json_is_object(v))
                        return wrong(path, p->type, v, false, errbuf, errlen);
                json_object_foreach(v, key, e) {
                        /* (sanitized: a long key may have been cut) */
                        jrpc_errbuf_printf(sub, sizeof(sub), "%s.%s", path, key);
                        if (p->type == JT_STRMAP && !json_is_string(e) && !json_is_null(e)) {
                                jrpc_errbuf_printf(errbuf, errlen,
                                                   "%s: expected string or null, got %s",
                                                   sub, jrpc_json_type_name(e));
                                return -ERR_INVALID_PARAMS;
                        }
                        if (p->type == JT_ADDRMAP) {
                                if (!json_is_integer(e) && !json_is_string(e))
                                        return wrong(sub, JT_ADDR, e, false, errbuf, errlen);
                                if (jrpc_addr_parse(e, &addr) < 0)
                                        return wrong(sub, JT_ADDR, e, true, errbuf, errlen);
                        }
                }
                return 0;
        }
        abort(); /* a table entry with a type this switch does not know */
}

int jrpc_params_check(const struct jrpc_method *m, json_t *params, json_t **ret_params,
                      char *errbuf, size_t errlen)
{
        json_t *in = NULL, *out = NULL, *v;
        const struct jrpc_param *p;
        const char *key;
        char path[256];
        size_t i;
        int r;

        if (!params || json_is_null(params))
                in = json_object();
        else if (json_is_object(params))
                in = json_incref(params);
        else if (json_is_array(params)) {
                /* By position: element i is the table's param i; null skips it. */
                if (json_array_size(params) > m->n_params) {
                        jrpc_errbuf_printf(errbuf, errlen,
                                           "params: expected at most %zu positional "
                                           "parameters, got %zu",
                                           m->n_params, json_array_size(params));
                        return -ERR_INVALID_PARAMS;
                }
                in = json_object();
                json_array_foreach(params, i, v)
                        if (in && json_object_set(in, m->params[i].name, v) < 0) {
                                r = -ENOMEM;
                                goto out;
                        }
        } else {
                jrpc_errbuf_printf(errbuf, errlen, "params: expected object or array, got %s",
                                   jrpc_json_type_name(params));
                return -ERR_INVALID_PARAMS;
        }
        out = json_object();
        if (!in || !out) {
                r = -ENOMEM;
                goto out;
        }

        /* Unknown keys first: a misspelt "sesion" is reported as such, not as a
         * missing "session". */
        json_object_foreach(in, key, v) {
                if (!param_find(m, key)) {
                        jrpc_errbuf_printf(errbuf, errlen, "params.%s: unknown parameter",
                                           key);
                        r = -ERR_INVALID_PARAMS;
                        goto out;
                }
        }

        for (i = 0; i < m->n_params; i++) {
                p = &m->params[i];
                snprintf(path, sizeof(path), "params.%s", p->name);
                v = json_object_get(in, p->name);
                if (!v || json_is_null(v)) {
                        /* null means "the default", as an absent key does. */
                        if (p->required) {
                                jrpc_errbuf_printf(errbuf, errlen, "%s: required", path);
                                r = -ERR_INVALID_PARAMS;
                                goto out;
                        }
                        continue;
                }
                r = value_check(p, v, path, errbuf, errlen);
                if (r < 0)
                        goto out;
                if (json_object_set(out, p->name, v) < 0) {
                        r = -ENOMEM;
                        goto out;
                }
        }

        if (m->one_of) {
                bool found = false;
                size_t n = 0;

                for (const char *const *c = m->one_of; *c; c++)
                        found = found || json_object_get(out, *c);
                if (!found) {
                        path[0] = '\0';
                        for (const char *const *c = m->one_of; *c && n < sizeof(path); c++)
                                n += (size_t)snprintf(path + n, sizeof(path) - n, "%s%s",
                                                      c == m->one_of ? "" : " or ", *c);
                        jrpc_errbuf_printf(errbuf, errlen, "params: %s required", path);
                        r = -ERR_INVALID_PARAMS;
                        goto out;
                }
        }

        *ret_params = out;
        out = NULL; /* transferred */
        r = 0;
out:
        json_decref(in);
        json_decref(out);
        return r;
}

/* Getters ---------------------------------------------------------------------------- */

json_t *jrpc_param(json_t *params, const char *name)
{
        json_t *v = json_object_get(params, name);

        return json_is_null(v) ? NULL : v;
}

const char *jrpc_param_str(json_t *params, const char *name, const char *def)
{
        json_t *v = jrpc_param(params, name);

        return json_is_string(v) ? json_string_value(v) : def;
}

long long jrpc_param_int(json_t *params, const char *name, long long def)
{
        json_t *v = jrpc_param(params, name);

        return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

double jrpc_param_num(json_t *params, const char *name, double def)
{
        json_t *v = jrpc_param(params, name);

        return json_is_number(v) ? json_number_value(v) : def;
}

int jrpc_param_bool(json_t *params, const char *name, int def)
{
        json_t *v = jrpc_param(params, name);

        return json_is_boolean(v) ? json_is_true(v) : def;
}

uint64_t jrpc_param_addr(json_t *params, const char *name, uint64_t def)
{
        json_t *v = jrpc_param(params, name);
        uint64_t a;

        return v && jrpc_addr_parse(v, &a) == 0 ? a : def;
}

int jrpc_param_signal(json_t *params, const char *name, int def)
{
        json_t *v = jrpc_param(params, name);
        int sig;

        if (!v)
                return def;
        sig = jrpc_signal_parse(v);
        return sig >= 0 ? sig : def;
}
