/* ablate.c: see ablate.h. */
#include "core/ablate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ablate_kind_names[S2S_HEAD_KINDS] = {"encoder", "decoder", "cross"};

void ablation_clear(s2s_ablation *a) { memset(a, 0, sizeof *a); }

static int in_range(s2s_head_kind kind, int layer, int head) {
    return kind >= 0 && kind < S2S_HEAD_KINDS && layer >= 0 && layer < S2S_MAX_LAYERS && head >= 0 &&
           head < S2S_MAX_HEADS;
}

int ablation_is_off(const s2s_ablation *a, s2s_head_kind kind, int layer, int head) {
    return a && a->n_off > 0 && in_range(kind, layer, head) && a->off[kind][layer][head];
}

void ablation_set(s2s_ablation *a, s2s_head_kind kind, int layer, int head, int off) {
    if (!in_range(kind, layer, head) || a->off[kind][layer][head] == (off != 0)) return;
    a->off[kind][layer][head] = off != 0;
    a->n_off += off ? 1 : -1;
}

/* A whole number from 1 at *p, advancing p; -1 when there is none. */
static long read_count(const char **p) {
    char *end;
    if (**p < '0' || **p > '9') return -1;
    long v = strtol(*p, &end, 10);
    *p = end;
    return v;
}

int ablation_parse(s2s_ablation *a, const char *text, const s2s_config *c, s2s_error *err) {
    ablation_clear(a);
    const char *p = text;
    while (*p) {
        const char *item = p;
        size_t item_len = strcspn(p, ",");
        int kind = -1;
        for (int k = 0; k < S2S_HEAD_KINDS; k++) {
            size_t n = strlen(ablate_kind_names[k]);
            if (strncmp(p, ablate_kind_names[k], n) == 0 && p[n] == ':') {
                kind = k;
                p += n + 1;
            }
        }
        if (kind < 0)
            return s2s_fail(err, "%.*s: a head is KIND:LAYER.HEAD with KIND encoder, decoder or cross (e.g. cross:1.2)",
                            (int)item_len, item);
        long layer = read_count(&p), head = -1;
        if (layer >= 0 && *p == '.') {
            p++;
            head = read_count(&p);
        }
        if (layer < 0 || head < 0 || (*p && *p != ','))
            return s2s_fail(err, "%.*s: a head is KIND:LAYER.HEAD, layers and heads counted from 1 (e.g. cross:1.2)",
                            (int)item_len, item);
        int layers = kind == S2S_HEAD_ENCODER ? c->n_enc : c->n_dec;
        if (layer < 1 || layer > layers)
            return s2s_fail(err, "%.*s: the %s has layers 1 to %d", (int)item_len, item,
                            kind == S2S_HEAD_ENCODER ? "encoder" : "decoder", layers);
        if (head < 1 || head > c->n_heads)
            return s2s_fail(err, "%.*s: this model has heads 1 to %d", (int)item_len, item, c->n_heads);
        ablation_set(a, (s2s_head_kind)kind, (int)layer - 1, (int)head - 1, 1);
        if (*p == ',') {
            p++;
            if (!*p) return s2s_fail(err, "a head list must not end with a comma");
        }
    }
    return 0;
}

char *ablation_format(const s2s_ablation *a, char *out, size_t cap) {
    size_t len = 0;
    if (cap) out[0] = '\0';
    for (int k = 0; k < S2S_HEAD_KINDS && a->n_off; k++)
        for (int l = 0; l < S2S_MAX_LAYERS; l++)
            for (int h = 0; h < S2S_MAX_HEADS; h++) {
                if (!a->off[k][l][h] || len >= cap) continue;
                int n = snprintf(out + len, cap - len, "%s%s:%d.%d", len ? "," : "", ablate_kind_names[k], l + 1, h + 1);
                if (n > 0) len += (size_t)n;
            }
    if (len >= cap && cap) out[cap - 1] = '\0';
    return out;
}
