/*
 * bench.c -- vpool side by side with glibc malloc, APR pools and talloc.
 *
 * One binary, driven by tools/bench.sh:
 *   bench list [quick|full]          configurations: name, ops/iter, peers
 *   bench count CFG PEER ITERS       run once (under callgrind: the
 *                                    difference of two ITERS cancels start-up)
 *   bench time CFG REPS MIN_MS       interleaved wall time of every peer
 *   bench rss CFG PEER ITERS         peak RSS growth of one run
 *   bench waste STREAM PEER          backing bytes / requested bytes
 *
 * Every peer reads the same size arrays, generated from one seeded PRNG
 * before anything is measured, so the allocation streams are identical.
 * Each measured loop is specialised per peer (no dispatch inside loops), so
 * the only shared overhead is the harness (stream read, one store into the
 * block); the "null" peer measures exactly that overhead.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mallinfo2, aligned_alloc */
#endif
#include "../pool/vpool.h"

#include <apr_allocator.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

enum peer { P_VPOOL, P_MALLOC, P_APR, P_TALLOC, P_TPOOL, P_BUMP, P_NULL, NPEER };
static const char *const peer_name[NPEER] = {"vpool", "malloc", "apr", "talloc",
                                             "talloc_pool", "bump", "null"};
#define PB(x) (1u << (x))
#define PEERS_POOL (PB(P_VPOOL) | PB(P_MALLOC) | PB(P_APR) | PB(P_TALLOC) | PB(P_TPOOL))

enum wl { W_SMALL, W_LIFE, W_RESET, W_TREE, W_LARGE, W_MT };

struct cfg {
    const char *name;
    enum wl wl;
    unsigned a, b, c; /* workload parameters, see ops_per_iter() */
    unsigned peers;
    int quick;        /* part of the quick mode */
    unsigned cg_iters; /* iterations of the first callgrind run */
};

/* small: a = allocations between resets
 * life/reset: a = small allocations, b = large ones, c = cleanups
 * tree: a = pools per level, b = levels, c = allocations per pool
 * large: a = large allocations freed in random order
 * mt: a = threads, each doing life 64/2/1 */
static const struct cfg cfgs[] = {
    {"small/k=64", W_SMALL, 64, 0, 0, PEERS_POOL | PB(P_BUMP) | PB(P_NULL), 0, 400},
    {"small/k=1024", W_SMALL, 1024, 0, 0, PEERS_POOL | PB(P_BUMP) | PB(P_NULL), 1, 25},
    {"small/k=65536", W_SMALL, 65536, 0, 0, PEERS_POOL | PB(P_BUMP) | PB(P_NULL), 0, 1},
    {"life/s=64,l=2", W_LIFE, 64, 2, 1, PEERS_POOL | PB(P_BUMP), 1, 300},
    {"life/s=16,l=2", W_LIFE, 16, 2, 1, PEERS_POOL | PB(P_BUMP), 0, 600},
    {"life/s=256,l=2", W_LIFE, 256, 2, 1, PEERS_POOL | PB(P_BUMP), 0, 100},
    {"life/s=64,l=0", W_LIFE, 64, 0, 1, PEERS_POOL | PB(P_BUMP), 0, 300},
    {"life/s=64,l=8", W_LIFE, 64, 8, 1, PEERS_POOL | PB(P_BUMP), 0, 300},
    {"reset/cleanup=1", W_RESET, 64, 2, 1, PEERS_POOL | PB(P_BUMP), 1, 300},
    {"reset/cleanup=0", W_RESET, 64, 2, 0, PEERS_POOL | PB(P_BUMP), 0, 300},
    {"tree/4x4,a=0", W_TREE, 4, 4, 0, PEERS_POOL & ~PB(P_TPOOL), 0, 300},
    {"tree/4x4,a=4", W_TREE, 4, 4, 4, PEERS_POOL & ~PB(P_TPOOL), 1, 300},
    {"tree/4x4,a=64", W_TREE, 4, 4, 64, PEERS_POOL & ~PB(P_TPOOL), 0, 50},
    {"tree/8x2,a=0", W_TREE, 8, 2, 0, PEERS_POOL & ~PB(P_TPOOL), 0, 300},
    {"tree/8x2,a=4", W_TREE, 8, 2, 4, PEERS_POOL & ~PB(P_TPOOL), 0, 300},
    {"tree/8x2,a=64", W_TREE, 8, 2, 64, PEERS_POOL & ~PB(P_TPOOL), 0, 50},
    {"tree/2x64,a=0", W_TREE, 2, 64, 0, PEERS_POOL & ~PB(P_TPOOL), 0, 40},
    {"tree/2x64,a=4", W_TREE, 2, 64, 4, PEERS_POOL & ~PB(P_TPOOL), 0, 40},
    {"tree/2x64,a=64", W_TREE, 2, 64, 64, PEERS_POOL & ~PB(P_TPOOL), 0, 8},
    {"large/M=1", W_LARGE, 1, 0, 0, PEERS_POOL & ~PB(P_TPOOL), 0, 3000},
    {"large/M=16", W_LARGE, 16, 0, 0, PEERS_POOL & ~PB(P_TPOOL), 1, 200},
    {"large/M=256", W_LARGE, 256, 0, 0, PEERS_POOL & ~PB(P_TPOOL), 0, 12},
    {"mt/threads=1", W_MT, 1, 0, 0, PEERS_POOL, 0, 300},
    {"mt/threads=2", W_MT, 2, 0, 0, PEERS_POOL, 1, 150},
    {"mt/threads=4", W_MT, 4, 0, 0, PEERS_POOL, 0, 80},
};
#define NCFG (sizeof(cfgs) / sizeof(cfgs[0]))

