/* font.c: finding fonts with fontconfig, opening them per pixel size, measuring and rasterizing
 * text with per-glyph CJK fallback. The texture cache is in font_cache.c. */
#include "platform/font.h"
#include "core/util.h"

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FONT_MAX_SIZES = 48 }; /* distinct pixel sizes kept open (labels, titles, x1..x4 export) */
enum { FONT_MEASURE_SLOTS = 4096 }; /* measured strings remembered (a lesson slide measures ~300 a frame) */

typedef struct font_face_size {
    int px;
    TTF_Font *latin;
    TTF_Font *cjk; /* opened on first need: the CJK file is large and most text never needs it */
} font_face_size;

struct font_set {
    FcConfig *fc;
    char latin_path[1024], cjk_path[1024];
    int latin_index, cjk_index;
    font_face_size sizes[FONT_MAX_SIZES];
    int nsizes, next_evict;
    int ttf_inited;
    struct measure_slot { /* font_measure's results, direct-mapped by a 64-bit hash of (text, size) */
        unsigned long long key; /* 0: empty */
        float w, h;
    } measured[FONT_MEASURE_SLOTS];
};

/* FNV-1a of the text and the size's bits; never 0. */
static unsigned long long measure_key(const char *text, float size) {
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    unsigned bits;
    memcpy(&bits, &size, sizeof bits);
    h = (h ^ bits) * 1099511628211ULL;
    return h ? h : 1;
}

/* Asks fontconfig for `pattern`; accepts the match only if its family is `family` (when given)
 * and it covers `probe` (when nonzero), because fontconfig always returns *some* font. */
static int find_font(FcConfig *fc, const char *pattern, const char *family, FcChar32 probe,
                     char *path, size_t n, int *index) {
    FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
    if (!pat) return -1;
    FcConfigSubstitute(fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(fc, pat, &res);
    FcPatternDestroy(pat);
    if (!m) return -1;
    int ok = 1;
    if (family) {
        FcChar8 *fam;
        ok = 0;
        for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
            if (strcasecmp((const char *)fam, family) == 0) ok = 1;
    }
    FcCharSet *cs;
    if (ok && probe && (FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch ||
                        !FcCharSetHasChar(cs, probe)))
        ok = 0;
    FcChar8 *file;
    if (ok && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
        snprintf(path, n, "%s", (const char *)file);
        if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch) *index = 0;
    } else {
        ok = 0;
    }
    FcPatternDestroy(m);
    return ok ? 0 : -1;
}

font_set *font_set_open(s2s_error *err) {
    font_set *fs = calloc(1, sizeof *fs);
    if (!fs) {
        s2s_fail(err, "fonts: out of memory");
        return NULL;
    }
    fs->fc = FcInitLoadConfigAndFonts();
    if (!fs->fc) {
        s2s_fail(err, "fonts: fontconfig could not load its configuration (is fontconfig-config "
                      "installed?)");
        goto fail;
    }
    if (find_font(fs->fc, "DejaVu Sans", "DejaVu Sans", 'A', fs->latin_path,
                  sizeof fs->latin_path, &fs->latin_index)) {
        s2s_fail(err, "fonts: the Latin font \"DejaVu Sans\" is not installed; install the Debian "
                      "package fonts-dejavu-core (apt-get install fonts-dejavu-core)");
        goto fail;
    }
    /* Any font that covers Chinese will do; WenQuanYi Micro Hei is the one we ask for first. */
    if (find_font(fs->fc, "WenQuanYi Micro Hei:lang=zh", NULL, 0x4E2D, fs->cjk_path,
                  sizeof fs->cjk_path, &fs->cjk_index)) {
        s2s_fail(err, "fonts: no CJK font (\"WenQuanYi Micro Hei\", matched by :lang=zh) is "
                      "installed; install the Debian package fonts-wqy-microhei "
                      "(apt-get install fonts-wqy-microhei)");
        goto fail;
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        s2s_fail(err, "fonts: SDL_ttf failed to start: %s", TTF_GetError());
        goto fail;
    }
    fs->ttf_inited = 1;
    return fs;
fail:
    font_set_close(fs);
    return NULL;
}

void font_set_close(font_set *fs) {
    if (!fs) return;
    for (int i = 0; i < fs->nsizes; i++) {
        if (fs->sizes[i].latin) TTF_CloseFont(fs->sizes[i].latin);
        if (fs->sizes[i].cjk) TTF_CloseFont(fs->sizes[i].cjk);
    }
    if (fs->ttf_inited) TTF_Quit(); /* reference counted by SDL_ttf */
    if (fs->fc) FcConfigDestroy(fs->fc);
    free(fs);
}

const char *font_set_latin_path(const font_set *fs) { return fs->latin_path; }
const char *font_set_cjk_path(const font_set *fs) { return fs->cjk_path; }

