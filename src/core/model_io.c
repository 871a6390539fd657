/* model_io.c: model files. A model is a safetensors file with nn.Transformer tensor names and the
 * hyper-parameters and vocabularies in __metadata__ (docs/model-format.md). Loading checks the
 * container (safetensors.c), then the meaning: metadata present and sane, every tensor of the
 * layout present with its exact shape and dtype F32, nothing unexpected, every weight finite. */
#include "core/model.h"
#include "core/quote.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/safetensors.h"

#define MAX_SPECS (16 * 2 * S2S_MAX_LAYERS + 16)

/* A metadata value that must be a whole number. */
static int meta_int(const st_file *f, const char *key, int *out, s2s_error *err) {
    const char *v = st_meta(f, key);
    if (!v) return s2s_fail(err, "metadata %s is missing", key);
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno || x < -1000000000L || x > 1000000000L)
        return s2s_fail(err, "metadata %s is %s, not a whole number", key, quote_text(v).s);
    *out = (int)x;
    return 0;
}

static int read_config(const st_file *f, s2s_config *c, s2s_vocab *src, s2s_vocab *tgt, s2s_error *err) {
    memset(c, 0, sizeof *c);
    if (!f->meta_keys) return s2s_fail(err, "no __metadata__: not a Stepformer model (see docs/model-format.md)");
    const char *dec = st_meta(f, "decoder");
    if (!dec) return s2s_fail(err, "metadata decoder is missing (\"at\" or \"nat\")");
    if (strcmp(dec, "at") == 0) {
        c->decoder = S2S_DECODER_AT;
    } else if (strcmp(dec, "nat") == 0) {
        c->decoder = S2S_DECODER_NAT;
    } else {
        return s2s_fail(err, "metadata decoder is %s; it must be \"at\" or \"nat\"", quote_text(dec).s);
    }
    /* both optional (a hand-written PyTorch export may leave them out), but a file that says it is
     * something else, or a later version whose layout this reader does not know, is refused */
    const char *format = st_meta(f, "format"), *version = st_meta(f, "version");
    if (format && strcmp(format, "stepformer-seq2seq") != 0)
        return s2s_fail(err, "metadata format is %s; this program reads \"stepformer-seq2seq\"", quote_text(format).s);
    if (version && strcmp(version, "1") != 0)
        return s2s_fail(err, "metadata version is %s; this program reads version 1", quote_text(version).s);
    const char *act = st_meta(f, "activation"), *norm = st_meta(f, "norm");
    if (act && strcmp(act, "relu") != 0) return s2s_fail(err, "activation %s is not supported (relu only)", quote_text(act).s);
    if (norm && strcmp(norm, "post") != 0) return s2s_fail(err, "norm %s is not supported (post only)", quote_text(norm).s);
    if (meta_int(f, "d_model", &c->d_model, err) || meta_int(f, "n_heads", &c->n_heads, err) ||
        meta_int(f, "d_ff", &c->d_ff, err) || meta_int(f, "n_encoder_layers", &c->n_enc, err) ||
        meta_int(f, "n_decoder_layers", &c->n_dec, err) || meta_int(f, "max_len", &c->max_len, err))
        return -1;
    const char *sv = st_meta(f, "src_vocab"), *tv = st_meta(f, "tgt_vocab");
    if (!sv) return s2s_fail(err, "metadata src_vocab is missing");
    if (!tv) return s2s_fail(err, "metadata tgt_vocab is missing");
    if (vocab_from_json(src, sv, err)) return s2s_fail_prefix(err, "src_vocab: ");
    if (vocab_from_json(tgt, tv, err)) return s2s_fail_prefix(err, "tgt_vocab: ");
    c->src_vocab = src->n;
    c->tgt_vocab = tgt->n;
    return config_validate(c, err);
}

/* The index of the first NaN or infinity among p's n floats, or n when all are finite. An
 * exponent of all ones is exactly "not finite"; testing the bits without a branch lets GCC
 * vectorize the scan (a paper-size model is 44 M floats, and isfinite with an early exit runs
 * several times slower); only a block that holds one is scanned again for the index. */
static size_t first_non_finite(const float *p, size_t n) {
    for (size_t k0 = 0; k0 < n; k0 += 1024) {
        size_t end = n - k0 < 1024 ? n : k0 + 1024;
        uint32_t bad = 0;
        for (size_t k = k0; k < end; k++) {
            uint32_t u;
            memcpy(&u, &p[k], sizeof u);
            bad |= (u & 0x7f800000u) == 0x7f800000u;
        }
        if (bad)
            for (size_t k = k0; k < end; k++)
                if (!isfinite(p[k])) return k;
    }
    return n;
}

