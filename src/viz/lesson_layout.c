/* lesson_layout.c: see lesson_layout.h. A line is filled greedily with pieces: a Latin word, the
 * spaces after it, or one CJK character (with the closing punctuation after it), an opening mark
 * staying with the piece after it. Where a style run ends, a closing mark can still come right
 * after a piece and an opening one right before one: the line never breaks between those two (nor
 * inside a Latin word split by a style change), so when the piece that does not fit is a closing
 * mark, or the line would end with an opening one, what follows the line's last allowed break goes
 * down to the next line together (the usual Chinese rule: the character before a closing mark
 * moves down with it; the mark does not hang past the edge). Pieces of one style side by side on a
 * line become one text command. */
#include "viz/lesson_layout.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* Punctuation that must not start a line (it closes) or end one (it opens). */
static int is_closing(unsigned c) {
    static const unsigned list[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF09, 0x300D,
                                    0x300F, 0x300B, 0x3009, 0x3011, 0x201D, 0x2019, 0x30FC, 0xFF5E, 0x2026};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (c == list[i]) return 1;
    return 0;
}
static int is_opening(unsigned c) { return c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x300A || c == 0x3008 || c == 0x3010 || c == 0x201C || c == 0x2018; }

/* Decodes the code point at s; *len gets its bytes (an invalid byte is one U+FFFD). */
static unsigned decode(const char *s, int *len) {
    const char *p = s;
    unsigned c = utf8_next(&p);
    *len = (int)(p - s);
    return c;
}

/* The bytes of the piece starting at s: a word (up to a space, a CJK character or the end), a run of
 * spaces, a line break, or a CJK character with its punctuation. */
static int piece_len(const char *s) {
    int n, k = 0;
    unsigned c = decode(s, &n);
    if (c == '\n') return 1;
    if (c == ' ') {
        while (s[k] == ' ') k++;
        return k;
    }
    if (is_opening(c)) { /* an opening mark stays with what it opens: a character or a whole word */
        if (!s[n] || s[n] == ' ' || s[n] == '\n') return n;
        return n + piece_len(s + n);
    }
    if (lesson_is_cjk(c)) {
        k = n;
        while (s[k]) { /* closing punctuation stays with the character before it */
            unsigned d = decode(s + k, &n);
            if (!is_closing(d)) break;
            k += n;
        }
        return k;
    }
    while (s[k] && s[k] != ' ' && s[k] != '\n') {
        unsigned d = decode(s + k, &n);
        if (k > 0 && (lesson_is_cjk(d) || is_opening(d))) break;
        k += n;
    }
    return k;
}

/* ---- one line at a time ----------------------------------------------------------------------------- */

#define SEG_MAX 48   /* style changes on one line */
#define SEG_TEXT 256 /* bytes of one line's run of one style (a longer one continues in the next) */

typedef struct segment {
    char text[SEG_TEXT];
    int style;
    float x, w;
} segment;

/* A place where the line may break: before byte off of seg[seg], at x. */
typedef struct line_break {
    int seg, off;
    float x;
} line_break;

typedef struct line_state {
    draw_list *dl;
    const lesson_layout_style *st;
    int draw;
    float left, width, size, y, line_h;
    float bottom;         /* the text rect's bottom: a line that would cross it is not drawn (overflow) */
    float x;              /* where the next piece goes */
    segment seg[SEG_MAX];
    int n_seg;
    line_break brk;       /* the line's last allowed break after its start; brk.seg < 0: none */
    unsigned last_cp;     /* the last character laid (a space too, even one dropped at a break) */
    int n_lines, overflow;
    draw_color color;     /* the block's text colour */
} line_state;

static draw_color style_color(const line_state *ls, int style) {
    const theme *th = ls->st->th;
    if (style & (LESSON_STRONG | LESSON_LINK)) return th->accent;
    if (style & LESSON_EMPH) return th->text;
    return ls->color;
}

