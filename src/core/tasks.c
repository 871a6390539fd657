/* tasks.c: the six toy seq2seq tasks: their vocabularies, training streams, held-out sets and
 * answer checks.
 *
 * Held-out split. reverse and sort hash the source text (FNV-1a 64, then a finaliser) and hold
 * out about 1 in 10. The number tasks and dates have small finite input spaces, so they use a
 * keyed bijection of the space instead (a Feistel network with cycle walking): an input is held
 * out when its image is below a tenth of the space. That keys the split on what the input *is*
 * (the number, the date), not on how it is written, so a held-out number is held out in
 * number-words, number-words-mixed and number-zh alike, and a held-out date in all five forms. The
 * inverse bijection gives the i-th held-out input directly, with no enumeration and no cache.
 *
 * How to add a task:
 *   1. tasks.h: a TASK_ id before TASK_COUNT, and a line in the list at the top.
 *   2. Its vocabularies below (the four specials come first in a model, not here; the number and
 *      date texts live in task_text.c), and a line in TASKS: name, source and target symbols,
 *      max_len (longest source; longest target + <end>), the window's example input, and its
 *      family (task_ops): how an example is drawn, which inputs are held out, which are right.
 *   3. A new kind of input needs a new family: the four functions of task_ops, next to the others.
 *   4. tests/core/test_tasks.c checks every task in TASKS (held-out split, answers, vocabulary);
 *      add the task's own cases there, then train its models (docs/training.md). */
#include "core/tasks.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/task_text.h"
#include "core/util.h"

#define COUNT(a) ((int)ARRAY_LEN(a))

/* ---- vocabularies (the four specials come first in the model's vocab, not here) -------------- */

