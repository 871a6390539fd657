/* test_options.c: core/options.h, the one option parser (issue 14, defect 4 and structure 1).
 * A bad value is refused with one message naming the option, whatever its type; "1600x900junk",
 * "abc" as a point, "12junk" as a number are refused; defaults are read like given values; an
 * absent optional number is -1; --name=value works; parsing is a pure function of argv and the table. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include "test_util.h"

#include <stddef.h>

#include "core/options.h"

typedef struct sample_options {
    const char *model, *out;
    int flag, count, choice, custom;
    float rate;
    opt_size size;
    opt_point mouse;
    int optional;
} sample_options;

static const char *const colours[] = {"red", "green", "blue", NULL};

static int parse_even(const char *v, void *field) {
    if (strcmp(v, "two") == 0) *(int *)field = 2;
    else if (strcmp(v, "four") == 0) *(int *)field = 4;
    else return -1;
    return 0;
}

#define T sample_options
static const opt_spec specs[] = {
    {.name = "--model", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(T, model), .help = "m"},
    {.name = "-o", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(T, out), .required = 1, .help = "o"},
    {.name = "--flag", .type = OPT_FLAG, .offset = offsetof(T, flag), .help = "f"},
    {.name = "--count", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, count), .def = "3", .lo = 1, .hi = 9,
     .help = "c"},
    {.name = "--colour", .metavar = "C", .type = OPT_CHOICE, .offset = offsetof(T, choice), .def = "green",
     .choices = colours, .help = "k"},
    {.name = "--even", .metavar = "E", .type = OPT_CUSTOM, .offset = offsetof(T, custom), .def = "two",
     .parse = parse_even, .expects = "two or four", .help = "e"},
    {.name = "--rate", .metavar = "X", .type = OPT_FLOAT, .offset = offsetof(T, rate), .def = "0.5", .lo = 0, .hi = 1,
     .help = "r"},
    {.name = "--size", .metavar = "WxH", .type = OPT_SIZE, .offset = offsetof(T, size), .def = "1600x900",
     .lo = 240, .hi = 8192, .help = "s"},
    {.name = "--mouse", .metavar = "X,Y", .type = OPT_POINT, .offset = offsetof(T, mouse), .lo = 0, .hi = 8192,
     .help = "p"},
    {.name = "--optional", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, optional), .lo = 0, .hi = 5},
};
#undef T

static const opt_command sample = {"sample", "stepformer sample -o FILE", "A table for the tests.", specs,
                                   sizeof specs / sizeof specs[0], sizeof(sample_options)};

static int parse(sample_options *o, s2s_error *err, int argc, ...) {
    char *argv[32] = {"sample"};
    va_list ap;
    va_start(ap, argc);
    for (int i = 1; i < argc; i++) argv[i] = va_arg(ap, char *);
    va_end(ap);
    memset(err, 0, sizeof *err);
    return opts_parse(&sample, argc, argv, o, err);
}

static void test_defaults_and_values(void **state) {
    (void)state;
    sample_options o;
    s2s_error err;
    assert_int_equal(parse(&o, &err, 3, "-o", "x.png"), OPTS_OK);
    assert_string_equal(o.out, "x.png");
    assert_null(o.model);
    assert_int_equal(o.flag, 0);
    assert_int_equal(o.count, 3);
    assert_int_equal(o.choice, 1);
    assert_int_equal(o.custom, 2);
    assert_true(o.rate == 0.5f);
    assert_int_equal(o.size.w, 1600);
    assert_int_equal(o.size.h, 900);
    assert_true(o.mouse.x == -1.0f && o.mouse.y == -1.0f);
    assert_int_equal(o.optional, -1); /* absent */
    assert_int_equal(parse(&o, &err, 15, "--flag", "--count=7", "--colour", "blue", "--even", "four", "--size",
                           "640x480", "--mouse", "10.5,20", "-o", "y", "--optional", "0"),
                     OPTS_OK);
    assert_int_equal(o.flag, 1);
    assert_int_equal(o.count, 7);
    assert_int_equal(o.choice, 2);
    assert_int_equal(o.custom, 4);
    assert_int_equal(o.size.w, 640);
    assert_true(o.mouse.x == 10.5f && o.mouse.y == 20.0f);
    assert_int_equal(o.optional, 0);
    assert_int_equal(parse(&o, &err, 5, "-o", "a", "-o", "b"), OPTS_OK); /* the last one wins */
    assert_string_equal(o.out, "b");
    assert_int_equal(parse(&o, &err, 3, "--count", "--help"), OPTS_HELP);
    assert_int_equal(parse(&o, &err, 2, "-h"), OPTS_HELP);
}