static void flush_line(line_state *ls) {
    float cy = ls->y + ls->line_h * 0.5f;
    if (ls->y + ls->line_h > ls->bottom + 0.5f) ls->overflow = 1; /* no half-cut line: "more text" says so */
    else if (ls->draw) {
        for (int i = 0; i < ls->n_seg; i++) {
            const segment *g = &ls->seg[i];
            if (g->style & LESSON_CODE) {
                draw_color bg = draw_color_over(ls->st->th->panel, draw_rgba(ls->st->th->grid.r, ls->st->th->grid.g, ls->st->th->grid.b, 110));
                draw_fill(ls->dl, draw_rect_make(g->x - 2.0f, ls->y + ls->line_h * 0.1f, g->w + 4.0f, ls->line_h * 0.8f), bg);
            }
            draw_text(ls->dl, g->text, g->x, cy, ls->size, style_color(ls, g->style), DRAW_ALIGN_LEFT, 0);
            if (g->style & LESSON_EMPH) /* no italic face: emphasis is underlined */
                draw_line(ls->dl, g->x, cy + ls->size * 0.55f, g->x + g->w, cy + ls->size * 0.55f, style_color(ls, g->style), 1.5f);
        }
    }
    ls->n_seg = 0;
    ls->brk.seg = -1;
    ls->n_lines++;
    ls->y += ls->line_h;
    ls->x = ls->left;
}

static void place_piece(line_state *ls, const char *p, int n, int style, float w) {
    segment *last = ls->n_seg ? &ls->seg[ls->n_seg - 1] : NULL;
    if (last && last->style == style && strlen(last->text) + (size_t)n < SEG_TEXT) {
        strncat(last->text, p, (size_t)n);
        last->w = ls->x + w - last->x;
    } else if (ls->n_seg < SEG_MAX) {
        segment *g = &ls->seg[ls->n_seg++];
        snprintf(g->text, sizeof g->text, "%.*s", n, p);
        g->style = style;
        g->x = ls->x;
        g->w = w;
    }
    ls->x += w;
}

/* The last code point of the n bytes at p. */
static unsigned last_code_point(const char *p, int n) {
    int k = n - 1;
    while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80) k--;
    int len;
    return decode(p + k, &len);
}

/* Whether the line may break between the character laid last and a piece starting with c: not
 * before a closing mark, not after an opening one, not inside a Latin word (a style change in it). */
static int may_break_before(const line_state *ls, unsigned c) {
    if (is_closing(c) || is_opening(ls->last_cp)) return 0;
    int latin_before = ls->last_cp != ' ' && !lesson_is_cjk(ls->last_cp), latin_now = !lesson_is_cjk(c) && !is_opening(c);
    return !(latin_before && latin_now);
}

/* Starts a new line with what follows the line's last allowed break (ls->brk): the pieces that must
 * not be parted from the one that does not fit go down with it. */
static void carry_to_next_line(line_state *ls) {
    line_break b = ls->brk;
    segment tail[SEG_MAX];
    int n = 0;
    for (int i = b.seg; i < ls->n_seg; i++) { /* the tail, at x from the break */
        tail[n] = ls->seg[i];
        if (i == b.seg && b.off) {
            memmove(tail[n].text, tail[n].text + b.off, strlen(tail[n].text + b.off) + 1);
            tail[n].w -= b.x - tail[n].x;
            tail[n].x = b.x;
        }
        tail[n].x -= b.x;
        n += tail[n].text[0] != '\0';
    }
    float tail_w = ls->x - b.x;
    if (b.off) { /* the line without its tail */
        ls->seg[b.seg].text[b.off] = '\0';
        ls->seg[b.seg].w = b.x - ls->seg[b.seg].x;
        ls->n_seg = b.seg + 1;
    } else {
        ls->n_seg = b.seg;
    }
    flush_line(ls);
    for (int i = 0; i < n; i++) {
        tail[i].x += ls->left;
        ls->seg[ls->n_seg++] = tail[i];
    }
    ls->x = ls->left + tail_w;
}

