/* prefs.c: see prefs.h. The file is a JSON object; unknown keys are ignored (a newer version's file
 * still opens), a known key with a wrong value makes the whole file invalid. */
#define _POSIX_C_SOURCE 200809L
#include "app/prefs.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/atomic_file.h"

#define PREFS_FILE_MAX (1 << 20) /* a preferences file is a few hundred bytes; refuse anything huge */

/* The string fields, as a table: JSON key, offset in prefs, capacity. */
typedef struct string_field {
    const char *key;
    size_t offset, cap;
} string_field;

#define STRING_FIELD(key, member) {key, offsetof(prefs, member), sizeof(((prefs *)0)->member)}
static const string_field string_fields[] = {
    STRING_FIELD("colormap", colormap), STRING_FIELD("export_dir", export_dir), STRING_FIELD("language", language),
    STRING_FIELD("model", model),       STRING_FIELD("input", input),
};

void prefs_clear(prefs *p) {
    memset(p, 0, sizeof *p);
    p->theme_dark = -1;
}

int prefs_equal(const prefs *a, const prefs *b) {
    if (a->theme_dark != b->theme_dark || a->text_scale != b->text_scale || a->width != b->width || a->height != b->height)
        return 0;
    for (size_t i = 0; i < sizeof string_fields / sizeof string_fields[0]; i++)
        if (strcmp((const char *)a + string_fields[i].offset, (const char *)b + string_fields[i].offset) != 0) return 0;
    return 1;
}

void prefs_merge_changes(prefs *out, const prefs *base, const prefs *start, const prefs *now) {
    prefs m = *base;
    if (now->theme_dark != start->theme_dark) m.theme_dark = now->theme_dark;
    if (now->text_scale != start->text_scale) m.text_scale = now->text_scale;
    if (now->width != start->width || now->height != start->height) {
        m.width = now->width;
        m.height = now->height;
    }
    for (size_t i = 0; i < sizeof string_fields / sizeof string_fields[0]; i++) {
        const string_field *f = &string_fields[i];
        const char *a = (const char *)start + f->offset, *b = (const char *)now + f->offset;
        if (strcmp(a, b) != 0) memcpy((char *)&m + f->offset, b, strlen(b) + 1);
    }
    *out = m;
}

int prefs_default_path(char *out, size_t cap) {
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    out[0] = 0;
    /* the XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored */
    if (xdg && xdg[0] == '/') snprintf(out, cap, "%s/stepformer/prefs.json", xdg);
    else if (home && *home) snprintf(out, cap, "%s/.config/stepformer/prefs.json", home);
    return out[0] ? 0 : -1;
}

/* ---- reading ----------------------------------------------------------------------------------- */

static char *read_small_file(const char *path, s2s_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        s2s_fail(err, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(PREFS_FILE_MAX + 1);
    size_t n = buf ? fread(buf, 1, PREFS_FILE_MAX + 1, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad || n > PREFS_FILE_MAX) {
        free(buf);
        s2s_fail(err, bad ? "cannot read %s" : "%s is too large to be a preferences file", path);
        return NULL;
    }
    buf[n] = 0;
    return buf;
}

/* Fills p from the parsed object; -1 with err naming the first bad key. */
static int from_json(prefs *p, const cJSON *o, s2s_error *err) {
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "theme"))) {
        if (!cJSON_IsString(v) || (strcmp(v->valuestring, "light") != 0 && strcmp(v->valuestring, "dark") != 0))
            return s2s_fail(err, "\"theme\" must be \"light\" or \"dark\"");
        p->theme_dark = strcmp(v->valuestring, "dark") == 0;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "text_scale"))) {
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0.7 && v->valuedouble <= 3.0))
            return s2s_fail(err, "\"text_scale\" must be a number from 0.7 to 3");
        p->text_scale = (float)v->valuedouble;
    }
    const cJSON *win = cJSON_GetObjectItemCaseSensitive(o, "window");
    if (win) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(win, "width"), *h = cJSON_GetObjectItemCaseSensitive(win, "height");
        if (!cJSON_IsObject(win) || !cJSON_IsNumber(w) || !cJSON_IsNumber(h) || w->valuedouble < 640 ||
            h->valuedouble < 480 || w->valuedouble > 8192 || h->valuedouble > 8192)
            return s2s_fail(err, "\"window\" must be {\"width\": 640..8192, \"height\": 480..8192}");
        p->width = (int)w->valuedouble;
        p->height = (int)h->valuedouble;
    }
    for (size_t i = 0; i < sizeof string_fields / sizeof string_fields[0]; i++) {
        const string_field *f = &string_fields[i];
        if (!(v = cJSON_GetObjectItemCaseSensitive(o, f->key))) continue;
        if (!cJSON_IsString(v) || strlen(v->valuestring) >= f->cap)
            return s2s_fail(err, "\"%s\" must be a text of at most %zu bytes", f->key, f->cap - 1);
        memcpy((char *)p + f->offset, v->valuestring, strlen(v->valuestring) + 1);
    }
    return 0;
}

