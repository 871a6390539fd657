/* compare.h: compare mode. The same input decoded by the AT and the NAT model of one task, side by
 * side, sharing one clock: tick t shows the AT decoder after t passes (one token each), and the NAT
 * decoder after its length classifier (tick 0) and then its single pass (tick >= 1). Every number
 * is from a real decode of each model; the wall times are measured. */
#ifndef S2S_COMPARE_H
#define S2S_COMPARE_H

#include "app/app_state.h"
#include "core/tasks.h"

#define COMPARE_MAX_DISAGREE 64

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

typedef struct compare_state {
    int on;
    compare_side at, nat, distilled; /* distilled: loaded when the task ships one */
    int use_distilled;               /* the NAT side shows the distilled model */
    int tick;                        /* the shared clock */
    char note[256];                  /* why compare mode cannot run, or "" */
    /* batch panel */
    int batch_n;                     /* inputs the user asked for */
    int batch_ready;
    compare_stats stats[COMPARE_MODELS];
    int has_ablated;                 /* the window's model with its switched-off heads, run too: */
    compare_stats ablated;
    char ablated_heads[96];          /* which: "cross:1.1" */
    int n_disagree;                  /* listed (at most COMPARE_MAX_DISAGREE) */
    int n_disagree_total;            /* all of them */
    char disagree[COMPARE_MAX_DISAGREE][TASK_TEXT_MAX]; /* inputs on which the outputs differ */
} compare_state;

/* Finds TASK-at, TASK-nat and TASK-nat-distilled beside the app's model and decodes its input with
 * each. Returns 0, or -1 with err saying what is missing. */
int compare_open(compare_state *c, const app_state *a, s2s_error *err);
/* Re-decodes after the input or the NAT length mode changed. */
int compare_decode(compare_state *c, const app_state *a, s2s_error *err);
void compare_close(compare_state *c);

/* The NAT side in use (distilled or plain). */
compare_side *compare_nat(compare_state *c);
/* The last tick at which anything changes: the AT decode's passes (at least 1 for the NAT pass). */
int compare_last_tick(const compare_state *c);
/* The trace index side s (c->at, c->nat or c->distilled) shows at the current tick (its cursor). */
int compare_cursor(const compare_state *c, const compare_side *s);

/* Runs the batch panel: n held-out inputs of the task through each model. */
int compare_batch(compare_state *c, const app_state *a, int n, s2s_error *err);

#endif
