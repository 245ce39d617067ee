/*
 * test_whitebox.c -- white-box tests against the private layout
 * (vpool_impl.h): every conjunct of vpool_check is made false by one
 * corruption and true again after restoring it, and vpool_stats is compared
 * with values computed by hand from the layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vpool_impl.h"

static vpool_t *root, *kid1, *kid2;

static void noop(void *data)
{
    (void)data;
}

/* A root with three blocks, three large allocations, a cleanup stack with
 * a killed record in the middle, two children, and a grandchild. */
static int build(void **state)
{
    vpool_options_t o;
    int i;
    vpool_cleanup_t h;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.block_size = 256;
    root = vpool_create(&o);
    if (root == NULL) {
        return -1;
    }
    /* small_max = 64 bytes: 4 per block, 3 with ASan redzones (64 + 16) */
    for (i = 0; i < 3 * (int)(256 / (64 + VPOOL_REDZONE)); i++) {
        if (vpool_alloc(root, 64) == NULL) {
            return -1;
        }
    }
    for (i = 0; i < 3; i++) {
        if (vpool_alloc(root, 1000 + (size_t)i) == NULL) {
            return -1;
        }
    }
    vpool_cleanup_add(root, noop, NULL);
    h = vpool_cleanup_add(root, noop, NULL);
    vpool_cleanup_add(root, noop, NULL);
    if (vpool_cleanup_kill(root, h) != VPOOL_OK) {
        return -1;
    }
    kid1 = vpool_create_child(root, NULL);
    kid2 = vpool_create_child(root, NULL);
    if (kid2 == NULL || vpool_create_child(kid2, NULL) == NULL) {
        return -1;
    }
    return vpool_check(root) && vpool_check(kid1) && vpool_check(kid2) ? 0 : -1;
}

static int unbuild(void **state)
{
    (void)state;
    vpool_destroy(root);
    return 0;
}

/* Sets lvalue to value, expects vpool_check(pool) to fail, restores it and
 * expects it to hold again. */
