// SupportLab reports: signed exports (Ed25519 over the export's SHA-256 and its attempts' chain heads).
#pragma once

// An export written from an organisation server gets a signature file beside it (FILE.sig, plain
// text). It names the file, its size and SHA-256, the server and its public key, when it was
// signed, and each exported attempt's event-chain head; an Ed25519 signature (libsodium's
// crypto_sign_detached) covers all of that. `supportlab-cli verify FILE` checks it. The key
// proves only that whoever held the server's secret key signed these bytes: which server that is
// comes from comparing the key's fingerprint with the one the administrator publishes (or with
// the server itself, `verify --db`). docs/admin-guide.md says what a signature cannot catch.

#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sl {

// The organisation's key pair (raw bytes: 32 public, 64 secret) and the server's name.
struct OrganisationKey {
    std::string m_server;
    std::string m_publicKey;
    std::string m_secretKey; // empty when only the public half is known
};

// One exported attempt's event log as the server held it at export time: the newest chain link
// (64 hex digits; empty when the attempt has no events yet) after m_events events.
struct ExportedChain {
    std::string m_attemptUid;
    std::int64_t m_events = 0;
    std::string m_head;
};

// What a signature file says, once its signature holds.
struct SignedExportInfo {
    std::string m_file; // the name it was written under (no directory)
    std::int64_t m_bytes = 0;
    std::string m_server;
    std::string m_publicKey; // raw, 32 bytes
    WallTime m_signedWall = 0;
    std::vector<ExportedChain> m_chains;
};

struct SignatureCheck {
    bool m_ok = false;
    std::string m_problem; // one sentence when !m_ok
    SignedExportInfo m_info; // filled when the signature file could be read
};

// A fresh key pair for a server (libsodium's crypto_sign_keypair).
OrganisationKey NewOrganisationKey(const std::string& server);

// A short, readable name for a public key: the first 80 bits of its SHA-256 in groups of four
// hex digits ("3f2a-9c01-..."), for people to compare by eye or over the phone.
std::string KeyFingerprint(const std::string& publicKey);

// The signature file for an export's bytes. The server name is written on one line (control
// characters become spaces). Throws std::invalid_argument when the key has no secret half.
std::string SignExport(const std::string& fileName, const std::string& bytes, const OrganisationKey& key,
                       WallTime signedWall, const std::vector<ExportedChain>& chains);

// The SHA-256 of bytes as 64 lower-case hex digits.
std::string Sha256Hex(const std::string& bytes);

// Checks a signature file against the SHA-256 (hex) and size of the bytes it claims to cover.
// Malformed text, a wrong size or digest, and a signature that does not hold are all m_ok false
// with a reason; nothing here trusts the key beyond what it signed.
SignatureCheck CheckSignedExport(const std::string& sha256Hex, std::int64_t bytes, const std::string& signatureText);

} // namespace sl
