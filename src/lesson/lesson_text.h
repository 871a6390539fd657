/* lesson_text.h: inside the lesson library: a slide's Markdown blocks into lesson_block (lesson.h). */
#ifndef S2S_LESSON_TEXT_H
#define S2S_LESSON_TEXT_H

#include <cmark.h>
#include "lesson/lesson.h"

/* Adds the blocks from first up to the next thematic break to s. Returns 0, or -1 with err =
 * "LINE: ...". */
int lesson_text_add(lesson_slide *s, cmark_node *first, s2s_error *err);
/* Frees s's blocks. */
void lesson_text_free(lesson_slide *s);

#endif
