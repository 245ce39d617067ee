/*
 * fuzz_ops.c -- the main target: the whole API as a program over a pool tree.
 * Same decoder, model and oracle as every vpool target (vpf.c); only the
 * opcode table differs, which focuses the mutator.
 */
#include "vpf.h"

static const uint8_t ops[] = {
    VPF_OP_ROOT, VPF_OP_CHILD, VPF_OP_CHILD, VPF_OP_DESTROY, VPF_OP_RESET,
    VPF_OP_ALLOC, VPF_OP_ALLOC, VPF_OP_ALLOC, VPF_OP_FREE, VPF_OP_FREE,
    VPF_OP_CL_ADD, VPF_OP_CL_ADD, VPF_OP_CL_SIZED, VPF_OP_CL_RUN, VPF_OP_CL_KILL,
    VPF_OP_FAULT, VPF_OP_CHECK, VPF_OP_INTRO, VPF_OP_CL_FD, VPF_OP_TAMPER,
    VPF_OP_NULLS, VPF_OP_MISALIGN,
};

static const vpf_profile_t profile = { "ops", ops, sizeof ops, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return vpf_run(data, size, &profile);
}
