/*
 * vpf.h -- the shared op interpreter and shadow model behind every vpool
 * fuzz target. A target is a profile: which ops its opcode byte maps to.
 * The decoding, the model and the oracle are the same for all targets, so a
 * reproducer found by one target means the same thing to every other.
 */
#ifndef VPF_H
#define VPF_H

#include <stddef.h>
#include <stdint.h>

enum vpf_op {
    VPF_OP_ROOT,      /* create a root (options from the input) */
    VPF_OP_CHILD,     /* create a child of a live pool */
    VPF_OP_DESTROY,   /* destroy any node */
    VPF_OP_RESET,     /* reset any node */
    VPF_OP_ALLOC,     /* alloc/nalloc/calloc/alloc_array/memalign/strdup/memdup */
    VPF_OP_FREE,      /* vpool_free of large, small, foreign, stale, NULL */
    VPF_OP_CL_ADD,    /* vpool_cleanup_add with a logging handler */
    VPF_OP_CL_SIZED,  /* vpool_cleanup_add_sized */
    VPF_OP_CL_RUN,    /* vpool_cleanup_run of any handle value */
    VPF_OP_CL_KILL,   /* vpool_cleanup_kill of any handle value */
    VPF_OP_FAULT,     /* the backing allocator fails its n-th next call */
    VPF_OP_CHECK,     /* full model check: fills, stats, accounting */
    VPF_OP_INTRO,     /* vpool_dump / vpool_tag / vpool_parent */
    VPF_OP_CL_FD,     /* vpool_cleanup_fd / vpool_cleanup_file */
    VPF_OP_TAMPER,    /* corrupt one field, vpool_check must say false */
    VPF_OP_NULLS,     /* NULL and invalid arguments */
    VPF_OP_MISALIGN,  /* the backing allocator misaligns its n-th next call */
    VPF_OP_COUNT
};

/* Only the initial root exists (no root/child ops expected). */
#define VPF_PROFILE_ONE_POOL 0x1u

typedef struct vpf_profile {
    const char *name;
    const uint8_t *ops; /* opcode byte % nops selects ops[i] */
    size_t nops;
    unsigned flags;
} vpf_profile_t;

/* Runs one input; aborts (a crash the engine records) on any oracle failure. */
int vpf_run(const uint8_t *data, size_t size, const vpf_profile_t *prof);

#endif /* VPF_H */
