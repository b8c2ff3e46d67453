// find through SQL at the edge of its pigeonhole bound (postgres_find.cpp, schema 4): a stored hash and probes at
// distance 31 whose differing bits are spread so that exactly one slice of one group of four qualifies, with its
// three partner slices using every bit the bound leaves; the PostgreSQL catalog (a real PostgreSQL 15) must find
// it, as the SQLite catalog's in-memory search does, and at distance 32 neither does.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <span>
#include <random>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "support/files.hpp"
#include "support/postgres_server.hpp"

using photoaudit::hashing::Fingerprints;
using photoaudit::hashing::Hash256;
using photoaudit::test::PostgresServer;
using photoaudit::test::TempDir;
namespace audit = photoaudit::audit;

namespace {

// A random hash with 128 of its 256 bits set (as real PDQ hashes are, balanced).
Hash256 balanced(std::mt19937_64& rng) {
  std::array<int, 256> bits{};
  for (int i = 0; i < 256; ++i) bits[static_cast<std::size_t>(i)] = i;
  std::shuffle(bits.begin(), bits.end(), rng);
  Hash256 h;
  for (std::size_t i = 0; i < 128; ++i) h.set_bit(bits[i]);
  return h;
}

Fingerprints fingerprints_of(const Hash256& pdq, std::mt19937_64& rng) {
  Fingerprints fp;
  fp.format = "jpeg";
  fp.width = 1200;
  fp.height = 800;
  fp.pdq = pdq;
  fp.pdq_hashable = true;
  fp.pdq_quality = 100;
  for (auto& d : fp.pdq_dihedral) d = pdq;
  fp.pdq_trimmed = pdq;
  fp.pdq_trimmed_quality = 100;
  for (auto& byte : fp.sha256.bytes) byte = static_cast<std::uint8_t>(rng());
  for (auto& byte : fp.content_hash.digest.bytes) byte = static_cast<std::uint8_t>(rng());
  return fp;
}

// h with the first flips[k] bits of slice k inverted (slice k: bits 16 (k % 4) .. +15 of word k / 4, as
// hash_slices reads them).
Hash256 flipped(Hash256 h, const std::array<int, 16>& flips) {
  for (std::size_t k = 0; k < 16; ++k) {
    for (int b = 0; b < flips[k]; ++b) h.words[k / 4] ^= std::uint64_t{1} << (16 * (k % 4) + static_cast<unsigned>(b));
  }
  return h;
}

std::size_t matches(audit::Catalog& catalog, const Fingerprints& probe) {
  auto found = catalog.find_same_photo(probe);
  INFO((found ? "" : found.error().message));
  REQUIRE(found);
  return found->size();
}

}  // namespace

TEST_CASE("postgres find: a hash at distance 31 spread to the edge of the group bound is found, as in SQLite") {
  PostgresServer server;
  server.create_database("edge");
  TempDir tmp;
  auto pg = audit::open_postgres_catalog(server.url("edge"));
  INFO((pg ? "" : pg.error().message));
  REQUIRE(pg);
  auto sqlite = audit::open_sqlite_catalog((tmp.path / "edge.db").string());
  REQUIRE(sqlite);

  std::mt19937_64 rng(19);
  const Hash256 stored = balanced(rng);
  audit::CatalogWrite write;
  write.image.path = "/archive/stored.jpg";
  write.image.size = 1000;
  write.image.fingerprints = fingerprints_of(stored, rng);
  write.image.scanned_at = 1700000000;
  write.image.history.first_seen = write.image.history.last_seen = 1700000000;
  for (auto* catalog : {pg->get(), sqlite->get()}) REQUIRE(catalog->write(std::span(&write, 1)));

  // Groups of four slices: 8, 8, 8 and 7 differing bits; in the group of 7, one slice with 1 (or 0) bits and
  // its partners with all that is left (6, or 7), so that slice is the only one the search can start from.
  const std::vector<std::array<int, 16>> at_31 = {
      {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2},  // the slice: s12, partners s13-s15 at 6 = 7 - 1
      {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1},  // the slice last in its group: s15
      {2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2},  // in the first group: s3
      {0, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2},  // the slice equal, partners at 7 = the whole bound
      {2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 2, 0, 2, 2, 2, 2},  // s11 equal, its partners at 7
  };
  for (const auto& flips : at_31) {
    const Hash256 probe_hash = flipped(stored, flips);
    REQUIRE(photoaudit::hashing::hamming_distance(probe_hash, stored) == 31);
    const Fingerprints probe = fingerprints_of(probe_hash, rng);
    CHECK(matches(**pg, probe) == 1);
    CHECK(matches(**sqlite, probe) == 1);
  }
  // Distance 32, two bits in every slice: beyond the same-photo rule's 31, found by neither.
  std::array<int, 16> all_two{};
  all_two.fill(2);
  const Fingerprints far = fingerprints_of(flipped(stored, all_two), rng);
  CHECK(matches(**pg, far) == 0);
  CHECK(matches(**sqlite, far) == 0);
}
