/* model.h: the post-LayerNorm encoder-decoder (PyTorch's nn.Transformer plus embeddings, sinusoidal
 * positions, a generator and, for NAT models, a length head), its parameters and its files.
 *
 * Dimension legend, used in every shape comment:
 *   D  d_model            H  heads           Dh  D / H (per-head width)      F  d_ff
 *   Le encoder layers     Ld decoder layers  Vs  source vocabulary           Vt target vocabulary
 *   M  max_len (longest input or output, NAT positions; length classes 0..M)
 *   S  source length      T  decoder input length      B  batch
 */
#ifndef S2S_MODEL_H
#define S2S_MODEL_H

#include <stddef.h>
#include "core/error.h"
#include "core/vocab.h"

typedef enum { S2S_DECODER_AT = 0, S2S_DECODER_NAT = 1 } s2s_decoder_kind;

/* Bounds that a model file must respect; anything larger is refused as corrupt or absurd. */
#define S2S_MAX_D_MODEL 4096
#define S2S_MAX_HEADS 64
#define S2S_MAX_D_FF 16384
#define S2S_MAX_LAYERS 48
#define S2S_MAX_LEN 512
#define S2S_MAX_VOCAB 65536

typedef struct s2s_config {
    int d_model;  /* D */
    int n_heads;  /* H */
    int d_ff;     /* F */
    int n_enc;    /* Le */
    int n_dec;    /* Ld */
    int max_len;  /* M */
    int src_vocab; /* Vs */
    int tgt_vocab; /* Vt */
    s2s_decoder_kind decoder;
} s2s_config;

/* Checks every bound above, and that heads divide d_model. */
int config_validate(const s2s_config *c, s2s_error *err);

typedef struct s2s_attn_w {
    float *in_w;  /* (3D, D) rows 0..D-1 Q, D..2D-1 K, 2D..3D-1 V */
    float *in_b;  /* (3D) */
    float *out_w; /* (D, D) */
    float *out_b; /* (D) */
} s2s_attn_w;

typedef struct s2s_layer_w {
    s2s_attn_w self_attn;
    s2s_attn_w cross_attn; /* decoder layers only; NULL pointers in encoder layers */
    float *lin1_w; /* (F, D) */
    float *lin1_b; /* (F) */
    float *lin2_w; /* (D, F) */
    float *lin2_b; /* (D) */
    float *norm_w[3]; /* (D) norm1, norm2, norm3 (norm3: decoder only) */
    float *norm_b[3]; /* (D) */
} s2s_layer_w;

/* Pointers into one flat buffer, in PyTorch's state_dict order. The same layout serves the
 * parameters, their gradients and the Adam moments (llm.c's one allocation per category). */
typedef struct s2s_weights {
    float *src_embed;  /* (Vs, D) */
    float *tgt_embed;  /* (Vt, D) */
    s2s_layer_w enc[S2S_MAX_LAYERS];
    float *enc_norm_w; /* (D) */
    float *enc_norm_b; /* (D) */
    s2s_layer_w dec[S2S_MAX_LAYERS];
    float *dec_norm_w; /* (D) */
    float *dec_norm_b; /* (D) */
    float *gen_w;      /* (Vt, D) */
    float *gen_b;      /* (Vt) */
    float *len_w;      /* (M+1, D) NAT only, else NULL */
    float *len_b;      /* (M+1)   NAT only, else NULL */
} s2s_weights;

/* One named tensor of the layout. */
typedef struct s2s_param_spec {
    char name[96];   /* nn.Transformer naming, e.g. transformer.encoder.layers.0.self_attn.in_proj_weight */
    int ndim;        /* 1 or 2 */
    int shape[2];
    size_t numel;
    size_t offset;   /* in floats, from the start of the flat buffer */
} s2s_param_spec;

/* Lays the parameters of c out over base (which may be NULL to only count): fills w (may be NULL)
 * and up to cap specs (specs may be NULL). Returns the number of tensors; *total gets the float
 * count of the whole buffer. */
int params_layout(const s2s_config *c, float *base, s2s_weights *w, s2s_param_spec *specs, int cap,
                  size_t *total);

typedef struct s2s_model {
    s2s_config cfg;
    s2s_vocab src;         /* Vs symbols */
    s2s_vocab tgt;         /* Vt symbols */
    char task[64];         /* metadata "task", e.g. "reverse"; free text */
    float *params;         /* (n_params) the one parameter allocation, or the model file's data */
    float *pe;             /* (M+1, D) the sinusoidal positional encodings, computed once (model_init) */
    size_t n_params;
    s2s_weights w;         /* views into params */
    void *mapped;          /* (mapped_len bytes) the model file's mapping when params point into it, else NULL */
    size_t mapped_len;
    int privatizing;       /* a thread is replacing the mapping by a copy (model_privatize_start) */
    unsigned long privatizer; /* its pthread_t, joined by model_free */
} s2s_model;

/* Allocates a zeroed model for config c with copies of the vocabularies (sizes must match c). */
int model_init(s2s_model *m, const s2s_config *c, const s2s_vocab *src, const s2s_vocab *tgt,
               const char *task, s2s_error *err);
void model_free(s2s_model *m); /* accepts NULL and zeroed models */

/* Reads a safetensors model file, validating everything before trusting it (see
 * docs/model-format.md). On failure m is left zeroed and err names the problem. A file laid out as
 * this program writes it is not copied: params point into its private mapping (m->mapped), which
 * is as fast to read and saves copying 170 MB for a paper-size model. Writing to params copies
 * the touched page, never the file; but a file rewritten in place while the model is open (not
 * replaced by a rename, as model_save does) would change the weights under it, or end the
 * program with SIGBUS if it shrank, until model_privatize_start has done its work. */
int model_load(s2s_model *m, const char *path, s2s_error *err);
/* The same from size bytes of a model file already in memory, with the same checks; the
 * parameters are copied, so the bytes may be freed once it returns. */
int model_load_memory(s2s_model *m, const void *bytes, size_t size, s2s_error *err);
/* For a model loaded in place: starts a thread that puts a copy of the file's data in the
 * mapping's place, at the same address (st_privatize), so the model no longer depends on the file.
 * The model may be read meanwhile, not written; model_free waits for the thread. Does nothing for
 * a copied model, or when no thread can be started (the model then stays mapped, as loaded). */
void model_privatize_start(s2s_model *m);
/* Writes the model atomically: a temporary file beside path, then rename. */
int model_save(const s2s_model *m, const char *path, s2s_error *err);
/* The same with up to MODEL_META_EXTRA_MAX more metadata pairs (extra: key, value, key, value, …),
 * e.g. a training snapshot's step and losses (core/snapshot.h). */
#define MODEL_META_EXTRA_MAX 8
int model_save_meta(const s2s_model *m, const char *path, const char *const *extra, int n_extra, s2s_error *err);

/* The paper's base model (d_model 512, 8 heads, d_ff 2048, 6 + 6 layers), AT, with random weights
 * over the letters a..z and the given max_len: what the benchmarks and big-grid checks run. */
int model_init_paper(s2s_model *m, int max_len, unsigned long long seed, s2s_error *err);

/* Fills the parameters with PyTorch's default initialisation shapes (xavier-uniform attention
 * projections, uniform linear layers, normal embeddings, LayerNorm 1/0) from a seed. */
void model_init_random(s2s_model *m, unsigned long long seed);

#endif
