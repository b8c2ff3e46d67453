#include "pipeline/git_changes.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <set>
#include <string_view>
#include <vector>

extern char** environ;

namespace photoaudit::audit::pipeline {
namespace {

// More output than this from one git command is refused (a listing of millions of changed files is ~100 MB).
constexpr std::size_t kMaxOutput = std::size_t{256} << 20;
// A repository that configures more filter drivers or protocols than this is refused.
constexpr std::size_t kMaxDiscoveredSettings = 4096;

// Settings for every git call: nothing the audited repository (or anyone else) configured is executed.
//  - core.fsmonitor: the fsmonitor hook, run by commands that refresh the index or list untracked files;
//  - core.hooksPath: hooks (post-index-change runs whenever git writes the index);
//  - protocol.*.allow: every transport, so that a lazy fetch of a missing object in a partial clone cannot run
//    core.sshCommand, remote.*.uploadpack, an ext:: command or a remote helper (protocol.<name>.allow beats
//    protocol.allow, hence one per built-in transport; those the repository names are added by
//    driver_settings).
// Filter drivers depend on the repository and are switched off by driver_settings; external diff and textconv
// by --no-ext-diff --no-textconv; a pager by --no-pager; submodules (whose status is a git run in the
// submodule, with its own configuration) by --ignore-submodules=all.
std::vector<GitSetting> fixed_settings() {
  std::vector<GitSetting> settings = {{"core.fsmonitor", "false"},
                                      {"core.hooksPath", "/dev/null"},
                                      {"core.quotepath", "off"},
                                      {"protocol.allow", "never"}};
  for (const char* protocol : {"file", "git", "ssh", "http", "https", "ftp", "ftps", "ext", "fd"}) {
    settings.push_back({std::string("protocol.") + protocol + ".allow", "never"});
  }
  return settings;
}

// Environment variables of the caller that git would obey and that must not steer it: GIT_DIR, GIT_WORK_TREE,
// GIT_INDEX_FILE (the repository is the one that contains the audited directory, nothing else),
// GIT_EXTERNAL_DIFF, GIT_PAGER, GIT_SSH_COMMAND, GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT/KEY/VALUE (a caller's
// `git -c` when photoaudit runs inside a hook), GIT_EXEC_PATH, GIT_TRACE*, ... : every GIT_* variable is removed
// except those that choose the caller's own configuration files or limit the repository search. (--staged adds
// back a GIT_INDEX_FILE it checked: GitRepository::use_index_file.)
bool kept_from_caller(std::string_view entry) {
  if (!entry.starts_with("GIT_")) return !entry.starts_with("LC_ALL=");
  for (const std::string_view keep :
       {"GIT_CONFIG_GLOBAL=", "GIT_CONFIG_SYSTEM=", "GIT_CONFIG_NOSYSTEM=", "GIT_CEILING_DIRECTORIES="}) {
    if (entry.starts_with(keep)) return true;
  }
  return false;
}

std::vector<std::string> git_environment(const std::vector<GitSetting>& settings, const std::string& index_file) {
  // Git must not prompt or take locks the user's own git may be waiting for (nor write the index).
  std::vector<std::string> env = {"GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C"};
  if (!index_file.empty()) env.push_back("GIT_INDEX_FILE=" + index_file);
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (kept_from_caller(*e)) env.emplace_back(*e);
  }
  env.push_back("GIT_CONFIG_COUNT=" + std::to_string(settings.size()));
  for (std::size_t i = 0; i < settings.size(); ++i) {
    env.push_back("GIT_CONFIG_KEY_" + std::to_string(i) + "=" + settings[i].key);
    env.push_back("GIT_CONFIG_VALUE_" + std::to_string(i) + "=" + settings[i].value);
  }
  return env;
}

// Reads git's standard output and error until both end (closing them), into run.out and run.err: at most
// kMaxOutput each (true when more came: it is discarded), and of stdout only the first stdout_limit bytes when
// that is not 0 (the pipe is then closed early).
bool read_outputs(int out_fd, int err_fd, std::size_t stdout_limit, GitOutput& run) {
  std::array<pollfd, 2> fds{{{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}}};
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
      if (n > 0 && k == 0 && stdout_limit > 0 && run.out.size() + static_cast<std::size_t>(n) >= stdout_limit) {
        // Enough of the output: keep the head and stop reading (git then fails to write and ends).
        run.out.append(buffer, stdout_limit - run.out.size());
        close(fds[k].fd);
        fds[k].fd = -1;
        --open_fds;
      } else if (n > 0) {
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
  return too_much;
}

GitOutput run_git(const std::string& directory, const std::vector<GitSetting>& settings,
                  const std::vector<std::string>& args, int stdout_fd = -1, std::size_t stdout_limit = 0,
                  const std::string& index_file = "") {
  GitOutput run;
  // --no-replace-objects: refs/replace/* could show other contents than those a commit records.
  std::vector<std::string> argv_storage = {"git", "--no-pager", "--no-replace-objects", "-C", directory};
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
  posix_spawn_file_actions_adddup2(&actions, stdout_fd >= 0 ? stdout_fd : out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  std::vector<std::string> env_storage = git_environment(settings, index_file);
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
  const bool too_much = read_outputs(out_pipe[0], err_pipe[0], stdout_limit, run);
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

// Settings that switch off every filter driver and allow no transport the repository's configuration names,
// from `git config --list -z` (entries "key\nvalue\0", or "key\0" without a value): for each
// filter.<driver>.* an empty clean, smudge and process command (git then runs no filter for that driver) and
// required=false (else git refuses to work without the filter); for each protocol.<name>.allow, never. A driver
// that no configuration defines runs nothing, so this covers every driver git could run; the listing reads the
// same files as the later calls (same repository, same environment).
Result<std::vector<GitSetting>> driver_settings(const std::string& config_listing, const std::string& flag) {
  std::set<std::string> filters;
  std::set<std::string> protocols;
  std::size_t start = 0;
  while (start < config_listing.size()) {
    std::size_t end = config_listing.find('\0', start);
    if (end == std::string::npos) end = config_listing.size();
    const std::string_view entry(config_listing.data() + start, end - start);
    start = end + 1;
    const std::string_view key = entry.substr(0, entry.find('\n'));
    const std::size_t last_dot = key.rfind('.');
    if (last_dot == std::string_view::npos) continue;
    if (key.starts_with("filter.") && last_dot > 7) {
      filters.emplace(key.substr(7, last_dot - 7));
    } else if (key.starts_with("protocol.") && last_dot > 9 && key.substr(last_dot) == ".allow") {
      protocols.emplace(key.substr(9, last_dot - 9));
    }
  }
  if (filters.size() + protocols.size() > kMaxDiscoveredSettings) {
    return fail(Error::limit_exceeded(flag + ": the repository configures more than " +
                                      std::to_string(kMaxDiscoveredSettings) + " filter drivers and protocols"));
  }
  std::vector<GitSetting> settings;
  for (const auto& name : filters) {
    for (const char* command : {"clean", "smudge", "process"}) {
      settings.push_back({"filter." + name + "." + command, ""});
    }
    settings.push_back({"filter." + name + ".required", "false"});
  }
  for (const auto& name : protocols) settings.push_back({"protocol." + name + ".allow", "never"});
  return settings;
}

}  // namespace

Result<GitRepository> GitRepository::open(const std::string& directory, const std::string& flag) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(directory.empty() ? "." : directory, ec);
  if (!std::filesystem::is_directory(dir, ec)) dir = dir.parent_path();

  std::vector<GitSetting> settings = fixed_settings();
  const GitOutput top = run_git(dir.string(), settings, {"rev-parse", "--show-toplevel"});
  if (top.status < 0) return fail(Error::not_found(flag + " needs git, and git cannot be run"));
  if (top.status != 0) {
    return fail(
        Error::not_found(flag + ": " + dir.string() + " is not in a git work tree (" + first_line(top.err) + ")"));
  }
  std::string top_level = first_line(top.out);
  const GitOutput config = run_git(top_level, settings, {"config", "--list", "-z"});
  if (config.status != 0 && !(config.status == 1 && config.out.empty())) {
    return fail(Error::io_error(flag + ": git config failed: " + first_line(config.err)));
  }
  auto drivers = driver_settings(config.out, flag);
  if (!drivers) return fail(drivers.error());
  settings.insert(settings.end(), drivers->begin(), drivers->end());
  return GitRepository(std::move(top_level), std::move(settings));
}

GitOutput GitRepository::run(const std::vector<std::string>& args, int stdout_fd, std::size_t stdout_limit) const {
  return run_git(top_level_, settings_, args, stdout_fd, stdout_limit, index_file_);
}

bool GitRepository::use_index_file(const std::string& index_file) {
  if (index_file.empty()) return false;
  const GitOutput git_dir = run({"rev-parse", "--absolute-git-dir"});
  if (git_dir.status != 0) return false;
  std::error_code ec;
  const auto file = std::filesystem::weakly_canonical(std::filesystem::absolute(index_file, ec), ec);
  if (ec || !std::filesystem::is_regular_file(file, ec)) return false;
  const auto dir = std::filesystem::weakly_canonical(first_line(git_dir.out), ec);
  if (ec || file.parent_path() != dir) return false;
  index_file_ = file.string();
  return true;
}

Result<ChangedFiles> changed_since(const std::string& ref, const std::string& directory) {
  if (ref.empty() || ref.front() == '-') {
    return fail(Error::invalid_argument("--changed-since: \"" + ref + "\" is not a git ref"));
  }
  auto repo = GitRepository::open(directory, "--changed-since");
  if (!repo) return fail(repo.error());
  ChangedFiles changed;
  changed.top_level = repo->top_level();
  const std::filesystem::path top_path(changed.top_level);

  const GitOutput verify = repo->run({"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"});
  if (verify.status != 0) {
    return fail(Error::invalid_argument("--changed-since: unknown git ref \"" + ref + "\" in " + changed.top_level));
  }
  const std::string commit = first_line(verify.out);
  const GitOutput diff = repo->run({"diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
                                    "--ignore-submodules=all", "--diff-filter=d", commit, "--"});
  if (diff.status != 0) return fail(Error::io_error("--changed-since: git diff failed: " + first_line(diff.err)));
  add_names(diff.out, top_path, changed);
  const GitOutput untracked = repo->run({"ls-files", "--others", "--exclude-standard", "-z"});
  if (untracked.status != 0) {
    return fail(Error::io_error("--changed-since: git ls-files failed: " + first_line(untracked.err)));
  }
  add_names(untracked.out, top_path, changed);
  return changed;
}

}  // namespace photoaudit::audit::pipeline
