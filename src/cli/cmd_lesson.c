/* cmd_lesson.c: `stepformer lesson list` and `stepformer lesson check [FILE...]`. Check plays every
 * slide headless through the window's own lesson player and frame (the state must load: the model
 * exists, the input is in its vocabulary, the place is in that decode; every image exists; the text
 * fits its panel at 1600x900) and names file:line of the first problem of each file. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_frame.h"
#include "app/lesson_player.h"
#include "cli/cli.h"
#include "core/quote.h"
#include "core/util.h"
#include "core/paths.h"
#include "platform/font.h"
#include "viz/lesson_layout.h"

static const char *const langs[] = {"en", "zh", NULL}; /* the lessons' languages: lessons/en, lessons/zh */

static int lesson_list_cmd(const char *lang) {
    const char *dir = paths_lessons_dir();
    static lesson_list ls;
    for (size_t k = 0; langs[k]; k++) {
        if (lang && strcmp(lang, langs[k]) != 0) continue;
        lesson_list_dir(&ls, dir, langs[k]);
        printf("%s: %d lesson%s in %s/%s\n", langs[k], ls.n, ls.n == 1 ? "" : "s", dir, langs[k]);
        for (int i = 0; i < ls.n; i++) {
            const lesson_entry *e = &ls.items[i];
            if (e->n_slides) printf("  %-22s %3d slides  %s\n", e->name, e->n_slides, e->title);
            else printf("  %-22s  does not open: %s\n", e->name, e->err.msg);
        }
    }
    return 0;
}

/* ---- check ------------------------------------------------------------------------------------------- */

typedef struct checker {
    app_state a;
    compare_state cmp;
    lesson_player p;
    font_set *fonts;
    draw_list *dl;
    hit_list hits;
    float *scratch;
    size_t scratch_len;
    int verbose;
} checker;

/* One line per slide with what the window shows (tests compare it with the lesson's headers). */
static void print_state(const checker *c, int slide) {
    const app_state *a = &c->a;
    const char *base = strrchr(a->model_path, '/');
    char model[4096], place[160];
    snprintf(model, sizeof model, "%s", base ? base + 1 : a->model_path);
    char *dot = strstr(model, ".safetensors");
    if (dot) *dot = '\0';
    const trace_step *st = &a->trace.steps[a->cursor];
    trace_step_name(st, place, sizeof place);
    int at_end = a->cursor == a->trace.n_steps - 1;
    printf("slide %d | model %s | input %s | decoder %s | place %s | pass %d | compare %s | end %d | overflow %d\n", slide + 1, model,
           a->input, a->model.cfg.decoder == S2S_DECODER_NAT ? "NAT" : "AT", place,
           st->block == TB_DECODER || st->block == TB_GENERATOR ? st->pass + 1 : 0,
           !c->cmp.on ? "off" : c->cmp.use_distilled ? "distilled" : "plain", at_end, c->p.text_overflow);
}

/* Every image of slide s exists and is a PNG. */
static int check_images(const lesson *l, const lesson_slide *s, s2s_error *err) {
    for (int i = 0; i < s->n_blocks; i++) {
        const lesson_block *b = &s->blocks[i];
        char path[2048];
        int w, h;
        if (b->kind != LESSON_IMAGE) continue;
        lesson_image_path(l, b->image, path, sizeof path);
        if (lesson_png_size(path, &w, &h)) return s2s_fail(err, "%s:%d: no PNG image %s", l->path, b->line, path);
    }
    return 0;
}

/* Plays every slide of one file. Returns 0, or -1 with err = "FILE:LINE: ..." (the first problem). */
static int check_file(checker *c, const char *path, s2s_error *err) {
    if (lesson_player_open(&c->p, &c->a, &c->cmp, path, 0, err)) return -1;
    for (int i = 0; i < c->p.cur.n_slides; i++) {
        const lesson_slide *s = &c->p.cur.slides[i];
        if (i > 0 && lesson_player_goto(&c->p, &c->a, &c->cmp, i, err)) return -1;
        if (check_images(&c->p.cur, s, err)) return -1;
        size_t need = app_frame_scratch_len(&c->a.model);
        if (need > c->scratch_len) {
            float *p = realloc(c->scratch, need * sizeof(float));
            if (!p) return s2s_fail(err, "out of memory");
            c->scratch = p;
            c->scratch_len = need;
        }
        /* the frame the window would draw, at the default size and text scale */
        app_frame_io io = {1600.0f, 900.0f, -1.0f, -1.0f, 0, &c->hits, "", c->scratch, c->scratch_len,
                           c->cmp.on ? &c->cmp : NULL, &c->p};
        draw_list_reset(c->dl);
        app_frame(&c->a, c->dl, &io);
        if (c->verbose) print_state(c, i);
        if (c->p.highlight_missed)
            return s2s_fail(err, "%s:%d: highlight: nothing it names is on screen on slide %d (not drawn at this place, or not yet decoded)",
                            path, s->state.line[LK_HIGHLIGHT], i + 1);
        if (c->p.text_overflow)
            return s2s_fail(err, "%s:%d: slide %d's text does not fit its panel at 1600x900; shorten it or split the slide",
                            path, s->line, i + 1);
    }
    return 0;
}

