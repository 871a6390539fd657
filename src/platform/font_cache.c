/* font_cache.c: rendered strings as textures, keyed by (text, pixel size), least recently used
 * evicted. Textures are white; the backend tints them with colour/alpha mod, so one texture
 * serves every colour (hover highlights do not re-rasterize). */
#include "platform/font.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cache_entry {
    char *text;          /* NULL: free slot */
    int px, w, h;
    uint32_t hash;
    SDL_Texture *tex;
    unsigned long used;  /* frame-independent use counter: larger = more recent */
    int next;            /* next entry in the same bucket, -1 at the end */
} cache_entry;

struct font_cache {
    font_set *fonts;
    SDL_Renderer *renderer;
    cache_entry *entries;
    int capacity, count;
    int *buckets;        /* 2 * capacity heads, -1 when empty */
    int nbuckets;
    unsigned long clock;
    long hits, misses;
};

/* FNV-1a over the text, mixed with the size. */
static uint32_t key_hash(const char *text, int px) {
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) h = (h ^ *p) * 16777619u;
    return (h ^ (uint32_t)px) * 16777619u;
}

font_cache *font_cache_create(font_set *fs, SDL_Renderer *r, int capacity, s2s_error *err) {
    if (capacity < 16) capacity = 16;
    font_cache *fc = calloc(1, sizeof *fc);
    if (fc) {
        fc->entries = calloc((size_t)capacity, sizeof *fc->entries);
        fc->buckets = malloc((size_t)capacity * 2 * sizeof *fc->buckets);
    }
    if (!fc || !fc->entries || !fc->buckets) {
        font_cache_destroy(fc);
        s2s_fail(err, "fonts: out of memory for the text cache");
        return NULL;
    }
    fc->fonts = fs;
    fc->renderer = r;
    fc->capacity = capacity;
    fc->nbuckets = capacity * 2;
    for (int i = 0; i < fc->nbuckets; i++) fc->buckets[i] = -1;
    return fc;
}

void font_cache_destroy(font_cache *fc) {
    if (!fc) return;
    if (fc->entries) {
        for (int i = 0; i < fc->capacity; i++) {
            free(fc->entries[i].text);
            if (fc->entries[i].tex) SDL_DestroyTexture(fc->entries[i].tex);
        }
    }
    free(fc->entries);
    free(fc->buckets);
    free(fc);
}

/* Removes entry i from its bucket chain and frees its contents. */
static void evict(font_cache *fc, int i) {
    cache_entry *e = &fc->entries[i];
    int *link = &fc->buckets[e->hash % (uint32_t)fc->nbuckets];
    while (*link != i) link = &fc->entries[*link].next;
    *link = e->next;
    free(e->text);
    SDL_DestroyTexture(e->tex);
    memset(e, 0, sizeof *e);
    fc->count--;
}

SDL_Texture *font_cache_get(font_cache *fc, const char *text, int px, int *w, int *h,
                            s2s_error *err) {
    uint32_t hash = key_hash(text, px);
    int b = (int)(hash % (uint32_t)fc->nbuckets);
    for (int i = fc->buckets[b]; i >= 0; i = fc->entries[i].next) {
        cache_entry *e = &fc->entries[i];
        if (e->hash == hash && e->px == px && strcmp(e->text, text) == 0) {
            e->used = ++fc->clock;
            fc->hits++;
            if (w) *w = e->w;
            if (h) *h = e->h;
            return e->tex;
        }
    }
    fc->misses++;
    SDL_Surface *s = font_render(fc->fonts, text, px, err);
    if (!s) return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(fc->renderer, s);
    int tw = s->w, th = s->h;
    SDL_FreeSurface(s);
    char *copy = tex ? malloc(strlen(text) + 1) : NULL;
    if (!tex || !copy) {
        s2s_fail(err, "fonts: cannot make a texture for \"%s\": %s", text,
                 tex ? "out of memory" : SDL_GetError());
        if (tex) SDL_DestroyTexture(tex);
        return NULL;
    }
    strcpy(copy, text);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);

    int slot = -1;
    if (fc->count == fc->capacity) { /* full: evict the least recently used (a miss is rare) */
        unsigned long oldest = (unsigned long)-1;
        for (int i = 0; i < fc->capacity; i++)
            if (fc->entries[i].used < oldest) oldest = fc->entries[i].used, slot = i;
        evict(fc, slot);
    } else {
        for (int i = 0; i < fc->capacity && slot < 0; i++)
            if (!fc->entries[i].text) slot = i;
    }
    cache_entry *e = &fc->entries[slot];
    *e = (cache_entry){copy, px, tw, th, hash, tex, ++fc->clock, fc->buckets[b]};
    fc->buckets[b] = slot;
    fc->count++;
    if (w) *w = tw;
    if (h) *h = th;
    return tex;
}

void font_cache_stats(const font_cache *fc, long *hits, long *misses) {
    if (hits) *hits = fc->hits;
    if (misses) *misses = fc->misses;
}
