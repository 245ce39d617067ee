/*
 * Concept: the cleanup stack as an array of records (part of
 * vpool_cleanup_stack_valid).
 */
#ifndef VPOOL_PROOF_CLEANUP_H
#define VPOOL_PROOF_CLEANUP_H

/*@ predicate vpool_cl_array_ok{L}(vpool_t *p) =
      p->ncl <= p->capcl && p->capcl <= 1073741824 &&
      (p->capcl == 0 <==> p->cl == \null) &&
      (p->capcl > 0 ==> \valid(p->cl + (0 .. p->capcl - 1)) &&
                        \separated(p, p->cl + (0 .. p->capcl - 1)));

    // What cleanup kill/run need: the array, and a pending count that is
    // positive whenever a pending record exists (part of
    // vpool_cleanup_stack_valid, which states the exact count).
    predicate vpool_cl_ready{L}(vpool_t *p) =
      vpool_cl_array_ok(p) && p->npending <= p->ncl &&
      \forall integer i; 0 <= i < p->ncl ==>
        p->cl[i].state == VPOOL_CL_PENDING ==> p->npending > 0;
*/

#endif
