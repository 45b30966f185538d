/* picture_boxes: the boxes-and-lines layout behind picture_draw.  Only
 * picture.c uses this header.
 *
 * Nodes stand in columns, left to right, each a small box with its value
 * above and its gradient below.  Edges run through the gaps between
 * columns: a group of edges shares one vertical track, so a node feeding
 * two others forks visibly, and where every node of a column feeds every
 * node of the next (a dense layer) all of them share one track, a bus.
 * An edge that skips columns passes through them as a plain line.  A
 * layout is refused, never drawn broken, when the lines of a gap cannot
 * be routed so that every junction reads one way. */
#ifndef BACKSTEP_PICTURE_BOXES_H
#define BACKSTEP_PICTURE_BOXES_H

#include <stddef.h>
#include <stdio.h>

#include "narrate.h"
#include "picture.h"

enum {
    BOXES_MAX_COLUMNS = 16,      /* more columns than this never fit a terminal */
    BOXES_MAX_PER_COLUMN = 12,   /* taller columns are better read as a table */
};

typedef struct BoxLayout BoxLayout;

/* Lays the picture out as boxes and lines for `style`.  Returns NULL when
 * it cannot be drawn so (an edge that does not go rightwards, too many
 * nodes, lines that cannot be routed clearly) or memory runs out.  Free
 * with boxes_free(), which accepts NULL. */
BoxLayout *boxes_layout(const Style *style, const Picture *picture);
void boxes_free(BoxLayout *layout);

/* The columns the drawing takes, its indent included. */
int boxes_width(const BoxLayout *layout);

/* Writes the drawing, one line per row, each indented two spaces. */
void boxes_draw(FILE *out, const Style *style, const BoxLayout *layout);

/* `text` as the terminal shows it: transliterated with style->ascii. */
void picture_shown(const Style *style, const char *text, char *out, size_t size);

#endif
