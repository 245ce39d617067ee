/*
 * vpool_port.c -- the trusted boundary between vpool's proven logic and the
 * platform. Each function here is a few lines that do one of the things WP
 * cannot reason about: turn a caller-supplied allocator's void * into a typed
 * record, call through a caller-supplied function pointer, read an address as
 * an integer, talk to a sanitizer, or make a system call. Their ACSL
 * contracts (proofs/port.acsl) are the trusted base listed in
 * proofs/trusted_base.md and in every proof report.
 */
#if !defined(_POSIX_C_SOURCE) || _POSIX_C_SOURCE < 200809L
#undef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* close, unlink */
#endif

#include "vpool_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef VPOOL_ASAN
#include <sanitizer/asan_interface.h>
#endif
#ifdef VPOOL_MSAN
#include <sanitizer/msan_interface.h>
#endif

static void *vpool__malloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n);
}

static void vpool__free(void *ud, void *p, size_t n)
{
    (void)ud;
    (void)n;
    free(p);
}

const vpool_allocator_t vpool__malloc_allocator = { vpool__malloc, vpool__free, NULL };

struct vpool *vpool__pool_rec_alloc(const vpool_allocator_t *a)
{
    return (struct vpool *)a->alloc(a->ud, sizeof(struct vpool));
}

void vpool__pool_rec_free(const vpool_allocator_t *a, struct vpool *r)
{
    /* The record may hold the allocator being called: copy it first. */
    vpool_allocator_t copy = *a;
    copy.free(copy.ud, r, sizeof(struct vpool));
}

struct vpool_block *vpool__block_rec_alloc(const vpool_allocator_t *a)
{
    return (struct vpool_block *)a->alloc(a->ud, sizeof(struct vpool_block));
}

void vpool__block_rec_free(const vpool_allocator_t *a, struct vpool_block *r)
{
    a->free(a->ud, r, sizeof(struct vpool_block));
}

struct vpool_large *vpool__large_rec_alloc(const vpool_allocator_t *a)
{
    return (struct vpool_large *)a->alloc(a->ud, sizeof(struct vpool_large));
}

void vpool__large_rec_free(const vpool_allocator_t *a, struct vpool_large *r)
{
    a->free(a->ud, r, sizeof(struct vpool_large));
}

struct vpool_cleanup_rec *vpool__cl_array_alloc(const vpool_allocator_t *a, size_t count)
{
    return (struct vpool_cleanup_rec *)a->alloc(a->ud, count * sizeof(struct vpool_cleanup_rec));
}

void vpool__cl_array_free(const vpool_allocator_t *a, struct vpool_cleanup_rec *arr, size_t count)
{
    a->free(a->ud, arr, count * sizeof(struct vpool_cleanup_rec));
}

char *vpool__bytes_alloc(const vpool_allocator_t *a, size_t n)
{
    return (char *)a->alloc(a->ud, n);
}

void vpool__bytes_free(const vpool_allocator_t *a, char *p, size_t n)
{
#ifdef VPOOL_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
    a->free(a->ud, p, n);
}

size_t vpool__addr_rem(const char *p, size_t m)
{
    return (size_t)((uintptr_t)p % m);
}

/* A volatile function pointer: the compiler cannot prove the call is a plain
 * memset on memory about to die, so it cannot drop it. */
static void *(*const volatile vpool__memset_v)(void *, int, size_t) = memset;

void vpool__wipe(char *p, size_t n)
{
    if (n == 0) {
        return;
    }
#ifdef VPOOL_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
    (void)vpool__memset_v(p, 0, n);
}

void vpool__poison(const char *p, size_t n)
{
#ifdef VPOOL_ASAN
    ASAN_POISON_MEMORY_REGION(p, n);
#else
    (void)p;
    (void)n;
#endif
}

void vpool__unpoison(const char *p, size_t n)
{
#ifdef VPOOL_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
#ifdef VPOOL_MSAN
    __msan_allocated_memory(p, n);
#endif
    (void)p;
    (void)n;
}

void vpool__call_cleanup(vpool_cleanup_fn fn, void *data)
{
    fn(data);
}

int vpool__call_visit(vpool_visit_fn fn, void *ctx, const vpool_t *p, unsigned depth,
                      const vpool_stats_t *s)
{
    return fn(ctx, p, depth, s);
}

void vpool__misuse_fatal(const char *msg)
{
    fprintf(stderr, "%s\n", msg);
    abort();
}

void vpool__misuse(vpool_misuse_fn fn, void *ud, vpool_misuse_t what, const char *msg)
{
    if (fn == NULL) {
        vpool__misuse_fatal(msg);
    }
    fn(ud, what, msg);
}

void vpool__fd_cl_init(void *data, int fd, const char *path, size_t len)
{
    struct vpool_fd_cl *c = (struct vpool_fd_cl *)data;
    char *copy = (char *)(c + 1);
    c->fd = fd;
    c->path = NULL;
    if (path != NULL) {
        memcpy(copy, path, len);
        copy[len] = '\0';
        c->path = copy;
    }
}

void vpool__fd_cleanup(void *data)
{
    const struct vpool_fd_cl *c = (const struct vpool_fd_cl *)data;
    (void)close(c->fd);
    if (c->path != NULL) {
        (void)unlink(c->path);
    }
}
