/* app.c: the window's main loop: events -> actions on the app state -> a frame drawn from it.
 * Readable at a glance: app_run sets up, run_loop loops, handle_* translate input. */
#define _POSIX_C_SOURCE 200809L
#include "core/paths.h"
#include "app/app.h"
#include "core/refine.h"
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_console.h"
#include "app/app_export.h"
#include "app/app_frame.h"
#include "app/app_prefs.h"
#include "app/app_state.h"
#include "app/compare.h"
#include "app/keymap.h"
#include "app/lesson_player.h"
#include "app/text_log.h"
#include "core/atomic_file.h"
#include "platform/font.h"
#include "platform/render.h"
#include "platform/window.h"
#include "core/i18n.h"

typedef struct app {
    app_state s;
    compare_state cmp;
    lesson_player lp;
    window *win;
    font_set *fonts;
    render_ctx *rc;
    draw_list *dl;
    hit_list hits;
    float *scratch;
    size_t scratch_len;
    float mouse_x, mouse_y;
    int dragging; /* the timeline scrubber is held */
    int quit;
    prefs_store prefs;
    long long frames;         /* frames presented (the UI log, for tests of the frame rate) */
    double last_frame_ms;     /* when the last one was */
    double live_gap_max_ms;   /* the longest gap between two frames while training ran */
    app_console con;          /* presenter mode's second window, on the teacher's display */
    int console_wanted;       /* open it with presenter mode even on one display (--console, Shift+F5) */
    long long present_started_ms; /* the console's clock */
    int present_was_display;  /* the display the window was on before presenter mode took the projector */
    int last_key, last_mods, last_action; /* the last key down and what it did (the UI log: a key that did nothing) */
} app;

/* (Re)sizes the scratch for the loaded model. */
static int fit_scratch(app *ap) {
    size_t need = app_frame_scratch_len(&ap->s.model);
    if (need <= ap->scratch_len) return 0;
    float *p = realloc(ap->scratch, need * sizeof(float));
    if (!p) return -1;
    ap->scratch = p;
    ap->scratch_len = need;
    return 0;
}

static void load_model(app *ap, const char *path) {
    s2s_error err;
    compare_batch_cancel(&ap->cmp); /* its figures would be another model's */
    if (app_load_model(&ap->s, path, NULL, &err) || fit_scratch(ap))
        app_hint(&ap->s, (long long)clock_ms(), 6000, _("cannot open that model: %s"), err.msg);
}

/* ---- actions ----------------------------------------------------------------------------------- */

/* Compare mode's own meaning of the step keys (the shared clock) and its keys. Returns 1 when the
 * action was compare mode's. */
static int compare_action(app *ap, app_action act) {
    compare_state *c = &ap->cmp;
    app_state *s = &ap->s;
    long long now = (long long)clock_ms();
    int last = compare_last_tick(c);
    s2s_error err;
    switch (act) {
    case ACT_NEXT_OP: case ACT_NEXT_SUB: case ACT_NEXT_TOKEN: if (c->tick < last) c->tick++; return 1;
    case ACT_PREV_OP: case ACT_PREV_SUB: case ACT_PREV_TOKEN: if (c->tick > 0) c->tick--; return 1;
    case ACT_START: c->tick = 0; return 1;
    case ACT_END: c->tick = last; return 1;
    case ACT_PLAY:
        s->playing = !s->playing;
        s->next_tick = now;
        if (s->playing && c->tick >= last) c->tick = 0;
        return 1;
    case ACT_COMPARE: compare_close(c); s->playing = 0; return 1;
    case ACT_DISTILLED:
        if (!c->distilled.loaded) app_hint(s, now, 3000, "%s", _("no distilled NAT model ships for this task"));
        else c->use_distilled = !c->use_distilled;
        return 1;
    case ACT_BATCH: /* on a worker: the window keeps answering, the panel shows how far it is */
        if (c->job) app_hint(s, now, 3000, "%s", _("the batch is running · Esc cancels it"));
        else if (compare_batch_start(c, s, c->batch_n, &err)) app_hint(s, now, 5000, "%s", err.msg);
        return 1;
    case ACT_CLOSE: /* Esc cancels a running batch, unless it closes something else first */
        if (!c->job || s->input_focus || s->target_focus || s->help_open || s->picker_open || ap->lp.picker_open) return 0;
        compare_batch_cancel(c);
        app_hint(s, now, 3000, "%s", _("batch cancelled"));
        return 1;
    case ACT_BATCH_SIZE: c->batch_n = c->batch_n < 100 ? 100 : c->batch_n < 500 ? 500 : 20; return 1;
    case ACT_NAT_LENGTH:
        s->nat_length = s->nat_length == S2S_NAT_LENGTH_END ? S2S_NAT_LENGTH_CLASSIFIER : S2S_NAT_LENGTH_END;
        if (compare_decode(c, s, &err)) app_hint(s, now, 4000, "%s", err.msg);
        compare_batch_cancel(c); /* the figures were (or would be) for the other length mode */
        c->batch_ready = 0;
        return 1;
    default: return 0;
    }
}

/* Switches the head at the focus (or a thumbnail) off or on, and says what changed. */
static void toggle_head(app *ap, view_focus f) {
    app_state *s = &ap->s;
    s2s_error err = {{0}};
    trace_place p = {f.block, f.layer, f.sub, TO_WEIGHTS, f.head};
    long long now = (long long)clock_ms();
    if (app_toggle_head(s, p, &err)) {
        app_hint(s, now, 4000, "%s", err.msg);
        return;
    }
    if (ap->cmp.on && (ap->cmp.batch_ready || ap->cmp.job) && compare_batch_start(&ap->cmp, s, ap->cmp.batch_n, &err))
        app_hint(s, now, 4000, "%s", err.msg); /* its row follows: the batch runs again */
    int kind = app_head_kind(p), changed = 0;
    for (int i = 0; i < s->res.n_out || i < s->n_before; i++)
        changed += i >= s->res.n_out || i >= s->n_before || s->res.out[i] != s->before[i];
    int off = ablation_is_off(&s->ablation, (s2s_head_kind)kind, p.layer, p.head);
    app_hint(s, now, 4000,
             off ? P_("%s:%d.%d switched off · %d output token changed", "%s:%d.%d switched off · %d output tokens changed", (unsigned long)changed)
                 : P_("%s:%d.%d switched back on · %d output token changed", "%s:%d.%d switched back on · %d output tokens changed",
                      (unsigned long)changed),
             ablate_kind_names[kind], p.layer + 1, p.head + 1, changed);
}

