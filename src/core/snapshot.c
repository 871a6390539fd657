/* snapshot.c: see snapshot.h. */
#include "core/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decode.h"
#include "core/eval.h"
#include "core/safetensors.h"
#include "core/teacher.h"

int snapshot_heldout_loss(const s2s_model *m, s2s_task_id task, int n, double *loss, s2s_error *err) {
    double sum = 0.0;
    int positions = 0;
    s2s_trace tr; /* only the logits are read back */
    trace_init(&tr);
    for (int i = 0; i < n; i++) {
        char src_text[TASK_TEXT_MAX], tgt_text[TASK_TEXT_MAX];
        if (task_heldout(task, i, src_text, tgt_text)) break; /* a finite held-out set ran out */
        int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src, n_tgt;
        s2s_decode_opts o = decode_opts_default();
        s2s_decode_result res;
        s2s_teacher_loss l;
        if (decode_tokenize_source(m, src_text, src, &n_src, err) || decode_tokenize_target(m, tgt_text, tgt, &n_tgt, err)) {
            trace_free(&tr);
            return s2s_fail_prefix(err, "held-out example %d: ", i + 1);
        }
        o.target = tgt;
        o.n_target = n_tgt;
        if (decode_run(m, src, n_src, &o, &tr, &res, err) ||
            teacher_loss_from_trace(&tr, m->cfg.tgt_vocab, tgt, n_tgt, &l, err)) {
            trace_free(&tr);
            return -1;
        }
        sum += (double)l.mean * l.n;
        positions += l.n;
    }
    trace_free(&tr);
    if (positions == 0) return s2s_fail(err, "no held-out examples to measure the loss on");
    *loss = sum / positions;
    return 0;
}

int snapshot_write(const s2s_model *m, const char *dir, const s2s_snapshot_info *info, char *path, size_t cap,
                   s2s_error *err) {
    char file[4096], step[16], tl[32], hl[32], he[32];
    int k = snprintf(file, sizeof file, "%s/step-%07d.safetensors", dir, info->step);
    if (k < 0 || (size_t)k >= sizeof file) return s2s_fail(err, "the snapshot folder's name is too long");
    snprintf(step, sizeof step, "%d", info->step);
    snprintf(tl, sizeof tl, "%.9g", info->train_loss);
    snprintf(hl, sizeof hl, "%.9g", info->heldout_loss);
    snprintf(he, sizeof he, "%.9g", info->heldout_exact);
    const char *extra[] = {"step", step, "train_loss", tl, "heldout_loss", hl, "heldout_exact", he};
    if (model_save_meta(m, file, extra, 4, err)) return -1;
    if (path && cap) snprintf(path, cap, "%s", file);
    return 0;
}

int snapshot_take(const s2s_model *m, s2s_task_id task, int step, double train_loss, int n, const char *dir,
                  s2s_snapshot_info *info, char *path, size_t cap, s2s_error *err) {
    s2s_eval_result ev;
    info->step = step;
    info->train_loss = train_loss;
    if (snapshot_heldout_loss(m, task, n, &info->heldout_loss, err) ||
        eval_heldout(m, task, n, S2S_NAT_LENGTH_CLASSIFIER, &ev, NULL, err))
        return -1;
    info->heldout_exact = ev.exact_match;
    return snapshot_write(m, dir, info, path, cap, err);
}

/* A metadata value that must be a number. */
static int meta_number(const st_file *f, const char *key, double *out, s2s_error *err) {
    const char *v = st_meta(f, key);
    char *end;
    if (!v) return s2s_fail(err, "metadata %s is missing: not a training snapshot", key);
    *out = strtod(v, &end);
    if (end == v || *end) return s2s_fail(err, "metadata %s is not a number", key);
    return 0;
}

int snapshot_read_info(const char *path, s2s_snapshot_info *info, s2s_error *err) {
    st_file f;
    if (st_read(&f, path, err)) return -1;
    double step = 0;
    int rc = meta_number(&f, "step", &step, err) || meta_number(&f, "train_loss", &info->train_loss, err) ||
             meta_number(&f, "heldout_loss", &info->heldout_loss, err) ||
             meta_number(&f, "heldout_exact", &info->heldout_exact, err) ? -1 : 0;
    info->step = (int)step;
    st_free(&f);
    return rc;
}
