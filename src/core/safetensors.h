/* safetensors.h: the safetensors container (an 8-byte little-endian header length, a JSON header,
 * then the tensors' bytes), read and written with every structural check done before any byte is
 * trusted. What the tensors mean is model_io.c's business. */
#ifndef S2S_SAFETENSORS_H
#define S2S_SAFETENSORS_H

#include <stddef.h>
#include "core/error.h"

#define ST_MAX_DIMS 8
#define ST_MAX_HEADER (64u << 20) /* a header larger than 64 MiB is refused as corrupt */

typedef struct st_tensor {
    char *name;
    char dtype[8];               /* "F32", "F16", ... */
    int ndim;
    long long shape[ST_MAX_DIMS];
    size_t begin, end;           /* byte offsets into the data section */
} st_tensor;

typedef struct st_file {
    unsigned char *bytes;        /* (size) the whole file */
    size_t size;
    size_t data_start;           /* 8 + header length */
    st_tensor *tensors;          /* (n) */
    int n;
    char **meta_keys, **meta_vals; /* (n_meta) __metadata__, strings only */
    int n_meta;
    int owns_bytes;              /* 1: bytes is st_read's mapping, unmapped by st_free; 0: the caller's */
} st_file;

/* Reads and checks the container: header length within the file, the header valid JSON with an
 * object per tensor (dtype, shape, data_offsets), byte counts matching shape and dtype, offsets in
 * bounds, contiguous from 0 with no gap or overlap, no trailing bytes, no duplicate names,
 * __metadata__ an object of strings. */
int st_read(st_file *f, const char *path, s2s_error *err);
/* The same checks on size bytes already in memory (a model embedded in a program, a fuzzer's
 * input). f borrows them: they must outlive f, and st_free leaves them alone. Messages name no
 * file. */
int st_read_memory(st_file *f, const void *bytes, size_t size, s2s_error *err);
void st_free(st_file *f); /* accepts NULL */

const st_tensor *st_find(const st_file *f, const char *name);
const char *st_meta(const st_file *f, const char *key);       /* NULL when absent */
const void *st_tensor_bytes(const st_file *f, const st_tensor *t);
/* Hands the file's mapping (f->bytes, *len bytes; private and writable, see safetensors.c) to the
 * caller, who releases it with st_unmap; st_free then leaves it alone. st_read's files only. */
void *st_take_mapping(st_file *f, size_t *len);
void st_unmap(void *bytes, size_t len); /* accepts NULL */
/* Replaces such a mapping, at the same address, by a copy in memory of the process's own (copy,
 * then mremap over it), so that the file being rewritten in place, even truncated, no longer
 * reaches it. (Making the private mapping's pages copies is not enough: truncating a file takes
 * even copied pages past its new end out of every mapping.) Other threads may read the mapping
 * meanwhile; nothing may write to it. 0, or -1 with err set (the mapping then stays as it was). */
int st_privatize(void *bytes, size_t len, s2s_error *err);

typedef struct st_write_tensor {
    const char *name;
    const float *data;           /* F32 only: it is all this program writes */
    int ndim;
    int shape[2];
} st_write_tensor;

/* Writes n tensors (in the given order, contiguous) and the metadata pairs meta[2k] = key,
 * meta[2k+1] = value, atomically: a temporary file in the same folder, flushed, then renamed over
 * path. On failure nothing is left behind. */
int st_write(const char *path, const st_write_tensor *t, int n, const char *const *meta, int n_meta,
             s2s_error *err);

#endif
