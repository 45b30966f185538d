/* picture_boxes: boxes and lines for picture_draw (see picture_boxes.h).
 *
 * Three passes.  Slots (a node, or an edge passing through a column) are
 * ordered in their columns and given rows.  Each gap between two columns
 * is routed: its edges are grouped, each group gets one vertical track,
 * and an order of the tracks is searched for in which every cell where
 * lines meet reads one way (route_gap).  Then boxes, labels and lines are
 * drawn into a grid of cells, each holding one character of text or the
 * directions lines leave it in, from which its box-drawing character
 * follows. */
#include "picture_boxes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"

enum {
    SLOT_HEIGHT = 6,          /* value, top border, middle, bottom border, gradient, a blank row */
    INDENT = 2,               /* every row starts with two spaces, as narration does */
    MAX_SLOTS = BOXES_MAX_COLUMNS * BOXES_MAX_PER_COLUMN,
    MAX_USES = 8,             /* lines of different groups one cell of a gap can hold */
    PERMUTED_TRACKS_MAX = 6,  /* up to this many tracks, every order is tried */
    SHOWN_MAX = 128,
};

/* the directions a line leaves a cell in */
enum { UP = 1, DOWN = 2, LEFT = 4, RIGHT = 8 };

/* what a horizontal line in a gap leads from or to */
typedef enum { FROM_SOURCE, TO_TARGET } Role;

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
    char content[SHOWN_MAX];   /* name and operation, inside the box */
    char value[SHOWN_MAX];     /* above the box */
    char gradient[SHOWN_MAX];  /* below it */
} NodeTexts;

struct BoxLayout {
    const Picture *picture;
    Slot slots[MAX_SLOTS];
    int n_slots;
    Link *links;
    int n_links;
    int n_columns;
    int column_width[BOXES_MAX_COLUMNS];
    int column_x[BOXES_MAX_COLUMNS];       /* where each column starts, after the indent */
    Gap gaps[BOXES_MAX_COLUMNS];           /* gaps[c] lies between columns c and c + 1 */
    NodeTexts texts[MAX_SLOTS];            /* for nodes; slots of nodes come first */
    int height, width;                     /* width: the indent included */
};

static int columns_of(const char *text) { return wrap_columns(text, strlen(text)); }

/* ---- slots and their order ------------------------------------------- */

static int add_slot(BoxLayout *layout, int node, int column)
{
    if (layout->n_slots == MAX_SLOTS)
        return -1;
    layout->slots[layout->n_slots] = (Slot){node, column, 0, 0, false, false};
    return layout->n_slots++;
}

static void add_link(BoxLayout *layout, int from, int to)
{
    for (int i = 0; i < layout->n_links; i++)
        if (layout->links[i].from == from && layout->links[i].to == to)
            return;
    layout->links[layout->n_links++] = (Link){from, to};
    layout->slots[from].has_out = true;
    layout->slots[to].has_in = true;
}

/* One slot per node, and where a node feeds a node more than one column
 * on, one pass-through slot in each column between (shared by all of
 * that node's long edges).  False when the picture cannot be laid out. */
static bool make_slots(BoxLayout *layout)
{
    const Picture *picture = layout->picture;
    if (picture->n_nodes > MAX_SLOTS)
        return false;
    for (int i = 0; i < picture->n_nodes; i++) {
        int column = picture->nodes[i].column;
        if (column < 0 || column >= BOXES_MAX_COLUMNS)
            return false;
        add_slot(layout, i, column);
        if (column + 1 > layout->n_columns)
            layout->n_columns = column + 1;
    }
    int reach[MAX_SLOTS], first_pass[MAX_SLOTS];
    for (int i = 0; i < picture->n_nodes; i++)
        reach[i] = picture->nodes[i].column;
    for (int e = 0; e < picture->n_edges; e++) {
        const PictureEdge *edge = &picture->edges[e];
        if (picture->nodes[edge->from].column >= picture->nodes[edge->to].column)
            return false;   /* only rightward edges can be drawn left to right */
        if (picture->nodes[edge->to].column > reach[edge->from])
            reach[edge->from] = picture->nodes[edge->to].column;
    }
    size_t most_links = (size_t)picture->n_edges + MAX_SLOTS;
    layout->links = malloc(most_links * sizeof *layout->links);
    if (!layout->links)
        return false;
    for (int i = 0; i < picture->n_nodes; i++) {
        first_pass[i] = layout->n_slots;
        for (int column = picture->nodes[i].column + 1; column < reach[i]; column++) {
            int slot = add_slot(layout, -1, column);
            if (slot < 0)
                return false;
            add_link(layout, column == picture->nodes[i].column + 1 ? i : slot - 1, slot);
        }
    }
    for (int e = 0; e < picture->n_edges; e++) {
        int from = picture->edges[e].from, to = picture->edges[e].to;
        int skipped = picture->nodes[to].column - picture->nodes[from].column - 1;
        add_link(layout, skipped == 0 ? from : first_pass[from] + skipped - 1, to);
    }
    return true;
}

