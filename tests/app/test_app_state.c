/* test_app_state.c: the window's state without a window: stepping forwards and backwards at each
 * granularity (operation, sublayer, token, start/end), jumping to a place, what-if, typing (valid,
 * invalid UTF-8, a symbol outside the vocabulary, Backspace) and the names of the places the
 * cursor lands on. Runs on the shipped reverse models (AT and NAT). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_fixture.h"

static const trace_step *at_cursor(const app_state *a) { return &a->trace.steps[a->cursor]; }

/* The place name of the cursor ("decoder.layer1.cross_attn.head2.weights"). */
static const char *cursor_name(const app_state *a) {
    static char name[128];
    trace_step_name(at_cursor(a), name, sizeof name);
    return name;
}

/* ---- stepping -------------------------------------------------------------------------------- */

static void test_step_op_visits_the_focused_heads_path(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    assert_string_equal(a->input, "abc");
    assert_int_equal(a->cursor, 0);
    assert_string_equal(cursor_name(a), "encoder.embed");
    app_set_head(a, 1);
    int n = a->trace.n_steps, visited[40000], m = 0;
    assert_true(n < 40000);
    visited[m++] = a->cursor;
    for (;;) {
        int before = a->cursor;
        app_step_op(a, +1);
        if (a->cursor == before) break;
        assert_true(a->cursor > before);
        for (int i = before + 1; i < a->cursor; i++) /* only other heads' steps are skipped */
            assert_true(a->trace.steps[i].head >= 0 && a->trace.steps[i].head != 1);
        assert_true(at_cursor(a)->head == -1 || at_cursor(a)->head == 1);
        visited[m++] = a->cursor;
    }
    assert_int_equal(a->cursor, n - 1); /* the last step (generator.probs) is on every path */
    assert_string_equal(cursor_name(a), "generator.probs");
    for (int k = m - 2; k >= 0; k--) { /* backwards: the same steps in reverse */
        app_step_op(a, -1);
        assert_int_equal(a->cursor, visited[k]);
    }
    app_step_op(a, -1);
    assert_int_equal(a->cursor, 0); /* stays at the start */
    close_model(a);
}

static int same_group(const trace_step *x, const trace_step *y) {
    return x->block == y->block && x->layer == y->layer && x->sub == y->sub && x->pass == y->pass;
}

static void test_step_sublayer(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_step_sublayer(a, +1);
    assert_string_equal(cursor_name(a), "encoder.layer1.self_attn.input");
    app_step_sublayer(a, +1);
    assert_string_equal(cursor_name(a), "encoder.layer1.ffn.input");
    /* forwards: each move lands on the first step of the next group */
    int starts = 0;
    for (;;) {
        int before = a->cursor;
        app_step_sublayer(a, +1);
        if (a->cursor == before) break;
        const trace_step *s = at_cursor(a);
        if (a->cursor == a->trace.n_steps - 1 && same_group(s, &a->trace.steps[before])) break; /* the end */
        assert_false(same_group(s, &a->trace.steps[before]));
        assert_false(same_group(s, &a->trace.steps[a->cursor - 1]));
        starts++;
    }
    /* encoder layer 2 (2 sublayers) and norm, then each of 4 passes: embedding, 6 sublayers, norm, logits */
    assert_int_equal(starts, 3 + 4 * 9);
    assert_int_equal(a->cursor, a->trace.n_steps - 1);
    /* backwards from inside a group: first to its start, then to the previous group's start */
    app_step_edge(a, 0);
    app_step_sublayer(a, +1);
    app_step_sublayer(a, +1); /* encoder.0.ffn.input */
    int ffn = a->cursor;
    app_step_op(a, +1);
    app_step_op(a, +1);
    assert_string_equal(cursor_name(a), "encoder.layer1.ffn.out");
    app_step_sublayer(a, -1);
    assert_int_equal(a->cursor, ffn);
    app_step_sublayer(a, -1);
    assert_string_equal(cursor_name(a), "encoder.layer1.self_attn.input");
    app_step_sublayer(a, -1);
    assert_int_equal(a->cursor, 0);
    app_step_sublayer(a, -1);
    assert_int_equal(a->cursor, 0);
    close_model(a);
}

