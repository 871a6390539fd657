/* test_tasks.c: the toy tasks: exact answers, vocabularies, lengths, determinism and the held-out
 * split (disjoint from training, shared across the number tasks, by date rather than by form). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasks.h"

enum { N_STREAM = 20000, N_HELDOUT = 2000 };

/* ---- helpers ---------------------------------------------------------------------------------- */

static int cp_len(const char *s) {
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

static int all_single_code_points(const char *const *syms, int n) {
    for (int k = 0; k < n; k++)
        if ((int)strlen(syms[k]) != cp_len(syms[k])) return 0;
    return 1;
}

/* Splits text the way the tokenizer will (per code point for character vocabularies, on spaces
 * for word ones), fails on any token that is not a symbol, and returns the token count. */
static int check_tokens(const char *text, const char *const *syms, int n) {
    int by_char = all_single_code_points(syms, n), count = 0;
    const char *p = text;
    while (*p) {
        size_t len = by_char ? (size_t)cp_len(p) : strcspn(p, " ");
        int found = 0;
        for (int k = 0; k < n && !found; k++) found = strlen(syms[k]) == len && memcmp(syms[k], p, len) == 0;
        if (!found) fail_msg("token '%.*s' of \"%s\" is not in the vocabulary", (int)len, p, text);
        count++;
        p += len;
        if (!by_char && *p == ' ') p++;
    }
    return count;
}

/* The source and target fit the task's vocabularies and max_len (the target with its <end>). */
static void check_example(s2s_task_id id, const char *src, const char *tgt) {
    const s2s_task_info *ti = task_info(id);
    int ns = check_tokens(src, ti->src_symbols, ti->n_src);
    int nt = check_tokens(tgt, ti->tgt_symbols, ti->n_tgt);
    assert_true(ns >= 1);
    assert_true(nt >= 1);
    assert_true(ns <= ti->max_len);
    assert_true(nt + 1 <= ti->max_len);
    if (!task_accepts(id, src, tgt)) fail_msg("%s: \"%s\" -> \"%s\" not accepted", ti->name, src, tgt);
}

/* An independent English spelling, for the exhaustive check. */
static void ref_words(int n, int with_and, char *out) {
    static const char *const small[20] = {"zero", "one", "two", "three", "four", "five", "six",
                                          "seven", "eight", "nine", "ten", "eleven", "twelve",
                                          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                          "eighteen", "nineteen"};
    static const char *const tens[10] = {"", "", "twenty", "thirty", "forty",
                                         "fifty", "sixty", "seventy", "eighty", "ninety"};
    char parts[4][64] = {"", "", "", ""};
    if (n == 0) {
        strcpy(out, "zero");
        return;
    }
    if (n >= 1000) snprintf(parts[0], 64, "%s thousand", small[n / 1000]);
    if (n / 100 % 10) snprintf(parts[1], 64, "%s hundred%s", small[n / 100 % 10], with_and && n % 100 ? " and" : "");
    int r = n % 100;
    if (r >= 20) snprintf(parts[2], 64, "%s%s%s", tens[r / 10], r % 10 ? " " : "", r % 10 ? small[r % 10] : "");
    else if (r) snprintf(parts[2], 64, "%s", small[r]);
    out[0] = '\0';
    for (int k = 0; k < 3; k++)
        if (parts[k][0]) {
            if (out[0]) strcat(out, " ");
            strcat(out, parts[k]);
        }
}

/* An independent Chinese spelling, walking the decimal string left to right. */
static void ref_zh(int n, char *out) {
    static const char *const digit[10] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const unit[4] = {"", "十", "百", "千"};
    char dec[8];
    int len = snprintf(dec, sizeof dec, "%d", n), zeros = 0;
    out[0] = '\0';
    if (n == 0) {
        strcpy(out, "零");
        return;
    }
    for (int k = 0; k < len; k++) {
        int d = dec[k] - '0';
        if (d == 0) {
            zeros = 1;
            continue;
        }
        if (zeros) strcat(out, "零");
        zeros = 0;
        if (!(len == 2 && k == 0 && d == 1)) strcat(out, digit[d]);
        strcat(out, unit[len - 1 - k]);
    }
}

static int days_in(int y, int m) {
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mdays[m - 1] + (m == 2 && leap);
}

static const char *const FULL[12] = {"january", "february", "march", "april", "may", "june", "july",
                                     "august", "september", "october", "november", "december"};
static const char *const ABBR[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static void date_forms(int y, int m, int d, char out[5][64]) {
    snprintf(out[0], 64, "%d %s %d", d, ABBR[m - 1], y);
    snprintf(out[1], 64, "%d %s %d", d, FULL[m - 1], y);
    snprintf(out[2], 64, "%s %d, %d", FULL[m - 1], d, y);
    snprintf(out[3], 64, "%s %d, %d", ABBR[m - 1], d, y);
    snprintf(out[4], 64, "%02d/%02d/%d", d, m, y);
}

/* ---- names and vocabularies ----------------------------------------------------------------- */

static void test_find_and_info(void **state) {
    (void)state;
    static const char *const names[TASK_COUNT] = {"reverse", "sort", "number-words",
                                                  "number-zh", "dates", "number-words-mixed"};
    for (int id = 0; id < TASK_COUNT; id++) {
        assert_int_equal(task_find(names[id]), id);
        assert_string_equal(task_info((s2s_task_id)id)->name, names[id]);
    }
    assert_int_equal(task_find("number"), -1);
    assert_int_equal(task_find("Reverse"), -1);
    assert_int_equal(task_find(""), -1);
    assert_null(task_info(TASK_COUNT));
}

static void test_symbol_tables(void **state) {
    (void)state;
    static const int want_max_len[TASK_COUNT] = {14, 14, 10, 10, 20, 10};
    for (int id = 0; id < TASK_COUNT; id++) {
        const s2s_task_info *ti = task_info((s2s_task_id)id);
        assert_int_equal(ti->max_len, want_max_len[id]);
        const char *const *lists[2] = {ti->src_symbols, ti->tgt_symbols};
        int ns[2] = {ti->n_src, ti->n_tgt};
        for (int side = 0; side < 2; side++) {
            assert_true(ns[side] > 0);
            int by_char = all_single_code_points(lists[side], ns[side]);
            for (int a = 0; a < ns[side]; a++) {
                assert_true(strlen(lists[side][a]) > 0);
                assert_true(lists[side][a][0] != '<'); /* no specials */
                if (!by_char) assert_null(strchr(lists[side][a], ' '));
                for (int b = a + 1; b < ns[side]; b++) assert_string_not_equal(lists[side][a], lists[side][b]);
            }
        }
        /* The default input is a valid source that fits. */
        int n = check_tokens(ti->example, ti->src_symbols, ti->n_src);
        assert_true(n >= 1 && n <= ti->max_len);
    }
    assert_int_equal(task_info(TASK_REVERSE)->n_src, 26);
    assert_int_equal(task_info(TASK_SORT)->n_tgt, 10);
    assert_int_equal(task_info(TASK_NUMBER_WORDS)->n_tgt, 30);
    assert_int_equal(task_info(TASK_NUMBER_WORDS_MIXED)->n_tgt, 31);
    assert_string_equal(task_info(TASK_NUMBER_WORDS_MIXED)->tgt_symbols[30], "and");
    assert_int_equal(task_info(TASK_NUMBER_ZH)->n_src, 30);
    assert_int_equal(task_info(TASK_NUMBER_ZH)->n_tgt, 13);
    assert_string_equal(task_info(TASK_NUMBER_ZH)->tgt_symbols[0], "零");
    assert_string_equal(task_info(TASK_DATES)->src_symbols[0], " ");
    assert_int_equal(task_info(TASK_DATES)->n_tgt, 11);
    /* Every month name uses only the date source characters. */
    for (int m = 0; m < 12; m++) check_tokens(FULL[m], task_info(TASK_DATES)->src_symbols, task_info(TASK_DATES)->n_src);
    /* The defaults solve as the issue says. */
    assert_true(task_accepts(TASK_REVERSE, "stepformer", "remrofpets"));
    assert_true(task_accepts(TASK_SORT, "3141592", "1123459"));
    assert_true(task_accepts(TASK_DATES, task_info(TASK_DATES)->example, "2026-11-26"));
    assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, "105", "one hundred and five"));
}

