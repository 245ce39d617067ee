/*
 * Concept: what the allocation functions need of a pool handle (the parts
 * of vpool_valid that the small path, the large path and the fast path
 * read). A handle passed to the public functions is NULL, or a readable
 * record that, when it is live (magic), satisfies them.
 */
#ifndef VPOOL_PROOF_READY_H
#define VPOOL_PROOF_READY_H

/*@ predicate vpool_alloc_ready{L}(vpool_t *p) =
      vpool_grow_ok(p) && vpool_chain_le(p, p->current, p->nblocks) &&
      (p->large == \null ||
        (\valid(p->large) && \separated(p->large, p) && \separated(p->large, p->root))) &&
      vpool_large_caches_ok(p);

    predicate vpool_handle{L}(vpool_t *p) =
      p == \null || (\valid(p) && (p->magic == VPOOL_MAGIC ==> vpool_alloc_ready(p)));

    // What a successful allocation of n bytes aligned to a guarantees: the
    // bytes are valid, a-aligned and apart from the pool record.
    predicate vpool_served{L}(vpool_t *p, char *r, integer n, integer a) =
      \valid(r + (0 .. n - 1)) && vpool_aligned(r, a) && \separated(r + (0 .. n - 1), p);
*/

#endif
