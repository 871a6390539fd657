/* test_atomic_file.c: core/atomic_file.h. A file is replaced whole, with no temporary left beside
 * it; atomic_write syncs it to the disk and atomic_write_unsynced (the window's per-frame test logs)
 * does not. fsync is counted by defining it here: the program's own definition comes before libc's. */
#define _GNU_SOURCE /* syscall */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/atomic_file.h"

static int fsyncs; /* calls of fsync since the test began */

int fsync(int fd) {
    fsyncs++;
    return (int)syscall(SYS_fsync, fd);
}

/* A fresh folder under /tmp; its path in dir. */
static void make_dir(char *dir, size_t cap) {
    snprintf(dir, cap, "/tmp/test_atomic_file.XXXXXX");
    assert_non_null(mkdtemp(dir));
}

/* The number of entries in dir other than . and .. */
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void read_back(const char *path, const char *want) {
    char got[64] = "";
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    got[n] = '\0';
    assert_string_equal(got, want);
}

static void test_synced_and_unsynced(void **state) {
    (void)state;
    char dir[64], path[96];
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/log.txt", dir);
    s2s_error err;
    fsyncs = 0;
    assert_int_equal(atomic_write(path, "first, longer text", 18, &err), 0);
    assert_int_equal(fsyncs, 1); /* a model, an export, the preferences: on the disk before the rename */
    read_back(path, "first, longer text");
    for (int i = 0; i < 3; i++) assert_int_equal(atomic_write_unsynced(path, "second", 6, &err), 0);
    assert_int_equal(fsyncs, 1); /* a frame's log: none */
    read_back(path, "second"); /* replaced whole, not written over the longer text */
    assert_int_equal(entries(dir), 1); /* no temporary left */
    unlink(path);
    rmdir(dir);
}

static void test_unsynced_missing_folder(void **state) {
    (void)state;
    s2s_error err;
    assert_int_equal(atomic_write_unsynced("/tmp/no-such-folder-for-stepformer/log.txt", "x", 1, &err), -1);
    assert_non_null(strstr(err.msg, "does not exist"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synced_and_unsynced),
        cmocka_unit_test(test_unsynced_missing_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
