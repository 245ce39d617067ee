/*
 * Concept: one block (record + payload) in a consistent state, and the
 * freshness of a carved range. Part of vpool_block_chain_valid.
 */
#ifndef VPOOL_PROOF_BLOCK_H
#define VPOOL_PROOF_BLOCK_H

/*@ predicate vpool_block_ok{L}(struct vpool_block *b) =
      \valid(b) &&
      0 < b->size <= VPOOL_MAX_BLOCK_SIZE && b->used <= b->size &&
      b->requested <= b->used &&
      b->mis < VPOOL_INBLOCK_MAX_ALIGN && b->mis % VPOOL_ALIGNMENT_L == 0 &&
      \valid(b->mem + (0 .. b->size - 1)) &&
      \separated(b, b->mem + (0 .. b->size - 1)) &&
      vpool_aligned(b->mem - b->mis, VPOOL_INBLOCK_MAX_ALIGN);

    // Padding that aligns the next allocation in b to align (a power of
    // two dividing VPOOL_INBLOCK_MAX_ALIGN), on offsets: see vpool__pad.
    logic integer vpool_pad_l{L}(struct vpool_block *b, integer align) =
      (align - (b->mis + b->used) % align) % align;

    // The payload of b is disjoint from the pool record p.
    predicate vpool_block_apart{L}(vpool_t *p, struct vpool_block *b) =
      \separated(p, b) && \separated(p, b->mem + (0 .. b->size - 1));

    // r[0 .. n-1] is the part of b between offsets lo and hi, which was
    // unused before (lo was b->used): it overlaps no earlier allocation.
    predicate vpool_carved{L}(struct vpool_block *b, char *r,
                              integer n, integer lo, integer hi) =
      lo <= r - b->mem && r - b->mem + n <= hi && hi <= b->size &&
      \valid(r + (0 .. n - 1)) &&
      \separated(r + (0 .. n - 1), b);
*/

/*@ // b is one of p's blocks: consistent, standard size, disjoint from p and
    // from the root record (which holds the block cache).
    predicate vpool_block_mine{L}(vpool_t *p, struct vpool_block *b) =
      vpool_block_ok(b) && vpool_block_apart(p, b) &&
      \separated(p->root, b) && \separated(p->root, b->mem + (0 .. b->size - 1)) &&
      b->size == p->block_size;

    // A cached block as another pool of the tree may take it: consistent
    // and apart from p and the root, but of any pool's block size.
    predicate vpool_block_spare{L}(vpool_t *p, struct vpool_block *b) =
      vpool_block_ok(b) && vpool_block_apart(p, b) &&
      \separated(p->root, b) && \separated(p->root, b->mem + (0 .. b->size - 1));

    // Following next from b reaches NULL within k steps, through blocks of
    // p only (the part of vpool_block_chain_valid that the walk needs).
    // Recursion on the integer k, so the definition is well founded.
    predicate vpool_chain_le{L}(vpool_t *p, struct vpool_block *b, integer k) =
      k >= 0 &&
      (b == \null ||
       (k > 0 && vpool_block_mine(p, b) && vpool_chain_le(p, b->next, k - 1)));

    // x is one of the first k blocks from b (following next).
    predicate vpool_in_chain{L}(struct vpool_block *b, struct vpool_block *x, integer k) =
      k > 0 && b != \null && (b == x || vpool_in_chain(b->next, x, k - 1));

    // Each of the first k blocks from b is apart from every block after it
    // (so none comes back later in the chain): what a walk that writes the
    // links it has passed needs to know the blocks ahead are untouched.
    // Recursion on the integer k, so the definition is well founded.
    predicate vpool_chain_apart{L}(struct vpool_block *b, integer k) =
      k <= 0 || b == \null ||
      ((\forall struct vpool_block *x; vpool_in_chain(b->next, x, k - 1) ==>
          \separated(b, x)) &&
       vpool_chain_apart(b->next, k - 1));

    // What creating a block needs from p: its sizes, its root, the root's
    // block cache (first cached block usable), the newest block.
    predicate vpool_grow_ok{L}(vpool_t *p) =
      \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
      vpool_counters_ok(p) &&
      VPOOL_MIN_BLOCK_SIZE <= p->block_size <= VPOOL_MAX_BLOCK_SIZE &&
      p->small_max <= p->block_size / 2 && p->nblocks < SIZE_MAX &&
      (p->last == \null ||
        (\valid(p->last) && \separated(p, p->last) && \separated(p->root, p->last))) &&
      (p->root->cache == \null ||
        (p->root->ncache > 0 && vpool_block_spare(p, p->root->cache) &&
         (p->last == \null || \separated(p->last, p->root->cache))));
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): every
 * block of a chain that ends within k blocks of p is one of p's
 * (vpool_block_mine), as a fact about all of them at once, which a walk
 * that writes the chain's blocks needs before it starts (the provers do not
 * do the induction on k that vpool_chain_le's recursion hides). */
/*@ ghost
  /@ requires vpool_chain_le(p, b, k);
     assigns \nothing;
     ensures all_mine: \forall struct vpool_block *x; vpool_in_chain(b, x, k) ==>
       vpool_block_mine(p, x);
  @/
  void vpool__lemma_chain_mine(vpool_t *p, struct vpool_block *b, size_t k);
*/

#endif
