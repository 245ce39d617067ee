/*
 * vpool_impl.h -- private layout of vpool and the port boundary.
 *
 * Not part of the API: only vpool.c and vpool_port.c include it.
 *
 * Layout (see docs/design.md for the full diagram):
 *
 *   struct vpool (record) --first--> block rec --next--> block rec --> ...
 *        |                             | mem                 | mem
 *        |                             v                     v
 *        |                         [payload: used | free ]  [payload ...]
 *        |--large--> large rec <-> large rec ...  (each owns one backing area)
 *        |--cl-----> cleanup_rec[cap]  (a stack; handles name a slot + gen)
 *        `--child--> struct vpool <-> sibling ... (tree; parent/root links)
 *
 * Records and payloads are separate backing allocations: no header is ever
 * carved out of a byte block, so the proofs need no pointer casts (WP's
 * Typed model), and bump positions are size_t offsets, never pointers.
 */
#ifndef VPOOL_IMPL_H
#define VPOOL_IMPL_H

#include "vpool.h"

#define VPOOL_MAGIC 0x7670306cu /* "vp0l": a live pool record */
#define VPOOL_DEAD 0x64656164u  /* "dead": a record in the cache */

/* Internal flag bits (above the public VPOOL_* flags). */
#define VPOOL_F_PUBLIC_MASK 0x0000ffffu
/* Set while the pool's own cleanups run (reset, destroy): registering a
 * cleanup on it is refused as VPOOL_MISUSE_BUSY, so the run walks a stack
 * that cannot grow and ends (a handler that re-registered itself would
 * otherwise keep it going forever). */
#define VPOOL_F_CLOSING 0x00010000u

/* Redzone kept after each small allocation when AddressSanitizer is on,
 * so a one-byte overflow lands on poisoned memory. */
#if defined(__SANITIZE_ADDRESS__)
#define VPOOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VPOOL_ASAN 1
#endif
#endif
#ifdef VPOOL_ASAN
#define VPOOL_REDZONE ((size_t)16)
#define VPOOL_NALLOC_ALIGN ((size_t)8) /* ASan shadow granule */
#else
#define VPOOL_REDZONE ((size_t)0)
#define VPOOL_NALLOC_ALIGN ((size_t)1)
#endif

#if defined(__has_feature)
#if __has_feature(memory_sanitizer)
#define VPOOL_MSAN 1
#endif
#endif

/* 1 when a sanitizer must be told about memory handed out. Used as an
 * ordinary constant in `if`, so every configuration compiles (and the
 * proofs see) the same code; the compiler drops the dead call. */
#if defined(VPOOL_ASAN) || defined(VPOOL_MSAN)
#define VPOOL_SANITIZE 1
#else
#define VPOOL_SANITIZE 0
#endif

/* Pass-through mode: every allocation is its own backing allocation and the
 * block cache is off, so sanitizers and valgrind see each object alone. */
#if defined(VPOOL_PASSTHROUGH) || defined(VPOOL_ASAN) || defined(VPOOL_MSAN)
#define VPOOL_CACHE_ENABLED 0
#else
#define VPOOL_CACHE_ENABLED 1
#endif

/* Payload pointers are plain char *: WP's Typed memory model reads void *
 * as char *, so a result converts to the API's void * without a pointer
 * cast, which that model cannot follow (see docs/proofs.md). */
struct vpool_block {
    struct vpool_block *next;
    char *mem;          /* payload, VPOOL_ALIGNMENT-aligned, size bytes */
    size_t size;        /* payload capacity */
    size_t used;        /* bump offset: [0, used) handed out, used <= size */
    size_t requested;   /* bytes asked for in [0, used): <= used, so it
                           cannot wrap (a pool-wide sum could, for WP) */
    size_t mis;         /* address of mem modulo VPOOL_INBLOCK_MAX_ALIGN */
    unsigned failed;    /* requests that did not fit (see VPOOL_RETRY_BLOCKS) */
};

struct vpool_large {
    struct vpool_large *next;
    struct vpool_large *prev;
    char *base;          /* what the backing allocator returned */
    char *mem;           /* what the caller got: base + shift */
    size_t size;         /* bytes obtained for base */
    size_t requested;    /* n as asked (0 counted as 1) */
};

#define VPOOL_CL_PENDING 1u
#define VPOOL_CL_MIN_CAP ((size_t)8) /* slots of a pool's first cleanup stack */
/* Free first-size cleanup stacks a root keeps (see vpool.h): enough for a
 * server root whose requests overlap a little; a fixed array costs every
 * pool record 8 pointers. */
#define VPOOL_CL_CACHE_MAX 8u
/* Free large areas a root keeps for reuse on the exact same size (vpool.h). */
#define VPOOL_LAREA_CACHE_MAX VPOOL_LARGE_AREA_CACHE
#define VPOOL_CL_DONE 2u

struct vpool_cleanup_rec {
    vpool_cleanup_fn fn;
    void *data;
    uint32_t gen;   /* generation of the handle that names this slot */
    uint32_t state; /* VPOOL_CL_PENDING or VPOOL_CL_DONE */
};

struct vpool {
    uint32_t magic;  /* VPOOL_MAGIC while live */
    uint32_t flags;  /* public flags */
    struct vpool *root;   /* itself for a root */
    struct vpool *parent; /* NULL for a root */
    struct vpool *child;  /* most recent child */
    struct vpool *next;   /* older sibling */
    struct vpool *prev;   /* newer sibling */
    const char *tag;
    vpool_allocator_t backing;
    vpool_misuse_fn misuse;
    void *misuse_ud;

