// SupportLab UI: the trainer/lead passphrase, kept only as a libsodium crypto_pwhash_str hash.
#pragma once

#include <cstddef>
#include <string>

namespace sl::ui {

// Cost of the password hash. Interactive limits in the app; tests may use the minimum.
struct PwhashLimits {
    unsigned long long m_ops = 0; // 0: crypto_pwhash_OPSLIMIT_INTERACTIVE
    std::size_t m_mem = 0;        // 0: crypto_pwhash_MEMLIMIT_INTERACTIVE
};

inline constexpr std::size_t kMinPassphraseLength = 8;

// Initialises libsodium once per process; false when it cannot be used.
bool InitCrypto();
// A salted Argon2id hash string, or "" when hashing failed (e.g. out of memory).
std::string HashPassphrase(const std::string& passphrase, PwhashLimits limits);
bool VerifyPassphrase(const std::string& hash, const std::string& passphrase);
// Why a new passphrase is not acceptable, or "" when it is.
std::string CheckNewPassphrase(const std::string& passphrase, const std::string& confirm);

// The hash file under the config directory.
std::string PassphraseFile(const std::string& configDir);
// Loads the stored hash into `hash` (empty when none is set yet). Returns an error message, or "".
std::string LoadPassphraseHash(const std::string& configDir, std::string& hash);
std::string SavePassphraseHash(const std::string& configDir, const std::string& hash);

// Overwrites a secret in memory before it is released.
void Wipe(std::string& secret);

} // namespace sl::ui
