/*
 * test_cleanup.c -- cleanup handlers: LIFO order, run/kill exactly once,
 * stale handles, re-entrancy during teardown, and the fd/file helpers with
 * real file descriptors.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "vpool.h"

/* Order log: each cleanup appends its id. */
static int order[4096];
static size_t norder;

static void log_id(void *data)
{
    if (norder < sizeof(order) / sizeof(order[0])) {
        order[norder] = (int)(intptr_t)data;
    }
    norder++;
}

static int reset_log(void **state)
{
    (void)state;
    norder = 0;
    return 0;
}

static void expect_order(const int *want, size_t n)
{
    size_t i;
    assert_int_equal(norder, n);
    for (i = 0; i < n; i++) {
        if (order[i] != want[i]) {
            fail_msg("event %zu: got %d, want %d", i, order[i], want[i]);
        }
    }
}

#define ID(x) ((void *)(intptr_t)(x))

static void add_null_iff(void **state)
{
    vpool_t *p = vpool_create(NULL);
    void *d = ID(1);
    vpool_stats_t s;
    (void)state;
    assert_non_null(p);
    assert_int_equal(vpool_cleanup_add(NULL, log_id, NULL), 0);
    assert_int_equal(vpool_cleanup_add(p, NULL, NULL), 0);
    assert_int_equal(vpool_cleanup_add_sized(NULL, log_id, 8, &d), 0);
    assert_null(d); /* set to NULL on failure */
    d = ID(1);
    assert_int_equal(vpool_cleanup_add_sized(p, NULL, 8, &d), 0);
    assert_null(d);
    assert_int_equal(vpool_cleanup_add_sized(p, log_id, 8, NULL), 0);
    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 0);
    vpool_destroy(p);
    assert_int_equal(norder, 0);
}

static void lifo_on_destroy_and_reset(void **state)
{
    static const int want[] = { 5, 4, 3, 2, 1 };
    vpool_t *p = vpool_create(NULL);
    vpool_stats_t s;
    int i;
    (void)state;
    assert_non_null(p);
    for (i = 1; i <= 5; i++) {
        assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(i)), 0);
    }
    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 5);
    vpool_reset(p);
    expect_order(want, 5);
    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 0);
    norder = 0;
    for (i = 1; i <= 5; i++) {
        assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(i)), 0);
    }
    vpool_destroy(p);
    expect_order(want, 5);
}

static void many_cleanups_grow(void **state)
{
    vpool_t *p = vpool_create(NULL);
    vpool_cleanup_t h[3000];
    size_t i, j;
    (void)state;
    assert_non_null(p);
    for (i = 0; i < 3000; i++) {
        h[i] = vpool_cleanup_add(p, log_id, ID(i));
        assert_int_not_equal(h[i], 0);
        for (j = i >= 4 ? i - 4 : 0; j < i; j++) {
            assert_true(h[j] != h[i]);
        }
    }
    /* handles stay valid across growth of the record array */
    assert_int_equal(vpool_cleanup_kill(p, h[10]), VPOOL_OK);
    assert_true(vpool_check(p));
    vpool_destroy(p);
    assert_int_equal(norder, 2999);
    for (i = 0; i < 2999; i++) {
        int want = (int)(2999 - i);
        if (want <= 10) {
            want--; /* 10 was killed */
        }
        assert_int_equal(order[i], want);
    }
}

static void *seen_ptr;
static void record_ptr(void *data)
{
    seen_ptr = data;
    norder++;
}

static void sized_data(void **state)
{
    vpool_t *p = vpool_create(NULL);
    void *d = NULL;
    vpool_stats_t s;
    (void)state;
    assert_non_null(p);
    seen_ptr = NULL;
    assert_int_not_equal(vpool_cleanup_add_sized(p, record_ptr, 48, &d), 0);
    assert_non_null(d);
    assert_int_equal((uintptr_t)d % VPOOL_ALIGNMENT, 0);
    memset(d, 0, 48);
    vpool_stats(p, &s);
    assert_int_equal(s.requested, 48);
    assert_int_equal(s.cleanups, 1);
    vpool_destroy(p);
    assert_int_equal(norder, 1);
    assert_ptr_equal(seen_ptr, d);
}

/* The sized data lives in the pool: record what the handler sees there. */
static int sized_seen;
static void sized_fn(void *data)
{
    sized_seen = *(int *)data;
}

