// photoaudit verify-evidence [--json] DIR: recomputes an evidence bundle's hashes and says what changed; checks
// whether the audited originals still hold the bytes the report recorded. Exit status 0 intact, 1 changed,
// 2 unusable (not a bundle).
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "photoaudit/audit/evidence_bundle.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

struct VerifyFlags {
  std::string dir;
  bool json = false;
};

void write_text(std::ostream& out, const std::string& dir, const EvidenceVerification& v) {
  out << "evidence " << printable(dir) << ": " << (v.intact() ? "intact" : "CHANGED") << ", " << v.files
      << " files listed in SHA256SUMS";
  if (!v.generated_at.empty()) {
    out << "; made " << printable(v.generated_at) << " by photoaudit " << printable(v.tool_version);
  }
  out << "\n";
  for (const EvidenceFileChange& c : v.changes) {
    const std::string_view what = to_string(c.change);
    out << "  " << what << std::string(10 - what.size(), ' ') << printable(c.name) << "\n";
  }
  if (v.originals.empty()) return;
  out << "originals at their paths (about the archive, not the bundle):\n";
  for (const OriginalCheck& o : v.originals) {
    const std::string_view state = to_string(o.state);
    out << "  " << state << std::string(13 - state.size(), ' ') << printable(o.path);
    if (o.state == OriginalState::kChanged) out << " (sha256 now " << o.current_sha256 << ")";
    if (!o.reason.empty()) out << " (" << printable(o.reason) << ")";
    out << "\n";
  }
}

void write_json(std::ostream& out, const std::string& dir, const EvidenceVerification& v) {
  nlohmann::json changes = nlohmann::json::array();
  for (const EvidenceFileChange& c : v.changes) changes.push_back({{"change", to_string(c.change)}, {"name", c.name}});
  nlohmann::json originals = nlohmann::json::array();
  for (const OriginalCheck& o : v.originals) {
    originals.push_back(
        {{"path", o.path},
         {"state", to_string(o.state)},
         {"recorded_sha256", o.recorded_sha256.empty() ? nlohmann::json() : nlohmann::json(o.recorded_sha256)},
         {"current_sha256", o.current_sha256.empty() ? nlohmann::json() : nlohmann::json(o.current_sha256)},
         {"reason", o.reason.empty() ? nlohmann::json() : nlohmann::json(o.reason)}});
  }
  const nlohmann::json doc = {{"bundle", dir},
                              {"intact", v.intact()},
                              {"files", v.files},
                              {"changes", std::move(changes)},
                              {"originals", std::move(originals)},
                              {"tool_version", v.tool_version},
                              {"generated_at", v.generated_at}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int run_verify(const VerifyFlags& flags) {
  const auto verified = verify_evidence_bundle(flags.dir);
  if (!verified) return refuse("photoaudit verify-evidence", verified.error());
  if (flags.json) {
    write_json(std::cout, flags.dir, *verified);
  } else {
    write_text(std::cout, flags.dir, *verified);
  }
  std::cout.flush();
  return exit_status(RunOutcome{.input_failed = !verified->intact()});
}

void add_verify_flags(CLI::App& cmd, VerifyFlags& flags) {
  cmd.add_option("dir", flags.dir, "The evidence folder (photoaudit audit --evidence DIR)")->required();
  add_json_flag(cmd, flags.json, "Print the result as JSON (docs/json.md)");
}

}  // namespace

void add_verify_evidence_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "verify-evidence",
              "Check an evidence bundle: recompute its hashes, name what is missing, altered or extra; check the "
              "audited originals (exit 0 intact, 1 changed, 2 not a bundle)",
              add_verify_flags, run_verify);
}

}  // namespace photoaudit::audit::cli
