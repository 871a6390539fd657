/* keymap.c: the bindings table. Its texts are marked N_() for the catalogue and translated where
 * the window shows them (the help overlay); `stepformer keys` and the README print them in English. */
#include "app/keymap.h"
#include "core/util.h"

#include <stddef.h>

#include "core/i18n.h"
#include "platform/keys.h"

#define S WINDOW_MOD_SHIFT
#define C WINDOW_MOD_CTRL

/* A row leaves its mode out unless it is presenter mode's own: the zero, KEYMAP_ALWAYS, is meant. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const key_binding table[] = {
    {WINDOW_KEY_RIGHT, 0, ACT_NEXT_OP, N_("→"), N_("next operation")},
    {WINDOW_KEY_LEFT, 0, ACT_PREV_OP, N_("←"), N_("previous operation")},
    {WINDOW_KEY_RIGHT, S, ACT_NEXT_SUB, N_("Shift+→"), N_("next sublayer")},
    {WINDOW_KEY_LEFT, S, ACT_PREV_SUB, N_("Shift+←"), N_("previous sublayer")},
    {WINDOW_KEY_DOWN, 0, ACT_NEXT_TOKEN, N_("↓"), N_("next decoded token (AT) / position (NAT) / pass (refinement)")},
    {WINDOW_KEY_UP, 0, ACT_PREV_TOKEN, N_("↑"), N_("previous token / position")},
    {WINDOW_KEY_PAGE_DOWN, 0, ACT_NEXT_SLIDE, N_("PgDn"), N_("lesson: next slide (no lesson open: next token)")},
    {WINDOW_KEY_PAGE_UP, 0, ACT_PREV_SLIDE, N_("PgUp"), N_("lesson: previous slide (no lesson open: previous token)")},
    {'l', C, ACT_LESSONS, N_("Ctrl+L"), N_("choose a lesson")},
    {'w', C, ACT_CLOSE_LESSON, N_("Ctrl+W"), N_("close the lesson")},
    {WINDOW_KEY_HOME, 0, ACT_START, N_("Home"), N_("start")},
    {WINDOW_KEY_END, 0, ACT_END, N_("End"), N_("end")},
    {' ', 0, ACT_PLAY, N_("Space"), N_("play / pause")},
    {'[', 0, ACT_SLOWER, N_("["), N_("play slower")},
    {']', 0, ACT_FASTER, N_("]"), N_("play faster")},
    {WINDOW_KEY_TAB, 0, ACT_NEXT_HEAD, N_("Tab"), N_("next head")},
    {WINDOW_KEY_TAB, S, ACT_PREV_HEAD, N_("Shift+Tab"), N_("previous head")},
    {'1', 0, ACT_HEAD_1, N_("1 … 9"), N_("focus head 1 … 9")},
    {'2', 0, ACT_HEAD_2, NULL, NULL},
    {'3', 0, ACT_HEAD_3, NULL, NULL},
    {'4', 0, ACT_HEAD_4, NULL, NULL},
    {'5', 0, ACT_HEAD_5, NULL, NULL},
    {'6', 0, ACT_HEAD_6, NULL, NULL},
    {'7', 0, ACT_HEAD_7, NULL, NULL},
    {'8', 0, ACT_HEAD_8, NULL, NULL},
    {'9', 0, ACT_HEAD_9, NULL, NULL},
    {WINDOW_KEY_RETURN, 0, ACT_EDIT_INPUT, N_("Enter"), N_("type a new input (Enter again to stop)")},
    {WINDOW_KEY_RETURN, S, ACT_EDIT_TARGET, N_("Shift+Enter"), N_("type a target: teacher forcing and its loss")},
    {'a', C, ACT_SELECT_ALL, N_("Ctrl+A"), N_("typing: select all (what you type then replaces it)")},
    {'u', C, ACT_CLEAR_INPUT, N_("Ctrl+U"), N_("empty the input box (or the target box being typed in)")},
    {'f', 0, ACT_TEACHER, N_("F"), N_("with a target: teacher forcing / inference")},
    {'b', S, ACT_NORM, N_("Shift+B"), N_("LayerNorm vs BatchNorm at this Add & Norm, on a batch")},
    {'s', 0, ACT_NORM_SWAP, N_("S"), N_("LayerNorm vs BatchNorm: swap the batch's last sentence")},
    {'s', S, ACT_NORM_SIZE, N_("Shift+S"), N_("LayerNorm vs BatchNorm: batch of 8 / 4 / 2 / 1")},
    {'t', S, ACT_TRAIN, N_("Shift+T"), N_("train a new model live: choose the task, AT / NAT and the size (again: stop)")},
    {'p', 0, ACT_TRAIN_PAUSE, N_("P"), N_("training: pause / resume")},
    {'r', S, ACT_TRAIN_RESET, N_("Shift+R"), N_("training: start again from a new model")},
    {'s', C, ACT_TRAIN_SAVE, N_("Ctrl+S"), N_("training: save the model shown")},
    {'f', S, ACT_TRAIN_FOLLOW, N_("Shift+F"), N_("training: follow the newest snapshot")},
    {'o', C, ACT_MODELS, N_("Ctrl+O"), N_("choose a model")},
    {'l', 0, ACT_NAT_LENGTH, N_("L"), N_("NAT length: classifier / cut at first <end>")},
    {'r', 0, ACT_SAMPLE, N_("R"), N_("AT: greedy / sampling at random (--temperature, --top-k, --top-p)")},
    {'r', C, ACT_RESEED, N_("Ctrl+R"), N_("sampling: draw again with the next seed")},
    {'w', 0, ACT_BEAM, N_("W"), N_("AT: the beam search tree on / off (↑/↓ step through it)")},
    {'w', S, ACT_BEAM_WIDER, N_("Shift+W"), N_("beam search: wider (up to 8)")},
    {'w', C | S, ACT_BEAM_NARROWER, N_("Ctrl+Shift+W"), N_("beam search: narrower (down to 1)")},
    {'g', 0, ACT_LENS, N_("G"), N_("logit lens: every decoder layer read out (output panel)")},
    {'x', 0, ACT_ABLATE_HEAD, N_("X"), N_("switch the focused head off / on (decodes again)")},
    {'t', 0, ACT_THEME, N_("T"), N_("light / dark theme")},
    {'m', 0, ACT_COLORMAP, N_("M"), N_("next colormap")},
    {'=', C, ACT_TEXT_BIGGER, N_("Ctrl +"), N_("larger text")},
    {'=', C | S, ACT_TEXT_BIGGER, NULL, NULL},
    {'-', C, ACT_TEXT_SMALLER, N_("Ctrl −"), N_("smaller text")},
    {'0', C, ACT_TEXT_RESET, N_("Ctrl 0"), N_("normal text size")},
    {WINDOW_KEY_F11, 0, ACT_FULLSCREEN, N_("F11"), N_("fullscreen")},
    {'k', 0, ACT_CAPTIONS, N_("K"), N_("captions: what this step does, with its numbers (show / hide)")},
    {WINDOW_KEY_F1 + 4, 0, ACT_PRESENT, N_("F5"), N_("presenter mode: one large view for a projector (again: leave)")},
    {WINDOW_KEY_F1 + 4, S, ACT_CONSOLE, N_("Shift+F5"), N_("presenter console: the slides and the clock in a second window (again: close it)")},
    {'b', 0, ACT_BLACK, N_("B"), N_("presenter: black screen (any key: back)"), KEYMAP_PRESENTER},
    {'w', 0, ACT_WHITE, N_("W"), N_("presenter: white screen (any key: back)"), KEYMAP_PRESENTER},
    {'h', 0, ACT_SPOTLIGHT, N_("H"), N_("presenter: spotlight on the pointer, on / off"), KEYMAP_PRESENTER},
    {'e', 0, ACT_EXPORT, N_("E"), N_("export the focused view (PNG + SVG)")},
    {'e', S, ACT_EXPORT_GRID, N_("Shift+E"), N_("export every layer × head of this attention kind")},
    {'e', C, ACT_EXPORT_DATA, N_("Ctrl+E"), N_("export the focused view's numbers (CSV + JSON)")},
    {'g', C, ACT_EXPORT_GIF, N_("Ctrl+G"), N_("export the whole decode as an animated GIF")},
    {'c', 0, ACT_COMPARE, N_("C"), N_("compare AT and NAT side by side")},
    {'d', 0, ACT_DISTILLED, N_("D"), N_("compare: plain / distilled NAT")},
    {'b', 0, ACT_BATCH, N_("B"), N_("compare: run the batch of held-out inputs")},
    {'n', 0, ACT_BATCH_SIZE, N_("N"), N_("compare: batch size 20 / 100 / 500")},
    {'i', 0, ACT_ITERATIONS, N_("I"), N_("NAT: 1 / 2 / 4 / 10 passes (iterative refinement)")},
    {WINDOW_KEY_F1 + 1, 0, ACT_LANGUAGE, N_("F2"), N_("language of the interface and lessons: English / 中文")},
    {'/', S, ACT_HELP, N_("?  F1"), N_("this help")},
    {WINDOW_KEY_F1, 0, ACT_HELP, NULL, NULL},
    {WINDOW_KEY_ESCAPE, 0, ACT_CLOSE, N_("Esc"), N_("close a panel; compare: cancel the running batch")},
    {'q', C, ACT_QUIT, N_("Ctrl+Q"), N_("quit")},
    /* the training chooser (Shift+T) reads the step keys and Enter as its own */
    {0, 0, ACT_NONE, N_("↑ ↓  ← →"), N_("training chooser: pick a row, change its value")},
    {0, 0, ACT_NONE, N_("Enter"), N_("training chooser: start training")},
    /* the mouse (short enough for the help overlay's column) */
    {0, 0, ACT_NONE, N_("mouse"), N_("click blocks, tabs, thumbnails, timeline")},
    {0, 0, ACT_NONE, N_("hover"), N_("a cell's query, key and exact value")},
    {0, 0, ACT_NONE, N_("click token"), N_("what if: pick another token and decode on")},
    {0, 0, ACT_NONE, N_("Ctrl+click head"), N_("switch that head off / on")},
    {0, 0, ACT_CLEAR_TARGET, N_("click ×"), N_("empty the input or the target box")},
};

