/*
 * test_tree.c -- pool trees: the exact teardown order of destroy and reset,
 * 100,000-deep chains, block reuse after reset, the root's block cache and
 * VPOOL_SECURE_WIPE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "vpool.h"

static tu_alloc_t ta;

static int setup_alloc(void **state)
{
    (void)state;
    tu_alloc_init(&ta);
    return 0;
}

static int teardown_alloc(void **state)
{
    (void)state;
    tu_alloc_expect_clean(&ta);
    return 0;
}

static vpool_t *counted_root(size_t block_size, size_t cache_blocks, unsigned flags)
{
    vpool_options_t o;
    memset(&o, 0, sizeof(o));
    o.allocator = &ta.a;
    o.block_size = block_size;
    o.cache_blocks = cache_blocks;
    o.flags = flags;
    return vpool_create(&o);
}

/* A counted root for a test of the root's caches; skips the test where
 * the caches are compiled out (ASan, MSan, pass-through). */
static vpool_t *cached_root(size_t block_size, size_t cache_blocks)
{
    if (!tu_cache_enabled()) {
        skip();
    }
    return counted_root(block_size, cache_blocks, 0);
}

/* ---- teardown order --------------------------------------------------------
 * Events: cleanup k of pool i logs i*100+k; the backing free of pool i's
 * large payload logs i*100+50, of its block payload i*100+60. */

static int events[256];
static size_t nevents;
static struct {
    const void *ptr;
    int label;
} labels[64];
static size_t nlabels;

static void log_event(int e)
{
    if (nevents < sizeof(events) / sizeof(events[0])) {
        events[nevents] = e;
    }
    nevents++;
}

static void log_cleanup(void *data)
{
    log_event((int)(intptr_t)data);
}

static void log_free(void *ctx, const void *p, size_t n)
{
    size_t i;
    (void)ctx;
    (void)n;
    for (i = 0; i < nlabels; i++) {
        if (labels[i].ptr == p) {
            log_event(labels[i].label);
            labels[i].ptr = NULL;
            return;
        }
    }
}

static void label(const void *p, int l)
{
    assert_true(nlabels < sizeof(labels) / sizeof(labels[0]));
    labels[nlabels].ptr = p;
    labels[nlabels].label = l;
    nlabels++;
}

/* Gives pool number i two cleanups, one block and one large allocation. */
static void populate(vpool_t *p, int i)
{
    vpool_stats_t s;
    void *blk, *big;
    assert_int_not_equal(vpool_cleanup_add(p, log_cleanup, (void *)(intptr_t)(i * 100 + 1)), 0);
    blk = vpool_alloc(p, 8); /* the first small allocation starts the block */
    assert_non_null(blk);
    big = vpool_alloc(p, 3000);
    assert_non_null(big);
    assert_int_not_equal(vpool_cleanup_add(p, log_cleanup, (void *)(intptr_t)(i * 100 + 2)), 0);
    vpool_stats(p, &s);
    assert_int_equal(s.blocks, 1);
    label(blk, i * 100 + 60);
    label(big, i * 100 + 50);
}

static void expect_events(const int *want, size_t n)
{
    size_t i;
    for (i = 0; i < n && i < nevents; i++) {
        if (events[i] != want[i]) {
            fail_msg("event %zu: got %d, want %d", i, events[i], want[i]);
        }
    }
    assert_int_equal(nevents, n);
}

/* R(1) children A(2) then B(3); A: A1(4) then A2(5); B: B1(6). */
static vpool_t *order_tree(vpool_t **a)
{
    vpool_t *r, *b, *a1, *a2, *b1;
    nevents = 0;
    nlabels = 0;
    ta.on_free = log_free;
    r = counted_root(1024, VPOOL_CACHE_OFF, 0);
    assert_non_null(r);
    *a = vpool_create_child(r, NULL);
    b = vpool_create_child(r, NULL);
    assert_non_null(*a);
    assert_non_null(b);
    a1 = vpool_create_child(*a, NULL);
    a2 = vpool_create_child(*a, NULL);
    b1 = vpool_create_child(b, NULL);
    assert_non_null(a1);
    assert_non_null(a2);
    assert_non_null(b1);
    populate(r, 1);
    populate(*a, 2);
    populate(b, 3);
    populate(a1, 4);
    populate(a2, 5);
    populate(b1, 6);
    return r;
}

