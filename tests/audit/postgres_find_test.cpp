// find through SQL at the edge of its pigeonhole bound (postgres_find.cpp, schema 4): a stored hash and probes at
// distance 31 whose differing bits are spread so that exactly one slice of one group of four qualifies, with its
// three partner slices using every bit the bound leaves; the PostgreSQL catalog (a real PostgreSQL 15) must find
// it, as the SQLite catalog's in-memory search does, and at distance 32 neither does. And the upgrade of a schema 3
// catalog: read as it is, then given the v4 indexes by the first opening for writing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <random>
#include <span>
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

TEST_CASE(
    "postgres find: a schema 3 catalog is read as it is, and opening it for writing makes the v4 and v5 indexes") {
  PostgresServer server;
  server.create_database("v3");
  const std::string url = server.url("v3");
  REQUIRE(audit::open_postgres_catalog(url));
  // Back to what schema 3 made: plain slice indexes, no flat partners' indexes, version 3.
  std::string plain =
      "UPDATE schema_version SET version = 3; DROP INDEX images_aspect; DROP INDEX images_flat_looking;";
  for (int k = 0; k < 16; ++k) {
    const std::string s = "s" + std::to_string(k);
    plain += "DROP INDEX image_hashes_" + s + ";";
    plain += "CREATE INDEX image_hashes_" + s;
    plain += " ON image_hashes (" + s + ");";
  }
  server.sql("v3", plain);
  const auto include_count = [&] {
    return server.sql("v3",
                      "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'image_hashes_s%' AND indexdef "
                      "LIKE '%INCLUDE%'");
  };
  REQUIRE(include_count() == "0\n");

  // Read-only: the same columns, so find works (from the plain indexes), and nothing is changed.
  auto read_only = audit::open_postgres_catalog(url, {.mode = audit::CatalogMode::kReadOnly});
  INFO((read_only ? "" : read_only.error().message));
  REQUIRE(read_only);
  std::mt19937_64 rng(3);
  const Fingerprints probe = fingerprints_of(balanced(rng), rng);
  CHECK(matches(**read_only, probe) == 0);
  CHECK(server.sql("v3", "SELECT version FROM schema_version") == "3\n");
  // Schema 2 lacks columns: refused read-only, as before.
  server.sql("v3", "UPDATE schema_version SET version = 2");
  CHECK_FALSE(audit::open_postgres_catalog(url, {.mode = audit::CatalogMode::kReadOnly}));
  server.sql("v3", "UPDATE schema_version SET version = 3");

  // For writing: migrated to 5, the sixteen slice indexes made again with their group's slices (v4), the flat
  // partners' indexes by frame shape made (v5).
  REQUIRE(audit::open_postgres_catalog(url));
  CHECK(server.sql("v3", "SELECT version FROM schema_version") == "5\n");
  CHECK(include_count() == "16\n");
  CHECK(server.sql("v3",
                   "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE indexname IN "
                   "('images_aspect', 'images_flat_looking')") == "images_aspect,images_flat_looking\n");
  CHECK(server.sql("v3", "SELECT indexdef FROM pg_indexes WHERE indexname = 'image_hashes_s5'") ==
        "CREATE INDEX image_hashes_s5 ON public.image_hashes USING btree (s5) INCLUDE (s4, s6, s7, path_key, "
        "image_id)\n");
}
