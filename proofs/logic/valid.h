/*
 * Concept: the structural invariant vpool_valid as vpool_check decides it.
 * One predicate per static checker function of pool/vpool.c, with the same
 * name (ACSL's logic names do not clash with C's), each proven to be exactly
 * what its C function returns; vpool_valid is their conjunction, as
 * vpool_check's result is. These are the value-level facts, the ones C code
 * can test; what it cannot test (that the records are valid memory, apart
 * from one another) is vpool_readable's precondition here and the
 * separation parts of vpool_ready (ready.h) elsewhere.
 */
#ifndef VPOOL_PROOF_VALID_H
#define VPOOL_PROOF_VALID_H

/*@ // The blocks from b on, prev being the one before and k the blocks the
    // record says are left, in the window (at or after current) iff win:
    // each consistent and of the standard size, failure counts never rising,
    // above VPOOL_RETRY_BLOCKS exactly before the window, and the chain ends
    // after exactly k blocks at last, having met current if it is set.
    predicate vpool_blocks_from{L}(vpool_t *p, struct vpool_block *b,
                                   struct vpool_block *prev, integer k,
                                   boolean win) =
      b == \null ?
        (k == 0 && prev == p->last && (p->current == \null || win)) :
        (k > 0 && b->mem != \null && b->size == p->block_size &&
         b->used <= b->size && b->requested <= b->used &&
         b->mis < VPOOL_INBLOCK_MAX_ALIGN && b->mis % VPOOL_ALIGNMENT_L == 0 &&
         (prev == \null || b->failed <= prev->failed) &&
         ((win || b == p->current) ? b->failed <= VPOOL_RETRY_BLOCKS
                                   : b->failed > VPOOL_RETRY_BLOCKS) &&
         vpool_blocks_from(p, b->next, b, k - 1, win || b == p->current));

    predicate vpool_block_chain_valid{L}(vpool_t *p) =
      vpool_blocks_from(p, p->first, \null, p->nblocks, \false) &&
      (p->first == \null <==> p->last == \null);

    // The large records from l on (prev before it, k left): each linked back,
    // its mem inside the bytes obtained at base with room for what was
    // requested, and the requested and obtained sizes summing (from bytes and
    // held so far, never past SIZE_MAX) to the record's totals.
    predicate vpool_larges_from{L}(vpool_t *p, struct vpool_large *l,
                                   struct vpool_large *prev, integer k,
                                   integer bytes, integer held) =
      l == \null ?
        (k == 0 && bytes == p->large_bytes && held == p->large_held) :
        (k > 0 && l->prev == prev && l->base != \null &&
         !(l->mem < l->base) && l->mem - l->base <= l->size &&
         l->requested != 0 && l->requested <= l->size - (l->mem - l->base) &&
         bytes + l->requested <= SIZE_MAX && held + l->size <= SIZE_MAX &&
         vpool_larges_from(p, l->next, l, k - 1, bytes + l->requested,
                           held + l->size));

    predicate vpool_large_list_valid{L}(vpool_t *p) =
      vpool_larges_from(p, p->large, \null, p->nlarge, 0, 0);

    // Pending records among the first n slots of p's cleanup stack.
    logic integer vpool_cl_pending{L}(vpool_t *p, integer n) =
      n <= 0 ? 0 :
      vpool_cl_pending(p, n - 1) + (p->cl[n - 1].state == VPOOL_CL_PENDING ? 1 : 0);

    predicate vpool_cleanup_stack_valid{L}(vpool_t *p) =
      p->ncl <= p->capcl && (p->cl == \null <==> p->capcl == 0) &&
      (\forall integer i; 0 <= i < p->ncl ==>
         (p->cl[i].state == VPOOL_CL_PENDING && p->cl[i].fn != \null) ||
         p->cl[i].state == VPOOL_CL_DONE) &&
      vpool_cl_pending(p, p->ncl) == p->npending;

    // The children from c on (prev before it, k left): live, of p, linked
    // back, in p's tree.
    predicate vpool_children_from{L}(vpool_t *p, vpool_t *c, vpool_t *prev,
                                     integer k) =
      c == \null ? k == 0 :
        (k > 0 && c->magic == VPOOL_MAGIC && c->parent == p && c->prev == prev &&
         c->root == p->root && vpool_children_from(p, c->next, c, k - 1));

    predicate vpool_tree_links_valid{L}(vpool_t *p) =
      p->root != \null && p->root->magic == VPOOL_MAGIC && p->root->root == p->root &&
      (p->parent == \null <==> p->root == p) &&
      (p->parent != \null ==>
         p->parent->magic == VPOOL_MAGIC && p->parent->root == p->root) &&
      vpool_children_from(p, p->child, \null, p->nchildren);

    // held is exactly the records and payloads p owns, of which the large
    // areas' part holds the bytes asked for them; a root's caches are
    // within their bounds.
    predicate vpool_accounting_valid{L}(vpool_t *p) =
      VPOOL_MIN_BLOCK_SIZE <= p->block_size <= VPOOL_MAX_BLOCK_SIZE &&
      p->small_max <= p->block_size / 4 && p->held <= p->limit &&
      p->large_bytes <= p->large_held &&
      p->held == sizeof(struct vpool) +
                 p->nblocks * (sizeof(struct vpool_block) + p->block_size) +
                 p->nlarge * sizeof(struct vpool_large) + p->large_held +
                 p->capcl * sizeof(struct vpool_cleanup_rec) &&
      (p->root == p ==>
         p->ncache <= p->cache_max && p->npool_cache <= p->cache_max &&
         p->nlrec_cache <= p->cache_max && p->ncl_cache <= p->cache_max &&
         p->ncl_cache <= VPOOL_CL_CACHE_MAX &&
         p->nlarea_cache <= VPOOL_LAREA_CACHE_MAX);

    // p's root lists at most VPOOL_CL_CACHE_MAX free cleanup arrays, none
    // NULL, none twice, none of them p's array in use: the part of
    // vpool_cl_distinct (cleanup.h) that C can test, which compares
    // pointers where the ACSL states separation (vpool__lemma_cl_cache_valid
    // derives this from vpool_cl_cache_ok). The count is bounded here, not
    // only in the root's vpool_accounting_valid, because a child's check
    // reads its root's array too.
    predicate vpool_cl_cache_valid{L}(vpool_t *p) =
      p->root->ncl_cache <= VPOOL_CL_CACHE_MAX &&
      \forall integer k; 0 <= k < p->root->ncl_cache ==>
        p->root->cl_cache[k] != \null &&
        (p->capcl > 0 ==> p->root->cl_cache[k] != p->cl) &&
        \forall integer j; 0 <= j < k ==> p->root->cl_cache[j] != p->root->cl_cache[k];

    // The root's spare-record lists from their heads: exactly k records
    // each (so a cyclic or overlong list, or a count that drifted, fails),
    // a cached block with a payload of a size a pool may have, a cached
    // pool record dead (vpool__pool_rec_release marks it), so never
    // handed out while live. The value-level part of what draining them
    // needs (vpool_caches_drainable, caches.h: each list ends within its
    // count; its memory facts are vpool_readable's here).
    predicate vpool_cached_blocks{L}(struct vpool_block *b, integer k) =
      b == \null ? k == 0 :
        (k > 0 && b->mem != \null &&
         VPOOL_MIN_BLOCK_SIZE <= b->size <= VPOOL_MAX_BLOCK_SIZE &&
         vpool_cached_blocks(b->next, k - 1));

    predicate vpool_cached_pools{L}(vpool_t *r, integer k) =
      r == \null ? k == 0 :
        (k > 0 && r->magic == VPOOL_DEAD && vpool_cached_pools(r->next, k - 1));

    predicate vpool_cached_lrecs{L}(struct vpool_large *l, integer k) =
      l == \null ? k == 0 : (k > 0 && vpool_cached_lrecs(l->next, k - 1));

    // Entry i of the root r's area cache: a record with bytes, not listed
    // before.
    predicate vpool_larea_ok{L}(vpool_t *r, integer i) =
      r->larea[i] != \null && r->larea[i]->base != \null && r->larea[i]->size > 0 &&
      \forall integer j; 0 <= j < i ==> r->larea[j] != r->larea[i];

    // The bytes of the root r's first n cached areas.
    logic integer vpool_larea_sum{L}(vpool_t *r, integer n) =
      n <= 0 ? 0 : vpool_larea_sum(r, n - 1) + r->larea[n - 1]->size;

    // The room left plus the cached bytes is the budget vpool_create gave
    // (larea_budget, stored then: stated with cache_max * block_size
    // instead, no prover could show it of a concrete fresh root; measured,
    // eighteenth session). A cached area that was never counted, or a room
    // not given back when an area leaves the cache, breaks it.
    predicate vpool_larea_budget_ok{L}(vpool_t *r) =
      r->larea_room + vpool_larea_sum(r, r->nlarea_cache) == r->larea_budget;

    // The root r's cached large areas: within the array, each a record
    // with bytes, none listed twice, and within the budget.
    predicate vpool_areas_valid{L}(vpool_t *r) =
      r->nlarea_cache <= VPOOL_LAREA_CACHE_MAX &&
      (\forall integer i; 0 <= i < r->nlarea_cache ==> vpool_larea_ok(r, i)) &&
      vpool_larea_budget_ok(r);

    // A root's three lists hold exactly their counts and its area cache
    // is consistent; a child's own cache fields are empty (every cache is
    // its root's: a record a child kept would never be drained).
    predicate vpool_caches_valid{L}(vpool_t *p) =
      p->root == p ?
        (vpool_cached_blocks(p->cache, p->ncache) &&
         vpool_cached_pools(p->pool_cache, p->npool_cache) &&
         vpool_cached_lrecs(p->lrec_cache, p->nlrec_cache) &&
         vpool_areas_valid(p)) :
        (p->cache == \null && p->ncache == 0 && p->pool_cache == \null &&
         p->npool_cache == 0 && p->lrec_cache == \null && p->nlrec_cache == 0 &&
         p->nlarea_cache == 0 && p->ncl_cache == 0);

    // The invariant, conjunct for conjunct vpool_check's.
    predicate vpool_valid{L}(vpool_t *p) =
      vpool_tree_links_valid(p) && vpool_block_chain_valid(p) &&
      vpool_large_list_valid(p) && vpool_cleanup_stack_valid(p) &&
      vpool_cl_cache_valid(p) && vpool_caches_valid(p) &&
      vpool_accounting_valid(p);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): the
 * cache invariant the proofs keep (vpool_cl_cache_ok, part of vpool_ready
 * and vpool_cl_add_ready) implies the conjunct vpool_check tests: valid
 * arrays are not NULL, and separated non-empty arrays start at different
 * addresses. */