app_action keymap_lookup_mode(int key, int mods, int presenting) {
    mods &= WINDOW_MOD_SHIFT | WINDOW_MOD_CTRL | WINDOW_MOD_ALT;
    app_action found = ACT_NONE;
    for (size_t i = 0; i < ARRAY_LEN(table); i++) {
        const key_binding *b = &table[i];
        if (!b->key || b->key != key || b->mods != mods) continue;
        if (b->mode == KEYMAP_PRESENTER && presenting) return b->action; /* the presenter's own meaning first */
        if (b->mode == KEYMAP_ALWAYS && found == ACT_NONE) found = b->action;
    }
    return found;
}

const char *keymap_keys(app_action act, int presenting) {
    const char *found = NULL;
    for (size_t i = 0; i < ARRAY_LEN(table); i++) {
        const key_binding *b = &table[i];
        if (b->action != act || !b->keys || !b->key) continue;
        if (b->mode == KEYMAP_PRESENTER && presenting) return b->keys;
        if (b->mode == KEYMAP_ALWAYS && !found) found = b->keys;
    }
    return found;
}

app_action keymap_lookup(int key, int mods) { return keymap_lookup_mode(key, mods, 0); }

const key_binding *keymap_table(int *n) {
    *n = (int)ARRAY_LEN(table);
    return table;
}