    size_t block_size; /* payload bytes of a standard block */
    size_t small_max;  /* largest request served inside a block */
    size_t limit;      /* cap on held (SIZE_MAX: none) */
    size_t held;       /* bytes held from the backing allocator */

    struct vpool_block *first;   /* oldest block */
    struct vpool_block *current; /* first block still tried */
    struct vpool_block *last;    /* newest block */
    size_t nblocks;

    struct vpool_large *large; /* most recent first */
    size_t nlarge;
    size_t large_bytes; /* sum of requested over live large allocations */
    size_t large_held;  /* sum of size over live large allocations */

    struct vpool_cleanup_rec *cl; /* stack of cleanup records */
    size_t ncl;                   /* slots in use */
    size_t capcl;                 /* slots allocated */
    size_t npending;              /* slots in state PENDING */
    uint32_t clgen;               /* root only: last handle generation issued in the tree */

    size_t nchildren;

    /* Root only: the tree's state. */
    size_t busy;                /* teardowns / cleanup runs in progress */
    struct vpool_block *cache;  /* free standard blocks (via next) */
    size_t ncache;
    size_t cache_max;
    struct vpool *pool_cache;   /* free child records (via next) */
    size_t npool_cache;
    struct vpool_large *lrec_cache; /* free large records (via next), no area */
    size_t nlrec_cache;             /* <= cache_max */
    /* free cleanup stacks of VPOOL_CL_MIN_CAP slots; a fixed array because
     * a free stack has no link field of its own */
    struct vpool_cleanup_rec *cl_cache[VPOOL_CL_CACHE_MAX];
    size_t ncl_cache;               /* <= min(cache_max, VPOOL_CL_CACHE_MAX) */
    /* free large records that keep their area (base, size); an array, so
     * taking one from the middle writes only the root */
    struct vpool_large *larea[VPOOL_LAREA_CACHE_MAX];
    size_t nlarea_cache;            /* <= VPOOL_LAREA_CACHE_MAX */
    size_t larea_room;              /* bytes more the area cache may hold */
    /* larea_room as vpool_create set it: larea_room plus the cached areas'
     * sizes stays equal to it (a linear fact vpool_check can test; the
     * product cache_max * block_size it is computed from is not one the
     * provers can carry) */
    size_t larea_budget;
};

/* ---- port: the trusted boundary (vpool_port.c) ---------------------------
 * Everything that casts, calls through a caller-supplied function pointer,
 * or talks to the platform lives behind these prototypes. Their contracts
 * are trusted base for the proofs (proofs/trusted_base.md). */

extern const vpool_allocator_t vpool__malloc_allocator;

struct vpool *vpool__pool_rec_alloc(const vpool_allocator_t *a)
    /*@ ghost (vpool_t *owner) */;
void vpool__pool_rec_free(const vpool_allocator_t *a, struct vpool *r);
struct vpool_block *vpool__block_rec_alloc(const vpool_allocator_t *a)
    /*@ ghost (vpool_t *owner) */;
void vpool__block_rec_free(const vpool_allocator_t *a, struct vpool_block *r);
struct vpool_large *vpool__large_rec_alloc(const vpool_allocator_t *a)
    /*@ ghost (vpool_t *owner, char *area, size_t n) */;
void vpool__large_rec_free(const vpool_allocator_t *a, struct vpool_large *r);
struct vpool_cleanup_rec *vpool__cl_array_alloc(const vpool_allocator_t *a,
                                                size_t count)
    /*@ ghost (vpool_t *owner, void **out) */;
void vpool__cl_array_free(const vpool_allocator_t *a,
                          struct vpool_cleanup_rec *arr, size_t count);

/* n > 0 bytes, VPOOL_ALIGNMENT-aligned (a misaligned result from the
 * caller's allocator is reported as VPOOL_MISUSE_BACKING by the caller via
 * vpool__addr_rem). */
char *vpool__bytes_alloc(const vpool_allocator_t *a, size_t n)
    /*@ ghost (vpool_t *owner, struct vpool_block *brec, struct vpool_large *lrec) */;
void vpool__bytes_free(const vpool_allocator_t *a, char *p, size_t n);

/* (uintptr_t)p % m, for m a power of two. */
size_t vpool__addr_rem(const char *p, size_t m);

/* Zeroes n bytes in a way the compiler may not elide. */
void vpool__wipe(char *p, size_t n);

/* Sanitizer hooks: no-ops unless ASan / MSan is on. */
void vpool__poison(const char *p, size_t n);
void vpool__unpoison(const char *p, size_t n);

void vpool__call_cleanup(vpool_cleanup_fn fn, void *data);
void vpool__misuse(vpool_misuse_fn fn, void *ud, vpool_misuse_t what,
                   const char *msg);
/* Misuse on a record that is not a live pool: no handler can be trusted. */
void vpool__misuse_fatal(const char *msg);

int vpool__call_visit(vpool_visit_fn fn, void *ctx, const vpool_t *p,
                      unsigned depth, const vpool_stats_t *s);

/* Data of the cleanups registered by vpool_cleanup_fd / vpool_cleanup_file. */
struct vpool_fd_cl {
    int fd;
    const char *path; /* NULL: close only; else close, then unlink(path) */
};
/* data holds sizeof(struct vpool_fd_cl) + len + 1 bytes; path (len bytes,
 * or NULL) is copied behind the record. */
void vpool__fd_cl_init(void *data, int fd, const char *path, size_t len);
void vpool__fd_cleanup(void *data);

#endif /* VPOOL_IMPL_H */
