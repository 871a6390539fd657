/* cmd_eval.c: `stepformer eval`: held-out accuracy of a model on the task named in its metadata. */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "core/quote.h"

#include "cli/cli.h"
#include "core/util.h"
#include "core/refine.h"
#include "core/train.h"

typedef struct eval_options {
    const char *model;
    int n, format, iterations;
} eval_options;

static const opt_spec specs[] = {
    CLI_OPT_MODEL(eval_options, model),
    {.name = "--n", .metavar = "N", .type = OPT_INT, .offset = offsetof(eval_options, n), .def = "500", .lo = 1,
     .hi = 1000000, .help = "held-out examples to decode"},
    {.name = "--iterations", .metavar = "K", .type = OPT_INT, .offset = offsetof(eval_options, iterations),
     .def = "0", .lo = 0, .hi = REFINE_MAX_ITERATIONS, .help = "NAT: K refinement passes after the first (Mask-Predict)"},
    CLI_OPT_FORMAT(eval_options, format),
};

const opt_command eval_command = {
    "eval", "stepformer eval [--model FILE] [--n N] [--format text|json]",
    "Decodes held-out examples of the model's task (greedy for AT, the length classifier for NAT) and\n"
    "reports exact match, token accuracy and, for NAT, repeats and wrong lengths.",
    specs, ARRAY_LEN(specs), sizeof(eval_options)};

int cmd_eval(int argc, char **argv) {
    eval_options o;
    int rc = cli_options(&eval_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    int n = o.n, json = o.format == CLI_JSON;
    s2s_model m;
    if ((rc = cli_load_model(&m, o.model))) return rc;
    int task = task_find(m.task);
    if (task < 0) {
        cli_error("--model: its task %s is not one of the built-in tasks", quote_text(m.task).s);
        model_free(&m);
        return 2;
    }
    s2s_eval_result r;
    s2s_error err = {{0}};
    if (o.iterations > 0 && m.cfg.decoder != S2S_DECODER_NAT) {
        cli_error("--iterations refines a NAT decode: this model is AT");
        model_free(&m);
        return 2;
    }
    s2s_decode_opts dopts = decode_opts_default(); /* the length classifier */
    dopts.iterations = o.iterations;
    if (eval_heldout_with(&m, (s2s_task_id)task, n, &dopts, &r, NULL, &err)) {
        cli_error("%s", err.msg);
        model_free(&m);
        return 1;
    }
    const char *dec = m.cfg.decoder == S2S_DECODER_NAT ? "nat" : "at";
    if (json) {
        printf("{\"task\": \"%s\", \"decoder\": \"%s\", \"n\": %d, \"exact_match\": %.4f, \"token_accuracy\": %.4f, "
               "\"repeat_rate\": %.4f, \"reference_repeat_rate\": %.4f, \"length_error_rate\": %.4f, \"iterations\": %d, \"us_per_input\": %.1f}\n",
               m.task, dec, r.n, r.exact_match, r.token_accuracy, r.repeat_rate, r.reference_repeat_rate,
               r.length_error_rate, o.iterations, r.total_us / r.n);
    } else {
        printf("task %s, %s decoder, %d held-out examples", m.task, m.cfg.decoder == S2S_DECODER_NAT ? "NAT" : "AT", r.n);
        if (o.iterations > 0) printf(", %d refinement passes after the first", o.iterations);
        printf("\n");
        printf("exact match      %6.2f%%\ntoken accuracy   %6.2f%%\n", 100 * r.exact_match, 100 * r.token_accuracy);
        printf("repeated tokens  %6.2f%%  (output tokens equal to the one before; references: %.2f%%)\n",
               100 * r.repeat_rate, 100 * r.reference_repeat_rate);
        printf("wrong length     %6.2f%%  (wrong outputs whose length differs from the reference)\n",
               100 * r.length_error_rate);
        printf("decoding time    %6.0f us per input\n", r.total_us / r.n);
    }
    model_free(&m);
    return 0;
}
