/* i18n.c: see i18n.h. The lookup is glibc's gettext (libintl is part of glibc) over the catalogues
 * msgfmt compiled; this file only chooses the language and makes gettext able to use it.
 *
 * Why not just setlocale(LC_ALL, "") and gettext(): glibc translates nothing while LC_MESSAGES is
 * the "C" locale (it then ignores LANGUAGE too), and a fresh Debian machine or a CI container has no
 * LANG and no zh_CN locale generated, so the Chinese interface would silently stay English. So:
 * LC_MESSAGES becomes the user's locale when it exists, else C.UTF-8 (in every Debian libc-bin),
 * which is not "C", so gettext honours LANGUAGE; and the language is chosen by setting LANGUAGE,
 * which also lets the window switch it live. Only LC_MESSAGES changes: numbers keep printing with a
 * decimal point, whatever the locale. docs/i18n.md tells the same for a translator. */
#define _POSIX_C_SOURCE 200809L
#include "core/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"

#define I18N_DOMAIN "stepformer"

typedef struct lang_info {
    const char *code;     /* what --lang takes */
    const char *catalogue; /* the po/ file's name and the LANGUAGE value; NULL: the msgids */
    const char *native;   /* the language's name in itself */
} lang_info;

static const lang_info langs[I18N_COUNT] = {
    [I18N_EN] = {"en", NULL, "English"},
    [I18N_ZH] = {"zh", "zh_CN", "中文"},
};

/* The process's language, like its locale, is one per process: the only mutable state here. The
 * window's threads (decoding, loading) never draw, so the main thread alone reads and writes it;
 * the mark cache has a lock anyway, since a failing thread's message may be translated. */
static i18n_lang current = I18N_EN;
static int marking, locale_ready;

const char *i18n_code(i18n_lang lang) { return lang < I18N_COUNT ? langs[lang].code : "?"; }
const char *i18n_native_name(i18n_lang lang) { return lang < I18N_COUNT ? langs[lang].native : "?"; }
i18n_lang i18n_current(void) { return current; }

int i18n_parse(const char *name, i18n_lang *out) {
    if (!name) return -1;
    for (int i = 0; i < I18N_COUNT; i++) {
        size_t n = strlen(langs[i].code);
        /* "zh", "zh_CN", "zh_CN.UTF-8", "zh-Hans": the code, then the end or a separator */
        if (strncmp(name, langs[i].code, n) == 0 && strchr("_-.@", name[n]) != NULL) {
            *out = (i18n_lang)i;
            return 0;
        }
    }
    return -1;
}

i18n_lang i18n_from_env(void) {
    const char *language = getenv("LANGUAGE");
    if (language && *language) { /* "fr:zh_CN:en": the first entry we have a catalogue for */
        char buf[256];
        strncpy(buf, language, sizeof buf - 1);
        buf[sizeof buf - 1] = '\0';
        char *save = NULL;
        for (char *tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
            i18n_lang l;
            if (i18n_parse(tok, &l) == 0) return l;
        }
    }
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            i18n_lang l;
            return i18n_parse(v, &l) == 0 ? l : I18N_EN;
        }
    }
    return I18N_EN;
}

/* LC_MESSAGES set to a locale that is not "C" (see the top of the file), and the catalogues bound. */
static int prepare_locale(s2s_error *err) {
    if (locale_ready) return 0;
    const char *loc = setlocale(LC_MESSAGES, "");
    if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0) loc = setlocale(LC_MESSAGES, "C.UTF-8");
    if (!loc)
        return s2s_fail(err, "no usable locale for translations: neither the environment's nor C.UTF-8 exists "
                             "(Debian's libc-bin provides C.UTF-8)");
    if (!bindtextdomain(I18N_DOMAIN, paths_locale_dir()) || !bind_textdomain_codeset(I18N_DOMAIN, "UTF-8"))
        return s2s_fail(err, "cannot bind the translation catalogues (out of memory)");
    locale_ready = 1;
    return 0;
}

