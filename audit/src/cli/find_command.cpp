// photoaudit find --index DB [--json] IMAGE...: every catalogued image that is the same photo as each IMAGE
// (docs/json.md, "find").
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::audit::cli {
namespace {

struct FindFlags {
  std::string index;
  std::vector<std::string> images;
  bool json = false;
};

nlohmann::json match_json(const CatalogMatch& m) {
  return {{"path", m.path},
          {"distance", m.distance},
          {"method", std::string(hashing::to_string(m.method))},
          {"credit", m.credit}};
}

void print_matches(const std::string& image, const std::vector<CatalogMatch>& matches) {
  std::cout << printable(image) << ": " << matches.size() << " same photo(s) in the catalog\n";
  for (const auto& m : matches) {
    std::cout << "  " << m.distance << "  " << printable(m.path) << "  ("
              << (m.credit.empty() ? std::string("no credit") : "credit: \"" + printable(m.credit) + "\"") << ", "
              << hashing::to_string(m.method) << ")\n";
  }
}

int run_find(const FindFlags& flags) {
  auto catalog = open_sqlite_catalog(flags.index, CatalogOptions{.mode = CatalogMode::kReadOnly});
  if (!catalog) {
    std::cerr << "photoaudit find: " << printable(catalog.error().message) << "\n";
    return kExitFindings;
  }
  nlohmann::json queries = nlohmann::json::array();
  int status = kExitOk;
  for (const auto& image : flags.images) {
    auto fp = hashing::fingerprint_file(image);
    if (!fp) {
      status = kExitFindings;
      std::cerr << "photoaudit find: " << printable(fp.error().message) << "\n";
      if (flags.json) {
        queries.push_back({{"path", image},
                           {"error", fp.error().message},
                           {"error_code", std::string(to_string(fp.error().code))}});
      }
      continue;
    }
    auto matches = (*catalog)->find_same_photo(*fp);
    if (!matches) {  // the catalog itself failed: no point in trying the other images
      std::cerr << "photoaudit find: " << printable(matches.error().message) << "\n";
      return kExitFindings;
    }
    if (flags.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& m : *matches) list.push_back(match_json(m));
      queries.push_back({{"path", image}, {"matches", list}});
    } else {
      print_matches(image, *matches);
    }
  }
  if (flags.json) {
    nlohmann::json doc{{"index", flags.index}, {"images", queries}};
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return status;
}

}  // namespace

void add_find_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<FindFlags>();
  auto* cmd = app.add_subcommand("find", "Find every catalogued copy of a photo (resized, recompressed, cropped...)");
  cmd->add_option("--index", flags->index, "Catalog file made by photoaudit scan")->required();
  cmd->add_option("IMAGE", flags->images, "Image files to look for")->required();
  cmd->add_flag("--json", flags->json, "Print JSON (docs/json.md)");
  cmd->callback([flags, &ctx] { ctx.exit_code = run_find(*flags); });
}

}  // namespace photoaudit::audit::cli