/* Orders each column's slots: the first column as the picture lists its
 * nodes, each next column by the mean position of what feeds each slot
 * (a stable sort, so equals keep the picture's order), which keeps lines
 * short and crossings few. */
static bool order_slots(BoxLayout *layout)
{
    for (int column = 0; column < layout->n_columns; column++) {
        int members[MAX_SLOTS], n = 0;
        double key[MAX_SLOTS];
        for (int s = 0; s < layout->n_slots; s++)
            if (layout->slots[s].column == column)
                members[n++] = s;
        if (n > BOXES_MAX_PER_COLUMN)
            return false;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int count = 0;
            for (int l = 0; l < layout->n_links; l++)
                if (layout->links[l].to == members[i]) {
                    sum += layout->slots[layout->links[l].from].order;
                    count++;
                }
            key[i] = count ? sum / count : i;
        }
        for (int i = 1; i < n; i++)   /* insertion sort: stable */
            for (int j = i; j > 0 && key[j - 1] > key[j]; j--) {
                double k = key[j];
                key[j] = key[j - 1];
                key[j - 1] = k;
                int m = members[j];
                members[j] = members[j - 1];
                members[j - 1] = m;
            }
        for (int i = 0; i < n; i++)
            layout->slots[members[i]].order = i;
    }
    return true;
}

/* Fits rows to wanted rows, in place: the rows closest to them (least
 * squares) that keep each slot at least SLOT_HEIGHT below the one above.
 * Pools neighbours that push against each other, as isotonic regression
 * does (pool adjacent violators) on wanted[i] - i × SLOT_HEIGHT. */
static void fit_rows(double *rows, int n)
{
    double mean[BOXES_MAX_PER_COLUMN];
    int size[BOXES_MAX_PER_COLUMN], n_blocks = 0;
    for (int i = 0; i < n; i++) {
        mean[n_blocks] = rows[i] - i * SLOT_HEIGHT;
        size[n_blocks++] = 1;
        while (n_blocks > 1 && mean[n_blocks - 2] > mean[n_blocks - 1]) {
            int joined = size[n_blocks - 2] + size[n_blocks - 1];
            mean[n_blocks - 2] = (mean[n_blocks - 2] * size[n_blocks - 2] + mean[n_blocks - 1] * size[n_blocks - 1]) /
                                 joined;
            size[n_blocks - 2] = joined;
            n_blocks--;
        }
    }
    for (int b = 0, i = 0; b < n_blocks; b++)
        for (int k = 0; k < size[b]; k++, i++)
            rows[i] = mean[b] + i * SLOT_HEIGHT;
}

/* Rows: the first column stacked SLOT_HEIGHT apart; each next column as
 * near as its order allows to the mean row of what feeds each slot, so a
 * chain runs straight and a node sits between the nodes it joins.  A
 * slot fed by nothing keeps its distance to its neighbours. */