int i18n_set(i18n_lang lang, s2s_error *err) {
    if (lang >= I18N_COUNT) return s2s_fail(err, "unknown interface language %d", (int)lang);
    if (!langs[lang].catalogue) {
        current = lang;
        return 0;
    }
    if (prepare_locale(err)) return -1;
    char previous[256] = "";
    const char *old = getenv("LANGUAGE");
    if (old) snprintf(previous, sizeof previous, "%s", old);
    setenv("LANGUAGE", langs[lang].catalogue, 1);
    textdomain(textdomain(NULL)); /* drops gettext's cache of translations in the old language */
    /* the empty msgid gives the catalogue's header: empty when no catalogue was found */
    const char *header_msgid = ""; /* a variable, so that xgettext does not take it for a string to translate */
    const char *header = dgettext(I18N_DOMAIN, header_msgid);
    if (!header || !*header) {
        if (previous[0]) setenv("LANGUAGE", previous, 1);
        else unsetenv("LANGUAGE");
        textdomain(textdomain(NULL));
        return s2s_fail(err, "no %s catalogue: %s/%s/LC_MESSAGES/%s.mo is missing (make build compiles po/%s.po)",
                        langs[lang].native, paths_locale_dir(), langs[lang].catalogue, I18N_DOMAIN,
                        langs[lang].catalogue);
    }
    current = lang;
    return 0;
}

int i18n_init(const char *name, s2s_error *err) {
    const char *mark = getenv("STEPFORMER_I18N_MARK");
    marking = mark && strcmp(mark, "1") == 0;
    i18n_lang lang = I18N_EN;
    if (name && *name) {
        if (i18n_parse(name, &lang)) return s2s_fail(err, "unknown language \"%s\" (en or zh)", name);
    } else {
        lang = i18n_from_env();
    }
    return i18n_set(lang, err);
}

/* ---- the test hook: marked copies, made once per (language, msgid) and kept ------------------- */

typedef struct marked {
    struct marked *next;
    i18n_lang lang;
    char *msgid; /* a copy: a caller may translate a string from a buffer it later reuses */
    char *text;  /* I18N_MARK_OPEN translation I18N_MARK_CLOSE */
} marked;

static pthread_mutex_t mark_lock = PTHREAD_MUTEX_INITIALIZER;
static marked *mark_list;

static const char *mark(const char *key, const char *translation) {
    pthread_mutex_lock(&mark_lock);
    marked *m = mark_list;
    while (m && !(m->lang == current && strcmp(m->msgid, key) == 0)) m = m->next;
    if (!m && (m = calloc(1, sizeof *m)) != NULL) {
        size_t n = strlen(translation);
        m->lang = current;
        m->msgid = strdup(key);
        m->text = malloc(n + 3);
        if (!m->msgid || !m->text) {
            free(m->msgid);
            free(m->text);
            free(m);
            m = NULL;
        } else {
            m->text[0] = I18N_MARK_OPEN[0];
            memcpy(m->text + 1, translation, n);
            m->text[n + 1] = I18N_MARK_CLOSE[0];
            m->text[n + 2] = '\0';
            m->next = mark_list;
            mark_list = m;
        }
    }
    pthread_mutex_unlock(&mark_lock);
    return m ? m->text : translation; /* out of memory: unmarked, and the test will say so */
}

const char *i18n_tr(const char *msgid) {
    if (!msgid || !*msgid) return msgid; /* gettext("") would be the catalogue's header */
    const char *t = langs[current].catalogue ? dgettext(I18N_DOMAIN, msgid) : msgid;
    return marking ? mark(msgid, t) : t;
}

const char *i18n_trn(const char *singular, const char *plural, unsigned long n) {
    const char *t = langs[current].catalogue ? dngettext(I18N_DOMAIN, singular, plural, n) : n == 1 ? singular : plural;
    return marking ? mark(t, t) : t;
}