static void sized_data_passed(void **state)
{
    vpool_t *p = vpool_create(NULL);
    void *d = NULL;
    (void)state;
    assert_non_null(p);
    sized_seen = 0;
    assert_int_not_equal(vpool_cleanup_add_sized(p, sized_fn, sizeof(int), &d), 0);
    *(int *)d = 4242;
    vpool_destroy(p);
    assert_int_equal(sized_seen, 4242);
}

static void run_and_kill_exactly_once(void **state)
{
    static const int want[] = { 1, 4, 2 };
    vpool_t *p = vpool_create(NULL);
    vpool_cleanup_t h1, h2, h3, h4;
    vpool_stats_t s;
    (void)state;
    assert_non_null(p);
    h1 = vpool_cleanup_add(p, log_id, ID(1));
    h2 = vpool_cleanup_add(p, log_id, ID(2));
    h3 = vpool_cleanup_add(p, log_id, ID(3));
    h4 = vpool_cleanup_add(p, log_id, ID(4));
    assert_true(h1 && h2 && h3 && h4);

    assert_int_equal(vpool_cleanup_run(p, h1), VPOOL_OK); /* the oldest, now */
    assert_int_equal(norder, 1);
    assert_int_equal(vpool_cleanup_run(p, h1), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, h1), VPOOL_DECLINED);
    assert_int_equal(norder, 1);

    assert_int_equal(vpool_cleanup_kill(p, h3), VPOOL_OK);
    assert_int_equal(vpool_cleanup_kill(p, h3), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_run(p, h3), VPOOL_DECLINED);
    assert_int_equal(norder, 1);

    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 2);
    assert_true(vpool_check(p));

    assert_int_equal(vpool_cleanup_run(NULL, h2), VPOOL_EINVAL);
    assert_int_equal(vpool_cleanup_kill(NULL, h2), VPOOL_EINVAL);
    vpool_destroy(p);
    expect_order(want, 3); /* h1 now; h4, h2 at destroy; h3 never */
}

static void run_top_then_more(void **state)
{
    static const int want[] = { 3, 5, 4, 2, 1 };
    vpool_t *p = vpool_create(NULL);
    vpool_cleanup_t h3;
    (void)state;
    assert_non_null(p);
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(2)), 0);
    h3 = vpool_cleanup_add(p, log_id, ID(3));
    assert_int_equal(vpool_cleanup_run(p, h3), VPOOL_OK); /* the top slot is reused */
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(4)), 0);
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(5)), 0);
    assert_int_equal(vpool_cleanup_run(p, h3), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, h3), VPOOL_DECLINED);
    vpool_destroy(p);
    expect_order(want, 5);
}

static void unknown_and_foreign_handles(void **state)
{
    vpool_t *p = vpool_create(NULL);
    vpool_cleanup_t h;
    (void)state;
    assert_non_null(p);
    h = vpool_cleanup_add(p, log_id, ID(1));
    assert_int_not_equal(h, 0);
    assert_int_equal(vpool_cleanup_run(p, 0), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, 0), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_run(p, h + 1), VPOOL_DECLINED); /* slot beyond */
    assert_int_equal(vpool_cleanup_run(p, h ^ ((vpool_cleanup_t)1 << 40)), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, UINT64_MAX), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, h & 0xffffffffu), VPOOL_DECLINED);
    assert_int_equal(norder, 0);
    assert_int_equal(vpool_cleanup_run(p, h), VPOOL_OK);
    assert_int_equal(norder, 1);
    vpool_destroy(p);
    assert_int_equal(norder, 1);
}

/* Each pool's first registration lands in slot 1: only the per-tree
 * generation tells a sibling's handle from p's own. */
static void sibling_handles_declined(void **state)
{
    vpool_t *root = vpool_create(NULL);
    vpool_t *a, *b;
    vpool_cleanup_t ha, hb;
    (void)state;
    assert_non_null(root);
    a = vpool_create_child(root, NULL);
    b = vpool_create_child(root, NULL);
    assert_non_null(a);
    assert_non_null(b);
    ha = vpool_cleanup_add(a, log_id, ID(1));
    hb = vpool_cleanup_add(b, log_id, ID(2));
    assert_int_not_equal(ha, 0);
    assert_int_not_equal(hb, 0);
    assert_int_equal(ha & 0xffffffffu, hb & 0xffffffffu); /* same slot */
    assert_int_equal(vpool_cleanup_run(b, ha), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(a, hb), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_run(root, ha), VPOOL_DECLINED);
    assert_int_equal(norder, 0);
    assert_int_equal(vpool_cleanup_run(b, hb), VPOOL_OK);
    {
        const int want[] = { 2 };
        expect_order(want, 1);
    }
    vpool_destroy(root);
    {
        const int want[] = { 2, 1 };
        expect_order(want, 2);
    }
}

