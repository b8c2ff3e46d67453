// Reading files in worker processes (issue 18, "Isolation"; reading_pool.hpp): a decoder's crash or hang on
// one file is a finding and the audit or scan goes on; what a worker sends back is exactly what the audit would
// have read itself. The crash and the hang are stood in for by the test build's fault injection
// (PHOTOAUDIT_FAULT_INJECTION, reading_worker.cpp): no real decoder input that crashes is known here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "evidence/evidence_codec.hpp"
#include "evidence/worker_frames.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::audit::pipeline::decode_evidence;
using photoaudit::audit::pipeline::encode_evidence;
using photoaudit::audit::pipeline::EvidenceOptions;
using photoaudit::audit::pipeline::gather_evidence;
using photoaudit::audit::pipeline::gather_evidence_from_memory;
using photoaudit::audit::pipeline::ReadingIsolation;
using photoaudit::audit::pipeline::ReadingPool;
using photoaudit::hashing::Fingerprints;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

// Three real photos in a folder of their own: the Putin photo, its teaser crop and an unrelated Reuters photo.
void copy_photos(const fs::path& dir) {
  fs::copy_file(kFixtures / "article/putin-min-aung-hlaing.jpg", dir / "putin.jpg");
  fs::copy_file(kFixtures / "article/teaser-putin.jpg", dir / "teaser.jpg");
  fs::copy_file(kFixtures / "registry-images/source-blocked.jpg", dir / "blocked.jpg");
}

// photoaudit with one more environment variable (through env(1), so this process's environment stays as it is).
photoaudit::test::RunResult run_with(const std::string& variable, const std::vector<std::string>& args) {
  std::vector<std::string> all = {variable, PHOTOAUDIT_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  return run_program("env", all);
}

const json* image_named(const json& report, const std::string& name) {
  for (const auto& image : report["images"]) {
    if (fs::path(image["path"].get<std::string>()).filename() == name) return &image;
  }
  return nullptr;
}

std::vector<std::string> rules_of(const json& image) {
  std::vector<std::string> rules;
  for (const auto& f : image["findings"])
    rules.push_back(f["rule"].get<std::string>() + ": " + f["message"].get<std::string>());
  return rules;
}

}  // namespace

TEST_CASE("a decoder crash on one file is a metadata-unreadable finding naming the signal, and the audit goes on") {
  TempDir tmp;
  copy_photos(tmp.path);
  const std::vector<std::string> args = {"audit",
                                         "--format",
                                         "json",
                                         "--date",
                                         "2026-12-01",
                                         "--registry",
                                         (kFixtures / "registry.yaml").string(),
                                         tmp.path.string()};
  const auto clean = run_photoaudit(args);
  const auto crashed = run_with("PHOTOAUDIT_FAULT_INJECTION=crash:teaser.jpg", args);
  INFO(crashed.err);
  REQUIRE(clean.exit_code == 1);  // the blocked source is an error finding either way
  REQUIRE(crashed.exit_code == 1);
  const json a = json::parse(clean.out);
  const json b = json::parse(crashed.out);
  REQUIRE(b["images"].size() == 3);
  const json* teaser = image_named(b, "teaser.jpg");
  REQUIRE(teaser != nullptr);
  const auto rules = rules_of(*teaser);
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].find("metadata-unreadable") == 0);
  CHECK(rules[0].find("the reading worker died on this file (signal 11 (SIGSEGV))") != std::string::npos);
  // The file the worker died on is not read again in-process, and the others keep their own results.
  CHECK(rules_of(*image_named(b, "blocked.jpg")) == rules_of(*image_named(a, "blocked.jpg")));
  CHECK((*image_named(b, "putin.jpg"))["fingerprints"] == (*image_named(a, "putin.jpg"))["fingerprints"]);
  CHECK((*image_named(b, "putin.jpg"))["credit"] == (*image_named(a, "putin.jpg"))["credit"]);
}

TEST_CASE("a decoder hang on one file is stopped at --file-timeout and reported, and the audit finishes") {
  TempDir tmp;
  copy_photos(tmp.path);
  const auto start = std::chrono::steady_clock::now();
  const auto run = run_with(
      "PHOTOAUDIT_FAULT_INJECTION=hang:putin.jpg",
      {"audit", "--format", "json", "--file-timeout", "2", "--date", "2026-12-01", tmp.path.string()});
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  CHECK(seconds < 60);
  const json report = json::parse(run.out);
  const auto rules = rules_of(*image_named(report, "putin.jpg"));
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].find("reading it took longer than 2 s; the reading worker was stopped") != std::string::npos);
  CHECK(image_named(report, "teaser.jpg")->contains("fingerprints"));
}

