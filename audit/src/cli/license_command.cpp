// photoaudit license [--json] [--registry FILE] [--channel C] [--date D] [--territory T] [--purpose P] IMAGE...:
// may the house publish each image? The verdict and the findings behind it.
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "license/license_json.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/credit_evidence.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/registry/license.hpp"

namespace photoaudit::audit::cli {
namespace {

struct LicenseOptions {
  std::vector<std::string> images;
  std::string registry;  // "" = default_registry_path()
  std::string channel;
  std::string date;
  std::string territory;
  std::string purpose = "editorial";
  std::string fail_on = "error";
  bool json = false;
  unsigned threads = 0;
};

// Flags into a query; an error message for the first bad one.
Result<registry::LicenseQuery> query_from(const LicenseOptions& o) {
  registry::LicenseQuery q;
  if (!o.channel.empty()) {
    q.channel = registry::parse_channel(o.channel);
    if (!q.channel) return fail(Error::invalid_argument("--channel '" + o.channel + "': expected print, online, social, app or tv"));
  }
  if (!o.date.empty()) {
    const auto d = registry::parse_date(o.date);
    if (!d) return fail(Error::invalid_argument("--date '" + o.date + "': expected a date such as 2026-03-01"));
    q.date = *d;
  }
  if (!o.territory.empty()) {
    const bool ok = o.territory.size() == 2 && std::isalpha(static_cast<unsigned char>(o.territory[0])) &&
                    std::isalpha(static_cast<unsigned char>(o.territory[1]));
    if (!ok) return fail(Error::invalid_argument("--territory '" + o.territory + "': expected a country code such as DE"));
    q.territory = o.territory;
  }
  if (o.purpose == "commercial") {
    q.purpose = registry::Purpose::kCommercial;
  } else if (o.purpose != "editorial") {
    return fail(Error::invalid_argument("--purpose '" + o.purpose + "': expected editorial or commercial"));
  }
  return q;
}

registry::Severity threshold(const std::string& fail_on) {
  return fail_on == "warning" ? registry::Severity::kWarning : registry::Severity::kError;
}

void write_text(std::ostream& out, const std::string& path, const registry::LicenseVerdict& v) {
  out << printable(path) << ": " << registry::to_string(v.status);
  if (!v.licensor.empty()) out << " (licensor " << printable(v.licensor);
  if (!v.contract.empty()) out << ", contract " << printable(v.contract);
  if (!v.licensor.empty()) out << ")";
  if (v.single_use) out << ", single use";
  out << "\n";
  if (!v.credit.input.empty()) out << "  credit: " << printable(v.credit.input) << "\n";
  for (const auto& f : v.findings) {
    out << "  " << registry::to_string(f.severity) << " " << registry::to_string(f.rule) << ": " << printable(registry::render_message(f)) << "\n";
  }
}

using Outcome = Result<registry::LicenseVerdict>;

int run_license(const LicenseOptions& options) {
  auto query = query_from(options);
  if (!query) {
    std::cerr << "photoaudit license: " << printable(query.error().message) << "\n";
    return kExitUsage;
  }
  if (options.fail_on != "error" && options.fail_on != "warning" && options.fail_on != "never") {
    std::cerr << "photoaudit license: --fail-on '" << printable(options.fail_on) << "': expected error, warning or never\n";
    return kExitUsage;
  }
  const std::string registry_path = options.registry.empty() ? default_registry_path() : options.registry;
  const auto reg = registry::load_registry(registry_path);
  if (!reg) {
    std::cerr << "photoaudit: " << printable(reg.error().message, true) << "\n";
    return kExitFindings;
  }
  initialize_metadata();
  int failures = 0;
  bool over_threshold = false;
  nlohmann::json images = nlohmann::json::array();
  parallel_ordered<Outcome>(
      options.images.size(), options.threads,
      [&](std::size_t i) -> Outcome {
        auto provenance = read_provenance(options.images[i]);
        if (!provenance) return fail(provenance.error());
        return registry::evaluate(*reg, evidence_from(*provenance), *query);
      },
      [&](std::size_t i, Outcome outcome) {
        const std::string& path = options.images[i];
        if (!outcome) {
          ++failures;
          std::cerr << "photoaudit: " << printable(outcome.error().message) << "\n";
          if (options.json) {
            images.push_back({{"path", path}, {"error", outcome.error().message},
                              {"error_code", to_string(outcome.error().code)}});
          }
          return;
        }
        for (const auto& f : outcome->findings) {
          if (options.fail_on != "never" && f.severity >= threshold(options.fail_on)) over_threshold = true;
        }
        if (options.json) {
          nlohmann::json record = verdict_to_json(*outcome);
          record["path"] = path;
          record["error"] = nullptr;
          record["error_code"] = nullptr;
          images.push_back(std::move(record));
        } else {
          if (i > 0) std::cout << "\n";
          write_text(std::cout, path, *outcome);
        }
      });
  if (options.json) {
    const registry::LicenseQuery& q = *query;
    nlohmann::json out = {
        {"registry", registry_path},
        {"query",
         {{"channel", q.channel ? nlohmann::json(registry::to_string(*q.channel)) : nlohmann::json(nullptr)},
          {"date", registry::format_date(q.date)},
          {"territory", q.territory.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.territory)},
          {"purpose", options.purpose}}},
        {"images", std::move(images)},
    };
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
  return failures > 0 || over_threshold ? kExitFindings : kExitOk;
}

}  // namespace

void add_license_command(CLI::App& app, CliContext& ctx) {
  auto options = std::make_shared<LicenseOptions>();
  auto* cmd = app.add_subcommand("license", "May the house publish these images? License verdict and findings per image");
  cmd->add_option("images", options->images, "Image files")->required();
  cmd->add_option("--registry", options->registry,
                  "License registry (YAML, docs/registry.md). Default: $PHOTOAUDIT_REGISTRY or the shipped example");
  cmd->add_option("--channel", options->channel, "Publication channel: print, online, social, app, tv (default: not checked)");
  cmd->add_option("--date", options->date, "Publication date YYYY-MM-DD (default: today)");
  cmd->add_option("--territory", options->territory, "Country of publication, e.g. DE (default: not checked)");
  cmd->add_option("--purpose", options->purpose, "editorial (default) or commercial");
  cmd->add_option("--fail-on", options->fail_on, "Exit status 1 on findings of this severity or worse: error (default), warning, never");
  cmd->add_flag("--json", options->json, "Print JSON (see docs/json.md)");
  cmd->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)");
  cmd->callback([options, &ctx] { ctx.exit_code = run_license(*options); });
}

}  // namespace photoaudit::audit::cli