/* The presenter console: open (on the first display, the projector being the second) or closed. */
static void console_set(app *ap, int on) {
    if (!on || app_console_is_open(&ap->con)) {
        if (!on) app_console_close(&ap->con);
        return;
    }
    s2s_error err;
    if (app_console_open(&ap->con, ap->fonts, 0, &err)) app_hint(&ap->s, (long long)clock_ms(), 5000, "%s", err.msg);
}

/* Puts the window on display d (from 0), out of full screen and back into it if need be: full screen
 * covers the display the window is on. */
static void window_to_display(app *ap, int d) {
    if (window_display(ap->win) == d) return;
    if (ap->s.fullscreen) window_set_fullscreen(ap->win, 0);
    window_move_to_display(ap->win, d);
    if (ap->s.fullscreen) window_set_fullscreen(ap->win, 1);
}

/* Presenter mode on or off: full screen while it is on (the window's own full screen comes back
 * after), the spotlight on, the screen shown. With two displays the views go to the second (the
 * projector) and the console opens on the first (the teacher's); with one, only when asked. */
static void present_set(app *ap, int on) {
    app_state *s = &ap->s;
    if (on == s->present) return;
    s->present = on;
    s->blank = PRESENT_SHOW;
    int displays = window_display_count();
    if (on) {
        s->present_was_fullscreen = s->fullscreen;
        s->spotlight = 1;
        if (s->pace_ms <= 0) s->pace_ms = 2000;
        ap->present_started_ms = (long long)clock_ms();
        ap->present_was_display = window_display(ap->win);
        if (displays >= 2) window_to_display(ap, 1);
        app_hint(s, (long long)clock_ms(), 4000, "%s", _("presenter mode: PgDn next step · Space play · B black · W white · H spotlight · F5 leave"));
    }
    int full = on ? 1 : s->present_was_fullscreen;
    if (full != s->fullscreen) {
        s->fullscreen = full;
        window_set_fullscreen(ap->win, full);
    }
    if (!on && displays >= 2) window_to_display(ap, ap->present_was_display);
    console_set(ap, on && (displays >= 2 || ap->console_wanted));
}

/* A lesson opened in full screen is shown in presenter mode. */
static void lesson_opened(app *ap) {
    if (ap->s.fullscreen) present_set(ap, 1);
}

/* Goes to slide `slide` of the open lesson; a slide that cannot be shown says why. */
static void goto_slide(app *ap, int slide) {
    s2s_error err;
    if (lesson_player_goto(&ap->lp, &ap->s, &ap->cmp, slide, &err) || fit_scratch(ap))
        app_hint(&ap->s, (long long)clock_ms(), 8000, "%s", err.msg);
}

/* The lesson keys. Returns 1 when the action was the lesson player's. */
static int lesson_action(app *ap, app_action act) {
    lesson_player *p = &ap->lp;
    int on = lesson_player_active(p);
    switch (act) {
    case ACT_NEXT_SLIDE:
    case ACT_PREV_SLIDE:
        if (!on) return 0; /* no lesson: the page keys step tokens, or the presenter's steps */
        if (act == ACT_NEXT_SLIDE && p->slide + 1 >= p->cur.n_slides)
            app_hint(&ap->s, (long long)clock_ms(), 2500, _("the last slide of \"%s\" (Ctrl+L: another lesson)"), p->cur.title);
        else goto_slide(ap, p->slide + (act == ACT_NEXT_SLIDE ? 1 : -1));
        return 1;
    case ACT_LESSONS:
        lesson_player_refresh(p); /* lessons written since show up */
        p->picker_open = !p->picker_open;
        ap->s.picker_open = ap->s.help_open = 0;
        return 1;
    case ACT_CLOSE_LESSON: /* the window stays as the slide left it, but typing decodes plainly again */
        lesson_player_close(p);
        if (ap->s.target[0] || ap->s.beam > 1) {
            s2s_error err;
            ap->s.target[0] = '\0';
            ap->s.beam = 1;
            if (app_decode(&ap->s, &err)) app_hint(&ap->s, (long long)clock_ms(), 4000, "%s", err.msg);
        }
        return 1;
    case ACT_CLOSE: p->picker_open = 0; return 0;
    default: return 0;
    }
}

/* The training chooser's keys while it is open (it takes the step keys and Enter). Returns 1 when
 * the action was the chooser's. */
static int chooser_action(app *ap, app_action act) {
    app_state *s = &ap->s;
    train_chooser_result r = train_chooser_action(&s->chooser, act);
    if (r == CHOOSER_START) {
        s2s_error err;
        long long now = (long long)clock_ms();
        s->playing = 0;
        int rc = app_live_start(s, &s->chooser, &err);
        if (rc || fit_scratch(ap)) app_hint(s, now, 5000, _("training: %s"), rc ? err.msg : "out of memory");
        ap->live_gap_max_ms = 0;
    }
    return r != CHOOSER_IGNORED;
}

