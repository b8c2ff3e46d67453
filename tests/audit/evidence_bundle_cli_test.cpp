// Issue 16, item 5: `photoaudit audit --evidence DIR` and `photoaudit verify-evidence DIR` through the built binary,
// with real photos copied into temporary folders: the bundle's files, `sha256sum -c SHA256SUMS`, one byte altered
// in the bundle (verify-evidence names that file), an original changed (a finding, not a broken bundle), folders
// that are not new or empty, symbolic links, and hostile file names that must never become names in the bundle.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::read_file;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::RunResult;
using photoaudit::test::TempDir;

namespace {

// "metadata/<64 lower-case hex digits>.json": a record's name in a bundle, never a name from the input. (Checked by
// hand: std::regex gives GCC 12 false -Wmaybe-uninitialized errors under the sanitizer build.)
bool is_metadata_record_name(const std::string& name) {
  const std::string prefix = "metadata/";
  const std::string suffix = ".json";
  if (name.size() != prefix.size() + 64 + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) {
    return false;
  }
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                     name.begin() + static_cast<std::ptrdiff_t>(prefix.size() + 64),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

// The example registry with a contract note as a legal team writes one.
std::string registry_text() {
  std::string text = read_file(kFixtures / "registry.yaml");
  const std::string from = "note: Framework agreement 2026, signed 2025-11-20.";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "note: \"Vertragsnr. PA-44871, unterzeichnet 2025-11-20\"");
  return text;
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

// Flips one bit of the byte at offset (from the end when negative).
void alter_one_byte(const fs::path& path, long offset) {
  std::string bytes = read_file(path);
  REQUIRE_FALSE(bytes.empty());
  const std::size_t at = offset < 0 ? bytes.size() - static_cast<std::size_t>(-offset)
                                    : static_cast<std::size_t>(offset);
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  write_bytes(path, bytes);
}

// A folder of real photos and a registry, both copies the test may change.
struct Inputs {
  TempDir tmp{"photoaudit-evidence"};
  fs::path photos = tmp.path / "photos";
  fs::path registry = tmp.path / "licenses.yaml";
  fs::path bundle = tmp.path / "bundle";
  Inputs() {
    fs::create_directories(photos);
    for (const char* name : {"putin-min-aung-hlaing.jpg", "motorcycle-dpa.jpg", "rocket-launch-epa.jpg"}) {
      fs::copy_file(kFixtures / "article" / name, photos / name);
    }
    write_bytes(registry, registry_text());
  }
  std::vector<std::string> audit(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args{"audit",     "--registry", registry.string(), "--date", "2026-06-01",
                                  "--fail-on", "never",      "--format",        "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(photos.string());
    return args;
  }
};

RunResult sha256sum_check(const fs::path& dir) {
  return run_program("sh", {"-c", "cd \"$1\" && sha256sum -c --strict SHA256SUMS", "sh", dir.string()});
}

std::set<std::string> bundle_files(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) names.insert(fs::relative(entry.path(), dir).string());
  }
  return names;
}

}  // namespace

TEST_CASE("audit --evidence writes the report, the registry as used, each image's metadata and the manifests",
          "[evidence]") {
  const Inputs in;
  const auto run = run_photoaudit(in.audit({"--evidence", in.bundle.string()}));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("evidence bundle " + in.bundle.string() +
                                      ": 6 files listed in SHA256SUMS, 3 metadata records"));

  struct stat st {};
  REQUIRE(::lstat(in.bundle.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  const auto files = bundle_files(in.bundle);
  REQUIRE(files.size() == 7);
  for (const auto& name : {"report.json", "registry.yaml", "manifest.json", "SHA256SUMS"}) CHECK(files.contains(name));
  for (const auto& name : files) {
    if (name.starts_with("metadata/")) CHECK(is_metadata_record_name(name));
  }

  // The registry is a byte copy; the report in the bundle is the one printed (but for nothing).
  CHECK(read_file(in.bundle / "registry.yaml") == read_file(in.registry));
  const json printed = json::parse(run.out);
  const json filed = json::parse(read_file(in.bundle / "report.json"));
  CHECK(filed == printed);

  // `sha256sum -c` accepts the manifest as it is.
  const auto check = sha256sum_check(in.bundle);
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains("registry.yaml: OK"));

  // Each image's record is the record `inspect --json` prints for it.
  const json manifest = json::parse(read_file(in.bundle / "manifest.json"));
  CHECK(manifest["format"] == "photoaudit-evidence/1");
  CHECK(manifest["registry"]["sha256"] == printed["context"]["registry_sha256"]);
  REQUIRE(manifest["images"].size() == 3);
  for (const json& image : manifest["images"]) {
    const std::string path = image["path"];
    const auto inspect = run_photoaudit({"inspect", "--json", path});
    REQUIRE(inspect.exit_code == 0);
    const json inspected = json::parse(inspect.out);
    CHECK(json::parse(read_file(in.bundle / image["metadata"].get<std::string>())) == inspected[0]);
    CHECK(image["sha256"] == image["read_sha256"]);
  }

  // An intact bundle verifies, and so do the originals.
  const auto verified = run_photoaudit({"verify-evidence", in.bundle.string()});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, Catch::Contains(": intact, 6 files listed in SHA256SUMS"));
  CHECK_THAT(verified.out, Catch::Contains("unchanged    " + (in.photos / "motorcycle-dpa.jpg").string()));
}

