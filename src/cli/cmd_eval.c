/* cmd_eval.c: `stepformer eval`: held-out accuracy of a model on the task named in its metadata. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/train.h"

int cmd_eval(int argc, char **argv) {
    cli_opt o[] = {
        {"--model", "FILE", "model file (.safetensors)", NULL},
        {"--n", "N", "held-out examples to decode", "500"},
        {"--format", "FMT", "text | json", "text"},
    };
    int rc = cli_parse(argc, argv, o, 3, "stepformer eval --model FILE [--n N] [--format text|json]",
                       "Decodes held-out examples of the model's task (greedy for AT, the length classifier for "
                       "NAT) and reports exact match, token accuracy and, for NAT, repeats and wrong lengths.");
    if (rc) return rc == 1 ? 0 : 2;
    int n, json = strcmp(o[2].value, "json") == 0;
    if (cli_int(&o[1], 1, 1000000, &n)) return 2;
    if (!json && strcmp(o[2].value, "text") != 0) {
        fprintf(stderr, "stepformer: --format must be text or json, not \"%s\"\n", o[2].value);
        return 2;
    }
    s2s_model m;
    if ((rc = cli_load_model(&m, o[0].value))) return rc;
    int task = task_find(m.task);
    if (task < 0) {
        fprintf(stderr, "stepformer: %s: its task \"%s\" is not one of the built-in tasks\n", o[0].value, m.task);
        model_free(&m);
        return 2;
    }
    s2s_eval_result r;
    s2s_error err = {{0}};
    if (eval_heldout(&m, (s2s_task_id)task, n, S2S_NAT_LENGTH_CLASSIFIER, &r, NULL, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        model_free(&m);
        return 1;
    }
    const char *dec = m.cfg.decoder == S2S_DECODER_NAT ? "nat" : "at";
    if (json) {
        printf("{\"task\": \"%s\", \"decoder\": \"%s\", \"n\": %d, \"exact_match\": %.4f, \"token_accuracy\": %.4f, "
               "\"repeat_rate\": %.4f, \"reference_repeat_rate\": %.4f, \"length_error_rate\": %.4f}\n",
               m.task, dec, r.n, r.exact_match, r.token_accuracy, r.repeat_rate, r.reference_repeat_rate,
               r.length_error_rate);
    } else {
        printf("task %s, %s decoder, %d held-out examples\n", m.task, m.cfg.decoder == S2S_DECODER_NAT ? "NAT" : "AT",
               r.n);
        printf("exact match      %6.2f%%\ntoken accuracy   %6.2f%%\n", 100 * r.exact_match, 100 * r.token_accuracy);
        printf("repeated tokens  %6.2f%%  (output tokens equal to the one before; references: %.2f%%)\n",
               100 * r.repeat_rate, 100 * r.reference_repeat_rate);
        printf("wrong length     %6.2f%%  (wrong outputs whose length differs from the reference)\n",
               100 * r.length_error_rate);
    }
    model_free(&m);
    return 0;
}
