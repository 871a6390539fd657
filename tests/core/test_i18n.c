/* test_i18n.c: choosing the interface language (core/i18n.c): --lang spellings, the environment's
 * precedence (LANGUAGE's list, then LC_ALL, LC_MESSAGES, LANG), English returning the msgids
 * themselves, the test marks, and a Chinese catalogue that cannot be found being an error that
 * names it while the language stays English. (The Chinese catalogue itself is exercised by the
 * window's tests: tests/app/test_i18n_*.sh.) */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include "core/i18n.h"

static void test_parse(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int ok;
        i18n_lang lang;
    } cases[] = {
        {"en", 1, I18N_EN},          {"zh", 1, I18N_ZH},       {"zh_CN", 1, I18N_ZH},
        {"zh_CN.UTF-8", 1, I18N_ZH}, {"zh-Hans", 1, I18N_ZH},  {"zh_TW.UTF-8@x", 1, I18N_ZH},
        {"en_US.UTF-8", 1, I18N_EN}, {"fr", 0, I18N_EN},       {"english", 0, I18N_EN},
        {"zhx", 0, I18N_EN},         {"", 0, I18N_EN},         {"C.UTF-8", 0, I18N_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        i18n_lang l = I18N_COUNT;
        int rc = i18n_parse(cases[i].name, &l);
        if ((rc == 0) != cases[i].ok) fail_msg("\"%s\": parse returned %d", cases[i].name, rc);
        if (rc == 0 && l != cases[i].lang) fail_msg("\"%s\": language %d", cases[i].name, (int)l);
    }
    assert_string_equal(i18n_code(I18N_ZH), "zh");
    assert_string_equal(i18n_native_name(I18N_ZH), "中文");
}

/* Sets the four variables (NULL = unset) and returns what the environment asks for. */
static i18n_lang env_lang(const char *language, const char *lc_all, const char *lc_messages, const char *lang) {
    const char *names[4] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}, *values[4] = {language, lc_all, lc_messages, lang};
    for (int i = 0; i < 4; i++) {
        if (values[i]) setenv(names[i], values[i], 1);
        else unsetenv(names[i]);
    }
    return i18n_from_env();
}

static void test_from_env(void **state) {
    (void)state;
    assert_int_equal(env_lang(NULL, NULL, NULL, NULL), I18N_EN);             /* a fresh machine */
    assert_int_equal(env_lang(NULL, NULL, NULL, "zh_CN.UTF-8"), I18N_ZH);
    assert_int_equal(env_lang(NULL, NULL, NULL, "C.UTF-8"), I18N_EN);
    assert_int_equal(env_lang(NULL, NULL, "zh_CN.UTF-8", "en_US.UTF-8"), I18N_ZH); /* LC_MESSAGES before LANG */
    assert_int_equal(env_lang(NULL, "en_US.UTF-8", "zh_CN.UTF-8", NULL), I18N_EN); /* LC_ALL before both */
    assert_int_equal(env_lang("zh_CN:en", "C", NULL, "C"), I18N_ZH);          /* LANGUAGE first, even under C */
    assert_int_equal(env_lang("fr:de:zh_TW", NULL, NULL, NULL), I18N_ZH);     /* its first entry we have */
    assert_int_equal(env_lang("fr:de", NULL, NULL, "zh_CN.UTF-8"), I18N_ZH);  /* none we have: the locale */
    assert_int_equal(env_lang("", NULL, NULL, "zh_CN.UTF-8"), I18N_ZH);       /* empty counts as unset */
    assert_int_equal(env_lang(NULL, "", "", "zh_CN.UTF-8"), I18N_ZH);
}

static void test_english_and_marks(void **state) {
    (void)state;
    s2s_error err = {{0}};
    /* before any init (the command line): the msgid itself, the same pointer */
    const char *msg = "softmax weights";
    assert_ptr_equal(_(msg), msg);
    assert_string_equal(P_("%d pass", "%d passes", 1), "%d pass");
    assert_string_equal(P_("%d pass", "%d passes", 3), "%d passes");
    assert_int_equal(i18n_init("en", &err), 0);
    assert_int_equal(i18n_current(), I18N_EN);
    assert_ptr_equal(_(msg), msg);
    assert_string_equal(_(""), "");  /* never the catalogue's header */
    assert_int_not_equal(i18n_init("fr", &err), 0);
    assert_non_null(strstr(err.msg, "unknown language \"fr\" (en or zh)"));
    /* the test hook: marked, one copy per string, kept */
    setenv("STEPFORMER_I18N_MARK", "1", 1);
    assert_int_equal(i18n_init("en", &err), 0);
    const char *m1 = _(msg), *m2 = _("softmax weights");
    assert_string_equal(m1, I18N_MARK_OPEN "softmax weights" I18N_MARK_CLOSE);
    assert_ptr_equal(m1, m2);
    assert_string_equal(P_("%d pass", "%d passes", 2), I18N_MARK_OPEN "%d passes" I18N_MARK_CLOSE);
    unsetenv("STEPFORMER_I18N_MARK");
    assert_int_equal(i18n_init("en", &err), 0);
    assert_ptr_equal(_(msg), msg);
}

static void test_missing_catalogue(void **state) {
    (void)state;
    s2s_error err = {{0}};
    setenv("STEPFORMER_LOCALE", "/nonexistent/locale", 1);
    setenv("LANGUAGE", "en", 1);
    assert_int_equal(i18n_init("en", &err), 0);
    assert_int_not_equal(i18n_set(I18N_ZH, &err), 0);
    assert_non_null(strstr(err.msg, "no 中文 catalogue: /nonexistent/locale/zh_CN/LC_MESSAGES/stepformer.mo is missing"));
    assert_int_equal(i18n_current(), I18N_EN); /* unchanged */
    assert_string_equal(getenv("LANGUAGE"), "en"); /* put back */
    assert_string_equal(_("softmax weights"), "softmax weights");
    unsetenv("STEPFORMER_LOCALE");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_from_env),
        cmocka_unit_test(test_english_and_marks),
        cmocka_unit_test(test_missing_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
