/* png_text.h: adds a tEXt chunk (keyword + text, e.g. "Software" = "Stepformer 0.9.0") to a PNG
 * file, since SDL_image's PNG writer cannot. The chunk goes right after IHDR, so every reader
 * sees it before the pixels. */
#ifndef S2S_PNG_TEXT_H
#define S2S_PNG_TEXT_H

#include <stddef.h>
#include "core/error.h"

/* Rewrites the PNG at path (in place: call it on a temporary file before renaming it into place)
 * with a tEXt chunk keyword=text. keyword: 1..79 Latin-1 characters; text: no NUL. Fails with a
 * message when the file is not a PNG or cannot be read or written. */
int png_add_text_file(const char *path, const char *keyword, const char *text, s2s_error *err);

/* The text of the first tEXt chunk with this keyword in a PNG held in memory, copied into out
 * (cap bytes); 0 on success, -1 when there is none or data is not a PNG. */
int png_find_text(const unsigned char *data, size_t len, const char *keyword, char *out, size_t cap);

#endif
