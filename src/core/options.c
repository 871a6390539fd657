/* options.c: the one option parser, see options.h. Each opt_type is a row of readers below: how a
 * value is read into its field and what a good value looks like in a message. */
#include "core/options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/quote.h"

/* A whole number, all of s: no sign games, no trailing bytes ("12junk" is not 12). */
static int read_long(const char *s, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || s[0] == ' ' || s[0] == '\t' || s[0] == '\n') return -1;
    *out = v;
    return 0;
}

static int read_double(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || s[0] == ' ' || s[0] == '\t' || s[0] == '\n') return -1;
    *out = v;
    return 0;
}

/* Two numbers of `s` split at the first `sep`, each read whole. */
static int read_pair(const char *s, char sep, double *a, double *b) {
    const char *at = strchr(s, sep);
    char left[64];
    if (!at || (size_t)(at - s) >= sizeof left) return -1;
    memcpy(left, s, (size_t)(at - s));
    left[at - s] = '\0';
    return read_double(left, a) || read_double(at + 1, b) ? -1 : 0;
}

static int in_range(double v, const opt_spec *s) { return v >= s->lo && v <= s->hi; }

/* Reads value into the spec's field of out; 0, or -1 when the value is bad. */
static int read_value(const opt_spec *s, const char *value, void *out) {
    void *field = (char *)out + s->offset;
    switch (s->type) {
    case OPT_FLAG: *(int *)field = 1; return 0;
    case OPT_TEXT:
        if (!*value) return -1;
        *(const char **)field = value;
        return 0;
    case OPT_INT: {
        long v;
        if (read_long(value, &v) || !in_range((double)v, s)) return -1;
        *(int *)field = (int)v;
        return 0;
    }
    case OPT_FLOAT: {
        double v;
        if (read_double(value, &v) || !in_range(v, s)) return -1;
        *(float *)field = (float)v;
        return 0;
    }
    case OPT_CHOICE:
        for (int i = 0; s->choices[i]; i++)
            if (strcmp(value, s->choices[i]) == 0) {
                *(int *)field = i;
                return 0;
            }
        return -1;
    case OPT_SIZE: {
        double w, h;
        if (read_pair(value, 'x', &w, &h) || w != floor(w) || h != floor(h) || !in_range(w, s) || !in_range(h, s))
            return -1;
        *(opt_size *)field = (opt_size){(int)w, (int)h};
        return 0;
    }
    case OPT_POINT: {
        double x, y;
        if (read_pair(value, ',', &x, &y) || !in_range(x, s) || !in_range(y, s)) return -1;
        *(opt_point *)field = (opt_point){(float)x, (float)y};
        return 0;
    }
    case OPT_CUSTOM: return s->parse(value, field);
    }
    return -1;
}

/* What a good value of s is, for "--x must be <this>, not ...". */
static void describe(const opt_spec *s, char *out, size_t cap) {
    size_t n = 0;
    switch (s->type) {
    case OPT_FLAG: snprintf(out, cap, "given without a value"); return;
    case OPT_TEXT: snprintf(out, cap, "a non-empty %s", s->metavar); return;
    case OPT_INT: snprintf(out, cap, "a whole number from %.0f to %.0f", s->lo, s->hi); return;
    case OPT_FLOAT: snprintf(out, cap, "a number from %g to %g", s->lo, s->hi); return;
    case OPT_CHOICE:
        for (int i = 0; s->choices[i] && n < cap; i++)
            n += (size_t)snprintf(out + n, cap - n, "%s%s", i == 0 ? "" : s->choices[i + 1] ? ", " : " or ", s->choices[i]);
        return;
    case OPT_SIZE:
        snprintf(out, cap, "WIDTHxHEIGHT, each side a whole number from %.0f to %.0f", s->lo, s->hi);
        return;
    case OPT_POINT: snprintf(out, cap, "X,Y, each a number from %g to %g", s->lo, s->hi); return;
    case OPT_CUSTOM: snprintf(out, cap, "%s", s->expects); return;
    }
}

