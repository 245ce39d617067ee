/*
 * vpool.c -- the allocator's logic, the target of the Frama-C WP proofs
 * (proofs/; docs/proofs.md lists what is proven so far); everything that
 * casts or calls a caller-supplied function goes through the port
 * (vpool_port.c, trusted base).
 *
 * Algorithm
 *   Small requests (n <= small_max = block_size / 4) bump inside a chain of
 *   blocks. A block is tried from `current` onward; a request that does not
 *   fit counts a failure against the block, and a block that fails more than
 *   VPOOL_RETRY_BLOCKS times is skipped from then on (current moves past
 *   it). A block gets its first allocation only after every earlier block
 *   of the window failed once more, so failure counts strictly decrease
 *   along the partly used blocks: at most VPOOL_RETRY_BLOCKS + 1 of them
 *   are tried before an empty or new block serves the request. Padding is computed on offsets: for an alignment a dividing
 *   VPOOL_INBLOCK_MAX_ALIGN,
 *       pad = (a - (mis + used) % a) % a
 *   where mis = address(mem) % VPOOL_INBLOCK_MAX_ALIGN, so mem + used + pad
 *   is a-aligned. Larger requests (and alignments the block cannot serve)
 *   are separate backing allocations on a doubly linked "large" list.
 *
 * Bounds (why nothing wraps)
 *   block_size <= VPOOL_MAX_BLOCK_SIZE = 2^30, so small_max + pad + redzone
 *   < 2^31 in every in-block computation; large sizes are checked against
 *   SIZE_MAX before every addition; `held` is checked against `limit`
 *   (<= SIZE_MAX) before it grows.
 *
 * Teardown
 *   destroy/reset walk the subtree iteratively through child/parent links
 *   (deepest, most recent child first), so depth costs no stack. Each pool
 *   then runs its cleanups by popping the cleanup stack (handlers may push
 *   more; they are popped too), frees its large allocations, and gives its
 *   blocks to the root's cache (bounded) or back to the backing allocator.
 */
#include "vpool_impl.h"

#include <string.h>

/* ---- helpers -------------------------------------------------------------- */

/*@ requires \valid_read(p);
    assigns \nothing;
*/
static void vpool__report(const vpool_t *p, vpool_misuse_t what, const char *msg)
{
    vpool__misuse(p->misuse, p->misuse_ud, what, msg);
}

/* A pointer the caller claims is a pool: NULL is a recoverable error, a
 * record that is not live is fatal misuse (its handler cannot be trusted). */
/*@ requires p == \null || \valid_read(p);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> (p != \null && p->magic == VPOOL_MAGIC);
*/
static int vpool__enter(const vpool_t *p)
{
    if (p == NULL) {
        return 0;
    }
    if (p->magic != VPOOL_MAGIC) {
        vpool__misuse_fatal("vpool: not a live pool (double destroy or stray pointer)");
        return 0;
    }
    return 1;
}

/*@ requires \valid(p) && p->held <= p->limit;
    assigns p->held;
    ensures p->held <= p->limit;
    behavior room:
      assumes n <= p->limit - p->held;
      ensures \result == 1 && p->held == \old(p->held) + n;
    behavior full:
      assumes n > p->limit - p->held;
      ensures \result == 0 && p->held == \old(p->held);
    complete behaviors;
    disjoint behaviors;
*/
static int vpool__charge(vpool_t *p, size_t n)
{
    if (n > p->limit - p->held) {
        return 0;
    }
    p->held += n;
    return 1;
}

/*@ requires \valid(p) && n <= p->held;
    assigns p->held;
    ensures p->held == \old(p->held) - n;
*/
static void vpool__uncharge(vpool_t *p, size_t n)
{
    p->held -= n;
}

/*@ requires \valid_read(a) && \valid_read(b);
    assigns \nothing;
    ensures \result != 0 <==> (a->alloc == b->alloc && a->free == b->free && a->ud == b->ud);
*/
static int vpool__same_allocator(const vpool_allocator_t *a, const vpool_allocator_t *b)
{
    return a->alloc == b->alloc && a->free == b->free && a->ud == b->ud;
}

/* ---- blocks ------------------------------------------------------------- */

/* Gives block b of p up: to the root's block cache when may_cache and the
 * cache has room, else to the backing allocator. Either way its used bytes
 * are zeroed first under VPOOL_SECURE_WIPE (so a cached block carries no
 * old data to the pool that takes it). */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires block: vpool_block_ok(b) && vpool_block_apart(p, b) &&
      \separated(p->root, b) && \separated(p->root, b->mem + (0 .. b->size - 1));
    assigns b->mem[0 .. b->used - 1], b->next, p->root->cache, p->root->ncache;
    behavior cached:
      assumes may_cache != 0 && p->root->ncache < p->root->cache_max;
      ensures cache: p->root->cache == b && b->next == \old(p->root->cache);
      ensures count: p->root->ncache == \old(p->root->ncache) + 1;
    behavior freed:
      assumes may_cache == 0 || p->root->ncache >= p->root->cache_max;
      assigns b->mem[0 .. b->used - 1];
      ensures cache_kept: p->root->cache == \old(p->root->cache) &&
        p->root->ncache == \old(p->root->ncache);
    complete behaviors;
    disjoint behaviors;
*/
static void vpool__block_release(vpool_t *p, struct vpool_block *b, int may_cache)
{
    vpool_t *root = p->root;
    if (p->flags & VPOOL_SECURE_WIPE) {
        vpool__wipe(b->mem, b->used);
    }
    vpool__poison(b->mem, b->size);
    if (may_cache && root->ncache < root->cache_max) {
        b->next = root->cache;
        root->cache = b;
        root->ncache++;
        return;
    }
    vpool__bytes_free(&p->backing, b->mem, b->size);
    vpool__block_rec_free(&p->backing, b);
}

/* A record and a payload for a standard block of p: the root's first
 * cached block when it has p's size, else fresh ones. *mem and *mis get
 * the payload and its address modulo VPOOL_INBLOCK_MAX_ALIGN; the caller
 * writes the record. NULL when the backing allocator fails, or returns a
 * payload misaligned for VPOOL_ALIGNMENT (then reported as misuse). */
/*@ requires vpool_grow_ok(p) && (p->root == p || \separated(p, p->root));
    requires \valid(mem) && \valid(mis) && \separated(mem, mis) &&
             \separated(mem, p) && \separated(mis, p) &&
             \separated(mem, p->root) && \separated(mis, p->root);
    assigns p->root->cache, p->root->ncache, *mem, *mis;
    ensures \result != \null ==>
      \valid(\result) && \separated(\result, p) && \separated(\result, p->root) &&
      (p->last == \null || \separated(\result, p->last)) &&
      \valid(*mem + (0 .. p->block_size - 1)) &&
      \separated(\result, *mem + (0 .. p->block_size - 1)) &&
      \separated(p, *mem + (0 .. p->block_size - 1)) &&
      \separated(p->root, *mem + (0 .. p->block_size - 1)) &&
      *mis < VPOOL_INBLOCK_MAX_ALIGN && *mis % VPOOL_ALIGNMENT_L == 0 &&
      vpool_aligned(*mem - *mis, VPOOL_INBLOCK_MAX_ALIGN);
    ensures cl_apart: \result != \null &&
      (\old(p->root->cache) == \null || \separated(\old(p->root->cache), VPOOL_CL_PRE(p))) ==>
      \separated(\result, VPOOL_CL_PRE(p));
*/
static struct vpool_block *vpool__block_obtain(vpool_t *p, char **mem, size_t *mis)
{
    vpool_t *root = p->root;
    struct vpool_block *b = root->cache;

    if (b != NULL && b->size == p->block_size) {
        root->cache = b->next;
        root->ncache--;
        *mem = b->mem;
        *mis = b->mis;
        return b;
    }
    b = vpool__block_rec_alloc(&p->backing) /*@ ghost (p) */;
    if (b == NULL) {
        return NULL;
    }
    *mem = vpool__bytes_alloc(&p->backing, p->block_size) /*@ ghost (p, b, NULL) */;
    if (*mem == NULL) {
        vpool__block_rec_free(&p->backing, b);
        return NULL;
    }
    *mis = vpool__addr_rem(*mem, VPOOL_INBLOCK_MAX_ALIGN);
    if (*mis % VPOOL_ALIGNMENT != 0) {
        vpool__bytes_free(&p->backing, *mem, p->block_size);
        vpool__block_rec_free(&p->backing, b);
        vpool__report(p, VPOOL_MISUSE_BACKING, "vpool: backing allocator returned misaligned memory");
        return NULL;
    }
    vpool__poison(*mem, p->block_size);
    return b;
}

/* An empty block of size bytes at mem, not linked to any chain. */
/*@ requires \valid(b) && 0 < size <= VPOOL_MAX_BLOCK_SIZE;
    requires \valid(mem + (0 .. size - 1)) && \separated(b, mem + (0 .. size - 1));
    requires mis < VPOOL_INBLOCK_MAX_ALIGN && mis % VPOOL_ALIGNMENT_L == 0 &&
             vpool_aligned(mem - mis, VPOOL_INBLOCK_MAX_ALIGN);
    assigns b->mem, b->size, b->mis, b->used, b->requested, b->failed, b->next;
    ensures vpool_block_ok(b) && b->mem == mem && b->size == size && b->used == 0;
*/
static void vpool__block_init(struct vpool_block *b, char *mem, size_t size, size_t mis)
{
    b->mem = mem;
    b->size = size;
    b->mis = mis;
    b->used = 0;
    b->requested = 0;
    b->failed = 0;
    b->next = NULL;
}

/* Links b (one of p's blocks, not yet in the chain) after p's newest. */
/*@ requires \valid(p) && vpool_block_mine(p, b) && p->nblocks < SIZE_MAX;
    requires p->last == \null ||
             (\valid(p->last) && \separated(p->last, b) && \separated(p->last, p) &&
              \separated(p->last, p->root));
    assigns p->last->next, p->first, p->last, p->current, p->nblocks;
    ensures p->last == b && p->nblocks == \old(p->nblocks) + 1;
    ensures vpool_block_mine(p, b) && b->used == \old(b->used);
*/
static void vpool__block_append(vpool_t *p, struct vpool_block *b)
{
    if (p->last != NULL) {
        p->last->next = b;
    } else {
        p->first = b;
    }
    p->last = b;
    if (p->current == NULL) {
        p->current = b;
    }
    p->nblocks++;
}

/* Appends a standard block (from the root's cache, else fresh) to p's chain. */
/*@ requires vpool_grow_ok(p) && (p->root == p || \separated(p, p->root));
    assigns p->held, p->root->cache, p->root->ncache, p->first, p->last,
            p->current, p->nblocks,
            { *x | struct vpool_block *x; \separated(x, p) && \separated(x, p->root) &&
                   (vpool_grow_avoids(p, p->cl, p->capcl) ==>
                      \separated(x, VPOOL_CL_ARRAY(p))) };
    ensures cl_apart: \result != \null &&
      vpool_grow_avoids{Pre}(p, \old(p->cl), \old(p->capcl)) ==>
      \separated(\result, VPOOL_CL_PRE(p));
    ensures vpool_counters_ok(p);
    ensures p->root == \old(p->root) && p->block_size == \old(p->block_size) &&
            p->small_max == \old(p->small_max);
    ensures \result == \null ==> p->held == \old(p->held);
    ensures \result != \null ==>
      vpool_block_mine(p, \result) && \result->used == 0 &&
      p->last == \result && p->nblocks == \old(p->nblocks) + 1;
*/
static struct vpool_block *vpool__block_new(vpool_t *p)
{
    struct vpool_block *b;
    char *mem = NULL;
    size_t mis = 0;

    if (!vpool__charge(p, sizeof(struct vpool_block) + p->block_size)) {
        return NULL;
    }
    b = vpool__block_obtain(p, &mem, &mis);
    if (b == NULL) {
        vpool__uncharge(p, sizeof(struct vpool_block) + p->block_size);
        return NULL;
    }
    vpool__block_init(b, mem, p->block_size, mis);
    vpool__block_append(p, b);
    return b;
}

/*@ requires \valid_read(b);
    requires b->mis < VPOOL_INBLOCK_MAX_ALIGN && b->used <= VPOOL_MAX_BLOCK_SIZE;
    requires vpool_small_align(align);
    assigns \nothing;
    ensures \result == vpool_pad_l(b, align);
    ensures \result < align;
    ensures (b->mis + b->used + \result) % align == 0;
*/
static size_t vpool__pad(const struct vpool_block *b, size_t align)
{
    /*@ assert pad_div: \let s = b->mis + b->used;
          s == (s / align) * align + s % align && 0 <= s % align < align; */
    /*@ assert pad_mul: \let s = b->mis + b->used;
          ((s / align + 1) * align) % align == 0; */
    /*@ assert pad_sum: \let s = b->mis + b->used;
          s % align == 0 ||
          s + (align - s % align) % align == (s / align + 1) * align; */
    return (align - (b->mis + b->used) % align) % align;
}

/* Hands out n bytes at offset used + pad of b; the caller checked the room.
 * Ghosts: p is the pool of b (the result is apart from its record and its
 * root's), align the alignment pad was computed for. */
/*@ requires \valid(p) && vpool_block_ok(b) && vpool_block_apart(p, b);
    requires root_apart: \separated(p->root, b->mem + (0 .. b->size - 1));
    requires 0 < n && pad + n + VPOOL_REDZONE <= b->size - b->used;
    requires vpool_small_align(align);
    requires (b->mis + b->used + pad) % align == 0;
    assigns b->used, b->requested;
    ensures b->used == \old(b->used) + pad + n + VPOOL_REDZONE;
    ensures b->requested == \old(b->requested) + n;
    ensures \result == b->mem + \old(b->used) + pad;
    ensures vpool_block_ok(b) && vpool_block_apart(p, b);
    ensures vpool_carved(b, \result, n, \old(b->used), b->used);
    ensures \separated(\result + (0 .. n - 1), p);
    ensures root_apart: \separated(\result + (0 .. n - 1), p->root);
    ensures vpool_aligned(\result, align);
*/
static char *vpool__carve(struct vpool_block *b, size_t pad, size_t n)
    /*@ ghost (vpool_t *p, size_t align) */
{
    char *r = b->mem + b->used + pad;
    /*@ assert r == (b->mem - b->mis) + (b->mis + b->used + pad); */
    /*@ assert VPOOL_INBLOCK_MAX_ALIGN % align == 0; */
    b->used += pad + n + VPOOL_REDZONE;
    b->requested += n;
    if (VPOOL_SANITIZE) {
        vpool__unpoison(r, n);
    }
    return r;
}

/* Whether n bytes (and the redzone) fit in b after pad bytes of padding. */
/*@ requires \valid_read(b) && b->used <= b->size;
    requires n <= VPOOL_MAX_BLOCK_SIZE;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> pad + n + VPOOL_REDZONE <= b->size - b->used;
*/
static inline int vpool__fits(const struct vpool_block *b, size_t pad, size_t n)
{
    size_t room = b->size - b->used;
    return pad <= room && n + VPOOL_REDZONE <= room - pad;
}

/* The first block from current on with room for n bytes aligned to align
 * (and the redzone), or NULL. The walk only reads the chain and bumps
 * failure counts; the new value of p->current (past the blocks that failed
 * more than VPOOL_RETRY_BLOCKS times) is kept in cur and stored once. A
 * failure count saturates instead of wrapping (it never exceeds
 * VPOOL_RETRY_BLOCKS + 1 in a valid pool: a block past that is skipped). */
/*@ requires vpool_grow_ok(p) && vpool_chain_le(p, p->current, p->nblocks);
    requires p->root == p || \separated(p, p->root);
    requires vpool_small_align(align) && 1 <= n && n <= VPOOL_MAX_BLOCK_SIZE;
    assigns p->current,
            { x->failed | struct vpool_block *x; \separated(x, p) && \separated(x, p->root) &&
              (vpool_chain_avoids(p->current, p->nblocks, p->cl, p->capcl) ==>
                 \separated(x, VPOOL_CL_ARRAY(p))) };
    ensures cl_apart: \result != \null &&
      vpool_chain_avoids{Pre}(\old(p->current), \old(p->nblocks), \old(p->cl), \old(p->capcl)) ==>
      \separated(\result, VPOOL_CL_PRE(p));
    ensures vpool_grow_ok(p);
    ensures p->root == \old(p->root) && p->block_size == \old(p->block_size) &&
            p->small_max == \old(p->small_max);
    ensures \result != \null ==> vpool_block_mine(p, \result) &&
      vpool_pad_l(\result, align) + n + VPOOL_REDZONE <= \result->size - \result->used;
*/
static struct vpool_block *vpool__small_find(vpool_t *p, size_t n, size_t align)
{
    struct vpool_block *b = p->current;
    struct vpool_block *cur = b;
    /*@ ghost size_t left = p->nblocks; */

    /*@ loop invariant vpool_chain_le(p, b, left);
        loop invariant avoids:
          vpool_chain_avoids{Pre}(\at(p->current, Pre), \at(p->nblocks, Pre),
                                  \at(p->cl, Pre), \at(p->capcl, Pre)) ==>
          vpool_chain_avoids(b, left, \at(p->cl, Pre), \at(p->capcl, Pre));
        loop assigns b, cur, left,
          { x->failed | struct vpool_block *x; \separated(x, p) && \separated(x, p->root) &&
            (vpool_chain_avoids{Pre}(\at(p->current, Pre), \at(p->nblocks, Pre),
                                     \at(p->cl, Pre), \at(p->capcl, Pre)) ==>
               \separated(x, VPOOL_CL_PRE(p))) };
        loop variant left;
    */
    while (b != NULL) {
        if (vpool__fits(b, vpool__pad(b, align), n)) {
            p->current = cur;
            return b;
        }
        if (b->failed >= VPOOL_RETRY_BLOCKS) {
            cur = b->next;
        }
        if (b->failed != ~0u) {
            b->failed++;
        }
        b = b->next;
        /*@ ghost left--; */
    }
    p->current = cur;
    return NULL;
}

/* vpool__is_small(p, n, align) holds, so a fresh block always has room. */
/*@ requires vpool_grow_ok(p) && vpool_chain_le(p, p->current, p->nblocks);
    requires p->root == p || \separated(p, p->root);
    requires vpool_small_align(align) && 1 <= n && n <= p->small_max;
    requires (align > VPOOL_ALIGNMENT_L ? align - 1 : 0) <= p->small_max - n;
    assigns p->held, p->root->cache, p->root->ncache, p->first,
            p->last, p->current, p->nblocks,
            { *x | struct vpool_block *x; \separated(x, p) && \separated(x, p->root) &&
              (vpool_chain_avoids(p->current, p->nblocks, p->cl, p->capcl) &&
               vpool_grow_avoids(p, p->cl, p->capcl) ==>
                 \separated(x, VPOOL_CL_ARRAY(p))) };
    ensures vpool_counters_ok(p);
    ensures \result != \null ==>
      \valid(\result + (0 .. n - 1)) && vpool_aligned(\result, align) &&
      \separated(\result + (0 .. n - 1), p) && \separated(\result + (0 .. n - 1), p->root);
*/
static char *vpool__small(vpool_t *p, size_t n, size_t align)
{
    struct vpool_block *b = vpool__small_find(p, n, align);
    if (b != NULL) {
        /*@ assert small_found_apart: \separated(b, p) && \separated(b, \at(p->root, Pre)); */
        return vpool__carve(b, vpool__pad(b, align), n) /*@ ghost (p, align) */;
    }
    /*@ assert grow_kept: vpool_grow_avoids{Pre}(p, \at(p->cl, Pre), \at(p->capcl, Pre)) ==>
          vpool_grow_avoids(p, p->cl, p->capcl) && p->cl == \at(p->cl, Pre) &&
          p->capcl == \at(p->capcl, Pre); */
    b = vpool__block_new(p);
    if (b == NULL) {
        return NULL;
    }
    /*@ assert small_new_apart: \separated(b, p) && \separated(b, \at(p->root, Pre)); */
    /*@ assert small_new_room: vpool_pad_l(b, align) < align && b->used == 0; */
    return vpool__carve(b, vpool__pad(b, align), n) /*@ ghost (p, align) */;
}

/* ---- large allocations -------------------------------------------------- */

/* A large record from the root's cache, else fresh; the ghost area is the
 * large area obtained just before, which the record must not overlap. The
 * record's fields are all written by the caller. */
/*@ requires \valid(p) && vpool_lrec_cache_ok(p);
    requires n > 0 && \valid(area + (0 .. n - 1));
    requires p->root->lrec_cache != \null ==>
               \separated(p->root->lrec_cache, area + (0 .. n - 1));
    assigns p->root->lrec_cache, p->root->nlrec_cache;
    ensures \result == \null ||
      (vpool_lrec_spare{Pre}(p, \result) && \separated(\result, area + (0 .. n - 1)));
    ensures cl_apart: \result != \null &&
      (\old(p->root->lrec_cache) == \null ||
       \separated(\old(p->root->lrec_cache), VPOOL_CL_PRE(p))) ==>
      \separated(\result, VPOOL_CL_PRE(p));
    behavior cached:
      assumes \at(p->root->lrec_cache, Pre) != \null;
      ensures \result == \old(p->root->lrec_cache) &&
              p->root->lrec_cache == \old(p->root->lrec_cache->next) &&
              p->root->nlrec_cache == \old(p->root->nlrec_cache) - 1;
    behavior fresh:
      assumes \at(p->root->lrec_cache, Pre) == \null;
      ensures p->root->lrec_cache == \null &&
              p->root->nlrec_cache == \old(p->root->nlrec_cache);
    complete behaviors;
    disjoint behaviors;
*/
static struct vpool_large *vpool__large_rec_get(vpool_t *p)
    /*@ ghost (char *area, size_t n) */
{
    vpool_t *root = p->root;
    struct vpool_large *l = root->lrec_cache;
    if (l != NULL) {
        root->lrec_cache = l->next;
        root->nlrec_cache--;
        return l;
    }
    return vpool__large_rec_alloc(&p->backing) /*@ ghost (p, area, n) */;
}

/* Gives a large record (its area already released) to the root's cache
 * when there is room, else back to the backing allocator. A root's own
 * records may be cached while it dies: vpool__free_pool drains the cache
 * last. */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires \valid(l) && \separated(l, p) && \separated(l, p->root);
    assigns p->root->lrec_cache, p->root->nlrec_cache, l->next;
    ensures p->root->nlrec_cache <= \max(\old(p->root->nlrec_cache), p->root->cache_max);
*/
static void vpool__large_rec_put(vpool_t *p, struct vpool_large *l)
{
    vpool_t *root = p->root;
    if (root->nlrec_cache < root->cache_max) {
        l->next = root->lrec_cache;
        root->lrec_cache = l;
        root->nlrec_cache++;
        return;
    }
    vpool__large_rec_free(&p->backing, l);
}

