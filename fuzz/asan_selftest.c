/*
 * asan_selftest.c -- programs with a deliberate bug that ASan must catch
 * because of vpool's own poisoning (a bump block is one malloc'd object, so
 * without it ASan sees nothing). tools/steps/test-40-corpus.sh runs each mode
 * under ASan and requires a use-after-poison report for the buggy ones and a
 * clean exit for the control.
 *
 *   overflow      write one byte past an in-block allocation
 *   after-reset   read an in-block allocation after vpool_reset
 *   after-destroy read a child's allocation after destroying the child
 *   large-after-free  read a large allocation after vpool_free
 *   control       the same calls without the bug
 */
#include "vpool.h"

#include <stdio.h>
#include <string.h>

/* volatile: the compiler must not drop or fold the bad accesses. */
static volatile unsigned char sink;

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "control";
    vpool_t *root = vpool_create(NULL);
    vpool_t *child = vpool_create_child(root, NULL);
    unsigned char *a = vpool_alloc(root, 10);
    unsigned char *b = vpool_alloc(root, 10);
    unsigned char *c = vpool_alloc(child, 24);
    unsigned char *big = vpool_alloc(root, VPOOL_DEFAULT_BLOCK_SIZE);
    if (root == NULL || child == NULL || a == NULL || b == NULL || c == NULL || big == NULL) {
        fprintf(stderr, "setup failed\n");
        return 2;
    }
    memset(a, 1, 10);
    memset(b, 2, 10);
    memset(c, 3, 24);
    if (strcmp(mode, "overflow") == 0) {
        a[10] = 7;
    } else if (strcmp(mode, "after-reset") == 0) {
        vpool_reset(root);
        sink = a[0];
    } else if (strcmp(mode, "after-destroy") == 0) {
        vpool_destroy(child);
        sink = c[0];
    } else if (strcmp(mode, "large-after-free") == 0) {
        if (vpool_free(root, big) != VPOOL_OK) {
            return 2;
        }
        sink = big[0];
    } else {
        a[9] = 7;
        sink = b[0];
        vpool_reset(root);
        a = vpool_alloc(root, 10);
        a[9] = 1;
    }
    vpool_destroy(root);
    printf("no error detected (%s)\n", mode);
    return 0;
}
