/* render_export.c: offscreen rendering (software renderer on a surface, no display) and atomic PNG
 * writing. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fchmod */

#include "platform/render.h"

#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/png_text.h"
#include "core/version.h"

SDL_Surface *render_offscreen(const draw_list *dl, font_set *fs, int width, int height, int scale,
                              s2s_error *err) {
    if (width < 1 || height < 1 || width > 8192 || height > 8192) {
        s2s_fail(err, "export: size %dx%d is outside 1..8192", width, height);
        return NULL;
    }
    if (scale < 1 || scale > 4) {
        s2s_fail(err, "export: scale %d is outside 1..4", scale);
        return NULL;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, width * scale, height * scale, 32,
                                                       SDL_PIXELFORMAT_RGBA32);
    if (!surf) {
        s2s_fail(err, "export: cannot allocate a %dx%d image: %s", width * scale, height * scale,
                 SDL_GetError());
        return NULL;
    }
    /* The software renderer needs neither SDL_Init(SDL_INIT_VIDEO) nor a display. */
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    if (!r) {
        s2s_fail(err, "export: cannot create a software renderer: %s", SDL_GetError());
        SDL_FreeSurface(surf);
        return NULL;
    }
    render_ctx *rc = render_create(r, fs, err);
    int ok = rc != NULL;
    if (ok) {
        SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
        SDL_RenderClear(r);
        ok = render_draw_list(rc, dl, (float)scale, err) == 0;
        SDL_RenderPresent(r);
    }
    render_destroy(rc);
    SDL_DestroyRenderer(r);
    if (!ok) {
        SDL_FreeSurface(surf);
        return NULL;
    }
    return surf;
}

/* Splits path into its folder (or ".") in dir. */
static void folder_of(const char *path, char *dir, size_t n) {
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, n, ".");
    else if (slash == path) snprintf(dir, n, "/");
    else snprintf(dir, n, "%.*s", (int)(slash - path), path);
}

/* Checks the destination before rendering, to explain failures in the user's terms. */
static int check_destination(const char *path, s2s_error *err) {
    char dir[4096];
    struct stat st;
    if (!path || !*path) return s2s_fail(err, "export: no output path given");
    if (strlen(path) >= sizeof dir - 32) return s2s_fail(err, "export: path too long: %s", path);
    folder_of(path, dir, sizeof dir);
    if (stat(dir, &st) != 0) {
        if (errno == ENOTDIR)
            return s2s_fail(err, "export: cannot write %s: a part of the folder path is a file, "
                                 "not a folder", path);
        return s2s_fail(err, "export: cannot write %s: folder %s does not exist", path, dir);
    }
    if (!S_ISDIR(st.st_mode))
        return s2s_fail(err, "export: cannot write %s: %s is a file, not a folder", path, dir);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return s2s_fail(err, "export: cannot write %s: it is a folder", path);
    return 0;
}

int render_export_png(const draw_list *dl, font_set *fs, int width, int height, int scale,
                      const char *path, s2s_error *err) {
    if (check_destination(path, err)) return -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp); /* same folder as path, so rename() is atomic */
    if (fd < 0) {
        char dir[4096];
        folder_of(path, dir, sizeof dir);
        return s2s_fail(err, "export: cannot write in folder %s: %s", dir, strerror(errno));
    }
    fchmod(fd, 0644); /* mkstemp makes 0600; an exported figure is meant to be shared */
    close(fd);

    SDL_Surface *surf = render_offscreen(dl, fs, width, height, scale, err);
    if (!surf) {
        unlink(tmp);
        return -1;
    }
    int rc = IMG_SavePNG(surf, tmp);
    SDL_FreeSurface(surf);
    if (rc != 0) {
        s2s_fail(err, "export: cannot write %s: %s", path, IMG_GetError());
        unlink(tmp);
        return -1;
    }
    char software[64]; /* which program (and version) made the figure, as PNG's "Software" text */
    snprintf(software, sizeof software, "Stepformer %s", stepformer_version());
    if (png_add_text_file(tmp, "Software", software, err)) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        s2s_fail(err, "export: cannot rename the finished image to %s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