static void place_rows(BoxLayout *layout)
{
    for (int column = 0; column < layout->n_columns; column++) {
        int members[BOXES_MAX_PER_COLUMN], n = 0;
        for (int order = 0; order < BOXES_MAX_PER_COLUMN; order++)
            for (int s = 0; s < layout->n_slots; s++)
                if (layout->slots[s].column == column && layout->slots[s].order == order)
                    members[n++] = s;
        double wanted[BOXES_MAX_PER_COLUMN];
        bool fed[BOXES_MAX_PER_COLUMN];
        int first_fed = -1;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int count = 0;
            for (int l = 0; l < layout->n_links; l++)
                if (layout->links[l].to == members[i]) {
                    sum += layout->slots[layout->links[l].from].row;
                    count++;
                }
            fed[i] = count > 0;
            wanted[i] = count ? sum / count : 0;
            if (fed[i] && first_fed < 0)
                first_fed = i;
        }
        for (int i = 0; i < n; i++)   /* unfed slots keep their place beside their neighbours */
            if (!fed[i])
                wanted[i] = first_fed < 0 ? i * SLOT_HEIGHT
                            : i < first_fed ? wanted[first_fed] - (first_fed - i) * SLOT_HEIGHT
                                            : wanted[i - 1] + SLOT_HEIGHT;
        fit_rows(wanted, n);
        for (int i = 0; i < n; i++)
            layout->slots[members[i]].row = (int)(wanted[i] + (wanted[i] < 0 ? -0.5 : 0.5));
    }
    int top = 0, bottom = 0;
    for (int s = 0; s < layout->n_slots; s++) {
        top = s == 0 || layout->slots[s].row < top ? layout->slots[s].row : top;
        bottom = s == 0 || layout->slots[s].row > bottom ? layout->slots[s].row : bottom;
    }
    for (int s = 0; s < layout->n_slots; s++)   /* the value above the highest box on row 0 */
        layout->slots[s].row += 2 - top;
    layout->height = bottom - top + 5;
}

/* ---- routing a gap ----------------------------------------------------- */

typedef struct {
    int n_uses;
    struct {
        int group;
        Role role;
        int endpoint;   /* the slot the line leads from or to */
    } uses[MAX_USES];
    int vertical_group; /* -1: none */
    int vertical_dirs;
    bool crowded;       /* more lines than MAX_USES met here */
} GapCell;

static void use_horizontal(GapCell *cells, int width, int row, int x0, int x1, int group, Role role, int endpoint)
{
    for (int x = x0; x <= x1; x++) {
        GapCell *cell = &cells[row * width + x];
        if (cell->n_uses == MAX_USES) {
            cell->crowded = true;
            continue;
        }
        cell->uses[cell->n_uses].group = group;
        cell->uses[cell->n_uses].role = role;
        cell->uses[cell->n_uses].endpoint = endpoint;
        cell->n_uses++;
    }
}

static void group_rows(const BoxLayout *layout, const Group *group, int *top, int *bottom)
{
    *top = layout->height;
    *bottom = 0;
    for (int i = 0; i < group->n_sources + group->n_targets; i++) {
        int slot = i < group->n_sources ? group->sources[i] : group->targets[i - group->n_sources];
        int row = layout->slots[slot].row;
        *top = row < *top ? row : *top;
        *bottom = row > *bottom ? row : *bottom;
    }
}

/* Marks every line of `gap` in cells and says whether every cell where
 * lines of different groups meet reads one way: lines that run on
 * together must come from the same source or go to the same target; a
 * vertical line may cross another group's line, but not branch where
 * another group's line merges, which would leave unclear which way it
 * goes on. */
