/*
 * test_api.c -- black-box tests of creation, allocation, vpool_free,
 * introspection and every "returns NULL iff" clause of vpool.h that is not
 * about cleanups or misuse.
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

static vpool_t *counted_pool_cache(size_t block_size, size_t limit, size_t cache_blocks)
{
    vpool_options_t o;
    memset(&o, 0, sizeof(o));
    o.allocator = &ta.a;
    o.block_size = block_size;
    o.limit = limit;
    o.cache_blocks = cache_blocks;
    return vpool_create(&o);
}

static vpool_t *counted_pool(size_t block_size, size_t limit)
{
    return counted_pool_cache(block_size, limit, 0);
}

/* The root's caches off: a freed large allocation goes straight back to the
 * allocator, so held can be compared with the allocator's live bytes. */
static vpool_t *counted_pool_uncached(size_t block_size)
{
    return counted_pool_cache(block_size, 0, VPOOL_CACHE_OFF);
}

static int same_stats(const vpool_stats_t *a, const vpool_stats_t *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

/* ---- create ------------------------------------------------------------- */

static void create_defaults(void **state)
{
    vpool_stats_t s;
    vpool_t *p = vpool_create(NULL);
    (void)state;
    assert_non_null(p);
    assert_true(vpool_check(p));
    assert_null(vpool_parent(p));
    assert_null(vpool_tag(p));
    vpool_stats(p, &s);
    assert_int_equal(s.blocks, 0); /* no block before the first small alloc */
    assert_int_equal(s.limit, SIZE_MAX);
    assert_int_equal(s.capacity, 0);
    assert_true(s.held > 0);
    assert_non_null(vpool_alloc(p, 1));
    vpool_stats(p, &s);
    assert_int_equal(s.blocks, 1);
    assert_int_equal(s.capacity, VPOOL_DEFAULT_BLOCK_SIZE);
    vpool_destroy(p);
}

static void create_zeroed_options_are_defaults(void **state)
{
    vpool_options_t o;
    vpool_stats_t s;
    vpool_t *p;
    (void)state;
    memset(&o, 0, sizeof(o));
    p = vpool_create(&o);
    assert_non_null(p);
    assert_non_null(vpool_alloc(p, 10));
    vpool_stats(p, &s);
    assert_int_equal(s.capacity, VPOOL_DEFAULT_BLOCK_SIZE);
    assert_int_equal(s.limit, SIZE_MAX);
    vpool_destroy(p);
}

static void create_block_size_range(void **state)
{
    vpool_options_t o;
    vpool_t *p;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.allocator = &ta.a;
    o.block_size = VPOOL_MIN_BLOCK_SIZE - 1;
    assert_null(vpool_create(&o));
    o.block_size = VPOOL_MAX_BLOCK_SIZE + 1;
    assert_null(vpool_create(&o));
    o.block_size = SIZE_MAX;
    assert_null(vpool_create(&o));
    assert_int_equal(ta.calls, 0); /* rejected before touching the allocator */

    o.block_size = VPOOL_MIN_BLOCK_SIZE;
    p = vpool_create(&o);
    assert_non_null(p);
    vpool_destroy(p);
    o.block_size = VPOOL_MAX_BLOCK_SIZE;
    p = vpool_create(&o);
    assert_non_null(p); /* O(1): no block allocated yet */
    vpool_destroy(p);
}

static void create_limit_below_record(void **state)
{
    vpool_stats_t s;
    vpool_t *p = counted_pool(0, 0);
    size_t record;
    (void)state;
    assert_non_null(p);
    vpool_stats(p, &s);
    record = s.held;
    assert_int_equal(record, ta.live_bytes);
    vpool_destroy(p);

    assert_null(counted_pool(0, 1));
    assert_null(counted_pool(0, record - 1));
    p = counted_pool(0, record);
    assert_non_null(p);
    vpool_stats(p, &s);
    assert_int_equal(s.limit, record);
    assert_int_equal(s.held, record);
    /* full already: any allocation needing memory fails */
    assert_null(vpool_alloc(p, 1));
    assert_int_equal(vpool_cleanup_add(p, free, NULL), 0);
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

static void create_backing_failure(void **state)
{
    (void)state;
    ta.fail_at = 1;
    assert_null(counted_pool(0, 0));
    assert_int_equal(ta.injected, 1);
}

static void create_incomplete_allocator(void **state)
{
    vpool_allocator_t a = ta.a;
    vpool_options_t o;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.allocator = &a;
    a.alloc = NULL;
    assert_null(vpool_create(&o));
    a = ta.a;
    a.free = NULL;
    assert_null(vpool_create(&o));
    assert_int_equal(ta.calls, 0);
}

static void create_child_null_iff(void **state)
{
    vpool_options_t o;
    vpool_stats_t s0, s1;
    vpool_t *root = counted_pool(1024, 0);
    vpool_t *c;
    (void)state;
    assert_non_null(root);
    assert_null(vpool_create_child(NULL, NULL));

    memset(&o, 0, sizeof(o));
    vpool_stats(root, &s0);
    o.block_size = 1;
    assert_null(vpool_create_child(root, &o));
    o.block_size = VPOOL_MAX_BLOCK_SIZE * 2;
    assert_null(vpool_create_child(root, &o));
    o.block_size = 0;
    o.limit = 1;
    assert_null(vpool_create_child(root, &o));
    ta.fail_at = ta.calls + 1;
    assert_null(vpool_create_child(root, NULL));
    assert_int_equal(ta.injected, 1);
    vpool_stats(root, &s1);
    assert_true(same_stats(&s0, &s1));
    assert_true(vpool_check(root));

    /* the same allocator passed explicitly is not foreign */
    o.limit = 0;
    o.allocator = &ta.a;
    c = vpool_create_child(root, &o);
    assert_non_null(c);
    assert_true(vpool_check(c));
    vpool_destroy(root);
}

static void create_child_inherits(void **state)
{
    vpool_options_t o;
    vpool_stats_t s;
    vpool_t *root = counted_pool(1024, 0);
    vpool_t *c1, *c2;
    size_t calls;
    (void)state;
    assert_non_null(root);
    c1 = vpool_create_child(root, NULL);
    assert_non_null(c1);
    calls = ta.calls;
    assert_non_null(vpool_alloc(c1, 8));
    assert_true(ta.calls > calls); /* the parent's allocator */
    vpool_stats(c1, &s);
    assert_int_equal(s.capacity, 1024);
    assert_int_equal(s.limit, SIZE_MAX); /* own cap, not the parent's */

    memset(&o, 0, sizeof(o));
    o.block_size = 512;
    o.limit = 100000;
    c2 = vpool_create_child(c1, &o);
    assert_non_null(c2);
    assert_non_null(vpool_alloc(c2, 8));
    vpool_stats(c2, &s);
    assert_int_equal(s.capacity, 512);
    assert_int_equal(s.limit, 100000);
    assert_int_equal(s.cached_blocks, 0);
    vpool_stats(c1, &s);
    assert_int_equal(s.children, 1);
    vpool_stats(root, &s);
    assert_int_equal(s.children, 1);
    vpool_destroy(root);
}

/* ---- allocation: NULL iff ----------------------------------------------- */

static void alloc_null_pool(void **state)
{
    (void)state;
    assert_null(vpool_alloc(NULL, 1));
    assert_null(vpool_alloc(NULL, 0));
    assert_null(vpool_nalloc(NULL, 1));
    assert_null(vpool_calloc(NULL, 1));
    assert_null(vpool_alloc_array(NULL, 2, 2));
    assert_null(vpool_memalign(NULL, 8, 64));
    assert_null(vpool_strdup(NULL, "x"));
    assert_null(vpool_memdup(NULL, "x", 1));
}

static void alloc_null_source(void **state)
{
    vpool_stats_t s0, s1;
    vpool_t *p = counted_pool(0, 0);
    (void)state;
    assert_non_null(p);
    vpool_stats(p, &s0);
    assert_null(vpool_strdup(p, NULL));
    assert_null(vpool_memdup(p, NULL, 4));
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));
    vpool_destroy(p);
}