/* Operations per iteration: what "per op" means for each workload. */
static double ops_per_iter(const struct cfg *c)
{
    switch (c->wl) {
    case W_SMALL: return c->a;             /* allocations */
    case W_LIFE:
    case W_RESET: return 1;                /* requests */
    case W_TREE: return c->a * c->b + 1;   /* pools, incl. the top */
    case W_LARGE: return c->a;             /* alloc + free pairs */
    case W_MT: return c->a;                /* requests (one per thread) */
    }
    return 1;
}

/* ---- the allocation streams --------------------------------------------- */

#define SEED 0x76706f6f6c2d6265ull /* fixed: every run sees the same stream */
#define STREAM (1u << 16)
#define SMASK (STREAM - 1u)
static uint32_t sz_small[STREAM]; /* 16..72 */
static uint32_t sz_life[STREAM];  /* 8..256 */
static uint32_t sz_large[STREAM]; /* 8192..65535 */
static uint32_t perm[256];        /* free order for the large workload */
static const uint32_t life_large[2] = {5000, 20000};

static uint64_t rng_state;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static uint32_t uniform(uint32_t lo, uint32_t hi) /* [lo, hi] */
{
    return lo + (uint32_t)(rng() % ((uint64_t)hi - lo + 1u));
}

static void make_streams(void)
{
    uint32_t i;
    rng_state = SEED;
    for (i = 0; i < STREAM; i++) {
        sz_small[i] = uniform(16, 72);
        sz_life[i] = uniform(8, 256);
        sz_large[i] = uniform(8192, 65535);
    }
    for (i = 0; i < 256; i++) {
        perm[i] = i;
    }
    for (i = 255; i > 0; i--) {
        uint32_t j = uniform(0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

/* One store into every block handed out: the memory is used, and the
 * compiler cannot drop an inlined allocation. */
static inline void touch(void *p)
{
    *(volatile unsigned char *)p = 1;
}

static void die(const char *what)
{
    fprintf(stderr, "bench: %s failed\n", what);
    exit(2);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the physical-limit baseline: an inline, aligned, checked bump ------ */

struct bump {
    unsigned char *mem;
    size_t cap, used;
};

static inline void *bump_alloc(struct bump *b, size_t n)
{
    size_t room = b->cap - b->used;
    size_t pad = (16 - b->used % 16) % 16;
    void *r;
    if (pad > room || n > room - pad) {
        return NULL;
    }
    r = b->mem + b->used + pad;
    b->used += pad + n;
    return r;
}

static void bump_init(struct bump *b, size_t cap)
{
    b->mem = aligned_alloc(16, cap);
    if (b->mem == NULL) {
        die("aligned_alloc");
    }
    b->cap = cap;
    b->used = 0;
}

/* The null peer: only the harness's own work. */
static unsigned char null_block[4096] __attribute__((aligned(16)));
static inline void *null_alloc(size_t n)
{
    (void)n;
    return null_block;
}

/* ---- cleanups ----------------------------------------------------------- */

static volatile unsigned long cleanups_run;
static void cl_vpool(void *d) { (void)d; cleanups_run++; }
static apr_status_t cl_apr(void *d) { (void)d; cleanups_run++; return APR_SUCCESS; }
struct clobj { void *data; };
static int cl_talloc(struct clobj *o) { (void)o; cleanups_run++; return 0; }

/* ---- small: allocations of 16..72 bytes, reset every k ------------------ */

static uint64_t run_small(enum peer pe, const struct cfg *c, unsigned iters)
{
    unsigned k = c->a, it, i, cur = 0;
    uint64_t t0, t1;
    switch (pe) {
    case P_VPOOL: {
        vpool_t *p = vpool_create(NULL);
        if (p == NULL) die("vpool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) touch(vpool_alloc(p, sz_small[cur++ & SMASK]));
            vpool_reset(p);
        }
        t1 = now_ns();
        vpool_destroy(p);
        break;
    }
    case P_MALLOC: {
        void **v = malloc(sizeof(void *) * k);
        if (v == NULL) die("malloc");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) {
                v[i] = malloc(sz_small[cur++ & SMASK]);
                touch(v[i]);
            }
            for (i = 0; i < k; i++) free(v[i]);
        }
        t1 = now_ns();
        free(v);
        break;
    }
    case P_APR: {
        apr_pool_t *p;
        if (apr_pool_create(&p, NULL) != APR_SUCCESS) die("apr_pool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) touch(apr_palloc(p, sz_small[cur++ & SMASK]));
            apr_pool_clear(p);
        }
        t1 = now_ns();
        apr_pool_destroy(p);
        break;
    }
    case P_TALLOC: {
        void *ctx = talloc_new(NULL);
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) touch(talloc_size(ctx, sz_small[cur++ & SMASK]));
            talloc_free_children(ctx);
        }
        t1 = now_ns();
        talloc_free(ctx);
        break;
    }
    case P_TPOOL: {
        /* sized to hold a whole iteration: talloc_pool's best case */
        void *pool = talloc_pool(NULL, (size_t)k * (72 + 128));
        if (pool == NULL) die("talloc_pool");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) touch(talloc_size(pool, sz_small[cur++ & SMASK]));
            talloc_free_children(pool);
        }
        t1 = now_ns();
        talloc_free(pool);
        break;
    }
    case P_BUMP: {
        struct bump b;
        bump_init(&b, (size_t)k * (72 + 16));
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) touch(bump_alloc(&b, sz_small[cur++ & SMASK]));
            b.used = 0;
        }
        t1 = now_ns();
        free(b.mem);
        break;
    }
    default: {
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < k; i++) touch(null_alloc(sz_small[cur++ & SMASK]));
        }
        t1 = now_ns();
        break;
    }
    }
    return t1 - t0;
}

