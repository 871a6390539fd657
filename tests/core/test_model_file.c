/* test_model_file.c: model files are validated before they are trusted. Every malformed file here
 * is made from the reference model tiny-at.safetensors by editing its header or its bytes, and
 * each must be refused by model_load with its own message (checked by a distinguishing substring),
 * leaving the model zeroed. Under ASan + UBSan (make test) the same cases also prove that no bad
 * file reads out of bounds or crashes. Then: save then load returns every tensor bit for bit, and
 * saving is atomic (an unwritable path leaves nothing behind, an existing file is replaced whole). */
#define _XOPEN_SOURCE 700
#include "test_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <float.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/model.h"
#include "core/safetensors.h"

#define REF_AT REF_DIR "/tiny-at.safetensors"
#define REF_NAT REF_DIR "/tiny-nat.safetensors"

static char tmp_dir[64];          /* mkdtemp'd for this run, removed at the end */
static unsigned char *ref_bytes;  /* (ref_size) tiny-at.safetensors as it is on disk */
static size_t ref_size;

/* ---- files ------------------------------------------------------------------------------------- */

static unsigned char *read_bytes(const char *path, size_t *size) {
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *size = (size_t)n;
    return b;
}

/* Writes a then b (either may be empty) to tmp_dir/name; out gets the full path. */
static void write_parts(char *out, size_t cap, const char *name, const void *a, size_t na, const void *b,
                        size_t nb) {
    snprintf(out, cap, "%s/%s", tmp_dir, name);
    FILE *fp = fopen(out, "wb");
    if (!fp) fail_msg("cannot create %s", out);
    if (na) assert_int_equal(fwrite(a, 1, na, fp), na);
    if (nb) assert_int_equal(fwrite(b, 1, nb, fp), nb);
    assert_int_equal(fclose(fp), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    return remove(path);
}

/* The number of leftover temporary files (name.tmp.XXXXXX) in dir. */
static int count_tmp_files(const char *dir) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp.")) n++;
    closedir(d);
    return n;
}

/* ---- the check every malformed file goes through ------------------------------------------------ */

/* model_load must refuse path with a message that names the file and contains want, and leave the
 * model zeroed (nothing for the caller to free, nothing half-loaded to use by mistake). */
static void expect_reject(const char *path, const char *want) {
    s2s_model m;
    memset(&m, 0xAB, sizeof m); /* garbage in: model_load must zero it itself */
    s2s_error err = {{0}};
    int rc = model_load(&m, path, &err);
    printf("  %-28s -> %s\n", strrchr(path, '/') ? strrchr(path, '/') + 1 : path, err.msg);
    if (rc == 0) {
        model_free(&m);
        fail_msg("%s was accepted; expected an error containing \"%s\"", path, want);
    }
    assert_int_equal(rc, -1);
    if (!strstr(err.msg, want)) fail_msg("message \"%s\" does not contain \"%s\"", err.msg, want);
    if (!strstr(err.msg, path)) fail_msg("message \"%s\" does not name the file", err.msg);
    assert_null(m.params);
    assert_int_equal(m.src.n, 0);
    assert_int_equal(m.tgt.n, 0);
    model_free(&m); /* harmless on a zeroed model */
}

/* ---- an editable copy of the reference file ------------------------------------------------------ */

typedef struct edit_file {
    cJSON *header;        /* the JSON header, to edit */
    cJSON *meta;          /* its __metadata__ object */
    unsigned char *data;  /* (n_data) the data section, to edit; room for 64 more bytes */
    size_t n_data;
} edit_file;

static edit_file edit_open(void) {
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = (hlen << 8) | ref_bytes[i];
    edit_file e;
    e.header = cJSON_ParseWithLength((const char *)ref_bytes + 8, (size_t)hlen);
    assert_non_null(e.header);
    e.meta = cJSON_GetObjectItemCaseSensitive(e.header, "__metadata__");
    assert_non_null(e.meta);
    e.n_data = ref_size - 8 - (size_t)hlen;
    e.data = malloc(e.n_data + 64);
    assert_non_null(e.data);
    memcpy(e.data, ref_bytes + 8 + hlen, e.n_data);
    memset(e.data + e.n_data, 0, 64);
    return e;
}

static cJSON *tensor_entry(edit_file *e, const char *name) {
    cJSON *t = cJSON_GetObjectItemCaseSensitive(e->header, name);
    if (!t) fail_msg("the reference has no tensor %s", name);
    return t;
}

static size_t offset_of(const cJSON *t, int which) {
    return (size_t)cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "data_offsets"), which)->valuedouble;
}

static void set_offsets(cJSON *t, double begin, double end) {
    cJSON *offs = cJSON_GetObjectItemCaseSensitive(t, "data_offsets");
    cJSON_SetNumberValue(cJSON_GetArrayItem(offs, 0), begin);
    cJSON_SetNumberValue(cJSON_GetArrayItem(offs, 1), end);
}

/* The tensor whose bytes come last in the data section. */
static cJSON *last_tensor(edit_file *e) {
    cJSON *it, *last = NULL;
    cJSON_ArrayForEach(it, e->header) {
        if (strcmp(it->string, "__metadata__") == 0) continue;
        if (!last || offset_of(it, 0) > offset_of(last, 0)) last = it;
    }
    assert_non_null(last);
    return last;
}

