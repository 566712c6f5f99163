/* test_stop.c — the stop-status state machine, fed with synthetic waitpid statuses for
 * every kind of stop DESIGN.md lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/ptrace.h>

#include "stop.h"

#define ST_EXITED(code) ((code) << 8)
#define ST_KILLED(sig, core) ((sig) | ((core) ? 0x80 : 0))
#define ST_STOPPED(sig) (((sig) << 8) | 0x7f)
#define ST_EVENT(ev, sig) (((ev) << 16) | ((sig) << 8) | 0x7f)
#define ST_SYSCALL ST_STOPPED(SIGTRAP | 0x80)

#define SI_KERNEL_ 0x80
#define TRAP_BRKPT_ 1
#define TRAP_TRACE_ 2

static struct stop_out classify(enum resume_kind how, int status, int si_code, int pc_after_bp,
                                int op)
{
        struct stop_in in = {
                .resumed = how,
                .status = status,
                .have_siginfo = si_code != -1000,
                .si_code = si_code == -1000 ? 0 : si_code,
                .pc_after_bp = pc_after_bp,
                .syscall_op = op,
        };
        struct stop_out out;

        stop_classify(&in, &out);
        return out;
}

static void test_stop_exit_and_death(void **state)
{
        struct stop_out o = classify(RESUME_CONT, ST_EXITED(3), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_EXITED);
        assert_int_equal(o.state, STATE_EXITED);
        assert_int_equal(o.exit_code, 3);

        o = classify(RESUME_CONT, ST_KILLED(SIGSEGV, 1), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_KILLED);
        assert_int_equal(o.state, STATE_KILLED);
        assert_int_equal(o.sig, SIGSEGV);
        assert_true(o.core_dumped);

        o = classify(RESUME_STEP, ST_KILLED(SIGKILL, 0), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_KILLED);
        assert_false(o.core_dumped);
}

static void test_stop_exec_event(void **state)
{
        struct stop_out o = classify(RESUME_NONE, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_EXEC);
        assert_int_equal(o.state, STATE_STOPPED);
        assert_int_equal(o.event, PTRACE_EVENT_EXEC);
}

static void test_stop_breakpoint_needs_si_kernel_and_ours(void **state)
{
        /* int3 of ours while continuing. */
        assert_int_equal(classify(RESUME_CONT, ST_STOPPED(SIGTRAP), SI_KERNEL_, 1, 0).kind,
                         STOP_BREAKPOINT);
        assert_int_equal(classify(RESUME_SYSCALL, ST_STOPPED(SIGTRAP), SI_KERNEL_, 1, 0).kind,
                         STOP_BREAKPOINT);
        /* The program's own int3: pc-1 is not ours -> a signal to deliver. */
        struct stop_out o = classify(RESUME_CONT, ST_STOPPED(SIGTRAP), SI_KERNEL_, 0, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
        assert_int_equal(o.sig, SIGTRAP);
        /* raise(SIGTRAP) with pc-1 on a breakpoint by chance: SI_TKILL, not ours. */
        o = classify(RESUME_CONT, ST_STOPPED(SIGTRAP), SI_TKILL, 1, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
}

static void test_stop_step_is_not_a_breakpoint(void **state)
{
        /* Stepping `push %rbp` (one byte) off a breakpoint: pc-1 is the breakpoint, but
         * the trap is TRAP_TRACE, so it is a step and the pc must not be rewound. */
        struct stop_out o = classify(RESUME_STEP, ST_STOPPED(SIGTRAP), TRAP_TRACE_, 1, 0);
        assert_int_equal(o.kind, STOP_STEP);
        /* Stepping over `syscall` reports TRAP_BRKPT on x86-64. */
        o = classify(RESUME_STEP, ST_STOPPED(SIGTRAP), TRAP_BRKPT_, 0, 0);
        assert_int_equal(o.kind, STOP_STEP);
        /* A step that delivered a signal ends in its handler with ptrace_notify's
         * SIGTRAP, si_code SIGTRAP: a step too, not the program's signal. */
        o = classify(RESUME_STEP, ST_STOPPED(SIGTRAP), SIGTRAP, 0, 0);
        assert_int_equal(o.kind, STOP_STEP);
        o = classify(RESUME_CONT, ST_STOPPED(SIGTRAP), SIGTRAP, 0, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
        /* A TRAP_TRACE we did not ask for is a signal. */
        o = classify(RESUME_CONT, ST_STOPPED(SIGTRAP), TRAP_TRACE_, 0, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
        /* Without siginfo, a trap after a step is the step. */
        o = classify(RESUME_STEP, ST_STOPPED(SIGTRAP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_STEP);
}

static void test_stop_syscall_entry_exit(void **state)
{
        assert_int_equal(classify(RESUME_SYSCALL, ST_SYSCALL, -1000, 0,
                                  PTRACE_SYSCALL_INFO_ENTRY).kind,
                         STOP_SYSCALL_ENTRY);
        assert_int_equal(classify(RESUME_SYSCALL, ST_SYSCALL, -1000, 0,
                                  PTRACE_SYSCALL_INFO_EXIT).kind,
                         STOP_SYSCALL_EXIT);
}

static void test_stop_signals(void **state)
{
        struct stop_out o = classify(RESUME_CONT, ST_STOPPED(SIGSEGV), 1, 0, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
        assert_int_equal(o.sig, SIGSEGV);
        o = classify(RESUME_STEP, ST_STOPPED(SIGINT), SI_USER, 0, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
        assert_int_equal(o.sig, SIGINT);
        /* SIGSTOP's signal-delivery stop (not yet a group-stop). */
        o = classify(RESUME_CONT, ST_STOPPED(SIGSTOP), SI_TKILL, 0, 0);
        assert_int_equal(o.kind, STOP_SIGNAL);
        assert_int_equal(o.sig, SIGSTOP);
}

static void test_stop_group_stop_and_interrupt(void **state)
{
        struct stop_out o = classify(RESUME_CONT, ST_EVENT(PTRACE_EVENT_STOP, SIGSTOP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_GROUP);
        assert_int_equal(o.sig, SIGSTOP);
        o = classify(RESUME_CONT, ST_EVENT(PTRACE_EVENT_STOP, SIGTSTP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_GROUP);
        o = classify(RESUME_CONT, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_INTERRUPT);
}

static void test_stop_interrupt_of_a_stopped_process(void **state)
{
        /* A process stopped by SIGSTOP (then resumed by ptrace) answers each
         * PTRACE_INTERRUPT with SIGSTOP: when dbgd sent one, it is that interrupt */
        struct stop_in in = { .resumed = RESUME_CONT,
                              .status = ST_EVENT(PTRACE_EVENT_STOP, SIGSTOP),
                              .interrupted = true };
        struct stop_out o;

        (void)state;
        stop_classify(&in, &o);
        assert_int_equal(o.kind, STOP_INTERRUPT);
        in.interrupted = false;
        stop_classify(&in, &o);
        assert_int_equal(o.kind, STOP_GROUP);
}

static void test_stop_group_stop_told_once(void **state)
{
        /* Once the group-stop is reported, another thread's part in it (a thread whose
         * interrupt a breakpoint took joins the group-stop when it runs again) is no
         * news: an interrupt, resumed under `cont`, reported under `pause` */
        struct stop_in in = { .resumed = RESUME_CONT,
                              .status = ST_EVENT(PTRACE_EVENT_STOP, SIGSTOP),
                              .group_told = true };
        struct stop_out o;
        struct stop_ctx ctx = { .intent = INTENT_CONT };
        struct stop_decision d;

        (void)state;
        stop_classify(&in, &o);
        assert_int_equal(o.kind, STOP_INTERRUPT);
        stop_decide(&ctx, &o, &d);
        assert_int_equal(d.action, ACT_RESUME);
        ctx.pause_requested = true;
        stop_decide(&ctx, &o, &d);
        assert_int_equal(d.action, ACT_REPORT);
        /* a signal's own stop is still a signal */
        in.status = ST_STOPPED(SIGSTOP);
        stop_classify(&in, &o);
        assert_int_equal(o.kind, STOP_SIGNAL);
}

static void test_stop_other_events(void **state)
{
        struct stop_out o = classify(RESUME_CONT, ST_EVENT(PTRACE_EVENT_CLONE, SIGTRAP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_EVENT);
        assert_int_equal(o.event, PTRACE_EVENT_CLONE);
        o = classify(RESUME_CONT, ST_EVENT(PTRACE_EVENT_EXIT, SIGTRAP), -1000, 0, 0);
        assert_int_equal(o.kind, STOP_EVENT);
}

static struct stop_decision decide(struct stop_ctx ctx, enum stop_kind kind, int sig)
{
        struct stop_out st = { .kind = kind, .state = STATE_STOPPED, .sig = sig };
        struct stop_decision d;

        stop_decide(&ctx, &st, &d);
        return d;
}

static void test_stop_decide_breakpoint_hit(void **state)
{
        struct stop_decision d = decide((struct stop_ctx){ .intent = INTENT_CONT },
                                        STOP_BREAKPOINT, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_BREAKPOINT);
        assert_true(d.rewind_pc);
        assert_true(d.hit);
        assert_false(d.reinsert);
}

static void test_stop_decide_step_over_then_continue(void **state)
{
        /* cont from a breakpoint: the step over it ends, re-arm, go on continuing. */
        struct stop_decision d = decide(
                (struct stop_ctx){ .intent = INTENT_CONT, .stepping_over = true }, STOP_STEP, 0);
        assert_int_equal(d.action, ACT_RESUME);
        assert_int_equal(d.resume, RESUME_CONT);
        assert_true(d.reinsert);
        assert_false(d.rewind_pc);
        /* syscall from a breakpoint goes on with PTRACE_SYSCALL. */
        d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL, .stepping_over = true },
                   STOP_STEP, 0);
        assert_int_equal(d.resume, RESUME_SYSCALL);
        assert_true(d.reinsert);
        /* The step over ended on a breakpoint (the same one, after one iteration of a rep
         * string instruction, or the next instruction's): a hit, its int3 not run. */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT, .stepping_over = true,
                                      .at_breakpoint = true },
                   STOP_STEP, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_BREAKPOINT);
        assert_true(d.hit);
        assert_true(d.reinsert);
        assert_false(d.rewind_pc);
}

static void test_stop_decide_counted_steps(void **state)
{
        struct stop_decision d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 3 },
                                        STOP_STEP, 0);
        assert_int_equal(d.action, ACT_RESUME);
        assert_int_equal(d.resume, RESUME_STEP);
        assert_true(d.step_done);
        d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 1 }, STOP_STEP, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_STEP);
        /* A step from a breakpoint is the step over it: re-arm and report. */
        d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 1,
                                      .stepping_over = true },
                   STOP_STEP, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_true(d.reinsert);
        assert_false(d.rewind_pc);
        /* Arriving at a breakpoint ends a counted step, as a hit (as gdb). */
        d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 5,
                                      .at_breakpoint = true },
                   STOP_STEP, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_BREAKPOINT);
        assert_true(d.hit);
        assert_false(d.rewind_pc);
        /* The first trap of a step from an exec stop is execve's return: no
         * instruction ran, so it is neither counted nor reported. */
        d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 1,
                                      .exec_exit_trap = true },
                   STOP_STEP, 0);
        assert_int_equal(d.action, ACT_RESUME);
        assert_int_equal(d.resume, RESUME_STEP);
        assert_false(d.step_done);
        /* A pause ends a counted step. */
        d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 5,
                                      .pause_requested = true },
                   STOP_STEP, 0);
        assert_int_equal(d.action, ACT_REPORT);
}