static void alloc_zero_is_unique(void **state)
{
    void *r[8];
    size_t i, j;
    vpool_stats_t s;
    vpool_t *p = counted_pool(0, 0);
    (void)state;
    assert_non_null(p);
    r[0] = vpool_alloc(p, 0);
    r[1] = vpool_alloc(p, 0);
    r[2] = vpool_nalloc(p, 0);
    r[3] = vpool_calloc(p, 0);
    r[4] = vpool_memalign(p, 0, 64);
    r[5] = vpool_alloc_array(p, 0, 16);
    r[6] = vpool_alloc_array(p, 16, 0);
    r[7] = vpool_memdup(p, "abc", 0);
    for (i = 0; i < 8; i++) {
        assert_non_null(r[i]);
        for (j = 0; j < i; j++) {
            assert_ptr_not_equal(r[i], r[j]);
        }
    }
    assert_int_equal(*(unsigned char *)r[3], 0);
    assert_int_equal((uintptr_t)r[4] % 64, 0);
    vpool_stats(p, &s);
    assert_int_equal(s.requested, 8); /* each 0 counted as 1 */
    /* a large zero-size one is impossible; a zero-size alloc after a large is small */
    vpool_destroy(p);
}

static void alloc_limit_reached(void **state)
{
    vpool_stats_t s0, s1;
    vpool_t *p;
    void *big;
    size_t k;
    (void)state;
    p = counted_pool(1024, 20000);
    assert_non_null(p);
    /* fill with small allocations until the limit stops us */
    for (k = 0; k < 1000; k++) {
        if (vpool_alloc(p, 100) == NULL) {
            break;
        }
    }
    assert_true(k > 0 && k < 1000);
    vpool_stats(p, &s0);
    assert_true(s0.held <= 20000);
    assert_null(vpool_alloc(p, 100 + 1024)); /* large too */
    assert_null(vpool_memalign(p, 10, 1 << 14));
    assert_null(vpool_calloc(p, 600));
    {
        char longstr[601];
        memset(longstr, 'x', 600);
        longstr[600] = '\0';
        assert_null(vpool_strdup(p, longstr));
        assert_null(vpool_memdup(p, longstr, 600));
    }
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));
    assert_true(vpool_check(p));
    assert_int_equal(s1.held, ta.live_bytes);

    /* room comes back after reset: the blocks are kept and reused */
    vpool_reset(p);
    for (k = 0; k < 3; k++) {
        assert_non_null(vpool_alloc(p, 100));
    }
    vpool_destroy(p);

    /* a large allocation exactly at the limit succeeds, one byte more fails */
    p = counted_pool(1024, 0);
    assert_non_null(p);
    big = vpool_alloc(p, 5000);
    assert_non_null(big);
    vpool_stats(p, &s0);
    vpool_destroy(p);
    p = counted_pool(1024, s0.held);
    assert_non_null(p);
    assert_null(vpool_alloc(p, 5001));
    assert_non_null(vpool_alloc(p, 5000));
    assert_null(vpool_alloc(p, 1));
    vpool_stats(p, &s1);
    assert_int_equal(s1.held, s1.limit);
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

