// `photoaudit inspect` end to end: the built binary on fixture files, text and JSON, exit statuses.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <string>

#include "support/run_binary.hpp"

using photoaudit::test::run_photoaudit;

namespace {
const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;
}

TEST_CASE("inspect --json: one record per file, bad files reported and the rest still read") {
  const std::string good = kFixtures + "/article/putin-min-aung-hlaing.jpg";
  const std::string conflict = kFixtures + "/metadata/metadata_test_file_IIM_XMP_EXIF.jpg";
  const std::vector<std::string> bad = {kFixtures + "/bad/empty.jpg", kFixtures + "/bad/text-named.jpg",
                                        kFixtures + "/bad", kFixtures + "/bad/missing.jpg"};
  std::vector<std::string> args = {"inspect", "--json", good};
  args.insert(args.end(), bad.begin(), bad.end());
  args.push_back(conflict);
  const auto r = run_photoaudit(args);
  CHECK(r.exit_code == 1);
  const auto records = nlohmann::json::parse(r.out);
  REQUIRE(records.is_array());
  REQUIRE(records.size() == 6);
  CHECK(records[0]["path"] == good);
  CHECK(records[0]["error"].is_null());
  CHECK(records[0]["fields"]["credit"]["value"] == "picture alliance / ASSOCIATED PRESS");
  CHECK(records[0]["fields"]["credit"]["sources"]["iptc"] == "picture alliance / ASSOCIATED PR");
  CHECK(records[0]["fields"]["creator"]["value"] == "Valery Sharifulin");
  CHECK(records[0]["conflicts"].empty());
  for (std::size_t i = 0; i < bad.size(); ++i) {
    INFO(bad[i]);
    CHECK(records[i + 1]["path"] == bad[i]);
    CHECK(records[i + 1]["error"].get<std::string>().rfind(bad[i], 0) == 0);
    CHECK_FALSE(records[i + 1].contains("fields"));
    // one line on stderr per bad file
    CHECK(r.err.find("photoaudit: " + bad[i] + ":") != std::string::npos);
  }
  CHECK(records[1]["error_code"] == "corruption");
  CHECK(records[3]["error_code"] == "io_error");
  CHECK(records[4]["error_code"] == "not_found");
  const auto& c = records[5];
  CHECK(c["conflicts"] == nlohmann::json({"creator", "copyright", "caption", "date_created"}));
  CHECK(c["fields"]["caption"]["sources"]["iptc"].get<std::string>().rfind("(This caption in IIM)", 0) == 0);
  CHECK(c["fields"]["caption"]["sources"]["xmp"].get<std::string>().rfind("(This caption in XMP)", 0) == 0);
  CHECK(c["fields"]["caption"]["sources"]["exif"].get<std::string>().rfind("(This caption in Exif)", 0) == 0);
}

TEST_CASE("inspect: exit 0 when every file was read, text view shows values, blocks and conflicts") {
  const auto r = run_photoaudit(
      {"inspect", kFixtures + "/article/cat-credit-conflict.jpg", kFixtures + "/article/putin-min-aung-hlaing.jpg"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Credit line          REUTERS   [IIM XMP, CONFLICT]") != std::string::npos);
  CHECK(r.out.find("! conflict in Credit line:") != std::string::npos);
  CHECK(r.out.find("IIM   dpa") != std::string::npos);
  CHECK(r.out.find("Valery Sharifulin") != std::string::npos);
  CHECK(r.out.find("Der russische Pr\u00e4sident Wladimir Putin") != std::string::npos);
}

TEST_CASE("inspect: damaged files are read, with one line each on stderr") {
  const auto r = run_photoaudit({"inspect", kFixtures + "/bad/truncated.jpg", kFixtures + "/bad/corrupt-chunk.png",
                                 kFixtures + "/bad/exif-ifd-loop.jpg"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find(kFixtures + "/bad/truncated.jpg: truncated JPEG") != std::string::npos);
  CHECK(r.err.find(kFixtures + "/bad/corrupt-chunk.png: corrupt PNG chunk IDAT (CRC mismatch)") != std::string::npos);
  CHECK(r.out.find("Loop Tester") != std::string::npos);
}

TEST_CASE("inspect: usage errors exit 2") {
  CHECK(run_photoaudit({"inspect"}).exit_code == 2);
  CHECK(run_photoaudit({"inspect", "--no-such-flag", "x.jpg"}).exit_code == 2);
  CHECK(run_photoaudit({"no-such-command"}).exit_code == 2);
  const auto help = run_photoaudit({"inspect", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--json") != std::string::npos);
}

TEST_CASE("inspect: control characters in metadata never reach the terminal raw") {
  // The file's IIM credit holds an ANSI escape sequence (ESC [ 2 J clears the screen), written by exiv2.
  // (XMP cannot carry it: XML forbids control characters.)
  const auto tmp = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/photoaudit-escape.jpg";
  std::filesystem::copy_file(kFixtures + "/article/teaser-putin.jpg", tmp,
                             std::filesystem::copy_options::overwrite_existing);
  const auto w = photoaudit::test::run_program("exiv2",
                                               {"-M", "set Iptc.Application2.Credit String evil\x1b[2Jcredit", tmp});
  REQUIRE(w.exit_code == 0);
  const auto r = run_photoaudit({"inspect", tmp});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find("evil\\x1b[2Jcredit") != std::string::npos);
  const auto j = run_photoaudit({"inspect", "--json", tmp});
  CHECK(nlohmann::json::parse(j.out)[0]["fields"]["credit"]["value"] == "evil\x1b[2Jcredit");
  std::filesystem::remove(tmp);
}
