/* app_state.h: everything the window shows, and the operations on it. No SDL: the main loop
 * (app.c) translates events into these calls, and the frame builder (app_frame.c) draws from it. */
#ifndef S2S_APP_STATE_H
#define S2S_APP_STATE_H

#include "core/beam.h"
#include "core/decode.h"
#include "core/norm_batch.h"
#include "core/teacher.h"
#include "core/train_live.h"
#include "app/train_chooser.h"
#include "viz/view.h"

#define APP_MAX_MODELS 64
#define APP_INPUT_MAX 256
#define APP_LABEL_MAX 48

/* The token labels the views show for one decode: symbols, a visible ␣ for a space, and NAT's
 * all-<begin> decoder queries named by their position (#1, #2, ...). */
typedef struct app_labels {
    char src[S2S_MAX_LEN][APP_LABEL_MAX], dec[S2S_MAX_LEN + 1][APP_LABEL_MAX], out[S2S_MAX_LEN + 1][APP_LABEL_MAX];
    const char *src_ptr[S2S_MAX_LEN], *dec_ptr[S2S_MAX_LEN + 1], *out_ptr[S2S_MAX_LEN + 1];
} app_labels;

/* Fills l for decode r of model m (the main window and each side of compare mode). */
void app_labels_fill(app_labels *l, const s2s_model *m, const s2s_decode_result *r);

#define APP_FRAME_PANELS 16

/* Presenter mode's blank screen: none, black (B) or white (W), as presentation programs do. */
typedef enum present_blank { PRESENT_SHOW = 0, PRESENT_BLACK, PRESENT_WHITE } present_blank;

