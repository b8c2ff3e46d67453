// photoaudit hash / compare end to end: the built binary on fixture files.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"
#include "test_support.hpp"

using photoaudit::hashing::test::fixture;
using photoaudit::test::run_photoaudit;

namespace {
std::string fx(const char* relative) { return fixture(relative).string(); }
}  // namespace

TEST_CASE("photoaudit hash --json prints every fingerprint of every file", "[cli]") {
  const auto r = run_photoaudit({"hash", "--json", fx("hashing/cat.jpg"), fx("hashing/flat-gray.png")});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 2);
  const auto& cat = j[0];
  CHECK(cat["path"] == fx("hashing/cat.jpg"));
  CHECK(cat["sha256"].get<std::string>().size() == 64);
  CHECK(cat["content_hash"].get<std::string>().size() == 64);
  CHECK(cat["pdq"].get<std::string>().size() == 64);
  CHECK(cat["phash"].get<std::string>().size() == 16);
  CHECK(cat["pdq_quality"].get<int>() >= 80);
  CHECK(cat["width"] == 400);
  CHECK(cat["height"] == 266);
  CHECK(j[1]["pdq_quality"] == 0);
  CHECK_FALSE(j[1]["notes"].empty());
}

TEST_CASE("photoaudit hash: one unreadable file is reported, the others still hashed, exit 1", "[cli]") {
  const auto r = run_photoaudit(
      {"hash", "--json", fx("hashing/cat-truncated.jpg"), fx("hashing/cat.jpg"), fx("hashing/bomb-30000x30000.png")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("cat-truncated.jpg: truncated JPEG") != std::string::npos);
  CHECK(r.err.find("pixel budget") != std::string::npos);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 3);
  CHECK(j[0]["error_code"] == "corruption");
  CHECK(j[1].contains("pdq"));
  CHECK(j[2]["error_code"] == "limit_exceeded");
}

TEST_CASE("photoaudit hash in text form, and usage errors exit 2", "[cli]") {
  const auto r = run_photoaudit({"hash", fx("hashing/cat.jpg")});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("pdq ") != std::string::npos);
  CHECK(run_photoaudit({"hash"}).exit_code == 2);
  CHECK(run_photoaudit({"compare", fx("hashing/cat.jpg")}).exit_code == 2);
  CHECK(run_photoaudit({"compare", "--threshold", "300", fx("hashing/cat.jpg"), fx("hashing/cat.jpg")}).exit_code == 2);
}

TEST_CASE("photoaudit compare --json gives the verdict and its evidence per image", "[cli]") {
  const auto r = run_photoaudit({"compare", "--json", fx("hashing/cat.jpg"), fx("hashing/cat-credit-stripped.jpg"),
                                 fx("hashing/cat-mirrored.jpg"), fx("hashing/cat-caption-strip.jpg"),
                                 fx("hashing/coffee.png")});
  INFO(r.err << r.out);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 4);
  CHECK(j[0]["same"] == true);
  CHECK(j[0]["method"] == "content-hash");
  CHECK(j[1]["same"] == true);
  CHECK(j[1]["method"] == "pdq-dihedral");
  CHECK(j[2]["same"] == true);
  CHECK(j[3]["same"] == false);
  CHECK(j[3]["method"] == "none");
  CHECK(j[3]["distance"].get<int>() > 31);
}

TEST_CASE("photoaudit compare: a crop that was also mirrored says so, in JSON and in text", "[cli]") {
  const auto r = run_photoaudit({"compare", "--json", fx("hashing/cat.jpg"), fx("hashing/cat-crop10-mirrored.jpg"),
                                 fx("hashing/cat-crop10.jpg")});
  INFO(r.err << r.out);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["same"] == true);
  CHECK(j[0]["method"] == "pdq-window");
  CHECK(j[0]["dihedral"] == "flipy");
  CHECK(j[1]["method"] == "pdq-window");
  CHECK_FALSE(j[1].contains("dihedral"));  // the upright crop
  const auto text = run_photoaudit({"compare", fx("hashing/cat.jpg"), fx("hashing/cat-crop10-mirrored.jpg")});
  INFO(text.err << text.out);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("\tsame\t") != std::string::npos);
  CHECK(text.out.find("pdq-window (flipy)") != std::string::npos);
}

TEST_CASE("photoaudit compare: an unreadable image or reference exits 1", "[cli]") {
  const auto r = run_photoaudit({"compare", "--json", fx("hashing/cat.jpg"), fx("hashing/not-an-image.jpg")});
  CHECK(r.exit_code == 1);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["same"].is_null());
  CHECK(j[0]["error_code"] == "unsupported");
  const auto bad_ref = run_photoaudit({"compare", fx("hashing/no-such.jpg"), fx("hashing/cat.jpg")});
  CHECK(bad_ref.exit_code == 1);
  CHECK(bad_ref.err.find("no-such.jpg: no such file") != std::string::npos);
}

TEST_CASE("photoaudit computes on the CPU only: no OpenCL runtime is loaded, keypoints included", "[cli]") {
  // The dynamic loader names every library it loads (LD_DEBUG=libs, on stderr). compare of a grey-zone pair runs
  // ORB and the matcher, whose first call loaded libOpenCL.so.1 and searched for drivers before main() said no.
  const auto r = photoaudit::test::run_program(
      "env", {"LD_DEBUG=libs", PHOTOAUDIT_BINARY, "compare", fx("article/rocket-launch-epa.jpg"),
              fx("catalog/rocket-crop-offcentre.jpg")});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("local-features") != std::string::npos);  // the keypoints were computed
  CHECK(r.err.find("calling init:") != std::string::npos);   // the loader did report (LD_DEBUG works here)
  CHECK(r.err.find("libOpenCL") == std::string::npos);
}