static bool gap_reads_clearly(const BoxLayout *layout, const Gap *gap, GapCell *cells)
{
    int width = gap->width;
    memset(cells, 0, (size_t)layout->height * (size_t)width * sizeof *cells);
    for (int i = 0; i < layout->height * width; i++)
        cells[i].vertical_group = -1;
    for (int g = 0; g < gap->n_groups; g++) {
        const Group *group = &gap->groups[g];
        int track = group->track;
        if (track < 0) {   /* one source and one target on the same row */
            use_horizontal(cells, width, layout->slots[group->sources[0]].row, 0, width - 1, g, TO_TARGET,
                           group->targets[0]);
            continue;
        }
        for (int i = 0; i < group->n_sources; i++)
            use_horizontal(cells, width, layout->slots[group->sources[i]].row, 0, track, g, FROM_SOURCE,
                           group->sources[i]);
        for (int i = 0; i < group->n_targets; i++)
            use_horizontal(cells, width, layout->slots[group->targets[i]].row, track, width - 1, g, TO_TARGET,
                           group->targets[i]);
        int top, bottom;
        group_rows(layout, group, &top, &bottom);
        for (int row = top; row <= bottom; row++) {
            GapCell *cell = &cells[row * width + track];
            cell->vertical_group = g;
            cell->vertical_dirs = (row > top ? UP : 0) | (row < bottom ? DOWN : 0);
        }
    }
    for (int i = 0; i < layout->height * width; i++) {
        const GapCell *cell = &cells[i];
        if (cell->crowded)
            return false;
        for (int a = 0; a < cell->n_uses; a++)
            for (int b = a + 1; b < cell->n_uses; b++)
                if (cell->uses[a].group != cell->uses[b].group &&
                    (cell->uses[a].role != cell->uses[b].role || cell->uses[a].endpoint != cell->uses[b].endpoint))
                    return false;
        if (cell->vertical_group < 0 || cell->vertical_dirs != (UP | DOWN))
            continue;
        bool own = false, other = false;
        for (int a = 0; a < cell->n_uses; a++) {
            own = own || cell->uses[a].group == cell->vertical_group;
            other = other || cell->uses[a].group != cell->vertical_group;
        }
        if (own && other && cell->uses[0].role != FROM_SOURCE)
            return false;
    }
    return true;
}

/* The next permutation of order[0..n) in lexicographic order; false after the last. */
static bool next_permutation(int *order, int n)
{
    int i = n - 2;
    while (i >= 0 && order[i] >= order[i + 1])
        i--;
    if (i < 0)
        return false;
    int j = n - 1;
    while (order[j] <= order[i])
        j--;
    int swap = order[i];
    order[i] = order[j];
    order[j] = swap;
    for (int a = i + 1, b = n - 1; a < b; a++, b--) {
        swap = order[a];
        order[a] = order[b];
        order[b] = swap;
    }
    return true;
}

/* Gives the groups that need one a track, trying orders until the gap
 * reads clearly: the longest lines leftmost first (a branch then merges
 * into lines that end where it meets them), then every order of up to
 * PERMUTED_TRACKS_MAX tracks.  False when none does. */
static bool assign_tracks(const BoxLayout *layout, Gap *gap, GapCell *cells)
{
    int tracked[BOXES_MAX_PER_COLUMN], n = 0;
    int span[BOXES_MAX_PER_COLUMN];
    for (int g = 0; g < gap->n_groups; g++) {
        Group *group = &gap->groups[g];
        int top, bottom;
        group_rows(layout, group, &top, &bottom);
        group->track = -1;
        if (group->n_sources == 1 && group->n_targets == 1 && top == bottom)
            continue;
        span[g] = bottom - top;
        tracked[n++] = g;
    }
    gap->width = n ? 2 * n + 3 : 3;
    for (int i = 1; i < n; i++)   /* longest span first, then top to bottom */
        for (int j = i; j > 0 && span[tracked[j - 1]] < span[tracked[j]]; j--) {
            int swap = tracked[j];
            tracked[j] = tracked[j - 1];
            tracked[j - 1] = swap;
        }
    for (int i = 0; i < n; i++)
        gap->groups[tracked[i]].track = 2 + 2 * i;
    if (gap_reads_clearly(layout, gap, cells))
        return true;
    if (n > PERMUTED_TRACKS_MAX)
        return false;
    int order[BOXES_MAX_PER_COLUMN];
    for (int i = 0; i < n; i++)
        order[i] = i;
    do {
        for (int i = 0; i < n; i++)
            gap->groups[tracked[order[i]]].track = 2 + 2 * i;
        if (gap_reads_clearly(layout, gap, cells))
            return true;
    } while (next_permutation(order, n));
    return false;
}

static int find_root(int *parent, int slot)
{
    while (parent[slot] != slot)
        slot = parent[slot] = parent[parent[slot]];
    return slot;
}

static void add_unique(int *list, int *n, int slot)
{
    for (int i = 0; i < *n; i++)
        if (list[i] == slot)
            return;
    list[(*n)++] = slot;
}

