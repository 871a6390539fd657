/* cmd_man.c: `stepformer man`: the manual page (roff, man(7) macros), written from the tables the
 * program already has: the command table (cli_commands(), which `stepformer --help` lists), each
 * command's option table (which its --help prints, core/options.h) and the key map (keymap.h, which
 * `stepformer keys` and the window's help overlay list). The build runs it to make stepformer.1, so
 * the manual cannot drift from the program; tests/install/test_man.sh compares them. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/keymap.h"
#include "cli/cli.h"
#include "core/atomic_file.h"
#include "core/util.h"
#include "core/version.h"

/* Writes s as roff text: a backslash becomes \e, a hyphen \- (so options copy and paste as
 * typed), and no line may start with a control character (. or '). */
static void roff(FILE *f, const char *s) {
    int line_start = 1;
    for (; *s; s++) {
        if (line_start && (*s == '.' || *s == '\'')) fputs("\\&", f);
        line_start = *s == '\n';
        if (*s == '\\') fputs("\\e", f);
        else if (*s == '-') fputs("\\-", f);
        else fputc(*s, f);
    }
}

/* A tagged paragraph: the tag in bold (a metavar in italics), then the text. */
static void tagged(FILE *f, const char *tag, const char *metavar, const char *text) {
    fputs(".TP\n\\fB", f);
    roff(f, tag);
    fputs("\\fR", f);
    if (metavar) {
        fputs(" \\fI", f);
        roff(f, metavar);
        fputs("\\fR", f);
    }
    fputc('\n', f);
    roff(f, text);
    fputc('\n', f);
}

/* Every visible option of cmd, as its --help prints them (with the default), and --help. */
static void write_options(FILE *f, const opt_command *cmd) {
    for (int i = 0; i < cmd->n_specs; i++) {
        const opt_spec *s = &cmd->specs[i];
        if (!s->help) continue; /* hidden (for tests and timing), as in --help */
        char text[512];
        const char *def = opts_default_text(s);
        snprintf(text, sizeof text, "%s%s%s%s", s->help, *def ? " (default: " : "", def, *def ? ")" : "");
        tagged(f, s->name, s->metavar, text);
    }
    tagged(f, "--help", NULL, "show this help");
}

static void write_commands(FILE *f) {
    int n;
    const cli_command *c = cli_commands(&n);
    fputs(".SH OPTIONS\nWith no command, the window opens:\n.PP\n", f);
    roff(f, c[0].options->usage);
    fputs("\n.PP\n", f);
    roff(f, c[0].options->description);
    fputc('\n', f);
    write_options(f, c[0].options);
    fputs(".SH COMMANDS\nEvery command takes \\fB\\-\\-help\\fR, which prints the same as here.\n", f);
    for (int i = 0; i < n; i++) {
        if (!c[i].name[0]) continue; /* the window, above */
        fputs(".SS ", f);
        roff(f, c[i].name);
        fputs("\n", f);
        roff(f, c[i].summary);
        fputs(".\n.PP\n.B ", f);
        roff(f, c[i].options->usage);
        fputs("\n.PP\n", f);
        roff(f, c[i].options->description);
        fputc('\n', f);
        write_options(f, c[i].options);
    }
}

static void write_keys(FILE *f) {
    fputs(".SH KEYS\nIn the window (press ? or F1 there for this list):\n", f);
    int n;
    const key_binding *t = keymap_table(&n);
    for (int i = 0; i < n; i++)
        if (t[i].keys) tagged(f, t[i].keys, NULL, t[i].what);
}

static void write_page(FILE *f) {
    const char *v = stepformer_version();
    fprintf(f, ".\\\" The manual of stepformer %s, written by `stepformer man` from the program's tables.\n", v);
    fprintf(f, ".TH STEPFORMER 1 \"\" \"stepformer %s\" \"User Commands\"\n", v);
    fputs(".SH NAME\nstepformer \\- watch a Transformer encoder\\-decoder decode, step by step\n"
          ".SH SYNOPSIS\n.B stepformer\n[\\fIoptions\\fR]\n.br\n.B stepformer\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br\n"
          ".B stepformer \\-\\-version\n.SH DESCRIPTION\n"
          "Stepformer runs a real Transformer encoder\\-decoder, autoregressive (AT) and\n"
          "non\\-autoregressive (NAT), and shows every operation as it happens: the attention of every\n"
          "head, the causal mask, the residual stream, the output distribution, AT against NAT.\n"
          "With no command it opens the window; the commands work without a display.\n"
          "\\fB\\-\\-version\\fR prints the version and the folders the program reads its models,\n"
          "lessons and translations from.\n",
          f);
    write_commands(f);
    write_keys(f);
    fputs(".SH FILES\n", f);
    tagged(f, "$XDG_CONFIG_HOME/stepformer/prefs.json", NULL,
           "The window's remembered preferences: theme, colormap, text size, export folder, language, last model "
           "and input, window size (~/.config/stepformer/prefs.json when XDG_CONFIG_HOME is not set). Options given "
           "on the command line win for that session; --no-config neither reads nor writes it. A file that cannot be "
           "read is reported in the window and ignored.");
    tagged(f, "PREFIX/share/stepformer/models/", NULL, "The bundled models, found beside the installed binary.");
    tagged(f, "PREFIX/share/stepformer/lessons/", NULL, "The lessons.");
    fputs(".SH ENVIRONMENT\n", f);
    tagged(f, "STEPFORMER_ASSETS", NULL, "A folder holding models/, instead of the installed one.");
    tagged(f, "STEPFORMER_LESSONS", NULL, "A lessons folder, instead of the installed one.");
    tagged(f, "STEPFORMER_LOCALE", NULL, "A folder of message catalogues, instead of the installed one.");
    fputs(".SH EXIT STATUS\n0 on success; 2 for bad input or a bad model file, with one message that names the\n"
          "problem; 1 for a failure while working.\n",
          f);
}

typedef struct man_options {
    const char *out;
} man_options;

static const opt_spec specs[] = {
    {.name = "-o", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(man_options, out),
     .help = "write the page to FILE (default: standard output)"},
};

const opt_command man_command = {
    "man", "stepformer man [-o FILE]",
    "Writes the manual page (roff) from the program's own tables of commands, options and keys\n"
    "(the build installs it as stepformer.1).",
    specs, ARRAY_LEN(specs), sizeof(man_options)};

int cmd_man(int argc, char **argv) {
    man_options o;
    int rc = cli_options(&man_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    s2s_error err = {{0}};
    if (!o.out) {
        write_page(stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    if (cli_check_output("-o", o.out, &err)) {
        cli_error("%s", err.msg);
        return 2;
    }
    atomic_file af;
    if (atomic_begin(&af, o.out, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    write_page(af.fp);
    if (atomic_commit(&af, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    return 0;
}
