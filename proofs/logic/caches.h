/*
 * Concept: the root's caches of spare records, as lists that end within
 * their recorded counts (what draining them at the root's destroy walks;
 * each list is followed through next from its head, recursion on the
 * integer k, so each definition is well founded), and as the records a
 * new pool of the tree may be handed (vpool_spares_ok, vpool_spares_apart).
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

    // The root r's cached areas: each a consistent record apart from r,
    // with its bytes apart from both, that the area room can take back.
    predicate vpool_spare_areas_ok{L}(vpool_t *r) =
      r->nlarea_cache <= VPOOL_LAREA_CACHE_MAX &&
      \forall integer i; 0 <= i < r->nlarea_cache ==>
        \valid(r->larea[i]) && \separated(r->larea[i], r) && 0 < r->larea[i]->size &&
        \valid(r->larea[i]->base + (0 .. r->larea[i]->size - 1)) &&
        \separated(r->larea[i], r->larea[i]->base + (0 .. r->larea[i]->size - 1)) &&
        \separated(r, r->larea[i]->base + (0 .. r->larea[i]->size - 1)) &&
        r->larea[i]->size <= SIZE_MAX - r->larea_room;

    // The root r's cached cleanup arrays: valid, apart from r, from its
    // first cached block, its first cached large record and its cached
    // areas' records.
    predicate vpool_spare_arrays_ok{L}(vpool_t *r) =
      r->ncl_cache <= VPOOL_CL_CACHE_MAX &&
      \forall integer k; 0 <= k < r->ncl_cache ==>
        \valid(r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1)) &&
        \separated(r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1), r) &&
        (r->cache == \null ||
          \separated(r->cache, r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1))) &&
        (r->lrec_cache == \null ||
          \separated(r->lrec_cache, r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1))) &&
        \forall integer i; 0 <= i < r->nlarea_cache ==>
          \separated(r->larea[i], r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1));

    // The root r's first cached block, first cached large record, cached
    // areas and cached cleanup arrays as any pool of its tree may take
    // them: consistent and apart from r, the arrays also from each other
    // (a conjunct of its own: inside vpool_spare_arrays_ok it made that
    // predicate time out where it is carried across writes, measured). These are the parts of
    // vpool_ready that read only the root and its spare records (the rest
    // of vpool_ready reads the pool's own record and lists); a new child
    // needs exactly these of its parent to be ready itself
    // (vpool__lemma_child_ready).
    predicate vpool_spares_ok{L}(vpool_t *r) =
      (r->cache == \null ||
        (r->ncache > 0 && vpool_block_ok(r->cache) && \separated(r, r->cache) &&
         \separated(r, r->cache->mem + (0 .. r->cache->size - 1)))) &&
      (r->lrec_cache == \null ||
        (r->nlrec_cache > 0 && \valid(r->lrec_cache) && \separated(r->lrec_cache, r))) &&
      vpool_spare_areas_ok(r) && vpool_spare_arrays_ok(r) && vpool_arrays_distinct(r);

    // The pool record q is apart from the root r's cached areas (records
    // and bytes), and from its cached cleanup arrays (the quantified parts
    // of vpool_spares_apart, carried across writes one at a time).
    predicate vpool_areas_apart{L}(vpool_t *q, vpool_t *r) =
      \forall integer i; 0 <= i < r->nlarea_cache ==>
        \separated(q, r->larea[i]) &&
        \separated(q, r->larea[i]->base + (0 .. r->larea[i]->size - 1));

    predicate vpool_arrays_apart{L}(vpool_t *q, vpool_t *r) =
      \forall integer k; 0 <= k < r->ncl_cache ==>
        \separated(q, r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1));

    // The pool record q is apart from every spare record of the root r
    // that vpool_spares_ok names, and from the bytes of the cached block
    // and areas: true of a fresh record by T1; vpool_child_ready asks it
    // of the parent, its newest child and the root's first cached pool
    // record, the records that creating a child writes or hands out.
    predicate vpool_spares_apart{L}(vpool_t *q, vpool_t *r) =
      (r->cache == \null || vpool_block_apart(q, r->cache)) &&
      (r->lrec_cache == \null || \separated(q, r->lrec_cache)) &&
      vpool_areas_apart(q, r) && vpool_arrays_apart(q, r);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): the
 * parts of vpool_spare_arrays_ok, as facts of their own. In
 * vpool__lemma_child_ready's context, which holds every spare-record
 * predicate, the validity part alone took the provers 14 s (measured);
 * here its context is the one predicate. */
/*@ ghost
  /@ requires vpool_spare_arrays_ok(r);
     assigns \nothing;
     ensures bound: r->ncl_cache <= VPOOL_CL_CACHE_MAX;
     ensures valid: \forall integer k; 0 <= k < r->ncl_cache ==>
       \valid(r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1));
     ensures root_apart: \forall integer k; 0 <= k < r->ncl_cache ==>
       \separated(r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1), r);
  @/
  void vpool__lemma_spare_arrays(vpool_t *r);
*/

#endif