static void set_meta(edit_file *e, const char *key, const char *value) {
    if (!value) {
        cJSON_DeleteItemFromObjectCaseSensitive(e->meta, key);
    } else if (cJSON_GetObjectItemCaseSensitive(e->meta, key)) {
        cJSON_ReplaceItemInObjectCaseSensitive(e->meta, key, cJSON_CreateString(value));
    } else {
        cJSON_AddStringToObject(e->meta, key, value);
    }
}

static cJSON *make_entry(const char *dtype, const double *shape, int ndim, double begin, double end) {
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "dtype", dtype);
    cJSON_AddItemToObject(t, "shape", cJSON_CreateDoubleArray(shape, ndim));
    double offs[2] = {begin, end};
    cJSON_AddItemToObject(t, "data_offsets", cJSON_CreateDoubleArray(offs, 2));
    return t;
}

/* Writes the 8-byte length, the header json and the data section to tmp_dir/name. */
static void write_model_file(char *out, size_t cap, const char *name, const char *json, const unsigned char *data,
                             size_t n_data) {
    size_t hlen = strlen(json);
    unsigned char *buf = malloc(8 + hlen);
    assert_non_null(buf);
    for (int i = 0; i < 8; i++) buf[i] = (unsigned char)((uint64_t)hlen >> (8 * i));
    memcpy(buf + 8, json, hlen);
    write_parts(out, cap, name, buf, 8 + hlen, data, n_data);
    free(buf);
}

/* Writes the edited file as name, with `from` replaced once by `to` in the printed header (for
 * what cJSON cannot print, such as 1e400), frees the edit, then expects model_load to refuse the
 * file with want. */
static void edit_reject_replacing(edit_file *e, const char *name, const char *from, const char *to, const char *want) {
    char *json = cJSON_PrintUnformatted(e->header);
    assert_non_null(json);
    if (from) {
        char *at = strstr(json, from);
        assert_non_null(at);
        size_t n = strlen(json), nf = strlen(from), nt = strlen(to);
        char *j2 = malloc(n - nf + nt + 1);
        assert_non_null(j2);
        memcpy(j2, json, (size_t)(at - json));
        memcpy(j2 + (at - json), to, nt);
        strcpy(j2 + (at - json) + nt, at + nf);
        free(json);
        json = j2;
    }
    char path[256];
    write_model_file(path, sizeof path, name, json, e->data, e->n_data);
    free(json);
    cJSON_Delete(e->header);
    free(e->data);
    expect_reject(path, want);
}

static void edit_reject(edit_file *e, const char *name, const char *want) {
    edit_reject_replacing(e, name, NULL, NULL, want);
}

/* ---- the container: length, JSON, bytes ---------------------------------------------------------- */

static void test_reference_loads(void **state) {
    /* the unedited files load: otherwise every rejection below would prove nothing */
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_AT, &err)) fail_msg("%s", err.msg);
    model_free(&m);
    if (model_load(&m, REF_NAT, &err)) fail_msg("%s", err.msg);
    model_free(&m);
    /* and so does a copy rewritten through the editing code with nothing edited, so the
     * rejections below are caused by their edits alone */
    edit_file e = edit_open();
    char *json = cJSON_PrintUnformatted(e.header);
    char path[256];
    write_model_file(path, sizeof path, "unedited.safetensors", json, e.data, e.n_data);
    if (model_load(&m, path, &err)) fail_msg("%s", err.msg);
    model_free(&m);
    free(json);
    cJSON_Delete(e.header);
    free(e.data);
}

static void test_missing_path_and_folder(void **state) {
    char path[256];
    snprintf(path, sizeof path, "%s/no-such-model.safetensors", tmp_dir);
    expect_reject(path, "cannot open");
    snprintf(path, sizeof path, "%s/a-folder", tmp_dir);
    assert_int_equal(mkdir(path, 0755), 0);
    expect_reject(path, "it is a folder");
}

static void test_too_short(void **state) {
    char path[256];
    write_parts(path, sizeof path, "empty.safetensors", NULL, 0, NULL, 0);
    expect_reject(path, "too short to be a safetensors file (0 bytes)");
    write_parts(path, sizeof path, "five-bytes.safetensors", ref_bytes, 5, NULL, 0);
    expect_reject(path, "too short to be a safetensors file (5 bytes)");
}

static void test_header_length(void **state) {
    unsigned char *b = malloc(ref_size);
    assert_non_null(b);
    memcpy(b, ref_bytes, ref_size);
    char path[256];
    /* one byte more than the file holds after the length (the reference is 54632 bytes) */
    assert_int_equal(ref_size, 54632);
    uint64_t h = ref_size - 8 + 1;
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)(h >> (8 * i));
    write_parts(path, sizeof path, "hlen-past-end.safetensors", b, ref_size, NULL, 0);
    expect_reject(path, "header length 54625 is larger than the 54624 bytes that follow it");
    /* 2^63: 8 + length overflows a naive bounds check */
    memset(b, 0, 8);
    b[7] = 0x80;
    write_parts(path, sizeof path, "hlen-2-63.safetensors", b, ref_size, NULL, 0);
    expect_reject(path, "header length 9223372036854775808");
    free(b);
}