static void do_action(app *ap, app_action act) {
    app_state *s = &ap->s;
    long long now = (long long)clock_ms();
    if (chooser_action(ap, act)) return;
    if (lesson_action(ap, act)) return;
    if (s->present && !ap->cmp.on && (act == ACT_NEXT_SLIDE || act == ACT_PREV_SLIDE)) { /* a step a class follows */
        app_present_step(s, act == ACT_NEXT_SLIDE ? +1 : -1);
        return;
    }
    if (s->present && (act == ACT_SLOWER || act == ACT_FASTER)) { /* the presenter's pace */
        app_present_pace(s, act == ACT_FASTER);
        return;
    }
    if (act == ACT_NEXT_SLIDE || act == ACT_PREV_SLIDE) act = act == ACT_NEXT_SLIDE ? ACT_NEXT_TOKEN : ACT_PREV_TOKEN;
    if (ap->cmp.on && compare_action(ap, act)) return;
    int beam_view = s->beam_on && s->model.cfg.decoder == S2S_DECODER_AT;
    if (beam_view && (act == ACT_NEXT_TOKEN || act == ACT_PREV_TOKEN)) { /* beam mode: ↑/↓ step through the search */
        app_beam_step(s, act == ACT_NEXT_TOKEN ? +1 : -1);
        return;
    }
    switch (act) {
    case ACT_NEXT_OP: app_step_op(s, +1); break;
    case ACT_PREV_OP: app_step_op(s, -1); break;
    case ACT_NEXT_SUB: app_step_sublayer(s, +1); break;
    case ACT_PREV_SUB: app_step_sublayer(s, -1); break;
    case ACT_NEXT_TOKEN: app_step_token(s, +1); break;
    case ACT_PREV_TOKEN: app_step_token(s, -1); break;
    case ACT_START: app_step_edge(s, 0); break;
    case ACT_END: app_step_edge(s, 1); break;
    case ACT_PLAY:
        s->playing = !s->playing;
        s->next_tick = now;
        if (s->playing && s->cursor >= s->trace.n_steps - 1) s->cursor = 0;
        break;
    case ACT_SLOWER: if (s->speed > 1) s->speed /= 2; break;
    case ACT_FASTER: if (s->speed < 256) s->speed *= 2; break;
    case ACT_NEXT_HEAD: app_set_head(s, (s->head + 1) % s->model.cfg.n_heads); break;
    case ACT_PREV_HEAD: app_set_head(s, (s->head + s->model.cfg.n_heads - 1) % s->model.cfg.n_heads); break;
    case ACT_EDIT_INPUT:
    case ACT_EDIT_TARGET:
        app_edit_toggle(s, act == ACT_EDIT_TARGET ? APP_BOX_TARGET : APP_BOX_INPUT);
        window_text_input(ap->win, s->input_focus || s->target_focus);
        break;
    case ACT_SELECT_ALL:
        app_select_all(s);
        window_text_input(ap->win, 1);
        break;
    case ACT_CLEAR_INPUT: /* Ctrl+U: the box being typed in, else the input (the input's × too) */
    case ACT_CLEAR_TARGET:
        app_clear_box(s, act == ACT_CLEAR_TARGET || s->target_focus ? APP_BOX_TARGET : APP_BOX_INPUT, now);
        break;
    case ACT_TEACHER: app_toggle_free_run(s, now); break;
    case ACT_NORM: app_norm_toggle(s, now); break;
    case ACT_TRAIN:
    case ACT_TRAIN_RESET: {
        s2s_error err;
        int rc = act == ACT_TRAIN ? app_live_toggle(s, now, &err) : app_live_reset(s, now, &err);
        if (rc || fit_scratch(ap)) app_hint(s, now, 5000, _("training: %s"), rc ? err.msg : "out of memory");
        ap->live_gap_max_ms = 0;
        break;
    }
    case ACT_TRAIN_PAUSE: app_live_pause(s, now); break;
    case ACT_TRAIN_FOLLOW: app_live_seek(s, -1); break;
    case ACT_TRAIN_SAVE: {
        s2s_error err;
        char path[4200];
        if (app_live_save(s, path, sizeof path, &err)) app_hint(s, now, 5000, "%s", err.msg);
        else app_hint(s, now, 5000, _("saved %s (in the model list, Ctrl+O)"), path);
        break;
    }
    case ACT_NORM_SWAP: app_norm_swap(s, now); break;
    case ACT_NORM_SIZE: app_norm_size(s, now); break;
    case ACT_MODELS: s->picker_open = !s->picker_open; break;
    case ACT_NAT_LENGTH: {
        if (s->model.cfg.decoder != S2S_DECODER_NAT) {
            app_hint(s, now, 2500, "%s", _("L switches the NAT length mode; this is an AT model"));
            break;
        }
        s->nat_length = s->nat_length == S2S_NAT_LENGTH_END ? S2S_NAT_LENGTH_CLASSIFIER : S2S_NAT_LENGTH_END;
        s2s_error err;
        if (app_decode(s, &err)) app_hint(s, now, 4000, "%s", err.msg);
        break;
    }
    case ACT_ITERATIONS: {
        if (s->model.cfg.decoder != S2S_DECODER_NAT) {
            app_hint(s, now, 2500, "%s", _("I sets the NAT refinement passes; this is an AT model"));
            break;
        }
        s->iterations = s->iterations == 0 ? 1 : s->iterations == 1 ? 3 : s->iterations == 3 ? 9 : 0; /* 1, 2, 4, 10 passes */
        app_hint(s, now, 2500, P_("%d decoder pass", "%d decoder passes", s->iterations + 1), s->iterations + 1);
        s2s_error err;
        if (app_decode(s, &err)) app_hint(s, now, 4000, "%s", err.msg);
        break;
    }
    case ACT_SAMPLE:
    case ACT_RESEED: app_sampling_key(s, act == ACT_RESEED, now); break;
    case ACT_ABLATE_HEAD: toggle_head(ap, app_focus(s)); break;
    case ACT_LENS: s->lens_on = !s->lens_on; break;
    case ACT_BEAM: app_beam_key(s, 0, now); break;
    case ACT_BEAM_WIDER: app_beam_key(s, +1, now); break;
    case ACT_BEAM_NARROWER: app_beam_key(s, -1, now); break;
    case ACT_THEME: s->dark = !s->dark; break;
    case ACT_CAPTIONS: s->captions_hidden = !s->captions_hidden; break;
    case ACT_COLORMAP: s->cmap = (s->cmap + 1) % colormap_count(); break;
    case ACT_TEXT_BIGGER: { /* up to 3; past what the window holds, the layout stays and says so */
        int ww, wh;
        float ws;
        window_size(ap->win, &ww, &wh, &ws);
        if (s->ui < 2.95f) s->ui += 0.1f;
        float most = view_metrics_fit(s->ui, (float)ww, (float)wh);
        if (most < s->ui - 0.01f)
            app_hint(s, (long long)clock_ms(), 2500, _("the text is as large as this window holds (%.1f×)"), (double)most);
        break;
    }
    case ACT_TEXT_SMALLER: if (s->ui > 0.75f) s->ui -= 0.1f; break;
    case ACT_TEXT_RESET: s->ui = 1.0f; break;
    case ACT_FULLSCREEN:
        s->fullscreen = !s->fullscreen;
        window_set_fullscreen(ap->win, s->fullscreen);
        break;
    case ACT_PRESENT: present_set(ap, !s->present); break;
    case ACT_CONSOLE: /* the console on (with presenter mode) or off (presenter mode stays) */
        ap->console_wanted = !app_console_is_open(&ap->con);
        if (!s->present) present_set(ap, 1);
        else console_set(ap, ap->console_wanted);
        break;
    case ACT_SPOTLIGHT: s->spotlight = !s->spotlight; break;
    case ACT_BLACK: app_present_blank(s, PRESENT_BLACK); break;
    case ACT_WHITE: app_present_blank(s, PRESENT_WHITE); break;
    case ACT_EXPORT:
        if (s->beam_on && s->model.cfg.decoder == S2S_DECODER_AT) app_export_beam(s, ap->fonts, now);
        else app_export(s, ap->fonts, APP_EXPORT_FIGURE, now);
        break;
    case ACT_EXPORT_GRID: app_export(s, ap->fonts, APP_EXPORT_GRID, now); break;
    case ACT_EXPORT_DATA: app_export(s, ap->fonts, APP_EXPORT_DATA, now); break;
    case ACT_EXPORT_GIF: app_export(s, ap->fonts, APP_EXPORT_GIF, now); break;
    case ACT_COMPARE: {
        s2s_error err;
        s->playing = 0;
        if (compare_open_demo(&ap->cmp, s, now, &err)) app_hint(s, now, 5000, "%s", err.msg);
        break;
    }
    case ACT_DISTILLED:
    case ACT_BATCH:
    case ACT_BATCH_SIZE: app_hint(s, now, 2500, "%s", _("that key works in compare mode (C)")); break;
    case ACT_LANGUAGE: {
        s2s_error err;
        i18n_lang next = (i18n_lang)((i18n_current() + 1) % I18N_COUNT);
        if (i18n_set(next, &err)) {
            app_hint(s, now, 5000, "%s", err.msg);
            break;
        }
        app_hint(s, now, 2500, _("interface language: %s"), i18n_native_name(next));
        /* the lessons follow: the picker lists the other language's, an open lesson turns into its twin */
        if (lesson_player_set_lang(&ap->lp, s, &ap->cmp, i18n_code(next), &err)) app_hint(s, now, 5000, "%s", err.msg);
        break;
    }
    case ACT_HELP: s->help_open = !s->help_open; break;
    case ACT_CLOSE:
        if (s->present && !s->input_focus && !s->target_focus && !s->help_open && !s->picker_open && s->what_if_index < 0)
            present_set(ap, 0); /* nothing else open: Esc leaves presenter mode, as in presentation programs */
        if (s->input_focus || s->target_focus) {
            app_edit_stop(s);
            window_text_input(ap->win, 0);
        }
        s->help_open = s->picker_open = 0;
        s->what_if_index = -1;
        break;
    case ACT_QUIT: ap->quit = 1; break;
    default:
        if (act >= ACT_HEAD_1 && act < ACT_HEAD_1 + ACT_HEAD_COUNT) app_set_head(s, act - ACT_HEAD_1);
        break;
    }
}