static void test_stop_decide_signals(void **state)
{
        struct stop_decision d = decide((struct stop_ctx){ .intent = INTENT_CONT }, STOP_SIGNAL,
                                        SIGSEGV);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_SIGNAL);
        /* SIGCHLD and friends pass without a stop, delivered. */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT, .pass_silently = true }, STOP_SIGNAL,
                   SIGCHLD);
        assert_int_equal(d.action, ACT_RESUME);
        assert_int_equal(d.resume, RESUME_CONT);
        assert_int_equal(d.deliver, SIGCHLD);
        /* ... but a pause wins: the stop is the pause's (the signal stays pending, not
         * reported as a signal stop). */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT, .pass_silently = true,
                                      .pause_requested = true },
                   STOP_SIGNAL, SIGCHLD);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_INTERRUPT);
        d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL, .pass_silently = true,
                                      .pause_requested = true },
                   STOP_SIGNAL, SIGALRM);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_INTERRUPT);
        /* A signal during a step-over: re-arm and report. */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT, .stepping_over = true }, STOP_SIGNAL,
                   SIGINT);
        assert_int_equal(d.action, ACT_REPORT);
        assert_true(d.reinsert);
}

static void test_stop_decide_syscalls_and_interrupts(void **state)
{
        struct stop_decision d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL },
                                        STOP_SYSCALL_ENTRY, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_SYSCALL_ENTRY);
        d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL }, STOP_SYSCALL_EXIT, 0);
        assert_int_equal(d.report, STOP_SYSCALL_EXIT);
        /* A seccomp stop is the entry only when the filter stands in for
         * PTRACE_SYSCALL; otherwise the entry stop came first. */
        d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL, .seccomp_entries = true },
                   STOP_SECCOMP, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_SYSCALL_ENTRY);
        d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL }, STOP_SECCOMP, 0);
        assert_int_equal(d.action, ACT_RESUME);
        assert_int_equal(d.resume, RESUME_SYSCALL);
        d = decide((struct stop_ctx){ .intent = INTENT_SYSCALL, .syscall_unwanted = true },
                   STOP_SYSCALL_ENTRY, 0);
        assert_int_equal(d.action, ACT_RESUME);
        d = decide((struct stop_ctx){ .intent = INTENT_CONT }, STOP_SECCOMP, 0);
        assert_int_equal(d.resume, RESUME_CONT);
        /* A pause's interrupt is reported; a stale one is swallowed. */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT, .pause_requested = true },
                   STOP_INTERRUPT, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_INTERRUPT);
        d = decide((struct stop_ctx){ .intent = INTENT_CONT }, STOP_INTERRUPT, 0);
        assert_int_equal(d.action, ACT_RESUME);
        assert_int_equal(d.resume, RESUME_CONT);
        /* Group-stops and execs are reported. */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT }, STOP_GROUP, SIGSTOP);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_GROUP);
        d = decide((struct stop_ctx){ .intent = INTENT_CONT }, STOP_EXEC, 0);
        assert_int_equal(d.report, STOP_EXEC);
        d = decide((struct stop_ctx){ .intent = INTENT_NONE }, STOP_EXEC, 0);
        assert_int_equal(d.report, STOP_EXEC);
        /* Other events are passed through while running. */
        d = decide((struct stop_ctx){ .intent = INTENT_CONT }, STOP_EVENT, 0);
        assert_int_equal(d.action, ACT_RESUME);
}

