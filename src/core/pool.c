/* pool.c: see pool.h. A job is a generation number; its chunks are claimed from an atomic counter.
 * The caller takes chunks too and, when none is left, closes the job and waits only for the chunks
 * that helpers are still computing; a helper that wakes after the job is closed does not join it.
 *
 * Between jobs a helper first spins on the generation for a short while (POOL_SPIN_US) and only
 * then sleeps on the condition variable; the caller likewise spins before it sleeps while it waits
 * for the helpers. A decoding step hands the pool one matmul after another with a few microseconds
 * between them (attention, layernorm): waking a sleeping thread costs tens of microseconds on a
 * virtual machine, as long as a 512-by-512 matmul takes, so without the spin the caller did most
 * of every matmul alone. A pool left idle longer than the spin costs nothing. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "core/pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX 8
#define POOL_SPIN_US 30 /* a few times the longest gap inside a paper-size decoding step (the attention, about
                         * 5 us): longer spins cost the step time on a loaded machine (a spinning helper
                         * holds a core that the caller is waiting for), 200 us measurably */

typedef struct helper {
    struct s2s_pool *p;
    pthread_t th;
} helper;

struct s2s_pool {
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    helper h[POOL_MAX];
    int n;               /* threads in all, the caller included */
    atomic_ulong gen;    /* incremented for every job (under mu; read without it while spinning) */
    int closed;          /* the current job takes no more helpers (under mu) */
    int sleeping;        /* helpers asleep on go (under mu): the caller wakes them only then */
    atomic_int active;   /* helpers inside the current job */
    int quit;            /* under mu */
    atomic_int quitting; /* quit, readable while spinning */
    pool_fn *fn;
    void *arg;
    int n_chunks;
    atomic_int next;     /* the next chunk to claim */
};

static void take_chunks(s2s_pool *p, pool_fn *fn, void *arg, int n_chunks) {
    int c;
    while ((c = atomic_fetch_add(&p->next, 1)) < n_chunks) fn(arg, c);
}

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec * 1e-3;
}

/* Spins until done(p, v) holds or POOL_SPIN_US have passed; returns whether it holds. */
static int spin_until(s2s_pool *p, int (*done)(s2s_pool *, unsigned long), unsigned long v) {
    double t0 = 0.0;
    for (unsigned i = 0;; i++) {
        if (done(p, v)) return 1;
        cpu_relax();
        if ((i & 63) == 0) { /* the clock every 64 pauses: a few microseconds */
            double t = now_us();
            if (i == 0) t0 = t;
            else if (t - t0 > POOL_SPIN_US) return 0;
        }
    }
}

static int new_job(s2s_pool *p, unsigned long seen) {
    return atomic_load_explicit(&p->gen, memory_order_acquire) != seen || atomic_load(&p->quitting);
}

static int helpers_out(s2s_pool *p, unsigned long unused) {
    (void)unused;
    return atomic_load_explicit(&p->active, memory_order_acquire) == 0;
}

static void *helper_main(void *v) {
    s2s_pool *p = ((helper *)v)->p;
    unsigned long seen = 0;
    for (;;) {
        spin_until(p, new_job, seen);
        pthread_mutex_lock(&p->mu);
        while (atomic_load(&p->gen) == seen && !p->quit) {
            p->sleeping++;
            pthread_cond_wait(&p->go, &p->mu);
            p->sleeping--;
        }
        if (p->quit) break;
        seen = atomic_load(&p->gen);
        if (p->closed) { /* woke too late: the caller has done this job */
            pthread_mutex_unlock(&p->mu);
            continue;
        }
        atomic_fetch_add(&p->active, 1);
        pool_fn *fn = p->fn;
        void *arg = p->arg;
        int n_chunks = p->n_chunks;
        pthread_mutex_unlock(&p->mu);
        take_chunks(p, fn, arg, n_chunks);
        if (atomic_fetch_sub_explicit(&p->active, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&p->mu); /* the caller may be asleep on done */
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int pool_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t set; /* the CPUs this process may run on (taskset, a container's limit): a helper
                    * spinning on the caller's only CPU would take turns with it, not help it */
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) < n) n = CPU_COUNT(&set);
    return n < 1 ? 1 : n > POOL_MAX ? POOL_MAX : (int)n;
}

s2s_pool *pool_new(int n_threads) {
    if (n_threads < 2) return NULL;
    if (n_threads > POOL_MAX) n_threads = POOL_MAX;
    s2s_pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    p->n = 1;
    p->closed = 1;
    for (int i = 1; i < n_threads; i++) {
        p->h[i].p = p;
        if (pthread_create(&p->h[i].th, NULL, helper_main, &p->h[i]) != 0) break;
        p->n++;
    }
    if (p->n < 2) {
        pool_free(p);
        return NULL;
    }
    return p;
}

void pool_free(s2s_pool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    atomic_store(&p->quitting, 1);
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int i = 1; i < p->n; i++) pthread_join(p->h[i].th, NULL);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

void pool_for(s2s_pool *p, int n_chunks, pool_fn *fn, void *arg) {
    if (!p || n_chunks < 2) {
        for (int c = 0; c < n_chunks; c++) fn(arg, c);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->arg = arg;
    p->n_chunks = n_chunks;
    atomic_store(&p->next, 0);
    p->closed = 0;
    atomic_fetch_add_explicit(&p->gen, 1, memory_order_release);
    if (p->sleeping) pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    take_chunks(p, fn, arg, n_chunks);
    pthread_mutex_lock(&p->mu);
    p->closed = 1; /* from here no helper joins, so active only falls */
    pthread_mutex_unlock(&p->mu);
    if (spin_until(p, helpers_out, 0)) return;
    pthread_mutex_lock(&p->mu);
    while (atomic_load(&p->active) > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
