/* arena: block allocation (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

void *arena_alloc(Arena *arena, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    ArenaBlock *block = arena->first;
    if (!block || block->size - block->used < size) {
        size_t capacity = size > 65536 ? size : 65536;
        block = malloc(sizeof *block + capacity);
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
        free(block);
    }
    arena->first = NULL;
}
