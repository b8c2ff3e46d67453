// The audit's duplicate search through the library (run_audit): the local-feature stage and its limit.
#include <catch2/catch.hpp>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <string>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "report_samples.hpp"
#include "support/http_server.hpp"

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

TEST_CASE("run_audit: fetched images carry their local features, at most fetched_features_max of them") {
  // The rocket and its off-centre crop (58 PDQ bits apart: the same photo by local features only), given as URLs
  // of the test's own server: their bytes are not files the grey zone could read again.
  photoaudit::test::HttpServer server;
  server.serve_directory("/article/", std::filesystem::path(kFixtures) / "article");
  server.serve_directory("/catalog/", std::filesystem::path(kFixtures) / "catalog");
  const std::vector<std::string> urls{server.url("/article/rocket-launch-epa.jpg"),
                                      server.url("/catalog/rocket-crop-offcentre.jpg")};
  AuditOptions options;
  options.date = "2026-11-27";
  options.threads = 2;
  options.fetch.allow_private = true;

  auto found = run_audit(urls, options);
  REQUIRE(found);
  REQUIRE(found->images.size() == 2);
  REQUIRE(found->clusters.size() == 1);
  REQUIRE(found->clusters.front().members.size() == 2);
  CHECK(found->clusters.front().members[1].method == "local-features");
  CHECK(found->context.duplicates_note.empty());

  // Features kept for one fetched image only: the crop is matched on its hashes alone (no cluster), and the
  // report says so.
  options.fetched_features_max = 1;
  auto bounded = run_audit(urls, options);
  REQUIRE(bounded);
  CHECK(bounded->clusters.empty());
  CHECK(bounded->context.duplicates_note ==
        "local features were kept for 1 fetched image; 1 more was matched on hashes alone");
}

TEST_CASE("run_audit: the cat and its off-centre crop mirrored are one photo, by the mirrored keypoints") {
  // The robustness bench's off-centre crop (88% x 93%, 3% from the left and 6% from the top), mirrored left to
  // right: 114 bits from the cat under every variant of the whole hashes, so no step asked the verifier until the
  // mirror variant and the mirrored windows were compared with the cat's windows (84 bits: the grey zone).
  const auto dir = photoaudit::test::fresh_temp_dir("duplicates-mirrored-crop");
  std::filesystem::copy_file(kFixtures + "/hashing/cat.jpg", dir / "cat.jpg");
  const cv::Mat cat = cv::imread(kFixtures + "/hashing/cat.jpg");
  REQUIRE_FALSE(cat.empty());
  cv::Mat crop = cat(cv::Rect(cat.cols * 3 / 100, cat.rows * 6 / 100, cat.cols * 88 / 100, cat.rows * 93 / 100));
  cv::Mat mirrored;
  cv::flip(crop, mirrored, 1);
  REQUIRE(cv::imwrite((dir / "cat-mirrored-crop.jpg").string(), mirrored, {cv::IMWRITE_JPEG_QUALITY, 90}));
  AuditOptions options;
  options.date = "2026-11-27";
  options.threads = 2;
  auto report = run_audit({dir.string()}, options);
  REQUIRE(report);
  REQUIRE(report->clusters.size() == 1);
  REQUIRE(report->clusters.front().members.size() == 2);
  CHECK(report->clusters.front().members[1].method == "local-features");
  CHECK(report->context.duplicates_note.empty());
  // Through visual words too (over the all-pairs limit).
  options.grey_zone_max_images = 1;
  auto limited = run_audit({dir.string()}, options);
  REQUIRE(limited);
  REQUIRE(limited->clusters.size() == 1);
  CHECK(limited->clusters.front().members.size() == 2);
  std::filesystem::remove_all(dir);
}
