/* lesson_keys.c: the header keys, as a table: each key's name and the function that checks its
 * value and stores it in the slide state. What a value means for a real model (does the model
 * exist, is the input in its vocabulary, is the place in its decode) is the player's to check. */
#include "lesson/lesson.h"
#include "core/trace.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lesson_panel_names[] = {"architecture", "main", "output", "heads", "tokens", "timeline",
                                          "length", "compare", "caption", NULL};
const char *const lesson_block_names[] = {"encoder", "decoder", "embedding", "self-attention", "cross-attention",
                                          "ffn", "add-norm", "generator", NULL};

/* An integer in [lo, hi] with nothing after it. */
static int parse_int(const char *v, int lo, int hi, int *out) {
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < lo || x > hi) return -1;
    *out = (int)x;
    return 0;
}

static int one_of(const char *v, const char *const *names) {
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0) return i;
    return -1;
}

/* "a, b, c" for a message. */
static void join(const char *const *names, char *out, size_t cap) {
    out[0] = '\0';
    for (int i = 0; names[i]; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? ", " : "", names[i]);
}

static int copy(char *dst, size_t cap, const char *v, int line, s2s_error *err) {
    if (strlen(v) >= cap) return s2s_fail(err, "%d: value too long (at most %zu bytes)", line, cap - 1);
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

/* ---- one function per key ------------------------------------------------------------------------- */

typedef int (*key_fn)(lesson_state *st, const char *v, int line, s2s_error *err);

static int set_model(lesson_state *st, const char *v, int line, s2s_error *err) {
    size_t n = strlen(v);
    int file = n > 12 && strcmp(v + n - 12, ".safetensors") == 0;
    for (const char *p = v; !file && *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_'))
            return s2s_fail(err, "%d: model must be a bundled model's name (e.g. reverse-at) or a path ending .safetensors, not '%s'",
                            line, v);
    return copy(st->model, sizeof st->model, v, line, err);
}

static int set_input(lesson_state *st, const char *v, int line, s2s_error *err) {
    return copy(st->input, sizeof st->input, v, line, err);
}

static int set_target(lesson_state *st, const char *v, int line, s2s_error *err) {
    return copy(st->target, sizeof st->target, strcmp(v, "none") == 0 ? "" : v, line, err);
}

static int set_nat_length(lesson_state *st, const char *v, int line, s2s_error *err) {
    static const char *const names[] = {"classifier", "end", NULL};
    int i = one_of(v, names);
    if (i < 0) return s2s_fail(err, "%d: nat-length must be classifier or end, not '%s'", line, v);
    st->nat_length_end = i;
    return 0;
}

static int set_beam(lesson_state *st, const char *v, int line, s2s_error *err) {
    if (parse_int(v, 1, 8, &st->beam)) return s2s_fail(err, "%d: beam must be a width from 1 to 8, not '%s'", line, v);
    return 0;
}

static int set_compare(lesson_state *st, const char *v, int line, s2s_error *err) {
    static const char *const names[] = {"off", "plain", "distilled", NULL};
    int i = one_of(v, names);
    if (i < 0) return s2s_fail(err, "%d: compare must be off, plain or distilled, not '%s'", line, v);
    st->compare = (lesson_compare)i;
    return 0;
}

static int set_tick(lesson_state *st, const char *v, int line, s2s_error *err) {
    if (parse_int(v, 0, 1000, &st->tick)) return s2s_fail(err, "%d: tick must be a number from 0, not '%s'", line, v);
    return 0;
}

static int set_batch(lesson_state *st, const char *v, int line, s2s_error *err) {
    if (parse_int(v, 0, 5000, &st->batch))
        return s2s_fail(err, "%d: batch must be a number of inputs from 0 to 5000, not '%s'", line, v);
    return 0;
}

static int set_norm(lesson_state *st, const char *v, int line, s2s_error *err) {
    if (strcmp(v, "off") == 0) {
        st->norm = 0;
        return 0;
    }
    if (parse_int(v, 1, 8, &st->norm))
        return s2s_fail(err, "%d: norm must be a batch size from 1 to 8, or off, not '%s'", line, v);
    return 0;
}

static int set_place(lesson_state *st, const char *v, int line, s2s_error *err) {
    trace_place place;
    if (strcmp(v, "end") != 0 && trace_place_parse(v, &place) != 0)
        return s2s_fail(err, "%d: place must be a place name such as decoder.layer1.cross_attn.head1.weights, or end, not '%s'",
                            line, v);
    return copy(st->place, sizeof st->place, v, line, err);
}

static int set_pass(lesson_state *st, const char *v, int line, s2s_error *err) {
    if (parse_int(v, 1, 1000, &st->pass)) return s2s_fail(err, "%d: pass counts from 1, not '%s'", line, v);
    return 0;
}

static int set_what_if(lesson_state *st, const char *v, int line, s2s_error *err) {
    if (strcmp(v, "none") == 0) {
        st->what_if_pos = 0;
        st->what_if_token[0] = '\0';
        return 0;
    }
    char tok[64];
    int pos, used = 0;
    if (sscanf(v, "%d %63s%n", &pos, tok, &used) != 2 || v[used] || pos < 1 || pos > 1000)
        return s2s_fail(err, "%d: what-if must be 'POSITION TOKEN' (position from 1) or none, not '%s'", line, v);
    st->what_if_pos = pos;
    return copy(st->what_if_token, sizeof st->what_if_token, tok, line, err);
}

static int set_theme(lesson_state *st, const char *v, int line, s2s_error *err) {
    static const char *const names[] = {"light", "dark", NULL};
    int i = one_of(v, names);
    if (i < 0) return s2s_fail(err, "%d: theme must be light or dark, not '%s'", line, v);
    st->dark = i;
    return 0;
}

static int set_colormap(lesson_state *st, const char *v, int line, s2s_error *err) {
    static const char *const names[] = {"viridis", "cividis", "magma", "inferno", NULL};
    if (one_of(v, names) < 0) return s2s_fail(err, "%d: colormap must be viridis, cividis, magma or inferno, not '%s'", line, v);
    return copy(st->colormap, sizeof st->colormap, v, line, err);
}

static int set_highlight(lesson_state *st, const char *v, int line, s2s_error *err) {
    lesson_highlight *h = &st->highlight;
    char name[64], list[256];
    int a, b, used = 0;
    memset(h, 0, sizeof *h);
    if (sscanf(v, "panel %63s%n", name, &used) == 1 && !v[used]) {
        if (one_of(name, lesson_panel_names) < 0) {
            join(lesson_panel_names, list, sizeof list);
            return s2s_fail(err, "%d: no panel '%s' (panels: %s)", line, name, list);
        }
        h->kind = LESSON_HL_PANEL;
        snprintf(h->name, sizeof h->name, "%s", name);
    } else if (sscanf(v, "block %63s%n", name, &used) == 1 && !v[used]) {
        if (one_of(name, lesson_block_names) < 0) {
            join(lesson_block_names, list, sizeof list);
            return s2s_fail(err, "%d: no block '%s' (blocks: %s)", line, name, list);
        }
        h->kind = LESSON_HL_BLOCK;
        snprintf(h->name, sizeof h->name, "%s", name);
    } else if (sscanf(v, "cell %d %d%n", &a, &b, &used) == 2 && !v[used] && a >= 1 && b >= 1) {
        *h = (lesson_highlight){LESSON_HL_CELL, a, b, ""};
    } else if (sscanf(v, "row %d%n", &a, &used) == 1 && !v[used] && a >= 1) {
        *h = (lesson_highlight){LESSON_HL_ROW, a, 0, ""};
    } else if (sscanf(v, "token %d%n", &a, &used) == 1 && !v[used] && a >= 1) {
        *h = (lesson_highlight){LESSON_HL_TOKEN, a, 0, ""};
    } else if (strcmp(v, "none") != 0) {
        return s2s_fail(err, "%d: highlight must be panel NAME, block NAME, cell ROW COLUMN, row ROW, token N or none (counting from 1), not '%s'",
                        line, v);
    }
    return 0;
}

typedef struct key_def {
    lesson_key key;
    const char *name;
    key_fn set;
} key_def;

static const key_def keys[LK_COUNT] = {
    {LK_MODEL, "model", set_model},
    {LK_INPUT, "input", set_input},
    {LK_TARGET, "target", set_target},
    {LK_NAT_LENGTH, "nat-length", set_nat_length},
    {LK_BEAM, "beam", set_beam},
    {LK_COMPARE, "compare", set_compare},
    {LK_TICK, "tick", set_tick},
    {LK_BATCH, "batch", set_batch},
    {LK_PLACE, "place", set_place},
    {LK_PASS, "pass", set_pass},
    {LK_WHAT_IF, "what-if", set_what_if},
    {LK_THEME, "theme", set_theme},
    {LK_COLORMAP, "colormap", set_colormap},
    {LK_HIGHLIGHT, "highlight", set_highlight},
    {LK_NORM, "norm", set_norm},
};

const char *lesson_key_name(lesson_key k) { return k >= 0 && k < LK_COUNT ? keys[k].name : "?"; }

void lesson_state_default(lesson_state *st) {
    memset(st, 0, sizeof *st);
    snprintf(st->model, sizeof st->model, "reverse-at");
    snprintf(st->place, sizeof st->place, "end");
    st->beam = 1;
}

int lesson_state_set(lesson_state *st, const char *key, const char *value, int line, s2s_error *err) {
    for (int i = 0; i < LK_COUNT; i++) {
        if (strcmp(key, keys[i].name) != 0) continue;
        if (!*value && keys[i].key != LK_INPUT) return s2s_fail(err, "%d: %s has no value", line, key);
        if (keys[i].set(st, value, line, err)) return -1;
        st->line[i] = line;
        return 0;
    }
    char list[256] = "";
    for (int i = 0; i < LK_COUNT; i++) snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", keys[i].name);
    return s2s_fail(err, "%d: unknown key '%s' (keys: %s)", line, key, list);
}
