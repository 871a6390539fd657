/* fuzz_tokenizer.c: libFuzzer target for the vocabularies and the tokenizer (core/vocab.c).
 *
 * Input: VOCAB_JSON NUL TEXT, or TEXT alone (no NUL byte). With a vocabulary part, it is parsed as
 * a model file's src_vocab would be (vocab_from_json) and the text is tokenized against it; with
 * none, the text goes through two fixed vocabularies like the shipped models' (characters with
 * CJK and accented letters; words). For every vocabulary and text the fuzzer checks:
 *   - vocab_to_json then vocab_from_json gives the same symbols;
 *   - a refused text leaves one message; a text over the cap reports cap + 1, as vocab.h promises;
 *   - a tokenized text, joined back (vocab_join, also into a buffer too small), tokenizes again to
 *     the same ids: the window shows joined text and its input box re-tokenizes it. Only for
 *     vocabularies of valid UTF-8 symbols: a symbol that is a lone lead byte (a file may hold one)
 *     joins with the next symbol into another character, a known limit of such files. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/vocab.h"

#define REQUIRE(cond) \
    do {              \
        if (!(cond)) __builtin_trap(); \
    } while (0)

static const char *const char_syms[] = {"<pad>", "<begin>", "<end>", "<unk>", "a", "b", "c", "z", "0", "9", "-",
                                        "é", "一", "二", "十", "百", "𝄞"};
static const char *const word_syms[] = {"<pad>", "<begin>", "<end>", "<unk>", "one", "two", "hundred", "and",
                                        "-", "nov", "2026", "十"};

/* 1 when s is well-formed UTF-8 (no lone or stray bytes, no overlong or surrogate forms). */
static int valid_utf8(const char *s) {
    for (int n; *s; s += n)
        if (!(n = utf8_valid_len(s))) return 0;
    return 1;
}

static void check_json_round_trip(const s2s_vocab *v) {
    char *json = vocab_to_json(v);
    REQUIRE(json);
    s2s_vocab back;
    s2s_error err;
    REQUIRE(vocab_from_json(&back, json, &err) == 0);
    REQUIRE(back.n == v->n && back.by_char == v->by_char);
    for (int i = 0; i < v->n; i++) REQUIRE(strcmp(back.sym[i], v->sym[i]) == 0);
    vocab_free(&back);
    free(json);
}

static void check_text(const s2s_vocab *v, const char *text, int round_trip) {
    enum { CAP = 64 };
    int ids[CAP], n = -1;
    s2s_error err = {{0}};
    if (vocab_tokenize(v, text, ids, CAP, &n, &err) != 0) {
        REQUIRE(err.msg[0]);
        REQUIRE(n == 0 || n == CAP + 1);
        return;
    }
    REQUIRE(n >= 0 && n <= CAP);
    for (int i = 0; i < n; i++) REQUIRE(ids[i] >= S2S_N_SPECIAL && ids[i] < v->n);
    size_t need = vocab_join(v, ids, n, NULL, 0);
    char *joined = malloc(need + 1);
    REQUIRE(joined);
    REQUIRE(vocab_join(v, ids, n, joined, need + 1) == need && strlen(joined) == need);
    char small[5]; /* too small: cut, still terminated */
    REQUIRE(vocab_join(v, ids, n, small, sizeof small) == need && strlen(small) < sizeof small);
    if (round_trip) {
        int again[CAP], m = -1;
        REQUIRE(vocab_tokenize(v, joined, again, CAP, &m, &err) == 0);
        REQUIRE(m == n && memcmp(again, ids, sizeof(int) * (size_t)n) == 0);
    }
    free(joined);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *buf = malloc(size + 1); /* NUL-terminated copy: both parts are C strings */
    REQUIRE(buf);
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *nul = memchr(buf, '\0', size);
    s2s_error err;
    if (nul) {
        s2s_vocab v;
        if (vocab_from_json(&v, buf, &err) == 0) {
            int utf8 = 1;
            for (int i = 0; i < v.n && utf8; i++) utf8 = valid_utf8(v.sym[i]);
            check_json_round_trip(&v);
            check_text(&v, nul + 1, utf8);
            vocab_free(&v);
        } else {
            REQUIRE(err.msg[0]);
        }
    } else {
        static s2s_vocab fixed[2];
        if (!fixed[0].n) {
            REQUIRE(vocab_init(&fixed[0], char_syms, (int)(sizeof char_syms / sizeof *char_syms), &err) == 0);
            REQUIRE(vocab_init(&fixed[1], word_syms, (int)(sizeof word_syms / sizeof *word_syms), &err) == 0);
            REQUIRE(fixed[0].by_char && !fixed[1].by_char);
        }
        for (int k = 0; k < 2; k++) check_text(&fixed[k], buf, 1);
    }
    free(buf);
    return 0;
}
