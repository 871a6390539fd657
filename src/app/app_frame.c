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

/* A labelled text box at x in the header row r (the input, the target); typing shows a caret, and
 * otherwise a hint keeps its place at the right, a long text being shortened before it. Returns
 * the x after it. */
static float text_box(draw_list *dl, view_ctx *v, draw_rect r, float x, const char *label, const char *text,
                      int focus, const char *hint, float box_w, long long now, hit click) {
    const theme *th = v->th;
    const view_metrics *m = &v->m;
    float fs = m->text_title, h = r.h, w;
    draw_text(dl, label, x, r.y + h * 0.5f, fs * 0.8f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_measure(dl, label, fs * 0.8f, &w, NULL);
    x += w + m->pad;
    draw_rect ib = draw_rect_make(x, r.y + h * 0.15f, box_w, h * 0.7f);
    draw_fill(dl, ib, th->background);
    draw_outline(dl, ib, focus ? th->accent : th->grid, focus ? 2.0f : 1.0f);
    char shown[APP_INPUT_MAX + 8];
    snprintf(shown, sizeof shown, "%s%s", text, focus && (now / 500) % 2 == 0 ? "|" : "");
    char fit[APP_INPUT_MAX + 8];
    float hint_w = 0;
    if (!focus) {
        draw_measure(dl, hint, fs * 0.7f, &hint_w, NULL);
        draw_text(dl, hint, ib.x + ib.w - m->pad, ib.y + ib.h * 0.5f, fs * 0.7f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
        hint_w += m->pad + 2.0f * m->scale;
    }
    draw_text_fit(dl, shown, fs, ib.w - 2.0f * m->pad - hint_w, fit, sizeof fit);
    draw_text(dl, fit, ib.x + m->pad, ib.y + ib.h * 0.5f, fs, th->text, DRAW_ALIGN_LEFT, 0);
    hit_add(v->hits, ib, click);
    return x + box_w + m->margin;
}

static void header(app_state *a, draw_list *dl, view_ctx *v, draw_rect r, long long now, int io_compare_on) {
    const theme *th = v->th;
    const view_metrics *m = &v->m;
    float fs = m->text_title, h = r.h, x = r.x + m->margin;
    draw_line(dl, r.x, r.y + h, r.x + r.w, r.y + h, th->grid, 1.0f);
    draw_text(dl, "Stepformer", x, r.y + h * 0.5f, fs * 1.25f, th->accent, DRAW_ALIGN_LEFT, 0);
    float w;
    draw_measure(dl, "Stepformer", fs * 1.25f, &w, NULL);
    x += w + m->button_pad;
    /* model button */
    char label[160];
    const char *base = strrchr(a->model_path, '/');
    snprintf(label, sizeof label, "%.120s  ▾", base ? base + 1 : a->model_path);
    draw_measure(dl, label, fs * 0.85f, &w, NULL);
    draw_rect mb = draw_rect_make(x, r.y + h * 0.18f, w + m->button_pad, h * 0.64f);
    draw_fill(dl, mb, th->background);
    draw_outline(dl, mb, th->grid, 1.0f);
    draw_text(dl, label, mb.x + m->button_pad * 0.5f, mb.y + mb.h * 0.5f, fs * 0.85f, th->text, DRAW_ALIGN_LEFT, 0);
    hit_add(v->hits, mb, (hit){.kind = HIT_MODEL_BUTTON});
    x += mb.w + m->margin;
    /* the input box, and the target box beside it (teacher forcing) */
    x = text_box(dl, v, r, x, _("input"), a->input, a->input_focus, _("Enter to edit"), m->input_w * 0.45f, now,
                 (hit){.kind = HIT_INPUT_BOX});
    x = text_box(dl, v, r, x, _("target"), a->target, a->target_focus, a->target[0] ? "" : _("none · Shift+Enter"),
                 m->input_w * 0.55f, now, (hit){.kind = HIT_ACTION, .action = ACT_EDIT_TARGET});
    /* mode and status (made here, not stored, so that it follows a change of language) */
    char status[128], mode[256];
    if (a->dec)
        snprintf(status, sizeof status, P_("decoding… %d pass so far", "decoding… %d passes so far", (unsigned long)a->res.passes),
                 a->res.passes);
    else
        snprintf(status, sizeof status, P_("%d decoder pass · %.0f µs", "%d decoder passes · %.0f µs", (unsigned long)a->res.passes),
                 a->res.passes, a->res.us);
    if (a->model.cfg.decoder == S2S_DECODER_NAT)
        snprintf(mode, sizeof mode, _("NAT · length: %s · %s"), a->nat_length == S2S_NAT_LENGTH_END ? _("cut at <end>") : _("classifier"),
                 status);
    else if (a->target[0] && !a->free_run)
        snprintf(mode, sizeof mode, _("AT teacher-forced · %s"), status);
    else
        snprintf(mode, sizeof mode, _("AT greedy%s · %s"), a->n_forced ? _(" (what-if)") : "", status);
    /* play / help buttons on the right */
    int comparing = io_compare_on;
    const char *btn[4] = {_("☰ lessons"), comparing ? _("◧ leave compare") : _("◧ compare AT/NAT"),
                          a->playing ? _("❚❚ pause") : _("▶ play"), _("? keys")};
    int act[4] = {ACT_LESSONS, ACT_COMPARE, ACT_PLAY, ACT_HELP};
    float bx = r.x + r.w - m->margin;
    for (int i = 3; i >= 0; i--) {
        draw_measure(dl, btn[i], fs * 0.85f, &w, NULL);
        draw_rect b = draw_rect_make(bx - w - m->button_pad, r.y + h * 0.18f, w + m->button_pad, h * 0.64f);
        int on = (i == 2 && a->playing) || (i == 1 && comparing);
        draw_fill(dl, b, on ? th->accent : th->background);
        draw_outline(dl, b, th->grid, 1.0f);
        draw_text(dl, btn[i], b.x + b.w * 0.5f, b.y + b.h * 0.5f, fs * 0.85f, on ? th->background : th->text,
                  DRAW_ALIGN_CENTER, 0);
        hit_add(v->hits, b, (hit){.kind = HIT_ACTION, .action = act[i]});
        bx = b.x - m->gap;
    }
    char speed[32];
    snprintf(speed, sizeof speed, _("%d op/s"), a->speed);
    draw_text(dl, speed, bx, r.y + h * 0.5f, fs * 0.75f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    /* the mode and status get what the buttons and the speed leave (their width depends on the language) */
    float speed_w;
    draw_measure(dl, speed, fs * 0.75f, &speed_w, NULL);
    char mode_fit[256];
    draw_text_fit(dl, mode, fs * 0.8f, bx - speed_w - m->margin - x, mode_fit, sizeof mode_fit);
    draw_text(dl, mode_fit, x, r.y + h * 0.5f, fs * 0.8f, th->text_dim, DRAW_ALIGN_LEFT, 0);
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

void app_frame(app_state *a, draw_list *dl, app_frame_io *io) {
    view_ctx v;
    memset(&v, 0, sizeof v);
    v.model = &a->model;
    v.trace = &a->trace;
    v.res = &a->res;
    v.cursor = a->cursor;
    v.focus = app_focus(a);
    v.th = a->dark ? theme_dark() : theme_light();
    v.cm = colormap_at(a->cmap % colormap_count());
    v.m = view_metrics_make(a->ui, io->width, io->height);
    v.mouse_x = io->mouse_x;
    v.mouse_y = io->mouse_y;
    v.hits = io->hits;
    v.src_labels = a->lab.src_ptr;
    v.dec_labels = a->lab.dec_ptr;
    v.out_labels = a->lab.out_ptr;
    v.what_if_index = a->what_if_index;
    v.scratch = io->scratch;
    v.scratch_len = io->scratch_len;
    hit_reset(io->hits);

    const view_metrics *m = &v.m;
    float W = io->width, H = io->height;
    draw_rect screen = draw_rect_make(0, 0, W, H);
    draw_fill(dl, screen, v.th->panel); /* one clear; panels are outlined, not filled */
    v.flat = 1;
    /* with a target the token strip becomes the teacher-forcing strip, taller */
    int teaching = a->teach_ready && !(io->compare && io->compare->on), training = a->live && !teaching;
    float head_h = m->header_h, tok_h = training ? view_live_height(m) : teaching ? view_teacher_height(m) : m->tokens_h, time_h = m->timeline_h, gap = m->gap, inset = m->inset;
    header(a, dl, &v, draw_rect_make(0, 0, W, head_h), io->now, io->compare && io->compare->on);
    draw_rect panels[LESSON_PANEL_COUNT] = {{0}}; /* by lesson_panel_names, for a lesson's highlight */
    if (io->lesson && lesson_player_active(io->lesson)) { /* the lesson panel at the right; the views share the rest */
        W -= app_frame_lesson(io->lesson, dl, &v, draw_rect_make(0, head_h + gap, W - gap, H - head_h - 2 * gap));
        v.m = view_metrics_make(a->ui, W, H);
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
    float left_w = m->left_w, right_w = m->right_w;
    float main_w = W - left_w - right_w - 4 * gap;
    panels[LESSON_PANEL_ARCHITECTURE] = draw_rect_make(gap, body_y, left_w, body_h);
    panels[LESSON_PANEL_MAIN] = draw_rect_make(left_w + 2 * gap, body_y, main_w, body_h);
    view_arch(dl, &v, panels[LESSON_PANEL_ARCHITECTURE]);
    if (app_norm_ready(a)) {
        view_norm_info ni = {&a->norm, a->norm_place, a->norm_ptr, a->norm_moved_ln, a->norm_moved_bn, ACT_NORM_SWAP,
                             ACT_NORM_SIZE};
        view_norm(dl, &v, panels[LESSON_PANEL_MAIN], &ni);
    } else {
        view_main(dl, &v, panels[LESSON_PANEL_MAIN]);
    }
    float rx = left_w + main_w + 3 * gap, ry = body_y, rh = body_h;
    if (a->model.cfg.decoder == S2S_DECODER_NAT) {
        float lh = body_h * 0.24f;
        panels[LESSON_PANEL_LENGTH] = draw_rect_make(rx, ry, right_w, lh);
        view_length(dl, &v, panels[LESSON_PANEL_LENGTH]);
        ry += lh + gap;
        rh -= lh + gap;
    }
    float ph = rh * 0.48f;
    float by = body_y + body_h + gap;
    panels[LESSON_PANEL_OUTPUT] = draw_rect_make(rx, ry, right_w, ph);
    panels[LESSON_PANEL_HEADS] = draw_rect_make(rx, ry + ph + gap, right_w, rh - ph - gap);
    panels[LESSON_PANEL_TOKENS] = draw_rect_make(gap + inset, by, W - 2 * gap - 2 * inset, tok_h);
    panels[LESSON_PANEL_TIMELINE] = draw_rect_make(gap + inset, by + tok_h + gap, W - 2 * gap - 2 * inset, time_h);
    view_probs(dl, &v, panels[LESSON_PANEL_OUTPUT], v.focus.row);
    view_grid(dl, &v, panels[LESSON_PANEL_HEADS]);
    if (training) {
        view_live_info li = {&a->live_st, a->live_loss, a->live_n, a->live_shown, a->live_follow, a->model_path,
                             ACT_TRAIN_PAUSE, ACT_TRAIN_RESET, ACT_TRAIN_SAVE, ACT_TRAIN, ACT_TRAIN_FOLLOW};
        view_live(dl, &v, panels[LESSON_PANEL_TOKENS], &li);
    } else if (teaching) {
        view_teacher(dl, &v, panels[LESSON_PANEL_TOKENS], &a->teach, a->free_run, ACT_TEACHER);
    } else {
        view_tokens(dl, &v, panels[LESSON_PANEL_TOKENS]);
    }
    view_timeline(dl, &v, panels[LESSON_PANEL_TIMELINE]);
    snprintf(io->hover, sizeof io->hover, "%s", v.hover);

overlays:
    if (a->what_if_index >= 0) {
        for (int i = 0; i < io->hits->n; i++) {
            const hit *h = &io->hits->items[i];
            if (h->kind == HIT_OUT_TOKEN && h->index == a->what_if_index) {
                view_what_if(dl, &v, h->rect.x, h->rect.y);
                break;
            }
        }
    }
    if (io->lesson) app_frame_lesson_overlays(io->lesson, dl, &v, screen, panels);
    if (a->picker_open) model_picker(a, dl, &v, screen);
    if (a->chooser.open) train_chooser_draw(&a->chooser, dl, &v, screen);
    if (a->help_open) help_overlay(dl, &v, screen);
    if (a->hint[0] && io->now < a->hint_until) {
        float fs = v.m.text_heading, w;
        draw_measure(dl, a->hint, fs, &w, NULL);
        if (w > W - m->hint_margin) w = W - m->hint_margin;
        draw_rect box = draw_rect_make((W - w) * 0.5f - m->margin, H - time_h - tok_h - m->hint_lift, w + 2 * m->margin,
                                       fs * 2.2f);
        draw_fill(dl, box, v.th->text);
        char fit[256];
        draw_text_fit(dl, a->hint, fs, w, fit, sizeof fit);
        draw_text(dl, fit, box.x + m->margin, box.y + box.h * 0.5f, fs, v.th->background, DRAW_ALIGN_LEFT, 0);
    }
}
