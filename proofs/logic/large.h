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

    // The area cache from l on: at most k spare records with areas whose
    // sizes add up to at most budget (the root's larea_room grows by a
    // taken area's size, so budget = SIZE_MAX - larea_room keeps it from
    // wrapping). Recursion on k keeps the definition well founded.
    predicate vpool_larea_list{L}(vpool_t *p, struct vpool_large *l,
                                  integer k, integer budget) =
      k >= 0 &&
      (l == \null ||
       (k > 0 && vpool_larea_spare(p, l) && l->size <= budget &&
        vpool_larea_list(p, l->next, k - 1, budget - l->size)));

    // What the large-allocation path needs from p's root.
    predicate vpool_large_caches_ok{L}(vpool_t *p) =
      \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
      (p->root->lrec_cache == \null ||
        (p->root->nlrec_cache > 0 && vpool_lrec_spare(p, p->root->lrec_cache))) &&
      p->root->nlarea_cache <= VPOOL_LAREA_CACHE_MAX &&
      vpool_larea_list(p, p->root->larea_cache, p->root->nlarea_cache,
                       SIZE_MAX - p->root->larea_room);
*/

#endif
