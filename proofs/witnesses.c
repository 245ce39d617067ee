/*
 * Non-vacuity witnesses: calls that satisfy the preconditions of the gated
 * functions and reach each of their behaviours, proven together with them.
 * If a contract's preconditions were contradictory, or a behaviour
 * unreachable, a witness below would fail to prove. Compiled only by the
 * proof run (this file includes pool/vpool.c to reach its static functions).
 */
#include "vpool.c"

/*@ ghost
  void vpool__lemma_fresh_ready(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_fresh_parent(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_spare_arrays(vpool_t *r)
  {
  }
*/

/*@ ghost
  void vpool__lemma_cl_alloc_avoids(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_child_ready(vpool_t *p)
  {
    // The cleanup-array part of vpool_ready, in the steps the provers
    // need (as one postcondition it timed out).
    /@ assert arrays: \forall integer k; 0 <= k < p->root->ncl_cache ==>
         vpool_cl_avoids(p, p->root->cl_cache[k], VPOOL_CL_MIN_CAP); @/
    vpool__lemma_spare_arrays(p->root);
    /@ assert arrays_p: \forall integer k; 0 <= k < p->root->ncl_cache ==>
           \separated(p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1), p); @/
    /@ assert arrays_root: \forall integer k; 0 <= k < p->root->ncl_cache ==>
           \separated(p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1), p->root); @/
    /@ assert arrays_ok: vpool_cl_cache_ok(p); @/
    /@ assert own_array: vpool_cl_array_ok(p); @/
  }
*/

/*@ ghost
  void vpool__lemma_cl_cache_valid(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_fresh_stack(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_fresh_valid(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_child_valid(vpool_t *p)
  {
  }
*/

/*@ ghost
  void vpool__lemma_cl_pending(vpool_t *p, size_t n)
  {
    size_t j;
    /@ loop invariant bound: 0 <= j <= n;
       loop invariant at_most: 0 <= vpool_cl_pending(p, j) <= j;
       loop invariant some: \forall integer i; 0 <= i < j ==>
         p->cl[i].state == VPOOL_CL_PENDING ==> vpool_cl_pending(p, j) > 0;
       loop assigns j;
       loop variant n - j;
    @/
    for (j = 0; j < n; j++) {
    }
  }
*/

/*@ ghost
  void vpool__lemma_mul_mono(size_t a, size_t b, size_t c)
  {
  }
*/

/*@ ghost
  void vpool__lemma_chain_mine(vpool_t *p, struct vpool_block *b, size_t k)
  {
    struct vpool_block *c = b;
    size_t j = k;
    /@ loop invariant bound: j <= k;
       loop invariant left: vpool_chain_le(p, c, j);
       loop invariant seen: \forall struct vpool_block *x; vpool_in_chain(b, x, k) ==>
         vpool_in_chain(c, x, j) || vpool_block_mine(p, x);
       loop assigns c, j;
       loop variant j;
    @/
    while (c != NULL) {
      c = c->next;
      j--;
    }
  }
*/

/*@ ghost
  void vpool__lemma_large_owned(vpool_t *p, struct vpool_large *prev,
                                struct vpool_large *l, size_t k)
  {
    struct vpool_large *c = l;
    struct vpool_large *pc = prev;
    size_t j = k;
    /@ loop invariant bound: j <= k;
       loop invariant left: vpool_large_le(p, pc, c, j);
       loop invariant seen: \forall struct vpool_large *x; vpool_large_in(l, x, k) ==>
         vpool_large_in(c, x, j) || vpool_large_owned(p, x);
       loop assigns c, pc, j;
       loop variant j;
    @/
    while (c != NULL) {
      pc = c;
      c = c->next;
      j--;
    }
  }
*/

/* The value the ACSL logic uses for VPOOL_ALIGNMENT (proofs/vpool_proof.h). */
/*@ assigns \nothing; */
void vpool_witness_alignment_constant(void)
{
    size_t a = VPOOL_ALIGNMENT;
    //@ assert a == VPOOL_ALIGNMENT_L;
}

