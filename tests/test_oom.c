/*
 * test_oom.c -- fault injection: a fixed sequence of operations is run with
 * the backing allocator failing its k-th call (once, or from then on), for
 * every k until the sequence completes untouched. Every call must fail iff
 * an injected failure hit it, leave its pool unchanged and valid, and the
 * tree must give everything back on destroy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "vpool.h"

static tu_alloc_t ta;
static size_t cleanups_registered, cleanups_ran;
static size_t ops_failed;

static void count_cleanup(void *data)
{
    (void)data;
    cleanups_ran++;
}

/* The state one call may not change when it fails. */
static void snapshot(vpool_t *p, vpool_stats_t *s)
{
    vpool_stats(p, s);
}

/* Judges one call: `ok` is whether it reported success. */
static void judge_mode(vpool_t *p, const vpool_stats_t *before, size_t injected_before, int ok,
                       const char *what, int strict)
{
    vpool_stats_t after;
    int hit = ta.injected != injected_before;
    if (ok && hit) {
        fail_msg("%s succeeded although its allocation failed", what);
    }
    if (!ok && !hit) {
        fail_msg("%s failed without an allocation failure", what);
    }
    if (p == NULL) {
        return;
    }
    if (!vpool_check(p)) {
        fail_msg("vpool_check after %s (%s)", what, ok ? "ok" : "failed");
    }
    if (!ok) {
        ops_failed++;
        snapshot(p, &after);
        if (!strict) {
            /* cleanup registrations (vpool.h): nothing registered, no pool
             * memory handed out; only the cleanup stack's grown capacity
             * may stay, so held alone may grow */
            if (after.held < before->held) {
                fail_msg("%s failed and shrank held", what);
            }
            after.held = before->held;
        }
        if (memcmp(before, &after, sizeof(after)) != 0) {
            fail_msg("%s failed but changed its pool (held %zu -> %zu, requested %zu -> %zu)",
                     what, before->held, after.held, before->requested, after.requested);
        }
    }
}

static void judge(vpool_t *p, const vpool_stats_t *before, size_t injected_before, int ok,
                  const char *what)
{
    judge_mode(p, before, injected_before, ok, what, 1);
}

#define DO_MODE(pool, expr, okcond, what, strict)                 \
    do {                                                          \
        vpool_stats_t b_;                                         \
        size_t i_ = ta.injected;                                  \
        snapshot((pool), &b_);                                    \
        expr;                                                     \
        judge_mode((pool), &b_, i_, (okcond), (what), (strict));  \
    } while (0)
#define DO(pool, expr, okcond, what) DO_MODE(pool, expr, okcond, what, 1)
/* Cleanup registrations may keep the stack capacity they grew (vpool.h). */
#define DO_COMPOUND(pool, expr, okcond, what) DO_MODE(pool, expr, okcond, what, 0)

static void *alloc_fill(vpool_t *p, size_t n, unsigned char v)
{
    unsigned char *r = vpool_alloc(p, n);
    if (r != NULL) {
        memset(r, v, n);
    }
    return r;
}

static void expect_fill(const unsigned char *r, size_t n, unsigned char v)
{
    size_t i;
    if (r == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        if (r[i] != v) {
            fail_msg("data of a live allocation changed");
        }
    }
}

static void add_cleanup(vpool_t *p, const char *what)
{
    vpool_cleanup_t h;
    DO(p, h = vpool_cleanup_add(p, count_cleanup, NULL), h != 0, what);
    if (h != 0) {
        cleanups_registered++;
    }
}

