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
*/

#endif