static void stale_after_reset(void **state)
{
    static const int want[] = { 1, 12, 11 };
    vpool_t *p = vpool_create(NULL);
    vpool_cleanup_t old1, old2, new1, new2;
    (void)state;
    assert_non_null(p);
    old1 = vpool_cleanup_add(p, log_id, ID(1));
    old2 = vpool_cleanup_add(p, log_id, ID(2));
    assert_int_equal(vpool_cleanup_kill(p, old2), VPOOL_OK);
    vpool_reset(p); /* runs 1 */
    assert_int_equal(vpool_cleanup_run(p, old1), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, old1), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, old2), VPOOL_DECLINED);
    /* new registrations reuse the same slots; the old handles still decline */
    new1 = vpool_cleanup_add(p, log_id, ID(11));
    new2 = vpool_cleanup_add(p, log_id, ID(12));
    assert_true(new1 != old1 && new1 != old2 && new2 != old1 && new2 != old2);
    assert_int_equal(vpool_cleanup_run(p, old1), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, old2), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(p, old1), VPOOL_DECLINED);
    assert_int_equal(norder, 1);
    vpool_destroy(p);
    expect_order(want, 3);
}

/* ---- re-entrancy ---------------------------------------------------------- */

static vpool_t *reent_pool;
static vpool_cleanup_t reent_handle;

/* A handler may allocate from the pool being torn down (registering on it
 * is refused: test_misuse.c, closing_*). */
static void alloc_more(void *data)
{
    log_id(data);
    assert_non_null(vpool_alloc(reent_pool, 64));   /* small */
    assert_non_null(vpool_alloc(reent_pool, 20000)); /* large too */
}

static void allocating_handler_in_destroy(void **state)
{
    static const int want[] = { 3, 2, 1 };
    vpool_t *p = vpool_create(NULL);
    (void)state;
    assert_non_null(p);
    reent_pool = p;
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    assert_int_not_equal(vpool_cleanup_add(p, alloc_more, ID(2)), 0);
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(3)), 0);
    vpool_destroy(p);
    expect_order(want, 3);
}

static void allocating_handler_in_reset(void **state)
{
    static const int want[] = { 2, 1 };
    vpool_t *p = vpool_create(NULL);
    vpool_stats_t s;
    (void)state;
    assert_non_null(p);
    reent_pool = p;
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    assert_int_not_equal(vpool_cleanup_add(p, alloc_more, ID(2)), 0);
    vpool_reset(p);
    expect_order(want, 2);
    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 0);
    assert_int_equal(s.large_count, 0); /* the large one made in the handler is gone */
    assert_int_equal(s.requested, 0);
    assert_true(vpool_check(p));
    vpool_destroy(p);
    assert_int_equal(norder, 2);
}

static void kill_older(void *data)
{
    log_id(data);
    assert_int_equal(vpool_cleanup_kill(reent_pool, reent_handle), VPOOL_OK);
    assert_int_equal(vpool_cleanup_kill(reent_pool, reent_handle), VPOOL_DECLINED);
}

static void run_older(void *data)
{
    log_id(data);
    assert_int_equal(vpool_cleanup_run(reent_pool, reent_handle), VPOOL_OK);
    assert_int_equal(vpool_cleanup_run(reent_pool, reent_handle), VPOOL_DECLINED);
}

static void kill_from_cleanup(void **state)
{
    static const int want[] = { 3, 1 };
    vpool_t *p = vpool_create(NULL);
    (void)state;
    assert_non_null(p);
    reent_pool = p;
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    reent_handle = vpool_cleanup_add(p, log_id, ID(2));
    assert_int_not_equal(vpool_cleanup_add(p, kill_older, ID(3)), 0);
    vpool_destroy(p);
    expect_order(want, 2);
}

static void run_from_cleanup(void **state)
{
    static const int want[] = { 3, 2, 1 };
    vpool_t *p = vpool_create(NULL);
    (void)state;
    assert_non_null(p);
    reent_pool = p;
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    reent_handle = vpool_cleanup_add(p, log_id, ID(2));
    assert_int_not_equal(vpool_cleanup_add(p, run_older, ID(3)), 0);
    vpool_destroy(p);
    expect_order(want, 3); /* 2 ran once, from the handler */
}

