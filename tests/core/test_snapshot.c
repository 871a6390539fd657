/* test_snapshot.c: training snapshots (core/snapshot.c): the held-out loss is the mean per-token
 * teacher-forced cross-entropy (computed again here through teacher_pair_run), a snapshot is an
 * ordinary model file with the same weights and its step and losses in the metadata, written
 * atomically (no temporary file left), and a missing folder is an error that names it. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/snapshot.h"
#include "core/teacher.h"

static void test_heldout_loss(void **state) {
    (void)state;
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, MODELS_DIR "/reverse-at.safetensors", &err)) fail_msg("%s", err.msg);
    double loss;
    assert_int_equal(snapshot_heldout_loss(&m, TASK_REVERSE, 8, &loss, &err), 0);
    double sum = 0;
    int n = 0;
    for (int i = 0; i < 8; i++) {
        char s[TASK_TEXT_MAX], t[TASK_TEXT_MAX];
        int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], ns, nt;
        assert_int_equal(task_heldout(TASK_REVERSE, i, s, t), 0);
        assert_int_equal(decode_tokenize_source(&m, s, src, &ns, &err), 0);
        assert_int_equal(decode_tokenize_target(&m, t, tgt, &nt, &err), 0);
        s2s_teacher_pair p;
        assert_int_equal(teacher_pair_run(&m, src, ns, tgt, nt, &p, &err), 0);
        for (int k = 0; k < p.tf.n; k++) sum += p.tf.loss[k];
        n += p.tf.n;
    }
    printf("  held-out loss of reverse-at on 8 examples: %.6f\n", loss);
    assert_float_equal(loss, sum / n, 1e-6);
    assert_true(loss < 0.1); /* the shipped model has learnt reversing */
    model_free(&m);
}

static void test_write_read(void **state) {
    (void)state;
    s2s_model m, back;
    s2s_error err = {{0}};
    if (model_load(&m, MODELS_DIR "/reverse-at.safetensors", &err)) fail_msg("%s", err.msg);
    char dir[] = "/tmp/stepformer-snap-XXXXXX";
    assert_non_null(mkdtemp(dir));
    s2s_snapshot_info in = {1200, 0.125, 0.0625, 0.995}, out;
    char path[4200];
    assert_int_equal(snapshot_write(&m, dir, &in, path, sizeof path, &err), 0);
    assert_non_null(strstr(path, "/step-0001200.safetensors"));
    assert_int_equal(snapshot_read_info(path, &out, &err), 0);
    assert_int_equal(out.step, 1200);
    assert_float_equal(out.train_loss, 0.125, 1e-12);
    assert_float_equal(out.heldout_loss, 0.0625, 1e-12);
    assert_float_equal(out.heldout_exact, 0.995, 1e-12);
    if (model_load(&back, path, &err)) fail_msg("%s", err.msg);
    assert_int_equal(back.n_params, m.n_params);
    assert_memory_equal(back.params, m.params, sizeof(float) * m.n_params);
    assert_string_equal(back.task, "reverse");
    model_free(&back);
    /* the folder holds the snapshot and nothing else (no temporary file left) */
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') files++, assert_string_equal(e->d_name, "step-0001200.safetensors");
    closedir(d);
    assert_int_equal(files, 1);
    /* a model file that is no snapshot */
    assert_int_equal(snapshot_read_info(MODELS_DIR "/reverse-at.safetensors", &out, &err), -1);
    assert_non_null(strstr(err.msg, "not a training snapshot"));
    /* a folder that does not exist */
    char gone[4200];
    snprintf(gone, sizeof gone, "%s/no-such-folder", dir);
    assert_int_equal(snapshot_write(&m, gone, &in, NULL, 0, &err), -1);
    assert_non_null(strstr(err.msg, "no-such-folder"));
    unlink(path);
    rmdir(dir);
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heldout_loss),
        cmocka_unit_test(test_write_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
