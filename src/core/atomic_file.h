/* atomic_file.h: every file this program writes (models, exports) is written to a temporary file
 * in the destination folder and renamed over the destination only when complete, so a failure or
 * a Ctrl-C never leaves a half-written file, and an earlier file survives a failed write. */
#ifndef S2S_ATOMIC_FILE_H
#define S2S_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>
#include "core/error.h"

typedef struct atomic_file {
    char path[4096]; /* the destination */
    char tmp[4096];  /* the temporary file beside it */
    FILE *fp;        /* open for writing on tmp */
} atomic_file;

/* Creates the temporary file. Fails with a clear message when the folder is missing, is not a
 * folder (a path through a regular file), or is not writable. */
int atomic_begin(atomic_file *af, const char *path, s2s_error *err);
/* Flushes, syncs and renames over the destination. On failure the temporary file is removed. */
int atomic_commit(atomic_file *af, s2s_error *err);
/* Closes and removes the temporary file (after a failed write). Accepts a never-begun file. */
void atomic_abort(atomic_file *af);

/* The three steps for a buffer already in memory. */
int atomic_write(const char *path, const void *data, size_t len, s2s_error *err);
/* The same without the sync: the rename still replaces the file whole, but it may not survive a
 * power cut. For files rewritten every frame that nobody needs after a crash (the window's test
 * logs): a sync per frame made the window wait for the disk, seconds at a time on a busy one. */
int atomic_write_unsynced(const char *path, const void *data, size_t len, s2s_error *err);

#endif