/* ---- input ------------------------------------------------------------------------------------- */

/* After the input changed: compare mode decodes it too (when it is complete and valid). */
static void compare_follow_input(app *ap) {
    s2s_error err;
    if (ap->cmp.on && ap->s.input[0] && compare_decode(&ap->cmp, &ap->s, &err) != 0) app_hint(&ap->s, (long long)clock_ms(), 4000, "%s", err.msg);
}

static void handle_key(app *ap, const window_event *ev) {
    app_state *s = &ap->s;
    ap->last_key = ev->key, ap->last_mods = ev->mods, ap->last_action = -1; /* -1: taken by the text box or a blank screen */
    if (s->input_focus || s->target_focus) { /* typing: only editing keys and the ones that leave */
        int ev_key = ev->key;
        if (ev->key == WINDOW_KEY_DELETE && s->text_selected) ev_key = WINDOW_KEY_BACKSPACE; /* deletes the selection */
        if (ev_key == WINDOW_KEY_BACKSPACE && s->target_focus) {
            app_backspace_target(s, (long long)clock_ms());
            return;
        }
        if (ev_key == WINDOW_KEY_BACKSPACE) {
            app_backspace(s, (long long)clock_ms());
            compare_follow_input(ap);
            return;
        }
        if (s->text_selected && (ev->key == WINDOW_KEY_RIGHT || ev->key == WINDOW_KEY_END)) {
            app_keep_text(s); /* the caret to the end: typing appends */
            return;
        }
        if (ev->key == WINDOW_KEY_RETURN || ev->key == WINDOW_KEY_ESCAPE) {
            do_action(ap, ACT_CLOSE);
            return;
        }
        if (!(ev->mods & WINDOW_MOD_CTRL) && ev->key < WINDOW_KEY_NON_TEXT) return; /* arrives as text */
    }
    if (s->present && s->blank != PRESENT_SHOW) { /* any key brings the views back, and does only that */
        s->blank = PRESENT_SHOW;
        return;
    }
    ap->last_action = keymap_lookup_mode(ev->key, ev->mods, s->present);
    do_action(ap, (app_action)ap->last_action);
}

static void handle_click(app *ap, float x, float y, int mods) {
    app_state *s = &ap->s;
    const hit *h = hit_find(&ap->hits, x, y);
    s2s_error err;
    if (!h) {
        s->what_if_index = -1;
        s->picker_open = ap->lp.picker_open = 0;
        return;
    }
    switch (h->kind) {
    case HIT_PLACE:
        if ((mods & WINDOW_MOD_CTRL) && h->place.head >= 0) /* Ctrl+click a head thumbnail: switch it off / on */
            toggle_head(ap, (view_focus){.block = h->place.block, .layer = h->place.layer, .sub = h->place.sub,
                                         .head = h->place.head});
        else
            app_jump_place(s, h->place);
        break;
    case HIT_HEAD_TAB: app_set_head(s, h->head); break;
    case HIT_BEAM_NODE:
        if (app_beam_select(s, h->index, &err)) app_hint(s, (long long)clock_ms(), 4000, "%s", err.msg);
        break;
    case HIT_SNAPSHOT: app_live_seek(s, h->index); break;
    case HIT_STAGE_TAB: app_jump_stage(s, h->op); break;
    case HIT_TIMELINE: app_seek_fraction(s, (x - h->rect.x) / h->rect.w); break;
    case HIT_OUT_TOKEN:
        if (s->model.cfg.decoder == S2S_DECODER_AT && !(s->teach_ready && !s->free_run)) /* teacher forcing: no what-if */
            s->what_if_index = s->what_if_index == h->index ? -1 : h->index;
        else s->row_sel = h->index;
        break;
    case HIT_PICK_TOKEN:
        if (app_what_if(s, h->index, h->token, &err)) app_hint(s, (long long)clock_ms(), 4000, "%s", err.msg);
        break;
    case HIT_LESSON_ROW:
        ap->lp.picker_open = 0;
        if (h->index < 0 || h->index >= ap->lp.list.n) break;
        if (lesson_player_open(&ap->lp, s, &ap->cmp, ap->lp.list.items[h->index].path, 0, &err) || fit_scratch(ap))
            app_hint(s, (long long)clock_ms(), 8000, "%s", err.msg);
        else
            lesson_opened(ap);
        break;
    case HIT_MODEL_ROW:
        s->picker_open = 0;
        if (h->index >= 0 && h->index < s->n_models) load_model(ap, s->models[h->index]);
        break;
    case HIT_ACTION: do_action(ap, (app_action)h->action); break;
    case HIT_INPUT_BOX:
        if (!s->input_focus) do_action(ap, ACT_EDIT_INPUT);
        break;
    case HIT_MODEL_BUTTON: s->picker_open = !s->picker_open; break;
    case HIT_DISAGREE_ROW:
        if (h->index < 0 || h->index >= ap->cmp.batch.n_disagree) break;
        snprintf(s->input, sizeof s->input, "%s", ap->cmp.batch.disagree[h->index]);
        s->n_forced = 0;
        if (app_decode(s, &err) == 0) compare_follow_input(ap);
        ap->cmp.tick = 0;
        break;
    default: break;
    }
    if (h->kind != HIT_OUT_TOKEN && h->kind != HIT_NONE) s->what_if_index = -1;
}

