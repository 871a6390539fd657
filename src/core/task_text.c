/* task_text.c: the texts of the number and date tasks, see task_text.h. */
#include "core/task_text.h"

#include <stdio.h>
#include <string.h>

#include "core/tasks.h"

/* ---- vocabularies ----------------------------------------------------------------------------- */

/* Index = value for 0..19; 18 + t for the tens t*10 (t = 2..9); then the two scales and "and",
 * which is last so that number-words is number-words-mixed minus one symbol. */
const char *const task_en_words[TASK_EN_WORDS] = {
    "zero",    "one",      "two",     "three",    "four",     "five",    "six",
    "seven",   "eight",    "nine",    "ten",      "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty",  "forty",    "fifty",   "sixty",    "seventy",  "eighty",  "ninety",
    "hundred", "thousand", "and"};
enum { EN_HUNDRED = 28, EN_THOUSAND = 29, EN_AND = 30 };

const char *const task_zh_chars[TASK_ZH_CHARS] = {"零", "一", "二", "三", "四", "五", "六",
                                                  "七", "八", "九", "十", "百", "千"};
static const char *const ZH_UNIT[4] = {"", "十", "百", "千"}; /* by decimal place */

static const char *const MONTH_FULL[12] = {"january", "february", "march",     "april",
                                           "may",     "june",     "july",      "august",
                                           "september", "october", "november", "december"};
static const char *const MONTH_ABBR[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};

/* ---- text building ------------------------------------------------------------------------ */

/* Appends s to the NUL-terminated buffer out (TASK_TEXT_MAX bytes), after a space when sep and out
 * is not empty. Truncates rather than overflowing, though no task comes near the limit. */
static void append(char *out, const char *s, int sep) {
    size_t len = strlen(out);
    if (sep && len > 0 && len + 1 < TASK_TEXT_MAX) out[len++] = ' ';
    size_t n = strlen(s);
    if (len + n >= TASK_TEXT_MAX) n = TASK_TEXT_MAX - 1 - len;
    memcpy(out + len, s, n);
    out[len + n] = '\0';
}

/* ---- numbers: English words and Chinese numerals ----------------------------------------- */

/* n in 0..9999 in English words; with_and says "and" after "hundred" when something follows. */
void task_text_words(int n, int with_and, char *out) {
    out[0] = '\0';
    if (n == 0) {
        append(out, task_en_words[0], 1);
        return;
    }
    int thousands = n / 1000, hundreds = n / 100 % 10, rest = n % 100;
    if (thousands) {
        append(out, task_en_words[thousands], 1);
        append(out, task_en_words[EN_THOUSAND], 1);
    }
    if (hundreds) {
        append(out, task_en_words[hundreds], 1);
        append(out, task_en_words[EN_HUNDRED], 1);
        if (with_and && rest) append(out, task_en_words[EN_AND], 1);
    }
    if (rest >= 20) {
        append(out, task_en_words[18 + rest / 10], 1);
        if (rest % 10) append(out, task_en_words[rest % 10], 1);
    } else if (rest > 0) {
        append(out, task_en_words[rest], 1);
    }
}

/* n in 0..9999 in Chinese numerals: one 零 per run of skipped places between non-zero digits,
 * none for trailing zeros; 十 alone leads 10..19, 一十 inside a larger number. */
void task_text_zh(int n, char *out) {
    out[0] = '\0';
    if (n == 0) {
        append(out, task_zh_chars[0], 0);
        return;
    }
    int digit[4] = {n % 10, n / 10 % 10, n / 100 % 10, n / 1000};
    int top = 3;
    while (digit[top] == 0) top--;
    int skipped = 0;
    for (int place = top; place >= 0; place--) {
        if (digit[place] == 0) {
            skipped = 1;
            continue;
        }
        if (skipped) append(out, task_zh_chars[0], 0);
        skipped = 0;
        if (!(place == 1 && place == top && digit[place] == 1)) append(out, task_zh_chars[digit[place]], 0);
        append(out, ZH_UNIT[place], 0);
    }
}

/* "0".."9999" without leading zeros -> the number, or -1. */
int task_text_parse_digits(const char *s) {
    int n = 0, len = 0;
    for (; s[len]; len++) {
        if (s[len] < '0' || s[len] > '9' || len >= 4) return -1;
        n = n * 10 + (s[len] - '0');
    }
    if (len == 0 || (len > 1 && s[0] == '0')) return -1;
    return n;
}

/* English words -> the number, or -1. Accumulates loosely, then demands that the canonical
 * spelling of the result (with "and" too, when allow_and) is exactly s, which rejects
 * "nine nine", double spaces and the like without a grammar. */
