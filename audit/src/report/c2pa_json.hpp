// Private to the writers: JSON of Content Credentials, key for key the member names (docs/json.md, "c2pa" and
// the audit's `content_credentials`); the state as its name ("Invalid", "Valid", "Trusted").
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/image_audit.hpp"
#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::audit {

inline void to_json(nlohmann::json& j, C2paState state) { j = std::string(to_string(state)); }
inline void from_json(const nlohmann::json& j, C2paState& state) {
  const auto name = j.get<std::string>();
  state = name == "Trusted" ? C2paState::kTrusted : name == "Valid" ? C2paState::kValid : C2paState::kInvalid;
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(C2paStatus, code, url, explanation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(C2paAction, action, software_agent, digital_source_type)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(C2paIngredient, title, relationship, manifest)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CredentialManifest, label, generator, signer, signer_organization, issuer, time,
                                   state, actions, ingredients, failures, informational)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ContentCredentials, state, manifests, generator, signer, signer_organization, issuer,
                                   time, digital_source_type, failures, container, chain)

}  // namespace photoaudit::audit
