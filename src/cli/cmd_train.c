/* cmd_train.c: `stepformer train`: trains a model on a toy task and writes it. A progress bar on a
 * terminal, plain lines otherwise; Ctrl-C stops after the current step and saves the model. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "core/quote.h"
#include "core/snapshot.h"
#include "core/tasks.h"
#include "core/train.h"

static volatile sig_atomic_t g_interrupted; /* set by the SIGINT handler, read by the progress callback */

static void on_sigint(int sig) {
    (void)sig;
    g_interrupted = 1;
}

typedef struct progress_ui {
    int tty;
    int every; /* plain lines: one per this many steps */
    /* snapshots (--snapshots DIR --snapshot-every N): the model being trained, written every N steps */
    const s2s_model *m;
    s2s_task_id task;
    const char *snap_dir;
    int snap_every;
    int snap_failed; /* a snapshot could not be written: training stops (s2s_error in snap_err) */
    s2s_error snap_err;
} progress_ui;

/* Every snap_every steps, and at the last: the snapshot, measured on 100 held-out examples. */
static int take_snapshot(progress_ui *ui, const s2s_train_progress *p) {
    if (!ui->snap_dir || (p->step % ui->snap_every != 0 && p->step != p->steps)) return 0;
    s2s_snapshot_info info;
    char path[4200];
    if (snapshot_take(ui->m, ui->task, p->step, p->loss, 100, ui->snap_dir, &info, path, sizeof path, &ui->snap_err)) {
        ui->snap_failed = 1;
        return 1;
    }
    if (!ui->tty) {
        printf("snapshot %s: step %d, loss %.4f, held-out loss %.4f, exact %.1f%%\n", quote_text(path).s, info.step,
               info.train_loss, info.heldout_loss, 100.0 * info.heldout_exact);
        fflush(stdout);
    }
    return 0;
}

static void fmt_time(char *out, size_t cap, double s) {
    int t = (int)(s + 0.5);
    if (t >= 3600) snprintf(out, cap, "%dh%02dm", t / 3600, t / 60 % 60);
    else snprintf(out, cap, "%dm%02ds", t / 60, t % 60);
}

static int on_progress(const s2s_train_progress *p, void *user) {
    progress_ui *ui = user;
    if (take_snapshot(ui, p)) return 1;
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

typedef struct train_options {
    int task, decoder;
    const char *out;
    int steps, batch, d_model, heads, d_ff, layers;
    float lr;
    int warmup, seed, threads;
    float len_weight;
    const char *distill_from;
    int objective;
    int eval_every;
    const char *snapshots;
    int snapshot_every;
} train_options;

static const char *const decoder_names[] = {"at", "nat", NULL}; /* s2s_decoder_kind order */
_Static_assert(S2S_DECODER_AT == 0 && S2S_DECODER_NAT == 1, "decoder_names is in enum order");
enum { OBJECTIVE_PLAIN, OBJECTIVE_MASK_PREDICT };
static const char *const objective_names[] = {"plain", "mask-predict", NULL}; /* in that order */

#define T train_options
static const opt_spec specs[] = {
    CLI_OPT_TASK(T, task),
    {.name = "--decoder", .metavar = "KIND", .type = OPT_CHOICE, .offset = offsetof(T, decoder), .def = "at",
     .choices = decoder_names, .help = "at | nat"},
    {.name = "-o", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(T, out), .required = 1,
     .help = "where to write the model (.safetensors)"},
    {.name = "--steps", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, steps), .def = "2000", .lo = 1,
     .hi = 10000000, .help = "optimizer steps"},
    {.name = "--batch", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, batch), .def = "64", .lo = 1,
     .hi = 4096, .help = "sequences per step"},
    {.name = "--d-model", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, d_model), .def = "64", .lo = 2,
     .hi = S2S_MAX_D_MODEL, .help = "model width"},
    {.name = "--heads", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, heads), .def = "4", .lo = 1,
     .hi = S2S_MAX_HEADS, .help = "attention heads"},
    {.name = "--d-ff", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, d_ff), .def = "256", .lo = 1,
     .hi = S2S_MAX_D_FF, .help = "feed-forward width"},
    {.name = "--layers", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, layers), .def = "2", .lo = 1,
     .hi = S2S_MAX_LAYERS, .help = "encoder layers and decoder layers (each)"},
    {.name = "--lr", .metavar = "X", .type = OPT_FLOAT, .offset = offsetof(T, lr), .def = "0.001", .lo = 1e-7,
     .hi = 1.0, .help = "peak learning rate (AdamW, warm-up then cosine decay)"},
    {.name = "--warmup", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, warmup), .def = "-1", .lo = -1,
     .hi = 10000000, .help = "warm-up steps (-1: 10% of the steps, at most 300)"},
    {.name = "--seed", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, seed), .def = "1", .lo = 0,
     .hi = 2147483647, .help = "seed of the initialisation and the data"},
    {.name = "--threads", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, threads), .def = "2", .lo = 1,
     .hi = S2S_TRAIN_MAX_THREADS, .help = "worker threads (the batch is split across them)"},
    {.name = "--len-weight", .metavar = "X", .type = OPT_FLOAT, .offset = offsetof(T, len_weight), .def = "0.1",
     .lo = 0.0, .hi = 100.0, .help = "NAT: weight of the length classifier's loss"},
    {.name = "--distill-from", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(T, distill_from),
     .help = "train on this AT model's greedy outputs (knowledge distillation)"},
    {.name = "--objective", .metavar = "KIND", .type = OPT_CHOICE, .offset = offsetof(T, objective), .def = "plain",
     .choices = objective_names,
     .help = "NAT: plain | mask-predict (part of the target shown, the rest from <begin>: for --iterations)"},
    {.name = "--eval-every", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, eval_every), .def = "200",
     .lo = 0, .hi = 10000000, .help = "held-out evaluation every N steps (0: never)"},
    {.name = "--snapshots", .metavar = "DIR", .type = OPT_TEXT, .offset = offsetof(T, snapshots),
     .help = "write snapshots there (step-NNNNNNN.safetensors; step and losses in the metadata)"},
    {.name = "--snapshot-every", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, snapshot_every), .def = "200",
     .lo = 1, .hi = 10000000, .help = "with --snapshots: a snapshot every N steps, and at the end"},
};
#undef T

