/*
 * Concept: a cleanup array avoids the records the allocation path reads
 * (part of vpool_cl_add_ready). Registering a cleanup writes only records
 * of the pool's cleanup array; when that array is apart from each of
 * those records, every fact vpool_alloc_ready states about them survives
 * the registration. What those records are: the blocks of the chain from
 * `current` (vpool_chain_le), the root's first cached block
 * (vpool_grow_ok) and the root's cached large areas
 * (vpool_large_caches_ok); the other parts of vpool_alloc_ready read only
 * the pool and root records, which the array is apart from anyway. The
 * same predicate also names the three records only an allocation writes
 * (p's newest block and large record, the root's first cached large
 * record), so an array in use that satisfies it is apart from all an
 * allocation writes (vpool_alloc_avoids), kept by registration with it.
 * The converse for allocation (vpool_alloc_avoids): the pool's own cleanup
 * array is apart from every block and large record an allocation may
 * write, so the allocation functions' frame (VPOOL_ALLOC_ASSIGNS) excludes
 * it (the pool and root records, whose fields it also writes, are apart
 * from the array by vpool_cl_array_ok and vpool_cl_add_ready).
 * The other way round, vpool_free writes only the pool and root records
 * and records of the large list (besides bytes, which no cleanup record
 * shares a memory with in WP's typed model), so a cleanup array apart
 * from those (vpool_cl_avoids_large) keeps every record.
 */
#ifndef VPOOL_PROOF_AVOID_H
#define VPOOL_PROOF_AVOID_H

/*@ // Each of the first k blocks from b is apart from a[0 .. n-1].
    // Recursion on the integer k, so the definition is well founded.
    predicate vpool_chain_avoids{L}(struct vpool_block *b, integer k,
                                    struct vpool_cleanup_rec *a, integer n) =
      k <= 0 || b == \null ||
      (\separated(b, a + (0 .. n - 1)) && vpool_chain_avoids(b->next, k - 1, a, n));

    // The j-th block from b following next (b itself for j = 0), NULL once
    // the chain has ended: what a ghost walk names its position by, so it
    // reads no memory and owes no run-time check.
    logic struct vpool_block *vpool_chain_nth{L}(struct vpool_block *b, integer j) =
      j <= 0 ? b :
      (vpool_chain_nth(b, j - 1) == \null ? (struct vpool_block *)\null :
       vpool_chain_nth(b, j - 1)->next);

    // a[0 .. n-1] is apart from every record that vpool_alloc_ready(p)
    // reads besides p and its root (the chain from current, the root's
    // first cached block, its cached areas), and from the three records
    // only an allocation writes: p's newest block, p's newest large record
    // and the root's first cached large record. With a the array in use
    // and n > 0 it therefore implies vpool_alloc_avoids(p), term for term
    // (vpool__lemma_cl_alloc_avoids, logic/cleanup.h), and registration
    // and kill, which change none of these pointers and keep this
    // predicate (vpool_cl_add_ready), keep that too.
    predicate vpool_cl_avoids{L}(vpool_t *p, struct vpool_cleanup_rec *a, integer n) =
      vpool_chain_avoids(p->current, p->nblocks, a, n) &&
      (p->root->cache == \null || \separated(p->root->cache, a + (0 .. n - 1))) &&
      (\forall integer i; 0 <= i < p->root->nlarea_cache ==>
        \separated(p->root->larea[i], a + (0 .. n - 1))) &&
      (p->last == \null || \separated(p->last, a + (0 .. n - 1))) &&
      (p->large == \null || \separated(p->large, a + (0 .. n - 1))) &&
      (p->root->lrec_cache == \null || \separated(p->root->lrec_cache, a + (0 .. n - 1)));

    // The records a new block of p may be or write, other than the blocks
    // of the chain from current, are apart from a[0 .. n-1]: p's newest
    // block (it gets a successor) and the root's first cached block (it
    // may become the new one). A fresh block is apart from p's cleanup
    // array by T1.
    predicate vpool_grow_avoids{L}(vpool_t *p, struct vpool_cleanup_rec *a, integer n) =
      (p->last == \null || \separated(p->last, a + (0 .. n - 1))) &&
      (p->root->cache == \null || \separated(p->root->cache, a + (0 .. n - 1)));

    // Likewise for a large allocation: p's newest large record (it gets a
    // predecessor), the root's first cached record and the records of its
    // cached areas (one of them may become the new record); a fresh record
    // is apart from the array by T1.
    predicate vpool_large_avoids{L}(vpool_t *p, struct vpool_cleanup_rec *a, integer n) =
      (p->large == \null || \separated(p->large, a + (0 .. n - 1))) &&
      (p->root->lrec_cache == \null || \separated(p->root->lrec_cache, a + (0 .. n - 1))) &&
      \forall integer i; 0 <= i < p->root->nlarea_cache ==>
        \separated(p->root->larea[i], a + (0 .. n - 1));

    // p's cleanup array is apart from every block and large record an
    // allocation from p may write: then the allocation writes no cleanup
    // record (the allocation functions' frames, VPOOL_ALLOC_ASSIGNS).
    // Part of vpool_ready. Its conjuncts are those of
    // vpool_cl_avoids(p, p->cl, p->capcl), which implies it; it is split
    // by path instead because each helper's frame names only the part it
    // writes (vpool__small_find the chain, vpool__block_new
    // vpool_grow_avoids, vpool__large vpool_large_avoids).
    predicate vpool_alloc_avoids{L}(vpool_t *p) =
      vpool_chain_avoids(p->current, p->nblocks, p->cl, p->capcl) &&
      vpool_grow_avoids(p, p->cl, p->capcl) && vpool_large_avoids(p, p->cl, p->capcl);

    // p's cleanup array is valid memory apart from p, its root and every
    // record of its large list (part of what vpool_free requires). Valid
    // (true of an array in use) also puts it apart from the NULL-based
    // locations an unlink's frame names (l->prev->next for the head,
    // l->next->prev for the tail).
    predicate vpool_cl_avoids_large{L}(vpool_t *p) =
      p->capcl > 0 ==>
        \valid(p->cl + (0 .. p->capcl - 1)) &&
        \separated(p->cl + (0 .. p->capcl - 1), p) &&
        \separated(p->cl + (0 .. p->capcl - 1), p->root) &&
        \forall struct vpool_large *x; vpool_large_in(p->large, x, p->nlarge) ==>
          \separated(x, p->cl + (0 .. p->capcl - 1));
*/

#endif
