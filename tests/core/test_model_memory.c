/* test_model_memory.c: model_load_memory (a model file's bytes already in memory, as a fuzzer or
 * an embedding program has them) gives the same model as model_load gives from the file, owns its
 * parameters (the caller may free the bytes at once), and refuses a broken buffer with the
 * message model_load gives for the same bytes, minus the file name. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <unistd.h>

#include "core/decode.h"
#include "core/model.h"

#define REF_AT REF_DIR "/tiny-at.safetensors"

static unsigned char *read_all(const char *path, size_t *size) {
    char *s = read_text_file(path); /* NUL-terminated copy; the model's bytes are the first size */
    if (!s) fail_msg("cannot read %s", path);
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    *size = (size_t)ftell(fp);
    fclose(fp);
    return (unsigned char *)s;
}

static void test_same_model_as_the_file(void **state) {
    s2s_model from_file, from_memory;
    s2s_error err;
    size_t size;
    unsigned char *bytes = read_all(REF_AT, &size);
    if (model_load(&from_file, REF_AT, &err)) fail_msg("%s", err.msg);
    if (model_load_memory(&from_memory, bytes, size, &err)) fail_msg("%s", err.msg);
    /* the parameters are a copy: not inside the caller's buffer, which may go at once */
    const unsigned char *p = (const unsigned char *)from_memory.params;
    assert_true(p + 1 <= bytes || p >= bytes + size);
    assert_null(from_memory.mapped);
    memset(bytes, 0, size);
    free(bytes);

    assert_memory_equal(&from_file.cfg, &from_memory.cfg, sizeof from_file.cfg);
    size_t total;
    params_layout(&from_file.cfg, NULL, NULL, NULL, 0, &total);
    assert_memory_equal(from_file.params, from_memory.params, total * sizeof(float));
    assert_int_equal(from_file.src.n, from_memory.src.n);
    for (int i = 0; i < from_file.src.n; i++) assert_string_equal(from_file.src.sym[i], from_memory.src.sym[i]);
    assert_string_equal(from_file.task, from_memory.task);

    /* and it decodes the same */
    int src[3] = {4, 5, 6};
    s2s_decode_opts o = decode_opts_default();
    static s2s_decode_result a, b;
    if (decode_run(&from_file, src, 3, &o, NULL, &a, &err) || decode_run(&from_memory, src, 3, &o, NULL, &b, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(a.n_out, b.n_out);
    assert_memory_equal(a.out, b.out, sizeof(int) * (size_t)a.n_out);
    model_free(&from_file);
    model_free(&from_memory);
}

/* Cut before the end of its data, the model is refused the same way from memory as from the file. */
static void test_broken_buffer_same_message(void **state) {
    size_t size;
    unsigned char *bytes = read_all(REF_AT, &size);
    char path[] = "/tmp/stepformer-test-memory-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t cut = size - 100;
    assert_int_equal(write(fd, bytes, cut), (ssize_t)cut);
    close(fd);
    s2s_model m;
    memset(&m, 0xAB, sizeof m);
    s2s_error from_file, from_memory;
    assert_int_equal(model_load(&m, path, &from_file), -1);
    memset(&m, 0xAB, sizeof m);
    assert_int_equal(model_load_memory(&m, bytes, cut, &from_memory), -1);
    unlink(path);
    printf("  file:   %s\n  memory: %s\n", from_file.msg, from_memory.msg);
    char want[600];
    snprintf(want, sizeof want, "%s: %s", path, from_memory.msg);
    assert_string_equal(from_file.msg, want);
    assert_null(m.params); /* zeroed, as model_load leaves it */
    assert_int_equal(m.src.n, 0);
    /* shorter than the length field itself */
    assert_int_equal(model_load_memory(&m, bytes, 3, &from_memory), -1);
    assert_non_null(strstr(from_memory.msg, "too short"));
    free(bytes);
}

/* A header alone that claims the largest sizes the bounds allow (22.5 billion parameters) is refused
 * for what it lacks, from the header, before anything that size is allocated (it used to ask for
 * 90 GB, then fail "out of memory for 22554947589 parameters"; ASan aborts on such a request).
 * fuzz_model_memory's regression: tests/fuzz/model/crash-huge-metadata. */
static void test_sizes_beyond_the_file(void **state) {
    static const char header[] =
        "{\"__metadata__\":{\"decoder\":\"at\",\"d_model\":\"4096\",\"n_heads\":\"64\",\"d_ff\":\"16384\","
        "\"n_encoder_layers\":\"48\",\"n_decoder_layers\":\"48\",\"max_len\":\"512\","
        "\"src_vocab\":\"[\\\"<pad>\\\",\\\"<begin>\\\",\\\"<end>\\\",\\\"<unk>\\\",\\\"a\\\"]\","
        "\"tgt_vocab\":\"[\\\"<pad>\\\",\\\"<begin>\\\",\\\"<end>\\\",\\\"<unk>\\\",\\\"a\\\"]\"}}";
    unsigned char bytes[8 + sizeof header];
    size_t hlen = sizeof header - 1;
    for (int i = 0; i < 8; i++) bytes[i] = (unsigned char)((uint64_t)hlen >> (8 * i));
    memcpy(bytes + 8, header, hlen);
    s2s_model m;
    s2s_error err;
    assert_int_equal(model_load_memory(&m, bytes, 8 + hlen, &err), -1);
    printf("  %s\n", err.msg);
    assert_string_equal(err.msg, "tensor src_embed.weight is missing");
    assert_null(m.params);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_model_as_the_file),
        cmocka_unit_test(test_broken_buffer_same_message),
        cmocka_unit_test(test_sizes_beyond_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
