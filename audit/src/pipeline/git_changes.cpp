#include "pipeline/git_changes.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <string_view>
#include <vector>

extern char** environ;

namespace photoaudit::audit::pipeline {
namespace {

struct GitRun {
  int status = -1;  // exit status; -1 when git could not be started
  std::string out;
  std::string err;
};

// More output than this from one git command is refused (a listing of millions of changed files is ~100 MB).
constexpr std::size_t kMaxOutput = std::size_t{256} << 20;

GitRun run_git(const std::string& directory, const std::vector<std::string>& args) {
  GitRun run;
  std::vector<std::string> argv_storage = {"git", "-C", directory, "-c", "core.fsmonitor=false",
                                           "-c", "core.quotepath=off"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return run;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return run;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  // Git must not prompt or take locks the user's own git may be waiting for.
  std::vector<std::string> env_storage = {"GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C"};
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with("GIT_TERMINAL_PROMPT=") || entry.starts_with("GIT_OPTIONAL_LOCKS=") ||
        entry.starts_with("LC_ALL=")) {
      continue;
    }
    env_storage.emplace_back(entry);
  }
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return run;
  }
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&run.out, &run.err};
  int open_fds = 2;
  bool too_much = false;
  char buffer[65536];
  while (open_fds > 0) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].fd < 0 || (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = read(fds[k].fd, buffer, sizeof buffer);
      if (n > 0) {
        if (sinks[k]->size() + static_cast<std::size_t>(n) > kMaxOutput) {
          too_much = true;
        } else {
          sinks[k]->append(buffer, static_cast<std::size_t>(n));
        }
      } else if (n == 0 || errno != EINTR) {
        close(fds[k].fd);
        fds[k].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  if (too_much) {
    run.status = 125;
    run.err = "git printed more than 256 MB";
  }
  return run;
}

std::string first_line(std::string s) {
  const auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

void add_names(const std::string& nul_separated, const std::filesystem::path& top, ChangedFiles& into) {
  std::size_t start = 0;
  while (start < nul_separated.size()) {
    std::size_t end = nul_separated.find('\0', start);
    if (end == std::string::npos) end = nul_separated.size();
    if (end > start) {
      into.absolute.insert((top / nul_separated.substr(start, end - start)).lexically_normal().string());
    }
    start = end + 1;
  }
}

}  // namespace

Result<ChangedFiles> changed_since(const std::string& ref, const std::string& directory) {
  if (ref.empty() || ref.front() == '-') {
    return fail(Error::invalid_argument("--changed-since: \"" + ref + "\" is not a git ref"));
  }
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(directory.empty() ? "." : directory, ec);
  if (!std::filesystem::is_directory(dir, ec)) dir = dir.parent_path();

  const GitRun top = run_git(dir.string(), {"rev-parse", "--show-toplevel"});
  if (top.status < 0) return fail(Error::not_found("--changed-since needs git, and git cannot be run"));
  if (top.status != 0) {
    return fail(Error::not_found("--changed-since: " + dir.string() + " is not in a git work tree (" +
                                 first_line(top.err) + ")"));
  }
  ChangedFiles changed;
  changed.top_level = first_line(top.out);
  const std::filesystem::path top_path(changed.top_level);

  const GitRun verify = run_git(changed.top_level, {"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"});
  if (verify.status != 0) {
    return fail(Error::invalid_argument("--changed-since: unknown git ref \"" + ref + "\" in " + changed.top_level));
  }
  const std::string commit = first_line(verify.out);
  const GitRun diff = run_git(changed.top_level, {"diff", "--name-only", "-z", "--no-renames", "--no-ext-diff",
                                                  "--no-textconv", "--diff-filter=d", commit, "--"});
  if (diff.status != 0) return fail(Error::io_error("--changed-since: git diff failed: " + first_line(diff.err)));
  add_names(diff.out, top_path, changed);
  const GitRun untracked = run_git(changed.top_level, {"ls-files", "--others", "--exclude-standard", "-z"});
  if (untracked.status != 0) return fail(Error::io_error("--changed-since: git ls-files failed: " + first_line(untracked.err)));
  add_names(untracked.out, top_path, changed);
  return changed;
}

}  // namespace photoaudit::audit::pipeline
