/* pool.h: a few helper threads that split one job with the caller (the inference forward's larger
 * matmuls: each thread computes its own slice of the outputs, so the result does not depend on the
 * number of threads). Threads sleep on a condition variable between jobs. */
#ifndef S2S_POOL_H
#define S2S_POOL_H

typedef struct s2s_pool s2s_pool;

/* part in 0..n_parts-1: the slice of the job this call does. */
typedef void pool_fn(void *arg, int part, int n_parts);

/* A pool of n_threads threads in all (the caller counts as one; 1 or less: NULL, no pool). Returns
 * NULL when n_threads < 2 or when threads cannot be made: callers then run the job alone. */
s2s_pool *pool_new(int n_threads);
void pool_free(s2s_pool *p); /* accepts NULL */
/* The threads this machine can run at once (online CPUs, at most 8). */
int pool_cpu_count(void);
/* Runs fn(arg, part, n) for every part, part 0 on the caller, and returns when all are done.
 * With p NULL: fn(arg, 0, 1). */
void pool_run(s2s_pool *p, pool_fn *fn, void *arg);

#endif
