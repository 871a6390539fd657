/* fuzz_model_memory.c: libFuzzer target for model_load_memory, the model loader on bytes in
 * memory. The input is the whole model file; libFuzzer's buffer is exactly that long, so
 * AddressSanitizer catches a read even one byte past its end (the file target, reading through a
 * page-rounded mapping, cannot). Seeds: tests/fuzz/model/ (make_seeds.c). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    s2s_model m;
    memset(&m, 0xAB, sizeof m); /* garbage in: the loader must zero it itself */
    s2s_error err = {{0}};
    int rc = model_load_memory(&m, data, size, &err);
    fuzz_check_model(&m, rc, &err);
    return 0;
}