static void destroy_order(void **state)
{
    static const int want[] = {
        602, 601, 650, 660, /* B1: deepest of the most recent child */
        302, 301, 350, 360, /* B */
        502, 501, 550, 560, /* A2: most recent child of A */
        402, 401, 450, 460, /* A1 */
        202, 201, 250, 260, /* A */
        102, 101, 150, 160, /* R: cleanups LIFO, then large, then blocks */
    };
    vpool_t *a;
    vpool_t *r = order_tree(&a);
    (void)state;
    vpool_destroy(r);
    expect_events(want, sizeof(want) / sizeof(want[0]));
}

static void reset_order(void **state)
{
    static const int want[] = {
        602, 601, 650, 660, 302, 301, 350, 360, 502, 501, 550, 560,
        402, 401, 450, 460, 202, 201, 250, 260,
        102, 101, 150, /* R's blocks are kept */
    };
    vpool_stats_t s;
    vpool_t *a;
    vpool_t *r = order_tree(&a);
    (void)state;
    vpool_reset(r);
    expect_events(want, sizeof(want) / sizeof(want[0]));
    vpool_stats(r, &s);
    assert_int_equal(s.children, 0);
    assert_int_equal(s.blocks, 1);
    assert_int_equal(s.large_count, 0);
    assert_int_equal(s.cleanups, 0);
    assert_int_equal(s.held, ta.live_bytes); /* nothing else is left */
    assert_true(vpool_check(r));
    vpool_destroy(r);
    assert_int_equal(events[nevents - 1], 160);
}

static void destroy_subtree_order(void **state)
{
    static const int want[] = {
        502, 501, 550, 560, 402, 401, 450, 460, 202, 201, 250, 260,
    };
    vpool_stats_t s;
    vpool_t *a;
    vpool_t *r = order_tree(&a);
    (void)state;
    vpool_stats(r, &s);
    assert_int_equal(s.children, 2);
    vpool_destroy(a);
    expect_events(want, sizeof(want) / sizeof(want[0]));
    vpool_stats(r, &s);
    assert_int_equal(s.children, 1); /* unlinked from its parent */
    assert_true(vpool_check(r));
    nevents = 0;
    vpool_destroy(r);
    assert_int_equal(nevents, 12); /* B1, B, R */
}

static void reset_child_keeps_parent(void **state)
{
    static const int want[] = { 502, 501, 550, 560, 402, 401, 450, 460, 202, 201, 250 };
    vpool_stats_t s;
    vpool_t *a;
    vpool_t *r = order_tree(&a);
    (void)state;
    vpool_reset(a);
    expect_events(want, sizeof(want) / sizeof(want[0]));
    vpool_stats(a, &s);
    assert_int_equal(s.blocks, 1);
    assert_int_equal(s.children, 0);
    assert_ptr_equal(vpool_parent(a), r);
    vpool_stats(r, &s);
    assert_int_equal(s.children, 2);
    assert_true(vpool_check(a));
    assert_true(vpool_check(r));
    vpool_destroy(r);
}

/* ---- deep trees ----------------------------------------------------------- */

#define DEEP 100000

static size_t deep_seen;
static int deep_last;
static int deep_ok;

static void deep_cleanup(void *data)
{
    int d = (int)(intptr_t)data;
    if (deep_seen > 0 && d >= deep_last) {
        deep_ok = 0; /* must run deepest first */
    }
    deep_last = d;
    deep_seen++;
}

struct depth_probe {
    unsigned max;
    size_t n;
};

static int visit_depth(void *ctx, const vpool_t *p, unsigned depth, const vpool_stats_t *s)
{
    struct depth_probe *d = ctx;
    (void)p;
    (void)s;
    if (depth > d->max) {
        d->max = depth;
    }
    d->n++;
    return 0;
}

static vpool_t *deep_chain(vpool_t **top)
{
    vpool_t *root = counted_root(256, 0, 0);
    vpool_t *p;
    int i;
    assert_non_null(root);
    p = vpool_create_child(root, NULL);
    assert_non_null(p);
    *top = p;
    for (i = 1; i < DEEP; i++) {
        p = vpool_create_child(p, NULL);
        if (p == NULL) {
            fail_msg("create_child failed at depth %d", i);
        }
        if (i % 1000 == 0) {
            assert_int_not_equal(vpool_cleanup_add(p, deep_cleanup, (void *)(intptr_t)i), 0);
            assert_non_null(vpool_alloc(p, 16));
        }
    }
    deep_seen = 0;
    deep_ok = 1;
    return root;
}

