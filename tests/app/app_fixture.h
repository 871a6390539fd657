/* app_fixture.h: what the app library's C tests share (header-only, so each test stays one file):
 * the window's state opened on a model file and decoded to the end, without a window. */
#ifndef S2S_TEST_APP_FIXTURE_H
#define S2S_TEST_APP_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "app/app_state.h"

#define AT_MODEL MODELS_DIR "/reverse-at.safetensors"
#define NAT_MODEL MODELS_DIR "/reverse-nat.safetensors"

/* The state of a window that opened path with input (NULL: the task's example), fully decoded. */
static inline app_state *open_model(const char *path, const char *input) {
    app_state *a = calloc(1, sizeof *a); /* large: not on the stack */
    assert_non_null(a);
    a->speed = 4;
    a->ui = 1.0f;
    a->what_if_index = -1;
    s2s_error err;
    int rc = app_load_model(a, path, input, &err);
    if (rc) fprintf(stderr, "load: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(app_finish(a, &err), 0);
    return a;
}

static inline void close_model(app_state *a) {
    app_state_free(a);
    free(a);
}

#endif
