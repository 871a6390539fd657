/* app_frame.c: the window's layout. Header (model, input, status), architecture on the left, the
 * current operation in the centre, output distribution and the all-heads grid on the right, the
 * tokens and the timeline at the bottom; overlays (what-if picker, model list, help, hint) last so
 * they are drawn on top and their hit regions win. */
#include "app/app_frame.h"

#include <stdio.h>
#include <string.h>

#include "app/compare.h"
#include "app/keymap.h"
#include "app/lesson_player.h"
#include "viz/view_help.h"
#include "core/i18n.h"
#include "viz/view_live.h"
#include "viz/view_norm.h"
#include "viz/view_teacher.h"

size_t app_frame_scratch_len(const s2s_model *m) {
    const s2s_config *c = &m->cfg;
    size_t R = (size_t)c->max_len + 1, wide = (size_t)c->d_model > R ? (size_t)c->d_model : R;
    if ((size_t)c->d_ff > wide) wide = (size_t)c->d_ff;
    if ((size_t)c->tgt_vocab > wide) wide = (size_t)c->tgt_vocab;
    return 2 * R * wide + 4 * R * (size_t)c->d_model + (size_t)c->d_model + 64;
}

/* ---- the header ----------------------------------------------------------------------------------
 * One row: the title, the model button, the input box, the status, the speed and the buttons. When
 * the row is too narrow for the text scale it gives way in an order that keeps what a class needs:
 * first the title goes, then the buttons show only their symbols (the full label as a tooltip), then
 * the model name is shortened, then the status moves to a second row of its own (header_height). */

typedef struct header_layout {
    int show_title, short_buttons, status_row; /* the reductions in force */
    float model_w, input_w;                   /* the model button's label width; the input and target boxes' widths together */
} header_layout;

enum { HEADER_BUTTONS = 4 };

static void header_buttons(const app_state *a, int comparing, int shorter, const char **label, int *act) {
    static const int acts[HEADER_BUTTONS] = {ACT_LESSONS, ACT_COMPARE, ACT_PLAY, ACT_HELP};
    const char *full[HEADER_BUTTONS] = {_("☰ lessons"), comparing ? _("◧ leave compare") : _("◧ compare AT/NAT"),
                                        a->playing ? _("❚❚ pause") : _("▶ play"), _("? keys")};
    const char *brief[HEADER_BUTTONS] = {"☰", "◧", a->playing ? "❚❚" : "▶", "?"};
    for (int i = 0; i < HEADER_BUTTONS; i++) {
        label[i] = shorter ? brief[i] : full[i];
        act[i] = acts[i];
    }
}

static void header_texts(const app_state *a, char *model, size_t model_cap, char *mode, size_t mode_cap, char *speed,
                         size_t speed_cap) {
    const char *base = strrchr(a->model_path, '/');
    snprintf(model, model_cap, "%.120s  ▾", base ? base + 1 : a->model_path);
    /* the status is made here, not stored, so that it follows a change of language; screenshots
     * (a->steady) leave out the wall-clock time so one step renders one PNG */
    char status[160], heads_off[64] = "";
    if (a->dec)
        snprintf(status, sizeof status, P_("decoding… %d pass so far", "decoding… %d passes so far", (unsigned long)a->res.passes),
                 a->res.passes);
    else if (a->sampling.on && a->model.cfg.decoder == S2S_DECODER_AT && !a->beam_on)
        snprintf(status, sizeof status, P_("T %.2g · top-k %d · top-p %.2g · seed %d · %d pass",
                                           "T %.2g · top-k %d · top-p %.2g · seed %d · %d passes", (unsigned long)a->res.passes),
                 (double)a->sampling.temperature, a->sampling.top_k, (double)a->sampling.top_p, a->sampling.seed, a->res.passes);
    else if (a->steady)
        snprintf(status, sizeof status, P_("%d decoder pass", "%d decoder passes", (unsigned long)a->res.passes), a->res.passes);
    else
        snprintf(status, sizeof status, P_("%d decoder pass · %.0f µs", "%d decoder passes · %.0f µs", (unsigned long)a->res.passes),
                 a->res.passes, a->res.us);
    if (a->ablation.n_off)
        snprintf(heads_off, sizeof heads_off, P_(" · %d head off", " · %d heads off", (unsigned long)a->ablation.n_off),
                 a->ablation.n_off);
    if (a->model.cfg.decoder == S2S_DECODER_NAT)
        snprintf(mode, mode_cap, _("NAT · length: %s%s · %s"), a->nat_length == S2S_NAT_LENGTH_END ? _("cut at <end>") : _("classifier"),
                 heads_off, status);
    else if (a->target[0] && !a->free_run)
        snprintf(mode, mode_cap, _("AT teacher-forced%s · %s"), heads_off, status);
    else
        snprintf(mode, mode_cap, _("AT %s%s%s · %s"),
                 a->beam_on ? _("beam search") : a->sampling.on ? _("sampled") : _("greedy"), a->n_forced ? _(" (what-if)") : "",
                 heads_off, status);
    snprintf(speed, speed_cap, _("%d op/s"), a->speed);
}