static void deep_chain_destroy(void **state)
{
    struct depth_probe d;
    vpool_t *top;
    vpool_t *root = deep_chain(&top);
    vpool_stats_t s;
    (void)state;
    memset(&d, 0, sizeof(d));
    assert_int_equal(vpool_dump(top, visit_depth, &d), 0); /* iterative too */
    assert_int_equal(d.max, DEEP - 1);
    assert_int_equal(d.n, DEEP);
    vpool_destroy(top);
    assert_int_equal(deep_seen, DEEP / 1000 - 1);
    assert_true(deep_ok);
    vpool_stats(root, &s);
    assert_int_equal(s.children, 0);
    assert_true(vpool_check(root));
    vpool_destroy(root);
}

static void deep_chain_reset(void **state)
{
    vpool_t *top;
    vpool_t *root = deep_chain(&top);
    vpool_stats_t s;
    (void)state;
    vpool_reset(root);
    assert_int_equal(deep_seen, DEEP / 1000 - 1);
    assert_true(deep_ok);
    vpool_stats(root, &s);
    assert_int_equal(s.children, 0);
    assert_true(vpool_check(root));
    /* only the root's own memory and the tree's caches remain */
    if (tu_cache_enabled()) {
        assert_true(ta.live_bytes >= s.held);
    } else {
        assert_int_equal(ta.live_bytes, s.held);
    }
    vpool_destroy(root);
}

static void deep_chain_root_destroy(void **state)
{
    vpool_t *top;
    vpool_t *root = deep_chain(&top);
    (void)state;
    vpool_destroy(root);
    assert_int_equal(deep_seen, DEEP / 1000 - 1);
    assert_true(deep_ok);
}

/* ---- reset reuse ---------------------------------------------------------- */

#define NPAT 200

static void reset_reuses_blocks(void **state)
{
    static void *first[NPAT], *again[NPAT];
    static size_t sizes[NPAT];
    void *starts[64];
    size_t nstarts = 0, i, calls, live;
    uint64_t seed = 99;
    vpool_stats_t s0, s1;
    vpool_t *p = counted_root(1024, 0, 0);
    (void)state;
    assert_non_null(p);
    for (i = 0; i < NPAT; i++) {
        sizes[i] = (size_t)(tu_rand(&seed) % 256) + 1; /* small: at most 1024 / 4 */
    }
    for (i = 0; i < NPAT; i++) {
        size_t before;
        vpool_stats(p, &s0);
        before = s0.blocks;
        first[i] = vpool_alloc(p, sizes[i]);
        assert_non_null(first[i]);
        vpool_stats(p, &s0);
        if (s0.blocks != before) {
            assert_true(nstarts < 64);
            starts[nstarts++] = first[i]; /* served from a fresh block's start */
        }
    }
    assert_true(nstarts >= 10);
    vpool_stats(p, &s0);
    assert_int_equal(s0.blocks, nstarts);
    tu_alloc_counts(&ta, &calls, NULL, &live);

    vpool_reset(p);
    vpool_stats(p, &s1);
    assert_int_equal(s1.blocks, s0.blocks);     /* blocks kept */
    assert_int_equal(s1.capacity, s0.capacity);
    assert_int_equal(s1.held, s0.held);
    assert_int_equal(s1.used, 0);               /* each rewound */
    assert_int_equal(s1.requested, 0);
    assert_int_equal(s1.wasted, 0);
    assert_true(vpool_check(p));

    for (i = 0; i < NPAT; i++) {
        again[i] = vpool_alloc(p, sizes[i]);
        assert_ptr_equal(again[i], first[i]); /* the same pattern, the same places */
    }
    assert_int_equal(ta.calls, calls); /* no new backing allocation */
    assert_int_equal(ta.live_bytes, live);
    vpool_stats(p, &s1);
    assert_true(memcmp(&s0, &s1, sizeof(s0)) == 0);

    /* every block start was handed out again (they are among first[]) */
    assert_ptr_equal(again[0], starts[0]);
    vpool_destroy(p);
}

