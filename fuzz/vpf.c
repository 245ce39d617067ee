/*
 * vpf.c -- op interpreter and shadow model for the vpool fuzz targets.
 *
 * Input format (all integers little-endian, read byte by byte, so the layout
 * never depends on the host's struct layout): the input opens with one root
 * creation, then a stream of ops; each op is an opcode byte followed by its
 * arguments. Reading past the end yields zeroes, so every byte string is a
 * valid program and the fuzzer never wastes executions on rejected inputs.
 *
 * Oracle: besides the sanitizers, every API result is predicted by a model
 * (pools, live allocations with their fill byte, cleanups with their state)
 * or, where the exact value depends on block placement, checked against
 * bounds that a correct allocator must meet (see check_alloc_result). The
 * model is rebuilt from zero for every input.
 */
#include "vpf.h"

#include "vpool.h"
#include "vpool_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXP 16   /* pools per input (live or dead) */
#define MAXA 384  /* allocations per input */
#define MAXC 192  /* cleanups per input */
#define MAXF 24   /* nested operations (teardowns and explicit runs) */
#define MAXOPS 600
#define MAXDEPTH 6 /* handler re-entrancy depth */

#define BK_SLOTS 4096u
#define BK_MAX_CALLS 1500u
#define BK_MAX_ONE ((size_t)64 << 10)
#define BK_MAX_TOTAL ((size_t)24 << 20)
/* Trees on vpool's default (host malloc) allocator get this limit, so host
 * malloc never sees a huge request. 256 KiB, not more: that path of vpool
 * (vpool__malloc / vpool__free) does not depend on the size, and under ASan
 * every larger allocation is a fresh mmap of the secondary allocator, page
 * faults on its fill and a munmap, which made up half of an execution. */
#define DEFAULT_TREE_LIMIT ((size_t)256 << 10)
/* Chunk classes of the backing allocator's recycling: 2^6 .. 2^17 bytes
 * (BK_MAX_ONE plus the 8 bytes of a misaligned result fit in 2^17). */
#define BK_CLASS_MIN 6u
#define BK_NCLASS 12u
#define BK_KEEP_PER_CLASS 256u

/* Scans over the model's own tables carry no information about vpool's
 * behaviour; keeping them out of the coverage feedback keeps the engine's
 * per-execution cost and feature count proportionate (libFuzzer otherwise
 * spends most of its time tracing these loops' comparisons). */
#if defined(__clang__)
#define VPF_NOCOV __attribute__((no_sanitize("coverage")))
#else
#define VPF_NOCOV
#endif

#define FAIL(msg) vpf_fail(__LINE__, msg)
#define CHECK(c, msg)      \
    do {                   \
        if (!(c)) {        \
            FAIL(msg);     \
        }                  \
    } while (0)

static void vpf_fail(int line, const char *msg)
{
    fprintf(stderr, "vpf oracle failure at vpf.c:%d: %s\n", line, msg);
    abort();
}

/* ---- input -------------------------------------------------------------- */

typedef struct {
    const uint8_t *p;
    size_t n, i;
} rd_t;

static uint8_t rd8(rd_t *r)
{
    return r->i < r->n ? r->p[r->i++] : 0;
}

static uint16_t rd16(rd_t *r)
{
    uint16_t lo = rd8(r);
    return (uint16_t)(lo | (uint16_t)(rd8(r) << 8));
}

static uint32_t rd32(rd_t *r)
{
    uint32_t lo = rd16(r);
    return lo | ((uint32_t)rd16(r) << 16);
}

static uint64_t rd64(rd_t *r)
{
    uint64_t lo = rd32(r);
    return lo | ((uint64_t)rd32(r) << 32);
}

/* ---- model -------------------------------------------------------------- */

typedef struct {
    vpool_t *h;
    int alive;
    int parent, root; /* model indices; root == self for roots */
    unsigned seq;     /* creation order: children are visited newest first */
    size_t bs, limit;
    int dflt;         /* tree uses the default malloc allocator */
    int cache_on;     /* roots: the tree may cache blocks and records */
    const char *tag;
    size_t requested, large_count, large_bytes, large_held, small_count;
    size_t nchildren, npending;
} mpool_t;

typedef struct {
    int pool;
    unsigned char *ptr; /* NULL: allocated by vpool itself (fd cleanups) */
    size_t size;        /* requested, 0 counted as 1 */
    size_t lsize;       /* large: bytes obtained from the backing allocator */
    uint8_t fill, large, cldata;
} malloc_t;

enum { CL_PENDING, CL_RAN, CL_KILLED };
enum { CK_ADD, CK_SIZED, CK_FD };

typedef struct {
    int pool;
    vpool_cleanup_t h;
    void *data;
    unsigned seq;
    uint8_t state, kind, action, arg;
    int fd;
} mcl_t;

enum { FR_TEARDOWN = 1, FR_RUN = 2, FR_DUMP = 3 };

typedef struct {
    int kind, tree;
    int list[MAXP], n, cur; /* teardown: post-order of the subtree */
    int cl, fired;          /* explicit run */
} frame_t;

typedef struct {
    void *ptr, *base;
    size_t n;
    unsigned cls;
} bk_slot_t;

typedef struct {
    bk_slot_t slot[BK_SLOTS];
    uint16_t touched[BK_MAX_CALLS + 8];
    size_t ntouched;
    /* chunks freed during this input, and chunks free for reuse (freed
     * during earlier inputs), per class */
    struct {
        unsigned char *base;
        unsigned cls;
    } retired[BK_MAX_CALLS + 8];
    size_t nretired;
    unsigned char *spare[BK_NCLASS][BK_KEEP_PER_CLASS];
    size_t nspare[BK_NCLASS];
    size_t calls, fail_at, misalign_at;
    size_t failures, misaligned;
    size_t outstanding, count;
} bk_t;

static struct {
    rd_t r;
    const vpf_profile_t *prof;
    mpool_t P[MAXP];
    int np;
    unsigned seq;
    malloc_t A[MAXA];
    int na;
    mcl_t C[MAXC];
    int nc;
    unsigned clseq;
    frame_t F[MAXF];
    int nf;
    int depth;
    unsigned char clmark[MAXC];
    unsigned misuse_n, misuse_seen; /* reported; matched by some call's check */
    vpool_misuse_t misuse_last;
    unsigned ops;
    int devnull;
    void *grave[8]; /* pointers freed earlier in this input (values only) */
    unsigned ngrave;
    unsigned touched; /* bit per model pool the current op reached */
} G;

static bk_t BK;

/* ---- backing allocator with fault injection -------------------------------
 * Every block and record vpool obtains comes through here, so the model can
 * see exactly how many bytes a tree holds, inject a failure at the n-th call,
 * hand out a misaligned pointer on purpose, and check that every free names
 * a live allocation with the size it was allocated with.
 *
 * It recycles its chunks instead of returning them to the host allocator:
 * under ASan every fresh 8 KiB block otherwise costs a malloc fill, page
 * faults and quarantine bookkeeping. A
 * freed chunk is poisoned whole and is handed out again only in a later
 * input, so within an input every access to a chunk vpool has returned is
 * still reported (use-after-poison, where ASan's quarantine said
 * heap-use-after-free); an input cannot keep a pointer into an earlier
 * input's chunks, because no vpool state outlives an input. A chunk
 * handed out has exactly its n bytes unpoisoned (under MSan: marked
 * uninitialised), the rest of its class size poisoned, so an overflow past
 * n is still caught. */

VPF_NOCOV static unsigned bk_class(size_t n)
{
    unsigned c = 0;
    while (((size_t)1 << (BK_CLASS_MIN + c)) < n) {
        c++;
    }
    return c;
}

VPF_NOCOV static unsigned char *bk_chunk(unsigned cls)
{
    unsigned char *c;
    if (BK.nspare[cls] > 0) {
        return BK.spare[cls][--BK.nspare[cls]];
    }
    c = malloc((size_t)1 << (BK_CLASS_MIN + cls));
    CHECK(c != NULL, "host malloc failed");
    vpool__poison((const char *)c, (size_t)1 << (BK_CLASS_MIN + cls));
    return c;
}

VPF_NOCOV static size_t bk_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9e3779b97f4a7c15ull;
    return (size_t)(x >> 52) & (BK_SLOTS - 1u);
}

VPF_NOCOV static void *bk_alloc(void *ud, size_t n)
{
    size_t i;
    unsigned char *base, *p;
    unsigned cls;
    int mis;

    CHECK(ud == &BK, "backing alloc called with foreign user data");
    CHECK(n != 0, "backing alloc called with n == 0");
    BK.calls++;
    if (BK.calls == BK.fail_at || n > BK_MAX_ONE || n > BK_MAX_TOTAL - BK.outstanding
        || BK.calls > BK_MAX_CALLS) {
        BK.failures++;
        return NULL;
    }
    mis = BK.calls == BK.misalign_at;
    cls = bk_class(n + (mis ? 8u : 0u));
    base = bk_chunk(cls);
    p = base + (mis ? 8 : 0);
    vpool__unpoison((const char *)p, n);
    BK.misaligned += (size_t)mis;
    for (i = bk_hash(p);; i = (i + 1) & (BK_SLOTS - 1u)) {
        if (BK.slot[i].ptr == NULL) {
            break;
        }
    }
    BK.slot[i].ptr = p;
    BK.slot[i].base = base;
    BK.slot[i].n = n;
    BK.slot[i].cls = cls;
    BK.touched[BK.ntouched++] = (uint16_t)i;
    BK.outstanding += n;
    BK.count++;
    return p;
}

VPF_NOCOV static void bk_free(void *ud, void *p, size_t n)
{
    size_t i;
    CHECK(ud == &BK, "backing free called with foreign user data");
    for (i = bk_hash(p);; i = (i + 1) & (BK_SLOTS - 1u)) {
        CHECK(BK.slot[i].ptr != NULL || BK.slot[i].base != NULL,
              "backing free of a pointer the backing allocator never returned");
        if (BK.slot[i].ptr == p) {
            break;
        }
    }
    CHECK(BK.slot[i].n == n, "backing free with a size other than the allocated one");
    vpool__poison(BK.slot[i].base, (size_t)1 << (BK_CLASS_MIN + BK.slot[i].cls));
    BK.retired[BK.nretired].base = BK.slot[i].base;
    BK.retired[BK.nretired++].cls = BK.slot[i].cls;
    /* tombstone: ptr NULL, base kept non-NULL so probing continues past it */
    BK.slot[i].ptr = NULL;
    BK.outstanding -= n;
    BK.count--;
}

