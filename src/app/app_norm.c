/* app_norm.c: LayerNorm against BatchNorm in the window (view_norm.c draws it). Sentence 1 of the
 * batch is the window's input; the others are held-out inputs of the model's task, of lengths as
 * different as the set allows. S swaps the last sentence and Shift+S shrinks the batch: sentence
 * 1's LayerNorm output never moves, its BatchNorm output does, and the view says by how much. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app_state.h"
#include "core/i18n.h"

#define POOL 64 /* held-out inputs to choose from */

int app_norm_ready(const app_state *a) {
    return a->norm_open && a->norm.B > 0 && strcmp(a->norm_model, a->model_path) == 0;
}

/* The batch's inputs: the window's input, then held-out inputs, the last one chosen by norm_swap.
 * A model of no known task gets prefixes of the input's symbols instead (the reference models). */
static int choose_inputs(app_state *a) {
    static char pool[POOL][APP_INPUT_MAX]; /* the window's one app state: not reentrant, not needed */
    int B = a->norm_B, n = norm_batch_heldout(&a->model, 0, POOL, pool[0], APP_INPUT_MAX), k = 0;
    snprintf(a->norm_text[k++], APP_INPUT_MAX, "%s", a->input);
    if (n == 0) { /* no task: the first symbols of the vocabulary, 1, 2, 3… long */
        for (int len = 1; len <= POOL && n < POOL; len++) {
            pool[n][0] = '\0';
            for (int i = 0; i < len && i < a->model.cfg.max_len; i++) {
                const char *sym = a->model.src.sym[S2S_N_SPECIAL + (i + len) % (a->model.src.n - S2S_N_SPECIAL)];
                if (!a->model.src.by_char && i) strncat(pool[n], " ", APP_INPUT_MAX - strlen(pool[n]) - 1);
                strncat(pool[n], sym, APP_INPUT_MAX - strlen(pool[n]) - 1);
            }
            if (len <= a->model.cfg.max_len) n++;
        }
    }
    for (int i = 0; k < B - 1 && i < n; i++) memcpy(a->norm_text[k++], pool[i], APP_INPUT_MAX); /* NUL-terminated */
    if (k < B && n > 0) { /* the last sentence: one of the rest of the pool, S moves it on */
        int rest = n - (B - 2 > 0 ? B - 2 : 0);
        int at = (B - 2 > 0 ? B - 2 : 0) + (rest > 0 ? a->norm_swap % rest : 0);
        memcpy(a->norm_text[k++], pool[at < n ? at : n - 1], APP_INPUT_MAX);
    }
    for (int i = 0; i < k; i++) a->norm_ptr[i] = a->norm_text[i];
    return k;
}

/* Rebuilds the batch at a->norm_at, and measures how far sentence 1 moved since the last one. */
static void rebuild(app_state *a, long long now) {
    trace_block block = a->norm_at.block;
    int layer = a->norm_at.layer;
    trace_sublayer sub = a->norm_at.sub;
    if (a->norm_B < 1) a->norm_B = 4;
    int B = choose_inputs(a);
    norm_batch next;
    s2s_error err;
    if (norm_batch_build(&next, &a->model, a->norm_ptr, B, block, layer, sub, &err)) {
        app_hint(a, now, 5000, _("LayerNorm vs BatchNorm: %s"), err.msg);
        return;
    }
    int same = strcmp(a->norm_model, a->model_path) == 0 && a->norm.B > 0 && a->norm.len[0] == next.len[0] &&
               a->norm.D == next.D && memcmp(a->norm.x, next.x, sizeof(float) * (size_t)next.len[0] * next.D) == 0;
    a->norm_moved_ln = a->norm_moved_bn = -1.0f;
    if (same) { /* the same sentence 1 at the same place: compare its normalized vectors */
        a->norm_moved_ln = a->norm_moved_bn = 0.0f;
        for (int i = 0; i < next.len[0] * next.D; i++) {
            a->norm_moved_ln = fmaxf(a->norm_moved_ln, fabsf(next.ln[i] - a->norm.ln[i]));
            a->norm_moved_bn = fmaxf(a->norm_moved_bn, fabsf(next.bn[i] - a->norm.bn[i]));
        }
    }
    norm_batch_free(&a->norm_prev);
    a->norm_prev = a->norm;
    a->norm = next;
    snprintf(a->norm_model, sizeof a->norm_model, "%s", a->model_path);
    const char *sub_name = sub == TS_SELF_ATTN ? (block == TB_DECODER ? "masked self-attention" : "self-attention")
                           : sub == TS_CROSS_ATTN ? "cross-attention" : "feed-forward";
    snprintf(a->norm_place, sizeof a->norm_place, "%s layer %d · %s", block == TB_ENCODER ? "encoder" : "decoder",
             layer + 1, sub_name);
}

void app_norm_toggle(app_state *a, long long now) {
    if (a->norm_open) {
        a->norm_open = 0;
        return;
    }
    view_focus f = app_focus(a);
    trace_block block = TB_ENCODER;
    int layer = 0;
    trace_sublayer sub = TS_SELF_ATTN;
    if ((f.block == TB_ENCODER || f.block == TB_DECODER) && f.layer >= 0 && f.sub != TS_NONE) {
        block = f.block;
        layer = f.layer;
        sub = f.sub;
    }
    a->norm_open = 1;
    a->norm_at = (trace_place){block, layer, sub, TO_ADD, -1};
    rebuild(a, now);
    a->norm_moved_ln = a->norm_moved_bn = -1.0f; /* a new place: nothing to compare with yet */
}

void app_norm_swap(app_state *a, long long now) {
    if (!app_norm_ready(a)) {
        app_hint(a, now, 3000, "%s", _("S swaps a sentence of the LayerNorm vs BatchNorm batch: open it with Shift+B"));
        return;
    }
    a->norm_swap++;
    rebuild(a, now);
}

void app_norm_size(app_state *a, long long now) {
    if (!app_norm_ready(a)) {
        app_hint(a, now, 3000, "%s", _("Shift+S sets the LayerNorm vs BatchNorm batch size: open it with Shift+B"));
        return;
    }
    a->norm_B = a->norm_B >= 8 ? 4 : a->norm_B == 4 ? 2 : a->norm_B == 2 ? 1 : 8;
    rebuild(a, now);
}