/* ---- exact answers ----------------------------------------------------------------------- */

static const struct {
    const char *digits, *words, *zh;
} NUMBERS[] = {
    {"1205", "one thousand two hundred five", "一千二百零五"},
    {"40", "forty", "四十"},
    {"99", "ninety nine", "九十九"},
    {"0", "zero", "零"},
    {"15", "fifteen", "十五"},
    {"10", "ten", "十"},
    {"100", "one hundred", "一百"},
    {"110", "one hundred ten", "一百一十"},
    {"1005", "one thousand five", "一千零五"},
    {"1050", "one thousand fifty", "一千零五十"},
    {"1500", "one thousand five hundred", "一千五百"},
    {"1000", "one thousand", "一千"},
    {"1010", "one thousand ten", "一千零一十"},
    {"2000", "two thousand", "二千"},
    {"9999", "nine thousand nine hundred ninety nine", "九千九百九十九"},
    {"7", "seven", "七"},
    {"2002", "two thousand two", "二千零二"},
    {"1011", "one thousand eleven", "一千零一十一"},
};

static void test_number_examples(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof NUMBERS / sizeof NUMBERS[0]; k++) {
        assert_true(task_accepts(TASK_NUMBER_WORDS, NUMBERS[k].digits, NUMBERS[k].words));
        assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, NUMBERS[k].digits, NUMBERS[k].words));
        assert_true(task_accepts(TASK_NUMBER_ZH, NUMBERS[k].words, NUMBERS[k].zh));
    }
    assert_false(task_accepts(TASK_NUMBER_WORDS, "1205", "one thousand two hundred and five"));
    assert_false(task_accepts(TASK_NUMBER_WORDS, "99", "ninety-nine"));
    assert_false(task_accepts(TASK_NUMBER_WORDS, "40", "fourty"));
    assert_false(task_accepts(TASK_NUMBER_WORDS, "1205", "one thousand two hundred five "));
    assert_false(task_accepts(TASK_NUMBER_WORDS, "0040", "forty"));      /* leading zeros */
    assert_false(task_accepts(TASK_NUMBER_WORDS, "10000", "ten thousand")); /* out of range */
    assert_false(task_accepts(TASK_NUMBER_ZH, "one thousand two hundred five", "一千两百零五"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "fifteen", "一十五"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "one hundred ten", "一百十"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "one thousand five", "一千零零五"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "one hundred and ten", "一百一十")); /* no "and" here */
    assert_false(task_accepts(TASK_NUMBER_ZH, "nine nine", "十八"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "ninety", "九十零"));
}

