// catalog_pg_bench: the PostgreSQL catalog's `find` at scale (issue 19). Run through scripts/bench/catalog-pg,
// which starts a PostgreSQL server and gives its URL. Not a test: it prints a table and exits 1 only if a
// planted near-duplicate is missed or the SQL answer differs from a full scan.
//
// Data: N synthetic catalog rows, each a random balanced PDQ hash (128 of 256 bits set, like real ones) with
// quality 100 and seven more random hashes as its other dihedral variants; no windows. Queries: a probe near a
// random row (distance 0..31, the default same-photo threshold), either upright (one orientation: all eight
// variants equal) or rotated (eight orientations: the matching hash is one of eight random variants).
// The first --feature-rows rows (default 100,000) carry a 31,000-byte local-features blob (random bytes: ORB
// descriptors are close to incompressible), as rows of a scan do; the rest none (10M blobs would be 310 GB).
// Load: COPY into the catalog's tables (made by open_postgres_catalog, at the newest schema), the catalog's own
// secondary indexes (read from pg_indexes) dropped before and made again after the load, then VACUUM ANALYZE.
// --skip-load measures an already loaded database.
// find: PostgresCatalog::find_same_photo (SQL multi-index candidates, rows read, same-photo verdict) and the
// in-memory PdqIndex over the same hashes (query_any with 1 or 8 probes), p50/p95 over Q queries each.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "catalog/postgres_rows.hpp"
#include "catalog/row_codec.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace {

using photoaudit::hashing::Fingerprints;
using photoaudit::hashing::Hash256;
using Clock = std::chrono::steady_clock;
namespace catalog = photoaudit::audit::catalog;

struct Config {
  std::size_t n = 10'000'000;
  std::size_t queries = 200;
  std::size_t brute_queries = 20;
  std::size_t feature_rows = 100'000;  // rows 0 .. feature_rows-1 carry a local-features blob
  bool skip_load = false;              // the tables are loaded already (a second run on the same database)
  std::string url;
};

// The size of a photo's local-features blob in the catalog (docs/catalog.md: about 30 KB).
constexpr std::size_t kFeatureBytes = 31'000;

// A few distinct blobs of random bytes (ORB descriptors are close to incompressible), hex-encoded for COPY;
// row i carries blob i % size().
const std::vector<std::string>& feature_blobs() {
  static const std::vector<std::string> blobs = [] {
    std::vector<std::string> out;
    std::mt19937_64 rng(42);
    for (int b = 0; b < 16; ++b) {
      std::string bytes(kFeatureBytes, '\0');
      for (auto& c : bytes) c = static_cast<char>(rng());
      out.push_back(bytes);
    }
    return out;
  }();
  return blobs;
}

Hash256 balanced(std::mt19937_64& rng) {
  std::vector<int> bits(256);
  for (int i = 0; i < 256; ++i) bits[static_cast<std::size_t>(i)] = i;
  std::shuffle(bits.begin(), bits.end(), rng);
  Hash256 h;
  for (int i = 0; i < 128; ++i) h.set_bit(bits[static_cast<std::size_t>(i)]);
  return h;
}

Hash256 near(const Hash256& h, int distance, std::mt19937_64& rng) {
  Hash256 out = h;
  std::set<int> flipped;
  while (static_cast<int>(flipped.size()) < distance) flipped.insert(static_cast<int>(rng() % 256));
  for (const int b : flipped) out.words[static_cast<std::size_t>(b) / 64] ^= std::uint64_t{1} << (b % 64);
  return out;
}

int distance(const Hash256& a, const Hash256& b) {
  int d = 0;
  for (std::size_t w = 0; w < 4; ++w) d += __builtin_popcountll(a.words[w] ^ b.words[w]);
  return d;
}

// Row i's PDQ hash, from a per-row seed, so the loader and the queries agree without storing it.
Hash256 row_pdq(std::size_t i) {
  std::mt19937_64 rng(i * 0x9E3779B97F4A7C15ULL + 1);
  return balanced(rng);
}

