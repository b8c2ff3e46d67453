// Private: PDQ without the dihedral variants, for the extra hashes a fingerprint carries (windows, trimmed,
// de-rotated), of which only the hash itself is kept.
#pragma once

#include "photoaudit/hashing/pdq.hpp"

namespace photoaudit::hashing {

// pdq_hash(image) with dihedral[1..7] left zero: dihedral[0] (hash()), quality and hashable as pdq_hash gives
// them, without the seven transposed-and-negated DCT blocks and their medians (about a third of the cost of
// hashing a 64x64 grid, which most of these hashes are).
PdqResult pdq_hash_plain(const GrayView& image);

}  // namespace photoaudit::hashing
