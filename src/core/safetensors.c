/* safetensors.c: reading and writing the safetensors container, see safetensors.h.
 * Nothing from the file is used before it has been checked against the file's real size. */
#define _POSIX_C_SOURCE 200809L
#define _GNU_SOURCE /* mremap */
#include "core/safetensors.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/atomic_file.h"
#include "core/quote.h"
#include "core/util.h"

static int dtype_size(const char *dtype) {
    static const struct { const char *name; int size; } table[] = {
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
        {"I8", 1},  {"U8", 1},  {"BOOL", 1}, {"U16", 2}, {"U32", 4}, {"U64", 8},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(dtype, table[i].name) == 0) return table[i].size;
    return 0;
}

/* Maps the whole file: a 170 MB paper-size model is then read straight from the page cache, and
 * model_io.c can use the mapping as the parameters themselves (st_take_mapping) instead of copying.
 * Private and writable: writes to the parameters (training, tests) copy the page they touch and
 * never reach the file. */
static int map_file(const char *path, unsigned char **out, size_t *size, s2s_error *err) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return s2s_fail(err, "cannot open %s: %s", path, strerror(errno));
    /* open succeeds on a folder: only a regular file has a size worth mapping */
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return s2s_fail(err, "cannot read %s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return s2s_fail(err, "cannot read %s: %s", quote_text(path).s, S_ISDIR(st.st_mode) ? "it is a folder" : "not a regular file");
    }
    *out = NULL;
    *size = (size_t)st.st_size;
    if (st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            close(fd);
            return s2s_fail(err, "cannot read %s: %s", path, strerror(e));
        }
        *out = p;
    }
    close(fd); /* the mapping stays valid */
    return 0;
}

/* ---- what a file is when it is not safetensors ------------------------------------------------ */

/* Files people give as a model by mistake, by their first bytes. */
static const struct {
    const char *magic;
    size_t len;
    const char *what;
} not_safetensors[] = {
    {"PK\x03\x04", 4, "a zip archive (a PyTorch checkpoint from torch.save is one)"},
    {"PK\x05\x06", 4, "an empty zip archive"},
    {"\x80\x02", 2, "a Python pickle (an old PyTorch checkpoint from torch.save)"},
    {"\x80\x03", 2, "a Python pickle (an old PyTorch checkpoint from torch.save)"},
    {"\x80\x04", 2, "a Python pickle"},
    {"\x80\x05", 2, "a Python pickle"},
    {"\x93NUMPY", 6, "a NumPy array (.npy)"},
    {"\x89HDF\r\n\x1a\n", 8, "an HDF5 file (a Keras model)"},
    {"\x1f\x8b", 2, "a gzip file"},
    {"GGUF", 4, "a GGUF file (llama.cpp)"},
};

#define HOW_TO_SAVE                                                                                 \
    "; save the model as safetensors instead (the save() function in docs/model-format.md, or "      \
    "safetensors.torch.save_file(model.state_dict(), path) with the metadata that page lists)"

/* Text: the first bytes are printable ASCII, UTF-8 or white space. A safetensors file starts with
 * an 8-byte length whose high bytes are zero, which no text has. */
