/* train_live.c: see train_live.h. */
#define _GNU_SOURCE /* syscall(SYS_gettid): the worker lowers its own priority */
#include "core/train_live.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/eval.h"
#include "core/snapshot.h"

struct s2s_live {
    s2s_model m;                  /* the worker's model */
    s2s_task_id task;
    s2s_train_opts o;
    int every;                    /* snapshot interval, doubled when the snapshots are thinned */
    int heldout_n;
    pthread_t thread;
    pthread_mutex_t lock;         /* guards everything below */
    pthread_cond_t wake;          /* pause -> resume or stop */
    int paused, stop;
    s2s_live_status st;
    float *loss;                  /* (LIVE_MAX_POINTS) */
    float *snap_params;           /* (LIVE_MAX_SNAPSHOTS, n_params) */
};

/* The calling thread's CPU time: the worker's, which is the run's wall time on a core of its own. */
static double thread_cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Keeps every other snapshot (the newest included) and doubles the interval. Under the lock. */
static void thin_snapshots(s2s_live *l) {
    size_t np = l->m.n_params;
    int n = l->st.n_snapshots, k = 0;
    for (int i = n % 2 == 0 ? 1 : 0; i < n; i += 2, k++) {
        l->st.snap[k] = l->st.snap[i];
        if (k != i) memcpy(l->snap_params + (size_t)k * np, l->snap_params + (size_t)i * np, sizeof(float) * np);
    }
    l->st.n_snapshots = k;
    l->every *= 2;
}

/* The held-out loss and exact match of the worker's model into info (on the worker). */
static void measure(s2s_live *l, s2s_live_snapshot_info *info) {
    double hl;
    s2s_eval_result ev;
    s2s_error err;
    if (snapshot_heldout_loss(&l->m, l->task, l->heldout_n, &hl, &err) == 0) info->heldout_loss = (float)hl;
    if (eval_heldout(&l->m, l->task, l->heldout_n, S2S_NAT_LENGTH_CLASSIFIER, &ev, NULL, &err) == 0)
        info->heldout_exact = (float)ev.exact_match;
}

/* Keeps the worker's parameters as a snapshot; measured unless `measured` is 0 (step 0, taken on
 * the caller's thread before the worker starts, is measured by the worker first). */
static void take_snapshot(s2s_live *l, const s2s_train_progress *p, int measured) {
    s2s_live_snapshot_info info = {p->step, (float)p->loss, -1.0f, -1.0f, 0.0};
    if (measured) measure(l, &info);
    if (measured) info.cpu_s = thread_cpu_s(); /* measuring included */
    pthread_mutex_lock(&l->lock);
    if (l->st.n_snapshots == LIVE_MAX_SNAPSHOTS) thin_snapshots(l);
    int k = l->st.n_snapshots++;
    l->st.snap[k] = info;
    memcpy(l->snap_params + (size_t)k * l->m.n_params, l->m.params, sizeof(float) * l->m.n_params);
    pthread_mutex_unlock(&l->lock);
}

/* After every step (on the worker): the curve, a snapshot every `every` steps, pausing. */
static int on_step(const s2s_train_progress *p, void *user) {
    s2s_live *l = user;
    pthread_mutex_lock(&l->lock);
    if (p->step <= LIVE_MAX_POINTS) l->loss[p->step - 1] = (float)p->loss;
    l->st.step = p->step;
    l->st.lr = p->lr;
    l->st.tokens_per_s = p->tokens_per_s;
    l->st.elapsed_s = p->elapsed_s;
    l->st.cpu_s = thread_cpu_s();
    int snap = p->step % l->every == 0 || p->step == p->steps;
    pthread_mutex_unlock(&l->lock);
    if (snap) take_snapshot(l, p, 1);
    pthread_mutex_lock(&l->lock);
    while (l->paused && !l->stop) {
        l->st.state = LIVE_PAUSED;
        pthread_cond_wait(&l->wake, &l->lock);
    }
    if (l->st.state == LIVE_PAUSED) l->st.state = LIVE_RUNNING;
    int stop = l->stop;
    pthread_mutex_unlock(&l->lock);
    return stop;
}

/* The worker runs at a lower priority than the window's thread (5 nice levels below the process):
 * on a busy machine the window keeps its frames and training slows, not the other way round; on an
 * idle one each has a core and nothing changes. Failing to lower it is harmless. */
static void *worker(void *arg) {
    s2s_live *l = arg;
    int nice_now = getpriority(PRIO_PROCESS, 0); /* the process's (its main thread's) */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice_now + 5 < 19 ? nice_now + 5 : 19);
    s2s_error err = {{0}};
    s2s_train_progress last;
    s2s_live_snapshot_info first = {0, -1.0f, -1.0f, -1.0f, 0.0};
    measure(l, &first); /* step 0: the random initialisation */
    pthread_mutex_lock(&l->lock);
    l->st.snap[0] = first;
    pthread_mutex_unlock(&l->lock);
    int rc = train_run(&l->m, l->task, &l->o, on_step, l, &last, &err);
    pthread_mutex_lock(&l->lock);
    l->st.state = rc ? LIVE_FAILED : LIVE_DONE;
    if (rc) snprintf(l->st.error, sizeof l->st.error, "%s", err.msg);
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

