/* bench.h: the measurements of `stepformer bench` that bench_peer.c shares. */
#ifndef S2S_CLI_BENCH_H
#define S2S_CLI_BENCH_H

#include "core/train.h"

/* AT greedy microseconds per generated token and NAT microseconds per sequence of a random model of
 * the given shape on a src_len-token input, best of reps; at_median_us (may be NULL) gets the AT
 * figure's median over the reps (cmd_bench.c). */
int bench_decode(const s2s_shape *sh, int reps, int src_len, double *at_us_tok, double *at_median_us, double *nat_us,
                 s2s_error *err);

/* `stepformer bench --peer`: Stepformer beside OpenBLAS, PyTorch and the read bandwidth, each ratio
 * within one round (bench_peer.c). Returns the exit status. */
int bench_peer(int rounds, int quick, int json);

#endif
