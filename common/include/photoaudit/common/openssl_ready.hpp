// prepare_openssl: loads OpenSSL's configuration and builds every algorithm and decoder it provides, once per
// process, before threads race to do it.
//
// Why: OpenSSL 3.0 builds its algorithm tables lazily, on the first fetch of each kind. Two threads doing that
// first fetch at once can lose: one of them is handed no method. Seen here as "the signing certificate's key
// cannot be read" for a valid C2PA signature, in about 8 of 100 runs of `inspect --threads 8` over copies of
// one signed photo (2026-12-07), and never with --threads 1. A digest's first fetch can fail the same way.
// Built once, beforehand, the tables are only read afterwards.
#pragma once

namespace photoaudit {

// Safe to call from any thread, any number of times: the work runs once (std::call_once) and later calls
// return at once. run_cli calls it first thing; every entry to OpenSSL in photoaudit's libraries
// (the digests, the C2PA verifier) calls it too, for programs that use the libraries directly.
void prepare_openssl();

}  // namespace photoaudit