/* ---- block cache ------------------------------------------------------------ */

static void child_churn_uses_cache(void **state)
{
    vpool_t *root = cached_root(1024, 0);
    vpool_stats_t s;
    size_t calls = 0, round, k;
    (void)state;
    assert_non_null(root);
    for (round = 0; round < 200; round++) {
        vpool_t *c = vpool_create_child(root, NULL);
        vpool_t *g = vpool_create_child(c, NULL);
        assert_non_null(g);
        for (k = 0; k < 12; k++) {
            assert_non_null(vpool_alloc(k % 2 ? c : g, 200)); /* small */
        }
        vpool_destroy(c);
        if (round == 0) {
            calls = ta.calls; /* warm */
        }
    }
    assert_int_equal(ta.calls, calls);
    vpool_stats(root, &s);
    assert_true(s.cached_blocks > 0);
    assert_true(s.cached_blocks <= VPOOL_DEFAULT_CACHE_BLOCKS);
    vpool_destroy(root);
}

static void cache_bounded(void **state)
{
    vpool_t *root = cached_root(1024, 3);
    vpool_t *c;
    vpool_stats_t s;
    size_t k, calls;
    (void)state;
    assert_non_null(root);
    c = vpool_create_child(root, NULL);
    for (k = 0; k < 32; k++) {
        assert_non_null(vpool_alloc(c, 200)); /* four per block, ASan redzones or not */
    }
    vpool_stats(c, &s);
    assert_int_equal(s.blocks, 8);
    vpool_destroy(c);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_blocks, 3);

    /* the next child takes its first 3 blocks from the cache, then allocates */
    c = vpool_create_child(root, NULL);
    assert_non_null(c);
    calls = ta.calls;
    for (k = 0; k < 12; k++) {
        assert_non_null(vpool_alloc(c, 200));
    }
    assert_int_equal(ta.calls, calls);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_blocks, 0);
    assert_non_null(vpool_alloc(c, 200));
    assert_true(ta.calls > calls);

    /* never above the bound, whatever is destroyed */
    for (k = 0; k < 5; k++) {
        vpool_t *g = vpool_create_child(c, NULL);
        size_t j;
        for (j = 0; j < 16; j++) {
            assert_non_null(vpool_alloc(g, 200));
        }
    }
    vpool_destroy(c);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_blocks, 3);
    assert_true(vpool_check(root));
    vpool_destroy(root);
}

static void cache_default_bound(void **state)
{
    vpool_t *root = cached_root(256, 0);
    vpool_t *c;
    vpool_stats_t s;
    size_t k;
    (void)state;
    c = vpool_create_child(root, NULL);
    for (k = 0; k < 4 * (VPOOL_DEFAULT_CACHE_BLOCKS + 10); k++) {
        assert_non_null(vpool_alloc(c, 64)); /* small_max: four per 256-byte block */
    }
    vpool_destroy(c);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_blocks, VPOOL_DEFAULT_CACHE_BLOCKS);
    vpool_destroy(root);
}

static void cache_off(void **state)
{
    vpool_t *root = counted_root(1024, VPOOL_CACHE_OFF, 0);
    vpool_stats_t s;
    size_t round, calls = 0, live;
    (void)state;
    assert_non_null(root);
    tu_alloc_counts(&ta, NULL, NULL, &live);
    for (round = 0; round < 3; round++) {
        vpool_t *c = vpool_create_child(root, NULL);
        size_t before = ta.calls;
        assert_non_null(c);
        assert_non_null(vpool_alloc(c, 100));
        assert_non_null(vpool_alloc(c, 600));
        vpool_destroy(c);
        vpool_stats(root, &s);
        assert_int_equal(s.cached_blocks, 0);
        assert_int_equal(ta.live_bytes, live); /* everything went back */
        if (round > 0) {
            assert_int_equal(ta.calls - before, calls); /* same cost every time */
        }
        calls = ta.calls - before;
    }
    assert_true(calls >= 3); /* record, block record and block payload */
    vpool_destroy(root);
}

/* ---- large-record, large-area and cleanup-stack caches ---------------------
 * Block size 1024: requests above 256 bytes are large. The area cache holds
 * at most 8 areas and cache_blocks * block_size bytes; a record whose area
 * does not fit goes to the record cache (cache_blocks records). */

