/* app_state.c: loading, decoding and moving the cursor, see app_state.h. */
#define _POSIX_C_SOURCE 200809L
#include "app/app_state.h"
#include "core/clock.h"

#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasks.h"
#include "core/i18n.h"
#include "core/util.h"

/* ---- labels ------------------------------------------------------------------------------------ */

/* One label: the symbol, with a space shown as ␣ (a character vocabulary may contain ' '). */
static void put_label(char *out, const char *sym) { snprintf(out, APP_LABEL_MAX, "%s", strcmp(sym, " ") == 0 ? "␣" : sym); }

void app_labels_fill(app_labels *l, const s2s_model *m, const s2s_decode_result *r) {
    int nat = m->cfg.decoder == S2S_DECODER_NAT;
    for (int i = 0; i < r->n_src; i++) put_label(l->src[i], m->src.sym[r->src[i]]);
    for (int i = 0; i <= S2S_MAX_LEN; i++) {
        /* only the rows this decode has are written (this runs after every decoder pass) */
        if (i < r->n_dec_in && nat) snprintf(l->dec[i], APP_LABEL_MAX, "#%d", i + 1); /* all <begin>: by position */
        else if (i < r->n_dec_in) put_label(l->dec[i], m->tgt.sym[r->dec_in[i]]);
        else l->dec[i][0] = '\0';
        if (i < r->n_out) put_label(l->out[i], m->tgt.sym[r->out[i]]);
        else l->out[i][0] = '\0';
        if (i < S2S_MAX_LEN) l->src_ptr[i] = l->src[i];
        l->dec_ptr[i] = l->dec[i];
        l->out_ptr[i] = l->out[i];
    }
}

static void set_labels(app_state *a) { app_labels_fill(&a->lab, &a->model, &a->res); }

void app_hint(app_state *a, long long now, int ms, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->hint, sizeof a->hint, fmt, ap);
    va_end(ap);
    a->hint_until = now + ms;
}

/* ---- decoding ---------------------------------------------------------------------------------- */

/* Asks for the cursor to go to place p of pass `pass` as soon as the decode has it. */
static void set_pending(app_state *a, trace_place p, int pass) {
    a->pending = p;
    a->pending_pass = pass;
    a->has_pending = 1;
}

/* Moves the cursor to the pending place if the decode has reached it. */
static void settle_cursor(app_state *a) {
    if (!a->has_pending) return;
    int at = trace_find_place(&a->trace, a->pending, a->pending_pass);
    if (at >= 0) {
        a->cursor = at;
        a->has_pending = 0;
    } else if (!a->dec) {
        a->has_pending = 0; /* that place does not exist in this decode */
    }
}

int app_pump(app_state *a, double budget_ms, s2s_error *err) {
    if (!a->dec) return 0;
    double t0 = clock_ms();
    int rc = 0;
    do {
        rc = decoder_next(a->dec, err);
    } while (rc == 0 && clock_ms() - t0 < budget_ms);
    if (rc != 0) {
        decoder_free(a->dec);
        a->dec = NULL;
    }
    set_labels(a);
    settle_cursor(a);
    return rc < 0 ? -1 : a->dec != NULL;
}

int app_finish(app_state *a, s2s_error *err) {
    int rc;
    while ((rc = app_pump(a, 1e9, err)) == 1) {
    }
    return rc < 0 ? -1 : 0;
}