/*@ requires \valid(p) && p->limit == 100 && p->held == 40;
    assigns p->held;
*/
void vpool_witness_charge(vpool_t *p)
{
    int ok = vpool__charge(p, 60);
    //@ assert ok == 1 && p->held == 100;
    ok = vpool__charge(p, 1);
    //@ assert ok == 0 && p->held == 100;
    vpool__uncharge(p, 100);
    //@ assert p->held == 0;
}

/*@ requires \valid(p) && vpool_block_ok(b) && vpool_block_apart(p, b);
    requires \separated(p->root, b->mem + (0 .. b->size - 1));
    requires b->used == 0 && b->requested == 0 && b->size == 256 && b->mis == 32;
    assigns b->used, b->requested;
*/
void vpool_witness_carve(vpool_t *p, struct vpool_block *b)
{
    size_t pad = vpool__pad(b, 64);
    char *r;
    //@ assert pad == 32;
    r = vpool__carve(b, pad, 10) /*@ ghost (p, 64) */;
    //@ assert r == b->mem + 32 && vpool_aligned(r, 64) && b->requested == 10;
    //@ assert root_apart: \separated(r + (0 .. 9), p->root);
}

/* vpool__round rounds an odd offset up to the next VPOOL_ALIGNMENT
 * boundary and keeps an aligned one. */
/*@ requires vpool_block_ok(b) && b->used == 5 && b->size == 64 && b->mis == 0;
    assigns b->used;
*/
void vpool_witness_round(struct vpool_block *b)
{
    size_t up = vpool__round(b);
    size_t same;
    b->used = 32;
    same = vpool__round(b);
    //@ assert up == 16 && same == 32;
}

/*@ requires \valid_read(p) && p->magic == VPOOL_MAGIC;
    assigns \nothing;
*/
void vpool_witness_enter(const vpool_t *p)
{
    int a = vpool__enter(p);
    int b = vpool__enter(NULL);
    //@ assert a == 1 && b == 0;
}

/* vpool__inblock_align is exact: a power of two up to the in-block maximum
 * is accepted, anything else refused. */
/*@ assigns \nothing; */
void vpool_witness_inblock_align(void)
{
    int yes = vpool__inblock_align(64);
    int no = vpool__inblock_align(48);
    int big = vpool__inblock_align(8192);
    //@ assert yes != 0 && no == 0 && big == 0;
}

/* vpool_free frees the live large allocation of a one-record list. */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC && p->root == p;
    requires p->large == l && p->nlarge == 1 && l->next == \null && l->mem == l->base &&
             vpool_large_mine(p, \null, l) && p->capcl == 0;
    assigns p->large, p->nlarge, p->large_bytes, p->large_held, p->held,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room, p->root->lrec_cache, p->root->nlrec_cache,
            { *y | struct vpool_large *y; \separated(y, p) && \separated(y, p->root) },
            { *z | char *z; \separated(z, p) && \separated(z, p->root) };
*/
void vpool_witness_free(vpool_t *p, struct vpool_large *l)
{
    vpool_status_t ok = vpool_free(p, l->mem);
    //@ assert ok == VPOOL_OK && p->nlarge == 0;
}

/* vpool__large_drain: a root with one large allocation gives it back and
 * ends with an empty list, held down by the record and its bytes. */
/*@ requires \valid(p) && p->root == p && p->large == l && p->nlarge == 1;
    requires vpool_large_mine(p, \null, l) && l->next == \null;
    requires p->held == 1000 && l->size == 100 && p->large_held == 100 &&
      p->large_bytes == l->requested && \base_addr(l->mem) == \base_addr(l->base);
    assigns p->large, p->nlarge, p->large_bytes, p->large_held, p->held,
            p->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->nlarea_cache, p->larea_room,
            p->lrec_cache, p->nlrec_cache, l->next, { *c | char *c; \separated(c, p) };
*/
void vpool_witness_large_drain(vpool_t *p, struct vpool_large *l)
{
    //@ assert last: vpool_larges_from(p, \null, l, 0, l->requested, l->size);
    //@ assert order: !(l->mem < l->base);
    //@ assert head: vpool_larges_from(p, l, \null, 1, 0, 0);
    vpool__large_drain(p);
    /*@ assert p->large == \null && p->nlarge == 0 && p->large_bytes == 0 &&
          p->held == 1000 - (sizeof(struct vpool_large) + 100); */
}

