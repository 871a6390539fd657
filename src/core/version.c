/* version.c: see version.h. CMake passes STEPFORMER_VERSION to this file only, so a version bump
 * recompiles one file. */
#include "core/version.h"

#ifndef STEPFORMER_VERSION
#define STEPFORMER_VERSION "unknown"
#endif

const char *stepformer_version(void) { return STEPFORMER_VERSION; }