/* Groups the links of gap `column`.  Each connected set of links where
 * every source feeds every target is one group (a bus); any other set is
 * split into one group a source (by_source) or one group a target. */
static void group_links(const BoxLayout *layout, int column, bool by_source, Gap *gap)
{
    int parent[MAX_SLOTS];
    for (int s = 0; s < layout->n_slots; s++)
        parent[s] = s;
    for (int l = 0; l < layout->n_links; l++)
        if (layout->slots[layout->links[l].from].column == column)
            parent[find_root(parent, layout->links[l].from)] = find_root(parent, layout->links[l].to);
    gap->n_groups = 0;
    bool done[MAX_SLOTS] = {false};
    for (int l = 0; l < layout->n_links; l++) {
        const Link *link = &layout->links[l];
        int root = find_root(parent, link->from);
        if (layout->slots[link->from].column != column || done[root])
            continue;
        done[root] = true;
        Group all = {.n_sources = 0};
        int n_links = 0;
        for (int m = 0; m < layout->n_links; m++)
            if (layout->slots[layout->links[m].from].column == column &&
                find_root(parent, layout->links[m].from) == root) {
                add_unique(all.sources, &all.n_sources, layout->links[m].from);
                add_unique(all.targets, &all.n_targets, layout->links[m].to);
                n_links++;
            }
        if (n_links == all.n_sources * all.n_targets) {
            gap->groups[gap->n_groups++] = all;
            continue;
        }
        int n_ends = by_source ? all.n_sources : all.n_targets;
        for (int i = 0; i < n_ends && gap->n_groups < BOXES_MAX_PER_COLUMN; i++) {
            Group *group = &gap->groups[gap->n_groups++];
            *group = (Group){.n_sources = 0};
            int end = by_source ? all.sources[i] : all.targets[i];
            for (int m = 0; m < layout->n_links; m++) {
                const Link *other = &layout->links[m];
                if (by_source && other->from == end)
                    add_unique(group->targets, &group->n_targets, other->to);
                if (!by_source && other->to == end)
                    add_unique(group->sources, &group->n_sources, other->from);
            }
            add_unique(by_source ? group->sources : group->targets, by_source ? &group->n_sources
                                                                              : &group->n_targets, end);
        }
    }
}

static bool route_gap(BoxLayout *layout, int column, GapCell *cells)
{
    Gap *gap = &layout->gaps[column];
    group_links(layout, column, true, gap);
    if (assign_tracks(layout, gap, cells))
        return true;
    group_links(layout, column, false, gap);
    return assign_tracks(layout, gap, cells);
}

/* ---- measuring --------------------------------------------------------- */

static void measure(BoxLayout *layout, const Style *style)
{
    const Picture *picture = layout->picture;
    for (int c = 0; c < layout->n_columns; c++)
        layout->column_width[c] = 2;
    for (int i = 0; i < picture->n_nodes; i++) {
        const PictureNode *node = &picture->nodes[i];
        NodeTexts *texts = &layout->texts[i];
        char content[2 * PICTURE_NAME_MAX + 2];
        snprintf(content, sizeof content, "%s%s%s", node->name, node->name[0] && node->operation[0] ? " " : "",
                 node->operation);
        picture_shown(style, content, texts->content, sizeof texts->content);
        char text[SHOWN_MAX];
        picture_value_text(style, node, text, sizeof text);
        picture_shown(style, text, texts->value, sizeof texts->value);
        picture_gradient_text(style, node, text, sizeof text);
        picture_shown(style, text, texts->gradient, sizeof texts->gradient);
        int widest = columns_of(texts->content) + 4;   /* "│ " content " │" */
        int value = columns_of(texts->value) + 1, gradient = columns_of(texts->gradient) + 1;
        widest = value > widest ? value : widest;
        widest = gradient > widest ? gradient : widest;
        if (widest > layout->column_width[node->column])
            layout->column_width[node->column] = widest;
    }
    int x = INDENT;
    for (int c = 0; c < layout->n_columns; c++) {
        layout->column_x[c] = x;
        x += layout->column_width[c] + (c + 1 < layout->n_columns ? layout->gaps[c].width : 0);
    }
    layout->width = x;
}

