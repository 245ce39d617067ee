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

    // Handle h names slot i of p's stack, which holds a pending record of
    // h's generation (what vpool__cl_find looks for).
    predicate vpool_cl_names{L}(vpool_t *p, vpool_cleanup_t h, integer i) =
      0 <= i < p->ncl && i == h % 4294967296 - 1 &&
      p->cl[i].gen == h / 4294967296 && p->cl[i].state == VPOOL_CL_PENDING;

    // What cleanup kill/run need: the array, and a pending count that is
    // positive whenever a pending record exists (part of
    // vpool_cleanup_stack_valid, which states the exact count).
    predicate vpool_cl_ready{L}(vpool_t *p) =
      vpool_cl_array_ok(p) && p->npending <= p->ncl &&
      \forall integer i; 0 <= i < p->ncl ==>
        p->cl[i].state == VPOOL_CL_PENDING ==> p->npending > 0;

    // The root r's cached cleanup arrays are apart from each other, so no
    // two pools of the tree are handed the same one. (The count's bound is
    // repeated from vpool_cl_cache_ok: a store apart from r is apart from
    // its array's entries only at indices inside it.)
    predicate vpool_arrays_distinct{L}(vpool_t *r) =
      r->ncl_cache <= VPOOL_CL_CACHE_MAX &&
      \forall integer j, k; 0 <= j < k < r->ncl_cache ==>
        \separated(r->cl_cache[j] + (0 .. VPOOL_CL_MIN_CAP - 1),
                   r->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1));

    // p's cleanup array is not one its root still lists as free, and the
    // listed ones are apart from each other: what taking an array from
    // the cache (vpool__cl_reserve) and giving one back
    // (vpool__cl_release) keep.
    predicate vpool_cl_distinct{L}(vpool_t *p) =
      vpool_arrays_distinct(p->root) &&
      (p->capcl > 0 ==>
        \forall integer k; 0 <= k < p->root->ncl_cache ==>
          \separated(p->cl + (0 .. p->capcl - 1),
                     p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1)));

    // The root's free first-size cleanup stacks, as p may take one: each holds
    // VPOOL_CL_MIN_CAP records apart from p, its root and what p's allocation
    // reads (logic/avoid.h; part of vpool_accounting_valid's cache bounds),
    // and they are apart from each other and from p's array in use
    // (vpool_cl_distinct).
    predicate vpool_cl_cache_ok{L}(vpool_t *p) =
      p->root->ncl_cache <= VPOOL_CL_CACHE_MAX &&
      (\forall integer k; 0 <= k < p->root->ncl_cache ==>
        \valid(p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1)) &&
        \separated(p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1), p) &&
        \separated(p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1), p->root) &&
        vpool_cl_avoids(p, p->root->cl_cache[k], VPOOL_CL_MIN_CAP)) &&
      vpool_cl_distinct(p);

    // What registering a cleanup needs: the array apart from the root and
    // from what allocation reads (logic/avoid.h), the cache, and the
    // stack's bytes counted in held (vpool_accounting_valid).
    predicate vpool_cl_add_ready{L}(vpool_t *p) =
      \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
      vpool_cl_array_ok(p) && p->npending <= p->ncl &&
      p->held <= p->limit &&
      p->capcl * sizeof(struct vpool_cleanup_rec) <= p->held &&
      (p->capcl > 0 ==> \separated(p->root, p->cl + (0 .. p->capcl - 1)) &&
                        vpool_cl_avoids(p, p->cl, p->capcl)) &&
      vpool_cl_cache_ok(p);
*/

/* Lemma function (proven with the gated set, in proofs/witnesses.c): a
 * pool that can register (vpool_cl_add_ready, which vpool_cleanup_add and
 * vpool_cleanup_kill keep) and has a cleanup array (a record on its stack,
 * or capacity) satisfies vpool_alloc_avoids, so an allocation after the
 * registration or kill writes no record of that array
 * (VPOOL_ALLOC_ASSIGNS): the array avoids what allocation reads and writes
 * (vpool_cl_avoids). A lemma rather than a postcondition of those two
 * functions: stated there, it made a later goal of
 * vpool_witness_cleanup_add (vpool_cl_distinct after three registrations
 * and a kill) time out on all three provers, a goal that proves in 5.7 s
 * without it (measured). */
/*@ ghost
  /@ requires \valid(p);
     requires nonempty: p->capcl > 0 || p->ncl > 0;
     requires add_ready: vpool_cl_add_ready(p);
     assigns \nothing;
     ensures alloc_avoids: vpool_alloc_avoids(p);
  @/
  void vpool__lemma_cl_alloc_avoids(vpool_t *p);
*/

#endif
