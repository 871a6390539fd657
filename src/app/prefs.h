/* prefs.h: the window's remembered preferences (theme, colormap, text scale, export folder,
 * language, last model and input, window size) in $XDG_CONFIG_HOME/stepformer/prefs.json (else
 * ~/.config/stepformer/prefs.json). Read at start, written atomically when they change. A file that
 * cannot be read or is not valid is ignored as a whole, with one message for the window to show;
 * it never stops the program. Command-line options override what the file says for that session
 * only: what is written is the file's values plus what the user changed in the window since it
 * opened, so `stepformer --theme dark` once does not make dark the default.
 *
 * No SDL and no app state here: the app copies between its state and a prefs (app.c), so this
 * module is plain data + a file, testable on its own. */
#ifndef S2S_PREFS_H
#define S2S_PREFS_H

#include "core/error.h"

#define PREFS_PATH_MAX 4096

/* One set of preferences. Empty strings and zeros mean "not set" (the program's default). */
typedef struct prefs {
    int theme_dark;                 /* -1 not set, 0 light, 1 dark */
    char colormap[32];              /* a colormap name ("viridis") */
    float text_scale;               /* 0.7 .. 2 */
    char export_dir[PREFS_PATH_MAX];
    char language[32];              /* an interface language code ("zh", "en"), kept for the i18n code */
    char model[PREFS_PATH_MAX];     /* the last model file, an absolute path */
    char input[256];                /* the last input text */
    int width, height;              /* the window's logical size */
} prefs;

/* Every field "not set". */
void prefs_clear(prefs *p);
int prefs_equal(const prefs *a, const prefs *b);
/* out = base with every field where now differs from start taken from now (the window size as one
 * field). */
void prefs_merge_changes(prefs *out, const prefs *base, const prefs *start, const prefs *now);

/* The preferences file's path into out: $XDG_CONFIG_HOME/stepformer/prefs.json, or
 * $HOME/.config/stepformer/prefs.json. Returns -1 (out = "") when neither variable is set. */
int prefs_default_path(char *out, size_t cap);

/* Reads path into p. A missing file is not an error (p stays clear, returns 0). An unreadable or
 * invalid file returns -1 with err naming the file and the problem; p stays clear. */
int prefs_load(prefs *p, const char *path, s2s_error *err);
/* Writes p to path atomically (creating the stepformer folder when needed). */
int prefs_save(const prefs *p, const char *path, s2s_error *err);

/* ---- the window's store: remembers what the file holds, writes changes ------------------------ */

typedef struct prefs_store {
    char path[PREFS_PATH_MAX]; /* "" = not remembering (--no-config, or no home folder) */
    prefs loaded;              /* what the file held at start (clear when it was missing or ignored) */
    prefs start;               /* the window's state when it opened (the file + command line) */
    int started;               /* start is set */
    prefs saved;               /* what the file holds now */
    prefs pending;             /* what it should hold, not yet written */
    long long changed_at;      /* tick of the latest change to pending */
    int dirty;
    char problem[1024];         /* why the file was ignored or could not be written: shown once */
} prefs_store;

/* Opens the store on path (NULL: prefs_default_path; "" or no_config: remember nothing) and reads
 * the file. A problem goes to st->problem (the caller shows it once and clears it). */
void prefs_store_open(prefs_store *st, const char *path, int no_config);
/* Records the window's current preferences at tick now (ms); the first call records the session's
 * start. The fields that differ from the start are merged over what the file held, and the file
 * is written once that has stayed the same for PREFS_QUIET_MS (a window being resized changes
 * every frame), or at once with flush. Returns 1 when it wrote the file, -1 when writing failed
 * (st->problem says why; not retried until something changes again), else 0. */
#define PREFS_QUIET_MS 500
int prefs_store_update(prefs_store *st, const prefs *now, long long now_ms, int flush);

#endif
