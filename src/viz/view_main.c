/* view_main.c: the big centre panel shows the view of the current operation: an attention stage,
 * the residual flow of its layer, the output distribution or the NAT length classifier's step. */
#include "viz/view.h"

static int is_attention_op(trace_op op) {
    return op == TO_Q || op == TO_K || op == TO_V || op == TO_SCORES || op == TO_MASK || op == TO_WEIGHTS ||
           op == TO_HEAD_OUT;
}

void view_main(draw_list *dl, view_ctx *v, draw_rect r) {
    const view_focus *f = &v->focus;
    if (f->op == TO_REFINE) {
        view_refine(dl, v, r);
    } else if (f->block == TB_GENERATOR) {
        view_probs(dl, v, r, f->row);
    } else if (f->block == TB_LENGTH && f->op != TO_LENGTH_PROBS) {
        view_length_step(dl, v, r); /* the pooled vector, the logits */
    } else if (f->block == TB_LENGTH) {
        view_length(dl, v, r);
    } else if (is_attention_op(f->op) && f->sub != TS_FFN && f->sub != TS_NONE) {
        view_attention(dl, v, r);
    } else {
        view_residual(dl, v, r);
    }
}
