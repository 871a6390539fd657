/* test_caption.c: every step of real decodes of the shipped reverse models (AT greedy, AT
 * teacher-forced, AT what-if, NAT) has a caption, every kind of operation is met, and the numbers
 * a caption shows are the trace's, computed here independently (the largest softmax weight of the
 * row and its key, the predicted length as the classifier's argmax, the masked range, LayerNorm's
 * mean and deviation...), in English and in Chinese. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_fixture.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "viz/caption.h"

/* ---- what the caption must contain, from the trace ---------------------------------------------- */

static int zh(void) { return i18n_current() == I18N_ZH; }

/* A token as a caption quotes it in the current language. */
static void quoted(char *out, size_t n, const char *sym) {
    if (strcmp(sym, " ") == 0) sym = "␣";
    snprintf(out, n, zh() ? "“%s”" : "'%s'", sym);
}

/* A share in per cent as a caption shows it ("71 %", Chinese "71%"). */
static void percent(char *out, size_t n, double p) { snprintf(out, n, zh() ? "%.0f%%" : "%.0f %%", 100.0 * p); }

/* The caption holds number s as a whole (no digit, sign or decimal point touching it). */
static int has_number(const char *caption, const char *s) {
    size_t n = strlen(s);
    for (const char *p = strstr(caption, s); p; p = strstr(p + 1, s)) {
        char before = p > caption ? p[-1] : ' ', after = p[n];
        int joined = (before >= '0' && before <= '9') || before == '.' || before == '-' ||
                     (after >= '0' && after <= '9') || (after == '.' && p[n + 1] >= '0' && p[n + 1] <= '9');
        if (!joined) return 1;
    }
    return 0;
}

static void expect_text(const char *caption, const char *what) {
    if (!strstr(caption, what)) fail_msg("caption \"%s\" lacks \"%s\"", caption, what);
}

static void expect_number(const char *caption, const char *fmt, double x) {
    char s[64];
    snprintf(s, sizeof s, fmt, x);
    if (!has_number(caption, s)) fail_msg("caption \"%s\" lacks the number %s", caption, s);
}

static void expect_int(const char *caption, int x) {
    char s[32];
    snprintf(s, sizeof s, "%d", x);
    if (!has_number(caption, s)) fail_msg("caption \"%s\" lacks the number %s", caption, s);
}

static int argmax(const float *x, int n) {
    int b = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[b]) b = i;
    return b;
}

/* The symbol of query row r / key j of step s, as the window labels it. */
static const char *row_sym(const app_state *a, const trace_step *s, int r, int key) {
    if (s->block == TB_ENCODER || (key && s->sub == TS_CROSS_ATTN)) return a->lab.src[r];
    return a->lab.dec[r];
}

/* Row r of the step of op beside s (same block, layer, sublayer, pass). */
static const float *beside(const app_state *a, const trace_step *s, trace_op op, int head, int r) {
    int i = trace_find(&a->trace, s->block, s->layer, s->sub, op, head, s->pass);
    assert_true(i >= 0);
    const trace_step *o = &a->trace.steps[i];
    assert_true(r >= o->row0 && r < o->row0 + o->rows);
    return trace_data(&a->trace, o) + (size_t)(r - o->row0) * o->cols;
}

