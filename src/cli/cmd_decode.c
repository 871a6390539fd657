/* cmd_decode.c: `stepformer decode`: one real decode, printed step by step or as JSON. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/decode_json.h"
#include "core/decode.h"

/* Teacher forcing: under each target token, the probability the model gave it and -log p. */
static void print_loss(const s2s_model *m, const s2s_teacher_loss *l) {
    printf("teacher forcing: decoder input is <begin> + the target shifted right\n");
    for (int i = 0; i < l->n; i++)
        printf("position %2d: target %-12s p=%.4f  -log p=%.4f\n", i + 1, m->tgt.sym[l->label[i]], (double)l->prob[i],
               (double)l->loss[i]);
    printf("loss (mean cross-entropy): %.4f\n", (double)l->mean);
}

static void print_text(const s2s_model *m, const s2s_decode_result *r) {
    printf("model: %s, %s decoder\nsource (%d tokens):", m->task[0] ? m->task : "(no task)",
           m->cfg.decoder == S2S_DECODER_NAT ? "NAT" : "AT", r->n_src);
    for (int i = 0; i < r->n_src; i++) printf(" %s", m->src.sym[r->src[i]]);
    printf("\n");
    if (m->cfg.decoder == S2S_DECODER_NAT)
        printf("length classifier: %d; decoding %d positions in one pass\n", r->nat_predicted, r->n_rows);
    for (int i = 0; i < r->n_out; i++)
        printf("%s %2d: %-12s p=%.4f\n", m->cfg.decoder == S2S_DECODER_NAT ? "position" : "step", i + 1,
               m->tgt.sym[r->out[i]], (double)r->out_prob[i]);
    int n = r->n_out;
    if (n > 0 && r->out[n - 1] == S2S_END) n--;
    size_t need = vocab_join(&m->tgt, r->out, n, NULL, 0) + 1;
    char *text = malloc(need);
    if (text) vocab_join(&m->tgt, r->out, n, text, need);
    printf("output: %s\n", text ? text : "");
    printf("decoder passes: %d, %.0f us\n", r->passes, r->us);
    free(text);
}

int cmd_decode(int argc, char **argv) {
    cli_opt o[] = {
        {"--model", "FILE", "model file (.safetensors)", NULL},
        {"--input", "TEXT", "source text", NULL},
        {"--target", "TEXT", "teacher forcing: decoder input is <begin> + this target", NULL},
        {"--beam", "N", "AT beam search width (1 = greedy)", "1"},
        {"--nat-length", "MODE", "NAT length: classifier | end", "classifier"},
        {"--format", "FMT", "text | json", "text"},
    };
    int rc = cli_parse(argc, argv, o, 6, "stepformer decode --model FILE --input TEXT [options]",
                       "Runs the model on the input and prints each decoding step, or every matrix as JSON.");
    if (rc) return rc == 1 ? 0 : 2;
    if (!o[1].value) {
        fprintf(stderr, "stepformer: no input given (--input TEXT)\n");
        return 2;
    }
    int json = strcmp(o[5].value, "json") == 0;
    if (!json && strcmp(o[5].value, "text") != 0) {
        fprintf(stderr, "stepformer: --format must be text or json, not \"%s\"\n", o[5].value);
        return 2;
    }
    s2s_decode_opts opts = decode_opts_default();
    if (cli_int(&o[3], 1, 64, &opts.beam)) return 2;
    if (strcmp(o[4].value, "end") == 0) {
        opts.nat_length = S2S_NAT_LENGTH_END;
    } else if (strcmp(o[4].value, "classifier") != 0) {
        fprintf(stderr, "stepformer: --nat-length must be classifier or end, not \"%s\"\n", o[4].value);
        return 2;
    }
    s2s_model m;
    if ((rc = cli_load_model(&m, o[0].value))) return rc;
    s2s_error err = {{0}};
    int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src = 0, n_tgt = 0;
    rc = 2;
    if (decode_tokenize_source(&m, o[1].value, src, &n_src, &err)) goto fail;
    if (o[2].value) {
        if (decode_tokenize_target(&m, o[2].value, tgt, &n_tgt, &err)) goto fail;
        opts.target = tgt;
        opts.n_target = n_tgt;
    }
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
        if (obj && opts.n_target >= 0) cJSON_AddItemToObject(obj, "loss", decode_json_loss(&m.tgt, &loss));
        char *s = obj ? cJSON_Print(obj) : NULL;
        cJSON_Delete(obj);
        if (!s) {
            trace_free(&tr);
            snprintf(err.msg, sizeof err.msg, "out of memory writing JSON");
            rc = 1;
            goto fail;
        }
        printf("%s\n", s);
        free(s);
    } else {
        print_text(&m, &res);
        if (opts.n_target >= 0) print_loss(&m, &loss);
    }
    trace_free(&tr);
    model_free(&m);
    return 0;
fail:
    fprintf(stderr, "stepformer: %s\n", err.msg);
    model_free(&m);
    return rc;
}
