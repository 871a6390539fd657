/* cmd_export.c: `stepformer export`: attention maps as figures (PNG, SVG, an animated GIF of the
 * decode) or data (CSV, JSON), with no window and no display. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "cli/export_data.h"
#include "core/decode.h"
#include "core/atomic_file.h"
#include "core/tasks.h"
#include "platform/figure_export.h"

enum { FMT_PNG, FMT_SVG, FMT_GIF, FMT_CSV, FMT_JSON };
static const char *const fmt_names[] = {"png", "svg", "gif", "csv", "json"};

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
    if (rc == 0) printf("wrote %s\n", path);
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

/* The folder a path's file goes in must exist, be a folder and be writable: checked before any
 * work so a bad -o is a bad-input error (exit 2) with nothing written. */
static int check_folder(const char *dir, s2s_error *err) {
    struct stat st;
    if (stat(dir, &st) != 0)
        return s2s_fail(err, "cannot write in %s: %s", dir,
                        errno == ENOTDIR ? "a part of the path is a file, not a folder" : "the folder does not exist");
    if (!S_ISDIR(st.st_mode)) return s2s_fail(err, "cannot write in %s: it is a file, not a folder", dir);
    if (access(dir, W_OK | X_OK) != 0) return s2s_fail(err, "cannot write in %s: %s", dir, strerror(errno));
    return 0;
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
            return s2s_fail(err, "cannot write %s: it is a folder (give a file name)", o);
        const char *slash = strrchr(o, '/');
        if (!slash) snprintf(r->dir, sizeof r->dir, ".");
        else snprintf(r->dir, sizeof r->dir, "%.*s", slash == o ? 1 : (int)(slash - o), o);
    }
    return check_folder(r->dir, err);
}

/* ---- options ----------------------------------------------------------------------------------- */

/* "all" -> -1, else a 1-based number within 1..n -> 0-based. */
static int parse_index(const char *name, const char *v, int n, int *out, s2s_error *err) {
    if (strcmp(v, "all") == 0) {
        *out = -1;
        return 0;
    }
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < 1 || x > n)
        return s2s_fail(err, "%s must be 1 to %d or all (numbered from 1, as in the window), not \"%s\"", name, n, v);
    *out = (int)x - 1;
    return 0;
}

/* A paper-size model (d_model 512, 8 heads, d_ff 2048, 6 + 6 layers) with random weights over the
 * letters (the reverse task's vocabulary) and its max_len, for timing the export of big grids. */
static int random_paper_model(s2s_model *m, s2s_error *err) {
    if (model_init_paper(m, task_info(TASK_REVERSE)->max_len, 1, err)) return -1;
    snprintf(m->task, sizeof m->task, "paper-random"); /* names the exported files */
    return 0;
}