/*@ requires \valid(p) && \valid(l) && \separated(p, l);
    requires l->prev == \null ? p->large == l :
             (\valid(l->prev) && \separated(l->prev, p) && \separated(l->prev, l) &&
              l->prev->next == l);
    requires l->next == \null ||
             (\valid(l->next) && \separated(l->next, p) && \separated(l->next, l) &&
              l->next->prev == l);
    requires l->prev != \null && l->next != \null ==> \separated(l->prev, l->next);
    requires p->nlarge > 0 && l->requested <= p->large_bytes &&
             l->size <= p->large_held;
    assigns p->large, p->nlarge, p->large_bytes, p->large_held,
            l->prev->next, l->next->prev;
    ensures l->prev == \null ==> p->large == l->next;
    ensures l->prev != \null ==> l->prev->next == l->next;
    ensures l->next != \null ==> l->next->prev == l->prev;
    ensures p->nlarge == \old(p->nlarge) - 1;
    ensures p->large_bytes == \old(p->large_bytes) - l->requested;
    ensures p->large_held == \old(p->large_held) - l->size;
*/
static void vpool__large_unlink(vpool_t *p, struct vpool_large *l)
{
    if (l->prev != NULL) {
        l->prev->next = l->next;
    } else {
        p->large = l->next;
    }
    if (l->next != NULL) {
        l->next->prev = l->prev;
    }
    p->nlarge--;
    p->large_bytes -= l->requested;
    p->large_held -= l->size;
}

/* A cached record whose area has exactly size bytes, taken out of the
 * root's area cache (the last entry fills its slot), or NULL. */
/*@ requires \valid(p) && vpool_large_caches_ok(p);
    assigns p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room;
    ensures vpool_lrec_cache_ok(p);
    ensures \result == \null || (vpool_larea_spare{Pre}(p, \result) && \result->size == size);
    ensures cl_apart: \result != \null &&
      (\forall integer i; 0 <= i < \old(p->root->nlarea_cache) ==>
         \separated(\at(p->root->larea[i], Pre), VPOOL_CL_PRE(p))) ==>
      \separated(\result, VPOOL_CL_PRE(p));
*/
static struct vpool_large *vpool__large_area_take(vpool_t *p, size_t size)
{
    vpool_t *root = p->root;
    size_t i;
    /*@ loop invariant 0 <= i <= root->nlarea_cache;
        loop assigns i;
        loop variant root->nlarea_cache - i;
    */
    for (i = 0; i < root->nlarea_cache; i++) {
        struct vpool_large *l = root->larea[i];
        if (l->size == size) {
            root->nlarea_cache--;
            root->larea[i] = root->larea[root->nlarea_cache];
            root->larea_room += size;
            return l;
        }
    }
    return NULL;
}

/* Gives l's memory and record back; l is already out of p's list. The
 * area stays with its record in the root's area cache while the cache has
 * a free entry and byte room (after the wipe, so a secure pool's data never
 * reaches another pool). The bytes are uncharged by the callers: one record
 * at a time (vpool__large_release), or the whole list at once
 * (vpool__large_drain). */
/*@ requires \valid(p) && vpool_large_ok(l) && \separated(p, l) &&
             \separated(p, l->base + (0 .. l->size - 1));
    requires \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
             \separated(p->root, l) && \separated(p->root, l->base + (0 .. l->size - 1));
    assigns l->base[0 .. l->size - 1], l->next,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room, p->root->lrec_cache, p->root->nlrec_cache;
*/
static void vpool__large_give(vpool_t *p, struct vpool_large *l)
{
    size_t size = l->size;
    vpool_t *root = p->root;
    if (p->flags & VPOOL_SECURE_WIPE) {
        vpool__wipe(l->base, size);
    }
    if (root->nlarea_cache < VPOOL_LAREA_CACHE_MAX && size <= root->larea_room) {
        vpool__poison(l->base, size);
        root->larea[root->nlarea_cache] = l;
        root->nlarea_cache++;
        root->larea_room -= size;
    } else {
        vpool__bytes_free(&p->backing, l->base, size);
        vpool__large_rec_put(p, l);
    }
}

/* Gives l's memory and record back (vpool__large_give) and uncharges
 * them; l is already unlinked. */
/*@ requires \valid(p) && vpool_large_ok(l) && \separated(p, l) &&
             \separated(p, l->base + (0 .. l->size - 1));
    requires \valid(p->root) && (p->root == p || \separated(p, p->root)) &&
             \separated(p->root, l) && \separated(p->root, l->base + (0 .. l->size - 1));
    requires l->size <= SIZE_MAX - sizeof(struct vpool_large) &&
             l->size + sizeof(struct vpool_large) <= p->held;
    assigns p->held, l->base[0 .. l->size - 1], l->next,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room, p->root->lrec_cache, p->root->nlrec_cache;
    ensures p->held == \old(p->held) - (\old(l->size) + sizeof(struct vpool_large));
*/
static void vpool__large_release(vpool_t *p, struct vpool_large *l)
{
    size_t size = l->size;
    vpool__large_give(p, l);
    vpool__uncharge(p, size + sizeof(struct vpool_large));
}

/* A record and an area of exactly size bytes (*area): a cached pair of
 * that size, else a fresh area with a record (cached or fresh). On failure
 * the caches are as they were. The caller writes the record's fields. */
/*@ requires \valid(p) && vpool_large_caches_ok(p) && size > 0;
    requires \valid(area) && \separated(area, p) && \separated(area, p->root);
    assigns p->root->lrec_cache, p->root->nlrec_cache,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room, *area;
    ensures \result == \null ||
      (vpool_lrec_spare{Pre}(p, \result) &&
       \valid(*area + (0 .. size - 1)) &&
       \separated(\result, *area + (0 .. size - 1)) &&
       \separated(p, *area + (0 .. size - 1)) &&
       \separated(p->root, *area + (0 .. size - 1)));
    ensures cl_apart: \result != \null &&
      vpool_large_avoids{Pre}(p, \old(p->cl), \old(p->capcl)) ==>
      \separated(\result, VPOOL_CL_PRE(p));
*/
static struct vpool_large *vpool__large_acquire(vpool_t *p, size_t size, char **area)
{
    char *base;
    struct vpool_large *l = vpool__large_area_take(p, size);
    if (l != NULL) {
        *area = l->base;
        return l;
    }
    base = vpool__bytes_alloc(&p->backing, size) /*@ ghost (p, NULL, p->root->lrec_cache) */;
    if (base == NULL) {
        return NULL;
    }
    l = vpool__large_rec_get(p) /*@ ghost (base, size) */;
    if (l == NULL) {
        vpool__bytes_free(&p->backing, base, size);
        return NULL;
    }
    *area = base;
    return l;
}

/* Makes l p's newest large allocation: n bytes at base + shift of its
 * area of size bytes; the caller charged size + sizeof(struct vpool_large). */
/*@ requires \valid(p) && vpool_counters_ok(p) && \valid(l) && \separated(p, l);
    requires 0 < size && \valid(base + (0 .. size - 1)) &&
             \separated(l, base + (0 .. size - 1)) &&
             \separated(p, base + (0 .. size - 1));
    requires 1 <= n && n <= size && shift <= size - n;
    requires p->large_held + size <= p->held;
    requires p->large == \null ||
             (\valid(p->large) && \separated(p->large, p) && \separated(p->large, l));
    assigns l->base, l->size, l->mem, l->requested, l->prev, l->next, p->large->prev,
            p->large, p->nlarge, p->large_bytes, p->large_held;
    ensures vpool_counters_ok(p);
    ensures p->large == l && vpool_large_ok(l) && l->requested == n &&
            l->base == base && l->size == size &&
            l->mem == base + shift && l->prev == \null && l->next == \old(p->large);
    ensures p->nlarge == \old(p->nlarge) + 1 &&
            p->large_bytes == \old(p->large_bytes) + n &&
            p->large_held == \old(p->large_held) + size;
*/
static void vpool__large_link(vpool_t *p, struct vpool_large *l, char *base,
                              size_t size, size_t shift, size_t n)
{
    l->base = base;
    l->size = size;
    l->mem = base + shift;
    l->requested = n;
    l->prev = NULL;
    l->next = p->large;
    if (p->large != NULL) {
        p->large->prev = l;
    }
    p->large = l;
    p->nlarge++;
    p->large_bytes += n;
    p->large_held += size;
}

/* n >= 1; align a power of two. */
/*@ requires \valid(p) && vpool_counters_ok(p);
    requires n >= 1 && align > 0;
    requires p->large == \null ||
             (\valid(p->large) && \separated(p->large, p) && \separated(p->large, p->root));
    requires vpool_large_caches_ok(p);
    assigns p->held, p->large, p->nlarge, p->large_bytes, p->large_held,
            p->large->prev,
            p->root->lrec_cache, p->root->nlrec_cache,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room,
            { *x | struct vpool_large *x; \separated(x, p) && x != p->large &&
                   (vpool_large_avoids(p, p->cl, p->capcl) ==>
                      \separated(x, VPOOL_CL_ARRAY(p))) };
    ensures counters: vpool_counters_ok(p);
    ensures failed: \result == \null ==>
        p->held == \old(p->held) && p->large == \old(p->large) &&
        p->nlarge == \old(p->nlarge) && p->large_bytes == \old(p->large_bytes) &&
        p->large_held == \old(p->large_held);
    ensures served: \result != \null ==>
        vpool_served(p, \result, n, align) &&
        p->large != \null && p->large->mem == \result &&
        \separated(p->large, p) &&
        \separated(\result + (0 .. n - 1), p->large) &&
        vpool_large_ok(p->large) && p->large->requested == n &&
        p->large->prev == \null && p->large->next == \old(p->large) &&
        p->nlarge == \old(p->nlarge) + 1 &&
        p->large_bytes == \old(p->large_bytes) + n;
*/
static char *vpool__large(vpool_t *p, size_t n, size_t align)
{
    size_t extra = align > VPOOL_ALIGNMENT ? align - VPOOL_ALIGNMENT : 0;
    size_t size, rem, shift;
    struct vpool_large *l;
    char *base = NULL;

    if (extra > SIZE_MAX - sizeof(struct vpool_large)
        || n > SIZE_MAX - sizeof(struct vpool_large) - extra) {
        return NULL;
    }
    size = n + extra;
    if (!vpool__charge(p, size + sizeof(struct vpool_large))) {
        return NULL;
    }
    /*@ assert avoids_kept: vpool_large_avoids{Pre}(p, \at(p->cl, Pre), \at(p->capcl, Pre)) ==>
          vpool_large_avoids(p, p->cl, p->capcl) && p->cl == \at(p->cl, Pre) &&
          p->capcl == \at(p->capcl, Pre); */
    l = vpool__large_acquire(p, size, &base);
    if (l == NULL) {
        vpool__uncharge(p, size + sizeof(struct vpool_large));
        return NULL;
    }
    /*@ assert l_apart: vpool_large_avoids{Pre}(p, \at(p->cl, Pre), \at(p->capcl, Pre)) ==>
          \separated(l, VPOOL_CL_PRE(p)); */
    /* For a power-of-two align, a VPOOL_ALIGNMENT-aligned base gives
     * shift <= extra and an align-aligned base + shift; WP is not told
     * about powers of two, so both are checked rather than assumed (the
     * last check reads the result's address, which is what the proof of
     * its alignment rests on). A cached area passed these checks when it
     * was first obtained, so it passes for every power-of-two alignment. */
    rem = vpool__addr_rem(base, align);
    shift = rem == 0 ? 0 : align - rem;
    if (vpool__addr_rem(base, VPOOL_ALIGNMENT) != 0 || shift > extra
        || vpool__addr_rem(base + shift, align) != 0) {
        vpool__bytes_free(&p->backing, base, size);
        vpool__large_rec_free(&p->backing, l);
        vpool__uncharge(p, size + sizeof(struct vpool_large));
        vpool__report(p, VPOOL_MISUSE_BACKING, "vpool: backing allocator returned misaligned memory");
        return NULL;
    }
    vpool__large_link(p, l, base, size, shift, n);
    vpool__poison(base, size);
    vpool__unpoison(l->mem, n);
    return l->mem;
}

/* ---- allocation API ----------------------------------------------------- */

/* Whether a request of n >= 1 bytes aligned to align (a power of two) is
 * served inside a block: a fresh block must have room for it. Up to
 * VPOOL_ALIGNMENT a fresh block needs no padding (its mis is a multiple of
 * VPOOL_ALIGNMENT); above, at most align - 1 bytes of it. */
/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==>
      (align <= VPOOL_INBLOCK_MAX_ALIGN && n <= p->small_max &&
       (align > VPOOL_ALIGNMENT_L ? align - 1 : 0) <= p->small_max - n);
*/
static int vpool__is_small(const vpool_t *p, size_t n, size_t align)
{
    size_t slack = align > VPOOL_ALIGNMENT ? align - 1 : 0;
    return align <= VPOOL_INBLOCK_MAX_ALIGN && n <= p->small_max && slack <= p->small_max - n;
}

/* Whether a (>= 1) divides VPOOL_INBLOCK_MAX_ALIGN and is a power of two:
 * the in-block alignments. Halving from the maximum, at most 12 steps. */
/*@ requires a >= 1;
    assigns \nothing;
    ensures \result != 0 <==> vpool_small_align(a);
*/
static int vpool__inblock_align(size_t a)
{
    size_t d = VPOOL_INBLOCK_MAX_ALIGN;
    /*@ loop invariant vpool_small_align(d);
        loop invariant vpool_small_align(a) ==> a <= d;
        loop assigns d;
        loop variant d;
    */
    while (d > a) {
        d /= 2;
    }
    return d == a;
}

/*@ requires vpool_handle(p);
    requires align == 1 || align == 8 || align == VPOOL_ALIGNMENT_L;
    assigns VPOOL_ALLOC_ASSIGNS;
    ensures \result == \null || vpool_served(p, \result, (n == 0 ? 1 : n), align);
*/
static char *vpool__alloc_aligned(vpool_t *p, size_t n, size_t align)
{
    if (!vpool__enter(p)) {
        return NULL;
    }
    if (n == 0) {
        n = 1;
    }
    if (vpool__is_small(p, n, align)) {
        return vpool__small(p, n, align);
    }
    return vpool__large(p, n, align);
}

/* The offset of the first VPOOL_ALIGNMENT boundary at or after b->used:
 * vpool__pad for that alignment, with a division by a constant. Payloads
 * start VPOOL_ALIGNMENT-aligned (b->mis is a multiple of it), so rounding
 * the offset aligns the address. */
/*@ requires \valid_read(b) && b->used <= VPOOL_MAX_BLOCK_SIZE;
    requires b->mis < VPOOL_INBLOCK_MAX_ALIGN && b->mis % VPOOL_ALIGNMENT_L == 0;
    assigns \nothing;
    ensures \result == b->used + vpool_pad_l(b, VPOOL_ALIGNMENT_L);
*/
static inline size_t vpool__round(const struct vpool_block *b)
{
    return (b->used + (VPOOL_ALIGNMENT - 1)) / VPOOL_ALIGNMENT * VPOOL_ALIGNMENT;
}

/* The common case first, as a leaf: a live pool, 1 <= n <= small_max, room
 * in the current block. The room check is one compare: the end offset
 * cannot wrap (off <= used + 15, used <= size <= VPOOL_MAX_BLOCK_SIZE,
 * n <= small_max). Anything else takes the general path, which tries the
 * current block again (counting its failure) and repeats every check. */
/*@ requires vpool_handle(p);
    assigns VPOOL_ALLOC_ASSIGNS;
    ensures \result == \null ||
      vpool_served(p, (char *)\result, (n == 0 ? 1 : n), VPOOL_ALIGNMENT_L);
*/
void *vpool_alloc(vpool_t *p, size_t n)
{
    if (p != NULL && p->magic == VPOOL_MAGIC && n != 0 && n <= p->small_max &&
        p->current != NULL) {
        struct vpool_block *b = p->current;
        size_t off;
        /*@ assert fast_block: vpool_block_mine(p, b); */
        off = vpool__round(b);
        if (off + n + VPOOL_REDZONE <= b->size) {
            return vpool__carve(b, off - b->used, n) /*@ ghost (p, VPOOL_ALIGNMENT) */;
        }
    }
    return vpool__alloc_aligned(p, n, VPOOL_ALIGNMENT);
}

/*@ requires vpool_handle(p);
    assigns VPOOL_ALLOC_ASSIGNS;
    ensures \result == \null ||
      vpool_served(p, (char *)\result, (n == 0 ? 1 : n), VPOOL_NALLOC_ALIGN);
*/
void *vpool_nalloc(vpool_t *p, size_t n)
{
    return vpool__alloc_aligned(p, n, VPOOL_NALLOC_ALIGN);
}

/*@ requires vpool_handle(p);
    assigns VPOOL_ALLOC_ASSIGNS, { *z | char *z; \separated(z, p) };
    ensures \result == \null ||
      vpool_served(p, (char *)\result, (n == 0 ? 1 : n), VPOOL_ALIGNMENT_L);
    ensures calloc_zero: \result != \null ==>
      \forall integer i; 0 <= i < n ==> ((char *)\result)[i] == 0;
*/
void *vpool_calloc(vpool_t *p, size_t n)
{
    char *r = vpool__alloc_aligned(p, n, VPOOL_ALIGNMENT);
    if (r != NULL) {
        memset(r, 0, n == 0 ? 1 : n);
    }
    return r;
}

/*@ requires vpool_handle(p);
    assigns VPOOL_ALLOC_ASSIGNS;
    ensures \result != \null ==> count * size <= SIZE_MAX;
    ensures \result == \null || vpool_served(p, (char *)\result,
      (count * size == 0 ? 1 : count * size), VPOOL_ALIGNMENT_L);
*/
void *vpool_alloc_array(vpool_t *p, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    /*@ assert array_quot: size != 0 ==> (SIZE_MAX / size) * size <= SIZE_MAX; */
    /*@ assert array_mono: size != 0 ==> count * size <= (SIZE_MAX / size) * size; */
    return vpool__alloc_aligned(p, count * size, VPOOL_ALIGNMENT);
}

/*@ requires vpool_handle(p);
    assigns VPOOL_ALLOC_ASSIGNS;
    ensures \result == \null ||
      vpool_served(p, (char *)\result, (n == 0 ? 1 : n), align);
*/
void *vpool_memalign(vpool_t *p, size_t n, size_t align)
{
    if (!vpool__enter(p)) {
        return NULL;
    }
    if (align == 0 || (align & (align - 1)) != 0) {
        vpool__report(p, VPOOL_MISUSE_BAD_ALIGN, "vpool: alignment must be a power of two");
        return NULL;
    }
    /* Under ASan, at least its shadow granule (VPOOL_NALLOC_ALIGN is 1 under
     * MSan). Without a sanitizer the test is `if (0 && ...)`, dropped by the
     * compiler and by Frama-C's front end like every VPOOL_SANITIZE test. */
    if (VPOOL_SANITIZE && align < VPOOL_NALLOC_ALIGN) {
        align = VPOOL_NALLOC_ALIGN;
    }
    if (n == 0) {
        n = 1;
    }
    if (vpool__is_small(p, n, align) && vpool__inblock_align(align)) {
        return vpool__small(p, n, align);
    }
    return vpool__large(p, n, align);
}

/* memmove, not memcpy: the source is the caller's, and nothing proves it
 * apart from the bytes just carved (a stray pointer into a block's unused
 * space would overlap them); memmove makes that case defined. */
/*@ requires vpool_handle(p);
    requires src == \null || \valid_read((char *)src + (0 .. n - 1));
    assigns VPOOL_ALLOC_ASSIGNS, { *z | char *z; \separated(z, p) };
    ensures src == \null ==> \result == \null;
    ensures \result == \null ||
      vpool_served(p, (char *)\result, (n == 0 ? 1 : n), VPOOL_NALLOC_ALIGN);
    ensures copied: \result != \null ==>
      \forall integer i; 0 <= i < n ==> ((char *)\result)[i] == \old(((char *)src)[i]);
*/
void *vpool_memdup(vpool_t *p, const void *src, size_t n)
{
    char *r;
    if (src == NULL) {
        return NULL;
    }
    r = vpool__alloc_aligned(p, n, VPOOL_NALLOC_ALIGN);
    if (r != NULL && n != 0) {
        memmove(r, src, n);
    }
    return r;
}

/* Every string is shorter than SIZE_MAX bytes (an object is at most
 * PTRDIFF_MAX bytes), so len + 1 cannot wrap; the precondition says so for
 * the provers, which know no bound on strlen. */
/*@ requires vpool_handle(p);
    requires s == \null || (valid_read_string(s) && strlen(s) < PTRDIFF_MAX);
    assigns VPOOL_ALLOC_ASSIGNS, { *z | char *z; \separated(z, p) };
    ensures s == \null ==> \result == \null;
    ensures \result == \null ||
      vpool_served(p, \result, strlen{Pre}(s) + 1, VPOOL_NALLOC_ALIGN);
    ensures copied: \result != \null ==>
      \forall integer i; 0 <= i <= strlen{Pre}(s) ==> \result[i] == \old(s[i]);
*/
char *vpool_strdup(vpool_t *p, const char *s)
{
    size_t len;
    char *r;
    if (s == NULL) {
        return NULL;
    }
    len = strlen(s);
    r = vpool__alloc_aligned(p, len + 1, VPOOL_NALLOC_ALIGN);
    if (r != NULL) {
        memmove(r, s, len + 1);
    }
    return r;
}

/* The walk carries, in ghost code, the record before l (what unlinking l
 * needs), the steps left (its variant) and that the records left are apart
 * from the cleanup array; after a release, a ghost walk over the cleanup
 * records carries their pending count (recursive, so not carried across
 * the release's writes by itself) from the state before. */
