// SupportLab reports: signed exports (Ed25519 over the export's SHA-256 and its attempts' chain heads).
#include "reports/signed_export.hpp"

#include "reports/render.hpp"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>

namespace sl {

namespace {

constexpr const char* kHeader = "SupportLab signed export 1\n";
constexpr const char* kSignatureTag = "signature: ";

void InitSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
}

std::string Hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

std::string Hex(const std::string& bytes) {
    return Hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// Exactly `size` bytes from lower-case or upper-case hex, or nullopt.
std::optional<std::string> FromHex(const std::string& hex, size_t size) {
    if (hex.size() != size * 2) return std::nullopt;
    std::string out(size, '\0');
    size_t n = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), size, hex.data(), hex.size(), nullptr, &n,
                       nullptr) != 0 ||
        n != size)
        return std::nullopt;
    return out;
}

std::string OneLine(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return out;
}

// Reads "key: value" lines in a fixed order; the first mismatch is the problem.
class Lines {
public:
    explicit Lines(const std::string& text) : m_text(text) {}
    std::optional<std::string> Next(const std::string& key) {
        const size_t end = m_text.find('\n', m_pos);
        if (end == std::string::npos) return std::nullopt;
        const std::string line = m_text.substr(m_pos, end - m_pos);
        const std::string prefix = key + ": ";
        if (line.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
        m_pos = end + 1;
        return line.substr(prefix.size());
    }
    size_t Pos() const { return m_pos; }

private:
    const std::string& m_text;
    size_t m_pos = 0;
};

std::optional<std::int64_t> ParseCount(const std::string& s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Milliseconds since 1970 from "YYYY-MM-DDTHH:MM:SS.mmmZ" (what FormatIsoTime writes).
std::optional<WallTime> ParseIsoTime(const std::string& s) {
    int y, mo, d, h, mi, sec, ms;
    char tail = 0;
    if (s.size() != 24 || std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &y, &mo, &d, &h, &mi, &sec, &ms, &tail) != 8 ||
        tail != 'Z')
        return std::nullopt;
    // Days from civil (Howard Hinnant's algorithm).
    y -= mo <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
    return ((days * 24 + h) * 60 + mi) * 60000LL + sec * 1000LL + ms;
}

SignatureCheck Fail(SignatureCheck c, std::string problem) {
    c.m_ok = false;
    c.m_problem = std::move(problem);
    return c;
}

} // namespace

OrganisationKey NewOrganisationKey(const std::string& server) {
    InitSodium();
    OrganisationKey key;
    key.m_server = server;
    key.m_publicKey.assign(crypto_sign_PUBLICKEYBYTES, '\0');
    key.m_secretKey.assign(crypto_sign_SECRETKEYBYTES, '\0');
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.m_publicKey.data()),
                        reinterpret_cast<unsigned char*>(key.m_secretKey.data()));
    return key;
}

std::string KeyFingerprint(const std::string& publicKey) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(publicKey.data()), publicKey.size());
    const std::string hex = Hex(d, 10);
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 4) out += (i ? "-" : "") + hex.substr(i, 4);
    return out;
}

std::string SignExport(const std::string& fileName, const std::string& bytes, const OrganisationKey& key,
                       WallTime signedWall, const std::vector<ExportedChain>& chains) {
    InitSodium();
    if (key.m_secretKey.size() != crypto_sign_SECRETKEYBYTES || key.m_publicKey.size() != crypto_sign_PUBLICKEYBYTES)
        throw std::invalid_argument("the organisation key has no secret half");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    std::string text = kHeader;
    text += "file: " + OneLine(fileName) + "\n";
    text += "bytes: " + std::to_string(bytes.size()) + "\n";
    text += "sha256: " + Hex(digest, sizeof digest) + "\n";
    text += "server: " + OneLine(key.m_server) + "\n";
    text += "public-key: " + Hex(key.m_publicKey) + "\n";
    text += "signed: " + FormatIsoTime(signedWall) + "\n";
    text += "chains: " + std::to_string(chains.size()) + "\n";
    for (const ExportedChain& c : chains)
        text += "chain: " + OneLine(c.m_attemptUid) + " " + std::to_string(c.m_events) + " " +
                (c.m_head.empty() ? "-" : c.m_head) + "\n";
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                         reinterpret_cast<const unsigned char*>(key.m_secretKey.data()));
    text += kSignatureTag + Hex(sig, sizeof sig) + "\n";
    return text;
}

