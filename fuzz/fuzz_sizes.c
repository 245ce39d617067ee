/*
 * fuzz_sizes.c -- allocation sizes and alignments on one pool.
 * Same decoder, model and oracle as every vpool target (vpf.c); only the
 * opcode table differs, which focuses the mutator.
 */
#include "vpf.h"

static const uint8_t ops[] = {
    VPF_OP_ALLOC, VPF_OP_ALLOC, VPF_OP_ALLOC, VPF_OP_ALLOC, VPF_OP_ALLOC, VPF_OP_ALLOC,
    VPF_OP_FREE, VPF_OP_FREE, VPF_OP_RESET, VPF_OP_FAULT, VPF_OP_CHECK,
    VPF_OP_MISALIGN, VPF_OP_CL_SIZED,
};

static const vpf_profile_t profile = { "sizes", ops, sizeof ops, VPF_PROFILE_ONE_POOL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return vpf_run(data, size, &profile);
}
