/*
 * testutil.h -- shared helpers for the vpool cmocka suites: a counting,
 * fault-injecting backing allocator, a misuse-handler recorder, an fd
 * counter and a fork-and-capture runner for tests that expect a process to
 * die. Black-box: only vpool.h.
 */
#ifndef VPOOL_TESTUTIL_H
#define VPOOL_TESTUTIL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "vpool.h"

/* Sanitizer detection, for tests that only make sense under one of them. */
#if defined(__SANITIZE_ADDRESS__)
#define TU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_ASAN 1
#endif
#endif
#if defined(__has_feature)
#if __has_feature(memory_sanitizer)
#define TU_MSAN 1
#endif
#if __has_feature(thread_sanitizer)
#define TU_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) && !defined(TU_TSAN)
#define TU_TSAN 1
#endif

/* A backing allocator that counts everything and can be told to fail.
 * Each allocation carries a hidden header so that frees with a size other
 * than the one allocated, or of pointers it never returned, are counted
 * instead of corrupting the heap. */
typedef struct tu_alloc {
    vpool_allocator_t a; /* pass &x.a as vpool_options_t.allocator */
    pthread_mutex_t mu;
    size_t calls;       /* alloc calls, including failed ones */
    size_t frees;       /* free calls */
    size_t live_blocks; /* allocations not yet freed */
    size_t live_bytes;  /* their n as requested */
    size_t peak_bytes;
    size_t bad_frees;   /* free with a wrong size or an unknown pointer */
    size_t zero_calls;  /* alloc called with n == 0 (contract breach) */
    size_t fail_at;     /* 0: off; else the fail_at-th call fails ... */
    int fail_forever;   /* ... and, if set, every call after it too */
    size_t injected;    /* failures injected so far */
    size_t max_n;       /* 0: no cap; else requests above it fail */
    size_t misalign_min; /* 0: off; else results for n >= this are
                            deliberately off by 8 bytes */
    unsigned char fill; /* fresh memory is filled with this byte */
    /* Called before memory goes back to the system (for wipe checks). */
    void (*on_free)(void *ctx, const void *p, size_t n);
    void *on_free_ctx;
} tu_alloc_t;

void tu_alloc_init(tu_alloc_t *t);
void tu_alloc_fini(tu_alloc_t *t);
/* Asserts (cmocka) that everything went back: no live block or byte, no bad
 * or zero-size call; then tu_alloc_fini. The suites' common teardown. */
void tu_alloc_expect_clean(tu_alloc_t *t);
/* Snapshot of the counters (taken under the lock). */
void tu_alloc_counts(tu_alloc_t *t, size_t *calls, size_t *live_blocks, size_t *live_bytes);

/* Records every misuse report. */
typedef struct tu_misuse {
    int count;
    vpool_misuse_t last;
    const char *msg;
} tu_misuse_t;

void tu_misuse_record(void *ud, vpool_misuse_t what, const char *msg);

/* Number of open file descriptors of this process (entries of
 * /proc/self/fd, not counting the one used to read it). */
int tu_count_fds(void);

/* Runs fn(arg) in a forked child with stderr captured into buf (NUL
 * terminated, truncated to cap - 1). If fn returns, the child exits 0.
 * Returns the waitpid status, or -1 if fork/pipe failed. */
int tu_fork_capture(void (*fn)(void *), void *arg, char *buf, size_t cap);

/* True iff the status says the process was killed by sig. */
int tu_killed_by(int status, int sig);

/* Runtime probe: does this build keep blocks in the root's cache?
 * (The cache is compiled out under ASan, MSan and pass-through mode.) */
int tu_cache_enabled(void);

/* Directory for temporary files: $TEST_TMPDIR under Bazel, else /tmp. */
const char *tu_tmpdir(void);

/* Deterministic PRNG (xorshift64*), for reproducible random tests. */
uint64_t tu_rand(uint64_t *state);

#endif /* VPOOL_TESTUTIL_H */
