/* cmd_keys.c: `stepformer keys`: the window's key map as a Markdown table, from the same table the
 * window uses (the README's map is this output, and a test keeps them equal). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/keymap.h"
#include "cli/cli.h"
#include "core/util.h"

/* Markdown would take <end> for an HTML tag. */
static void put_escaped(const char *s) {
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", stdout);
        else if (*s == '>') fputs("&gt;", stdout);
        else if (*s == '|') fputs("\\|", stdout);
        else putchar(*s);
    }
}

typedef struct keys_options {
    int markdown;
} keys_options;

static const opt_spec specs[] = {
    {.name = "--markdown", .type = OPT_FLAG, .offset = offsetof(keys_options, markdown),
     .help = "a Markdown table (the default)"},
};

const opt_command keys_command = {"keys", "stepformer keys", "Prints the window's keyboard map.", specs,
                                  ARRAY_LEN(specs), sizeof(keys_options)};

int cmd_keys(int argc, char **argv) {
    keys_options o;
    int rc = cli_options(&keys_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    int n;
    const key_binding *t = keymap_table(&n);
    printf("| key | action |\n| --- | --- |\n");
    for (int i = 0; i < n; i++)
        if (t[i].keys) {
            printf("| ");
            put_escaped(t[i].keys);
            printf(" | ");
            put_escaped(t[i].what);
            printf(" |\n");
        }
    return 0;
}