const opt_command train_command = {
    "train", "stepformer train --task TASK [--decoder at|nat] -o FILE [options]",
    "Trains a model on a toy task and writes it. Ctrl-C stops and saves what has been learnt.",
    specs, ARRAY_LEN(specs), sizeof(train_options)};

int cmd_train(int argc, char **argv) {
    train_options o;
    int rc = cli_options(&train_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    int task = o.task, seed = o.seed;
    const char *task_name = task_info((s2s_task_id)task)->name;
    s2s_error err = {{0}};
    /* the output is checked now, not after the whole training run */
    if (cli_check_output("-o", o.out, &err)) {
        cli_error("%s", err.msg);
        return 2;
    }
    if (o.snapshots && (mkdir(o.snapshots, 0777) != 0 && errno != EEXIST)) {
        cli_error("--snapshots: cannot make the folder %s: %s", quote_text(o.snapshots).s, strerror(errno));
        return 2;
    }
    struct stat st;
    if (o.snapshots && (stat(o.snapshots, &st) != 0 || !S_ISDIR(st.st_mode))) {
        cli_error("--snapshots: %s is not a folder", quote_text(o.snapshots).s);
        return 2;
    }
    s2s_shape sh = {o.d_model, o.heads, o.d_ff, o.layers, (s2s_decoder_kind)o.decoder};
    s2s_train_opts to = train_opts_default();
    to.steps = o.steps;
    to.batch = o.batch;
    to.lr = o.lr;
    to.warmup = o.warmup;
    to.threads = o.threads;
    to.len_weight = o.len_weight;
    to.eval_every = o.eval_every;
    to.seed = (unsigned long long)seed;
    to.mask_predict = o.objective == OBJECTIVE_MASK_PREDICT;
    if (to.mask_predict && sh.decoder != S2S_DECODER_NAT) {
        cli_error("--objective mask-predict trains a NAT model: add --decoder nat");
        return 2;
    }
    s2s_model teacher, m;
    memset(&teacher, 0, sizeof teacher);
    if (o.distill_from) {
        if ((rc = cli_load_model(&teacher, o.distill_from))) return rc;
        if (teacher.cfg.decoder != S2S_DECODER_AT || strcmp(teacher.task, task_name) != 0) {
            cli_error("--distill-from: %s is not an AT model of task %s", quote_text(o.distill_from).s, task_name);
            model_free(&teacher);
            return 2;
        }
        to.teacher = &teacher;
    }
    if (train_model_new(&m, (s2s_task_id)task, &sh, (unsigned long long)seed, &err)) {
        cli_error("%s", err.msg);
        model_free(&teacher);
        return 2;
    }
    progress_ui ui = {isatty(STDOUT_FILENO), to.steps >= 20 ? to.steps / 20 : 1, &m, (s2s_task_id)task, o.snapshots,
                      o.snapshot_every, 0, {{0}}};
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    printf("training %s %s: d_model %d, %d heads, d_ff %d, %d+%d layers, %zu parameters, batch %d, %d steps, "
           "%d threads%s%s\n", task_name, sh.decoder == S2S_DECODER_NAT ? "NAT" : "AT", sh.d_model, sh.n_heads,
           sh.d_ff, sh.layers, sh.layers, m.n_params, to.batch, to.steps, to.threads,
           to.teacher ? ", distilled" : "", to.mask_predict ? ", Mask-Predict objective" : "");
    fflush(stdout);
    s2s_train_progress last;
    memset(&last, 0, sizeof last);
    int trc = train_run(&m, (s2s_task_id)task, &to, on_progress, &ui, &last, &err);
    sigaction(SIGINT, &old, NULL);
    if (ui.tty && last.step != last.steps) printf("\n");
    rc = 0;
    if (trc) {
        cli_error("training stopped: %s", err.msg);
        rc = 1;
    }
    if (ui.snap_failed) {
        cli_error("training stopped: snapshot: %s", ui.snap_err.msg);
        rc = 1;
    }
    if (last.step > 0) { /* whatever was learnt is worth keeping, even after Ctrl-C or an error */
        const char *meta[] = {"objective", objective_names[o.objective]}; /* what trained it, for the record */
        if (model_save_meta(&m, o.out, meta, sh.decoder == S2S_DECODER_NAT ? 1 : 0, &err)) {
            cli_error("%s", err.msg);
            rc = 1;
        } else {
            printf("%s %s after %d steps (%.1f s, %.0f tokens/s)\n", g_interrupted ? "interrupted; saved" : "saved",
                   quote_text(o.out).s, last.step, last.elapsed_s, last.tokens_per_s);
        }
    }
    model_free(&m);
    model_free(&teacher);
    return rc;
}