static void test_header_not_json(void **state) {
    unsigned char *b = malloc(ref_size);
    assert_non_null(b);
    memcpy(b, ref_bytes, ref_size);
    b[8] = 'x'; /* the opening brace */
    char path[256];
    write_parts(path, sizeof path, "not-json.safetensors", b, ref_size, NULL, 0);
    expect_reject(path, "not valid JSON");
    free(b);
}

static void test_header_trailing_garbage(void **state) {
    /* a valid object followed by more text inside the header length (padding spaces are fine) */
    edit_file e = edit_open();
    char *json = cJSON_PrintUnformatted(e.header);
    size_t n = strlen(json);
    char *bad = malloc(n + 8);
    assert_non_null(bad);
    snprintf(bad, n + 8, "%s   x", json);
    char path[256];
    write_model_file(path, sizeof path, "header-garbage.safetensors", bad, e.data, e.n_data);
    free(bad);
    free(json);
    cJSON_Delete(e.header);
    free(e.data);
    expect_reject(path, "bytes after the JSON object");
}

static void test_header_not_object(void **state) {
    const char json[] = "[1, 2, 3]";
    unsigned char len8[8] = {sizeof json - 1};
    char path[256];
    write_parts(path, sizeof path, "header-array.safetensors", len8, 8, json, sizeof json - 1);
    expect_reject(path, "not a JSON object");
}

static void test_entry_not_object(void **state) {
    edit_file e = edit_open();
    cJSON_ReplaceItemInObjectCaseSensitive(e.header, "src_embed.weight", cJSON_CreateNumber(5));
    edit_reject(&e, "entry-number.safetensors", "tensor \"src_embed.weight\": its header entry is not an object");
}

static void test_unknown_dtype(void **state) {
    edit_file e = edit_open();
    cJSON_ReplaceItemInObjectCaseSensitive(tensor_entry(&e, "transformer.encoder.norm.weight"), "dtype",
                                           cJSON_CreateString("F99"));
    edit_reject(&e, "dtype-f99.safetensors", "unknown dtype \"F99\"");
}

/* Writes the edited file as name, frees the edit and loads the file: model_load's return. */
static int edit_load(edit_file *e, const char *name, s2s_model *m, s2s_error *err) {
    char *json = cJSON_PrintUnformatted(e->header);
    assert_non_null(json);
    char path[256];
    write_model_file(path, sizeof path, name, json, e->data, e->n_data);
    free(json);
    cJSON_Delete(e->header);
    free(e->data);
    return model_load(m, path, err);
}

/* Issue 14, defect 2: C strings end at a NUL, so "F32\u0000junk" read as F32 and the file loaded. */
static void test_nul_in_header_string(void **state) {
    edit_file e = edit_open();
    edit_reject_replacing(&e, "dtype-nul.safetensors", "\"dtype\":\"F32\"", "\"dtype\":\"F32\\u0000junk\"",
                          "NUL character (\\u0000)");
    e = edit_open(); /* an escaped backslash before u0000 is not a NUL */
    set_meta(&e, "note", "C:\\u0000");
    s2s_model m;
    s2s_error err = {{0}};
    if (edit_load(&e, "escaped-backslash.safetensors", &m, &err)) fail_msg("a literal backslash-u0000 was refused: %s", err.msg);
    model_free(&m);
}

/* The message has no control byte and is valid UTF-8: nothing in it acts on a terminal. */
static void assert_printable(const char *msg) {
    const unsigned char *p = (const unsigned char *)msg;
    while (*p) {
        if (*p < 0x20 || *p == 0x7F) fail_msg("control byte 0x%02X in \"%s\"", *p, msg);
        int len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!len) fail_msg("invalid UTF-8 at byte %d of \"%s\"", (int)(p - (const unsigned char *)msg), msg);
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80) fail_msg("cut UTF-8 character in \"%s\"", msg);
        p += len;
    }
}

/* Issue 14, defect 1: bytes from the file are escaped in the message, cut at a character boundary,
 * bounded in length. */