// Row i's fingerprints (the other hashes from another seed).
Fingerprints row_fingerprints(std::size_t i) {
  std::mt19937_64 rng(i * 0x9E3779B97F4A7C15ULL + 2);
  Fingerprints fp;
  fp.format = "jpeg";
  fp.width = 1200;
  fp.height = 800;
  fp.pdq = row_pdq(i);
  fp.pdq_hashable = true;
  fp.pdq_quality = 100;
  fp.pdq_dihedral[0] = fp.pdq;
  for (std::size_t k = 1; k < fp.pdq_dihedral.size(); ++k) fp.pdq_dihedral[k] = balanced(rng);
  for (auto& byte : fp.sha256.bytes) byte = static_cast<std::uint8_t>(rng());
  for (auto& byte : fp.content_hash.digest.bytes) byte = static_cast<std::uint8_t>(rng());
  fp.pdq_trimmed = fp.pdq;
  fp.pdq_trimmed_quality = 100;
  return fp;
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\\\x";
  for (const unsigned char c : bytes) {
    out += kDigits[c >> 4U];
    out += kDigits[c & 15U];
  }
  return out;
}

std::string image_line(std::size_t i, const Fingerprints& fp, const std::string* features) {
  const std::string path = "/archive/synthetic/" + std::to_string(i) + ".jpg";
  const std::string sha(reinterpret_cast<const char*>(fp.sha256.bytes.data()), 32);
  const std::string content(reinterpret_cast<const char*>(fp.content_hash.digest.bytes.data()), 32);
  return std::to_string(i + 1) + "\t" + std::to_string(catalog::path_key(path)) + "\t" + hex(path) + "\t100000\t0\t" +
         hex(sha) + "\t" + hex(content) + "\tjpeg-scan\tjpeg\t1200\t800\t1\t" + hex(catalog::hash_blob(fp.pdq)) +
         "\t100\t" + hex(catalog::dihedral_blob(fp)) + "\t" + hex(catalog::windows_blob(fp)) + "\t" +
         hex(catalog::trimmed_blob(fp)) + "\t100\t0\t1700000000\t0\t1700000000\t1700000000\t" +
         (features != nullptr ? *features : std::string("\\N")) + "\n";
}

std::string hash_line(std::size_t i, const Fingerprints& fp) {
  const std::string path = "/archive/synthetic/" + std::to_string(i) + ".jpg";
  std::string line = std::to_string(catalog::path_key(path)) + "\t" + std::to_string(i + 1) + "\t";
  for (int b = 255; b >= 0; --b) line += fp.pdq.bit(b) ? '1' : '0';
  for (const int s : catalog::hash_slices(fp.pdq)) line += "\t" + std::to_string(s);
  return line + "\n";
}

void run_sql(PGconn* conn, const std::string& sql) {
  PGresult* res = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN) {
    std::fprintf(stderr, "SQL failed: %s\n%s\n", sql.c_str(), PQerrorMessage(conn));
    std::exit(2);
  }
  PQclear(res);
}