static void large_area_cache_hit(void **state)
{
    vpool_t *root = cached_root(1024, 0);
    vpool_t *c;
    vpool_stats_t s;
    unsigned char *a, *b;
    size_t calls, live;
    (void)state;
    c = vpool_create_child(root, NULL);
    a = vpool_alloc(c, 3000);
    assert_non_null(a);
    vpool_destroy(c);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_large, 1);
    assert_true(vpool_check(root));

    /* the same size: record and area from the cache, no backing call */
    tu_alloc_counts(&ta, &calls, NULL, &live);
    c = vpool_create_child(root, NULL);
    b = vpool_alloc(c, 3000);
    assert_ptr_equal(b, a);
    vpool_stats(c, &s);
    assert_int_equal(s.large_count, 1);
    assert_true(vpool_check(c));
    vpool_stats(root, &s);
    assert_int_equal(s.cached_large, 0);
    assert_int_equal(ta.calls, calls); /* the child record came from the cache too */

    /* another size misses: record and area are allocated */
    assert_non_null(vpool_alloc(c, 3001));
    assert_int_equal(ta.calls, calls + 2);
    /* vpool_free caches the area too */
    assert_int_equal(vpool_free(c, b), VPOOL_OK);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_large, 1);
    assert_ptr_equal(vpool_alloc(c, 3000), a);
    vpool_destroy(c);
    assert_true(vpool_check(root));
    vpool_destroy(root); /* drains every cache: teardown checks nothing leaks */
}

static void large_caches_bounded(void **state)
{
    vpool_t *root = cached_root(1024, 0);
    vpool_t *c;
    vpool_stats_t s;
    size_t k, calls;
    (void)state;
    c = vpool_create_child(root, NULL);
    for (k = 0; k < 10; k++) {
        assert_non_null(vpool_alloc(c, 3000));
    }
    vpool_destroy(c);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_large, 10); /* 8 with their areas, 2 records alone */
    c = vpool_create_child(root, NULL);
    calls = ta.calls;
    for (k = 0; k < 8; k++) {
        assert_non_null(vpool_alloc(c, 3000));
    }
    assert_int_equal(ta.calls, calls);
    assert_non_null(vpool_alloc(c, 3000)); /* a cached record, a fresh area */
    assert_int_equal(ta.calls, calls + 1);
    vpool_destroy(c);
    vpool_destroy(root);

    /* cache_blocks = 2: two records, and no area (3000 > 2 * 1024 bytes) */
    root = counted_root(1024, 2, 0);
    c = vpool_create_child(root, NULL);
    for (k = 0; k < 5; k++) {
        assert_non_null(vpool_alloc(c, 3000));
    }
    vpool_destroy(c);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_large, 2);
    c = vpool_create_child(root, NULL);
    calls = ta.calls;
    assert_non_null(vpool_alloc(c, 3000));
    assert_int_equal(ta.calls, calls + 1); /* the area only */
    /* an area that fits the byte room is kept */
    assert_non_null(vpool_alloc(c, 600));
    vpool_destroy(c);
    vpool_stats(root, &s);
    /* the 600-byte area with its record, the other record alone */
    assert_int_equal(s.cached_large, 2);
    assert_true(vpool_check(root));
    vpool_destroy(root);
}

static void large_cache_keeps_limit(void **state)
{
    vpool_t *root = cached_root(1024, 0);
    vpool_t *c;
    vpool_options_t o;
    vpool_stats_t s0, s1;
    (void)state;
    c = vpool_create_child(root, NULL);
    assert_non_null(vpool_alloc(c, 3000));
    vpool_stats(c, &s0);
    vpool_destroy(c);
    /* a cached area is charged like a fresh one: over the limit, it stays */
    memset(&o, 0, sizeof(o));
    o.limit = s0.held - 1;
    c = vpool_create_child(root, &o);
    assert_non_null(c);
    assert_null(vpool_alloc(c, 3000));
    vpool_stats(root, &s1);
    assert_int_equal(s1.cached_large, 1);
    vpool_destroy(c);
    o.limit = s0.held;
    c = vpool_create_child(root, &o);
    assert_non_null(vpool_alloc(c, 3000));
    vpool_stats(c, &s1);
    assert_int_equal(s1.held, s0.held);
    assert_true(vpool_check(c));
    vpool_destroy(c);
    vpool_destroy(root);
}