/* One line, naming the option, for every kind of bad value. */
static void test_bad_values_refused(void **state) {
    (void)state;
    static const struct {
        const char *opt, *value, *want;
    } cases[] = {
        {"--size", "1600x900junk", "--size must be WIDTHxHEIGHT"},
        {"--size", "1600x", "--size must be"},
        {"--size", "x900", "--size must be"},
        {"--size", "1600.5x900", "--size must be"},
        {"--size", "100x100", "from 240 to 8192"},
        {"--size", " 1600x900", "--size must be"},
        {"--mouse", "abc", "--mouse must be X,Y"},
        {"--mouse", "1,2,3", "--mouse must be"},
        {"--mouse", "1;2", "--mouse must be"},
        {"--count", "12junk", "--count must be a whole number from 1 to 9"},
        {"--count", "0", "--count must be"},
        {"--count", "", "--count must be"},
        {"--count", "99999999999999999999", "--count must be"},
        {"--rate", "nan", "--rate must be a number from 0 to 1"},
        {"--rate", "inf", "--rate must be"},
        {"--rate", "0.5x", "--rate must be"},
        {"--colour", "bogus", "--colour must be red, green or blue, not \"bogus\""},
        {"--colour", "Red", "--colour must be"},
        {"--even", "three", "--even must be two or four"},
        {"--model", "", "--model must be a non-empty FILE"},
        {"--optional", "6", "--optional must be"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sample_options o;
        s2s_error err;
        int rc = parse(&o, &err, 5, "-o", "x", cases[i].opt, cases[i].value);
        if (rc != OPTS_BAD) fail_msg("%s %s was accepted", cases[i].opt, cases[i].value);
        if (!strstr(err.msg, cases[i].want)) fail_msg("%s %s: \"%s\" lacks \"%s\"", cases[i].opt, cases[i].value, err.msg, cases[i].want);
        assert_null(strchr(err.msg, '\n'));
    }
    sample_options o;
    s2s_error err;
    assert_int_equal(parse(&o, &err, 5, "-o", "x", "--bogus", "1"), OPTS_BAD);
    assert_non_null(strstr(err.msg, "unknown option \"--bogus\" (see stepformer sample --help)"));
    assert_int_equal(parse(&o, &err, 4, "-o", "x", "stray"), OPTS_BAD);
    assert_non_null(strstr(err.msg, "unexpected argument \"stray\""));
    assert_int_equal(parse(&o, &err, 4, "-o", "x", "--count"), OPTS_BAD);
    assert_string_equal(err.msg, "--count needs a value (N)");
    assert_int_equal(parse(&o, &err, 4, "-o", "x", "--flag=1"), OPTS_BAD);
    assert_non_null(strstr(err.msg, "--flag takes no value"));
    assert_int_equal(parse(&o, &err, 2, "--flag"), OPTS_BAD);
    assert_string_equal(err.msg, "no -o given (-o FILE)");
    /* a value holding terminal escapes is quoted, not echoed */
    assert_int_equal(parse(&o, &err, 5, "-o", "x", "--colour", "\x1b[2J"), OPTS_BAD);
    assert_non_null(strstr(err.msg, "not \"\\x1B[2J\""));
}

/* The same argv gives the same struct, whatever the struct held, and argv is left as it was. */
static void test_pure(void **state) {
    (void)state;
    char a0[] = "sample", a1[] = "--count=5", a2[] = "-o", a3[] = "f";
    char *argv[] = {a0, a1, a2, a3};
    sample_options x, y;
    s2s_error err;
    memset(&x, 0x55, sizeof x);
    memset(&y, 0xAA, sizeof y);
    assert_int_equal(opts_parse(&sample, 4, argv, &x, &err), OPTS_OK);
    assert_int_equal(opts_parse(&sample, 4, argv, &y, &err), OPTS_OK);
    assert_memory_equal(&x, &y, sizeof x);
    assert_string_equal(a1, "--count=5");
}

/* --help shows the usage, each visible option and its default. */
static void test_help_lists_options(void **state) {
    (void)state;
    char buf[4096] = "";
    FILE *fp = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(fp);
    opts_print_help(fp, &sample);
    fclose(fp);
    assert_non_null(strstr(buf, "usage: stepformer sample -o FILE"));
    assert_non_null(strstr(buf, "--size WxH"));
    assert_non_null(strstr(buf, "(default: 1600x900)"));
    assert_null(strstr(buf, "--optional")); /* no help text: hidden */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_values),
        cmocka_unit_test(test_bad_values_refused),
        cmocka_unit_test(test_pure),
        cmocka_unit_test(test_help_lists_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