static void test_file_bytes_escaped_in_messages(void **state) {
    static const struct {
        const char *name, *value, *want;
    } cases[] = {
        {"meta-clear-screen.safetensors", "\x1b[2J", "\"\\x1B[2J\""},
        {"meta-forged-line.safetensors", "at\r\nstepformer: all good", "\"at\\r\\nstepformer: all good\""},
        {"meta-invalid-utf8.safetensors", "a\xff\xc3", "\"a\\xFF\\xC3\""},
        {"meta-c1-csi.safetensors", "x\xc2\x9b" "31m", "\"x\\xC2\\x9B31m\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        edit_file e = edit_open();
        set_meta(&e, "decoder", cases[i].value);
        s2s_model m;
        s2s_error err = {{0}};
        assert_int_equal(edit_load(&e, cases[i].name, &m, &err), -1);
        printf("  %-28s -> %s\n", cases[i].name, err.msg);
        assert_printable(err.msg);
        if (!strstr(err.msg, cases[i].want)) fail_msg("\"%s\" does not show the value as %s", err.msg, cases[i].want);
    }
    /* a dtype of 300 two-byte characters: cut after QUOTE_MAX_CHARS of them, between characters */
    char dtype[700] = "";
    for (int i = 0; i < 300; i++) strcat(dtype, "\xc3\xa9"); /* é */
    edit_file e = edit_open();
    cJSON_ReplaceItemInObjectCaseSensitive(tensor_entry(&e, "transformer.encoder.norm.weight"), "dtype",
                                           cJSON_CreateString(dtype));
    s2s_model m;
    s2s_error err = {{0}};
    assert_int_equal(edit_load(&e, "dtype-long.safetensors", &m, &err), -1);
    printf("  %-28s -> %s\n", "dtype-long.safetensors", err.msg);
    assert_printable(err.msg);
    assert_non_null(strstr(err.msg, "\xc3\xa9\xe2\x80\xa6\"")); /* é…" */
    assert_true(strlen(err.msg) < 400);
}

/* Issue 14, defect 5: a PyTorch checkpoint, a pickle or a text file given as a model is named for
 * what it is, with how to write safetensors instead. */
static void test_other_formats_named(void **state) {
    static const struct {
        const char *name, *bytes;
        size_t n;
        const char *want;
    } cases[] = {
        {"torch-save.pt", "PK\x03\x04\x14\x00\x00\x00\x08\x00archive/data.pkl", 26, "a zip archive (a PyTorch checkpoint"},
        {"old-torch-save.pt", "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15, "a Python pickle"},
        {"notes.txt", "this is not a model, it is a note\n", 34, "a text file"},
        {"config.json", "{\"d_model\": 64, \"n_heads\": 4}", 29, "a text file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        write_parts(path, sizeof path, cases[i].name, cases[i].bytes, cases[i].n, NULL, 0);
        expect_reject(path, cases[i].want);
        s2s_error err = {{0}};
        s2s_model m;
        model_load(&m, path, &err);
        if (!strstr(err.msg, "docs/model-format.md")) fail_msg("\"%s\" does not say how to write safetensors", err.msg);
    }
}

static void test_f16_not_supported(void **state) {
    /* F16 with twice the elements: the container is consistent, the model refuses the dtype */
    edit_file e = edit_open();
    cJSON *t = tensor_entry(&e, "transformer.encoder.norm.weight");
    cJSON_ReplaceItemInObjectCaseSensitive(t, "dtype", cJSON_CreateString("F16"));
    cJSON_SetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "shape"), 0), 32);
    edit_reject(&e, "dtype-f16.safetensors", "is \"F16\"; only F32 is supported");
}

static void test_shape_vs_bytes(void **state) {
    edit_file e = edit_open();
    cJSON *t = tensor_entry(&e, "transformer.encoder.norm.weight");
    cJSON_SetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "shape"), 0), 17);
    edit_reject(&e, "shape-vs-bytes.safetensors", "64 bytes of data, but shape and dtype need 68");
}

static void test_shape_negative(void **state) {
    edit_file e = edit_open();
    cJSON *t = tensor_entry(&e, "transformer.encoder.norm.weight");
    cJSON_SetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "shape"), 0), -16);
    edit_reject(&e, "shape-negative.safetensors", "shape entry 0 is not a non-negative integer");
}

static void test_shape_overflow(void **state) {
    /* 2^39 x 2^25 elements: the product wraps to 0 in 64 bits, which would match empty offsets */
    edit_file e = edit_open();
    double shape[2] = {549755813888.0, 33554432.0};
    double end = (double)e.n_data;
    cJSON_AddItemToObject(e.header, "huge.weight", make_entry("F32", shape, 2, end, end));
    edit_reject(&e, "shape-overflow.safetensors", "\"huge.weight\": shape is absurdly large");
}

static void test_shape_vs_metadata(void **state) {
    /* [16, 12] instead of [12, 16]: the same bytes, so only the model check can see it */
    edit_file e = edit_open();
    cJSON *shape = cJSON_GetObjectItemCaseSensitive(tensor_entry(&e, "tgt_embed.weight"), "shape");
    cJSON_SetNumberValue(cJSON_GetArrayItem(shape, 0), 16);
    cJSON_SetNumberValue(cJSON_GetArrayItem(shape, 1), 12);
    edit_reject(&e, "shape-transposed.safetensors", "tgt_embed.weight has shape [16, 12]; the metadata implies [12, 16]");
}

/* ---- data offsets --------------------------------------------------------------------------------- */

static void test_offsets_reversed(void **state) {
    edit_file e = edit_open();
    cJSON *t = tensor_entry(&e, "transformer.encoder.norm.weight");
    set_offsets(t, (double)offset_of(t, 1), (double)offset_of(t, 0));
    edit_reject(&e, "offsets-reversed.safetensors", "data_offsets are not two ordered non-negative integers");
}

static void test_offsets_past_end(void **state) {
    edit_file e = edit_open();
    cJSON *t = last_tensor(&e);
    set_offsets(t, (double)offset_of(t, 0), (double)e.n_data + 4);
    edit_reject(&e, "offsets-past-end.safetensors", "run past the end of the data");
}

static void test_offsets_huge(void **state) {
    /* 1e400 parses to infinity; converting it to an integer before the bounds check would be UB */
    edit_file e = edit_open();
    cJSON *t = last_tensor(&e);
    set_offsets(t, (double)offset_of(t, 0), 987654321.0);
    edit_reject_replacing(&e, "offsets-1e400.safetensors", "987654321", "1e400", "run past the end of the data");
}

static void test_offsets_overlap(void **state) {
    edit_file e = edit_open();
    cJSON *t = last_tensor(&e);
    set_offsets(t, (double)offset_of(t, 0) - 4, (double)offset_of(t, 1) - 4);
    edit_reject(&e, "offsets-overlap.safetensors", "(overlap)");
}

