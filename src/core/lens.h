/* lens.h: the logit lens. Each decoder layer's output at one decoder position, read through the
 * decoder's final norm and the generator as if the decoder ended there, so a class sees at which
 * layer the answer appears. The last layer's reading is the model's own output distribution. */
#ifndef S2S_LENS_H
#define S2S_LENS_H

#include "core/error.h"
#include "core/model.h"
#include "core/trace.h"

/* probs (Ld, Vt): softmax(generator(decoder.norm(x_l))) for x_l the output of decoder layer l
 * (its last Add & Norm, decoder.layerL.ffn.norm) at decoder position row, from the steps of tr up
 * to upto (TRACE_ALL: all). Returns the number of layers read (those computed so far; 0 when
 * none), or -1 with err set. */
int lens_read(const s2s_model *m, const s2s_trace *tr, int upto, int row, float *probs, s2s_error *err);

#endif
