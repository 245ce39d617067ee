/*
 * Concept: one block (record + payload) in a consistent state, and the
 * freshness of a carved range. Part of vpool_block_chain_valid.
 */
#ifndef VPOOL_PROOF_BLOCK_H
#define VPOOL_PROOF_BLOCK_H

/*@ predicate vpool_block_ok{L}(struct vpool_block *b) =
      \valid(b) &&
      0 < b->size <= VPOOL_MAX_BLOCK_SIZE && b->used <= b->size &&
      b->mis < VPOOL_INBLOCK_MAX_ALIGN && b->mis % VPOOL_ALIGNMENT_L == 0 &&
      \valid(b->mem + (0 .. b->size - 1)) &&
      \separated(b, b->mem + (0 .. b->size - 1)) &&
      vpool_aligned(b->mem - b->mis, VPOOL_INBLOCK_MAX_ALIGN);

    // The payload of b is disjoint from the pool record p.
    predicate vpool_block_apart{L}(vpool_t *p, struct vpool_block *b) =
      \separated(p, b) && \separated(p, b->mem + (0 .. b->size - 1));

    // r[0 .. n-1] is the part of b between offsets lo and hi, which was
    // unused before (lo was b->used): it overlaps no earlier allocation.
    predicate vpool_carved{L}(struct vpool_block *b, unsigned char *r,
                              integer n, integer lo, integer hi) =
      lo <= r - b->mem && r - b->mem + n <= hi && hi <= b->size &&
      \valid(r + (0 .. n - 1)) &&
      \separated(r + (0 .. n - 1), b);
*/

#endif