/* The console's mouse: its own hover and buttons (the lesson panel's), never the projector's spotlight. */
static void console_mouse(app *ap, const window_event *ev) {
    app_console *c = &ap->con;
    c->mouse_x = ev->x, c->mouse_y = ev->y;
    const hit *h = ev->kind == WINDOW_EVENT_MOUSE_DOWN && ev->button == WINDOW_BUTTON_LEFT ? hit_find(&c->hits, ev->x, ev->y) : NULL;
    if (h && h->kind == HIT_ACTION) do_action(ap, (app_action)h->action);
}

static void handle_event(app *ap, const window_event *ev) {
    int from_console = ev->from && ev->from == ap->con.win;
    if (from_console && (ev->kind == WINDOW_EVENT_MOUSE_MOVE || ev->kind == WINDOW_EVENT_MOUSE_DOWN)) {
        console_mouse(ap, ev);
        return;
    }
    switch (ev->kind) {
    case WINDOW_EVENT_QUIT: ap->quit = 1; break;
    case WINDOW_EVENT_CLOSE: /* the console's close button closes it alone; the main window's quits */
        if (from_console) ap->console_wanted = 0, console_set(ap, 0);
        else ap->quit = 1;
        break;
    case WINDOW_EVENT_EXPOSED: /* the console draws only on a change; the main window every frame */
        if (from_console) app_console_invalidate(&ap->con);
        break;
    case WINDOW_EVENT_KEY_DOWN: handle_key(ap, ev); break;
    case WINDOW_EVENT_TEXT:
        if (ap->s.target_focus) app_type_target(&ap->s, ev->text, (long long)clock_ms());
        else if (ap->s.input_focus && app_type(&ap->s, ev->text, (long long)clock_ms()) == 0) compare_follow_input(ap);
        else if (strcmp(ev->text, "?") == 0) do_action(ap, ACT_HELP);
        break;
    case WINDOW_EVENT_MOUSE_MOVE:
        ap->mouse_x = ev->x;
        ap->mouse_y = ev->y;
        if (ap->dragging) { /* scrubbing: follow the mouse along the timeline */
            for (int i = 0; i < ap->hits.n; i++)
                if (ap->hits.items[i].kind == HIT_TIMELINE)
                    app_seek_fraction(&ap->s, (ev->x - ap->hits.items[i].rect.x) / ap->hits.items[i].rect.w);
        }
        break;
    case WINDOW_EVENT_MOUSE_DOWN:
        if (ev->button == WINDOW_BUTTON_LEFT) {
            const hit *h = hit_find(&ap->hits, ev->x, ev->y);
            ap->dragging = h && h->kind == HIT_TIMELINE;
            handle_click(ap, ev->x, ev->y, ev->mods);
        }
        break;
    case WINDOW_EVENT_MOUSE_UP: ap->dragging = 0; break; /* (the console's too: harmless) */
    case WINDOW_EVENT_WHEEL:
        do_action(ap, ev->wheel_y < 0 ? ACT_NEXT_OP : ACT_PREV_OP);
        break;
    default: break;
    }
}

/* ---- frame ------------------------------------------------------------------------------------- */

/* The UI log's line for a generator.refine step (core/refine.h): the pass, the re-masked positions
 * (from 1) and, for each, the confidence before and after the pass. */
static int refine_log(const s2s_trace *tr, const trace_step *st, char *buf, size_t cap) {
    if (st->op != TO_REFINE) return 0;
    const float *x = trace_data(tr, st);
    int n = st->cols, w = snprintf(buf, cap, "refine pass %d masked", st->pass + 1);
    for (int i = 0; i < n && w < (int)cap - 48; i++)
        if (x[REFINE_MASKED * n + i] != 0.0f)
            w += snprintf(buf + w, cap - (size_t)w, " %d:%.4f>%.4f", i + 1, (double)x[REFINE_CONF_BEFORE * n + i],
                          (double)x[REFINE_CONF_AFTER * n + i]);
    return w + snprintf(buf + w, cap - (size_t)w, "\n");
}

/* With STEPFORMER_UI_LOG=FILE the window writes what it shows after every frame (step, hover text,
 * input, hint, output, the caption, the main heatmap's cells), atomically, so tests driving it can read it. */
