/* eval.h: held-out evaluation of a model on its task: exact match, token accuracy, and the
 * figures that show NAT's failure (repeated tokens, wrong lengths). `stepformer eval`, the trainer's
 * progress, `stepformer compare` and the window's batch panel all use this one scorer. */
#ifndef S2S_EVAL_H
#define S2S_EVAL_H

#include "core/decode.h"
#include "core/tasks.h"

typedef struct s2s_eval_result {
    int n;                   /* held-out examples decoded */
    double exact_match;      /* fraction accepted by task_accepts */
    double token_accuracy;   /* fraction of reference tokens (and the <end>) matched position by position;
                                an accepted output counts as all matched */
    double repeat_rate;      /* fraction of output tokens equal to the one before */
    double reference_repeat_rate; /* the same in the references: the repeats the task itself has */
    double length_error_rate; /* fraction of wrong outputs whose length differs from the reference's */
    double total_us;         /* wall time of all the decodes, microseconds */
} s2s_eval_result;

/* Decodes the first n held-out examples of task (AT greedy; NAT with the given length mode).
 * outputs, when not NULL, receives each example's output text ((n) strings of TASK_TEXT_MAX). */
int eval_heldout(const s2s_model *m, s2s_task_id task, int n, s2s_nat_length nat_length, s2s_eval_result *r,
                 char (*outputs)[TASK_TEXT_MAX], s2s_error *err);
/* The same with any decode options (heads switched off, sampling, beam); no target or forced tokens. */
int eval_heldout_with(const s2s_model *m, s2s_task_id task, int n, const s2s_decode_opts *opts, s2s_eval_result *r,
                      char (*outputs)[TASK_TEXT_MAX], s2s_error *err);

/* Called after each decoded example with how many are done; nonzero stops the run (a worker that
 * was cancelled). */
typedef int eval_watch_fn(void *user, int done);
/* eval_heldout_with, calling watch (when not NULL) after every example: -1 with err "stopped"
 * when it asks to stop. */
int eval_heldout_watched(const s2s_model *m, s2s_task_id task, int n, const s2s_decode_opts *opts, eval_watch_fn *watch,
                         void *user, s2s_eval_result *r, char (*outputs)[TASK_TEXT_MAX], s2s_error *err);

#endif
