#define _POSIX_C_SOURCE 200809L /* nanosleep */
/* test_compare_batch.c: compare mode's batch panel on its worker thread. While the worker runs, the
 * caller goes on (frames are built, showing the progress; the clock steps; the window's own model and
 * heads change), and the worker's figures then equal the synchronous run's bit for bit (all but the
 * measured times); a cancel, a second start and leaving compare mode stop it and free everything
 * (the sanitized run checks the leaks and the threads' memory). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "app/compare.h"
#include "frame_fixture.h"

static void nap_ms(int ms) {
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Builds the frame of compare mode as it is; returns how many texts contain `part`. */
static int frame_with(test_frame *f, compare_state *c, const char *part) {
    app_frame_io io = {1600, 900, -1, -1, 0, f->hits, "", f->scratch, f->scratch_len, c, NULL};
    draw_list_reset(f->dl);
    app_frame(f->a, f->dl, &io);
    int n = 0;
    for (size_t i = 0; i < draw_list_count(f->dl); i++) {
        const draw_cmd *d = draw_list_at(f->dl, i);
        n += d->kind == DRAW_TEXT && strstr(draw_cmd_text(f->dl, d), part) != NULL;
    }
    return n;
}

/* Every figure of two runs bit for bit, but the wall times. */
static void assert_same_stats(const compare_stats *x, const compare_stats *y) {
    assert_int_equal(x->n, y->n);
    assert_memory_equal(&x->exact_match, &y->exact_match, sizeof(double));
    assert_memory_equal(&x->repeat_rate, &y->repeat_rate, sizeof(double));
    assert_memory_equal(&x->length_error_rate, &y->length_error_rate, sizeof(double));
}

static void assert_same_batch(const compare_batch_result *x, const compare_batch_result *y) {
    for (int k = 0; k < COMPARE_MODELS; k++) assert_same_stats(&x->stats[k], &y->stats[k]);
    for (int k = 0; k < COMPARE_REFINE_ROWS; k++) assert_same_stats(&x->refine_stats[k], &y->refine_stats[k]);
    assert_int_equal(x->has_ablated, y->has_ablated);
    assert_same_stats(&x->ablated, &y->ablated);
    assert_string_equal(x->ablated_heads, y->ablated_heads);
    assert_int_equal(x->n_disagree, y->n_disagree);
    assert_int_equal(x->n_disagree_total, y->n_disagree_total);
    for (int i = 0; i < x->n_disagree; i++) assert_string_equal(x->disagree[i], y->disagree[i]);
}

/* number-words-mixed ships every model of the table: AT, NAT, distilled, Mask-Predict; one head off
 * adds the heads-off row: 8 rows. */
static test_frame *open_all_rows(compare_state *c) {
    test_frame *f = test_frame_open("number-words-mixed-at.safetensors", "105", 1.0f);
    s2s_error err;
    trace_place p = {TB_DECODER, 0, TS_CROSS_ATTN, TO_WEIGHTS, 0};
    assert_int_equal(app_toggle_head(f->a, p, &err), 0);
    assert_int_equal(compare_open(c, f->a, &err), 0);
    assert_true(c->distilled.loaded && c->refine.loaded);
    return f;
}

static void test_worker_equals_sync(void **state) {
    (void)state;
    compare_state *c = calloc(1, sizeof *c);
    compare_batch_result *sync = malloc(sizeof *sync);
    test_frame *f = open_all_rows(c);
    s2s_error err;
    assert_int_equal(compare_batch(c, f->a, 30, &err), 0);
    assert_true(c->batch_ready && c->batch.has_ablated);
    assert_int_equal(c->phase, COMPARE_BATCH_DONE);
    *sync = c->batch;

    assert_int_equal(compare_batch_start(c, f->a, 30, &err), 0);
    assert_false(c->batch_ready); /* the old figures go: the panel shows the run instead */
    compare_batch_progress p;
    assert_int_equal(compare_batch_progress_get(c, &p), 1);
    assert_int_equal(p.rows, 8);
    assert_int_equal(p.n, 30);
    /* the caller goes on while it runs: a frame shows the progress, the clock steps, and the window
     * rewrites its own model and heads (live training, X), which the run must not see */
    assert_int_equal(frame_with(f, c, "running the batch:"), 1);
    c->tick = 1;
    trace_place q = {TB_DECODER, 0, TS_SELF_ATTN, TO_WEIGHTS, 1};
    assert_int_equal(app_toggle_head(f->a, q, &err), 0);
    memset(f->a->model.params, 0, sizeof(float) * f->a->model.n_params);
    int frames = 0;
    while (compare_batch_poll(c, &err) == COMPARE_BATCH_RUNNING) {
        assert_int_equal(frame_with(f, c, "running the batch:"), 1);
        frames++;
        nap_ms(2);
    }
    assert_true(frames > 0);
    assert_null(c->job);
    assert_int_equal(c->phase, COMPARE_BATCH_DONE);
    assert_true(c->batch_ready);
    assert_same_batch(&c->batch, sync);
    assert_int_equal(frame_with(f, c, "running the batch:"), 0); /* the table now */
    assert_int_equal(frame_with(f, c, "exact match"), 1);
    compare_close(c);
    free(c);
    free(sync);
    test_frame_close(f);
}

static void test_cancel(void **state) {
    (void)state;
    compare_state *c = calloc(1, sizeof *c);
    test_frame *f = open_all_rows(c);
    s2s_error err;
    assert_int_equal(compare_batch_start(c, f->a, 500, &err), 0);
    compare_batch_progress p = {0};
    for (int i = 0; i < 20000 && compare_batch_progress_get(c, &p) && p.row == 0 && p.done == 0; i++) nap_ms(1);
    assert_true(p.row > 0 || p.done > 0); /* it has started decoding */
    double t0 = now_ms();
    compare_batch_cancel(c); /* waits for one input's decode, not the 8 x 500 of the run (seconds) */
    double waited = now_ms() - t0;
    assert_true(waited < 2000.0);
    assert_null(c->job);
    assert_int_equal(c->phase, COMPARE_BATCH_CANCELLED);
    assert_false(c->batch_ready);
    assert_int_equal(compare_batch_progress_get(c, &p), 0);
    assert_int_equal(frame_with(f, c, "batch cancelled"), 1);
    compare_batch_cancel(c); /* none runs: nothing happens */

    /* a second start replaces the first; leaving compare mode stops it */
    assert_int_equal(compare_batch_start(c, f->a, 500, &err), 0);
    assert_int_equal(compare_batch_start(c, f->a, 500, &err), 0);
    assert_int_equal(compare_batch_poll(c, &err), COMPARE_BATCH_RUNNING);
    compare_close(c);
    assert_null(c->job);
    assert_false(c->on);
    /* the synchronous run cancels a running one too */
    assert_int_equal(compare_open(c, f->a, &err), 0);
    assert_int_equal(compare_batch_start(c, f->a, 500, &err), 0);
    assert_int_equal(compare_batch(c, f->a, 10, &err), 0);
    assert_null(c->job);
    assert_int_equal(c->batch.stats[COMPARE_AT].n, 10);
    compare_close(c);
    free(c);
    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worker_equals_sync),
        cmocka_unit_test(test_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
