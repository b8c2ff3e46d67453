// An input that cannot be read is a finding or a failure, never a silent skip (issue 18: `audit DIR` left out a
// mode-000 file and an unreadable subfolder and said PASS; `scan` counted them as "not an image"; undecodable
// files were stored with an error while the summary said "failed: 0").
//
// Root reads any file whatever its mode, so the commands run as user nobody (OtherUserSandbox) when the test is
// root. A dangling link, a FIFO and a socket cannot be read as an image by root either: they pin the same rule without
// depending on who runs the test.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/other_user.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace photoaudit::test;  // NOLINT(google-build-using-namespace): test helpers

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

// A Unix-domain socket file at path (the socket is closed; the file stays).
void make_socket(const fs::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(path.string().size() < sizeof address.sun_path);
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  const int bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  ::close(fd);
  REQUIRE(bound == 0);
}

const fs::perms kOpen = fs::perms::owner_all | fs::perms::group_all | fs::perms::others_all;

// A folder of one good photo and every kind of file a walk cannot read: a mode-000 file, a mode-000 subfolder
// (with a photo inside), a dangling symbolic link, a FIFO and a socket, all named like photos.
struct HostileFolder {
  OtherUserSandbox reader;  // runs photoaudit as nobody when the test is root (root would read a mode-000 file)
  TempDir tmp{"photoaudit-unreadable"};
  fs::path photos = tmp.path / "photos";
  std::vector<fs::path> bad;

  HostileFolder() {
    fs::permissions(tmp.path, kOpen);  // nobody writes the catalog here
    fs::create_directories(photos / "closed");
    fs::permissions(photos, kOpen);
    fs::copy_file(kFixtures / "article" / "motorcycle-dpa.jpg", photos / "good.jpg");
    fs::copy_file(kFixtures / "article" / "teaser-putin.jpg", photos / "closed" / "inside.jpg");
    fs::copy_file(kFixtures / "article" / "rocket-launch-epa.jpg", photos / "locked.jpg");
    fs::permissions(photos / "locked.jpg", fs::perms::none);
    fs::permissions(photos / "closed", fs::perms::none);
    fs::create_symlink(tmp.path / "gone.jpg", photos / "dangling.jpg");
    REQUIRE(::mkfifo((photos / "pipe.jpg").c_str(), 0644) == 0);
    make_socket(photos / "socket.jpg");
    bad = {photos / "closed", photos / "dangling.jpg", photos / "locked.jpg", photos / "pipe.jpg",
           photos / "socket.jpg"};
  }
  ~HostileFolder() { fs::permissions(photos / "closed", kOpen); }  // so that TempDir can remove it
  HostileFolder(const HostileFolder&) = delete;
  HostileFolder& operator=(const HostileFolder&) = delete;
};

}  // namespace

TEST_CASE(
    "audit DIR reports a mode-000 file, an unreadable subfolder, a dangling link, a FIFO and a socket as "
    "metadata-unreadable and fails (issue 18: they were left out and the audit said PASS)") {
  HostileFolder folder;
  const auto r = folder.reader.run({"audit", "--format", "json", "--registry", folder.reader.registry().string(),
                                    "--date", "2026-11-27", folder.photos.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  std::map<std::string, std::string> unreadable;  // path -> message
  bool good_audited = false;
  for (const auto& image : report["images"]) {
    const std::string path = image["path"];
    good_audited = good_audited || fs::path(path).filename() == "good.jpg";
    for (const auto& f : image["findings"]) {
      if (f["rule"] == "metadata-unreadable") unreadable[path] = f["message"];
    }
  }
  CHECK(good_audited);
  CHECK(unreadable.size() == folder.bad.size());
  for (const auto& path : folder.bad) {
    INFO(path);
    REQUIRE(unreadable.count(path.string()) == 1);
  }
  CHECK_THAT(unreadable[(folder.photos / "closed").string()], Catch::Contains("cannot read directory"));
  CHECK_THAT(unreadable[(folder.photos / "locked.jpg").string()], Catch::Contains("Permission denied"));
  CHECK_THAT(unreadable[(folder.photos / "dangling.jpg").string()], Catch::Contains("dangling symbolic link"));
  CHECK_THAT(unreadable[(folder.photos / "pipe.jpg").string()], Catch::Contains("not a regular file"));
  CHECK_THAT(unreadable[(folder.photos / "socket.jpg").string()], Catch::Contains("not a regular file"));
}

TEST_CASE(
    "scan counts a mode-000 file, an unreadable subfolder, a dangling link, a FIFO and a socket as failed, not "
    "as 'not an image' (issue 18)") {
  HostileFolder folder;
  const fs::path db = folder.tmp.path / "archive.db";
  const auto r = folder.reader.run({"scan", "--json", "--index", db.string(), folder.photos.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const json summary = json::parse(r.out);
  CHECK(summary["added"] == 1);
  CHECK(summary["skipped_not_image"] == 0);
  CHECK(summary["failed"] == folder.bad.size());
  const std::string errors = summary["errors"].dump();
  for (const auto& path : folder.bad) CHECK_THAT(errors, Catch::Contains(path.string() + ": "));
}

TEST_CASE("scan counts undecodable files stored with their error in failed (issue 18: 12 such files, 'failed: 0')") {
  TempDir tmp;
  fs::copy_file(kFixtures / "article" / "motorcycle-dpa.jpg", tmp.path / "good.jpg");
  fs::copy_file(kFixtures / "bad" / "truncated.jpg", tmp.path / "truncated.jpg");
  fs::copy_file(kFixtures / "bad" / "corrupt-chunk.png", tmp.path / "corrupt-chunk.png");
  const fs::path db = tmp.path / "archive.db";
  const auto r = run_photoaudit({"scan", "--json", "--index", db.string(), tmp.path.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  const json summary = json::parse(r.out);
  CHECK(summary["files"] == 3);
  CHECK(summary["failed"] == 2);
  const std::string errors = summary["errors"].dump();
  CHECK_THAT(errors, Catch::Contains((tmp.path / "truncated.jpg").string()));
  CHECK_THAT(errors, Catch::Contains((tmp.path / "corrupt-chunk.png").string()));
  CHECK_THAT(errors, !Catch::Contains((tmp.path / "good.jpg").string()));
}
