/* test_vocab.c: vocabularies and tokenizing. A vocabulary of single characters (multi-byte UTF-8
 * included) tokenizes per character, one with any longer symbol splits on spaces; an unknown
 * symbol is an error naming it and its 1-based position; the specials cannot be typed; joining
 * then tokenizing gives the ids back; bad vocabularies are refused. Also the decode engine's
 * length limit on the input and the target. */
#include "test_util.h"

#include "core/decode.h"
#include "core/vocab.h"

static const char *const char_syms[] = {"<pad>", "<begin>", "<end>", "<unk>", "a", "b", "c", "中", "文", "é", " "};
static const char *const word_syms[] = {"<pad>", "<begin>", "<end>", "<unk>", "the", "cat", "sat", "日本語", "a"};
#define N_CHAR_SYMS ((int)(sizeof char_syms / sizeof char_syms[0]))
#define N_WORD_SYMS ((int)(sizeof word_syms / sizeof word_syms[0]))

static void make_vocab(s2s_vocab *v, const char *const *syms, int n) {
    s2s_error err = {{0}};
    if (vocab_init(v, syms, n, &err)) fail_msg("vocab_init: %s", err.msg);
}

/* Tokenizes text and checks the ids are want (n_want of them). */
static void expect_ids(const s2s_vocab *v, const char *text, const int *want, int n_want) {
    int ids[32], n = -1;
    s2s_error err = {{0}};
    if (vocab_tokenize(v, text, ids, 32, &n, &err)) fail_msg("\"%s\": %s", text, err.msg);
    assert_int_equal(n, n_want);
    for (int i = 0; i < n; i++) assert_int_equal(ids[i], want[i]);
}

/* Tokenizing text must fail with a message containing every one of the (NULL-ended) wants. */
static void expect_error(const s2s_vocab *v, const char *text, ...) {
    int ids[32], n = -1;
    s2s_error err = {{0}};
    assert_int_equal(vocab_tokenize(v, text, ids, 32, &n, &err), -1);
    printf("  \"%s\" -> %s\n", text, err.msg);
    va_list ap;
    va_start(ap, text);
    for (const char *want; (want = va_arg(ap, const char *));)
        if (!strstr(err.msg, want)) fail_msg("message \"%s\" does not contain \"%s\"", err.msg, want);
    va_end(ap);
}

static void test_char_vocab(void **state) {
    s2s_vocab v;
    make_vocab(&v, char_syms, N_CHAR_SYMS);
    assert_int_equal(v.by_char, 1); /* 中 is three bytes but one character */
    expect_ids(&v, "abc", (const int[]){4, 5, 6}, 3);
    expect_ids(&v, "中文a", (const int[]){7, 8, 4}, 3);
    expect_ids(&v, "é a", (const int[]){9, 10, 4}, 3); /* a space is an ordinary character here */
    expect_ids(&v, "", NULL, 0);
    /* the position counts characters, not bytes: 中 and 文 are 3 bytes each */
    expect_error(&v, "中文z", "\"z\"", "character 3", "not in the vocabulary", NULL);
    expect_error(&v, "ab日", "\"日\"", "character 3", NULL);
    expect_error(&v, "x", "\"x\"", "character 1", NULL);
    /* a stray continuation byte is one unknown symbol, not a read past the end */
    expect_error(&v, "a\x80", "character 2", NULL);
    expect_error(&v, "ab\xe4\xb8", "character 3", NULL); /* 中 cut short */
    vocab_free(&v);
}

static void test_word_vocab(void **state) {
    s2s_vocab v;
    make_vocab(&v, word_syms, N_WORD_SYMS);
    assert_int_equal(v.by_char, 0);
    expect_ids(&v, "the cat sat", (const int[]){4, 5, 6}, 3);
    expect_ids(&v, "  the   cat  日本語 ", (const int[]){4, 5, 7}, 3);
    expect_ids(&v, "a", (const int[]){8}, 1);
    expect_ids(&v, "   ", NULL, 0);
    expect_error(&v, "the dog sat", "\"dog\"", "word 2", NULL);
    expect_error(&v, "  the  cat   cats", "\"cats\"", "word 3", NULL); /* extra spaces do not count */
    expect_error(&v, "th", "\"th\"", "word 1", NULL);                   /* prefixes are not symbols */
    vocab_free(&v);
}

