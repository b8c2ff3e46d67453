// photoaudit dupes [--index DB] [--json] [PATH...]: clusters of the same photo, over a catalog or over the
// given files and folders, and where their credits disagree or were lost (docs/json.md, "dupes").
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/catalog_dupes.hpp"
#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

struct DupesFlags {
  std::string index;
  std::vector<std::string> paths;
  bool json = false;
  unsigned jobs = 0;
};

nlohmann::json report_json(const catalog::DupesReport& report) {
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& c : report.clusters) {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : c.members) {
      const auto& item = report.items[m.item];
      members.push_back({{"path", item.path},
                         {"relation", m.relation},
                         {"distance", m.distance},
                         {"credit", item.credit},
                         {"organizations", item.organizations}});
    }
    clusters.push_back({{"kind", c.kind},
                        {"credit_disagreement", c.credit_disagreement},
                        {"credit_lost", c.credit_lost},
                        {"members", members}});
  }
  return {{"images", report.items.size()}, {"clusters", clusters}, {"errors", report.errors}};
}

void print_report(const catalog::DupesReport& report) {
  for (const auto& c : report.clusters) {
    std::cout << c.kind << " cluster of " << c.members.size() << " copies";
    if (c.credit_disagreement) std::cout << ": CREDITS DISAGREE";
    if (c.credit_lost) std::cout << (c.credit_disagreement ? ", " : ": ") << "CREDIT LOST in a copy";
    std::cout << "\n";
    for (const auto& m : c.members) {
      const auto& item = report.items[m.item];
      std::cout << "  " << m.relation << " " << m.distance << "  " << printable(item.path) << "  "
                << (item.credit.empty() ? std::string("(no credit)") : "credit: \"" + printable(item.credit) + "\"")
                << "\n";
    }
  }
  std::cout << report.items.size() << " images, " << report.clusters.size() << " clusters of the same photo\n";
}

int run_dupes(const DupesFlags& flags) {
  catalog::DupesReport report;
  if (!flags.index.empty()) {
    auto opened = open_sqlite_catalog(flags.index, CatalogOptions{.mode = CatalogMode::kReadOnly});
    if (!opened) {
      std::cerr << "photoaudit dupes: " << printable(opened.error().message) << "\n";
      return kExitFindings;
    }
    auto found = catalog::dupes_in_catalog(**opened, flags.paths, hashing::SameRule{}, flags.jobs);
    if (!found) {
      std::cerr << "photoaudit dupes: " << printable(found.error().message) << "\n";
      return kExitFindings;
    }
    report = std::move(*found);
  } else {
    initialize_metadata();
    report = catalog::dupes_in_files(flags.paths, hashing::SameRule{}, flags.jobs);
  }
  for (const auto& e : report.errors) std::cerr << "photoaudit dupes: " << printable(e) << "\n";
  if (flags.json) {
    std::cout << report_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    print_report(report);
  }
  return report.errors.empty() ? kExitOk : kExitFindings;
}

}  // namespace

void add_dupes_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<DupesFlags>();
  auto* cmd = app.add_subcommand("dupes", "Clusters of the same photo (exact, same content, near) and their credits");
  cmd->add_option("--index", flags->index, "Catalog file made by photoaudit scan (PATHs then restrict it)");
  cmd->add_option("PATH", flags->paths, "Image files or folders to read instead of (or, with --index, within) a catalog");
  cmd->add_flag("--json", flags->json, "Print JSON (docs/json.md)");
  cmd->add_option("-j,--jobs", flags->jobs, "Threads (default: all cores)")->check(CLI::Range(1U, 256U));
  cmd->callback([flags, &ctx] {
    if (flags->index.empty() && flags->paths.empty()) {
      std::cerr << "photoaudit dupes: give --index DB or at least one PATH\n";
      ctx.exit_code = kExitUsage;
      return;
    }
    ctx.exit_code = run_dupes(*flags);
  });
}

}  // namespace photoaudit::audit::cli