/* A root with room for one cached block caches the first block it
 * releases and gives the second back to the backing allocator. */
/*@ requires \valid(p) && p->root == p && p->ncache == 0 && p->cache_max == 1;
    requires vpool_block_ok(b1) && vpool_block_apart(p, b1);
    requires vpool_block_ok(b2) && vpool_block_apart(p, b2);
    requires \separated(b1, b2) && \separated(b1, b2->mem + (0 .. b2->size - 1));
    assigns b1->mem[0 .. b1->used - 1], b2->mem[0 .. b2->used - 1], b1->next,
            b2->next, p->cache, p->ncache;
*/
void vpool_witness_block_release(vpool_t *p, struct vpool_block *b1, struct vpool_block *b2)
{
    vpool__block_release(p, b1, 1);
    //@ assert p->cache == b1 && p->ncache == 1;
    vpool__block_release(p, b2, 1);
    //@ assert p->cache == b1 && p->ncache == 1;
}

/* Teardown pops a finished record (NULL) and then a pending one, which it
 * hands back once, marked done; a slot above the stack (a handler's kill
 * popped below it) leaves the count alone. */
/*@ requires \valid(p) && \valid(p->cl + (0 .. 1)) && \separated(p, p->cl + (0 .. 1));
    requires p->capcl == 2 && p->ncl == 2 && p->npending == 1;
    requires p->cl[0].state == VPOOL_CL_PENDING && p->cl[1].state == VPOOL_CL_DONE;
    assigns p->ncl, p->npending, p->cl[0 .. 1].state;
*/
void vpool_witness_cl_pop(vpool_t *p)
{
    struct vpool_cleanup_rec *cl = p->cl;
    struct vpool_cleanup_rec *r = vpool__cl_pop(p, cl, 1);
    //@ assert r == \null && p->ncl == 1 && p->npending == 1;
    r = vpool__cl_pop(p, cl, 0);
    //@ assert r == cl && r->state == VPOOL_CL_DONE && p->ncl == 0 && p->npending == 0;
    r = vpool__cl_pop(p, cl, 1);
    //@ assert r == \null && p->ncl == 0 && p->npending == 0;
}

/* The run's walk ends and leaves the stack empty and the pool open, for a
 * stack with records and for an empty one (one pool each: after a handler
 * nothing is known of any pool, VPOOL_ANY). */
/*@ requires \valid(p) && \valid(p->cl + (0 .. 1)) && \separated(p, p->cl + (0 .. 1));
    requires p->capcl == 2 && p->ncl == 2 && p->npending == 1;
    requires p->cl[0].state == VPOOL_CL_PENDING && p->cl[1].state == VPOOL_CL_DONE;
    assigns VPOOL_ANY;
*/
void vpool_witness_run_cleanups(vpool_t *p)
{
    vpool__run_cleanups(p);
    //@ assert p->ncl == 0 && p->npending == 0 && (p->flags & VPOOL_F_CLOSING) == 0;
}

/*@ requires \valid(q) && q->capcl == 0 && q->cl == \null && q->ncl == 0;
    assigns VPOOL_ANY;
*/
void vpool_witness_run_cleanups_empty(vpool_t *q)
{
    vpool__run_cleanups(q);
    //@ assert q->ncl == 0 && q->npending == 0;
}

/* A root with room for one cached stack caches its first-size stack (a
 * second release is a no-op); a root with no room frees its stack. */
