/* make_seeds.c: writes the fuzz targets' seed corpora with the project's own code, so that every
 * seed is reproducible and none is downloaded: `make fuzz-seeds` (or make_seeds DIR) fills
 * DIR/model/, DIR/tokenizer/, DIR/options/ and DIR/lesson/. Seeds are small on purpose: libFuzzer mutates small inputs far
 * faster, and a 6 KB model already has every tensor kind of the layout.
 *   model/: tiny valid AT and NAT models (characters and words), and broken copies of the AT one
 *           (cut short, a wrong header length, not JSON, F16, a NaN, a bad number, a zip, text).
 *   tokenizer/: texts for the fixed vocabularies, and VOCAB_JSON NUL TEXT pairs.
 *   options/: command lines for each command, good and bad.
 *   lesson/: small lessons, good and broken. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"

static const char *out_dir;

static void write_file(const char *sub, const char *name, const void *bytes, size_t n) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, sub, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(bytes, 1, n, fp) != n || fclose(fp) != 0) {
        fprintf(stderr, "make_seeds: cannot write %s\n", path);
        exit(1);
    }
}

static unsigned char *read_file(const char *path, size_t *n) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    *n = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *b = malloc(*n + 1);
    if (b && fread(b, 1, *n, fp) != *n) b = NULL;
    fclose(fp);
    return b;
}

/* Saves a model of the smallest sizes the layout allows with a few symbols, returns its bytes. */
static unsigned char *tiny_model(const char *name, s2s_decoder_kind kind, const char *const *syms, int n_syms,
                                 size_t *size) {
    s2s_config c = {.d_model = 4, .n_heads = 2, .d_ff = 4, .n_enc = 1, .n_dec = 1, .max_len = 4,
                    .src_vocab = n_syms, .tgt_vocab = n_syms, .decoder = kind};
    s2s_vocab v;
    s2s_model m;
    s2s_error err;
    char path[512];
    snprintf(path, sizeof path, "%s/model/%s", out_dir, name);
    if (vocab_init(&v, syms, n_syms, &err) || model_init(&m, &c, &v, &v, "fuzz", &err)) {
        fprintf(stderr, "make_seeds: %s\n", err.msg);
        exit(1);
    }
    model_init_random(&m, 7);
    if (model_save(&m, path, &err)) {
        fprintf(stderr, "make_seeds: %s\n", err.msg);
        exit(1);
    }
    model_free(&m);
    vocab_free(&v);
    unsigned char *b = read_file(path, size);
    if (!b) exit(1);
    return b;
}

