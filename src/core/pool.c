/* pool.c: see pool.h. A job is a generation number; its chunks are claimed from an atomic counter.
 * The caller takes chunks too and, when none is left, closes the job and waits only for the chunks
 * that helpers are still computing; a helper that wakes after the job is closed does not join it. */
#define _POSIX_C_SOURCE 200809L
#include "core/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define POOL_MAX 8

typedef struct helper {
    struct s2s_pool *p;
    pthread_t th;
} helper;

struct s2s_pool {
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    helper h[POOL_MAX];
    int n;               /* threads in all, the caller included */
    unsigned long gen;   /* incremented for every job (under mu) */
    int closed;          /* the current job takes no more helpers (under mu) */
    int active;          /* helpers inside the current job (under mu) */
    int quit;
    pool_fn *fn;
    void *arg;
    int n_chunks;
    atomic_int next;     /* the next chunk to claim */
};

static void take_chunks(s2s_pool *p, pool_fn *fn, void *arg, int n_chunks) {
    int c;
    while ((c = atomic_fetch_add(&p->next, 1)) < n_chunks) fn(arg, c);
}

static void *helper_main(void *v) {
    s2s_pool *p = ((helper *)v)->p;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->gen == seen && !p->quit) pthread_cond_wait(&p->go, &p->mu);
        if (p->quit) break;
        seen = p->gen;
        if (p->closed) continue; /* woke too late: the caller has done this job */
        p->active++;
        pool_fn *fn = p->fn;
        void *arg = p->arg;
        int n_chunks = p->n_chunks;
        pthread_mutex_unlock(&p->mu);
        take_chunks(p, fn, arg, n_chunks);
        pthread_mutex_lock(&p->mu);
        if (--p->active == 0 && p->closed) pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int pool_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
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
    p->gen++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    take_chunks(p, fn, arg, n_chunks);
    pthread_mutex_lock(&p->mu);
    p->closed = 1;
    while (p->active > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