TEST_CASE("scan goes on past a file its reading worker dies on: counted as failed and named") {
  TempDir tmp;
  fs::create_directory(tmp.path / "photos");
  copy_photos(tmp.path / "photos");
  const auto run = run_with(
      "PHOTOAUDIT_FAULT_INJECTION=crash:blocked.jpg",
      {"scan", "--json", "--index", (tmp.path / "catalog.db").string(), (tmp.path / "photos").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 1);  // scan's status when a file failed (docs/json.md, "scan")
  const json summary = json::parse(run.out);
  CHECK(summary["added"] == 2);
  CHECK(summary["failed"] == 1);
  CHECK(run.err.find("blocked.jpg: the reading worker died on this file") != std::string::npos);
}

TEST_CASE(
    "audit with --isolation none reads in-process and gives the same report, and a bad --isolation is a usage error") {
  TempDir tmp;
  copy_photos(tmp.path);
  // A copy turned 2 degrees: joined by its de-rotated hashes in both modes (workers used to drop them from their
  // answers, and the copy then fell to the grey zone's local features instead).
  fs::copy_file(kFixtures / "hashing/cat.jpg", tmp.path / "cat.jpg");
  fs::copy_file(kFixtures / "hashing/cat-rotate2.jpg", tmp.path / "cat-rotate2.jpg");
  const std::vector<std::string> base = {"audit", "--format", "json", "--date", "2026-12-01", tmp.path.string()};
  auto none = base;
  none.insert(none.begin() + 1, {"--isolation", "none"});
  const auto a = run_photoaudit(base);
  const auto b = run_photoaudit(none);
  REQUIRE(a.exit_code == 1);
  REQUIRE(b.exit_code == 1);
  json ja = json::parse(a.out);
  json jb = json::parse(b.out);
  CHECK(ja["images"] == jb["images"]);
  CHECK(ja["clusters"] == jb["clusters"]);
  const json* cat = image_named(ja, "cat.jpg");
  REQUIRE(cat != nullptr);
  REQUIRE((*cat)["cluster"].is_number());
  for (const auto& m : ja["clusters"][(*cat)["cluster"].get<std::size_t>()]["members"]) {
    if (m["method"].is_string()) CHECK(m["method"] == "pdq-window");
  }
  // With --isolation none, the fault injection of the workers does not apply: nothing is reported.
  const auto in_process = run_with("PHOTOAUDIT_FAULT_INJECTION=crash:teaser.jpg", none);
  CHECK(json::parse(in_process.out)["images"] == ja["images"]);
  CHECK(run_photoaudit({"audit", "--isolation", "thread", tmp.path.string()}).exit_code == 2);
  CHECK(run_photoaudit({"audit", "--file-timeout", "0", tmp.path.string()}).exit_code == 2);
}

TEST_CASE("a worker request decodes to what was sent, the mirror set asked or not, and a bad one is refused") {
  using photoaudit::audit::pipeline::decode_request;
  using photoaudit::audit::pipeline::encode_memory_request;
  using photoaudit::audit::pipeline::encode_path_request;
  for (const bool mirror : {false, true}) {
    INFO("mirror: " << mirror);
    const auto path = decode_request(encode_path_request("photos/a b.jpg", mirror));
    REQUIRE(path);
    CHECK_FALSE(path->in_memory);
    CHECK(path->mirror_features == mirror);
    CHECK(path->name == "photos/a b.jpg");
    const std::vector<std::uint8_t> bytes{0xFF, 0xD8, 0x00, 'M', 'N', 0xFF, 0xD9};
    const std::string frame = encode_memory_request("upload.jpg", bytes, mirror);
    const auto memory = decode_request(frame);
    REQUIRE(memory);
    CHECK(memory->in_memory);
    CHECK(memory->mirror_features == mirror);
    CHECK(memory->name == "upload.jpg");
    CHECK(memory->bytes == std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    // A name longer than the frame holds: refused, never read past the end.
    const std::string cut = frame.substr(0, 1 + 8 + 4);
    CHECK_FALSE(decode_request(cut));
  }
  // An unknown kind, and a memory request too short for its name's length.
  CHECK_FALSE(decode_request("Xphotos/a.jpg"));
  CHECK_FALSE(decode_request("N1234"));
  CHECK_FALSE(decode_request(""));
}

TEST_CASE("a reading worker's answer decodes to exactly what was read, and a cut or padded answer is refused") {
  photoaudit::audit::initialize_metadata();
  EvidenceOptions options;
  options.thumbnail = true;
  auto verifier = photoaudit::audit::C2paVerifier::create({});
  REQUIRE(verifier);
  options.credentials = std::make_shared<const photoaudit::audit::C2paVerifier>(std::move(*verifier));
  std::size_t with_credentials = 0;
  std::size_t with_derotated = 0;  // de-rotated hashes kept, over all files
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kFixtures)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".yaml" || entry.path().extension() == ".html") {
      continue;
    }
    const auto evidence = gather_evidence(entry.path().string(), options);
    const std::string bytes = encode_evidence(evidence);
    const auto decoded = decode_evidence(bytes);
    INFO(entry.path());
    REQUIRE(decoded);
    CHECK(encode_evidence(*decoded) == bytes);
    CHECK(decoded->path == evidence.path);
    CHECK(decoded->fingerprints.has_value() == evidence.fingerprints.has_value());
    if (evidence.fingerprints) {
      // Every member, one by one: re-encoding what was decoded cannot show a member the codec leaves out.
      const Fingerprints& a = *evidence.fingerprints;
      const Fingerprints& b = *decoded->fingerprints;
      CHECK(b.format == a.format);
      CHECK(std::tie(b.width, b.height, b.orientation, b.pdq_quality, b.pdq_hashable, b.phash, b.pdq_trimmed_quality,
                     b.has_grey16) == std::tie(a.width, a.height, a.orientation, a.pdq_quality, a.pdq_hashable, a.phash,
                                               a.pdq_trimmed_quality, a.has_grey16));
      CHECK(b.sha256.bytes == a.sha256.bytes);
      CHECK(b.content_hash.digest.bytes == a.content_hash.digest.bytes);
      CHECK(b.content_hash.method == a.content_hash.method);
      CHECK((b.pdq == a.pdq && b.pdq_dihedral == a.pdq_dihedral && b.pdq_trimmed == a.pdq_trimmed));
      CHECK((b.pdq_windows == a.pdq_windows && b.pdq_window_quality == a.pdq_window_quality));
      CHECK(std::tie(b.trimmed.top, b.trimmed.bottom, b.trimmed.left, b.trimmed.right) ==
            std::tie(a.trimmed.top, a.trimmed.bottom, a.trimmed.left, a.trimmed.right));
      CHECK((b.pdq_derotated == a.pdq_derotated && b.pdq_derotated_quality == a.pdq_derotated_quality));
      CHECK(b.grey16 == a.grey16);
      for (const std::uint8_t q : a.pdq_derotated_quality) with_derotated += q > 0 ? 1 : 0;
    }
    if (evidence.credentials) ++with_credentials;
    ++files;
    // Every cut of the answer, and the answer with a byte more, is refused as a whole.
    for (std::size_t cut = 0; cut < bytes.size(); cut += 1 + bytes.size() / 37) {
      CHECK_FALSE(decode_evidence(std::string_view(bytes).substr(0, cut)));
    }
    CHECK_FALSE(decode_evidence(bytes + '\0'));
  }
  CHECK(files > 50);
  CHECK(with_credentials > 0);
  CHECK(with_derotated > 100);
}

