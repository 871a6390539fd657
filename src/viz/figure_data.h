/* figure_data.h: attention matrices as data: CSV (one matrix, token labels as the header row and
 * the first column) and JSON (every requested matrix with its labels). The numbers are the ones
 * `stepformer decode --format json` prints: CSV with 9 significant digits (which round-trip a
 * float exactly), JSON as cJSON prints doubles. Cells no pass computed (future keys) are 0. Used by
 * `stepformer export` and the window's Ctrl+E. */
#ifndef S2S_FIGURE_DATA_H
#define S2S_FIGURE_DATA_H

#include <cjson/cJSON.h>

#include "viz/figure.h"

/* Writes m as CSV to path atomically. Returns 0, or -1 with err set. */
int export_csv(const figure_matrix *m, const char *path, s2s_error *err);

/* The document's head: task, decoder, source, decoder_input, output, and an empty "matrices"
 * array to fill with export_json_add. NULL when out of memory. */
cJSON *export_json_begin(const figure_src *src);
/* Appends {kind, layer, head (1-based), step (or null), op, row_labels, col_labels, values}. */
int export_json_add(cJSON *doc, const figure_spec *s, const figure_matrix *m);

#endif