/* Adds a piece, starting a new line first when it does not fit. */
static void add_piece(line_state *ls, const char *p, int n, int style) {
    if (p[0] == '\n') {
        flush_line(ls);
        ls->last_cp = '\n';
        return;
    }
    char buf[SEG_TEXT];
    snprintf(buf, sizeof buf, "%.*s", n < SEG_TEXT - 1 ? n : SEG_TEXT - 1, p);
    float w;
    draw_measure(ls->dl, buf, ls->size, &w, NULL);
    if (p[0] == ' ') { /* spaces: dropped at a line's start and where the line breaks */
        float a, b; /* a font may measure a lone space as nothing: take it between two letters */
        draw_measure(ls->dl, "x x", ls->size, &a, NULL);
        draw_measure(ls->dl, "xx", ls->size, &b, NULL);
        w = (a - b) * (float)n;
        if (ls->n_seg && ls->x + w <= ls->left + ls->width) place_piece(ls, p, n, style, w);
        ls->last_cp = ' ';
        return;
    }
    int cp_len;
    unsigned first = decode(p, &cp_len);
    int may_break = ls->n_seg && may_break_before(ls, first);
    if (ls->x + w > ls->left + ls->width + 0.5f && ls->n_seg) {
        if (may_break || ls->brk.seg < 0) flush_line(ls); /* no break allowed on the line at all: break anyway */
        else carry_to_next_line(ls);
    } else if (may_break) { /* it fits: the line may break before it later */
        segment *last = &ls->seg[ls->n_seg - 1];
        int join = last->style == style && strlen(last->text) + (size_t)n < SEG_TEXT; /* as place_piece does */
        ls->brk = (line_break){join ? ls->n_seg - 1 : ls->n_seg, join ? (int)strlen(last->text) : 0, ls->x};
    }
    ls->last_cp = last_code_point(p, n);
    if (w > ls->width + 0.5f) { /* wider than the whole line (a long word): it cannot be helped */
        ls->overflow = 1;
        char fit[SEG_TEXT];
        draw_text_fit(ls->dl, buf, ls->size, ls->width, fit, sizeof fit);
        draw_measure(ls->dl, fit, ls->size, &w, NULL);
        place_piece(ls, fit, (int)strlen(fit), style, w);
        return;
    }
    place_piece(ls, p, n, style, w);
}

static void lay_runs(line_state *ls, const lesson_block *b) {
    for (int i = 0; i < b->n_runs; i++)
        for (const char *p = b->runs[i].text; *p;) {
            int n = piece_len(p);
            add_piece(ls, p, n, b->runs[i].style);
            p += n;
        }
    if (ls->n_seg) flush_line(ls);
}

/* ---- blocks ----------------------------------------------------------------------------------------- */

static float heading_scale(int level) { return level == 1 ? 1.5f : level == 2 ? 1.28f : 1.1f; }

static void lay_image(line_state *ls, const lesson_block *b) {
    char path[2048];
    int iw = 0, ih = 0;
    if (ls->st->l) lesson_image_path(ls->st->l, b->image, path, sizeof path);
    else snprintf(path, sizeof path, "%s", b->image);
    if (lesson_png_size(path, &iw, &ih) == 0 && iw > 0 && ih > 0) {
        float w = (float)iw, h = (float)ih;
        if (w > ls->width) { /* shrink to the panel's width, never enlarge (pixels stay sharp) */
            h *= ls->width / w;
            w = ls->width;
        }
        if (ls->draw) draw_image(ls->dl, draw_rect_make(ls->left, ls->y, w, h), path);
        ls->y += h;
    } else { /* a missing image shows its alt text in a frame (lesson check reports it) */
        float h = ls->size * 3.0f;
        if (ls->draw) {
            draw_rect box = draw_rect_make(ls->left, ls->y, ls->width, h);
            draw_outline(ls->dl, box, ls->st->th->grid, 1.0f);
            char fit[300], alt[300];
            snprintf(alt, sizeof alt, "[%s]", b->n_runs ? b->runs[0].text : b->image);
            draw_text_fit(ls->dl, alt, ls->size, ls->width - ls->size, fit, sizeof fit);
            draw_text(ls->dl, fit, box.x + ls->size * 0.5f, box.y + h * 0.5f, ls->size, ls->st->th->text_dim, DRAW_ALIGN_LEFT, 0);
        }
        ls->y += h;
    }
    ls->n_lines++;
}