static int looks_like_text(const unsigned char *b, size_t n) {
    if (n > 512) n = 512;
    for (size_t i = 0; i < n; i++)
        if (b[i] == 0 || (b[i] < 0x20 && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') || b[i] == 0x7F) return 0;
    return 1;
}

/* When the file is recognisably something else, says what it is and how to write safetensors. */
static int refuse_other_format(const unsigned char *b, size_t n, s2s_error *err) {
    for (size_t i = 0; i < ARRAY_LEN(not_safetensors); i++)
        if (n >= not_safetensors[i].len && memcmp(b, not_safetensors[i].magic, not_safetensors[i].len) == 0)
            return s2s_fail(err, "this is %s, not a safetensors file" HOW_TO_SAVE, not_safetensors[i].what);
    if (n >= 8 && looks_like_text(b, n))
        return s2s_fail(err, "this is a text file, not a safetensors file" HOW_TO_SAVE);
    return 0;
}

/* The offset of a "\u0000" escape inside a JSON string of the header, or -1. C strings end at a NUL,
 * so "F32\u0000junk" would read as "F32" and a name "a\u0000b" as "a": such a header is refused. */
static long nul_escape_at(const char *json, size_t len) {
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        if (json[i] == '"') in_string = !in_string;
        else if (in_string && json[i] == '\\') {
            if (i + 5 < len && json[i + 1] == 'u' && memcmp(json + i + 2, "0000", 4) == 0) return (long)i;
            i++; /* the escaped character, whatever it is, does not end the string */
        }
    }
    return -1;
}

static int cmp_begin(const void *a, const void *b) {
    const st_tensor *x = *(const st_tensor *const *)a, *y = *(const st_tensor *const *)b;
    return x->begin < y->begin ? -1 : x->begin > y->begin ? 1 : 0;
}

/* Parses one tensor entry; `data_len` is the size of the data section. */
static int parse_tensor(st_tensor *t, const cJSON *item, size_t data_len, s2s_error *err) {
    quoted qname = quote_text(item->string); /* the name as messages show it */
    const char *name = qname.s;
    if (!cJSON_IsObject(item)) return s2s_fail(err, "tensor %s: its header entry is not an object", name);
    const cJSON *dtype = cJSON_GetObjectItemCaseSensitive(item, "dtype");
    const cJSON *shape = cJSON_GetObjectItemCaseSensitive(item, "shape");
    const cJSON *offs = cJSON_GetObjectItemCaseSensitive(item, "data_offsets");
    if (!cJSON_IsString(dtype)) return s2s_fail(err, "tensor %s: no dtype", name);
    int esize = dtype_size(dtype->valuestring);
    if (!esize) return s2s_fail(err, "tensor %s: unknown dtype %s", name, quote_text(dtype->valuestring).s);
    snprintf(t->dtype, sizeof t->dtype, "%s", dtype->valuestring);
    if (!cJSON_IsArray(shape)) return s2s_fail(err, "tensor %s: no shape", name);
    t->ndim = cJSON_GetArraySize(shape);
    if (t->ndim > ST_MAX_DIMS) return s2s_fail(err, "tensor %s: %d dimensions is too many", name, t->ndim);
    unsigned long long numel = 1;
    for (int d = 0; d < t->ndim; d++) {
        const cJSON *v = cJSON_GetArrayItem(shape, d);
        if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e12 ||
            v->valuedouble != (double)(long long)v->valuedouble)
            return s2s_fail(err, "tensor %s: shape entry %d is not a non-negative integer", name, d);
        t->shape[d] = (long long)v->valuedouble;
        /* checked before multiplying: the product of a few large entries wraps to a small number */
        if (t->shape[d] > 0 && numel > (1ull << 40) / (unsigned long long)t->shape[d])
            return s2s_fail(err, "tensor %s: shape is absurdly large", name);
        numel *= (unsigned long long)t->shape[d];
    }
    if (!cJSON_IsArray(offs) || cJSON_GetArraySize(offs) != 2)
        return s2s_fail(err, "tensor %s: data_offsets is not a pair", name);
    double b = cJSON_GetArrayItem(offs, 0)->valuedouble, e = cJSON_GetArrayItem(offs, 1)->valuedouble;
    if (!cJSON_IsNumber(cJSON_GetArrayItem(offs, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(offs, 1)) || b < 0 || e < b)
        return s2s_fail(err, "tensor %s: data_offsets are not two ordered non-negative integers", name);
    /* bounds first: converting a double beyond long long's range (1e300, or the inf that 1e400
     * parses to) to an integer is undefined behaviour */
    if (e > (double)data_len)
        return s2s_fail(err, "tensor %s: data_offsets [%.0f, %.0f] run past the end of the data (%zu bytes)", name,
                        b, e, data_len);
    if (b != (double)(long long)b || e != (double)(long long)e)
        return s2s_fail(err, "tensor %s: data_offsets are not two ordered non-negative integers", name);
    t->begin = (size_t)b;
    t->end = (size_t)e;
    if ((unsigned long long)(t->end - t->begin) != numel * (unsigned long long)esize)
        return s2s_fail(err, "tensor %s: %zu bytes of data, but shape and dtype need %llu", name, t->end - t->begin,
                        numel * (unsigned long long)esize);
    return 0;
}

static int parse_metadata(st_file *f, const cJSON *meta, s2s_error *err) {
    if (!cJSON_IsObject(meta)) return s2s_fail(err, "__metadata__ is not an object");
    int n = cJSON_GetArraySize(meta);
    f->meta_keys = calloc((size_t)n + 1, sizeof(char *));
    f->meta_vals = calloc((size_t)n + 1, sizeof(char *));
    if (!f->meta_keys || !f->meta_vals) return s2s_fail(err, "out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, meta) {
        if (!cJSON_IsString(it)) return s2s_fail(err, "__metadata__ entry %s is not a string", quote_text(it->string).s);
        f->meta_keys[f->n_meta] = strdup(it->string);
        f->meta_vals[f->n_meta] = strdup(it->valuestring);
        f->n_meta++;
        if (!f->meta_keys[f->n_meta - 1] || !f->meta_vals[f->n_meta - 1]) return s2s_fail(err, "out of memory");
    }
    return 0;
}

static int parse_header(st_file *f, const char *json, size_t len, s2s_error *err) {
    long nul = nul_escape_at(json, len);
    if (nul >= 0) return s2s_fail(err, "header holds a NUL character (\\u0000) in a string at offset %ld", nul);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) return s2s_fail(err, "header is not valid JSON");
    /* cJSON stops after the first value; anything but padding spaces after it is corruption */
    for (const char *p = end; p < json + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            cJSON_Delete(root);
            return s2s_fail(err, "header is not valid JSON: bytes after the JSON object at offset %zu", (size_t)(p - json));
        }
    int rc = -1;
    if (!cJSON_IsObject(root)) {
        s2s_fail(err, "header is not a JSON object");
        goto done;
    }
    size_t data_len = f->size - f->data_start;
    int n = cJSON_GetArraySize(root);
    f->tensors = calloc((size_t)n + 1, sizeof(st_tensor));
    if (!f->tensors) {
        s2s_fail(err, "out of memory");
        goto done;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, root) {
        if (strcmp(it->string, "__metadata__") == 0) {
            if (f->meta_keys) {
                s2s_fail(err, "__metadata__ appears twice");
                goto done;
            }
            if (parse_metadata(f, it, err)) goto done;
            continue;
        }
        if (st_find(f, it->string)) {
            s2s_fail(err, "tensor %s appears twice", quote_text(it->string).s);
            goto done;
        }
        st_tensor *t = &f->tensors[f->n];
        if (parse_tensor(t, it, data_len, err)) goto done;
        t->name = strdup(it->string);
        if (!t->name) {
            s2s_fail(err, "out of memory");
            goto done;
        }
        f->n++;
    }
    /* Contiguity: sorted by offset, the tensors must tile the data section exactly. */
    st_tensor **order = malloc(sizeof(st_tensor *) * ((size_t)f->n + 1));
    if (!order) {
        s2s_fail(err, "out of memory");
        goto done;
    }
    for (int i = 0; i < f->n; i++) order[i] = &f->tensors[i];
    qsort(order, (size_t)f->n, sizeof *order, cmp_begin);
    size_t at = 0;
    for (int i = 0; i < f->n; i++) {
        if (order[i]->begin != at) {
            s2s_fail(err, "tensor %s: data_offsets start at %zu, but the previous tensor ends at %zu (%s)",
                     quote_text(order[i]->name).s, order[i]->begin, at, order[i]->begin < at ? "overlap" : "gap");
            free(order);
            goto done;
        }
        at = order[i]->end;
    }
    free(order);
    if (at != data_len) {
        s2s_fail(err, "%zu trailing bytes after the last tensor", data_len - at);
        goto done;
    }
    rc = 0;
done:
    cJSON_Delete(root);
    return rc;
}

