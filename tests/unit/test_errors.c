/* test_errors.c — the error table and the int -> wire mapping (protocol/errors.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "errors.h"

static const struct {
        int r;
        const char *name;
        int code;
        const char *message;
} table[] = {
#define ROW(name, code, msg) { -ERR_##name, #name, code, msg },
        DBGD_ERRORS(ROW)
#undef ROW
};

static void test_errors_table(void **state)
{
        (void)state;
        assert_int_equal(sizeof(table) / sizeof(table[0]), ERR__END - ERR__BASE - 1);
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                assert_int_equal(dbgd_err_code(table[i].r), table[i].code);
                assert_string_equal(dbgd_err_name(table[i].r), table[i].name);
                assert_string_equal(dbgd_err_message(table[i].r), table[i].message);
                assert_false(dbgd_err_is_errno(table[i].r));
                assert_string_equal(dbgd_err_code_name(table[i].code), table[i].name);
        }
}

static void test_errors_contract_codes(void **state)
{
        (void)state;
        assert_int_equal(dbgd_err_code(-ERR_PARSE), -32700);
        assert_int_equal(dbgd_err_code(-ERR_INVALID_REQUEST), -32600);
        assert_int_equal(dbgd_err_code(-ERR_METHOD_NOT_FOUND), -32601);
        assert_int_equal(dbgd_err_code(-ERR_INVALID_PARAMS), -32602);
        assert_int_equal(dbgd_err_code(-ERR_INTERNAL), -32603);
        assert_int_equal(dbgd_err_code(-ERR_NO_SESSION), -32001);
        assert_int_equal(dbgd_err_code(-ERR_RUNNING), -32002);
        assert_int_equal(dbgd_err_code(-ERR_GONE), -32003);
        assert_int_equal(dbgd_err_code(-ERR_MEMORY), -32004);
        assert_int_equal(dbgd_err_code(-ERR_SPAWN), -32005);
        assert_int_equal(dbgd_err_code(-ERR_BAD_ADDRESS), -32006);
        assert_int_equal(dbgd_err_code(-ERR_LIMIT), -32007);
        assert_int_equal(dbgd_err_code(-ERR_NO_BREAKPOINT), -32008);
        assert_int_equal(dbgd_err_code(-ERR_STATE), -32009);
        assert_int_equal(dbgd_err_code(-ERR_SYSTEM), -32010);
        assert_int_equal(dbgd_err_code(-ERR_NO_SYMBOL), -32011);
        assert_int_equal(dbgd_err_code(-ERR_UNSUPPORTED), -32012);
}

static void test_errors_errno(void **state)
{
        (void)state;
        assert_true(dbgd_err_is_errno(-ENOENT));
        assert_true(dbgd_err_is_errno(-EPERM));
        assert_int_equal(dbgd_err_code(-ENOENT), -32010);
        assert_int_equal(dbgd_err_code(-EIO), -32010);
        assert_int_equal(dbgd_err_code(-EFAULT), -32010);
        assert_string_equal(dbgd_err_name(-ENOENT), "ENOENT");
        assert_string_equal(dbgd_err_name(-EACCES), "EACCES");
        assert_string_equal(dbgd_err_message(-ENOENT), "No such file or directory");
        assert_string_equal(dbgd_errno_name(ENOENT), "ENOENT");
        assert_string_equal(dbgd_errno_name(EIO), "EIO");
        /* the kernel's restart codes, as a syscall's exit shows them */
        assert_string_equal(dbgd_errno_name(512), "ERESTARTSYS");
        assert_string_equal(dbgd_errno_name(516), "ERESTART_RESTARTBLOCK");
        /* Every errno errno.h knows has a name; all errnos are below ERR__BASE. */
        for (int e = 1; e < 134; e++) {
                assert_true(dbgd_err_is_errno(-e));
                if (strerrorname_np(e))
                        assert_string_equal(dbgd_err_name(-e), strerrorname_np(e));
        }
}

static void test_errors_esrch_is_gone(void **state)
{
        (void)state;
        assert_true(dbgd_err_is_errno(-ESRCH));
        assert_int_equal(dbgd_err_code(-ESRCH), -32003);
        assert_string_equal(dbgd_err_name(-ESRCH), "ESRCH");
        assert_string_equal(dbgd_err_message(-ESRCH), "the process has exited");
}

static void test_errors_unknown(void **state)
{
        (void)state;
        /* An errno-range value nobody defines: still SYSTEM, named UNKNOWN. */
        assert_true(dbgd_err_is_errno(-4000));
        assert_int_equal(dbgd_err_code(-4000), -32010);
        assert_string_equal(dbgd_err_name(-4000), "UNKNOWN");
        assert_non_null(dbgd_err_message(-4000));
        assert_null(dbgd_errno_name(4000));
        assert_null(dbgd_errno_name(0));
        assert_null(dbgd_errno_name(-1));

        /* Outside both ranges: INTERNAL, never NULL. */
        const int odd[] = { 0, 1, 42, -ERR__BASE, -ERR__END, -ERR__END - 1, -100000,
                            INT32_MIN };
        for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
                assert_false(dbgd_err_is_errno(odd[i]));
                assert_int_equal(dbgd_err_code(odd[i]), -32603);
                assert_string_equal(dbgd_err_name(odd[i]), "UNKNOWN");
                assert_non_null(dbgd_err_message(odd[i]));
        }
        assert_null(dbgd_err_code_name(-32099));
        assert_null(dbgd_err_code_name(0));
}

static void test_errors_ranges(void **state)
{
        (void)state;
        /* Domain codes start above every errno, so one int carries both. */
        assert_true(ERR_PARSE > ERR__BASE);
        assert_true(ERR__BASE >= 4095);
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                int c = table[i].code;
                assert_true((c >= -32768 && c <= -32600) || (c >= -32099 && c <= -32000));
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_errors_table),
                cmocka_unit_test(test_errors_contract_codes),
                cmocka_unit_test(test_errors_errno),
                cmocka_unit_test(test_errors_esrch_is_gone),
                cmocka_unit_test(test_errors_unknown),
                cmocka_unit_test(test_errors_ranges),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
