/* cmd_export.c: `stepformer export`: attention maps as figures (PNG, SVG, an animated GIF of the
 * decode) or data (CSV, JSON), with no window and no display. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "core/quote.h"
#include "core/clock.h"
#include "viz/figure_data.h"
#include "core/decode.h"
#include "core/atomic_file.h"
#include "core/tasks.h"
#include "platform/figure_export.h"

enum { FMT_PNG, FMT_SVG, FMT_GIF, FMT_CSV, FMT_JSON };
static const char *const fmt_names[] = {"png", "svg", "gif", "csv", "json", NULL}; /* the FMT_ order */

/* What was asked for: ranges of kinds, layers, heads and steps (lo..hi inclusive, 0-based). */
typedef struct request {
    figure_src src;
    int fmt, kind_lo, kind_hi, layer, head; /* layer / head -1: all */
    int step_lo, step_hi;
    int scale, delay_ms;
    const theme *th;
    const colormap *cm;
    const char *out;    /* -o, or NULL */
    int single;         /* one file, written to -o as given */
    int dir_mode;       /* files into the folder `dir`, default names, never overwriting */
    char dir[4096];
    font_set *fonts;
    cJSON *json;
    int written;
} request;

/* Called once per figure or matrix. */
typedef int (*item_fn)(request *r, const figure_spec *s, int grid, s2s_error *err);

static int layers_of(const request *r, int kind) {
    const s2s_config *c = &r->src.model->cfg;
    return kind == FIGURE_ENCODER ? c->n_enc : c->n_dec;
}

/* Calls fn for every output the request makes: figures take a whole layer / head range as one
 * grid, CSV and JSON take one matrix each. */
static int for_each(request *r, item_fn fn, s2s_error *err) {
    int per_matrix = r->fmt == FMT_CSV || r->fmt == FMT_JSON;
    for (int k = r->kind_lo; k <= r->kind_hi; k++) {
        int L = layers_of(r, k), H = r->src.model->cfg.n_heads;
        int l0 = r->layer < 0 ? 0 : r->layer, l1 = r->layer < 0 ? L - 1 : r->layer;
        int h0 = r->head < 0 ? 0 : r->head, h1 = r->head < 0 ? H - 1 : r->head;
        /* the encoder runs once, before any step: one figure, not one per step */
        int s0 = k == FIGURE_ENCODER ? 0 : r->step_lo, s1 = k == FIGURE_ENCODER ? 0 : r->step_hi;
        if (r->fmt == FMT_GIF) s0 = s1 = 0;
        for (int st = s0; st <= s1; st++) {
            figure_spec s;
            figure_spec_init(&s);
            s.kind = (figure_kind)k;
            s.step = st;
            s.theme = r->th;
            s.cmap = r->cm;
            if (!per_matrix) {
                s.layer = l0, s.head = h0, s.n_layers = l1 - l0 + 1, s.n_heads = h1 - h0 + 1;
                if (fn(r, &s, r->layer < 0 || r->head < 0, err)) return -1;
                continue;
            }
            for (int l = l0; l <= l1; l++)
                for (int h = h0; h <= h1; h++) {
                    s.layer = l, s.head = h;
                    if (fn(r, &s, 0, err)) return -1;
                }
        }
    }
    return 0;
}

static int count_one(request *r, const figure_spec *s, int grid, s2s_error *err) {
    r->written++;
    return figure_check(&r->src, s, err);
}

/* Where an output goes: -o as given for a single file; default names in a folder; or -o as a
 * prefix followed by what the file shows. */
static int path_for(request *r, const figure_spec *s, int grid, const char *ext, char *path, size_t cap,
                    s2s_error *err) {
    char stem[512];
    if (r->single) {
        snprintf(path, cap, "%s", r->out);
        return 0;
    }
    if (r->dir_mode) {
        figure_stem(&r->src, s, grid, 0, stem, sizeof stem);
        return export_unique_path(r->dir, stem, ext, path, cap, err);
    }
    figure_stem(&r->src, s, grid, 1, stem, sizeof stem);
    snprintf(path, cap, "%s_%s.%s", r->out, stem, ext);
    return 0;
}

