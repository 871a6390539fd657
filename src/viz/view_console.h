/* view_console.h: the presenter console, the second window presenter mode opens on the teacher's own
 * display while the projector shows the views: what the class must not see. A top bar (the lesson,
 * the time since presenter mode started, the slide number, whether the projector is blanked), the
 * current slide as the lesson panel draws it beside the views, the next slide's text (or "the last
 * slide"), and the presenter's keys. With no lesson open: this step's name and caption, and the next
 * step's (what Page Down goes to). No SDL: the app fills the arguments, the platform draws the list. */
#ifndef S2S_VIEW_CONSOLE_H
#define S2S_VIEW_CONSOLE_H

#include "lesson/lesson.h"
#include "viz/view.h"

/* A key and what it does, as the strip at the bottom shows it ("PgDn", "next"). */
typedef struct view_console_key {
    const char *keys, *what;
} view_console_key;

typedef struct view_console_args {
    const lesson *l;             /* the open lesson, or NULL: the decode's steps instead */
    int slide;                   /* with l: the slide shown, from 0 */
    const char *now_title;       /* without l: this step's name and its caption */
    const char *now_text;
    const char *next_title;      /* without l: the next step's (NULL: this is the decode's last) */
    const char *next_text;
    const char *clock;           /* the time since presenter mode started ("12:05") */
    const char *projector;       /* what the projector shows when that is not the views ("black screen"), or "" */
    const view_console_key *keys;
    int n_keys;
    int act_prev, act_next, act_picker, act_close; /* the lesson panel's buttons (HIT_ACTION action) */
} view_console_args;

enum { VIEW_CONSOLE_PANELS = 4 };

typedef struct view_console_result {
    draw_rect panels[VIEW_CONSOLE_PANELS]; /* top bar, now, next, keys: for the layout check */
    int n_panels;
    int next_slide;     /* with a lesson: the slide shown as the next one (from 0), -1 on the last */
    int overflow;       /* a slide's text did not fit at the least size */
} view_console_result;

/* Draws the console in r (the console window's whole area). */
view_console_result view_console(draw_list *dl, view_ctx *v, draw_rect r, const view_console_args *a);

#endif
