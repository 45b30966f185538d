/* test_graph_grade: the grader's common mistakes on expressions, each
 * answer worked out by hand from the slip it stands for.
 *
 *   y = (3x + 2)² at x = 2: dy/dx = 2(3x + 2) × 3 = 48.  The chain rule
 *     stopped at the outer square gives 2 × 8 = 16; the power rule's 2
 *     dropped gives 8 × 3 = 24; a flipped sign −48.
 *   q = x + y, p = 3x, f = q × p + x at x = −2, y = 5: df/dx = p × 1 +
 *     q × 3 + 1 = −6 + 9 + 1 = 4.  Leaving out the direct term ∂f/∂x = 1
 *     gives 3; leaving out the path through p (3 × 3 = 9) gives −5.
 *   g = 3x + 2, y = g² at x = 2 in two nodes: dy/dx = dy/dg × dg/dx = 16 × 3
 *     = 48; with dg/dx left out of the chain, 16.
 *   z = x², s = sin(z), L = s² at x = 1.2: dL/dx = 2s cos(z) × 2x
 *     ≈ 0.6207 (python3: 2*sin(1.44)*cos(1.44)*2.4); with dz/dx = 2.4 left
 *     out, 0.2586, written 0.259. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deriv.h"
#include "grade.h"
#include "graph.h"
#include "numfmt.h"
#include "tap.h"

/* A graph from "NAME = FORMULA" lines and "NAME VALUE" inputs. */
static Graph *graph_of(const char *const *lines, int n_lines, const char *const *inputs, const double *values,
                       int n_inputs)
{
    Graph *graph = graph_new();
    Error error = {""};
    for (int i = 0; graph && i < n_lines; i++) {
        char name[32];
        const char *equals = strchr(lines[i], '=');
        snprintf(name, sizeof name, "%.*s", (int)(equals - lines[i] - 1), lines[i]);
        if (!graph_define(graph, name, equals + 1, &error))
            tap_ok(false, "define %s: %s", lines[i], error.message);
    }
    for (int i = 0; graph && i < n_inputs; i++)
        graph_set_input(graph, inputs[i], values[i], &error);
    return graph;
}

/* Grades `answer` for the quantity named `name` and checks the verdict's grade and reason. */
static void expect_verdict(const Graph *graph, const char *name, const char *answer, Grade grade, Because because)
{
    Quantity q;
    Error error = {""};
    if (!tap_ok(graph_parse(graph, name, true, &q, &error), "%s is a name%s%s", name, error.message[0] ? ": " : "",
                error.message))
        return;
    double value;
    NumberWritten written;
    num_parse(answer, &value, &written);
    DerivationSpec spec = {.graph = graph};
    Verdict verdict;
    bool graded = grade_answer(&spec, NULL, 0, q, value, written, &verdict, &error);
    tap_ok(graded && verdict.grade == grade && verdict.because == because,
           "%s = %s: grade %d because %d (expected %d because %d)", name, answer, graded ? (int)verdict.grade : -1,
           graded ? (int)verdict.because : -1, (int)grade, (int)because);
}

int main(void)
{
    const char *square[] = {"y = (3x + 2)^2"};
    const char *x[] = {"x"};
    Graph *graph = graph_of(square, 1, x, (double[]){2}, 1);
    expect_verdict(graph, "dy/dx", "48", GRADE_CORRECT, BECAUSE_ROUNDS_TO);
    expect_verdict(graph, "dy/dx", "16", GRADE_WRONG, MISTAKE_INNER_LEFT_OUT);
    expect_verdict(graph, "dy/dx", "24", GRADE_WRONG, MISTAKE_POWER_FACTOR);
    expect_verdict(graph, "dy/dx", "-48", GRADE_WRONG, MISTAKE_SIGN);
    graph_free(graph);

    const char *fork[] = {"q = x + y", "p = 3x", "f = q*p + x"};
    const char *xy[] = {"x", "y"};
    graph = graph_of(fork, 3, xy, (double[]){-2, 5}, 2);
    expect_verdict(graph, "df/dx", "4", GRADE_CORRECT, BECAUSE_ROUNDS_TO);
    expect_verdict(graph, "df/dx", "3", GRADE_WRONG, MISTAKE_PATH_LEFT_OUT);
    expect_verdict(graph, "df/dx", "-5", GRADE_WRONG, MISTAKE_PATH_LEFT_OUT);
    graph_free(graph);

    const char *split[] = {"g = 3x + 2", "y = g^2"};
    graph = graph_of(split, 2, x, (double[]){2}, 1);
    expect_verdict(graph, "dy/dx", "16", GRADE_WRONG, MISTAKE_FACTOR_LEFT_OUT);
    expect_verdict(graph, "dy/dg", "16", GRADE_CORRECT, BECAUSE_ROUNDS_TO);
    graph_free(graph);

    const char *sine[] = {"z = x^2", "s = sin(z)", "L = s^2"};
    graph = graph_of(sine, 3, x, (double[]){1.2}, 1);
    expect_verdict(graph, "dL/dx", "0.6207", GRADE_CORRECT, BECAUSE_ROUNDS_TO);
    expect_verdict(graph, "dL/dx", "0.259", GRADE_WRONG, MISTAKE_FACTOR_LEFT_OUT);
    graph_free(graph);
    return tap_done();
}