static void test_offsets_gap(void **state) {
    edit_file e = edit_open();
    cJSON *t = last_tensor(&e);
    set_offsets(t, (double)offset_of(t, 0) + 4, (double)offset_of(t, 1) + 4);
    e.n_data += 4;
    edit_reject(&e, "offsets-gap.safetensors", "(gap)");
}

static void test_trailing_bytes(void **state) {
    edit_file e = edit_open();
    e.n_data += 4;
    edit_reject(&e, "trailing.safetensors", "4 trailing bytes after the last tensor");
}

static void test_truncated_data(void **state) {
    /* a file cut short, as by an interrupted copy */
    char path[256];
    write_parts(path, sizeof path, "truncated.safetensors", ref_bytes, ref_size - 100, NULL, 0);
    expect_reject(path, "run past the end of the data");
}

/* ---- the tensors the model needs ------------------------------------------------------------------ */

static void test_duplicate_tensor(void **state) {
    edit_file e = edit_open();
    cJSON_AddItemToObject(e.header, "src_embed.weight", cJSON_Duplicate(tensor_entry(&e, "src_embed.weight"), 1));
    edit_reject(&e, "duplicate-tensor.safetensors", "tensor \"src_embed.weight\" appears twice");
}

static void test_duplicate_metadata(void **state) {
    edit_file e = edit_open();
    cJSON_AddItemToObject(e.header, "__metadata__", cJSON_Duplicate(e.meta, 1));
    edit_reject(&e, "duplicate-metadata.safetensors", "__metadata__ appears twice");
}

static void test_missing_tensor(void **state) {
    edit_file e = edit_open();
    cJSON *t = last_tensor(&e);
    char name[128], want[160];
    snprintf(name, sizeof name, "%s", t->string);
    e.n_data = offset_of(t, 0);
    cJSON_DeleteItemFromObjectCaseSensitive(e.header, name);
    snprintf(want, sizeof want, "tensor %s is missing", name);
    edit_reject(&e, "missing-tensor.safetensors", want);
}

static void test_unexpected_tensor(void **state) {
    edit_file e = edit_open();
    double shape[1] = {1};
    cJSON_AddItemToObject(e.header, "extra.weight", make_entry("F32", shape, 1, (double)e.n_data, (double)e.n_data + 4));
    e.n_data += 4;
    edit_reject(&e, "unexpected-tensor.safetensors", "unexpected tensor \"extra.weight\"");
}

static void test_length_head_in_at(void **state) {
    edit_file e = edit_open();
    double shape[1] = {11};
    cJSON_AddItemToObject(e.header, "length_head.bias",
                          make_entry("F32", shape, 1, (double)e.n_data, (double)e.n_data + 44));
    e.n_data += 44;
    edit_reject(&e, "at-with-length-head.safetensors", "a length head in an \"at\" model");
}

static void test_nat_without_length_head(void **state) {
    edit_file e = edit_open();
    set_meta(&e, "decoder", "nat");
    edit_reject(&e, "nat-no-length-head.safetensors", "tensor length_head.weight is missing");
}

static void write_float(edit_file *e, const char *tensor, int index, float v) {
    memcpy(e->data + offset_of(tensor_entry(e, tensor), 0) + 4 * (size_t)index, &v, 4);
}

static void test_nan_weight(void **state) {
    edit_file e = edit_open();
    write_float(&e, "transformer.decoder.norm.bias", 3, NAN);
    edit_reject(&e, "nan.safetensors", "tensor transformer.decoder.norm.bias holds a NaN value at index 3");
}

static void test_infinite_weight(void **state) {
    edit_file e = edit_open();
    write_float(&e, "generator.weight", 0, -INFINITY);
    edit_reject(&e, "inf.safetensors", "tensor generator.weight holds an infinite value at index 0");
}

/* ---- metadata --------------------------------------------------------------------------------------- */

static void test_no_metadata(void **state) {
    edit_file e = edit_open();
    cJSON_DeleteItemFromObjectCaseSensitive(e.header, "__metadata__");
    edit_reject(&e, "no-metadata.safetensors", "no __metadata__");
}

static void test_metadata_not_string(void **state) {
    edit_file e = edit_open();
    cJSON_ReplaceItemInObjectCaseSensitive(e.meta, "d_model", cJSON_CreateNumber(16));
    edit_reject(&e, "meta-number.safetensors", "__metadata__ entry \"d_model\" is not a string");
}

/* One metadata value changed (NULL: removed) and the message that must name the problem. */
typedef struct meta_case {
    const char *file, *key, *value, *want;
} meta_case;

