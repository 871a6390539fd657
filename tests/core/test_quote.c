/* test_quote.c: core/quote.h, the one way bytes from a file or an argument reach a terminal
 * (issue 14, defect 1): every kind of dangerous byte escaped, UTF-8 kept, cuts at character
 * boundaries, bounded length; and s2s_fail applies it to every message. */
#include "test_util.h"

#include "core/error.h"
#include "core/quote.h"

static void test_quote_escapes(void **state) {
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain", "\"plain\""},
        {"", "\"\""},
        {"\x1b[31mred", "\"\\x1B[31mred\""},
        {"\x1b[2J", "\"\\x1B[2J\""},
        {"a\r\nstepformer: all good", "\"a\\r\\nstepformer: all good\""},
        {"tab\there", "\"tab\\there\""},
        {"quote \" and \\", "\"quote \\\" and \\\\\""},
        {"\x7f\x01", "\"\\x7F\\x01\""},
        {"caf\xc3\xa9 \xe4\xb8\x80 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe4\xb8\x80 \xf0\x9f\x98\x80\""}, /* é 一 😀 kept */
        {"bad \xff\xfe", "\"bad \\xFF\\xFE\""},
        {"cut \xe4\xb8", "\"cut \\xE4\\xB8\""},                 /* a truncated character */
        {"over \xc0\xaf", "\"over \\xC0\\xAF\""},                /* overlong '/' */
        {"sur \xed\xa0\x80", "\"sur \\xED\\xA0\\x80\""},         /* a UTF-16 surrogate */
        {"csi \xc2\x9b" "2J", "\"csi \\xC2\\x9B2J\""},           /* C1 CSI */
        {"rlo \xe2\x80\xae" "cba", "\"rlo \\xE2\\x80\\xAEcba\""}, /* right-to-left override */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        quoted q = quote_text(cases[i].in);
        if (strcmp(q.s, cases[i].want) != 0) fail_msg("quote_text(case %zu) = %s, want %s", i, q.s, cases[i].want);
    }
    assert_string_equal(quote_text(NULL).s, "(none)");
    assert_string_equal(quote_bytes("F32\0junk", 8).s, "\"F32\\x00junk\"");
    char out[64];
    assert_string_equal(text_escape(out, sizeof out, "say \"hi\"\n", 9), "say \"hi\"\\n"); /* no quoting */
    assert_string_equal(text_safe("a\x1b").s, "a\\x1B");
}

/* Cut after QUOTE_MAX_CHARS characters, never inside one, with an ellipsis: a 100 KB argument
 * gives one short line. */
static void test_quote_bounds(void **state) {
    (void)state;
    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i += 2) memcpy(big + i, "\xc3\xa9", 2); /* é */
    big[n] = '\0';
    quoted q = quote_text(big);
    size_t len = strlen(q.s);
    assert_true(len == 1 + 2 * QUOTE_MAX_CHARS + 3 + 1);
    assert_memory_equal(q.s + len - 6, "\xc3\xa9\xe2\x80\xa6\"", 6); /* é…" */
    memset(big, 0x1b, n);                                             /* escapes count as one character each */
    q = quote_text(big);
    assert_int_equal(strlen(q.s), 1 + 4 * QUOTE_MAX_CHARS + 3 + 1);
    /* text_escape stops where the buffer ends, between escapes */
    char small[16];
    text_escape(small, sizeof small, big, n);
    assert_string_equal(small, "\\x1B\\x1B\\x1B\xe2\x80\xa6"); /* 12 + 3 + NUL = 16 */
    free(big);
}

/* Every library message goes through the same escaping, and stays whole characters when long. */
static void test_error_messages_are_safe(void **state) {
    (void)state;
    s2s_error err;
    s2s_fail(&err, "value %s here", "\x1b[2J\r\n");
    assert_string_equal(err.msg, "value \\x1B[2J\\r\\n here");
    char big[2000];
    for (int i = 0; i < 1998; i += 2) memcpy(big + i, "\xc3\xa9", 2);
    big[1998] = '\0';
    s2s_fail(&err, "%s", big);
    size_t len = strlen(err.msg);
    assert_true(len < sizeof err.msg);
    assert_memory_equal(err.msg + len - 3, "\xe2\x80\xa6", 3);
    assert_true(((unsigned char)err.msg[len - 4] & 0xC0) == 0x80 && (unsigned char)err.msg[len - 5] == 0xC3);
    s2s_fail(&err, "%s", big + 1000);
    s2s_fail_prefix(&err, "%s: ", "file\x1b");
    assert_memory_equal(err.msg, "file\\x1B: ", 10);
    len = strlen(err.msg);
    assert_true((unsigned char)err.msg[len - 1] == 0xA9 || (unsigned char)err.msg[len - 1] == 0xA6); /* whole */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_escapes),
        cmocka_unit_test(test_quote_bounds),
        cmocka_unit_test(test_error_messages_are_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
