/* lesson.h: a lesson is a Markdown file (docs/lessons.md is the format's reference). This library
 * parses it with cmark into slides: each slide's full window state (the header's keys carried over
 * from the slide before) and its text as a list of blocks of styled runs, ready to lay out. No SDL,
 * no model: what a state means for a real decode is checked by the player (src/app/lesson_player.c).
 *
 * Every error names the file and the line: "lessons/en/02-attention.md:14: unknown key 'modle'". */
#ifndef S2S_LESSON_H
#define S2S_LESSON_H

#include <stddef.h>
#include "core/error.h"

#define LESSON_VALUE_MAX 256
#define LESSON_MAX_SLIDES 200

/* ---- the state a slide sets ---------------------------------------------------------------------- */

typedef enum lesson_key {
    LK_MODEL, LK_INPUT, LK_TARGET, LK_NAT_LENGTH, LK_BEAM, LK_COMPARE, LK_TICK, LK_BATCH, LK_PLACE, LK_PASS,
    LK_WHAT_IF, LK_THEME, LK_COLORMAP, LK_HIGHLIGHT, LK_NORM,
    LK_COUNT
} lesson_key;

typedef enum lesson_compare { LESSON_COMPARE_OFF, LESSON_COMPARE_PLAIN, LESSON_COMPARE_DISTILLED } lesson_compare;

typedef enum lesson_highlight_kind {
    LESSON_HL_NONE, LESSON_HL_PANEL, LESSON_HL_CELL, LESSON_HL_ROW, LESSON_HL_TOKEN, LESSON_HL_BLOCK
} lesson_highlight_kind;

typedef struct lesson_highlight {
    lesson_highlight_kind kind;
    int a, b;              /* CELL: row a, column b; ROW: row a; TOKEN: output token a (all from 1) */
    char name[64];         /* PANEL: a panel name; BLOCK: a block name (lesson_panel_names / _block_names) */
} lesson_highlight;

/* The window's state on one slide: every key has a value (a default until some slide sets it). */
typedef struct lesson_state {
    char model[LESSON_VALUE_MAX];  /* "reverse-at" (a bundled model) or a path ending .safetensors */
    char input[LESSON_VALUE_MAX];  /* "" = the task's example */
    char target[LESSON_VALUE_MAX]; /* "" = none (no teacher forcing) */
    int nat_length_end;            /* 0: the length classifier; 1: cut at the first <end> */
    int beam;                      /* 1 .. 8 */
    lesson_compare compare;
    int tick;                      /* compare mode's clock */
    int batch;                     /* compare mode: held-out inputs in the batch panel, 0 = none */
    char place[128];               /* a place name, or "end" */
    int pass;                      /* from 1; 0 = the place's first pass */
    int what_if_pos;               /* output position from 1, 0 = none */
    char what_if_token[64];
    int dark;
    char colormap[32];             /* "" = the window's */
    lesson_highlight highlight;    /* this slide only */
    int norm;                      /* LayerNorm vs BatchNorm on a batch of this many at the place, 0 = off (this slide only) */
    int line[LK_COUNT];            /* the line that set each key (0: the default), for errors */
} lesson_state;

/* The name of a key as written in a header ("nat-length"). */
const char *lesson_key_name(lesson_key k);
/* Applies one header line's `key: value` to st; line is for the message. Returns 0, or -1 with
 * err = "LINE: ..." (the caller prefixes the file). */
int lesson_state_set(lesson_state *st, const char *key, const char *value, int line, s2s_error *err);
/* The defaults of the first slide. */
void lesson_state_default(lesson_state *st);

/* Names `highlight: panel NAME` and `highlight: block NAME` accept (NULL-terminated); the panels
 * in the order of lesson_panel. */
typedef enum lesson_panel {
    LESSON_PANEL_ARCHITECTURE, LESSON_PANEL_MAIN, LESSON_PANEL_OUTPUT, LESSON_PANEL_HEADS, LESSON_PANEL_TOKENS,
    LESSON_PANEL_TIMELINE, LESSON_PANEL_LENGTH, LESSON_PANEL_COMPARE, LESSON_PANEL_CAPTION, LESSON_PANEL_COUNT
} lesson_panel;
extern const char *const lesson_panel_names[];
extern const char *const lesson_block_names[];

