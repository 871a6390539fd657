/* snapshot.h: training snapshots. Every N steps `stepformer train --snapshots DIR --snapshot-every N`
 * writes the model as DIR/step-NNNNNNN.safetensors (atomically: a temporary file, then rename),
 * an ordinary model file that also carries, in its metadata, the step, the training loss of that
 * step, the held-out loss and the held-out exact match. */
#ifndef S2S_SNAPSHOT_H
#define S2S_SNAPSHOT_H

#include "core/model.h"
#include "core/tasks.h"

typedef struct s2s_snapshot_info {
    int step;               /* optimizer steps done */
    double train_loss;      /* that step's training loss */
    double heldout_loss;    /* mean teacher-forced cross-entropy per target token (+ <end>) on held-out examples */
    double heldout_exact;   /* held-out exact match (fraction), -1 when not measured */
} s2s_snapshot_info;

/* The mean teacher-forced loss of m over the first n held-out examples of task (every target
 * token and <end> weighted alike). For NAT models the decoder runs the target's length + 1
 * positions, so this is close to, not equal to, NAT training's loss over max_len positions. */
int snapshot_heldout_loss(const s2s_model *m, s2s_task_id task, int n, double *loss, s2s_error *err);

/* Writes m with info as DIR/step-NNNNNNN.safetensors (the folder must exist); path (cap bytes,
 * may be NULL) gets the file written. */
int snapshot_write(const s2s_model *m, const char *dir, const s2s_snapshot_info *info, char *path, size_t cap,
                   s2s_error *err);

/* Measures m on the first n held-out examples (loss and exact match) and writes the snapshot of
 * step `step`, whose training loss was train_loss: what `train --snapshots` does every N steps. */
int snapshot_take(const s2s_model *m, s2s_task_id task, int step, double train_loss, int n, const char *dir,
                  s2s_snapshot_info *info, char *path, size_t cap, s2s_error *err);

/* Reads a snapshot file's info from its metadata (a model file that is no snapshot is an error). */
int snapshot_read_info(const char *path, s2s_snapshot_info *info, s2s_error *err);

#endif