int app_decode_budget(app_state *a, double budget_ms, s2s_error *err) {
    int src[S2S_MAX_LEN], n = 0;
    if (decode_tokenize_source(&a->model, a->input, src, &n, err)) return -1;
    /* where the cursor is (the encoder's embedding before anything is recorded) */
    trace_place before = {TB_ENCODER, -1, TS_NONE, TO_EMBED, -1};
    int before_pass = 0;
    if (a->cursor >= 0 && a->cursor < a->trace.n_steps) {
        before = trace_place_of(&a->trace.steps[a->cursor]);
        before_pass = a->trace.steps[a->cursor].pass;
    }
    s2s_decode_opts o = decode_opts_default();
    o.nat_length = a->nat_length;
    o.iterations = a->model.cfg.decoder == S2S_DECODER_NAT ? a->iterations : 0;
    if (a->model.cfg.decoder == S2S_DECODER_AT) o.sampling = a->sampling; /* NAT has no next token to draw */
    o.ablation = &a->ablation;
    o.beam = a->beam > 1 ? a->beam : 1; /* a lesson's beam: key */
    if (a->beam_on && a->model.cfg.decoder == S2S_DECODER_AT) { /* beam mode: the search, recorded */
        beam_tree_free(&a->beam_tree);
        a->beam_sel = -1; /* its node is gone with the tree; app_beam_key selects the new winner */
        o.beam = a->beam_width;
        o.beam_search = 1;
        o.beam_tree = &a->beam_tree;
    }
    if (o.beam > 1 || o.beam_search) o.sampling = sampling_default(); /* a search does not sample */
    a->n_before = -1; /* what changed is marked only right after a head switch (app_toggle_head) */
    o.forced = a->forced;
    o.n_forced = a->n_forced;
    int tgt[S2S_MAX_LEN];
    if (app_teacher_forcing(a, tgt, &o.n_target)) o.target = tgt; /* copied by decoder_begin */
    decoder_free(a->dec);
    a->dec = NULL;
    if (decoder_begin(&a->dec, &a->model, src, n, &o, &a->trace, &a->res, err)) return -1;
    app_teacher_update(a);
    set_pending(a, before, before_pass);
    if (a->cursor >= a->trace.n_steps) a->cursor = a->trace.n_steps - 1;
    if (a->cursor < 0) a->cursor = 0;
    if (budget_ms > 0 && app_pump(a, budget_ms, err) < 0) return -1;
    if (budget_ms <= 0) { /* the encoder alone: the decoder's passes start with the next frame */
        set_labels(a);
        settle_cursor(a);
    }
    if (a->cursor >= a->trace.n_steps) a->cursor = a->trace.n_steps - 1;
    if (a->row_sel >= a->res.n_rows) a->row_sel = 0;
    if (a->head >= a->model.cfg.n_heads) a->head = 0;
    return 0;
}

/* The first frame waits for the encoder only (the cursor starts there, or returns to a place the
 * decode reaches soon); the decoder's passes follow at a frame's share each. */
int app_decode(app_state *a, s2s_error *err) { return app_decode_budget(a, 0.0, err); }

void app_replace_model(app_state *a, s2s_model m) {
    model_free(&a->model);
    a->model = m;
    beam_tree_free(&a->beam_tree);
    a->beam_sel = -1;
}

int app_load_model(app_state *a, const char *path, const char *input, s2s_error *err) {
    s2s_model m;
    int ids[S2S_MAX_LEN], n;
    s2s_error ignore;
    if (model_load(&m, path, err)) return -1;
    if (input && decode_tokenize_source(&m, input, ids, &n, &ignore) != 0) {
        model_free(&m); /* what the user typed is refused, not silently replaced; the model shown stays */
        return s2s_fail(err, "%s", ignore.msg);
    }
    app_replace_model(a, m);
    a->privatize_pending = m.mapped != NULL;
    snprintf(a->model_path, sizeof a->model_path, "%s", path);
    a->beam_on = a->beam_on && m.cfg.decoder == S2S_DECODER_AT; /* a NAT model has no search */
    ablation_clear(&a->ablation); /* heads of the model before */
    a->n_forced = 0;
    a->cursor = 0;
    a->head = 0;
    a->row_sel = 0;
    a->what_if_index = -1;
    int task = task_find(m.task);
    const char *example = task >= 0 ? task_info((s2s_task_id)task)->example : NULL;
    if (input) {
        snprintf(a->input, sizeof a->input, "%s", input);
    } else if (decode_tokenize_source(&m, a->input, ids, &n, &ignore) != 0) {
        if (example) {
            snprintf(a->input, sizeof a->input, "%s", example);
        } else { /* no known task: the first few source symbols make a valid input */
            a->input[0] = '\0';
            for (int i = S2S_N_SPECIAL; i < m.src.n && i < S2S_N_SPECIAL + 4; i++) {
                if (!m.src.by_char && a->input[0]) strncat(a->input, " ", sizeof a->input - strlen(a->input) - 1);
                strncat(a->input, m.src.sym[i], sizeof a->input - strlen(a->input) - 1);
            }
        }
    }
    trace_reset(&a->trace);
    return app_decode(a, err);
}