BoxLayout *boxes_layout(const Style *style, const Picture *picture)
{
    BoxLayout *layout = calloc(1, sizeof *layout);
    if (!layout)
        return NULL;
    layout->picture = picture;
    if (!make_slots(layout) || !order_slots(layout)) {
        boxes_free(layout);
        return NULL;
    }
    place_rows(layout);
    GapCell *cells = calloc((size_t)layout->height * (2 * BOXES_MAX_PER_COLUMN + 3), sizeof *cells);
    bool routed = cells != NULL;
    for (int c = 0; routed && c + 1 < layout->n_columns; c++)
        routed = route_gap(layout, c, cells);
    free(cells);
    if (!routed) {
        boxes_free(layout);
        return NULL;
    }
    measure(layout, style);
    return layout;
}

void boxes_free(BoxLayout *layout)
{
    if (!layout)
        return;
    free(layout->links);
    free(layout);
}

int boxes_width(const BoxLayout *layout) { return layout->width; }

/* ---- drawing ------------------------------------------------------------ */

typedef enum { PLAIN, VALUE_COLOR, GRADIENT_COLOR } CellColor;

typedef struct {
    char text[5];      /* one UTF-8 character of text, or "" for lines */
    int lines;         /* directions lines leave the cell in */
    bool rounded;      /* a corner drawn round: a parameter's box, or a bend in a line */
    CellColor color;
} Cell;

typedef struct {
    Cell *cells;
    int width, height;
} Grid;

static Cell *cell_at(const Grid *grid, int row, int x) { return &grid->cells[row * grid->width + x]; }

static void put_text(const Grid *grid, int row, int x, const char *text, CellColor color)
{
    for (const char *p = text; *p && x < grid->width;) {
        size_t length = 1;
        while ((p[length] & 0xC0) == 0x80 && length < 4)
            length++;
        Cell *cell = cell_at(grid, row, x++);
        memcpy(cell->text, p, length);
        cell->text[length] = '\0';
        cell->color = color;
        p += length;
    }
}

static void put_horizontal(const Grid *grid, int row, int x0, int x1, int ends)
{
    for (int x = x0; x <= x1; x++)
        cell_at(grid, row, x)->lines |= (x > x0 || (ends & LEFT) ? LEFT : 0) | (x < x1 || (ends & RIGHT) ? RIGHT : 0);
}

static void put_vertical(const Grid *grid, int x, int top, int bottom)
{
    for (int row = top; row <= bottom; row++)
        cell_at(grid, row, x)->lines |= (row > top ? UP : 0) | (row < bottom ? DOWN : 0);
}

static void draw_box(const BoxLayout *layout, const Grid *grid, const Slot *slot)
{
    int x0 = layout->column_x[slot->column], x1 = x0 + layout->column_width[slot->column] - 1;
    int row = slot->row;
    if (slot->node < 0) {   /* an edge passing through this column */
        put_horizontal(grid, row, x0, x1, LEFT | RIGHT);
        return;
    }
    const NodeTexts *texts = &layout->texts[slot->node];
    bool rounded = layout->picture->nodes[slot->node].is_parameter;
    int column_end = x1;
    x1 = x0 + columns_of(texts->content) + 3;   /* "│ " content " │": labels may stand out beyond */
    if (slot->has_out && x1 < column_end)
        put_horizontal(grid, row, x1 + 1, column_end, LEFT | RIGHT);
    put_horizontal(grid, row - 1, x0, x1, 0);
    put_horizontal(grid, row + 1, x0, x1, 0);
    put_vertical(grid, x0, row - 1, row + 1);
    put_vertical(grid, x1, row - 1, row + 1);
    for (int y = row - 1; y <= row + 1; y += 2) {
        cell_at(grid, y, x0)->rounded = rounded;
        cell_at(grid, y, x1)->rounded = rounded;
    }
    if (slot->has_in)
        cell_at(grid, row, x0)->lines |= LEFT;
    if (slot->has_out)
        cell_at(grid, row, x1)->lines |= RIGHT;
    put_text(grid, row, x0 + 2, texts->content, PLAIN);
    put_text(grid, row - 2, x0 + 1, texts->value, VALUE_COLOR);
    put_text(grid, row + 2, x0 + 1, texts->gradient, GRADIENT_COLOR);
}

