/*
 * Entry point of vpool's proofs: tools/prove.sh force-includes this file
 * (cpp -include) in front of pool/vpool.c, so the C sources stay free of any
 * proof-only #include or #ifdef. It brings the private layout, the ACSL
 * logic (one concept per file under logic/) and the port contracts.
 */
#ifndef VPOOL_PROOF_H
#define VPOOL_PROOF_H

#include "vpool_impl.h"

/* VPOOL_ALIGNMENT is an offsetof expression, which ACSL cannot parse; the
 * proofs use its value on the analysed machdep (x86_64), and
 * proofs/witnesses.c proves that the two agree. */
#define VPOOL_ALIGNMENT_L 16

#include "logic/aligned.h"
#include "logic/accounting.h"
#include "logic/block.h"
#include "logic/large.h"
#include "logic/cleanup.h"
#include "port.h"

#endif