static void lay_code(line_state *ls, const lesson_block *b) {
    const char *p = b->n_runs ? b->runs[0].text : "";
    while (1) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        char line[SEG_TEXT], fit[SEG_TEXT];
        snprintf(line, sizeof line, "%.*s", n, p);
        if (draw_text_fit(ls->dl, line, ls->size, ls->width, fit, sizeof fit)) ls->overflow = 1;
        if (fit[0]) {
            float w;
            draw_measure(ls->dl, fit, ls->size, &w, NULL);
            place_piece(ls, fit, (int)strlen(fit), LESSON_CODE, w);
        }
        flush_line(ls);
        if (!nl) break;
        p = nl + 1;
    }
}

lesson_layout_result lesson_layout(draw_list *dl, const lesson_slide *s, draw_rect r, const lesson_layout_style *st, int draw) {
    line_state ls; /* about 13 KB */
    memset(&ls, 0, sizeof ls);
    ls.dl = dl;
    ls.st = st;
    ls.draw = draw;
    ls.y = r.y;
    ls.bottom = r.y + r.h;
    ls.brk.seg = -1;
    /* lines are laid out to r.w; the clip leaves room at the right because the window draws text at a
     * whole pixel size, up to half a pixel per em wider than measured (a long line's last glyph) */
    if (draw) draw_clip_push(dl, draw_rect_make(r.x, r.y, r.w + st->size, r.h));
    for (int i = 0; i < s->n_blocks; i++) {
        const lesson_block *b = &s->blocks[i];
        float indent = b->kind == LESSON_ITEM ? st->size * 1.4f * (float)b->level : b->kind == LESSON_QUOTE ? st->size * 1.2f : 0.0f;
        if (b->kind == LESSON_ITEM && b->marker[0]) { /* room for a wide marker ("10.") left of the text */
            float mw;
            draw_measure(dl, b->marker, st->size, &mw, NULL);
            if (indent < mw + st->size * 0.5f) indent = mw + st->size * 0.5f;
        }
        ls.left = ls.x = r.x + indent;
        ls.last_cp = '\n';
        ls.width = r.w - indent;
        ls.size = b->kind == LESSON_HEADING ? st->size * heading_scale(b->level) : st->size;
        ls.line_h = ls.size * 1.4f;
        ls.color = b->kind == LESSON_QUOTE ? st->th->text_dim : b->kind == LESSON_HEADING && b->level == 1 ? st->th->accent : st->th->text;
        float top = ls.y;
        if (b->kind == LESSON_ITEM && b->marker[0] && draw && ls.y + ls.line_h <= ls.bottom + 0.5f)
            draw_text(dl, b->marker, ls.left - st->size * 0.4f, ls.y + ls.line_h * 0.5f, ls.size, st->th->text_dim, DRAW_ALIGN_RIGHT, 0);
        if (b->kind == LESSON_IMAGE) lay_image(&ls, b);
        else if (b->kind == LESSON_CODE_BLOCK) lay_code(&ls, b);
        else lay_runs(&ls, b);
        if (b->kind == LESSON_QUOTE && draw)
            draw_line(dl, r.x + st->size * 0.4f, top, r.x + st->size * 0.4f, ls.y, st->th->grid, 3.0f);
        /* space after a block: less between the items of one list */
        int next_item = i + 1 < s->n_blocks && s->blocks[i + 1].kind == LESSON_ITEM && b->kind == LESSON_ITEM;
        if (i + 1 < s->n_blocks) ls.y += st->size * (next_item ? 0.25f : b->kind == LESSON_HEADING ? 0.35f : 0.7f);
    }
    if (draw) draw_clip_pop(dl);
    lesson_layout_result res = {ls.y - r.y, ls.overflow || ls.y - r.y > r.h + 0.5f, ls.n_lines};
    return res;
}

int lesson_png_size(const char *path, int *w, int *h) {
    unsigned char hdr[24];
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(hdr, 1, sizeof hdr, f);
    fclose(f);
    if (n < 24 || memcmp(hdr, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(hdr + 12, "IHDR", 4) != 0) return -1;
    *w = (int)((unsigned)hdr[16] << 24 | (unsigned)hdr[17] << 16 | (unsigned)hdr[18] << 8 | hdr[19]);
    *h = (int)((unsigned)hdr[20] << 24 | (unsigned)hdr[21] << 16 | (unsigned)hdr[22] << 8 | hdr[23]);
    return *w > 0 && *h > 0 && *w < 100000 && *h < 100000 ? 0 : -1;
}
