/* paths.c: see paths.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Compiled in by CMake; the defaults serve a build without it (run from the source tree). */
#ifndef STEPFORMER_SOURCE_ASSETS
#define STEPFORMER_SOURCE_ASSETS "assets"
#endif
#ifndef STEPFORMER_SOURCE_LESSONS
#define STEPFORMER_SOURCE_LESSONS "lessons"
#endif
#ifndef STEPFORMER_BUILD_LOCALE
#define STEPFORMER_BUILD_LOCALE "locale"
#endif
/* The data folders relative to the binary's folder in an install (GNUInstallDirs' bin -> share). */
#ifndef STEPFORMER_INSTALL_DATA
#define STEPFORMER_INSTALL_DATA "../share/stepformer"
#endif
#ifndef STEPFORMER_INSTALL_LOCALE
#define STEPFORMER_INSTALL_LOCALE "../share/locale"
#endif
#ifndef STEPFORMER_LOCALE_BUILD
#define STEPFORMER_LOCALE_BUILD "locale"
#endif
#ifndef STEPFORMER_LOCALE_INSTALL
#define STEPFORMER_LOCALE_INSTALL "/usr/local/share/locale"
#endif

typedef enum { PATH_ASSETS, PATH_LESSONS, PATH_LOCALE, PATH_COUNT } path_kind;

typedef struct path_rule {
    const char *env;         /* overrides everything when set and not empty */
    const char *installed;   /* relative to the binary's folder in an install */
    const char *build;       /* the source or build tree's folder */
} path_rule;

static const path_rule rules[PATH_COUNT] = {
    [PATH_ASSETS] = {"STEPFORMER_ASSETS", STEPFORMER_INSTALL_DATA, STEPFORMER_SOURCE_ASSETS},
    [PATH_LESSONS] = {"STEPFORMER_LESSONS", STEPFORMER_INSTALL_DATA "/lessons", STEPFORMER_SOURCE_LESSONS},
    [PATH_LOCALE] = {"STEPFORMER_LOCALE", STEPFORMER_INSTALL_LOCALE, STEPFORMER_BUILD_LOCALE},
};

/* The resolved folders, computed once (the loader thread may ask while the main thread does). */
static char resolved[PATH_COUNT][PATH_MAX + 64];
static pthread_once_t resolved_once = PTHREAD_ONCE_INIT;

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder holding the running binary (without a trailing slash), or "" when unknown. */
static void exe_dir(char *out, size_t cap) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    out[0] = 0;
    if (n <= 0) return;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = 0;
    snprintf(out, cap, "%s", exe);
}

/* Joins dir (absolute, symlinks already resolved: /proc/self/exe's folder) and rel, dropping "."
 * and folding "name/.." as it goes, so the result reads /usr/share/stepformer, not /usr/bin/../share.
 * Lexical folding is right here because dir has no symbolic links left. */
static void join_tidy(const char *dir, const char *rel, char *out, size_t cap) {
    char joined[PATH_MAX + 64];
    snprintf(joined, sizeof joined, "%s/%s", dir, rel);
    size_t n = 0;
    out[0] = 0;
    for (char *part = strtok(joined, "/"); part; part = strtok(NULL, "/")) {
        if (strcmp(part, ".") == 0) continue;
        if (strcmp(part, "..") == 0) {
            while (n > 0 && out[n - 1] != '/') n--;
            if (n > 0) n--; /* the slash before the dropped name */
            out[n] = 0;
            continue;
        }
        n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "/%s", part);
        if (n >= cap) n = cap - 1;
    }
    if (!out[0]) snprintf(out, cap, "/");
}

static void resolve_all(void) {
    char bin[PATH_MAX], probe[PATH_MAX + 64];
    exe_dir(bin, sizeof bin);
    /* An install is recognised by its models beside the binary; then every folder comes from it,
     * so an installed binary never mixes its data with a source tree that happens to exist. */
    snprintf(probe, sizeof probe, "%s/%s/models", bin, STEPFORMER_INSTALL_DATA);
    int installed = bin[0] && is_dir(probe);
    for (int k = 0; k < PATH_COUNT; k++) {
        if (installed) {
            join_tidy(bin, rules[k].installed, resolved[k], sizeof resolved[k]);
        } else {
            snprintf(resolved[k], sizeof resolved[k], "%s", rules[k].build);
        }
    }
}

static const char *lookup(path_kind k) {
    const char *env = getenv(rules[k].env);
    if (env && *env) return env;
    pthread_once(&resolved_once, resolve_all);
    return resolved[k];
}

const char *paths_assets_dir(void) { return lookup(PATH_ASSETS); }
const char *paths_lessons_dir(void) { return lookup(PATH_LESSONS); }
const char *paths_locale_dir(void) { return lookup(PATH_LOCALE); }