static const vpool_allocator_t bk_allocator = { bk_alloc, bk_free, &BK };
static void *bk_alloc_alt(void *ud, size_t n)
{
    return bk_alloc(ud, n);
}

static void bk_free_alt(void *ud, void *p, size_t n)
{
    bk_free(ud, p, n);
}

/* Allocators that differ from bk_allocator in one member each: a child
 * naming any of them is VPOOL_MISUSE_FOREIGN_CHILD. */
static int bk_foreign_ud;
static const vpool_allocator_t bk_foreign[3] = {
    { bk_alloc, bk_free, &bk_foreign_ud },
    { bk_alloc_alt, bk_free, &BK },
    { bk_alloc, bk_free_alt, &BK },
};
static const vpool_allocator_t bk_broken[2] = { { NULL, bk_free, &BK }, { bk_alloc, NULL, &BK } };

/* Between inputs: the chunks the last input freed become reusable. */
VPF_NOCOV static void bk_reset(void)
{
    size_t k;
    for (k = 0; k < BK.nretired; k++) {
        unsigned c = BK.retired[k].cls;
        if (BK.nspare[c] < BK_KEEP_PER_CLASS) {
            BK.spare[c][BK.nspare[c]++] = BK.retired[k].base;
        } else {
            free(BK.retired[k].base);
        }
    }
    BK.nretired = 0;
    for (k = 0; k < BK.ntouched; k++) {
        BK.slot[BK.touched[k]].ptr = NULL;
        BK.slot[BK.touched[k]].base = NULL;
    }
    BK.ntouched = 0;
    BK.calls = BK.fail_at = BK.misalign_at = 0;
    BK.failures = BK.misaligned = 0;
    BK.outstanding = BK.count = 0;
}

/* ---- misuse -------------------------------------------------------------- */

static void vpf_misuse(void *ud, vpool_misuse_t what, const char *msg)
{
    CHECK(ud == &G, "misuse handler got foreign user data");
    CHECK(msg != NULL, "misuse without a message");
    G.misuse_n++;
    G.misuse_last = what;
}

typedef struct {
    unsigned misuse, seen;
    size_t failures, misaligned;
} snap_t;

static snap_t snap(void)
{
    snap_t s;
    s.misuse = G.misuse_n;
    s.seen = G.misuse_seen;
    s.failures = BK.failures;
    s.misaligned = BK.misaligned;
    return s;
}

/* The call reported exactly the predicted misuse (0: none). A misaligned
 * backing result may add one VPOOL_MISUSE_BACKING, and then the call failed. */
static int misuse_matches(const snap_t *s, vpool_misuse_t expect, int failed)
{
    /* Reports that nested calls (from handlers) already matched are theirs. */
    unsigned got = (G.misuse_n - s->misuse) - (G.misuse_seen - s->seen);
    if (expect != 0) {
        CHECK(got == 1 && G.misuse_last == expect, "predicted misuse not reported");
        G.misuse_seen++;
        return 1;
    }
    if (got == 1 && G.misuse_last == VPOOL_MISUSE_BACKING && BK.misaligned != s->misaligned) {
        CHECK(failed, "misaligned backing memory reported but the call succeeded");
        G.misuse_seen++;
        return 1;
    }
    CHECK(got == 0, "unexpected misuse report");
    return 0;
}

/* ---- model helpers --------------------------------------------------------- */

static size_t small_max_of(const mpool_t *m)
{
#ifdef VPOOL_PASSTHROUGH
    (void)m;
    return 0;
#else
    return m->bs / 4;
#endif
}

/* The header's rule: in-block iff n <= block_size / 4 and, for an
 * alignment above VPOOL_ALIGNMENT, n <= block_size / 4 - align + 1. */
static int is_large(const mpool_t *m, size_t n, size_t align)
{
    size_t sm = small_max_of(m);
    size_t slack = align > VPOOL_ALIGNMENT ? align - 1 : 0;
    if (n == 0) {
        n = 1;
    }
    return !(align <= VPOOL_INBLOCK_MAX_ALIGN && n <= sm && slack <= sm - n);
}

static size_t large_extra(size_t align)
{
    return align > VPOOL_ALIGNMENT ? align - VPOOL_ALIGNMENT : 0;
}

VPF_NOCOV static int busy(int tree)
{
    int k;
    for (k = 0; k < G.nf; k++) {
        if (G.F[k].tree == tree) {
            return 1;
        }
    }
    return 0;
}

/* Pool pi is running its own cleanups in a reset or destroy (a handler of
 * it is on the stack of some teardown frame): registering a cleanup on it
 * is refused as VPOOL_MISUSE_BUSY. */
VPF_NOCOV static int closing(int pi)
{
    int k;
    for (k = 0; k < G.nf; k++) {
        const frame_t *f = &G.F[k];
        if (f->kind == FR_TEARDOWN && f->cur < f->n && f->list[f->cur] == pi) {
            return 1;
        }
    }
    return 0;
}

VPF_NOCOV static int pick_alive(uint8_t sel)
{
    int k, n = 0, idx[MAXP];
    for (k = 0; k < G.np; k++) {
        if (G.P[k].alive) {
            idx[n++] = k;
        }
    }
    return n == 0 ? -1 : idx[sel % n];
}

/* The pools whose records an API call on pi may write: pi, its parent
 * (child list, counts) and its root (block and record caches, busy count).
 * vpool_check runs on exactly these after the op (check_touched). */
static void touch(int pi)
{
    const mpool_t *m = &G.P[pi];
    G.touched |= 1u << pi | 1u << m->root;
    if (m->parent >= 0) {
        G.touched |= 1u << m->parent;
    }
}

static void stats_of(int pi, vpool_stats_t *st)
{
    vpool_stats(G.P[pi].h, st);
}

/* What stats must say given the model: exact for the counts the model
 * owns, consistent bounds for what depends on block placement. */
static void check_stats(int pi)
{
    const mpool_t *m = &G.P[pi];
    vpool_stats_t st;
    size_t rest, capcl;
    stats_of(pi, &st);
    CHECK(st.requested == m->requested, "stats.requested differs from the model");
    CHECK(st.large_count == m->large_count, "stats.large_count differs from the model");
    CHECK(st.large_bytes == m->large_bytes, "stats.large_bytes differs from the model");
    CHECK(st.cleanups == m->npending, "stats.cleanups differs from the model");
    CHECK(st.children == m->nchildren, "stats.children differs from the model");
    CHECK(st.limit == (m->limit ? m->limit : SIZE_MAX), "stats.limit differs from the options");
    CHECK(st.capacity == st.blocks * m->bs + m->large_held, "stats.capacity != blocks * block_size + large sizes");
    CHECK(st.used <= st.capacity && st.used >= st.requested, "stats.used out of [requested, capacity]");
    CHECK(st.wasted == st.used - st.requested, "stats.wasted != used - requested");
    CHECK(st.used - m->large_held >= (m->requested - m->large_bytes) + m->small_count * VPOOL_REDZONE,
          "in-block use smaller than the live small allocations");
    CHECK(st.held <= st.limit, "held exceeds the limit");
    rest = sizeof(struct vpool) + st.blocks * (sizeof(struct vpool_block) + m->bs)
           + m->large_count * sizeof(struct vpool_large) + m->large_held;
    CHECK(st.held >= rest, "held smaller than the records and payloads the pool owns");
    rest = st.held - rest;
    CHECK(rest % sizeof(struct vpool_cleanup_rec) == 0, "held not explained by cleanup slots");
    capcl = rest / sizeof(struct vpool_cleanup_rec);
    CHECK(capcl == 0 || (capcl >= 8 && (capcl & (capcl - 1)) == 0), "cleanup capacity not 8 * 2^k");
    CHECK(capcl >= m->npending, "fewer cleanup slots than pending cleanups");
    if (m->root != pi || !G.P[pi].cache_on) {
        CHECK(st.cached_blocks == 0, "cached blocks on a pool without a cache");
    }
}

/* Cleanup slots allocated: what held has beyond the records and payloads. */
static size_t capcl_of(int pi, const vpool_stats_t *st)
{
    const mpool_t *m = &G.P[pi];
    size_t rest = sizeof(struct vpool) + st->blocks * (sizeof(struct vpool_block) + m->bs)
                  + m->large_count * sizeof(struct vpool_large) + m->large_held;
    return (st->held - rest) / sizeof(struct vpool_cleanup_rec);
}

static size_t held_of(int pi)
{
    vpool_stats_t st;
    stats_of(pi, &st);
    return st.held;
}

/* After every op: vpool_check on every live pool the op reached (all of
 * them when all != 0), and the backing allocator's outstanding bytes
 * against the sum of what all live pools hold. The sum reads the `held`
 * field directly (O(1) per pool); the periodic sweep reads it through
 * vpool_stats, and vpool_check ties the field to the pool's blocks, large
 * records and cleanup slots, so the cheap read is not taken on trust. */
static void check_structure(int all)
{
    int k, exact = 1;
    size_t sum = 0;
    for (k = 0; k < G.np; k++) {
        const mpool_t *m = &G.P[k];
        if (!m->alive) {
            continue;
        }
        if (all || (G.touched >> k & 1u)) {
            CHECK(vpool_check(m->h), "vpool_check failed");
        }
        if (!G.P[m->root].dflt) {
            sum += all ? held_of(k) : m->h->held;
            if (G.P[m->root].cache_on) {
                exact = 0;
            }
        }
    }
    G.touched = 0;
    if (exact) {
        CHECK(sum == BK.outstanding, "backing bytes outstanding != sum of pools' held");
    } else {
        CHECK(sum <= BK.outstanding, "pools hold more than the backing allocator gave out");
    }
}

/* Whether n bytes at p all equal v; memcmp against a pattern block keeps
 * this cheap for large allocations under ASan. */