std::string Sha256Hex(const std::string& bytes) {
    InitSodium();
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return Hex(d, sizeof d);
}

SignatureCheck CheckSignedExport(const std::string& sha256Hex, std::int64_t bytes, const std::string& text) {
    InitSodium();
    SignatureCheck c;
    const std::string header = kHeader;
    if (text.compare(0, header.size(), header) != 0)
        return Fail(c, "this is not a SupportLab signature file (its first line is not \"SupportLab signed export 1\")");
    const std::string rest = text.substr(header.size());
    Lines l(rest);
    const auto file = l.Next("file"), size = l.Next("bytes"), sha = l.Next("sha256"), server = l.Next("server"),
               key = l.Next("public-key"), signedAt = l.Next("signed"), count = l.Next("chains");
    const auto malformed = [&](const char* what) {
        return Fail(c, std::string("the signature file is malformed: its ") + what + " line is missing or wrong");
    };
    if (!file) return malformed("file");
    if (!size || !ParseCount(*size)) return malformed("bytes");
    if (!sha || !FromHex(*sha, crypto_hash_sha256_BYTES)) return malformed("sha256");
    if (!server) return malformed("server");
    const auto publicKey = key ? FromHex(*key, crypto_sign_PUBLICKEYBYTES) : std::nullopt;
    if (!publicKey) return malformed("public-key");
    const auto wall = signedAt ? ParseIsoTime(*signedAt) : std::nullopt;
    if (!wall) return malformed("signed");
    const auto chains = count ? ParseCount(*count) : std::nullopt;
    if (!chains) return malformed("chains");
    c.m_info.m_file = *file;
    c.m_info.m_bytes = *ParseCount(*size);
    c.m_info.m_server = *server;
    c.m_info.m_publicKey = *publicKey;
    c.m_info.m_signedWall = *wall;
    for (std::int64_t i = 0; i < *chains; ++i) {
        const auto line = l.Next("chain");
        if (!line) return malformed("chain");
        const size_t a = line->find(' '), b = a == std::string::npos ? a : line->find(' ', a + 1);
        if (b == std::string::npos) return malformed("chain");
        ExportedChain ch;
        ch.m_attemptUid = line->substr(0, a);
        const auto events = ParseCount(line->substr(a + 1, b - a - 1));
        const std::string head = line->substr(b + 1);
        if (ch.m_attemptUid.empty() || !events || (head != "-" && !FromHex(head, crypto_hash_sha256_BYTES)))
            return malformed("chain");
        ch.m_events = *events;
        ch.m_head = head == "-" ? "" : head;
        c.m_info.m_chains.push_back(std::move(ch));
    }
    const size_t signedEnd = header.size() + l.Pos();
    const auto sigHex = l.Next("signature");
    const auto sig = sigHex ? FromHex(*sigHex, crypto_sign_BYTES) : std::nullopt;
    if (!sig) return malformed("signature");
    if (header.size() + l.Pos() != text.size())
        return Fail(c, "the signature file has text after its signature line");
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(text.data()), signedEnd,
                                    reinterpret_cast<const unsigned char*>(publicKey->data())) != 0)
        return Fail(c, "the signature does not hold: the signature file was changed, or was not made with this key");
    if (c.m_info.m_bytes != bytes)
        return Fail(c, "the file is " + std::to_string(bytes) + " bytes; SupportLab signed " +
                           std::to_string(c.m_info.m_bytes) + " bytes: it was changed after export");
    if (FromHex(*sha, crypto_hash_sha256_BYTES) != FromHex(sha256Hex, crypto_hash_sha256_BYTES))
        return Fail(c, "the file's SHA-256 is not the one SupportLab signed: it was changed after export");
    c.m_ok = true;
    return c;
}

} // namespace sl
