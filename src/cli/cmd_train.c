/* cmd_train.c: `stepformer train`: trains a model on a toy task and writes it. A progress bar on a
 * terminal, plain lines otherwise; Ctrl-C stops after the current step and saves the model. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/train.h"

static volatile sig_atomic_t g_interrupted; /* set by the SIGINT handler, read by the progress callback */

static void on_sigint(int sig) {
    (void)sig;
    g_interrupted = 1;
}

typedef struct progress_ui {
    int tty;
    int every; /* plain lines: one per this many steps */
} progress_ui;

static void fmt_time(char *out, size_t cap, double s) {
    int t = (int)(s + 0.5);
    if (t >= 3600) snprintf(out, cap, "%dh%02dm", t / 3600, t / 60 % 60);
    else snprintf(out, cap, "%dm%02ds", t / 60, t % 60);
}

static int on_progress(const s2s_train_progress *p, void *user) {
    const progress_ui *ui = user;
    char acc[16], left[16];
    if (p->heldout_exact >= 0) snprintf(acc, sizeof acc, "%5.1f%%", 100.0 * p->heldout_exact);
    else snprintf(acc, sizeof acc, "  -  ");
    fmt_time(left, sizeof left, p->eta_s);
    if (ui->tty) {
        int width = 24, fill = p->steps ? (int)((long)width * p->step / p->steps) : width;
        char bar[32];
        for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
        bar[width] = '\0';
        printf("\r[%s] step %d/%d  loss %.4f  held-out %s  %.0f tok/s  %s left ", bar, p->step, p->steps, p->loss,
               acc, p->tokens_per_s, left);
        if (p->step == p->steps) printf("\n");
        fflush(stdout);
    } else if (p->step % ui->every == 0 || p->step == p->steps || p->evaluated || g_interrupted) {
        printf("step %d/%d loss %.4f held-out %s tok/s %.0f left %s\n", p->step, p->steps, p->loss, acc,
               p->tokens_per_s, left);
        fflush(stdout);
    }
    return g_interrupted != 0;
}

static int parse_decoder(const char *s, s2s_decoder_kind *k) {
    if (strcmp(s, "at") == 0) *k = S2S_DECODER_AT;
    else if (strcmp(s, "nat") == 0) *k = S2S_DECODER_NAT;
    else {
        fprintf(stderr, "stepformer: --decoder must be at or nat, not \"%s\"\n", s);
        return -1;
    }
    return 0;
}

