// The audit's duplicate search through the library (run_audit): the local-feature stage and its limit.
#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <string>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "report_samples.hpp"

using photoaudit::audit::AuditOptions;
using photoaudit::audit::run_audit;

namespace {

const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;

}  // namespace

TEST_CASE("run_audit: an off-centre crop joins its photo's cluster, over the all-pairs limit through visual words") {
  const auto dir = photoaudit::test::fresh_temp_dir("duplicates-grey-zone");
  // The cat and its off-centre crop (88% x 93% at the right edge): found by local features only (a 2-degree
  // rotation is now found by its de-rotated hashes, with no grey zone).
  std::filesystem::copy_file(kFixtures + "/hashing/cat.jpg", dir / "cat.jpg");
  const cv::Mat cat = cv::imread(kFixtures + "/hashing/cat.jpg");
  REQUIRE_FALSE(cat.empty());
  const int w = cat.cols * 88 / 100;
  const int h = cat.rows * 93 / 100;
  REQUIRE(cv::imwrite((dir / "cat-off-centre.jpg").string(), cat(cv::Rect(cat.cols - w, 0, w, h)),
                      {cv::IMWRITE_JPEG_QUALITY, 90}));
  AuditOptions options;
  options.date = "2026-11-27";
  options.threads = 2;

  auto full = run_audit({dir.string()}, options);
  REQUIRE(full);
  CHECK(full->clusters.size() == 1);
  CHECK(full->context.duplicates_note.empty());
  REQUIRE(full->clusters.front().members.size() == 2);
  CHECK(full->clusters.front().members[1].method == "local-features");

  // Over the limit of the all-pairs search the grey zone's candidates come from visual words (the files' local
  // features, read once more): the crop is still found, and nothing was left out.
  options.grey_zone_max_images = 1;
  auto limited = run_audit({dir.string()}, options);
  REQUIRE(limited);
  REQUIRE(limited->clusters.size() == 1);
  REQUIRE(limited->clusters.front().members.size() == 2);
  CHECK(limited->clusters.front().members[1].method == "local-features");
  CHECK(limited->context.duplicates_note.empty());

  // Switching the rule's last stage off is not a limit: nothing to report.
  options.grey_zone_max_images = 5'000;
  options.same_rule.local_features = false;
  auto hashes = run_audit({dir.string()}, options);
  REQUIRE(hashes);
  CHECK(hashes->clusters.empty());
  CHECK(hashes->context.duplicates_note.empty());
  std::filesystem::remove_all(dir);
}