static void handle_of_running_cleanup_declines(void *data)
{
    log_id(data);
    assert_int_equal(vpool_cleanup_run(reent_pool, reent_handle), VPOOL_DECLINED);
    assert_int_equal(vpool_cleanup_kill(reent_pool, reent_handle), VPOOL_DECLINED);
}

static void running_cleanup_not_pending(void **state)
{
    vpool_t *p = vpool_create(NULL);
    (void)state;
    assert_non_null(p);
    reent_pool = p;
    reent_handle = vpool_cleanup_add(p, handle_of_running_cleanup_declines, ID(7));
    assert_int_equal(vpool_cleanup_run(p, reent_handle), VPOOL_OK);
    assert_int_equal(norder, 1);
    reent_handle = vpool_cleanup_add(p, handle_of_running_cleanup_declines, ID(8));
    vpool_destroy(p);
    assert_int_equal(norder, 2);
}

/* A child's cleanup registers on its parent while the parent is being
 * destroyed: the parent's cleanups run after its children's, so it runs. */
static void child_adds_to_parent(void *data)
{
    log_id(data);
    assert_int_not_equal(vpool_cleanup_add(reent_pool, log_id, ID(99)), 0);
}

static void cleanup_added_to_parent_from_child(void **state)
{
    static const int want[] = { 10, 99, 1 };
    vpool_t *p = vpool_create(NULL);
    vpool_t *c;
    (void)state;
    assert_non_null(p);
    reent_pool = p;
    assert_int_not_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    c = vpool_create_child(p, NULL);
    assert_non_null(c);
    assert_int_not_equal(vpool_cleanup_add(c, child_adds_to_parent, ID(10)), 0);
    vpool_destroy(p);
    expect_order(want, 3);
}

/* Other trees may be used, and even destroyed, from inside a handler. */
static vpool_t *other_tree;
static void use_other_tree(void *data)
{
    log_id(data);
    assert_non_null(vpool_alloc(other_tree, 10));
    assert_int_not_equal(vpool_cleanup_add(other_tree, log_id, ID(50)), 0);
    vpool_reset(other_tree); /* runs 50 */
    assert_int_not_equal(vpool_cleanup_add(other_tree, log_id, ID(51)), 0);
    vpool_destroy(other_tree); /* runs 51 */
    other_tree = NULL;
}

static void other_tree_from_cleanup(void **state)
{
    static const int want[] = { 5, 50, 51 };
    vpool_t *p = vpool_create(NULL);
    (void)state;
    assert_non_null(p);
    other_tree = vpool_create(NULL);
    assert_non_null(other_tree);
    assert_int_not_equal(vpool_cleanup_add(p, use_other_tree, ID(5)), 0);
    vpool_destroy(p);
    expect_order(want, 3);
    assert_null(other_tree);
}

/* ---- fd / file ---------------------------------------------------------- */

static int fd_open(int fd)
{
    return fcntl(fd, F_GETFD) != -1;
}

static void cleanup_fd_null_iff(void **state)
{
    vpool_t *p = vpool_create(NULL);
    vpool_stats_t s;
    int fds[2];
    (void)state;
    assert_non_null(p);
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(vpool_cleanup_fd(NULL, fds[0]), 0);
    assert_int_equal(vpool_cleanup_fd(p, -1), 0);
    assert_int_equal(vpool_cleanup_file(NULL, fds[0], "/nonexistent"), 0);
    assert_int_equal(vpool_cleanup_file(p, -1, "/nonexistent"), 0);
    assert_int_equal(vpool_cleanup_file(p, fds[0], NULL), 0);
    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 0);
    vpool_destroy(p);
    assert_true(fd_open(fds[0]));
    assert_true(fd_open(fds[1]));
    close(fds[0]);
    close(fds[1]);
}

static void cleanup_fd_closes(void **state)
{
    vpool_t *p = vpool_create(NULL);
    vpool_cleanup_t h0, h1;
    int fds[2], more[2], base;
    (void)state;
    assert_non_null(p);
    base = tu_count_fds();
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(pipe(more), 0);
    assert_int_equal(tu_count_fds(), base + 4);
    h0 = vpool_cleanup_fd(p, fds[0]);
    h1 = vpool_cleanup_fd(p, fds[1]);
    assert_int_not_equal(h0, 0);
    assert_int_not_equal(h1, 0);
    assert_int_not_equal(vpool_cleanup_fd(p, more[0]), 0);
    assert_int_equal(vpool_cleanup_kill(p, vpool_cleanup_fd(p, more[1])), VPOOL_OK);

    assert_int_equal(vpool_cleanup_run(p, h1), VPOOL_OK); /* closes now */
    assert_false(fd_open(fds[1]));
    assert_true(fd_open(fds[0]));
    vpool_reset(p);
    assert_false(fd_open(fds[0]));
    assert_false(fd_open(more[0]));
    assert_true(fd_open(more[1])); /* killed: left to us */
    assert_int_equal(tu_count_fds(), base + 1);
    close(more[1]);
    vpool_destroy(p);
    assert_int_equal(tu_count_fds(), base);
}

