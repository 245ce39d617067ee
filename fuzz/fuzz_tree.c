/*
 * fuzz_tree.c -- sub-pool trees: creation, teardown order, dump.
 * Same decoder, model and oracle as every vpool target (vpf.c); only the
 * opcode table differs, which focuses the mutator.
 */
#include "vpf.h"

static const uint8_t ops[] = {
    VPF_OP_CHILD, VPF_OP_CHILD, VPF_OP_CHILD, VPF_OP_DESTROY, VPF_OP_DESTROY,
    VPF_OP_RESET, VPF_OP_ALLOC, VPF_OP_CL_ADD, VPF_OP_INTRO, VPF_OP_ROOT,
    VPF_OP_FAULT, VPF_OP_CHECK,
};

static const vpf_profile_t profile = { "tree", ops, sizeof ops, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return vpf_run(data, size, &profile);
}
