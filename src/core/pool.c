/* pool.c: see pool.h. One mutex and two condition variables; a job is a generation number. */
#define _POSIX_C_SOURCE 200809L
#include "core/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define POOL_MAX 8

typedef struct helper {
    struct s2s_pool *p;
    int part;
    pthread_t th;
} helper;

struct s2s_pool {
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    helper h[POOL_MAX];
    int n;              /* threads in all, the caller included */
    unsigned long gen;  /* incremented for every job */
    int pending;        /* helpers still working on the current job */
    int quit;
    pool_fn *fn;
    void *arg;
};

static void *helper_main(void *v) {
    helper *h = v;
    s2s_pool *p = h->p;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->gen == seen && !p->quit) pthread_cond_wait(&p->go, &p->mu);
        if (p->quit) break;
        seen = p->gen;
        pool_fn *fn = p->fn;
        void *arg = p->arg;
        pthread_mutex_unlock(&p->mu);
        fn(arg, h->part, p->n);
        pthread_mutex_lock(&p->mu);
        if (--p->pending == 0) pthread_cond_signal(&p->done);
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
    for (int i = 1; i < n_threads; i++) {
        p->h[i].p = p;
        p->h[i].part = i;
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

void pool_run(s2s_pool *p, pool_fn *fn, void *arg) {
    if (!p) {
        fn(arg, 0, 1);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->arg = arg;
    p->pending = p->n - 1;
    p->gen++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    fn(arg, 0, p->n);
    pthread_mutex_lock(&p->mu);
    while (p->pending > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
