/* decode.h: the decode engine. Runs the real model (AT greedy with a key/value cache, AT beam
 * search, AT teacher-forced, NAT with either way of choosing the length) and, when given a trace,
 * records every operation. */
#ifndef S2S_DECODE_H
#define S2S_DECODE_H

#include "core/ablate.h"
#include "core/model.h"
#include "core/sample.h"
#include "core/trace.h"

typedef enum {
    S2S_NAT_LENGTH_CLASSIFIER = 0, /* decode M positions, keep the first T (the length head's pick) */
    S2S_NAT_LENGTH_END = 1,        /* decode M positions, keep what precedes the first <end> */
} s2s_nat_length;

typedef struct s2s_decode_opts {
    int beam;                 /* AT: 1 = greedy (cached); >1 = beam search of that width */
    int beam_search;          /* AT: run the beam search even at width 1 (a test: it must equal greedy) */
    const int *target;        /* teacher forcing: decoder input is <begin> + target (AT or NAT) */
    int n_target;             /* -1: no teacher forcing; 0: decoder input is <begin> alone */
    const int *forced;        /* AT what-if: the first n_forced output tokens are these, then greedy */
    int n_forced;
    s2s_nat_length nat_length;
    int iterations;           /* NAT: refinement passes after the first (Mask-Predict, core/refine.h); 0 = none */
    int max_steps;            /* AT: at most this many tokens; 0 means the model's max_len */
    s2s_sampling sampling;    /* AT: how each next token is chosen (greedy unless sampling.on) */
    const s2s_ablation *ablation; /* heads switched off, or NULL; must outlive the decode */
    struct s2s_beam_tree *beam_tree; /* beam search: receives the search (core/beam.h), or NULL */
} s2s_decode_opts;

/* The defaults: greedy (sampling off), no target, no forced tokens, NAT length from the classifier. */
s2s_decode_opts decode_opts_default(void);

typedef struct s2s_decode_result {
    int src[S2S_MAX_LEN];         /* (n_src) source ids */
    int n_src;
    int dec_in[S2S_MAX_LEN + 1];  /* (n_dec_in) decoder input ids: <begin> + tokens fed back */
    int n_dec_in;
    int out[S2S_MAX_LEN + 1];     /* (n_out) output ids, <end> included when produced */
    int n_out;
    float out_prob[S2S_MAX_LEN + 1]; /* (n_out) probability of each output token when chosen */
    int n_rows;                   /* decoder positions run (logits rows): T */
    int passes;                   /* decoder passes made (AT: one per token; NAT: 1, plus refinement passes) */
    double us;                    /* wall time of the whole run, microseconds */
    int nat_length;               /* NAT: length used (classifier's argmax, or cut at first <end>) */
    int nat_predicted;            /* NAT: the length classifier's argmax */
} s2s_decode_result;

/* Decodes src (n_src ids, 1..M) with model m. trace may be NULL (nothing recorded). */
int decode_run(const s2s_model *m, const int *src, int n_src, const s2s_decode_opts *opts, s2s_trace *trace,
               s2s_decode_result *res, s2s_error *err);

/* The same run, resumable one decoder pass at a time, so a window can show the first steps at once
 * and decode the rest under a per-frame time budget. decoder_begin runs the encoder (and the NAT
 * length classifier; beam search runs its whole search here); each decoder_next runs one decoder
 * pass and returns 1 when decoding has finished, 0 when more passes remain, -1 on error. res and
 * trace are filled as it goes, and must outlive the decoder. */
typedef struct s2s_decoder s2s_decoder;
int decoder_begin(s2s_decoder **d, const s2s_model *m, const int *src, int n_src, const s2s_decode_opts *opts,
                  s2s_trace *trace, s2s_decode_result *res, s2s_error *err);
int decoder_next(s2s_decoder *d, s2s_error *err);
void decoder_free(s2s_decoder *d); /* accepts NULL */

/* Tokenizes text with the model's source vocabulary, checking the length limit. */
int decode_tokenize_source(const s2s_model *m, const char *text, int *ids, int *n, s2s_error *err);
/* The same with the target vocabulary (for --target); a NAT target leaves one of the max_len
 * positions for <end>. */
int decode_tokenize_target(const s2s_model *m, const char *text, int *ids, int *n, s2s_error *err);

#endif
