/*
 * test_seed001.c -- request-scoped resources: 10,000 simulated requests,
 * each with its own child pool owning real files, pipes and slots of an
 * 8-slot connection pool. A seeded random share of requests fails at a
 * random point and simply destroys its pool. After every request the open
 * fd count, the free slot count and the temp directory are back to their
 * baseline (a sawtooth, never a ramp).
 */
#include <dirent.h>
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

#define NREQ 10000
#define NSLOTS 8

/* ---- the connection pool ------------------------------------------------ */

static int slot_busy[NSLOTS];
static int free_slots = NSLOTS;
static size_t releases_without_slot;

struct slot_hold {
    int slot; /* -1 until acquired */
};

static void slot_release(void *data)
{
    struct slot_hold *h = data;
    if (h->slot < 0) {
        releases_without_slot++; /* acquire never happened or failed */
        return;
    }
    slot_busy[h->slot] = 0;
    free_slots++;
    h->slot = -1;
}

static int slot_acquire(struct slot_hold *h)
{
    int i;
    for (i = 0; i < NSLOTS; i++) {
        if (!slot_busy[i]) {
            slot_busy[i] = 1;
            free_slots--;
            h->slot = i;
            return 0;
        }
    }
    return -1;
}

/* Takes a slot for the request: the release is registered first, so the
 * pool returns the slot on every exit path, including a failed acquire. */
static int take_slot(vpool_t *req)
{
    void *d = NULL;
    struct slot_hold *h;
    if (vpool_cleanup_add_sized(req, slot_release, sizeof(struct slot_hold), &d) == 0) {
        return -1;
    }
    h = d;
    h->slot = -1;
    return slot_acquire(h);
}

/* ---- a request ------------------------------------------------------------ */

enum outcome { DONE, FAIL_EARLY, FAIL_BUSY, FAIL_PARSE, FAIL_LATE, NOUTCOMES };

static char tmpdir[200];

static int open_temp(vpool_t *req, unsigned id, unsigned k)
{
    char path[300];
    int fd;
    snprintf(path, sizeof(path), "%s/req-%u-%u.tmp", tmpdir, id, k);
    fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) {
        return -1;
    }
    if (vpool_cleanup_file(req, fd, path) == 0) {
        close(fd);
        unlink(path);
        return -1;
    }
    return fd;
}

static enum outcome handle(vpool_t *server, unsigned id, uint64_t *rng)
{
    vpool_t *req = vpool_create_child(server, NULL);
    unsigned fail_at = (unsigned)(tu_rand(rng) % 10); /* < 4: fail there */
    unsigned nslots = (unsigned)(tu_rand(rng) % 4);
    enum outcome rc = DONE;
    int fd, fds[2];
    char *line;
    unsigned i;

    assert_non_null(req);
    if (tu_rand(rng) % 50 == 0) {
        nslots = NSLOTS + 1; /* more than exist: the last acquire fails */
    }

    fd = open_temp(req, id, 0);
    assert_true(fd >= 0);
    if (fail_at == 0) {
        rc = FAIL_EARLY;
        goto out;
    }
    assert_int_equal(pipe(fds), 0);
    assert_int_not_equal(vpool_cleanup_fd(req, fds[0]), 0);
    assert_int_not_equal(vpool_cleanup_fd(req, fds[1]), 0);

    for (i = 0; i < nslots; i++) {
        if (take_slot(req) != 0) {
            rc = FAIL_BUSY;
            goto out;
        }
    }

    /* "parse" the request: data goes through the file and the pipe */
    line = vpool_alloc(req, 64);
    assert_non_null(line);
    snprintf(line, 64, "GET /item/%u", id);
    assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
    assert_int_equal(write(fds[1], line, strlen(line)), (ssize_t)strlen(line));
    {
        char *back = vpool_calloc(req, 64);
        assert_non_null(back);
        assert_int_equal(read(fds[0], back, 63), (ssize_t)strlen(line));
        assert_string_equal(back, line);
    }
    if (fail_at == 1) {
        rc = FAIL_PARSE;
        goto out;
    }
    {
        vpool_t *sub = vpool_create_child(req, NULL); /* e.g. a response builder */
        assert_non_null(sub);
        assert_true(open_temp(sub, id, 1) >= 0);
        assert_non_null(vpool_alloc(sub, 3000));
        if (fail_at == 2) {
            rc = FAIL_LATE; /* with a sub-pool still alive */
            goto out;
        }
        vpool_destroy(sub);
    }
    assert_true(open_temp(req, id, 2) >= 0);
    if (fail_at == 3) {
        rc = FAIL_LATE;
    }
out:
    vpool_destroy(req);
    return rc;
}

static int count_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (d == NULL) {
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            n++;
        }
    }
    closedir(d);
    return n;
}

static void ten_thousand_requests(void **state)
{
    size_t outcomes[NOUTCOMES];
    uint64_t rng = 0x5eed001u; /* fixed: the run is reproducible */
    vpool_t *server = vpool_create(NULL);
    vpool_stats_t s;
    int base;
    unsigned id;
    (void)state;
    assert_non_null(server);
    memset(outcomes, 0, sizeof(outcomes));
    snprintf(tmpdir, sizeof(tmpdir), "%s/vpool-seed001-XXXXXX", tu_tmpdir());
    assert_non_null(mkdtemp(tmpdir));
    base = tu_count_fds();
    assert_true(base > 0);

    for (id = 0; id < NREQ; id++) {
        enum outcome o = handle(server, id, &rng);
        outcomes[o]++;
        if (tu_count_fds() != base) {
            fail_msg("request %u: %d fds open, baseline %d", id, tu_count_fds(), base);
        }
        if (free_slots != NSLOTS) {
            fail_msg("request %u: %d free slots, want %d", id, free_slots, NSLOTS);
        }
        if (count_dir(tmpdir) != 0) {
            fail_msg("request %u: temp files left behind", id);
        }
    }
    vpool_stats(server, &s);
    assert_int_equal(s.children, 0);
    assert_true(vpool_check(server));
    vpool_destroy(server);
    assert_int_equal(rmdir(tmpdir), 0);

    /* every path was taken, often */
    assert_true(outcomes[DONE] > NREQ / 3);
    assert_true(outcomes[FAIL_EARLY] > NREQ / 20);
    assert_true(outcomes[FAIL_BUSY] > 50);
    assert_true(outcomes[FAIL_PARSE] > NREQ / 20);
    assert_true(outcomes[FAIL_LATE] > NREQ / 20);
    assert_true(releases_without_slot >= outcomes[FAIL_BUSY]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ten_thousand_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