/* ---- life: one request in its own pool ---------------------------------- */
/* Every peer's request pool lives under a long-lived "server" context, as a
 * server would use it (APR: sub-pool of a long-lived pool; vpool: child of a
 * long-lived root, which lends its block cache; talloc: child context). */

static size_t large_size(unsigned j) { return life_large[j & 1u]; }

static unsigned life_vpool(vpool_t *server, const struct cfg *c, unsigned cur)
{
    unsigned i;
    vpool_t *p = vpool_create_child(server, NULL);
    if (p == NULL) die("vpool_create_child");
    for (i = 0; i < c->a; i++) touch(vpool_alloc(p, sz_life[cur++ & SMASK]));
    for (i = 0; i < c->b; i++) touch(vpool_alloc(p, large_size(i)));
    for (i = 0; i < c->c; i++) vpool_cleanup_add(p, cl_vpool, p);
    vpool_destroy(p);
    return cur;
}

/* malloc has no pool: the request keeps its pointers and frees each. */
static unsigned life_malloc(void **v, const struct cfg *c, unsigned cur)
{
    unsigned i, n = 0;
    for (i = 0; i < c->a; i++) {
        v[n] = malloc(sz_life[cur++ & SMASK]);
        touch(v[n++]);
    }
    for (i = 0; i < c->b; i++) {
        v[n] = malloc(large_size(i));
        touch(v[n++]);
    }
    for (i = 0; i < c->c; i++) cl_vpool(v);
    for (i = 0; i < n; i++) free(v[i]);
    return cur;
}

static unsigned life_apr(apr_pool_t *server, const struct cfg *c, unsigned cur)
{
    unsigned i;
    apr_pool_t *p;
    if (apr_pool_create(&p, server) != APR_SUCCESS) die("apr_pool_create");
    for (i = 0; i < c->a; i++) touch(apr_palloc(p, sz_life[cur++ & SMASK]));
    for (i = 0; i < c->b; i++) touch(apr_palloc(p, large_size(i)));
    for (i = 0; i < c->c; i++) apr_pool_cleanup_register(p, p, cl_apr, apr_pool_cleanup_null);
    apr_pool_destroy(p);
    return cur;
}

static void talloc_cleanup(void *ctx)
{
    struct clobj *o = talloc(ctx, struct clobj);
    if (o == NULL) die("talloc");
    talloc_set_destructor(o, cl_talloc);
}