/* A copy of b with the first `from` in its header replaced by `to` (same length: offsets stay). */
static void write_edit(const char *name, const unsigned char *b, size_t n, const char *from, const char *to) {
    unsigned char *c = malloc(n);
    memcpy(c, b, n);
    size_t lf = strlen(from);
    for (size_t i = 8; i + lf <= n; i++)
        if (memcmp(c + i, from, lf) == 0) {
            memcpy(c + i, to, lf);
            break;
        }
    write_file("model", name, c, n);
    free(c);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds DIR   (writes DIR/model/* and DIR/tokenizer/*)\n");
        return 2;
    }
    out_dir = argv[1];
    static const char *const chars[] = {"<pad>", "<begin>", "<end>", "<unk>", "a", "b", "c"};
    static const char *const words[] = {"<pad>", "<begin>", "<end>", "<unk>", "one", "two", "十"};
    size_t n, n2;
    unsigned char *at = tiny_model("valid-at.safetensors", S2S_DECODER_AT, chars, 7, &n);
    free(tiny_model("valid-nat.safetensors", S2S_DECODER_NAT, chars, 7, &n2));
    free(tiny_model("valid-words-at.safetensors", S2S_DECODER_AT, words, 7, &n2));

    write_file("model", "broken-cut-in-data", at, n - 10);
    write_file("model", "broken-cut-in-header", at, 40);
    write_file("model", "broken-too-short", at, 5);
    unsigned char *c = malloc(n);
    memcpy(c, at, n);
    memset(c, 0xff, 8); /* header length 2^64 - 1 */
    write_file("model", "broken-header-length", c, n);
    memcpy(c, at, n);
    c[n - 1] = 0x7f, c[n - 2] = 0xc0, c[n - 3] = 0, c[n - 4] = 0; /* the last float a NaN */
    write_file("model", "broken-nan", c, n);
    free(c);
    write_edit("broken-not-json", at, n, "{", "[");
    write_edit("broken-f16", at, n, "\"F32\"", "\"F16\"");
    write_edit("broken-d-model", at, n, "\"d_model\":\"4\"", "\"d_model\":\"x\"");
    write_edit("broken-decoder", at, n, "\"decoder\":\"at\"", "\"decoder\":\"nx\"");
    write_edit("broken-vocab", at, n, "\"<begin>", "\"<bagin>");
    write_edit("broken-offsets", at, n, "\"data_offsets\":[0,", "\"data_offsets\":[4,");
    static const unsigned char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00archive/data.pkl";
    write_file("model", "broken-zip", zip, sizeof zip - 1);
    write_file("model", "broken-text", "a model, not\n", 13);
    free(at);

#define SEED(name, text) {name, text, sizeof text - 1} /* the length of a literal holding NUL bytes */
    static const struct { const char *name, *text; size_t len; } tok[] = {
        SEED("chars", "abc09-"),
        SEED("chars-cjk", "\xe4\xb8\x80\xe5\x8d\x81\xe7\x99\xbe\xf0\x9d\x84\x9e\xc3\xa9"), /* 一十百𝄞é */
        SEED("words", "one  hundred and two"),
        SEED("words-date", "nov 2026 - \xe5\x8d\x81"),
        SEED("out-of-vocabulary", "abx"),
        SEED("special", "<end>"),
        SEED("invalid-utf8", "a\xc3(\xff\xe4\xb8"),
        SEED("too-many", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        SEED("vocab-chars", "[\"<pad>\",\"<begin>\",\"<end>\",\"<unk>\",\"x\",\"\\u00e9\",\"y\"]\0xy\xc3\xa9x"),
        SEED("vocab-words", "[\"<pad>\",\"<begin>\",\"<end>\",\"<unk>\",\"red\",\"x\"]\0red x  red"),
        SEED("vocab-lone-byte", "[\"<pad>\",\"<begin>\",\"<end>\",\"<unk>\",\"\xc3\",\"\xa9\"]\0\xc3\xa9"),
        SEED("vocab-duplicate", "[\"<pad>\",\"<begin>\",\"<end>\",\"<unk>\",\"x\",\"x\"]\0x"),
        SEED("vocab-not-json", "[\"<pad>\",\0x"),
    };
    for (size_t i = 0; i < sizeof tok / sizeof tok[0]; i++) write_file("tokenizer", tok[i].name, tok[i].text, tok[i].len);

    /* options/: a byte choosing the command in cli_commands() order (src/cli/commands.c: 0 the
     * window, 1 decode, 2 train, 3 eval, 4 export, 5 compare, 6 bench, 7 keys, 8 screenshot), then
     * the arguments, NUL-separated */
    static const struct { const char *name, *args; size_t len; } opt[] = {
        SEED("window", "\0--model\0m.safetensors\0--input\0abc\0--size\0001600x900\0--theme\0dark"),
        SEED("window-bad-size", "\0--size\0001600x900junk"),
        SEED("decode", "\1--input\0abc\0--beam=4\0--format\0json\0--nat-length\0end"),
        SEED("decode-bad-beam", "\1--input\0abc\0--beam\0-3"),
        SEED("train", "\2--task\0reverse\0--steps\00010\0--lr\0001e-3\0-o\0out.safetensors"),
        SEED("eval", "\3--model\0m.safetensors\0--n\000100"),
        SEED("export", "\4--input\0abc\0--layer\0all\0--head\0002\0--colormap\0magma\0--scale\0002"),
        SEED("compare", "\5--task\0number-words-mixed\0--input\000999\0--batch\00020"),
        SEED("bench", "\6--quick"),
        SEED("keys", "\7--markdown"),
        SEED("screenshot", "\10--at\0decoder.layer2.cross_attn.head1.weights\0--pass\0004\0--mouse\000676,553\0-o\0x.png"),
        SEED("help", "\1--help"),
        SEED("escape-in-value", "\1--beam\0\33[2J\r\nstepformer: all good"),
        SEED("missing-value", "\1--input"),
    };
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) write_file("options", opt[i].name, opt[i].args, opt[i].len);

    /* lesson/: small lessons in the format of docs/lessons.md, good and broken */
    static const struct { const char *name, *text; size_t len; } les[] = {
        SEED("two-slides.md", "model: reverse-at\ninput: abcde\nplace: encoder.embed\n\n# Reversing\n\nThe **model** "
                              "reads *abcde*.\n\n- one\n- `two`\n\n---\n\nplace: decoder.layer1.cross_attn.head1.weights\n"
                              "pass: 2\nhighlight: cell 1 2\n\n## Step\n\n> a quote\n\n![img](../img/x.png)\n"),
        SEED("compare.md", "model: number-words-mixed-at\ninput: 999\ncompare: distilled\ntick: 3\nbatch: 20\n"
                           "theme: dark\ncolormap: magma\nhighlight: panel compare\n\n# AT and NAT\n\n1. first\n2. second\n"
                           "\n```\ncode <end>\n```\n"),
        SEED("what-if.md", "model: reverse-at\nplace: end\nwhat-if: 2 c\nbeam: 4\nnat-length: end\ntarget: edcba\n\n# What if\n"),
        SEED("unknown-key.md", "modle: reverse-at\n\n# Typo\n"),
        SEED("bad-beam.md", "beam: 99\n\n# Too wide\n"),
        SEED("empty.md", ""),
        SEED("only-breaks.md", "---\n---\n---\n"),
        SEED("invalid-utf8.md", "input: \xc3(\xff\n\n# \xed\xa0\x80\n"),
    };
    for (size_t i = 0; i < sizeof les / sizeof les[0]; i++) write_file("lesson", les[i].name, les[i].text, les[i].len);
    return 0;
}