static void write_ui_log(app *ap, const char *hover) {
    const char *log = getenv("STEPFORMER_UI_LOG");
    if (!log || !*log) return;
    char buf[16384], name[128];
    const app_state *s = &ap->s;
    const trace_step *st = &s->trace.steps[s->cursor];
    trace_step_name(st, name, sizeof name);
    int n = snprintf(buf, sizeof buf, "mouse %.0f %.0f\ncursor %d\nstep %s\npass %d\nhover %s\ninput %s\nselected %d\nhint %s\noutput", ap->mouse_x, ap->mouse_y, s->cursor,
                     name, st->pass + 1, hover, s->input, s->text_selected, (long long)clock_ms() < s->hint_until ? s->hint : "");
    for (int i = 0; i < s->res.n_out && n < (int)sizeof buf - 64; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", s->model.tgt.sym[s->res.out[i]]);
    n += snprintf(buf + n, sizeof buf - (size_t)n, "\nexport %s\nlang %s\ntyping %s\ncaption %s\n", s->last_export,
                  i18n_code(i18n_current()), s->target_focus ? "target" : s->input_focus ? "input" : "-", s->caption);
    int win_w, win_h;
    float win_scale;
    window_size(ap->win, &win_w, &win_h, &win_scale);
    n += snprintf(buf + n, sizeof buf - (size_t)n, "fullscreen %d\nwindow %dx%d\nnat_length %s\nkey %d mods %d action %d\n", s->fullscreen,
                  win_w, win_h, s->nat_length == S2S_NAT_LENGTH_END ? "end" : "classifier", ap->last_key, ap->last_mods, ap->last_action);
    n += app_teacher_log(s, buf + n, sizeof buf - (size_t)n);
    n += snprintf(buf + n, sizeof buf - (size_t)n, "iterations %d\n", s->iterations);
    n += refine_log(&s->trace, st, buf + n, sizeof buf - (size_t)n);
    if (s->present) /* presenter mode; "last 1" once the cursor is on the decode's last step */
        n += snprintf(buf + n, sizeof buf - (size_t)n, "present spotlight %d blank %s pace_ms %d playing %d last %d\n", s->spotlight,
                      s->blank == PRESENT_BLACK ? "black" : s->blank == PRESENT_WHITE ? "white" : "none", s->pace_ms, s->playing,
                      !s->dec && s->cursor == s->trace.n_steps - 1);
    for (int i = 0; i < ap->hits.n && n < (int)sizeof buf - 32; i++) /* the strip's half that F switches to */
        if (ap->hits.items[i].kind == HIT_ACTION && ap->hits.items[i].action == ACT_TEACHER) {
            n += snprintf(buf + n, sizeof buf - (size_t)n, "teacher_strip shown\n");
            break;
        }
    if (s->chooser.open) n += train_chooser_log(&s->chooser, buf + n, sizeof buf - (size_t)n);
    if (s->live)
        n += snprintf(buf + n, sizeof buf - (size_t)n,
                      "train %s task %s decoder %s size %s step %d snapshots %d shown_step %d heldout_exact %.4f heldout_loss %.4f frames %lld gap_max_ms %.1f\n",
                      s->live_st.state == LIVE_RUNNING ? "running" : s->live_st.state == LIVE_PAUSED ? "paused"
                      : s->live_st.state == LIVE_DONE ? "done" : "failed", s->model.task,
                      s->model.cfg.decoder == S2S_DECODER_NAT ? "nat" : "at", train_preset(s->live_cfg.size)->name,
                      s->live_st.step, s->live_st.n_snapshots,
                      s->live_shown_step, s->live_st.n_snapshots ? (double)s->live_st.snap[s->live_st.n_snapshots - 1].heldout_exact : -1.0,
                      s->live_st.n_snapshots ? (double)s->live_st.snap[s->live_st.n_snapshots - 1].heldout_loss : -1.0,
                      ap->frames, ap->live_gap_max_ms);
    for (int i = 0; i < ap->hits.n && n < (int)sizeof buf - 64; i++) /* the scrubber's first snapshot, for tests */
        if (ap->hits.items[i].kind == HIT_SNAPSHOT && ap->hits.items[i].index == 0) {
            const hit *h = &ap->hits.items[i];
            n += snprintf(buf + n, sizeof buf - (size_t)n, "snapshot0 %.0f %.0f\n", h->rect.x + h->rect.w * 0.5f,
                          h->rect.y + h->rect.h * 0.5f);
            break;
        }
    if (app_norm_ready(s))
        n += snprintf(buf + n, sizeof buf - (size_t)n, "norm %s · batch %d · moved_ln %.6f moved_bn %.6f\n", s->norm_place,
                      s->norm.B, (double)s->norm_moved_ln, (double)s->norm_moved_bn);
    char heads[256];
    n += snprintf(buf + n, sizeof buf - (size_t)n, "ablate %s\nbefore", ablation_format(&s->ablation, heads, sizeof heads));
    for (int i = 0; i < s->n_before && n < (int)sizeof buf - 64; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", s->model.tgt.sym[s->before[i]]);
    if (s->beam_on) { /* beam mode: width, steps shown, the winner's and the selected hypothesis' tokens */
        int tok[S2S_MAX_LEN + 1];
        const s2s_beam_tree *t = &s->beam_tree;
        n += snprintf(buf + n, sizeof buf - (size_t)n, "\nbeam %d step %d of %d nodes %d\nbeam_winner", t->width,
                      s->beam_step + 1, t->n_steps, t->n);
        for (int i = 0, k = t->winner >= 0 ? beam_tree_tokens(t, t->winner, tok, S2S_MAX_LEN + 1) : 0; i < k && n < (int)sizeof buf - 64; i++)
            n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", s->model.tgt.sym[tok[i]]);
        n += snprintf(buf + n, sizeof buf - (size_t)n, "\nbeam_selected");
        for (int i = 0, k = s->beam_sel >= 0 ? beam_tree_tokens(t, s->beam_sel, tok, S2S_MAX_LEN + 1) : 0; i < k && n < (int)sizeof buf - 64; i++)
            n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", s->model.tgt.sym[tok[i]]);
    }
    n += snprintf(buf + n, sizeof buf - (size_t)n, "\nsampling %d %g %d %g %d\n", s->sampling.on,
                  (double)s->sampling.temperature, s->sampling.top_k, (double)s->sampling.top_p, s->sampling.seed);
    n += lesson_player_log(&ap->lp, buf + n, sizeof buf - (size_t)n);
    n += app_console_log(&ap->con, s, buf + n, sizeof buf - (size_t)n);
    if (ap->cmp.on) { /* compare mode: each side's tally, as the panels show it */
        const compare_side *sides[2] = {&ap->cmp.at, compare_nat(&ap->cmp)};
        const char *names[2] = {"compare_at", "compare_nat"};
        n += snprintf(buf + n, sizeof buf - (size_t)n, "compare_tick %d\n", ap->cmp.tick);
        for (int k = 0; k < 2; k++) {
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%s passes %d us %.0f output", names[k], sides[k]->res.passes,
                          sides[k]->res.us);
            for (int i = 0; i < sides[k]->res.n_out && n < (int)sizeof buf - 64; i++)
                n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", sides[k]->model.tgt.sym[sides[k]->res.out[i]]);
            n += snprintf(buf + n, sizeof buf - (size_t)n, "\n");
        }
        compare_batch_progress prog; /* the batch: phase, and while it runs the row and inputs done */
        int running = compare_batch_progress_get(&ap->cmp, &prog);
        n += snprintf(buf + n, sizeof buf - (size_t)n, "compare_batch_state %s %d %d %d %d\n",
                      compare_batch_phase_names[running ? COMPARE_BATCH_RUNNING : ap->cmp.phase], prog.row + running,
                      prog.rows, prog.done, prog.n);
        const compare_batch_result *br = &ap->cmp.batch;
        if (ap->cmp.batch_ready)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "compare_batch %d %.4f %.4f\n", br->stats[COMPARE_AT].n,
                          br->stats[COMPARE_AT].exact_match, br->stats[COMPARE_NAT].exact_match);
        if (ap->cmp.refine.loaded) { /* the third column: the refinement model's decode and batch rows */
            const compare_side *r = &ap->cmp.refine;
            n += snprintf(buf + n, sizeof buf - (size_t)n, "compare_refine passes %d output", r->res.passes);
            for (int i = 0; i < r->res.n_out && n < (int)sizeof buf - 64; i++)
                n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", r->model.tgt.sym[r->res.out[i]]);
            n += snprintf(buf + n, sizeof buf - (size_t)n, "\n");
            for (int k = 0; ap->cmp.batch_ready && k < COMPARE_REFINE_ROWS; k++)
                n += snprintf(buf + n, sizeof buf - (size_t)n, "compare_batch_refine %d %d %.4f\n", compare_refine_passes[k],
                              br->refine_stats[k].n, br->refine_stats[k].exact_match);
        }
        if (ap->cmp.batch_ready && br->has_ablated)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "compare_batch_ablated %d %.4f\n", br->ablated.n,
                          br->ablated.exact_match);
    }
    for (int i = 0; i < ap->hits.n && n < (int)sizeof buf - 128; i++) {
        const hit *h = &ap->hits.items[i];
        if (h->kind == HIT_ACTION && (h->action == ACT_CLEAR_INPUT || h->action == ACT_CLEAR_TARGET)) /* the boxes' × */
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%s %.0f %.0f\n", h->action == ACT_CLEAR_INPUT ? "clear_input" : "clear_target",
                          h->rect.x + h->rect.w * 0.5f, h->rect.y + h->rect.h * 0.5f);
        if (h->kind == HIT_ACTION && h->action == ACT_LESSONS) /* the first: the header's (the panel's comes later) */
            n += snprintf(buf + n, sizeof buf - (size_t)n, "lesson_button %.0f %.0f\n", h->rect.x + h->rect.w * 0.5f, h->rect.y + h->rect.h * 0.5f);
        if (h->kind == HIT_HEATMAP)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "heatmap %.1f %.1f %.1f %.1f %d %d\n", h->rect.x, h->rect.y,
                          h->rect.w, h->rect.h, h->rows, h->cols);
        if (h->kind == HIT_ACTION && (h->action == ACT_BEAM_WIDER || h->action == ACT_BEAM_NARROWER))
            n += snprintf(buf + n, sizeof buf - (size_t)n, "beam_button %s %.1f %.1f %.1f %.1f\n",
                          h->action == ACT_BEAM_WIDER ? "wider" : "narrower", h->rect.x, h->rect.y, h->rect.w, h->rect.h);
        if (h->kind == HIT_BEAM_NODE) /* a hypothesis box of the beam tree: node, step (from 1), rectangle */
            n += snprintf(buf + n, sizeof buf - (size_t)n, "beam_node %d %d %.1f %.1f %.1f %.1f\n", h->index,
                          ap->s.beam_tree.nodes[h->index].step + 1, h->rect.x, h->rect.y, h->rect.w, h->rect.h);
        int kind = h->kind == HIT_PLACE ? app_head_kind(h->place) : -1;
        if (kind >= 0) /* a head's thumbnail in the all-heads grid: KIND LAYER HEAD (from 1) and its rectangle */
            n += snprintf(buf + n, sizeof buf - (size_t)n, "thumb %s %d %d %.1f %.1f %.1f %.1f\n", ablate_kind_names[kind],
                          h->place.layer + 1, h->place.head + 1, h->rect.x, h->rect.y, h->rect.w, h->rect.h);
        if (h->kind == HIT_OUT_TOKEN) /* a decoded token's chip: x y w h index */
            n += snprintf(buf + n, sizeof buf - (size_t)n, "out_token %.1f %.1f %.1f %.1f %d\n", h->rect.x, h->rect.y,
                          h->rect.w, h->rect.h, h->index);
    }
    s2s_error err;
    atomic_write_unsynced(log, buf, (size_t)n, &err); /* every frame: never waits for the disk */
}

