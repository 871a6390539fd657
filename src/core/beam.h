/* beam.h: AT beam search, recording the search as a tree so it can be shown and checked: at each
 * step every hypothesis in the beam is extended by every symbol; the best `width` candidates are
 * kept, and the next best `width` are recorded as pruned (the ones a class sees lose). Finished
 * hypotheses (ended by <end>) stay candidates with their score. Scores are sums of log-probabilities
 * with no length normalisation, so width 1 is exactly greedy; the length-normalised score (the mean
 * log-probability per token) of finished hypotheses is recorded for display. */
#ifndef S2S_BEAM_H
#define S2S_BEAM_H

#include "core/forward.h"

typedef struct s2s_beam_node {
    int step;            /* from 0: this node's token is output token step + 1 */
    int token;
    int parent;          /* the node this one extends, or -1 (it follows <begin>) */
    float token_logprob; /* log P(token | the parent's tokens) */
    float logprob;       /* the hypothesis' score: the sum of token_logprob from the root */
    int kept;            /* 1: among the best `width` at its step (it stays in the beam) */
    int done;            /* the token is <end> */
} s2s_beam_node;

typedef struct s2s_beam_tree {
    int width;
    s2s_beam_node *nodes; /* (n) in step order */
    int n, cap;
    int n_steps;
    int winner;           /* the last node of the best hypothesis, or -1 */
} s2s_beam_tree;

void beam_tree_init(s2s_beam_tree *t);
void beam_tree_free(s2s_beam_tree *t); /* accepts NULL */

/* The tokens of node i from the first (out, up to cap); returns how many (0 when there is no node i). */
int beam_tree_tokens(const s2s_beam_tree *t, int i, int *out, int cap);
/* The length-normalised score of node i: logprob / its number of tokens. */
float beam_tree_normalised(const s2s_beam_tree *t, int i);

/* Runs the search of width k on r (the encoder has run) for at most max_steps tokens. The best
 * hypothesis goes to best (n_best tokens); tree (may be NULL) receives the search. Returns the
 * number of decoder passes made, or -1 with err set. Leaves r's decoder cache empty. */
int beam_search(s2s_runner *r, int k, int max_steps, s2s_beam_tree *tree, int *best, int *n_best, s2s_error *err);

#endif