static void test_step_token_at(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    assert_int_equal(a->res.passes, 4); /* c b a <end> */
    app_step_token(a, +1); /* from the encoder: the first decoder pass */
    assert_string_equal(cursor_name(a), "decoder.embed");
    assert_int_equal(at_cursor(a)->pass, 0);
    for (int p = 1; p < 4; p++) {
        app_step_token(a, +1);
        assert_int_equal(at_cursor(a)->block, TB_DECODER);
        assert_int_equal(at_cursor(a)->op, TO_EMBED);
        assert_int_equal(at_cursor(a)->pass, p);
        assert_int_equal(app_focus(a).row, p);
    }
    int last = a->cursor;
    app_step_token(a, +1); /* no fifth pass: stays */
    assert_int_equal(a->cursor, last);
    app_step_token(a, -1);
    assert_int_equal(at_cursor(a)->pass, 2);
    app_step_token(a, -1);
    app_step_token(a, -1);
    assert_int_equal(at_cursor(a)->pass, 0);
    app_step_token(a, -1); /* before the first pass: the start */
    assert_int_equal(a->cursor, 0);
    close_model(a);
}

static void test_step_token_nat_moves_the_position(void **state) {
    (void)state;
    app_state *a = open_model(NAT_MODEL, "abc");
    assert_int_equal(a->res.passes, 1);
    assert_true(a->res.n_rows > 3);
    int cursor = a->cursor;
    assert_int_equal(a->row_sel, 0);
    app_step_token(a, +1);
    app_step_token(a, +1);
    assert_int_equal(a->row_sel, 2);
    assert_int_equal(app_focus(a).row, 2);
    assert_int_equal(a->cursor, cursor); /* one pass: the cursor does not move */
    for (int i = 0; i < 100; i++) app_step_token(a, +1);
    assert_int_equal(a->row_sel, a->res.n_rows - 1);
    for (int i = 0; i < 100; i++) app_step_token(a, -1);
    assert_int_equal(a->row_sel, 0);
    close_model(a);
}

static void test_step_edge_and_seek(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_step_edge(a, 1);
    assert_int_equal(a->cursor, a->trace.n_steps - 1);
    app_step_edge(a, 0);
    assert_int_equal(a->cursor, 0);
    app_seek_fraction(a, 1.5f);
    assert_int_equal(a->cursor, a->trace.n_steps - 1);
    app_seek_fraction(a, 0.5f);
    assert_true(at_cursor(a)->head == -1 || at_cursor(a)->head == a->head);
    assert_true(abs(a->cursor - a->trace.n_steps / 2) < a->trace.n_steps / 10);
    app_seek_fraction(a, -1.0f);
    assert_int_equal(a->cursor, 0);
    close_model(a);
}

/* End while a decode is still running (the window spreads it over frames): the decode's end, not
 * the step the last frame reached */
static void test_end_finishes_a_running_decode(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    int full_steps = a->trace.n_steps, full_out = a->res.n_out;
    s2s_error err;
    assert_int_equal(app_decode_budget(a, 0.0, &err), 0);
    assert_non_null(a->dec); /* a zero budget leaves it running */
    assert_true(a->trace.n_steps < full_steps);
    app_step_edge(a, 1);
    assert_null(a->dec);
    assert_int_equal(a->trace.n_steps, full_steps);
    assert_int_equal(a->res.n_out, full_out);
    assert_int_equal(a->cursor, full_steps - 1);
    close_model(a);
}

/* ---- jumping to places ---------------------------------------------------------------------------- */