static void secure_wipe_before_area_cache(void **state)
{
    vpool_t *root = cached_root(1024, 0);
    vpool_t *c;
    vpool_options_t o;
    unsigned char *a, *b;
    size_t i;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.flags = VPOOL_SECURE_WIPE;
    c = vpool_create_child(root, &o);
    a = vpool_alloc(c, 3000);
    memset(a, 0xa5, 3000);
    vpool_destroy(c);
    c = vpool_create_child(root, NULL); /* no wipe flag of its own */
    b = vpool_alloc(c, 3000);
    assert_ptr_equal(b, a);
    for (i = 0; i < 3000; i++) {
        assert_int_equal(b[i], 0); /* wiped before it was cached */
    }
    vpool_destroy(c);
    vpool_destroy(root);
}

static void noop_cleanup(void *data)
{
    (void)data;
}

static void cleanup_stack_cache(void **state)
{
    vpool_t *root = cached_root(1024, 0);
    vpool_t *c[10];
    vpool_stats_t s;
    size_t k, calls, held;
    (void)state;
    c[0] = vpool_create_child(root, NULL);
    vpool_stats(c[0], &s);
    held = s.held;
    assert_int_not_equal(vpool_cleanup_add(c[0], noop_cleanup, NULL), 0);
    vpool_destroy(c[0]);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_cleanups, 1);

    /* hit: no backing call, the stack is charged to the child as before */
    c[0] = vpool_create_child(root, NULL);
    calls = ta.calls;
    assert_int_not_equal(vpool_cleanup_add(c[0], noop_cleanup, NULL), 0);
    assert_int_equal(ta.calls, calls);
    vpool_stats(c[0], &s);
    assert_true(s.held > held);
    assert_true(vpool_check(c[0]));
    vpool_stats(root, &s);
    assert_int_equal(s.cached_cleanups, 0);
    /* a grown stack (more than the first 8 slots) is not cached */
    for (k = 0; k < 8; k++) {
        assert_int_not_equal(vpool_cleanup_add(c[0], noop_cleanup, NULL), 0);
    }
    vpool_destroy(c[0]);
    vpool_stats(root, &s);
    assert_int_equal(s.cached_cleanups, 0);

    /* bound: at most 8 stacks */
    for (k = 0; k < 10; k++) {
        c[k] = vpool_create_child(root, NULL);
        assert_int_not_equal(vpool_cleanup_add(c[k], noop_cleanup, NULL), 0);
    }
    for (k = 0; k < 10; k++) {
        vpool_destroy(c[k]);
    }
    vpool_stats(root, &s);
    assert_int_equal(s.cached_cleanups, 8);
    assert_true(vpool_check(root));
    vpool_destroy(root);
}

static void other_caches_off(void **state)
{
    vpool_t *root = counted_root(1024, VPOOL_CACHE_OFF, 0);
    vpool_t *c;
    vpool_stats_t s;
    size_t round, live;
    (void)state;
    tu_alloc_counts(&ta, NULL, NULL, &live);
    for (round = 0; round < 2; round++) {
        c = vpool_create_child(root, NULL);
        assert_non_null(vpool_alloc(c, 3000));
        assert_int_not_equal(vpool_cleanup_add(c, noop_cleanup, NULL), 0);
        vpool_destroy(c);
        vpool_stats(root, &s);
        assert_int_equal(s.cached_large, 0);
        assert_int_equal(s.cached_cleanups, 0);
        assert_int_equal(ta.live_bytes, live); /* everything went back */
    }
    vpool_destroy(root);
}

/* ---- secure wipe ------------------------------------------------------------ */

static size_t wipe_checked, wipe_dirty;

/* Inspects payloads (block_size 1024 or the large sizes used below) just
 * before they go back to the system. */
static void check_zero(void *ctx, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    (void)ctx;
    if (n != 1024 && n != 3000 && n != 5000) {
        return; /* a record */
    }
    wipe_checked++;
    for (i = 0; i < n; i++) {
        if (b[i] != 0) {
            wipe_dirty++;
            return;
        }
    }
}

