/*
 * vpool.h -- region/pool allocator with sub-pools and cleanup handlers.
 *
 * The one public header of vpool. C99, libc only, no global mutable state.
 * Every object behind a vpool_t is opaque; the layout lives in vpool.c.
 *
 * Threading: a pool tree (a root and all its descendants) has one owner at a
 * time. Different trees may be used from different threads concurrently;
 * nothing is shared between trees except the backing allocator the caller
 * supplies (which must then be thread-safe itself; malloc/free are).
 *
 * Failure model:
 *   - recoverable failures (out of memory, memory limit reached, size
 *     arithmetic that would overflow, NULL pool, invalid options) return NULL,
 *     0 or a vpool_status_t error and leave the pool unchanged;
 *   - detectable misuse (a pointer that is not a live pool, destroy/reset of a
 *     tree whose teardown is running, invalid alignment, a child with a foreign
 *     allocator, a backing allocator returning misaligned memory) calls the
 *     pool's misuse handler, which aborts by default. Misuse checks are always
 *     compiled in (NDEBUG does not remove them). If a custom handler returns,
 *     the call fails as for a recoverable failure.
 *
 * See docs/api.md for the full semantics table and docs/design.md for the
 * algorithm and layout.
 */
#ifndef VPOOL_H
#define VPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VPOOL_VERSION_MAJOR 0
#define VPOOL_VERSION_MINOR 1
#define VPOOL_VERSION_PATCH 0

/* Strictest fundamental alignment (C11's alignof(max_align_t), computed in
 * C99): 16 on x86-64 and aarch64. Every vpool_alloc result is a multiple. */
union vpool_max_align_u {
    long double ld;
    long long ll;
    double d;
    void *p;
    void (*f)(void);
};
struct vpool_align_probe_s {
    char c;
    union vpool_max_align_u u;
};
#define VPOOL_ALIGNMENT (offsetof(struct vpool_align_probe_s, u))

/* Largest alignment vpool_memalign serves from inside a block; larger
 * alignments are served by an over-allocated large allocation. */
#define VPOOL_INBLOCK_MAX_ALIGN ((size_t)4096)

/* Defaults and limits for vpool_options_t (bytes unless stated). */
#define VPOOL_DEFAULT_BLOCK_SIZE ((size_t)8192)
#define VPOOL_MIN_BLOCK_SIZE ((size_t)256)
#define VPOOL_MAX_BLOCK_SIZE ((size_t)1 << 30)
#define VPOOL_DEFAULT_CACHE_BLOCKS ((size_t)128)

/* The root's caches. A root keeps for its own tree only (nothing crosses
 * trees; everything is freed when the root dies; all off with
 * VPOOL_CACHE_OFF and under ASan, MSan and VPOOL_PASSTHROUGH):
 *   - up to cache_blocks freed standard blocks and as many freed child
 *     records;
 *   - up to cache_blocks freed large-allocation records;
 *   - up to min(cache_blocks, 8) freed cleanup stacks of the first size
 *     (8 slots; grown stacks are freed), so a pool's first cleanup needs no
 *     backing call;
 *   - up to VPOOL_LARGE_AREA_CACHE freed large areas, together at most
 *     cache_blocks * block_size bytes (what the block cache may hold), each
 *     reused only by a large allocation of exactly the same size (n plus
 *     the alignment slack). The count bounds the search each large
 *     allocation makes. A VPOOL_SECURE_WIPE pool's area is wiped before it
 *     is cached.
 * Cached memory counts in no pool's held or limit; a pool served from a
 * cache is charged exactly as for a fresh allocation. */
#define VPOOL_LARGE_AREA_CACHE 8u

/* A small request that does not fit in a block counts a failure against
 * that block; a block that has failed more than this many requests stops
 * being tried (the "current" block moves past it). At most
 * VPOOL_RETRY_BLOCKS + 1 partly used blocks are tried before an empty or
 * new block serves the request, while the tails of recent blocks still
 * absorb later small requests. */
#define VPOOL_RETRY_BLOCKS 4u

/* Flags for vpool_options_t.flags. */
#define VPOOL_SECURE_WIPE 0x1u /* zero memory on reset, destroy and free */

typedef struct vpool vpool_t;

/* Outcome of vpool_free, vpool_cleanup_run and vpool_cleanup_kill. */
typedef enum vpool_status {
    VPOOL_OK = 0,       /* the operation was carried out */
    VPOOL_DECLINED = 1, /* nothing to do: not ours / not live; nothing touched */
    VPOOL_EINVAL = 2    /* NULL pool or misuse reported to a returning handler */
} vpool_status_t;

