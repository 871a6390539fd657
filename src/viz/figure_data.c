/* figure_data.c: CSV and JSON writers, see figure_data.h. */
#include "viz/figure_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"
#include "core/version.h"

/* One CSV field, quoted (RFC 4180) when it holds a comma, quote, line break or edge space. */
static void csv_field(FILE *f, const char *s) {
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int export_csv(const figure_matrix *m, const char *path, s2s_error *err) {
    atomic_file af;
    if (atomic_begin(&af, path, err)) return -1;
    /* the corner names the axes: rows are queries, columns keys */
    fputs("query\\key", af.fp);
    for (int k = 0; k < m->cols; k++) {
        fputc(',', af.fp);
        csv_field(af.fp, m->col_labels[k]);
    }
    fputc('\n', af.fp);
    for (int i = 0; i < m->rows; i++) {
        csv_field(af.fp, m->row_labels[i]);
        for (int k = 0; k < m->cols; k++) fprintf(af.fp, ",%.9g", (double)m->values[(size_t)i * m->cols + k]);
        fputc('\n', af.fp);
    }
    return atomic_commit(&af, err);
}

static cJSON *labels(const char *const *l, int n) {
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(l[i]));
    return a;
}

/* Token ids as their symbols, as `decode --format json` prints them. */
static cJSON *tokens(const s2s_vocab *v, const int *ids, int n) {
    const char *sym[S2S_MAX_LEN + 1];
    if (n > S2S_MAX_LEN + 1) n = S2S_MAX_LEN + 1;
    for (int i = 0; i < n; i++) sym[i] = v->sym[ids[i]];
    return labels(sym, n);
}

cJSON *export_json_begin(const figure_src *src) {
    const s2s_model *m = src->model;
    const s2s_decode_result *r = src->res;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "stepformer_version", stepformer_version());
    cJSON_AddStringToObject(o, "task", m->task);
    cJSON_AddStringToObject(o, "decoder", m->cfg.decoder == S2S_DECODER_NAT ? "nat" : "at");
    cJSON_AddItemToObject(o, "source", tokens(&m->src, r->src, r->n_src));
    cJSON_AddItemToObject(o, "decoder_input", tokens(&m->tgt, r->dec_in, r->n_rows));
    cJSON_AddItemToObject(o, "output", tokens(&m->tgt, r->out, r->n_out));
    cJSON_AddNumberToObject(o, "steps", figure_steps(src));
    cJSON_AddArrayToObject(o, "matrices");
    return o;
}

int export_json_add(cJSON *doc, const figure_spec *s, const figure_matrix *m) {
    cJSON *arr = cJSON_GetObjectItem(doc, "matrices"), *o = cJSON_CreateObject();
    if (!arr || !o) {
        cJSON_Delete(o);
        return -1;
    }
    cJSON_AddStringToObject(o, "kind", figure_kind_name(s->kind));
    cJSON_AddNumberToObject(o, "layer", s->layer + 1);
    cJSON_AddNumberToObject(o, "head", s->head + 1);
    if (s->step > 0) cJSON_AddNumberToObject(o, "step", s->step);
    else cJSON_AddNullToObject(o, "step");
    cJSON_AddStringToObject(o, "op", trace_op_name(s->op));
    /* the place name the window, screenshot --at and lessons use (layers and heads from 1) */
    trace_place pl = {s->kind == FIGURE_ENCODER ? TB_ENCODER : TB_DECODER, s->layer,
                      s->kind == FIGURE_CROSS ? TS_CROSS_ATTN : TS_SELF_ATTN, s->op, s->head};
    char place[128];
    trace_place_name(&pl, place, sizeof place);
    cJSON_AddStringToObject(o, "place", place);
    cJSON_AddItemToObject(o, "row_labels", labels(m->row_labels, m->rows));
    cJSON_AddItemToObject(o, "col_labels", labels(m->col_labels, m->cols));
    cJSON *rows = cJSON_AddArrayToObject(o, "values");
    for (int i = 0; rows && i < m->rows; i++) {
        cJSON *row = cJSON_CreateArray();
        for (int k = 0; row && k < m->cols; k++)
            cJSON_AddItemToArray(row, cJSON_CreateNumber((double)m->values[(size_t)i * m->cols + k]));
        cJSON_AddItemToArray(rows, row);
    }
    cJSON_AddItemToArray(arr, o);
    return 0;
}
