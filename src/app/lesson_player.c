/* lesson_player.c: see lesson_player.h. */
#define _POSIX_C_SOURCE 200809L
#include "app/lesson_player.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tasks.h"
#include "viz/colormap.h"
#include "core/i18n.h"

/* ---- places ---------------------------------------------------------------------------------------- */

int lesson_find_place(const s2s_trace *t, const char *name, int pass) {
    if (strcmp(name, "end") == 0) return t->n_steps - 1;
    int i = trace_find_named(t, name, pass);
    return i >= 0 ? i : -1;
}

/* ---- applying a slide's state ---------------------------------------------------------------------- */

/* err = "FILE:LINE: " + message, the line being where key was set (or the slide's first line). */
static int fail_at(const lesson *l, const lesson_state *st, lesson_key key, s2s_error *err, const char *msg) {
    const char *k = lesson_key_name(key);
    size_t n = strlen(k);
    if (strncmp(msg, k, n) == 0 && msg[n] == ':') /* the message names the key already ("input: ...") */
        return s2s_fail(err, "%s:%d: %s", l->path[0] ? l->path : l->name, st->line[key], msg);
    return s2s_fail(err, "%s:%d: %s: %s", l->path[0] ? l->path : l->name, st->line[key], k, msg);
}

static int load_model_and_input(const lesson *l, const lesson_state *st, app_state *a, s2s_error *err) {
    char path[2048];
    s2s_error e;
    lesson_model_path(l, st, path, sizeof path);
    if (access(path, R_OK) != 0) {
        snprintf(e.msg, sizeof e.msg, _("no model '%.100s' (%.380s)"), st->model, path);
        return fail_at(l, st, LK_MODEL, err, e.msg);
    }
    a->target[0] = '\0'; /* the last slide's decoding options must not reach this model's first decode */
    a->beam = 1;
    a->n_forced = 0;
    if (strcmp(path, a->model_path) != 0) {
        if (app_load_model(a, path, NULL, &e)) return fail_at(l, st, LK_MODEL, err, e.msg);
    }
    /* the input: the slide's, or the task's example (not whatever was typed last) */
    const char *input = st->input;
    int task = task_find(a->model.task);
    if (!input[0] && task >= 0) input = task_info((s2s_task_id)task)->example;
    int ids[S2S_MAX_LEN], n;
    if (input[0] && decode_tokenize_source(&a->model, input, ids, &n, &e)) return fail_at(l, st, LK_INPUT, err, e.msg);
    if (input[0]) snprintf(a->input, sizeof a->input, "%s", input);
    if (st->target[0] && decode_tokenize_target(&a->model, st->target, ids, &n, &e)) return fail_at(l, st, LK_TARGET, err, e.msg);
    snprintf(a->target, sizeof a->target, "%s", st->target);
    return 0;
}

static int apply_what_if(const lesson *l, const lesson_state *st, app_state *a, s2s_error *err) {
    if (!st->what_if_pos) return 0;
    char msg[300];
    int id = vocab_find(&a->model.tgt, st->what_if_token, strlen(st->what_if_token));
    if (a->model.cfg.decoder != S2S_DECODER_AT) return fail_at(l, st, LK_WHAT_IF, err, _("what-if needs an AT model"));
    if (id < 0) {
        snprintf(msg, sizeof msg, _("'%s' is not in the model's output vocabulary"), st->what_if_token);
        return fail_at(l, st, LK_WHAT_IF, err, msg);
    }
    if (st->what_if_pos > a->res.n_out) {
        snprintf(msg, sizeof msg, _("the output has %d tokens, not %d"), a->res.n_out, st->what_if_pos);
        return fail_at(l, st, LK_WHAT_IF, err, msg);
    }
    s2s_error e;
    if (app_what_if(a, st->what_if_pos - 1, id, &e) || app_finish(a, &e)) return fail_at(l, st, LK_WHAT_IF, err, e.msg);
    return 0;
}

