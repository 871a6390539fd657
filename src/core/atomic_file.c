/* atomic_file.c: temporary file + rename, see atomic_file.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder part of path ("." when there is none). */
static void dir_of(const char *path, char *out, size_t cap) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(out, cap, ".");
    } else if (slash == path) {
        snprintf(out, cap, "/");
    } else {
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
    }
}

int atomic_begin(atomic_file *af, const char *path, s2s_error *err) {
    memset(af, 0, sizeof *af);
    if (!path || !*path) return s2s_fail(err, "no output path given");
    if (strlen(path) + 16 >= sizeof af->path) return s2s_fail(err, "output path is too long");
    char dir[4096];
    dir_of(path, dir, sizeof dir);
    struct stat st;
    if (stat(dir, &st) != 0)
        return s2s_fail(err, "cannot write %s: folder %s %s", path, dir,
                        errno == ENOTDIR ? "goes through a file that is not a folder" : "does not exist");
    if (!S_ISDIR(st.st_mode)) return s2s_fail(err, "cannot write %s: %s is not a folder", path, dir);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return s2s_fail(err, "cannot write %s: it is a folder", path);
    snprintf(af->path, sizeof af->path, "%s", path);
    snprintf(af->tmp, sizeof af->tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        int e = errno;
        af->tmp[0] = '\0';
        return s2s_fail(err, "cannot write %s: %s", path, strerror(e));
    }
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        close(fd);
        atomic_abort(af);
        return s2s_fail(err, "cannot write %s: out of memory", path);
    }
    return 0;
}

static int commit(atomic_file *af, int sync, s2s_error *err) {
    int bad = ferror(af->fp) || fflush(af->fp) != 0 || (sync && fsync(fileno(af->fp)) != 0);
    int e = errno;
    if (fclose(af->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    af->fp = NULL;
    if (bad) {
        atomic_abort(af);
        return s2s_fail(err, "cannot write %s: %s", af->path, strerror(e));
    }
    /* 0644 rather than mkstemp's 0600: an export or a model is meant to be shared */
    chmod(af->tmp, 0644);
    if (rename(af->tmp, af->path) != 0) {
        e = errno;
        atomic_abort(af);
        return s2s_fail(err, "cannot write %s: %s", af->path, strerror(e));
    }
    af->tmp[0] = '\0';
    return 0;
}

int atomic_commit(atomic_file *af, s2s_error *err) { return commit(af, 1, err); }

void atomic_abort(atomic_file *af) {
    if (af->fp) fclose(af->fp);
    af->fp = NULL;
    if (af->tmp[0]) unlink(af->tmp);
    af->tmp[0] = '\0';
}

static int write_whole(const char *path, const void *data, size_t len, int sync, s2s_error *err) {
    atomic_file af;
    if (atomic_begin(&af, path, err)) return -1;
    if (len && fwrite(data, 1, len, af.fp) != len) {
        int e = errno;
        atomic_abort(&af);
        return s2s_fail(err, "cannot write %s: %s", path, strerror(e));
    }
    return commit(&af, sync, err);
}

int atomic_write(const char *path, const void *data, size_t len, s2s_error *err) {
    return write_whole(path, data, len, 1, err);
}

int atomic_write_unsynced(const char *path, const void *data, size_t len, s2s_error *err) {
    return write_whole(path, data, len, 0, err);
}
