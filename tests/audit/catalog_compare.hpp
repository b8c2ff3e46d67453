// Helpers of the PostgreSQL catalog tests: a catalog (SQLite file or postgresql:// URL) as text, row by row, to
// compare two catalogs column by column through the same reader the commands use.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "catalog/row_codec.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "support/run_binary.hpp"

namespace photoaudit::test {

// What a comparison leaves out.
enum class RowKeys {
  kEverything,      // every column, the row id and the times too (catalogs filled from the same records)
  kWithoutRunData,  // not the row id, scanned_at, first_seen, last_seen (two scans of the same files)
};

inline std::string hex_of(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    out += kDigits[c >> 4U];
    out += kDigits[c & 15U];
  }
  return out;
}

// One row as text: every field of CatalogImage, hashes in the catalog's blob layouts (hex).
inline std::string row_text(const audit::CatalogImage& r, RowKeys keys) {
  std::string t = hex_of(r.path) + "|" + std::to_string(r.size) + "|" + std::to_string(r.mtime_ns) + "|";
  if (keys == RowKeys::kEverything) {
    t += std::to_string(r.id) + "|" + std::to_string(r.scanned_at) + "|" + std::to_string(r.history.first_seen) + "|" +
         std::to_string(r.history.last_seen) + "|";
  }
  if (r.fingerprints) {
    const auto& fp = *r.fingerprints;
    t += fp.sha256.to_hex() + "|" + fp.content_hash.digest.to_hex() + "|" +
         std::string(hashing::to_string(fp.content_hash.method)) + "|" + std::string(fp.format) + "|" +
         std::to_string(fp.width) + "x" + std::to_string(fp.height) + "|" + std::to_string(fp.orientation) + "|" +
         (fp.pdq_hashable ? fp.pdq.to_hex() : "-") + "|" + std::to_string(fp.pdq_quality) + "|" +
         hex_of(audit::catalog::dihedral_blob(fp)) + "|" + hex_of(audit::catalog::windows_blob(fp)) + "|" +
         hex_of(audit::catalog::trimmed_blob(fp)) + "|" + std::to_string(fp.pdq_trimmed_quality) + "|" +
         std::to_string(fp.phash) + "|";
  } else {
    t += "no fingerprints|";
  }
  const auto& p = r.provenance;
  t += p.credit + "|" + p.byline + "|" + p.source + "|" + p.copyright + "|" + p.date_created + "|" +
       p.digital_source_type + "|";
  for (const auto& o : p.organizations) t += o + ";";
  t += "|" + r.error + "|" + std::string(audit::to_string(r.history.state)) + "|" + hex_of(r.history.moved_to) + "|" +
       hex_of(r.history.moved_from);
  return t;
}

// Every row (moved and replaced records too), in path order then state; fails the test when the catalog
// cannot be opened.
inline std::vector<std::string> catalog_rows_of(const std::string& index, RowKeys keys) {
  auto catalog = audit::open_catalog(index, audit::CatalogOptions{.mode = audit::CatalogMode::kReadOnly});
  INFO(index << ": " << (catalog ? "" : catalog.error().message));
  REQUIRE(catalog);
  auto rows = (*catalog)->images(audit::CatalogRows::kAll);
  REQUIRE(rows);
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(row_text(r, keys));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace photoaudit::test
