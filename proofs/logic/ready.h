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
    // bytes are valid, a-aligned and apart from the pool record and from
    // its root's record (which holds the tree's caches and busy count), so
    // no write through them can reach the fields the pool runs on.
    predicate vpool_served{L}(vpool_t *p, char *r, integer n, integer a) =
      \valid(r + (0 .. n - 1)) && vpool_aligned(r, a) && \separated(r + (0 .. n - 1), p) &&
      \separated(r + (0 .. n - 1), p->root);

    // Everything the proven entry points require of a live pool at once
    // (allocation, vpool_free, cleanup add / run / kill), the condition
    // under which an allocation writes no cleanup record
    // (vpool_alloc_avoids): what vpool_create and vpool_create_child
    // establish. Its preservation as a whole is not
    // proven yet (docs/proofs.md lists what each entry point keeps).
    predicate vpool_ready{L}(vpool_t *p) =
      vpool_alloc_ready(p) && vpool_alloc_avoids(p) &&
      vpool_free_ready(p) && vpool_cl_avoids_large(p) &&
      vpool_cl_add_ready(p) &&
      vpool_cl_ready(p) && p->root->busy < SIZE_MAX;

    // What vpool_create_child needs of a live parent: its root, a child
    // count that can grow, a newest child and a first cached pool record
    // (the root's) that are records of their own, apart from the parent,
    // the root and each other: exactly what the link-in reads and writes;
    // and the root's spare records consistent and apart from those three
    // records, so that the new child is ready (vpool__lemma_child_ready)
    // and the link-in's writes change no spare record.
    predicate vpool_child_ready{L}(vpool_t *p) =
      \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
      p->nchildren < SIZE_MAX &&
      (p->child == \null ||
        (\valid(p->child) && \separated(p->child, p) && \separated(p->child, p->root))) &&
      (p->root->pool_cache == \null ||
        (\valid(p->root->pool_cache) && p->root->npool_cache > 0 &&
         \separated(p->root->pool_cache, p) && \separated(p->root->pool_cache, p->root) &&
         (p->child == \null || \separated(p->root->pool_cache, p->child)))) &&
      vpool_spares_ok(p->root) && vpool_spares_apart(p, p->root) &&
      (p->child == \null || vpool_spares_apart(p->child, p->root)) &&
      (p->root->pool_cache == \null || vpool_spares_apart(p->root->pool_cache, p->root));
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): a
 * fresh record (empty, as vpool__init leaves it: the fresh_* clauses, the
 * same as vpool__init's ensures) that is its own root satisfies every
 * entry point's precondition. vpool_create calls it in ghost code. The
 * clauses are spelled out, not a predicate: after the stores of
 * vpool_create Qed settles each field, while a predicate cost the provers
 * 5-10 s per path and timed out under load. */
/*@ ghost
  /@ requires \valid(p) && p->root == p;
     requires fresh_sizes: VPOOL_FRESH_SIZES(p);
     requires fresh_blocks: VPOOL_FRESH_BLOCKS(p);
     requires fresh_large: VPOOL_FRESH_LARGE(p);
     requires fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
     requires fresh_caches: p->busy == 0 && p->cache == \null && p->ncache == 0 &&
       p->lrec_cache == \null && p->nlrec_cache == 0 &&
       p->ncl_cache == 0 && p->nlarea_cache == 0;
     assigns \nothing;
     ensures alloc: vpool_alloc_ready(p) && vpool_alloc_avoids(p);
     ensures free: vpool_free_ready(p) && vpool_cl_avoids_large(p);
     ensures cleanup: vpool_cl_add_ready(p) && vpool_cl_ready(p);
     ensures busy: p->root->busy < SIZE_MAX;
     ensures ready: vpool_ready(p);
  @/
  void vpool__lemma_fresh_ready(vpool_t *p);
*/

/* Lemma function (proven in proofs/witnesses.c): a root with no child and
 * no cached record may get a child (vpool_create calls it in ghost code;
 * its clauses are part of vpool__init's fresh_tree and fresh_caches). */
/*@ ghost
  /@ requires \valid(p) && p->root == p;
     requires fresh_parent: p->child == \null && p->nchildren == 0 &&
       p->pool_cache == \null;
     requires fresh_caches: p->cache == \null && p->lrec_cache == \null &&
       p->nlarea_cache == 0 && p->ncl_cache == 0;
     assigns \nothing;
     ensures parent: vpool_child_ready(p);
  @/
  void vpool__lemma_fresh_parent(vpool_t *p);
*/

/* Lemma function (proven in proofs/witnesses.c): an empty record (as
 * vpool__init leaves it) that is a pool of a tree whose root's spare
 * records are consistent and apart from it satisfies every entry point's
 * precondition. vpool__child_make calls it in ghost code on the new
 * child. The pool's own caches are not read: every cache belongs to the
 * root. The spare records' clauses are vpool_spares_ok(p->root) and
 * vpool_spares_apart(p, p->root) spelled out part by part: the caller
 * carries each part across its writes separately. */
/*@ ghost
  /@ requires \valid(p) && \valid(p->root) && \separated(p, p->root);
     requires fresh_sizes: VPOOL_FRESH_SIZES(p);
     requires fresh_blocks: VPOOL_FRESH_BLOCKS(p);
     requires fresh_large: VPOOL_FRESH_LARGE(p);
     requires fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
     requires spare_block: p->root->cache == \null ||
       (p->root->ncache > 0 && vpool_block_ok(p->root->cache) &&
        \separated(p->root, p->root->cache) &&
        \separated(p->root, p->root->cache->mem + (0 .. p->root->cache->size - 1)) &&
        vpool_block_apart(p, p->root->cache));
     requires spare_lrec: p->root->lrec_cache == \null ||
       (p->root->nlrec_cache > 0 && \valid(p->root->lrec_cache) &&
        \separated(p->root->lrec_cache, p->root) && \separated(p, p->root->lrec_cache));
     requires spare_areas: vpool_spare_areas_ok(p->root) && vpool_areas_apart(p, p->root);
     requires spare_arrays: vpool_spare_arrays_ok(p->root) && vpool_arrays_apart(p, p->root);
     requires distinct: vpool_arrays_distinct(p->root);
     requires busy: p->root->busy < SIZE_MAX;
     assigns \nothing;
     ensures alloc: vpool_alloc_ready(p) && vpool_alloc_avoids(p);
     ensures free: vpool_free_ready(p) && vpool_cl_avoids_large(p);
     ensures cleanup: vpool_cl_add_ready(p) && vpool_cl_ready(p);
     ensures ready: vpool_ready(p);
  @/
  void vpool__lemma_child_ready(vpool_t *p);
*/

#endif
