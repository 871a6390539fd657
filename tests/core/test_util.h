/* test_util.h: helpers shared by the core tests: cmocka, reading the PyTorch reference JSON,
 * and comparing arrays while printing the largest difference (llm.c style). Header-only so that
 * each test stays one executable built from one file. */
#ifndef S2S_TEST_UTIL_H
#define S2S_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF_DIR TEST_DATA_DIR "/reference"

static inline char *read_text_file(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) s[n] = '\0';
    fclose(fp);
    return s;
}

static inline cJSON *load_json(const char *path) {
    char *s = read_text_file(path);
    if (!s) fail_msg("cannot read %s", path);
    cJSON *j = cJSON_Parse(s);
    free(s);
    if (!j) fail_msg("%s is not valid JSON", path);
    return j;
}

/* Flattens a nested JSON array of numbers into out (cap floats); returns the count. */
static inline int json_flatten(const cJSON *a, float *out, int cap) {
    if (cJSON_IsNumber(a)) {
        if (cap > 0) out[0] = (float)a->valuedouble;
        return 1;
    }
    int n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, a) n += json_flatten(it, out + n, cap - n);
    return n;
}

static inline int json_ints(const cJSON *a, int *out, int cap) {
    int n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, a) {
        if (n < cap) out[n] = it->valueint;
        n++;
    }
    return n;
}

/* Largest |a - b| over n; prints it under `what` and fails when it exceeds tol. */
static inline void assert_close(const char *what, const float *a, const float *b, int n, float tol) {
    float worst = 0.0f;
    int at = 0;
    for (int i = 0; i < n; i++) {
        float d = fabsf(a[i] - b[i]);
        if (!(d <= worst)) {
            worst = d;
            at = i;
        }
    }
    printf("  %-44s max |diff| %.3g%s\n", what, (double)worst, worst > tol ? "  <-- too large" : "");
    if (!(worst <= tol)) fail_msg("%s: |diff| %g at %d (%g vs %g) exceeds %g", what, (double)worst, at, (double)a[at], (double)b[at], (double)tol);
}

#endif