/* The field's value when the option is absent and has no default. */
static void set_absent(const opt_spec *s, void *out) {
    void *field = (char *)out + s->offset;
    if (s->type == OPT_INT || s->type == OPT_CHOICE) *(int *)field = -1;
    if (s->type == OPT_POINT) *(opt_point *)field = (opt_point){-1.0f, -1.0f};
}

static const opt_spec *find(const opt_command *cmd, const char *arg, size_t len) {
    for (int k = 0; k < cmd->n_specs; k++)
        if (strlen(cmd->specs[k].name) == len && strncmp(cmd->specs[k].name, arg, len) == 0) return &cmd->specs[k];
    return NULL;
}

static const char *help_hint(const opt_command *cmd) {
    return cmd->name && cmd->name[0] ? cmd->name : NULL;
}

int opts_parse(const opt_command *cmd, int argc, char **argv, void *out, s2s_error *err) {
    char want[256];
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return OPTS_HELP;
    memset(out, 0, cmd->size);
    for (int k = 0; k < cmd->n_specs; k++) {
        const opt_spec *s = &cmd->specs[k];
        if (!s->def) {
            set_absent(s, out);
        } else if (read_value(s, s->def, out)) { /* a table that contradicts itself */
            describe(s, want, sizeof want);
            s2s_fail(err, "the default of %s, %s, is not %s", s->name, s->def, want);
            return OPTS_BAD;
        }
    }
    unsigned char given[256] = {0}; /* per spec: seen on the command line */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = arg[0] == '-' && arg[1] == '-' ? strchr(arg, '=') : NULL;
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        const opt_spec *s = find(cmd, arg, len);
        if (!s) {
            const char *c = help_hint(cmd);
            s2s_fail(err, "%s %s (see stepformer %s%s--help)", arg[0] == '-' ? "unknown option" : "unexpected argument",
                     quote_text(arg).s, c ? c : "", c ? " " : "");
            return OPTS_BAD;
        }
        const char *value;
        if (!s->metavar) {
            if (eq) {
                s2s_fail(err, "%s takes no value, not %s", s->name, quote_text(eq + 1).s);
                return OPTS_BAD;
            }
            value = "1";
        } else if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            s2s_fail(err, "%s needs a value (%s)", s->name, s->metavar);
            return OPTS_BAD;
        }
        if (read_value(s, value, out)) {
            describe(s, want, sizeof want);
            s2s_fail(err, "%s must be %s, not %s", s->name, want, quote_text(value).s);
            return OPTS_BAD;
        }
        if (s - cmd->specs < (long)sizeof given) given[s - cmd->specs] = 1;
    }
    for (int k = 0; k < cmd->n_specs && k < (int)sizeof given; k++) {
        const opt_spec *s = &cmd->specs[k];
        if (s->required && !given[k]) {
            s2s_fail(err, "no %s given (%s %s)", s->name, s->name, s->metavar ? s->metavar : "");
            return OPTS_BAD;
        }
    }
    return OPTS_OK;
}

const char *opts_default_text(const opt_spec *s) { return s->def && s->metavar ? s->def : ""; }

void opts_print_help(FILE *fp, const opt_command *cmd) {
    fprintf(fp, "usage: %s\n\n%s\n\noptions:\n", cmd->usage, cmd->description);
    opts_print_options(fp, cmd);
}

void opts_print_options(FILE *fp, const opt_command *cmd) {
    for (int i = 0; i < cmd->n_specs; i++) {
        const opt_spec *s = &cmd->specs[i];
        if (!s->help) continue;
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", s->name, s->metavar ? " " : "", s->metavar ? s->metavar : "");
        fprintf(fp, "  %-26s %s", left, s->help);
        if (*opts_default_text(s)) fprintf(fp, " (default: %s)", s->def);
        fprintf(fp, "\n");
    }
    fprintf(fp, "  %-26s %s\n", "--help", "show this help");
}
