/* keymap.c: the bindings table. */
#include "app/keymap.h"
#include "core/util.h"

#include <stddef.h>

#include "platform/keys.h"

#define S WINDOW_MOD_SHIFT
#define C WINDOW_MOD_CTRL

static const key_binding table[] = {
    {WINDOW_KEY_RIGHT, 0, ACT_NEXT_OP, "→", "next operation"},
    {WINDOW_KEY_LEFT, 0, ACT_PREV_OP, "←", "previous operation"},
    {WINDOW_KEY_RIGHT, S, ACT_NEXT_SUB, "Shift+→", "next sublayer"},
    {WINDOW_KEY_LEFT, S, ACT_PREV_SUB, "Shift+←", "previous sublayer"},
    {WINDOW_KEY_DOWN, 0, ACT_NEXT_TOKEN, "↓", "next decoded token (AT) / position (NAT)"},
    {WINDOW_KEY_UP, 0, ACT_PREV_TOKEN, "↑", "previous token / position"},
    {WINDOW_KEY_PAGE_DOWN, 0, ACT_NEXT_SLIDE, "PgDn", "lesson: next slide (no lesson open: next token)"},
    {WINDOW_KEY_PAGE_UP, 0, ACT_PREV_SLIDE, "PgUp", "lesson: previous slide (no lesson open: previous token)"},
    {'l', C, ACT_LESSONS, "Ctrl+L", "choose a lesson"},
    {'w', C, ACT_CLOSE_LESSON, "Ctrl+W", "close the lesson"},
    {WINDOW_KEY_HOME, 0, ACT_START, "Home", "start"},
    {WINDOW_KEY_END, 0, ACT_END, "End", "end"},
    {' ', 0, ACT_PLAY, "Space", "play / pause"},
    {'[', 0, ACT_SLOWER, "[", "play slower"},
    {']', 0, ACT_FASTER, "]", "play faster"},
    {WINDOW_KEY_TAB, 0, ACT_NEXT_HEAD, "Tab", "next head"},
    {WINDOW_KEY_TAB, S, ACT_PREV_HEAD, "Shift+Tab", "previous head"},
    {'1', 0, ACT_HEAD_1, "1 … 9", "focus head 1 … 9"},
    {'2', 0, ACT_HEAD_2, NULL, NULL},
    {'3', 0, ACT_HEAD_3, NULL, NULL},
    {'4', 0, ACT_HEAD_4, NULL, NULL},
    {'5', 0, ACT_HEAD_5, NULL, NULL},
    {'6', 0, ACT_HEAD_6, NULL, NULL},
    {'7', 0, ACT_HEAD_7, NULL, NULL},
    {'8', 0, ACT_HEAD_8, NULL, NULL},
    {'9', 0, ACT_HEAD_9, NULL, NULL},
    {WINDOW_KEY_RETURN, 0, ACT_EDIT_INPUT, "Enter", "type a new input (Enter again to stop)"},
    {'o', C, ACT_MODELS, "Ctrl+O", "choose a model"},
    {'l', 0, ACT_NAT_LENGTH, "L", "NAT length: classifier / cut at first <end>"},
    {'s', 0, ACT_SAMPLE, "S", "AT: greedy / sampling (--temperature, --top-k, --top-p)"},
    {'s', S, ACT_RESEED, "Shift+S", "sampling: draw again with the next seed"},
    {'w', 0, ACT_BEAM, "W", "AT: the beam search tree on / off (↑/↓ step through it)"},
    {'w', S, ACT_BEAM_WIDTH, "Shift+W", "beam width 1 … 8"},
    {'g', 0, ACT_LENS, "G", "logit lens: every decoder layer read out (output panel)"},
    {'x', 0, ACT_ABLATE_HEAD, "X", "switch the focused head off / on (decodes again)"},
    {'t', 0, ACT_THEME, "T", "light / dark theme"},
    {'m', 0, ACT_COLORMAP, "M", "next colormap"},
    {'=', C, ACT_TEXT_BIGGER, "Ctrl +", "larger text"},
    {'=', C | S, ACT_TEXT_BIGGER, NULL, NULL},
    {'-', C, ACT_TEXT_SMALLER, "Ctrl −", "smaller text"},
    {'0', C, ACT_TEXT_RESET, "Ctrl 0", "normal text size"},
    {WINDOW_KEY_F11, 0, ACT_FULLSCREEN, "F11", "fullscreen"},
    {'e', 0, ACT_EXPORT, "E", "export the focused view (PNG + SVG)"},
    {'e', S, ACT_EXPORT_GRID, "Shift+E", "export every layer × head"},
    {'c', 0, ACT_COMPARE, "C", "compare AT and NAT side by side"},
    {'d', 0, ACT_DISTILLED, "D", "compare: plain / distilled NAT"},
    {'b', 0, ACT_BATCH, "B", "compare: run the batch of held-out inputs"},
    {'n', 0, ACT_BATCH_SIZE, "N", "compare: batch size 20 / 100 / 500"},
    {'/', S, ACT_HELP, "?  F1", "this help"},
    {WINDOW_KEY_F1, 0, ACT_HELP, NULL, NULL},
    {WINDOW_KEY_ESCAPE, 0, ACT_CLOSE, "Esc", "close a panel"},
    {'q', C, ACT_QUIT, "Ctrl+Q", "quit"},
    /* the mouse (short enough for the help overlay's column) */
    {0, 0, ACT_NONE, "mouse", "click blocks, tabs, thumbnails, timeline"},
    {0, 0, ACT_NONE, "hover", "a cell's query, key and exact value"},
    {0, 0, ACT_NONE, "click token", "what if: pick another token and decode on"},
    {0, 0, ACT_NONE, "Ctrl+click head", "switch that head off / on"},
};

app_action keymap_lookup(int key, int mods) {
    mods &= WINDOW_MOD_SHIFT | WINDOW_MOD_CTRL | WINDOW_MOD_ALT;
    for (size_t i = 0; i < ARRAY_LEN(table); i++)
        if (table[i].key && table[i].key == key && table[i].mods == mods) return table[i].action;
    return ACT_NONE;
}

const key_binding *keymap_table(int *n) {
    *n = (int)ARRAY_LEN(table);
    return table;
}