static void *load_thread(void *arg) {
    app_loader *l = arg;
    l->rc = app_load_model(l->a, l->path, l->input, &l->err);
    return NULL;
}

void app_load_start(app_loader *l, app_state *a, const char *path, const char *input) {
    memset(l, 0, sizeof *l);
    l->a = a;
    l->path = path;
    l->input = input;
    pthread_t t;
    l->started = pthread_create(&t, NULL, load_thread, l) == 0;
    l->thread = (unsigned long)t;
    if (!l->started) load_thread(l); /* no thread: load now */
}

int app_load_wait(app_loader *l, s2s_error *err) {
    if (l->started) pthread_join((pthread_t)l->thread, NULL);
    l->started = 0;
    if (l->rc && err) *err = l->err;
    return l->rc;
}

void app_privatize_model(app_state *a) {
    if (!a->privatize_pending) return;
    a->privatize_pending = 0;
    model_privatize_start(&a->model);
}

void app_state_free(app_state *a) {
    decoder_free(a->dec);
    a->dec = NULL;
    model_free(&a->model);
    trace_free(&a->trace);
    trace_free(&a->beam_trace);
    beam_tree_free(&a->beam_tree);
    live_free(a->live);
    a->live = NULL;
    free(a->live_loss);
    a->live_loss = NULL;
    norm_batch_free(&a->norm);
    norm_batch_free(&a->norm_prev);
}

static int cmp_str(const void *x, const void *y) { return strcmp((const char *)x, (const char *)y); }

void app_list_models(app_state *a, const char *dir, const char *extra) {
    a->n_models = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) && a->n_models < APP_MAX_MODELS - 1) {
        size_t n = strlen(e->d_name);
        if (n > 12 && strcmp(e->d_name + n - 12, ".safetensors") == 0)
            snprintf(a->models[a->n_models++], sizeof a->models[0], "%s/%s", dir, e->d_name);
    }
    if (d) closedir(d);
    qsort(a->models, (size_t)a->n_models, sizeof a->models[0], cmp_str);
    if (extra && *extra) {
        int known = 0;
        for (int i = 0; i < a->n_models; i++) known |= strcmp(a->models[i], extra) == 0;
        if (!known) snprintf(a->models[a->n_models++], sizeof a->models[0], "%s", extra);
    }
}

/* ---- focus and stepping ------------------------------------------------------------------------ */

static int is_one_pass(const app_state *a) { return a->res.passes <= 1; }
/* NAT with iterative refinement: several passes, each over every position */
static int is_refined(const app_state *a) { return a->res.passes > 1 && a->model.cfg.decoder == S2S_DECODER_NAT; }

view_focus app_focus(const app_state *a) {
    view_focus f = {TB_ENCODER, -1, TS_NONE, TO_EMBED, a->head, 0, 0};
    if (a->cursor >= 0 && a->cursor < a->trace.n_steps) {
        const trace_step *s = &a->trace.steps[a->cursor];
        f.block = s->block;
        f.layer = s->layer;
        f.sub = s->sub;
        f.op = s->op;
        f.head = s->head >= 0 ? s->head : a->head;
        f.pass = s->pass;
        if (s->block == TB_ENCODER || s->block == TB_LENGTH) {
            /* the encoder runs before any decoder pass: show pass 0's decoder state as not yet run */
            f.pass = 0;
        }
    }
    f.row = is_one_pass(a) || is_refined(a) ? a->row_sel : f.pass;
    return f;
}

/* A step belongs to the focused head's path when it is not per head or is that head's. */
static int on_path(const app_state *a, int i) {
    int h = a->trace.steps[i].head;
    return h < 0 || h == a->head;
}

void app_step_op(app_state *a, int dir) {
    int i = a->cursor + dir;
    while (i >= 0 && i < a->trace.n_steps && !on_path(a, i)) i += dir;
    if (i >= 0 && i < a->trace.n_steps) a->cursor = i;
}