/* Every number 0..9999 against the independent spellings, and the held-out split per number. */
static void test_numbers_exhaustive(void **state) {
    (void)state;
    char digits[8], words[128], words_and[128], zh[128], src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
    int n_held = 0;
    for (int n = 0; n < 10000; n++) {
        snprintf(digits, sizeof digits, "%d", n);
        ref_words(n, 0, words);
        ref_words(n, 1, words_and);
        ref_zh(n, zh);
        assert_true(task_accepts(TASK_NUMBER_WORDS, digits, words));
        assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, digits, words_and));
        assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, digits, words));
        assert_int_equal(task_accepts(TASK_NUMBER_WORDS, digits, words_and), strcmp(words, words_and) == 0);
        if (!task_accepts(TASK_NUMBER_ZH, words, zh)) fail_msg("%s -> %s rejected", words, zh);
        /* The same number is held out in all three tasks. */
        int h = task_is_heldout(TASK_NUMBER_WORDS, digits);
        assert_int_equal(task_is_heldout(TASK_NUMBER_WORDS_MIXED, digits), h);
        assert_int_equal(task_is_heldout(TASK_NUMBER_ZH, words), h);
        n_held += h;
    }
    assert_true(n_held >= 900 && n_held <= 1100);

    /* The enumeration lists exactly the held-out numbers, once each, then stops. */
    char *seen = calloc(10000, 1);
    assert_non_null(seen);
    int i = 0;
    for (; task_heldout(TASK_NUMBER_WORDS, i, src, tgt) == 0; i++) {
        int n = atoi(src);
        assert_true(task_is_heldout(TASK_NUMBER_WORDS, src));
        assert_int_equal(seen[n], 0);
        seen[n] = 1;
        /* The i-th held-out example is the same number in every number task. */
        char src2[TASK_TEXT_MAX], tgt2[TASK_TEXT_MAX];
        assert_int_equal(task_heldout(TASK_NUMBER_ZH, i, src2, tgt2), 0);
        assert_string_equal(src2, tgt);
        assert_int_equal(task_heldout(TASK_NUMBER_WORDS_MIXED, i, src2, tgt2), 0);
        assert_string_equal(src2, src);
    }
    free(seen);
    assert_int_equal(i, n_held);
    assert_int_equal(task_heldout(TASK_NUMBER_ZH, i, src, tgt), -1);
    assert_int_equal(task_heldout(TASK_NUMBER_WORDS_MIXED, i + 5, src, tgt), -1);
    assert_int_equal(task_heldout(TASK_NUMBER_WORDS, -1, src, tgt), -1);
}

