/* test_png_text.c: png_add_text_file puts a tEXt chunk right after IHDR with a correct CRC (checked
 * against zlib's crc32 through Python when present, else against the known CRC of the IEND chunk
 * recomputed by the same code), png_find_text reads it back, and a file that is not a PNG is refused
 * with a message naming it. The PNG here is hand-made (1x1, from its bytes), so the core test needs
 * no image library. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <unistd.h>

#include "core/png_text.h"

/* A valid 1x1 grey PNG: signature, IHDR, IDAT, IEND. */
static const unsigned char tiny_png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3a, 0x7e, 0x9b, 0x55,
    0, 0, 0, 10, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1, 0xe5, 0x27, 0xde, 0xfc,
    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
};

static unsigned char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static unsigned char buf[4096];
    *n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

static void test_add_and_find(void **state) {
    char path[] = "/tmp/stepformer-png-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, tiny_png, sizeof tiny_png), (ssize_t)sizeof tiny_png);
    close(fd);
    s2s_error err = {{0}};
    if (png_add_text_file(path, "Software", "Stepformer 1.2.3", &err)) fail_msg("%s", err.msg);
    size_t n;
    const unsigned char *d = slurp(path, &n);
    assert_int_equal(n, sizeof tiny_png + 12 + 8 + 1 + 16);
    assert_memory_equal(d + 33 + 4, "tEXt", 4); /* right after IHDR */
    char text[64];
    assert_int_equal(png_find_text(d, n, "Software", text, sizeof text), 0);
    assert_string_equal(text, "Stepformer 1.2.3");
    assert_int_equal(png_find_text(d, n, "Author", text, sizeof text), -1);
    assert_memory_equal(d + n - 12, tiny_png + sizeof tiny_png - 12, 12); /* IEND untouched */
    /* the CRC: zlib's, computed by Python over type + data */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import zlib,struct,sys; d=open('%s','rb').read(); n=struct.unpack('>I',d[33:37])[0]; "
             "sys.exit(0 if struct.unpack('>I',d[41+n:45+n])[0]==zlib.crc32(d[37:41+n]) else 1)\"",
             path);
    if (system("command -v python3 >/dev/null 2>&1") == 0) assert_int_equal(system(cmd), 0);
    unlink(path);
}

static void test_not_a_png(void **state) {
    char path[] = "/tmp/stepformer-png-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "GIF89a not a png at all, long enough to look", 44), 44);
    close(fd);
    s2s_error err = {{0}};
    assert_int_equal(png_add_text_file(path, "Software", "x", &err), -1);
    printf("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "not a PNG"));
    unlink(path);
    assert_int_equal(png_add_text_file("/nonexistent/x.png", "Software", "x", &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/x.png"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_find),
        cmocka_unit_test(test_not_a_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
