/* caption.h: one plain sentence that says what the current step does, with this step's real
 * numbers ("query 'e' is compared with every key: q·k / √16, then softmax: 'e' attends 71 % to 'r'").
 * Pure: a function of the trace, the step and the focused query row, written into the caller's
 * buffer through the catalogue (_()), so it follows the interface's language. No SDL; the window
 * draws it under the focused view, presenter mode under its view, tests read it from the UI log. */
#ifndef S2S_CAPTION_H
#define S2S_CAPTION_H

#include <stddef.h>

#include "core/decode.h"
#include "core/model.h"
#include "core/trace.h"

/* What a caption is made from. Tokens are named as the window labels them (a space as ␣, NAT's
 * decoder positions as #1, #2…). */
typedef struct caption_in {
    const s2s_model *model;
    const s2s_trace *trace;
    const s2s_decode_result *res;
    int step;                      /* index of the current trace step (the cursor) */
    int row;                       /* the focused query row; clamped to the rows the step computed */
    int beam;                      /* AT beam width: above 1, an emitted token that is not the step's
                                      argmax is the beam's choice (else a what-if's) */
    const s2s_sampling *sampling;  /* AT sampling settings, or NULL (greedy): when on, such a token
                                      was drawn */
    int n_forced;                  /* what-if: the first n_forced output tokens are the user's choice */
} caption_in;

/* The kinds of operation a caption tells apart: one row each in caption.c's table. A trace_op
 * alone is not enough (an embedding of the source, of the last token, of a teacher-forced target
 * and of NAT positions say different things). */
typedef enum caption_kind {
    CAPTION_EMBED_SOURCE,   /* encoder.embed */
    CAPTION_EMBED_AT,       /* decoder.embed of a cached AT pass: the last token fed back */
    CAPTION_EMBED_TEACHER,  /* decoder.embed of a teacher-forced pass: <begin> + the target */
    CAPTION_EMBED_NAT,      /* decoder.embed of the NAT pass: every position <begin> + its position */
    CAPTION_INPUT,          /* the residual stream entering a sublayer */
    CAPTION_Q,
    CAPTION_K,
    CAPTION_V,
    CAPTION_SCORES,         /* q·k / √d_k */
    CAPTION_MASK_CAUSAL,    /* a row with masked keys (teacher-forced decoder) */
    CAPTION_MASK_CACHED,    /* an AT pass: the later positions do not exist yet */
    CAPTION_MASK_NONE,      /* nothing masked for this row: encoder, cross-attention, NAT, the last row */
    CAPTION_WEIGHTS,        /* softmax: the strongest key and its share */
    CAPTION_HEAD_OUT,       /* weighted sum of V */
    CAPTION_ATTN_OUT,       /* heads joined, output projection */
    CAPTION_ADD,            /* residual + update */
    CAPTION_NORM,           /* LayerNorm of the sum */
    CAPTION_FFN_HIDDEN,
    CAPTION_FFN_OUT,
    CAPTION_FINAL_NORM_ENCODER, /* the memory */
    CAPTION_FINAL_NORM_DECODER,
    CAPTION_LOGITS,
    CAPTION_EMIT_AT,        /* generator.probs of an AT pass: the token emitted */
    CAPTION_EMIT_TEACHER,   /* generator.probs under teacher forcing: p of the target token */
    CAPTION_EMIT_NAT,       /* generator.probs of the NAT pass: every position at once */
    CAPTION_LENGTH_POOL,    /* NAT length classifier: mean of the memory */
    CAPTION_LENGTH_LOGITS,
    CAPTION_LENGTH_PROBS,   /* the predicted length */
    CAPTION_KIND_COUNT
} caption_kind;

/* The kind of in->step, or -1 when the step is out of range. */
int caption_kind_of(const caption_in *in);

/* A short English name of kind k ("weights", "emit_at"), for tests and logs. */
const char *caption_kind_name(caption_kind k);

/* Writes the caption of in->step into out (always NUL-terminated; "" when the step is out of
 * range). Returns its kind, or -1. */
int caption_make(const caption_in *in, char *out, size_t cap);

#endif
