/* view_help.h: the keyboard map overlay. */
#ifndef S2S_VIEW_HELP_H
#define S2S_VIEW_HELP_H

#include "viz/view.h"

/* Dims the screen and lists n bindings (keys[i]: what[i]) in two columns. */
void view_help(draw_list *dl, const view_ctx *v, draw_rect screen, const char *const *keys, const char *const *what,
               int n);

#endif
