#include "cli/commands.hpp"

namespace photoaudit::audit::cli {

void add_inspect_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("inspect", "Read the provenance metadata (EXIF, IPTC IIM, XMP) of images");
  cmd->callback([&ctx] { ctx.exit_code = kExitOk; });
}

}  // namespace photoaudit::audit::cli
