/* text_log.h: every text a frame draws, written to $STEPFORMER_TEXT_LOG when that is set: the test
 * that finds untranslated strings reads it (tests/app/test_i18n_panels.sh, docs/i18n.md). */
#ifndef S2S_TEXT_LOG_H
#define S2S_TEXT_LOG_H

#include "viz/draw.h"

/* Writes the draw list's texts, one a line, in drawing order (a newline in a text as \n), atomically,
 * to $STEPFORMER_TEXT_LOG; does nothing when it is unset. Returns 0, or -1 when writing failed. */
int text_log_write(const draw_list *dl);

#endif