static void alloc_backing_failure(void **state)
{
    vpool_stats_t s0, s1;
    vpool_t *p = counted_pool(1024, 0);
    size_t k;
    (void)state;
    assert_non_null(p);
    /* fill the first block so that the next 250 bytes (small: at most
     * 1024 / 4) need a new one, ASan redzones or not */
    assert_non_null(vpool_alloc(p, 8));
    assert_non_null(vpool_alloc(p, 250));
    assert_non_null(vpool_alloc(p, 250));
    assert_non_null(vpool_alloc(p, 250));
    vpool_stats(p, &s0);
    assert_int_equal(s0.blocks, 1);
    /* first the record's, then the payload's backing allocation fails */
    for (k = 1; k <= 2; k++) {
        ta.fail_at = ta.calls + k;
        assert_null(vpool_alloc(p, 600)); /* large */
        ta.fail_at = ta.calls + k;
        assert_null(vpool_memalign(p, 8, 8192));
        ta.fail_at = ta.calls + k;
        assert_null(vpool_alloc(p, 250)); /* needs a new block */
        vpool_stats(p, &s1);
        assert_true(same_stats(&s0, &s1));
        assert_true(vpool_check(p));
        assert_int_equal(s1.held, ta.live_bytes);
    }
    ta.fail_at = 0;
    assert_non_null(vpool_alloc(p, 250));
    vpool_stats(p, &s1);
    assert_int_equal(s1.blocks, 2);
    assert_int_equal(s1.large_count, 0);
    vpool_destroy(p);
}

