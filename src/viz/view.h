/* view.h: what every view is given, and how views report where the user can click.
 *
 * A view is a function (draw_list, view_ctx, rect) that appends draw commands and, for anything
 * clickable, a hit region. The app tests clicks against the hit list of the frame it drew, so a
 * view's drawing and its click targets can never disagree. No SDL here. */
#ifndef S2S_VIEW_H
#define S2S_VIEW_H

#include "core/decode.h"
#include "core/model.h"
#include "core/trace.h"
#include "viz/colormap.h"
#include "viz/draw.h"
#include "viz/heatmap.h"
#include "viz/theme.h"

/* ---- hit regions -------------------------------------------------------------------------------- */

typedef enum hit_kind {
    HIT_NONE = 0,      /* a box that only keeps clicks from falling through */
    HIT_PLACE,         /* place: jump to it in the visible pass (architecture boxes, the residual view's
                          sublayers); a place with a head (a grid thumbnail) focuses that head too */
    HIT_HEAD_TAB,      /* head */
    HIT_STAGE_TAB,     /* op: the attention stage */
    HIT_TIMELINE,      /* the scrubber: x within rect maps to a step */
    HIT_OUT_TOKEN,     /* index: output position; opens the what-if picker for it */
    HIT_PICK_TOKEN,    /* index: output position, token: the vocabulary id chosen */
    HIT_ACTION,        /* action: a button that does what a key does (an app_action) */
    HIT_INPUT_BOX,     /* the input box: start typing */
    HIT_MODEL_BUTTON,  /* the model button: open the model list */
    HIT_MODEL_ROW,     /* index: a row of the model list */
    HIT_DISAGREE_ROW,  /* index: a row of compare mode's list of inputs on which AT and NAT disagree */
    HIT_HEATMAP,       /* the main heatmap's cells: rows, cols (for tests driving the window) */
    HIT_BEAM_NODE,     /* index: a hypothesis (node) of the beam search tree */
    HIT_LESSON_ROW,    /* index: a row of the lesson picker */
    HIT_VIEW_ROW,      /* index: a token's row of the residual view (where a lesson's `highlight: row` points) */
    HIT_SNAPSHOT,      /* index: a training snapshot on the scrubber (view_live.c) */
    HIT_COUNT
} hit_kind;

/* A click target. Only the fields its kind names are set (hit_kind above); the rest are 0. */
typedef struct hit {
    draw_rect rect;
    hit_kind kind;
    trace_place place;
    int head;
    trace_op op;
    int index, token;
    int action;
    int rows, cols;
} hit;

#define HIT_MAX 1024

typedef struct hit_list {
    hit items[HIT_MAX];
    int n;
} hit_list;

void hit_reset(hit_list *h);
/* Adds target t (its rect replaced by r): hit_add(v->hits, r, (hit){.kind = HIT_HEAD_TAB, .head = 2}). */
void hit_add(hit_list *h, draw_rect r, hit t);
/* The last-added region containing (x, y) (the topmost drawn), or NULL. */
const hit *hit_find(const hit_list *h, float x, float y);