static unsigned life_talloc(void *server, const struct cfg *c, unsigned cur, size_t pool_size)
{
    unsigned i;
    void *p = pool_size ? talloc_pool(server, pool_size) : talloc_new(server);
    if (p == NULL) die("talloc_new");
    for (i = 0; i < c->a; i++) touch(talloc_size(p, sz_life[cur++ & SMASK]));
    for (i = 0; i < c->b; i++) touch(talloc_size(p, large_size(i)));
    for (i = 0; i < c->c; i++) talloc_cleanup(p);
    talloc_free(p);
    return cur;
}

static unsigned life_bump(struct bump *b, const struct cfg *c, unsigned cur)
{
    unsigned i;
    b->used = 0;
    for (i = 0; i < c->a; i++) touch(bump_alloc(b, sz_life[cur++ & SMASK]));
    for (i = 0; i < c->b; i++) touch(bump_alloc(b, large_size(i)));
    for (i = 0; i < c->c; i++) cl_vpool(b);
    return cur;
}

/* talloc_pool sized to hold the whole request: its best case. */
static size_t tpool_size(const struct cfg *c)
{
    return (size_t)c->a * (256 + 128) + (size_t)c->b * (20000 + 128) + 256;
}

struct life_ctx {
    enum peer pe;
    const struct cfg *c;
    unsigned iters;
    unsigned cur;
};

/* Runs iters requests with a fresh server context; the server's creation
 * and destruction are outside the timed span. */
static uint64_t life_loop(struct life_ctx *x)
{
    const struct cfg *c = x->c;
    unsigned it, cur = x->cur;
    uint64_t t0 = 0, t1 = 0;
    switch (x->pe) {
    case P_VPOOL: {
        vpool_t *s = vpool_create(NULL);
        if (s == NULL) die("vpool_create");
        t0 = now_ns();
        for (it = 0; it < x->iters; it++) cur = life_vpool(s, c, cur);
        t1 = now_ns();
        vpool_destroy(s);
        break;
    }
    case P_MALLOC: {
        void *v[512];
        t0 = now_ns();
        for (it = 0; it < x->iters; it++) cur = life_malloc(v, c, cur);
        t1 = now_ns();
        break;
    }
    case P_APR: {
        apr_pool_t *s;
        apr_allocator_t *al;
        /* a private allocator per server pool: no lock shared between threads */
        if (apr_allocator_create(&al) != APR_SUCCESS) die("apr_allocator_create");
        if (apr_pool_create_ex(&s, NULL, NULL, al) != APR_SUCCESS) die("apr_pool_create_ex");
        apr_allocator_owner_set(al, s);
        t0 = now_ns();
        for (it = 0; it < x->iters; it++) cur = life_apr(s, c, cur);
        t1 = now_ns();
        apr_pool_destroy(s);
        break;
    }
    case P_TALLOC:
    case P_TPOOL: {
        void *s = talloc_new(NULL);
        size_t ps = x->pe == P_TPOOL ? tpool_size(c) : 0;
        t0 = now_ns();
        for (it = 0; it < x->iters; it++) cur = life_talloc(s, c, cur, ps);
        t1 = now_ns();
        talloc_free(s);
        break;
    }
    case P_BUMP: {
        struct bump b;
        bump_init(&b, (size_t)c->a * (256 + 16) + (size_t)c->b * (20000 + 16));
        t0 = now_ns();
        for (it = 0; it < x->iters; it++) cur = life_bump(&b, c, cur);
        t1 = now_ns();
        free(b.mem);
        break;
    }
    default:
        die("peer");
    }
    x->cur = cur;
    return t1 - t0;
}

static uint64_t run_life(enum peer pe, const struct cfg *c, unsigned iters)
{
    struct life_ctx x = {pe, c, iters, 0};
    return life_loop(&x);
}

/* ---- reset: the life stream in one reused pool -------------------------- */

