/* cmd_compare.c: `stepformer compare`: AT against NAT (and the distilled NAT where one ships) on one
 * input, and with --n on that many held-out inputs: the comparison of compare mode, without a window. */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/paths.h"
#include "cli/cli.h"
#include "core/util.h"
#include "cli/decode_json.h"
#include "core/eval.h"
#include "core/quote.h"

typedef struct side {
    const char *key;    /* "at", "nat", "nat_distilled" */
    const char *suffix; /* file name after TASK- */
    s2s_model m;
    int loaded;
    s2s_decode_result res;
    s2s_eval_result ev;
} side;

static cJSON *side_json(const side *s, int with_batch) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "output", decode_json_tokens(&s->m.tgt, s->res.out, s->res.n_out));
    cJSON_AddNumberToObject(o, "passes", s->res.passes);
    cJSON_AddNumberToObject(o, "us", s->res.us);
    if (with_batch) {
        cJSON_AddNumberToObject(o, "n", s->ev.n);
        cJSON_AddNumberToObject(o, "exact_match", s->ev.exact_match);
        cJSON_AddNumberToObject(o, "repeat_rate", s->ev.repeat_rate);
        cJSON_AddNumberToObject(o, "length_error_rate", s->ev.length_error_rate);
        cJSON_AddNumberToObject(o, "total_us", s->ev.total_us);
    }
    return o;
}

static void print_text(const side *s, int n, int with_batch, double at_us) {
    for (int k = 0; k < n; k++) {
        if (!s[k].loaded) continue;
        size_t need = vocab_join(&s[k].m.tgt, s[k].res.out, s[k].res.n_out, NULL, 0) + 1;
        char *text = malloc(need);
        if (text) vocab_join(&s[k].m.tgt, s[k].res.out, s[k].res.n_out, text, need);
        printf("%-14s %-40s %2d pass%s %8.0f us", s[k].key, text_safe(text).s, s[k].res.passes,
               s[k].res.passes == 1 ? " " : "es", s[k].res.us);
        if (k > 0 && s[k].res.us > 0) printf("  %.1fx faster than AT", at_us / s[k].res.us);
        printf("\n");
        free(text);
    }
    if (!with_batch) return;
    printf("\n%-14s %6s %12s %14s %10s   (%d held-out inputs)\n", "model", "exact", "repeated tok", "wrong length",
           "total ms", s[0].ev.n);
    for (int k = 0; k < n; k++)
        if (s[k].loaded)
            printf("%-14s %5.1f%% %11.1f%% %13.1f%% %10.1f\n", s[k].key, 100 * s[k].ev.exact_match,
                   100 * s[k].ev.repeat_rate, 100 * s[k].ev.length_error_rate, s[k].ev.total_us / 1000.0);
}

typedef struct compare_options {
    int task;
    const char *input;
    int n, nat_length, format;
    const char *models;
} compare_options;

static const opt_spec specs[] = {
    CLI_OPT_TASK(compare_options, task),
    CLI_OPT_INPUT(compare_options, input, "source text (default: the task's example)", 0),
    {.name = "--n", .metavar = "N", .type = OPT_INT, .offset = offsetof(compare_options, n), .lo = 1, .hi = 100000,
     .help = "also decode N held-out inputs and report exact match, repeats, wrong lengths, time"},
    CLI_OPT_NAT_LENGTH(compare_options, nat_length),
    CLI_OPT_FORMAT(compare_options, format),
    {.name = "--models", .metavar = "DIR", .type = OPT_TEXT, .offset = offsetof(compare_options, models),
     .help = "folder of TASK-at, TASK-nat[, TASK-nat-distilled].safetensors (default: the bundled)"},
};

const opt_command compare_command = {
    "compare", "stepformer compare --task T [--input TEXT] [--n N] [--format text|json]",
    "Decodes the same input with the task's AT model, its NAT model and (where one ships) the NAT\n"
    "distilled from the AT model, and reports each output, decoder passes and wall time.",
    specs, ARRAY_LEN(specs), sizeof(compare_options)};

int cmd_compare(int argc, char **argv) {
    compare_options o;
    int rc = cli_options(&compare_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    int task = o.task, json = o.format == CLI_JSON, n = o.n > 0 ? o.n : 0;
    s2s_decode_opts opts = decode_opts_default();
    opts.nat_length = (s2s_nat_length)o.nat_length;
    const char *name = task_info((s2s_task_id)task)->name;
    const char *input = o.input ? o.input : task_info((s2s_task_id)task)->example;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", o.models ? o.models : paths_assets_dir());
    if (!o.models) strncat(dir, "/models", sizeof dir - strlen(dir) - 1);
    side s[3] = {{.key = "at", .suffix = "at"}, {.key = "nat", .suffix = "nat"},
                 {.key = "nat_distilled", .suffix = "nat-distilled"}};
    s2s_error err = {{0}};
    rc = 2;
    for (int k = 0; k < 3; k++) {
        char path[4600];
        snprintf(path, sizeof path, "%s/%s-%s.safetensors", dir, name, s[k].suffix);
        struct stat st;
        if (k == 2 && stat(path, &st) != 0) continue; /* only some tasks ship a distilled NAT */
        if (model_load(&s[k].m, path, &err)) goto done;
        s[k].loaded = 1;
        if (s[k].m.cfg.decoder != (k == 0 ? S2S_DECODER_AT : S2S_DECODER_NAT)) {
            s2s_fail(&err, "%s is not a%s model", quote_text(path).s, k == 0 ? "n AT" : " NAT");
            goto done;
        }
        int src[S2S_MAX_LEN], ns;
        if (decode_tokenize_source(&s[k].m, input, src, &ns, &err)) goto done;
        rc = 1;
        if (decode_run(&s[k].m, src, ns, &opts, NULL, &s[k].res, &err)) goto done;
        if (n && eval_heldout(&s[k].m, (s2s_task_id)task, n, opts.nat_length, &s[k].ev, NULL, &err)) goto done;
        rc = 2;
    }
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "task", name);
        cJSON_AddStringToObject(root, "input", input);
        cJSON_AddStringToObject(root, "nat_length", opts.nat_length == S2S_NAT_LENGTH_END ? "end" : "classifier");
        for (int k = 0; k < 3; k++)
            if (s[k].loaded) cJSON_AddItemToObject(root, s[k].key, side_json(&s[k], n > 0));
        char *txt = cJSON_Print(root);
        cJSON_Delete(root);
        if (txt) printf("%s\n", txt);
        free(txt);
    } else {
        printf("task %s, input %s\n", name, quote_text(input).s);
        print_text(s, 3, n > 0, s[0].res.us);
    }
    rc = 0;
done:
    if (rc) cli_error("%s", err.msg);
    for (int k = 0; k < 3; k++) model_free(&s[k].m);
    return rc;
}