/* Checks the caption of the cursor's step against the trace; returns its kind. */
static int check_caption(const app_state *a, int row) {
    const s2s_config *c = &a->model.cfg;
    caption_in in = {&a->model, &a->trace, &a->res, a->cursor, row, a->beam, &a->sampling, a->n_forced};
    char text[512], q[64], k[64], pct[32];
    int kind = caption_make(&in, text, sizeof text);
    assert_true(kind >= 0 && kind < CAPTION_KIND_COUNT);
    assert_int_equal(caption_kind_of(&in), kind);
    if (strlen(text) < 20 || strchr(text, '?')) fail_msg("caption of step %d: \"%s\"", a->cursor, text);
    const trace_step *s = &a->trace.steps[a->cursor];
    int r = row < s->row0 ? s->row0 : row >= s->row0 + s->rows ? s->row0 + s->rows - 1 : row;
    const float *x = trace_data(&a->trace, s) + (size_t)(r - s->row0) * s->cols;
    int D = c->d_model, Dh = D / c->n_heads;
    if (s->op != TO_LENGTH_POOL && s->op != TO_LENGTH_LOGITS && s->op != TO_LENGTH_PROBS && s->op != TO_LOGITS &&
        s->op != TO_PROBS && s->op != TO_K && s->op != TO_V && !(s->op == TO_FINAL_NORM && s->block == TB_ENCODER) &&
        !(s->op == TO_EMBED && s->block == TB_DECODER && c->decoder == S2S_DECODER_NAT) &&
        !(s->op == TO_EMBED && s->block == TB_DECODER && r == 0)) {
        quoted(q, sizeof q, row_sym(a, s, r, 0)); /* the focused token is named */
        expect_text(text, q);
    }
    switch (kind) {
    case CAPTION_EMBED_SOURCE: case CAPTION_EMBED_AT: case CAPTION_EMBED_TEACHER: case CAPTION_EMBED_NAT:
        expect_number(text, "%.1f", sqrt((double)D));
        expect_int(text, D);
        break;
    case CAPTION_Q: case CAPTION_K: case CAPTION_V: case CAPTION_ATTN_OUT:
        expect_int(text, D);
        expect_int(text, Dh);
        if (kind == CAPTION_K || kind == CAPTION_V) expect_int(text, s->row0 + s->rows);
        break;
    case CAPTION_SCORES: {
        int b = argmax(x, s->cols);
        expect_number(text, "%.2f", (double)x[b]);
        expect_int(text, Dh);
        quoted(k, sizeof k, row_sym(a, s, b, 1));
        expect_text(text, k);
        break;
    }
    case CAPTION_WEIGHTS: case CAPTION_HEAD_OUT: {
        const float *w = kind == CAPTION_WEIGHTS ? x : beside(a, s, TO_WEIGHTS, s->head, r);
        int b = argmax(w, a->trace.steps[trace_find(&a->trace, s->block, s->layer, s->sub, TO_WEIGHTS, s->head,
                                                    s->pass)].cols);
        percent(pct, sizeof pct, (double)w[b]);
        expect_text(text, pct);
        quoted(k, sizeof k, row_sym(a, s, b, 1));
        expect_text(text, k);
        break;
    }
    case CAPTION_MASK_CAUSAL: {
        int first = -1, last = -1;
        for (int j = 0; j < s->cols; j++)
            if (isinf(x[j]) && x[j] < 0) {
                if (first < 0) first = j;
                last = j;
            }
        assert_true(first == r + 1 && last == s->cols - 1); /* causal: exactly the later positions */
        char range[32];
        snprintf(range, sizeof range, "%d–%d", first + 1, last + 1);
        expect_text(text, range);
        break;
    }
    case CAPTION_MASK_CACHED: expect_int(text, s->cols); assert_int_equal(s->cols, r + 1); break;
    case CAPTION_MASK_NONE: expect_int(text, s->cols); break;
    case CAPTION_ADD: {
        const float *in_row = beside(a, s, TO_INPUT, -1, r);
        const float *up = beside(a, s, s->sub == TS_FFN ? TO_FFN_OUT : TO_ATTN_OUT, -1, r);
        double xn = 0, un = 0;
        for (int i = 0; i < s->cols; i++) {
            xn += (double)in_row[i] * in_row[i];
            un += (double)up[i] * up[i];
            assert_true(fabsf(x[i] - (in_row[i] + up[i])) < 1e-5f); /* the step is the sum */
        }
        expect_number(text, "%.2f", sqrt(un));
        expect_number(text, "%.2f", sqrt(xn));
        percent(pct, sizeof pct, sqrt(un) / sqrt(xn));
        expect_text(text, pct);
        break;
    }
    case CAPTION_NORM: {
        const float *sum = beside(a, s, TO_ADD, -1, r);
        double mean = 0, var = 0;
        for (int i = 0; i < s->cols; i++) mean += sum[i];
        mean /= s->cols;
        for (int i = 0; i < s->cols; i++) var += (sum[i] - mean) * (sum[i] - mean);
        expect_number(text, "%.2f", mean);
        expect_number(text, "%.2f", sqrt(var / s->cols));
        break;
    }
    case CAPTION_FFN_HIDDEN: {
        int active = 0;
        for (int i = 0; i < s->cols; i++) active += x[i] > 0;
        expect_int(text, active);
        expect_int(text, c->d_ff);
        break;
    }
    case CAPTION_FFN_OUT: expect_int(text, c->d_ff); break;
    case CAPTION_FINAL_NORM_ENCODER: expect_int(text, a->res.n_src); break;
    case CAPTION_FINAL_NORM_DECODER: expect_int(text, r + 1); break;
    case CAPTION_LOGITS: {
        int b = argmax(x, s->cols);
        expect_number(text, "%.2f", (double)x[b]);
        quoted(k, sizeof k, a->model.tgt.sym[b]);
        expect_text(text, k);
        break;
    }
    case CAPTION_EMIT_AT: case CAPTION_EMIT_NAT: {
        /* the token emitted at this position and its probability, as the decode result has them */
        int id = kind == CAPTION_EMIT_AT ? a->res.out[r] : argmax(x, s->cols);
        if (kind == CAPTION_EMIT_AT) assert_true(fabsf(a->res.out_prob[r] - x[id]) < 1e-6f);
        if (kind == CAPTION_EMIT_NAT && r < a->res.n_out) assert_int_equal(a->res.out[r], id);
        if (kind == CAPTION_EMIT_NAT && a->res.n_out < s->rows) { /* the classifier's length keeps the first */
            snprintf(k, sizeof k, zh() ? "保留前 %d 个" : "the output keeps the first %d;", a->res.n_out);
            expect_text(text, k);
        }
        percent(pct, sizeof pct, (double)x[id]);
        expect_text(text, pct);
        if (id != S2S_END) {
            quoted(k, sizeof k, a->model.tgt.sym[id]);
            expect_text(text, k);
        }
        break;
    }
    case CAPTION_EMIT_TEACHER: {
        int target = r + 1 < a->res.n_dec_in ? a->res.dec_in[r + 1] : S2S_END;
        percent(pct, sizeof pct, (double)x[target]);
        expect_text(text, pct);
        expect_number(text, "%.2f", -log((double)x[target]));
        break;
    }
    case CAPTION_LENGTH_POOL: expect_int(text, a->res.n_src); expect_int(text, D); break;
    case CAPTION_LENGTH_LOGITS:
        expect_int(text, argmax(x, s->cols));
        expect_number(text, "%.2f", (double)x[argmax(x, s->cols)]);
        break;
    case CAPTION_LENGTH_PROBS:
        assert_int_equal(argmax(x, s->cols), a->res.nat_predicted); /* the length the decoder used */
        expect_int(text, a->res.nat_predicted);
        percent(pct, sizeof pct, (double)x[a->res.nat_predicted]);
        expect_text(text, pct);
        break;
    default: break;
    }
    return kind;
}

