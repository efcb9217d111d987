// SupportLab UI: passphrase hashing and storage with libsodium (Argon2id via crypto_pwhash_str).
#include "ui/auth.hpp"

#include "ui/paths.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sl::ui {

bool InitCrypto() { return sodium_init() >= 0; }

std::string HashPassphrase(const std::string& passphrase, PwhashLimits limits) {
    const unsigned long long ops = limits.m_ops ? limits.m_ops : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const std::size_t mem = limits.m_mem ? limits.m_mem : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, passphrase.data(), passphrase.size(), ops, mem) != 0) return {};
    return std::string(out);
}

bool VerifyPassphrase(const std::string& hash, const std::string& passphrase) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    char buf[crypto_pwhash_STRBYTES] = {};
    std::memcpy(buf, hash.data(), hash.size());
    return crypto_pwhash_str_verify(buf, passphrase.data(), passphrase.size()) == 0;
}

std::string CheckNewPassphrase(const std::string& passphrase, const std::string& confirm) {
    if (passphrase.size() < kMinPassphraseLength)
        return "The passphrase needs at least " + std::to_string(kMinPassphraseLength) + " characters.";
    if (passphrase != confirm) return "The two passphrases differ.";
    return {};
}

std::string PassphraseFile(const std::string& configDir) { return configDir + "/passphrase.hash"; }

std::string LoadPassphraseHash(const std::string& configDir, std::string& hash) {
    hash.clear();
    if (configDir.empty()) return "no settings folder ($XDG_CONFIG_HOME and $HOME are unset): the passphrase cannot be stored";
    const std::string path = PassphraseFile(configDir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return {};
    std::string text;
    if (!ReadSmallFile(path, text, 4096)) return "cannot read " + path;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.rfind("$argon2", 0) != 0 || text.size() >= crypto_pwhash_STRBYTES)
        return path + " does not hold a passphrase hash; remove it to set a new passphrase";
    hash = text;
    return {};
}

std::string SavePassphraseHash(const std::string& configDir, const std::string& hash) {
    if (configDir.empty()) return "no settings folder ($XDG_CONFIG_HOME and $HOME are unset)";
    if (std::string err = EnsureDir(configDir); !err.empty()) return err;
    return WriteFileAtomic(PassphraseFile(configDir), hash + "\n");
}

void Wipe(std::string& secret) {
    if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
    secret.clear();
}

} // namespace sl::ui
