/* pool.h: a few helper threads that share one job with the caller, chunk by chunk: the inference
 * forward's larger matmuls (a chunk is a slice of the outputs) and the trainer's phases (a chunk is
 * one worker's shard or parameter slice). Whoever is free takes the next chunk, so a thread that
 * the system has paused (a shared machine) delays a job by at most the chunk it holds; and what a
 * chunk computes does not depend on which thread computes it, so results never depend on the
 * threads. Threads sleep on a condition variable between jobs. */
#ifndef S2S_POOL_H
#define S2S_POOL_H

typedef struct s2s_pool s2s_pool;

/* Computes chunk c (0..n_chunks-1) of a job. */
typedef void pool_fn(void *arg, int c);

/* A pool of n_threads threads in all (the caller counts as one). Returns NULL when n_threads < 2 or
 * when no thread can be made: pool_for then runs the job on the caller alone. */
s2s_pool *pool_new(int n_threads);
void pool_free(s2s_pool *p); /* accepts NULL */
/* The threads this process can run at once (online CPUs it may use, at most 8). */
int pool_cpu_count(void);
/* Runs fn(arg, c) once for every chunk c, on the caller and the pool's threads, and returns when
 * all are done. With p NULL, on the caller alone, in order. */
void pool_for(s2s_pool *p, int n_chunks, pool_fn *fn, void *arg);

#endif