static int write_one(request *r, const figure_spec *s, int grid, s2s_error *err) {
    char path[4096];
    if (r->fmt == FMT_JSON) {
        figure_matrix m;
        if (figure_matrix_get(&r->src, s, 1, &m, err)) return -1;
        int rc = export_json_add(r->json, s, &m);
        figure_matrix_free(&m);
        return rc ? s2s_fail(err, "out of memory building JSON") : 0;
    }
    if (path_for(r, s, grid, fmt_names[r->fmt], path, sizeof path, err)) return -1;
    int rc;
    if (r->fmt == FMT_CSV) {
        figure_matrix m;
        if (figure_matrix_get(&r->src, s, 1, &m, err)) return -1;
        rc = export_csv(&m, path, err);
        figure_matrix_free(&m);
    } else {
        export_opts o = {r->fmt == FMT_PNG ? EXPORT_PNG : r->fmt == FMT_SVG ? EXPORT_SVG : EXPORT_GIF, grid, r->scale,
                         r->delay_ms};
        rc = export_figure(&r->src, s, &o, r->fonts, path, err);
    }
    if (rc == 0) cli_print_line("wrote ", path);
    return rc;
}

/* The JSON file: -o, or "TASK-at_INPUT_attention.json" in the folder. */
static int json_path(request *r, char *path, size_t cap, s2s_error *err) {
    if (r->single) {
        snprintf(path, cap, "%s", r->out);
        return 0;
    }
    figure_spec s;
    figure_spec_init(&s);
    char full[512], what[512];
    figure_stem(&r->src, &s, 0, 0, full, sizeof full);
    figure_stem(&r->src, &s, 0, 1, what, sizeof what);
    snprintf(full + strlen(full) - strlen(what), sizeof full - (strlen(full) - strlen(what)), "attention");
    return export_unique_path(r->dir, full, "json", path, cap, err);
}

static int resolve_output(request *r, int n_files, s2s_error *err) {
    struct stat st;
    const char *o = r->out;
    size_t n = o ? strlen(o) : 0;
    if (!o) {
        r->dir_mode = 1;
        snprintf(r->dir, sizeof r->dir, ".");
    } else if (n_files > 1 && ((stat(o, &st) == 0 && S_ISDIR(st.st_mode)) || o[n - 1] == '/')) {
        r->dir_mode = 1;
        snprintf(r->dir, sizeof r->dir, "%.*s", (int)(n > 1 && o[n - 1] == '/' ? n - 1 : n), o);
    } else {
        if (stat(o, &st) == 0 && S_ISDIR(st.st_mode) && n_files == 1)
            return s2s_fail(err, "-o: cannot write %s: it is a folder (give a file name)", quote_text(o).s);
        const char *slash = strrchr(o, '/');
        if (!slash) snprintf(r->dir, sizeof r->dir, ".");
        else snprintf(r->dir, sizeof r->dir, "%.*s", slash == o ? 1 : (int)(slash - o), o);
    }
    return cli_check_folder("-o", r->dir, err);
}

/* ---- options ----------------------------------------------------------------------------------- */

/* --layer / --head / --step given as N (from 1) or all (cli_parse_index) against the model's count
 * n: the 0-based index, or -1 for all. */
static int index_of(const char *name, int v, int n, int *out, s2s_error *err) {
    if (v > n) return s2s_fail(err, "%s must be 1 to %d or all (numbered from 1, as in the window), not %d", name, n, v);
    *out = v == CLI_ALL ? -1 : v - 1;
    return 0;
}

/* A paper-size model (d_model 512, 8 heads, d_ff 2048, 6 + 6 layers) with random weights over the
 * letters (the reverse task's vocabulary) and its max_len, for timing the export of big grids. */
