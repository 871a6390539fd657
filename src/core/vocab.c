/* vocab.c: vocabularies and tokenizing, see vocab.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/vocab.h"
#include "core/i18n.h"

#include "core/quote.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *const specials[S2S_N_SPECIAL] = {"<pad>", "<begin>", "<end>", "<unk>"};

int vocab_init(s2s_vocab *v, const char *const *syms, int n, s2s_error *err) {
    memset(v, 0, sizeof *v);
    if (n <= S2S_N_SPECIAL) return s2s_fail(err, "the vocabulary has no symbols besides the four specials");
    for (int i = 0; i < S2S_N_SPECIAL; i++)
        if (!syms[i] || strcmp(syms[i], specials[i]) != 0)
            return s2s_fail(err, "symbol %d must be %s", i, specials[i]);
    v->sym = calloc((size_t)n, sizeof(char *));
    if (!v->sym) return s2s_fail(err, "out of memory");
    v->by_char = 1;
    for (int i = 0; i < n; i++) {
        if (!syms[i] || !syms[i][0]) {
            vocab_free(v);
            return s2s_fail(err, "symbol %d is empty", i);
        }
        if (i >= S2S_N_SPECIAL && utf8_valid_len(syms[i]) != (int)strlen(syms[i])) v->by_char = 0;
        v->sym[i] = strdup(syms[i]);
        v->n = i + 1;
        if (!v->sym[i]) {
            vocab_free(v);
            return s2s_fail(err, "out of memory");
        }
        for (int j = 0; j < i; j++)
            if (strcmp(v->sym[j], syms[i]) == 0) {
                vocab_free(v);
                return s2s_fail(err, "symbol %s appears twice", quote_text(syms[i]).s);
            }
    }
    if (!v->by_char)
        for (int i = S2S_N_SPECIAL; i < n; i++)
            if (strchr(v->sym[i], ' ')) {
                s2s_fail(err, "word symbol %s contains a space", quote_text(v->sym[i]).s); /* before the free */
                vocab_free(v);
                return -1;
            }
    return 0;
}

int vocab_from_json(s2s_vocab *v, const char *json, s2s_error *err) {
    memset(v, 0, sizeof *v);
    cJSON *arr = cJSON_Parse(json);
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return s2s_fail(err, "not a JSON list of strings");
    }
    int n = cJSON_GetArraySize(arr);
    if (n > 65536) {
        cJSON_Delete(arr);
        return s2s_fail(err, "%d symbols is too many", n);
    }
    const char **syms = calloc((size_t)n + 1, sizeof(char *));
    if (!syms) {
        cJSON_Delete(arr);
        return s2s_fail(err, "out of memory");
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        cJSON *it = cJSON_GetArrayItem(arr, i);
        if (!cJSON_IsString(it)) rc = s2s_fail(err, "entry %d is not a string", i);
        else syms[i] = it->valuestring;
    }
    if (rc == 0) rc = vocab_init(v, syms, n, err);
    free(syms);
    cJSON_Delete(arr);
    return rc;
}

char *vocab_to_json(const s2s_vocab *v) {
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < v->n; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(v->sym[i]));
    char *s = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    return s;
}

void vocab_free(s2s_vocab *v) {
    if (!v) return;
    for (int i = 0; i < v->n; i++) free(v->sym[i]);
    free(v->sym);
    memset(v, 0, sizeof *v);
}

int vocab_find(const s2s_vocab *v, const char *s, size_t len) {
    for (int i = 0; i < v->n; i++)
        if (strlen(v->sym[i]) == len && memcmp(v->sym[i], s, len) == 0) return i;
    return -1;
}

int vocab_tokenize(const s2s_vocab *v, const char *text, int *ids, int cap, int *n_out, s2s_error *err) {
    int n = 0, pos = 0;
    const char *p = text;
    *n_out = 0;
    while (*p) {
        size_t len;
        if (v->by_char) {
            len = (size_t)utf8_valid_len(p);
            if (len == 0) len = 1; /* a byte that starts no character stands alone, and is refused below */
        } else {
            if (*p == ' ') {
                p++;
                continue;
            }
            len = strcspn(p, " ");
        }
        pos++;
        int id = vocab_find(v, p, len);
        if (id < S2S_N_SPECIAL) /* specials cannot be typed: <end> in the input is not a symbol */
            return s2s_fail(err, _("%s (%s %d) is not in the vocabulary"), quote_bytes(p, len).s,
                            v->by_char ? _("character") : _("word"), pos);
        if (n >= cap) {
            *n_out = cap + 1; /* tells the caller this failure is the length, not a symbol */
            return s2s_fail(err, _("the input has more than %d tokens"), cap);
        }
        ids[n++] = id;
        p += len;
    }
    *n_out = n;
    return 0;
}

size_t vocab_join(const s2s_vocab *v, const int *ids, int n, char *out, size_t cap) {
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        const char *s = ids[i] >= 0 && ids[i] < v->n ? v->sym[ids[i]] : "<?>";
        const char *sep = (!v->by_char && i > 0) ? " " : "";
        int k = snprintf(out ? out + (len < cap ? len : cap) : NULL, out && len < cap ? cap - len : 0, "%s%s", sep, s);
        len += (size_t)k;
    }
    if (out && cap && len >= cap) out[cap - 1] = '\0';
    if (out && cap && n == 0) out[0] = '\0';
    return len;
}