// Images held in memory (serve's uploads, page's fetched images) were decoded in the main process, so a decoder's
// crash on a hostile upload ended the whole server: ReadingPool::read_memory sends them to a worker instead.
TEST_CASE("read_memory: a decoder crash on an in-memory image is a read_error, and the next image gets a worker") {
  photoaudit::audit::initialize_metadata();
  // The workers inherit this process's environment: they die by SIGSEGV on an image whose name says so.
  REQUIRE(setenv("PHOTOAUDIT_FAULT_INJECTION", "crash:hostile-upload", 1) == 0);
  ReadingIsolation isolation;
  isolation.worker_executable = PHOTOAUDIT_BINARY;
  EvidenceOptions options;
  auto pool = ReadingPool::start(isolation, options, 1);
  REQUIRE(pool);
  const std::string file = photoaudit::test::read_file(kFixtures / "article/teaser-putin.jpg");
  const std::span bytes(reinterpret_cast<const std::uint8_t*>(file.data()), file.size());

  const auto crashed = (*pool)->read_memory("hostile-upload.jpg", bytes);
  REQUIRE(crashed.read_error);
  CHECK(crashed.path == "hostile-upload.jpg");
  CHECK(crashed.read_error->code == photoaudit::ErrorCode::kCorruption);
  CHECK(crashed.read_error->message.find("the reading worker died on this file (signal 11 (SIGSEGV))") !=
        std::string::npos);
  CHECK_FALSE(crashed.fingerprints);

  // The next image is read by a fresh worker, exactly as this process reads it.
  auto read = (*pool)->read_memory("teaser.jpg", bytes);
  REQUIRE_FALSE(read.read_error);
  REQUIRE(read.fingerprints);
  read.decoder_messages.clear();
  CHECK(encode_evidence(read) == encode_evidence(gather_evidence_from_memory("teaser.jpg", bytes, options)));

  // gather_evidence_from_memory with the pool (what page, audit URL and serve call) goes through a worker too.
  EvidenceOptions pooled = options;
  pooled.pool = *pool;
  const auto through_pool = gather_evidence_from_memory("hostile-upload-2.jpg", bytes, pooled);
  REQUIRE(through_pool.read_error);
  CHECK(through_pool.read_error->message.find("the reading worker died") != std::string::npos);
  CHECK_FALSE(gather_evidence_from_memory("teaser.jpg", bytes, pooled).read_error);
  unsetenv("PHOTOAUDIT_FAULT_INJECTION");
}