// COPY rows [from, to) into a table: images (with the local-features blob on rows below with_features) or
// image_hashes.
void copy_rows(PGconn* conn, const std::string& copy, std::size_t from, std::size_t n, bool images,
               std::size_t with_features = 0) {
  run_sql(conn, "COPY " + copy + " FROM STDIN");
  std::vector<std::string> encoded;
  if (images && with_features > from) {
    for (const auto& blob : feature_blobs()) encoded.push_back(hex(blob));
  }
  std::string buffer;
  for (std::size_t i = from; i < n; ++i) {
    if (images) {
      buffer += image_line(i, row_fingerprints(i), i < with_features ? &encoded[i % encoded.size()] : nullptr);
    } else {
      Fingerprints fp;
      fp.pdq = row_pdq(i);
      buffer += hash_line(i, fp);
    }
    if (buffer.size() > (1U << 20U) || i + 1 == n) {
      if (PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) != 1) std::exit(2);
      buffer.clear();
    }
  }
  PQputCopyEnd(conn, nullptr);
  PGresult* res = PQgetResult(conn);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "COPY failed: %s\n", PQerrorMessage(conn));
    std::exit(2);
  }
  PQclear(res);
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void load(const Config& c) {
  PGconn* conn = PQconnectdb(c.url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::fprintf(stderr, "%s\n", PQerrorMessage(conn));
    std::exit(2);
  }
  // The catalog's secondary indexes (as its migrations made them), dropped for the load and made again after it.
  std::vector<std::string> indexes_sql;
  {
    PGresult* res = PQexec(conn,
                           "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('images', 'image_hashes') "
                           "AND indexname NOT IN ('images_pkey', 'images_current_path')");
    std::string drop;
    for (int r = 0; r < PQntuples(res); ++r) {
      drop += std::string("DROP INDEX ") + PQgetvalue(res, r, 0) + ";";
      indexes_sql.emplace_back(PQgetvalue(res, r, 1));
    }
    PQclear(res);
    run_sql(conn, drop);
  }
  const std::string columns =
      "images (id, path_key, path, size, mtime_ns, sha256, content_hash, content_hash_method, format, width, "
      "height, orientation, pdq, pdq_quality, pdq_dihedral, pdq_windows, pdq_trimmed, pdq_trimmed_quality, "
      "phash, scanned_at, state, first_seen, last_seen, local_features)";
  const std::size_t with_features = std::min(c.feature_rows, c.n);
  const auto t_features = Clock::now();
  copy_rows(conn, columns, 0, with_features, true, with_features);
  const double copy_features = seconds_since(t_features);
  const auto t0 = Clock::now();
  copy_rows(conn, columns, with_features, c.n, true);
  const double copy_images = seconds_since(t0);
  const auto t1 = Clock::now();
  copy_rows(conn, "image_hashes", 0, c.n, false);
  const double copy_hashes = seconds_since(t1);
  const auto t2 = Clock::now();
  std::string create;
  for (const auto& sql : indexes_sql) create += sql + ";";
  run_sql(conn, create + "SELECT setval(pg_get_serial_sequence('images', 'id'), " + std::to_string(c.n) + ")");
  run_sql(conn, "VACUUM (ANALYZE)");  // also sets the visibility map, as autovacuum would after a load
  const double indexes = seconds_since(t2);
  const double total = copy_features + copy_images + copy_hashes + indexes;
  if (with_features > 0) {
    std::printf("load: %zu rows with a %zu-byte local-features blob: COPY %.1f s, %.0f rows/s, %.1f MB/s of blobs\n",
                with_features, kFeatureBytes, copy_features, static_cast<double>(with_features) / copy_features,
                static_cast<double>(with_features * kFeatureBytes) / copy_features / 1e6);
  }
  std::printf(
      "load: %zu rows: COPY images %.1f s (%zu with local features, %zu without), COPY image_hashes %.1f s, "
      "indexes + VACUUM ANALYZE %.1f s: %.0f rows/s overall\n",
      c.n, copy_features + copy_images, with_features, c.n - with_features, copy_hashes, indexes,
      static_cast<double>(c.n) / total);
  PQfinish(conn);
}

struct Query {
  Fingerprints probe;
  std::size_t target = 0;
};

Query make_query(std::size_t q, const Config& c, bool rotated) {
  std::mt19937_64 rng(q * 7919 + (rotated ? 1 : 0));
  Query out;
  out.target = rng() % c.n;
  const Hash256 hit = near(row_pdq(out.target), static_cast<int>(rng() % 32), rng);
  Fingerprints& p = out.probe;
  p = row_fingerprints(c.n + q + (rotated ? c.queries : 0));  // a fresh image: other sha256, content hash
  const std::size_t k = rotated ? 1 + rng() % 7 : 0;
  for (std::size_t v = 0; v < p.pdq_dihedral.size(); ++v) p.pdq_dihedral[v] = rotated ? balanced(rng) : hit;
  p.pdq_dihedral[k] = hit;
  p.pdq = p.pdq_dihedral[0];
  p.pdq_trimmed = p.pdq;
  return out;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Ids within distance 31 of any probe hash, by comparing every row (the full scan recall is measured against).
std::set<std::int64_t> full_scan(const Fingerprints& probe, const photoaudit::hashing::PdqIndex& all) {
  std::set<std::int64_t> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (const auto& p : probe.pdq_dihedral) {
      if (distance(all.hashes()[i], p) <= 31) {
        out.insert(static_cast<std::int64_t>(all.ids()[i]));
        break;
      }
    }
  }
  return out;
}

