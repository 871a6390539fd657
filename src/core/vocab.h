/* vocab.h: a vocabulary of symbols and the tokenizer over it.
 *
 * Ids 0..3 are always <pad> <begin> <end> <unk>. A vocabulary whose other symbols are all single
 * characters (one UTF-8 code point each) tokenizes text character by character; one with any
 * multi-character symbol splits on spaces. A symbol that is not in the vocabulary is an error that
 * names it and its position, never a silent <unk>. */
#ifndef S2S_VOCAB_H
#define S2S_VOCAB_H

#include <stddef.h>
#include "core/error.h"

enum { S2S_PAD = 0, S2S_BEGIN = 1, S2S_END = 2, S2S_UNK = 3, S2S_N_SPECIAL = 4 };

typedef struct s2s_vocab {
    int n;        /* number of symbols, the four specials included */
    char **sym;   /* (n) NUL-terminated UTF-8 symbols */
    int by_char;  /* 1: every non-special symbol is one code point; tokenize per character */
} s2s_vocab;

/* Builds a vocabulary from n symbols; the first four must be the specials. Symbols must be unique,
 * non-empty and (for word vocabularies) contain no space. */
int vocab_init(s2s_vocab *v, const char *const *syms, int n, s2s_error *err);
/* Parses a JSON list of strings, as stored in a model file's metadata. */
int vocab_from_json(s2s_vocab *v, const char *json, s2s_error *err);
/* Returns a malloc'd JSON list of the symbols, or NULL when out of memory. */
char *vocab_to_json(const s2s_vocab *v);
void vocab_free(s2s_vocab *v); /* accepts NULL and zeroed vocabularies */

/* The id of the symbol (len bytes at s), or -1. */
int vocab_find(const s2s_vocab *v, const char *s, size_t len);

/* Splits text into ids (at most cap). Fails naming the first unknown symbol and its position
 * (1-based character or word), or when there are more than cap tokens; *n_out is then 0 for an
 * unknown symbol and cap + 1 for too many tokens. */
int vocab_tokenize(const s2s_vocab *v, const char *text, int *ids, int cap, int *n_out, s2s_error *err);

/* Writes the symbols of ids joined (nothing between characters, a space between words) into out;
 * specials are written by name (<end>). Returns the length it needed (like snprintf). */
size_t vocab_join(const s2s_vocab *v, const int *ids, int n, char *out, size_t cap);

#endif
