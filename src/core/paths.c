/* paths.c: see paths.h. */
#include "core/paths.h"

#include <stdlib.h>

#ifndef STEPFORMER_ASSETS
#define STEPFORMER_ASSETS "assets"
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