static void cleanup_file_closes_and_unlinks(void **state)
{
    char dir[200];
    char path[256], path2[256];
    vpool_t *p = vpool_create(NULL);
    int fd, fd2, base;
    (void)state;
    assert_non_null(p);
    base = tu_count_fds();
    snprintf(dir, sizeof(dir), "%s/vpool-test-XXXXXX", tu_tmpdir());
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/a.tmp", dir);
    snprintf(path2, sizeof(path2), "%s/b.tmp", dir);
    fd = open(path, O_CREAT | O_RDWR | O_EXCL, 0600);
    fd2 = open(path2, O_CREAT | O_RDWR | O_EXCL, 0600);
    assert_true(fd >= 0 && fd2 >= 0);
    assert_int_equal(write(fd, "x", 1), 1);
    assert_int_not_equal(vpool_cleanup_file(p, fd, path), 0);
    assert_int_not_equal(vpool_cleanup_file(p, fd2, path2), 0);
    /* the path was copied: changing the caller's buffer does not matter */
    memset(path2, 'z', 20);
    snprintf(path2, sizeof(path2), "%s/b.tmp", dir);
    memset(path, 0, sizeof(path));
    vpool_destroy(p);
    assert_false(fd_open(fd));
    assert_false(fd_open(fd2));
    assert_int_equal(tu_count_fds(), base);
    snprintf(path, sizeof(path), "%s/a.tmp", dir);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(access(path2, F_OK), -1);
    assert_int_equal(rmdir(dir), 0); /* empty: both files unlinked */
}

static void cleanup_fd_out_of_memory(void **state)
{
    tu_alloc_t ta;
    vpool_options_t o;
    vpool_t *p;
    vpool_stats_t s;
    int fds[2];
    (void)state;
    tu_alloc_init(&ta);
    memset(&o, 0, sizeof(o));
    o.allocator = &ta.a;
    p = vpool_create(&o);
    assert_non_null(p);
    assert_int_equal(pipe(fds), 0);
    ta.fail_forever = 1;
    ta.fail_at = ta.calls + 1;
    assert_int_equal(vpool_cleanup_fd(p, fds[0]), 0);
    assert_int_equal(vpool_cleanup_file(p, fds[1], "/tmp/never-created"), 0);
    assert_int_equal(vpool_cleanup_add(p, log_id, ID(1)), 0);
    {
        void *d = ID(1);
        assert_int_equal(vpool_cleanup_add_sized(p, log_id, 16, &d), 0);
        assert_null(d);
    }
    vpool_stats(p, &s);
    assert_int_equal(s.cleanups, 0);
    assert_true(vpool_check(p));
    vpool_destroy(p);
    assert_true(fd_open(fds[0])); /* nothing was registered */
    assert_true(fd_open(fds[1]));
    assert_int_equal(norder, 0);
    close(fds[0]);
    close(fds[1]);
    assert_int_equal(ta.live_blocks, 0);
    tu_alloc_fini(&ta);
}

#define T(f) cmocka_unit_test_setup(f, reset_log)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(add_null_iff),
        T(lifo_on_destroy_and_reset),
        T(many_cleanups_grow),
        T(sized_data),
        T(sized_data_passed),
        T(run_and_kill_exactly_once),
        T(run_top_then_more),
        T(unknown_and_foreign_handles),
        T(sibling_handles_declined),
        T(stale_after_reset),
        T(allocating_handler_in_destroy),
        T(allocating_handler_in_reset),
        T(kill_from_cleanup),
        T(run_from_cleanup),
        T(running_cleanup_not_pending),
        T(cleanup_added_to_parent_from_child),
        T(other_tree_from_cleanup),
        T(cleanup_fd_null_iff),
        T(cleanup_fd_closes),
        T(cleanup_file_closes_and_unlinks),
        T(cleanup_fd_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