static void draw_frame(app *ap) {
    int w, h;
    float scale;
    window_size(ap->win, &w, &h, &scale);
    app_frame_io io = {(float)w, (float)h, ap->mouse_x, ap->mouse_y, (long long)clock_ms(), &ap->hits, "", ap->scratch,
                       ap->scratch_len, ap->cmp.on ? &ap->cmp : NULL, &ap->lp};
    draw_list_reset(ap->dl);
    app_frame(&ap->s, ap->dl, &io);
    window_clear(ap->win, 0, 0, 0);
    s2s_error err;
    render_draw_list(ap->rc, ap->dl, scale, &err);
    window_present(ap->win);
    double t = clock_ms();
    if (ap->s.live && ap->s.live_st.state == LIVE_RUNNING && ap->frames > 0 && t - ap->last_frame_ms > ap->live_gap_max_ms)
        ap->live_gap_max_ms = t - ap->last_frame_ms;
    ap->last_frame_ms = t;
    ap->frames++;
    app_privatize_model(&ap->s);
    if (ap->s.present) app_console_draw(&ap->con, &ap->s, &ap->lp, (long long)clock_ms(), ap->present_started_ms);
    write_ui_log(ap, io.hover);
    text_log_write(ap->dl);
}

/* Writes the preferences when they changed (flush: now, at quit); a problem shows once. */
static void remember_prefs(app *ap, int flush) {
    int w, h;
    float scale;
    window_size(ap->win, &w, &h, &scale);
    prefs now;
    app_prefs_capture(&now, &ap->prefs.loaded, &ap->s, w, h);
    if (prefs_store_update(&ap->prefs, &now, (long long)clock_ms(), flush) < 0) {
        app_hint(&ap->s, (long long)clock_ms(), 8000, "%s", ap->prefs.problem);
        fprintf(stderr, "stepformer: %s\n", ap->prefs.problem);
    }
}

/* Compare mode's batch on its worker: takes the figures when it has finished (a failure says why).
 * Returns 1 while it runs, so that the window keeps drawing its progress. */
static int compare_pump(app *ap, long long now) {
    if (!ap->cmp.job) return 0;
    s2s_error err;
    compare_batch_phase p = compare_batch_poll(&ap->cmp, &err);
    if (p == COMPARE_BATCH_FAILED) app_hint(&ap->s, now, 5000, "%s", err.msg);
    return p == COMPARE_BATCH_RUNNING;
}