static void test_jump_place_head_and_stage(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_step_token(a, +1);
    app_step_token(a, +1); /* decoder pass 1 */
    /* an architecture box: the Add & Norm after layer 1's cross-attention, in the visible pass */
    app_jump_place(a, (trace_place){TB_DECODER, 1, TS_CROSS_ATTN, TO_ADD, -1});
    assert_string_equal(cursor_name(a), "decoder.layer2.cross_attn.add");
    assert_int_equal(at_cursor(a)->pass, 1);
    /* the name a lesson or `screenshot --at` gives (passes from 1), in either spelling, is this step */
    assert_int_equal(trace_find_named(&a->trace, "decoder.layer2.cross_attn.add", 2), a->cursor);
    assert_int_equal(trace_find_named(&a->trace, "decoder.1.cross_attn.add", 2), a->cursor);
    /* a grid thumbnail: the weights of head 2, which becomes the focused head */
    app_jump_place(a, (trace_place){TB_DECODER, 0, TS_SELF_ATTN, TO_WEIGHTS, 2});
    assert_string_equal(cursor_name(a), "decoder.layer1.self_attn.head3.weights");
    assert_int_equal(at_cursor(a)->pass, 1);
    assert_int_equal(a->head, 2);
    /* the encoder is in pass 0 whatever the decoder shows */
    app_jump_place(a, (trace_place){TB_ENCODER, -1, TS_NONE, TO_FINAL_NORM, -1});
    assert_string_equal(cursor_name(a), "encoder.norm");
    /* a place this decode lacks (layer 7) leaves the cursor where it is */
    int before = a->cursor;
    app_jump_place(a, (trace_place){TB_DECODER, 7, TS_FFN, TO_INPUT, -1});
    assert_int_equal(a->cursor, before);
    app_jump_place(a, (trace_place){TB_DECODER, 0, TS_SELF_ATTN, TO_WEIGHTS, 99});
    assert_int_equal(a->cursor, before); /* no head 100 */
    assert_int_equal(a->head, 2);
    /* head and stage tabs: stay on the same operation in another head, another stage of this one */
    app_jump_place(a, (trace_place){TB_DECODER, 1, TS_SELF_ATTN, TO_WEIGHTS, 0});
    app_set_head(a, 3);
    assert_string_equal(cursor_name(a), "decoder.layer2.self_attn.head4.weights");
    app_jump_stage(a, TO_SCORES);
    assert_string_equal(cursor_name(a), "decoder.layer2.self_attn.head4.scores");
    app_jump_stage(a, TO_MASK);
    assert_string_equal(cursor_name(a), "decoder.layer2.self_attn.mask");
    close_model(a);
}

/* ---- what-if --------------------------------------------------------------------------------- */

static void test_what_if(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    int first = a->res.out[0], z = vocab_find(&a->model.tgt, "z", 1);
    assert_true(z >= S2S_N_SPECIAL);
    assert_int_not_equal(a->res.out[1], z);
    s2s_error err;
    assert_int_equal(app_what_if(a, 1, z, &err), 0);
    assert_int_equal(app_finish(a, &err), 0);
    assert_int_equal(a->n_forced, 2);
    assert_int_equal(a->res.out[0], first); /* kept */
    assert_int_equal(a->res.out[1], z);     /* imposed */
    assert_int_equal(a->forced[1], z);
    assert_true(a->res.n_out >= 3);         /* and decoding went on from there */
    /* the cursor shows the pass that consumes the changed token */
    assert_string_equal(cursor_name(a), "decoder.embed");
    assert_int_equal(at_cursor(a)->pass, 2);
    /* out of range: nothing happens */
    assert_int_equal(app_what_if(a, 50, z, &err), 0);
    assert_int_equal(a->n_forced, 2);
    close_model(a);

    a = open_model(NAT_MODEL, "abc"); /* NAT has no token to impose: nothing happens */
    int out0 = a->res.out[0];
    assert_int_equal(app_what_if(a, 0, z, &err), 0);
    assert_int_equal(a->n_forced, 0);
    assert_int_equal(a->res.out[0], out0);
    close_model(a);
}

/* ---- typing ---------------------------------------------------------------------------------- */

static void test_typing(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    s2s_error err;
    assert_int_equal(app_type(a, "de", 1000), 0);
    assert_int_equal(app_finish(a, &err), 0);
    assert_string_equal(a->input, "abcde");
    assert_int_equal(a->res.n_src, 5);
    assert_int_equal(a->res.out[0], vocab_find(&a->model.tgt, "e", 1)); /* reversed */

    /* invalid UTF-8: refused whole, the input unchanged, a hint that says why */
    assert_int_equal(app_type(a, "f\xFF", 2000), -1);
    assert_string_equal(a->input, "abcde");
    assert_non_null(strstr(a->hint, "UTF-8"));
    assert_true(a->hint_until > 2000);
    assert_int_equal(app_type(a, "\xE5\x8D", 2000), -1); /* a character cut short */
    assert_string_equal(a->input, "abcde");

    /* a character outside the vocabulary: refused, named, with the valid symbols */
    assert_int_equal(app_type(a, "é", 3000), -1);
    assert_string_equal(a->input, "abcde");
    assert_non_null(strstr(a->hint, "\"é\" is not in this model's vocabulary"));
    assert_non_null(strstr(a->hint, "valid: a b c"));

    /* Backspace takes one character, even a multi-byte one */
    app_backspace(a, 4000);
    assert_string_equal(a->input, "abcd");
    snprintf(a->input, sizeof a->input, "ab\xE2\x82\xAC"); /* "ab€" */
    app_backspace(a, 5000);
    assert_string_equal(a->input, "ab");
    assert_int_equal(app_finish(a, &err), 0);
    assert_int_equal(a->res.n_src, 2);
    app_backspace(a, 6000);
    app_backspace(a, 6000);
    app_backspace(a, 6000); /* on an empty input: nothing */
    assert_string_equal(a->input, "");
    close_model(a);
}

