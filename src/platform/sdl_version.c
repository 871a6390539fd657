/* sdl_version.c: the SDL version linked, for diagnostics. */
#include <SDL.h>
#include <stdio.h>

void platform_sdl_version(char *out, int cap) {
    SDL_version v;
    SDL_GetVersion(&v);
    snprintf(out, (size_t)cap, "SDL %d.%d.%d", v.major, v.minor, v.patch);
}
