/* commands_draw: `draw`, a picture of the current graph in the terminal,
 * and `draw dot FILE`, the same graph as Graphviz DOT.  The pictures
 * themselves come from picture_network.c and picture_graph.c; drawing
 * them from picture.c and picture_dot.c. */
#include "command_handlers.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "picture.h"
#include "quantity.h"

/* The current graph's picture with `detail`, or NULL with `error` set. */
static Picture *current_picture(Session *session, PictureDetail detail, Error *error)
{
    if (!need_model(session, error))
        return NULL;
    Picture *picture = picture_new("");
    if (!picture)
        return error_set(error, "out of memory while drawing the graph"), NULL;
    bool filled = session->graph ? picture_of_graph(session, picture, error)
                                 : picture_of_network(session, detail, picture, error);
    if (!filled) {
        picture_free(picture);
        return NULL;
    }
    return picture;
}

/* The terminal's picture: z and a as nodes of their own where that fits
 * the width, one node a neuron where only that fits, and when neither
 * does, every node for the table picture_draw falls back to. */
static Status draw_in_terminal(Session *session, Error *error)
{
    Style style = session_style(session);
    Picture *picture = current_picture(session, PICTURE_SUMS_AND_ACTIVATIONS, error);
    if (!picture)
        return STATUS_ERROR;
    if (!picture_fits(&style, picture)) {
        Picture *neurons = current_picture(session, PICTURE_NEURONS, error);
        if (!neurons) {
            picture_free(picture);
            return STATUS_ERROR;
        }
        if (picture_fits(&style, neurons)) {
            picture_free(picture);
            picture = neurons;
        } else {
            picture_free(neurons);
        }
    }
    picture_draw(session->out, &style, picture);
    picture_free(picture);
    return STATUS_OK;
}

static Status draw_dot(Session *session, const char *file, Error *error)
{
    Picture *picture = current_picture(session, PICTURE_SUMS_AND_ACTIVATIONS, error);
    if (!picture)
        return STATUS_ERROR;
    FILE *out = fopen(file, "w");
    if (!out) {
        picture_free(picture);
        return error_set(error, "cannot write %s: %s", file, strerror(errno)), STATUS_ERROR;
    }
    Style style = session_style(session);
    Error write_error;
    errno = 0;
    bool written = picture_write_dot(out, &style, picture, &write_error);
    if (fclose(out) != 0 && written) {
        written = false;
        error_set(&write_error, "%s", strerror(errno));
    }
    int n_nodes = picture->n_nodes, n_edges = picture->n_edges;
    picture_free(picture);
    if (!written)
        return error_set(error, "cannot write %s: %s", file, write_error.message), STATUS_ERROR;
    char line[1024];
    snprintf(line, sizeof line, "wrote %s: %d nodes, %d edges; render it with dot -Tsvg %s -o graph.svg", file,
             n_nodes, n_edges, file);
    say_line(session, line);
    return STATUS_OK;
}

Status cmd_draw(Session *session, const Args *args, Error *error)
{
    if (args->count == 0)
        return draw_in_terminal(session, error);
    const char *word = args->words[0];
    if (strcmp(word, "dot") != 0) {
        size_t length = strlen(word);
        if (length > 4 && strcmp(word + length - 4, ".dot") == 0)
            return error_set(error, "draw takes a file after dot: draw dot %s", word), STATUS_ERROR;
        bool swapped = length == 3 && strchr(word, 'd') && strchr(word, 'o') && strchr(word, 't');   /* dto, odt */
        if (edit_distance(word, "dot") <= 1 || swapped)
            return error_set(error, "draw takes `dot FILE` or nothing, not '%s'; did you mean `draw dot%s%s`?", word,
                             args->count > 1 ? " " : " FILE", args->count > 1 ? args->words[1] : ""), STATUS_ERROR;
        return error_set(error, "draw takes `dot FILE` or nothing, not '%s': draw, or draw dot graph.dot", word),
               STATUS_ERROR;
    }
    if (args->count < 2)
        return error_set(error, "draw dot needs a file to write: draw dot graph.dot"), STATUS_ERROR;
    return draw_dot(session, args->words[1], error);
}