/*@ ghost
  /@ requires \valid_read(p) && \valid_read(p->root);
     requires vpool_cl_array_ok(p) && vpool_cl_cache_ok(p);
     assigns \nothing;
     ensures checked: vpool_cl_cache_valid(p);
  @/
  void vpool__lemma_cl_cache_valid(vpool_t *p);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): the
 * pending records among the first n slots number at most n, and at least
 * one if any of them is pending (the induction on n that vpool_cl_pending's
 * recursion hides from the provers). With an exact count
 * (vpool_cleanup_stack_valid) it gives the bounds vpool_cl_ready and
 * vpool_cl_add_ready state: npending <= ncl, and npending > 0 while a
 * pending record is on the stack. */
/*@ ghost
  /@ requires \valid(p) && vpool_cl_array_ok(p) && n <= p->ncl;
     assigns \nothing;
     ensures at_most: vpool_cl_pending(p, n) <= n;
     ensures some: \forall integer i; 0 <= i < n ==>
       p->cl[i].state == VPOOL_CL_PENDING ==> vpool_cl_pending(p, n) > 0;
  @/
  void vpool__lemma_cl_pending(vpool_t *p, size_t n);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): an
 * empty cleanup stack (as vpool__init leaves it) is valid. vpool_create
 * calls it in ghost code, so a new pool starts with the exact pending
 * count that vpool_cleanup_add and vpool_cleanup_kill keep. */
