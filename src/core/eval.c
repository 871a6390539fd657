/* eval.c: held-out evaluation of a model on its task, see eval.h. */
#include "core/eval.h"

#include <stdio.h>
#include <string.h>

int eval_heldout(const s2s_model *m, s2s_task_id task, int n, s2s_nat_length nat_length, s2s_eval_result *r,
                 char (*outputs)[TASK_TEXT_MAX], s2s_error *err) {
    s2s_decode_opts o = decode_opts_default();
    o.nat_length = nat_length;
    return eval_heldout_with(m, task, n, &o, r, outputs, err);
}

int eval_heldout_with(const s2s_model *m, s2s_task_id task, int n, const s2s_decode_opts *opts, s2s_eval_result *r,
                      char (*outputs)[TASK_TEXT_MAX], s2s_error *err) {
    return eval_heldout_watched(m, task, n, opts, NULL, NULL, r, outputs, err);
}

int eval_heldout_watched(const s2s_model *m, s2s_task_id task, int n, const s2s_decode_opts *opts, eval_watch_fn *watch,
                         void *user, s2s_eval_result *r, char (*outputs)[TASK_TEXT_MAX], s2s_error *err) {
    memset(r, 0, sizeof *r);
    int nat = m->cfg.decoder == S2S_DECODER_NAT;
    long ref_tok = 0, tok_ok = 0, out_tok = 0, repeats = 0, exact = 0, len_err = 0, ref_repeats = 0, ref_out = 0;
    for (int i = 0; i < n; i++) {
        char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX], out[4 * TASK_TEXT_MAX];
        if (task_heldout(task, i, src, tgt)) break; /* a finite held-out set ends here */
        int s_ids[S2S_MAX_LEN], t_ids[S2S_MAX_LEN], ns, nt;
        if (decode_tokenize_source(m, src, s_ids, &ns, err)) return -1;
        if (decode_tokenize_target(m, tgt, t_ids, &nt, err)) return -1;
        s2s_decode_result res;
        if (decode_run(m, s_ids, ns, opts, NULL, &res, err)) return -1;
        r->total_us += res.us;
        int k = 0; /* output tokens before the first <end> */
        while (k < res.n_out && res.out[k] != S2S_END) k++;
        /* AT ends only by producing <end>; NAT's length is the classifier's, so its end is implied */
        int has_end = nat || k < res.n_out;
        vocab_join(&m->tgt, res.out, k, out, sizeof out);
        int ok = task_accepts(task, src, out);
        if (outputs) snprintf(outputs[i], TASK_TEXT_MAX, "%.*s", TASK_TEXT_MAX - 1, out);
        exact += ok;
        if (!ok && k != nt) len_err++;
        /* position by position against the reference; an accepted output is all right (on
         * number-words-mixed it may be the other phrasing, whose positions differ) */
        for (int j = 0; j <= nt; j++) {
            int want = j < nt ? t_ids[j] : S2S_END;
            int got = j < k ? res.out[j] : (j == k && has_end) ? S2S_END : -1;
            tok_ok += ok || got == want;
        }
        ref_tok += nt + 1;
        for (int j = 1; j < k; j++) repeats += res.out[j] == res.out[j - 1];
        for (int j = 1; j < nt; j++) ref_repeats += t_ids[j] == t_ids[j - 1];
        ref_out += nt;
        out_tok += k;
        r->n++;
        if (watch && watch(user, r->n)) return s2s_fail(err, "stopped");
    }
    if (r->n == 0) return s2s_fail(err, "the task has no held-out examples");
    r->exact_match = (double)exact / r->n;
    r->token_accuracy = ref_tok ? (double)tok_ok / (double)ref_tok : 0.0;
    r->repeat_rate = out_tok ? (double)repeats / (double)out_tok : 0.0;
    r->reference_repeat_rate = ref_out ? (double)ref_repeats / (double)ref_out : 0.0;
    r->length_error_rate = (double)len_err / r->n;
    return 0;
}