/* The fixed sequence. */
static void sequence(void)
{
    vpool_options_t o;
    vpool_t *root = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL;
    unsigned char *a[8];
    void *big = NULL, *d = NULL, *t;
    vpool_cleanup_t h;
    int fds[2] = { -1, -1 };
    int i;

    memset(a, 0, sizeof(a));
    memset(&o, 0, sizeof(o));
    o.allocator = &ta.a;
    o.block_size = 512;
    o.cache_blocks = 4;
    {
        size_t i0 = ta.injected;
        root = vpool_create(&o);
        judge(NULL, NULL, i0, root != NULL, "create");
    }
    if (root == NULL) {
        return;
    }
    DO(root, c1 = vpool_create_child(root, NULL), c1 != NULL, "create_child c1");
    if (c1 != NULL) {
        DO(c1, c2 = vpool_create_child(c1, NULL), c2 != NULL, "create_child c2");
    }
    DO(root, a[0] = alloc_fill(root, 100, 1), a[0] != NULL, "small 1");
    DO(root, a[1] = alloc_fill(root, 120, 2), a[1] != NULL, "small 2");
    DO(root, a[2] = alloc_fill(root, 128, 3), a[2] != NULL, "small 3");
    for (i = 0; i < 2; i++) { /* 128 = small_max; one of the two needs a new block */
        DO(root, t = alloc_fill(root, 128, 12), t != NULL, "small 4/5 (new block)");
    }
    DO(root, a[3] = alloc_fill(root, 2000, 4), a[3] != NULL, "large 1");
    DO(root, big = vpool_alloc(root, 5000), big != NULL, "large 2");
    add_cleanup(root, "cleanup root");
    DO(root, a[4] = vpool_memalign(root, 64, 64), a[4] != NULL, "memalign in block");
    if (a[4] != NULL) {
        memset(a[4], 5, 64);
    }
    if (c1 != NULL) {
        DO(c1, a[5] = alloc_fill(c1, 50, 6), a[5] != NULL, "c1 small");
        DO_COMPOUND(c1, h = vpool_cleanup_add_sized(c1, count_cleanup, 40, &d), h != 0 && d != NULL,
           "cleanup sized c1");
        if (h != 0) {
            cleanups_registered++;
        }
        DO(c1, a[6] = vpool_memalign(c1, 10, 8192), a[6] != NULL, "memalign large c1");
        DO(c1, d = vpool_strdup(c1, "fault injection"), d != NULL, "strdup c1");
        if (pipe(fds) == 0) {
            DO_COMPOUND(c1, h = vpool_cleanup_fd(c1, fds[0]), h != 0, "cleanup_fd c1");
            if (h == 0) {
                close(fds[0]);
            }
            DO_COMPOUND(c1, h = vpool_cleanup_file(c1, fds[1], "/nonexistent/vpool-oom"), h != 0,
               "cleanup_file c1");
            if (h == 0) {
                close(fds[1]);
            }
        }
    }
    if (c2 != NULL) {
        /* its first cleanup: the record array, then a large data block */
        DO_COMPOUND(c2, h = vpool_cleanup_add_sized(c2, count_cleanup, 1000, &d), h != 0,
                    "cleanup sized large c2");
        if (h != 0) {
            cleanups_registered++;
        }
        add_cleanup(c2, "cleanup c2");
        DO(c2, a[7] = alloc_fill(c2, 3000, 7), a[7] != NULL, "c2 large");
        for (i = 0; i < 3; i++) {
            DO(c2, t = alloc_fill(c2, 100, 8), t != NULL, "c2 small");
        }
    }
    if (big != NULL) {
        DO(root, (void)vpool_free(root, big), 1, "free large");
    }
    expect_fill(a[0], 100, 1);
    expect_fill(a[1], 120, 2);
    expect_fill(a[2], 128, 3);
    expect_fill(a[3], 2000, 4);

    if (c1 != NULL) {
        vpool_reset(c1); /* destroys c2, runs c1's cleanups */
        c2 = NULL;
        assert_true(vpool_check(c1));
        DO(c1, a[5] = alloc_fill(c1, 60, 9), a[5] != NULL, "c1 small after reset");
        DO(c1, a[6] = alloc_fill(c1, 4000, 10), a[6] != NULL, "c1 large after reset");
        add_cleanup(c1, "cleanup c1 after reset");
        expect_fill(a[5], 60, 9);
    }
    DO(root, c3 = vpool_create_child(root, NULL), c3 != NULL, "create_child c3");
    if (c3 != NULL) {
        DO(c3, t = alloc_fill(c3, 10, 11), t != NULL, "c3 small");
        vpool_destroy(c3);
    }
    DO(root, t = alloc_fill(root, 10, 12), t != NULL, "small at end");
    assert_true(vpool_check(root));
    if (c1 != NULL) {
        assert_true(vpool_check(c1));
    }
    expect_fill(a[0], 100, 1);
    vpool_destroy(root);
}

static void campaign(int forever)
{
    size_t k;
    size_t runs_with_failures = 0;
    for (k = 1; k < 100000; k++) {
        size_t injected;
        tu_alloc_init(&ta);
        ta.fail_at = k;
        ta.fail_forever = forever;
        cleanups_registered = cleanups_ran = 0;
        sequence();
        injected = ta.injected;
        if (ta.live_blocks != 0 || ta.live_bytes != 0) {
            fail_msg("k=%zu: %zu allocations (%zu bytes) outstanding after destroy", k,
                     ta.live_blocks, ta.live_bytes);
        }
        assert_int_equal(ta.bad_frees, 0);
        assert_int_equal(ta.zero_calls, 0);
        assert_int_equal(cleanups_ran, cleanups_registered);
        tu_alloc_fini(&ta);
        if (injected == 0) {
            break; /* the sequence no longer reaches the k-th call */
        }
        runs_with_failures++;
    }
    assert_true(k < 100000);
    assert_true(runs_with_failures >= 20); /* the sequence makes many calls */
}

static void fail_once(void **state)
{
    (void)state;
    ops_failed = 0;
    campaign(0);
    assert_true(ops_failed > 0);
}

static void fail_forever(void **state)
{
    (void)state;
    ops_failed = 0;
    campaign(1);
    assert_true(ops_failed > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fail_once),
        cmocka_unit_test(fail_forever),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
