// Reading in worker processes from the CLI: --isolation and --file-timeout for audit, page, scan, dupes and serve, and
// the hidden `__read-worker` subcommand a worker runs as (reading_pool.hpp).
#include <cstdint>
#include <memory>

#include "cli/commands.hpp"
#include "photoaudit/audit/reading_pool.hpp"

namespace photoaudit::audit::cli {

void add_isolation_options(CLI::App& cmd, IsolationFlags& flags) {
  cmd.add_option("--isolation", flags.mode,
                 "Read each file in a worker process (process, the default: a decoder's crash or hang on one file "
                 "is reported and the run goes on) or in this one (none: a little faster, no such protection)")
      ->check(CLI::IsMember({"process", "none"}));
  cmd.add_option("--file-timeout", flags.file_timeout_seconds,
                 "Seconds one file may take to be read before its worker is stopped and the file reported "
                 "(default: 120; with --isolation process)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{86'400}));
}

pipeline::ReadingIsolation isolation_from(const IsolationFlags& flags) {
  pipeline::ReadingIsolation isolation;
  // The running program itself; the kernel resolves the link, so a binary replaced meanwhile still matches.
  if (flags.mode == "process") isolation.worker_executable = "/proc/self/exe";
  isolation.max_seconds_per_file = flags.file_timeout_seconds;
  return isolation;
}

void add_read_worker_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("__read-worker", "");
  cmd->group("");  // hidden: started by audit, page, scan and serve, never by people
  auto memory = std::make_shared<std::uint64_t>(Limits{}.max_worker_memory_bytes);
  cmd->add_option("--max-memory", *memory);
  cmd->callback(
      [&ctx, memory] { ctx.exit_code = pipeline::serve_reading_requests(pipeline::kReadWorkerSocketFd, *memory); });
}

}  // namespace photoaudit::audit::cli
