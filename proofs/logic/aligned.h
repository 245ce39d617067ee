/*
 * Concept: alignment of payload pointers (trusted base item T2).
 *
 * WP cannot relate (uintptr_t)p to pointer arithmetic, so alignment is an
 * abstract predicate: vpool_aligned(q, a) reads "the address of q is a
 * multiple of a". Its only facts are
 *   - vpool__addr_rem's contract (port.h): p - vpool__addr_rem(p, m) is
 *     m-aligned, the base case coming from the one function that reads an
 *     address as an integer;
 *   - the transfer axiom below: from a base aligned to a1, moving by k keeps
 *     a2-alignment (a2 dividing a1) exactly when k is a multiple of a2.
 * Model showing consistency: vpool_aligned(q, a) := a > 0 && addr(q) mod a = 0
 * with addr(q + k) = addr(q) + k. The predicate is never linked to
 * (uintptr_t) casts, so WP's address bijection is untouched.
 */
#ifndef VPOOL_PROOF_ALIGNED_H
#define VPOOL_PROOF_ALIGNED_H

/*@ axiomatic VpoolAligned {
      predicate vpool_aligned(char *q, integer a);

      axiom vpool_aligned_transfer:
        \forall char *q, integer a1, a2, k;
          vpool_aligned(q, a1) && a2 > 0 && a1 % a2 == 0 ==>
            (vpool_aligned(q + k, a2) <==> k % a2 == 0);
    }

    // The alignments an in-block allocation may ask for: the powers of two
    // dividing VPOOL_INBLOCK_MAX_ALIGN, spelled out so that every modulus
    // in the padding arithmetic is a constant for the provers.
    predicate vpool_small_align(integer a) =
      a == 1 || a == 2 || a == 4 || a == 8 || a == 16 || a == 32 ||
      a == 64 || a == 128 || a == 256 || a == 512 || a == 1024 ||
      a == 2048 || a == 4096;

*/

#endif
