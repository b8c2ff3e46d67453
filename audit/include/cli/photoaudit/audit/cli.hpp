// The photoaudit command line: parses argv into options, runs one subcommand, returns the exit status.
//
// Exit status contract (all subcommands): 0 = every input was handled and nothing reached the failure
// threshold; 1 = some input could not be read, or findings reached the threshold; 2 = usage error.
#pragma once

namespace photoaudit::audit {

int run_cli(int argc, char** argv);

}  // namespace photoaudit::audit
