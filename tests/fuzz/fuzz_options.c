/* fuzz_options.c: libFuzzer target for the option parser (core/options.c) with the real option
 * table of every command and of the window (cli_commands: their shared helpers and custom parsers
 * included).
 *
 * Input: one byte choosing the command, then the arguments separated by NUL bytes (argv[1..]).
 * Checks, beyond no crash and no sanitizer report:
 *   - the result is OK, HELP or BAD; BAD leaves one message that is safe to print: one line, no
 *     control byte, valid UTF-8 (argument bytes are quoted: issue 14's first defect);
 *   - OK fills every field within its spec: numbers within [lo, hi], a choice among the choices,
 *     sizes and points within range, text NULL or a non-empty string, "absent" as options.h says. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/options.h"
#include "core/util.h"

#define REQUIRE(cond) \
    do {              \
        if (!(cond)) __builtin_trap(); \
    } while (0)

enum { MAX_ARGS = 64 };

/* 1 when s is well-formed UTF-8 without control bytes. */
static int printable_utf8(const char *s) {
    for (int n; *s; s += n)
        if ((unsigned char)*s < 0x20 || *s == 0x7f || !(n = utf8_valid_len(s))) return 0;
    return 1;
}

static void check_fields(const opt_command *cmd, const void *opts) {
    for (int k = 0; k < cmd->n_specs; k++) {
        const opt_spec *s = &cmd->specs[k];
        const char *field = (const char *)opts + s->offset;
        switch (s->type) {
        case OPT_FLAG: {
            int v;
            memcpy(&v, field, sizeof v);
            REQUIRE(v == 0 || v == 1);
            break;
        }
        case OPT_TEXT: {
            const char *v;
            memcpy(&v, field, sizeof v);
            REQUIRE(!v || v[0]);
            break;
        }
        case OPT_INT: {
            int v;
            memcpy(&v, field, sizeof v);
            REQUIRE((v >= s->lo && v <= s->hi) || (v == -1 && !s->def));
            break;
        }
        case OPT_FLOAT: {
            float v;
            memcpy(&v, field, sizeof v);
            REQUIRE((v >= (float)s->lo && v <= (float)s->hi) || (v == 0.0f && !s->def));
            break;
        }
        case OPT_CHOICE: {
            int v, n = 0;
            memcpy(&v, field, sizeof v);
            while (s->choices[n]) n++;
            REQUIRE((v >= 0 && v < n) || (v == -1 && !s->def));
            break;
        }
        case OPT_SIZE: {
            opt_size v;
            memcpy(&v, field, sizeof v);
            REQUIRE((v.w >= s->lo && v.w <= s->hi && v.h >= s->lo && v.h <= s->hi) ||
                    (v.w == 0 && v.h == 0 && !s->def));
            break;
        }
        case OPT_POINT: {
            opt_point v;
            memcpy(&v, field, sizeof v);
            REQUIRE((v.x >= s->lo && v.x <= s->hi && v.y >= s->lo && v.y <= s->hi) ||
                    (v.x == -1.0f && v.y == -1.0f && !s->def));
            break;
        }
        case OPT_CUSTOM: break; /* the parser's own business */
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int n_cmds;
    const cli_command *cmds = cli_commands(&n_cmds);
    const cli_command *c = &cmds[data[0] % n_cmds];
    /* argv: the command's name, then the NUL-separated arguments (a copy, NUL-terminated) */
    char *buf = malloc(size);
    REQUIRE(buf);
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)(c->name[0] ? c->name : "stepformer");
    for (char *p = buf; p < buf + size - 1 && argc < MAX_ARGS + 1; p += strlen(p) + 1) argv[argc++] = p;
    argv[argc] = NULL;
    void *opts = malloc(c->options->size);
    REQUIRE(opts);
    memset(opts, 0xAB, c->options->size); /* garbage in: the parser must set every field */
    s2s_error err;
    memset(&err, 0, sizeof err);
    int rc = opts_parse(c->options, argc, argv, opts, &err);
    REQUIRE(rc == OPTS_OK || rc == OPTS_HELP || rc == OPTS_BAD);
    if (rc == OPTS_BAD) {
        REQUIRE(err.msg[0] && memchr(err.msg, '\0', sizeof err.msg));
        REQUIRE(printable_utf8(err.msg));
    } else if (rc == OPTS_OK) {
        check_fields(c->options, opts);
    }
    free(opts);
    free(buf);
    return 0;
}
