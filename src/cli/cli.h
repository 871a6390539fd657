/* cli.h: the `stepformer` commands. Each command is one file (cmd_NAME.c) with
 * `int cmd_NAME(int argc, char **argv)` returning the exit status: 0 success, 1 failure while
 * working, 2 bad input or a bad model file (one message on stderr). Each has a struct of named
 * options filled by core/options.h from its static table, `NAME_command`; cli_commands() lists
 * them all (and the window's), so other code can walk every option (the manual page, the fuzzer). */
#ifndef S2S_CLI_H
#define S2S_CLI_H

#include <stddef.h>

#include "core/model.h"
#include "core/options.h"

typedef struct cli_command {
    const char *name;    /* "decode"; "" for the window (no command) */
    int (*run)(int argc, char **argv);
    const char *summary;
    const opt_command *options;
} cli_command;

/* Every command, the window first (name ""). */
const cli_command *cli_commands(int *n);

/* Parses argv for cmd into opts: prints --help and returns 1, or prints the one-line message and
 * returns 2, or returns 0. Commands do `if ((rc = cli_options(...))) return rc == 1 ? 0 : 2;`. */
int cli_options(const opt_command *cmd, int argc, char **argv, void *opts);

/* Prints "stepformer: MESSAGE" on stderr, the message made safe to print (core/quote.h). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints prefix and s (a path, a line of model output) on stdout, s made safe to print, whole. */
void cli_print_line(const char *prefix, const char *s);

/* Loads a model (path NULL: the bundled reverse model), printing the message on failure. Returns 0
 * or 2 (the exit status). */
int cli_load_model(s2s_model *m, const char *path);
/* The bundled reverse model's path, into buf. */
const char *cli_default_model(char *buf, size_t cap);

/* The folder a file `path` would be written in exists, is a folder and is writable: checked before
 * any work, so a bad -o is refused at once (exit 2). 0, or -1 with a message naming `option`. */
int cli_check_output(const char *option, const char *path, s2s_error *err);
/* The same for a folder files will be written in. */
int cli_check_folder(const char *option, const char *dir, s2s_error *err);

/* ---- options several commands share: table rows for a field `f` of options struct `T` -------- */

enum { CLI_TEXT = 0, CLI_JSON = 1 };   /* --format text | json */
enum { CLI_LIGHT = 0, CLI_DARK = 1 };  /* --theme light | dark */
#define CLI_ALL (-1)                   /* --layer / --head / --step all */

extern const char *const cli_nat_length_names[]; /* in s2s_nat_length order */
extern const char *const cli_format_names[];     /* text, json */
extern const char *const cli_theme_names[];      /* light, dark */
int cli_parse_colormap(const char *value, void *field); /* int: the index for colormap_at */
int cli_parse_lang(const char *value, void *field);     /* const char *: a language i18n_parse knows */
int cli_parse_task(const char *value, void *field);     /* int: the s2s_task_id */
int cli_parse_index(const char *value, void *field);    /* int: N from 1, or CLI_ALL; 0 when absent */

#define CLI_OPT_MODEL(T, f)                                                                                     \
    {.name = "--model", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(T, f),                          \
     .help = "model file (.safetensors; default: the bundled reverse model)"}
#define CLI_OPT_INPUT(T, f, what, req)                                                                          \
    {.name = "--input", .metavar = "TEXT", .type = OPT_TEXT, .offset = offsetof(T, f), .help = what, .required = req}
#define CLI_OPT_TARGET(T, f)                                                                                    \
    {.name = "--target", .metavar = "TEXT", .type = OPT_TEXT, .offset = offsetof(T, f),                         \
     .help = "teacher forcing: the AT decoder reads <begin> + this target; NAT scores its all-<begin> pass against it"}
#define CLI_OPT_NAT_LENGTH(T, f)                                                                                \
    {.name = "--nat-length", .metavar = "MODE", .type = OPT_CHOICE, .offset = offsetof(T, f), .def = "classifier", \
     .choices = cli_nat_length_names, .help = "how a NAT model chooses its length: classifier | end"}
#define CLI_OPT_FORMAT(T, f)                                                                                    \
    {.name = "--format", .metavar = "FMT", .type = OPT_CHOICE, .offset = offsetof(T, f), .def = "text",         \
     .choices = cli_format_names, .help = "text | json"}
#define CLI_OPT_THEME(T, f)                                                                                     \
    {.name = "--theme", .metavar = "NAME", .type = OPT_CHOICE, .offset = offsetof(T, f), .def = "light",        \
     .choices = cli_theme_names, .help = "light | dark"}
#define CLI_OPT_COLORMAP(T, f)                                                                                  \
    {.name = "--colormap", .metavar = "NAME", .type = OPT_CUSTOM, .offset = offsetof(T, f), .def = "viridis",   \
     .parse = cli_parse_colormap, .expects = "viridis, cividis, magma or inferno",                             \
     .help = "viridis | cividis | magma | inferno"}
#define CLI_OPT_LANG(T, f)                                                                                      \
    {.name = "--lang", .metavar = "LANG", .type = OPT_CUSTOM, .offset = offsetof(T, f), .parse = cli_parse_lang,  \
     .expects = "en or zh", .help = "interface language: en | zh (default: the locale's)"}
#define CLI_OPT_SIZE(T, f, d, min)                                                                              \
    {.name = "--size", .metavar = "WxH", .type = OPT_SIZE, .offset = offsetof(T, f), .def = d, .lo = min,       \
     .hi = 8192, .help = "window size in logical pixels"}
/* Five rows filling an s2s_sampling field f (core/sample.h): decode and the window share them. */
#define CLI_OPT_SAMPLING(T, f)                                                                                  \
    {.name = "--sample", .type = OPT_FLAG, .offset = offsetof(T, f.on),                                         \
     .help = "AT: sample each next token instead of taking the most likely"},                                  \
    {.name = "--temperature", .metavar = "T", .type = OPT_FLOAT, .offset = offsetof(T, f.temperature),          \
     .def = "1", .lo = 0, .hi = 100, .help = "with --sample: divide the logits by T (0 = greedy)"},            \
    {.name = "--top-k", .metavar = "K", .type = OPT_INT, .offset = offsetof(T, f.top_k), .def = "0", .lo = 0,   \
     .hi = 65536, .help = "with --sample: draw only from the K most likely (0 = all)"},                        \
    {.name = "--top-p", .metavar = "P", .type = OPT_FLOAT, .offset = offsetof(T, f.top_p), .def = "1",          \
     .lo = 0, .hi = 1, .help = "with --sample: draw only from the most likely whose mass reaches P"},           \
    {.name = "--seed", .metavar = "S", .type = OPT_INT, .offset = offsetof(T, f.seed), .def = "0", .lo = 0,     \
     .hi = 2147483647, .help = "with --sample: the random seed (the same seed repeats a run)"}
#define CLI_OPT_TASK(T, f)                                                                                      \
    {.name = "--task", .metavar = "TASK", .type = OPT_CUSTOM, .offset = offsetof(T, f), .required = 1,          \
     .parse = cli_parse_task, .expects = "reverse, sort, number-words, number-zh, dates or number-words-mixed", \
     .help = "reverse | sort | number-words | number-zh | dates | number-words-mixed"}

int cmd_window(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_screenshot(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_lesson(int argc, char **argv);
int cmd_man(int argc, char **argv);

extern const opt_command window_command, decode_command, train_command, eval_command, bench_command,
    export_command, compare_command, screenshot_command, keys_command, lesson_command, man_command;

#endif
