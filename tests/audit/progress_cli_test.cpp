// The progress line of audit and page (issue 17: `scan` had a progress bar, `audit` printed nothing on a terminal
// during a long run and had no --quiet). On a terminal by default; --progress forces it (as here: the test's stderr
// is a pipe), --quiet suppresses it; nothing otherwise. The report on stdout is unchanged.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kArticle = (kFixtures / "article").string();

}  // namespace

TEST_CASE("audit --progress: images done of the total, images/s, the time taken, and the report unchanged") {
  const auto r = run_photoaudit({"audit", "--progress", "--format", "json", "--date", "2026-11-27", kArticle});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // the article's errors, as without --progress
  CHECK(json::parse(r.out)["summary"]["images"] == 7);
  CHECK_THAT(r.err, Catch::Contains("photoaudit: 7/7 images (100%), "));
  CHECK_THAT(r.err, Catch::Contains(" images/s, "));
  CHECK_THAT(r.err, !Catch::Contains("\x1b["));  // not a terminal: plain lines, no redrawing
  const auto plain = run_photoaudit({"audit", "--format", "json", "--date", "2026-11-27", kArticle});
  // The same report but for when it was made (context.generated_at, issue 16).
  json with_progress = json::parse(r.out);
  json without = json::parse(plain.out);
  with_progress["context"].erase("generated_at");
  without["context"].erase("generated_at");
  CHECK(without == with_progress);
}

TEST_CASE("audit: no progress line when stderr is not a terminal, or with --quiet, and --quiet --progress is refused") {
  const auto plain = run_photoaudit({"audit", "--date", "2026-11-27", kArticle});
  CHECK(plain.exit_code == 1);
  CHECK_THAT(plain.err, !Catch::Contains("images/s"));
  const auto quiet = run_photoaudit({"audit", "-q", "--date", "2026-11-27", kArticle});
  CHECK(quiet.exit_code == 1);
  CHECK_THAT(quiet.err, !Catch::Contains("images/s"));
  const auto both = run_photoaudit({"audit", "--quiet", "--progress", kArticle});
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("excludes"));
}

TEST_CASE("page --progress counts the page's distinct images") {
  const auto r = run_photoaudit({"page", "--progress", "--format", "json", "--date", "2026-11-27",
                                 (kFixtures / "page" / "article.html").string()});
  INFO(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  const std::size_t images = json::parse(r.out)["images"].size();
  REQUIRE(images > 1);
  const std::string total = std::to_string(images);
  CHECK_THAT(r.err, Catch::Contains("photoaudit: " + total + "/" + total + " images (100%)"));
  CHECK_THAT(r.err, Catch::Contains("photoaudit: 1/" + total + " images"));  // the first line, then on
}
