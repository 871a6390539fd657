/* version.c: the program's version, shown in --help and the window's title. */
const char *viz_version(void) { return "0.1.0"; }
