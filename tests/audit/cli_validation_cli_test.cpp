// One validation of channel, date and territory in every command, the closest subcommand for a typo, plurals and
// no literal escapes (issue 17: `audit --territory Germany` was accepted and gave false license-territory errors
// while `license` refused it; `audt` and `registry chek` said only "A subcommand is required"; "1 images",
// "1 more time(s)"; audit's registry error printed a literal "\n").
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kPhoto = (kFixtures / "article" / "motorcycle-dpa.jpg").string();
const std::string kPage = (kFixtures / "page" / "article.html").string();

// audit, page and license with the same publication flags.
std::vector<std::vector<std::string>> every_command(const std::vector<std::string>& flags) {
  std::vector<std::vector<std::string>> commands{{"audit"}, {"page"}, {"license"}};
  for (auto& command : commands) {
    command.insert(command.end(), flags.begin(), flags.end());
    command.push_back(command.front() == "page" ? kPage : kPhoto);
  }
  return commands;
}

}  // namespace

TEST_CASE("audit, page and license refuse the same bad territory, channel and date with exit status 2 (issue 17)") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--territory", "Germany"}, "unknown territory \"Germany\""},
      {{"--territory", "XX"}, "unknown territory \"XX\""},
      {{"--territory", "UK"}, "GB"},
      {{"--channel", "radio"}, "unknown channel \"radio\""},
      {{"--date", "2026-02-30"}, "invalid date \"2026-02-30\""},
  };
  for (const auto& [flags, message] : cases) {
    for (const auto& args : every_command(flags)) {
      const auto r = run_photoaudit(args);
      INFO(args.front() << " " << flags.at(0) << " " << flags.at(1) << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains(message));
      CHECK(r.out.empty());
    }
  }
}

TEST_CASE("audit and license take an ISO 3166-1 code in either case and report it upper case") {
  const auto audit = run_photoaudit({"audit", "--format", "json", "--territory", "de", "--date", "2026-11-27", kPhoto});
  INFO(audit.err);
  REQUIRE((audit.exit_code == 0 || audit.exit_code == 1));
  CHECK(json::parse(audit.out)["context"]["territory"] == "DE");
  const auto license = run_photoaudit({"license", "--json", "--territory", "at", kPhoto});
  INFO(license.err);
  CHECK((license.exit_code == 0 || license.exit_code == 1));
  CHECK_THAT(license.out, Catch::Contains("\"AT\""));
}

TEST_CASE("a mistyped subcommand gets the closest one, exit status 2 (issue 17)") {
  const auto audt = run_photoaudit({"audt", kPhoto});
  CHECK(audt.exit_code == 2);
  CHECK_THAT(audt.err, Catch::Contains("photoaudit: unknown command \"audt\": did you mean audit?"));
  const auto chek = run_photoaudit({"registry", "chek", (kFixtures / "registry.yaml").string()});
  CHECK(chek.exit_code == 2);
  CHECK_THAT(chek.err, Catch::Contains("photoaudit registry: unknown command \"chek\": did you mean check?"));
  const auto far = run_photoaudit({"frobnicate"});
  CHECK(far.exit_code == 2);
  CHECK_THAT(far.err, Catch::Contains("unknown command \"frobnicate\" (commands: audit, page, inspect"));
  CHECK_THAT(far.err, !Catch::Contains("did you mean"));
  // A real subcommand with a bad flag keeps CLI11's message.
  const auto flag = run_photoaudit({"audit", "--no-such-flag", kPhoto});
  CHECK(flag.exit_code == 2);
  CHECK_THAT(flag.err, !Catch::Contains("unknown command"));
}

TEST_CASE("plurals: one image is '1 image', one more copy '1 more time' (issue 17: '1 images', '1 more time(s)')") {
  TempDir tmp;
  fs::copy_file(kPhoto, tmp.path / "a.jpg");
  fs::copy_file(kPhoto, tmp.path / "b.jpg");
  const auto one = run_photoaudit({"audit", "--date", "2026-11-27", (tmp.path / "a.jpg").string()});
  INFO(one.out << one.err);
  CHECK_THAT(one.out, Catch::Contains("photoaudit audit: 1 image, date"));
  CHECK_THAT(one.out, Catch::Contains("SUMMARY: 1 image,"));
  CHECK_THAT(one.out, !Catch::Contains("1 images"));
  const auto html = run_photoaudit(
      {"audit", "--format", "html", "--date", "2026-11-27", (tmp.path / "a.jpg").string()});
  CHECK_THAT(html.out, Catch::Contains(" of 1 image</span>"));
  const auto two = run_photoaudit({"audit", "--format", "json", "--date", "2026-11-27", tmp.path.string()});
  REQUIRE((two.exit_code == 0 || two.exit_code == 1));
  const json report = json::parse(two.out);
  bool once = false;
  for (const auto& image : report["images"]) {
    for (const auto& f : image["findings"]) {
      const std::string message = f["message"];
      CHECK_THAT(message, !Catch::Contains("(s)"));
      once = once || message.find("appears 1 more time in this set") != std::string::npos;
    }
  }
  CHECK(once);
}

TEST_CASE("audit: a registry that does not load lists its problems one a line, no literal backslash-n (issue 17)") {
  const auto r = run_photoaudit({"audit", "--registry", (kFixtures / "registry" / "tabs.yaml").string(), kPhoto});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, !Catch::Contains("\\n"));
  CHECK(r.err.find('\n') < r.err.size() - 1);  // a line break inside the message, not only at its end
}
