/* lesson_list.c: the lessons of one language in a lessons folder, with their titles and lengths
 * (the picker and `stepformer lesson list`). */
#define _POSIX_C_SOURCE 200809L
#include "lesson/lesson.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_path(const void *x, const void *y) {
    return strcmp(((const lesson_entry *)x)->path, ((const lesson_entry *)y)->path);
}

int lesson_list_dir(lesson_list *out, const char *dir, const char *lang) {
    out->n = 0;
    char folder[760]; /* + "/" + a file name of at most 255 bytes fits a path */
    snprintf(folder, sizeof folder, "%s/%s", dir, lang);
    DIR *d = opendir(folder);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) && out->n < LESSON_LIST_MAX) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0 || e->d_name[0] == '.') continue;
        lesson_entry *it = &out->items[out->n++];
        memset(it, 0, sizeof *it);
        snprintf(it->path, sizeof it->path, "%s/%s", folder, e->d_name);
    }
    closedir(d);
    qsort(out->items, (size_t)out->n, sizeof out->items[0], by_path);
    for (int i = 0; i < out->n; i++) {
        lesson_entry *it = &out->items[i];
        lesson l;
        if (lesson_load(&l, it->path, &it->err) == 0) {
            snprintf(it->title, sizeof it->title, "%s", l.title);
            it->n_slides = l.n_slides;
        }
        /* the name even when it does not parse, so the list can say which file is wrong */
        lesson_name_of_path(it->path, it->name, sizeof it->name);
        lesson_free(&l);
    }
    return out->n;
}

int lesson_list_find(const lesson_list *ls, const char *name) {
    for (int i = 0; i < ls->n; i++) {
        const char *base = strrchr(ls->items[i].path, '/') + 1;
        size_t n = strlen(name);
        if (strcmp(ls->items[i].name, name) == 0 || (strncmp(base, name, n) == 0 && (base[n] == '.' || base[n] == '-')))
            return i;
    }
    return -1;
}