/* The faces at px, opening the Latin one if needed (evicting the oldest size when full). */
static font_face_size *face_size(font_set *fs, int px, s2s_error *err) {
    if (px < 1) px = 1;
    for (int i = 0; i < fs->nsizes; i++)
        if (fs->sizes[i].px == px) return &fs->sizes[i];
    TTF_Font *latin = TTF_OpenFontIndex(fs->latin_path, px, fs->latin_index);
    if (!latin) {
        s2s_fail(err, "fonts: cannot open %s: %s", fs->latin_path, TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(latin, TTF_HINTING_LIGHT); /* light hinting keeps glyph shapes true */
    font_face_size *slot;
    if (fs->nsizes < FONT_MAX_SIZES) {
        slot = &fs->sizes[fs->nsizes++];
    } else {
        slot = &fs->sizes[fs->next_evict];
        fs->next_evict = (fs->next_evict + 1) % FONT_MAX_SIZES;
        TTF_CloseFont(slot->latin);
        if (slot->cjk) TTF_CloseFont(slot->cjk);
    }
    slot->px = px;
    slot->latin = latin;
    slot->cjk = NULL;
    return slot;
}

static TTF_Font *cjk_face(font_set *fs, font_face_size *f) {
    if (!f->cjk) {
        f->cjk = TTF_OpenFontIndex(fs->cjk_path, f->px, fs->cjk_index);
        if (f->cjk) TTF_SetFontHinting(f->cjk, TTF_HINTING_LIGHT);
    }
    return f->cjk;
}

/* Splits text into runs of one face each and calls fn per run (a NUL-terminated copy). */
typedef int (*run_fn)(void *ctx, TTF_Font *face, const char *run);

static int for_each_run(font_set *fs, font_face_size *f, const char *text, run_fn fn, void *ctx) {
    char local[512];
    size_t len = strlen(text);
    char *buf = len < sizeof local ? local : malloc(len + 1);
    if (!buf) return -1;
    int rc = 0;
    const char *p = text;
    while (*p && rc == 0) {
        const char *start = p;
        TTF_Font *face = NULL;
        while (*p) {
            const char *q = p;
            Uint32 c = (Uint32)utf8_next(&q);
            TTF_Font *want = f->latin;
            if (!TTF_GlyphIsProvided32(f->latin, c)) {
                TTF_Font *cjk = cjk_face(fs, f);
                if (cjk && TTF_GlyphIsProvided32(cjk, c)) want = cjk;
            }
            if (face && want != face) break;
            face = want;
            p = q;
        }
        memcpy(buf, start, (size_t)(p - start));
        buf[p - start] = 0;
        rc = fn(ctx, face, buf);
    }
    if (buf != local) free(buf);
    return rc;
}

typedef struct measure_ctx {
    int w, ascent, descent;
} measure_ctx;

static int measure_run(void *vctx, TTF_Font *face, const char *run) {
    measure_ctx *m = vctx;
    int w = 0, h = 0;
    if (TTF_SizeUTF8(face, run, &w, &h) != 0) return -1;
    m->w += w;
    if (TTF_FontAscent(face) > m->ascent) m->ascent = TTF_FontAscent(face);
    if (-TTF_FontDescent(face) > m->descent) m->descent = -TTF_FontDescent(face);
    return 0;
}

void font_measure(void *user, const char *text, float size, float *w, float *h) {
    font_set *fs = user;
    unsigned long long key = measure_key(text, size);
    struct measure_slot *slot = &fs->measured[key % FONT_MEASURE_SLOTS];
    if (slot->key == key) { /* measured before: the same string at the same size */
        if (w) *w = slot->w;
        if (h) *h = slot->h;
        return;
    }
    int px = (int)(size + 0.5f);
    font_face_size *f = face_size(fs, px, NULL);
    measure_ctx m = {0, 0, 0};
    if (!f || for_each_run(fs, f, text, measure_run, &m) != 0) {
        draw_measure_fallback(NULL, text, size, w, h); /* never leave the layout without a size */
        return;
    }
    int line = TTF_FontHeight(f->latin);
    if (m.ascent + m.descent > line) line = m.ascent + m.descent;
    *slot = (struct measure_slot){key, (float)m.w * size / (float)px, (float)line * size / (float)px}; /* rounding px must not shift the layout */
    if (w) *w = slot->w;
    if (h) *h = slot->h;
}

typedef struct render_run_ctx {
    SDL_Surface *dst;
    int x, ascent;
} render_run_ctx;

static int render_run(void *vctx, TTF_Font *face, const char *run) {
    render_run_ctx *r = vctx;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *s = TTF_RenderUTF8_Blended(face, run, white);
    if (!s) return -1;
    SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE); /* copy coverage as is: runs never overlap */
    SDL_Rect dst = {r->x, r->ascent - TTF_FontAscent(face), s->w, s->h};
    int rc = SDL_BlitSurface(s, NULL, r->dst, &dst);
    r->x += s->w;
    SDL_FreeSurface(s);
    return rc;
}

SDL_Surface *font_render(font_set *fs, const char *text, int px, s2s_error *err) {
    font_face_size *f = face_size(fs, px, err);
    if (!f) return NULL;
    measure_ctx m = {0, 0, 0};
    if (for_each_run(fs, f, text, measure_run, &m) != 0) {
        s2s_fail(err, "fonts: cannot measure \"%s\": %s", text, TTF_GetError());
        return NULL;
    }
    int line = TTF_FontHeight(f->latin);
    int hgt = m.ascent + m.descent > line ? m.ascent + m.descent : line;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, m.w > 0 ? m.w : 1, hgt, 32,
                                                      SDL_PIXELFORMAT_ABGR8888);
    if (!dst) {
        s2s_fail(err, "fonts: cannot allocate a %dx%d text surface: %s", m.w, hgt, SDL_GetError());
        return NULL;
    }
    SDL_FillRect(dst, NULL, SDL_MapRGBA(dst->format, 255, 255, 255, 0));
    render_run_ctx r = {dst, 0, m.ascent};
    if (for_each_run(fs, f, text, render_run, &r) != 0) {
        s2s_fail(err, "fonts: cannot render \"%s\": %s", text, TTF_GetError());
        SDL_FreeSurface(dst);
        return NULL;
    }
    return dst;
}
