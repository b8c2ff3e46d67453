// Private to the CLI: each subcommand lives in its own file and adds itself to the app here.
// A command's callback stores its exit status (cli.hpp: exit_status()) in CliContext::exit_code.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/cli.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit::cli {

struct CliContext {
  int exit_code = kExitOk;
};

// The options every command over a list of files has: the files, --json and -j/--threads.
struct FileListOptions {
  std::vector<std::string> files;
  bool json = false;
  unsigned threads = 0;  // 0 = all cores
};

// Adds -j/--threads (worker threads, 0 = all cores; at most 256) to cmd, and --jobs, its other spelling, as a
// hidden alias.
void add_threads_option(CLI::App& cmd, unsigned& threads);

// How audit, page, scan and dupes read files: in worker processes (the default) or in this one.
struct IsolationFlags {
  std::string mode = "process";  // "process" or "none"
  std::uint64_t file_timeout_seconds = Limits{}.max_seconds_per_file;
};

// Adds --isolation process|none and --file-timeout SECONDS (1 to 86400) to cmd.
void add_isolation_options(CLI::App& cmd, IsolationFlags& flags);

// The pipeline's ReadingIsolation for the flags: this executable as the worker unless --isolation none.
pipeline::ReadingIsolation isolation_from(const IsolationFlags& flags);

// Adds --timeout (seconds, help: what it bounds) to cmd: a finite number from 0.1 to 3600. nan, inf, 0 and
// negative numbers are refused as a usage error (exit status 2) when the flags are parsed (issue 18: CLI::Range
// let nan through, which disabled the timeout).
void add_timeout_option(CLI::App& cmd, double& seconds, const std::string& help);

// A command that refuses to start: writes "PREFIX: MESSAGE" to stderr (printable(); keep_newlines for a
// registry's list of problems) and returns exit_status(error).
int refuse(std::string_view prefix, const Error& error, bool keep_newlines = false);

// Adds subcommand `name` (help: description) to app with an Options of its own: add_flags(cmd, options)
// registers its flags, and when the subcommand runs, ctx.exit_code = run(options). Returns the subcommand.
template <class Options>
CLI::App* add_command(CLI::App& app, CliContext& ctx, const std::string& name, const std::string& description,
                      void (*add_flags)(CLI::App&, Options&), int (*run)(const Options&)) {
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(name, description);
  add_flags(*cmd, *options);
  cmd->callback([options, run, &ctx] { ctx.exit_code = run(*options); });
  return cmd;
}

// When args (argv without the program) name a subcommand that app does not have, where a subcommand is due: the
// message "photoaudit[ PARENT]: unknown command \"WORD\": did you mean NAME?" (NAME the closest visible subcommand,
// when it is a likely typo), else the message with the list of commands. nullopt when every word that should be a
// subcommand is one.
std::optional<std::string> unknown_subcommand_message(const CLI::App& app, const std::vector<std::string>& args);

// Adds --json (help: what the JSON is) to cmd.
void add_json_flag(CLI::App& cmd, bool& json, const std::string& help);

// Writes result to stdout, problems to stderr: write_json(out, err, result) when json, else
// write_text(out, err, result).
template <class Result, class JsonWriter, class TextWriter>
void emit(bool json, const Result& result, JsonWriter write_json, TextWriter write_text) {
  if (json) {
    write_json(std::cout, std::cerr, result);
  } else {
    write_text(std::cout, std::cerr, result);
  }
}

// The subcommands (cli.cpp adds them in this order); each lives in a file of its own.
using AddCommand = void(CLI::App& app, CliContext& ctx);
AddCommand add_audit_command, add_page_command, add_inspect_command, add_c2pa_command, add_hash_command,
    add_compare_command, add_credit_command, add_registry_command, add_license_command, add_scan_command,
    add_find_command, add_dupes_command, add_rules_command, add_completion_command, add_read_worker_command,
    add_verify_evidence_command, add_serve_command;

}  // namespace photoaudit::audit::cli
