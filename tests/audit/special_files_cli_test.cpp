// Special files (a FIFO, a link to /dev/zero) are refused before they are opened for reading, in every command
// that reads a file (issue 18: `hash`, `compare` and `find` blocked forever on a FIFO named x.jpg and read 1 GiB
// from a link to /dev/zero; a catalog given as a FIFO blocked SQLite). Every command runs under `timeout`, so a
// command that blocks fails the test (exit status 124) instead of hanging it.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using namespace photoaudit::test;  // NOLINT(google-build-using-namespace): test helpers

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

RunResult run_with_timeout(std::vector<std::string> args) {
  args.insert(args.begin(), {"30", PHOTOAUDIT_BINARY});
  return run_program("timeout", args);
}

// A folder with a good photo, a catalog of it, a FIFO named fifo.jpg and a symbolic link zero.jpg -> /dev/zero.
struct SpecialFiles {
  TempDir tmp{"photoaudit-special"};
  fs::path good = tmp.path / "good.jpg";
  fs::path fifo = tmp.path / "fifo.jpg";
  fs::path zero = tmp.path / "zero.jpg";
  fs::path index = tmp.path / "archive.db";
  std::string registry = (kFixtures / "registry.yaml").string();

  SpecialFiles() {
    fs::copy_file(kFixtures / "article" / "motorcycle-dpa.jpg", good);
    REQUIRE(run_photoaudit({"scan", "--quiet", "--index", index.string(), good.string()}).exit_code == 0);
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    fs::create_symlink("/dev/zero", zero);
  }
};

// Runs args with each special file in place of "@", expecting a clear refusal naming it, and the exit status
// given (1: an input could not be read; 2: a configuration file could not be read).
void check_refused(const SpecialFiles& files, const std::vector<std::string>& args, int exit_code) {
  for (const fs::path& special : {files.fifo, files.zero}) {
    std::vector<std::string> with = args;
    for (auto& a : with) {
      if (a == "@") a = special.string();
    }
    const auto r = run_with_timeout(with);
    std::string line;
    for (const auto& a : with) line += a + " ";
    INFO(line << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == exit_code);
    CHECK_THAT(r.out + r.err, Catch::Contains(special.string()) && Catch::Contains("not a regular file"));
  }
}

}  // namespace

TEST_CASE("hash, compare and inspect refuse a FIFO and a link to /dev/zero named like a photo, without blocking") {
  SpecialFiles files;
  check_refused(files, {"hash", "@"}, 1);
  check_refused(files, {"hash", "--json", files.good.string(), "@"}, 1);
  check_refused(files, {"compare", files.good.string(), "@"}, 1);
  check_refused(files, {"compare", "@", files.good.string()}, 1);
  check_refused(files, {"inspect", "@"}, 1);
}

TEST_CASE("find, scan, dupes: a FIFO or /dev/zero as an image or as the catalog is refused, without blocking") {
  SpecialFiles files;
  check_refused(files, {"find", "--index", files.index.string(), "@"}, 1);
  check_refused(files, {"scan", "--index", (files.tmp.path / "new.db").string(), "@"}, 1);
  check_refused(files, {"dupes", files.good.string(), "@"}, 1);
  check_refused(files, {"find", "--index", "@", files.good.string()}, 2);
  check_refused(files, {"audit", "--index", "@", files.good.string()}, 2);
  check_refused(files, {"dupes", "--index", "@"}, 2);
  check_refused(files, {"scan", "--index", "@", files.good.string()}, 2);
}

TEST_CASE("audit, page, license: a FIFO or /dev/zero as an image, a page or a registry is refused, without blocking") {
  SpecialFiles files;
  check_refused(files, {"audit", "--date", "2026-11-27", "@"}, 1);
  check_refused(files, {"license", "--registry", files.registry, "@"}, 1);
  check_refused(files, {"page", "@"}, 2);
  check_refused(files, {"audit", "--registry", "@", files.good.string()}, 2);
  check_refused(files, {"license", "--registry", "@", files.good.string()}, 2);
  check_refused(files, {"registry", "check", "@"}, 1);
  check_refused(files, {"credit", "--registry", "@", "AP Photo/Evan Vucci"}, 2);
}

TEST_CASE("credit --lines refuses a FIFO and /dev/zero before reading (issue 18: /dev/zero grew without bound)") {
  SpecialFiles files;
  check_refused(files, {"credit", "--lines", "@"}, 1);
  check_refused(files, {"credit", "--lines", "@", "AP Photo/Evan Vucci"}, 1);
}