/*@ requires p == \null || (\valid(p) && (p->magic == VPOOL_MAGIC ==>
      vpool_free_ready(p) && vpool_cl_avoids_large(p)));
    assigns p->large, p->nlarge, p->large_bytes, p->large_held, p->held,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room, p->root->lrec_cache, p->root->nlrec_cache,
            { *y | struct vpool_large *y; \separated(y, p) && \separated(y, p->root) },
            { *z | char *z; \separated(z, p) && \separated(z, p->root) };
    ensures stack_kept: p != \null && \old(p->magic) == VPOOL_MAGIC ==>
      vpool_cleanup_stack_valid{Pre}(p) ==> vpool_cleanup_stack_valid(p);
    behavior not_live:
      assumes p == \null || p->magic != VPOOL_MAGIC;
      ensures \result == VPOOL_EINVAL;
    behavior live_large:
      assumes p != \null && p->magic == VPOOL_MAGIC;
      assumes ptr != \null && vpool_large_holds(p->large, (char *)ptr, p->nlarge);
      ensures \result == VPOOL_OK;
      ensures p->nlarge == \old(p->nlarge) - 1;
      ensures p->held < \old(p->held) && p->large_held < \old(p->large_held);
    behavior other:
      assumes p != \null && p->magic == VPOOL_MAGIC;
      assumes ptr == \null || !vpool_large_holds(p->large, (char *)ptr, p->nlarge);
      ensures \result == VPOOL_DECLINED;
      ensures p->nlarge == \old(p->nlarge) && p->held == \old(p->held) &&
              p->large == \old(p->large);
    complete behaviors;
    disjoint behaviors;
*/
vpool_status_t vpool_free(vpool_t *p, void *ptr)
{
    struct vpool_large *l;
    /*@ ghost struct vpool_large *prev = NULL; */
    /*@ ghost size_t k; */
    if (!vpool__enter(p)) {
        return VPOOL_EINVAL;
    }
    if (ptr == NULL) {
        return VPOOL_DECLINED;
    }
    /*@ ghost k = p->nlarge; */
    /*@ loop invariant 0 <= k <= p->nlarge;
        loop invariant vpool_large_holds(p->large, (char *)ptr, p->nlarge) <==>
                       vpool_large_holds(l, (char *)ptr, k);
        loop invariant vpool_large_le(p, prev, l, k);
        loop invariant prev == \null ? l == p->large :
                       (\valid(prev) && \separated(prev, p) && \separated(prev, p->root) &&
                        prev->next == l);
        loop invariant rest_apart: p->capcl > 0 ==>
          \forall struct vpool_large *x; vpool_large_in(l, x, k) ==>
            \separated(x, p->cl + (0 .. p->capcl - 1));
        loop invariant prev_apart: p->capcl > 0 && prev != \null ==>
          \separated(prev, p->cl + (0 .. p->capcl - 1));
        loop assigns l, prev, k;
        loop variant k;
    */
    for (l = p->large; l != NULL; l = l->next) {
        if (l->mem == ptr) {
            /*@ assert found: vpool_large_mine(p, prev, l); */
            /*@ assert next_apart: p->capcl > 0 && l->next != \null ==>
                  \separated(l->next, p->cl + (0 .. p->capcl - 1)); */
            vpool__large_unlink(p, l);
            /* Restated between the calls: without it, that the release keeps
             * every handler (cl_records) timed out on all three provers. */
            /*@ assert release_apart: p->capcl > 0 ==> \separated(l, p->cl + (0 .. p->capcl - 1)) &&
                   \separated(p->root, p->cl + (0 .. p->capcl - 1)) &&
                   \separated(p, p->cl + (0 .. p->capcl - 1)); */
            vpool__large_release(p, l);
            /*@ ghost
              /@ assert cl_fields: p->cl == \at(p->cl, Pre) && p->ncl == \at(p->ncl, Pre) &&
                   p->capcl == \at(p->capcl, Pre) && p->npending == \at(p->npending, Pre); @/
              /@ assert cl_records: vpool_cleanup_stack_valid{Pre}(p) ==>
                   \forall integer i; 0 <= i < p->ncl ==>
                     p->cl[i].state == \at(p->cl[i].state, Pre) &&
                     p->cl[i].fn == \at(p->cl[i].fn, Pre); @/
              size_t j;
              /@ loop invariant 0 <= j <= p->ncl;
                 loop invariant pending: vpool_cleanup_stack_valid{Pre}(p) ==>
                   vpool_cl_pending(p, j) == vpool_cl_pending{Pre}(p, j);
                 loop assigns j;
                 loop variant p->ncl - j;
              @/
              for (j = 0; j < p->ncl; j++) {
              }
            */
            return VPOOL_OK;
        }
        /*@ ghost prev = l; k--; */
    }
    return VPOOL_DECLINED;
}

/* ---- cleanups ----------------------------------------------------------- */

#define VPOOL_CL_MAX_CAP ((size_t)1 << 30) /* slot index fits a handle's low 32 bits */
/* A handle is gen * VPOOL_CL_HANDLE_UNIT + slot (gen in the high 32 bits, the
 * 1-based slot in the low 32 bits); written with * / % rather than shifts and
 * masks so the provers see plain arithmetic (the compiled code is the same). */
#define VPOOL_CL_HANDLE_UNIT ((vpool_cleanup_t)1 << 32)

/* Makes arr (cap free slots apart from p, its root and the old array)
 * p's cleanup array: takes it off the root's cache if it came from there,
 * copies the records, gives the old array back and moves the charge from
 * the old array's bytes to the new one's. */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires vpool_cl_array_ok(p);
    requires from_cache != 0 ==> p->root->ncl_cache > 0;
    requires p->ncl == p->capcl && p->capcl < cap <= 1073741824;
    requires \valid(arr + (0 .. cap - 1)) && \separated(arr + (0 .. cap - 1), p) &&
             \separated(arr + (0 .. cap - 1), p->root);
    requires p->capcl > 0 ==> \separated(arr + (0 .. cap - 1), p->cl + (0 .. p->capcl - 1));
    requires cap * sizeof(struct vpool_cleanup_rec) <= p->limit - p->held;
    requires p->capcl * sizeof(struct vpool_cleanup_rec) <= p->held;
    assigns p->held, p->cl, p->capcl, p->root->ncl_cache, arr[0 .. cap - 1];
    ensures p->cl == arr && p->capcl == cap;
    ensures cache_taken: p->root->ncl_cache ==
      (from_cache != 0 ? \old(p->root->ncl_cache) - 1 : \old(p->root->ncl_cache));
    ensures held_exact: p->held + \old(p->capcl) * sizeof(struct vpool_cleanup_rec) ==
      \old(p->held) + cap * sizeof(struct vpool_cleanup_rec);
    ensures copied: \forall integer i; 0 <= i < p->ncl ==>
      p->cl[i].state == \old(p->cl[i].state) && p->cl[i].fn == \old(p->cl[i].fn) &&
      p->cl[i].data == \old(p->cl[i].data) && p->cl[i].gen == \old(p->cl[i].gen);
*/
static void vpool__cl_adopt(vpool_t *p, struct vpool_cleanup_rec *arr, size_t cap,
                            int from_cache)
{
    size_t i;

    /*@ loop invariant 0 <= i <= p->ncl;
        loop invariant \forall integer j; 0 <= j < i ==>
          arr[j].state == p->cl[j].state && arr[j].fn == p->cl[j].fn &&
          arr[j].data == p->cl[j].data && arr[j].gen == p->cl[j].gen;
        loop assigns i, arr[0 .. p->ncl - 1];
        loop variant p->ncl - i;
    */
    for (i = 0; i < p->ncl; i++) {
        arr[i] = p->cl[i];
    }
    if (p->cl != NULL) {
        vpool__cl_array_free(&p->backing, p->cl, p->capcl);
    }
    p->held = p->held - p->capcl * sizeof(struct vpool_cleanup_rec) +
              cap * sizeof(struct vpool_cleanup_rec);
    if (from_cache) {
        p->root->ncl_cache--;
    }
    p->cl = arr;
    p->capcl = cap;
}

/* vpool__cl_adopt, keeping p ready to allocate, with arr apart from what
 * allocation reads (its contract restated, plus alloc_kept and avoids).
 * The ghost walk that shows it sits in a function of its own, after the
 * one call: in vpool__cl_reserve, after its branches, each assertion of
 * the walk split into up to 30 goals, several of which timed out
 * (measured). gcc and clang inline both at -O2 (checked with nm). */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires vpool_cl_array_ok(p);
    requires from_cache != 0 ==> p->root->ncl_cache > 0;
    requires p->ncl == p->capcl && p->capcl < cap <= 1073741824;
    requires \valid(arr + (0 .. cap - 1)) && \separated(arr + (0 .. cap - 1), p) &&
             \separated(arr + (0 .. cap - 1), p->root);
    requires p->capcl > 0 ==> \separated(arr + (0 .. cap - 1), p->cl + (0 .. p->capcl - 1));
    requires cap * sizeof(struct vpool_cleanup_rec) <= p->limit - p->held;
    requires p->capcl * sizeof(struct vpool_cleanup_rec) <= p->held;
    requires ready: vpool_alloc_ready(p);
    requires fresh_avoids: vpool_cl_avoids(p, arr, cap);
    requires cache_ok: vpool_cl_cache_ok(p);
    requires arr_apart: \forall integer k; 0 <= k < p->root->ncl_cache - (from_cache != 0 ? 1 : 0) ==>
        \separated(arr + (0 .. cap - 1), p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1));
    assigns p->held, p->cl, p->capcl, p->root->ncl_cache, arr[0 .. cap - 1];
    ensures p->cl == arr && p->capcl == cap;
    ensures cache_taken: p->root->ncl_cache ==
      (from_cache != 0 ? \old(p->root->ncl_cache) - 1 : \old(p->root->ncl_cache));
    ensures held_exact: p->held + \old(p->capcl) * sizeof(struct vpool_cleanup_rec) ==
      \old(p->held) + cap * sizeof(struct vpool_cleanup_rec);
    ensures copied: \forall integer i; 0 <= i < p->ncl ==>
      p->cl[i].state == \old(p->cl[i].state) && p->cl[i].fn == \old(p->cl[i].fn) &&
      p->cl[i].data == \old(p->cl[i].data) && p->cl[i].gen == \old(p->cl[i].gen);
    ensures alloc_kept: vpool_alloc_ready(p);
    ensures avoids: vpool_cl_avoids(p, arr, cap);
    ensures cache_kept: vpool_cl_cache_ok(p);
*/
static void vpool__cl_install(vpool_t *p, struct vpool_cleanup_rec *arr, size_t cap,
                              int from_cache)
{
    vpool__cl_adopt(p, arr, cap, from_cache);
    /* Only arr, p and the root were written, all apart from the blocks of
     * the chain and the cached records allocation reads: one unfolding of
     * vpool_chain_le and vpool_chain_avoids per block carries both to this
     * state, the latter for arr and for each of the root's cached arrays
     * (a ghost walk, named by vpool_chain_nth, so it reads no memory).
     * The facts that need no walk come first: placed after the loop, each
     * had the loop's invariants in its context, and two timed out in a cold
     * run (measured; before the loop, none takes over 2.5 s). */
    /*@ ghost
      /@ assert root_same: p->root == \at(p->root, Pre) &&
           p->root->cache == \at(p->root->cache, Pre) &&
           p->block_size == \at(p->block_size, Pre); @/
      /@ assert arrays_kept: p->root->ncl_cache ==
             \at(p->root->ncl_cache, Pre) - (from_cache != 0 ? 1 : 0) &&
           \forall integer c; 0 <= c < VPOOL_CL_CACHE_MAX ==>
             p->root->cl_cache[c] == \at(p->root->cl_cache[c], Pre); @/
      /@ assert distinct_same: vpool_arrays_distinct(p->root); @/
      /@ assert distinct: vpool_cl_distinct(p); @/
      /@ assert cache_pre: p->root->cache != \null ==>
           \at(vpool_block_spare(p, p->root->cache), Pre) &&
           \separated(p->root->cache, arr + (0 .. cap - 1)); @/
      /@ assert cache_same: p->root->cache != \null ==>
           \let c = p->root->cache;
           c->size == \at(c->size, Pre) && c->used == \at(c->used, Pre) &&
           c->requested == \at(c->requested, Pre) && c->mis == \at(c->mis, Pre) &&
           c->mem == \at(c->mem, Pre); @/
      /@ assert g1: vpool_counters_ok(p); @/
      /@ assert g2: \valid(p) && \valid(p->root) &&
           (p->root == p || \separated(p, p->root)) &&
           VPOOL_MIN_BLOCK_SIZE <= p->block_size <= VPOOL_MAX_BLOCK_SIZE &&
           p->small_max <= p->block_size / 2 && p->nblocks < SIZE_MAX; @/
      /@ assert g3: p->last == \null ||
        (\valid(p->last) && \separated(p, p->last) && \separated(p->root, p->last)); @/
      /@ assert g4: p->root->cache != \null ==>
        p->root->ncache > 0 && (p->last == \null || \separated(p->last, p->root->cache)); @/
      /@ assert g5: p->root->cache != \null ==> vpool_block_ok(p->root->cache); @/
      /@ assert g6: p->root->cache != \null ==> vpool_block_spare(p, p->root->cache); @/
      /@ assert grow: vpool_grow_ok(p); @/
      /@ assert larea_root: p->root->nlarea_cache == \at(p->root->nlarea_cache, Pre) &&
           p->root->larea_room == \at(p->root->larea_room, Pre) &&
           p->root->lrec_cache == \at(p->root->lrec_cache, Pre) &&
           p->root->nlrec_cache == \at(p->root->nlrec_cache, Pre) &&
           p->large == \at(p->large, Pre); @/
      /@ assert larea_pre: \forall integer i; 0 <= i < p->root->nlarea_cache ==>
             p->root->larea[i] == \at(p->root->larea[i], Pre) &&
             \at(vpool_larea_spare(p, p->root->larea[i]), Pre) &&
             \separated(p->root->larea[i], arr + (0 .. cap - 1)); @/
      /@ assert larea_sep: \forall integer i; 0 <= i < p->root->nlarea_cache ==>
             p->root->larea[i] == \at(p->root->larea[i], Pre) &&
             \separated(p->root->larea[i], arr + (0 .. cap - 1)) &&
             \separated(p->root->larea[i], p) && \separated(p->root->larea[i], p->root); @/
      size_t m;
      /@ loop invariant 0 <= m <= p->root->nlarea_cache;
         loop invariant done: \forall integer i; 0 <= i < m ==>
           vpool_larea_spare(p, p->root->larea[i]) &&
           p->root->larea[i]->size <= SIZE_MAX - p->root->larea_room;
         loop assigns m;
         loop variant p->root->nlarea_cache - m;
      @/
      for (m = 0; m < p->root->nlarea_cache; m++) {
        /@ assert area_apart: \let l = p->root->larea[m];
             \separated(l, arr + (0 .. cap - 1)) && \separated(l, p) &&
             \separated(l, p->root) && \at(vpool_larea_spare(p, l), Pre) &&
             \at(l->size <= SIZE_MAX - p->root->larea_room, Pre); @/
        /@ assert area_same: \let l = p->root->larea[m];
             l->size == \at(l->size, Pre) && l->base == \at(l->base, Pre); @/
      }
      /@ assert lcaches: vpool_large_caches_ok(p); @/
      /@ assert cache_same: p->root->ncl_cache <= \at(p->root->ncl_cache, Pre) &&
           \forall integer c; 0 <= c < p->root->ncl_cache ==>
             p->root->cl_cache[c] == \at(p->root->cl_cache[c], Pre); @/
      size_t k;
      /@ loop invariant 0 <= k <= p->nblocks;
         loop invariant pre: vpool_chain_le{Pre}(p, vpool_chain_nth{Pre}(p->current, k),
                                                 p->nblocks - k);
         loop invariant pre_avoids: vpool_chain_avoids{Pre}(vpool_chain_nth{Pre}(p->current, k),
                                                           p->nblocks - k, arr, cap);
         loop invariant back: vpool_chain_le(p, vpool_chain_nth{Pre}(p->current, k),
                                             p->nblocks - k) ==>
                              vpool_chain_le(p, p->current, p->nblocks);
         loop invariant back_avoids: vpool_chain_avoids(vpool_chain_nth{Pre}(p->current, k),
                                                        p->nblocks - k, arr, cap) ==>
                                     vpool_chain_avoids(p->current, p->nblocks, arr, cap);
         loop invariant pre_cache: \forall integer c; 0 <= c < p->root->ncl_cache ==>
           vpool_chain_avoids{Pre}(vpool_chain_nth{Pre}(p->current, k), p->nblocks - k,
                                   p->root->cl_cache[c], VPOOL_CL_MIN_CAP);
         loop invariant back_cache: \forall integer c; 0 <= c < p->root->ncl_cache ==>
           vpool_chain_avoids(vpool_chain_nth{Pre}(p->current, k), p->nblocks - k,
                              p->root->cl_cache[c], VPOOL_CL_MIN_CAP) ==>
           vpool_chain_avoids(p->current, p->nblocks, p->root->cl_cache[c], VPOOL_CL_MIN_CAP);
         loop assigns k;
         loop variant p->nblocks - k;
      @/
      for (k = 0; k < p->nblocks; k++) {
        /@ assert step_sep: vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \separated(vpool_chain_nth{Pre}(p->current, k), p) &&
             \separated(vpool_chain_nth{Pre}(p->current, k), p->root) &&
             \separated(vpool_chain_nth{Pre}(p->current, k), arr + (0 .. cap - 1)) &&
             vpool_block_mine{Pre}(p, vpool_chain_nth{Pre}(p->current, k)); @/
        /@ assert step_fields: vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \let b = vpool_chain_nth{Pre}(p->current, k);
             b->next == \at(b->next, Pre) && b->size == \at(b->size, Pre) &&
             b->used == \at(b->used, Pre) && b->requested == \at(b->requested, Pre) &&
             b->mis == \at(b->mis, Pre) && b->mem == \at(b->mem, Pre); @/
        /@ assert step_same: vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \let b = vpool_chain_nth{Pre}(p->current, k);
             b->next == \at(b->next, Pre) && vpool_block_mine(p, b); @/
      }
      /@ assert walked: vpool_chain_le(p, p->current, p->nblocks); @/
      /@ assert cache_walked: \forall integer c; 0 <= c < p->root->ncl_cache ==>
           vpool_chain_avoids(p->current, p->nblocks, p->root->cl_cache[c], VPOOL_CL_MIN_CAP); @/
    */
}

/* Room for one more record on p's cleanup stack: doubles the array
 * (VPOOL_CL_MIN_CAP slots first, from the root's cache when it has one),
 * copying the records; 0 when the stack is at VPOOL_CL_MAX_CAP slots, the
 * limit refuses the bytes, or the backing allocator fails, and then nothing
 * was written. Capacities are VPOOL_CL_MIN_CAP * 2^k, so
 * `capcl > VPOOL_CL_MAX_CAP / 2` is `capcl == VPOOL_CL_MAX_CAP`, written so
 * the new capacity is bounded for the provers without the powers of two.
 * The pool stays ready to allocate: the new array is apart from the records
 * allocation reads (vpool_cl_avoids), so they keep their fields. The ghost
 * `out` is the caller's out-parameter (NULL: none): the array in use stays
 * apart from it, so the caller may write it after registering. */
/*@ requires \valid(p) && vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    requires out_ok: out == \null ||
      (\valid(out) &&
       (p->capcl > 0 ==> \separated(out, p->cl + (0 .. p->capcl - 1))) &&
       \forall integer k; 0 <= k < p->root->ncl_cache ==>
         \separated(out, p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1)));
    assigns p->held, p->cl, p->capcl, p->root->ncl_cache,
            { *r | struct vpool_cleanup_rec *r; \separated(r, p) && \separated(r, p->root) };
    ensures \result == 0 || \result == 1;
    ensures vpool_cl_array_ok(p) && p->held <= p->limit;
    ensures p->capcl * sizeof(struct vpool_cleanup_rec) <= p->held;
    ensures p->capcl > 0 ==> \separated(p->root, p->cl + (0 .. p->capcl - 1));
    ensures p->ncl == \old(p->ncl) && p->npending == \old(p->npending);
    ensures p->root == \old(p->root);
    ensures \result == 1 ==> p->ncl < p->capcl;
    ensures \forall integer i; 0 <= i < p->ncl ==>
      p->cl[i].state == \old(p->cl[i].state) && p->cl[i].fn == \old(p->cl[i].fn) &&
      p->cl[i].data == \old(p->cl[i].data) && p->cl[i].gen == \old(p->cl[i].gen);
    ensures held_exact: p->held + \old(p->capcl) * sizeof(struct vpool_cleanup_rec) ==
      \old(p->held) + p->capcl * sizeof(struct vpool_cleanup_rec);
    ensures cache_taken: p->root->ncl_cache <= \old(p->root->ncl_cache);
    ensures alloc_kept: vpool_alloc_ready(p);
    ensures avoids: p->capcl > 0 ==> vpool_cl_avoids(p, p->cl, p->capcl);
    ensures cache_kept: vpool_cl_cache_ok(p);
    ensures taken_top: p->root->ncl_cache < \old(p->root->ncl_cache) ==>
      p->cl == \old(p->root->cl_cache[\old(p->root->ncl_cache) - 1]);
    ensures out_apart: out == \null || p->capcl == 0 ||
      \separated(out, p->cl + (0 .. p->capcl - 1));
    ensures closing: (p->flags & VPOOL_F_CLOSING) != 0 ==>
      \result == 0 && p->cl == \old(p->cl) && p->capcl == \old(p->capcl) && p->held == \old(p->held);
*/
static int vpool__cl_reserve(vpool_t *p) /*@ ghost (void **out) */
{
    struct vpool_cleanup_rec *arr;
    size_t cap;
    int from_cache;

    if ((p->flags & VPOOL_F_CLOSING) != 0u) {
        vpool__report(p, VPOOL_MISUSE_BUSY, "vpool: cleanup registered on a pool whose cleanups are running (reset/destroy)");
        return 0;
    }
    if (p->ncl < p->capcl) {
        return 1;
    }
    if (p->capcl > VPOOL_CL_MAX_CAP / 2) {
        return 0;
    }
    cap = p->capcl == 0 ? VPOOL_CL_MIN_CAP : p->capcl * 2;
    if (cap * sizeof(struct vpool_cleanup_rec) > p->limit - p->held) {
        return 0;
    }
    from_cache = p->capcl == 0 && p->root->ncl_cache > 0;
    if (from_cache) {
        arr = p->root->cl_cache[p->root->ncl_cache - 1];
    } else {
        arr = vpool__cl_array_alloc(&p->backing, cap) /*@ ghost (p, out) */;
        if (arr == NULL) {
            return 0;
        }
    }
    vpool__cl_install(p, arr, cap, from_cache);
    return 1;
}

/* Pushes a pending record into a reserved slot and returns its handle.
 * It also states that the root's spare-record fields are unchanged: its
 * callers could not derive that through its frame within the timeout
 * (measured), and over the whole arrays, since a store through the
 * cleanup array is apart from the root only at indices inside it. */