/* The AT model compare mode opens for a's model (as compare_open finds it: TASK-at beside it). */
static void compare_at_path(const app_state *a, char *out, size_t cap) {
    const char *slash = strrchr(a->model_path, '/');
    int dir = slash ? (int)(slash - a->model_path) : 1;
    snprintf(out, cap, "%.*s/%s-at.safetensors", dir, slash ? a->model_path : ".", a->model.task);
}

static int apply_compare(const lesson *l, const lesson_state *st, app_state *a, compare_state *c, s2s_nat_length before,
                         s2s_error *err) {
    s2s_error e;
    if (st->compare == LESSON_COMPARE_OFF) {
        if (c->on) compare_close(c);
        return 0;
    }
    /* paging between compare slides of one task keeps the models and the batch figures, or the batch
     * still running for them (200 inputs take seconds): only the input's decode is redone */
    char at[4700];
    compare_at_path(a, at, sizeof at);
    int same = c->on && strcmp(c->at.path, at) == 0;
    int keep_batch = same && (c->batch_ready || c->job) && c->batch_n == st->batch && before == a->nat_length;
    if (same ? compare_decode(c, a, &e) : compare_open(c, a, &e)) return fail_at(l, st, LK_COMPARE, err, e.msg);
    if (st->compare == LESSON_COMPARE_DISTILLED && !c->distilled.loaded)
        return fail_at(l, st, LK_COMPARE, err, _("no distilled NAT model ships for this task"));
    c->use_distilled = st->compare == LESSON_COMPARE_DISTILLED;
    int last = compare_last_tick(c);
    c->tick = st->tick < last ? st->tick : last;
    if (st->batch > 0 && !keep_batch) {
        c->batch_n = st->batch;
        if (compare_batch_for_lesson(c, a, st->batch, &e)) return fail_at(l, st, LK_BATCH, err, e.msg);
    } else if (st->batch == 0) {
        compare_batch_cancel(c);
        c->batch_ready = 0;
    }
    return 0;
}

int lesson_apply(const lesson *l, const lesson_state *st, app_state *a, compare_state *c, s2s_error *err) {
    s2s_error e;
    s2s_nat_length before = a->nat_length; /* what compare mode's batch figures were made with */
    if (load_model_and_input(l, st, a, err)) return -1;
    a->nat_length = st->nat_length_end ? S2S_NAT_LENGTH_END : S2S_NAT_LENGTH_CLASSIFIER;
    a->beam = st->beam;
    a->n_forced = 0;
    a->playing = 0;
    a->what_if_index = -1;
    a->picker_open = a->help_open = a->input_focus = 0;
    if (app_decode(a, &e) || app_finish(a, &e)) return fail_at(l, st, LK_INPUT, err, e.msg);
    if (apply_what_if(l, st, a, err)) return -1;
    int at = lesson_find_place(&a->trace, st->place, st->pass);
    if (at < 0) {
        char msg[300];
        if (st->pass) snprintf(msg, sizeof msg, _("no place %s in pass %d of this decode (%d passes)"), st->place, st->pass, a->res.passes);
        else snprintf(msg, sizeof msg, _("no place %s in this model (see docs/lessons.md for the names)"), st->place);
        return fail_at(l, st, st->pass && st->line[LK_PASS] > st->line[LK_PLACE] ? LK_PASS : LK_PLACE, err, msg);
    }
    a->cursor = at;
    if (a->trace.steps[at].head >= 0) a->head = a->trace.steps[at].head;
    a->has_pending = 0; /* the decode is finished: nothing may move the cursor from the slide's place */
    a->norm_open = 0; /* norm: LayerNorm against BatchNorm at this place, on a batch of st->norm */
    if (st->norm > 0) {
        a->norm_B = st->norm;
        app_norm_toggle(a, 0);
        if (!app_norm_ready(a)) return fail_at(l, st, LK_NORM, err, a->hint);
    }
    a->dark = st->dark;
    if (st->colormap[0]) {
        const colormap *cm = colormap_find(st->colormap);
        for (int i = 0; i < colormap_count(); i++)
            if (colormap_at(i) == cm) a->cmap = i;
    }
    return apply_compare(l, st, a, c, before, err);
}

/* ---- the player ------------------------------------------------------------------------------------ */

