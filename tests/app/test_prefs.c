/* test_prefs.c: the preferences module on its own (no window): a saved set reads back equal after
 * a "restart" (a new store on the same file); a missing file is a clean start; a corrupt, wrongly
 * typed or unreadable file is reported (naming the file and the problem) and ignored as a whole;
 * writes wait until the settings stay still, and are atomic (no temporary left beside the file);
 * what the command line set for one session is not written; --no-config reads nothing and writes
 * nothing; an unwritable folder is reported, never fatal. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/prefs.h"

static char dir[256], prefs_file[300]; /* a scratch folder, and prefs.json in it */

static int setup(void **state) {
    snprintf(dir, sizeof dir, "/tmp/stepformer-prefs-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(prefs_file, sizeof prefs_file, "%s/prefs.json", dir);
    return 0;
}

static int teardown(void **state) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_text(const char *name, const char *text) {
    FILE *f = fopen(name, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static prefs sample(void) {
    prefs p;
    prefs_clear(&p);
    p.theme_dark = 1;
    snprintf(p.colormap, sizeof p.colormap, "cividis");
    p.text_scale = 1.3f;
    snprintf(p.export_dir, sizeof p.export_dir, "/home/teacher/slides");
    snprintf(p.language, sizeof p.language, "zh");
    snprintf(p.model, sizeof p.model, "/usr/share/stepformer/models/number-zh-at.safetensors");
    snprintf(p.input, sizeof p.input, "one thousand \"two\" \\ 中文");
    p.width = 1920;
    p.height = 1080;
    return p;
}

static void test_round_trip(void **state) {
    char deep[300];
    snprintf(deep, sizeof deep, "%s/deeper/stepformer/prefs.json", dir); /* folders made as needed */
    prefs p = sample(), q;
    s2s_error err = {{0}};
    if (prefs_save(&p, deep, &err)) fail_msg("save: %s", err.msg);
    assert_int_equal(prefs_load(&q, deep, &err), 0);
    assert_true(prefs_equal(&p, &q));
    assert_string_equal(q.input, "one thousand \"two\" \\ 中文");
    assert_int_equal(q.width, 1920);
}

/* A window the user shrank below the smallest size prefs_load accepts is written at that size, so
 * the next start reads the file instead of reporting it invalid (the soak found this). */
static void test_a_tiny_window_is_saved_readable(void **state) {
    (void)state;
    prefs p = sample(), q;
    p.width = 320;
    p.height = 240;
    s2s_error err = {{0}};
    if (prefs_save(&p, prefs_file, &err)) fail_msg("save: %s", err.msg);
    if (prefs_load(&q, prefs_file, &err)) fail_msg("load: %s", err.msg);
    assert_int_equal(q.width, 640);
    assert_int_equal(q.height, 480);
    assert_string_equal(q.colormap, "cividis");
}

static void test_missing_file_is_a_clean_start(void **state) {
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none/prefs.json", dir);
    prefs q, clear;
    prefs_clear(&clear);
    s2s_error err = {{0}};
    assert_int_equal(prefs_load(&q, missing, &err), 0);
    assert_true(prefs_equal(&q, &clear));
}

/* Loading text must fail, name the file and contain want; the result is all "not set". */
static void expect_bad(const char *text, const char *want) {
    write_text(prefs_file, text);
    prefs q, clear;
    prefs_clear(&clear);
    s2s_error err = {{0}};
    assert_int_equal(prefs_load(&q, prefs_file, &err), -1);
    printf("  %s -> %s\n", text, err.msg);
    if (!strstr(err.msg, prefs_file) || !strstr(err.msg, want)) fail_msg("message \"%s\" lacks the path or \"%s\"", err.msg, want);
    assert_true(prefs_equal(&q, &clear)); /* all or nothing */
}

static void test_corrupt_files_are_reported_and_ignored(void **state) {
    expect_bad("{\"theme\": \"dark\", \"colormap\": ", "not valid");
    expect_bad("\x01\x02garbage", "not valid");
    expect_bad("[1, 2]", "not a JSON object");
    expect_bad("{\"theme\": \"dark\", \"text_scale\": \"big\"}", "text_scale");
    expect_bad("{\"theme\": \"purple\"}", "theme");
    expect_bad("{\"window\": {\"width\": 10, \"height\": 10}}", "window");
    expect_bad("{\"model\": 42}", "model");
}

static void test_unknown_keys_are_ignored(void **state) {
    write_text(prefs_file, "{\"theme\": \"dark\", \"from_a_newer_version\": [1, 2, 3]}");
    prefs q;
    s2s_error err = {{0}};
    assert_int_equal(prefs_load(&q, prefs_file, &err), 0);
    assert_int_equal(q.theme_dark, 1);
}

static void test_unreadable_file(void **state) {
    mkdir(prefs_file, 0755); /* a folder where the file should be: cannot be read as a file */
    prefs_store st;
    prefs_store_open(&st, prefs_file, 0);
    printf("  %s\n", st.problem);
    assert_non_null(strstr(st.problem, "preferences ignored"));
    assert_int_equal(st.loaded.theme_dark, -1);
    /* and writing there fails with a message, once, without stopping anything */
    prefs now = sample();
    assert_int_equal(prefs_store_update(&st, &now, 0, 0), 0);          /* the session's start */
    now.theme_dark = 0;
    assert_int_equal(prefs_store_update(&st, &now, 10, 1), -1);
    assert_non_null(strstr(st.problem, "cannot save preferences"));
    assert_int_equal(prefs_store_update(&st, &now, 2000, 0), 0);        /* not retried every frame */
}

/* The number of entries in dir (to see that no temporary file stays behind). */
static int entries(const char *d) {
    DIR *dp = opendir(d);
    int n = 0;
    for (struct dirent *e; dp && (e = readdir(dp));) n += e->d_name[0] != '.';
    if (dp) closedir(dp);
    return n;
}

static void test_store_writes_changes_after_a_quiet_time_and_restart_finds_them(void **state) {
    char file[400], sub[300];
    snprintf(sub, sizeof sub, "%s/config/stepformer", dir);
    snprintf(file, sizeof file, "%s/prefs.json", sub);
    prefs_store st;
    prefs_store_open(&st, file, 0);
    assert_string_equal(st.problem, "");
    prefs now;
    prefs_clear(&now);
    now.theme_dark = 0;
    now.text_scale = 1.0f;
    snprintf(now.colormap, sizeof now.colormap, "viridis");
    now.width = 1600;
    now.height = 900;
    assert_int_equal(prefs_store_update(&st, &now, 1000, 0), 0); /* start: nothing changed, no file */
    struct stat sb;
    assert_int_not_equal(stat(file, &sb), 0);
    now.theme_dark = 1;                                           /* T */
    snprintf(now.colormap, sizeof now.colormap, "magma");         /* M */
    assert_int_equal(prefs_store_update(&st, &now, 1100, 0), 0);  /* too soon */
    now.width = 1700;                                             /* resizing ... */
    assert_int_equal(prefs_store_update(&st, &now, 1400, 0), 0);
    assert_int_equal(prefs_store_update(&st, &now, 1400 + PREFS_QUIET_MS - 1, 0), 0);
    assert_int_equal(prefs_store_update(&st, &now, 1400 + PREFS_QUIET_MS, 0), 1); /* ... stopped */
    assert_int_equal(prefs_store_update(&st, &now, 5000, 0), 0);  /* unchanged: no second write */
    assert_int_equal(entries(sub), 1);                            /* prefs.json only, no temporary */

    prefs_store again; /* the next start */
    prefs_store_open(&again, file, 0);
    assert_string_equal(again.problem, "");
    assert_int_equal(again.loaded.theme_dark, 1);
    assert_string_equal(again.loaded.colormap, "magma");
    assert_int_equal(again.loaded.width, 1700);
    assert_int_equal(again.loaded.height, 900);
    assert_true(again.loaded.text_scale == 0); /* never changed in the window: not written */
}

static void test_command_line_choices_are_not_written(void **state) {
    write_text(prefs_file, "{\"theme\": \"dark\", \"colormap\": \"cividis\"}\n");
    prefs_store st;
    prefs_store_open(&st, prefs_file, 0);
    prefs now = st.loaded;
    now.theme_dark = 0;                                  /* stepformer --theme light */
    assert_int_equal(prefs_store_update(&st, &now, 0, 0), 0);
    snprintf(now.input, sizeof now.input, "abc");        /* the user types an input */
    assert_int_equal(prefs_store_update(&st, &now, 10, 1), 1);
    prefs q;
    s2s_error err = {{0}};
    assert_int_equal(prefs_load(&q, prefs_file, &err), 0);
    assert_int_equal(q.theme_dark, 1);                   /* still dark: --theme held for one session */
    assert_string_equal(q.colormap, "cividis");
    assert_string_equal(q.input, "abc");
}

static void test_no_config_reads_and_writes_nothing(void **state) {
    write_text(prefs_file, "not json");
    prefs_store st;
    prefs_store_open(&st, prefs_file, 1);
    assert_string_equal(st.problem, ""); /* not even read */
    prefs now = sample();
    assert_int_equal(prefs_store_update(&st, &now, 0, 0), 0);
    now.theme_dark = 0;
    assert_int_equal(prefs_store_update(&st, &now, 10, 1), 0);
    char *text = NULL;
    FILE *f = fopen(prefs_file, "r");
    char buf[64] = {0};
    assert_non_null(f);
    text = fgets(buf, sizeof buf, f);
    fclose(f);
    assert_string_equal(text, "not json"); /* untouched */
}

static void test_default_path(void **state) {
    char out[512];
    setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
    setenv("HOME", "/home/t", 1);
    assert_int_equal(prefs_default_path(out, sizeof out), 0);
    assert_string_equal(out, "/x/cfg/stepformer/prefs.json");
    setenv("XDG_CONFIG_HOME", "relative", 1); /* invalid by the XDG spec */
    prefs_default_path(out, sizeof out);
    assert_string_equal(out, "/home/t/.config/stepformer/prefs.json");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    assert_int_equal(prefs_default_path(out, sizeof out), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_tiny_window_is_saved_readable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_is_a_clean_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_files_are_reported_and_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_keys_are_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_writes_changes_after_a_quiet_time_and_restart_finds_them, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_line_choices_are_not_written, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_config_reads_and_writes_nothing, setup, teardown),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
