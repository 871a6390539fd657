/* beam.c: see beam.h. */
#include "core/beam.h"

#include "core/ops.h"

#include <stdlib.h>
#include <string.h>

void beam_tree_init(s2s_beam_tree *t) { memset(t, 0, sizeof *t), t->winner = -1; }

void beam_tree_free(s2s_beam_tree *t) {
    if (!t) return;
    free(t->nodes);
    beam_tree_init(t);
}

int beam_tree_tokens(const s2s_beam_tree *t, int i, int *out, int cap) {
    if (i < 0 || i >= t->n) return 0; /* no such node (a tree freed since it was chosen) */
    int n = 0;
    for (int j = i; j >= 0; j = t->nodes[j].parent) n++;
    int k = n;
    for (int j = i; j >= 0; j = t->nodes[j].parent)
        if (--k < cap) out[k] = t->nodes[j].token;
    return n < cap ? n : cap;
}

float beam_tree_normalised(const s2s_beam_tree *t, int i) { return t->nodes[i].logprob / (float)(t->nodes[i].step + 1); }

static int add_node(s2s_beam_tree *t, s2s_beam_node node) {
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 256;
        s2s_beam_node *p = realloc(t->nodes, sizeof *p * (size_t)cap);
        if (!p) return -1;
        t->nodes = p;
        t->cap = cap;
    }
    t->nodes[t->n] = node;
    return t->n++;
}

typedef struct hyp {
    int tok[S2S_MAX_LEN + 1]; /* (n) output so far */
    int n;
    float score;              /* sum of log-probabilities */
    float last;               /* the last token's log-probability */
    int done;                 /* ended with <end> */
    int node;                 /* its node in the tree, or -1 (not recorded yet) */
    int parent_node;
} hyp;

/* Moves the best m of cand (nc) to the front, best first (selection: m is small). Ties keep the
 * earlier candidate first, so width 1 picks as the argmax does. */
static void select_best(hyp *cand, int nc, int m) {
    for (int i = 0; i < m && i < nc; i++) {
        int top = i;
        for (int j = i + 1; j < nc; j++)
            if (cand[j].score > cand[top].score) top = j;
        if (top != i) {
            hyp tmp = cand[top];
            memmove(cand + i + 1, cand + i, sizeof(hyp) * (size_t)(top - i)); /* stable */
            cand[i] = tmp;
        }
    }
}

int beam_search(s2s_runner *r, int k, int max_steps, s2s_beam_tree *tree, int *best, int *n_best, s2s_error *err) {
    int V = r->m->cfg.tgt_vocab;
    size_t n_cand = (size_t)k * (size_t)(V + 1);
    hyp *beam = malloc(sizeof(hyp) * ((size_t)k + n_cand));
    float *lp = malloc(sizeof(float) * (size_t)V);
    float *all = malloc(sizeof(float) * (size_t)(S2S_MAX_LEN + 1) * (size_t)V); /* (n + 1, V) logits */
    int *ids = malloc(sizeof(int) * (S2S_MAX_LEN + 2));
    int passes = 0, rc = -1;
    if (!beam || !lp || !all || !ids) {
        s2s_fail(err, "out of memory for beam search");
        goto done;
    }
    if (tree) tree->width = k;
    hyp *cand = beam + k;
    int nb = 1;
    beam[0] = (hyp){.n = 0, .score = 0.0f, .done = 0, .node = -1, .parent_node = -1};
    for (int t = 0; t < max_steps; t++) {
        int nc = 0;
        for (int b = 0; b < nb; b++) {
            if (beam[b].done) { /* a finished hypothesis competes with its score, unchanged */
                cand[nc++] = beam[b];
                continue;
            }
            ids[0] = S2S_BEGIN;
            memcpy(ids + 1, beam[b].tok, sizeof(int) * (size_t)beam[b].n);
            runner_rewind(r, 0);
            if (runner_decode(r, ids, beam[b].n + 1, 1, NULL, 0, all, err)) goto done;
            passes++;
            const float *last = all + (size_t)beam[b].n * V; /* log-softmax of the last row */
            float lse = softmax_row(lp, last, V);
            for (int v = 0; v < V; v++) lp[v] = last[v] - lse;
            for (int v = 0; v < V; v++) {
                hyp *h = &cand[nc++];
                memcpy(h->tok, beam[b].tok, sizeof(int) * (size_t)beam[b].n);
                h->n = beam[b].n;
                h->tok[h->n++] = v;
                h->score = beam[b].score + lp[v];
                h->last = lp[v];
                h->done = v == S2S_END;
                h->node = -1;
                h->parent_node = beam[b].node;
            }
        }
        int shown = nc < 2 * k ? nc : 2 * k; /* kept, then the best of the pruned */
        select_best(cand, nc, shown);
        nb = nc < k ? nc : k;
        if (tree) {
            for (int i = 0; i < shown; i++) {
                if (cand[i].node >= 0) continue; /* a finished hypothesis from an earlier step */
                s2s_beam_node node = {t, cand[i].tok[cand[i].n - 1], cand[i].parent_node, cand[i].last, cand[i].score,
                                      i < nb, cand[i].done};
                if ((cand[i].node = add_node(tree, node)) < 0) {
                    s2s_fail(err, "out of memory for the beam tree");
                    goto done;
                }
            }
            tree->n_steps = t + 1;
        }
        memmove(beam, cand, sizeof(hyp) * (size_t)nb);
        int all_done = 1;
        for (int b = 0; b < nb; b++) all_done &= beam[b].done;
        if (all_done) break;
    }
    memcpy(best, beam[0].tok, sizeof(int) * (size_t)beam[0].n);
    *n_best = beam[0].n;
    if (tree) tree->winner = beam[0].node;
    runner_rewind(r, 0);
    rc = passes;
done:
    free(beam);
    free(lp);
    free(all);
    free(ids);
    return rc;
}
