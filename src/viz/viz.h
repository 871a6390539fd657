/* viz.h: the views: they turn the trace into draw commands and include no SDL. */
#ifndef S2S_VIZ_H
#define S2S_VIZ_H
#endif