typedef struct app_state {
    /* the model and its decode */
    s2s_model model;
    char model_path[4096];
    char models[APP_MAX_MODELS][512]; /* the picker's list */
    int n_models;
    char input[APP_INPUT_MAX];        /* source text */
    s2s_nat_length nat_length;
    int iterations;                   /* NAT: refinement passes after the first (Mask-Predict; I, --iterations) */
    s2s_sampling sampling;            /* AT: greedy, or sampling with these settings (R, Ctrl+R) */
    s2s_ablation ablation;            /* heads switched off (Ctrl+click a thumbnail, X) */
    int before[S2S_MAX_LEN + 1];      /* the output before the last head switch, to mark what changed */
    int n_before;                     /* -1: nothing to compare with */
    /* beam mode (W, Shift+W): the search as a tree; AT only */
    int lens_on;                      /* G: the output panel shows the logit lens */
    int beam_on, beam_width;          /* width 1..8 */
    int beam_step;                    /* the tree shows the search's steps 0..beam_step */
    int beam_sel;                     /* the selected hypothesis (a node), or -1 */
    s2s_beam_tree beam_tree;
    s2s_trace beam_trace;             /* the selected hypothesis' own decode (forced to its tokens) */
    s2s_decode_result beam_res;
    app_labels beam_lab;
    int beam;                         /* AT beam width (0 or 1: greedy); a lesson's beam: key */
    int forced[S2S_MAX_LEN + 1];      /* what-if: tokens imposed on the first n_forced steps */
    int n_forced;
    s2s_decode_result res;
    s2s_trace trace;
    s2s_decoder *dec;                 /* a decode still running (passes left), or NULL */
    trace_place pending;              /* where to put the cursor once decoding reaches it: */
    int pending_pass;                 /* this place in this pass (from 0), */
    int has_pending;                  /* when this is 1 */
    app_labels lab;

    /* where we are */
    int cursor;     /* index of the current trace step */
    int head;       /* focused head (kept while stepping through non-head steps) */
    int row_sel;    /* one-pass decodes: the decoder position the output panel shows */

    /* playback, in ticks of the integer clock (1 tick = 1 ms) */
    int playing;
    int speed;      /* operations per second: 1, 2, 4, ... 256 */
    long long next_tick;

    /* presentation */
    int dark;
    int cmap;       /* index into the colormaps */
    float ui;       /* text scale */
    int help_open, picker_open, input_focus, fullscreen;
    int text_selected; /* the focused box's whole text is selected: typing replaces it, Backspace empties it */
    int captions_hidden; /* K: the caption under the views (what this step does, with its numbers) */
    char caption[VIEW_CAPTION_MAX]; /* the caption the last frame drew ("" when hidden or in compare mode) */
    int what_if_index;
    char hint[256]; /* a message shown for a while (refused key, load error, export path) */
    int privatize_pending; /* the model was loaded in place: app_privatize_model after the next frame */
    long long hint_until;
    int steady;     /* screenshots: no wall-clock time in the status, so one step renders one PNG */

    /* presenter mode (app_present.c): one large view for a projector */
    int present;                      /* on: full screen, the focused view, the lesson or a caption */
    int present_was_fullscreen;       /* the window's full screen before presenter mode, restored after */
    int spotlight;                    /* a spotlight follows the mouse (the class sees where the teacher points) */
    present_blank blank;              /* the screen blacked or whitened (B, W) */
    int pace_ms;                      /* presenter playback: one step every pace_ms (Space; [ ] change it) */

    /* the last frame's panels (header, views, lesson panel), for the layout check (app_frame) */
    draw_rect frame_panels[APP_FRAME_PANELS];
    int n_frame_panels;

    /* teacher forcing (app_teacher.c): with a target, the decoder's input is <begin> + the target */
    char target[APP_INPUT_MAX];       /* the ground truth ("" = none): the target box, --target, a lesson's target: */
    int target_focus;                 /* typing goes to the target box */
    int free_run;                     /* with a target: 1 = the views show inference, 0 = teacher forcing */
    s2s_teacher_pair teach;           /* both runs' numbers, for the teacher-forcing strip */
    int teach_ready;                  /* teach is for this model, input and target */

    /* LayerNorm against BatchNorm at an Add & Norm (app_norm.c) */
    int norm_open;                    /* the view replaces the centre panel */
    int norm_B;                       /* sentences in the batch: 8, 4, 2 or 1 */
    int norm_swap;                    /* which held-out input the last sentence is (S counts up) */
    norm_batch norm, norm_prev;       /* the batch, and the one before (how far sentence 1 moved) */
    char norm_text[NORM_MAX_BATCH][APP_INPUT_MAX]; /* the batch's inputs; sentence 1 is the input */
    const char *norm_ptr[NORM_MAX_BATCH];
    trace_place norm_at;              /* the Add & Norm shown (block, layer, sublayer) */
    char norm_place[96];              /* "encoder layer 1 · self-attention" */
    char norm_model[4096];            /* the model the batch was made with */
    float norm_moved_ln, norm_moved_bn; /* sentence 1's largest change since norm_prev; -1: none */

    /* training live in the window (app_live.c) */
    train_chooser chooser;            /* Shift+T: what to train */
    train_chooser live_cfg;           /* what is training (Shift+R starts it again) */
    s2s_live *live;                   /* the worker, or NULL */
    int live_follow;                  /* 1: the views follow the newest snapshot */
    int live_want;                    /* the snapshot to show when not following */
    int live_shown, live_shown_step;  /* the snapshot the views show (-1: none yet) and its step */
    long long live_next;              /* ticks: the next refresh of the views */
    s2s_live_status live_st;          /* the latest poll */
    float *live_loss;                 /* (LIVE_MAX_POINTS) the training loss curve */
    int live_n;

    /* export (E, Shift+E) */
    char export_dir[4096];   /* where exports go ("" = the working directory); --export-dir */
    char last_export[4096];  /* the last file written, for the toast and the UI log */
} app_state;

/* Loads the model at path and decodes the input (or the task's example when input is NULL or does
 * not fit the vocabulary). Returns 0, or -1 with err set (the previous model stays). */
int app_load_model(app_state *a, const char *path, const char *input, s2s_error *err);
/* The window's model becomes m (owned from now on); what belonged to the old one goes with it: its
 * beam search, whose tokens are the old vocabulary's. Every model swap goes through here. */
void app_replace_model(app_state *a, s2s_model m);
/* app_load_model on a thread, so the window and its fonts open meanwhile (a paper-size model takes
 * a quarter of a second to load and encode). Nothing else may touch a until app_load_wait. */
typedef struct app_loader {
    app_state *a;
    const char *path, *input;
    s2s_error err;
    int rc, started;
    unsigned long thread; /* pthread_t */
} app_loader;
void app_load_start(app_loader *l, app_state *a, const char *path, const char *input);
/* Waits for the load; returns its result, with err set on failure. */
int app_load_wait(app_loader *l, s2s_error *err);
/* Call after presenting a frame. A model file loaded in place (see model_load) would crash the
 * program if it were rewritten in place while open; once the first frame is up (the copy would
 * only slow it down), a thread replaces the mapping by a copy (model_privatize_start), so that
 * risk lasts a fraction of a second. */
void app_privatize_model(app_state *a);

/* Re-runs the model on a->input with the current options: the encoder and as many decoder passes as
 * fit in budget_ms now, the rest through app_pump; the cursor stays where it was when that place
 * exists (or will, once decoding gets there). */