static void alloc_overflow(void **state)
{
    static const size_t ks[] = { 0, 1, 2, 15, 16, 17, 31, 47, 48, 64, 100, 255, 4095, 4096, 65536, 1u << 20 };
    vpool_stats_t s0, s1;
    vpool_t *p;
    size_t i;
    (void)state;
    /* the backing allocator refuses absurd sizes so that huge requests
     * reaching it fail the same way under every sanitizer */
    ta.max_n = (size_t)1 << 32;
    p = counted_pool(1024, 0);
    assert_non_null(p);
    assert_non_null(vpool_alloc(p, 1));
    vpool_stats(p, &s0);
    for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
        size_t n = SIZE_MAX - ks[i];
        assert_null(vpool_alloc(p, n));
        assert_null(vpool_nalloc(p, n));
        assert_null(vpool_calloc(p, n));
        assert_null(vpool_alloc_array(p, 1, n));
        assert_null(vpool_alloc_array(p, n, 1));
        assert_null(vpool_memalign(p, n, 16));
        assert_null(vpool_memalign(p, n, 64));
        assert_null(vpool_memalign(p, n, 8192));
        assert_null(vpool_memalign(p, n, (size_t)1 << 40));
        assert_null(vpool_memalign(p, 1, (size_t)1 << (sizeof(size_t) * 8 - 1)));
        assert_null(vpool_memalign(p, ks[i] + 1, (size_t)1 << (sizeof(size_t) * 8 - 1)));
        assert_null(vpool_memdup(p, "x", n));
    }
    assert_null(vpool_alloc(p, SIZE_MAX / 2));
    assert_null(vpool_alloc(p, SIZE_MAX / 2 + 1));
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));
    assert_true(vpool_check(p));
    assert_non_null(vpool_alloc(p, 1));
    vpool_destroy(p);
}

static void alloc_array_overflow(void **state)
{
    vpool_stats_t s0, s1;
    vpool_t *p = counted_pool(1024, 0);
    size_t calls;
    unsigned char *a;
    (void)state;
    assert_non_null(p);
    vpool_stats(p, &s0);
    calls = ta.calls;
    assert_null(vpool_alloc_array(p, SIZE_MAX / 2 + 1, 2));
    assert_null(vpool_alloc_array(p, 2, SIZE_MAX / 2 + 1));
    assert_null(vpool_alloc_array(p, SIZE_MAX, SIZE_MAX));
    assert_null(vpool_alloc_array(p, (size_t)1 << 32, (size_t)1 << 32));
    assert_null(vpool_alloc_array(p, SIZE_MAX / 3 + 1, 3));
    assert_int_equal(ta.calls, calls); /* caught before any allocation */
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));

    a = vpool_alloc_array(p, 3, 5);
    assert_non_null(a);
    assert_int_equal((uintptr_t)a % VPOOL_ALIGNMENT, 0);
    memset(a, 1, 15);
    vpool_stats(p, &s1);
    assert_int_equal(s1.requested, 15);
    vpool_destroy(p);
}

/* ---- alignment ---------------------------------------------------------- */

static void alignment_constant(void **state)
{
    (void)state;
    assert_true(VPOOL_ALIGNMENT >= _Alignof(max_align_t));
    assert_int_equal(VPOOL_ALIGNMENT & (VPOOL_ALIGNMENT - 1), 0);
#if defined(__x86_64__) || defined(__aarch64__)
    assert_int_equal(VPOOL_ALIGNMENT, 16);
#endif
}

struct span {
    unsigned char *p;
    size_t n;
};