/*@ requires \valid(p) && p->root == p && p->cache_max == 1 && p->ncl_cache == 0;
    requires \valid(q) && q->root == q && q->cache_max == 0 && q->ncl_cache == 0;
    requires \separated(p, q);
    requires p->capcl == VPOOL_CL_MIN_CAP && p->ncl == 0 &&
      \valid(p->cl + (0 .. VPOOL_CL_MIN_CAP - 1)) &&
      \separated(p, p->cl + (0 .. VPOOL_CL_MIN_CAP - 1)) &&
      p->held == sizeof(struct vpool) + VPOOL_CL_MIN_CAP * sizeof(struct vpool_cleanup_rec);
    requires q->capcl == VPOOL_CL_MIN_CAP && q->ncl == 0 &&
      \valid(q->cl + (0 .. VPOOL_CL_MIN_CAP - 1)) &&
      \separated(q, q->cl + (0 .. VPOOL_CL_MIN_CAP - 1)) &&
      q->held == sizeof(struct vpool) + VPOOL_CL_MIN_CAP * sizeof(struct vpool_cleanup_rec);
    assigns p->cl, p->capcl, p->held, p->cl_cache[0 .. VPOOL_CL_CACHE_MAX - 1], p->ncl_cache,
            q->cl, q->capcl, q->held, q->cl_cache[0 .. VPOOL_CL_CACHE_MAX - 1], q->ncl_cache;
*/
void vpool_witness_cl_release(vpool_t *p, vpool_t *q)
{
    struct vpool_cleanup_rec *arr = p->cl;
    vpool__cl_release(p);
    //@ assert p->cl == \null && p->ncl_cache == 1 && p->cl_cache[0] == arr;
    vpool__cl_release(p);
    //@ assert p->ncl_cache == 1 && p->held == sizeof(struct vpool);
    vpool__cl_release(q);
    //@ assert q->cl == \null && q->ncl_cache == 0 && q->held == sizeof(struct vpool);
}

/* Unlinking the older of two children, then the newer, empties the
 * parent's list. */
/*@ requires \valid(par) && \valid(a) && \valid(b);
    requires \separated(par, a) && \separated(par, b) && \separated(a, b);
    requires par->child == a && par->nchildren == 2;
    requires a->parent == par && a->prev == \null && a->next == b;
    requires b->parent == par && b->prev == a && b->next == \null;
    assigns { *x | vpool_t *x; x == x };
*/
void vpool_witness_child_unlink(vpool_t *par, vpool_t *a, vpool_t *b)
{
    vpool__child_unlink(b);
    //@ assert par->child == a && a->next == \null && par->nchildren == 1;
    vpool__child_unlink(a);
    //@ assert par->child == \null && par->nchildren == 0;
}

/* A root with room for one cached record caches the first dead child's
 * record and frees the second. */
/*@ requires \valid(r) && \valid(c1) && \valid(c2);
    requires \separated(r, c1) && \separated(r, c2) && \separated(c1, c2);
    requires r->cache_max == 1 && r->npool_cache == 0 && r->pool_cache == \null;
    assigns { *x | vpool_t *x; x == x };
*/
void vpool_witness_pool_rec_release(vpool_t *r, vpool_t *c1, vpool_t *c2)
{
    vpool__pool_rec_release(r, c1);
    //@ assert r->pool_cache == c1 && c1->next == \null && r->npool_cache == 1;
    vpool__pool_rec_release(r, c2);
    //@ assert r->pool_cache == c1 && r->npool_cache == 1 && c2->magic == VPOOL_DEAD;
}

/* A dying root with one entry in each cache drains them all. */
/*@ requires \valid(p) && \valid_read(b) && \valid_read(r) && \valid_read(l) &&
      \valid_read(a);
    requires \separated(p, b) && \separated(p, r) && \separated(p, l) && \separated(p, a);
    requires p->cache == b && b->next == \null && p->ncache == 1;
    requires p->pool_cache == r && r->next == \null && p->npool_cache == 1;
    requires p->lrec_cache == l && l->next == \null && p->nlrec_cache == 1;
    requires p->larea[0] == a && p->nlarea_cache == 1 && p->ncl_cache == 2;
    assigns p->cache, p->pool_cache, p->nlarea_cache, p->lrec_cache, p->ncl_cache;
*/
void vpool_witness_root_drain(vpool_t *p, struct vpool_block *b, vpool_t *r,
                              struct vpool_large *l, struct vpool_large *a)
{
    vpool__root_drain(p);
    //@ assert p->cache == \null && p->pool_cache == \null && p->ncl_cache == 0;
}

/* Reset's rewind of a one-block pool empties the block and makes it
 * current. */
/*@ requires \valid(p) && p->first == b && p->nblocks == 1 && p->current == \null;
    requires vpool_block_mine(p, b) && b->next == \null && b->used == 10;
    assigns p->current, b->used, b->requested, b->failed, { *c | char *c; \separated(c, p) };
*/
void vpool_witness_blocks_rewind(vpool_t *p, struct vpool_block *b)
{
    vpool__blocks_rewind(p);
    //@ assert b->used == 0 && b->failed == 0 && p->current == b;
}

