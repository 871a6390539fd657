/* cmd_man.c: `stepformer man`: the manual page (roff, man(7) macros), written from the tables the
 * program already has: the command table (`stepformer --help`), each command's option table (its
 * --help), and the key map (`stepformer keys`, the window's help overlay). The build runs it to
 * make stepformer.1, so the manual cannot drift from the program; tests/cli/test_man.sh checks. */
#include <stdio.h>
#include <string.h>

#include "app/keymap.h"
#include "cli/cli.h"
#include "core/atomic_file.h"
#include "core/version.h"

/* Writes s escaped for roff text: a backslash is \e, a hyphen in an option name \-, and a line
 * may not start with a control character (. or '). */
static void roff(FILE *f, const char *s) {
    if (*s == '.' || *s == '\'') fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '\\') fputs("\\e", f);
        else if (*s == '-') fputs("\\-", f);
        else if (*s == '\n') {
            fputc('\n', f);
            if (s[1] == '.' || s[1] == '\'') fputs("\\&", f);
        } else fputc(*s, f);
    }
}

static void section(FILE *f, const char *name) { fprintf(f, ".SH %s\n", name); }

static void tagged(FILE *f, const char *tag, const char *text) {
    fputs(".TP\n\\fB", f);
    roff(f, tag);
    fputs("\\fR\n", f);
    roff(f, text);
    fputc('\n', f);
}

static void write_keys(FILE *f) {
    section(f, "KEYS");
    fputs("In the window (press ? or F1 there for the same list):\n", f);
    int n;
    const key_binding *t = keymap_table(&n);
    for (int i = 0; i < n; i++)
        if (t[i].keys) tagged(f, t[i].keys, t[i].what);
}

static void write_page(FILE *f) {
    fprintf(f, ".\\\" The manual of stepformer %s, written by `stepformer man`: do not edit.\n", stepformer_version());
    fprintf(f, ".TH STEPFORMER 1 \"\" \"stepformer %s\" \"User Commands\"\n", stepformer_version());
    section(f, "NAME");
    fputs("stepformer \\- watch a Transformer encoder\\-decoder decode, step by step\n", f);
    section(f, "SYNOPSIS");
    fputs(".B stepformer\n[\\fIwindow options\\fR]\n.br\n.B stepformer\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br\n"
          ".B stepformer\n\\-\\-version | \\-\\-help\n", f);
    section(f, "DESCRIPTION");
    fputs("Stepformer runs a real Transformer encoder\\-decoder (autoregressive, AT, and\n"
          "non\\-autoregressive, NAT) and shows every operation as it happens: the attention of every\n"
          "head, the causal mask, the residual stream, the output distribution, AT against NAT.\n"
          "With no command it opens the window; the commands work without a display.\n", f);
    write_keys(f);
    section(f, "FILES");
    tagged(f, "$XDG_CONFIG_HOME/stepformer/prefs.json",
           "The window's remembered preferences (theme, colormap, text size, export folder, language, last model "
           "and input, window size); ~/.config/stepformer/prefs.json when XDG_CONFIG_HOME is not set. A file that "
           "cannot be read is reported in the window and ignored.");
    tagged(f, "PREFIX/share/stepformer/models", "The bundled models (found next to the installed binary).");
    tagged(f, "PREFIX/share/stepformer/lessons", "The lessons.");
    section(f, "ENVIRONMENT");
    tagged(f, "STEPFORMER_ASSETS", "A folder holding models/, instead of the installed one.");
    tagged(f, "STEPFORMER_LESSONS", "A lessons folder, instead of the installed one.");
    tagged(f, "STEPFORMER_LOCALE", "A folder of message catalogues, instead of the installed one.");
    section(f, "EXIT STATUS");
    fputs("0 on success, 2 for bad input or a bad model file (with one message that names the problem),\n"
          "1 for a failure while working.\n", f);
}

int cmd_man(int argc, char **argv) {
    cli_opt o[1] = {{"-o", "FILE", "write the page to FILE (default: standard output)", NULL}};
    int rc = cli_parse(argc, argv, o, 1, "stepformer man [-o FILE]",
                       "Writes the manual page (roff) from the program's own tables of commands, options and keys.");
    if (rc) return rc == 1 ? 0 : 2;
    if (!o[0].value) {
        write_page(stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    atomic_file af;
    s2s_error err;
    if (atomic_begin(&af, o[0].value, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        return 1;
    }
    write_page(af.fp);
    if (atomic_commit(&af, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        return 1;
    }
    return 0;
}