static uint64_t run_reset(enum peer pe, const struct cfg *c, unsigned iters)
{
    unsigned it, i, cur = 0;
    uint64_t t0, t1;
    switch (pe) {
    case P_VPOOL: {
        vpool_t *p = vpool_create(NULL);
        if (p == NULL) die("vpool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < c->a; i++) touch(vpool_alloc(p, sz_life[cur++ & SMASK]));
            for (i = 0; i < c->b; i++) touch(vpool_alloc(p, large_size(i)));
            for (i = 0; i < c->c; i++) vpool_cleanup_add(p, cl_vpool, p);
            vpool_reset(p);
        }
        t1 = now_ns();
        vpool_destroy(p);
        break;
    }
    case P_MALLOC: {
        void *v[512];
        t0 = now_ns();
        for (it = 0; it < iters; it++) cur = life_malloc(v, c, cur);
        t1 = now_ns();
        break;
    }
    case P_APR: {
        apr_pool_t *p;
        if (apr_pool_create(&p, NULL) != APR_SUCCESS) die("apr_pool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < c->a; i++) touch(apr_palloc(p, sz_life[cur++ & SMASK]));
            for (i = 0; i < c->b; i++) touch(apr_palloc(p, large_size(i)));
            for (i = 0; i < c->c; i++) apr_pool_cleanup_register(p, p, cl_apr, apr_pool_cleanup_null);
            apr_pool_clear(p);
        }
        t1 = now_ns();
        apr_pool_destroy(p);
        break;
    }
    case P_TALLOC:
    case P_TPOOL: {
        void *p = pe == P_TPOOL ? talloc_pool(NULL, tpool_size(c)) : talloc_new(NULL);
        if (p == NULL) die("talloc_pool");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < c->a; i++) touch(talloc_size(p, sz_life[cur++ & SMASK]));
            for (i = 0; i < c->b; i++) touch(talloc_size(p, large_size(i)));
            for (i = 0; i < c->c; i++) talloc_cleanup(p);
            talloc_free_children(p);
        }
        t1 = now_ns();
        talloc_free(p);
        break;
    }
    case P_BUMP: {
        struct bump b;
        bump_init(&b, (size_t)c->a * (256 + 16) + (size_t)c->b * (20000 + 16));
        t0 = now_ns();
        for (it = 0; it < iters; it++) cur = life_bump(&b, c, cur);
        t1 = now_ns();
        free(b.mem);
        break;
    }
    default:
        die("peer");
        return 0;
    }
    return t1 - t0;
}

/* ---- tree: a comb of sub-pools -------------------------------------------
 * W x D: under a fresh top pool, D levels of W sibling pools; each level
 * hangs under the first pool of the level above. Every pool (top included)
 * gets c allocations. Destroying the top tears the tree down. */

static uint64_t run_tree(enum peer pe, const struct cfg *c, unsigned iters)
{
    unsigned W = c->a, D = c->b, A = c->c, it, d, w, i, cur = 0;
    uint64_t t0, t1;
    switch (pe) {
    case P_VPOOL: {
        vpool_t *root = vpool_create(NULL);
        if (root == NULL) die("vpool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            vpool_t *top = vpool_create_child(root, NULL), *lvl = top;
            if (top == NULL) die("vpool_create_child");
            for (i = 0; i < A; i++) touch(vpool_alloc(top, sz_life[cur++ & SMASK]));
            for (d = 0; d < D; d++) {
                vpool_t *first = NULL;
                for (w = 0; w < W; w++) {
                    vpool_t *n = vpool_create_child(lvl, NULL);
                    if (n == NULL) die("vpool_create_child");
                    for (i = 0; i < A; i++) touch(vpool_alloc(n, sz_life[cur++ & SMASK]));
                    if (first == NULL) first = n;
                }
                lvl = first;
            }
            vpool_destroy(top);
        }
        t1 = now_ns();
        vpool_destroy(root);
        break;
    }
    case P_MALLOC: {
        /* no hierarchy: one record per pool plus every allocation, freed at the end */
        size_t cap = ((size_t)W * D + 1) * (A + 1), n;
        void **v = malloc(sizeof(void *) * cap);
        if (v == NULL) die("malloc");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            n = 0;
            for (d = 0; d < W * D + 1; d++) {
                v[n] = malloc(64);
                touch(v[n++]);
                for (i = 0; i < A; i++) {
                    v[n] = malloc(sz_life[cur++ & SMASK]);
                    touch(v[n++]);
                }
            }
            while (n > 0) free(v[--n]);
        }
        t1 = now_ns();
        free(v);
        break;
    }
    case P_APR: {
        apr_pool_t *root;
        if (apr_pool_create(&root, NULL) != APR_SUCCESS) die("apr_pool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            apr_pool_t *top, *lvl;
            if (apr_pool_create(&top, root) != APR_SUCCESS) die("apr_pool_create");
            lvl = top;
            for (i = 0; i < A; i++) touch(apr_palloc(top, sz_life[cur++ & SMASK]));
            for (d = 0; d < D; d++) {
                apr_pool_t *first = NULL;
                for (w = 0; w < W; w++) {
                    apr_pool_t *n;
                    if (apr_pool_create(&n, lvl) != APR_SUCCESS) die("apr_pool_create");
                    for (i = 0; i < A; i++) touch(apr_palloc(n, sz_life[cur++ & SMASK]));
                    if (first == NULL) first = n;
                }
                lvl = first;
            }
            apr_pool_destroy(top);
        }
        t1 = now_ns();
        apr_pool_destroy(root);
        break;
    }
    case P_TALLOC: {
        void *root = talloc_new(NULL);
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            void *top = talloc_new(root), *lvl = top;
            for (i = 0; i < A; i++) touch(talloc_size(top, sz_life[cur++ & SMASK]));
            for (d = 0; d < D; d++) {
                void *first = NULL;
                for (w = 0; w < W; w++) {
                    void *n = talloc_new(lvl);
                    for (i = 0; i < A; i++) touch(talloc_size(n, sz_life[cur++ & SMASK]));
                    if (first == NULL) first = n;
                }
                lvl = first;
            }
            talloc_free(top);
        }
        t1 = now_ns();
        talloc_free(root);
        break;
    }
    default:
        die("peer");
        return 0;
    }
    return t1 - t0;
}