static void fill_tree(vpool_t *r, vpool_t *c)
{
    unsigned char *x;
    x = vpool_alloc(r, 200);
    memset(x, 0xff, 200);
    x = vpool_alloc(r, 3000);
    memset(x, 0xff, 3000);
    x = vpool_alloc(c, 250); /* small: c's block */
    memset(x, 0xee, 250);
    x = vpool_nalloc(c, 5000);
    memset(x, 0xdd, 5000);
    x = (unsigned char *)vpool_strdup(c, "secret password");
    assert_non_null(x);
}

static void wipe_run(unsigned flags, unsigned child_flags)
{
    vpool_options_t o;
    vpool_t *r, *c;
    wipe_checked = wipe_dirty = 0;
    ta.fill = 0;
    ta.on_free = check_zero;
    r = counted_root(1024, 0, flags);
    assert_non_null(r);
    memset(&o, 0, sizeof(o));
    o.flags = child_flags;
    c = vpool_create_child(r, &o);
    assert_non_null(c);
    fill_tree(r, c);
    vpool_destroy(r);
    assert_int_equal(wipe_checked, 4); /* two blocks, two large payloads */
}

static void secure_wipe_on_destroy(void **state)
{
    (void)state;
    wipe_run(VPOOL_SECURE_WIPE, 0); /* the child inherits the flag */
    assert_int_equal(wipe_dirty, 0);
}

static void secure_wipe_child_only(void **state)
{
    (void)state;
    wipe_run(0, VPOOL_SECURE_WIPE);
    assert_int_equal(wipe_dirty, 2); /* the root's block and large are not wiped */
}

static void no_wipe_without_flag(void **state)
{
    (void)state;
    wipe_run(0, 0);
    assert_int_equal(wipe_dirty, 4); /* the checker does see dirty memory */
}

static void secure_wipe_on_free_and_reset(void **state)
{
    vpool_t *r;
    unsigned char *big, *small, *again;
    (void)state;
    wipe_checked = wipe_dirty = 0;
    ta.fill = 0;
    ta.on_free = check_zero;
    /* cache off: the freed area goes straight back, where check_zero sees
     * it (cached areas: secure_wipe_before_area_cache) */
    r = counted_root(1024, VPOOL_CACHE_OFF, VPOOL_SECURE_WIPE);
    assert_non_null(r);
    big = vpool_alloc(r, 5000);
    memset(big, 0x77, 5000);
    assert_int_equal(vpool_free(r, big), VPOOL_OK);
    assert_int_equal(wipe_checked, 1);
    assert_int_equal(wipe_dirty, 0);
    big = vpool_alloc(r, 3000);
    memset(big, 0x77, 3000);
    small = vpool_alloc(r, 100);
    memset(small, 0x66, 100);
    vpool_reset(r); /* large freed wiped */
    assert_int_equal(wipe_checked, 2);
    assert_int_equal(wipe_dirty, 0);
    again = vpool_alloc(r, 100);
    assert_ptr_equal(again, small);
#ifndef TU_MSAN /* fresh allocations are uninitialised by definition there */
    {
        size_t i;
        for (i = 0; i < 100; i++) {
            assert_int_equal(again[i], 0); /* the block was wiped on reset */
        }
    }
#endif
    memset(again, 0x55, 100);
    vpool_destroy(r);
    assert_int_equal(wipe_checked, 3);
    assert_int_equal(wipe_dirty, 0);
}

#define TA(f) cmocka_unit_test_setup_teardown(f, setup_alloc, teardown_alloc)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TA(destroy_order),
        TA(reset_order),
        TA(destroy_subtree_order),
        TA(reset_child_keeps_parent),
        TA(deep_chain_destroy),
        TA(deep_chain_reset),
        TA(deep_chain_root_destroy),
        TA(reset_reuses_blocks),
        TA(child_churn_uses_cache),
        TA(cache_bounded),
        TA(cache_default_bound),
        TA(cache_off),
        TA(large_area_cache_hit),
        TA(large_caches_bounded),
        TA(large_cache_keeps_limit),
        TA(secure_wipe_before_area_cache),
        TA(cleanup_stack_cache),
        TA(other_caches_off),
        TA(secure_wipe_on_destroy),
        TA(secure_wipe_child_only),
        TA(no_wipe_without_flag),
        TA(secure_wipe_on_free_and_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
