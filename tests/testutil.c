#include "testutil.h"

#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define TU_MAGIC ((size_t)0x7475616c6c6f6321u)
#define TU_HDR ((size_t)32) /* keeps results 16-aligned */

struct tu_hdr {
    size_t magic;
    size_t n;
    size_t off; /* distance from the malloc'd base to the result */
};

static void *tu_alloc_fn(void *ud, size_t n)
{
    tu_alloc_t *t = ud;
    unsigned char *base, *r;
    struct tu_hdr *h;
    size_t off = TU_HDR;
    int fail = 0;

    pthread_mutex_lock(&t->mu);
    t->calls++;
    if (n == 0) {
        t->zero_calls++;
    }
    if (t->fail_at != 0 && (t->calls == t->fail_at || (t->fail_forever && t->calls > t->fail_at))) {
        fail = 1;
    }
    if (t->max_n != 0 && n > t->max_n) {
        fail = 1;
    }
    if (fail) {
        t->injected++;
        pthread_mutex_unlock(&t->mu);
        return NULL;
    }
    if (t->misalign_min != 0 && n >= t->misalign_min) {
        off += 8;
    }
    pthread_mutex_unlock(&t->mu);

    if (n > SIZE_MAX - 64) {
        return NULL;
    }
    base = malloc(n + 64);
    if (base == NULL) {
        return NULL;
    }
    r = base + off;
    h = (struct tu_hdr *)(void *)(r - sizeof(struct tu_hdr));
    h->magic = TU_MAGIC;
    h->n = n;
    h->off = off;
    memset(r, t->fill, n);

    pthread_mutex_lock(&t->mu);
    t->live_blocks++;
    t->live_bytes += n;
    if (t->live_bytes > t->peak_bytes) {
        t->peak_bytes = t->live_bytes;
    }
    pthread_mutex_unlock(&t->mu);
    return r;
}

static void tu_free_fn(void *ud, void *p, size_t n)
{
    tu_alloc_t *t = ud;
    unsigned char *r = p;
    struct tu_hdr *h;

    if (p == NULL) {
        pthread_mutex_lock(&t->mu);
        t->frees++;
        t->bad_frees++;
        pthread_mutex_unlock(&t->mu);
        return;
    }
    h = (struct tu_hdr *)(void *)(r - sizeof(struct tu_hdr));
    pthread_mutex_lock(&t->mu);
    t->frees++;
    if (h->magic != TU_MAGIC || h->n != n) {
        t->bad_frees++;
        pthread_mutex_unlock(&t->mu);
        return; /* leak rather than corrupt the heap */
    }
    t->live_blocks--;
    t->live_bytes -= n;
    pthread_mutex_unlock(&t->mu);
    if (t->on_free != NULL) {
        t->on_free(t->on_free_ctx, p, n);
    }
    h->magic = 0;
    free(r - h->off);
}

void tu_alloc_init(tu_alloc_t *t)
{
    memset(t, 0, sizeof(*t));
    pthread_mutex_init(&t->mu, NULL);
    t->a.alloc = tu_alloc_fn;
    t->a.free = tu_free_fn;
    t->a.ud = t;
    t->fill = 0xa5;
}

void tu_alloc_fini(tu_alloc_t *t)
{
    pthread_mutex_destroy(&t->mu);
}

void tu_alloc_expect_clean(tu_alloc_t *t)
{
    assert_int_equal(t->live_blocks, 0);
    assert_int_equal(t->live_bytes, 0);
    assert_int_equal(t->bad_frees, 0);
    assert_int_equal(t->zero_calls, 0);
    tu_alloc_fini(t);
}

void tu_alloc_counts(tu_alloc_t *t, size_t *calls, size_t *live_blocks, size_t *live_bytes)
{
    pthread_mutex_lock(&t->mu);
    if (calls != NULL) {
        *calls = t->calls;
    }
    if (live_blocks != NULL) {
        *live_blocks = t->live_blocks;
    }
    if (live_bytes != NULL) {
        *live_bytes = t->live_bytes;
    }
    pthread_mutex_unlock(&t->mu);
}

void tu_misuse_record(void *ud, vpool_misuse_t what, const char *msg)
{
    tu_misuse_t *m = ud;
    m->count++;
    m->last = what;
    m->msg = msg;
}

int tu_count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;
    if (d == NULL) {
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            n++;
        }
    }
    closedir(d);
    return n - 1;
}

int tu_fork_capture(void (*fn)(void *), void *arg, char *buf, size_t cap)
{
    int fds[2];
    pid_t pid;
    size_t len = 0;
    int status = 0;

    if (pipe(fds) != 0) {
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        close(fds[1]);
        fn(arg);
        _exit(0);
    }
    close(fds[1]);
    for (;;) {
        char tmp[512];
        ssize_t k = read(fds[0], tmp, sizeof(tmp));
        if (k <= 0) {
            break;
        }
        if (cap > 0 && len < cap - 1) {
            size_t take = (size_t)k;
            if (take > cap - 1 - len) {
                take = cap - 1 - len;
            }
            memcpy(buf + len, tmp, take);
            len += take;
        }
    }
    if (cap > 0) {
        buf[len] = '\0';
    }
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return status;
}

int tu_killed_by(int status, int sig)
{
    return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

int tu_cache_enabled(void)
{
    vpool_t *root = vpool_create(NULL);
    vpool_t *child;
    vpool_stats_t s;
    if (root == NULL) {
        abort();
    }
    child = vpool_create_child(root, NULL);
    if (child == NULL || vpool_alloc(child, 1) == NULL) {
        abort();
    }
    vpool_destroy(child);
    vpool_stats(root, &s);
    vpool_destroy(root);
    return s.cached_blocks != 0;
}

uint64_t tu_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

const char *tu_tmpdir(void)
{
    const char *d = getenv("TEST_TMPDIR");
    return d != NULL && d[0] != '\0' ? d : "/tmp";
}