static void test_specials_cannot_be_typed(void **state) {
    s2s_vocab v;
    make_vocab(&v, word_syms, N_WORD_SYMS);
    expect_error(&v, "the <end>", "\"<end>\"", "word 2", NULL);
    expect_error(&v, "<pad> cat", "\"<pad>\"", "word 1", NULL);
    expect_error(&v, "cat <unk>", "\"<unk>\"", NULL);
    vocab_free(&v);
}

static void test_token_cap(void **state) {
    s2s_vocab v;
    make_vocab(&v, char_syms, N_CHAR_SYMS);
    int ids[4], n = -1;
    s2s_error err = {{0}};
    assert_int_equal(vocab_tokenize(&v, "abcab", ids, 4, &n, &err), -1);
    assert_non_null(strstr(err.msg, "more than 4 tokens"));
    assert_int_equal(n, 5); /* cap + 1: the length, not a symbol, is the problem */
    assert_int_equal(vocab_tokenize(&v, "abxab", ids, 4, &n, &err), -1);
    assert_int_equal(n, 0);
    assert_int_equal(vocab_tokenize(&v, "abca", ids, 4, &n, &err), 0);
    assert_int_equal(n, 4);
    vocab_free(&v);
}

static void test_join_round_trip(void **state) {
    s2s_vocab cv, wv;
    make_vocab(&cv, char_syms, N_CHAR_SYMS);
    make_vocab(&wv, word_syms, N_WORD_SYMS);
    char out[64];
    const int cids[] = {7, 4, 8, 9, 5};
    assert_int_equal(vocab_join(&cv, cids, 5, out, sizeof out), strlen("中a文éb"));
    assert_string_equal(out, "中a文éb");
    const int wids[] = {4, 7, 5, 8};
    assert_int_equal(vocab_join(&wv, wids, 4, out, sizeof out), strlen("the 日本語 cat a"));
    assert_string_equal(out, "the 日本語 cat a");
    /* tokenizing the joined text gives the ids back, in both kinds of vocabulary */
    int ids[16], n;
    s2s_error err = {{0}};
    vocab_join(&cv, cids, 5, out, sizeof out);
    assert_int_equal(vocab_tokenize(&cv, out, ids, 16, &n, &err), 0);
    assert_int_equal(n, 5);
    assert_memory_equal(ids, cids, sizeof cids);
    vocab_join(&wv, wids, 4, out, sizeof out);
    assert_int_equal(vocab_tokenize(&wv, out, ids, 16, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(ids, wids, sizeof wids);
    /* specials print by name; a short buffer is cut but still terminated, and the return value
     * says how much was needed (like snprintf) */
    const int with_end[] = {4, 5, S2S_END};
    assert_int_equal(vocab_join(&wv, with_end, 3, out, sizeof out), strlen("the cat <end>"));
    assert_string_equal(out, "the cat <end>");
    char small[6];
    assert_int_equal(vocab_join(&wv, with_end, 3, small, sizeof small), strlen("the cat <end>"));
    assert_string_equal(small, "the c");
    assert_int_equal(vocab_join(&wv, with_end, 0, out, sizeof out), 0);
    assert_string_equal(out, "");
    vocab_free(&cv);
    vocab_free(&wv);
}

static void test_json_round_trip(void **state) {
    s2s_vocab v, back;
    make_vocab(&v, word_syms, N_WORD_SYMS);
    char *json = vocab_to_json(&v);
    assert_non_null(json);
    s2s_error err = {{0}};
    if (vocab_from_json(&back, json, &err)) fail_msg("%s", err.msg);
    assert_int_equal(back.n, v.n);
    assert_int_equal(back.by_char, v.by_char);
    for (int i = 0; i < v.n; i++) assert_string_equal(back.sym[i], v.sym[i]);
    free(json);
    vocab_free(&back);
    vocab_free(&v);
}

/* vocab_init must refuse syms with a message containing want, leaving v zeroed. */
static void expect_bad_vocab(const char *const *syms, int n, const char *want) {
    s2s_vocab v;
    s2s_error err = {{0}};
    assert_int_equal(vocab_init(&v, syms, n, &err), -1);
    printf("  %s\n", err.msg);
    if (!strstr(err.msg, want)) fail_msg("message \"%s\" does not contain \"%s\"", err.msg, want);
    assert_int_equal(v.n, 0);
    assert_null(v.sym);
}

static void test_bad_vocabularies(void **state) {
    expect_bad_vocab((const char *[]){"<pad>", "<begin>", "<end>", "<unk>", "a", "b", "a"}, 7,
                     "symbol \"a\" appears twice");
    expect_bad_vocab((const char *[]){"<pad>", "<begin>", "<end>", "<unk>", "a", "<end>"}, 6,
                     "symbol \"<end>\" appears twice");
    expect_bad_vocab((const char *[]){"<pad>", "<end>", "<begin>", "<unk>", "a"}, 5, "symbol 1 must be <begin>");
    expect_bad_vocab((const char *[]){"<pad>", "<begin>", "<end>", "<unk>"}, 4, "no symbols besides the four specials");
    expect_bad_vocab((const char *[]){"<pad>", "<begin>", "<end>", "<unk>", "a", ""}, 6, "symbol 5 is empty");
    expect_bad_vocab((const char *[]){"<pad>", "<begin>", "<end>", "<unk>", "ab", "c d"}, 6,
                     "word symbol \"c d\" contains a space");
    s2s_vocab v;
    s2s_error err = {{0}};
    assert_int_equal(vocab_from_json(&v, "[\"<pad>\", \"<begin>\", \"<end>\", \"<unk>\", 3]", &err), -1);
    assert_non_null(strstr(err.msg, "entry 4 is not a string"));
    assert_int_equal(vocab_from_json(&v, "{\"a\": 1}", &err), -1);
    assert_non_null(strstr(err.msg, "not a JSON list of strings"));
}

/* The decode engine refuses an input or target longer than the model's max_len, saying the limit. */
static void test_input_length_limit(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    assert_int_equal(m.cfg.max_len, 10);
    int ids[S2S_MAX_LEN], n = -1;
    assert_int_equal(decode_tokenize_source(&m, "abcdefabcd", ids, &n, &err), 0);
    assert_int_equal(n, 10);
    assert_int_equal(decode_tokenize_source(&m, "abcdefabcde", ids, &n, &err), -1);
    printf("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "input: 11 tokens is longer than this model's limit of 10"));
    /* far beyond even the tokenizer's scratch space: still the limit, never an overflow */
    char long_text[4 * S2S_MAX_LEN + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_int_equal(decode_tokenize_source(&m, long_text, ids, &n, &err), -1);
    printf("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "input: more than 2048 tokens is longer than this model's limit of 10"));
    assert_int_equal(decode_tokenize_target(&m, "abcdefghabc", ids, &n, &err), -1);
    assert_non_null(strstr(err.msg, "target: 11 tokens is longer than this model's limit of 10"));
    assert_int_equal(decode_tokenize_source(&m, "", ids, &n, &err), -1);
    assert_non_null(strstr(err.msg, "input: it is empty"));
    assert_int_equal(decode_tokenize_source(&m, "abz", ids, &n, &err), -1);
    assert_non_null(strstr(err.msg, "input: \"z\" (character 3) is not in the vocabulary"));
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_char_vocab),
        cmocka_unit_test(test_word_vocab),
        cmocka_unit_test(test_specials_cannot_be_typed),
        cmocka_unit_test(test_token_cap),
        cmocka_unit_test(test_join_round_trip),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_bad_vocabularies),
        cmocka_unit_test(test_input_length_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
