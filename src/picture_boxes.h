/* picture_boxes: the boxes-and-lines layout behind picture_draw.  Only
 * the renderer's files (picture.c, picture_layout.c, picture_boxes.c) use
 * this header.
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

#include <stdbool.h>
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


/* ---- the layout's data: for picture_layout.c, which computes it, and
 * picture_boxes.c, which draws it ---- */

enum {
    BOXES_SLOT_HEIGHT = 6,   /* value, top border, middle, bottom border, gradient, a blank row */
    BOXES_INDENT = 2,        /* every row starts with two spaces, as narration does */
    BOXES_MAX_SLOTS = BOXES_MAX_COLUMNS * BOXES_MAX_PER_COLUMN,
    BOXES_TEXT_MAX = 128,    /* a text shown in or beside a box */
};

/* the directions a line leaves a cell in */
enum { LINE_UP = 1, LINE_DOWN = 2, LINE_LEFT = 4, LINE_RIGHT = 8 };

typedef struct {
    int node;          /* the picture's node, or -1: an edge passing through this column */
    int column;
    int order;         /* position in its column, from the top */
    int row;           /* grid row of its middle line, where edges attach */
    bool has_in, has_out;
} Slot;

typedef struct {
    int from, to;      /* slots in neighbouring columns */
} Link;

/* Edges of one gap that share a vertical track: one source and its
 * targets, one target and its sources, or a bus (every source feeds every
 * target). */
typedef struct {
    int sources[BOXES_MAX_PER_COLUMN], n_sources;
    int targets[BOXES_MAX_PER_COLUMN], n_targets;
    int track;         /* x of its vertical line within the gap, or -1: one straight line */
} Group;

typedef struct {
    Group groups[BOXES_MAX_PER_COLUMN];
    int n_groups;
    int width;
} Gap;

typedef struct {
    char content[BOXES_TEXT_MAX];   /* name and operation, inside the box */
    char value[BOXES_TEXT_MAX];     /* above the box */
    char gradient[BOXES_TEXT_MAX];  /* below it */
} NodeTexts;

struct BoxLayout {
    const Picture *picture;
    Slot slots[BOXES_MAX_SLOTS];
    int n_slots;
    Link *links;
    int n_links;
    int n_columns;
    int column_width[BOXES_MAX_COLUMNS];
    int column_x[BOXES_MAX_COLUMNS];       /* where each column starts, after the indent */
    Gap gaps[BOXES_MAX_COLUMNS];           /* gaps[c] lies between columns c and c + 1 */
    NodeTexts texts[BOXES_MAX_SLOTS];            /* for nodes; slots of nodes come first */
    int height, width;                     /* width: the indent included */
};

/* One cell of a gap: the lines in it, and who drew them. */
typedef struct {
    int lines;                   /* directions lines leave the cell in */
    int vertical_group;          /* the group whose track this is, or -1 */
    int vertical_lines;          /* LINE_UP and LINE_DOWN, where its track goes on */
    unsigned horizontal_groups;  /* bit g: group g has a horizontal line here */
    bool crossing;               /* a track passes under another group's line: not joined */
} GapCell;

/* The rows a group's lines span. */
void boxes_group_rows(const BoxLayout *layout, const Group *group, int *top, int *bottom);

/* Marks every line of `gap` in cells (layout->height rows of gap->width),
 * and which cells are crossings. */
void boxes_mark_gap(const BoxLayout *layout, const Gap *gap, GapCell *cells);

#endif