/* ---- large: M large allocations freed one by one in random order -------- */

static uint64_t run_large(enum peer pe, const struct cfg *c, unsigned iters)
{
    unsigned M = c->a, it, i, cur = 0;
    void *v[256];
    uint64_t t0, t1;
    switch (pe) {
    case P_VPOOL: {
        vpool_t *p = vpool_create(NULL);
        if (p == NULL) die("vpool_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < M; i++) {
                v[i] = vpool_alloc(p, sz_large[cur++ & SMASK]);
                touch(v[i]);
            }
            for (i = 0; i < M; i++) vpool_free(p, v[perm[i]]);
        }
        t1 = now_ns();
        vpool_destroy(p);
        break;
    }
    case P_MALLOC: {
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < M; i++) {
                v[i] = malloc(sz_large[cur++ & SMASK]);
                touch(v[i]);
            }
            for (i = 0; i < M; i++) free(v[perm[i]]);
        }
        t1 = now_ns();
        break;
    }
    case P_APR: {
        /* APR pools cannot free one allocation; its allocator's nodes can */
        apr_allocator_t *al;
        apr_memnode_t *nv[256];
        if (apr_allocator_create(&al) != APR_SUCCESS) die("apr_allocator_create");
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < M; i++) {
                nv[i] = apr_allocator_alloc(al, sz_large[cur++ & SMASK]);
                if (nv[i] == NULL) die("apr_allocator_alloc");
                touch(nv[i]->first_avail);
            }
            for (i = 0; i < M; i++) apr_allocator_free(al, nv[perm[i]]);
        }
        t1 = now_ns();
        apr_allocator_destroy(al);
        break;
    }
    case P_TALLOC: {
        void *ctx = talloc_new(NULL);
        t0 = now_ns();
        for (it = 0; it < iters; it++) {
            for (i = 0; i < M; i++) {
                v[i] = talloc_size(ctx, sz_large[cur++ & SMASK]);
                touch(v[i]);
            }
            for (i = 0; i < M; i++) talloc_free(v[perm[i]]);
        }
        t1 = now_ns();
        talloc_free(ctx);
        break;
    }
    default:
        die("peer");
        return 0;
    }
    return t1 - t0;
}

/* perm is a permutation of 0..255; for M < 256 the order must still free
 * each of the M pointers exactly once. */
static void perm_for(unsigned M)
{
    uint32_t i, j = 0, tmp[256];
    for (i = 0; i < 256; i++) {
        if (perm[i] < M) tmp[j++] = perm[i];
    }
    for (i = 0; i < M; i++) perm[i] = tmp[i];
}

/* ---- mt: N threads, each with its own server context doing life --------- */

static const struct cfg mt_life = {"life", W_LIFE, 64, 2, 1, 0, 0, 0};

static void *mt_thread(void *arg)
{
    (void)life_loop(arg);
    return NULL;
}

static uint64_t run_mt(enum peer pe, const struct cfg *c, unsigned iters)
{
    pthread_t th[16];
    struct life_ctx x[16];
    unsigned i, n = c->a;
    uint64_t t0, t1;
    for (i = 0; i < n; i++) {
        x[i].pe = pe;
        x[i].c = &mt_life;
        x[i].iters = iters;
        x[i].cur = i * 4096u; /* each thread its own slice of the stream */
    }
    t0 = now_ns();
    for (i = 0; i < n; i++) {
        if (pthread_create(&th[i], NULL, mt_thread, &x[i]) != 0) die("pthread_create");
    }
    for (i = 0; i < n; i++) pthread_join(th[i], NULL);
    t1 = now_ns();
    return t1 - t0;
}

