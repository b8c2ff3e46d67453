// Runs photoaudit as another user, for the tests of what a user may not read or write (mode-000 files, a
// read-only catalog). Root reads and writes any file whatever its mode, so when the test runs as root the
// command runs as user nobody (setpriv); otherwise as the test's own user.
//
// Nobody may not be able to read the checkout (a clone in /root is mode 0700; issue 17: `scripts/test` failed
// there because nobody could not read fixtures/registry.yaml). So the sandbox holds everything the command
// needs in a directory everyone can read and no one else can write: a copy of the binary and its codecs
// module, the example registry, and the sanitizers' suppressions file. The command runs in that directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace photoaudit::test {

class OtherUserSandbox {
 public:
  // Makes the sandbox. Throws std::runtime_error (the test fails with it) when a file cannot be copied.
  OtherUserSandbox();

  // True when commands run as user nobody (the test runs as root).
  [[nodiscard]] static bool switches_user();

  // Runs `photoaudit args...` as the other user under `timeout 120` (a command that blocks, e.g. on a FIFO,
  // fails the test with exit status 124 instead of hanging it). Files named in args must be readable by that
  // user: put them under a directory made readable to all (TempDir is mode 0700 until the test opens it).
  [[nodiscard]] RunResult run(const std::vector<std::string>& args) const;

  // A copy of fixtures/registry.yaml the other user can read: give it with --registry to audit and license.
  [[nodiscard]] const std::filesystem::path& registry() const { return registry_; }

 private:
  TempDir tmp_{"photoaudit-other-user"};
  std::filesystem::path binary_;
  std::filesystem::path registry_;
  std::vector<std::string> environment_;  // NAME=VALUE settings for the command (env)
};

}  // namespace photoaudit::test
