/* arena: memory handed out in blocks and freed all at once.
 *
 * A derivation holds thousands of small strings and operand arrays that
 * live exactly as long as it does; an arena keeps them in a few large
 * blocks, so building one costs few allocations and freeing it one loop. */
#ifndef BACKSTEP_ARENA_H
#define BACKSTEP_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, size;
    max_align_t data[];
} ArenaBlock;

typedef struct {
    ArenaBlock *first;
    bool failed;
} Arena;

/* `size` bytes aligned for any type, or NULL (and `failed` set) when
 * memory runs out. */
void *arena_alloc(Arena *arena, size_t size);

/* A copy of text in the arena, or NULL when memory runs out. */
char *arena_strdup(Arena *arena, const char *text);

/* Frees every block; the arena is empty and may be used again.  Blocks of
 * the usual size are kept (up to 64 MiB in all) for the arenas to come. */
void arena_free(Arena *arena);

#endif