int task_text_parse_words(const char *s, int allow_and) {
    long total = 0, cur = 0;
    for (const char *p = s; *p;) {
        size_t len = strcspn(p, " ");
        int w = -1;
        for (int k = 0; k < TASK_EN_WORDS && w < 0; k++)
            if (strlen(task_en_words[k]) == len && memcmp(task_en_words[k], p, len) == 0) w = k;
        if (w < 0) return -1;
        if (w < 20) cur += w;
        else if (w < EN_HUNDRED) cur += (w - 18) * 10;
        else if (w == EN_HUNDRED) cur *= 100;
        else if (w == EN_THOUSAND) {
            total += cur * 1000;
            cur = 0;
        }
        if (total > TASK_N_NUMBERS || cur > TASK_N_NUMBERS) return -1; /* also keeps the arithmetic in range */
        p += len;
        if (*p == ' ') p++;
    }
    int n = (int)(total + cur);
    if (n >= TASK_N_NUMBERS) return -1;
    char canon[TASK_TEXT_MAX];
    task_text_words(n, 0, canon);
    if (strcmp(canon, s) == 0) return n;
    task_text_words(n, 1, canon);
    return allow_and && strcmp(canon, s) == 0 ? n : -1;
}

/* ---- dates ---------------------------------------------------------------------------------- */

enum { FIRST_YEAR = 1900, LAST_YEAR = 2099 };

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return DAYS[m - 1] + (m == 2 && is_leap(y));
}

/* Day index since 1900-01-01, or -1 for a date outside the calendar or the range. */
static int date_to_index(int y, int m, int d) {
    if (y < FIRST_YEAR || y > LAST_YEAR || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    int idx = d - 1;
    for (int yy = FIRST_YEAR; yy < y; yy++) idx += 365 + is_leap(yy);
    for (int mm = 1; mm < m; mm++) idx += days_in_month(y, mm);
    return idx;
}

static void index_to_date(int idx, int *y, int *m, int *d) {
    *y = FIRST_YEAR;
    while (idx >= 365 + is_leap(*y)) idx -= 365 + is_leap((*y)++);
    *m = 1;
    while (idx >= days_in_month(*y, *m)) idx -= days_in_month(*y, (*m)++);
    *d = idx + 1;
}

/* The five source forms: 26 nov 2026 | 26 november 2026 | november 26, 2026 | nov 26, 2026 |
 * 26/11/2026. */
static void date_to_text(int y, int m, int d, int form, char *out) {
    switch (form) {
    case 0: snprintf(out, TASK_TEXT_MAX, "%d %s %d", d, MONTH_ABBR[m - 1], y); break;
    case 1: snprintf(out, TASK_TEXT_MAX, "%d %s %d", d, MONTH_FULL[m - 1], y); break;
    case 2: snprintf(out, TASK_TEXT_MAX, "%s %d, %d", MONTH_FULL[m - 1], d, y); break;
    case 3: snprintf(out, TASK_TEXT_MAX, "%s %d, %d", MONTH_ABBR[m - 1], d, y); break;
    default: snprintf(out, TASK_TEXT_MAX, "%02d/%02d/%d", d, m, y); break;
    }
}

/* Reads 1..max_digits digits at *p; -1 when there are none. */
static int read_int(const char **p, int max_digits) {
    int v = 0, k = 0;
    for (; k < max_digits && **p >= '0' && **p <= '9'; k++, (*p)++) v = v * 10 + (**p - '0');
    return k ? v : -1;
}

/* A month name, full or abbreviated, at *p -> 1..12, or -1. */
static int read_month(const char **p) {
    size_t len = 0;
    while ((*p)[len] >= 'a' && (*p)[len] <= 'z') len++;
    for (int m = 0; m < 12; m++)
        if ((strlen(MONTH_FULL[m]) == len && memcmp(MONTH_FULL[m], *p, len) == 0) ||
            (strlen(MONTH_ABBR[m]) == len && memcmp(MONTH_ABBR[m], *p, len) == 0)) {
            *p += len;
            return m + 1;
        }
    return -1;
}

static int expect(const char **p, char c) { return **p == c ? ((*p)++, 1) : 0; }

/* A source in any of the five forms -> its day index, or -1. Picks the fields out loosely, then
 * demands that one of the forms spells that date exactly as s ("01 nov 2026" is not a form). */
int task_text_parse_date(const char *s) {
    const char *p = s;
    int y = -1, m = -1, d = -1;
    if (*p >= '0' && *p <= '9') {
        d = read_int(&p, 2);
        if (expect(&p, '/')) {
            m = read_int(&p, 2);
            if (!expect(&p, '/')) return -1;
        } else if (!expect(&p, ' ') || (m = read_month(&p)) < 0 || !expect(&p, ' ')) {
            return -1;
        }
    } else if ((m = read_month(&p)) < 0 || !expect(&p, ' ') || (d = read_int(&p, 2)) < 0 ||
               !expect(&p, ',') || !expect(&p, ' ')) {
        return -1;
    }
    y = read_int(&p, 4);
    int idx = *p == '\0' ? date_to_index(y, m, d) : -1;
    if (idx < 0) return -1;
    char canon[TASK_TEXT_MAX];
    for (int form = 0; form < TASK_DATE_FORMS; form++) {
        date_to_text(y, m, d, form, canon);
        if (strcmp(canon, s) == 0) return idx;
    }
    return -1;
}

/* The day idx in the given form (src, unless NULL) and as ISO 8601 (tgt). */
void task_text_date(int idx, int form, char *src, char *tgt) {
    int y, m, d;
    index_to_date(idx, &y, &m, &d);
    if (src) date_to_text(y, m, d, form, src);
    snprintf(tgt, TASK_TEXT_MAX, "%04d-%02d-%02d", y, m, d);
}