/* Kinds of detectable misuse passed to the misuse handler. */
typedef enum vpool_misuse {
    VPOOL_MISUSE_BAD_POOL = 1,      /* not a live pool (e.g. double destroy) */
    VPOOL_MISUSE_BUSY = 2,          /* destroy/reset/create_child in a tree
                                       whose teardown, cleanup or vpool_dump
                                       visitor is running; a cleanup added
                                       to a pool whose cleanups are running */
    VPOOL_MISUSE_BAD_ALIGN = 3,     /* alignment 0 or not a power of two */
    VPOOL_MISUSE_FOREIGN_CHILD = 4, /* child options name another allocator */
    VPOOL_MISUSE_BACKING = 5        /* backing allocator broke its contract */
} vpool_misuse_t;

/* Backing allocator. alloc(ud, n) returns NULL or at least n bytes aligned
 * to VPOOL_ALIGNMENT (malloc qualifies); free(ud, p, n) releases a block that
 * alloc returned for the same n. Never called with n == 0. */
typedef struct vpool_allocator {
    void *(*alloc)(void *ud, size_t n);
    void (*free)(void *ud, void *p, size_t n);
    void *ud;
} vpool_allocator_t;

/* Misuse handler: called with the handler's user data, the kind of misuse and
 * a static message. The default prints the message to stderr and aborts. */
typedef void (*vpool_misuse_fn)(void *ud, vpool_misuse_t what, const char *msg);

/* Options for vpool_create / vpool_create_child. A zero-initialised struct
 * (or a NULL pointer) means "all defaults"; every field's zero is a default. */
typedef struct vpool_options {
    size_t block_size;   /* payload bytes per block; 0: VPOOL_DEFAULT_BLOCK_SIZE
                            (children: the parent's). Must lie in
                            [VPOOL_MIN_BLOCK_SIZE, VPOOL_MAX_BLOCK_SIZE]. */
    const vpool_allocator_t *allocator; /* NULL: malloc/free (children: the
                            parent's; a different one is misuse). Copied. */
    size_t limit;        /* cap on bytes this pool holds from the backing
                            allocator (blocks, large allocations, records);
                            0: no cap. Children have their own cap. */
    unsigned flags;      /* VPOOL_SECURE_WIPE; children: parent's | flags */
    const char *tag;     /* name shown by vpool_dump; not copied, may be NULL */
    size_t cache_blocks; /* roots only: blocks kept for reuse by the tree,
                            also the bound of its other caches (see above);
                            0: VPOOL_DEFAULT_CACHE_BLOCKS. Use
                            VPOOL_CACHE_OFF to disable them all. */
    vpool_misuse_fn misuse; /* NULL: default (abort); children: parent's */
    void *misuse_ud;
} vpool_options_t;

#define VPOOL_CACHE_OFF SIZE_MAX

/* Cleanup handler, called once with the data given at registration. */
typedef void (*vpool_cleanup_fn)(void *data);

/* Handle of a registered cleanup; 0 is never a valid handle. */
typedef uint64_t vpool_cleanup_t;

/* Statistics of one pool (not including its children). */
typedef struct vpool_stats {
    size_t requested;   /* bytes asked for by live allocations since the last
                           reset (n as passed, 0 counted as 1) */
    size_t used;        /* bytes consumed in blocks incl. padding and
                           redzones, plus live large allocation sizes */
    size_t capacity;    /* total payload bytes of blocks plus large sizes */
    size_t wasted;      /* used - requested: padding, redzones, rounding */
    size_t blocks;      /* blocks owned */
    size_t large_count; /* live large allocations */
    size_t large_bytes; /* their sizes as requested */
    size_t cleanups;    /* registered cleanups neither run nor killed */
    size_t children;    /* direct children */
    size_t held;        /* bytes held from the backing allocator (all kinds) */
    size_t limit;       /* the cap on held; SIZE_MAX if none */
    size_t cached_blocks; /* roots: blocks in the tree's cache; else 0 */
    size_t cached_large;  /* roots: large-allocation records cached; else 0 */
    size_t cached_cleanups; /* roots: cleanup stacks cached; else 0 */
} vpool_stats_t;

/* Visitor for vpool_dump: depth 0 is the pool passed to vpool_dump. Return 0
 * to continue, non-zero to stop the walk (vpool_dump returns that value). */
typedef int (*vpool_visit_fn)(void *ctx, const vpool_t *p, unsigned depth,
                              const vpool_stats_t *stats);

/* ---- create / destroy --------------------------------------------------- */

/* Creates a root pool. opts may be NULL (all defaults).
 * Returns NULL iff the options are invalid (block_size out of range, limit
 * below what the pool record needs) or the backing allocator fails. No block
 * is allocated until the first small allocation. O(1). */