TEST_CASE("read_memory: bytes over max_file_bytes are refused unsent, as in-process, and empty bytes as well") {
  photoaudit::audit::initialize_metadata();
  ReadingIsolation isolation;
  isolation.worker_executable = PHOTOAUDIT_BINARY;
  EvidenceOptions options;
  options.max_file_bytes = 4096;
  auto pool = ReadingPool::start(isolation, options, 1);
  REQUIRE(pool);
  const std::string file = photoaudit::test::read_file(kFixtures / "article/teaser-putin.jpg");
  REQUIRE(file.size() > 4096);
  const std::span bytes(reinterpret_cast<const std::uint8_t*>(file.data()), file.size());
  const auto big = (*pool)->read_memory("big.jpg", bytes);
  REQUIRE(big.read_error);
  CHECK(big.read_error->code == photoaudit::ErrorCode::kLimitExceeded);
  CHECK(big.read_error->message == gather_evidence_from_memory("big.jpg", bytes, options).read_error->message);
  const auto empty = (*pool)->read_memory("empty.jpg", {});
  REQUIRE(empty.read_error);
  CHECK(empty.read_error->message == "empty.jpg: empty (0 bytes)");
}

// The grey zone reads a file's local features again (the folder's pairs, and audit --index's archive search): that
// second read is in a worker too. Before, it ran in the audit's own process, where a decoder's crash on it (a file
// changed since its first read, or the reduced decode's own path) ended the audit.
TEST_CASE(
    "the grey zone's second read of a file is in a worker: a crash there leaves the hashes' verdict, and a note") {
  TempDir tmp;
  fs::create_directories(tmp.path / "desk");
  fs::create_directories(tmp.path / "archive");
  // The rocket and its off-centre crop, 58 PDQ bits apart: the same photo by local features only.
  fs::copy_file(kFixtures / "article/rocket-launch-epa.jpg", tmp.path / "desk/rocket.jpg");
  fs::copy_file(kFixtures / "catalog/rocket-crop-offcentre.jpg", tmp.path / "desk/rocket-crop.jpg");
  fs::copy_file(kFixtures / "catalog/rocket-crop-offcentre.jpg", tmp.path / "archive/rocket-crop.jpg");
  const std::vector<std::string> folder = {"audit",  "--format",   "json",
                                           "--date", "2026-11-27", (tmp.path / "desk").string()};
  const auto clean = run_photoaudit(folder);
  const auto crashed = run_with("PHOTOAUDIT_FAULT_INJECTION=crash-features:rocket-crop", folder);
  INFO(crashed.err);
  REQUIRE(clean.exit_code == 1);  // the rocket's contract has expired: an error finding either way
  REQUIRE(crashed.exit_code == 1);
  const json a = json::parse(clean.out);
  const json b = json::parse(crashed.out);
  REQUIRE(a["clusters"].size() == 1);
  CHECK(a["clusters"][0]["members"][1]["method"] == "local-features");
  CHECK(a["context"]["duplicates_note"].is_null());
  // The worker died on the second read of the crop: the audit went on, both images keep their own results, and
  // the pair rests on the hashes (58 bits: not the same photo by them).
  REQUIRE(b["images"].size() == 2);
  CHECK(b["clusters"].empty());
  for (const char* name : {"rocket.jpg", "rocket-crop.jpg"}) {
    std::vector<std::string> without_duplicate = rules_of(*image_named(a, name));
    std::erase_if(without_duplicate, [](const std::string& r) { return r.starts_with("duplicate: "); });
    CHECK(rules_of(*image_named(b, name)) == without_duplicate);
  }
  const std::string note = b["context"]["duplicates_note"].get<std::string>();
  CHECK_THAT(note, Catch::StartsWith("1 file could not be read again for local features and was matched on hashes "
                                     "alone (first: "));
  CHECK_THAT(note, Catch::Contains("rocket-crop.jpg: the reading worker died on this file (signal 11 (SIGSEGV))"));

  // audit --index: the archive holds the crop; the rocket's features for the search are read again, in a worker.
  const std::string db = (tmp.path / "archive.db").string();
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db, (tmp.path / "archive").string()}).exit_code == 0);
  fs::remove(tmp.path / "desk/rocket-crop.jpg");
  const std::vector<std::string> indexed = {"audit",      "--format", "json", "--date",
                                            "2026-11-27", "--index",  db,     (tmp.path / "desk").string()};
  const json found = json::parse(run_photoaudit(indexed).out);
  REQUIRE(found["clusters"].size() == 1);
  CHECK(found["clusters"][0]["members"][1]["in_archive"] == true);
  const auto archive_crash = run_with("PHOTOAUDIT_FAULT_INJECTION=crash-features:desk/rocket.jpg", indexed);
  INFO(archive_crash.err);
  REQUIRE(archive_crash.exit_code == 1);
  const json missed = json::parse(archive_crash.out);
  CHECK(missed["clusters"].empty());
  CHECK_THAT(missed["context"]["duplicates_note"].get<std::string>(),
             Catch::Contains("rocket.jpg: the reading worker died on this file"));
}

