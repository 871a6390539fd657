/* ops.h: the model's operations as plain functions over float arrays (llm.c style): outputs first,
 * inputs next, sizes last; every backward mirrors its forward and ACCUMULATES (+=) into the
 * parameter gradients it is given. Input gradients: matmul_backward adds its too (a tensor used
 * twice, a residual, sums its two gradients naturally); layernorm_backward, relu_backward and
 * attention_backward STORE theirs (=), which spares the trainer zeroing their buffers first.
 * Shapes use the legend of model.h; N is "rows" (tokens, possibly B*T). */
#ifndef S2S_OPS_H
#define S2S_OPS_H

#include <stddef.h>

/* out = inp @ w^T + b.   out (N, O), inp (N, I), w (O, I), b (O) or NULL. For many rows (training):
 * the weights are repacked into panels, which pays back only when many rows share them. */
void matmul_forward(float *out, const float *inp, const float *w, const float *b, int N, int I, int O);
/* The same for inference: dot products that read the weights as they are (a decoding step streams
 * each weight once), the rows of out ldo floats apart (a slice of the outputs for one thread). Each
 * row's result is the same however many rows are computed together, so the inference forward,
 * which uses only this one, gives cached decoding equal to recomputation bit for bit. Its sums
 * differ from matmul_forward's in the last bits (another order). */
void matmul_forward_stream(float *out, int ldo, const float *inp, const float *w, const float *b, int N, int I,
                           int O);
/* dinp += dout @ w; dw += dout^T @ inp; db += sum over rows of dout. Any of dinp, dw, db may be NULL. */
void matmul_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                     int N, int I, int O);

/* The kernel set the CPU runs: "avx2+fma" or "portable" (chosen once at load time, ops_kernels.h). */
const char *matmul_kernels_name(void);

/* LayerNorm over the C features of each row, eps 1e-5. out, inp (N, C); w, b (C);
 * mean, rstd (N) are saved for the backward pass and may be NULL in inference. */
void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w, const float *b,
                       int N, int C);
/* dinp (N, C) = the gradient of the input (stored, not added: every caller's first use); dw, db (C)
 * += as the other backward passes. */
void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                        const float *mean, const float *rstd, int N, int C);

/* out = max(inp, 0), n elements (in place allowed). */
void relu_forward(float *out, const float *inp, size_t n);
/* dinp = dout where out > 0, else 0 (stored, not added: its one caller's first use). */
void relu_backward(float *dinp, const float *dout, const float *out, size_t n);

/* In-place softmax of each of the N rows of length C. Rows whose entries are all -inf become all
 * zero (a fully masked query attends to nothing), never NaN. */
void softmax_rows(float *x, int N, int C);
/* The softmax of one row: out (C) = softmax(in (C)), in place allowed; returns log(sum(exp(in))),
 * so log p[c] = in[c] - the result (cross-entropy, beam scores). All -inf: out all zero, -inf. The
 * one softmax of the program: attention, the generator, the length head, the losses. */
float softmax_row(float *out, const float *in, int C);
/* The trainer's softmax of N rows of C: out rows ldo apart, in rows ldi apart (in place allowed when
 * ldo = ldi); lse (N) gets log(sum(exp(in))) of each row, or is NULL. 8 entries at a time with a
 * vector exp within about 2 ulp of expf, so not bit-equal to softmax_row (inference keeps that one,
 * whose bits its tests hold). All -inf: all zero, lse -inf. */
void softmax_rows8(float *out, int ldo, const float *in, int ldi, int N, int C, float *lse);

/* The paper's sinusoid, computed in double as the reference does: PE[pos, 2i] = sin(pos / 10000^(2i/D)),
 * PE[pos, 2i+1] = cos(...). out (D). */
void positional_encoding(float *out, int pos, int D);

/* out[n] = table[ids[n]] * sqrt(D) + pe[n].   out (N, D), table (V, D), ids (N), pe (N, D): the
 * positional encodings of the rows' positions (the model's table, s2s_model.pe, from the first). */
void embed_forward(float *out, const int *ids, const float *table, const float *pe, int N, int D);
/* dtable[ids[n]] += dout[n] * sqrt(D). */
void embed_backward(float *dtable, const float *dout, const int *ids, int N, int D);

/* Batched multi-head attention of B sequences (training), Tq queries over Tk keys each, H heads over
 * D features.
 *   cat (B*Tq, D) = concat_h softmax(mask(Q_h K_h^T / sqrt(D/H))) V_h;   att (B, H, Tq, Tk) keeps the weights.
 *   q rows have stride ldq; k and v rows ldk (slices of a fused QKV or KV matrix).
 *   kid (B, Tk): a key whose id is 0 (padding) is masked; causal: key j is masked for query i < j.
 *   scratch: attention_scratch_floats(Tq, Tk, D, H) floats. */
void attention_forward(float *cat, float *att, const float *q, int ldq, const float *k, const float *v, int ldk,
                       const int *kid, int causal, int B, int Tq, int Tk, int H, int D, float *scratch);
size_t attention_scratch_floats(int Tq, int Tk, int D, int H);
/* One query and one head of the inference forward's attention (forward.c), in the training's order:
 *   attn_dots: s (Tk) [j] = q (Dh) . k_j with the keys transposed, kt (Dh rows of stride ldkt); each
 *              dot product adds its Dh products in order. Reads each row of kt up to Tk rounded up
 *              to a multiple of 8 (the rows must have room: ldkt >= that);
 *   attn_mix:  o (Dh) = sum over j in order of a[j] * v_j, v (Tk rows of stride ldv), zero weights
 *              skipped. */
void attn_dots(float *s, const float *q, const float *kt, int ldkt, int Dh, int Tk);
void attn_mix(float *o, const float *a, const float *v, int ldv, int Tk, int Dh);
/* gq, gk, gv (strides as q, k, v) = the gradients from gcat (B*Tq, D): stored, not added (every
 * element is written; the callers' buffers hold nothing else). scratch as for attention_forward. */
void attention_backward(float *gq, int ldq, float *gk, float *gv, int ldk, const float *gcat, const float *att,
                        const float *q, const float *k, const float *v, int B, int Tq, int Tk, int H, int D,
                        float *scratch);

/* out += a (n elements). */
void add_inplace(float *out, const float *a, size_t n);

#endif