static void alignment_of_every_alloc(void **state)
{
    static struct span sp[3000];
    uint64_t seed = 12345;
    vpool_t *p = counted_pool(1024, 0);
    size_t i, j;
    (void)state;
    assert_non_null(p);
    for (i = 0; i < 3000; i++) {
        size_t n = (size_t)(tu_rand(&seed) % 700);
        unsigned char *r;
        switch (i % 4) {
        case 0: r = vpool_alloc(p, n); break;
        case 1: r = vpool_calloc(p, n); break;
        case 2: r = vpool_alloc_array(p, n, 3); n *= 3; break;
        default: r = vpool_nalloc(p, n); break;
        }
        assert_non_null(r);
        if (i % 4 != 3) {
            assert_int_equal((uintptr_t)r % VPOOL_ALIGNMENT, 0);
        }
        memset(r, (int)(i & 0xff), n);
        sp[i].p = r;
        sp[i].n = n;
    }
    /* no two results overlap: every pattern survived */
    for (i = 0; i < 3000; i++) {
        for (j = 0; j < sp[i].n; j++) {
            if (sp[i].p[j] != (unsigned char)(i & 0xff)) {
                fail_msg("allocation %zu byte %zu overwritten", i, j);
            }
        }
    }
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

static void memalign_all_powers(void **state)
{
    static const size_t ns[] = { 1, 7, 100, 511, 3000, 5000 };
    vpool_t *p = counted_pool(0, 0);
    size_t a, i;
    unsigned count = 0;
    (void)state;
    assert_non_null(p);
    for (a = 1; a <= 65536; a *= 2) {
        for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
            unsigned char *r = vpool_memalign(p, ns[i], a);
            assert_non_null(r);
            assert_int_equal((uintptr_t)r % a, 0);
            memset(r, 0x5a, ns[i]);
            count++;
        }
    }
    assert_int_equal(count, 17 * 6);
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

static void memalign_inblock_and_large(void **state)
{
    vpool_stats_t s;
    vpool_t *p = counted_pool_uncached(4 * VPOOL_INBLOCK_MAX_ALIGN);
    unsigned char *r;
    (void)state;
    assert_non_null(p);
    /* in a block when align - 1 + n fits in small_max = block_size / 4 */
    r = vpool_memalign(p, 1, VPOOL_INBLOCK_MAX_ALIGN);
    assert_non_null(r);
    assert_int_equal((uintptr_t)r % VPOOL_INBLOCK_MAX_ALIGN, 0);
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 0);
    assert_int_equal(s.blocks, 1);
    r = vpool_memalign(p, 16, VPOOL_INBLOCK_MAX_ALIGN * 2);
    assert_non_null(r);
    assert_int_equal((uintptr_t)r % (VPOOL_INBLOCK_MAX_ALIGN * 2), 0);
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 1);
    assert_int_equal(s.large_bytes, 16);
    /* an over-aligned large allocation can be freed by its result */
    assert_int_equal(vpool_free(p, r), VPOOL_OK);
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 0);
    assert_int_equal(s.held, ta.live_bytes);
    vpool_destroy(p);
}

static void memalign_bad_alignment(void **state)
{
    static const size_t bad[] = { 0, 3, 6, 24, 48, 100, 4095, 4097, (size_t)3 << 40, SIZE_MAX };
    tu_misuse_t m;
    vpool_options_t o;
    vpool_stats_t s0, s1;
    vpool_t *p;
    size_t i;
    (void)state;
    memset(&m, 0, sizeof(m));
    memset(&o, 0, sizeof(o));
    o.allocator = &ta.a;
    o.misuse = tu_misuse_record;
    o.misuse_ud = &m;
    p = vpool_create(&o);
    assert_non_null(p);
    vpool_stats(p, &s0);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_null(vpool_memalign(p, 8, bad[i]));
        assert_int_equal(m.count, (int)i + 1);
        assert_int_equal(m.last, VPOOL_MISUSE_BAD_ALIGN);
        assert_non_null(m.msg);
    }
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

/* ---- contents ----------------------------------------------------------- */

static void calloc_zeroes_reused_memory(void **state)
{
    vpool_t *p = counted_pool(1024, 0);
    unsigned char *a, *b;
    size_t i;
    (void)state;
    assert_non_null(p);
    a = vpool_alloc(p, 200); /* small: at most 1024 / 4 */
    assert_non_null(a);
    memset(a, 0xee, 200);
    vpool_reset(p);
    b = vpool_calloc(p, 200);
    assert_ptr_equal(a, b); /* the same block memory, rewound */
    for (i = 0; i < 200; i++) {
        assert_int_equal(b[i], 0);
    }
    b = vpool_calloc(p, 2000); /* large: the allocator filled it with 0xa5 */
    assert_non_null(b);
    for (i = 0; i < 2000; i++) {
        assert_int_equal(b[i], 0);
    }
    vpool_destroy(p);
}