/*@ requires \valid(p) && \valid(p->root) && vpool_cl_array_ok(p);
    requires root_apart: p->root == p || \separated(p, p->root);
    requires p->ncl < p->capcl && p->npending <= p->ncl;
    requires \separated(p->root, p->cl + (0 .. p->capcl - 1));
    assigns p->root->clgen, p->cl[p->ncl], p->ncl, p->npending;
    ensures vpool_cl_array_ok(p) && p->npending <= p->ncl;
    ensures p->ncl == \old(p->ncl) + 1 && p->npending == \old(p->npending) + 1;
    ensures p->root->clgen != 0;
    ensures p->cl[\old(p->ncl)].state == VPOOL_CL_PENDING &&
            p->cl[\old(p->ncl)].fn == fn && p->cl[\old(p->ncl)].data == data &&
            p->cl[\old(p->ncl)].gen == p->root->clgen;
    ensures \result == p->root->clgen * 4294967296 + p->ncl;
    ensures \forall integer i; 0 <= i < \old(p->ncl) ==>
      p->cl[i].state == \old(p->cl[i].state) && p->cl[i].fn == \old(p->cl[i].fn) &&
      p->cl[i].data == \old(p->cl[i].data) && p->cl[i].gen == \old(p->cl[i].gen);
    ensures counted: vpool_cl_pending(p, p->ncl) == vpool_cl_pending{Pre}(p, \old(p->ncl)) + 1;
    ensures stack_kept: p->root == \old(p->root) && p->cl == \old(p->cl) &&
      p->capcl == \old(p->capcl);
    ensures spares_same: p->root->cache == \old(p->root->cache) &&
      p->root->nlarea_cache == \old(p->root->nlarea_cache) &&
      p->root->ncl_cache == \old(p->root->ncl_cache);
    ensures areas_same: \forall integer i; 0 <= i < VPOOL_LAREA_CACHE_MAX ==>
      p->root->larea[i] == \old(p->root->larea[i]);
    ensures arrays_same: \forall integer c; 0 <= c < VPOOL_CL_CACHE_MAX ==>
      p->root->cl_cache[c] == \old(p->root->cl_cache[c]);
    ensures distinct_kept: vpool_cl_distinct{Pre}(p) ==> vpool_cl_distinct(p);
*/
static vpool_cleanup_t vpool__cl_push(vpool_t *p, vpool_cleanup_fn fn, void *data)
{
    struct vpool_cleanup_rec *rec = &p->cl[p->ncl];
    vpool_t *root = p->root;
    /*@ ghost size_t n0 = p->ncl; */
    /* one counter per tree: a handle names one registration in the tree */
    root->clgen = root->clgen == UINT32_MAX ? 1u : root->clgen + 1u;
    rec->fn = fn;
    rec->data = data;
    rec->gen = root->clgen;
    rec->state = VPOOL_CL_PENDING;
    p->ncl++;
    p->npending++;
    /* The records below the new one are as they were, so is their pending
     * count: one unfolding of vpool_cl_pending per slot (a ghost walk). */
    /*@ ghost
      size_t j;
      /@ loop invariant 0 <= j <= n0;
         loop invariant same: vpool_cl_pending(p, j) == vpool_cl_pending{Pre}(p, j);
         loop assigns j;
         loop variant n0 - j;
      @/
      for (j = 0; j < n0; j++) {
      }
    */
    return (vpool_cleanup_t)rec->gen * VPOOL_CL_HANDLE_UNIT + (vpool_cleanup_t)p->ncl;
}

/* vpool__cl_push, keeping p ready to allocate (its contract restated, plus
 * alloc_kept). The ghost walk that shows it sits here, after the call, not
 * in vpool__cl_push: there its hypotheses reached the push's other goals,
 * 14 of which then timed out on every prover (measured). gcc and clang
 * inline both at -O2 (checked with nm). */
/*@ requires \valid(p) && \valid(p->root) && vpool_cl_array_ok(p);
    requires root_apart: p->root == p || \separated(p, p->root);
    requires p->ncl < p->capcl && p->npending <= p->ncl;
    requires \separated(p->root, p->cl + (0 .. p->capcl - 1));
    requires avoids: vpool_cl_avoids(p, p->cl, p->capcl);
    assigns p->root->clgen, p->cl[p->ncl], p->ncl, p->npending;
    ensures vpool_cl_array_ok(p) && p->npending <= p->ncl;
    ensures p->ncl == \old(p->ncl) + 1 && p->npending == \old(p->npending) + 1;
    ensures p->root->clgen != 0;
    ensures p->cl[\old(p->ncl)].state == VPOOL_CL_PENDING &&
            p->cl[\old(p->ncl)].fn == fn && p->cl[\old(p->ncl)].data == data &&
            p->cl[\old(p->ncl)].gen == p->root->clgen;
    ensures \result == p->root->clgen * 4294967296 + p->ncl;
    ensures \forall integer i; 0 <= i < \old(p->ncl) ==>
      p->cl[i].state == \old(p->cl[i].state) && p->cl[i].fn == \old(p->cl[i].fn) &&
      p->cl[i].data == \old(p->cl[i].data) && p->cl[i].gen == \old(p->cl[i].gen);
    ensures alloc_kept: vpool_alloc_ready{Pre}(p) ==> vpool_alloc_ready(p);
    ensures counted: vpool_cl_pending(p, p->ncl) == vpool_cl_pending{Pre}(p, \old(p->ncl)) + 1;
    ensures avoids_kept: vpool_alloc_ready{Pre}(p) ==> vpool_cl_avoids(p, p->cl, p->capcl);
    ensures cache_kept: vpool_alloc_ready{Pre}(p) && vpool_cl_cache_ok{Pre}(p) ==>
      vpool_cl_cache_ok(p);
*/
static vpool_cleanup_t vpool__cl_register(vpool_t *p, vpool_cleanup_fn fn, void *data)
{
    vpool_cleanup_t h = vpool__cl_push(p, fn, data);
    /* Only the new record, p and the root were written, all apart from the
     * blocks of the chain and the cached records allocation reads: a ghost
     * walk as in vpool__cl_reserve carries vpool_alloc_ready here (and
     * vpool_cl_avoids of the array in use and of each cached array), with the
     * facts that need no walk stated first, as there (after the loop, five
     * took 6 to 8 s cold; before it, none over 3.5 s: measured). */
    /*@ ghost
      /@ assert cache_sep: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
           p->root->cache == \at(p->root->cache, Pre) && \separated(p->root->cache, p) &&
           \separated(p->root->cache, p->cl + (0 .. p->capcl - 1)); @/
      /@ assert cache_same: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
           \let c = p->root->cache;
           c->size == \at(c->size, Pre) && c->used == \at(c->used, Pre) &&
           c->requested == \at(c->requested, Pre) && c->mis == \at(c->mis, Pre) &&
           c->mem == \at(c->mem, Pre); @/
      /@ assert g1: vpool_alloc_ready{Pre}(p) ==> vpool_counters_ok(p); @/
      /@ assert g2: vpool_alloc_ready{Pre}(p) ==> \valid(p) && \valid(p->root) &&
           (p->root == p || \separated(p, p->root)) &&
           VPOOL_MIN_BLOCK_SIZE <= p->block_size <= VPOOL_MAX_BLOCK_SIZE &&
           p->small_max <= p->block_size / 2 && p->nblocks < SIZE_MAX; @/
      /@ assert g3: vpool_alloc_ready{Pre}(p) ==> (p->last == \null ||
        (\valid(p->last) && \separated(p, p->last) && \separated(p->root, p->last))); @/
      /@ assert g4: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
        p->root->ncache > 0 && (p->last == \null || \separated(p->last, p->root->cache)); @/
      /@ assert g5: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
        vpool_block_ok(p->root->cache); @/
      /@ assert g6: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
        vpool_block_spare(p, p->root->cache); @/
      /@ assert grow: vpool_alloc_ready{Pre}(p) ==> vpool_grow_ok(p); @/
      /@ assert larea_sep: vpool_alloc_ready{Pre}(p) ==>
           \forall integer i; 0 <= i < p->root->nlarea_cache ==>
             p->root->larea[i] == \at(p->root->larea[i], Pre) &&
             \separated(p->root->larea[i], p->cl + (0 .. p->capcl - 1)) &&
             \separated(p->root->larea[i], p) && \separated(p->root->larea[i], p->root); @/
      /@ assert larea_same: vpool_alloc_ready{Pre}(p) ==>
           \forall integer i; 0 <= i < p->root->nlarea_cache ==>
             \let l = p->root->larea[i];
             l->size == \at(l->size, Pre) && l->base == \at(l->base, Pre); @/
      /@ assert lrec: vpool_alloc_ready{Pre}(p) ==> vpool_lrec_cache_ok(p); @/
      /@ assert larea_ok: vpool_alloc_ready{Pre}(p) ==>
           \forall integer i; 0 <= i < p->root->nlarea_cache ==>
             vpool_larea_spare(p, p->root->larea[i]) &&
             p->root->larea[i]->size <= SIZE_MAX - p->root->larea_room; @/
      /@ assert lcaches: vpool_alloc_ready{Pre}(p) ==> vpool_large_caches_ok(p); @/
      /@ assert arrays_same: p->root->ncl_cache == \at(p->root->ncl_cache, Pre) &&
           \forall integer c; 0 <= c < VPOOL_CL_CACHE_MAX ==>
             p->root->cl_cache[c] == \at(p->root->cl_cache[c], Pre); @/
      size_t k;
      /@ loop invariant 0 <= k <= p->nblocks;
         loop invariant pre: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_le{Pre}(p, vpool_chain_nth{Pre}(p->current, k), p->nblocks - k);
         loop invariant pre_avoids: vpool_chain_avoids{Pre}(vpool_chain_nth{Pre}(p->current, k),
                                                           p->nblocks - k, p->cl, p->capcl);
         loop invariant back: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_le(p, vpool_chain_nth{Pre}(p->current, k), p->nblocks - k) ==>
           vpool_chain_le(p, p->current, p->nblocks);
         loop invariant back_avoids: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_avoids(vpool_chain_nth{Pre}(p->current, k), p->nblocks - k,
                              p->cl, p->capcl) ==>
           vpool_chain_avoids(p->current, p->nblocks, p->cl, p->capcl);
         loop invariant pre_cache: vpool_alloc_ready{Pre}(p) && vpool_cl_cache_ok{Pre}(p) ==>
           \forall integer c; 0 <= c < p->root->ncl_cache ==>
             vpool_chain_avoids{Pre}(vpool_chain_nth{Pre}(p->current, k), p->nblocks - k,
                                     p->root->cl_cache[c], VPOOL_CL_MIN_CAP);
         loop invariant back_cache: vpool_alloc_ready{Pre}(p) && vpool_cl_cache_ok{Pre}(p) ==>
           \forall integer c; 0 <= c < p->root->ncl_cache ==>
             vpool_chain_avoids(vpool_chain_nth{Pre}(p->current, k), p->nblocks - k,
                                p->root->cl_cache[c], VPOOL_CL_MIN_CAP) ==>
             vpool_chain_avoids(p->current, p->nblocks, p->root->cl_cache[c], VPOOL_CL_MIN_CAP);
         loop assigns k;
         loop variant p->nblocks - k;
      @/
      for (k = 0; k < p->nblocks; k++) {
        /@ assert step_sep: vpool_alloc_ready{Pre}(p) &&
             vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \separated(vpool_chain_nth{Pre}(p->current, k), p) &&
             \separated(vpool_chain_nth{Pre}(p->current, k), p->root) &&
             \separated(vpool_chain_nth{Pre}(p->current, k), p->cl + (0 .. p->capcl - 1)) &&
             vpool_block_mine{Pre}(p, vpool_chain_nth{Pre}(p->current, k)); @/
        /@ assert step_fields: vpool_alloc_ready{Pre}(p) &&
             vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \let b = vpool_chain_nth{Pre}(p->current, k);
             b->next == \at(b->next, Pre) && b->size == \at(b->size, Pre) &&
             b->used == \at(b->used, Pre) && b->requested == \at(b->requested, Pre) &&
             b->mis == \at(b->mis, Pre) && b->mem == \at(b->mem, Pre); @/
        /@ assert step_same: vpool_alloc_ready{Pre}(p) &&
             vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \let b = vpool_chain_nth{Pre}(p->current, k);
             b->next == \at(b->next, Pre) && vpool_block_mine(p, b); @/
      }
      /@ assert walked: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_le(p, p->current, p->nblocks); @/
      /@ assert walked_avoids: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_avoids(p->current, p->nblocks, p->cl, p->capcl); @/
      /@ assert cache_walked: vpool_alloc_ready{Pre}(p) && vpool_cl_cache_ok{Pre}(p) ==>
           \forall integer c; 0 <= c < p->root->ncl_cache ==>
             vpool_chain_avoids(p->current, p->nblocks, p->root->cl_cache[c], VPOOL_CL_MIN_CAP); @/
      /@ assert arrays_apart: vpool_alloc_ready{Pre}(p) && vpool_cl_cache_ok{Pre}(p) ==>
           \forall integer c; 0 <= c < p->root->ncl_cache ==>
             (p->root->cache == \null ||
              \separated(p->root->cache, p->root->cl_cache[c] + (0 .. VPOOL_CL_MIN_CAP - 1))) &&
             \forall integer i; 0 <= i < p->root->nlarea_cache ==>
               \separated(p->root->larea[i], p->root->cl_cache[c] + (0 .. VPOOL_CL_MIN_CAP - 1)); @/
    */
    return h;
}

/* The pending record named by h, or NULL. */
/*@ requires \valid_read(p) && vpool_cl_array_ok(p);
    assigns \nothing;
    ensures \result == \null ||
      (\exists integer i; 0 <= i < p->ncl && \result == p->cl + i &&
         i == h % 4294967296 - 1 && \result->gen == h / 4294967296 &&
         \result->state == VPOOL_CL_PENDING);
    ensures found: \result != \null ==> vpool_cl_names(p, h, h % 4294967296 - 1);
    ensures \result == \null ==> !(\exists integer i; vpool_cl_names(p, h, i));
*/
static struct vpool_cleanup_rec *vpool__cl_find(vpool_t *p, vpool_cleanup_t h)
{
    uint64_t slot = h % VPOOL_CL_HANDLE_UNIT;
    struct vpool_cleanup_rec *rec;
    if (slot == 0 || slot > p->ncl) {
        return NULL;
    }
    rec = &p->cl[slot - 1];
    if (rec->gen != (uint32_t)(h / VPOOL_CL_HANDLE_UNIT) || rec->state != VPOOL_CL_PENDING) {
        return NULL;
    }
    return rec;
}

/* Marks rec done and drops finished records from the top of the stack. */
/*@ requires \valid(p) && vpool_cl_array_ok(p) && p->npending > 0;
    requires \exists integer i; 0 <= i < p->ncl && rec == p->cl + i;
    requires pending: rec->state == VPOOL_CL_PENDING;
    assigns rec->state, p->npending, p->ncl;
    ensures vpool_cl_array_ok(p);
    ensures rec->state == VPOOL_CL_DONE;
    ensures p->npending == \old(p->npending) - 1;
    ensures p->ncl <= \old(p->ncl);
    ensures p->ncl == 0 || p->cl[p->ncl - 1].state != VPOOL_CL_DONE;
    ensures \forall integer j; p->ncl <= j < \old(p->ncl) ==> p->cl[j].state == VPOOL_CL_DONE;
    ensures counted: vpool_cl_pending(p, p->ncl) == vpool_cl_pending{Pre}(p, \old(p->ncl)) - 1;
*/
static void vpool__cl_retire(vpool_t *p, struct vpool_cleanup_rec *rec)
{
    /*@ ghost size_t n0 = p->ncl; */
    /*@ ghost size_t at = (size_t)(rec - p->cl); */
    rec->state = VPOOL_CL_DONE;
    p->npending--;
    /* Only slot `at` changed, from pending to done: the pending count of
     * every prefix past it dropped by one (a ghost walk, one unfolding of
     * vpool_cl_pending per slot); the pops below remove done records only. */
    /*@ ghost
      size_t j;
      /@ loop invariant 0 <= j <= n0;
         loop invariant below: j <= at ==> vpool_cl_pending(p, j) == vpool_cl_pending{Pre}(p, j);
         loop invariant above: j > at ==>
           vpool_cl_pending(p, j) == vpool_cl_pending{Pre}(p, j) - 1;
         loop assigns j;
         loop variant n0 - j;
      @/
      for (j = 0; j < n0; j++) {
      }
    */
    /*@ loop invariant 0 <= p->ncl <= \at(p->ncl, Pre);
        loop invariant popped_done: \forall integer j; p->ncl <= j < \at(p->ncl, Pre) ==>
                         p->cl[j].state == VPOOL_CL_DONE;
        loop invariant counted: vpool_cl_pending(p, p->ncl) == vpool_cl_pending{Pre}(p, n0) - 1;
        loop assigns p->ncl;
        loop variant p->ncl;
    */
    while (p->ncl > 0 && p->cl[p->ncl - 1].state == VPOOL_CL_DONE) {
        p->ncl--;
    }
}

/* vpool__cl_retire, keeping p ready to allocate (its contract restated,
 * plus alloc_kept): the retire writes one record's state and two counters
 * of p, all apart from the blocks of the chain and the cached records
 * allocation reads. The ghost walk that shows it sits here, after the one
 * call, as in vpool__cl_register (inlined at -O2). */
/*@ requires \valid(p) && vpool_cl_array_ok(p) && p->npending > 0;
    requires \exists integer i; 0 <= i < p->ncl && rec == p->cl + i;
    requires pending: rec->state == VPOOL_CL_PENDING;
    assigns rec->state, p->npending, p->ncl;
    ensures vpool_cl_array_ok(p);
    ensures rec->state == VPOOL_CL_DONE;
    ensures p->npending == \old(p->npending) - 1;
    ensures p->ncl <= \old(p->ncl);
    ensures p->ncl == 0 || p->cl[p->ncl - 1].state != VPOOL_CL_DONE;
    ensures \forall integer j; p->ncl <= j < \old(p->ncl) ==> p->cl[j].state == VPOOL_CL_DONE;
    ensures counted: vpool_cl_pending(p, p->ncl) == vpool_cl_pending{Pre}(p, \old(p->ncl)) - 1;
    ensures alloc_kept: vpool_alloc_ready{Pre}(p) ==> vpool_alloc_ready(p);
    ensures cl_kept: vpool_cl_pending{Pre}(p, \old(p->ncl)) == \old(p->npending) ==>
      vpool_cl_ready(p);
    ensures add_kept: vpool_cl_add_ready{Pre}(p) &&
      vpool_cl_pending{Pre}(p, \old(p->ncl)) == \old(p->npending) ==> vpool_cl_add_ready(p);
*/
static void vpool__cl_retire_kept(vpool_t *p, struct vpool_cleanup_rec *rec)
{
    vpool__cl_retire(p, rec);
    /* With an exact pending count before, the count is exact after
     * (counted), so the lemma bounds it by ncl and keeps it positive while
     * a pending record is left: what vpool_cl_ready and
     * vpool_cl_add_ready state of it. */
    /*@ ghost vpool__lemma_cl_pending(p, p->ncl); */
    /* The facts that need no walk first, then the walk (as in
     * vpool__cl_install). */
    /*@ assert p_same: p->root == \at(p->root, Pre) && p->block_size == \at(p->block_size, Pre) &&
                       p->current == \at(p->current, Pre) && p->nblocks == \at(p->nblocks, Pre); */
    /*@ assert count_ok: vpool_cl_pending{Pre}(p, \at(p->ncl, Pre)) == \at(p->npending, Pre) ==>
          p->npending <= p->ncl; */
    /*@ assert add_same: vpool_cl_add_ready{Pre}(p) ==>
          p->cl == \at(p->cl, Pre) && p->capcl == \at(p->capcl, Pre) &&
          p->held == \at(p->held, Pre) && p->limit == \at(p->limit, Pre) &&
          p->root->ncl_cache == \at(p->root->ncl_cache, Pre) &&
          p->root->nlarea_cache == \at(p->root->nlarea_cache, Pre); */
    /*@ assert add_avoids: vpool_cl_add_ready{Pre}(p) ==>
          (p->capcl > 0 ==> vpool_cl_avoids(p, p->cl, p->capcl)); */
    /*@ assert add_cache: vpool_cl_add_ready{Pre}(p) ==> vpool_cl_cache_ok(p); */
    /*@ assert cache_sep: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
          p->root->cache == \at(p->root->cache, Pre) && \separated(p->root->cache, p); */
    /*@ assert cache_same: vpool_alloc_ready{Pre}(p) && p->root->cache != \null ==>
         \let c = p->root->cache;
         c->size == \at(c->size, Pre) && c->used == \at(c->used, Pre) &&
         c->requested == \at(c->requested, Pre) && c->mis == \at(c->mis, Pre) &&
         c->mem == \at(c->mem, Pre); */
    /*@ assert g1: vpool_alloc_ready{Pre}(p) ==> vpool_counters_ok(p); */
    /*@ assert grow: vpool_alloc_ready{Pre}(p) ==> vpool_grow_ok(p); */
    /*@ assert larea_sep: vpool_alloc_ready{Pre}(p) ==>
         \forall integer i; 0 <= i < p->root->nlarea_cache ==>
           p->root->larea[i] == \at(p->root->larea[i], Pre) &&
           \separated(p->root->larea[i], p); */
    /*@ assert larea_same: vpool_alloc_ready{Pre}(p) ==>
         \forall integer i; 0 <= i < p->root->nlarea_cache ==>
           \let l = p->root->larea[i];
           p->root->larea[i] == \at(p->root->larea[i], Pre) &&
           l->size == \at(l->size, Pre) && l->base == \at(l->base, Pre); */
    /*@ assert lcaches: vpool_alloc_ready{Pre}(p) ==> vpool_large_caches_ok(p); */
    /*@ ghost
      size_t k;
      /@ loop invariant 0 <= k <= p->nblocks;
         loop invariant pre: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_le{Pre}(p, vpool_chain_nth{Pre}(p->current, k), p->nblocks - k);
         loop invariant back: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_le(p, vpool_chain_nth{Pre}(p->current, k), p->nblocks - k) ==>
           vpool_chain_le(p, p->current, p->nblocks);
         loop assigns k;
         loop variant p->nblocks - k;
      @/
      for (k = 0; k < p->nblocks; k++) {
        /@ assert step_sep: vpool_alloc_ready{Pre}(p) &&
             vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \separated(vpool_chain_nth{Pre}(p->current, k), p) &&
             \separated(vpool_chain_nth{Pre}(p->current, k), p->root) &&
             vpool_block_mine{Pre}(p, vpool_chain_nth{Pre}(p->current, k)); @/
        /@ assert step_fields: vpool_alloc_ready{Pre}(p) &&
             vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \let b = vpool_chain_nth{Pre}(p->current, k);
             b->next == \at(b->next, Pre) && b->size == \at(b->size, Pre) &&
             b->used == \at(b->used, Pre) && b->requested == \at(b->requested, Pre) &&
             b->mis == \at(b->mis, Pre) && b->mem == \at(b->mem, Pre); @/
        /@ assert step_same: vpool_alloc_ready{Pre}(p) &&
             vpool_chain_nth{Pre}(p->current, k) != \null ==>
             \let b = vpool_chain_nth{Pre}(p->current, k);
             b->next == \at(b->next, Pre) && vpool_block_mine(p, b); @/
      }
      /@ assert walked: vpool_alloc_ready{Pre}(p) ==>
           vpool_chain_le(p, p->current, p->nblocks); @/
    */
}