static const meta_case meta_cases[] = {
    {"other-format", "format", "gpt2", "metadata format is \"gpt2\"; this program reads \"stepformer-seq2seq\""},
    {"version-2", "version", "2", "metadata version is \"2\"; this program reads version 1"},
    {"heads-not-dividing", "n_heads", "3", "n_heads (3) does not divide d_model (16)"},
    {"absurd-d-model", "d_model", "1000000", "d_model is 1000000; it must be between 2 and 4096"},
    {"zero-layers", "n_decoder_layers", "0", "n_decoder_layers is 0; it must be between 1 and 48"},
    {"huge-max-len", "max_len", "99999", "max_len is 99999; it must be between 1 and 512"},
    {"fractional", "d_ff", "32.5", "metadata d_ff is \"32.5\", not a whole number"},
    {"no-d-model", "d_model", NULL, "metadata d_model is missing"},
    {"no-decoder", "decoder", NULL, "metadata decoder is missing"},
    {"bad-decoder", "decoder", "autoregressive", "decoder is \"autoregressive\"; it must be \"at\" or \"nat\""},
    {"gelu", "activation", "gelu", "activation \"gelu\" is not supported"},
    {"pre-ln", "norm", "pre", "norm \"pre\" is not supported"},
    {"no-src-vocab", "src_vocab", NULL, "metadata src_vocab is missing"},
    {"src-vocab-not-json", "src_vocab", "[\"<pad>\", ", "src_vocab: not a JSON list of strings"},
    {"src-vocab-number", "src_vocab", "[\"<pad>\", \"<begin>\", \"<end>\", \"<unk>\", 7]", "src_vocab: entry 4 is not a string"},
    {"tgt-vocab-duplicate", "tgt_vocab",
     "[\"<pad>\", \"<begin>\", \"<end>\", \"<unk>\", \"a\", \"a\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"]",
     "tgt_vocab: symbol \"a\" appears twice"},
    {"word-with-space", "src_vocab", "[\"<pad>\", \"<begin>\", \"<end>\", \"<unk>\", \"ab\", \"c d\"]",
     "src_vocab: word symbol \"c d\" contains a space"},
    {"tgt-vocab-no-specials", "tgt_vocab", "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]", "tgt_vocab: symbol 0 must be <pad>"},
    {"src-vocab-larger", "src_vocab",
     "[\"<pad>\", \"<begin>\", \"<end>\", \"<unk>\", \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]",
     "src_embed.weight has shape [10, 16]; the metadata implies [11, 16]"},
};

static void test_metadata_values(void **state) {
    for (size_t i = 0; i < sizeof meta_cases / sizeof meta_cases[0]; i++) {
        const meta_case *c = &meta_cases[i];
        edit_file e = edit_open();
        set_meta(&e, c->key, c->value);
        char name[96];
        snprintf(name, sizeof name, "%s.safetensors", c->file);
        edit_reject(&e, name, c->want);
    }
}

/* ---- save then load ------------------------------------------------------------------------------- */

static void assert_same_model(const s2s_model *a, const s2s_model *b) {
    assert_memory_equal(&a->cfg, &b->cfg, sizeof a->cfg);
    assert_string_equal(a->task, b->task);
    const s2s_vocab *va[2] = {&a->src, &a->tgt}, *vb[2] = {&b->src, &b->tgt};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(va[k]->n, vb[k]->n);
        assert_int_equal(va[k]->by_char, vb[k]->by_char);
        for (int i = 0; i < va[k]->n; i++) assert_string_equal(va[k]->sym[i], vb[k]->sym[i]);
    }
    assert_int_equal(a->n_params, b->n_params);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof(float));
}

static void round_trip(const char *ref, const char *name) {
    s2s_model m, back;
    s2s_error err = {{0}};
    if (model_load(&m, ref, &err)) fail_msg("%s", err.msg);
    /* values a lossy writer would change: negative zero, the smallest subnormal, the largest float */
    m.params[0] = -0.0f;
    m.params[1] = 1.4e-45f;
    m.params[2] = -FLT_MAX;
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    if (model_save(&m, path, &err)) fail_msg("save: %s", err.msg);
    if (model_load(&back, path, &err)) fail_msg("load again: %s", err.msg);
    assert_same_model(&m, &back);
    printf("  %s: %zu parameters identical bit for bit after save and load\n", name, m.n_params);
    model_free(&back);
    model_free(&m);
}

/* ---- loading in place or by copying -------------------------------------------------------------- */

/* A file laid out as model_save writes it is used in place: params point into the file's private
 * mapping, and writing to them never reaches the file. */
static void test_loads_in_place(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_AT, &err)) fail_msg("%s", err.msg);
    assert_non_null(m.mapped);
    assert_ptr_equal(m.w.src_embed, m.params);
    m.params[0] = 42.0f; /* copy-on-write: one page of the mapping, not the file */
    size_t n;
    unsigned char *now = read_bytes(REF_AT, &n);
    assert_int_equal(n, ref_size);
    assert_memory_equal(now, ref_bytes, n);
    free(now);
    model_free(&m);
}

/* After st_privatize (what model_privatize_start's thread runs), a model loaded in place no longer
 * depends on its file: truncating the file (as a tool rewriting it in place does first) leaves
 * every weight readable and unchanged. Without it, reading them would end with SIGBUS. */
static void test_privatized_survives_truncation(void **state) {
    s2s_model m, ref;
    s2s_error err = {{0}};
    char path[256];
    snprintf(path, sizeof path, "%s/unshare.safetensors", tmp_dir);
    if (model_load(&ref, REF_AT, &err) || model_save(&ref, path, &err)) fail_msg("%s", err.msg);
    if (model_load(&m, path, &err)) fail_msg("%s", err.msg);
    assert_non_null(m.mapped);
    float *before = m.params;
    if (st_privatize(m.mapped, m.mapped_len, &err)) fail_msg("%s", err.msg);
    assert_ptr_equal(m.params, before); /* the copy took the mapping's place: nothing moved */
    assert_int_equal(truncate(path, 0), 0);
    assert_memory_equal(m.params, ref.params, ref.n_params * sizeof(float));
    printf("  %zu parameters intact after the file was truncated\n", m.n_params);
    model_free(&m);
    model_free(&ref);
}