vpool_t *vpool_create(const vpool_options_t *opts);

/* Creates a child of parent; it inherits the allocator, misuse handler,
 * block size (unless opts->block_size != 0) and flags (ORed with opts->flags).
 * Returns NULL iff parent is NULL, the options are invalid, or allocation
 * fails (the root's block cache is tried first). Misuse: parent not a live
 * pool, parent's tree busy (a teardown, cleanup handler or vpool_dump
 * visitor is running in it), opts->allocator naming an allocator
 * other than the parent's. O(1). */
vpool_t *vpool_create_child(vpool_t *parent, const vpool_options_t *opts);

/* Destroys p and everything it owns: first its descendants, deepest first
 * and most recently created first (iteratively: any depth is fine), then for
 * each pool its cleanups LIFO, then its large allocations, then its blocks
 * (to the root's cache when it has room); finally p is unlinked from its
 * parent. NULL is a no-op. Misuse: p not a live pool; p's tree already being
 * torn down (e.g. from inside a cleanup handler). O(pools + blocks + large +
 * cleanups) in the subtree. */
void vpool_destroy(vpool_t *p);

/* Resets p: destroys its children, runs its cleanups LIFO, frees its large
 * allocations, then rewinds every block to its own start and keeps all
 * blocks. Statistics "requested"/"used" restart at 0. NULL is a no-op.
 * Misuse as for vpool_destroy. */
void vpool_reset(vpool_t *p);

/* ---- allocation --------------------------------------------------------- */
/* All allocation functions: the result lives until p is reset or destroyed
 * (or, for a large allocation, until vpool_free). They return NULL iff p is
 * NULL, the size arithmetic would overflow, the pool's limit would be
 * exceeded, or the backing allocator fails; the pool is then unchanged.
 * n == 0 is treated as n == 1: a unique, non-NULL pointer. Requests up to
 * block_size / 4 (vpool_memalign above VPOOL_ALIGNMENT: up to
 * block_size / 4 - align + 1) bump inside a block (amortised O(1); at most
 * VPOOL_RETRY_BLOCKS + 1 partly used blocks are tried); larger ones are
 * large allocations: separate backing allocations, or areas from the
 * root's cache, that vpool_free can release early (O(1)). */

/* n bytes aligned to VPOOL_ALIGNMENT. */
void *vpool_alloc(vpool_t *p, size_t n);

/* n bytes with no alignment guarantee (strings, byte buffers). */
void *vpool_nalloc(vpool_t *p, size_t n);

/* vpool_alloc, zero-filled. */
void *vpool_calloc(vpool_t *p, size_t n);

/* count * size bytes, aligned, not zeroed; NULL if the product overflows. */
void *vpool_alloc_array(vpool_t *p, size_t count, size_t size);

/* n bytes aligned to align, which must be a power of two (else misuse, then
 * NULL). Alignments up to VPOOL_INBLOCK_MAX_ALIGN are served inside a block
 * when n fits; others over-allocate a large allocation. */
void *vpool_memalign(vpool_t *p, size_t n, size_t align);

/* Copies of a NUL-terminated string / of n bytes, unaligned (as
 * vpool_nalloc). NULL if s/src is NULL, or as vpool_nalloc. The copy is a
 * memmove: a source that overlaps pool memory is still copied as it was. */
char *vpool_strdup(vpool_t *p, const char *s);
void *vpool_memdup(vpool_t *p, const void *src, size_t n);

/* Frees ptr now if it is a live large allocation of p: returns VPOOL_OK
 * (its memory goes back to the backing allocator or to the root's caches).
 * For any other pointer (small, foreign, already freed, NULL) returns
 * VPOOL_DECLINED and changes nothing; VPOOL_EINVAL if p is NULL.
 * O(large allocations of p), most recent first. */
vpool_status_t vpool_free(vpool_t *p, void *ptr);

/* ---- cleanups ----------------------------------------------------------- */
/* Cleanups run LIFO on reset and destroy, after the pool's children are
 * gone; a reset or destroy runs the cleanups pending when the pool's own
 * run began (less any a handler kills or runs first) and no others, so it
 * always ends. Inside a handler it is allowed to allocate, to run or kill
 * cleanups of any live pool, to add cleanups to any live pool except one
 * whose own cleanups are running (an ancestor still waiting for its turn
 * accepts them and runs them later in the same teardown), and to destroy or
 * reset pools of other trees. Misuse (VPOOL_MISUSE_BUSY): a cleanup added
 * to a pool whose cleanups are running (accepted, it would be left unrun;
 * run, a handler that re-registered itself would never let the teardown
 * end), and a destroy, reset or new child in the handler's tree. */