/* Walks every step (and in a one-pass decode every focused row), marking the kinds met. */
static void walk(app_state *a, int *seen) {
    int one_pass = a->res.passes <= 1;
    for (int i = 0; i < a->trace.n_steps; i++) {
        a->cursor = i;
        for (int row = 0; row < (one_pass ? a->res.n_rows : 1); row++) {
            a->row_sel = row;
            seen[check_caption(a, app_focus(a).row)]++;
        }
    }
}

static void every_kind_with_its_numbers(void) {
    int seen[CAPTION_KIND_COUNT] = {0};
    s2s_error err;
    app_state *at = open_model(AT_MODEL, "abcde");
    assert_true(at->res.passes > 1);
    walk(at, seen);
    assert_int_equal(app_what_if(at, 1, at->res.out[1] == 5 ? 6 : 5, &err), 0); /* another token at position 2 */
    assert_int_equal(app_finish(at, &err), 0);
    walk(at, seen);
    at->n_forced = 0; /* no what-if from here on */
    at->beam = 3; /* beam search: the trace replays the best sequence */
    assert_int_equal(app_decode(at, &err), 0);
    assert_int_equal(app_finish(at, &err), 0);
    walk(at, seen);
    at->beam = 1;
    at->sampling.on = 1; /* a sampled decode (temperature 100): its captions hold the same numbers */
    at->sampling.temperature = 100.0f;
    assert_int_equal(app_decode(at, &err), 0);
    assert_int_equal(app_finish(at, &err), 0);
    walk(at, seen);
    at->sampling.on = 0;
    assert_int_equal(app_set_target(at, "edcba", &err), 0);
    assert_int_equal(app_finish(at, &err), 0);
    assert_int_equal(at->res.passes, 1);
    walk(at, seen);
    close_model(at);
    app_state *nat = open_model(NAT_MODEL, "abcdefg");
    walk(nat, seen);
    close_model(nat);
    for (int k = 0; k < CAPTION_KIND_COUNT; k++)
        if (!seen[k]) fail_msg("no step had a caption of kind %s", caption_kind_name((caption_kind)k));
}

static void test_english(void **state) {
    (void)state;
    s2s_error err;
    assert_int_equal(i18n_init("en", &err), 0);
    every_kind_with_its_numbers();
}

static void test_chinese(void **state) {
    (void)state;
    s2s_error err;
    assert_int_equal(i18n_init("zh", &err), 0);
    every_kind_with_its_numbers();
    assert_int_equal(i18n_init("en", &err), 0);
}

/* Every kind's sentence is translated: in Chinese no caption is the English one. */
static void test_chinese_is_translated(void **state) {
    (void)state;
    s2s_error err;
    app_state *at = open_model(AT_MODEL, "abcde");
    for (int i = 0; i < at->trace.n_steps; i++) {
        caption_in in = {&at->model, &at->trace, &at->res, i, app_focus(at).row, 1, NULL, 0};
        at->cursor = i;
        in.row = app_focus(at).row;
        char en[512], zh_text[512];
        assert_int_equal(i18n_init("en", &err), 0);
        caption_make(&in, en, sizeof en);
        assert_int_equal(i18n_init("zh", &err), 0);
        caption_make(&in, zh_text, sizeof zh_text);
        if (strcmp(en, zh_text) == 0) fail_msg("not translated: \"%s\"", en);
    }
    assert_int_equal(i18n_init("en", &err), 0);
    close_model(at);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_chinese),
        cmocka_unit_test(test_chinese_is_translated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
