/* view_lesson.h: the lesson panel beside the views, and the lesson picker. */
#ifndef S2S_VIEW_LESSON_H
#define S2S_VIEW_LESSON_H

#include "lesson/lesson.h"
#include "viz/lesson_layout.h"
#include "viz/view.h"

typedef struct view_lesson_args {
    const lesson *l;
    int slide;                 /* from 0 */
    float text_size;           /* body text before the window's text scale */
    int act_prev, act_next, act_picker, act_close; /* what the buttons send (HIT_ACTION action) */
} view_lesson_args;

/* Draws the panel in r: title and slide number on top, the slide's text, paging buttons at the
 * bottom. Returns the text's layout (overflow: it did not fit). */
lesson_layout_result view_lesson(draw_list *dl, view_ctx *v, draw_rect r, const view_lesson_args *a);
/* Where view_lesson lays the slide's text out in a panel r (between the title bar and the buttons), so a
 * caller can measure with lesson_layout (draw 0) which panel and text size hold it. */
draw_rect view_lesson_text_rect(const view_ctx *v, draw_rect r);
/* The picker over screen: every lesson of ls with its title and length (HIT_LESSON_ROW index);
 * current is the path of the open lesson or NULL. */
void view_lesson_picker(draw_list *dl, view_ctx *v, draw_rect screen, const lesson_list *ls, const char *lang,
                        const char *current);

#endif
