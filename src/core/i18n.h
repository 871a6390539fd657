/* i18n.h: the interface's language. Every string the window draws goes through _() (or P_() when
 * it has a count); the translations are GNU gettext catalogues (po/LANG.po, compiled by msgfmt at build
 * time, found through paths_locale_dir). Data (tokens, numbers, model symbols) is never translated.
 *
 *   draw_text(dl, _("source"), ...);                          a string used where it is written
 *   static const char *names[] = {N_("query"), N_("key")};    marked in a table, translated at display
 *   snprintf(s, n, P_("%d pass", "%d passes", k), k);         a count
 *
 * Until i18n_init runs (every command but the window and `screenshot`), _() returns its argument:
 * the command line stays English. docs/i18n.md says how to add or change a translation. */
#ifndef S2S_I18N_H
#define S2S_I18N_H

#include "core/error.h"

typedef enum i18n_lang {
    I18N_EN, /* the msgids themselves */
    I18N_ZH, /* po/zh_CN.po */
    I18N_COUNT
} i18n_lang;

#define _(msgid) i18n_tr(msgid)
#define N_(msgid) (msgid)
#define P_(singular, plural, n) i18n_trn(singular, plural, n)

/* The translation of msgid in the current language (msgid itself when there is none). The pointer
 * stays valid until the program ends. */
const char *i18n_tr(const char *msgid) __attribute__((format_arg(1)));
/* The translation for count n: singular or plural by the language's rule. */
const char *i18n_trn(const char *singular, const char *plural, unsigned long n) __attribute__((format_arg(1)))
    __attribute__((format_arg(2)));

/* Sets the language: name ("en", "zh", also locale spellings such as "zh_CN.UTF-8") or, when name is
 * NULL or empty, the one the environment asks for (i18n_from_env). Returns 0, or -1 with err set
 * (an unknown name; a Chinese catalogue that cannot be found or used: the language stays English). */
int i18n_init(const char *name, s2s_error *err);
/* Switches the language live; the next frame draws in it. Returns 0, or -1 with err set (the
 * language is unchanged). */
int i18n_set(i18n_lang lang, s2s_error *err);
i18n_lang i18n_current(void);
/* "en" / "zh" and "en_US.UTF-8" / "zh_CN" / "zh_TW"...: 0 and *out set, or -1 when unknown. */
int i18n_parse(const char *name, i18n_lang *out);
/* The language the environment asks for: the first of LANGUAGE (a colon list: its first entry we
 * have), LC_ALL, LC_MESSAGES, LANG that is set; English when none names Chinese. */
i18n_lang i18n_from_env(void);
/* The language's code ("en", "zh") and its name in itself ("English", "中文"). */
const char *i18n_code(i18n_lang lang);
const char *i18n_native_name(i18n_lang lang);

/* The test hook. With STEPFORMER_I18N_MARK=1 in the environment when i18n_init runs, every string
 * _() and P_() return is wrapped in I18N_MARK_OPEN ... I18N_MARK_CLOSE, so a test reading what was
 * drawn can tell a string that came through the catalogue from one that did not. */
#define I18N_MARK_OPEN "\x01"
#define I18N_MARK_CLOSE "\x02"

#endif