static void strdup_memdup_copy(void **state)
{
    static const unsigned char bytes[5] = { 0, 1, 2, 0, 255 };
    vpool_t *p = counted_pool(0, 0);
    char src[32] = "hello, pool";
    char *s;
    unsigned char *m;
    (void)state;
    assert_non_null(p);
    s = vpool_strdup(p, src);
    assert_non_null(s);
    assert_ptr_not_equal(s, src);
    src[0] = 'J';
    assert_string_equal(s, "hello, pool");
    s = vpool_strdup(p, "");
    assert_non_null(s);
    assert_string_equal(s, "");
    m = vpool_memdup(p, bytes, sizeof(bytes));
    assert_non_null(m);
    assert_memory_equal(m, bytes, sizeof(bytes));
    vpool_destroy(p);
}

/* ---- vpool_free --------------------------------------------------------- */

static void free_large_only(void **state)
{
    vpool_stats_t s0, s1;
    vpool_t *p = counted_pool_uncached(1024);
    vpool_t *q = counted_pool_uncached(1024);
    unsigned char *l1, *l2, *l3, *small, *ql;
    void *foreign = malloc(64);
    size_t i, live0;
    (void)state;
    assert_non_null(p);
    assert_non_null(q);
    assert_non_null(foreign);
    small = vpool_alloc(p, 10);
    l1 = vpool_alloc(p, 2000);
    l2 = vpool_alloc(p, 3000);
    l3 = vpool_alloc(p, 4000);
    ql = vpool_alloc(q, 2000);
    assert_non_null(small);
    assert_non_null(l1);
    assert_non_null(l2);
    assert_non_null(l3);
    assert_non_null(ql);
    memset(l1, 1, 2000);
    memset(l3, 3, 4000);
    vpool_stats(p, &s0);
    assert_int_equal(s0.large_count, 3);
    assert_int_equal(s0.large_bytes, 9000);

    assert_int_equal(vpool_free(NULL, l1), VPOOL_EINVAL);
    assert_int_equal(vpool_free(p, NULL), VPOOL_DECLINED);
    assert_int_equal(vpool_free(p, small), VPOOL_DECLINED);
    assert_int_equal(vpool_free(p, foreign), VPOOL_DECLINED);
    assert_int_equal(vpool_free(p, ql), VPOOL_DECLINED); /* another pool's */
    assert_int_equal(vpool_free(p, l2 + 1), VPOOL_DECLINED); /* interior */
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));

    live0 = ta.live_bytes;
    assert_int_equal(vpool_free(p, l2), VPOOL_OK); /* the middle one */
    vpool_stats(p, &s1);
    assert_int_equal(s1.large_count, 2);
    assert_int_equal(s1.large_bytes, 6000);
    assert_int_equal(s1.requested, s0.requested - 3000);
    {
        vpool_stats_t sq;
        vpool_stats(q, &sq);
        assert_int_equal(s1.held + sq.held, ta.live_bytes);
        /* the payload and its record went back to the allocator */
        assert_int_equal(live0 - ta.live_bytes, s0.held - s1.held);
        assert_true(s0.held - s1.held > 3000);
    }
    assert_int_equal(vpool_free(p, l2), VPOOL_DECLINED); /* already freed */
    for (i = 0; i < 2000; i++) {
        assert_int_equal(l1[i], 1);
    }
    for (i = 0; i < 4000; i++) {
        assert_int_equal(l3[i], 3);
    }
    assert_true(vpool_check(p));
    assert_int_equal(vpool_free(p, l1), VPOOL_OK);
    assert_int_equal(vpool_free(p, l3), VPOOL_OK);
    vpool_stats(p, &s1);
    assert_int_equal(s1.large_count, 0);
    assert_int_equal(s1.large_bytes, 0);
    assert_int_equal(s1.requested, 10);
    assert_int_equal(vpool_free(q, ql), VPOOL_OK);
    free(foreign);
    vpool_destroy(p);
    vpool_destroy(q);
}

/* ---- introspection ------------------------------------------------------ */

