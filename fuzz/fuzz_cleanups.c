/*
 * fuzz_cleanups.c -- cleanup ordering and re-entrant handlers.
 * Same decoder, model and oracle as every vpool target (vpf.c); only the
 * opcode table differs, which focuses the mutator.
 */
#include "vpf.h"

static const uint8_t ops[] = {
    VPF_OP_CL_ADD, VPF_OP_CL_ADD, VPF_OP_CL_ADD, VPF_OP_CL_SIZED, VPF_OP_CL_SIZED,
    VPF_OP_CL_RUN, VPF_OP_CL_RUN, VPF_OP_CL_KILL, VPF_OP_RESET, VPF_OP_DESTROY,
    VPF_OP_CHILD, VPF_OP_ALLOC, VPF_OP_FAULT, VPF_OP_CL_FD, VPF_OP_ROOT,
};

static const vpf_profile_t profile = { "cleanups", ops, sizeof ops, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return vpf_run(data, size, &profile);
}
