/* cmd_keys.c: `stepformer keys`: the window's key map as a Markdown table, from the same table the
 * window uses (the README's map is this output, and a test keeps them equal). */
#include <stdio.h>
#include <string.h>

#include "app/keymap.h"
#include "cli/cli.h"

/* Markdown would take <end> for an HTML tag. */
static void put_escaped(const char *s) {
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", stdout);
        else if (*s == '>') fputs("&gt;", stdout);
        else if (*s == '|') fputs("\\|", stdout);
        else putchar(*s);
    }
}

int cmd_keys(int argc, char **argv) {
    cli_opt o[1] = {{"--markdown", NULL, "a Markdown table (the default)", NULL}};
    int rc = cli_parse(argc, argv, o, 1, "stepformer keys", "Prints the window's keyboard map.");
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