int cmd_export(int argc, char **argv) {
    /* --random-paper is for the timing check only, so it stays out of --help */
    int paper = 0, k = 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--random-paper") == 0) paper = 1;
        else argv[k++] = argv[i];
    argc = k;
    cli_opt o[] = {
        {"--model", "FILE", "model file (.safetensors)", NULL},
        {"--input", "TEXT", "source text", NULL},
        {"--target", "TEXT", "teacher forcing: decoder input is <begin> + this target", NULL},
        {"--kind", "KIND", "encoder | decoder | cross | all", "decoder"},
        {"--layer", "L", "layer 1..n, or all", "1"},
        {"--head", "H", "head 1..n, or all (all layers or heads: one grid figure)", "1"},
        {"--step", "N", "AT step 1..n, or all (one file per step); default: the whole decode", NULL},
        {"--format", "FMT", "png | svg | gif (the decode, step by step) | csv | json", "png"},
        {"--scale", "K", "PNG / GIF pixels per logical pixel, 1..4", "2"},
        {"--colormap", "NAME", "viridis | cividis | magma | inferno", "viridis"},
        {"--theme", "NAME", "light | dark", "light"},
        {"--delay", "MS", "GIF: milliseconds per step", "800"},
        {"--nat-length", "MODE", "NAT length: classifier | end", "classifier"},
        {"-o", "PATH", "output file; for several files a folder or a file-name prefix (default: here)", NULL},
    };
    int n_opts = (int)(sizeof o / sizeof o[0]);
    int rc = cli_parse(argc, argv, o, n_opts,
                       "stepformer export --model FILE --input TEXT [--kind K] [--layer L] [--head H] [--format F] -o PATH",
                       "Exports attention maps as figures for slides and papers (PNG, SVG, an animated GIF of an AT\n"
                       "decode) or as data (CSV, JSON). Needs no display. Without -o, files are named after what they\n"
                       "show and never overwrite an earlier export. See docs/export.md.");
    if (rc) return rc == 1 ? 0 : 2;
    request r;
    memset(&r, 0, sizeof r);
    s2s_error err = {{0}};
    s2s_model m;
    memset(&m, 0, sizeof m);
    rc = 2;
    if (!o[1].value) {
        s2s_fail(&err, "no input given (--input TEXT)");
        goto fail;
    }
    r.fmt = -1;
    for (int f = 0; f < 5; f++)
        if (strcmp(o[7].value, fmt_names[f]) == 0) r.fmt = f;
    int kind = strcmp(o[3].value, "all") == 0 ? -1 : figure_kind_parse(o[3].value);
    r.th = theme_find(o[10].value);
    r.cm = colormap_find(o[9].value);
    r.out = o[13].value;
    if (r.fmt < 0) s2s_fail(&err, "--format must be png, svg, gif, csv or json, not \"%s\"", o[7].value);
    else if (kind < 0 && strcmp(o[3].value, "all") != 0)
        s2s_fail(&err, "--kind must be encoder, decoder, cross or all, not \"%s\"", o[3].value);
    else if (!r.th) s2s_fail(&err, "--theme must be light or dark, not \"%s\"", o[10].value);
    else if (!r.cm) s2s_fail(&err, "unknown colormap \"%s\" (viridis, cividis, magma, inferno)", o[9].value);
    else if (r.out && !*r.out) s2s_fail(&err, "-o needs a path");
    if (err.msg[0]) goto fail;
    if (cli_int(&o[8], 1, 4, &r.scale) || cli_int(&o[11], 10, 60000, &r.delay_ms)) return 2;
    r.kind_lo = kind < 0 ? 0 : kind;
    r.kind_hi = kind < 0 ? FIGURE_KIND_COUNT - 1 : kind;

    if (paper ? random_paper_model(&m, &err) : (rc = cli_load_model(&m, o[0].value)) != 0) {
        if (!paper) return rc;
        rc = 1;
        goto fail;
    }
    rc = 2;
    s2s_decode_opts dopts = decode_opts_default();
    int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src = 0, n_tgt = 0;
    if (strcmp(o[12].value, "end") == 0) dopts.nat_length = S2S_NAT_LENGTH_END;
    if (decode_tokenize_source(&m, o[1].value, src, &n_src, &err)) goto fail;
    if (o[2].value) {
        if (decode_tokenize_target(&m, o[2].value, tgt, &n_tgt, &err)) goto fail;
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
    if (parse_index("--layer", o[4].value, L, &r.layer, &err) ||
        parse_index("--head", o[5].value, m.cfg.n_heads, &r.head, &err))
        goto fail_trace;
    int steps = figure_steps(&r.src);
    if (!o[6].value) {
        r.step_lo = r.step_hi = 0;
    } else if (strcmp(o[6].value, "all") == 0) {
        r.step_lo = steps ? 1 : 0;
        r.step_hi = steps;
    } else {
        int st = 0;
        if (parse_index("--step", o[6].value, steps ? steps : 1, &st, &err)) goto fail_trace;
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
        printf("wrote %s\n", path);
    }
    rc = 0;
fail_trace:
    trace_free(&tr);
fail:
    if (rc) fprintf(stderr, "stepformer: %s\n", err.msg);
    cJSON_Delete(r.json);
    font_set_close(r.fonts);
    model_free(&m);
    return rc;
}
