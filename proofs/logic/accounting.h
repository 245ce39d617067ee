/*
 * Concept: the byte counters of one pool, as far as they are local to the
 * pool record (part of vpool_accounting_valid). Bounds every counter by
 * `held`, which the charge check keeps <= limit <= SIZE_MAX: this is what
 * makes each `+=` on them wrap-free.
 */
#ifndef VPOOL_PROOF_ACCOUNTING_H
#define VPOOL_PROOF_ACCOUNTING_H

/*@ predicate vpool_counters_ok{L}(vpool_t *p) =
      p->held <= p->limit &&
      p->nlarge <= p->large_held &&
      p->large_bytes <= p->large_held &&
      p->large_held <= p->held;
*/

/* Lemma function (proven with the gated set, defined in
 * proofs/witnesses.c): multiplication is monotonic, which the provers find
 * in a context this small but not inside a walk's goals. */
/*@ ghost
  /@ requires 0 <= a <= b;
     assigns \nothing;
     ensures a * c <= b * c;
  @/
  void vpool__lemma_mul_mono(size_t a, size_t b, size_t c);
*/

#endif