/* The thread of model_privatize_start runs while the model is read, and model_free waits for it
 * (under the sanitizers: no leak, no use after unmap). */
static void test_privatize_thread(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_AT, &err)) fail_msg("%s", err.msg);
    float first = m.params[0], last = m.params[m.n_params - 1];
    model_privatize_start(&m);
    assert_true(m.privatizing);
    for (int k = 0; k < 1000; k++) assert_true(m.params[0] == first && m.params[m.n_params - 1] == last);
    model_free(&m);
}

/* A non-finite weight is refused whichever way the file is loaded: files written by model_save are
 * checked in place (the malformed files above, with unpadded headers, mostly go the copying way). */
static void test_non_finite_in_place(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    char path[256];
    if (model_load(&m, REF_AT, &err)) fail_msg("%s", err.msg);
    m.w.dec_norm_b[3] = NAN;
    snprintf(path, sizeof path, "%s/nan-in-place.safetensors", tmp_dir);
    if (model_save(&m, path, &err)) fail_msg("save: %s", err.msg);
    expect_reject(path, "tensor transformer.decoder.norm.bias holds a NaN value at index 3");
    m.w.dec_norm_b[3] = 0.0f;
    m.w.gen_w[0] = -INFINITY;
    snprintf(path, sizeof path, "%s/inf-in-place.safetensors", tmp_dir);
    if (model_save(&m, path, &err)) fail_msg("save: %s", err.msg);
    expect_reject(path, "tensor generator.weight holds an infinite value at index 0");
    model_free(&m);
}

/* Loads what e describes (its header padded with spaces to pad mod 4 bytes) and checks that it was
 * copied, not used in place, and holds exactly the reference's parameters. */
static void expect_copied_same(edit_file *e, const char *name, size_t pad) {
    char *json = cJSON_PrintUnformatted(e->header);
    assert_non_null(json);
    size_t n = strlen(json);
    char *padded = malloc(n + 4);
    assert_non_null(padded);
    memcpy(padded, json, n);
    while (n % 4 != pad) padded[n++] = ' ';
    padded[n] = '\0';
    char path[256];
    write_model_file(path, sizeof path, name, padded, e->data, e->n_data);
    s2s_model ref, m;
    s2s_error err = {{0}};
    if (model_load(&ref, REF_AT, &err)) fail_msg("%s", err.msg);
    if (model_load(&m, path, &err)) fail_msg("%s", err.msg);
    assert_null(m.mapped);
    assert_same_model(&ref, &m);
    model_free(&m);
    model_free(&ref);
    free(padded);
    free(json);
    cJSON_Delete(e->header);
    free(e->data);
}

static void test_unaligned_data_is_copied(void **state) {
    /* 8 + a header of 4k + 1 bytes: every float starts one byte past a multiple of 4 */
    edit_file e = edit_open();
    expect_copied_same(&e, "unaligned.safetensors", 1);
}

static void test_other_order_is_copied(void **state) {
    /* two tensors of the same size trade places in the data section: a valid file, but its data
     * section is no longer the parameter layout */
    edit_file e = edit_open();
    cJSON *w = tensor_entry(&e, "transformer.encoder.norm.weight"), *b = tensor_entry(&e, "transformer.encoder.norm.bias");
    size_t wb = offset_of(w, 0), we = offset_of(w, 1), bb = offset_of(b, 0), be = offset_of(b, 1);
    assert_int_equal(we - wb, be - bb);
    unsigned char tmp[4096];
    assert_true(we - wb <= sizeof tmp);
    memcpy(tmp, e.data + wb, we - wb);
    memcpy(e.data + wb, e.data + bb, we - wb);
    memcpy(e.data + bb, tmp, we - wb);
    set_offsets(w, (double)bb, (double)be);
    set_offsets(b, (double)wb, (double)we);
    expect_copied_same(&e, "other-order.safetensors", 0);
}

static void test_save_load_round_trip(void **state) {
    round_trip(REF_AT, "round-trip-at.safetensors");
    round_trip(REF_NAT, "round-trip-nat.safetensors");
}

static void test_save_load_word_vocab(void **state) {
    /* a model built here, with a word vocabulary holding non-ASCII symbols and a task name */
    const char *src_syms[] = {"<pad>", "<begin>", "<end>", "<unk>", "naïve", "café", "日本", "\"quoted\""};
    const char *tgt_syms[] = {"<pad>", "<begin>", "<end>", "<unk>", "x", "y", "z"};
    s2s_vocab sv, tv;
    s2s_error err = {{0}};
    assert_int_equal(vocab_init(&sv, src_syms, 8, &err), 0);
    assert_int_equal(vocab_init(&tv, tgt_syms, 7, &err), 0);
    s2s_config c = {.d_model = 8, .n_heads = 4, .d_ff = 12, .n_enc = 1, .n_dec = 3, .max_len = 7, .src_vocab = 8,
                    .tgt_vocab = 7, .decoder = S2S_DECODER_NAT};
    s2s_model m, back;
    if (model_init(&m, &c, &sv, &tv, "word task", &err)) fail_msg("%s", err.msg);
    model_init_random(&m, 1234);
    char path[256];
    snprintf(path, sizeof path, "%s/words.safetensors", tmp_dir);
    if (model_save(&m, path, &err)) fail_msg("save: %s", err.msg);
    if (model_load(&back, path, &err)) fail_msg("load: %s", err.msg);
    assert_same_model(&m, &back);
    assert_int_equal(back.src.by_char, 0);
    model_free(&back);
    model_free(&m);
    vocab_free(&sv);
    vocab_free(&tv);
}