/* Checks and parses the container in f->bytes (f->size bytes): the part st_read and st_read_memory
 * share. Messages do not name the file; st_read prefixes its path. */
static int st_parse(st_file *f, s2s_error *err) {
    size_t size = f->size;
    if (refuse_other_format(f->bytes, size, err)) return -1;
    if (size < 8) return s2s_fail(err, "too short to be a safetensors file (%zu bytes)", size);
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = (hlen << 8) | f->bytes[i]; /* little-endian */
    if (hlen > size - 8)
        return s2s_fail(err, "header length %llu is larger than the %zu bytes that follow it", (unsigned long long)hlen,
                        size - 8);
    if (hlen > ST_MAX_HEADER)
        return s2s_fail(err, "header length %llu is over the limit of %u bytes", (unsigned long long)hlen, ST_MAX_HEADER);
    f->data_start = 8 + (size_t)hlen;
    return parse_header(f, (const char *)f->bytes + 8, (size_t)hlen, err);
}

int st_read(st_file *f, const char *path, s2s_error *err) {
    memset(f, 0, sizeof *f);
    if (map_file(path, &f->bytes, &f->size, err)) return -1;
    f->owns_bytes = 1;
    if (st_parse(f, err)) {
        st_free(f);
        return s2s_fail_prefix(err, "%s: ", path);
    }
    return 0;
}

int st_read_memory(st_file *f, const void *bytes, size_t size, s2s_error *err) {
    memset(f, 0, sizeof *f);
    f->bytes = (unsigned char *)bytes; /* only read: the tensors' bytes are the caller's */
    f->size = size;
    if (st_parse(f, err)) {
        st_free(f);
        return -1;
    }
    return 0;
}