static void test_date_examples(void **state) {
    (void)state;
    const char *forms[] = {"26 nov 2026", "26 november 2026", "november 26, 2026", "nov 26, 2026", "26/11/2026"};
    for (int k = 0; k < 5; k++) {
        assert_true(task_accepts(TASK_DATES, forms[k], "2026-11-26"));
        assert_false(task_accepts(TASK_DATES, forms[k], "2026-11-25"));
    }
    const char *leap[] = {"29 feb 2000", "29 february 2000", "february 29, 2000", "feb 29, 2000", "29/02/2000"};
    for (int k = 0; k < 5; k++) assert_true(task_accepts(TASK_DATES, leap[k], "2000-02-29"));
    assert_true(task_accepts(TASK_DATES, "3 may 1900", "1900-05-03"));
    assert_true(task_accepts(TASK_DATES, "05/01/1900", "1900-01-05"));
    assert_true(task_accepts(TASK_DATES, "december 31, 2099", "2099-12-31"));
    assert_true(task_accepts(TASK_DATES, "29 feb 2096", "2096-02-29"));
    /* Not dates, outside the range, or not one of the five forms; each beside the answer a lax
     * reading would give it. */
    static const struct {
        const char *src, *lax;
    } bad[] = {
        {"29 feb 1900", "1900-02-29"},  {"29/02/1900", "1900-02-29"},    {"february 29, 1900", "1900-02-29"},
        {"29 feb 2001", "2001-02-29"},  {"31 apr 2026", "2026-04-31"},   {"31 dec 1899", "1899-12-31"},
        {"1 jan 2100", "2100-01-01"},   {"26 Nov 2026", "2026-11-26"},   {"26 nov. 2026", "2026-11-26"},
        {"026 nov 2026", "2026-11-26"}, {"06 nov 2026", "2026-11-06"},   {"6/11/2026", "2026-11-06"},
        {"26/11/26", "2026-11-26"},     {"november 26 2026", "2026-11-26"}, {"26 novem 2026", "2026-11-26"},
        {"nov 26,2026", "2026-11-26"},  {"26 nov 2026 ", "2026-11-26"},  {"", "2026-11-26"},
        {"0 nov 2026", "2026-11-00"},   {"26/13/2026", "2026-13-26"},    {"nov 06, 2026", "2026-11-06"},
        {"6 11 2026", "2026-11-06"},    {"26-11-2026", "2026-11-26"},    {"26 nov  2026", "2026-11-26"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        if (task_accepts(TASK_DATES, bad[k].src, bad[k].lax)) fail_msg("accepted \"%s\"", bad[k].src);
        assert_false(task_is_heldout(TASK_DATES, bad[k].src));
    }
    /* A lax reading would hold some of these out: check enough that one would be. */
    int y, m, d, n_held = 0;
    char spelled[5][64], odd[72];
    for (y = 1950; y < 1960; y++)
        for (m = 1; m <= 9; m++)
            for (d = 1; d <= 9; d++) {
                date_forms(y, m, d, spelled);
                snprintf(odd, sizeof odd, "0%s", spelled[0]); /* "03 feb 1950" */
                n_held += task_is_heldout(TASK_DATES, spelled[0]);
                assert_false(task_is_heldout(TASK_DATES, odd));
            }
    assert_true(n_held > 0);
}

/* ---- streams ------------------------------------------------------------------------------ */

static void test_reverse_sort(void **state) {
    (void)state;
    s2s_rng rng;
    rng_seed(&rng, 11);
    char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
    int lengths[13] = {0};
    for (int k = 0; k < N_STREAM; k++) {
        task_sample(TASK_REVERSE, &rng, src, tgt);
        size_t len = strlen(src);
        assert_true(len >= 1 && len <= 12);
        assert_int_equal(strlen(tgt), len);
        for (size_t j = 0; j < len; j++) assert_int_equal(tgt[j], src[len - 1 - j]);
        lengths[len]++;

        task_sample(TASK_SORT, &rng, src, tgt);
        len = strlen(src);
        assert_true(len >= 1 && len <= 12);
        assert_int_equal(strlen(tgt), len);
        int count[10] = {0};
        for (size_t j = 0; j < len; j++) count[src[j] - '0']++, count[tgt[j] - '0']--;
        for (int d = 0; d < 10; d++) assert_int_equal(count[d], 0);
        for (size_t j = 1; j < len; j++) assert_true(tgt[j - 1] <= tgt[j]);
    }
    for (int len = 2; len <= 12; len++) assert_true(lengths[len] > N_STREAM / 12 / 2); /* all lengths */
    assert_false(task_accepts(TASK_REVERSE, "abc", "abc"));
    assert_false(task_accepts(TASK_REVERSE, "aBc", "cBa"));
    assert_false(task_accepts(TASK_SORT, "3a1", "13a"));
    assert_false(task_accepts(TASK_SORT, "1234567890123", "0112233456789")); /* 13 digits */
    assert_false(task_accepts(TASK_REVERSE, "abcdefghijklm", "mlkjihgfedcba"));
    assert_true(task_accepts(TASK_REVERSE, "abcdefghijkl", "lkjihgfedcba"));
}

static void test_determinism(void **state) {
    (void)state;
    for (int id = 0; id < TASK_COUNT; id++) {
        s2s_rng a, b, c;
        rng_seed(&a, 1234);
        rng_seed(&b, 1234);
        rng_seed(&c, 1235);
        char sa[TASK_TEXT_MAX], ta[TASK_TEXT_MAX], sb[TASK_TEXT_MAX], tb[TASK_TEXT_MAX];
        int differs = 0;
        for (int k = 0; k < 200; k++) {
            task_sample((s2s_task_id)id, &a, sa, ta);
            task_sample((s2s_task_id)id, &b, sb, tb);
            assert_string_equal(sa, sb);
            assert_string_equal(ta, tb);
            task_sample((s2s_task_id)id, &c, sb, tb);
            differs += strcmp(sa, sb) != 0;
        }
        assert_true(differs > 100);
        for (int i = 0; i < 50; i++) {
            assert_int_equal(task_heldout((s2s_task_id)id, i, sa, ta), 0);
            assert_int_equal(task_heldout((s2s_task_id)id, i, sb, tb), 0);
            assert_string_equal(sa, sb);
            assert_string_equal(ta, tb);
        }
    }
}

/* Training never shows a held-out input; every example is right and fits its vocabularies. */
static void test_stream_properties(void **state) {
    (void)state;
    char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
    for (int id = 0; id < TASK_COUNT; id++) {
        s2s_rng rng;
        rng_seed(&rng, 42 + (uint64_t)id);
        for (int k = 0; k < N_STREAM; k++) {
            task_sample((s2s_task_id)id, &rng, src, tgt);
            if (task_is_heldout((s2s_task_id)id, src)) fail_msg("training gave held-out \"%s\"", src);
            check_example((s2s_task_id)id, src, tgt);
        }
    }
}

static void test_heldout_properties(void **state) {
    (void)state;
    char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
    for (int id = 0; id < TASK_COUNT; id++) {
        int n = 0;
        for (int i = 0; i < N_HELDOUT && task_heldout((s2s_task_id)id, i, src, tgt) == 0; i++, n++) {
            if (!task_is_heldout((s2s_task_id)id, src)) fail_msg("held-out \"%s\" not held out", src);
            check_example((s2s_task_id)id, src, tgt);
        }
        /* Only the number tasks run out before 2000 (about a thousand numbers are held out). */
        int finite = id == TASK_NUMBER_WORDS || id == TASK_NUMBER_ZH || id == TASK_NUMBER_WORDS_MIXED;
        assert_true(finite ? n >= 900 && n < N_HELDOUT : n == N_HELDOUT);
    }
    /* About 1 in 10 random strings are held out. */
    s2s_rng rng;
    rng_seed(&rng, 5);
    int held[2] = {0, 0};
    for (int k = 0; k < N_STREAM; k++) {
        int len = 1 + (int)rng_below(&rng, 12);
        for (int j = 0; j < len; j++) src[j] = (char)('a' + rng_below(&rng, 26)), tgt[j] = (char)('0' + rng_below(&rng, 10));
        src[len] = tgt[len] = '\0';
        held[0] += task_is_heldout(TASK_REVERSE, src);
        held[1] += task_is_heldout(TASK_SORT, tgt);
    }
    for (int t = 0; t < 2; t++) assert_true(held[t] > N_STREAM / 10 * 8 / 10 && held[t] < N_STREAM / 10 * 12 / 10);
}

/* A date is held out in every form, and the stream covers the calendar correctly. */
static void test_dates_stream(void **state) {
    (void)state;
    char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX], forms[5][64];
    int y, m, d;
    int n_held_dates = 0, n_held_total = 0;
    for (int i = 0; i < N_HELDOUT; i++) {
        assert_int_equal(task_heldout(TASK_DATES, i, src, tgt), 0);
        assert_int_equal(sscanf(tgt, "%d-%d-%d", &y, &m, &d), 3);
        date_forms(y, m, d, forms);
        for (int f = 0; f < 5; f++) {
            assert_true(task_is_heldout(TASK_DATES, forms[f]));
            assert_true(task_accepts(TASK_DATES, forms[f], tgt));
        }
    }
    /* Exhaustively: the held-out dates number about a tenth of the range, with all forms agreeing. */
    for (y = 1900; y <= 2099; y++)
        for (m = 1; m <= 12; m++)
            for (d = 1; d <= days_in(y, m); d++) {
                date_forms(y, m, d, forms);
                int h = task_is_heldout(TASK_DATES, forms[0]);
                for (int f = 1; f < 5; f++) assert_int_equal(task_is_heldout(TASK_DATES, forms[f]), h);
                n_held_dates += h;
                n_held_total++;
            }
    assert_int_equal(n_held_total, 73049);
    assert_true(n_held_dates >= 7000 && n_held_dates <= 7700);
    assert_int_equal(task_heldout(TASK_DATES, n_held_dates, src, tgt), -1);
    assert_int_equal(task_heldout(TASK_DATES, n_held_dates - 1, src, tgt), 0);

    s2s_rng rng;
    rng_seed(&rng, 2026);
    int form_count[5] = {0}, n_counted = 0, leap_days = 0;
    for (int k = 0; k < 50000; k++) {
        task_sample(TASK_DATES, &rng, src, tgt);
        assert_int_equal(sscanf(tgt, "%4d-%2d-%2d", &y, &m, &d), 3);
        assert_int_equal(strlen(tgt), 10);
        assert_true(y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m));
        assert_string_not_equal(tgt, "1900-02-29");
        leap_days += m == 2 && d == 29;
        date_forms(y, m, d, forms);
        int f = 0;
        while (f < 5 && strcmp(forms[f], src) != 0) f++;
        if (f == 5) fail_msg("\"%s\" is none of the five forms of %s", src, tgt);
        if (m != 5) form_count[f]++, n_counted++; /* "may" is both its full and short name */
    }
    for (int f = 0; f < 5; f++) assert_true(form_count[f] > n_counted / 5 * 9 / 10 && form_count[f] < n_counted / 5 * 11 / 10);
    assert_true(leap_days > 10); /* 49 leap days in 73049: about 33 expected */
}