static void test_save_unwritable(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_AT, &err)) fail_msg("%s", err.msg);
    char path[512], plain[256], folder[256];
    struct stat st;

    snprintf(path, sizeof path, "%s/no-such-folder/m.safetensors", tmp_dir);
    assert_int_equal(model_save(&m, path, &err), -1);
    printf("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "does not exist"));
    assert_int_not_equal(stat(path, &st), 0);

    /* a path that goes through a regular file as if it were a folder */
    write_parts(plain, sizeof plain, "plain-file", "x", 1, NULL, 0);
    snprintf(path, sizeof path, "%s/m.safetensors", plain);
    assert_int_equal(model_save(&m, path, &err), -1);
    printf("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "is not a folder"));

    /* the destination itself is a folder */
    snprintf(folder, sizeof folder, "%s/dest-folder", tmp_dir);
    assert_int_equal(mkdir(folder, 0755), 0);
    assert_int_equal(model_save(&m, folder, &err), -1);
    printf("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "it is a folder"));

    assert_int_equal(count_tmp_files(tmp_dir), 0);
    model_free(&m);
}

static void test_save_replaces_atomically(void **state) {
    s2s_model m, back;
    s2s_error err = {{0}};
    if (model_load(&m, REF_AT, &err)) fail_msg("%s", err.msg);
    char path[256];
    write_parts(path, sizeof path, "replaced.safetensors", "old contents", 12, NULL, 0);
    /* A reader that opened the old file keeps seeing the old bytes: the new file is renamed over
     * the name, never written into the old file, so a reader never sees half a model. */
    int old_fd = open(path, O_RDONLY);
    assert_true(old_fd >= 0);
    if (model_save(&m, path, &err)) fail_msg("save: %s", err.msg);
    char buf[16] = {0};
    assert_int_equal(read(old_fd, buf, sizeof buf), 12);
    assert_memory_equal(buf, "old contents", 12);
    close(old_fd);
    if (model_load(&back, path, &err)) fail_msg("load: %s", err.msg);
    assert_same_model(&m, &back);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(count_tmp_files(tmp_dir), 0);
    model_free(&back);
    model_free(&m);
}

/* ---- setup ------------------------------------------------------------------------------------------ */

static int setup(void **state) {
    const char *base = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/stepformer-test-XXXXXX", base && *base && strlen(base) < 30 ? base : "/tmp");
    if (!mkdtemp(tmp_dir)) return -1;
    ref_bytes = read_bytes(REF_AT, &ref_size);
    return 0;
}

static int teardown(void **state) {
    free(ref_bytes);
    return nftw(tmp_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_loads),
        cmocka_unit_test(test_missing_path_and_folder),
        cmocka_unit_test(test_too_short),
        cmocka_unit_test(test_header_length),
        cmocka_unit_test(test_header_not_json),
        cmocka_unit_test(test_header_trailing_garbage),
        cmocka_unit_test(test_header_not_object),
        cmocka_unit_test(test_entry_not_object),
        cmocka_unit_test(test_unknown_dtype),
        cmocka_unit_test(test_f16_not_supported),
        cmocka_unit_test(test_nul_in_header_string),
        cmocka_unit_test(test_file_bytes_escaped_in_messages),
        cmocka_unit_test(test_other_formats_named),
        cmocka_unit_test(test_shape_vs_bytes),
        cmocka_unit_test(test_shape_negative),
        cmocka_unit_test(test_shape_overflow),
        cmocka_unit_test(test_shape_vs_metadata),
        cmocka_unit_test(test_offsets_reversed),
        cmocka_unit_test(test_offsets_past_end),
        cmocka_unit_test(test_offsets_huge),
        cmocka_unit_test(test_offsets_overlap),
        cmocka_unit_test(test_offsets_gap),
        cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_truncated_data),
        cmocka_unit_test(test_duplicate_tensor),
        cmocka_unit_test(test_duplicate_metadata),
        cmocka_unit_test(test_missing_tensor),
        cmocka_unit_test(test_unexpected_tensor),
        cmocka_unit_test(test_length_head_in_at),
        cmocka_unit_test(test_nat_without_length_head),
        cmocka_unit_test(test_nan_weight),
        cmocka_unit_test(test_infinite_weight),
        cmocka_unit_test(test_no_metadata),
        cmocka_unit_test(test_metadata_not_string),
        cmocka_unit_test(test_metadata_values),
        cmocka_unit_test(test_loads_in_place),
        cmocka_unit_test(test_non_finite_in_place),
        cmocka_unit_test(test_privatized_survives_truncation),
        cmocka_unit_test(test_privatize_thread),
        cmocka_unit_test(test_unaligned_data_is_copied),
        cmocka_unit_test(test_other_order_is_copied),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_save_load_word_vocab),
        cmocka_unit_test(test_save_unwritable),
        cmocka_unit_test(test_save_replaces_atomically),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
