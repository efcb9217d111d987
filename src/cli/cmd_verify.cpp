// SupportLab CLI: `verify FILE` checks a signed export against its signature file (and the server).
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "core/text.hpp"
#include "platform/files.hpp"
#include "reports/render.hpp"
#include "reports/signed_export.hpp"
#include "store/pg_store.hpp"

#include <cctype>
#include <cstdio>
#include <string>

namespace sl::cli {

namespace {

const char* kVerifyHelp =
    "usage: supportlab-cli verify FILE [--sig SIG] [--key FINGERPRINT] [--db URI]\n"
    "\n"
    "Checks that FILE, an export written from an organisation server, is exactly what SupportLab\n"
    "wrote, and says which server signed it. The signature file (FILE.sig) holds the file's size\n"
    "and SHA-256, the server's name and public key, and each exported attempt's event-chain head,\n"
    "under an Ed25519 signature.\n"
    "\n"
    "A signature proves only that whoever holds that key signed these bytes. To know the key is\n"
    "your organisation's, compare its fingerprint with the one `supportlab-cli server key` prints\n"
    "(give it with --key), or check against the server itself with --db.\n"
    "\n"
    "  --sig SIG           the signature file (default: FILE.sig)\n"
    "  --key FINGERPRINT   the key must have this fingerprint (dashes and case do not matter)\n"
    "  --db URI            the organisation server: the key must be its key, and each exported\n"
    "                      attempt's log must still end where it ended at export (any role may\n"
    "                      check the key; checking logs needs a trainer's or lead's login)\n"
    "\n"
    "Exit codes: 0 the export is what SupportLab wrote (and matches the key or server given),\n"
    "1 it is not, or it could not be read, 2 usage.\n";

constexpr std::size_t kMaxExportBytes = std::size_t{512} << 20;
constexpr std::size_t kMaxSignatureBytes = std::size_t{64} << 20;

std::string Normalised(const std::string& fingerprint) {
    std::string out;
    for (char c : fingerprint)
        if (std::isxdigit(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

int Fail(const std::string& file, const std::string& message) {
    std::printf("%s: NOT VERIFIED: %s\n", TerminalSafe(file).c_str(), message.c_str());
    return kExitInvalid;
}

// Checks the signed key and chains against the server: kExitOk when both hold, else the problems are printed.
int CheckAgainstServer(const std::string& file, const std::string& db, const SignedExportInfo& info) {
    PgOpenOptions options;
    options.m_migrate = false;
    auto store = PgStore::Open(db, options);
    if (!store) {
        std::fprintf(stderr, "supportlab-cli verify: %s\n", store.Error().m_message.c_str());
        return kExitInvalid;
    }
    auto org = store.Value()->Organisation();
    if (!org) {
        std::fprintf(stderr, "supportlab-cli verify: %s\n", org.Error().m_message.c_str());
        return kExitInvalid;
    }
    if (!org.Value()) return Fail(file, "the server " + PgLocationWithoutPassword(db) + " has no signing key");
    if (org.Value()->m_publicKey != info.m_publicKey)
        return Fail(file, "it was signed with key " + KeyFingerprint(info.m_publicKey) + ", not with this server's key " +
                              KeyFingerprint(org.Value()->m_publicKey));
    int changed = 0;
    for (const ExportedChain& c : info.m_chains) {
        auto link = store.Value()->ChainLinkAt(c.m_attemptUid, c.m_events);
        if (!link) {
            std::fprintf(stderr, "supportlab-cli verify: %s\n", link.Error().m_message.c_str());
            return kExitInvalid;
        }
        if (!link.Value()) {
            std::printf("attempt %s: the server no longer holds its %lld exported events\n", TerminalSafe(c.m_attemptUid).c_str(),
                        static_cast<long long>(c.m_events));
            ++changed;
        } else if (*link.Value() != c.m_head) {
            std::printf("attempt %s: its log on the server was changed after the export\n", TerminalSafe(c.m_attemptUid).c_str());
            ++changed;
        }
    }
    if (changed)
        return Fail(file, std::to_string(changed) + " exported attempt(s) no longer match the server's event logs");
    return kExitOk;
}

} // namespace

int RunVerify(const Args& args) {
    std::string file, sigPath, key, db;
    CommandLine line("verify", kVerifyHelp, kVerifyHelp);
    line.Value("--sig", &sigPath).Value("--key", &key).Value("--db", &db).Positional("export file", &file);
    if (const auto stop = line.Parse(args)) return *stop;
    if (file.empty()) return line.Usage("the export FILE is required");
    if (!key.empty() && Normalised(key).size() != 20)
        return line.Usage("--key is a fingerprint of 20 hex digits, as `supportlab-cli server key` prints it");
    if (sigPath.empty()) sigPath = file + ".sig";

    std::string error;
    const auto bytes = files::ReadRegularFile(file, kMaxExportBytes, &error);
    if (!bytes) return Fail(file, error);
    const auto sig = files::ReadRegularFile(sigPath, kMaxSignatureBytes, &error);
    if (!sig) return Fail(file, "its signature: " + error);
    const SignatureCheck check = CheckSignedExport(Sha256Hex(*bytes), static_cast<std::int64_t>(bytes->size()), *sig);
    if (!check.m_ok) return Fail(file, check.m_problem);
    const SignedExportInfo& info = check.m_info;
    const std::string fingerprint = KeyFingerprint(info.m_publicKey);
    if (!key.empty() && Normalised(key) != Normalised(fingerprint))
        return Fail(file, "it was signed with key " + fingerprint + ", not with " + key);
    if (!db.empty())
        if (const int rc = CheckAgainstServer(file, db, info); rc != kExitOk) return rc;
    std::printf("%s: verified: exactly what SupportLab wrote on %s (key %s), signed %s; %zu attempt(s) with their "
                "event-chain heads\n",
                TerminalSafe(file).c_str(), TerminalSafe(info.m_server).c_str(), fingerprint.c_str(),
                FormatIsoTime(info.m_signedWall).c_str(), info.m_chains.size());
    if (key.empty() && db.empty())
        std::printf("the key is the one named in the signature file: compare %s with `supportlab-cli server key`, or "
                    "pass --key or --db\n",
                    fingerprint.c_str());
    else if (!db.empty())
        std::printf("the key is the server's, and every exported attempt's log still ends where it did\n");
    return kExitOk;
}

} // namespace sl::cli