/* vpool__blocks_free: a child with one block, its root's cache empty:
 * asked not to cache, the block goes and the cache is as it was; asked to
 * cache (the chain now empty), nothing changes. Both behaviours reached. */
/*@ requires \valid(p) && \valid(r) && \separated(p, r) && p->root == r;
    requires p->first == b && p->nblocks == 1 && b->next == \null;
    requires vpool_block_mine(p, b);
    requires r->cache == \null && r->ncache == 0 && r->cache_max == 4;
    assigns p->first, p->current, p->last, p->nblocks, r->cache, r->ncache, b->next,
            { *c | char *c; \separated(c, p) };
*/
void vpool_witness_blocks_free(vpool_t *p, vpool_t *r, struct vpool_block *b)
{
    vpool__blocks_free(p, 0);
    //@ assert p->first == \null && p->nblocks == 0 && r->cache == \null && r->ncache == 0;
    vpool__blocks_free(p, 1);
    //@ assert p->last == \null && p->current == \null && r->ncache <= 4;
}

/* vpool_cleanup_add keeps the cleanup stack valid (vpool_cleanup_stack_valid)
 * and the pool ready to allocate and to register again, and reaches it: a
 * new pool registers one record (when an array is to be had) and its stack
 * is valid before and after. The calls compose: from vpool_create, each
 * precondition below is discharged by the postconditions of the calls
 * before it (a second registration, a kill, a third registration, an
 * allocation). */
/*@ requires fn != \null;
    assigns VPOOL_ANY;
*/
void vpool_witness_cleanup_add(vpool_cleanup_fn fn)
{
    vpool_cleanup_t h;
    char *m;
    vpool_t *p = vpool_create(NULL);
    if (p == NULL) {
        return;
    }
    //@ assert before: vpool_cleanup_stack_valid(p) && vpool_cl_ready(p);
    h = vpool_cleanup_add(p, fn, NULL);
    //@ assert after: vpool_cleanup_stack_valid(p);
    //@ assert one: h != 0 ==> p->ncl >= 1 && p->npending >= 1;
    //@ assert live: p->magic == VPOOL_MAGIC;
    //@ assert ready: vpool_alloc_ready(p) && vpool_cl_add_ready(p) && vpool_cl_ready(p);
    (void)vpool_cleanup_add(p, fn, NULL);
    //@ assert again: vpool_cleanup_stack_valid(p) && vpool_alloc_ready(p) && vpool_cl_ready(p);
    //@ assert live_again: p->magic == VPOOL_MAGIC;
    (void)vpool_cleanup_kill(p, h);
    //@ assert killed: vpool_cleanup_stack_valid(p) && vpool_alloc_ready(p);
    //@ assert live_killed: p->magic == VPOOL_MAGIC;
    //@ assert killed_ready: vpool_cl_add_ready(p) && vpool_cl_ready(p);
    (void)vpool_cleanup_add(p, fn, NULL);
    //@ assert third: vpool_cleanup_stack_valid(p) && vpool_alloc_ready(p);
    //@ assert distinct: vpool_cl_distinct(p);
    //@ ghost vpool__lemma_cl_cache_valid(p);
    //@ assert checked: vpool_cl_cache_valid(p);
    m = vpool_alloc(p, 16);
    //@ assert allocated: m == \null || \valid(m + (0 .. 15));
}

/* A registration keeps the condition under which an allocation writes no
 * cleanup record: after vpool_cleanup_add succeeds, the stack holds a
 * record and the pool can still register (vpool_cl_add_ready), so
 * vpool_alloc_avoids holds (vpool__lemma_cl_alloc_avoids) and the next
 * allocation's frame excludes the array. */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC && fn != \null;
    requires vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    assigns p->held, p->cl, p->capcl, p->root->ncl_cache, p->root->clgen, p->ncl,
            p->npending,
            { *r | struct vpool_cleanup_rec *r; \separated(r, p) && \separated(r, p->root) };
*/
void vpool_witness_cleanup_add_avoids(vpool_t *p, vpool_cleanup_fn fn)
{
    vpool_cleanup_t h = vpool_cleanup_add(p, fn, NULL);
    //@ assert ready: vpool_cl_add_ready(p);
    if (h != 0) {
        /*@ ghost vpool__lemma_cl_alloc_avoids(p); */
        //@ assert avoids: vpool_alloc_avoids(p);
    }
}