/* 1 when the file's data section is the parameter buffer itself: every tensor of the layout is at
 * its layout offset (files this program writes: the layout's order, nothing else) and the floats
 * are 4-byte aligned (a file written elsewhere may have any header length). Shapes, dtypes and
 * values are checked by load_tensors either way. */
static int data_is_layout(const st_file *f, const s2s_param_spec *sp, int n) {
    if (((uintptr_t)f->bytes + f->data_start) % sizeof(float) != 0) return 0;
    for (int i = 0; i < n; i++) {
        const st_tensor *t = st_find(f, sp[i].name);
        if (!t || t->begin != sp[i].offset * sizeof(float)) return 0;
    }
    return 1;
}

/* The layout's n tensors sp are all in f, F32, of their shapes, and nothing else is: checked from
 * the header alone, before anything the model's size is allocated, so that the sizes the metadata
 * claims are backed by the file's bytes (a 420-byte header claiming the largest sizes once had a
 * 90 GB buffer allocated: tests/fuzz/model/crash-huge-metadata). */
static int check_layout(const st_file *f, const s2s_param_spec *sp, int n, s2s_error *err) {
    for (int i = 0; i < n; i++) {
        const st_tensor *t = st_find(f, sp[i].name);
        if (!t) return s2s_fail(err, "tensor %s is missing", sp[i].name);
        if (strcmp(t->dtype, "F32") != 0)
            return s2s_fail(err, "tensor %s is %s; only F32 is supported", sp[i].name, quote_text(t->dtype).s);
        int same = t->ndim == sp[i].ndim;
        for (int d = 0; same && d < t->ndim; d++) same = t->shape[d] == sp[i].shape[d];
        if (!same) {
            char want[48], got[96];
            snprintf(want, sizeof want, sp[i].ndim == 2 ? "[%d, %d]" : "[%d]", sp[i].shape[0], sp[i].shape[1]);
            int len = snprintf(got, sizeof got, "[");
            for (int d = 0; d < t->ndim && len < 80; d++) len += snprintf(got + len, sizeof got - (size_t)len, "%s%lld", d ? ", " : "", t->shape[d]);
            snprintf(got + len, sizeof got - (size_t)len, "]");
            return s2s_fail(err, "tensor %s has shape %s; the metadata implies %s", sp[i].name, got, want);
        }
    }
    if (f->n != n) /* every tensor of the layout was found, so the rest are unexpected */
        for (int j = 0; j < f->n; j++) {
            int known = 0;
            for (int i = 0; i < n && !known; i++) known = strcmp(f->tensors[j].name, sp[i].name) == 0;
            if (!known)
                return s2s_fail(err, "unexpected tensor %s%s", quote_text(f->tensors[j].name).s,
                                strstr(f->tensors[j].name, "length_head") ? " (a length head in an \"at\" model)" : "");
        }
    return 0;
}

/* Checks that every value of the layout's n tensors sp (check_layout passed) is finite and, unless
 * *in_place comes back 1 (may_map and the data section is already m's parameter layout, see
 * data_is_layout), copies them into m->params. */
static int load_tensors(s2s_model *m, const st_file *f, const s2s_param_spec *sp, int n, int may_map, int *in_place,
                        s2s_error *err) {
    *in_place = may_map && data_is_layout(f, sp, n);
    for (int i = 0; i < n; i++) {
        const st_tensor *t = st_find(f, sp[i].name);
        const float *vals; /* (numel) the tensor's values, checked where they will be used */
        size_t bad;
        if (*in_place) {
            vals = st_tensor_bytes(f, t);
            bad = first_non_finite(vals, sp[i].numel);
        } else {
            /* copy in cache-sized blocks and check each while it is in cache: one pass over the file */
            float *dst = m->params + sp[i].offset;
            const char *src = st_tensor_bytes(f, t); /* maybe not 4-byte aligned: bytes, not floats */
            vals = dst;
            bad = sp[i].numel;
            for (size_t k0 = 0; k0 < sp[i].numel && bad == sp[i].numel; k0 += 4096) {
                size_t len = sp[i].numel - k0 < 4096 ? sp[i].numel - k0 : 4096;
                memcpy(dst + k0, src + k0 * sizeof(float), len * sizeof(float));
                size_t k = first_non_finite(dst + k0, len);
                if (k < len) bad = k0 + k;
            }
        }
        if (bad < sp[i].numel)
            return s2s_fail(err, "tensor %s holds %s value at index %zu", sp[i].name,
                            isnan(vals[bad]) ? "a NaN" : "an infinite", bad);
    }
    return 0;
}

/* The model in a checked container: what model_load and model_load_memory share. With may_map,
 * a data section laid out as the parameters becomes them (st_read's mapping, see model.h); a
 * caller's buffer is always copied, so the model never points into memory it does not own. */