/* Frees what live_start made (the worker not running or joined). */
static void release(s2s_live *l) {
    pthread_mutex_destroy(&l->lock);
    pthread_cond_destroy(&l->wake);
    free(l->loss);
    free(l->snap_params);
    model_free(&l->m);
    free(l);
}

int live_start(s2s_live **out, s2s_task_id task, const s2s_shape *shape, const s2s_train_opts *o, int snapshot_every,
               int heldout_n, s2s_error *err) {
    *out = NULL;
    s2s_live *l = calloc(1, sizeof *l);
    if (!l) return s2s_fail(err, "out of memory");
    if (train_model_new(&l->m, task, shape, o->seed, err)) {
        free(l);
        return -1;
    }
    l->task = task;
    l->o = *o;
    l->o.eval_every = 0;
    l->every = snapshot_every > 0 ? snapshot_every : 50;
    l->heldout_n = heldout_n;
    l->st.steps = o->steps;
    l->st.state = LIVE_RUNNING;
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->wake, NULL);
    l->loss = calloc(LIVE_MAX_POINTS, sizeof(float));
    l->snap_params = malloc(sizeof(float) * LIVE_MAX_SNAPSHOTS * l->m.n_params);
    if (!l->loss || !l->snap_params) {
        release(l);
        return s2s_fail(err, "out of memory for the snapshots");
    }
    s2s_train_progress start = {0};
    start.steps = o->steps;
    take_snapshot(l, &start, 0); /* step 0: the random initialisation; the worker measures it */
    if (pthread_create(&l->thread, NULL, worker, l) != 0) {
        release(l);
        return s2s_fail(err, "cannot start the training thread");
    }
    *out = l;
    return 0;
}

void live_pause(s2s_live *l, int paused) {
    pthread_mutex_lock(&l->lock);
    l->paused = paused;
    if (paused && l->st.state == LIVE_RUNNING) l->st.state = LIVE_PAUSED; /* shown at once; the worker stops after its step */
    if (!paused && l->st.state == LIVE_PAUSED) l->st.state = LIVE_RUNNING;
    pthread_cond_broadcast(&l->wake);
    pthread_mutex_unlock(&l->lock);
}

void live_free(s2s_live *l) {
    if (!l) return;
    pthread_mutex_lock(&l->lock);
    l->stop = 1;
    pthread_cond_broadcast(&l->wake);
    pthread_mutex_unlock(&l->lock);
    pthread_join(l->thread, NULL);
    release(l);
}

/* live_poll's copy, under the lock. */
static int copy_status(s2s_live *l, s2s_live_status *st, float *loss, int cap) {
    *st = l->st;
    int n = l->st.step < cap ? l->st.step : cap;
    if (n > LIVE_MAX_POINTS) n = LIVE_MAX_POINTS;
    if (loss && n > 0) memcpy(loss, l->loss, sizeof(float) * (size_t)n);
    return n;
}

int live_poll(s2s_live *l, s2s_live_status *st, float *loss, int cap) {
    pthread_mutex_lock(&l->lock);
    int n = copy_status(l, st, loss, cap);
    pthread_mutex_unlock(&l->lock);
    return n;
}

int live_try_poll(s2s_live *l, s2s_live_status *st, float *loss, int cap) {
    if (pthread_mutex_trylock(&l->lock) != 0) return -1;
    int n = copy_status(l, st, loss, cap);
    pthread_mutex_unlock(&l->lock);
    return n;
}

const s2s_model *live_model(const s2s_live *l) { return &l->m; }

/* live_snapshot's copy, under the lock. */
static int copy_snapshot(s2s_live *l, int k, float *params, s2s_live_snapshot_info *info) {
    int n = l->st.n_snapshots;
    if (k < 0 || k >= n) k = n - 1;
    if (k >= 0) {
        memcpy(params, l->snap_params + (size_t)k * l->m.n_params, sizeof(float) * l->m.n_params);
        if (info) *info = l->st.snap[k];
    }
    return k;
}

int live_snapshot(s2s_live *l, int k, float *params, s2s_live_snapshot_info *info) {
    pthread_mutex_lock(&l->lock);
    k = copy_snapshot(l, k, params, info);
    pthread_mutex_unlock(&l->lock);
    return k;
}

int live_try_snapshot(s2s_live *l, int k, float *params, s2s_live_snapshot_info *info) {
    if (pthread_mutex_trylock(&l->lock) != 0) return -2;
    k = copy_snapshot(l, k, params, info);
    pthread_mutex_unlock(&l->lock);
    return k;
}