/* A watchpoint's SIGTRAP (DR6 said so): after a continue or in a step, it is the
 * watchpoint, reported at once (the step count or the intent do not hide it), and a
 * step-over under way still re-arms its breakpoint. */
static void test_stop_watchpoint(void **state)
{
        struct stop_in in = { .resumed = RESUME_CONT, .status = ST_STOPPED(SIGTRAP),
                              .have_siginfo = true, .si_code = 4 /* TRAP_HWBKPT */,
                              .watch_hit = true };
        struct stop_out out;
        struct stop_decision d;

        (void)state;
        stop_classify(&in, &out);
        assert_int_equal(out.kind, STOP_WATCHPOINT);
        in.resumed = RESUME_STEP;
        in.si_code = TRAP_TRACE_;
        stop_classify(&in, &out);
        assert_int_equal(out.kind, STOP_WATCHPOINT);
        in.watch_hit = false;
        stop_classify(&in, &out);
        assert_int_equal(out.kind, STOP_STEP);

        d = decide((struct stop_ctx){ .intent = INTENT_STEP, .steps_left = 50 },
                   STOP_WATCHPOINT, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_int_equal(d.report, STOP_WATCHPOINT);
        assert_false(d.rewind_pc);
        assert_false(d.hit);
        d = decide((struct stop_ctx){ .intent = INTENT_CONT, .stepping_over = true },
                   STOP_WATCHPOINT, 0);
        assert_int_equal(d.action, ACT_REPORT);
        assert_true(d.reinsert);
        assert_string_equal(stop_kind_name(STOP_WATCHPOINT), "watchpoint");
}

static void test_stop_names(void **state)
{
        assert_string_equal(stop_kind_name(STOP_BREAKPOINT), "breakpoint");
        assert_string_equal(stop_kind_name(STOP_SYSCALL_ENTRY), "syscall-entry");
        assert_string_equal(stop_kind_name(STOP_SYSCALL_EXIT), "syscall-exit");
        assert_string_equal(stop_kind_name(STOP_GROUP), "signal");
        assert_string_equal(stop_kind_name(STOP_INTERRUPT), "interrupted");
        assert_string_equal(session_state_name(STATE_KILLED), "killed");
}

/* The signals whose default action ends the process (signal(7)): terminate or core. */
static void test_stop_signal_fatal(void **state)
{
        static const int fatal[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT,
                                     SIGBUS, SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2,
                                     SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGXCPU,
                                     SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS,
                                     34, 64 }; /* the kernel's SIGRTMIN and SIGRTMAX */
        static const int not_fatal[] = { SIGCHLD, SIGCONT, SIGURG, SIGWINCH, SIGSTOP,
                                         SIGTSTP, SIGTTIN, SIGTTOU, 0, -1, 65 };

        (void)state;
        for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
                assert_true(stop_signal_fatal(fatal[i]));
        for (size_t i = 0; i < sizeof(not_fatal) / sizeof(not_fatal[0]); i++)
                assert_false(stop_signal_fatal(not_fatal[i]));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_stop_exit_and_death),
                cmocka_unit_test(test_stop_exec_event),
                cmocka_unit_test(test_stop_breakpoint_needs_si_kernel_and_ours),
                cmocka_unit_test(test_stop_step_is_not_a_breakpoint),
                cmocka_unit_test(test_stop_syscall_entry_exit),
                cmocka_unit_test(test_stop_signals),
                cmocka_unit_test(test_stop_group_stop_and_interrupt),
                cmocka_unit_test(test_stop_interrupt_of_a_stopped_process),
                cmocka_unit_test(test_stop_group_stop_told_once),
                cmocka_unit_test(test_stop_other_events),
                cmocka_unit_test(test_stop_decide_breakpoint_hit),
                cmocka_unit_test(test_stop_decide_step_over_then_continue),
                cmocka_unit_test(test_stop_decide_counted_steps),
                cmocka_unit_test(test_stop_decide_signals),
                cmocka_unit_test(test_stop_decide_syscalls_and_interrupts),
                cmocka_unit_test(test_stop_watchpoint),
                cmocka_unit_test(test_stop_names),
                cmocka_unit_test(test_stop_signal_fatal),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