/*@ ghost
  /@ requires \valid(p);
     requires fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
     assigns \nothing;
     ensures stack: vpool_cleanup_stack_valid(p);
  @/
  void vpool__lemma_fresh_stack(vpool_t *p);
*/

/*@ // What vpool_check reads, as far as the recorded counts let it: the
    // memory-safety facts C cannot test. Nothing about the values.
    predicate vpool_blocks_readable{L}(struct vpool_block *b, integer k) =
      k <= 0 || b == \null ||
      (\valid_read(b) && vpool_blocks_readable(b->next, k - 1));

    // mem and base point into one object, at most PTRDIFF_MAX apart: C
    // orders and subtracts only such pointers.
    predicate vpool_larges_readable{L}(struct vpool_large *l, integer k) =
      k <= 0 || l == \null ||
      (\valid_read(l) && \base_addr(l->mem) == \base_addr(l->base) &&
       l->mem - l->base <= PTRDIFF_MAX &&
       vpool_larges_readable(l->next, k - 1));

    predicate vpool_children_readable{L}(vpool_t *c, integer k) =
      k <= 0 || c == \null ||
      (\valid_read(c) && vpool_children_readable(c->next, k - 1));

    predicate vpool_lrecs_readable{L}(struct vpool_large *l, integer k) =
      k <= 0 || l == \null ||
      (\valid_read(l) && vpool_lrecs_readable(l->next, k - 1));

    // The root's cached blocks, pool records and large records (the
    // lists vpool_caches_valid walks) and its cached areas' records.
    predicate vpool_caches_readable{L}(vpool_t *p) =
      vpool_blocks_readable(p->cache, p->ncache) &&
      vpool_children_readable(p->pool_cache, p->npool_cache) &&
      vpool_lrecs_readable(p->lrec_cache, p->nlrec_cache) &&
      \forall integer i; 0 <= i < p->nlarea_cache && i < VPOOL_LAREA_CACHE_MAX ==>
        p->larea[i] == \null || \valid_read(p->larea[i]);

    predicate vpool_readable{L}(vpool_t *p) =
      \valid_read(p) && (p->root == \null || \valid_read(p->root)) &&
      (p->parent == \null || \valid_read(p->parent)) &&
      vpool_blocks_readable(p->first, p->nblocks) &&
      vpool_larges_readable(p->large, p->nlarge) &&
      (p->cl == \null || \valid_read(p->cl + (0 .. p->capcl - 1))) &&
      vpool_children_readable(p->child, p->nchildren) &&
      vpool_caches_readable(p);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): a
 * record as vpool_create leaves it (vpool__init's fresh_* clauses, its own
 * root, its area room the whole budget) satisfies the structural invariant
 * vpool_valid, part for part, and is readable as far as vpool_check walks.
 * vpool_create calls it in ghost code, so a new pool is one vpool_check
 * accepts (the witness vpool_witness_create_check proves the call). */