int app_decode_budget(app_state *a, double budget_ms, s2s_error *err);
/* app_decode_budget with a budget for the first frame. */
int app_decode(app_state *a, s2s_error *err);
/* Runs decoder passes for up to budget_ms (a frame's share). Returns 1 while passes remain. */
int app_pump(app_state *a, double budget_ms, s2s_error *err);
/* Decodes to the end (screenshots, export). */
int app_finish(app_state *a, s2s_error *err);
void app_state_free(app_state *a);
/* Fills a->models with every .safetensors file in dir (sorted) plus extra (may be NULL). */
void app_list_models(app_state *a, const char *dir, const char *extra);

/* ---- moving the cursor ------------------------------------------------------------------------- */
void app_step_op(app_state *a, int dir);        /* next/previous operation (of the focused head) */
void app_step_sublayer(app_state *a, int dir);  /* next/previous sublayer */
void app_step_token(app_state *a, int dir);     /* next/previous decoded token (decoder pass) */
void app_step_edge(app_state *a, int end);      /* start or end */
void app_seek_fraction(app_state *a, float f);  /* timeline scrubber: 0..1 */
void app_set_head(app_state *a, int head);
/* Jumps to place p in the visible pass (the encoder's pass 0, else the pass the cursor shows). A place with a head (a grid thumbnail) focuses that head; one without (an
 * architecture box) keeps the focused head. Nothing happens when the decode has no such step. */
void app_jump_place(app_state *a, trace_place p);
/* Jumps to an attention stage (op) of the focused head in the current sublayer. */
void app_jump_stage(app_state *a, trace_op op);

/* What-if: output position idx becomes token id; decoding continues from there. */
int app_what_if(app_state *a, int idx, int id, s2s_error *err);

/* R: greedy <-> sampling; Ctrl+R (reseed): sampling with the next seed. Re-decodes; a NAT model
 * says why it cannot. */
void app_sampling_key(app_state *a, int reseed, long long now);

/* Switches the head at place p (its block, layer, sublayer and head; an attention sublayer) off, or
 * back on, and decodes again to the end; the output before is kept in a->before so the views mark
 * the tokens that changed. Returns 0, or -1 with err set (p names no attention head). */
int app_toggle_head(app_state *a, trace_place p, s2s_error *err);
/* Decodes again with the heads ab switches off (a->ablation becomes ab), keeping the output before in
 * a->before. Returns 0, or -1 with err set. */
int app_set_ablation(app_state *a, const s2s_ablation *ab, s2s_error *err);
/* The kind of head at place p, or -1 when p is not in an attention sublayer. */
int app_head_kind(trace_place p);

/* W (wider 0): beam mode on / off; Shift+W (wider +1) and Ctrl+Shift+W (-1): the width one more or
 * one less, within 1 .. 8, beam mode on. Re-decodes with the search. */
void app_beam_key(app_state *a, int wider, long long now);
/* Selects hypothesis node: decodes its tokens (forced) so its cross-attention and distribution show. */
int app_beam_select(app_state *a, int node, s2s_error *err);
/* Beam mode's stepping: dir -1 / +1 moves one step of the search. */
void app_beam_step(app_state *a, int dir);

/* Text input: appends typed UTF-8 text if every character is in the source vocabulary (else sets
 * the hint listing the valid symbols and returns -1); re-decodes when the text is complete. */
int app_type(app_state *a, const char *text, long long now);
void app_backspace(app_state *a, long long now);
/* 0 when every character of typed text may be part of vocabulary v's text, else -1 with the hint
 * naming the character and listing the valid symbols (the input and the target box share it). */
int app_check_typed(app_state *a, const s2s_vocab *v, const char *text, long long now);
/* Appends typed text to field (an APP_INPUT_MAX buffer: the input or the target) when it fits and
 * vocabulary v can spell it; else -1 with the hint ("the `what` is full", or app_check_typed's). */
int app_append_typed(app_state *a, char *field, const s2s_vocab *v, const char *text, long long now, const char *what);

/* ---- the input and target boxes (app_input.c) -------------------------------------------------- */
typedef enum app_box { APP_BOX_INPUT, APP_BOX_TARGET } app_box;
/* Starts typing in box b (Enter, Shift+Enter, a click), its old text selected so that what is typed
 * replaces it rather than being appended by surprise; again on the same box: stops typing. */
