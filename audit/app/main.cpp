// photoaudit: the command-line entry point. All behaviour lives in photoaudit_audit; see cli.hpp.
#include "photoaudit/audit/cli.hpp"

int main(int argc, char** argv) { return photoaudit::audit::run_cli(argc, argv); }
