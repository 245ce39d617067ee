/*
 * test_asan.c -- proves that in-block poisoning works: under AddressSanitizer
 * a one-byte overflow of a small allocation and a read after vpool_reset are
 * reported, although both addresses lie inside a live backing block. Each
 * case runs in a forked child whose stderr is captured. Without ASan the
 * tests skip (the accesses would be silent by design).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "testutil.h"
#include "vpool.h"

#ifdef TU_ASAN
static char errbuf[16384];

static vpool_t *pool_with_neighbours(unsigned char **victim)
{
    vpool_t *p = vpool_create(NULL);
    if (p == NULL) {
        _exit(3);
    }
    (void)vpool_alloc(p, 40);
    *victim = vpool_alloc(p, 13);
    (void)vpool_alloc(p, 40); /* the block continues after the victim */
    if (*victim == NULL) {
        _exit(3);
    }
    return p;
}

static void overflow_by_one(void *arg)
{
    unsigned char *v;
    volatile unsigned char *q;
    (void)arg;
    (void)pool_with_neighbours(&v);
    q = v;
    q[13] = 1;
    _exit(0); /* not reached when the write is caught */
}

static void nalloc_overflow_by_one(void *arg)
{
    vpool_t *p = vpool_create(NULL);
    volatile char *q;
    (void)arg;
    if (p == NULL) {
        _exit(3);
    }
    q = vpool_nalloc(p, 5);
    (void)vpool_nalloc(p, 5);
    q[5] = 'x';
    _exit(0);
}

static void read_after_reset(void *arg)
{
    unsigned char *v;
    volatile unsigned char *q;
    volatile unsigned char sink;
    vpool_t *p;
    (void)arg;
    p = pool_with_neighbours(&v);
    q = v;
    q[0] = 7;
    vpool_reset(p);
    sink = q[0];
    (void)sink;
    _exit(0);
}

static void read_after_child_destroy(void *arg)
{
    vpool_t *r = vpool_create(NULL);
    vpool_t *c;
    volatile unsigned char *q;
    volatile unsigned char sink;
    (void)arg;
    if (r == NULL || (c = vpool_create_child(r, NULL)) == NULL) {
        _exit(3);
    }
    q = vpool_alloc(c, 16);
    q[0] = 1;
    vpool_destroy(c);
    sink = q[0];
    (void)sink;
    _exit(0);
}

static void in_bounds_is_quiet(void *arg)
{
    unsigned char *v;
    vpool_t *p;
    (void)arg;
    p = pool_with_neighbours(&v);
    memset(v, 1, 13);
    vpool_reset(p);
    v = vpool_alloc(p, 13);
    memset(v, 2, 13);
    vpool_destroy(p);
    _exit(0);
}

static void expect_report(void (*fn)(void *), const char *a, const char *b)
{
    int st = tu_fork_capture(fn, NULL, errbuf, sizeof(errbuf));
    assert_int_not_equal(st, -1);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        fail_msg("the bad access went unnoticed; stderr: %s", errbuf);
    }
    if (strstr(errbuf, "AddressSanitizer") == NULL
        || (strstr(errbuf, a) == NULL && (b == NULL || strstr(errbuf, b) == NULL))) {
        fail_msg("no \"%s\" report; stderr: %s", a, errbuf);
    }
}

#endif /* TU_ASAN */

static void asan_catches_overflow(void **state)
{
    (void)state;
#ifdef TU_ASAN
    expect_report(overflow_by_one, "use-after-poison", NULL);
#else
    skip();
#endif
}

static void asan_catches_nalloc_overflow(void **state)
{
    (void)state;
#ifdef TU_ASAN
    expect_report(nalloc_overflow_by_one, "use-after-poison", NULL);
#else
    skip();
#endif
}

static void asan_catches_read_after_reset(void **state)
{
    (void)state;
#ifdef TU_ASAN
    expect_report(read_after_reset, "use-after-poison", NULL);
#else
    skip();
#endif
}

static void asan_catches_read_after_destroy(void **state)
{
    (void)state;
#ifdef TU_ASAN
    /* the cache is off under ASan, so the block itself was freed */
    expect_report(read_after_child_destroy, "heap-use-after-free", "use-after-poison");
#else
    skip();
#endif
}

/* The control: correct use produces no report and exits normally. */
static void asan_quiet_on_correct_use(void **state)
{
    int st;
    (void)state;
#ifdef TU_ASAN
    st = tu_fork_capture(in_bounds_is_quiet, NULL, errbuf, sizeof(errbuf));
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_null(strstr(errbuf, "AddressSanitizer"));
#else
    (void)st;
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(asan_catches_overflow),
        cmocka_unit_test(asan_catches_nalloc_overflow),
        cmocka_unit_test(asan_catches_read_after_reset),
        cmocka_unit_test(asan_catches_read_after_destroy),
        cmocka_unit_test(asan_quiet_on_correct_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