#define BREAKS(pool, lvalue, value)                                  \
    do {                                                             \
        __typeof__(lvalue) saved_ = (lvalue);                        \
        assert_true(vpool_check(pool));                              \
        (lvalue) = (value);                                          \
        if (vpool_check(pool)) {                                     \
            fail_msg("vpool_check missed: %s = %s", #lvalue, #value); \
        }                                                            \
        (lvalue) = saved_;                                           \
        assert_true(vpool_check(pool));                              \
    } while (0)

static void shape(void **state)
{
    (void)state;
    assert_int_equal(root->nblocks, 3);
    assert_int_equal(root->nlarge, 3);
    assert_int_equal(root->ncl, 3);
    assert_int_equal(root->npending, 2);
    assert_int_equal(root->cl[1].state, VPOOL_CL_DONE);
    assert_int_equal(root->nchildren, 2);
    assert_ptr_equal(root->child, kid2);
    assert_ptr_equal(kid2->next, kid1);
}

static void corrupt_magic(void **state)
{
    (void)state;
    BREAKS(root, root->magic, VPOOL_DEAD);
    BREAKS(kid1, kid1->magic, 0u);
}

static void corrupt_tree_links(void **state)
{
    (void)state;
    BREAKS(root, root->nchildren, 3);
    BREAKS(root, root->nchildren, 1);
    BREAKS(root, kid1->parent, kid2);       /* a child with a wrong parent */
    BREAKS(root, kid2->prev, kid1);         /* sibling back link */
    BREAKS(root, kid1->prev, NULL);
    BREAKS(root, kid1->root, kid2);
    BREAKS(root, kid1->magic, VPOOL_DEAD);  /* a dead record still linked */
    BREAKS(root, root->root, kid1);
    BREAKS(root, root->root, NULL);
    BREAKS(root, root->parent, kid1);       /* a root with a parent */
    BREAKS(kid1, kid1->parent, NULL);       /* a child without one */
    BREAKS(kid1, kid1->root, kid1);
    BREAKS(kid1, root->magic, 0u);          /* its root is not live */
    BREAKS(kid2, kid2->child->parent, kid1);
    BREAKS(kid2, kid2->nchildren, 0);
}

static void corrupt_block_chain(void **state)
{
    struct vpool_block *b1 = root->first, *b2 = b1->next, *b3 = b2->next;
    struct vpool_block stray;
    (void)state;
    assert_ptr_equal(b3, root->last);
    BREAKS(root, b2->used, b2->size + 1);      /* used > size */
    BREAKS(root, b2->requested, b2->used + 1); /* asked for more than handed out */
    BREAKS(root, root->nblocks, 2);
    BREAKS(root, root->nblocks, 4);
    BREAKS(root, b3->next, b1);                /* a cycle */
    BREAKS(root, b3->next, b2);
    BREAKS(root, b1->mem, NULL);
    BREAKS(root, b2->size, 512);
    BREAKS(root, b1->mis, VPOOL_INBLOCK_MAX_ALIGN);
    BREAKS(root, b1->mis, b1->mis + 8);        /* misaligned payload */
    BREAKS(root, root->last, b2);
    BREAKS(root, root->first, NULL);
    /* b1 failed the requests that filled b2 and b3 and left the window */
    assert_ptr_equal(root->current, b2);
    BREAKS(root, b3->failed, b2->failed + 1);  /* counts increase along the window */
    BREAKS(root, b2->failed, VPOOL_RETRY_BLOCKS + 1); /* skipped yet in the window */
    memcpy(&stray, b2, sizeof(stray));
    BREAKS(root, root->current, &stray);       /* current not on the chain */
}

static void corrupt_large_list(void **state)
{
    struct vpool_large *l1 = root->large, *l2 = l1->next, *l3 = l2->next;
    (void)state;
    assert_non_null(l3);
    BREAKS(root, root->large_bytes, root->large_bytes + 1);
    BREAKS(root, root->large_bytes, root->large_bytes - 1);
    BREAKS(root, root->large_held, root->large_held + 16);
    BREAKS(root, l2->prev, NULL);              /* a broken prev link */
    BREAKS(root, l3->prev, l1);
    BREAKS(root, root->nlarge, 2);
    BREAKS(root, root->nlarge, 4);
    BREAKS(root, l3->next, l1);                /* a cycle */
    BREAKS(root, l2->base, NULL);
    BREAKS(root, l2->mem, l2->base - 1);
    BREAKS(root, l2->mem, l2->base + l2->size + 1);
    BREAKS(root, l2->requested, 0);
    BREAKS(root, l2->requested, l2->size + 1);
}

static void corrupt_cleanup_stack(void **state)
{
    (void)state;
    BREAKS(root, root->cl[0].state, 0u);       /* state out of range */
    BREAKS(root, root->cl[2].state, 7u);
    BREAKS(root, root->cl[1].state, VPOOL_CL_PENDING); /* pending count now wrong */
    BREAKS(root, root->npending, 3);
    BREAKS(root, root->npending, 1);
    BREAKS(root, root->cl[0].fn, NULL);        /* pending without a function */
    BREAKS(root, root->ncl, root->capcl + 1);
    BREAKS(root, root->capcl, 0);
}

static void corrupt_accounting(void **state)
{
    (void)state;
    BREAKS(root, root->held, root->held + 1);  /* held != sum */
    BREAKS(root, root->held, root->held - 1);
    BREAKS(root, root->limit, root->held - 1); /* held > limit */
    BREAKS(root, root->block_size, VPOOL_MIN_BLOCK_SIZE - 1);
    BREAKS(root, root->small_max, root->block_size / 4 + 1);
    BREAKS(root, root->ncache, root->cache_max + 1);
    BREAKS(root, root->npool_cache, root->cache_max + 1);
    BREAKS(kid1, kid1->held, kid1->held + sizeof(struct vpool_block));
}

/* The root's list of free cleanup arrays, checked from a child (whose
 * check reads its root's list; the root's own check would also catch a
 * count over cache_max, which is 0 in sanitizer builds): no NULL entry,
 * no array listed twice, not the child's array in use, no count past the
 * list's size. The arrays listed are stand-ins, never used: the checker
 * compares addresses only. */
static void corrupt_cl_cache(void **state)
{
    static struct vpool_cleanup_rec a[VPOOL_CL_MIN_CAP], b[VPOOL_CL_MIN_CAP];
    struct vpool_cleanup_rec *saved0 = root->cl_cache[0], *saved1 = root->cl_cache[1];
    size_t saved_n = root->ncl_cache;
    (void)state;
    assert_int_not_equal(vpool_cleanup_add(kid1, noop, NULL), 0);
    assert_int_equal(kid1->capcl, VPOOL_CL_MIN_CAP);
    root->ncl_cache = 0;
    root->cl_cache[0] = a;
    root->cl_cache[1] = b;
    BREAKS(kid1, root->ncl_cache, (size_t)VPOOL_CL_CACHE_MAX + 1);
    root->ncl_cache = 2; /* two distinct arrays, neither kid1's: accepted */
    assert_true(vpool_check(kid1));
    BREAKS(kid1, root->cl_cache[1], a);         /* one array listed twice */
    BREAKS(kid1, root->cl_cache[0], b);
    BREAKS(kid1, root->cl_cache[1], kid1->cl);  /* the array in use listed */
    BREAKS(kid1, root->cl_cache[0], NULL);
    root->ncl_cache = saved_n;
    root->cl_cache[0] = saved0;
    root->cl_cache[1] = saved1;
    assert_true(vpool_check(kid1));
    assert_true(vpool_check(root));
}

/* A root that keeps caches for its tree; skips the test where the build
 * keeps none (ASan, MSan, pass-through). */
static vpool_t *caching_root(void)
{
    vpool_options_t o;
    if (!VPOOL_CACHE_ENABLED) {
        skip();
    }
    memset(&o, 0, sizeof(o));
    o.cache_blocks = 4;
    return vpool_create(&o);
}

/* The cleanup-array checks on a real cache: two children's first cleanup
 * arrays go back to the root's list when they die. */
static void corrupt_real_cl_cache(void **state)
{
    vpool_t *p, *c1, *c2;
    (void)state;
    p = caching_root();
    assert_non_null(p);
    c1 = vpool_create_child(p, NULL);
    c2 = vpool_create_child(p, NULL);
    assert_non_null(c1);
    assert_non_null(c2);
    assert_int_not_equal(vpool_cleanup_add(c1, noop, NULL), 0);
    assert_int_not_equal(vpool_cleanup_add(c2, noop, NULL), 0);
    assert_int_not_equal(vpool_cleanup_add(p, noop, NULL), 0);
    vpool_destroy(c1);
    vpool_destroy(c2);
    assert_int_equal(p->ncl_cache, 2);
    assert_ptr_not_equal(p->cl_cache[0], p->cl_cache[1]);
    assert_true(vpool_check(p));
    BREAKS(p, p->cl_cache[1], p->cl_cache[0]);
    BREAKS(p, p->cl_cache[0], p->cl);
    BREAKS(p, p->cl_cache[1], NULL);
    vpool_destroy(p);
}

/* A child's own cache fields must stay empty: every cache is its root's. */
static void corrupt_child_caches(void **state)
{
    struct vpool_block stray_block;
    (void)state;
    memset(&stray_block, 0, sizeof stray_block);
    BREAKS(kid1, kid1->ncache, 1);
    BREAKS(kid1, kid1->cache, &stray_block);
    BREAKS(kid1, kid1->npool_cache, 1);
    BREAKS(kid1, kid1->pool_cache, kid2);
    BREAKS(kid1, kid1->nlrec_cache, 1);
    BREAKS(kid1, kid1->lrec_cache, root->large);
    BREAKS(kid1, kid1->nlarea_cache, 1);
    BREAKS(kid1, kid1->ncl_cache, 1);
}

/* A root's spare-record lists hold exactly their counts, with plausible
 * blocks and dead pool records, and its area cache is consistent, where
 * the build keeps caches: a child with a block and two freed large
 * allocations dies, leaving one cached block, one cached pool record, one
 * cached area and one cached large record. The counts are changed within
 * cache_max, so only the walks can notice. */
static void corrupt_root_caches(void **state)
{
    vpool_t *p, *c;
    void *big;
    (void)state;
    p = caching_root();
    assert_non_null(p);
    c = vpool_create_child(p, NULL);
    assert_non_null(c);
    assert_non_null(vpool_alloc(c, 16));
    big = vpool_alloc(c, 5000);   /* large, within the room: its area is cached */
    assert_non_null(big);
    assert_int_equal(vpool_free(c, big), VPOOL_OK);
    big = vpool_alloc(c, 100000); /* over the room left: its record is cached */
    assert_non_null(big);
    assert_int_equal(vpool_free(c, big), VPOOL_OK);
    vpool_destroy(c);
    assert_int_equal(p->ncache, 1);
    assert_int_equal(p->npool_cache, 1);
    assert_true(p->nlrec_cache >= 1);
    assert_int_equal(p->nlarea_cache, 1);
    assert_true(vpool_check(p));
    BREAKS(p, p->larea[0]->size, 0);
    BREAKS(p, p->larea[0]->base, NULL);
    BREAKS(p, p->larea[0], NULL);
    p->larea[1] = p->larea[0];
    BREAKS(p, p->nlarea_cache, 2);               /* one area listed twice */
    BREAKS(p, p->nlarea_cache, VPOOL_LAREA_CACHE_MAX + 1);
    /* the room left plus the cached bytes is the budget */
    assert_int_equal(p->larea_room + p->larea[0]->size, p->larea_budget);
    BREAKS(p, p->nlarea_cache, 0);               /* dropped, room not given back */
    BREAKS(p, p->larea_room, p->larea_room + 1);
    BREAKS(p, p->larea_room, p->larea_room - 1);
    BREAKS(p, p->larea_room, SIZE_MAX);           /* past the budget at once */
    BREAKS(p, p->larea_budget, p->larea_budget - 1);
    BREAKS(p, p->larea[0]->size, p->larea[0]->size + 1);
    BREAKS(p, p->larea[0]->size, SIZE_MAX);       /* past it by the sizes */
    BREAKS(p, p->ncache, 0);                     /* list longer than its count */
    BREAKS(p, p->ncache, 2);                     /* shorter */
    BREAKS(p, p->cache->next, p->cache);         /* a cycle */
    BREAKS(p, p->cache->mem, NULL);
    BREAKS(p, p->cache->size, VPOOL_MAX_BLOCK_SIZE + 1);
    BREAKS(p, p->npool_cache, 2);
    BREAKS(p, p->pool_cache->magic, VPOOL_MAGIC); /* a live record cached */
    BREAKS(p, p->pool_cache->next, p->pool_cache);
    BREAKS(p, p->nlrec_cache, p->nlrec_cache + 1);
    BREAKS(p, p->nlrec_cache, p->nlrec_cache - 1);
    vpool_destroy(p);
}

/* ---- stats against the layout -------------------------------------------- */

static size_t pad16(size_t used)
{
    return (VPOOL_ALIGNMENT - used % VPOOL_ALIGNMENT) % VPOOL_ALIGNMENT;
}

static size_t pad_to(size_t used, size_t a)
{
    return (a - used % a) % a;
}

static void stats_exact(void **state)
{
    vpool_options_t o;
    vpool_stats_t s;
    vpool_t *p, *c;
    size_t u, bl;
    const size_t rz = VPOOL_REDZONE;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.block_size = 1024;
    p = vpool_create(&o);
    assert_non_null(p);
    vpool_stats(p, &s);
    assert_int_equal(s.held, sizeof(struct vpool));
    assert_int_equal(s.capacity, 0);
    assert_int_equal(s.used, 0);

    assert_non_null(vpool_alloc(p, 10));
    u = 10 + rz;
    assert_non_null(vpool_alloc(p, 20));
    u += pad16(u) + 20 + rz;
    assert_non_null(vpool_nalloc(p, 3));
    u += pad_to(u, VPOOL_NALLOC_ALIGN) + 3 + rz;
    assert_non_null(vpool_alloc(p, 3000));
    assert_non_null(vpool_memalign(p, 5, 8192)); /* large, over-allocated */
    bl = 3000 + (5 + 8192 - VPOOL_ALIGNMENT);
    assert_int_not_equal(vpool_cleanup_add(p, noop, NULL), 0);
    c = vpool_create_child(p, NULL);
    assert_non_null(c);

    vpool_stats(p, &s);
    assert_int_equal(s.requested, 10 + 20 + 3 + 3000 + 5);
    assert_int_equal(s.used, u + bl);
    assert_int_equal(s.capacity, 1024 + bl);
    assert_int_equal(s.wasted, u + bl - (10 + 20 + 3 + 3000 + 5));
    assert_int_equal(s.blocks, 1);
    assert_int_equal(s.large_count, 2);
    assert_int_equal(s.large_bytes, 3005);
    assert_int_equal(s.cleanups, 1);
    assert_int_equal(s.children, 1);
    assert_int_equal(s.held, sizeof(struct vpool) + sizeof(struct vpool_block) + 1024
                                 + 2 * sizeof(struct vpool_large) + bl
                                 + 8 * sizeof(struct vpool_cleanup_rec));
    assert_int_equal(s.limit, SIZE_MAX);
    assert_int_equal(s.cached_blocks, 0);

    vpool_stats(c, &s);
    assert_int_equal(s.held, sizeof(struct vpool));
    assert_int_equal(s.blocks, 0);

    vpool_reset(p);
    vpool_stats(p, &s);
    assert_int_equal(s.requested, 0);
    assert_int_equal(s.used, 0);
    assert_int_equal(s.wasted, 0);
    assert_int_equal(s.capacity, 1024);
    assert_int_equal(s.large_count, 0);
    assert_int_equal(s.large_bytes, 0);
    assert_int_equal(s.cleanups, 0);
    assert_int_equal(s.children, 0);
    assert_int_equal(s.held, sizeof(struct vpool) + sizeof(struct vpool_block) + 1024
                                 + 8 * sizeof(struct vpool_cleanup_rec));
    assert_int_equal(s.cached_blocks, 0);
    vpool_destroy(p);
}

static void stats_cache_and_limit(void **state)
{
    vpool_options_t o;
    vpool_stats_t s;
    vpool_t *p, *c;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.block_size = 512;
    o.limit = 100000;
    p = vpool_create(&o);
    assert_non_null(p);
    c = vpool_create_child(p, NULL);
    assert_non_null(c);
    assert_non_null(vpool_alloc(c, 100));
    vpool_stats(c, &s);
    assert_int_equal(s.limit, SIZE_MAX); /* children have their own cap */
    assert_int_equal(s.held, sizeof(struct vpool) + sizeof(struct vpool_block) + 512);
    vpool_destroy(c);
    vpool_stats(p, &s);
    assert_int_equal(s.limit, 100000);
    assert_int_equal(s.cached_blocks, VPOOL_CACHE_ENABLED ? 1 : 0);
    assert_int_equal(s.held, sizeof(struct vpool)); /* the cache is the tree's */
    assert_int_equal(p->ncache, s.cached_blocks);
    vpool_destroy(p);
}

/* The retry window: a block that failed more than VPOOL_RETRY_BLOCKS times
 * is no longer tried, so current moves past it. */
static void retry_window(void **state)
{
    vpool_options_t o;
    vpool_t *p;
    struct vpool_block *b1;
    unsigned k;
    (void)state;
    memset(&o, 0, sizeof(o));
    o.block_size = 256;
    p = vpool_create(&o);
    assert_non_null(p);
    for (k = 0; k < 256 / (64 + VPOOL_REDZONE); k++) {
        assert_non_null(vpool_alloc(p, 64)); /* small_max; fills b1 */
    }
    b1 = p->first;
    assert_int_equal(p->nblocks, 1);
    for (k = 0; k <= VPOOL_RETRY_BLOCKS; k++) {
        assert_ptr_equal(p->current, b1);
        assert_non_null(vpool_alloc(p, 64)); /* never fits in b1's tail */
        assert_true(vpool_check(p));
    }
    assert_int_equal(b1->failed, VPOOL_RETRY_BLOCKS + 1);
    assert_int_equal(p->nlarge, 0);
    assert_ptr_not_equal(p->current, b1);
    assert_true(vpool_check(p));
    vpool_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(shape, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_magic, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_tree_links, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_block_chain, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_large_list, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_cleanup_stack, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_accounting, build, unbuild),
        cmocka_unit_test_setup_teardown(corrupt_cl_cache, build, unbuild),
        cmocka_unit_test(corrupt_real_cl_cache),
        cmocka_unit_test_setup_teardown(corrupt_child_caches, build, unbuild),
        cmocka_unit_test(corrupt_root_caches),
        cmocka_unit_test(stats_exact),
        cmocka_unit_test(stats_cache_and_limit),
        cmocka_unit_test(retry_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