/* vpool_cleanup_add_sized reaches its registered behaviour: a live root
 * with an empty stack registers one record whose data is the area written
 * to the caller's slot (apart from the pool record, as data_ok asks). */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC && p->root == p;
    requires vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    requires p->cl == \null && p->ncl == 0 && p->npending == 0 && fn != \null;
    requires \valid(slot) && \separated(slot, p);
    requires \forall integer k; 0 <= k < p->ncl_cache ==>
      \separated(slot, p->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1));
    assigns VPOOL_FD_CL_ASSIGNS, *slot;
*/
void vpool_witness_cleanup_add_sized(vpool_t *p, vpool_cleanup_fn fn, void **slot)
{
    vpool_cleanup_t h;
    h = vpool_cleanup_add_sized(p, fn, 24, slot);
    //@ assert one: h != 0 ==> p->ncl == 1 && p->cl[0].fn == fn && p->cl[0].data == *slot;
    //@ assert area: h != 0 ==> \valid((char *)*slot + (0 .. 23));
    //@ assert none: h == 0 ==> *slot == \null && p->ncl == 0;
}

/* ... and its refused behaviour: a NULL pool registers nothing and clears
 * the caller's slot. The slot starts non-NULL, pointing at a char (its own
 * address would be a char ** cast to void *, a cast WP's model does not
 * represent: proofs/model_warnings.txt). */
void vpool_witness_cleanup_add_sized_null(vpool_cleanup_fn fn)
{
    char cell = 0;
    void *d = &cell;
    vpool_cleanup_t h = vpool_cleanup_add_sized(NULL, fn, 24, &d);
    //@ assert refused: h == 0 && d == \null;
}

/* vpool_cleanup_fd and vpool_cleanup_file reach their registered
 * behaviour: a live root with an empty stack registers the fd cleanup. */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC && p->root == p;
    requires vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    requires p->cl == \null && p->ncl == 0 && p->npending == 0;
    assigns VPOOL_FD_CL_ASSIGNS;
*/
void vpool_witness_cleanup_fd(vpool_t *p)
{
    vpool_cleanup_t h = vpool_cleanup_fd(p, 3);
    //@ assert one: h != 0 ==> p->ncl == 1 && p->cl[0].fn == vpool__fd_cleanup;
}

/*@ requires \valid(p) && p->magic == VPOOL_MAGIC && p->root == p;
    requires vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    requires p->cl == \null && p->ncl == 0 && p->npending == 0;
    requires valid_read_string(path);
    assigns VPOOL_FD_CL_ASSIGNS;
*/
void vpool_witness_cleanup_file(vpool_t *p, const char *path)
{
    vpool_cleanup_t h = vpool_cleanup_file(p, 3, path);
    //@ assert one: h != 0 ==> p->ncl == 1 && p->cl[0].fn == vpool__fd_cleanup;
}

/* ... and their refused behaviour: a NULL pool registers nothing. */
void vpool_witness_cleanup_fd_refused(void)
{
    vpool_cleanup_t h = vpool_cleanup_fd(NULL, 3);
    //@ assert refused: h == 0;
    h = vpool_cleanup_file(NULL, 3, NULL);
    //@ assert refused_file: h == 0;
}

/* vpool_cleanup_kill keeps the cleanup stack valid and reaches it: the
 * only, pending record of a valid stack is killed through its handle and
 * the stack, now empty, is valid. */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC;
    requires p->capcl == 1 && \valid(p->cl) && \separated(p, p->cl);
    requires p->ncl == 1 && p->npending == 1;
    requires p->cl[0].state == VPOOL_CL_PENDING && p->cl[0].fn != \null &&
      p->cl[0].gen == 7;
    assigns p->cl[0].state, p->npending, p->ncl;
*/
void vpool_witness_cleanup_kill(vpool_t *p)
{
    vpool_status_t st;
    //@ assert before: vpool_cleanup_stack_valid(p);
    st = vpool_cleanup_kill(p, (vpool_cleanup_t)7 * 4294967296u + 1u);
    //@ assert after: st == VPOOL_OK && vpool_cleanup_stack_valid(p) && p->npending == 0;
}