static int random_paper_model(s2s_model *m, s2s_error *err) {
    if (model_init_paper(m, task_info(TASK_REVERSE)->max_len, 1, err)) return -1;
    snprintf(m->task, sizeof m->task, "paper-random"); /* names the exported files */
    return 0;
}

typedef struct export_options {
    const char *model, *input, *target;
    int kind, layer, head, step, format, scale, colormap, dark, delay, nat_length;
    const char *out;
    int random_paper;
} export_options;

static int parse_kind(const char *value, void *field) {
    int k = strcmp(value, "all") == 0 ? CLI_ALL : figure_kind_parse(value);
    if (k == -1 && strcmp(value, "all") != 0) return -1;
    *(int *)field = k;
    return 0;
}

#define T export_options
static const opt_spec specs[] = {
    CLI_OPT_MODEL(T, model),
    CLI_OPT_INPUT(T, input, "source text", 1),
    CLI_OPT_TARGET(T, target),
    {.name = "--kind", .metavar = "KIND", .type = OPT_CUSTOM, .offset = offsetof(T, kind), .def = "decoder",
     .parse = parse_kind, .expects = "encoder, decoder, cross or all", .help = "encoder | decoder | cross | all"},
    {.name = "--layer", .metavar = "L", .type = OPT_CUSTOM, .offset = offsetof(T, layer), .def = "1",
     .parse = cli_parse_index, .expects = "a layer from 1, or all", .help = "layer 1..n, or all"},
    {.name = "--head", .metavar = "H", .type = OPT_CUSTOM, .offset = offsetof(T, head), .def = "1",
     .parse = cli_parse_index, .expects = "a head from 1, or all",
     .help = "head 1..n, or all (all layers or heads: one grid figure)"},
    {.name = "--step", .metavar = "N", .type = OPT_CUSTOM, .offset = offsetof(T, step), .parse = cli_parse_index,
     .expects = "a step from 1, or all",
     .help = "AT step 1..n, or all (one file per step); default: the whole decode"},
    {.name = "--format", .metavar = "FMT", .type = OPT_CHOICE, .offset = offsetof(T, format), .def = "png",
     .choices = fmt_names, .help = "png | svg | gif (the decode, step by step) | csv | json"},
    {.name = "--scale", .metavar = "K", .type = OPT_INT, .offset = offsetof(T, scale), .def = "2", .lo = 1, .hi = 4,
     .help = "PNG / GIF pixels per logical pixel"},
    CLI_OPT_COLORMAP(T, colormap),
    CLI_OPT_THEME(T, dark),
    {.name = "--delay", .metavar = "MS", .type = OPT_INT, .offset = offsetof(T, delay), .def = "800", .lo = 10,
     .hi = 60000, .help = "GIF: milliseconds per step"},
    CLI_OPT_NAT_LENGTH(T, nat_length),
    {.name = "-o", .metavar = "PATH", .type = OPT_TEXT, .offset = offsetof(T, out),
     .help = "output file; for several files a folder or a file-name prefix (default: here)"},
    /* for the timing check only: a paper-size model with random weights (no --model) */
    {.name = "--random-paper", .type = OPT_FLAG, .offset = offsetof(T, random_paper)},
};
#undef T

const opt_command export_command = {
    "export", "stepformer export [--model FILE] --input TEXT [--kind K] [--layer L] [--head H] [--format F] -o PATH",
    "Exports attention maps as figures for slides and papers (PNG, SVG, an animated GIF of an AT\n"
    "decode) or as data (CSV, JSON). Needs no display. Without -o, files are named after what they\n"
    "show and never overwrite an earlier export. See docs/export.md.",
    specs, ARRAY_LEN(specs), sizeof(export_options)};

