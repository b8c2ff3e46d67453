// collect_images: a directory that cannot be read is an error entry with its path and reason apart.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "audit/report_samples.hpp"
#include "photoaudit/audit/image_sources.hpp"

using photoaudit::audit::collect_images;
using photoaudit::audit::WalkResult;

// Regression: audit_pipeline.cpp cut an unreadable directory's path out of the walk's error text at the first
// ": ", so "Fotos: 2024" became "Fotos" in the report. The walk now gives path and reason apart. A directory
// that cannot be opened is made here by leaving no free file descriptor (permission bits do not stop root, and
// the walk skips permission-denied directories anyway).
TEST_CASE("collect_images: an unreadable directory's error keeps its whole path, \": \" and all") {
  const auto root = photoaudit::test::fresh_temp_dir("walk-errors");
  const auto dir = root / "Fotos: 2024";
  std::filesystem::create_directories(dir);

  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  const int lowest_free = ::open("/dev/null", O_RDONLY);
  REQUIRE(lowest_free >= 0);
  ::close(lowest_free);
  rlimit none_free = saved;
  none_free.rlim_cur = static_cast<rlim_t>(lowest_free);  // every new descriptor would be >= the limit
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &none_free) == 0);
  const WalkResult walk = collect_images({dir.string()});
  ::setrlimit(RLIMIT_NOFILE, &saved);
  std::filesystem::remove_all(root);

  REQUIRE(walk.errors.size() == 1);
  CHECK(walk.errors[0].path == dir.string());
  CHECK(walk.errors[0].reason.starts_with("cannot read directory: "));
  CHECK(walk.errors[0].message() == dir.string() + ": " + walk.errors[0].reason);
  CHECK(walk.files.empty());
}