int measure(const Config& c, bool rotated, const photoaudit::hashing::PdqIndex& index) {
  auto opened = photoaudit::audit::open_postgres_catalog(
      c.url, {.mode = photoaudit::audit::CatalogMode::kReadOnly, .busy_timeout_ms = 3000});
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 2;
  }
  std::vector<double> sql_ms;
  std::vector<double> mem_ms;
  std::size_t found = 0;
  std::size_t brute_ok = 0;
  for (std::size_t q = 0; q < c.queries; ++q) {
    const Query query = make_query(q, c, rotated);
    auto t = Clock::now();
    auto matches = (*opened)->find_same_photo(query.probe);
    sql_ms.push_back(seconds_since(t) * 1000);
    if (!matches) {
      std::fprintf(stderr, "%s\n", matches.error().message.c_str());
      return 2;
    }
    std::set<std::int64_t> ids;
    for (const auto& m : *matches) ids.insert(m.id);
    found += ids.count(static_cast<std::int64_t>(query.target + 1));
    const std::vector<Hash256> probes = rotated ? std::vector<Hash256>(query.probe.pdq_dihedral.begin(),
                                                                       query.probe.pdq_dihedral.end())
                                                : std::vector<Hash256>{query.probe.pdq};
    t = Clock::now();
    auto near_ids = index.query_any(probes, 31);
    mem_ms.push_back(seconds_since(t) * 1000);
    if (q < c.brute_queries) brute_ok += full_scan(query.probe, index) == ids ? 1 : 0;
  }
  std::printf(
      "find, %s: SQL p50 %.1f ms p95 %.1f ms | in-memory p50 %.3f ms p95 %.3f ms | planted found %zu/%zu | "
      "SQL = full scan in %zu/%zu\n",
      rotated ? "8 orientations" : "1 orientation ", percentile(sql_ms, 0.5), percentile(sql_ms, 0.95),
      percentile(mem_ms, 0.5), percentile(mem_ms, 0.95), found, c.queries, brute_ok,
      std::min(c.brute_queries, c.queries));
  return found == c.queries && brute_ok == std::min(c.brute_queries, c.queries) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.starts_with("--n=")) c.n = std::stoull(a.substr(4));
    if (a.starts_with("--queries=")) c.queries = std::stoull(a.substr(10));
    if (a.starts_with("--brute-queries=")) c.brute_queries = std::stoull(a.substr(16));
    if (a.starts_with("--url=")) c.url = a.substr(6);
    if (a.starts_with("--feature-rows=")) c.feature_rows = std::stoull(a.substr(15));
    if (a == "--skip-load") c.skip_load = true;
  }
  {  // make the catalog's tables
    auto made = photoaudit::audit::open_postgres_catalog(c.url);
    if (!made) {
      std::fprintf(stderr, "%s\n", made.error().message.c_str());
      return 2;
    }
  }
  if (!c.skip_load) load(c);
  const auto t = Clock::now();
  photoaudit::hashing::PdqIndex index;
  index.reserve(c.n);
  for (std::size_t i = 0; i < c.n; ++i) (void)index.add(i + 1, row_pdq(i));
  index.build();
  std::printf("in-memory index: %zu hashes, built in %.1f s (from generated rows), %.0f MB\n", c.n, seconds_since(t),
              static_cast<double>(index.memory_bytes()) / 1e6);
  const int upright = measure(c, false, index);
  const int rotated = measure(c, true, index);
  return std::max(upright, rotated);
}
