// Text output that reaches a terminal goes through printable() in every command: an escape sequence in a file
// name (or in an error message that names the file) must never reach the terminal raw.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using photoaudit::test::run_photoaudit;

namespace {

struct EvilNames {
  fs::path dir = fs::temp_directory_path() / ("photoaudit-escape-" + std::to_string(::getpid()));
  fs::path photo = dir / "evil\x1b]0;pwned\x07.jpg";  // retitles the terminal when printed raw
  fs::path broken = dir / "bad\x1b[31m.jpg";          // turns the terminal red when printed raw
  EvilNames() {
    fs::create_directories(dir);
    fs::copy_file(fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article/teaser-putin.jpg", photo);
    std::ofstream(broken) << "not an image";
  }
  ~EvilNames() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

bool has_raw_escape(const std::string& s) { return s.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("hash printed file names and errors raw: an escape sequence in a name reached the terminal") {
  const EvilNames names;
  const auto run = run_photoaudit({"hash", names.photo.string(), names.broken.string()});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_FALSE(has_raw_escape(run.out));
  CHECK_FALSE(has_raw_escape(run.err));
  CHECK(run.out.find("evil\\x1b]0;pwned\\x07.jpg") != std::string::npos);
  CHECK(run.err.find("bad\\x1b[31m.jpg") != std::string::npos);
  // JSON keeps the name as it is (escaped by JSON itself), and a name that is not UTF-8 does not stop it.
  const auto json = run_photoaudit({"hash", "--json", names.photo.string(), names.broken.string()});
  CHECK(json.out.find("evil\\u001b]0;pwned\\u0007.jpg") != std::string::npos);
  CHECK_FALSE(has_raw_escape(json.out));
  CHECK_FALSE(has_raw_escape(json.err));
}

TEST_CASE("compare printed file names and errors raw: an escape sequence in a name reached the terminal") {
  const EvilNames names;
  const std::string reference = std::string(PHOTOAUDIT_FIXTURES_DIR) + "/article/putin-min-aung-hlaing.jpg";
  const auto run = run_photoaudit({"compare", reference, names.photo.string(), names.broken.string()});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_FALSE(has_raw_escape(run.out));
  CHECK_FALSE(has_raw_escape(run.err));
  CHECK(run.out.find("evil\\x1b]0;pwned\\x07.jpg\tsame") != std::string::npos);
  const auto bad_reference = run_photoaudit({"compare", names.broken.string(), reference});
  CHECK(bad_reference.exit_code == 1);
  CHECK_FALSE(has_raw_escape(bad_reference.err));
  CHECK(bad_reference.err.find("reference: ") != std::string::npos);
}

TEST_CASE("hash --json and compare --json with a file name that is not UTF-8 gave an internal error") {
  // nlohmann's strict dump threw on the name; the exception reached run_cli. Now it is U+FFFD in the JSON.
  const EvilNames names;
  const fs::path latin1 = names.dir / "M\xfcller.jpg";
  fs::copy_file(names.photo, latin1);
  const auto hash = run_photoaudit({"hash", "--json", latin1.string()});
  INFO(hash.err);
  CHECK(hash.exit_code == 0);
  CHECK(hash.out.find("M\xef\xbf\xbdller.jpg") != std::string::npos);
  const auto compare = run_photoaudit({"compare", "--json", names.photo.string(), latin1.string()});
  INFO(compare.err);
  CHECK(compare.exit_code == 0);
  CHECK(compare.out.find("\"same\": true") != std::string::npos);
}
