/* lesson_player.h: plays a lesson in the window. Going to a slide applies its whole state (model,
 * input, decoder options, compare mode, place, theme) to the app state, so a slide looks the same
 * however it was reached, and paging on after exploring with the stepping keys restores the
 * lesson. No SDL: the window, `stepformer screenshot --lesson` and `stepformer lesson check` all
 * play lessons through this. */
#ifndef S2S_LESSON_PLAYER_H
#define S2S_LESSON_PLAYER_H

#include "app/app_state.h"
#include "app/compare.h"
#include "lesson/lesson.h"

typedef struct lesson_player {
    char dir[1024];       /* the lessons folder (holding en/, zh/, img/) */
    char lang[8];         /* "en", "zh" */
    lesson_list list;     /* the picker's lessons, in lang */
    lesson cur;           /* the lesson being played (n_slides 0: none) */
    int slide;            /* from 0 */
    long long mtime_ns;   /* the file's modification time when loaded: an edited lesson is read again */
    int picker_open;
    int text_overflow;    /* out of the last frame: the slide's text did not fit its panel */
    int highlight_missed; /* out of the last frame: the slide's highlight found nothing on screen to ring */
} lesson_player;

/* Sets the folder and language and lists the lessons (for the picker). */
void lesson_player_init(lesson_player *p, const char *dir, const char *lang);
/* Switches the lessons' language (the interface's language key calls this): lists lang's lessons
 * and, when a lesson is open, opens the one of the same file name in lang at the same slide. Returns
 * 0, or -1 with err when that lesson does not open (the one shown stays). */
int lesson_player_set_lang(lesson_player *p, app_state *a, compare_state *c, const char *lang, s2s_error *err);
/* Lists the lessons again (a teacher may have written one since). */
void lesson_player_refresh(lesson_player *p);
/* Appends the player's state to the UI log (STEPFORMER_UI_LOG): "lesson PATH slide N of M ...";
 * returns the bytes written. */
int lesson_player_log(const lesson_player *p, char *buf, size_t cap);
/* Opens a lesson by name ("attention", "02", "02-attention") from the list, or by a path ending .md,
 * at slide (from 0). Returns 0, or -1 with err "FILE:LINE: ..." (the window keeps what it showed). */
int lesson_player_open(lesson_player *p, app_state *a, compare_state *c, const char *name, int slide, s2s_error *err);
/* Goes to a slide (from 0) and applies its state; a lesson file edited since it was opened is read
 * again first (a teacher writing a lesson pages back and forth to see the change). Returns 0, or
 * -1 with err "FILE:LINE: ..." (an edit with a mistake keeps the version before it). */
int lesson_player_goto(lesson_player *p, app_state *a, compare_state *c, int slide, s2s_error *err);
void lesson_player_close(lesson_player *p);
/* 1 while a lesson is open. */
int lesson_player_active(const lesson_player *p);
/* The slide being shown, or NULL. */
const lesson_slide *lesson_player_slide(const lesson_player *p);

/* Applies one slide's state to the app (and compare mode): loads its model if another, decodes its
 * input to the end, forces its what-if token, puts the cursor on its place. Returns 0, or -1 with
 * err naming the line of the key at fault ("FILE:LINE: no place ..."). */
int lesson_apply(const lesson *l, const lesson_state *st, app_state *a, compare_state *c, s2s_error *err);

/* The step of place `name` ("decoder.layer2.cross_attn.head1.weights", "end") in decoder pass
 * `pass` (from 1; 0 = its first), or -1. */
int lesson_find_place(const s2s_trace *t, const char *name, int pass);

#endif