static uint64_t run(enum peer pe, const struct cfg *c, unsigned iters)
{
    switch (c->wl) {
    case W_SMALL: return run_small(pe, c, iters);
    case W_LIFE: return run_life(pe, c, iters);
    case W_RESET: return run_reset(pe, c, iters);
    case W_TREE: return run_tree(pe, c, iters);
    case W_LARGE: return run_large(pe, c, iters);
    case W_MT: return run_mt(pe, c, iters);
    }
    return 0;
}

/* ---- waste: backing bytes / requested bytes ------------------------------
 * All peers sit on glibc malloc, so one method serves them all: the growth
 * of mallinfo2()'s in-use bytes (arena uordblks + mmapped hblkhd) between
 * "nothing created" and "everything live", which counts malloc's chunk
 * headers and rounding too. vpool is also measured with its own counting
 * backing allocator (bytes it asked for), as a cross-check. */

#define WASTE_BYTES ((size_t)4 << 20)

static size_t waste_sizes(const char *stream, uint32_t *out, size_t cap, size_t *req)
{
    size_t n = 0, total = 0;
    rng_state = SEED ^ 0x5741535445ull;
    while (total < WASTE_BYTES && n < cap) {
        uint32_t s;
        if (strcmp(stream, "uniform-8-256") == 0) {
            s = uniform(8, 256);
        } else if (strcmp(stream, "uniform-1-4096") == 0) {
            s = uniform(1, (uint32_t)(VPOOL_DEFAULT_BLOCK_SIZE / 2));
        } else if (strcmp(stream, "near-max") == 0) {
            /* within 64 bytes below 4096, alternating a multiple of 16
             * with a size that is not. 4096 was vpool's in-block maximum
             * until small_max became block_size / 4; the stream is kept so
             * that runs compare (vpool now serves it as large allocations). */
            uint32_t top = (uint32_t)(VPOOL_DEFAULT_BLOCK_SIZE / 2);
            s = (n % 2 == 0) ? top - 16u * uniform(0, 3) : top - 16u * uniform(0, 3) - uniform(1, 15);
        } else {
            return 0;
        }
        out[n++] = s;
        total += s;
    }
    *req = total;
    return n;
}

