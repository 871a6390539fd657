/* keys.h: the key and modifier codes of window events. No SDL here, so the app's key map (and its
 * tests) can name keys without the window. */
#ifndef S2S_KEYS_H
#define S2S_KEYS_H

/* Keys: printable keys are their (unshifted, lower-case) ASCII code, and so are Return, Escape,
 * Backspace, Tab and Delete (named below); others have codes above Unicode's range, from
 * WINDOW_KEY_NON_TEXT up. */
enum {
    WINDOW_KEY_BACKSPACE = 8, WINDOW_KEY_TAB = '\t', WINDOW_KEY_RETURN = '\r', WINDOW_KEY_ESCAPE = 27,
    WINDOW_KEY_DELETE = 127,
    WINDOW_KEY_NON_TEXT = 0x110000, /* keys from here up never arrive as typed text */
    WINDOW_KEY_LEFT = WINDOW_KEY_NON_TEXT, WINDOW_KEY_RIGHT, WINDOW_KEY_UP, WINDOW_KEY_DOWN,
    WINDOW_KEY_HOME, WINDOW_KEY_END, WINDOW_KEY_PAGE_UP, WINDOW_KEY_PAGE_DOWN,
    WINDOW_KEY_F1, /* F1..F12 are consecutive */
    WINDOW_KEY_F11 = WINDOW_KEY_F1 + 10,
    WINDOW_KEY_UNKNOWN = 0x120000
};
enum { WINDOW_MOD_SHIFT = 1, WINDOW_MOD_CTRL = 2, WINDOW_MOD_ALT = 4, WINDOW_MOD_SUPER = 8 };

#endif
