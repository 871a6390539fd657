/* colormap_tables.h: the raw 256-entry published colormap tables (see colormap_tables.c). Only
 * colormap.c should need these; everyone else goes through colormap_find / colormap_sample. */
#ifndef S2S_COLORMAP_TABLES_H
#define S2S_COLORMAP_TABLES_H

extern const unsigned char colormap_table_viridis[256][3];
extern const unsigned char colormap_table_cividis[256][3];
extern const unsigned char colormap_table_magma[256][3];
extern const unsigned char colormap_table_inferno[256][3];

#endif
