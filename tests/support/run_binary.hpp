// Runs the built photoaudit binary (end-to-end tests): captures stdout, stderr and the exit status.
#pragma once

#include <string>
#include <vector>

namespace photoaudit::test {

struct RunResult {
  int exit_code = -1;  // the process's exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs PHOTOAUDIT_BINARY with args (no shell). stdin is /dev/null. REQUIRES: args are plain strings.
RunResult run_photoaudit(const std::vector<std::string>& args);

// Runs any program with args (no shell); program is looked up on PATH when it has no '/'.
RunResult run_program(const std::string& program, const std::vector<std::string>& args);

}  // namespace photoaudit::test
