/* fuzz_model_file.c: libFuzzer target for model_load, the model loader on a file: each input is
 * written to a scratch file and loaded through the real path (mmap, and the in-place parameters a
 * file laid out as this program writes it gets, then their privatizing thread). A refusal must
 * name the file. Seeds: tests/fuzz/model/ (the same as fuzz_model_memory). */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_model.h"

static char path[64]; /* the scratch file, in a folder made once per process */

static void scratch_remove(void) {
    unlink(path);
    *strrchr(path, '/') = '\0';
    rmdir(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!path[0]) {
        char dir[] = "/tmp/stepformer-fuzz-XXXXXX";
        FUZZ_REQUIRE(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/model.safetensors", dir);
        atexit(scratch_remove);
    }
    FILE *fp = fopen(path, "wb");
    FUZZ_REQUIRE(fp);
    FUZZ_REQUIRE(fwrite(data, 1, size, fp) == size);
    FUZZ_REQUIRE(fclose(fp) == 0);
    s2s_model m;
    memset(&m, 0xAB, sizeof m);
    s2s_error err = {{0}};
    int rc = model_load(&m, path, &err);
    if (rc != 0) FUZZ_REQUIRE(strstr(err.msg, path));
    if (rc == 0) model_privatize_start(&m); /* the window does this after its first frame */
    fuzz_check_model(&m, rc, &err);
    return 0;
}
