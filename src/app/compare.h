/* compare.h: compare mode. The same input decoded by the AT and the NAT model of one task, side by
 * side, sharing one clock: tick t shows the AT decoder after t passes (one token each), and the NAT
 * decoder after its length classifier (tick 0) and then its single pass (tick >= 1). Every number
 * is from a real decode of each model; the wall times are measured. */
#ifndef S2S_COMPARE_H
#define S2S_COMPARE_H

#include "app/app_state.h"
#include "core/tasks.h"

#define COMPARE_MAX_DISAGREE 64
/* The refinement column's batch rows: 1, 2, 4 and 10 decoder passes (Mask-Predict, core/refine.h). */
#define COMPARE_REFINE_ROWS 4
extern const int compare_refine_passes[COMPARE_REFINE_ROWS];

typedef struct compare_side {
    int loaded;
    char path[4608];
    s2s_model model;
    s2s_decode_result res;
    s2s_trace trace;
    app_labels lab;
} compare_side;

/* One model's figures over the batch of held-out inputs. */
typedef struct compare_stats {
    int n;
    double exact_match, repeat_rate, length_error_rate, total_us;
} compare_stats;

/* The models of compare mode, as stats[] counts them. */
typedef enum compare_model { COMPARE_AT, COMPARE_NAT, COMPARE_DISTILLED, COMPARE_MODELS } compare_model;

/* The batch panel's figures: one run over the task's first n held-out inputs. */
typedef struct compare_batch_result {
    compare_stats stats[COMPARE_MODELS];
    compare_stats refine_stats[COMPARE_REFINE_ROWS]; /* the refinement model at compare_refine_passes */
    int has_ablated;                 /* the window's model with its switched-off heads, run too: */
    compare_stats ablated;
    char ablated_heads[96];          /* which: "cross:1.1" */
    int n_disagree;                  /* listed (at most COMPARE_MAX_DISAGREE) */
    int n_disagree_total;            /* all of them */
    char disagree[COMPARE_MAX_DISAGREE][TASK_TEXT_MAX]; /* inputs on which the outputs differ */
} compare_batch_result;

/* Where the batch is: the window's UI log names it (compare_batch_state). */
typedef enum compare_batch_phase {
    COMPARE_BATCH_IDLE, COMPARE_BATCH_RUNNING, COMPARE_BATCH_DONE, COMPARE_BATCH_FAILED, COMPARE_BATCH_CANCELLED
} compare_batch_phase;
extern const char *const compare_batch_phase_names[]; /* "idle", "running", "done", "failed", "cancelled" */

/* A batch running on a worker thread (compare_batch.c). */
typedef struct compare_batch_job compare_batch_job;

/* How far the running batch is: the table's rows in order (AT, NAT, distilled NAT, the refinement
 * passes, heads off), each over n inputs. */
typedef struct compare_batch_progress {
    int row, rows;                   /* the row being run (from 0), of rows */
    int done, n;                     /* its inputs decoded so far, of n */
    char ablated_heads[96];          /* the heads-off row's heads, as at the start */
} compare_batch_progress;

typedef struct compare_state {
    int on;
    compare_side at, nat, distilled; /* distilled: loaded when the task ships one */
    compare_side refine;             /* TASK-nat-maskpredict, when the task ships one: a third column */
    int refine_iterations;           /* its refinement passes after the first (the window's I, else 3) */
    int use_distilled;               /* the NAT side shows the distilled model */
    int tick;                        /* the shared clock */
    char note[256];                  /* why compare mode cannot run, or "" */
    /* batch panel */
    int batch_n;                     /* inputs the user asked for */
    int batch_ready;                 /* batch holds a finished run's figures */
    compare_batch_result batch;
    compare_batch_job *job;          /* the batch running on a worker, or NULL */
    compare_batch_phase phase;       /* the last batch's: running, done, failed, cancelled */
    int batch_on_worker;             /* the window sets it: a lesson's batch runs on the worker too */
} compare_state;

/* Finds TASK-at, TASK-nat, TASK-nat-distilled and TASK-nat-maskpredict beside the app's model and decodes its input with
 * each. Returns 0, or -1 with err saying what is missing. */
int compare_open(compare_state *c, const app_state *a, s2s_error *err);
/* The C key: compare_open with the NAT length mode a demonstration expects, the classifier,
 * whatever L chose before (a's mode changes, and a NAT model of a's re-decodes with it); the hint
 * says which mode is on. A lesson's compare slides set their own mode and call compare_open. */
int compare_open_demo(compare_state *c, app_state *a, long long now, s2s_error *err);
/* Re-decodes after the input or the NAT length mode changed. */
int compare_decode(compare_state *c, const app_state *a, s2s_error *err);
void compare_close(compare_state *c);

/* The NAT side in use (distilled or plain). */
compare_side *compare_nat(compare_state *c);
/* The last tick at which anything changes: the AT decode's passes, or the refinement's (one a tick),
 * at least 1 for the NAT pass. */
int compare_last_tick(const compare_state *c);
/* The trace index side s (c->at, c->nat or c->distilled) shows at the current tick (its cursor). */
int compare_cursor(const compare_state *c, const compare_side *s);

/* ---- the batch panel (compare_batch.c) ----
 * One run decodes the task's first n held-out inputs with each model of the table. The window runs
 * it on a worker thread (compare_batch_start, then compare_batch_poll every frame); the command line,
 * screenshots, lessons and tests run the same code on the caller's thread (compare_batch), so both
 * give the same figures (all but the measured times). */

/* Runs the batch on the caller's thread: c->batch is filled and c->batch_ready set. A batch running
 * on the worker is cancelled first. */
int compare_batch(compare_state *c, const app_state *a, int n, s2s_error *err);
/* Starts the batch on a worker thread and returns at once (a running one is cancelled first). What
 * it needs of a (the task, the NAT length mode, the window's model and its switched-off heads) is
 * copied now: a may change while it runs. */
int compare_batch_start(compare_state *c, const app_state *a, int n, s2s_error *err);
/* Every frame while c->job is set: when the worker has finished, joins it, fills c->batch (done) or
 * err (failed) and returns the new phase; else COMPARE_BATCH_RUNNING. Never waits. */
compare_batch_phase compare_batch_poll(compare_state *c, s2s_error *err);
/* A lesson slide's batch: on the worker when c->batch_on_worker (the window), else compare_batch
 * (a screenshot or export of the slide needs the figures at once). */
int compare_batch_for_lesson(compare_state *c, const app_state *a, int n, s2s_error *err);
/* The running batch's progress; 0 when none runs. */
int compare_batch_progress_get(const compare_state *c, compare_batch_progress *p);
/* Stops a running batch after the input it is decoding, waits for the worker and frees it (phase:
 * cancelled). Does nothing when none runs. */
void compare_batch_cancel(compare_state *c);

#endif