/* The beam tree belongs to the model that searched it. Found by the soak: with a search of a larger
 * vocabulary's model in the tree, another model loaded without the beam view, and an input the new
 * model refuses, W opened the beam view on the old tree and drew symbols past the new vocabulary. */
static void test_beam_tree_never_outlives_its_model(void **state) {
    (void)state;
    app_state *a = open_model(MODELS_DIR "/number-words-mixed-at.safetensors", NULL);
    app_beam_key(a, 0, 0); /* W: the search of the large vocabulary */
    assert_true(a->beam_on);
    assert_true(a->beam_tree.n > 0);
    app_beam_key(a, 0, 0); /* W again: the view closed */
    assert_false(a->beam_on);
    s2s_error err;
    assert_int_equal(app_load_model(a, AT_MODEL, NULL, &err), 0);
    snprintf(a->input, sizeof a->input, "%s", "ABC"); /* typed, refused: reverse knows only a-z */
    app_beam_key(a, 0, 0);
    for (int i = 0; i < a->beam_tree.n; i++) assert_true(a->beam_tree.nodes[i].token < a->model.tgt.n);
    assert_false(a->beam_on); /* the search did not run: the view stays closed */
    close_model(a);
}

/* A model loaded with an input it refuses is refused whole: the error names the symbol, and the
 * window keeps the model, input and decode it had (the model is not freed under it). */
static void test_refused_input_keeps_the_model(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abcd");
    int n_steps = a->trace.n_steps, vocab = a->model.tgt.n;
    s2s_error err;
    assert_int_equal(app_load_model(a, MODELS_DIR "/number-words-at.safetensors", "abcd", &err), -1);
    assert_non_null(strstr(err.msg, "not in the vocabulary"));
    assert_string_equal(a->model_path, AT_MODEL);
    assert_string_equal(a->input, "abcd");
    assert_int_equal(a->model.tgt.n, vocab);
    assert_int_equal(a->model.cfg.decoder, S2S_DECODER_AT);
    assert_int_equal(app_finish(a, &err), 0); /* the old model still decodes */
    assert_int_equal(a->trace.n_steps, n_steps);
    close_model(a);
}

static void test_redecode_keeps_the_place(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abcd");
    app_jump_place(a, (trace_place){TB_ENCODER, 1, TS_FFN, TO_ADD, -1});
    assert_string_equal(cursor_name(a), "encoder.layer2.ffn.add");
    assert_int_equal(app_type(a, "e", 1000), 0);
    s2s_error err;
    assert_int_equal(app_finish(a, &err), 0);
    assert_string_equal(cursor_name(a), "encoder.layer2.ffn.add"); /* the same place in the new decode */
    assert_int_equal(a->trace.steps[a->cursor].rows, 5);
    close_model(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_op_visits_the_focused_heads_path),
        cmocka_unit_test(test_beam_tree_never_outlives_its_model),
        cmocka_unit_test(test_step_sublayer),
        cmocka_unit_test(test_step_token_at),
        cmocka_unit_test(test_step_token_nat_moves_the_position),
        cmocka_unit_test(test_step_edge_and_seek),
        cmocka_unit_test(test_end_finishes_a_running_decode),
        cmocka_unit_test(test_jump_place_head_and_stage),
        cmocka_unit_test(test_what_if),
        cmocka_unit_test(test_typing),
        cmocka_unit_test(test_redecode_keeps_the_place),
        cmocka_unit_test(test_refused_input_keeps_the_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
