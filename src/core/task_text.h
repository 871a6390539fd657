/* task_text.h: the texts of the number and date tasks (core/tasks.c): English number words,
 * Chinese numerals, the five forms of a date, and reading them back. Internal to the core. */
#ifndef S2S_TASK_TEXT_H
#define S2S_TASK_TEXT_H

enum {
    TASK_N_NUMBERS = 10000,   /* the numbers 0..9999 */
    TASK_N_DAYS = 73049,      /* the days 1900-01-01..2099-12-31 */
    TASK_DATE_FORMS = 5,      /* 26 nov 2026 | 26 november 2026 | november 26, 2026 | nov 26, 2026 | 26/11/2026 */
    TASK_EN_WORDS = 31,       /* zero .. nineteen, twenty .. ninety, hundred, thousand, and */
    TASK_EN_WORDS_NO_AND = 30, /* the same without "and" (number-words, number-zh) */
    TASK_ZH_CHARS = 13,       /* 零 一 .. 九 十 百 千 */
};

extern const char *const task_en_words[TASK_EN_WORDS];
extern const char *const task_zh_chars[TASK_ZH_CHARS];

/* n in 0..9999 in English words; with_and says "and" after "hundred" when something follows.
 * out gets TASK_TEXT_MAX bytes, as every text here. */
void task_text_words(int n, int with_and, char *out);
/* n in 0..9999 in Chinese numerals. */
void task_text_zh(int n, char *out);
/* "0".."9999" without leading zeros -> the number, or -1. */
int task_text_parse_digits(const char *s);
/* English words (also with "and" when allow_and) -> the number, or -1. */
int task_text_parse_words(const char *s, int allow_and);
/* A date in any of the five forms -> its day index, or -1. */
int task_text_parse_date(const char *s);
/* The day idx in the given form (src, unless NULL) and as ISO 8601 (tgt). */
void task_text_date(int idx, int form, char *src, char *tgt);

#endif