static int same_group(const trace_step *x, const trace_step *y) {
    return x->block == y->block && x->layer == y->layer && x->sub == y->sub && x->pass == y->pass;
}

/* The first step of the group (block, layer, sub, pass) that contains step i. */
static int group_start(const app_state *a, int i) {
    while (i > 0 && same_group(&a->trace.steps[i - 1], &a->trace.steps[i])) i--;
    return i;
}

void app_step_sublayer(app_state *a, int dir) {
    int n = a->trace.n_steps, i = a->cursor;
    if (n == 0) return;
    if (dir > 0) {
        while (i < n - 1 && same_group(&a->trace.steps[i], &a->trace.steps[a->cursor])) i++;
        a->cursor = i;
    } else {
        int s = group_start(a, i);
        a->cursor = s < i ? s : group_start(a, s > 0 ? s - 1 : 0);
    }
}

void app_step_token(app_state *a, int dir) {
    if (is_one_pass(a)) { /* one pass decodes every position: move the position instead */
        int r = a->row_sel + dir;
        if (r >= 0 && r < a->res.n_rows) a->row_sel = r;
        return;
    }
    int pass = app_focus(a).pass + dir;
    if (a->trace.steps[a->cursor].block == TB_ENCODER && dir > 0) pass = 0;
    if (pass < 0) {
        a->cursor = 0;
        return;
    }
    int same = is_refined(a) ? trace_find_place(&a->trace, trace_place_of(&a->trace.steps[a->cursor]), pass) : -1;
    if (same >= 0) { /* refinement: the same operation in the next or previous pass */
        a->cursor = same;
        return;
    }
    int i = trace_find(&a->trace, TB_DECODER, -1, TS_NONE, TO_EMBED, -1, pass);
    if (i >= 0) a->cursor = i;
}

void app_step_edge(app_state *a, int end) {
    s2s_error err;
    /* End means the decode's end: a decode still running (spread over frames) is finished first, or
     * End would stop at whatever step the last frame reached (on failure: its last step so far) */
    if (end && a->dec) (void)app_finish(a, &err);
    a->cursor = end ? a->trace.n_steps - 1 : 0;
}

void app_seek_fraction(app_state *a, float f) {
    if (f < 0) f = 0;
    if (f > 1) f = 1;
    int i = (int)(f * (float)(a->trace.n_steps - 1) + 0.5f);
    while (i > 0 && !on_path(a, i)) i--;
    a->cursor = i;
}

void app_set_head(app_state *a, int head) {
    if (head < 0 || head >= a->model.cfg.n_heads) return;
    a->head = head;
    const trace_step *s = &a->trace.steps[a->cursor];
    if (s->head >= 0) { /* stay on the same operation, in the other head */
        int i = trace_find(&a->trace, s->block, s->layer, s->sub, s->op, head, s->pass);
        if (i >= 0) a->cursor = i;
    }
}

static int visible_pass(const app_state *a, trace_block b) { return b == TB_ENCODER || b == TB_LENGTH ? 0 : app_focus(a).pass; }

void app_jump_place(app_state *a, trace_place p) {
    if (p.head >= a->model.cfg.n_heads) return;
    if (p.head >= 0) a->head = p.head;
    int i = trace_find_place(&a->trace, p, visible_pass(a, p.block));
    if (i >= 0) a->cursor = i;
}

void app_jump_stage(app_state *a, trace_op op) {
    const trace_step *s = &a->trace.steps[a->cursor];
    int i = trace_find(&a->trace, s->block, s->layer, s->sub, op, op == TO_MASK ? -1 : a->head, s->pass);
    if (i < 0 && (op == TO_K || op == TO_V)) /* keys computed in an earlier pass: show the pass that has them */
        i = trace_find(&a->trace, s->block, s->layer, s->sub, op, a->head, 0);
    if (i >= 0) a->cursor = i;
}

