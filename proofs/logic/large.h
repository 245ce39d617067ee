/*
 * Concept: one large allocation record and the memory it owns (part of
 * vpool_large_list_valid).
 */
#ifndef VPOOL_PROOF_LARGE_H
#define VPOOL_PROOF_LARGE_H

/*@ predicate vpool_large_ok{L}(struct vpool_large *l) =
      \valid(l) && 0 < l->requested && l->base <= l->mem &&
      l->mem - l->base + l->requested <= l->size &&
      \valid(l->base + (0 .. l->size - 1)) &&
      \separated(l, l->base + (0 .. l->size - 1));
*/

#endif
