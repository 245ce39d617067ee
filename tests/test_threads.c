/*
 * test_threads.c -- one pool tree per thread, used concurrently: trees share
 * nothing but a backing allocator the caller made thread-safe. Meant to be
 * clean under ThreadSanitizer; passes in every other configuration too.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "vpool.h"

#define NTHREADS 4
#define ROUNDS 1500

static tu_alloc_t shared; /* its own mutex makes it thread-safe */

struct worker {
    pthread_t tid;
    int use_shared;
    unsigned seed;
    /* results, read by the main thread after join */
    size_t cleanups_added, cleanups_ran;
    size_t errors;
    size_t ops;
};

static void bump(void *data)
{
    struct worker *w = data;
    w->cleanups_ran++;
}

static int filled(const unsigned char *p, size_t n, unsigned char v)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    vpool_options_t o;
    vpool_t *root;
    uint64_t rng = w->seed;
    size_t r;

    memset(&o, 0, sizeof(o));
    o.allocator = w->use_shared ? &shared.a : NULL;
    o.block_size = 1024;
    root = vpool_create(&o);
    if (root == NULL) {
        w->errors++;
        return NULL;
    }
    for (r = 0; r < ROUNDS; r++) {
        vpool_t *c = vpool_create_child(root, NULL);
        vpool_t *g;
        unsigned char *a, *b, *l;
        unsigned char v = (unsigned char)(r & 0xff);
        if (c == NULL || (g = vpool_create_child(c, NULL)) == NULL) {
            w->errors++;
            break;
        }
        a = vpool_alloc(c, (size_t)(tu_rand(&rng) % 256) + 1); /* small: 1024 / 4 */
        b = vpool_alloc(g, 200);
        l = vpool_alloc(c, 5000);
        if (a == NULL || b == NULL || l == NULL) {
            w->errors++;
            break;
        }
        memset(a, v, 1);
        memset(b, v, 200);
        memset(l, v, 5000);
        if (vpool_cleanup_add(g, bump, w) != 0) {
            w->cleanups_added++;
        }
        if (vpool_cleanup_add(c, bump, w) != 0) {
            w->cleanups_added++;
        }
        if (vpool_alloc(root, 32) == NULL) {
            w->errors++;
        }
        if (!filled(b, 200, v) || !filled(l, 5000, v) || a[0] != v) {
            w->errors++;
        }
        if (!vpool_check(c) || !vpool_check(g) || !vpool_check(root)) {
            w->errors++;
        }
        switch (tu_rand(&rng) % 3) {
        case 0:
            vpool_reset(c); /* destroys g as well */
            vpool_destroy(c);
            break;
        case 1:
            vpool_destroy(c);
            break;
        default:
            vpool_destroy(g);
            vpool_destroy(c);
            break;
        }
        if (r % 100 == 99) {
            vpool_reset(root);
        }
        w->ops++;
    }
    vpool_destroy(root);
    return NULL;
}

static void trees_in_parallel(void **state)
{
    struct worker w[NTHREADS];
    size_t calls, live_blocks, live_bytes;
    int i;
    (void)state;
    tu_alloc_init(&shared);
    memset(w, 0, sizeof(w));
    for (i = 0; i < NTHREADS; i++) {
        w[i].use_shared = i % 2;
        w[i].seed = 1000u + (unsigned)i;
        assert_int_equal(pthread_create(&w[i].tid, NULL, work, &w[i]), 0);
    }
    for (i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(w[i].tid, NULL), 0);
    }
    for (i = 0; i < NTHREADS; i++) {
        assert_int_equal(w[i].errors, 0);
        assert_int_equal(w[i].ops, ROUNDS);
        assert_int_equal(w[i].cleanups_added, 2 * ROUNDS);
        assert_int_equal(w[i].cleanups_ran, w[i].cleanups_added);
    }
    tu_alloc_counts(&shared, &calls, &live_blocks, &live_bytes);
    assert_true(calls > 0);
    assert_int_equal(live_blocks, 0);
    assert_int_equal(live_bytes, 0);
    assert_int_equal(shared.bad_frees, 0);
    tu_alloc_fini(&shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trees_in_parallel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
