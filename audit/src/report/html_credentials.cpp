#include "report/html_credentials.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "report/html_escape.hpp"

namespace photoaudit::audit::html {
namespace {

// A value isolated for bidirectional text, as the report's other values are.
std::string v(std::string_view text) { return "<span class=\"v\">" + escape(text) + "</span>"; }

std::string state_badge(C2paState state) {
  const std::string name(to_string(state));
  std::string css = name;
  std::transform(css.begin(), css.end(), css.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "<span class=\"c2pa-state " + css + "\">" + name + "</span>";
}

std::string signer_text(const std::string& signer, const std::string& organization) {
  return organization.empty() ? signer : signer + " (" + organization + ")";
}

void write_fact(std::ostream& out, std::string_view label, const std::string& text) {
  if (!text.empty()) out << "<li><span class=\"k\">" << label << "</span> " << v(text) << "</li>";
}

void write_codes(std::ostream& out, std::string_view label, std::string_view css,
                 const std::vector<std::string>& codes) {
  if (codes.empty()) return;
  out << "<li><span class=\"k\">" << label << "</span>";
  for (const std::string& code : codes) out << " <code class=\"" << css << "\">" << escape(code) << "</code>";
  out << "</li>";
}

void write_actions(std::ostream& out, const std::vector<C2paAction>& actions) {
  if (actions.empty()) return;
  out << "<li><span class=\"k\">Actions</span><ul>";
  for (const C2paAction& a : actions) {
    out << "<li>" << v(a.action);
    if (!a.software_agent.empty()) out << " by " << v(a.software_agent);
    if (!a.digital_source_type.empty()) out << " · source type " << v(a.digital_source_type);
    out << "</li>";
  }
  out << "</ul></li>";
}

const CredentialManifest* find_manifest(const ContentCredentials& c, const std::string& label) {
  if (label.empty()) return nullptr;
  const auto it = std::find_if(c.chain.begin(), c.chain.end(),
                               [&](const CredentialManifest& m) { return m.label == label; });
  return it == c.chain.end() ? nullptr : &*it;
}

void write_manifest(std::ostream& out, const ContentCredentials& c, const CredentialManifest& m,
                    std::vector<const CredentialManifest*>& path);

void write_ingredients(std::ostream& out, const ContentCredentials& c, const CredentialManifest& m,
                       std::vector<const CredentialManifest*>& path) {
  if (m.ingredients.empty()) return;
  out << "<li><span class=\"k\">Ingredients</span><ul>";
  for (const C2paIngredient& ingredient : m.ingredients) {
    out << "<li>" << v(ingredient.title.empty() ? std::string("(untitled)") : ingredient.title);
    if (!ingredient.relationship.empty())
      out << " <span class=\"rel\">" << escape(ingredient.relationship) << "</span>";
    const CredentialManifest* own = find_manifest(c, ingredient.manifest);
    if (own == nullptr) {
      out << " <em>no manifest</em>";
    } else if (std::find(path.begin(), path.end(), own) != path.end() ||
               path.size() >= static_cast<std::size_t>(kMaxCredentialDepth)) {
      out << " <em>(cycle)</em>";
    } else {
      out << "<ul>";
      write_manifest(out, c, *own, path);
      out << "</ul>";
    }
    out << "</li>";
  }
  out << "</ul></li>";
}

void write_manifest(std::ostream& out, const ContentCredentials& c, const CredentialManifest& m,
                    std::vector<const CredentialManifest*>& path) {
  path.push_back(&m);
  out << "<li class=\"manifest\">" << state_badge(m.state) << " " << v(m.generator.empty() ? m.label : m.generator)
      << "<ul>";
  write_fact(out, "Signed by", signer_text(m.signer, m.signer_organization));
  write_fact(out, "Issued by", m.issuer);
  write_fact(out, "Time-stamp", m.time);
  write_fact(out, "Manifest", m.label);
  write_actions(out, m.actions);
  write_codes(out, "Failures", "fail", m.failures);
  write_codes(out, "Notes", "note", m.informational);
  write_ingredients(out, c, m, path);
  out << "</ul></li>";
  path.pop_back();
}

}  // namespace

void write_credentials(std::ostream& out, const ContentCredentials& credentials) {
  out << "<details class=\"c2pa\"><summary>Content Credentials " << state_badge(credentials.state);
  if (!credentials.signer.empty()) {
    out << " signed by " << v(signer_text(credentials.signer, credentials.signer_organization));
  }
  if (!credentials.container.empty()) out << " · " << escape(credentials.container);
  out << "</summary><ul class=\"c2pa-tree\">";
  if (credentials.chain.empty()) {
    write_codes(out, "Store failures", "fail", credentials.failures);
  } else {
    std::vector<const CredentialManifest*> path;
    write_manifest(out, credentials, credentials.chain.back(), path);
  }
  out << "</ul></details>";
}

}  // namespace photoaudit::audit::html
