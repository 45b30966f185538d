/* arena: block allocation (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

/* A block's usual capacity; a larger one is made for a larger request. */
enum { BLOCK_CAPACITY = 65536 };

/* Blocks of the usual capacity that freed arenas gave back, kept for the
 * next arena rather than returned to the system: grading builds dozens
 * of derivations one after another, and memory the C library hands back
 * to the system is paid for again, page by page, by the next one. */
enum { MAX_SPARE_BLOCKS = 1024 };   /* 64 MiB */
static ArenaBlock *spare_blocks;
static int n_spare_blocks;

void *arena_alloc(Arena *arena, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    ArenaBlock *block = arena->first;
    if (!block || block->size - block->used < size) {
        size_t capacity = size > BLOCK_CAPACITY ? size : BLOCK_CAPACITY;
        if (capacity == BLOCK_CAPACITY && spare_blocks) {
            block = spare_blocks;
            spare_blocks = block->next;
            n_spare_blocks--;
        } else {
            block = malloc(sizeof *block + capacity);
        }
        if (!block) {
            arena->failed = true;
            return NULL;
        }
        block->next = arena->first;
        block->used = 0;
        block->size = capacity;
        arena->first = block;
    }
    void *memory = (char *)block->data + block->used;
    block->used += size;
    return memory;
}

char *arena_strdup(Arena *arena, const char *text)
{
    size_t size = strlen(text) + 1;
    char *copy = arena_alloc(arena, size);
    if (copy)
        memcpy(copy, text, size);
    return copy;
}

void arena_free(Arena *arena)
{
    for (ArenaBlock *block = arena->first, *next; block; block = next) {
        next = block->next;
        if (block->size == BLOCK_CAPACITY && n_spare_blocks < MAX_SPARE_BLOCKS) {
            block->next = spare_blocks;
            spare_blocks = block;
            n_spare_blocks++;
        } else {
            free(block);
        }
    }
    arena->first = NULL;
}