/*@ requires p == \null ||
             (\valid(p) && (p->magic == VPOOL_MAGIC ==>
                vpool_cl_add_ready(p) && vpool_alloc_ready(p)));
    assigns p->held, p->cl, p->capcl, p->root->ncl_cache, p->root->clgen, p->ncl,
            p->npending,
            { *r | struct vpool_cleanup_rec *r; \separated(r, p) && \separated(r, p->root) };
    behavior registered:
      assumes p != \null && p->magic == VPOOL_MAGIC && fn != \null;
      ensures \result == 0 ==> p->npending == \old(p->npending) && p->ncl == \old(p->ncl);
      ensures \result != 0 ==>
        p->npending == \old(p->npending) + 1 && p->ncl == \old(p->ncl) + 1 &&
        p->cl[p->ncl - 1].state == VPOOL_CL_PENDING && p->cl[p->ncl - 1].fn == fn &&
        p->cl[p->ncl - 1].data == data &&
        \result == p->root->clgen * 4294967296 + p->ncl;
      ensures \forall integer i; 0 <= i < \old(p->ncl) ==>
        p->cl[i].state == \old(p->cl[i].state) && p->cl[i].fn == \old(p->cl[i].fn) &&
        p->cl[i].data == \old(p->cl[i].data) && p->cl[i].gen == \old(p->cl[i].gen);
      ensures valid_kept: vpool_cleanup_stack_valid{Pre}(p) ==> vpool_cleanup_stack_valid(p);
      ensures alloc_kept: vpool_alloc_ready(p);
      ensures add_kept: vpool_cl_add_ready(p);
      ensures cl_kept: vpool_cl_ready{Pre}(p) ==> vpool_cl_ready(p);
    behavior refused:
      assumes p == \null || p->magic != VPOOL_MAGIC || fn == \null;
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
*/
vpool_cleanup_t vpool_cleanup_add(vpool_t *p, vpool_cleanup_fn fn, void *data)
{
    int reserved;
    vpool_cleanup_t h;
    if (!vpool__enter(p) || fn == NULL) {
        return 0;
    }
    reserved = vpool__cl_reserve(p) /*@ ghost ((void **)0) */;
    /* The records kept their states, so their pending count is unchanged:
     * one unfolding of vpool_cl_pending per slot (a ghost walk). */
    /*@ ghost
      size_t j;
      /@ loop invariant 0 <= j <= p->ncl;
         loop invariant same: vpool_cl_pending(p, j) == vpool_cl_pending{Pre}(p, j);
         loop assigns j;
         loop variant p->ncl - j;
      @/
      for (j = 0; j < p->ncl; j++) {
      }
    */
    if (!reserved) {
        return 0;
    }
    /*@ assert slot_apart: \separated(p->cl + p->ncl, p) &&
                           \separated(p->cl + p->ncl, p->root); */
    h = vpool__cl_register(p, fn, data);
    /*@ assert kept_states: vpool_cleanup_stack_valid{Pre}(p) ==>
          \forall integer i; 0 <= i < p->ncl ==>
            (p->cl[i].state == VPOOL_CL_PENDING && p->cl[i].fn != \null) ||
            p->cl[i].state == VPOOL_CL_DONE; */
    /*@ assert kept_count: vpool_cleanup_stack_valid{Pre}(p) ==>
          vpool_cl_pending(p, p->ncl) == p->npending; */
    return h;
}

/* vpool__cl_add_data's allocation, with what the push after it needs
 * spelled out: the allocation writes no field of the cleanup stack, and,
 * the array in use avoiding every record an allocation may write
 * (vpool_alloc_avoids, which the reservation leaves), its frame excludes
 * the array (VPOOL_ALLOC_ASSIGNS). That the records are then unchanged is
 * not derived from that frame: cvc5 took 15 to 27 s for three fields and
 * failed the fourth at 60 s (measured), over the gate's 10 s. Its own
 * function so the provers see that frame apart from the registration's
 * facts (inlined; the same split as vpool__cl_register). */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC && vpool_alloc_ready(p);
    requires p->root == p || \separated(p, p->root);
    requires push_ready: vpool_cl_array_ok(p) && p->ncl < p->capcl && p->npending <= p->ncl &&
      \separated(p->root, p->cl + (0 .. p->capcl - 1));
    requires avoids: vpool_alloc_avoids(p);
    assigns VPOOL_ALLOC_ASSIGNS;
    ensures \result == \null ||
      vpool_served(p, (char *)\result, (n == 0 ? 1 : n), VPOOL_ALIGNMENT_L);
    ensures stack_kept: p->cl == \old(p->cl) && p->root == \old(p->root) &&
      p->capcl == \old(p->capcl) && p->ncl == \old(p->ncl) &&
      p->npending == \old(p->npending);
    ensures push_ready: vpool_cl_array_ok(p) && p->ncl < p->capcl && p->npending <= p->ncl &&
      \separated(p->root, p->cl + (0 .. p->capcl - 1));
    ensures slot_apart: \separated(p->cl + p->ncl, p) && \separated(p->cl + p->ncl, p->root);
    ensures served_n: \result == \null || vpool_served(p, (char *)\result, n, VPOOL_ALIGNMENT_L);
    ensures slot_valid: \valid(p->cl + p->ncl) &&
      (p->ncl > 0 ==> \valid(p->cl + (p->ncl - 1)));
*/
static void *vpool__cl_data_alloc(vpool_t *p, size_t n)
{
    void *r;
    /*@ assert large_apart: p->large == \null || \separated(p->large, p); */
    /*@ assert slot_root: \separated(p->cl + p->ncl, p->root); */
    r = vpool_alloc(p, n);
    /*@ assert kept: p->cl == \at(p->cl, Pre) && p->root == \at(p->root, Pre) &&
          p->capcl == \at(p->capcl, Pre) && p->ncl == \at(p->ncl, Pre) &&
          p->npending == \at(p->npending, Pre); */
    return r;
}

/* Writes vpool_cleanup_add_sized's out-parameter. A function of its own so
 * that its frame (the slot is apart from the pool record, its root and its
 * cleanup array, so they keep their fields) is shown once, in a small
 * context, rather than inside the caller's (inlined). */
/*@ requires \valid(data) && \valid(p);
    requires \separated(data, p) && \separated(data, p->root);
    requires p->capcl > 0 ==> \separated(data, p->cl + (0 .. p->capcl - 1));
    requires p->ncl <= p->capcl;
    assigns *data;
    ensures *data == d;
    ensures p->root == \old(p->root) && p->cl == \old(p->cl);
    ensures top_kept: p->ncl > 0 ==>
      p->cl[p->ncl - 1].fn == \old(p->cl[p->ncl - 1].fn) &&
      p->cl[p->ncl - 1].data == \old(p->cl[p->ncl - 1].data);
*/
static void vpool__cl_out(void **data, void *d) /*@ ghost (vpool_t *p) */
{
    *data = d;
}

/* Registers fn with `size` bytes of pool data as its argument: reserves a
 * slot, allocates the data, pushes the record. Registration comes first, so
 * a refused registration hands out no pool memory; a failed allocation
 * leaves only the capacity the stack grew. The data is the new top
 * record's `data`, so no caller needs an addressed local for it (a local
 * whose address is taken changes WP's allocation table, and no recursive
 * predicate survives that). The ghost `out` is the caller's out-parameter,
 * kept apart from the array in use (vpool__cl_reserve's out_apart). That
 * the earlier records are unchanged is not claimed: the allocation's frame
 * excludes the array in use (vpool__cl_data_alloc), but the provers did not
 * derive the records' fields from that frame within the timeout. */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC;
    requires vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    requires out_ok: out == \null ||
      (\valid(out) && \separated(out, p) && \separated(out, p->root) &&
       (p->capcl > 0 ==> \separated(out, p->cl + (0 .. p->capcl - 1))) &&
       \forall integer k; 0 <= k < p->root->ncl_cache ==>
         \separated(out, p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1)));
    assigns VPOOL_ALLOC_ASSIGNS_ANY_CL, p->cl, p->capcl, p->root->ncl_cache, p->root->clgen,
            p->ncl, p->npending,
            { *r | struct vpool_cleanup_rec *r; \separated(r, p) && \separated(r, p->root) };
    ensures vpool_cl_array_ok(p) && p->root == \old(p->root);
    ensures top_valid: p->ncl <= p->capcl && (p->ncl > 0 ==> \valid(p->cl + (p->ncl - 1)));
    ensures \result == 0 ==> p->npending == \old(p->npending) && p->ncl == \old(p->ncl);
    ensures \result != 0 ==>
      p->npending == \old(p->npending) + 1 && p->ncl == \old(p->ncl) + 1 &&
      p->cl[p->ncl - 1].state == VPOOL_CL_PENDING && p->cl[p->ncl - 1].fn == fn &&
      \result == p->root->clgen * 4294967296 + p->ncl;
    ensures served: \result != 0 ==>
      vpool_served(p, (char *)p->cl[p->ncl - 1].data, (size == 0 ? 1 : size), VPOOL_ALIGNMENT_L);
    ensures served_size: \result != 0 ==>
      vpool_served(p, (char *)p->cl[p->ncl - 1].data, size, VPOOL_ALIGNMENT_L);
    ensures out_apart: out == \null || p->capcl == 0 ||
      \separated(out, p->cl + (0 .. p->capcl - 1));
*/
static vpool_cleanup_t vpool__cl_add_data(vpool_t *p, vpool_cleanup_fn fn, size_t size)
  /*@ ghost (void **out) */
{
    void *d;
    vpool_cleanup_t h;
    /*@ ghost vpool_t *root0 = p->root; struct vpool_large *large0 = p->large; */
    int reserved = vpool__cl_reserve(p) /*@ ghost (out) */;
    /* Each call keeps the root, the large list head and the slot's
     * apartness (their contracts); asserted step by step for the provers. */
    /*@ assert out_reserved: p->root == root0 && p->large == large0 &&
          (out != \null && p->capcl > 0 ==> \separated(out, p->cl + (0 .. p->capcl - 1))); */
    if (!reserved) {
        return 0;
    }
    /* The array in use avoids what an allocation reads and writes
     * (vpool__cl_reserve's avoids, for a non-empty array). */
    /*@ assert avoids: vpool_alloc_avoids(p); */
    d = vpool__cl_data_alloc(p, size);
    /*@ assert out_allocated: p->root == root0 &&
          (out != \null ==> \separated(out, p->cl + (0 .. p->capcl - 1))); */
    if (d == NULL) {
        return 0;
    }
    /*@ assert slot_valid: \valid(p->cl + p->ncl); */
    h = vpool__cl_push(p, fn, d);
    /*@ assert out_pushed: p->root == root0 &&
          (out != \null ==> \separated(out, p->cl + (0 .. p->capcl - 1))); */
    return h;
}

/* *data is written last, once, on every path past the NULL check, so no
 * write of the caller's slot stands between the pool's preconditions and
 * the calls that need them. The slot must not be the pool record, its root
 * or a cleanup array (data_ok). */
/*@ requires p == \null ||
             (\valid(p) && (p->magic == VPOOL_MAGIC ==>
                vpool_cl_add_ready(p) && vpool_alloc_ready(p)));
    requires data_ok: data == \null ||
      (\valid(data) &&
       (p != \null && p->magic == VPOOL_MAGIC ==>
          \separated(data, p) && \separated(data, p->root) &&
          (p->capcl > 0 ==> \separated(data, p->cl + (0 .. p->capcl - 1))) &&
          \forall integer k; 0 <= k < p->root->ncl_cache ==>
            \separated(data, p->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1))));
    assigns VPOOL_ALLOC_ASSIGNS_ANY_CL, p->cl, p->capcl, p->root->ncl_cache, p->root->clgen,
            p->ncl, p->npending,
            { *r | struct vpool_cleanup_rec *r; \separated(r, p) && \separated(r, p->root) },
            *data;
    behavior registered:
      assumes p != \null && p->magic == VPOOL_MAGIC && fn != \null && data != \null;
      ensures \result == 0 ==> *data == \null &&
        p->npending == \old(p->npending) && p->ncl == \old(p->ncl);
      ensures \result != 0 ==>
        p->npending == \old(p->npending) + 1 && p->ncl == \old(p->ncl) + 1 &&
        p->cl[p->ncl - 1].state == VPOOL_CL_PENDING && p->cl[p->ncl - 1].fn == fn &&
        p->cl[p->ncl - 1].data == *data &&
        \result == p->root->clgen * 4294967296 + p->ncl;
      ensures served: \result != 0 ==>
        vpool_served(p, (char *)*data, (size == 0 ? 1 : size), VPOOL_ALIGNMENT_L);
    behavior refused:
      assumes p == \null || p->magic != VPOOL_MAGIC || fn == \null || data == \null;
      assigns *data;
      ensures \result == 0;
      ensures data != \null ==> *data == \null;
    complete behaviors;
    disjoint behaviors;
*/
vpool_cleanup_t vpool_cleanup_add_sized(vpool_t *p, vpool_cleanup_fn fn, size_t size, void **data)
{
    vpool_cleanup_t h = 0;
    if (vpool__enter(p) && fn != NULL && data != NULL) {
        h = vpool__cl_add_data(p, fn, size) /*@ ghost (data) */;
        /* Stated before the write of *data: after it, no prover found the
         * data apart from the root record within 30 s. */
        /*@ assert data_root: h != 0 ==>
              \separated((char *)p->cl[p->ncl - 1].data + (0 .. (size == 0 ? 1 : size) - 1),
                         p->root); */
        vpool__cl_out(data, h != 0 ? (p->cl + p->ncl - 1)->data : NULL) /*@ ghost (p) */;
    } else if (data != NULL) {
        *data = NULL;
    }
    return h;
}

/* The record is retired before fn runs, so fn (or anything it calls) cannot
 * run it again; the tree is busy meanwhile, so fn cannot reset or destroy
 * it. fn may do anything else, so the contract says nothing about the pool
 * after an OK; the busy count is restored from a saved copy rather than
 * decremented, which needs no fact about what fn did to it. */
/*@ requires p == \null ||
             (\valid(p) && (p->magic == VPOOL_MAGIC ==>
                (vpool_cl_ready(p) && \valid(p->root) && p->root->busy < SIZE_MAX)));
    assigns VPOOL_ANY;
    behavior not_live:
      assumes p == \null || p->magic != VPOOL_MAGIC;
      assigns \nothing;
      ensures \result == VPOOL_EINVAL;
    behavior pending:
      assumes p != \null && p->magic == VPOOL_MAGIC;
      assumes \exists integer i; vpool_cl_names(p, h, i);
      ensures \result == VPOOL_OK;
    behavior other:
      assumes p != \null && p->magic == VPOOL_MAGIC;
      assumes !(\exists integer i; vpool_cl_names(p, h, i));
      assigns \nothing;
      ensures \result == VPOOL_DECLINED;
    complete behaviors;
    disjoint behaviors;
*/
vpool_status_t vpool_cleanup_run(vpool_t *p, vpool_cleanup_t h)
{
    struct vpool_cleanup_rec *rec;
    vpool_cleanup_fn fn;
    void *data;
    vpool_t *root;
    size_t busy;

    if (!vpool__enter(p)) {
        return VPOOL_EINVAL;
    }
    rec = vpool__cl_find(p, h);
    if (rec == NULL) {
        return VPOOL_DECLINED;
    }
    fn = rec->fn;
    data = rec->data;
    vpool__cl_retire(p, rec);
    /*@ assert retired: rec->state == VPOOL_CL_DONE &&
                        !(\exists integer i; vpool_cl_names(p, h, i)); */
    root = p->root;
    busy = root->busy;
    root->busy = busy + 1;
    vpool__call_cleanup(fn, data);
    root->busy = busy;
    return VPOOL_OK;
}

/*@ requires p == \null ||
             (\valid(p) && (p->magic == VPOOL_MAGIC ==> vpool_cl_ready(p)));
    assigns p->cl[0 .. p->ncl - 1].state, p->npending, p->ncl;
    ensures p == \null ==> \result == VPOOL_EINVAL;
    ensures \result == VPOOL_EINVAL || \result == VPOOL_DECLINED || \result == VPOOL_OK;
    ensures \result == VPOOL_OK ==> p->npending == \old(p->npending) - 1;
    ensures \result != VPOOL_OK ==> p == \null || p->npending == \old(p->npending);
    ensures valid_kept: p != \null ==>
      vpool_cleanup_stack_valid{Pre}(p) ==> vpool_cleanup_stack_valid(p);
    ensures alloc_kept: p != \null ==>
      vpool_alloc_ready{Pre}(p) ==> vpool_alloc_ready(p);
    ensures live_kept: p != \null ==> p->magic == \old(p->magic);
    ensures cl_kept: p != \null && p->magic == VPOOL_MAGIC ==>
      vpool_cleanup_stack_valid{Pre}(p) ==> vpool_cl_ready(p);
    ensures add_kept: p != \null ==>
      vpool_cl_add_ready{Pre}(p) && vpool_cleanup_stack_valid{Pre}(p) ==> vpool_cl_add_ready(p);
    behavior not_live:
      assumes p == \null || p->magic != VPOOL_MAGIC;
      assigns \nothing;
      ensures \result == VPOOL_EINVAL;
    behavior pending:
      assumes p != \null && p->magic == VPOOL_MAGIC;
      assumes \exists integer i; vpool_cl_names(p, h, i);
      ensures \result == VPOOL_OK;
      ensures retired: !(\exists integer i; vpool_cl_names(p, h, i));
    behavior other:
      assumes p != \null && p->magic == VPOOL_MAGIC;
      assumes !(\exists integer i; vpool_cl_names(p, h, i));
      assigns \nothing;
      ensures \result == VPOOL_DECLINED;
    complete behaviors;
    disjoint behaviors;
*/
vpool_status_t vpool_cleanup_kill(vpool_t *p, vpool_cleanup_t h)
{
    struct vpool_cleanup_rec *rec;
    if (!vpool__enter(p)) {
        return VPOOL_EINVAL;
    }
    rec = vpool__cl_find(p, h);
    if (rec == NULL) {
        return VPOOL_DECLINED;
    }
    vpool__cl_retire_kept(p, rec);
    return VPOOL_OK;
}

/* Fills an fd cleanup's data in place. A function of its own so that its
 * frame (chars apart from the pool record) is shown in a small context
 * (inlined). */
/*@ requires \valid((char *)d + (0 .. sizeof(struct vpool_fd_cl) + len));
    requires \separated((char *)d + (0 .. sizeof(struct vpool_fd_cl) + len), p);
    requires vpool_aligned((char *)d, VPOOL_ALIGNMENT_L);
    requires path == \null ==> len == 0;
    requires path != \null ==> \valid_read(path + (0 .. len - 1));
    assigns { *z | char *z; \separated(z, p) };
*/
static void vpool__fd_fill(void *d, int fd, const char *path, size_t len) /*@ ghost (vpool_t *p) */
{
    vpool__fd_cl_init(d, fd, path, len);
}

/* The record and the path copy are one allocation, so the registration is
 * all-or-nothing. */
/*@ requires \valid(p) && p->magic == VPOOL_MAGIC;
    requires vpool_cl_add_ready(p) && vpool_alloc_ready(p);
    requires path == \null ==> len == 0;
    requires path != \null ==> \valid_read(path + (0 .. len - 1));
    assigns VPOOL_FD_CL_ASSIGNS;
    ensures \result == 0 ==>
      p->npending == \old(p->npending) && p->ncl == \old(p->ncl);
    ensures \result != 0 ==>
      (VPOOL_FD_REGISTERED(sizeof(struct vpool_fd_cl) + len + 1));
*/
static vpool_cleanup_t vpool__fd_register(vpool_t *p, int fd, const char *path, size_t len)
{
    vpool_cleanup_t h;
    size_t size;
    if (len > SIZE_MAX - sizeof(struct vpool_fd_cl) - 1) {
        return 0;
    }
    size = sizeof(struct vpool_fd_cl) + len + 1;
    /*@ assert size_exact: size == sizeof(struct vpool_fd_cl) + len + 1; */
    h = vpool__cl_add_data(p, vpool__fd_cleanup, size) /*@ ghost ((void **)0) */;
    if (h != 0) {
        void *d = (p->cl + p->ncl - 1)->data;
        /*@ assert area: \valid((char *)d + (0 .. size - 1)) &&
                         \separated((char *)d + (0 .. size - 1), p) &&
                         vpool_aligned((char *)d, VPOOL_ALIGNMENT_L); */
        /*@ assert registered:
              p->npending == \at(p->npending, Pre) + 1 && p->ncl == \at(p->ncl, Pre) + 1 &&
              p->cl[p->ncl - 1].state == VPOOL_CL_PENDING &&
              p->cl[p->ncl - 1].fn == vpool__fd_cleanup &&
              \valid((char *)p->cl[p->ncl - 1].data + (0 .. size - 1)) &&
              h == p->root->clgen * 4294967296 + p->ncl; */
        vpool__fd_fill(d, fd, path, len) /*@ ghost (p) */;
    }
    return h;
}

/*@ requires p == \null ||
             (\valid(p) && (p->magic == VPOOL_MAGIC ==>
                vpool_cl_add_ready(p) && vpool_alloc_ready(p)));
    assigns VPOOL_FD_CL_ASSIGNS;
    behavior registered:
      assumes p != \null && p->magic == VPOOL_MAGIC && fd >= 0;
      ensures \result == 0 ==>
        p->npending == \old(p->npending) && p->ncl == \old(p->ncl);
      ensures \result != 0 ==>
        (VPOOL_FD_REGISTERED(sizeof(struct vpool_fd_cl) + 1));
    behavior refused:
      assumes p == \null || p->magic != VPOOL_MAGIC || fd < 0;
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
*/
vpool_cleanup_t vpool_cleanup_fd(vpool_t *p, int fd)
{
    if (!vpool__enter(p) || fd < 0) {
        return 0;
    }
    return vpool__fd_register(p, fd, NULL, 0);
}

/*@ requires p == \null ||
             (\valid(p) && (p->magic == VPOOL_MAGIC ==>
                vpool_cl_add_ready(p) && vpool_alloc_ready(p)));
    requires path == \null || valid_read_string(path);
    assigns VPOOL_FD_CL_ASSIGNS;
    behavior registered:
      assumes p != \null && p->magic == VPOOL_MAGIC && fd >= 0 && path != \null;
      ensures \result == 0 ==>
        p->npending == \old(p->npending) && p->ncl == \old(p->ncl);
      ensures \result != 0 ==>
        (VPOOL_FD_REGISTERED(sizeof(struct vpool_fd_cl) + \old(strlen(path)) + 1));
    behavior refused:
      assumes p == \null || p->magic != VPOOL_MAGIC || fd < 0 || path == \null;
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
*/
vpool_cleanup_t vpool_cleanup_file(vpool_t *p, int fd, const char *path)
{
    if (!vpool__enter(p) || fd < 0 || path == NULL) {
        return 0;
    }
    return vpool__fd_register(p, fd, path, strlen(path));
}

/* Takes slot i of the array `cl` that held p's cleanup stack when the run
 * began (no handler can replace it: registration on p is refused while its
 * cleanups run, reset and destroy while the tree is busy). The slot leaves
 * the stack: ncl drops to i, unless a handler's kill or run already popped
 * below it. A pending record is marked done and returned, so its handler
 * is run once, by the caller, and never again; a record already run or
 * killed gives NULL. A pending record is counted in npending (the stack
 * invariant), so the count is positive here; the test keeps the decrement
 * defined even on a pool a handler damaged, which vpool_check reports. */