static void tag_and_parent(void **state)
{
    vpool_options_t o;
    vpool_t *root, *c, *g;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.tag = "root";
    root = vpool_create(&o);
    assert_non_null(root);
    o.tag = "child";
    c = vpool_create_child(root, &o);
    assert_non_null(c);
    g = vpool_create_child(c, NULL);
    assert_non_null(g);
    assert_string_equal(vpool_tag(root), "root");
    assert_string_equal(vpool_tag(c), "child");
    assert_null(vpool_tag(g)); /* tags are not inherited */
    assert_null(vpool_tag(NULL));
    assert_null(vpool_parent(root));
    assert_ptr_equal(vpool_parent(c), root);
    assert_ptr_equal(vpool_parent(g), c);
    assert_null(vpool_parent(NULL));
    vpool_destroy(root);
}

struct visit_log {
    const vpool_t *pool[16];
    unsigned depth[16];
    size_t n;
    size_t stop_at; /* 1-based visit number that returns stop_rc */
    int stop_rc;
    int stats_ok;
};

static int visit_record(void *ctx, const vpool_t *p, unsigned depth, const vpool_stats_t *st)
{
    struct visit_log *v = ctx;
    vpool_stats_t mine;
    vpool_stats(p, &mine);
    if (memcmp(&mine, st, sizeof(mine)) != 0) {
        v->stats_ok = 0;
    }
    if (v->n < 16) {
        v->pool[v->n] = p;
        v->depth[v->n] = depth;
    }
    v->n++;
    return v->n == v->stop_at ? v->stop_rc : 0;
}

static void dump_order_depth_stop(void **state)
{
    struct visit_log v;
    vpool_t *r = vpool_create(NULL);
    vpool_t *a, *b, *a1, *a2, *a2x, *b1;
    (void)state;
    assert_non_null(r);
    a = vpool_create_child(r, NULL);
    b = vpool_create_child(r, NULL);
    a1 = vpool_create_child(a, NULL);
    a2 = vpool_create_child(a, NULL);
    a2x = vpool_create_child(a2, NULL);
    b1 = vpool_create_child(b, NULL);
    assert_non_null(b1);
    assert_non_null(a2x);
    assert_non_null(a1);
    assert_non_null(vpool_alloc(a1, 100));

    memset(&v, 0, sizeof(v));
    v.stats_ok = 1;
    assert_int_equal(vpool_dump(r, visit_record, &v), 0);
    assert_int_equal(v.n, 7);
    assert_true(v.stats_ok);
    {
        const vpool_t *want[7] = { r, b, b1, a, a2, a2x, a1 };
        const unsigned wantd[7] = { 0, 1, 2, 1, 2, 3, 2 };
        size_t i;
        for (i = 0; i < 7; i++) {
            assert_ptr_equal(v.pool[i], want[i]);
            assert_int_equal(v.depth[i], wantd[i]);
        }
    }

    /* a subtree: depth restarts at 0, siblings of a are not visited */
    memset(&v, 0, sizeof(v));
    v.stats_ok = 1;
    assert_int_equal(vpool_dump(a, visit_record, &v), 0);
    assert_int_equal(v.n, 4);
    assert_ptr_equal(v.pool[0], a);
    assert_int_equal(v.depth[0], 0);
    assert_ptr_equal(v.pool[3], a1);
    assert_int_equal(v.depth[3], 1);

    /* early stop: the visitor's value is returned, nothing after it visited */
    memset(&v, 0, sizeof(v));
    v.stop_at = 3;
    v.stop_rc = 42;
    assert_int_equal(vpool_dump(r, visit_record, &v), 42);
    assert_int_equal(v.n, 3);
    memset(&v, 0, sizeof(v));
    v.stop_at = 1;
    v.stop_rc = -7;
    assert_int_equal(vpool_dump(r, visit_record, &v), -7);
    assert_int_equal(v.n, 1);

    assert_int_equal(vpool_dump(NULL, visit_record, &v), -1);
    assert_int_equal(vpool_dump(r, NULL, &v), -1);
    vpool_destroy(r);
}

