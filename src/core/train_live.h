/* train_live.h: training on a worker thread while a window watches. The worker runs train_run on
 * its own model; after every step it appends the loss to a curve, and every `snapshot_every` steps
 * it measures the held-out loss and exact match and keeps a copy of the parameters as a snapshot.
 * Snapshots are bounded: when `max_snapshots` are kept, every other one is dropped and the interval
 * doubles, so a long run still spans its whole history. The window reads everything through
 * live_poll and live_snapshot, under a lock held only for copies. */
#ifndef S2S_TRAIN_LIVE_H
#define S2S_TRAIN_LIVE_H

#include "core/train.h"

#define LIVE_MAX_POINTS 20000  /* steps on the loss curve */
#define LIVE_MAX_SNAPSHOTS 64

typedef enum { LIVE_RUNNING, LIVE_PAUSED, LIVE_DONE, LIVE_FAILED } s2s_live_state;

typedef struct s2s_live_snapshot_info {
    int step;
    float loss;           /* that step's training loss */
    float heldout_loss;   /* teacher-forced, per target token (core/snapshot.h) */
    float heldout_exact;  /* fraction */
    double cpu_s;         /* the worker's CPU time when it was taken (its measurement included) */
} s2s_live_snapshot_info;

/* What the window shows, copied out by live_poll. */
typedef struct s2s_live_status {
    s2s_live_state state;
    int step, steps;
    double lr, tokens_per_s, elapsed_s;
    double cpu_s;         /* the worker's CPU time so far: the run's wall time on an idle core */
    int n_snapshots;
    s2s_live_snapshot_info snap[LIVE_MAX_SNAPSHOTS]; /* (n_snapshots) oldest first */
    char error[512];      /* LIVE_FAILED: why */
} s2s_live_status;

typedef struct s2s_live s2s_live;

/* Starts training a new model (task, shape, seed from o->seed) on a worker thread. heldout_n:
 * held-out examples per measurement. The options' eval_every is ignored (the snapshots measure). */
int live_start(s2s_live **out, s2s_task_id task, const s2s_shape *shape, const s2s_train_opts *o, int snapshot_every,
               int heldout_n, s2s_error *err);
/* Pauses (1) or resumes (0) after the current step. */
void live_pause(s2s_live *l, int paused);
/* Stops the worker after its current step, waits for it and frees everything. Accepts NULL. */
void live_free(s2s_live *l);

/* The status, and up to cap points of the loss curve (loss[i] of step i + 1); returns the number
 * of points copied. */
int live_poll(s2s_live *l, s2s_live_status *st, float *loss, int cap);
/* live_poll without waiting: -1 (st untouched) when the worker holds the lock, so a window never
 * waits on a worker the system has paused mid-copy (a loaded machine); the next frame tries again. */
int live_try_poll(s2s_live *l, s2s_live_status *st, float *loss, int cap);
/* The model being trained: its configuration, vocabularies and task (its parameters change under
 * the worker: read them only through live_snapshot). */
const s2s_model *live_model(const s2s_live *l);
/* Copies snapshot k (0 = oldest; -1 = the newest) into params (n_params floats); returns its index,
 * or -1 when there is none yet. */
int live_snapshot(s2s_live *l, int k, float *params, s2s_live_snapshot_info *info);
/* live_snapshot without waiting: -2 (params untouched) when the worker holds the lock. */
int live_try_snapshot(s2s_live *l, int k, float *params, s2s_live_snapshot_info *info);

#endif