VPF_NOCOV static int all_equal(const unsigned char *p, size_t n, unsigned char v)
{
    static unsigned char pat[4096];
    size_t i;
    if (n < 64) {
        for (i = 0; i < n; i++) {
            if (p[i] != v) {
                return 0;
            }
        }
        return 1;
    }
    if (pat[0] != v || pat[sizeof pat - 1] != v) {
        memset(pat, v, sizeof pat);
    }
    for (i = 0; i < n; i += sizeof pat) {
        size_t k = n - i < sizeof pat ? n - i : sizeof pat;
        if (memcmp(p + i, pat, k) != 0) {
            return 0;
        }
    }
    return 1;
}

VPF_NOCOV static void verify_fill(int pool)
{
    int k;
    for (k = 0; k < G.na; k++) {
        const malloc_t *a = &G.A[k];
        if (a->ptr == NULL || (pool >= 0 && a->pool != pool)) {
            continue;
        }
        CHECK(all_equal(a->ptr, a->size, a->fill), "live allocation's contents changed");
    }
}

static void model_add_alloc(int pi, unsigned char *ptr, size_t n, size_t align, uint8_t fill,
                            int cldata, int skip_fill)
{
    mpool_t *m = &G.P[pi];
    malloc_t *a;
    int large = is_large(m, n, align);
    if (n == 0) {
        n = 1;
    }
    CHECK(G.na < MAXA, "model full");
    a = &G.A[G.na++];
    a->pool = pi;
    a->ptr = ptr;
    a->size = n;
    a->large = (uint8_t)large;
    a->lsize = large ? n + large_extra(align) : 0;
    a->fill = fill;
    a->cldata = (uint8_t)cldata;
    m->requested += n;
    if (large) {
        m->large_count++;
        m->large_bytes += n;
        m->large_held += a->lsize;
    } else {
        m->small_count++;
    }
    if (ptr != NULL && !skip_fill) {
        memset(ptr, fill, n);
    }
}

static void model_remove_alloc(int k)
{
    malloc_t *a = &G.A[k];
    mpool_t *m = &G.P[a->pool];
    m->requested -= a->size;
    if (a->large) {
        m->large_count--;
        m->large_bytes -= a->size;
        m->large_held -= a->lsize;
    } else {
        m->small_count--;
    }
    G.A[k] = G.A[--G.na];
}

VPF_NOCOV static void model_drop_allocs(int pi)
{
    int k;
    for (k = G.na - 1; k >= 0; k--) {
        if (G.A[k].pool == pi) {
            model_remove_alloc(k);
        }
    }
    G.P[pi].requested = 0;
}

VPF_NOCOV static int overlaps(const unsigned char *ptr, size_t n)
{
    int k;
    for (k = 0; k < G.na; k++) {
        const malloc_t *a = &G.A[k];
        if (a->ptr != NULL && ptr < a->ptr + a->size && a->ptr < ptr + n) {
            return k;
        }
    }
    return -1;
}

VPF_NOCOV static int range_meets(const unsigned char *ptr, size_t n, const void *rec, size_t size)
{
    const unsigned char *r = (const unsigned char *)rec;
    return r != NULL && size > 0 && ptr < r + size && r < ptr + n;
}

/* Whether ptr[0 .. n-1] meets one of the first k block records from b,
 * or of the first k large records from l (following next; the walks stop
 * at the recorded count, so a corrupt list cannot make them loop:
 * vpool_check reports it after the op). */
VPF_NOCOV static int blocks_meet(const unsigned char *ptr, size_t n, const struct vpool_block *b, size_t k)
{
    for (; b != NULL && k > 0; b = b->next, k--) {
        if (range_meets(ptr, n, b, sizeof *b)) {
            return 1;
        }
    }
    return 0;
}

VPF_NOCOV static int larges_meet(const unsigned char *ptr, size_t n, const struct vpool_large *l, size_t k)
{
    for (; l != NULL && k > 0; l = l->next, k--) {
        if (range_meets(ptr, n, l, sizeof *l)) {
            return 1;
        }
    }
    return 0;
}

/* The first record of a live pool of the input, or of its root's spares,
 * that ptr[0 .. n-1] meets, by name; NULL if none. The records: the pool
 * record, its blocks' and large allocations' records, its cleanup array;
 * the root's cached block, pool and large records, its cached areas'
 * records and its free cleanup arrays. The proofs show a result apart from
 * its pool's record and its root's (vpool_served) and from the one block
 * or large record it came from; this checks every record of every pool. */
VPF_NOCOV static const char *meets_metadata(const unsigned char *ptr, size_t n)
{
    int k;
    for (k = 0; k < G.np; k++) {
        const struct vpool *q = G.P[k].h;
        const struct vpool *c;
        size_t i;
        if (!G.P[k].alive) {
            continue;
        }
        if (range_meets(ptr, n, q, sizeof *q)) {
            return "a pool record";
        }
        if (blocks_meet(ptr, n, q->first, q->nblocks)) {
            return "a block record";
        }
        if (larges_meet(ptr, n, q->large, q->nlarge)) {
            return "a large record";
        }
        if (range_meets(ptr, n, q->cl, q->capcl * sizeof *q->cl)) {
            return "a cleanup array in use";
        }
        if (q->root != q) {
            continue;
        }
        if (blocks_meet(ptr, n, q->cache, q->ncache)) {
            return "a cached block record";
        }
        for (c = q->pool_cache, i = 0; c != NULL && i < q->npool_cache; c = c->next, i++) {
            if (range_meets(ptr, n, c, sizeof *c)) {
                return "a cached pool record";
            }
        }
        if (larges_meet(ptr, n, q->lrec_cache, q->nlrec_cache)) {
            return "a cached large record";
        }
        for (i = 0; i < q->nlarea_cache && i < VPOOL_LAREA_CACHE_MAX; i++) {
            if (range_meets(ptr, n, q->larea[i], sizeof *q->larea[i])) {
                return "a cached area's record";
            }
        }
        for (i = 0; i < q->ncl_cache && i < VPOOL_CL_CACHE_MAX; i++) {
            if (range_meets(ptr, n, q->cl_cache[i], VPOOL_CL_MIN_CAP * sizeof *q->cl_cache[i])) {
                return "a free cleanup array";
            }
        }
    }
    return NULL;
}

/* Where a fresh allocation may lie: inside the used part of one of the
 * pool's blocks, or exactly a live large allocation of the right size;
 * never overlapping another live allocation, nor any record of a live
 * pool or of its root's spares (scorecard row 3 of the proof report: the
 * part the proofs do not cover is checked here). */
static void check_placement(int pi, const unsigned char *uptr, size_t n, int large)
{
    const struct vpool *p = G.P[pi].h;
    const char *ptr = (const char *)uptr; /* the pool's payload pointer type */
    const char *rec = meets_metadata(uptr, n);
    if (rec != NULL) {
        char msg[96];
        snprintf(msg, sizeof msg, "new allocation overlaps pool metadata (%s)", rec);
        FAIL(msg);
    }
    if (large) {
        const struct vpool_large *l;
        for (l = p->large; l != NULL; l = l->next) {
            if (l->mem == ptr) {
                break;
            }
        }
        CHECK(l != NULL && l->requested == n, "large result is not a live large allocation of n bytes");
    } else {
        const struct vpool_block *b;
        for (b = p->first; b != NULL; b = b->next) {
            if (ptr >= b->mem && ptr < b->mem + b->size) {
                break;
            }
        }
        CHECK(b != NULL, "small result outside every block of its pool");
        CHECK((size_t)(ptr - b->mem) + n + VPOOL_REDZONE <= b->used, "small result beyond the block's bump offset");
    }
    CHECK(overlaps(uptr, n) < 0, "new allocation overlaps a live one");
}

/* ---- pool creation -------------------------------------------------------- */

static const char *const tags[] = { "a", "tree", "" };

static size_t draw_block_size(uint8_t cls)
{
    switch (cls & 3u) {
    case 0:
        return 0;
    case 1:
        return VPOOL_MIN_BLOCK_SIZE + rd8(&G.r);
    case 2:
        return rd16(&G.r);
    default:
        return (size_t)1 << (rd8(&G.r) % 32u);
    }
}

static size_t draw_limit(void)
{
    uint16_t v = rd16(&G.r);
    return (size_t)v << (rd8(&G.r) % 16u);
}

static int new_pool_slot(void)
{
    return G.np < MAXP ? G.np : -1;
}

static void op_root(void)
{
    uint8_t f = rd8(&G.r);
    vpool_options_t o;
    int pi = new_pool_slot(), valid, broken = (f & 0x08u) && !(f & 0x04u);
    vpool_t *h;
    snap_t s;
    memset(&o, 0, sizeof o);
    o.flags = (f & 1u) ? VPOOL_SECURE_WIPE : 0u;
    o.block_size = draw_block_size((uint8_t)(f >> 4));
    o.limit = (f & 0x40u) ? draw_limit() : 0;
    if (f & 0x80u) {
        o.tag = tags[rd8(&G.r) % 3u];
    }
    o.cache_blocks = (f & 0x02u) ? VPOOL_CACHE_OFF : (size_t)(rd8(&G.r) % 4u);
    o.allocator = (f & 0x04u) ? NULL : broken ? &bk_broken[f >> 7] : &bk_allocator;
    if ((f & 0x04u) && (o.limit == 0 || o.limit > DEFAULT_TREE_LIMIT)) {
        o.limit = DEFAULT_TREE_LIMIT; /* host malloc must never see a huge request */
    }
    o.misuse = vpf_misuse;
    o.misuse_ud = &G;
    if (pi < 0) {
        return;
    }
    valid = !broken && (o.block_size == 0 || (o.block_size >= VPOOL_MIN_BLOCK_SIZE && o.block_size <= VPOOL_MAX_BLOCK_SIZE))
            && (o.limit == 0 || o.limit >= sizeof(struct vpool));
    s = snap();
    h = vpool_create(&o);
    misuse_matches(&s, 0, h == NULL);
    if (h == NULL) {
        CHECK(!valid || BK.failures != s.failures, "vpool_create failed on valid options without a backing failure");
        return;
    }
    CHECK(valid, "vpool_create accepted invalid options");
    CHECK(BK.failures == s.failures || (f & 0x04u), "vpool_create succeeded although its backing call failed");
    memset(&G.P[pi], 0, sizeof G.P[pi]);
    G.P[pi].h = h;
    G.P[pi].alive = 1;
    G.P[pi].parent = -1;
    G.P[pi].root = pi;
    G.P[pi].seq = ++G.seq;
    G.P[pi].bs = o.block_size ? o.block_size : VPOOL_DEFAULT_BLOCK_SIZE;
    G.P[pi].limit = o.limit;
    G.P[pi].dflt = (f & 0x04u) != 0;
    G.P[pi].cache_on = VPOOL_CACHE_ENABLED && o.cache_blocks != VPOOL_CACHE_OFF;
    G.P[pi].tag = o.tag;
    G.np++;
    touch(pi);
    CHECK(vpool_tag(h) == o.tag && vpool_parent(h) == NULL, "tag/parent of a new root");
    check_stats(pi);
}