int prefs_load(prefs *p, const char *path, s2s_error *err) {
    prefs_clear(p);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) return 0; /* first start */
    char *text = read_small_file(path, err);
    if (!text) return -1;
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithOpts(text, &end, 1);
    int rc = 0;
    if (!o) rc = s2s_fail(err, "%s is not valid JSON (at byte %ld)", path, end ? (long)(end - text) : 0L);
    else if (!cJSON_IsObject(o)) rc = s2s_fail(err, "%s is not valid (not a JSON object)", path);
    else if (from_json(p, o, err)) rc = s2s_fail_prefix(err, "%s is not valid: ", path);
    cJSON_Delete(o);
    free(text);
    if (rc) prefs_clear(p); /* all or nothing: half a file would mix two sets of choices */
    return rc;
}

/* ---- writing ----------------------------------------------------------------------------------- */

/* Creates the folder holding path, and its parent (~/.config may not exist on a fresh account). */
static int make_parent_dirs(const char *path, s2s_error *err) {
    char dir[PREFS_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return 0;
    *slash = 0;
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) return s2s_fail(err, "cannot create folder %s: %s", dir, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return s2s_fail(err, "cannot create folder %s: %s", dir, strerror(errno));
    return 0;
}

int prefs_save(const prefs *p, const char *path, s2s_error *err) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return s2s_fail(err, "out of memory");
    if (p->theme_dark >= 0) cJSON_AddStringToObject(o, "theme", p->theme_dark ? "dark" : "light");
    if (p->text_scale > 0) cJSON_AddNumberToObject(o, "text_scale", (double)p->text_scale);
    if (p->width > 0 && p->height > 0) { /* within what prefs_load accepts: a window shrunk below 640x480 comes back at that */
        cJSON *win = cJSON_AddObjectToObject(o, "window");
        cJSON_AddNumberToObject(win, "width", p->width < 640 ? 640 : p->width > 8192 ? 8192 : p->width);
        cJSON_AddNumberToObject(win, "height", p->height < 480 ? 480 : p->height > 8192 ? 8192 : p->height);
    }
    for (size_t i = 0; i < sizeof string_fields / sizeof string_fields[0]; i++) {
        const char *v = (const char *)p + string_fields[i].offset;
        if (*v) cJSON_AddStringToObject(o, string_fields[i].key, v);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    if (!text) return s2s_fail(err, "out of memory");
    int rc = make_parent_dirs(path, err);
    if (rc == 0) {
        size_t n = strlen(text);
        text[n] = '\n'; /* cJSON_Print ends without a newline; the NUL is not written */
        rc = atomic_write(path, text, n + 1, err);
    }
    free(text);
    return rc;
}

/* ---- the store --------------------------------------------------------------------------------- */

void prefs_store_open(prefs_store *st, const char *path, int no_config) {
    memset(st, 0, sizeof *st);
    prefs_clear(&st->saved);
    if (no_config) return;
    if (path) snprintf(st->path, sizeof st->path, "%s", path);
    else prefs_default_path(st->path, sizeof st->path);
    s2s_error err;
    if (st->path[0] && prefs_load(&st->loaded, st->path, &err))
        snprintf(st->problem, sizeof st->problem, "preferences ignored: %s", err.msg);
    st->saved = st->pending = st->loaded;
}

int prefs_store_update(prefs_store *st, const prefs *now, long long now_ms, int flush) {
    if (!st->path[0]) return 0;
    if (!st->started) {
        st->start = *now;
        st->started = 1;
    }
    prefs merged;
    prefs_merge_changes(&merged, &st->loaded, &st->start, now);
    if (!prefs_equal(&merged, &st->pending)) {
        st->pending = merged;
        st->changed_at = now_ms;
        st->dirty = !prefs_equal(&merged, &st->saved);
    }
    if (!st->dirty || (!flush && now_ms - st->changed_at < PREFS_QUIET_MS)) return 0;
    st->dirty = 0;
    s2s_error err;
    if (prefs_save(&st->pending, st->path, &err)) {
        snprintf(st->problem, sizeof st->problem, "cannot save preferences: %s", err.msg);
        return -1;
    }
    st->saved = st->pending;
    return 1;
}
