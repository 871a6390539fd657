/* commands.c: the table of commands, with each one's option table (see cli.h). */
#include "cli/cli.h"
#include "core/util.h"

static const cli_command commands[] = {
    {"", cmd_window, "open the window (no command)", &window_command},
    {"decode", cmd_decode, "decode an input and print every step (text or JSON)", &decode_command},
    {"train", cmd_train, "train a model on a toy task (AT or NAT, optionally distilled)", &train_command},
    {"eval", cmd_eval, "held-out accuracy of a model on its task", &eval_command},
    {"export", cmd_export, "attention maps as figures (PNG, SVG, GIF) or data (CSV, JSON); no display needed",
     &export_command},
    {"compare", cmd_compare, "AT against NAT (and the distilled NAT) on one input or N held-out inputs",
     &compare_command},
    {"bench", cmd_bench, "measure training and decoding speed, matmul GFLOP/s (--gui: the window's frame times)",
     &bench_command},
    {"keys", cmd_keys, "print the window's keyboard map", &keys_command},
    {"lesson", cmd_lesson, "list the lessons, or check them (every slide's state, place, images, text)", &lesson_command},
    {"man", cmd_man, "write the manual page (roff) from these same tables", &man_command},
    {"screenshot", cmd_screenshot, "render the window with the cursor on a step to a PNG, without a display",
     &screenshot_command},
};

const cli_command *cli_commands(int *n) {
    *n = (int)ARRAY_LEN(commands);
    return commands;
}
