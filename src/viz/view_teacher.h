/* view_teacher.h: the teacher-forcing strip: under each target token the probability the model gave
 * it and its cross-entropy, the mean loss, and below the same positions at inference, where the
 * decoder's inputs are its own outputs (NAT: <begin> at the classifier's length; wrong tokens
 * marked). No SDL. */
#ifndef S2S_VIEW_TEACHER_H
#define S2S_VIEW_TEACHER_H

#include "core/teacher.h"
#include "viz/view.h"

/* Draws t inside r. free_run: the views above show inference (else teacher forcing), which the
 * strip marks; a click on either half is a HIT_ACTION with toggle_action (the app's F key). */
void view_teacher(draw_list *dl, view_ctx *v, draw_rect r, const s2s_teacher_pair *t, int free_run,
                  int toggle_action);

/* The strip's height for text scale m: two titles and six rows. */
float view_teacher_height(const view_metrics *m);

#endif
