/* picture_layout: lays a Picture out as boxes and lines (see
 * picture_boxes.h); picture_boxes.c draws what it computes.
 *
 * Three passes.  Slots (a node, or an edge passing through a column) are
 * ordered in their columns and given rows.  Each gap between two columns
 * is routed: its edges are grouped, each group gets one vertical track,
 * and an order of the tracks is searched for in which a learner following
 * the lines reads exactly the picture's edges (gap_reads_clearly).  Then
 * the columns are measured from the texts they show. */
#include "picture_boxes.h"

#include <stdlib.h>
#include <string.h>

#include "wrap.h"

enum { PERMUTED_TRACKS_MAX = 6 };   /* up to this many tracks in a gap, every order is tried */

static int columns_of(const char *text) { return wrap_columns(text, strlen(text)); }

/* ---- slots and their order ------------------------------------------- */

static int add_slot(BoxLayout *layout, int node, int column)
{
    if (layout->n_slots == BOXES_MAX_SLOTS)
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
    if (picture->n_nodes > BOXES_MAX_SLOTS)
        return false;
    for (int i = 0; i < picture->n_nodes; i++) {
        int column = picture->nodes[i].column;
        if (column < 0 || column >= BOXES_MAX_COLUMNS)
            return false;
        add_slot(layout, i, column);
        if (column + 1 > layout->n_columns)
            layout->n_columns = column + 1;
    }
    int reach[BOXES_MAX_SLOTS], first_pass[BOXES_MAX_SLOTS];
    for (int i = 0; i < picture->n_nodes; i++)
        reach[i] = picture->nodes[i].column;
    for (int e = 0; e < picture->n_edges; e++) {
        const PictureEdge *edge = &picture->edges[e];
        if (picture->nodes[edge->from].column >= picture->nodes[edge->to].column)
            return false;   /* only rightward edges can be drawn left to right */
        if (picture->nodes[edge->to].column > reach[edge->from])
            reach[edge->from] = picture->nodes[edge->to].column;
    }
    size_t most_links = (size_t)picture->n_edges + BOXES_MAX_SLOTS;
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
        int members[BOXES_MAX_SLOTS], n = 0;
        double key[BOXES_MAX_SLOTS];
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
 * squares) that keep each slot at least BOXES_SLOT_HEIGHT below the one above.
 * Pools neighbours that push against each other, as isotonic regression
 * does (pool adjacent violators) on wanted[i] - i × BOXES_SLOT_HEIGHT. */
