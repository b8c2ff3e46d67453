// The photoaudit command line: parses argv into options, runs one subcommand, returns the exit status.
//
// Every subcommand is one file in audit/src/cli/: flags -> a plain options struct -> a run function that
// returns a result and prints nothing -> a text or JSON writer (report_writers.hpp for audit and page,
// command_writers.hpp for the others) -> the exit status below. Commands with a worker count take
// -j/--threads (--jobs is a hidden alias).
//
// Exit status, one policy for all subcommands (exit_status() below is the only place that decides it):
//
//   0  kExitOk        every input was handled and nothing reached the failure threshold (--fail-on)
//   1  kExitFindings  findings reached the threshold, or some input could not be read (an image, a credit
//                     line, a registry given to `registry check`, a page), or the run stopped part-way (a
//                     catalog that filled the disk or is busy); the other inputs were still handled
//   2  kExitUsage     usage or configuration error, nothing was done: bad flags or flag values, a registry
//                     (--registry) or catalog (--index) that is missing or does not load, a report file
//                     (-o) that cannot be created, a page that cannot be fetched
//   3  kExitInternal  internal error: an exception reached run_cli. Libraries return errors as values, so
//                     this is a photoaudit bug (or std::bad_alloc). It has its own status so that CI and
//                     scripts never read a crash as "findings" (1) and never blame their flags (2): retrying
//                     with other content or flags will not help, a bug report will.
//  75  kExitTempFail  (EX_TEMPFAIL, `scan` only) the catalog was busy (locked by another writer past the busy
//                     timeout) or failed to write (disk full, I/O error), or the records could not be written to
//                     stdout: nothing is half-written, and the same command run again completes the work. A
//                     scheduler retries it (docs/scale.md).
#pragma once

#include <functional>
#include <ostream>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

enum ExitStatus : int { kExitOk = 0, kExitFindings = 1, kExitUsage = 2, kExitInternal = 3, kExitTempFail = 75 };

// How a command's run ended, as far as the exit status is concerned.
struct RunOutcome {
  bool input_failed = false;       // some input could not be read, or the run stopped part-way
  bool threshold_reached = false;  // a finding reached --fail-on
  bool retry = false;              // stopped by a temporary failure (catalog busy, write error): run it again
};

// kExitTempFail when retry, else kExitFindings when input_failed or threshold_reached, else kExitOk.
ExitStatus exit_status(const RunOutcome& outcome);

// The status of a command that refused to start: the error is in its flags or its configuration (registry,
// catalog, report file, page), whatever its code. Always kExitUsage.
ExitStatus exit_status(const Error& refused);

// Runs command and returns its status; an exception escaping it is written to err as
// "photoaudit: internal error: WHAT" and gives kExitInternal.
int run_guarded(const std::function<int()>& command, std::ostream& err);

// Parses argv, runs the subcommand, returns the exit status above (0 for --help and --version).
int run_cli(int argc, char** argv);

}  // namespace photoaudit::audit
