/*
 * Entry point of vpool's proofs: tools/prove.sh force-includes this file
 * (cpp -include) in front of pool/vpool.c, so the C sources stay free of any
 * proof-only #include or #ifdef. It brings the private layout, the ACSL
 * logic (one concept per file under logic/) and the port contracts.
 */
#ifndef VPOOL_PROOF_H
#define VPOOL_PROOF_H

#include "vpool_impl.h"

/* VPOOL_ALIGNMENT is an offsetof expression, which ACSL cannot parse; the
 * proofs use its value on the analysed machdep (x86_64), and
 * proofs/witnesses.c proves that the two agree. */
#define VPOOL_ALIGNMENT_L 16

/* Everything an allocation may write (the small path's block chain and
 * the root's block cache, the large path's list and the root's large
 * caches), shared by the contracts of the allocation functions. When the
 * pool's cleanup array is apart from the records an allocation may write
 * (vpool_alloc_avoids, logic/avoid.h, part of vpool_ready), no block or
 * large record it writes lies in the array; its other writes are fields of
 * the pool and root records, which vpool_cl_array_ok and
 * vpool_cl_add_ready (also parts of vpool_ready) put apart from the array.
 * So under vpool_ready the allocation writes no cleanup record. (Block and
 * large fields share WP's typed memories with the records' fields, so the
 * frame has to say so; payload bytes are chars, which no record field
 * is.) */
#define VPOOL_CL_ARRAY(q) ((q)->cl + (0 .. (q)->capcl - 1))
/* The same array as it was on entry (for postconditions and assertions:
 * a predicate's arguments are read at the label where it stands). */
#define VPOOL_CL_PRE(q) (\at((q)->cl, Pre) + (0 .. \at((q)->capcl, Pre) - 1))
#define VPOOL_ALLOC_FIELDS \
    p->held, p->root->cache, p->root->ncache, p->first, p->last, p->current, \
    p->nblocks, p->large, p->nlarge, p->large_bytes, p->large_held, \
    p->large->prev, p->root->lrec_cache, p->root->nlrec_cache, \
    p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache, \
    p->root->larea_room
#define VPOOL_ALLOC_ASSIGNS \
    VPOOL_ALLOC_FIELDS, \
    { *x | struct vpool_block *x; \separated(x, p) && \separated(x, p->root) && \
           (vpool_alloc_avoids(p) ==> \separated(x, VPOOL_CL_ARRAY(p))) }, \
    { *y | struct vpool_large *y; \separated(y, p) && y != p->large && \
           (vpool_alloc_avoids(p) ==> \separated(y, VPOOL_CL_ARRAY(p))) }

/* The same without the cleanup array's exclusion: the frame of the
 * registrations with pool data, which may grow the array before they
 * allocate, so the array the allocation avoids need not be the one they
 * found on entry. */
#define VPOOL_ALLOC_ASSIGNS_ANY_CL \
    VPOOL_ALLOC_FIELDS, \
    { *x | struct vpool_block *x; \separated(x, p) && \separated(x, p->root) }, \
    { *y | struct vpool_large *y; \separated(y, p) && y != p->large }

/* Everything the fd cleanups may write: registration, the allocation and
 * the bytes of the new data (chars apart from the pool record). */
#define VPOOL_FD_CL_ASSIGNS \
    VPOOL_ALLOC_ASSIGNS_ANY_CL, p->cl, p->capcl, p->root->ncl_cache, p->root->clgen, \
    p->ncl, p->npending, \
    { *r | struct vpool_cleanup_rec *r; \separated(r, p) && \separated(r, p->root) }, \
    { *z | char *z; \separated(z, p) }

/* What a successful fd cleanup registration guarantees (an ensures clause
 * of the fd registration functions, read at their post-state): the new
 * record is pending on top of the stack, runs vpool__fd_cleanup on data of
 * n bytes (the record and the path copy), and is named by the handle. A
 * conjunction rather than a predicate, so WP splits it into one goal each. */
#define VPOOL_FD_REGISTERED(n) \
    p->npending == \old(p->npending) + 1 && p->ncl == \old(p->ncl) + 1 && \
    p->cl[p->ncl - 1].state == VPOOL_CL_PENDING && \
    p->cl[p->ncl - 1].fn == vpool__fd_cleanup && \
    \valid((char *)p->cl[p->ncl - 1].data + (0 .. (n) - 1)) && \
    \result == p->root->clgen * 4294967296 + p->ncl

/* Every location of every type vpool's logic reads: what a user callback
 * may write (proofs/port.h). One line, and `x == x` for the condition:
 * `\true` inside a macro does not survive Frama-C 25's preprocessing of
 * annotations ("illegal character"). */
#define VPOOL_ANY { *q | vpool_t *q; q == q }, { *b | struct vpool_block *b; b == b }, { *l | struct vpool_large *l; l == l }, { *r | struct vpool_cleanup_rec *r; r == r }, { *c | char *c; c == c }, { *d | void **d; d == d }

#include "logic/aligned.h"
#include "logic/accounting.h"
#include "logic/block.h"
#include "logic/large.h"
#include "logic/avoid.h"
#include "logic/cleanup.h"
#include "logic/caches.h"
#include "logic/ready.h"
#include "logic/valid.h"
#include "port.h"

#endif