/*@ requires \valid(p) && \valid(cl + i) && \separated(p, cl + i);
    assigns p->ncl, p->npending, cl[i].state;
    ensures popped: p->ncl == (\old(p->ncl) > i ? i : \old(p->ncl));
    behavior pending:
      assumes cl[i].state == VPOOL_CL_PENDING;
      ensures run_once: \result == cl + i && \result->state == VPOOL_CL_DONE &&
        p->npending == (\old(p->npending) > 0 ? \old(p->npending) - 1 : 0);
    behavior finished:
      assumes cl[i].state != VPOOL_CL_PENDING;
      ensures skipped: \result == \null && p->npending == \old(p->npending) &&
        cl[i].state == \old(cl[i].state);
    complete behaviors;
    disjoint behaviors;
*/
static struct vpool_cleanup_rec *vpool__cl_pop(vpool_t *p, struct vpool_cleanup_rec *cl, size_t i)
{
    struct vpool_cleanup_rec *rec = &cl[i];
    if (p->ncl > i) {
        p->ncl = i;
    }
    if (rec->state != VPOOL_CL_PENDING) {
        return NULL;
    }
    rec->state = VPOOL_CL_DONE;
    if (p->npending > 0) {
        p->npending--;
    }
    return rec;
}

/* Runs p's cleanups newest first (LIFO), each pending one once: the walk
 * goes down the slots of the stack as it was when the run began, so it
 * ends after ncl steps whatever the handlers do (the proofs know nothing of
 * the pool after a handler, VPOOL_ANY; the walk needs only the array, which
 * stays valid memory). While it runs, p is VPOOL_F_CLOSING and refuses
 * registrations. When the walk ends every slot was popped and no record was
 * added, so the stack is empty; the stores say so whatever the handlers
 * wrote. */
/*@ requires \valid(p) && vpool_cl_array_ok(p);
    assigns VPOOL_ANY;
    ensures emptied: p->ncl == 0 && p->npending == 0;
    ensures reopened: (p->flags & VPOOL_F_CLOSING) == 0;
*/
static void vpool__run_cleanups(vpool_t *p)
{
    struct vpool_cleanup_rec *cl = p->cl;
    size_t n = p->ncl;
    size_t i = n;
    p->flags |= VPOOL_F_CLOSING;
    /*@ loop invariant left: 0 <= i <= n;
        loop invariant arr: n > 0 ==> \valid(cl + (0 .. n - 1)) && \separated(p, cl + (0 .. n - 1));
        loop assigns i, VPOOL_ANY;
        loop variant i;
    */
    while (i > 0) {
        struct vpool_cleanup_rec *rec;
        i--;
        rec = vpool__cl_pop(p, cl, i);
        if (rec != NULL) {
            /*@ assert run_once: rec == cl + i && rec->state == VPOOL_CL_DONE; */
            vpool__call_cleanup(rec->fn, rec->data);
        }
    }
    p->ncl = 0;
    p->npending = 0;
    p->flags &= ~VPOOL_F_CLOSING;
}

/* ---- pools -------------------------------------------------------------- */

/* A new pool record: every field zero (NULL) but those set here. Each
 * field is written on its own, in declaration order (a field added to
 * struct vpool must be added here), rather than by memset or a
 * compound-literal store: WP's Typed model cannot see a struct through the
 * char * that memset writes, and after a whole-struct store each field
 * equality cost the provers ~9 s, half of them timing out. */
/*@ requires \valid(p) && \valid_read(a) && \separated(p, a);
    requires VPOOL_MIN_BLOCK_SIZE <= block_size <= VPOOL_MAX_BLOCK_SIZE;
    requires sizeof(struct vpool) <= limit;
    assigns *p;
    // The fresh_* clauses of vpool__lemma_fresh_ready (proofs/logic/ready.h),
    // plus no parent, child, sibling or cached child record.
    ensures fresh_sizes: VPOOL_FRESH_SIZES(p);
    ensures fresh_blocks: VPOOL_FRESH_BLOCKS(p);
    ensures fresh_large: VPOOL_FRESH_LARGE(p);
    ensures fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
    ensures fresh_caches: p->busy == 0 && p->cache == \null && p->ncache == 0 &&
      p->lrec_cache == \null && p->nlrec_cache == 0 &&
      p->ncl_cache == 0 && p->nlarea_cache == 0;
    ensures fresh_tree: p->parent == \null && p->child == \null &&
      p->next == \null && p->prev == \null && p->nchildren == 0 &&
      p->pool_cache == \null && p->npool_cache == 0;
    ensures p->block_size == block_size && p->limit == limit;
    ensures quarter: p->small_max <= p->block_size / 4;
*/
static void vpool__init(vpool_t *p, const vpool_allocator_t *a, size_t block_size,
                        size_t limit, unsigned flags)
{
    size_t i;
    p->magic = VPOOL_MAGIC;
    p->flags = flags & VPOOL_F_PUBLIC_MASK;
    p->root = NULL;
    p->parent = NULL;
    p->child = NULL;
    p->next = NULL;
    p->prev = NULL;
    p->tag = NULL;
    p->backing = *a;
    p->misuse = NULL;
    p->misuse_ud = NULL;
    p->block_size = block_size;
#ifdef VPOOL_PASSTHROUGH
    p->small_max = 0;
#else
    /* A quarter block: a request that does not fit strands a tail of at
     * most this size until its block leaves the retry window (with half a
     * block, uniform 1..4096-byte requests left ~8 % of 8 KiB blocks
     * unused; bench/analysis.md has the measurements). */
    p->small_max = block_size / 4;
#endif
    p->limit = limit;
    p->held = sizeof(struct vpool);
    p->first = NULL;
    p->current = NULL;
    p->last = NULL;
    p->nblocks = 0;
    p->large = NULL;
    p->nlarge = 0;
    p->large_bytes = 0;
    p->large_held = 0;
    p->cl = NULL;
    p->ncl = 0;
    p->capcl = 0;
    p->npending = 0;
    p->clgen = 0;
    p->nchildren = 0;
    p->busy = 0;
    p->cache = NULL;
    p->ncache = 0;
    p->cache_max = 0;
    p->pool_cache = NULL;
    p->npool_cache = 0;
    p->lrec_cache = NULL;
    p->nlrec_cache = 0;
    /*@ loop invariant 0 <= i <= VPOOL_CL_CACHE_MAX;
        loop assigns i, p->cl_cache[0 .. VPOOL_CL_CACHE_MAX - 1];
        loop variant VPOOL_CL_CACHE_MAX - i;
    */
    for (i = 0; i < VPOOL_CL_CACHE_MAX; i++) {
        p->cl_cache[i] = NULL;
    }
    p->ncl_cache = 0;
    /*@ loop invariant 0 <= i <= VPOOL_LAREA_CACHE_MAX;
        loop assigns i, p->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1];
        loop variant VPOOL_LAREA_CACHE_MAX - i;
    */
    for (i = 0; i < VPOOL_LAREA_CACHE_MAX; i++) {
        p->larea[i] = NULL;
    }
    p->nlarea_cache = 0;
    p->larea_room = 0;
    p->larea_budget = 0;
}

/*@ requires o == \null || \valid_read(o);
    assigns \nothing;
    ensures \result == 0 ||
            (VPOOL_MIN_BLOCK_SIZE <= \result <= VPOOL_MAX_BLOCK_SIZE);
*/
static size_t vpool__opt_block_size(const vpool_options_t *o, size_t inherited)
{
    size_t bs = (o != NULL && o->block_size != 0) ? o->block_size : inherited;
    if (bs < VPOOL_MIN_BLOCK_SIZE || bs > VPOOL_MAX_BLOCK_SIZE) {
        return 0;
    }
    return bs;
}

/*@ requires o == \null || \valid_read(o);
    assigns \nothing;
    ensures \result > 0;
*/
static size_t vpool__opt_limit(const vpool_options_t *o)
{
    return (o != NULL && o->limit != 0) ? o->limit : SIZE_MAX;
}

/* The backing allocator the options name (malloc's when none), or NULL
 * when the named one lacks a function. */
/*@ requires o == \null ||
             (\valid_read(o) && (o->allocator == \null || \valid_read(o->allocator)));
    assigns \nothing;
    ensures \result == \null || \valid_read(\result);
*/
static const vpool_allocator_t *vpool__opt_allocator(const vpool_options_t *o)
{
    const vpool_allocator_t *a;
    if (o == NULL || o->allocator == NULL) {
        return &vpool__malloc_allocator;
    }
    a = o->allocator;
    return (a->alloc == NULL || a->free == NULL) ? NULL : a;
}

/*@ requires o == \null || \valid_read(o);
    assigns \nothing;
    ensures \result == (o == \null ? 0 : o->flags);
*/
static unsigned vpool__opt_flags(const vpool_options_t *o)
{
    return o != NULL ? o->flags : 0u;
}

/* The root's cache size: 0 for VPOOL_CACHE_OFF (and in builds without
 * caches), the default for 0. An #if rather than `if (!VPOOL_CACHE_ENABLED
 * || ...)`, which would leave a constant-false branch (dead code to the
 * smoke tests) in the analysed build. */
/*@ requires o == \null || \valid_read(o);
    assigns \nothing;
*/
static size_t vpool__opt_cache_max(const vpool_options_t *o)
{
#if VPOOL_CACHE_ENABLED
    if (o == NULL || o->cache_blocks == 0) {
        return VPOOL_DEFAULT_CACHE_BLOCKS;
    }
    return o->cache_blocks == VPOOL_CACHE_OFF ? 0 : o->cache_blocks;
#else
    (void)o;
    return 0;
#endif
}

/* The area cache may hold what the block cache may: cache_max blocks of bs
 * bytes, SIZE_MAX when that product does not fit. */
/*@ requires bs > 0;
    assigns \nothing;
    ensures \result == SIZE_MAX || \result == cache_max * bs;
*/
static size_t vpool__area_room(size_t cache_max, size_t bs)
{
    if (cache_max > SIZE_MAX / bs) {
        return SIZE_MAX;
    }
    /*@ assert no_wrap: cache_max * bs <= (SIZE_MAX / bs) * bs; */
    return cache_max * bs;
}

/* Writes only the new record (WP does not model allocation, so the frame
 * names every pool record). */
/*@ requires opts == \null ||
             (\valid_read(opts) && (opts->allocator == \null || \valid_read(opts->allocator)));
    assigns { *q | vpool_t *q; q == q };
    ensures created: \result == \null ||
      (\valid(\result) && \result->magic == VPOOL_MAGIC && \result->root == \result &&
       \result->parent == \null && vpool_ready(\result));
    ensures parent_ready: \result == \null || vpool_child_ready(\result);
    ensures stack: \result == \null || vpool_cleanup_stack_valid(\result);
    ensures valid: \result == \null || (vpool_valid(\result) && vpool_readable(\result));
*/
vpool_t *vpool_create(const vpool_options_t *opts)
{
    const vpool_allocator_t *a = vpool__opt_allocator(opts);
    size_t bs = vpool__opt_block_size(opts, VPOOL_DEFAULT_BLOCK_SIZE);
    size_t limit = vpool__opt_limit(opts);
    vpool_t *p;

    if (bs == 0 || limit < sizeof(struct vpool) || a == NULL) {
        return NULL;
    }
    p = vpool__pool_rec_alloc(a) /*@ ghost (NULL) */;
    if (p == NULL) {
        return NULL;
    }
    vpool__init(p, a, bs, limit, vpool__opt_flags(opts));
    p->root = p;
    if (opts != NULL) {
        p->tag = opts->tag;
        p->misuse = opts->misuse;
        p->misuse_ud = opts->misuse_ud;
    }
    p->cache_max = vpool__opt_cache_max(opts);
    p->larea_budget = vpool__area_room(p->cache_max, bs);
    p->larea_room = p->larea_budget;
    /*@ ghost vpool__lemma_fresh_ready(p); */
    /*@ ghost vpool__lemma_fresh_parent(p); */
    /*@ ghost vpool__lemma_fresh_stack(p); */
    /*@ ghost vpool__lemma_fresh_valid(p); */
    return p;
}

/* Whether parent may have a new child with these options now: not while
 * its tree is busy (being torn down, or running a cleanup handler or a
 * vpool_dump visitor), and only on the parent's own allocator
 * (each refusal is reported as misuse). */
/*@ requires \valid_read(parent) && \valid_read(parent->root);
    requires opts == \null ||
      (\valid_read(opts) && (opts->allocator == \null || \valid_read(opts->allocator)));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> parent->root->busy == 0;
*/
static int vpool__child_allowed(const vpool_t *parent, const vpool_options_t *opts)
{
    if (parent->root->busy != 0) {
        vpool__report(parent, VPOOL_MISUSE_BUSY, "vpool: create_child while the tree is busy (teardown, cleanup handler or dump visitor)");
        return 0;
    }
    if (opts != NULL && opts->allocator != NULL && !vpool__same_allocator(opts->allocator, &parent->backing)) {
        vpool__report(parent, VPOOL_MISUSE_FOREIGN_CHILD, "vpool: a child must use its parent's allocator");
        return 0;
    }
    return 1;
}

/* The record for a new child of parent: the root's first cached record,
 * else a fresh one from the parent's allocator. */
/*@ requires \valid(parent) && vpool_child_ready(parent);
    assigns parent->root->pool_cache, parent->root->npool_cache;
    ensures \result == \null ||
      (\valid(\result) && \separated(\result, parent) && \separated(\result, parent->root) &&
       (parent->child == \null || \separated(\result, parent->child)));
    ensures spares: \result != \null ==>
      vpool_spares_ok(parent->root) && vpool_spares_apart(\result, parent->root);
    ensures popped: \old(parent->root->pool_cache) != \null ==>
      \result == \old(parent->root->pool_cache) &&
      parent->root->pool_cache == \old(parent->root->pool_cache->next) &&
      parent->root->npool_cache == \old(parent->root->npool_cache) - 1;
*/
static vpool_t *vpool__child_rec(vpool_t *parent)
{
    vpool_t *root = parent->root;
    vpool_t *p = root->pool_cache;
    if (p != NULL) {
        root->pool_cache = p->next;
        root->npool_cache--;
        /* Only the root's pool-cache fields were written; the provers
         * carry the quantified parts of vpool_spares_ok across those
         * writes one at a time (as one postcondition they time out). */
        /*@ assert areas_kept: vpool_spare_areas_ok(root); */
        /*@ assert arrays_kept: vpool_spare_arrays_ok(root); */
        /*@ assert distinct_kept: vpool_arrays_distinct(root); */
        return p;
    }
    return vpool__pool_rec_alloc(&parent->backing) /*@ ghost (parent) */;
}

/* Makes the initialised record p the parent's newest child, inheriting the
 * parent's root and misuse hook (and taking the options' tag). */
/*@ requires \valid(parent) && \valid(p) && \separated(p, parent);
    requires parent->nchildren < SIZE_MAX;
    requires parent->child == \null ||
      (\valid(parent->child) && \separated(parent->child, parent) &&
       \separated(parent->child, p));
    requires opts == \null || \valid_read(opts);
    requires spares_apart: VPOOL_SPARES_WRITTEN_APART(p, parent);
    assigns p->root, p->parent, p->misuse, p->misuse_ud, p->tag, p->next,
            parent->child, parent->nchildren, parent->child->prev;
    ensures root_kept: parent->root == \old(parent->root);
    ensures spares_kept: VPOOL_SPARES_SAME(\at(parent->root, Pre));
    ensures linked: p->root == parent->root && p->parent == parent &&
      p->next == \old(parent->child) && parent->child == p &&
      parent->nchildren == \old(parent->nchildren) + 1 &&
      (\old(parent->child) != \null ==> \old(parent->child)->prev == p);
*/
static void vpool__child_link(vpool_t *parent, vpool_t *p, const vpool_options_t *opts)
{
    p->root = parent->root;
    p->parent = parent;
    p->misuse = parent->misuse;
    p->misuse_ud = parent->misuse_ud;
    if (opts != NULL) {
        p->tag = opts->tag;
    }
    p->next = parent->child;
    if (parent->child != NULL) {
        parent->child->prev = p;
    }
    parent->child = p;
    parent->nchildren++;
}

/* Initialises the record p as an empty pool and links it in as the
 * parent's newest child. Its contract restates what the two calls keep of
 * the root's spare records (VPOOL_SPARES_SAME, proven by vpool__child_link
 * of its own stores), so no caller derives it through their frames. */
/*@ requires \valid(parent) && \valid(p) && \separated(p, parent);
    requires sizes: VPOOL_MIN_BLOCK_SIZE <= bs <= VPOOL_MAX_BLOCK_SIZE &&
      sizeof(struct vpool) <= limit;
    requires parent->nchildren < SIZE_MAX;
    requires parent->child == \null ||
      (\valid(parent->child) && \separated(parent->child, parent) &&
       \separated(parent->child, p));
    requires opts == \null || \valid_read(opts);
    requires spares_apart: VPOOL_SPARES_WRITTEN_APART(p, parent);
    assigns *p, parent->child, parent->nchildren, parent->child->prev;
    ensures linked: p->magic == VPOOL_MAGIC && p->root == parent->root &&
      p->parent == parent && p->child == \null && p->nchildren == 0 &&
      p->prev == \null && p->next == \old(parent->child) && parent->child == p &&
      parent->nchildren == \old(parent->nchildren) + 1 &&
      (\old(parent->child) != \null ==> \old(parent->child)->prev == p);
    ensures root_kept: p->root == \old(parent->root);
    ensures spares_kept: VPOOL_SPARES_SAME(\at(parent->root, Pre));
    ensures fresh_sizes: VPOOL_FRESH_SIZES(p);
    ensures fresh_blocks: VPOOL_FRESH_BLOCKS(p);
    ensures fresh_large: VPOOL_FRESH_LARGE(p);
    ensures fresh_cleanups: VPOOL_FRESH_CLEANUPS(p);
    ensures quarter: p->small_max <= p->block_size / 4;
    ensures fresh_caches: p->cache == \null && p->ncache == 0 &&
      p->lrec_cache == \null && p->nlrec_cache == 0 && p->ncl_cache == 0 &&
      p->nlarea_cache == 0 && p->pool_cache == \null && p->npool_cache == 0;
*/
static void vpool__child_setup(vpool_t *parent, vpool_t *p, size_t bs, size_t limit,
                               const vpool_options_t *opts)
{
    vpool__init(p, &parent->backing, bs, limit, parent->flags | vpool__opt_flags(opts));
    /*@ assert init_kept: parent->root == \at(parent->root, Pre) &&
          parent->child == \at(parent->child, Pre) &&
          VPOOL_SPARES_SAME(\at(parent->root, Pre)); */
    vpool__child_link(parent, p, opts);
}

/* vpool__child_setup, and the new child is ready for every entry point
 * (vpool__lemma_child_ready). A function of its own: in
 * vpool_create_child's context (vpool_child_ready, the record's
 * acquisition) the provers did not carry the root's spare records
 * (vpool_spares_ok) across the setup within the timeout. */
/*@ requires \valid(parent) && \valid(p) && \separated(p, parent);
    requires \valid(parent->root) && \separated(p, parent->root) &&
      (parent->root == parent || \separated(parent, parent->root));
    requires sizes: VPOOL_MIN_BLOCK_SIZE <= bs <= VPOOL_MAX_BLOCK_SIZE &&
      sizeof(struct vpool) <= limit;
    requires parent->nchildren < SIZE_MAX;
    requires parent->child == \null ||
      (\valid(parent->child) && \separated(parent->child, parent) &&
       \separated(parent->child, p) && \separated(parent->child, parent->root));
    requires opts == \null || \valid_read(opts);
    requires spares: vpool_spares_ok(parent->root) && vpool_spares_apart(p, parent->root) &&
      vpool_spares_apart(parent, parent->root) &&
      (parent->child == \null || vpool_spares_apart(parent->child, parent->root));
    requires busy: parent->root->busy < SIZE_MAX;
    assigns *p, parent->child, parent->nchildren, parent->child->prev;
    ensures linked: p->magic == VPOOL_MAGIC && p->root == parent->root &&
      p->parent == parent && p->child == \null && p->nchildren == 0 &&
      p->prev == \null && p->next == \old(parent->child) && parent->child == p &&
      parent->nchildren == \old(parent->nchildren) + 1 &&
      (\old(parent->child) != \null ==> \old(parent->child)->prev == p);
    ensures empty: p->nblocks == 0 && p->first == \null && p->nlarge == 0 &&
      p->large == \null && p->ncl == 0 && p->npending == 0 &&
      p->held == sizeof(struct vpool) && p->held <= p->limit;
    ensures ready: vpool_ready(p);
    ensures busy_kept: parent->root == \old(parent->root) &&
      parent->root->busy == \old(parent->root->busy);
    ensures valid: parent->magic == VPOOL_MAGIC && parent->root->magic == VPOOL_MAGIC &&
      parent->root->root == parent->root ==> vpool_valid(p) && vpool_readable(p);
*/
static void vpool__child_make(vpool_t *parent, vpool_t *p, size_t bs, size_t limit,
                              const vpool_options_t *opts)
{
    vpool__child_setup(parent, p, bs, limit, opts);
    /*@ assert distinct_kept: vpool_arrays_distinct(p->root); */
    /*@ assert areas_kept: vpool_spare_areas_ok(p->root) && vpool_areas_apart(p, p->root); */
    /*@ assert arrays_kept: vpool_spare_arrays_ok(p->root) && vpool_arrays_apart(p, p->root); */
    /*@ ghost vpool__lemma_child_ready(p); */
    /*@ ghost
      if (parent->magic == VPOOL_MAGIC && p->root->magic == VPOOL_MAGIC &&
          p->root->root == p->root) {
        vpool__lemma_cl_cache_valid(p);
        vpool__lemma_child_valid(p);
      }
    */
}

/* The child's record is the root's first cached one, else fresh; it
 * becomes the parent's newest child. The frame names the records it may
 * write: the new one (apart from the parent, the root and the old newest
 * child), and the link fields of those three. */
