/* paths.h: where Stepformer finds its data (the bundled models, and later lessons). The one place
 * that knows the layout of an install and of the source tree; the window and the CLI both ask it. */
#ifndef S2S_PATHS_H
#define S2S_PATHS_H

/* The assets folder (holding models/): $STEPFORMER_ASSETS when set, else the one compiled in. */
const char *paths_assets_dir(void);

/* The lessons folder (holding en/, zh/, img/): $STEPFORMER_LESSONS when set, else the one compiled
 * in (the source tree's lessons/ for a binary run from its build folder). */
const char *paths_lessons_dir(void);

#endif
