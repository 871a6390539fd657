/* compare_batch.c: compare mode's batch panel, on a worker thread or on the caller's (compare.h).
 *
 * Who reads what while the worker runs (no lock is needed, and none is taken):
 * - compare mode's own models (c->at, c->nat, c->distilled, c->refine) are shared with the window,
 *   read only: nothing writes a loaded model (decoding takes it const), and the only code that frees
 *   or replaces them, compare_close (which compare_open calls first), cancels and joins the worker
 *   before it does. Copying them instead would double the memory of a paper-size model for nothing.
 * - the window's own model (the heads-off row) is copied when the batch starts, with its switched-off
 *   heads: the window rewrites it while the batch runs (live training's snapshots, X switching a
 *   head, another model loaded), so the worker must not read it.
 * - everything else the run needs (task, n, length mode) is copied into the job before the thread
 *   starts; the worker writes only the job's result, which the window reads after pthread_join
 *   (the join orders the writes before the reads), and three atomics: how far it is, and finished.
 * - cancel is an atomic the worker reads after every input it decodes (eval_heldout_watched), so a
 *   cancel waits for one input's decode at most. */
#define _GNU_SOURCE /* syscall(SYS_gettid): the worker lowers its own priority */
#include "app/compare.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/eval.h"
#include "core/i18n.h"

const char *const compare_batch_phase_names[] = {"idle", "running", "done", "failed", "cancelled"};

struct compare_batch_job {
    /* set before the run starts, never written after */
    s2s_task_id task;
    int n;                                   /* inputs asked for */
    s2s_nat_length nat_length;
    int n_models;                            /* AT, NAT (and the distilled NAT): the table's first rows */
    const s2s_model *models[COMPARE_MODELS]; /* compare mode's: shared, read only (see the top) */
    const s2s_model *refine;                 /* the refinement model, or NULL */
    const s2s_model *ablated;                /* the heads-off row's model, or NULL: own_copy on a worker */
    s2s_model own_copy;                      /* the window's model as it was at the start (worker only) */
    s2s_ablation heads;                      /* its switched-off heads, as they were */
    int rows;                                /* rows of the table the run fills */
    /* written by the run; read by others only after it ended (the join, or the same thread) */
    compare_batch_result res;
    char (*out)[TASK_TEXT_MAX];              /* (n_models, n) each model's outputs, for the disagreements */
    s2s_error err;
    int rc;
    /* shared with the window while the worker runs */
    atomic_int row, done;                    /* the row being run and its inputs decoded */
    atomic_int cancel, finished;
    pthread_t thread;
};

/* After every input: how far the run is, and whether to stop. */
static int watch(void *user, int done) {
    compare_batch_job *j = user;
    atomic_store(&j->done, done);
    return atomic_load(&j->cancel);
}

/* One row of the table: model m over the n inputs with options o. */
static int run_row(compare_batch_job *j, int row, const s2s_model *m, const s2s_decode_opts *o, compare_stats *st,
                   char (*out)[TASK_TEXT_MAX]) {
    atomic_store(&j->done, 0);
    atomic_store(&j->row, row);
    s2s_eval_result r;
    if (eval_heldout_watched(m, j->task, j->n, o, watch, j, &r, out, &j->err)) return -1;
    *st = (compare_stats){r.n, r.exact_match, r.repeat_rate, r.length_error_rate, r.total_us};
    return 0;
}

/* The whole run, into j->res: the same on the worker and on the caller's thread. */
static int batch_run(compare_batch_job *j) {
    compare_batch_result *res = &j->res;
    int row = 0;
    for (int k = 0; k < j->n_models; k++) {
        s2s_decode_opts o = decode_opts_default();
        o.nat_length = j->nat_length;
        if (run_row(j, row++, j->models[k], &o, &res->stats[k], j->out + (size_t)k * j->n)) return -1;
    }
    for (int k = 0; j->refine && k < COMPARE_REFINE_ROWS; k++) { /* the refinement model at 1, 2, 4 and 10 passes */
        s2s_decode_opts o = decode_opts_default();
        o.nat_length = j->nat_length;
        o.iterations = compare_refine_passes[k] - 1;
        if (run_row(j, row++, j->refine, &o, &res->refine_stats[k], NULL)) return -1;
    }
    if (j->ablated) { /* with heads switched off: the window's own model over the same inputs */
        s2s_decode_opts o = decode_opts_default();
        o.nat_length = j->nat_length;
        o.ablation = &j->heads;
        if (run_row(j, row++, j->ablated, &o, &res->ablated, NULL)) return -1;
    }
    /* the inputs on which the plain NAT (or the distilled one) says something else than AT */
    for (int i = 0; i < res->stats[COMPARE_AT].n; i++) {
        int differ = 0;
        for (int k = COMPARE_NAT; k < j->n_models; k++) differ |= strcmp(j->out[i], j->out[(size_t)k * j->n + i]) != 0;
        if (!differ) continue;
        res->n_disagree_total++;
        char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
        if (res->n_disagree < COMPARE_MAX_DISAGREE && task_heldout(j->task, i, src, tgt) == 0)
            snprintf(res->disagree[res->n_disagree++], TASK_TEXT_MAX, "%s", src);
    }
    return 0;
}