static void stats_null_and_held(void **state)
{
    vpool_stats_t s;
    vpool_t *p = counted_pool(1024, 0);
    unsigned char *big;
    (void)state;
    memset(&s, 0xff, sizeof(s));
    vpool_stats(NULL, &s);
    {
        vpool_stats_t z;
        memset(&z, 0, sizeof(z));
        assert_true(same_stats(&s, &z));
    }
    vpool_stats(p, NULL); /* tolerated */
    assert_non_null(p);
    assert_non_null(vpool_alloc(p, 100));
    assert_non_null(vpool_alloc(p, 200));
    big = vpool_alloc(p, 3000);
    assert_non_null(big);
    assert_int_not_equal(vpool_cleanup_add(p, free, NULL), 0);
    vpool_stats(p, &s);
    assert_int_equal(s.requested, 3300);
    assert_true(s.used >= s.requested);
    assert_int_equal(s.wasted, s.used - s.requested);
    assert_int_equal(s.blocks, 1);
    assert_int_equal(s.large_count, 1);
    assert_int_equal(s.large_bytes, 3000);
    assert_int_equal(s.cleanups, 1);
    assert_int_equal(s.children, 0);
    assert_int_equal(s.capacity, 1024 + 3000);
    assert_int_equal(s.held, ta.live_bytes); /* a root alone holds everything */
    assert_int_equal(s.limit, SIZE_MAX);
    assert_int_equal(s.cached_blocks, 0);
    vpool_destroy(p);
}

static void null_inputs(void **state)
{
    vpool_stats_t s0, s1;
    vpool_t *p = counted_pool(0, 0);
    size_t calls;
    (void)state;
    assert_false(vpool_check(NULL));
    assert_non_null(p);
    assert_non_null(vpool_alloc(p, 10));
    vpool_stats(p, &s0);
    calls = ta.calls;
    vpool_destroy(NULL); /* no-ops: nothing else is touched */
    vpool_reset(NULL);
    assert_int_equal(ta.calls, calls);
    assert_int_equal(ta.frees, 0);
    vpool_stats(p, &s1);
    assert_true(same_stats(&s0, &s1));
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

/* The documented threshold: up to block_size / 4 bytes bump inside a block
 * (no backing call once a block exists), one byte more is large. */
static void quarter_block_is_in_block(void **state)
{
    vpool_t *p = counted_pool(1024, 0);
    vpool_stats_t s;
    size_t calls;
    (void)state;
    assert_non_null(vpool_alloc(p, 1)); /* first block */
    calls = ta.calls;
    assert_non_null(vpool_alloc(p, 256));
    assert_non_null(vpool_nalloc(p, 100));
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 0);
    assert_int_equal(ta.calls, calls);
    assert_non_null(vpool_alloc(p, 257));
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 1);
    /* above VPOOL_ALIGNMENT, a memalign keeps align - 1 bytes of slack */
    assert_non_null(vpool_memalign(p, 256 - 63, 64));
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 1);
    assert_non_null(vpool_memalign(p, 256 - 62, 64));
    vpool_stats(p, &s);
    assert_int_equal(s.large_count, 2);
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_defaults),
        cmocka_unit_test(create_zeroed_options_are_defaults),
        cmocka_unit_test_setup_teardown(create_block_size_range, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(create_limit_below_record, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(create_backing_failure, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(create_incomplete_allocator, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(create_child_null_iff, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(create_child_inherits, setup_alloc, teardown_alloc),
        cmocka_unit_test(alloc_null_pool),
        cmocka_unit_test_setup_teardown(alloc_null_source, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(alloc_zero_is_unique, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(alloc_limit_reached, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(alloc_backing_failure, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(alloc_overflow, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(alloc_array_overflow, setup_alloc, teardown_alloc),
        cmocka_unit_test(alignment_constant),
        cmocka_unit_test_setup_teardown(quarter_block_is_in_block, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(alignment_of_every_alloc, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(memalign_all_powers, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(memalign_inblock_and_large, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(memalign_bad_alignment, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(calloc_zeroes_reused_memory, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(strdup_memdup_copy, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(free_large_only, setup_alloc, teardown_alloc),
        cmocka_unit_test(tag_and_parent),
        cmocka_unit_test(dump_order_depth_stop),
        cmocka_unit_test_setup_teardown(stats_null_and_held, setup_alloc, teardown_alloc),
        cmocka_unit_test_setup_teardown(null_inputs, setup_alloc, teardown_alloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