static void fit_rows(double *rows, int n)
{
    double mean[BOXES_MAX_PER_COLUMN];
    int size[BOXES_MAX_PER_COLUMN], n_blocks = 0;
    for (int i = 0; i < n; i++) {
        mean[n_blocks] = rows[i] - i * BOXES_SLOT_HEIGHT;
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
            rows[i] = mean[b] + i * BOXES_SLOT_HEIGHT;
}

/* Rows: the first column stacked BOXES_SLOT_HEIGHT apart; each next column as
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
                wanted[i] = first_fed < 0 ? i * BOXES_SLOT_HEIGHT
                            : i < first_fed ? wanted[first_fed] - (first_fed - i) * BOXES_SLOT_HEIGHT
                                            : wanted[i - 1] + BOXES_SLOT_HEIGHT;
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

static void mark_horizontal(GapCell *cells, int width, int row, int x0, int x1, int ends, int group)
{
    for (int x = x0; x <= x1; x++) {
        GapCell *cell = &cells[row * width + x];
        cell->lines |= (x > x0 || (ends & LINE_LEFT) ? LINE_LEFT : 0) | (x < x1 || (ends & LINE_RIGHT) ? LINE_RIGHT : 0);
        cell->horizontal_groups |= 1u << group;
    }
}

void boxes_group_rows(const BoxLayout *layout, const Group *group, int *top, int *bottom)
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

/* Marks every line of `gap` in cells (layout->height rows of gap->width).
 * Where a track passes straight on under another group's line, with no
 * branch of its own there, the two cross without joining: that cell is
 * drawn as the line alone, the track broken around it, so that a ┼
 * always joins. */
void boxes_mark_gap(const BoxLayout *layout, const Gap *gap, GapCell *cells)
{
    int width = gap->width;
    for (int i = 0; i < layout->height * width; i++)
        cells[i] = (GapCell){0, -1, 0, 0, false};
    for (int g = 0; g < gap->n_groups; g++) {
        const Group *group = &gap->groups[g];
        int track = group->track;
        if (track < 0) {   /* one source and one target on the same row */
            mark_horizontal(cells, width, layout->slots[group->sources[0]].row, 0, width - 1, LINE_LEFT | LINE_RIGHT, g);
            continue;
        }
        for (int i = 0; i < group->n_sources; i++)
            mark_horizontal(cells, width, layout->slots[group->sources[i]].row, 0, track, LINE_LEFT, g);
        for (int i = 0; i < group->n_targets; i++)
            mark_horizontal(cells, width, layout->slots[group->targets[i]].row, track, width - 1, LINE_RIGHT, g);
        int top, bottom;
        boxes_group_rows(layout, group, &top, &bottom);
        for (int row = top; row <= bottom; row++) {
            GapCell *cell = &cells[row * width + track];
            cell->vertical_group = g;
            cell->vertical_lines = (row > top ? LINE_UP : 0) | (row < bottom ? LINE_DOWN : 0);
            cell->lines |= cell->vertical_lines;
        }
    }
    for (int i = 0; i < layout->height * width; i++) {
        GapCell *cell = &cells[i];
        cell->crossing = cell->vertical_lines == (LINE_UP | LINE_DOWN) && cell->horizontal_groups &&
                         !(cell->horizontal_groups & (1u << cell->vertical_group));
    }
}

enum { GOING_RIGHT, GOING_UP, GOING_DOWN, N_GOINGS };

/* Reads the gap as a learner does, and says whether that reading is the
 * picture's: from each source, follow its line rightwards, up and down
 * (never back leftwards, since every edge runs to the right), turning at
 * every junction and going straight on through every crossing; the
 * targets reached must be exactly the source's own. */
static bool gap_reads_clearly(const BoxLayout *layout, const Gap *gap, GapCell *cells)
{
    static const int step_row[N_GOINGS] = {0, -1, 1}, step_x[N_GOINGS] = {1, 0, 0},
                     line_bit[N_GOINGS] = {LINE_RIGHT, LINE_UP, LINE_DOWN};
    int width = gap->width, n_states = layout->height * width * N_GOINGS;
    boxes_mark_gap(layout, gap, cells);
    bool *visited = malloc((size_t)n_states * sizeof *visited);
    int *stack = malloc((size_t)n_states * N_GOINGS * sizeof *stack);
    bool clear = visited && stack;
    for (int g = 0; g < gap->n_groups && clear; g++)
        for (int i = 0; i < gap->groups[g].n_sources && clear; i++) {
            const Slot *source = &layout->slots[gap->groups[g].sources[i]];
            memset(visited, 0, (size_t)n_states * sizeof *visited);
            bool reached[BOXES_MAX_SLOTS] = {false};
            int n_stack = 0;
            stack[n_stack++] = source->row * width * N_GOINGS + GOING_RIGHT;
            while (n_stack > 0) {
                int state = stack[--n_stack], going = state % N_GOINGS, at = state / N_GOINGS;
                if (visited[state])
                    continue;
                visited[state] = true;
                const GapCell *cell = &cells[at];
                for (int next = 0; next < N_GOINGS; next++) {
                    bool turning_back = (going == GOING_UP && next == GOING_DOWN) ||
                                        (going == GOING_DOWN && next == GOING_UP);
                    if (turning_back || (cell->crossing ? next != going : !(cell->lines & line_bit[next])))
                        continue;
                    int row = at / width + step_row[next], x = at % width + step_x[next];
                    if (x < width) {
                        stack[n_stack++] = (row * width + x) * N_GOINGS + next;
                        continue;
                    }
                    for (int s = 0; s < layout->n_slots; s++)   /* out of the gap, into the box on this row */
                        if (layout->slots[s].row == row && layout->slots[s].column == source->column + 1)
                            reached[s] = true;
                }
            }
            int n_reached = 0, n_own = 0;
            for (int s = 0; s < layout->n_slots; s++)
                n_reached += reached[s];
            for (int l = 0; l < layout->n_links; l++)
                if (&layout->slots[layout->links[l].from] == source) {
                    n_own++;
                    clear = clear && reached[layout->links[l].to];
                }
            clear = clear && n_reached == n_own;
        }
    free(visited);
    free(stack);
    return clear;
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
        boxes_group_rows(layout, group, &top, &bottom);
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
    int parent[BOXES_MAX_SLOTS];
    for (int s = 0; s < layout->n_slots; s++)
        parent[s] = s;
    for (int l = 0; l < layout->n_links; l++)
        if (layout->slots[layout->links[l].from].column == column)
            parent[find_root(parent, layout->links[l].from)] = find_root(parent, layout->links[l].to);
    gap->n_groups = 0;
    bool done[BOXES_MAX_SLOTS] = {false};
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
        char text[BOXES_TEXT_MAX];
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
    int x = BOXES_INDENT;
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