static void draw_gap(const BoxLayout *layout, const Grid *grid, int column)
{
    const Gap *gap = &layout->gaps[column];
    int x = layout->column_x[column] + layout->column_width[column];
    for (int g = 0; g < gap->n_groups; g++) {
        const Group *group = &gap->groups[g];
        if (group->track < 0) {
            put_horizontal(grid, layout->slots[group->sources[0]].row, x, x + gap->width - 1, LEFT | RIGHT);
            continue;
        }
        int track = x + group->track, top, bottom;
        for (int i = 0; i < group->n_sources; i++)
            put_horizontal(grid, layout->slots[group->sources[i]].row, x, track, LEFT);
        for (int i = 0; i < group->n_targets; i++)
            put_horizontal(grid, layout->slots[group->targets[i]].row, track, x + gap->width - 1, RIGHT);
        group_rows(layout, group, &top, &bottom);
        put_vertical(grid, track, top, bottom);
        cell_at(grid, top, track)->rounded = true;
        cell_at(grid, bottom, track)->rounded = true;
    }
}

/* The box-drawing character for lines leaving in `lines`. */
static const char *line_glyph(int lines, bool rounded, bool ascii)
{
    if (ascii) {
        bool vertical = lines & (UP | DOWN), horizontal = lines & (LEFT | RIGHT);
        return vertical && horizontal ? "+" : vertical ? "|" : horizontal ? "-" : " ";
    }
    static const char *const square[16] = {" ", "│", "│", "│", "─", "┘", "┐", "┤",
                                           "─", "└", "┌", "├", "─", "┴", "┬", "┼"};
    if (rounded && lines == (DOWN | RIGHT))
        return "╭";
    if (rounded && lines == (DOWN | LEFT))
        return "╮";
    if (rounded && lines == (UP | RIGHT))
        return "╰";
    if (rounded && lines == (UP | LEFT))
        return "╯";
    return square[lines];
}

static bool row_is_blank(const Grid *grid, int row)
{
    for (int x = 0; x < grid->width; x++)
        if (cell_at(grid, row, x)->text[0] || cell_at(grid, row, x)->lines)
            return false;
    return true;
}

static void write_row(FILE *out, const Style *style, const Grid *grid, int row)
{
    int last = grid->width - 1;
    while (last >= 0 && !cell_at(grid, row, last)->text[0] && !cell_at(grid, row, last)->lines)
        last--;
    CellColor current = PLAIN;
    for (int x = 0; x <= last; x++) {
        const Cell *cell = cell_at(grid, row, x);
        CellColor color = cell->text[0] ? cell->color : PLAIN;
        if (style->color && color != current) {
            fputs(color == VALUE_COLOR ? "\033[32m" : color == GRADIENT_COLOR ? "\033[31m" : "\033[0m", out);
            current = color;
        }
        fputs(cell->text[0] ? cell->text : line_glyph(cell->lines, cell->rounded, style->ascii), out);
    }
    if (current != PLAIN)
        fputs("\033[0m", out);
    fputc('\n', out);
}

void boxes_draw(FILE *out, const Style *style, const BoxLayout *layout)
{
    Grid grid = {calloc((size_t)layout->width * (size_t)layout->height, sizeof(Cell)), layout->width,
                 layout->height};
    if (!grid.cells) {
        fputs("  (out of memory while drawing)\n", out);
        return;
    }
    for (int s = 0; s < layout->n_slots; s++)
        draw_box(layout, &grid, &layout->slots[s]);
    for (int c = 0; c + 1 < layout->n_columns; c++)
        draw_gap(layout, &grid, c);
    int first = 0, last = grid.height - 1;
    while (first < last && row_is_blank(&grid, first))
        first++;
    while (last > first && row_is_blank(&grid, last))
        last--;
    for (int row = first; row <= last; row++)
        write_row(out, style, &grid, row);
    free(grid.cells);
}