static void test_mixed(void **state) {
    (void)state;
    s2s_rng rng;
    rng_seed(&rng, 99);
    char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX], plain[128], with_and[128];
    int with = 0, without = 0;
    for (int k = 0; k < N_STREAM; k++) {
        task_sample(TASK_NUMBER_WORDS_MIXED, &rng, src, tgt);
        int n = atoi(src);
        ref_words(n, 0, plain);
        ref_words(n, 1, with_and);
        if (strcmp(plain, with_and) == 0) {
            assert_string_equal(tgt, plain); /* nothing after hundred, or no hundred: no "and" */
        } else if (strcmp(tgt, plain) == 0) {
            without++;
        } else {
            assert_string_equal(tgt, with_and);
            with++;
        }
        /* "and" only ever right after "hundred". */
        const char *a = strstr(tgt, " and");
        if (a) assert_true(a - tgt >= 7 && strncmp(a - 7, "hundred and ", 12) == 0);
    }
    assert_true(with + without > N_STREAM / 4);
    /* Short numbers (the ones people type) are common: each digit count is about a quarter. */
    int by_digits[5] = {0};
    rng_seed(&rng, 7);
    for (int k = 0; k < N_STREAM; k++) {
        task_sample(TASK_NUMBER_WORDS, &rng, src, tgt);
        by_digits[strlen(src)]++;
    }
    for (int k = 1; k <= 4; k++) assert_true(by_digits[k] > N_STREAM / 5 && by_digits[k] < N_STREAM * 3 / 10);
    double share = (double)with / (with + without);
    assert_true(share > 0.45 && share < 0.55);
    /* The held-out phrasing is fixed per i, and both phrasings occur. */
    int held_with = 0, held_both = 0;
    for (int i = 0; task_heldout(TASK_NUMBER_WORDS_MIXED, i, src, tgt) == 0; i++) {
        ref_words(atoi(src), 0, plain);
        ref_words(atoi(src), 1, with_and);
        if (strcmp(plain, with_and) != 0) held_both++, held_with += strcmp(tgt, with_and) == 0;
    }
    assert_true(held_with > held_both / 3 && held_with < held_both * 2 / 3);

    assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, "105", "one hundred five"));
    assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, "105", "one hundred and five"));
    assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, "2340", "two thousand three hundred and forty"));
    assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, "2340", "two thousand three hundred forty"));
    assert_true(task_accepts(TASK_NUMBER_WORDS_MIXED, "300", "three hundred"));
    assert_false(task_accepts(TASK_NUMBER_WORDS_MIXED, "300", "three hundred and"));
    assert_false(task_accepts(TASK_NUMBER_WORDS_MIXED, "1005", "one thousand and five"));
    assert_false(task_accepts(TASK_NUMBER_WORDS_MIXED, "105", "one and hundred five"));
    assert_false(task_accepts(TASK_NUMBER_WORDS_MIXED, "105", "one hundred and and five"));
}

