/* keymap.h: the window's key bindings, as data: the main loop looks keys up here, and the help
 * overlay and README list the same table, so what is shown is what works. */
#ifndef S2S_KEYMAP_H
#define S2S_KEYMAP_H

typedef enum app_action {
    ACT_NONE = 0,
    ACT_NEXT_OP, ACT_PREV_OP, ACT_NEXT_SUB, ACT_PREV_SUB, ACT_NEXT_TOKEN, ACT_PREV_TOKEN,
    ACT_START, ACT_END, ACT_PLAY, ACT_SLOWER, ACT_FASTER,
    ACT_NEXT_HEAD, ACT_PREV_HEAD, ACT_SAMPLE, ACT_RESEED, ACT_ABLATE_HEAD, ACT_BEAM, ACT_BEAM_WIDER, ACT_BEAM_NARROWER, ACT_LENS,
    ACT_HEAD_1, ACT_HEAD_2, ACT_HEAD_3, ACT_HEAD_4, ACT_HEAD_5, ACT_HEAD_6, ACT_HEAD_7, ACT_HEAD_8, ACT_HEAD_9,
    ACT_EDIT_INPUT, ACT_EDIT_TARGET, ACT_TEACHER, ACT_NORM, ACT_NORM_SWAP, ACT_NORM_SIZE, ACT_TRAIN, ACT_TRAIN_PAUSE, ACT_TRAIN_RESET, ACT_TRAIN_SAVE, ACT_TRAIN_FOLLOW, ACT_MODELS, ACT_NAT_LENGTH,
    ACT_THEME, ACT_COLORMAP, ACT_TEXT_BIGGER, ACT_TEXT_SMALLER, ACT_TEXT_RESET, ACT_FULLSCREEN,
    ACT_EXPORT, ACT_EXPORT_GRID, ACT_COMPARE, ACT_DISTILLED, ACT_BATCH, ACT_BATCH_SIZE,
    ACT_CAPTIONS, ACT_LANGUAGE, ACT_HELP, ACT_CLOSE, ACT_QUIT,
    ACT_NEXT_SLIDE, ACT_PREV_SLIDE, ACT_LESSONS, ACT_CLOSE_LESSON,
    ACT_ITERATIONS,
    ACT_SELECT_ALL, ACT_CLEAR_INPUT, ACT_CLEAR_TARGET, ACT_EXPORT_DATA, ACT_EXPORT_GIF,
    ACT_PRESENT, ACT_SPOTLIGHT, ACT_BLACK, ACT_WHITE, ACT_CONSOLE,
    ACT_COUNT
} app_action;

/* ACT_HEAD_1 + h focuses head h (0-based), for h < 9. */
#define ACT_HEAD_COUNT 9

/* When a binding applies: always, or only in presenter mode (where it comes before an always-binding
 * of the same key: B and W black and whiten the screen as presentation programs do). */
typedef enum keymap_mode { KEYMAP_ALWAYS = 0, KEYMAP_PRESENTER } keymap_mode;

typedef struct key_binding {
    int key;           /* window.h key code; 0 for the mouse rows, which only the lists show */
    int mods;          /* WINDOW_MOD_* that must be held (exactly) */
    app_action action;
    const char *keys;  /* as shown to the user */
    const char *what;
    keymap_mode mode;  /* KEYMAP_ALWAYS unless written */
} key_binding;

/* The binding of (key, mods) outside presenter mode, or ACT_NONE. */
app_action keymap_lookup(int key, int mods);
/* The binding of (key, mods) in presenter mode (presenting 1) or not. */
app_action keymap_lookup_mode(int key, int mods, int presenting);
/* The keys of act as the lists show them ("PgDn"), in presenter mode (presenting 1) or not; NULL
 * when no key does it. The presenter console's key strip reads them from here. */
const char *keymap_keys(app_action act, int presenting);
/* The table, for the help overlay, `stepformer keys` and the README; *n gets its length. Entries
 * with keys == NULL are aliases that the lists skip; entries with key 0 (the mouse) only list. */
const key_binding *keymap_table(int *n);

#endif