/* ---- the text ------------------------------------------------------------------------------------ */

enum { LESSON_EMPH = 1, LESSON_STRONG = 2, LESSON_CODE = 4, LESSON_LINK = 8 };

typedef struct lesson_run {
    char *text;   /* UTF-8 */
    int style;    /* LESSON_* bits */
} lesson_run;

typedef enum lesson_block_kind {
    LESSON_HEADING,   /* level 1 .. 6 */
    LESSON_PARAGRAPH,
    LESSON_ITEM,      /* a list item's paragraph: level = nesting depth from 1, marker "•" or "3." */
    LESSON_CODE_BLOCK,/* one run, preformatted */
    LESSON_QUOTE,     /* a paragraph inside a block quote */
    LESSON_IMAGE,     /* image = the path as written (relative to the lesson file), runs = alt text */
} lesson_block_kind;

typedef struct lesson_block {
    lesson_block_kind kind;
    int level;
    char marker[12];
    char *image;
    lesson_run *runs;
    int n_runs;
    int line;
} lesson_block;

typedef struct lesson_slide {
    lesson_state state;  /* the full state (carried over), with this slide's highlight */
    int line;            /* the slide's first line */
    lesson_block *blocks;
    int n_blocks;
} lesson_slide;

typedef struct lesson {
    char path[1024];     /* as given, for messages; "" for a memory buffer */
    char name[128];      /* the file stem without its NN- prefix ("attention"); "" for a buffer */
    char title[256];     /* the first level-1 heading, or the name */
    lesson_slide *slides;
    int n_slides;
} lesson;

/* Parses a lesson from memory (len bytes, need not be NUL-terminated). name is used in messages
 * ("name:LINE: ...") and may be NULL. Returns 0, or -1 with err naming the line of the first
 * problem (then l holds nothing). */
int lesson_parse(lesson *l, const char *text, size_t len, const char *name, s2s_error *err);
/* Reads and parses a file: err names "PATH:LINE". */
int lesson_load(lesson *l, const char *path, s2s_error *err);
void lesson_free(lesson *l); /* accepts NULL and a zeroed lesson */

/* "lessons/en/02-attention.md" -> "attention": the file name without its NN- prefix and .md. */
void lesson_name_of_path(const char *path, char *out, size_t cap);
/* The bundled model's file for st->model, or the path relative to the lesson's folder. */
void lesson_model_path(const lesson *l, const lesson_state *st, char *out, size_t cap);
/* An image's path relative to the lesson's folder. */
void lesson_image_path(const lesson *l, const char *image, char *out, size_t cap);

/* 1 when code point c is CJK text (ideographs, kana, hangul, full-width forms, CJK punctuation):
 * lines break between such characters, and a source line break between two of them is no space. */
int lesson_is_cjk(unsigned c);

/* ---- finding lessons ------------------------------------------------------------------------------- */

#define LESSON_LIST_MAX 64

typedef struct lesson_entry {
    char path[1024];
    char name[128];      /* "attention" */
    char title[256];     /* "" when the file does not parse */
    int n_slides;        /* 0 when it does not parse */
    s2s_error err;       /* why it does not parse */
} lesson_entry;

typedef struct lesson_list {
    lesson_entry items[LESSON_LIST_MAX];
    int n;
} lesson_list;

/* Lists (and parses, for titles and lengths) the lessons in dir/LANG/NN-name.md, sorted by file name.
 * A lesson that does not parse is listed with its error, so the others still open. Returns the
 * number listed (0 when the folder does not exist). */
int lesson_list_dir(lesson_list *out, const char *dir, const char *lang);
/* The entry for NAME ("attention", "02-attention" or "02"), or -1. */
int lesson_list_find(const lesson_list *ls, const char *name);

#endif
