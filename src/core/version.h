/* version.h: the program's version, from CMake's project(VERSION ...), for --version, the help
 * overlay and the metadata of exported files. */
#ifndef S2S_VERSION_H
#define S2S_VERSION_H

/* "0.9.0" (the build's version); never NULL. */
const char *stepformer_version(void);

#endif