int cmd_export(int argc, char **argv) {
    export_options o;
    int rc = cli_options(&export_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    int paper = o.random_paper, kind = o.kind;
    request r;
    memset(&r, 0, sizeof r);
    s2s_error err = {{0}};
    s2s_model m;
    memset(&m, 0, sizeof m);
    r.fmt = o.format;
    r.th = o.dark == CLI_DARK ? theme_dark() : theme_light();
    r.cm = colormap_at(o.colormap);
    r.out = o.out;
    r.scale = o.scale;
    r.delay_ms = o.delay;
    r.kind_lo = kind < 0 ? 0 : kind;
    r.kind_hi = kind < 0 ? FIGURE_KIND_COUNT - 1 : kind;

    if (paper ? random_paper_model(&m, &err) : (rc = cli_load_model(&m, o.model)) != 0) {
        if (!paper) return rc;
        rc = 1;
        goto fail;
    }
    rc = 2;
    s2s_decode_opts dopts = decode_opts_default();
    int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src = 0, n_tgt = 0;
    dopts.nat_length = (s2s_nat_length)o.nat_length;
    if (decode_tokenize_source(&m, o.input, src, &n_src, &err)) goto fail;
    if (o.target) {
        if (decode_tokenize_target(&m, o.target, tgt, &n_tgt, &err)) goto fail;
        dopts.target = tgt;
        dopts.n_target = n_tgt;
    }
    s2s_trace tr;
    trace_init(&tr);
    s2s_decode_result res;
    if (decode_run(&m, src, n_src, &dopts, &tr, &res, &err)) {
        rc = 1;
        goto fail_trace;
    }
    r.src = (figure_src){&m, &tr, &res};
    int L = m.cfg.n_enc > m.cfg.n_dec ? m.cfg.n_enc : m.cfg.n_dec;
    if (index_of("--layer", o.layer, L, &r.layer, &err) || index_of("--head", o.head, m.cfg.n_heads, &r.head, &err))
        goto fail_trace;
    int steps = figure_steps(&r.src);
    if (o.step == 0) {
        r.step_lo = r.step_hi = 0;
    } else if (o.step == CLI_ALL) {
        r.step_lo = steps ? 1 : 0;
        r.step_hi = steps;
    } else {
        int st = 0;
        if (index_of("--step", o.step, steps ? steps : 1, &st, &err)) goto fail_trace;
        r.step_lo = r.step_hi = steps ? st + 1 : 0;
    }
    /* count (and check every spec) before writing anything */
    if (for_each(&r, count_one, &err)) goto fail_trace;
    int n_files = r.fmt == FMT_JSON ? 1 : r.written;
    if (resolve_output(&r, n_files, &err)) goto fail_trace;
    r.single = n_files == 1 && r.out && !r.dir_mode;
    rc = 1;
    if (r.fmt == FMT_PNG || r.fmt == FMT_SVG || r.fmt == FMT_GIF) {
        if (!(r.fonts = font_set_open(&err))) goto fail_trace;
    }
    if (r.fmt == FMT_JSON && !(r.json = export_json_begin(&r.src))) {
        s2s_fail(&err, "out of memory building JSON");
        goto fail_trace;
    }
    double t0 = clock_ms();
    if (for_each(&r, write_one, &err)) goto fail_trace;
    if (paper) /* the timing check: the export alone, without the random model and its decode */
        fprintf(stderr, "export: %.0f ms\n", clock_ms() - t0);
    if (r.json) {
        char path[4096], *text = cJSON_Print(r.json);
        int bad = !text || json_path(&r, path, sizeof path, &err) || atomic_write(path, text, strlen(text), &err);
        if (!text) s2s_fail(&err, "out of memory printing JSON");
        free(text);
        if (bad) goto fail_trace;
        cli_print_line("wrote ", path);
    }
    rc = 0;
fail_trace:
    trace_free(&tr);
fail:
    if (rc) cli_error("%s", err.msg);
    cJSON_Delete(r.json);
    font_set_close(r.fonts);
    model_free(&m);
    return rc;
}