static float text_w(const draw_list *dl, const char *t, float size) {
    float w;
    draw_measure(dl, t, size, &w, NULL);
    return w;
}

/* A labelled text box at x in the header row r (the input, the target), the row being h high; typing
 * shows a caret, and otherwise a hint keeps its place at the right while the text is short (a long
 * text hides it, then is shortened, whole in the tooltip under the mouse). Text that is selected (a
 * box just focused, Ctrl+A) is drawn highlighted: typing replaces it. A box with text has a × at its
 * right end that empties it (clear). Returns the x after it. */
static float text_box(draw_list *dl, view_ctx *v, draw_rect r, float x, const char *label, const char *text,
                      int focus, int selected, const char *hint, float box_w, long long now, hit click, hit clear, char *tip) {
    const theme *th = v->th;
    const view_metrics *m = &v->m;
    float fs = m->text_title, h = m->header_h;
    draw_text(dl, label, x, r.y + h * 0.5f, fs * 0.8f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    x += text_w(dl, label, fs * 0.8f) + m->pad;
    draw_rect ib = draw_rect_make(x, r.y + h * 0.15f, box_w, h * 0.7f);
    draw_fill(dl, ib, th->background);
    draw_outline(dl, ib, focus ? th->accent : th->grid, focus ? 2.0f : 1.0f);
    hit_add(v->hits, ib, click);
    float clear_w = 0;
    if (text[0]) { /* the ×, added after the box so that its hit wins */
        clear_w = ib.h;
        draw_rect cb = draw_rect_make(ib.x + ib.w - clear_w, ib.y, clear_w, ib.h);
        draw_text(dl, "×", cb.x + cb.w * 0.5f, cb.y + cb.h * 0.5f, fs, th->text_dim, DRAW_ALIGN_CENTER, 0);
        hit_add(v->hits, cb, clear);
    }
    char shown[APP_INPUT_MAX + 8], fit[APP_INPUT_MAX + 8];
    snprintf(shown, sizeof shown, "%s%s", text, focus && !selected && (now / 500) % 2 == 0 ? "|" : "");
    float room = ib.w - 2.0f * m->pad - clear_w, hint_w = 0;
    if (!focus && hint[0]) {
        hint_w = text_w(dl, hint, fs * 0.7f) + m->pad;
        if (text_w(dl, shown, fs) + hint_w <= room)
            draw_text(dl, hint, ib.x + ib.w - clear_w - m->pad, ib.y + ib.h * 0.5f, fs * 0.7f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
        else
            hint_w = 0;
    }
    if (draw_text_fit(dl, shown, fs, room - hint_w, fit, sizeof fit) && rect_contains(ib, v->mouse_x, v->mouse_y))
        snprintf(tip, 192, "%.191s", text); /* a long text in full */
    if (selected && fit[0]) /* the selection: replaced by what is typed next */
        draw_fill(dl, draw_rect_make(ib.x + m->pad - 2.0f, ib.y + ib.h * 0.15f, text_w(dl, fit, fs) + 4.0f, ib.h * 0.7f), th->accent);
    draw_text(dl, fit, ib.x + m->pad, ib.y + ib.h * 0.5f, fs, selected ? th->background : th->text, DRAW_ALIGN_LEFT, 0);
    return x + box_w + m->margin;
}

/* Chooses the reductions for a header of width W. */
static header_layout header_plan(const app_state *a, const draw_list *dl, const view_metrics *m, float W, int comparing) {
    float fs = m->text_title;
    char model[160], mode[512], speed[32];
    header_texts(a, model, sizeof model, mode, sizeof mode, speed, sizeof speed);
    float title = text_w(dl, "Stepformer", fs * 1.25f) + m->button_pad;
    float input_label = text_w(dl, _("input"), fs * 0.8f) + text_w(dl, _("target"), fs * 0.8f) + 2.0f * m->pad + m->margin;
    float model_full = text_w(dl, model, fs * 0.85f), model_min = fs * 6.0f;
    float input_min = fs * 18.0f, status = text_w(dl, mode, fs * 0.8f);
    float buttons[2] = {0, 0};
    for (int shorter = 0; shorter < 2; shorter++) {
        const char *lab[HEADER_BUTTONS];
        int act[HEADER_BUTTONS];
        header_buttons(a, comparing, shorter, lab, act);
        for (int i = 0; i < HEADER_BUTTONS; i++) buttons[shorter] += text_w(dl, lab[i], fs * 0.85f) + m->button_pad + m->gap;
        buttons[shorter] += text_w(dl, speed, fs * 0.75f);
    }
    header_layout h = {1, 0, 0, model_full, m->input_w};
    float room = W - 2.0f * m->margin - 3.0f * m->margin; /* margins and the gaps between groups */
    /* what the row needs with the status on it and the input box at its least */
    float need = title + model_full + m->button_pad + input_label + input_min + status + buttons[0];
    if (need > room) h.show_title = 0, need -= title;
    if (need > room) h.short_buttons = 1, need -= buttons[0] - buttons[1];
    if (need > room) h.status_row = 1, need -= status;
    if (need > room) { /* the model name gives way last, to its least */
        float cut = need - room < model_full - model_min ? need - room : model_full - model_min;
        h.model_w -= cut;
        need -= cut;
    }
    float left = room - (need - input_min); /* what the input box can have */
    if (h.input_w > left) h.input_w = left > input_min ? left : input_min;
    return h;
}

/* The header's height: one row, or two when the status has a row of its own. */
static float header_height(const app_state *a, const draw_list *dl, const view_metrics *m, float W, int comparing) {
    header_layout h = header_plan(a, dl, m, W, comparing);
    return m->header_h + (h.status_row ? m->text_title * 1.5f : 0.0f);
}

static void header(app_state *a, draw_list *dl, view_ctx *v, draw_rect r, long long now, int io_compare_on, char *tip) {
    /* tip (192 bytes, v->tip): the whole of a shortened text under the mouse */
    const theme *th = v->th;
    const view_metrics *m = &v->m;
    header_layout plan = header_plan(a, dl, m, r.w, io_compare_on);
    float fs = m->text_title, h = m->header_h, x = r.x + m->margin;
    draw_line(dl, r.x, r.y + r.h, r.x + r.w, r.y + r.h, th->grid, 1.0f);
    char model[160], mode[512], speed[32], fit[APP_INPUT_MAX + 8];
    header_texts(a, model, sizeof model, mode, sizeof mode, speed, sizeof speed);
    if (plan.show_title) {
        draw_text(dl, "Stepformer", x, r.y + h * 0.5f, fs * 1.25f, th->accent, DRAW_ALIGN_LEFT, 0);
        x += text_w(dl, "Stepformer", fs * 1.25f) + m->button_pad;
    }
    /* model button */
    draw_rect mb = draw_rect_make(x, r.y + h * 0.18f, plan.model_w + m->button_pad, h * 0.64f);
    draw_fill(dl, mb, th->background);
    draw_outline(dl, mb, th->grid, 1.0f);
    draw_text_fit(dl, model, fs * 0.85f, plan.model_w, fit, sizeof fit);
    draw_text(dl, fit, mb.x + m->button_pad * 0.5f, mb.y + mb.h * 0.5f, fs * 0.85f, th->text, DRAW_ALIGN_LEFT, 0);
    hit_add(v->hits, mb, (hit){.kind = HIT_MODEL_BUTTON});
    if (strcmp(fit, model) != 0 && rect_contains(mb, v->mouse_x, v->mouse_y)) snprintf(tip, 192, "%s", model);
    x += mb.w + m->margin;
    /* the input box, and the target box beside it (teacher forcing) */
    x = text_box(dl, v, r, x, _("input"), a->input, a->input_focus, a->input_focus && a->text_selected,
                 a->input[0] ? _("Enter to edit") : _("empty · Enter to type"), plan.input_w * 0.45f, now,
                 (hit){.kind = HIT_INPUT_BOX}, (hit){.kind = HIT_ACTION, .action = ACT_CLEAR_INPUT}, tip);
    x = text_box(dl, v, r, x, _("target"), a->target, a->target_focus, a->target_focus && a->text_selected,
                 a->target[0] ? "" : _("none · Shift+Enter"), plan.input_w * 0.55f, now,
                 (hit){.kind = HIT_ACTION, .action = ACT_EDIT_TARGET}, (hit){.kind = HIT_ACTION, .action = ACT_CLEAR_TARGET}, tip);
    /* play / help buttons on the right */
    const char *btn[HEADER_BUTTONS];
    int act[HEADER_BUTTONS];
    header_buttons(a, io_compare_on, plan.short_buttons, btn, act);
    const char *full[HEADER_BUTTONS];
    int act_full[HEADER_BUTTONS];
    header_buttons(a, io_compare_on, 0, full, act_full);
    float bx = r.x + r.w - m->margin;
    for (int i = HEADER_BUTTONS - 1; i >= 0; i--) {
        float w = text_w(dl, btn[i], fs * 0.85f);
        draw_rect b = draw_rect_make(bx - w - m->button_pad, r.y + h * 0.18f, w + m->button_pad, h * 0.64f);
        int on = (act[i] == ACT_PLAY && a->playing) || (act[i] == ACT_COMPARE && io_compare_on);
        draw_fill(dl, b, on ? th->accent : th->background);
        draw_outline(dl, b, th->grid, 1.0f);
        draw_text(dl, btn[i], b.x + b.w * 0.5f, b.y + b.h * 0.5f, fs * 0.85f, on ? th->background : th->text,
                  DRAW_ALIGN_CENTER, 0);
        hit_add(v->hits, b, (hit){.kind = HIT_ACTION, .action = act[i]});
        if (plan.short_buttons && rect_contains(b, v->mouse_x, v->mouse_y)) snprintf(tip, 192, "%s", full[i]);
        bx = b.x - m->gap;
    }
    draw_text(dl, speed, bx, r.y + h * 0.5f, fs * 0.75f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    bx -= text_w(dl, speed, fs * 0.75f) + m->margin;
    /* the status: between the input box and the speed, or on a row of its own */
    float sx = plan.status_row ? r.x + m->margin : x, sy = plan.status_row ? r.y + h + fs * 0.6f : r.y + h * 0.5f;
    float sw = plan.status_row ? r.w - 2.0f * m->margin : bx - x;
    char mode_fit[512];
    if (draw_text_fit(dl, mode, fs * 0.8f, sw, mode_fit, sizeof mode_fit) &&
        rect_contains(draw_rect_make(sx, sy - fs * 0.5f, sw, fs), v->mouse_x, v->mouse_y))
        snprintf(tip, 192, "%.190s", mode);
    draw_text(dl, mode_fit, sx, sy, fs * 0.8f, th->text_dim, DRAW_ALIGN_LEFT, 0);
}

static void model_picker(app_state *a, draw_list *dl, view_ctx *v, draw_rect screen) {
    const theme *th = v->th;
    const view_metrics *m = &v->m;
    float fs = m->text_heading, rh = fs * 1.8f;
    float h = (a->n_models + 2) * rh, w = m->picker_w;
    if (h > screen.h * 0.8f) h = screen.h * 0.8f;
    draw_rect box = draw_rect_make(screen.x + m->picker_x, screen.y + m->picker_y, w, h);
    draw_fill(dl, box, th->panel);
    draw_outline(dl, box, th->accent, 2.0f);
    hit_add(v->hits, box, (hit){.kind = HIT_NONE});
    draw_text(dl, _("Choose a model (assets/models and --model)"), box.x + m->list_pad, box.y + rh * 0.5f, fs * 0.85f,
              th->text_dim, DRAW_ALIGN_LEFT, 0);
    for (int i = 0; i < a->n_models && (i + 2) * rh <= h; i++) {
        draw_rect row = draw_rect_make(box.x + m->inset, box.y + (i + 1) * rh, box.w - 2.0f * m->inset, rh);
        int on = strcmp(a->models[i], a->model_path) == 0;
        int hover = rect_contains(row, v->mouse_x, v->mouse_y);
        if (on || hover) draw_fill(dl, row, on ? th->accent : th->background);
        const char *base = strrchr(a->models[i], '/');
        draw_text(dl, base ? base + 1 : a->models[i], row.x + m->pad, row.y + rh * 0.5f, fs,
                  on ? th->background : th->text, DRAW_ALIGN_LEFT, 0);
        hit_add(v->hits, row, (hit){.kind = HIT_MODEL_ROW, .index = i});
    }
}

static void help_overlay(draw_list *dl, view_ctx *v, draw_rect screen) {
    int n;
    const key_binding *t = keymap_table(&n);
    const char *keys[64], *what[64];
    int m = 0;
    for (int i = 0; i < n && m < 64; i++)
        if (t[i].keys) {
            keys[m] = _(t[i].keys);
            what[m++] = _(t[i].what);
        }
    view_help(dl, v, screen, keys, what, m);
}

/* The view context of a frame: the app state seen through io. */
void app_frame_ctx(app_state *a, app_frame_io *io, view_ctx *v) {
    memset(v, 0, sizeof *v);
    v->model = &a->model;
    v->trace = &a->trace;
    v->res = &a->res;
    v->cursor = a->cursor;
    v->focus = app_focus(a);
    v->th = a->dark ? theme_dark() : theme_light();
    v->cm = colormap_at(a->cmap % colormap_count());
    float scale = view_metrics_fit(a->ui, io->width, io->height); /* no larger than the window holds */
    v->m = view_metrics_make(scale, io->width, io->height);
    v->mouse_x = io->mouse_x;
    v->mouse_y = io->mouse_y;
    v->hits = io->hits;
    v->src_labels = a->lab.src_ptr;
    v->dec_labels = a->lab.dec_ptr;
    v->out_labels = a->lab.out_ptr;
    v->what_if_index = a->what_if_index;
    v->ablation = &a->ablation;
    v->before = a->n_before >= 0 ? a->before : NULL;
    v->n_before = a->n_before;
    v->sampling = a->sampling.on && a->model.cfg.decoder == S2S_DECODER_AT ? &a->sampling : NULL;
    v->scratch = io->scratch;
    v->scratch_len = io->scratch_len;
}

void app_frame_beam(app_state *a, view_ctx *v, draw_list *dl, draw_rect r) {
    view_ctx sel = *v; /* the selected hypothesis' own decode */
    sel.trace = &a->beam_trace;
    sel.res = &a->beam_res;
    sel.cursor = a->beam_trace.n_steps - 1;
    sel.dec_labels = a->beam_lab.dec_ptr;
    sel.out_labels = a->beam_lab.out_ptr;
    sel.sampling = NULL;
    sel.before = NULL;
    sel.focus.head = a->head;
    beam_view_info b = {&a->beam_tree, a->beam_step, a->beam_sel, a->beam_sel >= 0 ? &sel : NULL, ACT_BEAM_NARROWER,
                        ACT_BEAM_WIDER};
    view_beam(dl, v, r, &b);
}

void app_frame_focus_view(app_state *a, draw_list *dl, view_ctx *v, draw_rect r) {
    if (app_norm_ready(a)) {
        view_norm_info ni = {&a->norm, a->norm_place, a->norm_ptr, a->norm_moved_ln, a->norm_moved_bn, ACT_NORM_SWAP,
                             ACT_NORM_SIZE};
        view_norm(dl, v, r, &ni);
    } else if (a->beam_on && a->model.cfg.decoder == S2S_DECODER_AT) {
        app_frame_beam(a, v, dl, r);
    } else {
        view_main(dl, v, r);
    }
}

void app_frame(app_state *a, draw_list *dl, app_frame_io *io) {
    view_ctx v;
    app_frame_ctx(a, io, &v);
    hit_reset(io->hits);
    a->caption[0] = '\0';

    const view_metrics *m = &v.m;
    float W = io->width, H = io->height;
    draw_rect screen = draw_rect_make(0, 0, W, H);
    draw_fill(dl, screen, v.th->panel); /* one clear; panels are outlined, not filled */
    v.flat = 1;
    draw_rect panels[LESSON_PANEL_COUNT] = {{0}}; /* by lesson_panel_names, for a lesson's highlight */
    a->n_frame_panels = 0;
    float hint_y = H * 0.7f; /* the toast's top: above the token strip, or low in presenter mode */
    if (a->present) { /* presenter mode: one large view, the lesson or a caption */
        app_frame_present(a, dl, io, &v, panels);
        goto overlays;
    }
    /* with a target the token strip becomes the teacher-forcing strip, taller */
    int teaching = a->teach_ready && !(io->compare && io->compare->on), training = a->live && !teaching;
    float head_h = header_height(a, dl, m, W, io->compare && io->compare->on), time_h = m->timeline_h, gap = m->gap, inset = m->inset;
    /* the LayerNorm vs BatchNorm view is about a batch at one Add & Norm, not about this decode: it
       takes the right column and the plain token strip too (its three kinds of heatmaps need room) */
    int wide = app_norm_ready(a) && !(io->compare && io->compare->on);
    float tok_h = training ? view_live_height(m) : teaching ? view_teacher_height(m) : wide ? 0 : m->tokens_h;
    hint_y = H - time_h - tok_h - m->hint_lift;
    header(a, dl, &v, draw_rect_make(0, 0, W, head_h), io->now, io->compare && io->compare->on, v.tip);
    a->frame_panels[a->n_frame_panels++] = draw_rect_make(0, 0, W, head_h);
    if (io->lesson && lesson_player_active(io->lesson)) { /* the lesson panel at the right; the views share the rest */
        float lw = app_frame_lesson(io->lesson, dl, &v, draw_rect_make(0, head_h + gap, W - gap, H - head_h - 2 * gap));
        a->frame_panels[a->n_frame_panels++] = draw_rect_make(W - lw, head_h + gap, lw - gap, H - head_h - 2 * gap);
        W -= lw;
        v.m = view_metrics_make(view_metrics_fit(a->ui, io->width, io->height), W, H);
    }
    float body_y = head_h + gap, body_h = H - head_h - tok_h - time_h - 3 * gap;
    if (io->compare && io->compare->on) {
        /* the token strip's height goes to the panels: each side shows its own output */
        float by = body_y + body_h + tok_h + gap;
        panels[LESSON_PANEL_COMPARE] = draw_rect_make(gap, body_y, W - 2 * gap, body_h + tok_h);
        app_frame_compare(a, io->compare, dl, &v, panels[LESSON_PANEL_COMPARE],
                          draw_rect_make(gap + inset, by, W - 2 * gap - 2 * inset, time_h));
        goto overlays;
    }
    /* the caption: a line across the window under the views, as wide as it can be so that it can
       be large (a sentence about the focused view, read from the back of a classroom); a window too
       short for both gives it up, so that the views keep at least four caption heights */
    if (!a->captions_hidden && body_h - m->caption_h - gap >= 4.0f * m->caption_h)
        view_caption_text(&v, a->beam, &a->sampling, a->n_forced, a->caption, sizeof a->caption);
    float cap_h = a->caption[0] ? m->caption_h + gap : 0;
    body_h -= cap_h;
    float left_w = m->left_w, right_w = wide ? 0 : m->right_w;
    float main_w = W - left_w - right_w - (wide ? 3 : 4) * gap;
    panels[LESSON_PANEL_ARCHITECTURE] = draw_rect_make(gap, body_y, left_w, body_h);
    panels[LESSON_PANEL_MAIN] = draw_rect_make(left_w + 2 * gap, body_y, main_w, body_h);
    view_arch(dl, &v, panels[LESSON_PANEL_ARCHITECTURE]);
    app_frame_focus_view(a, dl, &v, panels[LESSON_PANEL_MAIN]);
    float rx = left_w + main_w + 3 * gap, ry = body_y, rh = body_h;
    if (a->model.cfg.decoder == S2S_DECODER_NAT && !wide) {
        /* a quarter of the column, and at least its title and the sentence saying the length */
        float lh = body_h * 0.24f, lh_min = m->text_body * 1.9f + m->panel_pad_top + m->panel_pad_bottom + m->text_label * 1.4f;
        if (lh < lh_min) lh = lh_min;
        panels[LESSON_PANEL_LENGTH] = draw_rect_make(rx, ry, right_w, lh);
        view_length(dl, &v, panels[LESSON_PANEL_LENGTH]);
        ry += lh + gap;
        rh -= lh + gap;
    }
    float ph = rh * 0.48f;
    float by = body_y + body_h + gap + cap_h;
    if (cap_h > 0) {
        panels[LESSON_PANEL_CAPTION] = draw_rect_make(gap, body_y + body_h + gap, W - 2 * gap, m->caption_h);
        view_caption(dl, &v, panels[LESSON_PANEL_CAPTION], a->caption);
    }
    if (tok_h > 0) panels[LESSON_PANEL_TOKENS] = draw_rect_make(gap + inset, by, W - 2 * gap - 2 * inset, tok_h);
    panels[LESSON_PANEL_TIMELINE] = draw_rect_make(gap + inset, by + tok_h + gap, W - 2 * gap - 2 * inset, time_h);
    if (!wide) {
        panels[LESSON_PANEL_OUTPUT] = draw_rect_make(rx, ry, right_w, ph);
        panels[LESSON_PANEL_HEADS] = draw_rect_make(rx, ry + ph + gap, right_w, rh - ph - gap);
        if (a->lens_on) view_lens(dl, &v, panels[LESSON_PANEL_OUTPUT], v.focus.row);
        else view_probs(dl, &v, panels[LESSON_PANEL_OUTPUT], v.focus.row);
        view_grid(dl, &v, panels[LESSON_PANEL_HEADS]);
    }
    if (training) {
        view_live_info li = {&a->live_st, a->live_loss, a->live_n, a->live_shown, a->live_follow, a->model_path,
                             ACT_TRAIN_PAUSE, ACT_TRAIN_RESET, ACT_TRAIN_SAVE, ACT_TRAIN, ACT_TRAIN_FOLLOW};
        view_live(dl, &v, panels[LESSON_PANEL_TOKENS], &li);
    } else if (teaching) {
        view_teacher(dl, &v, panels[LESSON_PANEL_TOKENS], &a->teach, a->free_run, ACT_TEACHER);
    } else if (tok_h > 0) {
        view_tokens(dl, &v, panels[LESSON_PANEL_TOKENS]);
    }
    view_timeline(dl, &v, panels[LESSON_PANEL_TIMELINE]);
    snprintf(io->hover, sizeof io->hover, "%s", v.hover);

overlays:
    for (int i = 0; i < LESSON_PANEL_COUNT && a->n_frame_panels < APP_FRAME_PANELS; i++)
        if (panels[i].w > 0) a->frame_panels[a->n_frame_panels++] = panels[i];
    if (a->what_if_index >= 0) {
        for (int i = 0; i < io->hits->n; i++) {
            const hit *h = &io->hits->items[i];
            if (h->kind == HIT_OUT_TOKEN && h->index == a->what_if_index) {
                view_what_if(dl, &v, h->rect.x, h->rect.y);
                break;
            }
        }
    }
    if (v.tip[0]) view_tooltip(dl, &v, v.tip, io->mouse_x, io->mouse_y, screen); /* a shortened text in full */
    if (io->lesson) app_frame_lesson_overlays(io->lesson, dl, &v, screen, panels);
    if (a->picker_open) model_picker(a, dl, &v, screen);
    if (a->chooser.open) train_chooser_draw(&a->chooser, dl, &v, screen);
    if (a->help_open) { /* the key card at the window's own scale, in presenter mode too (it is the teacher's) */
        v.m = view_metrics_make(view_metrics_fit(a->ui, io->width, io->height), io->width, io->height);
        help_overlay(dl, &v, screen);
    }
    if (a->hint[0] && io->now < a->hint_until) {
        float fs = v.m.text_heading, w;
        draw_measure(dl, a->hint, fs, &w, NULL);
        if (w > W - m->hint_margin) w = W - m->hint_margin;
        draw_rect box = draw_rect_make((W - w) * 0.5f - m->margin, hint_y, w + 2 * m->margin, fs * 2.2f);
        draw_fill(dl, box, v.th->text);
        char fit[256];
        draw_text_fit(dl, a->hint, fs, w, fit, sizeof fit);
        draw_text(dl, fit, box.x + m->margin, box.y + box.h * 0.5f, fs, v.th->background, DRAW_ALIGN_LEFT, 0);
    }
    if (a->present && a->spotlight) app_frame_spotlight(dl, &v, io->width, io->height, io->mouse_x, io->mouse_y);
    if (a->present && a->blank != PRESENT_SHOW) { /* nothing shows, nothing can be clicked */
        hit_reset(io->hits);
        app_frame_blank(dl, a->blank, io->width, io->height);
    }
}

void app_frame_beam_figure(app_state *a, draw_list *dl, app_frame_io *io) {
    view_ctx v;
    app_frame_ctx(a, io, &v);
    hit_reset(io->hits);
    draw_fill(dl, draw_rect_make(0, 0, io->width, io->height), v.th->panel);
    app_frame_beam(a, &v, dl, draw_rect_make(v.m.gap, v.m.gap, io->width - 2 * v.m.gap, io->height - 2 * v.m.gap));
}