/* Registers fn(data). All-or-nothing: returns a non-zero handle, or 0 iff p
 * or fn is NULL, memory is exhausted, or p's own cleanups are running (misuse
 * reported first, VPOOL_MISUSE_BUSY); then nothing is registered and no pool
 * memory is handed out (the cleanup stack may keep capacity it grew, counted
 * in vpool_stats().held). Amortised O(1). */
vpool_cleanup_t vpool_cleanup_add(vpool_t *p, vpool_cleanup_fn fn, void *data);

/* Like vpool_cleanup_add, with `size` bytes of aligned data allocated in the
 * pool and passed to fn; *data receives it (set to NULL on failure). Also
 * all-or-nothing: the data is allocated only if the registration succeeds.
 * Returns 0 also if data is NULL. */
vpool_cleanup_t vpool_cleanup_add_sized(vpool_t *p, vpool_cleanup_fn fn,
                                        size_t size, void **data);

/* Runs the cleanup h now (exactly once over its life) and unregisters it:
 * VPOOL_OK. VPOOL_DECLINED if h is not a pending cleanup of p: unknown, run,
 * killed, from before a reset, or issued by another pool of p's tree (one
 * generation counter per tree). Handles are not meant to cross trees: one
 * from another tree is declined unless its 32-bit generation and slot happen
 * to match a pending cleanup of p. VPOOL_EINVAL if p is NULL. O(1). */
vpool_status_t vpool_cleanup_run(vpool_t *p, vpool_cleanup_t h);

/* Unregisters h without running it: VPOOL_OK; VPOOL_DECLINED and
 * VPOOL_EINVAL as above. O(1). */
vpool_status_t vpool_cleanup_kill(vpool_t *p, vpool_cleanup_t h);

/* Registers close(fd). Returns 0 iff p is NULL, fd < 0, memory runs out, or
 * p's own cleanups are running (misuse, as vpool_cleanup_add); then fd stays
 * open and the caller's. */
vpool_cleanup_t vpool_cleanup_fd(vpool_t *p, int fd);

/* Registers close(fd) then unlink(path) (path is copied into the pool, in
 * the same allocation as the record: all-or-nothing), for temporary files.
 * Returns 0 iff p or path is NULL, fd < 0, memory runs out, or p's own
 * cleanups are running (misuse, as vpool_cleanup_add). */
vpool_cleanup_t vpool_cleanup_file(vpool_t *p, int fd, const char *path);

/* ---- introspection ------------------------------------------------------ */

/* Fills *s with p's statistics (zeroes if p is NULL); does nothing if s is
 * NULL. On a pool vpool_check accepts no figure wraps and requested <= used
 * <= capacity; cached_large saturates at SIZE_MAX. s must not overlap the
 * pool. O(blocks). */
void vpool_stats(const vpool_t *p, vpool_stats_t *s);

/* The tag given at creation, or NULL. */
const char *vpool_tag(const vpool_t *p);

/* The parent of p, or NULL for a root or a NULL p. */
vpool_t *vpool_parent(const vpool_t *p);

/* Walks p and its descendants in pre-order (children most recent first),
 * iteratively, calling visit for each. Returns 0 or the first non-zero value
 * returned by visit. -1 if p or visit is NULL. The tree is busy while visit
 * runs (as while a cleanup handler runs): visit may read, allocate and
 * add/run/kill cleanups, but vpool_destroy, vpool_reset or
 * vpool_create_child on a pool of the tree is misuse (VPOOL_MISUSE_BUSY)
 * and refused, so the walk sees the tree's shape as it was at the call.
 * O(pools visited + their blocks). */
int vpool_dump(const vpool_t *p, vpool_visit_fn visit, void *ctx);

/* Returns true iff every structural invariant of p holds: exactly the ACSL
 * predicate vpool_valid (proofs/logic/valid.h, the same named conjuncts;
 * proven), for any record whose lists are readable up to their recorded
 * counts. False for NULL or a dead handle. Checks p only, not its children
 * (it reads p's root for the tree links and the root's list of free cleanup
 * arrays, which must not name p's array in use, any array twice, or NULL;
 * of a root it walks the lists of spare records kept for its tree, which
 * must hold exactly their counts, and the cached large areas, each a
 * record with bytes, listed once, their sizes plus the room left equal to
 * the byte budget the root was created with).
 * Never aborts. O(blocks + large + cleanups + children), plus, for a root,
 * O(its cached records). */
bool vpool_check(const vpool_t *p);

#ifdef __cplusplus
}
#endif

#endif /* VPOOL_H */
