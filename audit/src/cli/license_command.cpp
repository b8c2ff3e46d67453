// photoaudit license [--json] [--registry FILE] [--channel C] [--date D] [--territory T] [--purpose P] IMAGE...:
// may the house publish each image? The verdict and the findings behind it.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/credit_evidence.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/publication.hpp"

namespace photoaudit::audit::cli {
namespace {

struct LicenseFlags {
  std::vector<std::string> images;
  std::string registry;
  std::string channel;
  std::string date;
  std::string territory;
  std::string purpose = "editorial";
  std::string fail_on = "error";
  bool json = false;
  unsigned threads = 0;
};

struct LicenseOptions {
  std::vector<std::string> images;
  std::string registry;  // "" = choose_registry(""): PHOTOAUDIT_REGISTRY, the house default or the example
  registry::LicenseQuery query{};
  std::string purpose;                          // "editorial" or "commercial", as the JSON names it
  std::optional<registry::Severity> fail_on{};  // nullopt = never
  unsigned threads = 0;                         // 0 = all cores
};

// Flags into options; an error naming the first bad flag.
Result<LicenseOptions> options_from(const LicenseFlags& f) {
  LicenseOptions o{.images = f.images, .registry = f.registry, .purpose = f.purpose, .threads = f.threads};
  // The one validation of channel, date and territory, as in audit and page (registry/publication.hpp).
  auto query = registry::parse_publication(f.channel, f.date, f.territory);
  if (!query) return fail(query.error());
  o.query = std::move(*query);
  registry::LicenseQuery& q = o.query;
  if (f.purpose == "commercial") {
    q.purpose = registry::Purpose::kCommercial;
  } else if (f.purpose != "editorial") {
    return fail(Error::invalid_argument("--purpose '" + f.purpose + "': expected editorial or commercial"));
  }
  if (f.fail_on == "error") {
    o.fail_on = registry::Severity::kError;
  } else if (f.fail_on == "warning") {
    o.fail_on = registry::Severity::kWarning;
  } else if (f.fail_on != "never") {
    return fail(Error::invalid_argument("--fail-on '" + f.fail_on + "': expected error, warning or never"));
  }
  return o;
}

// Evaluates every image on options.threads threads and hands each verdict to writer in order. Fails, with
// nothing written, when the registry does not load.
Result<LicenseRunSummary> run_license(const LicenseOptions& options, LicenseWriter& writer) {
  LicenseRunSummary summary{
      .registry = choose_registry(options.registry).path, .query = options.query, .purpose = options.purpose};
  const auto reg = registry::load_registry(summary.registry);
  if (!reg) return fail(reg.error());
  initialize_metadata();
  using Outcome = Result<registry::LicenseVerdict>;
  parallel_ordered<Outcome>(
      options.images.size(), options.threads,
      [&](std::size_t i) -> Outcome {
        auto provenance = read_provenance(options.images[i]);
        if (!provenance) return fail(provenance.error());
        return registry::evaluate(*reg, evidence_from(*provenance), options.query);
      },
      [&](std::size_t i, Outcome verdict) {
        if (!verdict) {
          ++summary.failed;
        } else {
          for (const auto& f : verdict->findings) {
            if (options.fail_on && f.severity >= *options.fail_on) summary.threshold_reached = true;
          }
        }
        writer.item(LicenseItem{.index = i, .path = options.images[i], .verdict = std::move(verdict)});
      });
  return summary;
}

void add_license_flags(CLI::App& cmd, LicenseFlags& flags) {
  cmd.add_option("images", flags.images, "Image files")->required();
  cmd.add_option("--registry", flags.registry,
                 "License registry (YAML, docs/registry.md). Default: $PHOTOAUDIT_REGISTRY or the shipped example");
  cmd.add_option("--channel", flags.channel,
                 "Publication channel: print, online, social, app, tv (default: not checked)");
  cmd.add_option("--date", flags.date, "Publication date YYYY-MM-DD (default: today)");
  cmd.add_option("--territory", flags.territory, "Country of publication, e.g. DE (default: not checked)");
  cmd.add_option("--purpose", flags.purpose, "editorial (default) or commercial");
  cmd.add_option("--fail-on", flags.fail_on,
                 "Exit status 1 on findings of this severity or worse: error (default), warning, never");
  add_json_flag(cmd, flags.json, "Print JSON (see docs/json.md)");
  add_threads_option(cmd, flags.threads);
}

int run_license_command(const LicenseFlags& flags) {
  const auto options = options_from(flags);
  if (!options) return refuse("photoaudit license", options.error());
  const auto writer = flags.json ? make_license_json_writer(std::cout, std::cerr)
                                 : make_license_text_writer(std::cout, std::cerr);
  const auto summary = run_license(*options, *writer);
  if (!summary) return refuse("photoaudit", summary.error(), true);
  writer->finish(*summary);
  std::cout.flush();
  return exit_status(RunOutcome{.input_failed = summary->failed > 0, .threshold_reached = summary->threshold_reached});
}

}  // namespace

void add_license_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "license", "May the house publish these images? License verdict and findings per image",
              add_license_flags, run_license_command);
}

}  // namespace photoaudit::audit::cli
