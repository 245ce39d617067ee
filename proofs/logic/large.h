/*
 * Concept: one large allocation record and the memory it owns (part of
 * vpool_large_list_valid), and the spare records the root keeps for reuse
 * (its record cache and its area cache).
 */
#ifndef VPOOL_PROOF_LARGE_H
#define VPOOL_PROOF_LARGE_H

/*@ predicate vpool_large_ok{L}(struct vpool_large *l) =
      \valid(l) && 0 < l->requested && l->base <= l->mem &&
      l->mem - l->base + l->requested <= l->size &&
      \valid(l->base + (0 .. l->size - 1)) &&
      \separated(l, l->base + (0 .. l->size - 1));

    // A spare record (root's record cache): valid and apart from p, its root
    // and p's newest large record, so handing it out overwrites nothing live.
    predicate vpool_lrec_spare{L}(vpool_t *p, struct vpool_large *l) =
      \valid(l) && \separated(l, p) && \separated(l, p->root) &&
      (p->large == \null || \separated(l, p->large));

    // A spare record that keeps its area of l->size bytes (root's area
    // cache); the area is apart from the records too.
    predicate vpool_larea_spare{L}(vpool_t *p, struct vpool_large *l) =
      vpool_lrec_spare(p, l) && 0 < l->size &&
      \valid(l->base + (0 .. l->size - 1)) &&
      \separated(l, l->base + (0 .. l->size - 1)) &&
      \separated(p, l->base + (0 .. l->size - 1)) &&
      \separated(p->root, l->base + (0 .. l->size - 1)) &&
      (p->large == \null || \separated(p->large, l->base + (0 .. l->size - 1)));

    // The root's record cache as the large path reads it: its head.
    predicate vpool_lrec_cache_ok{L}(vpool_t *p) =
      \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
      (p->root->lrec_cache == \null ||
        (p->root->nlrec_cache > 0 && vpool_lrec_spare(p, p->root->lrec_cache)));

    // What the large-allocation path needs from p's root.
    predicate vpool_large_caches_ok{L}(vpool_t *p) =
      vpool_lrec_cache_ok(p) &&
      p->root->nlarea_cache <= VPOOL_LAREA_CACHE_MAX &&
      \forall integer i; 0 <= i < p->root->nlarea_cache ==>
        vpool_larea_spare(p, p->root->larea[i]) &&
        // the cached sizes add up to at most SIZE_MAX - larea_room, so
        // taking any one back into the room does not wrap
        p->root->larea[i]->size <= SIZE_MAX - p->root->larea_room;

    // l is one of p's live large records, linked after prev: consistent,
    // apart from p, its root and the bytes it owns, within p's totals, and
    // apart from both neighbours (part of vpool_large_list_valid).
    predicate vpool_large_mine{L}(vpool_t *p, struct vpool_large *prev,
                                  struct vpool_large *l) =
      vpool_large_ok(l) && 0 < l->size && l->prev == prev &&
      \separated(l, p) && \separated(l, p->root) &&
      \separated(p, l->base + (0 .. l->size - 1)) &&
      \separated(p->root, l->base + (0 .. l->size - 1)) &&
      l->requested <= p->large_bytes && l->size <= p->large_held &&
      l->size <= SIZE_MAX - sizeof(struct vpool_large) &&
      l->size + sizeof(struct vpool_large) <= p->held &&
      (prev == \null || \separated(prev, l)) &&
      (l->next == \null || \separated(l->next, l)) &&
      (prev != \null && l->next != \null ==> \separated(prev, l->next));

    // Following next from l (whose predecessor is prev) reaches NULL within
    // k steps through live large records of p, each linked back to the one
    // before. Recursion on the integer k, so the definition is well founded.
    predicate vpool_large_le{L}(vpool_t *p, struct vpool_large *prev,
                                struct vpool_large *l, integer k) =
      k >= 0 &&
      (l == \null ||
       (k > 0 && vpool_large_mine(p, prev, l) && vpool_large_le(p, l, l->next, k - 1)));

    // One of the k records from l onwards serves ptr (its mem).
    predicate vpool_large_holds{L}(struct vpool_large *l, char *ptr, integer k) =
      k > 0 && l != \null && (l->mem == ptr || vpool_large_holds(l->next, ptr, k - 1));

    // x is one of the first k records from l (following next).
    predicate vpool_large_in{L}(struct vpool_large *l, struct vpool_large *x, integer k) =
      k > 0 && l != \null && (l == x || vpool_large_in(l->next, x, k - 1));

    // Each of the first k records from l is apart from every record after
    // it (so none comes back later in the list), as vpool_chain_apart for
    // blocks. Recursion on the integer k, so the definition is well founded.
    predicate vpool_large_apart{L}(struct vpool_large *l, integer k) =
      k <= 0 || l == \null ||
      ((\forall struct vpool_large *x; vpool_large_in(l->next, x, k - 1) ==>
          \separated(l, x)) &&
       vpool_large_apart(l->next, k - 1));

    // The part of vpool_large_mine that does not depend on the record's
    // place in the list: consistent, apart from p, its root and the bytes it
    // owns, its size plus a record's within a size_t.
    predicate vpool_large_owned{L}(vpool_t *p, struct vpool_large *l) =
      vpool_large_ok(l) && 0 < l->size &&
      \separated(l, p) && \separated(l, p->root) &&
      \separated(p, l->base + (0 .. l->size - 1)) &&
      \separated(p->root, l->base + (0 .. l->size - 1)) &&
      l->size <= SIZE_MAX - sizeof(struct vpool_large);

    // What vpool_free needs from a live pool: its root, and its large list
    // of at most nlarge records from the head.
    predicate vpool_free_ready{L}(vpool_t *p) =
      \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
      vpool_large_le(p, \null, p->large, p->nlarge);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): every
 * record of a large list that ends within k records is one of p's
 * (vpool_large_owned), as one fact about all of them; see
 * vpool__lemma_chain_mine for why a walk needs it. */
/*@ ghost
  /@ requires vpool_large_le(p, prev, l, k);
     assigns \nothing;
     ensures all_owned: \forall struct vpool_large *x; vpool_large_in(l, x, k) ==>
       vpool_large_owned(p, x);
  @/
  void vpool__lemma_large_owned(vpool_t *p, struct vpool_large *prev,
                                struct vpool_large *l, size_t k);
*/

#endif
