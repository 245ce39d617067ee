/*
 * Concept: the root's caches of spare records as lists that end within
 * their recorded counts (what draining them at the root's destroy walks).
 * Each list is followed through next from its head; recursion on the
 * integer k, so each definition is well founded.
 */
#ifndef VPOOL_PROOF_CACHES_H
#define VPOOL_PROOF_CACHES_H

/*@ // Cached blocks from b: NULL within k steps, each readable and apart
    // from the root record p.
    predicate vpool_bcache_le{L}(vpool_t *p, struct vpool_block *b, integer k) =
      k >= 0 &&
      (b == \null ||
       (k > 0 && \valid_read(b) && \separated(p, b) && vpool_bcache_le(p, b->next, k - 1)));

    // Cached pool records from r, likewise.
    predicate vpool_pcache_le{L}(vpool_t *p, vpool_t *r, integer k) =
      k >= 0 &&
      (r == \null ||
       (k > 0 && \valid_read(r) && \separated(p, r) && vpool_pcache_le(p, r->next, k - 1)));

    // Cached large records from l, likewise.
    predicate vpool_lcache_le{L}(vpool_t *p, struct vpool_large *l, integer k) =
      k >= 0 &&
      (l == \null ||
       (k > 0 && \valid_read(l) && \separated(p, l) && vpool_lcache_le(p, l->next, k - 1)));

    // What draining a dying root's caches reads: the three lists within
    // their counts, the area cache's records, the cleanup-stack count.
    predicate vpool_caches_drainable{L}(vpool_t *p) =
      vpool_bcache_le(p, p->cache, p->ncache) &&
      vpool_pcache_le(p, p->pool_cache, p->npool_cache) &&
      vpool_lcache_le(p, p->lrec_cache, p->nlrec_cache) &&
      p->nlarea_cache <= VPOOL_LAREA_CACHE_MAX &&
      (\forall integer i; 0 <= i < p->nlarea_cache ==> \valid_read(p->larea[i])) &&
      p->ncl_cache <= VPOOL_CL_CACHE_MAX;
*/

#endif
