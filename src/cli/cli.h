/* cli.h: the `stepformer` subcommands and their shared option parser. Each command is one file
 * (cmd_NAME.c) with `int cmd_NAME(int argc, char **argv)` returning the exit status:
 * 0 success, 1 failure while working, 2 bad input or a bad model file (message on stderr). */
#ifndef S2S_CLI_H
#define S2S_CLI_H

#include "core/model.h"

typedef struct cli_opt {
    const char *name;    /* "--model" */
    const char *metavar; /* "FILE"; NULL for a flag */
    const char *help;
    const char *value;   /* out: the value given (flags: "1"), or NULL; preset to give a default */
} cli_opt;

/* Parses argv[1..] against opts. Prints the usage (usage line, description, options) and returns 1
 * on --help; prints a message naming the bad option and returns 2 on a bad command line; 0 on
 * success. */
int cli_parse(int argc, char **argv, cli_opt *opts, int n_opts, const char *usage, const char *description);

/* The value of an option as an int within [lo, hi]; prints a message and returns -1 if it is not. */
int cli_int(const cli_opt *o, int lo, int hi, int *out);
/* The value of an option as a float within [lo, hi]. */
int cli_float(const cli_opt *o, double lo, double hi, float *out);

/* Loads a model, printing "stepformer: MESSAGE" on failure. Returns 0 or 2 (the exit status). */
int cli_load_model(s2s_model *m, const char *path);

int cmd_decode(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_screenshot(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_man(int argc, char **argv);

#endif
