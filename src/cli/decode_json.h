/* decode_json.h: a decode run as the JSON object of `stepformer decode --format json` (also used by
 * `export --format json` and `compare`): source, decoder_input, output, logits, attention, length. */
#ifndef S2S_DECODE_JSON_H
#define S2S_DECODE_JSON_H

#include <cjson/cJSON.h>
#include "core/decode.h"
#include "core/teacher.h"

/* The object, or NULL when out of memory. The caller owns it. */
cJSON *decode_json_object(const s2s_model *m, const s2s_decode_result *r, const s2s_trace *tr);
/* The same, printed (indented). The caller frees it. */
char *decode_json(const s2s_model *m, const s2s_decode_result *r, const s2s_trace *tr);

/* One gathered attention matrix (weights) as a JSON array of rows; cells no pass computed (a
 * future key under the causal mask) are 0, the weight a masked key gets. */
cJSON *decode_json_matrix(const s2s_trace *tr, trace_block b, int layer, trace_sublayer sub, trace_op op, int head,
                          int rows, int cols);
cJSON *decode_json_tokens(const s2s_vocab *v, const int *ids, int n);
/* A teacher-forced decode's loss: {per_position: [-log p], mean, labels: [symbols], probs: [p]}. */
cJSON *decode_json_loss(const s2s_vocab *tgt, const s2s_teacher_loss *l);

/* The beam search as `beam`: [{step (from 1), hypotheses: [{tokens, logprob, token_logprob, parent,
 * kept, done, normalised}]}], parent indexing the previous step's hypotheses (-1: after <begin>).
 * normalised (the mean log-probability per token) is given for finished hypotheses. */
struct s2s_beam_tree;
cJSON *decode_json_beam(const s2s_vocab *v, const struct s2s_beam_tree *t);

#endif