void lesson_player_init(lesson_player *p, const char *dir, const char *lang) {
    lesson_free(&p->cur);
    memset(p, 0, sizeof *p);
    snprintf(p->dir, sizeof p->dir, "%s", dir);
    snprintf(p->lang, sizeof p->lang, "%s", lang);
    lesson_list_dir(&p->list, dir, lang);
}

int lesson_player_set_lang(lesson_player *p, app_state *a, compare_state *c, const char *lang, s2s_error *err) {
    snprintf(p->lang, sizeof p->lang, "%s", lang);
    lesson_player_refresh(p);
    if (!lesson_player_active(p)) return 0;
    const char *base = strrchr(p->cur.path, '/');
    char path[2100]; /* dir (1024) + lang + a file name (1024) */
    snprintf(path, sizeof path, "%s/%s/%s", p->dir, p->lang, base ? base + 1 : p->cur.path);
    lesson l;
    if (lesson_load(&l, path, err)) return -1;
    int slide = p->slide < l.n_slides ? p->slide : l.n_slides - 1;
    lesson_free(&l);
    return lesson_player_open(p, a, c, path, slide, err);
}

void lesson_player_refresh(lesson_player *p) { lesson_list_dir(&p->list, p->dir, p->lang); }

int lesson_player_log(const lesson_player *p, char *buf, size_t cap) {
    int n;
    if (lesson_player_active(p))
        n = snprintf(buf, cap, "lesson %s slide %d of %d overflow %d\n", p->cur.path, p->slide + 1, p->cur.n_slides, p->text_overflow);
    else
        n = snprintf(buf, cap, "lesson none\n");
    n += snprintf(buf + n, cap > (size_t)n ? cap - (size_t)n : 0, "lesson_picker %d %d\n", p->picker_open, p->list.n);
    return n < (int)cap ? n : (int)cap - 1;
}

/* The file's modification time in ns, or 0. */
static long long file_mtime(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

int lesson_player_open(lesson_player *p, app_state *a, compare_state *c, const char *name, int slide, s2s_error *err) {
    char path[1100];
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, ".md") == 0) {
        snprintf(path, sizeof path, "%s", name);
    } else {
        int i = lesson_list_find(&p->list, name);
        if (i < 0) return s2s_fail(err, "no lesson '%s' in %s/%s (stepformer lesson list shows them)", name, p->dir, p->lang);
        snprintf(path, sizeof path, "%s", p->list.items[i].path);
    }
    lesson l;
    if (lesson_load(&l, path, err)) return -1;
    if (slide < 0 || slide >= l.n_slides) {
        s2s_fail(err, "%s has %d slides, not %d", path, l.n_slides, slide + 1);
        lesson_free(&l);
        return -1;
    }
    lesson_free(&p->cur);
    p->cur = l;
    p->mtime_ns = file_mtime(path);
    p->picker_open = 0;
    return lesson_player_goto(p, a, c, slide, err);
}

int lesson_player_goto(lesson_player *p, app_state *a, compare_state *c, int slide, s2s_error *err) {
    long long mtime = p->cur.path[0] ? file_mtime(p->cur.path) : 0;
    if (mtime && mtime != p->mtime_ns) { /* edited since: read it again */
        lesson l;
        p->mtime_ns = mtime; /* a mistake is reported once, not on every page */
        if (lesson_load(&l, p->cur.path, err)) return -1;
        lesson_free(&p->cur);
        p->cur = l;
        if (p->slide >= l.n_slides) p->slide = l.n_slides - 1;
    }
    if (slide < 0 || slide >= p->cur.n_slides) return 0;
    p->slide = slide;
    return lesson_apply(&p->cur, &p->cur.slides[slide].state, a, c, err);
}

void lesson_player_close(lesson_player *p) {
    lesson_free(&p->cur);
    p->slide = 0;
}

int lesson_player_active(const lesson_player *p) { return p->cur.n_slides > 0; }

const lesson_slide *lesson_player_slide(const lesson_player *p) {
    return lesson_player_active(p) ? &p->cur.slides[p->slide] : NULL;
}