void st_free(st_file *f) {
    if (!f) return;
    for (int i = 0; i < f->n; i++) free(f->tensors[i].name);
    for (int i = 0; i < f->n_meta; i++) {
        free(f->meta_keys[i]);
        free(f->meta_vals[i]);
    }
    free(f->tensors);
    free(f->meta_keys);
    free(f->meta_vals);
    if (f->bytes && f->owns_bytes) munmap(f->bytes, f->size);
    memset(f, 0, sizeof *f);
}

const st_tensor *st_find(const st_file *f, const char *name) {
    for (int i = 0; i < f->n; i++)
        if (f->tensors[i].name && strcmp(f->tensors[i].name, name) == 0) return &f->tensors[i];
    return NULL;
}

const char *st_meta(const st_file *f, const char *key) {
    for (int i = 0; i < f->n_meta; i++)
        if (strcmp(f->meta_keys[i], key) == 0) return f->meta_vals[i];
    return NULL;
}

const void *st_tensor_bytes(const st_file *f, const st_tensor *t) { return f->bytes + f->data_start + t->begin; }

void *st_take_mapping(st_file *f, size_t *len) {
    void *p = f->bytes;
    *len = f->size;
    f->bytes = NULL; /* st_free no longer unmaps it */
    return p;
}

void st_unmap(void *bytes, size_t len) {
    if (bytes) munmap(bytes, len);
}

int st_privatize(void *bytes, size_t len, s2s_error *err) {
    if (!bytes) return 0;
    void *copy = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (copy == MAP_FAILED) return s2s_fail(err, "no memory to copy the model (%zu bytes): %s", len, strerror(errno));
    memcpy(copy, bytes, len);
    /* moves the copy's pages to bytes, unmapping the file there in the same step: a thread reading
     * the weights meanwhile finds either page, never a hole */
    if (mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, bytes) == MAP_FAILED) {
        int e = errno;
        munmap(copy, len);
        return s2s_fail(err, "cannot put the model's copy in place: %s", strerror(e));
    }
    return 0;
}

/* ---- writing ----------------------------------------------------------------------------------- */

int st_write(const char *path, const st_write_tensor *t, int n, const char *const *meta, int n_meta,
             s2s_error *err) {
    cJSON *root = cJSON_CreateObject();
    cJSON *md = cJSON_AddObjectToObject(root, "__metadata__");
    for (int i = 0; i < n_meta; i++) cJSON_AddStringToObject(md, meta[2 * i], meta[2 * i + 1]);
    size_t off = 0;
    for (int i = 0; i < n; i++) {
        cJSON *e = cJSON_AddObjectToObject(root, t[i].name);
        cJSON_AddStringToObject(e, "dtype", "F32");
        cJSON *shape = cJSON_AddArrayToObject(e, "shape");
        size_t numel = 1;
        for (int d = 0; d < t[i].ndim; d++) {
            cJSON_AddItemToArray(shape, cJSON_CreateNumber(t[i].shape[d]));
            numel *= (size_t)t[i].shape[d];
        }
        cJSON *offs = cJSON_AddArrayToObject(e, "data_offsets");
        cJSON_AddItemToArray(offs, cJSON_CreateNumber((double)off));
        cJSON_AddItemToArray(offs, cJSON_CreateNumber((double)(off + numel * 4)));
        off += numel * 4;
    }
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!json) return s2s_fail(err, "cannot write %s: out of memory", path);
    size_t hlen = strlen(json);
    size_t padded = (hlen + 7) / 8 * 8; /* pad with spaces so the data is 8-byte aligned */
    atomic_file af;
    if (atomic_begin(&af, path, err)) {
        free(json);
        return -1;
    }
    unsigned char len8[8];
    for (int i = 0; i < 8; i++) len8[i] = (unsigned char)((uint64_t)padded >> (8 * i));
    int ok = fwrite(len8, 1, 8, af.fp) == 8 && fwrite(json, 1, hlen, af.fp) == hlen;
    for (size_t i = hlen; ok && i < padded; i++) ok = fputc(' ', af.fp) != EOF;
    free(json);
    for (int i = 0; ok && i < n; i++) {
        size_t numel = 1;
        for (int d = 0; d < t[i].ndim; d++) numel *= (size_t)t[i].shape[d];
        ok = fwrite(t[i].data, sizeof(float), numel, af.fp) == numel; /* little-endian hosts only */
    }
    if (!ok) {
        int e = errno;
        atomic_abort(&af);
        return s2s_fail(err, "cannot write %s: %s", path, strerror(e));
    }
    return atomic_commit(&af, err);
}