static size_t mi_inuse(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

/* Mapped bytes of the process: libapr1 as built by Debian maps its nodes
 * with mmap (519 mmap calls for 1,000 palloc(4000) under strace), which
 * mallinfo2 cannot see; its growth is what APR obtained from the kernel. */
static size_t vm_size(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL || fscanf(f, "%lu", &pages) != 1) die("/proc/self/statm");
    fclose(f);
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static size_t counted;
static void *count_alloc(void *ud, size_t n) { (void)ud; counted += n; return malloc(n); }
static void count_free(void *ud, void *p, size_t n) { (void)ud; counted -= n; free(p); }

static int do_waste(const char *stream, enum peer pe)
{
    static uint32_t s[1u << 20];
    size_t req, n = waste_sizes(stream, s, sizeof(s) / sizeof(s[0]), &req), i, before, after;
    size_t own = 0;
    static void *keep[1u << 20];
    if (n == 0) {
        fprintf(stderr, "unknown stream %s\n", stream);
        return 2;
    }
    before = mi_inuse();
    switch (pe) {
    case P_VPOOL: {
        vpool_allocator_t al = {count_alloc, count_free, NULL};
        vpool_options_t o;
        vpool_t *p;
        memset(&o, 0, sizeof(o));
        o.allocator = &al;
        p = vpool_create(&o);
        if (p == NULL) die("vpool_create");
        for (i = 0; i < n; i++) touch(vpool_alloc(p, s[i]));
        after = mi_inuse();
        own = counted;
        vpool_destroy(p);
        break;
    }
    case P_MALLOC:
        for (i = 0; i < n; i++) {
            keep[i] = malloc(s[i]);
            touch(keep[i]);
        }
        after = mi_inuse();
        for (i = 0; i < n; i++) free(keep[i]);
        break;
    case P_APR: {
        apr_pool_t *p;
        size_t vm0 = vm_size();
        if (apr_pool_create(&p, NULL) != APR_SUCCESS) die("apr_pool_create");
        for (i = 0; i < n; i++) touch(apr_palloc(p, s[i]));
        after = before + (vm_size() - vm0);
        apr_pool_destroy(p);
        break;
    }
    case P_TALLOC: {
        void *ctx = talloc_new(NULL);
        for (i = 0; i < n; i++) touch(talloc_size(ctx, s[i]));
        after = mi_inuse();
        talloc_free(ctx);
        break;
    }
    case P_BUMP: {
        /* the limit: 16-byte alignment padding only, computed */
        size_t used = 0;
        for (i = 0; i < n; i++) used += (16 - used % 16) % 16 + s[i];
        after = before + used;
        break;
    }
    default:
        die("peer");
        return 2;
    }
    printf("%s\t%s\t%zu\t%zu\t%zu\t%.6f\t%zu\n", stream, peer_name[pe], n, req, after - before,
           (double)(after - before) / (double)req, own);
    return 0;
}

/* ---- driver ------------------------------------------------------------- */

static const struct cfg *find_cfg(const char *name)
{
    size_t i;
    for (i = 0; i < NCFG; i++) {
        if (strcmp(cfgs[i].name, name) == 0) return &cfgs[i];
    }
    fprintf(stderr, "bench: unknown configuration %s\n", name);
    exit(2);
}

static enum peer find_peer(const char *name)
{
    int i;
    for (i = 0; i < NPEER; i++) {
        if (strcmp(peer_name[i], name) == 0) return (enum peer)i;
    }
    fprintf(stderr, "bench: unknown peer %s\n", name);
    exit(2);
}

static void prepare(const struct cfg *c)
{
    if (c->wl == W_LARGE) perm_for(c->a);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Interleaved timing: each repetition runs every peer once, the starting
 * peer rotating, so drift in machine load hits all peers alike. */
static int do_time(const struct cfg *c, unsigned reps, unsigned min_ms)
{
    enum peer ps[NPEER];
    unsigned np = 0, r, j, iters = 1;
    int i;
    for (i = 0; i < NPEER; i++) {
        if ((c->peers & PB(i)) && i != P_NULL) ps[np++] = (enum peer)i;
    }
    /* calibrate on vpool, then give every peer the same iteration count */
    for (;;) {
        uint64_t t = run(P_VPOOL, c, iters);
        if (t >= (uint64_t)min_ms * 1000000u || iters >= (1u << 28)) break;
        iters = t == 0 ? iters * 16 : (unsigned)(iters * ((double)min_ms * 1.2e6 / (double)t)) + 1;
    }
    for (j = 0; j < np; j++) (void)run(ps[j], c, iters); /* warm-up */
    for (r = 0; r < reps; r++) {
        for (j = 0; j < np; j++) {
            enum peer pe = ps[(j + r) % np];
            uint64_t t = run(pe, c, iters);
            printf("%s\t%s\t%u\t%u\t%llu\t%.3f\n", c->name, peer_name[pe], r, iters,
                   (unsigned long long)t, (double)t / ((double)iters * ops_per_iter(c)));
        }
    }
    (void)cmp_u64;
    return 0;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 2) {
        fprintf(stderr, "usage: bench list|count|time|rss|waste ...\n");
        return 2;
    }
    make_streams();
    if (apr_initialize() != APR_SUCCESS) die("apr_initialize");
    atexit(apr_terminate);

    if (strcmp(argv[1], "list") == 0) {
        int quick = argc > 2 && strcmp(argv[2], "quick") == 0;
        for (i = 0; i < NCFG; i++) {
            int p;
            if (quick && !cfgs[i].quick) continue;
            printf("%s\t%g\t%u\t", cfgs[i].name, ops_per_iter(&cfgs[i]), cfgs[i].cg_iters);
            for (p = 0; p < NPEER; p++) {
                if (cfgs[i].peers & PB(p)) printf("%s%s", peer_name[p], p + 1 < NPEER ? " " : "");
            }
            printf("\n");
        }
        return 0;
    }
    if (strcmp(argv[1], "count") == 0 && argc == 5) {
        const struct cfg *c = find_cfg(argv[2]);
        prepare(c);
        (void)run(find_peer(argv[3]), c, (unsigned)strtoul(argv[4], NULL, 10));
        return 0;
    }
    if (strcmp(argv[1], "time") == 0 && argc == 5) {
        const struct cfg *c = find_cfg(argv[2]);
        prepare(c);
        return do_time(c, (unsigned)strtoul(argv[3], NULL, 10), (unsigned)strtoul(argv[4], NULL, 10));
    }
    if (strcmp(argv[1], "rss") == 0 && argc == 5) {
        const struct cfg *c = find_cfg(argv[2]);
        long before;
        enum peer pe = find_peer(argv[3]);
        prepare(c);
        before = maxrss_kb();
        (void)run(pe, c, (unsigned)strtoul(argv[4], NULL, 10));
        printf("%s\t%s\t%ld\t%ld\n", c->name, argv[3], before, maxrss_kb());
        return 0;
    }
    if (strcmp(argv[1], "waste") == 0 && argc == 4) {
        return do_waste(argv[2], find_peer(argv[3]));
    }
    fprintf(stderr, "bench: bad arguments\n");
    return 2;
}