/*@ requires parent == \null ||
      (\valid(parent) && (parent->magic == VPOOL_MAGIC ==> vpool_child_ready(parent)));
    requires opts == \null ||
      (\valid_read(opts) && (opts->allocator == \null || \valid_read(opts->allocator)));
    assigns parent->child, parent->nchildren, parent->child->prev,
            parent->root->pool_cache, parent->root->npool_cache,
            { *q | vpool_t *q; \separated(q, parent) && \separated(q, parent->root) &&
                               (parent->child == \null || \separated(q, parent->child)) };
    behavior refused:
      assumes parent == \null || parent->magic != VPOOL_MAGIC;
      assigns \nothing;
      ensures \result == \null;
    behavior live:
      assumes parent != \null && parent->magic == VPOOL_MAGIC;
      ensures created: \result != \null ==>
        \valid(\result) && \separated(\result, parent) && \separated(\result, parent->root) &&
        (\old(parent->child) == \null || \separated(\result, \old(parent->child)));
      ensures linked: \result != \null ==>
        \result->magic == VPOOL_MAGIC && \result->root == parent->root &&
        \result->parent == parent && \result->child == \null &&
        \result->nchildren == 0 && \result->prev == \null &&
        \result->next == \old(parent->child) && parent->child == \result &&
        parent->nchildren == \old(parent->nchildren) + 1 &&
        (\old(parent->child) != \null ==> \old(parent->child)->prev == \result);
      ensures empty: \result != \null ==>
        \result->nblocks == 0 && \result->first == \null && \result->nlarge == 0 &&
        \result->large == \null && \result->ncl == 0 && \result->npending == 0 &&
        \result->held == sizeof(struct vpool) && \result->held <= \result->limit;
      ensures not_busy: \result != \null ==> parent->root->busy == 0;
      ensures ready: \result != \null ==> vpool_ready(\result);
      ensures valid: \result != \null && \old(parent->root->magic) == VPOOL_MAGIC &&
        \old(parent->root->root) == \old(parent->root) ==>
          vpool_valid(\result) && vpool_readable(\result);
      ensures declined: \result == \null ==>
        parent->child == \old(parent->child) &&
        parent->nchildren == \old(parent->nchildren);
    complete behaviors;
    disjoint behaviors;
*/
vpool_t *vpool_create_child(vpool_t *parent, const vpool_options_t *opts)
{
    vpool_t *p;
    size_t bs, limit;

    if (!vpool__enter(parent) || !vpool__child_allowed(parent, opts)) {
        return NULL;
    }
    bs = vpool__opt_block_size(opts, parent->block_size);
    limit = vpool__opt_limit(opts);
    if (bs == 0 || limit < sizeof(struct vpool)) {
        return NULL;
    }
    p = vpool__child_rec(parent);
    if (p == NULL) {
        return NULL;
    }
    /*@ assert links_kept: parent->nchildren == \at(parent->nchildren, Pre) &&
                           parent->child == \at(parent->child, Pre); */
    /*@ assert root_kept: parent->root == \at(parent->root, Pre) &&
          parent->root->magic == \at(parent->root->magic, Pre) &&
          parent->root->root == \at(parent->root->root, Pre); */
    vpool__child_make(parent, p, bs, limit, opts);
    /*@ assert root_live: parent->root == \at(parent->root, Pre) &&
          parent->root->magic == \at(parent->root->magic, Pre) &&
          parent->root->root == \at(parent->root->root, Pre); */
    return p;
}

/* Gives p's cleanup stack up: a first-size one to the root's cache when
 * the cache has room (a dying root's own included: free_pool drains it
 * after), any other to the backing allocator; held drops by its bytes. */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires vpool_cl_array_ok(p) && p->capcl * sizeof(struct vpool_cleanup_rec) <= p->held;
    requires p->capcl > 0 ==> \separated(p->root, p->cl + (0 .. p->capcl - 1));
    assigns p->cl, p->capcl, p->held, p->root->cl_cache[p->root->ncl_cache],
            p->root->ncl_cache;
    ensures gone: p->cl == \null && p->capcl == 0 &&
      p->held == \old(p->held) - \old(p->capcl) * sizeof(struct vpool_cleanup_rec);
    ensures distinct_kept: vpool_cl_distinct{Pre}(p) ==> vpool_arrays_distinct(p->root);
    behavior cached:
      assumes p->cl != \null && p->capcl == VPOOL_CL_MIN_CAP &&
        p->root->ncl_cache < VPOOL_CL_CACHE_MAX && p->root->ncl_cache < p->root->cache_max;
      ensures cache: p->root->cl_cache[\old(p->root->ncl_cache)] == \old(p->cl) &&
        p->root->ncl_cache == \old(p->root->ncl_cache) + 1;
    behavior not_cached:
      assumes p->cl == \null || p->capcl != VPOOL_CL_MIN_CAP ||
        p->root->ncl_cache >= VPOOL_CL_CACHE_MAX || p->root->ncl_cache >= p->root->cache_max;
      ensures cache_kept: p->root->ncl_cache == \old(p->root->ncl_cache);
    complete behaviors;
    disjoint behaviors;
*/
static void vpool__cl_release(vpool_t *p)
{
    vpool_t *root = p->root;
    if (p->cl == NULL) {
        return;
    }
    if (p->capcl == VPOOL_CL_MIN_CAP && root->ncl_cache < VPOOL_CL_CACHE_MAX
        && root->ncl_cache < root->cache_max) {
        root->cl_cache[root->ncl_cache] = p->cl;
        root->ncl_cache++;
    } else {
        vpool__cl_array_free(&p->backing, p->cl, p->capcl);
    }
    vpool__uncharge(p, p->capcl * sizeof(struct vpool_cleanup_rec));
    p->cl = NULL;
    p->capcl = 0;
}

/* Takes child p out of its parent's list of children: its neighbours are
 * linked to each other (or the parent's head moves past p). */
/*@ requires \valid(p) && \valid(p->parent) && \separated(p, p->parent);
    requires p->parent->nchildren > 0;
    requires p->prev == \null ||
      (\valid(p->prev) && \separated(p->prev, p) && \separated(p->prev, p->parent));
    requires p->next == \null ||
      (\valid(p->next) && \separated(p->next, p) && \separated(p->next, p->parent) &&
       (p->prev == \null || \separated(p->next, p->prev)));
    assigns p->prev->next, p->parent->child, p->next->prev, p->parent->nchildren;
    ensures count: p->parent->nchildren == \old(p->parent->nchildren) - 1;
    ensures head: \old(p->prev) == \null ==> p->parent->child == \old(p->next);
    ensures head_kept: \old(p->prev) != \null ==>
      p->parent->child == \old(p->parent->child) && \old(p->prev)->next == \old(p->next);
    ensures back: \old(p->next) != \null ==> \old(p->next)->prev == \old(p->prev);
*/
static void vpool__child_unlink(vpool_t *p)
{
    if (p->prev != NULL) {
        p->prev->next = p->next;
    } else {
        p->parent->child = p->next;
    }
    if (p->next != NULL) {
        p->next->prev = p->prev;
    }
    p->parent->nchildren--;
}

/* Marks the unlinked child record p dead and gives it up: to the root's
 * record cache when it has room, else to the backing allocator. */
/*@ requires \valid(p) && \valid(root) && \separated(p, root);
    assigns p->magic, p->next, root->pool_cache, root->npool_cache;
    ensures dead: p->magic == VPOOL_DEAD;
    behavior cached:
      assumes root->npool_cache < root->cache_max;
      ensures cache: root->pool_cache == p && p->next == \old(root->pool_cache) &&
        root->npool_cache == \old(root->npool_cache) + 1;
    behavior freed:
      assumes root->npool_cache >= root->cache_max;
      ensures cache_kept: root->pool_cache == \old(root->pool_cache) &&
        root->npool_cache == \old(root->npool_cache);
    complete behaviors;
    disjoint behaviors;
*/
static void vpool__pool_rec_release(vpool_t *root, vpool_t *p)
{
    p->magic = VPOOL_DEAD;
    if (root->npool_cache < root->cache_max) {
        p->next = root->pool_cache;
        root->pool_cache = p;
        root->npool_cache++;
    } else {
        vpool__pool_rec_free(&p->backing, p);
    }
}

/* Gives every spare record and area in the dying root p's caches back to
 * the backing allocator. The ghost k of each list walk is the count the
 * root recorded for it: the precondition that each list ends within it is
 * what makes the walk terminate. */
/*@ requires \valid(p) && vpool_caches_drainable(p);
    assigns p->cache, p->pool_cache, p->nlarea_cache, p->lrec_cache, p->ncl_cache;
    ensures drained: p->cache == \null && p->pool_cache == \null &&
      p->nlarea_cache == 0 && p->lrec_cache == \null && p->ncl_cache == 0;
*/
static void vpool__root_drain(vpool_t *p)
{
    /*@ ghost size_t k = p->ncache; */
    /*@ loop invariant vpool_bcache_le{Pre}(p, p->cache, k);
        loop assigns p->cache, k;
        loop variant k;
    */
    while (p->cache != NULL) {
        struct vpool_block *b = p->cache;
        p->cache = b->next;
        vpool__bytes_free(&p->backing, b->mem, b->size);
        vpool__block_rec_free(&p->backing, b);
        /*@ ghost k--; */
    }
    /*@ ghost k = p->npool_cache; */
    /*@ loop invariant vpool_pcache_le{Pre}(p, p->pool_cache, k);
        loop assigns p->pool_cache, k;
        loop variant k;
    */
    while (p->pool_cache != NULL) {
        vpool_t *r = p->pool_cache;
        p->pool_cache = r->next;
        vpool__pool_rec_free(&p->backing, r);
        /*@ ghost k--; */
    }
    /*@ loop invariant 0 <= p->nlarea_cache <= \at(p->nlarea_cache, Pre);
        loop assigns p->nlarea_cache;
        loop variant p->nlarea_cache;
    */
    while (p->nlarea_cache > 0) {
        struct vpool_large *l;
        p->nlarea_cache--;
        l = p->larea[p->nlarea_cache];
        vpool__bytes_free(&p->backing, l->base, l->size);
        vpool__large_rec_free(&p->backing, l);
    }
    /*@ ghost k = p->nlrec_cache; */
    /*@ loop invariant vpool_lcache_le{Pre}(p, p->lrec_cache, k);
        loop assigns p->lrec_cache, k;
        loop variant k;
    */
    while (p->lrec_cache != NULL) {
        struct vpool_large *l = p->lrec_cache;
        p->lrec_cache = l->next;
        vpool__large_rec_free(&p->backing, l);
        /*@ ghost k--; */
    }
    /*@ loop invariant 0 <= p->ncl_cache <= \at(p->ncl_cache, Pre);
        loop assigns p->ncl_cache;
        loop variant p->ncl_cache;
    */
    while (p->ncl_cache > 0) {
        p->ncl_cache--;
        vpool__cl_array_free(&p->backing, p->cl_cache[p->ncl_cache], VPOOL_CL_MIN_CAP);
    }
}

/* Gives every block of p up (to the root's cache while may_cache and the
 * cache has room) and leaves p without blocks. A release writes the
 * block's next link, so next is read first and the walk follows the chain
 * as it was on entry; the blocks are pairwise apart (vpool_chain_apart), so
 * a release changes none of the blocks ahead. The ghost k counts the blocks
 * left, which the precondition bounds by nblocks. */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires chain: vpool_chain_le(p, p->first, p->nblocks);
    requires apart: vpool_chain_apart(p->first, p->nblocks);
    assigns p->first, p->current, p->last, p->nblocks, p->root->cache, p->root->ncache,
            { x->next | struct vpool_block *x; vpool_in_chain(p->first, x, p->nblocks) },
            { *c | char *c; \separated(c, p) };
    ensures empty: p->first == \null && p->current == \null && p->last == \null &&
      p->nblocks == 0;
    behavior kept:
      assumes may_cache == 0;
      ensures cache_kept: p->root->cache == \old(p->root->cache) &&
        p->root->ncache == \old(p->root->ncache);
    behavior caching:
      assumes may_cache != 0;
      ensures cache_bounded: \old(p->root->ncache) <= p->root->ncache &&
        (p->root->ncache <= p->root->cache_max ||
         p->root->ncache == \old(p->root->ncache));
    complete behaviors;
    disjoint behaviors;
*/
static void vpool__blocks_free(vpool_t *p, int may_cache)
{
    struct vpool_block *b = p->first;
    /*@ ghost size_t k = p->nblocks; */
    /*@ ghost vpool__lemma_chain_mine(p, b, k); */
    /*@ loop invariant left: vpool_chain_le{Pre}(p, b, k) && vpool_chain_apart{Pre}(b, k);
        loop invariant all_mine: \forall struct vpool_block *x;
          vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre)) ==>
            vpool_block_mine{Pre}(p, x);
        loop invariant in_place: \forall struct vpool_block *x; vpool_in_chain{Pre}(b, x, k) ==>
          vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre));
        loop invariant ahead: \forall struct vpool_block *x; vpool_in_chain{Pre}(b, x, k) ==>
          x->next == \at(x->next, Pre) && x->mem == \at(x->mem, Pre);
        loop invariant root: p->root == \at(p->root, Pre);
        loop invariant kept: may_cache == 0 ==>
          \at(p->root, Pre)->cache == \at(p->root->cache, Pre) &&
          \at(p->root, Pre)->ncache == \at(p->root->ncache, Pre);
        loop invariant bounded: \at(p->root->ncache, Pre) <= \at(p->root, Pre)->ncache &&
          (\at(p->root, Pre)->ncache <= \at(p->root->cache_max, Pre) ||
           \at(p->root, Pre)->ncache == \at(p->root->ncache, Pre));
        loop assigns b, k, \at(p->root, Pre)->cache, \at(p->root, Pre)->ncache,
          { x->next | struct vpool_block *x;
            vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre)) },
          { *c | char *c; \separated(c, p) };
        loop variant k;
    */
    while (b != NULL) {
        struct vpool_block *next = b->next;
        /*@ assert mine: vpool_block_mine{Pre}(p, b); */
        /*@ assert rest: \forall struct vpool_block *x; vpool_in_chain{Pre}(next, x, k - 1) ==>
              vpool_in_chain{Pre}(b, x, k) && \separated(b, x); */
        /*@ assert rest_mine: \forall struct vpool_block *x;
              vpool_in_chain{Pre}(next, x, k - 1) ==> vpool_block_mine{Pre}(p, x); */
        /*@ assert rest_root: \forall struct vpool_block *x;
              vpool_in_chain{Pre}(next, x, k - 1) ==> \separated(\at(p->root, Pre), x); */
        vpool__block_release(p, b, may_cache);
        b = next;
        /*@ ghost k--; */
    }
    p->first = p->current = p->last = NULL;
    p->nblocks = 0;
}

/* Gives every large allocation of p back (vpool__large_give) and leaves
 * its list empty. A release writes the record's next link, so next is read
 * first and the walk follows the list as it was on entry; the records are
 * pairwise apart (vpool_large_apart), so a release changes none of the
 * records ahead. The bytes are uncharged at once at the end: held counts
 * them (the accounting part of vpool_valid). The ghost k counts the records
 * left, which the precondition bounds by nlarge. A pool without large
 * allocations returns at once: its counts are already zero (the large-list
 * part of vpool_valid), and teardown of a tree runs this for every pool. */
/*@ requires \valid(p) && \valid(p->root) && (p->root == p || \separated(p, p->root));
    requires list: vpool_large_le(p, \null, p->large, p->nlarge);
    requires apart: vpool_large_apart(p->large, p->nlarge);
    requires counted: p->nlarge * sizeof(struct vpool_large) + p->large_held <= p->held;
    requires sums: vpool_large_list_valid(p);
    assigns p->large, p->nlarge, p->large_bytes, p->large_held, p->held,
            p->root->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1], p->root->nlarea_cache,
            p->root->larea_room, p->root->lrec_cache, p->root->nlrec_cache,
            { x->next | struct vpool_large *x; vpool_large_in(p->large, x, p->nlarge) },
            { *c | char *c; \separated(c, p) };
    ensures empty: p->large == \null && p->nlarge == 0 && p->large_bytes == 0 &&
      p->large_held == 0;
    ensures uncharged: p->held == \old(p->held) -
      (\old(p->nlarge) * sizeof(struct vpool_large) + \old(p->large_held));
*/
static void vpool__large_drain(vpool_t *p)
{
    struct vpool_large *l = p->large;
    /*@ ghost size_t k = p->nlarge; */
    /*@ ghost struct vpool_large *prev = NULL; */
    if (l == NULL) {
        return; /* an empty list has zero counts (vpool_large_list_valid) */
    }
    /*@ ghost vpool__lemma_large_owned(p, prev, l, k); */
    /*@ loop invariant left: vpool_large_le{Pre}(p, prev, l, k) && vpool_large_apart{Pre}(l, k);
        loop invariant all_owned: \forall struct vpool_large *x;
          vpool_large_in{Pre}(\at(p->large, Pre), x, \at(p->nlarge, Pre)) ==>
            vpool_large_owned{Pre}(p, x);
        loop invariant in_place: \forall struct vpool_large *x; vpool_large_in{Pre}(l, x, k) ==>
          vpool_large_in{Pre}(\at(p->large, Pre), x, \at(p->nlarge, Pre));
        loop invariant ahead: \forall struct vpool_large *x; vpool_large_in{Pre}(l, x, k) ==>
          x->next == \at(x->next, Pre) && x->base == \at(x->base, Pre) &&
          x->mem == \at(x->mem, Pre);
        loop invariant root: p->root == \at(p->root, Pre);
        loop assigns l, k, prev,
          \at(p->root, Pre)->larea[0 .. VPOOL_LAREA_CACHE_MAX - 1],
          \at(p->root, Pre)->nlarea_cache, \at(p->root, Pre)->larea_room,
          \at(p->root, Pre)->lrec_cache, \at(p->root, Pre)->nlrec_cache,
          { x->next | struct vpool_large *x;
            vpool_large_in{Pre}(\at(p->large, Pre), x, \at(p->nlarge, Pre)) },
          { *c | char *c; \separated(c, p) };
        loop variant k;
    */
    while (l != NULL) {
        struct vpool_large *next = l->next;
        /*@ assert owned: vpool_large_owned{Pre}(p, l); */
        /*@ assert rest: \forall struct vpool_large *x; vpool_large_in{Pre}(next, x, k - 1) ==>
              vpool_large_in{Pre}(l, x, k) && \separated(l, x); */
        /*@ assert rest_owned: \forall struct vpool_large *x;
              vpool_large_in{Pre}(next, x, k - 1) ==> vpool_large_owned{Pre}(p, x); */
        /*@ assert rest_root: \forall struct vpool_large *x;
              vpool_large_in{Pre}(next, x, k - 1) ==> \separated(\at(p->root, Pre), x); */
        vpool__large_give(p, l);
        /*@ ghost prev = l; */
        l = next;
        /*@ ghost k--; */
    }
    vpool__uncharge(p, p->nlarge * sizeof(struct vpool_large) + p->large_held);
    p->large = NULL;
    p->nlarge = 0;
    p->large_bytes = 0;
    p->large_held = 0;
}

/* Runs p's cleanups and gives its large allocations back; the cleanup
 * array and blocks stay for the caller (reset keeps, destroy releases). */
static void vpool__teardown_contents(vpool_t *p)
{
    vpool__run_cleanups(p);
    vpool__large_drain(p);
}

/* Frees everything p owns and p's record; p has no children. */
static void vpool__free_pool(vpool_t *p)
{
    vpool_t *root = p->root;
    int is_root = (root == p);

    vpool__teardown_contents(p);
    vpool__cl_release(p);
    vpool__blocks_free(p, !is_root);
    if (is_root) {
        vpool__root_drain(p);
        p->magic = VPOOL_DEAD;
        vpool__pool_rec_free(&p->backing, p);
        return;
    }
    vpool__child_unlink(p);
    vpool__pool_rec_release(root, p);
}

/* Destroys every descendant of top, deepest and most recent first. */
static void vpool__destroy_descendants(vpool_t *top)
{
    vpool_t *node = top;
    for (;;) {
        vpool_t *parent;
        while (node->child != NULL) {
            node = node->child;
        }
        if (node == top) {
            return;
        }
        parent = node->parent;
        vpool__free_pool(node);
        node = parent;
    }
}

/*@ requires \valid_read(p) && \valid(p->root);
    assigns p->root->busy;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> \old(p->root->busy) == 0;
    ensures \result == 1 ==> p->root->busy == 1;
    ensures \result == 0 ==> p->root->busy == \old(p->root->busy);
*/
static int vpool__begin_teardown(vpool_t *p)
{
    if (p->root->busy != 0) {
        vpool__report(p, VPOOL_MISUSE_BUSY, "vpool: destroy/reset while the tree is busy (teardown, cleanup handler or dump visitor)");
        return 0;
    }
    p->root->busy++;
    return 1;
}

void vpool_destroy(vpool_t *p)
{
    vpool_t *root;
    if (!vpool__enter(p) || !vpool__begin_teardown(p)) {
        return;
    }
    root = p->root;
    vpool__destroy_descendants(p);
    if (root == p) {
        /* The busy count is freed with the root's record. */
        vpool__free_pool(p);
        return;
    }
    vpool__free_pool(p);
    root->busy--;
}

/* Rewinds every block of p to empty (wiped first under VPOOL_SECURE_WIPE)
 * and makes the first block current again; the blocks stay p's. Only
 * offsets, counters and payload bytes are written, never a link, so the
 * walk follows the chain as it was on entry; the ghost k counts the blocks
 * left, which the precondition bounds by nblocks. */
/*@ requires \valid(p) && vpool_chain_le(p, p->first, p->nblocks);
    assigns p->current,
            { x->used | struct vpool_block *x; vpool_in_chain(p->first, x, p->nblocks) },
            { x->requested | struct vpool_block *x; vpool_in_chain(p->first, x, p->nblocks) },
            { x->failed | struct vpool_block *x; vpool_in_chain(p->first, x, p->nblocks) },
            { *c | char *c; \separated(c, p) };
    ensures rewound: \forall struct vpool_block *x;
      vpool_in_chain{Pre}(\old(p->first), x, \old(p->nblocks)) ==>
        x->used == 0 && x->requested == 0 && x->failed == 0;
    ensures current: p->current == p->first;
*/
static void vpool__blocks_rewind(vpool_t *p)
{
    struct vpool_block *b;
    /*@ ghost size_t k = p->nblocks; */
    /*@ loop invariant left: vpool_chain_le{Pre}(p, b, k);
        loop invariant in_place: \forall struct vpool_block *x; vpool_in_chain{Pre}(b, x, k) ==>
          vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre));
        loop invariant done: \forall struct vpool_block *x;
          vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre)) ==>
            vpool_in_chain{Pre}(b, x, k) ||
            (x->used == 0 && x->requested == 0 && x->failed == 0);
        loop invariant shrunk: \forall struct vpool_block *x;
          x->used == \at(x->used, Pre) || x->used == 0;
        loop assigns b, k,
          { x->used | struct vpool_block *x;
            vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre)) },
          { x->requested | struct vpool_block *x;
            vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre)) },
          { x->failed | struct vpool_block *x;
            vpool_in_chain{Pre}(\at(p->first, Pre), x, \at(p->nblocks, Pre)) },
          { *c | char *c; \separated(c, p) };
        loop variant k;
    */
    for (b = p->first; b != NULL; b = b->next) {
        /*@ assert mine: vpool_block_mine{Pre}(p, b); */
        /*@ assert in_payload: \separated(p, b->mem + (0 .. b->used - 1)); */
        if (p->flags & VPOOL_SECURE_WIPE) {
            vpool__wipe(b->mem, b->used);
        }
        vpool__poison(b->mem, b->size);
        b->used = 0;
        b->requested = 0;
        b->failed = 0;
        /*@ ghost k--; */
    }
    p->current = p->first;
}

void vpool_reset(vpool_t *p)
{
    if (!vpool__enter(p) || !vpool__begin_teardown(p)) {
        return;
    }
    vpool__destroy_descendants(p);
    vpool__teardown_contents(p);
    vpool__blocks_rewind(p);
    p->root->busy--;
}

/* ---- introspection ------------------------------------------------------ */