static void do_child(int par, uint8_t f, size_t bs, size_t limit, const char *tag)
{
    const mpool_t *pm = &G.P[par];
    const mpool_t *rm = &G.P[pm->root];
    vpool_options_t o;
    vpool_allocator_t same;
    int pi = new_pool_slot(), valid, foreign = 0, use_null = 0;
    vpool_misuse_t expect = 0;
    vpool_t *h;
    snap_t s;

    if (pi < 0) {
        return;
    }
    touch(par);
    memset(&o, 0, sizeof o);
    o.flags = (f & 1u) ? VPOOL_SECURE_WIPE : 0u;
    o.block_size = bs;
    o.limit = limit;
    o.tag = tag;
    if (rm->dflt && (o.limit == 0 || o.limit > DEFAULT_TREE_LIMIT)) {
        o.limit = DEFAULT_TREE_LIMIT;
    }
    same = rm->dflt ? vpool__malloc_allocator : bk_allocator;
    switch ((f >> 1) & 3u) {
    case 1:
        o.allocator = &same; /* a copy of the parent's: not foreign */
        break;
    case 2:
        o.allocator = rm->dflt ? &bk_allocator : &bk_foreign[(f >> 4) % 3u];
        foreign = 1;
        break;
    case 3:
        /* NULL options: inherit everything (not for default-malloc trees,
         * whose children must keep a limit; see DEFAULT_TREE_LIMIT). */
        if (!rm->dflt) {
            use_null = 1;
            o.limit = 0;
            o.tag = tag = NULL;
            o.block_size = bs = 0;
        }
        break;
    default:
        break;
    }
    if (busy(pm->root)) {
        expect = VPOOL_MISUSE_BUSY;
    } else if (foreign) {
        expect = VPOOL_MISUSE_FOREIGN_CHILD;
    }
    {
        size_t ebs = o.block_size ? o.block_size : pm->bs;
        valid = ebs >= VPOOL_MIN_BLOCK_SIZE && ebs <= VPOOL_MAX_BLOCK_SIZE
                && (o.limit == 0 || o.limit >= sizeof(struct vpool));
        bs = ebs;
    }
    s = snap();
    h = vpool_create_child(pm->h, use_null ? NULL : &o);
    misuse_matches(&s, expect, h == NULL);
    if (h == NULL) {
        CHECK(expect != 0 || !valid || BK.failures != s.failures, "create_child failed without a reason");
        return;
    }
    CHECK(expect == 0 && valid, "create_child succeeded on misuse or invalid options");
    CHECK(BK.failures == s.failures, "create_child succeeded although its backing call failed");
    memset(&G.P[pi], 0, sizeof G.P[pi]);
    G.P[pi].h = h;
    G.P[pi].alive = 1;
    G.P[pi].parent = par;
    G.P[pi].root = G.P[par].root;
    G.P[pi].seq = ++G.seq;
    G.P[pi].bs = bs;
    G.P[pi].limit = o.limit;
    G.P[pi].tag = tag;
    G.P[par].nchildren++;
    G.np++;
    touch(pi);
    CHECK(vpool_tag(h) == tag && vpool_parent(h) == G.P[par].h, "tag/parent of a new child");
    check_stats(pi);
}

static void op_child(void)
{
    int par = pick_alive(rd8(&G.r));
    uint8_t f = rd8(&G.r);
    size_t bs = (f & 0x10u) ? draw_block_size((uint8_t)(f >> 5)) : 0;
    size_t limit = (f & 0x80u) ? draw_limit() : 0;
    if (par >= 0) {
        do_child(par, f, bs, limit, (f & 0x08u) ? tags[1] : NULL);
    }
}

/* ---- teardown ------------------------------------------------------------- */

