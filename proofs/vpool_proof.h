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

/* What vpool__init leaves in a record (its fresh_* postconditions),
 * which the lemma functions turning an empty record into a ready pool
 * require: written out as conjunctions, so WP splits them per field. */
#define VPOOL_FRESH_SIZES(q) \
    (q)->magic == VPOOL_MAGIC && \
    VPOOL_MIN_BLOCK_SIZE <= (q)->block_size <= VPOOL_MAX_BLOCK_SIZE && \
    (q)->small_max <= (q)->block_size / 2 && \
    (q)->held == sizeof(struct vpool) && (q)->held <= (q)->limit
#define VPOOL_FRESH_BLOCKS(q) \
    (q)->first == \null && (q)->current == \null && (q)->last == \null && \
    (q)->nblocks == 0
#define VPOOL_FRESH_LARGE(q) \
    (q)->large == \null && (q)->nlarge == 0 && (q)->large_bytes == 0 && \
    (q)->large_held == 0
#define VPOOL_FRESH_CLEANUPS(q) \
    (q)->cl == \null && (q)->ncl == 0 && (q)->capcl == 0 && (q)->npending == 0

/* What creating a child must not change in the root R (a pointer value
 * fixed at Pre) and its spare records (what vpool_spares_ok reads),
 * given the spare records apart from the records written
 * (VPOOL_SPARES_WRITTEN_APART, with q the new record, par the parent and
 * its newest child). Stated as field-by-field equalities with the entry
 * state, a conjunction so that WP splits it: each callee proves them of
 * its own writes, where they take under 0.1 s; derived through a
 * callee's frame they took 9 to 11 s each (report_notes). */
#define VPOOL_SPARES_SAME(R) \
    (R)->nlarea_cache == \at((R)->nlarea_cache, Pre) && \
    (R)->ncl_cache == \at((R)->ncl_cache, Pre) && \
    (R)->larea_room == \at((R)->larea_room, Pre) && \
    (R)->cache == \at((R)->cache, Pre) && (R)->ncache == \at((R)->ncache, Pre) && \
    (R)->lrec_cache == \at((R)->lrec_cache, Pre) && \
    (R)->nlrec_cache == \at((R)->nlrec_cache, Pre) && \
    (R)->busy == \at((R)->busy, Pre) && \
    (\forall integer k; 0 <= k < \at((R)->ncl_cache, Pre) ==> \
       (R)->cl_cache[k] == \at((R)->cl_cache[k], Pre)) && \
    (\forall integer i; 0 <= i < \at((R)->nlarea_cache, Pre) ==> \
       (R)->larea[i] == \at((R)->larea[i], Pre)) && \
    (\forall integer i; 0 <= i < \at((R)->nlarea_cache, Pre) ==> \
       \at((R)->larea[i], Pre)->base == \at((R)->larea[i]->base, Pre) && \
       \at((R)->larea[i], Pre)->size == \at((R)->larea[i]->size, Pre)) && \
    (\at((R)->cache, Pre) == \null || \
      (\at((R)->cache, Pre)->size == \at((R)->cache->size, Pre) && \
       \at((R)->cache, Pre)->used == \at((R)->cache->used, Pre) && \
       \at((R)->cache, Pre)->requested == \at((R)->cache->requested, Pre) && \
       \at((R)->cache, Pre)->mis == \at((R)->cache->mis, Pre) && \
       \at((R)->cache, Pre)->mem == \at((R)->cache->mem, Pre)))

#define VPOOL_SPARES_WRITTEN_APART(q, par) \
    \valid((par)->root) && \separated(q, (par)->root) && \
    ((par)->root == (par) || \separated(par, (par)->root)) && \
    ((par)->child == \null || \separated((par)->child, (par)->root)) && \
    (par)->root->nlarea_cache <= VPOOL_LAREA_CACHE_MAX && \
    (par)->root->ncl_cache <= VPOOL_CL_CACHE_MAX && \
    ((par)->root->cache == \null || \
      (\valid((par)->root->cache) && \
       \separated((par)->root->cache, q) && \separated((par)->root->cache, par) && \
       ((par)->child == \null || \separated((par)->root->cache, (par)->child)))) && \
    (\forall integer i; 0 <= i < (par)->root->nlarea_cache ==> \
      \valid((par)->root->larea[i]) && \
      \separated((par)->root->larea[i], q) && \separated((par)->root->larea[i], par) && \
      ((par)->child == \null || \separated((par)->root->larea[i], (par)->child)))

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
