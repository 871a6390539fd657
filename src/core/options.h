/* options.h: command-line options as data. Each command (and the window) describes its options in
 * one static table of opt_spec rows, each naming a field of the command's own options struct; one
 * parser fills the struct from argv. The same table prints --help, and other code can walk it (the
 * manual page, the fuzzer). One rule for every command: a bad value is refused with one message
 * naming the option, and the caller exits 2.
 *
 * opts_parse is a pure function of argv and the table: it prints nothing and never exits; problems
 * come back in an s2s_error. libc only, so the window, the CLI and tests may all use it. */
#ifndef S2S_OPTIONS_H
#define S2S_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

typedef enum opt_type {
    OPT_FLAG,   /* int: 1 when given, else 0; takes no value */
    OPT_TEXT,   /* const char *: the value as given (pointing into argv), NULL when absent */
    OPT_INT,    /* int, a whole number within [lo, hi] */
    OPT_FLOAT,  /* float, a number within [lo, hi] */
    OPT_CHOICE, /* int: the index of the value in choices (exact match) */
    OPT_SIZE,   /* opt_size: "WIDTHxHEIGHT", each side within [lo, hi] */
    OPT_POINT,  /* opt_point: "X,Y", two numbers within [lo, hi]; {-1, -1} when absent */
    OPT_CUSTOM, /* parse(value, field): 0, or -1 when the value is bad (then: "must be <expects>") */
} opt_type;

typedef struct opt_size {
    int w, h;
} opt_size;

typedef struct opt_point {
    float x, y;
} opt_point;

typedef struct opt_spec {
    const char *name;    /* "--size", "-o" */
    const char *metavar; /* "WxH"; NULL for a flag */
    opt_type type;
    size_t offset;       /* offsetof(the command's struct, the field) */
    /* The default, read exactly like a value given on the command line. NULL: the field is zero,
     * except OPT_INT and OPT_CHOICE (-1: not given; an OPT_INT's lo is then at least 0) and
     * OPT_POINT ({-1, -1}). */
    const char *def;
    const char *help;    /* NULL: a hidden option (for tests and timing; not in --help) */
    double lo, hi;       /* OPT_INT, OPT_FLOAT, OPT_SIZE, OPT_POINT */
    const char *const *choices; /* OPT_CHOICE: NULL-terminated */
    int (*parse)(const char *value, void *field); /* OPT_CUSTOM */
    const char *expects; /* OPT_CUSTOM: what a good value is ("1 to the number of layers, or all") */
    int required;        /* absent: "no --input given (--input TEXT)" */
} opt_spec;

typedef struct opt_command {
    const char *name;        /* "screenshot"; "" for the window */
    const char *usage;       /* "stepformer screenshot --model FILE [--at PLACE --pass N] -o FILE.png" */
    const char *description; /* what the command does, for --help and the manual page */
    const opt_spec *specs;   /* (n_specs) */
    int n_specs;
    size_t size;             /* sizeof the options struct */
} opt_command;

enum { OPTS_OK = 0, OPTS_HELP = 1, OPTS_BAD = 2 };

/* Fills out (cmd->size bytes) from argv[1..argc-1]: first every default, then each option given
 * ("--name VALUE" or "--name=VALUE"; the last one given wins). Returns OPTS_OK; OPTS_HELP when
 * --help or -h is given (nothing else is checked); OPTS_BAD with one line in err naming the option
 * (unknown option, missing value, bad value, missing required option). */
int opts_parse(const opt_command *cmd, int argc, char **argv, void *out, s2s_error *err);

/* The usage line, the description and one line per visible option with its default. */
void opts_print_help(FILE *fp, const opt_command *cmd);
/* Only the option lines. */
void opts_print_options(FILE *fp, const opt_command *cmd);

/* The value of a spec's default as --help shows it ("" when none). */
const char *opts_default_text(const opt_spec *s);

#endif