/* Children of pi, newest first. */
VPF_NOCOV static int children_of(int pi, int *out)
{
    int k, n = 0, i, j;
    for (k = 0; k < G.np; k++) {
        if (G.P[k].alive && G.P[k].parent == pi) {
            out[n++] = k;
        }
    }
    for (i = 1; i < n; i++) {
        for (j = i; j > 0 && G.P[out[j - 1]].seq < G.P[out[j]].seq; j--) {
            int t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    }
    return n;
}

/* Destruction order: deepest first, most recent child first, then pi. */
static void postorder(int pi, int *list, int *n)
{
    int ch[MAXP], k, nch = children_of(pi, ch);
    for (k = 0; k < nch; k++) {
        postorder(ch[k], list, n);
    }
    list[(*n)++] = pi;
}

static int fd_closed(int fd)
{
    return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

/* fd cleanups run inside vpool, not through the logging handler; the model
 * notices them by their descriptor being closed. */
static void resolve_fd(int c)
{
    CHECK(fd_closed(G.C[c].fd), "fd cleanup did not close its descriptor");
    G.C[c].state = CL_RAN;
    G.P[G.C[c].pool].npending--;
}

/* The pool's newest pending cleanup, after resolving newer fd cleanups,
 * which must have run already. */
static int newest_pending(int pi)
{
    for (;;) {
        int k, best = -1;
        for (k = 0; k < G.nc; k++) {
            if (G.C[k].pool == pi && G.C[k].state == CL_PENDING && (best < 0 || G.C[k].seq > G.C[best].seq)) {
                best = k;
            }
        }
        if (best < 0 || G.C[best].kind != CK_FD) {
            return best;
        }
        resolve_fd(best);
    }
}

static void mark_dead(int pi)
{
    int par = G.P[pi].parent;
    CHECK(newest_pending(pi) < 0, "pool died with a cleanup that never ran");
    G.P[pi].alive = 0;
    model_drop_allocs(pi);
    if (par >= 0 && G.P[par].alive) {
        G.P[par].nchildren--;
    }
}

static void do_teardown(int pi, int reset)
{
    int tree = G.P[pi].root, k;
    frame_t *f;
    snap_t s = snap();

    touch(pi);
    if (busy(tree) || G.nf == MAXF) {
        if (G.nf == MAXF) {
            return;
        }
        if (reset) {
            vpool_reset(G.P[pi].h);
        } else {
            vpool_destroy(G.P[pi].h);
        }
        misuse_matches(&s, VPOOL_MISUSE_BUSY, 1);
        CHECK(vpool_check(G.P[pi].h), "pool damaged by a refused teardown");
        return;
    }
    f = &G.F[G.nf++];
    f->kind = FR_TEARDOWN;
    f->tree = tree;
    f->n = 0;
    f->cur = 0;
    postorder(pi, f->list, &f->n);
    for (k = 0; k < f->n; k++) {
        verify_fill(f->list[k]);
    }
    if (reset) {
        vpool_reset(G.P[pi].h);
    } else {
        vpool_destroy(G.P[pi].h);
    }
    f = &G.F[G.nf - 1];
    misuse_matches(&s, 0, 0);
    for (k = f->cur; k < f->n; k++) {
        int q = f->list[k];
        if (q == pi && reset) {
            CHECK(newest_pending(q) < 0, "cleanup not run by reset");
            model_drop_allocs(q);
            CHECK(G.P[q].nchildren == 0, "children survived a reset");
        } else if (G.P[q].alive) {
            mark_dead(q);
        }
    }
    G.nf--;
    if (reset) {
        CHECK(vpool_check(G.P[pi].h), "vpool_check after reset");
        check_stats(pi);
    }
}

static void op_teardown(int reset)
{
    int pi = pick_alive(rd8(&G.r));
    if (pi >= 0) {
        do_teardown(pi, reset);
    }
}

/* ---- allocation ----------------------------------------------------------- */

static const char *const strs[] = {
    "", "x", "vpool", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};
static unsigned char srcbuf[4096];

static size_t draw_size(const mpool_t *m)
{
    uint8_t sel = rd8(&G.r), k = rd8(&G.r);
    size_t sm = small_max_of(m);
    switch (sel & 7u) {
    case 0:
        return k;
    case 1:
        return sm + (k & 15u) - 8u;
    case 2:
        return m->bs + (k & 31u) - 16u;
    case 3:
        return SIZE_MAX - k;
    case 4:
        return ((size_t)k << 8) | rd8(&G.r);
    case 5:
        return (size_t)rd16(&G.r) << (k & 7u);
    case 6:
        return (size_t)1 << (k % 64u);
    default:
        return 0;
    }
}

static size_t draw_align(void)
{
    uint8_t sel = rd8(&G.r), k = rd8(&G.r);
    switch (sel & 3u) {
    case 0:
        return (size_t)1 << (k % 14u);
    case 1:
        return (size_t)1 << (k % 64u);
    case 2:
        return k;
    default:
        return VPOOL_INBLOCK_MAX_ALIGN << (k & 1u);
    }
}

enum { AK_ALLOC, AK_NALLOC, AK_CALLOC, AK_ARRAY, AK_MEMALIGN, AK_STRDUP, AK_MEMDUP, AK_COUNT };

/* One allocation call with everything the model can say about it. Returns
 * the model index of the new allocation or -1. */
static int do_alloc(int pi, int kind, size_t n, size_t count, size_t align, int str, uint8_t fill, int cldata)
{
    mpool_t *m = &G.P[pi];
    vpool_stats_t st0, st1;
    snap_t s;
    vpool_misuse_t expect = 0;
    unsigned char *r = NULL;
    int overflow = 0, large, misused;
    size_t n1, cost, req_align = 0, size_arg = n;

    (void)cldata;
    touch(pi);
    switch (kind) {
    case AK_ARRAY:
        overflow = count != 0 && n > SIZE_MAX / count;
        n = overflow ? 0 : count * n;
        align = VPOOL_ALIGNMENT;
        break;
    case AK_MEMALIGN:
        req_align = align;
        if (align == 0 || (align & (align - 1)) != 0) {
            expect = VPOOL_MISUSE_BAD_ALIGN;
        }
        if (align < VPOOL_NALLOC_ALIGN) {
            align = VPOOL_NALLOC_ALIGN;
        }
        break;
    case AK_NALLOC:
    case AK_MEMDUP:
        align = VPOOL_NALLOC_ALIGN;
        if (kind == AK_MEMDUP && n > sizeof srcbuf) {
            n = n % (sizeof srcbuf + 1);
        }
        break;
    case AK_STRDUP:
        align = VPOOL_NALLOC_ALIGN;
        n = strlen(strs[str]) + 1;
        break;
    default:
        align = VPOOL_ALIGNMENT;
        break;
    }
    n1 = n == 0 ? 1 : n;
    large = is_large(m, n1, align);
    if (expect == 0 && !overflow) {
        size_t extra = large_extra(align);
        overflow = large && n1 > SIZE_MAX - extra - sizeof(struct vpool_large);
    }
    stats_of(pi, &st0);
    s = snap();
    switch (kind) {
    case AK_ALLOC:
        r = vpool_alloc(m->h, n);
        break;
    case AK_NALLOC:
        r = vpool_nalloc(m->h, n);
        break;
    case AK_CALLOC:
        r = vpool_calloc(m->h, n);
        break;
    case AK_ARRAY:
        r = vpool_alloc_array(m->h, count, size_arg);
        break;
    case AK_MEMALIGN:
        r = vpool_memalign(m->h, n, req_align);
        break;
    case AK_STRDUP:
        r = (unsigned char *)vpool_strdup(m->h, strs[str]);
        break;
    default:
        r = vpool_memdup(m->h, srcbuf, n);
        break;
    }
    misused = misuse_matches(&s, expect, r == NULL);
    stats_of(pi, &st1);
    if (r == NULL) {
        cost = large ? n1 + large_extra(align) + sizeof(struct vpool_large) : sizeof(struct vpool_block) + m->bs;
        CHECK(misused || overflow || BK.failures != s.failures || (!overflow && cost > st0.limit - st0.held),
              "allocation failed without overflow, misuse, backing failure or limit");
        CHECK(st1.requested == st0.requested && st1.held == st0.held && st1.blocks == st0.blocks
              && st1.large_count == st0.large_count, "failed allocation changed the pool");
        return -1;
    }
    CHECK(!overflow && !misused, "allocation succeeded although it must fail");
    CHECK(BK.failures == s.failures, "allocation succeeded although a backing call failed");
    CHECK(st1.requested == st0.requested + n1, "requested did not grow by n");
    if (large) {
        CHECK(st1.large_count == st0.large_count + 1 && st1.blocks == st0.blocks, "predicted large, got small");
        CHECK(st1.held == st0.held + n1 + large_extra(align) + sizeof(struct vpool_large), "large held delta");
    } else {
        CHECK(st1.large_count == st0.large_count, "predicted small, got large");
        CHECK(st1.blocks - st0.blocks <= 1, "more than one block for one request");
        CHECK(st1.held - st0.held == (st1.blocks - st0.blocks) * (sizeof(struct vpool_block) + m->bs),
              "small held delta");
    }
    CHECK((uintptr_t)r % align == 0, "result misaligned");
    check_placement(pi, r, n1, large);
    if (kind == AK_CALLOC) {
        CHECK(all_equal(r, n1, 0), "calloc memory not zero");
    } else if (kind == AK_STRDUP) {
        CHECK(memcmp(r, strs[str], n1) == 0, "strdup copy differs");
    } else if (kind == AK_MEMDUP && n != 0) {
        CHECK(memcmp(r, srcbuf, n) == 0, "memdup copy differs");
    }
    if (G.na >= MAXA) {
        FAIL("allocation table full");
    }
    model_add_alloc(pi, r, n1, align, fill, cldata, 0);
    return G.na - 1;
}

static void op_alloc(void)
{
    int pi = pick_alive(rd8(&G.r));
    uint8_t kind = rd8(&G.r);
    size_t n, count = 0, align = 0;
    int str = 0;
    if (pi < 0 || G.na >= MAXA) {
        return;
    }
    n = draw_size(&G.P[pi]);
    kind = (uint8_t)(kind % AK_COUNT);
    if (kind == AK_ARRAY) {
        uint8_t c = rd8(&G.r);
        count = c < 240 ? c % 16u : SIZE_MAX >> (c - 240u);
    } else if (kind == AK_MEMALIGN) {
        align = draw_align();
    } else if (kind == AK_STRDUP) {
        str = rd8(&G.r) % 4;
    }
    do_alloc(pi, kind, n, count, align, str, (uint8_t)(0x40u + (unsigned)G.na), 0);
}

static void op_free(void)
{
    int pi = pick_alive(rd8(&G.r));
    uint8_t sel = rd8(&G.r), k = rd8(&G.r);
    void *ptr = NULL;
    int hit = -1, j;
    vpool_status_t rc;
    vpool_stats_t st0;
    unsigned char local[4];
    if (pi < 0) {
        return;
    }
    touch(pi);
    switch (sel & 3u) {
    case 0:
    case 1:
        if (G.na > 0) {
            const malloc_t *a = &G.A[k % G.na];
            ptr = a->ptr;
            if (a->cldata) {
                ptr = NULL; /* freeing a cleanup's data is the caller's bug */
            } else if (ptr != NULL && (sel & 4u)) {
                ptr = a->ptr + 1; /* interior pointer */
            }
        }
        break;
    case 2:
        ptr = local; /* foreign: not from any pool */
        break;
    default:
        ptr = (sel & 4u) ? G.grave[k % 8u] : NULL; /* stale or NULL */
        break;
    }
    /* Live allocations never share an address: at most one entry matches. */
    for (j = 0; j < G.na && ptr != NULL; j++) {
        if (G.A[j].ptr != ptr) {
            continue;
        }
        if (G.A[j].cldata) {
            /* A stale pointer whose address the backing allocator handed
             * out again, now as a sized cleanup's data: freeing that is the
             * caller's bug, as above (found by libFuzzer+MSan; regression
             * seed corpus/regressions/sizes/0eebbb76...). */
            ptr = NULL;
        } else if (G.A[j].pool == pi && G.A[j].large) {
            hit = j;
        }
    }
    stats_of(pi, &st0);
    if (hit >= 0) {
        verify_fill(pi);
    }
    rc = vpool_free(G.P[pi].h, ptr);
    if (hit < 0) {
        CHECK(rc == VPOOL_DECLINED, "vpool_free accepted a pointer that is not a live large allocation");
        CHECK(held_of(pi) == st0.held, "declined free changed the pool");
        return;
    }
    CHECK(rc == VPOOL_OK, "vpool_free declined a live large allocation");
    CHECK(held_of(pi) == st0.held - G.A[hit].lsize - sizeof(struct vpool_large), "free did not return the bytes");
    model_remove_alloc(hit);
    G.grave[G.ngrave++ % 8u] = ptr;
    /* The same pointer again is now stale: declined. */
    CHECK(vpool_free(G.P[pi].h, ptr) == VPOOL_DECLINED, "double free accepted");
    check_stats(pi);
}

/* ---- cleanups ------------------------------------------------------------- */

static void vpf_handler(void *data);
static int do_cl_add(int pi, int sized, size_t size, uint8_t action, uint8_t arg);
static void do_cl_run(int pi, vpool_cleanup_t h, int kill);

VPF_NOCOV static int find_cleanup(void *data)
{
    int k;
    if ((unsigned char *)data >= G.clmark && (unsigned char *)data < G.clmark + MAXC) {
        k = (int)((unsigned char *)data - G.clmark);
        return k < G.nc ? k : -1;
    }
    for (k = 0; k < G.nc; k++) {
        if (G.C[k].kind == CK_SIZED && G.C[k].state == CL_PENDING && G.C[k].data == data) {
            return k;
        }
    }
    return -1;
}

VPF_NOCOV static int nth_pending(int pi, uint8_t nth)
{
    int k, n = 0, idx[MAXC];
    for (k = 0; k < G.nc; k++) {
        if (G.C[k].pool == pi && G.C[k].state == CL_PENDING && G.C[k].kind != CK_FD) {
            idx[n++] = k;
        }
    }
    return n == 0 ? -1 : idx[nth % n];
}

/* Re-entrant work a handler does while its pool is being torn down or
 * while it is run explicitly. */
static void handler_action(int c)
{
    int q = G.C[c].pool, k;
    uint8_t arg = G.C[c].arg;
    if (G.depth > MAXDEPTH) {
        return;
    }
    G.depth++;
    switch (G.C[c].action & 7u) {
    case 1:
        if (G.na < MAXA) {
            do_alloc(q, (arg & 1u) ? AK_ALLOC : AK_NALLOC, (size_t)arg << (arg & 3u), 0, 0, 0, 0x21, 0);
        }
        break;
    case 2: {
        int target = ((arg & 0x80u) && G.P[q].parent >= 0 && G.P[G.P[q].parent].alive) ? G.P[q].parent : q;
        do_cl_add(target, arg & 1u, arg, (uint8_t)((arg >> 1) & 3u), (uint8_t)(arg >> 3));
        break;
    }
    case 3:
        k = nth_pending(q, arg);
        do_cl_run(q, k >= 0 ? G.C[k].h : (vpool_cleanup_t)arg, 1);
        break;
    case 4:
        k = nth_pending(q, arg);
        do_cl_run(q, k >= 0 ? G.C[k].h : (vpool_cleanup_t)arg, 0);
        break;
    case 5:
        /* The tree is busy: refused as misuse, nothing happens. */
        do_teardown((arg & 1u) ? G.P[q].root : q, (arg & 2u) != 0);
        break;
    case 6:
        do_child(q, 0, 0, 0, NULL);
        break;
    case 7:
        k = pick_alive(arg);
        if (k >= 0 && (arg & 0x80u)) {
            do_teardown(k, (arg & 0x40u) != 0);
        } else if (k >= 0) {
            do_cl_add(k, 0, 0, 0, 0);
        }
        break;
    default:
        break;
    }
    G.depth--;
}

static void vpf_handler(void *data)
{
    int c = find_cleanup(data), q, j;
    frame_t *f;
    CHECK(c >= 0, "handler called with data no cleanup registered");
    CHECK(G.C[c].state == CL_PENDING, "handler ran for a cleanup that is not pending (twice, or after kill)");
    CHECK(G.nf > 0, "handler called outside any run, reset or destroy");
    q = G.C[c].pool;
    CHECK(G.P[q].alive, "handler ran after its pool died");
    f = &G.F[G.nf - 1];
    CHECK(f->kind != FR_DUMP, "a handler ran from a vpool_dump visitor's refused teardown");
    if (f->kind == FR_RUN) {
        CHECK(!f->fired && f->cl == c, "vpool_cleanup_run ran another handler than the one named");
        f->fired = 1;
    } else {
        for (j = f->cur; j < f->n && f->list[j] != q; j++) {
        }
        CHECK(j < f->n, "handler of a pool outside the subtree being torn down");
        for (; f->cur < j; f->cur++) {
            mark_dead(f->list[f->cur]); /* its cleanups all ran: children before parents */
        }
        CHECK(newest_pending(q) == c, "cleanups did not run LIFO");
    }
    if (G.C[c].kind == CK_SIZED) {
        const malloc_t *a = NULL;
        for (j = 0; j < G.na && a == NULL; j++) {
            a = G.A[j].ptr == data ? &G.A[j] : NULL;
        }
        CHECK(a != NULL && a->pool == q && a->cldata, "cleanup data is not a live allocation of its pool");
        CHECK(all_equal(a->ptr, a->size, a->fill), "cleanup data damaged before its handler ran");
    }
    G.C[c].state = CL_RAN;
    G.P[q].npending--;
    handler_action(c);
}

static int do_cl_add(int pi, int sized, size_t size, uint8_t action, uint8_t arg)
{
    mpool_t *m = &G.P[pi];
    mcl_t *c;
    vpool_cleanup_t h;
    vpool_stats_t st0;
    void *data = NULL;
    snap_t s;
    int k, misused, is_closing;
    if (G.nc >= MAXC || G.na >= MAXA) {
        return -1;
    }
    touch(pi);
    c = &G.C[G.nc];
    memset(c, 0, sizeof *c);
    c->pool = pi;
    c->action = action;
    c->arg = arg;
    c->kind = sized ? CK_SIZED : CK_ADD;
    stats_of(pi, &st0);
    s = snap();
    if (sized) {
        h = vpool_cleanup_add_sized(m->h, vpf_handler, size, &data);
    } else {
        data = &G.clmark[G.nc];
        h = vpool_cleanup_add(m->h, vpf_handler, data);
    }
    is_closing = closing(pi);
    if (is_closing) {
        CHECK(h == 0, "cleanup registered on a pool whose cleanups are running");
    }
    misused = misuse_matches(&s, is_closing ? VPOOL_MISUSE_BUSY : 0, h == 0);
    if (h == 0) {
        /* Growing the slot array charges the new array before the old one
         * is released; the data allocation is charged after that. */
        size_t capcl = capcl_of(pi, &st0);
        size_t growth = (capcl ? capcl * 2 : 8) * sizeof(struct vpool_cleanup_rec);
        size_t cost = is_large(m, size, VPOOL_ALIGNMENT)
                          ? (size ? size : 1) + sizeof(struct vpool_large)
                          : sizeof(struct vpool_block) + m->bs;
        size_t held1 = held_of(pi);
        CHECK(!sized || data == NULL, "failed add_sized left *data set");
        CHECK(held_of(pi) >= st0.held, "failed registration released memory");
        {
            vpool_stats_t st1;
            stats_of(pi, &st1);
            CHECK(st1.requested == st0.requested && st1.blocks == st0.blocks && st1.large_count == st0.large_count,
                  "failed registration handed out pool memory");
        }
        CHECK(BK.failures != s.failures || misused
                  || (m->limit != 0 && (growth > m->limit - st0.held || (sized && cost > m->limit - held1))),
              "cleanup registration failed without a reason");
        CHECK(sized || held1 == st0.held, "failed cleanup_add changed held");
        return -1;
    }
    CHECK(BK.failures == s.failures, "cleanup add succeeded although a backing call failed");
    for (k = 0; k < G.nc; k++) {
        CHECK(!(G.P[G.C[k].pool].root == m->root && G.C[k].state == CL_PENDING && G.C[k].h == h),
              "handle of a pending cleanup issued twice in one tree");
    }
    c->h = h;
    c->data = data;
    c->seq = ++G.clseq;
    c->state = CL_PENDING;
    if (sized) {
        size_t n1 = size ? size : 1;
        CHECK(data != NULL && (uintptr_t)data % VPOOL_ALIGNMENT == 0, "add_sized data missing or misaligned");
        check_placement(pi, data, n1, is_large(m, n1, VPOOL_ALIGNMENT));
        model_add_alloc(pi, data, n1, VPOOL_ALIGNMENT, (uint8_t)(0xa0u + (unsigned)G.nc), 1, 0);
    }
    m->npending++;
    G.nc++;
    return G.nc - 1;
}

static void op_cl_add(int sized)
{
    int pi = pick_alive(rd8(&G.r));
    uint8_t action = rd8(&G.r), arg = rd8(&G.r);
    size_t size = 0;
    if (pi < 0) {
        return;
    }
    if (sized) {
        size = draw_size(&G.P[pi]);
        if (size > BK_MAX_ONE) {
            size = size % 4096u;
        }
    }
    if (action == 0xffu) {
        /* NULL handler: refused, nothing registered. */
        CHECK(vpool_cleanup_add(G.P[pi].h, NULL, NULL) == 0, "cleanup_add accepted a NULL handler");
        return;
    }
    do_cl_add(pi, sized, size, action, arg);
    check_stats(pi);
}

static void do_cl_run(int pi, vpool_cleanup_t h, int kill)
{
    int k, c = -1;
    vpool_status_t rc;
    snap_t s = snap();
    touch(pi);
    for (k = 0; k < G.nc; k++) {
        if (G.C[k].pool == pi && G.C[k].state == CL_PENDING && G.C[k].h == h) {
            c = k;
        }
    }
    if (kill) {
        rc = vpool_cleanup_kill(G.P[pi].h, h);
        misuse_matches(&s, 0, 0);
        if (c < 0) {
            CHECK(rc == VPOOL_DECLINED, "kill accepted a handle that is not pending");
            return;
        }
        CHECK(rc == VPOOL_OK, "kill declined a pending handle");
        G.C[c].state = CL_KILLED;
        G.P[pi].npending--;
        if (G.C[c].kind == CK_FD) {
            CHECK(!fd_closed(G.C[c].fd), "killed fd cleanup closed its descriptor");
            close(G.C[c].fd);
        }
        return;
    }
    if (c < 0) {
        rc = vpool_cleanup_run(G.P[pi].h, h);
        misuse_matches(&s, 0, 0);
        CHECK(rc == VPOOL_DECLINED, "run accepted a handle that is not pending");
        return;
    }
    if (G.nf == MAXF) {
        return;
    }
    G.F[G.nf].kind = FR_RUN;
    G.F[G.nf].tree = G.P[pi].root;
    G.F[G.nf].cl = c;
    G.F[G.nf].fired = 0;
    G.nf++;
    rc = vpool_cleanup_run(G.P[pi].h, h);
    G.nf--;
    misuse_matches(&s, 0, 0);
    CHECK(rc == VPOOL_OK, "run declined a pending handle");
    if (G.C[c].kind == CK_FD) {
        resolve_fd(c);
    } else {
        CHECK(G.F[G.nf].fired, "vpool_cleanup_run returned OK without running the handler");
    }
    CHECK(vpool_cleanup_run(G.P[pi].h, h) == VPOOL_DECLINED, "a cleanup ran twice");
}

static vpool_cleanup_t draw_handle(void)
{
    uint8_t sel = rd8(&G.r), k = rd8(&G.r);
    vpool_cleanup_t h = G.nc > 0 ? G.C[k % G.nc].h : 0;
    switch (sel & 7u) {
    case 4:
        return rd64(&G.r);
    case 5:
        return 0;
    case 6:
        return h + 1;
    case 7:
        return h ^ ((vpool_cleanup_t)1 << 32);
    default:
        return h;
    }
}

static void op_cl_run(int kill)
{
    int pi = pick_alive(rd8(&G.r));
    vpool_cleanup_t h = draw_handle();
    if (pi >= 0) {
        do_cl_run(pi, h, kill);
        check_stats(pi);
    }
}

static void op_cl_fd(void)
{
    int pi = pick_alive(rd8(&G.r));
    uint8_t f = rd8(&G.r);
    static const char path[] = "/nonexistent-vpool-fuzz/tmpfile";
    mpool_t *m;
    vpool_stats_t st0, st1;
    vpool_cleanup_t h;
    snap_t s;
    int fd, misused;
    if (pi < 0 || G.nc >= MAXC || G.na + 2 >= MAXA) {
        return;
    }
    touch(pi);
    m = &G.P[pi];
    if (f & 0x80u) {
        CHECK(vpool_cleanup_fd(m->h, -1) == 0 && vpool_cleanup_file(m->h, -1, path) == 0
                  && vpool_cleanup_file(m->h, 0, NULL) == 0, "fd cleanup accepted an invalid argument");
        return;
    }
    if (G.devnull < 0) {
        return;
    }
    fd = dup(G.devnull);
    if (fd < 0) {
        return;
    }
    stats_of(pi, &st0);
    s = snap();
    h = (f & 1u) ? vpool_cleanup_file(m->h, fd, path) : vpool_cleanup_fd(m->h, fd);
    misused = misuse_matches(&s, closing(pi) ? VPOOL_MISUSE_BUSY : 0, h == 0);
    stats_of(pi, &st1);
    if (h == 0) {
        CHECK(BK.failures != s.failures || misused || m->limit != 0, "fd cleanup failed without a reason");
        CHECK(st1.requested == st0.requested, "failed fd cleanup kept an allocation");
        close(fd);
        check_stats(pi);
        return;
    }
    /* One vpool_cleanup_add_sized record: the descriptor, then the path
     * (len bytes and a NUL; just the NUL for vpool_cleanup_fd). */
    model_add_alloc(pi, NULL, sizeof(struct vpool_fd_cl) + ((f & 1u) ? sizeof path : 1u), VPOOL_ALIGNMENT, 0, 0, 1);
    memset(&G.C[G.nc], 0, sizeof G.C[G.nc]);
    G.C[G.nc].pool = pi;
    G.C[G.nc].h = h;
    G.C[G.nc].kind = CK_FD;
    G.C[G.nc].fd = fd;
    G.C[G.nc].seq = ++G.clseq;
    G.C[G.nc].state = CL_PENDING;
    G.nc++;
    m->npending++;
    check_stats(pi);
}

/* ---- introspection, misuse of arguments, checker self-test ------------------ */

typedef struct {
    const vpool_t *seen[MAXP];
    unsigned depth[MAXP];
    int n, stop_at;
    int probe, probe_at; /* 1 destroy, 2 reset, 3 create_child, at visit probe_at */
} visit_t;

/* The tree is busy while the visitor runs: a teardown or a new child in it
 * is predicted as VPOOL_MISUSE_BUSY and must change nothing (do_teardown
 * and do_child check both, the FR_DUMP frame makes the model's tree busy). */
static int visitor(void *ctx, const vpool_t *p, unsigned depth, const vpool_stats_t *st)
{
    visit_t *v = ctx;
    CHECK(v->n < MAXP && st != NULL, "dump visited too many pools");
    v->seen[v->n] = p;
    v->depth[v->n] = depth;
    v->n++;
    if (v->probe != 0 && v->n == v->probe_at) {
        int q;
        for (q = 0; q < G.np && !(G.P[q].alive && G.P[q].h == p); q++) {
        }
        CHECK(q < G.np, "dump showed a pool the model does not have");
        if (v->probe == 3) {
            do_child(q, 0, 0, 0, NULL);
        } else {
            do_teardown(q, v->probe == 2);
        }
    }
    return v->n == v->stop_at ? 100 + v->n : 0;
}

static void preorder(int pi, unsigned depth, int *list, unsigned *depths, int *n)
{
    int ch[MAXP], k, nch = children_of(pi, ch);
    list[*n] = pi;
    depths[(*n)++] = depth;
    for (k = 0; k < nch; k++) {
        preorder(ch[k], depth + 1, list, depths, n);
    }
}

static void op_intro(void)
{
    int pi = pick_alive(rd8(&G.r)), list[MAXP], n = 0, k, rc;
    unsigned depths[MAXP];
    uint8_t sel;
    visit_t v;
    if (pi < 0) {
        return;
    }
    touch(pi);
    memset(&v, 0, sizeof v);
    sel = rd8(&G.r);
    v.stop_at = sel % 4u;
    v.probe = (sel >> 2) % 8u < 4u ? (int)((sel >> 2) % 8u) : 0;
    v.probe_at = 1 + (sel >> 5);
    preorder(pi, 0, list, depths, &n);
    if (G.nf < MAXF) {
        G.F[G.nf].kind = FR_DUMP;
        G.F[G.nf].tree = G.P[pi].root;
        G.nf++;
        rc = vpool_dump(G.P[pi].h, visitor, &v);
        G.nf--;
    } else {
        v.probe = 0;
        rc = vpool_dump(G.P[pi].h, visitor, &v);
    }
    if (v.stop_at != 0 && v.stop_at <= n) {
        CHECK(rc == 100 + v.stop_at && v.n == v.stop_at, "dump did not stop when the visitor asked");
        n = v.stop_at;
    } else {
        CHECK(rc == 0 && v.n == n, "dump visited another number of pools than the model has");
    }
    for (k = 0; k < n; k++) {
        CHECK(v.seen[k] == G.P[list[k]].h && v.depth[k] == depths[k], "dump order or depth differs from the model");
    }
    CHECK(vpool_tag(G.P[pi].h) == G.P[pi].tag, "vpool_tag");
    CHECK(vpool_parent(G.P[pi].h) == (G.P[pi].parent >= 0 ? G.P[G.P[pi].parent].h : NULL), "vpool_parent");
    CHECK(vpool_dump(G.P[pi].h, NULL, NULL) == -1, "dump without a visitor");
}

static void op_nulls(void)
{
    int pi = pick_alive(rd8(&G.r));
    vpool_stats_t st;
    void *d = &st;
    memset(&st, 0xff, sizeof st);
    vpool_stats(NULL, &st);
    CHECK(st.held == 0 && st.limit == 0 && st.requested == 0, "stats of NULL not zero");
    vpool_stats(NULL, NULL);
    vpool_destroy(NULL);
    vpool_reset(NULL);
    CHECK(vpool_alloc(NULL, 1) == NULL && vpool_nalloc(NULL, 1) == NULL && vpool_calloc(NULL, 1) == NULL
              && vpool_alloc_array(NULL, 1, 1) == NULL && vpool_memalign(NULL, 1, 16) == NULL
              && vpool_strdup(NULL, "x") == NULL && vpool_memdup(NULL, "x", 1) == NULL,
          "allocation from a NULL pool");
    CHECK(vpool_create_child(NULL, NULL) == NULL, "child of NULL");
    CHECK(vpool_free(NULL, d) == VPOOL_EINVAL && vpool_cleanup_run(NULL, 1) == VPOOL_EINVAL
              && vpool_cleanup_kill(NULL, 1) == VPOOL_EINVAL, "NULL pool status");
    CHECK(vpool_cleanup_add(NULL, vpf_handler, NULL) == 0 && vpool_cleanup_fd(NULL, 0) == 0
              && vpool_cleanup_file(NULL, 0, "x") == 0 && vpool_cleanup_add_sized(NULL, vpf_handler, 1, &d) == 0 && d == NULL,
          "cleanup on a NULL pool");
    CHECK(!vpool_check(NULL) && vpool_tag(NULL) == NULL && vpool_parent(NULL) == NULL
              && vpool_dump(NULL, visitor, NULL) == -1, "introspection of NULL");
    {
        /* All defaults: malloc, the aborting misuse handler, so nothing
         * here may be misuse. Self-contained: created and destroyed here. */
        vpool_t *r = vpool_create(NULL), *c;
        CHECK(r != NULL && vpool_check(r) && vpool_tag(r) == NULL, "vpool_create(NULL)");
        c = vpool_create_child(r, NULL);
        CHECK(c != NULL && vpool_check(c) && vpool_parent(c) == r, "vpool_create_child(p, NULL)");
        CHECK(vpool_alloc(c, 24) != NULL && vpool_alloc(r, 0) != NULL, "allocation from a default pool");
        vpool_stats(c, &st);
        CHECK(st.requested == 24 && st.limit == SIZE_MAX, "stats of a default child");
        vpool_destroy(r);
    }
    if (pi >= 0) {
        vpool_t *p = G.P[pi].h;
        touch(pi);
        CHECK(vpool_strdup(p, NULL) == NULL && vpool_memdup(p, NULL, 4) == NULL, "copy of NULL");
        CHECK(vpool_cleanup_add_sized(p, vpf_handler, 1, NULL) == 0
                  && vpool_cleanup_add_sized(p, NULL, 1, &d) == 0 && d == NULL, "add_sized with a NULL argument");
        CHECK(vpool_free(p, NULL) == VPOOL_DECLINED, "free(NULL)");
        vpool_stats(p, NULL);
        check_stats(pi);
    }
}

/* Corrupts one field of a live pool, asks vpool_check, restores it. This is
 * what keeps "vpool_check after every op" from being an oracle that cannot
 * fail: each corruption must be caught. */
static void op_tamper(void)
{
    int pi = pick_alive(rd8(&G.r));
    uint8_t which = rd8(&G.r);
    struct vpool *p;
    if (pi < 0) {
        return;
    }
    touch(pi);
    p = G.P[pi].h;
/* The field's address is taken once: the corruption may change the path
 * that reaches it (p->root->root of a root is p->root). */
#define TAMPER(field, bad)                                                \
    do {                                                                  \
        __typeof__(field) *at_ = &(field);                                \
        __typeof__(field) saved_ = *at_;                                  \
        *at_ = (bad);                                                     \
        CHECK(!vpool_check(p), "vpool_check missed a corrupted " #field); \
        *at_ = saved_;                                                    \
    } while (0)
    switch (which % 30u) {
    case 0:
        TAMPER(p->nblocks, p->nblocks + 1);
        break;
    case 1:
        TAMPER(p->nlarge, p->nlarge + 1);
        break;
    case 2:
        TAMPER(p->npending, p->npending + 1);
        break;
    case 3:
        TAMPER(p->nchildren, p->nchildren + 1);
        break;
    case 4:
        TAMPER(p->held, p->held + 1);
        break;
    case 5:
        TAMPER(p->magic, VPOOL_DEAD);
        break;
    case 6:
        TAMPER(p->root, NULL);
        break;
    case 7:
        if (p->first != NULL) {
            TAMPER(p->first->used, p->first->size + 1);
        } else {
            TAMPER(p->limit, p->held - 1);
        }
        break;
    case 8:
        if (p->large != NULL) {
            TAMPER(p->large->requested, 0);
        } else {
            TAMPER(p->nlarge, p->nlarge + 2);
        }
        break;
    case 9:
        if (p->ncl > 0) {
            TAMPER(p->cl[p->ncl - 1].state, 7u);
        } else {
            TAMPER(p->nlarge, p->nlarge + 2);
        }
        break;
    case 10:
        TAMPER(p->block_size, VPOOL_MIN_BLOCK_SIZE - 1);
        break;
    case 11:
        if (p->first != NULL) {
            TAMPER(p->first->requested, p->first->used + 1);
        } else {
            TAMPER(p->ncl, p->capcl + 1);
        }
        break;
    case 12:
        if (p->child != NULL) {
            TAMPER(p->child->parent, NULL);
        } else {
            TAMPER(p->parent, p->parent == NULL ? p : NULL);
        }
        break;
    case 13:
        if (p->first != NULL) {
            TAMPER(p->first->mis, (size_t)8);
        } else {
            TAMPER(p->large_held, p->large_held + 1);
        }
        break;
    case 14:
        if (p->large != NULL) {
            TAMPER(p->large->prev, p->large);
        } else {
            TAMPER(p->large_bytes, p->large_bytes + 1);
        }
        break;
    case 16:
        if (p->nblocks > 0) {
            TAMPER(p->nblocks, p->nblocks - 1);
        } else {
            TAMPER(p->nblocks, (size_t)1);
        }
        break;
    case 17:
        if (p->current != NULL) {
            TAMPER(p->current->failed, VPOOL_RETRY_BLOCKS + 1u);
        } else {
            TAMPER(p->nlarge, SIZE_MAX);
        }
        break;
    case 18:
        if (p->parent != NULL) {
            TAMPER(p->parent->magic, VPOOL_DEAD);
        } else {
            TAMPER(p->ncache, p->cache_max + 1);
        }
        break;
    case 19:
        if (p->capcl > 0) {
            TAMPER(p->capcl, SIZE_MAX / 4);
        } else {
            if (p->root == p) {
                TAMPER(p->npool_cache, p->cache_max + 1);
            } else {
                TAMPER(p->parent->root, p);
            }
        }
        break;
    /* 20-29: one sub-condition of a conjunct each (never dereferenced
     * when bogus: vpool_check only compares them). */
    case 20:
        if (p->first != NULL) {
            TAMPER(p->first->mem, (char *)NULL);
        } else {
            TAMPER(p->current, (struct vpool_block *)(void *)&G);
        }
        break;
    case 21:
        if (p->first != NULL) {
            TAMPER(p->first->mis, VPOOL_INBLOCK_MAX_ALIGN);
        } else {
            TAMPER(p->block_size, VPOOL_MAX_BLOCK_SIZE + 1);
        }
        break;
    case 22:
        if (p->first != NULL) {
            TAMPER(p->last, (struct vpool_block *)NULL);
        } else {
            TAMPER(p->small_max, p->block_size / 4 + 1);
        }
        break;
    case 23:
        if (p->first != NULL && p->first->next != NULL) {
            TAMPER(p->first->next->failed, p->first->failed + 1u);
        } else if (p->cl != NULL) {
            TAMPER(p->cl, (struct vpool_cleanup_rec *)NULL);
        } else {
            TAMPER(p->capcl, (size_t)8);
        }
        break;
    case 24:
        if (p->large != NULL) {
            TAMPER(p->large->base, (char *)NULL);
        } else {
            TAMPER(p->root->root, (struct vpool *)NULL);
        }
        break;
    case 25:
        if (p->large != NULL) {
            TAMPER(p->large->mem, p->large->base + p->large->size + 1);
        } else {
            TAMPER(p->root->magic, VPOOL_DEAD);
        }
        break;
    case 26:
        if (p->large != NULL) {
            TAMPER(p->large->requested, p->large->size + 1);
        } else {
            TAMPER(p->held, p->limit == SIZE_MAX ? p->held + 1 : p->limit + 1);
        }
        break;
    case 27:
        if (p->child != NULL) {
            TAMPER(p->child->magic, VPOOL_DEAD);
        } else {
            TAMPER(p->nchildren, (size_t)1);
        }
        break;
    case 28:
        if (p->child != NULL) {
            TAMPER(p->child->prev, p->child);
        } else if (p->parent != NULL) {
            TAMPER(p->root, p);
        } else {
            TAMPER(p->nlarge, p->nlarge + 1);
        }
        break;
    case 29:
        if (p->child != NULL) {
            TAMPER(p->child->root, p->child);
        } else if (p->large != NULL && p->large->next != NULL) {
            TAMPER(p->large->next->prev, (struct vpool_large *)NULL);
        } else {
            TAMPER(p->large_held, p->large_held + 1);
        }
        break;
    default: /* 15; which >= 30 picks a root's cache counter, if p is one,
              * else, for a child, an entry of its root's cleanup-array cache;
              * which == 255 a root's spare-record list (its count kept
              * within cache_max) or a child's own (empty) cache, which ==
              * 135 a root's first cached area, which == 225 a root's area
              * room (off its budget by one byte) */
        if (p->root == p && which >= 30u) {
            switch (which / 30u % 4u) {
            case 0:
                if (which == 255u && p->cache != NULL) {
                    TAMPER(p->ncache, p->ncache - 1);
                } else if (which == 255u && p->pool_cache != NULL) {
                    TAMPER(p->pool_cache->magic, VPOOL_MAGIC);
                } else if (which == 255u && p->lrec_cache != NULL) {
                    TAMPER(p->lrec_cache->next, p->lrec_cache);
                } else if (which == 135u && p->nlarea_cache > 0) {
                    TAMPER(p->larea[0]->base, (char *)NULL);
                } else {
                    TAMPER(p->nlrec_cache, p->cache_max + 1);
                }
                break;
            case 1:
                TAMPER(p->ncl_cache, p->cache_max + 1);
                break;
            case 2:
                TAMPER(p->ncl_cache, (size_t)VPOOL_CL_CACHE_MAX + 1);
                break;
            default:
                if (which == 225u) {
                    TAMPER(p->larea_room, p->larea_room + 1);
                } else {
                    TAMPER(p->nlarea_cache, (size_t)VPOOL_LAREA_CACHE_MAX + 1);
                }
                break;
            }
        } else if (p->root->ncl_cache > 0 && which >= 30u) {
            /* the root's free cleanup arrays, as any pool of the tree
             * checks them: the array in use listed, one listed twice, or
             * a NULL entry */
            struct vpool_cleanup_rec **top = &p->root->cl_cache[p->root->ncl_cache - 1];
            if (p->capcl > 0) {
                TAMPER(*top, p->cl);
            } else if (p->root->ncl_cache > 1) {
                TAMPER(*top, p->root->cl_cache[0]);
            } else {
                TAMPER(*top, (struct vpool_cleanup_rec *)NULL);
            }
        } else if (which == 255u && p->root != p) {
            TAMPER(p->ncache, (size_t)1);
        } else if (p->ncl > 0 && p->cl[p->ncl - 1].state == VPOOL_CL_PENDING) {
            TAMPER(p->cl[p->ncl - 1].fn, (vpool_cleanup_fn)NULL);
        } else {
            TAMPER(p->small_max, p->block_size);
        }
        break;
    }
#undef TAMPER
    CHECK(vpool_check(p), "vpool_check false after the corruption was undone");
}

/* ---- driver --------------------------------------------------------------- */

/* The full sweep: fills of every live allocation, vpool_stats of every
 * live pool against the model, vpool_check of every live pool. */
static void check_everything(void)
{
    int k;
    verify_fill(-1);
    for (k = 0; k < G.np; k++) {
        if (G.P[k].alive) {
            check_stats(k);
        }
    }
    check_structure(1);
}

static void op_dispatch(uint8_t op)
{
    switch (op) {
    case VPF_OP_ROOT:
        op_root();
        break;
    case VPF_OP_CHILD:
        op_child();
        break;
    case VPF_OP_DESTROY:
        op_teardown(0);
        break;
    case VPF_OP_RESET:
        op_teardown(1);
        break;
    case VPF_OP_ALLOC:
        op_alloc();
        break;
    case VPF_OP_FREE:
        op_free();
        break;
    case VPF_OP_CL_ADD:
        op_cl_add(0);
        break;
    case VPF_OP_CL_SIZED:
        op_cl_add(1);
        break;
    case VPF_OP_CL_RUN:
        op_cl_run(0);
        break;
    case VPF_OP_CL_KILL:
        op_cl_run(1);
        break;
    case VPF_OP_FAULT:
        BK.fail_at = BK.calls + 1 + rd8(&G.r);
        break;
    case VPF_OP_CHECK:
        check_everything();
        break;
    case VPF_OP_INTRO:
        op_intro();
        break;
    case VPF_OP_CL_FD:
        op_cl_fd();
        break;
    case VPF_OP_TAMPER:
        op_tamper();
        break;
    case VPF_OP_NULLS:
        op_nulls();
        break;
    case VPF_OP_MISALIGN:
        BK.misalign_at = BK.calls + 1 + rd8(&G.r);
        break;
    default:
        break;
    }
}

int vpf_run(const uint8_t *data, size_t size, const vpf_profile_t *prof)
{
    int k;
    G.r.p = data;
    G.r.n = size;
    G.r.i = 0;
    G.prof = prof;
    G.np = G.na = G.nc = G.nf = 0;
    G.seq = G.clseq = 0;
    G.depth = 0;
    G.misuse_n = G.misuse_seen = 0;
    G.ops = 0;
    G.ngrave = 0;
    G.touched = 0;
    memset(G.grave, 0, sizeof G.grave);
    if (G.devnull == 0) {
        G.devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (G.devnull == 0) {
            G.devnull = -1; /* fd 0 was closed: never rely on it */
        }
    }
    if (srcbuf[1] == 0) {
        for (k = 0; k < (int)sizeof srcbuf; k++) {
            srcbuf[k] = (unsigned char)(k * 7 + 1);
        }
    }
    bk_reset();

    op_root();
    while (G.r.i < G.r.n && G.ops < MAXOPS) {
        uint8_t op = prof->ops[rd8(&G.r) % prof->nops];
        G.ops++;
        op_dispatch(op);
        /* Every op: vpool_check of the pools it reached and the exact byte
         * balance. Every 32nd op (and on VPF_OP_CHECK): the full sweep, so
         * damage an op did outside the pools it reached, or to an
         * allocation of a pool it did not tear down, is reported within 32
         * ops. 32 keeps the sweep's share of an op's cost at a few percent
         * with 16 pools and 384 allocations at most. */
        if ((G.ops & 31u) == 0) {
            check_everything();
        } else {
            check_structure(0);
        }
    }

    /* Teardown: every root, then nothing may be left anywhere. */
    for (k = 0; k < G.np; k++) {
        if (G.P[k].alive && G.P[k].parent < 0) {
            do_teardown(k, 0);
        }
    }
    for (k = 0; k < G.np; k++) {
        CHECK(!G.P[k].alive, "a pool outlived its root");
    }
    for (k = 0; k < G.nc; k++) {
        CHECK(G.C[k].state != CL_PENDING, "a cleanup never ran");
    }
    CHECK(G.na == 0, "allocations outlived their pools in the model");
    CHECK(BK.outstanding == 0 && BK.count == 0, "backing allocator still has bytes outstanding after teardown");
    return 0;
}