static const char *const LETTERS[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                      "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
static const char *const DIGITS[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

/* Exactly the characters the five date forms use, in ASCII order. */
static const char *const DATE_SRC[] = {" ", ",", "/", "0", "1", "2", "3", "4", "5", "6", "7", "8",
                                       "9", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "l",
                                       "m", "n", "o", "p", "r", "s", "t", "u", "v", "y"};
static const char *const DATE_TGT[] = {"-", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

/* ---- hashing and the held-out bijection --------------------------------------------------- */

/* splitmix64's finaliser: FNV-1a alone has weak low bits, and we take the hash modulo 10. */
static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t fnv1a64(const char *s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static int text_heldout(const char *src) { return mix64(fnv1a64(src)) % 10 == 0; }

/* A finite input space [0, n) with a key for its bijection; half_bits is the smallest h with
 * 4^h >= n, so the Feistel network works on 2h bits. */
typedef struct finite_space {
    uint32_t n;
    int half_bits;
    uint64_t key;
} finite_space;

static const finite_space NUMBER_SPACE = {TASK_N_NUMBERS, 7, 0x6e756d6265727321ULL};
static const finite_space DATE_SPACE = {TASK_N_DAYS, 9, 0x6461746573212121ULL};

static uint32_t feistel_round(uint32_t half, uint64_t key, int k, uint32_t mask) {
    return (uint32_t)mix64(key + 0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1) + half) & mask;
}

/* One pass of a 4-round Feistel network over 2*half_bits bits, or its inverse. */
static uint32_t feistel(const finite_space *sp, uint32_t x, int inverse) {
    uint32_t mask = (1u << sp->half_bits) - 1, l = x >> sp->half_bits, r = x & mask;
    for (int k = 0; k < 4; k++) {
        uint32_t t;
        if (!inverse) {
            t = r;
            r = l ^ feistel_round(r, sp->key, k, mask);
            l = t;
        } else {
            t = l;
            l = r ^ feistel_round(l, sp->key, 3 - k, mask);
            r = t;
        }
    }
    return (l << sp->half_bits) | r;
}

/* Cycle walking: re-apply the network until the value lands back in [0, n). It terminates
 * because x's cycle under the bijection contains x itself, and it is a bijection of [0, n). */
static uint32_t space_permute(const finite_space *sp, uint32_t x, int inverse) {
    do x = feistel(sp, x, inverse);
    while (x >= sp->n);
    return x;
}

static uint32_t space_n_heldout(const finite_space *sp) { return sp->n / 10; }

static int space_heldout(const finite_space *sp, uint32_t x) {
    return space_permute(sp, x, 0) < space_n_heldout(sp);
}

/* 0..9999 drawn with a uniform number of digits, so that short numbers (the ones a user types) are
 * common in training; a uniform draw would give 1-digit numbers 0.1% of the time. */
static int draw_number(s2s_rng *rng) {
    static const int POW10[5] = {1, 10, 100, 1000, 10000};
    int k = 1 + (int)rng_below(rng, 4);
    int lo = k == 1 ? 0 : POW10[k - 1];
    return lo + (int)rng_below(rng, (uint32_t)(POW10[k] - lo));
}

/* ---- reverse and sort ----------------------------------------------------------------------- */

enum { STRING_MAX = 12 };

/* 1..12 letters (reverse) or digits (sort), with a uniform length so short inputs are common. */
static void draw_string(s2s_task_id id, s2s_rng *rng, char *src) {
    int len = 1 + (int)rng_below(rng, STRING_MAX);
    for (int k = 0; k < len; k++)
        src[k] = id == TASK_REVERSE ? (char)('a' + rng_below(rng, 26)) : (char)('0' + rng_below(rng, 10));
    src[len] = '\0';
}

/* reverse or sort the 1..12-symbol source into tgt; -1 when src is not one of the task's inputs. */
static int solve_string(s2s_task_id id, const char *src, char *tgt) {
    char lo = id == TASK_REVERSE ? 'a' : '0', hi = id == TASK_REVERSE ? 'z' : '9';
    size_t len = strlen(src);
    if (len < 1 || len > STRING_MAX) return -1;
    for (size_t k = 0; k < len; k++)
        if (src[k] < lo || src[k] > hi) return -1;
    if (id == TASK_REVERSE) {
        for (size_t k = 0; k < len; k++) tgt[k] = src[len - 1 - k];
    } else {
        int count[10] = {0}, out = 0;
        for (size_t k = 0; k < len; k++) count[src[k] - '0']++;
        for (int dgt = 0; dgt < 10; dgt++)
            while (count[dgt]-- > 0) tgt[out++] = (char)('0' + dgt);
    }
    tgt[len] = '\0';
    return 0;
}

/* ---- the three families of tasks -------------------------------------------------------------- */

/* What a family of tasks does; id says which task of the family. src and tgt get TASK_TEXT_MAX bytes. */
typedef struct task_ops {
    /* one training example, never a held-out input */
    void (*sample)(s2s_task_id id, s2s_rng *rng, char *src, char *tgt);
    /* the i-th held-out example; h is a hash of i for per-example choices; -1 past the end */
    int (*heldout)(s2s_task_id id, int i, uint64_t h, char *src, char *tgt);
    int (*is_heldout)(s2s_task_id id, const char *src);
    int (*accepts)(s2s_task_id id, const char *src, const char *out);
} task_ops;

/* reverse, sort: strings of symbols, held out by a hash of the text */

static void string_sample(s2s_task_id id, s2s_rng *rng, char *src, char *tgt) {
    do draw_string(id, rng, src);
    while (text_heldout(src));
    solve_string(id, src, tgt);
}

static int string_heldout(s2s_task_id id, int i, uint64_t h, char *src, char *tgt) {
    (void)i;
    s2s_rng rng;
    rng_seed(&rng, h);
    do draw_string(id, &rng, src);
    while (!text_heldout(src));
    return solve_string(id, src, tgt);
}

static int string_is_heldout(s2s_task_id id, const char *src) {
    (void)id;
    return text_heldout(src);
}

static int string_accepts(s2s_task_id id, const char *src, const char *out) {
    char want[TASK_TEXT_MAX];
    return solve_string(id, src, want) == 0 && strcmp(want, out) == 0;
}

/* number-words, number-words-mixed, number-zh: the numbers 0..9999, held out by number */

/* Which number a number task's source means, or -1. */
static int number_of_source(s2s_task_id id, const char *src) {
    return id == TASK_NUMBER_ZH ? task_text_parse_words(src, 0) : task_text_parse_digits(src);
}

/* Writes the source and target for number n; variant picks the mixed task's phrasing (1: "and"). */
static void number_example(s2s_task_id id, int n, int variant, char *src, char *tgt) {
    if (id == TASK_NUMBER_ZH) {
        task_text_words(n, 0, src);
        task_text_zh(n, tgt);
    } else {
        snprintf(src, TASK_TEXT_MAX, "%d", n);
        task_text_words(n, id == TASK_NUMBER_WORDS_MIXED && variant, tgt);
    }
}

static void number_sample(s2s_task_id id, s2s_rng *rng, char *src, char *tgt) {
    int n;
    do n = draw_number(rng);
    while (space_heldout(&NUMBER_SPACE, (uint32_t)n));
    int variant = id == TASK_NUMBER_WORDS_MIXED ? (int)rng_below(rng, 2) : 0;
    number_example(id, n, variant, src, tgt);
}

static int number_heldout(s2s_task_id id, int i, uint64_t h, char *src, char *tgt) {
    if ((uint32_t)i >= space_n_heldout(&NUMBER_SPACE)) return -1;
    number_example(id, (int)space_permute(&NUMBER_SPACE, (uint32_t)i, 1), (int)(h >> 63), src, tgt);
    return 0;
}

static int number_is_heldout(s2s_task_id id, const char *src) {
    int n = number_of_source(id, src);
    return n >= 0 && space_heldout(&NUMBER_SPACE, (uint32_t)n);
}

static int number_accepts(s2s_task_id id, const char *src, const char *out) {
    int n = number_of_source(id, src);
    if (n < 0) return 0;
    char want[TASK_TEXT_MAX], unused[TASK_TEXT_MAX];
    for (int variant = 0; variant < (id == TASK_NUMBER_WORDS_MIXED ? 2 : 1); variant++) {
        number_example(id, n, variant, unused, want);
        if (strcmp(want, out) == 0) return 1;
    }
    return 0;
}

/* dates: the days 1900..2099 in five forms, held out by day */

static void date_sample(s2s_task_id id, s2s_rng *rng, char *src, char *tgt) {
    (void)id;
    int idx;
    do idx = (int)rng_below(rng, TASK_N_DAYS);
    while (space_heldout(&DATE_SPACE, (uint32_t)idx));
    task_text_date(idx, (int)rng_below(rng, TASK_DATE_FORMS), src, tgt);
}

static int date_heldout(s2s_task_id id, int i, uint64_t h, char *src, char *tgt) {
    (void)id;
    if ((uint32_t)i >= space_n_heldout(&DATE_SPACE)) return -1;
    task_text_date((int)space_permute(&DATE_SPACE, (uint32_t)i, 1), (int)(h % TASK_DATE_FORMS), src, tgt);
    return 0;
}

static int date_is_heldout(s2s_task_id id, const char *src) {
    (void)id;
    int idx = task_text_parse_date(src);
    return idx >= 0 && space_heldout(&DATE_SPACE, (uint32_t)idx);
}

static int date_accepts(s2s_task_id id, const char *src, const char *out) {
    (void)id;
    int idx = task_text_parse_date(src);
    if (idx < 0) return 0;
    char want[TASK_TEXT_MAX];
    task_text_date(idx, 0, NULL, want);
    return strcmp(want, out) == 0;
}

static const task_ops STRINGS = {string_sample, string_heldout, string_is_heldout, string_accepts};
static const task_ops NUMBERS = {number_sample, number_heldout, number_is_heldout, number_accepts};
static const task_ops DATES = {date_sample, date_heldout, date_is_heldout, date_accepts};

/* ---- the tasks -------------------------------------------------------------------------------- */

typedef struct task_def {
    s2s_task_info info;
    const task_ops *ops;
} task_def;

/* max_len: the longest source and the longest target plus <end>, with a little headroom:
 * reverse/sort 12 and 12+1; number-words 4 and 7+1 ("seven thousand seven hundred seventy seven");
 * mixed 8+1 with "and"; number-zh 6 words and 7+1 ("七千七百七十七"); dates 18 ("september 30,
 * 2026") and 10+1. */
static const task_def TASKS[TASK_COUNT] = {
    [TASK_REVERSE] = {{"reverse", LETTERS, COUNT(LETTERS), LETTERS, COUNT(LETTERS), 14, "stepformer"}, &STRINGS},
    [TASK_SORT] = {{"sort", DIGITS, COUNT(DIGITS), DIGITS, COUNT(DIGITS), 14, "3141592"}, &STRINGS},
    [TASK_NUMBER_WORDS] = {{"number-words", DIGITS, COUNT(DIGITS), task_en_words, TASK_EN_WORDS_NO_AND, 10, "1205"}, &NUMBERS},
    [TASK_NUMBER_ZH] = {{"number-zh", task_en_words, TASK_EN_WORDS_NO_AND, task_zh_chars, COUNT(task_zh_chars), 10,
                         "one thousand two hundred five"}, &NUMBERS},
    [TASK_DATES] = {{"dates", DATE_SRC, COUNT(DATE_SRC), DATE_TGT, COUNT(DATE_TGT), 20, "26 nov 2026"}, &DATES},
    [TASK_NUMBER_WORDS_MIXED] = {{"number-words-mixed", DIGITS, COUNT(DIGITS), task_en_words, COUNT(task_en_words), 10,
                                  "105"}, &NUMBERS},
};

/* ---- public API ----------------------------------------------------------------------------- */

static int valid_id(s2s_task_id id) { return (int)id >= 0 && id < TASK_COUNT; }

const s2s_task_info *task_info(s2s_task_id id) { return valid_id(id) ? &TASKS[id].info : NULL; }

int task_find(const char *name) {
    for (int id = 0; name && id < TASK_COUNT; id++)
        if (strcmp(TASKS[id].info.name, name) == 0) return id;
    return -1;
}

void task_sample(s2s_task_id id, s2s_rng *rng, char *src, char *tgt) {
    src[0] = tgt[0] = '\0';
    if (valid_id(id)) TASKS[id].ops->sample(id, rng, src, tgt);
}

int task_heldout(s2s_task_id id, int i, char *src, char *tgt) {
    src[0] = tgt[0] = '\0';
    if (i < 0 || !valid_id(id)) return -1;
    /* Per-i choices (phrasing, form, the reverse/sort candidates) come from a hash of i, so the
     * i-th example is the same on every call without remembering anything. */
    return TASKS[id].ops->heldout(id, i, mix64(0x68656c646f757421ULL + (uint64_t)i), src, tgt);
}

int task_is_heldout(s2s_task_id id, const char *src) {
    return src && valid_id(id) && TASKS[id].ops->is_heldout(id, src);
}

int task_accepts(s2s_task_id id, const char *src, const char *out) {
    return src && out && valid_id(id) && TASKS[id].ops->accepts(id, src, out);
}