/*@ ghost
  /@ requires \valid(p) && p->root == p;
     requires fresh_sizes: VPOOL_FRESH_SIZES(p) && p->small_max <= p->block_size / 4;
     requires fresh_blocks: VPOOL_FRESH_BLOCKS(p);
     requires fresh_large: VPOOL_FRESH_LARGE(p);
     requires fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
     requires fresh_caches: p->cache == \null && p->ncache == 0 &&
       p->lrec_cache == \null && p->nlrec_cache == 0 &&
       p->ncl_cache == 0 && p->nlarea_cache == 0;
     requires fresh_tree: p->parent == \null && p->child == \null &&
       p->nchildren == 0 && p->pool_cache == \null && p->npool_cache == 0;
     requires budget: p->larea_room == p->larea_budget;
     assigns \nothing;
     ensures valid: vpool_valid(p);
     ensures readable: vpool_readable(p);
  @/
  void vpool__lemma_fresh_valid(vpool_t *p);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): a new
 * child as vpool__child_make leaves it (empty, linked under a live parent
 * of a live root, with the cache check of its root's arrays, which
 * vpool__lemma_cl_cache_valid gives of a ready pool) satisfies
 * vpool_valid and is readable as far as vpool_check walks. */
/*@ ghost
  /@ requires \valid(p) && \valid_read(p->root) && \valid_read(p->parent) && p->root != p;
     requires tree: p->magic == VPOOL_MAGIC && p->root->magic == VPOOL_MAGIC &&
       p->root->root == p->root && p->parent->magic == VPOOL_MAGIC &&
       p->parent->root == p->root && p->child == \null && p->nchildren == 0;
     requires fresh_sizes: VPOOL_FRESH_SIZES(p) && p->small_max <= p->block_size / 4;
     requires fresh_blocks: VPOOL_FRESH_BLOCKS(p);
     requires fresh_large: VPOOL_FRESH_LARGE(p);
     requires fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
     requires fresh_caches: p->cache == \null && p->ncache == 0 &&
       p->lrec_cache == \null && p->nlrec_cache == 0 &&
       p->ncl_cache == 0 && p->nlarea_cache == 0 &&
       p->pool_cache == \null && p->npool_cache == 0;
     requires arrays: vpool_cl_cache_valid(p);
     assigns \nothing;
     ensures valid: vpool_valid(p);
     ensures readable: vpool_readable(p);
  @/
  void vpool__lemma_child_valid(vpool_t *p);
*/

#endif