static void run_loop(app *ap) {
    app_state *s = &ap->s;
    while (!ap->quit) {
        window_event ev;
        long long now = (long long)clock_ms();
        int training = app_live_pump(s, now); /* training runs: keep drawing (~60 frames a second) */
        int batching = compare_pump(ap, now); /* the batch runs: its progress, ~30 frames a second */
        int timeout = s->dec ? 0 : training ? 15 : batching ? 33 : s->playing ? (int)(s->next_tick > now ? s->next_tick - now : 0) : 250;
        if (window_wait(ap->win, &ev, timeout)) {
            handle_event(ap, &ev);
            while (window_poll(ap->win, &ev)) handle_event(ap, &ev);
        }
        s2s_error err;
        if (s->dec && app_pump(s, 6.0, &err) < 0) app_hint(s, (long long)clock_ms(), 6000, "%s", err.msg); /* a frame's share */
        now = (long long)clock_ms();
        if (s->playing && ap->cmp.on && now >= s->next_tick) { /* compare mode plays its shared clock */
            if (ap->cmp.tick < compare_last_tick(&ap->cmp)) ap->cmp.tick++;
            else s->playing = 0;
            s->next_tick = now + 2400 / s->speed;
        } else if (s->playing && s->present && now >= s->next_tick) { /* presenter mode plays a class's steps */
            int before = s->cursor;
            app_present_step(s, +1);
            if (s->cursor == before && !s->dec) s->playing = 0;
            s->next_tick = now + s->pace_ms;
        } else if (s->playing && now >= s->next_tick) {
            int before = s->cursor;
            app_step_op(s, +1);
            if (s->cursor == before && !s->dec) s->playing = 0; /* reached the end */
            s->next_tick = now + 1000 / s->speed;
        }
        draw_frame(ap);
        remember_prefs(ap, 0);
    }
    remember_prefs(ap, 1);
}

/* ---- setup ------------------------------------------------------------------------------------- */

int app_run(const app_options *o) {
    static app ap; /* large (labels, hit list): not on the stack */
    memset(&ap, 0, sizeof ap);
    ap.s.speed = 4;
    ap.s.ui = 1.0f;
    ap.s.what_if_index = -1;
    prefs_store_open(&ap.prefs, NULL, o->no_config); /* the remembered choices, then the command line's */
    const prefs *saved = &ap.prefs.loaded;
    app_prefs_apply(&ap.s, saved);
    if (o->dark >= 0) ap.s.dark = o->dark;
    if (o->colormap) app_set_colormap(&ap.s, o->colormap);
    ap.s.iterations = o->iterations;
    ap.cmp.batch_on_worker = 1; /* the window's batches, a lesson's too, never hold its loop */
    if (o->export_dir) snprintf(ap.s.export_dir, sizeof ap.s.export_dir, "%s", o->export_dir);
    opt_size size = o->size.w > 0 ? o->size : saved->width > 0 ? (opt_size){saved->width, saved->height} : (opt_size){1600, 900};
    const char *model = o->model, *input = o->input;
    if (!model && saved->model[0] && access(saved->model, R_OK) == 0) model = saved->model; /* deleted since: default */
    /* the remembered input goes with the remembered model, or with the default when none was remembered */
    int same_model = model == saved->model || (!o->model && !saved->model[0]);
    if (!input && saved->input[0] && same_model) input = saved->input;
    ap.s.sampling = o->sampling;
    /* the language: --lang, else the one chosen with F2 last time, else the locale's; one that cannot be
     * used is not fatal: the window opens in English and says why */
    s2s_error lang_err;
    if (i18n_init(o->lang ? o->lang : saved->language[0] ? saved->language : NULL, &lang_err)) {
        fprintf(stderr, "stepformer: %s\n", lang_err.msg);
        app_hint(&ap.s, (long long)clock_ms(), 8000, "%s", lang_err.msg);
    }
    char dir[4096], def[4200];
    snprintf(dir, sizeof dir, "%s/models", paths_assets_dir());
    snprintf(def, sizeof def, "%s/reverse-at.safetensors", dir);
    app_list_models(&ap.s, dir, model);
    if (!model) model = def;
    s2s_error err;
    app_loader loader; /* the model loads and encodes while the fonts and the window open */
    app_load_start(&loader, &ap.s, model, input);
    int rc = 1;
    ap.fonts = font_set_open(&err);
    if (ap.fonts) ap.win = window_create("Stepformer", size.w, size.h, WINDOW_VSYNC, &err);
    s2s_error load_err;
    int load_rc = app_load_wait(&loader, &load_err);
    if (load_rc && (model == saved->model || input == saved->input)) { /* what was remembered no longer opens */
        snprintf(ap.prefs.problem, sizeof ap.prefs.problem, "the last model and input did not open (%s)", load_err.msg);
        load_rc = app_load_model(&ap.s, model, NULL, &load_err); /* the model with its example, */
        if (load_rc) load_rc = app_load_model(&ap.s, def, NULL, &load_err); /* else the default */
    }
    if (load_rc || fit_scratch(&ap)) {
        fprintf(stderr, "stepformer: %s\n", load_err.msg);
        rc = 2;
        goto done;
    }
    if (o->target && app_set_target(&ap.s, o->target, &load_err)) {
        fprintf(stderr, "stepformer: --target: %s\n", load_err.msg);
        rc = 2;
        goto done;
    }
        lesson_player_init(&ap.lp, paths_lessons_dir(), i18n_code(i18n_current())); /* after i18n_init */
    if (o->lesson) { /* open at a lesson's slide: a mistake in it is reported before the window shows */
        if (lesson_player_open(&ap.lp, &ap.s, &ap.cmp, o->lesson, o->slide - 1, &load_err) || fit_scratch(&ap)) {
            fprintf(stderr, "stepformer: %s\n", load_err.msg);
            rc = 2;
            goto done;
        }
    }
    if (!ap.fonts || !ap.win) goto fail;
    ap.rc = render_create(window_renderer(ap.win), ap.fonts, &err);
    ap.dl = draw_list_create();
    if (!ap.rc || !ap.dl) goto fail;
    draw_set_measure(ap.dl, font_measure, ap.fonts);
    if (!(saved->text_scale > 0)) ap.s.ui = window_dpi_text_scale(ap.win); /* HiDPI: from the display's DPI at start */
    ap.console_wanted = o->console;
    if (o->present || o->console || (o->lesson && ap.s.fullscreen)) present_set(&ap, 1);
    if (ap.prefs.problem[0]) { /* reported once, in the window (opened from a menu, no terminal) and here */
        app_hint(&ap.s, (long long)clock_ms(), 10000, "%s", ap.prefs.problem);
        fprintf(stderr, "stepformer: %s\n", ap.prefs.problem);
    }
    run_loop(&ap);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "stepformer: %s\n", err.msg);
done:
    app_console_close(&ap.con);
    draw_list_destroy(ap.dl);
    render_destroy(ap.rc);
    window_destroy(ap.win);
    font_set_close(ap.fonts);
    free(ap.scratch);
    compare_close(&ap.cmp);
    lesson_player_close(&ap.lp);
    app_state_free(&ap.s);
    return rc;
}