int app_what_if(app_state *a, int idx, int id, s2s_error *err) {
    if (idx < 0 || idx >= a->res.n_out || a->model.cfg.decoder != S2S_DECODER_AT) return 0;
    memcpy(a->forced, a->res.out, sizeof(int) * (size_t)idx);
    a->forced[idx] = id;
    a->n_forced = idx + 1;
    a->what_if_index = -1;
    if (app_decode(a, err)) return -1;
    /* show the step that consumes the changed token, so the class sees what follows from it */
    int pass = !a->dec && idx + 1 >= a->res.passes ? idx : idx + 1; /* or the last, when it ended there */
    set_pending(a, (trace_place){TB_DECODER, -1, TS_NONE, TO_EMBED, -1}, pass);
    settle_cursor(a);
    return 0;
}

/* ---- typing ------------------------------------------------------------------------------------ */

/* 1 when the character c (len bytes) may appear in typed input: a symbol of a character
 * vocabulary, or a character of some word of a word vocabulary, or a space between words. */
static int char_allowed(const s2s_vocab *v, const char *c, int len) {
    if (!v->by_char && len == 1 && c[0] == ' ') return 1;
    for (int i = S2S_N_SPECIAL; i < v->n; i++) {
        if (v->by_char) {
            if ((int)strlen(v->sym[i]) == len && memcmp(v->sym[i], c, (size_t)len) == 0) return 1;
        } else if (len < 8) {
            char needle[8] = {0};
            memcpy(needle, c, (size_t)len);
            if (strstr(v->sym[i], needle)) return 1;
        }
    }
    return 0;
}

static void hint_valid(app_state *a, const s2s_vocab *v, long long now, const char *bad) {
    char list[200] = "";
    for (int i = S2S_N_SPECIAL; i < v->n && strlen(list) < sizeof list - 16; i++) {
        strncat(list, strcmp(v->sym[i], " ") == 0 ? "␣" : v->sym[i], sizeof list - strlen(list) - 1);
        strncat(list, " ", sizeof list - strlen(list) - 1);
    }
    app_hint(a, now, 4000, _("\"%s\" is not in this model's vocabulary · valid: %s"), bad, list);
}

int app_check_typed(app_state *a, const s2s_vocab *v, const char *text, long long now) {
    for (const char *p = text; *p;) { /* every character first: the input changes whole or not at all */
        int len = utf8_valid_len(p);
        if (len == 0) { /* bytes that are no character cannot be a symbol, nor be shown in the hint */
            app_hint(a, now, 4000, "%s", _("that is not valid UTF-8 text"));
            return -1;
        }
        char ch[8] = {0};
        memcpy(ch, p, (size_t)len);
        if (!char_allowed(v, ch, len)) {
            hint_valid(a, v, now, ch);
            return -1;
        }
        p += len;
    }
    return 0;
}

int app_append_typed(app_state *a, char *field, const s2s_vocab *v, const char *text, long long now, const char *what) {
    if ((a->text_selected ? 0 : strlen(field)) + strlen(text) >= APP_INPUT_MAX) {
        app_hint(a, now, 4000, _("the %s is full (%d bytes)"), what, APP_INPUT_MAX - 1);
        return -1;
    }
    if (app_check_typed(a, v, text, now)) return -1;
    if (a->text_selected) field[0] = '\0'; /* the selected old text is replaced, not appended to */
    a->text_selected = 0;
    strcat(field, text); /* fits: checked above */
    return 0;
}

int app_type(app_state *a, const char *text, long long now) {
    if (app_append_typed(a, a->input, &a->model.src, text, now, _("input"))) return -1;
    a->n_forced = 0;
    s2s_error err;
    if (app_decode(a, &err)) app_hint(a, now, 4000, "%s", err.msg); /* e.g. a word not finished yet */
    else a->hint_until = 0;
    return 0;
}

void app_backspace(app_state *a, long long now) {
    size_t n = strlen(a->input);
    if (n == 0) return;
    a->input[a->text_selected ? 0 : utf8_prev(a->input, n)] = '\0'; /* selected: all of it goes */
    a->text_selected = 0;
    a->n_forced = 0;
    s2s_error err;
    if (a->input[0] && app_decode(a, &err)) app_hint(a, now, 4000, "%s", err.msg);
}
