/* font_cache.c: rendered strings kept in the atlas's text region, keyed by (text, pixel size).
 * Strings are white; the renderer tints them with colour and alpha mod, so one entry serves every
 * colour (hover highlights do not re-rasterize). The atlas evicts whole shelves of strings not
 * used lately; an entry whose shelf went is rendered again when it is next asked for, and swept
 * out of the table when the table fills up. */
#include "platform/font.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CACHE_ENTRIES = 4096, CACHE_BUCKETS = 2 * CACHE_ENTRIES };

typedef struct cache_entry {
    uint32_t hash;
    int px;
    size_t text;       /* offset of the string in the arena */
    atlas_place where; /* in the atlas's text region */
    int next;     /* next entry in the same bucket, -1 at the end */
} cache_entry;

struct font_cache {
    font_set *fonts;
    SDL_Renderer *renderer;
    atlas *atlas;
    cache_entry entries[CACHE_ENTRIES];
    int count;
    int buckets[CACHE_BUCKETS]; /* heads, -1 when empty */
    char *arena;                /* the entries' strings back to back */
    size_t arena_len, arena_cap;
    SDL_Texture *oversize;      /* the last string too large for the atlas */
    long hits, misses;
};

/* FNV-1a over the text, mixed with the size. */
static uint32_t key_hash(const char *text, int px) {
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) h = (h ^ *p) * 16777619u;
    return (h ^ (uint32_t)px) * 16777619u;
}

/* Keeps the entries the atlas still holds (all when clear is 0, none when it is 1, which also
 * clears the atlas's text region), packing them and their strings to the front. */
static void sweep(font_cache *fc, int clear) {
    if (clear) atlas_clear(fc->atlas, ATLAS_TEXT);
    for (int i = 0; i < CACHE_BUCKETS; i++) fc->buckets[i] = -1;
    int kept = 0;
    size_t len = 0;
    for (int i = 0; i < fc->count; i++) {
        cache_entry e = fc->entries[i];
        if (!atlas_holds(fc->atlas, ATLAS_TEXT, &e.where)) continue;
        size_t n = strlen(fc->arena + e.text) + 1;
        memmove(fc->arena + len, fc->arena + e.text, n); /* len <= e.text: moves only forward */
        e.text = len;
        len += n;
        int b = (int)(e.hash % CACHE_BUCKETS);
        e.next = fc->buckets[b];
        fc->buckets[b] = kept;
        fc->entries[kept++] = e;
    }
    fc->count = kept;
    fc->arena_len = len;
}

font_cache *font_cache_create(font_set *fs, SDL_Renderer *r, atlas *at, s2s_error *err) {
    font_cache *fc = calloc(1, sizeof *fc);
    if (!fc) {
        s2s_fail(err, "fonts: out of memory for the text cache");
        return NULL;
    }
    fc->fonts = fs;
    fc->renderer = r;
    fc->atlas = at;
    sweep(fc, 1);
    return fc;
}

void font_cache_destroy(font_cache *fc) {
    if (!fc) return;
    if (fc->oversize) SDL_DestroyTexture(fc->oversize);
    free(fc->arena);
    free(fc);
}

/* The string's own texture, for one too large for the atlas (a long title exported at 4x). The
 * previous one is destroyed: SDL first draws what was queued with it. */
static int own_texture(font_cache *fc, SDL_Surface *s, SDL_Texture **tex, atlas_place *where, s2s_error *err) {
    if (fc->oversize) SDL_DestroyTexture(fc->oversize);
    fc->oversize = SDL_CreateTextureFromSurface(fc->renderer, s);
    if (!fc->oversize) {
        s2s_fail(err, "fonts: cannot make a %dx%d text texture: %s", s->w, s->h, SDL_GetError());
        return -1;
    }
    SDL_SetTextureBlendMode(fc->oversize, SDL_BLENDMODE_BLEND);
    *tex = fc->oversize;
    *where = (atlas_place){{0, 0, s->w, s->h}, -1, 0};
    return 0;
}

/* Stores a copy of text in the arena; its offset, or (size_t)-1 when out of memory. */
static size_t keep_text(font_cache *fc, const char *text) {
    size_t n = strlen(text) + 1;
    if (array_grow((void **)&fc->arena, &fc->arena_cap, fc->arena_len + n, 1, 64 * 1024)) return (size_t)-1;
    memcpy(fc->arena + fc->arena_len, text, n);
    fc->arena_len += n;
    return fc->arena_len - n;
}

int font_cache_get(font_cache *fc, const char *text, int px, SDL_Texture **tex, atlas_place *where,
                   s2s_error *err) {
    uint32_t hash = key_hash(text, px);
    cache_entry *e = NULL;
    for (int i = fc->buckets[hash % CACHE_BUCKETS]; i >= 0 && !e; i = fc->entries[i].next)
        if (fc->entries[i].hash == hash && fc->entries[i].px == px && strcmp(fc->arena + fc->entries[i].text, text) == 0)
            e = &fc->entries[i];
    if (e && atlas_holds(fc->atlas, ATLAS_TEXT, &e->where)) {
        fc->hits++;
        atlas_touch(fc->atlas, ATLAS_TEXT, &e->where);
        *tex = atlas_texture(fc->atlas);
        *where = e->where;
        return 0;
    }
    fc->misses++; /* never seen, or its shelf was evicted */
    SDL_Surface *s = font_render(fc->fonts, text, px, err);
    if (!s) return -1;
    if (!e && fc->count == CACHE_ENTRIES) sweep(fc, 0);
    if (!e && fc->count == CACHE_ENTRIES) sweep(fc, 1); /* every entry still held: start afresh */
    atlas_place at;
    int put = atlas_put(fc->atlas, ATLAS_TEXT, s->pixels, s->pitch, s->w, s->h, &at, err);
    if (put == 1) { /* no room even after evicting: start the region afresh (never for a string
                     * that cannot fit at all: that would throw away every other one for nothing) */
        sweep(fc, 1);
        e = NULL; /* the sweep moved the entries */
        put = atlas_put(fc->atlas, ATLAS_TEXT, s->pixels, s->pitch, s->w, s->h, &at, err);
    }
    size_t off = put == 0 && !e ? keep_text(fc, text) : 0;
    int rc;
    if (put == 2 || put == 1 || off == (size_t)-1) { /* larger than the region, or no memory to remember it */
        rc = own_texture(fc, s, tex, where, err);
    } else if (put < 0) {
        rc = -1;
    } else {
        if (e) {
            e->where = at; /* the same string, put again */
        } else {
            int b = (int)(hash % CACHE_BUCKETS);
            fc->entries[fc->count] = (cache_entry){hash, px, off, at, fc->buckets[b]};
            fc->buckets[b] = fc->count++;
        }
        *tex = atlas_texture(fc->atlas);
        *where = at;
        rc = 0;
    }
    SDL_FreeSurface(s);
    return rc;
}

void font_cache_stats(const font_cache *fc, long *hits, long *misses) {
    if (hits) *hits = fc->hits;
    if (misses) *misses = fc->misses;
}
