// The grey zone's verifier over files (file_verifier.hpp) for items that carry their own local features: a page's
// fetched images, whose bytes are gone and whose "paths" are URLs, are verified with those, never read.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "photoaudit/hashing/file_verifier.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;  // NOLINT(google-build-using-namespace): the library under test
using photoaudit::hashing::test::must_fingerprint;

TEST_CASE("file_verifier: items that carry their local features are verified with them, though no file is there") {
  // The rocket and its off-centre crop (88% x 93%): 58 PDQ bits apart, the same photo by local features only.
  HashOptions with_features;
  with_features.local_features = true;
  with_features.local_features_mirror = true;
  const Fingerprints rocket = must_fingerprint("article/rocket-launch-epa.jpg", with_features);
  const Fingerprints crop = must_fingerprint("catalog/rocket-crop-offcentre.jpg", with_features);
  REQUIRE(rocket.local_features != nullptr);
  REQUIRE(crop.local_features != nullptr);
  const std::vector<const Fingerprints*> items{&rocket, &crop};
  // URLs, as a page's images are named: nothing may be read at these.
  const std::vector<std::filesystem::path> urls{"http://127.0.0.1:9/bilder/rocket.jpg",
                                                "http://127.0.0.1:9/bilder/rocket-crop.jpg"};

  FileVerifier verifier = file_verifier(urls, items, SameRule{});
  CHECK(verifier.verifiable == std::vector<bool>{true, true});
  const auto verdict = verifier.verify(0, 1);
  REQUIRE(verdict.has_value());
  CHECK(verdict->same);
  CHECK(verdict->method == MatchMethod::kLocalFeatures);
  REQUIRE(verifier.word_features(1) != nullptr);
  CHECK(verifier.word_features(1)->descriptors.size() == crop.local_features->descriptors.size());

  // The engine over them: one cluster, the crop joined by local features.
  EngineOptions options;
  options.verify = verifier.verify;
  options.verifiable = verifier.verifiable;
  options.word_features = verifier.word_features;
  const EngineResult found = cluster_same_photos(items, options);
  REQUIRE(found.clusters.size() == 1);
  REQUIRE(found.clusters.front().members.size() == 2);
  CHECK(found.clusters.front().members[1].verdict.method == MatchMethod::kLocalFeatures);

  // Without their features the same items are not verifiable (no file to read): the hashes' verdict stands.
  Fingerprints rocket_bare = rocket;
  Fingerprints crop_bare = crop;
  rocket_bare.local_features = nullptr;
  crop_bare.local_features = nullptr;
  const std::vector<const Fingerprints*> bare{&rocket_bare, &crop_bare};
  FileVerifier without = file_verifier(urls, bare, SameRule{});
  CHECK(without.verifiable == std::vector<bool>{false, false});
  EngineOptions hashes_only;
  hashes_only.verify = without.verify;
  hashes_only.verifiable = without.verifiable;
  CHECK(cluster_same_photos(bare, hashes_only).clusters.empty());
}