TEST_CASE("verify-evidence names the one file of the bundle whose byte changed, and what is missing or extra",
          "[evidence]") {
  const Inputs in;
  REQUIRE(run_photoaudit(in.audit({"--evidence", in.bundle.string()})).exit_code == 0);

  SECTION("one byte of the registry copy") {
    alter_one_byte(in.bundle / "registry.yaml", 10);
    const auto r = run_photoaudit({"verify-evidence", in.bundle.string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("CHANGED"));
    CHECK_THAT(r.out, Catch::Contains("  altered   registry.yaml\n"));
    CHECK_THAT(r.out, !Catch::Contains("report.json"));
    // sha256sum agrees.
    CHECK(sha256sum_check(in.bundle).exit_code != 0);
  }
  SECTION("one byte of an image's metadata record") {
    std::string record;
    for (const auto& name : bundle_files(in.bundle)) {
      if (name.starts_with("metadata/")) record = name;
    }
    alter_one_byte(in.bundle / record, -2);
    const auto r = run_photoaudit({"verify-evidence", "--json", in.bundle.string()});
    CHECK(r.exit_code == 1);
    const json result = json::parse(r.out);
    CHECK(result["intact"] == false);
    REQUIRE(result["changes"].size() == 1);
    CHECK(result["changes"][0]["change"] == "altered");
    CHECK(result["changes"][0]["name"] == record);
  }
  SECTION("the report gone, a file added") {
    fs::remove(in.bundle / "report.json");
    write_bytes(in.bundle / "notes.txt", "added later");
    const auto r = run_photoaudit({"verify-evidence", in.bundle.string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("  missing   report.json\n"));
    CHECK_THAT(r.out, Catch::Contains("  extra     notes.txt\n"));
  }
  SECTION("a file of the bundle replaced by a symbolic link to its old bytes is not followed") {
    const fs::path kept = in.tmp.path / "registry-kept.yaml";
    fs::copy_file(in.bundle / "registry.yaml", kept);
    fs::remove(in.bundle / "registry.yaml");
    fs::create_symlink(kept, in.bundle / "registry.yaml");
    const auto r = run_photoaudit({"verify-evidence", in.bundle.string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("  altered   registry.yaml\n"));
  }
}

TEST_CASE("verify-evidence: an original changed at its path is a finding, the bundle stays intact", "[evidence]") {
  const Inputs in;
  REQUIRE(run_photoaudit(in.audit({"--evidence", in.bundle.string()})).exit_code == 0);
  const fs::path photo = in.photos / "rocket-launch-epa.jpg";
  alter_one_byte(photo, -3);
  fs::remove(in.photos / "motorcycle-dpa.jpg");
  const auto r = run_photoaudit({"verify-evidence", in.bundle.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains(": intact"));
  CHECK_THAT(r.out, Catch::Contains("changed      " + photo.string() + " (sha256 now "));
  CHECK_THAT(r.out, Catch::Contains("gone         " + (in.photos / "motorcycle-dpa.jpg").string()));
  CHECK_THAT(r.out, Catch::Contains("unchanged    " + (in.photos / "putin-min-aung-hlaing.jpg").string()));
}

TEST_CASE("audit --evidence refuses a folder that is not new or empty, and a symbolic link", "[evidence]") {
  const Inputs in;
  SECTION("not empty: refused before the audit, nothing written") {
    fs::create_directories(in.bundle);
    write_bytes(in.bundle / "keep.txt", "mine");
    const auto r = run_photoaudit(in.audit({"--evidence", in.bundle.string()}));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("not empty"));
    CHECK(r.out.empty());
    CHECK(bundle_files(in.bundle) == std::set<std::string>{"keep.txt"});
  }
  SECTION("a symbolic link to an empty folder") {
    const fs::path target = in.tmp.path / "elsewhere";
    fs::create_directories(target);
    fs::create_directory_symlink(target, in.bundle);
    const auto r = run_photoaudit(in.audit({"--evidence", in.bundle.string()}));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("symbolic link"));
    CHECK(fs::is_empty(target));
  }
  SECTION("an existing empty folder is used") {
    fs::create_directories(in.bundle);
    const auto r = run_photoaudit(in.audit({"--evidence", in.bundle.string()}));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(run_photoaudit({"verify-evidence", in.bundle.string()}).exit_code == 0);
  }
}

TEST_CASE("verify-evidence: a folder that is no bundle, or a SHA256SUMS with hostile names, is unusable (2)",
          "[evidence]") {
  const Inputs in;
  CHECK(run_photoaudit({"verify-evidence", in.photos.string()}).exit_code == 2);
  CHECK(run_photoaudit({"verify-evidence", (in.tmp.path / "none").string()}).exit_code == 2);
  fs::create_directories(in.bundle);
  for (const std::string& line :
       {std::string(64, 'a') + "  ../licenses.yaml\n", std::string(64, 'a') + "  /etc/passwd\n",
        std::string(64, 'a') + "  a/b/c\n", std::string("not a line\n")}) {
    write_bytes(in.bundle / "SHA256SUMS", line);
    const auto r = run_photoaudit({"verify-evidence", in.bundle.string()});
    INFO(line << r.err);
    CHECK(r.exit_code == 2);
  }
}

TEST_CASE("audit --evidence: hostile file names in the input never become names in the bundle", "[evidence]") {
  const Inputs in;
  const std::string hostile = "evil\n..\x1b[31m name ; rm -rf ~ ..jpg";
  fs::copy_file(kFixtures / "article" / "teaser-putin.jpg", in.photos / hostile);
  const auto r = run_photoaudit(in.audit({"--evidence", in.bundle.string()}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto files = bundle_files(in.bundle);
  CHECK(files.size() == 8);
  for (const auto& name : files) {
    INFO(name);
    CHECK((name == "report.json" || name == "registry.yaml" || name == "manifest.json" || name == "SHA256SUMS" ||
           is_metadata_record_name(name)));
  }
  CHECK(sha256sum_check(in.bundle).exit_code == 0);
  const auto verified = run_photoaudit({"verify-evidence", in.bundle.string()});
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, !Catch::Contains("\x1b"));
}
