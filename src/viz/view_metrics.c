/* view_metrics.c: the window's sizes from the text scale and the window size (view.h). */
#include "viz/view.h"

/* The least window, in logical pixels at scale 1, that the layout is drawn for: a larger text scale
 * than the window can hold at this size is reduced to what it holds (view_metrics_fit). */
#define FIT_W 960.0f
#define FIT_H 560.0f

float view_metrics_fit(float scale, float width, float height) {
    float most = width / FIT_W < height / FIT_H ? width / FIT_W : height / FIT_H;
    return scale < most ? scale : most;
}

view_metrics view_metrics_make(float scale, float width, float height) {
    float s = scale;
    (void)height;
    view_metrics m = {
        .scale = s,
        .text_tiny = 12.0f * s, .text_small = 13.0f * s, .text_label = 14.0f * s, .text_body = 15.0f * s,
        .text_large = 16.0f * s, .text_heading = 17.0f * s, .text_title = 18.0f * s,
        .gap = 10.0f * s, .inset = 6.0f * s, .pad = 10.0f * s, .margin = 16.0f * s, .button_pad = 24.0f * s,
        .panel_title_x = 12.0f * s, .panel_rule_x = 8.0f * s, .panel_pad_x = 10.0f * s, .panel_pad_top = 8.0f * s,
        .panel_pad_bottom = 8.0f * s,
        .header_h = 58.0f * s, .tokens_h = 96.0f * s, .timeline_h = 92.0f * s,
        .left_w = width * 0.19f, .right_w = width * 0.25f, .input_w = width * 0.30f,
        .picker_x = 240.0f * s, .picker_y = 60.0f * s, .picker_w = width * 0.4f,
        .list_pad = 14.0f * s, .hint_lift = 40.0f * s, .hint_margin = 80.0f * s,
    };
    if (m.left_w < 260.0f * s) m.left_w = 260.0f * s; /* the architecture's two columns need it */
    return m;
}
