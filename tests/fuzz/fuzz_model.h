/* fuzz_model.h: what the two model-loader fuzz targets check after each load, shared so that the
 * file and the memory target hold a model to the same contract:
 *   refused: one non-empty message, and the model left zeroed (nothing to free, nothing half-loaded);
 *   accepted: the vocabularies match the configuration, and the model decodes a short input
 *   (greedy, then a beam of 2) with every output id inside the target vocabulary.
 * A broken contract is a crash (__builtin_trap), which libFuzzer reports like any other. */
#ifndef S2S_FUZZ_MODEL_H
#define S2S_FUZZ_MODEL_H

#include <string.h>

#include "core/decode.h"
#include "core/model.h"

#define FUZZ_REQUIRE(cond) \
    do {                   \
        if (!(cond)) __builtin_trap(); \
    } while (0)

/* Decodes the first few source symbols with opts; the ids must stay in range. */
static void fuzz_decode(const s2s_model *m, int beam) {
    int src[4], n = 0;
    for (int id = S2S_N_SPECIAL; id < m->cfg.src_vocab && n < 4 && n < m->cfg.max_len; id++) src[n++] = id;
    if (n == 0) return;
    s2s_decode_opts o = decode_opts_default();
    o.beam = beam;
    static s2s_decode_result res; /* large (several KB): not on the stack */
    s2s_error err;
    if (decode_run(m, src, n, &o, NULL, &res, &err) != 0) {
        FUZZ_REQUIRE(err.msg[0]);
        return;
    }
    FUZZ_REQUIRE(res.n_out >= 0 && res.n_out <= m->cfg.max_len + 1);
    for (int i = 0; i < res.n_out; i++) FUZZ_REQUIRE(res.out[i] >= 0 && res.out[i] < m->cfg.tgt_vocab);
}

/* The contract above, for one model_load / model_load_memory call that returned rc. */
static void fuzz_check_model(s2s_model *m, int rc, const s2s_error *err) {
    if (rc != 0) {
        FUZZ_REQUIRE(rc == -1);
        FUZZ_REQUIRE(err->msg[0] && memchr(err->msg, '\0', sizeof err->msg));
        FUZZ_REQUIRE(!m->params && m->src.n == 0 && m->tgt.n == 0);
        model_free(m); /* harmless on a zeroed model */
        return;
    }
    FUZZ_REQUIRE(m->src.n == m->cfg.src_vocab && m->tgt.n == m->cfg.tgt_vocab);
    FUZZ_REQUIRE(m->params != NULL);
    fuzz_decode(m, 1);
    if (m->cfg.decoder == S2S_DECODER_AT) fuzz_decode(m, 2);
    model_free(m);
}

#endif
