/* paths.h: where Stepformer finds its data. The one place that knows the layout of an install and
 * of the source tree; the window, the CLI, the lesson player and the translations all ask it.
 *
 * Three layouts, tried in this order:
 *   1. an environment variable (STEPFORMER_ASSETS, STEPFORMER_LESSONS, STEPFORMER_LOCALE) when set;
 *   2. an install: the binary in PREFIX/bin finds PREFIX/share/stepformer/models next to it (the
 *      binary's own location, from /proc/self/exe, so a moved prefix still works), and then uses
 *      PREFIX/share/stepformer, PREFIX/share/stepformer/lessons and PREFIX/share/locale;
 *   3. a build folder: the source tree's assets/ and lessons/ and the build folder's locale/
 *      (compiled in by CMake). */
#ifndef S2S_PATHS_H
#define S2S_PATHS_H

/* The assets folder (holding models/). */
const char *paths_assets_dir(void);
/* The lessons folder (holding en/, zh/, img/). */
const char *paths_lessons_dir(void);
/* The message catalogues (LANG/LC_MESSAGES/stepformer.mo), for bindtextdomain(). */
const char *paths_locale_dir(void);

#endif
