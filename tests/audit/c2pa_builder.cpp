// Test-only C2PA manifest builder (see c2pa_builder.hpp).
#include "c2pa_builder.hpp"

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <zlib.h>

#include <catch2/catch.hpp>

namespace photoaudit::test::c2pa {
namespace {

Bytes head(int major, std::uint64_t n) {
  const auto m = static_cast<std::uint8_t>(major << 5);
  if (n < 24) return {static_cast<std::uint8_t>(m | n)};
  const int bytes = n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFFFF ? 4 : 8;
  Bytes out = {static_cast<std::uint8_t>(m | (bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27))};
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  return out;
}

void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

Bytes sha256(const Bytes& data) {
  Bytes out(32);
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}

void put32(Bytes& out, std::size_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// A JUMBF box of `type` around `payload`.
Bytes box(const char* type, const Bytes& payload) {
  Bytes out;
  put32(out, 8 + payload.size());
  out.insert(out.end(), type, type + 4);
  append(out, payload);
  return out;
}

// A superbox: description (type UUID "xxxx" + C2PA's suffix, requestable, labelled) then `content`.
Bytes superbox(const char* uuid_prefix, const std::string& label, const Bytes& content) {
  Bytes jumd(uuid_prefix, uuid_prefix + 4);
  append(jumd, {0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71});
  jumd.push_back(0x03);
  jumd.insert(jumd.end(), label.begin(), label.end());
  jumd.push_back(0);
  Bytes payload = box("jumd", jumd);
  append(payload, content);
  return box("jumb", payload);
}

// The hash a hashed URI carries: over the superbox's payload (description and content, not its own header).
Bytes superbox_hash(const Bytes& superbox_bytes) {
  return sha256(Bytes(superbox_bytes.begin() + 8, superbox_bytes.end()));
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(ext != nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

Bytes es256_signature(EVP_PKEY* key, const Bytes& tbs) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  REQUIRE(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1);
  std::size_t n = 0;
  REQUIRE(EVP_DigestSign(ctx, nullptr, &n, tbs.data(), tbs.size()) == 1);
  Bytes der(n);
  REQUIRE(EVP_DigestSign(ctx, der.data(), &n, tbs.data(), tbs.size()) == 1);
  EVP_MD_CTX_free(ctx);
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(n));
  REQUIRE(sig != nullptr);
  Bytes raw(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

Bytes cose_sign1(const ManifestSpec& spec, const Bytes& claim) {
  std::vector<Bytes> x5chain = {cbor_bytes(spec.signer->der())};
  for (const Credential* c : spec.chain) x5chain.push_back(cbor_bytes(c->der()));
  const Bytes protected_header = cbor_map({{cbor_int(1), cbor_int(-7)}, {cbor_int(33), cbor_array(x5chain)}});
  const Bytes tbs = cbor_array(
      {cbor_text("Signature1"), cbor_bytes(protected_header), cbor_bytes({}), cbor_bytes(claim)});
  const Bytes signature = es256_signature(spec.signer->key.get(), tbs);
  return cbor_tag(18, cbor_array({cbor_bytes(protected_header), spec.unprotected, cbor_null(), cbor_bytes(signature)}));
}

std::string jpeg_name(std::uint8_t marker) {
  if (marker >= 0xE0 && marker <= 0xEF) return "APP" + std::to_string(marker - 0xE0);
  if (marker >= 0xC0 && marker <= 0xC3) return "SOF" + std::to_string(marker - 0xC0);
  if (marker == 0xC4) return "DHT";
  if (marker == 0xDB) return "DQT";
  if (marker == 0xDD) return "DRI";
  if (marker == 0xDA) return "SOS";
  if (marker == 0xFE) return "COM";
  FAIL("the fixture has a marker the builder does not name: " << int{marker});
  return "";
}

// (name, start, length) of each segment after SOI, SOS with its entropy-coded data, EOI last.
std::vector<std::tuple<std::string, std::size_t, std::size_t>> jpeg_segments(const Bytes& f) {
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> out;
  std::size_t pos = 2;
  while (pos + 2 <= f.size()) {
    REQUIRE(f[pos] == 0xFF);
    if (f[pos + 1] == 0xD9) {
      out.emplace_back("EOI", pos, 2);
      REQUIRE(pos + 2 == f.size());
      return out;
    }
    std::size_t end = pos + 2 + ((std::size_t{f[pos + 2]} << 8) | f[pos + 3]);
    if (f[pos + 1] == 0xDA) {
      while (end + 1 < f.size() && !(f[end] == 0xFF && f[end + 1] != 0 && (f[end + 1] < 0xD0 || f[end + 1] > 0xD7))) {
        ++end;
      }
    }
    out.emplace_back(jpeg_name(f[pos + 1]), pos, end - pos);
    pos = end;
  }
  FAIL("the fixture has no EOI");
  return out;
}

Bytes box_entry(const std::vector<std::string>& names, const Bytes& hash) {
  std::vector<Bytes> name_items;
  for (const auto& n : names) name_items.push_back(cbor_text(n));
  return cbor_map({{cbor_text("names"), cbor_array(name_items)},
                   {cbor_text("alg"), cbor_text("sha256")},
                   {cbor_text("hash"), cbor_bytes(hash)},
                   {cbor_text("pad"), cbor_bytes({})}});
}

// One manifest superbox: assertion store, v2 claim, signature.
Bytes build_manifest(const ManifestSpec& spec);

}  // namespace

Bytes cbor_uint(std::uint64_t n) { return head(0, n); }
Bytes cbor_int(std::int64_t n) {
  return n >= 0 ? head(0, static_cast<std::uint64_t>(n)) : head(1, static_cast<std::uint64_t>(-1 - n));
}
Bytes cbor_text(const std::string& s) {
  Bytes out = head(3, s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}
Bytes cbor_bytes(const Bytes& b) {
  Bytes out = head(2, b.size());
  append(out, b);
  return out;
}
Bytes cbor_array(const std::vector<Bytes>& items) {
  Bytes out = head(4, items.size());
  for (const auto& i : items) append(out, i);
  return out;
}
Bytes cbor_map(const std::vector<std::pair<Bytes, Bytes>>& entries) {
  Bytes out = head(5, entries.size());
  for (const auto& [k, v] : entries) {
    append(out, k);
    append(out, v);
  }
  return out;
}
Bytes cbor_tag(std::uint64_t tag, const Bytes& item) {
  Bytes out = head(6, tag);
  append(out, item);
  return out;
}
Bytes cbor_bool(bool b) { return {static_cast<std::uint8_t>(b ? 0xF5 : 0xF4)}; }
Bytes cbor_null() { return {0xF6}; }

Bytes Credential::der() const {
  unsigned char* out = nullptr;
  const int n = i2d_X509(cert.get(), &out);
  REQUIRE(n > 0);
  Bytes bytes(out, out + n);
  OPENSSL_free(out);
  return bytes;
}

Credential make_credential(CertKind kind, const std::string& common_name, const Credential* issuer,
                           std::time_t not_before, std::time_t not_after) {
  static long serial = 1000;
  Credential c;
  c.key.reset(EVP_EC_gen("P-256"), EVP_PKEY_free);
  REQUIRE(c.key);
  c.cert.reset(X509_new(), X509_free);
  X509* x = c.cert.get();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial);
  X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &not_before);
  X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &not_after);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("photoaudit tests"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  X509* issuer_cert = issuer != nullptr ? issuer->cert.get() : x;
  X509_set_issuer_name(x, X509_get_subject_name(issuer_cert));
  X509_set_pubkey(x, c.key.get());
  add_extension(x, issuer_cert, NID_subject_key_identifier, "hash");
  if (kind == CertKind::kRoot) {
    add_extension(x, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(x, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(x, issuer_cert, NID_authority_key_identifier, "keyid");
    add_extension(x, issuer_cert, NID_basic_constraints, "CA:FALSE");
    add_extension(x, issuer_cert, NID_key_usage, "critical,digitalSignature");
    add_extension(x, issuer_cert, NID_ext_key_usage, kind == CertKind::kSigner ? "emailProtection" : "OCSPSigning");
  }
  REQUIRE(X509_sign(x, issuer != nullptr ? issuer->key.get() : c.key.get(), EVP_sha256()) > 0);
  return c;
}

Bytes make_ocsp_response(const Credential& subject, const Credential& issuer, const Credential& responder,
                         OcspStatus status, std::time_t this_update, std::time_t next_update, std::time_t revoked_at) {
  OCSP_BASICRESP* basic = OCSP_BASICRESP_new();
  OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), subject.cert.get(), issuer.cert.get());
  ASN1_TIME* this_time = ASN1_GENERALIZEDTIME_set(nullptr, this_update);
  ASN1_TIME* next_time = ASN1_GENERALIZEDTIME_set(nullptr, next_update);
  ASN1_TIME* revoked_time = ASN1_GENERALIZEDTIME_set(nullptr, revoked_at);
  const int code = status == OcspStatus::kGood      ? V_OCSP_CERTSTATUS_GOOD
                   : status == OcspStatus::kRevoked ? V_OCSP_CERTSTATUS_REVOKED
                                                    : V_OCSP_CERTSTATUS_UNKNOWN;
  REQUIRE(OCSP_basic_add1_status(basic, id, code, OCSP_REVOKED_STATUS_KEYCOMPROMISE,
                                 status == OcspStatus::kRevoked ? revoked_time : nullptr, this_time,
                                 next_time) != nullptr);
  STACK_OF(X509)* certs = sk_X509_new_null();
  sk_X509_push(certs, responder.cert.get());
  REQUIRE(OCSP_basic_sign(basic, responder.cert.get(), responder.key.get(), EVP_sha256(), certs, 0) == 1);
  OCSP_RESPONSE* response = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
  unsigned char* out = nullptr;
  const int n = i2d_OCSP_RESPONSE(response, &out);
  REQUIRE(n > 0);
  Bytes der(out, out + n);
  OPENSSL_free(out);
  OCSP_RESPONSE_free(response);
  sk_X509_free(certs);
  ASN1_TIME_free(this_time);
  ASN1_TIME_free(next_time);
  ASN1_TIME_free(revoked_time);
  OCSP_CERTID_free(id);
  OCSP_BASICRESP_free(basic);
  return der;
}

Bytes build_store(const ManifestSpec& spec) { return build_store(std::vector<ManifestSpec>{spec}); }

Bytes build_store(const std::vector<ManifestSpec>& specs) {
  Bytes manifests;
  for (const ManifestSpec& spec : specs) append(manifests, build_manifest(spec));
  return superbox("c2pa", "c2pa", manifests);
}

Bytes ingredient_assertion(const std::string& title, const std::string& relationship, const std::string& manifest) {
  return cbor_map({{cbor_text("dc:title"), cbor_text(title)},
                   {cbor_text("relationship"), cbor_text(relationship)},
                   {cbor_text("c2pa_manifest"), cbor_map({{cbor_text("url"), cbor_text("self#jumbf=/c2pa/" + manifest)},
                                                          {cbor_text("hash"), cbor_bytes({})}})}});
}

namespace {

Bytes build_manifest(const ManifestSpec& spec) {
  REQUIRE(spec.signer != nullptr);
  Bytes assertion_boxes;
  std::vector<Bytes> refs;
  for (const auto& [label, cbor] : spec.assertions) {
    const Bytes assertion = superbox("cbor", label, box("cbor", cbor));
    append(assertion_boxes, assertion);
    refs.push_back(cbor_map({{cbor_text("url"), cbor_text("self#jumbf=c2pa.assertions/" + label)},
                             {cbor_text("hash"), cbor_bytes(superbox_hash(assertion))}}));
  }
  refs.insert(refs.end(), spec.extra_references.begin(), spec.extra_references.end());
  const Bytes claim = cbor_map({
      {cbor_text("instanceID"), cbor_text("xmp:iid:photoaudit-test")},
      {cbor_text("claim_generator_info"), cbor_map({{cbor_text("name"), cbor_text("photoaudit test builder")}})},
      {cbor_text("signature"), cbor_text("self#jumbf=c2pa.signature")},
      {cbor_text("created_assertions"), cbor_array(refs)},
      {cbor_text("alg"), cbor_text("sha256")},
  });
  Bytes manifest = superbox("c2as", "c2pa.assertions", assertion_boxes);
  append(manifest, superbox("c2cl", "c2pa.claim.v2", box("cbor", claim)));
  append(manifest, superbox("c2cs", "c2pa.signature", box("cbor", cose_sign1(spec, claim))));
  return superbox(spec.update ? "c2um" : "c2ma", spec.label, manifest);
}

}  // namespace

Bytes insert_into_jpeg(const Bytes& jpeg, const Bytes& store) {
  REQUIRE(jpeg.size() > 2);
  Bytes out(jpeg.begin(), jpeg.begin() + 2);
  constexpr std::size_t kChunk = 60000;
  std::uint32_t sequence = 1;
  for (std::size_t at = 0; at < store.size(); at += kChunk, ++sequence) {
    const std::size_t n = std::min(kChunk, store.size() - at);
    const std::size_t repeat = at == 0 ? 0 : 8;
    const std::size_t length = 2 + 8 + repeat + n;
    append(out, {0xFF, 0xEB, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)});
    append(out, {'J', 'P', 0, 1});
    put32(out, sequence);
    out.insert(out.end(), store.begin(), store.begin() + static_cast<std::ptrdiff_t>(repeat));
    out.insert(out.end(), store.begin() + static_cast<std::ptrdiff_t>(at),
               store.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

Bytes box_hash_for_jpeg(const Bytes& jpeg) {
  const auto segments = jpeg_segments(jpeg);
  std::vector<Bytes> entries = {box_entry({"SOI"}, sha256(Bytes(jpeg.begin(), jpeg.begin() + 2))),
                                cbor_map({{cbor_text("names"), cbor_array({cbor_text("C2PA")})},
                                          {cbor_text("hash"), cbor_bytes({0})},
                                          {cbor_text("pad"), cbor_bytes({})}})};
  std::vector<std::string> header_names;
  std::size_t header_end = 2;
  std::size_t i = 0;
  for (; i < segments.size() && std::get<0>(segments[i]) != "SOS"; ++i) {
    header_names.push_back(std::get<0>(segments[i]));
    header_end = std::get<1>(segments[i]) + std::get<2>(segments[i]);
  }
  entries.push_back(
      box_entry(header_names, sha256(Bytes(jpeg.begin() + 2, jpeg.begin() + static_cast<long>(header_end)))));
  for (; i < segments.size(); ++i) {
    const auto& [name, start, length] = segments[i];
    const auto from = jpeg.begin() + static_cast<long>(start);
    entries.push_back(box_entry({name}, sha256(Bytes(from, from + static_cast<long>(length)))));
  }
  return cbor_map({{cbor_text("boxes"), cbor_array(entries)}});
}

namespace {

std::uint32_t be32_at(const Bytes& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

constexpr std::size_t kIhdrEnd = 8 + 12 + 13;  // signature, then IHDR: length, type, 13 bytes, CRC

}  // namespace

Bytes insert_into_png(const Bytes& png, const Bytes& store) {
  REQUIRE(png.size() > kIhdrEnd);
  REQUIRE(std::string(png.begin() + 12, png.begin() + 16) == "IHDR");
  Bytes chunk;
  put32(chunk, store.size());
  append(chunk, {'c', 'a', 'B', 'X'});
  append(chunk, store);
  put32(chunk, crc32(0, chunk.data() + 4, static_cast<uInt>(chunk.size() - 4)));
  Bytes out(png.begin(), png.begin() + kIhdrEnd);
  append(out, chunk);
  out.insert(out.end(), png.begin() + kIhdrEnd, png.end());
  return out;
}

Bytes box_hash_for_png(const Bytes& png) {
  const auto range = [&](std::size_t start, std::size_t length) {
    return sha256(Bytes(png.begin() + static_cast<long>(start), png.begin() + static_cast<long>(start + length)));
  };
  std::vector<Bytes> entries = {box_entry({"PNGh"}, range(0, 8)), box_entry({"IHDR"}, range(8, kIhdrEnd - 8)),
                                cbor_map({{cbor_text("names"), cbor_array({cbor_text("C2PA")})},
                                          {cbor_text("hash"), cbor_bytes({0})},
                                          {cbor_text("pad"), cbor_bytes({})}})};
  for (std::size_t pos = kIhdrEnd; pos < png.size();) {
    REQUIRE(png.size() - pos >= 12);
    const std::size_t length = std::size_t{be32_at(png, pos)} + 12;
    REQUIRE(length <= png.size() - pos);
    entries.push_back(
        box_entry({std::string(png.begin() + static_cast<long>(pos) + 4, png.begin() + static_cast<long>(pos) + 8)},
                  range(pos, length)));
    pos += length;
  }
  return cbor_map({{cbor_text("boxes"), cbor_array(entries)}});
}

Bytes stapled_ocsp(const std::vector<Bytes>& responses) {
  std::vector<Bytes> items;
  for (const auto& r : responses) items.push_back(cbor_bytes(r));
  return cbor_map({{cbor_text("rVals"), cbor_map({{cbor_text("ocspVals"), cbor_array(items)}})}});
}

}  // namespace photoaudit::test::c2pa