static void job_free(compare_batch_job *j) {
    if (!j) return;
    model_free(&j->own_copy);
    free(j->out);
    free(j);
}

/* A job for c's models and what it needs of a, copied now (own_copy: the window's model too, for a
 * worker; the caller's thread may read it in place). On the caller's thread. */
static compare_batch_job *job_new(const compare_state *c, const app_state *a, int n, int own_copy, s2s_error *err) {
    int task = task_find(a->model.task);
    if (task < 0) {
        s2s_fail(err, _("the batch needs a known task; this model's task is \"%s\""), a->model.task);
        return NULL;
    }
    if (n < 1) n = 1;
    compare_batch_job *j = calloc(1, sizeof *j);
    if (!j || !(j->out = malloc(sizeof(*j->out) * (size_t)n * COMPARE_MODELS))) {
        job_free(j);
        s2s_fail(err, "out of memory for the batch");
        return NULL;
    }
    j->task = (s2s_task_id)task;
    j->n = n;
    j->nat_length = a->nat_length;
    j->models[COMPARE_AT] = &c->at.model;
    j->models[COMPARE_NAT] = &c->nat.model;
    j->models[COMPARE_DISTILLED] = &c->distilled.model;
    j->n_models = c->distilled.loaded ? COMPARE_MODELS : COMPARE_DISTILLED;
    j->refine = c->refine.loaded ? &c->refine.model : NULL;
    j->rows = j->n_models + (j->refine ? COMPARE_REFINE_ROWS : 0);
    j->res.has_ablated = a->ablation.n_off > 0;
    if (j->res.has_ablated) {
        j->heads = a->ablation;
        ablation_format(&a->ablation, j->res.ablated_heads, sizeof j->res.ablated_heads);
        j->ablated = &a->model;
        if (own_copy) {
            if (model_init(&j->own_copy, &a->model.cfg, &a->model.src, &a->model.tgt, a->model.task, err)) {
                job_free(j);
                return NULL;
            }
            memcpy(j->own_copy.params, a->model.params, sizeof(float) * a->model.n_params);
            j->ablated = &j->own_copy;
        }
        j->rows++;
    }
    return j;
}

/* Puts a run's outcome in c (the run has ended) and frees the job. */
static compare_batch_phase job_finish(compare_state *c, compare_batch_job *j, s2s_error *err) {
    int rc = j->rc;
    if (rc) *err = j->err;
    else c->batch = j->res;
    c->batch_ready = rc == 0;
    c->phase = rc ? COMPARE_BATCH_FAILED : COMPARE_BATCH_DONE;
    job_free(j);
    return c->phase;
}

int compare_batch(compare_state *c, const app_state *a, int n, s2s_error *err) {
    compare_batch_cancel(c);
    c->batch_ready = 0;
    compare_batch_job *j = job_new(c, a, n, 0, err);
    if (!j) return -1;
    j->rc = batch_run(j);
    return job_finish(c, j, err) == COMPARE_BATCH_DONE ? 0 : -1;
}

/* The worker runs below the window's priority (5 nice levels, as training does, core/train_live.c):
 * on a busy machine the window keeps its frames and the batch slows. Failing to lower it is harmless. */
static void *worker(void *arg) {
    compare_batch_job *j = arg;
    int nice_now = getpriority(PRIO_PROCESS, 0);
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice_now + 5 < 19 ? nice_now + 5 : 19);
    j->rc = batch_run(j);
    atomic_store(&j->finished, 1);
    return NULL;
}

int compare_batch_start(compare_state *c, const app_state *a, int n, s2s_error *err) {
    compare_batch_cancel(c);
    c->batch_ready = 0;
    compare_batch_job *j = job_new(c, a, n, 1, err);
    if (!j) return -1;
    if (pthread_create(&j->thread, NULL, worker, j) != 0) {
        job_free(j);
        return s2s_fail(err, "cannot start the batch's thread");
    }
    c->job = j;
    c->phase = COMPARE_BATCH_RUNNING;
    return 0;
}

int compare_batch_for_lesson(compare_state *c, const app_state *a, int n, s2s_error *err) {
    return c->batch_on_worker ? compare_batch_start(c, a, n, err) : compare_batch(c, a, n, err);
}

compare_batch_phase compare_batch_poll(compare_state *c, s2s_error *err) {
    compare_batch_job *j = c->job;
    if (!j) return c->phase;
    if (!atomic_load(&j->finished)) return COMPARE_BATCH_RUNNING;
    pthread_join(j->thread, NULL);
    c->job = NULL;
    return job_finish(c, j, err);
}

int compare_batch_progress_get(const compare_state *c, compare_batch_progress *p) {
    const compare_batch_job *j = c->job;
    memset(p, 0, sizeof *p);
    if (!j) return 0;
    p->row = atomic_load(&j->row);
    p->done = atomic_load(&j->done);
    p->rows = j->rows;
    p->n = j->n;
    memcpy(p->ablated_heads, j->res.ablated_heads, sizeof p->ablated_heads); /* written before the thread started */
    return 1;
}

void compare_batch_cancel(compare_state *c) {
    compare_batch_job *j = c->job;
    if (!j) return;
    atomic_store(&j->cancel, 1);
    pthread_join(j->thread, NULL);
    job_free(j);
    c->job = NULL;
    c->phase = COMPARE_BATCH_CANCELLED;
}