void app_edit_toggle(app_state *a, app_box b);
void app_edit_stop(app_state *a);
/* Ctrl+A: selects the focused box's whole text (no box focused: starts typing in the input). */
void app_select_all(app_state *a);
/* → / End while the text is selected: keeps it, so typing appends. */
void app_keep_text(app_state *a);
/* Ctrl+U and the boxes' ×: empties box b (the input keeps its decode until something is typed; an
 * empty target turns teacher forcing off). */
void app_clear_box(app_state *a, app_box b, long long now);

/* ---- teacher forcing (app_teacher.c) ------------------------------------------------------------ */
/* Sets the target ("" or NULL: none) and re-decodes: teacher-forced unless free_run. A target the
 * target vocabulary cannot spell is refused (err), the previous one kept. Lessons' `target:`. */
int app_set_target(app_state *a, const char *text, s2s_error *err);
/* Typing in the target box, as app_type / app_backspace for the input. */
int app_type_target(app_state *a, const char *text, long long now);
void app_backspace_target(app_state *a, long long now);
/* With a target: the views switch between teacher forcing and inference (key F). */
void app_toggle_free_run(app_state *a, long long now);
/* ---- LayerNorm against BatchNorm (app_norm.c) ----------------------------------------------------- */
/* Opens (at the cursor's Add & Norm, else encoder layer 1's first) or closes the view (Shift+B). */
void app_norm_toggle(app_state *a, long long now);
/* S: the last sentence becomes another held-out input; Shift+S: batch size 8 -> 4 -> 2 -> 1 -> 8. */
void app_norm_swap(app_state *a, long long now);
void app_norm_size(app_state *a, long long now);
/* 1 when the view is open and its batch belongs to the loaded model. */
int app_norm_ready(const app_state *a);

/* ---- training live (app_live.c) ------------------------------------------------------------------- */
/* Shift+T: opens the training chooser (train_chooser.h); while training runs, stops it (the model
 * shown stays). */
int app_live_toggle(app_state *a, long long now, s2s_error *err);
/* Starts training a new model as c says (task, decoder, size preset) on a worker thread, the
 * views showing it on the task's example input as it learns (the input is kept when it fits). */
int app_live_start(app_state *a, const train_chooser *c, s2s_error *err);
void app_live_pause(app_state *a, long long now);              /* P: pause / resume */
int app_live_reset(app_state *a, long long now, s2s_error *err); /* Shift+R: start again from a new model */
/* Ctrl+S: writes the model shown as trained-TASK-KIND-SIZE-stepN.safetensors in the export folder and
 * adds it to the model list; path gets the file. */
int app_live_save(app_state *a, char *path, size_t cap, s2s_error *err);
void app_live_seek(app_state *a, int snapshot);                /* the scrubber; -1: follow the newest */
/* Once a frame: polls the worker and, at most every 250 ms, puts the snapshot to show into the
 * model and re-decodes the input. Returns 1 while training runs or is paused (the window keeps
 * drawing, so a paused run is the peer against which the running one's frame rate is measured). */
int app_live_pump(app_state *a, long long now);

/* ---- presenter mode (app_present.c) ---------------------------------------------------------------- */
/* The steps a class follows: a sublayer or stage at a time (an attention sublayer at its softmax
 * weights of the focused head, which is what the class looks at), not one of a decode's thousand
 * operations. Page Down / Page Up and presenter playback move by these. */
void app_present_step(app_state *a, int dir);
/* Where Page Down would go from the cursor (the cursor itself at the end), without going there:
 * the presenter console shows it. */
int app_present_next(app_state *a);
/* Presenter playback's pace: [ slower, ] faster, between 1 step / 8 s and 2 steps / s. */
void app_present_pace(app_state *a, int faster);
/* The pace in words ("1 step / 2 s"), for the presenter's top bar. */
void app_present_pace_text(const app_state *a, char *out, size_t cap);
/* B and W: black or white screen, the same key again (or any other) brings the views back. */
void app_present_blank(app_state *a, present_blank b);

/* Recomputes a->teach for the current model, input and target (after every decode). */
void app_teacher_update(app_state *a);
/* The decode options' teacher forcing: fills ids/n and returns 1 when the views show teacher forcing. */
int app_teacher_forcing(const app_state *a, int *ids, int *n);
/* The UI log's teacher-forcing lines (target, mode, labels, probabilities, losses, mean, the
 * inference output, the first wrong position) into buf; returns the length. "" without a target. */
int app_teacher_log(const app_state *a, char *buf, size_t cap);

/* The focus the views draw, derived from the cursor. */
view_focus app_focus(const app_state *a);
/* Sets the hint for ms milliseconds. */
void app_hint(app_state *a, long long now, int ms, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