static void test_invalid(void **state) {
    (void)state;
    char src[TASK_TEXT_MAX] = "x", tgt[TASK_TEXT_MAX] = "y";
    s2s_rng rng;
    rng_seed(&rng, 1);
    task_sample(TASK_COUNT, &rng, src, tgt);
    assert_string_equal(src, "");
    assert_string_equal(tgt, "");
    assert_int_equal(task_heldout(TASK_COUNT, 0, src, tgt), -1);
    assert_int_equal(task_heldout(TASK_REVERSE, -3, src, tgt), -1);
    assert_false(task_accepts(TASK_COUNT, "abc", "cba"));
    assert_false(task_accepts(TASK_REVERSE, NULL, "cba"));
    assert_false(task_is_heldout(TASK_NUMBER_ZH, "one hundred hundred hundred hundred hundred hundred"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "thousand thousand thousand thousand thousand", "零"));
    assert_false(task_accepts(TASK_NUMBER_ZH, "", "零"));
    assert_false(task_accepts(TASK_NUMBER_WORDS, "", "zero"));
    assert_false(task_accepts(TASK_REVERSE, "", ""));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_and_info),     cmocka_unit_test(test_symbol_tables),
        cmocka_unit_test(test_number_examples),   cmocka_unit_test(test_numbers_exhaustive),
        cmocka_unit_test(test_date_examples),     cmocka_unit_test(test_reverse_sort),
        cmocka_unit_test(test_determinism),       cmocka_unit_test(test_stream_properties),
        cmocka_unit_test(test_heldout_properties), cmocka_unit_test(test_dates_stream),
        cmocka_unit_test(test_mixed),             cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
