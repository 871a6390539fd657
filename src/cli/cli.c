/* cli.c: option parsing and helpers shared by the subcommands. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_usage(const cli_opt *opts, int n, const char *usage, const char *description) {
    printf("usage: %s\n\n%s\n\noptions:\n", usage, description);
    for (int i = 0; i < n; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", opts[i].name, opts[i].metavar ? " " : "",
                 opts[i].metavar ? opts[i].metavar : "");
        printf("  %-26s %s", left, opts[i].help);
        if (opts[i].metavar && opts[i].value) printf(" (default: %s)", opts[i].value);
        printf("\n");
    }
    printf("  %-26s %s\n", "--help", "show this help");
}

int cli_parse(int argc, char **argv, cli_opt *opts, int n_opts, const char *usage, const char *description) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(opts, n_opts, usage, description);
            return 1;
        }
        const char *arg = argv[i];
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        cli_opt *o = NULL;
        for (int k = 0; k < n_opts && !o; k++)
            if (strlen(opts[k].name) == len && strncmp(opts[k].name, arg, len) == 0) o = &opts[k];
        if (!o) {
            fprintf(stderr, "stepformer: unknown option %s (see --help)\n", arg);
            return 2;
        }
        if (!o->metavar) {
            o->value = "1";
        } else if (eq) {
            o->value = eq + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            fprintf(stderr, "stepformer: %s needs a value (%s)\n", o->name, o->metavar);
            return 2;
        }
    }
    return 0;
}

int cli_int(const cli_opt *o, int lo, int hi, int *out) {
    char *end;
    errno = 0;
    long v = strtol(o->value, &end, 10);
    if (end == o->value || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "stepformer: %s must be a whole number from %d to %d, not \"%s\"\n", o->name, lo, hi, o->value);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int cli_float(const cli_opt *o, double lo, double hi, float *out) {
    char *end;
    errno = 0;
    double v = strtod(o->value, &end);
    if (end == o->value || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr, "stepformer: %s must be a number from %g to %g, not \"%s\"\n", o->name, lo, hi, o->value);
        return -1;
    }
    *out = (float)v;
    return 0;
}

int cli_load_model(s2s_model *m, const char *path) {
    s2s_error err = {{0}};
    if (!path) {
        fprintf(stderr, "stepformer: no model given (--model FILE)\n");
        return 2;
    }
    if (model_load(m, path, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        return 2;
    }
    return 0;
}