static inline int rect_contains(draw_rect r, float x, float y) {
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* ---- metrics ----------------------------------------------------------------------------------- */

/* Every size the window's layout uses, in logical pixels, derived from the text scale (Ctrl +/-, a
 * classroom's large text) and the window size by view_metrics_make: views and the app read sizes
 * from here, so one scale moves them all. Inside a view, sizes are multiples of its text size
 * (fs * 1.9f); only stroke widths and nudges of a few pixels stay literal. At scale 1 the numbers
 * are the design's (the comments). */
typedef struct view_metrics {
    float scale;           /* the text scale: 1 = normal */
    /* text sizes */
    float text_tiny;       /* 12: a layer's label in the architecture, compare mode's candidates */
    float text_small;      /* 13: architecture boxes, grid labels */
    float text_label;      /* 14: tabs, the residual table, probability bars */
    float text_body;       /* 15: panel titles, tokens, the timeline, lists */
    float text_large;      /* 16: tooltips, compare mode's clock, "not decoded yet" */
    float text_heading;    /* 17: the model list, the hint, compare mode's side titles */
    float text_title;      /* 18: the header, the help, token chips */
    /* spacing */
    float gap;             /* 10: between panels */
    float inset;           /* 6: a strip's inset from the panels' edges, a list row's from its box */
    float pad;             /* 10: text from the edge of its box */
    float margin;          /* 16: from the window's edge, between header groups, a toast's padding */
    float button_pad;      /* 24: a button's width beyond its label (half each side) */
    /* a panel: title bar text inset, rule inset, content inset (x, top, bottom) */
    float panel_title_x, panel_rule_x, panel_pad_x, panel_pad_top, panel_pad_bottom; /* 12, 8, 10, 8, 8 */
    /* the window's rows and columns */
    float header_h, tokens_h, timeline_h; /* 58, 96, 92 */
    float left_w, right_w;                /* 19 % of the width (at least 260), 25 % */
    float input_w;                        /* the header's input box: 30 % of the width */
    /* overlays */
    float picker_x, picker_y, picker_w;   /* 240, 60, 40 % of the width */
    float list_pad;                       /* 14: the model list's title inset */
    float hint_lift;                      /* 40: the hint above the token strip */
    float hint_margin;                    /* 80: the hint's room at the window's sides */
} view_metrics;

/* The metrics for text scale `scale` in a window of width x height logical pixels. The frame
 * passes view_metrics_fit's scale: Ctrl + past what the window holds changes nothing. */
view_metrics view_metrics_make(float scale, float width, float height);
/* The text scale a window of width x height holds, for a wanted scale: min(scale, the window's). */
float view_metrics_fit(float scale, float width, float height);

/* ---- context ----------------------------------------------------------------------------------- */

/* Where the cursor is, and what the user focused. */
typedef struct view_focus {
    trace_block block;
    int layer;
    trace_sublayer sub;
    trace_op op;
    int head;
    int pass;      /* decoder pass visible: passes 0..pass have run */
    int row;       /* decoder position under focus (AT: the pass; one-pass decodes: chosen by the user) */
} view_focus;

typedef struct view_ctx view_ctx;
/* Marks each of the first n output tokens that differs from v->before (changed, (n)); writes into
 * was a line about the first (its old token and that token's probability now). Returns how many. */
int view_changed_tokens(const view_ctx *v, int n, unsigned char *changed, char *was, size_t cap);

typedef struct view_ctx {
    const s2s_model *model;
    const s2s_trace *trace;
    const s2s_decode_result *res;
    int cursor;                /* index of the current trace step */
    view_focus focus;
    const theme *th;
    const colormap *cm;
    view_metrics m;            /* sizes from the text scale (m.scale: 1 = normal; Ctrl +/- change it)
                                  and the window (view_metrics_make) */
    float mouse_x, mouse_y;    /* logical pixels, for hover */
    hit_list *hits;
    const char *const *src_labels; /* (n_src) source symbols */
    const char *const *dec_labels; /* (M+1) decoder input symbols, <begin> first */
    const char *const *out_labels; /* (M+1) output symbols */
    int what_if_index;         /* output index whose picker is open, or -1 */
    const s2s_sampling *sampling; /* AT sampling settings when sampling, else NULL (greedy) */
    const s2s_ablation *ablation; /* heads switched off (crossed out in the grid), or NULL */
    const int *before;            /* (n_before) the output before the last head switch, or NULL */
    int n_before;
    float *scratch;            /* (scratch_len) floats for gathering matrices */
    size_t scratch_len;
    int flat;                  /* 1: the frame is already panel-coloured, panels draw no fill (saves
                                  most of a frame's pixels in a software rasterizer) */
    char hover[192];           /* out: what the mouse is over ("query b -> key e: 0.123456"), or "" */
    char tip[192];             /* out: the whole of a text shortened with an ellipsis that the mouse is over,
                                  or "": the frame draws it as a tooltip */
} view_ctx;

/* The output distribution (Vt) at decoder position row, if that row has run by the cursor, else
 * NULL; and how many output tokens the generator has emitted by the cursor. */
const float *view_probs_at(const view_ctx *v, int row);
int view_emitted(const view_ctx *v);

/* A panel: background, a title bar; returns the content rect. */
draw_rect view_panel(draw_list *dl, view_ctx *v, draw_rect r, const char *title);
/* A heatmap's title drawn by the view above r (shortened with a tooltip, which the heatmap cannot
 * give); returns the rect left for the heatmap. */
draw_rect view_heatmap_title(draw_list *dl, view_ctx *v, draw_rect r, const char *title);
/* A heatmap spec as the window draws it: its colormap, theme and text scale, no background of its
 * own (the panel shows through). The caller sets the values and the rest. */
void view_heatmap_spec(const view_ctx *v, heatmap_spec *s);

/* Panels of the window. Each draws inside r and adds its hit regions. */
void view_arch(draw_list *dl, view_ctx *v, draw_rect r);       /* architecture diagram */
void view_main(draw_list *dl, view_ctx *v, draw_rect r);       /* the current operation */
void view_grid(draw_list *dl, view_ctx *v, draw_rect r);       /* every layer x head thumbnail */
void view_output(draw_list *dl, view_ctx *v, draw_rect r);     /* output distribution */
void view_tokens(draw_list *dl, view_ctx *v, draw_rect r);     /* source and decoded sequence */
void view_timeline(draw_list *dl, view_ctx *v, draw_rect r);   /* scrubber and step controls */

/* Names for titles: "softmax weights", "masked self-attention". */
const char *view_op_title(trace_op op);
const char *view_sub_name(const s2s_model *m, trace_block b, trace_sublayer s);

/* The attention view of the focus, the residual flow of its layer, the output and length
 * distributions (view_main picks one by the current step). */
void view_attention(draw_list *dl, view_ctx *v, draw_rect r);
/* A small heatmap of the last decoder layer's attention (sub: self or cross) of the focused head,
 * up to the cursor, titled title (compare mode's sides, the beam view's selected hypothesis). */
void view_attention_last_layer(draw_list *dl, view_ctx *v, draw_rect r, trace_sublayer sub, const char *title);
void view_residual(draw_list *dl, view_ctx *v, draw_rect r);
void view_probs(draw_list *dl, view_ctx *v, draw_rect r, int row);
/* The logit lens at decoder position row: every decoder layer's output read through the final norm
 * and the generator (core/lens.h). */
void view_lens(draw_list *dl, view_ctx *v, draw_rect r, int row);
void view_length(draw_list *dl, view_ctx *v, draw_rect r);
/* The what-if picker for output index v->what_if_index, anchored below (x, y). */
/* The beam search as a tree (core/beam.h): one column per step up to upto_step, kept hypotheses
 * framed, pruned ones greyed, finished ones with their length-normalised score, the winner's path
 * highlighted. Below it, the selected hypothesis: sel (its own decode, forced to its tokens) gives
 * its cross-attention and the distribution its last token was chosen from. */
struct s2s_beam_tree;
typedef struct beam_view_info {
    const struct s2s_beam_tree *tree;
    int upto_step;      /* the search's steps 0..upto_step are drawn */
    int selected;       /* a node, or -1 */
    view_ctx *sel;      /* the selected hypothesis' decode, or NULL */
    int act_narrower, act_wider; /* the width control's buttons (app_action) */
} beam_view_info;
void view_beam(draw_list *dl, view_ctx *v, draw_rect r, const beam_view_info *b);

void view_what_if(draw_list *dl, view_ctx *v, float x, float y);
/* A button whose right edge is at `right`, top at y, that does `action` (an app_action) when
 * clicked; `on` fills it. Returns the x where the next button to its left ends. */
float view_button(draw_list *dl, view_ctx *v, float right, float y, const char *label, int action, int on);
/* Text anchored as draw_text, shortened with an ellipsis to max_w; when it was shortened and the
 * mouse is over it, the whole text becomes v->tip (the tooltip). Returns 1 if shortened. */
int view_text_fit(draw_list *dl, view_ctx *v, const char *text, float x, float y, float size, draw_color c,
                  draw_align align, float max_w);
/* A tooltip box with text near (x, y), kept inside bounds. */
void view_tooltip(draw_list *dl, const view_ctx *v, const char *text, float x, float y, draw_rect bounds);

/* Gathers the displayed matrix of an attention stage, as far as the cursor has run, into out (rows x cols, row-major):
 * weights and the mask show masked or not-yet-computed cells as NAN (drawn blocked). Returns 0, or
 * -1 when the trace has no such record. */
int view_attention_matrix(const view_ctx *v, trace_block b, int layer, trace_sublayer sub, trace_op op, int head,
                          float *out, int *rows, int *cols);

/* A one-line description of step s ("decoder layer 1 · cross-attention · head 0 · softmax weights"). */
void view_describe_step(const s2s_model *m, const trace_step *s, char *out, size_t cap);

#endif
