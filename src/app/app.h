/* app.h: the window application (app state, main loop, panels). */
#ifndef S2S_APP_H
#define S2S_APP_H

/* Opens the window (`stepformer [--model FILE] [--input TEXT]`); returns the exit status. */
int app_main(int argc, char **argv);

#endif
