/* cmd_decode.c: `stepformer decode`: one real decode, printed step by step or as JSON. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "cli/decode_json.h"
#include "core/beam.h"
#include "core/decode.h"
#include "core/quote.h"

/* Teacher forcing: under each target token, the probability the model gave it and -log p. */
static void print_loss(const s2s_model *m, const s2s_teacher_loss *l) {
    printf("teacher forcing: decoder input is <begin> + the target shifted right\n");
    for (int i = 0; i < l->n; i++)
        printf("position %2d: target %-12s p=%.4f  -log p=%.4f\n", i + 1, text_safe(m->tgt.sym[l->label[i]]).s,
               (double)l->prob[i], (double)l->loss[i]);
    printf("loss (mean cross-entropy): %.4f\n", (double)l->mean);
}

/* Symbols and the task name come from the model file: printed through text_safe (core/quote.h). */
static void print_text(const s2s_model *m, const s2s_decode_result *r) {
    printf("model: %s, %s decoder\nsource (%d tokens):", m->task[0] ? text_safe(m->task).s : "(no task)",
           m->cfg.decoder == S2S_DECODER_NAT ? "NAT" : "AT", r->n_src);
    for (int i = 0; i < r->n_src; i++) printf(" %s", text_safe(m->src.sym[r->src[i]]).s);
    printf("\n");
    if (m->cfg.decoder == S2S_DECODER_NAT)
        printf("length classifier: %d; decoding %d positions in one pass\n", r->nat_predicted, r->n_rows);
    for (int i = 0; i < r->n_out; i++)
        printf("%s %2d: %-12s p=%.4f\n", m->cfg.decoder == S2S_DECODER_NAT ? "position" : "step", i + 1,
               text_safe(m->tgt.sym[r->out[i]]).s, (double)r->out_prob[i]);
    int n = r->n_out;
    if (n > 0 && r->out[n - 1] == S2S_END) n--;
    size_t need = vocab_join(&m->tgt, r->out, n, NULL, 0) + 1;
    char *text = malloc(need), *safe = malloc(4 * need + 8);
    if (text && safe) {
        vocab_join(&m->tgt, r->out, n, text, need);
        printf("output: %s\n", text_escape(safe, 4 * need + 8, text, strlen(text)));
    }
    printf("decoder passes: %d, %.0f us\n", r->passes, r->us);
    free(text);
    free(safe);
}

typedef struct decode_options {
    const char *model, *input, *target, *ablate;
    int beam, nat_length, format;
    s2s_sampling sampling;
} decode_options;

static const opt_spec specs[] = {
    CLI_OPT_MODEL(decode_options, model),
    CLI_OPT_INPUT(decode_options, input, "source text", 1),
    CLI_OPT_TARGET(decode_options, target),
    {.name = "--beam", .metavar = "N", .type = OPT_INT, .offset = offsetof(decode_options, beam), .def = "1", .lo = 1,
     .hi = 64, .help = "AT beam search width (1 = greedy)"},
    CLI_OPT_SAMPLING(decode_options, sampling),
    {.name = "--ablate", .metavar = "HEADS", .type = OPT_TEXT, .offset = offsetof(decode_options, ablate),
     .help = "switch heads off: KIND:LAYER.HEAD[,...], KIND encoder, decoder or cross, from 1 (cross:1.2)"},
    CLI_OPT_NAT_LENGTH(decode_options, nat_length),
    CLI_OPT_FORMAT(decode_options, format),
};

const opt_command decode_command = {
    "decode", "stepformer decode [--model FILE] --input TEXT [options]",
    "Runs the model on the input and prints each decoding step, or every matrix as JSON.",
    specs, ARRAY_LEN(specs), sizeof(decode_options)};

int cmd_decode(int argc, char **argv) {
    decode_options o;
    int rc = cli_options(&decode_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    int json = o.format == CLI_JSON;
    s2s_decode_opts opts = decode_opts_default();
    opts.beam = o.beam;
    opts.sampling = o.sampling;
    opts.nat_length = (s2s_nat_length)o.nat_length;
    s2s_model m;
    if ((rc = cli_load_model(&m, o.model))) return rc;
    s2s_beam_tree tree;
    beam_tree_init(&tree);
    s2s_error err = {{0}};
    int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src = 0, n_tgt = 0;
    rc = 2;
    static s2s_ablation ablation; /* large: not on the stack */
    if (o.ablate) {
        if (ablation_parse(&ablation, o.ablate, &m.cfg, &err)) {
            s2s_fail_prefix(&err, "--ablate: ");
            goto fail;
        }
        opts.ablation = &ablation;
    }
    if (decode_tokenize_source(&m, o.input, src, &n_src, &err)) goto fail;
    if (o.target) {
        if (decode_tokenize_target(&m, o.target, tgt, &n_tgt, &err)) goto fail;
        opts.target = tgt;
        opts.n_target = n_tgt;
    }
    if (json && o.beam > 1) opts.beam_tree = &tree; /* the search itself, for the JSON */
    s2s_trace tr;
    trace_init(&tr);
    s2s_decode_result res;
    if (decode_run(&m, src, n_src, &opts, &tr, &res, &err)) {
        trace_free(&tr);
        rc = 1;
        goto fail;
    }
    s2s_teacher_loss loss;
    if (opts.n_target >= 0 && teacher_loss_from_trace(&tr, m.cfg.tgt_vocab, tgt, n_tgt, &loss, &err)) {
        trace_free(&tr);
        rc = 1;
        goto fail;
    }
    if (json) {
        cJSON *obj = decode_json_object(&m, &res, &tr);
        if (obj && opts.beam_tree) cJSON_AddItemToObject(obj, "beam", decode_json_beam(&m.tgt, &tree));
        if (obj && opts.n_target >= 0) cJSON_AddItemToObject(obj, "loss", decode_json_loss(&m.tgt, &loss));
        char *s = obj ? cJSON_Print(obj) : NULL;
        cJSON_Delete(obj);
        if (!s) {
            trace_free(&tr);
            snprintf(err.msg, sizeof err.msg, "out of memory writing JSON");
            rc = 1;
            goto fail;
        }
        printf("%s\n", s); /* the switched-off heads are in the command line that asked for them */
        free(s);
    } else {
        if (opts.ablation) printf("heads switched off: %s\n", o.ablate);
        print_text(&m, &res);
        if (opts.n_target >= 0) print_loss(&m, &loss);
    }
    trace_free(&tr);
    beam_tree_free(&tree);
    model_free(&m);
    return 0;
fail:
    cli_error("%s", err.msg);
    beam_tree_free(&tree);
    model_free(&m);
    return rc;
}