// dupes over files read every file, and read the grey zone's files again, in its own process: a decoder's crash
// there ended it. Now both reads are in workers, as audit's are.
TEST_CASE("dupes reads each file in a worker, and again for the grey zone: a crash is an error naming the file") {
  TempDir tmp;
  copy_photos(tmp.path);
  fs::copy_file(kFixtures / "article/rocket-launch-epa.jpg", tmp.path / "rocket.jpg");
  fs::copy_file(kFixtures / "catalog/rocket-crop-offcentre.jpg", tmp.path / "rocket-crop.jpg");
  const std::vector<std::string> args = {"dupes", "--json", tmp.path.string()};
  // The clusters of a dupes report, as sets of file names.
  const auto clusters_of = [](const json& report) {
    std::vector<std::vector<std::string>> out;
    for (const auto& cluster : report["clusters"]) {
      std::vector<std::string> names;
      for (const auto& m : cluster["members"]) {
        names.push_back(fs::path(m["path"].get<std::string>()).filename().string());
      }
      std::sort(names.begin(), names.end());
      out.push_back(names);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using Clusters = std::vector<std::vector<std::string>>;

  const auto clean = run_photoaudit(args);
  INFO(clean.err);
  REQUIRE(clean.exit_code == 0);
  CHECK(clusters_of(json::parse(clean.out)) ==
        Clusters{{"putin.jpg", "teaser.jpg"}, {"rocket-crop.jpg", "rocket.jpg"}});

  // The first read of the teaser crashes its worker: an error naming it, exit status 1, the rest clustered.
  const auto crashed = run_with("PHOTOAUDIT_FAULT_INJECTION=crash:teaser.jpg", args);
  INFO(crashed.err);
  CHECK(crashed.exit_code == 1);
  CHECK(clusters_of(json::parse(crashed.out)) == Clusters{{"rocket-crop.jpg", "rocket.jpg"}});
  CHECK_THAT(json::parse(crashed.out)["errors"].dump(),
             Catch::Contains("teaser.jpg: the reading worker died on this file (signal 11 (SIGSEGV))"));

  // The grey zone's second read of the crop crashes: the pair rests on its hashes (58 bits apart), and the error
  // says so; the Putin pair is unchanged.
  const auto second = run_with("PHOTOAUDIT_FAULT_INJECTION=crash-features:rocket-crop", args);
  INFO(second.err);
  CHECK(second.exit_code == 1);
  CHECK(clusters_of(json::parse(second.out)) == Clusters{{"putin.jpg", "teaser.jpg"}});
  const std::string errors = json::parse(second.out)["errors"].dump();
  CHECK_THAT(errors, Catch::Contains("1 file could not be read again for local features and was matched on "
                                     "hashes alone (first: "));
  CHECK_THAT(errors, Catch::Contains("rocket-crop.jpg: the reading worker died on this file"));

  // --isolation none reads in this process, where the test build's injection never fires: as the clean run.
  auto in_process = args;
  in_process.insert(in_process.begin() + 1, {"--isolation", "none"});
  const auto none = run_with("PHOTOAUDIT_FAULT_INJECTION=crash:teaser.jpg", in_process);
  CHECK(none.exit_code == 0);
  CHECK(clusters_of(json::parse(none.out)) == clusters_of(json::parse(clean.out)));
}