/* vpool_create_child: for a live root with one cached record, no child
 * and no other spare record, the new child (if any) is linked in and
 * ready, so an allocation from it meets its precondition; a NULL parent
 * gets NULL. */
/*@ requires \valid(parent) && \valid(r) && \separated(parent, r);
    requires parent->magic == VPOOL_MAGIC && parent->root == parent &&
      parent->busy == 0 && parent->block_size == 4096;
    requires parent->child == \null && parent->nchildren == 0;
    requires parent->pool_cache == r && parent->npool_cache == 1;
    requires parent->cache == \null && parent->lrec_cache == \null &&
      parent->nlarea_cache == 0 && parent->ncl_cache == 0;
    assigns VPOOL_ANY;
*/
void vpool_witness_create_child(vpool_t *parent, vpool_t *r)
{
    vpool_t *c = vpool_create_child(parent, NULL);
    /*@ assert c == \null ||
          (c->parent == parent && c->root == parent && parent->child == c &&
           parent->nchildren == 1 && c->next == \null && c->nblocks == 0 &&
           vpool_ready(c)); */
    if (c != NULL) {
        char *m = vpool_alloc(c, 16);
        //@ assert m == \null || \valid(m + (0 .. 15));
    }
}

/*@ assigns { *q | vpool_t *q; q == q }; */
void vpool_witness_create_child_null(void)
{
    vpool_t *c = vpool_create_child(NULL, NULL);
    //@ assert c == \null;
}

/* vpool_check accepts a fresh, empty root and rejects it once its byte
 * count is wrong; vpool_stats reads the accepted one and zeroes for NULL. */
/*@ requires \valid(p) && \valid(s) && \separated(p, s);
    requires p->magic == VPOOL_MAGIC && p->root == p && p->parent == \null &&
      p->child == \null && p->nchildren == 0;
    requires p->first == \null && p->last == \null && p->current == \null &&
      p->nblocks == 0;
    requires p->large == \null && p->nlarge == 0 && p->large_bytes == 0 &&
      p->large_held == 0;
    requires p->cl == \null && p->ncl == 0 && p->capcl == 0 && p->npending == 0;
    requires p->block_size == 4096 && p->small_max == 1024 &&
      p->limit == SIZE_MAX && p->held == sizeof(struct vpool);
    requires p->cache_max == 4 && p->ncache == 0 && p->npool_cache == 0 &&
      p->nlrec_cache == 0 && p->ncl_cache == 0 && p->nlarea_cache == 0;
    requires p->larea_room == 16384 && p->larea_budget == 16384;
    requires p->cache == \null && p->pool_cache == \null && p->lrec_cache == \null;
    assigns *s, p->held;
*/
void vpool_witness_check(vpool_t *p, vpool_stats_t *s)
{
    bool ok;
    ok = vpool_check(p);
    //@ assert ok;
    vpool_stats(p, s);
    //@ assert s->held == sizeof(struct vpool) && s->capacity == 0 && s->blocks == 0;
    vpool_stats(NULL, s);
    //@ assert s->held == 0;
    p->held = 0;
    ok = vpool_check(p);
    //@ assert !ok;
}

/* A pool fresh from vpool_create is one vpool_check accepts: the checker's
 * precondition (vpool_readable) and its verdict both follow from
 * vpool_create's contract (clause valid), with no assumption about the
 * record's fields. */
/*@ assigns { *q | vpool_t *q; q == q }; */
void vpool_witness_create_check(void)
{
    vpool_t *p = vpool_create(NULL);
    if (p != NULL) {
        bool ok = vpool_check(p);
        //@ assert accepted: ok;
    }
}

/* Likewise a child fresh from vpool_create_child of a new root (the
 * clause `valid` of vpool_create_child: its root is live and its own). */
/*@ assigns { *q | vpool_t *q; q == q }; */
void vpool_witness_create_child_check(void)
{
    vpool_t *r = vpool_create(NULL);
    if (r != NULL) {
        vpool_t *c = vpool_create_child(r, NULL);
        if (c != NULL) {
            bool ok = vpool_check(c);
            //@ assert accepted: ok;
        }
    }
}
