/*
 * Contracts of the port (pool/vpool_port.c): the trusted base of vpool's
 * proofs. WP never sees the port's bodies; every contract here is assumed.
 * Each is tagged with its trusted-base item (see trusted_base.md):
 *   T1  backing allocator: NULL or valid memory, disjoint from the pool that
 *       asked and from the record allocated just before it;
 *   T2  alignment: vpool__addr_rem and the transfer axiom (logic/aligned.h);
 *   T3  effect-free hooks: sanitizer poisoning, misuse handlers that
 *       return without touching vpool state, and byte writers (wipe, the
 *       fd cleanup's fill) that write only the bytes they are given.
 * Deallocation is not modelled by WP 25: the free functions are `assigns
 * \nothing`, so use-after-free freedom is tested (ASan), not proven.
 */
#ifndef VPOOL_PROOF_PORT_H
#define VPOOL_PROOF_PORT_H

/* ---- T1: backing allocator ---- */

/* owner: the parent of the child record asked for (NULL for a root). A
 * child's record is also apart from the root's spare records (fresh
 * memory is apart from every live record). */
/*@ requires \valid_read(a);
    requires owner == \null || \valid_read(owner);
    assigns \nothing;
    ensures \result == \null ||
            (\valid(\result) && \separated(\result, a) &&
             (owner != \null ==>
                \separated(\result, owner) && \separated(\result, owner->root) &&
                (owner->child == \null || \separated(\result, owner->child)) &&
                vpool_spares_apart(\result, owner->root)));
*/
struct vpool *vpool__pool_rec_alloc(const vpool_allocator_t *a)
  /*@ ghost (vpool_t *owner) */;

/*@ requires \valid_read(a);
    assigns \nothing;
*/
void vpool__pool_rec_free(const vpool_allocator_t *a, struct vpool *r);

/*@ requires \valid_read(a);
    requires \valid_read(owner);
    assigns \nothing;
    ensures \result == \null ||
            (\valid(\result) && \separated(\result, owner) &&
             \separated(\result, owner->root) &&
             (owner->last == \null || \separated(\result, owner->last)) &&
             (owner->capcl == 0 || \separated(\result, owner->cl + (0 .. owner->capcl - 1))));
*/
struct vpool_block *vpool__block_rec_alloc(const vpool_allocator_t *a)
  /*@ ghost (vpool_t *owner) */;

/*@ requires \valid_read(a);
    assigns \nothing;
*/
void vpool__block_rec_free(const vpool_allocator_t *a, struct vpool_block *r);

/*@ requires \valid_read(a);
    requires \valid_read(owner);
    assigns \nothing;
    ensures \result == \null ||
            (\valid(\result) && \separated(\result, owner) &&
             \separated(\result, owner->root) &&
             (owner->large == \null || \separated(\result, owner->large)) &&
             (owner->capcl == 0 || \separated(\result, owner->cl + (0 .. owner->capcl - 1))) &&
             \separated(\result, area + (0 .. n - 1)));
*/
struct vpool_large *vpool__large_rec_alloc(const vpool_allocator_t *a)
  /*@ ghost (vpool_t *owner, char *area, size_t n) */;

/*@ requires \valid_read(a);
    assigns \nothing;
*/
void vpool__large_rec_free(const vpool_allocator_t *a, struct vpool_large *r);

/* out: the caller's out-parameter, a live object (NULL: none). */
/*@ requires \valid_read(a);
    requires \valid_read(owner);
    requires out == \null || \valid(out);
    requires 0 < count <= 1073741824;
    assigns \nothing;
    ensures \result == \null ||
            (\valid(\result + (0 .. count - 1)) &&
             \separated(\result + (0 .. count - 1), owner) &&
             \separated(\result + (0 .. count - 1), owner->root) &&
             (owner->capcl == 0 ||
              \separated(\result + (0 .. count - 1), owner->cl + (0 .. owner->capcl - 1))) &&
             vpool_cl_avoids(owner, \result, count) &&
             (\forall integer k; 0 <= k < owner->root->ncl_cache ==>
               \separated(\result + (0 .. count - 1),
                          owner->root->cl_cache[k] + (0 .. VPOOL_CL_MIN_CAP - 1))) &&
             (out == \null || \separated(\result + (0 .. count - 1), out)));
*/
struct vpool_cleanup_rec *vpool__cl_array_alloc(const vpool_allocator_t *a, size_t count)
  /*@ ghost (vpool_t *owner, void **out) */;

/*@ requires \valid_read(a);
    assigns \nothing;
*/
void vpool__cl_array_free(const vpool_allocator_t *a, struct vpool_cleanup_rec *arr, size_t count);

/*@ requires \valid_read(a);
    requires n > 0;
    assigns \nothing;
    ensures \result == \null ||
            (\valid(\result + (0 .. n - 1)) &&
             \separated(\result + (0 .. n - 1), owner) &&
             \separated(\result + (0 .. n - 1), owner->root) &&
             \separated(\result + (0 .. n - 1), brec) &&
             \separated(\result + (0 .. n - 1), lrec));
*/
char *vpool__bytes_alloc(const vpool_allocator_t *a, size_t n)
  /*@ ghost (vpool_t *owner, struct vpool_block *brec, struct vpool_large *lrec) */;

/*@ requires \valid_read(a);
    assigns \nothing;
*/
void vpool__bytes_free(const vpool_allocator_t *a, char *p, size_t n);

/* ---- T2: alignment ---- */

/*@ requires m > 0;
    assigns \nothing;
    ensures \result < m;
    ensures vpool_aligned((char *)p - \result, m);
*/
size_t vpool__addr_rem(const char *p, size_t m);

/* ---- T3: effect-free hooks ---- */

/* Zeroing writes exactly the n bytes it is given. */
/*@ requires \valid(p + (0 .. n - 1));
    assigns p[0 .. n - 1];
*/
void vpool__wipe(char *p, size_t n);

/* Filling an fd cleanup's data writes only the bytes it is given: the
 * record and the copy of path's len bytes and its terminator. */
/*@ requires \valid((char *)data + (0 .. sizeof(struct vpool_fd_cl) + len));
    requires vpool_aligned((char *)data, VPOOL_ALIGNMENT_L);
    requires path == \null ==> len == 0;
    requires path != \null ==> \valid_read(path + (0 .. len - 1));
    assigns ((char *)data)[0 .. sizeof(struct vpool_fd_cl) + len];
*/
void vpool__fd_cl_init(void *data, int fd, const char *path, size_t len);

/*@ assigns \nothing; */
void vpool__poison(const char *p, size_t n);

/*@ assigns \nothing; */
void vpool__unpoison(const char *p, size_t n);

/*@ assigns \nothing; */
void vpool__misuse(vpool_misuse_fn fn, void *ud, vpool_misuse_t what,
                   const char *msg);

/*@ assigns \nothing; */
void vpool__misuse_fatal(const char *msg);

/* ---- user callbacks: no assumption ---- */

/* A cleanup handler is the caller's code: it may change any memory.
 * ACSL has no "assigns everything"; VPOOL_ANY lists every record type
 * vpool's logic reads, each at every address, so no fact about pool state
 * survives the call. (That the handler frees no pool record, which WP could
 * not see anyway, is the busy guard's job, and tested.) */
/*@ assigns VPOOL_ANY; */
void vpool__call_cleanup(vpool_cleanup_fn fn, void *data);

#endif
