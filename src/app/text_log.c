/* text_log.c: see text_log.h. */
#include "app/text_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"

int text_log_write(const draw_list *dl) {
    const char *path = getenv("STEPFORMER_TEXT_LOG");
    if (!path || !*path) return 0;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) return -1;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_TEXT) continue;
        for (const char *s = draw_cmd_text(dl, c);; s++) {
            if (n + 3 > cap) { /* room for an escaped character and the line's end */
                char *p = realloc(buf, cap *= 2);
                if (!p) {
                    free(buf);
                    return -1;
                }
                buf = p;
            }
            if (!*s) {
                buf[n++] = '\n';
                break;
            }
            if (*s == '\n') {
                buf[n++] = '\\';
                buf[n++] = 'n';
            } else {
                buf[n++] = *s;
            }
        }
    }
    s2s_error err;
    int rc = atomic_write_unsynced(path, buf, n, &err); /* every frame: never waits for the disk */
    free(buf);
    return rc;
}