static int lesson_check_cmd(int n_files, char **files, int verbose) {
    static checker c;
    memset(&c, 0, sizeof c);
    c.a.ui = 1.0f;
    c.a.speed = 4;
    c.a.what_if_index = -1;
    c.verbose = verbose;
    s2s_error err = {{0}};
    c.fonts = font_set_open(&err);
    c.dl = draw_list_create();
    if (!c.fonts || !c.dl) {
        fprintf(stderr, "stepformer: %s\n", err.msg[0] ? err.msg : "out of memory");
        return 1;
    }
    draw_set_measure(c.dl, font_measure, c.fonts);
    lesson_player_init(&c.p, paths_lessons_dir(), "en");
    /* the files: those given, or every lesson of every language */
    static char all[2 * LESSON_LIST_MAX][1024];
    int n = 0;
    if (n_files == 0) {
        static lesson_list ls;
        for (size_t k = 0; langs[k]; k++) {
            lesson_list_dir(&ls, paths_lessons_dir(), langs[k]);
            for (int i = 0; i < ls.n; i++) snprintf(all[n++], sizeof all[0], "%s", ls.items[i].path);
        }
        if (n == 0) fprintf(stderr, "stepformer: no lessons in %s/{en,zh}\n", paths_lessons_dir());
    } else {
        for (int i = 0; i < n_files && n < 2 * LESSON_LIST_MAX; i++) snprintf(all[n++], sizeof all[0], "%s", files[i]);
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (verbose) printf("%s\n", all[i]);
        if (check_file(&c, all[i], &err)) {
            fprintf(stderr, "%s\n", err.msg);
            bad++;
        } else {
            printf("ok: %s (%d slides)\n", all[i], c.p.cur.n_slides);
        }
    }
    lesson_player_close(&c.p);
    compare_close(&c.cmp);
    app_state_free(&c.a);
    draw_list_destroy(c.dl);
    font_set_close(c.fonts);
    free(c.scratch);
    return bad ? 2 : 0;
}

typedef struct lesson_options {
    int lang; /* index in langs, or -1: every language */
    int verbose;
} lesson_options;


static const opt_spec specs[] = {
    {.name = "--lang", .metavar = "LANG", .type = OPT_CHOICE, .offset = offsetof(lesson_options, lang),
     .choices = langs, .help = "list: only this language (en | zh)"},
    {.name = "-v", .type = OPT_FLAG, .offset = offsetof(lesson_options, verbose),
     .help = "check: print each slide's state (model, input, decoder, place, pass, compare)"},
};

const opt_command lesson_command = {
    "lesson", "stepformer lesson list [--lang en|zh]\n       stepformer lesson check [-v] [FILE.md ...]",
    "list: the lessons of lessons/{en,zh}, with titles and slide counts.\n"
    "check: plays every slide of each lesson (default: all) as the window would: its model must exist,\n"
    "its input be in the model's vocabulary, its place be in that decode, its images exist, its\n"
    "highlight find something on screen and its text fit the panel at 1600x900. Prints FILE:LINE of the\n"
    "first problem of each file and exits 2 if any. The format: docs/lessons.md.",
    specs, ARRAY_LEN(specs), sizeof(lesson_options)};

static int is_help(const char *a) { return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 || strcmp(a, "help") == 0; }

int cmd_lesson(int argc, char **argv) {
    const char *what = argc >= 2 ? argv[1] : "";
    if (strcmp(what, "list") == 0) {
        lesson_options o;
        int rc = cli_options(&lesson_command, argc - 1, argv + 1, &o);
        return rc ? (rc == 1 ? 0 : 2) : lesson_list_cmd(o.lang >= 0 ? langs[o.lang] : NULL);
    }
    if (strcmp(what, "check") == 0) { /* -v and files: FILE arguments are not options */
        int verbose = 0, n = 0;
        char **files = argv + 2;
        for (int i = 2; i < argc; i++) {
            if (is_help(argv[i])) {
                opts_print_help(stdout, &lesson_command);
                return 0;
            }
            if (strcmp(argv[i], "-v") == 0) verbose = 1;
            else if (argv[i][0] == '-') {
                cli_error("unknown option %s (see stepformer lesson --help)", quote_text(argv[i]).s);
                return 2;
            } else files[n++] = argv[i];
        }
        return lesson_check_cmd(n, files, verbose);
    }
    if (is_help(what)) {
        opts_print_help(stdout, &lesson_command);
        return 0;
    }
    cli_error("lesson needs list or check%s%s (see stepformer lesson --help)", what[0] ? ", not " : "", quote_text(what).s);
    return 2;
}
