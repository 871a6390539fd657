/* teacher.h: teacher forcing, measured. In training the decoder's input is <begin> + the ground
 * truth shifted right (AT) and each position is scored by the cross-entropy of the token it should
 * output: the target's next token, <end> at the last position. This computes those numbers from a
 * decode's logits, the same as PyTorch's cross_entropy (tests/core/test_teacher.c), and the
 * free-running decode beside it, where the decoder's inputs are its own outputs. */
#ifndef S2S_TEACHER_H
#define S2S_TEACHER_H

#include "core/decode.h"

typedef struct s2s_teacher_loss {
    int n;                          /* positions scored: the target's tokens + <end> */
    int label[S2S_MAX_LEN + 1];     /* (n) what position i should output: target[i], then <end> */
    float prob[S2S_MAX_LEN + 1];    /* (n) the probability the model gave label[i] */
    float loss[S2S_MAX_LEN + 1];    /* (n) cross-entropy -log prob, in nats */
    float mean;                     /* mean of loss: the sequence's loss (cross_entropy's default) */
} s2s_teacher_loss;

/* The loss of logits (T, V) (T = n_target + 1 rows of a teacher-forced decode) against target
 * (n_target ids) + <end>. Computed in double from the log-softmax, so a confident wrong token gives
 * a large finite loss rather than log(0). */
int teacher_loss(const float *logits, int T, int V, const int *target, int n_target, s2s_teacher_loss *out,
                 s2s_error *err);

/* The same from the logits a teacher-forced decode recorded in tr. */
int teacher_loss_from_trace(const s2s_trace *tr, int V, const int *target, int n_target, s2s_teacher_loss *out,
                            s2s_error *err);

/* The two runs a class compares, on one source and target: teacher forcing (loss) and inference
 * (free: greedy, the decoder fed its own outputs; NAT: the classifier's length). Neither is traced. */
typedef struct s2s_teacher_pair {
    s2s_teacher_loss tf;
    s2s_decode_result free;
    int first_wrong;                /* the first position where free's output differs from the label (or
                                       goes on past it), or -1; NAT: the classifier's length stands for <end> */
} s2s_teacher_pair;

int teacher_pair_run(const s2s_model *m, const int *src, int n_src, const int *target, int n_target,
                     s2s_teacher_pair *out, s2s_error *err);

#endif
