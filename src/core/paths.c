/* paths.c: see paths.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/paths.h"

#include <stdlib.h>
#include <sys/stat.h>

#ifndef STEPFORMER_ASSETS
#define STEPFORMER_ASSETS "assets"
#endif
#ifndef STEPFORMER_LOCALE_BUILD
#define STEPFORMER_LOCALE_BUILD "locale"
#endif
#ifndef STEPFORMER_LOCALE_INSTALL
#define STEPFORMER_LOCALE_INSTALL "/usr/local/share/locale"
#endif

#ifndef STEPFORMER_LESSONS
#define STEPFORMER_LESSONS "lessons"
#endif

const char *paths_lessons_dir(void) {
    const char *env = getenv("STEPFORMER_LESSONS");
    return env && *env ? env : STEPFORMER_LESSONS;
}

const char *paths_assets_dir(void) {
    const char *env = getenv("STEPFORMER_ASSETS");
    return env && *env ? env : STEPFORMER_ASSETS;
}

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *paths_locale_dir(void) {
    const char *env = getenv("STEPFORMER_LOCALE");
    if (env && *env) return env;
    return is_dir(STEPFORMER_LOCALE_BUILD) ? STEPFORMER_LOCALE_BUILD : STEPFORMER_LOCALE_INSTALL;
}