int cmd_train(int argc, char **argv) {
    cli_opt o[] = {
        {"--task", "TASK", "reverse | sort | number-words | number-zh | dates | number-words-mixed", NULL},
        {"--decoder", "KIND", "at | nat", "at"},
        {"-o", "FILE", "where to write the model (.safetensors)", NULL},
        {"--steps", "N", "optimizer steps", "2000"},
        {"--batch", "N", "sequences per step", "64"},
        {"--d-model", "N", "model width", "64"},
        {"--heads", "N", "attention heads", "4"},
        {"--d-ff", "N", "feed-forward width", "256"},
        {"--layers", "N", "encoder layers and decoder layers (each)", "2"},
        {"--lr", "X", "peak learning rate (AdamW, warm-up then cosine decay)", "0.001"},
        {"--warmup", "N", "warm-up steps (-1: 10% of the steps, at most 300)", "-1"},
        {"--seed", "N", "seed of the initialisation and the data", "1"},
        {"--threads", "N", "worker threads (the batch is split across them)", "2"},
        {"--len-weight", "X", "NAT: weight of the length classifier's loss", "0.1"},
        {"--distill-from", "FILE", "train on this AT model's greedy outputs (knowledge distillation)", NULL},
        {"--eval-every", "N", "held-out evaluation every N steps (0: never)", "200"},
    };
    enum { N_OPTS = sizeof o / sizeof o[0] };
    int rc = cli_parse(argc, argv, o, N_OPTS, "stepformer train --task TASK [--decoder at|nat] -o FILE [options]",
                       "Trains a model on a toy task and writes it. Ctrl-C stops and saves what has been learnt.");
    if (rc) return rc == 1 ? 0 : 2;
    if (!o[0].value) {
        fprintf(stderr, "stepformer: no task given (--task TASK)\n");
        return 2;
    }
    int task = task_find(o[0].value);
    if (task < 0) {
        fprintf(stderr, "stepformer: unknown task \"%s\" (reverse, sort, number-words, number-zh, dates, "
                        "number-words-mixed)\n", o[0].value);
        return 2;
    }
    if (!o[2].value) {
        fprintf(stderr, "stepformer: no output file given (-o FILE)\n");
        return 2;
    }
    s2s_shape sh;
    s2s_train_opts to = train_opts_default();
    int seed;
    if (parse_decoder(o[1].value, &sh.decoder) || cli_int(&o[3], 1, 10000000, &to.steps) ||
        cli_int(&o[4], 1, 4096, &to.batch) || cli_int(&o[5], 2, S2S_MAX_D_MODEL, &sh.d_model) ||
        cli_int(&o[6], 1, S2S_MAX_HEADS, &sh.n_heads) || cli_int(&o[7], 1, S2S_MAX_D_FF, &sh.d_ff) ||
        cli_int(&o[8], 1, S2S_MAX_LAYERS, &sh.layers) || cli_float(&o[9], 1e-7, 1.0, &to.lr) ||
        cli_int(&o[10], -1, 10000000, &to.warmup) || cli_int(&o[11], 0, 2147483647, &seed) ||
        cli_int(&o[12], 1, S2S_TRAIN_MAX_THREADS, &to.threads) || cli_float(&o[13], 0.0, 100.0, &to.len_weight) ||
        cli_int(&o[15], 0, 10000000, &to.eval_every))
        return 2;
    to.seed = (unsigned long long)seed;
    s2s_error err = {{0}};
    s2s_model teacher, m;
    memset(&teacher, 0, sizeof teacher);
    if (o[14].value) {
        if ((rc = cli_load_model(&teacher, o[14].value))) return rc;
        if (teacher.cfg.decoder != S2S_DECODER_AT || strcmp(teacher.task, o[0].value) != 0) {
            fprintf(stderr, "stepformer: %s is not an AT model of task %s\n", o[14].value, o[0].value);
            model_free(&teacher);
            return 2;
        }
        to.teacher = &teacher;
    }
    if (train_model_new(&m, (s2s_task_id)task, &sh, (unsigned long long)seed, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        model_free(&teacher);
        return 2;
    }
    progress_ui ui = {isatty(STDOUT_FILENO), to.steps >= 20 ? to.steps / 20 : 1};
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    printf("training %s %s: d_model %d, %d heads, d_ff %d, %d+%d layers, %zu parameters, batch %d, %d steps, "
           "%d threads%s\n", o[0].value, sh.decoder == S2S_DECODER_NAT ? "NAT" : "AT", sh.d_model, sh.n_heads,
           sh.d_ff, sh.layers, sh.layers, m.n_params, to.batch, to.steps, to.threads,
           to.teacher ? ", distilled" : "");
    fflush(stdout);
    s2s_train_progress last;
    memset(&last, 0, sizeof last);
    int trc = train_run(&m, (s2s_task_id)task, &to, on_progress, &ui, &last, &err);
    sigaction(SIGINT, &old, NULL);
    if (ui.tty && last.step != last.steps) printf("\n");
    rc = 0;
    if (trc) {
        fprintf(stderr, "stepformer: training stopped: %s\n", err.msg);
        rc = 1;
    }
    if (last.step > 0) { /* whatever was learnt is worth keeping, even after Ctrl-C or an error */
        if (model_save(&m, o[2].value, &err)) {
            fprintf(stderr, "stepformer: %s\n", err.msg);
            rc = 1;
        } else {
            printf("%s %s after %d steps (%.1f s, %.0f tokens/s)\n", g_interrupted ? "interrupted; saved" : "saved",
                   o[2].value, last.step, last.elapsed_s, last.tokens_per_s);
        }
    }
    model_free(&m);
    model_free(&teacher);
    return rc;
}