static int load_from(s2s_model *m, st_file *f, int may_map, s2s_error *err) {
    s2s_config c;
    s2s_vocab src = {0}, tgt = {0};
    int rc = -1, in_place = 0;
    s2s_param_spec *sp = malloc(sizeof(s2s_param_spec) * MAX_SPECS);
    if (!sp) return s2s_fail(err, "out of memory");
    if (read_config(f, &c, &src, &tgt, err)) goto done;
    int n = params_layout(&c, NULL, NULL, sp, MAX_SPECS, NULL);
    if (check_layout(f, sp, n, err)) goto done;
    const char *task = st_meta(f, "task");
    if (model_init(m, &c, &src, &tgt, task ? task : "", err)) goto done;
    if (load_tensors(m, f, sp, n, may_map, &in_place, err)) {
        model_free(m);
        goto done;
    }
    if (in_place) { /* the parameters are the file's data section: keep the mapping, drop the copy */
        free(m->params); /* never written (a large calloc is fresh pages, not even touched) */
        m->params = (float *)(f->bytes + f->data_start);
        params_layout(&m->cfg, m->params, &m->w, NULL, 0, NULL);
        m->mapped = st_take_mapping(f, &m->mapped_len);
    }
    rc = 0;
done:
    free(sp);
    vocab_free(&src);
    vocab_free(&tgt);
    return rc;
}

int model_load(s2s_model *m, const char *path, s2s_error *err) {
    memset(m, 0, sizeof *m);
    st_file f;
    if (st_read(&f, path, err)) return -1;
    int rc = load_from(m, &f, 1, err);
    st_free(&f);
    if (rc) s2s_fail_prefix(err, "%s: ", path);
    return rc;
}

int model_load_memory(s2s_model *m, const void *bytes, size_t size, s2s_error *err) {
    memset(m, 0, sizeof *m);
    st_file f;
    if (st_read_memory(&f, bytes, size, err)) return -1;
    int rc = load_from(m, &f, 0, err);
    st_free(&f);
    return rc;
}

int model_save(const s2s_model *m, const char *path, s2s_error *err) { return model_save_meta(m, path, NULL, 0, err); }

int model_save_meta(const s2s_model *m, const char *path, const char *const *extra, int n_extra, s2s_error *err) {
    s2s_param_spec *sp = malloc(sizeof(s2s_param_spec) * MAX_SPECS);
    st_write_tensor *wt = malloc(sizeof(st_write_tensor) * MAX_SPECS);
    char *sv = vocab_to_json(&m->src), *tv = vocab_to_json(&m->tgt);
    int rc = -1;
    if (!sp || !wt || !sv || !tv) {
        s2s_fail(err, "cannot write %s: out of memory", path);
        goto done;
    }
    int n = params_layout(&m->cfg, NULL, NULL, sp, MAX_SPECS, NULL);
    for (int i = 0; i < n; i++) {
        wt[i].name = sp[i].name;
        wt[i].data = m->params + sp[i].offset;
        wt[i].ndim = sp[i].ndim;
        wt[i].shape[0] = sp[i].shape[0];
        wt[i].shape[1] = sp[i].shape[1];
    }
    const s2s_config *c = &m->cfg;
    char num[6][16];
    snprintf(num[0], 16, "%d", c->d_model);
    snprintf(num[1], 16, "%d", c->n_heads);
    snprintf(num[2], 16, "%d", c->d_ff);
    snprintf(num[3], 16, "%d", c->n_enc);
    snprintf(num[4], 16, "%d", c->n_dec);
    snprintf(num[5], 16, "%d", c->max_len);
    const char *meta[] = {
        "format", "stepformer-seq2seq", "version", "1", "task", m->task,
        "decoder", c->decoder == S2S_DECODER_NAT ? "nat" : "at",
        "d_model", num[0], "n_heads", num[1], "d_ff", num[2], "n_encoder_layers", num[3],
        "n_decoder_layers", num[4], "max_len", num[5], "activation", "relu", "norm", "post",
        "src_vocab", sv, "tgt_vocab", tv,
    };
    const char *all[ARRAY_LEN(meta) + 2 * MODEL_META_EXTRA_MAX];
    int n_meta = (int)(ARRAY_LEN(meta) / 2);
    memcpy(all, meta, sizeof meta);
    for (int i = 0; i < n_extra && i < MODEL_META_EXTRA_MAX; i++, n_meta++) {
        all[2 * n_meta] = extra[2 * i];
        all[2 * n_meta + 1] = extra[2 * i + 1];
    }
    rc = st_write(path, wt, n, all, n_meta, err);
done:
    free(sp);
    free(wt);
    free(sv);
    free(tv);
    return rc;
}
