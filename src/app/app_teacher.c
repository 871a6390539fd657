/* app_teacher.c: teacher forcing in the window. With a target the decoder's input is <begin> + the
 * target shifted right, the views show that decode, and a strip under them (view_teacher.c) gives
 * each target token's probability and cross-entropy beside the same positions at inference, where
 * the decoder's inputs are its own outputs. F switches which of the two the views show. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/app_state.h"
#include "core/i18n.h"
#include "core/util.h"

int app_teacher_forcing(const app_state *a, int *ids, int *n) {
    *n = -1;
    if (!a->target[0] || a->free_run) return 0;
    s2s_error err;
    if (decode_tokenize_target(&a->model, a->target, ids, n, &err)) {
        *n = -1; /* a target being typed (a word not finished yet): no teacher forcing meanwhile */
        return 0;
    }
    return 1;
}

void app_teacher_update(app_state *a) {
    a->teach_ready = 0;
    if (!a->target[0]) return;
    int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src, n_tgt;
    s2s_error err;
    if (decode_tokenize_source(&a->model, a->input, src, &n_src, &err) ||
        decode_tokenize_target(&a->model, a->target, tgt, &n_tgt, &err) ||
        teacher_pair_run(&a->model, src, n_src, tgt, n_tgt, &a->teach, &err))
        return;
    a->teach_ready = 1;
}

/* Re-decodes after the target or the mode changed; the hint says why when it cannot. */
static void redecode(app_state *a, long long now) {
    s2s_error err;
    a->n_forced = 0;
    if (app_decode(a, &err)) app_hint(a, now, 4000, "%s", err.msg);
}

int app_set_target(app_state *a, const char *text, s2s_error *err) {
    text = text ? text : "";
    int ids[S2S_MAX_LEN], n;
    if (text[0] && decode_tokenize_target(&a->model, text, ids, &n, err)) return -1;
    snprintf(a->target, sizeof a->target, "%s", text);
    a->n_forced = 0;
    return app_decode(a, err);
}

int app_type_target(app_state *a, const char *text, long long now) {
    if (app_append_typed(a, a->target, &a->model.tgt, text, now, _("target"))) return -1;
    redecode(a, now);
    return 0;
}

void app_backspace_target(app_state *a, long long now) {
    size_t n = strlen(a->target);
    if (n == 0) return;
    a->target[a->text_selected ? 0 : utf8_prev(a->target, n)] = '\0'; /* selected: all of it goes */
    a->text_selected = 0;
    redecode(a, now);
}

void app_toggle_free_run(app_state *a, long long now) {
    if (!a->target[0]) {
        app_hint(a, now, 3000, "%s", _("F compares teacher forcing with inference: first type a target (Shift+Enter)"));
        return;
    }
    a->free_run = !a->free_run;
    redecode(a, now);
}

/* Appends formatted text to buf (cap bytes) at *n, never past the end. */
static void put(char *buf, size_t cap, int *n, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t cap, int *n, const char *fmt, ...) {
    if (*n >= (int)cap - 1) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *n, cap - (size_t)*n, fmt, ap);
    va_end(ap);
    if (k > 0) *n = *n + k < (int)cap ? *n + k : (int)cap - 1;
}

int app_teacher_log(const app_state *a, char *buf, size_t cap) {
    int n = 0;
    if (cap == 0) return 0;
    buf[0] = '\0';
    if (!a->target[0]) return 0;
    const s2s_teacher_pair *t = &a->teach;
    put(buf, cap, &n, "target %s\nteacher_mode %s\n", a->target, a->free_run ? "inference" : "forcing");
    if (!a->teach_ready) return n;
    put(buf, cap, &n, "teacher_labels");
    for (int i = 0; i < t->tf.n; i++) put(buf, cap, &n, " %s", a->model.tgt.sym[t->tf.label[i]]);
    put(buf, cap, &n, "\nteacher_prob");
    for (int i = 0; i < t->tf.n; i++) put(buf, cap, &n, " %.6f", (double)t->tf.prob[i]);
    put(buf, cap, &n, "\nteacher_loss");
    for (int i = 0; i < t->tf.n; i++) put(buf, cap, &n, " %.6f", (double)t->tf.loss[i]);
    put(buf, cap, &n, "\nteacher_mean %.6f\ninference_output", (double)t->tf.mean);
    for (int i = 0; i < t->free.n_out; i++) put(buf, cap, &n, " %s", a->model.tgt.sym[t->free.out[i]]);
    put(buf, cap, &n, "\nfirst_wrong %d\n", t->first_wrong + 1); /* from 1, as the strip counts; 0: none */
    return n;
}
