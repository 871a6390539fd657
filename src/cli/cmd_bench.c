/* cmd_bench.c: `stepformer bench`. (Only --gui for now; the model benchmarks join with the trainer.) */
#include <stdio.h>
#include <string.h>

#include "app/app_bench.h"
#include "cli/cli.h"

int cmd_bench(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--gui") == 0) return app_bench_gui(argc, argv);
    fprintf(stderr, "stepformer: bench needs --gui for now\n");
    return 2;
}