/* Block sums stay below held (each block's payload is counted in it), and
 * the large sums are held's large_held and its part large_bytes: nothing
 * wraps on a pool vpool_check accepts. The cached-record count is clamped
 * instead: its two parts are bounded separately (cache_max, the area
 * array), not by held. */
/*@ requires stats: s == \null || \valid(s);
    requires handle: p == \null ||
      (\valid_read(p) && (p->magic == VPOOL_MAGIC ==> vpool_readable(p) && vpool_valid(p)));
    requires apart: s == \null || p == \null || \separated(s, p);
    assigns *s;
    behavior no_stats:
      assumes s == \null;
      assigns \nothing;
    behavior no_pool:
      assumes s != \null && (p == \null || p->magic != VPOOL_MAGIC);
      ensures zero: s->requested == 0 && s->used == 0 && s->capacity == 0 &&
        s->wasted == 0 && s->blocks == 0 && s->large_count == 0 &&
        s->large_bytes == 0 && s->cleanups == 0 && s->children == 0 &&
        s->held == 0 && s->limit == 0 && s->cached_blocks == 0 &&
        s->cached_large == 0 && s->cached_cleanups == 0;
    behavior live:
      assumes s != \null && p != \null && p->magic == VPOOL_MAGIC;
      ensures sums: s->requested <= s->used <= s->capacity &&
        s->wasted == s->used - s->requested &&
        s->capacity == \old(p->nblocks * p->block_size + p->large_held);
      ensures counts: s->blocks == \old(p->nblocks) && s->large_count == \old(p->nlarge) &&
        s->large_bytes == \old(p->large_bytes) && s->cleanups == \old(p->npending) &&
        s->children == \old(p->nchildren) && s->held == \old(p->held) &&
        s->limit == \old(p->limit);
      ensures caches: \old(p->root) != p ==>
        s->cached_blocks == 0 && s->cached_large == 0 && s->cached_cleanups == 0;
      ensures root_caches: \old(p->root) == p ==>
        s->cached_blocks == \old(p->ncache) && s->cached_cleanups == \old(p->ncl_cache);
    complete behaviors;
    disjoint behaviors;
*/
void vpool_stats(const vpool_t *p, vpool_stats_t *s)
{
    vpool_stats_t st = {0};
    struct vpool_block *b;
    /*@ ghost struct vpool_block *prev = NULL; */
    /*@ ghost int win = 0; */
    /*@ ghost size_t k = 0; */

    if (s == NULL) {
        return;
    }
    if (vpool__enter(p)) {
        /*@ loop invariant count: 0 <= k <= p->nblocks && (win == 0 || win == 1);
            loop invariant chain: vpool_blocks_from(p, b, prev, p->nblocks - k, win == 1);
            loop invariant readable: vpool_blocks_readable(b, p->nblocks - k);
            loop invariant sums: st.requested <= st.used <= st.capacity &&
              st.capacity == k * p->block_size;
            loop assigns b, st.used, st.requested, st.capacity, prev, win, k;
            loop variant p->nblocks - k;
        */
        for (b = p->first; b != NULL; b = b->next) {
            /*@ ghost vpool__lemma_mul_mono(k + 1, p->nblocks, p->block_size); */
            st.used += b->used;
            st.requested += b->requested;
            st.capacity += b->size;
            /*@ ghost win = (win == 1 || b == p->current) ? 1 : 0; */
            /*@ ghost prev = b; */
            /*@ ghost k++; */
        }
        /*@ assert walked: k == p->nblocks; */
        /*@ assert capacity: st.capacity == p->nblocks * p->block_size; */
        /*@ assert accounting: vpool_accounting_valid(p); */
        /*@ assert total: p->nblocks * p->block_size + p->large_held <= p->held; */
        st.used += p->large_held;
        st.requested += p->large_bytes;
        st.capacity += p->large_held;
        st.wasted = st.used - st.requested;
        st.blocks = p->nblocks;
        st.large_count = p->nlarge;
        st.large_bytes = p->large_bytes;
        st.cleanups = p->npending;
        st.children = p->nchildren;
        st.held = p->held;
        st.limit = p->limit;
        if ((const vpool_t *)p->root == p) {
            st.cached_blocks = p->ncache;
            st.cached_large = p->nlrec_cache > SIZE_MAX - p->nlarea_cache
                                  ? SIZE_MAX : p->nlrec_cache + p->nlarea_cache;
            st.cached_cleanups = p->ncl_cache;
        }
    }
    /* Field by field: WP's typed model loses the fields of a struct copy. */
    s->requested = st.requested;
    s->used = st.used;
    s->capacity = st.capacity;
    s->wasted = st.wasted;
    s->blocks = st.blocks;
    s->large_count = st.large_count;
    s->large_bytes = st.large_bytes;
    s->cleanups = st.cleanups;
    s->children = st.children;
    s->held = st.held;
    s->limit = st.limit;
    s->cached_blocks = st.cached_blocks;
    s->cached_large = st.cached_large;
    s->cached_cleanups = st.cached_cleanups;
}

/*@ requires p == \null || \valid_read(p);
    assigns \nothing;
    ensures p == \null ==> \result == \null;
*/
const char *vpool_tag(const vpool_t *p)
{
    return vpool__enter(p) ? p->tag : NULL;
}

/*@ requires p == \null || \valid_read(p);
    assigns \nothing;
    ensures p == \null ==> \result == \null;
*/
vpool_t *vpool_parent(const vpool_t *p)
{
    return vpool__enter(p) ? p->parent : NULL;
}

/* The tree is busy while the visitor runs (as while a cleanup handler
 * runs): a visitor that destroys, resets or adds a child to a pool of this
 * tree is reported and refused, so the walk never follows a link into a
 * freed record or misses a pool added behind it. */
int vpool_dump(const vpool_t *p, vpool_visit_fn visit, void *ctx)
{
    const vpool_t *node = p;
    unsigned depth = 0;
    vpool_stats_t st;
    vpool_t *root;
    size_t busy;

    if (!vpool__enter(p) || visit == NULL) {
        return -1;
    }
    root = p->root;
    for (;;) {
        int rc;
        vpool_stats(node, &st);
        busy = root->busy;
        root->busy = busy + 1;
        rc = vpool__call_visit(visit, ctx, node, depth, &st);
        root->busy = busy;
        if (rc != 0) {
            return rc;
        }
        if (node->child != NULL) {
            node = node->child;
            depth++;
            continue;
        }
        while (node != p && node->next == NULL) {
            node = node->parent;
            depth--;
        }
        if (node == p) {
            return 0;
        }
        node = node->next;
    }
}

/* ---- invariant checker ---------------------------------------------------
 * Each function below is one named conjunct of the ACSL predicate
 * vpool_valid (proofs/logic/valid.h); the fuzzers' oracle uses the same
 * names. Walks are bounded by the recorded counts, so a corrupted (cyclic)
 * list makes the check fail instead of looping. The walks' pointers are not
 * const, and comparisons with p cast the other side to const: C compares
 * pointers of differently qualified types through void *, which WP's typed
 * model cannot follow. */

/*@ requires readable: \valid_read(p) && vpool_blocks_readable(p->first, p->nblocks);
    assigns \nothing;
    ensures decides: \result <==> vpool_block_chain_valid(p);
*/
static bool vpool_block_chain_valid(const vpool_t *p)
{
    struct vpool_block *b = p->first;
    struct vpool_block *prev = NULL;
    size_t k = 0;
    int in_window = 0;

    /*@ loop invariant count: 0 <= k <= p->nblocks;
        loop invariant flag: in_window == 0 || in_window == 1;
        loop invariant prev: prev == \null || \valid_read(prev);
        loop invariant readable: vpool_blocks_readable(b, p->nblocks - k);
        loop invariant rest: vpool_blocks_from(p, p->first, \null, p->nblocks, \false) <==>
          vpool_blocks_from(p, b, prev, p->nblocks - k, in_window == 1);
        loop assigns b, prev, k, in_window;
        loop variant p->nblocks - k;
    */
    while (b != NULL) {
        if (k == p->nblocks) {
            return false; /* longer than recorded (or cyclic) */
        }
        if (b == p->current) {
            in_window = 1;
        }
        if (b->mem == NULL || b->size != p->block_size || b->used > b->size
            || b->requested > b->used
            || b->mis >= VPOOL_INBLOCK_MAX_ALIGN || b->mis % VPOOL_ALIGNMENT != 0) {
            return false;
        }
        /* failure counts never increase along the chain, and exactly the
         * blocks before current have failed more than VPOOL_RETRY_BLOCKS */
        if ((prev != NULL && b->failed > prev->failed)
            || (in_window ? b->failed > VPOOL_RETRY_BLOCKS : b->failed <= VPOOL_RETRY_BLOCKS)) {
            return false;
        }
        prev = b;
        b = b->next;
        k++;
    }
    return k == p->nblocks && prev == p->last && (p->current == NULL || in_window)
           && (p->first == NULL) == (p->last == NULL);
}

/*@ requires readable: \valid_read(p) && vpool_larges_readable(p->large, p->nlarge);
    assigns \nothing;
    ensures decides: \result <==> vpool_large_list_valid(p);
*/
static bool vpool_large_list_valid(const vpool_t *p)
{
    struct vpool_large *l = p->large;
    struct vpool_large *prev = NULL;
    size_t k = 0, bytes = 0, held = 0, shift;

    /*@ loop invariant count: 0 <= k <= p->nlarge;
        loop invariant readable: vpool_larges_readable(l, p->nlarge - k);
        loop invariant rest: vpool_larges_from(p, p->large, \null, p->nlarge, 0, 0) <==>
          vpool_larges_from(p, l, prev, p->nlarge - k, bytes, held);
        loop assigns l, prev, k, bytes, held, shift;
        loop variant p->nlarge - k;
    */
    while (l != NULL) {
        if (k == p->nlarge || l->prev != prev || l->base == NULL) {
            return false;
        }
        if (l->mem < l->base) {
            return false;
        }
        /*@ assert same_object: \base_addr(l->mem) == \base_addr(l->base) &&
                                l->mem - l->base <= PTRDIFF_MAX; */
        shift = (size_t)(l->mem - l->base);
        if (shift > l->size || l->requested == 0 || l->requested > l->size - shift) {
            return false;
        }
        if (l->requested > SIZE_MAX - bytes || l->size > SIZE_MAX - held) {
            return false;
        }
        bytes += l->requested;
        held += l->size;
        prev = l;
        l = l->next;
        k++;
    }
    return k == p->nlarge && bytes == p->large_bytes && held == p->large_held;
}

/*@ requires readable: \valid_read(p) &&
      (p->cl == \null || \valid_read(p->cl + (0 .. p->capcl - 1)));
    assigns \nothing;
    ensures decides: \result <==> vpool_cleanup_stack_valid(p);
*/
static bool vpool_cleanup_stack_valid(const vpool_t *p)
{
    size_t i, pending = 0;
    if (p->ncl > p->capcl || (p->cl == NULL) != (p->capcl == 0)) {
        return false;
    }
    /*@ loop invariant count: 0 <= i <= p->ncl && pending <= i;
        loop invariant pending: pending == vpool_cl_pending(p, i);
        loop invariant states: \forall integer j; 0 <= j < i ==>
          (p->cl[j].state == VPOOL_CL_PENDING && p->cl[j].fn != \null) ||
          p->cl[j].state == VPOOL_CL_DONE;
        loop assigns i, pending;
        loop variant p->ncl - i;
    */
    for (i = 0; i < p->ncl; i++) {
        const struct vpool_cleanup_rec *rec = &p->cl[i];
        if (rec->state == VPOOL_CL_PENDING) {
            if (rec->fn == NULL) {
                return false;
            }
            pending++;
        } else if (rec->state != VPOOL_CL_DONE) {
            return false;
        }
    }
    return pending == p->npending;
}

/* Compares pointers only: that the arrays are apart as memory, not merely
 * at different addresses, is what the proofs keep (vpool_cl_distinct);
 * C cannot test it. With VPOOL_CL_CACHE_MAX = 8: at most 8 tests against
 * p->cl and 28 pairwise ones. */
/*@ requires readable: \valid_read(p) && \valid_read(p->root);
    assigns \nothing;
    ensures decides: \result <==> vpool_cl_cache_valid(p);
*/
static bool vpool_cl_cache_valid(const vpool_t *p)
{
    const vpool_t *r = p->root;
    size_t j, k;
    if (r->ncl_cache > VPOOL_CL_CACHE_MAX) {
        return false;
    }
    /*@ loop invariant count: 0 <= k <= r->ncl_cache;
        loop invariant seen: \forall integer i; 0 <= i < k ==>
          r->cl_cache[i] != \null && (p->capcl > 0 ==> r->cl_cache[i] != p->cl) &&
          \forall integer m; 0 <= m < i ==> r->cl_cache[m] != r->cl_cache[i];
        loop assigns j, k;
        loop variant r->ncl_cache - k;
    */
    for (k = 0; k < r->ncl_cache; k++) {
        if (r->cl_cache[k] == NULL || (p->capcl > 0 && r->cl_cache[k] == p->cl)) {
            return false;
        }
        /*@ loop invariant count: 0 <= j <= k;
            loop invariant seen: \forall integer m; 0 <= m < j ==> r->cl_cache[m] != r->cl_cache[k];
            loop assigns j;
            loop variant k - j;
        */
        for (j = 0; j < k; j++) {
            if (r->cl_cache[j] == r->cl_cache[k]) {
                return false;
            }
        }
    }
    return true;
}

/* The root's cached large areas: at most VPOOL_LAREA_CACHE_MAX records,
 * each with bytes, none twice (at most 28 comparisons with
 * VPOOL_LAREA_CACHE_MAX = 8), and larea_room plus their sizes equal to
 * larea_budget. The sum is never formed: left counts down from the budget
 * less the room, and over records that the sizes went past it (the walk
 * goes on, so that the result decides the sum of every entry). */
/*@ requires readable: \valid_read(p) &&
      \forall integer i; 0 <= i < p->nlarea_cache && i < VPOOL_LAREA_CACHE_MAX ==>
        p->larea[i] == \null || \valid_read(p->larea[i]);
    assigns \nothing;
    ensures decides: \result <==> vpool_areas_valid(p);
*/
static bool vpool_areas_valid(const vpool_t *p)
{
    size_t i, j, left;
    bool over;

    if (p->nlarea_cache > VPOOL_LAREA_CACHE_MAX) {
        return false;
    }
    over = p->larea_room > p->larea_budget;
    left = over ? 0 : p->larea_budget - p->larea_room;
    /*@ loop invariant count: 0 <= i <= p->nlarea_cache;
        loop invariant seen: \forall integer m; 0 <= m < i ==> vpool_larea_ok(p, m);
        loop invariant left: !over ==>
          left == p->larea_budget - p->larea_room - vpool_larea_sum(p, i);
        loop invariant over: over ==> p->larea_room + vpool_larea_sum(p, i) > p->larea_budget;
        loop assigns i, j, left, over;
        loop variant p->nlarea_cache - i;
    */
    for (i = 0; i < p->nlarea_cache; i++) {
        const struct vpool_large *l = p->larea[i];
        /* Stated before the test: in the branch where l is NULL, Qed
         * rewrites that fact into the hypotheses and loses it for the
         * predicate's body (measured: the goal timed out). */
        /*@ assert entry: vpool_larea_ok(p, i) <==> (l != \null && l->base != \null &&
              l->size > 0 && \forall integer n; 0 <= n < i ==> p->larea[n] != l); */
        if (l == NULL || l->base == NULL || l->size == 0) {
            return false;
        }
        /*@ loop invariant count: 0 <= j <= i;
            loop invariant seen: \forall integer n; 0 <= n < j ==> p->larea[n] != p->larea[i];
            loop assigns j;
            loop variant i - j;
        */
        for (j = 0; j < i; j++) {
            if (p->larea[j] == p->larea[i]) {
                /*@ assert listed_twice: !vpool_larea_ok(p, i); */
                return false;
            }
        }
        if (!over && l->size <= left) {
            left -= l->size;
        } else {
            over = true;
        }
    }
    return !over && left == 0;
}

/* The root's spare-record lists, each walked at most as far as its count
 * (a cyclic list fails instead of looping), must hold exactly that many
 * records, and its area cache must be consistent (vpool_areas_valid); a
 * child's own cache fields must be empty. */
/*@ requires readable: \valid_read(p) && vpool_caches_readable(p);
    assigns \nothing;
    ensures decides: \result <==> vpool_caches_valid(p);
*/
static bool vpool_caches_valid(const vpool_t *p)
{
    struct vpool_block *b;
    vpool_t *r;
    struct vpool_large *l;
    size_t k;

    if ((const vpool_t *)p->root != p) {
        return p->cache == NULL && p->ncache == 0 && p->pool_cache == NULL
               && p->npool_cache == 0 && p->lrec_cache == NULL && p->nlrec_cache == 0
               && p->nlarea_cache == 0 && p->ncl_cache == 0;
    }
    k = 0;
    /*@ loop invariant count: 0 <= k <= p->ncache;
        loop invariant readable: vpool_blocks_readable(b, p->ncache - k);
        loop invariant rest: vpool_cached_blocks(p->cache, p->ncache) <==>
          vpool_cached_blocks(b, p->ncache - k);
        loop assigns b, k;
        loop variant p->ncache - k;
    */
    for (b = p->cache; b != NULL; b = b->next) {
        if (k == p->ncache || b->mem == NULL || b->size < VPOOL_MIN_BLOCK_SIZE
            || b->size > VPOOL_MAX_BLOCK_SIZE) {
            return false;
        }
        k++;
    }
    if (k != p->ncache) {
        return false;
    }
    k = 0;
    /*@ loop invariant count: 0 <= k <= p->npool_cache;
        loop invariant readable: vpool_children_readable(r, p->npool_cache - k);
        loop invariant rest: vpool_cached_pools(p->pool_cache, p->npool_cache) <==>
          vpool_cached_pools(r, p->npool_cache - k);
        loop assigns r, k;
        loop variant p->npool_cache - k;
    */
    for (r = p->pool_cache; r != NULL; r = r->next) {
        if (k == p->npool_cache || r->magic != VPOOL_DEAD) {
            return false;
        }
        k++;
    }
    if (k != p->npool_cache) {
        return false;
    }
    k = 0;
    /*@ loop invariant count: 0 <= k <= p->nlrec_cache;
        loop invariant readable: vpool_lrecs_readable(l, p->nlrec_cache - k);
        loop invariant rest: vpool_cached_lrecs(p->lrec_cache, p->nlrec_cache) <==>
          vpool_cached_lrecs(l, p->nlrec_cache - k);
        loop assigns l, k;
        loop variant p->nlrec_cache - k;
    */
    for (l = p->lrec_cache; l != NULL; l = l->next) {
        if (k == p->nlrec_cache) {
            return false;
        }
        k++;
    }
    return k == p->nlrec_cache && vpool_areas_valid(p);
}

/*@ requires readable: \valid_read(p) && (p->root == \null || \valid_read(p->root)) &&
      (p->parent == \null || \valid_read(p->parent)) &&
      vpool_children_readable(p->child, p->nchildren);
    assigns \nothing;
    ensures decides: \result <==> vpool_tree_links_valid(p);
*/
static bool vpool_tree_links_valid(const vpool_t *p)
{
    vpool_t *c, *prev = NULL;
    size_t k = 0;

    if (p->root == NULL || p->root->magic != VPOOL_MAGIC || p->root->root != p->root) {
        return false;
    }
    if ((p->parent == NULL) != ((const vpool_t *)p->root == p)) {
        return false;
    }
    if (p->parent != NULL && (p->parent->magic != VPOOL_MAGIC || p->parent->root != p->root)) {
        return false;
    }
    /*@ loop invariant count: 0 <= k <= p->nchildren;
        loop invariant readable: vpool_children_readable(c, p->nchildren - k);
        loop invariant rest: vpool_children_from(p, p->child, \null, p->nchildren) <==>
          vpool_children_from(p, c, prev, p->nchildren - k);
        loop assigns c, prev, k;
        loop variant p->nchildren - k;
    */
    for (c = p->child; c != NULL; c = c->next) {
        if (k == p->nchildren || c->magic != VPOOL_MAGIC || (const vpool_t *)c->parent != p
            || c->prev != prev || c->root != p->root) {
            return false;
        }
        prev = c;
        k++;
    }
    return k == p->nchildren;
}

/*@ requires readable: \valid_read(p);
    assigns \nothing;
    ensures decides: \result <==> vpool_accounting_valid(p);
*/
static bool vpool_accounting_valid(const vpool_t *p)
{
    size_t per_block;
    size_t expect = sizeof(struct vpool);
    size_t part;

    if (p->block_size < VPOOL_MIN_BLOCK_SIZE || p->block_size > VPOOL_MAX_BLOCK_SIZE
        || p->small_max > p->block_size / 4 || p->held > p->limit
        || p->large_bytes > p->large_held) {
        /* the last test is implied by vpool_large_list_valid, which
         * vpool_check runs first; stated here so that the accounting
         * conjunct alone bounds vpool_stats' sums */
        return false;
    }
    per_block = sizeof(struct vpool_block) + p->block_size; /* no wrap: bounded above */
    if (p->nblocks > SIZE_MAX / per_block) {
        return false;
    }
    part = p->nblocks * per_block;
    if (part > SIZE_MAX - expect) {
        return false;
    }
    expect += part;
    if (p->nlarge > SIZE_MAX / sizeof(struct vpool_large)) {
        return false;
    }
    part = p->nlarge * sizeof(struct vpool_large);
    if (part > SIZE_MAX - expect || p->large_held > SIZE_MAX - expect - part) {
        return false;
    }
    expect += part + p->large_held;
    if (p->capcl > SIZE_MAX / sizeof(struct vpool_cleanup_rec)) {
        return false;
    }
    part = p->capcl * sizeof(struct vpool_cleanup_rec);
    if (part > SIZE_MAX - expect) {
        return false;
    }
    expect += part;
    if ((const vpool_t *)p->root == p && (p->ncache > p->cache_max || p->npool_cache > p->cache_max
                         || p->nlrec_cache > p->cache_max || p->ncl_cache > p->cache_max
                         || p->ncl_cache > VPOOL_CL_CACHE_MAX
                         || p->nlarea_cache > VPOOL_LAREA_CACHE_MAX)) {
        return false;
    }
    return expect == p->held;
}

/*@ requires handle: p == \null ||
      (\valid_read(p) && (p->magic == VPOOL_MAGIC ==> vpool_readable(p)));
    assigns \nothing;
    ensures decides: \result <==> (p != \null && p->magic == VPOOL_MAGIC && vpool_valid(p));
*/
bool vpool_check(const vpool_t *p)
{
    if (p == NULL || p->magic != VPOOL_MAGIC) {
        return false;
    }
    return vpool_tree_links_valid(p)
        && vpool_block_chain_valid(p)
        && vpool_large_list_valid(p)
        && vpool_cleanup_stack_valid(p)
        && vpool_cl_cache_valid(p)
        && vpool_caches_valid(p)
        && vpool_accounting_valid(p);
}
