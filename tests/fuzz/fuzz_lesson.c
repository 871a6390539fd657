/* fuzz_lesson.c: libFuzzer target for the lesson parser (src/lesson, cmark): the input is a lesson
 * file's bytes, parsed from memory by lesson_parse. Checks, beyond no crash and no sanitizer
 * report: a refusal leaves one message that names a line ("fuzz:LINE: ..."); an accepted lesson
 * has 1 .. LESSON_MAX_SLIDES slides, each slide's state within its documented ranges, and every
 * block's runs hold text. Seeds: tests/fuzz/lesson/ (the shipped lessons' shapes, made small). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lesson/lesson.h"

#define REQUIRE(cond) \
    do {              \
        if (!(cond)) __builtin_trap(); \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static lesson l; /* large (paths, titles): not on the stack */
    s2s_error err;
    memset(&err, 0, sizeof err);
    if (lesson_parse(&l, (const char *)data, size, "fuzz", &err) != 0) {
        REQUIRE(err.msg[0] && memchr(err.msg, '\0', sizeof err.msg));
        REQUIRE(strncmp(err.msg, "fuzz:", 5) == 0);
        lesson_free(&l);
        return 0;
    }
    REQUIRE(l.n_slides >= 1 && l.n_slides <= LESSON_MAX_SLIDES);
    for (int i = 0; i < l.n_slides; i++) {
        const lesson_slide *s = &l.slides[i];
        REQUIRE(s->state.beam >= 1 && s->state.beam <= 8);
        REQUIRE(s->state.pass >= 0 && s->state.what_if_pos >= 0 && s->state.batch >= 0);
        REQUIRE(memchr(s->state.model, '\0', sizeof s->state.model) && memchr(s->state.input, '\0', sizeof s->state.input));
        for (int b = 0; b < s->n_blocks; b++)
            for (int r = 0; r < s->blocks[b].n_runs; r++) REQUIRE(s->blocks[b].runs[r].text);
    }
    lesson_free(&l);
    return 0;
}
