/* cli.c: what the commands share: the option parser's front (help, messages), the options several
 * commands take, loading a model and checking an output folder. */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/decode.h"
#include "core/paths.h"
#include "core/quote.h"
#include "core/tasks.h"
#include "viz/colormap.h"
#include "core/i18n.h"

const char *const cli_nat_length_names[] = {"classifier", "end", NULL};
const char *const cli_format_names[] = {"text", "json", NULL};
const char *const cli_theme_names[] = {"light", "dark", NULL};
_Static_assert(S2S_NAT_LENGTH_CLASSIFIER == 0 && S2S_NAT_LENGTH_END == 1, "cli_nat_length_names is in enum order");

int cli_options(const opt_command *cmd, int argc, char **argv, void *opts) {
    s2s_error err = {{0}};
    int rc = opts_parse(cmd, argc, argv, opts, &err);
    if (rc == OPTS_HELP) opts_print_help(stdout, cmd);
    else if (rc == OPTS_BAD) cli_error("%s", err.msg);
    return rc;
}

void cli_error(const char *fmt, ...) {
    char raw[1024], safe[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof raw ? (size_t)n : sizeof raw - 1;
    fprintf(stderr, "stepformer: %s\n", text_escape(safe, sizeof safe, raw, len));
}

void cli_print_line(const char *prefix, const char *s) {
    size_t n = strlen(s), cap = 4 * n + 8;
    char *safe = malloc(cap);
    if (!safe) return;
    printf("%s%s\n", prefix, text_escape(safe, cap, s, n));
    free(safe);
}

int cli_parse_colormap(const char *value, void *field) {
    const colormap *cm = colormap_find(value);
    for (int i = 0; cm && i < colormap_count(); i++)
        if (colormap_at(i) == cm) {
            *(int *)field = i;
            return 0;
        }
    return -1;
}

int cli_parse_lang(const char *value, void *field) {
    i18n_lang lang;
    if (i18n_parse(value, &lang)) return -1;
    *(const char **)field = value;
    return 0;
}

int cli_parse_task(const char *value, void *field) {
    int t = task_find(value);
    if (t < 0) return -1;
    *(int *)field = t;
    return 0;
}

int cli_parse_index(const char *value, void *field) {
    if (strcmp(value, "all") == 0) {
        *(int *)field = CLI_ALL;
        return 0;
    }
    if (!*value || strlen(value) > 6 || strspn(value, "0123456789") != strlen(value)) return -1;
    int v = atoi(value);
    if (v < 1) return -1;
    *(int *)field = v;
    return 0;
}

const char *cli_default_model(char *buf, size_t cap) {
    snprintf(buf, cap, "%s/models/reverse-at.safetensors", paths_assets_dir());
    return buf;
}

int cli_load_model(s2s_model *m, const char *path) {
    s2s_error err = {{0}};
    char def[4200];
    if (model_load(m, path ? path : cli_default_model(def, sizeof def), &err)) {
        cli_error("%s", err.msg);
        return 2;
    }
    return 0;
}

int cli_check_folder(const char *option, const char *dir, s2s_error *err) {
    struct stat st;
    if (stat(dir, &st) != 0)
        return s2s_fail(err, "%s: cannot write in %s: %s", option, quote_text(dir).s,
                        errno == ENOTDIR ? "a part of the path is a file, not a folder" : "the folder does not exist");
    if (!S_ISDIR(st.st_mode))
        return s2s_fail(err, "%s: cannot write in %s: it is a file, not a folder", option, quote_text(dir).s);
    if (access(dir, W_OK | X_OK) != 0)
        return s2s_fail(err, "%s: cannot write in %s: %s", option, quote_text(dir).s, strerror(errno));
    return 0;
}

int cli_check_output(const char *option, const char *path, s2s_error *err) {
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!*path) return s2s_fail(err, "%s needs a file name", option);
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (cli_check_folder(option, dir, err)) return -1;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return s2s_fail(err, "%s: cannot write %s: it is a folder (give a file name)", option, quote_text(path).s);
    return 0;
}
