/* tasks.h: the toy seq2seq tasks the shipped models learn, generated deterministically from a seed.
 *
 * Each task has a training stream and a disjoint held-out set: an input belongs to the held-out
 * set when a hash of its text says so (about 1 in 10 for the small input spaces), so the stream
 * never shows a held-out input, whatever the seed.
 *
 *   reverse             lowercase letters, length 1..12 -> reversed
 *   sort                digits, length 1..12 -> sorted ascending
 *   number-words        0..9999 in digits -> English words ("1205" -> "one thousand two hundred five")
 *   number-zh           those English words -> Chinese numerals ("one thousand two hundred five" -> "一千二百零五")
 *   dates               "26 nov 2026", "26 november 2026", "november 26, 2026", "nov 26, 2026",
 *                       "26/11/2026" (1900..2099) -> "2026-11-26"
 *   number-words-mixed  as number-words, but "and" after "hundred" at random when something follows:
 *                       two right answers for one input (where NAT decoding breaks down)
 *
 * To add a task, follow "How to add a task" at the top of tasks.c.
 */
#ifndef S2S_TASKS_H
#define S2S_TASKS_H

#include <stddef.h>
#include "core/rng.h"

typedef enum s2s_task_id {
    TASK_REVERSE = 0,
    TASK_SORT,
    TASK_NUMBER_WORDS,
    TASK_NUMBER_ZH,
    TASK_DATES,
    TASK_NUMBER_WORDS_MIXED,
    TASK_COUNT
} s2s_task_id;

#define TASK_TEXT_MAX 128 /* bytes of one example's text, NUL included */

typedef struct s2s_task_info {
    const char *name;                /* "reverse", "number-words-mixed", ... */
    const char *const *src_symbols;  /* (n_src) the vocabulary after the four specials */
    int n_src;
    const char *const *tgt_symbols;  /* (n_tgt) */
    int n_tgt;
    int max_len;                     /* M: longest source, and longest target plus <end> */
    const char *example;             /* a source text for the window's default input */
} s2s_task_info;

const s2s_task_info *task_info(s2s_task_id id);
/* The task of that name, or -1. */
int task_find(const char *name);

/* Draws one training example (never a held-out input). src and tgt get TASK_TEXT_MAX bytes. */
void task_sample(s2s_task_id id, s2s_rng *rng, char *src, char *tgt);

/* The i-th held-out example (i >= 0), the same for every call; enumerates the held-out set in a
 * fixed pseudo-random order. Returns 0, or -1 when i is past the end of a finite held-out set. */
int task_heldout(s2s_task_id id, int i, char *src, char *tgt);
/* 1 when src belongs to the held-out set. */
int task_is_heldout(s2s_task_id id, const char *src);

/* 1 when out (text) is a right answer for src: the one answer, or for number-words-mixed either
 * phrasing. */
int task_accepts(s2s_task_id id, const char *src, const char *out);

#endif
